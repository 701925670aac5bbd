//! The headline for each crime type: latest month, change on a comparison window with its
//! significance, direction over time, SPC variation, and the sentence that says it.

use super::CannotCalculate;
use super::mann_kendall::{self, MONTHLY_PERIOD, Trend};
use super::narrative::{change_sentence, unavailable_sentence};
use super::period_change::{self, ComparisonKind, PeriodComparison, Window};
use super::spc::{self, ImprovementDirection, PointType, SpcOptions};
use super::two_period::TestOptions;
use crate::model::{CountTable, Month};

/// Whether a rise is good news. Crime counts: lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Polarity {
    #[default]
    LowerIsBetter,
    HigherIsBetter,
    NoJudgement,
}

impl Polarity {
    pub const ALL: [Polarity; 3] = [
        Polarity::LowerIsBetter,
        Polarity::HigherIsBetter,
        Polarity::NoJudgement,
    ];

    /// The choice as a person reads it.
    pub fn words(self) -> &'static str {
        match self {
            Polarity::LowerIsBetter => "Lower is better",
            Polarity::HigherIsBetter => "Higher is better",
            Polarity::NoJudgement => "No judgement",
        }
    }

    /// Which way SPC counts as improvement.
    pub fn improvement_direction(self) -> ImprovementDirection {
        match self {
            Polarity::LowerIsBetter => ImprovementDirection::Decrease,
            Polarity::HigherIsBetter => ImprovementDirection::Increase,
            Polarity::NoJudgement => ImprovementDirection::Neutral,
        }
    }
}

/// The two windows a headline compares: worked out from the latest month, or chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Windows {
    Relative(ComparisonKind),
    Chosen { current: Window, baseline: Window },
}

impl Windows {
    /// What is being compared, for captions.
    pub fn title(self) -> String {
        match self {
            Windows::Relative(kind) => kind.title().to_owned(),
            Windows::Chosen { current, baseline } => {
                format!("{} vs {}", current.label(), baseline.label())
            }
        }
    }

    pub fn compare(
        self,
        series: &[(Month, Option<u64>)],
    ) -> Result<PeriodComparison, super::CannotCalculate> {
        match self {
            Windows::Relative(kind) => period_change::compare(series, kind),
            Windows::Chosen { current, baseline } => period_change::compare_windows(
                series,
                ComparisonKind::Custom,
                current,
                baseline,
                TestOptions::default(),
            ),
        }
    }

    fn kind(self) -> ComparisonKind {
        match self {
            Windows::Relative(kind) => kind,
            Windows::Chosen { .. } => ComparisonKind::Custom,
        }
    }
}

/// Direction over time by Mann–Kendall (seasonal once there are two years of months).
#[derive(Debug, Clone, PartialEq)]
pub struct Direction {
    pub trend: Trend,
    pub p_value: f64,
    /// Sen's slope: the typical change per month.
    pub slope_per_month: f64,
    pub seasonal: bool,
}

impl Direction {
    pub fn words(&self) -> String {
        let what = match self.trend {
            Trend::Increasing => "Rising",
            Trend::Decreasing => "Falling",
            Trend::NoTrend => "No clear trend",
        };
        format!("{what} ({})", p_words(self.p_value))
    }
}

/// The Making Data Count variation icon for the latest month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variation {
    pub point_type: PointType,
    /// Fewer than 12 points: the limits are not yet reliable.
    pub few_points: bool,
}

impl Variation {
    pub fn words(self) -> &'static str {
        point_words(self.point_type)
    }
}

/// A Making Data Count point type in words (the icon's meaning, not its colour).
pub fn point_words(point_type: PointType) -> &'static str {
    match point_type {
        PointType::CommonCause => "Common cause variation",
        PointType::SpecialCauseImprovement => "Special cause: improving",
        PointType::SpecialCauseConcern => "Special cause: concerning",
        PointType::SpecialCauseNeutralHigh => "Special cause: higher",
        PointType::SpecialCauseNeutralLow => "Special cause: lower",
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    pub category: String,
    pub polarity: Polarity,
    pub latest: Option<(Month, u64)>,
    pub comparison: Result<PeriodComparison, CannotCalculate>,
    pub direction: Result<Direction, CannotCalculate>,
    pub variation: Result<Variation, CannotCalculate>,
    pub narrative: String,
}

/// The label of the all-crime row, which comes first.
pub const ALL_CATEGORIES: &str = "All recorded crime";

// Board reports prefer the financial year to date; when the data cannot support it, the
// next most comparable window is used, down to month on month.
const PREFERENCE: [ComparisonKind; 5] = [
    ComparisonKind::FinancialYearToDate,
    ComparisonKind::LatestMonthOnSameMonthLastYear,
    ComparisonKind::Rolling12Months,
    ComparisonKind::LatestQuarterOnSameQuarterLastYear,
    ComparisonKind::LatestMonthOnPreviousMonth,
];

