//! The ingest workers: `host` runs inside each Web Worker, `client` is the handle on one,
//! `pool` the page's handle on them all, `hotspots` the handle on the worker that re-reads
//! street files for the Hotspots map. Only these files know that workers exist.

pub mod client;
pub mod host;
pub mod hotspots;
pub mod pool;
