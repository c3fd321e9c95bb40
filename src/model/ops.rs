//! Operations: every change to a plan is a list of operations that know their old and new
//! values. Applying the inverse undoes them; the same records serve history, compare and merge.

use thiserror::Error;

use super::{Activity, Actor, Comment, Goal, Id, Indicator, Lane, Plan, SubIndicator};

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
    Comment(Comment),
}

impl Entity {
    pub fn id(&self) -> Id {
        match self {
            Entity::Goal(x) => x.id,
            Entity::Indicator(x) => x.id,
            Entity::SubIndicator(x) => x.id,
            Entity::Actor(x) => x.id,
            Entity::Activity(x) => x.id,
            Entity::Comment(x) => x.id,
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
                    Entity::Comment(_) => put::<Comment>(plan, b, a),
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
record!(Comment, Comment, comments);

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
/// the database accepts: creations parents-first (goals, indicators, sub-indicators, actors,
/// activities, then comments), then updates, then deletions children-first (comments,
/// activities, sub-indicators, indicators, goals, then actors). Applying them to `from` gives a plan equal to `to` up to
/// the order of its lists.
///
/// Comments of `to` on activities `to` does not hold are left out.
///
/// Actor abbreviations are unique in the database at every step, so an actor whose
/// abbreviation is taken over by another actor of `to` (a swap, or a new actor replacing a
/// deleted one) is first given a temporary abbreviation: one more update, before the creations.
pub fn ops_between(from: &Plan, to: &Plan) -> Vec<Op> {
    use std::collections::HashMap;

    let mut ops = Vec::new();

    // Actors of `from` whose abbreviation another actor of `to` will hold: moved aside first.
    let claimed: HashMap<&str, Id> = to
        .actors
        .iter()
        .map(|a| (a.abbreviation.as_str(), a.id))
        .collect();
    let mut aside: HashMap<Id, Actor> = HashMap::new();
    for a in &from.actors {
        if claimed
            .get(a.abbreviation.as_str())
            .is_some_and(|&other| other != a.id)
        {
            let mut tmp = a.clone();
            tmp.abbreviation = format!("{} [{}]", a.abbreviation, a.id);
            ops.push(Op::Put {
                before: Some(Entity::Actor(a.clone())),
                after: Some(Entity::Actor(tmp.clone())),
            });
            aside.insert(a.id, tmp);
        }
    }
    let actors_from: Vec<Actor> = from
        .actors
        .iter()
        .map(|a| aside.get(&a.id).unwrap_or(a).clone())
        .collect();

    let goals = changes(&from.goals, &to.goals, Entity::Goal);
    let indicators = changes(&from.indicators, &to.indicators, Entity::Indicator);
    let subs = changes(
        &from.sub_indicators,
        &to.sub_indicators,
        Entity::SubIndicator,
    );
    let actors = changes(&actors_from, &to.actors, Entity::Actor);
    let activities = changes(&from.activities, &to.activities, Entity::Activity);
    // A comment on an activity `to` does not hold cannot exist (the database deletes it with
    // its activity): such comments of `to` are left out, and so deleted.
    let activities_to: std::collections::HashSet<Id> = to.activities.iter().map(|a| a.id).collect();
    let comments_to: Vec<Comment> = to
        .comments
        .iter()
        .filter(|c| activities_to.contains(&c.activity_id))
        .cloned()
        .collect();
    let comments = changes(&from.comments, &comments_to, Entity::Comment);

    let parents_first = [&goals, &indicators, &subs, &actors, &activities, &comments];
    for c in parents_first {
        ops.extend(c.created.iter().cloned());
    }
    for c in parents_first {
        ops.extend(c.updated.iter().cloned());
    }
    for c in [&comments, &activities, &subs, &indicators, &goals, &actors] {
        ops.extend(c.deleted.iter().cloned());
    }
    ops
}

/// The creations, updates and deletions of one kind of record, as operations.
struct Changes {
    created: Vec<Op>,
    updated: Vec<Op>,
    deleted: Vec<Op>,
}

fn changes<T: Record>(from: &[T], to: &[T], wrap: fn(T) -> Entity) -> Changes {
    use std::collections::{HashMap, HashSet};
    let old: HashMap<Id, &T> = from.iter().map(|x| (x.id(), x)).collect();
    let mut out = Changes {
        created: Vec::new(),
        updated: Vec::new(),
        deleted: Vec::new(),
    };
    for new in to {
        match old.get(&new.id()) {
            None => out.created.push(Op::Put {
                before: None,
                after: Some(wrap(new.clone())),
            }),
            Some(&was) if was != new => out.updated.push(Op::Put {
                before: Some(wrap(was.clone())),
                after: Some(wrap(new.clone())),
            }),
            Some(_) => {}
        }
    }
    let kept: HashSet<Id> = to.iter().map(Record::id).collect();
    for was in from.iter().filter(|x| !kept.contains(&x.id())) {
        out.deleted.push(Op::Put {
            before: Some(wrap(was.clone())),
            after: None,
        });
    }
    out
}
