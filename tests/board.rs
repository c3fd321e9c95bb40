//! The timeline board, driven as a person would: pointer drags, keys, filters.

use egui::{Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use framework_planner::app::{App, Command, MainView};
use framework_planner::model::board::Anchor;
use framework_planner::model::{Filter, Lane, Plan};
use framework_planner::store::Store;
use window::{saved, window};

mod window;

/// The board, in a window a little lower than a desktop's.
fn open(path: &std::path::Path) -> Harness<'static, App> {
    let mut app = App::new(Store::open(path).unwrap()).unwrap();
    app.view.main = MainView::Board;
    window(app, egui::vec2(1600.0, 1000.0))
}

/// Codes of a lane in board order.
fn lane(plan: &Plan, lane: Lane) -> Vec<String> {
    let mut v: Vec<_> = plan.activities.iter().filter(|a| a.lane == lane).collect();
    v.sort_by(|a, b| a.lane_pos.cmp(&b.lane_pos).then(a.code.cmp(&b.code)));
    v.into_iter().map(|a| a.code.clone()).collect()
}

fn card_rect(h: &Harness<App>, code: &str) -> egui::Rect {
    h.get_by_label_contains(&format!("{code} ")).rect()
}

/// Presses on a card, moves in steps, and releases at `to`.
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
fn dragging_a_card_to_long_term_saves_it_at_the_dropped_place() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = open(&db);
    assert_eq!(lane(&saved(&db), Lane::Long), ["2.1.5.7", "2.4.3.2"]);

    let from = card_rect(&h, "1.1.1.1").center();
    // Just above the second long-term card: between the two.
    let target = card_rect(&h, "2.4.3.2");
    drag(
        &mut h,
        from,
        Pos2::new(target.center().x, target.top() + 10.0),
        true,
    );

    let plan = saved(&db);
    assert_eq!(lane(&plan, Lane::Long), ["2.1.5.7", "1.1.1.1", "2.4.3.2"]);
    assert!(!lane(&plan, Lane::Short).contains(&"1.1.1.1".to_owned()));
    assert!(h.state().view.drag.is_none());

    // Undo puts it back where it was, in lane and place; redo moves it again.
    let short_before = lane(&framework_planner::seed::bmgf().unwrap(), Lane::Short);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let plan = saved(&db);
    assert_eq!(lane(&plan, Lane::Short), short_before);
    assert_eq!(lane(&plan, Lane::Long), ["2.1.5.7", "2.4.3.2"]);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(
        lane(&saved(&db), Lane::Long),
        ["2.1.5.7", "1.1.1.1", "2.4.3.2"]
    );

    // The toolbar buttons do the same.
    h.get_by_label("↶ Undo").click();
    h.run();
    assert_eq!(lane(&saved(&db), Lane::Long), ["2.1.5.7", "2.4.3.2"]);
    h.get_by_label("↷ Redo").click();
    h.run();
    assert_eq!(
        lane(&saved(&db), Lane::Long),
        ["2.1.5.7", "1.1.1.1", "2.4.3.2"]
    );
}

#[test]
fn dragging_within_a_lane_reorders_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = open(&db);
    let before = lane(&saved(&db), Lane::Short);
    assert_eq!(&before[..3], ["1.1.1.1", "1.1.1.2", "1.1.1.3"]);
    let from = card_rect(&h, "1.1.1.1").center();
    let target = card_rect(&h, "1.1.1.3");
    drag(
        &mut h,
        from,
        Pos2::new(target.center().x, target.bottom() - 10.0),
        true,
    );
    let after = lane(&saved(&db), Lane::Short);
    assert_eq!(&after[..3], ["1.1.1.2", "1.1.1.3", "1.1.1.1"]);
    assert_eq!(after.len(), before.len());
}

#[test]
fn escape_during_a_drag_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = open(&db);
    let before = saved(&db);
    let from = card_rect(&h, "1.1.1.1").center();
    let to = card_rect(&h, "2.4.3.2").center();
    drag(&mut h, from, to, false);
    assert!(h.state().view.drag.is_some(), "a drag is in progress");
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().view.drag.is_none());
    h.drop_at(to);
    h.run();
    assert_eq!(saved(&db), before);
    assert!(h.state().history.undo.is_empty());
}

#[test]
fn the_keyboard_moves_a_card_without_a_pointer() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = open(&db);
    // Reach the card by focus (as Tab would) and select it with Enter.
    h.get_by_label_contains("1.1.1.2 ").focus();
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let id = h
        .state()
        .plan
        .activities
        .iter()
        .find(|a| a.code == "1.1.1.2")
        .unwrap()
        .id;
    assert_eq!(h.state().view.selected, Some(id));

    h.key_press_modifiers(Modifiers::ALT, Key::ArrowRight);
    h.run();
    let medium = lane(&saved(&db), Lane::Medium);
    assert_eq!(
        medium.last().map(String::as_str),
        Some("1.1.1.2"),
        "moved to the end of Medium term"
    );

    h.key_press_modifiers(Modifiers::ALT, Key::ArrowUp);
    h.run();
    let medium = lane(&saved(&db), Lane::Medium);
    assert_eq!(medium[medium.len() - 2], "1.1.1.2", "one place up");

    // The detail panel's Move to buttons are the screen-reader path.
    h.get_by_label("Long term (6–10 years)").click();
    h.run();
    assert_eq!(
        lane(&saved(&db), Lane::Long),
        ["2.1.5.7", "2.4.3.2", "1.1.1.2"]
    );
    h.get_by_label("Move up").click();
    h.run();
    assert_eq!(
        lane(&saved(&db), Lane::Long),
        ["2.1.5.7", "1.1.1.2", "2.4.3.2"]
    );
}

