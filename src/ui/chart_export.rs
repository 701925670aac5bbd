//! Every chart's three downloads, made in the page from what is already drawn (nothing is
//! fetched): the SVG as a standalone file, a PNG at twice the chart's size on white for slides,
//! and the chart's figures as CSV (text a spreadsheet would run as a formula neutralised by
//! `DataTable::csv`).

use js_sys::{Array, Function, Promise};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{
    Blob, BlobPropertyBag, CanvasRenderingContext2d, HtmlCanvasElement, HtmlImageElement, Url,
};

use super::browser::{download_blob, download_text, js_message};
use crate::charts::{Chart, file_stem, standalone_svg, svg_size};

/// How much larger than the chart the PNG is drawn: crisp on a projector and when a slide is
/// enlarged.
const PNG_SCALE: u32 = 2;

/// The buttons under a chart. Their names say which chart they save ("Download PNG: Burglary
/// by month"), since a page holds many.
pub fn export_buttons(chart: &Chart) -> impl IntoView + use<> {
    let title = chart.title.clone();
    let stem = file_stem(&chart.title);
    let svg = StoredValue::new(chart.svg.clone());
    let csv = StoredValue::new(chart.csv());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let svg_name = format!("{stem}.svg");
    let save_svg = move |_| {
        let file = svg.with_value(|s| standalone_svg(s));
        error.set(download_text(&svg_name, "image/svg+xml;charset=utf-8", &file).err());
    };
    let png_name = format!("{stem}.png");
    let save_png = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let file = svg.with_value(|s| standalone_svg(s));
        let name = png_name.clone();
        spawn_local(async move {
            let result = match png_of(&file).await {
                Ok(blob) => download_blob(&name, &blob),
                Err(why) => Err(format!("The PNG could not be made: {why}.")),
            };
            error.set(result.err());
            busy.set(false);
        });
    };
    let csv_name = format!("{stem}.csv");
    let save_csv = move |_| {
        let text = csv.with_value(Clone::clone);
        error.set(download_text(&csv_name, "text/csv;charset=utf-8", &text).err());
    };
    // The visible words start the name (WCAG 2.5.3), and the title says which chart.
    let name = |what: &str| format!("{what}: {title}");
    view! {
        <div class="chart-export" role="group" aria-label=format!("Download {title}")>
            <button type="button" class="button secondary" on:click=save_svg aria-label=name("Download SVG")>
                "Download SVG"
            </button>
            <button type="button" class="button secondary" on:click=save_png aria-label=name("Download PNG") aria-disabled=move || busy.get().then_some("true")>
                "Download PNG"
            </button>
            <button type="button" class="button secondary" on:click=save_csv aria-label=name("Download data (CSV)")>
                "Download data (CSV)"
            </button>
        </div>
        {move || error.get().map(|e| view! { <p class="error-message" role="alert">{e}</p> })}
    }
}

/// Rasterises a standalone SVG at [`PNG_SCALE`] times its size: the SVG is loaded into an
/// image from a local blob URL, drawn onto a white canvas, and the canvas encoded as PNG.
async fn png_of(svg: &str) -> Result<Blob, String> {
    let (width, height) = svg_size(svg).ok_or("the chart has no size")?;
    let parts = Array::of1(&JsValue::from_str(svg));
    let options = BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let blob =
        Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|e| js_message(&e))?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|e| js_message(&e))?;
    let drawn = draw(&url, width * PNG_SCALE, height * PNG_SCALE).await;
    let _ = Url::revoke_object_url(&url);
    drawn.map_err(|e| js_message(&e))
}

async fn draw(url: &str, width: u32, height: u32) -> Result<Blob, JsValue> {
    let image = HtmlImageElement::new()?;
    image.set_src(url);
    JsFuture::from(image.decode()).await?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let canvas: HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
    canvas.set_width(width);
    canvas.set_height(height);
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2D canvas"))?
        .dyn_into()?;
    let (w, h) = (f64::from(width), f64::from(height));
    // White under the picture: a transparent PNG shows black or a checkerboard in some apps.
    context.set_fill_style_str("#FFFFFF");
    context.fill_rect(0.0, 0.0, w, h);
    context.draw_image_with_html_image_element_and_dw_and_dh(&image, 0.0, 0.0, w, h)?;
    let encoded = Promise::new(&mut |resolve: Function, reject: Function| {
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        if let Err(e) = canvas.to_blob(done.unchecked_ref()) {
            let _ = reject.call1(&JsValue::NULL, &e);
        }
    });
    JsFuture::from(encoded)
        .await?
        .dyn_into::<Blob>()
        .map_err(|_| JsValue::from_str("the browser could not encode the picture"))
}
