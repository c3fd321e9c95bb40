//! The printable report: every activity, the open data checks, print settings, Bangla, and
//! nothing that loads from a network.

use framework_planner::export::html::{escape, flag_sentence, render};
use framework_planner::export::{ExportInfo, lane_title};
use framework_planner::model::workload::workload;
use framework_planner::model::{Lane, checks};

fn info() -> ExportInfo {
    ExportInfo::now("Validation workshop, day 2", "Rina Akter")
}

#[test]
fn report_holds_every_activity_and_every_open_check() {
    let plan = framework_planner::seed::bmgf().unwrap();
    let page = render(&plan, &info());
    for a in &plan.activities {
        let code = format!(">{}<", escape(&a.code));
        // Once in the goal tables and once in the timeline tables.
        assert!(page.matches(&code).count() >= 2, "{} listed twice", a.code);
        assert!(page.contains(&escape(&a.text)), "{} text", a.code);
        for f in checks::flags(&plan, a) {
            assert!(
                page.contains(&escape(&flag_sentence(&plan, a, &f))),
                "{}: {f:?}",
                a.code
            );
        }
    }
    for a in &plan.actors {
        assert!(page.contains(&escape(&a.full_name)), "{}", a.abbreviation);
    }
    // The cover, the chart and every section.
    for text in [
        escape(&plan.name),
        escape("Validation workshop, day 2"),
        "Rina Akter".into(),
        info().date_text(),
        "The plan at a glance".into(),
        "<svg".into(),
        "The plan by timeline".into(),
        "Who does what".into(),
        "Open data checks".into(),
    ] {
        assert!(page.contains(&text), "{text}");
    }
    for lane in Lane::ALL {
        assert!(page.contains(lane_title(lane)));
    }
    // The busiest actor's total is in its table row.
    let top = &workload(&plan)[0];
    let abbr = &plan.actor(top.actor).unwrap().abbreviation;
    let row_start = page
        .find(&format!("<tr><td class=\"code\">{}</td>", escape(abbr)))
        .unwrap();
    let row = &page[row_start..row_start + page[row_start..].find("</tr>").unwrap()];
    assert!(
        row.ends_with(&format!("<b>{}</b></td>", top.total())),
        "{row}"
    );
}

#[test]
fn report_is_self_contained_and_print_ready() {
    let plan = framework_planner::seed::bmgf().unwrap();
    let page = render(&plan, &info());
    for forbidden in [
        "http://", "https://", "@import", "<script", "<link", "<iframe",
    ] {
        assert!(!page.contains(forbidden), "{forbidden}");
    }
    // Any src= is the embedded font's data URL, never a file or address.
    for (i, _) in page.match_indices("src") {
        let after = &page[i..(i + 40).min(page.len())];
        assert!(
            !after.starts_with("src=") || after.starts_with("src=\"data:"),
            "{after}"
        );
    }
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<meta charset=\"utf-8\">"));
    assert!(page.contains("<html lang="));
    assert!(page.contains("@page { size: A4 landscape"));
    assert!(page.contains("break-before: page"));
    assert!(page.contains("\"Noto Sans Bengali\""));
}

#[test]
fn bangla_text_is_marked_and_its_font_embedded_only_when_needed() {
    let mut plan = framework_planner::seed::bmgf().unwrap();
    let english = render(&plan, &info());
    assert!(
        !english.contains("@font-face"),
        "no font for a plan without Bangla"
    );

    let bangla = "প্রবাসী কর্মীদের স্বাস্থ্য পরীক্ষা";
    plan.activities[0].text = bangla.into();
    let page = render(&plan, &info());
    assert!(page.contains(&format!("<span lang=\"bn\">{bangla}</span>")));
    assert!(page.contains("@font-face { font-family: \"Noto Sans Bengali\""));
    assert!(page.contains("url(data:font/ttf;base64,"));
    assert!(
        page.len() < english.len() + 400_000,
        "one embedded font only"
    );
}
