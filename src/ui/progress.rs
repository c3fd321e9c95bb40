//! The progress of work running off the frame: a window over the others, which keep drawing.

use egui::{Modal, ProgressBar, RichText, Ui};

use crate::app::Progress;
use crate::i18n::tr;
use crate::ui::widgets;

/// Shows how far the apply is; the rest of the window waits behind it.
pub fn show(ui: &mut Ui, p: &Progress) {
    Modal::new(egui::Id::NULL.with("job-progress")).show(ui.ctx(), |ui| {
        ui.set_width(420.0);
        ui.heading(tr("jobs.title"));
        ui.add_space(6.0);
        ui.add(
            ProgressBar::new(p.fraction())
                .show_percentage()
                .animate(true),
        );
        ui.label(p.text());
        ui.add_space(4.0);
        ui.label(RichText::new(tr("jobs.note")).color(widgets::muted(ui)));
    });
}
