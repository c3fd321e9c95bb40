//! The file dialogs: save a version, export, open a plan file or an edited spreadsheet.
//!
//! Each has a path field of its own, and a "Choose…" button for the system's dialog (rfd).
//! Where no system dialog can open (no desktop portal), the field is all it takes.

use egui::{Key, Modal, RichText, TextEdit, Ui};

use crate::app::{App, Command, Dialog, ExportForm, OpenForm, SaveForm};
use crate::i18n::{tr, trf};
use crate::ui::{theme, widgets};

pub fn show(ui: &mut Ui, app: &App, out: &mut Vec<Command>) {
    let Some(dialog) = app.view.dialog.clone() else {
        // The session form shares the fields' "first field takes the keyboard" flag.
        if app.view.session_form.is_none() {
            ui.ctx()
                .data_mut(|d| d.remove_temp::<bool>(egui::Id::NULL.with("dialog-focused")));
        }
        return;
    };
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

fn save_form(ui: &mut Ui, app: &App, form: SaveForm, out: &mut Vec<Command>) {
    ui.heading(tr("files.save_title"));
    ui.label(RichText::new(tr("files.save_intro")).color(widgets::muted(ui)));
    ui.add_space(8.0);
    let set = |f: SaveForm| Command::SetDialog(Some(Dialog::SaveVersion(f)));
    if let Some(label) = line(ui, tr("files.label"), &form.label, false) {
        out.push(set(SaveForm {
            label,
            ..form.clone()
        }));
    }
    if let Some(note) = line(ui, tr("files.note"), &form.note, true) {
        out.push(set(SaveForm {
            note,
            ..form.clone()
        }));
    }
    if let Some(author) = line(ui, tr("files.author"), &form.author, false) {
        out.push(set(SaveForm {
            author,
            ..form.clone()
        }));
    }
    if let Some(folder) = line(ui, tr("files.folder"), &form.folder, false) {
        out.push(set(SaveForm {
            folder,
            ..form.clone()
        }));
    }
    ui.horizontal(|ui| {
        if ui.button(tr("files.choose_folder")).clicked()
            && let Some(dir) = rfd::FileDialog::new()
                .set_directory(&form.folder)
                .pick_folder()
        {
            out.push(set(SaveForm {
                folder: dir.display().to_string(),
                ..form.clone()
            }));
        }
        ui.label(
            RichText::new(trf(
                "files.will_be_named",
                &[("name", &crate::app::versions_file_name(app))],
            ))
            .small()
            .color(widgets::muted(ui)),
        );
    });
    ui.add_space(8.0);
    error(ui, &form.error);
    ui.horizontal(|ui| {
        if ui.button(tr("files.save")).clicked() || submitted(ui) {
            out.push(Command::SaveVersion(form.clone()));
        }
        if ui.button(tr("branch.cancel")).clicked() {
            out.push(Command::SetDialog(None));
        }
    });
}

fn export_form(ui: &mut Ui, form: ExportForm, out: &mut Vec<Command>) {
    use crate::export::Format;
    let title = match form.format {
        Format::Xlsx => tr("files.export_xlsx"),
        Format::Csv => tr("files.export_csv"),
        Format::Html => tr("files.export_html"),
    };
    ui.heading(title);
    ui.add_space(8.0);
    let set = |f: ExportForm| Command::SetDialog(Some(Dialog::Export(f)));
    if let Some(path) = line(ui, tr("files.path"), &form.path, false) {
        out.push(set(ExportForm {
            path,
            ..form.clone()
        }));
    }
    if ui.button(tr("files.choose")).clicked() {
        let p = std::path::Path::new(&form.path);
        let mut d = rfd::FileDialog::new().add_filter(title, &[form.format.as_str()]);
        if let Some(dir) = p.parent() {
            d = d.set_directory(dir);
        }
        if let Some(name) = p.file_name() {
            d = d.set_file_name(name.to_string_lossy());
        }
        if let Some(path) = d.save_file() {
            out.push(set(ExportForm {
                path: path.display().to_string(),
                ..form.clone()
            }));
        }
    }
    ui.add_space(8.0);
    error(ui, &form.error);
    ui.horizontal(|ui| {
        if ui.button(tr("files.export")).clicked() || submitted(ui) {
            out.push(Command::Export(form.clone()));
        }
        if ui.button(tr("branch.cancel")).clicked() {
            out.push(Command::SetDialog(None));
        }
    });
}

fn open_form(ui: &mut Ui, form: OpenForm, out: &mut Vec<Command>) {
    ui.heading(tr("files.open_title"));
    ui.label(RichText::new(tr("files.open_intro")).color(widgets::muted(ui)));
    ui.add_space(8.0);
    let set = |f: OpenForm| Command::SetDialog(Some(Dialog::Open(f)));
    if let Some(path) = line(ui, tr("files.path"), &form.path, false) {
        out.push(set(OpenForm {
            path,
            ..form.clone()
        }));
    }
    if ui.button(tr("files.choose")).clicked()
        && let Some(path) = rfd::FileDialog::new()
            .add_filter(tr("files.plan_files"), &[crate::planfile::EXTENSION])
            .add_filter(tr("files.spreadsheets"), &["xlsx", "csv"])
            .pick_file()
    {
        out.push(set(OpenForm {
            path: path.display().to_string(),
            ..form.clone()
        }));
    }
    ui.add_space(8.0);
    error(ui, &form.error);
    ui.horizontal(|ui| {
        if ui.button(tr("files.open")).clicked() || submitted(ui) {
            out.push(Command::OpenFile(form.path.trim().into()));
        }
        if ui.button(tr("branch.cancel")).clicked() {
            out.push(Command::SetDialog(None));
        }
    });
}
