//! Files from email in the window, second round: a blank lead is shown as "cleared" and left
//! unticked, a reused version id and a hostile workbook are refused with a message, and a
//! database that cannot be written opens read-only and says so.

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use framework_planner::app::{App, Command, Edit};
use framework_planner::planfile::{self, PlanFile};
use framework_planner::store::Store;
use window::{DESKTOP, saved, window};

mod window;

fn catalogue(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/spreadsheets")
        .join(name)
}

fn error_message(h: &Harness<App>) -> String {
    let m = h.state().view.message.clone().expect("a message");
    assert!(m.error, "{}", m.text);
    m.text
}

#[test]
fn a_blank_lead_is_shown_cleared_and_not_ticked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window(App::new(Store::open(&db).unwrap()).unwrap(), DESKTOP);
    let before = saved(&db);
    h.state_mut()
        .handle(Command::OpenFile(catalogue("cleared_lead.csv")));
    h.run();
    let review = h.state().view.review.clone().expect("a review");
    assert_eq!(review.changes.len(), 1);
    assert!(review.changes[0].is_cleared());
    assert_eq!(review.accepted, vec![false], "not ticked");
    assert!(
        review.problems.iter().any(|p| p.contains("not ticked")),
        "{:?}",
        review.problems
    );
    assert!(
        h.query_all_by_label_contains("lead of 1.1.1.3 cleared (was MoHFW)")
            .next()
            .is_some()
    );
    // Applied as it stands, nothing is cleared.
    h.state_mut().handle(Command::ReviewEdit(
        framework_planner::app::ReviewEdit::Apply,
    ));
    h.run();
    assert_eq!(saved(&db), before);
}

#[test]
fn cut_rows_are_listed_with_their_row_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window(App::new(Store::open(&db).unwrap()).unwrap(), DESKTOP);
    h.state_mut()
        .handle(Command::OpenFile(catalogue("cut_in_quoted_cell.csv")));
    h.run();
    let review = h.state().view.review.clone().expect("a review");
    assert_eq!(review.changes.len(), 1, "only the whole row's note");
    assert!(
        review
            .problems
            .iter()
            .any(|p| p.contains("row 3") && p.contains("cut off")),
        "{:?}",
        review.problems
    );
}

#[test]
fn hostile_workbooks_and_other_encodings_are_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window(App::new(Store::open(&db).unwrap()).unwrap(), DESKTOP);
    let before = saved(&db);
    for (name, words) in [
        ("far_cell.xlsx", "1048576"),
        ("cut.xlsx", "cut off"),
        ("utf16.csv", "UTF-16"),
        ("latin1.csv", "Latin-1"),
    ] {
        h.state_mut().handle(Command::OpenFile(catalogue(name)));
        h.run();
        let text = error_message(&h);
        assert!(
            text.contains(words) && text.contains("the plan is unchanged"),
            "{name}: {text}"
        );
        assert!(h.state().view.review.is_none(), "{name}");
    }
    assert_eq!(saved(&db), before);
}

#[test]
fn a_file_reusing_a_version_id_with_other_content_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut store = Store::open(&db).unwrap();
    let plan = store.load_plan().unwrap();
    let v1 = PlanFile::new(plan.clone(), None, "A", "v1", "");
    let v1_path = dir.path().join("v1.fwplan");
    planfile::write(&v1_path, &v1).unwrap();
    store.record_version(&v1, &v1_path).unwrap();
    let mut h = window(App::new(store).unwrap(), DESKTOP);

    let mut other = plan.clone();
    other.activities[0].notes = "Another version, the same id".into();
    let mut reused = PlanFile::new(other, None, "B", "v1 again", "");
    reused.version_id = v1.version_id;
    let path = dir.path().join("reused.fwplan");
    planfile::write(&path, &reused).unwrap();
    h.state_mut().handle(Command::OpenFile(path));
    h.run();
    let text = error_message(&h);
    assert!(
        text.contains(&v1.version_id.to_string()) && text.contains("already in the history"),
        "{text}"
    );
    assert!(h.state().view.review.is_none());
    assert_eq!(saved(&db), plan);
}

#[test]
fn a_database_that_cannot_be_written_opens_read_only_and_refuses_edits() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let before = saved(&db);
    let mut h = window(
        App::new(Store::open_read_only(&db).unwrap()).unwrap(),
        DESKTOP,
    );
    assert!(h.state().window_title().ends_with("(read-only)"));
    assert!(h.query_by_label_contains("Read-only:").is_some());

    let mut a = before.activities[0].clone();
    a.text = "Edited while read-only".into();
    h.state_mut().handle(Command::Edit(Edit::Activity(a)));
    h.run();
    let text = error_message(&h);
    assert!(
        text.contains("Nothing was changed") && text.contains("can only be read here"),
        "{text}"
    );
    assert_eq!(h.state().plan, before, "the window shows the file as it is");
    assert_eq!(saved(&db), before);
}
