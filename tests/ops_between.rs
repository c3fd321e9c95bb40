//! `ops_between`: the operations that turn one plan into another, in an order the database
//! accepts, undone by their inverse.

use framework_planner::model::ops::{apply_all, inverse_all, ops_between};
use framework_planner::model::{
    Activity, Actor, ActorKind, Goal, Id, Indicator, Lane, Op, Plan, Status, SubIndicator,
};
use framework_planner::store::Store;
use uuid::Uuid;

fn bmgf() -> Plan {
    framework_planner::seed::bmgf().unwrap()
}

fn assert_same(a: &Plan, b: &Plan, what: &str) {
    let (a, b) = (a.in_id_order(), b.in_id_order());
    assert_eq!(a.goals, b.goals, "{what}: goals");
    assert_eq!(a.indicators, b.indicators, "{what}: indicators");
    assert_eq!(a.sub_indicators, b.sub_indicators, "{what}: sub-indicators");
    assert_eq!(a.actors, b.actors, "{what}: actors");
    assert_eq!(a.activities, b.activities, "{what}: activities");
    assert_eq!(a, b, "{what}");
}

fn actor_id(p: &Plan, abbreviation: &str) -> Id {
    p.actors
        .iter()
        .find(|a| a.abbreviation == abbreviation)
        .unwrap()
        .id
}

fn act<'a>(p: &'a mut Plan, code: &str) -> &'a mut Activity {
    p.activities.iter_mut().find(|a| a.code == code).unwrap()
}

fn new_activity(sub: Id, code: &str, lead: Id) -> Activity {
    Activity {
        id: Uuid::new_v4(),
        sub_indicator_id: sub,
        code: code.into(),
        text: format!("New activity {code}"),
        leads: vec![lead],
        co_leads: Vec::new(),
        lane: Lane::Medium,
        lane_pos: 1,
        outline_pos: 99,
        status: Status::Proposed,
        notes: String::new(),
        inferred: Default::default(),
        source_note: String::new(),
        source_line: None,
    }
}

/// A target made from `from` with additions, edits and deletions at every level.
fn target(from: &Plan) -> Plan {
    let mut to = from.clone();

    // Goals: one edited, one new (with a new branch and an indicator moved under it), and the
    // last one deleted with its whole branch.
    to.goals.sort_by_key(|g| g.position);
    to.goals[0].title.push_str(" (revised)");
    let gone = to.goals.pop().unwrap().id;
    let gone_inds: Vec<Id> = to
        .indicators
        .iter()
        .filter(|i| i.goal_id == gone)
        .map(|i| i.id)
        .collect();
    let gone_subs: Vec<Id> = to
        .sub_indicators
        .iter()
        .filter(|s| gone_inds.contains(&s.indicator_id))
        .map(|s| s.id)
        .collect();
    assert!(!gone_subs.is_empty());
    to.indicators.retain(|i| i.goal_id != gone);
    to.sub_indicators
        .retain(|s| !gone_inds.contains(&s.indicator_id));
    let before = to.activities.len();
    to.activities
        .retain(|a| !gone_subs.contains(&a.sub_indicator_id));
    assert!(to.activities.len() < before);

    let goal = Goal {
        id: Uuid::new_v4(),
        code: "11".into(),
        title: "A new goal".into(),
        key_elements: "One\nTwo".into(),
        position: 11,
        source_line: None,
    };
    let ind = Indicator {
        id: Uuid::new_v4(),
        goal_id: goal.id,
        code: "11.1".into(),
        title: "A new indicator".into(),
        position: 1,
        source_line: None,
    };
    to.goals.push(goal.clone());
    to.indicators.push(ind.clone());
    // An existing indicator moves under the new goal.
    to.indicators[0].goal_id = goal.id;
    to.indicators[1].title.push_str(" (edited)");

    // Sub-indicators: a new one under the new indicator and one under an existing indicator,
    // each with a new activity; one edited; one deleted, its activities moved to another.
    let lead = actor_id(from, "MoC");
    let new_sub = |indicator_id: Id, code: &str| SubIndicator {
        id: Uuid::new_v4(),
        indicator_id,
        code: code.into(),
        title: format!("New sub-indicator {code}"),
        baseline: "None yet".into(),
        position: 50,
        source_line: None,
    };
    let s1 = new_sub(ind.id, "11.1.1");
    let s2 = new_sub(to.indicators[2].id, "x.y.9");
    to.activities.push(new_activity(s1.id, "11.1.1.1", lead));
    to.activities.push(new_activity(s2.id, "x.y.9.1", lead));
    to.sub_indicators.push(s1);
    to.sub_indicators.push(s2);
    to.sub_indicators[0].baseline = "Changed baseline".into();
    let dropped = to.sub_indicators[1].id;
    let keeper = to.sub_indicators[2].id;
    let mut moved = 0;
    for a in to
        .activities
        .iter_mut()
        .filter(|a| a.sub_indicator_id == dropped)
    {
        a.sub_indicator_id = keeper;
        moved += 1;
    }
    assert!(moved > 0, "the deleted sub-indicator had activities");
    to.sub_indicators.retain(|s| s.id != dropped);

    // Actors: one merged into another (its assignments move, it is deleted); two swap their
    // abbreviations; a new actor takes the abbreviation of a deleted one; one edited.
    let (keep, merged) = (actor_id(from, "MoC"), actor_id(from, "BB"));
    for a in &mut to.activities {
        for list in [&mut a.leads, &mut a.co_leads] {
            let mut seen = Vec::new();
            for x in list.iter_mut() {
                if *x == merged {
                    *x = keep;
                }
            }
            list.retain(|x| {
                let first = !seen.contains(x);
                seen.push(*x);
                first
            });
        }
    }
    to.actors.retain(|a| a.id != merged);
    let others: Vec<usize> = (0..to.actors.len())
        .filter(|&i| to.actors[i].id != keep)
        .take(3)
        .collect();
    let (x, y) = (others[0], others[1]);
    let (ax, ay) = (
        to.actors[x].abbreviation.clone(),
        to.actors[y].abbreviation.clone(),
    );
    to.actors[x].abbreviation = ay;
    to.actors[y].abbreviation = ax;
    to.actors[others[2]].notes = "Edited notes".into();
    let taken = from
        .actors
        .iter()
        .find(|a| a.id == merged)
        .unwrap()
        .abbreviation
        .clone();
    to.actors.push(Actor {
        id: Uuid::new_v4(),
        abbreviation: taken,
        full_name: "A new actor with an old name".into(),
        kind: ActorKind::CivilSociety,
        notes: String::new(),
        source_line: None,
    });

    // Activities: edits of every kind, and deletions.
    act(&mut to, "4.5.1.2").lane = Lane::Long;
    act(&mut to, "2.1.5.2").text.push_str(" and their families");
    act(&mut to, "1.1.1.1").status = Status::Agreed;
    act(&mut to, "1.1.1.2").co_leads.push(lead);
    let doomed = to.activities[5].id;
    to.activities.retain(|a| a.id != doomed);
    to
}

