//! Operations: every change to a plan is a list of operations that know their old and new
//! values: a record created or deleted whole, one field of one record updated, or a card moved
//! on the board. Applying the inverse undoes them; the same operations serve undo, the store's
//! checks against what the database holds, the change log, compare and merge.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::record::{Entity, EntityKind, Field, Fields, PlanHead, Record};
use super::{Activity, Actor, Id, Lane, Plan};
use crate::with_record;

/// Where an activity sits on the board.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

pub use super::record::Value;

// A `Create` holds a whole record and is larger than the others; undo stacks hold few of
// them, so boxing would cost more in noise than it saves in memory.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Op {
    /// An activity moves to another lane or position. Kept apart from field updates because
    /// board moves renumber whole lanes and must stay cheap.
    Place {
        id: Id,
        from: Placement,
        to: Placement,
    },
    /// A new record, whole.
    Create(Entity),
    /// A record removed; it holds the record as it was, so that the inverse restores it and
    /// the store can check nobody changed it since.
    Delete(Entity),
    /// One field of one record (or of the plan itself: `kind` is `Plan`), from `old` to `new`.
    Update {
        kind: EntityKind,
        id: Id,
        field: Field,
        old: Value,
        new: Value,
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
            Op::Create(e) => Op::Delete(e.clone()),
            Op::Delete(e) => Op::Create(e.clone()),
            Op::Update {
                kind,
                id,
                field,
                old,
                new,
            } => Op::Update {
                kind: *kind,
                id: *id,
                field: *field,
                old: new.clone(),
                new: old.clone(),
            },
        }
    }

    /// The record the operation touches.
    pub fn target(&self) -> Option<Id> {
        Some(match self {
            Op::Place { id, .. } | Op::Update { id, .. } => *id,
            Op::Create(e) | Op::Delete(e) => e.id(),
        })
    }

    /// The kind of the record the operation touches.
    pub fn kind(&self) -> EntityKind {
        match self {
            Op::Place { .. } => EntityKind::Activity,
            Op::Create(e) | Op::Delete(e) => e.kind(),
            Op::Update { kind, .. } => *kind,
        }
    }

    /// Whether the operation adds or removes a record, or changes what the outline or the board
    /// sorts by, so that indexes built on the plan must be rebuilt rather than patched.
    pub fn is_structural(&self) -> bool {
        match self {
            Op::Place { .. } => false,
            Op::Update {
                kind: EntityKind::Activity,
                field,
                ..
            } => matches!(
                field,
                Field::Parent | Field::Code | Field::Placement | Field::OutlinePos
            ),
            Op::Update {
                kind: EntityKind::Plan | EntityKind::Link,
                ..
            } => false,
            _ => true,
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
                place(a, *id, from, to)
            }
            Op::Create(e) => {
                fn f<R: Record>(plan: &mut Plan, e: &Entity) -> Result<(), OpError> {
                    let x = R::of(e).ok_or(OpError::Empty)?;
                    let v = R::list_mut(plan);
                    if v.iter().any(|y| y.id() == x.id()) {
                        return Err(OpError::Exists(x.id()));
                    }
                    v.push(x);
                    Ok(())
                }
                with_record!(e.kind(), f(plan, e), Err(OpError::Empty))
            }
            Op::Delete(e) => {
                fn f<R: Record>(plan: &mut Plan, e: &Entity) -> Result<(), OpError> {
                    let x = R::of(e).ok_or(OpError::Empty)?;
                    let v = R::list_mut(plan);
                    let i = v
                        .iter()
                        .position(|y| y.id() == x.id())
                        .ok_or(OpError::Missing(x.id()))?;
                    if v[i] != x {
                        return Err(OpError::Stale(x.id()));
                    }
                    // `remove` keeps the others in order, so an undo finds them as they were.
                    v.remove(i);
                    Ok(())
                }
                with_record!(e.kind(), f(plan, e), Err(OpError::Empty))
            }
            Op::Update {
                kind,
                id,
                field,
                old,
                new,
            } => {
                fn f<R: Record>(
                    plan: &mut Plan,
                    id: Id,
                    field: Field,
                    old: &Value,
                    new: &Value,
                ) -> Result<(), OpError> {
                    let x = R::list_mut(plan)
                        .iter_mut()
                        .find(|y| y.id() == id)
                        .ok_or(OpError::Missing(id))?;
                    update(x, id, field, old, new)
                }
                with_record!(
                    *kind,
                    f(plan, *id, *field, old, new),
                    update_head(plan, *id, *field, old, new)
                )
            }
        }
    }
}

