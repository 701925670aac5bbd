//! Reading any file, the same way for every format: sniff, decode as it streams, find the
//! delimiter and the header below any title rows, recognise the format, then account for
//! every row — used, rejected (with line, column and reason) or a duplicate.

use std::cell::Cell;
use std::collections::{BTreeMap, VecDeque};
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
use crate::model::{LoadedFile, Month, ReadDetails, RejectedRow, RowAccount};

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
pub(crate) const MAX_KEPT_REJECTS: usize = 1_000;
const MAX_RAW_CHARS: usize = 500;
// A reason quotes the cell it is about, and a cell can be a whole 100 MB line.
const MAX_REASON_CHARS: usize = 1_000;
const MAX_HEADER_NAME_BYTES: usize = 1_000;
// Column names quoted in a message.
const MAX_SHOWN_NAME_CHARS: usize = 100;

/// Reads one file held in memory. See [`read_file_from`].
pub fn read_file(name: &str, bytes: &[u8]) -> Result<LoadedFile, FileError> {
    read_file_buffered(name, bytes, &mut |_| {})
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
    read_file_buffered(name, BufReader::with_capacity(HEAD_BYTES, source), progress)
}

/// Like [`read_file_from`], for a source that has its own buffer: text is read from that
/// buffer where it lies rather than copied into another first.
pub fn read_file_buffered(
    name: &str,
    source: impl BufRead,
    progress: &mut dyn FnMut(ReadProgress),
) -> Result<LoadedFile, FileError> {
    loaded_or_unrecognised(
        name,
        read_buffered_with(name, source, &GenericRoles::default(), progress)?,
    )
}

/// A file that needed asking about was not asked about: to a caller that cannot ask, it is
/// one the guess could not read.
fn loaded_or_unrecognised(name: &str, outcome: ReadOutcome) -> Result<LoadedFile, FileError> {
    match outcome {
        ReadOutcome::Loaded { file, .. } => Ok(file),
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
    /// This month as (year, month), from the browser's clock: a police.uk street month
    /// after it is impossible. Carried with the job's other reading options, as every read
    /// takes them; `None` (natively, and by default) checks only police.uk's first month.
    #[serde(default)]
    pub this_month: Option<(u16, u8)>,
    /// Inside a zip, the one entry (its path in the archive) `chosen` is for: only that
    /// entry is read again. `None` for a loose file.
    #[serde(default)]
    pub entry: Option<String>,
}

impl GenericRoles {
    fn latest_month(&self) -> Option<Month> {
        self.this_month
            .and_then(|(year, month)| Month::new(year, month))
    }
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
    read_buffered_with(
        name,
        BufReader::with_capacity(HEAD_BYTES, source),
        generic,
        progress,
    )
}

/// [`read_file_with`] for a source that has its own buffer.
pub fn read_buffered_with(
    name: &str,
    source: impl BufRead,
    generic: &GenericRoles,
    progress: &mut dyn FnMut(ReadProgress),
) -> Result<ReadOutcome, FileError> {
    match open(name, source, None, generic.this_month, &mut |h, r| {
        recognise(name, h, r, generic)
    })? {
        Opening::Ready(opened) => {
            let roles = opened.roles.clone();
            let (file, _) = opened.read_rows(Part::Whole, progress)?;
            Ok(ReadOutcome::Loaded { file, roles })
        }
        Opening::Ask(preview) => Ok(ReadOutcome::Ask(preview)),
    }
}

/// Reads a file as every file is read (sniffing, decoding, the header below any title rows,
/// row accounting), through a reader the caller makes from the header rather than the
/// format's own: a second pass over a file already loaded that counts something else
/// (`model::hotspot_query`). A header `make` has no reader for is unrecognised.
pub fn read_buffered_by(
    name: &str,
    source: impl BufRead,
    make: &mut dyn FnMut(&HeaderIndex) -> Option<Box<dyn RecordReader>>,
    progress: &mut dyn FnMut(ReadProgress),
) -> Result<LoadedFile, FileError> {
    let mut by_caller = |header: &[String], _: &[Vec<String>]| {
        make(&HeaderIndex::new(header)).map_or(Recognition::Unknown, |r| Recognition::Read(r, None))
    };
    // The caller's reader decides which rows count: no month window is handed on.
    match open(name, source, None, None, &mut by_caller)? {
        Opening::Ready(opened) => opened
            .read_rows(Part::Whole, progress)
            .map(|(file, _)| file),
        // Only the generic reader asks, and it is never the caller's.
        Opening::Ask(preview) => loaded_or_unrecognised(name, ReadOutcome::Ask(preview)),
    }
}

/// What a reader of a later part of a file needs to know that only the head of the file
/// shows: found by the first part's reader and handed over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeadSettings {
    pub encoding: TextEncoding,
    /// The encoding and why, as the user is shown it.
    pub encoding_shown: String,
    pub delimiter: u8,
    pub title_rows: usize,
    pub header_line: u64,
    pub header: Vec<String>,
    /// The rows below the header that the format was recognised with, so that a second
    /// reader recognises it the same way.
    pub rows_below: Vec<Vec<String>>,
    /// [`GenericRoles::this_month`]: the second reader rejects the same months.
    #[serde(default)]
    pub this_month: Option<(u16, u8)>,
}

