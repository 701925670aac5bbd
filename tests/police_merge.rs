//! Many police.uk street files at once: the same month loaded twice is counted once (by Crime
//! ID, the later publication winning; rows without an ID replaced as a whole month and force),
//! every row is still accounted for, a force-wide file can be cut to one local authority, and
//! the crime-type history flags trends across a definition change.
//!
//! Expected figures are made here from the raw CSV with the csv crate (or written out by hand
//! for the small files), never by the code under test; the proptest checks the merge against a
//! plain re-statement of the rule.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use safer_trends::ingest::read_file;
use safer_trends::model::crime_types::categories_in;
use safer_trends::model::street::NO_LOCATION;
use safer_trends::model::{CountTable, Dataset, LoadedFile, Month, RowAccount, TableChoice};

const HEADER: &str = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,\
                      LSOA code,LSOA name,Crime type,Last outcome category,Context\n";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample(month: &str) -> PathBuf {
    root().join(format!(
        "assets/sample/2023-{month}-city-of-london-street.csv"
    ))
}

fn m(s: &str) -> Month {
    Month::parse_iso(s).unwrap()
}

fn load(path: &Path, name: &str, modified_ms: Option<i64>) -> LoadedFile {
    let mut file = read_file(name, &std::fs::read(path).unwrap()).unwrap();
    file.modified_ms = modified_ms;
    file
}

fn refs(rows: &[String]) -> Vec<&str> {
    rows.iter().map(String::as_str).collect()
}

fn load_text(name: &str, rows: &[&str], modified_ms: Option<i64>) -> LoadedFile {
    let text = format!("{HEADER}{}\n", rows.join("\n"));
    let mut file = read_file(name, text.as_bytes()).unwrap();
    file.modified_ms = modified_ms;
    file
}

/// One street row: (Crime ID, month, force, LSOA name, crime type).
fn row(id: &str, month: &str, force: &str, lsoa: &str, crime_type: &str) -> String {
    format!("{id},{month},{force},{force},,,On or near X,,{lsoa},{crime_type},,")
}

/// A raw street row as the csv crate reads it.
#[derive(Debug, Clone, serde::Deserialize)]
struct Raw {
    #[serde(rename = "Crime ID")]
    id: String,
    #[serde(rename = "Month")]
    month: String,
    #[serde(rename = "LSOA name")]
    lsoa: String,
    #[serde(rename = "Crime type")]
    crime_type: String,
}

fn raw_rows(path: &Path) -> Vec<Raw> {
    csv::Reader::from_path(path)
        .unwrap()
        .deserialize()
        .map(Result::unwrap)
        .collect()
}

/// The rows that count: a repeated Crime ID counts at its first row.
fn first_of_each_id(rows: &[Raw]) -> Vec<Raw> {
    let mut seen = HashSet::new();
    rows.iter()
        .filter(|r| r.id.is_empty() || seen.insert((r.month.clone(), r.id.clone())))
        .cloned()
        .collect()
}

/// `Camden 027B` → `Camden`, written here independently of the app's rule.
fn authority(lsoa: &str) -> String {
    let bytes = lsoa.as_bytes();
    let n = bytes.len();
    let suffix = n >= 5
        && bytes[n - 5] == b' '
        && bytes[n - 4..n - 1].iter().all(u8::is_ascii_digit)
        && bytes[n - 1].is_ascii_uppercase();
    if lsoa.is_empty() {
        "No location".to_owned()
    } else if suffix {
        lsoa[..n - 5].to_owned()
    } else {
        "LSOA name not recognised".to_owned()
    }
}

/// (month, crime type) → count, for rows passing `keep`.
fn tally(rows: &[Raw], keep: impl Fn(&Raw) -> bool) -> BTreeMap<(String, String), u64> {
    let mut counts = BTreeMap::new();
    for r in rows.iter().filter(|r| keep(r)) {
        *counts
            .entry((r.month.clone(), r.crime_type.clone()))
            .or_default() += 1;
    }
    counts
}

/// The table's non-zero cells as (month, crime type) → count.
fn cells(table: &CountTable) -> BTreeMap<(String, String), u64> {
    let mut out = BTreeMap::new();
    for row in &table.rows {
        for (category, n) in table.categories.iter().zip(row.counts.iter().flatten()) {
            if *n > 0 {
                out.insert((row.month.iso(), category.clone()), *n);
            }
        }
    }
    out
}

