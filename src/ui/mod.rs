//! The page: Leptos components that show what the core computed. Nothing here parses a file
//! or computes a figure.

mod app;
mod area_filter;
mod browser;
mod chart_export;
mod charts_panel;
mod column_roles;
mod count_table;
pub mod deflate;
mod file_picker;
mod filters;
mod headline_table;
mod help;
mod load_summary;
mod nav;
mod persistence;
mod problems;
mod progress;
mod rates;
mod report_panel;
mod sample;
mod share_panel;
mod site_info;
mod url_state;
mod views;

pub use app::App;
