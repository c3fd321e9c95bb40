//! The GCM implementation plan: the alignment CSV (`export --format alignment`), the workbook
//! and the report's section, checked against the plan's links and the reference data, and read
//! back with a CSV reader and a workbook reader.

mod common;

use std::io::Cursor;
use std::process::Command;

use calamine::{Data, Reader, open_workbook_auto_from_rs};
use common::{id, small_plan};
use framework_planner::export::{ExportInfo, gcm, html};
use framework_planner::model::{Link, Plan};
use framework_planner::reference::Reference;

const BIN: &str = env!("CARGO_BIN_EXE_framework-planner");

fn linked_plan() -> Plan {
    let mut p = small_plan();
    let link = |n: u128, a: u128, t: &str| Link {
        id: id(n),
        activity_id: id(a),
        target: t.into(),
    };
    p.links = vec![
        link(300, 20, "gcm:6a"),
        link(301, 20, "gcm:6"),
        link(302, 21, "gcm:6a"),
        link(303, 22, "gcm:15"),
        link(304, 23, "sdg:10.7"),
    ];
    p
}

/// The CSV as records, after its byte order mark.
fn read(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "starts with a BOM");
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn find<'a>(rows: &'a [Vec<String>], objective: &str, action: &str) -> &'a Vec<String> {
    rows.iter()
        .find(|r| r[0] == objective && r[2] == action)
        .unwrap_or_else(|| panic!("a row for {objective} {action}"))
}

#[test]
fn the_csv_lists_every_objective_and_action_with_the_plans_links() {
    let plan = linked_plan();
    let r = Reference::load().unwrap();
    let mut bytes = Vec::new();
    gcm::write_csv(&plan, &r, &mut bytes).unwrap();
    // Every field quoted.
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("\"objective\",\"objective_title\",\"action\",\"action_text\","));
    let (header, rows) = read(&bytes);
    for col in [
        "objective",
        "objective_title",
        "action",
        "action_text",
        "sdg_targets",
        "framework_goals",
        "activities",
        "leads",
        "timelines",
    ] {
        assert!(header.iter().any(|h| h == col), "{col}");
    }
    // One row per objective and one per action.
    assert_eq!(rows.len(), 23 + 187);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (acts, leads, lanes) = (col("activities"), col("leads"), col("timelines"));

    let o6 = find(&rows, "6", "");
    assert_eq!(o6[1], r.objective(6).unwrap().title);
    assert_eq!(o6[3], "");
    assert_eq!(o6[acts], "1.1.1.1");
    assert_eq!(o6[col("sdg_targets")], "1.3;5.2;5.4;8.7;8.8;8.b;10.2;10.7");
    assert_eq!(o6[col("framework_goals")], "");
    let a6 = find(&rows, "6", "a");
    assert!(a6[3].starts_with("Promote signature, ratification, accession and implementation"));
    assert_eq!(a6[acts], "1.1.1.1;1.1.1.2");
    assert_eq!(a6[leads], "MoE;MoLE");
    assert_eq!(a6[lanes], "short;short");
    let o15 = find(&rows, "15", "");
    assert_eq!(o15[acts], "1.1.1.3");
    assert_eq!(o15[leads], "IOM");
    assert_eq!(o15[lanes], "medium");
    assert_eq!(o15[col("framework_goals")], "1");
    assert_eq!(find(&rows, "6", "a")[col("co_leads")], ";");
    assert_eq!(find(&rows, "6", "h")[acts], "");
    assert_eq!(find(&rows, "1", "")[col("sdg_targets")], "10.7;17.18");
    assert_eq!(find(&rows, "22", "c")[acts], "");

    // The file says what the plan holds, row for row.
    for (row, expected) in rows.iter().zip(gcm::rows(&plan, &r)) {
        assert_eq!(row, &gcm::cells(&plan, &expected).to_vec());
    }
}