fn covered_months(table: &CountTable) -> Vec<String> {
    table
        .rows
        .iter()
        .filter(|r| r.total.is_some())
        .map(|r| r.month.iso())
        .collect()
}

fn account(read: u64, used: u64, duplicates: u64) -> RowAccount {
    RowAccount {
        read,
        used,
        rejected: 0,
        duplicates,
    }
}

#[test]
fn the_same_month_loaded_twice_under_two_names_is_counted_once() {
    // April 2023 repeats 29 Crime IDs within the file, which makes the sums less trivial.
    let path = sample("04");
    let raw = raw_rows(&path);
    let kept = first_of_each_id(&raw);
    let (rows, repeats) = (raw.len() as u64, (raw.len() - kept.len()) as u64);
    assert_eq!(
        (rows, repeats),
        (738, 29),
        "counted in Python when collected"
    );

    let mut once = Dataset::default();
    once.add(load(&path, "2023-04.csv", None));
    let mut twice = Dataset::default();
    twice.add(load(&path, "2023-04.csv", None));
    twice.add(load(&path, "copy of 2023-04.csv", None));

    let expected = tally(&kept, |_| true);
    assert_eq!(cells(&once.table()), expected);
    assert_eq!(twice.table(), once.table(), "no double counting");
    // Equal times: the copy, loaded later, is the later publication; every row of the first
    // is then a duplicate (its own repeats and the rows the copy supersedes).
    let accounts = twice.accounts();
    assert_eq!(accounts[0].rows, account(rows, 0, rows));
    assert_eq!(
        (accounts[0].in_file, accounts[0].superseded),
        (repeats, rows - repeats)
    );
    assert_eq!(accounts[1].rows, account(rows, rows - repeats, repeats));
    assert_eq!(
        twice.rows(),
        account(2 * rows, rows - repeats, rows + repeats)
    );
    assert_eq!(
        twice.rows().duplicates - once.rows().duplicates,
        rows,
        "the duplicates added are exactly the copy's rows"
    );
    let overlaps = twice.overlaps();
    assert_eq!(overlaps.len(), 1);
    assert_eq!(overlaps[0].month, m("2023-04"));
    assert_eq!(overlaps[0].force, "City of London Police");
    assert_eq!(overlaps[0].files, [0, 1]);
    assert_eq!(overlaps[0].superseded, [rows - repeats]);
}

#[test]
fn a_whole_year_loaded_twice_equals_the_year_once() {
    let months = [
        "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12",
    ];
    let mut once = Dataset::default();
    let mut twice = Dataset::default();
    let mut rows = 0;
    for month in months {
        let file = load(&sample(month), &format!("{month}.csv"), Some(1_000));
        rows += file.rows.read;
        once.add(file.clone());
        twice.add(file);
    }
    for month in months {
        // Copies made later, as a second download would be.
        twice.add(load(
            &sample(month),
            &format!("copy-{month}.csv"),
            Some(2_000),
        ));
    }
    assert_eq!(rows, 9_298);
    assert_eq!(twice.table(), once.table());
    assert_eq!(twice.rows().duplicates - once.rows().duplicates, rows);
    assert_eq!(twice.rows().used, once.rows().used);
    assert!(twice.rows().balances());
    for (file, account) in twice.files().iter().zip(twice.accounts()) {
        if !file.name.starts_with("copy") {
            assert_eq!(account.rows.used, 0, "{} was superseded", file.name);
        }
    }
}

#[test]
fn the_first_publication_of_january_2023_is_replaced_by_the_republication() {
    let first = root().join(
        "tests/data/police-street/first-publication-2023-03/2023-01-city-of-london-street.csv",
    );
    let later = sample("01");
    // Loaded in the "wrong" order: the times decide, not the order.
    let mut data = Dataset::default();
    // 2023-12-01 and 2023-03-05, as milliseconds since 1970.
    data.add(load(&later, "republished.csv", Some(1_701_388_800_000)));
    data.add(load(&first, "first.csv", Some(1_677_974_400_000)));
    assert_eq!(data.publication_order(), [1, 0]);
    let expected = tally(&first_of_each_id(&raw_rows(&later)), |_| true);
    assert_eq!(cells(&data.table()), expected);
    let accounts = data.accounts();
    assert_eq!(accounts[1].rows, account(719, 0, 719));
    assert_eq!(accounts[0].rows, account(719, 719, 0));
}

