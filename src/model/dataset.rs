use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::crime_types::{DefinitionNote, comparable_name, definition_notes, has_renamed};
use super::street_merge::{AreaSummary, Overlap, StreetMerge};
use super::{Content, Month, StreetCounts};

/// Counts of records by month and category, for the months the data covers.
///
/// A month that is present with no records of a category counts zero; a month that is not
/// present at all is *missing* — police.uk publishes one file per month, so a month without a
/// file is unknown, never zero.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyCounts {
    by_month: BTreeMap<Month, BTreeMap<String, u64>>,
}

impl MonthlyCounts {
    /// Marks `month` as covered by the data, even if no record falls in it.
    pub fn cover(&mut self, month: Month) {
        self.by_month.entry(month).or_default();
    }

    /// Counts one record of `category` in `month`.
    pub fn add(&mut self, month: Month, category: &str) {
        self.add_count(month, category, 1);
    }

    /// Counts `n` records of `category` in `month`.
    pub fn add_count(&mut self, month: Month, category: &str, n: u64) {
        let categories = self.by_month.entry(month).or_default();
        match categories.get_mut(category) {
            Some(count) => *count += n,
            None => {
                categories.insert(category.to_owned(), n);
            }
        }
    }

    /// Adds every count of `other` to this one.
    pub fn merge(&mut self, other: &MonthlyCounts) {
        for (month, categories) in &other.by_month {
            let mine = self.by_month.entry(*month).or_default();
            for (category, count) in categories {
                *mine.entry(category.clone()).or_default() += count;
            }
        }
    }

    /// The months covered, earliest first.
    pub fn months(&self) -> impl Iterator<Item = Month> + '_ {
        self.by_month.keys().copied()
    }

    /// Every category seen, in alphabetical order.
    pub fn categories(&self) -> BTreeSet<&str> {
        self.by_month
            .values()
            .flat_map(|c| c.keys().map(String::as_str))
            .collect()
    }

    /// The count for one cell: `None` when the month is not covered.
    pub fn count(&self, month: Month, category: &str) -> Option<u64> {
        self.by_month
            .get(&month)
            .map(|c| c.get(category).copied().unwrap_or(0))
    }

    /// All records in a month: `None` when the month is not covered.
    pub fn total(&self, month: Month) -> Option<u64> {
        self.by_month.get(&month).map(|c| c.values().sum())
    }

    pub fn is_empty(&self) -> bool {
        self.by_month.is_empty()
    }
}

/// How every row of a file was accounted for: `read == used + rejected + duplicates`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowAccount {
    pub read: u64,
    pub used: u64,
    pub rejected: u64,
    pub duplicates: u64,
}

impl RowAccount {
    pub fn balances(&self) -> bool {
        self.read == self.used + self.rejected + self.duplicates
    }
}

impl std::ops::AddAssign for RowAccount {
    fn add_assign(&mut self, other: RowAccount) {
        self.read += other.read;
        self.used += other.used;
        self.rejected += other.rejected;
        self.duplicates += other.duplicates;
    }
}

/// One data row that could not be used, with where it was and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedRow {
    /// 1-based line in the file where the record starts.
    pub line: u64,
    /// 1-based column of the offending field, when one field is to blame.
    pub column: Option<usize>,
    pub reason: String,
    pub raw: String,
}

/// The kinds of file the app recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    PoliceStreet,
    PoliceOutcomes,
    PoliceStopSearch,
    Fingertips,
    /// Home Office / ONS recorded crime, one row per area, offence and period.
    RecordedCrimeLong,
    /// Recorded crime with one column per period (e.g. the Met's `YYYYMM` columns).
    RecordedCrimeWide,
    Population,
    /// Any other table with one figure per row.
    GenericTidy,
    /// Any other table with one column per period.
    GenericWide,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::PoliceStreet => "police.uk street-level crime file",
            Format::PoliceOutcomes => "police.uk outcomes file",
            Format::PoliceStopSearch => "police.uk stop-and-search file",
            Format::Fingertips => "Fingertips indicator export",
            Format::RecordedCrimeLong => "recorded crime table (one row per figure)",
            Format::RecordedCrimeWide => "recorded crime table (one column per period)",
            Format::Population => "population estimates",
            Format::GenericTidy => "table with one figure per row",
            Format::GenericWide => "table with one column per period",
        })
    }
}

