//! One frame of the plan's window, for eframe and for the UI tests: what happens around the
//! views (fonts, files handed over by later starts, presenter mode, the title), the views
//! themselves (`shell`), and the App applying what they asked for.

use egui::{Context, Ui, ViewportCommand};

use crate::app::{App, Command, PRESENTER_ZOOM};
use crate::instance::Request;
use crate::ui::{shell, theme};

/// What the window has already done to the egui context: kept in the context's memory, as it
/// belongs to the window (a plan opened in its place inherits it), not to the plan.
#[derive(Clone, Default)]
struct Applied {
    fonts: bool,
    /// Presenter mode (full screen, zoom, theme) as of the last frame.
    presenter: bool,
    /// The styles' visuals from before presenter mode, one per theme, to put back on leaving.
    visuals_before: Vec<egui::Visuals>,
    /// The title last sent, so it is sent again only when it changes.
    title: String,
}

fn applied_id() -> egui::Id {
    egui::Id::NULL.with("window-applied")
}

/// Draws one frame and applies what the views asked for.
pub fn frame(ui: &mut Ui, app: &mut App) {
    let ctx = ui.ctx().clone();
    let mut applied = ctx
        .data_mut(|d| d.remove_temp::<Applied>(applied_id()))
        .unwrap_or_default();
    if !applied.fonts {
        theme::install(&ctx);
        applied.fonts = true;
    }
    if !app.has_wake() {
        let c = ctx.clone();
        app.set_wake(std::sync::Arc::new(move || c.request_repaint()));
    }
    take_requests(app, &ctx);
    // An idle window asks every second for changes another window or the command line made.
    ctx.request_repaint_after(std::time::Duration::from_secs(1));
    app.begin_frame(ctx.zoom_factor());
    if app.jobs.is_running() {
        // The progress bar moves even when the work has nothing new to say.
        ctx.request_repaint_after(std::time::Duration::from_millis(100));
    }
    let once = shell::Once {
        expand_all: app.view.expand_all.take(),
        reveal: app.view.reveal.take(),
        focus: app.view.focus_field.take(),
        focus_path: std::mem::take(&mut app.view.focus_path),
    };
    let commands = shell::show(ui, app, once);
    app.handle_frame(commands);
    apply_presenter(app, &ctx, &mut applied);
    let title = app.window_title();
    if title != applied.title {
        ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
        applied.title = title;
    }
    ctx.data_mut(|d| d.insert_temp(applied_id(), applied));
}

/// Opens the files given on the command line or handed over by another start.
fn take_requests(app: &mut App, ctx: &Context) {
    let mut requests = app.take_pending();
    let handed = app.listener().map(|l| l.poll(ctx)).unwrap_or_default();
    if !handed.is_empty() {
        // Another start asked for this window: bring it forward, or at least flash it
        // where the desktop does not let a window take the focus.
        ctx.send_viewport_cmd(ViewportCommand::Focus);
        ctx.send_viewport_cmd(ViewportCommand::RequestUserAttention(
            egui::UserAttentionType::Informational,
        ));
    }
    requests.extend(handed);
    for request in requests {
        match request {
            Request::Open(path) => app.handle(Command::OpenFile(path)),
            Request::Focus => {}
        }
    }
}

/// Puts the window into presenter mode or out of it when the mode changed: full screen,
/// larger text over the user's zoom, the high-contrast theme; leaving restores all three.
fn apply_presenter(app: &App, ctx: &Context, applied: &mut Applied) {
    let on = app.view.presenter;
    if on == applied.presenter {
        return;
    }
    applied.presenter = on;
    ctx.send_viewport_cmd(ViewportCommand::Fullscreen(on));
    if on {
        let mut before = Vec::new();
        ctx.all_styles_mut(|style| {
            before.push(style.visuals.clone());
            style.visuals = theme::high_contrast();
        });
        applied.visuals_before = before;
        ctx.set_zoom_factor(app.view.zoom * PRESENTER_ZOOM);
    } else {
        let mut before = std::mem::take(&mut applied.visuals_before).into_iter();
        ctx.all_styles_mut(|style| {
            if let Some(v) = before.next() {
                style.visuals = v;
            }
        });
        ctx.set_zoom_factor(app.view.zoom);
    }
}
