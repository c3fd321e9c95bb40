//! The edits people make to a plan, checked and turned into operations. Every function here
//! reads the plan and returns the operations to apply, or says which field is wrong and why;
//! none of them changes the plan.

use std::collections::HashSet;

use thiserror::Error;

use super::board::GAP;
use super::checks::code_fits_parent;
use super::ops::{Op, updates};
use super::record::{self, Entity};
use super::{
    Activity, Actor, Comment, Goal, Id, Indicator, Inferred, Lane, Plan, Status, SubIndicator,
};

/// The field an edit error belongs to, so a view can show the message beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Code,
    Text,
    Parent,
    Leads,
    CoLeads,
    Abbreviation,
    Record,
}

#[derive(Clone, Debug, Error, PartialEq)]
pub enum EditError {
    #[error("the text is empty")]
    EmptyText,
    #[error("the code is empty")]
    EmptyCode,
    #[error("the code {code} is already used by another entry")]
    CodeUsed { code: String },
    #[error("the code {code} does not fit under {parent}")]
    CodeMisfit { code: String, parent: String },
    #[error("the abbreviation is empty")]
    EmptyAbbreviation,
    #[error("the abbreviation {0} is already used by another actor")]
    AbbreviationUsed(String),
    #[error("the record {0} does not exist")]
    Missing(Id),
    #[error("the actor {0} does not exist")]
    UnknownActor(Id),
    #[error("the same actor appears twice among the lead and co-leads")]
    ActorTwice,
    #[error("an actor cannot be merged into itself")]
    MergeIntoItself,
    #[error("the actor is assigned to {0} activities; merge it into another instead")]
    ActorInUse(usize),
    #[error("{0:?} is not a GCM objective or action or an SDG target")]
    UnknownTarget(String),
}

impl EditError {
    pub fn field(&self) -> Field {
        match self {
            EditError::EmptyText => Field::Text,
            EditError::EmptyCode | EditError::CodeUsed { .. } | EditError::CodeMisfit { .. } => {
                Field::Code
            }
            EditError::EmptyAbbreviation | EditError::AbbreviationUsed(_) => Field::Abbreviation,
            EditError::UnknownActor(_) | EditError::ActorTwice => Field::Leads,
            EditError::Missing(_)
            | EditError::MergeIntoItself
            | EditError::ActorInUse(_)
            | EditError::UnknownTarget(_) => Field::Record,
        }
    }
}

/// Which inferred value a person confirms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Confirm {
    Lead,
    CoLeads,
    Timeline,
}

/// The operations of an edit, or why it was refused.
pub type Ops = Result<Vec<Op>, EditError>;

/// The operations from record `before` to `after`: a creation, a deletion, or one update per
/// field that differs.
fn put(before: Option<Entity>, after: Option<Entity>) -> Vec<Op> {
    match (before, after) {
        (None, Some(a)) => vec![Op::Create(a)],
        (Some(b), None) => vec![Op::Delete(b)],
        (Some(b), Some(a)) => updates(&b, &a),
        (None, None) => Vec::new(),
    }
}

/// The operation that replaces `old` with `new`, or none when they are the same.
fn replaced(old: Entity, new: Entity) -> Vec<Op> {
    updates(&old, &new)
}

fn non_empty(text: &str, err: EditError) -> Result<String, EditError> {
    let t = text.trim();
    if t.is_empty() {
        Err(err)
    } else {
        Ok(t.to_owned())
    }
}

/// The next free number under `parent`, e.g. `2.1.5.8` when `2.1.5.7` is the highest.
fn next_code<'a>(parent: &str, siblings: impl Iterator<Item = &'a str>) -> String {
    // Top-level codes have no parent to fit under: any bare number counts (not only "1").
    let fits = |c: &str| {
        if parent.is_empty() {
            !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit())
        } else {
            code_fits_parent(c, parent)
        }
    };
    let max = siblings
        .filter(|c| fits(c))
        .filter_map(|c| c.rsplit('.').next()?.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    if parent.is_empty() {
        (max + 1).to_string()
    } else {
        format!("{parent}.{}", max + 1)
    }
}

