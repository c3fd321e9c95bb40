//! Links from activities to the GCM and the SDGs are records like any other: saved at once,
//! undone and redone, carried in plan files, listed in compare, merged.

mod window;

use framework_planner::app::{App, Command, Edit};
use framework_planner::model::Link;
use framework_planner::planfile::{self, ChangeKind, EntityKind, PlanFile, diff, merge};
use framework_planner::store::Store;
use window::{id_of, saved};

fn links_of(plan: &framework_planner::model::Plan, code: &str) -> Vec<String> {
    let id = id_of(plan, code);
    let mut v: Vec<String> = plan
        .links
        .iter()
        .filter(|l| l.activity_id == id)
        .map(|l| l.target.clone())
        .collect();
    v.sort();
    v
}

#[test]
fn a_link_is_saved_at_once_undone_redone_and_carried_in_a_plan_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut app = App::new(Store::open(&db).unwrap()).unwrap();
    let a = id_of(&app.plan, "4.1.1.1");
    app.handle(Command::Edit(Edit::AddLink {
        activity: a,
        target: "gcm:6a".into(),
    }));
    assert_eq!(links_of(&saved(&db), "4.1.1.1"), ["gcm:6a"]);
    // The same link twice is one link.
    app.handle(Command::Edit(Edit::AddLink {
        activity: a,
        target: "gcm:6a".into(),
    }));
    assert_eq!(saved(&db).links.len(), 1);
    app.handle(Command::Undo);
    assert!(saved(&db).links.is_empty());
    app.handle(Command::Redo);
    assert_eq!(links_of(&saved(&db), "4.1.1.1"), ["gcm:6a"]);

    let file = PlanFile::new(app.plan.clone(), None, "me", "v1", "");
    let path = dir.path().join("v1.fwplan");
    planfile::write(&path, &file).unwrap();
    let back = planfile::read_path(&path).unwrap();
    assert_eq!(back.plan.links, app.plan.links);

    let id = app.plan.links[0].id;
    app.handle(Command::Edit(Edit::RemoveLink(id)));
    assert!(saved(&db).links.is_empty());
    app.handle(Command::Undo);
    assert_eq!(saved(&db).links.len(), 1);
}

#[test]
fn an_unknown_target_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut app = App::new(Store::open(&db).unwrap()).unwrap();
    let a = id_of(&app.plan, "4.1.1.1");
    for target in ["gcm:24", "gcm:6z", "sdg:99.1", "anything"] {
        app.handle(Command::Edit(Edit::AddLink {
            activity: a,
            target: target.into(),
        }));
        assert!(app.view.message.as_ref().unwrap().error, "{target}");
    }
    assert!(saved(&db).links.is_empty());
}

fn link(n: u128, activity: uuid::Uuid, target: &str) -> Link {
    Link {
        id: uuid::Uuid::from_u128(0x7000 + n),
        activity_id: activity,
        target: target.into(),
    }
}

#[test]
fn compare_lists_links_and_a_merge_keeps_both_sides_link_changes() {
    let base_plan = framework_planner::seed::bmgf().unwrap();
    let (a, b) = (id_of(&base_plan, "4.1.1.1"), id_of(&base_plan, "5.1.1.1"));
    let mut base = base_plan.clone();
    base.links = vec![link(1, a, "gcm:6"), link(2, b, "sdg:10.7")];
    // Ours adds one link and removes another; theirs adds two.
    let mut ours = base.clone();
    ours.links.retain(|l| l.target != "sdg:10.7");
    ours.links.push(link(3, a, "gcm:6a"));
    let mut theirs = base.clone();
    theirs.links.push(link(4, b, "gcm:21"));
    theirs.links.push(link(5, a, "sdg:8.8"));

    let changes = diff(&base, &theirs);
    let added: Vec<_> = changes
        .iter()
        .filter(|c| c.entity == EntityKind::Link && c.kind == ChangeKind::Added)
        .map(|c| (c.label.clone(), c.detail.clone()))
        .collect();
    assert_eq!(added.len(), 2, "{changes:?}");
    assert!(added.contains(&("5.1.1.1".into(), "gcm:21".into())));
    assert!(
        changes
            .iter()
            .any(|c| c.sentence() == "4.1.1.1 linked to sdg:8.8"),
        "{:?}",
        changes.iter().map(|c| c.sentence()).collect::<Vec<_>>()
    );

    for (x, y) in [(&ours, &theirs), (&theirs, &ours)] {
        let m = merge(&base, x, y);
        assert!(m.conflicts.is_empty());
        assert_eq!(
            links_of(&m.merged, "4.1.1.1"),
            ["gcm:6", "gcm:6a", "sdg:8.8"]
        );
        assert_eq!(links_of(&m.merged, "5.1.1.1"), ["gcm:21"]);
    }
}
