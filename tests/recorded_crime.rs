//! Every real recorded crime file the project ships loads through its reader with the
//! figures the file holds.
//!
//! Expectations are independent of the reader: data-row counts come from
//! `tests/data/SOURCES.md`, and totals are summed here straight from the csv records.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::PathBuf;

use csv::StringRecord;
use proptest::prelude::*;
use safer_trends::ingest::format::{HeaderIndex, RecordReader, RowUse};
use safer_trends::ingest::formats::recorded_crime::{
    is_unassigned, period_from_file_name, recognise, recognise_with_period,
};
use safer_trends::model::{Content, Format, MissingReason, Month, Period, SeriesSet};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// Data-row counts by path, from the provenance list.
fn published_rows(path: &str) -> u64 {
    let sources = std::fs::read_to_string(root().join("SOURCES.md")).unwrap();
    let line = sources
        .lines()
        .find(|l| l.starts_with(&format!("- `{path}`")))
        .unwrap_or_else(|| panic!("{path} not in SOURCES.md"));
    line.split(" data rows")
        .next()
        .and_then(|head| head.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap()
}

fn records(path: &str) -> (StringRecord, Vec<StringRecord>) {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_path(root().join(path))
        .unwrap();
    let header = reader.headers().unwrap().clone();
    let rows = reader.records().map(Result::unwrap).collect();
    (header, rows)
}

/// What one file turned into, with every row accounted for.
struct Loaded {
    format: Format,
    set: SeriesSet,
    header: StringRecord,
    rows: Vec<StringRecord>,
    /// (1-based line, column, reason) of each rejected row.
    rejected: Vec<(usize, Option<usize>, String)>,
}

fn load(path: &str, period: Option<Period>) -> Loaded {
    let (header, rows) = records(path);
    let index = HeaderIndex::new(&header.iter().collect::<Vec<_>>());
    let mut reader: Box<dyn RecordReader> = match period {
        Some(period) => recognise_with_period(&index, period),
        None => recognise(&index),
    }
    .unwrap_or_else(|| panic!("{path}: header not recognised"));
    let format = reader.format();
    let (mut used, mut duplicate, mut rejected) = (0u64, 0u64, Vec::new());
    for (line, row) in rows.iter().enumerate() {
        match reader.read_row(row) {
            Ok(RowUse::Used) => used += 1,
            Ok(RowUse::Duplicate) => duplicate += 1,
            Err(problem) => rejected.push((line + 2, problem.column, problem.reason)),
        }
    }
    assert_eq!(rows.len() as u64, published_rows(path), "{path}: row count");
    assert_eq!(used + duplicate + rejected.len() as u64, rows.len() as u64);
    assert_eq!(duplicate, 0, "{path}: duplicates");
    let Content::Series(set) = reader.finish().content else {
        panic!("{path}: expected series");
    };
    Loaded {
        format,
        set,
        header,
        rows,
        rejected,
    }
}

/// Like [`load`], for files where every row must be used.
fn load_all(path: &str, period: Option<Period>) -> Loaded {
    let loaded = load(path, period);
    assert!(
        loaded.rejected.is_empty(),
        "{path}: rejected {:?}",
        loaded.rejected
    );
    loaded
}

/// The sum of every present figure for areas named `area` in `period`.
fn area_total(set: &SeriesSet, area: &str, period: Period) -> f64 {
    set.series()
        .filter(|(key, _)| key.area.name == area)
        .filter_map(|(_, points)| points.get(&period).and_then(|f| f.value))
        .sum()
}

fn column(header: &StringRecord, name: &str) -> usize {
    header.iter().position(|h| h.trim() == name).unwrap()
}

fn cell(row: &StringRecord, column: usize) -> f64 {
    row.get(column).unwrap().trim().parse().unwrap()
}

const MET_BOROUGH_FILES: [&str; 4] = [
    "london-mps-borough/MPS_Borough_Level_Crime_Historic.csv",
    "london-mps-borough/IanDixon29/MPS Borough Level Crime (most recent 24 months).csv",
    "london-mps-borough/RuSaBin/MPS Borough Level Crime (most recent 24 months).csv",
    "london-mps-borough/JDevs-py/MPS Borough Level Crime (most recent 24 months).csv",
];

#[test]
fn met_borough_files_in_every_header_variant() {
    for path in MET_BOROUGH_FILES {
        let loaded = load_all(path, None);
        assert_eq!(loaded.format, Format::RecordedCrimeWide, "{path}");
        let borough = ["Borough", "LookUp_BoroughName", "BoroughName"]
            .iter()
            .find_map(|n| loaded.header.iter().position(|h| h == *n))
            .unwrap();
        let months: Vec<usize> = (0..loaded.header.len())
            .filter(|&c| loaded.header[c].len() == 6 && loaded.header[c].parse::<u32>().is_ok())
            .collect();
        // Every cell is a figure: rows × month columns, and the grand total matches.
        assert_eq!(
            loaded.set.figures(),
            loaded.rows.len() * months.len(),
            "{path}"
        );
        let raw_total: f64 = loaded
            .rows
            .iter()
            .flat_map(|r| months.iter().map(|&c| cell(r, c)))
            .sum();
        let read_total: f64 = loaded
            .set
            .series()
            .flat_map(|(_, p)| p.values().filter_map(|f| f.value))
            .sum();
        assert_eq!(read_total, raw_total, "{path}");
        // One borough's first month, summed from the raw rows.
        let first = &loaded.rows[0][borough];
        let month_column = months[0];
        let header_month = &loaded.header[month_column];
        let period = Period::month(
            header_month[..4].parse().unwrap(),
            header_month[4..].parse().unwrap(),
        )
        .unwrap();
        let expected: f64 = loaded
            .rows
            .iter()
            .filter(|r| &r[borough] == first)
            .map(|r| cell(r, month_column))
            .sum();
        assert!(expected > 0.0);
        assert_eq!(area_total(&loaded.set, first, period), expected, "{path}");
    }
}

#[test]
fn met_borough_figures_by_hand() {
    let loaded = load_all(MET_BOROUGH_FILES[2], None);
    // Barking and Dagenham, Burglary - Residential, January 2017 (second data row).
    let key = loaded
        .set
        .series()
        .find(|(k, _)| {
            k.area.name == "Barking and Dagenham"
                && k.measure == "Burglary > Burglary - Residential"
        })
        .unwrap();
    let jan = Period::month(2017, 1).unwrap();
    assert_eq!(key.1[&jan].value, Some(118.0));
}

#[test]
fn met_ward_file_uses_ward_codes() {
    let path = "london-mps-ward/MPS Ward Level Crime (most recent 24 months).csv";
    let loaded = load_all(path, None);
    let code = column(&loaded.header, "WardCode");
    let jan = column(&loaded.header, "202401");
    let expected: f64 = loaded
        .rows
        .iter()
        .filter(|r| &r[code] == "E05013570")
        .map(|r| cell(r, jan))
        .sum();
    let read: f64 = loaded
        .set
        .series()
        .filter(|(k, _)| k.area.code.as_deref() == Some("E05013570"))
        .filter_map(|(_, p)| p[&Period::month(2024, 1).unwrap()].value)
        .sum();
    assert_eq!(read, expected);
    assert!(expected > 0.0);
    assert_eq!(loaded.set.figures(), loaded.rows.len() * 24);
    let wards: std::collections::BTreeSet<&str> = loaded.rows.iter().map(|r| &r[code]).collect();
    assert_eq!(loaded.set.areas().len(), wards.len());
}

#[test]
fn home_office_pfa_rolling_years() {
    let path = "home-office-csp/rec-crime-pfa.csv";
    let loaded = load(path, None);
    assert_eq!(loaded.format, Format::RecordedCrimeLong);
    // The file publishes 25 negative rolling totals (net adjustments for fraud and
    // death-by-driving); those rows, and only those, are rejected with the reason.
    let negative: Vec<usize> = (0..loaded.rows.len())
        .filter(|&i| loaded.rows[i][4].starts_with('-'))
        .map(|i| i + 2)
        .collect();
    assert_eq!(negative.len(), 25);
    let rejected_lines: Vec<usize> = loaded.rejected.iter().map(|r| r.0).collect();
    assert_eq!(rejected_lines, negative);
    assert!(
        loaded
            .rejected
            .iter()
            .all(|(_, column, reason)| *column == Some(4) && reason.contains("negative"))
    );
    assert_eq!(loaded.set.figures(), loaded.rows.len() - 25);
    // Cleveland, 12 months ending December 2018 (the file writes 31-12-2018), all offences.
    let expected: f64 = loaded
        .rows
        .iter()
        .filter(|r| &r[0] == "31-12-2018" && &r[1] == "Cleveland" && !r[4].starts_with('-'))
        .map(|r| cell(r, 4))
        .sum();
    let period = Period::rolling12_ending(Month::new(2018, 12).unwrap()).unwrap();
    assert!(expected > 0.0);
    assert_eq!(area_total(&loaded.set, "Cleveland", period), expected);
    // Quarters written 30-12-2017 still end in December.
    let dec_2017 = Period::rolling12_ending(Month::new(2017, 12).unwrap()).unwrap();
    assert!(area_total(&loaded.set, "Cleveland", dec_2017) > 0.0);
    // Non-force rows are areas of their own.
    for name in [
        "Action Fraud",
        "British Transport Police",
        "CIFAS",
        "UK Finance",
    ] {
        assert!(loaded.set.areas().iter().any(|a| a.name == name), "{name}");
    }
    // One period per month-and-year the dates name (`30-12-2017` and `31-12-2017` alike).
    let months: std::collections::BTreeSet<&str> = loaded.rows.iter().map(|r| &r[0][3..]).collect();
    assert_eq!(loaded.set.periods().len(), months.len());
}

#[test]
fn ons_force_tables_need_their_period_and_read_every_offence() {
    for (path, year) in [
        ("home-office-csp/lineChart2021.csv", 2021),
        ("home-office-csp/lineChart2022.csv", 2022),
    ] {
        let index = HeaderIndex::new(&records(path).0.iter().collect::<Vec<_>>());
        assert!(recognise(&index).is_none(), "{path}: no period in the file");
        assert_eq!(period_from_file_name(path), None);
        // The file name gives only a year; the test states that year as the period.
        let period = Period::calendar_year(year).unwrap();
        let loaded = load_all(path, Some(period));
        assert_eq!(loaded.format, Format::RecordedCrimeWide);
        assert_eq!(loaded.set.figures(), loaded.rows.len() * 10);
        // Areas are forces with codes: "Territory", not "Area" (the country).
        let cleveland = loaded
            .set
            .series()
            .filter(|(k, _)| k.area.name == "Cleveland")
            .inspect(|(k, _)| assert_eq!(k.area.code.as_deref(), Some("E23000013")))
            .count();
        assert_eq!(cleveland, 10);
        let total = loaded
            .set
            .measures()
            .into_iter()
            .find(|m| m.starts_with("Total recorded crime"))
            .unwrap()
            .to_owned();
        let total_column = 4;
        for row in &loaded.rows {
            let read = loaded
                .set
                .series()
                .find(|(k, _)| k.area.name == row[3].trim() && k.measure == total)
                .unwrap()
                .1[&period]
                .value;
            assert_eq!(read, Some(cell(row, total_column)), "{path} {}", &row[3]);
        }
    }
}

#[test]
fn both_years_of_the_force_table_share_measure_names() {
    let read = |path: &str, year| {
        load_all(path, Some(Period::calendar_year(year).unwrap()))
            .set
            .measures()
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let measures = read("home-office-csp/lineChart2021.csv", 2021);
    assert_eq!(measures, read("home-office-csp/lineChart2022.csv", 2022));
    assert!(measures.contains(&"Total recorded crime (excluding fraud)".to_owned()));
}

#[test]
fn ons_csp_table_keeps_unassigned_areas_and_empty_cells_missing() {
    let path = "home-office-csp/bubbleChartData.csv";
    let source = "policeforceareatablesyedecember2024.xlsx";
    let period = period_from_file_name(source).unwrap();
    let loaded = load_all(path, Some(period));
    assert_eq!(loaded.set.figures(), loaded.rows.len() * 16);
    let unassigned_rows = loaded
        .rows
        .iter()
        .filter(|r| r[2].trim().to_lowercase().starts_with("unassigned"))
        .count();
    let unassigned_areas = loaded
        .set
        .areas()
        .into_iter()
        .filter(|a| is_unassigned(a))
        .count();
    assert!(unassigned_rows > 0);
    assert_eq!(unassigned_areas, unassigned_rows);
    for name in ["Unassigned Gwent", "unassigned Surrey"] {
        let figures: Vec<_> = loaded
            .set
            .series()
            .filter(|(k, _)| k.area.name == name)
            .map(|(_, p)| p[&period].clone())
            .collect();
        assert_eq!(figures.len(), 16, "{name}");
        assert!(
            figures
                .iter()
                .all(|f| f.value.is_none() && f.missing == Some(MissingReason::Empty))
        );
    }
    // Surrey's CSPs, total recorded crime, summed from the raw rows.
    let expected: f64 = loaded
        .rows
        .iter()
        .filter(|r| r[1].trim() == "Surrey" && !r[3].trim().is_empty())
        .map(|r| cell(r, 3))
        .sum();
    let read: f64 = loaded
        .rows
        .iter()
        .filter(|r| r[1].trim() == "Surrey")
        .filter_map(|r| {
            loaded
                .set
                .series()
                .find(|(k, _)| k.area.name == r[2].trim() && k.measure == "Total recorded crime")
                .and_then(|(_, p)| p[&period].value)
        })
        .sum();
    assert!(expected > 0.0);
    assert_eq!(read, expected);
    let bristol = loaded
        .set
        .series()
        .find(|(k, _)| k.area.name == "Bristol, City of" && k.measure == "Shoplifting")
        .unwrap();
    assert_eq!(bristol.1[&period].value, Some(6641.0));
}

#[test]
fn unrelated_headers_are_not_recorded_crime() {
    let period = Period::calendar_year(2024).unwrap();
    for header in [
        vec!["Crime ID", "Month", "Reported by"],
        vec!["period", "area_code", "area_name", "all_ages"],
        vec!["Borough", "Major Category", "Minor Category"],
    ] {
        assert!(recognise_with_period(&HeaderIndex::new(&header), period).is_none());
    }
}

fn any_row() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(
        prop_oneof![
            any::<String>(),
            "[0-9,.\\-\\[\\]cx*: ]{0,8}",
            Just("31-03-2003".to_owned()),
            Just("2017/18".to_owned()),
        ],
        0..20,
    )
}

proptest! {
    #[test]
    fn arbitrary_fields_never_panic(rows in proptest::collection::vec(any_row(), 1..8)) {
        let period = Period::calendar_year(2024).unwrap();
        let headers: [&[&str]; 5] = [
            &["12 months ending", "PFA", "Region", "Offence", "Rolling year total number of offences"],
            &["Financial Year", "Financial Quarter", "Force Name", "CSP Name", "Offence Description",
              "Offence Group", "Offence Subgroup", "Offence Code", "Number of Offences"],
            &["MajorText", "MinorText", "WardName", "WardCode", "LookUp_BoroughName", "202401", "202402"],
            &["Region Name", "Police Force Area name", "Community Safety Partnership name",
              "Total Recorded Crime", "Robbery"],
            &["Area code", "Area", "Region", "Territory", "Robbery"],
        ];
        for header in headers {
            let mut reader = recognise_with_period(&HeaderIndex::new(header), period).unwrap();
            for row in &rows {
                let _ = reader.read_row(&StringRecord::from(row.clone()));
            }
            let _ = reader.finish();
        }
    }
}
