//! Period comparisons on a monthly series: the latest month, year to date (financial and
//! calendar), rolling twelve months and the latest financial quarter, each against an aligned
//! baseline window of the same length, tested with the exact conditional Poisson test of
//! [`super::two_period`] (exposure = number of months in each window).
//!
//! A part-year is never compared with a whole year: every comparison's two windows have the
//! same number of months and the baseline is the current window moved back whole months.

use std::fmt;

use super::CannotCalculate;
use super::two_period::{Change, TestOptions, TwoPeriodComparison, compare_counts_with};
use crate::model::Month;

/// UK financial years start in April.
const FINANCIAL_YEAR_START_MONTH: u8 = 4;

/// Which comparison to make, always relative to the series' latest month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ComparisonKind {
    /// The latest month against the month before.
    LatestMonthOnPreviousMonth,
    /// The latest month against the same month a year earlier.
    LatestMonthOnSameMonthLastYear,
    /// April to the latest month against the same months a year earlier (UK financial year).
    FinancialYearToDate,
    /// January to the latest month against the same months a year earlier.
    CalendarYearToDate,
    /// The latest twelve months against the twelve before them.
    Rolling12Months,
    /// The latest complete financial quarter (Apr–Jun, Jul–Sep, Oct–Dec, Jan–Mar) against the
    /// same quarter a year earlier.
    LatestQuarterOnSameQuarterLastYear,
    /// The latest complete financial year (April to March) against the one before.
    LatestFinancialYearOnPrevious,
    /// Two runs of months the user chose ([`compare_windows`]); never worked out from the
    /// latest month, so not in [`ComparisonKind::ALL`].
    Custom,
}

impl ComparisonKind {
    /// Every comparison, in the order a report lists them.
    pub const ALL: [ComparisonKind; 7] = [
        ComparisonKind::LatestMonthOnPreviousMonth,
        ComparisonKind::LatestMonthOnSameMonthLastYear,
        ComparisonKind::FinancialYearToDate,
        ComparisonKind::CalendarYearToDate,
        ComparisonKind::Rolling12Months,
        ComparisonKind::LatestQuarterOnSameQuarterLastYear,
        ComparisonKind::LatestFinancialYearOnPrevious,
    ];

    /// A heading for the comparison.
    pub fn title(self) -> &'static str {
        match self {
            ComparisonKind::LatestMonthOnPreviousMonth => "latest month vs previous month",
            ComparisonKind::LatestMonthOnSameMonthLastYear => {
                "latest month vs same month last year"
            }
            ComparisonKind::FinancialYearToDate => {
                "financial year to date vs same period last year"
            }
            ComparisonKind::CalendarYearToDate => "calendar year to date vs same period last year",
            ComparisonKind::Rolling12Months => "last 12 months vs previous 12 months",
            ComparisonKind::LatestQuarterOnSameQuarterLastYear => {
                "latest quarter vs same quarter last year"
            }
            ComparisonKind::LatestFinancialYearOnPrevious => {
                "latest financial year vs previous financial year"
            }
            ComparisonKind::Custom => "months you chose vs other months of the same length",
        }
    }
}

impl fmt::Display for ComparisonKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

/// A run of consecutive months, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub first: Month,
    pub last: Month,
}

impl Window {
    /// The months covered, in order.
    pub fn months(self) -> impl Iterator<Item = Month> {
        self.first.through(self.last)
    }

    /// How many months the window covers.
    pub fn len(self) -> usize {
        self.months().count()
    }

    /// Always false: a window covers at least one month.
    pub fn is_empty(self) -> bool {
        false
    }

    /// `Jan 2024`, or `Apr 2023 – Jan 2024`.
    pub fn label(self) -> String {
        if self.first == self.last {
            self.first.label()
        } else {
            format!("{} – {}", self.first.label(), self.last.label())
        }
    }

    /// Every month's label, in order.
    pub fn month_labels(self) -> Vec<String> {
        self.months().map(Month::label).collect()
    }
}

