//! Properties of the one record model, over random sequences of edits of every kind of record:
//! the operations between two plans lead from one to the other, undo restores the plan in
//! memory and on disk, and merges keep what each side did.

mod common;

use chrono::TimeZone;
use framework_planner::model::ops::{apply_all, inverse_all, ops_between};
use framework_planner::model::record::{Field, Value};
use framework_planner::model::{Comment, CommentKind, Lane, Op, Plan, Status, edit};
use framework_planner::planfile::merge;
use framework_planner::store::Store;
use proptest::prelude::*;
use uuid::Uuid;

/// One edit a person could make, on records picked by index (wrapped to what the plan holds).
#[derive(Clone, Debug)]
enum Step {
    ActivityText(usize, String),
    ActivityNotes(usize, String),
    ActivityStatus(usize, usize),
    Lane(usize, usize, i64),
    Lead(usize, usize),
    CoLeads(usize, Vec<usize>),
    GoalTitle(String),
    IndicatorTitle(String),
    Baseline(usize, String),
    ActorName(usize, String),
    PlanName(String),
    AddActivity(usize, String),
    DeleteActivity(usize),
    AddComment(usize, String, bool),
    DeleteComment(usize),
    AddLink(usize, u8, Option<char>),
    RemoveLink(usize),
}

fn words() -> impl Strategy<Value = String> {
    "[a-z]{1,8}( [a-z]{1,8}){0,3}"
}

fn step() -> impl Strategy<Value = Step> {
    let i = 0usize..64;
    prop_oneof![
        (i.clone(), words()).prop_map(|(a, t)| Step::ActivityText(a, t)),
        (i.clone(), words()).prop_map(|(a, t)| Step::ActivityNotes(a, t)),
        (i.clone(), 0usize..4).prop_map(|(a, s)| Step::ActivityStatus(a, s)),
        (i.clone(), 0usize..4, 1i64..100_000).prop_map(|(a, l, p)| Step::Lane(a, l, p)),
        (i.clone(), i.clone()).prop_map(|(a, x)| Step::Lead(a, x)),
        (i.clone(), prop::collection::vec(0usize..8, 0..3)).prop_map(|(a, v)| Step::CoLeads(a, v)),
        words().prop_map(Step::GoalTitle),
        words().prop_map(Step::IndicatorTitle),
        (i.clone(), words()).prop_map(|(s, t)| Step::Baseline(s, t)),
        (i.clone(), words()).prop_map(|(a, t)| Step::ActorName(a, t)),
        words().prop_map(Step::PlanName),
        (i.clone(), words()).prop_map(|(s, t)| Step::AddActivity(s, t)),
        i.clone().prop_map(Step::DeleteActivity),
        (i.clone(), words(), any::<bool>()).prop_map(|(a, t, d)| Step::AddComment(a, t, d)),
        i.clone().prop_map(Step::DeleteComment),
        (
            i.clone(),
            1u8..=23,
            prop::option::of(prop::char::range('a', 'e'))
        )
            .prop_map(|(a, o, l)| Step::AddLink(a, o, l)),
        i.prop_map(Step::RemoveLink),
    ]
}

/// New ids and times, the same on every run of a case.
struct Ids(u128);

impl Ids {
    fn next(&mut self) -> Uuid {
        self.0 += 1;
        Uuid::from_u128(0xabcd_0000_0000_4000_8000_0000_0000_0000 | self.0)
    }
}

