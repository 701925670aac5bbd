//! Reading any file, the same way for every format: sniff, decode as it streams, find the
//! delimiter and the header below any title rows, recognise the format, then account for
//! every row — used, rejected (with line, column and reason) or a duplicate.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::rc::Rc;

use csv::{ReaderBuilder, StringRecord};
use serde::{Deserialize, Serialize};

use super::format::{HeaderIndex, RecordReader, RowUse};
use super::formats;
use super::formats::generic::{Confidence, detect_roles, reader_for};
use super::roles::{RoleChoice, RolesSource, TablePreview, roles_key};
use super::sniff::binary_signature;
use super::text::{
    HEADER_SEARCH_ROWS, HeaderRow, TextDecoder, TextEncoding, detect_encoding, find_header_row,
    read_sample_records, sniff_delimiter,
};
use super::{FileError, FileProblem};
use crate::model::{LoadedFile, ReadDetails, RejectedRow, RowAccount};

/// How far a read has got, reported every [`PROGRESS_EVERY_ROWS`] rows and at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReadProgress {
    /// Bytes of the file consumed so far.
    pub bytes: u64,
    pub rows: u64,
}

pub const PROGRESS_EVERY_ROWS: u64 = 50_000;

// The sniffers see this much of the start of the file; the rest is streamed. Big enough for
// the first line of any real file and dozens of rows for the header and delimiter guesses.
const HEAD_BYTES: usize = 64 * 1024;
// Raw bytes decoded per step.
const DECODE_CHUNK: usize = 256 * 1024;
// A reject log is for reading; a file that is wrong on every line says so in its count.
const MAX_KEPT_REJECTS: usize = 1_000;
const MAX_RAW_CHARS: usize = 500;

/// Reads one file held in memory. See [`read_file_from`].
pub fn read_file(name: &str, bytes: &[u8]) -> Result<LoadedFile, FileError> {
    read_file_from(name, bytes, &mut |_| {})
}

/// Reads one file from a stream, recognising its format from its header. Memory is bounded by
/// what the format keeps (counts, figures), not by the file. Bad rows are rejected and logged;
/// the file fails as a whole only when there is nothing it can read. A table only the generic
/// reader recognises is read with its best guess, sure or not (see [`read_file_with`]).
pub fn read_file_from(
    name: &str,
    source: impl Read,
    progress: &mut dyn FnMut(ReadProgress),
) -> Result<LoadedFile, FileError> {
    match read_file_with(name, source, &GenericRoles::default(), progress)? {
        ReadOutcome::Loaded { file, .. } => Ok(file),
        // Not asked for, so not given; a file that needed asking is one the guess could
        // not read.
        ReadOutcome::Ask(preview) => Err(FileError {
            file: name.to_owned(),
            problem: FileProblem::UnrecognisedHeader {
                line: 1,
                columns: preview.header,
            },
        }),
    }
}

/// How tables that only the generic reader recognises are to be read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GenericRoles {
    /// The user's choice for this file: read by it, whatever the header looks like.
    pub chosen: Option<RoleChoice>,
    /// Choices the user made before, by [`roles_key`] of their header: a file with the same
    /// header is read the same way rather than guessed.
    pub remembered: BTreeMap<String, RoleChoice>,
    /// Answer with a question ([`ReadOutcome::Ask`]) rather than read with an unsure guess,
    /// or fail, when the user could say which column is which.
    pub ask_when_unsure: bool,
}

/// What reading a file gave.
// One per file read, moved straight on: boxing the common variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum ReadOutcome {
    Loaded {
        file: LoadedFile,
        /// For a table read by the generic reader: its preview (with the choice it was read
        /// by) and how that choice was made, so the user can see and change it.
        roles: Option<(TablePreview, RolesSource)>,
    },
    /// Nothing was read: the user should say which column is which first.
    Ask(TablePreview),
}