/// How a file was read, to tell the user what was recognised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadDetails {
    /// The encoding and why, e.g. "UTF-16 (little-endian), from its byte-order mark".
    pub encoding: String,
    pub delimiter: char,
    /// Rows above the header that were skipped (titles, notes, blank lines not counted).
    pub title_rows: usize,
    /// 1-based line of the header.
    pub header_line: u64,
}

/// A file that has been read, reduced to what the app keeps of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadedFile {
    pub name: String,
    /// What kind of file it was recognised as.
    pub format: Format,
    pub content: Content,
    pub rows: RowAccount,
    /// The first rejected rows (all of them are counted in `rows.rejected`).
    pub rejects: Vec<RejectedRow>,
    /// Who published the records (police.uk's "Reported by").
    pub publishers: BTreeSet<String>,
    pub details: ReadDetails,
    /// When the file was last modified, in milliseconds since 1970: the browser's
    /// `File.lastModified`, or a zip entry's time. `None` when read from bytes alone.
    pub modified_ms: Option<i64>,
}

impl LoadedFile {
    /// What a police.uk street file holds; `None` for any other file.
    pub fn street(&self) -> Option<&StreetCounts> {
        match &self.content {
            Content::Street(counts) => Some(counts.as_ref()),
            _ => None,
        }
    }

    /// A police.uk street file's counts by month and crime type; `None` for any other file.
    pub fn street_counts(&self) -> Option<MonthlyCounts> {
        self.street().map(StreetCounts::monthly)
    }

    /// What the file covers, in words: "Jan 2023" or "Jan 2023 to Dec 2023"; for tables,
    /// areas, measures and periods.
    pub fn coverage(&self) -> String {
        match &self.content {
            Content::Street(street) => {
                let counts = street.monthly();
                let (categories, areas) = (counts.categories().len(), street.areas().len());
                format!(
                    "{}; {categories} categor{}, {areas} area{}",
                    month_span(&counts),
                    if categories == 1 { "y" } else { "ies" },
                    if areas == 1 { "" } else { "s" }
                )
            }
            Content::MonthlyCounts(counts) => {
                let categories = counts.categories().len();
                format!(
                    "{}; {categories} categor{}",
                    month_span(counts),
                    if categories == 1 { "y" } else { "ies" }
                )
            }
            Content::Series(set) => {
                let periods = set.periods();
                let span = match (periods.first(), periods.last()) {
                    (Some(first), Some(last)) if first != last => {
                        format!("{} to {}", first.label(), last.label())
                    }
                    (Some(only), _) => only.label(),
                    _ => "no periods".to_owned(),
                };
                let (areas, measures) = (set.areas().len(), set.measures().len());
                let types = set
                    .area_type_counts()
                    .into_iter()
                    .map(|(area_type, n)| format!("{n} {area_type}"))
                    .collect::<Vec<_>>();
                let types = if types.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", types.join(", "))
                };
                format!(
                    "{span}; {areas} area{}{types}, {measures} measure{}, {} figures",
                    if areas == 1 { "" } else { "s" },
                    if measures == 1 { "" } else { "s" },
                    set.figures()
                )
            }
        }
    }
}

/// "Jan 2023", or "Jan 2023 to Dec 2023".
fn month_span(counts: &MonthlyCounts) -> String {
    match (counts.months().next(), counts.months().last()) {
        (Some(first), Some(last)) if first != last => {
            format!("{} to {}", first.label(), last.label())
        }
        (Some(only), _) => only.label(),
        _ => "no months".to_owned(),
    }
}

