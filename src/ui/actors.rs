//! The actor registry: every ministry, agency and partner with its full name and kind; add,
//! edit, and merge near-duplicates (e.g. "MoI" and "Mol") with their assignments.

use egui::{ComboBox, Grid, RichText, ScrollArea, TextEdit, Ui};

use crate::app::{App, Command, Edit, TextField, new_actor};
use crate::i18n::{tr, trf};
use crate::messages::labels::kind_label;
use crate::model::edit::{Field, uses};
use crate::model::{Actor, ActorKind, Id};
use crate::ui::picker::{self, Picked};
use crate::ui::{theme, widgets};

/// Typed into the "add an actor" row and the list's search, kept between frames.
#[derive(Clone, Default)]
struct Local {
    search: String,
    abbreviation: String,
    full_name: String,
    /// The actor chosen to merge the open one into, waiting for confirmation.
    merge_into: Option<Id>,
    /// "Add" was pressed last frame: the typed values go once the actor exists.
    adding: bool,
    /// The column the list is sorted by (0 abbreviation, 1 uses, 2 kind, 3 full name) and
    /// whether it is reversed; `None` keeps the search's ranking.
    sort: Option<(usize, bool)>,
}

/// The registry's list, in the main area.
pub fn show(ui: &mut Ui, app: &App, out: &mut Vec<Command>) {
    let id = ui.make_persistent_id("actors-view");
    let mut local: Local = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    ui.heading(tr("actors.heading"));
    ui.label(RichText::new(tr("actors.intro")).color(widgets::muted(ui)));
    ui.add_space(6.0);
    list(ui, app, &mut local, out);
    ui.data_mut(|d| d.insert_temp(id, local));
}

/// The open actor's fields and its merge, in the side panel.
pub fn panel(ui: &mut Ui, app: &App, out: &mut Vec<Command>) {
    let id = ui.make_persistent_id("actor-editor");
    let mut local: Local = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    match app.view.selected_actor.and_then(|a| app.plan.actor(a)) {
        Some(actor) => {
            ScrollArea::vertical()
                .id_salt("actor-editor-scroll")
                .auto_shrink([false, false])
                .show(ui, |ui| editor(ui, app, actor, &mut local, out));
        }
        None => {
            ui.add_space(12.0);
            ui.label(RichText::new(tr("actors.pick_one")).color(widgets::muted(ui)));
        }
    }
    ui.data_mut(|d| d.insert_temp(id, local));
}

fn list(ui: &mut Ui, app: &App, local: &mut Local, out: &mut Vec<Command>) {
    let search = ui.add(
        TextEdit::singleline(&mut local.search)
            .hint_text(tr("actors.search_hint"))
            .desired_width(f32::INFINITY),
    );
    widgets::note_focus(ui, &search);
    let items = picker::actor_items(&app.plan, &[]);
    let shown = picker::rank(&items, &local.search);
    if std::mem::take(&mut local.adding) && app.view.field_error.is_none() {
        local.abbreviation.clear();
        local.full_name.clear();
    }

    // Adding an actor: abbreviation and full name, then Add.
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        let a = ui.add(
            TextEdit::singleline(&mut local.abbreviation)
                .hint_text(tr("actors.abbreviation"))
                .desired_width(110.0),
        );
        widgets::note_focus(ui, &a);
        let f = ui.add(
            TextEdit::singleline(&mut local.full_name)
                .hint_text(tr("actors.full_name"))
                .desired_width(220.0),
        );
        widgets::note_focus(ui, &f);
        if ui.button(tr("actors.add")).clicked() {
            let mut actor = new_actor(&local.abbreviation);
            actor.full_name = local.full_name.trim().to_owned();
            out.push(Command::Edit(Edit::AddActor {
                actor,
                assign: None,
            }));
            local.adding = true;
        }
    });
    if let Some(e) = &app.view.field_error
        && e.field == Field::Abbreviation
        && app.plan.actor(e.record).is_none()
    {
        ui.label(RichText::new(&e.message).color(theme::ATTENTION));
    }
    ui.separator();

    ScrollArea::vertical()
        .id_salt("actor-list")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            Grid::new("actor-table")
                .striped(true)
                .num_columns(4)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    // The full name goes last: it is the one that may run long. A click on a
                    // heading sorts by that column; a second click reverses it.
                    for (k, h) in [
                        tr("actors.abbreviation"),
                        tr("actors.uses"),
                        tr("actors.kind"),
                        tr("actors.full_name"),
                    ]
                    .into_iter()
                    .enumerate()
                    {
                        let arrow = match local.sort {
                            Some((c, false)) if c == k => " ▲",
                            Some((c, true)) if c == k => " ▼",
                            _ => "",
                        };
                        if ui
                            .add(
                                egui::Button::new(
                                    RichText::new(format!("{h}{arrow}")).family(theme::bold()),
                                )
                                .frame(false),
                            )
                            .on_hover_text(tr("actors.sort_tip"))
                            .clicked()
                        {
                            local.sort = match local.sort {
                                Some((c, rev)) if c == k => Some((k, !rev)),
                                _ => Some((k, false)),
                            };
                        }
                    }
                    ui.end_row();
                    let mut rows: Vec<&crate::model::Actor> = shown
                        .iter()
                        .filter_map(|it| app.plan.actor(it.id))
                        .collect();
                    if let Some((column, reverse)) = local.sort {
                        let key = |a: &crate::model::Actor| match column {
                            0 => (0, a.abbreviation.to_lowercase()),
                            1 => (uses(&app.plan, a.id), String::new()),
                            2 => (0, kind_label(a.kind).to_lowercase()),
                            _ => (0, a.full_name.to_lowercase()),
                        };
                        rows.sort_by_cached_key(|a| key(a));
                        if reverse {
                            rows.reverse();
                        }
                    }
                    for actor in rows {
                        let selected = app.view.selected_actor == Some(actor.id);
                        if ui
                            .add(
                                egui::Button::selectable(selected, &actor.abbreviation)
                                    .min_size(egui::vec2(110.0, 0.0)),
                            )
                            .clicked()
                        {
                            out.push(Command::SelectActor(Some(actor.id)));
                        }
                        ui.label(crate::i18n::num(uses(&app.plan, actor.id)));
                        ui.label(kind_label(actor.kind));
                        if actor.full_name.is_empty() {
                            ui.label(
                                RichText::new(tr("detail.no_full_name")).color(theme::ATTENTION),
                            );
                        } else {
                            // Cut to the room left, whole on hover.
                            ui.add(egui::Label::new(&actor.full_name).truncate())
                                .on_hover_text(&actor.full_name);
                        }
                        ui.end_row();
                    }
                });
        });
}

