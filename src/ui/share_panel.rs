//! Handing the dashboard over: "Publish this dashboard" (a preview of exactly what the file
//! holds, the small-number warning and optional suppression, then the download), "Copy link
//! with data", the banner of a read-only published dashboard, and the "Remember on this
//! computer" controls. What is written is `crate::share`'s; this file only shows it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::browser::download_text;
use super::deflate::deflate;
use super::persistence;
use super::url_state::UrlState;
use crate::charts::thousands;
use crate::model::{Dataset, Month};
use crate::share::{
    LINK_LIMIT, Payload, SMALL_NUMBER, SUPPRESSED, Shared, encode_data, link_with_data,
    published_name, shared_fragment,
};

/// Today's date in UTC, `YYYY-MM-DD`: the publication date written in the file.
pub fn today() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
        .get(..10)
        .unwrap_or("1970-01-01")
        .to_owned()
}

/// The page's address without its fragment.
fn page_address() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_owned())
        .unwrap_or_default()
}

/// "Jan 2023 to Dec 2023", from a payload's coverage.
pub fn month_span(payload: &Payload) -> String {
    let label = |m: &str| Month::parse_iso(m).map_or_else(|_| m.to_owned(), Month::label);
    let (first, last) = (
        label(&payload.coverage.first_month),
        label(&payload.coverage.last_month),
    );
    if first == last {
        first
    } else {
        format!("{first} to {last}")
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        thousands(n as u64),
        if n == 1 { one } else { many }
    )
}

#[derive(Debug, Clone, PartialEq)]
enum LinkState {
    None,
    Copied(String),
    /// Made, but the clipboard refused (permissions, an old browser): shown to copy by hand.
    NotCopied(String),
    TooLong(usize),
    /// The browser could not deflate the data (too old to have `CompressionStream`).
    Failed(String),
}