/// How one file's rows were accounted for once it is merged with the others.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileAccount {
    /// `read == used + rejected + duplicates`, where `used` counts only the rows in the table
    /// and `duplicates` takes in the rows a later publication superseded.
    pub rows: RowAccount,
    /// Of the duplicates: those the file repeats itself (the same Crime ID twice).
    pub in_file: u64,
    /// Of the duplicates: rows a later publication of the same month and force repeats or
    /// replaces.
    pub superseded: u64,
}

/// Which count table to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableChoice {
    /// A local authority (or "No location"); `None` for all areas.
    pub area: Option<String>,
    /// One LSOA of that area (police.uk's name, `Camden 027B`); `None` for the whole area.
    pub lsoa: Option<String>,
    /// Whether renamed crime types are shown under their current name (`Violent crime`
    /// months as `Violence and sexual offences`).
    pub combine_renamed: bool,
}

/// Everything loaded in this session, merged.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    files: Vec<LoadedFile>,
    /// When each file was added, counting up: the tie-break between equal times.
    loaded: Vec<u64>,
    next_load: u64,
    /// The street files merged; worked out on first use after each change of the files.
    merged: OnceLock<StreetMerge>,
    /// The merge added up by area, for the Area filter; worked out with the first table.
    by_area: OnceLock<AreaIndex>,
}

// The merge is derived from the files, so it takes no part in equality.
impl PartialEq for Dataset {
    fn eq(&self, other: &Dataset) -> bool {
        self.files == other.files && self.loaded == other.loaded
    }
}

impl Dataset {
    /// Adds a file; a file of the same name replaces the earlier one (picking a file again is
    /// a reload, not a second copy) and counts as loaded now. Returns whether something was
    /// replaced.
    pub fn add(&mut self, file: LoadedFile) -> bool {
        let load = self.next_load;
        self.next_load += 1;
        self.merged = OnceLock::new();
        self.by_area = OnceLock::new();
        let place = self.files.iter().position(|f| f.name == file.name);
        match place.and_then(|p| self.files.get_mut(p).zip(self.loaded.get_mut(p))) {
            Some((existing, when)) => {
                *existing = file;
                *when = load;
                true
            }
            None => {
                self.files.push(file);
                self.loaded.push(load);
                false
            }
        }
    }

