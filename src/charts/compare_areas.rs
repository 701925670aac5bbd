//! Fingertips-style compare-areas chart: one bar per area with its 95% confidence interval
//! as a whisker, the benchmark (England or the region) as a labelled line, and each area's
//! comparison with the benchmark in words beside its bar (Better, Similar, Worse), the bar
//! coloured to match; the words carry the meaning, the colour only repeats it.

use super::frame::{Anchor, Axis, Canvas, Dash, LegendItem, Margins, Style, Swatch};
use super::palette::{
    BETTER, Colour, HIGHER, LOWER, REFERENCE, SECONDARY, SIMILAR, TEXT, WHITE, WORSE,
};
use super::text::{clean, format_number, text_width};
use super::{Cell, Chart, ChartError, DataTable, Frame};
use crate::stats::benchmark::{Comparison, ValueWithCis};

/// One area: its value with limits, and how it compares with the benchmark.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaBar {
    pub name: String,
    pub value: ValueWithCis,
    pub comparison: Comparison,
    /// The user's own area, named in bold.
    pub highlight: bool,
}

/// Areas to compare, drawn top to bottom in the order given.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CompareAreas {
    pub frame: Frame,
    pub areas: Vec<AreaBar>,
    /// The benchmark's name and value (e.g. "England", 45.2).
    pub benchmark: Option<(String, f64)>,
    /// What the values are (e.g. "Rate per 1,000 people").
    pub value_title: String,
    pub decimals: u8,
}

/// The short words beside a bar and the colours that repeat them.
pub(crate) fn outcome(c: &Comparison) -> (&'static str, Colour, Colour) {
    match c {
        Comparison::Better => ("Better", BETTER, BETTER),
        Comparison::Best => ("Better (99.8%)", BETTER, BETTER),
        Comparison::Similar => ("Similar", SIMILAR, SECONDARY),
        Comparison::Worse => ("Worse", WORSE, WORSE),
        Comparison::Worst => ("Worse (99.8%)", WORSE, WORSE),
        Comparison::Higher => ("Higher", HIGHER, HIGHER),
        Comparison::MuchHigher => ("Higher (99.8%)", HIGHER, HIGHER),
        Comparison::Lower => ("Lower", LOWER, LOWER),
        Comparison::MuchLower => ("Lower (99.8%)", LOWER, LOWER),
        Comparison::NotCompared { .. } => ("Not compared", WHITE, SECONDARY),
    }
}

fn present(v: Option<f64>) -> Option<f64> {
    v.filter(|v| v.is_finite() && *v != crate::stats::benchmark::NULL_VALUE)
}

fn interval(v: &ValueWithCis) -> Option<(f64, f64)> {
    match (present(v.lower95), present(v.upper95)) {
        (Some(l), Some(u)) if l <= u => Some((l, u)),
        _ => None,
    }
}

const OUTCOME_WIDTH: f64 = 110.0;