fn place(a: &mut Activity, id: Id, from: &Placement, to: &Placement) -> Result<(), OpError> {
    if Placement::of(a) != *from {
        return Err(OpError::Stale(id));
    }
    a.lane = to.lane;
    a.lane_pos = to.pos;
    a.inferred.timeline = to.inferred;
    Ok(())
}

fn update<R: Fields>(
    x: &mut R,
    id: Id,
    field: Field,
    old: &Value,
    new: &Value,
) -> Result<(), OpError> {
    if x.get(field).as_ref() != Some(old) || !x.set(field, new.clone()) {
        return Err(OpError::Stale(id));
    }
    Ok(())
}

fn update_head(
    plan: &mut Plan,
    id: Id,
    field: Field,
    old: &Value,
    new: &Value,
) -> Result<(), OpError> {
    if plan.id != id {
        return Err(OpError::Missing(id));
    }
    let mut head = PlanHead::of(plan);
    update(&mut head, id, field, old, new)?;
    plan.name = head.name;
    plan.short_name = head.short_name;
    plan.source = head.source;
    Ok(())
}

/// Above this many operations, [`apply_all`] indexes the plan's lists by id first, so that a
/// returned file of tens of thousands of changes applies in time linear in its size.
const INDEXED: usize = 32;

/// Applies all operations or none: on failure the plan is restored and the error returned.
pub fn apply_all(plan: &mut Plan, ops: &[Op]) -> Result<(), OpError> {
    if ops.len() > INDEXED {
        return apply_all_reporting(plan, ops, |_| {});
    }
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

/// Like [`apply_all`] for a step of any size, telling `step` how many operations are done (a
/// worker's progress bar). Linear in the step's size, and the plan as it was on an error.
pub fn apply_all_reporting(
    plan: &mut Plan,
    ops: &[Op],
    step: impl FnMut(usize),
) -> Result<(), OpError> {
    let mut indexed = Indexed::default();
    let r = indexed.apply_reporting(plan, ops, step);
    if r.is_err() {
        indexed.roll_back(plan, ops);
    }
    r
}

/// Like [`apply_all`], finding activities through `activities` (each activity's index in
/// `plan.activities`, as the window keeps it) instead of scanning a plan of any size.
pub fn apply_all_with(
    plan: &mut Plan,
    ops: &[Op],
    activities: &HashMap<Id, usize>,
) -> Result<(), OpError> {
    // An index that does not describe this plan would find the wrong records.
    if activities.len() != plan.activities.len() {
        return apply_all(plan, ops);
    }
    let mut indexed = Indexed::default();
    // The activities' positions do not move until removals are swept at the end, so the
    // window's index serves as it is; what this step creates is indexed beside it.
    indexed.at.insert(EntityKind::Activity, HashMap::new());
    indexed.base = Some(activities);
    let r = indexed.apply(plan, ops);
    if r.is_err() {
        indexed.roll_back(plan, ops);
    }
    r
}

/// Positions by id in each list, built when first needed; removals are swept at the end.
#[derive(Default)]
struct Indexed<'a> {
    at: HashMap<EntityKind, HashMap<Id, usize>>,
    removed: HashMap<EntityKind, HashSet<usize>>,
    /// The activities' positions as the window knows them; `at` then holds only what this step
    /// creates, and `gone` what it removes.
    base: Option<&'a HashMap<Id, usize>>,
    gone: HashSet<Id>,
    /// Where each record this step removed sits (removals are swept only at the end).
    taken: HashMap<Id, usize>,
    /// Operations applied so far.
    done: usize,
}

