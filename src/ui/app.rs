use leptos::prelude::*;
use leptos::task::spawn_local;

use super::area_filter::{AreaFilter, AreaSelection};
use super::browser::{jump_to, location_hash, now_ms};
use super::column_roles::{ColumnRolesPanel, ColumnRolesState, ForgetColumns};
use super::file_picker::FilePicker;
use super::help::Help;
use super::load_summary::LoadSummary;
use super::persistence;
use super::problems::ProblemSummary;
use super::progress::LoadProgress;
use super::sample::fetch_sample;
use super::share_panel::{PublishedBanner, RememberControls, SharePanel, fetch_published, today};
use super::site_info::SiteInfo;
use super::url_state::UrlState;
use super::views::{Dashboard, LoadedHandles};
use crate::charts::thousands;
use crate::model::{Dataset, LoadedFile};
use crate::protocol::{FromWorker, JobProgress};
use crate::share::{
    INFLATE_LIMIT, Payload, Shared, SharedLink, SourceFile, data_bytes, decode_inflated,
};
use crate::view_state::ViewState;
use crate::worker::pool::IngestPool;

/// What the current load has produced so far.
#[derive(Debug, Clone, Default)]
struct Tally {
    loaded: Vec<LoadedFile>,
    rows: u64,
    failed: usize,
    /// Things the user should know that are not failures (archive entries skipped).
    notes: Vec<String>,
}