#[test]
fn the_command_line_writes_the_alignment_of_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let out = dir.path().join("alignment.csv");
    let o = Command::new(BIN)
        .args(["export", "--format", "alignment", "--out"])
        .arg(&out)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (header, rows) = read(&std::fs::read(&out).unwrap());
    assert_eq!(rows.len(), 210);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let goals = |n: &str| find(&rows, n, "")[col("framework_goals")].clone();
    // Annex D of the BMGF, objective by objective.
    assert_eq!(goals("1"), "2");
    assert_eq!(goals("4"), "2");
    assert_eq!(goals("7"), "5");
    assert_eq!(goals("8"), "6");
    assert_eq!(goals("15"), "1");
    assert_eq!(goals("18"), "4");
    assert_eq!(goals("19"), "3");
    assert_eq!(goals("23"), "3");
    assert_eq!(goals("2"), "");
    assert_eq!(find(&rows, "7", "j")[col("framework_goals")], "5");
    // Every action of the Compact, in order, with its text.
    let letters: String = rows
        .iter()
        .filter(|r| r[0] == "21" && !r[2].is_empty())
        .map(|r| r[2].clone())
        .collect();
    assert_eq!(letters, "abcdefghi");
    assert!(find(&rows, "21", "i")[3].starts_with("Identify and address the needs"));
    // A fresh database has no links: nothing is listed as linked.
    assert!(rows.iter().all(|r| r[col("activities")].is_empty()));

    // Links made in the window are saved, and the export reads them from the database.
    {
        use framework_planner::app::{App, Command as Cmd, Edit};
        let mut app = App::new(framework_planner::store::Store::open(&db).unwrap()).unwrap();
        let id = |app: &App, code: &str| {
            app.plan
                .activities
                .iter()
                .find(|a| a.code == code)
                .unwrap()
                .id
        };
        for (code, target) in [
            ("4.1.1.1", "gcm:6a"),
            ("4.1.2.1", "gcm:6a"),
            ("5.1.1.1", "gcm:21"),
        ] {
            let activity = id(&app, code);
            app.handle(Cmd::Edit(Edit::AddLink {
                activity,
                target: target.into(),
            }));
        }
    }
    let o = Command::new(BIN)
        .args(["export", "--format", "alignment", "--out"])
        .arg(&out)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (_, rows) = read(&std::fs::read(&out).unwrap());
    assert_eq!(find(&rows, "6", "a")[col("activities")], "4.1.1.1;4.1.2.1");
    assert_eq!(find(&rows, "21", "")[col("activities")], "5.1.1.1");
    assert_eq!(find(&rows, "6", "b")[col("activities")], "");
}

#[test]
fn the_workbook_and_the_report_list_the_linked_activities_and_the_gaps() {
    let plan = linked_plan();
    let r = Reference::load().unwrap();
    let info = ExportInfo::now("Working copy", "Facilitator");
    let bytes = gcm::to_bytes(&plan, &r, &info).unwrap();
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(wb.sheet_names(), ["GCM implementation plan", "Gaps"]);
    let sheet = wb.worksheet_range("GCM implementation plan").unwrap();
    let text = |row: usize, c: usize| match sheet.get((row, c)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        _ => String::new(),
    };
    // Action 6 (a): one line per linked activity.
    let lines: Vec<usize> = (0..sheet.height())
        .filter(|&i| text(i, 0) == "6" && text(i, 1) == "(a)")
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        (text(lines[0], 5), text(lines[0], 7), text(lines[0], 9)),
        ("1.1.1.1".into(), "MoE".into(), "Short term".into())
    );
    assert_eq!(text(lines[1], 5), "1.1.1.2");
    // An action without an activity says so.
    let row = (0..sheet.height())
        .find(|&i| text(i, 0) == "6" && text(i, 1) == "(b)")
        .unwrap();
    assert_eq!(text(row, 6), "No activity yet (gap)");
    let gaps = wb.worksheet_range("Gaps").unwrap();
    let objectives: Vec<String> = gaps
        .rows()
        // Objective rows have no action letter.
        .filter(|r| !matches!(r.get(1), Some(Data::String(s)) if !s.is_empty()))
        .filter_map(|r| match r.first() {
            Some(Data::Float(f)) => Some(f.to_string()),
            _ => None,
        })
        .collect();
    // 21 objectives without any activity (6 and 15 have some).
    assert_eq!(objectives.len(), 21);
    assert!(!objectives.contains(&"6".to_string()));

    let page = html::render(&plan, &info);
    assert!(page.contains("<section class=\"gcm\">"));
    assert!(page.contains("GCM implementation plan"));
    assert!(page.contains("<b>1.1.1.2</b> MoLE"));
    assert!(page.contains("<b>GCM 22</b>"));
}
