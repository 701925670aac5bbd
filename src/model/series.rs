//! Figures by area, measure and period: what tables, indicator exports and population files
//! hold once read. Counts of police.uk records are `StreetCounts` or `MonthlyCounts`;
//! everything else is here.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{MonthlyCounts, Period, StreetCounts};

/// Why a figure is not there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MissingReason {
    /// `*` or `[c]`: withheld to protect confidentiality (usually a small count).
    Suppressed,
    /// `x`, `[x]`, `..` or `:`: not available.
    NotAvailable,
    /// `[z]`: not applicable.
    NotApplicable,
    /// `-`: nil or not available (publishers use the dash for both).
    NilOrNotAvailable,
    /// `[low]`: too small to show.
    TooSmall,
    /// An empty cell.
    Empty,
}

impl MissingReason {
    /// A short phrase for tables and tooltips.
    pub fn description(self) -> &'static str {
        match self {
            MissingReason::Suppressed => "suppressed (confidential)",
            MissingReason::NotAvailable => "not available",
            MissingReason::NotApplicable => "not applicable",
            MissingReason::NilOrNotAvailable => "nil or not available",
            MissingReason::TooSmall => "too small to show",
            MissingReason::Empty => "empty",
        }
    }
}

/// Where a figure is about: a code when the file gives one (`E22000107`), and a name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Area {
    pub code: Option<String>,
    pub name: String,
}

/// One series: an area, a measure (an offence, an indicator, a population), and optionally a
/// breakdown (e.g. `("Deprivation decile", "Most deprived decile")`) kept apart from totals.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SeriesKey {
    pub area: Area,
    pub measure: String,
    pub breakdown: Option<(String, String)>,
}

/// One figure with whatever the file says about it. `value` is `None` exactly when `missing`
/// says why.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Figure {
    pub value: Option<f64>,
    pub missing: Option<MissingReason>,
    pub count: Option<f64>,
    pub denominator: Option<f64>,
    pub lower_95: Option<f64>,
    pub upper_95: Option<f64>,
    pub lower_998: Option<f64>,
    pub upper_998: Option<f64>,
    /// A publisher's note on the figure (Fingertips' "Value note").
    pub note: Option<String>,
}

impl Figure {
    pub fn value(value: f64) -> Figure {
        Figure {
            value: Some(value),
            ..Figure::default()
        }
    }

    pub fn missing(reason: MissingReason) -> Figure {
        Figure {
            missing: Some(reason),
            ..Figure::default()
        }
    }
}

/// All the series one file (or a merge of files) holds.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SeriesSet {
    series: BTreeMap<SeriesKey, BTreeMap<Period, Figure>>,
    /// The kind of area each area is, where the file says (Fingertips' "Area Type": "County
    /// & UA", "Region", "England", …). Kept beside the series rather than in [`Area`], so an
    /// area is the same area in files that do not say.
    #[serde(default)]
    area_types: BTreeMap<Area, String>,
}

impl SeriesSet {
    /// Sets one figure. Returns the figure it replaced: a second figure for the same series
    /// and period is a duplicate the reader reports.
    pub fn insert(&mut self, key: SeriesKey, period: Period, figure: Figure) -> Option<Figure> {
        match self.series.get_mut(&key) {
            Some(points) => points.insert(period, figure),
            None => {
                self.series.insert(key, BTreeMap::from([(period, figure)]));
                None
            }
        }
    }

    pub fn get(&self, key: &SeriesKey, period: &Period) -> Option<&Figure> {
        self.series.get(key).and_then(|points| points.get(period))
    }

    pub fn series(&self) -> impl Iterator<Item = (&SeriesKey, &BTreeMap<Period, Figure>)> {
        self.series.iter()
    }

    pub fn len(&self) -> usize {
        self.series.len()
    }

    pub fn is_empty(&self) -> bool {
        self.series.is_empty()
    }

