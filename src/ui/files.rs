//! The file dialogs: save a version, export, open a plan file or an edited spreadsheet.
//!
//! Each has a path field of its own, and a "Choose…" button that asks the App for the system's
//! dialog (`Command::Browse`). Where no system dialog can open (no desktop portal), the form
//! says so, the path field takes the keyboard, and the field is all it takes.

use egui::{Key, Modal, RichText, TextEdit, Ui};

use crate::app::{App, BrowseFor, Command, Dialog, ExportForm, OpenForm, SaveForm};
use crate::i18n::{tr, trf};
use crate::ui::{theme, widgets};

/// `focus_path`: the path field takes the keyboard (the system's dialog gave nothing back).
pub fn show(ui: &mut Ui, app: &App, focus_path: bool, out: &mut Vec<Command>) {
    let Some(dialog) = app.view.dialog.clone() else {
        // The session form shares the fields' "first field takes the keyboard" flag.
        if app.view.session_form.is_none() {
            ui.ctx()
                .data_mut(|d| d.remove_temp::<bool>(egui::Id::NULL.with("dialog-focused")));
        }
        return;
    };
    if focus_path {
        let field = match dialog {
            Dialog::SaveVersion(_) => tr("files.folder"),
            Dialog::Export(_) | Dialog::Open(_) => tr("files.path"),
        };
        ui.ctx()
            .data_mut(|d| d.insert_temp(focus_request(), field.to_owned()));
    }
    let modal = Modal::new(egui::Id::NULL.with("file-dialog")).show(ui.ctx(), |ui| {
        ui.set_width(620.0);
        match dialog {
            Dialog::SaveVersion(form) => save_form(ui, app, form, out),
            Dialog::Export(form) => export_form(ui, form, out),
            Dialog::Open(form) => open_form(ui, form, out),
        }
    });
    if modal.backdrop_response.clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
        out.push(Command::SetDialog(None));
    }
}

/// A labelled one-line field; returns the edited text when it changed.
pub(crate) fn line(ui: &mut Ui, label: &str, value: &str, multiline: bool) -> Option<String> {
    ui.label(RichText::new(label).family(theme::bold()));
    let mut text = value.to_owned();
    let edit = if multiline {
        TextEdit::multiline(&mut text).desired_rows(3)
    } else {
        TextEdit::singleline(&mut text)
    };
    let resp = ui.add(edit.desired_width(f32::INFINITY));
    // The first field of a dialog takes the keyboard when the dialog opens.
    let opened = egui::Id::NULL.with("dialog-focused");
    if !ui
        .ctx()
        .data(|d| d.get_temp::<bool>(opened))
        .unwrap_or(false)
    {
        resp.request_focus();
        ui.ctx().data_mut(|d| d.insert_temp(opened, true));
    }
    if ui
        .ctx()
        .data(|d| d.get_temp::<String>(focus_request()))
        .is_some_and(|f| f == label)
    {
        resp.request_focus();
        ui.ctx()
            .data_mut(|d| d.remove_temp::<String>(focus_request()));
    }
    resp.widget_info(|| {
        let mut info = egui::WidgetInfo::text_edit(true, value, &text, "");
        info.label = Some(label.to_owned());
        info
    });
    widgets::note_focus(ui, &resp);
    // Enter on a one-line field does what the dialog's main button does.
    if !multiline && resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
        ui.ctx().data_mut(|d| d.insert_temp(submit_id(), true));
    }
    ui.add_space(6.0);
    resp.changed().then_some(text)
}

fn submit_id() -> egui::Id {
    egui::Id::NULL.with("dialog-submit")
}

/// Whether Enter was pressed in one of the dialog's one-line fields this frame.
pub(crate) fn submitted(ui: &Ui) -> bool {
    ui.ctx()
        .data_mut(|d| d.remove_temp::<bool>(submit_id()))
        .unwrap_or(false)
}

pub(crate) fn error(ui: &mut Ui, error: &Option<String>) {
    if let Some(e) = error {
        ui.label(RichText::new(e).color(theme::ATTENTION));
        ui.add_space(6.0);
    }
}

