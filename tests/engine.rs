//! The reading engine, through the police.uk street reader: every row accounted for, files in
//! the encodings, delimiters and layouts Excel and council systems write, streamed with
//! progress, and one clear message for a file that cannot be read.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use safer_trends::ingest::{
    FileProblem, PROGRESS_EVERY_ROWS, ReadProgress, read_file, read_file_from,
};
use safer_trends::model::{Content, Format, LoadedFile, Month, MonthlyCounts, RowAccount};

const HEADER: &str = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n";

fn m(s: &str) -> Month {
    Month::parse_iso(s).unwrap()
}

fn counts(file: &LoadedFile) -> MonthlyCounts {
    match &file.content {
        Content::Street(street) => street.monthly(),
        other => panic!("expected street counts, got {other:?}"),
    }
}

#[test]
fn counts_rows_by_month_and_type_and_accounts_for_every_row() {
    let csv = format!(
        "{HEADER}\
         abc,2023-01,City of London Police,City of London Police,-0.1,51.5,On or near X,E01000916,Camden 027B,Burglary,Under investigation,\n\
         ,2023-01,City of London Police,City of London Police,,,No location,,,Anti-social behaviour,,\n\
         def,2023-13,City of London Police,City of London Police,,,,,,Burglary,,\n\
         ghi,2023-01,City of London Police,City of London Police,,,,,,,,\n\
         jkl,2023-01,City of London Police\n\
         \"m,n\",2023-01,City of London Police,City of London Police,,,\"On or near \"\"Quoted\"\" Street\",,,Burglary,,\"multi\nline context\"\n"
    );
    let file = read_file("jan.csv", csv.as_bytes()).unwrap();
    assert_eq!(file.format, Format::PoliceStreet);
    assert_eq!(
        file.rows,
        RowAccount {
            read: 6,
            used: 3,
            rejected: 3,
            duplicates: 0
        }
    );
    assert!(file.rows.balances());
    assert_eq!(counts(&file).count(m("2023-01"), "Burglary"), Some(2));
    assert_eq!(
        counts(&file).count(m("2023-01"), "Anti-social behaviour"),
        Some(1)
    );
    let lines: Vec<u64> = file.rejects.iter().map(|r| r.line).collect();
    assert_eq!(lines, [4, 5, 6]);
    assert_eq!(file.rejects[0].column, Some(2));
    assert!(
        file.rejects[0].reason.contains("YYYY-MM") && file.rejects[0].reason.contains("2023-13")
    );
    assert_eq!(file.rejects[1].column, Some(10));
    assert!(file.rejects[1].reason.contains("Crime type is empty"));
    assert!(
        file.rejects[2].reason.contains("3 fields"),
        "{}",
        file.rejects[2].reason
    );
    assert_eq!(file.rejects[2].raw, "jkl,2023-01,City of London Police");
    assert_eq!(
        file.publishers.iter().collect::<Vec<_>>(),
        ["City of London Police"]
    );
    assert_eq!(
        (
            file.details.delimiter,
            file.details.title_rows,
            file.details.header_line
        ),
        (',', 0, 1)
    );
}

#[test]
fn crlf_bom_and_column_order_do_not_matter() {
    let csv = "\u{feff}Crime type,Month,Falls within,Reported by\r\nRobbery,2010-12,Met,Met\r\n\r\nRobbery, 2010-12 ,Met,Met\r\n";
    let file = read_file("x.csv", csv.as_bytes()).unwrap();
    assert_eq!(counts(&file).count(m("2010-12"), "Robbery"), Some(2));
    assert_eq!(file.rows.read, 2);
}

