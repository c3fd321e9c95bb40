//! The action matrix as an Excel workbook, laid out like the framework's Chapter 3 tables.
//!
//! Sheets: **Overview** (the plan, its version and date, activities per goal and lane, per goal
//! and status), one sheet per goal (the matrix rows of that goal, the same cells as the CSV
//! export), **Who does what** (actors × lanes) and **Actors** (abbreviations and full names).
//! The last column of a goal sheet holds each activity's id so that an edited workbook can be
//! read back ([`super::import`]).

use std::collections::HashSet;

use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};
use thiserror::Error;

use super::{ExportInfo, lane_title, matrix, safe};
use crate::model::board::lane_index;
use crate::model::workload::workload;
use crate::model::{Lane, Plan, Status};

#[derive(Debug, Error)]
pub enum XlsxExportError {
    #[error("the sheet {sheet:?} could not take a cell in row {row} ({source})")]
    Cell {
        sheet: String,
        row: u32,
        source: XlsxError,
    },
    #[error("the workbook could not be assembled ({0})")]
    Workbook(#[from] XlsxError),
}

/// Rows of a goal sheet above the table: plan, goal, version and date, a hint.
const BLOCK_ROWS: u32 = 4;
/// Widths of the matrix columns, in characters, in the order of [`matrix::HEADER`].
const WIDTHS: [f64; 12] = [
    6.0, 9.0, 11.0, 10.0, 60.0, 12.0, 18.0, 12.0, 14.0, 22.0, 30.0, 12.0,
];
/// Excel's paper size code for A4.
const A4: u8 = 9;
/// Excel refuses longer strings in a cell.
const MAX_CELL_CHARS: usize = 32_767;

/// About how many lines `text` takes in a column `width` characters wide, once wrapped.
fn wrapped_lines(text: &str, width: f64) -> usize {
    let per_line = (width * 1.1).max(4.0) as usize;
    text.split('\n')
        .map(|l| l.chars().count().div_ceil(per_line).max(1))
        .sum::<usize>()
        .clamp(1, 40)
}

/// The formats of the workbook, made once.
struct Styles {
    title: Format,
    meta: Format,
    header: Format,
    cell: Format,
    /// For text a spreadsheet could take for a formula: keeps it text after an edit.
    cell_quoted: Format,
    id: Format,
    number: Format,
    total: Format,
}

impl Styles {
    fn new() -> Styles {
        let cell = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_font_name("Noto Sans");
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            meta: Format::new().set_italic().set_font_color(Color::Gray),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xDCE6F0))
                .set_border_bottom(FormatBorder::Thin),
            cell_quoted: cell.clone().set_quote_prefix(),
            id: Format::new()
                .set_font_size(8)
                .set_font_color(Color::Gray)
                .set_align(FormatAlign::Top),
            number: Format::new().set_align(FormatAlign::Top),
            total: Format::new().set_bold(),
            cell,
        }
    }
}

/// Writes one sheet, remembering its name for error messages.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    name: String,
}

impl Sheet<'_> {
    fn at<T>(&self, row: u32, r: Result<T, XlsxError>) -> Result<T, XlsxExportError> {
        r.map_err(|source| XlsxExportError::Cell {
            sheet: self.name.clone(),
            row: row + 1,
            source,
        })
    }

    /// Plan text: always a string cell, quote-prefixed when it could be read as a formula.
    fn text(
        &mut self,
        row: u32,
        col: u16,
        text: &str,
        st: &Styles,
        plain: &Format,
    ) -> Result<(), XlsxExportError> {
        let format = if safe::needs_neutralising(text) {
            &st.cell_quoted
        } else {
            plain
        };
        let r = self
            .ws
            .write_string_with_format(row, col, text, format)
            .map(|_| ());
        self.at(row, r)
    }

    fn number(&mut self, row: u32, col: u16, n: usize, f: &Format) -> Result<(), XlsxExportError> {
        let r = self
            .ws
            .write_number_with_format(row, col, n as f64, f)
            .map(|_| ());
        self.at(row, r)
    }

    /// Landscape A4, one page wide, plan name and version in the page header.
    fn page_setup(&mut self, plan: &Plan, info: &ExportInfo, repeat: Option<u32>) {
        self.ws.set_landscape();
        self.ws.set_paper_size(A4);
        self.ws.set_print_fit_to_pages(1, 0);
        self.ws.set_header(format!(
            "&L{}&R{} · {}",
            header_escape(&plan.name),
            header_escape(&info.version_label),
            info.date_text()
        ));
        self.ws.set_footer("&CPage &P of &N");
        if let Some(r) = repeat {
            // Only fails for rows beyond the sheet, which `r` never is.
            let _ = self.ws.set_repeat_rows(r, r);
        }
    }

    /// Plan name, a subtitle, and version, date and author: the top of every sheet.
    fn block(
        &mut self,
        plan: &Plan,
        info: &ExportInfo,
        subtitle: &str,
        st: &Styles,
    ) -> Result<(), XlsxExportError> {
        self.text(0, 0, &plan.name, st, &st.title)?;
        self.text(1, 0, subtitle, st, &st.total)?;
        self.text(2, 0, &version_line(info), st, &st.meta)
    }
}

