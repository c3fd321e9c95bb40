//! Workshop sessions: every change made while one runs is tagged with it, and only those; its
//! report lists exactly what the room changed and decided; the HTML report is escaped and
//! self-contained; and, on screen, a comment added in the detail panel shows on the card.

mod edit_support;
mod window;

use edit_support::Fixture;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn type_into(h: &mut Harness<App>, label: &str, text: &str) {
    h.get_by_role_and_label(egui::Role::TextInput, label)
        .focus();
    h.run();
    h.get_by_role_and_label(egui::Role::TextInput, label)
        .type_text(text);
    h.run();
}
use framework_planner::app::{App, Command, Edit, MainView, SessionForm};
use framework_planner::model::board::Anchor;
use framework_planner::model::{CommentKind, Lane, Status};
use framework_planner::planfile;
use framework_planner::store::Store;
use window::{DESKTOP, window_on};

fn form(title: &str) -> SessionForm {
    SessionForm {
        title: title.into(),
        date: "2026-11-22".into(),
        place: "Dhaka".into(),
        facilitator: "Facilitator".into(),
        participants: "24".into(),
        notes: "Validation of goals 1 and 2".into(),
        error: None,
    }
}

fn decide(f: &mut Fixture, code: &str, text: &str) {
    let activity = f.act(code).id;
    f.edit(Edit::AddComment {
        activity,
        kind: CommentKind::Decision,
        text: text.into(),
    });
}

#[test]
fn a_session_tags_exactly_the_changes_made_during_it_and_its_report_lists_them() {
    let mut f = Fixture::new();
    f.app.view.author = "Rapporteur".into();

    // Before the session: an edit and a decision that are not the session's.
    let a = f.act("1.1.1.2").id;
    f.edit(Edit::SetStatus {
        id: a,
        status: Status::Dropped,
    });
    decide(&mut f, "1.1.1.2", "Decided before the session");
    let before_log = f.app.store.changes().unwrap().len();
    assert_eq!(before_log, 2);

    assert!(f.app.start_session(form("Validation day 1")));
    let id = f.app.view.session.as_ref().expect("running").id;
    let start = f.app.plan.clone();

    // During: a status change, a move, a decision, a comment, an undo and a redo.
    let b = f.act("2.1.5.7").id;
    f.edit(Edit::SetStatus {
        id: b,
        status: Status::Agreed,
    });
    let c = f.act("1.1.1.3").id;
    f.edit(Edit::SetStatus {
        id: c,
        status: Status::NeedsRevision,
    });
    f.handle(Command::Move {
        id: b,
        lane: Lane::Long,
        anchor: Anchor::End,
    });
    decide(&mut f, "2.1.5.7", "Agreed with the ministry's wording");
    f.edit(Edit::AddComment {
        activity: c,
        kind: CommentKind::Comment,
        text: "Needs a budget line".into(),
    });
    f.undo();
    f.redo();
    let end = f.app.plan.clone();
    let ended = f.app.end_session().expect("ended");
    assert_eq!(ended.id, id);
    assert!(ended.ended_at.is_some());
    assert!(f.app.view.session.is_none());
    assert!(
        f.app.view.dialog.is_some(),
        "ending offers to save a version"
    );
    f.handle(Command::SetDialog(None));

    // After: not the session's.
    f.edit(Edit::SetStatus {
        id: a,
        status: Status::Proposed,
    });

    let all = f.app.store.changes().unwrap();
    let tagged = f.app.store.changes_in(id).unwrap();
    assert_eq!(tagged.len(), 7, "five edits, an undo and a redo");
    assert!(tagged.iter().all(|ch| ch.session_id == Some(id)));
    assert_eq!(all.len(), before_log + 7 + 1);
    assert!(all[..before_log].iter().all(|ch| ch.session_id.is_none()));
    assert!(
        all[before_log + 7..]
            .iter()
            .all(|ch| ch.session_id.is_none())
    );
    assert!(tagged[0].records.contains(&b), "the log names what changed");
    // The log keeps the operations, rendered when shown: the third step added an activity.
    let shown: Vec<String> = tagged[2]
        .ops
        .iter()
        .map(|op| planfile::Change::sentence(&planfile::diff::change_of(op, &f.app.plan)))
        .collect();
    assert!(shown.iter().any(|s| s.contains("2.1.5.7")), "{shown:?}");
    assert!(
        tagged.iter().all(|ch| ch.summary.is_empty()),
        "no sentence is stored"
    );

    // The comments recorded during the session carry it; the one before does not.
    let tags: Vec<_> = f.app.plan.comments.iter().map(|c| c.session_id).collect();
    assert_eq!(tags.iter().filter(|t| **t == Some(id)).count(), 2);
    assert_eq!(tags.iter().filter(|t| t.is_none()).count(), 1);

    // The report: exactly the compare from start to end, and the decisions made in it.
    let r = f.app.session_report(id).unwrap();
    let expected: Vec<String> = planfile::diff(&start, &end)
        .iter()
        .map(planfile::Change::sentence)
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(r.changes, expected);
    assert!(
        r.changes.iter().all(|s| !s.starts_with("1.1.1.2")),
        "the changes before and after are not in the report: {:?}",
        r.changes
    );
    let decisions: Vec<&str> = r
        .decisions
        .iter()
        .map(|d| d.comment.text.as_str())
        .collect();
    assert_eq!(decisions, ["Agreed with the ministry's wording"]);
    assert_eq!(r.decisions[0].code, "2.1.5.7");
    assert_eq!(r.decisions[0].comment.author, "Rapporteur");
    assert_eq!(r.comments.len(), 1);
    assert!(r.agreed.iter().any(|x| x.code == "2.1.5.7"));
    assert!(r.revision.iter().any(|x| x.code == "1.1.1.3"));
    assert_eq!(r.log.len(), 7);
}

