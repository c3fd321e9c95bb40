//! Editing as a facilitator does it on screen: typing into the detail panel, picking actors,
//! confirming inferred values, merging actors, renumbering with a preview.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use framework_planner::app::{App, Command, MainView};
use framework_planner::model::{Flag, Id, Plan};
use window::{DESKTOP, id_of, saved, window_on};

mod window;

fn actor(plan: &Plan, abbreviation: &str) -> Id {
    plan.actors
        .iter()
        .find(|a| a.abbreviation == abbreviation)
        .map(|a| a.id)
        .unwrap()
}

fn select(h: &mut Harness<App>, code: &str) -> Id {
    let id = id_of(&h.state().plan, code);
    h.state_mut().handle(Command::Select(Some(id)));
    h.run();
    id
}

/// Replaces the text of the field named `label` and leaves it with Tab.
fn retype(h: &mut Harness<App>, label: &str, text: &str) {
    let field = h.get_by_role_and_label(egui::Role::TextInput, label);
    field.focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(egui::Role::TextInput, label)
        .type_text(text);
    h.run();
    h.key_press(Key::Tab);
    h.run();
}

#[test]
fn text_typed_in_the_detail_panel_is_saved_on_leaving_the_field_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, DESKTOP);
    let id = select(&mut h, "4.5.1.2");
    let before = h.state().plan.activity(id).unwrap().text.clone();
    let new = "Organizing pre-departure and on-arrival financial education";

    retype(&mut h, "Text", new);
    assert_eq!(h.state().plan.activity(id).unwrap().text, new);
    assert_eq!(saved(&db).activity(id).unwrap().text, new, "saved at once");

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(saved(&db).activity(id).unwrap().text, before);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(saved(&db).activity(id).unwrap().text, new);
}

#[test]
fn a_refused_code_is_explained_at_the_field_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, DESKTOP);
    let id = select(&mut h, "4.5.1.2");
    let before = saved(&db);

    retype(&mut h, "Code", "9.9.9.9");
    // Beside the field, and in the status bar.
    assert_eq!(
        h.query_all_by_label_contains("does not fit under 4.5.1")
            .count(),
        2,
        "the reason is shown"
    );
    // The typed text stays in the field so it can be corrected.
    assert_eq!(
        h.get_by_role_and_label(egui::Role::TextInput, "Code")
            .accesskit_node()
            .value()
            .as_deref(),
        Some("9.9.9.9")
    );
    assert_eq!(saved(&db), before);
    assert!(h.state().history.undo.is_empty());

    retype(&mut h, "Code", "4.5.1.1");
    assert!(h.query_all_by_label_contains("already used").count() > 0);
    assert_eq!(saved(&db), before);

    // Esc leaves the field without saving and shows the saved code again.
    let field = h.get_by_role_and_label(egui::Role::TextInput, "Code");
    field.focus();
    h.run();
    h.get_by_role_and_label(egui::Role::TextInput, "Code")
        .type_text("9");
    h.run();
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().view.selected, Some(id), "Esc left the field only");
    assert_eq!(
        h.get_by_role_and_label(egui::Role::TextInput, "Code")
            .accesskit_node()
            .value()
            .as_deref(),
        Some("4.5.1.2")
    );
    assert_eq!(saved(&db), before);
}

#[test]
fn the_picker_finds_actors_by_full_name_and_sets_lead_and_co_leads() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, DESKTOP);
    let id = select(&mut h, "2.1.5.2");
    let plan = h.state().plan.clone();
    let (bb, mowoe) = (actor(&plan, "BB"), actor(&plan, "MoEWOE"));
    let old = plan.activity(id).unwrap().clone();

    h.get_by_label("Change lead…").click();
    h.run();
    h.get_by_role_and_label(egui::Role::TextInput, "Search")
        .type_text("bangladesh bank");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(saved(&db).activity(id).unwrap().leads, [bb]);

    h.get_by_label("Add co-lead…").click();
    h.run();
    h.get_by_role_and_label(egui::Role::TextInput, "Search")
        .type_text("expatriates");
    h.run();
    h.get_by_label_contains("MoEWOE — Ministry of Expatriates")
        .click();
    h.run();
    let a = saved(&db).activity(id).unwrap().clone();
    assert_eq!(a.co_leads.last(), Some(&mowoe));
    assert_eq!(a.co_leads.len(), old.co_leads.len() + 1);

    // Two picks, two undo steps, back to the start.
    h.state_mut().handle(Command::Undo);
    h.state_mut().handle(Command::Undo);
    h.run();
    assert_eq!(saved(&db).activity(id).unwrap(), &old);
}

