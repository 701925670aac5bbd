//! Time series: counts or rates by period for up to four areas or categories, with their
//! confidence bands where known, benchmark lines (England, region), a gap wherever a period
//! is missing (a missing month is not a zero, so the line must not pass through one), a
//! marker where a category's definition changed, and an optional rolling 12-month average.

use super::frame::{
    Anchor, Axis, Canvas, Dash, LegendItem, Margins, SERIES_SHAPES, Shape, Style, Swatch,
    label_ticks, spread,
};
use super::palette::{CATEGORICAL, Colour, FOCUS, REFERENCE, SECONDARY, label_colour};
use super::text::format_number;
use super::{Cell, Chart, ChartError, DataTable, Frame, downsample};
use crate::model::{Month, Period, PeriodKind, crime_types};
use crate::stats::rolling::rolling_mean;

/// One line (the old monthly form, kept for the page's existing charts).
#[derive(Debug, Clone)]
pub struct LineSeries {
    pub name: String,
    pub colour: Colour,
    pub points: Vec<(Month, Option<u64>)>,
}

/// One line of a time series: a value per period (`None` where missing) and, where known,
/// its 95% confidence interval per period.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TimeLine {
    pub name: String,
    pub values: Vec<Option<f64>>,
    /// Empty, or one `(lower, upper)` per period.
    pub interval: Vec<Option<(f64, f64)>>,
}

impl TimeLine {
    /// A line of monthly counts, as the count table gives them.
    pub fn from_counts(name: &str, points: &[(Month, Option<u64>)]) -> TimeLine {
        TimeLine {
            name: name.to_owned(),
            values: points.iter().map(|(_, v)| v.map(|v| v as f64)).collect(),
            interval: Vec::new(),
        }
    }

    fn value(&self, i: usize) -> Option<f64> {
        self.values
            .get(i)
            .copied()
            .flatten()
            .filter(|v| v.is_finite())
    }

    fn bounds(&self, i: usize) -> Option<(f64, f64)> {
        self.interval
            .get(i)
            .copied()
            .flatten()
            .filter(|(l, u)| l.is_finite() && u.is_finite() && l <= u)
    }
}

/// A vertical marker before period `at`: a category definition changed there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodMarker {
    /// Index of the first period under the new definition.
    pub at: usize,
    /// A few words drawn on the chart.
    pub label: String,
    /// The full explanation, for the tooltip, summary and table.
    pub note: String,
}

/// A time-series chart: periods in order (every period from first to last, missing ones
/// included with `None` values), lines, benchmarks and markers.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TimeSeries {
    pub frame: Frame,
    pub periods: Vec<Period>,
    /// What the values are, above the y axis (e.g. "Number of crimes", "Rate per 1,000").
    pub y_title: String,
    /// Decimal places for the values (0 for counts, 1 for rates).
    pub decimals: u8,
    /// The areas or categories; the first four in the categorical colours, any more in
    /// focus grey as context.
    pub lines: Vec<TimeLine>,
    /// Comparators drawn dashed in dark grey: England, then the region.
    pub benchmarks: Vec<TimeLine>,
    pub markers: Vec<PeriodMarker>,
    /// Add the 12-month rolling average of the first line (monthly periods only).
    pub rolling_12: bool,
    /// The table's (and CSV's) name for the values of a chart with one line, which is named
    /// after the chart: what the figures are ("Crimes", "Rate per 1,000"), so a spreadsheet's
    /// column says what it holds rather than repeating the title. `None`: the line's name.
    pub value_column: Option<String>,
}

impl TimeSeries {
    /// One monthly line of counts, with markers for any definition change it crosses.
    pub fn monthly(frame: Frame, name: &str, points: &[(Month, Option<u64>)]) -> TimeSeries {
        let periods: Vec<Period> = points.iter().map(|(m, _)| Period::Month(*m)).collect();
        TimeSeries {
            frame,
            markers: definition_markers(name, &periods),
            periods,
            y_title: "Number of crimes".to_owned(),
            decimals: 0,
            lines: vec![TimeLine::from_counts(name, points)],
            ..TimeSeries::default()
        }
    }
}

