//! Street files merged into one dataset, the same crime counted once.
//!
//! police.uk republishes months: a force's month appears again in later downloads, with
//! crimes reclassified, moved or closed. When two or more files hold the same month and
//! force, they are taken in publication order (see `Dataset`) and:
//!
//! - a crime with a Crime ID is counted once, as the latest publication holding that ID has
//!   it (its crime type and area); an ID only an earlier file holds still counts;
//! - rows without a Crime ID (anti-social behaviour, and months before police.uk published
//!   IDs) cannot be matched one by one, so the latest publication's rows for that month and
//!   force replace every earlier file's, as a whole.
//!
//! A row that is replaced is a duplicate of the file it came from, so every file still
//! balances (read = used + rejected + duplicates) and the rows used across the files are
//! exactly the counts in the table.

use std::collections::{BTreeMap, BTreeSet};

use super::crime_ids::IdSet;
use super::crime_types::comparable_name;
use super::street::{
    AREA_NOT_RECOGNISED, CellKey, Interner, MonthForce, NO_LOCATION, StreetCounts,
};
use super::{Month, MonthlyCounts};

/// A local authority (or the "No location" area) and the forces whose files have rows in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaSummary {
    pub name: String,
    pub forces: Vec<String>,
}

/// A month and force that more than one file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlap {
    pub month: Month,
    pub force: String,
    /// The files (their places in the dataset), earliest publication first: the last wins.
    pub files: Vec<usize>,
    /// For each file but the last, in the same order: its rows a later file repeats or
    /// replaces.
    pub superseded: Vec<u64>,
}

/// The street files' counts after de-duplication, by month, force, area, LSOA and crime type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StreetMerge {
    forces: Vec<String>,
    areas: Vec<String>,
    lsoas: Vec<String>,
    categories: Vec<String>,
    /// Numbers index the four lists above; cells whose rows were all replaced are gone.
    cells: BTreeMap<CellKey, u64>,
    /// Every (month, force) some file holds: those months are known for that force's areas,
    /// even where they count nothing.
    covered: BTreeSet<(Month, u32)>,
    /// Rows of each file (by place in the dataset) that a later publication superseded.
    superseded: Vec<u64>,
    overlaps: Vec<Overlap>,
}

/// One file's month and force, with the file's cells numbered for the whole dataset.
struct Held<'a> {
    file: usize,
    group: &'a MonthForce,
    counts: &'a StreetCounts,
    keys: &'a [CellKey],
}