/// Sets one field of one record, checked as the record's own edit is: the record as it is now
/// with that field changed. Empty when the value is the one it has.
pub fn set_field(plan: &Plan, id: Id, field: record::Field, value: record::Value) -> Ops {
    use record::{EntityKind as K, Fields};
    let kind = record::kind_of(plan, id).ok_or(EditError::Missing(id))?;
    // A value that does not fit the field (a program's mistake) changes nothing.
    let misfit = || EditError::Missing(id);
    match kind {
        K::Activity => {
            let mut a = plan.activity(id).ok_or(misfit())?.clone();
            a.set(field, value).then_some(()).ok_or(misfit())?;
            update_activity(plan, a)
        }
        K::Goal => {
            let mut g = plan.goal(id).ok_or(misfit())?.clone();
            g.set(field, value).then_some(()).ok_or(misfit())?;
            update_goal(plan, g)
        }
        K::Indicator => {
            let mut i = plan.indicator(id).ok_or(misfit())?.clone();
            i.set(field, value).then_some(()).ok_or(misfit())?;
            update_indicator(plan, i)
        }
        K::SubIndicator => {
            let mut s = plan.sub_indicator(id).ok_or(misfit())?.clone();
            s.set(field, value).then_some(()).ok_or(misfit())?;
            update_sub_indicator(plan, s)
        }
        K::Actor => {
            let mut x = plan.actor(id).ok_or(misfit())?.clone();
            x.set(field, value).then_some(()).ok_or(misfit())?;
            update_actor(plan, x)
        }
        K::Plan => {
            let old = record::PlanHead::of(plan);
            let mut new = old.clone();
            new.set(field, value).then_some(()).ok_or(misfit())?;
            if field == record::Field::Name
                && let Some(record::Value::Text(t)) = new.get(field)
            {
                let t = non_empty(&t, EditError::EmptyText)?;
                new.set(field, record::Value::Text(t));
            }
            Ok(super::ops::updates_of(&old, &new))
        }
        K::Comment | K::Link => Err(misfit()),
    }
}

// ---- Activities -------------------------------------------------------------------------------

/// Replaces an activity with `new`, after checking it. A lead or co-lead set chosen by a
/// person is no longer an inferred one. Empty when nothing changes.
pub fn update_activity(plan: &Plan, new: Activity) -> Ops {
    let old = plan.activity(new.id).ok_or(EditError::Missing(new.id))?;
    update_activity_from(plan, old, new)
}

/// Sets one field of the activity `old` (the plan's record, found by the caller's index), as
/// [`set_field`] does without looking for it.
pub fn set_activity_field(
    plan: &Plan,
    old: &Activity,
    field: record::Field,
    value: record::Value,
) -> Ops {
    use record::Fields;
    let mut a = old.clone();
    a.set(field, value)
        .then_some(())
        .ok_or(EditError::Missing(old.id))?;
    update_activity_from(plan, old, a)
}

/// [`update_activity`] with the record as it is now, `old`, already found.
fn update_activity_from(plan: &Plan, old: &Activity, new: Activity) -> Ops {
    let mut new = new;
    new.text = non_empty(&new.text, EditError::EmptyText)?;
    new.code = non_empty(&new.code, EditError::EmptyCode)?;
    let sub = plan
        .sub_indicator(new.sub_indicator_id)
        .ok_or(EditError::Missing(new.sub_indicator_id))?;
    // Codes printed askew in the source stay as they are until someone changes them.
    if (new.code != old.code || new.sub_indicator_id != old.sub_indicator_id)
        && !code_fits_parent(&new.code, &sub.code)
    {
        return Err(EditError::CodeMisfit {
            code: new.code,
            parent: sub.code.clone(),
        });
    }
    if new.code != old.code
        && plan
            .activities
            .iter()
            .any(|a| a.id != new.id && a.code == new.code)
    {
        return Err(EditError::CodeUsed { code: new.code });
    }
    check_actors(plan, old, &new.leads, &new.co_leads)?;
    if new.leads != old.leads {
        new.inferred.lead = false;
    }
    if new.co_leads != old.co_leads {
        new.inferred.co_leads = false;
    }
    if new.lane != old.lane {
        new.inferred.timeline = false;
    }
    Ok(replaced(
        Entity::Activity(old.clone()),
        Entity::Activity(new),
    ))
}

fn check_actors(
    plan: &Plan,
    old: &Activity,
    leads: &[Id],
    co_leads: &[Id],
) -> Result<(), EditError> {
    let mut seen = HashSet::new();
    for id in leads.iter().chain(co_leads) {
        if !seen.insert(*id) {
            return Err(EditError::ActorTwice);
        }
        // An actor that vanished from the registry may stay where it was, but not be added.
        // Checking the registry alone refused every edit of such an activity, even of its text.
        let assigned = old.leads.contains(id) || old.co_leads.contains(id);
        if plan.actor(*id).is_none() && !assigned {
            return Err(EditError::UnknownActor(*id));
        }
    }
    Ok(())
}

/// A new activity at the end of a sub-indicator, not yet scheduled, with the next free code.
pub fn add_activity(plan: &Plan, sub_id: Id, id: Id, text: &str) -> Ops {
    add_activity_with(plan, sub_id, id, text, Ends::default())
}

