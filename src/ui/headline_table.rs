use leptos::prelude::*;

use super::browser::download_text;
use crate::charts::thousands;
use crate::export::headline_csv;
use crate::model::CountTable;
use crate::stats::headline::{Headline, Polarity, default_comparison, headlines, p_words};
use crate::stats::period_change::ComparisonKind;
use crate::stats::two_period::{Change, Verdict, one_decimal};

/// One row per crime type: latest month, change with its significance, direction, SPC
/// variation and the sentence. Significant changes are marked in words and weight, not colour.
#[component]
pub fn HeadlineTable(table: Memo<CountTable>) -> impl IntoView {
    // None follows the data: the best comparison it supports.
    let chosen = RwSignal::new(None::<ComparisonKind>);
    let kind = Memo::new(move |_| {
        chosen
            .get()
            .unwrap_or_else(|| table.with(default_comparison))
    });
    let rows =
        Memo::new(move |_| table.with(|t| headlines(t, kind.get(), Polarity::LowerIsBetter)));
    let download_error = RwSignal::new(None::<String>);
    let download = move |_| {
        let csv = rows.with(|h| headline_csv(h));
        download_error
            .set(download_text("safer-trends-headlines.csv", "text/csv;charset=utf-8", &csv).err());
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let index: Option<usize> = event_target_value(&ev).parse().ok();
        chosen.set(index.and_then(|i| ComparisonKind::ALL.get(i).copied()));
    };
    view! {
        <section aria-labelledby="headline-heading">
            <h2 id="headline-heading">"Headlines"</h2>
            <p class="field">
                <label for="comparison" class="label">"Compare"</label>
                <select id="comparison" on:change=on_pick>
                    {ComparisonKind::ALL
                        .iter()
                        .enumerate()
                        .map(|(i, k)| {
                            let k = *k;
                            view! { <option value=i.to_string() selected=move || kind.get() == k>{k.title()}</option> }
                        })
                        .collect_view()}
                </select>
            </p>
            <div class="table-scroll" role="region" aria-labelledby="headline-heading" tabindex="0">
                <table id="headline-table" class="data headlines">
                    <caption>{move || format!("{}. Change: {}. Lower is better for crime counts.", table.with(|t| t.area_label().to_owned()), kind.get().title())}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Crime type"</th>
                            <th scope="col">"Latest month"</th>
                            <th scope="col" class="num">"Change"</th>
                            <th scope="col">"Significance"</th>
                            <th scope="col">"Direction"</th>
                            <th scope="col">"Variation (SPC)"</th>
                            <th scope="col">"In words"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            rows.get()
                                .into_iter()
                                .map(|h| {
                                    let changed = table.with(|t| change_months(t, &h.category));
                                    headline_row(h, changed)
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
                <h3>"Crime types whose definition changed"</h3>
                <ul>{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
            </div>
        }
    })
}

/// `changed`: the months at which this crime type's definition changed within the data.
fn headline_row(h: Headline, changed: Vec<String>) -> impl IntoView {
    let flag = (!changed.is_empty()).then(|| {
        view! {
            <span class="definition-flag">
                {format!(" (definition changed {}: see the notes below)", changed.join(" and "))}
            </span>
        }
    });
    let latest = h.latest.map_or_else(
        || "No data".to_owned(),
        |(m, n)| format!("{}: {}", m.label(), thousands(n)),
    );
    let (change, significance, significant) = match &h.comparison {
        Ok(c) => {
            let change = match c.change {
                Change::Percent(p) => format!("{:+.1}% ({:+})", one_decimal(p), c.absolute_change),
                Change::New => "New (none before)".to_owned(),
                Change::NoEvents => "None in either period".to_owned(),
            };
            let p = c
                .test
                .test
                .as_ref()
                .map(|t| format!(" ({})", p_words(t.p_value)))
                .unwrap_or_default();
            let significant = matches!(
                c.test.verdict,
                Verdict::SignificantIncrease | Verdict::SignificantDecrease
            );
            let verdict = c.test.verdict.words();
            let mut words = verdict.chars();
            let verdict = words
                .next()
                .map(|f| f.to_uppercase().chain(words).collect::<String>())
                .unwrap_or_default();
            (change, format!("{verdict}{p}"), significant)
        }
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
    view! {
        <tr class:significant=significant>
            <th scope="row">{h.category}{flag}</th>
            <td>{latest}</td>
            <td class="num">{change}</td>
            <td>{significance}</td>
            <td>{direction}</td>
            <td>{variation}</td>
            <td class="narrative">{h.narrative}</td>
        </tr>
    }
}
