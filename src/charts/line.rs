//! Line charts: one or more series over consecutive months (or quarters, or financial years),
//! with gaps where a period has no data (a missing month is not a zero, so the line must not
//! pass through one).

use plotters::coord::combinators::BindKeyPoints;
use plotters::prelude::*;

use super::palette::{Colour, GRID, TEXT, WHITE};
use super::{ChartError, escape_xml, thousands};
use crate::model::{Month, Period};

/// One line: its name (for the legend) and its value per month.
#[derive(Debug, Clone)]
pub struct LineSeries {
    pub name: String,
    pub colour: Colour,
    pub points: Vec<(Month, Option<u64>)>,
}

/// One line over periods of any kind (all the same kind, consecutive).
#[derive(Debug, Clone)]
pub struct PeriodLineSeries {
    pub name: String,
    pub colour: Colour,
    pub points: Vec<(Period, Option<u64>)>,
}

const FONT: &str = "sans-serif";
// Wide enough for "Sep 2023" at 12px; fewer labels than this many pixels apart are skipped.
const MIN_LABEL_SPACING_PX: u32 = 70;

/// Draws `series` (which must share the same months) as an SVG line chart with its
/// `title` and a longer `description` for screen readers.
pub fn monthly_line_svg(
    title: &str,
    description: &str,
    series: &[LineSeries],
    size: (u32, u32),
) -> Result<String, ChartError> {
    let labels: Vec<String> = series
        .first()
        .map(|s| s.points.iter().map(|(m, _)| m.label()).collect())
        .unwrap_or_default();
    let lines: Vec<Line> = series
        .iter()
        .map(|s| (s.colour, s.points.iter().map(|(_, v)| *v).collect()))
        .collect();
    line_svg(title, description, &labels, &lines, size)
}

/// Draws `series` over periods (which must share the same periods), as
/// [`monthly_line_svg`] does over months.
pub fn period_line_svg(
    title: &str,
    description: &str,
    series: &[PeriodLineSeries],
    size: (u32, u32),
) -> Result<String, ChartError> {
    let labels: Vec<String> = series
        .first()
        .map(|s| s.points.iter().map(|(p, _)| p.label()).collect())
        .unwrap_or_default();
    let lines: Vec<Line> = series
        .iter()
        .map(|s| (s.colour, s.points.iter().map(|(_, v)| *v).collect()))
        .collect();
    line_svg(title, description, &labels, &lines, size)
}

/// A line's colour and its value at each label.
type Line = (Colour, Vec<Option<u64>>);

fn line_svg(
    title: &str,
    description: &str,
    labels: &[String],
    lines: &[Line],
    (width, height): (u32, u32),
) -> Result<String, ChartError> {
    if labels.is_empty() {
        return Err(ChartError("there are no months to show".into()));
    }
    let peak = lines
        .iter()
        .flat_map(|(_, values)| values.iter().flatten().copied())
        .max()
        .unwrap_or(0);
    let y_top = nice_ceiling(peak);
    let last_index = labels.len() - 1;
    let max_labels = (width / MIN_LABEL_SPACING_PX).max(1) as usize;
    let spacing = labels.len().div_ceil(max_labels).max(1);
    let key_points: Vec<usize> = (0..=last_index).step_by(spacing).collect();
    let label_of = |i: &usize| labels.get(*i).cloned().unwrap_or_default();

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&rgb(WHITE)).map_err(err)?;
        let title_style = (FONT, 18).into_font().color(&rgb(TEXT));
        let mut chart = ChartBuilder::on(&root)
            .caption(title, title_style)
            .margin(12)
            // The last month's label is centred on the right edge; leave room for its half.
            .margin_right(40)
            .x_label_area_size(32)
            .y_label_area_size(56)
            .build_cartesian_2d((0..last_index.max(1)).with_key_points(key_points), 0..y_top)
            .map_err(err)?;
        let axis_text = (FONT, 12).into_font().color(&rgb(TEXT));
        chart
            .configure_mesh()
            .disable_x_mesh()
            .bold_line_style(rgb(GRID))
            .light_line_style(TRANSPARENT)
            .axis_style(rgb(TEXT))
            .x_label_style(axis_text.clone())
            .y_label_style(axis_text)
            .x_label_formatter(&label_of)
            .y_label_formatter(&|v: &u64| thousands(*v))
            .y_labels(6)
            .draw()
            .map_err(err)?;

        for (colour, values) in lines {
            let colour = rgb(*colour);
            for run in runs(values) {
                chart
                    .draw_series(plotters::series::LineSeries::new(
                        run.iter().copied(),
                        colour.stroke_width(2),
                    ))
                    .map_err(err)?;
                // Markers keep an isolated month (a run of one) visible.
                chart
                    .draw_series(run.iter().map(|p| Circle::new(*p, 3, colour.filled())))
                    .map_err(err)?;
            }
        }
        root.present().map_err(err)?;
    }
    Ok(with_accessible_name(&svg, title, description))
}

