//! Bytes in, typed counts out. Each reader recognises its format from the header, accounts
//! for every row, and turns a file it cannot read into one [`FileError`] that says why.

pub mod archive;
mod decode;
mod engine;
pub mod format;
pub mod formats;
pub mod roles;
mod sniff;
pub mod split;
pub mod text;
pub mod uk_number;
pub mod uk_period;

use std::fmt;

pub use engine::{
    FirstPart, GenericRoles, HeadSettings, PROGRESS_EVERY_ROWS, ReadOutcome, ReadProgress,
    read_buffered_by, read_buffered_with, read_file, read_file_buffered, read_file_from,
    read_file_with, read_first_part, read_later_part,
};
pub use formats::police_street::STREET_HEADER;

/// Whether a file found in a picked folder is one the app reads (a CSV or a zip), by its
/// name: a folder also holds READMEs, spreadsheets and system files, which are listed as
/// skipped rather than reported as errors.
pub fn is_readable_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    !lower.starts_with('.') && (lower.ends_with(".csv") || lower.ends_with(".zip"))
}

/// Why a whole file could not be read. Rows that are merely bad are rejected into the
/// file's reject log instead; this is for files where there is nothing to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub file: String,
    pub problem: FileProblem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// Zero bytes, or nothing but blank lines.
    Empty,
    /// Recognisably some other kind of file (image, archive, document).
    NotText { looks_like: &'static str },
    /// Text, but no reader recognises its header.
    UnrecognisedHeader { line: u64, columns: Vec<String> },
    /// Two columns with the same name: which one holds the data cannot be known.
    DuplicateColumn {
        line: u64,
        name: String,
        /// The two columns, 1-based.
        columns: (usize, usize),
    },
    /// A header and nothing else.
    NoDataRows,
    /// The browser or the disk could not hand over the bytes.
    Unreadable(String),
    /// Not read, to keep the page alive: an archive that would inflate to far more than it
    /// holds, or holds more files than any download.
    Refused(String),
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = &self.file;
        match &self.problem {
            FileProblem::Empty => write!(
                f,
                "{file} is empty. Choose the file again; if it is still empty, download or \
                 export it again."
            ),
            FileProblem::NotText { looks_like } => write!(
                f,
                "{file} is not a CSV file: it looks like {looks_like}. Choose a CSV file, such \
                 as a police.uk street-level file (named like \
                 2023-01-city-of-london-street.csv); save a spreadsheet as CSV first."
            ),
            FileProblem::UnrecognisedHeader { line, columns } => write!(
                f,
                "{file} is not a table Safer Trends can read: its header (line {line}) has the \
                 columns {}. Safer Trends reads police.uk street, outcomes and stop-and-search \
                 files, Fingertips indicator exports, Home Office and ONS recorded-crime tables, \
                 population estimates, and tables with a period, an area and a value column.",
                quoted_list(columns, 8)
            ),
            FileProblem::Unreadable(why) => write!(
                f,
                "{file} could not be read ({why}). Check that the file is still there and not \
                 open in another program, then choose it again."
            ),
            FileProblem::DuplicateColumn {
                line,
                name,
                columns: (first, second),
            } => write!(
                f,
                "{file} has two columns named \u{201c}{name}\u{201d} (columns {first} and \
                 {second} of the header on line {line}), so it is not clear which one to read. \
                 Rename or remove one of them, save the file and choose it again."
            ),
            FileProblem::Refused(why) => write!(
                f,
                "{file} was not read: {why}. Download it again from where it came from, or \
                 choose the CSV files you need."
            ),
            FileProblem::NoDataRows => write!(
                f,
                "{file} has a header but no data rows, so there is nothing to count. Check \
                 that the download finished."
            ),
        }
    }
}

impl std::error::Error for FileError {}

/// “A”, “B” or “C”, listing at most `limit` names and saying how many more there are.
fn quoted_list(items: &[String], limit: usize) -> String {
    let quoted: Vec<String> = items
        .iter()
        .take(limit)
        .map(|s| format!("\u{201c}{s}\u{201d}"))
        .collect();
    let more = items.len().saturating_sub(limit);
    let mut text = quoted.join(", ");
    if more > 0 {
        text.push_str(&format!(" and {more} more"));
    }
    if text.is_empty() {
        text.push_str("no names");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::is_readable_name;

    #[test]
    fn a_folder_yields_its_csv_and_zip_files() {
        for yes in ["2023-01-city-of-london-street.csv", "DOWNLOAD.ZIP", "a.Csv"] {
            assert!(is_readable_name(yes), "{yes}");
        }
        for no in [
            "README.txt",
            ".DS_Store",
            "._2023-01.csv",
            "report.xlsx",
            "csv",
            "notes.csv.txt",
        ] {
            assert!(!is_readable_name(no), "{no}");
        }
    }
}
