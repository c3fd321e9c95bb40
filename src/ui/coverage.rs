//! Coverage of the Global Compact for Migration: the 23 objectives as rows, the timeline lanes
//! (or the goals) as columns, the number of linked activities in each cell, shaded; a click on
//! a cell lists its activities. Below: the objectives and actions no activity serves, the
//! roll-up by SDG target, and per actor the objectives it contributes to. Counts follow the
//! filters. What is counted is explained in `reference::coverage`.

use std::sync::Arc;

use egui::{Color32, Grid, RichText, ScrollArea, Sense, Ui, vec2};

use crate::app::{App, Command};
use crate::i18n::{tr, trf};
use crate::messages::labels::{lane_chip, lane_label};
use crate::model::Filter;
use crate::reference::coverage::{Columns, Coverage, coverage};
use crate::reference::{Reference, objective_key};
use crate::ui::{theme, widgets};

#[derive(Clone, Default)]
struct Local {
    columns: Columns,
    /// The cell whose activities are listed: objective number and column.
    cell: Option<(u8, usize)>,
    /// The counts and what they were made from: plan revision, filter, columns.
    cache: Option<(u64, Filter, Columns, Arc<Coverage>)>,
}

/// The shade of a cell with `n` of at most `max` activities.
fn shade(ui: &Ui, n: usize, max: usize) -> Color32 {
    let base = theme::INFERRED;
    if n == 0 {
        return Color32::TRANSPARENT;
    }
    let t = 0.25 + 0.75 * n as f32 / max.max(1) as f32;
    if ui.visuals().dark_mode {
        base.gamma_multiply(t)
    } else {
        base.gamma_multiply(t * 0.8)
    }
}

/// The faint fill of a cell only Annex D associates with the objective (via goal).
fn via_shade(ui: &Ui) -> Color32 {
    widgets::muted(ui).gamma_multiply(0.18)
}

pub fn show(ui: &mut Ui, app: &App, out: &mut Vec<Command>) {
    let id = ui.make_persistent_id("coverage-view");
    let mut local: Local = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    let r = Reference::builtin();
    // Counted when the plan, the filter or the columns change, never per frame.
    let cov = match &local.cache {
        Some((rev, f, c, cov))
            if *rev == app.derived.revision && *f == app.view.filter && *c == local.columns =>
        {
            cov.clone()
        }
        _ => {
            let order: Vec<usize> = app.derived.outline.goals.iter().map(|g| g.goal).collect();
            let cov = Arc::new(coverage(
                &app.plan,
                r,
                &app.board.visible,
                local.columns,
                &order,
            ));
            local.cache = Some((
                app.derived.revision,
                app.view.filter.clone(),
                local.columns,
                cov.clone(),
            ));
            cov
        }
    };

    ui.horizontal_wrapped(|ui| {
        ui.heading(tr("coverage.heading"));
        ui.add_space(16.0);
        for (c, label) in [
            (Columns::Lanes, tr("coverage.by_lane")),
            (Columns::Goals, tr("coverage.by_goal")),
        ] {
            if ui.selectable_label(local.columns == c, label).clicked() && local.columns != c {
                local.columns = c;
                local.cell = None;
            }
        }
    });
    ui.label(
        RichText::new(trf(
            "coverage.summary",
            &[
                ("linked", &cov.linked),
                ("shown", &cov.shown),
                ("gaps", &cov.gap_objectives.len()),
            ],
        ))
        .color(widgets::muted(ui)),
    );
    legend(ui, &cov);
    ui.separator();

    // The picked cell's activities, above the table, so neither is squeezed beside the
    // detail panel.
    if let Some(cell) = local.cell {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            if cell_list(ui, app, r, &cov, cell, out) {
                local.cell = None;
            }
        });
        ui.add_space(4.0);
    }
    ScrollArea::vertical()
        .id_salt("coverage-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            table(ui, app, r, &cov, &mut local.cell);
            ui.add_space(12.0);
            gaps(ui, r, &cov);
            targets(ui, r, &cov);
            actors(ui, app, r, &cov);
        });
    ui.data_mut(|d| d.insert_temp(id, local));
}

