//! Fingertips-style spine chart: one row per indicator, the area's value as a marker on a
//! bar that spans England's range of areas (worst on the left, best on the right, England
//! at the centre), with the middle half (25th to 75th percentile) darker. Beside each spine
//! the indicator, the area's and England's values, and the comparison in words.

use super::compare_areas::outcome;
use super::frame::{Anchor, Canvas, Dash, LegendItem, Margins, Shape, Style, Swatch};
use super::palette::{FOCUS, MID_GREY, REFERENCE, SECONDARY, WHITE};
use super::text::{clean, format_number};
use super::{Cell, Chart, ChartError, DataTable, Frame};
use crate::stats::benchmark::{Comparison, Polarity};
use crate::stats::spread::Spread;

/// One indicator of the spine chart.
#[derive(Debug, Clone, PartialEq)]
pub struct SpineRow {
    pub indicator: String,
    pub area_value: Option<f64>,
    pub england: Option<f64>,
    /// England's range of area values (see [`Spread::of`]).
    pub range: Option<Spread>,
    pub comparison: Comparison,
    /// Which end is best; `NoJudgement` puts the lowest on the left.
    pub polarity: Polarity,
    pub decimals: u8,
}

/// A spine chart for one area.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SpineSpec {
    pub frame: Frame,
    pub area_name: String,
    /// The benchmark at the centre, usually "England".
    pub benchmark_name: String,
    pub rows: Vec<SpineRow>,
}

fn shape_of(c: &Comparison) -> Shape {
    match c {
        Comparison::Better | Comparison::Best | Comparison::Lower | Comparison::MuchLower => {
            Shape::Circle
        }
        Comparison::Worse | Comparison::Worst | Comparison::Higher | Comparison::MuchHigher => {
            Shape::Square
        }
        Comparison::Similar => Shape::Diamond,
        Comparison::NotCompared { .. } => Shape::Circle,
    }
}

/// Where a value sits along the spine, 0 (worst or lowest) to 1 (best or highest), England
/// at 0.5: the spine is scaled so England's farther end just fits.
fn position(row: &SpineRow, value: f64) -> Option<f64> {
    let england = row.england.filter(|v| v.is_finite())?;
    let range = row.range?;
    let half = (england - range.lowest)
        .abs()
        .max((range.highest - england).abs());
    let t = if half > 0.0 && half.is_finite() {
        0.5 + (value - england) / (2.0 * half)
    } else {
        0.5
    };
    let t = if row.polarity == Polarity::LowIsGood {
        1.0 - t
    } else {
        t
    };
    t.is_finite().then_some(t.clamp(0.0, 1.0))
}

