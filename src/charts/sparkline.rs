//! Sparklines for the headline table (a line and its latest value, no axes) and small
//! multiples (a grid of named sparklines in one chart, on a shared or own scale).

use super::frame::{Anchor, Canvas, Dash, Margins, Scale, Shape, Style, runs_of};
use super::line::describe;
use super::palette::{CATEGORICAL, GRID, SECONDARY};
use super::text::{clean, format_number};
use super::{Cell, Chart, ChartError, DataTable, Frame, downsample};
use crate::model::{Month, Period};

/// Draws one line from its values into a pixel box, with gaps, downsampled to the box's
/// width, and a dot on the latest value. Returns whether anything was drawn.
fn draw_line(
    canvas: &mut Canvas,
    values: &[Option<f64>],
    (left, top, right, bottom): (f64, f64, f64, f64),
    max: f64,
) -> bool {
    let n = values.len();
    let x = Scale::new((-0.5, n.max(1) as f64 - 0.5), (left, right));
    let y = Scale::new((0.0, max), (bottom, top));
    let kept = downsample(values, (right - left).max(1.0) as usize);
    let points: Vec<(f64, Option<f64>)> = kept
        .iter()
        .map(|&i| {
            (
                x.at(i as f64),
                values.get(i).copied().flatten().map(|v| y.at(v)),
            )
        })
        .collect();
    let colour = CATEGORICAL[0];
    canvas.segment(
        (left, bottom),
        (right, bottom),
        GRID,
        1.0,
        Dash::Solid,
        "baseline",
    );
    let runs = runs_of(&points);
    for run in &runs {
        if let [(px, py)] = run.as_slice() {
            canvas.shape(Shape::Circle, *px, *py, 1.5, colour, colour, "point");
        } else {
            canvas.polyline(run, colour, 1.5, Dash::Solid, "line");
        }
    }
    if let Some((px, py)) = runs.last().and_then(|r| r.last()) {
        canvas.shape(Shape::Circle, *px, *py, 2.5, colour, colour, "latest");
    }
    !runs.is_empty()
}

fn largest(values: &[Option<f64>]) -> f64 {
    super::frame::extent(values.iter().flatten().copied(), true).1
}

/// A sparkline for one headline row: `size` is small (e.g. 120 × 28). The SVG is named
/// "`name`, monthly trend" and described by a sentence; its table is the months.
pub fn sparkline(
    id: &str,
    name: &str,
    points: &[(Month, Option<u64>)],
    size: (u32, u32),
) -> Result<Chart, ChartError> {
    if points.is_empty() {
        return Err(ChartError("there are no months to show".into()));
    }
    let frame = Frame::new(id, "", size);
    let margins = Margins {
        left: 0.0,
        right: 0.0,
        bottom: 0.0,
    };
    let mut canvas = Canvas::new(&frame, &[], margins, None)?;
    let values: Vec<Option<f64>> = points.iter().map(|(_, v)| v.map(|v| v as f64)).collect();
    let labels: Vec<String> = points.iter().map(|(m, _)| m.label()).collect();
    let p = canvas.plot;
    // Room for the latest dot at the edges.
    let area = (p.left + 3.0, p.top + 3.0, p.right - 3.0, p.bottom - 1.0);
    draw_line(&mut canvas, &values, area, largest(&values));
    let summary = describe(name, &labels, &values, 0, true)
        .replace(" periods ", " months ")
        .replace(" period ", " month ")
        .replace("any period", "any month");
    let title = format!("{}, monthly trend", clean(name));
    let table = DataTable {
        caption: title.clone(),
        columns: vec!["Month".to_owned(), clean(name)],
        rows: labels
            .iter()
            .zip(&values)
            .map(|(l, v)| vec![Cell::Text(l.clone()), Cell::number(*v, 0, "no data")])
            .collect(),
    };
    let frame = Frame { title, ..frame };
    Ok(Chart::assemble(&frame, canvas, summary, table))
}

/// One panel of small multiples.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Panel {
    pub name: String,
    /// One value per period of the chart (`None` where missing).
    pub values: Vec<Option<f64>>,
}

/// A grid of sparklines sharing the same periods.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SmallMultiples {
    pub frame: Frame,
    pub periods: Vec<Period>,
    pub panels: Vec<Panel>,
    /// Panels per row (at least 1).
    pub columns: usize,
    /// One scale for every panel (compare sizes) rather than each its own (compare shapes).
    pub shared_scale: bool,
    pub decimals: u8,
}

