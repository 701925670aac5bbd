//! The real mid-year population files load as populations, with totals summed here straight
//! from the csv records and row counts from `tests/data/SOURCES.md`.
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
use safer_trends::ingest::format::{HeaderIndex, RowUse};
use safer_trends::ingest::formats::population::{ALL_AGES, recognise};
use safer_trends::model::{Content, Format, Period, SeriesKey, SeriesSet};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

fn published_rows(path: &str) -> usize {
    let sources = std::fs::read_to_string(root().join("SOURCES.md")).unwrap();
    let line = sources
        .lines()
        .find(|l| l.starts_with(&format!("- `{path}`")))
        .unwrap();
    line.split(" data rows")
        .next()
        .and_then(|head| head.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap()
}

/// Reads a file through the population reader; every row must be used.
fn load(path: &str) -> (SeriesSet, StringRecord, Vec<StringRecord>) {
    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_path(root().join(path))
        .unwrap();
    let header = csv.headers().unwrap().clone();
    let rows: Vec<StringRecord> = csv.records().map(Result::unwrap).collect();
    let mut reader = recognise(&HeaderIndex::new(&header.iter().collect::<Vec<_>>()))
        .unwrap_or_else(|| panic!("{path}: not recognised"));
    assert_eq!(reader.format(), Format::Population);
    assert_eq!(rows.len(), published_rows(path), "{path}");
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(
            reader.read_row(row),
            Ok(RowUse::Used),
            "{path} line {}",
            i + 2
        );
    }
    let Content::Series(set) = reader.finish().content else {
        panic!("expected series");
    };
    (set, header, rows)
}

fn column(header: &StringRecord, name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap()
}

/// Sum of present values of `measure` over all areas, for one breakdown.
fn sum(set: &SeriesSet, measure: &str, sex: Option<&str>, period: Period) -> f64 {
    set.series()
        .filter(|(k, _)| {
            k.measure == measure && k.breakdown.as_ref().map(|(_, s)| s.as_str()) == sex
        })
        .filter_map(|(_, p)| p.get(&period).and_then(|f| f.value))
        .sum()
}

fn raw_sum(rows: &[StringRecord], keep: impl Fn(&StringRecord) -> bool, value: usize) -> f64 {
    rows.iter()
        .filter(|r| keep(r))
        .map(|r| r[value].trim().parse::<f64>().unwrap())
        .sum()
}

#[test]
fn council_files_local_authority_and_lsoa() {
    let year = Period::calendar_year(2024).unwrap();
    for (path, areas) in [
        (
            "council-tidy/mid-year_2024_population_estimates_local_authority.csv",
            1,
        ),
        (
            "council-tidy/mid-year_2024_population_estimates_lsoa.csv",
            139,
        ),
    ] {
        let (set, header, rows) = load(path);
        let sex = column(&header, "sex");
        let all = column(&header, "all_ages");
        assert_eq!(set.areas().len(), areas, "{path}");
        assert_eq!(set.periods().into_iter().collect::<Vec<_>>(), [year]);
        for (label, breakdown) in [
            ("Persons", None),
            ("Females", Some("Females")),
            ("Males", Some("Males")),
        ] {
            let expected = raw_sum(&rows, |r| &r[sex] == label, all);
            assert_eq!(
                sum(&set, ALL_AGES, breakdown, year),
                expected,
                "{path} {label}"
            );
        }
        // Four bands per row, single years of age left out.
        assert_eq!(set.figures(), rows.len() * 4);
        let persons = sum(&set, ALL_AGES, None, year);
        let split =
            sum(&set, ALL_AGES, Some("Females"), year) + sum(&set, ALL_AGES, Some("Males"), year);
        assert_eq!(persons, split, "{path}");
    }
    let (set, _, _) = load("council-tidy/mid-year_2024_population_estimates_local_authority.csv");
    let trafford = SeriesKey {
        area: safer_trends::model::Area {
            code: Some("E08000009".into()),
            name: "Trafford".into(),
        },
        measure: ALL_AGES.into(),
        breakdown: None,
    };
    assert_eq!(set.get(&trafford, &year).unwrap().value, Some(241_025.0));
}

#[test]
fn nomis_output_area_export() {
    let path = "other/nomis-oa-population-2018/data.csv";
    let (set, header, rows) = load(path);
    let year = Period::calendar_year(2018).unwrap();
    let sex = column(&header, "GENDER_NAME");
    let age = column(&header, "C_AGE_NAME");
    let value = column(&header, "OBS_VALUE");
    assert_eq!(set.figures(), rows.len());
    let expected = raw_sum(
        &rows,
        |r| &r[sex] == "Total" && &r[age] == "All Ages",
        value,
    );
    assert!(expected > 0.0);
    assert_eq!(sum(&set, ALL_AGES, None, year), expected);
    let females = raw_sum(
        &rows,
        |r| &r[sex] == "Female" && &r[age] == "Aged 65+",
        value,
    );
    assert_eq!(
        sum(&set, "Population, aged 65+", Some("Female"), year),
        females
    );
    let areas: std::collections::BTreeSet<&str> = rows
        .iter()
        .map(|r| &r[column(&header, "GEOGRAPHY_CODE")])
        .collect();
    assert_eq!(set.areas().len(), areas.len());
    // Every flag is "A"/"F" (normal, free), so no figure carries a note.
    assert!(
        set.series()
            .all(|(_, p)| p.values().all(|f| f.note.is_none()))
    );
}

proptest! {
    #[test]
    fn arbitrary_fields_never_panic(rows in proptest::collection::vec(
        proptest::collection::vec(any::<String>(), 0..12), 1..8)) {
        let headers: [&[&str]; 2] = [
            &["period", "area_code", "area_name", "geography", "sex", "all_ages", "aged_0_to_15"],
            &["DATE_NAME", "GEOGRAPHY_NAME", "GEOGRAPHY_CODE", "GENDER_NAME", "C_AGE_NAME",
              "MEASURES_NAME", "OBS_VALUE", "OBS_STATUS", "OBS_STATUS_NAME", "OBS_CONF"],
        ];
        for header in headers {
            let mut reader = recognise(&HeaderIndex::new(header)).unwrap();
            for row in &rows {
                let _ = reader.read_row(&StringRecord::from(row.clone()));
            }
            let _ = reader.finish();
        }
    }
}
