//! Coverage of the Global Compact by a plan's links: counts per objective and lane (or goal),
//! each activity once per cell, gaps, the roll-up by SDG target, per actor, the filter, and
//! Annex D's "via goal" counted apart.

mod common;

use common::{id, small_plan};
use framework_planner::model::{Link, Plan};
use framework_planner::reference::Reference;
use framework_planner::reference::coverage::{Columns, coverage, links_of};

fn link(n: u128, activity: u128, target: &str) -> Link {
    Link {
        id: id(n),
        activity_id: id(activity),
        target: target.into(),
    }
}

/// Activities 20 and 21 (short term) serve objective 6, twice over for 20; 22 (medium term)
/// serves objective 15; 23 (not scheduled) only an SDG target, and a key nothing knows.
pub fn linked_plan() -> Plan {
    let mut p = small_plan();
    p.links = vec![
        link(300, 20, "gcm:6a"),
        link(301, 20, "gcm:6"),
        link(302, 20, "sdg:8.8"),
        link(303, 21, "gcm:6h"),
        link(304, 22, "gcm:15"),
        link(305, 23, "sdg:10.7"),
        link(306, 23, "gcm:99"),
    ];
    p
}

fn ix(plan: &Plan, n: u128) -> usize {
    plan.activities.iter().position(|a| a.id == id(n)).unwrap()
}

#[test]
fn objectives_by_lane_count_each_activity_once() {
    let plan = linked_plan();
    let r = Reference::load().unwrap();
    let c = coverage(&plan, &r, &[], Columns::Lanes, &[0]);
    assert_eq!(c.rows.len(), 23);
    assert_eq!(c.column_count(), 4);
    let row = |n: u8| c.rows.iter().find(|x| x.objective == n).unwrap();
    let counts = |n: u8| -> Vec<usize> { row(n).cells.iter().map(|x| x.direct.len()).collect() };
    assert_eq!(counts(6), [2, 0, 0, 0]);
    assert_eq!(row(6).cells[0].direct, [ix(&plan, 20), ix(&plan, 21)]);
    assert_eq!(counts(15), [0, 1, 0, 0]);
    assert_eq!(counts(1), [0, 0, 0, 0]);
    assert_eq!((row(6).direct, row(15).direct), (2, 1));
    assert_eq!(c.max_cell, 2);
    // Goal 1 is associated with objective 15 in Annex D: every activity under it, apart.
    let via: Vec<usize> = row(15).cells.iter().map(|x| x.via_goal).collect();
    assert_eq!(via, [2, 1, 0, 1]);
    assert_eq!(row(15).via_goal, 4);
    assert_eq!(row(6).via_goal, 0);
    assert_eq!((c.shown, c.linked), (4, 4));

    // Gaps: 21 objectives and every action but 6 (a) and 6 (h).
    assert_eq!(c.gap_objectives.len(), 21);
    assert!(!c.gap_objectives.contains(&6) && !c.gap_objectives.contains(&15));
    assert_eq!(c.gap_actions.len(), 185);
    assert!(c.gap_actions.contains(&"gcm:15a".to_string()));
    assert!(!c.gap_actions.contains(&"gcm:6h".to_string()));

    // SDG targets: linked directly, or through an objective that lists them.
    let t = |k: &str| c.targets.iter().find(|x| x.target == k).unwrap();
    assert_eq!((t("8.8").direct, t("8.8").total), (1, 2));
    assert_eq!(t("8.8").objectives, [5, 6, 7, 10, 17]);
    // 10.7 is listed under objective 6, not under 15.
    assert_eq!((t("10.7").direct, t("10.7").total), (1, 3));
    assert_eq!((t("10.c").direct, t("10.c").total), (0, 0));

    // Per actor, as lead or co-lead: MoE leads 20, co-leads 23 (no objective).
    let actor = |n: u128| {
        c.actors
            .iter()
            .find(|a| a.actor == id(n))
            .map(|a| a.objectives.clone())
            .unwrap_or_default()
    };
    assert_eq!(actor(10), [(6, 1)]);
    assert_eq!(actor(11), [(6, 1)]);
    assert_eq!(actor(12), [(15, 1)]);
}

#[test]
fn the_filter_and_the_goal_columns() {
    let plan = linked_plan();
    let r = Reference::load().unwrap();
    let visible = vec![true, false, true, true];
    let c = coverage(&plan, &r, &visible, Columns::Lanes, &[0]);
    let row6 = c.rows.iter().find(|x| x.objective == 6).unwrap();
    assert_eq!(row6.cells[0].direct, [ix(&plan, 20)]);
    assert_eq!(c.shown, 3);
    assert!(c.gap_actions.contains(&"gcm:6h".to_string()));

    let c = coverage(&plan, &r, &[], Columns::Goals, &[0]);
    assert_eq!(c.column_count(), 1);
    let row6 = c.rows.iter().find(|x| x.objective == 6).unwrap();
    assert_eq!(row6.cells[0].direct.len(), 2);
}

#[test]
fn an_activitys_own_links_and_its_goals_via_annex_d() {
    let plan = linked_plan();
    let r = Reference::load().unwrap();
    let (own, via) = links_of(&plan, &r, id(20));
    let keys: Vec<&str> = own.iter().map(|(_, k)| k.as_str()).collect();
    assert_eq!(keys, ["gcm:6a", "gcm:6", "sdg:8.8"]);
    assert_eq!(via, ["gcm:15"]);
}
