//! What a police.uk street file holds once read: counts by month, force, local authority and
//! crime type, and for each month and force the Crime IDs it published (so that a later
//! publication of the same month can replace it crime by crime).
//!
//! Memory grows with distinct cells, not rows: names are interned once and a cell is five
//! small numbers. The one thing that grows with rows is the Crime-ID index, 12 bytes a crime
//! (see [`super::crime_ids`]).
//!
//! A cell is as fine as the LSOA, so the Area filter can cut to one LSOA. That stays bounded
//! by geography, not rows: there are about 35,000 LSOAs in England and Wales (a force has a few
//! thousand, a CSP about a hundred), each in one local authority, so a month of a force has at
//! most its LSOAs × the 14 crime types cells, however many rows the file has.

use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize};

use super::crime_ids::{CrimeIdIndex, IdHasher, fold, hash_bytes};
use super::{Month, MonthlyCounts};

/// The area of a row with no LSOA (police.uk's "No location" rows): kept, never dropped.
pub const NO_LOCATION: &str = "No location";
/// The area of a row whose LSOA name is not an ONS LSOA name (`Camden 027B`).
pub const AREA_NOT_RECOGNISED: &str = "LSOA name not recognised";
/// The force of a row whose "Falls within" is empty.
pub const FORCE_NOT_STATED: &str = "Force not stated";

/// One count's place: month, and indices into the file's forces, areas (local authorities),
/// LSOAs and crime types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CellKey {
    pub month: Month,
    pub force: u32,
    pub area: u32,
    /// The LSOA name as the file gives it (`Camden 027B`); empty for a row without one, and
    /// for counts rebuilt from an area-level table.
    pub lsoa: u32,
    pub category: u32,
}

/// Rows counted in one cell, split by whether they carry a Crime ID: the two are replaced
/// differently when a later publication of the month arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StreetCell {
    pub key: CellKey,
    pub with_id: u64,
    pub without_id: u64,
}

impl StreetCell {
    pub fn rows(&self) -> u64 {
        self.with_id + self.without_id
    }
}

/// One month of one force in a file: the unit a later publication replaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthForce {
    pub month: Month,
    pub force: u32,
    /// The Crime IDs kept (a repeated ID counts once); their `cell` numbers index
    /// [`StreetCounts::cells`].
    pub ids: CrimeIdIndex,
}

/// A street file's counts. Cells are in key order; every (month, force) with a row has a
/// [`MonthForce`], even when none of its rows has a Crime ID.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StreetCounts {
    forces: Vec<String>,
    areas: Vec<String>,
    lsoas: Vec<String>,
    categories: Vec<String>,
    cells: Vec<StreetCell>,
    groups: Vec<MonthForce>,
}

impl StreetCounts {
    pub fn force(&self, index: u32) -> &str {
        name_at(&self.forces, index)
    }

    pub fn area(&self, index: u32) -> &str {
        name_at(&self.areas, index)
    }

    pub fn lsoa(&self, index: u32) -> &str {
        name_at(&self.lsoas, index)
    }

    pub fn category(&self, index: u32) -> &str {
        name_at(&self.categories, index)
    }

    pub fn forces(&self) -> &[String] {
        &self.forces
    }

    pub fn areas(&self) -> &[String] {
        &self.areas
    }

    pub fn categories(&self) -> &[String] {
        &self.categories
    }

    pub fn cells(&self) -> &[StreetCell] {
        &self.cells
    }

    pub fn month_forces(&self) -> &[MonthForce] {
        &self.groups
    }

    /// Every row counted (Crime IDs once each).
    pub fn rows(&self) -> u64 {
        self.cells.iter().map(StreetCell::rows).sum()
    }

    pub fn months(&self) -> BTreeSet<Month> {
        self.groups.iter().map(|g| g.month).collect()
    }

    /// Counts by month and crime type, over every force and area.
    pub fn monthly(&self) -> MonthlyCounts {
        let mut counts = MonthlyCounts::default();
        for group in &self.groups {
            counts.cover(group.month);
        }
        for cell in &self.cells {
            counts.add_count(
                cell.key.month,
                self.category(cell.key.category),
                cell.rows(),
            );
        }
        counts
    }

    /// Bytes the Crime-ID indexes hold.
    pub fn index_bytes(&self) -> usize {
        self.groups.iter().map(|g| g.ids.heap_bytes()).sum()
    }

