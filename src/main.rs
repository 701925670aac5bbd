//! Mounts the Leptos page; everything else lives in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(safer_trends::ui::App);
}

// The app only exists in the browser; natively the binary is a pointer to the real commands.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Safer Trends runs in the browser: see README.md (bash scripts/serve.sh).");
}
