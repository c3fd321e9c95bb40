//! Nobody's work is lost when several writers share a database, or when a file comes back:
//! each change is a field-level operation checked against what the database holds.

mod window;

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output};

use framework_planner::app::{App, Command, Edit, MainView, ReviewEdit};
use framework_planner::model::record::{EntityKind, Field, Value};
use framework_planner::model::{Comment, CommentKind, Plan};
use framework_planner::planfile::{self, PlanFile};
use framework_planner::store::{Store, StoreError};
use window::{DESKTOP, id_of, saved, window_on};

const BIN: &str = env!("CARGO_BIN_EXE_framework-planner");

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn text_of(plan: &Plan, code: &str) -> (String, String) {
    let a = &plan.activities[plan.activities.iter().position(|a| a.code == code).unwrap()];
    (a.text.clone(), a.notes.clone())
}

/// A database with the built-in plan and a version of it recorded, as `v1.fwplan`.
fn setup(dir: &Path) -> (PathBuf, PlanFile) {
    let db = dir.join("plan.sqlite");
    let mut store = Store::open(&db).unwrap();
    let plan = store.load_plan().unwrap();
    let path = dir.join("v1.fwplan");
    let v1 = PlanFile::new(plan, None, "Facilitator", "v1", "");
    planfile::write(&path, &v1).unwrap();
    store.record_version(&v1, &path).unwrap();
    (db, v1)
}

/// A file based on `v1` with `change` made to its plan.
fn returned(dir: &Path, name: &str, v1: &PlanFile, change: impl FnOnce(&mut Plan)) -> PathBuf {
    let mut plan = v1.plan.clone();
    change(&mut plan);
    let path = dir.join(name);
    let f = PlanFile::new(plan, Some(v1.version_id), "Official", name, "");
    planfile::write(&path, &f).unwrap();
    path
}

fn set(plan: &mut Plan, code: &str, f: impl FnOnce(&mut framework_planner::model::Activity)) {
    f(plan.activities.iter_mut().find(|a| a.code == code).unwrap())
}

fn edit_text(
    plan: &Plan,
    code: &str,
    field: Field,
    text: &str,
) -> Vec<framework_planner::model::Op> {
    let a = plan.activities.iter().find(|a| a.code == code).unwrap();
    let old = match field {
        Field::Text => a.text.clone(),
        _ => a.notes.clone(),
    };
    vec![framework_planner::model::Op::Update {
        kind: EntityKind::Activity,
        id: a.id,
        field,
        old: Value::Text(old),
        new: Value::Text(text.into()),
    }]
}

#[test]
fn two_writers_that_read_before_either_wrote_both_land_on_different_fields() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut a = Store::open(&db).unwrap();
    let mut b = Store::open(&db).unwrap();
    let (pa, pb) = (a.load_plan().unwrap(), b.load_plan().unwrap());
    a.commit(&edit_text(&pa, "1.1.1.1", Field::Text, "Text from A"))
        .unwrap();
    b.commit(&edit_text(&pb, "1.1.1.1", Field::Notes, "Notes from B"))
        .unwrap();
    assert_eq!(
        text_of(&saved(&db), "1.1.1.1"),
        ("Text from A".into(), "Notes from B".into())
    );
}

#[test]
fn a_writer_that_read_before_another_changed_the_same_field_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut a = Store::open(&db).unwrap();
    let mut b = Store::open(&db).unwrap();
    let (pa, pb) = (a.load_plan().unwrap(), b.load_plan().unwrap());
    a.commit(&edit_text(&pa, "1.1.1.1", Field::Notes, "A's notes"))
        .unwrap();
    // B's step also changes another field; the whole step is refused.
    let mut step = edit_text(&pb, "1.1.1.2", Field::Text, "B's other text");
    step.extend(edit_text(&pb, "1.1.1.1", Field::Notes, "B's notes"));
    let e = b.commit(&step).unwrap_err();
    assert!(
        matches!(&e, StoreError::Conflict { field: Some(Field::Notes), label, .. } if label == "1.1.1.1"),
        "{e:?}"
    );
    assert!(e.to_string().contains("1.1.1.1"), "{e}");
    let now = saved(&db);
    assert_eq!(text_of(&now, "1.1.1.1").1, "A's notes");
    assert_eq!(
        text_of(&now, "1.1.1.2").0,
        text_of(&pb, "1.1.1.2").0,
        "nothing of B's step"
    );
}

