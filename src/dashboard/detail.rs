//! One measure in detail: its headline, its values at the chosen granularity (partly covered
//! periods shown but marked), and its SPC chart's numbers over the complete periods.

use crate::model::{CountTable, Granularity, Period, PeriodTable};
use crate::stats::CannotCalculate;
use crate::stats::headline::{ALL_CATEGORIES, Headline, Polarity, Windows, headline_of};
use crate::stats::spc::{self, SpcOptions, SpcPoint, SpcSummary};

/// One period's value as the detail table shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailPeriod {
    pub period: Period,
    /// The sum of the months that have data; `None` when none has.
    pub value: Option<u64>,
    pub months_with_data: u32,
    pub months_in_period: u32,
}

impl DetailPeriod {
    pub fn is_complete(&self) -> bool {
        self.months_with_data == self.months_in_period
    }
}

/// The SPC chart's numbers, each point with its period.
#[derive(Debug, Clone, PartialEq)]
pub struct SpcTable {
    pub points: Vec<(Period, SpcPoint)>,
    pub summary: SpcSummary,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    pub measure: String,
    pub granularity: Granularity,
    pub polarity: Polarity,
    pub headline: Headline,
    pub periods: Vec<DetailPeriod>,
    /// Complete periods only, for charts: a partly covered period is a gap.
    pub series: Vec<(Period, Option<u64>)>,
    pub spc: Result<SpcTable, CannotCalculate>,
}

/// The detail of `measure` (a crime type, or all recorded crime); `None` when the data has no
/// such measure.
pub fn detail(
    months: &CountTable,
    periods: &PeriodTable,
    measure: &str,
    windows: Windows,
    polarity: Polarity,
) -> Option<Detail> {
    let headline = headline_of(months, measure, windows, polarity)?;
    let index = if measure == ALL_CATEGORIES {
        None
    } else {
        Some(periods.category_index(measure)?)
    };
    let table_periods = periods
        .rows
        .iter()
        .map(|r| DetailPeriod {
            period: r.period,
            value: match index {
                None => r.total,
                Some(i) => r.counts.as_ref().and_then(|c| c.get(i).copied()),
            },
            months_with_data: r.months_with_data,
            months_in_period: r.months_in_period,
        })
        .collect();
    let series = match index {
        None => periods.totals(),
        Some(i) => periods.series(i),
    };
    Some(Detail {
        measure: measure.to_owned(),
        granularity: periods.granularity,
        polarity,
        headline,
        periods: table_periods,
        spc: spc_table(&series, polarity),
        series,
    })
}

/// XmR over the periods that have a value; a gap is left out, never charted as zero.
fn spc_table(
    series: &[(Period, Option<u64>)],
    polarity: Polarity,
) -> Result<SpcTable, CannotCalculate> {
    let known: Vec<(Period, f64)> = series
        .iter()
        .filter_map(|(p, v)| v.map(|v| (*p, v as f64)))
        .collect();
    let values: Vec<f64> = known.iter().map(|(_, v)| *v).collect();
    let options = SpcOptions {
        improvement_direction: polarity.improvement_direction(),
        ..SpcOptions::default()
    };
    let chart = spc::xmr(&values, &options)?;
    Ok(SpcTable {
        points: known
            .into_iter()
            .map(|(p, _)| p)
            .zip(chart.points)
            .collect(),
        summary: chart.summary,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::model::{Granularity, Month, MonthlyCounts};
    use crate::stats::period_change::ComparisonKind;
    use crate::stats::spc::PointType;

    fn months(values: &[u64]) -> CountTable {
        let mut counts = MonthlyCounts::default();
        let mut month = Month::new(2022, 4).unwrap();
        for n in values {
            counts.cover(month);
            for _ in 0..*n {
                counts.add(month, "Burglary");
            }
            month = month.succ().unwrap();
        }
        CountTable::from_counts(&counts)
    }

    const WINDOWS: Windows = Windows::Relative(ComparisonKind::LatestMonthOnPreviousMonth);

    #[test]
    fn spc_runs_over_complete_periods_with_the_measures_polarity() {
        // Apr 2022 – Jul 2023: a steady rise, so the last point is a special cause.
        let values: Vec<u64> = (0..16).map(|i| 20 + 3 * i).collect();
        let t = months(&values);
        let q = PeriodTable::from_months(&t, Granularity::Quarter);
        let d = detail(&t, &q, "Burglary", WINDOWS, Polarity::LowerIsBetter).unwrap();
        // Five quarters complete, and Jul 2023 alone starts the sixth.
        assert_eq!(d.periods.len(), 6);
        assert!(!d.periods[5].is_complete());
        assert_eq!(d.periods[5].value, Some(20 + 3 * 15));
        let spc = d.spc.as_ref().unwrap();
        assert_eq!(spc.points.len(), 5);
        assert_eq!(spc.points[4].0.label(), "2023/24 Q1");
        assert_eq!(spc.points[0].1.y, (20 + 23 + 26) as f64);

        let m = PeriodTable::from_months(&t, Granularity::Month);
        let lower = detail(&t, &m, "Burglary", WINDOWS, Polarity::LowerIsBetter).unwrap();
        let higher = detail(&t, &m, "Burglary", WINDOWS, Polarity::HigherIsBetter).unwrap();
        let last = |d: &Detail| d.spc.as_ref().unwrap().summary.variation_type;
        assert_eq!(last(&lower), PointType::SpecialCauseConcern);
        assert_eq!(last(&higher), PointType::SpecialCauseImprovement);
        assert_eq!(lower.headline.category, "Burglary");
    }

    #[test]
    fn all_crime_and_unknown_measures() {
        let t = months(&[5, 6, 7]);
        let m = PeriodTable::from_months(&t, Granularity::Month);
        let all = detail(&t, &m, ALL_CATEGORIES, WINDOWS, Polarity::LowerIsBetter).unwrap();
        assert_eq!(
            all.series
                .iter()
                .map(|(_, v)| v.unwrap())
                .collect::<Vec<_>>(),
            [5, 6, 7]
        );
        assert!(detail(&t, &m, "Shoplifting", WINDOWS, Polarity::LowerIsBetter).is_none());
        // One complete financial year cannot be charted: SPC says why instead.
        let fy = PeriodTable::from_months(&t, Granularity::FinancialYear);
        let d = detail(&t, &fy, ALL_CATEGORIES, WINDOWS, Polarity::LowerIsBetter).unwrap();
        assert!(d.spc.is_err());
    }
}
