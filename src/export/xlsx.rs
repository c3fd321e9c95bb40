//! The action matrix as an Excel workbook, laid out like the framework's Chapter 3 tables.
//!
//! Sheets: **Overview** (the plan, its version and date, activities per goal and lane, per goal
//! and status), one sheet per goal (the matrix rows of that goal, the same cells as the CSV
//! export with coded values as readable labels), **Who does what** (actors × lanes) and
//! **Actors** (abbreviations and full names). Headings, sheet names and labels are in the
//! export's language. The last column of a goal sheet holds each activity's id so that an
//! edited workbook can be read back ([`super::import`]); it is outside the print area.
//!
//! For print: every row gets a height that fits its wrapped lines (not every spreadsheet fits
//! rows to wrapped text when it opens a file), and the goal sheets' printed columns are sized
//! so that A4 landscape, one page wide, prints at about 90 %.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};
use thiserror::Error;

use super::words::Words;
use super::{ExportInfo, matrix, safe};
use crate::model::board::lane_index;
use crate::model::workload::workload;
use crate::model::{Id, Lane, Plan, Status};

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

/// Rows of a sheet above its table: plan, subtitle, version and date, a blank row.
const BLOCK_ROWS: u32 = 4;
/// Widths of the matrix columns, in the order of [`matrix::HEADER`], in Excel's unit: the width
/// of a digit of the workbook's default font (Noto Sans 11 pt, 8 pixels). The printed ones (all but
/// the id) take 1,151 pixels, so A4 landscape between the margins (1,055) prints at about 92 %.
pub const WIDTHS: [f64; 12] = [
    5.0, 8.5, 9.0, 8.5, 36.0, 8.5, 12.0, 10.0, 10.5, 14.0, 15.0, 34.0,
];
/// Pixels of one unit of column width, for the workbook's default font.
pub const DIGIT_PX: f64 = 8.0;
/// The last printed column of a goal sheet: the id after it is for the import, not for readers.
const LAST_PRINTED: u16 = matrix::NOTES as u16;
/// Excel's paper size code for A4.
const A4: u8 = 9;
/// Excel's limit for a page header or footer, in UTF-16 code units, control codes included.
const MAX_HEADER: usize = 255;
/// Height of one line of 11 pt text in points: Latin, and Bengali script (taller).
const LINE_PT: f64 = 15.0;
const LINE_PT_BENGALI: f64 = 20.0;
/// Excel's tallest row.
const MAX_ROW_PT: f64 = 409.0;

/// About how many lines `text` takes in a column `width` wide, once wrapped at spaces: an
/// average character of Noto Sans is a little narrower than its digits, the unit of the width.
pub fn wrapped_lines(text: &str, width: f64) -> usize {
    let per_line = ((width * 1.05) as usize).max(3);
    text.split('\n')
        .map(|line| {
            let mut lines = 1;
            let mut used = 0;
            for word in line.split(' ') {
                let n = word.chars().count();
                let need = if used == 0 { n } else { used + 1 + n };
                if need <= per_line {
                    used = need;
                } else if used == 0 {
                    // A word longer than the line breaks over several.
                    lines += (n - 1) / per_line;
                    used = (n - 1) % per_line + 1;
                } else {
                    lines += 1 + n.saturating_sub(1) / per_line;
                    used = n.saturating_sub(1) % per_line + 1;
                }
            }
            lines
        })
        .sum::<usize>()
        .max(1)
}

fn has_bengali(text: &str) -> bool {
    text.chars().any(|c| ('\u{0980}'..='\u{09FF}').contains(&c))
}

/// The height in points of a row whose cells hold `cells` (text and column width).
pub fn row_height<'a>(cells: impl IntoIterator<Item = (&'a str, f64)>) -> f64 {
    let mut lines = 1;
    let mut line_pt = LINE_PT;
    for (text, width) in cells {
        lines = lines.max(wrapped_lines(text, width));
        if has_bengali(text) {
            line_pt = LINE_PT_BENGALI;
        }
    }
    (line_pt * lines as f64 + 2.0).min(MAX_ROW_PT)
}

/// The formats of the workbook, made once.
struct Styles {
    title: Format,
    subtitle: Format,
    meta: Format,
    header: Format,
    cell: Format,
    /// For text a spreadsheet could take for a formula: keeps it text after an edit.
    cell_quoted: Format,
    id: Format,
    number: Format,
    total: Format,
    /// The timeline cell of each lane, in the lane palette the app and the report use.
    lanes: [Format; 4],
}

