//! The few browser calls the page needs, with JavaScript errors turned into messages.

use gloo::file::futures::read_as_bytes;
use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, FileList, HtmlAnchorElement, Response, Url};

/// A file's name and contents, read into memory.
pub struct PickedFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

pub fn files_of(list: &FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

pub async fn read_file(file: web_sys::File) -> Result<PickedFile, String> {
    let name = file.name();
    let blob = gloo::file::File::from(file);
    match read_as_bytes(&blob).await {
        Ok(bytes) => Ok(PickedFile { name, bytes }),
        Err(e) => Err(format!(
            "{name} could not be read from your computer ({e}). Check that it is not open in \
             another program, then choose it again."
        )),
    }
}

/// Fetches one of the app's own static files (a relative URL, so it works from any sub-path).
pub async fn fetch_own_file(url: &str) -> Result<Vec<u8>, String> {
    let fail = |why: String| format!("The sample file {url} could not be loaded: {why}.");
    let window = web_sys::window().ok_or_else(|| fail("no window".into()))?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| fail(js_message(&e)))?;
    let response: Response = response.dyn_into().map_err(|e| fail(js_message(&e)))?;
    if !response.ok() {
        return Err(fail(format!("the server answered {}", response.status())));
    }
    let buffer = response.array_buffer().map_err(|e| fail(js_message(&e)))?;
    let buffer = JsFuture::from(buffer)
        .await
        .map_err(|e| fail(js_message(&e)))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Saves `text` as a file through the browser's download, without any request leaving the
/// page (the file is a local blob URL).
pub fn download_text(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let fail = |e: JsValue| format!("The download of {file_name} failed: {}.", js_message(&e));
    let parts = Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(fail)?;
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

fn js_message(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown browser error".to_owned())
}
