//! The action matrix as CSV: one row per activity, in outline order.

use std::io::Write;

use super::{matrix, safe};
use crate::model::Plan;

/// The header row: the matrix's machine column names.
pub const HEADER: [&str; 12] = matrix::HEADER;

/// Writes the action matrix. Values are the plan's current ones; inferred values are included
/// and named in `flags`. Every cell that a spreadsheet could take for a formula starts with `'`
/// (see [`safe::neutralise`]).
pub fn write<W: Write>(plan: &Plan, out: W) -> Result<(), ::csv::Error> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(HEADER)?;
    for i in plan.activities_in_order() {
        let row = matrix::row(plan, &plan.activities[i]);
        w.write_record(row.iter().map(|cell| safe::neutralise(cell).into_owned()))?;
    }
    w.flush()?;
    Ok(())
}
