//! Asking which column is which: the engine's unsure path on a messy council export (title
//! rows, BOM, CRLF, a suppressed and an empty cell, a bad month, a duplicate and a total row),
//! reading by the user's choice, remembering it by header, and nothing panicking on any input.
//!
//! Expectations are worked out here from the file with the `csv` crate and plain string tests
//! (a month is `YYYY-MM` with a month 01–12), independently of the app's readers.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use safer_trends::ingest::archive::{ArchiveOutcome, entry_name, read_zip_with};
use safer_trends::ingest::roles::{
    ColumnRole, PREVIEW_ROWS, RoleChoice, RolesSource, TablePreview, roles_key,
};
use safer_trends::ingest::{FileProblem, GenericRoles, ReadOutcome, read_file, read_file_with};
use safer_trends::model::{Content, Format, LoadedFile, MissingReason, SeriesSet};

const Q1: &str = "council-cases/asb-cases-2023-q1.csv";
const Q2: &str = "council-cases/asb-cases-2023-q2.csv";
/// A zip of the Q1 export beside a police.uk street file (`2023-01/…`), as a partnership
/// might bundle a month's files.
const Q1_ZIP: &str = "council-cases/asb-cases-2023-q1.zip";
const Q1_ENTRY: &str = "asb-cases/asb-cases-2023-q1.csv";
const STREET_ENTRY: &str = "2023-01/2023-01-city-of-london-street.csv";
/// Rows above the header in both files: a title and a "Run date" line.
const TITLE_ROWS: usize = 2;

use ColumnRole::*;

fn bytes(relative: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/data/{relative}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// The file as a plain CSV reader sees it: header, then data rows (blank lines skipped).
fn table(relative: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let data = bytes(relative);
    let text = std::str::from_utf8(&data)
        .unwrap()
        .trim_start_matches('\u{feff}');
    let mut records = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .into_records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect::<Vec<_>>())
        .skip(TITLE_ROWS);
    let header = records.next().unwrap();
    (header, records.collect())
}

fn asking() -> GenericRoles {
    GenericRoles {
        ask_when_unsure: true,
        ..GenericRoles::default()
    }
}

fn read(relative: &str, generic: &GenericRoles) -> ReadOutcome {
    read_file_with(
        relative.rsplit('/').next().unwrap(),
        bytes(relative).as_slice(),
        generic,
        &mut |_| {},
    )
    .unwrap()
}

fn loaded(outcome: ReadOutcome) -> (LoadedFile, Option<(TablePreview, RolesSource)>) {
    match outcome {
        ReadOutcome::Loaded { file, roles } => (file, roles),
        ReadOutcome::Ask(preview) => panic!("asked: {:?}", preview.reasons),
    }
}

fn series(file: &LoadedFile) -> &SeriesSet {
    match &file.content {
        Content::Series(set) => set,
        _ => panic!("a table gives series"),
    }
}

fn is_month(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && text[..4].bytes().all(|c| c.is_ascii_digit())
        && matches!(text[5..].parse::<u8>(), Ok(1..=12))
}

/// What the export holds when read as month, ward, category and Cases: rows read, rejected
/// (no month, or no ward at all), duplicates (the same month, ward and category again),
/// the distinct figures and areas, and the Cases cells that are markers or empty.
struct Expected {
    read: u64,
    rejected: u64,
    duplicates: u64,
    figures: usize,
    areas: usize,
    categories: usize,
    suppressed: usize,
    empty: usize,
    months: BTreeSet<String>,
    /// File lines of the rejected rows (no record in these files spans two lines).
    rejected_lines: Vec<u64>,
}

