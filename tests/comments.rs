//! Comments and decisions on activities are edits like any other: saved in one step, undone and
//! redone in memory and on disk, carried by plan files, and restored with their activity.

mod edit_support;

use edit_support::Fixture;
use framework_planner::app::Edit;
use framework_planner::model::{CommentKind, Entity, Op, ops};
use framework_planner::planfile::{self, PlanFile};

fn add(f: &mut Fixture, code: &str, kind: CommentKind, text: &str) {
    let activity = f.act(code).id;
    f.edit(Edit::AddComment {
        activity,
        kind,
        text: text.into(),
    });
}

#[test]
fn a_comment_is_saved_undone_and_redone_like_any_edit() {
    let mut f = Fixture::new();
    f.app.view.author = "Facilitator".into();
    let activity = f.act("1.1.1.2").id;
    let after = f.round_trip(Edit::AddComment {
        activity,
        kind: CommentKind::Comment,
        text: "  Ask the ministry for the budget line.  ".into(),
    });
    assert_eq!(after.comments.len(), 1);
    let c = &after.comments[0];
    assert_eq!(c.activity_id, activity);
    assert_eq!(c.author, "Facilitator");
    assert_eq!(c.text, "Ask the ministry for the budget line.");
    assert_eq!(c.kind, CommentKind::Comment);
    assert_eq!(c.session_id, None);
    assert_eq!(f.app.derived.comment_count(activity), 1);
}

#[test]
fn a_decision_is_saved_undone_and_redone_and_deleting_it_too() {
    let mut f = Fixture::new();
    f.app.view.author = "Rapporteur".into();
    let activity = f.act("2.1.5.7").id;
    let after = f.round_trip(Edit::AddComment {
        activity,
        kind: CommentKind::Decision,
        text: "Agreed to move this to the medium term.".into(),
    });
    let decision = after
        .comments
        .iter()
        .find(|c| c.kind == CommentKind::Decision)
        .expect("the decision")
        .clone();
    let deleted = f.round_trip(Edit::DeleteComment(decision.id));
    assert!(deleted.comments.is_empty());
    assert_eq!(f.app.derived.comment_count(activity), 0);
}

#[test]
fn an_empty_comment_is_refused_and_changes_nothing() {
    let mut f = Fixture::new();
    let before = f.app.plan.in_id_order();
    add(&mut f, "1.1.1.2", CommentKind::Comment, "   ");
    assert!(f.app.view.field_error.is_some());
    assert!(f.app.history.undo.is_empty());
    f.assert_state(&before, "after a refused comment");
}

#[test]
fn deleting_an_activity_with_comments_and_undoing_restores_the_comments() {
    let mut f = Fixture::new();
    f.app.view.author = "A".into();
    add(&mut f, "1.1.1.2", CommentKind::Comment, "First remark");
    add(&mut f, "1.1.1.2", CommentKind::Decision, "Keep it");
    add(&mut f, "1.1.1.3", CommentKind::Comment, "Elsewhere");
    let with_comments = f.app.plan.in_id_order();
    assert_eq!(with_comments.comments.len(), 3);
    let id = f.act("1.1.1.2").id;

    let after = f.round_trip(Edit::Delete(id));
    assert!(after.activity(id).is_none());
    assert_eq!(
        after.comments.len(),
        1,
        "only the other activity's comment stays"
    );
    f.undo();
    f.assert_state(&with_comments, "the activity and its comments are back");
}

#[test]
fn deleting_a_branch_carries_the_comments_of_its_activities() {
    let mut f = Fixture::new();
    add(&mut f, "1.1.1.2", CommentKind::Decision, "Keep it");
    let with_comments = f.app.plan.in_id_order();
    let sub = f.act("1.1.1.2").sub_indicator_id;
    let after = f.round_trip(Edit::Delete(sub));
    assert!(after.comments.is_empty());
    f.undo();
    f.assert_state(&with_comments, "the branch and its comment are back");
}

