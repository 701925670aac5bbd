//! police.uk street-level crime files (`YYYY-MM-<force>-street.csv`): one row per crime or
//! anti-social behaviour incident, counted here by month and crime type.

use std::collections::BTreeSet;

use csv::StringRecord;

use crate::ingest::format::{HeaderIndex, ReaderOutput, RecordReader, RowProblem, RowUse};
use crate::model::{Content, Format, Month, MonthlyCounts};

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

/// A street file is recognised by the columns that make it one; the rest may drift.
pub fn recognise(header: &HeaderIndex) -> Option<Box<dyn RecordReader>> {
    header.find(&["Falls within"])?;
    Some(Box::new(StreetReader {
        month: header.find(&["Month"])?,
        reported_by: header.find(&["Reported by"])?,
        crime_type: header.find(&["Crime type"])?,
        width: header.len(),
        counts: MonthlyCounts::default(),
        publishers: BTreeSet::new(),
    }))
}

struct StreetReader {
    month: usize,
    reported_by: usize,
    crime_type: usize,
    width: usize,
    counts: MonthlyCounts,
    publishers: BTreeSet<String>,
}

impl StreetReader {
    fn field<'r>(
        &self,
        row: &'r StringRecord,
        index: usize,
        name: &str,
    ) -> Result<&'r str, RowProblem> {
        row.get(index).map(str::trim).ok_or_else(|| {
            RowProblem::at(
                index,
                format!(
                    "the row has {} fields but the header has {}, so there is no {name}",
                    row.len(),
                    self.width
                ),
            )
        })
    }
}

impl RecordReader for StreetReader {
    fn format(&self) -> Format {
        Format::PoliceStreet
    }

    fn read_row(&mut self, row: &StringRecord) -> Result<RowUse, RowProblem> {
        let month_text = self.field(row, self.month, "Month")?;
        let month = Month::parse_iso(month_text)
            .map_err(|e| RowProblem::at(self.month, format!("Month: {e}")))?;
        let crime_type = self.field(row, self.crime_type, "Crime type")?;
        if crime_type.is_empty() {
            return Err(RowProblem::at(self.crime_type, "the Crime type is empty"));
        }
        let reported_by = self.field(row, self.reported_by, "Reported by")?;
        self.counts.add(month, crime_type);
        if !self.publishers.contains(reported_by) {
            self.publishers.insert(reported_by.to_owned());
        }
        Ok(RowUse::Used)
    }

    fn finish(self: Box<Self>) -> ReaderOutput {
        ReaderOutput {
            content: Content::MonthlyCounts(self.counts),
            sources: self.publishers,
        }
    }
}