fn legend(ui: &mut Ui, cov: &Coverage) {
    ui.horizontal_wrapped(|ui| {
        let (rect, _) = ui.allocate_exact_size(vec2(14.0, 14.0), Sense::hover());
        ui.painter()
            .rect_filled(rect, 2, shade(ui, cov.max_cell.max(1), cov.max_cell.max(1)));
        ui.label(tr("coverage.legend_direct"));
        ui.add_space(8.0);
        let (rect, _) = ui.allocate_exact_size(vec2(14.0, 14.0), Sense::hover());
        ui.painter().rect_filled(rect, 2, via_shade(ui));
        ui.label(tr("coverage.legend_via"));
    });
}

fn column_label(app: &App, cov: &Coverage, c: usize) -> (String, String) {
    match cov.columns {
        Columns::Lanes => (
            lane_chip(cov.lanes[c]).to_owned(),
            lane_label(cov.lanes[c]).to_owned(),
        ),
        Columns::Goals => {
            let g = &app.plan.goals[cov.goals[c]];
            (
                trf("coverage.goal_column", &[("code", &g.code)]),
                format!("{} {}", g.code, g.title),
            )
        }
    }
}

/// A column as a sentence names it: the lane's full name, or "Goal 3".
fn column_name(app: &App, cov: &Coverage, c: usize) -> String {
    match cov.columns {
        Columns::Lanes => lane_label(cov.lanes[c]).to_owned(),
        Columns::Goals => column_label(app, cov, c).0,
    }
}

fn table(ui: &mut Ui, app: &App, r: &Reference, cov: &Coverage, picked: &mut Option<(u8, usize)>) {
    let ncols = cov.column_count();
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    // As wide as the widest word of a column heading (headings wrap), within reason.
    let font = egui::FontId::new(
        ui.style().text_styles[&egui::TextStyle::Body].size,
        theme::bold(),
    );
    let cell_w = ui
        .fonts_mut(|f| {
            (0..ncols)
                .flat_map(|c| {
                    column_label(app, cov, c)
                        .0
                        .split_whitespace()
                        .map(str::to_owned)
                        .collect::<Vec<_>>()
                })
                .map(|word| {
                    f.layout_no_wrap(word, font.clone(), Color32::WHITE)
                        .size()
                        .x
                })
                .fold(40.0_f32, f32::max)
        })
        .min(140.0)
        + 12.0;
    // The short names as printed, cut to what is left; the full title on hover.
    let name_w = (ui.available_width() - (ncols as f32 + 2.0) * (cell_w + 8.0)).clamp(120.0, 420.0);
    Grid::new("coverage-grid")
        .striped(true)
        .spacing(vec2(8.0, 4.0))
        .show(ui, |ui| {
            ui.label(RichText::new(tr("coverage.objective")).family(theme::bold()));
            for c in 0..ncols {
                let (short, full) = column_label(app, cov, c);
                ui.allocate_ui_with_layout(
                    vec2(cell_w, row_h * 2.0),
                    egui::Layout::top_down(egui::Align::Center),
                    |ui| {
                        ui.set_width(cell_w);
                        ui.add(
                            egui::Label::new(RichText::new(short).family(theme::bold()))
                                .wrap()
                                .halign(egui::Align::Center),
                        )
                        .on_hover_text(full);
                    },
                );
            }
            ui.label(RichText::new(tr("coverage.total")).family(theme::bold()));
            ui.label(RichText::new(tr("coverage.via_goal")).family(theme::bold()))
                .on_hover_text(tr("coverage.via_goal_tip"));
            ui.end_row();

            for row in &cov.rows {
                let o = r.objective(row.objective);
                let name = o.map_or_else(String::new, |o| format!("{} {}", o.number, o.short_name));
                let title = o.map_or_else(String::new, |o| o.title.clone());
                ui.allocate_ui_with_layout(
                    vec2(name_w, row_h),
                    egui::Layout::left_to_right(egui::Align::Center),
                    |ui| {
                        ui.set_min_width(name_w);
                        ui.add(egui::Label::new(name.clone()).truncate())
                            .on_hover_text(&title);
                    },
                );
                for (c, cell) in row.cells.iter().enumerate() {
                    let n = cell.direct.len();
                    let fill = if n > 0 {
                        shade(ui, n, cov.max_cell)
                    } else if cell.via_goal > 0 {
                        via_shade(ui)
                    } else {
                        Color32::TRANSPARENT
                    };
                    let text = if n > 0 {
                        RichText::new(crate::i18n::num(n)).family(theme::bold())
                    } else {
                        RichText::new("·").color(widgets::muted(ui))
                    };
                    let selected = *picked == Some((row.objective, c));
                    let col_name = column_name(app, cov, c);
                    let label = trf(
                        "coverage.cell_label",
                        &[
                            ("objective", &format!("GCM {}", row.objective)),
                            ("column", &col_name),
                            ("n", &n),
                            ("via", &cell.via_goal),
                        ],
                    );
                    let resp = ui
                        .add_sized(
                            [cell_w, row_h],
                            egui::Button::new(text).fill(fill).selected(selected),
                        )
                        .on_hover_text(&label);
                    resp.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::Button, true, &label)
                    });
                    if resp.clicked() {
                        *picked = if selected {
                            None
                        } else {
                            Some((row.objective, c))
                        };
                    }
                }
                ui.label(crate::i18n::num(row.direct));
                ui.label(RichText::new(crate::i18n::num(row.via_goal)).color(widgets::muted(ui)));
                ui.end_row();
            }
        });
}

