//! The fallback reader: any other table of figures an analyst drops in (a council's own
//! case-system export, a NOMIS download, a Data Lab tidy file), in either of two layouts:
//!
//! - **tidy**: one row per figure (or per area × category × period with several figure
//!   columns), with a period column (`period`, `date`, `year`, …);
//! - **wide**: one column per period (`2019`, `2020/21`, `Jan 2023`, `201807`).
//!
//! Nothing in the header says which column is which, so [`detect_roles`] guesses from the
//! header names *and* a sample of rows, and says how sure it is. When it is unsure, the page
//! shows a preview and the user says which column is which (a
//! [`RoleChoice`], turned into [`ColumnRoles`]); the app
//! remembers that choice under a hash of [`header_signature`] so the next file with the
//! same header is read the same way without asking.
//!
//! # How the engine calls it
//!
//! Only after every specific format has declined the header: take the header as written and
//! the first [`SAMPLE_ROWS`] records (fields as written), and either use the user's choice
//! or call [`detect_roles`] (or [`recognise_with_sample`]); then feed **every** record, the
//! sampled ones included, to the reader from [`reader_for`]. No roles means the file is not
//! a table of figures over time (a lookup, for instance); the engine reports it as
//! unrecognised, or asks the user when [`RoleGuess::worth_asking`] says they could help.

use std::collections::BTreeSet;

use csv::StringRecord;
use serde::{Deserialize, Serialize};

use crate::ingest::format::{
    ReaderOutput, RecordReader, RowProblem, RowUse, field, normalise_name,
};
use crate::ingest::roles::{ColumnRole, RoleChoice};
use crate::ingest::uk_number::{Value, parse_value};
use crate::ingest::uk_period::{parse_period, parse_period_column};
use crate::model::{Area, Content, Figure, Format, Period, PeriodKind, SeriesKey, SeriesSet};

/// How many records the engine should pass as the sample: enough to see a column's kind
/// past a few blank or suppressed cells, small enough to stay instant on any file.
pub const SAMPLE_ROWS: usize = 50;

/// Joins category values into a measure name. Category values themselves often contain
/// `/`, `-` and `,` (`Rate per 1,000`, `Mixed/multiple`), rarely a bar.
pub const MEASURE_SEPARATOR: &str = " | ";

/// The measure name of a wide table with no category column.
const WIDE_MEASURE: &str = "Value";

/// Which column holds what in a tidy or wide table. Built by [`detect_roles`] or by hand
/// (the user's answer to an unsure guess); stored by the app under [`header_signature`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnRoles {
    /// The header as written (trimmed): figure columns of a tidy table with several of
    /// them are named after their header.
    pub header: Vec<String>,
    pub layout: Layout,
    /// Column of area codes (`E22000107`, or a council's own codes).
    pub area_code: Option<usize>,
    /// Column of area names; when there is none the code is used as the name.
    pub area_name: Option<usize>,
    /// Columns that together name the measure, in order (e.g. indicator, measure, unit,
    /// group); their values are joined with [`MEASURE_SEPARATOR`].
    pub categories: Vec<usize>,
    /// Numbers written `1.234,5` (files from continental tools).
    pub decimal_comma: bool,
}

/// Where the periods are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Layout {
    /// A period column and one or more figure columns.
    Tidy {
        period: usize,
        /// The kind the period column was read as from the sample. It settles cells with
        /// two readings (`2010-11` is a financial year in a column of financial years);
        /// `None` takes each cell's own reading.
        period_kind: Option<PeriodKind>,
        values: Vec<usize>,
    },
    /// One column per period: `(column, period it holds)`.
    Wide { periods: Vec<(usize, Period)> },
}

impl ColumnRoles {
    /// Roles for a tidy table, without area or category columns yet (set the fields).
    pub fn tidy<S: AsRef<str>>(header: &[S], period: usize, values: Vec<usize>) -> ColumnRoles {
        ColumnRoles {
            header: written_header(header),
            layout: Layout::Tidy {
                period,
                period_kind: None,
                values,
            },
            area_code: None,
            area_name: None,
            categories: Vec::new(),
            decimal_comma: false,
        }
    }