/// Draws small multiples. Errors when there are no panels or no periods.
pub fn small_multiples(spec: &SmallMultiples) -> Result<Chart, ChartError> {
    if spec.panels.is_empty() || spec.periods.is_empty() {
        return Err(ChartError("there is nothing to show".into()));
    }
    let columns = spec.columns.clamp(1, spec.panels.len());
    let rows = spec.panels.len().div_ceil(columns);
    let margins = Margins {
        left: 0.0,
        right: 0.0,
        bottom: 0.0,
    };
    let mut canvas = Canvas::new(&spec.frame, &[], margins, None)?;
    let p = canvas.plot;
    let cell_w = p.width() / columns as f64;
    let cell_h = (p.bottom - p.top) / rows as f64;
    let shared = spec
        .panels
        .iter()
        .map(|panel| largest(&panel.values))
        .fold(0.0, f64::max);
    let n = spec.periods.len();
    for (k, panel) in spec.panels.iter().enumerate() {
        let (col, row) = ((k % columns) as f64, (k / columns) as f64);
        let (left, top) = (p.left + col * cell_w, p.top + row * cell_h);
        let values: Vec<Option<f64>> = (0..n)
            .map(|i| {
                panel
                    .values
                    .get(i)
                    .copied()
                    .flatten()
                    .filter(|v| v.is_finite())
            })
            .collect();
        canvas.open("panel", &format!(" data-panel=\"{k}\""));
        let name_style = Style {
            bold: true,
            ..Style::label(Anchor::Start, cell_w - 12.0)
        };
        canvas.text(
            left + 4.0,
            top + 14.0,
            &panel.name,
            name_style,
            "panel-name",
        );
        let latest = values.iter().rev().flatten().next().copied();
        let latest_text = latest.map_or_else(
            || "no data".to_owned(),
            |v| format!("Latest {}", format_number(v, spec.decimals)),
        );
        let style = Style {
            colour: SECONDARY,
            ..Style::label(Anchor::Start, cell_w - 12.0)
        };
        canvas.text(left + 4.0, top + 28.0, &latest_text, style, "panel-latest");
        let max = if spec.shared_scale {
            shared
        } else {
            largest(&values)
        };
        let area = (
            left + 6.0,
            top + 36.0,
            left + cell_w - 10.0,
            (top + cell_h - 8.0).max(top + 40.0),
        );
        draw_line(&mut canvas, &values, area, max);
        canvas.close();
    }

    let labels: Vec<String> = spec.periods.iter().map(|p| p.label()).collect();
    let summary = spec
        .panels
        .iter()
        .map(|panel| describe(&panel.name, &labels, &panel.values, spec.decimals, false))
        .collect::<Vec<_>>()
        .join(" ");
    let mut table_columns = vec!["Period".to_owned()];
    table_columns.extend(spec.panels.iter().map(|p| clean(&p.name)));
    let table = DataTable {
        caption: clean(&spec.frame.title),
        columns: table_columns,
        rows: labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let mut row = vec![Cell::Text(l.clone())];
                row.extend(spec.panels.iter().map(|p| {
                    Cell::number(p.values.get(i).copied().flatten(), spec.decimals, "no data")
                }));
                row
            })
            .collect(),
    };
    Ok(Chart::assemble(&spec.frame, canvas, summary, table))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::charts::test_support::parse;

    fn months(values: &[Option<u64>]) -> Vec<(Month, Option<u64>)> {
        Month::new(2023, 1)
            .unwrap()
            .through(Month::new(2099, 1).unwrap())
            .zip(values.iter().copied())
            .collect()
    }

    #[test]
    fn sparklines_are_tiny_named_and_gapped() {
        let chart = sparkline(
            "spark-1",
            "Burglary",
            &months(&[Some(3), Some(5), None, Some(4), Some(9)]),
            (120, 28),
        )
        .unwrap();
        let doc = parse(&chart.svg);
        assert_eq!(doc.root().attribute("viewBox"), Some("0 0 120 28"));
        assert_eq!(
            doc.by_id("spark-1-title").unwrap(),
            "Burglary, monthly trend"
        );
        assert!(
            doc.by_id("spark-1-desc")
                .unwrap()
                .starts_with("Burglary: 21 in 4 months")
        );
        assert_eq!(doc.count("polyline", "line"), 2);
        assert_eq!(doc.count("g", "latest"), 1);
        assert!(doc.texts().is_empty(), "no text to crowd a table cell");
        // The highest value touches the top of the box, zero the bottom.
        let lines = doc.polyline_points("line");
        let top = lines.iter().flatten().map(|p| p.1).fold(f64::MAX, f64::min);
        assert!(top < 14.0, "{top}");
        assert!(sparkline("s", "x", &[], (120, 28)).is_err());
        parse(
            &sparkline("s", "x", &months(&[None, Some(u64::MAX)]), (1, 1))
                .unwrap()
                .svg,
        );
    }

    #[test]
    fn small_multiples_lay_out_a_panel_per_series() {
        let periods: Vec<Period> = months(&[None; 12])
            .iter()
            .map(|(m, _)| Period::Month(*m))
            .collect();
        let panels: Vec<Panel> = (0..5)
            .map(|k| Panel {
                name: format!("Category {k} <i>"),
                values: (0..12).map(|i| Some(f64::from(k * 10 + i))).collect(),
            })
            .collect();
        let spec = SmallMultiples {
            frame: Frame::new("sm", "Every category rose through 2023", (800, 400)),
            periods,
            panels,
            columns: 3,
            shared_scale: true,
            decimals: 0,
        };
        let chart = small_multiples(&spec).unwrap();
        let doc = parse(&chart.svg);
        assert_eq!(doc.count("g", "panel"), 5);
        assert_eq!(doc.texts_of_class("panel-name")[4], "Category 4 <i>");
        assert_eq!(doc.texts_of_class("panel-latest")[4], "Latest 51");
        assert_eq!(chart.table.columns.len(), 6);
        assert_eq!(chart.table.rows.len(), 12);
        let mut empty = spec.clone();
        empty.panels.clear();
        assert!(small_multiples(&empty).is_err());
    }
}
