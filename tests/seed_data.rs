//! The built-in BMGF data against the source document.

use framework_planner::model::{Flag, Lane, Plan, checks};
use framework_planner::seed;

fn plan() -> Plan {
    seed::bmgf().expect("the built-in seed loads")
}

#[test]
fn counts_match_the_framework() {
    let p = plan();
    assert_eq!(p.goals.len(), 6);
    assert_eq!(p.indicators.len(), 27);
    assert_eq!(p.sub_indicators.len(), 90);
    assert_eq!(
        p.activities.len(),
        121,
        "every printed activity row is loaded"
    );
    let mut codes: Vec<&str> = p.activities.iter().map(|a| a.code.as_str()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), 121, "activity codes are distinct");
    assert_eq!(p.name, "Bangladesh Migration Governance Framework");
}

/// One expected row: code, sub-indicator of its row, start of its text, leads, co-leads,
/// lane, and which of (lead, co-leads, timeline) were inferred.
struct Expect {
    code: &'static str,
    sub: &'static str,
    text_starts: &'static str,
    leads: &'static [&'static str],
    co_leads: &'static [&'static str],
    lane: Lane,
    inferred: (bool, bool, bool),
    line: u32,
}

/// Rows checked by hand against `shared/seeds/000_258c3d1b00d75001.txt` (line numbers given).
const EXPECTED: &[Expect] = &[
    // 597: everything printed.
    Expect {
        code: "1.1.1.1",
        sub: "1.1.1",
        text_starts: "Ensuring mandatory health check-up including counselling services at the time of arrival for all returnee migrants",
        leads: &["MoHFW"],
        co_leads: &["MoCAT"],
        lane: Lane::Short,
        inferred: (false, false, false),
        line: 597,
    },
    // 598: a blank row under a merged cell takes all three from the row above.
    Expect {
        code: "1.1.1.2",
        sub: "1.1.1",
        text_starts: "Ensuring mandatory health check-up including counselling services at the time of arrival for all inward migrants",
        leads: &["MoHFW"],
        co_leads: &["MoCAT"],
        lane: Lane::Short,
        inferred: (true, true, true),
        line: 598,
    },
    // 606: lead printed, no co-lead printed: none.
    Expect {
        code: "1.1.4.2",
        sub: "1.1.4",
        text_starts: "Ensuring portability of benefits from the countries of destination",
        leads: &["MoFA"],
        co_leads: &[],
        lane: Lane::Medium,
        inferred: (false, false, false),
        line: 606,
    },
    // 626: the code does not match the sub-indicator printed on its row.
    Expect {
        code: "1.3.1.2",
        sub: "1.3.2",
        text_starts: "Addressing safety and security issues",
        leads: &["MoHA"],
        co_leads: &[],
        lane: Lane::Short,
        inferred: (false, false, false),
        line: 626,
    },
    // 636: NIRW shifted into the timeline column.
    Expect {
        code: "1.4.2.1",
        sub: "1.4.2",
        text_starts: "Facilitating a formal mechanism for granting nationality to foreign nationals",
        leads: &["MoHA"],
        co_leads: &["NIRW"],
        lane: Lane::Short,
        inferred: (true, false, true),
        line: 636,
    },
    // 660: a proposed body as lead, kept as printed.
    Expect {
        code: "2.1.1.1",
        sub: "2.1.1",
        text_starts: "Providing policy guidance to the Government in congruence with the international standards",
        leads: &["Proposed TF (led by MoLE)"],
        co_leads: &["MoHA"],
        lane: Lane::Short,
        inferred: (false, false, false),
        line: 660,
    },
    // 696: "Long term" printed in the co-lead column.
    Expect {
        code: "2.1.5.7",
        sub: "2.1.5",
        text_starts: "Facilitating benevolent donation from the diaspora",
        leads: &["MoLGRD&C"],
        co_leads: &[],
        lane: Lane::Long,
        inferred: (false, false, false),
        line: 696,
    },
    // 787: a shifted row with no actor or timeline printed.
    Expect {
        code: "3.3.1.2",
        sub: "3.3.2",
        text_starts: "Establishing a mechanism to track outcomes",
        leads: &["IMSCM&D"],
        co_leads: &["UN"],
        lane: Lane::Medium,
        inferred: (true, true, true),
        line: 787,
    },
    // 841: lead, co-lead and timeline three columns to the right.
    Expect {
        code: "4.4.2.6",
        sub: "4.4.2",
        text_starts: "Expanding coverage and products targeting the financial support for labour migrants",
        leads: &["BB"],
        co_leads: &["MFI"],
        lane: Lane::Short,
        inferred: (false, false, false),
        line: 841,
    },
    // 864: timeline blank, taken from 4.5.1.1.
    Expect {
        code: "4.5.1.2",
        sub: "4.5.1",
        text_starts: "Organizing rigorous financial education programmes as mandatory for prospective migrant workers in the pre-departure phase",
        leads: &["MoEWOE"],
        co_leads: &["BB"],
        lane: Lane::Short,
        inferred: (false, false, true),
        line: 864,
    },
    // 884: civil society leads.
    Expect {
        code: "5.1.1.1",
        sub: "5.1.1",
        text_starts: "Establishing a mechanism to track progress",
        leads: &["CSOs"],
        co_leads: &[],
        lane: Lane::Short,
        inferred: (false, false, false),
        line: 884,
    },
    // 933: lead blank, co-lead and timeline printed.
    Expect {
        code: "6.3.2.2",
        sub: "6.3.2",
        text_starts: "Providing skills enhancement and entrepreneurship training to potential returning migrants",
        leads: &["MoEWOE"],
        co_leads: &["MoE"],
        lane: Lane::Medium,
        inferred: (true, false, false),
        line: 933,
    },
    // 952: NGOs printed as lead, timeline blank.
    Expect {
        code: "6.4.1.4",
        sub: "6.4.1",
        text_starts: "Institutionalizing the Safe Migration Committee at the union level",
        leads: &["NGOs"],
        co_leads: &[],
        lane: Lane::Short,
        inferred: (false, false, true),
        line: 952,
    },
];

