//! The forms' "Choose…" buttons: the App opens the file dialog while handling the command, not
//! while the views draw, starting where the path field points, and the chosen path lands in
//! the form; where no dialog opens, the form says so and the path field takes the keyboard.

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use framework_planner::app::{App, BrowseFor, Command, Dialog, FileDialog};
use framework_planner::export::Format;
use window::{DESKTOP, window_on};

mod window;

/// Answers every file dialog with `answer` and keeps what each was asked to show.
fn answer_with(h: &mut Harness<App>, answer: Option<PathBuf>) -> Rc<RefCell<Vec<FileDialog>>> {
    let asked = Rc::new(RefCell::new(Vec::new()));
    let log = asked.clone();
    h.state_mut().set_file_chooser(move |d| {
        log.borrow_mut().push(d.clone());
        answer.clone()
    });
    asked
}

#[test]
fn the_folder_chosen_for_a_version_is_where_it_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let chosen = dir.path().join("versions");
    std::fs::create_dir(&chosen).unwrap();
    let mut h = window_on(&dir.path().join("plan.sqlite"), DESKTOP);
    let asked = answer_with(&mut h, Some(chosen.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.get_by_label("Choose folder…").click();
    h.run();

    let asked = asked.borrow();
    assert_eq!(asked.len(), 1, "one dialog per click");
    assert_eq!(asked[0].purpose, BrowseFor::SaveFolder);
    let Some(Dialog::SaveVersion(form)) = &h.state().view.dialog else {
        panic!("the save form stays open");
    };
    assert_eq!(form.folder, chosen.display().to_string());
    assert_eq!(form.error, None);

    h.get_by_label("Save version").click();
    h.run();
    let saved: Vec<_> = std::fs::read_dir(&chosen).unwrap().collect();
    assert_eq!(saved.len(), 1, "the version file is in the chosen folder");
    assert_eq!(h.state().versions().len(), 1);
}

#[test]
fn the_export_dialog_suggests_the_forms_file_and_its_answer_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = window_on(&dir.path().join("plan.sqlite"), DESKTOP);
    let target = dir.path().join("for the ministry.csv");
    let asked = answer_with(&mut h, Some(target.clone()));
    h.state_mut().handle(Command::OpenExportForm(Format::Csv));
    h.run();
    let Some(Dialog::Export(before)) = h.state().view.dialog.clone() else {
        panic!("the export form is open");
    };
    h.get_by_label("Choose…").click();
    h.run();

    let asked = asked.borrow();
    assert_eq!(asked[0].purpose, BrowseFor::ExportPath);
    let suggested = PathBuf::from(&before.path);
    assert_eq!(
        asked[0].file_name.as_deref(),
        suggested.file_name().and_then(|n| n.to_str())
    );
    assert_eq!(asked[0].filters[0].1, ["csv"]);
    let Some(Dialog::Export(form)) = &h.state().view.dialog else {
        panic!("the export form stays open");
    };
    assert_eq!(form.path, target.display().to_string());
}

#[test]
fn without_a_system_dialog_the_open_form_says_so_and_the_path_field_takes_the_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = window_on(&dir.path().join("plan.sqlite"), DESKTOP);
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    // A folder typed, then "Choose…": the dialog starts in that folder.
    let typed = dir.path().join("inbox");
    std::fs::create_dir(&typed).unwrap();
    let asked = answer_with(&mut h, None);
    h.get_by_role_and_label(egui::Role::TextInput, "File")
        .focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(egui::Role::TextInput, "File")
        .type_text(&typed.display().to_string());
    h.run();
    h.get_by_label("Choose…").click();
    h.run();

    assert_eq!(
        asked.borrow()[0].directory.as_deref(),
        Some(typed.as_path())
    );
    let Some(Dialog::Open(form)) = &h.state().view.dialog else {
        panic!("the open form stays open");
    };
    assert_eq!(
        form.path,
        typed.display().to_string(),
        "the typed path stays"
    );
    assert!(form.error.is_some());
    h.get_by_label_contains("No file or folder was chosen");
    assert!(
        h.get_by_role_and_label(egui::Role::TextInput, "File")
            .is_focused(),
        "the path field has the keyboard"
    );
    assert!(h.state().view.message.is_none(), "said in the form only");
}