    /// The files' places in publication order, earliest first. The later publication is the
    /// file modified later (the browser's `File.lastModified`, or the zip entry's time); at
    /// equal times, the file loaded later. A file with no time (read outside a browser) is
    /// older than any with one.
    pub fn publication_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.files.len()).collect();
        order.sort_by_key(|&place| {
            (
                self.files.get(place).and_then(|f| f.modified_ms),
                self.loaded.get(place).copied(),
            )
        });
        order
    }

    fn merged(&self) -> &StreetMerge {
        self.merged.get_or_init(|| {
            let streets: Vec<Option<&StreetCounts>> =
                self.files.iter().map(LoadedFile::street).collect();
            StreetMerge::build(&streets, &self.publication_order())
        })
    }

    fn by_area(&self) -> &AreaIndex {
        self.by_area.get_or_init(|| AreaIndex::build(self.merged()))
    }

    pub fn files(&self) -> &[LoadedFile] {
        &self.files
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Where the rows of the file at `place` went, once merged with the others.
    pub fn account(&self, place: usize) -> FileAccount {
        let Some(file) = self.files.get(place) else {
            return FileAccount::default();
        };
        let superseded = self.merged().superseded(place).min(file.rows.used);
        FileAccount {
            rows: RowAccount {
                used: file.rows.used - superseded,
                duplicates: file.rows.duplicates + superseded,
                ..file.rows
            },
            in_file: file.rows.duplicates,
            superseded,
        }
    }

    /// Every file's account, in the order of [`Dataset::files`].
    pub fn accounts(&self) -> Vec<FileAccount> {
        (0..self.files.len()).map(|p| self.account(p)).collect()
    }

    /// All files' rows: read = used + rejected + duplicates, with nothing counted twice.
    pub fn rows(&self) -> RowAccount {
        let mut total = RowAccount::default();
        for account in self.accounts() {
            total += account.rows;
        }
        total
    }

    pub fn publishers(&self) -> BTreeSet<&str> {
        self.files
            .iter()
            .flat_map(|f| f.publishers.iter().map(String::as_str))
            .collect()
    }

    /// Months and forces that more than one street file holds, with which file won.
    pub fn overlaps(&self) -> &[Overlap] {
        self.merged().overlaps()
    }

    /// The areas the street files have rows in, with their forces.
    pub fn areas(&self) -> Vec<AreaSummary> {
        self.merged().areas()
    }

    /// The LSOAs of one area that have counts, sorted: the Area filter's second choice.
    pub fn lsoas(&self, area: &str) -> Vec<String> {
        self.merged().lsoas(area)
    }

    /// The merged street counts, cell by cell: (month, force, area, crime type, count).
    pub fn merged_cells(&self) -> Vec<(Month, String, String, String, u64)> {
        self.merged()
            .named_cells()
            .map(|(m, f, a, c, n)| (m, f.to_owned(), a.to_owned(), c.to_owned(), n))
            .collect()
    }

    /// Every (month, force) the street files hold, including months that count nothing.
    pub fn merged_coverage(&self) -> Vec<(Month, String)> {
        self.merged()
            .named_covered()
            .map(|(m, f)| (m, f.to_owned()))
            .collect()
    }

    /// Whether the crime types include an old name that can be shown under its new one.
    pub fn has_renamed_types(&self) -> bool {
        let categories: Vec<String> = self
            .merged()
            .categories()
            .into_iter()
            .map(str::to_owned)
            .collect();
        has_renamed(&categories)
    }

    /// The police.uk street files' counts, merged: the crime table. Other files (outcomes,
    /// stop and search, tables) count other things and are kept apart.
    pub fn counts(&self) -> MonthlyCounts {
        self.merged().monthly(None, None, false)
    }

    /// The crime table for all areas.
    pub fn table(&self) -> CountTable {
        self.area_table(&TableChoice::default())
    }

    /// The crime table for one area (all areas when the area has no rows), or one LSOA of it
    /// (the whole area when the LSOA has none), with its definition-change notes. A table cut
    /// to an LSOA is named by the LSOA, which names its area too (`Camden 027B`).
    pub fn area_table(&self, choice: &TableChoice) -> CountTable {
        let index = self.by_area();
        let area = choice.area.as_deref().filter(|a| index.has_area(a));
        let lsoa = area.and_then(|a| {
            let wanted = choice.lsoa.as_deref()?;
            self.merged()
                .lsoas(a)
                .iter()
                .any(|l| l == wanted)
                .then_some(wanted)
        });
        // An area (or all of them) from the index, which the Area filter re-uses on every
        // change; one LSOA from the merge's own cells.
        let counts = match lsoa {
            None => index.monthly(area, choice.combine_renamed),
            Some(_) => self.merged().monthly(area, lsoa, choice.combine_renamed),
        };
        let mut table = CountTable::from_counts_combined(&counts, choice.combine_renamed);
        table.area = lsoa.or(area).map(str::to_owned);
        table
    }
}

/// The merged counts added up to each area (an area's LSOAs summed), kept beside the merge.
/// A big dataset has a cell for every month, force, LSOA and crime type (100,000 for a year
/// of three forces); an area's table needs only its months × crime types, so the Area filter
/// reads this (areas × months × crime types) instead of every cell on each change.
#[derive(Debug, Clone, Default)]
struct AreaIndex {
    areas: BTreeMap<String, AreaCounts>,
    /// Every (month, force) some file holds, including months that count nothing.
    covered: Vec<(Month, String)>,
}

#[derive(Debug, Clone, Default)]
struct AreaCounts {
    /// The forces with rows in the area: their months are the area's months.
    forces: BTreeSet<String>,
    /// (month, crime type as published, count), with the area's forces added up.
    cells: Vec<(Month, String, u64)>,
}

