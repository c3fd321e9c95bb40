//! The exports as their readers open them: charts that survive an HTML parser with Bangla
//! labels, rows tall enough for their text on every sheet, a CSV that Excel opens in any
//! locale, the version the plan is, over-long text that never fails an export, and Bangla.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;
use std::process::Command;

use calamine::{Reader, open_workbook_auto_from_rs};
use framework_planner::export::{ExportInfo, csv as csv_export, html, matrix, xlsx};
use framework_planner::i18n::Language;
use framework_planner::model::Plan;
use framework_planner::planfile::{self, PlanFile};
use framework_planner::store::Store;
use quick_xml::events::Event;

const BIN: &str = env!("CARGO_BIN_EXE_framework-planner");

/// The built-in plan with goal titles and actor names in Bangla.
fn bangla_plan() -> Plan {
    let mut plan = framework_planner::seed::bmgf().unwrap();
    let titles = [
        "নিরাপদ ও নিয়মিত অভিবাসন নিশ্চিত করা",
        "প্রবাসী কর্মীদের অধিকার ও কল্যাণ",
        "দক্ষতা উন্নয়ন ও স্বীকৃতি",
        "রেমিট্যান্স ও বিনিয়োগ",
        "প্রত্যাবর্তন ও পুনঃএকীকরণ",
        "তথ্য, গবেষণা ও সমন্বয়",
    ];
    for (g, t) in plan.goals.iter_mut().zip(titles) {
        g.title = t.into();
    }
    for a in plan.actors.iter_mut().take(8) {
        a.full_name = format!("{} মন্ত্রণালয় <b>ও</b> বিভাগ", a.abbreviation);
    }
    plan
}

/// Every `<svg>…</svg>` of a page, as written.
fn svgs(page: &str) -> Vec<&str> {
    page.match_indices("<svg")
        .map(|(i, _)| {
            let end = page[i..].find("</svg>").expect("closed svg") + i + "</svg>".len();
            &page[i..end]
        })
        .collect()
}

/// Parses `svg` as XML: the names of all its elements and the text of each `<text>`.
fn parse_svg(svg: &str) -> (Vec<String>, Vec<String>) {
    let mut reader = quick_xml::Reader::from_str(svg);
    let (mut names, mut texts) = (Vec::new(), Vec::new());
    let mut in_text = false;
    loop {
        match reader.read_event() {
            Err(e) => panic!("not well-formed XML ({e}): {svg}"),
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => {
                let name = e.name().as_ref().to_owned();
                in_text = name == "text";
                if in_text {
                    texts.push(String::new());
                }
                names.push(name);
            }
            Ok(Event::Empty(e)) => {
                names.push(e.name().as_ref().to_owned());
            }
            Ok(Event::End(_)) => in_text = false,
            Ok(Event::Text(t)) if in_text => texts.last_mut().unwrap().push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if in_text => {
                let c = match r.resolve_char_ref().unwrap() {
                    Some(c) => c,
                    None => match r.as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("unknown entity {other:?}"),
                    },
                };
                texts.last_mut().unwrap().push(c);
            }
            Ok(_) => {}
        }
    }
    (names, texts)
}

/// Elements an HTML parser does not accept inside `<svg>`: it closes the SVG at them.
const HTML_ELEMENTS: [&str; 12] = [
    "span", "b", "i", "p", "br", "div", "em", "strong", "small", "sub", "sup", "font",
];

/// The first characters of each chart label of the Bangla plan: goals, then actors.
fn expected_labels(plan: &Plan) -> Vec<String> {
    let mut out: Vec<String> = plan
        .goals
        .iter()
        .map(|g| {
            format!(
                "Goal {}: {}",
                g.code,
                g.title.chars().take(12).collect::<String>()
            )
        })
        .collect();
    out.extend(
        plan.actors
            .iter()
            .take(8)
            .map(|a| format!("{} ({}", a.abbreviation, a.abbreviation)),
    );
    out
}

