//! One measure in detail: its headline, its values at the chosen granularity (partly covered
//! periods shown but marked), its SPC chart's numbers over the complete periods, and the
//! SPC chart and year-on-year overlay drawn from them.

use crate::charts::{Chart, ChartError, Frame, SpcSpec, YearOnYear, spc_chart, year_on_year};
use crate::model::{CountTable, Granularity, Month, Period, PeriodTable};
use crate::stats::CannotCalculate;
use crate::stats::headline::{ALL_CATEGORIES, Headline, Polarity, Windows, headline_of};
use crate::stats::spc::{self, SpcChart, SpcOptions, SpcPoint, SpcSummary};

const SOURCE: &str = "police.uk street-level crime";

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
    /// The area the figures are for ("All areas" or one), for the charts' captions.
    pub area: String,
    pub granularity: Granularity,
    pub polarity: Polarity,
    pub headline: Headline,
    pub periods: Vec<DetailPeriod>,
    /// Complete periods only, for charts: a partly covered period is a gap.
    pub series: Vec<(Period, Option<u64>)>,
    /// Every month loaded (`None` where no file covers it), for the year-on-year overlay,
    /// which is always drawn by month whatever the granularity.
    pub monthly: Vec<(Month, Option<u64>)>,
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
    let monthly = if measure == ALL_CATEGORIES {
        months.totals()
    } else {
        let i = months.categories.iter().position(|c| c == measure)?;
        months.series(i)
    };
    Some(Detail {
        measure: measure.to_owned(),
        area: months.area_label().to_owned(),
        monthly,
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

/// The XmR chart of the complete periods, each point coloured and shaped by its special cause
/// as the measure's polarity reads it. Errors (in words) when SPC cannot be calculated.
pub fn spc_chart_of(d: &Detail, id: &str, size: (u32, u32)) -> Result<Chart, String> {
    let table = d
        .spc
        .as_ref()
        .map_err(|why| format!("the SPC chart {why}"))?;
    let chart = SpcChart {
        points: table.points.iter().map(|(_, p)| p.clone()).collect(),
        summary: table.summary.clone(),
    };
    let periods: Vec<Period> = table.points.iter().map(|(p, _)| *p).collect();
    let span = span_words(
        periods.first().map(|p| p.label()),
        periods.last().map(|p| p.label()),
    );
    let noun = d.granularity.noun();
    let spec = SpcSpec {
        frame: Frame::new(id, &format!("{} by {noun}: SPC chart", d.measure), size)
            .with_caption(SOURCE, &d.area, &span),
        periods,
        chart: &chart,
        y_title: format!("Crimes per {noun}"),
        decimals: 0,
        target: None,
    };
    spc_chart(&spec).map_err(|e| e.to_string())
}

/// The months overlaid year on year: calendar years when shown by month, April–March
/// financial years when shown by quarter or financial year (the years the user is reading).
pub fn year_on_year_of(d: &Detail, id: &str, size: (u32, u32)) -> Result<Chart, ChartError> {
    let financial = d.granularity != Granularity::Month;
    let years = if financial {
        "financial years"
    } else {
        "calendar years"
    };
    let span = span_words(
        d.monthly.first().map(|(m, _)| m.label()),
        d.monthly.last().map(|(m, _)| m.label()),
    );
    let frame = Frame::new(
        id,
        &format!("{} by month, {years} compared", d.measure),
        size,
    )
    .with_caption(SOURCE, &d.area, &span);
    year_on_year(&YearOnYear::from_counts(frame, &d.monthly, financial))
}

/// "Jan 2023 to Dec 2023", or the one period, or nothing.
fn span_words(first: Option<String>, last: Option<String>) -> String {
    match (first, last) {
        (Some(a), Some(b)) if a != b => format!("{a} to {b}"),
        (Some(a), _) => a,
        _ => String::new(),
    }
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
        assert_eq!(all.area, "All areas");
        // One complete financial year cannot be charted: SPC says why instead.
        let fy = PeriodTable::from_months(&t, Granularity::FinancialYear);
        let d = detail(&t, &fy, ALL_CATEGORIES, WINDOWS, Polarity::LowerIsBetter).unwrap();
        assert!(d.spc.is_err());
    }

    #[test]
    fn the_spc_chart_draws_the_tables_points_with_their_periods_and_says_why_when_it_cannot() {
        let values: Vec<u64> = (0..16).map(|i| 20 + 3 * i).collect();
        let t = months(&values);
        let m = PeriodTable::from_months(&t, Granularity::Month);
        let d = detail(&t, &m, "Burglary", WINDOWS, Polarity::LowerIsBetter).unwrap();
        let chart = spc_chart_of(&d, "chart-spc", (880, 360)).unwrap();
        assert_eq!(chart.id, "chart-spc");
        assert_eq!(chart.title, "Burglary by month: SPC chart");
        assert_eq!(
            chart.caption,
            "Source: police.uk street-level crime. Coverage: All areas. Period: Apr 2022 to Jul 2023."
        );
        // The chart's table is the SPC table's points, period by period.
        let spc = d.spc.as_ref().unwrap();
        assert_eq!(chart.table.rows.len(), spc.points.len());
        for (row, (period, point)) in chart.table.rows.iter().zip(&spc.points) {
            assert_eq!(row[0], crate::charts::Cell::Text(period.label()));
            assert_eq!(row[1], crate::charts::Cell::Number(point.y, 0));
        }
        // The rise ends in a special cause of concern, which the chart says in words.
        assert!(
            chart.summary.contains("Variation: special cause: concern"),
            "{}",
            chart.summary
        );

        let fy = PeriodTable::from_months(&t, Granularity::FinancialYear);
        let d = detail(&t, &fy, "Burglary", WINDOWS, Polarity::LowerIsBetter).unwrap();
        let why = spc_chart_of(&d, "chart-spc", (880, 360)).unwrap_err();
        assert!(
            why.starts_with("the SPC chart cannot be calculated"),
            "{why}"
        );
    }

    #[test]
    fn the_year_on_year_overlay_follows_the_granularity_and_keeps_missing_months_missing() {
        let mut counts = MonthlyCounts::default();
        // Jan 2023 – Jun 2024 with no file for Mar 2024.
        for (y, m, n) in [(2023, 1, 4), (2023, 6, 5), (2024, 2, 6), (2024, 4, 7)] {
            let month = Month::new(y, m).unwrap();
            counts.cover(month);
            for _ in 0..n {
                counts.add(month, "Robbery");
            }
        }
        let t = CountTable::from_counts(&counts);
        let by_month = PeriodTable::from_months(&t, Granularity::Month);
        let d = detail(&t, &by_month, "Robbery", WINDOWS, Polarity::LowerIsBetter).unwrap();
        assert_eq!(
            d.monthly.first(),
            Some(&(Month::new(2023, 1).unwrap(), Some(4)))
        );
        let missing = d
            .monthly
            .iter()
            .find(|(m, _)| *m == Month::new(2024, 3).unwrap())
            .unwrap();
        assert_eq!(missing.1, None);
        let calendar = year_on_year_of(&d, "chart-yoy", (880, 360)).unwrap();
        assert_eq!(calendar.title, "Robbery by month, calendar years compared");
        assert_eq!(calendar.table.columns, ["Month", "2023", "2024"]);

        let by_year = PeriodTable::from_months(&t, Granularity::FinancialYear);
        let d = detail(&t, &by_year, "Robbery", WINDOWS, Polarity::LowerIsBetter).unwrap();
        let financial = year_on_year_of(&d, "chart-yoy", (880, 360)).unwrap();
        assert_eq!(
            financial.table.columns,
            ["Month", "2022/23", "2023/24", "2024/25"]
        );
        // April heads a financial year's months.
        assert_eq!(
            financial.table.rows[0][0],
            crate::charts::Cell::Text("Apr".into())
        );
        assert!(
            financial.caption.ends_with("Period: Jan 2023 to Apr 2024."),
            "{}",
            financial.caption
        );
    }
}
