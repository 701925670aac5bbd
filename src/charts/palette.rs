//! Colours from the Government Analysis Function's data-visualisation guidance.

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour(pub u8, pub u8, pub u8);

impl Colour {
    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }

    /// WCAG 2.2 relative luminance.
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// WCAG contrast ratio against another colour (1 to 21).
    pub fn contrast(self, other: Colour) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

/// The categorical palette, in the order the guidance gives.
pub const CATEGORICAL: [Colour; 6] = [
    Colour(0x12, 0x43, 0x6D),
    Colour(0x28, 0xA1, 0x97),
    Colour(0x80, 0x16, 0x50),
    Colour(0xF4, 0x6A, 0x25),
    Colour(0x3D, 0x3D, 0x3D),
    Colour(0xA2, 0x85, 0xD1),
];

/// Body text, GOV.UK's near-black.
pub const TEXT: Colour = Colour(0x0B, 0x0C, 0x0C);
pub const WHITE: Colour = Colour(0xFF, 0xFF, 0xFF);
/// Gridlines: context only, never data.
pub const GRID: Colour = Colour(0xDD, 0xDD, 0xDD);
/// The guidance's focus grey: context the reader is not asked to compare (earlier years, the
/// whole range of areas). Below 3:1 on white by design, so it never carries data on its own.
pub const FOCUS: Colour = Colour(0xBF, 0xBF, 0xBF);
/// Secondary text and the outlines that give light marks their 3:1 edge (GOV.UK dark grey).
pub const SECONDARY: Colour = Colour(0x50, 0x5A, 0x5F);
/// Lines that frame data without being data: limits, benchmarks, reference lines.
pub const REFERENCE: Colour = Colour(0x3D, 0x3D, 0x3D);

/// Making Data Count point colours. Improvement blue and common-cause grey are below 3:1 on
/// white, so their markers are drawn with the darker edge beside them (and differ in shape).
pub const SPC_IMPROVEMENT: Colour = Colour(0x00, 0xB0, 0xF0);
pub const SPC_IMPROVEMENT_EDGE: Colour = Colour(0x00, 0x72, 0xA3);
pub const SPC_CONCERN: Colour = Colour(0xE4, 0x6C, 0x0A);
pub const SPC_NEUTRAL: Colour = Colour(0x49, 0x00, 0x92);
pub const SPC_COMMON: Colour = Colour(0xA6, 0xA6, 0xA6);
pub const SPC_COMMON_EDGE: Colour = MID_GREY;
/// A grey dark enough to carry data on white (4.6:1): the spine chart's middle half.
pub const MID_GREY: Colour = Colour(0x6F, 0x77, 0x7B);

/// Benchmark results. Each is always drawn beside its words (Better, Similar, Worse).
pub const BETTER: Colour = CATEGORICAL[1];
pub const WORSE: Colour = CATEGORICAL[3];
pub const SIMILAR: Colour = FOCUS;
pub const HIGHER: Colour = CATEGORICAL[0];
pub const LOWER: Colour = CATEGORICAL[2];

/// Density classes for hex bins, light to dark tints of the first categorical colour; every
/// hex also has a [`SECONDARY`] outline, so even the lightest meets 3:1 at its edge.
pub const SEQUENTIAL: [Colour; 5] = [
    Colour(0xD2, 0xE2, 0xF1),
    Colour(0xA1, 0xC0, 0xDD),
    Colour(0x6C, 0x98, 0xC2),
    Colour(0x3B, 0x6D, 0x9B),
    Colour(0x12, 0x43, 0x6D),
];

/// A line's colour for its label, where that colour is dark enough for text on white
/// (4.5:1); otherwise near-black, the label's place at the line's end tying it to the line.
pub fn label_colour(line: Colour) -> Colour {
    if line.contrast(WHITE) >= 4.5 {
        line
    } else {
        TEXT
    }
}

