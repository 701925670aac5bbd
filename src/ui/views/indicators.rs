use leptos::prelude::*;

use crate::charts::format_number;
use crate::charts::{Chart, ChartError, compare_areas, funnel_plot, spine_chart, time_series};
use crate::dashboard::indicators::{DECIMALS, Indicators, RugCell, short_words};
use crate::ingest::formats::fingertips::{AreaLevel, SOURCE};
use crate::stats::benchmark::{Comparison, Polarity as Judged};
use crate::stats::headline::Polarity;
use crate::ui::charts_panel::figure;
use crate::ui::url_state::UrlState;

/// Fingertips exports do not say which way is better: the user's polarity for the measure
/// (lower is better unless they choose otherwise, as for crime) gives the words.
fn judged(p: Polarity) -> Judged {
    match p {
        Polarity::LowerIsBetter => Judged::LowIsGood,
        Polarity::HigherIsBetter => Judged::HighIsGood,
        Polarity::NoJudgement => Judged::NoJudgement,
    }
}

/// The class that colours a rug cell; the words in the cell carry the meaning.
fn outcome_class(c: &Comparison) -> &'static str {
    match c {
        Comparison::Better | Comparison::Best => "rug-cell rug-better",
        Comparison::Similar => "rug-cell rug-similar",
        Comparison::Worse | Comparison::Worst => "rug-cell rug-worse",
        Comparison::Higher | Comparison::MuchHigher => "rug-cell rug-higher",
        Comparison::Lower | Comparison::MuchLower => "rug-cell rug-lower",
        Comparison::NotCompared { .. } => "rug-cell rug-none",
    }
}

/// The Fingertips indicators: the tartan rug (every indicator against England in every area
/// loaded), then the chosen area's spine chart and the chosen indicator's comparison of
/// areas, trend and funnel. The indicator and area are in the address.
#[component]
pub fn IndicatorsView(indicators: Memo<Option<Indicators>>, url: UrlState) -> impl IntoView {
    view! {
        <section class="view" aria-labelledby="view-heading">
            <h2 id="view-heading" tabindex="-1">"Indicators"</h2>
            {move || match indicators.get() {
                Some(ind) if !ind.is_empty() => view! { <IndicatorsBody ind=ind url=url /> }.into_any(),
                _ => view! {
                    <p class="inset" id="no-indicators">
                        "No Fingertips indicator export is loaded. Load one (from Fingertips, \
                         \u{201c}Export data\u{201d}) to compare your areas with England here."
                    </p>
                }
                .into_any(),
            }}
        </section>
    }
}

