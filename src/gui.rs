//! Starting the window: the plan's app, or a window that explains why the plan cannot open.

use std::path::PathBuf;

use crate::app::App;
use crate::i18n::{Language, tr};
use crate::instance::Request;
use crate::model::{Filter, Id, Status};
use crate::store::Store;
use crate::ui::input::Pending;

/// Opens the window on `db` (default: the database used last), with `file` in the review. When
/// a window already has that database open, the file (or, without one, a request to come
/// forward) is handed to it instead, and this returns at once.
pub fn run(db: Option<PathBuf>, file: Option<PathBuf>) -> Result<(), String> {
    let path = match db {
        Some(p) => p,
        // Without --db, the database used last, if it is still there.
        None => last_database()
            .filter(|p| p.is_file())
            .map_or_else(crate::cli::default_db, Ok)?,
    };
    // The window may run in another folder: it gets the file by its absolute path.
    let file = file.map(|f| std::path::absolute(&f).unwrap_or(f));
    let runtime = crate::instance::runtime_dir();
    let request = match &file {
        Some(f) => Request::Open(f.clone()),
        None => Request::Focus,
    };
    match crate::instance::hand_over(&runtime, &path, &request) {
        Ok(true) => {
            match &file {
                Some(f) => eprintln!(
                    "{} is already open in a window; {} was handed to it.",
                    path.display(),
                    f.display()
                ),
                None => eprintln!(
                    "{} is already open in a window; it was asked to come forward.",
                    path.display()
                ),
            }
            return Ok(());
        }
        Ok(false) => {}
        // Say it and open normally: a second window is better than none.
        Err(e) => eprintln!("framework-planner: could not reach the window already open: {e}"),
    }
    // A database that cannot be written opens read-only: it can be read, compared and
    // exported, and the title and status bar say that edits are not possible.
    let opened = Store::open_for_reading(&path)
        .and_then(App::new)
        .map(|mut app| {
            if let Some(f) = file {
                app.open_on_start(f);
            }
            match crate::instance::Listener::bind(&runtime, &path) {
                Ok(l) => app.listen(l),
                // Only later starts are affected: they open a window of their own.
                Err(e) if e.kind() == std::io::ErrorKind::Unsupported => {}
                Err(e) => eprintln!(
                    "framework-planner: later starts cannot hand files to this window ({}: {e})",
                    runtime.display()
                ),
            }
            app
        });
    let title = match &opened {
        Ok(app) => app.window_title(),
        Err(_) => "Framework Planner".to_owned(),
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(title)
            .with_app_id("framework-planner")
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([800.0, 500.0]),
        // Window size and place are remembered between runs; so are the panels' widths
        // (eframe keeps egui's memory).
        persist_window: true,
        ..Default::default()
    };
    let result = match opened {
        Ok(app) => eframe::run_native(
            "framework-planner",
            options,
            Box::new(|cc| {
                let mut app = app;
                load_settings(cc, &mut app);
                Ok(Box::new(Window {
                    app,
                    input: Pending::default(),
                }))
            }),
        ),
        Err(error) => {
            // Say it on the terminal too, for people who started the app from one.
            eprintln!("framework-planner: {error}");
            eframe::run_native(
                "framework-planner",
                options,
                Box::new(|cc| {
                    crate::ui::theme::install(&cc.egui_ctx);
                    if let Some(lang) = cc.storage.and_then(saved_language) {
                        crate::i18n::set_language(lang);
                    }
                    Ok(Box::new(ErrorApp { error }))
                }),
            )
        }
    };
    result.map_err(|e| format!("Could not open a window: {e}. Is a display available?"))
}

/// The plan's window.
struct Window {
    app: App,
    /// Input held back from a frame that bundled keys with a click (see [`crate::ui::input`]).
    input: Pending,
}

impl eframe::App for Window {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        crate::ui::window::frame(ui, &mut self.app);
    }

    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        if self.input.split(raw_input) {
            ctx.request_repaint();
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        save_settings(storage, &self.app);
    }
}

/// Shown instead of the plan when the database cannot be opened.
struct ErrorApp {
    error: crate::store::StoreError,
}

impl eframe::App for ErrorApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.add_space(40.0);
            ui.vertical_centered(|ui| {
                ui.heading(tr("error.title"));
                ui.add_space(12.0);
                ui.set_max_width(700.0);
                ui.label(crate::messages::errors::store_error(&self.error));
                ui.add_space(20.0);
                if ui.button(tr("error.quit")).clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
        });
    }
}

/// The filter as kept between runs: ids as strings, so a filter naming a record another plan
/// lacks is simply dropped on loading.
#[derive(serde::Serialize, serde::Deserialize, Default)]
struct SavedFilter {
    text: String,
    goal: Option<String>,
    indicator: Option<String>,
    actor: Option<String>,
    status: Option<String>,
    attention_only: bool,
}

fn saved_filter(f: &Filter) -> SavedFilter {
    SavedFilter {
        text: f.text.clone(),
        goal: f.goal.map(|id| id.to_string()),
        indicator: f.indicator.map(|id| id.to_string()),
        actor: f.actor.map(|id| id.to_string()),
        status: f.status.map(|s| s.as_str().to_owned()),
        attention_only: f.attention_only,
    }
}

