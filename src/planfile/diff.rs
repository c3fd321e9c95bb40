//! Compare two plans: a list of changes matched by id, and a word-level text diff.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use super::fields::{Fields, PlanHead, Record, lane_label};
use super::{EntityKind, Field, Value};
use crate::model::{Activity, Id, Lane, Plan, board};

/// What kind of change, for filtering.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    Added,
    Removed,
    /// An activity moved to another lane.
    MovedLane,
    /// An activity moved up or down within its lane (`Field::Placement`) or within its
    /// sub-indicator (`Field::OutlinePos`), relative to the others.
    Reordered,
    /// Moved under another parent.
    Reparented,
    CodeChanged,
    LeadsChanged,
    CoLeadsChanged,
    StatusChanged,
    TextChanged,
    NotesChanged,
    /// A value inferred from the source was confirmed by a person.
    InferredConfirmed,
    /// Any other field.
    Edited,
}

/// One change from plan `a` to plan `b`.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub kind: ChangeKind,
    pub entity: EntityKind,
    pub id: Id,
    /// The goal the entity sits under (in `b`, or in `a` when removed), for filtering by goal.
    pub goal_id: Option<Id>,
    /// The code or abbreviation people know the entity by, in `b` (in `a` when removed).
    pub label: String,
    pub field: Option<Field>,
    pub old: Option<Value>,
    pub new: Option<Value>,
    /// `old` and `new` for people: actors by abbreviation, parents by code, lanes by name;
    /// for reorderings the place in the lane or sub-indicator (1 = first).
    pub old_text: String,
    pub new_text: String,
    /// What an added or removed record says: an activity's text, a comment's words, the
    /// reference entry a link points to.
    pub detail: String,
}

impl Change {
    /// A lead or the co-leads emptied: shown as "cleared" and never taken without a look,
    /// since a blank cell in a spreadsheet may be an accident.
    pub fn is_cleared(&self) -> bool {
        matches!(
            self.kind,
            ChangeKind::LeadsChanged | ChangeKind::CoLeadsChanged
        ) && matches!(&self.new, Some(Value::Ids(ids)) if ids.is_empty())
            && !matches!(&self.old, Some(Value::Ids(ids)) if ids.is_empty())
    }

    /// The change as an English sentence, e.g. "4.5.1.2 moved from Short to Medium term".
    pub fn sentence(&self) -> String {
        let who = self.name();
        let (old, new) = (&self.old_text, &self.new_text);
        if self.is_cleared() {
            return format!("{} of {who} cleared (was {old})", self.field_label());
        }
        let text = &self.detail;
        let decision = matches!(
            (&self.old, &self.new),
            (Some(Value::Remark(crate::model::CommentKind::Decision)), _)
                | (_, Some(Value::Remark(crate::model::CommentKind::Decision)))
        );
        let remark = if decision { "Decision" } else { "Comment" };
        match (self.entity, self.kind) {
            (EntityKind::Comment, ChangeKind::Added) => {
                return format!("{remark} on {} added: “{text}”", self.label);
            }
            (EntityKind::Comment, ChangeKind::Removed) => {
                return format!("{remark} on {} removed: “{text}”", self.label);
            }
            (EntityKind::Link, ChangeKind::Added) => {
                return format!("{} linked to {text}", self.label);
            }
            (EntityKind::Link, ChangeKind::Removed) => {
                return format!("{} no longer linked to {text}", self.label);
            }
            _ => {}
        }
        match self.kind {
            ChangeKind::Added if !text.is_empty() => format!("{who} added: “{text}”"),
            ChangeKind::Removed if !text.is_empty() => format!("{who} removed: “{text}”"),
            ChangeKind::Added => format!("{who} added"),
            ChangeKind::Removed => format!("{who} removed"),
            ChangeKind::MovedLane => match (&self.old, &self.new) {
                (Some(Value::Place(a, _)), Some(Value::Place(b, _)))
                    if *a != Lane::Unscheduled && *b != Lane::Unscheduled =>
                {
                    let short = |l: Lane| lane_label(l).trim_end_matches(" term").to_owned();
                    format!("{who} moved from {} to {} term", short(*a), short(*b))
                }
                _ => format!("{who} moved from {old} to {new}"),
            },
            ChangeKind::Reordered => {
                let dir = match (old.parse::<usize>(), new.parse::<usize>()) {
                    (Ok(o), Ok(n)) if n < o => "up",
                    _ => "down",
                };
                let within = match (self.field, &self.new) {
                    (Some(Field::Placement), Some(Value::Place(l, _))) => lane_label(*l).to_owned(),
                    _ => "its sub-indicator".to_owned(),
                };
                format!("{who} moved {dir} in {within} (from place {old} to {new})")
            }
            ChangeKind::Reparented => {
                let parent = match self.entity {
                    EntityKind::Indicator => "goal",
                    EntityKind::SubIndicator => "indicator",
                    _ => "sub-indicator",
                };
                format!("{who} moved from {parent} {old} to {new}")
            }
            ChangeKind::CodeChanged => match self.entity {
                EntityKind::Activity => format!("{old} renumbered to {new}"),
                kind => format!("{kind} {old} renumbered to {new}"),
            },
            ChangeKind::InferredConfirmed => {
                format!("{} of {who} confirmed", self.field_label())
            }
            ChangeKind::TextChanged | ChangeKind::NotesChanged => {
                format!("{} of {who} edited", self.field_label())
            }
            ChangeKind::LeadsChanged
            | ChangeKind::CoLeadsChanged
            | ChangeKind::StatusChanged
            | ChangeKind::Edited => {
                if matches!(self.new, Some(Value::Text(_))) {
                    format!("{} of {who} edited", self.field_label())
                } else {
                    format!(
                        "{} of {who} changed from {old} to {new}",
                        self.field_label()
                    )
                }
            }
        }
    }

