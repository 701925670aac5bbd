//! The overview's headline table: one row per crime type with its latest value at the chosen
//! granularity and its monthly trend, in the order the user asked for; and the change bars
//! drawn from the same rows.

use std::cmp::Ordering;

use crate::charts::{ChangeBars, Chart, ChartError, Frame, change_bars, sparkline};
use crate::model::{CountTable, Month, Period, PeriodTable, latest_value};
use crate::stats::headline::{ALL_CATEGORIES, Headline, Polarity, Windows, headlines_for};
use crate::stats::spc::PointType;
use crate::stats::two_period::Change;
use crate::view_state::{SortColumn, SortOrder};

#[derive(Debug, Clone, PartialEq)]
pub struct OverviewRow {
    pub headline: Headline,
    /// The latest complete period at the chosen granularity, and its count.
    pub latest: Option<(Period, u64)>,
    /// Every month loaded (`None` where no file covers it): the row's sparkline. Monthly
    /// whatever the granularity, as the headline's statistics are.
    pub trend: Vec<(Month, Option<u64>)>,
}

/// The rows the overview shows: all recorded crime, then each crime type in the data's order,
/// each with its own polarity. Sorting is separate ([`sort_rows`]) so that a new order never
/// recomputes a statistic.
pub fn overview_rows(
    months: &CountTable,
    periods: &PeriodTable,
    windows: Windows,
    polarity: impl Fn(&str) -> Polarity,
) -> Vec<OverviewRow> {
    headlines_for(months, windows, polarity)
        .into_iter()
        .map(|headline| {
            let series = if headline.category == ALL_CATEGORIES {
                periods.totals()
            } else {
                periods
                    .category_index(&headline.category)
                    .map(|i| periods.series(i))
                    .unwrap_or_default()
            };
            let trend = if headline.category == ALL_CATEGORIES {
                months.totals()
            } else {
                months
                    .categories
                    .iter()
                    .position(|c| *c == headline.category)
                    .map(|i| months.series(i))
                    .unwrap_or_default()
            };
            OverviewRow {
                latest: latest_value(&series),
                trend,
                headline,
            }
        })
        .collect()
}

/// The change on the comparison window for every row, in the rows' order (so sorting the
/// table sorts the bars), significant changes filled and starred.
pub fn change_bars_of(
    rows: &[OverviewRow],
    area: &str,
    id: &str,
    size: (u32, u32),
) -> Result<Chart, ChartError> {
    let headlines: Vec<_> = rows.iter().map(|r| r.headline.clone()).collect();
    let frame = Frame::new(id, "Change by crime type", size);
    let mut spec = ChangeBars::from_headlines(frame, &headlines);
    spec.frame = spec.frame.with_caption(
        "police.uk street-level crime",
        area,
        &spec.comparison.clone(),
    );
    change_bars(&spec)
}

/// A row's sparkline: its months, drawn small, named "…, monthly trend" and described in a
/// sentence (latest, highest, lowest, months with no data) that the row's cells do not say.
pub fn sparkline_of(row: &OverviewRow, id: &str) -> Result<Chart, ChartError> {
    sparkline(id, &row.headline.category, &row.trend, SPARKLINE_SIZE)
}

pub const SPARKLINE_SIZE: (u32, u32) = (120, 28);

/// Sorts by one column. All recorded crime stays first (it sums the rows below it), rows
/// without a figure in that column go last whichever the order, and ties keep the data's order.
pub fn sort_rows(rows: &mut [OverviewRow], column: SortColumn, order: SortOrder) {
    rows.sort_by(|a, b| {
        let pinned = |r: &OverviewRow| r.headline.category != ALL_CATEGORIES;
        pinned(a).cmp(&pinned(b)).then_with(|| {
            let ordering = match column {
                SortColumn::CrimeType => Some(
                    a.headline
                        .category
                        .to_lowercase()
                        .cmp(&b.headline.category.to_lowercase()),
                ),
                _ => match (number(a, column), number(b, column)) {
                    (Some(x), Some(y)) => Some(x.total_cmp(&y)),
                    (Some(_), None) => return Ordering::Less,
                    (None, Some(_)) => return Ordering::Greater,
                    (None, None) => None,
                },
            };
            let ordering = ordering.unwrap_or(Ordering::Equal);
            match order {
                SortOrder::Ascending => ordering,
                SortOrder::Descending => ordering.reverse(),
            }
        })
    });
}

