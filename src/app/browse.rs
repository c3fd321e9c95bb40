//! The system's file dialogs behind the forms' "Choose…" buttons. The App opens them while it
//! handles the command, never while the views draw, and puts what was chosen into the form.
//! Where no system dialog can open (no desktop portal), the form says so and its path field
//! does the same job.

use std::path::{Path, PathBuf};

use super::{App, Dialog};
use crate::export::Format;
use crate::i18n::tr;

/// Which form's "Choose…" button was pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BrowseFor {
    /// The folder of the "save a version" form.
    SaveFolder,
    /// The file the export form writes.
    ExportPath,
    /// The plan file or spreadsheet the "open" form opens.
    OpenFile,
}

/// What a file dialog is asked to show.
#[derive(Clone, Debug, PartialEq)]
pub struct FileDialog {
    pub purpose: BrowseFor,
    /// The folder it starts in.
    pub directory: Option<PathBuf>,
    /// The file name it suggests, when saving.
    pub file_name: Option<String>,
    /// The kinds of file it offers: a name and its extensions.
    pub filters: Vec<(String, Vec<String>)>,
}

/// Shows a file dialog; the path chosen, or `None` when it was closed or none could open.
pub type FileChooser = Box<dyn FnMut(&FileDialog) -> Option<PathBuf>>;

/// The system's own dialog (rfd), where the desktop has one.
pub fn system_dialog(d: &FileDialog) -> Option<PathBuf> {
    let mut dialog = rfd::FileDialog::new();
    for (name, extensions) in &d.filters {
        dialog = dialog.add_filter(name, extensions);
    }
    if let Some(dir) = &d.directory {
        dialog = dialog.set_directory(dir);
    }
    if let Some(name) = &d.file_name {
        dialog = dialog.set_file_name(name);
    }
    match d.purpose {
        BrowseFor::SaveFolder => dialog.pick_folder(),
        BrowseFor::ExportPath => dialog.save_file(),
        BrowseFor::OpenFile => dialog.pick_file(),
    }
}

/// The folder a typed path points at: itself when it is one, else the folder it is in, if that
/// exists.
fn folder_of(typed: &str) -> Option<PathBuf> {
    let typed = Path::new(typed.trim());
    let dir = if typed.is_dir() {
        Some(typed)
    } else {
        typed.parent()
    };
    dir.filter(|d| d.is_dir()).map(Path::to_path_buf)
}

impl App {
    /// Shows file dialogs with `chooser` from now on instead of the system's (tests, where no
    /// real dialog may open).
    pub fn set_file_chooser(
        &mut self,
        chooser: impl FnMut(&FileDialog) -> Option<PathBuf> + 'static,
    ) {
        self.chooser = Box::new(chooser);
    }

    /// Opens a file dialog for the form on screen, starting where its path field points, and
    /// puts the chosen path into the field. When nothing comes back the form says why and the
    /// path field takes the keyboard.
    pub(super) fn browse(&mut self, purpose: BrowseFor) {
        let request = match (&self.view.dialog, purpose) {
            (Some(Dialog::SaveVersion(form)), BrowseFor::SaveFolder) => FileDialog {
                purpose,
                directory: folder_of(&form.folder),
                file_name: None,
                filters: Vec::new(),
            },
            (Some(Dialog::Export(form)), BrowseFor::ExportPath) => {
                let kind = match form.format {
                    Format::Xlsx => tr("files.export_xlsx"),
                    Format::Csv => tr("files.export_csv"),
                    Format::Html => tr("files.export_html"),
                    Format::Gcm => tr("files.export_gcm"),
                    Format::Alignment => tr("files.export_alignment"),
                };
                FileDialog {
                    purpose,
                    directory: folder_of(&form.path),
                    file_name: Path::new(form.path.trim())
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned()),
                    filters: vec![(kind.to_owned(), vec![form.format.extension().to_owned()])],
                }
            }
            (Some(Dialog::Open(form)), BrowseFor::OpenFile) => FileDialog {
                purpose,
                directory: folder_of(&form.path),
                file_name: None,
                filters: vec![
                    (
                        tr("files.plan_files").to_owned(),
                        vec![crate::planfile::EXTENSION.to_owned()],
                    ),
                    (
                        tr("files.spreadsheets").to_owned(),
                        vec!["xlsx".to_owned(), "csv".to_owned()],
                    ),
                ],
            },
            // The form was closed (or another opened) before the command arrived.
            _ => return,
        };
        let chosen = (self.chooser)(&request);
        let (field, error) = match &mut self.view.dialog {
            Some(Dialog::SaveVersion(form)) => (&mut form.folder, &mut form.error),
            Some(Dialog::Export(form)) => (&mut form.path, &mut form.error),
            Some(Dialog::Open(form)) => (&mut form.path, &mut form.error),
            None => return,
        };
        match chosen {
            Some(path) => {
                *field = path.display().to_string();
                *error = None;
            }
            None => {
                *error = Some(tr("files.no_system_dialog").to_owned());
                self.view.focus_path = true;
            }
        }
    }
}
