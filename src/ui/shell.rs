//! The window's frame: menu, status bar, and where each view sits.

use egui::{CentralPanel, MenuBar, Panel, RichText, Ui};

use crate::app::{App, Command};
use crate::i18n::{tr, trf};
use crate::ui::{detail, outline, widgets};

pub fn show(ui: &mut Ui, app: &App, expand_all: Option<bool>) -> Vec<Command> {
    let mut out = Vec::new();

    Panel::top("menu").show(ui, |ui| {
        MenuBar::new().ui(ui, |ui| {
            ui.menu_button(tr("menu.file"), |ui| {
                if ui.button(tr("menu.quit")).clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button(tr("menu.view"), |ui| {
                if ui.button(tr("outline.expand_all")).clicked() {
                    out.push(Command::ExpandAll(true));
                }
                if ui.button(tr("outline.collapse_all")).clicked() {
                    out.push(Command::ExpandAll(false));
                }
                ui.separator();
                let ctx = ui.ctx().clone();
                if ui.button(tr("menu.zoom_in")).clicked() {
                    egui::gui_zoom::zoom_in(&ctx);
                }
                if ui.button(tr("menu.zoom_out")).clicked() {
                    egui::gui_zoom::zoom_out(&ctx);
                }
                if ui.button(tr("menu.zoom_reset")).clicked() {
                    ctx.set_zoom_factor(1.0);
                }
            });
            ui.separator();
            ui.label(RichText::new(&app.plan.name).strong());
        });
    });

    Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(trf(
                "status.saved_in",
                &[("path", &app.store.path().display())],
            ));
            ui.separator();
            ui.label(trf(
                "status.activities",
                &[("n", &app.plan.activities.len())],
            ));
            ui.separator();
            ui.label(
                RichText::new(trf("status.actors", &[("n", &app.plan.actors.len())]))
                    .color(widgets::muted(ui)),
            );
        });
    });

    Panel::right("detail")
        .default_size(460.0)
        .min_size(300.0)
        .show(ui, |ui| {
            // Keep the chosen width even when the content is narrow (nothing selected).
            ui.set_min_width(ui.available_width());
            detail::show(ui, app)
        });

    CentralPanel::default().show(ui, |ui| outline::show(ui, app, expand_all, &mut out));

    if ui.input(|i| i.key_pressed(egui::Key::Escape)) && app.view.selected.is_some() {
        out.push(Command::Select(None));
    }
    out
}
