//! Spreadsheets that came back damaged, cut off or made to hurt: each is refused with a
//! sentence or its rows are reported, none aborts the process, and memory stays bounded.
//!
//! Small files are in `tests/spreadsheets/` (see its README); large ones are generated here.
//! All cases run in one test, so that the memory measured is this test's own: test binaries
//! run their tests as threads of one process.

use std::io::Write;
use std::path::{Path, PathBuf};

use framework_planner::export::import::{ImportError, ProblemKind, read_spreadsheet};
use framework_planner::model::Plan;
use framework_planner::planfile::diff;

/// Peak memory the whole catalogue may add to the process: a few hundred MB at most, whatever
/// the files claim (a far cell once asked for 512 GB, a 10 MB file once took over 10 GB).
const MEMORY_BOUND_MB: u64 = 300;

fn catalogue(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/spreadsheets")
        .join(name)
}

/// A value of /proc/self/status in MB (VmRSS now, VmHWM the peak so far).
fn vm_mb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

fn refused(plan: &Plan, path: &Path) -> ImportError {
    match read_spreadsheet(path, plan) {
        Ok(r) => panic!("{} was read: {:?}", path.display(), r.problems),
        Err(e) => {
            let text = e.to_string();
            assert!(
                text.contains("the plan is unchanged"),
                "{}: {text}",
                path.display()
            );
            e
        }
    }
}

/// A workbook with the given parts besides its sheet; `size` bytes of `a` each.
fn workbook(path: &Path, sheet: &dyn Fn(&mut dyn Write), extra: &[(&str, u64)]) {
    use zip::write::SimpleFileOptions;
    let file = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(file);
    let opt = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let parts: [(&str, &str); 3] = [
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Goal 1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ];
    for (name, body) in parts {
        z.start_file(name, opt).unwrap();
        z.write_all(body.as_bytes()).unwrap();
    }
    z.start_file("xl/worksheets/sheet1.xml", opt).unwrap();
    sheet(&mut z);
    let chunk = vec![b'a'; 1 << 20];
    for (name, size) in extra {
        z.start_file(*name, opt).unwrap();
        let mut left = *size;
        while left > 0 {
            let n = left.min(chunk.len() as u64) as usize;
            z.write_all(&chunk[..n]).unwrap();
            left -= n as u64;
        }
    }
    z.finish().unwrap();
}

