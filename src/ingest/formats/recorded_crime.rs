//! Police recorded crime tables from the Home Office, ONS and the Metropolitan Police.
//!
//! Four shapes are read:
//!
//! * **Home Office PFA open data** (`rec-crime-pfa.csv`): `12 months ending, PFA, Region,
//!   Offence, Rolling year total number of offences`. Each date is the end of a rolling
//!   12-month period, so the period is the [`Period::Rolling12`] ending in that date's month
//!   (the file writes `30-12-2017` for some quarters; it still ends in December). Non-force
//!   rows (Action Fraud, CIFAS, UK Finance, British Transport Police) are kept as areas of
//!   their own. → [`Format::RecordedCrimeLong`].
//! * **Home Office CSP open data**: `Financial Year, Financial Quarter, Force Name, CSP Name,
//!   Offence Description, Offence Group, Offence Subgroup, Offence Code, Number of Offences`.
//!   The period is the financial quarter (or the financial year when there is no quarter
//!   column); the measure is `Group > Subgroup > Description [code]`, because descriptions
//!   alone repeat under different codes. → [`Format::RecordedCrimeLong`].
//! * **The Met's borough and ward files**: major and minor category, borough (and ward name
//!   and code), then one `YYYYMM` column per month. The measure is `Major > Minor` as written
//!   (older files write `Burglary`, newer ones `BURGLARY`; the reader does not re-case what the
//!   publisher wrote). → [`Format::RecordedCrimeWide`].
//! * **ONS police force area tables saved to CSV** (`lineChart2021.csv`,
//!   `bubbleChartData.csv`): area columns, then one column per *offence* for one period that
//!   the rows never state. The period must come from outside the table — the file name
//!   ([`period_from_file_name`]) or the user — so these are read only through
//!   [`recognise_with_period`]; [`recognise`] leaves them to the generic reader rather than
//!   invent a year. → [`Format::RecordedCrimeWide`] (several figures per row).
//!
//! Suppressed and empty cells are figures missing with a reason, never zero. Rows for
//! `Unassigned <force>` pseudo-areas (crimes the force could not place in a CSP) are kept
//! under the name as written; [`is_unassigned`] lets views leave them out of area rankings.

use std::collections::BTreeSet;

use csv::StringRecord;

use crate::ingest::format::{
    HeaderIndex, ReaderOutput, RecordReader, RowProblem, RowUse, field, normalise_name,
};
use crate::ingest::uk_number::{CountValue, NumberProblem, parse_count};
use crate::ingest::uk_period::parse_period;
use crate::model::{
    Area, Content, Figure, Format, MissingReason, Month, Period, SeriesKey, SeriesSet,
};

/// Recognises a recorded crime table whose periods are in the file itself: the Home Office
/// PFA and CSP long files and the Met's borough and ward files.
pub fn recognise(header: &HeaderIndex) -> Option<Box<dyn RecordReader>> {
    if let Some(reader) = PfaLong::recognise(header) {
        return Some(Box::new(reader));
    }
    if let Some(reader) = CspLong::recognise(header) {
        return Some(Box::new(reader));
    }
    MetWide::recognise(header).map(|reader| Box::new(reader) as Box<dyn RecordReader>)
}

/// Like [`recognise`], and also the ONS tables with one column per offence, whose single
/// `period` the caller knows from the file name or title (see [`period_from_file_name`]).
pub fn recognise_with_period(
    header: &HeaderIndex,
    period: Period,
) -> Option<Box<dyn RecordReader>> {
    recognise(header).or_else(|| {
        OffenceColumns::recognise(header, period)
            .map(|reader| Box::new(reader) as Box<dyn RecordReader>)
    })
}

/// The period an ONS table's file name states, as ONS names its downloads:
/// `policeforceareatablesyedecember2024.xlsx` → the 12 months ending December 2024.
///
/// A bare year (`lineChart2021.csv`) is not enough: ONS publishes years ending March, June,
/// September and December, so guessing would shift every figure by up to nine months.
pub fn period_from_file_name(name: &str) -> Option<Period> {
    let text: String = name
        .to_lowercase()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    MONTH_NAMES
        .iter()
        .zip(1u8..)
        .find_map(|(month_name, month)| {
            let marker = format!("yearending{month_name}");
            let short = format!("ye{month_name}");
            let rest = text
                .split_once(&marker)
                .or_else(|| text.split_once(&short))
                .map(|(_, rest)| rest)?;
            let year: u16 = rest.get(..4)?.parse().ok()?;
            Period::rolling12_ending(Month::new(year, month)?)
        })
}

