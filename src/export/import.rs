//! Bringing an edited spreadsheet back: an .xlsx workbook or a .csv file in the exported layout.
//!
//! Rows are matched to activities by the `id` column, or by the activity code when a row has no
//! id (or the file no id column). The result is a copy of the plan with the spreadsheet's values
//! applied, for the compare view to show change by change, and every row that could not be used
//! as it stands, with its sheet and row number. Nothing is dropped silently, and nothing is
//! written anywhere: the caller decides what to keep.
//!
//! What a row can change: the activity's code, text, lead, co-leads, timeline, status and notes,
//! and its sub-indicator (by code). The goal, indicator and flag columns are derived from the plan
//! and ignored. A value that cannot be read (an unknown actor, a timeline that is not one) leaves
//! the plan's value and is listed; the row's other values still apply. Activities without a row
//! keep their values: a file may hold only part of the plan.

use std::collections::HashMap;
use std::fmt;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use calamine::{DataRef, Reader};
use thiserror::Error;

use super::{matrix, safe};
use crate::model::board::GAP;
use crate::model::{Id, Lane, Plan, Status};

/// Larger files are refused: the BMGF's workbook is about 40 KB, and 10,000 activities about 4 MB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// A sheet's header row is looked for in its first rows (the workbook has a header block).
const HEADER_SEARCH_ROWS: usize = 20;
/// Columns a matrix sheet must have to be read.
const REQUIRED: [usize; 6] = [
    matrix::CODE,
    matrix::TEXT,
    matrix::LEAD,
    matrix::CO_LEADS,
    matrix::TIMELINE,
    matrix::STATUS,
];

/// The plan with the spreadsheet's values applied, and what could not be used.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetImport {
    pub plan: Plan,
    pub problems: Vec<RowProblem>,
    /// Data rows read, over all matrix sheets.
    pub rows: usize,
}

/// One thing in the file that was not applied as it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    /// The sheet's name; for a CSV file, the file's name.
    pub sheet: String,
    /// The row number a spreadsheet shows (the first row is 1).
    pub row: usize,
    pub kind: ProblemKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// The sheet has a header row but lacks columns the import needs; the sheet was skipped.
    MissingColumns {
        columns: Vec<&'static str>,
    },
    /// The id cell is not a UUID.
    MalformedId {
        text: String,
    },
    /// No activity of the plan has this id; new activities are not created from a spreadsheet.
    UnknownId {
        id: String,
    },
    /// No id, and no activity has this code.
    UnknownCode {
        code: String,
    },
    /// No id, and several activities have this code.
    AmbiguousCode {
        code: String,
    },
    /// Neither an id nor a code.
    NoIdOrCode,
    /// An earlier row already stands for the same activity.
    Duplicate {
        first_row: usize,
        first_sheet: String,
    },
    MalformedLane {
        text: String,
    },
    MalformedStatus {
        text: String,
    },
    UnknownActor {
        column: &'static str,
        text: String,
    },
    UnknownSubIndicator {
        code: String,
    },
    /// The activity text was emptied; an activity needs one.
    EmptyText,
    /// A CSV row with fewer cells than the header: cut off, so nothing of it was applied.
    ShortRow {
        cells: usize,
        expected: usize,
    },
    /// The file ends inside a quoted cell of this row: cut off, nothing of it was applied.
    CutRow,
    /// Timeline or status left empty; every row has them, so nothing of it was applied.
    EmptyRequired {
        columns: Vec<&'static str>,
    },
    /// The sheet has cells right of the columns read (64); the first is in this row.
    FarCells {
        column: usize,
    },
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, row {}: ", self.sheet, self.row)?;
        let kept = "the plan's value was kept";
        let skipped = "the row was not applied";
        match &self.kind {
            ProblemKind::MissingColumns { columns } => write!(
                f,
                "the header lacks the column(s) {}; this sheet was not read",
                columns.join(", ")
            ),
            ProblemKind::MalformedId { text } => {
                write!(f, "the id {text:?} is not a valid id; {skipped}")
            }
            ProblemKind::UnknownId { id } => write!(
                f,
                "no activity in the plan has the id {id}; {skipped} (new activities are added in the app)"
            ),
            ProblemKind::UnknownCode { code } => {
                write!(
                    f,
                    "no activity in the plan has the code {code:?}; {skipped}"
                )
            }
            ProblemKind::AmbiguousCode { code } => write!(
                f,
                "several activities have the code {code:?} and the row has no id; {skipped}"
            ),
            ProblemKind::NoIdOrCode => write!(f, "the row has neither an id nor a code; {skipped}"),
            ProblemKind::Duplicate {
                first_row,
                first_sheet,
            } => write!(
                f,
                "the same activity is already on {first_sheet}, row {first_row}; {skipped}"
            ),
            ProblemKind::MalformedLane { text } => write!(
                f,
                "the timeline {text:?} is not one of short, medium, long, unscheduled; {kept}"
            ),
            ProblemKind::MalformedStatus { text } => write!(
                f,
                "the status {text:?} is not one of proposed, agreed, needs_revision, dropped; {kept}"
            ),
            ProblemKind::UnknownActor { column, text } => write!(
                f,
                "{column}: {text:?} is not the abbreviation of an actor in the plan; {kept}"
            ),
            ProblemKind::UnknownSubIndicator { code } => write!(
                f,
                "no sub-indicator has the code {code:?}; the activity stays where it is"
            ),
            ProblemKind::EmptyText => write!(f, "the activity text is empty; {kept}"),
            ProblemKind::ShortRow { cells, expected } => write!(
                f,
                "the row has {cells} cells where the header has {expected}: it was cut off; {skipped}"
            ),
            ProblemKind::CutRow => write!(
                f,
                "the file ends inside a quoted cell of this row: it was cut off; {skipped}"
            ),
            ProblemKind::EmptyRequired { columns } => write!(
                f,
                "{} left empty, which every row has; {skipped}",
                columns.join(" and ")
            ),
            ProblemKind::FarCells { column } => write!(
                f,
                "cells from column {column} on are further right than the exported layout goes and were not read"
            ),
        }
    }
}

