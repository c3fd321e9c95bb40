//! Exports that people open without the app: the action matrix as CSV and as an Excel workbook,
//! a printable HTML report, and reading an edited spreadsheet back.
//!
//! The GUI and the command line call [`write_file`]; the pieces are public for tests and for
//! other front ends.

pub mod csv;
pub mod html;
pub mod import;
pub mod matrix;
pub mod safe;
pub mod session;
pub mod xlsx;

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::model::Plan;

/// What a report or workbook says about itself besides the plan: shown on the cover, in the
/// sheets' header block and in the page headers.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportInfo {
    /// Which version of the plan this is, e.g. `Workshop day 2` or `Working copy`.
    pub version_label: String,
    /// Who exported it; may be empty.
    pub author: String,
    pub exported_at: chrono::DateTime<chrono::Local>,
}

impl ExportInfo {
    /// The current state of the plan, exported now.
    pub fn now(version_label: impl Into<String>, author: impl Into<String>) -> ExportInfo {
        ExportInfo {
            version_label: version_label.into(),
            author: author.into(),
            exported_at: chrono::Local::now(),
        }
    }

    /// The export date as people read it, e.g. `2025-03-14 15:02`.
    pub fn date_text(&self) -> String {
        self.exported_at.format("%Y-%m-%d %H:%M").to_string()
    }
}

/// The formats [`write_file`] produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    Html,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Xlsx, Format::Csv, Format::Html];

    /// The name on the command line, which is also the usual file extension.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Html => "html",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s))
    }
}

#[derive(Debug, Error)]
pub enum ExportError {
    #[error("Could not write {path}: {source}. Nothing was written there; the plan is unchanged.")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("Could not build the workbook: {0}. Nothing was written; the plan is unchanged.")]
    Xlsx(#[from] xlsx::XlsxExportError),
}

/// Writes the plan to `path` in `format`, atomically: on any error the file at `path` is left as
/// it was.
pub fn write_file(
    plan: &Plan,
    info: &ExportInfo,
    format: Format,
    path: &Path,
) -> Result<(), ExportError> {
    let write = |fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>| {
        crate::files::write_atomic(path, |w| fill(w)).map_err(|source| ExportError::Write {
            path: path.to_path_buf(),
            source,
        })
    };
    match format {
        Format::Csv => write(&mut |w| csv::write(plan, w).map_err(std::io::Error::other)),
        Format::Xlsx => {
            // Build the whole workbook first: a plan that cannot be written leaves no file.
            let bytes = xlsx::to_bytes(plan, info)?;
            write(&mut |w| w.write_all(&bytes))
        }
        Format::Html => {
            let text = html::render(plan, info);
            write(&mut |w| w.write_all(text.as_bytes()))
        }
    }
}

/// A lane as the framework's tables name it.
pub fn lane_title(lane: crate::model::Lane) -> &'static str {
    use crate::model::Lane;
    match lane {
        Lane::Short => "Short term",
        Lane::Medium => "Medium term",
        Lane::Long => "Long term",
        Lane::Unscheduled => "Not scheduled",
    }
}
