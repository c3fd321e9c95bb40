//! The one kittest harness of the UI tests: the App in a window of a given size, on a
//! database, with the helpers every UI test needs.
#![allow(dead_code)] // each test file uses a different part

use std::path::Path;

use egui_kittest::Harness;
use framework_planner::app::App;
use framework_planner::model::{Id, Plan};
use framework_planner::store::Store;

/// A desktop monitor, with room for every view.
pub const DESKTOP: egui::Vec2 = egui::vec2(1600.0, 1200.0);
/// The officials' laptops.
pub const LAPTOP: egui::Vec2 = egui::vec2(1366.0, 768.0);

/// A window of `size` showing `app`, after its first frames. "Choose…" buttons get nothing
/// back, as where no system file dialog can open: a test never opens a real one.
pub fn window(mut app: App, size: egui::Vec2) -> Harness<'static, App> {
    app.set_file_chooser(|_| None);
    let mut h = Harness::builder()
        .with_size(size)
        .build_ui_state(framework_planner::ui::window::frame, app);
    h.run();
    h
}

/// A window of `size` on the database at `db` (created and seeded when new).
pub fn window_on(db: &Path, size: egui::Vec2) -> Harness<'static, App> {
    window(App::new(Store::open(db).unwrap()).unwrap(), size)
}

/// The plan as saved in the database (not the app's memory).
pub fn saved(db: &Path) -> Plan {
    Store::open(db).unwrap().load_plan().unwrap()
}

/// The id of the activity with this code.
pub fn id_of(plan: &Plan, code: &str) -> Id {
    plan.activities
        .iter()
        .find(|a| a.code == code)
        .unwrap_or_else(|| panic!("no activity {code}"))
        .id
}