const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Whether an area is a publisher's `Unassigned <force>` bucket (crimes a force recorded but
/// could not place in one of its CSPs) rather than a real place. Matched without regard to
/// case because releases write both `Unassigned Surrey` and `unassigned Surrey`.
pub fn is_unassigned(area: &Area) -> bool {
    area.name
        .trim_start()
        .get(..10)
        .is_some_and(|start| start.eq_ignore_ascii_case("unassigned"))
}

/// The figures read so far, refusing to let a repeated row overwrite an earlier one.
#[derive(Debug, Default)]
pub(crate) struct Collected {
    set: SeriesSet,
}

impl Collected {
    /// Adds one row's figures: a row whose figures were all read before is a duplicate; one
    /// that contradicts an earlier figure is a problem (which one is right cannot be known).
    pub(crate) fn add_row(
        &mut self,
        figures: Vec<(SeriesKey, Period, Figure)>,
    ) -> Result<RowUse, RowProblem> {
        let mut fresh = Vec::with_capacity(figures.len());
        for (key, period, figure) in figures {
            match self.set.get(&key, &period) {
                Some(earlier) if *earlier == figure => {}
                Some(earlier) => return Err(contradiction(&key, period, earlier, &figure)),
                None => fresh.push((key, period, figure)),
            }
        }
        if fresh.is_empty() {
            return Ok(RowUse::Duplicate);
        }
        for (key, period, figure) in fresh {
            self.set.insert(key, period, figure);
        }
        Ok(RowUse::Used)
    }

    pub(crate) fn finish(self, source: &str) -> ReaderOutput {
        ReaderOutput {
            content: Content::Series(self.set),
            sources: BTreeSet::from([source.to_owned()]),
        }
    }
}

fn contradiction(key: &SeriesKey, period: Period, earlier: &Figure, now: &Figure) -> RowProblem {
    let show = |f: &Figure| match (f.value, f.missing) {
        (Some(v), _) => v.to_string(),
        (None, Some(reason)) => reason.description().to_owned(),
        (None, None) => "nothing".to_owned(),
    };
    RowProblem::row(format!(
        "{} for {} in {} was already read as {}; this row says {}",
        key.measure,
        key.area.name,
        period.label(),
        show(earlier),
        show(now)
    ))
}

/// A count cell as a figure: suppression markers and empty cells are missing with a reason.
pub(crate) fn count_figure(row: &StringRecord, column: usize) -> Result<Figure, RowProblem> {
    let text = field(row, column);
    if text.is_empty() {
        return Ok(Figure::missing(MissingReason::Empty));
    }
    match parse_count(text) {
        // Counts are far below 2^53, so the conversion is exact.
        Ok(CountValue::Count(n)) => Ok(Figure::value(n as f64)),
        Ok(CountValue::Missing(reason)) => Ok(Figure::missing(reason)),
        Err(error) if error.problem == NumberProblem::NegativeCount => Err(RowProblem::at(
            column,
            format!(
                "the published figure is negative ({text}): publishers net off crimes later \
                 cancelled or transferred (fraud to Action Fraud), so it is an adjustment, \
                 not a number of offences, and is left out rather than read as a count"
            ),
        )),
        Err(error) => Err(RowProblem::at(column, error.to_string())),
    }
}

/// A field that must not be empty.
fn required<'r>(row: &'r StringRecord, column: usize, what: &str) -> Result<&'r str, RowProblem> {
    let text = field(row, column);
    if text.is_empty() {
        Err(RowProblem::at(column, format!("the {what} is empty")))
    } else {
        Ok(text)
    }
}

fn named_area(name: &str) -> Area {
    Area {
        code: None,
        name: name.to_owned(),
    }
}

