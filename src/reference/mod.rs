//! Reference frameworks the plan is aligned with: the Global Compact for Migration (its 23
//! objectives and their lettered actions), the SDG targets the UN Network on Migration lists
//! under each objective, the MCOF goals, and Annex D of the BMGF (which GCM objectives and MCOF
//! goals each BMGF goal serves). Curated in `seeds/gcm/` and compiled into the binary: they are
//! read-only and the same for every plan, so they live in memory, not in the database.
//!
//! Entries are named by stable keys, which links store: `gcm:6` (objective 6), `gcm:6a`
//! (its action (a)), `sdg:8.8` (SDG target 8.8), `mcof:3c` (MCOF goal 3(c)).
//! No egui, SQL or files here.

pub mod coverage;
pub mod suggest;

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

const OBJECTIVES: &str = include_str!("../../seeds/gcm/objectives.csv");
const ACTIONS: &str = include_str!("../../seeds/gcm/actions.csv");
const SDG_GOALS: &str = include_str!("../../seeds/gcm/sdg_goals.csv");
const SDG_TARGETS: &str = include_str!("../../seeds/gcm/sdg_targets.csv");
const OBJECTIVE_TARGETS: &str = include_str!("../../seeds/gcm/objective_sdg_targets.csv");
const MCOF_GOALS: &str = include_str!("../../seeds/gcm/mcof_goals.csv");
const ANNEX_D: &str = include_str!("../../seeds/gcm/annex_d.csv");

/// A GCM objective.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Objective {
    pub number: u8,
    /// As printed in the booklet's overview, in capitals (e.g. `RECRUITMENT AND DECENT WORK`).
    pub short_name: String,
    pub title: String,
    pub source_line: u32,
    /// The booklet's "6 RECRUITMENT AND DECENT WORK" line; none where it prints no heading.
    pub heading_line: Option<u32>,
    pub annex_f_line: u32,
    pub note: String,
}

/// A lettered action of a GCM objective.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Action {
    pub objective: u8,
    pub letter: char,
    pub text: String,
    /// The sub-heading the booklet prints above it, if any.
    pub group: String,
    pub source_line: u32,
    pub annex_f_line: u32,
    pub note: String,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct SdgGoal {
    pub goal: u8,
    pub title: String,
    pub source_line: u32,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct SdgTarget {
    /// `8.8`, `10.c`.
    pub target: String,
    pub goal: u8,
    pub text: String,
    pub source_line: u32,
}

/// An SDG target the booklet lists under a GCM objective.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct ObjectiveTarget {
    pub objective: u8,
    pub target: String,
    pub source_line: u32,
    /// A misprint or a comment printed with it.
    pub note: String,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct McofGoal {
    /// `3a` … `3d`: paragraph 3, sub-paragraphs (a) to (d) of the MCOF.
    pub code: String,
    pub text: String,
    pub source_line: u32,
}

/// One association of Annex D: a BMGF goal and a GCM objective, GCM action or MCOF goal.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct GoalLink {
    /// The BMGF goal's code, `1` … `6`.
    pub goal: String,
    /// The key of what it is associated with (`gcm:7`, `gcm:7j`, `mcof:3c`).
    pub link: String,
    pub printed: String,
    pub source_line: u32,
    pub note: String,
}

/// What a key names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    Objective(usize),
    Action(usize),
    Target(usize),
    Mcof(usize),
}

/// Which reference framework an entry belongs to, for labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    GcmObjective,
    GcmAction,
    SdgTarget,
    McofGoal,
}

#[derive(Clone, Debug, Default)]
pub struct Reference {
    pub objectives: Vec<Objective>,
    pub actions: Vec<Action>,
    pub sdg_goals: Vec<SdgGoal>,
    pub sdg_targets: Vec<SdgTarget>,
    pub objective_targets: Vec<ObjectiveTarget>,
    pub mcof_goals: Vec<McofGoal>,
    pub annex_d: Vec<GoalLink>,
    index: HashMap<String, Entry>,
}

