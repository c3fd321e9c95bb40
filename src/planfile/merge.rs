//! Three-way merge of plans, field by field, entities matched by id.
//!
//! A field changed on one side only takes that side's value; changed on both sides to the same
//! value is no conflict; changed to different values is a conflict that keeps ours in the
//! merged plan until resolved. Deleting what the other side changed is a conflict too. An
//! activity's lane and place are judged by relative order (see `diff::reordered`), so
//! renumbering positions is not a change, and cards moved by theirs are placed after the card
//! they follow in theirs.

use std::collections::{HashMap, HashSet};

use thiserror::Error;

use super::diff::{self, Change, goal_map, lane_ranks, reordered};
use super::fields::{Fields, Item, PlanHead, Record};
use super::{EntityKind, Field, Value};
use crate::model::board::{self, GAP};
use crate::model::{Activity, Actor, Comment, Goal, Id, Indicator, Lane, Link, Plan, SubIndicator};
use crate::with_record;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConflictKind {
    /// Both sides changed the same field to different values.
    BothEdited,
    /// Theirs deleted what ours changed or still uses; the merged plan keeps it.
    DeletedByTheirs,
    /// Ours deleted what theirs changed or added under; the merged plan leaves it out.
    DeletedByOurs,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub kind: ConflictKind,
    pub entity: EntityKind,
    pub id: Id,
    pub goal_id: Option<Id>,
    /// The code or abbreviation people know the entity by.
    pub label: String,
    /// The field both sides changed (`BothEdited` only).
    pub field: Option<Field>,
    pub base: Option<Value>,
    pub ours: Option<Value>,
    pub theirs: Option<Value>,
    /// The values for people, in the plan each comes from.
    pub base_text: String,
    pub ours_text: String,
    pub theirs_text: String,
    /// For deletions: the whole entity as the side that kept it has it, to restore it.
    pub kept: Option<Item>,
}

impl Conflict {
    /// The conflict as an English sentence.
    pub fn sentence(&self) -> String {
        let who = match self.entity {
            EntityKind::Activity => self.label.clone(),
            EntityKind::Plan => "the plan".into(),
            k => format!("{k} {}", self.label),
        };
        match self.kind {
            ConflictKind::BothEdited => {
                let f = self.field.map_or("", Field::label);
                if matches!(self.ours, Some(Value::Text(_))) {
                    format!("{f} of {who} edited on both sides (ours kept)")
                } else {
                    format!(
                        "{f} of {who} changed on both sides: ours {}, theirs {} (ours kept)",
                        self.ours_text, self.theirs_text
                    )
                }
            }
            ConflictKind::DeletedByTheirs => {
                format!("{who} was deleted in theirs but changed or still used in ours (kept)")
            }
            ConflictKind::DeletedByOurs => {
                format!("{who} was deleted in ours but changed or added to in theirs (left out)")
            }
        }
    }
}

/// The outcome of a merge. `applied` is what the merge changed in ours (the changes from ours
/// to `merged`); `conflicts` need a choice, and `merged` holds ours for each until then.
#[derive(Clone, Debug)]
pub struct MergeResult {
    pub merged: Plan,
    pub applied: Vec<Change>,
    pub conflicts: Vec<Conflict>,
}

/// How to settle a conflict.
#[derive(Clone, Debug, PartialEq)]
pub enum Choice {
    Ours,
    Theirs,
    /// A value typed by the person (`BothEdited` only).
    Edited(Value),
}

#[derive(Debug, Error, PartialEq)]
pub enum ResolveError {
    #[error(
        "The {kind} {label} is no longer in the plan, so the choice could not be applied. The plan was not changed."
    )]
    Missing { kind: EntityKind, label: String },
    #[error(
        "The {kind} {label} is still used by other parts of the plan, so it was kept. Remove or move what uses it first."
    )]
    StillUsed { kind: EntityKind, label: String },
    #[error(
        "The {kind} {label} cannot be restored because what it belongs to is no longer in the plan. The plan was not changed."
    )]
    ParentMissing { kind: EntityKind, label: String },
    #[error(
        "That value does not fit the {field} of {label}. The plan was not changed; choose ours or theirs, or enter a value of the right kind."
    )]
    WrongValue { field: &'static str, label: String },
}

