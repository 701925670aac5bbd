//! Fingertips indicator exports (fingertips.phe.org.uk, "Export data"; now run by OHID):
//! one row per indicator, area, sex, age, category and period, with the value, its 95% and
//! 99.8% confidence limits, the count and denominator behind it and a publisher's note.
//!
//! What a row becomes:
//! - **Area**: Area Code and Area Name. England, region and local rows are all kept as
//!   series. Their Area Type (written "Country" in some exports and "England" in others)
//!   and parent area are recorded per area by [`FingertipsReader::areas`], and
//!   [`AreaLevel::classify`] reads the level from the type or, failing that, from the GSS
//!   code, so a [`SeriesSet`] alone is enough to find England and regions for benchmarking.
//! - **Measure**: the Indicator Name with its whitespace (exports put a line break inside
//!   the quoted name) collapsed, followed by `(Sex, Age)` for whichever of the two narrows
//!   the population: "Persons", "All ages", "Not applicable" and empty add nothing. So
//!   `Campylobacter incidence rate/100,000` at 0-9 yrs is
//!   `Campylobacter incidence rate/100,000 (0-9 yrs)` and a male-only figure is
//!   `… (Male, 65+ yrs)`. A name already used by a different Indicator ID gets
//!   ` [indicator 12345]` appended so two indicators never merge.
//! - **Breakdown**: `Some((Category Type, Category))` when either is filled (deprivation
//!   deciles, ethnic groups), so breakdown rows never mix with the totals.
//! - **Period**: "Time period" read by [`parse_period`] (`2015`, `2015/16`, `2015 - 17`,
//!   `2015/16 - 17/18`, quarters, months). "Time period Sortable" is not needed: Fingertips
//!   writes financial years with a slash, so none of its periods is ambiguous.
//! - **Figure**: Value (empty is [`MissingReason::Empty`], never zero), both CI levels,
//!   Count, Denominator and Value note. Counts are read as plain numbers rather than whole
//!   counts because Fingertips publishes averaged and modelled counts with decimals.

use std::collections::{BTreeMap, BTreeSet};

use csv::StringRecord;

use crate::ingest::format::{HeaderIndex, ReaderOutput, RecordReader, RowProblem, RowUse, field};
use crate::ingest::uk_number::{Value, parse_value};
use crate::ingest::uk_period::parse_period;
use crate::model::{Area, Content, Figure, Format, MissingReason, Period, SeriesKey, SeriesSet};

/// Who publishes Fingertips; the export does not name itself, so every file gets this.
pub const SOURCE: &str = "Fingertips (OHID)";

/// How many fields a full export row has; real downloads often stop at 25 (no
/// "Compared to goal"), which is fine because only the first 20 carry figures.
const FULL_WIDTH: usize = 26;

/// Where an area sits, for choosing comparators (England, the region, a peer area).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AreaLevel {
    /// England (Area Type "Country" or "England"), or another UK nation.
    Country,
    /// An English region.
    Region,
    /// Any smaller area: county, unitary authority, district, CCG, …
    Local,
}

impl AreaLevel {
    /// The level from Fingertips' Area Type, falling back on the GSS code's entity prefix
    /// (`E92` country, `E12` region) when the type is one this reader does not know.
    pub fn classify(area_type: &str, code: Option<&str>) -> AreaLevel {
        match area_type.trim().to_lowercase().as_str() {
            "country" | "england" => AreaLevel::Country,
            "region" => AreaLevel::Region,
            _ => code.map_or(AreaLevel::Local, level_from_code),
        }
    }
}

/// `E92000001` is England, `W92…` Wales and so on; `E12…` an English region.
fn level_from_code(code: &str) -> AreaLevel {
    match code.get(1..3) {
        Some("92") => AreaLevel::Country,
        Some("12") => AreaLevel::Region,
        _ => AreaLevel::Local,
    }
}

/// What the export says about an area besides its code and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaInfo {
    /// Area Type as written ("Country", "England", "Region", "County & UA (pre 4/19)", …).
    pub area_type: String,
    pub level: AreaLevel,
    /// Parent Code and Parent Name (a local area's region, a region's England).
    pub parent: Option<Area>,
}

