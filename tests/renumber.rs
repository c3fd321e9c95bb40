//! Renumbering gives a branch the codes of its places in the outline, as one undo step.

mod edit_support;

use std::collections::HashMap;

use edit_support::Fixture;
use framework_planner::app::{Command, Edit};
use framework_planner::model::edit::{code_changes, renumber};
use framework_planner::model::{Flag, Id, Plan};

/// The codes the outline gives everything under `root` (a goal, or the plan for all goals),
/// worked out here from positions alone: children in (position, code) order, the n-th child of
/// `x` numbered `x.n`.
fn outline_codes(plan: &Plan, root: Id) -> HashMap<Id, String> {
    let mut out = HashMap::new();
    let mut goals: Vec<_> = plan.goals.iter().collect();
    goals.sort_by(|a, b| (a.position, &a.code).cmp(&(b.position, &b.code)));
    for (gn, g) in goals.iter().enumerate() {
        let gcode = if root == plan.id {
            (gn + 1).to_string()
        } else if root == g.id {
            g.code.clone()
        } else {
            continue;
        };
        out.insert(g.id, gcode.clone());
        let mut inds: Vec<_> = plan
            .indicators
            .iter()
            .filter(|i| i.goal_id == g.id)
            .collect();
        inds.sort_by(|a, b| (a.position, &a.code).cmp(&(b.position, &b.code)));
        for (n, i) in inds.iter().enumerate() {
            let icode = format!("{gcode}.{}", n + 1);
            out.insert(i.id, icode.clone());
            let mut subs: Vec<_> = plan
                .sub_indicators
                .iter()
                .filter(|s| s.indicator_id == i.id)
                .collect();
            subs.sort_by(|a, b| (a.position, &a.code).cmp(&(b.position, &b.code)));
            for (m, s) in subs.iter().enumerate() {
                let scode = format!("{icode}.{}", m + 1);
                out.insert(s.id, scode.clone());
                let mut acts: Vec<_> = plan
                    .activities
                    .iter()
                    .filter(|a| a.sub_indicator_id == s.id)
                    .collect();
                acts.sort_by(|a, b| (a.outline_pos, &a.code).cmp(&(b.outline_pos, &b.code)));
                for (k, a) in acts.iter().enumerate() {
                    out.insert(a.id, format!("{scode}.{}", k + 1));
                }
            }
        }
    }
    out
}

/// Every record's code, by id.
fn codes(plan: &Plan) -> HashMap<Id, String> {
    let mut out = HashMap::new();
    out.extend(plan.goals.iter().map(|x| (x.id, x.code.clone())));
    out.extend(plan.indicators.iter().map(|x| (x.id, x.code.clone())));
    out.extend(plan.sub_indicators.iter().map(|x| (x.id, x.code.clone())));
    out.extend(plan.activities.iter().map(|x| (x.id, x.code.clone())));
    out
}

fn has_mismatch(t: &Fixture, id: Id) -> bool {
    t.app
        .derived
        .flags_of(id)
        .iter()
        .any(|f| matches!(f, Flag::CodeMismatch { .. }))
}

#[test]
fn renumbering_a_sub_indicator_closes_the_gaps_left_by_a_copy_and_a_move() {
    let mut t = Fixture::new();
    let sub = t.sub_id("1.1.1");
    let seeded: Vec<Id> = t.acts_under(sub).iter().map(|a| a.id).collect();
    let n = seeded.len();
    assert_eq!(t.act("1.1.1.1").id, seeded[0]);

    // A copy of the first sits right after it with the next free number (n + 1); an activity
    // moved in from elsewhere goes last with the number after that (n + 2).
    t.edit(Edit::Duplicate(seeded[0]));
    let copy = t.app.view.selected.unwrap();
    let moved = t.act("2.1.5.1").id;
    t.edit(Edit::Reparent { id: moved, sub });
    assert_eq!(t.act_by_id(copy).code, format!("1.1.1.{}", n + 1));
    assert_eq!(t.act_by_id(moved).code, format!("1.1.1.{}", n + 2));

    // In outline order: first, copy, second … n-th, moved. Renumbering numbers them 1 … n + 2.
    let mut order = vec![seeded[0], copy];
    order.extend(&seeded[1..]);
    order.push(moved);
    let listed: Vec<Id> = t.acts_under(sub).iter().map(|a| a.id).collect();
    assert_eq!(listed, order);

    // The preview lists only what changes: the copy and every seeded one after the first.
    let ops = renumber(&t.app.plan, sub).unwrap();
    let changes = code_changes(&ops);
    assert_eq!(changes.len(), n);
    assert!(changes.contains(&(format!("1.1.1.{}", n + 1), "1.1.1.2".into())));
    assert!(changes.contains(&(format!("1.1.1.{n}"), format!("1.1.1.{}", n + 1))));
    t.handle(Command::PreviewRenumber(Some(sub)));
    assert_eq!(t.app.view.renumber, Some(sub));
    assert_eq!(
        t.app.plan.activities.len(),
        122,
        "a preview changes nothing"
    );

    t.round_trip(Edit::Renumber(sub));
    for (k, id) in order.iter().enumerate() {
        assert_eq!(t.act_by_id(*id).code, format!("1.1.1.{}", k + 1));
    }
    // One undo puts every code back.
    t.undo();
    assert_eq!(t.act_by_id(copy).code, format!("1.1.1.{}", n + 1));
    assert_eq!(t.act_by_id(moved).code, format!("1.1.1.{}", n + 2));
    for (k, id) in seeded.iter().enumerate() {
        assert_eq!(t.act_by_id(*id).code, format!("1.1.1.{}", k + 1));
    }
}