#[component]
fn IndicatorsBody(ind: Indicators, url: UrlState) -> impl IntoView {
    let ind = StoredValue::new(ind);
    let indicator = Memo::new(move |_| {
        let asked = url.with(|s| s.indicator.clone());
        ind.with_value(|i| i.chosen_indicator(asked.as_deref()).map(str::to_owned))
            .unwrap_or_default()
    });
    let area = Memo::new(move |_| {
        let asked = url.with(|s| s.indicator_area.clone());
        ind.with_value(|i| i.chosen_area(asked.as_deref()).cloned())
    });
    let polarities = Memo::new(move |_| url.with(|s| s.polarity.clone()));
    let polarity_of =
        move |name: &str| polarities.with(|p| p.get(name).copied().unwrap_or_default());

    let on_indicator = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let name = value
            .parse::<usize>()
            .ok()
            .and_then(|i| ind.with_value(|d| d.indicators().get(i).map(|s| (*s).to_owned())));
        if name.is_some() {
            url.change(|s| s.indicator = name);
        }
    };
    let on_area = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        if !value.is_empty() {
            url.change(|s| s.indicator_area = Some(value));
        }
    };
    let on_polarity = move |ev: leptos::ev::Event| {
        let picked = event_target_value(&ev)
            .parse::<usize>()
            .ok()
            .and_then(|i| Polarity::ALL.get(i).copied());
        if let Some(p) = picked {
            let name = indicator.get_untracked();
            url.change(|s| s.set_polarity(&name, p));
        }
    };

    let rug = Memo::new(move |_| {
        polarities.with(|p| {
            ind.with_value(|i| i.rug(|name| judged(p.get(name).copied().unwrap_or_default())))
        })
    });
    let area_names: Vec<String> =
        ind.with_value(|i| i.areas().iter().map(|a| a.area.name.clone()).collect());
    let locals = ind.with_value(|i| i.local_areas().count());
    let regions = ind.with_value(|i| {
        i.areas()
            .iter()
            .filter(|a| a.level == AreaLevel::Region)
            .count()
    });
    let rug_hint = format!(
        "Each indicator at its latest period, for {} and {locals} local area{}. Each cell \
         says how the area compares with England: Better, Similar or Worse where the file gives \
         the area's 95% confidence interval, Not compared where it does not. The colour only \
         repeats the words. Choose an indicator's name to see its charts. Source: {SOURCE}.",
        match regions {
            0 => "England",
            1 => "England, the region",
            _ => "England, the regions",
        },
        if locals == 1 { "" } else { "s" }
    );
    let header = area_names.clone();

    let charts = move || {
        let Some(chosen) = area.get() else {
            return view! { <p>"There is no area to show."</p> }.into_any();
        };
        let name = indicator.get();
        let polarity = judged(polarity_of(&name));
        ind.with_value(|i| {
            let spine = spine_chart(&i.spine(&chosen, |n| judged(polarity_of(n))));
            let compare = i
                .compare_areas(&name, &chosen, polarity)
                .ok_or_else(|| ChartError("the indicator has no figures".to_owned()))
                .and_then(|spec| compare_areas(&spec));
            let trend = i.trend(&name, &chosen);
            let trend_sentence = trend.as_ref().map(|(_, t)| {
                let outcome = t.outcome(polarity);
                match &t.reason {
                    Some(why) => format!("Recent trend for {}: cannot be calculated, because {why}.", chosen.name),
                    None => format!("Recent trend for {} (Fingertips method, last five years): {}.", chosen.name, outcome.label()),
                }
            });
            let trend_chart = trend
                .ok_or_else(|| ChartError(format!("{} has no figures for this indicator", chosen.name)))
                .and_then(|(spec, _)| time_series(&spec));
            let funnel = i.funnel(&name, &chosen).map(|spec| funnel_plot(&spec));
            view! {
                <h3 id="area-charts-heading">{format!("{}: indicators against England", chosen.name)}</h3>
                {chart_block(spine, None)}
                <h3 id="indicator-charts-heading">{name.clone()}</h3>
                {chart_block(compare, None)}
                {chart_block(trend_chart, trend_sentence)}
                {match funnel {
                    Some(f) => chart_block(f, None),
                    None => view! {
                        <p class="chart-note" id="no-funnel">
                            "No funnel plot for this indicator: it needs every local area's count \
                             and denominator, with the value their crude rate or proportion."
                        </p>
                    }.into_any(),
                }}
            }
            .into_any()
        })
    };

    view! {
        <p class="lede">
            "Fingertips exports do not say which way is better, so Better and Worse here take a \
             lower value as better unless you choose otherwise for an indicator. Each area is \
             compared with England as Fingertips does by default: a difference is significant \
             when England's value lies outside the area's 95% confidence interval."
        </p>
        <div class="filter-row indicator-choices">
            <p class="field">
                <label for="indicator-choice" class="label">"Indicator"</label>
                <select id="indicator-choice" on:change=on_indicator>
                    {ind.with_value(|i| {
                        i.indicators()
                            .into_iter()
                            .enumerate()
                            .map(|(n, name)| {
                                let own = name.to_owned();
                                view! {
                                    <option value=n.to_string() prop:selected=move || indicator.with(|c| *c == own)>
                                        {name.to_owned()}
                                    </option>
                                }
                            })
                            .collect_view()
                    })}
                </select>
            </p>
            <p class="field">
                <label for="indicator-area" class="label">"Area"</label>
                <select id="indicator-area" on:change=on_area>
                    {area_names
                        .into_iter()
                        .map(|name| {
                            let own = name.clone();
                            let value = name.clone();
                            view! {
                                <option value=value prop:selected=move || area.with(|a| a.as_ref().is_some_and(|a| a.name == own))>
                                    {name}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </p>
            <p class="field">
                <label for="indicator-polarity" class="label">"For this indicator, which is better?"</label>
                <select id="indicator-polarity" on:change=on_polarity>
                    {Polarity::ALL
                        .iter()
                        .enumerate()
                        .map(|(n, p)| {
                            let p = *p;
                            let words = match p {
                                Polarity::LowerIsBetter => "Lower is better",
                                Polarity::HigherIsBetter => "Higher is better",
                                Polarity::NoJudgement => "Neither: say higher or lower",
                            };
                            view! {
                                <option value=n.to_string() prop:selected=move || indicator.with(|name| polarity_of(name) == p)>
                                    {words}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </p>
        </div>
        <section aria-labelledby="rug-heading">
            <h3 id="rug-heading">"Every indicator, every area"</h3>
            <p id="rug-hint">{rug_hint}</p>
            <div class="table-scroll" role="region" aria-labelledby="rug-caption" tabindex="0">
                <table class="data rug" id="tartan-rug" aria-describedby="rug-hint">
                    <caption id="rug-caption">"Indicators compared with England, each at its latest period"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Indicator"</th>
                            <th scope="col">"Period"</th>
                            {header.into_iter().map(|n| view! { <th scope="col" class="num">{n}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            rug.get()
                                .into_iter()
                                .map(|row| {
                                    let chosen_name = row.indicator.clone();
                                    let href = url.href(|s| s.indicator = Some(chosen_name.clone()));
                                    view! {
                                        <tr>
                                            <th scope="row"><a href=href>{row.indicator.clone()}</a></th>
                                            <td>{row.period.map(|p| p.label()).unwrap_or_default()}</td>
                                            {row.cells.into_iter().map(rug_cell).collect_view()}
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </section>
        <section aria-labelledby="area-charts-heading" class="indicator-charts">
            {charts}
        </section>
    }
}

fn rug_cell(cell: RugCell) -> AnyView {
    let value = match (cell.value, cell.missing) {
        (Some(v), _) => format_number(v, DECIMALS),
        (None, Some(reason)) => format!("No figure ({})", reason.description()),
        (None, None) => "No figure".to_owned(),
    };
    let title = cell
        .comparison
        .reason()
        .map(|r| format!("Not compared: {r}"));
    view! {
        <td class=format!("num {}", outcome_class(&cell.comparison)) title=title>
            <span class="rug-value">{value}</span>" "
            <span class="rug-word">{short_words(&cell.comparison)}</span>
        </td>
    }
    .into_any()
}

/// A chart as the page shows every chart (`charts_panel::figure`: summary, caption, its
/// figures as a table one click away, its downloads); a recent-trend sentence is part of the
/// summary, so screen readers hear it with the chart.
fn chart_block(chart: Result<Chart, ChartError>, sentence: Option<String>) -> AnyView {
    match chart {
        Ok(chart) => {
            let id = chart.id.clone();
            let summary = match sentence {
                Some(s) => format!("{} {s}", chart.summary),
                None => chart.summary,
            };
            figure(&id, Chart { summary, ..chart }, Vec::new(), false)
        }
        Err(error) => view! { <p class="chart-error">{format!("{error}.")}</p> }.into_any(),
    }
}