/// The last positions a new activity goes after, where the caller knows them from its sorted
/// lists: the last card's in the Unscheduled lane and the last activity's in its sub-indicator.
/// An unknown one is found by reading the plan.
#[derive(Clone, Copy, Debug, Default)]
pub struct Ends {
    pub lane: Option<i64>,
    pub sub: Option<i64>,
}

/// [`add_activity`], with the ends of the lane and of the sub-indicator given.
pub fn add_activity_with(plan: &Plan, sub_id: Id, id: Id, text: &str, ends: Ends) -> Ops {
    let sub = plan
        .sub_indicator(sub_id)
        .ok_or(EditError::Missing(sub_id))?;
    let text = non_empty(text, EditError::EmptyText)?;
    let a = Activity {
        id,
        sub_indicator_id: sub_id,
        code: next_code(&sub.code, plan.activities.iter().map(|a| a.code.as_str())),
        text,
        leads: Vec::new(),
        co_leads: Vec::new(),
        lane: Lane::Unscheduled,
        lane_pos: ends.lane.map_or_else(
            || end_of_lane(plan, Lane::Unscheduled),
            |p| p.saturating_add(GAP),
        ),
        outline_pos: ends
            .sub
            .map_or_else(|| end_of_sub(plan, sub_id), |p| p.saturating_add(GAP)),
        status: Status::Proposed,
        notes: String::new(),
        inferred: Inferred::default(),
        source_note: String::new(),
        source_line: None,
    };
    Ok(put(None, Some(Entity::Activity(a))))
}

/// A new activity right after `after`: in its sub-indicator (next in the outline) and in its
/// lane (next on the board), with the next free code there. It takes the place a duplicate
/// would, neighbours spaced out where there is no room, but none of the sibling's content.
pub fn add_activity_after(plan: &Plan, after: Id, id: Id, text: &str) -> Ops {
    let text = non_empty(text, EditError::EmptyText)?;
    let mut ops = duplicate_activity(plan, after, id)?;
    if let Some(Op::Create(Entity::Activity(a))) = ops.last_mut() {
        a.text = text;
        a.leads.clear();
        a.co_leads.clear();
        a.status = Status::Proposed;
        a.notes.clear();
        a.inferred = Inferred::default();
    }
    Ok(ops)
}

fn end_of_lane(plan: &Plan, lane: Lane) -> i64 {
    plan.activities
        .iter()
        .filter(|a| a.lane == lane)
        .map(|a| a.lane_pos)
        .max()
        .map_or(GAP, |p| p.saturating_add(GAP))
}

fn end_of_sub(plan: &Plan, sub: Id) -> i64 {
    plan.activities
        .iter()
        .filter(|a| a.sub_indicator_id == sub)
        .map(|a| a.outline_pos)
        .max()
        .map_or(GAP, |p| p.saturating_add(GAP))
}

/// A position just after `pos` among `others`, or `None` when there is no room.
fn just_after(pos: i64, others: impl Iterator<Item = i64>) -> Option<i64> {
    match others.filter(|&p| p > pos).min() {
        None => pos.checked_add(GAP),
        Some(next) if next - pos >= 2 => Some(pos + (next - pos) / 2),
        Some(_) => None,
    }
}

/// A copy of an activity right after it, in the outline and on the board, with the next free
/// code. The copy is not from the source document, so it carries no source line or note.
pub fn duplicate_activity(plan: &Plan, id: Id, new_id: Id) -> Ops {
    let a = plan.activity(id).ok_or(EditError::Missing(id))?;
    let sub = plan
        .sub_indicator(a.sub_indicator_id)
        .ok_or(EditError::Missing(a.sub_indicator_id))?;
    let mut copy = a.clone();
    copy.id = new_id;
    copy.code = next_code(&sub.code, plan.activities.iter().map(|a| a.code.as_str()));
    copy.source_line = None;
    copy.source_note = String::new();
    // Seeded outline positions are 1, 2, 3…: without room, space the neighbours out.
    let mut moved: Vec<Activity> = Vec::new();
    let mut siblings: Vec<&Activity> = plan
        .activities
        .iter()
        .filter(|x| x.sub_indicator_id == a.sub_indicator_id)
        .collect();
    siblings.sort_by(|x, y| (x.outline_pos, &x.code).cmp(&(y.outline_pos, &y.code)));
    copy.outline_pos = just_after(a.outline_pos, siblings.iter().map(|x| x.outline_pos))
        .unwrap_or_else(|| respace(&siblings, id, &mut moved, |x| &mut x.outline_pos));
    let mut in_lane: Vec<&Activity> = plan
        .activities
        .iter()
        .filter(|x| x.lane == a.lane)
        .collect();
    in_lane.sort_by(|x, y| (x.lane_pos, &x.code).cmp(&(y.lane_pos, &y.code)));
    copy.lane_pos = just_after(a.lane_pos, in_lane.iter().map(|x| x.lane_pos))
        .unwrap_or_else(|| respace(&in_lane, id, &mut moved, |x| &mut x.lane_pos));
    let mut ops: Vec<Op> = moved
        .into_iter()
        .flat_map(|new| {
            let old = plan.activity(new.id).cloned().map(Entity::Activity);
            put(old, Some(Entity::Activity(new)))
        })
        .collect();
    ops.extend(put(None, Some(Entity::Activity(copy))));
    Ok(ops)
}

