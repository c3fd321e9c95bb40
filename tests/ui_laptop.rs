//! The app on a 1366×768 laptop and on a projector: typed text is never lost when Enter or a
//! click comes in the same frame as the last keys, every view fits the screen without cutting
//! text, Esc closes menus first, each board lane scrolls on its own, and new activities land
//! where the facilitator is working.

use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use framework_planner::app::{App, Command, MainView};
use framework_planner::model::Lane;
use framework_planner::ui::input::Pending;
use window::{LAPTOP, id_of, saved, window_on};

mod window;

fn key(key: Key, pressed: bool) -> Event {
    Event::Key {
        key,
        physical_key: None,
        pressed,
        repeat: false,
        modifiers: Modifiers::NONE,
    }
}

fn click_events(at: Pos2) -> [Event; 3] {
    let button = |pressed| Event::PointerButton {
        pos: at,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    };
    [Event::PointerMoved(at), button(true), button(false)]
}

/// Gives the field named `label` the keyboard with its whole text selected.
fn focus_all(h: &mut Harness<App>, label: &str) {
    h.get_by_role_and_label(egui::Role::TextInput, label)
        .focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
}

/// Sends `events` to the app in one single frame, as a slow laptop delivers them, through the
/// same input hook the window uses (`ui::input::Pending`).
fn one_frame(h: &mut Harness<App>, events: impl IntoIterator<Item = Event>) {
    h.input_mut().events.extend(events);
    let mut pending = Pending::default();
    loop {
        let mut raw = egui::RawInput {
            events: std::mem::take(&mut h.input_mut().events),
            ..Default::default()
        };
        let held = pending.split(&mut raw);
        h.input_mut().events = raw.events;
        h.step();
        if !held {
            break;
        }
    }
    h.run();
}

#[test]
fn keys_and_enter_in_one_frame_save_the_whole_label() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, LAPTOP);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    focus_all(&mut h, "Folder");
    one_frame(&mut h, [Event::Text(dir.path().display().to_string())]);
    focus_all(&mut h, "Label");
    one_frame(
        &mut h,
        [
            Event::Text("Validation workshop day 1".into()),
            key(Key::Enter, true),
            key(Key::Enter, false),
        ],
    );
    let versions = h.state().versions();
    assert_eq!(versions.len(), 1, "Enter saved the version");
    assert_eq!(versions[0].label, "Validation workshop day 1");
    assert!(h.state().view.dialog.is_none());
}

#[test]
fn keys_and_a_click_on_the_next_field_in_one_frame_keep_the_whole_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, LAPTOP);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    focus_all(&mut h, "Folder");
    one_frame(&mut h, [Event::Text(dir.path().display().to_string())]);
    focus_all(&mut h, "Your name");
    let folder = h
        .get_by_role_and_label(egui::Role::TextInput, "Folder")
        .rect()
        .center();
    let mut events = vec![Event::Text("Review Tester".into())];
    events.extend(click_events(folder));
    one_frame(&mut h, events);
    h.get_by_label("Save version").click();
    h.run();
    let versions = h.state().versions();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].author, "Review Tester");
    assert_eq!(h.state().view.author, "Review Tester");
}

#[test]
fn an_activitys_text_and_notes_keep_keys_that_arrive_with_enter_or_a_click() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    // Tall enough for the whole detail panel, so every field can be clicked.
    let mut h = window_on(&db, egui::vec2(1366.0, 1200.0));
    let id = id_of(&h.state().plan, "1.1.1.1");
    h.state_mut().handle(Command::Select(Some(id)));
    h.run();

    // The code, and Enter, in one frame.
    focus_all(&mut h, "Code");
    one_frame(
        &mut h,
        [
            Event::Text("1.1.1.9".into()),
            key(Key::Enter, true),
            key(Key::Enter, false),
        ],
    );
    assert_eq!(saved(&db).activity(id).unwrap().code, "1.1.1.9");

    // The text and a click on the notes field, in one frame.
    focus_all(&mut h, "Text");
    let notes = h
        .get_by_role_and_label(egui::Role::TextInput, "Notes")
        .rect()
        .center();
    let mut events = vec![Event::Text("Train consular staff".into())];
    events.extend(click_events(notes));
    one_frame(&mut h, events);
    assert_eq!(
        saved(&db).activity(id).unwrap().text,
        "Train consular staff"
    );

    // The notes, then a click on the text field above them, in one frame.
    focus_all(&mut h, "Notes");
    let text = h
        .get_by_role_and_label(egui::Role::TextInput, "Text")
        .rect()
        .center();
    let mut events = vec![Event::Text("Agreed in room".into())];
    events.extend(click_events(text));
    one_frame(&mut h, events);
    assert_eq!(saved(&db).activity(id).unwrap().notes, "Agreed in room");
    assert_eq!(
        saved(&db).activity(id).unwrap().text,
        "Train consular staff"
    );
}

