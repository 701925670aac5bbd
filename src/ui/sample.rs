//! The bundled sample: City of London Police street-level crime for 2023, as published on
//! data.police.uk (Open Government Licence v3.0). Served from the app's own `sample/` folder.

use super::browser::fetch_own_file;

const FILES: [&str; 12] = [
    "2023-01-city-of-london-street.csv",
    "2023-02-city-of-london-street.csv",
    "2023-03-city-of-london-street.csv",
    "2023-04-city-of-london-street.csv",
    "2023-05-city-of-london-street.csv",
    "2023-06-city-of-london-street.csv",
    "2023-07-city-of-london-street.csv",
    "2023-08-city-of-london-street.csv",
    "2023-09-city-of-london-street.csv",
    "2023-10-city-of-london-street.csv",
    "2023-11-city-of-london-street.csv",
    "2023-12-city-of-london-street.csv",
];

/// The sample as `File`s, plus a message for each one that could not be fetched.
pub async fn fetch_sample() -> (Vec<web_sys::File>, Vec<String>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for name in FILES {
        match fetch_own_file(&format!("sample/{name}"), name).await {
            Ok(file) => files.push(file),
            Err(message) => failures.push(message),
        }
    }
    (files, failures)
}
