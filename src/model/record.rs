//! Every kind of record of a plan, declared once: its fields (name, value type, how it is
//! shown), the records it refers to, and its list in the plan. Operations, the store's checks,
//! compare, merge, the plan file's reference checks and the review all work from these
//! declarations; `docs/ARCHITECTURE.md` says how to add a kind.

use serde::{Deserialize, Serialize};

use crate::model::{
    Activity, Actor, ActorKind, Comment, CommentKind, Goal, Id, Indicator, Lane, Link, Plan,
    Status, SubIndicator,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityKind {
    Plan,
    Goal,
    Indicator,
    SubIndicator,
    Actor,
    Activity,
    Comment,
    Link,
}

impl EntityKind {
    /// The kinds held in the plan's lists, parents before the records that refer to them.
    pub const LISTED: [EntityKind; 7] = [
        EntityKind::Goal,
        EntityKind::Indicator,
        EntityKind::SubIndicator,
        EntityKind::Actor,
        EntityKind::Activity,
        EntityKind::Comment,
        EntityKind::Link,
    ];
}

impl std::fmt::Display for EntityKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            EntityKind::Plan => "plan",
            EntityKind::Goal => "goal",
            EntityKind::Indicator => "indicator",
            EntityKind::SubIndicator => "sub-indicator",
            EntityKind::Actor => "actor",
            EntityKind::Activity => "activity",
            EntityKind::Comment => "comment",
            EntityKind::Link => "link",
        })
    }
}

/// One field of an entity. `Parent` is the goal of an indicator, the indicator of a
/// sub-indicator or the sub-indicator of an activity. `Placement` is an activity's lane and
/// position within it, one field so that a merge never mixes one side's lane with the other's
/// position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Field {
    Name,
    ShortName,
    Source,
    Parent,
    Code,
    Title,
    KeyElements,
    Baseline,
    Position,
    Abbreviation,
    FullName,
    Kind,
    Text,
    Leads,
    CoLeads,
    Placement,
    OutlinePos,
    Status,
    Notes,
    InferredLead,
    InferredCoLeads,
    InferredTimeline,
    SourceNote,
    SourceLine,
    Author,
    At,
    Remark,
    Session,
    Target,
}

impl Field {
    /// How the field is named in a sentence.
    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::ShortName => "short name",
            Field::Source => "source",
            Field::Parent => "parent",
            Field::Code => "code",
            Field::Title => "title",
            Field::KeyElements => "key elements",
            Field::Baseline => "baseline",
            Field::Position => "position",
            Field::Abbreviation => "abbreviation",
            Field::FullName => "full name",
            Field::Kind => "kind",
            Field::Text => "text",
            Field::Leads => "lead",
            Field::CoLeads => "co-leads",
            Field::Placement => "timeline",
            Field::OutlinePos => "place in the outline",
            Field::Status => "status",
            Field::Notes => "notes",
            Field::InferredLead => "inferred lead",
            Field::InferredCoLeads => "inferred co-leads",
            Field::InferredTimeline => "inferred timeline",
            Field::SourceNote => "source note",
            Field::SourceLine => "source line",
            Field::Author => "author",
            Field::At => "time",
            Field::Remark => "kind",
            Field::Session => "session",
            Field::Target => "linked to",
        }
    }
}

/// A field's value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Value {
    Text(String),
    Int(i64),
    Line(Option<u32>),
    Bool(bool),
    Id(Id),
    Ids(Vec<Id>),
    Place(Lane, i64),
    Status(Status),
    Kind(ActorKind),
    Time(chrono::DateTime<chrono::Utc>),
    Remark(CommentKind),
    OptId(Option<Id>),
}

pub fn lane_label(l: Lane) -> &'static str {
    match l {
        Lane::Short => "Short term",
        Lane::Medium => "Medium term",
        Lane::Long => "Long term",
        Lane::Unscheduled => "Not yet scheduled",
    }
}

