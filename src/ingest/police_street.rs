//! police.uk street-level crime files (`YYYY-MM-<force>-street.csv`): one row per crime or
//! anti-social behaviour incident, counted here by month and crime type.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};

use csv::{ByteRecord, ReaderBuilder};

use super::{FileError, FileProblem, Sniffed, sniff};
use crate::model::{Format, LoadedFile, Month, MonthlyCounts, RejectedRow, RowAccount};

/// The header data.police.uk has written since 2011.
pub const STREET_HEADER: [&str; 12] = [
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
];

const FORMAT: Format = Format::PoliceStreet;
// How the format is named in messages about a file that is not one.
const FORMAT_NAME: &str = "police.uk street-level crime file";

// The columns that make a file a street-level file; the rest may drift without harm.
const REQUIRED: [&str; 4] = ["Month", "Reported by", "Falls within", "Crime type"];

// A reject log is for reading; a file that is wrong on every line says so in its count.
const MAX_KEPT_REJECTS: usize = 1_000;
const MAX_RAW_CHARS: usize = 500;

/// Reads one street-level file held in memory. See [`read_police_street_from`].
pub fn read_police_street(name: &str, bytes: &[u8]) -> Result<LoadedFile, FileError> {
    read_police_street_from(name, bytes, &mut |_| {})
}

/// How far a read has got, reported every [`PROGRESS_EVERY_ROWS`] rows and at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReadProgress {
    pub bytes: u64,
    pub rows: u64,
}

pub const PROGRESS_EVERY_ROWS: u64 = 50_000;

// Big enough that the sniffer sees a whole first line of any real file; the csv reader
// streams the rest, so memory stays bounded by the counts, never by the file.
const HEAD_BYTES: usize = 64 * 1024;

/// Reads one street-level file from a stream. Rows that cannot be used are rejected with line,
/// column and reason; the file as a whole fails only when there is nothing to read or the
/// stream itself fails.
pub fn read_police_street_from(
    name: &str,
    source: impl Read,
    progress: &mut dyn FnMut(ReadProgress),
) -> Result<LoadedFile, FileError> {
    let fail = |problem| FileError {
        file: name.to_owned(),
        problem,
    };
    let mut source = BufReader::with_capacity(HEAD_BYTES, source);
    let head = source
        .fill_buf()
        .map_err(|e| fail(FileProblem::Unreadable(e.to_string())))?;
    let bom_len = match sniff(head) {
        Sniffed::Empty => return Err(fail(FileProblem::Empty)),
        Sniffed::Binary(looks_like) => return Err(fail(FileProblem::NotText { looks_like })),
        Sniffed::Text { bom_len } => bom_len,
    };
    source.consume(bom_len);

    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(source);
    let mut record = ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) => {}
        Ok(false) => return Err(fail(FileProblem::Empty)),
        Err(error) => return Err(fail(unreadable(error))),
    }
    let columns = Columns::find(&record).map_err(fail)?;

    let mut counts = MonthlyCounts::default();
    let mut rows = RowAccount::default();
    let mut rejects = Vec::new();
    let mut publishers = BTreeSet::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => return Err(fail(unreadable(error))),
        }
        rows.read += 1;
        if rows.read.is_multiple_of(PROGRESS_EVERY_ROWS) {
            progress(ReadProgress {
                bytes: record.position().map_or(0, csv::Position::byte) + bom_len as u64,
                rows: rows.read,
            });
        }
        let line = record.position().map_or(0, csv::Position::line);
        match columns.read_row(&record) {
            Ok(row) => {
                rows.used += 1;
                counts.add(row.month, row.crime_type);
                if !publishers.contains(row.reported_by) {
                    publishers.insert(row.reported_by.to_owned());
                }
            }
            Err((column, reason)) => {
                rows.rejected += 1;
                keep(&mut rejects, line, Some(column), reason, &raw_text(&record));
            }
        }
    }
    if rows.read == 0 {
        return Err(fail(FileProblem::NoDataRows));
    }
    progress(ReadProgress {
        bytes: reader.position().byte() + bom_len as u64,
        rows: rows.read,
    });
    Ok(LoadedFile {
        name: name.to_owned(),
        format: FORMAT,
        counts,
        rows,
        rejects,
        publishers,
    })
}

