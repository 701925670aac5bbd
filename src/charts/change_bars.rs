//! Change bars: the percentage change for each category, diverging from zero, with the
//! statistically significant changes filled dark and marked `*` (filled and starred, so
//! the mark does not rest on colour), from the period comparisons of the headlines.

use super::frame::{Anchor, Axis, Canvas, Dash, LegendItem, Margins, Style, Swatch};
use super::palette::{CATEGORICAL, FOCUS, REFERENCE, SECONDARY};
use super::text::{clean, format_change, text_width};
use super::{Cell, Chart, ChartError, DataTable, Frame};
use crate::stats::headline::Headline;
use crate::stats::period_change::PeriodComparison;
use crate::stats::two_period::{Change, Verdict};

/// One category's change: its totals in the two windows and the test's verdict; all `None`
/// when the comparison could not be made (`note` says why).
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeRow {
    pub category: String,
    pub baseline: Option<u64>,
    pub current: Option<u64>,
    pub change: Option<Change>,
    pub verdict: Option<Verdict>,
    pub note: String,
}

impl ChangeRow {
    pub fn from_comparison(category: &str, c: &PeriodComparison) -> ChangeRow {
        ChangeRow {
            category: category.to_owned(),
            baseline: Some(c.baseline_total),
            current: Some(c.current_total),
            change: Some(c.change),
            verdict: Some(c.test.verdict),
            note: String::new(),
        }
    }

    fn significant(&self) -> bool {
        matches!(
            self.verdict,
            Some(Verdict::SignificantIncrease | Verdict::SignificantDecrease)
        )
    }

    fn percent(&self) -> Option<f64> {
        match self.change {
            Some(Change::Percent(p)) if p.is_finite() => Some(p),
            _ => None,
        }
    }

    /// The words at the end of the bar.
    fn value_label(&self) -> String {
        match self.change {
            Some(Change::Percent(p)) if p.is_finite() => {
                let star = if self.significant() { " *" } else { "" };
                format!("{}{star}", format_change(p))
            }
            Some(Change::New) => "new (none before)".to_owned(),
            Some(Change::NoEvents) => "none in either period".to_owned(),
            _ => "not available".to_owned(),
        }
    }
}

/// The change bars for some categories, top to bottom in the order given.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChangeBars {
    pub frame: Frame,
    pub rows: Vec<ChangeRow>,
    /// What was compared, for the axis and table (e.g. "Apr 2023 – Jan 2024 vs a year
    /// earlier").
    pub comparison: String,
}

impl ChangeBars {
    /// One bar per headline, in the headline table's order.
    pub fn from_headlines(frame: Frame, headlines: &[Headline]) -> ChangeBars {
        let comparison = headlines
            .iter()
            .find_map(|h| h.comparison.as_ref().ok())
            .map(|c| {
                format!(
                    "{} compared with {}",
                    c.current_window.label(),
                    c.baseline_window.label()
                )
            })
            .unwrap_or_default();
        let rows = headlines
            .iter()
            .map(|h| match &h.comparison {
                Ok(c) => ChangeRow::from_comparison(&h.category, c),
                Err(why) => ChangeRow {
                    category: h.category.clone(),
                    baseline: None,
                    current: None,
                    change: None,
                    verdict: None,
                    note: why.to_string(),
                },
            })
            .collect();
        ChangeBars {
            frame,
            rows,
            comparison,
        }
    }
}

