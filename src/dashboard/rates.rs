//! Crime as a rate per 1,000 population: the loaded ONS mid-year estimates joined to the count
//! table's area, period by period, through [`crate::stats::rates`]. Which estimate each period
//! uses is part of every row, so the page can say it.

use crate::ingest::formats::population::ALL_AGES;
use crate::model::{Content, CountTable, Dataset, Format, Period, PeriodTable};
use crate::stats::headline::ALL_CATEGORIES;
use crate::stats::intervals::RateEstimate;
use crate::stats::rates::{Per, Population, PopulationUsed, crude_rate};

/// Rates are per 1,000 people, as CSP reports give them.
pub const PER: Per = Per::Thousand;

/// Every all-ages, all-persons estimate in the loaded population files, by area and year.
pub fn population(dataset: &Dataset) -> Population {
    let mut population = Population::default();
    for file in dataset.files() {
        let Content::Series(set) = &file.content else {
            continue;
        };
        if file.format != Format::Population {
            continue;
        }
        for (key, points) in set.series() {
            if key.measure != ALL_AGES || key.breakdown.is_some() {
                continue;
            }
            for (period, figure) in points {
                if let (Period::CalendarYear(year), Some(persons)) = (period, figure.value) {
                    population.insert(
                        key.area.code.as_deref(),
                        &key.area.name,
                        year.year(),
                        persons,
                    );
                }
            }
        }
    }
    population
}

/// The area rates can be shown for, or why they cannot, in words for the page.
pub fn rate_area(table: &CountTable, population: &Population) -> Result<String, String> {
    if population.is_empty() {
        return Err(
            "Load ONS mid-year population estimates for your area to show rates \
                    per 1,000 population."
                .to_owned(),
        );
    }
    let Some(area) = table.area.clone() else {
        return Err(
            "Choose one area in the Area filter: a rate needs that area's population, \
                    and crimes with no location have none."
                .to_owned(),
        );
    };
    let latest = table
        .rows
        .last()
        .map(|r| Period::Month(r.month))
        .ok_or_else(|| "There are no crime counts to turn into rates.".to_owned())?;
    population
        .for_period(&area, latest)
        .map(|_| area.clone())
        .map_err(|e| format!("No rate for {area}: {}.", e.reason))
}

/// One period's rate, or why it has none.
#[derive(Debug, Clone, PartialEq)]
pub struct RateRow {
    pub period: Period,
    /// `None` for a period the data only partly covers (no rate is given for it).
    pub count: Option<u64>,
    pub rate: Result<(PopulationUsed, RateEstimate), String>,
}

/// A measure's rates by period for one area.
#[derive(Debug, Clone, PartialEq)]
pub struct RateTable {
    pub area: String,
    pub measure: String,
    pub rows: Vec<RateRow>,
}

impl RateTable {
    /// Which mid-year estimates the rows use, for the caption: "mid-2023 for Jan 2023 to Dec
    /// 2023" (one phrase per run of periods on the same estimate).
    pub fn populations_used(&self) -> String {
        let mut runs: Vec<(u16, Period, Period)> = Vec::new();
        for row in &self.rows {
            let Ok((used, _)) = &row.rate else { continue };
            match runs.last_mut() {
                Some((year, _, last)) if *year == used.year => *last = row.period,
                _ => runs.push((used.year, row.period, row.period)),
            }
        }
        runs.iter()
            .map(|(year, first, last)| {
                if first == last {
                    format!("mid-{year} for {}", first.label())
                } else {
                    format!("mid-{year} for {} to {}", first.label(), last.label())
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// The rate per 1,000 of `measure` (a crime type, or [`ALL_CATEGORIES`]) in each period.
pub fn rate_table(
    periods: &PeriodTable,
    measure: &str,
    area: &str,
    population: &Population,
) -> RateTable {
    let series = if measure == ALL_CATEGORIES {
        periods.totals()
    } else {
        periods
            .category_index(measure)
            .map(|i| periods.series(i))
            .unwrap_or_default()
    };
    let rows = series
        .into_iter()
        .map(|(period, count)| RateRow {
            period,
            count,
            rate: match count {
                None => Err("there is no complete count for this period".to_owned()),
                Some(n) => crude_rate(n, area, period, population, PER)
                    .map(|r| (r.population, r.estimate))
                    .map_err(|e| e.reason),
            },
        })
        .collect();
    RateTable {
        area: area.to_owned(),
        measure: measure.to_owned(),
        rows,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::model::{Granularity, Month, MonthlyCounts};

    fn table(area: Option<&str>) -> CountTable {
        let mut counts = MonthlyCounts::default();
        for (m, n) in [("2023-01", 30), ("2023-02", 12), ("2024-01", 9)] {
            let month = Month::parse_iso(m).unwrap();
            counts.add_count(month, "Burglary", n);
        }
        let mut t = CountTable::from_counts(&counts);
        t.area = area.map(str::to_owned);
        t
    }

    fn population() -> Population {
        let mut p = Population::default();
        p.insert(Some("E09000001"), "City of London", 2023, 8_600.0);
        p
    }

    #[test]
    fn rates_need_a_population_and_one_area() {
        assert!(rate_area(&table(Some("City of London")), &Population::default()).is_err());
        assert!(
            rate_area(&table(None), &population())
                .unwrap_err()
                .contains("Area filter")
        );
        assert!(
            rate_area(&table(Some("Westminster")), &population())
                .unwrap_err()
                .contains("Westminster")
        );
        assert_eq!(
            rate_area(&table(Some("City of London")), &population()).unwrap(),
            "City of London"
        );
    }

    #[test]
    fn each_period_says_which_estimate_it_used() {
        let periods = PeriodTable::from_months(&table(Some("City of London")), Granularity::Month);
        let t = rate_table(&periods, "Burglary", "City of London", &population());
        // By hand: 30 / 8,600 × 1,000 = 3.488…; a missing month has no count and no rate.
        let (used, rate) = t.rows[0].rate.clone().unwrap();
        assert_eq!(used.year, 2023);
        assert!((rate.value - 30.0 / 8.6).abs() < 1e-9);
        assert!(rate.ci95.lower < rate.value && rate.value < rate.ci95.upper);
        // 2024 has no estimate loaded: mid-2023 is used, and said.
        let last = t.rows.last().unwrap();
        assert_eq!(last.period, Period::month(2024, 1).unwrap());
        assert!(last.rate.as_ref().unwrap().0.note.is_some());
        assert_eq!(t.populations_used(), "mid-2023 for Jan 2023 to Jan 2024");
        let total = rate_table(&periods, ALL_CATEGORIES, "City of London", &population());
        assert_eq!(total.rows.len(), t.rows.len());
    }
}
