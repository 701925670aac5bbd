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
                            <th scope="col">"Covers"</th>
                            <th scope="col" class="num">"Rows read"</th>
                            <th scope="col" class="num">"Used"</th>
                            <th scope="col" class="num">"Rejected"</th>
                            <th scope="col" class="num">"Duplicates"</th>
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
                                    <td class="num">{thousands(t.duplicates)}</td>
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
    let coverage = file.coverage();
    let how = format!(
        "{}, {} delimited{}",
        file.details.encoding,
        delimiter_name(file.details.delimiter),
        match file.details.title_rows {
            0 => String::new(),
            n => format!(
                ", header on line {} below {n} title row{}",
                file.details.header_line,
                if n == 1 { "" } else { "s" }
            ),
        }
    );
    view! {
        <tr>
            <th scope="row">{file.name}</th>
            <td>{file.format.to_string()}<br /><span class="hint">{how}</span></td>
            <td>{coverage}</td>
            <td class="num">{thousands(file.rows.read)}</td>
            <td class="num">{thousands(file.rows.used)}</td>
            <td class="num">{thousands(file.rows.rejected)}</td>
            <td class="num">{thousands(file.rows.duplicates)}</td>
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

fn delimiter_name(delimiter: char) -> &'static str {
    match delimiter {
        ',' => "comma",
        ';' => "semicolon",
        '\t' => "tab",
        '|' => "pipe",
        _ => "other",
    }
}
