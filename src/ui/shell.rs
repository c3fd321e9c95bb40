//! The window's frame: menu, toolbar, status bar, where each view sits, and the shortcuts.

use egui::{CentralPanel, Key, KeyboardShortcut, MenuBar, Modifiers, Panel, RichText, Ui};

use crate::app::{App, Command, Edit, MainView};
use crate::export::Format;
use crate::i18n::Language;
use crate::i18n::{tr, trf};
use crate::ui::{
    actors, board, branch, checks, coverage, detail, files, help, outline, progress, review,
    sessions, theme, toolbar, versions, widgets, workload,
};

/// Requests that last one frame.
#[derive(Clone, Copy, Default)]
pub struct Once {
    /// Expand (or collapse) the whole outline.
    pub expand_all: Option<bool>,
    /// Scroll this card into view on the board.
    pub reveal: Option<crate::model::Id>,
    /// Give this text field the keyboard, its text selected.
    pub focus: Option<(crate::model::Id, crate::app::TextField)>,
    /// Give the open form's path field the keyboard.
    pub focus_path: bool,
}

pub fn show(ui: &mut Ui, app: &App, once: Once) -> Vec<Command> {
    let mut out = Vec::new();
    if let Some(f) = once.focus {
        widgets::request_field_focus(ui.ctx(), f);
    }
    shortcuts(ui, app, &mut out);

    if app.view.presenter {
        Panel::top("presenter").show(ui, |ui| presenter_bar(ui, app, &mut out));
    }
    if !app.view.presenter {
        Panel::top("menu").show(ui, |ui| menu_bar(ui, app, &mut out));
    }

    // Presenter mode shows the room only the plan and the slim bar above it.
    if !app.view.presenter {
        Panel::top("toolbar").show(ui, |ui| {
            ui.add_space(4.0);
            toolbar::show(ui, app, &mut out);
            ui.add_space(2.0);
            sessions::banner(ui, app, &mut out);
        });
        Panel::bottom("status").show(ui, |ui| status_bar(ui, app, &mut out));
    }

    // The detail panel shows what is selected; with nothing selected the views get the width.
    let detail = match app.view.main {
        MainView::Actors => true,
        _ => app.view.selected.is_some(),
    };
    if !app.view.presenter && !app.view.detail_hidden && detail {
        Panel::right("detail")
            .default_size(400.0)
            .min_size(280.0)
            .max_size(ui.available_width() * 0.5)
            .show(ui, |ui| {
                ui.set_min_width(ui.available_width());
                if app.view.main == MainView::Actors {
                    actors::panel(ui, app, &mut out)
                } else {
                    detail::show(ui, app, &mut out)
                }
            });
    }

    CentralPanel::default().show(ui, |ui| match app.view.main {
        MainView::Outline => outline::show(ui, app, once.expand_all, &mut out),
        MainView::Board => board::show(ui, app, once.reveal, &mut out),
        MainView::Actors => actors::show(ui, app, &mut out),
        MainView::Workload => workload::show(ui, app, &mut out),
        MainView::Checks => checks::show(ui, app, &mut out),
        MainView::Versions => versions::show(ui, app, &mut out),
        MainView::Review => review::show(ui, app, &mut out),
        MainView::Snapshot => versions::snapshot(ui, app, &mut out),
        MainView::Sessions => sessions::show(ui, app, &mut out),
        MainView::Coverage => coverage::show(ui, app, &mut out),
    });
    files::show(ui, app, once.focus_path, &mut out);
    sessions::form(ui, app, &mut out);
    help::show(ui, app, &mut out);
    if let Some(id) = app.view.renumber {
        branch::renumber_preview(ui, app, id, &mut out);
    }
    if let Some(p) = app.jobs.progress() {
        progress::show(ui, &p);
    }
    out
}

