use leptos::prelude::*;

use super::browser::download_text;
use crate::charts::thousands;
use crate::export::count_table_csv;
use crate::model::{CountRow, CountTable};

/// Months × crime types with a total column; the CSV download is built from the same table,
/// so it holds exactly what is shown.
#[component]
pub fn CountTableView(table: Memo<CountTable>) -> impl IntoView {
    let download_error = RwSignal::new(None::<String>);
    let download = move |_| {
        let csv = table.with(count_table_csv);
        download_error.set(
            download_text(
                "safer-trends-monthly-counts.csv",
                "text/csv;charset=utf-8",
                &csv,
            )
            .err(),
        );
    };
    view! {
        <section aria-labelledby="table-heading">
            <h2 id="table-heading">"Counts by month and crime type"</h2>
            <div class="table-scroll" role="region" aria-labelledby="table-heading" tabindex="0">
                <table id="count-table" class="data counts">
                    <caption>{move || format!("Recorded crimes and anti-social behaviour incidents by month: {}", table.with(|t| t.area_label().to_owned()))}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Month"</th>
                            {move || table.with(|t| t.categories.iter().map(|c| view! { <th scope="col" class="num">{c.clone()}</th> }).collect_view())}
                            <th scope="col" class="num">"Total"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let t = table.get();
                            let width = t.categories.len() + 1;
                            t.rows.into_iter().map(|row| month_row(row, width)).collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <p class="actions">
                <button type="button" id="download-csv" class="button" on:click=download>"Download CSV"</button>
            </p>
            {move || download_error.get().map(|e| view! { <p class="error-message" role="alert">{e}</p> })}
        </section>
    }
}

fn month_row(row: CountRow, width: usize) -> impl IntoView {
    let label = row.month.label();
    let cells = match (row.counts, row.total) {
        (Some(counts), Some(total)) => counts
            .into_iter()
            .map(|c| view! { <td class="num">{thousands(c)}</td> }.into_any())
            .chain(std::iter::once(
                view! { <td class="num total">{thousands(total)}</td> }.into_any(),
            ))
            .collect_view()
            .into_any(),
        _ => view! {
            <td class="missing" colspan=width.to_string()>"No file loaded for this month"</td>
        }
        .into_any(),
    };
    view! {
        <tr>
            <th scope="row">{label}</th>
            {cells}
        </tr>
    }
}