pub fn status_label(s: Status) -> &'static str {
    match s {
        Status::Proposed => "proposed",
        Status::Agreed => "agreed",
        Status::NeedsRevision => "needs revision",
        Status::Dropped => "dropped",
    }
}

impl Value {
    /// The value for people: actors by abbreviation, parents by code, looked up in `plan`.
    pub fn display(&self, plan: &Plan) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Int(n) => n.to_string(),
            Value::Line(l) => l.map_or_else(|| "none".into(), |l| l.to_string()),
            Value::Bool(b) => if *b { "yes" } else { "no" }.into(),
            Value::Id(id) => plan.code_of(*id).unwrap_or_else(|| id.to_string()),
            Value::Ids(ids) if ids.is_empty() => "none".into(),
            Value::Ids(ids) => plan.actor_labels(ids).join(", "),
            Value::Place(l, _) => lane_label(*l).into(),
            Value::Status(s) => status_label(*s).into(),
            Value::Kind(k) => k.as_str().replace('_', " "),
            Value::Time(t) => t.format("%Y-%m-%d %H:%M").to_string(),
            Value::Remark(k) => k.as_str().into(),
            Value::OptId(None) => "none".into(),
            Value::OptId(Some(id)) => plan.code_of(*id).unwrap_or_else(|| id.to_string()),
        }
    }
}

/// The plan's own fields, as an entity.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanHead {
    pub id: Id,
    pub name: String,
    pub short_name: String,
    pub source: String,
}

impl PlanHead {
    pub fn of(p: &Plan) -> PlanHead {
        PlanHead {
            id: p.id,
            name: p.name.clone(),
            short_name: p.short_name.clone(),
            source: p.source.clone(),
        }
    }
}

/// One whole record of any listed kind: what an operation creates or deletes, and what a
/// conflict keeps of the side that did not delete it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Entity {
    Goal(Goal),
    Indicator(Indicator),
    SubIndicator(SubIndicator),
    Actor(Actor),
    Activity(Activity),
    Comment(Comment),
    Link(Link),
}

/// The old name of [`Entity`] in compare and merge.
pub type Item = Entity;

/// Calls `$f::<R>($args)` with `R` the record type of a listed kind; the plan head has none.
#[macro_export]
macro_rules! with_record {
    ($kind:expr, $f:ident ( $($arg:expr),* ), $plan_head:expr) => {
        match $kind {
            $crate::model::record::EntityKind::Goal => $f::<$crate::model::Goal>($($arg),*),
            $crate::model::record::EntityKind::Indicator => $f::<$crate::model::Indicator>($($arg),*),
            $crate::model::record::EntityKind::SubIndicator => {
                $f::<$crate::model::SubIndicator>($($arg),*)
            }
            $crate::model::record::EntityKind::Actor => $f::<$crate::model::Actor>($($arg),*),
            $crate::model::record::EntityKind::Activity => $f::<$crate::model::Activity>($($arg),*),
            $crate::model::record::EntityKind::Comment => $f::<$crate::model::Comment>($($arg),*),
            $crate::model::record::EntityKind::Link => $f::<$crate::model::Link>($($arg),*),
            $crate::model::record::EntityKind::Plan => $plan_head,
        }
    };
}

/// `$body` with `$x` bound to the record inside any [`Entity`].
macro_rules! each {
    ($e:expr, $x:ident => $body:expr) => {
        match $e {
            Entity::Goal($x) => $body,
            Entity::Indicator($x) => $body,
            Entity::SubIndicator($x) => $body,
            Entity::Actor($x) => $body,
            Entity::Activity($x) => $body,
            Entity::Comment($x) => $body,
            Entity::Link($x) => $body,
        }
    };
}

impl Entity {
    pub fn id(&self) -> Id {
        each!(self, x => Fields::id(x))
    }

    pub fn kind(&self) -> EntityKind {
        fn kind_of<R: Fields>(_: &R) -> EntityKind {
            R::KIND
        }
        each!(self, x => kind_of(x))
    }

