//! Operations: every change to a plan is a list of operations that know their old and new
//! values. Applying the inverse undoes them; the same records serve history, compare and merge.

use thiserror::Error;

use super::{Activity, Actor, Goal, Id, Indicator, Lane, Plan, SubIndicator};

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
    pub fn of(a: &Activity) -> Placement {
        Placement {
            lane: a.lane,
            pos: a.lane_pos,
            inferred: a.inferred.timeline,
        }
    }
}

/// One whole record of a plan, as created, replaced or deleted by [`Op::Put`].
#[derive(Clone, Debug, PartialEq)]
pub enum Entity {
    Goal(Goal),
    Indicator(Indicator),
    SubIndicator(SubIndicator),
    Actor(Actor),
    Activity(Activity),
}

impl Entity {
    pub fn id(&self) -> Id {
        match self {
            Entity::Goal(x) => x.id,
            Entity::Indicator(x) => x.id,
            Entity::SubIndicator(x) => x.id,
            Entity::Actor(x) => x.id,
            Entity::Activity(x) => x.id,
        }
    }
}

// A `Put` holds whole records and is larger than a `Place`; undo stacks hold few of them, so
// boxing would cost more in noise than it saves in memory.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// An activity moves to another lane or position. Kept apart from [`Op::Put`] because board
    /// moves renumber whole lanes and must stay cheap.
    Place {
        id: Id,
        from: Placement,
        to: Placement,
    },
    /// Creates (`before` is `None`), replaces, or deletes (`after` is `None`) one record.
    Put {
        before: Option<Entity>,
        after: Option<Entity>,
    },
}

#[derive(Debug, Error, PartialEq)]
pub enum OpError {
    #[error("the record {0} no longer exists")]
    Missing(Id),
    #[error("the record {0} was changed in the meantime")]
    Stale(Id),
    #[error("the record {0} exists already")]
    Exists(Id),
    #[error("an operation had nothing to do")]
    Empty,
}

impl Op {
    pub fn inverse(&self) -> Op {
        match self {
            Op::Place { id, from, to } => Op::Place {
                id: *id,
                from: *to,
                to: *from,
            },
            Op::Put { before, after } => Op::Put {
                before: after.clone(),
                after: before.clone(),
            },
        }
    }

    /// The record the operation touches.
    pub fn target(&self) -> Option<Id> {
        match self {
            Op::Place { id, .. } => Some(*id),
            Op::Put { before, after } => after.as_ref().or(before.as_ref()).map(Entity::id),
        }
    }

    /// Whether the operation adds or removes a record, or changes what the board sorts by, so
    /// that indexes built on the plan must be rebuilt rather than patched.
    pub fn is_structural(&self) -> bool {
        match self {
            Op::Place { .. } => false,
            Op::Put {
                before: Some(Entity::Activity(b)),
                after: Some(Entity::Activity(a)),
            } => {
                b.sub_indicator_id != a.sub_indicator_id
                    || b.code != a.code
                    || b.lane != a.lane
                    || b.lane_pos != a.lane_pos
                    || b.outline_pos != a.outline_pos
            }
            Op::Put { .. } => true,
        }
    }

    /// Applies the operation, checking that the plan still holds its old value.
    pub fn apply(&self, plan: &mut Plan) -> Result<(), OpError> {
        match self {
            Op::Place { id, from, to } => {
                let a = plan
                    .activities
                    .iter_mut()
                    .find(|a| a.id == *id)
                    .ok_or(OpError::Missing(*id))?;
                if Placement::of(a) != *from {
                    return Err(OpError::Stale(*id));
                }
                a.lane = to.lane;
                a.lane_pos = to.pos;
                a.inferred.timeline = to.inferred;
                Ok(())
            }
            Op::Put { before, after } => {
                let Some(kind) = after.as_ref().or(before.as_ref()) else {
                    return Err(OpError::Empty);
                };
                let (b, a) = (before.as_ref(), after.as_ref());
                match kind {
                    Entity::Goal(_) => put::<Goal>(plan, b, a),
                    Entity::Indicator(_) => put::<Indicator>(plan, b, a),
                    Entity::SubIndicator(_) => put::<SubIndicator>(plan, b, a),
                    Entity::Actor(_) => put::<Actor>(plan, b, a),
                    Entity::Activity(_) => put::<Activity>(plan, b, a),
                }
            }
        }
    }
}

/// A record type of the plan: where its values live and how to find them in an [`Entity`].
trait Record: Clone + PartialEq + Sized {
    fn id(&self) -> Id;
    fn table(plan: &mut Plan) -> &mut Vec<Self>;
    fn of(e: &Entity) -> Option<&Self>;
}

