//! Operations: every change to a plan is a list of operations that know their old and new
//! values. Applying the inverse undoes them; the same records serve history, compare and merge.

use thiserror::Error;

use super::{Id, Lane, Plan};

/// Where an activity sits on the board.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Placement {
    pub lane: Lane,
    /// Order within the lane, ascending.
    pub pos: i64,
    /// The lane was inferred from the source, not chosen by a person.
    pub inferred: bool,
}

impl Placement {
    pub fn of(a: &super::Activity) -> Placement {
        Placement {
            lane: a.lane,
            pos: a.lane_pos,
            inferred: a.inferred.timeline,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// An activity moves to another lane or position.
    Place {
        id: Id,
        from: Placement,
        to: Placement,
    },
}

#[derive(Debug, Error, PartialEq)]
pub enum OpError {
    #[error("the activity {0} no longer exists")]
    Missing(Id),
    #[error("the activity {0} was changed in the meantime")]
    Stale(Id),
}

impl Op {
    pub fn inverse(&self) -> Op {
        match *self {
            Op::Place { id, from, to } => Op::Place {
                id,
                from: to,
                to: from,
            },
        }
    }

    /// The activity the operation touches.
    pub fn activity(&self) -> Id {
        match *self {
            Op::Place { id, .. } => id,
        }
    }

    /// Applies the operation, checking that the plan still holds its old value.
    pub fn apply(&self, plan: &mut Plan) -> Result<(), OpError> {
        match *self {
            Op::Place { id, from, to } => {
                let a = plan
                    .activities
                    .iter_mut()
                    .find(|a| a.id == id)
                    .ok_or(OpError::Missing(id))?;
                if Placement::of(a) != from {
                    return Err(OpError::Stale(id));
                }
                a.lane = to.lane;
                a.lane_pos = to.pos;
                a.inferred.timeline = to.inferred;
                Ok(())
            }
        }
    }
}

/// Applies all operations or none: on failure the plan is restored and the error returned.
pub fn apply_all(plan: &mut Plan, ops: &[Op]) -> Result<(), OpError> {
    let snapshot: Vec<(usize, super::Activity)> = ops
        .iter()
        .filter_map(|op| {
            let id = op.activity();
            plan.activities
                .iter()
                .position(|a| a.id == id)
                .map(|i| (i, plan.activities[i].clone()))
        })
        .collect();
    for op in ops {
        if let Err(e) = op.apply(plan) {
            for (i, a) in snapshot.into_iter().rev() {
                plan.activities[i] = a;
            }
            return Err(e);
        }
    }
    Ok(())
}

/// The operations that undo `ops`.
pub fn inverse_all(ops: &[Op]) -> Vec<Op> {
    ops.iter().rev().map(Op::inverse).collect()
}