fn key(area: Area, measure: String) -> SeriesKey {
    SeriesKey {
        area,
        measure,
        breakdown: None,
    }
}

/// Parts joined with ` > `, skipping empty parts and a part equal to the one before (some
/// releases repeat the group as its own subgroup).
fn join_measure(parts: &[&str]) -> String {
    let mut kept: Vec<&str> = Vec::new();
    for part in parts.iter().copied().filter(|p| !p.is_empty()) {
        if kept
            .last()
            .is_none_or(|last| !last.eq_ignore_ascii_case(part))
        {
            kept.push(part);
        }
    }
    kept.join(" > ")
}

/// The Home Office PFA open data file: one rolling 12-month count per force and offence.
#[derive(Debug)]
struct PfaLong {
    date: usize,
    force: usize,
    offence: usize,
    count: usize,
    collected: Collected,
}

impl PfaLong {
    fn recognise(header: &HeaderIndex) -> Option<PfaLong> {
        Some(PfaLong {
            date: header.find(&["12 months ending", "12 month ending", "rolling year ending"])?,
            force: header.find(&["PFA", "Force Name", "Police Force Area"])?,
            offence: header.find(&["Offence"])?,
            count: header.find(&[
                "Rolling year total number of offences",
                "Number of offences",
            ])?,
            collected: Collected::default(),
        })
    }
}

impl RecordReader for PfaLong {
    fn format(&self) -> Format {
        Format::RecordedCrimeLong
    }

    fn read_row(&mut self, row: &StringRecord) -> Result<RowUse, RowProblem> {
        let period = rolling_year_ending(row, self.date)?;
        let force = required(row, self.force, "police force area")?;
        let offence = required(row, self.offence, "offence")?;
        let figure = count_figure(row, self.count)?;
        let key = key(named_area(force), offence.to_owned());
        self.collected.add_row(vec![(key, period, figure)])
    }

    fn finish(self: Box<Self>) -> ReaderOutput {
        self.collected.finish("Home Office")
    }
}

/// `31-03-2003` as the 12 months ending March 2003.
fn rolling_year_ending(row: &StringRecord, column: usize) -> Result<Period, RowProblem> {
    let text = field(row, column);
    let parsed = parse_period(text).map_err(|e| RowProblem::at(column, e.to_string()))?;
    let last = match parsed {
        Period::Day(date) => date.calendar_month(),
        Period::Month(month) => month,
        Period::Rolling12(rolling) => rolling.last(),
        _ => {
            return Err(RowProblem::at(
                column,
                format!(
                    "expected the date a 12-month period ends (like 31-03-2003), found {text:?}"
                ),
            ));
        }
    };
    Period::rolling12_ending(last)
        .ok_or_else(|| RowProblem::at(column, format!("no 12-month period ends in {text:?}")))
}

/// The Home Office CSP open data file: one quarter's count per CSP and offence code.
#[derive(Debug)]
struct CspLong {
    year: usize,
    quarter: Option<usize>,
    csp: usize,
    group: Option<usize>,
    subgroup: Option<usize>,
    description: usize,
    code: Option<usize>,
    count: usize,
    collected: Collected,
}

impl CspLong {
    fn recognise(header: &HeaderIndex) -> Option<CspLong> {
        Some(CspLong {
            year: header.find(&["Financial Year"])?,
            quarter: header.find(&["Financial Quarter", "Quarter"]),
            csp: header.find(&["CSP Name", "Community Safety Partnership", "CSP"])?,
            group: header.find(&["Offence Group"]),
            subgroup: header.find(&["Offence Subgroup"]),
            description: header.find(&["Offence Description", "Offence"])?,
            code: header.find(&["Offence Code"]),
            count: header.find(&["Number of Offences", "Offences", "Count"])?,
            collected: Collected::default(),
        })
    }

