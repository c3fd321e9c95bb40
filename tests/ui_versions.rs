//! Versions as files, through the window: saving with the in-app path field, the history,
//! comparing, restoring, and plans and spreadsheets that come back by email.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use framework_planner::app::{App, Command, MainView};
use framework_planner::model::{Id, Lane, Plan};
use framework_planner::planfile::{self, PlanFile};
use window::{DESKTOP, id_of, saved, window_on};

mod window;

fn actor(plan: &Plan, abbreviation: &str) -> Id {
    plan.actors
        .iter()
        .find(|a| a.abbreviation == abbreviation)
        .unwrap()
        .id
}

/// Replaces the text of the field named `label`.
fn retype(h: &mut Harness<App>, label: &str, text: &str) {
    h.get_by_role_and_label(egui::Role::TextInput, label)
        .focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(egui::Role::TextInput, label)
        .type_text(text);
    h.run();
}

/// Saves a version through the dialog (Ctrl+S), into `folder`.
fn save_version(h: &mut Harness<App>, folder: &std::path::Path, label: &str) -> PathBufFile {
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    retype(h, "Label", label);
    retype(h, "Your name", "Rina");
    retype(h, "Folder", &folder.display().to_string());
    h.get_by_label("Save version").click();
    h.run();
    let newest = h.state().versions()[0].clone();
    PathBufFile(newest.path.into(), newest.id)
}

struct PathBufFile(std::path::PathBuf, Id);

#[test]
fn a_version_is_saved_with_the_path_field_and_listed_in_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, DESKTOP);

    // A folder that does not exist is refused, and nothing is written.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    retype(&mut h, "Folder", "/no/such/folder");
    h.get_by_label("Save version").click();
    h.run();
    assert!(h.query_all_by_label_contains("does not exist").count() > 0);
    assert!(h.state().versions().is_empty());
    h.get_by_label("Cancel").click();
    h.run();

    let PathBufFile(path, _) = save_version(&mut h, dir.path(), "Day 1 — after goal 2 review");
    assert!(path.starts_with(dir.path()));
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("BMGF action plan — v1 — "), "{name}");
    assert!(name.ends_with(".fwplan"));
    let file = planfile::read_path(&path).unwrap();
    assert_eq!(file.label, "Day 1 — after goal 2 review");
    assert_eq!(file.author, "Rina");
    assert_eq!(file.plan.in_id_order(), saved(&db).in_id_order());
    assert_eq!(h.state().view.author, "Rina", "the author is remembered");

    h.state_mut().handle(Command::ShowView(MainView::Versions));
    h.run();
    assert!(
        h.query_by_label("Day 1 — after goal 2 review").is_some(),
        "listed in the history"
    );
    // Opened read-only, it shows its activities and changes nothing.
    h.get_by_label("Open").click();
    // One table per goal, each measured on its first frame.
    h.run_steps(12);
    assert_eq!(h.state().view.main, MainView::Snapshot);
    assert!(
        h.query_by_label("Day 1 — after goal 2 review (read-only)")
            .is_some()
    );
    assert!(h.query_by_label("6.3.2.2").is_some());
}

