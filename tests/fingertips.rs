//! The Fingertips reader on the two real exports the project ships (provenance in
//! `tests/data/SOURCES.md`), fed row by row as the engine would.
//!
//! Expected figures are worked out here straight from the CSV fields (plain `str::parse`,
//! sets of raw field combinations), not through the reader's own parsing, plus a few values
//! copied from the files by eye.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::{BTreeMap, BTreeSet};

use csv::StringRecord;
use proptest::prelude::*;
use safer_trends::ingest::format::{HeaderIndex, RecordReader, RowUse};
use safer_trends::ingest::formats::fingertips::{AreaLevel, FingertipsReader, SOURCE, recognise};
use safer_trends::ingest::read_file;
use safer_trends::model::{Area, Content, Figure, MissingReason, Period, SeriesKey, SeriesSet};

const CAMPYLOBACTER: &str = "tests/data/fingertips/indicators-CountyUA.data.csv";
const EAST_MIDLANDS: &str = "tests/data/fingertips/indicators-CountyUApre419.data.csv";

// Column positions in the real exports' header.
const AREA_CODE: usize = 4;
const AREA_NAME: usize = 5;
const AREA_TYPE: usize = 6;
const CATEGORY_TYPE: usize = 9;
const TIME_PERIOD: usize = 11;
const VALUE: usize = 12;

struct Loaded {
    header: StringRecord,
    rows: Vec<StringRecord>,
    reader: FingertipsReader,
    uses: Vec<RowUse>,
}

fn load(path: &str) -> Loaded {
    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_path(path)
        .unwrap();
    let header = csv.headers().unwrap().clone();
    let rows: Vec<StringRecord> = csv.records().map(Result::unwrap).collect();
    let names: Vec<&str> = header.iter().collect();
    let mut reader = FingertipsReader::new(&HeaderIndex::new(&names)).expect("recognised");
    let uses = rows
        .iter()
        .map(|row| {
            reader
                .read_row(row)
                .unwrap_or_else(|p| panic!("{p:?} in {row:?}"))
        })
        .collect();
    Loaded {
        header,
        rows,
        reader,
        uses,
    }
}

fn set(loaded: Loaded) -> SeriesSet {
    match Box::new(loaded.reader).finish().content {
        Content::Series(set) => set,
        Content::MonthlyCounts(_) | Content::Street(_) => {
            panic!("a Fingertips export holds series")
        }
    }
}

/// The documented measure rule, written out for the Sex and Age values these files use.
fn expected_measure(row: &StringRecord) -> String {
    let name = row[1].split_whitespace().collect::<Vec<_>>().join(" ");
    let qualifiers: Vec<&str> = [&row[7], &row[8]]
        .into_iter()
        .filter(|q| !["Persons", "All ages", "Not applicable"].contains(q))
        .collect();
    if qualifiers.is_empty() {
        name
    } else {
        format!("{name} ({})", qualifiers.join(", "))
    }
}

fn expected_key(row: &StringRecord) -> SeriesKey {
    SeriesKey {
        area: Area {
            code: Some(row[AREA_CODE].to_owned()),
            name: row[AREA_NAME].to_owned(),
        },
        measure: expected_measure(row),
        breakdown: (!row[CATEGORY_TYPE].is_empty())
            .then(|| (row[CATEGORY_TYPE].to_owned(), row[10].to_owned())),
    }
}

/// The periods these files use, read by hand.
fn expected_period(text: &str) -> Period {
    match text.split_once('/') {
        Some((start, _)) => Period::financial_year(start.parse().unwrap()).unwrap(),
        None => Period::calendar_year(text.parse().unwrap()).unwrap(),
    }
}

fn number(text: &str) -> Option<f64> {
    (!text.is_empty()).then(|| text.parse().unwrap())
}

fn expected_figure(row: &StringRecord) -> Figure {
    let value = number(&row[VALUE]);
    Figure {
        value,
        missing: value.is_none().then_some(MissingReason::Empty),
        lower_95: number(&row[13]),
        upper_95: number(&row[14]),
        lower_998: number(&row[15]),
        upper_998: number(&row[16]),
        count: number(&row[17]),
        denominator: number(&row[18]),
        note: (!row[19].is_empty()).then(|| row[19].to_owned()),
    }
}