/// A one-sentence text alternative for a monthly series: span, total, highest and lowest
/// month, and the months with no data.
pub fn describe_monthly(name: &str, points: &[(Month, Option<u64>)]) -> String {
    let labelled: Vec<(String, Option<u64>)> =
        points.iter().map(|(m, v)| (m.label(), *v)).collect();
    describe(name, "month", &labelled)
}

/// The same sentence over periods: `noun` names one period ("quarter", "financial year").
pub fn describe_periods(name: &str, noun: &str, points: &[(Period, Option<u64>)]) -> String {
    let labelled: Vec<(String, Option<u64>)> =
        points.iter().map(|(p, v)| (p.label(), *v)).collect();
    describe(name, noun, &labelled)
}

fn describe(name: &str, noun: &str, points: &[(String, Option<u64>)]) -> String {
    let known: Vec<(&str, u64)> = points
        .iter()
        .filter_map(|(m, v)| v.map(|v| (m.as_str(), v)))
        .collect();
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return format!("{name}: no {noun}s to show.");
    };
    // Ties go to the earliest period, so the sentence is stable.
    let highest = known
        .iter()
        .fold(None::<(&str, u64)>, |best, p| match best {
            Some(b) if b.1 >= p.1 => Some(b),
            _ => Some(*p),
        });
    let lowest = known
        .iter()
        .fold(None::<(&str, u64)>, |best, p| match best {
            Some(b) if b.1 <= p.1 => Some(b),
            _ => Some(*p),
        });
    let (Some(highest), Some(lowest)) = (highest, lowest) else {
        return format!(
            "{name}: no data for any {noun} from {} to {}.",
            first.0, last.0
        );
    };
    let total: u64 = known.iter().map(|(_, v)| v).sum();
    let mut text = format!(
        "{name}: {} in {} {noun}{} from {} to {}; highest {} ({}), lowest {} ({})",
        thousands(total),
        known.len(),
        if known.len() == 1 { "" } else { "s" },
        first.0,
        last.0,
        highest.0,
        thousands(highest.1),
        lowest.0,
        thousands(lowest.1),
    );
    let missing: Vec<&str> = points
        .iter()
        .filter(|(_, v)| v.is_none())
        .map(|(m, _)| m.as_str())
        .collect();
    if !missing.is_empty() {
        text.push_str(&format!("; no data for {}", missing.join(", ")));
    }
    text.push('.');
    text
}