    /// Roles for a wide table whose `period_columns` are headed by periods; an error names
    /// the header cell that is not a period.
    pub fn wide<S: AsRef<str>>(
        header: &[S],
        period_columns: &[usize],
    ) -> Result<ColumnRoles, String> {
        let header = written_header(header);
        let cells: Vec<&str> = period_columns
            .iter()
            .map(|&c| header.get(c).map_or("", String::as_str))
            .collect();
        let periods = parse_period_column(&cells).map_err(|e| e.to_string())?;
        Ok(ColumnRoles {
            layout: Layout::Wide {
                periods: period_columns.iter().copied().zip(periods).collect(),
            },
            header,
            area_code: None,
            area_name: None,
            categories: Vec::new(),
            decimal_comma: false,
        })
    }

    /// Whether the roles fit the header: every column exists and has one role only. The UI
    /// calls this on a hand-made choice before reading with it.
    pub fn check(&self) -> Result<(), String> {
        let mut seen = BTreeSet::new();
        for column in self.assigned_columns() {
            if column >= self.header.len() {
                return Err(format!(
                    "column {} does not exist: the header has {} columns",
                    column + 1,
                    self.header.len()
                ));
            }
            if !seen.insert(column) {
                return Err(format!(
                    "column {} ({:?}) is given two roles",
                    column + 1,
                    self.header.get(column).map_or("", String::as_str)
                ));
            }
        }
        match &self.layout {
            Layout::Tidy { values, .. } if values.is_empty() => {
                Err("choose at least one column of figures".to_owned())
            }
            Layout::Wide { periods } if periods.is_empty() => {
                Err("choose at least one column headed by a period".to_owned())
            }
            _ => Ok(()),
        }
    }

    fn assigned_columns(&self) -> Vec<usize> {
        let mut columns: Vec<usize> = self
            .area_code
            .iter()
            .chain(self.area_name.iter())
            .chain(self.categories.iter())
            .copied()
            .collect();
        match &self.layout {
            Layout::Tidy { period, values, .. } => {
                columns.push(*period);
                columns.extend(values);
            }
            Layout::Wide { periods } => columns.extend(periods.iter().map(|(c, _)| *c)),
        }
        columns
    }

    fn format(&self) -> Format {
        match self.layout {
            Layout::Tidy { .. } => Format::GenericTidy,
            Layout::Wide { .. } => Format::GenericWide,
        }
    }

    fn header_name(&self, column: usize) -> &str {
        self.header.get(column).map_or("", String::as_str)
    }
}

/// How far the guess can be trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confidence {
    /// Every role came from a telling header name or an unmistakable column of values.
    Sure,
    /// Ask the user; each reason is a sentence to show beside the preview.
    Unsure(Vec<String>),
}

/// What [`detect_roles`] made of a header and sample.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleGuess {
    /// `None` when the table cannot be read as figures over time (no period or no
    /// figures); the reasons are in `confidence`.
    pub roles: Option<ColumnRoles>,
    pub confidence: Confidence,
    /// Columns given no role, with why (shown in the preview so nothing vanishes silently).
    pub ignored: Vec<(usize, String)>,
    /// The guess as the page pre-fills it: `roles`' choice, or when there are no roles, what
    /// was found (areas, categories, figures) for the user to complete.
    pub choice: RoleChoice,
    /// Whether the user could make the table readable by saying which column is which: some
    /// column reads as periods (or some header cell does) and some other column holds
    /// numbers. A lookup or a list of names is not worth asking about.
    pub worth_asking: bool,
}

impl RoleGuess {
    pub fn is_sure(&self) -> bool {
        self.confidence == Confidence::Sure
    }

    /// The reasons for doubt; empty when sure.
    pub fn reasons(&self) -> &[String] {
        match &self.confidence {
            Confidence::Sure => &[],
            Confidence::Unsure(reasons) => reasons,
        }
    }
}

/// A stable key for a header, so the app can remember the roles a user chose for files
/// laid out the same way. Names are normalised ([`normalise_name`]: case, spacing, footnote
/// markers), then joined with a tab, which normalisation never leaves inside a name.
pub fn header_signature<S: AsRef<str>>(header: &[S]) -> String {
    header
        .iter()
        .map(|name| normalise_name(name.as_ref()))
        .collect::<Vec<_>>()
        .join("\t")
}