    fn field_label(&self) -> &'static str {
        self.field.map_or("", Field::label)
    }

    /// How a sentence names the entity: activities by code alone, the rest with their kind.
    fn name(&self) -> String {
        match self.entity {
            EntityKind::Activity => self.label.clone(),
            EntityKind::Plan => "the plan".into(),
            kind => format!("{kind} {}", self.label),
        }
    }
}

/// One operation of the change log as a change to show, its records named as `plan` (the plan
/// now) knows them. Records the plan no longer holds are named by what the operation carries.
pub fn change_of(op: &crate::model::Op, plan: &Plan) -> Change {
    use crate::model::Op;
    let goals = goal_map(plan);
    let ctx = Ctx {
        a: plan,
        b: plan,
        goals_a: HashMap::new(),
        goals_b: goals,
    };
    let on_activity = |e: &crate::model::Entity| match e {
        crate::model::Entity::Comment(c) => {
            Some((c.activity_id, c.text.clone(), Value::Remark(c.kind)))
        }
        crate::model::Entity::Link(l) => Some((
            l.activity_id,
            l.target.clone(),
            Value::Text(l.target.clone()),
        )),
        _ => None,
    };
    match op {
        Op::Create(e) | Op::Delete(e) => {
            let kind = if matches!(op, Op::Create(_)) {
                ChangeKind::Added
            } else {
                ChangeKind::Removed
            };
            let mark = on_activity(e);
            let label = match &mark {
                Some((activity, ..)) => plan.code_of(*activity).unwrap_or_default(),
                None => e.label(),
            };
            let value = mark.as_ref().map(|m| m.2.clone());
            let (old, new) = if kind == ChangeKind::Added {
                (None, value)
            } else {
                (value, None)
            };
            let mut c = ctx.change(kind, (e.kind(), e.id(), &label), None, old, new);
            c.detail = match (&mark, e) {
                (Some(m), _) => m.1.clone(),
                (None, crate::model::Entity::Activity(a)) => a.text.clone(),
                _ => String::new(),
            };
            c
        }
        Op::Update {
            kind,
            id,
            field,
            old,
            new,
        } => {
            let label = plan.code_of(*id).unwrap_or_else(|| {
                if *kind == EntityKind::Plan {
                    plan.short_name.clone()
                } else {
                    id.to_string()
                }
            });
            let k = match field {
                Field::Placement => ChangeKind::MovedLane,
                f => kind_for(*f),
            };
            ctx.change(
                k,
                (*kind, *id, &label),
                Some(*field),
                Some(old.clone()),
                Some(new.clone()),
            )
        }
        Op::Place { id, from, to } => {
            let label = plan.code_of(*id).unwrap_or_default();
            let kind = if from.lane == to.lane {
                ChangeKind::Reordered
            } else {
                ChangeKind::MovedLane
            };
            let mut c = ctx.change(
                kind,
                (EntityKind::Activity, *id, &label),
                Some(Field::Placement),
                Some(Value::Place(from.lane, from.pos)),
                Some(Value::Place(to.lane, to.pos)),
            );
            if kind == ChangeKind::Reordered {
                // Positions are order keys, not places people count.
                c.old_text = String::new();
                c.new_text = String::new();
            }
            c
        }
    }
}

