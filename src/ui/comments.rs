//! Comments and decisions on an activity, in its detail panel: the list (kind, who, when, what)
//! and a field to add one. What is typed stays in the panel's memory until it is recorded.

use egui::{RichText, Ui};

use crate::app::{App, Command, Edit};
use crate::i18n::tr;
use crate::model::{Activity, CommentKind, Status};
use crate::ui::{theme, widgets};

/// The colour of a status chip, `None` for a proposed activity (no chip).
pub fn status_color(s: Status) -> Option<egui::Color32> {
    match s {
        Status::Proposed => None,
        Status::Agreed => Some(egui::Color32::from_rgb(0x2a, 0x9d, 0x5c)),
        Status::NeedsRevision => Some(theme::ATTENTION),
        Status::Dropped => Some(egui::Color32::from_gray(0x80)),
    }
}

pub fn kind_label(k: CommentKind) -> &'static str {
    match k {
        CommentKind::Comment => tr("comments.kind_comment"),
        CommentKind::Decision => tr("comments.kind_decision"),
    }
}

/// The list and the form, under the activity's fields.
pub fn section(ui: &mut Ui, app: &App, a: &Activity, out: &mut Vec<Command>) {
    crate::ui::detail::section(ui, tr("comments.title"));
    let mut any = false;
    for c in app.plan.comments_of(a.id) {
        any = true;
        ui.horizontal_wrapped(|ui| {
            let color = match c.kind {
                CommentKind::Decision => theme::INFERRED,
                CommentKind::Comment => widgets::muted(ui),
            };
            widgets::chip(ui, kind_label(c.kind), color);
            let when =
                c.at.with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M")
                    .to_string();
            let who = if c.author.is_empty() {
                "—"
            } else {
                c.author.as_str()
            };
            ui.label(RichText::new(who).family(theme::bold()));
            ui.label(RichText::new(when).small().color(widgets::muted(ui)));
            if ui
                .small_button("✕")
                .on_hover_text(tr("comments.delete_tip"))
                .clicked()
            {
                out.push(Command::Edit(Edit::DeleteComment(c.id)));
            }
        });
        ui.label(&c.text);
        ui.add_space(4.0);
    }
    if !any {
        ui.label(RichText::new(tr("comments.none")).color(widgets::muted(ui)));
    }

    let key = egui::Id::NULL.with(("comment-draft", a.id));
    let author_key = egui::Id::NULL.with("comment-author");
    let mut text: String = ui.data_mut(|d| d.get_temp(key).unwrap_or_default());
    let mut author: String = ui.data_mut(|d| d.get_temp(author_key).unwrap_or_default());
    let ask_author = app.view.author.trim().is_empty();
    if ask_author {
        let resp = ui.add(
            egui::TextEdit::singleline(&mut author)
                .hint_text(tr("comments.author_hint"))
                .desired_width(f32::INFINITY),
        );
        labelled(ui, resp, tr("comments.author"), &author).on_hover_text(tr("comments.author"));
    }
    let resp = ui.add(
        egui::TextEdit::multiline(&mut text)
            .hint_text(tr("comments.placeholder"))
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    );
    labelled(ui, resp, tr("comments.placeholder"), &text);
    let mut sent = false;
    ui.horizontal(|ui| {
        for (kind, label) in [
            (CommentKind::Comment, tr("comments.add")),
            (CommentKind::Decision, tr("comments.decide")),
        ] {
            if ui
                .add_enabled(!text.trim().is_empty(), egui::Button::new(label))
                .clicked()
            {
                if ask_author && !author.trim().is_empty() {
                    out.push(Command::SetAuthor(author.trim().to_owned()));
                }
                out.push(Command::Edit(Edit::AddComment {
                    activity: a.id,
                    kind,
                    text: text.clone(),
                }));
                sent = true;
            }
        }
    });
    if sent {
        text.clear();
    }
    ui.data_mut(|d| {
        d.insert_temp(key, text);
        d.insert_temp(author_key, author);
    });
}

/// Names a text field for screen readers and tests, and notes its focus for Esc.
fn labelled(ui: &Ui, resp: egui::Response, label: &'static str, value: &str) -> egui::Response {
    resp.widget_info(|| {
        let mut info = egui::WidgetInfo::text_edit(true, "", value, "");
        info.label = Some(label.to_owned());
        info
    });
    widgets::note_focus(ui, &resp);
    resp
}
