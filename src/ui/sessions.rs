//! Workshop sessions: the banner while one runs, the "start a session" form, and the Sessions
//! view (the list, and the report of the one chosen, with its export).

use egui::{Frame, Key, Margin, Modal, RichText, ScrollArea, Ui};

use crate::app::{App, Command, SessionForm};
use crate::i18n::{tr, trf};
use crate::ui::files::{actions, line};
use crate::ui::{theme, widgets};

/// The banner under the toolbar while a session runs, with its "End session" button.
pub fn banner(ui: &mut Ui, app: &App, out: &mut Vec<Command>) {
    let Some(s) = &app.view.session else { return };
    Frame::new()
        .fill(theme::INFERRED.gamma_multiply(0.18))
        .inner_margin(Margin::symmetric(10, 4))
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(trf("session.banner", &[("title", &s.title)]))
                        .family(theme::bold()),
                );
                if ui.button(tr("session.end")).clicked() {
                    out.push(Command::EndSession);
                }
                if ui.button(tr("session.report")).clicked() {
                    out.push(Command::ShowSessionReport(s.id));
                }
            });
        });
}

/// Where a field's text lives in the form.
type FieldOf = fn(&mut SessionForm) -> &mut String;

/// The "start a session" form, while open.
pub fn form(ui: &mut Ui, app: &App, out: &mut Vec<Command>) {
    let Some(form) = app.view.session_form.clone() else {
        return;
    };
    let modal = Modal::new(egui::Id::NULL.with("session-form")).show(ui.ctx(), |ui| {
        ui.set_width(560.0);
        ui.heading(tr("session.form_title"));
        ui.add_space(8.0);
        // Every field edits one copy, so Start in the same frame as the last keystroke sends
        // the text as it stands after it.
        let mut edited = form.clone();
        let fields: [(&str, bool, FieldOf); 6] = [
            (tr("session.title"), false, |f| &mut f.title),
            (tr("session.date"), false, |f| &mut f.date),
            (tr("session.place"), false, |f| &mut f.place),
            (tr("session.facilitator"), false, |f| &mut f.facilitator),
            (tr("session.participants"), false, |f| &mut f.participants),
            (tr("session.notes"), true, |f| &mut f.notes),
        ];
        for (label, multiline, field) in fields {
            let value = field(&mut edited).clone();
            if let Some(text) = line(ui, label, &value, multiline) {
                *field(&mut edited) = text;
                edited.error = None;
            }
        }
        let (start, cancel) = actions(ui, &edited.error, tr("session.start"));
        if cancel {
            out.push(Command::SetSessionForm(None));
        } else if start {
            out.push(Command::StartSession(edited));
        } else if edited != form {
            out.push(Command::SetSessionForm(Some(edited)));
        }
    });
    if modal.backdrop_response.clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
        out.push(Command::SetSessionForm(None));
    }
}

/// The Sessions view: every session with its "Report" button, and the report chosen.
pub fn show(ui: &mut Ui, app: &App, out: &mut Vec<Command>) {
    ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.heading(tr("session.list_title"));
            ui.label(RichText::new(tr("session.list_hint")).color(widgets::muted(ui)));
            ui.add_space(6.0);
            let sessions = app.sessions();
            if sessions.is_empty() {
                ui.label(RichText::new(tr("session.none")).color(widgets::muted(ui)));
            }
            for s in sessions {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(&s.title).family(theme::bold()));
                    let when = s
                        .started_at
                        .with_timezone(&chrono::Local)
                        .format("%Y-%m-%d %H:%M")
                        .to_string();
                    ui.label(RichText::new(when).color(widgets::muted(ui)));
                    if s.ended_at.is_none() {
                        widgets::chip(ui, tr("session.running"), theme::INFERRED);
                    }
                    if ui.button(tr("session.report")).clicked() {
                        out.push(Command::ShowSessionReport(s.id));
                    }
                });
            }
            if let Some(r) = &app.view.report {
                ui.add_space(12.0);
                report(ui, app, r, out);
            }
        });
}

