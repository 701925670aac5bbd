//! Bytes in, typed counts out. Each reader recognises its format from the header, accounts
//! for every row, and turns a file it cannot read into one [`FileError`] that says why.

pub mod format;
pub mod formats;
mod police_street;
mod sniff;
pub mod text;
pub mod uk_number;
pub mod uk_period;

use std::fmt;

pub use police_street::{
    PROGRESS_EVERY_ROWS, ReadProgress, STREET_HEADER, read_police_street, read_police_street_from,
};
pub use sniff::{Sniffed, sniff};

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
    /// A CSV, but not one this reader understands.
    UnrecognisedHeader {
        expected: &'static str,
        missing: Vec<&'static str>,
        hint: Option<&'static str>,
    },
    /// A header and nothing else.
    NoDataRows,
    /// The browser or the disk could not hand over the bytes.
    Unreadable(String),
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = &self.file;
        match &self.problem {
            FileProblem::Empty => write!(
                f,
                "{file} is empty. Choose the police.uk street-level CSV file again; if it is \
                 still empty, download it again from data.police.uk."
            ),
            FileProblem::NotText { looks_like } => write!(
                f,
                "{file} is not a CSV file: it looks like {looks_like}. Choose a police.uk \
                 street-level CSV file (named like 2023-01-city-of-london-street.csv)."
            ),
            FileProblem::UnrecognisedHeader {
                expected,
                missing,
                hint,
            } => {
                write!(
                    f,
                    "{file} is not a {expected}: line 1 has no {} column{}.",
                    quoted_list(missing),
                    if missing.len() == 1 { "" } else { "s" }
                )?;
                match hint {
                    Some(hint) => write!(f, " {hint}"),
                    None => write!(
                        f,
                        " Choose a police.uk street-level CSV file (named like \
                         2023-01-city-of-london-street.csv)."
                    ),
                }
            }
            FileProblem::Unreadable(why) => write!(
                f,
                "{file} could not be read ({why}). Check that the file is still there and not \
                 open in another program, then choose it again."
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

fn quoted_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|s| format!("\u{201c}{s}\u{201d}"))
        .collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}