/// The operations of one step on `plan`, as the app would make them; a refused edit gives
/// none.
fn ops_of(plan: &Plan, s: &Step, ids: &mut Ids) -> Vec<Op> {
    let pick = |n: usize, len: usize| (len > 0).then(|| n % len);
    let activity = |n: usize| pick(n, plan.activities.len()).map(|i| plan.activities[i].id);
    let set = |id, field, value| edit::set_field(plan, id, field, value);
    let r = match s {
        Step::ActivityText(a, t) => {
            activity(*a).map(|id| set(id, Field::Text, Value::Text(t.clone())))
        }
        Step::ActivityNotes(a, t) => {
            activity(*a).map(|id| set(id, Field::Notes, Value::Text(t.clone())))
        }
        Step::ActivityStatus(a, st) => {
            activity(*a).map(|id| set(id, Field::Status, Value::Status(Status::ALL[*st])))
        }
        Step::Lane(a, l, p) => {
            activity(*a).map(|id| set(id, Field::Placement, Value::Place(Lane::ALL[*l], *p)))
        }
        Step::Lead(a, x) => activity(*a).and_then(|id| {
            pick(*x, plan.actors.len())
                .map(|k| set(id, Field::Leads, Value::Ids(vec![plan.actors[k].id])))
        }),
        Step::CoLeads(a, v) => activity(*a).map(|id| {
            let ids = v
                .iter()
                .filter_map(|x| pick(*x, plan.actors.len()).map(|k| plan.actors[k].id))
                .collect();
            set(id, Field::CoLeads, Value::Ids(ids))
        }),
        Step::GoalTitle(t) => Some(set(plan.goals[0].id, Field::Title, Value::Text(t.clone()))),
        Step::IndicatorTitle(t) => Some(set(
            plan.indicators[0].id,
            Field::Title,
            Value::Text(t.clone()),
        )),
        Step::Baseline(s, t) => pick(*s, plan.sub_indicators.len()).map(|k| {
            set(
                plan.sub_indicators[k].id,
                Field::Baseline,
                Value::Text(t.clone()),
            )
        }),
        Step::ActorName(a, t) => pick(*a, plan.actors.len())
            .map(|k| set(plan.actors[k].id, Field::FullName, Value::Text(t.clone()))),
        Step::PlanName(t) => Some(set(plan.id, Field::Name, Value::Text(t.clone()))),
        Step::AddActivity(s, t) => pick(*s, plan.sub_indicators.len())
            .map(|k| edit::add_activity(plan, plan.sub_indicators[k].id, ids.next(), t)),
        Step::DeleteActivity(a) => activity(*a).map(|id| edit::delete_activity(plan, id)),
        Step::AddComment(a, t, decision) => activity(*a).map(|id| {
            let n = ids.next();
            edit::add_comment(
                plan,
                Comment {
                    id: n,
                    activity_id: id,
                    author: "Rahima".into(),
                    at: chrono::Utc
                        .timestamp_opt(1_790_000_000 + (n.as_u128() & 0xffff) as i64, 0)
                        .unwrap(),
                    text: t.clone(),
                    kind: if *decision {
                        CommentKind::Decision
                    } else {
                        CommentKind::Comment
                    },
                    session_id: None,
                },
            )
        }),
        Step::DeleteComment(c) => {
            pick(*c, plan.comments.len()).map(|k| edit::delete_comment(plan, plan.comments[k].id))
        }
        Step::AddLink(a, o, l) => activity(*a).map(|id| {
            let target = format!("gcm:{o}{}", l.map(String::from).unwrap_or_default());
            edit::add_link(plan, id, &target, ids.next())
        }),
        Step::RemoveLink(n) => {
            pick(*n, plan.links.len()).map(|k| edit::remove_link(plan, plan.links[k].id))
        }
    };
    r.and_then(Result::ok).unwrap_or_default()
}

/// Applies the steps in turn; returns the plan and each step's operations.
fn run(base: &Plan, steps: &[Step], ids: &mut Ids) -> (Plan, Vec<Vec<Op>>) {
    let mut p = base.clone();
    let mut done = Vec::new();
    for s in steps {
        let ops = ops_of(&p, s, ids);
        apply_all(&mut p, &ops).expect("an edit's operations apply to the plan they came from");
        done.push(ops);
    }
    (p, done)
}

fn base() -> Plan {
    common::small_plan()
}

fn same(a: &Plan, b: &Plan) -> bool {
    a.in_id_order() == b.in_id_order()
}

/// `plan` with each position replaced by its rank: merge treats positions as keys of the
/// board's and the outline's order, and may number a card anew without moving it.
fn ranked(plan: &Plan) -> Plan {
    let mut p = plan.in_id_order();
    let mut order: Vec<usize> = (0..p.activities.len()).collect();
    order.sort_by_key(|&i| {
        (
            p.activities[i].lane,
            p.activities[i].lane_pos,
            p.activities[i].id,
        )
    });
    for (rank, i) in order.into_iter().enumerate() {
        p.activities[i].lane_pos = rank as i64;
    }
    let mut order: Vec<usize> = (0..p.activities.len()).collect();
    order.sort_by_key(|&i| {
        let a = &p.activities[i];
        (a.sub_indicator_id, a.outline_pos, a.id)
    });
    for (rank, i) in order.into_iter().enumerate() {
        p.activities[i].outline_pos = rank as i64;
    }
    p
}