/// The activities of the picked cell; returns whether it was closed.
fn cell_list(
    ui: &mut Ui,
    app: &App,
    r: &Reference,
    cov: &Coverage,
    (objective, c): (u8, usize),
    out: &mut Vec<Command>,
) -> bool {
    let Some(cell) = cov
        .rows
        .iter()
        .find(|x| x.objective == objective)
        .and_then(|row| row.cells.get(c))
    else {
        return true;
    };
    let mut close = false;
    ui.horizontal(|ui| {
        let col = column_name(app, cov, c);
        ui.label(
            RichText::new(trf(
                if cell.direct.len() == 1 {
                    "coverage.cell_heading_one"
                } else {
                    "coverage.cell_heading"
                },
                &[
                    ("objective", &format!("GCM {objective}")),
                    ("column", &col),
                    ("n", &cell.direct.len()),
                ],
            ))
            .family(theme::bold()),
        );
        if ui
            .small_button("✕")
            .on_hover_text(tr("coverage.close"))
            .clicked()
        {
            close = true;
        }
    });
    if let Some(o) = r.objective(objective) {
        ui.label(RichText::new(&o.title).small().color(widgets::muted(ui)));
    }
    if cell.direct.is_empty() {
        ui.label(RichText::new(tr("coverage.cell_empty")).color(widgets::muted(ui)));
    }
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    ScrollArea::vertical()
        .id_salt("coverage-cell")
        .max_height(160.0)
        .auto_shrink([false, true])
        .show_rows(ui, row_h, cell.direct.len(), |ui, range| {
            for &i in &cell.direct[range] {
                let a = &app.plan.activities[i];
                let resp = ui
                    .add(
                        egui::Button::selectable(
                            app.view.selected == Some(a.id),
                            format!("{}  {}", a.code, a.text),
                        )
                        .truncate(),
                    )
                    .on_hover_text(&a.text);
                if resp.clicked() {
                    out.push(Command::Select(Some(a.id)));
                }
            }
        });
    close
}

