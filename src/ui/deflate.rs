//! The link with data's deflate and inflate, by the browser's own `CompressionStream` and
//! `DecompressionStream`. Format "deflate" is zlib (RFC 1950: the deflate stream in a two-byte
//! header and an Adler-32 checksum), the format `crate::share::link` describes and the page
//! wrote with flate2 before, so older links open unchanged. The browser's inflater checks the
//! checksum and fails the stream on a mismatch, as flate2's did.

use js_sys::{Array, ArrayBuffer, Reflect, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ReadableStream, ReadableStreamDefaultReader, ReadableWritablePair, Response};

use super::browser::js_message;

// web-sys has these two only behind `--cfg web_sys_unstable_apis` (a flag for the whole build);
// the constructors are all the page needs, and each is a readable/writable pair to pipe
// through.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(extends = js_sys::Object)]
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;

    #[wasm_bindgen(extends = js_sys::Object)]
    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
}

/// "deflate" is zlib (RFC 1950), not raw deflate ("deflate-raw").
const FORMAT: &str = "deflate";

/// `bytes` as a readable stream (a blob of them: no writer to drive by hand).
fn stream_of(bytes: &[u8]) -> Result<ReadableStream, JsValue> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    Ok(Blob::new_with_u8_array_sequence(&parts)?.stream())
}

/// `bytes` deflated in a zlib wrapper.
pub async fn deflate(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let run = async {
        let compressor = CompressionStream::new(FORMAT)?;
        let deflated =
            stream_of(bytes)?.pipe_through(compressor.unchecked_ref::<ReadableWritablePair>());
        let response = Response::new_with_opt_readable_stream(Some(&deflated))?;
        let buffer: ArrayBuffer = JsFuture::from(response.array_buffer()?).await?.dyn_into()?;
        Ok::<_, JsValue>(Uint8Array::new(&buffer).to_vec())
    };
    run.await.map_err(|e| js_message(&e))
}

/// `deflated` inflated, reading at most `limit` bytes: what a small link could inflate to
/// (gigabytes) is never held. `None` when the data does not inflate or its checksum is wrong.
pub async fn inflate(deflated: &[u8], limit: usize) -> Option<Vec<u8>> {
    let run = async {
        let inflater = DecompressionStream::new(FORMAT)?;
        let inflated =
            stream_of(deflated)?.pipe_through(inflater.unchecked_ref::<ReadableWritablePair>());
        let reader = ReadableStreamDefaultReader::new(&inflated)?;
        let mut out = Vec::new();
        loop {
            let chunk = JsFuture::from(reader.read()).await?;
            if Reflect::get(&chunk, &JsValue::from_str("done"))?.is_truthy() {
                break;
            }
            let value: Uint8Array =
                Reflect::get(&chunk, &JsValue::from_str("value"))?.dyn_into()?;
            let room = limit.saturating_sub(out.len());
            let length = usize::try_from(value.length()).unwrap_or(usize::MAX);
            if length > room {
                // Only `room` bytes are wanted; the rest of the stream is dropped unread.
                out.extend(value.subarray(0, u32::try_from(room).unwrap_or(0)).to_vec());
                let _ = reader.cancel();
                break;
            }
            out.extend(value.to_vec());
        }
        Ok::<_, JsValue>(out)
    };
    run.await.ok()
}