impl AreaIndex {
    fn build(merged: &StreetMerge) -> AreaIndex {
        let mut areas: BTreeMap<String, AreaCounts> = BTreeMap::new();
        for (month, force, area, category, n) in merged.named_cells() {
            let counts = match areas.get_mut(area) {
                Some(counts) => counts,
                None => areas.entry(area.to_owned()).or_default(),
            };
            if !counts.forces.contains(force) {
                counts.forces.insert(force.to_owned());
            }
            counts.cells.push((month, category.to_owned(), n));
        }
        AreaIndex {
            areas,
            covered: merged
                .named_covered()
                .map(|(month, force)| (month, force.to_owned()))
                .collect(),
        }
    }

    fn has_area(&self, name: &str) -> bool {
        self.areas.contains_key(name)
    }

    /// What `StreetMerge::monthly(area, None, combine)` gives: a month is covered when a file
    /// holds it for a force with rows in the area (every month held, for all areas).
    fn monthly(&self, area: Option<&str>, combine: bool) -> MonthlyCounts {
        let mut counts = MonthlyCounts::default();
        let chosen = match area {
            None => None,
            Some(name) => match self.areas.get(name) {
                Some(counts) => Some(counts),
                None => return counts,
            },
        };
        for (month, force) in &self.covered {
            if chosen.is_none_or(|a| a.forces.contains(force)) {
                counts.cover(*month);
            }
        }
        let areas: Vec<&AreaCounts> = match chosen {
            Some(a) => vec![a],
            None => self.areas.values().collect(),
        };
        for a in areas {
            for (month, category, n) in &a.cells {
                let name = if combine {
                    comparable_name(category)
                } else {
                    category
                };
                counts.add_count(*month, name, *n);
            }
        }
        counts
    }
}

/// Months × categories, every month from the first to the last, ready to show or export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CountTable {
    /// The area the table is cut to; `None` for all areas.
    pub area: Option<String>,
    pub categories: Vec<String>,
    pub rows: Vec<CountRow>,
    /// Crime types whose months span a change in what police.uk counts under them.
    pub notes: Vec<DefinitionNote>,
}

/// One month of a [`CountTable`]. `counts` and `total` are `None` for a month no file covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountRow {
    pub month: Month,
    pub counts: Option<Vec<u64>>,
    pub total: Option<u64>,
}

impl CountTable {
    pub fn from_counts(counts: &MonthlyCounts) -> CountTable {
        CountTable::from_counts_combined(counts, false)
    }

    /// Like [`CountTable::from_counts`], saying in the notes whether renamed crime types were
    /// combined into one series.
    pub fn from_counts_combined(counts: &MonthlyCounts, combined: bool) -> CountTable {
        let categories: Vec<String> = counts.categories().into_iter().map(str::to_owned).collect();
        let months: Vec<Month> = counts.months().collect();
        let notes = definition_notes(&categories, months.iter().copied(), combined);
        let (Some(first), Some(last)) = (counts.months().next(), counts.months().last()) else {
            return CountTable {
                area: None,
                categories,
                rows: Vec::new(),
                notes,
            };
        };
        let rows = first
            .through(last)
            .map(|month| CountRow {
                month,
                counts: counts.total(month).map(|_| {
                    categories
                        .iter()
                        .map(|c| counts.count(month, c).unwrap_or(0))
                        .collect()
                }),
                total: counts.total(month),
            })
            .collect();
        CountTable {
            area: None,
            categories,
            rows,
            notes,
        }
    }

    /// The area in words, for captions and chart titles.
    pub fn area_label(&self) -> &str {
        self.area.as_deref().unwrap_or("All areas")
    }

    /// The notes for one crime type.
    pub fn notes_for<'a>(&'a self, category: &'a str) -> impl Iterator<Item = &'a DefinitionNote> {
        self.notes.iter().filter(move |n| n.category == category)
    }