fn expected(relative: &str) -> Expected {
    let (_, rows) = table(relative);
    let mut seen = BTreeSet::new();
    let (mut rejected, mut duplicates, mut suppressed, mut empty) = (0, 0, 0, 0);
    let mut areas = BTreeSet::new();
    let mut categories = BTreeSet::new();
    let mut months = BTreeSet::new();
    let mut rejected_lines = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let (month, ward, code, category, cases) = (&row[0], &row[1], &row[2], &row[3], &row[4]);
        if !is_month(month) || (ward.is_empty() && code.is_empty()) {
            rejected += 1;
            // Title rows, the header, then the data from the next line.
            rejected_lines.push((TITLE_ROWS + 2 + index) as u64);
            continue;
        }
        if !seen.insert((month.clone(), ward.clone(), category.clone())) {
            duplicates += 1;
            continue;
        }
        match cases.as_str() {
            "*" => suppressed += 1,
            "" => empty += 1,
            _ => {}
        }
        areas.insert((code.clone(), ward.clone()));
        categories.insert(category.clone());
        months.insert(month.clone());
    }
    Expected {
        read: rows.len() as u64,
        rejected,
        duplicates,
        figures: seen.len(),
        areas: areas.len(),
        categories: categories.len(),
        suppressed,
        empty,
        months,
        rejected_lines,
    }
}

fn missing(set: &SeriesSet, reason: MissingReason) -> usize {
    set.series()
        .flat_map(|(_, points)| points.values())
        .filter(|f| f.missing == Some(reason))
        .count()
}

/// The answer a user gives in the panel for the export: Repeat callers is not a figure to
/// trend, the rest as guessed.
fn users_choice() -> RoleChoice {
    RoleChoice {
        columns: vec![Period, AreaName, AreaCode, Category, Value, Ignore],
        decimal_comma: false,
    }
}

#[test]
fn an_unsure_table_is_asked_about_with_its_header_first_rows_and_guess() {
    let (header, rows) = table(Q1);
    let ReadOutcome::Ask(preview) = read(Q1, &asking()) else {
        panic!("the export should be asked about");
    };
    assert_eq!(preview.file, "asb-cases-2023-q1.csv");
    assert_eq!(preview.header, header);
    assert_eq!(preview.rows.len(), PREVIEW_ROWS);
    assert_eq!(preview.rows, rows[..PREVIEW_ROWS]);
    // The suppressed cell is shown as written, not as a number or a blank.
    assert_eq!(preview.rows[4][4], "*");
    assert_eq!(preview.period_headers, vec![false; 6]);
    assert_eq!(preview.key, roles_key(&header));
    // The guess: period from its values, ward name and code, the category, and both numeric
    // columns as figures — which is why it asks.
    assert_eq!(
        preview.choice,
        RoleChoice {
            columns: vec![Period, AreaName, AreaCode, Category, Value, Value],
            decimal_comma: false,
        }
    );
    assert_eq!(preview.reasons.len(), 2, "{:?}", preview.reasons);
    assert!(preview.reasons[0].contains("\"Reporting Mth\" is read as the period"));
    assert!(preview.reasons[1].contains("2 columns hold numbers"));
    assert!(preview.choice.problems(&preview.period_headers).is_empty());
}

#[test]
fn the_users_choice_reads_every_row_with_the_usual_accounting() {
    let want = expected(Q1);
    let generic = GenericRoles {
        chosen: Some(users_choice()),
        ..asking()
    };
    let (file, roles) = loaded(read(Q1, &generic));
    let (preview, source) = roles.unwrap();
    assert_eq!(source, RolesSource::Chosen);
    assert_eq!(preview.choice, users_choice());
    assert!(preview.reasons.is_empty());

    assert_eq!(file.format, Format::GenericTidy);
    assert_eq!(file.details.title_rows, TITLE_ROWS);
    assert_eq!(file.details.header_line, TITLE_ROWS as u64 + 1);
    assert_eq!(file.rows.read, want.read);
    assert_eq!(file.rows.rejected, want.rejected);
    assert_eq!(file.rows.duplicates, want.duplicates);
    assert_eq!(file.rows.used, want.read - want.rejected - want.duplicates);
    assert_eq!((want.read, want.rejected, want.duplicates), (31, 2, 1));
    // The bad month and the total row, with their lines in the file.
    let lines: Vec<u64> = file.rejects.iter().map(|r| r.line).collect();
    assert_eq!(lines, want.rejected_lines);
    assert!(
        file.rejects[0].reason.contains("2023-13"),
        "{:?}",
        file.rejects
    );

    let set = series(&file);
    assert_eq!(set.figures(), want.figures);
    assert_eq!(set.areas().len(), want.areas);
    assert_eq!(set.measures().len(), want.categories);
    assert_eq!(missing(set, MissingReason::Suppressed), want.suppressed);
    assert_eq!(missing(set, MissingReason::Empty), want.empty);
    assert_eq!((want.suppressed, want.empty), (1, 1));
    assert_eq!(want.months.len(), 3);
    assert_eq!(
        file.coverage(),
        format!(
            "Apr 2023 to Jun 2023; {} areas, {} measures, {} figures",
            want.areas, want.categories, want.figures
        )
    );
}

