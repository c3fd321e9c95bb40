//! The built-in framework: the curated CSVs in `seeds/`, compiled into the binary and turned
//! into a [`Plan`] for a fresh database. No SQL here: the store writes what this returns.

use std::collections::HashMap;

use serde::Deserialize;
use thiserror::Error;
use uuid::Uuid;

use crate::model::{
    Activity, Actor, ActorKind, Goal, Id, Indicator, Inferred, Lane, Plan, Status, SubIndicator,
};

/// The seed files of one framework, as text.
pub struct SeedFiles<'a> {
    pub framework: &'a str,
    pub goals: &'a str,
    pub indicators: &'a str,
    pub sub_indicators: &'a str,
    pub baselines: &'a str,
    pub actors: &'a str,
    pub activities: &'a str,
}

pub const BMGF: SeedFiles<'static> = SeedFiles {
    framework: include_str!("../../seeds/bmgf/framework.json"),
    goals: include_str!("../../seeds/bmgf/goals.csv"),
    indicators: include_str!("../../seeds/bmgf/indicators.csv"),
    sub_indicators: include_str!("../../seeds/bmgf/sub_indicators.csv"),
    baselines: include_str!("../../seeds/bmgf/baselines.csv"),
    actors: include_str!("../../seeds/bmgf/actors.csv"),
    activities: include_str!("../../seeds/bmgf/activities.csv"),
};

#[derive(Debug, Error)]
pub enum SeedError {
    #[error("{file}: {source}")]
    Csv {
        file: &'static str,
        source: csv::Error,
    },
    #[error("{file}: {source}")]
    Json {
        file: &'static str,
        source: serde_json::Error,
    },
    #[error("{file}, row {row}: {what}")]
    Invalid {
        file: &'static str,
        row: usize,
        what: String,
    },
}

/// The Bangladesh Migration Governance Framework, as shipped.
pub fn bmgf() -> Result<Plan, SeedError> {
    load(&BMGF)
}

#[derive(Deserialize)]
struct FrameworkRow {
    key: String,
    name: String,
    short_name: String,
    source: String,
}

#[derive(Deserialize)]
struct GoalRow {
    code: String,
    title: String,
    key_elements: String,
    source_line: Option<u32>,
}

#[derive(Deserialize)]
struct IndicatorRow {
    code: String,
    goal_code: String,
    title: String,
    source_line: Option<u32>,
}

#[derive(Deserialize)]
struct SubIndicatorRow {
    code: String,
    indicator_code: String,
    title: String,
    source_line: Option<u32>,
}

#[derive(Deserialize)]
struct BaselineRow {
    sub_indicator_code: String,
    baseline: String,
}

#[derive(Deserialize)]
struct ActorRow {
    key: String,
    full_name: String,
    kind: String,
    notes: String,
    source_line: Option<u32>,
}

#[derive(Deserialize)]
struct ActivityRow {
    seq: i64,
    code: String,
    sub_indicator_code: String,
    text: String,
    lead: String,
    lead_inferred: String,
    co_leads: String,
    co_leads_inferred: String,
    timeline: String,
    timeline_inferred: String,
    source_note: String,
    source_line: Option<u32>,
}

fn rows<T: for<'de> Deserialize<'de>>(file: &'static str, text: &str) -> Result<Vec<T>, SeedError> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .map_err(|source| SeedError::Csv { file, source })
}

/// Stable ids: the same framework seeded on two machines gives the same ids, so plan files
/// from different installations can be compared and merged.
fn stable_id(framework: &str, kind: &str, key: &str) -> Id {
    let ns = Uuid::new_v5(&Uuid::NAMESPACE_URL, b"https://framework-planner/seed");
    Uuid::new_v5(&ns, format!("{framework}/{kind}/{key}").as_bytes())
}

fn yes(s: &str) -> bool {
    s.trim().eq_ignore_ascii_case("yes")
}

