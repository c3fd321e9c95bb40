//! The detail panel of one activity: what it says, who leads, when, where it sits in the
//! framework, the baseline, and what needs attention.

use egui::{Frame, Margin, RichText, ScrollArea, Ui};

use crate::app::{App, Command, Edit, Role, TextField, new_actor};
use crate::i18n::{tr, trf};
use crate::messages::labels::{kind_label, status_label};
use crate::model::edit::{Confirm, Field};
use crate::model::record::{Field as RecField, Value};
use crate::model::{Activity, Flag, Id, Plan, Status};
use crate::ui::picker::{self, Item, Picked};
use crate::ui::{board, branch};
use crate::ui::{theme, widgets};

pub fn show(ui: &mut Ui, app: &App, out: &mut Vec<Command>) {
    let Some(id) = app.view.selected else {
        ui.add_space(12.0);
        ui.label(RichText::new(tr("detail.empty")).color(widgets::muted(ui)));
        return;
    };
    let Some(a) = app.activity(id) else {
        // A goal, an indicator or a sub-indicator.
        branch::show(ui, app, id, out);
        return;
    };
    let plan = &app.plan;
    let flags = app.derived.flags_of(a.id);
    ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.heading(trf("detail.title", &[("code", &a.code)]));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui
                        .button(tr("detail.delete"))
                        .on_hover_text(tr("detail.delete_tip"))
                        .clicked()
                    {
                        out.push(Command::Edit(Edit::Delete(a.id)));
                    }
                    if ui
                        .button(tr("detail.duplicate"))
                        .on_hover_text(tr("detail.duplicate_tip"))
                        .clicked()
                    {
                        out.push(Command::Edit(Edit::Duplicate(a.id)));
                    }
                });
            });
            ui.add_space(4.0);

            // One field under the other: a narrow panel keeps its full width for the editors,
            // and pickers that open below their button push what follows down.
            ui.vertical(|ui| {
                form_field(
                    ui,
                    app,
                    a.id,
                    TextField::Code,
                    &a.code,
                    false,
                    tr("detail.code"),
                    out,
                );

                form_field(
                    ui,
                    app,
                    a.id,
                    TextField::Text,
                    &a.text,
                    true,
                    tr("detail.text"),
                    out,
                );

                field_label(ui, tr("detail.lead"));
                ui.vertical(|ui| lead_editor(ui, app, a, out));
                ui.add_space(6.0);

                field_label(ui, tr("detail.co_leads"));
                ui.vertical(|ui| co_lead_editor(ui, app, a, out));
                ui.add_space(6.0);

                field_label(ui, tr("detail.timeline"));
                ui.vertical(|ui| {
                    board::move_buttons(ui, app, a, out);
                    if a.inferred.timeline {
                        inferred_row(ui, a.id, Confirm::Timeline, out);
                    }
                    ui.label(
                        RichText::new(tr("detail.move_keys"))
                            .small()
                            .color(widgets::muted(ui)),
                    );
                });
                ui.add_space(6.0);

                field_label(ui, tr("detail.status"));
                ui.vertical(|ui| {
                    ui.horizontal_wrapped(|ui| {
                        for s in Status::ALL {
                            if ui
                                .selectable_label(a.status == s, status_label(s))
                                .clicked()
                                && a.status != s
                            {
                                out.push(Command::Edit(Edit::SetStatus {
                                    id: a.id,
                                    status: s,
                                }));
                            }
                        }
                    });
                });
                ui.add_space(6.0);

                form_field(
                    ui,
                    app,
                    a.id,
                    TextField::Notes,
                    &a.notes,
                    true,
                    tr("detail.notes"),
                    out,
                );

                field_label(ui, tr("detail.sub_indicator_field"));
                ui.vertical(|ui| sub_indicator_editor(ui, app, a, out));
                ui.add_space(6.0);
            });

            crate::ui::comments::section(ui, app, a, out);

            links_section(ui, app, a, out);

            section(ui, tr("detail.flags"));
            if flags.is_empty() {
                ui.label(RichText::new(tr("detail.no_flags")).color(widgets::muted(ui)));
            }
            for f in flags {
                flag_row(ui, a, f, out);
            }

            let (sub, ind, goal) = plan.parents(a);
            section(ui, tr("detail.place"));
            if let Some(g) = goal {
                ui.label(trf(
                    "detail.goal",
                    &[("code", &g.code), ("title", &g.title)],
                ));
            }
            if let Some(i) = ind {
                ui.label(trf(
                    "detail.indicator",
                    &[("code", &i.code), ("title", &i.title)],
                ));
            }
            if let Some(s) = sub {
                ui.label(trf(
                    "detail.sub_indicator",
                    &[("code", &s.code), ("title", &s.title)],
                ));

                section(ui, tr("detail.baseline"));
                Frame::group(ui.style())
                    .inner_margin(Margin::same(8))
                    .show(ui, |ui| {
                        if s.baseline.trim().is_empty() {
                            ui.label(RichText::new(tr("detail.no_baseline")).italics());
                        } else {
                            ui.label(&s.baseline);
                        }
                    });
            }

            if let Some(line) = a.source_line {
                ui.add_space(8.0);
                ui.label(
                    RichText::new(trf("detail.source_line", &[("line", &line)]))
                        .small()
                        .color(widgets::muted(ui)),
                );
            }
        });
}

