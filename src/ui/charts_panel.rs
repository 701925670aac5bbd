use leptos::prelude::*;

use super::chart_export::export_buttons;
use crate::charts::period_line_chart;
use crate::charts::{CATEGORICAL, Cell, Chart, DataTable, PeriodLineSeries, describe_periods};
use crate::dashboard::overview::{OverviewRow, change_bars_of};
use crate::model::{CountTable, Dataset, Period, PeriodTable};

const MAIN_SIZE: (u32, u32) = (880, 360);
const SMALL_SIZE: (u32, u32) = (420, 220);

/// The total by period, then one small chart per crime type on a shared layout. Each chart has
/// a text summary beside it and the count table below is its data-table alternative. A period
/// the data only partly covers is a gap, never a low point.
#[component]
pub fn ChartsPanel(
    dataset: RwSignal<Dataset>,
    table: Memo<CountTable>,
    periods: Memo<PeriodTable>,
) -> impl IntoView {
    let source = move || {
        let publishers: Vec<String> =
            dataset.with(|d| d.publishers().into_iter().map(str::to_owned).collect());
        format!(
            "Source: police.uk street-level crime, {}. Area: {}.",
            publishers.join(", "),
            table.with(|t| t.area_label().to_owned())
        )
    };
    // Titles name the area once one is chosen; "All areas" is the default and goes unsaid.
    let titled = move |name: &str| {
        table.with(|t| match &t.area {
            Some(area) => format!("{name}, {area}"),
            None => name.to_owned(),
        })
    };
    let notes = move |name: &str| -> Vec<String> {
        table.with(|t| t.notes_for(name).map(|n| n.text.clone()).collect())
    };
    view! {
        <section aria-labelledby="charts-heading">
            <h3 id="charts-heading">"Trends"</h3>
            <p><a href="#count-table" on:click=super::browser::jump_to("count-table")>"Skip to the table of these figures"</a></p>
            {move || {
                periods.with(|t| {
                    let noun = t.granularity.noun();
                    chart_figure("chart-total".to_owned(), titled(&format!("All recorded crime by {noun}")), noun, t.totals(), MAIN_SIZE, source(), Vec::new())
                })
            }}
            <h4>"By crime type"</h4>
            <div class="small-multiples">
                {move || {
                    let t = periods.get();
                    let noun = t.granularity.noun();
                    t.categories
                        .iter()
                        .enumerate()
                        .map(|(i, name)| chart_figure(format!("chart-type-{i}"), titled(name), noun, t.series(i), SMALL_SIZE, source(), notes(name)))
                        .collect_view()
                }}
            </div>
        </section>
    }
}

/// The change on the comparison window for each crime type, in the headline table's order,
/// significant changes filled and starred.
#[component]
pub fn ChangeBarsPanel(rows: Memo<Vec<OverviewRow>>, table: Memo<CountTable>) -> impl IntoView {
    view! {
        <section aria-labelledby="change-heading">
            <h3 id="change-heading">"Change by crime type"</h3>
            {move || {
                let area = table.with(|t| t.area_label().to_owned());
                rows.with(|r| {
                    let chart = change_bars_of(r, &area, "chart-change", CHANGE_SIZE).map_err(|e| e.to_string());
                    figure_or_reason("chart-change", chart, "The changes are in the headline table above.")
                })
            }}
        </section>
    }
}

const CHANGE_SIZE: (u32, u32) = (880, 420);

/// One line chart with its summary sentence, or a message saying why it could not be drawn.
pub fn chart_figure(
    id: String,
    name: String,
    noun: &str,
    points: Vec<(Period, Option<u64>)>,
    size: (u32, u32),
    source: String,
    // Definition changes the months cross: said under the chart, in words.
    notes: Vec<String>,
) -> AnyView {
    let summary = describe_periods(&name, noun, &points);
    let series = [PeriodLineSeries {
        name: name.clone(),
        colour: CATEGORICAL[0],
        points,
    }];
    match period_line_chart(&name, &summary, &series, size) {
        // The line chart's picture has no caption of its own: the source is shown beside it.
        Ok(chart) => figure(&id, Chart { caption: source, ..chart }, notes, false),
        Err(error) => view! { <p class="chart-error">{format!("{name}: {error}. The figures are in the table below.")}</p> }.into_any(),
    }
}

