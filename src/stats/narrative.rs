//! One sentence a councillor can read for each headline. It states the figures, says
//! "statistically significant" only when the test says so, flags small numbers, and never
//! rounds a change into something it is not.

use super::CannotCalculate;
use super::period_change::{ComparisonKind, PeriodComparison};
use super::two_period::{Change, Verdict, one_decimal};
use crate::charts::thousands;

// Below this many events in either period, a change says more about chance than about crime.
const SMALL_NUMBER: u64 = 10;

/// "Burglary: 1,204 in Apr 2023 – Jan 2024, up 20.4% (+204) on the same months a year
/// earlier (Apr 2022 – Jan 2023); the rise is statistically significant."
pub fn change_sentence(category: &str, c: &PeriodComparison) -> String {
    let current = thousands(c.current_total);
    let window = c.current_window.label();
    let baseline = baseline_phrase(c);
    let mut sentence = match c.change {
        Change::NoEvents => format!("{category}: none in {window}, and none in {baseline}"),
        Change::New => format!("{category}: {current} in {window}, against none in {baseline}"),
        Change::Percent(_) if c.absolute_change == 0 => {
            format!("{category}: {current} in {window}, unchanged on {baseline}")
        }
        Change::Percent(p) => format!(
            "{category}: {current} in {window}, {} {:.1}% ({:+}) on {baseline}",
            if p > 0.0 { "up" } else { "down" },
            one_decimal(p).abs(),
            c.absolute_change
        ),
    };
    match c.test.verdict {
        Verdict::SignificantIncrease => {
            sentence.push_str("; the rise is statistically significant")
        }
        Verdict::SignificantDecrease => {
            sentence.push_str("; the fall is statistically significant")
        }
        Verdict::NoSignificantChange if c.absolute_change != 0 => {
            sentence.push_str("; this is not a statistically significant change")
        }
        Verdict::NoSignificantChange | Verdict::NotTestable => {}
    }
    if c.current_total.min(c.baseline_total) < SMALL_NUMBER && c.change != Change::NoEvents {
        sentence.push_str(" (small numbers: treat with caution)");
    }
    sentence.push('.');
    sentence
}

/// The sentence when no comparison can be made, with the reason.
pub fn unavailable_sentence(category: &str, kind: ComparisonKind, why: &CannotCalculate) -> String {
    format!("{category}: the {} {why}.", kind.title())
}

fn baseline_phrase(c: &PeriodComparison) -> String {
    let label = c.baseline_window.label();
    match c.kind {
        ComparisonKind::FinancialYearToDate | ComparisonKind::CalendarYearToDate => {
            format!("the same months a year earlier ({label})")
        }
        ComparisonKind::LatestQuarterOnSameQuarterLastYear => {
            format!("the same quarter a year earlier ({label})")
        }
        ComparisonKind::Rolling12Months => format!("the previous 12 months ({label})"),
        ComparisonKind::LatestMonthOnPreviousMonth
        | ComparisonKind::LatestMonthOnSameMonthLastYear => label,
    }
}