/// The fallback recogniser. Call it with the header as written and the first
/// [`SAMPLE_ROWS`] records, after every specific format has declined; it returns the guess
/// (for the preview) and a reader built from it, or `None` when the table is not figures
/// over time. Then pass every record, sample included, to the reader.
pub fn recognise_with_sample(
    header: &[String],
    sample: &[Vec<String>],
) -> Option<(RoleGuess, Box<dyn RecordReader>)> {
    let guess = detect_roles(header, sample);
    let reader = reader_for(guess.roles.clone()?);
    Some((guess, reader))
}

/// A reader that turns rows into figures by `roles`.
pub fn reader_for(roles: ColumnRoles) -> Box<dyn RecordReader> {
    Box::new(GenericReader {
        roles,
        set: SeriesSet::default(),
    })
}

/// Guesses which column holds the period, area, categories and figures, from the header
/// names and a sample of rows (see [`SAMPLE_ROWS`]).
pub fn detect_roles(header: &[String], sample: &[Vec<String>]) -> RoleGuess {
    let profiles: Vec<Profile> = (0..header.len())
        .map(|c| Profile::new(header.get(c).map_or("", String::as_str), column(sample, c)))
        .collect();
    let mut guess = Guesser::new(header, &profiles);
    match wide_periods(header) {
        Some(periods) => guess.wide(periods),
        None => guess.tidy(),
    }
    let worth_asking = worth_asking(header, &profiles);
    let mut guess = guess.finish();
    guess.worth_asking = worth_asking || guess.roles.is_some();
    guess
}

fn worth_asking(header: &[String], profiles: &[Profile]) -> bool {
    if header.iter().any(|h| parse_period(h).is_ok()) {
        return true;
    }
    profiles.iter().enumerate().any(|(p, period)| {
        period.period_kind.is_some()
            && profiles
                .iter()
                .enumerate()
                .any(|(v, value)| v != p && value.numbers > 0)
    })
}

// ---------------------------------------------------------------------------------------
// Column profiles: what the header name and the sample cells say about one column.

/// Words in a header name that say "this is a period".
const PERIOD_WORDS: &[&str] = &[
    "period",
    "date",
    "month",
    "year",
    "quarter",
    "fy",
    "time",
    "yearmonth",
];
/// Words that say "this is a figure".
const VALUE_WORDS: &[&str] = &[
    "value",
    "values",
    "count",
    "counts",
    "rate",
    "number",
    "total",
    "score",
    "rank",
    "proportion",
    "percentage",
    "percent",
    "amount",
    "figure",
    "sum",
    "offences",
    "crimes",
    "incidents",
    "population",
    "estimate",
    "obs",
];
/// Words that say "this is where".
const AREA_WORDS: &[&str] = &[
    "area",
    "geography",
    "ward",
    "lsoa",
    "msoa",
    "borough",
    "district",
    "authority",
    "la",
    "lad",
    "csp",
    "force",
    "region",
    "neighbourhood",
    // Police forces' smallest patrol areas, as council and force extracts name them.
    "beat",
    "locality",
    "place",
];
/// Names of columns that only number or identify rows.
const ID_NAMES: &[&str] = &[
    "id",
    "fid",
    "objectid",
    "object id",
    "row",
    "rowid",
    "row id",
    "index",
    "#",
    "no",
];

/// What one column looks like.
struct Profile {
    name: String,
    words: Vec<String>,
    /// Non-empty sample cells, trimmed.
    cells: Vec<String>,
    numbers: usize,
    /// Cells that are neither numbers nor markers.
    texts: usize,
    codes: usize,
    distinct: usize,
    period_kind: Option<PeriodKind>,
    sequential: bool,
}

impl Profile {
    fn new(name: &str, cells: Vec<String>) -> Profile {
        let normalised = normalise_name(name);
        let mut numbers = Vec::new();
        let mut texts = 0;
        for cell in &cells {
            match parse_value(cell, false) {
                // Markers (`:`, `[x]`) fit any column of figures, so they count for nothing.
                Ok(value) => numbers.extend(value.number()),
                Err(_) => texts += 1,
            }
        }
        let period_kind = column_period_kind(&cells);
        Profile {
            words: words(&normalised),
            name: normalised,
            codes: cells.iter().filter(|c| is_area_code(c)).count(),
            distinct: cells.iter().collect::<BTreeSet<_>>().len(),
            sequential: counts_rows(&numbers),
            numbers: numbers.len(),
            texts,
            period_kind,
            cells,
        }
    }

