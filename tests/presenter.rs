//! Presenter mode: F11 in and out, no side panel, larger text, the current goal only.

use egui::{Key, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use framework_planner::app::{App, Command, MainView, PRESENTER_ZOOM};
use framework_planner::model::{Id, Lane};
use framework_planner::store::Store;
use window::{DESKTOP, window_on};

mod window;

fn id_of(h: &Harness<App>, code: &str) -> Id {
    h.state()
        .plan
        .activities
        .iter()
        .find(|a| a.code == code)
        .map(|a| a.id)
        .unwrap()
}

/// The codes of the activities the filter shows.
fn shown(h: &Harness<App>) -> Vec<String> {
    h.state()
        .plan
        .activities
        .iter()
        .zip(&h.state().board.visible)
        .filter(|(_, v)| **v)
        .map(|(a, _)| a.code.clone())
        .collect()
}

#[test]
fn f11_enters_presenter_mode_without_the_detail_panel_and_f11_leaves_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = window_on(&dir.path().join("plan.sqlite"), DESKTOP);
    let zoom = h.ctx.zoom_factor();
    let first = h
        .state()
        .plan
        .activities
        .iter()
        .find(|a| a.code == "1.1.1.1")
        .unwrap()
        .id;
    h.state_mut()
        .handle(framework_planner::app::Command::Select(Some(first)));
    h.run();
    let detail = |h: &Harness<App>| {
        h.query_by_role_and_label(egui::Role::TextInput, "Code")
            .is_some()
    };
    assert!(detail(&h));
    assert!(h.query_by_label("Leave presenter mode (F11)").is_none());

    h.key_press(Key::F11);
    h.run();
    h.run();
    assert!(h.state().view.presenter);
    assert!(!detail(&h), "the detail panel is hidden");
    // Only the plan and the slim bar: no menus, toolbar or status bar with the database path.
    assert!(h.query_by_label("File").is_none(), "no menu bar");
    assert!(h.query_by_label("↶ Undo").is_none(), "no toolbar");
    assert!(
        h.query_by_label_contains("All changes saved").is_none(),
        "no status bar"
    );
    assert!(
        h.query_by_label("Leave presenter mode (F11)").is_some(),
        "presenter bar"
    );
    assert!(
        (h.ctx.zoom_factor() - zoom * PRESENTER_ZOOM).abs() < 1e-3,
        "larger text"
    );
    assert_eq!(
        h.ctx.global_style().visuals.panel_fill,
        egui::Color32::BLACK,
        "high contrast"
    );

    h.key_press(Key::F11);
    h.run();
    h.run();
    assert!(!h.state().view.presenter);
    assert!(detail(&h));
    assert!(h.query_by_label("File").is_some());
    assert!(h.query_by_label("Leave presenter mode (F11)").is_none());
    assert!(
        (h.ctx.zoom_factor() - zoom).abs() < 1e-3,
        "the user's zoom is back"
    );
    assert_ne!(
        h.ctx.global_style().visuals.panel_fill,
        egui::Color32::BLACK
    );
}

#[test]
fn only_the_current_goal_shows_when_asked_and_esc_leaves() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = window_on(&dir.path().join("plan.sqlite"), DESKTOP);
    h.state_mut().handle(Command::ShowView(MainView::Board));
    let id = id_of(&h, "4.5.1.2");
    h.state_mut().handle(Command::Select(Some(id)));
    h.run();
    let all = shown(&h).len();

    h.get_by_label("▶ Present").click();
    h.run();
    h.run();
    assert!(h.state().view.presenter);
    assert_eq!(shown(&h).len(), all, "every activity until asked");

    h.get_by_label("Only the current goal's activities").click();
    h.run();
    h.run();
    let goal4 = h
        .state()
        .plan
        .goals
        .iter()
        .find(|g| g.code == "4")
        .map(|g| g.id);
    assert_eq!(h.state().view.filter.goal, goal4);
    let codes = shown(&h);
    assert!(!codes.is_empty());
    assert!(codes.len() < all);
    assert!(codes.iter().all(|c| c.starts_with("4.")), "{codes:?}");
    assert!(codes.contains(&"4.5.1.2".to_owned()));

    // Esc leaves presenter mode (nothing is dragged, no field is being typed in), and the
    // goal filter goes back to what it was.
    h.key_press(Key::Escape);
    h.run();
    h.run();
    assert!(!h.state().view.presenter);
    assert_eq!(h.state().view.filter.goal, None);
    assert_eq!(shown(&h).len(), all);
    assert_eq!(
        h.state().view.selected,
        Some(id),
        "Esc left presenter mode only"
    );
}

fn card_rect(h: &Harness<App>, code: &str) -> egui::Rect {
    h.get_by_label_contains(&format!("{code} ")).rect()
}

/// Presses on a card, moves in steps, and releases at `to` if asked.
fn drag(h: &mut Harness<App>, from: Pos2, to: Pos2, release: bool) {
    h.drag_at(from);
    h.run();
    for k in 1..=4 {
        h.hover_at(from + (to - from) * (k as f32 / 4.0));
        h.run();
    }
    if release {
        h.drop_at(to);
        h.run();
    }
}

#[test]
fn cards_are_dragged_in_presenter_mode_and_esc_ends_the_drag_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, DESKTOP);
    h.state_mut().handle(Command::ShowView(MainView::Board));
    h.state_mut().handle(Command::Presenter(true));
    h.run();
    h.run();

    // Esc during a drag cancels the drag and stays in presenter mode.
    let from = card_rect(&h, "1.1.1.1").center();
    let to = card_rect(&h, "2.4.3.2").center();
    drag(&mut h, from, to, false);
    assert!(h.state().view.drag.is_some(), "a drag is in progress");
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().view.drag.is_none());
    assert!(h.state().view.presenter, "still presenting");
    h.drop_at(to);
    h.run();

    // A full drag moves the card to long term, saved.
    let from = card_rect(&h, "1.1.1.1").center();
    let to = card_rect(&h, "2.4.3.2").center();
    drag(&mut h, from, to, true);
    let id = id_of(&h, "1.1.1.1");
    let saved = Store::open(&db).unwrap().load_plan().unwrap();
    assert_eq!(saved.activity(id).map(|a| a.lane), Some(Lane::Long));
    assert!(h.state().view.presenter);
}
