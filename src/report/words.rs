//! The headline figures in words, one wording for the dashboard's headline table and the
//! board report alike, so that a board member holding the report and an analyst looking at
//! the page read the same text (the e2e test reads both and compares them).

use crate::charts::thousands;
use crate::dashboard::overview::OverviewRow;
use crate::stats::headline::p_words;
use crate::stats::period_change::PeriodComparison;
use crate::stats::two_period::{Change, Verdict, one_decimal};

/// "Dec 2023: 1,234", or why there is none.
pub fn latest_words(row: &OverviewRow) -> String {
    row.latest.map_or_else(
        || "No complete period".to_owned(),
        |(p, n)| format!("{}: {}", p.label(), thousands(n)),
    )
}

/// "+12.5% (+20)", or what stands in for a percentage when there is none.
pub fn change_words(c: &PeriodComparison) -> String {
    match c.change {
        Change::Percent(p) => format!("{:+.1}% ({:+})", one_decimal(p), c.absolute_change),
        Change::New => "New (none before)".to_owned(),
        Change::NoEvents => "None in either period".to_owned(),
    }
}

/// "Statistically significant increase (p < 0.001)".
pub fn significance_words(c: &PeriodComparison) -> String {
    let p = c
        .test
        .test
        .as_ref()
        .map(|t| format!(" ({})", p_words(t.p_value)))
        .unwrap_or_default();
    let verdict = c.test.verdict.words();
    let mut letters = verdict.chars();
    let verdict = letters
        .next()
        .map(|f| f.to_uppercase().chain(letters).collect::<String>())
        .unwrap_or_default();
    format!("{verdict}{p}")
}

pub fn is_significant(c: &PeriodComparison) -> bool {
    matches!(
        c.test.verdict,
        Verdict::SignificantIncrease | Verdict::SignificantDecrease
    )
}

/// The headline table's cells after the crime type: latest, change, significance, direction,
/// variation.
pub fn headline_cells(row: &OverviewRow) -> [String; 5] {
    let h = &row.headline;
    let (change, significance) = match &h.comparison {
        Ok(c) => (change_words(c), significance_words(c)),
        Err(_) => ("Not available".to_owned(), "Not calculated".to_owned()),
    };
    let direction = h
        .direction
        .as_ref()
        .map_or_else(|e| format!("Not calculated: {}", e.reason), |d| d.words());
    let variation = match &h.variation {
        Ok(v) if v.few_points => format!("{} (fewer than 12 points)", v.words()),
        Ok(v) => v.words().to_owned(),
        Err(e) => format!("Not calculated: {}", e.reason),
    };
    [
        latest_words(row),
        change,
        significance,
        direction,
        variation,
    ]
}