#[test]
fn comment_operations_invert_and_ops_between_finds_them() {
    let mut f = Fixture::new();
    let before = f.app.plan.clone();
    add(&mut f, "1.1.1.2", CommentKind::Comment, "Note");
    let after = f.app.plan.clone();
    let ops = ops::ops_between(&before, &after);
    assert_eq!(ops.len(), 1);
    assert!(matches!(&ops[0], Op::Create(Entity::Comment(_))));
    let mut p = before.clone();
    ops::apply_all(&mut p, &ops).expect("applies");
    assert!(p.in_id_order() == after.in_id_order());
    ops::apply_all(&mut p, &ops::inverse_all(&ops)).expect("inverts");
    assert!(p.in_id_order() == before.in_id_order());
}

#[test]
fn plan_files_carry_comments_and_files_without_them_are_unchanged() {
    let mut f = Fixture::new();
    let plain = PlanFile::new(f.app.plan.clone(), None, "me", "v1", "");
    let bytes = plain.to_bytes();
    assert!(
        !String::from_utf8_lossy(&bytes).contains("\"comments\""),
        "a plan without comments writes no comments member"
    );
    let back = planfile::read(&bytes).expect("reads");
    assert!(
        back.sha256() == plain.sha256(),
        "the same version reads back"
    );
    assert!(back.plan.in_id_order() == plain.plan.in_id_order());

    f.app.view.author = "Chair <b>".into();
    add(&mut f, "1.1.1.2", CommentKind::Decision, "Agreed \"as is\"");
    let file = PlanFile::new(f.app.plan.clone(), None, "me", "v2", "");
    let back = planfile::read(&file.to_bytes()).expect("reads");
    assert_eq!(back.plan.comments, f.app.plan.comments);
    assert!(back.plan.in_id_order() == f.app.plan.in_id_order());
}

#[test]
fn a_plan_file_whose_comment_names_no_activity_is_refused() {
    let mut f = Fixture::new();
    add(&mut f, "1.1.1.2", CommentKind::Comment, "Note");
    let mut plan = f.app.plan.clone();
    plan.comments[0].activity_id = uuid::Uuid::from_u128(7);
    let bytes = PlanFile::new(plan, None, "me", "v", "").to_bytes();
    let err = planfile::read(&bytes).expect_err("a dangling comment is refused");
    assert_eq!(err.kind(), "dangling_reference");
}

#[test]
fn a_schema_2_database_gains_comments_and_keeps_its_plan() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.sqlite");
    let before = framework_planner::store::Store::open(&db)
        .unwrap()
        .load_plan()
        .unwrap();
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch(
            "DROP TABLE reference_association; DROP TABLE reference_entry; DROP TABLE link; DROP TABLE change_log; DROP TABLE session; DROP TABLE comment;
             PRAGMA user_version = 2;",
        )
        .unwrap();
    }
    let mut f = Fixture::open(&db);
    assert!(f.app.plan.in_id_order() == before.in_id_order());
    add(
        &mut f,
        "1.1.1.2",
        CommentKind::Decision,
        "Kept after the upgrade",
    );
    assert_eq!(f.saved().comments.len(), 1);
}

#[test]
fn ops_between_leaves_out_comments_whose_activity_is_gone() {
    let mut f = Fixture::new();
    add(&mut f, "1.1.1.2", CommentKind::Comment, "Note");
    let from = f.app.plan.clone();
    let gone = f.act("1.1.1.2").id;
    // A target that dropped the activity but, like a spreadsheet import, kept the comment.
    let mut to = from.clone();
    to.activities.retain(|a| a.id != gone);
    let ops = ops::ops_between(&from, &to);
    let mut p = from.clone();
    ops::apply_all(&mut p, &ops).expect("applies");
    assert!(
        p.comments.is_empty(),
        "the orphan comment is deleted with its activity"
    );
    f.app
        .store
        .commit(&ops)
        .expect("the database accepts the same operations");
    assert!(f.saved().in_id_order() == p.in_id_order());
}