/// Markers for the police.uk definition changes a series of `crime_type` crosses.
pub fn definition_markers(crime_type: &str, periods: &[Period]) -> Vec<PeriodMarker> {
    let months = periods.iter().map(|p| p.first_month());
    crime_types::changes_crossed(crime_type, months)
        .into_iter()
        .filter_map(|change| {
            let at = periods
                .iter()
                .position(|p| p.first_month() >= change.month)?;
            Some(PeriodMarker {
                at,
                label: "Definition changed".to_owned(),
                note: change.note.to_owned(),
            })
        })
        .collect()
}

const DIRECT_LABEL_WIDTH: f64 = 120.0;
const BENCHMARK_DASHES: [Dash; 3] = [Dash::Dashed, Dash::Dotted, Dash::Long];

/// Draws a time series. Errors only when there are no periods at all; lines with no data
/// give an empty plot that says so.
pub fn time_series(spec: &TimeSeries) -> Result<Chart, ChartError> {
    draw(spec, None, None)
}

/// Draws `series` (which must share the same months) as an SVG line chart with its `title`
/// and a longer `description` for screen readers.
pub fn monthly_line_svg(
    title: &str,
    description: &str,
    series: &[LineSeries],
    size: (u32, u32),
) -> Result<String, ChartError> {
    let first = series.first();
    let periods: Vec<Period> = first
        .map(|s| s.points.iter().map(|(m, _)| Period::Month(*m)).collect())
        .unwrap_or_default();
    let spec = TimeSeries {
        frame: Frame::new(&format!("line-{:08x}", fnv(title)), title, size),
        periods,
        lines: series
            .iter()
            .map(|s| TimeLine::from_counts(&s.name, &s.points))
            .collect(),
        value_column: counts_column(series.len()),
        ..TimeSeries::default()
    };
    let colours: Vec<Colour> = series.iter().map(|s| s.colour).collect();
    draw(&spec, Some(&colours), Some(description)).map(|chart| chart.svg)
}

/// These charts' lines are counts of crimes; a lone line is named after the chart.
fn counts_column(lines: usize) -> Option<String> {
    (lines == 1).then(|| "Crimes".to_owned())
}

/// One line over periods of any one kind (quarters, financial years), consecutive.
#[derive(Debug, Clone)]
pub struct PeriodLineSeries {
    pub name: String,
    pub colour: Colour,
    pub points: Vec<(Period, Option<u64>)>,
}

/// [`monthly_line_svg`] over quarters or financial years: the dashboard's "Show by".
pub fn period_line_svg(
    title: &str,
    description: &str,
    series: &[PeriodLineSeries],
    size: (u32, u32),
) -> Result<String, ChartError> {
    period_line_chart(title, description, series, size).map(|chart| chart.svg)
}

/// [`period_line_svg`] with everything beside the picture: the page shows the chart's table
/// and exports it, so it needs the whole [`Chart`], not just its SVG.
pub fn period_line_chart(
    title: &str,
    description: &str,
    series: &[PeriodLineSeries],
    size: (u32, u32),
) -> Result<Chart, ChartError> {
    let periods: Vec<Period> = series
        .first()
        .map(|s| s.points.iter().map(|(p, _)| *p).collect())
        .unwrap_or_default();
    let spec = TimeSeries {
        frame: Frame::new(&format!("line-{:08x}", fnv(title)), title, size),
        periods,
        lines: series
            .iter()
            .map(|s| TimeLine {
                name: s.name.clone(),
                values: s.points.iter().map(|(_, v)| v.map(|v| v as f64)).collect(),
                interval: Vec::new(),
            })
            .collect(),
        value_column: counts_column(series.len()),
        ..TimeSeries::default()
    };
    let colours: Vec<Colour> = series.iter().map(|s| s.colour).collect();
    draw(&spec, Some(&colours), Some(description))
}

/// A short stable hash, for ids of charts drawn without one.
fn fnv(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

struct Drawn<'a> {
    line: &'a TimeLine,
    decimals: u8,
    colour: Colour,
    dash: Dash,
    shape: Option<Shape>,
    width: f64,
    class: &'static str,
}