#[test]
fn an_actor_created_from_the_picker_is_assigned_in_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, DESKTOP);
    let id = select(&mut h, "1.1.1.1");
    let before = saved(&db);

    h.get_by_label("Change lead…").click();
    h.run();
    h.get_by_role_and_label(egui::Role::TextInput, "Search")
        .type_text("NAPD");
    h.run();
    h.get_by_label("+ Create actor “NAPD”").click();
    h.run();
    let after = saved(&db);
    let bida = actor(&after, "NAPD");
    assert_eq!(after.activity(id).unwrap().leads, [bida]);
    // A new actor has no full name yet: the data checks say so.
    assert!(
        h.state()
            .derived
            .flags_of(id)
            .contains(&Flag::UnknownActor {
                abbreviation: "NAPD".into()
            })
    );

    h.state_mut().handle(Command::Undo);
    h.run();
    let undone = saved(&db);
    assert!(undone.actors.iter().all(|a| a.abbreviation != "NAPD"));
    assert_eq!(undone.activity(id), before.activity(id));
}

#[test]
fn status_buttons_duplicate_and_delete_work_from_the_detail_panel() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, DESKTOP);
    let id = select(&mut h, "3.2.1.1");
    let n = h.state().plan.activities.len();

    h.get_by_label("Agreed").click();
    h.run();
    assert_eq!(
        saved(&db).activity(id).unwrap().status,
        framework_planner::model::Status::Agreed
    );

    h.get_by_label("Duplicate").click();
    h.run();
    let plan = saved(&db);
    assert_eq!(plan.activities.len(), n + 1);
    let copy = h.state().view.selected.unwrap();
    assert_ne!(copy, id, "the copy is selected");
    assert_eq!(
        plan.activity(copy).unwrap().text,
        plan.activity(id).unwrap().text
    );

    // Delete asks nothing; Ctrl+Z brings it back.
    h.get_by_label("Delete").click();
    h.run();
    assert_eq!(saved(&db).activities.len(), n);
    assert!(h.query_by_label_contains("Ctrl+Z brings it back").is_some());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(saved(&db).activity(copy).is_some());
}

#[test]
fn inferred_values_are_confirmed_in_one_click_from_the_checks_view() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, DESKTOP);
    h.state_mut().handle(Command::ShowView(MainView::Checks));
    h.run();
    let marks = |p: &Plan| -> usize {
        p.activities
            .iter()
            .map(|a| {
                usize::from(a.inferred.lead)
                    + usize::from(a.inferred.co_leads)
                    + usize::from(a.inferred.timeline)
            })
            .sum()
    };
    let before = marks(&saved(&db));
    let confirms = h.query_all_by_label("✔ Confirm").count();
    assert!(confirms > 0 && before > 0);

    let first = h.query_all_by_label("✔ Confirm").next().unwrap();
    first.scroll_to_me();
    h.run();
    h.query_all_by_label("✔ Confirm").next().unwrap().click();
    h.run();
    assert_eq!(h.query_all_by_label("✔ Confirm").count(), confirms - 1);
    assert_eq!(marks(&saved(&db)), before - 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(marks(&saved(&db)), before);

    // A code in the list opens its card on the board.
    let (code, id) = {
        let groups = framework_planner::ui::checks::open_checks(h.state());
        let (_, rows) = groups.iter().find(|(_, r)| !r.is_empty()).unwrap();
        (rows[0].0.code.clone(), rows[0].0.id)
    };
    h.query_all_by_role_and_label(egui::Role::Link, &code)
        .next()
        .unwrap()
        .scroll_to_me();
    h.run();
    h.query_all_by_role_and_label(egui::Role::Link, &code)
        .next()
        .unwrap()
        .click();
    h.run();
    h.run();
    assert_eq!(h.state().view.main, MainView::Board);
    assert_eq!(h.state().view.selected, Some(id));
    assert!(
        h.query_all_by_label_contains(&format!("{code} ")).count() > 0,
        "card drawn"
    );
}

#[test]
fn merging_actors_in_the_registry_moves_their_activities() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, DESKTOP);
    let plan = saved(&db);
    let (moi, mol) = (actor(&plan, "MoI"), actor(&plan, "Mol"));
    let uses = |p: &Plan, x: Id| {
        p.activities
            .iter()
            .filter(|a| a.leads.contains(&x) || a.co_leads.contains(&x))
            .count()
    };
    assert!(uses(&plan, mol) > 0);

    h.state_mut().handle(Command::ShowView(MainView::Actors));
    h.state_mut().handle(Command::SelectActor(Some(mol)));
    h.run();
    h.get_by_label("Merge into…").click();
    h.run();
    h.get_by_role_and_label(egui::Role::TextInput, "Search")
        .type_text("MoI");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(
        h.query_by_label_contains("will name MoI instead of Mol")
            .is_some(),
        "the merge is explained before it happens"
    );
    h.get_by_label("Merge into MoI").click();
    h.run();
    let msg = h.state().view.message.clone();
    assert!(msg.as_ref().is_some_and(|m| !m.error), "{msg:?}");
    let after = saved(&db);
    assert!(after.actor(mol).is_none());
    assert_eq!(uses(&after, moi), {
        // Activities naming either, counted once.
        plan.activities
            .iter()
            .filter(|a| {
                [moi, mol]
                    .iter()
                    .any(|x| a.leads.contains(x) || a.co_leads.contains(x))
            })
            .count()
    });
    h.state_mut().handle(Command::Undo);
    h.run();
    assert_eq!(uses(&saved(&db), mol), uses(&plan, mol));
}