/// Column positions, found once from the header.
#[derive(Debug, Clone, Copy)]
struct Columns {
    indicator_id: usize,
    indicator_name: usize,
    area_code: usize,
    area_name: usize,
    area_type: usize,
    period: usize,
    value: usize,
    parent_code: Option<usize>,
    parent_name: Option<usize>,
    sex: Option<usize>,
    age: Option<usize>,
    category_type: Option<usize>,
    category: Option<usize>,
    lower_95: Option<usize>,
    upper_95: Option<usize>,
    lower_998: Option<usize>,
    upper_998: Option<usize>,
    count: Option<usize>,
    denominator: Option<usize>,
    note: Option<usize>,
}

/// A header column by name, also matching the space-free names fingertipsR gives the same
/// export (`IndicatorID`, `LowerCI95.0limit`) when users save its data frames as CSV.
fn column(header: &HeaderIndex, names: &[&str]) -> Option<usize> {
    let squash = |s: &str| s.replace(' ', "").to_lowercase();
    let wanted: Vec<String> = names.iter().map(|n| squash(n)).collect();
    header
        .names()
        .iter()
        .position(|n| wanted.contains(&squash(n)))
}

impl Columns {
    /// The columns every Fingertips export has and a figure cannot be placed without;
    /// "Indicator ID" and "Area Type" together tell it apart from a generic tidy table.
    fn find(header: &HeaderIndex) -> Option<Columns> {
        Some(Columns {
            indicator_id: column(header, &["Indicator ID"])?,
            indicator_name: column(header, &["Indicator Name"])?,
            area_code: column(header, &["Area Code"])?,
            area_name: column(header, &["Area Name"])?,
            area_type: column(header, &["Area Type"])?,
            period: column(header, &["Time period"])?,
            value: column(header, &["Value"])?,
            parent_code: column(header, &["Parent Code"]),
            parent_name: column(header, &["Parent Name"]),
            sex: column(header, &["Sex"]),
            age: column(header, &["Age"]),
            category_type: column(header, &["Category Type"]),
            category: column(header, &["Category"]),
            // Older exports wrote the 95% limits without the level.
            lower_95: column(header, &["Lower CI 95.0 limit", "Lower CI limit"]),
            upper_95: column(header, &["Upper CI 95.0 limit", "Upper CI limit"]),
            lower_998: column(header, &["Lower CI 99.8 limit"]),
            upper_998: column(header, &["Upper CI 99.8 limit"]),
            count: column(header, &["Count"]),
            denominator: column(header, &["Denominator"]),
            note: column(header, &["Value note"]),
        })
    }

    /// The last column a row must reach for its figure to be complete.
    fn last_required(&self) -> usize {
        [
            self.indicator_id,
            self.indicator_name,
            self.area_code,
            self.area_name,
            self.area_type,
            self.period,
            self.value,
        ]
        .into_iter()
        .max()
        .unwrap_or(0)
    }
}

/// Reads a Fingertips export row by row into a [`SeriesSet`].
#[derive(Debug)]
pub struct FingertipsReader {
    columns: Columns,
    set: SeriesSet,
    areas: BTreeMap<Area, AreaInfo>,
    /// Measure name → the Indicator ID that first used it.
    measure_ids: BTreeMap<String, String>,
}

/// A reader for a Fingertips export header; `None` for any other header.
pub fn recognise(header: &HeaderIndex) -> Option<Box<dyn RecordReader>> {
    FingertipsReader::new(header).map(|reader| Box::new(reader) as Box<dyn RecordReader>)
}

impl FingertipsReader {
    /// A reader when `header` is a Fingertips export's; `None` otherwise.
    pub fn new(header: &HeaderIndex) -> Option<FingertipsReader> {
        Columns::find(header).map(|columns| FingertipsReader {
            columns,
            set: SeriesSet::default(),
            areas: BTreeMap::new(),
            measure_ids: BTreeMap::new(),
        })
    }

    /// Area Type, level and parent of every area read so far (first row seen wins).
    pub fn areas(&self) -> &BTreeMap<Area, AreaInfo> {
        &self.areas
    }

    /// The series read so far.
    pub fn series(&self) -> &SeriesSet {
        &self.set
    }

