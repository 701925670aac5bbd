//! The "Area" choice: cuts the headlines, charts and count table to one community safety
//! partnership area (the local authority named in each row's LSOA), or shows all areas; and,
//! when the data holds a renamed crime type, whether to show old and new names as one series.

use leptos::prelude::*;

use crate::model::{CountTable, Dataset, TableChoice};

/// What the user chose; the table every view shows follows it.
#[derive(Debug, Clone, Copy)]
pub struct AreaSelection {
    area: RwSignal<Option<String>>,
    combine_renamed: RwSignal<bool>,
}

impl Default for AreaSelection {
    /// All areas, each crime type under the name it was published with.
    fn default() -> AreaSelection {
        AreaSelection {
            area: RwSignal::new(None),
            combine_renamed: RwSignal::new(false),
        }
    }
}

impl AreaSelection {
    /// The count table for the current choice, rebuilt only when the data or the choice
    /// changes (the merge of the files is kept by the dataset).
    pub fn table(self, dataset: RwSignal<Dataset>) -> Memo<CountTable> {
        Memo::new(move |_| {
            let choice = TableChoice {
                area: self.area.get(),
                combine_renamed: self.combine_renamed.get(),
            };
            dataset.with(|d| d.area_table(&choice))
        })
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
    let shown = move || table.with(|t| t.area.clone());
    let on_pick = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        area.area.set((!value.is_empty()).then_some(value));
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
                    <option value="" selected=move || shown().is_none()>"All areas"</option>
                    {move || {
                        areas
                            .get()
                            .into_iter()
                            .map(|a| {
                                let text = format!("{} ({})", a.name, a.forces.join(", "));
                                let name = a.name;
                                let value = name.clone();
                                view! {
                                    <option value=value selected=move || shown().as_deref() == Some(name.as_str())>
                                        {text}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
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