fn kind_for(field: Field) -> ChangeKind {
    match field {
        Field::Parent => ChangeKind::Reparented,
        Field::Code => ChangeKind::CodeChanged,
        Field::Leads => ChangeKind::LeadsChanged,
        Field::CoLeads => ChangeKind::CoLeadsChanged,
        Field::Status => ChangeKind::StatusChanged,
        Field::Text => ChangeKind::TextChanged,
        Field::Notes => ChangeKind::NotesChanged,
        _ => ChangeKind::Edited,
    }
}

/// Each entity's goal: goals themselves, indicators' goals, and so on down to activities.
pub(crate) fn goal_map(p: &Plan) -> HashMap<Id, Id> {
    let mut m = HashMap::with_capacity(
        p.goals.len() + p.indicators.len() + p.sub_indicators.len() + p.activities.len(),
    );
    for g in &p.goals {
        m.insert(g.id, g.id);
    }
    for i in &p.indicators {
        m.insert(i.id, i.goal_id);
    }
    for s in &p.sub_indicators {
        if let Some(&g) = m.get(&s.indicator_id) {
            m.insert(s.id, g);
        }
    }
    for a in &p.activities {
        if let Some(&g) = m.get(&a.sub_indicator_id) {
            m.insert(a.id, g);
        }
    }
    m
}

/// Each activity's lane and place in it (0 = first), in board order.
pub(crate) fn lane_ranks(p: &Plan) -> HashMap<Id, (Lane, usize)> {
    let mut m = HashMap::with_capacity(p.activities.len());
    for (lane, ixs) in Lane::ALL.iter().zip(board::lanes(p)) {
        for (rank, i) in ixs.into_iter().enumerate() {
            m.insert(p.activities[i].id, (*lane, rank));
        }
    }
    m
}

/// Each activity's group and place in it, for reorderings by `outline_pos` within a
/// sub-indicator.
fn outline_ranks(p: &Plan) -> HashMap<Id, (Id, usize)> {
    let mut groups: HashMap<Id, Vec<&Activity>> = HashMap::new();
    for a in &p.activities {
        groups.entry(a.sub_indicator_id).or_default().push(a);
    }
    let mut m = HashMap::with_capacity(p.activities.len());
    for (sub, mut v) in groups {
        v.sort_by(|x, y| {
            x.outline_pos
                .cmp(&y.outline_pos)
                .then_with(|| x.code.cmp(&y.code))
        });
        for (rank, a) in v.into_iter().enumerate() {
            m.insert(a.id, (sub, rank));
        }
    }
    m
}

/// The items whose order relative to the others in their group really changed from `a` to
/// `b`. Items that stay in the same group are compared; a longest increasing subsequence of
/// their new places is the largest set that kept its order, and everything outside it moved.
/// Renumbering positions without changing the order therefore reports nothing.
pub(crate) fn reordered<G: Eq + Hash + Copy>(
    a: &HashMap<Id, (G, usize)>,
    b: &HashMap<Id, (G, usize)>,
) -> HashSet<Id> {
    // Per group, the items in a's order, with their place in b.
    let mut groups: HashMap<G, Vec<(usize, usize, Id)>> = HashMap::new();
    for (id, (g, ra)) in a {
        if let Some((gb, rb)) = b.get(id)
            && gb == g
        {
            groups.entry(*g).or_default().push((*ra, *rb, *id));
        }
    }
    let mut out = HashSet::new();
    for (_, mut items) in groups {
        items.sort_unstable();
        let places: Vec<usize> = items.iter().map(|x| x.1).collect();
        let keep = lis(&places);
        for (i, item) in items.iter().enumerate() {
            if !keep[i] {
                out.insert(item.2);
            }
        }
    }
    out
}