/// The saved filter, keeping only ids this plan has.
fn restored_filter(saved: SavedFilter, app: &App) -> Filter {
    let plan = &app.plan;
    let id = |s: Option<String>| s.and_then(|s| Id::parse_str(&s).ok());
    Filter {
        text: saved.text,
        goal: id(saved.goal).filter(|g| plan.goals.iter().any(|x| x.id == *g)),
        indicator: id(saved.indicator).filter(|i| plan.indicators.iter().any(|x| x.id == *i)),
        actor: id(saved.actor).filter(|a| plan.actors.iter().any(|x| x.id == *a)),
        status: saved.status.as_deref().and_then(Status::parse),
        attention_only: saved.attention_only,
    }
}

/// Settings kept between runs, per user (not per plan): language, zoom, the main view,
/// grouping, author, folder, filters, and the database last worked on (shown in the File menu;
/// the app still opens the default database or `--db` on start).
pub fn save_settings(storage: &mut dyn eframe::Storage, app: &App) {
    eframe::set_value(storage, "language", &app.view.language.code());
    // Presenter mode does not outlive the run; its goal-only filter is not kept either.
    let mut filter = app.view.filter.clone();
    if app.view.presenter_goal_only {
        filter.goal = app.view.goal_before_presenter;
    }
    eframe::set_value(storage, "filter", &saved_filter(&filter));
    eframe::set_value(storage, "last_db", &app.store.path().display().to_string());
    remember_database(app.store.path());
    eframe::set_value(storage, "zoom", &app.view.zoom);
    eframe::set_value(
        storage,
        "board",
        &(app.view.main == crate::app::MainView::Board),
    );
    eframe::set_value(storage, "grouped", &app.view.grouped);
    eframe::set_value(storage, "author", &app.view.author);
    eframe::set_value(storage, "folder", &app.view.folder);
    eframe::set_value(storage, "detail_hidden", &app.view.detail_hidden);
    eframe::set_value(storage, "help_seen", &!app.view.first_run_hint);
}

/// Where the path of the database used last is kept: beside the default database, as plain
/// text, because it must be known before the window (and eframe's storage) exists.
fn last_database_file() -> Option<PathBuf> {
    crate::cli::default_db()
        .ok()
        .and_then(|p| p.parent().map(|d| d.join("last-database.txt")))
}

fn last_database() -> Option<PathBuf> {
    let text = std::fs::read_to_string(last_database_file()?).ok()?;
    let line = text.lines().next()?.trim();
    (!line.is_empty()).then(|| PathBuf::from(line))
}

/// Remembers the database in use; a failure only means the next start opens the default one.
fn remember_database(path: &std::path::Path) {
    let Some(file) = last_database_file() else {
        return;
    };
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let _ = crate::files::write_atomic(&file, |w| writeln!(w, "{}", path.display()));
}

fn saved_language(storage: &dyn eframe::Storage) -> Option<Language> {
    eframe::get_value::<String>(storage, "language").and_then(|c| Language::from_code(&c))
}

fn load_settings(cc: &eframe::CreationContext, app: &mut App) {
    // Full screen is presenter mode's, which does not outlive a run: a window closed while
    // presenting opens at its normal size.
    cc.egui_ctx
        .send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
    let Some(storage) = cc.storage else {
        app.view.first_run_hint = true;
        return;
    };
    if let Some(lang) = saved_language(storage) {
        app.handle(crate::app::Command::SetLanguage(lang));
    }
    if let Some(f) = eframe::get_value::<SavedFilter>(storage, "filter") {
        app.view.filter = restored_filter(f, app);
    }
    app.view.last_db = eframe::get_value::<String>(storage, "last_db").unwrap_or_default();
    if let Some(zoom) =
        eframe::get_value::<f32>(storage, "zoom").filter(|z| (0.5..=3.0).contains(z))
    {
        cc.egui_ctx.set_zoom_factor(zoom);
        app.view.zoom = zoom;
    }
    if eframe::get_value::<bool>(storage, "board") == Some(true) {
        app.view.main = crate::app::MainView::Board;
    }
    app.view.grouped = eframe::get_value::<bool>(storage, "grouped").unwrap_or(false);
    app.view.author = eframe::get_value::<String>(storage, "author").unwrap_or_default();
    app.view.folder = eframe::get_value::<String>(storage, "folder").unwrap_or_default();
    app.view.detail_hidden = eframe::get_value::<bool>(storage, "detail_hidden").unwrap_or(false);
    app.view.first_run_hint = eframe::get_value::<bool>(storage, "help_seen") != Some(true);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_kept_between_runs_and_ids_the_plan_lacks_are_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let app = App::new(Store::open(&dir.path().join("plan.sqlite")).unwrap()).unwrap();
        let f = Filter {
            text: "প্রবাসী".to_owned(),
            goal: Some(app.plan.goals[1].id),
            indicator: Some(app.plan.indicators[2].id),
            actor: Some(app.plan.actors[0].id),
            status: Some(Status::NeedsRevision),
            attention_only: true,
        };
        let text = serde_json::to_string(&saved_filter(&f)).unwrap();
        let back: SavedFilter = serde_json::from_str(&text).unwrap();
        assert_eq!(restored_filter(back, &app), f);

        let mut other = saved_filter(&f);
        other.goal = Some(uuid::Uuid::new_v4().to_string());
        other.actor = Some("not an id".to_owned());
        other.status = Some("unknown".to_owned());
        let r = restored_filter(other, &app);
        assert_eq!((r.goal, r.actor, r.status), (None, None, None));
        assert_eq!(r.indicator, f.indicator);
        assert_eq!(r.text, f.text);
    }
}