/// The first comparison, in board-report order of preference, that the totals support.
pub fn default_comparison(table: &CountTable) -> ComparisonKind {
    let totals = table.totals();
    PREFERENCE
        .into_iter()
        .find(|kind| period_change::compare(&totals, *kind).is_ok())
        .unwrap_or(ComparisonKind::LatestMonthOnPreviousMonth)
}

/// One headline for all crime, then one per category in the table's order, all with the
/// same polarity.
pub fn headlines(table: &CountTable, kind: ComparisonKind, polarity: Polarity) -> Vec<Headline> {
    headlines_for(table, Windows::Relative(kind), |_| polarity)
}

/// One headline for all crime, then one per category in the table's order, each with its own
/// polarity (looked up by category name).
pub fn headlines_for(
    table: &CountTable,
    windows: Windows,
    polarity: impl Fn(&str) -> Polarity,
) -> Vec<Headline> {
    let all = std::iter::once((ALL_CATEGORIES.to_owned(), table.totals()));
    let each = table
        .categories
        .iter()
        .enumerate()
        .map(|(i, name)| (name.clone(), table.series(i)));
    all.chain(each)
        .map(|(category, series)| {
            let p = polarity(&category);
            headline(category, &series, windows, p)
        })
        .collect()
}

/// The headline for one category (or [`ALL_CATEGORIES`]); `None` when the table has no such
/// category.
pub fn headline_of(
    table: &CountTable,
    category: &str,
    windows: Windows,
    polarity: Polarity,
) -> Option<Headline> {
    let series = if category == ALL_CATEGORIES {
        table.totals()
    } else {
        table.series(table.categories.iter().position(|c| c == category)?)
    };
    Some(headline(category.to_owned(), &series, windows, polarity))
}

fn headline(
    category: String,
    series: &[(Month, Option<u64>)],
    windows: Windows,
    polarity: Polarity,
) -> Headline {
    let latest = series.last().and_then(|(m, v)| v.map(|v| (*m, v)));
    let comparison = windows.compare(series);
    let narrative = match &comparison {
        Ok(c) => change_sentence(&category, c, polarity),
        Err(why) => unavailable_sentence(&category, windows.kind(), why),
    };
    Headline {
        latest,
        comparison,
        direction: direction(series),
        variation: variation(series, polarity),
        narrative,
        category,
        polarity,
    }
}

fn direction(series: &[(Month, Option<u64>)]) -> Result<Direction, CannotCalculate> {
    let values: Vec<Option<f64>> = series.iter().map(|(_, v)| v.map(|v| v as f64)).collect();
    // The seasonal test needs at least two of each calendar month to compare.
    let seasonal = values.len() >= 2 * MONTHLY_PERIOD;
    let result = if seasonal {
        mann_kendall::seasonal_test(&values, MONTHLY_PERIOD, mann_kendall::DEFAULT_ALPHA)?
    } else {
        mann_kendall::original_test(&values, mann_kendall::DEFAULT_ALPHA)?
    };
    // The seasonal Sen's slope is per year (per cycle of seasons); a report wants per month.
    let slope_per_month = if seasonal {
        result.slope / MONTHLY_PERIOD as f64
    } else {
        result.slope
    };
    Ok(Direction {
        trend: result.trend,
        p_value: result.p,
        slope_per_month,
        seasonal,
    })
}

fn variation(
    series: &[(Month, Option<u64>)],
    polarity: Polarity,
) -> Result<Variation, CannotCalculate> {
    // XmR charts plot the months there are; a missing month is left out, not made zero.
    let values: Vec<f64> = series
        .iter()
        .filter_map(|(_, v)| v.map(|v| v as f64))
        .collect();
    let options = SpcOptions {
        improvement_direction: polarity.improvement_direction(),
        ..SpcOptions::default()
    };
    let chart = spc::xmr(&values, &options)?;
    Ok(Variation {
        point_type: chart.summary.variation_type,
        few_points: chart.summary.short_group_warning,
    })
}

