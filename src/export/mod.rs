//! Exports that people open without the app: the action matrix as CSV and as an Excel workbook,
//! a printable HTML report, and reading an edited spreadsheet back.
//!
//! The GUI and the command line call [`write_file`]; the pieces are public for tests and for
//! other front ends.

pub mod csv;
pub mod gcm;
pub mod html;
pub mod import;
pub mod matrix;
pub mod safe;
pub mod session;
pub mod words;
pub mod xlsx;

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::i18n::Language;
use crate::model::Plan;

/// What a report or workbook says about itself besides the plan: shown on the cover, in the
/// sheets' header block and in the page headers.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportInfo {
    /// The saved version the plan is, or is based on, e.g. `Workshop day 2` or `Working copy`.
    pub version_label: String,
    /// Changes in the plan since that version: 0 when the plan is exactly that version.
    pub changes_since: usize,
    /// Who exported it; may be empty.
    pub author: String,
    pub exported_at: chrono::DateTime<chrono::Local>,
    /// The language of headings, sheet names, labels and dates; the plan's text stays as typed.
    pub lang: Language,
}

impl ExportInfo {
    /// The current state of the plan, exported now, in English.
    pub fn now(version_label: impl Into<String>, author: impl Into<String>) -> ExportInfo {
        ExportInfo {
            version_label: version_label.into(),
            changes_since: 0,
            author: author.into(),
            exported_at: chrono::Local::now(),
            lang: Language::English,
        }
    }

    /// The same, in `lang`.
    pub fn in_language(self, lang: Language) -> ExportInfo {
        ExportInfo { lang, ..self }
    }

    /// The plan differs from its version by `n` changes.
    pub fn changed_since(self, n: usize) -> ExportInfo {
        ExportInfo {
            changes_since: n,
            ..self
        }
    }

    /// The plan's version as readers see it: the version's label when the plan is that version,
    /// else "based on version X, with N changes since".
    pub fn version_text(&self) -> String {
        let w = self.words();
        match self.changes_since {
            0 => self.version_label.clone(),
            1 => w.trf(
                "export.version_based_on_one",
                &[("label", &self.version_label)],
            ),
            n => w.trf(
                "export.version_based_on",
                &[("label", &self.version_label), ("n", &n)],
            ),
        }
    }

    /// The export date as people read it: `2025-03-14 15:02`, in Bangla `১৪ মার্চ ২০২৫ ১৫:০২`.
    pub fn date_text(&self) -> String {
        match self.lang {
            Language::English => self.exported_at.format("%Y-%m-%d %H:%M").to_string(),
            lang => crate::i18n::date_in(lang, self.exported_at.naive_local()),
        }
    }

    pub fn words(&self) -> words::Words {
        words::Words::new(self.lang)
    }
}

/// What the cover of an export says about the version of `plan`, from the saved versions of the
/// history (newest first): the one the plan equals, else the one it differs least from. Only the
/// newest `VERSIONS_COMPARED` are compared, which keeps an export quick with a long history.
pub fn version_of(
    store: &crate::store::Store,
    plan: &Plan,
    author: &str,
) -> Result<Option<ExportInfo>, crate::store::StoreError> {
    const VERSIONS_COMPARED: usize = 20;
    let mut best: Option<(String, usize)> = None;
    let versions = store.versions()?;
    for v in versions
        .iter()
        .filter(|v| v.plan_id == plan.id)
        .take(VERSIONS_COMPARED)
    {
        let Ok(file) = store.version_content(v.id) else {
            // A version that cannot be read cannot be what the plan is; the others still can.
            continue;
        };
        let n = crate::planfile::diff(&file.plan, plan).len();
        let label = if v.label.trim().is_empty() {
            v.saved_at.format("%Y-%m-%d %H:%M UTC").to_string()
        } else {
            v.label.clone()
        };
        if best.as_ref().is_none_or(|(_, b)| n < *b) {
            best = Some((label, n));
        }
        if n == 0 {
            break;
        }
    }
    Ok(best.map(|(label, n)| ExportInfo::now(label, author).changed_since(n)))
}

/// The formats [`write_file`] produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    Html,
    /// The GCM implementation plan, a workbook (File → Export → GCM implementation plan).
    Gcm,
    /// The GCM alignment, CSV (`export --format alignment`).
    Alignment,
}

impl Format {
    /// The action matrix's formats.
    pub const ALL: [Format; 3] = [Format::Xlsx, Format::Csv, Format::Html];

    /// The name on the command line, which is also the usual file extension.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Html => "html",
            // Told apart from the matrix's files in a default file name.
            Format::Gcm => "gcm.xlsx",
            Format::Alignment => "alignment.csv",
        }
    }

    /// The file name's extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv | Format::Alignment => "csv",
            Format::Xlsx | Format::Gcm => "xlsx",
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
        Format::Gcm => {
            let r = crate::reference::Reference::builtin();
            let bytes = gcm::to_bytes(plan, r, info).map_err(xlsx::XlsxExportError::from)?;
            write(&mut |w| w.write_all(&bytes))
        }
        Format::Alignment => {
            let r = crate::reference::Reference::builtin();
            write(&mut |w| gcm::write_csv(plan, r, w).map_err(std::io::Error::other))
        }
    }
}

/// A lane as the framework's tables name it, in English.
pub fn lane_title(lane: crate::model::Lane) -> &'static str {
    words::Words::new(Language::English).lane(lane)
}
