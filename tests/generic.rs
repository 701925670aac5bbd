//! The fallback reader on real council, NOMIS and ONS files, on synthetic wide tables, with
//! hand-made roles, and on arbitrary input.
//!
//! Expectations are counted here from the files with the `csv` crate, independently of the
//! reader: rows, `:` cells, and a few figures copied from the files by eye.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    // Figures are copied digit for digit from the files (17 significant digits).
    clippy::excessive_precision
)]

use std::path::PathBuf;

use csv::StringRecord;
use proptest::prelude::*;
use safer_trends::ingest::format::{RecordReader, RowProblem, RowUse};
use safer_trends::ingest::formats::generic::{
    ColumnRoles, Confidence, Layout, SAMPLE_ROWS, detect_roles, header_signature, reader_for,
    recognise_with_sample,
};
use safer_trends::model::{
    Area, Content, Format, MissingReason, Period, PeriodKind, SeriesKey, SeriesSet,
};

struct Table {
    header: Vec<String>,
    rows: Vec<StringRecord>,
}

impl Table {
    fn sample(&self) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .take(SAMPLE_ROWS)
            .map(|r| r.iter().map(str::to_owned).collect())
            .collect()
    }
}

fn load(relative: &str) -> Table {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(relative);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(&path)
        .unwrap();
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader.records().map(Result::unwrap).collect();
    Table { header, rows }
}

fn from_text(text: &str) -> Table {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader.records().map(Result::unwrap).collect();
    Table { header, rows }
}

/// What reading every row gave.
struct Outcome {
    used: usize,
    duplicates: usize,
    rejected: Vec<(usize, RowProblem)>,
    format: Format,
    set: SeriesSet,
}

fn read_all(mut reader: Box<dyn RecordReader>, rows: &[StringRecord]) -> Outcome {
    let (mut used, mut duplicates, mut rejected) = (0, 0, Vec::new());
    for (i, row) in rows.iter().enumerate() {
        match reader.read_row(row) {
            Ok(RowUse::Used) => used += 1,
            Ok(RowUse::Duplicate) => duplicates += 1,
            Err(problem) => rejected.push((i, problem)),
        }
    }
    assert_eq!(used + duplicates + rejected.len(), rows.len());
    let format = reader.format();
    let Content::Series(set) = reader.finish().content else {
        panic!("the generic reader gives series");
    };
    Outcome {
        used,
        duplicates,
        rejected,
        format,
        set,
    }
}

fn recognise_and_read(table: &Table) -> (Confidence, ColumnRoles, Outcome) {
    let (guess, reader) = recognise_with_sample(&table.header, &table.sample()).unwrap();
    let roles = guess.roles.clone().unwrap();
    (guess.confidence, roles, read_all(reader, &table.rows))
}

fn missing(set: &SeriesSet, reason: MissingReason) -> usize {
    set.series()
        .flat_map(|(_, points)| points.values())
        .filter(|f| f.missing == Some(reason))
        .inspect(|f| assert_eq!(f.value, None, "a missing figure has no value"))
        .count()
}

fn key(code: &str, name: &str, measure: &str) -> SeriesKey {
    SeriesKey {
        area: Area {
            code: Some(code.to_owned()),
            name: name.to_owned(),
        },
        measure: measure.to_owned(),
        breakdown: None,
    }
}

fn fy(start: u16) -> Period {
    Period::financial_year(start).unwrap()
}

fn tidy_parts(roles: &ColumnRoles) -> (usize, Option<PeriodKind>, Vec<usize>) {
    match &roles.layout {
        Layout::Tidy {
            period,
            period_kind,
            values,
        } => (*period, *period_kind, values.clone()),
        Layout::Wide { .. } => panic!("expected a tidy layout"),
    }
}

fn wide_periods(roles: &ColumnRoles) -> Vec<(usize, Period)> {
    match &roles.layout {
        Layout::Wide { periods } => periods.clone(),
        Layout::Tidy { .. } => panic!("expected a wide layout"),
    }
}

// ---------------------------------------------------------------------------------------
// Real files.

