//! Small pieces shared by the views.

use egui::{Color32, CornerRadius, Frame, Margin, RichText, Stroke, Ui};

/// A small rounded label, e.g. an actor or a lane.
pub fn chip(ui: &mut Ui, text: impl Into<String>, color: Color32) -> egui::Response {
    Frame::new()
        .stroke(Stroke::new(1.0, color))
        .corner_radius(CornerRadius::same(8))
        .inner_margin(Margin::symmetric(6, 1))
        .show(ui, |ui| {
            ui.label(RichText::new(text.into()).small().color(color));
        })
        .response
}

/// The colour of neutral chips in the current theme.
pub fn muted(ui: &Ui) -> Color32 {
    ui.visuals().weak_text_color()
}

/// Where a text field notes that it had the keyboard, so that the Esc that leaves it is not
/// also taken as "clear the selection".
fn focus_marker() -> egui::Id {
    egui::Id::NULL.with("text-field-focused")
}

/// Whether one of our text fields had the keyboard in the previous pass.
pub fn text_field_was_focused(ctx: &egui::Context) -> bool {
    let now = ctx.cumulative_pass_nr();
    ctx.data(|d| d.get_temp::<u64>(focus_marker()))
        .is_some_and(|n| n + 1 >= now)
}

/// Notes that a text field has the keyboard (see [`text_field_was_focused`]).
pub fn note_focus(ui: &Ui, resp: &egui::Response) {
    if resp.has_focus() {
        let n = ui.ctx().cumulative_pass_nr();
        ui.ctx().data_mut(|d| d.insert_temp(focus_marker(), n));
    }
}

fn focus_request() -> egui::Id {
    egui::Id::NULL.with("text-field-focus-request")
}

/// Asks the text field `field` of `record` to take the keyboard when it is next drawn.
pub fn request_field_focus(ctx: &egui::Context, field: (crate::model::Id, crate::app::TextField)) {
    ctx.data_mut(|d| d.insert_temp(focus_request(), field));
}

/// Whether the field was asked to take the keyboard; the request is then done.
fn take_field_focus(ctx: &egui::Context, field: (crate::model::Id, crate::app::TextField)) -> bool {
    let asked =
        ctx.data(|d| d.get_temp::<(crate::model::Id, crate::app::TextField)>(focus_request()));
    if asked == Some(field) {
        ctx.data_mut(|d| d.remove::<(crate::model::Id, crate::app::TextField)>(focus_request()));
        return true;
    }
    false
}

/// A text field over a saved value. Typing makes a draft (shown until it is saved), leaving
/// the field (Tab, Enter on one line, a click elsewhere) saves it, Esc forgets it. A refused
/// text stays in the field with the reason below it.
#[allow(clippy::too_many_arguments)]
pub fn text_field(
    ui: &mut Ui,
    app: &crate::app::App,
    record: crate::model::Id,
    field: crate::app::TextField,
    saved: &str,
    multiline: bool,
    name: &str,
    out: &mut Vec<crate::app::Command>,
) -> egui::Response {
    use crate::app::{Command, Draft};
    let draft = app
        .view
        .draft
        .as_ref()
        .filter(|d| d.record == record && d.field == field);
    let mut text = draft.map_or_else(|| saved.to_owned(), |d| d.text.clone());
    let id = ui.make_persistent_id(("text-field", record, field));
    let edit = if multiline {
        egui::TextEdit::multiline(&mut text).desired_rows(2)
    } else {
        egui::TextEdit::singleline(&mut text)
    };
    let resp = ui.add(edit.id(id).desired_width(f32::INFINITY));
    if take_field_focus(ui.ctx(), (record, field)) {
        // A new record's field: the keyboard goes there with its placeholder text selected,
        // so typing replaces it.
        resp.request_focus();
        let mut state = egui::text_edit::TextEditState::load(ui.ctx(), id).unwrap_or_default();
        state
            .cursor
            .set_char_range(Some(egui::text_selection::CCursorRange::select_all_str(
                &text,
            )));
        state.store(ui.ctx(), id);
    }
    resp.widget_info(|| {
        let mut info = egui::WidgetInfo::text_edit(true, saved, &text, "");
        info.label = Some(name.to_owned());
        info.hint_text = None;
        info
    });
    note_focus(ui, &resp);
    if resp.changed() {
        out.push(Command::Draft(Draft {
            record,
            field,
            text: text.clone(),
        }));
    }
    if resp.lost_focus() {
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            out.push(Command::DiscardDraft);
        } else if draft.is_some() || resp.changed() {
            out.push(Command::CommitDraft);
        }
    }
    if let Some(e) = &app.view.field_error
        && e.record == record
        && e.text_field
            .map_or(e.field == field.model_field(), |f| f == field)
    {
        ui.label(RichText::new(&e.message).color(crate::ui::theme::ATTENTION));
    }
    resp
}

/// The message of a refused edit that belongs to `field` of `record`, if any.
pub fn field_error(
    ui: &mut Ui,
    app: &crate::app::App,
    record: crate::model::Id,
    field: crate::model::edit::Field,
) {
    if let Some(e) = &app.view.field_error
        && e.record == record
        && e.field == field
        && e.text_field.is_none()
    {
        ui.label(RichText::new(&e.message).color(crate::ui::theme::ATTENTION));
    }
}