impl Indexed<'_> {
    fn index<R: Record>(&mut self, plan: &Plan) -> &mut HashMap<Id, usize> {
        self.at.entry(R::KIND).or_insert_with(|| {
            R::list(plan)
                .iter()
                .enumerate()
                .map(|(i, x)| (x.id(), i))
                .collect()
        })
    }

    /// Where record `id` of kind `R` is, if the plan holds it.
    fn find<R: Record>(&mut self, plan: &Plan, id: &Id) -> Option<usize> {
        if let (EntityKind::Activity, Some(base)) = (R::KIND, self.base) {
            if self.gone.contains(id) {
                return None;
            }
            return self
                .at
                .get(&R::KIND)
                .and_then(|m| m.get(id))
                .or(base.get(id))
                .copied();
        }
        self.index::<R>(plan).get(id).copied()
    }

    /// Takes record `id` out of the index; its position, if it was there.
    fn take<R: Record>(&mut self, plan: &Plan, id: &Id) -> Option<usize> {
        let at = self.take_from_index::<R>(plan, id)?;
        self.taken.insert(*id, at);
        Some(at)
    }

    /// Where record `id` is while rolling back, removed by this step or not; a scan when the
    /// index is not sure (a record removed and created again in one step).
    fn locate<R: Record>(&mut self, plan: &Plan, id: &Id) -> Option<usize> {
        let at = self
            .taken
            .get(id)
            .copied()
            .or_else(|| self.find::<R>(plan, id));
        match at {
            Some(i) if R::list(plan).get(i).is_some_and(|x| x.id() == *id) => Some(i),
            _ => R::list(plan).iter().position(|x| x.id() == *id),
        }
    }

    fn take_from_index<R: Record>(&mut self, plan: &Plan, id: &Id) -> Option<usize> {
        if let (EntityKind::Activity, Some(_)) = (R::KIND, self.base) {
            let at = self.find::<R>(plan, id)?;
            self.gone.insert(*id);
            if let Some(m) = self.at.get_mut(&R::KIND) {
                m.remove(id);
            }
            return Some(at);
        }
        self.index::<R>(plan).remove(id)
    }

    fn put<R: Record>(&mut self, plan: &Plan, id: Id, at: usize) {
        if let (EntityKind::Activity, Some(_)) = (R::KIND, self.base) {
            self.gone.remove(&id);
            self.at.entry(R::KIND).or_default().insert(id, at);
            return;
        }
        self.index::<R>(plan).insert(id, at);
    }

    /// Puts back what the first `done` operations changed, after one failed: removals were
    /// not swept yet, so the records they named are still in place.
    fn roll_back(&mut self, plan: &mut Plan, ops: &[Op]) {
        fn pop<R: Record>(plan: &mut Plan) {
            R::list_mut(plan).pop();
        }
        for op in ops[..self.done].iter().rev() {
            match op {
                Op::Place { id, from, to } => {
                    if let Some(i) = self.locate::<Activity>(plan, id) {
                        let _ = place(&mut plan.activities[i], *id, to, from);
                    }
                }
                Op::Update {
                    kind,
                    id,
                    field,
                    old,
                    new,
                } => {
                    fn back<R: Record>(
                        s: &mut Indexed,
                        plan: &mut Plan,
                        id: Id,
                        field: Field,
                        old: &Value,
                        new: &Value,
                    ) {
                        if let Some(i) = s.locate::<R>(plan, &id) {
                            let _ = update(&mut R::list_mut(plan)[i], id, field, new, old);
                        }
                    }
                    with_record!(*kind, back(self, plan, *id, *field, old, new), {
                        let _ = update_head(plan, *id, *field, new, old);
                    });
                }
                // Creations were pushed in order: the last one is at the end.
                Op::Create(e) => with_record!(e.kind(), pop(plan), ()),
                // Not swept yet: the record is where it was.
                Op::Delete(_) => {}
            }
        }
        self.removed.clear();
    }

    fn apply(&mut self, plan: &mut Plan, ops: &[Op]) -> Result<(), OpError> {
        self.apply_reporting(plan, ops, |_| {})
    }

    fn apply_reporting(
        &mut self,
        plan: &mut Plan,
        ops: &[Op],
        mut step: impl FnMut(usize),
    ) -> Result<(), OpError> {
        for op in ops {
            match op {
                Op::Place { id, from, to } => {
                    let i = self
                        .find::<Activity>(plan, id)
                        .ok_or(OpError::Missing(*id))?;
                    place(&mut plan.activities[i], *id, from, to)?;
                }
                Op::Create(e) => {
                    fn f<R: Record>(
                        s: &mut Indexed,
                        plan: &mut Plan,
                        e: &Entity,
                    ) -> Result<(), OpError> {
                        let x = R::of(e).ok_or(OpError::Empty)?;
                        let len = R::list(plan).len();
                        if s.find::<R>(plan, &x.id()).is_some() {
                            return Err(OpError::Exists(x.id()));
                        }
                        s.put::<R>(plan, x.id(), len);
                        R::list_mut(plan).push(x);
                        Ok(())
                    }
                    with_record!(e.kind(), f(self, plan, e), Err(OpError::Empty))?
                }
                Op::Delete(e) => {
                    fn f<R: Record>(
                        s: &mut Indexed,
                        plan: &mut Plan,
                        e: &Entity,
                    ) -> Result<(), OpError> {
                        let x = R::of(e).ok_or(OpError::Empty)?;
                        let i = s.find::<R>(plan, &x.id()).ok_or(OpError::Missing(x.id()))?;
                        if R::list(plan)[i] != x {
                            return Err(OpError::Stale(x.id()));
                        }
                        s.take::<R>(plan, &x.id());
                        s.removed.entry(R::KIND).or_default().insert(i);
                        Ok(())
                    }
                    with_record!(e.kind(), f(self, plan, e), Err(OpError::Empty))?
                }
                Op::Update {
                    kind,
                    id,
                    field,
                    old,
                    new,
                } => {
                    fn f<R: Record>(
                        s: &mut Indexed,
                        plan: &mut Plan,
                        id: Id,
                        field: Field,
                        old: &Value,
                        new: &Value,
                    ) -> Result<(), OpError> {
                        let i = s.find::<R>(plan, &id).ok_or(OpError::Missing(id))?;
                        update(&mut R::list_mut(plan)[i], id, field, old, new)
                    }
                    with_record!(
                        *kind,
                        f(self, plan, *id, *field, old, new),
                        update_head(plan, *id, *field, old, new)
                    )?
                }
            }
            self.done += 1;
            step(self.done);
        }
        fn sweep<R: Record>(plan: &mut Plan, gone: &HashSet<usize>) {
            let mut i = 0;
            R::list_mut(plan).retain(|_| {
                i += 1;
                !gone.contains(&(i - 1))
            });
        }
        for (kind, gone) in &self.removed {
            with_record!(*kind, sweep(plan, gone), ());
        }
        Ok(())
    }
}

