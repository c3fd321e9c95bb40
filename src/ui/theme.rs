//! Fonts and text sizes. The fonts are bundled so Bangla renders on any machine.

use std::sync::Arc;

use egui::{Color32, FontData, FontDefinitions, FontFamily, FontId, TextStyle};

pub const BOLD: &str = "bold";

pub fn bold() -> FontFamily {
    FontFamily::Name(BOLD.into())
}

/// A lane's colour from the palette shared with the charts and the exports.
pub fn lane_fill(lane: crate::model::Lane) -> Color32 {
    let c = crate::palette::lane(lane);
    Color32::from_rgb(c.0, c.1, c.2)
}

/// Text on a lane's colour: ink or white, whichever reads at 4.5:1 or better.
pub fn lane_ink(lane: crate::model::Lane) -> Color32 {
    let c = crate::palette::text_on(crate::palette::lane(lane));
    Color32::from_rgb(c.0, c.1, c.2)
}

/// Colours with a meaning, shared by the views.
pub const ATTENTION: Color32 = Color32::from_rgb(0xd9, 0x7a, 0x00);
pub const INFERRED: Color32 = Color32::from_rgb(0x2f, 0x7d, 0xc4);

pub fn fonts() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    let add = |fonts: &mut FontDefinitions, name: &str, bytes: &'static [u8]| {
        fonts
            .font_data
            .insert(name.to_owned(), Arc::new(FontData::from_static(bytes)));
    };
    add(
        &mut fonts,
        "noto-sans",
        include_bytes!("../../assets/fonts/NotoSans-Regular.ttf"),
    );
    add(
        &mut fonts,
        "noto-sans-bold",
        include_bytes!("../../assets/fonts/NotoSans-Bold.ttf"),
    );
    add(
        &mut fonts,
        "noto-bengali",
        include_bytes!("../../assets/fonts/NotoSansBengali-Regular.ttf"),
    );
    add(
        &mut fonts,
        "noto-bengali-bold",
        include_bytes!("../../assets/fonts/NotoSansBengali-Bold.ttf"),
    );
    // Symbols (markers, arrows, ticks) that the text fonts do not cover.
    add(
        &mut fonts,
        "noto-symbols",
        include_bytes!("../../assets/fonts/NotoSansSymbols2-Regular.ttf"),
    );
    add(
        &mut fonts,
        "noto-math",
        include_bytes!("../../assets/fonts/NotoSansMath-Regular.ttf"),
    );

    // Noto first; egui's own fonts stay behind them for symbols and emoji.
    let mut fallback = vec!["noto-symbols".to_owned(), "noto-math".to_owned()];
    fallback.extend(
        fonts
            .families
            .get(&FontFamily::Proportional)
            .cloned()
            .unwrap_or_default(),
    );
    let mut regular = vec!["noto-sans".to_owned(), "noto-bengali".to_owned()];
    regular.extend(fallback.iter().cloned());
    let mut bold = vec!["noto-sans-bold".to_owned(), "noto-bengali-bold".to_owned()];
    bold.extend(fallback);
    fonts.families.insert(FontFamily::Proportional, regular);
    fonts.families.insert(self::bold(), bold);
    if let Some(mono) = fonts.families.get_mut(&FontFamily::Monospace) {
        mono.extend(["noto-bengali", "noto-symbols", "noto-math"].map(str::to_owned));
    }
    fonts
}

/// Installs fonts and text sizes large enough to read on a projector.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(fonts());
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (
                TextStyle::Small,
                FontId::new(13.0, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(16.0, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(16.0, FontFamily::Proportional),
            ),
            (TextStyle::Heading, FontId::new(22.0, bold())),
            (
                TextStyle::Monospace,
                FontId::new(15.0, FontFamily::Monospace),
            ),
        ]
        .into();
        // egui's default text is too dim to read from the back of a room.
        let text = if style.visuals.dark_mode {
            Color32::from_gray(225)
        } else {
            Color32::from_gray(15)
        };
        style.visuals.widgets.noninteractive.fg_stroke.color = text;
        style.visuals.widgets.inactive.fg_stroke.color = text;
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 4.0);
    });
}

/// Presenter mode's colour for focus, hover and the selected card.
pub const FOCUS_YELLOW: Color32 = Color32::from_rgb(0xff, 0xd4, 0x00);

/// Presenter mode's theme: white text on black, a strong yellow for focus and hover, and a
/// selection that reads from the back of a room. Text contrast is far above WCAG AA (4.5:1):
/// white on black is 21:1, black on the yellow selection 16:1.
pub fn high_contrast() -> egui::Visuals {
    use egui::Stroke;
    let yellow = FOCUS_YELLOW;
    let mut v = egui::Visuals::dark();
    v.override_text_color = Some(Color32::WHITE);
    v.panel_fill = Color32::BLACK;
    v.window_fill = Color32::BLACK;
    v.extreme_bg_color = Color32::BLACK;
    v.faint_bg_color = Color32::from_gray(24);
    v.code_bg_color = Color32::from_gray(24);
    v.window_stroke = Stroke::new(2.0, Color32::WHITE);
    v.hyperlink_color = yellow;
    v.warn_fg_color = yellow;
    v.error_fg_color = Color32::from_rgb(0xff, 0x80, 0x80);
    v.selection.bg_fill = Color32::from_rgb(0x00, 0x4c, 0xc4);
    v.selection.stroke = Stroke::new(2.0, Color32::WHITE);
    let w = &mut v.widgets;
    w.noninteractive.bg_fill = Color32::BLACK;
    w.noninteractive.weak_bg_fill = Color32::BLACK;
    w.noninteractive.bg_stroke = Stroke::new(1.0, Color32::from_gray(200));
    w.noninteractive.fg_stroke = Stroke::new(1.0, Color32::WHITE);
    for (state, border) in [
        (&mut w.inactive, Color32::from_gray(220)),
        (&mut w.hovered, yellow),
        (&mut w.active, yellow),
        (&mut w.open, yellow),
    ] {
        state.bg_fill = Color32::from_gray(20);
        state.weak_bg_fill = Color32::from_gray(20);
        state.bg_stroke = Stroke::new(2.0, border);
        state.fg_stroke = Stroke::new(2.0, Color32::WHITE);
    }
    v
}