/// The "Share" section of a dashboard with data loaded.
#[component]
pub fn SharePanel(dataset: RwSignal<Dataset>, url: UrlState) -> impl IntoView {
    let open = RwSignal::new(false);
    let suppress = RwSignal::new(false);
    let link = RwSignal::new(LinkState::None);
    let saved = RwSignal::new(None::<String>);
    let default_name = move || {
        dataset.with(|d| {
            let payload = Payload::from_dataset(d, "1970-01-01", false);
            format!("board-{}.json", payload.coverage.last_month)
        })
    };
    let file_name = RwSignal::new(String::new());
    let name_error = RwSignal::new(None::<String>);
    // Worked out only while the preview is open; follows the data and the suppression choice.
    let payload = Memo::new(move |_| {
        open.get()
            .then(|| dataset.with(|d| Payload::from_dataset(d, &today(), suppress.get())))
    });

    let toggle = move |_| {
        if !open.get_untracked() && file_name.with_untracked(String::is_empty) {
            file_name.set(default_name());
        }
        open.update(|o| *o = !*o);
        saved.set(None);
        if open.get_untracked() {
            request_animation_frame(|| super::browser::focus_by_id("preview-heading"));
        }
    };

    let copy_link = move |_| {
        let view = url.with(Clone::clone);
        let json = dataset.with(|d| Payload::from_dataset(d, &today(), false).to_json());
        spawn_local(async move {
            // The browser deflates asynchronously, in a few milliseconds: the click's permission
            // to write to the clipboard lasts seconds.
            let deflated = match deflate(json.as_bytes()).await {
                Ok(deflated) => deflated,
                Err(why) => {
                    link.set(LinkState::Failed(why));
                    return;
                }
            };
            match link_with_data(&page_address(), &encode_data(&deflated), &view) {
                Err(length) => link.set(LinkState::TooLong(length)),
                Ok(text) => {
                    link.set(LinkState::NotCopied(text.clone()));
                    let copied = match web_sys::window() {
                        Some(w) => JsFuture::from(w.navigator().clipboard().write_text(&text))
                            .await
                            .is_ok(),
                        None => false,
                    };
                    if copied {
                        link.set(LinkState::Copied(text));
                    }
                }
            }
        });
    };

    let download = move |_| {
        let name = file_name.get_untracked();
        match published_name(&name) {
            Err(error) => {
                name_error.set(Some(error.to_string()));
                request_animation_frame(|| super::browser::focus_by_id("publish-name"));
            }
            Ok(name) => {
                name_error.set(None);
                let Some(payload) = payload.get_untracked() else {
                    return;
                };
                match download_text(&name, "application/json", &payload.to_json()) {
                    Ok(()) => {
                        let view = untrack(|| url.with(Clone::clone));
                        let address = format!(
                            "{}{}",
                            page_address(),
                            shared_fragment(&Shared::Published(name.clone()), &view)
                        );
                        saved.set(Some(address));
                    }
                    Err(message) => name_error.set(Some(message)),
                }
            }
        }
    };

    let link_view = move || {
        match link.get() {
        LinkState::None => None,
        LinkState::Copied(text) | LinkState::NotCopied(text) => {
            let copied = matches!(link.get(), LinkState::Copied(_));
            let length = text.len();
            Some(
                view! {
                    <div class="share-link">
                        <p class="confirmation" role="status" id="link-status">
                            {if copied {
                                format!("Link copied to the clipboard ({} characters). Paste it into an email or a document.", thousands(length as u64))
                            } else {
                                format!("The link is ready ({} characters). Copy it from the box below.", thousands(length as u64))
                            }}
                        </p>
                        <div class="field">
                            <label class="label" for="share-link-text">"Link with data"</label>
                            <p class="hint" id="share-link-hint">
                                "The counts travel inside the link, after the #, which browsers never send \
                                 to a server. Anyone with the link sees these figures."
                            </p>
                            <input
                                type="text"
                                id="share-link-text"
                                class="input"
                                readonly=true
                                aria-describedby="share-link-hint"
                                prop:value=text
                                on:focus=|ev| select_all(&ev)
                            />
                        </div>
                    </div>
                }
                .into_any(),
            )
        }
        LinkState::TooLong(length) => Some(
            view! {
                <div class="warning" role="alert" id="link-too-long">
                    <p>
                        <strong>"This data is too large for a link. "</strong>
                        {format!(
                            "The link would be {} characters long; links over {} characters are \
                             cut short or refused by email and many other systems, so none was made.",
                            thousands(length as u64),
                            thousands(LINK_LIMIT as u64)
                        )}
                    </p>
                    <p>
                        "Use " <a href="#publish-open" on:click=move |ev: web_sys::MouseEvent| {
                            ev.prevent_default();
                            if !open.get_untracked() { open.set(true); }
                            request_animation_frame(|| super::browser::focus_by_id("preview-heading"));
                        }>"Publish this dashboard"</a>
                        " instead: it writes a file to put beside this page on your web server, and gives \
                         a short link to it."
                    </p>
                </div>
            }
            .into_any(),
        ),
        LinkState::Failed(why) => Some(
            view! {
                <div class="warning" role="alert" id="link-failed">
                    <p>
                        <strong>"No link was made: this browser could not compress the data. "</strong>
                        {format!("({why}) Use Publish this dashboard instead, or a current browser.")}
                    </p>
                </div>
            }
            .into_any(),
        ),
    }
    };

    view! {
        <section class="share" aria-labelledby="share-heading">
            <h2 id="share-heading">"Share this dashboard"</h2>
            <p class="hint">
                "Both ways hand over the counts behind these views — by month, area and crime type — \
                 never the rows of your files. Whoever opens them sees a read-only dashboard."
            </p>
            <p class="actions">
                <button type="button" id="publish-open" class="button" aria-expanded=move || open.get().to_string() aria-controls="publish-preview" on:click=toggle>
                    "Publish this dashboard"
                </button>
                <button type="button" id="copy-link" class="button secondary" on:click=copy_link>
                    "Copy link with data"
                </button>
            </p>
            {link_view}
            <div id="publish-preview">
                <Show when=move || open.get()>
                    <PreviewControls
                        payload=payload
                        suppress=suppress
                        file_name=file_name
                        name_error=name_error
                        on_download=Callback::new(download)
                        saved=saved
                    />
                </Show>
            </div>
        </section>
    }
}

fn select_all(ev: &leptos::ev::FocusEvent) {
    if let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        input.select();
    }
}

