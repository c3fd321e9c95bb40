//! Bringing an edited spreadsheet back: the edits come back as exactly those changes, and rows
//! that cannot be used are listed with their sheet and row number.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto_from_rs};
use framework_planner::export::import::{ImportError, ProblemKind, read_spreadsheet};
use framework_planner::export::{ExportInfo, Format, matrix, write_file};
use framework_planner::model::{Lane, Plan};

fn plan() -> Plan {
    framework_planner::seed::bmgf().unwrap()
}

fn info() -> ExportInfo {
    ExportInfo::now("Workshop day 1", "Rina")
}

/// Writes a copy of a workbook, every sheet and cell, with `edit` deciding replacements
/// (sheet, row, column, current text) -> new text. Stands for someone editing it in Excel.
fn edited_workbook(from: &Path, to: &Path, edit: impl Fn(&str, u32, u16, &str) -> Option<String>) {
    let bytes = std::fs::read(from).unwrap();
    let mut src = open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    for name in src.sheet_names() {
        let range = src.worksheet_range(&name).unwrap();
        let (r0, c0) = range.start().unwrap();
        let ws = wb.add_worksheet();
        ws.set_name(&name).unwrap();
        for (r, row) in range.rows().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r0 + r as u32, (c0 as usize + c) as u16);
                let text = match cell {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    Data::Float(f) => {
                        if edit(&name, r, c, "").is_none() {
                            ws.write_number(r, c, *f).unwrap();
                            continue;
                        }
                        f.to_string()
                    }
                    other => other.to_string(),
                };
                let text = edit(&name, r, c, &text).unwrap_or(text);
                ws.write_string(r, c, text).unwrap();
            }
        }
    }
    wb.save(to).unwrap();
}

/// The row (0-based) of an activity code on a goal sheet, read back from the workbook.
fn find_row(path: &Path, code: &str) -> (String, u32) {
    let bytes = std::fs::read(path).unwrap();
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        let (r0, _) = range.start().unwrap();
        for (r, row) in range.rows().enumerate() {
            if row.get(matrix::CODE).map(|d| d.to_string()).as_deref() == Some(code)
                && name.starts_with("Goal ")
            {
                return (name, r0 + r as u32);
            }
        }
    }
    panic!("{code} not in the workbook");
}

/// Every difference between two plans' activities, as (code, field) pairs.
fn differences(a: &Plan, b: &Plan) -> Vec<(String, &'static str)> {
    assert_eq!(a.goals, b.goals);
    assert_eq!(a.indicators, b.indicators);
    assert_eq!(a.sub_indicators, b.sub_indicators);
    assert_eq!(a.actors, b.actors);
    assert_eq!(a.activities.len(), b.activities.len());
    let mut out = Vec::new();
    for (x, y) in a.activities.iter().zip(&b.activities) {
        assert_eq!(x.id, y.id, "activities keep their order");
        let fields: [(&str, bool); 10] = [
            ("code", x.code != y.code),
            ("text", x.text != y.text),
            ("leads", x.leads != y.leads),
            ("co_leads", x.co_leads != y.co_leads),
            ("lane", x.lane != y.lane),
            ("lane_pos", x.lane_pos != y.lane_pos),
            ("status", x.status != y.status),
            ("notes", x.notes != y.notes),
            ("sub_indicator", x.sub_indicator_id != y.sub_indicator_id),
            (
                "other",
                x.outline_pos != y.outline_pos
                    || x.inferred != y.inferred
                    || x.source_note != y.source_note
                    || x.source_line != y.source_line,
            ),
        ];
        for (name, differs) in fields {
            if differs {
                out.push((x.code.clone(), name));
            }
        }
    }
    out
}

#[test]
fn an_unedited_export_comes_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan();
    for format in [Format::Xlsx, Format::Csv] {
        let path = dir.path().join(format!("plan.{}", format.as_str()));
        write_file(&plan, &info(), format, &path).unwrap();
        let back = read_spreadsheet(&path, &plan).unwrap();
        assert_eq!(back.problems, vec![], "{format:?}");
        assert_eq!(back.rows, plan.activities.len());
        assert_eq!(differences(&plan, &back.plan), vec![], "{format:?}");
    }
}