/// Marks one longest strictly increasing subsequence of `v` (patience sorting, O(n log n)).
fn lis(v: &[usize]) -> Vec<bool> {
    let mut tails: Vec<usize> = Vec::new(); // index into v of the smallest tail per length
    let mut prev: Vec<Option<usize>> = vec![None; v.len()];
    for i in 0..v.len() {
        let len = tails.partition_point(|&t| v[t] < v[i]);
        prev[i] = len.checked_sub(1).map(|l| tails[l]);
        if len == tails.len() {
            tails.push(i);
        } else {
            tails[len] = i;
        }
    }
    let mut keep = vec![false; v.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        keep[i] = true;
        at = prev[i];
    }
    keep
}

struct Ctx<'p> {
    a: &'p Plan,
    b: &'p Plan,
    goals_a: HashMap<Id, Id>,
    goals_b: HashMap<Id, Id>,
}

impl Ctx<'_> {
    fn change(
        &self,
        kind: ChangeKind,
        (entity, id, label): (EntityKind, Id, &str),
        field: Option<Field>,
        old: Option<Value>,
        new: Option<Value>,
    ) -> Change {
        let old_text = old.as_ref().map_or_else(String::new, |v| v.display(self.a));
        let new_text = new.as_ref().map_or_else(String::new, |v| v.display(self.b));
        Change {
            kind,
            entity,
            id,
            goal_id: self
                .goals_b
                .get(&id)
                .or_else(|| self.goals_a.get(&id))
                .copied(),
            label: label.to_owned(),
            field,
            old,
            new,
            old_text,
            new_text,
            detail: String::new(),
        }
    }
}

/// Every change from plan `a` to plan `b`, entities matched by id: plan, goals, indicators,
/// sub-indicators, actors, then activities, each in code order.
pub fn diff(a: &Plan, b: &Plan) -> Vec<Change> {
    let ctx = Ctx {
        a,
        b,
        goals_a: goal_map(a),
        goals_b: goal_map(b),
    };
    let mut out = Vec::new();
    fields_changed(&ctx, &PlanHead::of(a), &PlanHead::of(b), &mut out);
    records::<crate::model::Goal>(&ctx, &mut out);
    records::<crate::model::Indicator>(&ctx, &mut out);
    records::<crate::model::SubIndicator>(&ctx, &mut out);
    records::<crate::model::Actor>(&ctx, &mut out);
    activities(&ctx, &mut out);
    on_activities::<crate::model::Comment>(&ctx, &mut out, |c| {
        (c.activity_id, c.text.clone(), Value::Remark(c.kind))
    });
    on_activities::<crate::model::Link>(&ctx, &mut out, |l| {
        (
            l.activity_id,
            l.target.clone(),
            Value::Text(l.target.clone()),
        )
    });
    out
}

/// Comments and links: named by the activity they are on, with what they say, in the order of
/// their activities' codes. `about` gives a record's activity, words, and the value that tells
/// the review what it is (a comment or a decision, the link's target).
fn on_activities<R: Record>(
    ctx: &Ctx,
    out: &mut Vec<Change>,
    about: fn(&R) -> (Id, String, Value),
) {
    let in_a: HashMap<Id, &R> = R::list(ctx.a).iter().map(|x| (x.id(), x)).collect();
    let in_b: HashMap<Id, &R> = R::list(ctx.b).iter().map(|x| (x.id(), x)).collect();
    let code = |activity: Id| {
        ctx.b
            .activity(activity)
            .or_else(|| ctx.a.activity(activity))
            .map_or_else(|| activity.to_string(), |a| a.code.clone())
    };
    let mut rows: Rows = Vec::new();
    let whole = |kind, x: &R, old: Option<Value>, new: Option<Value>| {
        let (activity, words, _) = about(x);
        let label = code(activity);
        let mut c = ctx.change(kind, (R::KIND, x.id(), &label), None, old, new);
        c.goal_id = ctx
            .goals_b
            .get(&activity)
            .or_else(|| ctx.goals_a.get(&activity))
            .copied();
        c.detail = words;
        (code_key(&label), vec![c])
    };
    for x in R::list(ctx.a) {
        if !in_b.contains_key(&x.id()) {
            rows.push(whole(ChangeKind::Removed, x, Some(about(x).2), None));
        }
    }
    for y in R::list(ctx.b) {
        match in_a.get(&y.id()) {
            None => rows.push(whole(ChangeKind::Added, y, None, Some(about(y).2))),
            Some(x) if *x != y => {
                let label = code(about(y).0);
                let mut v = Vec::new();
                for &f in R::FIELDS {
                    let (old, new) = (x.get(f), y.get(f));
                    if old != new {
                        v.push(ctx.change(
                            kind_for(f),
                            (R::KIND, y.id(), &label),
                            Some(f),
                            old,
                            new,
                        ));
                    }
                }
                rows.push((code_key(&label), v));
            }
            Some(_) => {}
        }
    }
    rows.sort_by(|x, y| x.0.cmp(&y.0));
    out.extend(rows.into_iter().flat_map(|r| r.1));
}

