//! One sentence a councillor can read for each headline. It states the figures, says
//! "statistically significant" only when the test says so, flags small numbers, and never
//! rounds a change into something it is not.

use super::CannotCalculate;
use super::headline::Polarity;
use super::period_change::{ComparisonKind, PeriodComparison};
use super::two_period::{Change, Verdict, one_decimal};
use crate::charts::thousands;

// Below this many events in either period, a change says more about chance than about crime.
pub const SMALL_NUMBER: u64 = 10;

/// "Burglary: 1,204 in Apr 2023 – Jan 2024, up 20.4% (+204) on the same months a year
/// earlier (Apr 2022 – Jan 2023); the rise is statistically significant, a worsening (lower
/// is better)." Only a significant change is called better or worse: anything else may be
/// chance, and the measure's polarity says which way is good.
pub fn change_sentence(category: &str, c: &PeriodComparison, polarity: Polarity) -> String {
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
            sentence.push_str("; the rise is statistically significant");
            sentence.push_str(judgement(polarity, true));
        }
        Verdict::SignificantDecrease => {
            sentence.push_str("; the fall is statistically significant");
            sentence.push_str(judgement(polarity, false));
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

/// Whether a significant rise (or fall) is good news, with the reason, so a reader can see
/// the judgement is the measure's polarity and not the data's.
fn judgement(polarity: Polarity, rise: bool) -> &'static str {
    match (polarity, rise) {
        (Polarity::LowerIsBetter, true) => ", a worsening (lower is better)",
        (Polarity::LowerIsBetter, false) => ", an improvement (lower is better)",
        (Polarity::HigherIsBetter, true) => ", an improvement (higher is better)",
        (Polarity::HigherIsBetter, false) => ", a worsening (higher is better)",
        (Polarity::NoJudgement, _) => "",
    }
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
        ComparisonKind::LatestFinancialYearOnPrevious => {
            format!("the previous financial year ({label})")
        }
        ComparisonKind::LatestMonthOnPreviousMonth
        | ComparisonKind::LatestMonthOnSameMonthLastYear
        | ComparisonKind::Custom => label,
    }
}