/// A p-value as a report writes it: "p < 0.001" rather than a string of zeros.
pub fn p_words(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".to_owned()
    } else {
        format!("p = {p:.3}")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::model::MonthlyCounts;

    /// A table with one category whose monthly counts are given from `first`.
    fn table(first: &str, counts: &[u64]) -> CountTable {
        let mut monthly = MonthlyCounts::default();
        let mut month = Month::parse_iso(first).unwrap();
        for &n in counts {
            monthly.cover(month);
            for _ in 0..n {
                monthly.add(month, "Violence and sexual offences");
            }
            month = month.succ().unwrap();
        }
        CountTable::from_counts(&monthly)
    }

    /// Splits `total` over `months` months as evenly as whole numbers allow.
    fn spread(total: u64, months: u64) -> Vec<u64> {
        (0..months)
            .map(|i| total / months + u64::from(i < total % months))
            .collect()
    }

    #[test]
    fn the_board_report_sentence_for_a_significant_rise() {
        // Apr 2022 – Jan 2023: 1,000; Feb – Mar 2023: 100 each; Apr 2023 – Jan 2024: 1,204.
        let mut counts = spread(1_000, 10);
        counts.extend([100, 100]);
        counts.extend(spread(1_204, 10));
        let t = table("2022-04", &counts);
        assert_eq!(default_comparison(&t), ComparisonKind::FinancialYearToDate);
        let h = headlines(
            &t,
            ComparisonKind::FinancialYearToDate,
            Polarity::LowerIsBetter,
        );
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].category, ALL_CATEGORIES);
        assert_eq!(
            h[1].narrative,
            "Violence and sexual offences: 1,204 in Apr 2023 – Jan 2024, up 20.4% (+204) on the same \
             months a year earlier (Apr 2022 – Jan 2023); the rise is statistically significant, \
             a worsening (lower is better)."
        );
        assert_eq!(
            h[1].latest,
            Some((Month::parse_iso("2024-01").unwrap(), 120))
        );
    }

    #[test]
    fn no_significant_change_is_said_plainly_and_small_numbers_are_flagged() {
        let t = table("2023-01", &[24, 15]);
        let h = headlines(
            &t,
            ComparisonKind::LatestMonthOnPreviousMonth,
            Polarity::LowerIsBetter,
        );
        assert_eq!(
            h[1].narrative,
            "Violence and sexual offences: 15 in Feb 2023, down 37.5% (-9) on Jan 2023; this is not \
             a statistically significant change."
        );
        let t = table("2023-01", &[4, 7]);
        let h = headlines(
            &t,
            ComparisonKind::LatestMonthOnPreviousMonth,
            Polarity::LowerIsBetter,
        );
        assert!(
            h[1].narrative
                .ends_with("(small numbers: treat with caution)."),
            "{}",
            h[1].narrative
        );
        let t = table("2023-01", &[0, 7]);
        let h = headlines(
            &t,
            ComparisonKind::LatestMonthOnPreviousMonth,
            Polarity::LowerIsBetter,
        );
        assert!(
            h[1].narrative.starts_with(
                "Violence and sexual offences: 7 in Feb 2023, against none in Jan 2023"
            ),
            "{}",
            h[1].narrative
        );
    }

    #[test]
    fn short_history_falls_back_and_explains_what_is_missing() {
        let t = table("2023-01", &spread(9_000, 12));
        assert_eq!(
            default_comparison(&t),
            ComparisonKind::LatestMonthOnPreviousMonth
        );
        let h = headlines(
            &t,
            ComparisonKind::FinancialYearToDate,
            Polarity::LowerIsBetter,
        );
        assert!(h[0].comparison.is_err());
        assert!(h[0].narrative.starts_with("All recorded crime: the financial year to date vs same period last year cannot be calculated, because"), "{}", h[0].narrative);
    }

    #[test]
    fn direction_and_variation_follow_the_data_and_polarity() {
        let rising: Vec<u64> = (0..24).map(|i| 100 + 10 * i).collect();
        let t = table("2022-01", &rising);
        let h = headlines(&t, ComparisonKind::Rolling12Months, Polarity::LowerIsBetter);
        let d = h[1].direction.as_ref().unwrap();
        assert_eq!(d.trend, Trend::Increasing);
        assert!(d.seasonal);
        assert!((d.slope_per_month - 10.0).abs() < 1e-9);
        assert!(d.words().starts_with("Rising (p = "));
        // A steady rise is a special cause; for crime, a concerning one.
        assert_eq!(
            h[1].variation.as_ref().unwrap().point_type,
            PointType::SpecialCauseConcern
        );
        let h = headlines(
            &t,
            ComparisonKind::Rolling12Months,
            Polarity::HigherIsBetter,
        );
        assert_eq!(
            h[1].variation.as_ref().unwrap().point_type,
            PointType::SpecialCauseImprovement
        );
    }

    #[test]
    fn a_missing_month_is_not_a_zero_anywhere() {
        let mut monthly = MonthlyCounts::default();
        for (m, n) in [("2023-01", 5), ("2023-03", 6)] {
            for _ in 0..n {
                monthly.add(Month::parse_iso(m).unwrap(), "Burglary");
            }
        }
        let t = CountTable::from_counts(&monthly);
        let h = headlines(
            &t,
            ComparisonKind::LatestMonthOnPreviousMonth,
            Polarity::LowerIsBetter,
        );
        let why = h[1].comparison.as_ref().unwrap_err();
        assert!(why.reason.contains("Feb 2023"), "{why}");
        assert!(h[1].direction.is_ok() || h[1].direction.is_err());
    }

    #[test]
    fn p_values_read_like_a_report() {
        assert_eq!(p_words(0.000_01), "p < 0.001");
        assert_eq!(p_words(0.0412), "p = 0.041");
    }
}