/// Whichever of near-black and white reads better on `fill` (for text inside a mark).
pub fn ink_on(fill: Colour) -> Colour {
    if fill.contrast(TEXT) >= fill.contrast(WHITE) {
        TEXT
    } else {
        WHITE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_meet_the_graphical_contrast_minimum_on_white() {
        // WCAG 1.4.11: 3:1 for graphical objects. The first four categorical colours are the
        // ones charts draw data lines in.
        for colour in CATEGORICAL.iter().take(4) {
            assert!(
                colour.contrast(WHITE) >= 3.0,
                "{} is {:.2}:1",
                colour.hex(),
                colour.contrast(WHITE)
            );
        }
        assert!(TEXT.contrast(WHITE) >= 4.5);
        assert_eq!(CATEGORICAL[0].hex(), "#12436D");
    }

    #[test]
    fn every_mark_colour_or_its_edge_meets_three_to_one_on_white() {
        // Marks the charts fill with a colour below 3:1 always carry an edge that meets it.
        let marks = [
            (SPC_IMPROVEMENT, SPC_IMPROVEMENT_EDGE),
            (SPC_CONCERN, SPC_CONCERN),
            (SPC_NEUTRAL, SPC_NEUTRAL),
            (SPC_COMMON, SPC_COMMON_EDGE),
            (BETTER, BETTER),
            (WORSE, WORSE),
            (SIMILAR, SECONDARY),
            (HIGHER, HIGHER),
            (LOWER, LOWER),
            (FOCUS, SECONDARY),
        ];
        for (fill, edge) in marks {
            assert!(
                fill.contrast(WHITE) >= 3.0 || edge.contrast(WHITE) >= 3.0,
                "{} / {}",
                fill.hex(),
                edge.hex()
            );
        }
        for c in [SECONDARY, REFERENCE, SPC_IMPROVEMENT_EDGE, SPC_COMMON_EDGE] {
            assert!(c.contrast(WHITE) >= 4.5, "{} is used for text too", c.hex());
        }
        for tint in SEQUENTIAL {
            assert!(SECONDARY.contrast(WHITE) >= 3.0 && ink_on(tint).contrast(tint) >= 4.5);
        }
        assert_eq!(SPC_IMPROVEMENT.hex(), "#00B0F0");
        assert_eq!(SPC_CONCERN.hex(), "#E46C0A");
        assert_eq!(SPC_NEUTRAL.hex(), "#490092");
        assert_eq!(SPC_COMMON.hex(), "#A6A6A6");
        assert_eq!(FOCUS.hex(), "#BFBFBF");
    }

    #[test]
    fn all_text_meets_four_and_a_half_to_one() {
        // Text on white: body, secondary, reference and every line's label.
        for colour in [TEXT, SECONDARY, REFERENCE, MID_GREY] {
            assert!(colour.contrast(WHITE) >= 4.5, "{}", colour.hex());
        }
        for line in CATEGORICAL.iter().chain([FOCUS, SPC_NEUTRAL].iter()) {
            let label = label_colour(*line);
            assert!(
                label.contrast(WHITE) >= 4.5,
                "{} labelled {}",
                line.hex(),
                label.hex()
            );
        }
        assert_eq!(label_colour(CATEGORICAL[0]), CATEGORICAL[0]);
        assert_eq!(label_colour(CATEGORICAL[1]), TEXT);
        // Text inside marks: counts in hexes, letters in the SPC icons.
        let fills = SEQUENTIAL
            .iter()
            .chain([SPC_IMPROVEMENT, SPC_CONCERN, SPC_NEUTRAL, SPC_COMMON, FOCUS].iter());
        for fill in fills {
            let ink = ink_on(*fill);
            assert!(
                ink.contrast(*fill) >= 4.5,
                "{} on {}",
                ink.hex(),
                fill.hex()
            );
        }
    }

    #[test]
    fn contrast_matches_known_values() {
        assert!((Colour(0, 0, 0).contrast(WHITE) - 21.0).abs() < 1e-9);
        assert!((WHITE.contrast(WHITE) - 1.0).abs() < 1e-9);
    }
}
