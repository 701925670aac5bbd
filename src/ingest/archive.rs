//! Zip archives, as data.police.uk hands them out (a folder per month of street, outcomes
//! and stop-and-search files): each CSV entry is streamed through the same engine as a file.
//!
//! Nothing is written anywhere, so a `../` in an entry's path cannot escape; it is only
//! shown. What an archive can still do is exhaust time or memory, hence the limits below.

use std::io::{self, Read, Seek};

use flate2::read::DeflateDecoder;
use rawzip::{CompressionMethod, RECOMMENDED_BUFFER_SIZE, ZipArchive, ZipArchiveEntryWayfinder};

use super::engine::{GenericRoles, ReadOutcome, ReadProgress, read_file_with};
use super::{FileError, FileProblem};
use crate::model::LoadedFile;

/// More entries than any real police.uk download (three years × three files a month × a few
/// forces); beyond this an archive is refused rather than read for minutes.
pub const MAX_ENTRIES: usize = 2_000;
/// An entry that inflates more than this many times its compressed size is a zip bomb: text
/// CSV compresses about 10:1, never 200:1.
pub const MAX_RATIO: u64 = 200;
/// Ratios are only judged past this size; tiny entries compress oddly.
const RATIO_FLOOR: u64 = 10 * 1024 * 1024;

/// What one archive gave: a result per CSV entry, and the entries that were not CSV.
#[derive(Debug, Default)]
pub struct ArchiveRead {
    pub files: Vec<Result<LoadedFile, FileError>>,
    pub skipped: Vec<String>,
}

/// What one archive gave, as [`read_zip_with`] reads it: per CSV entry, a table read or a
/// question about its columns (or why it could not be read).
#[derive(Debug, Default)]
pub struct ArchiveOutcome {
    pub entries: Vec<Result<ReadOutcome, FileError>>,
    pub skipped: Vec<String>,
}

/// The name an entry is shown (and loaded) under: the archive's name, then its path.
pub fn entry_name(archive: &str, path: &str) -> String {
    format!("{archive} \u{203a} {path}")
}

/// One entry of the central directory, as far as this app needs it.
struct Entry {
    path: String,
    method: CompressionMethod,
    compressed: u64,
    size: u64,
    encrypted: bool,
    /// When the entry was last modified, in milliseconds since 1970.
    modified_ms: Option<i64>,
    place: ZipArchiveEntryWayfinder,
}

/// Whether bytes start like a zip archive.
pub fn is_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
}

/// Reads every `.csv` entry of a zip with its best guess for tables (nothing to ask). The
/// archive as a whole fails only if it cannot be opened (damaged, or too many entries); a
/// bad entry fails on its own.
pub fn read_zip(
    name: &str,
    source: impl Read + Seek,
    progress: &mut dyn FnMut(&str, ReadProgress),
) -> Result<ArchiveRead, FileError> {
    let outcome = read_zip_with(name, source, &GenericRoles::default(), progress)?;
    Ok(ArchiveRead {
        files: outcome
            .entries
            .into_iter()
            .map(|entry| {
                entry.and_then(|outcome| match outcome {
                    ReadOutcome::Loaded { file, .. } => Ok(file),
                    ReadOutcome::Ask(preview) => Err(FileError {
                        file: preview.file,
                        problem: FileProblem::UnrecognisedHeader {
                            line: 1,
                            columns: preview.header,
                        },
                    }),
                })
            })
            .collect(),
        skipped: outcome.skipped,
    })
}

/// [`read_zip`], reading each entry's table as a loose file would be read: by a choice
/// remembered for its header, or — when the guess is unsure and `generic.ask_when_unsure` —
/// not at all, with a question about its columns named for the entry
/// ([`entry_name`]). With `generic.entry` set, only that entry is read, by `generic.chosen`:
/// the user's answer about it, without reading the rest of the archive again.
pub fn read_zip_with(
    name: &str,
    source: impl Read + Seek,
    generic: &GenericRoles,
    progress: &mut dyn FnMut(&str, ReadProgress),
) -> Result<ArchiveOutcome, FileError> {
    // A choice for one entry is for that entry alone; every other entry keeps to the
    // remembered choices and the guess.
    let for_entry = |path: &str| -> GenericRoles {
        match &generic.entry {
            Some(chosen) if chosen == path => generic.clone(),
            _ => GenericRoles {
                chosen: None,
                entry: None,
                ..generic.clone()
            },
        }
    };
    read_zip_by(
        name,
        source,
        generic.entry.as_deref(),
        progress,
        &mut |shown, path, bytes, report| read_file_with(shown, bytes, &for_entry(path), report),
    )
}