#[test]
fn a_later_publication_with_a_reclassified_crime_wins_and_asb_is_replaced_whole() {
    let f = "Force A";
    let earlier = [
        row("a", "2023-01", f, "Camden 001A", "Other theft"),
        row("b", "2023-01", f, "Camden 001A", "Burglary"),
        row("", "2023-01", f, "Camden 001A", "Anti-social behaviour"),
        row("", "2023-01", f, "", "Anti-social behaviour"),
        // Another month and another force only the earlier file holds: kept whole.
        row("", "2023-02", f, "Camden 001A", "Anti-social behaviour"),
        row(
            "",
            "2023-01",
            "Force B",
            "Barnet 001A",
            "Anti-social behaviour",
        ),
    ];
    let later = [
        // The same crime, reclassified and placed elsewhere.
        row("a", "2023-01", f, "Islington 002B", "Shoplifting"),
        row("c", "2023-01", f, "Camden 001A", "Robbery"),
        row("", "2023-01", f, "Islington 002B", "Anti-social behaviour"),
    ];
    let mut data = Dataset::default();
    // The later publication is loaded first; its time makes it the later one.
    data.add(load_text("later.csv", &refs(&later), Some(2)));
    data.add(load_text("earlier.csv", &refs(&earlier), Some(1)));

    let table = data.table();
    let jan = &table.rows[0];
    let count = |name: &str| {
        let i = table.categories.iter().position(|c| c == name);
        i.map_or(0, |i| jan.counts.as_ref().unwrap()[i])
    };
    assert_eq!(
        (
            count("Shoplifting"),
            count("Other theft"),
            count("Burglary"),
            count("Robbery"),
            count("Anti-social behaviour"),
        ),
        // a as republished; b only in the earlier file; c new; ASB: Force A's one row from
        // the later file, Force B's from the earlier (no later file holds it).
        (1, 0, 1, 1, 2)
    );
    assert!(!table.categories.contains(&"Other theft".to_owned()));
    assert_eq!(
        table.rows[1].total,
        Some(1),
        "Feb 2023 from the earlier file"
    );

    let accounts = data.accounts();
    assert_eq!(
        accounts[1].rows,
        account(6, 3, 3),
        "earlier: a and two ASB rows"
    );
    assert_eq!(accounts[1].superseded, 3);
    assert_eq!(accounts[0].rows, account(3, 3, 0));

    // The crime moved area with its reclassification.
    let camden = data.area_table(&TableChoice {
        area: Some("Camden".into()),
        combine_renamed: false,
        lsoa: None,
    });
    assert_eq!(
        cells(&camden).values().sum::<u64>(),
        3,
        "b, c and Feb's ASB"
    );
    let islington = data.area_table(&TableChoice {
        area: Some("Islington".into()),
        combine_renamed: false,
        lsoa: None,
    });
    assert_eq!(
        cells(&islington),
        BTreeMap::from([
            (("2023-01".into(), "Anti-social behaviour".into()), 1),
            (("2023-01".into(), "Shoplifting".into()), 1),
        ])
    );
    // Islington's force covers January and February: February is a zero, not missing.
    assert_eq!(covered_months(&islington), ["2023-01", "2023-02"]);
    assert_eq!(islington.rows[1].total, Some(0));
}

#[test]
fn at_equal_times_the_file_loaded_later_wins() {
    let first = [row("a", "2023-01", "F", "Camden 001A", "Other theft")];
    let second = [row("a", "2023-01", "F", "Camden 001A", "Shoplifting")];
    for (order, winner) in [([0, 1], "Shoplifting"), ([1, 0], "Other theft")] {
        let files = [
            load_text("one.csv", &[first[0].as_str()], Some(5)),
            load_text("two.csv", &[second[0].as_str()], Some(5)),
        ];
        let mut data = Dataset::default();
        for i in order {
            data.add(files[i].clone());
        }
        assert_eq!(data.table().categories, [winner]);
    }
    // Loading a file of the same name again replaces it and makes it the latest.
    let mut data = Dataset::default();
    data.add(load_text("one.csv", &[first[0].as_str()], None));
    data.add(load_text("two.csv", &[second[0].as_str()], None));
    data.add(load_text("one.csv", &[first[0].as_str()], None));
    assert_eq!(data.files().len(), 2);
    assert_eq!(data.table().categories, ["Other theft"]);
}

