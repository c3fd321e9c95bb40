//! Data checks: what about an activity needs the room's attention.

use std::collections::HashMap;

use super::{Activity, Actor, Id, Lane, Plan, SubIndicator};

/// One reason an activity needs attention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Flag {
    NoLead,
    SeveralLeads,
    NoTimeline,
    /// The activity code does not start with the code of the sub-indicator it sits under.
    CodeMismatch {
        parent_code: String,
    },
    /// An assigned actor has no full name in the registry.
    UnknownActor {
        abbreviation: String,
    },
    InferredLead,
    InferredCoLeads,
    InferredTimeline,
    /// The source document's row was irregular; the note says how.
    SourceNote,
}

impl Flag {
    /// The stable name used in exports.
    pub fn code(&self) -> &'static str {
        match self {
            Flag::NoLead => "no_lead",
            Flag::SeveralLeads => "several_leads",
            Flag::NoTimeline => "no_timeline",
            Flag::CodeMismatch { .. } => "code_mismatch",
            Flag::UnknownActor { .. } => "unknown_actor",
            Flag::InferredLead => "inferred_lead",
            Flag::InferredCoLeads => "inferred_co_leads",
            Flag::InferredTimeline => "inferred_timeline",
            Flag::SourceNote => "source_note",
        }
    }

    /// Inferred values are to be confirmed in the workshop rather than errors.
    pub fn is_inferred(&self) -> bool {
        matches!(
            self,
            Flag::InferredLead | Flag::InferredCoLeads | Flag::InferredTimeline
        )
    }
}

/// Every flag of one activity, in a stable order.
pub fn flags(plan: &Plan, a: &Activity) -> Vec<Flag> {
    flags_by(a, |id| plan.sub_indicator(id), |id| plan.actor(id))
}

/// The sub-indicators and actors of a plan by id, for the flags of many activities at once.
pub struct Lookup<'a> {
    subs: HashMap<Id, &'a SubIndicator>,
    actors: HashMap<Id, &'a Actor>,
}

impl<'a> Lookup<'a> {
    pub fn new(plan: &'a Plan) -> Lookup<'a> {
        Lookup {
            subs: plan.sub_indicators.iter().map(|s| (s.id, s)).collect(),
            actors: plan.actors.iter().map(|a| (a.id, a)).collect(),
        }
    }

    /// Like [`flags`], without scanning the plan's lists.
    pub fn flags(&self, a: &Activity) -> Vec<Flag> {
        flags_by(
            a,
            |id| self.subs.get(&id).copied(),
            |id| self.actors.get(&id).copied(),
        )
    }
}

fn flags_by<'a>(
    a: &Activity,
    sub_indicator: impl Fn(Id) -> Option<&'a SubIndicator>,
    actor: impl Fn(Id) -> Option<&'a Actor>,
) -> Vec<Flag> {
    let mut out = Vec::new();
    match a.leads.len() {
        0 => out.push(Flag::NoLead),
        1 => {}
        _ => out.push(Flag::SeveralLeads),
    }
    if a.lane == Lane::Unscheduled {
        out.push(Flag::NoTimeline);
    }
    if let Some(sub) = sub_indicator(a.sub_indicator_id)
        && !code_fits_parent(&a.code, &sub.code)
    {
        out.push(Flag::CodeMismatch {
            parent_code: sub.code.clone(),
        });
    }
    for id in a.leads.iter().chain(&a.co_leads) {
        match actor(*id) {
            Some(actor) if !actor.full_name.trim().is_empty() => {}
            Some(actor) => out.push(Flag::UnknownActor {
                abbreviation: actor.abbreviation.clone(),
            }),
            None => out.push(Flag::UnknownActor {
                abbreviation: id.to_string(),
            }),
        }
    }
    if a.inferred.lead {
        out.push(Flag::InferredLead);
    }
    if a.inferred.co_leads {
        out.push(Flag::InferredCoLeads);
    }
    if a.inferred.timeline {
        out.push(Flag::InferredTimeline);
    }
    if !a.source_note.trim().is_empty() {
        out.push(Flag::SourceNote);
    }
    out
}

/// `2.1.5.7` fits under `2.1.5`: the parent's code followed by one more number.
pub fn code_fits_parent(code: &str, parent_code: &str) -> bool {
    code.strip_prefix(parent_code)
        .and_then(|rest| rest.strip_prefix('.'))
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_fits_parent_needs_one_more_number() {
        assert!(code_fits_parent("1.3.1.2", "1.3.1"));
        assert!(code_fits_parent("1.3.1.12", "1.3.1"));
        assert!(!code_fits_parent("1.3.1.2", "1.3.2"));
        assert!(!code_fits_parent("1.3.12", "1.3.1"));
        assert!(!code_fits_parent("1.3.1", "1.3.1"));
        assert!(!code_fits_parent("1.3.1.2.1", "1.3.1"));
        assert!(!code_fits_parent("1.3.1.x", "1.3.1"));
    }
}