/// Gives the activities of `order` (in display order) the positions `GAP`, `2 GAP`… leaving a
/// free one right after `after`, which it returns. Activities whose position changes are
/// recorded in `moved`, once each, with all their changes.
fn respace(
    order: &[&Activity],
    after: Id,
    moved: &mut Vec<Activity>,
    pos: fn(&mut Activity) -> &mut i64,
) -> i64 {
    let mut slot = GAP;
    let mut k: i64 = 0;
    for x in order {
        k += 1;
        let new = k.saturating_mul(GAP);
        if x.id == after {
            k += 1;
            slot = k.saturating_mul(GAP);
        }
        let mut rec = match moved.iter().position(|m| m.id == x.id) {
            Some(i) => moved.swap_remove(i),
            None => (*x).clone(),
        };
        *pos(&mut rec) = new;
        if rec != **x {
            moved.push(rec);
        }
    }
    slot
}

pub fn delete_activity(plan: &Plan, id: Id) -> Ops {
    let a = plan.activity(id).ok_or(EditError::Missing(id))?;
    // Its comments go first, each as an operation of its own, so that an undo restores them.
    let mut ops = comment_deletes(plan, |c| c == id);
    ops.extend(put(Some(Entity::Activity(a.clone())), None));
    Ok(ops)
}

/// The deletions of the comments and links on the activities `of` accepts.
fn comment_deletes(plan: &Plan, of: impl Fn(Id) -> bool) -> Vec<Op> {
    let comments = plan
        .comments
        .iter()
        .filter(|c| of(c.activity_id))
        .map(|c| Op::Delete(Entity::Comment(c.clone())));
    let links = plan
        .links
        .iter()
        .filter(|l| of(l.activity_id))
        .map(|l| Op::Delete(Entity::Link(l.clone())));
    comments.chain(links).collect()
}

/// Moves an activity under another sub-indicator, at its end, with the next free code there.
pub fn reparent_activity(plan: &Plan, id: Id, sub_id: Id) -> Ops {
    let a = plan.activity(id).ok_or(EditError::Missing(id))?;
    if a.sub_indicator_id == sub_id {
        return Ok(Vec::new());
    }
    let sub = plan
        .sub_indicator(sub_id)
        .ok_or(EditError::Missing(sub_id))?;
    let mut new = a.clone();
    new.sub_indicator_id = sub_id;
    new.code = next_code(&sub.code, plan.activities.iter().map(|a| a.code.as_str()));
    new.outline_pos = end_of_sub(plan, sub_id);
    update_activity(plan, new)
}

/// Marks an inferred value as confirmed by the room.
pub fn confirm(plan: &Plan, id: Id, what: Confirm) -> Ops {
    let a = plan.activity(id).ok_or(EditError::Missing(id))?;
    let mut new = a.clone();
    match what {
        Confirm::Lead => new.inferred.lead = false,
        Confirm::CoLeads => new.inferred.co_leads = false,
        Confirm::Timeline => new.inferred.timeline = false,
    }
    Ok(replaced(Entity::Activity(a.clone()), Entity::Activity(new)))
}

// ---- Goals, indicators, sub-indicators ---------------------------------------------------------

pub fn add_goal(plan: &Plan, id: Id, title: &str) -> Ops {
    let title = non_empty(title, EditError::EmptyText)?;
    let g = Goal {
        id,
        code: next_code("", plan.goals.iter().map(|g| g.code.as_str())),
        title,
        key_elements: String::new(),
        position: plan.goals.iter().map(|g| g.position).max().unwrap_or(0) + 1,
        source_line: None,
    };
    Ok(put(None, Some(Entity::Goal(g))))
}

pub fn add_indicator(plan: &Plan, goal_id: Id, id: Id, title: &str) -> Ops {
    let goal = plan.goal(goal_id).ok_or(EditError::Missing(goal_id))?;
    let title = non_empty(title, EditError::EmptyText)?;
    let i = Indicator {
        id,
        goal_id,
        code: next_code(&goal.code, plan.indicators.iter().map(|i| i.code.as_str())),
        title,
        position: plan
            .indicators
            .iter()
            .filter(|i| i.goal_id == goal_id)
            .map(|i| i.position)
            .max()
            .unwrap_or(0)
            + 1,
        source_line: None,
    };
    Ok(put(None, Some(Entity::Indicator(i))))
}

