//! The board report: the loaded data and the dashboard's view state written as one HTML
//! document to print on A4 or hand over as a file. It is self-contained — inline CSS, inline
//! SVG, no script and no address of any kind — so it opens offline, with scripts off, and
//! cannot fetch anything. Every figure comes from the same core functions the dashboard
//! calls ([`overview_rows`], [`windows_for`]), so the report and the page cannot disagree.

mod caveats;
mod html;
mod style;
pub mod words;

use std::fmt::Write as _;

use crate::charts::{
    Chart, Frame, TimeLine, TimeSeries, definition_markers, thousands, time_series,
};
use crate::dashboard::overview::{OverviewRow, overview_rows, sort_rows};
use crate::dashboard::{ChosenWindows, loaded_months, windows_for};
use crate::model::{CountTable, Dataset, Date, Period, PeriodTable};
use crate::stats::headline::{ALL_CATEGORIES, Polarity};
use crate::view_state::{View, ViewState};

pub use html::escape;
pub use style::{PAGE_CSS, REPORT_CSS};
pub use words::{change_words, headline_cells, is_significant, latest_words, significance_words};

/// How many crime types get a chart of their own beside all recorded crime: the largest, so
/// a board sees the trends that make up most of the total.
const TOP_MEASURES: usize = 3;
const CHART_SIZE: (u32, u32) = (880, 340);

/// What the report is made from: the loaded files, the table the dashboard shows (already cut
/// to the chosen area), the dashboard's state (granularity, comparison, polarities, order,
/// view) and the day it is produced (the page knows the date; the core has no clock).
pub struct ReportInput<'a> {
    pub dataset: &'a Dataset,
    pub table: &'a CountTable,
    pub state: &'a ViewState,
    pub produced: Date,
}

/// The report worked out once: its title, its body at the chosen heading level, and the
/// headline rows its table shows.
pub struct BoardReport {
    pub title: String,
    pub rows: Vec<OverviewRow>,
    body: String,
}

impl BoardReport {
    /// The report's `<article>`, its top heading at `<h{level}>`. For showing inside the app,
    /// where the page's own headings come first.
    pub fn article(&self) -> &str {
        &self.body
    }
}

/// The report for showing inside a page whose headings reach `level - 1`.
pub fn board_report(input: &ReportInput, level: u8) -> BoardReport {
    let level = level.clamp(1, 4);
    let periods = PeriodTable::from_months(input.table, input.state.granularity);
    let chosen = windows_for(input.state.compare, input.table);
    let mut rows = overview_rows(input.table, &periods, chosen.windows, |m| {
        input.state.polarity_of(m)
    });
    if let Some((column, order)) = input.state.sort {
        sort_rows(&mut rows, column, order);
    }
    let title = title(input.table);
    let mut body = String::with_capacity(64 * 1024);
    let _ = write!(
        body,
        "<article class=\"board-report\" id=\"board-report\" aria-labelledby=\"report-title\">\
         <h{level} id=\"report-title\">{}</h{level}>",
        escape(&title)
    );
    write_meta(&mut body, input, &periods, &chosen);
    let h2 = level + 1;
    write_headlines(&mut body, input.table, &periods, &rows, &chosen, h2);
    write_narrative(&mut body, &rows, h2);
    write_charts(&mut body, input, &periods, &rows, h2);
    let caveats = caveats::caveats(input.dataset, input.table, &periods, &rows, &chosen);
    write_list(&mut body, "report-caveats", "Caveats", &caveats, h2);
    write_sources(&mut body, input.dataset, h2);
    body.push_str("</article>");
    BoardReport { title, rows, body }
}

/// The whole report as one HTML document: the file "Download report" saves.
pub fn board_report_document(input: &ReportInput) -> String {
    let report = board_report(input, 1);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"/>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\
         <title>{}</title><style>{PAGE_CSS}{REPORT_CSS}</style></head>\
         <body><main>{}</main></body></html>\n",
        escape(&report.title),
        report.body
    )
}

/// `safer-trends-report-<area>-<date>.html`, the area reduced to letters, digits and hyphens
/// so that no file system or browser objects to the name.
pub fn report_file_name(table: &CountTable, produced: Date) -> String {
    let mut slug = String::new();
    for c in table.area_label().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= 60 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "area" } else { slug };
    format!(
        "safer-trends-report-{slug}-{:04}-{:02}-{:02}.html",
        produced.year(),
        produced.month(),
        produced.day()
    )
}

/// "Crime trends: Westminster, Jan 2023 to Dec 2023".
fn title(table: &CountTable) -> String {
    match loaded_months(table) {
        Some((first, last)) if first != last => format!(
            "Crime trends: {}, {} to {}",
            table.area_label(),
            first.label(),
            last.label()
        ),
        Some((only, _)) => format!("Crime trends: {}, {}", table.area_label(), only.label()),
        None => format!("Crime trends: {}", table.area_label()),
    }
}

