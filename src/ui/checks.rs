//! The data checks: every activity that needs attention, grouped by what is wrong, each one
//! click away from its card, and inferred values confirmed in one click.

use std::sync::Arc;

use egui::{Grid, RichText, ScrollArea, Ui};

use crate::app::{App, Command};
use crate::i18n::{tr, trf};
use crate::model::{Activity, Flag};
use crate::ui::detail::{confirm_of, flag_text};
use crate::ui::{theme, widgets};

/// The groups, in the order a facilitator works through them: what blocks the plan first,
/// what the room must confirm last.
const GROUPS: [&str; 9] = [
    "no_lead",
    "several_leads",
    "no_timeline",
    "code_mismatch",
    "unknown_actor",
    "source_note",
    "inferred_lead",
    "inferred_co_leads",
    "inferred_timeline",
];

fn group_title(code: &str) -> &'static str {
    match code {
        "no_lead" => tr("checks.no_lead"),
        "several_leads" => tr("checks.several_leads"),
        "no_timeline" => tr("checks.no_timeline"),
        "code_mismatch" => tr("checks.code_mismatch"),
        "unknown_actor" => tr("checks.unknown_actor"),
        "source_note" => tr("checks.source_note"),
        "inferred_lead" => tr("checks.inferred_lead"),
        "inferred_co_leads" => tr("checks.inferred_co_leads"),
        _ => tr("checks.inferred_timeline"),
    }
}

/// Per group, the (activity index, flag index) pairs the filter shows, in outline order.
type Groups = Vec<(&'static str, Vec<(usize, usize)>)>;

fn group_indices(app: &App) -> Groups {
    let mut groups: Groups = GROUPS.iter().map(|&code| (code, Vec::new())).collect();
    let shown = app
        .derived
        .outline
        .goals
        .iter()
        .flat_map(|g| &g.indicators)
        .flat_map(|i| &i.sub_indicators)
        .flat_map(|s| &s.activities)
        .filter(|&&i| app.board.visible.get(i).copied().unwrap_or(true));
    for &i in shown {
        for (k, f) in app
            .derived
            .flags_of(app.plan.activities[i].id)
            .iter()
            .enumerate()
        {
            if let Some(g) = groups.iter_mut().find(|(code, _)| *code == f.code()) {
                g.1.push((i, k));
            }
        }
    }
    groups
}

/// Every (activity, flag) the filter shows, by group, in outline order.
pub fn open_checks(app: &App) -> Vec<(&'static str, Vec<(&Activity, &Flag)>)> {
    resolve(app, &group_indices(app))
}

fn resolve<'a>(
    app: &'a App,
    groups: &Groups,
) -> Vec<(&'static str, Vec<(&'a Activity, &'a Flag)>)> {
    groups
        .iter()
        .map(|(code, rows)| {
            let rows = rows
                .iter()
                .map(|&(i, k)| {
                    let a = &app.plan.activities[i];
                    (a, &app.derived.flags_of(a.id)[k])
                })
                .collect();
            (*code, rows)
        })
        .collect()
}

pub fn show(ui: &mut Ui, app: &App, out: &mut Vec<Command>) {
    // Grouped once per change of the plan or the filter, not on every frame.
    let id = ui.make_persistent_id("checks-groups");
    let key = (app.derived.revision, app.view.filter.clone());
    let cached: Option<(u64, crate::model::Filter, Arc<Groups>)> = ui.data(|d| d.get_temp(id));
    let indices = match cached {
        Some((rev, filter, g)) if rev == key.0 && filter == key.1 => g,
        _ => {
            let g = Arc::new(group_indices(app));
            ui.data_mut(|d| d.insert_temp(id, (key.0, key.1, g.clone())));
            g
        }
    };
    let groups = resolve(app, &indices);
    let total: usize = groups.iter().map(|(_, rows)| rows.len()).sum();
    ui.horizontal(|ui| {
        ui.heading(tr("checks.heading"));
        ui.label(RichText::new(trf("checks.total", &[("n", &total)])).color(widgets::muted(ui)));
    });
    if app.view.filter.is_active() {
        ui.label(RichText::new(tr("checks.filtered")).color(widgets::muted(ui)));
    }
    ui.separator();
    if total == 0 {
        ui.label(tr("checks.none"));
        return;
    }
    ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (code, rows) in groups {
                if rows.is_empty() {
                    continue;
                }
                let inferred = rows.first().is_some_and(|(_, f)| f.is_inferred());
                let color = if inferred {
                    theme::INFERRED
                } else {
                    theme::ATTENTION
                };
                ui.add_space(8.0);
                ui.label(
                    RichText::new(trf(
                        "checks.group",
                        &[("title", &group_title(code)), ("n", &rows.len())],
                    ))
                    .family(theme::bold())
                    .size(18.0)
                    .color(color),
                );
                Grid::new(("checks", code))
                    .striped(true)
                    .num_columns(3)
                    .spacing([12.0, 6.0])
                    .show(ui, |ui| {
                        for (a, f) in rows {
                            if ui
                                .link(RichText::new(&a.code).family(theme::bold()))
                                .on_hover_text(tr("checks.open_card"))
                                .clicked()
                            {
                                out.push(Command::Reveal(a.id));
                            }
                            ui.vertical(|ui| {
                                ui.set_max_width(560.0);
                                ui.label(short(&a.text));
                                ui.label(
                                    RichText::new(flag_text(a, f))
                                        .small()
                                        .color(widgets::muted(ui)),
                                );
                            });
                            if let Some(what) = confirm_of(f) {
                                if ui
                                    .button(tr("detail.confirm"))
                                    .on_hover_text(tr("detail.confirm_tip"))
                                    .clicked()
                                {
                                    out.push(Command::Edit(crate::app::Edit::Confirm {
                                        id: a.id,
                                        what,
                                    }));
                                }
                            } else {
                                ui.label("");
                            }
                            ui.end_row();
                        }
                    });
            }
        });
}

/// The first words of a long text, for one line of a list.
fn short(text: &str) -> String {
    const MAX: usize = 110;
    if text.chars().count() <= MAX {
        return text.to_owned();
    }
    let cut: String = text.chars().take(MAX).collect();
    format!("{}…", cut.trim_end())
}
