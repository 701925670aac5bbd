use leptos::prelude::*;

use super::browser::download_text;
use super::column_roles::columns_note;
use super::rates::PopulationNote;
use crate::charts::thousands;
use crate::export::{load_report_csv, reject_log_csv};
use crate::model::{Dataset, FileAccount, Format, LoadedFile, Overlap, RejectedRow, RowAccount};

/// One file as the summary shows it: what it is and where its rows went, without its counts
/// (a file's Crime-ID index is large and the summary has no use for it).
#[derive(Clone, PartialEq)]
struct FileLine {
    name: String,
    kind: Format,
    format: String,
    how: String,
    coverage: String,
    account: FileAccount,
    rejects: Vec<RejectedRow>,
}

impl FileLine {
    fn new(file: &LoadedFile, account: FileAccount) -> FileLine {
        FileLine {
            name: file.name.clone(),
            kind: file.format,
            format: file.format.to_string(),
            how: read_how(file),
            coverage: file.coverage(),
            account,
            rejects: file.rejects.clone(),
        }
    }
}

/// What was loaded, file by file, and where every row went: read = used + rejected +
/// duplicates, once the files are merged (a row a later publication replaced is a duplicate).
#[component]
pub fn LoadSummary(dataset: RwSignal<Dataset>) -> impl IntoView {
    let lines = Memo::new(move |_| {
        dataset.with(|d| {
            d.files()
                .iter()
                .zip(d.accounts())
                .map(|(f, a)| FileLine::new(f, a))
                .collect::<Vec<_>>()
        })
    });
    let totals = move || dataset.with(Dataset::rows);
    let overlaps = move || {
        dataset.with(|d| {
            d.overlaps()
                .iter()
                .map(|o| overlap_words(o, d))
                .collect::<Vec<_>>()
        })
    };
    let duplicates = move || {
        let (in_file, superseded) = dataset.with(|d| {
            d.accounts()
                .iter()
                .fold((0, 0), |(i, s), a| (i + a.in_file, s + a.superseded))
        });
        duplicate_words(in_file, superseded)
    };
    let download_error = RwSignal::new(None::<String>);
    let save = move |file_name: &'static str, build: fn(&Dataset) -> String| {
        let csv = dataset.with(build);
        download_error.set(download_text(file_name, "text/csv;charset=utf-8", &csv).err());
    };
    let has_rejects = move || dataset.with(|d| d.rows().rejected > 0);
    view! {
        <section aria-labelledby="loaded-heading">
            <h2 id="loaded-heading">"Loaded files"</h2>
            <div class="table-scroll" role="region" aria-labelledby="loaded-caption" tabindex="0">
                <table id="load-summary" class="data">
                    <caption id="loaded-caption">"Every row read is used, rejected or a duplicate"</caption>
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
                    <tbody>{move || lines.get().into_iter().map(file_row).collect_view()}</tbody>
                    <tfoot>
                        {move || {
                            let t: RowAccount = totals();
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
                    <button type="button" id="download-reject-log" class="button secondary" on:click=move |_| save("safer-trends-rejected-rows.csv", |d| reject_log_csv(d.files()))>
                        "Download rejected rows (CSV)"
                    </button>
                </Show>
            </p>
            {move || download_error.get().map(|e| view! { <p class="error-message" role="alert">{e}</p> })}
            <PopulationNote dataset=dataset />
            {move || duplicates().map(|text| view! { <p id="duplicates-note">{text}</p> })}
            <ul class="warnings" id="overlap-notes">
                {move || overlaps().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
            </ul>
            {move || lines.get().into_iter().filter(|f| !f.rejects.is_empty()).map(reject_details).collect_view()}
        </section>
    }
}

/// How many duplicates were dropped and why, or nothing when there were none.
fn duplicate_words(in_file: u64, superseded: u64) -> Option<String> {
    let rows = |n: u64| format!("{} row{}", thousands(n), if n == 1 { "" } else { "s" });
    match (in_file, superseded) {
        (0, 0) => None,
        (n, 0) => Some(format!(
            "{} dropped as duplicates: each repeats a Crime ID already counted in its file.",
            rows(n)
        )),
        (0, s) => Some(format!(
            "{} dropped as duplicates: each is in a month and force that a later publication \
             also holds, which is used instead.",
            rows(s)
        )),
        (n, s) => Some(format!(
            "{} dropped as duplicates: {} repeat a Crime ID already counted in their file, and \
             {} are in a month and force that a later publication also holds, which is used \
             instead.",
            rows(n + s),
            thousands(n),
            thousands(s)
        )),
    }
}

/// "Jan 2023, City of London Police, is in a.csv and b.csv: b.csv is the later publication…"
fn overlap_words(overlap: &Overlap, data: &Dataset) -> String {
    let name = |place: &usize| {
        data.files()
            .get(*place)
            .map_or_else(String::new, |f| f.name.clone())
    };
    let names: Vec<String> = overlap.files.iter().map(name).collect();
    let latest = names.last().cloned().unwrap_or_default();
    let dropped: Vec<String> = overlap
        .files
        .iter()
        .zip(&overlap.superseded)
        .map(|(place, n)| format!("{} of {}", thousands(*n), name(place)))
        .collect();
    format!(
        "{}, {}, is in {}: {latest} is the later publication, so its version of each crime and \
         its anti-social behaviour rows are used, and {} rows are counted as duplicates.",
        overlap.month.label(),
        overlap.force,
        join_and(&names),
        join_and(&dropped)
    )
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn read_how(file: &LoadedFile) -> String {
    format!(
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
    )
}

fn file_row(file: FileLine) -> impl IntoView {
    let rows = file.account.rows;
    let note = columns_note(&file.name, file.kind);
    view! {
        <tr>
            <th scope="row">{file.name}</th>
            <td>{file.format}<br /><span class="hint">{file.how}</span>{note}</td>
            <td>{file.coverage}</td>
            <td class="num">{thousands(rows.read)}</td>
            <td class="num">{thousands(rows.used)}</td>
            <td class="num">{thousands(rows.rejected)}</td>
            <td class="num">{thousands(rows.duplicates)}</td>
        </tr>
    }
}

fn reject_details(file: FileLine) -> impl IntoView {
    let rejected = file.account.rows.rejected;
    let shown = file.rejects.len() as u64;
    let more = rejected.saturating_sub(shown);
    view! {
        <details class="rejects">
            <summary>{format!("Rejected rows in {} ({})", file.name, thousands(rejected))}</summary>
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