#[test]
fn an_emailed_file_merges_its_changes_and_asks_where_both_sides_changed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, DESKTOP);
    let PathBufFile(v1_path, v1) = save_version(&mut h, dir.path(), "Day 1");

    // An official edits the file on a laptop.
    let base = planfile::read_path(&v1_path).unwrap();
    let mut theirs = base.plan.clone();
    let (moved, lead, both) = (
        id_of(&theirs, "4.5.1.2"),
        id_of(&theirs, "2.1.5.2"),
        id_of(&theirs, "6.3.2.2"),
    );
    let moc = actor(&theirs, "MoC");
    for a in &mut theirs.activities {
        if a.id == moved {
            a.lane = Lane::Medium;
        }
        if a.id == lead {
            // MoC was the co-lead: it becomes the lead (one actor cannot be both).
            a.leads = vec![moc];
            a.co_leads.retain(|x| *x != moc);
        }
        if a.id == both {
            a.text = format!("{} with the private sector", a.text);
        }
    }
    let back = dir.path().join("from MoEWOE.fwplan");
    planfile::write(
        &back,
        &PlanFile::new(theirs, Some(v1), "Official", "MoEWOE edits", ""),
    )
    .unwrap();

    // Meanwhile the room edits the same text differently.
    let mut mine = h.state().plan.activity(both).unwrap().clone();
    mine.text = format!("{} and civil society", mine.text);
    let ours_text = mine.text.clone();
    h.state_mut()
        .handle(Command::Edit(framework_planner::app::Edit::Activity(mine)));
    h.run();
    let before = saved(&db);

    h.state_mut().handle(Command::OpenFile(back.clone()));
    h.run();
    assert_eq!(h.state().view.main, MainView::Review);
    assert_eq!(
        saved(&db).in_id_order(),
        before.in_id_order(),
        "nothing changes before applying"
    );
    assert!(
        h.query_by_label("4.5.1.2 moved from Short term to Medium term")
            .is_some()
    );
    assert!(
        h.query_all_by_label_contains("2.1.5.2 changed from")
            .count()
            > 0
    );
    assert_eq!(h.state().view.review.as_ref().unwrap().conflicts.len(), 1);

    h.get_by_label("Take the file's").click();
    h.run();
    h.query_all_by_label_contains("Apply (")
        .next()
        .unwrap()
        .click();
    h.run();
    let after = saved(&db);
    assert_eq!(after.activity(moved).unwrap().lane, Lane::Medium);
    assert_eq!(after.activity(lead).unwrap().leads, [moc]);
    assert!(
        after
            .activity(both)
            .unwrap()
            .text
            .ends_with("with the private sector")
    );
    assert_ne!(after.activity(both).unwrap().text, ours_text);

    // The whole import is one step.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(saved(&db).in_id_order(), before.in_id_order());
}

#[test]
fn a_file_of_unknown_base_lists_every_difference_to_take_or_leave() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, DESKTOP);
    let before = saved(&db);
    let mut theirs = before.clone();
    let (a, b) = (id_of(&theirs, "1.1.1.1"), id_of(&theirs, "1.1.1.3"));
    for x in &mut theirs.activities {
        if x.id == a {
            x.notes = "Agreed with MoHFW".into();
        }
        if x.id == b {
            x.notes = "Left for day two".into();
        }
    }
    let file = dir.path().join("unknown.fwplan");
    planfile::write(&file, &PlanFile::new(theirs, None, "X", "loose copy", "")).unwrap();

    h.state_mut().handle(Command::OpenFile(file));
    h.run();
    let review = h.state().view.review.clone().unwrap();
    assert_eq!(review.changes.len(), 2);
    assert!(
        h.query_all_by_label_contains("not in this plan's history")
            .count()
            > 0
    );
    // Leave the second.
    h.query_all_by_role(egui::Role::CheckBox)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.contains("1.1.1.3"))
        })
        .unwrap()
        .click();
    h.run();
    h.query_all_by_label_contains("Apply (1)")
        .next()
        .unwrap()
        .click();
    h.run();
    let after = saved(&db);
    assert_eq!(after.activity(a).unwrap().notes, "Agreed with MoHFW");
    assert_eq!(
        after.activity(b).unwrap().notes,
        before.activity(b).unwrap().notes
    );
}

#[test]
fn a_damaged_file_is_reported_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, DESKTOP);
    let before = saved(&db);
    let file = dir.path().join("broken.fwplan");
    std::fs::write(
        &file,
        b"{\"format\": \"framework-planner-plan\", \"plan\": [",
    )
    .unwrap();
    h.state_mut().handle(Command::OpenFile(file));
    h.run();
    let msg = h.state().view.message.clone().unwrap();
    assert!(
        msg.error && msg.text.contains("Nothing was changed"),
        "{}",
        msg.text
    );
    assert!(h.state().view.review.is_none());
    assert_eq!(saved(&db), before);
    // The open form comes back with the file and the whole reason, to read or pick another.
    match &h.state().view.dialog {
        Some(framework_planner::app::Dialog::Open(form)) => {
            assert!(form.path.ends_with("broken.fwplan"));
            assert_eq!(form.error.as_deref(), Some(msg.text.as_str()));
        }
        other => panic!("expected the open form, found {other:?}"),
    }
}