/// [`read_file_from`], with a say in how generic tables are read: by the user's choice, by a
/// remembered one, or — when the guess is unsure and `ask_when_unsure` — not at all until the
/// user has answered the question it returns.
pub fn read_file_with(
    name: &str,
    source: impl Read,
    generic: &GenericRoles,
    progress: &mut dyn FnMut(ReadProgress),
) -> Result<ReadOutcome, FileError> {
    let fail = |problem| FileError {
        file: name.to_owned(),
        problem,
    };
    let mut raw = BufReader::with_capacity(HEAD_BYTES, source);
    let head = raw
        .fill_buf()
        .map_err(|e| fail(FileProblem::Unreadable(e.to_string())))?;
    if head.is_empty() {
        return Err(fail(FileProblem::Empty));
    }
    if let Some(looks_like) = binary_signature(head) {
        return Err(fail(FileProblem::NotText { looks_like }));
    }
    let detected = detect_encoding(head);
    let utf16 = matches!(
        detected.encoding,
        TextEncoding::Utf16Le | TextEncoding::Utf16Be
    );
    // Text never holds NUL bytes, except as half of every ASCII character in UTF-16.
    if !utf16 && head.contains(&0) {
        return Err(fail(FileProblem::NotText {
            looks_like: "a binary file, not text",
        }));
    }

    let consumed = Rc::new(Cell::new(0u64));
    let mut decoded = Decoding::new(raw, detected.encoding, consumed.clone());
    let mut prefix = Vec::with_capacity(HEAD_BYTES);
    (&mut decoded)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut prefix)
        .map_err(|e| fail(FileProblem::Unreadable(e.to_string())))?;
    let prefix_text = String::from_utf8_lossy(&prefix).into_owned();
    if prefix_text.trim().is_empty() {
        return Err(fail(FileProblem::Empty));
    }
    let delimiter = sniff_delimiter(&prefix_text).map_or(b',', |guess| guess.delimiter);
    let sample = read_sample_records(&prefix_text, delimiter, HEADER_SEARCH_ROWS);
    let header_row = find_header_row(&sample).unwrap_or(HeaderRow {
        index: 0,
        title_rows: 0,
    });

    let mut csv = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(Cursor::new(prefix).chain(decoded));
    let mut record = StringRecord::new();
    for _ in 0..=header_row.index {
        match csv.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Err(fail(FileProblem::Empty)),
            Err(e) => return Err(fail(FileProblem::Unreadable(e.to_string()))),
        }
    }
    let header_line = record.position().map_or(1, csv::Position::line);
    let header: Vec<String> = record.iter().map(str::to_owned).collect();
    let rows_below = sample.get(header_row.index + 1..).unwrap_or_default();
    let (mut reader, roles) = match recognise(name, &header, rows_below, generic) {
        Recognition::Read(reader, roles) => (reader, roles),
        Recognition::Ask(preview) => return Ok(ReadOutcome::Ask(preview)),
        Recognition::Unknown => {
            return Err(fail(FileProblem::UnrecognisedHeader {
                line: header_line,
                columns: header
                    .iter()
                    .map(|h| h.trim().to_owned())
                    .filter(|h| !h.is_empty())
                    .collect(),
            }));
        }
    };

    let mut rows = RowAccount::default();
    let mut rejects = Vec::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(fail(FileProblem::Unreadable(e.to_string()))),
        }
        rows.read += 1;
        let line = record.position().map_or(0, csv::Position::line);
        let outcome = if csv.get_ref().get_ref().1.is_invalid_line(line) {
            Err(super::format::RowProblem::row(format!(
                "the line has bytes that are not valid {} text; save the file again as UTF-8",
                detected.encoding.name()
            )))
        } else {
            reader.read_row(&record)
        };
        match outcome {
            Ok(RowUse::Used) => rows.used += 1,
            Ok(RowUse::Duplicate) => rows.duplicates += 1,
            Err(problem) => {
                rows.rejected += 1;
                if rejects.len() < MAX_KEPT_REJECTS {
                    rejects.push(RejectedRow {
                        line,
                        column: problem.column.map(|c| c + 1),
                        reason: problem.reason,
                        raw: raw_text(&record, delimiter),
                    });
                }
            }
        }
        if rows.read.is_multiple_of(PROGRESS_EVERY_ROWS) {
            progress(ReadProgress {
                bytes: consumed.get(),
                rows: rows.read,
            });
        }
    }
    if rows.read == 0 {
        return Err(fail(FileProblem::NoDataRows));
    }
    progress(ReadProgress {
        bytes: consumed.get(),
        rows: rows.read,
    });
    let format = reader.format();
    let output = reader.finish();
    let file = LoadedFile {
        name: name.to_owned(),
        format,
        content: output.content,
        rows,
        rejects,
        publishers: output.sources,
        details: ReadDetails {
            encoding: detected.to_string(),
            delimiter: char::from(delimiter),
            title_rows: header_row.title_rows,
            header_line,
        },
        modified_ms: None,
    };
    Ok(ReadOutcome::Loaded { file, roles })
}

enum Recognition {
    Read(Box<dyn RecordReader>, Option<(TablePreview, RolesSource)>),
    Ask(TablePreview),
    Unknown,
}

