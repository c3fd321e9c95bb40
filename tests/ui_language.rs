//! The Bangla interface: switching at run time, Bangla digits, and Bangla text typed, saved
//! and searched.

use std::sync::Mutex;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use framework_planner::app::Command;
use framework_planner::i18n::{self, Language};
use framework_planner::model::Id;
use framework_planner::store::Store;
use window::{DESKTOP, window_on};

mod window;

/// The language is one setting for the whole process: tests that depend on it take turns.
static LANGUAGE: Mutex<()> = Mutex::new(());

fn bangla_digits(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|c| {
            let d = c.to_digit(10).unwrap();
            char::from_u32('০' as u32 + d).unwrap()
        })
        .collect()
}

#[test]
fn switching_language_in_the_view_menu_changes_the_visible_strings() {
    let _turn = LANGUAGE.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let mut h = window_on(&dir.path().join("plan.sqlite"), DESKTOP);
    h.state_mut()
        .handle(Command::SetLanguage(Language::English));
    h.run();
    assert!(h.query_by_label("Board").is_some());
    assert!(h.query_by_label("বোর্ড").is_none());

    h.get_by_label("View").click();
    h.run();
    h.get_by_label("বাংলা").click();
    h.run();
    h.run();

    assert_eq!(h.state().view.language, Language::Bangla);
    assert!(
        h.query_by_label("বোর্ড").is_some(),
        "the Board tab in Bangla"
    );
    assert!(
        h.query_by_label("রূপরেখা").is_some(),
        "the Outline tab in Bangla"
    );
    assert!(h.query_by_label("Board").is_none(), "no English tab left");
    assert!(h.query_by_label("Outline").is_none());

    // The status bar's count, in Bangla digits.
    let n = h.state().plan.activities.len();
    let count = format!("{}টি কার্যক্রম", bangla_digits(n));
    assert!(
        h.query_by_label(&count).is_some(),
        "{count} in the status bar"
    );
    assert!(h.query_by_label(&format!("{n} activities")).is_none());

    // And back, through the same menu in Bangla.
    h.get_by_label("দেখুন").click();
    h.run();
    h.get_by_label("English").click();
    h.run();
    h.run();
    assert_eq!(i18n::language(), Language::English);
    assert!(h.query_by_label("Board").is_some());
    assert!(h.query_by_label(&format!("{n} activities")).is_some());
    assert!(h.query_by_label("বোর্ড").is_none());
}

#[test]
fn numbers_in_placeholders_get_bangla_digits_but_codes_do_not() {
    let _turn = LANGUAGE.lock().unwrap_or_else(|e| e.into_inner());
    i18n::set_language(Language::Bangla);
    let counted = i18n::trf("status.activities", &[("n", &121)]);
    let coded = i18n::trf("detail.title", &[("code", &"4.5.1.2")]);
    let num = i18n::num(2026);
    i18n::set_language(Language::English);
    assert_eq!(counted, "১২১টি কার্যক্রম");
    assert_eq!(
        coded, "কার্যক্রম 4.5.1.2",
        "codes are identifiers: left as they are"
    );
    assert_eq!(num, "২০২৬");
    assert_eq!(
        i18n::trf("status.activities", &[("n", &121)]),
        "121 activities"
    );
}

#[test]
fn bangla_text_typed_into_an_activity_is_saved_and_found_by_the_search() {
    let _turn = LANGUAGE.lock().unwrap_or_else(|e| e.into_inner());
    i18n::set_language(Language::English);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, DESKTOP);
    let id: Id = h
        .state()
        .plan
        .activities
        .iter()
        .find(|a| a.code == "4.5.1.2")
        .map(|a| a.id)
        .unwrap();
    h.state_mut().handle(Command::Select(Some(id)));
    h.run();

    let text = "প্রবাসী কর্মীদের জন্য যাত্রাপূর্ব আর্থিক শিক্ষা";
    h.get_by_role_and_label(egui::Role::TextInput, "Text")
        .focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(egui::Role::TextInput, "Text")
        .type_text(text);
    h.run();
    h.key_press(Key::Tab);
    h.run();

    assert_eq!(h.state().plan.activity(id).unwrap().text, text);
    let saved = Store::open(&db).unwrap().load_plan().unwrap();
    assert_eq!(saved.activity(id).unwrap().text, text, "stored as typed");

    // Search for a word of it, as a user types it into the toolbar's search field.
    h.state_mut().handle(Command::Select(None));
    h.run();
    // With nothing selected, the search field is the only text field.
    h.get_by_role(egui::Role::TextInput).focus();
    h.run();
    h.get_by_role(egui::Role::TextInput).type_text("যাত্রাপূর্ব");
    h.run();
    assert_eq!(h.state().view.filter.text, "যাত্রাপূর্ব");
    let shown: Vec<&str> = h
        .state()
        .plan
        .activities
        .iter()
        .zip(&h.state().board.visible)
        .filter(|(_, v)| **v)
        .map(|(a, _)| a.code.as_str())
        .collect();
    assert_eq!(shown, ["4.5.1.2"], "the search finds the Bangla text");
    assert!(
        h.query_all_by_label_contains(text).count() > 0,
        "the outline shows it"
    );
}
