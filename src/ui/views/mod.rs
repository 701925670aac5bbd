//! The dashboard once data is loaded: the view switcher, the filters, and the view the address
//! names. Each view derives everything from memos over the loaded counts, so changing a filter
//! never reads a file again.

mod detail;
mod hotspots;
mod indicators;
mod overview;

use leptos::prelude::*;

use super::browser::focus_by_id;
use super::filters::Filters;
use super::nav::ViewNav;
use super::rates::RateState;
use super::report_panel::ReportPanel;
use super::url_state::UrlState;
use crate::dashboard::hotspots::{MapSpan, map_months};
use crate::dashboard::indicators::Indicators;
use crate::dashboard::windows_for;
use crate::model::{CountTable, Dataset, PeriodTable};
use crate::view_state::View;
use detail::DetailView;
use hotspots::HotspotsView;
pub use hotspots::LoadedHandles;
use indicators::IndicatorsView;
use overview::OverviewView;

#[component]
pub fn Dashboard(
    dataset: RwSignal<Dataset>,
    table: Memo<CountTable>,
    url: UrlState,
) -> impl IntoView {
    let granularity = Memo::new(move |_| url.with(|s| s.granularity));
    let compare = Memo::new(move |_| url.with(|s| s.compare));
    let view = Memo::new(move |_| url.with(|s| s.view));
    let periods =
        Memo::new(move |_| table.with(|t| PeriodTable::from_months(t, granularity.get())));
    let chosen = Memo::new(move |_| table.with(|t| windows_for(compare.get(), t)));
    // The Fingertips exports, merged once per change of the files.
    let indicators = Memo::new(move |_| dataset.with(Indicators::from_dataset));
    let has_indicators = Signal::derive(move || indicators.with(Option::is_some));
    let in_indicators = move || view.get() == View::Indicators;
    let rates = RateState::new(dataset, table, url);
    // The map's months, kept while the user visits other views.
    let map_span = RwSignal::new(MapSpan::default());

    // A new view gets the focus on its heading, so a screen reader says where the user is;
    // not on first showing, which follows a load the status line has already announced.
    Effect::new(move |previous: Option<View>| {
        let current = view.get();
        if previous.is_some_and(|p| p != current) {
            request_animation_frame(|| focus_by_id("view-heading"));
        }
        current
    });

    let summary = move || {
        if in_indicators() {
            return "Showing indicators: each indicator's latest period, compared with England."
                .to_owned();
        }
        let c = chosen.get();
        if view.get() == View::Hotspots {
            // The map and its table are of one run of months, not by month.
            let what = url
                .with(|s| s.measure.clone())
                .unwrap_or_else(|| "all recorded crime".to_owned());
            return match table.with(|t| map_months(t, c.windows, map_span.get())) {
                Some((_, months)) => {
                    format!("Showing hotspots: {what} in {months}, on the map and by LSOA.")
                }
                None => "Showing hotspots: no months to map.".to_owned(),
            };
        }
        let g = granularity.get();
        format!(
            "Showing {}: {} by {}, change {}.",
            view.get().title().to_lowercase(),
            if rates.on.get() {
                "rates per 1,000 population"
            } else {
                "counts"
            },
            g.noun(),
            c.windows.title()
        )
    };

    view! {
        <div class="dashboard">
            <ViewNav url=url show_indicators=has_indicators />
            // Granularity and comparison windows are for crime counts; indicators come with
            // their own periods.
            <Show when=move || !in_indicators()>
                <Filters url=url table=table chosen=chosen rates=rates />
            </Show>
            <p class="filter-summary" id="filter-summary">{summary}</p>
            <ReportPanel dataset=dataset table=table url=url />
            {move || match view.get() {
                View::Overview => view! { <OverviewView dataset=dataset table=table periods=periods chosen=chosen url=url rates=rates /> }.into_any(),
                View::Detail => view! { <DetailView table=table periods=periods chosen=chosen url=url rates=rates /> }.into_any(),
                View::Indicators => view! { <IndicatorsView indicators=indicators url=url /> }.into_any(),
                View::Hotspots => view! { <HotspotsView dataset=dataset table=table chosen=chosen url=url span=map_span /> }.into_any(),
            }}
        </div>
    }
}
