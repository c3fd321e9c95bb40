//! The outline: goal → indicator → sub-indicator → activity, as the framework document reads.

use std::sync::Arc;

use egui::collapsing_header::CollapsingState;
use egui::{Frame, Margin, RichText, ScrollArea, Sense, Ui, UiBuilder};

use crate::app::{App, Command, Edit};
use crate::i18n::{tr, trf};
use crate::messages::labels::lane_chip;
use crate::model::Activity;
use crate::ui::{theme, widgets};

pub fn show(ui: &mut Ui, app: &App, expand_all: Option<bool>, out: &mut Vec<Command>) {
    let plan = &app.plan;
    let filtering = app.view.filter.is_active();
    let matches = |i: usize| app.board.visible.get(i).copied().unwrap_or(true);

    ui.horizontal(|ui| {
        if ui.button(tr("outline.expand_all")).clicked() {
            out.push(Command::ExpandAll(true));
        }
        if ui.button(tr("outline.collapse_all")).clicked() {
            out.push(Command::ExpandAll(false));
        }
        ui.separator();
        if ui.button(tr("outline.add_goal")).clicked() {
            out.push(Command::Edit(Edit::AddGoal));
        }
        // Adding an activity goes under the sub-indicator in view: the selected one, or the
        // selected activity's.
        let sub = app.view.selected.and_then(|id| {
            app.activity(id)
                .map(|a| a.sub_indicator_id)
                .or_else(|| plan.sub_indicator(id).map(|s| s.id))
        });
        if ui
            .add_enabled(sub.is_some(), egui::Button::new(tr("outline.add_activity")))
            .on_hover_text(tr("outline.add_activity_tip"))
            .on_disabled_hover_text(tr("outline.add_activity_disabled"))
            .clicked()
            && let Some(sub) = sub
        {
            out.push(Command::Edit(Edit::AddActivity { sub }));
        }
    });
    ui.separator();

    // While filtering, everything with a match is shown open.
    let force_open = if filtering { Some(true) } else { expand_all };
    let mut shown = 0usize;
    let lay_out_all = plan.activities.len() <= LAY_OUT_ALL_UP_TO;
    // The rows' last heights, read once a frame; the heights measured now are kept after it.
    let heights: Arc<Heights> = ui.data(|d| d.get_temp(heights_id())).unwrap_or_default();
    let mut measured: Vec<(crate::model::Id, f32)> = Vec::new();
    ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for g in &app.derived.outline.goals {
                let goal = &plan.goals[g.goal];
                let matching = g
                    .indicators
                    .iter()
                    .flat_map(|i| &i.sub_indicators)
                    .flat_map(|s| &s.activities)
                    .filter(|&&a| matches(a))
                    .count();
                if filtering && matching == 0 {
                    continue;
                }
                let title = RichText::new(trf(
                    "outline.goal_title",
                    &[
                        ("code", &goal.code),
                        ("title", &goal.title),
                        ("n", &matching),
                    ],
                ))
                .heading();
                header(ui, app, goal.id, title, force_open, out, |ui, out| {
                    for i in &g.indicators {
                        let ind = &plan.indicators[i.indicator];
                        let any = i
                            .sub_indicators
                            .iter()
                            .flat_map(|s| &s.activities)
                            .any(|&a| matches(a));
                        if filtering && !any {
                            continue;
                        }
                        let title = RichText::new(format!("{}  {}", ind.code, ind.title))
                            .family(theme::bold())
                            .size(17.0);
                        header(ui, app, ind.id, title, force_open, out, |ui, out| {
                            for s in &i.sub_indicators {
                                let sub = &plan.sub_indicators[s.sub_indicator];
                                let acts: Vec<&Activity> = s
                                    .activities
                                    .iter()
                                    .filter(|&&a| matches(a))
                                    .map(|&a| &plan.activities[a])
                                    .collect();
                                if filtering && acts.is_empty() {
                                    continue;
                                }
                                let title = RichText::new(format!("{}  {}", sub.code, sub.title));
                                header(ui, app, sub.id, title, force_open, out, |ui, out| {
                                    if acts.is_empty() {
                                        ui.label(
                                            RichText::new(tr("outline.no_activities"))
                                                .italics()
                                                .color(widgets::muted(ui)),
                                        );
                                    }
                                    for a in acts {
                                        shown += 1;
                                        if lay_out_all {
                                            activity_row(ui, app, a, out);
                                        } else {
                                            row_in_view(ui, app, a, &heights, &mut measured, out);
                                        }
                                    }
                                });
                            }
                        });
                    }
                });
            }
            if shown == 0 && filtering {
                ui.label(tr("outline.no_match"));
            }
        });
    if !measured.is_empty() {
        ui.data_mut(|d| {
            let m = d.get_temp_mut_or_default::<Arc<Heights>>(heights_id());
            Arc::make_mut(m).extend(measured);
        });
    }
}

/// Up to this many activities every row is laid out each frame (and so known to a screen
/// reader); above it only the rows in view are, the others taking the height they had when
/// last shown, so that a plan of 100,000 activities costs a frame what a screenful costs.
const LAY_OUT_ALL_UP_TO: usize = 2_000;

/// The height a row not yet shown is given: two lines, its text and its chips.
const ROW_GUESS: f32 = 58.0;

/// Each activity's row height when last laid out, by id.
type Heights = std::collections::HashMap<crate::model::Id, f32>;

fn heights_id() -> egui::Id {
    egui::Id::NULL.with("outline-row-heights")
}