#[test]
fn renumbering_a_goal_fixes_codes_printed_askew_and_a_changed_indicator_code() {
    let mut t = Fixture::new();
    // The source prints 1.3.1.2 under 1.3.2 and 1.3.4.3 under 1.3.5.
    let askew = [("1.3.1.2", "1.3.2"), ("1.3.4.3", "1.3.5")];
    for (code, sub) in askew {
        let a = t.act(code);
        assert_eq!(a.sub_indicator_id, t.sub_id(sub));
        assert!(has_mismatch(&t, a.id));
    }
    // A person gives the second indicator a code out of sequence.
    let ind = t.indicator_id("1.2");
    let mut i = t.app.plan.indicator(ind).unwrap().clone();
    i.code = "1.7".into();
    t.edit(Edit::Indicator(i));
    assert_eq!(t.app.plan.indicator(ind).unwrap().code, "1.7");

    let goal = t.goal_id("1");
    let expected = outline_codes(&t.app.plan, goal);
    let before = t.app.plan.in_id_order();
    let old = codes(&t.app.plan);
    let steps = t.app.history.undo.len();
    t.round_trip(Edit::Renumber(goal));
    assert_eq!(t.app.history.undo.len(), steps + 1);

    let now = codes(&t.app.plan);
    for (id, code) in &old {
        match expected.get(id) {
            Some(e) => assert_eq!(&now[id], e),
            None => assert_eq!(&now[id], code, "outside the goal nothing changes"),
        }
    }
    // What that means for the cases above: the indicator is the second again, and each
    // askew activity takes the next number under the sub-indicator it sits in.
    assert_eq!(now[&ind], "1.2");
    for (code, sub) in askew {
        let id = old.iter().find(|(_, c)| *c == code).unwrap().0;
        let a = t.act_by_id(*id);
        let place = t
            .acts_under(a.sub_indicator_id)
            .iter()
            .position(|x| x.id == a.id);
        assert_eq!(a.code, format!("{sub}.{}", place.unwrap() + 1));
        assert!(!has_mismatch(&t, a.id));
    }

    t.undo();
    assert_eq!(t.app.plan.in_id_order(), before);
    assert_eq!(t.saved().in_id_order(), before);
    assert_eq!(codes(&t.app.plan), old);
}

#[test]
fn renumbering_the_whole_plan_leaves_no_code_out_of_place() {
    let mut t = Fixture::new();
    // Goal 6 gets a code out of sequence and indicator 2.1 a code out of order.
    let g6 = t.goal_id("6");
    let mut g = t.app.plan.goal(g6).unwrap().clone();
    g.code = "9".into();
    t.edit(Edit::Goal(g));
    let i21 = t.indicator_id("2.1");
    let mut i = t.app.plan.indicator(i21).unwrap().clone();
    i.code = "2.9".into();
    t.edit(Edit::Indicator(i));
    let mismatched = t
        .app
        .plan
        .activities
        .iter()
        .filter(|a| has_mismatch(&t, a.id))
        .count();
    assert!(mismatched >= 5, "the seeded askew codes");

    let plan_id = t.app.plan.id;
    let expected = outline_codes(&t.app.plan, plan_id);
    let before = t.app.plan.in_id_order();
    let steps = t.app.history.undo.len();
    t.round_trip(Edit::Renumber(plan_id));
    assert_eq!(t.app.history.undo.len(), steps + 1);

    assert_eq!(codes(&t.app.plan), expected);
    assert_eq!(t.app.plan.goal(g6).unwrap().code, "6");
    assert_eq!(t.app.plan.indicator(i21).unwrap().code, "2.1");
    assert!(
        t.app
            .plan
            .activities
            .iter()
            .all(|a| !has_mismatch(&t, a.id))
    );
    let mut all: Vec<&str> = t
        .app
        .plan
        .activities
        .iter()
        .map(|a| a.code.as_str())
        .collect();
    all.sort();
    all.dedup();
    assert_eq!(
        all.len(),
        t.app.plan.activities.len(),
        "codes stay distinct"
    );

    t.undo();
    assert_eq!(t.app.plan.in_id_order(), before);
    assert_eq!(t.saved().in_id_order(), before);
}

#[test]
fn renumbering_what_is_in_order_already_is_no_step() {
    let mut t = Fixture::new();
    let sub = t.sub_id("2.1.5");
    t.edit(Edit::Renumber(sub));
    assert!(t.app.history.undo.is_empty());
    assert!(t.app.view.field_error.is_none());
}
