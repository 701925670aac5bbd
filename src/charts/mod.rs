//! Chart specs to SVG through plotters. Charts are built from data already reduced to what
//! they show; the SVG carries its own accessible name and description.

mod line;
mod palette;

pub use line::{
    LineSeries, PeriodLineSeries, describe_monthly, describe_periods, monthly_line_svg,
    period_line_svg,
};
pub use palette::{CATEGORICAL, Colour, TEXT};

use std::fmt;

/// A chart that could not be drawn; the page shows the table alone with this message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartError(pub String);

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the chart could not be drawn: {}", self.0)
    }
}

impl std::error::Error for ChartError {}

/// Escapes text for an SVG/XML attribute or element.
pub(crate) fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// A whole number with thousands separators, as UK reports write it: `12,345`.
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_thousands_the_uk_way() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape_xml("<b a=\"1\">&'"),
            "&lt;b a=&quot;1&quot;&gt;&amp;&apos;"
        );
    }
}