#[derive(Debug, Error)]
pub enum ImportError {
    #[error("Could not read {path}: {source}. The plan is unchanged.")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path} is larger than {max} MB, more than an exported plan can be. It was not read; the plan is unchanged."
    )]
    TooLarge { path: PathBuf, max: u64 },
    #[error(
        "{path} could not be opened as a spreadsheet ({detail}). It was not read; the plan is unchanged."
    )]
    NotASpreadsheet { path: PathBuf, detail: String },
    #[error(
        "No sheet of {path} has the action matrix's header row (activity_code, activity, lead, co_leads, timeline, status, id). Export the plan first and edit that file. The plan is unchanged."
    )]
    NoMatrix { path: PathBuf },
    #[error(
        "{path} is saved as {encoding} text, not UTF-8, so its letters would be misread. Save it as UTF-8 (in Excel: Save As, \"CSV UTF-8\") and open it again. It was not read; the plan is unchanged."
    )]
    Encoding {
        path: PathBuf,
        encoding: &'static str,
    },
    #[error(
        "{path}: the part {part} of the workbook unpacks to {size} MB, more than the {max} MB a sheet of an exported plan can be. It was not read; the plan is unchanged."
    )]
    PartTooLarge {
        path: PathBuf,
        part: String,
        size: u64,
        max: u64,
    },
    #[error(
        "{path}: the workbook unpacks to more than {max} MB in all, more than an exported plan can be. It was not read; the plan is unchanged."
    )]
    WorkbookTooLarge { path: PathBuf, max: u64 },
    #[error(
        "{path}: the part {part} of the workbook holds more than its directory declares; the file is damaged or made to mislead. It was not read; the plan is unchanged."
    )]
    SizeMismatch { path: PathBuf, part: String },
    #[error(
        "{path}: the sheet {sheet:?} reaches row {rows}, more than the {max} rows this app reads (a plan holds at most 100,000 activities). It was not read; the plan is unchanged."
    )]
    TooManyRows {
        path: PathBuf,
        sheet: String,
        rows: u64,
        max: u64,
    },
    #[error(
        "{path}: the sheet {sheet:?} claims cells beyond Excel's own grid of 1,048,576 rows and 16,384 columns; no spreadsheet program made it. It was not read; the plan is unchanged."
    )]
    BeyondGrid { path: PathBuf, sheet: String },
}