/// The bottom line: the last message, where the plan is saved, and its size.
fn status_bar(ui: &mut Ui, app: &App, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.set_max_width(ui.available_width());
        if let Some(m) = &app.view.message {
            let color = if m.error {
                theme::ATTENTION
            } else {
                ui.visuals().text_color()
            };
            // A long message keeps the line: cut to the width, whole on hover.
            let room = (ui.available_width() * 0.5).max(200.0);
            ui.scope(|ui| {
                ui.set_max_width(room);
                ui.add(egui::Label::new(RichText::new(&m.text).color(color)).truncate())
                    .on_hover_text(&m.text);
            });
            ui.separator();
        }
        if app.view.first_run_hint {
            if ui
                .link(RichText::new(tr("help.first_run_hint")).color(theme::INFERRED))
                .clicked()
            {
                out.push(Command::ShowHelp(true));
            }
            ui.separator();
        }
        ui.label(trf(
            "status.activities",
            &[("n", &app.plan.activities.len())],
        ));
        ui.separator();
        ui.label(
            RichText::new(trf("status.actors", &[("n", &app.plan.actors.len())]))
                .color(widgets::muted(ui)),
        );
        ui.separator();
        // The path is the longest part: it gives way first, whole on hover.
        let (saved, color) = if app.store.is_read_only() {
            (
                trf("status.read_only", &[("path", &app.store.path().display())]),
                theme::ATTENTION,
            )
        } else {
            (
                trf("status.saved_in", &[("path", &app.store.path().display())]),
                widgets::muted(ui),
            )
        };
        ui.add(egui::Label::new(RichText::new(&saved).color(color)).truncate())
            .on_hover_text(&saved);
    });
}

/// A menu entry with its shortcut at the right; returns whether it was chosen.
fn item(ui: &mut Ui, label: &str, shortcut: &str, enabled: bool) -> bool {
    ui.add_enabled(enabled, egui::Button::new(label).shortcut_text(shortcut))
        .clicked()
}

/// The new activity that Ctrl+N, the Edit menu and the board's button add: right after the
/// selected activity, or at the end of the selected sub-indicator.
pub fn add_activity_edit(app: &App) -> Option<Edit> {
    let id = app.view.selected?;
    if app.activity(id).is_some() {
        Some(Edit::AddActivityAfter(id))
    } else {
        app.plan
            .sub_indicator(id)
            .map(|s| Edit::AddActivity { sub: s.id })
    }
}

