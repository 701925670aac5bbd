//! "Counts / Rate per 1,000 population": the choice, why it cannot be honoured when it cannot,
//! and the overview's headlines as rates. The figures come from `dashboard::rates`; the
//! detail view draws its own rate chart and table from the same state.

use leptos::prelude::*;

use super::browser::download_text;
use super::url_state::UrlState;
use crate::dashboard::ChosenWindows;
use crate::dashboard::overview::OverviewRow;
use crate::dashboard::rates::{
    LatestRate, estimates_named, interval_text, latest_rates, latest_rates_csv, population,
    population_text, rate_area, rate_text,
};
use crate::model::{CountTable, Dataset};
use crate::report::words::{change_words, is_significant, significance_words};
use crate::stats::rates::Population;

/// Whether rates are shown, and for which area: derived once per change of the data, the
/// area or the choice, and shared by the filters and the views.
#[derive(Debug, Clone, Copy)]
pub struct RateState {
    pub population: Memo<Population>,
    /// The one area rates are for, or why there is none, in words.
    pub area: Memo<Result<String, String>>,
    /// The user asked for rates (`rate=1000`) and they can be shown.
    pub on: Memo<bool>,
}

impl RateState {
    pub fn new(dataset: RwSignal<Dataset>, table: Memo<CountTable>, url: UrlState) -> RateState {
        let population = Memo::new(move |_| dataset.with(population));
        let area = Memo::new(move |_| population.with(|p| table.with(|t| rate_area(t, p))));
        let on = Memo::new(move |_| url.with(|s| s.rates) && area.with(Result::is_ok));
        RateState {
            population,
            area,
            on,
        }
    }
}

/// The labelled radio group. Rates can always be asked for (a link may carry the choice before
/// the population file is loaded); when they cannot be shown, the hint says why, in words.
#[component]
pub fn RateChoice(url: UrlState, rates: RateState) -> impl IntoView {
    let asked = Memo::new(move |_| url.with(|s| s.rates));
    let hint = move || match rates.area.get() {
        Ok(area) => format!(
            "Rates use the ONS mid-year population estimate for {area} of each period's year \
             (the nearest earlier one when that year's is not loaded), with 95% confidence \
             intervals."
        ),
        Err(why) if asked.get() => format!("Counts are shown. {why}"),
        Err(why) => why,
    };
    let option = |id: &'static str, label: &'static str, rate: bool| {
        view! {
            <div class="radio">
                <input
                    type="radio"
                    id=id
                    name="figures-as"
                    prop:checked=move || asked.get() == rate
                    on:change=move |_| url.change(|s| s.rates = rate)
                />
                <label for=id>{label}</label>
            </div>
        }
    };
    view! {
        <fieldset class="fieldset rate-choice" aria-describedby="rate-hint">
            <legend>"Figures as"</legend>
            <div class="radios">
                {option("figures-counts", "Counts", false)}
                {option("figures-rates", "Rate per 1,000 population", true)}
            </div>
            <p id="rate-hint" class="hint" class:warning=move || asked.get() && !rates.on.get()>
                {hint}
            </p>
        </fieldset>
    }
}

/// The overview's headline table as rates: each crime type's latest complete period, its
/// count, the population used, the rate per 1,000 and its 95% confidence interval, beside the
/// change in the count and its significance (which the rate cannot change within one area).
#[component]
pub fn RateHeadlines(
    rows: Memo<Vec<OverviewRow>>,
    rates: RateState,
    url: UrlState,
    chosen: Memo<ChosenWindows>,
) -> impl IntoView {
    let area = move || rates.area.get().unwrap_or_default();
    let latest = Memo::new(move |_| {
        let area = area();
        rates
            .population
            .with(|p| rows.with(|r| latest_rates(r, &area, p)))
    });
    let noun = Memo::new(move |_| url.with(|s| s.granularity.noun()));
    let caption = move || {
        let used = latest.with(|l| {
            estimates_named(
                l.iter()
                    .filter_map(|r| r.rate.as_ref().ok().map(|(u, _)| u)),
            )
        });
        format!(
            "{}: crimes per 1,000 population in the latest complete {}, from the ONS {} \
             mid-year population estimate, with 95% confidence intervals. Change in the count: \
             {}.",
            area(),
            noun.get(),
            if used.is_empty() {
                "(none)".to_owned()
            } else {
                used
            },
            chosen.get().windows.title()
        )
    };
    let download_error = RwSignal::new(None::<String>);
    let download = move |_| {
        let csv = latest.with(|l| latest_rates_csv(&area(), l));
        download_error
            .set(download_text("safer-trends-rates.csv", "text/csv;charset=utf-8", &csv).err());
    };
    view! {
        <section aria-labelledby="headline-heading">
            <h3 id="headline-heading">"Headlines: rates per 1,000 population"</h3>
            <div class="table-scroll" role="region" aria-labelledby="rate-caption" tabindex="0">
                <table id="rate-table" class="data headlines">
                    <caption id="rate-caption">{caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Crime type"</th>
                            <th scope="col">{move || format!("Latest {}", noun.get())}</th>
                            <th scope="col" class="num">"Count"</th>
                            <th scope="col" class="num">"Rate per 1,000 population"</th>
                            <th scope="col" class="num">"95% confidence interval"</th>
                            <th scope="col">"Population (estimate used)"</th>
                            <th scope="col" class="num">"Change in count"</th>
                            <th scope="col">"Significance"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let changes = rows.get();
                            latest
                                .get()
                                .into_iter()
                                .zip(changes)
                                .map(|(rate, row)| rate_row(rate, &row))
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <p class="actions">
                <button type="button" id="download-rates" class="button" on:click=download>
                    "Download these rates (CSV)"
                </button>
            </p>
            {move || download_error.get().map(|e| view! { <p class="error-message" role="alert">{e}</p> })}
        </section>
    }
}

fn rate_row(rate: LatestRate, row: &OverviewRow) -> impl IntoView + use<> {
    let (change, significance, significant) = match &row.headline.comparison {
        Ok(c) => (change_words(c), significance_words(c), is_significant(c)),
        Err(why) => (
            "Not available".to_owned(),
            format!("Not calculated: {}", why.reason),
            false,
        ),
    };
    let period = rate.latest.map(|(p, _)| p.label()).unwrap_or_default();
    let count = rate
        .latest
        .map(|(_, c)| crate::charts::thousands(c))
        .unwrap_or_default();
    let cells = match rate.rate {
        Ok((used, estimate)) => view! {
            <td class="num">{rate_text(estimate.value)}</td>
            <td class="num">{interval_text(&estimate)}</td>
            <td>{population_text(&used)}</td>
        }
        .into_any(),
        Err(why) => view! { <td colspan="3">{format!("No rate: {why}.")}</td> }.into_any(),
    };
    view! {
        <tr class:significant=significant>
            <th scope="row">{rate.measure}</th>
            <td>{period}</td>
            <td class="num">{count}</td>
            {cells}
            <td class="num">{change}</td>
            <td>{significance}</td>
        </tr>
    }
}

/// The data panel's line about rates: how to unlock them, or which estimates are loaded.
#[component]
pub fn PopulationNote(dataset: RwSignal<Dataset>) -> impl IntoView {
    let missing = Memo::new(move |_| dataset.with(|d| population(d).is_empty()));
    move || {
        missing.get().then(|| {
            view! {
                <p id="population-note" class="inset">
                    {crate::dashboard::rates::NO_POPULATION}
                    " (a council mid-year estimates file or a NOMIS export), then choose one \
                     area and \u{201c}Rate per 1,000 population\u{201d} under Filters."
                </p>
            }
        })
    }
}