#[test]
fn trafford_crime_rate_is_tidy_with_colon_cells_missing_not_zero() {
    let table = load("council-tidy/crime_rate.csv");
    assert_eq!(table.rows.len(), 273);
    let colons = table.rows.iter().filter(|r| r[3].trim() == ":").count();
    assert_eq!(colons, 28, "counted independently from the value column");

    let (confidence, roles, out) = recognise_and_read(&table);
    assert_eq!(confidence, Confidence::Sure);
    assert_eq!(
        tidy_parts(&roles),
        (2, Some(PeriodKind::FinancialYear), vec![3])
    );
    assert_eq!(
        (roles.area_code, roles.area_name, roles.categories.clone()),
        (Some(0), Some(1), vec![4, 5, 6, 7])
    );
    assert_eq!(out.format, Format::GenericTidy);
    assert_eq!((out.used, out.duplicates, out.rejected.len()), (273, 0, 0));
    assert_eq!(out.set.figures(), 273);
    assert_eq!(missing(&out.set, MissingReason::NotAvailable), colons);
    // 3 areas × 7 offence groups; 13 periods, the last two calendar years as written.
    assert_eq!(out.set.len(), 21);
    assert_eq!(out.set.periods().len(), 13);
    assert!(
        out.set
            .periods()
            .contains(&Period::calendar_year(2019).unwrap())
    );

    let total = key(
        "E22000107",
        "Trafford",
        "Offence rate | Rate per 1,000 | Offences | Total recorded crime",
    );
    let first = out.set.get(&total, &fy(2008)).unwrap();
    assert_eq!(first.value, Some(78.624_537_858_031_815));
    let robbery = key(
        "E22000107",
        "Trafford",
        "Offence rate | Rate per 1,000 | Offences | Robbery",
    );
    assert_eq!(
        out.set.get(&robbery, &fy(2008)).unwrap().value,
        Some(2.575_686_431_830_925_4)
    );
}

#[test]
fn trafford_crime_severity_reads_every_row() {
    let table = load("council-tidy/crime_severity.csv");
    let (confidence, roles, out) = recognise_and_read(&table);
    assert_eq!(confidence, Confidence::Sure);
    assert_eq!(
        tidy_parts(&roles),
        (2, Some(PeriodKind::FinancialYear), vec![3])
    );
    assert_eq!(roles.categories, [4, 5, 6, 7]);
    assert_eq!((out.used, out.duplicates, out.rejected.len()), (210, 0, 0));
    assert_eq!(out.set.figures(), 210);
    let colons = table.rows.iter().filter(|r| r[3].trim() == ":").count();
    assert_eq!(missing(&out.set, MissingReason::NotAvailable), colons);
    let total = key(
        "E22000107",
        "Trafford",
        "Crime Severity Score | Score | Offences | Total recorded crime",
    );
    assert_eq!(
        out.set.get(&total, &fy(2008)).unwrap().value,
        Some(10.513_134_160_712_443)
    );
}

#[test]
fn indices_of_deprivation_has_six_figure_columns_each_its_own_measure() {
    let table = load("council-tidy/IoD2019.csv");
    assert_eq!(table.rows.len(), 3170);
    let (confidence, roles, out) = recognise_and_read(&table);
    assert_eq!(confidence, Confidence::Sure);
    assert_eq!(
        tidy_parts(&roles),
        (9, Some(PeriodKind::CalendarYear), vec![3, 4, 5, 6, 7, 8])
    );
    assert_eq!(
        (roles.area_code, roles.area_name, roles.categories.clone()),
        (Some(0), Some(1), vec![2])
    );
    assert_eq!((out.used, out.duplicates, out.rejected.len()), (3170, 0, 0));
    assert_eq!(out.set.figures(), 3170 * 6);
    assert_eq!(out.set.areas().len(), 317);
    let y2019 = Period::calendar_year(2019).unwrap();
    let score = key(
        "E06000001",
        "Hartlepool",
        "Index of Multiple Deprivation | average_score",
    );
    assert_eq!(
        out.set.get(&score, &y2019).unwrap().value,
        Some(35.036_999_999_999_999)
    );
    let rank = key(
        "E06000002",
        "Middlesbrough",
        "Index of Multiple Deprivation | rank_proportion_bottom_decile",
    );
    assert_eq!(out.set.get(&rank, &y2019).unwrap().value, Some(1.0));
}

