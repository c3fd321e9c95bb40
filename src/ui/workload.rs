//! Who does what: per actor and timeline lane, how many activities it leads and co-leads, as a
//! table and as a chart; clicking a cell or a bar lists those activities.

use std::sync::Arc;

use egui::{Color32, Grid, RichText, ScrollArea, Sense, Ui, vec2};

use crate::app::{App, Command};
use crate::i18n::{tr, trf};
use crate::messages::labels::{lane_chip, lane_label};
use crate::model::workload::{ActorLoad, workload};
use crate::model::{Id, Lane};
use crate::ui::{theme, widgets};

/// The colour of each lane in the chart: the lane palette shared with the printed report.
pub const LANE_COLORS: [Color32; 4] = {
    let p = crate::palette::LANES;
    [
        Color32::from_rgb(p[0].0, p[0].1, p[0].2),
        Color32::from_rgb(p[1].0, p[1].1, p[1].2),
        Color32::from_rgb(p[2].0, p[2].1, p[2].2),
        Color32::from_rgb(p[3].0, p[3].1, p[3].2),
    ]
};

/// One cell of the table: an actor, a lane, and lead or co-lead.
#[derive(Clone, Copy, PartialEq)]
struct Cell {
    actor: Id,
    lane: usize,
    lead: bool,
}

#[derive(Clone, Copy, Default, PartialEq)]
enum Mode {
    #[default]
    Chart,
    Table,
}

#[derive(Clone, Default)]
struct Local {
    mode: Mode,
    cell: Option<Cell>,
    /// The counts and the plan revision they were made from.
    cache: Option<(u64, Arc<Vec<ActorLoad>>)>,
}

pub fn show(ui: &mut Ui, app: &App, out: &mut Vec<Command>) {
    let id = ui.make_persistent_id("workload-view");
    let mut local: Local = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    // Counted once per change of the plan, not per frame.
    let loads = match &local.cache {
        Some((rev, loads)) if *rev == app.derived.revision => loads.clone(),
        _ => {
            let loads = Arc::new(workload(&app.plan));
            local.cache = Some((app.derived.revision, loads.clone()));
            loads
        }
    };

    ui.horizontal(|ui| {
        ui.heading(tr("workload.heading"));
        ui.add_space(16.0);
        for (mode, label) in [
            (Mode::Chart, tr("workload.chart")),
            (Mode::Table, tr("workload.table")),
        ] {
            if ui.selectable_label(local.mode == mode, label).clicked() {
                local.mode = mode;
            }
        }
    });
    ui.label(RichText::new(tr("workload.intro")).color(widgets::muted(ui)));
    legend(ui);
    ui.separator();

    let avail = ui.available_width();
    let list_w = if local.cell.is_some() { 340.0 } else { 0.0 };
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width((avail - list_w - 16.0).max(300.0));
            ScrollArea::vertical()
                .id_salt("workload-scroll")
                .auto_shrink([false, false])
                .show(ui, |ui| match local.mode {
                    Mode::Chart => chart(ui, app, &loads, &mut local.cell),
                    Mode::Table => table(ui, app, &loads, &mut local.cell),
                });
        });
        if let Some(cell) = local.cell {
            ui.separator();
            ui.vertical(|ui| {
                ui.set_width(list_w);
                if activities(ui, app, &loads, cell, out) {
                    local.cell = None;
                }
            });
        }
    });
    ui.data_mut(|d| d.insert_temp(id, local));
}

fn legend(ui: &mut Ui) {
    ui.horizontal_wrapped(|ui| {
        for (k, lane) in Lane::ALL.into_iter().enumerate() {
            swatch(ui, LANE_COLORS[k]);
            ui.label(lane_label(lane));
            ui.add_space(8.0);
        }
        ui.separator();
        swatch(ui, ui.visuals().text_color());
        ui.label(tr("workload.leads"));
        let (r, _) = ui.allocate_exact_size(vec2(14.0, 14.0), Sense::hover());
        let c = ui.visuals().text_color();
        ui.painter().rect_filled(r, 2, c.gamma_multiply(0.25));
        ui.painter()
            .rect_stroke(r, 2, egui::Stroke::new(2.0, c), egui::StrokeKind::Inside);
        ui.label(tr("workload.co_leads"));
    });
}

fn swatch(ui: &mut Ui, color: Color32) {
    let (r, _) = ui.allocate_exact_size(vec2(14.0, 14.0), Sense::hover());
    ui.painter().rect_filled(r, 2, color);
}