fn write_meta(
    out: &mut String,
    input: &ReportInput,
    periods: &PeriodTable,
    chosen: &ChosenWindows,
) {
    let files = input.dataset.files().len();
    let _ = write!(
        out,
        "<dl class=\"report-meta\">\
         <dt>Produced</dt><dd id=\"report-produced\">{}</dd>\
         <dt>Area</dt><dd>{}</dd>\
         <dt>Figures by</dt><dd>{}</dd>\
         <dt>Change compared</dt><dd>{}</dd>\
         <dt>Which way is better</dt><dd id=\"report-polarity\">{}</dd>\
         <dt>Data</dt><dd>{} file{} ({} rows read, {} counted); see Sources</dd></dl>",
        input.produced.label(),
        escape(input.table.area_label()),
        escape(periods.granularity.noun()),
        escape(&chosen.windows.title()),
        escape(&polarity_words(input)),
        files,
        if files == 1 { "" } else { "s" },
        thousands(input.dataset.rows().read),
        thousands(input.dataset.rows().used),
    );
}

// The report's sections are not named landmarks: in the app their headings ("Headlines",
// "Trends") repeat the dashboard's own, and the article around them is the one landmark.
/// "Lower is better for every measure", or the exceptions the user set on the dashboard: the
/// sentences call a significant change an improvement or a worsening by these.
fn polarity_words(input: &ReportInput) -> String {
    let default = Polarity::default();
    let exceptions: Vec<String> = std::iter::once(ALL_CATEGORIES)
        .chain(input.table.categories.iter().map(String::as_str))
        .filter_map(|m| {
            let p = input.state.polarity_of(m);
            (p != default).then(|| format!("{m}: {}", p.words().to_lowercase()))
        })
        .collect();
    if exceptions.is_empty() {
        format!("{} for every measure", default.words())
    } else {
        format!(
            "{} for every measure except {}",
            default.words(),
            exceptions.join("; ")
        )
    }
}

fn write_headlines(
    out: &mut String,
    table: &CountTable,
    periods: &PeriodTable,
    rows: &[OverviewRow],
    chosen: &ChosenWindows,
    level: u8,
) {
    let _ = write!(
        out,
        "<section id=\"report-headlines\"><h{level} id=\"report-headlines-heading\">Headlines</h{level}>"
    );
    let columns = [
        "Crime type".to_owned(),
        format!("Latest {}", periods.granularity.noun()),
        "Change".to_owned(),
        "Significance".to_owned(),
        "Direction".to_owned(),
        "Variation (SPC)".to_owned(),
    ];
    let body = rows
        .iter()
        .map(|row| {
            let changed: Vec<String> = table
                .notes_for(&row.headline.category)
                .map(|n| n.month.label())
                .collect();
            let name = if changed.is_empty() {
                row.headline.category.clone()
            } else {
                format!(
                    "{} (definition changed {}: see Caveats)",
                    row.headline.category,
                    changed.join(" and ")
                )
            };
            std::iter::once(name)
                .chain(headline_cells(row))
                .collect::<Vec<_>>()
        })
        .collect();
    html::TableHtml {
        id: "report-headline-table",
        caption: &format!(
            "{}. Change: {}. Significance by the exact conditional test on the two periods' \
             counts; direction by Mann–Kendall over all months.",
            table.area_label(),
            chosen.windows.title()
        ),
        columns: &columns,
        numeric: &[false, true, true, false, false, false],
        rows: body,
    }
    .write(out);
    out.push_str("</section>");
}

fn write_narrative(out: &mut String, rows: &[OverviewRow], level: u8) {
    let sentences: Vec<String> = rows.iter().map(|r| r.headline.narrative.clone()).collect();
    write_list(out, "report-narrative", "In words", &sentences, level);
}

