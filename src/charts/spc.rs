//! Statistical process control (XmR) charts in the NHS Making Data Count style, drawn from
//! [`crate::stats::spc::xmr`]: the points joined in grey, each point coloured *and shaped*
//! by its special cause, the mean and process limits of each rebase group as their own
//! segments, an optional target, and the variation and assurance icons with their words.

use super::frame::{Anchor, Axis, Canvas, Dash, LegendItem, Margins, Shape, Style, Swatch};
use super::frame::{label_ticks, spread};
use super::palette::{
    CATEGORICAL, Colour, REFERENCE, SECONDARY, SPC_COMMON, SPC_COMMON_EDGE, SPC_CONCERN,
    SPC_IMPROVEMENT, SPC_IMPROVEMENT_EDGE, SPC_NEUTRAL,
};
use super::text::{clean, format_number};
use super::{Cell, Chart, ChartError, DataTable, Frame};
use crate::model::Period;
use crate::stats::spc::{AssuranceType, PointType, SpcChart, SpcPoint, SpecialCauseType};

/// An XmR chart to draw: the periods its points stand for (one each, in order), the
/// calculated chart, and how to label values.
#[derive(Debug, Clone, PartialEq)]
pub struct SpcSpec<'a> {
    pub frame: Frame,
    pub periods: Vec<Period>,
    pub chart: &'a SpcChart,
    pub y_title: String,
    pub decimals: u8,
    /// The target the assurance icon was judged against, drawn as a line.
    pub target: Option<f64>,
}

/// How a point of each type is drawn and said.
fn look(point: PointType) -> (Shape, Colour, Colour, &'static str) {
    match point {
        PointType::CommonCause => (Shape::Circle, SPC_COMMON, SPC_COMMON_EDGE, "Common cause"),
        PointType::SpecialCauseImprovement => (
            Shape::Diamond,
            SPC_IMPROVEMENT,
            SPC_IMPROVEMENT_EDGE,
            "Special cause: improvement",
        ),
        PointType::SpecialCauseConcern => (
            Shape::Square,
            SPC_CONCERN,
            SPC_CONCERN,
            "Special cause: concern",
        ),
        PointType::SpecialCauseNeutralHigh => (
            Shape::TriangleUp,
            SPC_NEUTRAL,
            SPC_NEUTRAL,
            "Special cause: neither (higher)",
        ),
        PointType::SpecialCauseNeutralLow => (
            Shape::TriangleDown,
            SPC_NEUTRAL,
            SPC_NEUTRAL,
            "Special cause: neither (lower)",
        ),
    }
}

fn is_high(t: SpecialCauseType) -> Option<bool> {
    match t {
        SpecialCauseType::CommonCause => None,
        SpecialCauseType::AboveUcl
        | SpecialCauseType::TrendIncreasing
        | SpecialCauseType::TwoInThreeAbove
        | SpecialCauseType::SevenAbove => Some(true),
        SpecialCauseType::BelowLcl
        | SpecialCauseType::TrendDecreasing
        | SpecialCauseType::TwoInThreeBelow
        | SpecialCauseType::SevenBelow => Some(false),
    }
}

/// The variation icon: the latest point's colour, with H or L for a high or low special
/// cause, and its words.
fn variation_icon(last: &SpcPoint) -> (LegendItem, String) {
    let (_, fill, edge, words) = look(last.point_type);
    let letter = match is_high(last.special_cause_type) {
        Some(true) => 'H',
        Some(false) => 'L',
        None => ' ',
    };
    let sentence = format!("Variation: {}", words.to_lowercase());
    (
        LegendItem {
            swatch: Swatch::Icon { fill, edge, letter },
            label: sentence.clone(),
        },
        sentence,
    )
}

fn assurance_icon(assurance: AssuranceType) -> (LegendItem, String) {
    let (fill, edge, letter, words) = match assurance {
        AssuranceType::ConsistentPass => (
            SPC_IMPROVEMENT,
            SPC_IMPROVEMENT_EDGE,
            'P',
            "Assurance: will consistently meet the target",
        ),
        AssuranceType::ConsistentFail => (
            SPC_CONCERN,
            SPC_CONCERN,
            'F',
            "Assurance: will consistently miss the target",
        ),
        AssuranceType::Inconsistent => (
            SPC_COMMON,
            SPC_COMMON_EDGE,
            '?',
            "Assurance: may meet or miss the target",
        ),
    };
    (
        LegendItem {
            swatch: Swatch::Icon { fill, edge, letter },
            label: words.to_owned(),
        },
        words.to_owned(),
    )
}

