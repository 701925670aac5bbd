//! Every input in `fuzz/regressions/<target>/` (crashes the fuzzer found, and hostile seeds)
//! replayed through the same checks the fuzz targets run, on stable Rust, so the suite
//! guards them without the fuzzer. `bash scripts/fuzz.sh` runs the fuzzer itself.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

#[test]
fn every_saved_fuzz_input_passes_its_target_s_checks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut replayed = 0;
    for (target, check) in checks::TARGETS {
        let dir = root.join(target);
        let mut inputs: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.unwrap().path())
            .filter(|path| {
                path.file_name()
                    .is_some_and(|n| n != ".gitkeep" && n != "README.md")
            })
            .collect();
        inputs.sort();
        for input in inputs {
            let bytes = std::fs::read(&input).unwrap();
            let outcome = std::panic::catch_unwind(|| check(&bytes));
            assert!(outcome.is_ok(), "{target}: {} fails again", input.display());
            replayed += 1;
        }
    }
    assert!(
        replayed > 0,
        "no saved fuzz inputs found under {}",
        root.display()
    );
}

#[test]
fn the_checks_themselves_catch_an_unneutralised_export() {
    let outcome = std::panic::catch_unwind(|| checks::assert_neutralised("Month,=1+1\r\n"));
    assert!(outcome.is_err());
    checks::assert_neutralised("Month,'=1+1,-12,+3.5\r\n");
    assert!(!checks::is_plain_number("-nan"));
    assert!(!checks::is_plain_number("+inf"));
}