    pub fn get(&self, f: Field) -> Option<Value> {
        each!(self, x => x.get(f))
    }

    pub fn set(&mut self, f: Field, v: Value) -> bool {
        each!(self, x => x.set(f, v))
    }

    /// The fields of this kind, in the order they are shown.
    pub fn fields(&self) -> &'static [Field] {
        fields_of(self.kind())
    }

    /// The ids this record refers to, with the kind each must be.
    pub fn refs(&self) -> Vec<(Id, EntityKind)> {
        each!(self, x => x.refs())
    }

    /// The code or abbreviation people know the record by.
    pub fn label(&self) -> String {
        each!(self, x => x.label().to_owned())
    }
}

/// The fields a kind declares.
pub fn fields_of(kind: EntityKind) -> &'static [Field] {
    fn f<R: Fields>() -> &'static [Field] {
        R::FIELDS
    }
    with_record!(kind, f(), PlanHead::FIELDS)
}

/// The record `id` of `kind`, whole, if the plan holds it.
pub fn find(plan: &Plan, kind: EntityKind, id: Id) -> Option<Entity> {
    fn f<R: Record>(plan: &Plan, id: Id) -> Option<Entity> {
        R::list(plan)
            .iter()
            .find(|x| x.id() == id)
            .cloned()
            .map(R::item)
    }
    with_record!(kind, f(plan, id), None)
}

/// The kind of the record `id` (the plan itself included), if the plan holds it.
pub fn kind_of(plan: &Plan, id: Id) -> Option<EntityKind> {
    if id == plan.id {
        return Some(EntityKind::Plan);
    }
    EntityKind::LISTED
        .into_iter()
        .find(|k| find(plan, *k, id).is_some())
}

/// A record that refers to one the plan does not hold.
#[derive(Clone, Debug, PartialEq)]
pub struct Dangling {
    pub kind: EntityKind,
    pub label: String,
    pub needs: EntityKind,
}

/// The first record of `plan` whose references do not resolve, if any.
pub fn dangling(plan: &Plan) -> Option<Dangling> {
    use std::collections::HashMap;
    let mut ids: HashMap<Id, EntityKind> = HashMap::new();
    fn add<R: Record>(plan: &Plan, ids: &mut HashMap<Id, EntityKind>) {
        ids.extend(R::list(plan).iter().map(|x| (x.id(), R::KIND)));
    }
    for kind in EntityKind::LISTED {
        with_record!(kind, add(plan, &mut ids), ());
    }
    fn first<R: Record>(plan: &Plan, ids: &HashMap<Id, EntityKind>) -> Option<Dangling> {
        R::list(plan).iter().find_map(|x| {
            x.refs()
                .into_iter()
                .find(|(id, k)| ids.get(id) != Some(k))
                .map(|(_, needs)| Dangling {
                    kind: R::KIND,
                    label: x.label().to_owned(),
                    needs,
                })
        })
    }
    EntityKind::LISTED
        .into_iter()
        .find_map(|kind| with_record!(kind, first(plan, &ids), None))
}

/// What compare and merge need of anything with fields.
pub(crate) trait Fields: Clone + PartialEq {
    const KIND: EntityKind;
    const FIELDS: &'static [Field];
    fn id(&self) -> Id;
    /// The code or abbreviation people know it by.
    fn label(&self) -> &str;
    fn get(&self, f: Field) -> Option<Value>;
    /// Sets a field; false when the field or value does not fit this kind.
    fn set(&mut self, f: Field, v: Value) -> bool;
}

/// An entity held in one of the plan's lists.
pub(crate) trait Record: Fields {
    /// The record, if `e` is one of this kind.
    fn of(e: &Entity) -> Option<Self>;
    fn list(p: &Plan) -> &[Self];
    fn list_mut(p: &mut Plan) -> &mut Vec<Self>;
    fn item(self) -> Entity;
    /// The ids this entity refers to, with the kind each must be.
    fn refs(&self) -> Vec<(Id, EntityKind)>;
}

