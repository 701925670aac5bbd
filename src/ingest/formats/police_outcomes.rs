//! police.uk outcomes files (`YYYY-MM-<force>-outcomes.csv`): one row per outcome reached in
//! the month, counted here by month and outcome type.
//!
//! A crime that reaches the same outcome twice in one file (police.uk writes one row per
//! suspect, and some releases repeat rows outright) is counted once: the counts are crimes
//! reaching each outcome, and the repeats come back as [`RowUse::Duplicate`].

use std::collections::{BTreeSet, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use csv::StringRecord;

use crate::ingest::format::{HeaderIndex, ReaderOutput, RecordReader, RowProblem, RowUse, field};
use crate::model::{Content, Format, Month, MonthlyCounts};

/// The header data.police.uk writes for outcomes files.
pub const OUTCOMES_HEADER: [&str; 10] = [
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Outcome type",
];

/// Recognises an outcomes file by the columns it cannot do without; location columns may
/// drift or be empty ("No location" rows) without harm, as they are not counted.
pub fn recognise(header: &HeaderIndex) -> Option<Box<dyn RecordReader>> {
    let columns = Columns {
        crime_id: header.find(&["Crime ID"])?,
        month: header.find(&["Month"])?,
        reported_by: header.find(&["Reported by"])?,
        outcome_type: header.find(&["Outcome type"])?,
    };
    Some(Box::new(OutcomesReader {
        columns,
        counts: MonthlyCounts::default(),
        sources: BTreeSet::new(),
        seen: HashSet::new(),
    }))
}

struct Columns {
    crime_id: usize,
    month: usize,
    reported_by: usize,
    outcome_type: usize,
}

struct OutcomesReader {
    columns: Columns,
    counts: MonthlyCounts,
    sources: BTreeSet<String>,
    /// 64-bit hashes of (Crime ID, outcome type) already counted. Crime IDs are 64-character
    /// hex strings, so keeping hashes instead takes 8 bytes a row rather than ~90. Two
    /// different pairs share a hash with probability about n²/2⁶⁵ for n rows: about 3 in 100
    /// million for a million-row file, far larger than any one police.uk month. A collision
    /// would count one row as a duplicate, never add a row that should not be there.
    seen: HashSet<u64>,
}

impl RecordReader for OutcomesReader {
    fn format(&self) -> Format {
        Format::PoliceOutcomes
    }

    fn read_row(&mut self, row: &StringRecord) -> Result<RowUse, RowProblem> {
        let month = self.month(row)?;
        let outcome = self.outcome_type(row)?;
        let crime_id = field(row, self.columns.crime_id);
        // A row without an ID cannot be matched with another, so it is always counted.
        if !crime_id.is_empty() && !self.seen.insert(pair_hash(crime_id, outcome)) {
            return Ok(RowUse::Duplicate);
        }
        self.counts.add(month, outcome);
        self.note_source(field(row, self.columns.reported_by));
        Ok(RowUse::Used)
    }

    fn finish(self: Box<Self>) -> ReaderOutput {
        ReaderOutput {
            content: Content::MonthlyCounts(self.counts),
            sources: self.sources,
        }
    }
}

impl OutcomesReader {
    fn month(&self, row: &StringRecord) -> Result<Month, RowProblem> {
        let column = self.columns.month;
        Month::parse_iso(field(row, column))
            .map_err(|e| RowProblem::at(column, format!("Month: {e}")))
    }

    fn outcome_type<'r>(&self, row: &'r StringRecord) -> Result<&'r str, RowProblem> {
        let column = self.columns.outcome_type;
        let outcome = field(row, column);
        if outcome.is_empty() {
            Err(RowProblem::at(column, "the Outcome type is empty"))
        } else {
            Ok(outcome)
        }
    }

    fn note_source(&mut self, reported_by: &str) {
        if !reported_by.is_empty() && !self.sources.contains(reported_by) {
            self.sources.insert(reported_by.to_owned());
        }
    }
}

/// A 64-bit hash of one crime's outcome. `DefaultHasher::new()` has fixed keys, so the hash
/// is the same for the whole read; `str`'s `Hash` ends each string with a marker, so
/// ("ab", "c") and ("a", "bc") differ.
fn pair_hash(crime_id: &str, outcome: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    crime_id.hash(&mut hasher);
    outcome.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
    use super::*;

    fn reader() -> Box<dyn RecordReader> {
        recognise(&HeaderIndex::new(&OUTCOMES_HEADER)).unwrap()
    }

    fn row(id: &str, month: &str, outcome: &str) -> StringRecord {
        StringRecord::from(vec![
            id,
            month,
            "City of London Police",
            "City of London Police",
            "",
            "",
            "No location",
            "",
            "",
            outcome,
        ])
    }

    fn m(s: &str) -> Month {
        Month::parse_iso(s).unwrap()
    }

    #[test]
    fn street_and_stop_search_headers_are_not_outcomes() {
        let street = HeaderIndex::new(&crate::ingest::STREET_HEADER);
        assert!(recognise(&street).is_none());
        assert!(recognise(&HeaderIndex::new(&["Type", "Date", "Object of search"])).is_none());
    }

    #[test]
    fn problems_name_the_column() {
        let mut r = reader();
        let bad_month = r
            .read_row(&row("a", "2023-13", "Suspect charged"))
            .unwrap_err();
        assert_eq!(bad_month.column, Some(1));
        assert!(bad_month.reason.contains("YYYY-MM"), "{}", bad_month.reason);
        let no_outcome = r.read_row(&row("a", "2023-01", " ")).unwrap_err();
        assert_eq!(no_outcome.column, Some(9));
        let short = r
            .read_row(&StringRecord::from(vec!["a", "2023-01"]))
            .unwrap_err();
        assert_eq!(short.column, Some(9));
        let empty = r.read_row(&StringRecord::new()).unwrap_err();
        assert_eq!(empty.column, Some(1));
    }

    #[test]
    fn same_crime_and_outcome_is_a_duplicate_but_another_outcome_is_not() {
        let mut r = reader();
        assert_eq!(
            r.read_row(&row("x", "2023-01", "Suspect charged")),
            Ok(RowUse::Used)
        );
        assert_eq!(
            r.read_row(&row("x", "2023-01", "Suspect charged")),
            Ok(RowUse::Duplicate)
        );
        assert_eq!(
            r.read_row(&row("x", "2023-01", "Offender fined")),
            Ok(RowUse::Used)
        );
        // No ID: nothing to match on, so both count.
        assert_eq!(
            r.read_row(&row("", "2023-01", "Offender fined")),
            Ok(RowUse::Used)
        );
        assert_eq!(
            r.read_row(&row("", "2023-01", "Offender fined")),
            Ok(RowUse::Used)
        );
        let out = r.finish();
        let Content::MonthlyCounts(counts) = out.content else {
            panic!("outcomes are monthly counts");
        };
        assert_eq!(counts.count(m("2023-01"), "Suspect charged"), Some(1));
        assert_eq!(counts.count(m("2023-01"), "Offender fined"), Some(3));
        assert_eq!(
            out.sources,
            BTreeSet::from(["City of London Police".to_owned()])
        );
    }

    #[test]
    fn the_pair_hash_separates_its_parts() {
        assert_ne!(pair_hash("ab", "c"), pair_hash("a", "bc"));
        assert_eq!(pair_hash("ab", "c"), pair_hash("ab", "c"));
    }
}