    fn has_word(&self, wanted: &[&str]) -> bool {
        self.words.iter().any(|w| wanted.contains(&w.as_str()))
    }

    /// Figures (and markers) only, at least one real number.
    fn is_numeric(&self) -> bool {
        self.numbers > 0 && self.texts == 0
    }

    fn is_text(&self) -> bool {
        self.texts > 0
    }

    fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Nearly all cells are GSS codes (a stray `Unknown` does not spoil it).
    fn is_code_column(&self) -> bool {
        self.codes > 0 && self.codes * 10 >= self.cells.len() * 9
    }

    fn is_id_column(&self) -> bool {
        ID_NAMES.contains(&self.name.as_str()) || self.sequential
    }

    /// A code column by name: `area_code`, `geography code`, `lad19cd`.
    fn named_like_code(&self) -> bool {
        self.has_word(&["code", "cd"]) || self.name.ends_with("cd")
    }

    /// An area-name column by name: `area_name`, `geography`, `lad19nm`, `ward`.
    fn named_like_area_name(&self) -> bool {
        self.has_word(AREA_WORDS) || self.has_word(&["name", "nm"]) || self.name.ends_with("nm")
    }

    /// Every cell different, in a sample big enough for that to mean something: a
    /// reference number or free text, which as a category would make one series per row.
    fn looks_unique(&self) -> bool {
        self.cells.len() >= 20 && self.distinct == self.cells.len()
    }
}

/// The kind of period nearly every cell reads as: one bad date in the sample (`31/04/2023`)
/// is a row to reject later, not a reason to miss the period column.
pub(crate) fn column_period_kind(cells: &[String]) -> Option<PeriodKind> {
    let readable: Vec<&String> = cells.iter().filter(|c| parse_period(c).is_ok()).collect();
    if readable.is_empty() || readable.len() * 10 < cells.len() * 9 {
        return None;
    }
    let periods = parse_period_column(&readable).ok()?;
    periods.first().map(|p| p.kind())
}

