use leptos::prelude::*;

use super::browser::jump_to;

/// GOV.UK-style error summary: announced when it appears, one line per file that failed,
/// each linking back to the file picker where the user fixes it.
#[component]
pub fn ProblemSummary(problems: RwSignal<Vec<String>>) -> impl IntoView {
    view! {
        <Show when=move || problems.with(|p| !p.is_empty())>
            <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
                <h2 id="error-summary-title" class="error-summary-title">"There is a problem"</h2>
                <ul class="error-summary-list">
                    {move || {
                        problems
                            .get()
                            .into_iter()
                            .map(|message| view! { <li><a href="#file-input" on:click=jump_to("file-input")>{message}</a></li> })
                            .collect_view()
                    }}
                </ul>
            </div>
        </Show>
    }
}