/// Every row is used once, and every figure matches the fields of its row exactly.
fn check_every_row(loaded: Loaded) -> (Vec<StringRecord>, SeriesSet) {
    assert!(loaded.uses.iter().all(|u| *u == RowUse::Used));
    let rows = loaded.rows.clone();
    let set = set(loaded);
    assert_eq!(set.figures(), rows.len());
    for row in &rows {
        let figure = set
            .get(&expected_key(row), &expected_period(&row[TIME_PERIOD]))
            .unwrap_or_else(|| panic!("no figure for {row:?}"));
        assert_eq!(*figure, expected_figure(row), "{row:?}");
    }
    let distinct_series: BTreeSet<Vec<&str>> = rows
        .iter()
        .map(|r| [0, 4, 7, 8, 9, 10].iter().map(|&i| &r[i]).collect())
        .collect();
    assert_eq!(set.len(), distinct_series.len());
    (rows, set)
}

/// Area codes by Area Type as written, straight from the rows.
fn codes_by_type(rows: &[StringRecord]) -> BTreeMap<String, BTreeSet<String>> {
    let mut by_type: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in rows {
        by_type
            .entry(row[AREA_TYPE].to_owned())
            .or_default()
            .insert(row[AREA_CODE].to_owned());
    }
    by_type
}

fn level_counts(reader: &FingertipsReader) -> BTreeMap<AreaLevel, usize> {
    let mut counts = BTreeMap::new();
    for info in reader.areas().values() {
        *counts.entry(info.level).or_default() += 1;
    }
    counts
}

#[test]
fn campylobacter_export_reads_every_row_including_25_field_rows() {
    let loaded = load(CAMPYLOBACTER);
    // The download's rows stop one field short of its 26-column header.
    assert_eq!(loaded.header.len(), 26);
    assert_eq!(loaded.rows.len(), 852);
    assert!(loaded.rows.iter().all(|r| r.len() == 25));
    // The quoted indicator name carries a line break; the measure does not.
    assert!(loaded.rows.iter().all(|r| r[1].contains('\n')));

    let by_type = codes_by_type(&loaded.rows);
    assert_eq!(by_type["Country"].len(), 1);
    assert_eq!(by_type["Region"].len(), 9);
    assert_eq!(
        level_counts(&loaded.reader),
        BTreeMap::from([
            (AreaLevel::Country, 1),
            (AreaLevel::Region, 9),
            (AreaLevel::Local, by_type["County & UA"].len()),
        ])
    );
    let england = loaded
        .reader
        .areas()
        .iter()
        .find(|(a, _)| a.code.as_deref() == Some("E92000001"))
        .unwrap()
        .1;
    assert_eq!(england.area_type, "Country");
    let derby_parent = loaded
        .reader
        .areas()
        .iter()
        .find(|(a, _)| a.name == "Derby")
        .map(|(_, info)| info.parent.clone());
    if let Some(parent) = derby_parent {
        assert_eq!(parent.unwrap().code.as_deref(), Some("E12000004"));
    }

    let (rows, set) = check_every_row(loaded);
    assert_eq!(set.len(), 335);
    assert_eq!(
        set.measures().into_iter().collect::<Vec<_>>(),
        [
            "Campylobacter incidence rate/100,000",
            "Campylobacter incidence rate/100,000 (0-9 yrs)"
        ]
    );
    assert_eq!(
        set.periods().into_iter().collect::<Vec<_>>(),
        [2015, 2016, 2017].map(|y| Period::calendar_year(y).unwrap())
    );

    // England's total for 2015, copied from the file's first data row.
    let total = SeriesKey {
        area: Area {
            code: Some("E92000001".into()),
            name: "England".into(),
        },
        measure: "Campylobacter incidence rate/100,000".into(),
        breakdown: None,
    };
    let y2015 = Period::calendar_year(2015).unwrap();
    let figure = set.get(&total, &y2015).unwrap();
    assert_eq!(figure.value, Some(94.7261896202678));
    assert_eq!(figure.lower_95, Some(93.9129396546008));
    assert_eq!(figure.upper_95, Some(95.5447303303505));
    assert_eq!((figure.lower_998, figure.upper_998), (None, None));
    assert_eq!(figure.count, Some(51897.0));
    assert_eq!(figure.denominator, Some(54786327.0));
    assert_eq!(figure.note, None);

    // Deprivation deciles sit beside England's total, never in it.
    let decile = SeriesKey {
        breakdown: Some((
            "County & UA deprivation deciles in England (IMD2015)".into(),
            "Most deprived decile (IMD2015)".into(),
        )),
        ..total.clone()
    };
    let figure = set.get(&decile, &y2015).unwrap();
    assert_eq!(figure.value, Some(69.6234924331395));
    assert_eq!(figure.count, Some(3541.0));
    assert_eq!(figure.denominator, Some(5085927.0));
    assert_eq!(
        figure.note.as_deref(),
        Some("Aggregated from all known lower geography values")
    );
    let decile_rows = rows.iter().filter(|r| !r[CATEGORY_TYPE].is_empty()).count();
    assert_eq!(decile_rows, 60);
    let broken_down: Vec<_> = set
        .series()
        .filter(|(k, _)| k.breakdown.is_some())
        .collect();
    assert_eq!(broken_down.iter().map(|(_, p)| p.len()).sum::<usize>(), 60);
    assert!(broken_down.iter().all(|(k, _)| k.area.name == "England"));
    let categories: BTreeSet<_> = broken_down.iter().map(|(k, _)| &k.breakdown).collect();
    assert_eq!(categories.len(), 20);

    // Empty values are missing (never zero) and keep the note that explains them.
    let empty: Vec<&StringRecord> = rows.iter().filter(|r| r[VALUE].is_empty()).collect();
    assert_eq!(empty.len(), 10);
    for row in empty {
        let figure = set
            .get(&expected_key(row), &expected_period(&row[TIME_PERIOD]))
            .unwrap();
        assert_eq!(figure.value, None);
        assert_eq!(figure.missing, Some(MissingReason::Empty));
        assert!(figure.note.as_deref().unwrap().ends_with("combined"));
    }
}