/// The version line of a sheet's header block.
fn version_line(info: &ExportInfo) -> String {
    let mut s = format!(
        "Version: {} · Exported {}",
        info.version_label,
        info.date_text()
    );
    if !info.author.trim().is_empty() {
        s += " by ";
        s.push_str(info.author.trim());
    }
    s
}

/// `&` starts a control code in Excel page headers.
fn header_escape(s: &str) -> String {
    s.replace('&', "&&")
}

/// A valid, unique sheet name: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(base: &str, used: &mut HashSet<String>) -> String {
    let clean: String = base
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'');
    let mut n = 1;
    loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!(" ({n})")
        };
        let room = 31 - suffix.chars().count();
        let name: String = clean.chars().take(room).collect::<String>() + &suffix;
        if used.insert(name.to_lowercase()) {
            return name;
        }
        n += 1;
    }
}

/// Builds the workbook in memory.
pub fn to_bytes(plan: &Plan, info: &ExportInfo) -> Result<Vec<u8>, XlsxExportError> {
    let st = Styles::new();
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{} — action matrix", plan.name))
            .set_subject(plan.source.as_str())
            .set_author(info.author.as_str())
            .set_comment(version_line(info)),
    );
    let mut used = HashSet::new();
    let outline = plan.outline();

    // Overview: counts per goal and lane, then per goal and status.
    {
        let name = sheet_name("Overview", &mut used);
        let ws = wb.add_worksheet();
        ws.set_name(&name)?;
        let mut sh = Sheet { ws, name };
        sh.block(plan, info, &plan.source, &st)?;
        sh.page_setup(plan, info, None);
        sh.ws.set_column_width(0, 8)?;
        sh.ws.set_column_width(1, 50)?;
        sh.ws.set_column_range_width(2, 7, 13)?;

        let mut row = BLOCK_ROWS;
        let mut heads = vec!["Goal".to_owned(), "Title".to_owned()];
        heads.extend(Lane::ALL.map(|l| lane_title(l).to_owned()));
        heads.push("Total".into());
        write_heads(&mut sh, row, &heads, &st)?;
        let mut totals = [0usize; 4];
        for g in &outline.goals {
            row += 1;
            let goal = &plan.goals[g.goal];
            let mut per_lane = [0usize; 4];
            for a in goal_activities(g) {
                per_lane[lane_index(plan.activities[a].lane)] += 1;
            }
            sh.text(row, 0, &goal.code, &st, &st.cell)?;
            sh.text(row, 1, &goal.title, &st, &st.cell)?;
            for (i, n) in per_lane.iter().enumerate() {
                sh.number(row, 2 + i as u16, *n, &st.number)?;
                totals[i] += n;
            }
            sh.number(row, 6, per_lane.iter().sum(), &st.total)?;
        }
        row += 1;
        sh.text(row, 1, "All goals", &st, &st.total)?;
        for (i, n) in totals.iter().enumerate() {
            sh.number(row, 2 + i as u16, *n, &st.total)?;
        }
        sh.number(row, 6, totals.iter().sum(), &st.total)?;

        row += 2;
        let mut heads = vec!["Goal".to_owned(), "Title".to_owned()];
        heads.extend(Status::ALL.map(|s| s.as_str().to_owned()));
        write_heads(&mut sh, row, &heads, &st)?;
        for g in &outline.goals {
            row += 1;
            let goal = &plan.goals[g.goal];
            sh.text(row, 0, &goal.code, &st, &st.cell)?;
            sh.text(row, 1, &goal.title, &st, &st.cell)?;
            for (i, s) in Status::ALL.into_iter().enumerate() {
                let n = goal_activities(g)
                    .filter(|&a| plan.activities[a].status == s)
                    .count();
                sh.number(row, 2 + i as u16, n, &st.number)?;
            }
        }
        row += 2;
        let hint = "One sheet per goal holds its activities, with the same columns as the CSV export. \
                    Full names of the actors are on the Actors sheet. Keep the id column: it matches \
                    the rows when an edited workbook is brought back into Framework Planner.";
        sh.text(row, 0, hint, &st, &st.meta)?;
        sh.ws.set_active(true);
    }

    // One sheet per goal.
    for g in &outline.goals {
        let goal = &plan.goals[g.goal];
        let name = sheet_name(&format!("Goal {}", goal.code), &mut used);
        let ws = wb.add_worksheet();
        ws.set_name(&name)?;
        let mut sh = Sheet { ws, name };
        sh.block(
            plan,
            info,
            &format!("Goal {}: {}", goal.code, goal.title),
            &st,
        )?;
        sh.page_setup(plan, info, Some(BLOCK_ROWS));
        for (c, w) in WIDTHS.iter().enumerate() {
            sh.ws.set_column_width(c as u16, *w)?;
        }
        let header = BLOCK_ROWS;
        write_heads(&mut sh, header, &matrix::LABELS, &st)?;
        let mut row = header;
        for a in goal_activities(g) {
            row += 1;
            let cells = matrix::row(plan, &plan.activities[a]);
            for (c, cell) in cells.iter().enumerate() {
                let plain = if c == matrix::ID { &st.id } else { &st.cell };
                sh.text(row, c as u16, cell, &st, plain)?;
            }
            // Not every spreadsheet fits row heights to wrapped text when it opens a file, so
            // each row gets the height of its longest wrapped cell.
            let lines = cells
                .iter()
                .enumerate()
                .filter(|(c, _)| *c != matrix::ID)
                .map(|(c, cell)| wrapped_lines(cell, WIDTHS.get(c).copied().unwrap_or(10.0)))
                .max()
                .unwrap_or(1);
            let r = sh.ws.set_row_height(row, 15.0 * lines as f64).map(|_| ());
            sh.at(row, r)?;
        }
        let last_col = (matrix::HEADER.len() - 1) as u16;
        let r = sh.ws.set_freeze_panes(header + 1, 0).map(|_| ());
        sh.at(header, r)?;
        let r = sh.ws.autofilter(header, 0, row, last_col).map(|_| ());
        sh.at(header, r)?;
        if row > header {
            // Drop-down lists for the two coded columns, so edits stay readable on import.
            let lanes = DataValidation::new().allow_list_strings(&Lane::ALL.map(|l| l.as_str()))?;
            let statuses =
                DataValidation::new().allow_list_strings(&Status::ALL.map(|s| s.as_str()))?;
            let t = matrix::TIMELINE as u16;
            let s = matrix::STATUS as u16;
            let r = sh
                .ws
                .add_data_validation(header + 1, t, row, t, &lanes)
                .map(|_| ());
            sh.at(header, r)?;
            let r = sh
                .ws
                .add_data_validation(header + 1, s, row, s, &statuses)
                .map(|_| ());
            sh.at(header, r)?;
        }
    }

    // Who does what: actors × lanes.
    {
        let name = sheet_name("Who does what", &mut used);
        let ws = wb.add_worksheet();
        ws.set_name(&name)?;
        let mut sh = Sheet { ws, name };
        sh.block(
            plan,
            info,
            "Who does what: activities led and co-led, per timeline",
            &st,
        )?;
        sh.page_setup(plan, info, Some(BLOCK_ROWS));
        let mut heads = vec!["Actor".to_owned(), "Full name".to_owned()];
        for l in Lane::ALL {
            heads.push(format!("{}: leads", lane_title(l)));
            heads.push(format!("{}: co-leads", lane_title(l)));
        }
        heads.extend(
            [
                "Leads",
                "Co-leads",
                "Total",
                "Leads (codes)",
                "Co-leads (codes)",
            ]
            .map(String::from),
        );
        sh.ws.set_column_width(0, 12)?;
        sh.ws.set_column_width(1, 40)?;
        sh.ws.set_column_range_width(2, 12, 10)?;
        sh.ws.set_column_range_width(13, 14, 40)?;
        write_heads(&mut sh, BLOCK_ROWS, &heads, &st)?;
        let mut row = BLOCK_ROWS;
        for load in workload(plan) {
            row += 1;
            let (abbr, full) = plan.actor(load.actor).map_or_else(
                || (load.actor.to_string(), String::new()),
                |a| (a.abbreviation.clone(), a.full_name.clone()),
            );
            sh.text(row, 0, &abbr, &st, &st.cell)?;
            sh.text(row, 1, &full, &st, &st.cell)?;
            for i in 0..4 {
                sh.number(row, 2 + 2 * i as u16, load.leads[i].len(), &st.number)?;
                sh.number(row, 3 + 2 * i as u16, load.co_leads[i].len(), &st.number)?;
            }
            sh.number(row, 10, load.lead_count(), &st.total)?;
            sh.number(row, 11, load.co_lead_count(), &st.total)?;
            sh.number(row, 12, load.total(), &st.total)?;
            let codes = |lists: &[Vec<crate::model::Id>; 4]| {
                let codes: Vec<&str> = lists
                    .iter()
                    .flatten()
                    .filter_map(|id| plan.activity(*id).map(|a| a.code.as_str()))
                    .collect();
                fit_cell(&codes)
            };
            sh.text(row, 13, &codes(&load.leads), &st, &st.cell)?;
            sh.text(row, 14, &codes(&load.co_leads), &st, &st.cell)?;
        }
        let r = sh.ws.set_freeze_panes(BLOCK_ROWS + 1, 1).map(|_| ());
        sh.at(BLOCK_ROWS, r)?;
        let r = sh.ws.autofilter(BLOCK_ROWS, 0, row, 14).map(|_| ());
        sh.at(BLOCK_ROWS, r)?;
    }

    // Actors: the full names behind the abbreviations.
    {
        let name = sheet_name("Actors", &mut used);
        let ws = wb.add_worksheet();
        ws.set_name(&name)?;
        let mut sh = Sheet { ws, name };
        sh.block(plan, info, "Actors", &st)?;
        sh.page_setup(plan, info, Some(BLOCK_ROWS));
        sh.ws.set_column_width(0, 14)?;
        sh.ws.set_column_width(1, 60)?;
        sh.ws.set_column_width(2, 20)?;
        sh.ws.set_column_width(3, 40)?;
        let heads = ["Abbreviation", "Full name", "Kind", "Notes"].map(String::from);
        write_heads(&mut sh, BLOCK_ROWS, &heads, &st)?;
        let mut actors: Vec<&crate::model::Actor> = plan.actors.iter().collect();
        actors.sort_by(|a, b| a.abbreviation.cmp(&b.abbreviation));
        let mut row = BLOCK_ROWS;
        for a in actors {
            row += 1;
            sh.text(row, 0, &a.abbreviation, &st, &st.cell)?;
            sh.text(row, 1, &a.full_name, &st, &st.cell)?;
            sh.text(row, 2, a.kind.as_str(), &st, &st.cell)?;
            sh.text(row, 3, &a.notes, &st, &st.cell)?;
        }
        let r = sh.ws.set_freeze_panes(BLOCK_ROWS + 1, 0).map(|_| ());
        sh.at(BLOCK_ROWS, r)?;
        let r = sh.ws.autofilter(BLOCK_ROWS, 0, row, 3).map(|_| ());
        sh.at(BLOCK_ROWS, r)?;
    }

    Ok(wb.save_to_buffer()?)
}

fn write_heads<S: AsRef<str>>(
    sh: &mut Sheet,
    row: u32,
    heads: &[S],
    st: &Styles,
) -> Result<(), XlsxExportError> {
    for (c, h) in heads.iter().enumerate() {
        sh.text(row, c as u16, h.as_ref(), st, &st.header)?;
    }
    Ok(())
}

/// Activity indexes of one goal, in outline order.
fn goal_activities(g: &crate::model::OutlineGoal) -> impl Iterator<Item = usize> + '_ {
    g.indicators
        .iter()
        .flat_map(|i| i.sub_indicators.iter())
        .flat_map(|s| s.activities.iter().copied())
}

/// Codes joined for one cell, cut short with a count when Excel's cell limit would be passed.
fn fit_cell(codes: &[&str]) -> String {
    let mut out = String::new();
    for (i, c) in codes.iter().enumerate() {
        let more = format!(" … and {} more", codes.len() - i);
        if out.len() + c.len() + 2 + more.len() > MAX_CELL_CHARS {
            out.push_str(&more);
            break;
        }
        if i > 0 {
            out += "; ";
        }
        out.push_str(c);
    }
    out
}