/// Changes grouped per entity, with the key that puts them in code order.
type Rows = Vec<(Vec<(u64, String)>, Vec<Change>)>;

/// Natural order of codes: `1.10` after `1.9`.
pub(crate) fn code_key(code: &str) -> Vec<(u64, String)> {
    code.split('.')
        .map(|part| match part.parse::<u64>() {
            Ok(n) => (n, String::new()),
            Err(_) => (u64::MAX, part.to_owned()),
        })
        .collect()
}

/// Added and removed entities and changed fields, in code order.
fn records<R: Record>(ctx: &Ctx, out: &mut Vec<Change>) {
    let in_a: HashMap<Id, &R> = R::list(ctx.a).iter().map(|x| (x.id(), x)).collect();
    let in_b: HashMap<Id, &R> = R::list(ctx.b).iter().map(|x| (x.id(), x)).collect();
    let mut rows: Rows = Vec::new();
    for x in R::list(ctx.a) {
        if !in_b.contains_key(&x.id()) {
            let c = ctx.change(
                ChangeKind::Removed,
                (R::KIND, x.id(), x.label()),
                None,
                None,
                None,
            );
            rows.push((code_key(x.label()), vec![c]));
        }
    }
    for y in R::list(ctx.b) {
        let mut v = Vec::new();
        match in_a.get(&y.id()) {
            None => v.push(ctx.change(
                ChangeKind::Added,
                (R::KIND, y.id(), y.label()),
                None,
                None,
                None,
            )),
            Some(x) if *x != y => fields_changed(ctx, *x, y, &mut v),
            Some(_) => {}
        }
        if !v.is_empty() {
            rows.push((code_key(y.label()), v));
        }
    }
    rows.sort_by(|x, y| x.0.cmp(&y.0));
    out.extend(rows.into_iter().flat_map(|r| r.1));
}

fn fields_changed<R: Fields>(ctx: &Ctx, x: &R, y: &R, out: &mut Vec<Change>) {
    for &f in R::FIELDS {
        let (old, new) = (x.get(f), y.get(f));
        if old != new {
            out.push(ctx.change(kind_for(f), (R::KIND, y.id(), y.label()), Some(f), old, new));
        }
    }
}

