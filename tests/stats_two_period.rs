#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
//! The two-period test against `tests/data/reference/poisson_two_period.csv` (scipy
//! binomtest), plus its properties.

use proptest::prelude::*;
use safer_trends::stats::two_period::{
    Change, TestOptions, TwoPeriodComparison, Verdict, compare_counts, compare_counts_with,
};

const REFERENCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/reference/poisson_two_period.csv"
);

#[derive(Debug, serde::Deserialize)]
struct Row {
    case_id: String,
    count1: u64,
    exposure1: f64,
    count2: u64,
    exposure2: f64,
    rate_ratio: String,
    pct_change: String,
    exact_cond_binom_p: f64,
    exact_cond_prop_ci_lower: f64,
    exact_cond_prop_ci_upper: f64,
    exact_cond_rr_ci_lower: f64,
    exact_cond_rr_ci_upper: String,
    midp_cond_p: f64,
}

/// `None` for the file's `inf` and `NA`: the API reports those as unbounded / absent.
fn finite(cell: &str) -> Option<f64> {
    match cell {
        "inf" | "NA" => None,
        other => Some(other.parse().unwrap()),
    }
}

fn close(case: &str, what: &str, got: f64, want: f64) {
    let ok = if want.abs() < 1e-9 {
        (got - want).abs() <= 1e-9
    } else {
        ((got - want) / want).abs() <= 1e-6
    };
    assert!(ok, "{case}: {what} = {got}, expected {want}");
}

fn rows() -> Vec<Row> {
    let mut reader = csv::Reader::from_path(REFERENCE).unwrap();
    reader.deserialize().map(|r| r.unwrap()).collect()
}

#[test]
fn every_reference_row_matches_scipy() {
    let rows = rows();
    assert_eq!(rows.len(), 16);
    for row in &rows {
        let case = row.case_id.as_str();
        let got = compare_counts(row.count1, row.exposure1, row.count2, row.exposure2)
            .unwrap_or_else(|e| panic!("{case}: {e}"));
        match (got.rate_ratio, finite(&row.rate_ratio)) {
            (Some(g), Some(w)) => close(case, "rate_ratio", g, w),
            (None, None) => {}
            (g, w) => panic!("{case}: rate_ratio {g:?}, expected {w:?}"),
        }
        match (got.change, finite(&row.pct_change)) {
            (Change::Percent(g), Some(w)) => close(case, "pct_change", g, w),
            (Change::New, None) => assert!(row.count1 > 0 && row.count2 == 0, "{case}"),
            (g, w) => panic!("{case}: change {g:?}, expected {w:?}"),
        }
        let test = got.test.unwrap_or_else(|| panic!("{case}: no test"));
        close(case, "p", test.p_value, row.exact_cond_binom_p);
        close(case, "mid-p", test.mid_p_value, row.midp_cond_p);
        close(
            case,
            "prop lower",
            test.proportion_lower,
            row.exact_cond_prop_ci_lower,
        );
        close(
            case,
            "prop upper",
            test.proportion_upper,
            row.exact_cond_prop_ci_upper,
        );
        let rr = test.rate_ratio_interval;
        close(case, "rr lower", rr.lower, row.exact_cond_rr_ci_lower);
        match (rr.upper, finite(&row.exact_cond_rr_ci_upper)) {
            (Some(g), Some(w)) => close(case, "rr upper", g, w),
            (None, None) => {}
            (g, w) => panic!("{case}: rr upper {g:?}, expected {w:?}"),
        }
    }
}

fn compare(c1: u64, e1: f64, c2: u64, e2: f64) -> TwoPeriodComparison {
    compare_counts(c1, e1, c2, e2).unwrap()
}

#[test]
fn verdicts_read_in_plain_words() {
    let up = compare(1204, 1.0, 1000, 1.0);
    assert_eq!(up.verdict, Verdict::SignificantIncrease);
    assert_eq!(up.verdict.words(), "statistically significant increase");
    let down = compare(8, 1.0, 21, 1.0);
    assert_eq!(down.verdict, Verdict::SignificantDecrease);
    assert_eq!(
        down.verdict.to_string(),
        "statistically significant decrease"
    );
    let same = compare(120, 1.0, 100, 1.0);
    assert_eq!(same.verdict, Verdict::NoSignificantChange);
    assert_eq!(same.verdict.words(), "no significant change");
}

#[test]
fn significance_level_is_configurable() {
    // p = 0.0569: not significant at 5%, significant at 10%.
    let at = |level| {
        compare_counts_with(
            60,
            1.0,
            40,
            1.0,
            TestOptions {
                significance_level: level,
            },
        )
        .unwrap()
    };
    assert_eq!(at(0.05).verdict, Verdict::NoSignificantChange);
    assert_eq!(at(0.10).verdict, Verdict::SignificantIncrease);
    let test = at(0.10).test.unwrap();
    assert!((test.confidence_level - 0.9).abs() < 1e-12);
    // A narrower interval at the lower confidence level.
    let wide = at(0.05).test.unwrap().rate_ratio_interval;
    assert!(test.rate_ratio_interval.lower > wide.lower);
    for bad in [0.0, 1.0, -0.1, f64::NAN, f64::INFINITY] {
        assert!(
            compare_counts_with(
                60,
                1.0,
                40,
                1.0,
                TestOptions {
                    significance_level: bad
                }
            )
            .is_err()
        );
    }
}

