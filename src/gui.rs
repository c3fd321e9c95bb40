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
                    let settings = cc.storage.map(Settings::load).unwrap_or_default();
                    if let Some(lang) = Language::from_code(&settings.language) {
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
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(default)]
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

/// Everything the window remembers between runs, per user (not per plan), kept as one value.
/// A value saved by an older version loads too: what it lacks takes its default.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(default)]
struct Settings {
    /// The interface's language, by its code ("en", "bn"); unknown means the default.
    language: String,
    zoom: f32,
    /// The board was the view on screen (else the outline opens).
    board: bool,
    /// The board shows one row per goal.
    grouped: bool,
    filter: SavedFilter,
    /// Who saves versions and records comments.
    author: String,
    /// Where versions and exports were saved last.
    folder: String,
    detail_hidden: bool,
    /// The short guide was opened once: the status bar stops offering it.
    help_seen: bool,
    /// The database of the last run, shown in the File menu (the app still opens the default
    /// database or `--db` on start).
    last_db: String,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            language: Language::default().code().to_owned(),
            zoom: 1.0,
            board: false,
            grouped: false,
            filter: SavedFilter::default(),
            author: String::new(),
            folder: String::new(),
            detail_hidden: false,
            help_seen: false,
            last_db: String::new(),
        }
    }
}

/// The key of the settings in eframe's storage.
const SETTINGS_KEY: &str = "settings";

/// The keys each setting was kept under before they were one value: read when there is no
/// value yet, removed once it is saved.
const OLD_KEYS: [&str; 10] = [
    "language",
    "zoom",
    "board",
    "grouped",
    "filter",
    "author",
    "folder",
    "detail_hidden",
    "help_seen",
    "last_db",
];

impl Settings {
    fn of(app: &App) -> Settings {
        // Presenter mode does not outlive the run; its goal-only filter is not kept either.
        let mut filter = app.view.filter.clone();
        if app.view.presenter_goal_only {
            filter.goal = app.view.goal_before_presenter;
        }
        Settings {
            language: app.view.language.code().to_owned(),
            zoom: app.view.zoom,
            board: app.view.main == crate::app::MainView::Board,
            grouped: app.view.grouped,
            filter: saved_filter(&filter),
            author: app.view.author.clone(),
            folder: app.view.folder.clone(),
            detail_hidden: app.view.detail_hidden,
            help_seen: !app.view.first_run_hint,
            last_db: app.store.path().display().to_string(),
        }
    }

    /// Puts the settings into `app` (the window's zoom is set by the caller).
    fn apply(self, app: &mut App) {
        if let Some(lang) = Language::from_code(&self.language) {
            app.handle(crate::app::Command::SetLanguage(lang));
        }
        if self.zoom_ok() {
            app.view.zoom = self.zoom;
        }
        app.view.filter = restored_filter(self.filter, app);
        if self.board {
            app.view.main = crate::app::MainView::Board;
        }
        app.view.grouped = self.grouped;
        app.view.author = self.author;
        app.view.folder = self.folder;
        app.view.detail_hidden = self.detail_hidden;
        app.view.first_run_hint = !self.help_seen;
        app.view.last_db = self.last_db;
    }

    /// A zoom the window can use; a damaged value is ignored.
    fn zoom_ok(&self) -> bool {
        (0.5..=3.0).contains(&self.zoom)
    }

    fn load(storage: &dyn eframe::Storage) -> Settings {
        eframe::get_value(storage, SETTINGS_KEY).unwrap_or_else(|| Settings::from_old_keys(storage))
    }

    fn save(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, self);
        for key in OLD_KEYS {
            storage.remove_string(key);
        }
    }

    /// The settings as earlier versions kept them, one key each.
    fn from_old_keys(storage: &dyn eframe::Storage) -> Settings {
        fn old<T: serde::de::DeserializeOwned>(s: &dyn eframe::Storage, key: &str, or: T) -> T {
            eframe::get_value(s, key).unwrap_or(or)
        }
        let d = Settings::default();
        Settings {
            language: old(storage, "language", d.language),
            zoom: old(storage, "zoom", d.zoom),
            board: old(storage, "board", d.board),
            grouped: old(storage, "grouped", d.grouped),
            filter: old(storage, "filter", d.filter),
            author: old(storage, "author", d.author),
            folder: old(storage, "folder", d.folder),
            detail_hidden: old(storage, "detail_hidden", d.detail_hidden),
            help_seen: old(storage, "help_seen", d.help_seen),
            last_db: old(storage, "last_db", d.last_db),
        }
    }
}