#[test]
fn east_midlands_export_reads_every_indicator() {
    let loaded = load(EAST_MIDLANDS);
    assert_eq!(loaded.rows.len(), 87);
    assert!(loaded.rows.iter().all(|r| r.len() == 26));
    let by_type = codes_by_type(&loaded.rows);
    assert_eq!(by_type["England"], BTreeSet::from(["E92000001".to_owned()]));
    assert_eq!(
        level_counts(&loaded.reader),
        BTreeMap::from([
            (AreaLevel::Country, 1),
            (AreaLevel::Region, 1),
            (AreaLevel::Local, by_type["County & UA (pre 4/19)"].len()),
        ])
    );
    let derby = loaded
        .reader
        .areas()
        .iter()
        .find(|(a, _)| a.code.as_deref() == Some("E06000015"))
        .unwrap()
        .1
        .clone();
    assert_eq!(derby.area_type, "County & UA (pre 4/19)");
    assert_eq!(
        derby.parent,
        Some(Area {
            code: Some("E12000004".into()),
            name: "East Midlands region".into()
        })
    );

    let (_, set) = check_every_row(loaded);
    assert_eq!(set.len(), 87);
    assert_eq!(set.measures().len(), 8);
    assert!(
        set.measures()
            .contains("Children in low income families (under 16s) (<16 yrs)")
    );
    assert!(
        set.measures()
            .contains("Statutory homelessness: rate per 1,000 households")
    );
    assert_eq!(set.periods().len(), 6);

    let derby = |measure: &str| SeriesKey {
        area: Area {
            code: Some("E06000015".into()),
            name: "Derby".into(),
        },
        measure: measure.into(),
        breakdown: None,
    };
    // Violent crime in Derby, 2017/18, copied from the file: both CI levels present.
    let figure = set
        .get(
            &derby("Violent crime - violence offences per 1,000 population"),
            &Period::financial_year(2017).unwrap(),
        )
        .unwrap();
    assert_eq!(figure.value, Some(20.2615144418423));
    assert_eq!(figure.lower_95, Some(19.714038472399));
    assert_eq!(figure.upper_95, Some(20.8203403979085));
    assert_eq!(figure.lower_998, Some(19.4035802127736));
    assert_eq!(figure.upper_998, Some(21.1456821306285));
    assert_eq!(
        (figure.count, figure.denominator),
        (Some(5191.0), Some(256200.0))
    );
    // Domestic abuse: a rate with no count, denominator or CI, and a note.
    let figure = set
        .get(
            &derby("Domestic abuse-related incidents and crimes (16+ yrs)"),
            &Period::financial_year(2017).unwrap(),
        )
        .unwrap();
    assert_eq!(figure.value, Some(21.2883699000514));
    assert_eq!(
        (figure.count, figure.denominator, figure.lower_95),
        (None, None, None)
    );
    assert_eq!(
        figure.note.as_deref(),
        Some("LAs are allocated the rate of the police force area within which they sit")
    );
}