fn check_svgs(page: &str, plan: &Plan, whence: &str) {
    let charts = svgs(page);
    assert_eq!(charts.len(), 2, "{whence}: the two charts");
    let mut all_texts = Vec::new();
    for svg in charts {
        let (names, texts) = parse_svg(svg);
        for n in &names {
            assert!(
                !HTML_ELEMENTS.contains(&n.as_str()),
                "{whence}: <{n}> inside an svg"
            );
            assert!(
                ["svg", "text", "rect", "title", "g"].contains(&n.as_str()),
                "{whence}: unexpected <{n}>"
            );
        }
        assert!(texts.iter().any(|t| !t.trim().is_empty()));
        all_texts.extend(texts);
    }
    for label in expected_labels(plan) {
        // Actors in the chart are the busiest 20: only check those drawn.
        let actor = !label.starts_with("Goal ");
        let found = all_texts.iter().any(|t| t.starts_with(&label));
        let abbr = label.split(' ').next().unwrap();
        let drawn = all_texts
            .iter()
            .any(|t| t.starts_with(&format!("{abbr} (")));
        assert!(
            found || (actor && !drawn),
            "{whence}: label {label:?} in {all_texts:?}"
        );
    }
    assert!(
        all_texts.iter().filter(|t| t.contains("মন্ত্রণালয়")).count() >= 1,
        "{whence}: a Bangla actor name is in a chart"
    );
}

#[test]
fn charts_are_plain_svg_with_their_bangla_labels() {
    let plan = bangla_plan();
    let page = html::render(&plan, &ExportInfo::now("Day 2", "Rina"));
    check_svgs(&page, &plan, "as written");
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

#[test]
fn charts_keep_their_labels_in_a_browser() {
    let Some(browser) = chromium() else {
        eprintln!("NOTICE: Chromium is not installed; the browser check of the charts is skipped.");
        return;
    };
    let plan = bangla_plan();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.html");
    std::fs::write(
        &file,
        html::render(&plan, &ExportInfo::now("Day 2", "Rina")),
    )
    .unwrap();
    let out = Command::new(browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom"])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("file://{}", file.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dom = String::from_utf8(out.stdout).unwrap();
    // The DOM as the browser's HTML parser built it: had it left an <svg> early, the labels
    // would be outside it and the rest of the chart would be missing.
    check_svgs(&dom, &plan, "in Chromium's DOM");
}

/// The text of each file in a workbook, by path.
fn unzip(bytes: &[u8]) -> HashMap<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = HashMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut s = String::new();
        if f.read_to_string(&mut s).is_ok() {
            out.insert(f.name().unwrap().to_string(), s);
        }
    }
    out
}

fn attr(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.to_string())
}

/// `"C12"` → (column 2, row 12), both from 0 and 1.
fn cell_ref(r: &str) -> (usize, u32) {
    let letters: String = r.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let col = letters
        .bytes()
        .fold(0usize, |n, b| n * 26 + (b - b'A' + 1) as usize)
        - 1;
    (col, r[letters.len()..].parse().unwrap())
}

/// For one sheet's XML: column widths, row heights, merged spans and each string cell.
struct SheetXml {
    widths: HashMap<usize, f64>,
    heights: HashMap<u32, f64>,
    merged: HashMap<(usize, u32), usize>,
    cells: Vec<(usize, u32, String)>,
}

