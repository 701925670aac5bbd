use leptos::prelude::*;

use crate::charts::thousands;
use crate::model::{Dataset, LoadedFile};

/// What was loaded, file by file, and where every row went: read = used + rejected.
#[component]
pub fn LoadSummary(dataset: RwSignal<Dataset>) -> impl IntoView {
    let files = move || dataset.with(|d| d.files().to_vec());
    let totals = move || dataset.with(Dataset::rows);
    let overlaps = move || {
        dataset.with(|d| {
            d.overlapping_months()
                .into_iter()
                .map(|(month, names)| {
                    format!(
                        "{} appears in {}: their rows are added together.",
                        month.label(),
                        names.join(", ")
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section aria-labelledby="loaded-heading">
            <h2 id="loaded-heading">"Loaded files"</h2>
            <div class="table-scroll" role="region" aria-labelledby="loaded-heading" tabindex="0">
                <table id="load-summary" class="data">
                    <caption>"Every row read is either used or rejected"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"File"</th>
                            <th scope="col">"Recognised as"</th>
                            <th scope="col">"Months"</th>
                            <th scope="col" class="num">"Rows read"</th>
                            <th scope="col" class="num">"Used"</th>
                            <th scope="col" class="num">"Rejected"</th>
                        </tr>
                    </thead>
                    <tbody>{move || files().into_iter().map(file_row).collect_view()}</tbody>
                    <tfoot>
                        {move || {
                            let t = totals();
                            view! {
                                <tr>
                                    <th scope="row" colspan="3">"All files"</th>
                                    <td class="num">{thousands(t.read)}</td>
                                    <td class="num">{thousands(t.used)}</td>
                                    <td class="num">{thousands(t.rejected)}</td>
                                </tr>
                            }
                        }}
                    </tfoot>
                </table>
            </div>
            <ul class="warnings">
                {move || overlaps().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
            </ul>
            {move || files().into_iter().filter(|f| !f.rejects.is_empty()).map(reject_details).collect_view()}
        </section>
    }
}

fn file_row(file: LoadedFile) -> impl IntoView {
    let months: Vec<String> = file.counts.months().map(|m| m.label()).collect();
    let months = match (months.first(), months.last()) {
        (Some(first), Some(last)) if first != last => format!("{first} to {last}"),
        (Some(only), _) => only.clone(),
        _ => "none".to_owned(),
    };
    view! {
        <tr>
            <th scope="row">{file.name}</th>
            <td>{file.format.to_string()}</td>
            <td>{months}</td>
            <td class="num">{thousands(file.rows.read)}</td>
            <td class="num">{thousands(file.rows.used)}</td>
            <td class="num">{thousands(file.rows.rejected)}</td>
        </tr>
    }
}

fn reject_details(file: LoadedFile) -> impl IntoView {
    let shown = file.rejects.len() as u64;
    let more = file.rows.rejected.saturating_sub(shown);
    view! {
        <details class="rejects">
            <summary>{format!("Rejected rows in {} ({})", file.name, thousands(file.rows.rejected))}</summary>
            <ul>
                {file
                    .rejects
                    .into_iter()
                    .map(|r| {
                        let place = match r.column {
                            Some(c) => format!("Line {}, column {}", r.line, c),
                            None => format!("Line {}", r.line),
                        };
                        view! { <li><strong>{place}</strong>": "{r.reason}<br /><code>{r.raw}</code></li> }
                    })
                    .collect_view()}
            </ul>
            {(more > 0).then(|| view! { <p>{format!("…and {} more.", thousands(more))}</p> })}
        </details>
    }
}
