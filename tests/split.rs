//! One file read in two parts (as two workers read a big file) gives exactly what reading it
//! in one go gives: counts, every row's account, rejected rows with their own line numbers,
//! and the same error for a file that cannot be read. Split at every kind of awkward point.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use proptest::prelude::*;
use safer_trends::ingest::split::{merge_halves, split_point};
use safer_trends::ingest::{
    FileError, GenericRoles, ReadOutcome, read_file, read_first_part, read_later_part,
};
use safer_trends::model::LoadedFile;

const HEADER: &str = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context";

/// How a file split at `at` comes out, doing what the worker pool does: the first part
/// stops at the split only at a record boundary; the second part's reader starts there
/// with the first's settings; a second part that fails is read again with the whole file.
/// Also whether the parts were really read apart.
fn split_read(name: &str, bytes: &[u8], at: usize) -> (Result<LoadedFile, FileError>, bool) {
    let mut settings = None;
    let first = match read_first_part(
        name,
        bytes,
        at as u64,
        &GenericRoles::default(),
        &mut |s: &safer_trends::ingest::HeadSettings| settings = Some(s.clone()),
        &mut |_| {},
    ) {
        Ok(first) => first,
        Err(error) => return (Err(error), false),
    };
    let file = loaded(first.outcome);
    let (Some(settings), Some(line_offset)) = (settings, first.line_offset) else {
        return (Ok(file), false);
    };
    match read_later_part(name, &bytes[at..], &settings, &mut |_| {}) {
        Ok(second) => {
            let merged =
                merge_halves(file, second, line_offset).expect("parts of a splittable file merge");
            (Ok(merged), true)
        }
        Err(_) => (read_file(name, bytes), false),
    }
}

/// The file a read gave; these tests never ask about columns.
fn loaded(outcome: ReadOutcome) -> LoadedFile {
    match outcome {
        ReadOutcome::Loaded { file, .. } => file,
        ReadOutcome::Ask(preview) => panic!("asked about {:?}", preview.header),
    }
}

/// Splits at every offset in `offsets` and compares with the whole read; returns how many
/// splits were really read in two parts.
fn check_splits(name: &str, bytes: &[u8], offsets: impl Iterator<Item = usize>) -> usize {
    let whole = read_file(name, bytes);
    let mut parted = 0;
    for at in offsets {
        let (split, apart) = split_read(name, bytes, at);
        assert_eq!(split, whole, "{name} split at byte {at}");
        parted += usize::from(apart);
    }
    parted
}

/// Just after every line ending: where the pool would split.
fn line_starts(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    (0..bytes.len()).filter_map(|i| {
        split_point(&bytes[i..], i as u64, bytes.len() as u64).map(|at| at as usize)
    })
}

fn row(id: &str, month: &str, kind: &str, context: &str) -> String {
    format!(
        "{id},{month},Force,Force,-0.1,51.5,On or near X,E01000001,Area 001A,{kind},Under investigation,{context}"
    )
}

/// A street file with everything awkward: quoted fields with line breaks and delimiters,
/// rejected rows (bad month, missing type, short row) on both sides of any split, blank lines.
fn awkward_street_file(ending: &str) -> String {
    let mut lines = vec![HEADER.to_owned()];
    for i in 0..40 {
        let month = format!("2023-{:02}", i % 12 + 1);
        lines.push(match i % 8 {
            1 => row(&format!("id{i}"), "2023-13", "Burglary", ""),
            2 => row(
                &format!("id{i}"),
                &month,
                "Drugs",
                &format!("\"two{ending}lines, with a comma\""),
            ),
            3 => row("", &month, "", ""),
            4 => format!("id{i},{month},Force"),
            5 => String::new(),
            6 => row(
                &format!("\"id{i}\"\"q\""),
                &month,
                "Robbery",
                &format!("\"{ending}{ending}\""),
            ),
            _ => row(&format!("id{i}"), &month, "Burglary", ""),
        });
    }
    lines.join(ending) + ending
}

#[test]
fn generated_street_files_split_anywhere_read_as_whole() {
    for ending in ["\n", "\r\n", "\r"] {
        let text = awkward_street_file(ending);
        let bytes = text.as_bytes();
        // Every byte, not just line starts: a split inside a line, a character or a CRLF
        // must fall back to reading on, never give a different answer.
        let parted = check_splits("street.csv", bytes, 0..=bytes.len() + 1);
        if ending != "\r" {
            assert!(
                parted > 20,
                "only {parted} splits read in parts with {ending:?}"
            );
        }
    }
}