    /// How many figures in all (present or missing).
    pub fn figures(&self) -> usize {
        self.series.values().map(BTreeMap::len).sum()
    }

    pub fn areas(&self) -> BTreeSet<&Area> {
        self.series.keys().map(|k| &k.area).collect()
    }

    pub fn measures(&self) -> BTreeSet<&str> {
        self.series.keys().map(|k| k.measure.as_str()).collect()
    }

    /// Records what kind of area `area` is; the first type given for an area stands.
    pub fn set_area_type(&mut self, area: Area, area_type: &str) {
        let area_type = area_type.trim();
        if !area_type.is_empty() {
            self.area_types
                .entry(area)
                .or_insert_with(|| area_type.to_owned());
        }
    }

    pub fn area_type(&self, area: &Area) -> Option<&str> {
        self.area_types.get(area).map(String::as_str)
    }

    /// How many of the set's areas are of each type, most common first (ties by name).
    pub fn area_type_counts(&self) -> Vec<(&str, usize)> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for area in self.areas() {
            if let Some(area_type) = self.area_type(area) {
                *counts.entry(area_type).or_default() += 1;
            }
        }
        let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        counts
    }

    pub fn periods(&self) -> BTreeSet<Period> {
        self.series
            .values()
            .flat_map(|p| p.keys().copied())
            .collect()
    }
}

/// What a file held, once read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Content {
    /// Records counted by month and category (police.uk outcomes and stop and search).
    MonthlyCounts(MonthlyCounts),
    /// police.uk street-level crime: counts by month, force, area and crime type, with the
    /// Crime IDs that let a later publication replace an earlier one. Boxed: it is five
    /// lists, and every message from the worker would otherwise be as big.
    Street(Box<StreetCounts>),
    /// Figures by area, measure and period (tables, indicators, populations).
    Series(SeriesSet),
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn key(area: &str, measure: &str) -> SeriesKey {
        SeriesKey {
            area: Area {
                code: None,
                name: area.into(),
            },
            measure: measure.into(),
            breakdown: None,
        }
    }

    #[test]
    fn a_second_figure_for_the_same_cell_is_reported_back() {
        let mut set = SeriesSet::default();
        let period = Period::financial_year(2017).unwrap();
        assert_eq!(
            set.insert(key("Trafford", "Burglary"), period, Figure::value(1.0)),
            None
        );
        assert_eq!(
            set.insert(key("Trafford", "Burglary"), period, Figure::value(2.0)),
            Some(Figure::value(1.0))
        );
        set.insert(
            key("Salford", "Burglary"),
            period,
            Figure::missing(MissingReason::Suppressed),
        );
        assert_eq!(set.len(), 2);
        assert_eq!(set.figures(), 2);
        assert_eq!(set.areas().len(), 2);
        assert_eq!(set.measures().into_iter().collect::<Vec<_>>(), ["Burglary"]);
        assert_eq!(
            set.get(&key("Salford", "Burglary"), &period).unwrap().value,
            None
        );
    }

    #[test]
    fn area_types_are_counted_over_the_sets_areas() {
        let mut set = SeriesSet::default();
        let period = Period::financial_year(2017).unwrap();
        for area in ["Trafford", "Salford", "North West", "England"] {
            set.insert(key(area, "Burglary"), period, Figure::value(1.0));
        }
        for (area, area_type) in [
            ("Trafford", "District & UA"),
            ("Salford", "District & UA"),
            ("North West", "Region"),
            ("England", " England "),
            ("Trafford", "Region"),
            ("Nowhere", "County & UA"),
        ] {
            set.set_area_type(key(area, "").area, area_type);
        }
        assert_eq!(
            set.area_type(&key("Trafford", "").area),
            Some("District & UA")
        );
        assert_eq!(
            set.area_type_counts(),
            [("District & UA", 2), ("England", 1), ("Region", 1)]
        );
    }
}