/// The same records, in the same order on the board and in the outline.
fn same_order(a: &Plan, b: &Plan) -> bool {
    ranked(a) == ranked(b)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn the_operations_between_two_plans_lead_from_one_to_the_other(
        steps in prop::collection::vec(step(), 1..24)
    ) {
        let a = base();
        let (b, _) = run(&a, &steps, &mut Ids(0));
        let ops = ops_between(&a, &b);
        let mut p = a.clone();
        apply_all(&mut p, &ops).unwrap();
        prop_assert!(same(&p, &b));
        apply_all(&mut p, &inverse_all(&ops)).unwrap();
        prop_assert!(same(&p, &a));
    }

    #[test]
    fn applying_through_the_window_index_matches_and_a_failed_step_changes_nothing(
        steps in prop::collection::vec(step(), 1..24)
    ) {
        let a = base();
        let (b, _) = run(&a, &steps, &mut Ids(0));
        let mut ops = ops_between(&a, &b);
        let index: std::collections::HashMap<Uuid, usize> =
            a.activities.iter().enumerate().map(|(i, x)| (x.id, i)).collect();
        let mut p = a.clone();
        framework_planner::model::ops::apply_all_with(&mut p, &ops, &index).unwrap();
        prop_assert!(same(&p, &b));
        // The same step ending with an operation whose old value is wrong: nothing applies.
        ops.push(Op::Update {
            kind: framework_planner::model::EntityKind::Plan,
            id: a.id,
            field: Field::Name,
            old: Value::Text("not the name".into()),
            new: Value::Text("x".into()),
        });
        let mut p = a.clone();
        prop_assert!(framework_planner::model::ops::apply_all_with(&mut p, &ops, &index).is_err());
        prop_assert!(p == a, "a failed step leaves the plan exactly as it was");
        // The same through the path that large steps take.
        let mut p = a.clone();
        let failed = framework_planner::model::ops::apply_all_reporting(&mut p, &ops, |_| ()).is_err();
        prop_assert!(failed);
        prop_assert!(p == a, "a failed large step leaves the plan exactly as it was");
    }

    #[test]
    fn every_kind_of_record_survives_a_plan_file(
        steps in prop::collection::vec(step(), 1..24)
    ) {
        let (b, _) = run(&base(), &steps, &mut Ids(0));
        let file = framework_planner::planfile::PlanFile::new(b.clone(), None, "me", "v", "");
        let back = framework_planner::planfile::read(&file.to_bytes()).unwrap();
        prop_assert!(same(&back.plan, &b));
    }

    #[test]
    fn merging_a_side_with_itself_or_with_the_base_gives_that_side(
        steps in prop::collection::vec(step(), 1..24)
    ) {
        let b = base();
        let (side, _) = run(&b, &steps, &mut Ids(0));
        let m = merge(&b, &side, &side);
        prop_assert!(m.conflicts.is_empty());
        prop_assert!(same_order(&m.merged, &side), "merge(base, ours, ours) = ours");
        let m = merge(&b, &b, &side);
        prop_assert!(m.conflicts.is_empty());
        prop_assert!(same_order(&m.merged, &side), "merge(base, base, theirs) = theirs");
    }

    #[test]
    fn edits_of_different_fields_on_both_sides_merge_without_conflict_in_either_order(
        ours in prop::collection::vec(step(), 1..16),
        theirs in prop::collection::vec(step(), 1..16)
    ) {
        // Ours edits texts and names; theirs notes, statuses, baselines, comments and links.
        let ours: Vec<Step> = ours.into_iter().filter(|s| matches!(s,
            Step::ActivityText(..) | Step::GoalTitle(_) | Step::ActorName(..) | Step::PlanName(_)
        )).collect();
        let theirs: Vec<Step> = theirs.into_iter().filter(|s| matches!(s,
            Step::ActivityNotes(..) | Step::ActivityStatus(..) | Step::Baseline(..)
                | Step::IndicatorTitle(_) | Step::AddComment(..) | Step::AddLink(..)
        )).collect();
        let b = base();
        let (o, _) = run(&b, &ours, &mut Ids(0));
        let (t, _) = run(&b, &theirs, &mut Ids(1 << 20));
        // Both sides' changes, made one after the other.
        let mut both = o.clone();
        apply_all(&mut both, &ops_between(&b, &t)).unwrap();
        for (x, y) in [(&o, &t), (&t, &o)] {
            let m = merge(&b, x, y);
            prop_assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
            prop_assert!(same_order(&m.merged, &both));
        }
    }
}

proptest! {
    // Each case writes a database: fewer of them.
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn undoing_any_sequence_restores_the_plan_in_memory_and_on_disk(
        steps in prop::collection::vec(step(), 1..20)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("plan.sqlite");
        let a = base();
        let seed = a.clone();
        let mut store = Store::open_with(&db, move || Ok(seed)).unwrap();
        let (b, done) = run(&a, &steps, &mut Ids(0));
        for ops in &done {
            store.commit(ops).unwrap();
        }
        prop_assert!(same(&store.load_plan().unwrap(), &b), "committed as applied");
        let mut p = b.clone();
        for ops in done.iter().rev() {
            let undo = inverse_all(ops);
            apply_all(&mut p, &undo).unwrap();
            store.commit(&undo).unwrap();
        }
        prop_assert!(same(&p, &a), "in memory");
        prop_assert!(same(&store.load_plan().unwrap(), &a), "on disk");
    }
}