fn text(v: Value, slot: &mut String) -> bool {
    match v {
        Value::Text(s) => {
            *slot = s;
            true
        }
        _ => false,
    }
}

fn int(v: Value, slot: &mut i64) -> bool {
    match v {
        Value::Int(n) => {
            *slot = n;
            true
        }
        _ => false,
    }
}

fn line(v: Value, slot: &mut Option<u32>) -> bool {
    match v {
        Value::Line(n) => {
            *slot = n;
            true
        }
        _ => false,
    }
}

fn id(v: Value, slot: &mut Id) -> bool {
    match v {
        Value::Id(n) => {
            *slot = n;
            true
        }
        _ => false,
    }
}

fn boolean(v: Value, slot: &mut bool) -> bool {
    match v {
        Value::Bool(n) => {
            *slot = n;
            true
        }
        _ => false,
    }
}

impl Fields for Goal {
    const KIND: EntityKind = EntityKind::Goal;
    const FIELDS: &'static [Field] = &[
        Field::Code,
        Field::Title,
        Field::KeyElements,
        Field::Position,
        Field::SourceLine,
    ];
    fn id(&self) -> Id {
        self.id
    }
    fn label(&self) -> &str {
        &self.code
    }
    fn get(&self, f: Field) -> Option<Value> {
        Some(match f {
            Field::Code => Value::Text(self.code.clone()),
            Field::Title => Value::Text(self.title.clone()),
            Field::KeyElements => Value::Text(self.key_elements.clone()),
            Field::Position => Value::Int(self.position),
            Field::SourceLine => Value::Line(self.source_line),
            _ => return None,
        })
    }
    fn set(&mut self, f: Field, v: Value) -> bool {
        match f {
            Field::Code => text(v, &mut self.code),
            Field::Title => text(v, &mut self.title),
            Field::KeyElements => text(v, &mut self.key_elements),
            Field::Position => int(v, &mut self.position),
            Field::SourceLine => line(v, &mut self.source_line),
            _ => false,
        }
    }
}

impl Record for Goal {
    fn list(p: &Plan) -> &[Self] {
        &p.goals
    }
    fn list_mut(p: &mut Plan) -> &mut Vec<Self> {
        &mut p.goals
    }
    fn item(self) -> Entity {
        Entity::Goal(self)
    }
    fn of(e: &Entity) -> Option<Self> {
        match e {
            Entity::Goal(x) => Some(x.clone()),
            _ => None,
        }
    }
    fn refs(&self) -> Vec<(Id, EntityKind)> {
        Vec::new()
    }
}

impl Fields for Indicator {
    const KIND: EntityKind = EntityKind::Indicator;
    const FIELDS: &'static [Field] = &[
        Field::Parent,
        Field::Code,
        Field::Title,
        Field::Position,
        Field::SourceLine,
    ];
    fn id(&self) -> Id {
        self.id
    }
    fn label(&self) -> &str {
        &self.code
    }
    fn get(&self, f: Field) -> Option<Value> {
        Some(match f {
            Field::Parent => Value::Id(self.goal_id),
            Field::Code => Value::Text(self.code.clone()),
            Field::Title => Value::Text(self.title.clone()),
            Field::Position => Value::Int(self.position),
            Field::SourceLine => Value::Line(self.source_line),
            _ => return None,
        })
    }
    fn set(&mut self, f: Field, v: Value) -> bool {
        match f {
            Field::Parent => id(v, &mut self.goal_id),
            Field::Code => text(v, &mut self.code),
            Field::Title => text(v, &mut self.title),
            Field::Position => int(v, &mut self.position),
            Field::SourceLine => line(v, &mut self.source_line),
            _ => false,
        }
    }
}

impl Record for Indicator {
    fn list(p: &Plan) -> &[Self] {
        &p.indicators
    }
    fn list_mut(p: &mut Plan) -> &mut Vec<Self> {
        &mut p.indicators
    }
    fn item(self) -> Entity {
        Entity::Indicator(self)
    }
    fn of(e: &Entity) -> Option<Self> {
        match e {
            Entity::Indicator(x) => Some(x.clone()),
            _ => None,
        }
    }
    fn refs(&self) -> Vec<(Id, EntityKind)> {
        vec![(self.goal_id, EntityKind::Goal)]
    }
}