#[test]
fn nomis_ethnic_groups_reads_each_measures_value_column() {
    let table = load("other/la-ethnic-groups.csv");
    assert_eq!(table.rows.len(), 348);
    let figure_columns = table
        .header
        .iter()
        .filter(|h| h.ends_with("; measures: Value"))
        .count();
    let (confidence, roles, out) = recognise_and_read(&table);
    assert_eq!(confidence, Confidence::Sure);
    let (period, kind, values) = tidy_parts(&roles);
    assert_eq!((period, kind), (0, Some(PeriodKind::CalendarYear)));
    assert_eq!(values, (4..4 + figure_columns).collect::<Vec<_>>());
    assert_eq!(
        (roles.area_code, roles.area_name, roles.categories.clone()),
        (Some(2), Some(1), vec![3])
    );
    assert_eq!((out.used, out.duplicates, out.rejected.len()), (348, 0, 0));
    assert_eq!(out.set.figures(), 348 * figure_columns);
    let white = key(
        "E06000005",
        "Darlington",
        "Total | Ethnic Group: White; measures: Value",
    );
    let y2011 = Period::calendar_year(2011).unwrap();
    assert_eq!(out.set.get(&white, &y2011).unwrap().value, Some(101_595.0));
}

#[test]
fn area_lookup_is_not_mistaken_for_figures() {
    let table = load(
        "other/Local_Authority_District_to_Community_Safety_Partnerships_to_Police_Force_Areas__December_2016__Lookup_in_England_and_Wales.csv",
    );
    assert_eq!(table.rows.len(), 348);
    let guess = detect_roles(&table.header, &table.sample());
    assert_eq!(guess.roles, None);
    assert!(!guess.is_sure());
    let reasons = guess.reasons().join("\n");
    assert!(reasons.contains("no column of figures"), "{reasons}");
    assert!(reasons.contains("no column of periods"), "{reasons}");
    assert!(
        reasons.contains("several columns hold area codes"),
        "{reasons}"
    );
    // FID numbers the rows: an identifier, set aside with the reason.
    let fid = guess.ignored.iter().find(|(c, _)| *c == 6).unwrap();
    assert!(fid.1.contains("identifier"), "{}", fid.1);
    assert!(recognise_with_sample(&table.header, &table.sample()).is_none());
}

// ---------------------------------------------------------------------------------------
// Wide tables.

const MET_WIDE: &str = "\
Borough,Major Category,Minor Category,201807,201808,201809
Barnet,Burglary,Burglary in a Dwelling,120,\"1,034\",..
Barnet,Burglary,Burglary in Other Buildings,40,41,[c]
Camden,Burglary,Burglary in a Dwelling,99,abc,101
Barnet,Burglary,Burglary in a Dwelling,1,2,3
Camden,Robbery,Personal Property,,5,6
";