/// One data check, with its one-click fix when it is an inferred value to confirm.
pub fn flag_row(ui: &mut Ui, a: &Activity, f: &Flag, out: &mut Vec<Command>) {
    let color = if f.is_inferred() {
        theme::INFERRED
    } else {
        theme::ATTENTION
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("●").color(color));
        ui.label(flag_text(a, f));
        if let Some(what) = confirm_of(f)
            && ui
                .small_button(tr("detail.confirm"))
                .on_hover_text(tr("detail.confirm_tip"))
                .clicked()
        {
            out.push(Command::Edit(Edit::Confirm { id: a.id, what }));
        }
    });
}

/// The confirmation that clears an inferred-value flag.
pub fn confirm_of(f: &Flag) -> Option<Confirm> {
    match f {
        Flag::InferredLead => Some(Confirm::Lead),
        Flag::InferredCoLeads => Some(Confirm::CoLeads),
        Flag::InferredTimeline => Some(Confirm::Timeline),
        _ => None,
    }
}

fn inferred_row(ui: &mut Ui, id: Id, what: Confirm, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        widgets::chip(ui, tr("detail.inferred"), theme::INFERRED)
            .on_hover_text(tr("detail.inferred_tip"));
        if ui
            .small_button(tr("detail.confirm"))
            .on_hover_text(tr("detail.confirm_tip"))
            .clicked()
        {
            out.push(Command::Edit(Edit::Confirm { id, what }));
        }
    });
}

/// The lead: normally one actor. Picking replaces it; more than one can be removed one by one.
fn lead_editor(ui: &mut Ui, app: &App, a: &Activity, out: &mut Vec<Command>) {
    let plan = &app.plan;
    if a.leads.is_empty() {
        ui.label(RichText::new(tr("detail.none")).color(theme::ATTENTION));
    }
    for (k, id) in a.leads.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            actor_line(ui, plan, *id);
            if ui
                .small_button("✕")
                .on_hover_text(tr("detail.remove_actor"))
                .clicked()
            {
                let mut leads = a.leads.clone();
                leads.remove(k);
                out.push(set(a.id, RecField::Leads, Value::Ids(leads)));
            }
        });
    }
    if a.inferred.lead {
        inferred_row(ui, a.id, Confirm::Lead, out);
    }
    let button = if a.leads.is_empty() {
        tr("detail.set_lead")
    } else {
        tr("detail.change_lead")
    };
    let items = picker::actor_items(plan, &a.co_leads);
    match picker::show(ui, ("lead", a.id), button, &items, true) {
        Picked::Item(actor) => {
            out.push(set(a.id, RecField::Leads, Value::Ids(vec![actor])));
        }
        Picked::Create(name) => out.push(Command::Edit(Edit::AddActor {
            actor: new_actor(&name),
            assign: Some((a.id, Role::Lead)),
        })),
        Picked::Nothing => {}
    }
    widgets::field_error(ui, app, a.id, Field::Leads);
}