impl Fields for SubIndicator {
    const KIND: EntityKind = EntityKind::SubIndicator;
    const FIELDS: &'static [Field] = &[
        Field::Parent,
        Field::Code,
        Field::Title,
        Field::Baseline,
        Field::Position,
        Field::SourceLine,
    ];
    fn id(&self) -> Id {
        self.id
    }
    fn label(&self) -> &str {
        &self.code
    }
    fn get(&self, f: Field) -> Option<Value> {
        Some(match f {
            Field::Parent => Value::Id(self.indicator_id),
            Field::Code => Value::Text(self.code.clone()),
            Field::Title => Value::Text(self.title.clone()),
            Field::Baseline => Value::Text(self.baseline.clone()),
            Field::Position => Value::Int(self.position),
            Field::SourceLine => Value::Line(self.source_line),
            _ => return None,
        })
    }
    fn set(&mut self, f: Field, v: Value) -> bool {
        match f {
            Field::Parent => id(v, &mut self.indicator_id),
            Field::Code => text(v, &mut self.code),
            Field::Title => text(v, &mut self.title),
            Field::Baseline => text(v, &mut self.baseline),
            Field::Position => int(v, &mut self.position),
            Field::SourceLine => line(v, &mut self.source_line),
            _ => false,
        }
    }
}

impl Record for SubIndicator {
    fn list(p: &Plan) -> &[Self] {
        &p.sub_indicators
    }
    fn list_mut(p: &mut Plan) -> &mut Vec<Self> {
        &mut p.sub_indicators
    }
    fn item(self) -> Entity {
        Entity::SubIndicator(self)
    }
    fn of(e: &Entity) -> Option<Self> {
        match e {
            Entity::SubIndicator(x) => Some(x.clone()),
            _ => None,
        }
    }
    fn refs(&self) -> Vec<(Id, EntityKind)> {
        vec![(self.indicator_id, EntityKind::Indicator)]
    }
}

impl Fields for Actor {
    const KIND: EntityKind = EntityKind::Actor;
    const FIELDS: &'static [Field] = &[
        Field::Abbreviation,
        Field::FullName,
        Field::Kind,
        Field::Notes,
        Field::SourceLine,
    ];
    fn id(&self) -> Id {
        self.id
    }
    fn label(&self) -> &str {
        &self.abbreviation
    }
    fn get(&self, f: Field) -> Option<Value> {
        Some(match f {
            Field::Abbreviation => Value::Text(self.abbreviation.clone()),
            Field::FullName => Value::Text(self.full_name.clone()),
            Field::Kind => Value::Kind(self.kind),
            Field::Notes => Value::Text(self.notes.clone()),
            Field::SourceLine => Value::Line(self.source_line),
            _ => return None,
        })
    }
    fn set(&mut self, f: Field, v: Value) -> bool {
        match (f, v) {
            (Field::Abbreviation, v) => text(v, &mut self.abbreviation),
            (Field::FullName, v) => text(v, &mut self.full_name),
            (Field::Kind, Value::Kind(k)) => {
                self.kind = k;
                true
            }
            (Field::Notes, v) => text(v, &mut self.notes),
            (Field::SourceLine, v) => line(v, &mut self.source_line),
            _ => false,
        }
    }
}

impl Record for Actor {
    fn list(p: &Plan) -> &[Self] {
        &p.actors
    }
    fn list_mut(p: &mut Plan) -> &mut Vec<Self> {
        &mut p.actors
    }
    fn item(self) -> Entity {
        Entity::Actor(self)
    }
    fn of(e: &Entity) -> Option<Self> {
        match e {
            Entity::Actor(x) => Some(x.clone()),
            _ => None,
        }
    }
    fn refs(&self) -> Vec<(Id, EntityKind)> {
        Vec::new()
    }
}

