//! One measure in detail: its headline, its values at the chosen granularity (partly covered
//! periods shown but marked), its SPC chart's numbers over the complete periods, and the
//! SPC chart and year-on-year overlay drawn from them.

use crate::charts::{Chart, ChartError, Frame, SpcSpec, YearOnYear, spc_chart, year_on_year};
use crate::model::{CountTable, Granularity, Month, Period, PeriodTable};
use crate::stats::CannotCalculate;
use crate::stats::headline::point_words;
use crate::stats::headline::{ALL_CATEGORIES, Headline, Polarity, Windows, headline_of};
use crate::stats::spc::{
    self, PointType, SpcChart, SpcOptions, SpcPoint, SpcSummary, SpecialCauseType,
};

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
        frame: Frame::new(id, &spc_title(&d.measure, noun, table), size)
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
    // The title states the finding; which years are overlaid is said with the period.
    let frame = Frame::new(
        id,
        &year_on_year_title(&d.measure, &d.monthly, financial),
        size,
    )
    .with_caption(SOURCE, &d.area, &format!("{span}, {years} compared"));
    year_on_year(&YearOnYear::from_counts(frame, &d.monthly, financial))
}

/// Active titles state the finding in ten words or fewer (the government's guidance for
/// charts); a measure's name too long for that keeps the shortest wording.
const TITLE_WORDS: usize = 10;

fn first_short_enough(candidates: Vec<String>) -> String {
    let fits = |t: &String| t.split_whitespace().count() <= TITLE_WORDS;
    match candidates.iter().position(fits) {
        Some(i) => candidates.into_iter().nth(i).unwrap_or_default(),
        None => candidates.into_iter().last().unwrap_or_default(),
    }
}

/// What the SPC chart shows, in the headline table's words for variation ("Common cause
/// variation", "Special cause: concerning"): the signal at the latest point and how long it
/// has lasted, or how long there has been none. "Burglary: 7 months above the mean, a
/// concerning shift"; "Robbery: common cause variation since Apr 2023".
pub fn spc_title(measure: &str, noun: &str, table: &SpcTable) -> String {
    let Some((last_period, last)) = table.points.last() else {
        return format!("{measure}: SPC chart");
    };
    let rule = last.special_cause_type;
    if rule == SpecialCauseType::CommonCause {
        let since = table
            .points
            .iter()
            .rposition(|(_, p)| p.special_cause_type != SpecialCauseType::CommonCause)
            .map_or(0, |i| i + 1);
        let since = table.points.get(since).map_or(*last_period, |(p, _)| *p);
        let variation = point_words(PointType::CommonCause).to_lowercase();
        return format!("{measure}: {variation} since {}", since.label());
    }
    // The points the latest signal covers: the run it belongs to, counted back.
    let run = table
        .points
        .iter()
        .rev()
        .take_while(|(_, p)| p.special_cause_type == rule)
        .count();
    let nouns = if run == 1 {
        noun.to_owned()
    } else {
        format!("{noun}s")
    };
    // "concerning" or "improving", as the headline table says it; a neutral signal says
    // only which way it went.
    let judged = match last.point_type {
        PointType::SpecialCauseImprovement | PointType::SpecialCauseConcern => {
            point_words(last.point_type).strip_prefix("Special cause: ")
        }
        _ => None,
    };
    let (found, kind) = match rule {
        SpecialCauseType::SevenAbove => (format!("{run} {nouns} above the mean"), "shift"),
        SpecialCauseType::SevenBelow => (format!("{run} {nouns} below the mean"), "shift"),
        SpecialCauseType::TrendIncreasing => (format!("rising {run} {nouns} running"), "trend"),
        SpecialCauseType::TrendDecreasing => (format!("falling {run} {nouns} running"), "trend"),
        SpecialCauseType::AboveUcl => (
            format!("{} above the upper process limit", last_period.label()),
            "",
        ),
        SpecialCauseType::BelowLcl => (
            format!("{} below the lower process limit", last_period.label()),
            "",
        ),
        SpecialCauseType::TwoInThreeAbove => (close_to_limit(table, run, &nouns, "upper"), ""),
        SpecialCauseType::TwoInThreeBelow => (close_to_limit(table, run, &nouns, "lower"), ""),
        SpecialCauseType::CommonCause => (String::new(), ""),
    };
    let article = |word: &str| if word.starts_with('i') { "an" } else { "a" };
    let mut candidates = Vec::new();
    match (judged, kind) {
        (Some(judged), "") => candidates.push(format!("{measure}: {found}, {judged}")),
        (Some(judged), kind) => {
            candidates.push(format!(
                "{measure}: {found}, {} {judged} {kind}",
                article(judged)
            ));
            candidates.push(format!("{measure}: {found}, {judged}"));
        }
        (None, "") => {}
        (None, kind) => candidates.push(format!("{measure}: {found}, a {kind}")),
    }
    candidates.push(format!("{measure}: {found}"));
    first_short_enough(candidates)
}

