//! Funnel plots: each area's value against its size, with the baseline and the 95% and
//! 99.8% control limits from [`crate::stats::funnel`] narrowing as size grows. Areas outside
//! a limit are drawn as triangles pointing the way they lie (filled beyond 99.8%, hollow
//! beyond 95% only), areas within as grey circles, so no result rests on colour.

use super::frame::{
    Anchor, Axis, Canvas, Dash, LegendItem, Margins, Shape, Style, Swatch, extent, spread,
};
use super::palette::{CATEGORICAL, Colour, FOCUS, REFERENCE, SECONDARY, WHITE};
use super::text::{clean, format_number};
use super::{Cell, Chart, ChartError, DataTable, Frame};
use crate::stats::funnel::{
    FunnelSignificance, PoissonLimit, ProportionFunnelRow, RateFunnelRow, RatioFunnelRow,
};

/// The funnel's lines as (size, value) points.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FunnelLines {
    pub baseline: f64,
    pub lower_95: Vec<(f64, f64)>,
    pub upper_95: Vec<(f64, f64)>,
    pub lower_998: Vec<(f64, f64)>,
    pub upper_998: Vec<(f64, f64)>,
}

impl FunnelLines {
    /// Proportion limits, by denominator.
    pub fn from_proportion(rows: &[ProportionFunnelRow]) -> FunnelLines {
        let line = |f: fn(&ProportionFunnelRow) -> f64| {
            rows.iter().map(|r| (r.population, f(r))).collect()
        };
        FunnelLines {
            baseline: rows.first().map_or(f64::NAN, |r| r.baseline),
            lower_95: line(|r| r.lower_95),
            upper_95: line(|r| r.upper_95),
            lower_998: line(|r| r.lower_998),
            upper_998: line(|r| r.upper_998),
        }
    }

    /// Rate limits, by population per year.
    pub fn from_rate(rows: &[RateFunnelRow]) -> FunnelLines {
        let line = |f: fn(&RateFunnelRow) -> PoissonLimit| {
            rows.iter().map(|r| (f(r).size, f(r).value)).collect()
        };
        FunnelLines {
            baseline: rows.first().map_or(f64::NAN, |r| r.baseline),
            lower_95: line(|r| r.lower_95),
            upper_95: line(|r| r.upper_95),
            lower_998: line(|r| r.lower_998),
            upper_998: line(|r| r.upper_998),
        }
    }

    /// Ratio limits, by expected events; `baseline` is 0 for ratio − 1, 100 for ratio × 100.
    pub fn from_ratio(rows: &[RatioFunnelRow], baseline: f64) -> FunnelLines {
        let line = |f: fn(&RatioFunnelRow) -> PoissonLimit| {
            rows.iter().map(|r| (f(r).size, f(r).value)).collect()
        };
        FunnelLines {
            baseline,
            lower_95: line(|r| r.lower_95),
            upper_95: line(|r| r.upper_95),
            lower_998: line(|r| r.lower_998),
            upper_998: line(|r| r.upper_998),
        }
    }
}

/// One area on the funnel.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelPoint {
    pub name: String,
    pub size: f64,
    pub value: f64,
    pub significance: FunnelSignificance,
    /// The user's own area: drawn larger and named.
    pub highlight: bool,
}

/// A funnel plot.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FunnelPlot {
    pub frame: Frame,
    pub lines: FunnelLines,
    pub points: Vec<FunnelPoint>,
    /// What the size is (e.g. "Population").
    pub x_title: String,
    /// What the value is (e.g. "Rate per 1,000").
    pub y_title: String,
    pub decimals: u8,
}

fn look(s: FunnelSignificance) -> (Shape, Colour, Colour, &'static str) {
    match s {
        FunnelSignificance::High001 => (
            Shape::TriangleUp,
            CATEGORICAL[2],
            CATEGORICAL[2],
            "Above 99.8% limit",
        ),
        FunnelSignificance::High025 => {
            (Shape::TriangleUp, WHITE, CATEGORICAL[2], "Above 95% limit")
        }
        FunnelSignificance::Low001 => (
            Shape::TriangleDown,
            CATEGORICAL[0],
            CATEGORICAL[0],
            "Below 99.8% limit",
        ),
        FunnelSignificance::Low025 => (
            Shape::TriangleDown,
            WHITE,
            CATEGORICAL[0],
            "Below 95% limit",
        ),
        FunnelSignificance::NotSignificant => {
            (Shape::Circle, FOCUS, SECONDARY, "Within 95% limits")
        }
        FunnelSignificance::NotApplicableDsr => (
            Shape::Circle,
            WHITE,
            SECONDARY,
            "Not judged (fewer than 10 events)",
        ),
    }
}

