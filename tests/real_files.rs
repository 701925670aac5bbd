//! Every real police.uk street file the project ships loads with the right figures.
//!
//! Expectations come from two places independent of the reader under test: the data-row
//! counts published in `tests/data/SOURCES.md` (counted with Python's csv module when the
//! files were collected), and per-type counts made here with serde over named columns, where
//! a Crime ID repeated within a file counts once (the sample's files repeat 186 IDs, the same
//! crime listed again with another location or outcome).
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use safer_trends::ingest::read_file;
use safer_trends::model::Format;
use safer_trends::model::{Dataset, Month};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Data-row counts by file name, from the provenance list.
fn published_row_counts() -> BTreeMap<String, u64> {
    let sources = std::fs::read_to_string(root().join("tests/data/SOURCES.md")).unwrap();
    let mut counts = BTreeMap::new();
    for line in sources.lines().filter(|l| l.starts_with("- `")) {
        let path = line.split('`').nth(1).unwrap();
        let rows = line
            .split(" data rows")
            .next()
            .and_then(|head| head.rsplit(' ').next())
            .and_then(|n| n.parse().ok());
        if let Some(rows) = rows {
            counts.insert(path.to_owned(), rows);
        }
    }
    counts
}

#[derive(serde::Deserialize)]
struct Row {
    #[serde(rename = "Crime ID")]
    crime_id: String,
    #[serde(rename = "Month")]
    month: String,
    #[serde(rename = "Crime type")]
    crime_type: String,
}

/// Counts by (month, crime type), a repeated Crime ID counted at its first row, and how many
/// rows repeated an ID.
fn counts_by_serde(path: &Path) -> (BTreeMap<(String, String), u64>, u64) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let mut counts = BTreeMap::new();
    let mut seen = std::collections::HashSet::new();
    let mut repeats = 0;
    for row in reader.deserialize::<Row>() {
        let row = row.unwrap();
        if !row.crime_id.is_empty() && !seen.insert((row.month.clone(), row.crime_id.clone())) {
            repeats += 1;
            continue;
        }
        *counts.entry((row.month, row.crime_type)).or_default() += 1;
    }
    (counts, repeats)
}

fn street_files() -> Vec<(String, PathBuf)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(root().join("assets/sample")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.push((format!("police-street/{name}"), path));
        }
    }
    for name in [
        "2020-04-city-of-london-street.csv",
        "2010-12-metropolitan-street.csv",
        "first-publication-2023-03/2023-01-city-of-london-street.csv",
    ] {
        files.push((
            format!("police-street/{name}"),
            root().join("tests/data/police-street").join(name),
        ));
    }
    files.sort();
    files
}

#[test]
fn every_real_street_file_loads_with_the_published_row_count_and_serde_counts() {
    let published = published_row_counts();
    let files = street_files();
    assert_eq!(files.len(), 15);
    for (key, path) in files {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        let file = read_file(&name, &bytes).unwrap();
        let expected_rows = published[&key];
        let (expected, repeats) = counts_by_serde(&path);
        assert_eq!(file.rows.read, expected_rows, "{key}: rows read");
        assert_eq!(
            (file.rows.used, file.rows.rejected, file.rows.duplicates),
            (expected_rows - repeats, 0, repeats),
            "{key}: every row of a real file is usable; a repeated Crime ID is a duplicate"
        );
        assert!(file.rows.balances());

        assert_eq!(file.format, Format::PoliceStreet, "{key}");
        let counts = file.street_counts().unwrap();
        let mut actual = BTreeMap::new();
        for month in counts.months() {
            for category in counts.categories() {
                let n = counts.count(month, category).unwrap();
                if n > 0 {
                    actual.insert((month.iso(), category.to_owned()), n);
                }
            }
        }
        assert_eq!(actual, expected, "{key}: counts by month and crime type");
    }
}

#[test]
fn the_twelve_2023_city_of_london_files_make_a_complete_year() {
    let mut data = Dataset::default();
    for (_, path) in street_files()
        .into_iter()
        .filter(|(k, _)| k.contains("/2023-") && !k.contains("first-publication"))
    {
        let bytes = std::fs::read(&path).unwrap();
        data.add(read_file(&path.file_name().unwrap().to_string_lossy(), &bytes).unwrap());
    }
    let table = data.table();
    assert_eq!(table.rows.len(), 12);
    assert_eq!(table.missing_months().count(), 0);
    assert_eq!(table.rows[0].month, Month::parse_iso("2023-01").unwrap());
    let published = published_row_counts();
    let expected_rows: u64 = published
        .iter()
        .filter(|(k, _)| k.starts_with("police-street/2023-"))
        .map(|(_, v)| v)
        .sum();
    let repeats: u64 = street_files()
        .iter()
        .filter(|(k, _)| k.contains("/2023-") && !k.contains("first-publication"))
        .map(|(_, path)| counts_by_serde(path).1)
        .sum();
    assert_eq!(
        repeats, 186,
        "the sample's repeated Crime IDs, counted in Python"
    );
    let table_total: u64 = table.rows.iter().filter_map(|r| r.total).sum();
    assert_eq!(table_total, expected_rows - repeats);
    assert_eq!(data.rows().read, expected_rows);
    assert_eq!(data.rows().used, table_total);
    assert_eq!(data.rows().duplicates, repeats);
    assert!(data.overlaps().is_empty());
    assert_eq!(
        data.publishers().into_iter().collect::<Vec<_>>(),
        ["City of London Police"]
    );
}

#[test]
fn pre_2011_months_without_crime_ids_still_count() {
    let path = root().join("tests/data/police-street/2010-12-metropolitan-street.csv");
    let file = read_file(
        "2010-12-metropolitan-street.csv",
        &std::fs::read(path).unwrap(),
    )
    .unwrap();
    let dec_2010 = Month::parse_iso("2010-12").unwrap();
    let counts = file.street_counts().unwrap();
    assert_eq!(counts.count(dec_2010, "Burglary"), Some(7897));
    assert_eq!(counts.categories().len(), 1);
}
