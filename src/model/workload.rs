//! Who does what: for each actor, the activities it leads and co-leads, per timeline lane.
//!
//! Derived from the plan, like the board's lanes; the exports and the GUI's workload view both
//! draw from [`workload`].

use std::collections::HashMap;

use super::board::lane_index;
use super::{Id, Plan};

/// One actor's share of the plan. `leads[i]` and `co_leads[i]` hold the ids of the activities in
/// lane `Lane::ALL[i]` (short, medium, long, unscheduled), in the plan's outline order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorLoad {
    pub actor: Id,
    pub leads: [Vec<Id>; 4],
    pub co_leads: [Vec<Id>; 4],
}

impl ActorLoad {
    fn new(actor: Id) -> ActorLoad {
        ActorLoad {
            actor,
            leads: Default::default(),
            co_leads: Default::default(),
        }
    }

    /// Activities led, over all lanes.
    pub fn lead_count(&self) -> usize {
        self.leads.iter().map(Vec::len).sum()
    }

    /// Activities co-led, over all lanes.
    pub fn co_lead_count(&self) -> usize {
        self.co_leads.iter().map(Vec::len).sum()
    }

    /// Every activity this actor takes part in, as lead or co-lead.
    pub fn total(&self) -> usize {
        self.lead_count() + self.co_lead_count()
    }
}

/// Counts, for every actor, the activities it leads and co-leads in each lane.
///
/// Every actor of the registry is listed, also those with nothing to do (a ministry with no
/// activity is worth seeing in a workshop). An activity that names an actor id missing from the
/// registry lists that id too, so no assignment goes uncounted. An actor named twice in the same
/// role of one activity counts once; all statuses count, dropped included, so the figures add up
/// to the rows of the action tables.
///
/// Sorted by total (leads + co-leads) descending, then by abbreviation (unknown ids by their text).
pub fn workload(plan: &Plan) -> Vec<ActorLoad> {
    let mut loads: Vec<ActorLoad> = plan.actors.iter().map(|a| ActorLoad::new(a.id)).collect();
    let mut index: HashMap<Id, usize> = loads
        .iter()
        .enumerate()
        .map(|(i, l)| (l.actor, i))
        .collect();

    for i in plan.activities_in_order() {
        let a = &plan.activities[i];
        let lane = lane_index(a.lane);
        for (ids, is_lead) in [(&a.leads, true), (&a.co_leads, false)] {
            for (n, actor) in ids.iter().enumerate() {
                if ids[..n].contains(actor) {
                    continue;
                }
                let slot = *index.entry(*actor).or_insert_with(|| {
                    loads.push(ActorLoad::new(*actor));
                    loads.len() - 1
                });
                let list = if is_lead {
                    &mut loads[slot].leads[lane]
                } else {
                    &mut loads[slot].co_leads[lane]
                };
                list.push(a.id);
            }
        }
    }

    let label = |id: Id| {
        plan.actor(id)
            .map_or_else(|| id.to_string(), |a| a.abbreviation.clone())
    };
    let mut keyed: Vec<(usize, String, ActorLoad)> = loads
        .into_iter()
        .map(|l| (l.total(), label(l.actor), l))
        .collect();
    keyed.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    keyed.into_iter().map(|(_, _, l)| l).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lane;

    #[test]
    fn counts_every_assignment_once_per_lane_and_sorts_by_total() {
        let mut plan = crate::seed::bmgf().expect("built-in framework");
        // Name one lead twice: it must still count once.
        let dup = plan.activities[0].leads[0];
        plan.activities[0].leads.push(dup);

        let loads = workload(&plan);
        assert_eq!(loads.len(), plan.actors.len(), "every actor listed once");

        let leads: usize = loads.iter().map(ActorLoad::lead_count).sum();
        let co: usize = loads.iter().map(ActorLoad::co_lead_count).sum();
        let distinct = |ids: &[uuid::Uuid]| {
            let mut l = ids.to_vec();
            l.sort();
            l.dedup();
            l.len()
        };
        let expect_leads: usize = plan.activities.iter().map(|a| distinct(&a.leads)).sum();
        let expect_co: usize = plan.activities.iter().map(|a| distinct(&a.co_leads)).sum();
        assert!(
            expect_leads > 0 && expect_co > 0,
            "the framework assigns actors"
        );
        assert_eq!(leads, expect_leads);
        assert_eq!(co, expect_co);

        for w in loads.windows(2) {
            assert!(w[0].total() >= w[1].total(), "sorted by total, descending");
        }
        // Each listed activity really sits in that lane with that actor.
        for l in &loads {
            for (i, lane) in Lane::ALL.into_iter().enumerate() {
                for id in &l.leads[i] {
                    let a = plan.activity(*id).expect("listed activity exists");
                    assert_eq!(a.lane, lane);
                    assert!(a.leads.contains(&l.actor));
                }
                for id in &l.co_leads[i] {
                    let a = plan.activity(*id).expect("listed activity exists");
                    assert_eq!(a.lane, lane);
                    assert!(a.co_leads.contains(&l.actor));
                }
            }
        }
    }

    #[test]
    fn an_actor_missing_from_the_registry_is_still_counted() {
        let mut plan = crate::seed::bmgf().expect("built-in framework");
        let stranger = uuid::Uuid::new_v4();
        plan.activities[3].co_leads.push(stranger);
        let loads = workload(&plan);
        let l = loads
            .iter()
            .find(|l| l.actor == stranger)
            .expect("unknown actor listed");
        assert_eq!(l.co_lead_count(), 1);
        assert_eq!(l.lead_count(), 0);
    }
}
