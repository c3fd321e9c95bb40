//! The Excel workbook: the goal sheets hold the same rows as the CSV export, full names are
//! there, and the command line writes it.

use std::io::Cursor;
use std::process::Command;

use calamine::{Data, Reader, open_workbook_auto_from_rs};
use framework_planner::export::words::Words;
use framework_planner::export::{ExportInfo, csv as csv_export, matrix, safe, xlsx};
use framework_planner::i18n::Language;
use framework_planner::model::{Lane, Plan, Status};

const BIN: &str = env!("CARGO_BIN_EXE_framework-planner");

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Every sheet of a workbook as rows of text.
fn sheets(bytes: Vec<u8>) -> Vec<(String, Vec<Vec<String>>)> {
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes)).expect("a readable workbook");
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).expect("sheet");
            let rows = range
                .rows()
                .map(|r| r.iter().map(cell_text).collect())
                .collect();
            (name, rows)
        })
        .collect()
}

/// The data rows of the goal sheets, in sheet order, below each sheet's header row.
fn goal_rows(sheets: &[(String, Vec<Vec<String>>)]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (name, rows) in sheets.iter().filter(|(n, _)| n.starts_with("Goal ")) {
        let header = rows
            .iter()
            .position(|r| r.first().map(String::as_str) == Some("Goal") && r.len() >= 12)
            .unwrap_or_else(|| panic!("{name} has a header row"));
        assert_eq!(rows[header].last().map(String::as_str), Some("id"));
        out.extend(rows[header + 1..].iter().cloned());
    }
    out
}

fn csv_rows(plan: &Plan) -> Vec<Vec<String>> {
    let mut bytes = Vec::new();
    csv_export::write(plan, &mut bytes).unwrap();
    let mut rdr = csv::Reader::from_reader(bytes.as_slice());
    rdr.records()
        .map(|r| {
            r.unwrap()
                .iter()
                .map(|c| safe::restore(c).to_owned())
                .collect()
        })
        .collect()
}

/// The built-in plan with text that tests the edges: Bangla, formula-looking, markup, notes.
fn edgy_plan() -> Plan {
    let mut plan = framework_planner::seed::bmgf().unwrap();
    plan.activities[0].text = "স্বাস্থ্য পরীক্ষা, \"quoted\"".into();
    plan.activities[1].text = "=HYPERLINK(\"http://x\",\"y\")".into();
    plan.activities[2].notes = "-1 and <b>bold</b>".into();
    plan.activities[3].notes = "'already quoted".into();
    plan
}

#[test]
fn workbook_reads_back_into_the_same_rows_as_the_csv_export() {
    let plan = edgy_plan();
    let info = ExportInfo::now("Workshop day 1", "Rina");
    let book = sheets(xlsx::to_bytes(&plan, &info).unwrap());
    let from_book = goal_rows(&book);
    let from_csv = csv_rows(&plan);
    assert_eq!(from_csv.len(), plan.activities.len());
    assert_eq!(from_book.len(), from_csv.len(), "one row per activity");
    let words = Words::new(Language::English);
    for (b, c) in from_book.iter().zip(&from_csv) {
        // Trailing empty cells are not stored in a workbook.
        let mut b = b.clone();
        b.resize(c.len(), String::new());
        // The workbook shows coded values as labels for readers; the CSV keeps the codes.
        let mut c = c.clone();
        c[matrix::TIMELINE] = words
            .lane(Lane::parse(&c[matrix::TIMELINE]).unwrap())
            .into();
        c[matrix::STATUS] = words
            .status(Status::parse(&c[matrix::STATUS]).unwrap())
            .into();
        c[matrix::FLAGS] = c[matrix::FLAGS]
            .split(';')
            .filter(|f| !f.is_empty())
            .map(|f| words.flag_title(f))
            .collect::<Vec<_>>()
            .join("; ");
        assert_eq!(b, c);
    }
    // One sheet per goal, between the overview and the actor sheets.
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.first(), Some(&"Overview"));
    assert_eq!(
        names.iter().filter(|n| n.starts_with("Goal ")).count(),
        plan.goals.len()
    );
    assert!(names.contains(&"Who does what"));
    assert_eq!(names.last(), Some(&"Actors"));
}

#[test]
fn workbook_names_the_plan_version_and_every_actor_in_full() {
    let plan = edgy_plan();
    let info = ExportInfo::now("Workshop day 1", "Rina");
    let book = sheets(xlsx::to_bytes(&plan, &info).unwrap());
    for (name, rows) in &book {
        assert_eq!(rows[0][0], plan.name, "{name} starts with the plan name");
        assert!(
            rows[2][0].contains("Workshop day 1") && rows[2][0].contains(&info.date_text()),
            "{name} names the version and date: {:?}",
            rows[2][0]
        );
    }
    let (_, actors) = book.iter().find(|(n, _)| n == "Actors").unwrap();
    for a in &plan.actors {
        assert!(
            actors.iter().any(|r| r[0] == a.abbreviation
                && r[1] == a.full_name
                && r[2] == Words::new(Language::English).kind(a.kind)),
            "{} listed with its full name",
            a.abbreviation
        );
    }
    // The overview's totals count every activity once.
    let (_, overview) = book.iter().find(|(n, _)| n == "Overview").unwrap();
    let all = overview
        .iter()
        .find(|r| r.get(1).map(String::as_str) == Some("All goals"))
        .expect("a totals row");
    assert_eq!(all[6], plan.activities.len().to_string());
    // Who does what adds up to every assignment.
    let (_, who) = book.iter().find(|(n, _)| n == "Who does what").unwrap();
    let header = who.iter().position(|r| r[0] == "Actor").unwrap();
    let total: usize = who[header + 1..]
        .iter()
        .map(|r| r[12].parse::<usize>().unwrap())
        .sum();
    let assigned: usize = plan
        .activities
        .iter()
        .map(|a| a.leads.len() + a.co_leads.len())
        .sum();
    assert_eq!(total, assigned);
}

#[test]
fn cli_writes_a_workbook_and_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    for (format, file) in [("xlsx", "plan.xlsx"), ("html", "plan.html")] {
        let out = dir.path().join(file);
        let run = Command::new(BIN)
            .args(["export", "--format", format, "--out"])
            .arg(&out)
            .arg("--db")
            .arg(&db)
            .args(["--label", "Day 2", "--author", "Rina"])
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert!(run.stdout.is_empty());
        let bytes = std::fs::read(&out).unwrap();
        match format {
            "xlsx" => {
                let rows = goal_rows(&sheets(bytes));
                assert_eq!(rows.len(), 121);
            }
            _ => {
                let text = String::from_utf8(bytes).unwrap();
                assert!(text.contains("Day 2") && text.contains("Rina"));
            }
        }
    }
    // An unknown format lists the available ones.
    let run = Command::new(BIN)
        .args(["export", "--format", "pdf", "--out", "x.pdf", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("xlsx, csv, html"));
}
