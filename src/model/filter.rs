//! What a workshop narrows the plan to: a goal, an indicator, an actor, a status, what needs
//! attention, and a text search over codes, text and actor names.

use super::{Activity, Flag, Id, Plan, Status};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    pub text: String,
    pub goal: Option<Id>,
    pub indicator: Option<Id>,
    /// As lead or co-lead.
    pub actor: Option<Id>,
    pub status: Option<Status>,
    pub attention_only: bool,
}

impl Filter {
    pub fn is_active(&self) -> bool {
        !self.text.trim().is_empty()
            || self.goal.is_some()
            || self.indicator.is_some()
            || self.actor.is_some()
            || self.status.is_some()
            || self.attention_only
    }

    /// Whether `a` passes. `goal` and `indicator` are the ids above it; `flags` its checks.
    pub fn matches(
        &self,
        plan: &Plan,
        a: &Activity,
        goal: Option<Id>,
        indicator: Option<Id>,
        flags: &[Flag],
    ) -> bool {
        if self.goal.is_some() && self.goal != goal {
            return false;
        }
        if self.indicator.is_some() && self.indicator != indicator {
            return false;
        }
        if let Some(actor) = self.actor
            && !a.leads.contains(&actor)
            && !a.co_leads.contains(&actor)
        {
            return false;
        }
        if self.status.is_some_and(|s| s != a.status) {
            return false;
        }
        if self.attention_only && flags.is_empty() {
            return false;
        }
        // Most of the time there is no text to look for: no lower-case copy to make.
        let text = self.text.trim();
        text.is_empty() || text_matches(plan, a, &text.to_lowercase())
    }
}

/// `needle` must already be lower-case.
pub fn text_matches(plan: &Plan, a: &Activity, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    let has = |s: &str| s.to_lowercase().contains(needle);
    has(&a.code)
        || has(&a.text)
        || a.leads.iter().chain(&a.co_leads).any(|id| {
            plan.actor(*id)
                .is_some_and(|actor| has(&actor.abbreviation) || has(&actor.full_name))
        })
}
