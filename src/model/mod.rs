//! The plan as plain data: what the framework holds, with no egui, SQL or file I/O.

pub mod board;
pub mod checks;
pub mod edit;
pub mod filter;
pub mod ops;
pub mod record;
pub mod rules;
pub mod workload;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use checks::Flag;
pub use filter::Filter;
pub use ops::{Op, Placement};
pub use record::{Entity, EntityKind, Field, Value};

pub type Id = Uuid;

/// A timeline lane of the action tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Lane {
    Short,
    Medium,
    Long,
    Unscheduled,
}

impl Lane {
    pub const ALL: [Lane; 4] = [Lane::Short, Lane::Medium, Lane::Long, Lane::Unscheduled];

    /// The stable name used in the database, CSV and plan files.
    pub fn as_str(self) -> &'static str {
        match self {
            Lane::Short => "short",
            Lane::Medium => "medium",
            Lane::Long => "long",
            Lane::Unscheduled => "unscheduled",
        }
    }

    pub fn parse(s: &str) -> Option<Lane> {
        Lane::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// Where an activity stands in the validation process.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    Proposed,
    Agreed,
    NeedsRevision,
    Dropped,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Proposed,
        Status::Agreed,
        Status::NeedsRevision,
        Status::Dropped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::Agreed => "agreed",
            Status::NeedsRevision => "needs_revision",
            Status::Dropped => "dropped",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ActorKind {
    Ministry,
    DivisionOrAgency,
    CommitteeOrForum,
    UnOrInternational,
    CivilSociety,
    PrivateSector,
    LocalGovernment,
    Other,
}

impl ActorKind {
    pub const ALL: [ActorKind; 8] = [
        ActorKind::Ministry,
        ActorKind::DivisionOrAgency,
        ActorKind::CommitteeOrForum,
        ActorKind::UnOrInternational,
        ActorKind::CivilSociety,
        ActorKind::PrivateSector,
        ActorKind::LocalGovernment,
        ActorKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Ministry => "ministry",
            ActorKind::DivisionOrAgency => "division_or_agency",
            ActorKind::CommitteeOrForum => "committee_or_forum",
            ActorKind::UnOrInternational => "un_or_international",
            ActorKind::CivilSociety => "civil_society",
            ActorKind::PrivateSector => "private_sector",
            ActorKind::LocalGovernment => "local_government",
            ActorKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<ActorKind> {
        ActorKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    pub id: Id,
    pub code: String,
    pub title: String,
    /// One key element per line.
    pub key_elements: String,
    pub position: i64,
    pub source_line: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub id: Id,
    pub goal_id: Id,
    pub code: String,
    pub title: String,
    pub position: i64,
    pub source_line: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubIndicator {
    pub id: Id,
    pub indicator_id: Id,
    pub code: String,
    pub title: String,
    /// Status of the country on this sub-indicator when the framework was written (Annex C).
    pub baseline: String,
    pub position: i64,
    pub source_line: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    pub id: Id,
    /// The short label people use, e.g. `MoLE`; unique within a plan.
    pub abbreviation: String,
    pub full_name: String,
    pub kind: ActorKind,
    pub notes: String,
    pub source_line: Option<u32>,
}

/// Which values of an activity were not printed in the source but inferred from a merged cell;
/// they stay flagged until someone confirms them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inferred {
    pub lead: bool,
    pub co_leads: bool,
    pub timeline: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub id: Id,
    pub sub_indicator_id: Id,
    pub code: String,
    pub text: String,
    /// Normally one; more than one is a data check.
    pub leads: Vec<Id>,
    pub co_leads: Vec<Id>,
    pub lane: Lane,
    /// Order within the lane (the board's order), ascending.
    pub lane_pos: i64,
    /// Order within the sub-indicator (the outline's order), ascending.
    pub outline_pos: i64,
    pub status: Status,
    pub notes: String,
    pub inferred: Inferred,
    /// What is odd about this row in the source document, if anything.
    pub source_note: String,
    pub source_line: Option<u32>,
}

impl Activity {
    /// `self` is a copy of `base` with some fields changed; `current` is the record as it is
    /// now, after other changes to `base`. Returns `current` with this copy's changes on top:
    /// a field this copy left as it was in `base` keeps its current value. A view that built
    /// its copy before an earlier change of the same frame (a note saved by the click that
    /// removes a co-lead) so changes only what it meant to.
    pub fn rebased(&self, base: &Activity, current: &Activity) -> Activity {
        fn pick<T: Clone + PartialEq>(mine: &T, base: &T, current: &T) -> T {
            if mine != base {
                mine.clone()
            } else {
                current.clone()
            }
        }
        Activity {
            id: current.id,
            sub_indicator_id: pick(
                &self.sub_indicator_id,
                &base.sub_indicator_id,
                &current.sub_indicator_id,
            ),
            code: pick(&self.code, &base.code, &current.code),
            text: pick(&self.text, &base.text, &current.text),
            leads: pick(&self.leads, &base.leads, &current.leads),
            co_leads: pick(&self.co_leads, &base.co_leads, &current.co_leads),
            lane: pick(&self.lane, &base.lane, &current.lane),
            lane_pos: pick(&self.lane_pos, &base.lane_pos, &current.lane_pos),
            outline_pos: pick(&self.outline_pos, &base.outline_pos, &current.outline_pos),
            status: pick(&self.status, &base.status, &current.status),
            notes: pick(&self.notes, &base.notes, &current.notes),
            inferred: pick(&self.inferred, &base.inferred, &current.inferred),
            source_note: pick(&self.source_note, &base.source_note, &current.source_note),
            source_line: pick(&self.source_line, &base.source_line, &current.source_line),
        }
    }
}

/// Whether a remark on an activity is a comment or a decision of the room.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CommentKind {
    Comment,
    Decision,
}

impl CommentKind {
    pub const ALL: [CommentKind; 2] = [CommentKind::Comment, CommentKind::Decision];

    /// The stable name used in the database and plan files.
    pub fn as_str(self) -> &'static str {
        match self {
            CommentKind::Comment => "comment",
            CommentKind::Decision => "decision",
        }
    }

    pub fn parse(s: &str) -> Option<CommentKind> {
        CommentKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A comment or a decision on an activity: who said it, when, and in which workshop session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comment {
    pub id: Id,
    pub activity_id: Id,
    pub author: String,
    /// When it was recorded, in UTC.
    pub at: chrono::DateTime<chrono::Utc>,
    pub text: String,
    pub kind: CommentKind,
    /// The workshop session it was recorded in, if one was running.
    pub session_id: Option<Id>,
}

/// A link from an activity to an entry of a reference framework (a GCM objective or action,
/// an SDG target), made by a person. The entry is named by its stable key: `gcm:6` for
/// objective 6, `gcm:6a` for its action (a), `sdg:8.8` for SDG target 8.8.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub id: Id,
    pub activity_id: Id,
    pub target: String,
}

/// A whole plan: a framework and its activities.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    pub id: Id,
    pub name: String,
    pub short_name: String,
    /// The document the framework was curated from.
    pub source: String,
    pub goals: Vec<Goal>,
    pub indicators: Vec<Indicator>,
    pub sub_indicators: Vec<SubIndicator>,
    pub actors: Vec<Actor>,
    pub activities: Vec<Activity>,
    /// Comments and decisions on activities, oldest first.
    pub comments: Vec<Comment>,
    /// Links from activities to reference frameworks (GCM, SDGs).
    pub links: Vec<Link>,
}

/// The plan's tree in display order, as indexes into the plan's vectors. Derived from the plan;
/// rebuilt when the plan changes, never per frame.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outline {
    pub goals: Vec<OutlineGoal>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutlineGoal {
    pub goal: usize,
    pub indicators: Vec<OutlineIndicator>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutlineIndicator {
    pub indicator: usize,
    pub sub_indicators: Vec<OutlineSub>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutlineSub {
    pub sub_indicator: usize,
    pub activities: Vec<usize>,
}

impl Plan {
    pub fn actor(&self, id: Id) -> Option<&Actor> {
        self.actors.iter().find(|a| a.id == id)
    }

    pub fn activity(&self, id: Id) -> Option<&Activity> {
        self.activities.iter().find(|a| a.id == id)
    }

    /// The comments and decisions on an activity, oldest first.
    pub fn comments_of(&self, activity: Id) -> impl Iterator<Item = &Comment> {
        self.comments
            .iter()
            .filter(move |c| c.activity_id == activity)
    }

    pub fn sub_indicator(&self, id: Id) -> Option<&SubIndicator> {
        self.sub_indicators.iter().find(|s| s.id == id)
    }

    pub fn indicator(&self, id: Id) -> Option<&Indicator> {
        self.indicators.iter().find(|s| s.id == id)
    }

    pub fn goal(&self, id: Id) -> Option<&Goal> {
        self.goals.iter().find(|s| s.id == id)
    }

    /// A copy with every list in id order, so that plans holding the same records compare
    /// equal whatever order they were loaded or re-inserted in. The order of leads and
    /// co-leads inside an activity is kept: it means something.
    pub fn in_id_order(&self) -> Plan {
        let mut p = self.clone();
        p.goals.sort_by_key(|x| x.id);
        p.indicators.sort_by_key(|x| x.id);
        p.sub_indicators.sort_by_key(|x| x.id);
        p.actors.sort_by_key(|x| x.id);
        p.activities.sort_by_key(|x| x.id);
        p.comments.sort_by_key(|x| x.id);
        p.links.sort_by_key(|x| x.id);
        p
    }

    /// The code people know any record by (an actor's abbreviation).
    pub fn code_of(&self, id: Id) -> Option<String> {
        self.goal(id)
            .map(|x| x.code.clone())
            .or_else(|| self.indicator(id).map(|x| x.code.clone()))
            .or_else(|| self.sub_indicator(id).map(|x| x.code.clone()))
            .or_else(|| self.activity(id).map(|x| x.code.clone()))
            .or_else(|| self.actor(id).map(|x| x.abbreviation.clone()))
    }

    /// The sub-indicator, indicator and goal above an activity.
    pub fn parents(
        &self,
        a: &Activity,
    ) -> (Option<&SubIndicator>, Option<&Indicator>, Option<&Goal>) {
        let sub = self.sub_indicator(a.sub_indicator_id);
        let ind = sub.and_then(|s| self.indicator(s.indicator_id));
        let goal = ind.and_then(|i| self.goal(i.goal_id));
        (sub, ind, goal)
    }

    /// Actor labels for display and export, e.g. `MoHFW`.
    pub fn actor_labels(&self, ids: &[Id]) -> Vec<String> {
        // A plan has tens of actors: a scan is cheaper than building an index per call.
        ids.iter()
            .map(|id| {
                self.actor(*id)
                    .map_or_else(|| id.to_string(), |a| a.abbreviation.clone())
            })
            .collect()
    }

    /// Builds the display tree: goals, indicators, sub-indicators and activities, each in order.
    pub fn outline(&self) -> Outline {
        let mut goal_ix: Vec<usize> = (0..self.goals.len()).collect();
        goal_ix.sort_by(|&a, &b| {
            cmp_pos_code(
                &self.goals[a].position,
                &self.goals[a].code,
                &self.goals[b].position,
                &self.goals[b].code,
            )
        });

        let mut inds_of: HashMap<Id, Vec<usize>> = HashMap::new();
        for (i, ind) in self.indicators.iter().enumerate() {
            inds_of.entry(ind.goal_id).or_default().push(i);
        }
        let mut subs_of: HashMap<Id, Vec<usize>> = HashMap::new();
        for (i, s) in self.sub_indicators.iter().enumerate() {
            subs_of.entry(s.indicator_id).or_default().push(i);
        }
        let mut acts_of: HashMap<Id, Vec<usize>> = HashMap::new();
        for (i, a) in self.activities.iter().enumerate() {
            acts_of.entry(a.sub_indicator_id).or_default().push(i);
        }

        let goals = goal_ix
            .into_iter()
            .map(|g| {
                let mut inds = inds_of.remove(&self.goals[g].id).unwrap_or_default();
                inds.sort_by(|&a, &b| {
                    let (x, y) = (&self.indicators[a], &self.indicators[b]);
                    cmp_pos_code(&x.position, &x.code, &y.position, &y.code)
                });
                let indicators = inds
                    .into_iter()
                    .map(|i| {
                        let mut subs = subs_of.remove(&self.indicators[i].id).unwrap_or_default();
                        subs.sort_by(|&a, &b| {
                            let (x, y) = (&self.sub_indicators[a], &self.sub_indicators[b]);
                            cmp_pos_code(&x.position, &x.code, &y.position, &y.code)
                        });
                        let sub_indicators = subs
                            .into_iter()
                            .map(|s| {
                                let mut activities = acts_of
                                    .remove(&self.sub_indicators[s].id)
                                    .unwrap_or_default();
                                activities.sort_by(|&a, &b| {
                                    let (x, y) = (&self.activities[a], &self.activities[b]);
                                    cmp_pos_code(&x.outline_pos, &x.code, &y.outline_pos, &y.code)
                                });
                                OutlineSub {
                                    sub_indicator: s,
                                    activities,
                                }
                            })
                            .collect();
                        OutlineIndicator {
                            indicator: i,
                            sub_indicators,
                        }
                    })
                    .collect();
                OutlineGoal {
                    goal: g,
                    indicators,
                }
            })
            .collect();
        Outline { goals }
    }

    /// Activities in outline order (goal, indicator, sub-indicator, position): the order of
    /// exports and of the action tables.
    pub fn activities_in_order(&self) -> Vec<usize> {
        self.outline()
            .goals
            .iter()
            .flat_map(|g| g.indicators.iter())
            .flat_map(|i| i.sub_indicators.iter())
            .flat_map(|s| s.activities.iter().copied())
            .collect()
    }
}

fn cmp_pos_code(pa: &i64, ca: &str, pb: &i64, cb: &str) -> std::cmp::Ordering {
    pa.cmp(pb).then_with(|| ca.cmp(cb))
}