impl Fields for Activity {
    const KIND: EntityKind = EntityKind::Activity;
    const FIELDS: &'static [Field] = &[
        Field::Parent,
        Field::Code,
        Field::Text,
        Field::Leads,
        Field::CoLeads,
        Field::Placement,
        Field::OutlinePos,
        Field::Status,
        Field::Notes,
        Field::InferredLead,
        Field::InferredCoLeads,
        Field::InferredTimeline,
        Field::SourceNote,
        Field::SourceLine,
    ];
    fn id(&self) -> Id {
        self.id
    }
    fn label(&self) -> &str {
        &self.code
    }
    fn get(&self, f: Field) -> Option<Value> {
        Some(match f {
            Field::Parent => Value::Id(self.sub_indicator_id),
            Field::Code => Value::Text(self.code.clone()),
            Field::Text => Value::Text(self.text.clone()),
            Field::Leads => Value::Ids(self.leads.clone()),
            Field::CoLeads => Value::Ids(self.co_leads.clone()),
            Field::Placement => Value::Place(self.lane, self.lane_pos),
            Field::OutlinePos => Value::Int(self.outline_pos),
            Field::Status => Value::Status(self.status),
            Field::Notes => Value::Text(self.notes.clone()),
            Field::InferredLead => Value::Bool(self.inferred.lead),
            Field::InferredCoLeads => Value::Bool(self.inferred.co_leads),
            Field::InferredTimeline => Value::Bool(self.inferred.timeline),
            Field::SourceNote => Value::Text(self.source_note.clone()),
            Field::SourceLine => Value::Line(self.source_line),
            _ => return None,
        })
    }
    fn set(&mut self, f: Field, v: Value) -> bool {
        match (f, v) {
            (Field::Parent, v) => id(v, &mut self.sub_indicator_id),
            (Field::Code, v) => text(v, &mut self.code),
            (Field::Text, v) => text(v, &mut self.text),
            (Field::Leads, Value::Ids(ids)) => {
                self.leads = ids;
                true
            }
            (Field::CoLeads, Value::Ids(ids)) => {
                self.co_leads = ids;
                true
            }
            (Field::Placement, Value::Place(lane, pos)) => {
                self.lane = lane;
                self.lane_pos = pos;
                true
            }
            (Field::OutlinePos, v) => int(v, &mut self.outline_pos),
            (Field::Status, Value::Status(s)) => {
                self.status = s;
                true
            }
            (Field::Notes, v) => text(v, &mut self.notes),
            (Field::InferredLead, v) => boolean(v, &mut self.inferred.lead),
            (Field::InferredCoLeads, v) => boolean(v, &mut self.inferred.co_leads),
            (Field::InferredTimeline, v) => boolean(v, &mut self.inferred.timeline),
            (Field::SourceNote, v) => text(v, &mut self.source_note),
            (Field::SourceLine, v) => line(v, &mut self.source_line),
            _ => false,
        }
    }
}

impl Record for Activity {
    fn list(p: &Plan) -> &[Self] {
        &p.activities
    }
    fn list_mut(p: &mut Plan) -> &mut Vec<Self> {
        &mut p.activities
    }
    fn item(self) -> Entity {
        Entity::Activity(self)
    }
    fn of(e: &Entity) -> Option<Self> {
        match e {
            Entity::Activity(x) => Some(x.clone()),
            _ => None,
        }
    }
    fn refs(&self) -> Vec<(Id, EntityKind)> {
        let mut out = vec![(self.sub_indicator_id, EntityKind::SubIndicator)];
        out.extend(
            self.leads
                .iter()
                .chain(&self.co_leads)
                .map(|a| (*a, EntityKind::Actor)),
        );
        out
    }
}