fn abbreviation(app: &App, id: Id) -> String {
    app.plan
        .actor(id)
        .map_or_else(|| id.to_string(), |a| a.abbreviation.clone())
}

/// One stacked bar per actor: for each lane, the activities it leads (solid) then co-leads
/// (light).
fn chart(ui: &mut Ui, app: &App, loads: &[ActorLoad], cell: &mut Option<Cell>) {
    let max = loads.iter().map(ActorLoad::total).max().unwrap_or(0).max(1);
    let size = ui.style().text_styles[&egui::TextStyle::Body].size;
    let font = egui::FontId::new(size, theme::bold());
    // As wide as the longest abbreviation, within reason.
    let label_w = ui
        .fonts_mut(|f| {
            loads
                .iter()
                .map(|l| {
                    f.layout_no_wrap(abbreviation(app, l.actor), font.clone(), Color32::WHITE)
                        .size()
                        .x
                })
                .fold(60.0_f32, f32::max)
        })
        .min(220.0)
        + 12.0;
    let count_w = 40.0;
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
    let bar_w = (ui.available_width() - label_w - count_w).max(100.0);
    let unit = bar_w / max as f32;
    let text = ui.visuals().text_color();
    for load in loads.iter().filter(|l| l.total() > 0) {
        let (row, _) =
            ui.allocate_exact_size(vec2(label_w + bar_w + count_w, row_h), Sense::hover());
        let name = abbreviation(app, load.actor);
        ui.painter().text(
            row.left_center(),
            egui::Align2::LEFT_CENTER,
            &name,
            font.clone(),
            text,
        );
        let mut x = row.left() + label_w;
        for (k, lane_color) in LANE_COLORS.iter().enumerate() {
            for lead in [true, false] {
                let n = if lead {
                    load.leads[k].len()
                } else {
                    load.co_leads[k].len()
                };
                if n == 0 {
                    continue;
                }
                let w = n as f32 * unit;
                let r =
                    egui::Rect::from_min_size(egui::pos2(x, row.top() + 3.0), vec2(w, row_h - 6.0));
                let color = if lead {
                    *lane_color
                } else {
                    lane_color.gamma_multiply(0.25)
                };
                let this = Cell {
                    actor: load.actor,
                    lane: k,
                    lead,
                };
                let resp = ui
                    .interact(
                        r,
                        ui.make_persistent_id(("bar", load.actor, k, lead)),
                        Sense::click(),
                    )
                    .on_hover_text(cell_text(&name, k, lead, n));
                let picked = *cell == Some(this);
                ui.painter().rect_filled(r, 2, color);
                // Co-leads: a faint fill inside a full-strength border of the lane's colour, so
                // they read on a dark or light background and never look like leads. Leads get
                // a thin outline, which keeps the lightest lane seen on a light background.
                let border = if lead {
                    egui::Stroke::new(1.0, text.gamma_multiply(0.35))
                } else {
                    egui::Stroke::new(2.0, *lane_color)
                };
                ui.painter()
                    .rect_stroke(r, 2, border, egui::StrokeKind::Inside);
                if picked || resp.hovered() {
                    ui.painter().rect_stroke(
                        r,
                        2,
                        egui::Stroke::new(2.0, text),
                        egui::StrokeKind::Inside,
                    );
                }
                if w > 18.0 {
                    ui.painter().text(
                        r.center(),
                        egui::Align2::CENTER_CENTER,
                        crate::i18n::num(n),
                        egui::FontId::proportional(12.0),
                        if lead {
                            // Ink or white, whichever reads on this lane's colour.
                            let c = crate::palette::text_on(crate::palette::LANES[k]);
                            Color32::from_rgb(c.0, c.1, c.2)
                        } else {
                            text
                        },
                    );
                }
                resp.widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::Role::Button,
                        true,
                        cell_text(&name, k, lead, n),
                    )
                });
                if resp.clicked() {
                    *cell = Some(this);
                }
                x += w;
            }
        }
        ui.painter().text(
            egui::pos2(x + 6.0, row.center().y),
            egui::Align2::LEFT_CENTER,
            crate::i18n::num(load.total()),
            egui::FontId::proportional(13.0),
            ui.visuals().weak_text_color(),
        );
    }
    let idle = loads.iter().filter(|l| l.total() == 0).count();
    if idle > 0 {
        ui.add_space(6.0);
        ui.label(RichText::new(trf("workload.idle", &[("n", &idle)])).color(widgets::muted(ui)));
    }
}