/// "last 3 months near the upper limit", or "2 of the last 3 …" when a point the rule
/// flags with its neighbours is not itself close (beyond two-thirds of the way to the limit).
fn close_to_limit(table: &SpcTable, run: usize, nouns: &str, limit: &str) -> String {
    let close = table
        .points
        .iter()
        .rev()
        .take(run)
        .filter(|(_, p)| p.close_to_limits || p.outside_limits)
        .count();
    if close == run {
        format!("last {run} {nouns} near the {limit} limit")
    } else {
        format!("{close} of the last {run} {nouns} near the {limit} limit")
    }
}

/// What the year-on-year overlay shows: in how many of the latest year's months the count
/// was lower (or higher) than in the same month a year before, over the months both years
/// have. "Burglary lower than last year in 8 of 10 months". `financial`: the latest year
/// runs April to March. Counts and rates alike: the rates' title can differ from the counts'
/// when the population changed.
pub fn year_on_year_title<V: Copy + PartialOrd>(
    measure: &str,
    monthly: &[(Month, Option<V>)],
    financial: bool,
) -> String {
    let year_of = |m: Month| {
        if financial && m.month() < 4 {
            m.year().saturating_sub(1)
        } else {
            m.year()
        }
    };
    let known = |month: Month| {
        monthly
            .iter()
            .find(|(m, _)| *m == month)
            .and_then(|(_, v)| *v)
    };
    let Some(latest) = monthly
        .iter()
        .rev()
        .find(|(_, v)| v.is_some())
        .map(|(m, _)| year_of(*m))
    else {
        return format!("{measure}: no months with data");
    };
    // (month, this year's figure, last year's) for the latest year's months both years have.
    let pairs: Vec<(Month, V, V)> = monthly
        .iter()
        .filter(|(m, _)| year_of(*m) == latest)
        .filter_map(|(m, v)| {
            let before = Month::new(m.year().checked_sub(1)?, m.month())?;
            Some((*m, (*v)?, known(before)?))
        })
        .collect();
    let lower = pairs.iter().filter(|(_, now, then)| now < then).count();
    let higher = pairs.iter().filter(|(_, now, then)| now > then).count();
    let n = pairs.len();
    let months = if n == 1 { "month" } else { "months" };
    match pairs.as_slice() {
        [] => format!("{measure}: no months to compare with the year before"),
        [(month, _, _)] if lower + higher == 1 => format!(
            "{measure} {} than last year in {}",
            if lower == 1 { "lower" } else { "higher" },
            month.label()
        ),
        _ if lower > higher => format!("{measure} lower than last year in {lower} of {n} {months}"),
        _ if higher > lower => {
            format!("{measure} higher than last year in {higher} of {n} {months}")
        }
        _ => format!("{measure}: {higher} of {n} {months} up on last year, {lower} down"),
    }
}