/// Draws the compare-areas chart. Errors when there are no areas.
pub fn compare_areas(spec: &CompareAreas) -> Result<Chart, ChartError> {
    let n = spec.areas.len();
    if n == 0 {
        return Err(ChartError("there are no areas to compare".into()));
    }
    let width = f64::from(spec.frame.size.0.clamp(120, 4000));
    let label_room = spec
        .areas
        .iter()
        .map(|a| text_width(&clean(&a.name), 12.0))
        .fold(40.0, f64::max)
        .min(width * 0.3);
    let values = spec.areas.iter().flat_map(|a| {
        let (l, u) = interval(&a.value).unzip();
        [present(a.value.value), l, u]
    });
    let all = values.flatten().chain(spec.benchmark.as_ref().map(|b| b.1));
    let x_axis = Axis::numeric(all, true, 6, &spec.value_title, "");
    let y_axis = Axis {
        grid: false,
        ..Axis::indexed(n, Vec::new(), "")
    };
    let mut legend: Vec<LegendItem> = Vec::new();
    for area in &spec.areas {
        let (words, fill, edge) = outcome(&area.comparison);
        if !legend.iter().any(|l| l.label == words) {
            legend.push(LegendItem {
                swatch: Swatch::Block {
                    fill,
                    edge,
                    opacity: 1.0,
                },
                label: words.to_owned(),
            });
        }
    }
    legend.push(LegendItem {
        swatch: Swatch::Line {
            colour: TEXT,
            dash: Dash::Solid,
            shape: None,
        },
        label: "95% confidence interval".to_owned(),
    });
    if let Some((name, _)) = &spec.benchmark {
        legend.push(LegendItem {
            swatch: Swatch::Line {
                colour: REFERENCE,
                dash: Dash::Dashed,
                shape: None,
            },
            label: clean(name),
        });
    }
    let margins = Margins {
        left: label_room + 12.0,
        right: OUTCOME_WIDTH,
        bottom: 28.0,
    };
    let mut canvas = Canvas::new(&spec.frame, &legend, margins, Some((&x_axis, &y_axis)))?;
    let zero = canvas.x.at(0.0);
    let row_height = (canvas.y.at(0.0) - canvas.y.at(1.0)).abs();
    let legible = row_height >= 11.0;
    let half = (row_height * 0.32).min(12.0);
    for (i, area) in spec.areas.iter().enumerate() {
        let mid = canvas.y.at((n - 1 - i) as f64);
        let (words, fill, edge) = outcome(&area.comparison);
        let value = present(area.value.value);
        canvas.open(
            "area",
            &format!(" data-row=\"{i}\" data-outcome=\"{words}\""),
        );
        if legible {
            let style = Style {
                bold: area.highlight,
                ..Style::label(Anchor::End, label_room)
            };
            canvas.text(
                canvas.plot.left - 8.0,
                mid + 4.0,
                &area.name,
                style,
                "area-name",
            );
            let words_style = Style::label(Anchor::Start, OUTCOME_WIDTH - 10.0);
            let right = canvas.plot.right + 8.0;
            let shown = if value.is_none() { "No data" } else { words };
            canvas.text(right, mid + 4.0, shown, words_style, "outcome");
        }
        if let Some(v) = value {
            let title = format!(
                "{}: {} — {}",
                clean(&area.name),
                format_number(v, spec.decimals),
                area.comparison.label()
            );
            let end = canvas.x.at(v);
            canvas.rect(
                (zero, mid - half),
                (end, mid + half),
                fill,
                Some(edge),
                "bar",
                Some(&title),
            );
        }
        if let Some((l, u)) = interval(&area.value) {
            let (xl, xu) = (canvas.x.at(l), canvas.x.at(u));
            let cap = (half * 0.6).max(2.0);
            canvas.segment((xl, mid), (xu, mid), TEXT, 1.5, Dash::Solid, "whisker");
            canvas.segment(
                (xl, mid - cap),
                (xl, mid + cap),
                TEXT,
                1.5,
                Dash::Solid,
                "cap",
            );
            canvas.segment(
                (xu, mid - cap),
                (xu, mid + cap),
                TEXT,
                1.5,
                Dash::Solid,
                "cap",
            );
        }
        canvas.close();
    }
    if let Some((name, value)) = spec.benchmark.as_ref().filter(|b| b.1.is_finite()) {
        let x = canvas.x.at(*value);
        let (top, bottom) = (canvas.plot.top, canvas.plot.bottom);
        canvas.segment(
            (x, top - 4.0),
            (x, bottom),
            REFERENCE,
            2.0,
            Dash::Dashed,
            "benchmark",
        );
        let text = format!("{} {}", clean(name), format_number(*value, spec.decimals));
        let room = (canvas.plot.right + OUTCOME_WIDTH - x).max(60.0);
        canvas.text(
            x + 4.0,
            top - 2.0,
            &text,
            Style::label(Anchor::Start, room),
            "benchmark-label",
        );
    }

    Ok(Chart::assemble(
        &spec.frame,
        canvas,
        summarise(spec),
        table(spec),
    ))
}