#[test]
fn zero_baseline_reads_new_not_infinity() {
    let got = compare(5, 1.0, 0, 1.0);
    assert_eq!(got.change, Change::New);
    assert_eq!(got.rate_ratio, None);
    assert_eq!(got.test.unwrap().rate_ratio_interval.upper, None);
    assert_eq!(got.change.to_string(), "new (none in the baseline)");
}

#[test]
fn both_zero_is_stated_not_tested() {
    let got = compare(0, 1.0, 0, 1.0);
    assert_eq!(got.change, Change::NoEvents);
    assert_eq!(got.verdict, Verdict::NotTestable);
    assert_eq!(got.test, None);
    assert_eq!(got.rate_ratio, None);
    assert!(got.verdict.words().contains("not testable"));
    assert!(got.change.to_string().contains("no change"));
}

#[test]
fn percent_change_is_displayed_signed() {
    assert_eq!(compare(120, 1.0, 100, 1.0).change.to_string(), "+20.0%");
    assert_eq!(compare(0, 1.0, 5, 1.0).change.to_string(), "-100.0%");
}

#[test]
fn degenerate_exposures_are_refused_with_a_reason() {
    for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let err = compare_counts(3, bad, 4, 1.0).unwrap_err();
        assert!(err.reason.contains("current"), "{}", err.reason);
        let err = compare_counts(3, 1.0, 4, bad).unwrap_err();
        assert!(err.reason.contains("baseline"), "{}", err.reason);
    }
    // Exposures so different in scale that the rates overflow.
    assert!(compare_counts(3, f64::MIN_POSITIVE, 4, f64::MAX).is_err());
    assert!(compare_counts(u64::MAX, 1.0, 1, 1.0).is_err());
}

fn all_finite(got: &TwoPeriodComparison) -> bool {
    let rr_ok = got.rate_ratio.is_none_or(f64::is_finite);
    let change_ok = match got.change {
        Change::Percent(p) => p.is_finite(),
        _ => true,
    };
    let test_ok = got.test.is_none_or(|t| {
        [
            t.p_value,
            t.mid_p_value,
            t.proportion_lower,
            t.proportion_upper,
            t.rate_ratio_interval.lower,
        ]
        .iter()
        .all(|v| v.is_finite())
            && t.rate_ratio_interval.upper.is_none_or(f64::is_finite)
    });
    rr_ok && change_ok && test_ok
}

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(200)
    })]

    #[test]
    fn p_values_are_probabilities(c1 in 0u64..3000, c2 in 0u64..3000,
                                  e1 in 0.01f64..1000.0, e2 in 0.01f64..1000.0) {
        let got = compare_counts(c1, e1, c2, e2).unwrap();
        prop_assert!(all_finite(&got));
        if let Some(t) = got.test {
            prop_assert!((0.0..=1.0).contains(&t.p_value));
            prop_assert!((0.0..=1.0).contains(&t.mid_p_value));
            prop_assert!(t.mid_p_value <= t.p_value);
            prop_assert!(t.proportion_lower <= t.proportion_upper);
        }
    }

    #[test]
    fn swapping_periods_inverts_the_ratio_and_its_interval(
        c1 in 1u64..2000, c2 in 1u64..2000, e1 in 0.1f64..100.0, e2 in 0.1f64..100.0) {
        let ab = compare_counts(c1, e1, c2, e2).unwrap();
        let ba = compare_counts(c2, e2, c1, e1).unwrap();
        let (rr, rr_swapped) = (ab.rate_ratio.unwrap(), ba.rate_ratio.unwrap());
        prop_assert!((rr * rr_swapped - 1.0).abs() < 1e-9);
        let (i, j) = (ab.test.unwrap(), ba.test.unwrap());
        let rel = |a: f64, b: f64| (a - b).abs() <= 1e-12 + 1e-6 * b.abs();
        prop_assert!(rel(i.rate_ratio_interval.lower, 1.0 / j.rate_ratio_interval.upper.unwrap()));
        prop_assert!(rel(i.rate_ratio_interval.upper.unwrap(), 1.0 / j.rate_ratio_interval.lower));
        prop_assert!(rel(i.p_value, j.p_value));
    }

    #[test]
    fn the_interval_contains_the_rate_ratio(c1 in 0u64..3000, c2 in 1u64..3000,
                                            e1 in 0.1f64..100.0, e2 in 0.1f64..100.0) {
        let got = compare_counts(c1, e1, c2, e2).unwrap();
        let rr = got.rate_ratio.unwrap();
        let ci = got.test.unwrap().rate_ratio_interval;
        prop_assert!(ci.lower <= rr);
        prop_assert!(ci.upper.is_none_or(|u| rr <= u));
    }

    #[test]
    fn equal_counts_and_exposures_give_p_one(c in 0u64..5000, e in 0.01f64..1000.0) {
        let got = compare_counts(c, e, c, e).unwrap();
        if c > 0 {
            prop_assert_eq!(got.test.unwrap().p_value, 1.0);
            prop_assert_eq!(got.verdict, Verdict::NoSignificantChange);
            prop_assert_eq!(got.change, Change::Percent(0.0));
        }
    }

    #[test]
    fn never_panics_on_any_input(c1 in any::<u64>(), c2 in any::<u64>(),
                                 e1 in any::<f64>(), e2 in any::<f64>()) {
        if let Ok(got) = compare_counts(c1 % 1_000_000, e1, c2 % 1_000_000, e2) {
            prop_assert!(all_finite(&got));
        }
    }
}