#[test]
fn renumbering_shows_the_changes_first_and_applies_them_as_one_step() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, DESKTOP);
    // A sub-indicator holding an activity whose printed code belongs elsewhere.
    let sub = {
        let p = &h.state().plan;
        p.activities
            .iter()
            .find_map(|a| {
                let s = p.sub_indicator(a.sub_indicator_id)?;
                (!framework_planner::model::checks::code_fits_parent(&a.code, &s.code))
                    .then_some(s.id)
            })
            .unwrap()
    };
    let sub_code = h.state().plan.sub_indicator(sub).unwrap().code.clone();
    let codes_under = |p: &Plan| -> Vec<String> {
        let mut v: Vec<_> = p
            .activities
            .iter()
            .filter(|a| a.sub_indicator_id == sub)
            .collect();
        v.sort_by_key(|a| a.outline_pos);
        v.iter().map(|a| a.code.clone()).collect()
    };
    let before = codes_under(&saved(&db));
    let expected: Vec<String> = (1..=before.len())
        .map(|n| format!("{sub_code}.{n}"))
        .collect();
    assert_ne!(before, expected, "the seed has a misplaced code here");

    h.state_mut().handle(Command::Select(Some(sub)));
    h.run();
    h.get_by_label("Renumber codes below…").click();
    h.run();
    let changes = before.iter().zip(&expected).filter(|(a, b)| a != b).count();
    assert!(
        h.query_by_label(&format!("{changes} codes will change:"))
            .is_some()
    );
    assert_eq!(codes_under(&saved(&db)), before, "nothing changes yet");
    h.get_by_label("Renumber").click();
    h.run();
    assert_eq!(codes_under(&saved(&db)), expected);
    h.state_mut().handle(Command::Undo);
    h.run();
    assert_eq!(codes_under(&saved(&db)), before);
}

#[test]
fn who_does_what_lists_the_activities_behind_a_bar() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, DESKTOP);
    h.state_mut().handle(Command::ShowView(MainView::Workload));
    h.run();
    let plan = h.state().plan.clone();
    let mohfw = actor(&plan, "MoHFW");
    let led_short: Vec<&str> = plan
        .activities
        .iter()
        .filter(|a| a.leads.contains(&mohfw) && a.lane == framework_planner::model::Lane::Short)
        .map(|a| a.code.as_str())
        .collect();
    assert!(!led_short.is_empty());
    let label = format!("MoHFW leads {} in Short term (1–2 years)", led_short.len());
    h.get_by_label(&label).click();
    h.run();
    for code in &led_short {
        assert!(h.query_by_label(code).is_some(), "{code} listed");
    }
    // The table view has the same cell.
    h.get_by_label("Table").click();
    h.run();
    assert!(h.query_all_by_label(&label).count() >= 1);
}

/// Typing a note and, without leaving the field, removing a co-lead: both changes are kept.
/// The click that removes the co-lead also saves the note first; the removal, built from the
/// record as drawn before the note was saved, changes only the co-leads.
#[test]
fn a_note_being_typed_survives_removing_a_co_lead() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, DESKTOP);
    let id = select(&mut h, "1.1.1.1");
    let before = saved(&db).activity(id).unwrap().clone();
    assert_eq!(before.co_leads.len(), 1);
    h.get_by_role_and_label(egui::Role::TextInput, "Notes")
        .focus();
    h.run();
    h.get_by_role_and_label(egui::Role::TextInput, "Notes")
        .type_text("Agreed in room");
    h.run();
    // The second ✕ is the co-lead's (the first is the lead's).
    let removes: Vec<_> = h.query_all_by_label("✕").collect();
    assert_eq!(removes.len(), 2);
    removes[1].click();
    h.run();
    let after = saved(&db).activity(id).unwrap().clone();
    assert_eq!(after.notes, "Agreed in room");
    assert!(after.co_leads.is_empty(), "{:?}", after.co_leads);
    assert_eq!(after.leads, before.leads);
    assert_eq!(h.state().plan.activity(id), Some(&after));
}