/// How one CSV entry is read: its name as shown (`archive › path`), its path in the
/// archive, its bytes, progress.
pub type ReadEntry<'a> = &'a mut dyn FnMut(
    &str,
    &str,
    &mut dyn Read,
    &mut dyn FnMut(ReadProgress),
) -> Result<ReadOutcome, FileError>;

/// Reads the CSV entries of a zip (only the one at path `only`, if given), each by
/// `read_entry` (which may leave an entry unread): the archive's limits and checks are the
/// same whatever is done with its entries.
///
/// `rawzip` reads the archive's directory and `flate2` inflates: both small and well kept,
/// where the `zip` crate's many formats would not fit the app's size budget.
pub fn read_zip_by(
    name: &str,
    source: impl Read + Seek,
    only: Option<&str>,
    progress: &mut dyn FnMut(&str, ReadProgress),
    read_entry: ReadEntry<'_>,
) -> Result<ArchiveOutcome, FileError> {
    let fail = |why: String| FileError {
        file: name.to_owned(),
        problem: FileProblem::Unreadable(why),
    };
    let refuse = |why: String| FileError {
        file: name.to_owned(),
        problem: FileProblem::Refused(why),
    };
    let mut buffer = vec![0; RECOMMENDED_BUFFER_SIZE];
    let archive = ZipArchive::from_seekable(source, &mut buffer).map_err(|e| {
        fail(format!(
            "the archive is damaged or is not a zip ({e}); download it again"
        ))
    })?;
    let hint = archive.entries_hint();
    if hint > MAX_ENTRIES as u64 {
        return Err(refuse(format!(
            "the archive has {hint} entries, more than the {MAX_ENTRIES} a police.uk download could hold"
        )));
    }
    let entries = directory(&archive, &mut buffer).map_err(|e| {
        fail(format!(
            "the archive's list of files is damaged ({e}); download it again"
        ))
    })?;
    if let Some(looks_like) = office_document(&entries) {
        return Err(FileError {
            file: name.to_owned(),
            problem: FileProblem::NotText { looks_like },
        });
    }
    // Entries each too small to be judged alone can still add up to a bomb: hundreds of
    // 10 MB entries of nothing would keep the reader busy for minutes. They are refused
    // together, in one message; the archive's ordinary entries are still read.
    let small_bomb =
        |e: &Entry| is_csv(&e.path) && too_packed(e.compressed, e.size) && e.size <= RATIO_FLOOR;
    let (count, compressed, inflated) =
        entries
            .iter()
            .filter(|e| small_bomb(e))
            .fold((0usize, 0u64, 0u64), |(n, c, s), e| {
                (
                    n + 1,
                    c.saturating_add(e.compressed),
                    s.saturating_add(e.size),
                )
            });
    let refuse_small_bombs = inflated > RATIO_FLOOR;

    let mut read = ArchiveOutcome::default();
    if refuse_small_bombs && only.is_none() {
        read.entries.push(Err(refuse(format!(
            "{count} of its CSV files would inflate from {compressed} to {inflated} bytes in \
             all, which only a zip bomb does (its other files were read)"
        ))));
    }
    for entry in entries {
        if refuse_small_bombs && small_bomb(&entry) {
            continue;
        }
        if only.is_some_and(|only| only != entry.path) {
            continue;
        }
        let shown = entry_name(name, &entry.path);
        if !is_csv(&entry.path) {
            read.skipped.push(entry.path);
            continue;
        }
        let entry_fail = |why: String| FileError {
            file: shown.clone(),
            problem: FileProblem::Unreadable(why),
        };
        let entry_refuse = |why: String| FileError {
            file: shown.clone(),
            problem: FileProblem::Refused(why),
        };
        if entry.encrypted {
            read.entries.push(Err(entry_fail(
                "it is password-protected; extract the archive first".to_owned(),
            )));
            continue;
        }
        if entry.size > RATIO_FLOOR && too_packed(entry.compressed, entry.size) {
            read.entries.push(Err(entry_refuse(format!(
                "it would inflate from {} to {} bytes, which only a zip bomb does",
                entry.compressed, entry.size
            ))));
            continue;
        }
        let opened = match archive.get_entry(entry.place) {
            Ok(opened) => opened,
            Err(e) => {
                read.entries.push(Err(entry_fail(format!(
                    "the archive is damaged here ({e})"
                ))));
                continue;
            }
        };
        let mut report = |p: ReadProgress| progress(&shown, p);
        // The verifying reader checks size and checksum against the directory; the bound
        // stops a lying entry at its declared size whatever the data says.
        let result = match entry.method {
            CompressionMethod::STORE => {
                let raw = opened.verifying_reader(opened.reader());
                read_entry(
                    &shown,
                    &entry.path,
                    &mut Bounded {
                        inner: raw,
                        left: entry.size,
                    },
                    &mut report,
                )
            }
            CompressionMethod::DEFLATE => {
                let inflated = opened.verifying_reader(DeflateDecoder::new(opened.reader()));
                read_entry(
                    &shown,
                    &entry.path,
                    &mut Bounded {
                        inner: inflated,
                        left: entry.size,
                    },
                    &mut report,
                )
            }
            other => Err(entry_fail(format!(
                "it is compressed with method {}, which this app does not read; extract the archive first",
                other
            ))),
        };
        // The entry's time says when police.uk published it: the order of publications when
        // the same month is loaded twice.
        read.entries.push(result.map(|outcome| match outcome {
            ReadOutcome::Loaded { mut file, roles } => {
                file.modified_ms = entry.modified_ms;
                ReadOutcome::Loaded { file, roles }
            }
            ask => ask,
        }));
    }
    Ok(read)
}