fn read_sheet(xml: &str, strings: &[String]) -> SheetXml {
    let mut s = SheetXml {
        widths: HashMap::new(),
        heights: HashMap::new(),
        merged: HashMap::new(),
        cells: Vec::new(),
    };
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut cell: Option<(usize, u32, bool)> = None;
    let mut in_v = false;
    // A string written in its cell (the long sheets write their rows as they go, without the
    // table of shared strings): its text, read up to the cell's end.
    let mut inline: Option<String> = None;
    let mut in_t = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "col" => {
                    let min: usize = attr(&e, "min").unwrap().parse().unwrap();
                    let max: usize = attr(&e, "max").unwrap().parse().unwrap();
                    let w: f64 = attr(&e, "width").unwrap().parse().unwrap();
                    for c in min..=max.min(100) {
                        s.widths.insert(c - 1, w);
                    }
                }
                "row" => {
                    let r: u32 = attr(&e, "r").unwrap().parse().unwrap();
                    if let Some(ht) = attr(&e, "ht") {
                        s.heights.insert(r, ht.parse().unwrap());
                    }
                }
                "c" => {
                    let (col, row) = cell_ref(&attr(&e, "r").unwrap());
                    let t = attr(&e, "t");
                    cell = Some((col, row, t.as_deref() == Some("s")));
                    inline = (t.as_deref() == Some("inlineStr")).then(String::new);
                }
                "v" => in_v = true,
                "t" if inline.is_some() => in_t = true,
                "mergeCell" => {
                    let r = attr(&e, "ref").unwrap();
                    let (a, b) = r.split_once(':').unwrap();
                    let (c0, r0) = cell_ref(a);
                    let (c1, _) = cell_ref(b);
                    s.merged.insert((c0, r0), c1);
                }
                _ => {}
            },
            Event::Text(t) if in_v => {
                if let Some((col, row, true)) = cell {
                    let i: usize = t.xml10_content().parse().unwrap();
                    s.cells.push((col, row, strings[i].clone()));
                }
            }
            Event::Text(t) if in_t => {
                if let Some(text) = inline.as_mut() {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_t => {
                if let Some(text) = inline.as_mut() {
                    text.push(entity(&r));
                }
            }
            Event::End(e) if e.name().as_ref() == "v" => in_v = false,
            Event::End(e) if e.name().as_ref() == "t" => in_t = false,
            Event::End(e) if e.name().as_ref() == "c" => {
                if let (Some((col, row, _)), Some(text)) = (cell, inline.take()) {
                    s.cells.push((col, row, text));
                }
            }
            _ => {}
        }
    }
    s
}

/// The character an entity or character reference stands for.
fn entity(r: &quick_xml::events::BytesRef) -> char {
    match r.resolve_char_ref().unwrap() {
        Some(c) => c,
        None => match r.as_ref() {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            _ => '\'',
        },
    }
}

fn shared_strings(xml: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut in_t = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == "si" => out.push(String::new()),
            Event::Start(e) if e.name().as_ref() == "t" => in_t = true,
            Event::End(e) if e.name().as_ref() == "t" => in_t = false,
            Event::Text(t) if in_t => out.last_mut().unwrap().push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_t => out.last_mut().unwrap().push(entity(&r)),
            _ => {}
        }
    }
    out
}

/// Lines a text needs at the least in a column `width` wide: its characters over the ones a
/// line holds (about 1.05 per unit of width, a digit of Noto Sans), per paragraph.
fn least_lines(text: &str, width: f64) -> usize {
    let per_line = ((width * 1.05) as usize).max(3);
    text.split('\n')
        .map(|l| l.chars().count().div_ceil(per_line).max(1))
        .sum()
}