#[test]
fn a_workbook_edited_outside_the_app_comes_back_as_exactly_those_changes() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan();
    let exported = dir.path().join("plan.xlsx");
    write_file(&plan, &info(), Format::Xlsx, &exported).unwrap();

    // Three edits on two sheets: a text, a lead and a timeline.
    let pick = |code: &str| plan.activities.iter().find(|a| a.code == code).unwrap();
    let (text_of, lead_of, lane_of) = (pick("2.1.1.1"), pick("1.2.1.2"), pick("4.1.1.1"));
    let new_lead = plan
        .actors
        .iter()
        .find(|a| !lead_of.leads.contains(&a.id))
        .unwrap();
    let new_lane = Lane::ALL.into_iter().find(|l| *l != lane_of.lane).unwrap();
    let new_text = format!("{} — revised in the workshop", text_of.text);
    let at = |code: &str| find_row(&exported, code);
    let (t_sheet, t_row) = at(&text_of.code);
    let (l_sheet, l_row) = at(&lead_of.code);
    let (n_sheet, n_row) = at(&lane_of.code);

    let edited = dir.path().join("edited.xlsx");
    edited_workbook(&exported, &edited, |sheet, r, c, _| {
        let c = c as usize;
        if sheet == t_sheet && r == t_row && c == matrix::TEXT {
            Some(new_text.clone())
        } else if sheet == l_sheet && r == l_row && c == matrix::LEAD {
            Some(new_lead.abbreviation.clone())
        } else if sheet == n_sheet && r == n_row && c == matrix::TIMELINE {
            Some(new_lane.as_str().to_owned())
        } else {
            None
        }
    });

    let back = read_spreadsheet(&edited, &plan).unwrap();
    assert_eq!(back.problems, vec![]);
    let mut diff = differences(&plan, &back.plan);
    diff.sort();
    let mut expect = vec![
        (text_of.code.clone(), "text"),
        (lead_of.code.clone(), "leads"),
        (lane_of.code.clone(), "lane"),
        (lane_of.code.clone(), "lane_pos"),
    ];
    expect.sort();
    assert_eq!(diff, expect, "exactly the edited fields changed");

    let got = |id| back.plan.activity(id).unwrap();
    assert_eq!(got(text_of.id).text, new_text);
    assert_eq!(got(lead_of.id).leads, vec![new_lead.id]);
    assert_eq!(got(lane_of.id).lane, new_lane);
    // The moved card lands at the end of its new lane.
    let moved = got(lane_of.id);
    assert!(
        back.plan
            .activities
            .iter()
            .filter(|a| a.lane == new_lane && a.id != moved.id)
            .all(|a| a.lane_pos < moved.lane_pos)
    );
}

#[test]
fn a_csv_edited_outside_the_app_comes_back_as_exactly_those_changes() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan();
    let exported = dir.path().join("plan.csv");
    write_file(&plan, &info(), Format::Csv, &exported).unwrap();

    let mut rdr = csv::Reader::from_path(&exported).unwrap();
    let header = rdr.headers().unwrap().clone();
    let mut rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    // Notes on the 5th row, co-leads emptied on the 10th, status of the 20th.
    let edit = |row: &csv::StringRecord, col: usize, value: &str| {
        let mut v: Vec<String> = row.iter().map(str::to_owned).collect();
        v[col] = value.to_owned();
        csv::StringRecord::from(v)
    };
    rows[4] = edit(&rows[4], matrix::NOTES, "=ask MoHA first");
    rows[9] = edit(&rows[9], matrix::CO_LEADS, "");
    rows[19] = edit(&rows[19], matrix::STATUS, "agreed");
    let edited = dir.path().join("edited.csv");
    let mut w = csv::Writer::from_path(&edited).unwrap();
    w.write_record(&header).unwrap();
    for r in &rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();

    let back = read_spreadsheet(&edited, &plan).unwrap();
    assert_eq!(back.problems, vec![]);
    let code = |i: usize| rows[i][matrix::CODE].to_owned();
    let before = |i: usize| plan.activities.iter().find(|a| a.code == code(i)).unwrap();
    let mut expect = vec![(code(4), "notes"), (code(19), "status")];
    if !before(9).co_leads.is_empty() {
        expect.push((code(9), "co_leads"));
    }
    expect.sort();
    let mut diff = differences(&plan, &back.plan);
    diff.sort();
    assert_eq!(diff, expect);
    let after = |i: usize| back.plan.activity(before(i).id).unwrap();
    assert_eq!(after(4).notes, "=ask MoHA first");
    assert!(after(9).co_leads.is_empty());
    assert_eq!(after(19).status.as_str(), "agreed");
}