impl Fields for PlanHead {
    const KIND: EntityKind = EntityKind::Plan;
    const FIELDS: &'static [Field] = &[Field::Name, Field::ShortName, Field::Source];
    fn id(&self) -> Id {
        self.id
    }
    fn label(&self) -> &str {
        &self.short_name
    }
    fn get(&self, f: Field) -> Option<Value> {
        Some(match f {
            Field::Name => Value::Text(self.name.clone()),
            Field::ShortName => Value::Text(self.short_name.clone()),
            Field::Source => Value::Text(self.source.clone()),
            _ => return None,
        })
    }
    fn set(&mut self, f: Field, v: Value) -> bool {
        match f {
            Field::Name => text(v, &mut self.name),
            Field::ShortName => text(v, &mut self.short_name),
            Field::Source => text(v, &mut self.source),
            _ => false,
        }
    }
}

impl Fields for Comment {
    const KIND: EntityKind = EntityKind::Comment;
    const FIELDS: &'static [Field] = &[
        Field::Parent,
        Field::Author,
        Field::At,
        Field::Text,
        Field::Remark,
        Field::Session,
    ];
    fn id(&self) -> Id {
        self.id
    }
    fn label(&self) -> &str {
        &self.text
    }
    fn get(&self, f: Field) -> Option<Value> {
        Some(match f {
            Field::Parent => Value::Id(self.activity_id),
            Field::Author => Value::Text(self.author.clone()),
            Field::At => Value::Time(self.at),
            Field::Text => Value::Text(self.text.clone()),
            Field::Remark => Value::Remark(self.kind),
            Field::Session => Value::OptId(self.session_id),
            _ => return None,
        })
    }
    fn set(&mut self, f: Field, v: Value) -> bool {
        match (f, v) {
            (Field::Parent, v) => id(v, &mut self.activity_id),
            (Field::Author, v) => text(v, &mut self.author),
            (Field::At, Value::Time(t)) => {
                self.at = t;
                true
            }
            (Field::Text, v) => text(v, &mut self.text),
            (Field::Remark, Value::Remark(k)) => {
                self.kind = k;
                true
            }
            (Field::Session, Value::OptId(s)) => {
                self.session_id = s;
                true
            }
            _ => false,
        }
    }
}

impl Record for Comment {
    fn list(p: &Plan) -> &[Self] {
        &p.comments
    }
    fn list_mut(p: &mut Plan) -> &mut Vec<Self> {
        &mut p.comments
    }
    fn item(self) -> Entity {
        Entity::Comment(self)
    }
    fn of(e: &Entity) -> Option<Self> {
        match e {
            Entity::Comment(x) => Some(x.clone()),
            _ => None,
        }
    }
    fn refs(&self) -> Vec<(Id, EntityKind)> {
        vec![(self.activity_id, EntityKind::Activity)]
    }
}

impl Fields for Link {
    const KIND: EntityKind = EntityKind::Link;
    const FIELDS: &'static [Field] = &[Field::Parent, Field::Target];
    fn id(&self) -> Id {
        self.id
    }
    fn label(&self) -> &str {
        &self.target
    }
    fn get(&self, f: Field) -> Option<Value> {
        Some(match f {
            Field::Parent => Value::Id(self.activity_id),
            Field::Target => Value::Text(self.target.clone()),
            _ => return None,
        })
    }
    fn set(&mut self, f: Field, v: Value) -> bool {
        match f {
            Field::Parent => id(v, &mut self.activity_id),
            Field::Target => text(v, &mut self.target),
            _ => false,
        }
    }
}

impl Record for Link {
    fn list(p: &Plan) -> &[Self] {
        &p.links
    }
    fn list_mut(p: &mut Plan) -> &mut Vec<Self> {
        &mut p.links
    }
    fn item(self) -> Entity {
        Entity::Link(self)
    }
    fn of(e: &Entity) -> Option<Self> {
        match e {
            Entity::Link(x) => Some(x.clone()),
            _ => None,
        }
    }
    fn refs(&self) -> Vec<(Id, EntityKind)> {
        vec![(self.activity_id, EntityKind::Activity)]
    }
}