#[test]
fn a_month_before_crime_ids_loaded_twice_is_replaced_as_a_whole() {
    let path = root().join("tests/data/police-street/2010-12-metropolitan-street.csv");
    let raw = raw_rows(&path);
    assert!(raw.iter().all(|r| r.id.is_empty()));
    let mut data = Dataset::default();
    data.add(load(&path, "a.csv", None));
    data.add(load(&path, "b.csv", None));
    let rows = raw.len() as u64;
    assert_eq!(data.table().rows[0].total, Some(rows));
    assert_eq!(data.accounts()[0].rows, account(rows, 0, rows));
    assert_eq!(data.accounts()[1].rows, account(rows, rows, 0));
}

#[test]
fn a_force_wide_file_is_cut_to_one_local_authority() {
    let met = root().join("tests/data/police-street/2010-12-metropolitan-street.csv");
    let city = sample("01");
    let mut data = Dataset::default();
    data.add(load(&met, "met.csv", None));
    data.add(load(&city, "city.csv", None));
    let raw_met = first_of_each_id(&raw_rows(&met));
    let raw_city = first_of_each_id(&raw_rows(&city));

    let areas = data.areas();
    let expected_areas: BTreeSet<String> = raw_met
        .iter()
        .chain(&raw_city)
        .map(|r| authority(&r.lsoa))
        .collect();
    assert_eq!(areas.len(), expected_areas.len());
    assert_eq!(areas.last().unwrap().name, NO_LOCATION);
    let camden = areas.iter().find(|a| a.name == "Camden").unwrap();
    assert_eq!(
        camden.forces,
        ["City of London Police", "Metropolitan Police Service"]
    );

    for area in &expected_areas {
        let table = data.area_table(&TableChoice {
            area: Some(area.clone()),
            combine_renamed: false,
            lsoa: None,
        });
        assert_eq!(table.area.as_deref(), Some(area.as_str()));
        assert_eq!(table.area_label(), area);
        let expected: BTreeMap<_, _> = tally(&raw_met, |r| authority(&r.lsoa) == *area)
            .into_iter()
            .chain(tally(&raw_city, |r| authority(&r.lsoa) == *area))
            .collect();
        assert_eq!(cells(&table), expected, "{area}");
    }
    // Camden has rows from both forces, so both months are known; the City of London only
    // from the City's file, so December 2010 (which only the Met's file holds) is not.
    let camden = data.area_table(&TableChoice {
        area: Some("Camden".into()),
        combine_renamed: false,
        lsoa: None,
    });
    assert_eq!(covered_months(&camden), ["2010-12", "2023-01"]);
    assert_eq!(
        tally(&raw_met, |r| authority(&r.lsoa) == "Camden")
            .values()
            .sum::<u64>(),
        261
    );
    let city_only = data.area_table(&TableChoice {
        area: Some("City of London".into()),
        combine_renamed: false,
        lsoa: None,
    });
    assert_eq!(covered_months(&city_only), ["2023-01"]);
    let no_location = data.area_table(&TableChoice {
        area: Some(NO_LOCATION.into()),
        combine_renamed: false,
        lsoa: None,
    });
    assert_eq!(cells(&no_location).values().sum::<u64>(), 45);

    // The areas partition the rows: their tables add up to the whole.
    let all = data.table();
    let mut summed: BTreeMap<(String, String), u64> = BTreeMap::new();
    for area in &areas {
        let table = data.area_table(&TableChoice {
            area: Some(area.name.clone()),
            combine_renamed: false,
            lsoa: None,
        });
        for (k, v) in cells(&table) {
            *summed.entry(k).or_default() += v;
        }
    }
    assert_eq!(summed, cells(&all));
    assert_eq!(all.area, None);
    assert_eq!(all.area_label(), "All areas");

    // An area that is not loaded falls back to all areas, saying so.
    let gone = data.area_table(&TableChoice {
        area: Some("Shropshire".into()),
        combine_renamed: false,
        lsoa: None,
    });
    assert_eq!(gone, all);
}