/// The preview and its controls. The controls stay in place while the contents follow the
/// suppression choice, so ticking the box does not lose the keyboard focus.
#[component]
fn PreviewControls(
    payload: Memo<Option<Payload>>,
    suppress: RwSignal<bool>,
    file_name: RwSignal<String>,
    name_error: RwSignal<Option<String>>,
    on_download: Callback<web_sys::MouseEvent>,
    saved: RwSignal<Option<String>>,
) -> impl IntoView {
    let on_suppress = move |ev: leptos::ev::Event| suppress.set(event_target_checked(&ev));
    let has_error = move || name_error.with(Option::is_some);
    view! {
        <div class="publish-preview">
            <h3 id="preview-heading" tabindex="-1">"Preview: what the published file will contain"</h3>
            {move || payload.get().map(|p| view! { <PreviewFacts payload=p /> })}
            <p class="field checkbox">
                <input type="checkbox" id="suppress-small" prop:checked=move || suppress.get() on:change=on_suppress />
                <label for="suppress-small">
                    {format!("Suppress cells under {SMALL_NUMBER}: publish them as missing (\"{SUPPRESSED}\"), not as their count and not as zero")}
                </label>
            </p>
            <div class="field" class:field-error=has_error>
                <label class="label" for="publish-name">"File name"</label>
                <p class="hint" id="publish-name-hint">
                    "Letters, digits, - _ and . only, ending .json. Put the file in the same folder as this \
                     page on your web server; the link to open it is shown after the download."
                </p>
                {move || name_error.get().map(|e| view! { <p class="error-message" id="publish-name-error">"Error: "{e}</p> })}
                <input
                    type="text"
                    id="publish-name"
                    class="input"
                    aria-describedby=move || if has_error() { "publish-name-hint publish-name-error" } else { "publish-name-hint" }
                    prop:value=move || file_name.get()
                    on:input=move |ev| file_name.set(event_target_value(&ev))
                />
            </div>
            <p class="actions">
                <button type="button" id="publish-download" class="button" on:click=move |ev| on_download.run(ev)>
                    "Download the published file"
                </button>
            </p>
            {move || saved.get().map(|address| view! {
                <div class="confirmation-panel" role="status" id="publish-saved">
                    <p>"The file was downloaded. Once it is beside this page on your web server, this link opens it:"</p>
                    <label class="label" for="publish-link">"Link to the published dashboard"</label>
                    <input type="text" id="publish-link" class="input" readonly=true prop:value=address on:focus=|ev| select_all(&ev) />
                </div>
            })}
        </div>
    }
}