/// The first part of a file that is being read in two: its rows up to the split, or, when
/// the split did not fall between two records, the whole file.
#[derive(Debug, Clone, PartialEq)]
pub struct FirstPart {
    /// What was read; a table that needs asking about is never split.
    pub outcome: ReadOutcome,
    /// Lines before the split, when the first part stopped there: add them to the second
    /// part's line numbers. `None` when this part went on to the end of the file.
    pub line_offset: Option<u64>,
}

/// Reads a file that is also being read from `split_at` on by another reader. When the
/// file's encoding and format allow it to be read in parts, `on_split` is told what the
/// other reader needs, and this reader stops at the first record boundary at or after
/// `split_at` if it is exactly there; otherwise (the split fell inside a record, e.g. in a
/// quoted field with a line break) it reads on to the end. `split_at` is a byte offset just
/// after a line ending, usually from [`super::split::split_point`].
pub fn read_first_part(
    name: &str,
    source: impl BufRead,
    split_at: u64,
    generic: &GenericRoles,
    on_split: &mut dyn FnMut(&HeadSettings),
    progress: &mut dyn FnMut(ReadProgress),
) -> Result<FirstPart, FileError> {
    let opened = match open(
        name,
        source,
        Some(split_at),
        generic.this_month,
        &mut |h, r| recognise(name, h, r, generic),
    )? {
        Opening::Ready(opened) => opened,
        Opening::Ask(preview) => {
            return Ok(FirstPart {
                outcome: ReadOutcome::Ask(preview),
                line_offset: None,
            });
        }
    };
    let part = if opened.roles.is_none()
        && super::split::can_split(opened.reader.format(), opened.settings.encoding)
    {
        on_split(&opened.settings);
        Part::First
    } else {
        Part::Whole
    };
    let roles = opened.roles.clone();
    let (file, line_offset) = opened.read_rows(part, progress)?;
    Ok(FirstPart {
        outcome: ReadOutcome::Loaded { file, roles },
        line_offset,
    })
}

/// Reads the part of a file that starts at a split (just after a line ending), with the
/// settings the first part's reader found. Line numbers count from the split: merge the
/// parts with [`super::split::merge_halves`]. A part with no rows is not an error here.
pub fn read_later_part(
    name: &str,
    source: impl BufRead,
    settings: &HeadSettings,
    progress: &mut dyn FnMut(ReadProgress),
) -> Result<LoadedFile, FileError> {
    // Only specific formats are split (see `read_first_part`), so no choice is needed.
    let reader = match recognise(
        name,
        &settings.header,
        &settings.rows_below,
        &GenericRoles {
            this_month: settings.this_month,
            ..GenericRoles::default()
        },
    ) {
        Recognition::Read(reader, None) => reader,
        _ => {
            return Err(FileError {
                file: name.to_owned(),
                problem: FileProblem::Unreadable(
                    "the second half of the file was not recognised like the first".to_owned(),
                ),
            });
        }
    };
    let consumed = Rc::new(Cell::new(0u64));
    let decoded = Decoding::new(
        source,
        TextDecoder::mid_file(settings.encoding),
        consumed.clone(),
        None,
    );
    let opened = Opened {
        name: name.to_owned(),
        csv: csv_reader(settings.delimiter, Cursor::new(Vec::new()).chain(decoded)),
        reader,
        settings: settings.clone(),
        consumed,
        roles: None,
    };
    opened
        .read_rows(Part::Later, progress)
        .map(|(file, _)| file)
}