/// With `flexible` set a record never has the wrong length, so the only error left is the
/// stream failing: the file cannot be read on.
fn unreadable(error: csv::Error) -> FileProblem {
    FileProblem::Unreadable(error.to_string())
}

/// Where the needed fields are, found by name so that column order can drift.
struct Columns {
    month: usize,
    reported_by: usize,
    crime_type: usize,
    width: usize,
}

struct StreetRow<'a> {
    month: Month,
    reported_by: &'a str,
    crime_type: &'a str,
}

impl Columns {
    fn find(header: &ByteRecord) -> Result<Columns, FileProblem> {
        let names: Vec<String> = header
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_owned())
            .collect();
        let position = |wanted: &str| names.iter().position(|n| n.eq_ignore_ascii_case(wanted));
        let missing: Vec<&'static str> = REQUIRED
            .iter()
            .copied()
            .filter(|c| position(c).is_none())
            .collect();
        match (
            position("Month"),
            position("Reported by"),
            position("Crime type"),
        ) {
            (Some(month), Some(reported_by), Some(crime_type)) if missing.is_empty() => {
                Ok(Columns {
                    month,
                    reported_by,
                    crime_type,
                    width: names.len(),
                })
            }
            _ => Err(FileProblem::UnrecognisedHeader {
                expected: FORMAT_NAME,
                missing,
                hint: sibling_format_hint(&position),
            }),
        }
    }

    /// The fields of one data row, or the 1-based column to blame and why.
    fn read_row<'r>(&self, record: &'r ByteRecord) -> Result<StreetRow<'r>, (usize, String)> {
        let field = |index: usize, name: &str| -> Result<&'r str, (usize, String)> {
            let bytes = record.get(index).ok_or_else(|| {
                (
                    index + 1,
                    format!(
                        "the row has {} fields but the header has {}, so there is no {name}",
                        record.len(),
                        self.width
                    ),
                )
            })?;
            let text = std::str::from_utf8(bytes).map_err(|_| {
                (
                    index + 1,
                    format!("the {name} is not valid UTF-8 text; save the file as UTF-8"),
                )
            })?;
            Ok(text.trim())
        };
        let month_text = field(self.month, "Month")?;
        let month =
            Month::parse_iso(month_text).map_err(|e| (self.month + 1, format!("Month: {e}")))?;
        let crime_type = field(self.crime_type, "Crime type")?;
        if crime_type.is_empty() {
            return Err((self.crime_type + 1, "the Crime type is empty".to_owned()));
        }
        let reported_by = field(self.reported_by, "Reported by")?;
        Ok(StreetRow {
            month,
            reported_by,
            crime_type,
        })
    }
}

/// Names the police.uk file a user most likely picked instead, from its header.
fn sibling_format_hint(position: &dyn Fn(&str) -> Option<usize>) -> Option<&'static str> {
    if position("Outcome type").is_some() {
        Some(
            "It looks like a police.uk outcomes file (…-outcomes.csv); choose the matching \
             …-street.csv file from the same download.",
        )
    } else if position("Object of search").is_some() {
        Some(
            "It looks like a police.uk stop-and-search file (…-stop-and-search.csv); choose \
             the …-street.csv files from the same download.",
        )
    } else {
        None
    }
}

fn keep(
    rejects: &mut Vec<RejectedRow>,
    line: u64,
    column: Option<usize>,
    reason: String,
    raw: &str,
) {
    if rejects.len() < MAX_KEPT_REJECTS {
        rejects.push(RejectedRow {
            line,
            column,
            reason,
            raw: raw.to_owned(),
        });
    }
}