/// Parses a set of seed files into a plan, checking every reference.
pub fn load(files: &SeedFiles) -> Result<Plan, SeedError> {
    let fw: FrameworkRow =
        serde_json::from_str(files.framework).map_err(|source| SeedError::Json {
            file: "framework.json",
            source,
        })?;
    let key = fw.key.as_str();
    let invalid = |file, row: usize, what: String| SeedError::Invalid { file, row, what };

    let goals: Vec<Goal> = rows::<GoalRow>("goals.csv", files.goals)?
        .into_iter()
        .enumerate()
        .map(|(i, r)| Goal {
            id: stable_id(key, "goal", &r.code),
            code: r.code,
            title: r.title,
            key_elements: r.key_elements.replace("\r\n", "\n"),
            position: i as i64,
            source_line: r.source_line,
        })
        .collect();
    let goal_by_code: HashMap<&str, Id> = goals.iter().map(|g| (g.code.as_str(), g.id)).collect();

    let mut indicators = Vec::new();
    for (i, r) in rows::<IndicatorRow>("indicators.csv", files.indicators)?
        .into_iter()
        .enumerate()
    {
        let goal_id = *goal_by_code.get(r.goal_code.as_str()).ok_or_else(|| {
            invalid(
                "indicators.csv",
                i + 2,
                format!("unknown goal {:?}", r.goal_code),
            )
        })?;
        indicators.push(Indicator {
            id: stable_id(key, "indicator", &r.code),
            goal_id,
            code: r.code,
            title: r.title,
            position: i as i64,
            source_line: r.source_line,
        });
    }
    let ind_by_code: HashMap<&str, Id> =
        indicators.iter().map(|x| (x.code.as_str(), x.id)).collect();

    let mut baselines: HashMap<String, String> = HashMap::new();
    for (i, r) in rows::<BaselineRow>("baselines.csv", files.baselines)?
        .into_iter()
        .enumerate()
    {
        if baselines
            .insert(
                r.sub_indicator_code.clone(),
                r.baseline.replace("\r\n", "\n"),
            )
            .is_some()
        {
            return Err(invalid(
                "baselines.csv",
                i + 2,
                format!("second baseline for {}", r.sub_indicator_code),
            ));
        }
    }

    let mut sub_indicators = Vec::new();
    for (i, r) in rows::<SubIndicatorRow>("sub_indicators.csv", files.sub_indicators)?
        .into_iter()
        .enumerate()
    {
        let indicator_id = *ind_by_code.get(r.indicator_code.as_str()).ok_or_else(|| {
            invalid(
                "sub_indicators.csv",
                i + 2,
                format!("unknown indicator {:?}", r.indicator_code),
            )
        })?;
        sub_indicators.push(SubIndicator {
            id: stable_id(key, "sub_indicator", &r.code),
            indicator_id,
            baseline: baselines.remove(&r.code).unwrap_or_default(),
            code: r.code,
            title: r.title,
            position: i as i64,
            source_line: r.source_line,
        });
    }
    if let Some(code) = baselines.keys().next() {
        return Err(invalid(
            "baselines.csv",
            0,
            format!("baseline for unknown sub-indicator {code}"),
        ));
    }
    let sub_by_code: HashMap<&str, Id> = sub_indicators
        .iter()
        .map(|x| (x.code.as_str(), x.id))
        .collect();

    let mut actors = Vec::new();
    for (i, r) in rows::<ActorRow>("actors.csv", files.actors)?
        .into_iter()
        .enumerate()
    {
        let kind = ActorKind::parse(r.kind.trim())
            .ok_or_else(|| invalid("actors.csv", i + 2, format!("unknown kind {:?}", r.kind)))?;
        actors.push(Actor {
            id: stable_id(key, "actor", &r.key),
            abbreviation: r.key,
            full_name: r.full_name,
            kind,
            notes: r.notes,
            source_line: r.source_line,
        });
    }
    let actor_by_key: HashMap<&str, Id> = actors
        .iter()
        .map(|a| (a.abbreviation.as_str(), a.id))
        .collect();
    let resolve = |row: usize, cell: &str| -> Result<Vec<Id>, SeedError> {
        cell.split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|k| {
                actor_by_key
                    .get(k)
                    .copied()
                    .ok_or_else(|| invalid("activities.csv", row, format!("unknown actor {k:?}")))
            })
            .collect()
    };

    let mut activities = Vec::new();
    let mut seen_codes = HashMap::new();
    for (i, r) in rows::<ActivityRow>("activities.csv", files.activities)?
        .into_iter()
        .enumerate()
    {
        let row = i + 2;
        let sub_indicator_id =
            *sub_by_code
                .get(r.sub_indicator_code.as_str())
                .ok_or_else(|| {
                    invalid(
                        "activities.csv",
                        row,
                        format!("unknown sub-indicator {:?}", r.sub_indicator_code),
                    )
                })?;
        if seen_codes.insert(r.code.clone(), row).is_some() {
            return Err(invalid(
                "activities.csv",
                row,
                format!("activity code {} printed twice", r.code),
            ));
        }
        let lane = match r.timeline.trim() {
            "" => Lane::Unscheduled,
            t => Lane::parse(t)
                .filter(|l| *l != Lane::Unscheduled)
                .ok_or_else(|| invalid("activities.csv", row, format!("unknown timeline {t:?}")))?,
        };
        activities.push(Activity {
            id: stable_id(key, "activity", &r.code),
            sub_indicator_id,
            leads: resolve(row, &r.lead)?,
            co_leads: resolve(row, &r.co_leads)?,
            code: r.code,
            text: r.text,
            lane,
            // Spaced out so that moves rarely need to renumber a lane.
            lane_pos: r.seq * crate::model::board::GAP,
            outline_pos: r.seq,
            status: Status::Proposed,
            notes: String::new(),
            inferred: Inferred {
                lead: yes(&r.lead_inferred),
                co_leads: yes(&r.co_leads_inferred),
                timeline: yes(&r.timeline_inferred),
            },
            source_note: r.source_note,
            source_line: r.source_line,
        });
    }

    Ok(Plan {
        id: stable_id(key, "plan", ""),
        name: fw.name,
        short_name: fw.short_name,
        source: fw.source,
        goals,
        indicators,
        sub_indicators,
        actors,
        activities,
        comments: Vec::new(),
        links: Vec::new(),
    })
}
