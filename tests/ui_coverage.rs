//! The coverage view and the Links section of the detail panel, driven as a person would:
//! the counts on screen for a small plan with links, a click on a cell listing its
//! activities, a click on one selecting it, the filter, and linking from a suggestion.

mod common;
mod window;

use common::{id, small_plan};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use framework_planner::app::{App, Command, Edit, MainView};
use framework_planner::model::Filter;
use framework_planner::store::Store;

fn open(dir: &tempfile::TempDir) -> Harness<'static, App> {
    let path = dir.path().join("plan.sqlite");
    let store = Store::open_with(&path, || Ok(small_plan())).unwrap();
    let mut app = App::new(store).unwrap();
    // Activities 20 and 21 (short term) serve objective 6, 20 twice over; 22 (medium term)
    // serves objective 15; 23 (not scheduled) only SDG target 10.7.
    for (activity, target) in [
        (20, "gcm:6a"),
        (20, "gcm:6"),
        (21, "gcm:6h"),
        (22, "gcm:15"),
        (23, "sdg:10.7"),
    ] {
        app.handle(Command::Edit(Edit::AddLink {
            activity: id(activity),
            target: target.into(),
        }));
    }
    app.handle(Command::ShowView(MainView::Coverage));
    window::window(app, window::LAPTOP)
}

fn cell(objective: u8, lane: &str, n: usize, via: usize) -> String {
    format!("GCM {objective} · {lane}: {n} linked, {via} via goal")
}

const SHORT: &str = "Short term (1–2 years)";
const MEDIUM: &str = "Medium term (3–5 years)";
const LONG: &str = "Long term (6–10 years)";

#[test]
fn the_coverage_view_shows_exactly_the_counts_of_the_links() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(&dir);
    assert_eq!(h.state().plan.links.len(), 5);
    // Each activity once per cell: 20 links to objective 6 twice.
    h.get_by_label(&cell(6, SHORT, 2, 0));
    h.get_by_label(&cell(6, MEDIUM, 0, 0));
    // Goal 1 of the test plan is associated with objective 15 in Annex D: counted apart.
    h.get_by_label(&cell(15, SHORT, 0, 2));
    h.get_by_label(&cell(15, MEDIUM, 1, 1));
    h.get_by_label(&cell(1, LONG, 0, 0));
    h.get_by_label_contains("4 of the 4 activities shown are linked");
    h.get_by_label_contains("21 of the 23 objectives have no activity");
    h.get_by_label("Objectives with no activity (21)");
    h.get_by_label("Actions with no activity (185)");

    // A cell lists its activities; a click on one selects it.
    h.get_by_label(&cell(6, SHORT, 2, 0)).click();
    h.run();
    h.get_by_label("GCM 6 · Short term (1–2 years): 2 activities");
    h.get_by_label_contains("1.1.1.2  Activity 1.1.1.2").click();
    h.run();
    assert_eq!(h.state().view.selected, Some(id(21)));
    // Its panel lists its own link and its goal's Annex D objective, via goal.
    h.get_by_label("Links to the GCM and the SDGs");
    h.get_by_label("GCM 6(h)");
    h.get_by_label("via goal");

    // The filters apply: only what MoLE leads or co-leads.
    let f = Filter {
        actor: Some(id(11)),
        ..Default::default()
    };
    h.state_mut().handle(Command::SetFilter(f));
    h.run();
    h.get_by_label(&cell(6, SHORT, 1, 0));
    h.get_by_label_contains("2 of the 2 activities shown are linked");

    // In presenter mode the view stays, with the same counts, and the filter.
    h.state_mut().handle(Command::Presenter(true));
    h.run();
    assert!(h.query_by_label("Links to the GCM and the SDGs").is_none());
    h.get_by_label(&cell(6, SHORT, 1, 0));
    h.state_mut().handle(Command::SetFilter(Filter::default()));
    h.run();
    h.get_by_label(&cell(6, SHORT, 2, 0));
    h.get_by_label(&cell(15, MEDIUM, 1, 1));
}

#[test]
fn a_suggestion_links_in_one_click_and_the_counts_follow() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(&dir);
    // Activity 23 says "train officials and review the guidelines"; whatever is suggested
    // first is linked by its button, and the view counts it at once.
    h.state_mut().handle(Command::Select(Some(id(23))));
    h.run();
    let before = h.state().plan.links.len();
    // The section sits below the fold of the panel at 1366×768: scrolled to, as a person would.
    h.get_all_by_label("Link").next().unwrap().scroll_to_me();
    h.run();
    h.get_all_by_label("Link").next().unwrap().click();
    h.run();
    let plan = &h.state().plan;
    assert_eq!(plan.links.len(), before + 1);
    let added = plan.links.last().unwrap();
    assert_eq!(added.activity_id, id(23));
    let r = framework_planner::reference::Reference::builtin();
    assert_eq!(
        h.state().view.message.as_ref().map(|m| m.text.clone()),
        Some(format!("Linked 1.1.2.1 to {}.", r.code(&added.target)))
    );
    if let Some(o) = r.objective_of(&added.target) {
        h.get_by_label(&cell(
            o,
            "Not yet scheduled",
            1,
            if o == 15 { 1 } else { 0 },
        ));
    }
}