fn draw(
    spec: &TimeSeries,
    colours: Option<&[Colour]>,
    description: Option<&str>,
) -> Result<Chart, ChartError> {
    let n = spec.periods.len();
    if n == 0 {
        return Err(ChartError("there are no periods to show".into()));
    }
    let labels: Vec<String> = spec.periods.iter().map(|p| p.label()).collect();
    let all_months = spec.periods.iter().all(|p| p.kind() == PeriodKind::Month);
    let rolling = match spec.lines.first() {
        Some(first) if spec.rolling_12 && all_months => Some(TimeLine {
            name: format!("{} (12-month rolling average)", first.name),
            values: rolling_mean(&first.values, 12),
            interval: Vec::new(),
        }),
        _ => None,
    };

    let mut drawn: Vec<Drawn<'_>> = Vec::new();
    for (i, line) in spec.lines.iter().enumerate() {
        let colour = colours
            .and_then(|c| c.get(i).copied())
            .or_else(|| CATEGORICAL.get(i).copied().filter(|_| i < 4))
            .unwrap_or(FOCUS);
        drawn.push(Drawn {
            line,
            decimals: spec.decimals,
            colour,
            dash: Dash::Solid,
            shape: SERIES_SHAPES.get(i).copied(),
            width: if i < 4 { 2.5 } else { 1.5 },
            class: "series",
        });
    }
    if let (Some(r), Some(first)) = (rolling.as_ref(), drawn.first()) {
        let colour = first.colour;
        drawn.push(Drawn {
            line: r,
            // An average of counts has a fraction worth showing.
            decimals: spec.decimals.saturating_add(1),
            colour,
            dash: Dash::Long,
            shape: None,
            width: 2.0,
            class: "rolling",
        });
    }
    for (i, line) in spec.benchmarks.iter().enumerate() {
        drawn.push(Drawn {
            line,
            decimals: spec.decimals,
            colour: REFERENCE,
            dash: BENCHMARK_DASHES.get(i).copied().unwrap_or(Dash::Dashed),
            shape: None,
            width: 2.0,
            class: "benchmark",
        });
    }

    let has_band = spec
        .lines
        .iter()
        .any(|l| (0..n).any(|i| l.bounds(i).is_some()));
    let direct_labels = drawn.len() > 1;
    let mut legend: Vec<LegendItem> = Vec::new();
    if direct_labels || has_band {
        legend = drawn
            .iter()
            .map(|d| LegendItem {
                swatch: Swatch::Line {
                    colour: d.colour,
                    dash: d.dash,
                    shape: d.shape,
                },
                label: d.line.name.clone(),
            })
            .collect();
    }
    if has_band {
        legend.push(LegendItem {
            swatch: Swatch::Block {
                fill: drawn.first().map_or(CATEGORICAL[0], |d| d.colour),
                edge: SECONDARY,
                opacity: 0.25,
            },
            label: "95% confidence interval".to_owned(),
        });
    }

    let values = drawn
        .iter()
        .flat_map(|d| (0..n).filter_map(|i| d.line.value(i)));
    let bands = spec
        .lines
        .iter()
        .flat_map(|l| (0..n).filter_map(|i| l.bounds(i)).flat_map(|(a, b)| [a, b]));
    let y_axis = Axis::numeric(values.chain(bands), true, 6, &spec.y_title, "");
    let margins = Margins::beside_values(
        &y_axis,
        if direct_labels {
            DIRECT_LABEL_WIDTH
        } else {
            24.0
        },
    );
    let plot_width =
        f64::from(spec.frame.size.0.clamp(120, 4000)) - margins.left - margins.right - 16.0;
    let x_axis = Axis::indexed(n, label_ticks(&labels, plot_width), "");
    let mut canvas = Canvas::new(&spec.frame, &legend, margins, Some((&x_axis, &y_axis)))?;
    let columns = canvas.plot.width().max(1.0) as usize;

    // Bands first, beneath every line.
    for (k, line) in spec.lines.iter().enumerate() {
        let colour = drawn.get(k).map_or(CATEGORICAL[0], |d| d.colour);
        let band: Vec<(f64, Option<(f64, f64)>)> =
            (0..n).map(|i| (i as f64, line.bounds(i))).collect();
        for run in band.split(|(_, b)| b.is_none()).filter(|r| !r.is_empty()) {
            let upper = run
                .iter()
                .filter_map(|(x, b)| b.map(|(_, u)| (canvas.x.at(*x), canvas.y.at(u))));
            let lower: Vec<(f64, f64)> = run
                .iter()
                .rev()
                .filter_map(|(x, b)| b.map(|(l, _)| (canvas.x.at(*x), canvas.y.at(l))))
                .collect();
            let mut outline: Vec<(f64, f64)> = upper.collect();
            if run.len() == 1 {
                // A single period's interval is drawn as a whisker-width block.
                let half = (canvas.x.at(1.0) - canvas.x.at(0.0)).abs() / 4.0;
                if let (Some(u), Some(l)) = (outline.first().copied(), lower.first().copied()) {
                    outline = vec![(u.0 - half, u.1), (u.0 + half, u.1)];
                    outline.extend([(l.0 + half, l.1), (l.0 - half, l.1)]);
                }
            } else {
                outline.extend(lower);
            }
            canvas.polygon(&outline, colour, 0.25, "band");
        }
    }

    for marker in &spec.markers {
        if marker.at == 0 || marker.at >= n {
            continue;
        }
        let x = canvas.x.at(marker.at as f64 - 0.5);
        let (top, bottom) = (canvas.plot.top, canvas.plot.bottom);
        canvas.open("definition-change", "");
        canvas.segment(
            (x, top),
            (x, bottom),
            REFERENCE,
            1.5,
            Dash::Dotted,
            "marker-line",
        );
        let room = (canvas.plot.right - x - 4.0).max(60.0);
        canvas.text(
            x + 4.0,
            top + 12.0,
            &marker.label,
            Style::label(Anchor::Start, room),
            "marker-label",
        );
        canvas.body.push_str("<title>");
        canvas
            .body
            .push_str(&super::escape_xml(&super::text::clean(&marker.note)));
        canvas.body.push_str("</title>");
        canvas.close();
    }

    let mut ends: Vec<(f64, usize)> = Vec::new();
    let mut any_value = false;
    for (k, d) in drawn.iter().enumerate() {
        let values: Vec<Option<f64>> = (0..n).map(|i| d.line.value(i)).collect();
        let kept = downsample(&values, columns);
        let points: Vec<(f64, Option<f64>)> = kept
            .iter()
            .map(|&i| (i as f64, values.get(i).copied().flatten()))
            .collect();
        canvas.open(d.class, &format!(" data-index=\"{k}\""));
        canvas.line_with_gaps(&points, d.colour, d.width, d.dash, "line");
        // Markers distinguish lines by shape as well as colour, while there is room.
        if let Some(shape) = d.shape
            && points.len() as f64 <= canvas.plot.width() / 8.0
        {
            for (x, y) in points.iter().filter_map(|(x, y)| y.map(|y| (*x, y))) {
                let (px, py) = (canvas.x.at(x), canvas.y.at(y));
                canvas.shape(shape, px, py, 3.5, d.colour, d.colour, "point");
            }
        }
        canvas.close();
        if let Some(last) = (0..n)
            .rev()
            .find(|&i| values.get(i).copied().flatten().is_some())
        {
            any_value = true;
            ends.push((last as f64, k));
        }
    }
    if !any_value {
        canvas.empty_message("No data for any period");
    }

    if direct_labels {
        let mut ys: Vec<f64> = ends
            .iter()
            .map(|(x, k)| {
                let y = drawn
                    .get(*k)
                    .and_then(|d| d.line.value(*x as usize))
                    .unwrap_or(0.0);
                canvas.y.at(y) + 4.0
            })
            .collect();
        spread(
            &mut ys,
            14.0,
            canvas.plot.top + 8.0,
            canvas.plot.bottom + 4.0,
        );
        let x = canvas.plot.right + 6.0;
        for ((_, k), y) in ends.iter().zip(ys) {
            if let Some(d) = drawn.get(*k) {
                let style = Style {
                    colour: if d.colour == FOCUS {
                        SECONDARY
                    } else {
                        label_colour(d.colour)
                    },
                    ..Style::label(Anchor::Start, DIRECT_LABEL_WIDTH - 10.0)
                };
                canvas.text(x, y, &d.line.name, style, "direct-label");
            }
        }
    }

    let summary = match description {
        Some(d) => d.to_owned(),
        None => summarise(spec, &drawn, &labels),
    };
    let table = table(spec, &drawn, &labels);
    Ok(Chart::assemble(&spec.frame, canvas, summary, table))
}