pub fn objective_key(n: u8) -> String {
    format!("gcm:{n}")
}

pub fn action_key(objective: u8, letter: char) -> String {
    format!("gcm:{objective}{letter}")
}

pub fn target_key(target: &str) -> String {
    format!("sdg:{target}")
}

fn read<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<Vec<T>, String> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .enumerate()
        .map(|(i, r)| r.map_err(|e| format!("seeds/gcm/{name}, row {}: {e}", i + 2)))
        .collect()
}

impl Reference {
    /// The reference data compiled into the binary, loaded once. The tests check it loads;
    /// should it ever not, the app runs without reference data and says why on stderr.
    pub fn builtin() -> &'static Reference {
        static REF: OnceLock<Reference> = OnceLock::new();
        REF.get_or_init(|| {
            Reference::load().unwrap_or_else(|e| {
                eprintln!("framework-planner: the reference frameworks could not be read: {e}");
                Reference::default()
            })
        })
    }

    /// Reads the curated CSVs and checks that every cross-reference resolves.
    pub fn load() -> Result<Reference, String> {
        let mut r = Reference {
            objectives: read("objectives.csv", OBJECTIVES)?,
            actions: read("actions.csv", ACTIONS)?,
            sdg_goals: read("sdg_goals.csv", SDG_GOALS)?,
            sdg_targets: read("sdg_targets.csv", SDG_TARGETS)?,
            objective_targets: read("objective_sdg_targets.csv", OBJECTIVE_TARGETS)?,
            mcof_goals: read("mcof_goals.csv", MCOF_GOALS)?,
            annex_d: read("annex_d.csv", ANNEX_D)?,
            index: HashMap::new(),
        };
        let mut index = HashMap::new();
        for (i, o) in r.objectives.iter().enumerate() {
            index.insert(objective_key(o.number), Entry::Objective(i));
        }
        for (i, a) in r.actions.iter().enumerate() {
            if !index.contains_key(&objective_key(a.objective)) {
                return Err(format!(
                    "actions.csv: action {}{} names objective {}, which does not exist",
                    a.objective, a.letter, a.objective
                ));
            }
            index.insert(action_key(a.objective, a.letter), Entry::Action(i));
        }
        for (i, t) in r.sdg_targets.iter().enumerate() {
            if !r.sdg_goals.iter().any(|g| g.goal == t.goal) {
                return Err(format!(
                    "sdg_targets.csv: target {} names goal {}, which is not listed",
                    t.target, t.goal
                ));
            }
            index.insert(target_key(&t.target), Entry::Target(i));
        }
        for (i, m) in r.mcof_goals.iter().enumerate() {
            index.insert(format!("mcof:{}", m.code), Entry::Mcof(i));
        }
        for ot in &r.objective_targets {
            if !index.contains_key(&target_key(&ot.target))
                || !index.contains_key(&objective_key(ot.objective))
            {
                return Err(format!(
                    "objective_sdg_targets.csv: objective {} and target {} do not both exist",
                    ot.objective, ot.target
                ));
            }
        }
        for l in &r.annex_d {
            if !index.contains_key(&l.link) {
                return Err(format!(
                    "annex_d.csv: goal {} links to {}, which does not exist",
                    l.goal, l.link
                ));
            }
        }
        r.index = index;
        Ok(r)
    }

    pub fn entry(&self, key: &str) -> Option<Entry> {
        self.index.get(key).copied()
    }

    pub fn kind(&self, key: &str) -> Option<Kind> {
        Some(match self.entry(key)? {
            Entry::Objective(_) => Kind::GcmObjective,
            Entry::Action(_) => Kind::GcmAction,
            Entry::Target(_) => Kind::SdgTarget,
            Entry::Mcof(_) => Kind::McofGoal,
        })
    }

    pub fn objective(&self, n: u8) -> Option<&Objective> {
        match self.entry(&objective_key(n))? {
            Entry::Objective(i) => self.objectives.get(i),
            _ => None,
        }
    }

    pub fn action(&self, key: &str) -> Option<&Action> {
        match self.entry(key)? {
            Entry::Action(i) => self.actions.get(i),
            _ => None,
        }
    }

    pub fn target(&self, key: &str) -> Option<&SdgTarget> {
        match self.entry(key)? {
            Entry::Target(i) => self.sdg_targets.get(i),
            _ => None,
        }
    }

    /// The GCM objective a key counts for: the objective itself, or an action's objective.
    pub fn objective_of(&self, key: &str) -> Option<u8> {
        match self.entry(key)? {
            Entry::Objective(i) => Some(self.objectives[i].number),
            Entry::Action(i) => Some(self.actions[i].objective),
            _ => None,
        }
    }

    /// The actions of one objective, in letter order.
    pub fn actions_of(&self, objective: u8) -> impl Iterator<Item = &Action> {
        self.actions
            .iter()
            .filter(move |a| a.objective == objective)
    }

    /// The SDG targets the booklet lists under an objective, as printed (e.g. `8.8`).
    pub fn targets_of(&self, objective: u8) -> impl Iterator<Item = &ObjectiveTarget> {
        self.objective_targets
            .iter()
            .filter(move |t| t.objective == objective)
    }

    /// The Annex D associations of a BMGF goal (by its code, `1` … `6`).
    pub fn goal_links<'a>(&'a self, goal_code: &'a str) -> impl Iterator<Item = &'a GoalLink> {
        self.annex_d.iter().filter(move |l| l.goal == goal_code)
    }

    /// The GCM objectives Annex D associates with a BMGF goal, in order.
    pub fn goal_objectives(&self, goal_code: &str) -> Vec<u8> {
        let mut v: Vec<u8> = self
            .goal_links(goal_code)
            .filter_map(|l| self.objective_of(&l.link))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// The BMGF goal codes Annex D associates with an objective.
    pub fn objective_goals(&self, objective: u8) -> Vec<String> {
        let mut v: Vec<String> = self
            .annex_d
            .iter()
            .filter(|l| self.objective_of(&l.link) == Some(objective))
            .map(|l| l.goal.clone())
            .collect();
        v.dedup();
        v
    }

    /// A short code for display: `GCM 6`, `GCM 6(a)`, `SDG 8.8`, `MCOF 3(c)`; the key itself
    /// when it names nothing known.
    pub fn code(&self, key: &str) -> String {
        match self.entry(key) {
            Some(Entry::Objective(i)) => format!("GCM {}", self.objectives[i].number),
            Some(Entry::Action(i)) => {
                let a = &self.actions[i];
                format!("GCM {}({})", a.objective, a.letter)
            }
            Some(Entry::Target(i)) => format!("SDG {}", self.sdg_targets[i].target),
            Some(Entry::Mcof(i)) => {
                let c = &self.mcof_goals[i].code;
                let (n, l) = c.split_at(1);
                format!("MCOF {n}({l})")
            }
            None => key.to_owned(),
        }
    }

    /// The entry's words as printed: an objective's title, an action's or a target's text.
    pub fn text(&self, key: &str) -> Option<&str> {
        Some(match self.entry(key)? {
            Entry::Objective(i) => &self.objectives[i].title,
            Entry::Action(i) => &self.actions[i].text,
            Entry::Target(i) => &self.sdg_targets[i].text,
            Entry::Mcof(i) => &self.mcof_goals[i].text,
        })
    }

    /// Every key that can be linked to, in reading order: each objective followed by its
    /// actions, then the SDG targets.
    pub fn linkable_keys(&self) -> Vec<String> {
        let mut v = Vec::with_capacity(self.objectives.len() + self.actions.len() + 64);
        for o in &self.objectives {
            v.push(objective_key(o.number));
            v.extend(
                self.actions_of(o.number)
                    .map(|a| action_key(a.objective, a.letter)),
            );
        }
        v.extend(self.sdg_targets.iter().map(|t| target_key(&t.target)));
        v
    }
}
