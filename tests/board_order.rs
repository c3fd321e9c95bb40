//! Where a moved card lands: over random lanes (positions far apart, close together and tied)
//! and random moves, the board's order after the move is exactly the one asked for. The move
//! is planned as the window plans it, through its index (a binary search in the lane).

use std::collections::HashMap;

use framework_planner::model::board::{self, Anchor, lane_index};
use framework_planner::model::ops::apply_all;
use framework_planner::model::{Id, Lane, Plan};
use proptest::prelude::*;

/// The BMGF plan's first `n` activities, with lanes and positions from `spots` (lane, position).
fn plan_with(spots: &[(usize, i64)]) -> Plan {
    let mut plan = framework_planner::seed::bmgf().expect("the built-in plan loads");
    plan.activities.truncate(spots.len());
    for (a, &(lane, pos)) in plan.activities.iter_mut().zip(spots) {
        a.lane = Lane::ALL[lane];
        a.lane_pos = pos;
    }
    plan
}

fn order(plan: &Plan, lane: Lane) -> Vec<Id> {
    board::lanes(plan)[lane_index(lane)]
        .iter()
        .map(|&i| plan.activities[i].id)
        .collect()
}

/// The lane's order with the card put where the anchor says.
fn expected(plan: &Plan, id: Id, lane: Lane, anchor: Anchor) -> Vec<Id> {
    let mut ids: Vec<Id> = order(plan, lane).into_iter().filter(|&x| x != id).collect();
    let at = match anchor {
        Anchor::Before(b) => ids.iter().position(|&x| x == b).unwrap_or(ids.len()),
        Anchor::After(b) => ids
            .iter()
            .position(|&x| x == b)
            .map_or(ids.len(), |p| p + 1),
        Anchor::End => ids.len(),
    };
    ids.insert(at, id);
    ids
}

fn spots() -> impl Strategy<Value = Vec<(usize, i64)>> {
    // Positions from a small range give ties and neighbours with no room between them.
    prop::collection::vec(
        (
            0..4usize,
            prop_oneof![0..6i64, (0..40i64).prop_map(|p| p * 1024)],
        ),
        2..40,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_moved_card_lands_where_it_was_dropped(
        spots in spots(),
        moves in prop::collection::vec((any::<prop::sample::Index>(), 0..4usize, 0..3u8, any::<prop::sample::Index>()), 1..8),
    ) {
        let mut plan = plan_with(&spots);
        for (card, lane, how, other) in moves {
            let id = plan.activities[card.index(plan.activities.len())].id;
            let lane = Lane::ALL[lane];
            let b = plan.activities[other.index(plan.activities.len())].id;
            let anchor = match how {
                0 => Anchor::Before(b),
                1 => Anchor::After(b),
                _ => Anchor::End,
            };
            let want = expected(&plan, id, lane, anchor);
            let lanes = board::lanes(&plan);
            let index: HashMap<Id, usize> =
                plan.activities.iter().enumerate().map(|(i, a)| (a.id, i)).collect();
            let fast = board::plan_move_at(&plan, &lanes, id, lane, anchor, |x| index.get(&x).copied());
            let was = order(&plan, lane);
            apply_all(&mut plan, &fast).expect("a planned move applies");
            prop_assert_eq!(order(&plan, lane), want.clone());
            // Nothing to do exactly when the card was already there.
            prop_assert_eq!(fast.is_empty(), was == want && plan.activities.iter().any(|a| a.id == id && a.lane == lane));
        }
    }
}

/// A lane the caller did not keep sorted still gets the move asked for: the plan is read.
#[test]
fn a_lane_out_of_order_is_read_whole() {
    let mut plan = plan_with(&[(0, 0), (0, 1024), (0, 2048), (0, 3072)]);
    let lanes = board::lanes(&plan);
    // The positions change behind the lists' back.
    plan.activities[0].lane_pos = 5000;
    let index: HashMap<Id, usize> = plan
        .activities
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id, i))
        .collect();
    let (id, b) = (plan.activities[3].id, plan.activities[0].id);
    let want = expected(&plan, id, Lane::Short, Anchor::Before(b));
    let ops = board::plan_move_at(&plan, &lanes, id, Lane::Short, Anchor::Before(b), |x| {
        index.get(&x).copied()
    });
    apply_all(&mut plan, &ops).expect("a planned move applies");
    assert_eq!(order(&plan, Lane::Short), want);
}