#[test]
fn a_running_session_survives_reopening_the_database() {
    let mut f = Fixture::new();
    assert!(f.app.start_session(form("Day 2")));
    let id = f.app.view.session.as_ref().unwrap().id;
    let app = App::new(Store::open(&f.db).unwrap()).unwrap();
    assert_eq!(app.view.session.as_ref().map(|s| s.id), Some(id));
    assert_eq!(app.store.current_session(), Some(id));
    // A second session cannot start while one runs.
    assert!(!f.app.start_session(form("Another")));
    assert!(f.app.end_session().is_some());
    assert!(f.app.start_session(form("Another")));
}

#[test]
fn a_session_form_without_a_title_or_with_a_bad_count_stays_open() {
    let mut f = Fixture::new();
    assert!(!f.app.start_session(form("  ")));
    assert!(f.app.view.session_form.as_ref().unwrap().error.is_some());
    let mut bad = form("Day 3");
    bad.participants = "many".into();
    assert!(!f.app.start_session(bad));
    assert!(f.app.view.session.is_none());
    assert!(f.app.store.sessions().unwrap().is_empty());
}

#[test]
fn the_html_report_escapes_text_and_loads_nothing() {
    let mut f = Fixture::new();
    f.app.view.author = "<b>Chair</b>".into();
    assert!(
        f.app
            .start_session(form("Day <script>alert(1)</script> & \"more\""))
    );
    let id = f.app.view.session.as_ref().unwrap().id;
    decide(&mut f, "1.1.1.2", "<img src=x onerror=alert(1)> agreed");
    let activity = f.act("1.1.1.2");
    let mut changed = activity.clone();
    changed.text = "<iframe src=\"https://example.org\"></iframe>".into();
    f.edit(Edit::Activity(changed));
    f.app.end_session();

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    f.app.export_session_report(id, path.to_str().unwrap());
    let html = std::fs::read_to_string(&path).expect("the report was written");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; agreed"));
    assert!(html.contains("&lt;b&gt;Chair&lt;/b&gt;"));
    let lower = html.to_lowercase();
    for bad in [
        "<script",
        "<img",
        "<iframe",
        "<link",
        "@import",
        "src=\"http",
        "url(http",
        "href=",
    ] {
        assert!(!lower.contains(bad), "the report holds {bad:?}");
    }
    assert!(html.contains("size: A4 landscape"));
}

#[test]
fn a_comment_added_in_the_detail_panel_shows_on_the_card() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, egui::vec2(1600.0, 1400.0));
    let id = h
        .state()
        .plan
        .activities
        .iter()
        .find(|a| a.code == "1.1.1.2")
        .unwrap()
        .id;
    h.state_mut().handle(Command::ShowView(MainView::Board));
    h.state_mut().handle(Command::Select(Some(id)));
    h.run();
    assert!(h.query_by_label_contains("Comments: 1").is_none());

    type_into(&mut h, "Your name", "Facilitator");
    type_into(&mut h, "What was said…", "The room asks for a clearer lead");
    h.get_by_label("Record decision").click();
    h.run();
    h.run();

    let saved = Store::open(&db).unwrap().load_plan().unwrap();
    assert_eq!(saved.comments.len(), 1);
    assert_eq!(saved.comments[0].text, "The room asks for a clearer lead");
    assert_eq!(saved.comments[0].author, "Facilitator");
    assert_eq!(saved.comments[0].kind, CommentKind::Decision);
    assert_eq!(
        h.state().view.author,
        "Facilitator",
        "the name is remembered"
    );
    h.get_by_label_contains("Comments: 1");
    h.get_by_label("The room asks for a clearer lead");
}

#[test]
fn a_session_started_from_the_form_shows_its_banner_and_ends_with_the_save_form() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, DESKTOP);
    h.get_by_label("Workshop").click();
    h.run();
    h.get_by_label("Start a session…").click();
    h.run();
    type_into(&mut h, "Title", "Validation day 1");
    type_into(&mut h, "Participants", "30");
    h.get_by_label("Start session").click();
    h.run();
    let s = h.state().view.session.clone().expect("the session runs");
    assert_eq!(s.title, "Validation day 1");
    assert_eq!(s.participants, 30);
    h.get_by_label_contains("Session running: Validation day 1");

    h.get_by_label("End session").click();
    h.run();
    assert!(h.state().view.session.is_none());
    assert!(
        matches!(
            h.state().view.dialog,
            Some(framework_planner::app::Dialog::SaveVersion(_))
        ),
        "ending offers to save a version"
    );
    let sessions = Store::open(&db).unwrap().sessions().unwrap();
    assert_eq!(sessions.len(), 1);
    assert!(sessions[0].ended_at.is_some());
}
