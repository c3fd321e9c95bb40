//! The headless import and what every command prints: text from files made safe for a
//! terminal. Kept apart from the argument parser (`cli.rs`), which only calls in here.

use std::borrow::Cow;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::app::{Review, ReviewKind, target_of, untick_cleared};
use crate::model::ops::ops_between;
use crate::model::{Op, Plan};
use crate::planfile::{self, Change, Conflict, PlanFile};
use crate::store::{Store, StoreError};

/// Text from a file, safe to print on a terminal: control characters (ESC, carriage return,
/// backspace, newlines, C1 controls) and the marks that reorder text right to left are shown
/// as escapes, so a file cannot retitle, clear or rewrite the terminal.
pub fn escape(s: &str) -> Cow<'_, str> {
    let unsafe_char =
        |c: char| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A share of the plan's records above which an import says how many it removes.
const REMOVAL_WARNING_SHARE: f64 = 0.05;

/// What an import would do, before anything is applied.
struct Preview {
    /// Sentences of the changes that will be applied.
    changes: Vec<String>,
    conflicts: Vec<String>,
    /// Spreadsheet rows not used, and cleared leads left out.
    problems: Vec<String>,
    left_out: Vec<String>,
    /// The plan after the import.
    target: Plan,
    /// The plan file to record in the history (plan files only).
    file: Option<PlanFile>,
    /// How the file's changes were found, for the summary.
    how: String,
    /// Printed first, e.g. that the base version is unknown.
    note: Option<String>,
}

