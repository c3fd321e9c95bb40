//! Small pieces shared by the views.

use egui::{Color32, CornerRadius, Frame, Margin, RichText, Stroke, Ui};

/// A small rounded label, e.g. an actor or a lane.
pub fn chip(ui: &mut Ui, text: impl Into<String>, color: Color32) -> egui::Response {
    Frame::new()
        .stroke(Stroke::new(1.0, color))
        .corner_radius(CornerRadius::same(8))
        .inner_margin(Margin::symmetric(6, 1))
        .show(ui, |ui| {
            ui.label(RichText::new(text.into()).small().color(color));
        })
        .response
}

/// The colour of neutral chips in the current theme.
pub fn muted(ui: &Ui) -> Color32 {
    ui.visuals().weak_text_color()
}