    /// The months no file covers, in order.
    pub fn missing_months(&self) -> impl Iterator<Item = Month> + '_ {
        self.rows
            .iter()
            .filter(|r| r.total.is_none())
            .map(|r| r.month)
    }

    /// One category's monthly series (`None` where the month is missing).
    pub fn series(&self, category_index: usize) -> Vec<(Month, Option<u64>)> {
        self.rows
            .iter()
            .map(|r| {
                let value = r
                    .counts
                    .as_ref()
                    .and_then(|c| c.get(category_index).copied());
                (r.month, value)
            })
            .collect()
    }

    /// The monthly totals (`None` where the month is missing).
    pub fn totals(&self) -> Vec<(Month, Option<u64>)> {
        self.rows.iter().map(|r| (r.month, r.total)).collect()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use proptest::prelude::*;

    fn m(s: &str) -> Month {
        Month::parse_iso(s).unwrap()
    }

    /// A street file whose rows each have a Crime ID of their own.
    fn file(name: &str, rows: &[(&str, &str)]) -> LoadedFile {
        let mut counts = crate::model::street::StreetCountsBuilder::default();
        for (i, (month, category)) in rows.iter().enumerate() {
            counts
                .add(
                    m(month),
                    "Force",
                    "Area",
                    "Area 001A",
                    category,
                    &format!("{name}-{i}"),
                )
                .unwrap();
        }
        LoadedFile {
            name: name.into(),
            format: Format::PoliceStreet,
            content: Content::Street(Box::new(counts.finish())),
            rows: RowAccount {
                read: rows.len() as u64,
                used: rows.len() as u64,
                ..RowAccount::default()
            },
            rejects: vec![],
            publishers: BTreeSet::new(),
            details: ReadDetails {
                encoding: "UTF-8".into(),
                delimiter: ',',
                title_rows: 0,
                header_line: 1,
            },
            modified_ms: None,
        }
    }

    #[test]
    fn a_month_without_a_file_is_missing_not_zero() {
        let mut data = Dataset::default();
        data.add(file(
            "jan.csv",
            &[("2023-01", "Burglary"), ("2023-01", "Robbery")],
        ));
        data.add(file("mar.csv", &[("2023-03", "Burglary")]));
        let table = data.table();
        assert_eq!(table.categories, ["Burglary", "Robbery"]);
        assert_eq!(table.rows.len(), 3);
        assert_eq!(table.rows[0].counts, Some(vec![1, 1]));
        assert_eq!(table.rows[1].counts, None);
        assert_eq!(table.rows[1].total, None);
        // Covered month with no robbery counts zero.
        assert_eq!(table.rows[2].counts, Some(vec![1, 0]));
        assert_eq!(table.missing_months().collect::<Vec<_>>(), [m("2023-02")]);
        assert_eq!(
            table.series(1),
            [
                (m("2023-01"), Some(1)),
                (m("2023-02"), None),
                (m("2023-03"), Some(0))
            ]
        );
    }

    #[test]
    fn same_name_replaces_and_overlaps_are_reported() {
        let mut data = Dataset::default();
        assert!(!data.add(file("a.csv", &[("2023-01", "Burglary")])));
        assert!(data.add(file("a.csv", &[("2023-01", "Robbery")])));
        assert_eq!(data.files().len(), 1);
        assert_eq!(data.table().categories, ["Robbery"]);
        data.add(file("b.csv", &[("2023-01", "Robbery")]));
        let overlaps = data.overlaps();
        assert_eq!(overlaps.len(), 1);
        assert_eq!(
            (overlaps[0].month, overlaps[0].force.as_str()),
            (m("2023-01"), "Force")
        );
        assert_eq!(overlaps[0].files, [0, 1]);
        // Different crimes: nothing superseded, both counted.
        assert_eq!(overlaps[0].superseded, [0]);
        assert_eq!(data.table().rows[0].total, Some(2));
    }

    #[test]
    fn an_empty_dataset_has_an_empty_table() {
        let table = Dataset::default().table();
        assert!(table.rows.is_empty() && table.categories.is_empty());
    }

    /// The table for a choice as the merge itself gives it, without the area index.
    fn unindexed(data: &Dataset, choice: &TableChoice) -> CountTable {
        let merged = data.merged();
        let area = choice.area.as_deref().filter(|a| merged.has_area(a));
        let counts = merged.monthly(area, None, choice.combine_renamed);
        let mut table = CountTable::from_counts_combined(&counts, choice.combine_renamed);
        table.area = area.map(str::to_owned);
        table
    }

    /// Every area's table (and all areas', and an area not loaded), combined or not, from the
    /// index and from the merge.
    fn same_with_and_without_the_index(data: &Dataset) -> Result<(), TestCaseError> {
        let mut areas: Vec<Option<String>> =
            data.areas().into_iter().map(|a| Some(a.name)).collect();
        areas.push(None);
        areas.push(Some("Not loaded".to_owned()));
        for area in areas {
            for combine_renamed in [false, true] {
                let choice = TableChoice {
                    area: area.clone(),
                    lsoa: None,
                    combine_renamed,
                };
                prop_assert_eq!(
                    data.area_table(&choice),
                    unindexed(data, &choice),
                    "{:?}",
                    choice
                );
            }
        }
        Ok(())
    }

    #[test]
    fn the_area_index_gives_the_sample_s_tables_as_the_merge_does() {
        let mut data = Dataset::default();
        for name in crate::SAMPLE_FILES {
            let path = format!("{}/assets/sample/{name}", env!("CARGO_MANIFEST_DIR"));
            data.add(crate::ingest::read_file(name, &std::fs::read(path).unwrap()).unwrap());
        }
        assert!(data.areas().len() > 1);
        same_with_and_without_the_index(&data).unwrap();
    }

    proptest! {
        /// Street files of several forces, areas, LSOAs and crime types (the renamed one
        /// among them), overlapping in months and Crime IDs, some rows without an ID.
        #[test]
        fn the_area_index_gives_the_merge_s_tables(
            files in proptest::collection::vec(
                proptest::collection::vec((0u8..5, 0u8..2, 0u8..3, 0u8..3, 0usize..4, proptest::option::of(0u8..40)), 0..60),
                1..4,
            )
        ) {
            const TYPES: [&str; 4] = ["Burglary", "Violent crime", "Violence and sexual offences", "Robbery"];
            let mut data = Dataset::default();
            for (f, rows) in files.iter().enumerate() {
                let mut counts = crate::model::street::StreetCountsBuilder::default();
                for (month, force, area, lsoa, category, id) in rows {
                    let month = Month::new(2013, month + 1).unwrap();
                    let force = format!("Force {force}");
                    let area = format!("Area {area}");
                    let lsoa = format!("{area} 00{lsoa}A");
                    let id = id.map_or_else(String::new, |id| format!("id-{id}"));
                    let _ = counts.add(month, &force, &area, &lsoa, TYPES[*category], &id);
                }
                let mut file = file(&format!("{f}.csv"), &[]);
                file.content = Content::Street(Box::new(counts.finish()));
                data.add(file);
            }
            same_with_and_without_the_index(&data)?;
        }

        #[test]
        fn totals_equal_the_sum_of_cells_and_of_rows(rows in proptest::collection::vec((0u8..24, 0u8..5), 0..200)) {
            let mut counts = MonthlyCounts::default();
            for (offset, cat) in &rows {
                let month = Month::new(2020 + u16::from(offset / 12), offset % 12 + 1).unwrap();
                counts.add(month, &format!("type {cat}"));
            }
            let table = CountTable::from_counts(&counts);
            let mut grand = 0;
            for row in &table.rows {
                if let (Some(cells), Some(total)) = (&row.counts, row.total) {
                    prop_assert_eq!(cells.iter().sum::<u64>(), total);
                    grand += total;
                }
            }
            prop_assert_eq!(grand, rows.len() as u64);
        }
    }
}