/// Merges `theirs` into `ours`, both made from `base`.
pub fn merge(base: &Plan, ours: &Plan, theirs: &Plan) -> MergeResult {
    // Each side's cards that moved; the ranks behind them are let go at once (a large plan's
    // merge holds three plans and makes a fourth).
    let (moved_ours, moved_theirs) = {
        let base_ranks = lane_ranks(base);
        let ours_moved = moved(&base_ranks, &lane_ranks(ours));
        (ours_moved, moved(&base_ranks, &lane_ranks(theirs)))
    };
    let mut st = State {
        base,
        ours,
        theirs,
        moved_ours,
        moved_theirs,
        goals: [goal_map(ours), goal_map(theirs), goal_map(base)],
        conflicts: Vec::new(),
        place_from_theirs: HashSet::new(),
        removed_by_theirs: HashMap::new(),
        added_by_theirs: HashSet::new(),
    };
    let head = st.merge_fields(
        Some(&PlanHead::of(base)),
        &PlanHead::of(ours),
        &PlanHead::of(theirs),
    );
    let mut merged = Plan {
        id: ours.id,
        name: head.name,
        short_name: head.short_name,
        source: head.source,
        goals: st.records::<Goal>(),
        indicators: st.records::<Indicator>(),
        sub_indicators: st.records::<SubIndicator>(),
        actors: st.records::<Actor>(),
        activities: st.records::<Activity>(),
        comments: Vec::new(),
        links: Vec::new(),
    };
    st.repair_references(&mut merged);
    let activities: HashSet<Id> = merged.activities.iter().map(|a| a.id).collect();
    merged.comments = added_or_deleted(base, ours, theirs, |c: &Comment| {
        activities.contains(&c.activity_id)
    });
    merged
        .comments
        .sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
    merged.links = added_or_deleted(base, ours, theirs, |l: &Link| {
        activities.contains(&l.activity_id)
    });
    drop(activities);
    place_after_neighbours(&mut merged, theirs, &st.place_from_theirs);
    let conflicts = std::mem::take(&mut st.conflicts);
    drop(st);
    let applied = diff::diff(ours, &merged);
    MergeResult {
        merged,
        applied,
        conflicts,
    }
}

/// Comments and links are only ever added or deleted, never edited: ours, plus those theirs
/// added, minus those theirs deleted, and only those `keep` accepts (on activities the merged
/// plan still holds).
fn added_or_deleted<R: Record>(
    base: &Plan,
    ours: &Plan,
    theirs: &Plan,
    keep: impl Fn(&R) -> bool,
) -> Vec<R> {
    let ids = |p: &Plan| -> HashSet<Id> { R::list(p).iter().map(|x| x.id()).collect() };
    let (in_base, in_ours, in_theirs) = (ids(base), ids(ours), ids(theirs));
    R::list(ours)
        .iter()
        .filter(|x| !in_base.contains(&x.id()) || in_theirs.contains(&x.id()))
        .chain(
            R::list(theirs)
                .iter()
                .filter(|x| !in_base.contains(&x.id()) && !in_ours.contains(&x.id())),
        )
        .filter(|x| keep(x))
        .cloned()
        .collect()
}

/// Activities whose lane changed or that changed place relative to the others in their lane.
fn moved(a: &HashMap<Id, (Lane, usize)>, b: &HashMap<Id, (Lane, usize)>) -> HashSet<Id> {
    let mut out = reordered(a, b);
    for (id, (lane, _)) in b {
        if a.get(id).is_some_and(|(l, _)| l != lane) {
            out.insert(*id);
        }
    }
    out
}

struct State<'p> {
    base: &'p Plan,
    ours: &'p Plan,
    theirs: &'p Plan,
    moved_ours: HashSet<Id>,
    moved_theirs: HashSet<Id>,
    /// Goal of each entity in ours, theirs and base, for conflicts' goal ids.
    goals: [HashMap<Id, Id>; 3],
    conflicts: Vec<Conflict>,
    /// Activities whose lane and place come from theirs: placed again after their neighbours.
    place_from_theirs: HashSet<Id>,
    /// What theirs deleted, as ours had it, in case something still needs it.
    removed_by_theirs: HashMap<Id, Item>,
    added_by_theirs: HashSet<Id>,
}