const FONT: &str = "Noto Sans";

impl Styles {
    fn new() -> Styles {
        let cell = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_font_name(FONT);
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(14)
                .set_font_name(FONT)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            subtitle: Format::new()
                .set_bold()
                .set_font_name(FONT)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            meta: Format::new()
                .set_italic()
                .set_font_name(FONT)
                .set_font_color(Color::RGB(0x5b6673))
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            header: Format::new()
                .set_bold()
                .set_font_name(FONT)
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xDCE6F0))
                .set_border_bottom(FormatBorder::Thin),
            cell_quoted: cell.clone().set_quote_prefix(),
            id: Format::new()
                .set_font_size(8)
                .set_font_color(Color::RGB(0x5b6673))
                .set_align(FormatAlign::Top),
            number: Format::new()
                .set_font_name(FONT)
                .set_align(FormatAlign::Top),
            total: Format::new()
                .set_bold()
                .set_font_name(FONT)
                .set_align(FormatAlign::Top),
            lanes: crate::palette::LANES.map(|c| {
                cell.clone()
                    .set_background_color(Color::RGB(c.to_u32()))
                    .set_font_color(Color::RGB(crate::palette::text_on(c).to_u32()))
            }),
            cell,
        }
    }
}

/// Writes one sheet, remembering its name for error messages and its column widths for row
/// heights.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    name: String,
    widths: Vec<f64>,
    words: Words,
}

impl Sheet<'_> {
    fn at<T>(&self, row: u32, r: Result<T, XlsxError>) -> Result<T, XlsxExportError> {
        r.map_err(|source| XlsxExportError::Cell {
            sheet: self.name.clone(),
            row: row + 1,
            source,
        })
    }

    fn set_widths(&mut self, widths: &[f64]) -> Result<(), XlsxExportError> {
        for (c, w) in widths.iter().enumerate() {
            self.ws.set_column_width(c as u16, *w)?;
        }
        self.widths = widths.to_vec();
        Ok(())
    }

    fn width(&self, col: u16) -> f64 {
        self.widths.get(col as usize).copied().unwrap_or(8.43)
    }

    /// `text` cut to Excel's cell limit with a visible marker; whole when it fits.
    fn fit<'t>(&self, text: &'t str) -> Cow<'t, str> {
        matrix::fit_cell(text, self.words.tr("export.continued"))
    }

    /// Plan text: always a string cell, quote-prefixed when it could be read as a formula, cut
    /// with a marker when longer than a cell holds.
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
        let text = self.fit(text);
        let r = self
            .ws
            .write_string_with_format(row, col, text.as_ref(), format)
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

    /// Sets the height of `row` to fit its cells (text and column).
    fn fit_row<S: AsRef<str>>(
        &mut self,
        row: u32,
        cells: &[(u16, S)],
    ) -> Result<(), XlsxExportError> {
        let h = row_height(cells.iter().map(|(c, t)| (t.as_ref(), self.width(*c))));
        let r = self.ws.set_row_height(row, h).map(|_| ());
        self.at(row, r)
    }

    /// Text across columns `0..=last`, wrapped, with a row height to fit it.
    fn wide_text(
        &mut self,
        row: u32,
        last: u16,
        text: &str,
        format: &Format,
        title: bool,
    ) -> Result<(), XlsxExportError> {
        let format = if safe::needs_neutralising(text) {
            format.clone().set_quote_prefix()
        } else {
            format.clone()
        };
        let text = self.fit(text);
        let r = if last == 0 {
            self.ws
                .write_string_with_format(row, 0, text.as_ref(), &format)
                .map(|_| ())
        } else {
            self.ws
                .merge_range(row, 0, row, last, text.as_ref(), &format)
                .map(|_| ())
        };
        self.at(row, r)?;
        let width: f64 = (0..=last).map(|c| self.width(c)).sum();
        let h = if title {
            // 14 pt text: lines a third taller, and fewer characters per line.
            row_height([(text.as_ref(), width * 0.75)]) * 1.3
        } else {
            row_height([(text.as_ref(), width)])
        };
        let r = self.ws.set_row_height(row, h.min(MAX_ROW_PT)).map(|_| ());
        self.at(row, r)
    }

    /// A4 landscape, one page wide, plan name and version in the page header; only columns
    /// `0..=last_printed` print.
    fn page_setup(
        &mut self,
        plan: &Plan,
        info: &ExportInfo,
        repeat: Option<u32>,
        last_printed: u16,
    ) -> Result<(), XlsxExportError> {
        self.ws.set_landscape();
        self.ws.set_paper_size(A4);
        self.ws.set_margins(0.35, 0.35, 0.6, 0.55, 0.25, 0.25);
        self.ws.set_print_fit_to_pages(1, 0);
        self.ws.set_header(page_header(plan, info));
        self.ws.set_footer(self.words.tr("export.page"));
        // Only fails for rows or columns beyond the sheet, which these never are.
        let _ = self.ws.set_print_area(0, 0, 1_048_575, last_printed);
        if let Some(r) = repeat {
            let _ = self.ws.set_repeat_rows(r, r);
        }
        Ok(())
    }

    /// Plan name, a subtitle, and version, date and author: the top of every sheet, across the
    /// printed columns `0..=last`.
    fn block(
        &mut self,
        plan: &Plan,
        info: &ExportInfo,
        subtitle: &str,
        last: u16,
        st: &Styles,
    ) -> Result<(), XlsxExportError> {
        self.wide_text(0, last, &plan.name, &st.title, true)?;
        self.wide_text(1, last, subtitle, &st.subtitle, false)?;
        self.wide_text(2, last, &version_line(info), &st.meta, false)
    }

    /// A header row in the header style, with a height that fits its wrapped headings.
    fn heads<S: AsRef<str>>(
        &mut self,
        row: u32,
        heads: &[S],
        st: &Styles,
    ) -> Result<(), XlsxExportError> {
        for (c, h) in heads.iter().enumerate() {
            self.text(row, c as u16, h.as_ref(), st, &st.header)?;
        }
        // Bold text is a little wider than the regular text the estimate is made for.
        let cells: Vec<(&str, f64)> = heads
            .iter()
            .enumerate()
            .map(|(c, h)| (h.as_ref(), self.width(c as u16) * 0.92))
            .collect();
        let h = row_height(cells);
        let r = self.ws.set_row_height(row, h).map(|_| ());
        self.at(row, r)
    }
}

