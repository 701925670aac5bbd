//! Reading any file, the same way for every format: sniff, decode as it streams, find the
//! delimiter and the header below any title rows, recognise the format, then account for
//! every row — used, rejected (with line, column and reason) or a duplicate.

use std::cell::Cell;
use std::io::{self, Cursor, Read};
use std::rc::Rc;

use csv::{ReaderBuilder, StringRecord};

use super::format::{HeaderIndex, RecordReader, RowUse};
use super::formats;
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
// A reason quotes the cell it is about, and a cell can be a whole 100 MB line.
const MAX_REASON_CHARS: usize = 1_000;
const MAX_HEADER_NAME_BYTES: usize = 1_000;
// Column names quoted in a message.
const MAX_SHOWN_NAME_CHARS: usize = 100;

/// Reads one file held in memory. See [`read_file_from`].
pub fn read_file(name: &str, bytes: &[u8]) -> Result<LoadedFile, FileError> {
    read_file_from(name, bytes, &mut |_| {})
}

/// Reads one file from a stream, recognising its format from its header. Memory is bounded by
/// what the format keeps (counts, figures), not by the file. Bad rows are rejected and logged;
/// the file fails as a whole only when there is nothing it can read.
pub fn read_file_from(
    name: &str,
    mut source: impl Read,
    progress: &mut dyn FnMut(ReadProgress),
) -> Result<LoadedFile, FileError> {
    let fail = |problem| FileError {
        file: name.to_owned(),
        problem,
    };
    // The sniffers judge the whole head, however few bytes each read hands over (an
    // inflating zip entry may give a handful): a short head could take a PNG for text or
    // Windows-1252 for UTF-8.
    let mut head = Vec::with_capacity(HEAD_BYTES);
    (&mut source)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| fail(FileProblem::Unreadable(e.to_string())))?;
    if head.is_empty() {
        return Err(fail(FileProblem::Empty));
    }
    if let Some(looks_like) = binary_signature(&head) {
        return Err(fail(FileProblem::NotText { looks_like }));
    }
    let detected = detect_encoding(&head);
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
    let raw = Cursor::new(head).chain(source);
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
    if let Some((name, columns)) = duplicate_column(&header) {
        return Err(fail(FileProblem::DuplicateColumn {
            line: header_line,
            name: cut_short(&name, MAX_SHOWN_NAME_CHARS),
            columns,
        }));
    }
    let rows_below = sample.get(header_row.index + 1..).unwrap_or_default();
    // No column is named in a thousand characters: such a header is a line of data or junk
    // (a file that is one 100 MB line), and reading it as names costs seconds a megabyte.
    let plausible = header.iter().all(|h| h.len() <= MAX_HEADER_NAME_BYTES);
    let recognised = if plausible {
        recognise(name, &header, rows_below)
    } else {
        None
    };
    let mut reader = recognised.ok_or_else(|| {
        fail(FileProblem::UnrecognisedHeader {
            line: header_line,
            columns: header
                .iter()
                .map(|h| cut_short(h.trim(), MAX_SHOWN_NAME_CHARS))
                .filter(|h| !h.is_empty())
                .collect(),
        })
    })?;

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
        } else if let Some(problem) = runaway_quote(&record, delimiter, header.len(), line) {
            Err(problem)
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
                        reason: cut_short(&problem.reason, MAX_REASON_CHARS),
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
    Ok(LoadedFile {
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
    })
}

/// A cell that holds whole rows of the file: a quote mark opened it and no quote mark
/// closed it where the cell should end, so the csv reader took every line up to the next
/// quote mark (or the end of the file) into one cell. Reading the row would lose those
/// lines without a word; rejecting it says where to look.
fn runaway_quote(
    record: &StringRecord,
    delimiter: u8,
    width: usize,
    line: u64,
) -> Option<super::format::RowProblem> {
    // A line inside a cell "looks like a row" when it has the header's width.
    let looks_like_row =
        |text: &str| width >= 2 && text.bytes().filter(|b| *b == delimiter).count() + 1 >= width;
    let rows_inside = |cell: &str| {
        cell.split('\n')
            .skip(1)
            .filter(|l| looks_like_row(l))
            .count()
    };
    let (column, swallowed) = record
        .iter()
        .enumerate()
        .filter(|(_, cell)| cell.contains('\n'))
        .map(|(column, cell)| (column, rows_inside(cell)))
        .find(|(_, swallowed)| *swallowed > 0)?;
    // Every line break inside the record's cells is a line of the file; one at the very end
    // is the file's last line ending, taken in when the quote ran to the end of the file.
    let breaks: usize = record.iter().map(|cell| cell.matches('\n').count()).sum();
    let at_end = record
        .iter()
        .next_back()
        .is_some_and(|cell| cell.ends_with('\n'));
    let last = line.saturating_add(breaks.saturating_sub(usize::from(at_end)) as u64);
    Some(super::format::RowProblem::at(
        column,
        format!(
            "a quote mark (\") opens this cell and is not closed until line {last}, so {swallowed} \
             line{} that look like rows of their own were read into it. Check the quote marks \
             on line {line} (a quote inside a cell is written twice, \"\"), then load the file \
             again.",
            if swallowed == 1 { "" } else { "s" }
        ),
    ))
}

/// The first name (as written) that two columns share, ignoring case and spaces around it,
/// with the two columns (1-based). Readers take the first column of a name, so a second one
/// would silently go unread, whichever held the data.
fn duplicate_column(header: &[String]) -> Option<(String, (usize, usize))> {
    let mut seen = std::collections::HashMap::with_capacity(header.len());
    for (column, name) in header.iter().enumerate() {
        let name = name.trim().trim_start_matches('\u{feff}');
        if name.is_empty() {
            continue;
        }
        if let Some(first) = seen.insert(name.to_lowercase(), column) {
            return Some((name.to_owned(), (first + 1, column + 1)));
        }
    }
    None
}

/// The first reader that recognises the header. Specific formats come before the generic
/// fallback, which would otherwise claim almost any table.
fn recognise(
    name: &str,
    header: &[String],
    rows_below: &[Vec<String>],
) -> Option<Box<dyn RecordReader>> {
    let index = HeaderIndex::new(header);
    SPECIFIC_FORMATS
        .iter()
        .find_map(|recognise| recognise(&index))
        // ONS tables with one column per offence state their period only in the file name
        // (e.g. "…yedecember2024…"); without one they are left to the generic reader.
        .or_else(|| {
            formats::recorded_crime::period_from_file_name(name)
                .and_then(|period| formats::recorded_crime::recognise_with_period(&index, period))
        })
        .or_else(|| {
            formats::generic::recognise_with_sample(header, rows_below).map(|(_, reader)| reader)
        })
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
    cut_short(text.trim_end_matches(['\r', '\n']), MAX_RAW_CHARS)
}

/// At most `max` characters, with an ellipsis when something was cut.
fn cut_short(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
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
