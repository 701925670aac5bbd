//! The board report on the dashboard: shown in the page, ready to print, and saved as one
//! self-contained HTML file. The report itself is written by the core (`report/`); this
//! panel only asks for it and hands it to the browser.
//!
//! Why a section of this page and not a `srcdoc` iframe: the page's security policy has no
//! `frame-src` (so `default-src 'none'` governs frames) and no inline style, and a `srcdoc`
//! document inherits that policy, so its `<style>` would be refused anyway. The same
//! `<article>` the file holds is placed here instead, styled by the same rules (appended to
//! `style/main.css`), and while it is open a print rule hides everything else, so the
//! browser's own print (the button, or Ctrl+P) gives the A4 report.

use leptos::prelude::*;

use super::browser::{download_text, focus_by_id};
use super::url_state::UrlState;
use crate::model::{CountTable, Dataset, Date};
use crate::report::{ReportInput, board_report, board_report_document, report_file_name};

/// The report's top heading inside the page: under the page's h1 and this panel's h2.
const ARTICLE_LEVEL: u8 = 3;

#[component]
pub fn ReportPanel(
    dataset: RwSignal<Dataset>,
    table: Memo<CountTable>,
    url: UrlState,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // Worked out only while the report is shown, and again when the data or the view changes.
    let article = Memo::new(move |_| {
        if !open.get() {
            return String::new();
        }
        let Some(produced) = today() else {
            return format!("<p class=\"error-message\">{NO_DATE}</p>");
        };
        let state = url.with(Clone::clone);
        dataset.with(|data| {
            table.with(|t| {
                let input = ReportInput {
                    dataset: data,
                    table: t,
                    state: &state,
                    produced,
                };
                board_report(&input, ARTICLE_LEVEL).article().to_owned()
            })
        })
    });
    // While the report is open, printing the page prints the report alone (see style/main.css).
    Effect::new(move |_| set_print_mode(open.get()));
    on_cleanup(|| set_print_mode(false));

    let toggle = move |_| {
        let now = !open.get_untracked();
        open.set(now);
        if now {
            request_animation_frame(|| focus_by_id("report-title"));
        }
    };
    let print = move |_| {
        if let Some(w) = web_sys::window()
            && let Err(e) = w.print()
        {
            error.set(Some(format!(
                "The browser would not print ({e:?}). Use its own Print command instead."
            )));
        }
    };
    let download = move |_| {
        let state = url.with(Clone::clone);
        let Some(produced) = today() else {
            error.set(Some(NO_DATE.to_owned()));
            return;
        };
        let (name, html) = dataset.with(|data| {
            table.with(|t| {
                let input = ReportInput {
                    dataset: data,
                    table: t,
                    state: &state,
                    produced,
                };
                (report_file_name(t, produced), board_report_document(&input))
            })
        });
        error.set(download_text(&name, "text/html;charset=utf-8", &html).err());
    };
    view! {
        <section class="report-panel" aria-labelledby="report-panel-heading">
            <h2 id="report-panel-heading">"Board report"</h2>
            <p>
                "The headlines, trend charts, sentences, caveats and sources for the area and                  filters chosen above, ready to print on A4 or to save as one web page that opens                  offline, without this app."
            </p>
            <p class="actions">
                <button
                    type="button"
                    id="show-report"
                    class="button secondary"
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-controls="report-view"
                    on:click=toggle
                >
                    {move || if open.get() { "Close board report" } else { "Board report" }}
                </button>
                <button type="button" id="download-report" class="button secondary" on:click=download>
                    "Download report"
                </button>
            </p>
            {move || error.get().map(|e| view! { <p class="error-message" role="alert">{e}</p> })}
            <div id="report-view" hidden=move || !open.get()>
                <Show when=move || open.get()>
                    <p class="actions report-actions">
                        <button type="button" id="print-report" class="button" on:click=print>"Print"</button>
                        <span class="hint">" While the report is open, printing this page prints only the report."</span>
                    </p>
                    <div class="report-frame" inner_html=move || article.get()></div>
                </Show>
            </div>
        </section>
    }
}

/// Today in the computer's own time zone: the day the board reads on the report. `None` only
/// if the computer's clock gives a date the report cannot write.
fn today() -> Option<Date> {
    let now = js_sys::Date::new_0();
    Date::new(
        u16::try_from(now.get_full_year()).ok()?,
        u8::try_from(now.get_month() + 1).ok()?,
        u8::try_from(now.get_date()).ok()?,
    )
}

const NO_DATE: &str = "This computer's clock gives no date the report can show, so the report \
                       was not made. Check the date and time settings.";

/// Marks the page (`<html data-print="report">`) so that the print rules show the report alone.
fn set_print_mode(on: bool) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = if on {
        root.set_attribute("data-print", "report")
    } else {
        root.remove_attribute("data-print")
    };
}