fn summarise(spec: &CompareAreas) -> String {
    let d = spec.decimals;
    let mut text = format!("{} areas", spec.areas.len());
    if let Some((name, value)) = &spec.benchmark {
        text.push_str(&format!(
            " compared with {} ({})",
            clean(name),
            format_number(*value, d)
        ));
    }
    text.push('.');
    let mut groups: Vec<(&'static str, Vec<String>)> = Vec::new();
    for area in &spec.areas {
        let (words, _, _) = outcome(&area.comparison);
        match groups.iter_mut().find(|(w, _)| *w == words) {
            Some((_, names)) => names.push(clean(&area.name)),
            None => groups.push((words, vec![clean(&area.name)])),
        }
    }
    for (words, names) in groups {
        if names.len() <= 5 {
            text.push_str(&format!(" {words}: {}.", names.join(", ")));
        } else {
            text.push_str(&format!(" {words}: {} areas.", names.len()));
        }
    }
    let known = spec
        .areas
        .iter()
        .filter_map(|a| present(a.value.value).map(|v| (clean(&a.name), v)));
    let highest = known.clone().reduce(|a, b| if b.1 > a.1 { b } else { a });
    let lowest = known.reduce(|a, b| if b.1 < a.1 { b } else { a });
    if let (Some(h), Some(l)) = (highest, lowest) {
        text.push_str(&format!(
            " Highest {} ({}), lowest {} ({}).",
            h.0,
            format_number(h.1, d),
            l.0,
            format_number(l.1, d)
        ));
    }
    text
}

fn table(spec: &CompareAreas) -> DataTable {
    let d = spec.decimals;
    let columns = [
        "Area",
        "Value",
        "95% CI lower",
        "95% CI upper",
        "Compared with benchmark",
    ];
    DataTable {
        caption: clean(&spec.frame.title),
        columns: columns.iter().map(|c| (*c).to_owned()).collect(),
        rows: spec
            .areas
            .iter()
            .map(|a| {
                let ci = interval(&a.value);
                vec![
                    Cell::Text(a.name.clone()),
                    Cell::number(present(a.value.value), d, "no data"),
                    Cell::number(ci.map(|c| c.0), d, "not known"),
                    Cell::number(ci.map(|c| c.1), d, "not known"),
                    Cell::Text(match a.comparison.reason() {
                        Some(why) => format!("{} ({why})", a.comparison.label()),
                        None => a.comparison.label().to_owned(),
                    }),
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

    fn area(name: &str, v: f64, l: f64, u: f64, c: Comparison) -> AreaBar {
        AreaBar {
            name: name.into(),
            value: ValueWithCis::new(v).with_ci95(l, u),
            comparison: c,
            highlight: name == "Trafford",
        }
    }

    fn spec() -> CompareAreas {
        CompareAreas {
            frame: Frame::new("cmp", "Trafford is similar to England", (760, 320)),
            areas: vec![
                area("Manchester", 80.0, 75.0, 85.0, Comparison::Worse),
                area("Trafford", 52.0, 47.0, 57.0, Comparison::Similar),
                area("Stockport", 40.0, 36.0, 44.0, Comparison::Better),
                AreaBar {
                    name: "Wigan".into(),
                    value: ValueWithCis::default(),
                    comparison: Comparison::NotCompared {
                        reason: "the area value is missing".into(),
                    },
                    highlight: false,
                },
            ],
            benchmark: Some(("England".into(), 50.0)),
            value_title: "Rate per 1,000 people".into(),
            decimals: 1,
        }
    }

    #[test]
    fn bars_whiskers_benchmark_and_words() {
        let chart = compare_areas(&spec()).unwrap();
        let doc = parse(&chart.svg);
        assert_eq!(doc.count("rect", "bar"), 3);
        assert_eq!(doc.count("polyline", "whisker"), 3);
        assert_eq!(doc.count("polyline", "cap"), 6);
        assert_eq!(
            doc.texts_of_class("outcome"),
            vec!["Worse", "Similar", "Better", "No data"]
        );
        let benchmark = doc.polyline_points("benchmark")[0][0].0;
        let (t0, t20) = (doc.tick_x("0").unwrap(), doc.tick_x("20").unwrap());
        let expected = t0 + 2.5 * (t20 - t0);
        assert!(
            (benchmark - expected).abs() <= 2.0,
            "{benchmark} {expected}"
        );
        // The whisker spans the interval.
        let whisker = &doc.polyline_points("whisker")[0];
        let per_unit = (t20 - t0) / 20.0;
        assert!((whisker[0].0 - (t0 + 75.0 * per_unit)).abs() <= 2.0);
        assert!((whisker[1].0 - (t0 + 85.0 * per_unit)).abs() <= 2.0);
        assert_eq!(doc.texts_of_class("benchmark-label"), vec!["England 50.0"]);
        assert!(chart.summary.contains("Worse: Manchester."));
        assert!(chart.summary.contains("Better: Stockport."));
        assert_eq!(
            chart.table.rows[3][4],
            Cell::Text("Not compared (the area value is missing)".into())
        );
        let bold = doc
            .all("text", "area-name")
            .iter()
            .filter(|t| t.attribute("font-weight") == Some("bold"))
            .count();
        assert_eq!(bold, 1);
    }

    #[test]
    fn hostile_and_degenerate_areas() {
        let mut s = spec();
        s.areas[0].name = "<svg onload=alert(1)>".repeat(5);
        s.areas[1].value = ValueWithCis::new(f64::INFINITY).with_ci95(5.0, 1.0);
        s.benchmark = Some(("England".into(), f64::NAN));
        let chart = compare_areas(&s).unwrap();
        let doc = parse(&chart.svg);
        assert!(!chart.svg.contains("<svg onload"));
        assert!(
            doc.truncated()
                .iter()
                .any(|(full, _)| full.starts_with("<svg onload"))
        );
        s.areas.clear();
        assert!(compare_areas(&s).is_err());
    }
}