fn editor(ui: &mut Ui, app: &App, actor: &Actor, local: &mut Local, out: &mut Vec<Command>) {
    ui.heading(&actor.abbreviation);
    ui.add_space(4.0);
    Grid::new("actor-fields")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            ui.label(RichText::new(tr("actors.abbreviation")).family(theme::bold()));
            ui.vertical(|ui| {
                widgets::text_field(
                    ui,
                    app,
                    actor.id,
                    TextField::Abbreviation,
                    &actor.abbreviation,
                    false,
                    tr("actors.abbreviation"),
                    out,
                );
            });
            ui.end_row();
            ui.label(RichText::new(tr("actors.full_name")).family(theme::bold()));
            ui.vertical(|ui| {
                widgets::text_field(
                    ui,
                    app,
                    actor.id,
                    TextField::FullName,
                    &actor.full_name,
                    false,
                    tr("actors.full_name"),
                    out,
                );
            });
            ui.end_row();
            ui.label(RichText::new(tr("actors.kind")).family(theme::bold()));
            let combo = ComboBox::from_id_salt(("actor-kind", actor.id))
                .selected_text(kind_label(actor.kind))
                .show_ui(ui, |ui| {
                    for k in ActorKind::ALL {
                        if ui
                            .selectable_label(actor.kind == k, kind_label(k))
                            .clicked()
                            && actor.kind != k
                        {
                            out.push(Command::Edit(Edit::Set {
                                id: actor.id,
                                field: crate::model::Field::Kind,
                                value: crate::model::Value::Kind(k),
                            }));
                        }
                    }
                });
            combo.response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::ComboBox, true, tr("actors.kind"))
            });
            ui.end_row();
            ui.label(RichText::new(tr("actors.notes")).family(theme::bold()));
            ui.vertical(|ui| {
                widgets::text_field(
                    ui,
                    app,
                    actor.id,
                    TextField::Notes,
                    &actor.notes,
                    true,
                    tr("actors.notes"),
                    out,
                );
            });
            ui.end_row();
        });

    let n = uses(&app.plan, actor.id);
    ui.add_space(8.0);
    ui.label(trf("actors.assigned", &[("n", &n)]));
    if n > 0 && ui.button(tr("actors.show_activities")).clicked() {
        out.push(Command::SetFilter(crate::model::Filter {
            actor: Some(actor.id),
            ..Default::default()
        }));
        out.push(Command::ShowView(crate::app::MainView::Outline));
    }

    // Merging: pick the actor to keep, read what will happen, confirm.
    ui.add_space(12.0);
    ui.label(RichText::new(tr("actors.merge_heading")).family(theme::bold()));
    ui.label(
        RichText::new(trf("actors.merge_intro", &[("abbr", &actor.abbreviation)]))
            .color(widgets::muted(ui)),
    );
    let items = picker::actor_items(&app.plan, &[actor.id]);
    if let Picked::Item(into) = picker::show(
        ui,
        ("merge", actor.id),
        tr("actors.merge_pick"),
        &items,
        false,
    ) {
        local.merge_into = Some(into);
    }
    if let Some(into) = local
        .merge_into
        .filter(|&i| i != actor.id)
        .and_then(|i| app.plan.actor(i))
    {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(trf(
                "actors.merge_preview",
                &[
                    ("from", &actor.abbreviation),
                    ("into", &into.abbreviation),
                    ("n", &n),
                ],
            ));
            ui.horizontal(|ui| {
                if ui
                    .button(trf("actors.merge_confirm", &[("into", &into.abbreviation)]))
                    .clicked()
                {
                    out.push(Command::Edit(Edit::MergeActors {
                        from: actor.id,
                        into: into.id,
                    }));
                    local.merge_into = None;
                }
                if ui.button(tr("branch.cancel")).clicked() {
                    local.merge_into = None;
                }
            });
        });
    }
    widgets::field_error(ui, app, actor.id, Field::Record);

    if n == 0 {
        ui.add_space(12.0);
        if ui
            .button(RichText::new(tr("actors.delete")).color(theme::ATTENTION))
            .on_hover_text(tr("detail.delete_tip"))
            .clicked()
        {
            out.push(Command::Edit(Edit::Delete(actor.id)));
        }
    }
}
