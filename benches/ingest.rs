//! Native single-thread throughput of the reading engine on a police.uk street file: the
//! ceiling the browser figure is compared with (`bash scripts/bench.sh`).
//!
//! Usage: cargo bench --bench ingest -- FILE [RUNS]

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let Some(path) = args.next() else {
        eprintln!("usage: cargo bench --bench ingest -- FILE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let mut best = f64::INFINITY;
    let mut rows = 0;
    for _ in 0..runs {
        let start = Instant::now();
        match safer_trends::ingest::read_file(&path, &bytes) {
            Ok(file) => rows = file.rows.read,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    let mb = bytes.len() as f64 / 1e6;
    println!(
        "{{\"file\":\"{path}\",\"bytes\":{},\"rows\":{rows},\"best_seconds\":{best:.4},\"mb_per_s\":{:.1}}}",
        bytes.len(),
        mb / best
    );
}