    /// The counts of a file read in two parts, this one first: what one read of the whole
    /// file gives. A Crime ID the first part holds for the same month and force is a repeat
    /// in the later part (the first row of an ID is the one counted), so it comes off the
    /// later part's cell; the second number is how many rows that made repeats.
    pub fn followed_by(self, later: StreetCounts) -> (StreetCounts, u64) {
        let mut forces = Interner::seeded(self.forces);
        let mut areas = Interner::seeded(self.areas);
        let mut lsoas = Interner::seeded(self.lsoas);
        let mut categories = Interner::seeded(self.categories);
        // Names are interned in the order first seen, as one read would have: the first
        // part's, then the later part's new ones.
        let renumber = |names: &[String], into: &mut Interner| -> Vec<u32> {
            names
                .iter()
                .map(|name| into.number(name).unwrap_or(u32::MAX))
                .collect()
        };
        let force_map = renumber(&later.forces, &mut forces);
        let area_map = renumber(&later.areas, &mut areas);
        let lsoa_map = renumber(&later.lsoas, &mut lsoas);
        let category_map = renumber(&later.categories, &mut categories);
        let moved = |map: &[u32], i: u32| {
            usize::try_from(i)
                .ok()
                .and_then(|i| map.get(i).copied())
                .unwrap_or(u32::MAX)
        };
        let later_key = |key: CellKey| CellKey {
            month: key.month,
            force: moved(&force_map, key.force),
            area: moved(&area_map, key.area),
            lsoa: moved(&lsoa_map, key.lsoa),
            category: moved(&category_map, key.category),
        };

        let mut later_cells: Vec<StreetCell> = later
            .cells
            .iter()
            .map(|cell| StreetCell {
                key: later_key(cell.key),
                ..*cell
            })
            .collect();
        let first_groups: HashMap<(Month, u32), &MonthForce> = self
            .groups
            .iter()
            .map(|g| ((g.month, g.force), g))
            .collect();
        let mut repeats = 0u64;
        // The later part's IDs that are new, by group, with their later cell numbers.
        let mut later_ids: HashMap<(Month, u32), Vec<(u64, u32)>> = HashMap::new();
        for group in &later.groups {
            let key = (group.month, moved(&force_map, group.force));
            let first = first_groups.get(&key);
            let kept = later_ids.entry(key).or_default();
            for (hash, cell) in group.ids.iter() {
                if first.is_some_and(|g| g.ids.contains(hash)) {
                    if let Some(c) = usize::try_from(cell)
                        .ok()
                        .and_then(|c| later_cells.get_mut(c))
                    {
                        c.with_id = c.with_id.saturating_sub(1);
                        repeats += 1;
                    }
                } else {
                    kept.push((hash, cell));
                }
            }
        }

        // Every cell of both parts, merged by key, in key order; a cell left with no rows
        // (all its rows repeats) is one a single read would never have made.
        let mut merged: std::collections::BTreeMap<CellKey, (u64, u64)> = Default::default();
        for cell in self.cells.iter().chain(&later_cells) {
            let entry = merged.entry(cell.key).or_default();
            entry.0 += cell.with_id;
            entry.1 += cell.without_id;
        }
        let cells: Vec<StreetCell> = merged
            .into_iter()
            .filter(|(_, (with_id, without_id))| with_id + without_id > 0)
            .map(|(key, (with_id, without_id))| StreetCell {
                key,
                with_id,
                without_id,
            })
            .collect();
        let number_of = |key: CellKey| {
            cells
                .binary_search_by_key(&key, |c| c.key)
                .ok()
                .and_then(|i| u32::try_from(i).ok())
                .unwrap_or(u32::MAX)
        };

        let mut groups: std::collections::BTreeMap<(Month, u32), Vec<(u64, u32)>> =
            Default::default();
        for group in &self.groups {
            let entries = groups.entry((group.month, group.force)).or_default();
            for (hash, cell) in group.ids.iter() {
                let key = usize::try_from(cell)
                    .ok()
                    .and_then(|c| self.cells.get(c))
                    .map(|c| c.key);
                entries.push((hash, key.map_or(u32::MAX, number_of)));
            }
        }
        for (key, ids) in later_ids {
            let entries = groups.entry(key).or_default();
            for (hash, cell) in ids {
                let key = usize::try_from(cell)
                    .ok()
                    .and_then(|c| later_cells.get(c))
                    .map(|c| c.key);
                entries.push((hash, key.map_or(u32::MAX, number_of)));
            }
        }
        let groups = groups
            .into_iter()
            .map(|((month, force), ids)| MonthForce {
                month,
                force,
                ids: CrimeIdIndex::from_unique(ids),
            })
            .collect();
        let counts = StreetCounts {
            forces: forces.into_names(),
            areas: areas.into_names(),
            lsoas: lsoas.into_names(),
            categories: categories.into_names(),
            cells,
            groups,
        };
        (counts, repeats)
    }
}