/// The operations that undo `ops`.
pub fn inverse_all(ops: &[Op]) -> Vec<Op> {
    ops.iter().rev().map(Op::inverse).collect()
}

/// The updates that turn record `old` into `new` (the same kind and id), one per field that
/// differs, in the order the kind declares its fields.
pub fn updates(old: &Entity, new: &Entity) -> Vec<Op> {
    debug_assert_eq!(old.id(), new.id());
    old.fields()
        .iter()
        .filter_map(|&field| {
            let (a, b) = (old.get(field)?, new.get(field)?);
            (a != b).then(|| Op::Update {
                kind: old.kind(),
                id: old.id(),
                field,
                old: a,
                new: b,
            })
        })
        .collect()
}

/// The operations that turn `from` into `to`, record by record (matched by id), in an order
/// the database accepts: the plan's own fields; creations parents-first (goals, indicators,
/// sub-indicators, actors, activities, comments, links); then updates, field by field; then
/// deletions children-first (links, comments, activities, sub-indicators, indicators, goals,
/// then actors). Applying them to `from` gives a plan equal to `to` up to the order of its
/// lists.
///
/// Comments and links of `to` on activities `to` does not hold are left out.
///
/// Actor abbreviations are unique in the database at every step, so an actor whose
/// abbreviation is taken over by another actor of `to` (a swap, or a new actor replacing a
/// deleted one) is first given a temporary abbreviation: one more update, before the creations.
pub fn ops_between(from: &Plan, to: &Plan) -> Vec<Op> {
    let mut ops = updates_of(&PlanHead::of(from), &PlanHead::of(to));

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
            ops.extend(updates_of(a, &tmp));
            aside.insert(a.id, tmp);
        }
    }
    let actors_from: Vec<Actor> = from
        .actors
        .iter()
        .map(|a| aside.get(&a.id).unwrap_or(a).clone())
        .collect();

    // A record on an activity `to` does not hold (a comment, a link) cannot exist: the
    // database deletes it with its activity. Such records of `to` are left out, and so deleted.
    let activities_to: HashSet<Id> = to.activities.iter().map(|a| a.id).collect();
    let kept = |refs: Vec<(Id, EntityKind)>| {
        refs.iter()
            .all(|(id, k)| *k != EntityKind::Activity || activities_to.contains(id))
    };
    fn of_kind<R: Record>(
        from: &Plan,
        to: &Plan,
        actors_from: &[Actor],
        kept: &dyn Fn(Vec<(Id, EntityKind)>) -> bool,
    ) -> Changes {
        let to: Vec<R> = R::list(to)
            .iter()
            .filter(|x| kept(x.refs()))
            .cloned()
            .collect();
        match R::KIND {
            // Actors as moved aside above.
            EntityKind::Actor => {
                let from: Vec<R> = actors_from
                    .iter()
                    .filter_map(|a| R::of(&Entity::Actor(a.clone())))
                    .collect();
                changes(&from, &to)
            }
            _ => changes(R::list(from), &to),
        }
    }
    // Parents first, as the kinds are declared.
    let all: Vec<Changes> = EntityKind::LISTED
        .iter()
        .map(|k| {
            with_record!(
                *k,
                of_kind(from, to, &actors_from, &kept),
                Changes::default()
            )
        })
        .collect();
    for c in &all {
        ops.extend(c.created.iter().cloned());
    }
    for c in &all {
        ops.extend(c.updated.iter().cloned());
    }
    // Children first; actors last, once nothing is assigned to them.
    let actors = EntityKind::LISTED
        .iter()
        .position(|k| *k == EntityKind::Actor)
        .unwrap_or(0);
    for (i, c) in all.iter().enumerate().rev() {
        if i != actors {
            ops.extend(c.deleted.iter().cloned());
        }
    }
    ops.extend(all[actors].deleted.iter().cloned());
    ops
}

