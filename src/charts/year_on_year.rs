//! Year-on-year overlay: the twelve months along the x axis (April to March for financial
//! years), one line per year. The latest years are in colour with their own marker shapes
//! and direct labels; beyond four years the earlier ones are focus grey context.

use super::frame::{
    Anchor, Axis, Canvas, Dash, LegendItem, Margins, SERIES_SHAPES, Style, Swatch, label_ticks,
    spread,
};
use super::line::describe;
use super::palette::{CATEGORICAL, Colour, FOCUS, label_colour};
use super::text::clean;
use super::{Cell, Chart, ChartError, DataTable, Frame};
use crate::model::{FinancialYear, Month};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
/// Years drawn in colour; any earlier are context.
const COLOURED: usize = 4;

/// A monthly series to overlay by year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct YearOnYear {
    pub frame: Frame,
    /// Months with their values (`None` where missing), in any order.
    pub series: Vec<(Month, Option<f64>)>,
    /// April to March years (`2023/24`) rather than calendar years.
    pub financial: bool,
    pub y_title: String,
    pub decimals: u8,
}

impl YearOnYear {
    /// Monthly counts, as the count table gives them.
    pub fn from_counts(frame: Frame, points: &[(Month, Option<u64>)], financial: bool) -> Self {
        YearOnYear {
            frame,
            series: points
                .iter()
                .map(|(m, v)| (*m, v.map(|v| v as f64)))
                .collect(),
            financial,
            y_title: "Number of crimes".to_owned(),
            decimals: 0,
        }
    }

    /// The year a month belongs to and its position (0–11) along the axis.
    fn place(&self, month: Month) -> (u16, usize) {
        let m = usize::from(month.month()).clamp(1, 12) - 1;
        if self.financial {
            let year = if m >= 3 {
                month.year()
            } else {
                month.year().saturating_sub(1)
            };
            (year, (m + 9) % 12)
        } else {
            (month.year(), m)
        }
    }

    fn year_label(&self, year: u16) -> String {
        if self.financial {
            FinancialYear::starting(year).map_or_else(|| year.to_string(), FinancialYear::label)
        } else {
            year.to_string()
        }
    }

    fn month_names(&self) -> Vec<String> {
        (0..12)
            .map(|i| {
                let m = if self.financial { (i + 3) % 12 } else { i };
                MONTHS.get(m).copied().unwrap_or_default().to_owned()
            })
            .collect()
    }
}

struct YearLine {
    label: String,
    values: [Option<f64>; 12],
    colour: Colour,
    shape: Option<super::frame::Shape>,
}