impl StreetMerge {
    /// Merges `files` (a street file's counts, or `None` for any other file, by place in the
    /// dataset), taking them in `order`: earliest publication first.
    pub fn build(files: &[Option<&StreetCounts>], order: &[usize]) -> StreetMerge {
        let mut forces = Interner::default();
        let mut areas = Interner::default();
        let mut lsoas = Interner::default();
        let mut categories = Interner::default();
        let mut cells: BTreeMap<CellKey, u64> = BTreeMap::new();
        // Each file's cells, renumbered for the dataset (same order as the file's own).
        let mut keys: Vec<Vec<CellKey>> = vec![Vec::new(); files.len()];
        for &file in order {
            let (Some(Some(counts)), Some(slot)) = (files.get(file), keys.get_mut(file)) else {
                continue;
            };
            for cell in counts.cells() {
                let key = CellKey {
                    month: cell.key.month,
                    force: forces
                        .number(counts.force(cell.key.force))
                        .unwrap_or(u32::MAX),
                    area: areas.number(counts.area(cell.key.area)).unwrap_or(u32::MAX),
                    lsoa: lsoas.number(counts.lsoa(cell.key.lsoa)).unwrap_or(u32::MAX),
                    category: categories
                        .number(counts.category(cell.key.category))
                        .unwrap_or(u32::MAX),
                };
                *cells.entry(key).or_default() += cell.rows();
                slot.push(key);
            }
        }

        let mut held: BTreeMap<(Month, u32), Vec<Held<'_>>> = BTreeMap::new();
        for &file in order {
            let (Some(Some(counts)), Some(file_keys)) = (files.get(file), keys.get(file)) else {
                continue;
            };
            for group in counts.month_forces() {
                let force = forces.number(counts.force(group.force)).unwrap_or(u32::MAX);
                held.entry((group.month, force)).or_default().push(Held {
                    file,
                    group,
                    counts,
                    keys: file_keys,
                });
            }
        }

        let mut superseded = vec![0u64; files.len()];
        let mut overlaps = Vec::new();
        for (&(month, force), publications) in &held {
            let [earlier @ .., latest] = publications.as_slice() else {
                continue;
            };
            if earlier.is_empty() {
                continue;
            }
            let mut dropped = vec![0u64; earlier.len()];
            let mut claimed: IdSet = latest.group.ids.hashes().iter().copied().collect();
            // Latest first, so that each file is checked against every file after it.
            for (held, dropped) in earlier.iter().zip(dropped.iter_mut()).rev() {
                for (cell, key) in held.counts.cells().iter().zip(held.keys) {
                    if key.month == month && key.force == force && cell.without_id > 0 {
                        take(&mut cells, key, cell.without_id);
                        *dropped += cell.without_id;
                    }
                }
                for (hash, cell) in held.group.ids.iter() {
                    if claimed.contains(&hash) {
                        let key = usize::try_from(cell).ok().and_then(|c| held.keys.get(c));
                        if let Some(key) = key {
                            take(&mut cells, key, 1);
                            *dropped += 1;
                        }
                    } else {
                        claimed.insert(hash);
                    }
                }
                if let Some(total) = superseded.get_mut(held.file) {
                    *total += *dropped;
                }
            }
            overlaps.push(Overlap {
                month,
                force: name_at(forces.names(), force).to_owned(),
                files: publications.iter().map(|h| h.file).collect(),
                superseded: dropped,
            });
        }

        let covered = held.keys().copied().collect();
        cells.retain(|_, n| *n > 0);
        StreetMerge {
            forces: forces.into_names(),
            areas: areas.into_names(),
            lsoas: lsoas.into_names(),
            categories: categories.into_names(),
            cells,
            covered,
            superseded,
            overlaps,
        }
    }

    /// Rows of the file at `place` that a later publication repeats or replaces.
    pub fn superseded(&self, place: usize) -> u64 {
        self.superseded.get(place).copied().unwrap_or(0)
    }

    pub fn overlaps(&self) -> &[Overlap] {
        &self.overlaps
    }

    /// Every row counted, after de-duplication.
    pub fn rows(&self) -> u64 {
        self.cells.values().sum()
    }

    /// The areas with rows, local authorities in alphabetical order, then "No location" and
    /// unrecognised LSOA names; each with its forces in alphabetical order.
    pub fn areas(&self) -> Vec<AreaSummary> {
        let mut forces_by_area: BTreeMap<u32, BTreeSet<u32>> = BTreeMap::new();
        for key in self.cells.keys() {
            forces_by_area
                .entry(key.area)
                .or_default()
                .insert(key.force);
        }
        let mut list: Vec<AreaSummary> = forces_by_area
            .into_iter()
            .map(|(area, forces)| {
                let mut forces: Vec<String> = forces
                    .into_iter()
                    .map(|f| name_at(&self.forces, f).to_owned())
                    .collect();
                forces.sort();
                AreaSummary {
                    name: name_at(&self.areas, area).to_owned(),
                    forces,
                }
            })
            .collect();
        list.sort_by(|a, b| {
            let last = |name: &str| match name {
                NO_LOCATION => 1,
                AREA_NOT_RECOGNISED => 2,
                _ => 0,
            };
            (last(&a.name), &a.name).cmp(&(last(&b.name), &b.name))
        });
        list
    }

    pub fn has_area(&self, name: &str) -> bool {
        self.area_number(name)
            .is_some_and(|area| self.cells.keys().any(|k| k.area == area))
    }