/// Draws an XmR chart. Errors when there are no points, or the periods do not match them
/// one for one.
pub fn spc_chart(spec: &SpcSpec<'_>) -> Result<Chart, ChartError> {
    let points = &spec.chart.points;
    let n = points.len();
    if n == 0 {
        return Err(ChartError("there are no points to chart".into()));
    }
    if spec.periods.len() != n {
        return Err(ChartError(format!(
            "{} periods were given for {n} points",
            spec.periods.len()
        )));
    }
    let labels: Vec<String> = spec.periods.iter().map(|p| p.label()).collect();
    let d = spec.decimals;

    let mut legend = Vec::new();
    let mut words = Vec::new();
    if let Some(last) = points.last() {
        let (item, sentence) = variation_icon(last);
        legend.push(item);
        words.push(sentence);
    }
    if let Some(assurance) = spec.chart.summary.assurance_type {
        let (item, sentence) = assurance_icon(assurance);
        legend.push(item);
        words.push(sentence);
    }
    let types = [
        PointType::CommonCause,
        PointType::SpecialCauseImprovement,
        PointType::SpecialCauseConcern,
        PointType::SpecialCauseNeutralHigh,
        PointType::SpecialCauseNeutralLow,
    ];
    for t in types {
        if points.iter().any(|p| p.point_type == t) {
            let (shape, fill, edge, label) = look(t);
            legend.push(LegendItem {
                swatch: Swatch::Mark { shape, fill, edge },
                label: label.to_owned(),
            });
        }
    }
    legend.push(LegendItem {
        swatch: Swatch::Line {
            colour: REFERENCE,
            dash: Dash::Solid,
            shape: None,
        },
        label: "Mean".to_owned(),
    });
    legend.push(LegendItem {
        swatch: Swatch::Line {
            colour: SECONDARY,
            dash: Dash::Dashed,
            shape: None,
        },
        label: "Process limits".to_owned(),
    });
    if spec.target.is_some_and(f64::is_finite) {
        legend.push(LegendItem {
            swatch: Swatch::Line {
                colour: CATEGORICAL[2],
                dash: Dash::Long,
                shape: None,
            },
            label: "Target".to_owned(),
        });
    }

    let values = points
        .iter()
        .flat_map(|p| [p.y, p.lpl, p.upl])
        .chain(spec.target);
    let y_axis = Axis::numeric(values, false, 6, &spec.y_title, "");
    let margins = Margins::beside_values(&y_axis, 130.0);
    let plot_width =
        f64::from(spec.frame.size.0.clamp(120, 4000)) - margins.left - margins.right - 16.0;
    let x_axis = Axis::indexed(n, label_ticks(&labels, plot_width), "");
    let mut canvas = Canvas::new(&spec.frame, &legend, margins, Some((&x_axis, &y_axis)))?;

    // Mean and limits per rebase group, each group its own segment.
    let mut start = 0;
    let mut groups = Vec::new();
    while start < n {
        let group = points.get(start).map_or(0, |p| p.rebase_group);
        let len = points
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(|p| p.rebase_group == group)
            .count()
            .max(1);
        groups.push((start, start + len - 1));
        start += len;
    }
    for (k, &(first, last)) in groups.iter().enumerate() {
        let Some(p) = points.get(first) else { continue };
        let (x0, x1) = (
            canvas.x.at(first as f64 - 0.4),
            canvas.x.at(last as f64 + 0.4),
        );
        canvas.open("rebase-group", &format!(" data-group=\"{k}\""));
        for (value, colour, dash, class) in [
            (p.mean, REFERENCE, Dash::Solid, "mean"),
            (p.upl, SECONDARY, Dash::Dashed, "upper-limit"),
            (p.lpl, SECONDARY, Dash::Dashed, "lower-limit"),
        ] {
            let y = canvas.y.at(value);
            canvas.segment((x0, y), (x1, y), colour, 1.5, dash, class);
        }
        canvas.close();
        if k > 0 {
            let x = canvas.x.at(first as f64 - 0.5);
            let style = Style {
                colour: SECONDARY,
                ..Style::label(Anchor::Start, 80.0)
            };
            canvas.text(
                x + 3.0,
                canvas.plot.top + 12.0,
                "Rebased",
                style,
                "rebase-label",
            );
        }
    }
    if let Some(target) = spec.target.filter(|t| t.is_finite()) {
        let y = canvas.y.at(target);
        let (l, r) = (canvas.plot.left, canvas.plot.right);
        canvas.segment((l, y), (r, y), CATEGORICAL[2], 2.0, Dash::Long, "target");
    }

    let line: Vec<(f64, Option<f64>)> = points
        .iter()
        .enumerate()
        .map(|(i, p)| (i as f64, Some(p.y)))
        .collect();
    canvas.line_with_gaps(&line, SPC_COMMON_EDGE, 1.5, Dash::Solid, "data-line");
    let r = if n as f64 > canvas.plot.width() / 6.0 {
        2.5
    } else {
        4.5
    };
    canvas.open("points", "");
    for (i, p) in points.iter().enumerate() {
        let (shape, fill, edge, words) = look(p.point_type);
        let label = labels.get(i).map(String::as_str).unwrap_or_default();
        let title = format!("{label}: {} — {words}", format_number(p.y, d));
        let data = format!(" data-type=\"{}\"", p.point_type.label());
        let at = (canvas.x.at(i as f64), canvas.y.at(p.y));
        canvas.shape_with(shape, at, r, fill, edge, "point", &data, &title);
    }
    canvas.close();

    if let Some(last) = points.last() {
        let mut labels_at = [
            canvas.y.at(last.upl) + 4.0,
            canvas.y.at(last.mean) + 4.0,
            canvas.y.at(last.lpl) + 4.0,
        ];
        spread(
            &mut labels_at,
            14.0,
            canvas.plot.top + 8.0,
            canvas.plot.bottom + 4.0,
        );
        let x = canvas.plot.right + 6.0;
        for (y, (name, value)) in labels_at.iter().zip([
            ("Upper limit", last.upl),
            ("Mean", last.mean),
            ("Lower limit", last.lpl),
        ]) {
            let style = Style {
                colour: SECONDARY,
                ..Style::label(Anchor::Start, 120.0)
            };
            let text = format!("{name} {}", format_number(value, d));
            canvas.text(x, *y, &text, style, "limit-label");
        }
    }

    let summary = summarise(spec, &labels, &words, groups.len());
    let table = table(spec, &labels);
    Ok(Chart::assemble(&spec.frame, canvas, summary, table))
}