macro_rules! record {
    ($t:ty, $variant:ident, $field:ident) => {
        impl Record for $t {
            fn id(&self) -> Id {
                self.id
            }
            fn table(plan: &mut Plan) -> &mut Vec<Self> {
                &mut plan.$field
            }
            fn of(e: &Entity) -> Option<&Self> {
                match e {
                    Entity::$variant(x) => Some(x),
                    _ => None,
                }
            }
        }
    };
}

record!(Goal, Goal, goals);
record!(Indicator, Indicator, indicators);
record!(SubIndicator, SubIndicator, sub_indicators);
record!(Actor, Actor, actors);
record!(Activity, Activity, activities);

fn put<T: Record>(
    plan: &mut Plan,
    before: Option<&Entity>,
    after: Option<&Entity>,
) -> Result<(), OpError> {
    let id = after.or(before).map(Entity::id).ok_or(OpError::Empty)?;
    let cast = |e: Option<&Entity>| -> Result<Option<T>, OpError> {
        e.map(|e| T::of(e).cloned().ok_or(OpError::Stale(id)))
            .transpose()
    };
    let (before, after) = (cast(before)?, cast(after)?);
    if before.as_ref().is_some_and(|b| b.id() != id) {
        return Err(OpError::Stale(id));
    }
    let v = T::table(plan);
    let at = v.iter().position(|x| x.id() == id);
    match (before, after, at) {
        (None, None, _) => Err(OpError::Empty),
        (None, Some(_), Some(_)) => Err(OpError::Exists(id)),
        (None, Some(new), None) => {
            v.push(new);
            Ok(())
        }
        (Some(_), _, None) => Err(OpError::Missing(id)),
        (Some(old), _, Some(i)) if v[i] != old => Err(OpError::Stale(id)),
        (Some(_), None, Some(i)) => {
            // `remove` keeps the others in order, so an undo finds them as they were.
            v.remove(i);
            Ok(())
        }
        (Some(_), Some(new), Some(i)) => {
            v[i] = new;
            Ok(())
        }
    }
}

/// Applies all operations or none: on failure the plan is restored and the error returned.
pub fn apply_all(plan: &mut Plan, ops: &[Op]) -> Result<(), OpError> {
    for (n, op) in ops.iter().enumerate() {
        if let Err(e) = op.apply(plan) {
            // Every operation before this one applied cleanly, so their inverses do too.
            for done in ops[..n].iter().rev() {
                let _ = done.inverse().apply(plan);
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

/// The operations that turn `from` into `to`, record by record (matched by id), in an order
/// the database accepts: creations parents first, then updates, then deletions children first.
pub fn ops_between(from: &Plan, to: &Plan) -> Vec<Op> {
    use std::collections::HashMap;
    fn index<T: Record>(v: &[T]) -> HashMap<Id, &T> {
        v.iter().map(|x| (x.id(), x)).collect()
    }
    fn diff_list<T: Record>(
        a: &[T],
        b: &[T],
        wrap: fn(T) -> Entity,
        creates: &mut Vec<Op>,
        updates: &mut Vec<Op>,
        deletes: &mut Vec<Op>,
    ) {
        let (ia, ib) = (index(a), index(b));
        for x in b {
            match ia.get(&x.id()) {
                None => creates.push(Op::Put {
                    before: None,
                    after: Some(wrap(x.clone())),
                }),
                Some(old) if *old != x => updates.push(Op::Put {
                    before: Some(wrap((*old).clone())),
                    after: Some(wrap(x.clone())),
                }),
                Some(_) => {}
            }
        }
        for x in a {
            if !ib.contains_key(&x.id()) {
                deletes.push(Op::Put {
                    before: Some(wrap(x.clone())),
                    after: None,
                });
            }
        }
    }
    let (mut creates, mut updates) = (Vec::new(), Vec::new());
    // One list of deletions per level, so children go before their parents.
    let mut del: [Vec<Op>; 5] = Default::default();
    let [d_goal, d_ind, d_sub, d_actor, d_act] = &mut del;
    diff_list(
        &from.goals,
        &to.goals,
        Entity::Goal,
        &mut creates,
        &mut updates,
        d_goal,
    );
    diff_list(
        &from.indicators,
        &to.indicators,
        Entity::Indicator,
        &mut creates,
        &mut updates,
        d_ind,
    );
    diff_list(
        &from.sub_indicators,
        &to.sub_indicators,
        Entity::SubIndicator,
        &mut creates,
        &mut updates,
        d_sub,
    );
    diff_list(
        &from.actors,
        &to.actors,
        Entity::Actor,
        &mut creates,
        &mut updates,
        d_actor,
    );
    diff_list(
        &from.activities,
        &to.activities,
        Entity::Activity,
        &mut creates,
        &mut updates,
        d_act,
    );
    let mut ops = creates;
    ops.extend(updates);
    let [d_goal, d_ind, d_sub, d_actor, d_act] = del;
    for d in [d_act, d_sub, d_ind, d_goal, d_actor] {
        ops.extend(d);
    }
    ops
}