/// "Jan 2023 to Dec 2023", or the one period, or nothing.
pub(crate) fn span_words(first: Option<String>, last: Option<String>) -> String {
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
        // 20, 23, …, 65: mean 42.5, every moving range 3, so the upper limit is
        // 42.5 + 2.66 × 3 = 50.48 and Jul 2023's 65 is above it, which outranks the trend.
        assert_eq!(
            chart.title,
            "Burglary: Jul 2023 above the upper process limit, concerning"
        );
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
        // 2024's months with data are Feb and Apr; no file covers Feb or Apr 2023.
        assert_eq!(
            calendar.title,
            "Robbery: no months to compare with the year before"
        );
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
            financial
                .caption
                .ends_with("Period: Jan 2023 to Apr 2024, financial years compared."),
            "{}",
            financial.caption
        );
    }

    fn spc_title_of(values: &[u64], polarity: Polarity) -> String {
        let t = months(values);
        let m = PeriodTable::from_months(&t, Granularity::Month);
        let d = detail(&t, &m, "Burglary", WINDOWS, polarity).unwrap();
        spc_title("Burglary", "month", d.spc.as_ref().unwrap())
    }

    #[test]
    fn spc_titles_state_the_signal_and_how_long_it_has_lasted() {
        // 10–13 alternating about the mean of 11.5: no run, no trend, nothing near the
        // limits (11.5 ± 2.66 × 1.91), so no special cause since the first month, Apr 2022.
        let flat = [10, 12, 11, 13, 10, 12, 11, 13, 10, 12, 11, 13];
        assert_eq!(
            spc_title_of(&flat, Polarity::LowerIsBetter),
            "Burglary: common cause variation since Apr 2022"
        );
        // The same twelve months, then eight a step higher (14–17): the mean is 13.1 and the
        // limits about 13.1 ± 4.5, so nothing is outside them or two-in-three near them, and
        // the last eight months are all above the mean: a shift, bad news for crime.
        let shifted: Vec<u64> = flat
            .iter()
            .copied()
            .chain([14, 16, 15, 17, 14, 16, 15, 17])
            .collect();
        assert_eq!(
            spc_title_of(&shifted, Polarity::LowerIsBetter),
            "Burglary: 8 months above the mean, a concerning shift"
        );
        assert_eq!(
            spc_title_of(&shifted, Polarity::HigherIsBetter),
            "Burglary: 8 months above the mean, an improving shift"
        );
        assert_eq!(
            spc_title_of(&shifted, Polarity::NoJudgement),
            "Burglary: 8 months above the mean, a shift"
        );
        // After the shift, a month back at 11: the signal has gone, common cause since.
        let back: Vec<u64> = shifted.iter().copied().chain([11]).collect();
        assert_eq!(
            spc_title_of(&back, Polarity::LowerIsBetter),
            "Burglary: common cause variation since Dec 2023"
        );
        // Then two months at 16: mean 12.14, mean moving range 1.85, so the upper limit is
        // 17.05 and two-thirds of the way to it 15.42; both 16s are close to it, not over it.
        let close: Vec<u64> = flat.iter().copied().chain([16, 16]).collect();
        assert_eq!(
            spc_title_of(&close, Polarity::LowerIsBetter),
            "Burglary: last 2 months near the upper limit, concerning"
        );
        for title in [
            spc_title_of(&close, Polarity::LowerIsBetter),
            spc_title_of(&flat, Polarity::LowerIsBetter),
            spc_title_of(&shifted, Polarity::LowerIsBetter),
        ] {
            assert!(title.split_whitespace().count() <= 10, "{title}");
        }
    }

    /// Jan 2022 to Oct 2023, each 2023 month set against its 2022 month.
    fn two_years(last_year: [u64; 12], this_year: &[u64]) -> Vec<(Month, Option<u64>)> {
        let mut series: Vec<(Month, Option<u64>)> = (1..=12)
            .map(|m| {
                (
                    Month::new(2022, m).unwrap(),
                    Some(last_year[usize::from(m) - 1]),
                )
            })
            .collect();
        series.extend(
            this_year
                .iter()
                .zip(1..)
                .map(|(v, m)| (Month::new(2023, m).unwrap(), Some(*v))),
        );
        series
    }

    #[test]
    fn year_on_year_titles_count_the_months_lower_or_higher_than_a_year_before() {
        let last = [50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50];
        // Jan–Oct 2023: eight below 50, two above.
        let series = two_years(last, &[40, 45, 60, 41, 42, 55, 43, 44, 46, 47]);
        assert_eq!(
            year_on_year_title("Burglary", &series, false),
            "Burglary lower than last year in 8 of 10 months"
        );
        let series = two_years(last, &[60, 45, 60, 61, 42, 55, 43, 64, 66, 67]);
        assert_eq!(
            year_on_year_title("Burglary", &series, false),
            "Burglary higher than last year in 7 of 10 months"
        );
        // A tie says both; an unchanged month counts for neither.
        let series = two_years(last, &[60, 40, 50]);
        assert_eq!(
            year_on_year_title("Burglary", &series, false),
            "Burglary: 1 of 3 months up on last year, 1 down"
        );
        // April to March: the financial year 2023/24 has Apr–Oct 2023 (seven months), of
        // which Apr, May, Jul, Aug, Sep and Oct (six) are below 50.
        let series = two_years(last, &[40, 45, 60, 41, 42, 55, 43, 44, 46, 47]);
        assert_eq!(
            year_on_year_title("Burglary", &series, true),
            "Burglary lower than last year in 6 of 7 months"
        );
        // One month to compare is named; one year alone has nothing to compare with.
        let series = two_years(last, &[40]);
        assert_eq!(
            year_on_year_title("Burglary", &series, false),
            "Burglary lower than last year in Jan 2023"
        );
        assert_eq!(
            year_on_year_title("Burglary", &series[..12], false),
            "Burglary: no months to compare with the year before"
        );
    }
}
