//! The board's order: activities per lane, and where a moved card lands.

use super::ops::{Op, Placement};
use super::{Id, Lane, Plan};

/// Spacing between positions, so that most moves change one card only.
pub const GAP: i64 = 1024;

/// Activity indexes per lane, in board order. Derived from the plan.
pub fn lanes(plan: &Plan) -> [Vec<usize>; 4] {
    let mut out: [Vec<usize>; 4] = Default::default();
    for (i, a) in plan.activities.iter().enumerate() {
        out[lane_index(a.lane)].push(i);
    }
    for lane in &mut out {
        sort_lane(plan, lane);
    }
    out
}

pub fn sort_lane(plan: &Plan, lane: &mut [usize]) {
    lane.sort_by(|&x, &y| {
        let (a, b) = (&plan.activities[x], &plan.activities[y]);
        a.lane_pos
            .cmp(&b.lane_pos)
            .then_with(|| a.code.cmp(&b.code))
    });
}

pub fn lane_index(lane: Lane) -> usize {
    match lane {
        Lane::Short => 0,
        Lane::Medium => 1,
        Lane::Long => 2,
        Lane::Unscheduled => 3,
    }
}

/// Where in a lane a card goes, relative to cards already there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Before(Id),
    After(Id),
    End,
}

/// The operations that move `id` into `lane` at `anchor`. Usually one operation; when there is
/// no room between the neighbours, the lane is renumbered too. Empty when nothing would change.
/// `index` finds an activity's index in the plan without scanning it, where the caller has one.
pub fn plan_move(
    plan: &Plan,
    lanes: &[Vec<usize>; 4],
    id: Id,
    lane: Lane,
    anchor: Anchor,
) -> Vec<Op> {
    plan_move_at(plan, lanes, id, lane, anchor, |id| {
        plan.activities.iter().position(|a| a.id == id)
    })
}

/// Like [`plan_move`], with the moved activity found by `index`: only the target lane is read.
pub fn plan_move_at(
    plan: &Plan,
    lanes: &[Vec<usize>; 4],
    id: Id,
    lane: Lane,
    anchor: Anchor,
    index: impl Fn(Id) -> Option<usize>,
) -> Vec<Op> {
    let Some(moved) = index(id)
        .and_then(|i| plan.activities.get(i))
        .filter(|a| a.id == id)
    else {
        return Vec::new();
    };
    let from = Placement::of(moved);
    // A lane chosen by a person is no longer an inferred one.
    let inferred = from.inferred && from.lane == lane;
    // The other cards of the lane, in order, and where the moved card is among them now.
    let mut others: Vec<(Id, i64)> = Vec::with_capacity(lanes[lane_index(lane)].len());
    let mut now_at = None;
    for &i in &lanes[lane_index(lane)] {
        let a = &plan.activities[i];
        if a.id == id {
            now_at = Some(others.len());
        } else {
            others.push((a.id, a.lane_pos));
        }
    }
    let at = match anchor {
        Anchor::Before(b) => others
            .iter()
            .position(|(x, _)| *x == b)
            .unwrap_or(others.len()),
        Anchor::After(b) => others
            .iter()
            .position(|(x, _)| *x == b)
            .map_or(others.len(), |p| p + 1),
        Anchor::End => others.len(),
    };
    // Already there: same lane, same neighbours.
    if from.lane == lane && now_at == Some(at) {
        return Vec::new();
    }
    let prev = at.checked_sub(1).map(|p| others[p].1);
    let next = others.get(at).map(|n| n.1);
    let pos = match (prev, next) {
        (None, None) => Some(0),
        (Some(p), None) => p.checked_add(GAP),
        (None, Some(n)) => n.checked_sub(GAP),
        (Some(p), Some(n)) if n - p >= 2 => Some(p + (n - p) / 2),
        _ => None,
    };
    if let Some(pos) = pos {
        return vec![Op::Place {
            id,
            from,
            to: Placement {
                lane,
                pos,
                inferred,
            },
        }];
    }
    // No room: renumber the lane with the card in its new place.
    let mut order: Vec<Placement> = lanes[lane_index(lane)]
        .iter()
        .map(|&i| &plan.activities[i])
        .filter(|a| a.id != id)
        .map(Placement::of)
        .collect();
    let mut ids: Vec<Id> = others.iter().map(|(x, _)| *x).collect();
    order.insert(at, from);
    ids.insert(at, id);
    let mut ops = Vec::new();
    for (k, (other, old)) in ids.into_iter().zip(order).enumerate() {
        let keep = if other == id { inferred } else { old.inferred };
        let new = Placement {
            lane,
            pos: (k as i64 + 1) * GAP,
            inferred: keep,
        };
        if old != new {
            ops.push(Op::Place {
                id: other,
                from: old,
                to: new,
            });
        }
    }
    ops
}