#[test]
fn a_dozen_activities_match_the_document_field_by_field() {
    let p = plan();
    assert!(EXPECTED.len() >= 12);
    for e in EXPECTED {
        let a = p
            .activities
            .iter()
            .find(|a| a.code == e.code)
            .unwrap_or_else(|| panic!("{} missing", e.code));
        let (sub, _, _) = p.parents(a);
        assert_eq!(sub.unwrap().code, e.sub, "{}: sub-indicator", e.code);
        assert!(
            a.text.starts_with(e.text_starts),
            "{}: text {:?}",
            e.code,
            a.text
        );
        assert_eq!(p.actor_labels(&a.leads), e.leads, "{}: leads", e.code);
        assert_eq!(
            p.actor_labels(&a.co_leads),
            e.co_leads,
            "{}: co-leads",
            e.code
        );
        assert_eq!(a.lane, e.lane, "{}: lane", e.code);
        assert_eq!(
            (a.inferred.lead, a.inferred.co_leads, a.inferred.timeline),
            e.inferred,
            "{}: inferred (lead, co-leads, timeline)",
            e.code
        );
        assert_eq!(a.source_line, Some(e.line), "{}: source line", e.code);
    }
}

#[test]
fn goals_indicators_and_baselines_match_the_document() {
    let p = plan();
    let g1 = p.goals.iter().find(|g| g.code == "1").unwrap();
    assert_eq!(
        g1.title,
        "Adhering to international standards and fulfilment of migrants' rights"
    );
    assert!(
        g1.key_elements.lines().count() >= 2,
        "goal 1 key elements are split per line"
    );
    let g6 = p.goals.iter().find(|g| g.code == "6").unwrap();
    assert!(g6.title.starts_with(
        "Ensuring that migration takes place in a safe, orderly and dignified manner"
    ));
    let ind = p.indicators.iter().find(|i| i.code == "1.3").unwrap();
    assert_eq!(ind.title, "Right to work");
    let sub = p.sub_indicators.iter().find(|s| s.code == "1.1.1").unwrap();
    assert_eq!(sub.title, "Access to health care ensured");
    assert!(
        sub.baseline
            .starts_with("There is no barrier to receiving health services")
    );
    // Every sub-indicator belongs to an indicator whose code is its prefix.
    for s in &p.sub_indicators {
        let ind = p.indicator(s.indicator_id).unwrap();
        assert!(
            checks::code_fits_parent(&s.code, &ind.code),
            "{} under {}",
            s.code,
            ind.code
        );
    }
}

#[test]
fn every_lead_and_co_lead_resolves_to_an_actor_with_a_full_name() {
    let p = plan();
    for a in &p.activities {
        for id in a.leads.iter().chain(&a.co_leads) {
            let actor = p
                .actor(*id)
                .unwrap_or_else(|| panic!("{}: unknown actor", a.code));
            assert!(
                !actor.full_name.trim().is_empty(),
                "{} has no full name",
                actor.abbreviation
            );
        }
    }
    let tf = p
        .actors
        .iter()
        .find(|a| a.abbreviation == "Proposed TF (led by MoLE)")
        .unwrap();
    assert!(tf.full_name.contains("Ministry of Labour and Employment"));
    let mohfw = p.actors.iter().find(|a| a.abbreviation == "MoHFW").unwrap();
    assert_eq!(mohfw.full_name, "Ministry of Health and Family Welfare");
}

/// A value is inferred exactly when its cell was printed blank, and each inferred value is
/// flagged for the workshop.
#[test]
fn every_inferred_value_is_flagged() {
    let p = plan();
    let mut rdr = csv::Reader::from_reader(seed::BMGF.activities.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let mut inferred_seen = 0;
    for row in rdr.records() {
        let row = row.unwrap();
        let code = &row[col("code")];
        let a = p.activities.iter().find(|a| a.code == code).unwrap();
        let flags = checks::flags(&p, a);
        for (inferred, printed_col, value_col, flag) in [
            (a.inferred.lead, "lead_printed", "lead", Flag::InferredLead),
            (
                a.inferred.co_leads,
                "co_leads_printed",
                "co_leads",
                Flag::InferredCoLeads,
            ),
            (
                a.inferred.timeline,
                "timeline_printed",
                "timeline",
                Flag::InferredTimeline,
            ),
        ] {
            if inferred {
                inferred_seen += 1;
                // Its cell was blank, or held a value shifted from another column (noted).
                assert!(
                    row[col(printed_col)].is_empty() || !a.source_note.is_empty(),
                    "{code}: {value_col} inferred although printed"
                );
                assert!(
                    flags.contains(&flag),
                    "{code}: inferred {value_col} not flagged"
                );
            } else if row[col(printed_col)].is_empty() && !row[col(value_col)].is_empty() {
                // A value with no printed cell must come with a note saying where it came from.
                assert!(
                    !a.source_note.is_empty(),
                    "{code}: {value_col} neither printed nor inferred"
                );
            }
        }
    }
    assert!(inferred_seen > 50, "the BMGF tables have many merged cells");
}

#[test]
fn seeded_ids_are_stable_across_installations() {
    let a = plan();
    let b = plan();
    assert_eq!(a.id, b.id);
    assert_eq!(a.activities[0].id, b.activities[0].id);
}