/// A drawn chart as the page shows every chart: the picture, its summary in words and its
/// caption (source, coverage, period), then its figures as a table one click or keypress away
/// (a native `<details>`, so keyboards and screen readers need nothing extra), then its
/// downloads. `id` is the figure's; the summary is `{id}-summary`. A caption the picture
/// already draws (`caption_drawn`) is kept for screen readers, which read the picture by its
/// title and description alone, but not shown twice.
pub fn figure(id: &str, chart: Chart, notes: Vec<String>, caption_drawn: bool) -> AnyView {
    let summary_id = format!("{id}-summary");
    let described_by = summary_id.clone();
    let table_id = format!("{id}-data");
    let buttons = export_buttons(&chart);
    let Chart {
        title,
        svg,
        summary,
        caption,
        table,
        ..
    } = chart;
    view! {
        <div class="chart-block">
            <figure class="chart" id=id.to_owned() aria-describedby=described_by>
                <div class="chart-svg" inner_html=svg></div>
                <figcaption>
                    <p id=summary_id class="chart-summary">{summary}</p>
                    {notes.into_iter().map(|n| view! { <p class="chart-note"><strong>"Not like-for-like: "</strong>{n}</p> }).collect_view()}
                    <p class="chart-source" class:visually-hidden=caption_drawn>{caption}</p>
                </figcaption>
            </figure>
            <details class="chart-data">
                <summary>"Show the table of figures"<span class="visually-hidden">{format!(" for {title}")}</span></summary>
                {data_table(&table_id, table)}
            </details>
            {buttons}
        </div>
    }
    .into_any()
}

/// A chart's data table as the page shows it: numbers right-aligned with thousands
/// separators, the first column naming each row, a missing figure in words.
fn data_table(id: &str, table: DataTable) -> impl IntoView + use<> {
    // Said as the chart's figures, so its region is not named like a table of the same
    // series elsewhere on the page.
    data_table_with(id, table, ": the chart’s figures")
}

/// [`data_table`] with its own ending to the caption (none for a table in its own right).
pub fn data_table_with(id: &str, table: DataTable, caption_end: &str) -> impl IntoView + use<> {
    let caption_end = caption_end.to_owned();
    let caption_id = format!("{id}-caption");
    let labelled_by = caption_id.clone();
    let DataTable {
        caption,
        columns,
        rows,
    } = table;
    view! {
        <div class="table-scroll" role="region" aria-labelledby=labelled_by tabindex="0">
            <table class="data chart-table" id=id.to_owned()>
                <caption id=caption_id>{format!("{caption}{caption_end}")}</caption>
                <thead>
                    <tr>{columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|row| {
                            let cells = row.into_iter().enumerate().map(|(i, cell)| {
                                let numeric = matches!(cell, Cell::Count(_) | Cell::Number(..));
                                let text = cell.display();
                                if i == 0 {
                                    view! { <th scope="row">{text}</th> }.into_any()
                                } else {
                                    view! { <td class:num=numeric>{text}</td> }.into_any()
                                }
                            });
                            view! { <tr>{cells.collect_view()}</tr> }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A chart drawn with its caption, or the reason it could not be drawn and where its figures
/// are instead.
pub fn figure_or_reason(id: &str, chart: Result<Chart, String>, instead: &str) -> AnyView {
    match chart {
        Ok(chart) => figure(id, chart, Vec::new(), true),
        Err(why) => {
            let mut why = why;
            if let Some(first) = why.get(..1) {
                why = format!(
                    "{}{}",
                    first.to_uppercase(),
                    why.get(1..).unwrap_or_default()
                );
            }
            view! { <p class="chart-error" id=format!("{id}-reason")>{format!("{why}. {instead}")}</p> }.into_any()
        }
    }
}