#[test]
fn an_area_is_cut_to_one_lsoa_and_its_lsoas_add_up_to_it() {
    let met = root().join("tests/data/police-street/2010-12-metropolitan-street.csv");
    let city = sample("01");
    let mut data = Dataset::default();
    data.add(load(&met, "met.csv", None));
    data.add(load(&city, "city.csv", None));
    let raw: Vec<Raw> = first_of_each_id(&raw_rows(&met))
        .into_iter()
        .chain(first_of_each_id(&raw_rows(&city)))
        .collect();

    // Camden's LSOAs, from both files, as the CSVs name them.
    let expected: BTreeSet<String> = raw
        .iter()
        .filter(|r| authority(&r.lsoa) == "Camden")
        .map(|r| r.lsoa.clone())
        .collect();
    let lsoas = data.lsoas("Camden");
    assert_eq!(lsoas.iter().cloned().collect::<BTreeSet<_>>(), expected);
    assert!(lsoas.is_sorted());
    assert!(lsoas.len() > 10, "{lsoas:?}");
    // Rows with no location have no LSOA to choose.
    assert!(data.lsoas(NO_LOCATION).is_empty());

    let camden = data.area_table(&TableChoice {
        area: Some("Camden".into()),
        combine_renamed: false,
        lsoa: None,
    });
    let mut summed: BTreeMap<(String, String), u64> = BTreeMap::new();
    for lsoa in &lsoas {
        let table = data.area_table(&TableChoice {
            area: Some("Camden".into()),
            combine_renamed: false,
            lsoa: Some(lsoa.clone()),
        });
        assert_eq!(table.area.as_deref(), Some(lsoa.as_str()));
        assert_eq!(cells(&table), tally(&raw, |r| r.lsoa == *lsoa), "{lsoa}");
        for (k, v) in cells(&table) {
            *summed.entry(k).or_default() += v;
        }
    }
    assert_eq!(summed, cells(&camden));

    // An LSOA of another area is not a cut of this one: the whole area is shown.
    let elsewhere = data.area_table(&TableChoice {
        area: Some("Camden".into()),
        combine_renamed: false,
        lsoa: Some("City of London 001A".into()),
    });
    assert_eq!(elsewhere, camden);
}

#[test]
fn real_files_hold_only_the_crime_types_of_their_month() {
    let mut files = vec![
        root().join("tests/data/police-street/2010-12-metropolitan-street.csv"),
        root().join("tests/data/police-street/2020-04-city-of-london-street.csv"),
        root().join(
            "tests/data/police-street/first-publication-2023-03/2023-01-city-of-london-street.csv",
        ),
    ];
    files.extend(
        [
            "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12",
        ]
        .map(sample),
    );
    let mut seen_2023 = BTreeSet::new();
    for path in files {
        for r in raw_rows(&path) {
            let month = m(&r.month);
            assert!(
                categories_in(month).contains(&r.crime_type.as_str()),
                "{}: {} in {}",
                path.display(),
                r.crime_type,
                r.month
            );
            if r.month.starts_with("2023") {
                seen_2023.insert(r.crime_type);
            }
        }
    }
    // A full year of a force uses every category of the time.
    let expected: BTreeSet<String> = categories_in(m("2023-12"))
        .into_iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(seen_2023, expected);
}