/// Workbooks and documents are zips too: one picked by mistake (or renamed `.csv`) is named
/// for what it is, rather than read as an archive with nothing in it.
fn office_document(entries: &[Entry]) -> Option<&'static str> {
    let has = |path: &str| entries.iter().any(|e| e.path == path);
    let under = |folder: &str| entries.iter().any(|e| e.path.starts_with(folder));
    if has("[Content_Types].xml") {
        Some(if under("xl/") {
            "an Excel workbook (.xlsx)"
        } else if under("word/") {
            "a Word document (.docx)"
        } else if under("ppt/") {
            "a PowerPoint presentation (.pptx)"
        } else {
            "an Office document"
        })
    } else if has("mimetype") && has("content.xml") {
        Some("an OpenDocument file (.ods or .odt)")
    } else {
        None
    }
}

fn is_csv(path: &str) -> bool {
    path.to_lowercase().ends_with(".csv")
}

/// Whether `inflated` bytes from `compressed` is more than text compresses.
fn too_packed(compressed: u64, inflated: u64) -> bool {
    inflated / compressed.max(1) > MAX_RATIO
}

/// The archive's directory, read once, before any entry is opened.
fn directory<R: rawzip::ReaderAt>(
    archive: &ZipArchive<R>,
    buffer: &mut [u8],
) -> Result<Vec<Entry>, rawzip::Error> {
    let mut list = Vec::new();
    let mut entries = archive.entries(buffer);
    while let Some(record) = entries.next_entry()? {
        if record.is_dir() {
            continue;
        }
        list.push(Entry {
            path: String::from_utf8_lossy(record.file_path().as_bytes()).into_owned(),
            method: record.compression_method(),
            compressed: record.compressed_size_hint(),
            size: record.uncompressed_size_hint(),
            encrypted: record.flags().is_encrypted(),
            modified_ms: unix_ms(&record.last_modified()),
            place: record.wayfinder(),
        });
        if list.len() > MAX_ENTRIES {
            break;
        }
    }
    Ok(list)
}

/// A zip time as milliseconds since 1970. MS-DOS times carry no time zone; they are read as
/// UTC, which can misplace an entry by an hour against a file's own time but never reorders
/// two entries of one archive. `None` for an impossible date (an unset DOS time is 0/0/1980).
fn unix_ms(time: &rawzip::time::ZipDateTimeKind) -> Option<i64> {
    let (year, month, day) = (
        i64::from(time.year()),
        i64::from(time.month()),
        i64::from(time.day()),
    );
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    // Days from 1970-01-01 to the date (Howard Hinnant's days_from_civil).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    let seconds = days * 86_400
        + i64::from(time.hour()) * 3_600
        + i64::from(time.minute()) * 60
        + i64::from(time.second());
    Some(seconds * 1_000)
}

/// An entry's bytes, cut off at its declared size.
struct Bounded<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            return Ok(0);
        }
        let room = usize::try_from(self.left)
            .unwrap_or(usize::MAX)
            .min(buf.len());
        let n = self.inner.read(buf.get_mut(..room).unwrap_or_default())?;
        self.left -= n as u64;
        Ok(n)
    }
}