fn summarise(spec: &TimeSeries, drawn: &[Drawn<'_>], labels: &[String]) -> String {
    let mut sentences: Vec<String> = drawn
        .iter()
        .map(|d| {
            let values: Vec<Option<f64>> = (0..labels.len()).map(|i| d.line.value(i)).collect();
            describe(&d.line.name, labels, &values, d.decimals, false)
        })
        .collect();
    for m in &spec.markers {
        if let Some(label) = labels.get(m.at) {
            sentences.push(format!(
                "A marker at {label} notes: {}",
                super::text::clean(&m.note)
            ));
        }
    }
    sentences.join(" ")
}

fn table(spec: &TimeSeries, drawn: &[Drawn<'_>], labels: &[String]) -> DataTable {
    let mut columns = vec!["Period".to_owned()];
    let named_by_measure = match (&spec.value_column, drawn) {
        (Some(measure), [_]) => Some(measure),
        _ => None,
    };
    for d in drawn {
        let name = super::text::clean(named_by_measure.unwrap_or(&d.line.name));
        if !d.line.interval.is_empty() {
            columns.push(name.clone());
            columns.push(format!("{name} 95% CI lower"));
            columns.push(format!("{name} 95% CI upper"));
        } else {
            columns.push(name);
        }
    }
    let notes = !spec.markers.is_empty();
    if notes {
        columns.push("Note".to_owned());
    }
    let rows = labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let mut row = vec![Cell::Text(label.clone())];
            for d in drawn {
                row.push(Cell::number(d.line.value(i), d.decimals, "no data"));
                if !d.line.interval.is_empty() {
                    let b = d.line.bounds(i);
                    row.push(Cell::number(b.map(|b| b.0), spec.decimals, "not known"));
                    row.push(Cell::number(b.map(|b| b.1), spec.decimals, "not known"));
                }
            }
            if notes {
                let note: Vec<String> = spec
                    .markers
                    .iter()
                    .filter(|m| m.at == i)
                    .map(|m| super::text::clean(&m.note))
                    .collect();
                row.push(Cell::Text(note.join(" ")));
            }
            row
        })
        .collect();
    DataTable {
        caption: super::text::clean(&spec.frame.title),
        columns,
        rows,
    }
}