impl State<'_> {
    fn goal_of(&self, id: Id) -> Option<Id> {
        self.goals.iter().find_map(|m| m.get(&id).copied())
    }

    /// Did this side change field `f` of `x` from `b`? Placement counts only a real move.
    fn changed<R: Fields>(&self, f: Field, b: Option<&R>, x: &R, theirs: bool) -> bool {
        let Some(b) = b else { return true };
        if f == Field::Placement {
            let moved = if theirs {
                &self.moved_theirs
            } else {
                &self.moved_ours
            };
            return moved.contains(&x.id());
        }
        b.get(f) != x.get(f)
    }

    fn edited<R: Fields>(&self, b: &R, x: &R, theirs: bool) -> bool {
        b != x
            && R::FIELDS
                .iter()
                .any(|&f| self.changed(f, Some(b), x, theirs))
    }

    fn merge_fields<R: Fields>(&mut self, b: Option<&R>, o: &R, t: &R) -> R {
        let mut out = o.clone();
        if R::KIND == EntityKind::Activity
            && self.moved_theirs.contains(&o.id())
            && !self.moved_ours.contains(&o.id())
        {
            // Theirs moved the card, even where its own record reads the same (the cards
            // around it were numbered anew): it is placed again after its neighbours there.
            self.place_from_theirs.insert(o.id());
        }
        if o == t || b == Some(t) {
            return out;
        }
        for &f in R::FIELDS {
            let (ov, tv) = (o.get(f), t.get(f));
            if ov == tv || !self.changed(f, b, t, true) {
                continue;
            }
            if !self.changed(f, b, o, false) {
                if let Some(v) = tv {
                    out.set(f, v);
                }
                if f == Field::Placement {
                    self.place_from_theirs.insert(o.id());
                }
                continue;
            }
            let bv = b.and_then(|b| b.get(f));
            let text =
                |v: &Option<Value>, p: &Plan| v.as_ref().map_or_else(String::new, |v| v.display(p));
            self.conflicts.push(Conflict {
                kind: ConflictKind::BothEdited,
                entity: R::KIND,
                id: o.id(),
                goal_id: self.goal_of(o.id()),
                label: o.label().to_owned(),
                field: Some(f),
                base_text: text(&bv, self.base),
                ours_text: text(&ov, self.ours),
                theirs_text: text(&tv, self.theirs),
                base: bv,
                ours: ov,
                theirs: tv,
                kept: None,
            });
        }
        out
    }

    fn whole_conflict<R: Record>(&mut self, kind: ConflictKind, x: &R, kept: Item) {
        self.conflicts.push(Conflict {
            kind,
            entity: R::KIND,
            id: x.id(),
            goal_id: self.goal_of(x.id()),
            label: x.label().to_owned(),
            field: None,
            base: None,
            ours: None,
            theirs: None,
            base_text: String::new(),
            ours_text: String::new(),
            theirs_text: String::new(),
            kept: Some(kept),
        });
    }

    /// One list of the merged plan, in ours' order with theirs' additions at the end.
    fn records<R: Record>(&mut self) -> Vec<R> {
        let base: HashMap<Id, &R> = R::list(self.base).iter().map(|x| (x.id(), x)).collect();
        let theirs: HashMap<Id, &R> = R::list(self.theirs).iter().map(|x| (x.id(), x)).collect();
        let ours: HashSet<Id> = R::list(self.ours).iter().map(|x| x.id()).collect();
        let mut out = Vec::with_capacity(R::list(self.ours).len());
        for o in R::list(self.ours) {
            let b = base.get(&o.id()).copied();
            match (b, theirs.get(&o.id()).copied()) {
                (_, Some(t)) => out.push(self.merge_fields(b, o, t)),
                (Some(b), None) => {
                    if self.edited(b, o, false) {
                        self.whole_conflict(ConflictKind::DeletedByTheirs, o, o.clone().item());
                        out.push(o.clone());
                    } else {
                        self.removed_by_theirs.insert(o.id(), o.clone().item());
                    }
                }
                (None, None) => out.push(o.clone()),
            }
        }
        for t in R::list(self.theirs) {
            if ours.contains(&t.id()) {
                continue;
            }
            match base.get(&t.id()) {
                None => {
                    self.added_by_theirs.insert(t.id());
                    if R::KIND == EntityKind::Activity {
                        self.place_from_theirs.insert(t.id());
                    }
                    out.push(t.clone());
                }
                Some(b) => {
                    if self.edited(*b, t, true) {
                        self.whole_conflict(ConflictKind::DeletedByOurs, t, t.clone().item());
                    }
                }
            }
        }
        out
    }

    /// Keeps the merged plan whole: what theirs deleted but the merged plan still uses comes
    /// back (a conflict); what theirs added or changed to use something ours deleted is left
    /// out or kept as ours had it (a conflict); an actor theirs added with an abbreviation ours
    /// already uses is left out (a conflict).
    fn repair_references(&mut self, merged: &mut Plan) {
        // Each round fixes at least one entity for good; the bound only guards the loop.
        for _ in 0..64 {
            let present = kinds_of(merged);
            let mut broken: Vec<(EntityKind, Id)> = Vec::new();
            let mut missing: Vec<Id> = Vec::new();
            let mut check = |kind: EntityKind, id: Id, refs: Vec<(Id, EntityKind)>| {
                let mut bad = false;
                for (r, k) in refs {
                    if present.get(&r) != Some(&k) {
                        missing.push(r);
                        bad = true;
                    }
                }
                if bad {
                    broken.push((kind, id));
                }
            };
            for x in &merged.indicators {
                check(EntityKind::Indicator, x.id, x.refs());
            }
            for x in &merged.sub_indicators {
                check(EntityKind::SubIndicator, x.id, x.refs());
            }
            for x in &merged.activities {
                check(EntityKind::Activity, x.id, x.refs());
            }
            let mut seen = HashMap::new();
            for x in &merged.actors {
                if let Some(other) = seen.insert(x.abbreviation.as_str(), x.id) {
                    let dup = if self.added_by_theirs.contains(&x.id) {
                        x.id
                    } else {
                        other
                    };
                    broken.push((EntityKind::Actor, dup));
                }
            }
            if broken.is_empty() {
                return;
            }
            let mut restored = false;
            for id in missing {
                if let Some(item) = self.removed_by_theirs.remove(&id) {
                    self.restore(merged, item);
                    restored = true;
                }
            }
            if restored {
                continue; // what is broken may be whole again
            }
            for (kind, id) in broken {
                self.take_back(merged, kind, id);
            }
        }
    }

    fn restore(&mut self, merged: &mut Plan, item: Item) {
        fn one<R: Record>(st: &mut State, merged: &mut Plan, item: &Item) {
            if let Some(x) = R::of(item) {
                st.whole_conflict(ConflictKind::DeletedByTheirs, &x, x.clone().item());
                R::list_mut(merged).push(x);
            }
        }
        with_record!(item.kind(), one(self, merged, &item), ())
    }

    /// Replaces a broken entity by ours' version, or leaves it out if ours does not have it.
    fn take_back(&mut self, merged: &mut Plan, kind: EntityKind, id: Id) {
        fn one<R: Record>(st: &mut State, merged: &mut Plan, id: Id) {
            st.take_back_one::<R>(merged, id)
        }
        with_record!(kind, one(self, merged, id), ())
    }

    fn take_back_one<R: Record>(&mut self, merged: &mut Plan, id: Id) {
        let Some(i) = R::list(merged).iter().position(|x| x.id() == id) else {
            return;
        };
        let theirs_version = R::list(self.theirs).iter().find(|x| x.id() == id).cloned();
        let ours_version = R::list(self.ours).iter().find(|x| x.id() == id).cloned();
        let list = R::list_mut(merged);
        let current = match ours_version {
            Some(o) => std::mem::replace(&mut list[i], o),
            None => list.remove(i),
        };
        let kept = theirs_version.unwrap_or(current);
        self.place_from_theirs.remove(&id);
        self.whole_conflict(ConflictKind::DeletedByOurs, &kept, kept.clone().item());
    }
}