    fn period(&self, row: &StringRecord) -> Result<Period, RowProblem> {
        let text = field(row, self.year);
        let start = match parse_period(text) {
            Ok(Period::FinancialYear(year)) => year.start_year(),
            _ => {
                return Err(RowProblem::at(
                    self.year,
                    format!("expected a financial year like 2017/18, found {text:?}"),
                ));
            }
        };
        let Some(column) = self.quarter else {
            return Period::financial_year(start)
                .ok_or_else(|| RowProblem::at(self.year, "the financial year is out of range"));
        };
        let quarter_text = field(row, column);
        let quarter = quarter_text
            .trim_start_matches(['Q', 'q'])
            .parse::<u8>()
            .ok();
        quarter
            .and_then(|q| Period::financial_quarter(start, q))
            .ok_or_else(|| {
                RowProblem::at(
                    column,
                    format!("expected a quarter from 1 to 4, found {quarter_text:?}"),
                )
            })
    }

    fn measure(&self, row: &StringRecord) -> Result<String, RowProblem> {
        let part = |column: Option<usize>| column.map_or("", |c| field(row, c));
        let description = required(row, self.description, "offence description")?;
        let measure = join_measure(&[part(self.group), part(self.subgroup), description]);
        let code = part(self.code);
        Ok(if code.is_empty() {
            measure
        } else {
            format!("{measure} [{code}]")
        })
    }
}

impl RecordReader for CspLong {
    fn format(&self) -> Format {
        Format::RecordedCrimeLong
    }

    fn read_row(&mut self, row: &StringRecord) -> Result<RowUse, RowProblem> {
        let period = self.period(row)?;
        let csp = required(row, self.csp, "community safety partnership")?;
        let measure = self.measure(row)?;
        let figure = count_figure(row, self.count)?;
        self.collected
            .add_row(vec![(key(named_area(csp), measure), period, figure)])
    }

    fn finish(self: Box<Self>) -> ReaderOutput {
        self.collected.finish("Home Office")
    }
}

/// The Met's borough or ward file: one column per `YYYYMM` month.
#[derive(Debug)]
struct MetWide {
    major: usize,
    minor: usize,
    borough: usize,
    ward: Option<(usize, Option<usize>)>,
    months: Vec<(usize, Period)>,
    collected: Collected,
}

impl MetWide {
    fn recognise(header: &HeaderIndex) -> Option<MetWide> {
        let major = header.find(&["Major Category", "MajorText"])?;
        let minor = header.find(&["Minor Category", "MinorText"])?;
        let borough = header.find(&["Borough", "LookUp_BoroughName", "BoroughName"])?;
        let ward = header
            .find(&["WardName", "Ward Name", "Ward"])
            .map(|name| (name, header.find(&["WardCode", "Ward Code"])));
        let months = month_columns(header);
        (!months.is_empty()).then_some(MetWide {
            major,
            minor,
            borough,
            ward,
            months,
            collected: Collected::default(),
        })
    }

    /// The ward (by its code) when the file is ward level, else the borough. A ward without
    /// a code is named with its borough, because ward names repeat across London.
    fn area(&self, row: &StringRecord) -> Result<Area, RowProblem> {
        let borough = required(row, self.borough, "borough")?;
        let Some((name_column, code_column)) = self.ward else {
            return Ok(named_area(borough));
        };
        let ward = required(row, name_column, "ward name")?;
        let code = code_column.map_or("", |c| field(row, c));
        Ok(if code.is_empty() {
            named_area(&format!("{ward} ({borough})"))
        } else {
            Area {
                code: Some(code.to_owned()),
                name: ward.to_owned(),
            }
        })
    }
}

/// Columns whose names are months (`201807`), in file order.
fn month_columns(header: &HeaderIndex) -> Vec<(usize, Period)> {
    header
        .names()
        .iter()
        .enumerate()
        .filter(|(_, name)| name.len() == 6 && name.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|(column, name)| match parse_period(name) {
            Ok(period @ Period::Month(_)) => Some((column, period)),
            _ => None,
        })
        .collect()
}

impl RecordReader for MetWide {
    fn format(&self) -> Format {
        Format::RecordedCrimeWide
    }

    fn read_row(&mut self, row: &StringRecord) -> Result<RowUse, RowProblem> {
        let area = self.area(row)?;
        let major = required(row, self.major, "major category")?;
        let minor = required(row, self.minor, "minor category")?;
        let key = key(area, join_measure(&[major, minor]));
        let figures = self
            .months
            .iter()
            .map(|(column, period)| Ok((key.clone(), *period, count_figure(row, *column)?)))
            .collect::<Result<Vec<_>, RowProblem>>()?;
        self.collected.add_row(figures)
    }