/// A sheet of `rows` rows of one cell each, with a `<dimension>` when given.
fn rows_sheet(dimension: Option<String>, rows: u32) -> impl Fn(&mut dyn Write) {
    move |w: &mut dyn Write| {
        let mut w = std::io::BufWriter::new(w);
        write!(
            w,
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        )
        .unwrap();
        if let Some(d) = &dimension {
            write!(w, r#"<dimension ref="{d}"/>"#).unwrap();
        }
        write!(w, "<sheetData>").unwrap();
        for r in 1..=rows {
            write!(
                w,
                r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x</t></is></c></row>"#
            )
            .unwrap();
        }
        write!(w, "</sheetData></worksheet>").unwrap();
        w.flush().unwrap();
    }
}

/// Makes the zip directory (and the local header) of `part` declare `size` bytes unpacked.
fn declare_size(path: &Path, part: &str, size: u32) {
    let mut bytes = std::fs::read(path).unwrap();
    let name = part.as_bytes();
    let u16_at = |b: &[u8], i: usize| u16::from_le_bytes([b[i], b[i + 1]]) as usize;
    let mut patched = 0;
    for i in 0..bytes.len().saturating_sub(46) {
        let (sig, name_at, len_at, size_at) = match &bytes[i..i + 4] {
            b"PK\x01\x02" => (true, 46, 28, 24),
            b"PK\x03\x04" => (true, 30, 26, 22),
            _ => (false, 0, 0, 0),
        };
        if !sig {
            continue;
        }
        let len = u16_at(&bytes, i + len_at);
        if bytes.get(i + name_at..i + name_at + len) == Some(name) {
            bytes[i + size_at..i + size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "the local header and the directory entry");
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn hostile_spreadsheets_are_refused_or_reported_within_bounded_memory() {
    let start = vm_mb("VmRSS");
    let plan = framework_planner::seed::bmgf().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let within_bound = |case: &str| {
        let grown = vm_mb("VmHWM").saturating_sub(start);
        assert!(
            grown < MEMORY_BOUND_MB,
            "{case}: peak memory grew by {grown} MB, over {MEMORY_BOUND_MB} MB"
        );
    };
    let activity = |p: &Plan, code: &str| {
        p.activities
            .iter()
            .find(|a| a.code == code)
            .unwrap()
            .clone()
    };

    // A cell in XFD1048576, declared in the sheet's dimension: refused before any row.
    let e = refused(&plan, &catalogue("far_cell.xlsx"));
    assert!(
        matches!(
            e,
            ImportError::TooManyRows {
                rows: 1_048_576,
                ..
            }
        ),
        "{e}"
    );
    within_bound("far cell");
    // The same without a dimension: refused as the row streams past.
    let e = refused(&plan, &catalogue("far_cell_no_dimension.xlsx"));
    assert!(matches!(e, ImportError::TooManyRows { .. }), "{e}");
    within_bound("far cell, no dimension");

    // Beyond Excel's own grid.
    let beyond = dir.path().join("beyond_grid.xlsx");
    workbook(&beyond, &rows_sheet(Some("A1:XFE2".into()), 2), &[]);
    let e = refused(&plan, &beyond);
    assert!(matches!(e, ImportError::BeyondGrid { .. }), "{e}");
    assert!(e.to_string().contains("16,384 columns"), "{e}");

    // Many rows: 150,000, declared, then undeclared.
    let many = dir.path().join("many_rows.xlsx");
    workbook(&many, &rows_sheet(Some("A1:A150000".into()), 150_000), &[]);
    let e = refused(&plan, &many);
    assert!(
        matches!(e, ImportError::TooManyRows { rows: 150_000, .. }),
        "{e}"
    );
    workbook(&many, &rows_sheet(None, 150_000), &[]);
    let e = refused(&plan, &many);
    assert!(matches!(e, ImportError::TooManyRows { .. }), "{e}");
    assert!(e.to_string().contains("100,000 activities"), "{e}");
    within_bound("many rows");

    // One shared string of 60 MB, honestly declared: refused from the zip directory.
    let huge = dir.path().join("huge_shared_string.xlsx");
    let small = rows_sheet(Some("A1".into()), 1);
    workbook(&huge, &small, &[("xl/sharedStrings.xml", 60 << 20)]);
    let e = refused(&plan, &huge);
    assert!(
        matches!(&e, ImportError::PartTooLarge { part, size: 60, max: 50, .. } if part == "xl/sharedStrings.xml"),
        "{e}"
    );
    within_bound("huge shared string");
    // The same part declaring 1 KB: caught while counting what it really unpacks to.
    declare_size(&huge, "xl/sharedStrings.xml", 1024);
    let e = refused(&plan, &huge);
    assert!(
        matches!(
            e,
            ImportError::SizeMismatch { .. } | ImportError::NotASpreadsheet { .. }
        ),
        "{e}"
    );
    within_bound("huge shared string, size hidden");
    // Parts each under the cap that together unpack to more than the workbook may.
    let parts = dir.path().join("many_parts.xlsx");
    let extra: Vec<(String, u64)> = (0..5)
        .map(|i| (format!("xl/media/p{i}.bin"), 45 << 20))
        .collect();
    let extra: Vec<(&str, u64)> = extra.iter().map(|(n, s)| (n.as_str(), *s)).collect();
    workbook(&parts, &small, &extra);
    let e = refused(&plan, &parts);
    assert!(matches!(e, ImportError::WorkbookTooLarge { .. }), "{e}");
    within_bound("parts adding up");

    // A workbook cut off in a download, and a zip that is not a workbook.
    let e = refused(&plan, &catalogue("cut.xlsx"));
    assert!(matches!(e, ImportError::NotASpreadsheet { .. }), "{e}");
    assert!(e.to_string().contains("cut off"), "{e}");
    let e = refused(&plan, &catalogue("wrong_parts.xlsx"));
    assert!(matches!(e, ImportError::NotASpreadsheet { .. }), "{e}");

    // A small, whole workbook streams and reads (inline strings, no shared strings).
    let ok = read_spreadsheet(&catalogue("valid_small.xlsx"), &plan).unwrap();
    assert_eq!(ok.problems, vec![]);
    assert_eq!(activity(&ok.plan, "1.1.1.3").status.as_str(), "agreed");

    // Text files not in UTF-8: the encoding named, and what to do.
    for (name, encoding) in [("utf16.csv", "UTF-16"), ("latin1.csv", "Latin-1")] {
        let e = refused(&plan, &catalogue(name));
        let text = e.to_string();
        assert!(
            text.contains(encoding) && text.contains("Save it as UTF-8"),
            "{name}: {text}"
        );
    }

    // A CSV of more rows than a plan can have.
    let long = dir.path().join("many_rows.csv");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&long).unwrap());
    writeln!(w, "activity_code,activity,lead,co_leads,timeline,status").unwrap();
    for i in 0..120_000 {
        writeln!(w, "9.9.9.{i},x,,,short,proposed").unwrap();
    }
    w.flush().unwrap();
    drop(w);
    let e = refused(&plan, &long);
    assert!(matches!(e, ImportError::TooManyRows { .. }), "{e}");
    within_bound("many CSV rows");

    // Rows that are not whole: listed with their row number, and they change nothing. The
    // whole row before them still applies.
    for (name, expect) in [
        ("cut_in_quoted_cell.csv", ProblemKind::CutRow),
        (
            "short_row.csv",
            ProblemKind::ShortRow {
                cells: 7,
                expected: 12,
            },
        ),
        (
            "empty_timeline_and_status.csv",
            ProblemKind::EmptyRequired {
                columns: vec!["timeline", "status"],
            },
        ),
    ] {
        let r = read_spreadsheet(&catalogue(name), &plan).unwrap();
        assert_eq!(r.problems.len(), 1, "{name}: {:?}", r.problems);
        assert_eq!(r.problems[0].row, 3, "{name}");
        assert_eq!(r.problems[0].kind, expect, "{name}");
        assert!(r.problems[0].to_string().contains("row 3"), "{name}");
        assert_eq!(
            activity(&r.plan, "1.1.1.3"),
            activity(&plan, "1.1.1.3"),
            "{name}: the cut row changed nothing"
        );
        assert_eq!(activity(&r.plan, "1.1.1.1").notes, "Checked with MoHFW");
        let changes = diff(&plan, &r.plan);
        assert_eq!(changes.len(), 1, "{name}: only the whole row's note");
    }

    // A blank lead on a whole row is an edit, shown as "cleared".
    let r = read_spreadsheet(&catalogue("cleared_lead.csv"), &plan).unwrap();
    assert_eq!(r.problems, vec![]);
    assert!(activity(&r.plan, "1.1.1.3").leads.is_empty());
    let changes = diff(&plan, &r.plan);
    assert_eq!(changes.len(), 1);
    assert!(changes[0].is_cleared());
    assert!(
        changes[0]
            .sentence()
            .contains("lead of 1.1.1.3 cleared (was MoHFW)"),
        "{}",
        changes[0].sentence()
    );

    within_bound("the whole catalogue");
    eprintln!(
        "peak memory grew by {} MB (bound {MEMORY_BOUND_MB} MB)",
        vm_mb("VmHWM").saturating_sub(start)
    );
}
