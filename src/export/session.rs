//! The report of one workshop session: what the room changed (the compare from the plan at the
//! session's start to the plan at its end), the decisions recorded during it, and the activities
//! agreed and those left for revision. Shown in the app and written as one self-contained HTML
//! file like the printable report: escaped text, inline styles, nothing loaded from anywhere.

use std::fmt::Write;
use std::path::Path;

use super::ExportError;
use super::html::{STYLE, bengali_font_face, escape, t};
use crate::model::{Comment, CommentKind, Plan, Status};
use crate::planfile::diff;
use crate::store::{Change, Session};

/// One activity as the report lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportActivity {
    pub code: String,
    pub text: String,
}

/// A decision or comment as the report lists it, with the code of its activity.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportComment {
    pub code: String,
    pub comment: Comment,
}

/// Everything the report says, built from the session and the plan at its start and end.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionReport {
    pub session: Session,
    pub plan_name: String,
    /// What changed from start to end, one sentence each (English, for the exported report).
    pub changes: Vec<String>,
    /// The same changes, for views that word them in the interface's language.
    pub found: Vec<diff::Change>,
    /// The commands committed during the session, as the change log keeps them.
    pub log: Vec<Change>,
    pub decisions: Vec<ReportComment>,
    pub comments: Vec<ReportComment>,
    /// Activities agreed at the end of the session.
    pub agreed: Vec<ReportActivity>,
    /// Activities that need revision at the end of the session.
    pub revision: Vec<ReportActivity>,
}

/// Builds the report of `session` from the plan at its start and the plan at its end (the
/// current plan while it runs), and the changes logged during it.
pub fn build(session: &Session, start: &Plan, end: &Plan, log: Vec<Change>) -> SessionReport {
    let found = diff::diff(start, end);
    let changes = found.iter().map(diff::Change::sentence).collect();
    let code = |id| end.activity(id).map(|a| a.code.clone()).unwrap_or_default();
    let said = |kind: CommentKind| -> Vec<ReportComment> {
        end.comments
            .iter()
            .filter(|c| c.session_id == Some(session.id) && c.kind == kind)
            .map(|c| ReportComment {
                code: code(c.activity_id),
                comment: c.clone(),
            })
            .collect()
    };
    let with = |status: Status| -> Vec<ReportActivity> {
        end.activities_in_order()
            .into_iter()
            .map(|i| &end.activities[i])
            .filter(|a| a.status == status)
            .map(|a| ReportActivity {
                code: a.code.clone(),
                text: a.text.clone(),
            })
            .collect()
    };
    SessionReport {
        session: session.clone(),
        plan_name: end.name.clone(),
        changes,
        found,
        log,
        decisions: said(CommentKind::Decision),
        comments: said(CommentKind::Comment),
        agreed: with(Status::Agreed),
        revision: with(Status::NeedsRevision),
    }
}