/// Activities: as other entities, except that lane and order changes are judged by relative
/// order rather than by the position numbers, and an inferred value set to false is a
/// confirmation.
fn activities(ctx: &Ctx, out: &mut Vec<Change>) {
    let (lanes_a, lanes_b) = (lane_ranks(ctx.a), lane_ranks(ctx.b));
    let moved_in_lane = reordered(&lanes_a, &lanes_b);
    let (outline_a, outline_b) = (outline_ranks(ctx.a), outline_ranks(ctx.b));
    let moved_in_outline = reordered(&outline_a, &outline_b);
    let in_a: HashMap<Id, &Activity> = ctx.a.activities.iter().map(|x| (x.id, x)).collect();
    let in_b: HashSet<Id> = ctx.b.activities.iter().map(|x| x.id).collect();
    let mut rows: Rows = Vec::new();
    let kind = EntityKind::Activity;
    for x in &ctx.a.activities {
        if !in_b.contains(&x.id) {
            let mut c = ctx.change(ChangeKind::Removed, (kind, x.id, &x.code), None, None, None);
            c.detail = x.text.clone();
            rows.push((code_key(&x.code), vec![c]));
        }
    }
    for y in &ctx.b.activities {
        let Some(&x) = in_a.get(&y.id) else {
            let mut c = ctx.change(ChangeKind::Added, (kind, y.id, &y.code), None, None, None);
            c.detail = y.text.clone();
            rows.push((code_key(&y.code), vec![c]));
            continue;
        };
        if x == y {
            continue;
        }
        let mut v = Vec::new();
        for &f in <Activity as Fields>::FIELDS {
            let (old, new) = (x.get(f), y.get(f));
            let c = match f {
                Field::Placement if x.lane != y.lane => {
                    Some((ChangeKind::MovedLane, old, new, None))
                }
                Field::Placement if moved_in_lane.contains(&y.id) => {
                    let place = |m: &HashMap<Id, (Lane, usize)>| {
                        m.get(&y.id).map_or(0, |r| r.1 + 1).to_string()
                    };
                    let texts = (place(&lanes_a), place(&lanes_b));
                    Some((ChangeKind::Reordered, old, new, Some(texts)))
                }
                Field::OutlinePos
                    if x.sub_indicator_id == y.sub_indicator_id
                        && moved_in_outline.contains(&y.id) =>
                {
                    let place = |m: &HashMap<Id, (Id, usize)>| {
                        m.get(&y.id).map_or(0, |r| r.1 + 1).to_string()
                    };
                    let texts = (place(&outline_a), place(&outline_b));
                    Some((ChangeKind::Reordered, old, new, Some(texts)))
                }
                // Position numbers alone say nothing; only the relative order above does.
                Field::Placement | Field::OutlinePos => None,
                // Moving a card is choosing its lane: the confirmation goes without saying.
                Field::InferredTimeline if x.lane != y.lane => None,
                Field::InferredLead | Field::InferredCoLeads | Field::InferredTimeline
                    if old != new && new == Some(Value::Bool(false)) =>
                {
                    Some((ChangeKind::InferredConfirmed, old, new, None))
                }
                _ if old != new => Some((kind_for(f), old, new, None)),
                _ => None,
            };
            if let Some((k, old, new, texts)) = c {
                let mut c = ctx.change(k, (kind, y.id, &y.code), Some(f), old, new);
                if let Some((o, n)) = texts {
                    c.old_text = o;
                    c.new_text = n;
                }
                if k == ChangeKind::CodeChanged {
                    // Name the activity by its old code in "X renumbered to Y".
                    c.old_text = x.code.clone();
                }
                v.push(c);
            }
        }
        if !v.is_empty() {
            rows.push((code_key(&y.code), v));
        }
    }
    rows.sort_by(|x, y| x.0.cmp(&y.0));
    out.extend(rows.into_iter().flat_map(|r| r.1));
}

/// A segment of a word-level text diff.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    Equal,
    Insert,
    Delete,
}

