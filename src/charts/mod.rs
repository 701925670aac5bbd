//! Chart specs to SVG through plotters. Charts are built from data already reduced to what
//! they show; each comes back as a [`Chart`]: the SVG (with its own accessible name and
//! description), a text summary, a caption and the data table it is drawn from (which is
//! also its CSV).
//!
//! One file per chart kind; `frame.rs` holds what they share (title, legend, caption, axes,
//! marks), `text.rs` the number formats and label handling, `palette.rs` the colours.

mod change_bars;
mod compare_areas;
mod downsample;
mod export;
mod frame;
mod funnel;
mod hotspots;
mod line;
mod palette;
mod sparkline;
mod spc;
mod spine;
#[cfg(test)]
mod test_support;
mod text;
mod year_on_year;

pub use change_bars::{ChangeBars, ChangeRow, change_bars};
pub use compare_areas::{AreaBar, CompareAreas, compare_areas};
pub use downsample::downsample;
pub use export::{file_stem, standalone_svg, svg_size};
pub use funnel::{FunnelLines, FunnelPlot, FunnelPoint, funnel_plot};
pub use hotspots::{
    HexBin, Hotspots, HotspotsChart, LsoaCount, SNAP_POINT_CAVEAT, hex_bins, hotspots,
    ranked_lsoa_table,
};
pub use line::{
    LineSeries, PeriodLineSeries, PeriodMarker, TimeLine, TimeSeries, definition_markers,
    describe_monthly, describe_periods, monthly_line_svg, period_line_chart, period_line_svg,
    time_series,
};
pub use palette::{CATEGORICAL, Colour, TEXT};
pub use sparkline::{Panel, SmallMultiples, small_multiples, sparkline};
pub use spc::{SpcSpec, spc_chart};
pub use spine::{SpineRow, SpineSpec, spine_chart};
pub use text::{format_change, format_number};
pub use year_on_year::{YearOnYear, year_on_year};

use std::borrow::Cow;
use std::fmt;

use crate::export::push_row;

/// A chart that could not be drawn; the page shows the table alone with this message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartError(pub String);

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the chart could not be drawn: {}", self.0)
    }
}

impl std::error::Error for ChartError {}

/// What every chart needs besides its data: an id unique on the page (its title and
/// description are referenced by it), an active title (what the chart shows, in ten words or
/// fewer), where the figures come from, what they cover, the period, and the size in pixels
/// (the SVG scales from its viewBox, so this sets proportions and text size, not a limit).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Frame {
    pub id: String,
    pub title: String,
    pub source: String,
    pub coverage: String,
    pub period: String,
    pub size: (u32, u32),
}

impl Frame {
    pub fn new(id: &str, title: &str, size: (u32, u32)) -> Frame {
        Frame {
            id: id.to_owned(),
            title: title.to_owned(),
            size,
            ..Frame::default()
        }
    }

    /// The same frame with its caption's parts.
    pub fn with_caption(self, source: &str, coverage: &str, period: &str) -> Frame {
        Frame {
            source: source.to_owned(),
            coverage: coverage.to_owned(),
            period: period.to_owned(),
            ..self
        }
    }

    /// `Source: …. Coverage: …. Period: ….`, leaving out parts not given.
    pub fn caption(&self) -> String {
        [
            ("Source", &self.source),
            ("Coverage", &self.coverage),
            ("Period", &self.period),
        ]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}: {}.", v.trim().trim_end_matches('.')))
        .collect::<Vec<_>>()
        .join(" ")
    }

    /// The id made safe for an XML id and a CSS selector; never empty.
    pub(crate) fn dom_id(&self) -> String {
        let safe: String = self
            .id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .take(64)
            .collect();
        if safe.starts_with(|c: char| c.is_ascii_alphabetic()) {
            safe
        } else {
            format!("chart-{safe}")
        }
    }
}

/// A drawn chart with everything that goes beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// The id the SVG's title and description hang from (`{id}-title`, `{id}-desc`).
    pub id: String,
    pub title: String,
    pub svg: String,
    /// What the chart shows, in sentences: the SVG's description and the text beside it.
    pub summary: String,
    /// Source, coverage and period.
    pub caption: String,
    /// The figures drawn, as a table (the chart's data-table alternative and its CSV).
    pub table: DataTable,
}

impl Chart {
    /// The chart's figures as CSV, text neutralised against spreadsheet formulas.
    pub fn csv(&self) -> String {
        self.table.csv()
    }

    pub(crate) fn assemble(
        frame: &Frame,
        canvas: frame::Canvas,
        summary: String,
        table: DataTable,
    ) -> Chart {
        let title = text::clean(&frame.title);
        Chart {
            id: frame.dom_id(),
            svg: canvas.finish(&title, &summary),
            title,
            summary,
            caption: frame.caption(),
            table,
        }
    }
}

/// One cell of a chart's table. Numbers keep their value for the CSV and are shown with
/// thousands separators on the page.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Count(u64),
    /// A number shown to `decimals` places.
    Number(f64, u8),
    /// No figure; the words say why (shown on the page, empty in the CSV).
    Missing(String),
}

impl Cell {
    /// The cell as the page shows it.
    pub fn display(&self) -> String {
        match self {
            Cell::Text(t) => text::clean(t),
            Cell::Count(n) => thousands(*n),
            Cell::Number(v, d) => text::format_number(*v, *d),
            Cell::Missing(why) => text::clean(why),
        }
    }

    /// The cell as the CSV holds it: plain digits a spreadsheet reads as a number.
    fn csv(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(t) => Cow::Borrowed(t),
            Cell::Count(n) => Cow::Owned(n.to_string()),
            Cell::Number(v, d) if v.is_finite() => {
                Cow::Owned(format!("{:.*}", usize::from(*d.min(&6)), v))
            }
            Cell::Number(..) | Cell::Missing(_) => Cow::Borrowed(""),
        }
    }

    pub(crate) fn number(value: Option<f64>, decimals: u8, missing: &str) -> Cell {
        match value.filter(|v| v.is_finite()) {
            Some(v) => Cell::Number(v, decimals),
            None => Cell::Missing(missing.to_owned()),
        }
    }
}

/// A chart's figures as a table: a caption, column headings and rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DataTable {
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl DataTable {
    /// One header row, then the rows; text cells a spreadsheet would run as a formula are
    /// prefixed with `'`.
    pub fn csv(&self) -> String {
        let mut out = String::new();
        push_row(
            &mut out,
            self.columns.iter().map(|c| Cow::Borrowed(c.as_str())),
        );
        for row in &self.rows {
            push_row(&mut out, row.iter().map(Cell::csv));
        }
        out
    }
}

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
