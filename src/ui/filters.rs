use leptos::prelude::*;

use super::browser::{focus_by_id, jump_to};
use super::rates::{RateChoice, RateState};
use super::url_state::UrlState;
use crate::dashboard::{ChosenWindows, loaded_months};
use crate::model::{CountTable, Granularity, Month};
use crate::stats::custom_comparison::{CustomField, CustomInput, FieldProblem, check_custom};
use crate::stats::headline::{ALL_CATEGORIES, Polarity, Windows};
use crate::stats::period_change::ComparisonKind;
use crate::view_state::{Compare, MonthSpan, View};

/// What to show: area, crime type, granularity, comparison and polarity. Every choice goes
/// into the address at once; nothing here reads a file again, the views derive from memos.
#[component]
pub fn Filters(
    url: UrlState,
    table: Memo<CountTable>,
    chosen: Memo<ChosenWindows>,
    rates: RateState,
) -> impl IntoView {
    // One crime type at a time: the detail of one, or the map of one (or all) in Hotspots.
    let in_detail =
        Memo::new(move |_| url.with(|s| matches!(s.view, View::Detail | View::Hotspots)));
    // Picking "custom" opens the form; the comparison changes only once its months are valid.
    let custom_open = RwSignal::new(false);
    let is_custom = Memo::new(move |_| {
        custom_open.get() || url.with(|s| matches!(s.compare, Compare::Custom { .. }))
    });
    let effective = Memo::new(move |_| match chosen.get().windows {
        Windows::Relative(kind) => Some(kind),
        Windows::Chosen { .. } => None,
    });

    let on_granularity = move |ev: leptos::ev::Event| {
        let picked = event_target_value(&ev)
            .parse::<usize>()
            .ok()
            .and_then(|i| Granularity::ALL.get(i).copied());
        if let Some(g) = picked {
            url.change(|s| s.granularity = g);
        }
    };
    let on_comparison = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        if value == "custom" {
            custom_open.set(true);
            return;
        }
        if let Some(kind) = value
            .parse::<usize>()
            .ok()
            .and_then(|i| ComparisonKind::ALL.get(i).copied())
        {
            custom_open.set(false);
            url.change(|s| s.compare = Compare::Kind(kind));
        }
    };
    let on_measure = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let measure = value
            .parse::<usize>()
            .ok()
            .and_then(|i| table.with(|t| t.categories.get(i).cloned()));
        url.change(|s| s.measure = measure);
    };

    view! {
        <section class="filters" aria-labelledby="filters-heading">
            <h2 id="filters-heading">"Filters"</h2>
            <div class="filter-row">
                // The area select (ui/area_filter.rs, built on its own branch) goes first here;
                // it reads and writes `ViewState::area`, which links already carry.
                <Show when=move || in_detail.get()>
                    <p class="field">
                        <label for="filter-measure" class="label">"Crime type"</label>
                        <select id="filter-measure" on:change=on_measure>
                            <option value="" prop:selected=move || url.with(|s| s.measure.is_none())>
                                {ALL_CATEGORIES}
                            </option>
                            {move || {
                                table
                                    .get()
                                    .categories
                                    .into_iter()
                                    .enumerate()
                                    .map(|(i, name)| {
                                        let chosen_name = name.clone();
                                        view! {
                                            <option
                                                value=i.to_string()
                                                prop:selected=move || url.with(|s| s.measure.as_deref() == Some(chosen_name.as_str()))
                                            >
                                                {name}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </p>
                </Show>
                <p class="field">
                    <label for="granularity" class="label">"Show by"</label>
                    <select id="granularity" on:change=on_granularity>
                        {Granularity::ALL
                            .iter()
                            .enumerate()
                            .map(|(i, g)| {
                                let g = *g;
                                view! {
                                    <option value=i.to_string() prop:selected=move || url.with(|s| s.granularity == g)>
                                        {g.title()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </p>
                <p class="field">
                    <label for="comparison" class="label">"Compare"</label>
                    <select id="comparison" on:change=on_comparison aria-describedby="comparison-hint">
                        {ComparisonKind::ALL
                            .iter()
                            .enumerate()
                            .map(|(i, k)| {
                                let k = *k;
                                view! {
                                    <option
                                        value=i.to_string()
                                        prop:selected=move || !is_custom.get() && effective.get() == Some(k)
                                    >
                                        {k.title()}
                                    </option>
                                }
                            })
                            .collect_view()}
                        <option value="custom" prop:selected=move || is_custom.get()>
                            "custom: months you choose"
                        </option>
                    </select>
                    <span id="comparison-hint" class="hint">
                        "Both periods always have the same number of months."
                    </span>
                </p>
            </div>
            <RateChoice url=url rates=rates />
            <Show when=move || is_custom.get()>
                <CustomComparison url=url table=table chosen=chosen />
            </Show>
            <PolarityPanel url=url table=table />
        </section>
    }
}

/// Two runs of months the user picks, checked before they are used, with a GOV.UK error
/// summary and a message at each field that needs fixing.
#[component]
fn CustomComparison(
    url: UrlState,
    table: Memo<CountTable>,
    chosen: Memo<ChosenWindows>,
) -> impl IntoView {
    let from_state = move || {
        url.with(|s| match s.compare {
            Compare::Custom { current, baseline } => CustomInput {
                current_from: Some(current.first),
                current_to: Some(current.last),
                baseline_from: Some(baseline.first),
                baseline_to: Some(baseline.last),
            },
            _ => CustomInput::default(),
        })
    };
    let draft = RwSignal::new(from_state());
    // Back and Forward can bring another custom comparison: the form follows it.
    Effect::new(move |_| {
        let current = from_state();
        if current != CustomInput::default() {
            draft.set(current);
        }
    });
    // None until the form is sent; before that, any problem is the link's own.
    let submitted = RwSignal::new(None::<Vec<FieldProblem>>);
    let problems = Memo::new(move |_| submitted.get().unwrap_or_else(|| chosen.get().problems));
    let months =
        Memo::new(move |_| table.with(|t| t.rows.iter().map(|r| r.month).collect::<Vec<Month>>()));

    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = draft.get_untracked();
        match table.with_untracked(|t| check_custom(&input, loaded_months(t))) {
            Ok((current, baseline)) => {
                submitted.set(None);
                url.change(|s| {
                    s.compare = Compare::Custom {
                        current: MonthSpan {
                            first: current.first,
                            last: current.last,
                        },
                        baseline: MonthSpan {
                            first: baseline.first,
                            last: baseline.last,
                        },
                    }
                });
            }
            Err(found) => {
                submitted.set(Some(found));
                // After the summary is drawn, so there is something to focus.
                request_animation_frame(|| focus_by_id("custom-errors"));
            }
        }
    };

    let field = move |field: CustomField| {
        let id = field.id();
        let error_id = format!("{id}-error");
        let message = Memo::new(move |_| {
            problems.with(|p| {
                p.iter()
                    .find(|p| p.field == field)
                    .map(|p| p.message.clone())
            })
        });
        let on_change = move |ev: leptos::ev::Event| {
            let month = Month::parse_iso(&event_target_value(&ev)).ok();
            draft.update(|d| d.set(field, month));
        };
        let described = error_id.clone();
        view! {
            <div class="form-group" class:form-group-error=move || message.with(Option::is_some)>
                <label for=id class="label">{field.label()}</label>
                {move || {
                    message
                        .get()
                        .map(|m| {
                            view! {
                                <p class="error-message" id=error_id.clone()>
                                    <span class="visually-hidden">"Error: "</span>
                                    {m}
                                </p>
                            }
                        })
                }}
                <select
                    id=id
                    on:change=on_change
                    aria-describedby=move || message.with(Option::is_some).then(|| described.clone())
                >
                    <option value="" prop:selected=move || draft.with(|d| d.get(field).is_none())>
                        "Choose a month"
                    </option>
                    {move || {
                        months
                            .get()
                            .into_iter()
                            .map(|m| {
                                view! {
                                    <option value=m.iso() prop:selected=move || draft.with(|d| d.get(field) == Some(m))>
                                        {m.label()}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
        }
    };

    view! {
        <form class="custom-comparison" on:submit=apply novalidate>
            <Show when=move || problems.with(|p| !p.is_empty())>
                <div class="error-summary" id="custom-errors" role="alert" tabindex="-1" aria-labelledby="custom-errors-title">
                    <h3 id="custom-errors-title" class="error-summary-title">"There is a problem"</h3>
                    <ul class="error-summary-list">
                        {move || {
                            problems
                                .get()
                                .into_iter()
                                .map(|p| view! { <li><a href=format!("#{}", p.field.id()) on:click=jump_to(p.field.id())>{p.message}</a></li> })
                                .collect_view()
                        }}
                    </ul>
                </div>
            </Show>
            <fieldset class="fieldset">
                <legend>"Current period"</legend>
                {field(CustomField::CurrentFrom)}
                {field(CustomField::CurrentTo)}
            </fieldset>
            <fieldset class="fieldset">
                <legend>"Compared with"</legend>
                {field(CustomField::BaselineFrom)}
                {field(CustomField::BaselineTo)}
            </fieldset>
            <p class="actions">
                <button type="submit" id="apply-custom" class="button">"Apply comparison"</button>
            </p>
        </form>
    }
}

/// Is a rise good or bad, per measure: it decides whether a significant change is called an
/// improvement or a worsening, and how SPC signals are read.
#[component]
fn PolarityPanel(url: UrlState, table: Memo<CountTable>) -> impl IntoView {
    let measures = Memo::new(move |_| {
        table.with(|t| {
            std::iter::once(ALL_CATEGORIES.to_owned())
                .chain(t.categories.iter().cloned())
                .collect::<Vec<String>>()
        })
    });
    view! {
        <details class="polarity-panel" id="polarity-panel">
            <summary>"Is a rise good or bad? Polarity of each measure"</summary>
            <p class="hint">
                "A statistically significant change is called an improvement or a worsening by \
                 this setting, and SPC signals are read the same way. For crime, lower is better."
            </p>
            <div class="polarity-grid">
                {move || {
                    measures
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, name)| polarity_select(url, format!("polarity-{i}"), name))
                        .collect_view()
                }}
            </div>
        </details>
    }
}

/// A labelled select of the three polarities for one measure.
pub fn polarity_select(url: UrlState, id: String, measure: String) -> impl IntoView {
    let for_change = measure.clone();
    let on_change = move |ev: leptos::ev::Event| {
        let picked = event_target_value(&ev)
            .parse::<usize>()
            .ok()
            .and_then(|i| Polarity::ALL.get(i).copied());
        if let Some(p) = picked {
            url.change(|s| s.set_polarity(&for_change, p));
        }
    };
    view! {
        <p class="field">
            <label for=id.clone()>{measure.clone()}</label>
            <select id=id on:change=on_change>
                {Polarity::ALL
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        let p = *p;
                        let m = measure.clone();
                        view! {
                            <option value=i.to_string() prop:selected=move || url.with(|s| s.polarity_of(&m) == p)>
                                {p.words()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </p>
    }
}
