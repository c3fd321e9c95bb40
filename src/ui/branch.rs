//! The detail panel of a goal, an indicator or a sub-indicator: its code and title, what it
//! holds, adding below it, renumbering and deleting it. Also the renumbering preview.

use egui::{Grid, RichText, ScrollArea, Ui};

use crate::app::{App, Command, Edit, TextField};
use crate::i18n::{tr, trf};
use crate::model::edit::{code_changes, renumber};
use crate::model::{Id, Plan};
use crate::ui::detail::{form_field, section};
use crate::ui::{theme, widgets};

/// Which level of the framework a record is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Goal,
    Indicator,
    SubIndicator,
}

struct Record<'a> {
    level: Level,
    code: &'a str,
    title: &'a str,
}

fn record(plan: &Plan, id: Id) -> Option<Record<'_>> {
    if let Some(g) = plan.goal(id) {
        return Some(Record {
            level: Level::Goal,
            code: &g.code,
            title: &g.title,
        });
    }
    if let Some(i) = plan.indicator(id) {
        return Some(Record {
            level: Level::Indicator,
            code: &i.code,
            title: &i.title,
        });
    }
    plan.sub_indicator(id).map(|s| Record {
        level: Level::SubIndicator,
        code: &s.code,
        title: &s.title,
    })
}

/// How many indicators, sub-indicators and activities sit below a record.
fn contents(plan: &Plan, id: Id) -> (usize, usize, usize) {
    let inds: Vec<Id> = if plan.goal(id).is_some() {
        plan.indicators
            .iter()
            .filter(|i| i.goal_id == id)
            .map(|i| i.id)
            .collect()
    } else {
        vec![id]
    };
    let subs: Vec<Id> = if plan.sub_indicator(id).is_some() {
        vec![id]
    } else {
        plan.sub_indicators
            .iter()
            .filter(|s| inds.contains(&s.indicator_id))
            .map(|s| s.id)
            .collect()
    };
    let acts = plan
        .activities
        .iter()
        .filter(|a| subs.contains(&a.sub_indicator_id))
        .count();
    let n_inds = if plan.goal(id).is_some() {
        inds.len()
    } else {
        0
    };
    let n_subs = if plan.sub_indicator(id).is_some() {
        0
    } else {
        subs.len()
    };
    (n_inds, n_subs, acts)
}

