//! Text from the plan never runs where it lands: formula-looking cells stay text in the CSV file
//! and the workbook, markup is escaped in the report, and the report loads nothing from a network.

use std::io::{Cursor, Read};

use calamine::{Reader, open_workbook_auto_from_rs};
use framework_planner::export::{ExportInfo, csv as csv_export, html, safe, xlsx};
use framework_planner::model::Plan;

const FORMULA: &str = "=HYPERLINK(\"http://evil.invalid\",\"click\")";
const MARKUP: &str = "<script>alert('x')</script><img src=x onerror=alert(1)>";

/// The built-in plan with hostile text in every kind of field people type.
fn hostile_plan() -> Plan {
    let mut plan = framework_planner::seed::bmgf().unwrap();
    plan.name = format!("Plan {MARKUP}");
    plan.activities[0].text = FORMULA.into();
    plan.activities[1].text = MARKUP.into();
    plan.activities[2].notes = "+1-555 call".into();
    plan.activities[3].notes = "@SUM(1)".into();
    plan.activities[4].text = "\t=cmd|' /C calc'!A0".into();
    plan.activities[5].text = "-2+3".into();
    plan.activities[6].notes = "\r=1".into();
    // An actor whose abbreviation and full name look like a formula and like markup.
    let lead = plan.activities[0].leads[0];
    let actor = plan.actors.iter_mut().find(|a| a.id == lead).unwrap();
    actor.abbreviation = "=1+1".into();
    actor.full_name = MARKUP.into();
    plan
}

fn info() -> ExportInfo {
    ExportInfo::now("=v1 <b>", "@author")
}

#[test]
fn csv_cells_that_look_like_formulas_start_with_a_quote() {
    let plan = hostile_plan();
    let mut bytes = Vec::new();
    csv_export::write(&plan, &mut bytes).unwrap();
    let mut rdr = csv::Reader::from_reader(bytes.as_slice());
    let mut quoted = 0;
    for rec in rdr.records() {
        for cell in rec.unwrap().iter() {
            assert!(!safe::needs_neutralising(cell), "raw formula cell {cell:?}");
            if safe::needs_neutralising(safe::restore(cell)) {
                assert!(cell.starts_with('\''));
                quoted += 1;
            }
        }
    }
    // The text, the notes and the lead (the actor's abbreviation) of the hostile rows.
    assert!(quoted >= 8, "only {quoted} cells neutralised");
}

/// The cell styles (`cellXfs`) that carry Excel's quote prefix.
fn quote_prefixed_styles(styles_xml: &str) -> Vec<usize> {
    let xfs = styles_xml
        .split("<cellXfs")
        .nth(1)
        .and_then(|s| s.split("</cellXfs>").next())
        .unwrap();
    xfs.split("<xf ")
        .skip(1)
        .enumerate()
        .filter(|(_, xf)| xf.split('>').next().unwrap().contains("quotePrefix=\"1\""))
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn workbook_holds_formula_looking_text_as_quote_prefixed_strings() {
    let plan = hostile_plan();
    let bytes = xlsx::to_bytes(&plan, &info()).unwrap();

    // No cell is a formula, and the hostile texts are there as plain strings.
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes.clone())).unwrap();
    let mut found = 0;
    for name in wb.sheet_names() {
        let formulas = wb.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{name} has formulas"
        );
        let range = wb.worksheet_range(&name).unwrap();
        found += range.used_cells().filter(|(_, _, d)| *d == FORMULA).count();
    }
    assert!(found >= 1, "the formula-looking text is exported as text");

    // Each formula-looking string cell has a quote-prefix style, so it stays text when edited.
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut styles = String::new();
    zip.by_name("xl/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    let quoted = quote_prefixed_styles(&styles);
    assert!(!quoted.is_empty(), "a quote-prefix style exists");
    let mut shared = String::new();
    zip.by_name("xl/sharedStrings.xml")
        .unwrap()
        .read_to_string(&mut shared)
        .unwrap();
    let strings: Vec<String> = shared
        .split("<si>")
        .skip(1)
        .map(|si| {
            let t = si.split("</si>").next().unwrap();
            // Text without its tag; entities stay, as only the first character matters here.
            t.split('>')
                .nth(1)
                .unwrap_or("")
                .split('<')
                .next()
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    let mut checked = 0;
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if !f.name().unwrap().starts_with("xl/worksheets/sheet") {
            continue;
        }
        let mut xml = String::new();
        f.read_to_string(&mut xml).unwrap();
        for c in xml.split("<c ").skip(1) {
            let head = c.split('>').next().unwrap();
            // A shared string (an index into the table) or a string written in its cell (the
            // long sheets write their rows as they go, without the table).
            let text = if head.contains("t=\"s\"") {
                let idx: usize = c
                    .split("<v>")
                    .nth(1)
                    .and_then(|v| v.split('<').next())
                    .and_then(|v| v.parse().ok())
                    .unwrap();
                strings[idx].clone()
            } else if head.contains("t=\"inlineStr\"") {
                c.split("<t")
                    .nth(1)
                    .and_then(|t| t.split_once('>'))
                    .map(|(_, t)| t.split('<').next().unwrap_or("").to_owned())
                    .unwrap()
            } else {
                continue;
            };
            let text = text.replace("&#9;", "\t").replace("&#13;", "\r");
            if safe::needs_neutralising(&text) {
                let style: usize = head
                    .split("s=\"")
                    .nth(1)
                    .and_then(|s| s.split('"').next())
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0);
                assert!(
                    quoted.contains(&style),
                    "{text:?} has style {style}, not quote-prefixed"
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 8, "only {checked} formula-looking cells checked");
}

#[test]
fn report_escapes_every_text_and_loads_nothing() {
    let plan = hostile_plan();
    let page = html::render(&plan, &info());
    assert!(
        !page.contains("<script"),
        "no script, from the plan or otherwise"
    );
    assert!(
        !page.contains("<img"),
        "markup from the plan is text, not tags"
    );
    assert!(page.contains(&html::escape(MARKUP)));
    assert!(page.contains(&html::escape(FORMULA)));
    // The formula's URL is shown as text inside an escaped string, never as a reference.
    for reference in ["src=\"http", "href=\"http", "url(http", "@import", "<link"] {
        assert!(!page.contains(reference), "{reference}");
    }
}