/// The words of `new` against `old`: `Equal` and `Delete` segments are slices of `old`,
/// `Insert` segments slices of `new`; whitespace counts as a word of its own, so joining the
/// `Equal` and `Delete` segments gives `old` back, and `Equal` and `Insert` give `new`.
///
/// A longest common subsequence over words, after trimming the common start and end. Activity
/// texts are a few dozen words, so the quadratic table is small; texts whose middles would need
/// more than four million cells are shown as one deletion and one insertion instead. Written
/// here rather than taken from a crate because it is this short.
pub fn word_diff<'a>(old: &'a str, new: &'a str) -> Vec<(Tag, &'a str)> {
    let (a, b) = (words(old), words(new));
    let tok = |s: &'a str, r: (usize, usize)| &s[r.0..r.1];
    let mut pre = 0;
    while pre < a.len() && pre < b.len() && tok(old, a[pre]) == tok(new, b[pre]) {
        pre += 1;
    }
    let mut suf = 0;
    while suf < a.len() - pre
        && suf < b.len() - pre
        && tok(old, a[a.len() - 1 - suf]) == tok(new, b[b.len() - 1 - suf])
    {
        suf += 1;
    }
    let (ma, mb) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    // Each step: (tag, index into a or b).
    let mut steps: Vec<(Tag, usize)> = (0..pre).map(|i| (Tag::Equal, i)).collect();
    if ma.len().saturating_mul(mb.len()) > 4_000_000 {
        steps.extend((0..ma.len()).map(|i| (Tag::Delete, pre + i)));
        steps.extend((0..mb.len()).map(|j| (Tag::Insert, pre + j)));
    } else {
        // table[i][j]: LCS length of ma[i..] and mb[j..].
        let (n, m) = (ma.len(), mb.len());
        let mut table = vec![0u32; (n + 1) * (m + 1)];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                table[i * (m + 1) + j] = if tok(old, ma[i]) == tok(new, mb[j]) {
                    table[(i + 1) * (m + 1) + j + 1] + 1
                } else {
                    table[(i + 1) * (m + 1) + j].max(table[i * (m + 1) + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && tok(old, ma[i]) == tok(new, mb[j]) {
                steps.push((Tag::Equal, pre + i));
                i += 1;
                j += 1;
            } else if i < n
                && (j == m || table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1])
            {
                // Deletions first, so a replaced word reads "old → new".
                steps.push((Tag::Delete, pre + i));
                i += 1;
            } else {
                steps.push((Tag::Insert, pre + j));
                j += 1;
            }
        }
    }
    steps.extend((0..suf).map(|k| (Tag::Equal, a.len() - suf + k)));

    // Join neighbouring words of the same tag into one slice; they are contiguous in the text.
    let mut out: Vec<(Tag, (usize, usize))> = Vec::new();
    for (tag, ix) in steps {
        let range = if tag == Tag::Insert { b[ix] } else { a[ix] };
        match out.last_mut() {
            Some((t, r)) if *t == tag && r.1 == range.0 => r.1 = range.1,
            _ => out.push((tag, range)),
        }
    }
    out.into_iter()
        .map(|(tag, r)| {
            (
                tag,
                if tag == Tag::Insert {
                    tok(new, r)
                } else {
                    tok(old, r)
                },
            )
        })
        .collect()
}

/// Byte ranges of the words and of the runs of whitespace between them.
fn words(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev_space: Option<bool> = None;
    for (i, c) in s.char_indices() {
        let space = c.is_whitespace();
        if prev_space.is_some_and(|p| p != space) {
            out.push((start, i));
            start = i;
        }
        prev_space = Some(space);
    }
    if start < s.len() {
        out.push((start, s.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn join(segs: &[(Tag, &str)], skip: Tag) -> String {
        segs.iter().filter(|s| s.0 != skip).map(|s| s.1).collect()
    }

    #[test]
    fn word_diff_marks_changed_words_and_rebuilds_both_texts() {
        let old = "Strengthen the health screening of migrants";
        let new = "Strengthen free health screening of all migrants";
        let d = word_diff(old, new);
        assert_eq!(join(&d, Tag::Insert), old);
        assert_eq!(join(&d, Tag::Delete), new);
        let words = |tag| -> Vec<&str> {
            d.iter()
                .filter(|s| s.0 == tag)
                .map(|s| s.1.trim())
                .collect()
        };
        assert_eq!(words(Tag::Delete), ["the"]);
        assert_eq!(words(Tag::Insert), ["free", "all"]);
        assert_eq!(d[0], (Tag::Equal, "Strengthen "));
    }

    #[test]
    fn word_diff_of_empty_and_equal_texts() {
        assert!(word_diff("", "").is_empty());
        assert_eq!(word_diff("a b", "a b"), vec![(Tag::Equal, "a b")]);
        assert_eq!(word_diff("", "x"), vec![(Tag::Insert, "x")]);
        assert_eq!(word_diff("স্বাস্থ্য", ""), vec![(Tag::Delete, "স্বাস্থ্য")]);
    }

    #[test]
    fn lis_keeps_the_longest_run_in_order() {
        // Moving the last item to the front: only it moved.
        assert_eq!(lis(&[1, 2, 3, 0]), vec![true, true, true, false]);
        assert_eq!(lis(&[0, 1, 2]), vec![true, true, true]);
    }

    #[test]
    fn natural_code_order() {
        let mut v = vec!["1.10", "1.9", "1.2.1", "x"];
        v.sort_by_key(|c| code_key(c));
        assert_eq!(v, vec!["1.2.1", "1.9", "1.10", "x"]);
    }
}