fn kinds_of(p: &Plan) -> HashMap<Id, EntityKind> {
    let mut m = HashMap::with_capacity(
        p.goals.len() + p.indicators.len() + p.sub_indicators.len() + p.actors.len(),
    );
    m.extend(p.goals.iter().map(|x| (x.id, EntityKind::Goal)));
    m.extend(p.indicators.iter().map(|x| (x.id, EntityKind::Indicator)));
    m.extend(
        p.sub_indicators
            .iter()
            .map(|x| (x.id, EntityKind::SubIndicator)),
    );
    m.extend(p.actors.iter().map(|x| (x.id, EntityKind::Actor)));
    m
}

/// Gives each card whose lane and place came from theirs a position in the merged plan's
/// numbering: right after the card it follows in theirs' lane (among the cards that kept ours'
/// place), between its new neighbours. A lane is renumbered only when there is no room.
fn place_after_neighbours(merged: &mut Plan, theirs: &Plan, incoming: &HashSet<Id>) {
    if incoming.is_empty() {
        return;
    }
    let index: HashMap<Id, usize> = merged
        .activities
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id, i))
        .collect();
    let merged_lanes = board::lanes(merged);
    let theirs_lanes = board::lanes(theirs);
    for (li, lane) in Lane::ALL.into_iter().enumerate() {
        let fixed: Vec<usize> = merged_lanes[li]
            .iter()
            .copied()
            .filter(|&i| !incoming.contains(&merged.activities[i].id))
            .collect();
        let fixed_ids: HashSet<Id> = fixed.iter().map(|&i| merged.activities[i].id).collect();
        // Cards to insert, grouped by the fixed card they follow (None: the lane's start).
        let mut after: HashMap<Option<Id>, Vec<usize>> = HashMap::new();
        let mut anchor = None;
        for &ti in &theirs_lanes[li] {
            let id = theirs.activities[ti].id;
            if fixed_ids.contains(&id) {
                anchor = Some(id);
            } else if let Some(&mi) = index.get(&id)
                && incoming.contains(&id)
                && merged.activities[mi].lane == lane
            {
                after.entry(anchor).or_default().push(mi);
            }
        }
        // Anything placed from theirs that theirs' lane does not list goes to the end.
        let listed: HashSet<usize> = after.values().flatten().copied().collect();
        let rest: Vec<usize> = merged_lanes[li]
            .iter()
            .copied()
            .filter(|&i| incoming.contains(&merged.activities[i].id) && !listed.contains(&i))
            .collect();
        // The new order of the lane, with which cards keep their position.
        let mut order: Vec<(usize, bool)> = Vec::new();
        let mut push_after = |key: Option<Id>, order: &mut Vec<(usize, bool)>| {
            if let Some(v) = after.remove(&key) {
                order.extend(v.into_iter().map(|i| (i, false)));
            }
        };
        push_after(None, &mut order);
        for &i in &fixed {
            order.push((i, true));
            push_after(Some(merged.activities[i].id), &mut order);
        }
        order.extend(rest.into_iter().map(|i| (i, false)));
        number(&mut merged.activities, &order);
    }
}

