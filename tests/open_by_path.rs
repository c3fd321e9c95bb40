//! Opening a file by its path: `framework-planner FILE` (what a double-click in the file manager
//! runs) opens the file in the review as File → Open does, and a second start for a database
//! that a window already has open hands the file to that window.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use framework_planner::app::{App, Dialog, MainView};
use framework_planner::export::{ExportInfo, Format};
use framework_planner::instance::Listener;
use framework_planner::model::Lane;
use framework_planner::planfile::{self, PlanFile};
use framework_planner::store::Store;
use window::{DESKTOP, saved, window};

mod window;

const BIN: &str = env!("CARGO_BIN_EXE_framework-planner");

/// A plan file, as if it came back by email, that moves activity `code` to the long term.
fn file_moving(db: &Path, code: &str, to: &Path) -> uuid::Uuid {
    let mut theirs = saved(db);
    let a = theirs
        .activities
        .iter_mut()
        .find(|a| a.code == code)
        .unwrap();
    assert_ne!(a.lane, Lane::Long);
    a.lane = Lane::Long;
    let id = a.id;
    planfile::write(to, &PlanFile::new(theirs, None, "Rina", "from MoEWOE", "")).unwrap();
    id
}

fn review_has_change_of(h: &Harness<App>, id: uuid::Uuid) -> bool {
    h.state().view.main == MainView::Review
        && h.state()
            .view
            .review
            .as_ref()
            .is_some_and(|r| r.changes.iter().any(|c| c.id == id))
}

#[test]
fn starting_with_a_plan_file_opens_its_review() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let before = saved(&db);
    let file = dir.path().join("back from MoEWOE.fwplan");
    let id = file_moving(&db, "3.2.1.1", &file);

    let mut app = App::new(Store::open(&db).unwrap()).unwrap();
    app.open_on_start(file);
    let h = window(app, DESKTOP);
    assert!(review_has_change_of(&h, id));
    assert!(
        h.query_all_by_label_contains("3.2.1.1 moved from").count() > 0,
        "the change is on screen"
    );
    assert_eq!(saved(&db), before, "nothing changes before applying");
}

#[test]
fn starting_with_an_edited_spreadsheet_opens_its_review() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let plan = saved(&db);
    let csv = dir.path().join("plan.csv");
    let info = ExportInfo::now("Working copy", "");
    framework_planner::export::write_file(&plan, &info, Format::Csv, &csv).unwrap();
    let a = plan
        .activities
        .iter()
        .find(|a| a.code == "1.1.1.4")
        .unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    let edited = text.replacen(&a.text, "Health-care services for displaced persons", 1);
    assert_ne!(edited, text);
    std::fs::write(&csv, edited).unwrap();

    let mut app = App::new(Store::open(&db).unwrap()).unwrap();
    app.open_on_start(csv);
    let h = window(app, DESKTOP);
    assert!(review_has_change_of(&h, a.id));
}

#[test]
fn starting_with_an_unreadable_file_says_why_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let before = saved(&db);
    let file = dir.path().join("broken.fwplan");
    std::fs::write(
        &file,
        b"{\"format\": \"framework-planner-plan\", \"plan\": [",
    )
    .unwrap();

    let mut app = App::new(Store::open(&db).unwrap()).unwrap();
    app.open_on_start(file.clone());
    let h = window(app, DESKTOP);
    let msg = h.state().view.message.clone().unwrap();
    assert!(
        msg.error && msg.text.contains("Nothing was changed"),
        "{}",
        msg.text
    );
    // The same as File → Open: the open form comes back with the file and the reason.
    match &h.state().view.dialog {
        Some(Dialog::Open(form)) => {
            assert_eq!(form.path, file.display().to_string());
            assert_eq!(form.error.as_deref(), Some(msg.text.as_str()));
        }
        _ => panic!("the open form is not shown"),
    }
    assert!(h.state().view.review.is_none());
    assert_eq!(saved(&db), before);
}

/// Starts the binary as the desktop would, with the runtime folder `xdg` and no display: if
/// it did not hand over, it would try to open a window and fail, instead of exiting 0.
fn second_start(xdg: &Path, args: &[&std::ffi::OsStr]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("XDG_RUNTIME_DIR", xdg)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn a_second_start_hands_its_file_to_the_window_that_has_the_database_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let file = dir.path().join("back.fwplan");
    let id = file_moving(&db, "4.5.1.2", &file);
    let xdg = dir.path().join("xdg");
    std::fs::create_dir(&xdg).unwrap();
    // What `instance::runtime_dir()` is in the child, which has XDG_RUNTIME_DIR=xdg.
    let runtime: PathBuf = xdg.join("framework-planner");

    let mut app = App::new(Store::open(&db).unwrap()).unwrap();
    app.listen(Listener::bind(&runtime, &db).unwrap());
    let mut h = window(app, DESKTOP);
    assert!(h.state().view.review.is_none());

    // The child exits once the window has queued the file: waiting for it is the event.
    let out = second_start(&xdg, &[file.as_os_str(), "--db".as_ref(), db.as_os_str()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("already open in a window") && err.contains("handed to it"),
        "{err}"
    );

    for _ in 0..3 {
        if review_has_change_of(&h, id) {
            break;
        }
        h.run();
    }
    assert!(
        review_has_change_of(&h, id),
        "the window shows the file's review"
    );

    // Without a file, the second start asks the window to come forward and says so.
    let out = second_start(&xdg, &["--db".as_ref(), db.as_os_str()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("asked to come forward"), "{err}");
    h.run();
    assert!(review_has_change_of(&h, id), "the review stays");
}

#[cfg(unix)]
#[test]
fn a_start_for_another_database_does_not_reach_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let other = dir.path().join("other.sqlite");
    let xdg = dir.path().join("xdg");
    std::fs::create_dir(&xdg).unwrap();
    let mut app = App::new(Store::open(&db).unwrap()).unwrap();
    app.listen(Listener::bind(&xdg.join("framework-planner"), &db).unwrap());
    let mut h = window(app, DESKTOP);
    // No window has `other` open: this start tries to open its own window, which fails here
    // for want of a display.
    let out = second_start(&xdg, &["--db".as_ref(), other.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Could not open a window"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    h.run();
    assert!(h.state().view.review.is_none());
}