/// The reader for the header. The user's choice comes first; then specific formats, before
/// the generic fallback, which would otherwise claim almost any table; then a remembered
/// choice for this header; then the guess.
fn recognise(
    name: &str,
    header: &[String],
    rows_below: &[Vec<String>],
    generic: &GenericRoles,
) -> Recognition {
    let preview = |choice: RoleChoice, reasons: Vec<String>| {
        TablePreview::new(name, header, rows_below, choice, reasons)
    };
    if let Some(choice) = &generic.chosen {
        return match (choice.roles(header, rows_below), generic.ask_when_unsure) {
            (Ok(roles), _) => Recognition::Read(
                reader_for(roles),
                preview(choice.clone(), Vec::new()).map(|p| (p, RolesSource::Chosen)),
            ),
            // The page checks a choice before sending it; one that still does not fit (the
            // file changed on disk since) is asked about again, with what is wrong.
            (Err(problems), true) => {
                let reasons = problems.into_iter().map(|p| p.message).collect();
                let start = if choice.columns.len() == header.len() {
                    choice.clone()
                } else {
                    detect_roles(header, rows_below).choice
                };
                preview(start, reasons).map_or(Recognition::Unknown, Recognition::Ask)
            }
            (Err(_), false) => Recognition::Unknown,
        };
    }
    let index = HeaderIndex::new(header);
    let specific = SPECIFIC_FORMATS
        .iter()
        .find_map(|recognise| recognise(&index))
        // ONS tables with one column per offence state their period only in the file name
        // (e.g. "…yedecember2024…"); without one they are left to the generic reader.
        .or_else(|| {
            formats::recorded_crime::period_from_file_name(name)
                .and_then(|period| formats::recorded_crime::recognise_with_period(&index, period))
        });
    if let Some(reader) = specific {
        return Recognition::Read(reader, None);
    }
    let remembered = generic
        .remembered
        .get(&roles_key(header))
        .and_then(|choice| Some((choice, choice.roles(header, rows_below).ok()?)));
    if let Some((choice, roles)) = remembered {
        return Recognition::Read(
            reader_for(roles),
            preview(choice.clone(), Vec::new()).map(|p| (p, RolesSource::Remembered)),
        );
    }
    let guess = detect_roles(header, rows_below);
    let reasons = guess.reasons().to_vec();
    let sure = guess.confidence == Confidence::Sure;
    if !sure
        && generic.ask_when_unsure
        && guess.worth_asking
        && let Some(question) = preview(guess.choice.clone(), reasons.clone())
    {
        return Recognition::Ask(question);
    }
    // Sure, or not to be asked (inside a zip, or too wide to describe column by column).
    match guess.roles {
        Some(roles) => {
            let source = if sure {
                RolesSource::Detected
            } else {
                RolesSource::Guessed
            };
            Recognition::Read(
                reader_for(roles),
                preview(guess.choice, reasons).map(|p| (p, source)),
            )
        }
        None => Recognition::Unknown,
    }
}

type Recogniser = fn(&HeaderIndex) -> Option<Box<dyn RecordReader>>;

// Tried in order; the generic reader comes after all of them.
const SPECIFIC_FORMATS: [Recogniser; 6] = [
    formats::police_street::recognise,
    formats::police_outcomes::recognise,
    formats::police_stop_search::recognise,
    formats::fingertips::recognise,
    formats::recorded_crime::recognise,
    formats::population::recognise,
];

/// The record as CSV text again, cut short so one huge line cannot flood the log.
fn raw_text(record: &StringRecord, delimiter: u8) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    let bytes = match writer.write_record(record) {
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

/// A byte stream decoded to UTF-8 as it is read, counting the raw bytes consumed.
struct Decoding<R> {
    raw: R,
    decoder: Option<TextDecoder>,
    invalid_lines: Vec<u64>,
    out: Vec<u8>,
    start: usize,
    chunk: Vec<u8>,
    consumed: Rc<Cell<u64>>,
}

impl<R: Read> Decoding<R> {
    fn new(raw: R, encoding: TextEncoding, consumed: Rc<Cell<u64>>) -> Decoding<R> {
        Decoding {
            raw,
            decoder: Some(TextDecoder::new(encoding)),
            invalid_lines: Vec::new(),
            out: Vec::new(),
            start: 0,
            chunk: vec![0; DECODE_CHUNK],
            consumed,
        }
    }

    /// Whether a line holds bytes the encoding could not decode (known once it is decoded,
    /// which is before the csv reader hands its row over).
    fn is_invalid_line(&self, line: u64) -> bool {
        match &self.decoder {
            Some(decoder) => decoder
                .invalid()
                .is_some_and(|i| i.lines.binary_search(&line).is_ok()),
            None => self.invalid_lines.binary_search(&line).is_ok(),
        }
    }

    fn refill(&mut self) -> io::Result<()> {
        self.out.clear();
        self.start = 0;
        while self.out.is_empty() {
            let Some(decoder) = self.decoder.as_mut() else {
                return Ok(());
            };
            let n = self.raw.read(&mut self.chunk)?;
            self.consumed.set(self.consumed.get() + n as u64);
            if n == 0 {
                let Some(decoder) = self.decoder.take() else {
                    return Ok(());
                };
                let finished = decoder.finish().map_err(io::Error::other)?;
                self.out.extend_from_slice(finished.tail.as_bytes());
                self.invalid_lines = finished.invalid.map(|i| i.lines).unwrap_or_default();
                return Ok(());
            }
            let text = decoder
                .decode(self.chunk.get(..n).unwrap_or_default())
                .map_err(io::Error::other)?;
            self.out.extend_from_slice(text.as_bytes());
        }
        Ok(())
    }
}

impl<R: Read> Read for Decoding<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.start >= self.out.len() {
            self.refill()?;
        }
        let available = self.out.get(self.start..).unwrap_or_default();
        let n = available.len().min(buf.len());
        if let (Some(target), Some(source)) = (buf.get_mut(..n), available.get(..n)) {
            target.copy_from_slice(source);
        }
        self.start += n;
        Ok(n)
    }
}
