use leptos::prelude::*;
use leptos::task::spawn_local;

use super::browser::{PickedFile, read_file};
use super::charts_panel::ChartsPanel;
use super::count_table::CountTableView;
use super::file_picker::FilePicker;
use super::load_summary::LoadSummary;
use super::problems::ProblemSummary;
use super::sample::fetch_sample;
use crate::charts::thousands;
use crate::ingest::read_police_street;
use crate::model::Dataset;

/// The whole page. State is the loaded dataset plus the problems of the last load; every
/// view derives from them.
#[component]
pub fn App() -> impl IntoView {
    let dataset = RwSignal::new(Dataset::default());
    let problems = RwSignal::new(Vec::<String>::new());
    let status = RwSignal::new(String::new());
    let busy = RwSignal::new(false);

    // Every load, picked or sample, goes through here, so the two cannot drift apart.
    let ingest = move |files: Vec<PickedFile>, mut messages: Vec<String>| {
        let mut loaded = 0usize;
        let mut rows = 0u64;
        dataset.update(|data| {
            for file in files {
                match read_police_street(&file.name, &file.bytes) {
                    Ok(read) => {
                        loaded += 1;
                        rows += read.rows.read;
                        data.add(read);
                    }
                    Err(error) => messages.push(error.to_string()),
                }
            }
        });
        let failed = messages.len();
        problems.set(messages);
        status.set(load_status(loaded, rows, failed));
        busy.set(false);
    };

    let on_files = Callback::new(move |files: Vec<web_sys::File>| {
        busy.set(true);
        status.set(format!(
            "Reading {} file{}…",
            files.len(),
            plural(files.len())
        ));
        spawn_local(async move {
            let mut picked = Vec::new();
            let mut messages = Vec::new();
            for file in files {
                match read_file(file).await {
                    Ok(file) => picked.push(file),
                    Err(message) => messages.push(message),
                }
            }
            ingest(picked, messages);
        });
    });

    let load_sample = move |_| {
        busy.set(true);
        status.set("Loading the sample data…".to_owned());
        spawn_local(async move {
            let (files, failures) = fetch_sample().await;
            ingest(files, failures);
        });
    };

    let clear = move |_| {
        dataset.set(Dataset::default());
        problems.set(Vec::new());
        status.set("All loaded files were removed.".to_owned());
    };

    let has_data = move || dataset.with(|d| !d.is_empty());

    view! {
        <a class="skip-link" href="#main">"Skip to main content"</a>
        <header class="site-header">
            <p class="site-name">"Safer Trends"</p>
        </header>
        <main id="main" tabindex="-1">
            <h1>"Crime trends from police.uk files"</h1>
            <p class="lede">
                "Drop the monthly street-level crime files for your area to see how each \
                 crime type has moved. "
                <strong>"Your files never leave this computer:"</strong>
                " they are read by this page, in your browser, and the page's security policy \
                 blocks it from sending anything anywhere."
            </p>
            <ProblemSummary problems=problems />
            <section aria-labelledby="load-heading" class="load">
                <h2 id="load-heading">"Load data"</h2>
                <FilePicker on_files=on_files busy=busy />
                <p class="actions">
                    <button type="button" id="load-sample" class="button secondary" on:click=load_sample disabled=move || busy.get()>
                        "Try sample data"
                    </button>
                    <Show when=has_data>
                        <button type="button" class="button secondary" on:click=clear>"Remove all files"</button>
                    </Show>
                </p>
                <p id="status" class="status" role="status" aria-live="polite">{move || status.get()}</p>
            </section>
            <Show when=has_data>
                <LoadSummary dataset=dataset />
                <ChartsPanel dataset=dataset />
                <CountTableView dataset=dataset />
            </Show>
        </main>
        <footer class="site-footer">
            <p>
                "The sample data is City of London Police street-level crime for 2023 from "
                <a href="https://data.police.uk/">"data.police.uk"</a>
                ". Contains public sector information licensed under the "
                <a href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/">
                    "Open Government Licence v3.0"
                </a>"."
            </p>
        </footer>
    }
}

fn load_status(loaded: usize, rows: u64, failed: usize) -> String {
    let mut text = format!(
        "Loaded {loaded} file{} with {} row{}.",
        plural(loaded),
        thousands(rows),
        if rows == 1 { "" } else { "s" }
    );
    if failed > 0 {
        text.push_str(&format!(
            " {failed} file{} could not be loaded: see the problem list.",
            plural(failed)
        ));
    }
    text
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