/// Draws the spine chart. Errors when there are no rows.
pub fn spine_chart(spec: &SpineSpec) -> Result<Chart, ChartError> {
    let n = spec.rows.len();
    if n == 0 {
        return Err(ChartError("there are no indicators to show".into()));
    }
    let benchmark = if spec.benchmark_name.trim().is_empty() {
        "England".to_owned()
    } else {
        clean(&spec.benchmark_name)
    };
    let mut legend = vec![
        LegendItem {
            swatch: Swatch::Block {
                fill: FOCUS,
                edge: SECONDARY,
                opacity: 1.0,
            },
            label: format!("{benchmark} range of areas"),
        },
        LegendItem {
            swatch: Swatch::Block {
                fill: MID_GREY,
                edge: MID_GREY,
                opacity: 1.0,
            },
            label: "25th to 75th percentile".to_owned(),
        },
        LegendItem {
            swatch: Swatch::Line {
                colour: REFERENCE,
                dash: Dash::Solid,
                shape: None,
            },
            label: benchmark.clone(),
        },
    ];
    for row in &spec.rows {
        let (words, fill, edge) = outcome(&row.comparison);
        if !legend.iter().any(|l| l.label == words) {
            legend.push(LegendItem {
                swatch: Swatch::Mark {
                    shape: shape_of(&row.comparison),
                    fill,
                    edge,
                },
                label: words.to_owned(),
            });
        }
    }
    let margins = Margins {
        left: 0.0,
        right: 0.0,
        bottom: 0.0,
    };
    let mut canvas = Canvas::new(&spec.frame, &legend, margins, None)?;
    let p = canvas.plot;
    // Columns: indicator, area value, benchmark value, words, then the spine.
    let w = p.width();
    let indicator_w = w * 0.30;
    let number_w = (w * 0.09).max(50.0);
    let words_w = (w * 0.13).max(70.0);
    let value_x = p.left + indicator_w + number_w;
    let england_x = value_x + number_w;
    let words_x = england_x + 10.0;
    let spine_left = words_x + words_w;
    let spine_right = p.right - 6.0;
    let header_h = 18.0;
    let row_h = ((p.height() - header_h) / n as f64).min(30.0);
    let legible = row_h >= 12.0;
    let judged = spec
        .rows
        .iter()
        .filter(|r| matches!(r.polarity, Polarity::LowIsGood | Polarity::HighIsGood))
        .count();
    let (left_word, right_word) = if judged == n {
        ("Worst", "Best")
    } else if judged == 0 {
        ("Lowest", "Highest")
    } else {
        ("Worst or lowest", "Best or highest")
    };
    let header = |canvas: &mut Canvas, x: f64, text: &str, anchor: Anchor, room: f64| {
        let style = Style {
            bold: true,
            ..Style::label(anchor, room)
        };
        canvas.text(x, p.top + 12.0, text, style, "column-head");
    };
    header(
        &mut canvas,
        p.left,
        "Indicator",
        Anchor::Start,
        indicator_w - 6.0,
    );
    header(
        &mut canvas,
        value_x,
        &spec.area_name,
        Anchor::End,
        number_w - 4.0,
    );
    header(
        &mut canvas,
        england_x,
        &benchmark,
        Anchor::End,
        number_w - 4.0,
    );
    header(
        &mut canvas,
        words_x,
        "Compared",
        Anchor::Start,
        words_w - 4.0,
    );
    let spine_w = (spine_right - spine_left).max(10.0);
    header(
        &mut canvas,
        spine_left,
        left_word,
        Anchor::Start,
        spine_w / 2.0,
    );
    header(
        &mut canvas,
        spine_right,
        right_word,
        Anchor::End,
        spine_w / 2.0,
    );

    let at = |t: f64| spine_left + t * spine_w;
    for (i, row) in spec.rows.iter().enumerate() {
        let top = p.top + header_h + i as f64 * row_h;
        let mid = top + row_h / 2.0;
        let half = (row_h * 0.3).min(8.0);
        let (words, fill, edge) = outcome(&row.comparison);
        canvas.open("spine-row", &format!(" data-row=\"{i}\""));
        if legible {
            let d = row.decimals;
            let number = |v: Option<f64>| {
                v.filter(|v| v.is_finite())
                    .map_or_else(|| "–".to_owned(), |v| format_number(v, d))
            };
            let base = Style::label(Anchor::Start, indicator_w - 8.0);
            canvas.text(p.left, mid + 4.0, &row.indicator, base, "indicator");
            let num = Style::label(Anchor::End, number_w - 4.0);
            canvas.text(
                value_x,
                mid + 4.0,
                &number(row.area_value),
                num,
                "area-value",
            );
            canvas.text(
                england_x,
                mid + 4.0,
                &number(row.england),
                num,
                "england-value",
            );
            let words_style = Style::label(Anchor::Start, words_w - 6.0);
            canvas.text(words_x, mid + 4.0, words, words_style, "outcome");
        }
        if let (Some(range), Some(_)) = (row.range, row.england) {
            let ends = |a: f64, b: f64| -> Option<(f64, f64)> {
                let (ta, tb) = (position(row, a)?, position(row, b)?);
                Some((at(ta.min(tb)), at(ta.max(tb))))
            };
            if let Some((l, r)) = ends(range.lowest, range.highest) {
                canvas.rect(
                    (l, mid - half),
                    (r, mid + half),
                    FOCUS,
                    Some(SECONDARY),
                    "range",
                    None,
                );
            }
            if let Some((l, r)) = ends(range.q25, range.q75) {
                canvas.rect(
                    (l, mid - half),
                    (r, mid + half),
                    MID_GREY,
                    None,
                    "middle-half",
                    None,
                );
            }
            let centre = at(0.5);
            canvas.segment(
                (centre, mid - half - 3.0),
                (centre, mid + half + 3.0),
                REFERENCE,
                2.0,
                Dash::Solid,
                "england",
            );
        }
        if let Some(t) = row.area_value.and_then(|v| position(row, v)) {
            let (fill, edge) = if fill == WHITE {
                (WHITE, SECONDARY)
            } else {
                (fill, edge)
            };
            let title = format!(
                "{}: {} — {words}",
                clean(&row.indicator),
                row.area_value
                    .map(|v| format_number(v, row.decimals))
                    .unwrap_or_default()
            );
            canvas.shape_with(
                shape_of(&row.comparison),
                (at(t), mid),
                (half * 0.9).max(3.0),
                fill,
                edge,
                "area-marker",
                "",
                &title,
            );
        }
        canvas.close();
    }

    Ok(Chart::assemble(
        &spec.frame,
        canvas,
        summarise(spec, &benchmark),
        table(spec, &benchmark),
    ))
}