/// Draws the change bars. Errors only when there are no rows.
pub fn change_bars(spec: &ChangeBars) -> Result<Chart, ChartError> {
    let n = spec.rows.len();
    if n == 0 {
        return Err(ChartError("there are no categories to show".into()));
    }
    let width = f64::from(spec.frame.size.0.clamp(120, 4000));
    let label_room = spec
        .rows
        .iter()
        .map(|r| text_width(&clean(&r.category), 12.0))
        .fold(40.0, f64::max)
        .min(width * 0.35);
    let (lo, hi) = super::frame::extent(spec.rows.iter().filter_map(ChangeRow::percent), true);
    // Room beyond each bar's end for its label.
    let pad = (hi - lo) * 0.3;
    let ends = [if lo < 0.0 { lo - pad } else { lo }, hi + pad];
    let mut x_axis = Axis::numeric(ends.into_iter(), true, 6, "", "%");
    x_axis.title = if spec.comparison.is_empty() {
        "Change (%)".to_owned()
    } else {
        format!("Change (%), {}", spec.comparison)
    };
    let y_axis = Axis {
        grid: false,
        ..Axis::indexed(n, Vec::new(), "")
    };
    let legend = [
        LegendItem {
            swatch: Swatch::Block {
                fill: CATEGORICAL[0],
                edge: CATEGORICAL[0],
                opacity: 1.0,
            },
            label: "Statistically significant (*)".to_owned(),
        },
        LegendItem {
            swatch: Swatch::Block {
                fill: FOCUS,
                edge: SECONDARY,
                opacity: 1.0,
            },
            label: "Not significant".to_owned(),
        },
    ];
    let margins = Margins {
        left: label_room + 12.0,
        right: 16.0,
        bottom: 28.0,
    };
    let mut canvas = Canvas::new(&spec.frame, &legend, margins, Some((&x_axis, &y_axis)))?;
    let zero = canvas.x.at(0.0);
    let row_height = (canvas.y.at(0.0) - canvas.y.at(1.0)).abs();
    // Too many rows for their labels to be read: the bars stay, the table has the words.
    let legible = row_height >= 11.0;
    for (i, row) in spec.rows.iter().enumerate() {
        let slot = (n - 1 - i) as f64;
        let mid = canvas.y.at(slot);
        let half = (row_height * 0.3).min(14.0);
        let label_style = Style::label(Anchor::End, label_room);
        if legible {
            canvas.text(
                canvas.plot.left - 8.0,
                mid + 4.0,
                &row.category,
                label_style,
                "category-label",
            );
        }
        let significant = row.significant();
        let attributes = format!(" data-row=\"{i}\" data-significant=\"{significant}\"");
        canvas.open("bar", &attributes);
        let end = row.percent().map(|p| canvas.x.at(p));
        if let Some(end) = end {
            let (fill, edge) = if significant {
                (CATEGORICAL[0], CATEGORICAL[0])
            } else {
                (FOCUS, SECONDARY)
            };
            let title = format!("{}: {}", clean(&row.category), row.value_label());
            canvas.rect(
                (zero, mid - half),
                (end, mid + half),
                fill,
                Some(edge),
                "bar-rect",
                Some(&title),
            );
        }
        let end = end.unwrap_or(zero);
        let negative = row.percent().is_some_and(|p| p < 0.0);
        let (x, anchor, room) = if negative {
            (end - 5.0, Anchor::End, end - canvas.plot.left - 5.0)
        } else {
            (end + 5.0, Anchor::Start, canvas.plot.right - end - 5.0)
        };
        let text = row.value_label();
        let style = Style {
            bold: significant,
            ..Style::label(anchor, room.max(60.0))
        };
        if legible {
            canvas.text(x, mid + 4.0, &text, style, "value-label");
        }
        canvas.close();
    }
    let (top, bottom) = (canvas.plot.top, canvas.plot.bottom);
    canvas.segment(
        (zero, top),
        (zero, bottom),
        REFERENCE,
        1.5,
        Dash::Solid,
        "zero-line",
    );

    let summary = summarise(spec);
    Ok(Chart::assemble(&spec.frame, canvas, summary, table(spec)))
}

fn summarise(spec: &ChangeBars) -> String {
    let rose = spec
        .rows
        .iter()
        .filter(|r| r.percent().is_some_and(|p| p > 0.0))
        .count();
    let fell = spec
        .rows
        .iter()
        .filter(|r| r.percent().is_some_and(|p| p < 0.0))
        .count();
    let significant: Vec<String> = spec
        .rows
        .iter()
        .filter(|r| r.significant())
        .map(|r| {
            format!(
                "{} ({})",
                clean(&r.category),
                r.value_label().trim_end_matches(" *")
            )
        })
        .collect();
    let mut text = format!(
        "Change in {} categories{}: {rose} rose, {fell} fell.",
        spec.rows.len(),
        if spec.comparison.is_empty() {
            String::new()
        } else {
            format!(", {}", clean(&spec.comparison))
        }
    );
    if significant.is_empty() {
        text.push_str(" No change is statistically significant.");
    } else {
        text.push_str(&format!(
            " Statistically significant: {}.",
            significant.join(", ")
        ));
    }
    let unavailable = spec.rows.iter().filter(|r| r.change.is_none()).count();
    if unavailable > 0 {
        text.push_str(&format!(" {unavailable} not available."));
    }
    text
}

