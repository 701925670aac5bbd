//! The custom comparison: two runs of months the user picks. They must be the same length (a
//! part-year is never set against a whole one), must not overlap, and must lie within the
//! months loaded. Each problem is tied to the field that fixes it, in the words of a GOV.UK
//! error message.

use super::period_change::Window;
use crate::model::Month;

/// The four months a custom comparison is chosen by, in the order the form shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CustomField {
    CurrentFrom,
    CurrentTo,
    BaselineFrom,
    BaselineTo,
}

impl CustomField {
    pub const ALL: [CustomField; 4] = [
        CustomField::CurrentFrom,
        CustomField::CurrentTo,
        CustomField::BaselineFrom,
        CustomField::BaselineTo,
    ];

    /// A stable name for the field, usable as an element id.
    pub fn id(self) -> &'static str {
        match self {
            CustomField::CurrentFrom => "custom-current-from",
            CustomField::CurrentTo => "custom-current-to",
            CustomField::BaselineFrom => "custom-baseline-from",
            CustomField::BaselineTo => "custom-baseline-to",
        }
    }

    /// The field's label within its group ("Current period", "Compared with").
    pub fn label(self) -> &'static str {
        match self {
            CustomField::CurrentFrom | CustomField::BaselineFrom => "First month",
            CustomField::CurrentTo | CustomField::BaselineTo => "Last month",
        }
    }
}

/// What the user picked; `None` is a field left empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CustomInput {
    pub current_from: Option<Month>,
    pub current_to: Option<Month>,
    pub baseline_from: Option<Month>,
    pub baseline_to: Option<Month>,
}

impl CustomInput {
    pub fn get(&self, field: CustomField) -> Option<Month> {
        match field {
            CustomField::CurrentFrom => self.current_from,
            CustomField::CurrentTo => self.current_to,
            CustomField::BaselineFrom => self.baseline_from,
            CustomField::BaselineTo => self.baseline_to,
        }
    }

    pub fn set(&mut self, field: CustomField, month: Option<Month>) {
        let slot = match field {
            CustomField::CurrentFrom => &mut self.current_from,
            CustomField::CurrentTo => &mut self.current_to,
            CustomField::BaselineFrom => &mut self.baseline_from,
            CustomField::BaselineTo => &mut self.baseline_to,
        };
        *slot = month;
    }
}

/// One thing to fix, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: CustomField,
    pub message: String,
}

