//! The ingest workers: `host` runs inside each Web Worker, `client` is the handle on one,
//! `pool` the page's handle on them all. Only these files know that workers exist.

pub mod client;
pub mod host;
pub mod pool;