fn report(
    ui: &mut Ui,
    app: &App,
    r: &crate::export::session::SessionReport,
    out: &mut Vec<Command>,
) {
    let s = &r.session;
    ui.separator();
    ui.horizontal(|ui| {
        ui.heading(trf("session.report_title", &[("title", &s.title)]));
        if ui.button(tr("session.close")).clicked() {
            out.push(Command::CloseSessionReport);
        }
    });
    // Only what was filled in: a blank place or facilitator leaves no empty separator.
    let mut meta = vec![s.held_on.to_string()];
    if !s.place.trim().is_empty() {
        meta.push(s.place.clone());
    }
    meta.push(trf("session.participants_n", &[("n", &s.participants)]));
    if !s.facilitator.trim().is_empty() {
        meta.push(trf("session.facilitated_by", &[("who", &s.facilitator)]));
    }
    ui.label(meta.join(" · "));
    if !s.notes.is_empty() {
        ui.label(RichText::new(&s.notes).color(widgets::muted(ui)));
    }
    ui.label(
        RichText::new(trf("session.changes_logged", &[("n", &r.log.len())]))
            .small()
            .color(widgets::muted(ui)),
    );
    log(ui, app, r);

    ui.horizontal(|ui| {
        ui.label(RichText::new(tr("session.export_path")).family(theme::bold()));
        let mut path = app.view.report_path.clone();
        let resp = ui.add(egui::TextEdit::singleline(&mut path).desired_width(360.0));
        widgets::note_focus(ui, &resp);
        if resp.changed() {
            out.push(Command::SetReportPath(path.clone()));
        }
        if ui
            .add_enabled(
                !path.trim().is_empty(),
                egui::Button::new(tr("session.export_button")),
            )
            .clicked()
        {
            out.push(Command::ExportSessionReport { id: s.id, path });
        }
    });

    crate::ui::detail::section(ui, tr("session.changes"));
    if r.changes.is_empty() {
        ui.label(RichText::new(tr("session.no_changes")).color(widgets::muted(ui)));
    }
    for c in &r.found {
        ui.label(format!("• {}", crate::ui::review::sentence(c)));
    }
    crate::ui::detail::section(ui, tr("session.decisions"));
    list_comments(ui, &r.decisions);
    crate::ui::detail::section(ui, tr("session.comments"));
    list_comments(ui, &r.comments);
    for (title, rows) in [
        (tr("session.agreed"), &r.agreed),
        (tr("session.revision"), &r.revision),
    ] {
        crate::ui::detail::section(ui, title);
        if rows.is_empty() {
            ui.label(RichText::new(tr("session.none_listed")).color(widgets::muted(ui)));
        }
        for a in rows {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(&a.code).family(theme::bold()));
                ui.label(&a.text);
            });
        }
    }
}

fn list_comments(ui: &mut Ui, rows: &[crate::export::session::ReportComment]) {
    if rows.is_empty() {
        ui.label(RichText::new(tr("session.none_listed")).color(widgets::muted(ui)));
    }
    for c in rows {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&c.code).family(theme::bold()));
            // No author given: an empty label would break the wrapped row and overlap.
            if !c.comment.author.trim().is_empty() {
                ui.label(RichText::new(&c.comment.author).color(widgets::muted(ui)));
            }
            ui.label(&c.comment.text);
        });
    }
}

/// The change log of the session, step by step, each step's operations in the interface's
/// language (the log keeps operations, not sentences).
fn log(ui: &mut Ui, app: &App, r: &crate::export::session::SessionReport) {
    if r.log.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(trf("session.steps", &[("n", &r.log.len())]))
        .id_salt(("session-log", r.session.id))
        .show(ui, |ui| {
            for step in &r.log {
                ui.label(crate::ui::review::log_line(step, &app.plan, "%H:%M"));
            }
        });
}
