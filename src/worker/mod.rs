//! The ingest worker: `host` runs inside the Web Worker, `client` is the page's handle on it.
//! Only these two files know that workers exist.

pub mod client;
pub mod host;
