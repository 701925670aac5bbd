//! The bundled sample: City of London Police street-level crime for 2023, as published on
//! data.police.uk (Open Government Licence v3.0). Served from the app's own `sample/` folder.

use super::browser::fetch_own_file;
use crate::SAMPLE_FILES;

/// The sample as `File`s, plus a message for each one that could not be fetched.
pub async fn fetch_sample() -> (Vec<web_sys::File>, Vec<String>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for name in SAMPLE_FILES {
        match fetch_own_file(&format!("sample/{name}"), name).await {
            Ok(file) => files.push(file),
            Err(message) => failures.push(message),
        }
    }
    (files, failures)
}
