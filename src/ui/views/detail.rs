use leptos::prelude::*;

use crate::charts::thousands;
use crate::dashboard::ChosenWindows;
use crate::dashboard::detail::{Detail, detail, spc_chart_of, year_on_year_of};
use crate::dashboard::rates::{
    RateTable, interval_text, population_text, rate_chart, rate_table, rate_table_csv, rate_text,
};
use crate::export::detail_csv;
use crate::model::{CountTable, Granularity, PeriodTable};
use crate::report::words::{change_words, is_significant, significance_words};
use crate::stats::headline::{Polarity, point_words};
use crate::ui::browser::download_text;
use crate::ui::charts_panel::{chart_figure, figure_or_reason};
use crate::ui::rates::RateState;
use crate::ui::url_state::UrlState;
use crate::view_state::View;

const CHART_SIZE: (u32, u32) = (880, 360);

/// One measure: the headline in words and the figures behind it, its time series at the
/// chosen granularity with the numbers, and its SPC chart's numbers.
#[component]
pub fn DetailView(
    table: Memo<CountTable>,
    periods: Memo<PeriodTable>,
    chosen: Memo<ChosenWindows>,
    url: UrlState,
    rates: RateState,
) -> impl IntoView {
    let measure = Memo::new(move |_| url.with(|s| s.detail_measure().to_owned()));
    let polarity = Memo::new(move |_| {
        let m = measure.get();
        url.with(|s| s.polarity_of(&m))
    });
    let found = Memo::new(move |_| {
        let m = measure.get();
        let windows = chosen.with(|c| c.windows);
        let p = polarity.get();
        table.with(|t| periods.with(|pt| detail(t, pt, &m, windows, p)))
    });
    let exists = Memo::new(move |_| found.with(Option::is_some));
    // The same periods as rates, only while rates are shown.
    let rate_rows = Memo::new(move |_| {
        if !rates.on.get() {
            return None;
        }
        let area = rates.area.get().ok()?;
        let m = measure.get();
        Some(
            rates
                .population
                .with(|pop| periods.with(|p| rate_table(p, &m, &area, pop))),
        )
    });
    let overview = move || url.href(|s| s.view = View::Overview);
    let missing = move || {
        view! {
            <p class="warning">
                {move || format!("The loaded data has no crime type called “{}”. Choose one under Filters, or go back to the ", measure.get())}
                <a href=overview>"overview"</a>"."
            </p>
        }
    };
    view! {
        <section class="view" aria-labelledby="view-heading">
            <h2 id="view-heading" tabindex="-1">{move || format!("Detail: {}", measure.get())}</h2>
            <Show when=move || exists.get() fallback=missing>
                <PolarityChoice url=url measure=measure polarity=polarity />
                <Headline found=found />
                <Series found=found rates=rate_rows />
                <SpcNumbers found=found />
                <YearOnYearChart found=found />
            </Show>
        </section>
    }
}