/// The version line of a sheet's header block.
pub fn version_line(info: &ExportInfo) -> String {
    let w = info.words();
    let mut s = w.trf(
        "export.version_line",
        &[
            ("version", &info.version_text()),
            ("date", &info.date_text()),
        ],
    );
    if !info.author.trim().is_empty() {
        s += &w.trf("export.by", &[("author", &info.author.trim())]);
    }
    s
}

/// `&` starts a control code in Excel page headers.
fn header_escape(s: &str) -> String {
    s.replace('&', "&&")
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// `s` shortened to at most `max` UTF-16 units, ending with "…" when cut.
fn shorten(s: &str, max: usize) -> String {
    if utf16_len(s) <= max {
        return s.to_owned();
    }
    let mut out = String::new();
    for c in s.chars() {
        if utf16_len(&out) + c.len_utf16() + 1 > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// The printed page header: the plan's name at the left, version and date at the right,
/// shortened to fit Excel's 255 characters (a longer header would be dropped altogether).
pub fn page_header(plan: &Plan, info: &ExportInfo) -> String {
    let one_line = |s: &str| s.replace(['\n', '\r'], " ");
    let name = one_line(&plan.name);
    let right = format!("{} · {}", one_line(&info.version_text()), info.date_text());
    let make = |l: &str, r: &str| format!("&L{}&R{}", header_escape(l), header_escape(r));
    let whole = make(&name, &right);
    if utf16_len(&whole) <= MAX_HEADER {
        return whole;
    }
    // Share the room: each side keeps what it needs of its half, the other gets the rest.
    let mut budget = MAX_HEADER - 4;
    loop {
        let half = budget / 2;
        let (l, r) = (utf16_len(&name), utf16_len(&right));
        let (lmax, rmax) = if l <= half {
            (l, budget - l)
        } else if r <= half {
            (budget - r, r)
        } else {
            (half, budget - half)
        };
        let header = make(&shorten(&name, lmax), &shorten(&right, rmax));
        // Escaped `&`s take two units: shrink until it fits.
        if utf16_len(&header) <= MAX_HEADER || budget < 8 {
            return header;
        }
        budget -= utf16_len(&header) - MAX_HEADER;
    }
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

/// Builds the workbook in memory, in `info.lang`. Its time grows linearly with the plan.
pub fn to_bytes(plan: &Plan, info: &ExportInfo) -> Result<Vec<u8>, XlsxExportError> {
    let st = Styles::new();
    let words = info.words();
    let mut wb = Workbook::new();
    // Column widths are counted in digits of the default font: with Excel's Calibri as the
    // default, a reader without Calibri gets another font's digits and every column grows (by a
    // fifth with Noto Sans), which shrinks the printed page. The cells' own font sets the unit.
    wb.set_default_format(&Format::new().set_font_name(FONT).set_font_size(11), 20, 72)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(words.trf("export.doc_title", &[("plan", &plan.name)]))
            .set_subject(plan.source.as_str())
            .set_author(info.author.as_str())
            .set_comment(version_line(info)),
    );
    let mut used = HashSet::new();
    let outline = plan.outline();
    // Overview: counts per goal and lane, then per goal and status.
    {
        let name = sheet_name(words.tr("export.sheet.overview"), &mut used);
        let mut sh = new_sheet(&mut wb, name, words)?;
        sh.set_widths(&[8.0, 50.0, 13.0, 13.0, 13.0, 13.0, 13.0])?;
        sh.block(plan, info, &plan.source, 6, &st)?;
        sh.page_setup(plan, info, None, 6)?;

        let mut row = BLOCK_ROWS;
        let mut heads = vec![words.tr("export.col.goal"), words.tr("export.col.title")];
        heads.extend(Lane::ALL.map(|l| words.lane(l)));
        heads.push(words.tr("export.col.total"));
        sh.heads(row, &heads, &st)?;
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
            sh.fit_row(row, &[(0, &goal.code), (1, &goal.title)])?;
        }
        row += 1;
        sh.text(row, 1, words.tr("export.all_goals"), &st, &st.total)?;
        for (i, n) in totals.iter().enumerate() {
            sh.number(row, 2 + i as u16, *n, &st.total)?;
        }
        sh.number(row, 6, totals.iter().sum(), &st.total)?;
        sh.fit_row(row, &[(1, words.tr("export.all_goals"))])?;

        row += 2;
        let mut heads = vec![words.tr("export.col.goal"), words.tr("export.col.title")];
        heads.extend(Status::ALL.map(|s| words.status(s)));
        sh.heads(row, &heads, &st)?;
        for g in &outline.goals {
            row += 1;
            let goal = &plan.goals[g.goal];
            sh.text(row, 0, &goal.code, &st, &st.cell)?;
            sh.text(row, 1, &goal.title, &st, &st.cell)?;
            let mut per_status = [0usize; 4];
            for a in goal_activities(g) {
                let s = plan.activities[a].status;
                if let Some(i) = Status::ALL.iter().position(|x| *x == s) {
                    per_status[i] += 1;
                }
            }
            for (i, n) in per_status.iter().enumerate() {
                sh.number(row, 2 + i as u16, *n, &st.number)?;
            }
            sh.fit_row(row, &[(0, &goal.code), (1, &goal.title)])?;
        }
        row += 2;
        sh.wide_text(row, 6, words.tr("export.overview_hint"), &st.meta, false)?;
        sh.ws.set_active(true);
    }

    // One sheet per goal.
    let lane_labels = Lane::ALL.map(|l| words.lane(l));
    let status_labels = Status::ALL.map(|s| words.status(s));
    for g in &outline.goals {
        let goal = &plan.goals[g.goal];
        let name = sheet_name(
            &words.trf("export.sheet.goal", &[("code", &goal.code)]),
            &mut used,
        );
        let mut sh = new_long_sheet(&mut wb, name, words)?;
        sh.set_widths(&WIDTHS)?;
        sh.block(
            plan,
            info,
            &words.trf(
                "export.goal_subtitle",
                &[("code", &goal.code), ("title", &goal.title)],
            ),
            LAST_PRINTED,
            &st,
        )?;
        sh.page_setup(plan, info, Some(BLOCK_ROWS), LAST_PRINTED)?;
        let header = BLOCK_ROWS;
        sh.heads(header, &words.matrix_labels(), &st)?;
        let mut row = header;
        for a in goal_activities(g) {
            row += 1;
            let cells = matrix::readable_row(plan, &plan.activities[a], &words);
            let lane = &st.lanes[lane_index(plan.activities[a].lane)];
            for (c, cell) in cells.iter().enumerate() {
                let plain = match c {
                    matrix::ID => &st.id,
                    matrix::TIMELINE => lane,
                    _ => &st.cell,
                };
                sh.text(row, c as u16, cell, &st, plain)?;
            }
            let fit: Vec<(u16, &str)> = cells
                .iter()
                .enumerate()
                .filter(|(c, _)| *c != matrix::ID)
                .map(|(c, cell)| (c as u16, cell.as_str()))
                .collect();
            sh.fit_row(row, &fit)?;
        }
        let last_col = (matrix::HEADER.len() - 1) as u16;
        let r = sh.ws.set_freeze_panes(header + 1, 0).map(|_| ());
        sh.at(header, r)?;
        let r = sh.ws.autofilter(header, 0, row, last_col).map(|_| ());
        sh.at(header, r)?;
        if row > header {
            // Drop-down lists for the two coded columns, in the export's language; the import
            // reads the labels of every language back.
            let lanes = DataValidation::new().allow_list_strings(&lane_labels)?;
            let statuses = DataValidation::new().allow_list_strings(&status_labels)?;
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
        let name = sheet_name(words.tr("export.sheet.who"), &mut used);
        let mut sh = new_sheet(&mut wb, name, words)?;
        // Counts wide enough for their headings' longest word ("scheduled:"), so no word breaks.
        let mut widths = vec![11.0, 22.0];
        widths.extend([9.5; 11]);
        widths.extend([26.0, 26.0]);
        sh.set_widths(&widths)?;
        sh.block(plan, info, words.tr("export.who_subtitle"), 14, &st)?;
        sh.page_setup(plan, info, Some(BLOCK_ROWS), 14)?;
        let mut heads = vec![
            words.tr("export.col.actor").to_owned(),
            words.tr("export.col.full_name").to_owned(),
        ];
        for l in Lane::ALL {
            heads.push(words.trf("export.col.lane_leads", &[("lane", &words.lane(l))]));
            heads.push(words.trf("export.col.lane_co_leads", &[("lane", &words.lane(l))]));
        }
        heads.extend(
            [
                "export.col.leads",
                "export.col.co_led",
                "export.col.total",
                "export.col.lead_codes",
                "export.col.co_lead_codes",
            ]
            .map(|k| words.tr(k).to_owned()),
        );
        sh.heads(BLOCK_ROWS, &heads, &st)?;
        // One look-up table: finding each code by scanning the plan grows with its square.
        let code_of: HashMap<Id, &str> = plan
            .activities
            .iter()
            .map(|a| (a.id, a.code.as_str()))
            .collect();
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
            let codes = |lists: &[Vec<Id>; 4]| {
                let codes: Vec<&str> = lists
                    .iter()
                    .flatten()
                    .filter_map(|id| code_of.get(id).copied())
                    .collect();
                code_list(&codes, &words)
            };
            let (leads, co_leads) = (codes(&load.leads), codes(&load.co_leads));
            sh.text(row, 13, &leads, &st, &st.cell)?;
            sh.text(row, 14, &co_leads, &st, &st.cell)?;
            sh.fit_row(
                row,
                &[(0, &abbr), (1, &full), (13, &leads), (14, &co_leads)],
            )?;
        }
        let r = sh.ws.set_freeze_panes(BLOCK_ROWS + 1, 1).map(|_| ());
        sh.at(BLOCK_ROWS, r)?;
        let r = sh.ws.autofilter(BLOCK_ROWS, 0, row, 14).map(|_| ());
        sh.at(BLOCK_ROWS, r)?;
    }

    // Actors: the full names behind the abbreviations.
    {
        let name = sheet_name(words.tr("export.sheet.actors"), &mut used);
        let mut sh = new_sheet(&mut wb, name, words)?;
        sh.set_widths(&[14.0, 60.0, 22.0, 40.0])?;
        sh.block(plan, info, words.tr("export.sheet.actors"), 3, &st)?;
        sh.page_setup(plan, info, Some(BLOCK_ROWS), 3)?;
        let heads = [
            "export.col.abbreviation",
            "export.col.full_name",
            "export.col.kind",
            "export.col.notes",
        ]
        .map(|k| words.tr(k));
        sh.heads(BLOCK_ROWS, &heads, &st)?;
        let mut actors: Vec<&crate::model::Actor> = plan.actors.iter().collect();
        actors.sort_by(|a, b| a.abbreviation.cmp(&b.abbreviation));
        let mut row = BLOCK_ROWS;
        for a in actors {
            row += 1;
            let kind = words.kind(a.kind);
            sh.text(row, 0, &a.abbreviation, &st, &st.cell)?;
            sh.text(row, 1, &a.full_name, &st, &st.cell)?;
            sh.text(row, 2, kind, &st, &st.cell)?;
            sh.text(row, 3, &a.notes, &st, &st.cell)?;
            sh.fit_row(
                row,
                &[
                    (0, a.abbreviation.as_str()),
                    (1, a.full_name.as_str()),
                    (2, kind),
                    (3, a.notes.as_str()),
                ],
            )?;
        }
        let r = sh.ws.set_freeze_panes(BLOCK_ROWS + 1, 0).map(|_| ());
        sh.at(BLOCK_ROWS, r)?;
        let r = sh.ws.autofilter(BLOCK_ROWS, 0, row, 3).map(|_| ());
        sh.at(BLOCK_ROWS, r)?;
    }

    Ok(wb.save_to_buffer()?)
}

/// Adds a sheet named `name`.
fn new_sheet(wb: &mut Workbook, name: String, words: Words) -> Result<Sheet<'_>, XlsxExportError> {
    sheet_of(wb.add_worksheet(), name, words)
}

/// A sheet whose rows go to a temporary file as they are written, so that a plan of any size
/// takes little memory; its rows must be written in order, each row whole before the next. Its
/// texts are written in their cells rather than in the workbook's table of shared strings, a
/// table that would hold every activity's text in memory until the workbook is saved.
fn new_long_sheet(
    wb: &mut Workbook,
    name: String,
    words: Words,
) -> Result<Sheet<'_>, XlsxExportError> {
    let ws = wb.add_worksheet_with_constant_memory()?;
    sheet_of(ws, name, words)
}

