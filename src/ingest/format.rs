//! The contract between the file-reading engine and each format's reader.
//!
//! The engine (decoding, delimiter, title rows, row accounting, the reject log, progress) is
//! the same for every file. A format contributes two things: recognising its header, and
//! turning one data row into figures. Rows it cannot use come back as a [`RowProblem`] with
//! the column to blame; the engine logs them with file and line.

use std::collections::BTreeSet;

use csv::StringRecord;

use crate::model::{Content, Format};

/// Why one data row could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// 0-based column of the offending field, when one field is to blame.
    pub column: Option<usize>,
    /// What was wrong and, where it helps, what to do; shown to the user.
    pub reason: String,
}

impl RowProblem {
    pub fn at(column: usize, reason: impl Into<String>) -> RowProblem {
        RowProblem {
            column: Some(column),
            reason: reason.into(),
        }
    }

    pub fn row(reason: impl Into<String>) -> RowProblem {
        RowProblem {
            column: None,
            reason: reason.into(),
        }
    }
}

/// What a row turned into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowUse {
    Used,
    /// The same record was read already (e.g. the same Crime ID twice); counted, not added.
    Duplicate,
}

/// What a reader hands back when the file ends.
#[derive(Debug, Clone, PartialEq)]
pub struct ReaderOutput {
    pub content: Content,
    /// Who published the data (police.uk's "Reported by", a publisher named in the file).
    pub sources: BTreeSet<String>,
}

/// One format's reader, made from a header it recognised.
pub trait RecordReader {
    fn format(&self) -> Format;

    /// Reads one data row (fields as written, untrimmed).
    fn read_row(&mut self, row: &StringRecord) -> Result<RowUse, RowProblem>;

    fn finish(self: Box<Self>) -> ReaderOutput;
}

/// A header's column names, normalised so that the drift seen in real releases does not
/// matter: case, surrounding and repeated spaces, line breaks, and footnote markers such as
/// `[note 2]` or `(r)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderIndex {
    names: Vec<String>,
}

impl HeaderIndex {
    pub fn new<S: AsRef<str>>(header: &[S]) -> HeaderIndex {
        HeaderIndex {
            names: header.iter().map(|h| normalise_name(h.as_ref())).collect(),
        }
    }

    /// The first column whose normalised name equals one of `names` (given in any case).
    pub fn find(&self, names: &[&str]) -> Option<usize> {
        let wanted: Vec<String> = names.iter().map(|n| normalise_name(n)).collect();
        self.names.iter().position(|n| wanted.contains(n))
    }

    /// Like [`HeaderIndex::find`], for a column the format cannot do without.
    pub fn require(&self, names: &[&str]) -> Result<usize, String> {
        self.find(names)
            .ok_or_else(|| names.first().map_or_else(String::new, |n| (*n).to_owned()))
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// Lower case, single spaces, no footnote markers: `" Area Code [note 2]"` → `"area code"`.
pub fn normalise_name(name: &str) -> String {
    let mut text = name.replace(['\u{feff}', '\u{a0}'], " ");
    // Footnote markers: [note 2], [x], (r), (p) at the end or anywhere in brackets.
    while let Some(open) = text.find('[') {
        let Some(close) = text.get(open..).and_then(|rest| rest.find(']')) else {
            break;
        };
        text.replace_range(open..=open + close, " ");
    }
    for marker in ["(r)", "(p)", "(R)", "(P)"] {
        text = text.replace(marker, " ");
    }
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A field of a row, trimmed; empty when the row is short.
pub fn field(row: &StringRecord, column: usize) -> &str {
    row.get(column).map_or("", trim_cell)
}

/// `str::trim`, without decoding a character at either end when both are plain ASCII (as
/// nearly every cell's are): fields are trimmed many times a row.
pub fn trim_cell(cell: &str) -> &str {
    let trimmed = cell.trim_ascii();
    match (trimmed.as_bytes().first(), trimmed.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii() && last.is_ascii() => trimmed,
        _ => trimmed.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_drift_in_real_releases_is_absorbed() {
        let index = HeaderIndex::new(&[
            "Area code",
            " Total recorded crime (excluding fraud) [note 2]",
            "Area\nName",
            "\u{feff}Crime ID",
        ]);
        assert_eq!(index.find(&["Area Code"]), Some(0));
        assert_eq!(
            index.find(&["total recorded crime (excluding fraud)"]),
            Some(1)
        );
        assert_eq!(index.find(&["area name"]), Some(2));
        assert_eq!(index.find(&["crime id"]), Some(3));
        assert_eq!(index.find(&["Month"]), None);
        assert_eq!(index.require(&["Month", "Date"]), Err("Month".to_owned()));
        assert_eq!(normalise_name("Rate [x] (r)"), "rate");
    }

    #[test]
    fn cells_trim_like_str_trim() {
        for cell in [
            "",
            " ",
            " a ",
            "\u{a0}a\u{a0}",
            "a\u{2003}",
            "\té\n",
            "x y",
            "\u{a0}",
        ] {
            assert_eq!(trim_cell(cell), cell.trim(), "{cell:?}");
        }
    }

    #[test]
    fn short_rows_read_as_empty_fields() {
        let row = StringRecord::from(vec![" a ", "b"]);
        assert_eq!(field(&row, 0), "a");
        assert_eq!(field(&row, 5), "");
    }
}