/// Saves the settings, and the database in use for the next start.
fn save_settings(storage: &mut dyn eframe::Storage, app: &App) {
    Settings::of(app).save(storage);
    remember_database(app.store.path());
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

fn load_settings(cc: &eframe::CreationContext, app: &mut App) {
    // Full screen is presenter mode's, which does not outlive a run: a window closed while
    // presenting opens at its normal size.
    cc.egui_ctx
        .send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
    let settings = cc.storage.map(Settings::load).unwrap_or_default();
    if settings.zoom_ok() {
        cc.egui_ctx.set_zoom_factor(settings.zoom);
    }
    settings.apply(app);
}

#[cfg(test)]
mod tests {
    use super::*;
    use eframe::Storage as _;

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

    /// eframe's storage, in memory.
    #[derive(Default)]
    struct Memory(std::collections::HashMap<String, String>);

    impl eframe::Storage for Memory {
        fn get_string(&self, key: &str) -> Option<String> {
            self.0.get(key).cloned()
        }
        fn set_string(&mut self, key: &str, value: String) {
            self.0.insert(key.to_owned(), value);
        }
        fn remove_string(&mut self, key: &str) {
            self.0.remove(key);
        }
        fn flush(&mut self) {}
    }

    /// Settings in which no field has its default value.
    fn unusual() -> Settings {
        Settings {
            language: "bn".to_owned(),
            zoom: 1.75,
            board: true,
            grouped: true,
            filter: SavedFilter {
                text: "প্রবাসী".to_owned(),
                goal: Some(uuid::Uuid::new_v4().to_string()),
                indicator: Some(uuid::Uuid::new_v4().to_string()),
                actor: Some(uuid::Uuid::new_v4().to_string()),
                status: Some("agreed".to_owned()),
                attention_only: true,
            },
            author: "Rahima Khatun".to_owned(),
            folder: "/home/rahima/Workshop".to_owned(),
            detail_hidden: true,
            help_seen: true,
            last_db: "/home/rahima/day1.sqlite".to_owned(),
        }
    }

    #[test]
    fn settings_are_saved_as_one_value_and_a_round_trip_keeps_every_field() {
        let mut storage = Memory::default();
        let settings = unusual();
        // Every field differs from the default, so a field that is not saved shows.
        let d = Settings::default();
        let differs = [
            settings.language != d.language,
            settings.zoom != d.zoom,
            settings.board != d.board,
            settings.grouped != d.grouped,
            settings.filter.text != d.filter.text,
            settings.filter.goal != d.filter.goal,
            settings.filter.indicator != d.filter.indicator,
            settings.filter.actor != d.filter.actor,
            settings.filter.status != d.filter.status,
            settings.filter.attention_only != d.filter.attention_only,
            settings.author != d.author,
            settings.folder != d.folder,
            settings.detail_hidden != d.detail_hidden,
            settings.help_seen != d.help_seen,
            settings.last_db != d.last_db,
        ];
        assert!(differs.iter().all(|&x| x));
        storage.set_string("author", "\"Someone earlier\"".to_owned());
        settings.save(&mut storage);
        assert_eq!(
            storage.0.keys().collect::<Vec<_>>(),
            [SETTINGS_KEY],
            "one value; the old keys are gone"
        );
        assert_eq!(Settings::load(&storage), settings);
    }

    #[test]
    fn a_partial_or_old_saved_value_loads_with_defaults_for_the_rest() {
        // Saved by a version that knew fewer settings.
        let mut storage = Memory::default();
        storage.set_string(
            SETTINGS_KEY,
            r#"(language: "bn", author: "Rahima", filter: (text: "visa"))"#.to_owned(),
        );
        let loaded = Settings::load(&storage);
        assert_eq!(loaded.language, "bn");
        assert_eq!(loaded.author, "Rahima");
        assert_eq!(loaded.filter.text, "visa");
        assert_eq!(
            Settings {
                language: Settings::default().language,
                author: String::new(),
                filter: SavedFilter::default(),
                ..loaded
            },
            Settings::default()
        );

        // Saved before the settings were one value: one key each.
        let mut storage = Memory::default();
        for (key, value) in [
            ("language", r#""bn""#),
            ("zoom", "1.25"),
            ("author", r#""Rahima""#),
            ("help_seen", "true"),
        ] {
            storage.set_string(key, value.to_owned());
        }
        let loaded = Settings::load(&storage);
        assert_eq!(
            loaded,
            Settings {
                language: "bn".to_owned(),
                zoom: 1.25,
                author: "Rahima".to_owned(),
                help_seen: true,
                ..Settings::default()
            }
        );

        // Nothing saved, or a value that cannot be read: the defaults.
        assert_eq!(Settings::load(&Memory::default()), Settings::default());
        let mut storage = Memory::default();
        storage.set_string(SETTINGS_KEY, "not settings".to_owned());
        assert_eq!(Settings::load(&storage), Settings::default());
    }

    #[test]
    fn the_apps_settings_come_back_in_the_next_run() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("plan.sqlite");
        let mut app = App::new(Store::open(&db).unwrap()).unwrap();
        let goal = app.plan.goals[2].id;
        // English: the language is the whole process's, and other tests run beside this one.
        let settings = Settings {
            language: "en".to_owned(),
            filter: saved_filter(&Filter {
                goal: Some(goal),
                ..Filter::default()
            }),
            last_db: db.display().to_string(),
            ..unusual()
        };
        settings.clone().apply(&mut app);
        assert_eq!(app.view.filter.goal, Some(goal));
        assert_eq!(app.view.main, crate::app::MainView::Board);
        assert!(!app.view.first_run_hint);
        let mut storage = Memory::default();
        Settings::of(&app).save(&mut storage);

        let mut next = App::new(Store::open(&db).unwrap()).unwrap();
        Settings::load(&storage).apply(&mut next);
        assert_eq!(Settings::of(&next), settings);
    }
}