#[test]
fn recognise_gives_a_reader_that_names_the_source() {
    let loaded = load(EAST_MIDLANDS);
    let names: Vec<&str> = loaded.header.iter().collect();
    let mut reader = recognise(&HeaderIndex::new(&names)).unwrap();
    for row in &loaded.rows {
        assert_eq!(reader.read_row(row), Ok(RowUse::Used));
    }
    // Reading the file again adds nothing: every row is now a duplicate.
    for row in &loaded.rows {
        assert_eq!(reader.read_row(row), Ok(RowUse::Duplicate));
    }
    let output = reader.finish();
    assert_eq!(output.sources, BTreeSet::from([SOURCE.to_owned()]));
    assert!(matches!(output.content, Content::Series(ref s) if s.figures() == 87));
}

#[test]
fn other_headers_are_not_recognised() {
    let police = [
        "Crime ID",
        "Month",
        "Reported by",
        "Falls within",
        "LSOA code",
    ];
    assert!(recognise(&HeaderIndex::new(&police)).is_none());
    let tidy = ["Area Code", "Area Name", "Time period", "Value"];
    assert!(recognise(&HeaderIndex::new(&tidy)).is_none());
}

/// The Area Type outlives the reader: it is in the series set and in the file's coverage.
#[test]
fn area_types_are_carried_into_the_model_and_the_coverage() {
    for path in [CAMPYLOBACTER, EAST_MIDLANDS] {
        let loaded = load(path);
        let by_type = codes_by_type(&loaded.rows);
        let mut expected: Vec<(String, usize)> = by_type
            .iter()
            .map(|(area_type, codes)| (area_type.clone(), codes.len()))
            .collect();
        expected.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let rows = loaded.rows.clone();
        let set = set(loaded);
        let counts: Vec<(String, usize)> = set
            .area_type_counts()
            .into_iter()
            .map(|(t, n)| (t.to_owned(), n))
            .collect();
        assert_eq!(counts, expected, "{path}");
        for row in &rows {
            let area = expected_key(row).area;
            assert_eq!(set.area_type(&area), Some(&row[AREA_TYPE]), "{path}");
        }

        let file = read_file("export.csv", &std::fs::read(path).unwrap()).unwrap();
        let listed = expected
            .iter()
            .map(|(t, n)| format!("{n} {t}"))
            .collect::<Vec<_>>()
            .join(", ");
        let areas: usize = expected.iter().map(|(_, n)| n).sum();
        assert!(
            file.coverage()
                .contains(&format!("; {areas} areas ({listed}), ")),
            "{path}: {}",
            file.coverage()
        );
    }
    // Written out once by eye from the East Midlands export.
    let file = read_file(EAST_MIDLANDS, &std::fs::read(EAST_MIDLANDS).unwrap()).unwrap();
    assert!(
        file.coverage()
            .contains("(9 County & UA (pre 4/19), 1 England, 1 Region)"),
        "{}",
        file.coverage()
    );
}

proptest! {
    #[test]
    fn arbitrary_fields_never_panic(
        fields in proptest::collection::vec(any::<String>(), 0..30),
        period in prop_oneof![Just("2015".to_owned()), Just("2015 - 17".to_owned()), any::<String>()],
        value in prop_oneof![Just(String::new()), Just("1,234.5".to_owned()), any::<String>()],
    ) {
        let loaded_header: Vec<&str> = vec![
            "Indicator ID", "Indicator Name", "Parent Code", "Parent Name", "Area Code",
            "Area Name", "Area Type", "Sex", "Age", "Category Type", "Category", "Time period",
            "Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Lower CI 99.8 limit",
            "Upper CI 99.8 limit", "Count", "Denominator", "Value note", "Recent Trend",
            "Compared to England value or percentiles",
            "Compared to Region value or percentiles", "Time period Sortable", "New data",
            "Compared to goal",
        ];
        let mut reader = recognise(&HeaderIndex::new(&loaded_header)).unwrap();
        let mut row = fields.clone();
        if row.len() > VALUE {
            row[TIME_PERIOD] = period;
            row[VALUE] = value;
        }
        let record = StringRecord::from(row);
        let first = reader.read_row(&record);
        if first.is_ok() {
            prop_assert_eq!(reader.read_row(&record), Ok(RowUse::Duplicate));
        }
        let _ = reader.finish();
    }
}
