//! police.uk stop-and-search files (`YYYY-MM-<force>-stop-and-search.csv`): one row per
//! search, counted here by UK local month and object of search.
//!
//! The `Date` is a UTC instant (`2024-07-31T23:20:00+00:00`). police.uk files a search by
//! its UK local date, so a search at 00:20 BST on 1 August is in the August file although
//! its UTC date is 31 July; reading the date through [`parse_period`] (which converts to
//! Europe/London) puts it in August here too.

use std::collections::BTreeSet;

use csv::StringRecord;

use crate::ingest::format::{HeaderIndex, ReaderOutput, RecordReader, RowProblem, RowUse, field};
use crate::ingest::uk_period::parse_period;
use crate::model::{Content, Format, Month, MonthlyCounts, Period};

/// The header data.police.uk writes for stop-and-search files. Files since at least 2015
/// name the last column `Removal of more than just outer clothing`; the column is not
/// counted, so either name is read.
pub const STOP_SEARCH_HEADER: [&str; 15] = [
    "Type",
    "Date",
    "Part of a policing operation",
    "Policing operation",
    "Latitude",
    "Longitude",
    "Gender",
    "Age range",
    "Self-defined ethnicity",
    "Officer-defined ethnicity",
    "Legislation",
    "Object of search",
    "Outcome",
    "Outcome linked to object of search",
    "Removal of more than just outer clothing",
];

/// The category for a search whose `Object of search` is empty. Whole forces leave it empty
/// for some periods (every row of the Met's April 2015 file), so such rows are counted, not
/// rejected: dropping them would make the month's searches look like zero.
pub const OBJECT_NOT_RECORDED: &str = "Object of search not recorded";

const EXPECTED_DATE: &str = "a date and time like 2023-01-31T13:06:00+00:00";

/// Recognises a stop-and-search file by its `Type`, `Date` and `Object of search` columns.
pub fn recognise(header: &HeaderIndex) -> Option<Box<dyn RecordReader>> {
    header.find(&["Type"])?;
    let columns = Columns {
        date: header.find(&["Date"])?,
        object: header.find(&["Object of search"])?,
    };
    Some(Box::new(StopSearchReader {
        columns,
        counts: MonthlyCounts::default(),
    }))
}

struct Columns {
    date: usize,
    object: usize,
}

struct StopSearchReader {
    columns: Columns,
    counts: MonthlyCounts,
}

impl RecordReader for StopSearchReader {
    fn format(&self) -> Format {
        Format::PoliceStopSearch
    }

    fn read_row(&mut self, row: &StringRecord) -> Result<RowUse, RowProblem> {
        let month = self.uk_month(row)?;
        let object = match field(row, self.columns.object) {
            "" => OBJECT_NOT_RECORDED,
            object => object,
        };
        self.counts.add(month, object);
        Ok(RowUse::Used)
    }

    /// Stop-and-search rows do not name the force, so there are no sources to report; the
    /// force is in the file name, which the engine has.
    fn finish(self: Box<Self>) -> ReaderOutput {
        ReaderOutput {
            content: Content::MonthlyCounts(self.counts),
            sources: BTreeSet::new(),
        }
    }
}

impl StopSearchReader {
    /// The UK local month of the row's `Date`.
    fn uk_month(&self, row: &StringRecord) -> Result<Month, RowProblem> {
        let column = self.columns.date;
        let text = field(row, column);
        if text.is_empty() {
            return Err(RowProblem::at(column, "the Date is empty"));
        }
        match parse_period(text) {
            Ok(Period::Day(date)) => Ok(date.calendar_month()),
            // A month or a year is a period, but not when one search happened.
            Ok(_) => Err(RowProblem::at(
                column,
                format!("Date: expected {EXPECTED_DATE}, found {text:?}"),
            )),
            Err(e) => Err(RowProblem::at(column, format!("Date: {e}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
    use super::*;

    fn reader() -> Box<dyn RecordReader> {
        recognise(&HeaderIndex::new(&STOP_SEARCH_HEADER)).unwrap()
    }

    fn row(date: &str, object: &str) -> StringRecord {
        let mut fields = vec![""; STOP_SEARCH_HEADER.len()];
        fields[0] = "Person search";
        fields[1] = date;
        fields[11] = object;
        StringRecord::from(fields)
    }

    #[test]
    fn other_police_headers_are_not_stop_and_search() {
        assert!(recognise(&HeaderIndex::new(&crate::ingest::STREET_HEADER)).is_none());
    }

    #[test]
    fn problems_name_the_date_column() {
        let mut r = reader();
        for bad in [
            "",
            "2023-01",
            "2023",
            "31/02/2023",
            "yesterday",
            "1990-06-01T12:00:00+00:00",
        ] {
            let problem = r.read_row(&row(bad, "Firearms")).unwrap_err();
            assert_eq!(problem.column, Some(1), "{bad}");
            assert!(problem.reason.contains("Date"), "{bad}: {}", problem.reason);
        }
        assert_eq!(
            r.read_row(&StringRecord::new()).unwrap_err().column,
            Some(1)
        );
    }

    #[test]
    fn an_empty_object_is_counted_as_not_recorded() {
        let mut r = reader();
        r.read_row(&row("2023-01-05T10:00:00+00:00", " ")).unwrap();
        let out = r.finish();
        let Content::MonthlyCounts(counts) = out.content else {
            panic!("stop and search is monthly counts");
        };
        let month = Month::new(2023, 1).unwrap();
        assert_eq!(counts.count(month, OBJECT_NOT_RECORDED), Some(1));
        assert!(out.sources.is_empty());
    }
}