#[test]
fn two_imports_at_once_both_land_or_one_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let (db, v1) = setup(dir.path());
    let text = returned(dir.path(), "text.fwplan", &v1, |p| {
        set(p, "1.1.1.1", |a| a.text = "Text from MoEWOE".into())
    });
    let notes = returned(dir.path(), "notes.fwplan", &v1, |p| {
        set(p, "1.1.1.1", |a| a.notes = "Notes from MoLE".into())
    });
    for round in 0..4 {
        // Started together: their reads and writes interleave as the machine runs them.
        let spawn = |f: &Path| {
            Process::new(BIN)
                .args(["import", s(f), "--db", s(&db), "--yes"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (x, y) = (spawn(&text), spawn(&notes));
        let (x, y) = (x.wait_with_output().unwrap(), y.wait_with_output().unwrap());
        let now = saved(&db);
        let (t, n) = text_of(&now, "1.1.1.1");
        for (o, landed, what) in [
            (&x, t == "Text from MoEWOE", "text"),
            (&y, n == "Notes from MoLE", "notes"),
        ] {
            if o.status.success() {
                assert!(
                    landed,
                    "round {round}: the {what} import said it applied, but it is not in the database"
                );
            } else {
                assert!(
                    stderr(o).contains("Nothing was changed")
                        || stderr(o).contains("Nothing was saved"),
                    "round {round}: the {what} import failed without saying so: {}",
                    stderr(o)
                );
            }
        }
        if round == 0 {
            // Different fields of one activity: field-level checks let both land.
            assert!(
                x.status.success() && y.status.success(),
                "{} / {}",
                stderr(&x),
                stderr(&y)
            );
        }
    }
}

#[test]
fn a_window_sees_an_edit_from_the_command_line_and_keeps_it_when_editing_another_field() {
    let dir = tempfile::tempdir().unwrap();
    let (db, v1) = setup(dir.path());
    let mut h = window_on(&db, DESKTOP);
    let id = id_of(&h.state().plan, "1.1.1.1");
    h.state_mut().handle(Command::Select(Some(id)));
    h.run();

    let file = returned(dir.path(), "cli.fwplan", &v1, |p| {
        set(p, "1.1.1.1", |a| {
            a.text = "Changed on the command line".into()
        })
    });
    let o = Process::new(BIN)
        .args(["import", s(&file), "--db", s(&db), "--yes"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));

    // The next frame notices the other writer and reads the plan again.
    h.run();
    let a = h.state().activity(id).unwrap();
    assert_eq!(a.text, "Changed on the command line");
    assert_eq!(h.state().view.selected, Some(id), "the selection stays");
    assert!(
        h.state()
            .view
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("reloaded"),
        "{:?}",
        h.state().view.message
    );

    h.state_mut().handle(Command::Edit(Edit::Set {
        id,
        field: Field::Notes,
        value: Value::Text("Agreed in room".into()),
    }));
    h.run();
    assert_eq!(
        text_of(&saved(&db), "1.1.1.1"),
        (
            "Changed on the command line".into(),
            "Agreed in room".into()
        )
    );
}

#[test]
fn a_window_whose_edit_collides_with_another_writer_says_so_reloads_and_keeps_the_typing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = setup(dir.path());
    let mut app = App::new(Store::open(&db).unwrap()).unwrap();
    let id = id_of(&app.plan, "1.1.1.1");
    // Another process changes the notes; this window has not drawn a frame since.
    let mut other = Store::open(&db).unwrap();
    let plan = other.load_plan().unwrap();
    other
        .commit(&edit_text(&plan, "1.1.1.1", Field::Notes, "Theirs"))
        .unwrap();

    app.handle(Command::Select(Some(id)));
    app.handle(Command::Draft(framework_planner::app::Draft {
        record: id,
        field: framework_planner::app::TextField::Notes,
        text: "Mine".into(),
    }));
    app.handle(Command::CommitDraft);
    let msg = app.view.message.clone().unwrap();
    assert!(msg.error && msg.text.contains("1.1.1.1"), "{}", msg.text);
    assert_eq!(
        app.activity(id).unwrap().notes,
        "Theirs",
        "reloaded with theirs"
    );
    assert_eq!(
        app.view.draft.as_ref().map(|d| d.text.as_str()),
        Some("Mine"),
        "the text typed stays in its field"
    );
    assert_eq!(text_of(&saved(&db), "1.1.1.1").1, "Theirs");
    // Saved again on purpose, over theirs.
    app.handle(Command::CommitDraft);
    assert_eq!(text_of(&saved(&db), "1.1.1.1").1, "Mine");
}

/// A file with a comment, a decision and a new name for the plan.
fn three_kinds(dir: &Path, v1: &PlanFile) -> PathBuf {
    returned(dir, "remarks.fwplan", v1, |p| {
        let activity = p
            .activities
            .iter()
            .find(|a| a.code == "1.1.1.2")
            .unwrap()
            .id;
        for (n, kind, text) in [
            (1, CommentKind::Comment, "Check the budget line"),
            (2, CommentKind::Decision, "MoEWOE leads from 2027"),
        ] {
            p.comments.push(Comment {
                id: uuid::Uuid::from_u128(0x5000 + n),
                activity_id: activity,
                author: "Official".into(),
                at: chrono::DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z")
                    .unwrap()
                    .with_timezone(&chrono::Utc),
                text: text.into(),
                kind,
                session_id: None,
            });
        }
        p.name = "BMGF action plan, validated".into();
    })
}

fn open_review(db: &Path, file: &Path) -> App {
    let mut app = App::new(Store::open(db).unwrap()).unwrap();
    app.handle(Command::OpenFile(file.to_path_buf()));
    assert_eq!(app.view.main, MainView::Review, "{:?}", app.view.message);
    app
}

#[test]
fn a_returned_comment_decision_and_plan_name_are_listed_and_stored_and_each_can_be_left() {
    let dir = tempfile::tempdir().unwrap();
    let (db, v1) = setup(dir.path());
    let file = three_kinds(dir.path(), &v1);

    let mut app = open_review(&db, &file);
    let r = app.view.review.as_ref().unwrap();
    let sentences: Vec<String> = r
        .changes
        .iter()
        .map(framework_planner::ui::review::sentence)
        .collect();
    for expected in [
        "Comment on 1.1.1.2 added: “Check the budget line”",
        "Decision on 1.1.1.2 recorded: “MoEWOE leads from 2027”",
    ] {
        assert!(sentences.iter().any(|s| s == expected), "{sentences:#?}");
    }
    assert!(
        r.changes
            .iter()
            .any(|c| c.entity == EntityKind::Plan && c.field == Some(Field::Name)),
        "{sentences:#?}"
    );
    assert_eq!(r.changes.len(), 3, "{sentences:#?}");
    app.handle(Command::ReviewEdit(ReviewEdit::Apply));
    let now = saved(&db);
    assert_eq!(now.comments.len(), 2);
    assert_eq!(now.name, "BMGF action plan, validated");
    assert_eq!(app.plan.name, now.name, "the window shows the new name");

    // Leaving each one out in turn keeps the other two.
    for left in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let (db, v1) = setup(dir.path());
        let file = three_kinds(dir.path(), &v1);
        let mut app = open_review(&db, &file);
        let left_change = app.view.review.as_ref().unwrap().changes[left].clone();
        app.handle(Command::ReviewEdit(ReviewEdit::Accept(left, false)));
        app.handle(Command::ReviewEdit(ReviewEdit::Apply));
        let now = saved(&db);
        let named = now.name == "BMGF action plan, validated";
        let texts: Vec<&str> = now.comments.iter().map(|c| c.text.as_str()).collect();
        match left_change.entity {
            EntityKind::Plan => {
                assert!(!named && texts.len() == 2, "{texts:?}");
            }
            EntityKind::Comment => {
                assert!(named && texts.len() == 1, "{texts:?}");
                assert!(!texts.contains(&left_change.detail.as_str()));
            }
            other => panic!("unexpected change of a {other:?}"),
        }
    }
}