fn finite_points(line: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut points: Vec<(f64, f64)> = line
        .iter()
        .copied()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    points
}

/// Draws the funnel plot. Errors when there are neither points nor lines.
pub fn funnel_plot(spec: &FunnelPlot) -> Result<Chart, ChartError> {
    let lines = [
        ("upper-998", "99.8%", Dash::Dotted, &spec.lines.upper_998),
        ("upper-95", "95%", Dash::Dashed, &spec.lines.upper_95),
        ("lower-95", "95%", Dash::Dashed, &spec.lines.lower_95),
        ("lower-998", "99.8%", Dash::Dotted, &spec.lines.lower_998),
    ];
    let shown: Vec<&FunnelPoint> = spec
        .points
        .iter()
        .filter(|p| p.size.is_finite() && p.value.is_finite())
        .filter(|p| p.significance != FunnelSignificance::NotApplicableDsr)
        .collect();
    let limit_points: Vec<Vec<(f64, f64)>> =
        lines.iter().map(|(_, _, _, l)| finite_points(l)).collect();
    if shown.is_empty() && limit_points.iter().all(Vec::is_empty) {
        return Err(ChartError("there are no areas or limits to plot".into()));
    }
    let baseline = Some(spec.lines.baseline).filter(|b| b.is_finite());

    // The value axis covers the areas and the baseline with room around them; limits that
    // run beyond it (at the smallest sizes) are cut at the plot's edge.
    let (lo, hi) = extent(shown.iter().map(|p| p.value).chain(baseline), false);
    let pad = (hi - lo) * 0.3;
    let non_negative = lo >= 0.0;
    let y_ends = [
        if non_negative {
            (lo - pad).max(0.0)
        } else {
            lo - pad
        },
        hi + pad,
    ];
    let y_axis = Axis::numeric(y_ends.into_iter(), false, 6, &spec.y_title, "");
    let sizes = shown
        .iter()
        .map(|p| p.size)
        .chain(limit_points.iter().flatten().map(|p| p.0));
    let x_axis = Axis {
        grid: true,
        ..Axis::numeric(sizes, true, 6, &spec.x_title, "")
    };

    let mut legend = vec![
        LegendItem {
            swatch: Swatch::Line {
                colour: REFERENCE,
                dash: Dash::Solid,
                shape: None,
            },
            label: "Baseline".to_owned(),
        },
        LegendItem {
            swatch: Swatch::Line {
                colour: REFERENCE,
                dash: Dash::Dashed,
                shape: None,
            },
            label: "95% limits".to_owned(),
        },
        LegendItem {
            swatch: Swatch::Line {
                colour: REFERENCE,
                dash: Dash::Dotted,
                shape: None,
            },
            label: "99.8% limits".to_owned(),
        },
    ];
    for s in [
        FunnelSignificance::High001,
        FunnelSignificance::High025,
        FunnelSignificance::NotSignificant,
        FunnelSignificance::Low025,
        FunnelSignificance::Low001,
    ] {
        if shown.iter().any(|p| p.significance == s) {
            let (shape, fill, edge, words) = look(s);
            legend.push(LegendItem {
                swatch: Swatch::Mark { shape, fill, edge },
                label: words.to_owned(),
            });
        }
    }
    let margins = Margins::beside_values(&y_axis, 60.0);
    let mut canvas = Canvas::new(&spec.frame, &legend, margins, Some((&x_axis, &y_axis)))?;

    canvas.open_clipped("limits");
    if let Some(b) = baseline {
        let y = canvas.y.at(b);
        let (l, r) = (canvas.plot.left, canvas.plot.right);
        canvas.segment((l, y), (r, y), REFERENCE, 1.5, Dash::Solid, "baseline");
    }
    let mut ends = Vec::new();
    for ((class, words, dash, _), points) in lines.iter().zip(&limit_points) {
        let pixels: Vec<(f64, f64)> = points
            .iter()
            .map(|(x, y)| (canvas.x.at(*x), canvas.y.at(*y)))
            .collect();
        canvas.polyline(&pixels, REFERENCE, 1.5, *dash, class);
        if let Some(last) = pixels.last() {
            ends.push((last.1, *words));
        }
    }
    canvas.close();
    let (top, bottom) = (canvas.plot.top, canvas.plot.bottom);
    let mut ys: Vec<f64> = ends.iter().map(|e| e.0.clamp(top, bottom) + 4.0).collect();
    spread(&mut ys, 13.0, top + 8.0, bottom + 4.0);
    for (y, (_, words)) in ys.iter().zip(&ends) {
        let style = Style {
            colour: SECONDARY,
            ..Style::label(Anchor::Start, 52.0)
        };
        canvas.text(canvas.plot.right + 6.0, *y, words, style, "limit-label");
    }

    canvas.open("areas", "");
    // The highlighted area last, so it is drawn on top.
    let mut order: Vec<&FunnelPoint> = shown.clone();
    order.sort_by_key(|p| p.highlight);
    for p in order {
        let (shape, fill, edge, words) = look(p.significance);
        let at = (canvas.x.at(p.size), canvas.y.at(p.value));
        let r = if p.highlight { 6.5 } else { 4.0 };
        let title = format!(
            "{}: {} at {} — {words}",
            clean(&p.name),
            format_number(p.value, spec.decimals),
            format_number(p.size, 0)
        );
        let data = format!(" data-significance=\"{}\"", p.significance.label());
        canvas.shape_with(shape, at, r, fill, edge, "area", &data, &title);
        if p.highlight {
            // Named on whichever side has room.
            let right_room = (canvas.plot.right + 50.0 - at.0 - 9.0).min(160.0);
            let (x, anchor, room) = if right_room >= 80.0 {
                (at.0 + 9.0, Anchor::Start, right_room)
            } else {
                (
                    at.0 - 9.0,
                    Anchor::End,
                    (at.0 - 9.0 - canvas.plot.left).min(160.0),
                )
            };
            let style = Style {
                bold: true,
                ..Style::label(anchor, room)
            };
            canvas.text(x, at.1 - 8.0, &p.name, style, "area-name");
        }
    }
    canvas.close();

    Ok(Chart::assemble(
        &spec.frame,
        canvas,
        summarise(spec),
        table(spec),
    ))
}

