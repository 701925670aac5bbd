use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Content, Month};

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
        let categories = self.by_month.entry(month).or_default();
        match categories.get_mut(category) {
            Some(count) => *count += 1,
            None => {
                categories.insert(category.to_owned(), 1);
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
}

impl LoadedFile {
    /// The monthly crime counts of a police.uk street file; `None` for any other file.
    pub fn street_counts(&self) -> Option<&MonthlyCounts> {
        match (&self.format, &self.content) {
            (Format::PoliceStreet, Content::MonthlyCounts(counts)) => Some(counts),
            _ => None,
        }
    }

    /// What the file covers, in words: "Jan 2023" or "Jan 2023 to Dec 2023"; for tables,
    /// areas, measures and periods.
    pub fn coverage(&self) -> String {
        match &self.content {
            Content::MonthlyCounts(counts) => {
                let categories = counts.categories().len();
                let months = match (counts.months().next(), counts.months().last()) {
                    (Some(first), Some(last)) if first != last => {
                        format!("{} to {}", first.label(), last.label())
                    }
                    (Some(only), _) => only.label(),
                    _ => "no months".to_owned(),
                };
                format!(
                    "{months}; {categories} categor{}",
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

/// Everything loaded in this session, merged.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dataset {
    files: Vec<LoadedFile>,
}

impl Dataset {
    /// Adds a file; a file of the same name replaces the earlier one (picking a file again is
    /// a reload, not a second copy). Returns whether something was replaced.
    pub fn add(&mut self, file: LoadedFile) -> bool {
        match self.files.iter_mut().find(|f| f.name == file.name) {
            Some(existing) => {
                *existing = file;
                true
            }
            None => {
                self.files.push(file);
                false
            }
        }
    }

    pub fn files(&self) -> &[LoadedFile] {
        &self.files
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn rows(&self) -> RowAccount {
        let mut total = RowAccount::default();
        for file in &self.files {
            total += file.rows;
        }
        total
    }

    pub fn publishers(&self) -> BTreeSet<&str> {
        self.files
            .iter()
            .flat_map(|f| f.publishers.iter().map(String::as_str))
            .collect()
    }

    /// Months that more than one street file covers, with the files: their counts are added
    /// together, which double-counts if the files are two copies of the same month.
    pub fn overlapping_months(&self) -> Vec<(Month, Vec<&str>)> {
        let mut by_month: BTreeMap<Month, Vec<&str>> = BTreeMap::new();
        for file in &self.files {
            let Some(counts) = file.street_counts() else {
                continue;
            };
            for month in counts.months() {
                by_month.entry(month).or_default().push(&file.name);
            }
        }
        by_month
            .into_iter()
            .filter(|(_, files)| files.len() > 1)
            .collect()
    }

    /// The police.uk street files' counts, merged: the crime table. Other files (outcomes,
    /// stop and search, tables) count other things and are kept apart.
    pub fn counts(&self) -> MonthlyCounts {
        let mut merged = MonthlyCounts::default();
        for counts in self.files.iter().filter_map(LoadedFile::street_counts) {
            merged.merge(counts);
        }
        merged
    }

    pub fn table(&self) -> CountTable {
        CountTable::from_counts(&self.counts())
    }
}

/// Months × categories, every month from the first to the last, ready to show or export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CountTable {
    pub categories: Vec<String>,
    pub rows: Vec<CountRow>,
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
        let categories: Vec<String> = counts.categories().into_iter().map(str::to_owned).collect();
        let (Some(first), Some(last)) = (counts.months().next(), counts.months().last()) else {
            return CountTable {
                categories,
                rows: Vec::new(),
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
        CountTable { categories, rows }
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

    fn file(name: &str, rows: &[(&str, &str)]) -> LoadedFile {
        let mut counts = MonthlyCounts::default();
        for (month, category) in rows {
            counts.add(m(month), category);
        }
        LoadedFile {
            name: name.into(),
            format: Format::PoliceStreet,
            content: Content::MonthlyCounts(counts),
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
        assert_eq!(
            data.overlapping_months(),
            [(m("2023-01"), vec!["a.csv", "b.csv"])]
        );
    }

    #[test]
    fn an_empty_dataset_has_an_empty_table() {
        let table = Dataset::default().table();
        assert!(table.rows.is_empty() && table.categories.is_empty());
    }

    proptest! {
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
