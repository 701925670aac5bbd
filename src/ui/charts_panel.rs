use leptos::prelude::*;

use crate::charts::{CATEGORICAL, LineSeries, describe_monthly, monthly_line_svg};
use crate::model::{CountTable, Dataset, Month};

const MAIN_SIZE: (u32, u32) = (880, 360);
const SMALL_SIZE: (u32, u32) = (420, 220);

/// The monthly total, then one small chart per crime type on a shared layout. Each chart has a
/// text summary beside it and the count table below is its data-table alternative.
#[component]
pub fn ChartsPanel(dataset: RwSignal<Dataset>, table: Memo<CountTable>) -> impl IntoView {
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
    view! {
        <section aria-labelledby="charts-heading">
            <h2 id="charts-heading">"Trends"</h2>
            <p><a href="#count-table">"Skip to the table of these figures"</a></p>
            {move || table.with(|t| chart_figure("chart-total".to_owned(), titled("All recorded crime by month"), t.totals(), MAIN_SIZE, source(), Vec::new()))}
            <h3>"By crime type"</h3>
            <div class="small-multiples">
                {move || {
                    let t = table.get();
                    t.categories
                        .iter()
                        .enumerate()
                        .map(|(i, name)| {
                            let notes = t.notes_for(name).map(|n| n.text.clone()).collect();
                            chart_figure(format!("chart-type-{i}"), titled(name), t.series(i), SMALL_SIZE, source(), notes)
                        })
                        .collect_view()
                }}
            </div>
        </section>
    }
}

fn chart_figure(
    id: String,
    name: String,
    points: Vec<(Month, Option<u64>)>,
    size: (u32, u32),
    source: String,
    // Definition changes the months cross: said under the chart, in words.
    notes: Vec<String>,
) -> AnyView {
    let summary = describe_monthly(&name, &points);
    let series = [LineSeries {
        name: name.clone(),
        colour: CATEGORICAL[0],
        points,
    }];
    let summary_id = format!("{id}-summary");
    let described_by = summary_id.clone();
    match monthly_line_svg(&name, &summary, &series, size) {
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
