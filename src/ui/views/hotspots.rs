use std::collections::BTreeSet;

use leptos::prelude::*;
use web_sys::File;

use crate::charts::{
    Cell, DataTable, HotspotsChart, LsoaCount, SNAP_POINT_CAVEAT, hotspots, ranked_lsoa_table,
    thousands,
};
use crate::charts::{Frame, file_stem};
use crate::dashboard::ChosenWindows;
use crate::dashboard::hotspots::{
    HotspotCounts, HotspotQuery, MapSpan, crime_types_for, map_months, sources_latest_first,
};
use crate::model::{CountTable, Dataset};
use crate::protocol::FromTask;
use crate::ui::browser::download_text;
use crate::ui::charts_panel::{data_table_with, figure_or_reason};
use crate::ui::url_state::UrlState;
use crate::worker::hotspots::HotspotWorker;

/// How an archive's entry is named once loaded: `archive › path` (`ingest::archive`).
const ENTRY_MARK: &str = " \u{203a} ";
const MAP_SIZE: (u32, u32) = (640, 560);
const TOP_LSOAS: usize = 10;
const ALL_AREAS: &str = "All areas";

/// The `File` handles of what the user loaded, by name: references to the files on disk (a
/// handle holds no bytes), kept so a view can read a file again. Data that came from a
/// published or remembered table has none.
#[derive(Clone, Copy)]
pub struct LoadedHandles(StoredValue<Vec<File>, LocalStorage>);

impl LoadedHandles {
    pub fn new() -> LoadedHandles {
        LoadedHandles(StoredValue::new_local(Vec::new()))
    }

    /// Keeps the handles of a load; one of the same name replaces the earlier, as the
    /// dataset replaces the file.
    pub fn keep(&self, files: &[File]) {
        self.0.update_value(|kept| {
            for file in files {
                let name = file.name();
                kept.retain(|f| f.name() != name);
                kept.push(file.clone());
            }
        });
    }

    pub fn clear(&self) {
        self.0.update_value(Vec::clear);
    }

    /// The handle to read a loaded file from: the file itself, or the archive it came from.
    fn find(&self, loaded_as: &str) -> Option<File> {
        let name = loaded_as
            .split_once(ENTRY_MARK)
            .map_or(loaded_as, |(archive, _)| archive);
        self.0
            .with_value(|kept| kept.iter().find(|f| f.name() == name).cloned())
    }
}

impl Default for LoadedHandles {
    fn default() -> LoadedHandles {
        LoadedHandles::new()
    }
}

/// Why there is no map to draw.
#[derive(Debug, Clone, PartialEq)]
enum NoMap {
    /// No street file is loaded.
    Unloaded,
    /// Counts without their files: a published or remembered table.
    CountsOnly(Vec<String>),
    /// Street files with no months.
    Empty,
}