#[test]
fn unusable_rows_are_listed_with_sheet_and_row_never_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan();
    let a = &plan.activities[0];
    let b = &plan.activities[1];
    let row = |id: &str, code: &str, lead: &str, lane: &str, status: &str| {
        format!("1,1.1,1.1.1,{code},Some text,{lead},,{lane},{status},,,{id}\n")
    };
    let mut text = matrix::HEADER.join(",") + "\n";
    text += &row(
        &a.id.to_string(),
        &a.code,
        "NoSuchActor",
        "short",
        "proposed",
    ); // row 2
    text += &row("not-a-uuid", "1.1.1.1", "MoHFW", "short", "proposed"); // row 3
    text += &row(
        &uuid::Uuid::new_v4().to_string(),
        "9.9",
        "",
        "short",
        "proposed",
    ); // row 4
    text += &row("", "9.9.9.9", "", "short", "proposed"); // row 5
    text += &row(&b.id.to_string(), &b.code, "", "soon", "maybe"); // row 6
    text += &row(&a.id.to_string(), &a.code, "", "long", "agreed"); // row 7: duplicate of row 2
    text += &row("", "", "", "", ""); // row 8: neither id nor code
    let path = dir.path().join("edited.csv");
    std::fs::write(&path, text).unwrap();

    let back = read_spreadsheet(&path, &plan).unwrap();
    let got: Vec<(usize, &str)> = back
        .problems
        .iter()
        .map(|p| {
            assert_eq!(p.sheet, "edited.csv");
            let kind = match &p.kind {
                ProblemKind::UnknownActor { .. } => "unknown actor",
                ProblemKind::MalformedId { .. } => "malformed id",
                ProblemKind::UnknownId { .. } => "unknown id",
                ProblemKind::UnknownCode { .. } => "unknown code",
                ProblemKind::MalformedLane { .. } => "malformed lane",
                ProblemKind::MalformedStatus { .. } => "malformed status",
                ProblemKind::Duplicate { first_row: 2, .. } => "duplicate of row 2",
                ProblemKind::NoIdOrCode => "no id or code",
                other => panic!("unexpected {other:?}"),
            };
            (p.row, kind)
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (2, "unknown actor"),
            (3, "malformed id"),
            (4, "unknown id"),
            (5, "unknown code"),
            (6, "malformed lane"),
            (6, "malformed status"),
            (7, "duplicate of row 2"),
            (8, "no id or code"),
        ]
    );
    // Each problem reads as a sentence naming where it is.
    for p in &back.problems {
        let s = p.to_string();
        assert!(
            s.starts_with(&format!("edited.csv, row {}: ", p.row)),
            "{s}"
        );
    }
    // What could be read still applied; what could not kept the plan's value.
    let a2 = back.plan.activity(a.id).unwrap();
    assert_eq!(a2.text, "Some text");
    assert_eq!(a2.leads, a.leads, "an unknown actor keeps the lead");
    let b2 = back.plan.activity(b.id).unwrap();
    assert_eq!((b2.lane, b2.status), (b.lane, b.status));
}

#[test]
fn a_file_without_the_matrix_or_its_columns_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan();
    let path = dir.path().join("other.csv");
    std::fs::write(&path, "name,amount\nrice,3\n").unwrap();
    let err = read_spreadsheet(&path, &plan).unwrap_err();
    assert!(matches!(err, ImportError::NoMatrix { .. }));
    assert!(err.to_string().contains("plan is unchanged"));

    std::fs::write(&path, "activity_code,activity,id\n1.1.1.1,x,\n").unwrap();
    let back = read_spreadsheet(&path, &plan).unwrap();
    assert_eq!(
        back.plan, plan,
        "nothing applied from a sheet that lacks columns"
    );
    match &back.problems[..] {
        [p] => match &p.kind {
            ProblemKind::MissingColumns { columns } => {
                assert_eq!(p.row, 1);
                assert_eq!(columns, &["lead", "co_leads", "timeline", "status"]);
            }
            other => panic!("unexpected {other:?}"),
        },
        other => panic!("expected one problem, got {other:?}"),
    }

    let junk = dir.path().join("junk.xlsx");
    std::fs::write(&junk, b"PK\x03\x04 not really a zip").unwrap();
    let err = read_spreadsheet(&junk, &plan).unwrap_err();
    assert!(matches!(err, ImportError::NotASpreadsheet { .. }), "{err}");
    let err = read_spreadsheet(&dir.path().join("missing.xlsx"), &plan).unwrap_err();
    assert!(matches!(err, ImportError::Read { .. }), "{err}");
}

#[test]
fn bangla_and_formula_looking_text_round_trips_through_csv_and_workbook_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let mut plan = plan();
    plan.activities[0].text = "প্রবাসী কর্মীদের স্বাস্থ্য পরীক্ষা নিশ্চিত করা".into();
    plan.activities[0].notes = "কর্মশালায় আলোচনা; \"উদ্ধৃতি\", কমা".into();
    plan.activities[1].text = "=HYPERLINK(\"x\")".into();
    plan.activities[2].text = "'starts with a quote".into();
    plan.activities[3].notes = "-5 people\nsecond line".into();
    plan.activities[4].text = "@SUM(A1) <script>alert(1)</script>".into();
    plan.actors[0].abbreviation = "মন্ত্রণালয়".into();
    for format in [Format::Csv, Format::Xlsx] {
        let path = dir.path().join(format!("plan.{}", format.as_str()));
        write_file(&plan, &info(), format, &path).unwrap();
        let back = read_spreadsheet(&path, &plan).unwrap();
        assert_eq!(back.problems, vec![], "{format:?}");
        assert_eq!(back.plan, plan, "{format:?}: every value unchanged");
    }
}
