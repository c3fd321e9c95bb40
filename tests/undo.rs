//! Undo and redo on one mechanism: every change is operations with old and new values.

use framework_planner::app::{App, Command};
use framework_planner::model::Lane;
use framework_planner::model::board::Anchor;
use framework_planner::store::Store;

#[test]
fn undoing_every_move_restores_the_plan_exactly_and_redo_reapplies() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut app = App::new(Store::open(&db).unwrap()).unwrap();
    let original = app.plan.in_id_order();
    let id = |app: &App, code: &str| {
        app.plan
            .activities
            .iter()
            .find(|a| a.code == code)
            .unwrap()
            .id
    };

    // Enough moves into one gap that the lane is renumbered, plus moves of inferred timelines.
    let anchor = id(&app, "2.1.5.7");
    for code in [
        "1.1.1.2", "1.1.1.3", "1.1.1.4", "1.1.2.2", "1.1.2.3", "1.2.1.1", "1.2.1.2", "1.3.1.1",
        "1.3.1.2", "1.3.4.1", "1.3.4.2", "1.3.4.3", "1.4.1.1",
    ] {
        let a = id(&app, code);
        app.handle(Command::Move {
            id: a,
            lane: Lane::Long,
            anchor: Anchor::After(anchor),
        });
    }
    let x = id(&app, "1.1.1.2");
    assert!(
        !app.plan.activity(x).unwrap().inferred.timeline,
        "a lane chosen by a person is not inferred"
    );
    let moved = app.plan.in_id_order();
    assert_ne!(moved, original);
    let steps = app.history.undo.len();
    assert_eq!(steps, 13);

    for _ in 0..steps {
        app.handle(Command::Undo);
    }
    assert_eq!(app.plan.in_id_order(), original, "in memory");
    assert_eq!(
        Store::open(&db).unwrap().load_plan().unwrap().in_id_order(),
        original,
        "on disk"
    );
    assert!(
        app.plan.activity(x).unwrap().inferred.timeline,
        "undo restores the inferred mark"
    );

    for _ in 0..steps {
        app.handle(Command::Redo);
    }
    assert_eq!(app.plan.in_id_order(), moved);
    assert_eq!(
        Store::open(&db).unwrap().load_plan().unwrap().in_id_order(),
        moved
    );

    // A new change after undo clears what could be redone.
    app.handle(Command::Undo);
    let a = id(&app, "1.1.1.1");
    app.handle(Command::Move {
        id: a,
        lane: Lane::Medium,
        anchor: Anchor::End,
    });
    assert!(app.history.redo.is_empty());
}

#[test]
fn a_move_that_changes_nothing_is_not_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(Store::open(&dir.path().join("p.sqlite")).unwrap()).unwrap();
    let a = app
        .plan
        .activities
        .iter()
        .find(|a| a.code == "1.1.1.1")
        .unwrap()
        .id;
    let b = app
        .plan
        .activities
        .iter()
        .find(|a| a.code == "1.1.1.2")
        .unwrap()
        .id;
    app.handle(Command::Move {
        id: a,
        lane: Lane::Short,
        anchor: Anchor::Before(b),
    });
    assert!(app.history.undo.is_empty());
}