/// One comparison of a current window with its baseline window.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodComparison {
    pub kind: ComparisonKind,
    pub current_window: Window,
    pub baseline_window: Window,
    pub current_total: u64,
    pub baseline_total: u64,
    /// Current total minus baseline total.
    pub absolute_change: i128,
    /// Percentage change, or `New` when the baseline total is zero.
    pub change: Change,
    /// The exact conditional test, exposure = months per window.
    pub test: TwoPeriodComparison,
}

/// Makes one comparison at the 5% level. See [`compare_with`].
pub fn compare(
    series: &[(Month, Option<u64>)],
    kind: ComparisonKind,
) -> Result<PeriodComparison, CannotCalculate> {
    compare_with(series, kind, TestOptions::default())
}

/// Every comparison at the given options, each with its own result so one that cannot be
/// made does not hide the others.
pub fn compare_all(
    series: &[(Month, Option<u64>)],
    options: TestOptions,
) -> Vec<(ComparisonKind, Result<PeriodComparison, CannotCalculate>)> {
    ComparisonKind::ALL
        .iter()
        .map(|&kind| (kind, compare_with(series, kind, options)))
        .collect()
}

/// Compares the current window with its aligned baseline window for a monthly series of
/// consecutive months (`None` = month missing), by the exact conditional Poisson test
/// (`scipy.stats.binomtest` p-value, Clopper–Pearson rate-ratio interval) with each
/// window's exposure its number of months.
pub fn compare_with(
    series: &[(Month, Option<u64>)],
    kind: ComparisonKind,
    options: TestOptions,
) -> Result<PeriodComparison, CannotCalculate> {
    let (_, latest) = check_consecutive(series)?;
    let (current_window, baseline_window) = windows(kind, latest)?;
    compare_windows(series, kind, current_window, baseline_window, options)
}

/// Compares two given windows of a monthly series, as [`compare_with`] does for the windows it
/// works out. Each window's exposure is its number of months, so windows of different lengths
/// are compared as rates; the custom comparison checks they are the same length first.
pub fn compare_windows(
    series: &[(Month, Option<u64>)],
    kind: ComparisonKind,
    current_window: Window,
    baseline_window: Window,
    options: TestOptions,
) -> Result<PeriodComparison, CannotCalculate> {
    let (first, latest) = check_consecutive(series)?;
    let available = months_between(first, latest) + 1;
    let earliest = current_window.first.min(baseline_window.first);
    if earliest < first {
        let needed = months_between(earliest, latest) + 1;
        return Err(CannotCalculate::new(format!(
            "this comparison ({}) needs {needed} months of data ({} – {}), \
             but the series has only {available} (from {})",
            kind.title(),
            earliest.label(),
            latest.label(),
            first.label()
        )));
    }
    let last_needed = current_window.last.max(baseline_window.last);
    if last_needed > latest {
        return Err(CannotCalculate::new(format!(
            "this comparison ({}) needs data up to {}, but the series ends in {}",
            kind.title(),
            last_needed.label(),
            latest.label()
        )));
    }

    let current = window_total(series, first, current_window);
    let baseline = window_total(series, first, baseline_window);
    let missing: Vec<String> = baseline_window
        .months()
        .chain(current_window.months())
        .filter(|m| matches!(value_at(series, first, *m), Some(None) | None))
        .map(Month::label)
        .collect();
    let (Some(current_total), Some(baseline_total)) = (current, baseline) else {
        return Err(missing_error(&missing));
    };
    if !missing.is_empty() {
        return Err(missing_error(&missing));
    }

    let test = compare_counts_with(
        current_total,
        current_window.len() as f64,
        baseline_total,
        baseline_window.len() as f64,
        options,
    )?;
    Ok(PeriodComparison {
        kind,
        current_window,
        baseline_window,
        current_total,
        baseline_total,
        absolute_change: i128::from(current_total) - i128::from(baseline_total),
        change: test.change,
        test,
    })
}

fn missing_error(missing: &[String]) -> CannotCalculate {
    if missing.is_empty() {
        CannotCalculate::new("the monthly totals are too large to add up")
    } else {
        CannotCalculate::new(format!("data are missing for {}", missing.join(", ")))
    }
}