fn check_row_heights(bytes: &[u8]) -> usize {
    let files = unzip(bytes);
    let strings = shared_strings(&files["xl/sharedStrings.xml"]);
    let mut checked = 0;
    let mut sheets: Vec<&String> = files
        .keys()
        .filter(|k| k.starts_with("xl/worksheets/sheet"))
        .collect();
    sheets.sort();
    for path in sheets {
        let s = read_sheet(&files[path], &strings);
        for (col, row, text) in &s.cells {
            let last = s.merged.get(&(*col, *row)).copied().unwrap_or(*col);
            let width: f64 = (*col..=last)
                .map(|c| s.widths.get(&c).copied().unwrap_or(8.43))
                .sum();
            let ht = s
                .heights
                .get(row)
                .unwrap_or_else(|| panic!("{path}: row {row} ({text:?}) has no height"));
            let need = (15.0 * least_lines(text, width) as f64).min(409.0);
            assert!(
                *ht >= need,
                "{path}: row {row} is {ht} pt, {text:?} in a column {width} wide needs {need}"
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn every_row_of_every_sheet_is_tall_enough_for_its_wrapped_text() {
    let mut plan = framework_planner::seed::bmgf().unwrap();
    plan.activities[0].notes = "First line\nsecond line\nthird line of the note".into();
    plan.actors[0].notes = "A long remark about this actor, ".repeat(8);
    for lang in Language::ALL {
        let info = ExportInfo::now("Day 2", "Rina").in_language(lang);
        let checked = check_row_heights(&xlsx::to_bytes(&plan, &info).unwrap());
        assert!(checked > 121 * 10, "{lang:?}: {checked} cells checked");
    }
    let plan = bangla_plan();
    check_row_heights(&xlsx::to_bytes(&plan, &ExportInfo::now("v", "")).unwrap());
}

#[test]
fn goal_sheets_print_their_reading_columns_only() {
    let plan = framework_planner::seed::bmgf().unwrap();
    let files = unzip(&xlsx::to_bytes(&plan, &ExportInfo::now("v", "")).unwrap());
    let workbook = &files["xl/workbook.xml"];
    // The id column (L) is outside every goal sheet's print area.
    let areas: Vec<&str> = workbook
        .split("_xlnm.Print_Area")
        .skip(1)
        .map(|s| &s[s.find('>').unwrap() + 1..s.find("</definedName>").unwrap()])
        .collect();
    assert_eq!(areas.len(), 2 + plan.goals.len() + 1, "{areas:?}");
    for a in areas.iter().filter(|a| a.contains("Goal")) {
        assert!(a.ends_with("!$A:$K"), "{a}");
    }
    // The printed columns fit A4 landscape between the margins at 85 % or more: a column
    // width w is w digits of the default font and 5 pixels, at 96 dpi.
    let styles = &files["xl/styles.xml"];
    let first_font = &styles[styles.find("<font>").unwrap()..];
    let first_font = &first_font[..first_font.find("</font>").unwrap()];
    assert!(first_font.contains("val=\"Noto Sans\""), "{first_font}");
    let printed: f64 = xlsx::WIDTHS[..matrix::ID]
        .iter()
        .map(|w| (w * xlsx::DIGIT_PX + 0.5).floor() + 5.0)
        .sum();
    let page_px = (11.69 - 0.35 * 2.0) * 96.0;
    let scale = (page_px / printed).min(1.0);
    assert!(scale >= 0.85, "prints at {:.0} %", scale * 100.0);
}

/// Splits CSV text the way a spreadsheet does with separator `sep`: a quote anywhere toggles
/// quoting, and a separator or line break outside quotes ends a field or a record.
fn spreadsheet_split(text: &str, sep: char) -> Vec<Vec<String>> {
    let (mut records, mut fields, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' => quoted = !quoted,
            c if c == sep && !quoted => fields.push(std::mem::take(&mut field)),
            '\r' if !quoted => {}
            '\n' if !quoted => {
                fields.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut fields));
            }
            c => field.push(c),
        }
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        records.push(fields);
    }
    records
}

#[test]
fn csv_has_a_bom_and_no_separator_splits_a_field() {
    let mut plan = framework_planner::seed::bmgf().unwrap();
    let texts = [
        "Budget review;=7*6;done",
        ";=1+1",
        "before\t=1+1\tafter",
        "a, b; c\td",
        "স্বাস্থ্য – পরীক্ষা",
    ];
    for (a, t) in plan.activities.iter_mut().zip(texts) {
        a.text = t.into();
    }
    plan.activities[5].notes = ";=1+1".into();
    let mut bytes = Vec::new();
    csv_export::write(&plan, &mut bytes).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a UTF-8 byte order mark"
    );
    let text = std::str::from_utf8(&bytes[3..]).unwrap();

    // Read as CSV (commas): every value whole.
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), plan.activities.len());
    for r in &rows {
        assert_eq!(r.len(), 12);
    }
    for t in texts {
        assert!(rows.iter().any(|r| &r[4] == t), "{t:?} whole");
    }
    // Every field is quoted.
    for line in text.lines().filter(|l| l.starts_with('"')) {
        assert!(line.ends_with('"'), "{line}");
    }

    // Read with ';' or a tab as the separator: no field can start a formula, and each row
    // stays one field, so the text holding ';=1+1' or a tab is never split.
    for sep in [';', '\t'] {
        let records = spreadsheet_split(text, sep);
        assert_eq!(records.len(), plan.activities.len() + 1, "{sep:?}");
        for r in &records {
            assert_eq!(r.len(), 1, "{sep:?}: {r:?}");
            assert!(!r[0].starts_with(['=', '+', '-', '@']), "{sep:?}: {r:?}");
        }
        for t in texts {
            assert!(records.iter().any(|r| r[0].contains(t)), "{sep:?}: {t:?}");
        }
    }
}