    fn finish(self: Box<Self>) -> ReaderOutput {
        self.collected.finish("Metropolitan Police Service")
    }
}

/// Header names that place a row (and are never offences). The first name column found is
/// the area: the CSP in CSP-level sheets, the force (`Territory`) in force-level sheets.
const AREA_NAME_COLUMNS: [&str; 6] = [
    "Community Safety Partnership name",
    "CSP name",
    "Territory",
    "Police Force Area name",
    "Area name",
    "Area",
];
const AREA_CODE_COLUMNS: [&str; 3] = ["Area code", "Code", "CSP code"];
/// Context columns: which region or country an area is in, not a figure.
const CONTEXT_COLUMNS: [&str; 5] = ["Region", "Region name", "Country", "PFA", "Force"];

/// An ONS table with one column per offence, for one period given from outside the rows.
#[derive(Debug)]
struct OffenceColumns {
    name: usize,
    code: Option<usize>,
    offences: Vec<(usize, String)>,
    period: Period,
    collected: Collected,
}

impl OffenceColumns {
    fn recognise(header: &HeaderIndex, period: Period) -> Option<OffenceColumns> {
        let name = find_by_priority(header, &AREA_NAME_COLUMNS)?;
        let code = find_by_priority(header, &AREA_CODE_COLUMNS);
        let placing: Vec<String> = AREA_NAME_COLUMNS
            .iter()
            .chain(&AREA_CODE_COLUMNS)
            .chain(&CONTEXT_COLUMNS)
            .map(|n| normalise_name(n))
            .collect();
        let offences: Vec<(usize, String)> = header
            .names()
            .iter()
            .enumerate()
            .filter(|(_, n)| !n.is_empty() && !placing.contains(n))
            .map(|(column, n)| (column, sentence_case(n)))
            .collect();
        // Without a total or a headline offence it is some other table with area columns.
        let is_crime = offences.iter().any(|(_, n)| is_crime_heading(n));
        is_crime.then_some(OffenceColumns {
            name,
            code,
            offences,
            period,
            collected: Collected::default(),
        })
    }
}

/// The column for the earliest of `names` present: a force table has both `Area` (the
/// country) and `Territory` (the force), and the force is the area its figures are about.
fn find_by_priority(header: &HeaderIndex, names: &[&str]) -> Option<usize> {
    names.iter().find_map(|name| header.find(&[name]))
}

fn is_crime_heading(name: &str) -> bool {
    let lower = name.to_lowercase();
    [
        "recorded crime",
        "violence against the person",
        "robbery",
        "burglary",
    ]
    .iter()
    .any(|word| lower.contains(word))
}

