//! The dashboard's state, kept in step with the URL fragment. A control changes the fragment
//! (so the browser records history and a copied link carries the view); Back, Forward and an
//! edited address come in through `hashchange` and `popstate`.

use leptos::ev;
use leptos::prelude::*;

use super::browser::{location_hash, set_location_hash};
use crate::share::{SharedLink, shared_fragment};
use crate::view_state::ViewState;

#[derive(Debug, Clone, Copy)]
pub struct UrlState {
    state: RwSignal<ViewState>,
}

impl UrlState {
    /// Reads the fragment the page was opened with and follows every later change of it.
    pub fn install() -> UrlState {
        let state = RwSignal::new(read_fragment().unwrap_or_default());
        let opened_with = StoredValue::new(shared_source(&location_hash()));
        let follow = move || {
            // Other shared data (or none) than the page opened with: the page decides between
            // the read-only and the loading dashboard once, at start, so start again.
            if opened_with.with_value(|o| *o != shared_source(&location_hash())) {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
                return;
            }
            if let Some(next) = read_fragment()
                && state.with_untracked(|s| *s != next)
            {
                state.set(next);
            }
        };
        let on_hash = window_event_listener(ev::hashchange, move |_| follow());
        let on_pop = window_event_listener(ev::popstate, move |_| follow());
        on_cleanup(move || {
            on_hash.remove();
            on_pop.remove();
        });
        UrlState { state }
    }

    /// Reads the state, tracking it.
    pub fn with<R>(&self, f: impl FnOnce(&ViewState) -> R) -> R {
        self.state.with(f)
    }

    /// Changes the state and records it in the address, as a new history entry.
    pub fn change(&self, f: impl FnOnce(&mut ViewState)) {
        let mut next = self.state.get_untracked();
        f(&mut next);
        self.go(next);
    }

    pub fn go(&self, next: ViewState) {
        if self.state.with_untracked(|s| *s != next) {
            set_location_hash(&fragment_for(&next));
            self.state.set(next);
        }
    }

    /// The link to the state `f` makes from the current one (tracked, so links stay current).
    pub fn href(&self, f: impl FnOnce(&mut ViewState)) -> String {
        let mut next = self.state.get();
        f(&mut next);
        fragment_for(&next)
    }
}

/// The state in the address; `None` when the fragment is a jump to a place in the page.
fn read_fragment() -> Option<ViewState> {
    let hash = location_hash();
    if let Some(link) = SharedLink::parse(&hash) {
        return Some(link.view);
    }
    ViewState::is_state_fragment(&hash).then(|| ViewState::from_fragment(&hash))
}

/// The fragment for a state. A shared dashboard keeps its data's place in the address, so
/// links between views, a reload or a copied address still open the same data.
fn fragment_for(next: &ViewState) -> String {
    match SharedLink::parse(&location_hash()).map(|l| l.source) {
        Some(Ok(source)) => shared_fragment(&source, next),
        _ => next.to_fragment(),
    }
}

/// The shared data a fragment opens, if any (its text, not yet fetched or decoded).
fn shared_source(fragment: &str) -> Option<String> {
    SharedLink::parse(fragment).map(|l| match l.source {
        Ok(source) => shared_fragment(&source, &ViewState::default()),
        Err(e) => e.to_string(),
    })
}