fn menu_bar(ui: &mut Ui, app: &App, out: &mut Vec<Command>) {
    MenuBar::new().ui(ui, |ui| {
        ui.menu_button(tr("menu.file"), |ui| {
            if item(ui, tr("menu.save_version"), "Ctrl+S", true) {
                out.push(Command::OpenSaveForm);
            }
            if item(ui, tr("menu.open"), "Ctrl+O", true) {
                out.push(Command::OpenOpenForm);
            }
            if ui.button(tr("menu.versions")).clicked() {
                out.push(Command::ShowView(MainView::Versions));
            }
            if let Some(prev) = &app.view.previous_db {
                let name = prev
                    .file_stem()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if ui
                    .button(trf("menu.back_to", &[("name", &name)]))
                    .on_hover_text(prev.display().to_string())
                    .clicked()
                {
                    out.push(Command::BackToPrevious);
                }
            }
            ui.separator();
            for (format, label) in [
                (Format::Xlsx, tr("menu.export_xlsx")),
                (Format::Csv, tr("menu.export_csv")),
                (Format::Html, tr("menu.export_html")),
                (Format::Gcm, tr("menu.export_gcm")),
                (Format::Alignment, tr("menu.export_alignment")),
            ] {
                if ui.button(label).clicked() {
                    out.push(Command::OpenExportForm(format));
                }
            }
            if !app.view.last_db.is_empty() {
                ui.separator();
                ui.label(
                    RichText::new(trf("menu.last_db", &[("path", &app.view.last_db)]))
                        .small()
                        .color(widgets::muted(ui)),
                );
            }
            ui.separator();
            if item(ui, tr("menu.quit"), "Ctrl+Q", true) {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        });
        ui.menu_button(tr("menu.edit"), |ui| {
            if item(ui, tr("menu.undo"), "Ctrl+Z", !app.history.undo.is_empty()) {
                out.push(Command::Undo);
            }
            if item(
                ui,
                tr("menu.redo"),
                "Ctrl+Shift+Z",
                !app.history.redo.is_empty(),
            ) {
                out.push(Command::Redo);
            }
            ui.separator();
            let add = add_activity_edit(app);
            if ui
                .add_enabled(
                    add.is_some(),
                    egui::Button::new(tr("menu.add_activity")).shortcut_text("Ctrl+N"),
                )
                .on_disabled_hover_text(tr("outline.add_activity_disabled"))
                .clicked()
                && let Some(edit) = add
            {
                out.push(Command::Edit(edit));
            }
            let activity = app.view.selected.filter(|id| app.activity(*id).is_some());
            if item(ui, tr("menu.duplicate"), "Ctrl+D", activity.is_some())
                && let Some(id) = activity
            {
                out.push(Command::Edit(Edit::Duplicate(id)));
            }
            if item(ui, tr("menu.delete"), "Del", app.view.selected.is_some())
                && let Some(id) = app.view.selected
            {
                out.push(Command::Edit(Edit::Delete(id)));
            }
            ui.separator();
            if ui.button(tr("outline.add_goal")).clicked() {
                out.push(Command::Edit(Edit::AddGoal));
            }
            if ui.button(tr("menu.renumber_all")).clicked() {
                out.push(Command::PreviewRenumber(Some(app.plan.id)));
            }
        });
        ui.menu_button(tr("menu.view"), |ui| {
            for (view, label) in [
                (MainView::Board, tr("toolbar.board")),
                (MainView::Outline, tr("toolbar.outline")),
                (MainView::Actors, tr("toolbar.actors")),
                (MainView::Workload, tr("toolbar.workload")),
                (MainView::Checks, tr("toolbar.checks")),
                (MainView::Coverage, tr("toolbar.coverage")),
                (MainView::Versions, tr("toolbar.versions")),
            ] {
                if ui.selectable_label(app.view.main == view, label).clicked() {
                    out.push(Command::ShowView(view));
                }
            }
            ui.separator();
            if ui
                .add(
                    egui::Button::selectable(!app.view.detail_hidden, tr("menu.detail_panel"))
                        .shortcut_text("F9"),
                )
                .clicked()
            {
                out.push(Command::ToggleDetail);
            }
            if ui.button(tr("outline.expand_all")).clicked() {
                out.push(Command::ExpandAll(true));
            }
            if ui.button(tr("outline.collapse_all")).clicked() {
                out.push(Command::ExpandAll(false));
            }
            ui.separator();
            let ctx = ui.ctx().clone();
            if item(ui, tr("menu.zoom_in"), "Ctrl +", true) {
                egui::gui_zoom::zoom_in(&ctx);
            }
            if item(ui, tr("menu.zoom_out"), "Ctrl −", true) {
                egui::gui_zoom::zoom_out(&ctx);
            }
            if item(ui, tr("menu.zoom_reset"), "Ctrl 0", true) {
                ctx.set_zoom_factor(1.0);
            }
            ui.separator();
            if ui
                .add(
                    egui::Button::selectable(app.view.presenter, tr("menu.presenter"))
                        .shortcut_text("F11"),
                )
                .clicked()
            {
                out.push(Command::Presenter(!app.view.presenter));
            }
            ui.separator();
            ui.label(RichText::new(tr("menu.language")).color(widgets::muted(ui)));
            for lang in Language::ALL {
                if ui
                    .radio(app.view.language == lang, lang.native_name())
                    .clicked()
                {
                    out.push(Command::SetLanguage(lang));
                }
            }
        });
        ui.menu_button(tr("menu.workshop"), |ui| {
            if ui
                .add_enabled(
                    app.view.session.is_none(),
                    egui::Button::new(tr("menu.start_session")),
                )
                .clicked()
            {
                out.push(Command::OpenSessionForm);
            }
            if ui
                .add_enabled(
                    app.view.session.is_some(),
                    egui::Button::new(tr("menu.end_session")),
                )
                .clicked()
            {
                out.push(Command::EndSession);
            }
            if ui.button(tr("menu.sessions")).clicked() {
                out.push(Command::ShowView(MainView::Sessions));
            }
        });
        ui.menu_button(tr("menu.help"), |ui| {
            if item(ui, tr("menu.guide"), "F1", true) {
                out.push(Command::ShowHelp(true));
            }
        });
        ui.separator();
        ui.add(egui::Label::new(RichText::new(&app.plan.name).strong()).truncate())
            .on_hover_text(&app.plan.name);
    });
}

fn shortcuts(ui: &Ui, app: &App, out: &mut Vec<Command>) {
    let ctx = ui.ctx();
    // Esc ends a drag first; otherwise it clears the selection. A text field being edited
    // gets it first, to leave the field without saving.
    let in_text = ctx.text_edit_focused() || widgets::text_field_was_focused(ctx);
    // F11 enters and leaves presenter mode from anywhere.
    if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::F11)) {
        out.push(Command::Presenter(!app.view.presenter));
    }
    // An open menu, drop-down or dialog takes Esc before anything else: it closes itself and
    // the next click lands where it is aimed, not on a menu item.
    let popup_open = egui::Popup::is_any_open(ctx)
        || app.view.dialog.is_some()
        || app.view.session_form.is_some();
    if !in_text && !popup_open && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
        if app.view.renumber.is_some() {
            out.push(Command::PreviewRenumber(None));
        } else if app.view.drag.is_some() {
            out.push(Command::CancelDrag);
        } else if app.view.presenter && app.view.dialog.is_none() {
            out.push(Command::Presenter(false));
        } else if app.view.selected.is_some() {
            out.push(Command::Select(None));
        }
    }
    if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::F1)) {
        out.push(Command::ShowHelp(!app.view.help));
    }
    if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::F9)) {
        out.push(Command::ToggleDetail);
    }
    if ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Q))) {
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }
    if ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::N)))
        && let Some(edit) = add_activity_edit(app)
    {
        out.push(Command::Edit(edit));
    }
    // Files work from anywhere, a text field included.
    if ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::S))) {
        out.push(Command::OpenSaveForm);
    }
    if ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::O))) {
        out.push(Command::OpenOpenForm);
    }
    // A plan file or a spreadsheet dropped on the window opens for review.
    let dropped: Vec<std::path::PathBuf> = ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .collect()
    });
    if let Some(path) = dropped.into_iter().next() {
        out.push(Command::OpenFile(path));
    }
    // A text field keeps its own undo and arrow keys.
    if ctx.text_edit_focused() {
        return;
    }
    let redo = [
        KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z),
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Y),
    ];
    if redo
        .iter()
        .any(|s| ctx.input_mut(|i| i.consume_shortcut(s)))
    {
        out.push(Command::Redo);
    } else if ctx
        .input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Z)))
    {
        out.push(Command::Undo);
    }
    let Some(id) = app.view.selected else { return };
    // Deleting needs no "are you sure?": Ctrl+Z brings it back.
    if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Delete)) {
        out.push(Command::Edit(Edit::Delete(id)));
        return;
    }
    if app.activity(id).is_some()
        && ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::D)))
    {
        out.push(Command::Edit(Edit::Duplicate(id)));
        return;
    }
    for (key, step) in [
        (Key::ArrowUp, board::Step::Up),
        (Key::ArrowDown, board::Step::Down),
        (Key::ArrowLeft, board::Step::Left),
        (Key::ArrowRight, board::Step::Right),
    ] {
        if ctx.input_mut(|i| i.consume_key(Modifiers::ALT, key)) {
            out.extend(board::step_move(app, id, step));
        } else if app.view.main == MainView::Board
            && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, key))
        {
            out.extend(board::step_selection(app, id, step));
        }
    }
}

/// The bar above everything in presenter mode: the goal on screen, and the way out. The way
/// out is laid out first, at the right, so a long goal title is cut before it, never under it.
fn presenter_bar(ui: &mut Ui, app: &App, out: &mut Vec<Command>) {
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(tr("presenter.leave")).clicked() {
                out.push(Command::Presenter(false));
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                presenter_goal(ui, app, out);
            });
        });
    });
    ui.add_space(4.0);
}

fn presenter_goal(ui: &mut Ui, app: &App, out: &mut Vec<Command>) {
    ui.label(RichText::new(tr("presenter.heading")).family(theme::bold()));
    ui.separator();
    let mut only = app.view.presenter_goal_only;
    if ui.checkbox(&mut only, tr("presenter.goal_only")).changed() {
        out.push(Command::PresenterGoalOnly(only));
    }
    if !app.view.presenter_goal_only {
        return;
    }
    let current = app.view.filter.goal.and_then(|id| app.plan.goal(id));
    toolbar::goal_filter(ui, app, "presenter-goal", false, out);
    if let Some(g) = current {
        ui.add(egui::Label::new(RichText::new(&g.title).family(theme::bold())).truncate())
            .on_hover_text(&g.title);
    }
}