#[test]
fn a_remembered_choice_reads_the_next_file_with_the_same_header_without_asking() {
    let (q1_header, _) = table(Q1);
    let (q2_header, _) = table(Q2);
    // Written differently (case), laid out the same: one key.
    assert_ne!(q1_header, q2_header);
    assert_eq!(roles_key(&q1_header), roles_key(&q2_header));
    let stored = users_choice().encode();
    let remembered =
        BTreeMap::from([(roles_key(&q1_header), RoleChoice::decode(&stored).unwrap())]);
    let generic = GenericRoles {
        remembered,
        ..asking()
    };
    let want = expected(Q2);
    let (file, roles) = loaded(read(Q2, &generic));
    assert_eq!(roles.unwrap().1, RolesSource::Remembered);
    assert_eq!(file.rows.read, want.read);
    assert_eq!(file.rows.used, want.read);
    assert_eq!(series(&file).figures(), want.figures);
    assert_eq!(series(&file).measures().len(), want.categories);
    assert_eq!(
        file.coverage(),
        format!(
            "Jul 2023 to Sep 2023; {} areas, {} measures, {} figures",
            want.areas, want.categories, want.figures
        )
    );
    // A choice remembered for another header is not used: the file is asked about.
    let other = GenericRoles {
        remembered: BTreeMap::from([("0123456789abcdef".to_owned(), users_choice())]),
        ..asking()
    };
    assert!(matches!(read(Q2, &other), ReadOutcome::Ask(_)));
}

#[test]
fn without_asking_the_guess_is_read_as_before() {
    let want = expected(Q1);
    let file = read_file("q1.csv", &bytes(Q1)).unwrap();
    // Both numeric columns as measures: each category twice.
    assert_eq!(series(&file).measures().len(), want.categories * 2);
    assert_eq!(file.rows.read, want.read);
    assert!(file.rows.balances());
    let (_, roles) = loaded(
        read_file_with(
            "q1.csv",
            bytes(Q1).as_slice(),
            &GenericRoles::default(),
            &mut |_| {},
        )
        .unwrap(),
    );
    assert_eq!(roles.unwrap().1, RolesSource::Guessed);
}

#[test]
fn a_sure_table_is_read_and_says_its_columns_were_detected() {
    let (file, roles) = loaded(read("council-tidy/crime_rate.csv", &asking()));
    let (preview, source) = roles.unwrap();
    assert_eq!(source, RolesSource::Detected);
    assert_eq!(file.format, Format::GenericTidy);
    // area_code,area_name,period,value,indicator,measure,unit,group
    assert_eq!(
        preview.choice.columns,
        [
            AreaCode, AreaName, Period, Value, Category, Category, Category, Category
        ]
    );
    // Specific formats are not asked about and carry no roles.
    let (street, roles) = loaded(read(
        "police-street/2020-04-city-of-london-street.csv",
        &asking(),
    ));
    assert_eq!(street.format, Format::PoliceStreet);
    assert_eq!(roles, None);
}