/// What to ask, and of which files (latest publication first), with the words for it.
#[derive(Debug, Clone, PartialEq)]
struct Plan {
    query: HotspotQuery,
    sources: Vec<String>,
    what: String,
    area: String,
    months: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Answer {
    Waiting,
    Reading { bytes: u64, total: u64 },
    Ready { plan: Plan, counts: HotspotCounts },
    Failed(String),
}

/// Where the crimes of the chosen area, crime type and months were: a hex map of police.uk's
/// locations beside the LSOAs with most crimes. The table keeps no locations, so the worker
/// reads the loaded street files again for the map (`dashboard::hotspots`); the view stays
/// usable meanwhile, and an answer to filters since changed is dropped.
#[component]
pub fn HotspotsView(
    dataset: RwSignal<Dataset>,
    table: Memo<CountTable>,
    chosen: Memo<ChosenWindows>,
    url: UrlState,
    span: RwSignal<MapSpan>,
) -> impl IntoView {
    let handles = use_context::<LoadedHandles>().unwrap_or_default();
    let measure = Memo::new(move |_| url.with(|s| s.measure.clone()));
    let categories = Memo::new(move |_| {
        dataset.with(|d| {
            d.counts()
                .categories()
                .into_iter()
                .map(str::to_owned)
                .collect::<BTreeSet<String>>()
        })
    });
    let plan = Memo::new(move |_| -> Result<Plan, NoMap> {
        let sources: Vec<String> = dataset.with(|d| {
            sources_latest_first(d)
                .into_iter()
                .map(str::to_owned)
                .collect()
        });
        if sources.is_empty() {
            return Err(NoMap::Unloaded);
        }
        let missing: Vec<String> = sources
            .iter()
            .filter(|name| handles.find(name).is_none())
            .cloned()
            .collect();
        if !missing.is_empty() {
            return Err(NoMap::CountsOnly(missing));
        }
        let windows = chosen.with(|c| c.windows);
        let (months, window) = table.with(|t| map_months(t, windows, span.get())).unzip();
        let (Some(months), Some(window)) = (months, window) else {
            return Err(NoMap::Empty);
        };
        let m = measure.get();
        let types = categories
            .with(|all| table.with(|t| crime_types_for(m.as_deref(), &t.categories, all)));
        let area = table.with(|t| t.area.clone());
        let query = dataset.with(|d| HotspotQuery::new(d, area.clone(), types, months));
        Ok(Plan {
            query,
            sources,
            what: m.unwrap_or_else(|| "All recorded crime".to_owned()),
            area: area.unwrap_or_else(|| ALL_AREAS.to_owned()),
            months: window,
        })
    });

    let answer = RwSignal::new(Answer::Waiting);
    let current = StoredValue::new(0u32);
    let asked = StoredValue::new(None::<Plan>);
    let busy = StoredValue::new(false);
    let worker = StoredValue::new_local(None::<HotspotWorker>);
    let on_message = move |message: FromTask| match message {
        FromTask::Progress { task, bytes, .. } if task == current.get_value() => {
            answer.update(|a| {
                if let Answer::Reading { bytes: done, .. } = a {
                    *done = bytes;
                }
            });
        }
        FromTask::Hotspots { task, result } if task == current.get_value() => {
            busy.set_value(false);
            answer.set(match (result, asked.get_value()) {
                (Ok(counts), Some(plan)) => Answer::Ready { plan, counts },
                (Err(why), _) => Answer::Failed(why),
                (Ok(_), None) => Answer::Waiting,
            });
        }
        _ => {}
    };
    let on_error = move |message: String| {
        busy.set_value(false);
        answer.set(Answer::Failed(message));
        // Not from inside the worker's own callback: drop it once this one has returned.
        leptos::task::spawn_local(async move { worker.set_value(None) });
    };
    Effect::new(move |_| {
        let Ok(next) = plan.get() else {
            return;
        };
        let files: Vec<(File, String)> = next
            .sources
            .iter()
            .filter_map(|name| Some((handles.find(name)?, name.clone())))
            .collect();
        let task = current.get_value().wrapping_add(1);
        current.set_value(task);
        asked.set_value(Some(next.clone()));
        // A query still running answers filters that have changed: end it with its worker.
        if busy.get_value() {
            worker.set_value(None);
        }
        if worker.with_value(Option::is_none) {
            match HotspotWorker::spawn(on_message, on_error) {
                Ok(w) => worker.set_value(Some(w)),
                Err(message) => {
                    answer.set(Answer::Failed(message));
                    return;
                }
            }
        }
        busy.set_value(true);
        answer.set(Answer::Reading {
            bytes: 0,
            total: files.iter().map(|(f, _)| f.size() as u64).sum(),
        });
        worker.with_value(|w| {
            if let Some(w) = w {
                w.ask(task, &files, &next.query);
            }
        });
    });
    on_cleanup(move || {
        let _ = worker.try_update_value(|w| w.take());
    });

    let status = move || match answer.get() {
        Answer::Reading { .. } => "Reading the street files again for the map…".to_owned(),
        Answer::Ready { counts, .. } => {
            format!("Map ready: {} crimes.", thousands(counts.crimes))
        }
        Answer::Failed(_) => "The map could not be made: see the message.".to_owned(),
        Answer::Waiting => String::new(),
    };
    let body = move || {
        match plan.get() {
        Err(why) => no_map(&why).into_any(),
        Ok(p) => view! {
            <p class="lede" id="hotspots-what">
                {format!(
                    "Where {} was recorded in {}, {}.",
                    as_phrase(&p.what),
                    if p.area == ALL_AREAS { "all areas" } else { p.area.as_str() },
                    p.months
                )}
            </p>
            <p class="inset" id="hotspots-caveat">{SNAP_POINT_CAVEAT}" The map shows the crime type and area chosen under Filters, and the months chosen below."</p>
            <SpanChoice table=table chosen=chosen span=span />
            {move || match answer.get() {
                Answer::Reading { bytes, total } => view! {
                    <div class="progress" id="hotspots-progress">
                        <p>"Reading the street files again for the map. The rest of the page can be used meanwhile."</p>
                        <progress max="1" value=(bytes as f64 / total.max(1) as f64).clamp(0.0, 1.0) aria-label="Share of the files read for the map"></progress>
                    </div>
                }.into_any(),
                Answer::Ready { plan, counts } => answered(&plan, counts).into_any(),
                Answer::Failed(why) => view! {
                    <div class="error-summary" role="alert" id="hotspots-error" aria-labelledby="hotspots-error-title">
                        <h3 id="hotspots-error-title" class="error-summary-title">"There is a problem"</h3>
                        <p>{why}</p>
                    </div>
                }.into_any(),
                Answer::Waiting => ().into_any(),
            }}
        }
        .into_any(),
    }
    };
    view! {
        <section class="view" aria-labelledby="view-heading">
            <h2 id="view-heading" tabindex="-1">"Hotspots"</h2>
            <p id="hotspots-status" class="visually-hidden" role="status" aria-live="polite">{status}</p>
            {body}
        </section>
    }
}

/// Which of the comparison's windows the map shows, or every month loaded. Offered only when
/// there is a comparison: otherwise the map already shows every month.
#[component]
fn SpanChoice(
    table: Memo<CountTable>,
    chosen: Memo<ChosenWindows>,
    span: RwSignal<MapSpan>,
) -> impl IntoView {
    let choices = Memo::new(move |_| {
        let windows = chosen.with(|c| c.windows);
        table.with(|t| {
            windows.compare(&t.totals()).is_ok().then(|| {
                SPANS
                    .iter()
                    .filter_map(|&(s, words)| {
                        map_months(t, windows, s).map(|(_, label)| (s, format!("{words}: {label}")))
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    move || {
        choices.get().map(|choices| {
            view! {
                <fieldset class="fieldset" id="hotspots-span">
                    <legend>"Months on the map"</legend>
                    <div class="radios">
                        {choices
                            .into_iter()
                            .enumerate()
                            .map(|(i, (s, text))| {
                                let id = format!("hotspots-span-{i}");
                                view! {
                                    <div class="radio">
                                        <input
                                            type="radio"
                                            id=id.clone()
                                            name="hotspots-span"
                                            prop:checked=move || span.get() == s
                                            on:change=move |_| span.set(s)
                                        />
                                        <label for=id>{text}</label>
                                    </div>
                                }
                            })
                            .collect_view()}
                    </div>
                </fieldset>
            }
        })
    }
}

const SPANS: [(MapSpan, &str); 3] = [
    (MapSpan::Current, "The current window"),
    (MapSpan::Baseline, "The window it is compared with"),
    (MapSpan::All, "Every month loaded"),
];

fn as_phrase(text: &str) -> String {
    // "All recorded crime" reads as a phrase; a crime type's own name is kept as published.
    if text == "All recorded crime" {
        "crime".to_owned()
    } else {
        text.to_owned()
    }
}

fn no_map(why: &NoMap) -> impl IntoView + use<> {
    let text = match why {
        NoMap::Unloaded => "There is nothing to map: no police.uk street-level crime file is \
             loaded. Load the street files (\u{201c}…-street.csv\u{201d}, or the zip from \
             data.police.uk) to see where crimes were recorded."
            .to_owned(),
        NoMap::CountsOnly(missing) => format!(
            "There is nothing to map: the map reads the street files themselves, and {} {} \
             counts without the files (a published or remembered table keeps no locations). \
             To see where crimes were recorded, load the police.uk street files (or their zip) \
             into Safer Trends.",
            missing.join(", "),
            if missing.len() == 1 { "holds" } else { "hold" }
        ),
        NoMap::Empty => {
            "There is nothing to map: the loaded street files hold no months.".to_owned()
        }
    };
    view! { <p class="inset" id="no-hotspots">{text}</p> }
}

/// The map beside the LSOA table, with the sentence that reconciles them with the table.
fn answered(plan: &Plan, counts: HotspotCounts) -> impl IntoView + use<> {
    let on_map: u64 = counts.points.iter().map(|p| p.2).sum();
    let mut sentence = format!(
        "{} crimes: {} with a location on the map.",
        thousands(counts.crimes),
        thousands(on_map)
    );
    if counts.no_location > 0 {
        sentence.push_str(&format!(
            " {} crime{} had no location and {} not on the map.",
            thousands(counts.no_location),
            if counts.no_location == 1 { "" } else { "s" },
            if counts.no_location == 1 { "is" } else { "are" }
        ));
    }
    let title = format!("{}: where crimes were recorded", plan.what);
    let frame = Frame::new("chart-hotspots", &title, MAP_SIZE).with_caption(
        "police.uk street-level crime",
        &plan.area,
        &plan.months,
    );
    let chart = hotspots(&HotspotsChart {
        frame,
        points: counts
            .points
            .iter()
            .map(|(lon, lat, n)| ((*lon, *lat), *n))
            .collect(),
        radius_m: None,
    })
    .map_err(|e| e.to_string());
    let map = figure_or_reason(
        "chart-hotspots",
        chart,
        "The LSOAs with most crimes are in the table.",
    );
    let table = ranked_lsoa_table(&counts.lsoas, TOP_LSOAS);
    view! {
        <p id="hotspots-count">{sentence}</p>
        <div class="hotspots-layout">
            <div class="hotspots-map">{map}</div>
            <section class="hotspots-lsoas" aria-labelledby="lsoa-heading">
                <h3 id="lsoa-heading">{format!("The {TOP_LSOAS} LSOAs with most crimes")}</h3>
                {lsoa_table(&plan.what, &plan.area, table, &counts.lsoas)}
            </section>
        </div>
    }
}

/// The ranked LSOAs, and every LSOA's count as CSV.
fn lsoa_table(
    what: &str,
    area: &str,
    table: DataTable,
    all: &[LsoaCount],
) -> impl IntoView + use<> {
    let csv = ranked_lsoa_table(all, all.len()).csv();
    let name = format!("{}.csv", file_stem(&format!("{what} by LSOA, {area}")));
    let error = RwSignal::new(None::<String>);
    let save = move |_| {
        error.set(download_text(&name, "text/csv;charset=utf-8", &csv).err());
    };
    let empty = table.rows.is_empty();
    let shown = DataTable {
        caption: table.caption.clone(),
        rows: table
            .rows
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|c| match c {
                        Cell::Text(t) if t.is_empty() => Cell::Text("Not given".to_owned()),
                        other => other,
                    })
                    .collect()
            })
            .collect(),
        ..table
    };
    view! {
        {if empty {
            view! { <p id="no-lsoas">"No crime here names an LSOA."</p> }.into_any()
        } else {
            data_table_with("lsoa-table", shown, "").into_any()
        }}
        <p class="actions">
            <button type="button" class="button secondary" id="download-lsoas" on:click=save>
                "Download every LSOA (CSV)"<span class="visually-hidden">{format!(": {what}, {area}")}</span>
            </button>
        </p>
        {move || error.get().map(|e| view! { <p class="chart-error" role="alert">{e}</p> })}
    }
}
