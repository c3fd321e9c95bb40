//! The work of one change follows the size of the change, not of the plan: counted, not timed.
//! Rows written come from SQLite's `total_changes`; derived entries recomputed from
//! `Derived::rebuilt`. The patched derived values equal a rebuild from scratch.

use framework_planner::app::{App, BoardCache, Command, Derived, Edit};
use framework_planner::bench::synthetic_plan;
use framework_planner::model::board::Anchor;
use framework_planner::model::{CommentKind, Filter, Lane};
use framework_planner::store::Store;

fn app_of(n: usize, dir: &std::path::Path) -> App {
    let db = dir.join(format!("plan-{n}.sqlite"));
    let store = Store::open_with(&db, || synthetic_plan(n)).unwrap();
    App::new(store).unwrap()
}

/// The derived values as a rebuild would make them.
fn assert_same_as_rebuilt(app: &App, after: &str) {
    let fresh = Derived::new(&app.plan);
    let d = &app.derived;
    assert_eq!(d.index, fresh.index, "index after {after}");
    assert_eq!(d.lanes, fresh.lanes, "lanes after {after}");
    assert_eq!(d.outline, fresh.outline, "outline after {after}");
    assert_eq!(d.parents, fresh.parents, "parents after {after}");
    assert_eq!(d.flags, fresh.flags, "flags after {after}");
    assert_eq!(d.checks, fresh.checks, "checks after {after}");
    assert_eq!(d.comments, fresh.comments, "comment counts after {after}");
}

/// The board's cache, brought up to date (patched when it can be), as a rebuild would make it.
fn assert_board_same_as_rebuilt(app: &mut App, after: &str) {
    app.board
        .refresh(&app.plan, &app.derived, &app.view.filter, app.view.grouped);
    let mut fresh = BoardCache::default();
    fresh.refresh(&app.plan, &app.derived, &app.view.filter, app.view.grouped);
    assert_eq!(app.board.visible, fresh.visible, "visible after {after}");
    assert_eq!(app.board.counts, fresh.counts, "counts after {after}");
    assert_eq!(app.board.bands, fresh.bands, "bands after {after}");
}

/// What one command cost: rows the database wrote, and activities whose derived entries were
/// recomputed.
fn cost(app: &mut App, cmd: Command) -> (u64, usize) {
    let before = app.store.total_changes();
    let revision = app.derived.revision;
    app.handle(cmd);
    assert_eq!(
        app.derived.revision,
        revision + 1,
        "the command changed the plan"
    );
    (app.store.total_changes() - before, app.derived.rebuilt)
}

/// The commands measured, on any plan: an add, a move to the end of another lane, an edit of
/// one field, a delete (of the activity just added) and an undo of it.
fn costs(app: &mut App) -> Vec<(&'static str, (u64, usize))> {
    let sub = app.plan.sub_indicators[0].id;
    let add = cost(app, Command::Edit(Edit::AddActivity { sub }));
    let added = app.view.selected.unwrap();
    let moved = app.plan.activities[app.plan.activities.len() / 2].id;
    let lane = app.plan.activity(moved).unwrap().lane;
    let to = if lane == Lane::Long {
        Lane::Short
    } else {
        Lane::Long
    };
    let mv = cost(
        app,
        Command::Move {
            id: moved,
            lane: to,
            anchor: Anchor::End,
        },
    );
    let mut a = app.plan.activity(moved).unwrap().clone();
    a.text = "Edited once".into();
    let edit = cost(app, Command::Edit(Edit::Activity(a)));
    let delete = cost(app, Command::Edit(Edit::Delete(added)));
    let undo = cost(app, Command::Undo);
    vec![
        ("add", add),
        ("move", mv),
        ("edit", edit),
        ("delete", delete),
        ("undo", undo),
    ]
}

#[test]
fn one_add_move_or_edit_writes_and_recomputes_as_much_at_ten_thousand_as_at_one_thousand() {
    let dir = tempfile::tempdir().unwrap();
    let mut small = app_of(1_000, dir.path());
    let mut large = app_of(10_000, dir.path());
    let (s, l) = (costs(&mut small), costs(&mut large));
    assert_eq!(s, l, "rows written and entries recomputed, 1,000 vs 10,000");
    for (name, (rows, rebuilt)) in &l {
        // The record, its assignments (a lead and a co-lead, written again on an edit) and
        // the change log's row; nothing else of the plan.
        assert!((2..=6).contains(rows), "{name} wrote {rows} rows");
        assert_eq!(*rebuilt, usize::from(*name != "delete"), "{name}");
    }
    assert_same_as_rebuilt(&large, "the measured commands");
}