/// Read a workbook only within these bounds: an exported plan of the largest supported size
/// (100,000 activities) stays well inside them, and a hostile file is refused before it is
/// unpacked, so no file makes the app use more than a few hundred MB.
pub mod limits {
    /// Rows a sheet or a CSV file may reach: the largest supported plan and its header block.
    pub const MAX_ROWS: u64 = 100_000 + 1_000;
    /// Unpacked size of one part of a workbook (a sheet, the shared strings).
    pub const MAX_PART_BYTES: u64 = 50 * 1024 * 1024;
    /// Unpacked size of all parts together.
    pub const MAX_TOTAL_BYTES: u64 = 200 * 1024 * 1024;
    /// Parts in a workbook: the export has a few dozen.
    pub const MAX_PARTS: usize = 10_000;
    /// Columns kept per row; the exported layout has 12. Cells further right are listed once.
    pub const MAX_COLUMNS: usize = 64;
    /// Excel's own grid.
    pub const GRID_ROWS: u64 = 1_048_576;
    pub const GRID_COLUMNS: u64 = 16_384;
}
use limits::*;

/// One non-empty row of a sheet (or of a CSV file).
struct Row {
    /// The row number a spreadsheet shows (the first row is 1).
    number: usize,
    cells: Vec<String>,
    /// A CSV row that ends inside a quoted cell: the file was cut off.
    cut: bool,
}

/// One sheet (or a CSV file) as text cells.
struct Table {
    name: String,
    rows: Vec<Row>,
    /// A CSV file, whose rows must be whole: as many cells as the header.
    csv: bool,
    /// The first cell right of [`MAX_COLUMNS`] that held something, as (row, column), both
    /// counted from 1; such cells are not read.
    far_cell: Option<(usize, usize)>,
}

/// Reads an edited .xlsx or .csv file in the exported layout and applies its values to a copy
/// of `plan`. See the module documentation for what is applied.
pub fn read_spreadsheet(path: &Path, plan: &Plan) -> Result<SheetImport, ImportError> {
    let bytes = read_capped(path)?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let is_zip = bytes.starts_with(b"PK");
    let is_csv = ext == "csv" || (!is_zip && !has_workbook_extension(path));
    let tables = if is_csv {
        let name = path
            .file_name()
            .map_or_else(|| "CSV".into(), |n| n.to_string_lossy().into_owned());
        vec![csv_table(&bytes, name, path)?]
    } else if matches!(ext.as_str(), "xls" | "xlsb" | "ods") {
        return Err(ImportError::NotASpreadsheet {
            path: path.to_path_buf(),
            detail: format!(
                "a .{ext} file; save it as an Excel workbook (.xlsx) or as CSV UTF-8 and open that"
            ),
        });
    } else {
        workbook_tables(&bytes, path)?
    };
    apply(plan, tables, path)
}

fn has_workbook_extension(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["xlsx", "xlsm", "xlsb", "xls", "ods"].contains(&e.to_ascii_lowercase().as_str())
    })
}

fn read_capped(path: &Path) -> Result<Vec<u8>, ImportError> {
    let read_err = |source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_err)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            path: path.to_path_buf(),
            max: MAX_FILE_BYTES / (1024 * 1024),
        });
    }
    Ok(bytes)
}

/// The text encoding of a file that is not UTF-8, named as people know it.
fn not_utf8(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xFF\xFE") {
        return Some("UTF-16 (little-endian)");
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Some("UTF-16 (big-endian)");
    }
    // Text in UTF-16 without a byte order mark has a zero in every other byte.
    if bytes.iter().take(4096).any(|&b| b == 0) {
        return Some("UTF-16");
    }
    std::str::from_utf8(bytes)
        .is_err()
        .then_some("Latin-1 (or Windows-1252)")
}