/// Gives the cards marked `false` positions between their fixed neighbours, or renumbers the
/// whole lane when a gap is too narrow.
fn number(acts: &mut [Activity], order: &[(usize, bool)]) {
    let mut k = 0;
    while k < order.len() {
        if order[k].1 {
            k += 1;
            continue;
        }
        let start = k;
        while k < order.len() && !order[k].1 {
            k += 1;
        }
        let n = (k - start) as i64;
        let prev = start.checked_sub(1).map(|p| acts[order[p].0].lane_pos);
        let next = order.get(k).map(|&(i, _)| acts[i].lane_pos);
        let (lo, hi) = match (prev, next) {
            (Some(p), Some(q)) => (p, q),
            (Some(p), None) => (p, p.saturating_add(GAP.saturating_mul(n + 1))),
            (None, Some(q)) => (q.saturating_sub(GAP.saturating_mul(n + 1)), q),
            (None, None) => (0, GAP.saturating_mul(n + 1)),
        };
        let room = hi.checked_sub(lo).filter(|r| *r > n);
        match room {
            Some(r) => {
                let step = r / (n + 1);
                for (j, &(i, _)) in order[start..k].iter().enumerate() {
                    acts[i].lane_pos = lo + step * (j as i64 + 1);
                }
            }
            None => {
                for (j, &(i, _)) in order.iter().enumerate() {
                    acts[i].lane_pos = (j as i64 + 1) * GAP;
                }
                return;
            }
        }
    }
}