/// Years written as numbers under a name that does not say "period": the guess finds no
/// period, but the table could be read, so the user is asked rather than refused.
#[test]
fn a_table_with_no_period_the_guess_can_see_is_asked_about() {
    let text = "Yr,Beat,Incidents\n2019,Town Centre,41\n2020,Town Centre,12\n2021,Town Centre,30\n";
    let ReadOutcome::Ask(preview) =
        read_file_with("nte.csv", text.as_bytes(), &asking(), &mut |_| {}).unwrap()
    else {
        panic!("should ask");
    };
    // "Beat" is an area (a police patrol area); only the period is missing.
    assert_eq!(preview.choice.columns, [Ignore, AreaName, Value]);
    assert!(
        preview
            .reasons
            .iter()
            .any(|r| r.contains("no column of periods"))
    );
    let problems = preview.choice.problems(&preview.period_headers);
    assert_eq!(
        problems[0].message,
        "Choose one column as the period, or choose the columns headed by periods as period \
         columns"
    );
    // Without asking, it is refused as before; with the user's answer, it reads.
    let err = read_file("nte.csv", text.as_bytes()).unwrap_err();
    assert!(matches!(
        err.problem,
        FileProblem::UnrecognisedHeader { .. }
    ));
    let answer = GenericRoles {
        chosen: Some(RoleChoice {
            columns: vec![Period, AreaName, Value],
            decimal_comma: false,
        }),
        ..asking()
    };
    let (file, _) =
        loaded(read_file_with("nte.csv", text.as_bytes(), &answer, &mut |_| {}).unwrap());
    assert_eq!(file.rows.used, 3);
    assert_eq!(
        file.coverage(),
        "2019 to 2021; 1 area, 1 measure, 3 figures"
    );
}

/// Tables nobody could read as figures over time are still refused with the usual message.
#[test]
fn lookups_and_lists_are_refused_not_asked_about() {
    for text in [
        "Name,Colour\nApple,Red\n",
        "LAD16CD,LAD16NM,CSP16CD\nE06000001,Hartlepool,E22000001\n",
    ] {
        let err = read_file_with("x.csv", text.as_bytes(), &asking(), &mut |_| {}).unwrap_err();
        assert!(
            matches!(err.problem, FileProblem::UnrecognisedHeader { .. }),
            "{text}"
        );
    }
}

/// A choice that does not fit the file (it changed on disk since) is asked about again.
#[test]
fn a_choice_that_does_not_fit_is_asked_about_again() {
    let generic = GenericRoles {
        chosen: Some(RoleChoice {
            columns: vec![Period, Value],
            decimal_comma: false,
        }),
        ..asking()
    };
    let ReadOutcome::Ask(preview) = read(Q1, &generic) else {
        panic!("should ask again");
    };
    assert!(
        preview.reasons[0].contains("6 columns but 2"),
        "{:?}",
        preview.reasons
    );
}

/// Hostile text is carried as text, cut short, and the question stays small.
#[test]
fn the_question_is_bounded_whatever_the_file_holds() {
    let long = "<script>alert(1)</script>".repeat(400);
    let mut text = String::from("Yr,Beat,Incidents\n");
    for i in 0..200 {
        text.push_str(&format!("{},\"{long}\",{i}\n", 2000 + i % 20));
    }
    let ReadOutcome::Ask(preview) =
        read_file_with("big.csv", text.as_bytes(), &asking(), &mut |_| {}).unwrap()
    else {
        panic!("should ask");
    };
    // Only the first 64 KB are sampled, so rows this long give fewer than the usual ten.
    assert!((1..=PREVIEW_ROWS).contains(&preview.rows.len()));
    let cell = &preview.rows[0][1];
    assert!(cell.starts_with("<script>"));
    assert!(cell.chars().count() <= 61);
}

proptest! {
    #[test]
    fn any_file_and_any_choice_never_panic(
        body in "[0-9a-zA-Z,:*\"\n/ -]{0,300}",
        roles in proptest::collection::vec(0usize..7, 0..8),
        decimal_comma in any::<bool>(),
    ) {
        let text = format!("Reporting Mth,Ward,Cases,2019,2020\n{body}");
        let choice = RoleChoice {
            columns: roles.into_iter().map(|r| ColumnRole::ALL[r]).collect(),
            decimal_comma,
        };
        for chosen in [None, Some(choice.clone())] {
            let generic = GenericRoles { chosen, ..asking() };
            if let Ok(ReadOutcome::Loaded { file, .. }) =
                read_file_with("p.csv", text.as_bytes(), &generic, &mut |_| {})
            {
                prop_assert!(file.rows.balances());
            }
        }
        prop_assert_eq!(RoleChoice::decode(&choice.encode()).filter(|c| !c.columns.is_empty()),
            (!choice.columns.is_empty()).then_some(choice));
    }
}