/// The header arrives normalised to lower case; ONS writes offence names in sentence case,
/// so a capital first letter restores them (`Total Recorded Crime` becomes
/// `Total recorded crime`, which is how the other releases write it). A missing space before
/// a bracket is put back, because one year's table writes `crime(excluding fraud)` and the
/// next `crime (excluding fraud)` for the same measure.
fn sentence_case(name: &str) -> String {
    let spaced = name.replace('(', " (").replace("  (", " (");
    let trimmed = spaced.trim_start();
    let mut chars = trimmed.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

impl RecordReader for OffenceColumns {
    fn format(&self) -> Format {
        Format::RecordedCrimeWide
    }

    fn read_row(&mut self, row: &StringRecord) -> Result<RowUse, RowProblem> {
        let name = required(row, self.name, "area name")?;
        let code = self.code.map(|c| field(row, c)).filter(|c| !c.is_empty());
        let area = Area {
            code: code.map(str::to_owned),
            name: name.to_owned(),
        };
        let figures = self
            .offences
            .iter()
            .map(|(column, offence)| {
                let figure = count_figure(row, *column)?;
                Ok((key(area.clone(), offence.clone()), self.period, figure))
            })
            .collect::<Result<Vec<_>, RowProblem>>()?;
        self.collected.add_row(figures)
    }

    fn finish(self: Box<Self>) -> ReaderOutput {
        self.collected.finish("Office for National Statistics")
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]
    use super::*;

    fn row(fields: &[&str]) -> StringRecord {
        StringRecord::from(fields.to_vec())
    }

    fn series(reader: Box<dyn RecordReader>) -> SeriesSet {
        match reader.finish().content {
            Content::Series(set) => set,
            Content::MonthlyCounts(_) | Content::Street(_) => panic!("expected series"),
        }
    }

    #[test]
    fn pfa_dates_are_twelve_months_ending_that_month() {
        let header = HeaderIndex::new(&[
            "12 months ending",
            "PFA",
            "Region",
            "Offence",
            "Rolling year total number of offences",
        ]);
        let mut reader = recognise(&header).unwrap();
        assert_eq!(reader.format(), Format::RecordedCrimeLong);
        let ok = row(&["30-12-2017", "Kent", "South East", "Robbery", "1,234"]);
        assert_eq!(reader.read_row(&ok), Ok(RowUse::Used));
        assert_eq!(reader.read_row(&ok), Ok(RowUse::Duplicate));
        let changed = row(&["30-12-2017", "Kent", "South East", "Robbery", "9"]);
        assert!(
            reader
                .read_row(&changed)
                .unwrap_err()
                .reason
                .contains("already read")
        );
        let bad_date = reader.read_row(&row(&["2017/18", "Kent", "", "Robbery", "1"]));
        assert_eq!(bad_date.unwrap_err().column, Some(0));
        let bad_count = reader.read_row(&row(&["31-03-2018", "Kent", "", "Robbery", "-3"]));
        assert_eq!(bad_count.unwrap_err().column, Some(4));
        let no_force = reader.read_row(&row(&["31-03-2018", " ", "", "Robbery", "3"]));
        assert_eq!(no_force.unwrap_err().column, Some(1));
        let suppressed = row(&["31-03-2018", "Kent", "", "Robbery", "[c]"]);
        assert_eq!(reader.read_row(&suppressed), Ok(RowUse::Used));
        let set = series(reader);
        let k = key(named_area("Kent"), "Robbery".into());
        let dec = Period::rolling12_ending(Month::new(2017, 12).unwrap()).unwrap();
        assert_eq!(set.get(&k, &dec).unwrap().value, Some(1234.0));
        let mar = Period::rolling12_ending(Month::new(2018, 3).unwrap()).unwrap();
        assert_eq!(
            set.get(&k, &mar).unwrap().missing,
            Some(MissingReason::Suppressed)
        );
    }

    #[test]
    fn csp_quarters_and_offence_hierarchy() {
        let header = HeaderIndex::new(&[
            "Financial Year",
            "Financial Quarter",
            "Force Name",
            "CSP Name",
            "Offence Description",
            "Offence Group",
            "Offence Subgroup",
            "Offence Code",
            "Number of Offences",
        ]);
        let mut reader = recognise(&header).unwrap();
        let r = row(&[
            "2017/18",
            "3",
            "Kent",
            "Dover",
            "Shoplifting",
            "Theft offences",
            "Shoplifting",
            "46",
            "12",
        ]);
        assert_eq!(reader.read_row(&r), Ok(RowUse::Used));
        let bad_quarter = row(&["2017/18", "5", "Kent", "Dover", "X", "", "", "", "1"]);
        assert_eq!(reader.read_row(&bad_quarter).unwrap_err().column, Some(1));
        let bad_year = row(&["2017", "1", "Kent", "Dover", "X", "", "", "", "1"]);
        assert_eq!(reader.read_row(&bad_year).unwrap_err().column, Some(0));
        let set = series(reader);
        let k = key(
            named_area("Dover"),
            "Theft offences > Shoplifting [46]".into(),
        );
        let q3 = Period::financial_quarter(2017, 3).unwrap();
        assert_eq!(set.get(&k, &q3).unwrap().value, Some(12.0));
    }

    #[test]
    fn met_rows_reject_a_bad_cell_and_keep_empty_cells_missing() {
        let header = HeaderIndex::new(&[
            "Borough",
            "Major Category",
            "Minor Category",
            "201701",
            "201702",
        ]);
        let mut reader = recognise(&header).unwrap();
        assert_eq!(reader.format(), Format::RecordedCrimeWide);
        assert_eq!(
            reader.read_row(&row(&["Brent", "Theft", "Shoplifting", "4", ""])),
            Ok(RowUse::Used)
        );
        let bad = reader.read_row(&row(&["Brent", "Theft", "Other", "4", "four"]));
        assert_eq!(bad.unwrap_err().column, Some(4));
        let short = reader.read_row(&row(&["Brent", "", "Other"]));
        assert_eq!(short.unwrap_err().column, Some(1));
        let set = series(reader);
        let k = key(named_area("Brent"), "Theft > Shoplifting".into());
        let feb = Period::month(2017, 2).unwrap();
        assert_eq!(
            set.get(&k, &feb).unwrap().missing,
            Some(MissingReason::Empty)
        );
        assert_eq!(set.figures(), 2);
    }

    #[test]
    fn a_ward_without_a_code_is_named_with_its_borough() {
        let header = HeaderIndex::new(&[
            "MajorText",
            "MinorText",
            "WardName",
            "WardCode",
            "LookUp_BoroughName",
            "202401",
        ]);
        let mut reader = recognise(&header).unwrap();
        let r = row(&["THEFT", "SHOPLIFTING", "Abbey", "", "Merton", "[x]"]);
        assert_eq!(reader.read_row(&r), Ok(RowUse::Used));
        let set = series(reader);
        let k = key(named_area("Abbey (Merton)"), "THEFT > SHOPLIFTING".into());
        let jan = Period::month(2024, 1).unwrap();
        assert_eq!(
            set.get(&k, &jan).unwrap().missing,
            Some(MissingReason::NotAvailable)
        );
    }

    #[test]
    fn offence_headings_are_restored_to_one_spelling() {
        assert_eq!(
            sentence_case("total recorded crime(excluding fraud)"),
            "Total recorded crime (excluding fraud)"
        );
        assert_eq!(
            sentence_case("total recorded crime (excluding fraud)"),
            "Total recorded crime (excluding fraud)"
        );
    }

    #[test]
    fn met_header_without_months_is_not_recognised() {
        let header = HeaderIndex::new(&["Borough", "Major Category", "Minor Category", "Total"]);
        assert!(recognise(&header).is_none());
    }

    #[test]
    fn offence_tables_need_a_period_from_outside() {
        let header = HeaderIndex::new(&["Area code", "Area", "Region", "Territory", "Robbery"]);
        assert!(recognise(&header).is_none());
        let period = Period::calendar_year(2021).unwrap();
        let mut reader = recognise_with_period(&header, period).unwrap();
        let r = row(&["E23000013", "ENGLAND ", "North East", "Cleveland", "615"]);
        assert_eq!(reader.read_row(&r), Ok(RowUse::Used));
        let set = series(reader);
        let area = Area {
            code: Some("E23000013".into()),
            name: "Cleveland".into(),
        };
        assert_eq!(
            set.get(&key(area, "Robbery".into()), &period)
                .unwrap()
                .value,
            Some(615.0)
        );
        let population = HeaderIndex::new(&["Area code", "Area", "All ages"]);
        assert!(recognise_with_period(&population, period).is_none());
    }

    #[test]
    fn file_names_state_a_year_ending() {
        let dec = Period::rolling12_ending(Month::new(2024, 12).unwrap());
        assert_eq!(
            period_from_file_name("policeforceareatablesyedecember2024.xlsx"),
            dec
        );
        assert_eq!(
            period_from_file_name("PFA tables, year ending December 2024.csv"),
            dec
        );
        assert_eq!(period_from_file_name("lineChart2021.csv"), None);
        assert_eq!(period_from_file_name("ye june.csv"), None);
    }

    #[test]
    fn unassigned_areas_are_recognisable() {
        assert!(is_unassigned(&named_area("unassigned Surrey")));
        assert!(is_unassigned(&named_area("Unassigned Gwent")));
        assert!(!is_unassigned(&named_area("Surrey Heath")));
        assert!(!is_unassigned(&named_area("Unas")));
    }
}
