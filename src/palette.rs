//! The lane colours, defined once for the app's charts and the exports.
//!
//! Printed reports are often copied or printed in black and white, so the four lanes are a
//! dark, a middle, a light and a very light tone: they stay apart in greyscale as well as in
//! colour. Text drawn on a colour uses [`text_on`], which picks dark ink or white, whichever
//! reads better; every pair here reaches the 4.5:1 contrast of WCAG AA (a test checks it).

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`, for HTML and SVG.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// `0xRRGGBB`, for spreadsheet formats.
    pub fn to_u32(self) -> u32 {
        (u32::from(self.0) << 16) | (u32::from(self.1) << 8) | u32::from(self.2)
    }

    /// Relative luminance as WCAG defines it (0 black … 1 white).
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }
}

/// The WCAG contrast ratio of two colours, from 1 (the same) to 21 (black on white).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The colour of body text in the exports.
pub const INK: Rgb = Rgb(0x1d, 0x27, 0x33);
pub const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);
/// The outline of a bar, so that the lightest tone still shows on white paper.
pub const OUTLINE: Rgb = Rgb(0x5b, 0x66, 0x73);

/// One colour per lane, in the order of `Lane::ALL` (short, medium, long, not scheduled).
pub const LANES: [Rgb; 4] = [
    Rgb(0x1f, 0x4e, 0x79),
    Rgb(0xd9, 0x82, 0x2b),
    Rgb(0x9b, 0xd1, 0x8f),
    Rgb(0xf0, 0xf2, 0xf5),
];

/// Activities an actor leads, and those it co-leads.
pub const LEAD: Rgb = Rgb(0x1f, 0x4e, 0x79);
pub const CO_LEAD: Rgb = Rgb(0xa9, 0xc8, 0xe8);

/// The colour of one lane.
pub fn lane(lane: crate::model::Lane) -> Rgb {
    LANES[crate::model::board::lane_index(lane)]
}

/// Ink or white, whichever contrasts more with `background`.
pub fn text_on(background: Rgb) -> Rgb {
    if contrast(INK, background) >= contrast(WHITE, background) {
        INK
    } else {
        WHITE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_stay_apart_in_greyscale_and_their_labels_read() {
        for (i, a) in LANES.iter().enumerate() {
            for b in &LANES[i + 1..] {
                // In greyscale only the luminance is left.
                assert!(contrast(*a, *b) >= 1.5, "{a:?} and {b:?} print alike");
            }
        }
        for c in LANES.iter().chain([&LEAD, &CO_LEAD]) {
            assert!(contrast(text_on(*c), *c) >= 4.5, "text on {c:?}");
        }
        assert!(contrast(LEAD, CO_LEAD) >= 1.5);
        assert!(contrast(INK, WHITE) >= 4.5);
    }

    #[test]
    fn contrast_matches_the_wcag_figures() {
        assert!((contrast(Rgb(0, 0, 0), WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(WHITE, WHITE) - 1.0).abs() < 1e-9);
        assert_eq!(LANES[0].hex(), "#1f4e79");
        assert_eq!(LANES[0].to_u32(), 0x1f4e79);
    }
}