fn save_form(ui: &mut Ui, app: &App, saved: SaveForm, out: &mut Vec<Command>) {
    ui.heading(tr("files.save_title"));
    ui.label(RichText::new(tr("files.save_intro")).color(widgets::muted(ui)));
    ui.add_space(8.0);
    // Every field edits one copy, so a submit in the same frame as the last keystroke (Enter
    // or a click straight after typing) sends the text as it stands after that keystroke.
    let mut form = saved.clone();
    if let Some(label) = line(ui, tr("files.label"), &form.label, false) {
        form.label = label;
    }
    if let Some(note) = line(ui, tr("files.note"), &form.note, true) {
        form.note = note;
    }
    if let Some(author) = line(ui, tr("files.author"), &form.author, false) {
        form.author = author;
    }
    if let Some(folder) = line(ui, tr("files.folder"), &form.folder, false) {
        form.folder = folder;
    }
    let browse = ui.horizontal(|ui| {
        let browse = ui.button(tr("files.choose_folder")).clicked();
        ui.label(
            RichText::new(trf(
                "files.will_be_named",
                &[("name", &crate::app::versions_file_name(app))],
            ))
            .small()
            .color(widgets::muted(ui)),
        );
        browse
    });
    let (submit, cancel) = actions(ui, &form.error, tr("files.save"));
    finish(
        out,
        saved,
        form,
        submit,
        cancel,
        Dialog::SaveVersion,
        Command::SaveVersion,
    );
    // After the form's edits, so the dialog starts from the folder as typed.
    if browse.inner {
        out.push(Command::Browse(BrowseFor::SaveFolder));
    }
}

/// The form's error, if any, and its main button (also Enter in a one-line field) and Cancel:
/// returns whether each was chosen.
pub(crate) fn actions(ui: &mut Ui, form_error: &Option<String>, submit: &str) -> (bool, bool) {
    ui.add_space(8.0);
    error(ui, form_error);
    ui.horizontal(|ui| {
        let submit = ui.button(submit).clicked() || submitted(ui);
        (submit, ui.button(tr("branch.cancel")).clicked())
    })
    .inner
}

/// Sends a dialog's edits, then its submit (with the edited values) or its cancel.
fn finish<F: PartialEq>(
    out: &mut Vec<Command>,
    saved: F,
    form: F,
    submit: bool,
    cancel: bool,
    dialog: impl Fn(F) -> Dialog,
    command: impl Fn(F) -> Command,
) {
    if cancel {
        out.push(Command::SetDialog(None));
    } else if submit {
        out.push(command(form));
    } else if form != saved {
        out.push(Command::SetDialog(Some(dialog(form))));
    }
}

fn focus_request() -> egui::Id {
    egui::Id::NULL.with("dialog-focus-field")
}

fn export_form(ui: &mut Ui, saved: ExportForm, out: &mut Vec<Command>) {
    use crate::export::Format;
    let title = match saved.format {
        Format::Xlsx => tr("files.export_xlsx"),
        Format::Csv => tr("files.export_csv"),
        Format::Html => tr("files.export_html"),
        Format::Gcm => tr("files.export_gcm"),
        Format::Alignment => tr("files.export_alignment"),
    };
    ui.heading(title);
    ui.add_space(8.0);
    let mut form = saved.clone();
    if let Some(path) = line(ui, tr("files.path"), &form.path, false) {
        form.path = path;
    }
    let browse = ui.button(tr("files.choose")).clicked();
    let (submit, cancel) = actions(ui, &form.error, tr("files.export"));
    finish(
        out,
        saved,
        form,
        submit,
        cancel,
        Dialog::Export,
        Command::Export,
    );
    if browse {
        out.push(Command::Browse(BrowseFor::ExportPath));
    }
}

fn open_form(ui: &mut Ui, saved: OpenForm, out: &mut Vec<Command>) {
    ui.heading(tr("files.open_title"));
    ui.label(RichText::new(tr("files.open_intro")).color(widgets::muted(ui)));
    ui.add_space(8.0);
    let mut form = saved.clone();
    if let Some(path) = line(ui, tr("files.path"), &form.path, false) {
        form.path = path;
    }
    let browse = ui.button(tr("files.choose")).clicked();
    let (submit, cancel) = actions(ui, &form.error, tr("files.open"));
    let path = form.path.trim().to_owned();
    finish(out, saved, form, submit, cancel, Dialog::Open, |_| {
        Command::OpenFile(path.clone().into())
    });
    // It starts where the path field points: the folder used last, or the file typed.
    if browse {
        out.push(Command::Browse(BrowseFor::OpenFile));
    }
}