pub fn show(ui: &mut Ui, app: &App, id: Id, out: &mut Vec<Command>) {
    let plan = &app.plan;
    let Some(r) = record(plan, id) else {
        ui.add_space(12.0);
        ui.label(RichText::new(tr("detail.empty")).color(widgets::muted(ui)));
        return;
    };
    let heading = match r.level {
        Level::Goal => trf("branch.goal_title", &[("code", &r.code)]),
        Level::Indicator => trf("branch.indicator_title", &[("code", &r.code)]),
        Level::SubIndicator => trf("branch.sub_indicator_title", &[("code", &r.code)]),
    };
    ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.heading(heading);
            ui.add_space(4.0);
            // One field under the other, as in the activity's panel.
            ui.vertical(|ui| {
                form_field(
                    ui,
                    app,
                    id,
                    TextField::Code,
                    r.code,
                    false,
                    tr("detail.code"),
                    out,
                );
                form_field(
                    ui,
                    app,
                    id,
                    TextField::Text,
                    r.title,
                    true,
                    tr("branch.title"),
                    out,
                );
                if let Some(g) = plan.goal(id) {
                    form_field(
                        ui,
                        app,
                        id,
                        TextField::KeyElements,
                        &g.key_elements,
                        true,
                        tr("branch.key_elements"),
                        out,
                    );
                }
                if let Some(s) = plan.sub_indicator(id) {
                    form_field(
                        ui,
                        app,
                        id,
                        TextField::Baseline,
                        &s.baseline,
                        true,
                        tr("detail.baseline"),
                        out,
                    );
                }
            });

            let (inds, subs, acts) = contents(plan, id);
            section(ui, tr("branch.contents"));
            let line = match r.level {
                Level::Goal => trf(
                    "branch.contents_goal",
                    &[("inds", &inds), ("subs", &subs), ("acts", &acts)],
                ),
                Level::Indicator => trf(
                    "branch.contents_indicator",
                    &[("subs", &subs), ("acts", &acts)],
                ),
                Level::SubIndicator => trf("branch.contents_sub", &[("acts", &acts)]),
            };
            ui.label(line);
            ui.add_space(6.0);
            ui.horizontal_wrapped(|ui| {
                let add = match r.level {
                    Level::Goal => (tr("branch.add_indicator"), Edit::AddIndicator { goal: id }),
                    Level::Indicator => (
                        tr("branch.add_sub_indicator"),
                        Edit::AddSubIndicator { indicator: id },
                    ),
                    Level::SubIndicator => {
                        (tr("branch.add_activity"), Edit::AddActivity { sub: id })
                    }
                };
                if ui.button(add.0).clicked() {
                    out.push(Command::Edit(add.1));
                }
                if ui
                    .button(tr("branch.renumber"))
                    .on_hover_text(tr("branch.renumber_tip"))
                    .clicked()
                {
                    out.push(Command::PreviewRenumber(Some(id)));
                }
            });

            section(ui, tr("branch.delete_section"));
            let what = match r.level {
                Level::SubIndicator => {
                    trf("branch.delete_sub", &[("code", &r.code), ("acts", &acts)])
                }
                _ => trf(
                    "branch.delete",
                    &[("code", &r.code), ("acts", &acts), ("subs", &subs)],
                ),
            };
            if ui
                .button(RichText::new(what).color(theme::ATTENTION))
                .on_hover_text(tr("detail.delete_tip"))
                .clicked()
            {
                out.push(Command::Edit(Edit::Delete(id)));
            }
        });
}

/// The renumbering preview: every code that would change, before anything changes.
pub fn renumber_preview(ui: &mut Ui, app: &App, id: Id, out: &mut Vec<Command>) {
    let modal = egui::Modal::new(egui::Id::NULL.with("renumber-preview")).show(ui.ctx(), |ui| {
        ui.set_max_width(560.0);
        let name = if id == app.plan.id {
            tr("branch.whole_plan").to_owned()
        } else {
            record(&app.plan, id).map_or_else(String::new, |r| r.code.to_owned())
        };
        ui.heading(trf("branch.renumber_heading", &[("what", &name)]));
        ui.add_space(6.0);
        match renumber(&app.plan, id) {
            Err(e) => {
                ui.label(RichText::new(crate::app::error_text(&e)).color(theme::ATTENTION));
                if ui.button(tr("branch.close")).clicked() {
                    out.push(Command::PreviewRenumber(None));
                }
            }
            Ok(ops) => {
                let changes = code_changes(&ops);
                if changes.is_empty() {
                    ui.label(tr("branch.renumber_nothing"));
                } else {
                    ui.label(trf("branch.renumber_count", &[("n", &changes.len())]));
                    ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
                        Grid::new("renumber-changes")
                            .striped(true)
                            .num_columns(3)
                            .show(ui, |ui| {
                                for (old, new) in &changes {
                                    ui.label(old);
                                    ui.label("→");
                                    ui.label(RichText::new(new).family(theme::bold()));
                                    ui.end_row();
                                }
                            });
                    });
                }
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if !changes.is_empty() && ui.button(tr("branch.renumber_apply")).clicked() {
                        out.push(Command::Edit(Edit::Renumber(id)));
                        out.push(Command::PreviewRenumber(None));
                    }
                    if ui.button(tr("branch.cancel")).clicked() {
                        out.push(Command::PreviewRenumber(None));
                    }
                });
            }
        }
    });
    if modal.backdrop_response.clicked() {
        out.push(Command::PreviewRenumber(None));
    }
}
