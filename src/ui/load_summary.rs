use leptos::prelude::*;

use super::browser::download_text;
use super::column_roles::columns_note;
use crate::charts::thousands;
use crate::export::{load_report_csv, reject_log_csv};
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
    let download_error = RwSignal::new(None::<String>);
    let save = move |file_name: &'static str, build: fn(&[LoadedFile]) -> String| {
        let csv = dataset.with(|d| build(d.files()));
        download_error.set(download_text(file_name, "text/csv;charset=utf-8", &csv).err());
    };
    let has_rejects = move || dataset.with(|d| d.rows().rejected > 0);
    view! {
        <section aria-labelledby="loaded-heading">
            <h2 id="loaded-heading">"Loaded files"</h2>
            <div class="table-scroll" role="region" aria-labelledby="loaded-caption" tabindex="0">
                <table id="load-summary" class="data">
                    <caption id="loaded-caption">"Every row read is either used or rejected"</caption>
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
            <p class="actions">
                <button type="button" id="download-load-report" class="button secondary" on:click=move |_| save("safer-trends-load-report.csv", load_report_csv)>
                    "Download load report (CSV)"
                </button>
                <Show when=has_rejects>
                    <button type="button" id="download-reject-log" class="button secondary" on:click=move |_| save("safer-trends-rejected-rows.csv", reject_log_csv)>
                        "Download rejected rows (CSV)"
                    </button>
                </Show>
            </p>
            {move || download_error.get().map(|e| view! { <p class="error-message" role="alert">{e}</p> })}
            <ul class="warnings">
                {move || overlaps().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
            </ul>
            {move || files().into_iter().filter(|f| !f.rejects.is_empty()).map(reject_details).collect_view()}
        </section>
    }
}

fn file_row(file: LoadedFile) -> impl IntoView {
    let coverage = file.coverage();
    let note = columns_note(&file);
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
            <td>{file.format.to_string()}<br /><span class="hint">{how}</span>{note}</td>
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