/// The record as CSV text again, cut short so one huge line cannot flood the log.
fn raw_text(record: &ByteRecord) -> String {
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    let bytes = match writer.write_byte_record(record) {
        Ok(()) => writer.into_inner().unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let text = String::from_utf8_lossy(&bytes);
    let text = text.trim_end_matches(['\r', '\n']);
    match text.char_indices().nth(MAX_RAW_CHARS) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or_default()),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    const HEADER: &str = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n";

    fn m(s: &str) -> Month {
        Month::parse_iso(s).unwrap()
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
        let file = read_police_street("jan.csv", csv.as_bytes()).unwrap();
        assert_eq!(
            file.rows,
            RowAccount {
                read: 6,
                used: 3,
                rejected: 3
            }
        );
        assert!(file.rows.balances());
        assert_eq!(file.counts.count(m("2023-01"), "Burglary"), Some(2));
        assert_eq!(
            file.counts.count(m("2023-01"), "Anti-social behaviour"),
            Some(1)
        );
        assert_eq!(file.counts.total(m("2023-02")), None);
        let lines: Vec<u64> = file.rejects.iter().map(|r| r.line).collect();
        assert_eq!(lines, [4, 5, 6]);
        assert_eq!(file.rejects[0].column, Some(2));
        assert!(
            file.rejects[0].reason.contains("YYYY-MM")
                && file.rejects[0].reason.contains("2023-13")
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
    }

    #[test]
    fn crlf_bom_and_column_order_do_not_matter() {
        let csv = "\u{feff}Crime type,Month,Falls within,Reported by\r\nRobbery,2010-12,Met,Met\r\n\r\nRobbery, 2010-12 ,Met,Met\r\n";
        let file = read_police_street("x.csv", csv.as_bytes()).unwrap();
        assert_eq!(file.counts.count(m("2010-12"), "Robbery"), Some(2));
        assert_eq!(file.rows.read, 2);
    }

    #[test]
    fn invalid_utf8_rejects_the_row_not_the_file() {
        let mut bytes = HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(
            b"a,2023-01,P,P,,,,,,Caf\xe9 crime,,\nb,2023-01,P,P,,,,,,Robbery,,\n",
        );
        let file = read_police_street("x.csv", &bytes).unwrap();
        assert_eq!(
            file.rows,
            RowAccount {
                read: 2,
                used: 1,
                rejected: 1
            }
        );
        assert!(file.rejects[0].reason.contains("UTF-8"));
        assert_eq!(file.rejects[0].line, 2);
    }

    #[test]
    fn whole_file_problems_name_the_file_and_say_what_to_do() {
        let err = read_police_street("chart.png", b"\x89PNG\r\n\x1a\n\0\0").unwrap_err();
        assert_eq!(
            err.problem,
            FileProblem::NotText {
                looks_like: "a PNG image"
            }
        );
        assert!(err.to_string().starts_with("chart.png is not a CSV file"));

        let err = read_police_street("empty.csv", b"").unwrap_err();
        assert_eq!(err.problem, FileProblem::Empty);

        let err = read_police_street("header.csv", HEADER.as_bytes()).unwrap_err();
        assert_eq!(err.problem, FileProblem::NoDataRows);

        let outcomes = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type\nx,2023-01,P,P,,,,,,Court\n";
        let err = read_police_street("2023-01-city-of-london-outcomes.csv", outcomes.as_bytes())
            .unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("no \u{201c}Crime type\u{201d} column"),
            "{message}"
        );
        assert!(message.contains("outcomes file"), "{message}");

        let other = "area,period,value\nX,2020,1\n";
        let message = read_police_street("other.csv", other.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(message.contains("\u{201c}Month\u{201d}, \u{201c}Reported by\u{201d}, \u{201c}Falls within\u{201d} or \u{201c}Crime type\u{201d} columns"), "{message}");
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
        let mut reports = Vec::new();
        let streamed =
            read_police_street_from("x.csv", Trickle(csv.as_bytes()), &mut |p| reports.push(p))
                .unwrap();
        assert_eq!(
            streamed,
            read_police_street("x.csv", csv.as_bytes()).unwrap()
        );
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
        assert!(reports.windows(2).all(|w| w[0].bytes < w[1].bytes));
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
        let err = read_police_street_from("gone.csv", Broken, &mut |_| {}).unwrap_err();
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
        let file = read_police_street("x.csv", csv.as_bytes()).unwrap();
        assert!(file.rejects[0].raw.chars().count() <= MAX_RAW_CHARS + 1);
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_always_balances(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let mut input = HEADER.as_bytes().to_vec();
            input.extend_from_slice(&bytes);
            if let Ok(file) = read_police_street("fuzz.csv", &input) {
                proptest::prop_assert!(file.rows.balances());
            }
            let _ = read_police_street("fuzz.csv", &bytes);
        }
    }
}
