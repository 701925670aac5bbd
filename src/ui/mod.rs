//! The page: Leptos components that show what the core computed. Nothing here parses a file
//! or computes a figure.

mod app;
mod area_filter;
mod browser;
mod charts_panel;
mod count_table;
mod file_picker;
mod headline_table;
mod load_summary;
mod problems;
mod progress;
mod sample;

pub use app::App;