fn summarise(spec: &SpcSpec<'_>, labels: &[String], icons: &[String], groups: usize) -> String {
    let s = &spec.chart.summary;
    let d = spec.decimals;
    let (first, last) = (
        labels.first().cloned().unwrap_or_default(),
        labels.last().cloned().unwrap_or_default(),
    );
    let mut text = format!(
        "{} points from {first} to {last}. {} {}, process limits {} to {}.",
        s.n,
        match groups {
            0 | 1 => "Mean".to_owned(),
            2 => "Rebased once; latest mean".to_owned(),
            g => format!("Rebased {} times; latest mean", g - 1),
        },
        format_number(s.last_mean, d),
        format_number(s.last_lpl, d),
        format_number(s.last_upl, d),
    );
    text.push_str(&format!(
        " Special-cause points: {} improvement, {} concern, {} neither.",
        s.n_special_cause_improvement, s.n_special_cause_concern, s.n_special_cause_neutral
    ));
    if let Some(p) = spec.chart.points.last() {
        text.push_str(&format!(" Latest, {last}: {}.", format_number(p.y, d)));
    }
    for sentence in icons {
        text.push_str(&format!(" {sentence}."));
    }
    if s.short_group_warning {
        text.push_str(" Fewer than 12 points in a group: the limits are not yet reliable.");
    }
    text
}