/// Settles one conflict in `plan` (normally the merged plan): ours, theirs, or an edited value.
pub fn resolve(plan: &mut Plan, conflict: &Conflict, choice: Choice) -> Result<(), ResolveError> {
    let label = conflict.label.clone();
    let kind = conflict.entity;
    match (conflict.kind, choice) {
        (ConflictKind::BothEdited, choice) => {
            let value = match choice {
                Choice::Ours => conflict.ours.clone(),
                Choice::Theirs => conflict.theirs.clone(),
                Choice::Edited(v) => Some(v),
            };
            let (Some(field), Some(value)) = (conflict.field, value) else {
                return Ok(());
            };
            let wrong = || ResolveError::WrongValue {
                field: field.label(),
                label: label.clone(),
            };
            let found = match kind {
                EntityKind::Plan => {
                    let mut head = PlanHead::of(plan);
                    if !head.set(field, value) {
                        return Err(wrong());
                    }
                    plan.name = head.name;
                    plan.short_name = head.short_name;
                    plan.source = head.source;
                    Some(true)
                }
                kind => with_record!(kind, set_field(plan, conflict.id, field, value), None),
            };
            match found {
                None => Err(ResolveError::Missing { kind, label }),
                Some(false) => Err(wrong()),
                Some(true) => Ok(()),
            }
        }
        (_, Choice::Ours) => Ok(()),
        (_, Choice::Edited(_)) => Err(ResolveError::WrongValue {
            field: "whole entry",
            label,
        }),
        (ConflictKind::DeletedByTheirs, Choice::Theirs) => {
            if used(plan, conflict.id) {
                return Err(ResolveError::StillUsed { kind, label });
            }
            fn remove<R: Record>(plan: &mut Plan, id: Id) {
                R::list_mut(plan).retain(|x| x.id() != id)
            }
            with_record!(kind, remove(plan, conflict.id), ());
            Ok(())
        }
        (ConflictKind::DeletedByOurs, Choice::Theirs) => {
            let Some(item) = conflict.kept.clone() else {
                return Ok(());
            };
            let present = kinds_of(plan);
            let refs = item.refs();
            if refs.iter().any(|(id, k)| present.get(id) != Some(k)) {
                return Err(ResolveError::ParentMissing { kind, label });
            }
            fn restore<R: Record>(plan: &mut Plan, item: &Item) {
                if let Some(x) = R::of(item) {
                    put(R::list_mut(plan), x)
                }
            }
            with_record!(item.kind(), restore(plan, &item), ());
            Ok(())
        }
    }
}

fn set_field<R: Record>(plan: &mut Plan, id: Id, f: Field, v: Value) -> Option<bool> {
    R::list_mut(plan)
        .iter_mut()
        .find(|x| x.id() == id)
        .map(|x| x.set(f, v))
}

fn put<R: Record>(list: &mut Vec<R>, x: R) {
    match list.iter_mut().find(|y| y.id() == x.id()) {
        Some(y) => *y = x,
        None => list.push(x),
    }
}

/// Whether anything in the plan refers to `id`.
fn used(plan: &Plan, id: Id) -> bool {
    plan.indicators.iter().any(|x| x.goal_id == id)
        || plan.sub_indicators.iter().any(|x| x.indicator_id == id)
        || plan
            .activities
            .iter()
            .any(|a| a.sub_indicator_id == id || a.leads.contains(&id) || a.co_leads.contains(&id))
}