fn summarise(spec: &FunnelPlot) -> String {
    let d = spec.decimals;
    let mut text = format!("{} areas", spec.points.len());
    if spec.lines.baseline.is_finite() {
        text.push_str(&format!(
            " around a baseline of {}",
            format_number(spec.lines.baseline, d)
        ));
    }
    text.push('.');
    for s in [
        FunnelSignificance::High001,
        FunnelSignificance::High025,
        FunnelSignificance::Low025,
        FunnelSignificance::Low001,
        FunnelSignificance::NotApplicableDsr,
    ] {
        let names: Vec<String> = spec
            .points
            .iter()
            .filter(|p| p.significance == s)
            .map(|p| clean(&p.name))
            .collect();
        if !names.is_empty() {
            let list = if names.len() <= 6 {
                names.join(", ")
            } else {
                format!("{} areas", names.len())
            };
            text.push_str(&format!(" {}: {list}.", look(s).3));
        }
    }
    let within = spec
        .points
        .iter()
        .filter(|p| p.significance == FunnelSignificance::NotSignificant)
        .count();
    text.push_str(&format!(" {within} within the 95% limits."));
    text
}

fn table(spec: &FunnelPlot) -> DataTable {
    let columns = [
        "Area",
        spec.x_title.as_str(),
        spec.y_title.as_str(),
        "Against the funnel",
    ];
    DataTable {
        caption: clean(&spec.frame.title),
        columns: columns.iter().map(|c| clean(c)).collect(),
        rows: spec
            .points
            .iter()
            .map(|p| {
                vec![
                    Cell::Text(p.name.clone()),
                    Cell::number(Some(p.size), 0, "not known"),
                    Cell::number(Some(p.value), spec.decimals, "not known"),
                    Cell::Text(look(p.significance).3.to_owned()),
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::charts::test_support::parse;
    use crate::stats::funnel::{
        FunnelArea, proportion_funnel_limits, proportion_funnel_significance,
    };

    fn areas() -> Vec<FunnelArea> {
        [
            (30.0, 100.0),
            (200.0, 1000.0),
            (90.0, 300.0),
            (150.0, 1200.0),
            (60.0, 400.0),
        ]
        .iter()
        .map(|&(numerator, denominator)| FunnelArea {
            numerator,
            denominator,
        })
        .collect()
    }

    fn plot() -> FunnelPlot {
        let areas = areas();
        let rows = proportion_funnel_limits(&areas, 100.0).unwrap();
        let significance = proportion_funnel_significance(&areas).unwrap();
        FunnelPlot {
            frame: Frame::new("f", "Two areas are above the funnel", (760, 420)),
            lines: FunnelLines::from_proportion(&rows),
            points: areas
                .iter()
                .zip(significance)
                .enumerate()
                .map(|(i, (a, s))| FunnelPoint {
                    name: format!("Area {i}"),
                    size: a.denominator,
                    value: a.numerator / a.denominator * 100.0,
                    significance: s,
                    highlight: i == 2,
                })
                .collect(),
            x_title: "Denominator".into(),
            y_title: "Percentage".into(),
            decimals: 1,
        }
    }

    #[test]
    fn limits_sit_at_their_values() {
        let spec = plot();
        let chart = funnel_plot(&spec).unwrap();
        let doc = parse(&chart.svg);
        for class in ["upper-998", "upper-95", "lower-95", "lower-998"] {
            assert_eq!(doc.count("polyline", class), 1, "{class}");
        }
        assert_eq!(doc.count("g", "area"), 5);
        // Baseline: the pooled proportion 530 / 3000 = 17.7%.
        let baseline_y = doc.polyline_points("baseline")[0][0].1;
        let (t10, t20) = (doc.tick_y("10").unwrap(), doc.tick_y("20").unwrap());
        let expected = t10 + (530.0 / 3000.0 * 100.0 - 10.0) / 10.0 * (t20 - t10);
        assert!(
            (baseline_y - expected).abs() <= 1.0,
            "{baseline_y} {expected}"
        );
        // The last point of the upper 95% line is the limit at the largest denominator.
        let upper = doc.polyline_points("upper-95")[0].clone();
        let last = spec.lines.upper_95.last().unwrap();
        let expected = t10 + (last.1 - 10.0) / 10.0 * (t20 - t10);
        assert!((upper.last().unwrap().1 - expected).abs() <= 1.0);
        let texts = doc.texts_of_class("limit-label");
        assert_eq!(texts.len(), 4);
        assert_eq!(doc.texts_of_class("area-name"), vec!["Area 2"]);
        assert!(chart.svg.contains("clip-path=\"url(#f-clip-limits)\""));
        assert_eq!(chart.table.rows.len(), 5);
    }

    #[test]
    fn significance_is_shown_by_shape() {
        let mut spec = plot();
        spec.points[0].significance = FunnelSignificance::High001;
        spec.points[1].significance = FunnelSignificance::Low025;
        let chart = funnel_plot(&spec).unwrap();
        let doc = parse(&chart.svg);
        let shapes: Vec<(&str, &str)> = doc
            .all("g", "area")
            .iter()
            .map(|g| {
                (
                    g.attribute("data-significance").unwrap(),
                    g.attribute("data-shape").unwrap(),
                )
            })
            .collect();
        assert!(shapes.contains(&("High (0.001)", "triangle-up")));
        assert!(shapes.contains(&("Low (0.025)", "triangle-down")));
        assert!(
            chart.summary.contains("Above 99.8% limit: Area 0"),
            "{}",
            chart.summary
        );
    }

    #[test]
    fn degenerate_funnels_never_panic() {
        let mut spec = plot();
        spec.points.clear();
        spec.lines = FunnelLines::default();
        assert!(funnel_plot(&spec).is_err());
        spec.points.push(FunnelPoint {
            name: "x".into(),
            size: f64::NAN,
            value: 1.0,
            significance: FunnelSignificance::NotSignificant,
            highlight: true,
        });
        spec.lines.upper_95 = vec![(1.0, f64::INFINITY), (2.0, 1e300)];
        parse(&funnel_plot(&spec).unwrap().svg);
    }
}
