use leptos::prelude::*;

use super::browser::download_text;
use crate::charts::thousands;
use crate::export::period_table_csv;
use crate::model::{CountTable, Granularity, PeriodRow, PeriodTable};

/// Periods × crime types with a total column; the CSV download is built from the same table,
/// so it holds exactly what is shown. A period the data only partly covers shows the sum of the
/// months there are, marked, so it is never read as a whole period.
#[component]
pub fn CountTableView(table: Memo<CountTable>, periods: Memo<PeriodTable>) -> impl IntoView {
    let granularity = Memo::new(move |_| periods.with(|p| p.granularity));
    let by_month = move || granularity.get() == Granularity::Month;
    let download_error = RwSignal::new(None::<String>);
    let download = move |_| {
        let (csv, name) = periods.with(|p| {
            let name = match p.granularity {
                Granularity::Month => "safer-trends-monthly-counts.csv",
                Granularity::Quarter => "safer-trends-quarterly-counts.csv",
                Granularity::FinancialYear => "safer-trends-financial-year-counts.csv",
            };
            (period_table_csv(p), name)
        });
        download_error.set(download_text(name, "text/csv;charset=utf-8", &csv).err());
    };
    let first_column = move || match granularity.get() {
        Granularity::Month => "Month",
        Granularity::Quarter => "Quarter",
        Granularity::FinancialYear => "Financial year",
    };
    view! {
        <section aria-labelledby="table-heading">
            <h3 id="table-heading">{move || format!("Counts by {} and crime type", granularity.get().noun())}</h3>
            <div class="table-scroll" role="region" aria-labelledby="count-caption" tabindex="0">
                <table id="count-table" class="data counts">
                    <caption id="count-caption">
                        {move || format!("Recorded crimes and anti-social behaviour incidents by {}: {}", granularity.get().noun(), table.with(|t| t.area_label().to_owned()))}
                        {move || (!by_month()).then_some(". A period with months missing is marked: its sums cover only the months loaded.")}
                    </caption>
                    <thead>
                        <tr>
                            <th scope="col">{first_column}</th>
                            {move || periods.with(|t| t.categories.iter().map(|c| view! { <th scope="col" class="num">{c.clone()}</th> }).collect_view())}
                            <th scope="col" class="num">"Total"</th>
                            {move || (!by_month()).then(|| view! { <th scope="col">"Months with data"</th> })}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let t = periods.get();
                            let width = t.categories.len() + 1 + usize::from(t.granularity != Granularity::Month);
                            let noun = t.granularity.noun();
                            let by_month = t.granularity == Granularity::Month;
                            t.rows.into_iter().map(|row| period_row(row, width, noun, by_month)).collect_view()
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

fn period_row(row: PeriodRow, width: usize, noun: &'static str, by_month: bool) -> impl IntoView {
    let label = row.period.label();
    let complete = row.is_complete();
    let coverage = row.coverage();
    let cells = match (row.counts, row.total) {
        (Some(counts), Some(total)) => counts
            .into_iter()
            .map(|c| view! { <td class="num">{thousands(c)}</td> }.into_any())
            .chain(std::iter::once(
                view! { <td class="num total">{thousands(total)}</td> }.into_any(),
            ))
            .chain((!by_month).then(|| {
                let text = if complete {
                    coverage
                } else {
                    format!("{coverage} (incomplete)")
                };
                view! { <td>{text}</td> }.into_any()
            }))
            .collect_view()
            .into_any(),
        _ => view! {
            <td class="missing" colspan=width.to_string()>{format!("No file loaded for this {noun}")}</td>
        }
        .into_any(),
    };
    view! {
        <tr class:incomplete=!complete>
            <th scope="row">{label}</th>
            {cells}
        </tr>
    }
}