/// `framework-planner import FILE [--db PATH] [--yes]`: reads a plan file, or an edited
/// workbook or CSV in the exported layout, as File → Open does; prints the review (changes,
/// conflicts, rows not used); and applies it in one transaction only with `--yes` or when the
/// person answers yes on a terminal. Exit 0 when applied cleanly, 1 when there were conflicts
/// (the rest applied) or nothing was applied.
pub fn import(path: &Path, db: Option<PathBuf>, yes: bool) -> Result<ExitCode, String> {
    let is_sheet = is_spreadsheet(path);
    // Read a plan file before opening the database: a refused file leaves it untouched.
    let file = if is_sheet {
        None
    } else {
        Some(planfile::read_path(path).map_err(|e| format!("{}: {e}", path.display()))?)
    };
    let mut store = open_db(db)?;
    let ours = store.load_plan().map_err(|e| e.to_string())?;
    let review = match file {
        Some(file) => review_plan_file(&store, path, &ours, file)?,
        None => review_sheet(path, &ours)?,
    };
    let ops = ops_between(&ours, &review.target);
    // The rules every change keeps, as in the window: a file cannot bring what an edit could not.
    crate::model::rules::check(&review.target, &ops).map_err(|e| {
        format!(
            "{} cannot be imported: {}. Nothing was changed.",
            escape(&path.display().to_string()),
            escape(&e.to_string())
        )
    })?;

    // Without --yes the review is shown before the question; with it, once it is applied,
    // so that "applied" lines are never printed for an import that then fails.
    if !yes {
        print_review(&review, "change");
    }

    let removed = ops.iter().filter(|op| matches!(op, Op::Delete(_))).count();
    let records = record_count(&ours);
    if removed > 0 && removed as f64 > records as f64 * REMOVAL_WARNING_SHARE {
        eprintln!(
            "Warning: this import removes {removed} of the plan's {records} records (goals, indicators, sub-indicators, actors, activities and comments)."
        );
    }
    let comments = comment_counts(&ours, &review.target);
    let nothing = ops.is_empty() && review.file.is_none();
    if nothing {
        if yes {
            print_review(&review, "change");
        }
        eprintln!(
            "{} holds no changes for {}. Nothing was changed.",
            escape(&path.display().to_string()),
            store.path().display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    if store.is_read_only() {
        return Err(StoreError::ReadOnly {
            path: store.path().to_path_buf(),
        }
        .to_string());
    }
    if !yes && !confirm(ops.len(), store.path()) {
        eprintln!("Nothing was changed. Run the command again with --yes to apply these changes.");
        return Ok(ExitCode::FAILURE);
    }

    let commit = match &review.file {
        Some(f) => {
            // The history keeps where the file was read from; an absolute path when it can.
            let from = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
            store.commit_import(&ops, f, &from)
        }
        None => store.commit(&ops),
    };
    commit.map_err(|e| {
        let e = e.to_string();
        // Store errors already say that nothing was changed; say it once.
        if e.contains("Nothing was changed") {
            format!("Could not import {}: {e}", path.display())
        } else {
            format!(
                "Could not import {}: {}. Nothing was changed.",
                path.display(),
                e.trim_end_matches('.')
            )
        }
    })?;
    if yes {
        print_review(&review, "applied");
    } else {
        // The list above was printed before the answer; confirm it went in.
        eprintln!("Applied.");
    }
    let mut counts = format!("{} changes applied", review.changes.len());
    for (n, what) in [(comments.0, "added"), (comments.1, "removed")] {
        if n > 0 {
            let noun = if n == 1 { "comment" } else { "comments" };
            counts.push_str(&format!(", {n} {noun} {what}"));
        }
    }
    eprintln!(
        "Imported {} into {} ({}): {counts}, {} conflicts{}",
        escape(&path.display().to_string()),
        store.path().display(),
        review.how,
        review.conflicts.len(),
        if review.conflicts.is_empty() {
            ""
        } else {
            " (the database's value kept for each; resolve them in the app)"
        }
    );
    Ok(if review.conflicts.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Prints the review on standard output, one line per change (`verb: …`), conflict, problem
/// and change left out, every text from the file escaped.
fn print_review(review: &Preview, verb: &str) {
    let mut out = std::io::stdout().lock();
    if let Some(note) = &review.note {
        let _ = writeln!(out, "note: {}", escape(note));
    }
    for c in &review.changes {
        let _ = writeln!(out, "{verb}: {}", escape(c));
    }
    for c in &review.conflicts {
        let _ = writeln!(out, "conflict: {}", escape(c));
    }
    for p in &review.problems {
        let _ = writeln!(out, "problem: {}", escape(p));
    }
    for c in &review.left_out {
        let _ = writeln!(
            out,
            "left out: {} (a blank cell in the file; take it in the app if it is meant)",
            escape(c)
        );
    }
    let _ = out.flush();
}

/// Whether the file is read as a spreadsheet (by its extension, or a zip archive's first
/// bytes), as File → Open decides.
fn is_spreadsheet(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    matches!(ext.as_str(), "xlsx" | "xlsm" | "csv")
}

/// Opens the database for a command: read-only when it cannot be written, so that what only
/// reads still works (and an import can still show its review, then say why it stops).
pub fn open_db(db: Option<PathBuf>) -> Result<Store, String> {
    let path = match db {
        Some(p) => p,
        None => crate::cli::default_db()?,
    };
    Store::open_for_reading(&path).map_err(|e| e.to_string())
}

fn review_plan_file(
    store: &Store,
    path: &Path,
    ours: &Plan,
    file: PlanFile,
) -> Result<Preview, String> {
    if file.plan.id != ours.id {
        return Err(format!(
            "{} holds another plan ({}); nothing was imported. Open it with --db pointing to another database.",
            path.display(),
            escape(&file.plan.name)
        ));
    }
    store
        .check_version_id(&file)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let known = |id: uuid::Uuid| -> Result<Option<PlanFile>, String> {
        if !store.has_version(id).map_err(|e| e.to_string())? {
            return Ok(None);
        }
        let v = store.version_content(id).map_err(|e| e.to_string())?;
        Ok(Some(v).filter(|v| v.plan.id == ours.id))
    };
    // A file already in the history is its own base: what differs is the database's work.
    let base = match known(file.version_id)? {
        Some(v) => Some(v),
        None => match file.based_on {
            Some(id) => known(id)?,
            None => None,
        },
    };
    let (r, note) = match &base {
        Some(b) => (planfile::merge(&b.plan, ours, &file.plan), None),
        None => (
            planfile::merge(ours, ours, &file.plan),
            Some(format!(
                "the version {} was based on is not in this database's history, so every difference was taken from the file.",
                path.display()
            )),
        ),
    };
    let how = match &base {
        Some(b) if b.version_id == file.version_id => {
            "this version was already in the history".to_owned()
        }
        Some(b) => format!("merged from its base version {}", b.version_id),
        None => "base version unknown: every difference taken from the file".to_owned(),
    };
    Ok(Preview {
        changes: r.applied.iter().map(Change::sentence).collect(),
        conflicts: r.conflicts.iter().map(Conflict::sentence).collect(),
        problems: Vec::new(),
        left_out: Vec::new(),
        target: r.merged,
        file: Some(file),
        how,
        note,
    })
}

fn review_sheet(path: &Path, ours: &Plan) -> Result<Preview, String> {
    let sheet = crate::export::import::read_spreadsheet(path, ours).map_err(|e| e.to_string())?;
    let changes = planfile::diff(ours, &sheet.plan);
    // The same review the window opens, with the same choices made for the person: every
    // change taken except those that clear a lead or the co-leads.
    let mut review = Review::new(
        String::new(),
        ReviewKind::Accept {
            incoming: Box::new(sheet.plan),
            file: None,
        },
        changes,
    );
    untick_cleared(&mut review);
    let target = target_of(ours, &review)?;
    let (mut taken, mut left_out) = (Vec::new(), Vec::new());
    for (c, on) in review.changes.iter().zip(&review.accepted) {
        if *on {
            taken.push(c.sentence());
        } else {
            left_out.push(c.sentence());
        }
    }
    Ok(Preview {
        changes: taken,
        conflicts: Vec::new(),
        problems: sheet.problems.iter().map(ToString::to_string).collect(),
        left_out,
        target,
        file: None,
        how: format!("{} rows read", sheet.rows),
        note: None,
    })
}

fn record_count(p: &Plan) -> usize {
    p.goals.len()
        + p.indicators.len()
        + p.sub_indicators.len()
        + p.actors.len()
        + p.activities.len()
        + p.comments.len()
}

/// Comments added and removed from `a` to `b`.
fn comment_counts(a: &Plan, b: &Plan) -> (usize, usize) {
    use std::collections::HashSet;
    let ia: HashSet<_> = a.comments.iter().map(|c| c.id).collect();
    let ib: HashSet<_> = b.comments.iter().map(|c| c.id).collect();
    (ib.difference(&ia).count(), ia.difference(&ib).count())
}

/// Asks on the terminal whether to apply; false without a terminal.
fn confirm(ops: usize, db: &Path) -> bool {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        eprintln!("Not applied: standard input is not a terminal, so nobody could confirm.");
        return false;
    }
    eprint!(
        "Apply these changes ({ops} records) to {}? Type yes to apply: ",
        db.display()
    );
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    if stdin.lock().read_line(&mut answer).is_err() {
        return false;
    }
    matches!(answer.trim().to_lowercase().as_str(), "yes" | "y")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_text_kept() {
        assert_eq!(escape("BMGF — বাংলা"), "BMGF — বাংলা");
        assert_eq!(escape("a\u{1b}]0;owned\u{7}b"), "a\\u{1b}]0;owned\\u{7}b");
        assert_eq!(escape("x\u{1b}[2Jy\r\n"), "x\\u{1b}[2Jy\\r\\n");
        assert_eq!(escape("\u{9b}31m\u{202e}"), "\\u{9b}31m\\u{202e}");
    }
}