#[test]
fn a_trend_across_a_definition_change_is_flagged_and_a_rename_can_be_combined() {
    let rows: Vec<String> = [
        ("2013-04", "Violent crime", 3),
        ("2013-04", "Other crime", 1),
        ("2013-04", "Burglary", 2),
        ("2013-05", "Violence and sexual offences", 4),
        ("2013-05", "Other crime", 1),
        ("2013-05", "Burglary", 1),
    ]
    .iter()
    .flat_map(|(month, kind, n)| {
        (0..*n).map(move |i| row(&format!("{month}{kind}{i}"), month, "F", "Leeds 001A", kind))
    })
    .collect();
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let mut data = Dataset::default();
    data.add(load_text("2013.csv", &refs, None));

    let table = data.table();
    let notes: Vec<(&str, String)> = table
        .notes
        .iter()
        .map(|n| (n.category.as_str(), n.month.iso()))
        .collect();
    assert_eq!(
        notes,
        [
            ("Other crime", "2013-05".to_owned()),
            ("Violence and sexual offences", "2013-05".to_owned()),
            ("Violent crime", "2013-05".to_owned()),
        ]
    );
    let violence = table
        .notes_for("Violence and sexual offences")
        .next()
        .unwrap();
    assert_eq!(
        violence.text,
        "Violence and sexual offences: definition changed in May 2013 \u{2014} earlier months \
         counted \u{2018}Violent crime\u{2019}; trends across the change are not like-for-like."
    );
    assert!(table.notes_for("Burglary").next().is_none());

    assert!(data.has_renamed_types());
    let combined = data.area_table(&TableChoice {
        area: None,
        combine_renamed: true,
        lsoa: None,
    });
    assert_eq!(
        combined.categories,
        ["Burglary", "Other crime", "Violence and sexual offences"]
    );
    let violence = combined
        .categories
        .iter()
        .position(|c| c == "Violence and sexual offences")
        .unwrap();
    assert_eq!(
        combined.series(violence),
        [(m("2013-04"), Some(3)), (m("2013-05"), Some(4))]
    );
    // Combined, the series is still flagged: the new category took in sexual offences too.
    let note = combined
        .notes_for("Violence and sexual offences")
        .next()
        .unwrap();
    assert!(
        note.text.contains("shown here as one series"),
        "{}",
        note.text
    );
    assert_eq!(combined.totals(), table.totals());

    // Months on one side of every change: nothing to flag.
    let mut later = Dataset::default();
    later.add(load(&sample("01"), "jan.csv", None));
    assert!(later.table().notes.is_empty());
    assert!(!later.has_renamed_types());
}

#[test]
fn the_crime_id_index_costs_twelve_bytes_a_crime() {
    let file = load(&sample("04"), "apr.csv", None);
    let street = file.street().unwrap();
    let ids: HashSet<String> = raw_rows(&sample("04"))
        .into_iter()
        .filter(|r| !r.id.is_empty())
        .map(|r| r.id)
        .collect();
    assert_eq!(ids.len(), 672);
    assert_eq!(street.index_bytes(), 12 * ids.len());
    // Cells grow with (month, force, area, crime type), not with rows.
    assert!(street.cells().len() < 100, "{}", street.cells().len());
}

// ---------------------------------------------------------------------------------------
// The row-accounting invariant across random overlapping files.

/// (month, force, area, crime type, Crime ID or none, LSOA within the area), all small
/// numbers.
type GenRow = (u8, u8, u8, u8, Option<u8>, u8);

fn gen_text(rows: &[GenRow]) -> Vec<String> {
    rows.iter()
        .map(|(month, force, area, kind, id, lsoa)| {
            row(
                &id.map(|i| format!("id{i}")).unwrap_or_default(),
                &format!("2023-0{}", month + 1),
                &format!("Force {force}"),
                &if *area == 0 {
                    String::new()
                } else {
                    format!("Area {area} 00{lsoa}A")
                },
                &format!("Type {kind}"),
            )
        })
        .collect()
}

/// The rule, restated plainly: for each (month, force), Crime IDs as the latest file holding
/// them has them (a file's first row of an ID), rows without an ID from the latest file
/// holding that month and force.
fn expected_counts(files: &[(Vec<GenRow>, Option<i64>)]) -> BTreeMap<(u8, u8), u64> {
    expected_counts_in(files, |_| true)
}

/// The same rule for the rows whose place (area, LSOA) passes `keep`: a crime with an ID is
/// in the place the latest file holding the ID gives it.
fn expected_counts_in(
    files: &[(Vec<GenRow>, Option<i64>)],
    keep: impl Fn(&GenRow) -> bool,
) -> BTreeMap<(u8, u8), u64> {
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&i| (files[i].1, i));
    let mut counts = BTreeMap::new();
    let groups: BTreeSet<(u8, u8)> = files
        .iter()
        .flat_map(|(rows, _)| rows.iter().map(|r| (r.0, r.1)))
        .collect();
    for (month, force) in groups {
        let holding: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| files[i].0.iter().any(|r| (r.0, r.1) == (month, force)))
            .collect();
        let latest = *holding.last().unwrap();
        let mut ids: BTreeMap<u8, GenRow> = BTreeMap::new();
        for &i in &holding {
            let mut seen = HashSet::new();
            for r in files[i].0.iter().filter(|r| (r.0, r.1) == (month, force)) {
                if let Some(id) = r.4
                    && seen.insert(id)
                {
                    ids.insert(id, *r);
                }
            }
        }
        for r in ids.values().filter(|r| keep(r)) {
            *counts.entry((month, r.3)).or_default() += 1;
        }
        for r in files[latest]
            .0
            .iter()
            .filter(|r| (r.0, r.1) == (month, force) && r.4.is_none() && keep(r))
        {
            *counts.entry((month, r.3)).or_default() += 1;
        }
    }
    counts
}