pub fn add_sub_indicator(plan: &Plan, indicator_id: Id, id: Id, title: &str) -> Ops {
    let ind = plan
        .indicator(indicator_id)
        .ok_or(EditError::Missing(indicator_id))?;
    let title = non_empty(title, EditError::EmptyText)?;
    let s = SubIndicator {
        id,
        indicator_id,
        code: next_code(
            &ind.code,
            plan.sub_indicators.iter().map(|s| s.code.as_str()),
        ),
        title,
        baseline: String::new(),
        position: plan
            .sub_indicators
            .iter()
            .filter(|s| s.indicator_id == indicator_id)
            .map(|s| s.position)
            .max()
            .unwrap_or(0)
            + 1,
        source_line: None,
    };
    Ok(put(None, Some(Entity::SubIndicator(s))))
}

/// Checks a new code for a goal, indicator or sub-indicator: not empty, not used by another
/// of its kind, and under its parent's code when it has a parent. Unchanged codes pass, so a
/// code printed askew in the source can stay while the title is edited.
fn check_code<'a>(
    id: Id,
    code: &str,
    old_code: &str,
    parent: Option<&str>,
    others: impl Iterator<Item = (Id, &'a str)>,
) -> Result<String, EditError> {
    let code = non_empty(code, EditError::EmptyCode)?;
    if code == old_code {
        return Ok(code);
    }
    if let Some(p) = parent
        && !code_fits_parent(&code, p)
    {
        return Err(EditError::CodeMisfit {
            code,
            parent: p.to_owned(),
        });
    }
    if others.into_iter().any(|(o, c)| o != id && c == code) {
        return Err(EditError::CodeUsed { code });
    }
    Ok(code)
}

pub fn update_goal(plan: &Plan, new: Goal) -> Ops {
    let old = plan.goal(new.id).ok_or(EditError::Missing(new.id))?;
    let mut new = new;
    new.title = non_empty(&new.title, EditError::EmptyText)?;
    new.code = check_code(
        new.id,
        &new.code,
        &old.code,
        None,
        plan.goals.iter().map(|g| (g.id, g.code.as_str())),
    )?;
    Ok(replaced(Entity::Goal(old.clone()), Entity::Goal(new)))
}

pub fn update_indicator(plan: &Plan, new: Indicator) -> Ops {
    let old = plan.indicator(new.id).ok_or(EditError::Missing(new.id))?;
    let goal = plan
        .goal(new.goal_id)
        .ok_or(EditError::Missing(new.goal_id))?;
    let mut new = new;
    new.title = non_empty(&new.title, EditError::EmptyText)?;
    new.code = check_code(
        new.id,
        &new.code,
        &old.code,
        Some(&goal.code),
        plan.indicators.iter().map(|i| (i.id, i.code.as_str())),
    )?;
    Ok(replaced(
        Entity::Indicator(old.clone()),
        Entity::Indicator(new),
    ))
}

pub fn update_sub_indicator(plan: &Plan, new: SubIndicator) -> Ops {
    let old = plan
        .sub_indicator(new.id)
        .ok_or(EditError::Missing(new.id))?;
    let ind = plan
        .indicator(new.indicator_id)
        .ok_or(EditError::Missing(new.indicator_id))?;
    let mut new = new;
    new.title = non_empty(&new.title, EditError::EmptyText)?;
    new.code = check_code(
        new.id,
        &new.code,
        &old.code,
        Some(&ind.code),
        plan.sub_indicators.iter().map(|s| (s.id, s.code.as_str())),
    )?;
    Ok(replaced(
        Entity::SubIndicator(old.clone()),
        Entity::SubIndicator(new),
    ))
}

/// Deletes a goal, an indicator, a sub-indicator or an activity with everything under it.
/// Children go first, so the database never holds an orphan, and an undo restores parents
/// before children.
pub fn delete_branch(plan: &Plan, id: Id) -> Ops {
    if plan.activity(id).is_some() {
        return delete_activity(plan, id);
    }
    let (goals, inds, subs) = branch(plan, id).ok_or(EditError::Missing(id))?;
    let gone: HashSet<Id> = plan
        .activities
        .iter()
        .filter(|a| subs.contains(&a.sub_indicator_id))
        .map(|a| a.id)
        .collect();
    let mut ops = comment_deletes(plan, |c| gone.contains(&c));
    ops.extend(
        plan.activities
            .iter()
            .filter(|a| subs.contains(&a.sub_indicator_id))
            .map(|a| Op::Delete(Entity::Activity(a.clone()))),
    );
    ops.extend(
        plan.sub_indicators
            .iter()
            .filter(|s| subs.contains(&s.id))
            .map(|s| Op::Delete(Entity::SubIndicator(s.clone()))),
    );
    ops.extend(
        plan.indicators
            .iter()
            .filter(|i| inds.contains(&i.id))
            .map(|i| Op::Delete(Entity::Indicator(i.clone()))),
    );
    ops.extend(
        plan.goals
            .iter()
            .filter(|g| goals.contains(&g.id))
            .map(|g| Op::Delete(Entity::Goal(g.clone()))),
    );
    Ok(ops)
}

