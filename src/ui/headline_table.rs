use std::collections::BTreeSet;

use leptos::prelude::*;

use super::browser::download_text;
use super::url_state::UrlState;
use crate::charts::thousands;
use crate::dashboard::ChosenWindows;
use crate::dashboard::overview::{OverviewRow, sparkline_of};
use crate::export::headline_csv;
use crate::model::CountTable;
use crate::report::words::{change_words, is_significant, significance_words};
use crate::stats::headline::{ALL_CATEGORIES, Headline};
use crate::view_state::{SortColumn, SortOrder, View};

/// One row per crime type: latest value, change with its significance, direction, SPC
/// variation and the sentence on request. Sortable by any column from its heading. Significant
/// changes are marked in words and weight, not colour.
#[component]
pub fn HeadlineTable(
    rows: Memo<Vec<OverviewRow>>,
    table: Memo<CountTable>,
    url: UrlState,
    chosen: Memo<ChosenWindows>,
) -> impl IntoView {
    let expanded = RwSignal::new(BTreeSet::<String>::new());
    let noun = Memo::new(move |_| url.with(|s| s.granularity.noun()));
    let download_error = RwSignal::new(None::<String>);
    let download = move |_| {
        let headlines: Vec<Headline> =
            rows.with(|r| r.iter().map(|r| r.headline.clone()).collect());
        let csv = headline_csv(&headlines);
        download_error
            .set(download_text("safer-trends-headlines.csv", "text/csv;charset=utf-8", &csv).err());
    };
    let caption = move || {
        let c = chosen.get();
        let fallback = if c.problems.is_empty() {
            ""
        } else {
            " The custom comparison needs fixing (see Filters), so the best comparison the data \
             supports is shown."
        };
        format!(
            "{}. Change: {}.{fallback} All recorded crime stays first when the table is sorted.",
            table.with(|t| t.area_label().to_owned()),
            c.windows.title()
        )
    };
    view! {
        <section aria-labelledby="headline-heading">
            <h3 id="headline-heading">"Headlines"</h3>
            <div class="table-scroll" role="region" aria-labelledby="headline-caption" tabindex="0">
                <table id="headline-table" class="data headlines">
                    <caption id="headline-caption">{caption}</caption>
                    <thead>
                        <tr>
                            {sort_header(url, SortColumn::CrimeType, Signal::derive(|| "Crime type".to_owned()), "")}
                            {sort_header(url, SortColumn::Latest, Signal::derive(move || format!("Latest {}", noun.get())), "num")}
                            {sort_header(url, SortColumn::Change, Signal::derive(|| "Change".to_owned()), "num")}
                            {sort_header(url, SortColumn::Significance, Signal::derive(|| "Significance".to_owned()), "")}
                            {sort_header(url, SortColumn::Direction, Signal::derive(|| "Direction".to_owned()), "")}
                            {sort_header(url, SortColumn::Variation, Signal::derive(|| "Variation (SPC)".to_owned()), "")}
                            <th scope="col">"Trend by month"</th>
                            <th scope="col">"In words"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            rows.get()
                                .into_iter()
                                .enumerate()
                                .map(|(i, row)| {
                                    let changed = table.with(|t| change_months(t, &row.headline.category));
                                    headline_row(i, row, changed, url, expanded)
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            {move || definition_notes(table)}
            <p class="actions">
                <button type="button" id="download-headlines" class="button" on:click=download>"Download headlines CSV"</button>
            </p>
            {move || download_error.get().map(|e| view! { <p class="error-message" role="alert">{e}</p> })}
        </section>
    }
}

/// A column heading whose button sorts by it: ascending first, then the other way.
fn sort_header(
    url: UrlState,
    column: SortColumn,
    label: Signal<String>,
    class: &'static str,
) -> impl IntoView {
    let order = move || url.with(|s| s.sort.filter(|(c, _)| *c == column).map(|(_, o)| o));
    let on_click = move |_| {
        let next = order().map_or(SortOrder::Ascending, SortOrder::reversed);
        url.change(|s| s.sort = Some((column, next)));
    };
    view! {
        <th
            scope="col"
            class=class
            aria-sort=move || {
                order()
                    .map(|o| match o {
                        SortOrder::Ascending => "ascending",
                        SortOrder::Descending => "descending",
                    })
            }
        >
            <button type="button" class="sort-button" on:click=on_click>
                {move || label.get()}
                <span class="sort-icon" aria-hidden="true">
                    {move || match order() {
                        Some(SortOrder::Ascending) => "▲",
                        Some(SortOrder::Descending) => "▼",
                        None => "↕",
                    }}
                </span>
            </button>
        </th>
    }
}

/// When the crime type's definition changed within the table's months ("May 2013").
fn change_months(table: &CountTable, category: &str) -> Vec<String> {
    table.notes_for(category).map(|n| n.month.label()).collect()
}

/// The definition changes the months cross, in words under the table (and marked in each
/// row), so a trend across one is never read as like-for-like.
fn definition_notes(table: Memo<CountTable>) -> Option<impl IntoView> {
    let notes: Vec<String> = table.with(|t| t.notes.iter().map(|n| n.text.clone()).collect());
    (!notes.is_empty()).then(|| {
        view! {
            <div class="definition-notes" id="headline-notes">
                <h4>"Crime types whose definition changed"</h4>
                <ul>{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
            </div>
        }
    })
}

/// `changed`: the months at which this crime type's definition changed within the data.
fn headline_row(
    index: usize,
    row: OverviewRow,
    changed: Vec<String>,
    url: UrlState,
    expanded: RwSignal<BTreeSet<String>>,
) -> impl IntoView {
    // The sparkline stays visible to screen readers: its description (span, highest, lowest,
    // latest, months with no data) says what no other cell of the row does.
    let trend = match sparkline_of(&row, &format!("spark-{index}")) {
        Ok(chart) => view! { <div class="sparkline" inner_html=chart.svg></div> }.into_any(),
        Err(_) => view! { <span>"No months"</span> }.into_any(),
    };
    let OverviewRow {
        headline: h,
        latest,
        ..
    } = row;
    let latest = latest.map_or_else(
        || "No complete period".to_owned(),
        |(p, n)| format!("{}: {}", p.label(), thousands(n)),
    );
    let (change, significance, significant) = match &h.comparison {
        Ok(c) => (change_words(c), significance_words(c), is_significant(c)),
        Err(_) => (
            "Not available".to_owned(),
            "Not calculated".to_owned(),
            false,
        ),
    };
    let direction = h
        .direction
        .as_ref()
        .map_or_else(|e| format!("Not calculated: {}", e.reason), |d| d.words());
    let variation = match &h.variation {
        Ok(v) if v.few_points => format!("{} (fewer than 12 points)", v.words()),
        Ok(v) => v.words().to_owned(),
        Err(e) => format!("Not calculated: {}", e.reason),
    };
    let category = h.category.clone();
    let measure = (category != ALL_CATEGORIES).then(|| category.clone());
    let href = move || {
        let measure = measure.clone();
        url.href(|s| {
            s.view = View::Detail;
            s.measure = measure;
        })
    };
    let key = category.clone();
    let open = Memo::new(move |_| expanded.with(|e| e.contains(&key)));
    let toggle_key = category.clone();
    let toggle = move |_| {
        expanded.update(|e| {
            if !e.remove(&toggle_key) {
                e.insert(toggle_key.clone());
            }
        })
    };
    let sentence_id = format!("narrative-{index}");
    let flag = (!changed.is_empty()).then(|| {
        view! {
            <span class="definition-flag">
                {format!(" (definition changed {}: see the notes below)", changed.join(" and "))}
            </span>
        }
    });
    view! {
        <tr class:significant=significant>
            <th scope="row"><a class="measure-link" href=href>{h.category}</a>{flag}</th>
            <td class="num">{latest}</td>
            <td class="num">{change}</td>
            <td>{significance}</td>
            <td>{direction}</td>
            <td>{variation}</td>
            <td class="trend">{trend}</td>
            <td class="narrative">
                <button
                    type="button"
                    class="link-button"
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-controls=sentence_id.clone()
                    on:click=toggle
                >
                    {move || if open.get() { "Hide sentence" } else { "Show sentence" }}
                    <span class="visually-hidden">{format!(" for {category}")}</span>
                </button>
                <p id=sentence_id class="narrative-text" hidden=move || !open.get()>{h.narrative}</p>
            </td>
        </tr>
    }
}
