//! The detail panel of one activity: what it says, who leads, when, where it sits in the
//! framework, the baseline, and what needs attention.

use egui::{Frame, Grid, Margin, RichText, ScrollArea, Ui};

use crate::app::{App, Command};
use crate::i18n::{tr, trf};
use crate::model::{Activity, Flag, Id, Plan};
use crate::ui::board;
use crate::ui::{kind_label, lane_label, status_label, theme, widgets};

pub fn show(ui: &mut Ui, app: &App, out: &mut Vec<Command>) {
    let plan = &app.plan;
    let Some(a) = app.view.selected.and_then(|id| app.activity(id)) else {
        ui.add_space(12.0);
        ui.label(RichText::new(tr("detail.empty")).color(widgets::muted(ui)));
        return;
    };
    let flags = app.derived.flags_of(a.id);
    ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.heading(trf("detail.title", &[("code", &a.code)]));
            ui.add_space(4.0);
            ui.label(RichText::new(&a.text).size(18.0));
            ui.add_space(8.0);

            Grid::new("detail-fields")
                .num_columns(2)
                .spacing([12.0, 8.0])
                .show(ui, |ui| {
                    field_label(ui, tr("detail.lead"));
                    ui.vertical(|ui| {
                        actor_lines(ui, plan, &a.leads);
                        if a.inferred.lead {
                            inferred_chip(ui);
                        }
                    });
                    ui.end_row();

                    field_label(ui, tr("detail.co_leads"));
                    ui.vertical(|ui| {
                        actor_lines(ui, plan, &a.co_leads);
                        if a.inferred.co_leads {
                            inferred_chip(ui);
                        }
                    });
                    ui.end_row();

                    field_label(ui, tr("detail.timeline"));
                    ui.vertical(|ui| {
                        ui.label(lane_label(a.lane));
                        if a.inferred.timeline {
                            inferred_chip(ui);
                        }
                    });
                    ui.end_row();

                    field_label(ui, tr("detail.status"));
                    ui.label(status_label(a.status));
                    ui.end_row();

                    if !a.notes.is_empty() {
                        field_label(ui, tr("detail.notes"));
                        ui.label(&a.notes);
                        ui.end_row();
                    }
                });

            move_controls(ui, app, a, out);

            section(ui, tr("detail.flags"));
            if flags.is_empty() {
                ui.label(RichText::new(tr("detail.no_flags")).color(widgets::muted(ui)));
            }
            for f in flags {
                let color = if f.is_inferred() {
                    theme::INFERRED
                } else {
                    theme::ATTENTION
                };
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new("●").color(color));
                    ui.label(flag_text(a, f));
                });
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

/// Moving without a mouse: buttons that a keyboard or a screen reader reaches with Tab.
fn move_controls(ui: &mut Ui, app: &App, a: &Activity, out: &mut Vec<Command>) {
    section(ui, tr("detail.move_to"));
    board::move_buttons(ui, app, a, out);
    ui.label(
        RichText::new(tr("detail.move_keys"))
            .small()
            .color(widgets::muted(ui)),
    );
}

fn field_label(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(text).family(theme::bold()));
}

fn section(ui: &mut Ui, text: &str) {
    ui.add_space(10.0);
    ui.label(RichText::new(text).family(theme::bold()).size(17.0));
    ui.separator();
}

fn actor_lines(ui: &mut Ui, plan: &Plan, ids: &[Id]) {
    if ids.is_empty() {
        ui.label(RichText::new(tr("detail.none")).color(widgets::muted(ui)));
    }
    for id in ids {
        match plan.actor(*id) {
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
}

fn inferred_chip(ui: &mut Ui) {
    widgets::chip(ui, tr("detail.inferred"), theme::INFERRED)
        .on_hover_text(tr("detail.inferred_tip"));
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