/// One sentence about a line: span, highest and lowest, latest, and the periods with no
/// data (the first few named). With `total`, the sum over the periods too (counts).
pub(crate) fn describe(
    name: &str,
    labels: &[String],
    values: &[Option<f64>],
    decimals: u8,
    total: bool,
) -> String {
    let name = super::text::clean(name);
    let (Some(first), Some(last)) = (labels.first(), labels.last()) else {
        return format!("{name}: no periods to show.");
    };
    let known: Vec<(usize, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.filter(|v| v.is_finite()).map(|v| (i, v)))
        .collect();
    // Ties go to the earliest period, so the sentence is stable.
    let highest = known
        .iter()
        .copied()
        .reduce(|best, p| if p.1 > best.1 { p } else { best });
    let lowest = known
        .iter()
        .copied()
        .reduce(|best, p| if p.1 < best.1 { p } else { best });
    let (Some(highest), Some(lowest)) = (highest, lowest) else {
        return format!("{name}: no data for any period from {first} to {last}.");
    };
    let label = |i: usize| labels.get(i).cloned().unwrap_or_default();
    let count = known.len();
    let unit = if count == 1 { "period" } else { "periods" };
    let mut text = if total {
        let sum: f64 = known.iter().map(|(_, v)| v).sum();
        format!(
            "{name}: {} in {count} {unit} from {first} to {last}",
            format_number(sum, decimals)
        )
    } else {
        format!("{name}: {count} {unit} with data from {first} to {last}")
    };
    text.push_str(&format!(
        "; highest {} ({}), lowest {} ({})",
        label(highest.0),
        format_number(highest.1, decimals),
        label(lowest.0),
        format_number(lowest.1, decimals),
    ));
    if let Some((i, v)) = known.last()
        && !total
    {
        text.push_str(&format!(
            "; latest {} ({})",
            label(*i),
            format_number(*v, decimals)
        ));
    }
    let missing: Vec<String> = values
        .iter()
        .enumerate()
        .filter(|(_, v)| v.filter(|v| v.is_finite()).is_none())
        .map(|(i, _)| label(i))
        .collect();
    if !missing.is_empty() {
        let shown = missing
            .iter()
            .take(6)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        text.push_str(&format!("; no data for {shown}"));
        if missing.len() > 6 {
            text.push_str(&format!(" and {} more", missing.len() - 6));
        }
    }
    text.push('.');
    text
}

