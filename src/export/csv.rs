//! The action matrix as CSV: one row per activity, in outline order.
//!
//! The file starts with a UTF-8 byte order mark, which is how Excel on Windows knows the file is
//! UTF-8 (without it Bangla and dashes open as mojibake). Every field is quoted: a spreadsheet
//! that splits on `;` or a tab (Excel does in many locales) then cannot split a field at a `;`
//! or tab inside it and start a new cell with `=`. The header and the coded values (`short`,
//! `needs_revision`, flag names) are the stable machine names in every language, as scripts
//! and the import expect them.

use std::io::Write;

use super::{matrix, safe};
use crate::model::Plan;

/// The header row: the matrix's machine column names.
pub const HEADER: [&str; 12] = matrix::HEADER;

/// The UTF-8 byte order mark the file begins with.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes the action matrix. Values are the plan's current ones; inferred values are included
/// and named in `flags`. Every cell that a spreadsheet could take for a formula starts with `'`
/// (see [`safe::neutralise`]).
pub fn write<W: Write>(plan: &Plan, mut out: W) -> Result<(), ::csv::Error> {
    out.write_all(BOM)?;
    let mut w = ::csv::WriterBuilder::new()
        .quote_style(::csv::QuoteStyle::Always)
        .from_writer(out);
    w.write_record(HEADER)?;
    for i in plan.activities_in_order() {
        let row = matrix::row(plan, &plan.activities[i]);
        w.write_record(row.iter().map(|cell| safe::neutralise(cell).into_owned()))?;
    }
    w.flush()?;
    Ok(())
}