/// The series' first and latest months, after checking it runs month by month.
fn check_consecutive(series: &[(Month, Option<u64>)]) -> Result<(Month, Month), CannotCalculate> {
    let mut iter = series.iter().map(|(m, _)| *m);
    let Some(first) = iter.next() else {
        return Err(CannotCalculate::new("there are no months of data"));
    };
    let mut previous = first;
    for month in iter {
        if previous.succ() != Some(month) {
            return Err(CannotCalculate::new(format!(
                "the months must run one after another, but {} follows {}",
                month.label(),
                previous.label()
            )));
        }
        previous = month;
    }
    Ok((first, previous))
}

/// Months since year 0, so windows can be moved by whole months.
fn month_index(m: Month) -> i64 {
    i64::from(m.year()) * 12 + i64::from(m.month()) - 1
}

fn from_index(index: i64) -> Option<Month> {
    let year = u16::try_from(index.div_euclid(12)).ok()?;
    let month = u8::try_from(index.rem_euclid(12) + 1).ok()?;
    Month::new(year, month)
}

/// `m` moved by `delta` months (negative = earlier).
fn shift(m: Month, delta: i64) -> Result<Month, CannotCalculate> {
    from_index(month_index(m) + delta).ok_or_else(|| {
        CannotCalculate::new(format!(
            "the comparison would need months before year 1, from {}",
            m.label()
        ))
    })
}

fn months_between(from: Month, to: Month) -> usize {
    usize::try_from(month_index(to) - month_index(from)).unwrap_or(0)
}

/// The current and baseline windows for a comparison ending at `latest`.
fn windows(kind: ComparisonKind, latest: Month) -> Result<(Window, Window), CannotCalculate> {
    let back = |w: Window, by: i64| -> Result<Window, CannotCalculate> {
        Ok(Window {
            first: shift(w.first, -by)?,
            last: shift(w.last, -by)?,
        })
    };
    let current = match kind {
        ComparisonKind::LatestMonthOnPreviousMonth => {
            let current = Window {
                first: latest,
                last: latest,
            };
            return Ok((current, back(current, 1)?));
        }
        ComparisonKind::LatestMonthOnSameMonthLastYear => Window {
            first: latest,
            last: latest,
        },
        ComparisonKind::FinancialYearToDate => {
            // Months since the last April: January is the tenth month of the financial year.
            let into_year =
                (i64::from(latest.month()) - i64::from(FINANCIAL_YEAR_START_MONTH)).rem_euclid(12);
            Window {
                first: shift(latest, -into_year)?,
                last: latest,
            }
        }
        ComparisonKind::CalendarYearToDate => Window {
            first: shift(latest, -(i64::from(latest.month()) - 1))?,
            last: latest,
        },
        ComparisonKind::Rolling12Months => {
            let current = Window {
                first: shift(latest, -11)?,
                last: latest,
            };
            return Ok((current, back(current, 12)?));
        }
        ComparisonKind::LatestQuarterOnSameQuarterLastYear => {
            // Financial quarters end in June, September, December and March, so the latest
            // complete one ends at the most recent month divisible by three.
            let last = shift(latest, -(i64::from(latest.month()) % 3))?;
            Window {
                first: shift(last, -2)?,
                last,
            }
        }
        ComparisonKind::LatestFinancialYearOnPrevious => {
            // The latest March at or before the latest month ends the latest complete year.
            let back_to_march = (i64::from(latest.month()) - 3).rem_euclid(12);
            let last = shift(latest, -back_to_march)?;
            Window {
                first: shift(last, -11)?,
                last,
            }
        }
        ComparisonKind::Custom => {
            return Err(CannotCalculate::new(
                "a custom comparison needs its two runs of months chosen",
            ));
        }
    };
    Ok((current, back(current, 12)?))
}

/// The value recorded for `m`: `None` if the month is outside the series, `Some(None)` if
/// the series has it as missing.
fn value_at(series: &[(Month, Option<u64>)], first: Month, m: Month) -> Option<Option<u64>> {
    let offset = usize::try_from(month_index(m) - month_index(first)).ok()?;
    series.get(offset).map(|(_, v)| *v)
}

/// The window's total, or `None` if any month is missing (or the total overflows).
fn window_total(series: &[(Month, Option<u64>)], first: Month, window: Window) -> Option<u64> {
    window
        .months()
        .try_fold(0u64, |acc, m| acc.checked_add(value_at(series, first, m)??))
}
