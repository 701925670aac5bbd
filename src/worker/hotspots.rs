//! The page's handle on the worker that answers Hotspots queries: a worker of its own, so a
//! query never waits behind a load, and a query overtaken by another (the filters changed)
//! is ended with its worker rather than left to finish.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;
use web_sys::File;

use super::client::IngestWorker;
use crate::dashboard::hotspots::HotspotQuery;
use crate::protocol::FromTask;

pub struct HotspotWorker {
    worker: IngestWorker,
}

impl HotspotWorker {
    /// Starts the worker; `on_message` hears its progress and answers, `on_error` a message
    /// for the user if it fails to start or crashes.
    pub fn spawn(
        on_message: impl Fn(FromTask) + 'static,
        on_error: impl Fn(String) + 'static,
    ) -> Result<HotspotWorker, String> {
        IngestWorker::spawn(on_message, on_error).map(|worker| HotspotWorker { worker })
    }

    /// Asks for the hotspots of `sources` (each file with the name it was loaded as, latest
    /// publication first). The browser passes `File` handles, not their bytes.
    pub fn ask(&self, task: u32, sources: &[(File, String)], query: &HotspotQuery) {
        let message = Object::new();
        let set = |target: &Object, key: &str, value: &JsValue| {
            let _ = Reflect::set(target, &key.into(), value);
        };
        set(&message, "task", &JsValue::from(task));
        set(&message, "kind", &JsValue::from_str("hotspots"));
        let list = Array::new();
        for (file, name) in sources {
            let source = Object::new();
            set(&source, "file", file);
            set(&source, "name", &JsValue::from_str(name));
            list.push(&source);
        }
        set(&message, "sources", &list);
        if let Ok(query) = serde_wasm_bindgen::to_value(query) {
            set(&message, "query", &query);
        }
        self.worker.send(message.into());
    }
}