fn csv_table(bytes: &[u8], name: String, path: &Path) -> Result<Table, ImportError> {
    if let Some(encoding) = not_utf8(bytes) {
        return Err(ImportError::Encoding {
            path: path.to_path_buf(),
            encoding,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut rdr = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    let mut far_cell = None;
    let mut rec = ::csv::StringRecord::new();
    let mut count = 0u64;
    let mut last_start = None;
    loop {
        let more = rdr
            .read_record(&mut rec)
            .map_err(|e| ImportError::NotASpreadsheet {
                path: path.to_path_buf(),
                detail: format!("CSV row {}: {e}", count + 1),
            })?;
        if !more {
            break;
        }
        count += 1;
        if count > MAX_ROWS {
            return Err(ImportError::TooManyRows {
                path: path.to_path_buf(),
                sheet: name,
                rows: count,
                max: MAX_ROWS,
            });
        }
        let number = rec.position().map_or(count, |p| p.line()) as usize;
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if far_cell.is_none()
            && let Some(c) = rec
                .iter()
                .skip(MAX_COLUMNS)
                .position(|c| !c.trim().is_empty())
        {
            far_cell = Some((number, MAX_COLUMNS + c + 1));
        }
        last_start = rec.position().map(|p| p.byte());
        rows.push(Row {
            number,
            cells: rec.iter().take(MAX_COLUMNS).map(str::to_owned).collect(),
            cut: false,
        });
    }
    // A file cut inside a quoted cell ends with an odd number of quotes in its last record:
    // the reader takes what is there as a whole row, which it is not.
    if let (Some(last), Some(start)) = (rows.last_mut(), last_start) {
        let tail = bytes.get(start as usize..).unwrap_or_default();
        if tail.iter().filter(|&&b| b == b'"').count() % 2 == 1 {
            last.cut = true;
        }
    }
    Ok(Table {
        name,
        rows,
        csv: true,
        far_cell,
    })
}

/// Checks the workbook's zip directory before anything is unpacked: the number of parts and
/// each part's declared size, then each part's real size, read through a limited reader so
/// that a part unpacking to more than it declares is caught without holding it.
fn check_zip(bytes: &[u8], path: &Path) -> Result<(), ImportError> {
    let bad = |detail: String| ImportError::NotASpreadsheet {
        path: path.to_path_buf(),
        detail,
    };
    let mb = |n: u64| n.div_ceil(1024 * 1024);
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        bad(format!(
            "it is not a complete workbook, perhaps cut off in a download or copy: {e}"
        ))
    })?;
    if zip.len() > MAX_PARTS {
        return Err(bad(format!(
            "it has {} parts; a workbook has a few dozen",
            zip.len()
        )));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut part = zip
            .by_index(i)
            .map_err(|e| bad(format!("part {}: {e}", i + 1)))?;
        let name = part
            .name()
            .map(|n| n.chars().take(80).collect::<String>())
            .unwrap_or_else(|_| format!("number {}", i + 1));
        let declared = part.size();
        if declared > MAX_PART_BYTES {
            return Err(ImportError::PartTooLarge {
                path: path.to_path_buf(),
                part: name,
                size: mb(declared),
                max: mb(MAX_PART_BYTES),
            });
        }
        total += declared;
        if total > MAX_TOTAL_BYTES {
            return Err(ImportError::WorkbookTooLarge {
                path: path.to_path_buf(),
                max: mb(MAX_TOTAL_BYTES),
            });
        }
        let real = std::io::copy(&mut (&mut part).take(declared + 1), &mut std::io::sink())
            .map_err(|e| bad(format!("part {name}: {e}")))?;
        if real > declared {
            return Err(ImportError::SizeMismatch {
                path: path.to_path_buf(),
                part: name,
            });
        }
    }
    Ok(())
}

fn workbook_tables(bytes: &[u8], path: &Path) -> Result<Vec<Table>, ImportError> {
    let bad = |detail: String| ImportError::NotASpreadsheet {
        path: path.to_path_buf(),
        detail,
    };
    check_zip(bytes, path)?;
    let mut wb = calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let mut tables = Vec::new();
    for name in wb.sheet_names() {
        let sheet_err = |e: calamine::XlsxError| bad(format!("sheet {name:?}: {e}"));
        let too_many = |rows: u64| ImportError::TooManyRows {
            path: path.to_path_buf(),
            sheet: name.clone(),
            rows,
            max: MAX_ROWS,
        };
        let beyond = || ImportError::BeyondGrid {
            path: path.to_path_buf(),
            sheet: name.clone(),
        };
        let mut cells = wb.worksheet_cells_reader(&name).map_err(sheet_err)?;
        // The declared dimension is refused before any row is read; the rows are checked
        // again as they stream, since a dimension may be missing or false.
        let dim = cells.dimensions();
        if u64::from(dim.end.0) >= GRID_ROWS || u64::from(dim.end.1) >= GRID_COLUMNS {
            return Err(beyond());
        }
        if u64::from(dim.end.0) >= MAX_ROWS {
            return Err(too_many(u64::from(dim.end.0) + 1));
        }
        let mut rows: Vec<Row> = Vec::new();
        let mut far_cell = None;
        while let Some(cell) = cells.next_cell().map_err(sheet_err)? {
            let (r, c) = cell.get_position();
            let (r, c) = (u64::from(r), u64::from(c));
            if r >= GRID_ROWS || c >= GRID_COLUMNS {
                return Err(beyond());
            }
            if r >= MAX_ROWS {
                return Err(too_many(r + 1));
            }
            let text = cell_text(cell.get_value());
            if text.trim().is_empty() {
                continue;
            }
            let (number, col) = (r as usize + 1, c as usize);
            if col >= MAX_COLUMNS {
                far_cell.get_or_insert((number, col + 1));
                continue;
            }
            if rows.last().is_none_or(|last| last.number != number) {
                rows.push(Row {
                    number,
                    cells: Vec::new(),
                    cut: false,
                });
            }
            if let Some(row) = rows.last_mut() {
                if row.cells.len() <= col {
                    row.cells.resize(col + 1, String::new());
                }
                row.cells[col] = text;
            }
        }
        // Rows come in order in files spreadsheet programs write; sort in case one does not,
        // keeping the first of two rows with the same number as a duplicate row would be.
        rows.sort_by_key(|r| r.number);
        tables.push(Table {
            name,
            rows,
            csv: false,
            far_cell,
        });
    }
    Ok(tables)
}

fn cell_text(d: &DataRef) -> String {
    match d {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        // A code such as 4.1 typed into a cell becomes a number; read it back as written.
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => calamine::Data::from(other.clone()).to_string(),
    }
}

/// Where the matrix's columns are in a table: the header row's index and each column's position.
struct Layout {
    header: usize,
    /// Cells in the header row: a whole CSV row has as many.
    width: usize,
    cols: [Option<usize>; 12],
}

fn find_layout(t: &Table) -> Option<Layout> {
    t.rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .find_map(|(i, row)| {
            let mut cols = [None; 12];
            for (c, cell) in row.cells.iter().enumerate() {
                if let Some(k) = matrix::column_of(cell)
                    && cols[k].is_none()
                {
                    cols[k] = Some(c);
                }
            }
            // The code column names the matrix; other sheets (overview, actors) lack it.
            cols[matrix::CODE].is_some().then_some(Layout {
                header: i,
                width: row.cells.len(),
                cols,
            })
        })
}

struct Lookups<'p> {
    by_id: HashMap<Id, usize>,
    by_code: HashMap<&'p str, Vec<usize>>,
    actor_by_abbr: HashMap<&'p str, Id>,
    actor_by_lower: HashMap<String, Vec<Id>>,
    sub_by_code: HashMap<&'p str, Id>,
}