fn local(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&chrono::Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// The report as one HTML page, print-ready on A4 landscape.
pub fn render(r: &SessionReport) -> String {
    let s = &r.session;
    let mut h = String::with_capacity(16 * 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} — {}</title>\n<style>",
        escape(&s.title),
        escape(&r.plan_name)
    );
    let texts = [&s.title, &s.place, &s.facilitator, &s.notes, &r.plan_name];
    let bengali = texts.iter().any(|x| has_bengali(x))
        || r.changes.iter().any(|x| has_bengali(x))
        || r.decisions
            .iter()
            .chain(&r.comments)
            .any(|c| has_bengali(&c.comment.text) || has_bengali(&c.comment.author))
        || r.agreed
            .iter()
            .chain(&r.revision)
            .any(|a| has_bengali(&a.text));
    if bengali {
        h += &bengali_font_face();
    }
    h += STYLE;
    h += "</style>\n</head>\n<body>\n";

    h += "<section class=\"cover\">\n<div class=\"kind\">Workshop session report</div>\n";
    let _ = writeln!(h, "<h1>{}</h1>", t(&s.title));
    let _ = writeln!(h, "<div class=\"short\">{}</div>", t(&r.plan_name));
    h += "<dl>\n";
    let ended = s.ended_at.map_or_else(|| "still running".to_owned(), local);
    for (label, value) in [
        ("Date", s.held_on.clone()),
        ("Place", s.place.clone()),
        ("Facilitator", s.facilitator.clone()),
        ("Participants", s.participants.to_string()),
        ("Started", local(s.started_at)),
        ("Ended", ended),
        ("Notes", s.notes.clone()),
    ] {
        if !value.trim().is_empty() {
            let _ = writeln!(h, "<dt>{label}</dt><dd>{}</dd>", t(&value));
        }
    }
    h += "</dl>\n<div class=\"figures\">\n";
    for (n, what) in [
        (r.changes.len(), "changes"),
        (r.decisions.len(), "decisions"),
        (r.agreed.len(), "activities agreed"),
        (r.revision.len(), "left for revision"),
    ] {
        let _ = writeln!(h, "<div><b>{n}</b><span>{what}</span></div>");
    }
    h += "</div>\n</section>\n";

    h += "<section class=\"changes\">\n<h2>What the room changed</h2>\n";
    if r.changes.is_empty() {
        h += "<p class=\"muted\">Nothing in the plan changed during this session.</p>\n";
    } else {
        h += "<ul>\n";
        for c in &r.changes {
            let _ = writeln!(h, "<li>{}</li>", t(c));
        }
        h += "</ul>\n";
    }
    comments_table(
        &mut h,
        "Decisions recorded",
        &r.decisions,
        "No decision was recorded.",
    );
    comments_table(&mut h, "Comments", &r.comments, "No comment was recorded.");
    h += "</section>\n";

    h += "<section class=\"status\">\n";
    activities_table(
        &mut h,
        "Activities agreed",
        &r.agreed,
        "No activity is agreed yet.",
    );
    activities_table(
        &mut h,
        "Activities left for revision",
        &r.revision,
        "No activity needs revision.",
    );
    h += "</section>\n</body>\n</html>\n";
    h
}

fn has_bengali(s: &str) -> bool {
    s.chars().any(|c| ('\u{0980}'..='\u{09FF}').contains(&c))
}

fn comments_table(h: &mut String, title: &str, rows: &[ReportComment], none: &str) {
    let _ = writeln!(h, "<h3>{}</h3>", escape(title));
    if rows.is_empty() {
        let _ = writeln!(h, "<p class=\"muted\">{}</p>", escape(none));
        return;
    }
    // The report's tables have a fixed layout (long words break rather than widen them).
    *h += "<table>\n<colgroup><col style=\"width:10%\"><col style=\"width:16%\"><col style=\"width:16%\"><col></colgroup>\n\
           <thead><tr><th>Activity</th><th>Who</th><th>When</th><th>What was said</th></tr></thead>\n<tbody>\n";
    for c in rows {
        let _ = writeln!(
            h,
            "<tr><td class=\"code\">{}</td><td>{}</td><td class=\"code\">{}</td><td>{}</td></tr>",
            t(&c.code),
            t(&c.comment.author),
            escape(&local(c.comment.at)),
            t(&c.comment.text)
        );
    }
    *h += "</tbody>\n</table>\n";
}

fn activities_table(h: &mut String, title: &str, rows: &[ReportActivity], none: &str) {
    let _ = writeln!(h, "<h3>{}</h3>", escape(title));
    if rows.is_empty() {
        let _ = writeln!(h, "<p class=\"muted\">{}</p>", escape(none));
        return;
    }
    *h += "<table>\n<colgroup><col style=\"width:10%\"><col></colgroup>\n\
           <thead><tr><th>Code</th><th>Activity</th></tr></thead>\n<tbody>\n";
    for a in rows {
        let _ = writeln!(
            h,
            "<tr><td class=\"code\">{}</td><td>{}</td></tr>",
            t(&a.code),
            t(&a.text)
        );
    }
    *h += "</tbody>\n</table>\n";
}

/// Writes the report to `path`, atomically: on any error the file at `path` is left as it was.
pub fn write(r: &SessionReport, path: &Path) -> Result<(), ExportError> {
    let text = render(r);
    crate::files::write_atomic(path, |w| std::io::Write::write_all(w, text.as_bytes())).map_err(
        |source| ExportError::Write {
            path: path.to_path_buf(),
            source,
        },
    )
}