#[test]
fn comparing_a_version_with_now_and_restoring_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, DESKTOP);
    let PathBufFile(_, v1) = save_version(&mut h, dir.path(), "Day 1");
    let v1_plan = saved(&db);
    let id = id_of(&v1_plan, "6.3.2.2");
    let mut a = v1_plan.activity(id).unwrap().clone();
    a.text = a.text.replace("ing", "ed");
    h.state_mut()
        .handle(Command::Edit(framework_planner::app::Edit::Activity(a)));
    h.run();

    h.state_mut()
        .handle(Command::CompareVersions(Some(v1), None));
    h.run();
    assert!(h.query_by_label("text of 6.3.2.2 edited").is_some());
    h.get_by_label("Close").click();
    h.run();

    h.state_mut().handle(Command::ShowView(MainView::Versions));
    h.run();
    h.get_by_label("Restore").click();
    h.run();
    assert_eq!(saved(&db).in_id_order(), v1_plan.in_id_order());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_ne!(saved(&db).activity(id), v1_plan.activity(id));
}

#[test]
fn an_edited_spreadsheet_comes_back_as_changes_to_take() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, DESKTOP);
    let csv = dir.path().join("plan.csv");
    h.state_mut().handle(Command::OpenExportForm(
        framework_planner::export::Format::Csv,
    ));
    h.run();
    retype(&mut h, "File", &csv.display().to_string());
    h.get_by_label("Export").click();
    h.run();
    let text = std::fs::read_to_string(&csv).unwrap();
    let plan = saved(&db);
    let a = plan.activity(id_of(&plan, "1.1.1.4")).unwrap().clone();
    let edited = text.replacen(
        &a.text,
        "Health-care services for forcibly displaced persons",
        1,
    );
    assert_ne!(edited, text);
    std::fs::write(&csv, edited).unwrap();

    h.state_mut().handle(Command::OpenFile(csv));
    h.run();
    let review = h.state().view.review.clone().unwrap();
    assert_eq!(review.changes.len(), 1, "{:?}", review.changes);
    h.query_all_by_label_contains("Apply (1)")
        .next()
        .unwrap()
        .click();
    h.run();
    assert_eq!(
        saved(&db).activity(a.id).unwrap().text,
        "Health-care services for forcibly displaced persons"
    );
}

#[test]
fn a_file_of_another_plan_opens_as_a_plan_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, DESKTOP);
    let before = saved(&db);
    let mut other = before.clone();
    other.id = uuid::Uuid::new_v4();
    other.name = "Another framework".into();
    let file = dir.path().join("other.fwplan");
    planfile::write(&file, &PlanFile::new(other.clone(), None, "X", "v1", "")).unwrap();

    h.state_mut().handle(Command::OpenFile(file));
    h.run();
    assert_eq!(h.state().plan.id, other.id, "the other plan is open");
    assert_ne!(h.state().store.path(), db.as_path());
    assert_eq!(h.state().versions().len(), 1, "its file starts its history");
    assert_eq!(saved(&db), before, "this plan is untouched");

    h.state_mut().handle(Command::BackToPrevious);
    h.run();
    assert_eq!(h.state().plan.id, before.id);
    assert_eq!(h.state().store.path(), db.as_path());
}

/// A file as the window system hands it over when dropped.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_plan_file_dropped_on_the_window_opens_for_review() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, DESKTOP);
    let mut theirs = saved(&db);
    let id = id_of(&theirs, "3.2.1.1");
    for a in &mut theirs.activities {
        if a.id == id {
            a.lane = Lane::Long;
        }
    }
    let file = dir.path().join("dropped.fwplan");
    planfile::write(&file, &PlanFile::new(theirs, None, "X", "dropped", "")).unwrap();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(file)));
    h.run();
    assert_eq!(h.state().view.main, MainView::Review);
    assert!(
        h.state()
            .view
            .review
            .as_ref()
            .is_some_and(|r| r.changes.iter().any(|c| c.id == id))
    );
}