#[derive(PartialEq)]
enum Made {
    Created,
    Deleted,
    Updated,
}

fn count(ops: &[Op], what: Made) -> usize {
    ops.iter()
        .filter(|op| match op {
            Op::Create(_) => what == Made::Created,
            Op::Delete(_) => what == Made::Deleted,
            Op::Update { .. } => what == Made::Updated,
            Op::Place { .. } => false,
        })
        .count()
}

#[test]
fn applying_the_operations_gives_the_target_and_their_inverse_gives_the_start() {
    let from = bmgf();
    let to = target(&from);
    let ops = ops_between(&from, &to);
    assert!(ops.iter().all(|op| !matches!(op, Op::Place { .. })));
    assert!(count(&ops, Made::Created) >= 7, "creations");
    assert!(count(&ops, Made::Deleted) >= 10, "deletions");
    // Updates only where a field differs.
    for op in &ops {
        if let Op::Update { old, new, .. } = op {
            assert_ne!(old, new, "an update that changes nothing");
        }
    }

    let mut p = from.clone();
    apply_all(&mut p, &ops).unwrap();
    assert_same(&p, &to, "applied");
    apply_all(&mut p, &inverse_all(&ops)).unwrap();
    assert_same(&p, &from, "undone");

    assert!(
        ops_between(&from, &from).is_empty(),
        "no change, no operation"
    );
}

#[test]
fn the_database_accepts_the_operations_and_their_inverse() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("plan.sqlite")).unwrap();
    let from = store.load_plan().unwrap();
    let to = target(&from);
    let ops = ops_between(&from, &to);
    store.commit(&ops).unwrap();
    assert_same(&store.load_plan().unwrap(), &to, "committed");
    store.commit(&inverse_all(&ops)).unwrap();
    assert_same(&store.load_plan().unwrap(), &from, "undone on disk");

    // And straight back, in the other direction.
    store.commit(&ops_between(&from, &to)).unwrap();
    let on_disk = store.load_plan().unwrap();
    store.commit(&ops_between(&on_disk, &from)).unwrap();
    assert_same(&store.load_plan().unwrap(), &from, "reverse diff on disk");
}

#[test]
fn actors_that_swap_abbreviations_pass_through_a_temporary_one() {
    let from = bmgf();
    let mut to = from.clone();
    let (a, b) = (
        to.actors[0].abbreviation.clone(),
        to.actors[1].abbreviation.clone(),
    );
    to.actors[0].abbreviation = b;
    to.actors[1].abbreviation = a;
    let ops = ops_between(&from, &to);
    assert_eq!(ops.len(), 4, "two moved aside, then two updated: {ops:#?}");
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("plan.sqlite")).unwrap();
    store.commit(&ops).unwrap();
    assert_same(&store.load_plan().unwrap(), &to, "swapped on disk");
}

#[test]
/// Ten thousand activities, a third edited, a seventh removed and the rest reordered: every
/// change found, nothing else. (How long it takes is the bench's `ops_between` figure.)
fn ten_thousand_reordered_activities_give_exactly_their_changes() {
    let mut from = bmgf();
    let template = from.activities.clone();
    let mut n = 0;
    while from.activities.len() < 10_000 {
        let mut a = template[n % template.len()].clone();
        a.id = Uuid::new_v4();
        a.code = format!("{}-{n}", a.code);
        from.activities.push(a);
        n += 1;
    }
    let mut to = from.clone();
    for (i, a) in to.activities.iter_mut().enumerate() {
        if i % 3 == 0 {
            a.text.push_str(" (edited)");
        }
    }
    to.activities.retain(|a| a.id.as_u128() % 7 != 0);
    to.activities.reverse();
    let ops = ops_between(&from, &to);
    let edited = count(&ops, Made::Updated);
    let deleted = count(&ops, Made::Deleted);
    assert_eq!(edited + deleted, ops.len());
    assert_eq!(from.activities.len() - deleted, to.activities.len());
    let expected_edits = from
        .activities
        .iter()
        .enumerate()
        .filter(|(i, a)| i % 3 == 0 && a.id.as_u128() % 7 != 0)
        .count();
    assert_eq!(edited, expected_edits);
}
