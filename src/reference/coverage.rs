//! How far the plan covers the Global Compact for Migration: per GCM objective and timeline
//! lane (or BMGF goal), the activities linked to it; the objectives and actions no activity
//! serves; a roll-up by SDG target; and per actor, the objectives it contributes to.
//!
//! What counts: an activity's own links. A link to an action counts for its objective, and
//! an activity counts once per cell however many of the objective's entries it links to.
//! Annex D's goal-level associations ("via goal") are counted apart, never added to the
//! direct counts: a goal being associated with an objective says nothing about whether any
//! of its activities serves it. Gaps are objectives and actions without a direct link.

use std::collections::{BTreeMap, HashMap};

use super::{Reference, action_key};
use crate::model::{Id, Lane, Plan};

/// The columns of the table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Columns {
    #[default]
    Lanes,
    Goals,
}

/// One cell: an objective in a lane (or goal).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cell {
    /// Activities linked to the objective or one of its actions, as indexes into
    /// `plan.activities`, in plan order, each once.
    pub direct: Vec<usize>,
    /// Activities in this column whose goal Annex D associates with the objective.
    pub via_goal: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    pub objective: u8,
    pub cells: Vec<Cell>,
    /// Distinct activities linked directly, over all columns.
    pub direct: usize,
    /// Distinct activities whose goal Annex D associates with the objective.
    pub via_goal: usize,
}