fn name_at(names: &[String], index: u32) -> &str {
    usize::try_from(index)
        .ok()
        .and_then(|i| names.get(i))
        .map_or("", String::as_str)
}

/// Why a row could not be counted: the file has more distinct names or cells than an index
/// can number (four billion), which no real file comes near.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyNames;

/// Whether a row was counted or repeated a Crime ID already counted in this file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    New,
    RepeatedId,
}

/// A multiply-fold hash, a word at a time, for the short names and keys looked up for every
/// row: std's SipHash, made to resist keys chosen by an attacker (here, the user's own file),
/// and a byte-at-a-time hash each cost more than the rest of counting a row.
#[derive(Debug, Clone, Copy)]
pub struct WordHash(u64);

const STEP: u64 = 0xe703_7ed1_a0b4_28db;

impl Default for WordHash {
    fn default() -> WordHash {
        WordHash(0xa076_1d64_78bd_642f)
    }
}

impl Hasher for WordHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = fold(self.0 ^ hash_bytes(bytes), STEP);
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn write_u16(&mut self, n: u16) {
        self.write_u64(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = fold(self.0 ^ n, STEP);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

type WordMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHash>>;

/// Builds a file's [`StreetCounts`] row by row.
#[derive(Debug, Default)]
pub struct StreetCountsBuilder {
    forces: Interner,
    areas: Interner,
    lsoas: Interner,
    categories: Interner,
    cell_numbers: WordMap<CellKey, u32>,
    cells: Vec<StreetCell>,
    group_numbers: WordMap<(Month, u32), usize>,
    groups: Vec<PendingGroup>,
    // A file is one month of one force, or months one after another: the last group is
    // nearly always the next.
    last_group: Option<((Month, u32), usize)>,
}

#[derive(Debug)]
struct PendingGroup {
    month: Month,
    force: u32,
    // Hash → cell of the first row with that ID: the first row of a repeated ID is the one
    // counted.
    ids: HashMap<u64, u32, IdHasher>,
}

impl StreetCountsBuilder {
    /// Counts one row, its fields trimmed already: `area` is the local authority its `lsoa`
    /// (the LSOA name, empty when none) is in. An empty `crime_id` is a row without one
    /// (anti-social behaviour, or a month before police.uk published IDs).
    pub fn add(
        &mut self,
        month: Month,
        force: &str,
        area: &str,
        lsoa: &str,
        category: &str,
        crime_id: &str,
    ) -> Result<Counted, TooManyNames> {
        let key = CellKey {
            month,
            force: self.forces.number(force)?,
            area: self.areas.number(area)?,
            lsoa: self.lsoas.number(lsoa)?,
            category: self.categories.number(category)?,
        };
        let group_key = (month, key.force);
        let known = match self.last_group {
            Some((last, group)) if last == group_key => Some(group),
            _ => self.group_numbers.get(&group_key).copied(),
        };
        let group = match known {
            Some(group) => group,
            None => {
                self.groups.push(PendingGroup {
                    month,
                    force: key.force,
                    ids: HashMap::default(),
                });
                let group = self.groups.len() - 1;
                self.group_numbers.insert(group_key, group);
                group
            }
        };
        self.last_group = Some((group_key, group));
        let hash = (!crime_id.is_empty()).then(|| hash_bytes(crime_id.as_bytes()));
        let known = self.groups.get(group).ok_or(TooManyNames)?;
        if hash.is_some_and(|h| known.ids.contains_key(&h)) {
            return Ok(Counted::RepeatedId);
        }
        let (cell, target) = self.cell_mut(key)?;
        match hash {
            Some(hash) => {
                target.with_id += 1;
                if let Some(pending) = self.groups.get_mut(group) {
                    pending.ids.insert(hash, cell);
                }
            }
            None => target.without_id += 1,
        }
        Ok(Counted::New)
    }

    /// The cell of `key` and its number, made empty if the file has not had it yet.
    fn cell_mut(&mut self, key: CellKey) -> Result<(u32, &mut StreetCell), TooManyNames> {
        let cell = match self.cell_numbers.get(&key) {
            Some(&cell) => cell,
            None => {
                let cell = u32::try_from(self.cells.len()).map_err(|_| TooManyNames)?;
                self.cells.push(StreetCell {
                    key,
                    with_id: 0,
                    without_id: 0,
                });
                self.cell_numbers.insert(key, cell);
                cell
            }
        };
        let target = usize::try_from(cell)
            .ok()
            .and_then(|c| self.cells.get_mut(c))
            .ok_or(TooManyNames)?;
        Ok((cell, target))
    }

    /// Marks a month as held for a force, with no rows: a published or remembered table
    /// (`crate::share`) knows a month is covered even where every cell of it is withheld.
    pub fn cover(&mut self, month: Month, force: &str) -> Result<(), TooManyNames> {
        let force = self.forces.number(force)?;
        self.group(month, force);
        Ok(())
    }

    /// Counts `n` rows without a Crime ID in one cell at once: a table rebuilt from counts
    /// rather than rows. Like rows without an ID, a later file of the same month and force
    /// replaces them as a whole.
    pub fn add_without_id(
        &mut self,
        month: Month,
        force: &str,
        area: &str,
        category: &str,
        n: u64,
    ) -> Result<(), TooManyNames> {
        let key = CellKey {
            month,
            force: self.forces.number(force)?,
            area: self.areas.number(area)?,
            lsoa: self.lsoas.number("")?,
            category: self.categories.number(category)?,
        };
        self.group(month, key.force);
        let (_, target) = self.cell_mut(key)?;
        target.without_id = target.without_id.saturating_add(n);
        Ok(())
    }

    fn group(&mut self, month: Month, force: u32) {
        if !self.group_numbers.contains_key(&(month, force)) {
            self.groups.push(PendingGroup {
                month,
                force,
                ids: HashMap::default(),
            });
            self.group_numbers
                .insert((month, force), self.groups.len() - 1);
        }
    }

    /// The counts, with cells in key order and each month and force's Crime IDs sorted.
    pub fn finish(self) -> StreetCounts {
        let mut order: Vec<usize> = (0..self.cells.len()).collect();
        order.sort_by_key(|&i| self.cells.get(i).map(|c| c.key));
        // Where each cell went, so the Crime-ID entries follow it.
        let mut renumber = vec![0u32; self.cells.len()];
        for (new, &old) in (0u32..).zip(&order) {
            if let Some(slot) = renumber.get_mut(old) {
                *slot = new;
            }
        }
        let cells = order
            .iter()
            .filter_map(|&i| self.cells.get(i).copied())
            .collect();
        let mut groups: Vec<MonthForce> = self
            .groups
            .into_iter()
            .map(|pending| MonthForce {
                month: pending.month,
                force: pending.force,
                ids: CrimeIdIndex::from_unique(
                    pending
                        .ids
                        .into_iter()
                        .map(|(hash, cell)| {
                            let moved = usize::try_from(cell)
                                .ok()
                                .and_then(|c| renumber.get(c).copied())
                                .unwrap_or(cell);
                            (hash, moved)
                        })
                        .collect(),
                ),
            })
            .collect();
        groups.sort_by_key(|g| (g.month, g.force));
        StreetCounts {
            forces: self.forces.names,
            areas: self.areas.names,
            lsoas: self.lsoas.names,
            categories: self.categories.names,
            cells,
            groups,
        }
    }
}

/// Names numbered in the order they are first seen.
#[derive(Debug, Default)]
pub struct Interner {
    numbers: WordMap<String, u32>,
    names: Vec<String>,
    // Forces and crime types repeat row after row: one comparison instead of a lookup.
    last: Option<u32>,
}

impl Interner {
    /// Numbers these names 0, 1, … in order (they are distinct: another interner's names).
    fn seeded(names: Vec<String>) -> Interner {
        let mut interner = Interner::default();
        for name in names {
            let _ = interner.number(&name);
        }
        interner
    }

    pub fn number(&mut self, name: &str) -> Result<u32, TooManyNames> {
        if let Some(last) = self.last
            && name_at(&self.names, last) == name
        {
            return Ok(last);
        }
        if let Some(&number) = self.numbers.get(name) {
            self.last = Some(number);
            return Ok(number);
        }
        let number = u32::try_from(self.names.len()).map_err(|_| TooManyNames)?;
        self.numbers.insert(name.to_owned(), number);
        self.names.push(name.to_owned());
        self.last = Some(number);
        Ok(number)
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn into_names(self) -> Vec<String> {
        self.names
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::model::crime_ids::crime_id_hash;

    fn m(s: &str) -> Month {
        Month::parse_iso(s).unwrap()
    }

    #[test]
    fn cells_count_rows_once_per_crime_id_and_every_row_without_one() {
        let mut b = StreetCountsBuilder::default();
        let jan = m("2023-01");
        let add = |b: &mut StreetCountsBuilder, area, category, id| {
            b.add(jan, "City of London Police", area, "", category, id)
                .unwrap()
        };
        assert_eq!(add(&mut b, "City of London", "Burglary", "a"), Counted::New);
        assert_eq!(add(&mut b, "Camden", "Burglary", "b"), Counted::New);
        // The same crime again, elsewhere: a repeat, not counted again.
        assert_eq!(
            add(&mut b, NO_LOCATION, "Burglary", "a"),
            Counted::RepeatedId
        );
        assert_eq!(
            add(&mut b, "Camden", "Anti-social behaviour", ""),
            Counted::New
        );
        assert_eq!(
            add(&mut b, "Camden", "Anti-social behaviour", ""),
            Counted::New
        );
        let counts = b.finish();
        assert_eq!(counts.rows(), 4);
        let cells: Vec<(&str, &str, u64, u64)> = counts
            .cells()
            .iter()
            .map(|c| {
                (
                    counts.area(c.key.area),
                    counts.category(c.key.category),
                    c.with_id,
                    c.without_id,
                )
            })
            .collect();
        assert_eq!(
            cells,
            [
                ("City of London", "Burglary", 1, 0),
                ("Camden", "Burglary", 1, 0),
                ("Camden", "Anti-social behaviour", 0, 2),
            ]
        );
        let groups = counts.month_forces();
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].ids.len(), 2);
        // Each ID points at the cell its first row was counted in, after sorting.
        for (hash, cell) in groups[0].ids.iter() {
            let area = counts.area(counts.cells()[cell as usize].key.area);
            let expected = if hash == crime_id_hash("a") {
                "City of London"
            } else {
                "Camden"
            };
            assert_eq!(area, expected);
        }
        let monthly = counts.monthly();
        assert_eq!(monthly.count(jan, "Burglary"), Some(2));
        assert_eq!(monthly.count(jan, "Anti-social behaviour"), Some(2));
        assert_eq!(counts.index_bytes(), 24);
    }

    #[test]
    fn the_same_id_in_another_month_or_force_is_another_crime() {
        let mut b = StreetCountsBuilder::default();
        let first = b
            .add(m("2023-01"), "A", "X", "X 001A", "Burglary", "id")
            .unwrap();
        let other_month = b
            .add(m("2023-02"), "A", "X", "X 001A", "Burglary", "id")
            .unwrap();
        let other_force = b
            .add(m("2023-01"), "B", "X", "X 001A", "Burglary", "id")
            .unwrap();
        assert_eq!(
            (first, other_month, other_force),
            (Counted::New, Counted::New, Counted::New)
        );
        let counts = b.finish();
        assert_eq!(counts.month_forces().len(), 3);
        assert!(
            counts
                .month_forces()
                .is_sorted_by_key(|g| (g.month, g.force))
        );
    }

    #[test]
    fn each_lsoa_has_its_own_cells_and_an_id_points_at_its_lsoa() {
        let mut b = StreetCountsBuilder::default();
        let jan = m("2023-01");
        for (lsoa, id) in [
            ("Camden 027B", "a"),
            ("Camden 001A", "b"),
            ("Camden 027B", "c"),
        ] {
            b.add(jan, "Met", "Camden", lsoa, "Burglary", id).unwrap();
        }
        // A repeat of "b" elsewhere is still one crime, in its first row's LSOA.
        assert_eq!(
            b.add(jan, "Met", "Camden", "Camden 027B", "Burglary", "b")
                .unwrap(),
            Counted::RepeatedId
        );
        let counts = b.finish();
        let by_lsoa: Vec<(&str, u64)> = counts
            .cells()
            .iter()
            .map(|c| (counts.lsoa(c.key.lsoa), c.rows()))
            .collect();
        assert_eq!(by_lsoa, [("Camden 027B", 2), ("Camden 001A", 1)]);
        for (hash, cell) in counts.month_forces()[0].ids.iter() {
            let lsoa = counts.lsoa(counts.cells()[cell as usize].key.lsoa);
            let expected = if hash == crime_id_hash("b") {
                "Camden 001A"
            } else {
                "Camden 027B"
            };
            assert_eq!(lsoa, expected);
        }
        // Over the whole file, the LSOAs add up to the area.
        assert_eq!(counts.monthly().count(jan, "Burglary"), Some(3));
    }
}