    /// Every counted cell as names: (month, force, area, crime type, count), the area's LSOAs
    /// added together, in key order. What a published file holds (`crate::share`), which
    /// goes no finer than the area.
    pub fn named_cells(&self) -> impl Iterator<Item = (Month, &str, &str, &str, u64)> + '_ {
        let mut by_area: BTreeMap<(Month, u32, u32, u32), u64> = BTreeMap::new();
        for (key, &n) in &self.cells {
            *by_area
                .entry((key.month, key.force, key.area, key.category))
                .or_default() += n;
        }
        by_area
            .into_iter()
            .map(|((month, force, area, category), n)| {
                (
                    month,
                    name_at(&self.forces, force),
                    name_at(&self.areas, area),
                    name_at(&self.categories, category),
                    n,
                )
            })
    }

    /// The LSOAs of `area` that have counts, by name (police.uk's `Camden 027B`), sorted.
    pub fn lsoas(&self, area: &str) -> Vec<String> {
        let Some(area) = self.area_number(area) else {
            return Vec::new();
        };
        let numbers: BTreeSet<u32> = self
            .cells
            .keys()
            .filter(|k| k.area == area)
            .map(|k| k.lsoa)
            .collect();
        let mut names: Vec<String> = numbers
            .into_iter()
            .map(|n| name_at(&self.lsoas, n))
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .collect();
        names.sort();
        names
    }

    /// Every (month, force) some file holds, as names.
    pub fn named_covered(&self) -> impl Iterator<Item = (Month, &str)> + '_ {
        self.covered
            .iter()
            .map(|&(month, force)| (month, name_at(&self.forces, force)))
    }

    /// The crime types left after de-duplication.
    pub fn categories(&self) -> BTreeSet<&str> {
        self.cells
            .keys()
            .map(|k| name_at(&self.categories, k.category))
            .collect()
    }

    /// Counts by month and crime type for one area (or all with `None`), and within it one
    /// LSOA (or all its LSOAs with `None`). A month is covered when a file holds it for a
    /// force with rows in the area (or LSOA); a month no file holds stays missing. With
    /// `combine`, renamed crime types are counted under their current name.
    pub fn monthly(&self, area: Option<&str>, lsoa: Option<&str>, combine: bool) -> MonthlyCounts {
        let mut counts = MonthlyCounts::default();
        let wanted = match area {
            None => None,
            Some(name) => match self.area_number(name) {
                Some(number) => Some(number),
                None => return counts,
            },
        };
        let wanted_lsoa = match lsoa {
            None => None,
            Some(name) => match self.lsoas.iter().position(|l| l == name) {
                Some(number) => u32::try_from(number).ok(),
                None => return counts,
            },
        };
        let keep = |k: &CellKey| {
            wanted.is_none_or(|a| k.area == a) && wanted_lsoa.is_none_or(|l| k.lsoa == l)
        };
        let forces: BTreeSet<u32> = self
            .cells
            .keys()
            .filter(|k| keep(k))
            .map(|k| k.force)
            .collect();
        for &(month, force) in &self.covered {
            if (wanted.is_none() && wanted_lsoa.is_none()) || forces.contains(&force) {
                counts.cover(month);
            }
        }
        for (key, &n) in &self.cells {
            if keep(key) {
                let name = name_at(&self.categories, key.category);
                let name = if combine { comparable_name(name) } else { name };
                counts.add_count(key.month, name, n);
            }
        }
        counts
    }

    fn area_number(&self, name: &str) -> Option<u32> {
        self.areas
            .iter()
            .position(|a| a == name)
            .and_then(|i| u32::try_from(i).ok())
    }
}

fn name_at(names: &[String], number: u32) -> &str {
    usize::try_from(number)
        .ok()
        .and_then(|i| names.get(i))
        .map_or("", String::as_str)
}

/// Removes `n` rows from a cell (never below zero: the rows taken were counted in it).
fn take(cells: &mut BTreeMap<CellKey, u64>, key: &CellKey, n: u64) {
    if let Some(count) = cells.get_mut(key) {
        *count = count.saturating_sub(n);
    }
}