#[test]
fn derived_values_patched_after_every_kind_of_edit_equal_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(Store::open(&dir.path().join("bmgf.sqlite")).unwrap()).unwrap();
    let code = |app: &App, code: &str| {
        app.plan
            .activities
            .iter()
            .find(|a| a.code == code)
            .unwrap()
            .id
    };
    let first = code(&app, "1.1.1.2");
    let other = code(&app, "2.1.5.7");
    let sub = app.plan.sub_indicators[3].id;

    let mut steps: Vec<(&str, Command)> = vec![
        ("add", Command::Edit(Edit::AddActivity { sub })),
        ("add after", Command::Edit(Edit::AddActivityAfter(first))),
        ("duplicate", Command::Edit(Edit::Duplicate(other))),
        (
            "reparent",
            Command::Edit(Edit::Reparent {
                id: first,
                sub: app.plan.sub_indicators[7].id,
            }),
        ),
        (
            "comment",
            Command::Edit(Edit::AddComment {
                activity: other,
                kind: CommentKind::Decision,
                text: "Agreed in the room".into(),
            }),
        ),
        (
            "delete with its comment",
            Command::Edit(Edit::Delete(other)),
        ),
    ];
    // Enough moves into one gap that the lane is renumbered, then back and forth.
    let anchor = code(&app, "1.1.2.2");
    let lane = app.plan.activity(anchor).unwrap().lane;
    for c in [
        "1.1.1.3", "1.1.1.4", "1.1.2.3", "1.2.1.1", "1.2.1.2", "1.3.1.1", "1.3.1.2", "1.3.4.1",
        "1.3.4.2", "1.3.4.3", "1.4.1.1", "1.4.2.1", "1.4.2.2",
    ] {
        steps.push((
            "move into one gap",
            Command::Move {
                id: code(&app, c),
                lane,
                anchor: Anchor::After(anchor),
            },
        ));
    }
    for _ in 0..3 {
        for to in [Anchor::Before(anchor), Anchor::End] {
            steps.push((
                "move",
                Command::Move {
                    id: first,
                    lane: Lane::Medium,
                    anchor: to,
                },
            ));
        }
    }
    let mut renumbered = false;
    // A search, so that changes also change what is shown.
    app.handle(Command::SetFilter(Filter {
        text: "1.1".into(),
        ..Filter::default()
    }));
    for (name, cmd) in steps {
        let rebuilds = app.board.rebuilds;
        app.handle(cmd);
        assert_same_as_rebuilt(&app, name);
        assert_board_same_as_rebuilt(&mut app, name);
        if !name.starts_with("delete") {
            assert_eq!(
                app.board.rebuilds, rebuilds,
                "{name}: the board was patched"
            );
        }
        // Only the activities the command's operations name.
        let ops = app.history.undo.last().map_or(0, Vec::len);
        assert!(
            app.derived.rebuilt <= ops && app.derived.rebuilt < app.plan.activities.len(),
            "{name} recomputed {} entries for {ops} operations",
            app.derived.rebuilt
        );
        renumbered |= app.derived.rebuilt > 2;
    }
    assert!(renumbered, "a move renumbered the lane");
    let mut a = app.plan.activity(first).unwrap().clone();
    a.code = format!("{}.99", app.plan.sub_indicators[7].code);
    a.lane = Lane::Long;
    app.handle(Command::Edit(Edit::Activity(a)));
    assert!(app.view.field_error.is_none(), "{:?}", app.view.field_error);
    assert_same_as_rebuilt(&app, "a new code and lane");
    let added = app.view.selected;
    app.handle(Command::Edit(Edit::Delete(added.unwrap())));
    assert_same_as_rebuilt(&app, "delete");
    while !app.history.undo.is_empty() {
        app.handle(Command::Undo);
        assert_same_as_rebuilt(&app, "undo");
    }
    for _ in 0..5 {
        app.handle(Command::Redo);
        assert_same_as_rebuilt(&app, "redo");
    }
}
