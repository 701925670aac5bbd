//! The ingest worker's entry point: everything it does is in `safer_trends::worker::host`.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    safer_trends::worker::host::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The ingest worker runs inside the browser page; see README.md.");
}