fn cli(args: &[&str], db: &Path) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .unwrap()
}

/// The version line of the Overview sheet of a workbook exported by the command line.
fn exported_version_line(db: &Path, dir: &Path) -> (String, String) {
    let out = dir.join("plan.xlsx");
    let run = cli(
        &["export", "--format", "xlsx", "--out", out.to_str().unwrap()],
        db,
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut wb = open_workbook_auto_from_rs(Cursor::new(std::fs::read(&out).unwrap())).unwrap();
    let overview = wb.worksheet_range("Overview").unwrap();
    let line = overview.get_value((2, 0)).unwrap().to_string();
    let report = dir.join("plan.html");
    let run = cli(
        &[
            "export",
            "--format",
            "html",
            "--out",
            report.to_str().unwrap(),
        ],
        db,
    );
    assert!(run.status.success());
    (line, std::fs::read_to_string(report).unwrap())
}

#[test]
fn the_cover_names_the_version_the_plan_is_or_is_based_on() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let v1 = dir.path().join("v1.fwplan");
    let run = cli(
        &[
            "export",
            "--format",
            "plan",
            "--out",
            v1.to_str().unwrap(),
            "--label",
            "Workshop day 1",
        ],
        &db,
    );
    assert!(run.status.success());
    let (line, _) = exported_version_line(&db, dir.path());
    assert!(
        line.starts_with("Version: Workshop day 1 · Exported "),
        "{line}"
    );

    // The ministry's copy changes two activities; here one of them was changed too.
    let base = planfile::read_path(&v1).unwrap();
    let mut theirs = base.plan.clone();
    let i = theirs
        .activities
        .iter()
        .position(|a| a.code == "1.1.1.1")
        .unwrap();
    let j = theirs
        .activities
        .iter()
        .position(|a| a.code == "1.1.1.2")
        .unwrap();
    theirs.activities[i].text = "Their wording".into();
    theirs.activities[j].text = "Their other wording".into();
    let file = PlanFile::new(theirs, Some(base.version_id), "MoHFW", "MoHFW comments", "");
    let theirs_path = dir.path().join("theirs.fwplan");
    planfile::write(&theirs_path, &file).unwrap();
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute(
        "UPDATE activity SET text = 'Our wording' WHERE code = '1.1.1.1'",
        [],
    )
    .unwrap();
    drop(c);
    // Imported with the conflict kept as ours: the plan is not the ministry's version.
    let run = cli(&["import", theirs_path.to_str().unwrap(), "--yes"], &db);
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );
    let now = Store::open(&db).unwrap().load_plan().unwrap();
    let n = planfile::diff(&file.plan, &now).len();
    assert_eq!(n, 1, "only the kept value differs");
    let (line, report) = exported_version_line(&db, dir.path());
    let expected = "based on version MoHFW comments, with 1 change since";
    assert!(
        line.starts_with(&format!("Version: {expected} · ")),
        "{line}"
    );
    assert!(report.contains(expected), "the report's cover");
    assert!(
        report.contains(&format!("content: \"{expected} · ")),
        "the report's page header"
    );

    // Taking theirs makes the plan that version again.
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute(
        "UPDATE activity SET text = 'Their wording' WHERE code = '1.1.1.1'",
        [],
    )
    .unwrap();
    drop(c);
    let (line, _) = exported_version_line(&db, dir.path());
    assert!(line.starts_with("Version: MoHFW comments · "), "{line}");
}

