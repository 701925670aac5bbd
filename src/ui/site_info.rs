//! The footer's line about the site itself: the accessibility statement and which build this is.

use leptos::prelude::*;

/// What the build wrote into index.html's `<meta name="safer-trends-build">` (a hash of the
/// build's files, `scripts/precache.mjs`; it also names the service worker's cache). It is
/// read from the page, not compiled in, because it is a hash of the compiled output itself.
fn build_id() -> Option<String> {
    let meta = document()
        .query_selector(r#"meta[name="safer-trends-build"]"#)
        .ok()??;
    meta.get_attribute("content")
        .filter(|id| !id.is_empty() && id != "development")
}

/// A link to the accessibility statement, then "Version 0.1.0 (build 1a2b3c4d)".
#[component]
pub fn SiteInfo() -> impl IntoView {
    let version = env!("CARGO_PKG_VERSION");
    let build = build_id().map_or_else(
        || "development build".to_owned(),
        |id| format!("build {id}"),
    );
    view! {
        <p class="site-info">
            <a href="accessibility.html">"Accessibility statement"</a>
            " · "
            <span id="app-version">{format!("Version {version} ({build})")}</span>
        </p>
    }
}