fn table(spec: &SpcSpec<'_>, labels: &[String]) -> DataTable {
    let d = spec.decimals;
    let columns = [
        "Period",
        "Value",
        "Mean",
        "Lower process limit",
        "Upper process limit",
        "Special-cause rule",
        "Variation",
    ];
    DataTable {
        caption: clean(&spec.frame.title),
        columns: columns.iter().map(|c| (*c).to_owned()).collect(),
        rows: spec
            .chart
            .points
            .iter()
            .zip(labels)
            .map(|(p, label)| {
                vec![
                    Cell::Text(label.clone()),
                    Cell::number(Some(p.y), d, ""),
                    Cell::number(Some(p.mean), d.saturating_add(1), ""),
                    Cell::number(Some(p.lpl), d.saturating_add(1), ""),
                    Cell::number(Some(p.upl), d.saturating_add(1), ""),
                    Cell::Text(p.special_cause_type.label().to_owned()),
                    Cell::Text(look(p.point_type).3.to_owned()),
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::charts::test_support::{Doc, parse};
    use crate::model::Month;
    use crate::stats::spc::{ImprovementDirection, SpcOptions, xmr};

    fn periods(n: usize) -> Vec<Period> {
        Month::new(2021, 1)
            .unwrap()
            .through(Month::new(2099, 1).unwrap())
            .take(n)
            .map(Period::Month)
            .collect()
    }

    fn spec<'a>(chart: &'a SpcChart, target: Option<f64>) -> SpcSpec<'a> {
        SpcSpec {
            frame: Frame::new("spc", "Burglary is in common-cause variation", (800, 400)),
            periods: periods(chart.points.len()),
            chart,
            y_title: "Number of crimes".into(),
            decimals: 0,
            target,
        }
    }

    fn values() -> Vec<f64> {
        let mut v: Vec<f64> = (0..24).map(|i| 50.0 + f64::from(i % 3) * 2.0).collect();
        v[23] = 90.0; // above the upper limit
        v
    }

    #[test]
    fn points_are_coloured_and_shaped_by_special_cause() {
        let options = SpcOptions {
            improvement_direction: ImprovementDirection::Decrease,
            target: Some(40.0),
            ..SpcOptions::default()
        };
        let chart = xmr(&values(), &options).unwrap();
        let drawn = spc_chart(&spec(&chart, Some(40.0))).unwrap();
        let doc = parse(&drawn.svg);
        let points = doc.all("g", "point");
        assert_eq!(points.len(), 24);
        let concern: Vec<_> = points
            .iter()
            .filter(|p| p.attribute("data-type") == Some("special_cause_concern"))
            .collect();
        assert_eq!(concern.len(), 1);
        assert_eq!(concern[0].attribute("data-shape"), Some("square"));
        let common = points
            .iter()
            .filter(|p| p.attribute("data-type") == Some("common_cause"))
            .count();
        assert_eq!(common, 23);
        assert!(drawn.summary.contains("1 concern"));
        assert!(
            drawn
                .summary
                .starts_with("24 points from Jan 2021 to Dec 2022. Mean ")
        );
        assert!(drawn.summary.contains("Variation: special cause: concern"));
        assert!(drawn.summary.contains("Assurance"));
        let legend = doc.texts_of_class("legend-label");
        assert!(legend.iter().any(|l| l == "Special cause: concern"));
        assert_eq!(doc.count("g", "icon"), 2, "variation and assurance icons");
        assert_eq!(drawn.table.rows.len(), 24);
        assert_eq!(
            drawn.table.rows[23][6],
            Cell::Text("Special cause: concern".into())
        );
    }

    fn segment_y(doc: &Doc<'_>, class: &str) -> Vec<f64> {
        doc.polyline_points(class).iter().map(|p| p[0].1).collect()
    }

    #[test]
    fn limits_sit_at_their_values_and_rebase_makes_segments() {
        let mut v: Vec<f64> = (0..15).map(|i| 20.0 + f64::from(i % 2) * 4.0).collect();
        v.extend((0..15).map(|i| 60.0 + f64::from(i % 2) * 4.0));
        let options = SpcOptions {
            rebase_at_index: vec![15],
            ..SpcOptions::default()
        };
        let chart = xmr(&v, &options).unwrap();
        let drawn = spc_chart(&spec(&chart, None)).unwrap();
        let doc = parse(&drawn.svg);
        assert_eq!(doc.count("g", "rebase-group"), 2);
        let means = segment_y(&doc, "mean");
        assert_eq!(means.len(), 2);
        // Mean of the first group is 22, of the second 62; the axis ticks place them.
        let (t20, t40) = (doc.tick_y("20").unwrap(), doc.tick_y("40").unwrap());
        let per_unit = (t20 - t40) / 20.0;
        assert!(
            (means[0] - (t20 - 2.0 * per_unit)).abs() <= 1.0,
            "{means:?}"
        );
        let upper = segment_y(&doc, "upper-limit");
        let expected_upl = chart.points[0].upl;
        assert!((upper[0] - (t20 - (expected_upl - 20.0) * per_unit)).abs() <= 1.0);
        assert!(drawn.summary.contains("Rebased once"));
        assert_eq!(doc.texts_of_class("rebase-label"), vec!["Rebased"]);
    }

    #[test]
    fn mismatched_or_empty_input_is_an_error() {
        let chart = xmr(&[1.0, 2.0, 3.0], &SpcOptions::default()).unwrap();
        let mut s = spec(&chart, None);
        s.periods.pop();
        assert!(spc_chart(&s).is_err());
        let empty = SpcChart {
            points: vec![],
            summary: chart.summary.clone(),
        };
        assert!(spc_chart(&spec(&empty, None)).is_err());
        // Flat data: zero-width limits still draw.
        let flat = xmr(&[5.0; 12], &SpcOptions::default()).unwrap();
        parse(&spc_chart(&spec(&flat, None)).unwrap().svg);
        let huge = xmr(&[1e300, 1e300, 1e300], &SpcOptions::default()).unwrap();
        parse(&spc_chart(&spec(&huge, None)).unwrap().svg);
    }
}