/// The figure a numeric column sorts by; `None` when the row has none.
fn number(row: &OverviewRow, column: SortColumn) -> Option<f64> {
    let h = &row.headline;
    match column {
        SortColumn::CrimeType => None,
        SortColumn::Latest => row.latest.map(|(_, v)| v as f64),
        // A rise from none is larger than any percentage.
        SortColumn::Change => h.comparison.as_ref().ok().map(|c| match c.change {
            Change::Percent(p) => p,
            Change::New => f64::INFINITY,
            Change::NoEvents => 0.0,
        }),
        // Smallest p first when ascending: the strongest evidence of a change.
        SortColumn::Significance => h
            .comparison
            .as_ref()
            .ok()
            .and_then(|c| c.test.test.as_ref())
            .map(|t| t.p_value),
        SortColumn::Direction => h.direction.as_ref().ok().map(|d| d.slope_per_month),
        // Concerning first when ascending: what a board needs to see first.
        SortColumn::Variation => h.variation.as_ref().ok().map(|v| match v.point_type {
            PointType::SpecialCauseConcern => 0.0,
            PointType::SpecialCauseNeutralHigh => 1.0,
            PointType::SpecialCauseNeutralLow => 2.0,
            PointType::CommonCause => 3.0,
            PointType::SpecialCauseImprovement => 4.0,
        }),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::model::{Granularity, Month, MonthlyCounts};
    use crate::stats::period_change::ComparisonKind;
    use crate::view_state::ViewState;

    /// Jan–Dec 2023: Burglary steady, Robbery doubling in December, Drugs halving.
    fn months() -> CountTable {
        let mut counts = MonthlyCounts::default();
        for i in 1..=12u8 {
            let month = Month::new(2023, i).unwrap();
            let december = i == 12;
            for (name, n) in [
                ("Burglary", 40),
                ("Robbery", if december { 60 } else { 30 }),
                ("Drugs", if december { 10 } else { 20 }),
            ] {
                for _ in 0..n {
                    counts.add(month, name);
                }
            }
        }
        CountTable::from_counts(&counts)
    }

    fn names(rows: &[OverviewRow]) -> Vec<&str> {
        rows.iter().map(|r| r.headline.category.as_str()).collect()
    }

    fn rows(state: &ViewState, granularity: Granularity) -> Vec<OverviewRow> {
        let t = months();
        let p = PeriodTable::from_months(&t, granularity);
        let windows = Windows::Relative(ComparisonKind::LatestMonthOnPreviousMonth);
        let mut rows = overview_rows(&t, &p, windows, |m| state.polarity_of(m));
        if let Some((column, order)) = state.sort {
            sort_rows(&mut rows, column, order);
        }
        rows
    }

    #[test]
    fn sorting_by_change_keeps_the_total_first_and_orders_the_rest() {
        let mut state = ViewState::default();
        assert_eq!(
            names(&rows(&state, Granularity::Month)),
            [ALL_CATEGORIES, "Burglary", "Drugs", "Robbery"]
        );
        state.sort = Some((SortColumn::Change, SortOrder::Descending));
        assert_eq!(
            names(&rows(&state, Granularity::Month)),
            [ALL_CATEGORIES, "Robbery", "Burglary", "Drugs"]
        );
        state.sort = Some((SortColumn::Change, SortOrder::Ascending));
        assert_eq!(
            names(&rows(&state, Granularity::Month)),
            [ALL_CATEGORIES, "Drugs", "Burglary", "Robbery"]
        );
        state.sort = Some((SortColumn::CrimeType, SortOrder::Descending));
        assert_eq!(
            names(&rows(&state, Granularity::Month)),
            [ALL_CATEGORIES, "Robbery", "Drugs", "Burglary"]
        );
        // Strongest evidence first: Robbery doubled, Drugs halved on small numbers, Burglary held.
        state.sort = Some((SortColumn::Significance, SortOrder::Ascending));
        assert_eq!(
            names(&rows(&state, Granularity::Month)),
            [ALL_CATEGORIES, "Robbery", "Drugs", "Burglary"]
        );
    }

    #[test]
    fn rows_without_the_figure_sort_last_either_way() {
        let state = ViewState::default();
        let t = months();
        let p = PeriodTable::from_months(&t, Granularity::FinancialYear);
        // A year-on-year comparison twelve months cannot support: no row has a change.
        let windows = Windows::Relative(ComparisonKind::LatestMonthOnSameMonthLastYear);
        let mut rows = overview_rows(&t, &p, windows, |m| state.polarity_of(m));
        assert!(rows.iter().all(|r| r.headline.comparison.is_err()));
        // Drugs alone gets a latest value, so it leads whichever way the column is sorted.
        rows[2].latest = Some((p.rows[0].period, 1));
        for order in [SortOrder::Ascending, SortOrder::Descending] {
            sort_rows(&mut rows, SortColumn::Latest, order);
            assert_eq!(names(&rows)[..2], [ALL_CATEGORIES, "Drugs"]);
        }
        sort_rows(&mut rows, SortColumn::Change, SortOrder::Descending);
        assert_eq!(rows[0].headline.category, ALL_CATEGORIES);
    }

    #[test]
    fn the_latest_value_follows_the_granularity_and_polarity_the_wording() {
        let mut state = ViewState::default();
        let by_quarter = rows(&state, Granularity::Quarter);
        let (period, value) = by_quarter[0].latest.unwrap();
        assert_eq!(period.label(), "2023/24 Q3");
        assert_eq!(value, 90 + 90 + 110);
        // Neither financial year is complete, so there is no latest one to show.
        assert_eq!(rows(&state, Granularity::FinancialYear)[0].latest, None);

        let robbery = |rows: Vec<OverviewRow>| {
            rows.into_iter()
                .find(|r| r.headline.category == "Robbery")
                .unwrap()
        };
        assert!(
            robbery(rows(&state, Granularity::Month))
                .headline
                .narrative
                .ends_with("a worsening (lower is better).")
        );
        state.set_polarity("Robbery", Polarity::HigherIsBetter);
        assert!(
            robbery(rows(&state, Granularity::Month))
                .headline
                .narrative
                .ends_with("an improvement (higher is better).")
        );
    }

    #[test]
    fn every_row_has_its_monthly_trend_and_a_bar_in_the_tables_order() {
        let state = ViewState::default();
        let mut rows = rows(&state, Granularity::Quarter);
        let robbery = rows
            .iter()
            .find(|r| r.headline.category == "Robbery")
            .unwrap();
        assert_eq!(robbery.trend.len(), 12);
        assert_eq!(robbery.trend[11], (Month::new(2023, 12).unwrap(), Some(60)));
        assert_eq!(rows[0].trend[0].1, Some(40 + 30 + 20));
        let line = sparkline_of(robbery, "spark-2").unwrap();
        assert_eq!(line.title, "Robbery, monthly trend");
        assert_eq!(line.table.rows.len(), 12);

        sort_rows(&mut rows, SortColumn::Change, SortOrder::Descending);
        let bars = change_bars_of(&rows, "All areas", "chart-change", (880, 300)).unwrap();
        let order: Vec<String> = bars.table.rows.iter().map(|r| r[0].display()).collect();
        assert_eq!(order, [ALL_CATEGORIES, "Robbery", "Burglary", "Drugs"]);
        assert_eq!(bars.title, "Change by crime type");
        assert!(
            bars.caption.starts_with("Source: police.uk street-level crime. Coverage: All areas. Period: Dec 2023 compared with Nov 2023"),
            "{}",
            bars.caption
        );
        // Robbery doubled (30 → 60): significant, so starred in the picture.
        assert!(bars.svg.contains("+100.0% *"), "{}", bars.svg);
    }
}