fn table(spec: &ChangeBars) -> DataTable {
    let columns = [
        "Category",
        "Baseline total",
        "Current total",
        "Change",
        "Change (%)",
        "Significance",
    ];
    let rows = spec
        .rows
        .iter()
        .map(|r| {
            let difference = match (r.current, r.baseline) {
                (Some(c), Some(b)) => Cell::Number(c as f64 - b as f64, 0),
                _ => Cell::Missing("not available".into()),
            };
            let percent = match r.change {
                Some(Change::Percent(p)) => Cell::number(Some(p), 1, "not available"),
                Some(Change::New) => Cell::Missing("new".into()),
                _ => Cell::Missing("not available".into()),
            };
            vec![
                Cell::Text(r.category.clone()),
                r.baseline
                    .map_or(Cell::Missing("not available".into()), Cell::Count),
                r.current
                    .map_or(Cell::Missing("not available".into()), Cell::Count),
                difference,
                percent,
                Cell::Text(match r.verdict {
                    Some(v) => v.words().to_owned(),
                    None => r.note.clone(),
                }),
            ]
        })
        .collect();
    DataTable {
        caption: clean(&spec.frame.title),
        columns: columns.iter().map(|c| (*c).to_owned()).collect(),
        rows,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::charts::test_support::{Doc, parse};

    fn row(name: &str, baseline: u64, current: u64, verdict: Verdict) -> ChangeRow {
        ChangeRow {
            category: name.into(),
            baseline: Some(baseline),
            current: Some(current),
            change: Some(if baseline == 0 {
                Change::New
            } else {
                Change::Percent((current as f64 / baseline as f64 - 1.0) * 100.0)
            }),
            verdict: Some(verdict),
            note: String::new(),
        }
    }

    fn spec() -> ChangeBars {
        ChangeBars {
            frame: Frame::new("c", "Burglary rose; shoplifting fell", (700, 360)),
            rows: vec![
                row("Burglary", 100, 150, Verdict::SignificantIncrease),
                row("Shoplifting", 200, 180, Verdict::NoSignificantChange),
                row("Drugs", 0, 4, Verdict::SignificantIncrease),
                ChangeRow {
                    category: "@SUM(A1)".into(),
                    baseline: None,
                    current: None,
                    change: None,
                    verdict: None,
                    note: "cannot be calculated, because too few months".into(),
                },
            ],
            comparison: "Apr 2023 – Jan 2024 compared with Apr 2022 – Jan 2023".into(),
        }
    }

    fn bar_rect<'a>(doc: &'a Doc<'_>, row: usize) -> Option<roxmltree::Node<'a, 'a>> {
        doc.all("g", "bar")
            .into_iter()
            .find(|g| g.attribute("data-row") == Some(&row.to_string()))
            .and_then(|g| g.children().find(|c| c.has_tag_name("rect")))
    }

    #[test]
    fn bars_diverge_from_zero_and_significance_is_marked() {
        let chart = change_bars(&spec()).unwrap();
        let doc = parse(&chart.svg);
        let zero = doc.polyline_points("zero-line")[0][0].0;
        assert!((zero - doc.tick_x("0%").unwrap()).abs() <= 1.0);
        let up = bar_rect(&doc, 0).unwrap();
        let x =
            |n: &roxmltree::Node<'_, '_>, a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
        assert!((x(&up, "x") - zero).abs() <= 0.1, "a rise starts at zero");
        let twenty = doc.tick_x("20%").unwrap();
        let fifty = zero + 2.5 * (twenty - zero);
        let end = x(&up, "x") + x(&up, "width");
        // Tick labels sit on whole pixels, so 2.5 steps out may be a pixel or two off.
        assert!((end - fifty).abs() <= 2.5, "{end} {fifty} {zero} {twenty}");
        let down = bar_rect(&doc, 1).unwrap();
        assert!(
            (x(&down, "x") + x(&down, "width") - zero).abs() <= 0.2,
            "a fall ends at zero: {} {} {zero}",
            x(&down, "x"),
            x(&down, "width")
        );
        assert_eq!(up.attribute("fill"), Some("#12436D"));
        assert_eq!(down.attribute("fill"), Some("#BFBFBF"));
        assert!(bar_rect(&doc, 2).is_none() && bar_rect(&doc, 3).is_none());
        let labels = doc.texts_of_class("value-label");
        assert_eq!(
            labels,
            vec!["+50.0% *", "-10.0%", "new (none before)", "not available"]
        );
        assert_eq!(doc.texts_of_class("category-label")[3], "@SUM(A1)");
        assert!(
            chart.summary.contains(
                "Statistically significant: Burglary (+50.0%), Drugs (new (none before))"
            )
        );
        assert!(chart.csv().contains("'@SUM(A1)"));
        assert_eq!(chart.table.rows[1][3], Cell::Number(-20.0, 0));
    }

    #[test]
    fn empty_or_all_unavailable_rows_never_panic() {
        let mut s = spec();
        s.rows.clear();
        assert!(change_bars(&s).is_err());
        s.rows = vec![ChangeRow {
            category: "x".into(),
            baseline: None,
            current: None,
            change: Some(Change::Percent(f64::NAN)),
            verdict: None,
            note: String::new(),
        }];
        parse(&change_bars(&s).unwrap().svg);
        s.rows = (0..200)
            .map(|i| row(&format!("c{i}"), 10, 10 + i, Verdict::NoSignificantChange))
            .collect();
        parse(&change_bars(&s).unwrap().svg);
    }
}
