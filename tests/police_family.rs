//! The police.uk outcomes and stop-and-search readers, the LSOA-to-authority rule and the
//! crime-type crosswalk, checked against the real files in `tests/data` and `assets/sample`.
//!
//! Expected figures come from outside the readers: row counts from `tests/data/SOURCES.md`
//! (counted with Python's csv module when the files were collected) and counts by month and
//! category made here from the raw fields, with the UK summer-time dates for the years the
//! files cover written out by hand.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use csv::StringRecord;
use proptest::prelude::*;
use safer_trends::ingest::format::{HeaderIndex, ReaderOutput, RecordReader, RowUse};
use safer_trends::ingest::formats::{police_outcomes, police_stop_search};
use safer_trends::model::areas::local_authority_from_lsoa_name;
use safer_trends::model::crime_types::{changes_crossed, definition_changes};
use safer_trends::model::{Content, Format, Month, MonthlyCounts};

const OUTCOME_FILES: [&str; 2] = [
    "police-outcomes/2012-01-metropolitan-outcomes.csv",
    "police-outcomes/2023-01-city-of-london-outcomes.csv",
];

const STOP_SEARCH_FILES: [&str; 5] = [
    "police-stop-search/2015-04-metropolitan-stop-and-search.csv",
    "police-stop-search/2019-03-city-of-london-stop-and-search.csv",
    "police-stop-search/2020-04-city-of-london-stop-and-search.csv",
    "police-stop-search/2023-01-city-of-london-stop-and-search.csv",
    "police-stop-search/2024-08-metropolitan-stop-and-search.csv",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn m(year: u16, month: u8) -> Month {
    Month::new(year, month).unwrap()
}

/// Data-row counts by path under `tests/data`, from the provenance list.
fn published_row_counts() -> BTreeMap<String, usize> {
    let sources = std::fs::read_to_string(root().join("tests/data/SOURCES.md")).unwrap();
    sources
        .lines()
        .filter(|l| l.starts_with("- `"))
        .filter_map(|line| {
            let path = line.split('`').nth(1)?;
            let rows = line
                .split(" data rows")
                .next()?
                .rsplit(' ')
                .next()?
                .parse()
                .ok()?;
            Some((path.to_owned(), rows))
        })
        .collect()
}

/// The header and data rows of a CSV file, read with the csv crate.
fn read_csv(path: PathBuf) -> (Vec<String>, Vec<StringRecord>) {
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader.records().map(Result::unwrap).collect();
    (header, rows)
}

fn data_file(relative: &str) -> (Vec<String>, Vec<StringRecord>) {
    read_csv(root().join("tests/data").join(relative))
}

fn column(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap()
}

fn monthly_counts(output: ReaderOutput) -> MonthlyCounts {
    match output.content {
        Content::MonthlyCounts(counts) => counts,
        Content::Series(_) | Content::Street(_) => panic!("police.uk files are monthly counts"),
    }
}

/// Every (month, category) cell of some counts, for comparing with an independent count.
fn cells(counts: &MonthlyCounts) -> BTreeMap<(Month, String), u64> {
    let categories: Vec<String> = counts.categories().into_iter().map(str::to_owned).collect();
    counts
        .months()
        .flat_map(|month| {
            categories.iter().filter_map(move |c| {
                let n = counts.count(month, c).unwrap();
                (n > 0).then(|| ((month, c.clone()), n))
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Outcomes

struct OutcomesRead {
    used: usize,
    duplicates: usize,
    output: ReaderOutput,
}

fn read_outcomes(header: &[String], rows: &[StringRecord]) -> OutcomesRead {
    let mut reader = police_outcomes::recognise(&HeaderIndex::new(header)).unwrap();
    assert_eq!(reader.format(), Format::PoliceOutcomes);
    let (mut used, mut duplicates) = (0, 0);
    for row in rows {
        match reader.read_row(row) {
            Ok(RowUse::Used) => used += 1,
            Ok(RowUse::Duplicate) => duplicates += 1,
            Err(problem) => panic!("real row rejected: {problem:?} {row:?}"),
        }
    }
    OutcomesRead {
        used,
        duplicates,
        output: reader.finish(),
    }
}

#[test]
fn real_outcomes_files_count_by_month_and_outcome_once_per_crime() {
    let published = published_row_counts();
    // (data rows, repeated Crime ID + outcome rows, source), the repeats counted in Python.
    let expected = [
        (4476, 2423, "Metropolitan Police Service"),
        (575, 11, "City of London Police"),
    ];
    for (relative, (rows_expected, repeats, source)) in OUTCOME_FILES.iter().zip(expected) {
        let (header, rows) = data_file(relative);
        assert_eq!(rows.len(), published[*relative], "{relative}");
        assert_eq!(rows.len(), rows_expected, "{relative}");

        let (id, month, outcome) = (
            column(&header, "Crime ID"),
            column(&header, "Month"),
            column(&header, "Outcome type"),
        );
        let mut independent: BTreeMap<(Month, String), u64> = BTreeMap::new();
        let mut seen = BTreeSet::new();
        for row in &rows {
            if seen.insert((row[id].to_owned(), row[outcome].to_owned())) {
                let key = (
                    Month::parse_iso(&row[month]).unwrap(),
                    row[outcome].to_owned(),
                );
                *independent.entry(key).or_default() += 1;
            }
        }

        let read = read_outcomes(&header, &rows);
        assert_eq!(read.duplicates, repeats, "{relative}");
        assert_eq!(read.used + read.duplicates, rows.len(), "{relative}");
        assert_eq!(read.used, seen.len(), "{relative}");
        assert_eq!(read.output.sources, BTreeSet::from([source.to_owned()]));
        assert_eq!(
            cells(&monthly_counts(read.output)),
            independent,
            "{relative}"
        );
    }
}

#[test]
fn no_location_outcome_rows_are_used() {
    let (header, rows) = data_file(OUTCOME_FILES[1]);
    let location = column(&header, "Location");
    let no_location: Vec<StringRecord> = rows
        .into_iter()
        .filter(|r| &r[location] == "No location")
        .collect();
    assert_eq!(no_location.len(), 25);
    for row in &no_location {
        for name in ["Longitude", "Latitude", "LSOA code", "LSOA name"] {
            assert_eq!(
                &row[column(&header, name)],
                "",
                "{name} of a No location row"
            );
        }
    }
    let read = read_outcomes(&header, &no_location);
    assert_eq!(read.used + read.duplicates, 25);
    assert_eq!(read.used, 25);
    assert_eq!(monthly_counts(read.output).total(m(2023, 1)), Some(25));
}

// ---------------------------------------------------------------------------------------
// Stop and search

/// The first UTC instant of British Summer Time and the first UTC instant after it, for
/// the years the real files cover: 01:00 UTC on the last Sundays of March and October.
fn bst_bounds(year: &str) -> (&'static str, &'static str) {
    match year {
        "2015" => ("2015-03-29T01:00:00", "2015-10-25T01:00:00"),
        "2019" => ("2019-03-31T01:00:00", "2019-10-27T01:00:00"),
        "2020" => ("2020-03-29T01:00:00", "2020-10-25T01:00:00"),
        "2023" => ("2023-03-26T01:00:00", "2023-10-29T01:00:00"),
        "2024" => ("2024-03-31T01:00:00", "2024-10-27T01:00:00"),
        other => panic!("no summer-time dates written down for {other}"),
    }
}

/// The UK month of a police.uk `+00:00` date-time, worked out independently of the crate:
/// in summer time 23:xx UTC on the last day of a month is already the next month in the UK.
fn uk_month_by_hand(date: &str) -> Month {
    let (utc, offset) = date.split_at(19);
    assert_eq!(offset, "+00:00", "the real files write UTC: {date}");
    let (start, end) = bst_bounds(&utc[..4]);
    let year: u16 = utc[..4].parse().unwrap();
    let month: u8 = utc[5..7].parse().unwrap();
    let day: u8 = utc[8..10].parse().unwrap();
    let in_summer_time = start <= utc && utc < end;
    let last_day = safer_trends::model::days_in_month(year, month);
    if in_summer_time && &utc[11..13] == "23" && day == last_day {
        m(year, month).succ().unwrap()
    } else {
        m(year, month)
    }
}

fn stop_search_reader(header: &[String]) -> Box<dyn RecordReader> {
    let reader = police_stop_search::recognise(&HeaderIndex::new(header)).unwrap();
    assert_eq!(reader.format(), Format::PoliceStopSearch);
    reader
}

/// The month in a police.uk file name, `2024-08-metropolitan-…` → 2024-08.
fn file_month(relative: &str) -> Month {
    let name = relative.rsplit('/').next().unwrap();
    Month::parse_iso(&name[..7]).unwrap()
}

#[test]
fn real_stop_search_files_count_by_uk_month_and_object() {
    let published = published_row_counts();
    for relative in STOP_SEARCH_FILES {
        let (header, rows) = data_file(relative);
        assert_eq!(rows.len(), published[relative], "{relative}");
        let (date, object) = (column(&header, "Date"), column(&header, "Object of search"));

        let mut independent: BTreeMap<(Month, String), u64> = BTreeMap::new();
        for row in &rows {
            let category = match &row[object] {
                "" => police_stop_search::OBJECT_NOT_RECORDED.to_owned(),
                o => o.to_owned(),
            };
            *independent
                .entry((uk_month_by_hand(&row[date]), category))
                .or_default() += 1;
        }

        let mut reader = stop_search_reader(&header);
        for row in &rows {
            assert_eq!(reader.read_row(row), Ok(RowUse::Used), "{relative} {row:?}");
        }
        let output = reader.finish();
        assert!(output.sources.is_empty());
        let counts = monthly_counts(output);
        assert_eq!(cells(&counts), independent, "{relative}");
        // police.uk files a search under its UK date, so every row is in the file's month.
        assert_eq!(counts.months().collect::<Vec<_>>(), [file_month(relative)]);
        assert_eq!(counts.total(file_month(relative)), Some(rows.len() as u64));
    }
}

#[test]
fn real_searches_just_before_midnight_utc_in_summer_time_are_in_the_next_uk_month() {
    // (file, UTC date prefix of the boundary rows, how many there are)
    for (relative, utc_day, boundary_rows) in [
        (STOP_SEARCH_FILES[0], "2015-03-31T23:", 9),
        (STOP_SEARCH_FILES[4], "2024-07-31T23:", 3),
    ] {
        let (header, rows) = data_file(relative);
        let date = column(&header, "Date");
        let boundary: Vec<StringRecord> = rows
            .into_iter()
            .filter(|r| r[date].starts_with(utc_day))
            .collect();
        assert_eq!(boundary.len(), boundary_rows, "{relative}");
        let mut reader = stop_search_reader(&header);
        for row in &boundary {
            reader.read_row(row).unwrap();
        }
        let counts = monthly_counts(reader.finish());
        assert_eq!(counts.months().collect::<Vec<_>>(), [file_month(relative)]);
        assert_eq!(
            counts.total(file_month(relative)),
            Some(boundary_rows as u64)
        );
    }
}

#[test]
fn constructed_boundary_searches_follow_uk_clocks() {
    let header: Vec<String> = police_stop_search::STOP_SEARCH_HEADER
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let row = |date: &str| {
        let mut fields = vec![""; header.len()];
        fields[0] = "Person search";
        fields[1] = date;
        fields[11] = "Controlled drugs";
        StringRecord::from(fields)
    };
    for (date, month) in [
        // BST midnight on 1 April 2023 (clocks went forward 26 March).
        ("2023-03-31T23:00:00+00:00", m(2023, 4)),
        ("2023-03-31T22:59:59+00:00", m(2023, 3)),
        // GMT in January: 23:30 UTC is 23:30 in the UK.
        ("2023-01-31T23:30:00+00:00", m(2023, 1)),
        // Clocks went back 29 October 2023, so 31 October is GMT.
        ("2023-10-31T23:30:00+00:00", m(2023, 10)),
        ("2023-09-30T23:30:00+00:00", m(2023, 10)),
        // The same instant written with its BST offset.
        ("2023-10-01T00:30:00+01:00", m(2023, 10)),
        ("2023-12-31T23:59:59Z", m(2023, 12)),
    ] {
        let mut reader = stop_search_reader(&header);
        reader.read_row(&row(date)).unwrap();
        let counts = monthly_counts(reader.finish());
        assert_eq!(counts.months().collect::<Vec<_>>(), [month], "{date}");
        assert_eq!(counts.count(month, "Controlled drugs"), Some(1), "{date}");
    }
}

#[test]
fn older_last_column_name_is_still_a_stop_search_file() {
    let mut header: Vec<String> = police_stop_search::STOP_SEARCH_HEADER
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    *header.last_mut().unwrap() = "Removal of person's clothing".to_owned();
    assert!(police_stop_search::recognise(&HeaderIndex::new(&header)).is_some());
    // Neither reader takes the other's files.
    let (outcomes_header, _) = data_file(OUTCOME_FILES[1]);
    assert!(police_stop_search::recognise(&HeaderIndex::new(&outcomes_header)).is_none());
    assert!(police_outcomes::recognise(&HeaderIndex::new(&header)).is_none());
}

// ---------------------------------------------------------------------------------------
// Areas

fn sample_street_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("assets/sample"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_lsoa_in_the_sample_street_files_has_a_local_authority() {
    let files = sample_street_files();
    assert_eq!(files.len(), 12);
    let mut authorities = BTreeSet::new();
    let (mut named, mut unnamed) = (0, 0);
    for path in files {
        let (header, rows) = read_csv(path);
        let lsoa = column(&header, "LSOA name");
        for row in &rows {
            match &row[lsoa] {
                "" => unnamed += 1,
                name => {
                    named += 1;
                    let authority = local_authority_from_lsoa_name(name)
                        .unwrap_or_else(|| panic!("no authority for {name:?}"));
                    authorities.insert(authority.to_owned());
                }
            }
        }
    }
    // Counted with Python's csv module: 9,298 rows, 797 with no LSOA (No location).
    assert_eq!((named, unnamed), (8501, 797));
    let expected = [
        "Camden",
        "City of London",
        "Hackney",
        "Haringey",
        "Islington",
        "Lambeth",
        "Newham",
        "Redbridge",
        "Southwark",
        "Tower Hamlets",
        "Waltham Forest",
        "Westminster",
    ];
    assert_eq!(
        authorities,
        expected.iter().map(|s| (*s).to_owned()).collect()
    );
}

#[test]
fn outcomes_lsoa_names_map_to_authorities_and_no_location_to_none() {
    let (header, rows) = data_file(OUTCOME_FILES[0]);
    let lsoa = column(&header, "LSOA name");
    let mut counts: HashMap<String, usize> = HashMap::new();
    for row in &rows {
        let authority = local_authority_from_lsoa_name(&row[lsoa]).unwrap();
        *counts.entry(authority.to_owned()).or_default() += 1;
    }
    assert!(counts.contains_key("Kensington and Chelsea"));
    assert!(counts.contains_key("Southwark"));
    assert_eq!(counts.values().sum::<usize>(), rows.len());
    assert_eq!(local_authority_from_lsoa_name(""), None);
}

// ---------------------------------------------------------------------------------------
// Crime-type crosswalk

#[test]
fn crosswalk_flags_series_that_cross_a_definition_change() {
    let months = |first: Month, last: Month| first.through(last).collect::<Vec<_>>();
    let crossed = |crime_type: &str, first: Month, last: Month| {
        changes_crossed(crime_type, months(first, last))
            .into_iter()
            .map(|c| c.month)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        crossed("Violent crime", m(2012, 1), m(2014, 12)),
        [m(2013, 5)]
    );
    assert_eq!(
        crossed("Violence and sexual offences", m(2013, 1), m(2013, 12)),
        [m(2013, 5)]
    );
    assert_eq!(
        crossed("Public disorder and weapons", m(2014, 1), m(2014, 6)),
        [m(2014, 5)]
    );
    assert_eq!(
        crossed("possession of weapons", m(2014, 4), m(2014, 5)),
        [m(2014, 5)]
    );
    assert_eq!(crossed("Public order", m(2014, 5), m(2023, 12)), []);
    assert_eq!(
        crossed("Other theft", m(2011, 1), m(2014, 1)),
        [m(2011, 9), m(2013, 5)]
    );
    assert_eq!(
        crossed("Bicycle theft", m(2013, 4), m(2013, 5)),
        [m(2013, 5)]
    );
    assert_eq!(crossed("Theft from the person", m(2013, 5), m(2020, 1)), []);
    assert_eq!(
        crossed("Other crime", m(2010, 12), m(2023, 12)),
        [m(2011, 9), m(2013, 5)]
    );
    assert_eq!(crossed("Burglary", m(2010, 12), m(2023, 12)), []);
    // Months present need not be contiguous or ordered: 2012 and 2020 only still cross.
    let gap = changes_crossed("Violent crime", [m(2020, 4), m(2012, 1)]);
    assert_eq!(gap.len(), 1);
    assert!(gap[0].note.contains("May 2013"));
    assert_eq!(gap[0].from, ["Violent crime", "Other crime"]);
    assert_eq!(gap[0].to, ["Violence and sexual offences", "Other crime"]);
}

#[test]
fn real_street_categories_since_2020_cross_no_change() {
    let mut months_by_type: BTreeMap<String, BTreeSet<Month>> = BTreeMap::new();
    let mut files: Vec<PathBuf> =
        vec![root().join("tests/data/police-street/2020-04-city-of-london-street.csv")];
    files.extend(sample_street_files());
    for path in files {
        let (header, rows) = read_csv(path);
        let (month, crime_type) = (column(&header, "Month"), column(&header, "Crime type"));
        for row in &rows {
            months_by_type
                .entry(row[crime_type].to_owned())
                .or_default()
                .insert(Month::parse_iso(&row[month]).unwrap());
        }
    }
    assert_eq!(months_by_type.len(), 14);
    for (crime_type, months) in &months_by_type {
        assert!(
            changes_crossed(crime_type, months.iter().copied()).is_empty(),
            "{crime_type}"
        );
    }
    // Every current category is named in the crosswalk's table or was never changed.
    let named: BTreeSet<&str> = definition_changes()
        .iter()
        .flat_map(|c| c.to.iter().copied())
        .collect();
    let unchanged = [
        "Anti-social behaviour",
        "Burglary",
        "Robbery",
        "Vehicle crime",
    ];
    for crime_type in months_by_type.keys() {
        assert!(
            named.contains(crime_type.as_str())
                || unchanged.contains(&crime_type.as_str())
                || crime_type == "Violence and sexual offences",
            "{crime_type}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Robustness

proptest! {
    #[test]
    fn arbitrary_fields_never_panic(
        fields in proptest::collection::vec("\\PC{0,30}", 0..18),
        date in "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}",
    ) {
        let outcomes_header: Vec<&str> = police_outcomes::OUTCOMES_HEADER.to_vec();
        let stop_header: Vec<&str> = police_stop_search::STOP_SEARCH_HEADER.to_vec();
        let mut outcomes = police_outcomes::recognise(&HeaderIndex::new(&outcomes_header)).unwrap();
        let mut stops = police_stop_search::recognise(&HeaderIndex::new(&stop_header)).unwrap();
        let record = StringRecord::from(fields.clone());
        let _ = outcomes.read_row(&record);
        let _ = stops.read_row(&record);
        let mut with_date = fields;
        with_date.resize(12, String::new());
        with_date[1] = date;
        let _ = stops.read_row(&StringRecord::from(with_date));
        let _ = outcomes.finish();
        let _ = stops.finish();
    }
}