/// Which part of a file a reader reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Whole,
    /// From the start to the split, if the split is between two records.
    First,
    /// From the split to the end; may hold no rows.
    Later,
}

type Csv<R> = csv::Reader<std::io::Chain<Cursor<Vec<u8>>, Decoding<R>>>;

/// A file whose head has been read: the format is known and the rows are next.
struct Opened<R> {
    name: String,
    csv: Csv<R>,
    reader: Box<dyn RecordReader>,
    settings: HeadSettings,
    consumed: Rc<Cell<u64>>,
    /// For a table the generic reader reads: its preview and how its columns were settled.
    roles: Option<(TablePreview, RolesSource)>,
}

/// A source whose head was read first, to be judged whole.
type Headed<R> = io::Chain<Cursor<Vec<u8>>, R>;

/// A file whose head has been read: ready to read, or a question for the user first.
// One per file, moved straight into its read: boxing the reader state would buy nothing.
#[allow(clippy::large_enum_variant)]
enum Opening<R> {
    Ready(Opened<R>),
    Ask(TablePreview),
}

// Big enough that the csv reader rarely asks for more; the text is copied into it once.
const CSV_BUFFER: usize = 64 * 1024;

fn csv_reader<R: Read>(delimiter: u8, source: R) -> csv::Reader<R> {
    ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(CSV_BUFFER)
        .from_reader(source)
}

/// Which reader reads a header (with the rows below it): the formats', or a caller's.
type RecogniseHeader<'a> = &'a mut dyn FnMut(&[String], &[Vec<String>]) -> Recognition;

/// Sniffs the head of a file (type, encoding, delimiter, title rows, header) and recognises
/// its format.
fn open<R: BufRead>(
    name: &str,
    mut source: R,
    split_at: Option<u64>,
    this_month: Option<(u16, u8)>,
    recognise: RecogniseHeader<'_>,
) -> Result<Opening<Headed<R>>, FileError> {
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
    // Text never holds NUL bytes, except as half of every ASCII character in UTF-16.
    if !detected.encoding.is_utf16() && head.contains(&0) {
        return Err(fail(FileProblem::NotText {
            looks_like: "a binary file, not text",
        }));
    }

    let consumed = Rc::new(Cell::new(0u64));
    let mut decoded = Decoding::new(
        Cursor::new(head).chain(source),
        TextDecoder::new(detected.encoding),
        consumed.clone(),
        split_at,
    );
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

    let mut csv = csv_reader(delimiter, Cursor::new(prefix).chain(decoded));
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
        recognise(&header, rows_below)
    } else {
        Recognition::Unknown
    };
    let (reader, roles) = match recognised {
        Recognition::Read(reader, roles) => (reader, roles),
        Recognition::Ask(preview) => return Ok(Opening::Ask(preview)),
        Recognition::Unknown => {
            return Err(fail(FileProblem::UnrecognisedHeader {
                line: header_line,
                columns: header
                    .iter()
                    .map(|h| cut_short(h.trim(), MAX_SHOWN_NAME_CHARS))
                    .filter(|h| !h.is_empty())
                    .collect(),
            }));
        }
    };
    let settings = HeadSettings {
        encoding: detected.encoding,
        encoding_shown: detected.to_string(),
        delimiter,
        title_rows: header_row.title_rows,
        header_line,
        header,
        rows_below: rows_below.to_vec(),
        this_month,
    };
    Ok(Opening::Ready(Opened {
        name: name.to_owned(),
        csv,
        reader,
        settings,
        consumed,
        roles,
    }))
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