/// The whole page: the landing (what the tool does, the privacy promise, loading), then the
/// dashboard once data is loaded. State is the loaded dataset, the problems of the last load,
/// and the view state in the URL fragment; every view derives from them. Files are read by the
/// ingest worker, never on this thread.
#[component]
pub fn App() -> impl IntoView {
    let url = UrlState::install();
    let dataset = RwSignal::new(Dataset::default());
    let problems = RwSignal::new(Vec::<String>::new());
    let status = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let progress = RwSignal::new(None::<JobProgress>);
    let started_ms = RwSignal::new(0.0);
    let job = StoredValue::new(0u32);
    // Results are held back until the load ends, so the charts are drawn once, not per file.
    let tally = StoredValue::new(Tally::default());
    let worker = StoredValue::new_local(None::<IngestPool>);
    let column_roles = ColumnRolesState::new();
    provide_context(column_roles);
    // The files themselves, for the Hotspots map, which reads them again.
    let handles = LoadedHandles::new();
    provide_context(handles);

    // Shared data in the address (`#published=…` or `#data=…`) makes a read-only dashboard,
    // decided once here; otherwise the data remembered on this computer, if the user opted in.
    let shared = SharedLink::parse(&location_hash());
    let read_only = shared.is_some();
    let from_link = matches!(
        &shared,
        Some(SharedLink {
            source: Ok(Shared::Data(_)),
            ..
        })
    );
    let published = RwSignal::new(None::<Payload>);
    let remember = RwSignal::new(!read_only && persistence::opted_in());
    let remember_message = RwSignal::new(String::new());
    let remembered_sources = StoredValue::new(Vec::<SourceFile>::new());
    // Nothing is saved until what was remembered has been restored, or it would be overwritten.
    let storage_ready = RwSignal::new(false);
    match shared {
        Some(link) => {
            status.set("Opening the shared data…".to_owned());
            spawn_local(async move {
                let payload = match link.source {
                    Err(e) => Err(e.to_string()),
                    Ok(Shared::Data(data)) => match data_bytes(&data) {
                        Ok(deflated) => {
                            decode_inflated(super::deflate::inflate(&deflated, INFLATE_LIMIT).await)
                                .map_err(|e| e.to_string())
                        }
                        Err(e) => Err(e.to_string()),
                    },
                    Ok(Shared::Published(name)) => match fetch_published(&name).await {
                        Ok(text) => Payload::from_json(&text)
                            .map_err(|e| format!("The published file {name} cannot be shown. {e}")),
                        Err(message) => Err(message),
                    },
                };
                match payload {
                    Ok(payload) => {
                        dataset.set(payload.to_dataset("Published data"));
                        published.set(Some(payload));
                        status.set(String::new());
                    }
                    Err(message) => {
                        status.set(String::new());
                        problems.set(vec![message]);
                    }
                }
            });
        }
        None if remember.get_untracked() => spawn_local(async move {
            match persistence::load().await.map(|json| json.map(|j| Payload::from_json(&j))) {
                Ok(Some(Ok(payload))) if !payload.is_empty() => {
                    let name = remembered_name(&payload);
                    let files = payload.source.files.len();
                    remembered_sources.set_value(payload.source.files.clone());
                    dataset.set(payload.to_dataset(&name));
                    remember_message.set(format!(
                        "Restored the data remembered on this computer on {}: {} from {file}{}.                          Untick \"Remember\" or press \"Forget everything\" to remove it.",
                        payload.published,
                        super::share_panel::month_span(&payload),
                        plural(files),
                        file = if files == 1 { "1 file".to_owned() } else { format!("{files} files") },
                    ));
                }
                Ok(Some(Err(e))) => remember_message.set(format!(
                    "The data remembered on this computer could not be restored, so it was not                      used. {e}"
                )),
                Err(e) => remember_message.set(format!("The remembered data could not be read: {e}.")),
                _ => {}
            }
            storage_ready.set(true);
        }),
        None => storage_ready.set(true),
    }
    // With the opt-in on, what the page holds is stored after every change of the data.
    Effect::new(move |_| {
        if read_only || !storage_ready.get() || !remember.get() {
            return;
        }
        let json = dataset.with(|d| {
            (!d.is_empty()).then(|| {
                let sources = remembered_sources.get_value();
                let payload = Payload::from_dataset(d, &today(), false);
                let earlier = d
                    .files()
                    .iter()
                    .find(|f| f.name.starts_with(REMEMBERED))
                    .map(|f| f.name.clone());
                match earlier {
                    Some(name) => payload.with_earlier_sources(&name, &sources),
                    None => payload,
                }
                .to_json()
            })
        });
        spawn_local(async move {
            let stored = match json {
                Some(json) => persistence::save(&json).await,
                None => persistence::delete_database().await,
            };
            if let Err(e) = stored {
                remember_message.set(format!("The data could not be remembered: {e}."));
            }
        });
    });
    let forget = Callback::new(move |()| {
        spawn_local(async move {
            match persistence::forget_everything().await {
                Ok(forgotten) => {
                    remember.set(false);
                    column_roles.forget_all();
                    let mut what = Vec::new();
                    if forgotten.had_data {
                        what.push("the remembered data".to_owned());
                    }
                    if forgotten.keys.iter().any(|k| k == "safer-trends.remember") {
                        what.push("the choice to remember".to_owned());
                    }
                    let columns = forgotten
                        .keys
                        .iter()
                        .filter(|k| k.starts_with("safer-trends.columns."))
                        .count();
                    if columns > 0 {
                        what.push(format!(
                            "{columns} remembered column choice{}",
                            plural(columns)
                        ));
                    }
                    let others = forgotten.keys.len()
                        - columns
                        - usize::from(forgotten.keys.iter().any(|k| k == "safer-trends.remember"));
                    if others > 0 {
                        what.push(format!("{others} other setting{}", plural(others)));
                    }
                    remember_message.set(if what.is_empty() {
                        "Nothing was stored on this computer, so there was nothing to forget.".to_owned()
                    } else {
                        format!(
                            "Forgotten: {}. Nothing from Safer Trends is stored on this computer now;                              the data in this page stays until you close or reload it.",
                            what.join(", ")
                        )
                    });
                }
                Err(e) => remember_message.set(format!("Not everything could be forgotten: {e}.")),
            }
        });
    });

    // Ends the current load: keeps what was read, says what happened.
    let finish = move |ending: &str| {
        let Tally {
            loaded,
            rows,
            failed,
            notes,
        } = tally.try_update_value(std::mem::take).unwrap_or_default();
        let count = loaded.len();
        dataset.update(|data| {
            for file in loaded {
                data.add(file);
            }
        });
        busy.set(false);
        progress.set(None);
        let mut text = format!("{ending}{}", load_status(count, rows, failed));
        for note in notes {
            text.push(' ');
            text.push_str(&note);
        }
        status.set(text);
    };

    let on_message = move |message: FromWorker| {
        let current = job.get_value();
        match message {
            FromWorker::Progress(p) if p.job == current => progress.set(Some(p)),
            FromWorker::Loaded { job: j, file } if j == current => tally.update_value(|t| {
                t.rows += file.rows.read;
                t.loaded.push(file);
            }),
            FromWorker::Failed {
                job: j, message, ..
            } if j == current => {
                tally.update_value(|t| t.failed += 1);
                problems.update(|p| p.push(message));
            }
            FromWorker::Skipped {
                job: j,
                file,
                entries,
            } if j == current => tally.update_value(|t| {
                t.notes.push(format!(
                    "{file}: {} entr{} not CSV, so not read ({}).",
                    entries.len(),
                    if entries.len() == 1 {
                        "y is"
                    } else {
                        "ies are"
                    },
                    entries.join(", ")
                ));
            }),
            FromWorker::Finished { job: j } if j == current => finish(""),
            FromWorker::AskRoles { job: j, preview } if j == current => {
                let note = column_roles.asked(preview);
                tally.update_value(|t| t.notes.push(note));
            }
            FromWorker::ReadWithRoles {
                job: j,
                preview,
                how,
            } if j == current => {
                if let Some(note) = column_roles.read_with(preview, how) {
                    tally.update_value(|t| t.notes.push(note));
                }
            }
            _ => {}
        }
    };
    let on_worker_error = move |message: String| {
        problems.update(|p| p.push(message));
        finish("");
        // Not from inside the worker's own callback: drop it once this one has returned.
        spawn_local(async move { worker.set_value(None) });
    };

    let start_load =
        move |files: Vec<web_sys::File>, early_problems: Vec<String>, early_notes: Vec<String>| {
            problems.set(early_problems);
            if files.is_empty() {
                status.set(early_notes.join(" "));
                return;
            }
            if worker.with_value(Option::is_none) {
                match IngestPool::spawn(on_message, on_worker_error) {
                    Ok(w) => worker.set_value(Some(w)),
                    Err(message) => {
                        problems.update(|p| p.push(message));
                        return;
                    }
                }
            }
            handles.keep(&files);
            let next = job.get_value() + 1;
            job.set_value(next);
            tally.set_value(Tally {
                notes: early_notes,
                ..Tally::default()
            });
            busy.set(true);
            started_ms.set(now_ms());
            status.set(format!(
                "Reading {} file{}…",
                files.len(),
                plural(files.len())
            ));
            progress.set(Some(JobProgress {
                job: next,
                file: files.first().map(|f| f.name()).unwrap_or_default(),
                file_index: 0,
                files: files.len() as u32,
                bytes_done: 0,
                bytes_total: files.iter().map(|f| f.size() as u64).sum(),
                rows: 0,
            }));
            worker.with_value(|w| {
                if let Some(w) = w {
                    w.load(next, &files, &column_roles.job_started(&files));
                }
            });
        };

    let on_files =
        Callback::new(move |files: Vec<web_sys::File>| start_load(files, Vec::new(), Vec::new()));
    let on_folder = Callback::new(move |(files, skipped): (Vec<web_sys::File>, Vec<String>)| {
        let notes = if skipped.is_empty() {
            Vec::new()
        } else {
            vec![format!(
                "{} file{} in the folder {} not CSV or zip, so not read ({}).",
                skipped.len(),
                plural(skipped.len()),
                if skipped.len() == 1 { "is" } else { "are" },
                skipped.join(", ")
            )]
        };
        start_load(files, Vec::new(), notes);
    });

    let load_sample = move |_| {
        busy.set(true);
        status.set("Loading the sample data…".to_owned());
        spawn_local(async move {
            let (files, failures) = fetch_sample().await;
            busy.set(false);
            start_load(files, failures, Vec::new());
        });
    };

    let cancel = Callback::new(move |()| {
        worker.update_value(|w| {
            if let Some(w) = w.take() {
                w.stop();
            }
        });
        finish("Loading was cancelled; files read before that are kept. ");
    });

    let clear = move |_| {
        dataset.set(Dataset::default());
        handles.clear();
        problems.set(Vec::new());
        status.set("All loaded files were removed.".to_owned());
    };

    let has_data = move || dataset.with(|d| !d.is_empty());
    // Built once per change of the data, shared by the headlines, charts and table.
    let area = AreaSelection::new(url);
    let table = area.table(dataset);

    // A shared link opened before any data is loaded: say what it will show.
    let link_note = move || {
        let state = url.with(Clone::clone);
        (!read_only && state != ViewState::default() && !has_data()).then(|| {
            let what = match state.view {
                crate::view_state::View::Overview => "the overview".to_owned(),
                crate::view_state::View::Detail => format!("the detail of {}", state.detail_measure()),
                crate::view_state::View::Indicators => "the indicators".to_owned(),
                crate::view_state::View::Hotspots => "the hotspots".to_owned(),
            };
            view! {
                <p class="inset" id="link-note">
                    {format!("This link opens {what}, with its filters, once you load the same data.")}
                </p>
            }
        })
    };

    // Only the branch the page shows is built.
    let loading_view = move || {
        view! {
                <ProblemSummary problems=problems />
                <section aria-labelledby="load-heading" class="load">
                    <h2 id="load-heading">"Load data"</h2>
                    <FilePicker on_files=on_files on_folder=on_folder busy=busy />
                    <p class="actions">
                        <button type="button" id="load-sample" class="button secondary" on:click=load_sample disabled=move || busy.get()>
                            "Try sample data"
                        </button>
                        <Show when=has_data>
                            <button type="button" class="button secondary" on:click=clear disabled=move || busy.get()>
                                "Remove all files"
                            </button>
                        </Show>
                    </p>
                    <LoadProgress progress=progress started_ms=started_ms on_cancel=cancel />
                    <p id="status" class="status" role="status" aria-live="polite">{move || status.get()}</p>
                    <ColumnRolesPanel state=column_roles on_read=on_files busy=busy />
                    <ForgetColumns state=column_roles />
                    <RememberControls remember=remember on_forget=forget message=remember_message />
                </section>
                <Show when=has_data>
                    <AreaFilter dataset=dataset area=area table=table />
                    <Dashboard dataset=dataset table=table url=url />
                    <SharePanel dataset=dataset url=url />
                    <LoadSummary dataset=dataset />
                </Show>
        }
    };
    let shared_view = move || {
        view! {
            <SharedProblem problems=problems />
            <p id="status" class="status" role="status" aria-live="polite">{move || status.get()}</p>
            {move || published.get().map(|p| view! { <PublishedBanner payload=p from_link=from_link /> })}
            <Show when=has_data>
                <AreaFilter dataset=dataset area=area table=table />
                <Dashboard dataset=dataset table=table url=url />
            </Show>
        }
    };

    view! {
        <a class="skip-link" href="#main" on:click=jump_to("main")>"Skip to main content"</a>
        <header class="site-header">
            <p class="site-name">"Safer Trends"</p>
            <nav class="site-links" aria-label="About Safer Trends">
                <ul>
                    <li><a href="#help" on:click=jump_to("help")>"Help"</a></li>
                    <li><a href="accessibility.html">"Accessibility statement"</a></li>
                </ul>
            </nav>
        </header>
        <main id="main" tabindex="-1">
            <h1>"Crime trends from police.uk files"</h1>
            {if read_only {
                view! { <p class="lede" id="lede">{move || published.with(|p| read_only_lede(p.as_ref(), from_link))}</p> }.into_any()
            } else {
                view! {
                    <p class="lede" id="lede">
                        "Safer Trends turns the street-level crime files your partnership downloads from                  police.uk into trends a board can read: what went up or down, whether the change                  is statistically significant, and the figures behind it. Load your files, or try                  the sample, then read the overview or any crime type in detail."
                    </p>
                }.into_any()
            }}
            <p class="privacy">
                <strong>"Your files never leave this computer."</strong>
                " They are read by this page, inside your browser. The page's security policy,                  which the browser enforces, blocks it from sending anything to any other site."
            </p>
            {link_note}
            {if read_only { shared_view().into_any() } else { loading_view().into_any() }}
            <Help />
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
            <SiteInfo />
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

/// The name the remembered table is shown under (the files it came from are in the payload).
const REMEMBERED: &str = "Remembered data";

/// What a reader of a published or linked dashboard is looking at: there is nothing for them
/// to load, so the lede says whose figures these are and when they were shared.
fn read_only_lede(payload: Option<&Payload>, from_link: bool) -> String {
    let how = if from_link {
        "shared in a link"
    } else {
        "published"
    };
    let Some(payload) = payload else {
        return format!("You are looking at crime figures {how} from Safer Trends, read only.");
    };
    let by = match payload.source.publishers.as_slice() {
        [] => String::new(),
        publishers => format!(" from {}", publishers.join(", ")),
    };
    format!(
        "You are looking at a table of police.uk street-level crime counts{by}, {}, {how} on {} \
         with Safer Trends. It is read only: change the view and filters to read the overview \
         or any crime type in detail.",
        super::share_panel::month_span(payload),
        super::share_panel::published_on(payload),
    )
}

fn remembered_name(payload: &Payload) -> String {
    format!("{REMEMBERED} (saved {})", payload.published)
}

/// Why shared data could not be shown, with the way back to the page without it: the usual
/// error summary points at the file picker, which a read-only page has not got.
#[component]
fn SharedProblem(problems: RwSignal<Vec<String>>) -> impl IntoView {
    let address = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_owned())
        .unwrap_or_default();
    view! {
        <Show when=move || problems.with(|p| !p.is_empty())>
            <div class="error-summary" role="alert" aria-labelledby="error-summary-title" id="shared-problem">
                <h2 id="error-summary-title" class="error-summary-title">"There is a problem"</h2>
                <ul class="error-summary-list">
                    {move || problems.get().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                </ul>
                <p><a href=address.clone()>"Open Safer Trends without the shared data"</a></p>
            </div>
        </Show>
    }
}