impl<'p> Lookups<'p> {
    fn new(plan: &'p Plan) -> Lookups<'p> {
        let mut by_code: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, a) in plan.activities.iter().enumerate() {
            by_code.entry(a.code.as_str()).or_default().push(i);
        }
        let mut actor_by_lower: HashMap<String, Vec<Id>> = HashMap::new();
        for a in &plan.actors {
            actor_by_lower
                .entry(a.abbreviation.trim().to_lowercase())
                .or_default()
                .push(a.id);
        }
        Lookups {
            by_id: plan
                .activities
                .iter()
                .enumerate()
                .map(|(i, a)| (a.id, i))
                .collect(),
            by_code,
            actor_by_abbr: plan
                .actors
                .iter()
                .map(|a| (a.abbreviation.as_str(), a.id))
                .collect(),
            actor_by_lower,
            sub_by_code: plan
                .sub_indicators
                .iter()
                .map(|s| (s.code.as_str(), s.id))
                .collect(),
        }
    }

    /// An actor by its abbreviation (exact, else ignoring case when that is unambiguous), or by
    /// the id the export writes for an actor missing from the registry.
    fn actor(&self, label: &str, current: &[Id]) -> Option<Id> {
        if let Some(id) = self.actor_by_abbr.get(label) {
            return Some(*id);
        }
        if let Some([id]) = self
            .actor_by_lower
            .get(&label.to_lowercase())
            .map(Vec::as_slice)
        {
            return Some(*id);
        }
        Id::parse_str(label).ok().filter(|id| current.contains(id))
    }
}