/// [`describe_monthly`] for periods of another kind, named by `noun` ("quarter",
/// "financial year").
pub fn describe_periods(name: &str, noun: &str, points: &[(Period, Option<u64>)]) -> String {
    let labels: Vec<String> = points.iter().map(|(p, _)| p.label()).collect();
    let values: Vec<Option<f64>> = points.iter().map(|(_, v)| v.map(|v| v as f64)).collect();
    describe(name, &labels, &values, 0, true)
        .replace(" periods ", &format!(" {noun}s "))
        .replace(" period ", &format!(" {noun} "))
        .replace("any period", &format!("any {noun}"))
        .replace("no periods", &format!("no {noun}s"))
}

/// A one-sentence text alternative for a monthly series: span, total, highest and lowest
/// month, and the months with no data.
pub fn describe_monthly(name: &str, points: &[(Month, Option<u64>)]) -> String {
    let labels: Vec<String> = points.iter().map(|(m, _)| m.label()).collect();
    let values: Vec<Option<f64>> = points.iter().map(|(_, v)| v.map(|v| v as f64)).collect();
    let text = describe(name, &labels, &values, 0, true);
    // Months read better than "periods" where every period is one.
    text.replace(" periods ", " months ")
        .replace(" period ", " month ")
        .replace("any period", "any month")
        .replace("no periods", "no months")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::charts::test_support::parse;

    fn months(n: usize) -> Vec<Month> {
        let first = Month::parse_iso("2023-01").unwrap();
        first
            .through(Month::new(2099, 12).unwrap())
            .take(n)
            .collect()
    }

    fn monthly(values: &[Option<u64>]) -> Vec<(Month, Option<u64>)> {
        months(values.len())
            .into_iter()
            .zip(values.iter().copied())
            .collect()
    }

    fn series(values: &[Option<u64>]) -> LineSeries {
        LineSeries {
            name: "Total".into(),
            colour: CATEGORICAL[0],
            points: monthly(values),
        }
    }

    fn frame() -> Frame {
        Frame::new("t", "Burglary fell in 2023", (640, 320)).with_caption(
            "police.uk street-level crime",
            "City of London",
            "Jan 2023 to Dec 2023",
        )
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
        let doc = parse(&svg);
        assert_eq!(
            doc.count("polyline", "line"),
            2,
            "two runs either side of the gap"
        );
        assert_eq!(doc.count("g", "point"), 4, "a marker per month with data");
        let month_labels = doc.texts().iter().filter(|t| t.ends_with("2023")).count();
        assert_eq!(month_labels, 5);
        // The gap sits where March would be: no line point between Feb and Apr.
        let lines = doc.polyline_points("line");
        let feb_x = lines[0].last().unwrap().0;
        let apr_x = lines[1].first().unwrap().0;
        let step = lines[0][1].0 - lines[0][0].0;
        assert!(
            (apr_x - feb_x - 2.0 * step).abs() < 0.2,
            "{feb_x} {apr_x} {step}"
        );
    }

    #[test]
    fn a_lone_month_between_gaps_is_still_drawn() {
        let svg = monthly_line_svg(
            "t",
            "d",
            &[series(&[Some(5), None, Some(2), None])],
            (640, 320),
        )
        .unwrap();
        let doc = parse(&svg);
        assert_eq!(doc.count("polyline", "line"), 0);
        assert_eq!(doc.count("g", "line"), 2, "each isolated month is a dot");
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
        let doc = parse(&svg);
        let root = doc.root();
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(root.attribute("viewBox"), Some("0 0 400 200"));
        let ids = root.attribute("aria-labelledby").unwrap();
        let (title_id, desc_id) = ids.split_once(' ').unwrap();
        assert_eq!(doc.by_id(title_id).unwrap(), "<script>alert(1)</script>");
        assert_eq!(doc.by_id(desc_id).unwrap(), "a & b");
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
        let labels = parse(&svg).texts();
        assert!(labels.contains(&"0".to_owned()), "{labels:?}");
        assert!(labels.contains(&"10,000".to_owned()), "{labels:?}");
    }

    #[test]
    fn points_sit_at_their_values() {
        let spec = TimeSeries::monthly(frame(), "Burglary", &monthly(&[Some(0), Some(50)]));
        let chart = time_series(&spec).unwrap();
        let doc = parse(&chart.svg);
        let line = &doc.polyline_points("line")[0];
        let zero_y = doc.tick_y("0").unwrap();
        assert!((line[0].1 - zero_y).abs() <= 1.0, "{line:?} {zero_y}");
        let fifty_y = doc.tick_y("50").unwrap();
        assert!((line[1].1 - fifty_y).abs() <= 1.0, "{line:?} {fifty_y}");
    }

    #[test]
    fn month_labels_thin_out_to_fit_the_width() {
        let values = vec![Some(1); 24];
        let wide = monthly_line_svg("t", "d", &[series(&values)], (2400, 300)).unwrap();
        let narrow = monthly_line_svg("t", "d", &[series(&values)], (420, 300)).unwrap();
        let month_labels = |svg: &str| {
            parse(svg)
                .texts()
                .iter()
                .filter(|t| t.ends_with("2023") || t.ends_with("2024"))
                .count()
        };
        assert_eq!(month_labels(&wide), 24);
        let few = month_labels(&narrow);
        assert!((2..=8).contains(&few), "{few}");
    }

    #[test]
    fn bands_benchmarks_markers_and_rolling_average() {
        let values: Vec<Option<u64>> = (0..30).map(|i| Some(100 + (i % 5) * 10)).collect();
        let mut spec = TimeSeries::monthly(frame(), "Burglary", &monthly(&values));
        spec.lines[0].interval = (0..30)
            .map(|i| if i == 10 { None } else { Some((80.0, 160.0)) })
            .collect();
        spec.benchmarks = vec![
            TimeLine {
                name: "England".into(),
                values: vec![Some(120.0); 30],
                interval: vec![],
            },
            TimeLine {
                name: "London".into(),
                values: vec![Some(130.0); 30],
                interval: vec![],
            },
        ];
        spec.markers = vec![PeriodMarker {
            at: 12,
            label: "Definition changed".into(),
            note: "<b>new</b> rules".into(),
        }];
        spec.rolling_12 = true;
        let chart = time_series(&spec).unwrap();
        let doc = parse(&chart.svg);
        assert_eq!(
            doc.count("polygon", "band"),
            2,
            "the band breaks where unknown"
        );
        assert_eq!(doc.count("g", "benchmark"), 2);
        let dashes: Vec<&str> = doc
            .descendants_of_class("benchmark")
            .filter_map(|n| n.attribute("stroke-dasharray"))
            .collect();
        assert_eq!(
            dashes,
            vec!["6 4", "2 3"],
            "benchmarks differ by dash, not colour"
        );
        assert_eq!(doc.count("g", "definition-change"), 1);
        let rolling = doc.polyline_points("line");
        assert!(rolling.len() >= 4);
        let direct: Vec<String> = doc.texts_of_class("direct-label");
        assert!(direct.contains(&"England".to_owned()) && direct.contains(&"London".to_owned()));
        assert!(
            chart
                .summary
                .contains("A marker at Jan 2024 notes: <b>new</b> rules")
        );
        assert_eq!(
            chart.table.columns,
            vec![
                "Period",
                "Burglary",
                "Burglary 95% CI lower",
                "Burglary 95% CI upper",
                "Burglary (12-month rolling average)",
                "England",
                "London",
                "Note"
            ]
        );
        assert_eq!(chart.table.rows.len(), 30);
        assert_eq!(chart.table.rows[11][4], Cell::Number(117.5, 1));
        assert!(matches!(chart.table.rows[10][4], Cell::Missing(_)));
        assert!(chart.csv().starts_with("Period,Burglary,"));
    }

    #[test]
    fn long_series_are_downsampled_but_keep_their_peak() {
        let mut values: Vec<Option<u64>> = (0..5_000).map(|i| Some(i % 10)).collect();
        values[2_500] = Some(1_000);
        let points: Vec<(Month, Option<u64>)> = Month::new(1600, 1)
            .unwrap()
            .through(Month::new(2099, 12).unwrap())
            .zip(values)
            .collect();
        let spec = TimeSeries::monthly(frame(), "Long", &points);
        let chart = time_series(&spec).unwrap();
        let doc = parse(&chart.svg);
        let drawn: usize = doc.polyline_points("line").iter().map(Vec::len).sum();
        assert!(drawn < 5_000 / 2, "{drawn}");
        let top = doc
            .polyline_points("line")
            .iter()
            .flatten()
            .map(|p| p.1)
            .fold(f64::MAX, f64::min);
        let thousand = doc.tick_y("1,000").unwrap();
        assert!((top - thousand).abs() <= 1.0);
        assert_eq!(
            chart.table.rows.len(),
            5_000,
            "the table keeps every period"
        );
    }

    #[test]
    fn degenerate_input_never_panics() {
        let f = frame();
        assert!(time_series(&TimeSeries::default()).is_err());
        for values in [
            vec![],
            vec![None, None],
            vec![Some(0), Some(0)],
            vec![Some(u64::MAX)],
        ] {
            let spec = TimeSeries::monthly(f.clone(), "X", &monthly(&values));
            if let Ok(chart) = time_series(&spec) {
                parse(&chart.svg);
            }
        }
        let mut spec = TimeSeries::monthly(f, "X", &monthly(&[Some(1), Some(2)]));
        spec.lines[0].values = vec![Some(f64::NAN), Some(f64::INFINITY), Some(-1e308)];
        spec.lines[0].interval = vec![Some((5.0, 1.0))];
        spec.markers.push(PeriodMarker {
            at: 99,
            label: String::new(),
            note: String::new(),
        });
        let chart = time_series(&spec).unwrap();
        parse(&chart.svg);
        assert!(
            time_series(&TimeSeries::monthly(frame(), "X", &monthly(&[None])))
                .unwrap()
                .svg
                .contains("No data for any period")
        );
    }

    #[test]
    fn hostile_names_are_escaped_and_cut() {
        let name = format!(
            "=cmd|' /C calc'!A0 <img src=x onerror=alert(1)> {}",
            "ب".repeat(80)
        );
        let mut spec = TimeSeries::monthly(frame(), &name, &monthly(&[Some(1), Some(2)]));
        spec.benchmarks.push(TimeLine {
            name: "England 🏴󠁧󠁢󠁥󠁮󠁧󠁿".into(),
            values: vec![Some(1.0), Some(1.0)],
            interval: vec![],
        });
        let chart = time_series(&spec).unwrap();
        let doc = parse(&chart.svg);
        assert!(!chart.svg.contains("<img"));
        let truncated = doc.truncated();
        assert!(
            truncated
                .iter()
                .any(|(full, shown)| full.starts_with("=cmd") && shown.ends_with('…'))
        );
        assert!(chart.csv().starts_with("Period,'=cmd"));
    }

    #[test]
    fn definition_changes_become_markers() {
        let periods: Vec<Period> = Month::new(2013, 1)
            .unwrap()
            .through(Month::new(2013, 12).unwrap())
            .map(Period::Month)
            .collect();
        let markers = definition_markers("Other theft", &periods);
        assert_eq!(markers.len(), 1);
        assert_eq!(markers[0].at, 4);
        assert!(definition_markers("Burglary", &periods).is_empty());
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
    fn svg_is_small_for_a_year() {
        let spec = TimeSeries::monthly(frame(), "Burglary", &monthly(&[Some(10); 12]));
        let chart = time_series(&spec).unwrap();
        assert!(chart.svg.len() < 12_000, "{}", chart.svg.len());
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
        assert!(svg.contains("2023/24 Q3"), "{svg}");
        let words = describe_periods("Burglary", "quarter", &points[..2]);
        assert!(words.contains("2 quarters"), "{words}");
        assert!(
            words.contains("2023/24 Q1") && words.contains("2023/24 Q2"),
            "{words}"
        );
        assert!(!words.contains("period"), "{words}");
    }

    #[test]
    fn a_lone_line_of_counts_exports_its_values_as_crimes_not_the_title() {
        let points: Vec<(Period, Option<u64>)> = (1..=3)
            .map(|m| (Period::month(2023, m).unwrap(), Some(u64::from(m))))
            .collect();
        let one = [PeriodLineSeries {
            name: "Burglary by month, Westminster".into(),
            colour: CATEGORICAL[0],
            points: points.clone(),
        }];
        let chart = period_line_chart(&one[0].name, "d", &one, (640, 320)).unwrap();
        assert_eq!(chart.table.columns, vec!["Period", "Crimes"]);
        assert!(chart.csv().starts_with("Period,Crimes\r\nJan 2023,1\r\n"));
        // Two lines are told apart by their names.
        let two = [
            one[0].clone(),
            PeriodLineSeries {
                name: "Robbery".into(),
                ..one[0].clone()
            },
        ];
        let chart = period_line_chart("Two", "d", &two, (640, 320)).unwrap();
        assert_eq!(
            chart.table.columns,
            vec!["Period", "Burglary by month, Westminster", "Robbery"]
        );
    }
}