fn cell_text(actor: &str, lane: usize, lead: bool, n: usize) -> String {
    let key = if lead {
        "workload.cell_leads"
    } else {
        "workload.cell_co_leads"
    };
    trf(
        key,
        &[
            ("actor", &actor),
            ("lane", &lane_label(Lane::ALL[lane])),
            ("n", &n),
        ],
    )
}

/// Actors × lanes, each cell "led · co-led", each number clickable.
fn table(ui: &mut Ui, app: &App, loads: &[ActorLoad], cell: &mut Option<Cell>) {
    Grid::new("workload-table")
        .striped(true)
        .num_columns(6)
        .spacing([18.0, 6.0])
        .show(ui, |ui| {
            ui.label(RichText::new(tr("workload.actor")).family(theme::bold()));
            for lane in Lane::ALL {
                ui.label(RichText::new(lane_chip(lane)).family(theme::bold()))
                    .on_hover_text(lane_label(lane));
            }
            ui.label(RichText::new(tr("workload.total")).family(theme::bold()));
            ui.end_row();
            ui.label(
                RichText::new(tr("workload.table_hint"))
                    .small()
                    .color(widgets::muted(ui)),
            );
            for _ in 0..5 {
                ui.label("");
            }
            ui.end_row();
            for load in loads {
                let name = abbreviation(app, load.actor);
                let full = app
                    .plan
                    .actor(load.actor)
                    .map(|a| a.full_name.clone())
                    .unwrap_or_default();
                ui.label(RichText::new(&name).family(theme::bold()))
                    .on_hover_text(full);
                for k in 0..4 {
                    ui.horizontal(|ui| {
                        for lead in [true, false] {
                            let n = if lead {
                                load.leads[k].len()
                            } else {
                                load.co_leads[k].len()
                            };
                            let this = Cell {
                                actor: load.actor,
                                lane: k,
                                lead,
                            };
                            let text = RichText::new(crate::i18n::num(n));
                            let text = if lead {
                                text.family(theme::bold())
                            } else {
                                text
                            };
                            let resp = ui
                                .add_enabled(
                                    n > 0,
                                    egui::Button::selectable(*cell == Some(this), text),
                                )
                                .on_hover_text(cell_text(&name, k, lead, n));
                            resp.widget_info(|| {
                                egui::WidgetInfo::labeled(
                                    egui::Role::Button,
                                    n > 0,
                                    cell_text(&name, k, lead, n),
                                )
                            });
                            if resp.clicked() {
                                *cell = Some(this);
                            }
                            if lead {
                                ui.label(RichText::new("·").color(widgets::muted(ui)));
                            }
                        }
                    });
                }
                ui.label(trf(
                    "workload.total_cell",
                    &[("leads", &load.lead_count()), ("co", &load.co_lead_count())],
                ));
                ui.end_row();
            }
        });
}

/// The activities behind one cell; returns whether the list was closed.
fn activities(
    ui: &mut Ui,
    app: &App,
    loads: &[ActorLoad],
    cell: Cell,
    out: &mut Vec<Command>,
) -> bool {
    let Some(load) = loads.iter().find(|l| l.actor == cell.actor) else {
        return true;
    };
    let ids = if cell.lead {
        &load.leads[cell.lane]
    } else {
        &load.co_leads[cell.lane]
    };
    let name = abbreviation(app, cell.actor);
    let mut close = false;
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(cell_text(&name, cell.lane, cell.lead, ids.len()))
                .family(theme::bold())
                .size(17.0),
        );
        if ui
            .small_button("✕")
            .on_hover_text(tr("workload.close"))
            .clicked()
        {
            close = true;
        }
    });
    ui.separator();
    ScrollArea::vertical()
        .id_salt("workload-activities")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for id in ids {
                let Some(a) = app.activity(*id) else {
                    continue;
                };
                ui.horizontal_wrapped(|ui| {
                    if ui
                        .link(RichText::new(&a.code).family(theme::bold()))
                        .on_hover_text(tr("checks.open_card"))
                        .clicked()
                    {
                        out.push(Command::Reveal(a.id));
                    }
                    ui.label(&a.text);
                });
                ui.add_space(4.0);
            }
        });
    close
}