/// An activity's row if it is in view; otherwise the space it takes, from its last height.
/// A row laid out adds its height to `measured` when it changed.
fn row_in_view(
    ui: &mut Ui,
    app: &App,
    a: &Activity,
    heights: &Heights,
    measured: &mut Vec<(crate::model::Id, f32)>,
    out: &mut Vec<Command>,
) {
    let known = heights.get(&a.id).copied();
    let height = known.unwrap_or(ROW_GUESS);
    let top = ui.cursor().top();
    let clip = ui.clip_rect();
    let spacing = ui.spacing().item_spacing.y;
    if top > clip.bottom() || top + height + spacing < clip.top() {
        ui.allocate_space(egui::vec2(ui.available_width(), height));
        return;
    }
    activity_row(ui, app, a, out);
    let now = ui.cursor().top() - top - spacing;
    if known != Some(now) {
        measured.push((a.id, now));
    }
}

/// A goal, indicator or sub-indicator: an arrow that folds it, and a title that selects it
/// for editing in the detail panel.
#[allow(clippy::too_many_arguments)]
fn header(
    ui: &mut Ui,
    app: &App,
    id: crate::model::Id,
    title: RichText,
    force_open: Option<bool>,
    out: &mut Vec<Command>,
    body: impl FnOnce(&mut Ui, &mut Vec<Command>),
) {
    let mut state =
        CollapsingState::load_with_default_open(ui.ctx(), ui.make_persistent_id(id), true);
    if let Some(open) = force_open {
        state.set_open(open);
    }
    let mut clicked = false;
    let header = state.show_header(ui, |ui| {
        clicked = ui
            .selectable_label(app.view.selected == Some(id), title)
            .clicked();
    });
    if clicked {
        out.push(Command::Select(Some(id)));
    }
    header.body(|ui| body(ui, out));
}

fn activity_row(ui: &mut Ui, app: &App, a: &Activity, out: &mut Vec<Command>) {
    let plan = &app.plan;
    let selected = app.view.selected == Some(a.id);
    let flags = app.derived.flags_of(a.id);
    let visuals = ui.visuals().clone();
    let resp = ui
        .scope_builder(UiBuilder::new().id_salt(a.id).sense(Sense::click()), |ui| {
            // The whole row is one click target; selectable text would swallow the click.
            ui.style_mut().interaction.selectable_labels = false;
            let hovered = ui.response().hovered();
            // A light fill and an outline for the selection, so coloured markers stay readable.
            let (fill, stroke) = if selected {
                (
                    visuals.selection.bg_fill.gamma_multiply(0.35),
                    egui::Stroke::new(2.0, visuals.selection.bg_fill),
                )
            } else if hovered {
                (visuals.widgets.hovered.weak_bg_fill, egui::Stroke::NONE)
            } else {
                (egui::Color32::TRANSPARENT, egui::Stroke::NONE)
            };
            Frame::new()
                .fill(fill)
                .stroke(stroke)
                .corner_radius(4)
                .inner_margin(Margin::symmetric(6, 4))
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(&a.code).family(theme::bold()));
                        ui.label(&a.text);
                    });
                    ui.horizontal_wrapped(|ui| {
                        // Every chip says what it is when the pointer rests on it.
                        let name = |id: &crate::model::Id| {
                            plan.actor(*id)
                                .map(|x| format!("{} — {}", x.abbreviation, x.full_name))
                                .unwrap_or_default()
                        };
                        for (label, id) in plan.actor_labels(&a.leads).into_iter().zip(&a.leads) {
                            widgets::chip(ui, label, visuals.text_color())
                                .on_hover_text(trf("tip.lead", &[("name", &name(id))]));
                        }
                        for (label, id) in
                            plan.actor_labels(&a.co_leads).into_iter().zip(&a.co_leads)
                        {
                            widgets::chip(ui, label, widgets::muted(ui))
                                .on_hover_text(trf("tip.co_lead", &[("name", &name(id))]));
                        }
                        widgets::chip(ui, lane_chip(a.lane), widgets::muted(ui))
                            .on_hover_text(crate::messages::labels::lane_label(a.lane));
                        if let Some(color) = crate::ui::comments::status_color(a.status) {
                            widgets::chip(
                                ui,
                                crate::messages::labels::status_label(a.status),
                                color,
                            )
                            .on_hover_text(trf(
                                "tip.status",
                                &[("status", &crate::messages::labels::status_label(a.status))],
                            ));
                        }
                        let n = app.derived.comment_count(a.id);
                        if n > 0 {
                            widgets::chip(
                                ui,
                                crate::i18n::trf("board.comments", &[("n", &n)]),
                                theme::INFERRED,
                            )
                            .on_hover_text(tr("board.comments_tip"));
                        }
                        if flags.iter().any(|f| !f.is_inferred()) {
                            ui.label(
                                RichText::new(tr("flag.marker_attention")).color(theme::ATTENTION),
                            )
                            .on_hover_text(tr("flag.marker_attention_tip"));
                        } else if !flags.is_empty() {
                            ui.label(
                                RichText::new(tr("flag.marker_inferred")).color(theme::INFERRED),
                            )
                            .on_hover_text(tr("flag.marker_inferred_tip"));
                        }
                    });
                });
        })
        .response;
    resp.widget_info(|| {
        egui::WidgetInfo::selected(
            egui::Role::Button,
            true,
            selected,
            format!("{} {}", a.code, a.text),
        )
    });
    if resp.clicked() {
        out.push(Command::Select(Some(a.id)));
    }
}