/// The goals, indicators and sub-indicators in the branch rooted at `id`.
type Branch = (HashSet<Id>, HashSet<Id>, HashSet<Id>);

fn branch(plan: &Plan, id: Id) -> Option<Branch> {
    let mut goals = HashSet::new();
    let mut inds = HashSet::new();
    let mut subs = HashSet::new();
    if plan.goal(id).is_some() {
        goals.insert(id);
        inds.extend(
            plan.indicators
                .iter()
                .filter(|i| i.goal_id == id)
                .map(|i| i.id),
        );
    } else if plan.indicator(id).is_some() {
        inds.insert(id);
    } else if plan.sub_indicator(id).is_some() {
        subs.insert(id);
    } else {
        return None;
    }
    subs.extend(
        plan.sub_indicators
            .iter()
            .filter(|s| inds.contains(&s.indicator_id))
            .map(|s| s.id),
    );
    Some((goals, inds, subs))
}

// ---- Renumbering ---------------------------------------------------------------------------

/// Gives everything below the plan, a goal, an indicator or a sub-indicator the codes of its place in
/// the outline: the n-th child of `2.1` becomes `2.1.n`. Only codes that change get an
/// operation; [`code_changes`] lists them for a preview.
pub fn renumber(plan: &Plan, id: Id) -> Ops {
    let outline = plan.outline();
    let mut ops = Vec::new();
    let mut new_codes: Vec<(Id, String)> = Vec::new();
    let mut code_of_ind: Vec<(usize, String)> = Vec::new();
    let mut code_of_sub: Vec<(usize, String)> = Vec::new();

    // The whole plan is a branch too: its goals are numbered 1, 2, 3…
    let whole = id == plan.id;
    let mut found = whole;
    for (gn, g) in outline.goals.iter().enumerate() {
        let goal = &plan.goals[g.goal];
        if whole && goal.code != (gn + 1).to_string() {
            let mut new = goal.clone();
            new.code = (gn + 1).to_string();
            ops.extend(put(
                Some(Entity::Goal(goal.clone())),
                Some(Entity::Goal(new)),
            ));
        }
        if goal.id == id || whole {
            found = true;
            let base = if whole {
                (gn + 1).to_string()
            } else {
                goal.code.clone()
            };
            for (n, i) in g.indicators.iter().enumerate() {
                code_of_ind.push((i.indicator, format!("{base}.{}", n + 1)));
            }
        }
        for i in &g.indicators {
            let ind = &plan.indicators[i.indicator];
            let ind_code = code_of_ind
                .iter()
                .find(|(k, _)| *k == i.indicator)
                .map(|(_, c)| c.clone());
            if ind.id == id || ind_code.is_some() {
                found = true;
                let base = ind_code.unwrap_or_else(|| ind.code.clone());
                for (n, s) in i.sub_indicators.iter().enumerate() {
                    code_of_sub.push((s.sub_indicator, format!("{base}.{}", n + 1)));
                }
            }
            for s in &i.sub_indicators {
                let sub = &plan.sub_indicators[s.sub_indicator];
                let sub_code = code_of_sub
                    .iter()
                    .find(|(k, _)| *k == s.sub_indicator)
                    .map(|(_, c)| c.clone());
                if sub.id == id || sub_code.is_some() {
                    found = true;
                    let base = sub_code.unwrap_or_else(|| sub.code.clone());
                    for (n, &a) in s.activities.iter().enumerate() {
                        let act = &plan.activities[a];
                        new_codes.push((act.id, format!("{base}.{}", n + 1)));
                    }
                }
            }
        }
    }
    if !found {
        return Err(EditError::Missing(id));
    }

    for (i, code) in code_of_ind {
        let old = &plan.indicators[i];
        if old.code != code {
            let mut new = old.clone();
            new.code = code;
            ops.extend(put(
                Some(Entity::Indicator(old.clone())),
                Some(Entity::Indicator(new)),
            ));
        }
    }
    for (s, code) in code_of_sub {
        let old = &plan.sub_indicators[s];
        if old.code != code {
            let mut new = old.clone();
            new.code = code;
            ops.extend(put(
                Some(Entity::SubIndicator(old.clone())),
                Some(Entity::SubIndicator(new)),
            ));
        }
    }
    let renumbered: HashSet<Id> = new_codes.iter().map(|(a, _)| *a).collect();
    for (aid, code) in new_codes {
        let Some(old) = plan.activity(aid) else {
            continue;
        };
        if old.code == code {
            continue;
        }
        // A code outside the branch that already reads the same would make two activities
        // share a code.
        if plan
            .activities
            .iter()
            .any(|a| !renumbered.contains(&a.id) && a.code == code)
        {
            return Err(EditError::CodeUsed { code });
        }
        let mut new = old.clone();
        new.code = code;
        ops.extend(put(
            Some(Entity::Activity(old.clone())),
            Some(Entity::Activity(new)),
        ));
    }
    Ok(ops)
}

