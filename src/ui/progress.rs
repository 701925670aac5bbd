use leptos::prelude::*;

use super::browser::now_ms;
use crate::charts::thousands;
use crate::protocol::JobProgress;

/// Progress of a load: file, bytes, rows, rows a second, time left, and Cancel. Not a live
/// region (it changes many times a second); the status line announces start and end.
#[component]
pub fn LoadProgress(
    progress: RwSignal<Option<JobProgress>>,
    started_ms: RwSignal<f64>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let details = move || {
        progress.get().map(|p| {
            let elapsed = (now_ms() - started_ms.get_untracked()) / 1000.0;
            let mut text = format!(
                "{} of {} read, {} rows",
                megabytes(p.bytes_done),
                megabytes(p.bytes_total),
                thousands(p.rows)
            );
            if let Some((rows_per_second, seconds_left)) = p.rates(elapsed) {
                text.push_str(&format!(
                    ", {} rows a second, about {} left",
                    thousands(rows_per_second.round() as u64),
                    duration(seconds_left)
                ));
            }
            (
                format!("Reading {} ({} of {})", p.file, p.file_index + 1, p.files),
                p.fraction(),
                text,
            )
        })
    };
    view! {
        <Show when=move || progress.with(Option::is_some)>
            <div class="progress" id="load-progress">
                <p class="progress-file">{move || details().map(|d| d.0)}</p>
                <progress max="1" value=move || details().map_or(0.0, |d| d.1) aria-label="Share of the files read"></progress>
                <p class="progress-figures">{move || details().map(|d| d.2)}</p>
                <button type="button" id="cancel-load" class="button secondary" on:click=move |_| on_cancel.run(())>
                    "Cancel"
                </button>
            </div>
        </Show>
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

fn duration(seconds: f64) -> String {
    if seconds < 1.5 {
        "1 second".to_owned()
    } else if seconds < 90.0 {
        format!("{} seconds", seconds.round())
    } else {
        format!("{} minutes", (seconds / 60.0).round())
    }
}