#[test]
fn utf16_windows_1252_semicolons_and_title_rows_are_read_as_excel_writes_them() {
    let body = "Crime ID;Month;Reported by;Falls within;Crime type\r\na;2023-01;Avon;Avon;Café crime\r\nb;2023-02;Avon;Avon;Robbery\r\n";
    // UTF-16 LE with a byte-order mark, as Excel's "Unicode text".
    let mut utf16 = vec![0xff, 0xfe];
    for unit in body.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let file = read_file("unicode.csv", &utf16).unwrap();
    assert_eq!(counts(&file).count(m("2023-01"), "Café crime"), Some(1));
    assert!(
        file.details.encoding.starts_with("UTF-16 (little-endian)"),
        "{}",
        file.details.encoding
    );
    assert_eq!(file.details.delimiter, ';');

    // Windows-1252 with two title rows above the header.
    let titled = format!("Street crime extract\r\nSource: police.uk\r\n{body}");
    let cp1252: Vec<u8> = titled
        .chars()
        .map(|c| if c == 'é' { 0xe9 } else { c as u8 })
        .collect();
    let file = read_file("excel.csv", &cp1252).unwrap();
    assert_eq!(counts(&file).count(m("2023-01"), "Café crime"), Some(1));
    assert_eq!(file.details.title_rows, 2);
    assert_eq!(file.details.header_line, 3);
    assert!(
        file.details.encoding.starts_with("Windows-1252"),
        "{}",
        file.details.encoding
    );
    assert_eq!(
        file.rows,
        RowAccount {
            read: 2,
            used: 2,
            ..RowAccount::default()
        }
    );
}

#[test]
fn invalid_utf8_rejects_the_row_not_the_file() {
    let mut bytes = HEADER.as_bytes().to_vec();
    // Each crime its own Crime ID: a repeated ID would be a duplicate.
    for i in 0..20 {
        bytes.extend_from_slice(format!("a{i},2023-01,P,P,,,,,,Café,,\n").as_bytes());
    }
    bytes.extend_from_slice(b"a,2023-01,P,P,,,,,,Caf\xe9 crime,,\nb,2023-01,P,P,,,,,,Robbery,,\n");
    let file = read_file("x.csv", &bytes).unwrap();
    assert_eq!(
        file.rows,
        RowAccount {
            read: 22,
            used: 21,
            rejected: 1,
            duplicates: 0
        }
    );
    assert!(
        file.rejects[0].reason.contains("not valid UTF-8"),
        "{}",
        file.rejects[0].reason
    );
    assert_eq!(file.rejects[0].line, 22);
}

#[test]
fn whole_file_problems_name_the_file_and_say_what_to_do() {
    let err = read_file("chart.png", b"\x89PNG\r\n\x1a\n\0\0").unwrap_err();
    assert_eq!(
        err.problem,
        FileProblem::NotText {
            looks_like: "a PNG image"
        }
    );
    assert!(err.to_string().starts_with("chart.png is not a CSV file"));
    assert_eq!(
        read_file("empty.csv", b"").unwrap_err().problem,
        FileProblem::Empty
    );
    assert_eq!(
        read_file("blank.csv", b" \r\n\n").unwrap_err().problem,
        FileProblem::Empty
    );
    assert_eq!(
        read_file("bin.dat", b"abc\0def").unwrap_err().problem,
        FileProblem::NotText {
            looks_like: "a binary file, not text"
        }
    );
    assert_eq!(
        read_file("header.csv", HEADER.as_bytes())
            .unwrap_err()
            .problem,
        FileProblem::NoDataRows
    );
    let message = read_file("fruit.csv", b"Name,Colour\nApple,Red\n")
        .unwrap_err()
        .to_string();
    assert!(message.starts_with("fruit.csv is not a table Safer Trends can read: its header (line 1) has the columns \u{201c}Name\u{201d}, \u{201c}Colour\u{201d}."), "{message}");
}

#[test]
fn streams_in_small_reads_with_progress_and_the_same_result() {
    /// Hands out at most 7 bytes per read, like a slow stream.
    struct Trickle<'a>(&'a [u8]);
    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.len().min(buf.len()).min(7);
            let (now, rest) = self.0.split_at(n);
            buf[..n].copy_from_slice(now);
            self.0 = rest;
            Ok(n)
        }
    }
    let mut csv = format!("\u{feff}{HEADER}");
    for i in 0..(PROGRESS_EVERY_ROWS * 2 + 5) {
        csv.push_str(&format!("id{i},2023-0{},P,P,,,,,,Robbery,,\n", 1 + i % 3));
    }
    let mut reports: Vec<ReadProgress> = Vec::new();
    let streamed =
        read_file_from("x.csv", Trickle(csv.as_bytes()), &mut |p| reports.push(p)).unwrap();
    assert_eq!(streamed, read_file("x.csv", csv.as_bytes()).unwrap());
    assert_eq!(streamed.rows.used, PROGRESS_EVERY_ROWS * 2 + 5);
    let rows: Vec<u64> = reports.iter().map(|p| p.rows).collect();
    assert_eq!(
        rows,
        [
            PROGRESS_EVERY_ROWS,
            PROGRESS_EVERY_ROWS * 2,
            PROGRESS_EVERY_ROWS * 2 + 5
        ]
    );
    assert_eq!(reports.last().unwrap().bytes, csv.len() as u64);
    assert!(reports.windows(2).all(|w| w[0].bytes <= w[1].bytes));
}

