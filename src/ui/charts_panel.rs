use leptos::prelude::*;

use crate::charts::{CATEGORICAL, PeriodLineSeries, describe_periods, period_line_svg};
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

/// One chart with its summary sentence, or a message saying why it could not be drawn.
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
    let summary_id = format!("{id}-summary");
    let described_by = summary_id.clone();
    match period_line_svg(&name, &summary, &series, size) {
        Ok(svg) => view! {
            <figure class="chart" id=id aria-describedby=described_by>
                <div class="chart-svg" inner_html=svg></div>
                <figcaption>
                    <p id=summary_id class="chart-summary">{summary}</p>
                    {notes.into_iter().map(|n| view! { <p class="chart-note"><strong>"Not like-for-like: "</strong>{n}</p> }).collect_view()}
                    <p class="chart-source">{source}</p>
                </figcaption>
            </figure>
        }
        .into_any(),
        Err(error) => view! { <p class="chart-error">{format!("{name}: {error}. The figures are in the table below.")}</p> }.into_any(),
    }
}