#[test]
fn a_note_longer_than_a_cell_and_a_long_label_still_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    drop(Store::open(&db).unwrap());
    let note: String = "Notes from the consultation. "
        .repeat(1600)
        .chars()
        .take(45_000)
        .collect();
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute(
        "UPDATE activity SET notes = ?1 WHERE code = '1.1.1.1'",
        [&note],
    )
    .unwrap();
    drop(c);
    let label = "Validation workshop & comments of the ministries, ".repeat(6);
    let label = &label[..300];
    for format in ["xlsx", "html", "csv"] {
        let out = dir.path().join(format!("plan.{format}"));
        let run = cli(
            &[
                "export",
                "--format",
                format,
                "--out",
                out.to_str().unwrap(),
                "--label",
                label,
            ],
            &db,
        );
        assert!(
            run.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let err = String::from_utf8_lossy(&run.stderr);
        assert!(!err.contains("exceeds"), "{format}: {err}");
    }
    let bytes = std::fs::read(dir.path().join("plan.xlsx")).unwrap();
    // The cell is cut with a visible marker.
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes.clone())).unwrap();
    let goal1 = wb.worksheet_range("Goal 1").unwrap();
    let cell = goal1
        .rows()
        .find(|r| r.get(matrix::CODE).is_some_and(|c| *c == "1.1.1.1"))
        .map(|r| r[matrix::NOTES].to_string())
        .unwrap();
    assert!(
        cell.ends_with("(continued in the plan file)"),
        "{}",
        &cell[cell.len() - 60..]
    );
    assert!(cell.encode_utf16().count() <= 32_767);
    assert!(note.starts_with(cell.split(" …\n").next().unwrap()));
    // Every sheet keeps a page header, shortened to Excel's 255 characters.
    let files = unzip(&bytes);
    for (path, xml) in files
        .iter()
        .filter(|(k, _)| k.starts_with("xl/worksheets/sheet"))
    {
        let start = xml
            .find("<oddHeader>")
            .unwrap_or_else(|| panic!("{path} has a header"));
        let header = &xml[start + 11..xml[start..].find("</oddHeader>").unwrap() + start];
        let header = header.replace("&amp;", "&");
        assert!(
            header.encode_utf16().count() <= 255,
            "{path}: {}",
            header.len()
        );
        assert!(header.contains("Validation workshop"), "{path}: {header}");
    }
    // The report and the CSV hold the whole note.
    let report = std::fs::read_to_string(dir.path().join("plan.html")).unwrap();
    assert!(report.contains(&html::escape(&note)));
    let csv = std::fs::read_to_string(dir.path().join("plan.csv")).unwrap();
    assert!(csv.contains(&note));

    // Brought back, the cut cell does not shorten the note.
    let plan = Store::open(&db).unwrap().load_plan().unwrap();
    let back =
        framework_planner::export::import::read_spreadsheet(&dir.path().join("plan.xlsx"), &plan)
            .unwrap();
    assert!(back.problems.is_empty(), "{:?}", back.problems);
    let a = back
        .plan
        .activities
        .iter()
        .find(|a| a.code == "1.1.1.1")
        .unwrap();
    assert_eq!(a.notes, note);
    assert!(planfile::diff(&plan, &back.plan).is_empty());
}