#[test]
fn esc_closes_an_open_menu_before_anything_else() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = window_on(&dir.path().join("plan.sqlite"), LAPTOP);
    let id = id_of(&h.state().plan, "1.1.1.1");
    h.state_mut().handle(Command::Select(Some(id)));
    h.run();
    h.get_by_label("Edit").click();
    h.run();
    assert!(
        h.query_by_label_contains("Duplicate activity").is_some(),
        "menu open"
    );
    h.key_press(Key::Escape);
    h.run();
    assert!(
        h.query_by_label_contains("Duplicate activity").is_none(),
        "menu closed"
    );
    // The Esc went to the menu, not to the selection.
    assert_eq!(h.state().view.selected, Some(id));
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().view.selected, None);
}

#[test]
fn each_lane_scrolls_on_its_own_and_a_dropped_card_stays_in_view() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, LAPTOP);
    h.state_mut().handle(Command::ShowView(MainView::Board));
    h.run();
    let plan = h.state().plan.clone();
    let short: Vec<&framework_planner::model::Activity> = {
        let mut v: Vec<_> = plan
            .activities
            .iter()
            .filter(|a| a.lane == Lane::Short)
            .collect();
        v.sort_by_key(|a| a.lane_pos);
        v
    };
    let medium_first = plan
        .activities
        .iter()
        .filter(|a| a.lane == Lane::Medium)
        .min_by_key(|a| a.lane_pos)
        .unwrap();
    let last_short = short.last().unwrap();
    assert!(h.query_by_label_contains(&last_short.text).is_none());

    // Bring the short-term lane's last card into view: that lane scrolls to its end, and the
    // medium-term lane's first card stays on screen.
    h.state_mut().handle(Command::Reveal(last_short.id));
    h.run();
    assert!(
        h.query_by_label_contains(&last_short.text).is_some(),
        "the short-term lane scrolled to its end"
    );
    assert!(
        h.query_by_label_contains(&medium_first.text).is_some(),
        "the medium-term lane did not scroll with it"
    );

    // Drag the last short-term card to the end of the long-term lane: it is in view after.
    let from = h.get_by_label_contains(&last_short.text).rect().center();
    let long_header = h.get_by_label_contains("Long term (6–10 years):").rect();
    let to = egui::pos2(long_header.center().x, 400.0);
    h.drag_at(from);
    h.run();
    for step in 1..=8 {
        let t = step as f32 / 8.0;
        h.hover_at(from + (to - from) * t);
        h.run();
    }
    h.drop_at(to);
    h.run();
    let moved = saved(&db).activity(last_short.id).unwrap().clone();
    assert_eq!(moved.lane, Lane::Long);
    let card = h.get_by_label_contains(&last_short.text).rect();
    assert!(
        card.top() >= 0.0 && card.bottom() <= LAPTOP.y,
        "the dropped card is on screen: {card:?}"
    );
    assert_eq!(h.state().view.selected, Some(last_short.id));
}

#[test]
fn add_activity_on_the_board_lands_after_the_selected_card_ready_to_type() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, LAPTOP);
    h.state_mut().handle(Command::ShowView(MainView::Board));
    let sibling = id_of(&h.state().plan, "1.1.1.1");
    h.state_mut().handle(Command::Select(Some(sibling)));
    h.run();
    h.get_by_label("+ Activity").click();
    h.run();
    let plan = saved(&db);
    let new = plan
        .activities
        .iter()
        .find(|a| a.source_line.is_none() && a.text == "New activity")
        .expect("an activity was added")
        .clone();
    let s = plan.activity(sibling).unwrap();
    assert_eq!(new.sub_indicator_id, s.sub_indicator_id);
    assert_eq!(new.lane, s.lane);
    // Right after its sibling on the board and in the outline.
    let next_on_board = plan
        .activities
        .iter()
        .filter(|a| a.lane == s.lane && a.lane_pos > s.lane_pos)
        .min_by_key(|a| a.lane_pos)
        .unwrap();
    assert_eq!(next_on_board.id, new.id);
    let next_in_outline = plan
        .activities
        .iter()
        .filter(|a| a.sub_indicator_id == s.sub_indicator_id && a.outline_pos > s.outline_pos)
        .min_by_key(|a| a.outline_pos)
        .unwrap();
    assert_eq!(next_in_outline.id, new.id);
    assert_eq!(h.state().view.main, MainView::Board, "the board stays");
    assert_eq!(h.state().view.selected, Some(new.id));

    // The text field has the keyboard with the placeholder selected: typing replaces it.
    one_frame(&mut h, [Event::Text("Map recruitment agencies".into())]);
    h.key_press(Key::Tab);
    h.run();
    assert_eq!(
        saved(&db).activity(new.id).unwrap().text,
        "Map recruitment agencies"
    );

    // Ctrl+N adds the next one after it.
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    assert_eq!(saved(&db).activities.len(), plan.activities.len() + 1);
}

#[test]
fn a_session_title_typed_with_enter_in_one_frame_starts_that_session() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = window_on(&dir.path().join("plan.sqlite"), LAPTOP);
    h.state_mut().handle(Command::OpenSessionForm);
    h.run();
    focus_all(&mut h, "Title");
    one_frame(
        &mut h,
        [
            Event::Text("Validation workshop, Dhaka".into()),
            key(Key::Enter, true),
            key(Key::Enter, false),
        ],
    );
    let session = h.state().view.session.clone().expect("a session started");
    assert_eq!(session.title, "Validation workshop, Dhaka");
}