#[test]
fn a_split_inside_a_quoted_line_break_reads_on_to_the_end() {
    let text = format!(
        "{HEADER}\n{}\n{}\n{}\n",
        row("a", "2023-01", "Burglary", ""),
        row("b", "2023-01", "Drugs", "\"first\nsecond\nthird\""),
        row("c", "2023-13", "Drugs", ""),
    );
    let bytes = text.as_bytes();
    let inside = text.find("second").unwrap();
    let (split, apart) = split_read("q.csv", bytes, inside);
    assert!(!apart);
    assert_eq!(split, read_file("q.csv", bytes));
    // At the start of the next record the parts are read apart, and the reject's line is
    // the file's own.
    let next = text.find("c,2023-13").unwrap();
    let (split, apart) = split_read("q.csv", bytes, next);
    assert!(apart);
    let split = split.unwrap();
    assert_eq!(split.rejects[0].line, 6);
    assert_eq!(split, read_file("q.csv", bytes).unwrap());
}

#[test]
fn title_rows_bom_no_final_line_ending_and_windows_1252() {
    let mut text = String::from("\u{feff}Crime data for Somewhere\nDownloaded 2024\n\n");
    text.push_str(HEADER);
    for i in 0..30 {
        text.push('\n');
        text.push_str(&row(
            &format!("x{i}"),
            if i == 17 { "Jan" } else { "2023-02" },
            "Café crime",
            "",
        ));
    }
    let parted = check_splits("titles.csv", text.as_bytes(), line_starts(text.as_bytes()));
    assert!(parted > 20);
    let mut cp1252: Vec<u8> = text
        .trim_start_matches('\u{feff}')
        .chars()
        .map(|c| c as u32 as u8)
        .collect();
    cp1252.extend_from_slice(b"\r\n");
    let parted = check_splits("ansi.csv", &cp1252, 0..=cp1252.len());
    assert!(parted > 20);
}

#[test]
fn broken_bytes_are_rejected_on_their_own_lines_in_either_part() {
    let mut bytes = format!("{HEADER}\n").into_bytes();
    for i in 0..30 {
        let kind = if i % 7 == 3 {
            "Burgl\u{1}ary"
        } else {
            "Burglary"
        };
        let mut line = row(&format!("r{i}"), "2023-03", kind, "caf\u{e9}").into_bytes();
        if let Some(p) = line.iter().position(|&b| b == 1) {
            line[p] = 0xff; // not UTF-8
        }
        bytes.extend_from_slice(&line);
        bytes.push(b'\n');
    }
    let whole = read_file("broken.csv", &bytes).unwrap();
    assert!(whole.rows.rejected >= 4);
    let parted = check_splits("broken.csv", &bytes, line_starts(&bytes));
    assert!(parted > 20);
}

#[test]
fn a_nul_in_either_part_fails_the_file_as_a_whole_read_does() {
    let mut bytes = format!("{HEADER}\n").into_bytes();
    for i in 0..20 {
        bytes.extend_from_slice(row(&format!("r{i}"), "2023-03", "Drugs", "").as_bytes());
        bytes.push(b'\n');
    }
    let nul = bytes.len() - 30;
    bytes[nul] = 0;
    assert!(read_file("nul.csv", &bytes).is_err());
    check_splits("nul.csv", &bytes, line_starts(&bytes));
}

#[test]
fn real_police_files_split_at_every_line() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/");
    for path in [
        "police-street/2020-04-city-of-london-street.csv",
        "police-street/first-publication-2023-03/2023-01-city-of-london-street.csv",
        "police-stop-search/2023-01-city-of-london-stop-and-search.csv",
        "police-stop-search/2019-03-city-of-london-stop-and-search.csv",
    ] {
        let bytes = std::fs::read(format!("{root}{path}")).unwrap();
        let starts: Vec<usize> = line_starts(&bytes).collect();
        // A spread of lines through each file (every line would take minutes unoptimised).
        let step = (starts.len() / 60).max(1);
        let parted = check_splits(path, &bytes, starts.iter().copied().step_by(step));
        assert!(
            parted * 10 > starts.len() / step * 9,
            "{path}: {parted} read in parts"
        );
    }
}