fn parse_lane(text: &str) -> Option<Lane> {
    let t = text.trim().to_lowercase();
    let t = t.strip_suffix(" term").unwrap_or(&t);
    match t {
        "not scheduled" => Some(Lane::Unscheduled),
        _ => Lane::parse(t).or_else(|| super::words::lane_from_label(text)),
    }
}

fn parse_status(text: &str) -> Option<Status> {
    Status::parse(&text.trim().to_lowercase().replace([' ', '-'], "_"))
        .or_else(|| super::words::status_from_label(text))
}

fn apply(plan: &Plan, tables: Vec<Table>, path: &Path) -> Result<SheetImport, ImportError> {
    let look = Lookups::new(plan);
    let mut out = plan.clone();
    let mut problems = Vec::new();
    let mut seen: HashMap<usize, (String, usize)> = HashMap::new();
    let mut any_matrix = false;
    let mut rows_read = 0;
    // Moved activities go to the end of their new lane, in the order of the file.
    let mut lane_end: [i64; 4] = [0; 4];
    for a in &plan.activities {
        let l = crate::model::board::lane_index(a.lane);
        lane_end[l] = lane_end[l].max(a.lane_pos);
    }

    for t in &tables {
        let Some(layout) = find_layout(t) else {
            continue;
        };
        any_matrix = true;
        let is_csv = t.csv;
        let header_row = t.rows[layout.header].number;
        if let Some((row, column)) = t.far_cell {
            problems.push(RowProblem {
                sheet: t.name.clone(),
                row,
                kind: ProblemKind::FarCells { column },
            });
        }
        let missing: Vec<&'static str> = REQUIRED
            .iter()
            .filter(|&&c| layout.cols[c].is_none())
            .map(|&c| matrix::HEADER[c])
            .collect();
        if !missing.is_empty() {
            problems.push(RowProblem {
                sheet: t.name.clone(),
                row: header_row,
                kind: ProblemKind::MissingColumns { columns: missing },
            });
            continue;
        }
        for row in t.rows.iter().skip(layout.header + 1) {
            let cells = &row.cells;
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            rows_read += 1;
            let row_no = row.number;
            let problem = |kind| RowProblem {
                sheet: t.name.clone(),
                row: row_no,
                kind,
            };
            // A row that is not whole changes nothing: its blanks are not edits.
            if row.cut {
                problems.push(problem(ProblemKind::CutRow));
                continue;
            }
            if is_csv && cells.len() < layout.width {
                problems.push(problem(ProblemKind::ShortRow {
                    cells: cells.len(),
                    expected: layout.width,
                }));
                continue;
            }
            let get = |col: usize| -> Option<String> {
                let c = layout.cols[col]?;
                let raw = cells.get(c).map_or("", String::as_str);
                // Only CSV cells carry the neutralising quote in their text.
                Some(if is_csv { safe::restore(raw) } else { raw }.to_owned())
            };

            // Which activity is this row?
            let id_text = get(matrix::ID)
                .map(|s| s.trim().to_owned())
                .unwrap_or_default();
            let code = get(matrix::CODE)
                .map(|s| s.trim().to_owned())
                .unwrap_or_default();
            let index = if !id_text.is_empty() {
                match Id::parse_str(&id_text) {
                    Err(_) => {
                        problems.push(problem(ProblemKind::MalformedId { text: id_text }));
                        continue;
                    }
                    Ok(id) => match look.by_id.get(&id) {
                        Some(i) => *i,
                        None => {
                            problems.push(problem(ProblemKind::UnknownId { id: id_text }));
                            continue;
                        }
                    },
                }
            } else if code.is_empty() {
                problems.push(problem(ProblemKind::NoIdOrCode));
                continue;
            } else {
                match look.by_code.get(code.as_str()).map(Vec::as_slice) {
                    Some([i]) => *i,
                    Some(_) => {
                        problems.push(problem(ProblemKind::AmbiguousCode { code }));
                        continue;
                    }
                    None => {
                        problems.push(problem(ProblemKind::UnknownCode { code }));
                        continue;
                    }
                }
            };
            // A row without its timeline or status is not whole: it changes nothing.
            let empty: Vec<&'static str> = [matrix::TIMELINE, matrix::STATUS]
                .into_iter()
                .filter(|&c| get(c).is_none_or(|v| v.trim().is_empty()))
                .map(|c| matrix::HEADER[c])
                .collect();
            if !empty.is_empty() {
                problems.push(problem(ProblemKind::EmptyRequired { columns: empty }));
                continue;
            }

            if let Some((first_sheet, first_row)) = seen.get(&index) {
                problems.push(problem(ProblemKind::Duplicate {
                    first_row: *first_row,
                    first_sheet: first_sheet.clone(),
                }));
                continue;
            }
            seen.insert(index, (t.name.clone(), row_no));

            let old = &plan.activities[index];
            let new = &mut out.activities[index];
            if !code.is_empty() {
                new.code = code;
            }
            if let Some(text) = get(matrix::TEXT) {
                if text.trim().is_empty() {
                    problems.push(problem(ProblemKind::EmptyText));
                } else {
                    new.text = matrix::uncut(&text, &old.text);
                }
            }
            for (col, name) in [(matrix::LEAD, "lead"), (matrix::CO_LEADS, "co_leads")] {
                let Some(cell) = get(col) else { continue };
                let current = if col == matrix::LEAD {
                    &old.leads
                } else {
                    &old.co_leads
                };
                let mut ids = Vec::new();
                let mut ok = true;
                for label in cell.split(matrix::LIST_SEP).map(str::trim) {
                    if label.is_empty() {
                        continue;
                    }
                    match look.actor(label, current) {
                        Some(id) => ids.push(id),
                        None => {
                            ok = false;
                            problems.push(problem(ProblemKind::UnknownActor {
                                column: name,
                                text: label.to_owned(),
                            }));
                        }
                    }
                }
                if ok {
                    if col == matrix::LEAD {
                        new.leads = ids;
                    } else {
                        new.co_leads = ids;
                    }
                }
            }
            if let Some(text) = get(matrix::TIMELINE) {
                match parse_lane(&text) {
                    Some(lane) if lane != old.lane => {
                        let l = crate::model::board::lane_index(lane);
                        lane_end[l] += GAP;
                        new.lane = lane;
                        new.lane_pos = lane_end[l];
                    }
                    Some(_) => {}
                    None => problems.push(problem(ProblemKind::MalformedLane { text })),
                }
            }
            if let Some(text) = get(matrix::STATUS) {
                match parse_status(&text) {
                    Some(s) => new.status = s,
                    None => problems.push(problem(ProblemKind::MalformedStatus { text })),
                }
            }
            if let Some(notes) = get(matrix::NOTES) {
                new.notes = matrix::uncut(&notes, &old.notes);
            }
            if let Some(sub_code) = get(matrix::SUB_INDICATOR).map(|s| s.trim().to_owned()) {
                let current = plan
                    .sub_indicator(old.sub_indicator_id)
                    .map(|s| s.code.as_str());
                if !sub_code.is_empty() && Some(sub_code.as_str()) != current {
                    match look.sub_by_code.get(sub_code.as_str()) {
                        Some(id) => new.sub_indicator_id = *id,
                        None => problems
                            .push(problem(ProblemKind::UnknownSubIndicator { code: sub_code })),
                    }
                }
            }
        }
    }
    if !any_matrix {
        return Err(ImportError::NoMatrix {
            path: path.to_path_buf(),
        });
    }
    Ok(SheetImport {
        plan: out,
        problems,
        rows: rows_read,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_and_statuses_are_read_as_people_write_them() {
        assert_eq!(parse_lane("Short term"), Some(Lane::Short));
        assert_eq!(parse_lane(" long "), Some(Lane::Long));
        assert_eq!(parse_lane("Not scheduled"), Some(Lane::Unscheduled));
        assert_eq!(parse_lane(""), None);
        assert_eq!(parse_lane("soon"), None);
        assert_eq!(parse_status("Needs revision"), Some(Status::NeedsRevision));
        assert_eq!(parse_status("agreed"), Some(Status::Agreed));
        assert_eq!(parse_status("maybe"), None);
    }
}
