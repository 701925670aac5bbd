//! Monthly counts rolled up to the periods CSP reports use: financial quarters (April–June is
//! Q1) and financial years (April to March).
//!
//! A period the data only partly covers keeps its partial sum for display, marked with how many
//! of its months are there, but its series value is `None`: nine months of a financial year
//! are not a financial year, and nothing downstream (charts, SPC, comparisons) may treat them
//! as one.

use super::{CountTable, Month, Period};

/// How finely the counts are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Granularity {
    #[default]
    Month,
    /// Financial quarters, the way CSP and police performance reports count them.
    Quarter,
    FinancialYear,
}

impl Granularity {
    pub const ALL: [Granularity; 3] = [
        Granularity::Month,
        Granularity::Quarter,
        Granularity::FinancialYear,
    ];

    /// The option's name in a list of choices.
    pub fn title(self) -> &'static str {
        match self {
            Granularity::Month => "Month",
            Granularity::Quarter => "Quarter (financial, April to June is Q1)",
            Granularity::FinancialYear => "Financial year (April to March)",
        }
    }

    /// The name of one period, for headings: "month", "quarter", "financial year".
    pub fn noun(self) -> &'static str {
        match self {
            Granularity::Month => "month",
            Granularity::Quarter => "quarter",
            Granularity::FinancialYear => "financial year",
        }
    }

    /// The period `month` falls in; `None` only for January to March of year 1, which belong
    /// to a financial year that cannot be written down.
    pub fn period_of(self, month: Month) -> Option<Period> {
        let start_year = if month.month() >= 4 {
            month.year()
        } else {
            month.year().checked_sub(1)?
        };
        match self {
            Granularity::Month => Some(Period::Month(month)),
            Granularity::Quarter => {
                let quarter = (month.month() + 8) % 12 / 3 + 1;
                Period::financial_quarter(start_year, quarter)
            }
            Granularity::FinancialYear => Period::financial_year(start_year),
        }
    }
}

/// One period's counts. `counts` and `total` sum the months that have data; they are `None`
/// when no month of the period has any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodRow {
    pub period: Period,
    pub counts: Option<Vec<u64>>,
    pub total: Option<u64>,
    pub months_with_data: u32,
    pub months_in_period: u32,
}

impl PeriodRow {
    /// Every month of the period has data, so its sum can be compared with other periods.
    pub fn is_complete(&self) -> bool {
        self.months_with_data == self.months_in_period
    }

    /// "3 of 12 months", for marking a period the data only partly covers.
    pub fn coverage(&self) -> String {
        format!(
            "{} of {} month{}",
            self.months_with_data,
            self.months_in_period,
            if self.months_in_period == 1 { "" } else { "s" }
        )
    }
}

/// Periods × categories, from the period holding the first month to the one holding the last.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PeriodTable {
    pub granularity: Granularity,
    pub categories: Vec<String>,
    pub rows: Vec<PeriodRow>,
}

impl PeriodTable {
    pub fn from_months(months: &CountTable, granularity: Granularity) -> PeriodTable {
        let mut rows: Vec<PeriodRow> = Vec::new();
        for row in &months.rows {
            let Some(period) = granularity.period_of(row.month) else {
                continue;
            };
            if rows.last().is_none_or(|last| last.period != period) {
                rows.push(PeriodRow {
                    period,
                    counts: None,
                    total: None,
                    months_with_data: 0,
                    months_in_period: period.months_covered(),
                });
            }
            let (Some(current), Some(counts), Some(total)) =
                (rows.last_mut(), &row.counts, row.total)
            else {
                continue;
            };
            current.months_with_data += 1;
            current.total = Some(current.total.unwrap_or(0).saturating_add(total));
            let sums = current
                .counts
                .get_or_insert_with(|| vec![0; months.categories.len()]);
            for (sum, count) in sums.iter_mut().zip(counts) {
                *sum = sum.saturating_add(*count);
            }
        }
        PeriodTable {
            granularity,
            categories: months.categories.clone(),
            rows,
        }
    }

    /// One category's values, complete periods only: a partly covered period is `None`.
    pub fn series(&self, category_index: usize) -> Vec<(Period, Option<u64>)> {
        self.rows
            .iter()
            .map(|r| {
                let value = r
                    .counts
                    .as_ref()
                    .and_then(|c| c.get(category_index).copied())
                    .filter(|_| r.is_complete());
                (r.period, value)
            })
            .collect()
    }

    /// The totals, complete periods only.
    pub fn totals(&self) -> Vec<(Period, Option<u64>)> {
        self.rows
            .iter()
            .map(|r| (r.period, r.total.filter(|_| r.is_complete())))
            .collect()
    }

    /// Where a category is in the table, by name.
    pub fn category_index(&self, name: &str) -> Option<usize> {
        self.categories.iter().position(|c| c == name)
    }
}

