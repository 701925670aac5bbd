//! What every fuzz target asserts, shared with `tests/fuzz_regressions.rs` so that the
//! inputs in `fuzz/regressions/` are replayed on stable Rust, without the fuzzer, by the
//! ordinary test suite. A check fails by panicking, which is how libFuzzer sees a crash.
//!
//! Beyond "does not panic", each check holds the engine to what the app promises the user:
//! every row accounted for, a whole-file failure named after the file, exports neutralised,
//! and the same answer whether the bytes arrive in one piece or a few at a time.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    dead_code
)]

use std::io::{Cursor, Read};

use safer_trends::export::{count_table_csv, load_report_csv, reject_log_csv};
use safer_trends::ingest::archive::read_zip;
use safer_trends::ingest::formats::recorded_crime::period_from_file_name;
use safer_trends::ingest::text::{
    DELIMITERS, HEADER_SEARCH_ROWS, decode_all, detect_encoding, find_header_row,
    read_sample_records, sniff_delimiter,
};
use safer_trends::ingest::uk_number::{CountValue, Value, parse_count, parse_value};
use safer_trends::ingest::uk_period::{parse_period, parse_period_column};
use safer_trends::ingest::{FileError, read_file_from};
use safer_trends::model::{CountTable, Dataset, LoadedFile};

/// One target's check: panics on what the engine must never do.
pub type Check = fn(&[u8]);

/// The check for each target, by the target's name (the folder names in `fuzz/regressions/`).
pub const TARGETS: [(&str, Check); 5] = [
    ("read_file", read_file),
    ("read_zip", read_zip_bytes),
    ("uk_period", uk_period),
    ("uk_number", uk_number),
    ("sniff", sniff),
];

// File names chosen by the input's length, so seeds stay plain files: a police.uk name, one
// that makes the ONS recogniser take its period from the name, and hostile ones.
const NAMES: [&str; 5] = [
    "2023-01-city-of-london-street.csv",
    "recordedcrimeyearendingdecember2024.csv",
    "=HYPERLINK(\"x\").csv",
    "<img src=x onerror=alert(1)>.csv",
    "",
];

/// Whole-file reading through the engine: in one piece and trickled in small reads.
pub fn read_file(data: &[u8]) {
    let name = NAMES[data.len() % NAMES.len()];
    let whole = safer_trends::ingest::read_file(name, data);
    let step = data.len() % 11 + 1;
    let trickled = read_file_from(name, Trickle { data, step }, &mut |_| {});
    assert_eq!(
        whole, trickled,
        "reading in {step}-byte pieces gave a different result"
    );
    match &whole {
        Ok(file) => check_loaded(file),
        Err(error) => check_error(error, name),
    }
}

/// Zip archives: whatever the bytes, an archive error or a result per entry.
pub fn read_zip_bytes(data: &[u8]) {
    match read_zip("fuzz.zip", Cursor::new(data), &mut |_, _| {}) {
        Ok(archive) => {
            for result in &archive.files {
                match result {
                    Ok(file) => check_loaded(file),
                    Err(error) => {
                        assert!(error.file.starts_with("fuzz.zip \u{203a} "), "{error:?}");
                        assert!(!error.to_string().is_empty());
                    }
                }
            }
        }
        Err(error) => check_error(&error, "fuzz.zip"),
    }
}

/// UK periods: every cell, and every line as a column.
pub fn uk_period(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for line in text.lines() {
        let cells: Vec<&str> = line.split([',', ';', '\t']).collect();
        for cell in &cells {
            match parse_period(cell) {
                Ok(period) => {
                    assert!(period.months_covered() >= 1, "{cell:?}");
                    assert_eq!(parse_period(&period.label()), Ok(period), "{cell:?}");
                }
                Err(error) => assert!(!error.to_string().is_empty()),
            }
            let _ = period_from_file_name(cell);
        }
        match parse_period_column(&cells) {
            Ok(periods) => {
                assert_eq!(periods.len(), cells.len(), "{cells:?}");
                if let Some(first) = periods.first() {
                    assert!(
                        periods.iter().all(|p| p.kind() == first.kind()),
                        "{cells:?}"
                    );
                }
            }
            Err(error) => assert!(error.index < cells.len(), "{cells:?}: {error:?}"),
        }
    }
}

