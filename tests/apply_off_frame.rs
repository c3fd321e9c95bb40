//! A large file that comes back is applied off the frame: the window keeps drawing a progress
//! bar, the plan changes only when every change is saved, and edits wait meanwhile. The worker
//! finds records through an index and gets exactly what the plain apply gets.

mod window;

use egui_kittest::kittest::Queryable;
use framework_planner::app::{App, Command, Edit, ReviewEdit, apply_indexed};
use framework_planner::model::ops::{apply_all, ops_between};
use framework_planner::model::{Lane, Status};
use framework_planner::planfile::{self, PlanFile};
use framework_planner::store::Store;

#[test]
fn a_large_file_is_applied_by_a_worker_while_the_window_draws_its_progress() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let app = App::new(Store::open(&db).unwrap()).unwrap();
    let mut h = window::window(app, window::DESKTOP);
    let before = h.state().plan.clone();

    // A file of unknown base in which every activity's notes changed.
    let mut theirs = before.clone();
    for a in &mut theirs.activities {
        a.notes = format!("Reviewed by the ministry: {}", a.code);
    }
    let path = dir.path().join("back.fwplan");
    planfile::write(
        &path,
        &PlanFile::new(theirs.clone(), None, "MoEWOE", "back", ""),
    )
    .unwrap();
    h.state_mut().handle(Command::OpenFile(path));
    h.run();
    let changes = h.state().view.review.as_ref().unwrap().changes.len();
    assert_eq!(changes, before.activities.len());

    // Off the frame from 50 changes; the worker waits before writing until told.
    let (go, hold) = std::sync::mpsc::channel();
    h.state_mut().jobs.off_frame_from = Some(50);
    h.state_mut().jobs.hold_before_writing = Some(hold);
    h.state_mut().handle(Command::ReviewEdit(ReviewEdit::Apply));
    assert!(h.state().jobs.is_running());
    for _ in 0..3 {
        h.step();
    }
    assert!(
        h.query_by_label_contains("Applying the file").is_some(),
        "the progress window is drawn"
    );
    assert!(h.state().jobs.progress().is_some());
    assert_eq!(h.state().plan, before, "nothing changes before it is saved");
    assert_eq!(
        Store::open(&db).unwrap().load_plan().unwrap().in_id_order(),
        before.in_id_order()
    );

    // An edit meanwhile is refused with a message, and changes nothing.
    let first = before.activities[0].id;
    h.state_mut().handle(Command::Edit(Edit::SetStatus {
        id: first,
        status: Status::Agreed,
    }));
    let m = h.state().view.message.clone().unwrap();
    assert!(m.error && m.text.contains("being applied"), "{}", m.text);
    assert_eq!(h.state().plan, before);

    go.send(()).unwrap();
    h.state_mut().wait_for_job();
    assert!(!h.state().jobs.is_running());
    assert_eq!(h.state().plan.in_id_order(), theirs.in_id_order());
    assert_eq!(
        Store::open(&db).unwrap().load_plan().unwrap().in_id_order(),
        theirs.in_id_order(),
        "saved"
    );
    let m = h.state().view.message.clone().unwrap();
    assert!(!m.error, "{}", m.text);
    h.step();
    assert!(h.query_by_label_contains("Applying the file").is_none());
    assert_eq!(h.state().versions().len(), 1, "the file is in the history");

    // One undo step takes it all back.
    h.state_mut().handle(Command::Undo);
    assert_eq!(h.state().plan.in_id_order(), before.in_id_order());
    assert_eq!(
        Store::open(&db).unwrap().load_plan().unwrap().in_id_order(),
        before.in_id_order()
    );
}

#[test]
fn the_indexed_apply_gives_exactly_what_the_plain_apply_gives() {
    let plan = framework_planner::seed::bmgf().unwrap();
    let mut other = plan.clone();
    // Records changed, moved, deleted and created, of several kinds.
    other.activities[3].text = "Changed".into();
    other.activities[5].lane = Lane::Long;
    other.activities.remove(7);
    other.activities.remove(20);
    let mut added = other.activities[0].clone();
    added.id = uuid::Uuid::new_v4();
    added.code = format!("{}.77", plan.sub_indicators[0].code);
    other.activities.push(added);
    other.actors[2].full_name = "Renamed".into();
    other.actors.swap(0, 1);
    let ops = ops_between(&plan, &other);
    assert!(ops.len() >= 6);

    let mut plain = plan.clone();
    apply_all(&mut plain, &ops).unwrap();
    let mut indexed = plan.clone();
    let mut steps = 0;
    apply_indexed(&mut indexed, &ops, |n| steps = n).unwrap();
    assert_eq!(indexed, plain, "same records in the same order");
    assert_eq!(steps, ops.len());

    // A stale operation is refused as the plain apply refuses it.
    let mut stale = plain.clone();
    let e1 = apply_all(&mut stale, &ops).unwrap_err();
    let mut stale = plain.clone();
    let e2 = apply_indexed(&mut stale, &ops, |_| {}).unwrap_err();
    assert_eq!(e1, e2);
}
