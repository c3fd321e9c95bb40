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
    let list = &lanes[lane_index(lane)];
    place_in(plan, list, moved, lane, anchor, &index).unwrap_or_else(|| {
        // The lane was not kept in order: put a copy in order and place the card there.
        let mut sorted = list.clone();
        sort_lane(plan, &mut sorted);
        place_in(plan, &sorted, moved, lane, anchor, &index).unwrap_or_default()
    })
}

/// The operations that put `moved` at `anchor` in `lane`, whose cards `list` holds in board
/// order (sorted as [`sort_lane`] sorts, ties by index), so that a binary search finds a card:
/// a move reads a few cards, not the whole lane. `None` when a card is not where that order
/// says.
fn place_in(
    plan: &Plan,
    list: &[usize],
    moved: &crate::model::Activity,
    lane: Lane,
    anchor: Anchor,
    index: &impl Fn(Id) -> Option<usize>,
) -> Option<Vec<Op>> {
    let id = moved.id;
    let from = Placement::of(moved);
    // A lane chosen by a person is no longer an inferred one.
    let inferred = from.inferred && from.lane == lane;
    let key = |i: usize| {
        let a = &plan.activities[i];
        (a.lane_pos, a.code.as_str(), i)
    };
    let find = |i: usize| {
        list.binary_search_by(|&j| key(j).cmp(&key(i)))
            .ok()
            .filter(|&p| list[p] == i)
    };
    let moved_at = match index(id).filter(|_| from.lane == lane) {
        Some(m) => Some(find(m)?),
        None => None,
    };
    // The other cards of the lane, as positions in `list` without the moved card.
    let others = list.len() - usize::from(moved_at.is_some());
    let full = |k: usize| k + usize::from(moved_at.is_some_and(|m| k >= m));
    let among_others = |p: usize| p - usize::from(moved_at.is_some_and(|m| m < p));
    let at = match anchor {
        Anchor::Before(b) | Anchor::After(b) => match index(b) {
            Some(i)
                if b != id
                    && plan
                        .activities
                        .get(i)
                        .is_some_and(|a| a.id == b && a.lane == lane) =>
            {
                among_others(find(i)?) + usize::from(matches!(anchor, Anchor::After(_)))
            }
            // An anchor that is not in the lane means its end.
            _ => others,
        },
        Anchor::End => others,
    };
    // Already there: same lane, same neighbours.
    if moved_at == Some(at) {
        return Some(Vec::new());
    }
    let pos_of = |k: usize| plan.activities[list[full(k)]].lane_pos;
    let prev = at.checked_sub(1).map(pos_of);
    let next = (at < others).then(|| pos_of(at));
    Some(match room(prev, next) {
        Some(pos) => vec![Op::Place {
            id,
            from,
            to: Placement {
                lane,
                pos,
                inferred,
            },
        }],
        None => renumber(plan, list, id, from, lane, inferred, at),
    })
}

/// The position between two neighbours' positions, if there is room for one.
fn room(prev: Option<i64>, next: Option<i64>) -> Option<i64> {
    match (prev, next) {
        (None, None) => Some(0),
        (Some(p), None) => p.checked_add(GAP),
        (None, Some(n)) => n.checked_sub(GAP),
        (Some(p), Some(n)) if n - p >= 2 => Some(p + (n - p) / 2),
        _ => None,
    }
}

/// No room between the neighbours: the lane renumbered, with the card at `at` among the
/// others.
fn renumber(
    plan: &Plan,
    list: &[usize],
    id: Id,
    from: Placement,
    lane: Lane,
    inferred: bool,
    at: usize,
) -> Vec<Op> {
    let (mut ids, mut order): (Vec<Id>, Vec<Placement>) = list
        .iter()
        .map(|&i| &plan.activities[i])
        .filter(|a| a.id != id)
        .map(|a| (a.id, Placement::of(a)))
        .unzip();
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