/// The last period of a series that has a value (the latest complete one).
pub fn latest_value(series: &[(Period, Option<u64>)]) -> Option<(Period, u64)> {
    series.iter().rev().find_map(|(p, v)| v.map(|v| (*p, v)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::model::MonthlyCounts;
    use proptest::prelude::*;

    fn m(s: &str) -> Month {
        Month::parse_iso(s).unwrap()
    }

    /// Months with (Burglary, Robbery) counts; a month left out has no file.
    fn table(months: &[(&str, u64, u64)]) -> CountTable {
        let mut counts = MonthlyCounts::default();
        for (month, burglary, robbery) in months {
            counts.cover(m(month));
            for _ in 0..*burglary {
                counts.add(m(month), "Burglary");
            }
            for _ in 0..*robbery {
                counts.add(m(month), "Robbery");
            }
        }
        CountTable::from_counts(&counts)
    }

    #[test]
    fn financial_quarters_and_years_start_in_april() {
        let q = |s| Granularity::Quarter.period_of(m(s)).unwrap().label();
        assert_eq!(q("2023-01"), "2022/23 Q4");
        assert_eq!(q("2023-03"), "2022/23 Q4");
        assert_eq!(q("2023-04"), "2023/24 Q1");
        assert_eq!(q("2023-09"), "2023/24 Q2");
        assert_eq!(q("2023-12"), "2023/24 Q3");
        let fy = |s| Granularity::FinancialYear.period_of(m(s)).unwrap().label();
        assert_eq!(fy("2023-03"), "2022/23");
        assert_eq!(fy("2023-04"), "2023/24");
        assert_eq!(
            Granularity::Month.period_of(m("2023-04")).unwrap().label(),
            "Apr 2023"
        );
        assert_eq!(Granularity::Quarter.period_of(m("0001-02")), None);
    }

    #[test]
    fn a_calendar_year_of_months_makes_four_quarters_and_two_part_years() {
        let months: Vec<(String, u64, u64)> =
            (1..=12).map(|i| (format!("2023-{i:02}"), i, 1)).collect();
        let borrowed: Vec<(&str, u64, u64)> = months
            .iter()
            .map(|(s, a, b)| (s.as_str(), *a, *b))
            .collect();
        let t = table(&borrowed);

        let q = PeriodTable::from_months(&t, Granularity::Quarter);
        let labels: Vec<String> = q.rows.iter().map(|r| r.period.label()).collect();
        assert_eq!(
            labels,
            ["2022/23 Q4", "2023/24 Q1", "2023/24 Q2", "2023/24 Q3"]
        );
        assert!(q.rows.iter().all(PeriodRow::is_complete));
        assert_eq!(q.rows[0].counts, Some(vec![1 + 2 + 3, 3]));
        assert_eq!(q.rows[3].total, Some(10 + 11 + 12 + 3));

        let fy = PeriodTable::from_months(&t, Granularity::FinancialYear);
        assert_eq!(fy.rows.len(), 2);
        assert_eq!(fy.rows[0].coverage(), "3 of 12 months");
        assert_eq!(fy.rows[1].coverage(), "9 of 12 months");
        // The partial sums are kept for display, but neither part-year is a value to compare.
        assert_eq!(fy.rows[1].total, Some((4..=12).sum::<u64>() + 9));
        assert_eq!(fy.totals().iter().filter(|(_, v)| v.is_some()).count(), 0);
        assert_eq!(latest_value(&fy.series(0)), None);
        assert_eq!(
            latest_value(&q.series(0)),
            Some((Period::financial_quarter(2023, 3).unwrap(), 33))
        );
    }

    #[test]
    fn a_missing_month_makes_its_quarter_incomplete_not_smaller() {
        let t = table(&[("2023-04", 5, 0), ("2023-06", 7, 1)]);
        let q = PeriodTable::from_months(&t, Granularity::Quarter);
        assert_eq!(q.rows.len(), 1);
        assert_eq!(q.rows[0].total, Some(13));
        assert!(!q.rows[0].is_complete());
        assert_eq!(q.totals(), [(q.rows[0].period, None)]);
        // Months stay as they are: the missing one is missing, not zero.
        let months = PeriodTable::from_months(&t, Granularity::Month);
        assert_eq!(months.rows.len(), 3);
        assert_eq!(months.rows[1].counts, None);
        assert_eq!(months.totals()[1].1, None);
        assert_eq!(months.totals()[2].1, Some(8));
    }

    #[test]
    fn nothing_in_gives_nothing_out() {
        let empty = PeriodTable::from_months(&CountTable::default(), Granularity::Quarter);
        assert!(empty.rows.is_empty());
        assert_eq!(latest_value(&empty.totals()), None);
    }

    proptest! {
        #[test]
        fn every_count_lands_in_exactly_one_period(
            months in proptest::collection::btree_map(0u16..60, (0u64..50, 0u64..50), 0..40),
            granularity in prop_oneof![Just(Granularity::Month), Just(Granularity::Quarter), Just(Granularity::FinancialYear)],
        ) {
            let names: Vec<(String, u64, u64)> = months
                .iter()
                .map(|(i, (a, b))| (format!("{}-{:02}", 2019 + i / 12, i % 12 + 1), *a, *b))
                .collect();
            let borrowed: Vec<(&str, u64, u64)> = names.iter().map(|(s, a, b)| (s.as_str(), *a, *b)).collect();
            let t = table(&borrowed);
            let p = PeriodTable::from_months(&t, granularity);
            let sum = |rows: &mut dyn Iterator<Item = Option<u64>>| rows.flatten().sum::<u64>();
            prop_assert_eq!(
                sum(&mut p.rows.iter().map(|r| r.total)),
                sum(&mut t.rows.iter().map(|r| r.total))
            );
            let with_data: u32 = p.rows.iter().map(|r| r.months_with_data).sum();
            prop_assert_eq!(with_data as usize, months.len());
            for r in &p.rows {
                prop_assert!(r.months_with_data <= r.months_in_period);
                if let (Some(c), Some(t)) = (&r.counts, r.total) {
                    prop_assert_eq!(c.iter().sum::<u64>(), t);
                }
            }
        }
    }
}
