//! The few browser calls the page needs, with JavaScript errors turned into messages.

use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, FileList, HtmlAnchorElement, Response, Url};

pub fn files_of(list: &FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

/// Milliseconds since the page opened, for rates and time left.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Fetches one of the app's own static files (a relative URL, so it works from any sub-path)
/// as a `File` named `name`, ready to hand to the worker like a picked file.
pub async fn fetch_own_file(url: &str, name: &str) -> Result<web_sys::File, String> {
    let fail = |why: String| format!("The sample file {url} could not be loaded: {why}.");
    let window = web_sys::window().ok_or_else(|| fail("no window".into()))?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| fail(js_message(&e)))?;
    let response: Response = response.dyn_into().map_err(|e| fail(js_message(&e)))?;
    if !response.ok() {
        return Err(fail(format!("the server answered {}", response.status())));
    }
    let blob = response.blob().map_err(|e| fail(js_message(&e)))?;
    let blob = JsFuture::from(blob)
        .await
        .map_err(|e| fail(js_message(&e)))?;
    web_sys::File::new_with_blob_sequence(&Array::of1(&blob), name)
        .map_err(|e| fail(js_message(&e)))
}

/// Saves `text` as a file through the browser's download, without any request leaving the
/// page (the file is a local blob URL).
pub fn download_text(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let fail = |e: JsValue| format!("The download of {file_name} failed: {}.", js_message(&e));
    let parts = Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    download_blob(file_name, &blob)
}

/// Saves a blob made in the page (text, or a picture drawn on a canvas) as a file, through a
/// local blob URL.
pub fn download_blob(file_name: &str, blob: &Blob) -> Result<(), String> {
    let fail = |e: JsValue| format!("The download of {file_name} failed: {}.", js_message(&e));
    let url = Url::create_object_url_with_blob(blob).map_err(fail)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| fail(JsValue::from_str("no document")))?;
    let anchor: HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|element| fail(element.into()))?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // Revoking at once can cancel the download in some browsers; a minute is ample.
    gloo::timers::callback::Timeout::new(60_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

pub fn js_message(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown browser error".to_owned())
}

/// The URL fragment, `#` included ("" when there is none).
pub fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Navigates to a fragment of this page: the browser adds a history entry (so Back works)
/// and announces it with `hashchange`.
pub fn set_location_hash(fragment: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(fragment);
    }
}

/// Moves keyboard focus to an element, making it focusable from script if it is not already,
/// and scrolls it into view.
pub fn focus_by_id(id: &str) {
    let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    else {
        return;
    };
    let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() else {
        return;
    };
    if element.tab_index() < 0 && !element.has_attribute("tabindex") {
        let _ = element.set_attribute("tabindex", "-1");
    }
    let _ = element.focus();
    element.scroll_into_view();
}

/// A click handler for a link to a place in the page (`#main`, `#file-input`): it focuses the
/// place instead of following the link, because the fragment holds the dashboard's state and
/// a jump must not replace it.
pub fn jump_to(id: impl Into<String>) -> impl Fn(web_sys::MouseEvent) + Clone + 'static {
    let id = id.into();
    move |event: web_sys::MouseEvent| {
        event.prevent_default();
        focus_by_id(&id);
    }
}