/// UK numbers: figures are finite, counts whole and never negative, and a count is the same
/// number the figure reader sees.
pub fn uk_number(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for cell in text.split(['\n', ',', ';']) {
        for decimal_comma in [false, true] {
            if let Ok(Value::Number(n) | Value::Percentage(n)) = parse_value(cell, decimal_comma) {
                assert!(n.is_finite(), "{cell:?} → {n}");
            }
        }
        match parse_count(cell) {
            Ok(CountValue::Count(n)) => {
                assert!(n <= 1 << 53, "{cell:?} → {n}");
                assert_eq!(
                    parse_value(cell, false).ok().and_then(Value::number),
                    Some(n as f64),
                    "{cell:?}"
                );
            }
            Ok(CountValue::Missing(_)) => {
                assert!(matches!(parse_value(cell, false), Ok(Value::Missing(_))));
            }
            Err(error) => assert!(!error.to_string().is_empty()),
        }
    }
}

/// Encoding, delimiter and header sniffing on whatever text the bytes decode to.
pub fn sniff(data: &[u8]) {
    let _ = detect_encoding(data);
    let text = match decode_all(data) {
        Ok(decoded) => decoded.text,
        Err(error) => {
            assert!(!error.to_string().is_empty());
            String::from_utf8_lossy(data).into_owned()
        }
    };
    let delimiter = match sniff_delimiter(&text) {
        Some(guess) => {
            assert!(DELIMITERS.contains(&guess.delimiter));
            assert!(guess.fields >= 2);
            assert!(guess.consistent_records <= guess.records);
            guess.delimiter
        }
        None => b',',
    };
    let records = read_sample_records(&text, delimiter, HEADER_SEARCH_ROWS);
    assert!(records.len() <= HEADER_SEARCH_ROWS);
    if let Some(header) = find_header_row(&records) {
        assert!(header.index < records.len());
        assert!(header.title_rows <= header.index);
    }
}

/// What a loaded file must satisfy: every row accounted for, a bounded reject log, and
/// exports in which no cell can run as a formula.
pub fn check_loaded(file: &LoadedFile) {
    assert!(file.rows.balances(), "{:?}", file.rows);
    assert!(file.rows.read > 0);
    assert!(file.rejects.len() <= 1_000);
    assert!(file.rejects.len() as u64 <= file.rows.rejected);
    for reject in &file.rejects {
        assert!(reject.line > file.details.header_line, "{reject:?}");
        assert!(!reject.reason.is_empty());
        assert!(reject.raw.chars().count() <= 501, "raw text not cut short");
    }
    let files = std::slice::from_ref(file);
    let mut dataset = Dataset::default();
    dataset.add(file.clone());
    assert_neutralised(&load_report_csv(&dataset));
    assert_neutralised(&reject_log_csv(files));
    if let Some(counts) = file.street_counts() {
        assert_neutralised(&count_table_csv(&CountTable::from_counts(&counts)));
    }
}

/// A whole-file failure names the file first and says something.
pub fn check_error(error: &FileError, name: &str) {
    assert_eq!(error.file, name);
    let message = error.to_string();
    assert!(message.starts_with(name), "{message}");
    assert!(message.len() < 10_000, "message of {} bytes", message.len());
}

/// OWASP's rule for CSV injection: no cell may start with `=`, `+`, `-`, `@`, tab or
/// carriage return, unless it is a plain number.
pub fn assert_neutralised(csv_text: &str) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv_text.as_bytes());
    for record in reader.records() {
        let record = record.expect("the export is valid CSV");
        for cell in record.iter() {
            if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                assert!(is_plain_number(cell), "cell not neutralised: {cell:?}");
            }
        }
    }
}

/// `-12`, `+3.5`, `-1e3`: digits with an optional sign, point and exponent.
pub fn is_plain_number(cell: &str) -> bool {
    cell.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
        && cell.bytes().any(|b| b.is_ascii_digit())
        && cell.parse::<f64>().is_ok_and(f64::is_finite)
}

/// Hands the bytes over a few at a time, like a slow stream or an inflating zip entry.
struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.data.len().min(buf.len()).min(self.step);
        let (now, rest) = self.data.split_at(n);
        buf[..n].copy_from_slice(now);
        self.data = rest;
        Ok(n)
    }
}