#[test]
fn a_reader_that_remembers_rows_is_not_split() {
    // Outcomes de-duplicate by Crime ID and outcome: a repeat across the split would be
    // missed, so the file is read in one piece however it is offered.
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/");
    let bytes = std::fs::read(format!(
        "{root}police-outcomes/2023-01-city-of-london-outcomes.csv"
    ))
    .unwrap();
    let whole = read_file("o.csv", &bytes).unwrap();
    let mut offered = false;
    let first = read_first_part(
        "o.csv",
        &bytes[..],
        bytes.len() as u64 / 2,
        &GenericRoles::default(),
        &mut |_| offered = true,
        &mut |_| {},
    )
    .unwrap();
    assert!(!offered);
    assert_eq!(first.line_offset, None);
    assert_eq!(loaded(first.outcome), whole);
    // Nor would two parts of it merge.
    assert_eq!(merge_halves(whole.clone(), whole, 10), None);
}

#[test]
fn the_reject_log_keeps_its_cap_across_parts() {
    let mut text = format!("{HEADER}\n");
    for i in 0..1_500 {
        text.push_str(&row(&format!("r{i}"), "bad", "Drugs", ""));
        text.push('\n');
    }
    let bytes = text.as_bytes();
    let whole = read_file("bad.csv", bytes).unwrap();
    assert_eq!(whole.rejects.len(), 1_000);
    for at in [bytes.len() / 3, bytes.len() * 2 / 3, bytes.len() * 9 / 10] {
        let at = split_point(&bytes[at..], at as u64, bytes.len() as u64).unwrap() as usize;
        let (split, apart) = split_read("bad.csv", bytes, at);
        assert!(apart);
        assert_eq!(split.unwrap(), whole);
    }
}

#[test]
fn a_crime_id_repeated_across_the_split_counts_once() {
    // The same crime listed again further down (police.uk does this with another location
    // or outcome): the first row counts, wherever the file is cut.
    let mut text = format!("{HEADER}\n");
    text.push_str(&row("same", "2023-01", "Burglary", ""));
    text.push('\n');
    for i in 0..40 {
        text.push_str(&row(&format!("r{i}"), "2023-01", "Drugs", ""));
        text.push('\n');
    }
    text.push_str(&row("same", "2023-01", "Robbery", ""));
    text.push('\n');
    let bytes = text.as_bytes();
    let whole = read_file("same.csv", bytes).unwrap();
    assert_eq!((whole.rows.used, whole.rows.duplicates), (41, 1));
    let at = bytes.len() / 2;
    let at = split_point(&bytes[at..], at as u64, bytes.len() as u64).unwrap() as usize;
    let (split, apart) = split_read("same.csv", bytes, at);
    assert!(apart);
    assert_eq!(split.unwrap(), whole);
}

/// A generated street file from a script of awkward rows.
fn scripted(rows: &[(u8, u8)], crlf: bool) -> Vec<u8> {
    let ending = if crlf { "\r\n" } else { "\n" };
    let mut text = String::new();
    if rows.first().is_some_and(|(kind, _)| kind % 5 == 0) {
        text.push_str("A title row\n\n");
    }
    text.push_str(HEADER);
    text.push_str(ending);
    for (i, (kind, month)) in rows.iter().enumerate() {
        let month = format!("2023-{:02}", month % 13 + 1); // 13 is rejected
        // Half the rows take their Crime ID from a few, so IDs repeat on both sides of a
        // split as well as within a part (the first row of an ID is the one counted).
        let id = if *kind >= 128 {
            format!("r{}", kind % 7)
        } else {
            format!("r{i}")
        };
        text.push_str(&match kind % 6 {
            0 => row(&id, &month, "Drugs", &format!("\"a{ending}b\"")),
            1 => row(&id, &month, "Burglary", "\"x, y\""),
            2 => String::new(),
            3 => format!("r{i},{month}"),
            4 => row(&id, &month, "Vehicle crime", "\"caf\u{e9} \"\"q\"\"\""),
            _ => row("", &month, "Anti-social behaviour", ""),
        });
        text.push_str(ending);
    }
    text.into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_split_of_any_file_reads_as_the_whole(
        rows in proptest::collection::vec((any::<u8>(), any::<u8>()), 1..60),
        crlf in any::<bool>(),
        cut in 0.0f64..1.0,
        to_line_start in any::<bool>(),
    ) {
        let bytes = scripted(&rows, crlf);
        let mut at = (bytes.len() as f64 * cut) as usize;
        if to_line_start && let Some(start) = split_point(&bytes[at..], at as u64, bytes.len() as u64) {
            at = start as usize;
        }
        let (split, _) = split_read("p.csv", &bytes, at);
        prop_assert_eq!(split, read_file("p.csv", &bytes));
    }
}