/// The co-leads, in order: move up, remove, add.
fn co_lead_editor(ui: &mut Ui, app: &App, a: &Activity, out: &mut Vec<Command>) {
    let plan = &app.plan;
    if a.co_leads.is_empty() {
        ui.label(RichText::new(tr("detail.none")).color(widgets::muted(ui)));
    }
    for (k, id) in a.co_leads.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            actor_line(ui, plan, *id);
            if ui
                .add_enabled(k > 0, egui::Button::new("↑").small())
                .on_hover_text(tr("detail.co_lead_up"))
                .clicked()
            {
                let mut co_leads = a.co_leads.clone();
                co_leads.swap(k, k - 1);
                out.push(set(a.id, RecField::CoLeads, Value::Ids(co_leads)));
            }
            if ui
                .small_button("✕")
                .on_hover_text(tr("detail.remove_actor"))
                .clicked()
            {
                let mut co_leads = a.co_leads.clone();
                co_leads.remove(k);
                out.push(set(a.id, RecField::CoLeads, Value::Ids(co_leads)));
            }
        });
    }
    if a.inferred.co_leads {
        inferred_row(ui, a.id, Confirm::CoLeads, out);
    }
    let taken: Vec<Id> = a.leads.iter().chain(&a.co_leads).copied().collect();
    let items = picker::actor_items(plan, &taken);
    match picker::show(
        ui,
        ("co-lead", a.id),
        tr("detail.add_co_lead"),
        &items,
        true,
    ) {
        Picked::Item(actor) => {
            let mut co_leads = a.co_leads.clone();
            co_leads.push(actor);
            out.push(set(a.id, RecField::CoLeads, Value::Ids(co_leads)));
        }
        Picked::Create(name) => out.push(Command::Edit(Edit::AddActor {
            actor: new_actor(&name),
            assign: Some((a.id, Role::CoLead)),
        })),
        Picked::Nothing => {}
    }
}

/// Where the activity sits in the framework; picking another sub-indicator moves it there.
fn sub_indicator_editor(ui: &mut Ui, app: &App, a: &Activity, out: &mut Vec<Command>) {
    let plan = &app.plan;
    let items: Vec<Item> = app
        .derived
        .outline
        .goals
        .iter()
        .flat_map(|g| &g.indicators)
        .flat_map(|i| &i.sub_indicators)
        .map(|s| &plan.sub_indicators[s.sub_indicator])
        .filter(|s| s.id != a.sub_indicator_id)
        .map(|s| Item {
            id: s.id,
            key: s.code.clone(),
            name: s.title.clone(),
            hint: String::new(),
        })
        .collect();
    if let Some(s) = plan.sub_indicator(a.sub_indicator_id) {
        ui.label(format!("{}  {}", s.code, s.title));
    }
    if let Picked::Item(sub) = picker::show(ui, ("sub", a.id), tr("detail.reparent"), &items, false)
    {
        out.push(Command::Edit(Edit::Reparent { id: a.id, sub }));
    }
}

pub fn field_label(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(text).family(theme::bold()));
}

/// A labelled text field of a record, one of a panel's rows.
#[allow(clippy::too_many_arguments)]
pub fn form_field(
    ui: &mut Ui,
    app: &App,
    record: Id,
    field: TextField,
    saved: &str,
    multiline: bool,
    label: &str,
    out: &mut Vec<Command>,
) {
    field_label(ui, label);
    ui.vertical(|ui| {
        widgets::text_field(ui, app, record, field, saved, multiline, label, out);
    });
    ui.add_space(6.0);
}

pub fn section(ui: &mut Ui, text: &str) {
    ui.add_space(10.0);
    ui.label(RichText::new(text).family(theme::bold()).size(17.0));
    ui.separator();
}

fn actor_line(ui: &mut Ui, plan: &Plan, id: Id) {
    match plan.actor(id) {
        Some(actor) => {
            let full = if actor.full_name.is_empty() {
                tr("detail.no_full_name").to_owned()
            } else {
                actor.full_name.clone()
            };
            ui.label(format!("{} — {}", actor.abbreviation, full))
                .on_hover_text(kind_label(actor.kind));
        }
        None => {
            ui.label(RichText::new(tr("detail.missing_actor")).color(theme::ATTENTION));
        }
    }
}

/// One sentence for a flag, as shown to people.
pub fn flag_text(a: &Activity, f: &Flag) -> String {
    match f {
        Flag::NoLead => tr("flag.no_lead").into(),
        Flag::SeveralLeads => tr("flag.several_leads").into(),
        Flag::NoTimeline => tr("flag.no_timeline").into(),
        Flag::CodeMismatch { parent_code } => trf(
            "flag.code_mismatch",
            &[("code", &a.code), ("parent", parent_code)],
        ),
        Flag::UnknownActor { abbreviation } => {
            trf("flag.unknown_actor", &[("actor", abbreviation)])
        }
        Flag::InferredLead => tr("flag.inferred_lead").into(),
        Flag::InferredCoLeads => tr("flag.inferred_co_leads").into(),
        Flag::InferredTimeline => tr("flag.inferred_timeline").into(),
        Flag::SourceNote => trf("flag.source_note", &[("note", &a.source_note)]),
    }
}

/// The command that sets one field of one record: views send the field they change, never a
/// whole record built from what they drew.
fn set(id: Id, field: RecField, value: Value) -> Command {
    Command::Edit(Edit::Set { id, field, value })
}

/// How many suggestions the Links section lists before the picker.
const SUGGESTIONS: usize = 5;