fn write_list(out: &mut String, id: &str, heading: &str, items: &[String], level: u8) {
    let _ = write!(
        out,
        "<section id=\"{id}\"><h{level} id=\"{id}-heading\">{heading}</h{level}>"
    );
    if items.is_empty() {
        out.push_str("<p>None.</p>");
    } else {
        out.push_str("<ul>");
        for item in items {
            let _ = write!(out, "<li>{}</li>", escape(item));
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");
}

/// All recorded crime, the largest crime types, and the measure the detail view shows, each
/// drawn at the chosen granularity with its summary and table.
fn write_charts(
    out: &mut String,
    input: &ReportInput,
    periods: &PeriodTable,
    rows: &[OverviewRow],
    level: u8,
) {
    let _ = write!(
        out,
        "<section id=\"report-trends\"><h{level} id=\"report-trends-heading\">Trends</h{level}>"
    );
    let shown = chosen_measures(input, periods, rows);
    let publishers: Vec<&str> = input.dataset.publishers().into_iter().collect();
    let source = if publishers.is_empty() {
        "the loaded files".to_owned()
    } else {
        format!("police.uk street-level crime, {}", publishers.join(", "))
    };
    let noun = periods.granularity.noun();
    for (i, measure) in shown.iter().enumerate() {
        let points = if measure == ALL_CATEGORIES {
            periods.totals()
        } else {
            periods
                .category_index(measure)
                .map(|c| periods.series(c))
                .unwrap_or_default()
        };
        let named = match &input.table.area {
            Some(area) => format!("{measure} by {noun}, {area}"),
            None => format!("{measure} by {noun}"),
        };
        match chart(i, &named, measure, &points, &source, input.table) {
            Ok(chart) => {
                let notes: Vec<String> = input
                    .table
                    .notes_for(measure)
                    .map(|n| n.text.clone())
                    .collect();
                html::write_figure(out, &chart, level + 1, &notes);
            }
            Err(error) => {
                let _ = write!(
                    out,
                    "<p class=\"chart-error\">{}: {}.</p>",
                    escape(&named),
                    escape(&error.to_string())
                );
            }
        }
    }
    out.push_str("</section>");
}

fn chart(
    index: usize,
    title: &str,
    measure: &str,
    points: &[(Period, Option<u64>)],
    source: &str,
    table: &CountTable,
) -> Result<Chart, crate::charts::ChartError> {
    let periods: Vec<Period> = points.iter().map(|(p, _)| *p).collect();
    let span = match (periods.first(), periods.last()) {
        (Some(first), Some(last)) => format!("{} to {}", first.label(), last.label()),
        _ => String::new(),
    };
    let frame = Frame::new(&format!("report-chart-{index}"), title, CHART_SIZE).with_caption(
        source,
        table.area_label(),
        &span,
    );
    time_series(&TimeSeries {
        frame,
        markers: definition_markers(measure, &periods),
        y_title: "Number of crimes".to_owned(),
        decimals: 0,
        lines: vec![TimeLine {
            name: measure.to_owned(),
            values: points.iter().map(|(_, v)| v.map(|v| v as f64)).collect(),
            interval: Vec::new(),
        }],
        periods,
        ..TimeSeries::default()
    })
}

/// All recorded crime first, then the largest crime types over the periods shown, then the
/// detail view's measure when it is not already among them.
fn chosen_measures(
    input: &ReportInput,
    periods: &PeriodTable,
    rows: &[OverviewRow],
) -> Vec<String> {
    let mut sized: Vec<(u64, &str)> = rows
        .iter()
        .filter(|r| r.headline.category != ALL_CATEGORIES)
        .map(|r| {
            let total = periods
                .category_index(&r.headline.category)
                .map(|i| periods.series(i).iter().filter_map(|(_, v)| *v).sum())
                .unwrap_or(0);
            (total, r.headline.category.as_str())
        })
        .collect();
    // Largest first; equal totals keep the table's order.
    sized.sort_by_key(|(total, _)| std::cmp::Reverse(*total));
    let mut shown = vec![ALL_CATEGORIES.to_owned()];
    shown.extend(
        sized
            .into_iter()
            .take(TOP_MEASURES)
            .map(|(_, name)| name.to_owned()),
    );
    if input.state.view == View::Detail {
        let measure = input.state.detail_measure();
        let known = measure == ALL_CATEGORIES || periods.category_index(measure).is_some();
        if known && !shown.iter().any(|m| m == measure) {
            shown.push(measure.to_owned());
        }
    }
    shown
}

fn write_sources(out: &mut String, dataset: &Dataset, level: u8) {
    let _ = write!(
        out,
        "<section id=\"report-sources\"><h{level} id=\"report-sources-heading\">Sources</h{level}>"
    );
    let publishers: Vec<&str> = dataset.publishers().into_iter().collect();
    if !publishers.is_empty() {
        let _ = write!(
            out,
            "<p>Street-level crime published on data.police.uk by {}.</p>",
            escape(&publishers.join(", "))
        );
    }
    let columns = [
        "File".to_owned(),
        "Recognised as".to_owned(),
        "Covers".to_owned(),
        "Rows read".to_owned(),
        "Used".to_owned(),
        "Rejected".to_owned(),
        "Duplicates".to_owned(),
    ];
    let rows = dataset
        .files()
        .iter()
        .zip(dataset.accounts())
        .map(|(f, a)| {
            vec![
                f.name.clone(),
                f.format.to_string(),
                f.coverage(),
                thousands(a.rows.read),
                thousands(a.rows.used),
                thousands(a.rows.rejected),
                thousands(a.rows.duplicates),
            ]
        })
        .collect();
    html::TableHtml {
        id: "report-files",
        caption: "The files the figures were read from: every row read is used, rejected or a \
                  duplicate",
        columns: &columns,
        numeric: &[false, false, false, true, true, true, true],
        rows,
    }
    .write(out);
    out.push_str(
        "<p class=\"licence\">Contains public sector information licensed under the Open \
         Government Licence v3.0 (nationalarchives.gov.uk, open-government-licence, version 3). \
         Produced with Safer Trends, which read the files in the browser: no data was sent to a \
         server.</p></section>",
    );
}

#[cfg(test)]
mod tests;
