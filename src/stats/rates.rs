//! Counts into rates: a population file joined to counts by area and period, giving crude
//! rates per 1,000 or 100,000 with PHE's limits (exact Poisson below 10 events, Byar's from 10).

use std::collections::BTreeMap;

use super::CannotCalculate;
use super::intervals::{RateEstimate, phe_rate};
use crate::model::{Month, Period};

/// The rate's unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    Thousand,
    HundredThousand,
}

impl Per {
    pub fn multiplier(self) -> f64 {
        match self {
            Per::Thousand => 1_000.0,
            Per::HundredThousand => 100_000.0,
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Per::Thousand => "per 1,000 population",
            Per::HundredThousand => "per 100,000 population",
        }
    }

    /// "per 1,000": for chart titles and axes, where the population is said nearby.
    pub fn short(self) -> &'static str {
        match self {
            Per::Thousand => "per 1,000",
            Per::HundredThousand => "per 100,000",
        }
    }
}

/// Mid-year population estimates by area and year. An area is found by its code (e.g.
/// `E08000009`) or its name, whichever the count data carries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Population {
    by_area: BTreeMap<String, BTreeMap<u16, f64>>,
}

/// The population used for one rate, and how it was chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct PopulationUsed {
    pub persons: f64,
    /// The mid-year estimate used (30 June of this year).
    pub year: u16,
    /// Set when the estimate for the period's own year was not loaded.
    pub note: Option<String>,
}

impl Population {
    /// Adds one estimate under the area's code and its name.
    pub fn insert(&mut self, code: Option<&str>, name: &str, year: u16, persons: f64) {
        for key in code.into_iter().chain(std::iter::once(name)) {
            self.by_area
                .entry(area_key(key))
                .or_default()
                .insert(year, persons);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_area.is_empty()
    }

    /// The estimate for the year in which the period's middle month falls (mid-2023 for
    /// 2023/24, for 2023 and for Jul 2023). Without it, the nearest earlier year, said in a
    /// note; a later year is never used, as it would count people not yet there.
    pub fn for_period(
        &self,
        area: &str,
        period: Period,
    ) -> Result<PopulationUsed, CannotCalculate> {
        let years = self
            .by_area
            .get(&area_key(area))
            .ok_or_else(|| CannotCalculate::new(format!("no population is loaded for {area}")))?;
        let wanted = middle_month(period).year();
        let (&year, &persons) = years.range(..=wanted).next_back().ok_or_else(|| {
            CannotCalculate::new(format!(
                "the population loaded for {area} starts after {}, the period's year",
                wanted
            ))
        })?;
        if !persons.is_finite() || persons <= 0.0 {
            return Err(CannotCalculate::new(format!(
                "the population of {area} for {year} is not a positive number"
            )));
        }
        let note = (year != wanted).then(|| {
            format!("no mid-{wanted} population for {area} was loaded; mid-{year} was used")
        });
        Ok(PopulationUsed {
            persons,
            year,
            note,
        })
    }
}

/// A crude rate and the population behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rate {
    pub count: u64,
    pub population: PopulationUsed,
    pub per: Per,
    pub estimate: RateEstimate,
}

/// The rate of `count` events in `area` over `period`.
pub fn crude_rate(
    count: u64,
    area: &str,
    period: Period,
    population: &Population,
    per: Per,
) -> Result<Rate, CannotCalculate> {
    let used = population.for_period(area, period)?;
    let estimate = phe_rate(count as f64, used.persons, per.multiplier())?;
    Ok(Rate {
        count,
        population: used,
        per,
        estimate,
    })
}

fn area_key(area: &str) -> String {
    area.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn middle_month(period: Period) -> Month {
    let (first, last) = (period.first_month(), period.last_month());
    let span = first.through(last).count();
    // The later of the two middle months for an even span: Jul for Jan–Dec, Oct for Apr–Mar.
    first.through(last).nth(span / 2).unwrap_or(first)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn fy(start: u16) -> Period {
        Period::financial_year(start).unwrap()
    }

    #[test]
    fn picks_the_mid_year_estimate_of_the_periods_year() {
        let mut pop = Population::default();
        pop.insert(Some("E08000009"), "Trafford", 2023, 240_000.0);
        pop.insert(Some("E08000009"), "Trafford", 2024, 241_025.0);
        let used = pop.for_period("E08000009", fy(2024)).unwrap();
        assert_eq!(
            (used.year, used.persons, used.note),
            (2024, 241_025.0, None)
        );
        assert_eq!(
            pop.for_period(" trafford ", Period::calendar_year(2023).unwrap())
                .unwrap()
                .year,
            2023
        );
        assert_eq!(
            pop.for_period("Trafford", Period::month(2024, 1).unwrap())
                .unwrap()
                .year,
            2024
        );
        assert_eq!(
            pop.for_period("Trafford", Period::month(2023, 12).unwrap())
                .unwrap()
                .year,
            2023
        );
        // A later year falls back to the latest loaded, with a note; an earlier one cannot.
        let later = pop.for_period("Trafford", fy(2025)).unwrap();
        assert_eq!(later.year, 2024);
        assert!(
            later
                .note
                .unwrap()
                .contains("no mid-2025 population for Trafford")
        );
        assert!(
            pop.for_period("Trafford", fy(2020))
                .unwrap_err()
                .reason
                .contains("starts after 2020")
        );
        assert!(
            pop.for_period("Salford", fy(2024))
                .unwrap_err()
                .reason
                .contains("no population is loaded for Salford")
        );
    }

    #[test]
    fn rates_use_phe_limits() {
        let mut pop = Population::default();
        pop.insert(None, "Area", 2023, 50_000.0);
        let rate = crude_rate(
            1_204,
            "Area",
            Period::calendar_year(2023).unwrap(),
            &pop,
            Per::Thousand,
        )
        .unwrap();
        assert!((rate.estimate.value - 24.08).abs() < 1e-9);
        assert!(rate.estimate.ci95.lower < 24.08 && 24.08 < rate.estimate.ci95.upper);
        let per_100k = crude_rate(
            1_204,
            "Area",
            Period::calendar_year(2023).unwrap(),
            &pop,
            Per::HundredThousand,
        )
        .unwrap();
        assert!((per_100k.estimate.value - 2_408.0).abs() < 1e-9);
        let zero = crude_rate(
            0,
            "Area",
            Period::calendar_year(2023).unwrap(),
            &pop,
            Per::Thousand,
        )
        .unwrap();
        assert_eq!(zero.estimate.value, 0.0);
        assert_eq!(zero.estimate.ci95.lower, 0.0);
    }

    #[test]
    fn a_zero_population_cannot_give_a_rate() {
        let mut pop = Population::default();
        pop.insert(None, "Empty", 2023, 0.0);
        assert!(
            crude_rate(
                3,
                "Empty",
                Period::calendar_year(2023).unwrap(),
                &pop,
                Per::Thousand
            )
            .is_err()
        );
    }
}