fn read_zip_of(relative: &str, generic: &GenericRoles) -> ArchiveOutcome {
    read_zip_with(
        "cases.zip",
        std::io::Cursor::new(bytes(relative)),
        generic,
        &mut |_, _| {},
    )
    .unwrap()
}

#[test]
fn an_unsure_table_inside_a_zip_is_asked_about_by_its_entry_while_the_rest_is_read() {
    let read = read_zip_of(Q1_ZIP, &asking());
    assert!(read.skipped.is_empty());
    let mut outcomes: Vec<ReadOutcome> = read.entries.into_iter().map(Result::unwrap).collect();
    assert_eq!(outcomes.len(), 2);
    // The street file is read as ever; the export waits for the user.
    let ReadOutcome::Ask(preview) = outcomes.pop().unwrap() else {
        panic!("the export inside the zip should be asked about");
    };
    let (street, roles) = loaded(outcomes.pop().unwrap());
    assert_eq!(street.name, format!("cases.zip \u{203a} {STREET_ENTRY}"));
    assert_eq!(street.format, Format::PoliceStreet);
    assert!(roles.is_none());

    let (header, rows) = table(Q1);
    assert_eq!(preview.file, format!("cases.zip \u{203a} {Q1_ENTRY}"));
    assert_eq!(preview.file, entry_name("cases.zip", Q1_ENTRY));
    assert_eq!(preview.header, header);
    assert_eq!(preview.rows, rows[..PREVIEW_ROWS]);
    assert_eq!(preview.key, roles_key(&header));
    assert_eq!(preview.reasons.len(), 2, "{:?}", preview.reasons);
}

#[test]
fn the_answer_about_a_zip_entry_reads_that_entry_alone_and_is_remembered_for_the_next_zip() {
    let want = expected(Q1);
    let answer = GenericRoles {
        chosen: Some(users_choice()),
        entry: Some(Q1_ENTRY.to_owned()),
        ..asking()
    };
    let read = read_zip_of(Q1_ZIP, &answer);
    assert!(read.skipped.is_empty());
    let mut outcomes: Vec<ReadOutcome> = read.entries.into_iter().map(Result::unwrap).collect();
    assert_eq!(
        outcomes.len(),
        1,
        "only the entry asked about is read again"
    );
    let (file, roles) = loaded(outcomes.pop().unwrap());
    assert_eq!(file.name, format!("cases.zip \u{203a} {Q1_ENTRY}"));
    assert_eq!(roles.unwrap().1, RolesSource::Chosen);
    assert_eq!(file.format, Format::GenericTidy);
    assert_eq!(
        (
            file.rows.read,
            file.rows.used,
            file.rows.rejected,
            file.rows.duplicates
        ),
        (
            want.read,
            want.read - want.rejected - want.duplicates,
            want.rejected,
            want.duplicates
        )
    );
    assert_eq!(series(&file).figures(), want.figures);
    // The entry's own time, 10 Jul 2023 09:00 (read as UTC), not the archive's.
    assert_eq!(file.modified_ms, Some(1_688_979_600_000));

    // Remembered by header: the same zip again is read whole without asking.
    let (header, _) = table(Q1);
    let remembered = GenericRoles {
        remembered: BTreeMap::from([(roles_key(&header), users_choice())]),
        ..asking()
    };
    let read = read_zip_of(Q1_ZIP, &remembered);
    let outcomes: Vec<ReadOutcome> = read.entries.into_iter().map(Result::unwrap).collect();
    assert_eq!(outcomes.len(), 2);
    let sources: Vec<Option<RolesSource>> = outcomes
        .into_iter()
        .map(|o| loaded(o).1.map(|(_, how)| how))
        .collect();
    assert_eq!(sources, [None, Some(RolesSource::Remembered)]);

    // A choice for an entry the zip does not hold reads nothing.
    let elsewhere = GenericRoles {
        entry: Some("other/file.csv".to_owned()),
        ..answer
    };
    assert!(read_zip_of(Q1_ZIP, &elsewhere).entries.is_empty());
}
