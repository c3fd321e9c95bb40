//! Shared test data: a small plan with fixed ids, so test files are reproducible.
#![allow(dead_code)] // each test file uses a different part

use chrono::TimeZone;
use framework_planner::model::{
    Activity, Actor, ActorKind, Goal, Indicator, Inferred, Lane, Plan, Status, SubIndicator,
};
use framework_planner::planfile::PlanFile;
use uuid::Uuid;

pub fn id(n: u128) -> Uuid {
    Uuid::from_u128(0x0000_0000_0000_4000_8000_0000_0000_0000 | n)
}

pub fn activity(n: u128, sub: Uuid, code: &str, lane: Lane, pos: i64, lead: Uuid) -> Activity {
    Activity {
        id: id(n),
        sub_indicator_id: sub,
        code: code.into(),
        text: format!("Activity {code}: train officials and review the guidelines"),
        leads: vec![lead],
        co_leads: vec![],
        lane,
        lane_pos: pos,
        outline_pos: pos,
        status: Status::Proposed,
        notes: String::new(),
        inferred: Inferred::default(),
        source_note: String::new(),
        source_line: Some(n as u32),
    }
}

/// One goal, one indicator, two sub-indicators, three actors and four activities.
pub fn small_plan() -> Plan {
    let (g, i, s1, s2) = (id(1), id(2), id(3), id(4));
    let (moe, mole, iom) = (id(10), id(11), id(12));
    let actor = |id, abbreviation: &str, full_name: &str, kind| Actor {
        id,
        abbreviation: abbreviation.into(),
        full_name: full_name.into(),
        kind,
        notes: String::new(),
        source_line: None,
    };
    let mut a4 = activity(23, s2, "1.1.2.1", Lane::Unscheduled, 1024, mole);
    a4.co_leads = vec![iom, moe];
    a4.inferred.timeline = true;
    Plan {
        id: id(100),
        name: "Test Migration Framework".into(),
        short_name: "TMF".into(),
        source: "test".into(),
        goals: vec![Goal {
            id: g,
            code: "1".into(),
            title: "Safe migration".into(),
            key_elements: "one\ntwo".into(),
            position: 1,
            source_line: Some(1),
        }],
        indicators: vec![Indicator {
            id: i,
            goal_id: g,
            code: "1.1".into(),
            title: "Health".into(),
            position: 1,
            source_line: Some(2),
        }],
        sub_indicators: vec![
            SubIndicator {
                id: s1,
                indicator_id: i,
                code: "1.1.1".into(),
                title: "Screening".into(),
                baseline: "Partly in place".into(),
                position: 1,
                source_line: Some(3),
            },
            SubIndicator {
                id: s2,
                indicator_id: i,
                code: "1.1.2".into(),
                title: "Insurance".into(),
                baseline: String::new(),
                position: 2,
                source_line: None,
            },
        ],
        actors: vec![
            actor(moe, "MoE", "Ministry of Education", ActorKind::Ministry),
            actor(mole, "MoLE", "Ministry of Labour", ActorKind::Ministry),
            actor(
                iom,
                "IOM",
                "International Organization for Migration",
                ActorKind::UnOrInternational,
            ),
        ],
        activities: vec![
            activity(20, s1, "1.1.1.1", Lane::Short, 1024, moe),
            activity(21, s1, "1.1.1.2", Lane::Short, 2048, mole),
            activity(22, s1, "1.1.1.3", Lane::Medium, 1024, iom),
            a4,
        ],
        comments: Vec::new(),
        links: Vec::new(),
    }
}

/// A version of `plan` with fixed id and time, so its bytes are reproducible.
pub fn version_of(plan: Plan) -> PlanFile {
    PlanFile {
        version_id: id(200),
        based_on: Some(id(199)),
        saved_at: chrono::Utc
            .with_ymd_and_hms(2026, 11, 22, 17, 30, 0)
            .unwrap(),
        author: "Facilitator".into(),
        label: "Day 1 — after goal 2 review".into(),
        note: "Sent to three ministries".into(),
        plan,
    }
}