impl<R: BufRead> Opened<R> {
    /// Reads the data rows, accounting for every one. For the first part, also the number
    /// of lines before the split when it stopped there.
    fn read_rows(
        mut self,
        part: Part,
        progress: &mut dyn FnMut(ReadProgress),
    ) -> Result<(LoadedFile, Option<u64>), FileError> {
        let fail = |problem| FileError {
            file: self.name.clone(),
            problem,
        };
        let encoding = self.settings.encoding;
        let delimiter = self.settings.delimiter;
        let mut record = StringRecord::new();
        let mut rows = RowAccount::default();
        let mut rejects = Vec::new();
        let mut watching = part == Part::First;
        let mut line_offset = None;
        loop {
            if watching {
                let at = self.csv.position().byte();
                match self.csv.get_ref().get_ref().1.mark {
                    Mark::Ahead(_) => {}
                    Mark::At { decoded, .. } if at < decoded => {}
                    // The split is exactly between two records (and not before the first
                    // row, which would leave this part with nothing to read).
                    Mark::At { decoded, line } if at == decoded && rows.read > 0 => {
                        line_offset = Some(line.saturating_sub(1));
                        break;
                    }
                    // Past the split without stopping at it: it fell inside a record.
                    Mark::At { .. } | Mark::Lost => watching = false,
                }
            }
            match self.csv.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => return Err(fail(FileProblem::Unreadable(e.to_string()))),
            }
            rows.read += 1;
            let line = record.position().map_or(0, csv::Position::line);
            let outcome = if self.csv.get_mut().get_mut().1.is_invalid_line(line) {
                Err(super::format::RowProblem::row(format!(
                    "the line has bytes that are not valid {} text; save the file again as UTF-8",
                    encoding.name()
                )))
            } else if let Some(problem) =
                runaway_quote(&record, delimiter, self.settings.header.len(), line)
            {
                Err(problem)
            } else {
                self.reader.read_row(&record)
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
                    bytes: self.consumed.get(),
                    rows: rows.read,
                });
            }
        }
        if rows.read == 0 && part != Part::Later {
            return Err(fail(FileProblem::NoDataRows));
        }
        progress(ReadProgress {
            bytes: self.consumed.get(),
            rows: rows.read,
        });
        let format = self.reader.format();
        let output = self.reader.finish();
        let settings = self.settings;
        let file = LoadedFile {
            name: self.name,
            format,
            content: output.content,
            rows,
            rejects,
            publishers: output.sources,
            details: ReadDetails {
                encoding: settings.encoding_shown,
                delimiter: char::from(delimiter),
                title_rows: settings.title_rows,
                header_line: settings.header_line,
            },
            modified_ms: None,
        };
        Ok((file, line_offset))
    }
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
    let specific = formats::police_street::recognise_until(&index, generic.latest_month())
        .or_else(|| {
            SPECIFIC_FORMATS
                .iter()
                .find_map(|recognise| recognise(&index))
        })
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
    // Sure, or not to be asked (no one to ask, or too wide to describe column by column).
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
// police.uk street files come first, recognised with this month (see `recognise`).
const SPECIFIC_FORMATS: [Recogniser; 5] = [
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

/// Where the split of a file read in two parts is, in the decoded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// Not reached yet: raw bytes up to this offset are decoded first, and no further.
    Ahead(u64),
    /// Reached: the decoded text before the split was this long, and the split starts
    /// this line.
    At { decoded: u64, line: u64 },
    /// The split fell inside a character or a CRLF, so cannot be a record boundary.
    Lost,
}

/// A byte stream decoded to UTF-8 as it is read, counting the raw bytes consumed. Text that
/// decodes to itself (see [`TextDecoder::plain_len`]) goes straight from the source's buffer
/// to the reader's; the rest is decoded into `out` first.
struct Decoding<R> {
    raw: R,
    decoder: Option<TextDecoder>,
    out: String,
    start: usize,
    /// Plain bytes at the front of `raw`'s buffer.
    plain: usize,
    /// Lines with broken bytes that the reader has not passed yet, ascending.
    invalid_lines: VecDeque<u64>,
    consumed: Rc<Cell<u64>>,
    /// Decoded bytes so far (handed out or waiting in `out`).
    produced: u64,
    mark: Mark,
}