    fn read(&mut self, row: &StringRecord) -> Result<RowUse, RowProblem> {
        let c = self.columns;
        check_width(row, c.last_required())?;
        let period = read_period(row, c.period)?;
        let figure = read_figure(row, &c)?;
        let area = read_area(row, c.area_code, c.area_name)?;
        let measure = self.measure(row)?;
        let key = SeriesKey {
            area: area.clone(),
            measure,
            breakdown: breakdown(row, &c),
        };
        if self.set.get(&key, &period).is_some() {
            return Ok(RowUse::Duplicate);
        }
        self.set.insert(key, period, figure);
        self.areas.entry(area).or_insert_with(|| area_info(row, &c));
        Ok(RowUse::Used)
    }

    /// The measure name for a row (see the module docs for the rule).
    fn measure(&mut self, row: &StringRecord) -> Result<String, RowProblem> {
        let c = self.columns;
        let name = tidy(field(row, c.indicator_name));
        if name.is_empty() {
            return Err(RowProblem::at(
                c.indicator_name,
                "the Indicator Name is empty; every Fingertips row needs the indicator its \
                 figure measures",
            ));
        }
        let id = tidy(field(row, c.indicator_id));
        let qualifiers: Vec<String> = [c.sex, c.age]
            .into_iter()
            .flatten()
            .map(|col| tidy(field(row, col)))
            .filter(|q| narrows_population(q))
            .collect();
        let base = if qualifiers.is_empty() {
            name
        } else {
            format!("{name} ({})", qualifiers.join(", "))
        };
        Ok(self.distinct_measure(base, id))
    }

    /// Keeps two indicators that share a name apart by adding the later one's ID.
    fn distinct_measure(&mut self, base: String, id: String) -> String {
        match self.measure_ids.get(&base) {
            Some(first_id) if *first_id != id => format!("{base} [indicator {id}]"),
            Some(_) => base,
            None => {
                self.measure_ids.insert(base.clone(), id);
                base
            }
        }
    }
}

impl RecordReader for FingertipsReader {
    fn format(&self) -> Format {
        Format::Fingertips
    }

    fn read_row(&mut self, row: &StringRecord) -> Result<RowUse, RowProblem> {
        self.read(row)
    }

    fn finish(self: Box<Self>) -> ReaderOutput {
        let mut set = self.set;
        for (area, info) in self.areas {
            set.set_area_type(area, &info.area_type);
        }
        ReaderOutput {
            content: Content::Series(set),
            sources: BTreeSet::from([SOURCE.to_owned()]),
        }
    }
}