/// The measure's polarity as three radio buttons: the wording and SPC reading follow it.
#[component]
fn PolarityChoice(url: UrlState, measure: Memo<String>, polarity: Memo<Polarity>) -> impl IntoView {
    view! {
        <fieldset class="fieldset polarity-choice">
            <legend>{move || format!("Is a rise good or bad for {}?", measure.get())}</legend>
            <div class="radios">
                {Polarity::ALL
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        let p = *p;
                        let id = format!("detail-polarity-{i}");
                        view! {
                            <div class="radio">
                                <input
                                    type="radio"
                                    id=id.clone()
                                    name="detail-polarity"
                                    prop:checked=move || polarity.get() == p
                                    on:change=move |_| {
                                        let m = measure.get_untracked();
                                        url.change(|s| s.set_polarity(&m, p));
                                    }
                                />
                                <label for=id>{p.words()}</label>
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}

/// The sentence, and the comparison's figures in a table.
#[component]
fn Headline(found: Memo<Option<Detail>>) -> impl IntoView {
    let rows = move || {
        found.with(|d| {
            let Some(d) = d else { return Vec::new() };
            let h = &d.headline;
            let mut rows: Vec<(&'static str, String)> = Vec::new();
            match &h.comparison {
                Ok(c) => {
                    rows.push((
                        "Current period",
                        format!(
                            "{}: {}",
                            c.current_window.label(),
                            thousands(c.current_total)
                        ),
                    ));
                    rows.push((
                        "Compared with",
                        format!(
                            "{}: {}",
                            c.baseline_window.label(),
                            thousands(c.baseline_total)
                        ),
                    ));
                    rows.push(("Change", change_words(c)));
                    if let (Some(ratio), Some(t)) = (c.test.rate_ratio, c.test.test.as_ref()) {
                        let upper = t
                            .rate_ratio_interval
                            .upper
                            .map_or_else(|| "unbounded".to_owned(), |u| format!("{u:.2}"));
                        rows.push((
                            "Rate ratio (95% CI)",
                            format!("{ratio:.2} ({:.2} to {upper})", t.rate_ratio_interval.lower),
                        ));
                    }
                    rows.push((
                        "Significance (exact conditional test)",
                        significance_words(c),
                    ));
                }
                Err(why) => rows.push(("Comparison", format!("Not available: {why}"))),
            }
            rows.push((
                "Direction (Mann–Kendall, monthly)",
                h.direction
                    .as_ref()
                    .map_or_else(|e| format!("Not calculated: {}", e.reason), |d| d.words()),
            ));
            rows.push((
                "Variation (SPC, latest month)",
                match &h.variation {
                    Ok(v) if v.few_points => format!("{} (fewer than 12 points)", v.words()),
                    Ok(v) => v.words().to_owned(),
                    Err(e) => format!("Not calculated: {}", e.reason),
                },
            ));
            rows
        })
    };
    let significant = move || {
        found.with(|d| {
            d.as_ref()
                .and_then(|d| d.headline.comparison.as_ref().ok())
                .is_some_and(is_significant)
        })
    };
    view! {
        <section aria-labelledby="headline-detail-heading">
            <h3 id="headline-detail-heading">"What changed"</h3>
            <p id="detail-narrative" class="narrative-lead" class:significant=significant>
                {move || found.with(|d| d.as_ref().map(|d| d.headline.narrative.clone()))}
            </p>
            <div class="table-scroll" role="region" aria-labelledby="comparison-caption" tabindex="0">
                <table id="detail-comparison" class="data">
                    <caption id="comparison-caption">{move || found.with(|d| d.as_ref().map(|d| format!("The figures behind the sentence for {}", d.measure)))}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Figure"</th>
                            <th scope="col">"Value"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || rows().into_iter().map(|(name, value)| view! { <tr><th scope="row">{name}</th><td>{value}</td></tr> }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// The time series at the chosen granularity, charted and tabled, with its download.
#[component]
fn Series(found: Memo<Option<Detail>>, rates: Memo<Option<RateTable>>) -> impl IntoView {
    let rates_on = move || rates.with(Option::is_some);
    let noun = move || found.with(|d| d.as_ref().map_or("month", |d| d.granularity.noun()));
    // A month either has a file or not: the coverage column only speaks for longer periods.
    let by_month = move || {
        found.with(|d| {
            d.as_ref()
                .is_none_or(|d| d.granularity == Granularity::Month)
        })
    };
    let download_error = RwSignal::new(None::<String>);
    let download = move |_| {
        let (name, csv) = match rates.with(|r| r.as_ref().map(rate_table_csv)) {
            Some(csv) => ("safer-trends-detail-rates.csv", Some(csv)),
            None => (
                "safer-trends-detail.csv",
                found.with(|d| d.as_ref().map(detail_csv)),
            ),
        };
        let Some(csv) = csv else { return };
        download_error.set(download_text(name, "text/csv;charset=utf-8", &csv).err());
    };
    view! {
        <section aria-labelledby="series-heading">
            <h3 id="series-heading">"Over time"</h3>
            {move || {
                found.with(|d| {
                    d.as_ref().map(|d| {
                        let noun = d.granularity.noun();
                        if let Some(chart) = rates.with(|r| {
                            r.as_ref().map(|r| rate_chart(r, noun, "chart-detail", CHART_SIZE).map_err(|e| e.to_string()))
                        }) {
                            return figure_or_reason("chart-detail", chart, "The rates are in the table below.");
                        }
                        chart_figure(
                            "chart-detail".to_owned(),
                            format!("{} by {noun}", d.measure),
                            noun,
                            d.series.clone(),
                            CHART_SIZE,
                            "Source: police.uk street-level crime.".to_owned(),
                            Vec::new(),
                        )
                    })
                })
            }}
            <div class="table-scroll" role="region" aria-labelledby="detail-caption" tabindex="0">
                <table id="detail-table" class="data">
                    <caption id="detail-caption">
                        {move || found.with(|d| d.as_ref().map(|d| format!("{} by {}", d.measure, d.granularity.noun())))}
                        {move || rates.with(|r| r.as_ref().map(|r| format!(", {}: counts and rates per 1,000 population with 95% confidence intervals (ONS mid-year estimates: {})", r.area, r.populations_used())))}
                    </caption>
                    <thead>
                        <tr>
                            <th scope="col">{move || { let n = noun(); let mut c = n.chars(); c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default() }}</th>
                            <th scope="col" class="num">"Count"</th>
                            {move || (!by_month()).then(|| view! { <th scope="col">"Months with data"</th> })}
                            {move || rates_on().then(|| view! {
                                <th scope="col">"Population (estimate used)"</th>
                                <th scope="col" class="num">"Rate per 1,000 population"</th>
                                <th scope="col" class="num">"95% confidence interval"</th>
                            })}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            rates.track();
                            found.with(|d| {
                                d.as_ref()
                                    .map(|d| {
                                        d.periods
                                            .iter()
                                            .map(|p| {
                                                let coverage = format!("{} of {}", p.months_with_data, p.months_in_period);
                                                let coverage = if p.is_complete() { coverage } else { format!("{coverage} (incomplete, not compared)") };
                                                view! {
                                                    <tr class:incomplete=!p.is_complete()>
                                                        <th scope="row">{p.period.label()}</th>
                                                        <td class="num">{p.value.map_or_else(|| "No data".to_owned(), thousands)}</td>
                                                        {(d.granularity != Granularity::Month).then(|| view! { <td>{coverage}</td> })}
                                                        {rate_cells(rates, p.period)}
                                                    </tr>
                                                }
                                            })
                                            .collect_view()
                                    })
                            })
                        }}
                    </tbody>
                </table>
            </div>
            <p class="actions">
                <button type="button" id="download-detail" class="button" on:click=download>"Download these figures (CSV)"</button>
            </p>
            <Show when=rates_on>
                <p class="hint" id="rate-counts-note">
                    "The SPC chart and the year-on-year overlay below are of counts, not rates."
                </p>
            </Show>
            {move || download_error.get().map(|e| view! { <p class="error-message" role="alert">{e}</p> })}
        </section>
    }
}

/// A period's population, rate and interval cells, when rates are shown.
fn rate_cells(rates: Memo<Option<RateTable>>, period: crate::model::Period) -> Option<AnyView> {
    rates.with_untracked(|r| {
        let row = r.as_ref()?.rows.iter().find(|row| row.period == period)?;
        Some(match &row.rate {
            Ok((used, estimate)) => view! {
                <td>{population_text(used)}</td>
                <td class="num">{rate_text(estimate.value)}</td>
                <td class="num">{interval_text(estimate)}</td>
            }
            .into_any(),
            Err(why) => view! { <td colspan="3">{format!("No rate: {why}.")}</td> }.into_any(),
        })
    })
}

/// The XmR chart's numbers: each complete period's value, the mean and process limits, and the
/// signal it raises, read with the measure's polarity.
#[component]
fn SpcNumbers(found: Memo<Option<Detail>>) -> impl IntoView {
    let summary = move || {
        found.with(|d| {
            d.as_ref().map(|d| match &d.spc {
                Ok(spc) => {
                    let mut text = format!(
                        "Latest point: {}. Mean {:.1}, process limits {:.1} to {:.1}.",
                        point_words(spc.summary.variation_type),
                        spc.summary.last_mean,
                        spc.summary.last_lpl,
                        spc.summary.last_upl
                    );
                    if spc.summary.short_group_warning {
                        text.push_str(" Fewer than 12 points: the limits are not yet reliable.");
                    }
                    text
                }
                Err(why) => format!("The SPC chart {why}."),
            })
        })
    };
    view! {
        <section aria-labelledby="spc-heading">
            <h3 id="spc-heading">"Statistical process control (SPC)"</h3>
            <p id="spc-summary">{summary}</p>
            {move || {
                found.with(|d| {
                    d.as_ref()
                        .filter(|d| d.spc.is_ok())
                        .map(|d| figure_or_reason("chart-spc", spc_chart_of(d, "chart-spc", CHART_SIZE), "Its numbers are in the table below."))
                })
            }}
            <div class="table-scroll" role="region" aria-labelledby="spc-caption" tabindex="0">
                <table id="spc-table" class="data">
                    <caption id="spc-caption">{move || found.with(|d| d.as_ref().map(|d| format!("XmR chart of {} by {}, complete periods only", d.measure, d.granularity.noun())))}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Period"</th>
                            <th scope="col" class="num">"Value"</th>
                            <th scope="col" class="num">"Mean"</th>
                            <th scope="col" class="num">"Lower process limit"</th>
                            <th scope="col" class="num">"Upper process limit"</th>
                            <th scope="col">"Signal"</th>
                            <th scope="col">"Variation"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            found.with(|d| {
                                d.as_ref()
                                    .and_then(|d| d.spc.as_ref().ok())
                                    .map(|spc| {
                                        spc.points
                                            .iter()
                                            .map(|(period, point)| view! {
                                                <tr>
                                                    <th scope="row">{period.label()}</th>
                                                    <td class="num">{thousands(point.y.round() as u64)}</td>
                                                    <td class="num">{format!("{:.1}", point.mean)}</td>
                                                    <td class="num">{format!("{:.1}", point.lpl)}</td>
                                                    <td class="num">{format!("{:.1}", point.upl)}</td>
                                                    <td>{point.special_cause_type.label()}</td>
                                                    <td>{point_words(point.point_type)}</td>
                                                </tr>
                                            })
                                            .collect_view()
                                    })
                            })
                        }}
                    </tbody>
                </table>
            </div>
            <p class="hint">{move || found.with(|d| d.as_ref().map(|d| format!("Polarity: {}.", d.polarity.words().to_lowercase())))}</p>
        </section>
    }
}

/// The months of each year overlaid, so a season's usual level is easy to compare.
#[component]
fn YearOnYearChart(found: Memo<Option<Detail>>) -> impl IntoView {
    view! {
        <section aria-labelledby="yoy-heading">
            <h3 id="yoy-heading">"Year on year"</h3>
            {move || {
                found.with(|d| {
                    d.as_ref().map(|d| {
                        let chart = year_on_year_of(d, "chart-yoy", CHART_SIZE).map_err(|e| e.to_string());
                        figure_or_reason("chart-yoy", chart, "The monthly figures are in the count table of the overview.")
                    })
                })
            }}
        </section>
    }
}
