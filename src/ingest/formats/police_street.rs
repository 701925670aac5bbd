//! police.uk street-level crime files (`YYYY-MM-<force>-street.csv`): one row per crime or
//! anti-social behaviour incident, counted here by month, force ("Falls within"), local
//! authority (from the LSOA name) and crime type. A Crime ID seen twice in the file is one
//! crime: the first row counts, the repeat is a duplicate.

use std::collections::BTreeSet;

use csv::StringRecord;

use crate::ingest::format::{
    HeaderIndex, ReaderOutput, RecordReader, RowProblem, RowUse, field, trim_cell,
};
use crate::model::areas::area_of_lsoa_name;
use crate::model::street::{
    AREA_NOT_RECOGNISED, Counted, FORCE_NOT_STATED, NO_LOCATION, StreetCountsBuilder,
};
use crate::model::{Content, Format, Month};

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

/// The first month of police.uk's street-level data: December 2010.
pub const FIRST_STREET_MONTH: (u16, u8) = (2010, 12);

/// A street file is recognised by the columns that make it one; the rest may drift.
/// Without a Crime ID or LSOA name column every row counts, as a row without an ID in the
/// "No location" area. Months before police.uk's first are rejected; see [`recognise_until`]
/// for months after this one.
pub fn recognise(header: &HeaderIndex) -> Option<Box<dyn RecordReader>> {
    recognise_until(header, None)
}

/// [`recognise`], rejecting too a month after `latest` (this month, by the browser's clock:
/// the file's own "today" cannot be known from the file).
pub fn recognise_until(
    header: &HeaderIndex,
    latest: Option<Month>,
) -> Option<Box<dyn RecordReader>> {
    let (year, month) = FIRST_STREET_MONTH;
    Some(Box::new(StreetReader {
        first: Month::new(year, month),
        latest,
        falls_within: header.find(&["Falls within"])?,
        month: header.find(&["Month"])?,
        reported_by: header.find(&["Reported by"])?,
        crime_type: header.find(&["Crime type"])?,
        crime_id: header.find(&["Crime ID"]),
        lsoa_name: header.find(&["LSOA name"]),
        width: header.len(),
        counts: StreetCountsBuilder::default(),
        publishers: BTreeSet::new(),
    }))
}

struct StreetReader {
    first: Option<Month>,
    latest: Option<Month>,
    falls_within: usize,
    month: usize,
    reported_by: usize,
    crime_type: usize,
    crime_id: Option<usize>,
    lsoa_name: Option<usize>,
    width: usize,
    counts: StreetCountsBuilder,
    publishers: BTreeSet<String>,
}

impl StreetReader {
    fn field<'r>(
        &self,
        row: &'r StringRecord,
        index: usize,
        name: &str,
    ) -> Result<&'r str, RowProblem> {
        row.get(index).map(trim_cell).ok_or_else(|| {
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

impl StreetReader {
    /// A month police.uk cannot have published (a mistyped year, a date read as a month) is
    /// rejected rather than drawn as a lone point years away from the rest.
    fn within_police_uk(&self, month: Month, text: &str) -> Result<(), RowProblem> {
        let first = self.first;
        let early = first.is_some_and(|first| month < first);
        let late = self.latest.is_some_and(|latest| month > latest);
        if !early && !late {
            return Ok(());
        }
        let range = match (first, self.latest) {
            (Some(first), Some(latest)) => format!("{} to {}", first.label(), latest.label()),
            (Some(first), None) => format!("from {}", first.label()),
            _ => String::new(),
        };
        let when = if early {
            "before police.uk's street-level data begins"
        } else {
            "after this month, so police.uk cannot have published it yet"
        };
        Err(RowProblem::at(
            self.month,
            format!(
                "Month: {text} is outside police.uk's range of months ({range}): it is {when}. \
                 Correct the year or month in this row (police.uk writes months as YYYY-MM), \
                 or remove the row"
            ),
        ))
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
        self.within_police_uk(month, month_text)?;
        let crime_type = self.field(row, self.crime_type, "Crime type")?;
        if crime_type.is_empty() {
            return Err(RowProblem::at(self.crime_type, "the Crime type is empty"));
        }
        let reported_by = self.field(row, self.reported_by, "Reported by")?;
        let force = match field(row, self.falls_within) {
            "" => FORCE_NOT_STATED,
            force => force,
        };
        let lsoa_name = self.lsoa_name.map_or("", |c| field(row, c));
        let area = area_of_lsoa_name(lsoa_name);
        // Only a recognised LSOA name is kept as the row's LSOA: it is one of about 35,000, so
        // the cells stay bounded by geography; an unrecognised name could differ on every row.
        let lsoa = if area == NO_LOCATION || area == AREA_NOT_RECOGNISED {
            ""
        } else {
            lsoa_name.trim()
        };
        let crime_id = self.crime_id.map_or("", |c| field(row, c));
        let counted = self
            .counts
            .add(month, force, area, lsoa, crime_type, crime_id)
            .map_err(|_| {
                RowProblem::row(
                    "the file has more forces, areas or crime types than can be counted; split it",
                )
            })?;
        if !self.publishers.contains(reported_by) {
            self.publishers.insert(reported_by.to_owned());
        }
        Ok(match counted {
            Counted::New => RowUse::Used,
            Counted::RepeatedId => RowUse::Duplicate,
        })
    }

    fn finish(self: Box<Self>) -> ReaderOutput {
        ReaderOutput {
            content: Content::Street(Box::new(self.counts.finish())),
            sources: self.publishers,
        }
    }
}