fn words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn column(sample: &[Vec<String>], column: usize) -> Vec<String> {
    sample
        .iter()
        .filter_map(|row| row.get(column))
        .map(|cell| cell.trim())
        .filter(|cell| !cell.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A GSS code: a capital letter then eight digits (`E22000107`, `W06000015`).
fn is_area_code(cell: &str) -> bool {
    let mut chars = cell.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && cell.len() == 9
        && chars.all(|c| c.is_ascii_digit())
}

/// 1, 2, 3, … (or any run going up by one): a row number such as a GIS export's `FID`,
/// not a figure. Five cells at least, so a short run of real counts is not mistaken.
fn counts_rows(numbers: &[f64]) -> bool {
    numbers.len() >= 5
        && numbers
            .windows(2)
            .all(|w| matches!(w, [a, b] if *b - *a == 1.0))
}

/// Header cells that read as periods of one kind, at least two of them: a wide table.
fn wide_periods(header: &[String]) -> Option<Vec<(usize, Period)>> {
    let parsed: Vec<(usize, PeriodKind)> = header
        .iter()
        .enumerate()
        .filter_map(|(c, name)| parse_period(name).ok().map(|p| (c, p.kind())))
        .collect();
    let kinds: BTreeSet<PeriodKind> = parsed.iter().map(|(_, k)| *k).collect();
    let kind = kinds
        .into_iter()
        .max_by_key(|k| parsed.iter().filter(|(_, pk)| pk == k).count())?;
    let columns: Vec<usize> = parsed
        .iter()
        .filter(|(_, k)| *k == kind)
        .map(|(c, _)| *c)
        .collect();
    if columns.len() < 2 {
        return None;
    }
    let cells: Vec<&str> = columns
        .iter()
        .map(|&c| header.get(c).map_or("", String::as_str))
        .collect();
    // Read together, so `2010-11` beside `2011-12` is a financial year, as in a column.
    let periods = parse_period_column(&cells).ok()?;
    Some(columns.into_iter().zip(periods).collect())
}

// ---------------------------------------------------------------------------------------
// The guess, column role by column role.

struct Guesser<'a> {
    header: &'a [String],
    profiles: &'a [Profile],
    taken: BTreeSet<usize>,
    layout: Option<Layout>,
    area_code: Option<usize>,
    area_name: Option<usize>,
    categories: Vec<usize>,
    /// What a table that cannot be read as it stands did show (a period column with no
    /// figures, figures with no period), for the user's choice to start from.
    partial: Vec<(usize, ColumnRole)>,
    ignored: Vec<(usize, String)>,
    doubts: Vec<String>,
}

impl<'a> Guesser<'a> {
    fn new(header: &'a [String], profiles: &'a [Profile]) -> Guesser<'a> {
        Guesser {
            header,
            profiles,
            taken: BTreeSet::new(),
            layout: None,
            area_code: None,
            area_name: None,
            categories: Vec::new(),
            partial: Vec::new(),
            ignored: Vec::new(),
            doubts: Vec::new(),
        }
    }

    fn name(&self, column: usize) -> String {
        self.header.get(column).map_or_else(String::new, |n| {
            n.trim().trim_start_matches('\u{feff}').to_owned()
        })
    }

    fn free(&self) -> impl Iterator<Item = (usize, &'a Profile)> + '_ {
        self.profiles
            .iter()
            .enumerate()
            .filter(|(c, _)| !self.taken.contains(c))
    }

    fn take(&mut self, column: usize) -> usize {
        self.taken.insert(column);
        column
    }

    fn ignore(&mut self, column: usize, why: String) {
        self.taken.insert(column);
        self.ignored.push((column, why));
    }

    fn wide(&mut self, periods: Vec<(usize, Period)>) {
        for (c, _) in &periods {
            self.take(*c);
        }
        let texty: Vec<String> = periods
            .iter()
            .filter(|(c, _)| self.profiles.get(*c).is_some_and(Profile::is_text))
            .map(|(c, _)| self.name(*c))
            .collect();
        if !texty.is_empty() {
            self.doubts.push(format!(
                "columns headed by periods hold words, not figures: {}",
                texty.join(", ")
            ));
        }
        self.ids();
        self.area();
        for (c, _) in self
            .free()
            .filter(|(_, p)| p.is_numeric())
            .collect::<Vec<_>>()
        {
            let why = format!(
                "{:?} holds numbers but is not headed by a period (a total?)",
                self.name(c)
            );
            self.ignore(c, why);
        }
        self.categories();
        self.layout = Some(Layout::Wide { periods });
    }

    fn tidy(&mut self) {
        let period = self.period();
        self.ids();
        self.area();
        let values = self.values();
        self.categories();
        match (period, values.is_empty()) {
            (Some((period, kind)), false) => {
                self.layout = Some(Layout::Tidy {
                    period,
                    period_kind: Some(kind),
                    values,
                });
            }
            (period, no_values) => {
                self.partial = period
                    .map(|(column, _)| (column, ColumnRole::Period))
                    .into_iter()
                    .chain(values.into_iter().map(|c| (c, ColumnRole::Value)))
                    .collect();
                if period.is_none() {
                    self.doubts.push(
                        "no column of periods (like 2023-01, 2017/18 or Jan 2023), and no \
                         columns headed by periods"
                            .to_owned(),
                    );
                }
                if no_values {
                    self.doubts.push("no column of figures".to_owned());
                }
            }
        }
    }

    /// A column named like a period whose cells read as periods; failing that, a column
    /// of words (not numbers, which could be counts) that all read as periods.
    fn period(&mut self) -> Option<(usize, PeriodKind)> {
        let named = self
            .free()
            .find(|(_, p)| p.has_word(PERIOD_WORDS) && p.period_kind.is_some());
        let found = named.or_else(|| {
            self.free()
                .find(|(_, p)| p.is_text() && p.period_kind.is_some())
        });
        let (column, profile) = found?;
        if !profile.has_word(PERIOD_WORDS) {
            let why = format!(
                "{:?} is read as the period from its values; its name does not say so",
                self.name(column)
            );
            self.doubts.push(why);
        }
        let kind = profile.period_kind?;
        Some((self.take(column), kind))
    }

    /// Row numbers and identifiers are numbers but not figures.
    fn ids(&mut self) {
        let ids: Vec<usize> = self
            .free()
            .filter(|(_, p)| p.is_numeric() && p.is_id_column())
            .map(|(c, _)| c)
            .collect();
        for c in ids {
            let why = format!(
                "{:?} numbers the rows (1, 2, 3, …), so it is an identifier, not a figure",
                self.name(c)
            );
            self.ignore(c, why);
        }
    }

    fn area(&mut self) {
        let codes: Vec<(usize, bool)> = self
            .free()
            .filter(|(_, p)| p.is_code_column() || (p.named_like_code() && p.is_text()))
            .map(|(c, p)| (c, p.named_like_code()))
            .collect();
        let code = codes
            .iter()
            .find(|(_, named)| *named)
            .or_else(|| codes.first())
            .map(|(c, _)| *c);
        self.area_code = code.map(|c| self.take(c));
        let names: Vec<(usize, bool)> = self
            .free()
            .filter(|(_, p)| p.is_text() && !p.is_code_column() && p.named_like_area_name())
            .map(|(c, p)| {
                let says_name = p.has_word(&["name", "nm"]) || p.name.ends_with("nm");
                (c, says_name)
            })
            .collect();
        let name = names
            .iter()
            .find(|(_, says_name)| *says_name)
            .or_else(|| names.first())
            .map(|(c, _)| *c);
        self.area_name = name.map(|c| self.take(c));
        if codes.len() > 1 {
            let others: Vec<String> = codes
                .iter()
                .filter(|(c, _)| Some(*c) != self.area_code)
                .map(|(c, _)| self.name(*c))
                .collect();
            self.doubts.push(format!(
                "several columns hold area codes; the others ({}) are read as categories, as \
                 in a lookup table",
                others.join(", ")
            ));
        }
        if self.area_code.is_none() && self.area_name.is_none() {
            self.doubts.push(
                "no column of area codes or names: every figure is read as for one unnamed \
                 area"
                    .to_owned(),
            );
        }
    }

    /// Numeric columns named like figures; failing any, every numeric column.
    fn values(&mut self) -> Vec<usize> {
        let numeric: Vec<(usize, bool)> = self
            .free()
            .filter(|(_, p)| p.is_numeric())
            .map(|(c, p)| (c, p.has_word(VALUE_WORDS)))
            .collect();
        let named: Vec<usize> = numeric
            .iter()
            .filter(|(_, named)| *named)
            .map(|(c, _)| *c)
            .collect();
        if named.is_empty() {
            if numeric.len() > 1 {
                self.doubts.push(format!(
                    "{} columns hold numbers and none is named like a figure (value, count, \
                     rate, …); each is read as its own measure",
                    numeric.len()
                ));
            }
            return numeric.into_iter().map(|(c, _)| self.take(c)).collect();
        }
        for (c, _) in numeric.iter().filter(|(_, named)| !*named) {
            let why = format!(
                "{:?} holds numbers but is not named like a figure; choose it as a figure \
                 column if it is one",
                self.name(*c)
            );
            self.doubts.push(why.clone());
            self.ignore(*c, why);
        }
        named.into_iter().map(|c| self.take(c)).collect()
    }

    /// What is left: columns of words name the measure; empty and unique ones are set
    /// aside.
    fn categories(&mut self) {
        let left: Vec<(usize, &Profile)> = self.free().collect();
        for (c, profile) in left {
            if profile.is_empty() {
                let why = format!("{:?} is empty in the first rows", self.name(c));
                self.ignore(c, why);
            } else if profile.looks_unique() {
                let why = format!(
                    "{:?} is different on every row (a reference or free text?), so it is not \
                     used as a category",
                    self.name(c)
                );
                self.doubts.push(why.clone());
                self.ignore(c, why);
            } else if profile.is_text() {
                let category = self.take(c);
                self.categories.push(category);
            } else {
                let why = format!("{:?} holds only missing-value markers", self.name(c));
                self.ignore(c, why);
            }
        }
    }

    fn finish(self) -> RoleGuess {
        let roles = self.layout.map(|layout| ColumnRoles {
            header: written_header(self.header),
            layout,
            area_code: self.area_code,
            area_name: self.area_name,
            categories: self.categories.clone(),
            decimal_comma: false,
        });
        let choice = match &roles {
            Some(roles) => RoleChoice::from_roles(roles),
            None => {
                let mut choice = RoleChoice::ignore_all(self.header.len());
                let found = self
                    .area_name
                    .map(|c| (c, ColumnRole::AreaName))
                    .into_iter()
                    .chain(self.area_code.map(|c| (c, ColumnRole::AreaCode)))
                    .chain(self.categories.iter().map(|&c| (c, ColumnRole::Category)))
                    .chain(self.partial.iter().copied());
                for (column, role) in found {
                    if let Some(slot) = choice.columns.get_mut(column) {
                        *slot = role;
                    }
                }
                choice
            }
        };
        let confidence = if self.doubts.is_empty() && roles.is_some() {
            Confidence::Sure
        } else {
            Confidence::Unsure(self.doubts)
        };
        RoleGuess {
            roles,
            confidence,
            ignored: self.ignored,
            choice,
            worth_asking: false,
        }
    }
}

fn written_header<S: AsRef<str>>(header: &[S]) -> Vec<String> {
    header
        .iter()
        .map(|n| n.as_ref().trim().trim_start_matches('\u{feff}').to_owned())
        .collect()
}

// ---------------------------------------------------------------------------------------
// Reading rows.

struct GenericReader {
    roles: ColumnRoles,
    set: SeriesSet,
}

impl RecordReader for GenericReader {
    fn format(&self) -> Format {
        self.roles.format()
    }

    fn read_row(&mut self, row: &StringRecord) -> Result<RowUse, RowProblem> {
        if row.iter().all(|f| f.trim().is_empty()) {
            return Err(RowProblem::row("the row is empty"));
        }
        let area = self.area(row)?;
        let categories = self.category_label(row);
        let figures = match &self.roles.layout {
            Layout::Tidy {
                period,
                period_kind,
                values,
            } => self.tidy_figures(row, *period, *period_kind, values, &categories)?,
            Layout::Wide { periods } => self.wide_figures(row, periods, &categories)?,
        };
        Ok(self.insert_all(&area, figures))
    }

    fn finish(self: Box<Self>) -> ReaderOutput {
        ReaderOutput {
            content: Content::Series(self.set),
            sources: BTreeSet::new(),
        }
    }
}

/// One figure a row holds: its measure, period and figure.
type RowFigure = (String, Period, Figure);

impl GenericReader {
    fn area(&self, row: &StringRecord) -> Result<Area, RowProblem> {
        let code = self.roles.area_code.map(|c| field(row, c));
        let name = self.roles.area_name.map(|c| field(row, c));
        let code = code.filter(|c| !c.is_empty()).map(str::to_owned);
        match (code, name.filter(|n| !n.is_empty())) {
            (code, Some(name)) => Ok(Area {
                code,
                name: name.to_owned(),
            }),
            (Some(code), None) => Ok(Area {
                name: code.clone(),
                code: Some(code),
            }),
            (None, None) => match self.roles.area_code.or(self.roles.area_name) {
                Some(column) => Err(RowProblem::at(column, "no area code or name")),
                None => Ok(Area {
                    code: None,
                    name: String::new(),
                }),
            },
        }
    }

    fn category_label(&self, row: &StringRecord) -> Vec<String> {
        self.roles
            .categories
            .iter()
            .map(|&c| field(row, c))
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .collect()
    }

    fn tidy_figures(
        &self,
        row: &StringRecord,
        period_column: usize,
        kind: Option<PeriodKind>,
        values: &[usize],
        categories: &[String],
    ) -> Result<Vec<RowFigure>, RowProblem> {
        let period = period_cell(field(row, period_column), kind)
            .map_err(|reason| RowProblem::at(period_column, reason))?;
        values
            .iter()
            .map(|&c| {
                let figure = self.figure(row, c)?;
                let measure = self.tidy_measure(categories, c, values.len());
                Ok((measure, period, figure))
            })
            .collect()
    }

    /// The categories; a table with several figure columns (or no categories) adds the
    /// figure column's header so each column is its own series.
    fn tidy_measure(&self, categories: &[String], column: usize, value_columns: usize) -> String {
        let mut parts = categories.to_vec();
        if value_columns > 1 || parts.is_empty() {
            parts.push(self.roles.header_name(column).to_owned());
        }
        parts.join(MEASURE_SEPARATOR)
    }

    fn wide_figures(
        &self,
        row: &StringRecord,
        periods: &[(usize, Period)],
        categories: &[String],
    ) -> Result<Vec<RowFigure>, RowProblem> {
        let measure = if categories.is_empty() {
            WIDE_MEASURE.to_owned()
        } else {
            categories.join(MEASURE_SEPARATOR)
        };
        periods
            .iter()
            .map(|&(c, period)| Ok((measure.clone(), period, self.figure(row, c)?)))
            .collect()
    }

    /// A marker is missing with its reason, never zero.
    fn figure(&self, row: &StringRecord, column: usize) -> Result<Figure, RowProblem> {
        match parse_value(field(row, column), self.roles.decimal_comma) {
            Ok(Value::Missing(reason)) => Ok(Figure::missing(reason)),
            Ok(Value::Number(n) | Value::Percentage(n)) => Ok(Figure::value(n)),
            Err(e) => Err(RowProblem::at(column, e.to_string())),
        }
    }

    /// All of a row's figures, or none: a row whose series and period were read already is
    /// a duplicate, and the first row's figures stand.
    fn insert_all(&mut self, area: &Area, figures: Vec<RowFigure>) -> RowUse {
        let keyed: Vec<(SeriesKey, Period, Figure)> = figures
            .into_iter()
            .map(|(measure, period, figure)| {
                let key = SeriesKey {
                    area: area.clone(),
                    measure,
                    breakdown: None,
                };
                (key, period, figure)
            })
            .collect();
        if keyed.iter().any(|(k, p, _)| self.set.get(k, p).is_some()) {
            return RowUse::Duplicate;
        }
        for (key, period, figure) in keyed {
            self.set.insert(key, period, figure);
        }
        RowUse::Used
    }
}

/// A period cell read the way its column was: a cell with its own single reading keeps it
/// (Data Lab files switch from `2017/18` to calendar `2018` part way down), but `2010-11`
/// in a column of financial years is the financial year, not November 2010.
fn period_cell(text: &str, kind: Option<PeriodKind>) -> Result<Period, String> {
    let period = parse_period(text).map_err(|e| e.to_string())?;
    let wants_financial = kind == Some(PeriodKind::FinancialYear);
    match period {
        Period::Month(month) if wants_financial && is_hyphenated_pair(text) => {
            let start = month.year();
            let follows_on = u16::from(month.month()) == (start + 1) % 100;
            follows_on
                .then(|| Period::financial_year(start))
                .flatten()
                .ok_or_else(|| format!("expected a financial year like 2017-18, found {text:?}"))
        }
        other => Ok(other),
    }
}

/// `2010-11`: four digits, a dash, two digits.
fn is_hyphenated_pair(text: &str) -> bool {
    let text = text.trim();
    let bytes = text.as_bytes();
    bytes.len() == 7
        && bytes.get(4) == Some(&b'-')
        && text
            .bytes()
            .enumerate()
            .all(|(i, b)| i == 4 || b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn hyphenated_financial_years_follow_the_column() {
        let fy = Some(PeriodKind::FinancialYear);
        assert_eq!(
            period_cell("2010-11", fy).unwrap(),
            Period::financial_year(2010).unwrap()
        );
        assert_eq!(
            period_cell("2010-11", Some(PeriodKind::Month)).unwrap(),
            Period::month(2010, 11).unwrap()
        );
        assert_eq!(
            period_cell("2018", fy).unwrap(),
            Period::calendar_year(2018).unwrap()
        );
        assert!(period_cell("2010-05", fy).is_err());
    }

    #[test]
    fn area_codes_and_row_numbers() {
        assert!(is_area_code("E22000107"));
        assert!(!is_area_code("E2200010"));
        assert!(!is_area_code("e22000107"));
        assert!(counts_rows(&[1.0, 2.0, 3.0, 4.0, 5.0]));
        assert!(!counts_rows(&[1.0, 2.0, 3.0, 4.0]));
        assert!(!counts_rows(&[1.0, 2.0, 4.0, 5.0, 6.0]));
    }
}