#[test]
fn opening_a_file_already_brought_in_says_so_instead_of_offering_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let (db, v1) = setup(dir.path());
    let file = three_kinds(dir.path(), &v1);
    let mut app = open_review(&db, &file);
    app.handle(Command::ReviewEdit(ReviewEdit::Apply));
    app.handle(Command::OpenFile(file.clone()));
    assert_ne!(app.view.main, MainView::Review);
    assert!(
        app.view
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("already in this plan's history"),
        "{:?}",
        app.view.message
    );
}

/// Files that break the plan's rules: a code used twice, an actor both lead and co-lead, a
/// NUL in a code.
fn hostile(dir: &Path, v1: &PlanFile) -> Vec<(PathBuf, &'static str)> {
    let second = v1
        .plan
        .activities
        .iter()
        .find(|a| a.code == "1.1.1.2")
        .unwrap()
        .code
        .clone();
    vec![
        (
            returned(dir, "duplicate.fwplan", v1, |p| {
                set(p, "1.1.1.1", |a| a.code = second.clone())
            }),
            "used twice",
        ),
        (
            returned(dir, "twice.fwplan", v1, |p| {
                set(p, "1.1.1.1", |a| {
                    let lead = a.leads[0];
                    a.co_leads.push(lead)
                })
            }),
            "same actor twice",
        ),
        (
            returned(dir, "nul.fwplan", v1, |p| {
                set(p, "1.1.1.1", |a| a.code = "1.1.1.\u{0}1".into())
            }),
            "control or text-direction characters",
        ),
    ]
}