/// The reference entries whose text reads most like the activity's, best first: computed
/// when the activity or its text changes, not per frame.
fn suggestions(ui: &Ui, app: &App, a: &Activity) -> std::sync::Arc<Vec<String>> {
    type Cached = (Id, String, std::sync::Arc<Vec<String>>);
    let id = ui.make_persistent_id("link-suggestions");
    let query = crate::reference::suggest::activity_query(&app.plan, a);
    if let Some((aid, q, v)) = ui.data(|d| d.get_temp::<Cached>(id))
        && aid == a.id
        && q == query
    {
        return v;
    }
    let v: std::sync::Arc<Vec<String>> = std::sync::Arc::new(
        crate::reference::suggest::Suggester::builtin()
            .entries(&query)
            .into_iter()
            .map(|(k, _)| k.to_owned())
            .collect(),
    );
    ui.data_mut(|d| d.insert_temp::<Cached>(id, (a.id, query, v.clone())));
    v
}

/// Cut to `max` characters, with "…" when cut.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(max).collect();
        s.push('…');
        s
    }
}

/// The activity's links to the GCM and the SDGs (its own, removable; its goal's Annex D ones,
/// marked "via goal"), suggestions with "link", and a picker over every entry.
fn links_section(ui: &mut Ui, app: &App, a: &Activity, out: &mut Vec<Command>) {
    use crate::reference::Reference;
    let r = Reference::builtin();
    section(ui, tr("links.heading"));
    let (own, via) = crate::reference::coverage::links_of(&app.plan, r, a.id);
    if own.is_empty() {
        ui.label(RichText::new(tr("links.none")).color(widgets::muted(ui)));
    }
    for (link, key) in &own {
        ui.horizontal(|ui| {
            if ui
                .small_button("✕")
                .on_hover_text(tr("links.remove_tip"))
                .clicked()
            {
                out.push(Command::Edit(Edit::RemoveLink(*link)));
            }
            ui.label(RichText::new(r.code(key)).family(theme::bold()));
            let text = r.text(key).unwrap_or(tr("links.unknown_entry"));
            ui.add(egui::Label::new(text).truncate());
        });
    }
    for key in &via {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(tr("links.via_goal"))
                    .small()
                    .color(theme::INFERRED),
            )
            .on_hover_text(tr("links.via_goal_tip"));
            ui.label(RichText::new(r.code(key)).color(widgets::muted(ui)));
            let text = r.text(key).unwrap_or_default();
            ui.add(egui::Label::new(RichText::new(text).color(widgets::muted(ui))).truncate());
        });
    }

    let linked: Vec<&str> = own.iter().map(|(_, k)| k.as_str()).collect();
    let ranked = suggestions(ui, app, a);
    let top: Vec<&String> = ranked
        .iter()
        .filter(|k| !linked.contains(&k.as_str()))
        .take(SUGGESTIONS)
        .collect();
    ui.add_space(4.0);
    ui.label(
        RichText::new(tr("links.suggested"))
            .small()
            .color(widgets::muted(ui)),
    );
    if top.is_empty() {
        ui.label(RichText::new(tr("links.no_suggestions")).color(widgets::muted(ui)));
    }
    for key in &top {
        ui.horizontal(|ui| {
            if ui
                .small_button(tr("links.link"))
                .on_hover_text(tr("links.link_tip"))
                .clicked()
            {
                out.push(Command::Edit(Edit::AddLink {
                    activity: a.id,
                    target: (*key).clone(),
                }));
            }
            ui.label(RichText::new(r.code(key)).family(theme::bold()));
            let text = r.text(key).unwrap_or_default();
            ui.add(egui::Label::new(text).truncate());
        });
    }

    // Every entry, the suggestions first; the picker searches codes and words.
    let mut keys: Vec<String> = ranked
        .iter()
        .take(SUGGESTIONS * 2)
        .filter(|k| !linked.contains(&k.as_str()))
        .cloned()
        .collect();
    for k in r.linkable_keys() {
        if !linked.contains(&k.as_str()) && !keys.contains(&k) {
            keys.push(k);
        }
    }
    let items: Vec<Item> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let text = r.text(k).unwrap_or_default();
            Item {
                id: uuid::Uuid::from_u128(i as u128),
                key: r.code(k),
                name: clip(text, 70),
                hint: text.to_owned(),
            }
        })
        .collect();
    if let Picked::Item(pick) = picker::show(ui, ("link", a.id), tr("links.pick"), &items, false)
        && let Some(k) = keys.get(pick.as_u128() as usize)
    {
        out.push(Command::Edit(Edit::AddLink {
            activity: a.id,
            target: k.clone(),
        }));
    }
}
