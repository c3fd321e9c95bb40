//! Presenter mode: F11 in and out, no side panel, larger text, the current goal only.

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use framework_planner::app::{App, Command, MainView, PRESENTER_ZOOM};
use framework_planner::model::Id;
use framework_planner::store::Store;

fn open(path: &std::path::Path) -> Harness<'static, App> {
    let app = App::new(Store::open(path).unwrap()).unwrap();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1600.0, 1200.0))
        .build_ui_state(|ui, app: &mut App| app.frame(ui), app);
    h.run();
    h
}

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
    let mut h = open(&dir.path().join("plan.sqlite"));
    let zoom = h.ctx.zoom_factor();
    assert!(
        h.query_by_label("Select an activity to see its detail.")
            .is_some()
    );
    assert!(h.query_by_label("Leave presenter mode (F11)").is_none());

    h.key_press(Key::F11);
    h.run();
    h.run();
    assert!(h.state().view.presenter);
    assert!(
        h.query_by_label("Select an activity to see its detail.")
            .is_none(),
        "the detail panel is hidden"
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
    assert!(
        h.query_by_label("Select an activity to see its detail.")
            .is_some()
    );
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
    let mut h = open(&dir.path().join("plan.sqlite"));
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
