//! The short guide (Help menu, F1): what the views are, what the marks on cards mean, and the
//! keyboard shortcuts, in the interface's language.

use egui::{Grid, RichText, ScrollArea, Ui};

use crate::app::{App, Command};
use crate::i18n::tr;
use crate::ui::theme;

/// The shortcuts the guide lists: keys, and the key of what they do.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Ctrl+N", "help.key_add"),
    ("Ctrl+D", "help.key_duplicate"),
    ("Del", "help.key_delete"),
    ("Ctrl+Z", "help.key_undo"),
    ("Ctrl+Shift+Z", "help.key_redo"),
    ("Ctrl+F", "help.key_search"),
    ("Ctrl+S", "help.key_save"),
    ("Ctrl+O", "help.key_open"),
    ("↑ ↓ ← →", "help.key_select"),
    ("Alt + ↑ ↓ ← →", "help.key_move"),
    ("Esc", "help.key_escape"),
    ("F1", "help.key_help"),
    ("F9", "help.key_detail"),
    ("F11", "help.key_presenter"),
    ("Ctrl + / Ctrl − / Ctrl 0", "help.key_zoom"),
];

pub fn show(ui: &mut Ui, app: &App, out: &mut Vec<Command>) {
    if !app.view.help {
        return;
    }
    let mut open = true;
    let screen = ui.ctx().content_rect();
    egui::Window::new(tr("help.title"))
        .id(egui::Id::NULL.with("help-guide"))
        .open(&mut open)
        .collapsible(false)
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(screen.center())
        .default_width(640.0_f32.min(screen.width() * 0.9))
        .default_height(screen.height() * 0.75)
        .show(ui.ctx(), |ui| {
            ScrollArea::vertical().show(ui, guide);
        });
    if !open {
        out.push(Command::ShowHelp(false));
    }
}

fn heading(ui: &mut Ui, key: &'static str) {
    ui.add_space(8.0);
    ui.label(RichText::new(tr(key)).family(theme::bold()).size(16.0));
    ui.add_space(2.0);
}

fn guide(ui: &mut Ui) {
    ui.label(tr("help.intro"));

    heading(ui, "help.views");
    Grid::new("help-views")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for (name, what) in [
                ("toolbar.board", "help.view_board"),
                ("toolbar.outline", "help.view_outline"),
                ("toolbar.actors", "help.view_actors"),
                ("toolbar.workload", "help.view_workload"),
                ("toolbar.checks", "help.view_checks"),
                ("toolbar.coverage", "help.view_coverage"),
                ("toolbar.versions", "help.view_versions"),
            ] {
                ui.label(RichText::new(tr(name)).family(theme::bold()));
                ui.add(egui::Label::new(tr(what)).wrap());
                ui.end_row();
            }
        });

    heading(ui, "help.marks");
    Grid::new("help-marks")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.label(RichText::new(tr("board.marker_attention")).color(theme::ATTENTION));
            ui.add(egui::Label::new(tr("help.mark_attention")).wrap());
            ui.end_row();
            ui.label(RichText::new(tr("board.marker_inferred")).color(theme::INFERRED));
            ui.add(egui::Label::new(tr("help.mark_inferred")).wrap());
            ui.end_row();
            crate::ui::widgets::chip(ui, crate::i18n::num(3), theme::INFERRED);
            ui.add(egui::Label::new(tr("help.mark_comments")).wrap());
            ui.end_row();
            ui.label(RichText::new(tr("help.mark_chips_sample")));
            ui.add(egui::Label::new(tr("help.mark_chips")).wrap());
            ui.end_row();
            ui.label(RichText::new(crate::messages::labels::status_label(
                crate::model::Status::Agreed,
            )));
            ui.add(egui::Label::new(tr("help.mark_status")).wrap());
            ui.end_row();
        });

    heading(ui, "help.keys");
    Grid::new("help-keys")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for (keys, what) in SHORTCUTS {
                ui.label(RichText::new(*keys).monospace());
                ui.add(egui::Label::new(tr(what)).wrap());
                ui.end_row();
            }
        });

    heading(ui, "help.saving");
    ui.add(egui::Label::new(tr("help.saving_text")).wrap());
}