/// Consecutive periods that have values, as (index, value) points.
fn runs(values: &[Option<u64>]) -> Vec<Vec<(usize, u64)>> {
    let mut runs = Vec::new();
    let mut current = Vec::new();
    for (i, value) in values.iter().enumerate() {
        match value {
            Some(v) => current.push((i, *v)),
            None if !current.is_empty() => runs.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// The smallest "round" number (1, 2 or 5 × 10ⁿ) at or above the peak, so the axis ends on a
/// labelled value and the data never touches the top.
fn nice_ceiling(peak: u64) -> u64 {
    let target = peak.saturating_add(peak / 20).max(1);
    let mut step = 1u64;
    loop {
        for multiple in [1, 2, 5] {
            let candidate = step.saturating_mul(multiple);
            if candidate >= target {
                return candidate;
            }
        }
        if step > u64::MAX / 10 {
            return u64::MAX;
        }
        step *= 10;
    }
}

/// Gives the SVG `role="img"`, a `<title>` and a `<desc>`, which screen readers announce.
fn with_accessible_name(svg: &str, title: &str, description: &str) -> String {
    let Some(open_end) = svg.find('>') else {
        return svg.to_owned();
    };
    let (open, rest) = svg.split_at(open_end);
    let rest = rest.get(1..).unwrap_or_default();
    format!(
        "{open} role=\"img\" aria-label=\"{}\" focusable=\"false\"><title>{}</title><desc>{}</desc>{rest}",
        escape_xml(title),
        escape_xml(title),
        escape_xml(description)
    )
}

fn rgb(c: Colour) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

fn err(e: impl std::fmt::Display) -> ChartError {
    ChartError(e.to_string())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::charts::CATEGORICAL;

    fn months(n: usize) -> Vec<Month> {
        let first = Month::parse_iso("2023-01").unwrap();
        first
            .through(Month::new(2030, 12).unwrap())
            .take(n)
            .collect()
    }

    fn series(values: &[Option<u64>]) -> LineSeries {
        LineSeries {
            name: "Total".into(),
            colour: CATEGORICAL[0],
            points: months(values.len())
                .into_iter()
                .zip(values.iter().copied())
                .collect(),
        }
    }

    /// The text of every `<text>` element, in order.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| {
                let body = t.split_once('>')?.1;
                Some(body.split("</text>").next()?.trim().to_owned())
            })
            .collect()
    }

    #[test]
    fn missing_months_break_the_line() {
        let svg = monthly_line_svg(
            "t",
            "d",
            &[series(&[Some(5), Some(7), None, Some(3), Some(4)])],
            (640, 320),
        )
        .unwrap();
        let data_lines = svg
            .matches("<polyline fill=\"none\" opacity=\"1\" stroke=\"#12436D\" stroke-width=\"2\"")
            .count();
        assert_eq!(data_lines, 2, "{svg}");
        assert_eq!(svg.matches("<circle").count(), 4);
        assert_eq!(
            texts(&svg)[1..]
                .iter()
                .filter(|t| t.ends_with("2023"))
                .count(),
            5
        );
    }

    #[test]
    fn carries_an_escaped_accessible_name() {
        let svg = monthly_line_svg(
            "<script>alert(1)</script>",
            "a & b",
            &[series(&[Some(1)])],
            (400, 200),
        )
        .unwrap();
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(svg.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
        assert!(svg.contains("<desc>a &amp; b</desc>"));
        assert!(svg.starts_with("<svg") && svg.contains("role=\"img\""));
        assert!(svg.contains("viewBox=\"0 0 400 200\""));
    }

    #[test]
    fn uses_thousands_separators_and_starts_at_zero() {
        let svg = monthly_line_svg(
            "t",
            "d",
            &[series(&[Some(12_000), Some(9_000)])],
            (640, 320),
        )
        .unwrap();
        let labels = texts(&svg);
        assert!(
            labels.contains(&"0".to_owned()),
            "y axis starts at zero: {labels:?}"
        );
        assert!(labels.contains(&"10,000".to_owned()), "{labels:?}");
    }

    #[test]
    fn month_labels_thin_out_to_fit_the_width() {
        let values = vec![Some(1); 12];
        let wide = monthly_line_svg("t", "d", &[series(&values)], (880, 300)).unwrap();
        let narrow = monthly_line_svg("t", "d", &[series(&values)], (420, 300)).unwrap();
        let month_labels = |svg: &str| texts(svg).iter().filter(|t| t.ends_with("2023")).count();
        assert_eq!(month_labels(&wide), 12);
        assert_eq!(month_labels(&narrow), 6);
    }

    #[test]
    fn nothing_to_draw_is_an_error_not_a_panic() {
        assert!(monthly_line_svg("t", "d", &[], (100, 100)).is_err());
        assert!(monthly_line_svg("t", "d", &[series(&[None, None])], (100, 100)).is_ok());
    }

    #[test]
    fn describes_the_series_in_words() {
        let s = series(&[Some(5), Some(7), None, Some(3), Some(7)]);
        assert_eq!(
            describe_monthly("Burglary", &s.points),
            "Burglary: 22 in 4 months from Jan 2023 to May 2023; highest Feb 2023 (7), lowest Apr 2023 (3); no data for Mar 2023."
        );
        assert_eq!(
            describe_monthly("X", &series(&[None]).points),
            "X: no data for any month from Jan 2023 to Jan 2023."
        );
        assert_eq!(describe_monthly("X", &[]), "X: no months to show.");
    }

    #[test]
    fn quarters_draw_and_read_like_months() {
        let points: Vec<(Period, Option<u64>)> = (1..=4)
            .map(|q| {
                (
                    Period::financial_quarter(2023, q).unwrap(),
                    Some(u64::from(q) * 10),
                )
            })
            .collect();
        let series = [PeriodLineSeries {
            name: "Total".into(),
            colour: CATEGORICAL[0],
            points: points.clone(),
        }];
        let svg = period_line_svg("t", "d", &series, (640, 320)).unwrap();
        assert!(texts(&svg).contains(&"2023/24 Q3".to_owned()), "{svg}");
        assert_eq!(svg.matches("<circle").count(), 4);
        assert_eq!(
            describe_periods("Burglary", "quarter", &points[..2]),
            "Burglary: 30 in 2 quarters from 2023/24 Q1 to 2023/24 Q2; highest 2023/24 Q2 (20), lowest 2023/24 Q1 (10)."
        );
    }

    #[test]
    fn axis_tops_are_round() {
        assert_eq!(nice_ceiling(0), 1);
        assert_eq!(nice_ceiling(9), 10);
        assert_eq!(nice_ceiling(851), 1_000);
        assert_eq!(nice_ceiling(1_900), 2_000);
        assert_eq!(nice_ceiling(u64::MAX), u64::MAX);
    }
}