/// What a list of operations does to codes: (old code, new code), in order.
pub fn code_changes(ops: &[Op]) -> Vec<(String, String)> {
    ops.iter()
        .filter_map(|op| match op {
            Op::Update {
                field: record::Field::Code | record::Field::Abbreviation,
                old: record::Value::Text(b),
                new: record::Value::Text(a),
                ..
            } => Some((b.clone(), a.clone())),
            _ => None,
        })
        .collect()
}

// ---- Actors ------------------------------------------------------------------------------

fn check_actor(plan: &Plan, actor: &mut Actor) -> Result<(), EditError> {
    actor.abbreviation = non_empty(&actor.abbreviation, EditError::EmptyAbbreviation)?;
    actor.full_name = actor.full_name.trim().to_owned();
    if plan
        .actors
        .iter()
        .any(|a| a.id != actor.id && a.abbreviation == actor.abbreviation)
    {
        return Err(EditError::AbbreviationUsed(actor.abbreviation.clone()));
    }
    Ok(())
}

pub fn add_actor(plan: &Plan, actor: Actor) -> Ops {
    let mut actor = actor;
    check_actor(plan, &mut actor)?;
    Ok(put(None, Some(Entity::Actor(actor))))
}

pub fn update_actor(plan: &Plan, new: Actor) -> Ops {
    let old = plan.actor(new.id).ok_or(EditError::Missing(new.id))?;
    let mut new = new;
    check_actor(plan, &mut new)?;
    Ok(replaced(Entity::Actor(old.clone()), Entity::Actor(new)))
}

/// How many activities an actor is assigned to, as lead or co-lead.
pub fn uses(plan: &Plan, actor: Id) -> usize {
    plan.activities
        .iter()
        .filter(|a| a.leads.contains(&actor) || a.co_leads.contains(&actor))
        .count()
}

/// Deletes an actor nobody is assigned to.
pub fn delete_actor(plan: &Plan, id: Id) -> Ops {
    let a = plan.actor(id).ok_or(EditError::Missing(id))?;
    match uses(plan, id) {
        0 => Ok(put(Some(Entity::Actor(a.clone())), None)),
        n => Err(EditError::ActorInUse(n)),
    }
}

/// Merges actor `from` into `into`: every assignment of `from` goes to `into` in the same
/// place (once, if `into` was there already), then `from` is deleted.
pub fn merge_actors(plan: &Plan, from: Id, into: Id) -> Ops {
    if from == into {
        return Err(EditError::MergeIntoItself);
    }
    let gone = plan.actor(from).ok_or(EditError::Missing(from))?;
    plan.actor(into).ok_or(EditError::Missing(into))?;
    let swap = |ids: &[Id], skip: &[Id]| -> Vec<Id> {
        let mut out: Vec<Id> = Vec::with_capacity(ids.len());
        for &x in ids {
            let x = if x == from { into } else { x };
            if !out.contains(&x) && !skip.contains(&x) {
                out.push(x);
            }
        }
        out
    };
    let mut ops: Vec<Op> = plan
        .activities
        .iter()
        .filter(|a| a.leads.contains(&from) || a.co_leads.contains(&from))
        .flat_map(|a| {
            let mut new = a.clone();
            new.leads = swap(&a.leads, &[]);
            new.co_leads = swap(&a.co_leads, &new.leads);
            put(
                Some(Entity::Activity(a.clone())),
                Some(Entity::Activity(new)),
            )
        })
        .collect();
    ops.extend(put(Some(Entity::Actor(gone.clone())), None));
    Ok(ops)
}