/// The field updates from `old` to `new`, for any record with fields.
pub(crate) fn updates_of<R: Fields>(old: &R, new: &R) -> Vec<Op> {
    R::FIELDS
        .iter()
        .filter_map(|&field| {
            let (a, b) = (old.get(field)?, new.get(field)?);
            (a != b).then(|| Op::Update {
                kind: R::KIND,
                id: old.id(),
                field,
                old: a,
                new: b,
            })
        })
        .collect()
}

/// The creations, updates and deletions of one kind of record, as operations.
#[derive(Default)]
struct Changes {
    created: Vec<Op>,
    updated: Vec<Op>,
    deleted: Vec<Op>,
}

fn changes<T: Record>(from: &[T], to: &[T]) -> Changes {
    let old: HashMap<Id, &T> = from.iter().map(|x| (x.id(), x)).collect();
    let mut out = Changes {
        created: Vec::new(),
        updated: Vec::new(),
        deleted: Vec::new(),
    };
    for new in to {
        match old.get(&new.id()) {
            None => out.created.push(Op::Create(new.clone().item())),
            Some(&was) if was != new => out.updated.extend(updates_of(was, new)),
            Some(_) => {}
        }
    }
    let kept: HashSet<Id> = to.iter().map(|x| x.id()).collect();
    for was in from.iter().filter(|x| !kept.contains(&x.id())) {
        out.deleted.push(Op::Delete(was.clone().item()));
    }
    out
}