/// An SDG target and the activities that serve it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TargetRow {
    pub target: String,
    /// The GCM objectives under which the booklet lists the target.
    pub objectives: Vec<u8>,
    /// Activities linked to the target itself.
    pub direct: usize,
    /// Activities linked to the target or to one of those objectives (or their actions).
    pub total: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActorRow {
    pub actor: Id,
    /// Objectives with the number of activities the actor leads or co-leads linked to each.
    pub objectives: Vec<(u8, usize)>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Coverage {
    pub columns: Columns,
    /// Column headings' subjects: the lanes, or the goals' indexes in `plan.goals`.
    pub lanes: Vec<Lane>,
    pub goals: Vec<usize>,
    pub rows: Vec<Row>,
    /// Objectives no shown activity is linked to.
    pub gap_objectives: Vec<u8>,
    /// Action keys (`gcm:6a`) no shown activity is linked to (directly; a link to the
    /// objective does not cover each of its actions).
    pub gap_actions: Vec<String>,
    pub targets: Vec<TargetRow>,
    pub actors: Vec<ActorRow>,
    /// Activities shown, and of them, those with at least one GCM or SDG link.
    pub shown: usize,
    pub linked: usize,
    /// The largest cell count, for shading.
    pub max_cell: usize,
}

impl Coverage {
    pub fn column_count(&self) -> usize {
        match self.columns {
            Columns::Lanes => self.lanes.len(),
            Columns::Goals => self.goals.len(),
        }
    }
}

/// Counts coverage over the activities `visible` shows (all when it is empty).
/// `goal_order` lists the goals' indexes in display order.
pub fn coverage(
    plan: &Plan,
    r: &Reference,
    visible: &[bool],
    columns: Columns,
    goal_order: &[usize],
) -> Coverage {
    let shown = |i: usize| visible.is_empty() || visible.get(i).copied().unwrap_or(false);
    let index: HashMap<Id, usize> = plan
        .activities
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id, i))
        .collect();
    // Each activity's goal, by index, without scanning the plan per activity.
    let goal_ix: HashMap<Id, usize> = plan
        .goals
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id, i))
        .collect();
    let ind_goal: HashMap<Id, usize> = plan
        .indicators
        .iter()
        .filter_map(|x| goal_ix.get(&x.goal_id).map(|&g| (x.id, g)))
        .collect();
    let sub_goal: HashMap<Id, usize> = plan
        .sub_indicators
        .iter()
        .filter_map(|s| ind_goal.get(&s.indicator_id).map(|&g| (s.id, g)))
        .collect();
    let act_goal: Vec<Option<usize>> = plan
        .activities
        .iter()
        .map(|a| sub_goal.get(&a.sub_indicator_id).copied())
        .collect();

    let lanes = Lane::ALL.to_vec();
    let goals: Vec<usize> = goal_order.to_vec();
    let goal_col: HashMap<usize, usize> = goals.iter().enumerate().map(|(c, &g)| (g, c)).collect();
    let ncols = match columns {
        Columns::Lanes => lanes.len(),
        Columns::Goals => goals.len(),
    };
    let column_of = |i: usize| -> Option<usize> {
        match columns {
            Columns::Lanes => Some(crate::model::board::lane_index(plan.activities[i].lane)),
            Columns::Goals => act_goal[i].and_then(|g| goal_col.get(&g).copied()),
        }
    };
    let obj_row: HashMap<u8, usize> = r
        .objectives
        .iter()
        .enumerate()
        .map(|(k, o)| (o.number, k))
        .collect();

    // Direct links of shown activities: (objective → activities), (key → activities).
    // Lists, sorted and deduplicated once: cheaper than sets at tens of thousands of links.
    let mut per_objective: Vec<Vec<usize>> = vec![Vec::new(); r.objectives.len()];
    let mut per_key: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut linked = vec![false; plan.activities.len()];
    for l in &plan.links {
        let Some(&i) = index.get(&l.activity_id) else {
            continue;
        };
        if !shown(i) || r.entry(&l.target).is_none() {
            continue;
        }
        linked[i] = true;
        per_key.entry(l.target.as_str()).or_default().push(i);
        if let Some(&k) = r.objective_of(&l.target).and_then(|o| obj_row.get(&o)) {
            per_objective[k].push(i);
        }
    }
    for v in per_objective.iter_mut().chain(per_key.values_mut()) {
        v.sort_unstable();
        v.dedup();
    }

    // Via goal: per goal, the objectives Annex D associates with it.
    let goal_objs: Vec<Vec<usize>> = plan
        .goals
        .iter()
        .map(|g| {
            r.goal_objectives(&g.code)
                .iter()
                .filter_map(|o| obj_row.get(o).copied())
                .collect()
        })
        .collect();
    let mut via: Vec<Vec<usize>> = vec![vec![0; ncols]; r.objectives.len()];
    let mut via_total = vec![0usize; r.objectives.len()];
    let mut shown_count = 0;
    for (i, g) in act_goal.iter().enumerate() {
        if !shown(i) {
            continue;
        }
        shown_count += 1;
        let Some(g) = *g else { continue };
        for &k in &goal_objs[g] {
            via_total[k] += 1;
            if let Some(c) = column_of(i) {
                via[k][c] += 1;
            }
        }
    }

    let mut max_cell = 0;
    let rows: Vec<Row> = r
        .objectives
        .iter()
        .enumerate()
        .map(|(k, o)| {
            let mut cells: Vec<Cell> = (0..ncols)
                .map(|c| Cell {
                    direct: Vec::new(),
                    via_goal: via[k][c],
                })
                .collect();
            for &i in &per_objective[k] {
                if let Some(c) = column_of(i) {
                    cells[c].direct.push(i);
                }
            }
            max_cell = max_cell.max(cells.iter().map(|c| c.direct.len()).max().unwrap_or(0));
            Row {
                objective: o.number,
                cells,
                direct: per_objective[k].len(),
                via_goal: via_total[k],
            }
        })
        .collect();

    let gap_objectives = rows
        .iter()
        .filter(|row| row.direct == 0)
        .map(|row| row.objective)
        .collect();
    let gap_actions = r
        .actions
        .iter()
        .map(|a| action_key(a.objective, a.letter))
        .filter(|k| !per_key.contains_key(k.as_str()))
        .collect();

    // SDG targets: linked directly, or through an objective that lists them; `seen` marks the
    // activities already counted for the target at hand.
    let mut seen = vec![usize::MAX; plan.activities.len()];
    let targets = r
        .sdg_targets
        .iter()
        .enumerate()
        .map(|(ti, t)| {
            let objectives: Vec<u8> = {
                let mut v: Vec<u8> = r
                    .objective_targets
                    .iter()
                    .filter(|ot| ot.target == t.target)
                    .map(|ot| ot.objective)
                    .collect();
                v.dedup();
                v
            };
            let key = super::target_key(&t.target);
            let direct = per_key.get(key.as_str()).map_or(&[][..], Vec::as_slice);
            let mut total = 0;
            let lists = std::iter::once(direct).chain(
                objectives
                    .iter()
                    .filter_map(|o| obj_row.get(o).map(|&k| per_objective[k].as_slice())),
            );
            for list in lists {
                for &i in list {
                    if seen[i] != ti {
                        seen[i] = ti;
                        total += 1;
                    }
                }
            }
            TargetRow {
                target: t.target.clone(),
                objectives,
                direct: direct.len(),
                total,
            }
        })
        .collect();

    // Per actor (as lead or co-lead), the objectives its linked activities serve.
    let mut per_actor: BTreeMap<Id, BTreeMap<u8, usize>> = BTreeMap::new();
    for (k, set) in per_objective.iter().enumerate() {
        let n = r.objectives[k].number;
        for &i in set {
            let a = &plan.activities[i];
            let mut seen: Vec<Id> = Vec::new();
            for id in a.leads.iter().chain(&a.co_leads) {
                if !seen.contains(id) {
                    seen.push(*id);
                    *per_actor.entry(*id).or_default().entry(n).or_insert(0) += 1;
                }
            }
        }
    }
    let mut actors: Vec<ActorRow> = per_actor
        .into_iter()
        .map(|(actor, m)| ActorRow {
            actor,
            objectives: m.into_iter().collect(),
        })
        .collect();
    let label = |id: &Id| {
        plan.actor(*id)
            .map(|a| a.abbreviation.to_lowercase())
            .unwrap_or_default()
    };
    actors.sort_by(|a, b| {
        b.objectives
            .len()
            .cmp(&a.objectives.len())
            .then_with(|| label(&a.actor).cmp(&label(&b.actor)))
    });

    Coverage {
        columns,
        lanes,
        goals,
        rows,
        gap_objectives,
        gap_actions,
        targets,
        actors,
        shown: shown_count,
        linked: linked.iter().filter(|x| **x).count(),
        max_cell,
    }
}

/// The links of one activity that name a reference entry, and the Annex D entries of its
/// goal ("via goal"), as keys.
pub fn links_of(plan: &Plan, r: &Reference, activity: Id) -> (Vec<(Id, String)>, Vec<String>) {
    let own = plan
        .links
        .iter()
        .filter(|l| l.activity_id == activity)
        .map(|l| (l.id, l.target.clone()))
        .collect();
    let via = plan
        .activity(activity)
        .and_then(|a| plan.parents(a).2)
        .map(|g| r.goal_links(&g.code).map(|l| l.link.clone()).collect())
        .unwrap_or_default();
    (own, via)
}
