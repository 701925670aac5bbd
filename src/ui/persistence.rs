//! "Remember on this computer": the opt-in (in `localStorage`), the remembered data (in
//! IndexedDB, as the published payload's JSON, so what is stored is the format tested natively
//! in `crate::share`), and forgetting all of it. Nothing is written unless the user ticked
//! the box.
//!
//! IndexedDB through web-sys directly: its requests are turned into promises here in a few
//! lines, which is less to ship and audit than a wrapper crate for one key in one store.

use js_sys::Promise;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransactionMode, Storage};

/// Every key this app writes to `localStorage` starts with this.
pub const STORAGE_PREFIX: &str = "safer-trends.";
const OPT_IN_KEY: &str = "safer-trends.remember";
const DATABASE: &str = "safer-trends";
const STORE: &str = "remembered";
const KEY: &str = "dataset";

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Whether the user chose to remember data on this computer.
pub fn opted_in() -> bool {
    storage()
        .and_then(|s| s.get_item(OPT_IN_KEY).ok().flatten())
        .is_some_and(|v| v == "yes")
}

/// Records the choice; turning it off also deletes what was remembered.
pub async fn set_opted_in(on: bool) -> Result<(), String> {
    let storage = storage().ok_or("this browser does not allow storage for this page")?;
    if on {
        storage
            .set_item(OPT_IN_KEY, "yes")
            .map_err(|e| message("the choice could not be saved", &e))
    } else {
        let _ = storage.remove_item(OPT_IN_KEY);
        delete_database().await
    }
}

/// Stores the remembered payload (JSON), replacing what was there.
pub async fn save(json: &str) -> Result<(), String> {
    let db = open().await?;
    let result = async {
        let store = db
            .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
            .and_then(|t| t.object_store(STORE))
            .map_err(|e| message("the data could not be stored", &e))?;
        let request = store
            .put_with_key(&JsValue::from_str(json), &JsValue::from_str(KEY))
            .map_err(|e| message("the data could not be stored", &e))?;
        settle(&request).await.map(|_| ())
    }
    .await;
    db.close();
    result
}

/// The remembered payload's JSON, if there is one.
pub async fn load() -> Result<Option<String>, String> {
    let db = open().await?;
    let result = async {
        let store = db
            .transaction_with_str(STORE)
            .and_then(|t| t.object_store(STORE))
            .map_err(|e| message("the remembered data could not be read", &e))?;
        let request = store
            .get(&JsValue::from_str(KEY))
            .map_err(|e| message("the remembered data could not be read", &e))?;
        Ok(settle(&request).await?.as_string())
    }
    .await;
    db.close();
    result
}

/// What "Forget everything" removed, to say so.
#[derive(Debug, Clone, Default)]
pub struct Forgotten {
    pub had_data: bool,
    /// `localStorage` keys removed (the opt-in, remembered column choices).
    pub keys: Vec<String>,
}

/// Deletes the IndexedDB database and every `localStorage` key of this app, the opt-in
/// included.
pub async fn forget_everything() -> Result<Forgotten, String> {
    let had_data = matches!(load().await, Ok(Some(_)));
    let mut keys = Vec::new();
    if let Some(storage) = storage() {
        let length = storage.length().unwrap_or(0);
        keys = (0..length)
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|key| key.starts_with(STORAGE_PREFIX))
            .collect();
        for key in &keys {
            let _ = storage.remove_item(key);
        }
    }
    delete_database().await?;
    Ok(Forgotten { had_data, keys })
}

/// Deletes the remembered data (the whole database), keeping the opt-in.
pub async fn delete_database() -> Result<(), String> {
    let factory = factory()?;
    let request = factory
        .delete_database(DATABASE)
        .map_err(|e| message("the stored data could not be deleted", &e))?;
    settle(&request).await.map(|_| ())
}

fn factory() -> Result<web_sys::IdbFactory, String> {
    web_sys::window()
        .ok_or("no window")?
        .indexed_db()
        .ok()
        .flatten()
        .ok_or_else(|| "this browser does not allow storage for this page".to_owned())
}

async fn open() -> Result<IdbDatabase, String> {
    let request: IdbOpenDbRequest = factory()?
        .open_with_u32(DATABASE, 1)
        .map_err(|e| message("the browser's storage could not be opened", &e))?;
    // First use: make the one store. Runs before `success`.
    let upgrade = Closure::once_into_js(move |event: web_sys::Event| {
        let db = event
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok());
        if let Some(db) = db
            && !db.object_store_names().contains(STORE)
        {
            let _ = db.create_object_store(STORE);
        }
    });
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    settle(&request)
        .await?
        .dyn_into::<IdbDatabase>()
        .map_err(|_| "the browser's storage could not be opened".to_owned())
}

/// Waits for an IndexedDB request: its result, or its error as words.
async fn settle(request: &IdbRequest) -> Result<JsValue, String> {
    let promise = Promise::new(&mut |resolve, reject| {
        let done = request.clone();
        let on_success = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &done.result().unwrap_or(JsValue::UNDEFINED));
        });
        let failed = request.clone();
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let error = failed
                .error()
                .ok()
                .flatten()
                .map_or(JsValue::UNDEFINED, JsValue::from);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise)
        .await
        .map_err(|e| message("the browser's storage refused", &e))
}

fn message(what: &str, error: &JsValue) -> String {
    let why = error
        .dyn_ref::<web_sys::DomException>()
        .map(web_sys::DomException::message)
        .or_else(|| error.dyn_ref::<js_sys::Error>().map(|e| e.message().into()))
        .unwrap_or_else(|| "unknown reason".to_owned());
    format!("{what}: {why}")
}