/// One space for any run of whitespace, none at the ends: indicator names arrive with a
/// line break inside the quotes.
fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a Sex or Age value picks out part of the population (and so belongs in the
/// measure name) rather than meaning "everyone".
fn narrows_population(value: &str) -> bool {
    !matches!(
        value.to_lowercase().as_str(),
        "" | "persons" | "all ages" | "not applicable"
    )
}

/// A row too short to reach the Value is a cut-off line, not a row with an empty Value.
fn check_width(row: &StringRecord, last_required: usize) -> Result<(), RowProblem> {
    if row.len() > last_required {
        return Ok(());
    }
    Err(RowProblem::row(format!(
        "the row has {} fields but a Fingertips export row has {FULL_WIDTH}; it may have been \
         cut short or split across lines",
        row.len()
    )))
}

fn read_period(row: &StringRecord, col: usize) -> Result<Period, RowProblem> {
    let text = field(row, col);
    if text.is_empty() {
        return Err(RowProblem::at(
            col,
            "the Time period is empty; every Fingertips row needs the period its figure \
             covers (like 2015, 2015/16 or 2015 - 17)",
        ));
    }
    parse_period(text)
        .map_err(|e| RowProblem::at(col, format!("the Time period could not be read: {e}")))
}

fn read_area(row: &StringRecord, code_col: usize, name_col: usize) -> Result<Area, RowProblem> {
    let code = tidy(field(row, code_col));
    let name = tidy(field(row, name_col));
    match (code.is_empty(), name.is_empty()) {
        (true, true) => Err(RowProblem::at(
            code_col,
            "the Area Code and Area Name are both empty; every Fingertips row needs the area \
             its figure is for",
        )),
        // A code alone still identifies the area; show it as the name too.
        (false, true) => Ok(Area {
            name: code.clone(),
            code: Some(code),
        }),
        (true, false) => Ok(Area { code: None, name }),
        (false, false) => Ok(Area {
            code: Some(code),
            name,
        }),
    }
}

fn breakdown(row: &StringRecord, c: &Columns) -> Option<(String, String)> {
    let text = |col: Option<usize>| col.map(|i| tidy(field(row, i))).unwrap_or_default();
    let category_type = text(c.category_type);
    let category = text(c.category);
    (!category_type.is_empty() || !category.is_empty()).then_some((category_type, category))
}

fn area_info(row: &StringRecord, c: &Columns) -> AreaInfo {
    let text = |col: Option<usize>| col.map(|i| tidy(field(row, i))).unwrap_or_default();
    let area_type = tidy(field(row, c.area_type));
    let code = tidy(field(row, c.area_code));
    let parent_code = text(c.parent_code);
    let parent_name = text(c.parent_name);
    let parent = (!parent_code.is_empty() || !parent_name.is_empty()).then(|| Area {
        name: if parent_name.is_empty() {
            parent_code.clone()
        } else {
            parent_name
        },
        code: (!parent_code.is_empty()).then_some(parent_code),
    });
    AreaInfo {
        level: AreaLevel::classify(&area_type, (!code.is_empty()).then_some(code.as_str())),
        area_type,
        parent,
    }
}

fn read_figure(row: &StringRecord, c: &Columns) -> Result<Figure, RowProblem> {
    let (value, missing) = match read_number(row, c.value, "Value")? {
        Value::Missing(reason) => (None, Some(reason)),
        present => (present.number(), None),
    };
    let optional = |col: Option<usize>, name: &str| -> Result<Option<f64>, RowProblem> {
        col.map_or(Ok(None), |i| read_number(row, i, name).map(|v| v.number()))
    };
    let note = c
        .note
        .map(|i| tidy(field(row, i)))
        .filter(|n| !n.is_empty());
    Ok(Figure {
        value,
        missing,
        count: optional(c.count, "Count")?,
        denominator: optional(c.denominator, "Denominator")?,
        lower_95: optional(c.lower_95, "Lower CI 95.0 limit")?,
        upper_95: optional(c.upper_95, "Upper CI 95.0 limit")?,
        lower_998: optional(c.lower_998, "Lower CI 99.8 limit")?,
        upper_998: optional(c.upper_998, "Upper CI 99.8 limit")?,
        note,
    })
}

/// A numeric field; an empty field reads as [`MissingReason::Empty`], never zero.
fn read_number(row: &StringRecord, col: usize, name: &str) -> Result<Value, RowProblem> {
    let text = field(row, col);
    if text.is_empty() {
        return Ok(Value::Missing(MissingReason::Empty));
    }
    parse_value(text, false).map_err(|e| {
        RowProblem::at(
            col,
            format!("the {name} could not be read: {e}; leave it empty if there is no figure"),
        )
    })
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

    const HEADER: [&str; FULL_WIDTH] = [
        "Indicator ID",
        "Indicator Name",
        "Parent Code",
        "Parent Name",
        "Area Code",
        "Area Name",
        "Area Type",
        "Sex",
        "Age",
        "Category Type",
        "Category",
        "Time period",
        "Value",
        "Lower CI 95.0 limit",
        "Upper CI 95.0 limit",
        "Lower CI 99.8 limit",
        "Upper CI 99.8 limit",
        "Count",
        "Denominator",
        "Value note",
        "Recent Trend",
        "Compared to England value or percentiles",
        "Compared to Region value or percentiles",
        "Time period Sortable",
        "New data",
        "Compared to goal",
    ];

    fn reader() -> FingertipsReader {
        FingertipsReader::new(&HeaderIndex::new(&HEADER)).unwrap()
    }

    /// A valid England row with `changes` applied as (column, text).
    fn row(changes: &[(usize, &str)]) -> StringRecord {
        let mut fields = vec![
            "1",
            "Ind\n",
            "",
            "",
            "E92000001",
            "England",
            "England",
            "Persons",
            "All ages",
            "",
            "",
            "2015/16",
            "12.5",
            "11",
            "14",
            "10",
            "15",
            "50",
            "400",
            "",
            "",
            "",
            "",
            "20150000",
            "",
            "",
        ];
        for &(col, text) in changes {
            fields[col] = text;
        }
        StringRecord::from(fields)
    }

    fn only_figure(reader: FingertipsReader) -> (SeriesKey, Period, Figure) {
        let set = reader.series();
        let (key, points) = set.series().next().unwrap();
        let (period, figure) = points.iter().next().unwrap();
        (key.clone(), *period, figure.clone())
    }

    #[test]
    fn recognises_export_headers_only() {
        assert!(recognise(&HeaderIndex::new(&HEADER)).is_some());
        let squashed: Vec<String> = HEADER.iter().map(|h| h.replace(' ', "")).collect();
        assert!(recognise(&HeaderIndex::new(&squashed)).is_some());
        assert!(recognise(&HeaderIndex::new(&["Area Code", "Time period", "Value"])).is_none());
        let without_type: Vec<&str> = HEADER
            .iter()
            .copied()
            .filter(|h| *h != "Area Type")
            .collect();
        assert!(recognise(&HeaderIndex::new(&without_type)).is_none());
        assert_eq!(reader().format(), Format::Fingertips);
    }

    #[test]
    fn a_row_becomes_one_figure() {
        let mut r = reader();
        assert_eq!(r.read(&row(&[(19, "Note  here")])), Ok(RowUse::Used));
        let info = r.areas().values().next().unwrap().clone();
        assert_eq!(info.level, AreaLevel::Country);
        assert_eq!(info.area_type, "England");
        let (key, period, figure) = only_figure(r);
        assert_eq!(key.measure, "Ind");
        assert_eq!(key.breakdown, None);
        assert_eq!(key.area.code.as_deref(), Some("E92000001"));
        assert_eq!(period, Period::financial_year(2015).unwrap());
        assert_eq!(figure.value, Some(12.5));
        assert_eq!(figure.missing, None);
        assert_eq!((figure.lower_95, figure.upper_95), (Some(11.0), Some(14.0)));
        assert_eq!(
            (figure.lower_998, figure.upper_998),
            (Some(10.0), Some(15.0))
        );
        assert_eq!(
            (figure.count, figure.denominator),
            (Some(50.0), Some(400.0))
        );
        assert_eq!(figure.note.as_deref(), Some("Note here"));
    }

    #[test]
    fn sex_and_age_name_the_measure_only_when_they_narrow_it() {
        let mut r = reader();
        r.read(&row(&[(7, "Male"), (8, "65+ yrs")])).unwrap();
        r.read(&row(&[(7, "Not applicable"), (8, "<16 yrs")]))
            .unwrap();
        r.read(&row(&[(7, "Female"), (8, "Not applicable")]))
            .unwrap();
        let measures: Vec<&str> = r.series().measures().into_iter().collect();
        assert_eq!(
            measures,
            ["Ind (<16 yrs)", "Ind (Female)", "Ind (Male, 65+ yrs)"]
        );
    }

    #[test]
    fn two_indicators_with_one_name_stay_apart() {
        let mut r = reader();
        assert_eq!(r.read(&row(&[])), Ok(RowUse::Used));
        assert_eq!(r.read(&row(&[(0, "2")])), Ok(RowUse::Used));
        let measures: Vec<&str> = r.series().measures().into_iter().collect();
        assert_eq!(measures, ["Ind", "Ind [indicator 2]"]);
    }

    #[test]
    fn categories_are_kept_apart_from_totals() {
        let mut r = reader();
        r.read(&row(&[])).unwrap();
        r.read(&row(&[
            (9, "Deprivation deciles"),
            (10, "Most deprived decile"),
        ]))
        .unwrap();
        assert_eq!(r.series().len(), 2);
        let breakdowns: Vec<_> = r
            .series()
            .series()
            .map(|(k, _)| k.breakdown.clone())
            .collect();
        assert!(breakdowns.contains(&Some((
            "Deprivation deciles".to_owned(),
            "Most deprived decile".to_owned()
        ))));
        assert!(breakdowns.contains(&None));
    }

    #[test]
    fn empty_value_is_missing_and_keeps_its_note() {
        let mut r = reader();
        r.read(&row(&[
            (12, ""),
            (13, ""),
            (19, "Value for X and Y combined"),
        ]))
        .unwrap();
        let (_, _, figure) = only_figure(r);
        assert_eq!(figure.value, None);
        assert_eq!(figure.missing, Some(MissingReason::Empty));
        assert_eq!(figure.lower_95, None);
        assert_eq!(figure.note.as_deref(), Some("Value for X and Y combined"));
    }

    #[test]
    fn a_row_without_compared_to_goal_is_read() {
        let mut full = row(&[]);
        full.truncate(25);
        assert_eq!(reader().read(&full), Ok(RowUse::Used));
    }

    #[test]
    fn the_same_series_and_period_twice_is_a_duplicate() {
        let mut r = reader();
        assert_eq!(r.read(&row(&[])), Ok(RowUse::Used));
        assert_eq!(r.read(&row(&[(12, "99")])), Ok(RowUse::Duplicate));
        assert_eq!(r.read(&row(&[(11, "2016/17")])), Ok(RowUse::Used));
        let (_, _, first) = only_figure(r);
        assert_eq!(first.value, Some(12.5));
    }

    #[test]
    fn pooled_and_calendar_periods_are_read() {
        let mut r = reader();
        r.read(&row(&[(11, "2015 - 17")])).unwrap();
        r.read(&row(&[(11, "2014")])).unwrap();
        let periods: Vec<Period> = r.series().periods().into_iter().collect();
        assert!(periods.contains(&Period::pooled_years(2015, 2017).unwrap()));
        assert!(periods.contains(&Period::calendar_year(2014).unwrap()));
    }

    fn problem(changes: &[(usize, &str)]) -> RowProblem {
        reader().read(&row(changes)).unwrap_err()
    }

    #[test]
    fn unreadable_period_blames_time_period() {
        let p = problem(&[(11, "sometime")]);
        assert_eq!(p.column, Some(11));
        assert!(
            p.reason.contains("Time period could not be read"),
            "{}",
            p.reason
        );
        assert!(p.reason.contains("sometime"), "{}", p.reason);
        let p = problem(&[(11, " ")]);
        assert_eq!(p.column, Some(11));
        assert!(p.reason.contains("empty"), "{}", p.reason);
    }

    #[test]
    fn unreadable_numbers_blame_their_column() {
        for (col, name) in [
            (12, "Value"),
            (13, "Lower CI 95.0 limit"),
            (14, "Upper CI 95.0 limit"),
            (15, "Lower CI 99.8 limit"),
            (16, "Upper CI 99.8 limit"),
            (17, "Count"),
            (18, "Denominator"),
        ] {
            let p = problem(&[(col, "12..5")]);
            assert_eq!(p.column, Some(col), "{name}");
            assert!(p.reason.contains(name), "{}", p.reason);
            assert!(p.reason.contains("12..5"), "{}", p.reason);
        }
    }

    #[test]
    fn missing_area_or_indicator_is_a_problem() {
        assert_eq!(problem(&[(4, ""), (5, "")]).column, Some(4));
        assert_eq!(problem(&[(1, " \n ")]).column, Some(1));
        let mut r = reader();
        r.read(&row(&[(5, "")])).unwrap();
        assert_eq!(
            r.series().areas().into_iter().next().unwrap().name,
            "E92000001"
        );
    }

    #[test]
    fn a_cut_off_row_is_a_row_problem() {
        let p = reader()
            .read(&StringRecord::from(vec!["1", "Ind", "", "", "E92000001"]))
            .unwrap_err();
        assert_eq!(p.column, None);
        assert!(p.reason.contains("5 fields"), "{}", p.reason);
    }

    #[test]
    fn area_levels_come_from_type_or_code() {
        assert_eq!(AreaLevel::classify("Country", None), AreaLevel::Country);
        assert_eq!(AreaLevel::classify("England", None), AreaLevel::Country);
        assert_eq!(AreaLevel::classify("Region", None), AreaLevel::Region);
        assert_eq!(
            AreaLevel::classify("County & UA (pre 4/19)", Some("E06000015")),
            AreaLevel::Local
        );
        assert_eq!(
            AreaLevel::classify("Nation", Some("E92000001")),
            AreaLevel::Country
        );
        assert_eq!(
            AreaLevel::classify("Regions", Some("E12000004")),
            AreaLevel::Region
        );
        assert_eq!(AreaLevel::classify("", Some("é")), AreaLevel::Local);
    }

    #[test]
    fn finish_names_the_source() {
        let mut r = Box::new(reader());
        r.read(&row(&[])).unwrap();
        let output = r.finish();
        assert_eq!(output.sources, BTreeSet::from([SOURCE.to_owned()]));
        assert!(matches!(output.content, Content::Series(ref s) if s.figures() == 1));
    }
}