/// Exactly what the published file holds, before it is written.
#[component]
fn PreviewFacts(payload: Payload) -> impl IntoView {
    let json = payload.to_json();
    let bytes = json.len();
    let small = payload.small_cells();
    let small_count = payload.suppression.small_cells as usize;
    let files: Vec<String> = payload
        .source
        .files
        .iter()
        .map(|f| f.name.clone())
        .collect();
    let missing = payload.coverage.missing_months.len();
    let rows: Vec<(String, String, String, String, String, bool)> = payload
        .cells
        .iter()
        .map(|c| {
            let name = |list: &[String], i: u32| {
                usize::try_from(i)
                    .ok()
                    .and_then(|i| list.get(i))
                    .cloned()
                    .unwrap_or_default()
            };
            let month = Month::parse_iso(&c.month).map_or_else(|_| c.month.clone(), Month::label);
            let (count, flagged) = match (c.value(), &c.missing) {
                (Some(n), _) if n > 0 && n < SMALL_NUMBER => (format!("{n} (under 5)"), true),
                (Some(n), _) => (thousands(n), false),
                (None, Some(reason)) => (format!("withheld: {reason}"), true),
                (None, None) => ("missing".to_owned(), true),
            };
            (
                name(&payload.areas, c.area),
                name(&payload.forces, c.force),
                name(&payload.crime_types, c.crime_type),
                month,
                count,
                flagged,
            )
        })
        .collect();
    let cell_count = rows.len();
    let small_view = (small_count > 0).then(|| {
        let applied = payload.suppression.applied;
        view! {
            <div class="warning small-numbers" id="small-numbers">
                <p>
                    <strong>{format!("Small numbers: {} count fewer than {SMALL_NUMBER}.", plural(small_count, "cell", "cells"))}</strong>
                    {if applied {
                        " They are withheld: the file marks each as missing, with the reason, and leaves out \
                         the files' row counts, which would give their total back."
                    } else {
                        " Counts this small can help identify people or places. Check your organisation's \
                         disclosure rules before publishing, or withhold them below."
                    }}
                </p>
                <ul>
                    {small.into_iter().map(|g| {
                        let months: Vec<String> = g.months.iter().map(|m| m.label()).collect();
                        view! { <li>{format!("{} — {}: {}", g.area, g.crime_type, months.join(", "))}</li> }
                    }).collect_view()}
                </ul>
            </div>
        }
    });
    let no_small = (small_count == 0).then(|| {
        view! { <p id="small-numbers">{format!("No cell counts fewer than {SMALL_NUMBER}.")}</p> }
    });
    view! {
        <dl class="summary-list" id="preview-summary">
                <div><dt>"Format"</dt><dd>{format!("{} (JSON, {})", payload.format, size_words(bytes))}</dd></div>
                <div><dt>"Holds"</dt><dd>
                    {format!(
                        "{} by month, force, area and crime type, and the list of files they came from. \
                         No rows, no Crime IDs, no locations.",
                        plural(cell_count, "count", "counts")
                    )}
                </dd></div>
                <div><dt>"Source"</dt><dd>
                    {format!(
                        "{}; {}: {}",
                        if payload.source.publishers.is_empty() { "publisher not stated".to_owned() } else { payload.source.publishers.join(", ") },
                        plural(files.len(), "file", "files"),
                        files.join(", ")
                    )}
                </dd></div>
                <div><dt>"Coverage"</dt><dd>
                    {format!(
                        "{}; {}, {}{}",
                        month_span(&payload),
                        plural(payload.areas.len(), "area", "areas"),
                        plural(payload.crime_types.len(), "crime type", "crime types"),
                        if missing == 0 { String::new() } else { format!("; {} with no file (shown as gaps)", plural(missing, "month", "months")) }
                    )}
                </dd></div>
                <div><dt>"Published"</dt><dd>{payload.published.clone()}</dd></div>
            </dl>
            {small_view}
            {no_small}
            <details class="preview-cells">
                <summary>{format!("Every count in the file ({})", thousands(cell_count as u64))}</summary>
                <div class="table-wrap" tabindex="0" role="region" aria-label="Every count in the file">
                    <table id="preview-table">
                        <caption>"Counts in the published file, by area, force, crime type and month"</caption>
                        <thead><tr>
                            <th scope="col">"Area"</th><th scope="col">"Force"</th><th scope="col">"Crime type"</th>
                            <th scope="col">"Month"</th><th scope="col" class="numeric">"Count"</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|(area, force, crime_type, month, count, flagged)| view! {
                                <tr class:small-cell=flagged>
                                    <td>{area}</td><td>{force}</td><td>{crime_type}</td><td>{month}</td>
                                    <td class="numeric">{count}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
            <details class="preview-json">
                <summary>"The file's text"</summary>
                <pre id="preview-json" tabindex="0" aria-label="The file's text">{json}</pre>
            </details>
    }
}

fn size_words(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else {
        format!("{} KB", thousands(bytes.div_ceil(1024) as u64))
    }
}

/// The banner over a published dashboard: read-only, where the data came from, when it was
/// published, and what was withheld.
/// The day a payload was published, as the page says dates: "9 Jan 2024".
pub fn published_on(payload: &Payload) -> String {
    Month::parse_iso(payload.published.get(..7).unwrap_or_default())
        .map(|m| {
            format!(
                "{} {}",
                payload
                    .published
                    .get(8..)
                    .unwrap_or_default()
                    .trim_start_matches('0'),
                m.label()
            )
        })
        .unwrap_or_else(|_| payload.published.clone())
}

#[component]
pub fn PublishedBanner(payload: Payload, from_link: bool) -> impl IntoView {
    let files: Vec<String> = payload
        .source
        .files
        .iter()
        .map(|f| f.name.clone())
        .collect();
    let publishers = if payload.source.publishers.is_empty() {
        "publisher not stated".to_owned()
    } else {
        payload.source.publishers.join(", ")
    };
    let published = published_on(&payload);
    let withheld = payload.withheld();
    let withheld_note = (withheld > 0).then(|| {
        view! {
            <p id="withheld-note">
                {format!(
                    "{} counted fewer than {SMALL_NUMBER} and {} withheld by the publisher. They are left out of \
                     the figures below, so totals that include them are lower than the true count.",
                    plural(withheld, "cell", "cells"),
                    if withheld == 1 { "was" } else { "were" }
                )}
            </p>
        }
    });
    view! {
        <div class="published-banner" id="published-banner" role="region" aria-labelledby="published-title">
            <h2 id="published-title">"Published data — read only"</h2>
            <p>
                {format!(
                    "These figures were {} on {published}. Source: {publishers}, {} ({}). You can change the \
                     view and filters; the data cannot be changed here.",
                    if from_link { "shared in a link" } else { "published" },
                    month_span(&payload),
                    if files.is_empty() { "files not listed".to_owned() } else { files.join(", ") }
                )}
            </p>
            {withheld_note}
        </div>
    }
}

/// The "Remember on this computer" choice and "Forget everything on this computer".
#[component]
pub fn RememberControls(
    remember: RwSignal<bool>,
    on_forget: Callback<()>,
    message: RwSignal<String>,
) -> impl IntoView {
    let column_roles = use_context::<super::column_roles::ColumnRolesState>();
    let on_change = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        spawn_local(async move {
            match persistence::set_opted_in(on).await {
                Ok(()) => {
                    if let (true, Some(roles)) = (on, column_roles) {
                        roles.store_remembered();
                    }
                    remember.set(on);
                    message.set(if on {
                        "The loaded data will be remembered on this computer.".to_owned()
                    } else {
                        "Nothing will be remembered; what was remembered has been deleted."
                            .to_owned()
                    });
                }
                Err(why) => message.set(format!("The choice could not be saved: {why}.")),
            }
        });
    };
    view! {
        <div class="remember">
            <p class="field checkbox">
                <input type="checkbox" id="remember" aria-describedby="remember-hint" prop:checked=move || remember.get() on:change=on_change />
                <label for="remember">"Remember the loaded data on this computer"</label>
            </p>
            <p class="hint" id="remember-hint">
                "Off unless you tick it. When on, the counts this page holds (by month, force, area and \
                 crime type — not your files, rows or Crime IDs) and the list of files loaded are kept in \
                 this browser's storage (IndexedDB) on this computer, and are here when you next open \
                 the page. They stay on this computer: nothing is sent anywhere."
            </p>
            <p class="actions">
                <button type="button" id="forget-everything" class="button warning-button" on:click=move |_| on_forget.run(())>
                    "Forget everything on this computer"
                </button>
            </p>
            <p class="status" id="remember-status" role="status">{move || message.get()}</p>
        </div>
    }
}

/// Fetches a published file beside the page: a same-origin GET of a name
/// `crate::share::published_name` has checked, credentials kept to this origin and redirects
/// refused (a redirect could lead anywhere on the host).
pub async fn fetch_published(name: &str) -> Result<String, String> {
    let fail = |why: String| format!("The published file {name} could not be opened: {why}.");
    let window = web_sys::window().ok_or_else(|| fail("no window".into()))?;
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    init.set_mode(web_sys::RequestMode::SameOrigin);
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    init.set_redirect(web_sys::RequestRedirect::Error);
    init.set_cache(web_sys::RequestCache::NoCache);
    let response = JsFuture::from(window.fetch_with_str_and_init(name, &init))
        .await
        .map_err(|_| fail("the server could not be reached, or it redirected elsewhere".into()))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| fail("the browser gave no response".into()))?;
    if response.status() == 404 {
        return Err(fail(
            "there is no such file beside this page (was it copied to the web server, into the \
             same folder as the page?)"
                .into(),
        ));
    }
    if !response.ok() {
        return Err(fail(format!("the server answered {}", response.status())));
    }
    let text = response
        .text()
        .map_err(|_| fail("it could not be read".into()))?;
    JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| fail("it could not be read".into()))
}
