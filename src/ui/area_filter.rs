//! The "Area" choice: cuts the headlines, charts and count table to one community safety
//! partnership area (the local authority named in each row's LSOA), or shows all areas; then,
//! within that area, one LSOA; and, when the data holds a renamed crime type, whether to show
//! old and new names as one series.

use leptos::prelude::*;

use super::url_state::UrlState;
use crate::model::{CountTable, Dataset, TableChoice};

/// What the user chose; the table every view shows follows it. The area and the LSOA live
/// in the URL fragment (`area=`, `lsoa=`), so Back and Forward and a copied link carry them.
#[derive(Debug, Clone, Copy)]
pub struct AreaSelection {
    url: UrlState,
    combine_renamed: RwSignal<bool>,
}

impl AreaSelection {
    /// Each crime type under the name it was published with, to start with.
    pub fn new(url: UrlState) -> AreaSelection {
        AreaSelection {
            url,
            combine_renamed: RwSignal::new(false),
        }
    }

    fn area(self) -> Option<String> {
        self.url.with(|s| s.area.clone())
    }

    /// An LSOA of the area; the fragment's `lsoa=` is dropped when the area changes, as it
    /// names a place inside it.
    fn lsoa(self) -> Option<String> {
        self.url.with(|s| s.lsoa.clone())
    }

    /// The count table for the current choice, rebuilt only when the data or the choice
    /// changes (the merge of the files is kept by the dataset).
    pub fn table(self, dataset: RwSignal<Dataset>) -> Memo<CountTable> {
        let choice = Memo::new(move |_| TableChoice {
            area: self.area(),
            lsoa: self.lsoa(),
            combine_renamed: self.combine_renamed.get(),
        });
        Memo::new(move |_| choice.with(|choice| dataset.with(|d| d.area_table(choice))))
    }
}

/// A labelled select of the areas the street files have rows in, each with its forces.
#[component]
pub fn AreaFilter(
    dataset: RwSignal<Dataset>,
    area: AreaSelection,
    table: Memo<CountTable>,
) -> impl IntoView {
    let areas = Memo::new(move |_| dataset.with(Dataset::areas));
    let can_combine = move || dataset.with(Dataset::has_renamed_types);
    // The table says which area it was cut to: an area that is no longer loaded falls back
    // to all areas, and the select shows that.
    // Cut to an LSOA, the table is named by it; the area is still the one chosen.
    let shown = move || {
        table
            .with(|t| t.area.is_some())
            .then(|| area.area())
            .flatten()
    };
    // The LSOAs of the area shown, for the second choice (none for all areas, and none for
    // "No location", whose rows have no LSOA).
    let lsoas = Memo::new(move |_| match area.area() {
        Some(a) => dataset.with(|d| d.lsoas(&a)),
        None => Vec::new(),
    });
    let shown_lsoa = move || {
        area.lsoa()
            .filter(|l| table.with(|t| t.area.as_deref() == Some(l.as_str())))
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        area.url.change(|s| {
            s.area = (!value.is_empty()).then_some(value);
            s.lsoa = None;
        });
    };
    let on_lsoa = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        area.url
            .change(|s| s.lsoa = (!value.is_empty()).then_some(value));
    };
    let on_combine = move |ev: leptos::ev::Event| {
        area.combine_renamed.set(event_target_checked(&ev));
    };
    view! {
        <div class="area-filter">
            <div class="field">
                <label for="area" class="label">"Area"</label>
                <p id="area-hint" class="hint">
                    "Cut the headlines, charts and table to one community safety partnership \
                     area: the local authority each crime's LSOA is in. Crimes police.uk gives no \
                     location are under No location."
                </p>
                <select id="area" aria-describedby="area-hint" on:change=on_pick>
                    <option value="" prop:selected=move || shown().is_none()>"All areas"</option>
                    {move || {
                        areas
                            .get()
                            .into_iter()
                            .map(|a| {
                                let text = format!("{} ({})", a.name, a.forces.join(", "));
                                let name = a.name;
                                let value = name.clone();
                                view! {
                                    <option value=value prop:selected=move || shown().as_deref() == Some(name.as_str())>
                                        {text}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            <Show when=move || lsoas.with(|l| !l.is_empty())>
                <div class="field">
                    <label for="area-lsoa" class="label">"Ward or LSOA within the area"</label>
                    <p id="area-lsoa-hint" class="hint">
                        "police.uk street files give each crime's LSOA (lower layer super output \
                         area, about 1,500 residents), not its ward: choose one to cut the \
                         headlines, charts and table to it."
                    </p>
                    <select id="area-lsoa" aria-describedby="area-lsoa-hint" on:change=on_lsoa>
                        <option value="" prop:selected=move || shown_lsoa().is_none()>
                            {move || format!("All of {}", area.area().unwrap_or_default())}
                        </option>
                        {move || {
                            lsoas
                                .get()
                                .into_iter()
                                .map(|name| {
                                    let value = name.clone();
                                    let own = name.clone();
                                    view! {
                                        <option value=value prop:selected=move || shown_lsoa().as_deref() == Some(own.as_str())>
                                            {format!("LSOA {name}")}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
            </Show>
            <Show when=can_combine>
                <p class="field checkbox">
                    <input
                        type="checkbox"
                        id="combine-renamed"
                        prop:checked=move || area.combine_renamed.get()
                        on:change=on_combine
                    />
                    <label for="combine-renamed">
                        "Show Violent crime (before May 2013) as Violence and sexual offences, \
                         one series"
                    </label>
                </p>
            </Show>
        </div>
    }
}
