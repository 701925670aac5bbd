//! Safer Trends: community-safety trends computed entirely in the browser.
//!
//! The crate is a pure core — [`ingest`] (bytes to records), [`model`] (typed counts by
//! period), [`stats`], [`dashboard`] (what each view shows), [`view_state`] (the URL
//! fragment), [`export`] (what leaves the page as a file), [`report`] (the board report as one
//! self-contained HTML document), [`share`] (published and linked aggregates) and [`charts`]
//! (SVG) — plus, on
//! wasm32 only, the Leptos page in `ui`. The core never touches the DOM, so everything
//! that decides a number is tested natively.

/// The bundled sample's files (`assets/sample/`, City of London Police street-level crime for
/// 2023), in month order: what "Try sample data" fetches, and what tests read as the page would.
pub const SAMPLE_FILES: [&str; 12] = [
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

pub mod charts;
pub mod dashboard;
pub mod export;
pub mod ingest;
pub mod model;
pub mod protocol;
pub mod report;
pub mod share;
pub mod stats;
pub mod view_state;

#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod worker;