fn sheet_of(ws: &mut Worksheet, name: String, words: Words) -> Result<Sheet<'_>, XlsxExportError> {
    ws.set_name(&name)?;
    Ok(Sheet {
        ws,
        name,
        widths: Vec::new(),
        words,
    })
}

/// Activity indexes of one goal, in outline order.
fn goal_activities(g: &crate::model::OutlineGoal) -> impl Iterator<Item = usize> + '_ {
    g.indicators
        .iter()
        .flat_map(|i| i.sub_indicators.iter())
        .flat_map(|s| s.activities.iter().copied())
}

/// Codes joined for one cell, cut short with a count when Excel's cell limit would be passed.
fn code_list(codes: &[&str], words: &Words) -> String {
    let more = |n: usize| words.trf("export.and_more", &[("n", &n)]);
    // The longest "… and N more" there can be: the count never grows.
    let room = matrix::MAX_CELL - utf16_len(&more(codes.len())) - 1;
    let mut out = String::new();
    let mut len = 0;
    for (i, c) in codes.iter().enumerate() {
        let sep = if i > 0 { 2 } else { 0 };
        if len + sep + utf16_len(c) > room {
            out.push(' ');
            out.push_str(&more(codes.len() - i));
            break;
        }
        if i > 0 {
            out += "; ";
        }
        out.push_str(c);
        len += sep + utf16_len(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_count_words_and_long_words() {
        assert_eq!(wrapped_lines("", 10.0), 1);
        assert_eq!(wrapped_lines("short", 10.0), 1);
        // Width 10 holds 10 characters a line.
        assert_eq!(wrapped_lines("one two three four", 10.0), 2);
        assert_eq!(wrapped_lines("one two three four five", 10.0), 3);
        assert_eq!(wrapped_lines(&"x".repeat(30), 10.0), 3);
        assert_eq!(wrapped_lines(&"x".repeat(31), 10.0), 4);
        assert_eq!(wrapped_lines("a\nb\nc", 10.0), 3);
    }

    #[test]
    fn a_long_page_header_is_shortened_not_dropped() {
        let mut plan = crate::seed::bmgf().unwrap();
        let info = ExportInfo::now("L&".repeat(150), "");
        let h = page_header(&plan, &info);
        assert!(utf16_len(&h) <= MAX_HEADER, "{}", utf16_len(&h));
        assert!(h.starts_with("&L") && h.contains("&R"));
        assert!(h.contains('…'));
        plan.name = "N".repeat(400);
        let h = page_header(&plan, &ExportInfo::now("v1", ""));
        assert!(utf16_len(&h) <= MAX_HEADER);
        assert!(h.contains("&Rv1 · "), "the short side is kept whole: {h}");
    }
}