/// Every card the board shows, by code.
fn shown_codes(h: &Harness<App>) -> Vec<String> {
    let mut v: Vec<String> = h
        .query_all_by_role(egui::Role::Button)
        .filter_map(|n| n.accesskit_node().label())
        .filter(|l| l.as_bytes().first().is_some_and(u8::is_ascii_digit) && l.contains(" — "))
        .map(|l| l.split(' ').next().unwrap().to_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn filters_and_search_show_exactly_the_matching_cards() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = open(&db);
    let plan = saved(&db);
    let actor = |abbr: &str| {
        plan.actors
            .iter()
            .find(|a| a.abbreviation == abbr)
            .unwrap()
            .id
    };

    // Search typed into the toolbar, matching actor names: MoHFW leads four activities.
    h.get_by_role(egui::Role::TextInput).focus();
    h.run();
    h.get_by_role(egui::Role::TextInput).type_text("mohfw");
    h.run();
    assert_eq!(
        shown_codes(&h),
        ["1.1.1.1", "1.1.1.2", "1.1.1.3", "1.1.1.4"]
    );

    // Search by full name reaches co-leads too.
    h.state_mut().handle(Command::SetFilter(Filter {
        text: "Women and Children".into(),
        ..Default::default()
    }));
    h.run();
    let mowca = actor("MoWCA");
    let mut expected: Vec<String> = plan
        .activities
        .iter()
        .filter(|a| {
            a.co_leads.contains(&mowca)
                || a.leads.contains(&mowca)
                || a.text.to_lowercase().contains("women and children")
        })
        .map(|a| a.code.clone())
        .collect();
    expected.sort();
    assert!(!expected.is_empty());
    assert_eq!(shown_codes(&h), expected);

    // Goal 5 and needs attention.
    let g5 = plan.goals.iter().find(|g| g.code == "5").unwrap().id;
    h.state_mut().handle(Command::SetFilter(Filter {
        goal: Some(g5),
        attention_only: true,
        ..Default::default()
    }));
    h.run();
    let flags = |code: &str| {
        let a = plan.activities.iter().find(|a| a.code == code).unwrap();
        framework_planner::model::checks::flags(&plan, a)
    };
    let mut expected: Vec<String> = plan
        .activities
        .iter()
        .filter(|a| a.code.starts_with("5.") && !flags(&a.code).is_empty())
        .map(|a| a.code.clone())
        .collect();
    expected.sort();
    assert!(!expected.is_empty());
    assert_eq!(shown_codes(&h), expected);

    // Actor as lead or co-lead, and an indicator.
    let ind = plan.indicators.iter().find(|i| i.code == "4.4").unwrap().id;
    h.state_mut().handle(Command::SetFilter(Filter {
        indicator: Some(ind),
        actor: Some(actor("MoSW")),
        ..Default::default()
    }));
    h.run();
    assert_eq!(shown_codes(&h), ["4.4.2.4", "4.4.2.5"]);

    // Lane counts follow the filter.
    assert!(
        h.query_by_label("Short term (1–2 years): 2 activities")
            .is_some()
    );
}

#[test]
fn order_within_a_lane_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let id_of = |app: &App, code: &str| {
        app.plan
            .activities
            .iter()
            .find(|a| a.code == code)
            .unwrap()
            .id
    };
    let expected;
    {
        let mut app = App::new(Store::open(&db).unwrap()).unwrap();
        // Squeeze many cards between the same two neighbours until the lane must be renumbered.
        let first = id_of(&app, "2.1.5.7");
        let codes = [
            "1.1.1.1", "1.1.1.2", "1.1.1.3", "1.1.1.4", "1.1.2.1", "1.1.2.2", "1.1.2.3", "1.1.3.1",
            "1.1.4.1", "1.1.4.2", "1.2.1.1", "1.2.1.2",
        ];
        for code in codes {
            let id = id_of(&app, code);
            app.handle(Command::Move {
                id,
                lane: Lane::Long,
                anchor: Anchor::After(first),
            });
        }
        expected = lane(&app.plan, Lane::Long);
        assert_eq!(expected.len(), 14);
        assert_eq!(expected[0], "2.1.5.7");
        assert_eq!(
            expected[1], "1.2.1.2",
            "the last one moved sits right after the anchor"
        );
        assert_eq!(expected[13], "2.4.3.2");
    }
    let reopened = saved(&db);
    assert_eq!(lane(&reopened, Lane::Long), expected);
    // Positions are distinct, so the order never depends on ties.
    let mut pos: Vec<i64> = reopened
        .activities
        .iter()
        .filter(|a| a.lane == Lane::Long)
        .map(|a| a.lane_pos)
        .collect();
    pos.sort();
    pos.dedup();
    assert_eq!(pos.len(), 14);
}

#[test]
fn a_cards_menu_moves_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = open(&db);
    h.get_by_label_contains("1.1.1.3 ").click_secondary();
    h.run();
    h.get_by_label("Long term (6–10 years)").click();
    h.run();
    assert_eq!(
        lane(&saved(&db), Lane::Long),
        ["2.1.5.7", "2.4.3.2", "1.1.1.3"]
    );
    assert_eq!(h.state().history.undo.len(), 1);
}
