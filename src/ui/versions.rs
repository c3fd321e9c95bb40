//! The history: every version saved from this database, to compare, open or restore.

use egui::{Grid, RichText, ScrollArea, Ui};

use crate::app::{App, Command};
use crate::i18n::{tr, trf};
use crate::model::Id;
use crate::ui::{theme, widgets};

pub fn show(ui: &mut Ui, app: &App, out: &mut Vec<Command>) {
    let versions = app.versions();
    let id = ui.make_persistent_id("versions-picked");
    // Up to two versions ticked for "compare these two".
    let mut picked: Vec<Id> = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    picked.retain(|p| versions.iter().any(|v| v.id == *p));

    ui.horizontal(|ui| {
        ui.heading(tr("versions.heading"));
        ui.add_space(12.0);
        if ui.button(tr("menu.save_version")).clicked() {
            out.push(Command::OpenSaveForm);
        }
        if ui
            .add_enabled(
                picked.len() == 2,
                egui::Button::new(tr("versions.compare_two")),
            )
            .on_disabled_hover_text(tr("versions.compare_two_tip"))
            .clicked()
        {
            // Older first, so the changes read forward in time.
            let pos = |x: &Id| versions.iter().position(|v| v.id == *x).unwrap_or(0);
            let (a, b) = if pos(&picked[0]) > pos(&picked[1]) {
                (picked[0], picked[1])
            } else {
                (picked[1], picked[0])
            };
            out.push(Command::CompareVersions(Some(a), Some(b)));
        }
    });
    ui.label(RichText::new(tr("versions.intro")).color(widgets::muted(ui)));
    recent_changes(ui, app);
    ui.separator();
    if versions.is_empty() {
        ui.label(tr("versions.none"));
        return;
    }
    ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            Grid::new("versions")
                .striped(true)
                .num_columns(5)
                .spacing([14.0, 8.0])
                .show(ui, |ui| {
                    for h in [
                        "",
                        tr("versions.label"),
                        tr("versions.saved_at"),
                        tr("versions.author"),
                        "",
                    ] {
                        ui.label(RichText::new(h).family(theme::bold()));
                    }
                    ui.end_row();
                    for v in versions {
                        let mut on = picked.contains(&v.id);
                        let tick = ui.checkbox(&mut on, "");
                        tick.widget_info(|| {
                            egui::WidgetInfo::selected(
                                egui::Role::CheckBox,
                                true,
                                on,
                                trf("versions.pick", &[("label", &v.label)]),
                            )
                        });
                        if tick.changed() {
                            if on {
                                picked.push(v.id);
                                if picked.len() > 2 {
                                    picked.remove(0);
                                }
                            } else {
                                picked.retain(|p| *p != v.id);
                            }
                        }
                        ui.vertical(|ui| {
                            // Long paths wrap in this column, so the buttons keep their room on
                            // a laptop screen with the detail panel open.
                            ui.set_min_width(200.0);
                            ui.set_max_width(280.0);
                            ui.label(RichText::new(&v.label).family(theme::bold()));
                            if !v.note.is_empty() {
                                ui.label(RichText::new(&v.note).small());
                            }
                            if !v.path.is_empty() {
                                ui.label(RichText::new(&v.path).small().color(widgets::muted(ui)));
                            }
                        });
                        ui.label(crate::i18n::date(v.saved_at));
                        ui.label(&v.author);
                        ui.horizontal(|ui| {
                            if ui
                                .button(tr("versions.open"))
                                .on_hover_text(tr("versions.open_tip"))
                                .clicked()
                            {
                                out.push(Command::OpenVersion(v.id));
                            }
                            if ui
                                .button(tr("versions.compare_current"))
                                .on_hover_text(tr("versions.compare_current_tip"))
                                .clicked()
                            {
                                out.push(Command::CompareVersions(Some(v.id), None));
                            }
                            if ui
                                .button(tr("versions.restore"))
                                .on_hover_text(tr("versions.restore_tip"))
                                .clicked()
                            {
                                out.push(Command::RestoreVersion(v.id));
                            }
                        });
                        ui.end_row();
                    }
                });
        });
    ui.data_mut(|d| d.insert_temp(id, picked));
}

/// A saved version, read-only: its activities by goal, as the action tables list them.
pub fn snapshot(ui: &mut Ui, app: &App, out: &mut Vec<Command>) {
    let Some(file) = &app.view.snapshot else {
        ui.label(tr("review.none"));
        return;
    };
    let plan = &file.plan;
    ui.heading(trf("versions.snapshot_title", &[("label", &file.label)]));
    ui.label(
        RichText::new(trf(
            "versions.snapshot_intro",
            &[
                ("date", &crate::i18n::date(file.saved_at)),
                ("author", &file.author),
            ],
        ))
        .color(widgets::muted(ui)),
    );
    ui.horizontal(|ui| {
        if ui.button(tr("versions.compare_current")).clicked() {
            out.push(Command::CompareVersions(Some(file.version_id), None));
        }
        if ui.button(tr("versions.restore")).clicked() {
            out.push(Command::RestoreVersion(file.version_id));
        }
        if ui.button(tr("review.close")).clicked() {
            out.push(Command::ShowView(crate::app::MainView::Versions));
        }
    });
    ui.separator();
    let outline = plan.outline();
    ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for g in &outline.goals {
                let goal = &plan.goals[g.goal];
                ui.add_space(6.0);
                ui.label(
                    RichText::new(trf(
                        "board.band_header",
                        &[("code", &goal.code), ("title", &goal.title)],
                    ))
                    .family(theme::bold())
                    .size(18.0),
                );
                Grid::new(("snapshot", goal.id))
                    .striped(true)
                    .num_columns(5)
                    .spacing([12.0, 4.0])
                    .show(ui, |ui| {
                        for &i in g
                            .indicators
                            .iter()
                            .flat_map(|i| &i.sub_indicators)
                            .flat_map(|s| &s.activities)
                        {
                            let a = &plan.activities[i];
                            ui.label(RichText::new(&a.code).family(theme::bold()));
                            ui.add(egui::Label::new(&a.text).wrap());
                            ui.label(plan.actor_labels(&a.leads).join(", "));
                            ui.label(crate::messages::labels::lane_chip(a.lane));
                            ui.label(crate::messages::labels::status_label(a.status));
                            ui.end_row();
                        }
                    });
            }
        });
}

/// The last changes made to the plan, newest first: the change log keeps operations, worded
/// here in the interface's language.
fn recent_changes(ui: &mut Ui, app: &App) {
    let log = app.recent_changes();
    if log.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(trf("versions.recent", &[("n", &log.len())]))
        .id_salt("versions-recent")
        .show(ui, |ui| {
            for step in log {
                ui.label(crate::ui::review::log_line(
                    step,
                    &app.plan,
                    "%Y-%m-%d %H:%M",
                ));
            }
        });
}
