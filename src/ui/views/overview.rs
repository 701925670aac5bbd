use leptos::prelude::*;

use crate::dashboard::ChosenWindows;
use crate::dashboard::overview::{overview_rows, sort_rows};
use crate::model::{CountTable, Dataset, PeriodTable};
use crate::ui::charts_panel::{ChangeBarsPanel, ChartsPanel};
use crate::ui::count_table::CountTableView;
use crate::ui::headline_table::HeadlineTable;
use crate::ui::rates::{RateHeadlines, RateState};
use crate::ui::url_state::UrlState;
use crate::view_state::ViewState;

/// The headline table, the trend charts and the count table, at the chosen granularity.
#[component]
pub fn OverviewView(
    dataset: RwSignal<Dataset>,
    table: Memo<CountTable>,
    periods: Memo<PeriodTable>,
    chosen: Memo<ChosenWindows>,
    url: UrlState,
    rates: RateState,
) -> impl IntoView {
    // Only what the statistics depend on, so sorting or switching views recomputes none.
    let polarity = Memo::new(move |_| {
        url.with(|s| ViewState {
            polarity: s.polarity.clone(),
            ..ViewState::default()
        })
    });
    let sort = Memo::new(move |_| url.with(|s| s.sort));
    let rows = Memo::new(move |_| {
        let windows = chosen.with(|c| c.windows);
        polarity.with(|state| {
            table.with(|t| periods.with(|p| overview_rows(t, p, windows, |m| state.polarity_of(m))))
        })
    });
    let sorted = Memo::new(move |_| {
        let mut r = rows.get();
        if let Some((column, order)) = sort.get() {
            sort_rows(&mut r, column, order);
        }
        r
    });
    view! {
        <section class="view" aria-labelledby="view-heading">
            <h2 id="view-heading" tabindex="-1">"Overview"</h2>
            <Show
                when=move || rates.on.get()
                fallback=move || view! { <HeadlineTable rows=sorted table=table url=url chosen=chosen /> }
            >
                <RateHeadlines rows=sorted rates=rates url=url chosen=chosen />
            </Show>
            <ChangeBarsPanel rows=sorted table=table />
            <ChartsPanel dataset=dataset table=table periods=periods />
            <CountTableView table=table periods=periods />
        </section>
    }
}