#[test]
fn workbook_and_report_in_bangla() {
    let plan = framework_planner::seed::bmgf().unwrap();
    let info = ExportInfo::now("দ্বিতীয় দিন", "রিনা").in_language(Language::Bangla);
    let bytes = xlsx::to_bytes(&plan, &info).unwrap();
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes.clone())).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names.first().map(String::as_str), Some("সারসংক্ষেপ"));
    assert!(names.contains(&"লক্ষ্য 1".to_owned()), "{names:?}");
    assert!(names.contains(&"কে কী করে".to_owned()), "{names:?}");
    assert_eq!(names.last().map(String::as_str), Some("অংশীজন"));
    let goal = wb.worksheet_range("লক্ষ্য 1").unwrap();
    let rows: Vec<Vec<String>> = goal
        .rows()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect();
    assert_eq!(rows[0][0], plan.name, "the plan's text as typed");
    assert!(
        rows[2][0].starts_with("সংস্করণ: দ্বিতীয় দিন · রপ্তানি "),
        "{}",
        rows[2][0]
    );
    assert!(
        rows[2][0].chars().any(|c| ('০'..='৯').contains(&c)),
        "a Bangla date"
    );
    let header = &rows[4];
    assert_eq!(header[0], "লক্ষ্য");
    assert_eq!(header[2], "উপ-সূচক");
    assert_eq!(header[matrix::TIMELINE], "সময়সীমা");
    assert_eq!(header[matrix::ID], "id");
    // Every coded value is a Bangla label.
    for r in &rows[5..] {
        for c in [matrix::TIMELINE, matrix::STATUS] {
            assert!(
                r[c].chars()
                    .any(|ch| ('\u{0980}'..='\u{09FF}').contains(&ch)),
                "{}",
                r[c]
            );
        }
        assert!(!r[matrix::FLAGS].contains('_'), "{}", r[matrix::FLAGS]);
    }
    // And the Bangla workbook comes back without a problem or a change.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bn.xlsx");
    std::fs::write(&path, &bytes).unwrap();
    let back = framework_planner::export::import::read_spreadsheet(&path, &plan).unwrap();
    assert!(back.problems.is_empty(), "{:?}", back.problems);
    assert!(planfile::diff(&plan, &back.plan).is_empty());

    let page = html::render(&plan, &info);
    assert!(page.contains("<html lang=\"bn\">"));
    for heading in [
        "এক নজরে পরিকল্পনা",
        "সময়সীমা অনুযায়ী পরিকল্পনা",
        "কে কী করে",
        "অমীমাংসিত তথ্য যাচাই",
        "কর্মপরিকল্পনা প্রতিবেদন",
    ] {
        assert!(page.contains(heading), "{heading}");
    }
    for english in [
        "The plan at a glance",
        "Who does what",
        "Open data checks",
        "Action plan report",
    ] {
        assert!(!page.contains(english), "{english} left in English");
    }
    // Labels fill whole cells (an actor of the plan is called "Proposed TF").
    for english in [
        "Short term",
        "Not scheduled",
        "Proposed",
        "Needs revision",
        "Lead",
    ] {
        assert!(
            !page.contains(&format!(">{english}<")),
            "{english} left in English"
        );
    }
    assert!(page.contains("@font-face"), "the Bengali font is embedded");
}

#[test]
fn the_command_line_exports_in_bangla_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let out = dir.path().join("bn.html");
    let run = cli(
        &[
            "export",
            "--format",
            "html",
            "--out",
            out.to_str().unwrap(),
            "--lang",
            "bn",
        ],
        &db,
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("এক নজরে পরিকল্পনা")
    );
    let run = cli(
        &[
            "export",
            "--format",
            "html",
            "--out",
            out.to_str().unwrap(),
            "--lang",
            "fr",
        ],
        &db,
    );
    // A usage error that names the value and the languages there are.
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("'fr'") && err.contains("en, bn"), "{err}");
}
