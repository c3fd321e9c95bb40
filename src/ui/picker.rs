//! A searchable list to pick one item from: actors by abbreviation or full name, or a
//! sub-indicator by code or title. It opens below its button, takes the keyboard, and closes
//! on a pick or on Esc.

use egui::{Key, RichText, ScrollArea, TextEdit, Ui};

use crate::i18n::{tr, trf};
use crate::messages::labels::kind_label;
use crate::model::{Id, Plan};
use crate::ui::widgets;

/// One choice.
pub struct Item {
    pub id: Id,
    /// What is matched first and shown in bold, e.g. `MoEWOE` or `2.1.5`.
    pub key: String,
    pub name: String,
    pub hint: String,
}

/// What happened in the picker this frame.
pub enum Picked {
    Nothing,
    Item(Id),
    /// "Create an actor named …" was chosen, with the text typed so far.
    Create(String),
}

#[derive(Clone, Default)]
struct State {
    open: bool,
    query: String,
    /// Set when the picker opens, so its search field takes the keyboard once.
    focus: bool,
}

/// Letters and digits only, lower case: `GCM 6(a)` is found by `6a`, `2.1.5` by `215`.
fn bare(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Items ranked for a query: exact key, key prefix, key contains (also without punctuation),
/// name contains.
pub fn rank<'a>(items: &'a [Item], query: &str) -> Vec<&'a Item> {
    let q = query.trim().to_lowercase();
    let qb = bare(&q);
    if q.is_empty() {
        return items.iter().collect();
    }
    let mut scored: Vec<(u8, &Item)> = items
        .iter()
        .filter_map(|it| {
            let key = it.key.to_lowercase();
            let score = if key == q {
                0
            } else if key.starts_with(&q) {
                1
            } else if key.contains(&q) || (!qb.is_empty() && bare(&key).contains(&qb)) {
                2
            } else if it.name.to_lowercase().contains(&q) {
                3
            } else {
                return None;
            };
            Some((score, it))
        })
        .collect();
    scored.sort_by_key(|(s, _)| *s);
    scored.into_iter().map(|(_, it)| it).collect()
}

/// The actors of a plan as picker items, leaving out `except`.
pub fn actor_items(plan: &Plan, except: &[Id]) -> Vec<Item> {
    plan.actors
        .iter()
        .filter(|a| !except.contains(&a.id))
        .map(|a| Item {
            id: a.id,
            key: a.abbreviation.clone(),
            name: a.full_name.clone(),
            hint: kind_label(a.kind).to_owned(),
        })
        .collect()
}

/// A button that opens the picker below it. `create` offers to make a new actor from the
/// query when nothing matches its key exactly.
pub fn show(
    ui: &mut Ui,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    button: &str,
    items: &[Item],
    create: bool,
) -> Picked {
    let id = ui.make_persistent_id(("picker", id_salt));
    let mut st: State = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    let mut picked = Picked::Nothing;
    if ui.button(button).clicked() {
        st.open = !st.open;
        st.focus = st.open;
        st.query.clear();
    }
    if st.open {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            let search = ui.add(
                TextEdit::singleline(&mut st.query)
                    .hint_text(tr("picker.search_hint"))
                    .desired_width(f32::INFINITY),
            );
            search.widget_info(|| {
                let mut info = egui::WidgetInfo::text_edit(true, "", &st.query, "");
                info.label = Some(tr("picker.search").to_owned());
                info
            });
            widgets::note_focus(ui, &search);
            if st.focus {
                search.request_focus();
                st.focus = false;
            }
            let ranked = rank(items, &st.query);
            let enter = search.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            let escape = ui.input(|i| i.key_pressed(Key::Escape));
            if escape {
                st.open = false;
            }
            if enter && let Some(first) = ranked.first() {
                picked = Picked::Item(first.id);
            }
            ScrollArea::vertical()
                .max_height(240.0)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    if ranked.is_empty() {
                        ui.label(RichText::new(tr("picker.no_match")).color(widgets::muted(ui)));
                    }
                    for it in ranked.iter().take(200) {
                        let text = if it.name.is_empty() {
                            it.key.clone()
                        } else {
                            format!("{} — {}", it.key, it.name)
                        };
                        let resp = ui.button(text);
                        let resp = if it.hint.is_empty() {
                            resp
                        } else {
                            resp.on_hover_text(&it.hint)
                        };
                        if resp.clicked() {
                            picked = Picked::Item(it.id);
                        }
                    }
                });
            let q = st.query.trim();
            if create && !q.is_empty() && !items.iter().any(|it| it.key == q) {
                ui.separator();
                if ui.button(trf("picker.create", &[("name", &q)])).clicked() {
                    picked = Picked::Create(q.to_owned());
                }
            }
        });
    }
    if !matches!(picked, Picked::Nothing) {
        st = State::default();
    }
    ui.data_mut(|d| d.insert_temp(id, st));
    picked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(key: &str, name: &str) -> Item {
        Item {
            id: uuid::Uuid::new_v4(),
            key: key.into(),
            name: name.into(),
            hint: String::new(),
        }
    }

    #[test]
    fn abbreviations_rank_before_full_names() {
        let items = vec![
            item("MoFA", "Ministry of Foreign Affairs"),
            item("BB", "Bangladesh Bank"),
            item("MoF", "Ministry of Finance"),
            item("BBS", "Bangladesh Bureau of Statistics"),
        ];
        let keys =
            |q: &str| -> Vec<String> { rank(&items, q).iter().map(|i| i.key.clone()).collect() };
        assert_eq!(keys("mof"), ["MoF", "MoFA"]);
        assert_eq!(keys("bb"), ["BB", "BBS"]);
        assert_eq!(keys("bank"), ["BB"]);
        assert_eq!(keys("finance"), ["MoF"]);
        assert!(keys("nothing like it").is_empty());
        assert_eq!(keys("  ").len(), 4);
    }

    #[test]
    fn codes_are_found_without_their_punctuation() {
        let items = vec![
            item("GCM 6", "Facilitate fair and ethical recruitment"),
            item("GCM 6(a)", "Promote signature, ratification"),
            item("GCM 16(a)", "Promote mutual respect"),
            item("SDG 8.8", "Protect labour rights"),
        ];
        let keys =
            |q: &str| -> Vec<String> { rank(&items, q).iter().map(|i| i.key.clone()).collect() };
        assert_eq!(keys("6a"), ["GCM 6(a)", "GCM 16(a)"]);
        assert_eq!(keys("gcm 6(a)"), ["GCM 6(a)"]);
        assert_eq!(keys("88"), ["SDG 8.8"]);
        assert_eq!(keys("labour"), ["SDG 8.8"]);
    }
}