impl<R: BufRead> Decoding<R> {
    fn new(
        raw: R,
        decoder: TextDecoder,
        consumed: Rc<Cell<u64>>,
        split_at: Option<u64>,
    ) -> Decoding<R> {
        let mut decoding = Decoding {
            raw,
            decoder: Some(decoder),
            out: String::new(),
            start: 0,
            plain: 0,
            invalid_lines: VecDeque::new(),
            consumed,
            produced: 0,
            mark: split_at.map_or(Mark::Lost, Mark::Ahead),
        };
        decoding.advance(0, 0);
        decoding
    }

    /// Whether the record starting on `line` holds bytes the encoding could not decode
    /// (known once it is decoded, which is before the csv reader hands the record over).
    /// Records come in line order, so lines before `line` are done with.
    fn is_invalid_line(&mut self, line: u64) -> bool {
        while self.invalid_lines.front().is_some_and(|&l| l < line) {
            self.invalid_lines.pop_front();
        }
        self.invalid_lines.front() == Some(&line)
    }

    /// Counts raw bytes taken and decoded bytes made, and notes the split when reached.
    fn advance(&mut self, taken: usize, made: usize) {
        self.consumed.set(self.consumed.get() + taken as u64);
        self.produced += made as u64;
        if let Some(decoder) = self.decoder.as_mut() {
            for line in decoder.drain_new_invalid_lines() {
                if self.invalid_lines.back() != Some(&line) {
                    self.invalid_lines.push_back(line);
                }
            }
        }
        if let Mark::Ahead(at) = self.mark
            && self.consumed.get() >= at
        {
            self.mark = match &self.decoder {
                Some(decoder) if decoder.holds_nothing_back() => Mark::At {
                    decoded: self.produced,
                    line: decoder.line(),
                },
                _ => Mark::Lost,
            };
        }
    }

    /// Decodes more into `out`, or finds plain text to copy. `false` at the end.
    fn refill(&mut self) -> io::Result<bool> {
        self.out.clear();
        self.start = 0;
        let Some(decoder) = self.decoder.as_mut() else {
            return Ok(false);
        };
        let input = self.raw.fill_buf()?;
        if input.is_empty() {
            let outcome = decoder.finish_append(&mut self.out);
            let made = self.out.len();
            self.advance(0, made);
            self.decoder = None;
            outcome.map_err(io::Error::other)?;
            return Ok(made > 0);
        }
        // Up to the split first, so that the decoder's state there can be seen.
        let limit = match self.mark {
            Mark::Ahead(at) => usize::try_from(at.saturating_sub(self.consumed.get()))
                .unwrap_or(usize::MAX)
                .max(1),
            _ => usize::MAX,
        };
        let input = input.get(..limit).unwrap_or(input);
        // Checked a piece at a time, so that the text is still in cache when it is copied.
        let plain = decoder.plain_len(input.get(..DECODE_CHUNK).unwrap_or(input));
        if plain > 0 {
            self.plain = plain;
            return Ok(true);
        }
        let taken = input.len().min(DECODE_CHUNK);
        let decoded = decoder.decode_append(input.get(..taken).unwrap_or_default(), &mut self.out);
        self.raw.consume(taken);
        let made = self.out.len();
        self.advance(taken, made);
        decoded.map_err(io::Error::other)?;
        Ok(true)
    }
}

impl<R: BufRead> Read for Decoding<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if self.start < self.out.len() {
                let available = self.out.as_bytes().get(self.start..).unwrap_or_default();
                let n = available.len().min(buf.len());
                if let (Some(target), Some(source)) = (buf.get_mut(..n), available.get(..n)) {
                    target.copy_from_slice(source);
                }
                self.start += n;
                return Ok(n);
            }
            if self.plain > 0 {
                let Some(decoder) = self.decoder.as_mut() else {
                    self.plain = 0;
                    continue;
                };
                let input = self.raw.fill_buf()?;
                let input = input.get(..self.plain).unwrap_or(input);
                let (taken, written) = decoder.copy_plain(input, buf);
                self.raw.consume(taken);
                self.plain = self.plain.saturating_sub(taken.max(1));
                self.advance(taken, written);
                if written > 0 {
                    return Ok(written);
                }
                continue;
            }
            if !self.refill()? {
                return Ok(0);
            }
        }
    }
}