/// Draws the overlay. Errors when there are no months.
pub fn year_on_year(spec: &YearOnYear) -> Result<Chart, ChartError> {
    if spec.series.is_empty() {
        return Err(ChartError("there are no months to show".into()));
    }
    let mut years: Vec<(u16, [Option<f64>; 12])> = Vec::new();
    for (month, value) in &spec.series {
        let (year, slot) = spec.place(*month);
        let index = match years.binary_search_by_key(&year, |(y, _)| *y) {
            Ok(i) => i,
            Err(i) => {
                years.insert(i, (year, [None; 12]));
                i
            }
        };
        if let Some(cell) = years.get_mut(index).and_then(|(_, v)| v.get_mut(slot)) {
            *cell = value.filter(|v| v.is_finite());
        }
    }
    let older = years.len().saturating_sub(COLOURED);
    // Newest first takes the first colour.
    let lines: Vec<YearLine> = years
        .iter()
        .enumerate()
        .map(|(i, (year, values))| {
            let rank = years.len() - 1 - i;
            let coloured = rank < COLOURED;
            YearLine {
                label: spec.year_label(*year),
                values: *values,
                colour: if coloured {
                    CATEGORICAL.get(rank).copied().unwrap_or(FOCUS)
                } else {
                    FOCUS
                },
                shape: if coloured {
                    SERIES_SHAPES.get(rank).copied()
                } else {
                    None
                },
            }
        })
        .collect();

    let mut legend: Vec<LegendItem> = lines
        .iter()
        .rev()
        .filter(|l| l.colour != FOCUS)
        .map(|l| LegendItem {
            swatch: Swatch::Line {
                colour: l.colour,
                dash: Dash::Solid,
                shape: l.shape,
            },
            label: l.label.clone(),
        })
        .collect();
    if older > 0 {
        let first = lines.first().map(|l| l.label.clone()).unwrap_or_default();
        let last = lines
            .get(older - 1)
            .map(|l| l.label.clone())
            .unwrap_or_default();
        legend.push(LegendItem {
            swatch: Swatch::Line {
                colour: FOCUS,
                dash: Dash::Solid,
                shape: None,
            },
            label: format!("Earlier years ({first} to {last})"),
        });
    }

    let names = spec.month_names();
    let y_axis = Axis::numeric(
        lines
            .iter()
            .flat_map(|l| l.values.iter().flatten().copied()),
        true,
        6,
        &spec.y_title,
        "",
    );
    let margins = Margins::beside_values(&y_axis, 80.0);
    let plot_width =
        f64::from(spec.frame.size.0.clamp(120, 4000)) - margins.left - margins.right - 16.0;
    let x_axis = Axis::indexed(12, label_ticks(&names, plot_width), "");
    let mut canvas = Canvas::new(&spec.frame, &legend, margins, Some((&x_axis, &y_axis)))?;

    let mut ends = Vec::new();
    // Context first so the coloured years are drawn over it.
    for line in &lines {
        let points: Vec<(f64, Option<f64>)> = line
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| (i as f64, *v))
            .collect();
        let context = line.colour == FOCUS;
        canvas.open(
            "year",
            &format!(
                " data-year=\"{}\" data-context=\"{context}\"",
                super::escape_xml(&line.label)
            ),
        );
        let width = if context { 1.5 } else { 2.5 };
        canvas.line_with_gaps(&points, line.colour, width, Dash::Solid, "line");
        if let Some(shape) = line.shape {
            for (x, y) in points.iter().filter_map(|(x, y)| y.map(|y| (*x, y))) {
                let (px, py) = (canvas.x.at(x), canvas.y.at(y));
                canvas.shape(shape, px, py, 3.5, line.colour, line.colour, "point");
            }
        }
        canvas.close();
        if !context && let Some((x, y)) = points.iter().rev().find_map(|(x, y)| y.map(|y| (*x, y)))
        {
            ends.push((x, y, line.label.clone(), line.colour));
        }
    }
    if lines.iter().all(|l| l.values.iter().all(Option::is_none)) {
        canvas.empty_message("No data for any month");
    }
    let mut ys: Vec<f64> = ends
        .iter()
        .map(|(_, y, _, _)| canvas.y.at(*y) + 4.0)
        .collect();
    spread(
        &mut ys,
        14.0,
        canvas.plot.top + 8.0,
        canvas.plot.bottom + 4.0,
    );
    for ((x, _, label, colour), y) in ends.iter().zip(ys) {
        // A year that stops early is labelled where it stops, not at the right edge.
        let px = canvas.x.at(*x) + 8.0;
        let room = canvas.plot.right + 76.0 - px;
        let style = Style {
            colour: label_colour(*colour),
            ..Style::label(Anchor::Start, room.max(30.0))
        };
        canvas.text(px, y, label, style, "direct-label");
    }

    let summary = lines
        .iter()
        .rev()
        .filter(|l| l.colour != FOCUS)
        .map(|l| describe(&l.label, &names, &l.values, spec.decimals, true))
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" periods ", " months ")
        .replace(" period ", " month ");
    let summary = if older > 0 {
        format!("{summary} {older} earlier years are shown in grey for context.")
    } else {
        summary
    };
    let mut columns = vec!["Month".to_owned()];
    columns.extend(lines.iter().map(|l| l.label.clone()));
    let rows = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let mut row = vec![Cell::Text(name.clone())];
            row.extend(lines.iter().map(|l| {
                Cell::number(l.values.get(i).copied().flatten(), spec.decimals, "no data")
            }));
            row
        })
        .collect();
    let table = DataTable {
        caption: clean(&spec.frame.title),
        columns,
        rows,
    };
    Ok(Chart::assemble(&spec.frame, canvas, summary, table))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::charts::test_support::parse;

    fn months(first: &str, values: &[Option<u64>]) -> Vec<(Month, Option<u64>)> {
        Month::parse_iso(first)
            .unwrap()
            .through(Month::new(2099, 12).unwrap())
            .zip(values.iter().copied())
            .collect()
    }

    #[test]
    fn financial_years_run_april_to_march() {
        let values: Vec<Option<u64>> = (0..24).map(|i| Some(10 + i)).collect();
        let spec = YearOnYear::from_counts(
            Frame::new("y", "Crime is higher this year", (700, 360)),
            &months("2022-04", &values),
            true,
        );
        let chart = year_on_year(&spec).unwrap();
        let doc = parse(&chart.svg);
        assert_eq!(doc.count("g", "year"), 2);
        let texts = doc.texts();
        let apr = texts.iter().position(|t| t == "Apr").unwrap();
        let mar = texts.iter().position(|t| t == "Mar").unwrap();
        assert!(apr < mar, "April comes first: {texts:?}");
        assert_eq!(chart.table.columns, vec!["Month", "2022/23", "2023/24"]);
        assert_eq!(chart.table.rows[0][0], Cell::Text("Apr".into()));
        assert_eq!(chart.table.rows[0][2], Cell::Number(22.0, 0));
        assert_eq!(chart.table.rows[11][1], Cell::Number(21.0, 0));
        assert_eq!(
            doc.texts_of_class("direct-label"),
            vec!["2022/23", "2023/24"]
        );
        // Each year's line starts at April.
        let lines = doc.polyline_points("line");
        assert_eq!(lines.len(), 2);
        assert!((lines[0][0].0 - doc.tick_x("Apr").unwrap()).abs() <= 1.0);
    }

    #[test]
    fn calendar_years_with_gaps_and_context_years() {
        let mut values: Vec<Option<u64>> = (0..72).map(|i| Some(i % 12 + 1)).collect();
        values[68] = None;
        let spec = YearOnYear::from_counts(
            Frame::new("y", "t", (700, 360)),
            &months("2018-01", &values),
            false,
        );
        let chart = year_on_year(&spec).unwrap();
        let doc = parse(&chart.svg);
        let context: Vec<_> = doc
            .all("g", "year")
            .into_iter()
            .filter(|g| g.attribute("data-context") == Some("true"))
            .collect();
        assert_eq!(context.len(), 2, "2018 and 2019 are context");
        // 2023 has a gap in September: two runs.
        let latest = doc
            .all("g", "year")
            .into_iter()
            .find(|g| g.attribute("data-year") == Some("2023"))
            .unwrap();
        let runs = latest
            .children()
            .filter(|c| c.has_tag_name("polyline"))
            .count();
        assert_eq!(runs, 2);
        assert!(chart.summary.contains("2 earlier years"));
        assert!(
            doc.texts_of_class("legend-label")
                .contains(&"Earlier years (2018 to 2019)".to_owned())
        );
    }

    #[test]
    fn nothing_or_nothing_known_never_panics() {
        let f = Frame::new("y", "t", (300, 200));
        assert!(year_on_year(&YearOnYear::from_counts(f.clone(), &[], true)).is_err());
        let chart = year_on_year(&YearOnYear::from_counts(
            f,
            &months("2023-01", &[None, None]),
            true,
        ))
        .unwrap();
        assert!(chart.svg.contains("No data for any month"));
    }
}