fn gen_files() -> impl Strategy<Value = Vec<(Vec<GenRow>, Option<i64>)>> {
    let row = (
        0u8..3,
        0u8..2,
        0u8..3,
        0u8..4,
        proptest::option::weighted(0.8, 0u8..12),
        0u8..3,
    );
    let file = (
        proptest::collection::vec(row, 1..25),
        proptest::option::of(0i64..3),
    );
    proptest::collection::vec(file, 1..5)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_row_is_accounted_for_across_random_overlapping_files(files in gen_files()) {
        let mut data = Dataset::default();
        for (i, (rows, modified)) in files.iter().enumerate() {
            let text = gen_text(rows);
            let refs: Vec<&str> = text.iter().map(String::as_str).collect();
            data.add(load_text(&format!("file {i}.csv"), &refs, *modified));
        }
        let generated: u64 = files.iter().map(|(rows, _)| rows.len() as u64).sum();
        let total = data.rows();
        prop_assert_eq!(total.read, generated);
        prop_assert_eq!(total.rejected, 0);
        prop_assert!(total.balances(), "{:?}", total);
        for account in data.accounts() {
            prop_assert!(account.rows.balances(), "{:?}", account);
            prop_assert_eq!(account.rows.duplicates, account.in_file + account.superseded);
        }
        // "Used" is exactly what the table counts.
        let table = data.table();
        let counted: u64 = table.rows.iter().filter_map(|r| r.total).sum();
        prop_assert_eq!(total.used, counted);

        let expected = expected_counts(&files);
        let actual: BTreeMap<(u8, u8), u64> = cells(&table)
            .into_iter()
            .map(|((month, kind), n)| {
                let month: u8 = month[5..7].parse::<u8>().unwrap() - 1;
                let kind: u8 = kind[5..].parse().unwrap();
                ((month, kind), n)
            })
            .collect();
        prop_assert_eq!(actual, expected);

        // Areas partition the table.
        let mut by_area = 0;
        for area in data.areas() {
            let cut = data.area_table(&TableChoice { area: Some(area.name), combine_renamed: false, lsoa: None });
            by_area += cut.rows.iter().filter_map(|r| r.total).sum::<u64>();
        }
        prop_assert_eq!(by_area, counted);

        // Each LSOA holds what the rule puts in it, and an area's LSOAs add up to the area.
        let as_numbers = |table: &CountTable| -> BTreeMap<(u8, u8), u64> {
            cells(table)
                .into_iter()
                .map(|((month, kind), n)| {
                    ((month[5..7].parse::<u8>().unwrap() - 1, kind[5..].parse().unwrap()), n)
                })
                .collect()
        };
        for area in 1u8..3 {
            let name = format!("Area {area}");
            if !data.areas().iter().any(|a| a.name == name) {
                continue;
            }
            let whole = data.area_table(&TableChoice { area: Some(name.clone()), combine_renamed: false, lsoa: None });
            let mut by_lsoa = 0;
            for lsoa in data.lsoas(&name) {
                let number: u8 = lsoa[name.len() + 1..name.len() + 4].parse().unwrap();
                let cut = data.area_table(&TableChoice { area: Some(name.clone()), combine_renamed: false, lsoa: Some(lsoa.clone()) });
                prop_assert_eq!(cut.area.as_deref(), Some(lsoa.as_str()));
                prop_assert_eq!(
                    as_numbers(&cut),
                    expected_counts_in(&files, |r| r.2 == area && r.5 == number)
                );
                by_lsoa += cut.rows.iter().filter_map(|r| r.total).sum::<u64>();
            }
            prop_assert_eq!(by_lsoa, whole.rows.iter().filter_map(|r| r.total).sum::<u64>());
        }
    }
}
