//! Every view fits a 1366×768 laptop screen without cutting text at the right, in English
//! and in Bangla. (Its own test binary: it switches the interface's language, which is global.)

use egui_kittest::Harness;
use framework_planner::app::{App, Command, MainView};
use framework_planner::i18n::Language;
use window::{LAPTOP, id_of, window_on};

mod window;

/// Every piece of text drawn in the last frame whose right end lies past what may be shown:
/// the window's right edge, or the edge of the area that clips it.
fn text_cut_at_the_right(h: &Harness<App>) -> Vec<String> {
    fn walk(shape: &egui::Shape, clip: egui::Rect, out: &mut Vec<String>) {
        match shape {
            egui::Shape::Vec(v) => v.iter().for_each(|s| walk(s, clip, out)),
            egui::Shape::Text(t) => {
                let r = t.visual_bounding_rect();
                let visible_y = r.bottom() > clip.top() && r.top() < clip.bottom();
                let right = clip.right().min(LAPTOP.x);
                if visible_y && r.right() > right + 1.0 && !t.galley.text().trim().is_empty() {
                    out.push(format!(
                        "{:?} ends at {:.0}, shown up to {:.0}",
                        t.galley.text(),
                        r.right(),
                        right
                    ));
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for c in &h.output().shapes {
        walk(&c.shape, c.clip_rect, &mut out);
    }
    out
}

#[test]
fn at_1366_by_768_no_view_cuts_text_at_the_right_in_either_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut h = window_on(&db, LAPTOP);
    let first = id_of(&h.state().plan, "1.1.1.1");
    // A saved version, so the Versions view has rows with their buttons.
    h.state_mut()
        .handle(Command::SaveVersion(framework_planner::app::SaveForm {
            label: "Validation workshop, day 1".into(),
            author: "Facilitator".into(),
            folder: dir.path().display().to_string(),
            ..Default::default()
        }));
    assert_eq!(h.state().versions().len(), 1);
    let mut problems = Vec::new();
    for lang in Language::ALL {
        h.state_mut().handle(Command::SetLanguage(lang));
        for view in [
            MainView::Outline,
            MainView::Actors,
            MainView::Workload,
            MainView::Versions,
            MainView::Board,
            MainView::Checks,
            MainView::Sessions,
            MainView::Coverage,
        ] {
            for selected in [None, Some(first)] {
                h.state_mut().handle(Command::ShowView(view));
                h.state_mut().handle(Command::Select(selected));
                h.state_mut().handle(Command::ExpandAll(true));
                h.run();
                for p in text_cut_at_the_right(&h) {
                    problems.push(format!("{lang:?} {view:?} {selected:?}: {p}"));
                }
            }
        }
    }
    h.state_mut()
        .handle(Command::SetLanguage(Language::English));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
