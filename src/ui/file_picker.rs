use leptos::prelude::*;
use web_sys::{DragEvent, HtmlInputElement};

use super::browser::files_of;
use crate::ingest::is_readable_name;

/// A labelled native file input (keyboard and screen-reader friendly as it is) inside a
/// zone that also accepts dropped files.
#[component]
pub fn FilePicker(
    on_files: Callback<Vec<web_sys::File>>,
    on_folder: Callback<(Vec<web_sys::File>, Vec<String>)>,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let dragging = RwSignal::new(false);
    let on_change = move |ev: leptos::ev::Event| {
        let input = event_target::<HtmlInputElement>(&ev);
        let files = input.files().map(|l| files_of(&l)).unwrap_or_default();
        // Clearing lets the same file be picked again after it is fixed.
        input.set_value("");
        if !files.is_empty() {
            on_files.run(files);
        }
    };
    // Leptos has no name for the non-standard webkitdirectory attribute; the DOM property
    // (which every current browser supports) does the same once the input exists.
    let folder_input: NodeRef<leptos::html::Input> = NodeRef::new();
    Effect::new(move |_| {
        if let Some(input) = folder_input.get() {
            input.set_webkitdirectory(true);
        }
    });
    // A folder holds other things too: only its CSV and zip files are read.
    let on_folder_change = move |ev: leptos::ev::Event| {
        let input = event_target::<HtmlInputElement>(&ev);
        let files = input.files().map(|l| files_of(&l)).unwrap_or_default();
        input.set_value("");
        let (read, skipped): (Vec<_>, Vec<_>) =
            files.into_iter().partition(|f| is_readable_name(&f.name()));
        on_folder.run((read, skipped.iter().map(web_sys::File::name).collect()));
    };
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let files = ev
            .data_transfer()
            .and_then(|t| t.files())
            .map(|l| files_of(&l))
            .unwrap_or_default();
        if !files.is_empty() {
            on_files.run(files);
        }
    };
    view! {
        <div
            class="drop-zone"
            class:dragging=move || dragging.get()
            on:dragover=move |ev: DragEvent| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <label for="file-input" class="label">"Choose CSV files or a zip"</label>
            <p id="file-hint" class="hint">
                "Police.uk monthly files (like 2023-01-city-of-london-street.csv) or the zip \
                 data.police.uk gives you, Fingertips exports, Home Office or ONS tables, \
                 population estimates, or your own tables. You can also drag and drop them here."
            </p>
            <input
                id="file-input"
                type="file"
                multiple
                accept=".csv,text/csv,.zip,application/zip"
                aria-describedby="file-hint"
                on:change=on_change
                disabled=move || busy.get()
            />
            <p class="folder-pick">
                <label for="folder-input">"Or choose a whole folder"</label>
                " (an unzipped data.police.uk download, say): its CSV and zip files are read."
                <input
                    id="folder-input"
                    type="file"
                    multiple
                    node_ref=folder_input
                    on:change=on_folder_change
                    disabled=move || busy.get()
                />
            </p>
        </div>
    }
}