/// Records a comment or decision on an activity. The text is trimmed and must not be empty.
pub fn add_comment(plan: &Plan, mut comment: Comment) -> Ops {
    plan.activity(comment.activity_id)
        .ok_or(EditError::Missing(comment.activity_id))?;
    comment.text = comment.text.trim().to_owned();
    comment.author = comment.author.trim().to_owned();
    if comment.text.is_empty() {
        return Err(EditError::EmptyText);
    }
    Ok(put(None, Some(Entity::Comment(comment))))
}

/// Deletes a comment or decision.
pub fn delete_comment(plan: &Plan, id: Id) -> Ops {
    let c = plan
        .comments
        .iter()
        .find(|c| c.id == id)
        .ok_or(EditError::Missing(id))?;
    Ok(put(Some(Entity::Comment(c.clone())), None))
}

// ---- Links to reference frameworks ---------------------------------------------------------

/// Links an activity to a reference entry (`gcm:6`, `gcm:6a`, `sdg:8.8`). Empty when the
/// activity is linked to it already.
pub fn add_link(plan: &Plan, activity: Id, target: &str, id: Id) -> Ops {
    plan.activity(activity)
        .ok_or(EditError::Missing(activity))?;
    let target = target.trim();
    if !super::rules::is_reference_key(target) {
        return Err(EditError::UnknownTarget(target.to_owned()));
    }
    if plan
        .links
        .iter()
        .any(|l| l.activity_id == activity && l.target == target)
    {
        return Ok(Vec::new());
    }
    Ok(vec![Op::Create(Entity::Link(super::Link {
        id,
        activity_id: activity,
        target: target.to_owned(),
    }))])
}

/// Removes a link.
pub fn remove_link(plan: &Plan, id: Id) -> Ops {
    let l = plan
        .links
        .iter()
        .find(|l| l.id == id)
        .ok_or(EditError::Missing(id))?;
    Ok(vec![Op::Delete(Entity::Link(l.clone()))])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_code_follows_the_highest_number_under_the_parent() {
        let codes = ["2.1.5.1", "2.1.5.7", "2.1.50.9", "2.1.5.x"];
        assert_eq!(next_code("2.1.5", codes.into_iter()), "2.1.5.8");
        assert_eq!(next_code("3.1.1", codes.into_iter()), "3.1.1.1");
        assert_eq!(next_code("", ["1", "2", "6"].into_iter()), "7");
    }

    #[test]
    fn an_actor_missing_from_the_registry_may_stay_but_not_be_added() {
        let mut plan = crate::seed::bmgf().unwrap();
        let gone = plan
            .actors
            .iter()
            .find(|a| a.abbreviation == "UN")
            .unwrap()
            .id;
        plan.actors.retain(|a| a.id != gone);
        let holder = plan
            .activities
            .iter()
            .find(|a| a.co_leads.contains(&gone))
            .unwrap();
        let mut new = holder.clone();
        new.text = "Reworded".into();
        assert_eq!(update_activity(&plan, new).map(|ops| ops.len()), Ok(1));

        let other = plan
            .activities
            .iter()
            .find(|a| !a.leads.contains(&gone) && !a.co_leads.contains(&gone))
            .unwrap();
        let mut new = other.clone();
        new.co_leads.push(gone);
        assert_eq!(
            update_activity(&plan, new),
            Err(EditError::UnknownActor(gone))
        );
    }

    #[test]
    fn a_duplicate_makes_room_right_after_its_original_on_the_board() {
        let mut plan = crate::seed::bmgf().unwrap();
        let lane_order = |plan: &Plan| -> Vec<Id> {
            let mut v: Vec<&Activity> = plan
                .activities
                .iter()
                .filter(|x| x.lane == Lane::Short)
                .collect();
            v.sort_by(|x, y| (x.lane_pos, &x.code).cmp(&(y.lane_pos, &y.code)));
            v.into_iter().map(|x| x.id).collect()
        };
        // No room between the first card of the lane and the second.
        let order = lane_order(&plan);
        let (first, second) = (order[0], order[1]);
        let p = plan.activity(first).unwrap().lane_pos;
        plan.activities
            .iter_mut()
            .find(|x| x.id == second)
            .unwrap()
            .lane_pos = p + 1;

        let new_id = Id::from_u128(7);
        let ops = duplicate_activity(&plan, first, new_id).unwrap();
        assert!(ops.len() > 1, "the lane is spaced out");
        crate::model::ops::apply_all(&mut plan, &ops).unwrap();
        let order = lane_order(&plan);
        assert_eq!(&order[..3], &[first, new_id, second]);
    }

    #[test]
    fn just_after_finds_room_or_says_there_is_none() {
        assert_eq!(just_after(10, [10, 20].into_iter()), Some(15));
        assert_eq!(just_after(10, [10, 11].into_iter()), None);
        assert_eq!(just_after(10, [5].into_iter()), Some(10 + GAP));
    }
}