#[test]
fn a_failing_stream_is_one_clear_file_error() {
    struct Broken;
    impl std::io::Read for Broken {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other(
                "the file was moved while it was being read",
            ))
        }
    }
    let err = read_file_from("gone.csv", Broken, &mut |_| {}).unwrap_err();
    assert!(matches!(err.problem, FileProblem::Unreadable(_)));
    assert!(
        err.to_string().contains("gone.csv could not be read"),
        "{err}"
    );
    assert!(err.to_string().contains("moved"), "{err}");
}

#[test]
fn a_huge_line_is_cut_short_in_the_log() {
    let long = "x".repeat(10_000);
    let csv = format!("{HEADER}{long},bad-month,P,P\n");
    let file = read_file("x.csv", csv.as_bytes()).unwrap();
    assert!(file.rejects[0].raw.chars().count() <= 501);
}

proptest::proptest! {
    #[test]
    fn never_panics_and_always_balances(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
        let mut input = HEADER.as_bytes().to_vec();
        input.extend_from_slice(&bytes);
        if let Ok(file) = read_file("fuzz.csv", &input) {
            proptest::prop_assert!(file.rows.balances());
        }
        let _ = read_file("fuzz.csv", &bytes);
    }
}

/// The real files of every police.uk kind and a Fingertips export, through the whole engine:
/// recognised, every row accounted for against the published row counts.
#[test]
fn real_files_of_each_kind_are_recognised_and_fully_accounted_for() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/");
    let sources = std::fs::read_to_string(format!("{root}SOURCES.md")).unwrap();
    let published = |path: &str| -> u64 {
        let line = sources
            .lines()
            .find(|l| l.starts_with(&format!("- `{path}`")))
            .unwrap();
        let head = line.split(" data rows").next().unwrap();
        head.rsplit(' ').next().unwrap().parse().unwrap()
    };
    for (path, format) in [
        (
            "police-outcomes/2023-01-city-of-london-outcomes.csv",
            Format::PoliceOutcomes,
        ),
        (
            "police-outcomes/2012-01-metropolitan-outcomes.csv",
            Format::PoliceOutcomes,
        ),
        (
            "police-stop-search/2024-08-metropolitan-stop-and-search.csv",
            Format::PoliceStopSearch,
        ),
        (
            "police-stop-search/2015-04-metropolitan-stop-and-search.csv",
            Format::PoliceStopSearch,
        ),
        (
            "fingertips/indicators-CountyUA.data.csv",
            Format::Fingertips,
        ),
        (
            "fingertips/indicators-CountyUApre419.data.csv",
            Format::Fingertips,
        ),
        (
            "police-street/2010-12-metropolitan-street.csv",
            Format::PoliceStreet,
        ),
    ] {
        let file = read_file(path, &std::fs::read(format!("{root}{path}")).unwrap()).unwrap();
        assert_eq!(file.format, format, "{path}");
        assert_eq!(file.rows.read, published(path), "{path}: rows read");
        assert!(file.rows.balances(), "{path}");
        // The Home Office file publishes 25 negative rolling totals (net adjustments), which
        // are rejected with a reason rather than counted as offences.
        let expected_rejects = if path.contains("rec-crime-pfa") {
            25
        } else {
            0
        };
        assert_eq!(
            file.rows.rejected,
            expected_rejects,
            "{path}: {:?}",
            file.rejects.first()
        );
    }
}

#[test]
fn a_lookup_table_is_not_mistaken_for_figures() {
    let path = "other/Local_Authority_District_to_Community_Safety_Partnerships_to_Police_Force_Areas__December_2016__Lookup_in_England_and_Wales.csv";
    let bytes =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/").to_owned() + path)
            .unwrap();
    let err = read_file("lookup.csv", &bytes).unwrap_err();
    assert!(
        matches!(err.problem, FileProblem::UnrecognisedHeader { line: 1, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("\u{201c}LAD16CD\u{201d}"), "{err}");
}
