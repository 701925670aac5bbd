use leptos::prelude::*;

use super::url_state::UrlState;
use crate::view_state::View;

/// The view switcher: plain links, so each view has an address, Back and Forward move between
/// views, and a screen reader hears which one is current. Indicators is listed only while a
/// Fingertips export is loaded (a link to it still opens, and says what to load).
#[component]
pub fn ViewNav(url: UrlState, show_indicators: Signal<bool>) -> impl IntoView {
    view! {
        <nav class="view-nav" aria-label="Dashboard views">
            <ul>
                {View::ALL
                    .into_iter()
                    .map(|v| {
                        let shown = move || v != View::Indicators || show_indicators.get();
                        let current = move || url.with(|s| s.view == v);
                        view! {
                            <li hidden=move || !shown()>
                                <a
                                    id=format!("nav-{}", v.code())
                                    href=move || url.href(|s| s.view = v)
                                    aria-current=move || current().then_some("page")
                                >
                                    {v.title()}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