/// The two windows, or every problem with the input in field order. `loaded` is the first and
/// last month of the data (`None` when nothing is loaded).
pub fn check_custom(
    input: &CustomInput,
    loaded: Option<(Month, Month)>,
) -> Result<(Window, Window), Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let mut problem = |field, message: String| problems.push(FieldProblem { field, message });
    for field in CustomField::ALL {
        let period = match field {
            CustomField::CurrentFrom | CustomField::CurrentTo => "current period",
            CustomField::BaselineFrom | CustomField::BaselineTo => "period compared with",
        };
        let end = match field {
            CustomField::CurrentFrom | CustomField::BaselineFrom => "starts",
            CustomField::CurrentTo | CustomField::BaselineTo => "ends",
        };
        match (input.get(field), loaded) {
            (None, _) => problem(field, format!("Select the month the {period} {end}")),
            (Some(_), None) => problem(field, "Load some data first".to_owned()),
            (Some(m), Some((first, last))) if m < first || m > last => problem(
                field,
                format!(
                    "The {period} must {} within the loaded months, {} to {}",
                    if end == "starts" { "start" } else { "end" },
                    first.label(),
                    last.label()
                ),
            ),
            (Some(_), Some(_)) => {}
        }
    }
    let window = |from: Option<Month>, to: Option<Month>| match (from, to) {
        (Some(first), Some(last)) => Some(Window { first, last }),
        _ => None,
    };
    let current = window(input.current_from, input.current_to);
    let baseline = window(input.baseline_from, input.baseline_to);
    if let Some(w) = current.filter(|w| w.last < w.first) {
        problem(
            CustomField::CurrentTo,
            format!(
                "The current period must end in or after {}, the month it starts",
                w.first.label()
            ),
        );
    }
    if let Some(w) = baseline.filter(|w| w.last < w.first) {
        problem(
            CustomField::BaselineTo,
            format!(
                "The period compared with must end in or after {}, the month it starts",
                w.first.label()
            ),
        );
    }
    if let (Some(c), Some(b)) = (current, baseline)
        && c.first <= c.last
        && b.first <= b.last
    {
        if b.first <= c.last && c.first <= b.last {
            problem(
                CustomField::BaselineFrom,
                format!(
                    "The period compared with must not overlap the current period, {}",
                    c.label()
                ),
            );
        } else if b.len() != c.len() {
            problem(
                CustomField::BaselineTo,
                format!(
                    "The period compared with must be {} month{} long, the same as the current period (it is {})",
                    c.len(),
                    if c.len() == 1 { "" } else { "s" },
                    b.len()
                ),
            );
        }
    }
    problems.sort_by_key(|p| CustomField::ALL.iter().position(|f| *f == p.field));
    match (current, baseline) {
        (Some(c), Some(b)) if problems.is_empty() => Ok((c, b)),
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::model::CountTable;
    use crate::model::MonthlyCounts;
    use crate::stats::headline::{Polarity, Windows, headline_of};
    use crate::stats::two_period::Verdict;

    fn m(s: &str) -> Month {
        Month::parse_iso(s).unwrap()
    }

    fn input(c: (&str, &str), b: (&str, &str)) -> CustomInput {
        let month = |s: &str| (!s.is_empty()).then(|| m(s));
        CustomInput {
            current_from: month(c.0),
            current_to: month(c.1),
            baseline_from: month(b.0),
            baseline_to: month(b.1),
        }
    }

    fn loaded() -> Option<(Month, Month)> {
        Some((m("2023-01"), m("2023-12")))
    }

    fn messages(result: Result<(Window, Window), Vec<FieldProblem>>) -> Vec<(CustomField, String)> {
        result
            .unwrap_err()
            .into_iter()
            .map(|p| (p.field, p.message))
            .collect()
    }

    #[test]
    fn two_equal_separate_runs_are_accepted() {
        let (c, b) = check_custom(
            &input(("2023-07", "2023-12"), ("2023-01", "2023-06")),
            loaded(),
        )
        .unwrap();
        assert_eq!(c.label(), "Jul 2023 – Dec 2023");
        assert_eq!(b.label(), "Jan 2023 – Jun 2023");
        // The baseline may come after the current period: the user decides which is which.
        assert!(
            check_custom(
                &input(("2023-01", "2023-02"), ("2023-05", "2023-06")),
                loaded()
            )
            .is_ok()
        );
    }

    #[test]
    fn each_problem_names_its_field_in_form_order() {
        assert_eq!(
            messages(check_custom(
                &input(("", "2023-03"), ("2023-01", "")),
                loaded()
            )),
            [
                (
                    CustomField::CurrentFrom,
                    "Select the month the current period starts".to_owned()
                ),
                (
                    CustomField::BaselineTo,
                    "Select the month the period compared with ends".to_owned()
                ),
            ]
        );
        assert_eq!(
            messages(check_custom(&input(("2023-07", "2023-12"), ("2023-01", "2023-04")), loaded())),
            [(
                CustomField::BaselineTo,
                "The period compared with must be 6 months long, the same as the current period (it is 4)".to_owned()
            )]
        );
        assert_eq!(
            messages(check_custom(
                &input(("2023-07", "2023-12"), ("2023-03", "2023-08")),
                loaded()
            )),
            [(
                CustomField::BaselineFrom,
                "The period compared with must not overlap the current period, Jul 2023 – Dec 2023"
                    .to_owned()
            )]
        );
        assert_eq!(
            messages(check_custom(&input(("2023-07", "2023-05"), ("2022-01", "2022-03")), loaded())),
            [
                (CustomField::CurrentTo, "The current period must end in or after Jul 2023, the month it starts".to_owned()),
                (CustomField::BaselineFrom, "The period compared with must start within the loaded months, Jan 2023 to Dec 2023".to_owned()),
                (CustomField::BaselineTo, "The period compared with must end within the loaded months, Jan 2023 to Dec 2023".to_owned()),
            ]
        );
        assert_eq!(
            messages(check_custom(
                &input(("2023-01", "2023-01"), ("2023-02", "2023-02")),
                None
            ))[0]
                .1,
            "Load some data first"
        );
    }

    #[test]
    fn a_chosen_comparison_is_the_exact_test_on_the_two_runs() {
        let mut counts = MonthlyCounts::default();
        for (i, n) in [10u64, 10, 10, 30, 30, 30].iter().enumerate() {
            let month = Month::new(2023, i as u8 + 1).unwrap();
            counts.cover(month);
            for _ in 0..*n {
                counts.add(month, "Burglary");
            }
        }
        let table = CountTable::from_counts(&counts);
        let (current, baseline) = check_custom(
            &input(("2023-04", "2023-06"), ("2023-01", "2023-03")),
            Some((m("2023-01"), m("2023-06"))),
        )
        .unwrap();
        let windows = Windows::Chosen { current, baseline };
        let h = headline_of(&table, "Burglary", windows, Polarity::LowerIsBetter).unwrap();
        let c = h.comparison.as_ref().unwrap();
        assert_eq!((c.current_total, c.baseline_total), (90, 30));
        assert_eq!(c.test.verdict, Verdict::SignificantIncrease);
        assert_eq!(
            h.narrative,
            "Burglary: 90 in Apr 2023 – Jun 2023, up 200.0% (+60) on Jan 2023 – Mar 2023; the rise \
             is statistically significant, a worsening (lower is better)."
        );
        let h = headline_of(&table, "Burglary", windows, Polarity::HigherIsBetter).unwrap();
        assert!(
            h.narrative.ends_with("an improvement (higher is better)."),
            "{}",
            h.narrative
        );
        let h = headline_of(&table, "Burglary", windows, Polarity::NoJudgement).unwrap();
        assert!(
            h.narrative.ends_with("statistically significant."),
            "{}",
            h.narrative
        );
        // Windows past the data say so rather than count the missing months as zero.
        let late = Windows::Chosen {
            current: Window {
                first: m("2023-06"),
                last: m("2023-07"),
            },
            baseline: Window {
                first: m("2023-01"),
                last: m("2023-02"),
            },
        };
        let h = headline_of(&table, "Burglary", late, Polarity::LowerIsBetter).unwrap();
        assert!(
            h.comparison
                .unwrap_err()
                .reason
                .contains("needs data up to Jul 2023")
        );
        assert!(headline_of(&table, "Shoplifting", windows, Polarity::LowerIsBetter).is_none());
    }
}