fn summarise(spec: &SpineSpec, benchmark: &str) -> String {
    let mut text = format!(
        "{} on {} indicators compared with {benchmark}.",
        clean(&spec.area_name),
        spec.rows.len()
    );
    let mut groups: Vec<(&'static str, Vec<String>)> = Vec::new();
    for row in &spec.rows {
        let (words, _, _) = outcome(&row.comparison);
        match groups.iter_mut().find(|(w, _)| *w == words) {
            Some((_, names)) => names.push(clean(&row.indicator)),
            None => groups.push((words, vec![clean(&row.indicator)])),
        }
    }
    for (words, names) in groups {
        text.push_str(&format!(" {words}: {}.", names.join("; ")));
    }
    text
}

fn table(spec: &SpineSpec, benchmark: &str) -> DataTable {
    let columns = vec![
        "Indicator".to_owned(),
        clean(&spec.area_name),
        benchmark.to_owned(),
        format!("{benchmark} lowest"),
        format!("{benchmark} 25th percentile"),
        format!("{benchmark} 75th percentile"),
        format!("{benchmark} highest"),
        format!("Compared with {benchmark}"),
    ];
    DataTable {
        caption: clean(&spec.frame.title),
        columns,
        rows: spec
            .rows
            .iter()
            .map(|r| {
                let d = r.decimals;
                let range = |f: fn(&Spread) -> f64| Cell::number(r.range.as_ref().map(f), d, "");
                vec![
                    Cell::Text(r.indicator.clone()),
                    Cell::number(r.area_value, d, "no data"),
                    Cell::number(r.england, d, "no data"),
                    range(|s| s.lowest),
                    range(|s| s.q25),
                    range(|s| s.q75),
                    range(|s| s.highest),
                    Cell::Text(r.comparison.label().to_owned()),
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

    fn row(name: &str, value: f64, polarity: Polarity, c: Comparison) -> SpineRow {
        SpineRow {
            indicator: name.into(),
            area_value: Some(value),
            england: Some(50.0),
            range: Spread::of(&[10.0, 40.0, 50.0, 60.0, 70.0]),
            comparison: c,
            polarity,
            decimals: 1,
        }
    }

    fn spec() -> SpineSpec {
        SpineSpec {
            frame: Frame::new("spine", "Trafford is better on two of three", (900, 300)),
            area_name: "Trafford".into(),
            benchmark_name: "England".into(),
            rows: vec![
                row(
                    "Violent crime",
                    30.0,
                    Polarity::LowIsGood,
                    Comparison::Better,
                ),
                row(
                    "Re-offending",
                    55.0,
                    Polarity::LowIsGood,
                    Comparison::Similar,
                ),
                row(
                    "Satisfaction",
                    65.0,
                    Polarity::HighIsGood,
                    Comparison::Better,
                ),
            ],
        }
    }

    fn marker_x(doc: &Doc<'_>, row: usize) -> f64 {
        let g = doc.all("g", "spine-row")[row];
        let m = g
            .descendants()
            .find(|n| n.attribute("class") == Some("area-marker"))
            .unwrap();
        Doc::centre(&m).0
    }

    #[test]
    fn england_is_centred_and_better_is_to_the_right() {
        let chart = spine_chart(&spec()).unwrap();
        let doc = parse(&chart.svg);
        assert_eq!(doc.count("g", "spine-row"), 3);
        let centre = doc.polyline_points("england")[0][0].0;
        // Range 10–70 around 50: half-width 40, so 30 (low is good) sits a quarter of the
        // way right of centre, and 65 (high is good) three-eighths.
        let ranges = doc.all("rect", "range");
        let x =
            |n: &roxmltree::Node<'_, '_>, a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
        let width = 2.0
            * (centre - x(&ranges[1], "x"))
                .max(x(&ranges[1], "x") + x(&ranges[1], "width") - centre);
        assert!((marker_x(&doc, 0) - (centre + width * 0.25)).abs() <= 1.0);
        assert!((marker_x(&doc, 1) - (centre - width * 0.0625)).abs() <= 1.0);
        assert!((marker_x(&doc, 2) - (centre + width * 0.1875)).abs() <= 1.0);
        assert_eq!(
            doc.texts_of_class("outcome"),
            vec!["Better", "Similar", "Better"]
        );
        assert_eq!(doc.count("rect", "middle-half"), 3);
        assert!(
            doc.texts_of_class("column-head")
                .contains(&"Worst".to_owned())
        );
        assert!(
            chart
                .summary
                .contains("Better: Violent crime; Satisfaction.")
        );
        assert_eq!(chart.table.rows[0][4], Cell::Number(40.0, 1));
    }

    #[test]
    fn missing_values_and_empty_ranges_never_panic() {
        let mut s = spec();
        s.rows[0].area_value = None;
        s.rows[1].range = Spread::of(&[50.0]);
        s.rows[2].england = Some(f64::NAN);
        parse(&spine_chart(&s).unwrap().svg);
        s.rows.clear();
        assert!(spine_chart(&s).is_err());
    }
}