#[test]
fn monthly_columns_make_a_wide_table() {
    let table = from_text(MET_WIDE);
    let (confidence, roles, out) = recognise_and_read(&table);
    // The sample shows `abc` under 201808, so the preview should ask.
    assert_eq!(
        confidence,
        Confidence::Unsure(vec![
            "columns headed by periods hold words, not figures: 201808".to_owned()
        ])
    );
    assert_eq!(
        wide_periods(&roles),
        vec![
            (3, Period::month(2018, 7).unwrap()),
            (4, Period::month(2018, 8).unwrap()),
            (5, Period::month(2018, 9).unwrap()),
        ]
    );
    assert_eq!(
        (roles.area_code, roles.area_name, roles.categories.clone()),
        (None, Some(0), vec![1, 2])
    );
    assert_eq!(out.format, Format::GenericWide);
    assert_eq!((out.used, out.duplicates), (3, 1));
    assert_eq!(out.rejected.len(), 1);
    let (row, problem) = &out.rejected[0];
    assert_eq!((*row, problem.column), (2, Some(4)));
    assert!(problem.reason.contains("abc"), "{}", problem.reason);

    let dwelling = SeriesKey {
        area: Area {
            code: None,
            name: "Barnet".into(),
        },
        measure: "Burglary | Burglary in a Dwelling".into(),
        breakdown: None,
    };
    let month = |m| Period::month(2018, m).unwrap();
    // The first row stands; the duplicate's 1, 2, 3 are not added.
    assert_eq!(
        out.set.get(&dwelling, &month(7)).unwrap().value,
        Some(120.0)
    );
    assert_eq!(
        out.set.get(&dwelling, &month(8)).unwrap().value,
        Some(1034.0)
    );
    let sep = out.set.get(&dwelling, &month(9)).unwrap();
    assert_eq!(
        (sep.value, sep.missing),
        (None, Some(MissingReason::NotAvailable))
    );
    assert_eq!(out.set.figures(), 9);
    assert_eq!(missing(&out.set, MissingReason::Suppressed), 1);
    assert_eq!(missing(&out.set, MissingReason::Empty), 1);
}

#[test]
fn financial_year_columns_with_codes_and_a_total_column() {
    let table = from_text(
        "Area code,Area name,2019/20,2020/21,2021/22,Total\n\
         E22000107,Trafford,10,11,12,33\n\
         E22000108,Salford,7,:,9,16\n",
    );
    let guess = detect_roles(&table.header, &table.sample());
    let roles = guess.roles.clone().unwrap();
    assert_eq!(
        wide_periods(&roles),
        vec![(2, fy(2019)), (3, fy(2020)), (4, fy(2021))]
    );
    assert_eq!((roles.area_code, roles.area_name), (Some(0), Some(1)));
    // The total is set aside with a reason, not read as a period or a category.
    assert_eq!(guess.ignored.len(), 1);
    assert_eq!(guess.ignored[0].0, 5);
    let out = read_all(reader_for(roles), &table.rows);
    assert_eq!(out.set.figures(), 6);
    let salford = key("E22000108", "Salford", "Value");
    assert_eq!(
        out.set.get(&salford, &fy(2020)).unwrap().missing,
        Some(MissingReason::NotAvailable)
    );
}

#[test]
fn hyphenated_year_headers_read_together_as_financial_years() {
    let table = from_text("Ward,2010-11,2011-12\nHale,1,2\n");
    let roles = detect_roles(&table.header, &table.sample()).roles.unwrap();
    assert_eq!(wide_periods(&roles), vec![(1, fy(2010)), (2, fy(2011))]);
    assert_eq!(roles.area_name, Some(0));
}

// ---------------------------------------------------------------------------------------
// Council exports, hand-made roles, signatures.

#[test]
fn case_system_export_without_areas_is_read_but_unsure() {
    let table = from_text(
        "Date,Case type,Count\n\
         01/04/2023,ASB,5\n\
         02/04/2023,ASB,*\n\
         02/04/2023,Noise,3\n\
         31/04/2023,Noise,3\n\
         03/04/2023,ASB,1\n\
         04/04/2023,ASB,2\n\
         05/04/2023,ASB,3\n\
         06/04/2023,ASB,4\n\
         07/04/2023,ASB,5\n\
         08/04/2023,ASB,6\n",
    );
    let (confidence, roles, out) = recognise_and_read(&table);
    assert_eq!(tidy_parts(&roles), (0, Some(PeriodKind::Day), vec![2]));
    assert_eq!(roles.categories, [1]);
    let Confidence::Unsure(reasons) = confidence else {
        panic!("no area column should make the guess unsure");
    };
    assert!(reasons[0].contains("no column of area"), "{reasons:?}");
    assert_eq!(out.used, 9);
    assert_eq!(out.rejected.len(), 1);
    assert_eq!(out.rejected[0].1.column, Some(0));
    assert_eq!(missing(&out.set, MissingReason::Suppressed), 1);
    let asb = SeriesKey {
        area: Area {
            code: None,
            name: String::new(),
        },
        measure: "ASB".into(),
        breakdown: None,
    };
    let day = Period::day(2023, 4, 1).unwrap();
    assert_eq!(out.set.get(&asb, &day).unwrap().value, Some(5.0));
}