#[test]
fn an_imported_file_that_breaks_the_rules_is_refused_on_the_command_line_and_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let (db, v1) = setup(dir.path());
    let before = saved(&db);
    for (file, why) in hostile(dir.path(), &v1) {
        let o = Process::new(BIN)
            .args(["import", s(&file), "--db", s(&db), "--yes"])
            .output()
            .unwrap();
        assert!(!o.status.success(), "{}: {}", file.display(), stderr(&o));
        assert!(
            stderr(&o).contains(why),
            "{}: {}",
            file.display(),
            stderr(&o)
        );
        assert!(stderr(&o).contains("Nothing was changed"), "{}", stderr(&o));

        let mut app = open_review(&db, &file);
        app.handle(Command::ReviewEdit(ReviewEdit::Apply));
        let msg = app.view.message.clone().unwrap();
        assert!(msg.error, "{}: {}", file.display(), msg.text);
        assert_eq!(app.view.main, MainView::Review, "the review stays open");
        assert!(
            saved(&db).in_id_order() == before.in_id_order(),
            "{}",
            file.display()
        );
    }
}

#[test]
fn the_history_shows_the_last_changes_from_the_log_of_operations() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = setup(dir.path());
    let mut app = App::new(Store::open(&db).unwrap()).unwrap();
    let id = id_of(&app.plan, "1.1.1.1");
    app.handle(Command::Edit(Edit::Set {
        id,
        field: Field::Notes,
        value: Value::Text("Agreed in room".into()),
    }));
    app.handle(Command::ShowView(MainView::Versions));
    let lines: Vec<String> = app
        .recent_changes()
        .iter()
        .map(|s| framework_planner::ui::review::log_line(s, &app.plan, "%H:%M"))
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].ends_with("notes of 1.1.1.1 edited"), "{lines:?}");
}