fn gaps(ui: &mut Ui, r: &Reference, cov: &Coverage) {
    egui::CollapsingHeader::new(trf(
        "coverage.gap_objectives",
        &[("n", &cov.gap_objectives.len())],
    ))
    .id_salt("coverage-gap-objectives")
    .default_open(true)
    .show(ui, |ui| {
        if cov.gap_objectives.is_empty() {
            ui.label(RichText::new(tr("coverage.no_gaps")).color(widgets::muted(ui)));
        }
        for n in &cov.gap_objectives {
            let Some(o) = r.objective(*n) else { continue };
            let via = cov
                .rows
                .iter()
                .find(|x| x.objective == *n)
                .map_or(0, |x| x.via_goal);
            ui.horizontal(|ui| {
                // A cut label shows its whole text on hover by itself.
                ui.add(egui::Label::new(format!("GCM {} — {}", o.number, o.title)).truncate());
                if via > 0 {
                    ui.label(
                        RichText::new(trf("coverage.only_via_goal", &[("n", &via)]))
                            .small()
                            .color(widgets::muted(ui)),
                    );
                }
            });
        }
    });
    egui::CollapsingHeader::new(trf(
        "coverage.gap_actions",
        &[("n", &cov.gap_actions.len())],
    ))
    .id_salt("coverage-gap-actions")
    .default_open(false)
    .show(ui, |ui| {
        // One line per objective, its uncovered letters; each letter's text on hover.
        for o in &r.objectives {
            let prefix = objective_key(o.number);
            let missing: Vec<&String> = cov
                .gap_actions
                .iter()
                .filter(|k| {
                    k.strip_prefix(&prefix).is_some_and(|rest| {
                        rest.chars().all(|c| c.is_ascii_lowercase()) && !rest.is_empty()
                    })
                })
                .collect();
            if missing.is_empty() {
                continue;
            }
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(format!("GCM {}:", o.number)).family(theme::bold()));
                for k in missing {
                    let letter = k.trim_start_matches(&prefix);
                    ui.label(format!("({letter})"))
                        .on_hover_text(r.text(k).unwrap_or_default());
                }
            });
        }
    });
}

fn targets(ui: &mut Ui, r: &Reference, cov: &Coverage) {
    egui::CollapsingHeader::new(tr("coverage.targets"))
        .id_salt("coverage-targets")
        .default_open(false)
        .show(ui, |ui| {
            ui.label(
                RichText::new(tr("coverage.targets_intro"))
                    .small()
                    .color(widgets::muted(ui)),
            );
            Grid::new("coverage-targets-grid")
                .striped(true)
                .spacing(vec2(12.0, 2.0))
                .show(ui, |ui| {
                    ui.label(RichText::new(tr("coverage.target")).family(theme::bold()));
                    ui.label(RichText::new(tr("coverage.target_direct")).family(theme::bold()));
                    ui.label(RichText::new(tr("coverage.target_total")).family(theme::bold()));
                    ui.label(RichText::new(tr("coverage.target_objectives")).family(theme::bold()));
                    ui.end_row();
                    for t in &cov.targets {
                        let text = r
                            .target(&crate::reference::target_key(&t.target))
                            .map(|x| x.text.clone())
                            .unwrap_or_default();
                        ui.label(format!("SDG {}", t.target)).on_hover_text(text);
                        ui.label(crate::i18n::num(t.direct));
                        ui.label(crate::i18n::num(t.total));
                        let objs: Vec<String> =
                            t.objectives.iter().map(|o| o.to_string()).collect();
                        ui.label(RichText::new(objs.join(", ")).color(widgets::muted(ui)));
                        ui.end_row();
                    }
                });
        });
}

fn actors(ui: &mut Ui, app: &App, r: &Reference, cov: &Coverage) {
    egui::CollapsingHeader::new(trf("coverage.actors", &[("n", &cov.actors.len())]))
        .id_salt("coverage-actors")
        .default_open(false)
        .show(ui, |ui| {
            if cov.actors.is_empty() {
                ui.label(RichText::new(tr("coverage.no_actors")).color(widgets::muted(ui)));
            }
            for row in &cov.actors {
                let name = app
                    .plan
                    .actor(row.actor)
                    .map_or_else(String::new, |a| a.abbreviation.clone());
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(name).family(theme::bold()));
                    for (o, n) in &row.objectives {
                        let title = r.objective(*o).map_or("", |x| x.title.as_str());
                        ui.label(trf(
                            "coverage.actor_objective",
                            &[("objective", &format!("GCM {o}")), ("n", n)],
                        ))
                        .on_hover_text(title);
                    }
                });
            }
        });
}