#[test]
fn unnamed_numeric_columns_make_the_guess_unsure() {
    let table = from_text("Quarter,Ward,A,B\nQ1 2023,Hale,1,2\nQ2 2023,Hale,3,4\n");
    let guess = detect_roles(&table.header, &table.sample());
    let roles = guess.roles.clone().unwrap();
    assert_eq!(
        tidy_parts(&roles),
        (0, Some(PeriodKind::Quarter), vec![2, 3])
    );
    assert!(guess.reasons()[0].contains("2 columns hold numbers"));
}

#[test]
fn hand_made_roles_read_what_the_user_said() {
    let header = ["When", "Where", "Cases", "Notes"];
    let mut roles = ColumnRoles::tidy(&header, 0, vec![2]);
    roles.area_name = Some(1);
    roles.decimal_comma = true;
    assert_eq!(roles.check(), Ok(()));
    let rows = [
        StringRecord::from(vec!["2023-01", "Hale", "1.234,5", "x"]),
        StringRecord::from(vec!["2023-13", "Hale", "1", ""]),
        StringRecord::from(vec!["2023-02", "Hale", "lots", ""]),
        StringRecord::from(vec!["2023-02", "", "4", ""]),
        StringRecord::from(vec!["", "", "", ""]),
        StringRecord::from(vec!["2023-02", "Hale"]),
    ];
    let out = read_all(reader_for(roles), &rows);
    let columns: Vec<Option<usize>> = out.rejected.iter().map(|(_, p)| p.column).collect();
    assert_eq!(columns, [Some(0), Some(2), Some(1), None]);
    assert_eq!(out.used, 2);
    let hale = SeriesKey {
        area: Area {
            code: None,
            name: "Hale".into(),
        },
        measure: "Cases".into(),
        breakdown: None,
    };
    let jan = Period::month(2023, 1).unwrap();
    assert_eq!(out.set.get(&hale, &jan).unwrap().value, Some(1234.5));
    // A short row's missing figure is an empty cell, not zero.
    let feb = Period::month(2023, 2).unwrap();
    assert_eq!(
        out.set.get(&hale, &feb).unwrap().missing,
        Some(MissingReason::Empty)
    );
}

#[test]
fn hand_made_roles_are_checked_against_the_header() {
    let header = ["Period", "Area", "Value"];
    let mut roles = ColumnRoles::tidy(&header, 0, vec![2]);
    roles.area_name = Some(2);
    assert!(roles.check().unwrap_err().contains("two roles"));
    roles.area_name = Some(7);
    assert!(roles.check().unwrap_err().contains("does not exist"));
    assert!(
        ColumnRoles::tidy(&header, 0, vec![])
            .check()
            .unwrap_err()
            .contains("figures")
    );
    let wide = ColumnRoles::wide(&["Area", "2019", "2020"], &[1, 2]).unwrap();
    assert_eq!(wide.check(), Ok(()));
    assert!(ColumnRoles::wide(&["Area", "2019", "Total"], &[1, 2]).is_err());
}

#[test]
fn header_signature_ignores_drift_but_not_order() {
    let a = header_signature(&["Area Code", "Period [note 2]", "Value"]);
    let b = header_signature(&["\u{feff}area  code", " PERIOD ", "value (r)"]);
    let c = header_signature(&["Period", "Area Code", "Value"]);
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_eq!(a, "area code\tperiod\tvalue");
    let ab = header_signature(&["a b"]);
    assert_ne!(ab, header_signature(&["a", "b"]));
}

/// The app stores roles by header signature, so they must be serde types (compile-time).
#[test]
fn roles_are_serde_types_for_storing() {
    fn storable<T: serde::Serialize + serde::de::DeserializeOwned>() {}
    storable::<ColumnRoles>();
}

