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
    fn contrast_matches_known_values() {
        assert!((Colour(0, 0, 0).contrast(WHITE) - 21.0).abs() < 1e-9);
        assert!((WHITE.contrast(WHITE) - 1.0).abs() < 1e-9);
    }
}