// ---------------------------------------------------------------------------------------
// Nothing panics.

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,10}",
        "(19|20)[0-9]{2}(/[0-9]{2})?",
        "[0-9]{1,6}",
        "E[0-9]{8}",
        Just(":".to_owned()),
        Just("2010-11".to_owned()),
        Just(String::new()),
    ]
}

proptest! {
    #[test]
    fn any_header_and_rows_never_panic(
        header in prop::collection::vec(cell(), 0..7),
        rows in prop::collection::vec(prop::collection::vec(cell(), 0..8), 0..12),
    ) {
        let _ = header_signature(&header);
        let guess = detect_roles(&header, &rows);
        if let Some(roles) = guess.roles {
            let records: Vec<StringRecord> =
                rows.iter().map(|r| StringRecord::from(r.clone())).collect();
            let out = read_all(reader_for(roles), &records);
            prop_assert!(out.set.figures() <= records.len() * header.len().max(1));
        }
    }

    #[test]
    fn any_hand_made_roles_never_panic(
        period in 0usize..10,
        values in prop::collection::vec(0usize..10, 0..4),
        categories in prop::collection::vec(0usize..10, 0..3),
        area in prop::option::of(0usize..10),
        rows in prop::collection::vec(prop::collection::vec(cell(), 0..8), 0..8),
    ) {
        let mut roles = ColumnRoles::tidy(&["a", "b", "c"], period, values);
        roles.categories = categories;
        roles.area_code = area;
        let _ = roles.check();
        let records: Vec<StringRecord> =
            rows.iter().map(|r| StringRecord::from(r.clone())).collect();
        let _ = read_all(reader_for(roles), &records);
    }
}

/// A council's wide table headed by an area column and bare years (`Beat,2021,2022,2023`)
/// under two title rows, with whole rows of `*`: the row of years is the header, each year a
/// calendar-year column. Expected figures are read straight from the file with the `csv`
/// crate, counting from the row whose first cell is `Beat`.
#[test]
fn bare_year_header_under_title_rows_is_a_wide_table_of_calendar_years() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/council-wide/beat-crimes-by-year.csv");
    let bytes = std::fs::read(&path).unwrap();
    let file = safer_trends::ingest::read_file("beat-crimes-by-year.csv", &bytes).unwrap();
    assert_eq!(file.format, Format::GenericWide);
    assert_eq!((file.details.title_rows, file.details.header_line), (2, 4));

    let records: Vec<StringRecord> = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes.as_slice())
        .records()
        .map(Result::unwrap)
        .collect();
    let at = records.iter().position(|r| &r[0] == "Beat").unwrap();
    let header = &records[at];
    let rows = &records[at + 1..];
    assert_eq!(file.rows.read, rows.len() as u64);
    assert_eq!((file.rows.used, file.rows.rejected), (rows.len() as u64, 0));

    let Content::Series(set) = &file.content else {
        panic!("expected a table, got {:?}", file.content);
    };
    let mut suppressed = 0;
    for row in rows {
        let key = SeriesKey {
            area: Area {
                code: None,
                name: row[0].to_owned(),
            },
            measure: "Value".into(),
            breakdown: None,
        };
        for column in 1..header.len() {
            let year: u16 = header[column].parse().unwrap();
            let figure = set
                .get(&key, &Period::calendar_year(year).unwrap())
                .unwrap_or_else(|| {
                    panic!(
                        "{} {year}: {:?}",
                        &row[0],
                        set.series().next().map(|(k, _)| k)
                    )
                });
            if &row[column] == "*" {
                suppressed += 1;
                assert_eq!(
                    (figure.value, figure.missing),
                    (None, Some(MissingReason::Suppressed))
                );
            } else {
                assert_eq!(figure.value, Some(row[column].parse::<f64>().unwrap()));
            }
        }
    }
    assert_eq!(suppressed, 7, "the file's * cells, counted by eye");
    assert_eq!(set.figures(), rows.len() * 3);
}
