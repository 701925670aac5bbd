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

// ---------------------------------------------------------------------------------------
// Period comparisons on a monthly series.

mod period_change {
    use safer_trends::model::Month;
    use safer_trends::stats::period_change::{ComparisonKind, compare, compare_all};
    use safer_trends::stats::two_period::{Change, TestOptions, Verdict};

    fn m(text: &str) -> Month {
        Month::parse_iso(text).unwrap()
    }

    /// Consecutive months from `first`, value = month index × 10 + 100 so every total is
    /// predictable.
    fn series(first: &str, last: &str) -> Vec<(Month, Option<u64>)> {
        m(first)
            .through(m(last))
            .enumerate()
            .map(|(i, month)| (month, Some(100 + 10 * i as u64)))
            .collect()
    }

    fn labels(w: safer_trends::stats::period_change::Window) -> (String, String, usize) {
        (w.first.label(), w.last.label(), w.len())
    }

    fn total(s: &[(Month, Option<u64>)], first: &str, last: &str) -> u64 {
        s.iter()
            .filter(|(mo, _)| *mo >= m(first) && *mo <= m(last))
            .map(|(_, v)| v.unwrap())
            .sum()
    }

    #[test]
    fn latest_month_on_previous_month() {
        let s = series("2023-01", "2024-01");
        let got = compare(&s, ComparisonKind::LatestMonthOnPreviousMonth).unwrap();
        assert_eq!(
            labels(got.current_window),
            ("Jan 2024".into(), "Jan 2024".into(), 1)
        );
        assert_eq!(
            labels(got.baseline_window),
            ("Dec 2023".into(), "Dec 2023".into(), 1)
        );
        assert_eq!((got.current_total, got.baseline_total), (220, 210));
        assert_eq!(got.absolute_change, 10);
        let Change::Percent(p) = got.change else {
            panic!()
        };
        assert!((p - 100.0 * 10.0 / 210.0).abs() < 1e-9);
        assert_eq!(got.test.verdict, Verdict::NoSignificantChange);
        assert_eq!(got.test.current_exposure, 1.0);
        assert_eq!(got.current_window.label(), "Jan 2024");
    }

    #[test]
    fn latest_month_on_same_month_last_year() {
        let s = series("2023-01", "2024-01");
        let got = compare(&s, ComparisonKind::LatestMonthOnSameMonthLastYear).unwrap();
        assert_eq!(
            labels(got.baseline_window),
            ("Jan 2023".into(), "Jan 2023".into(), 1)
        );
        assert_eq!((got.current_total, got.baseline_total), (220, 100));
        assert_eq!(got.test.verdict, Verdict::SignificantIncrease);
        // One month short.
        let short = series("2023-02", "2024-01");
        let err = compare(&short, ComparisonKind::LatestMonthOnSameMonthLastYear).unwrap_err();
        assert!(err.reason.contains("needs 13 months"), "{}", err.reason);
        assert!(err.reason.contains("only 12"), "{}", err.reason);
    }

    #[test]
    fn financial_year_to_date_ending_january() {
        let s = series("2022-01", "2024-01");
        let got = compare(&s, ComparisonKind::FinancialYearToDate).unwrap();
        assert_eq!(
            labels(got.current_window),
            ("Apr 2023".into(), "Jan 2024".into(), 10)
        );
        assert_eq!(
            labels(got.baseline_window),
            ("Apr 2022".into(), "Jan 2023".into(), 10)
        );
        assert_eq!(got.current_window.label(), "Apr 2023 – Jan 2024");
        assert_eq!(got.current_total, total(&s, "2023-04", "2024-01"));
        assert_eq!(got.baseline_total, total(&s, "2022-04", "2023-01"));
        assert_eq!(got.test.current_exposure, 10.0);
        assert_eq!(got.test.baseline_exposure, 10.0);
        assert_eq!(got.current_window.month_labels().len(), 10);
    }

    #[test]
    fn financial_year_to_date_ending_march_is_the_whole_year() {
        let s = series("2022-04", "2024-03");
        let got = compare(&s, ComparisonKind::FinancialYearToDate).unwrap();
        assert_eq!(
            labels(got.current_window),
            ("Apr 2023".into(), "Mar 2024".into(), 12)
        );
        assert_eq!(
            labels(got.baseline_window),
            ("Apr 2022".into(), "Mar 2023".into(), 12)
        );
    }

    #[test]
    fn financial_year_to_date_ending_april_is_one_month() {
        let s = series("2023-04", "2024-04");
        let got = compare(&s, ComparisonKind::FinancialYearToDate).unwrap();
        assert_eq!(
            labels(got.current_window),
            ("Apr 2024".into(), "Apr 2024".into(), 1)
        );
        assert_eq!(
            labels(got.baseline_window),
            ("Apr 2023".into(), "Apr 2023".into(), 1)
        );
    }

    #[test]
    fn calendar_year_to_date() {
        let s = series("2023-01", "2024-03");
        let got = compare(&s, ComparisonKind::CalendarYearToDate).unwrap();
        assert_eq!(
            labels(got.current_window),
            ("Jan 2024".into(), "Mar 2024".into(), 3)
        );
        assert_eq!(
            labels(got.baseline_window),
            ("Jan 2023".into(), "Mar 2023".into(), 3)
        );
        let dec = series("2022-01", "2023-12");
        let got = compare(&dec, ComparisonKind::CalendarYearToDate).unwrap();
        assert_eq!(
            labels(got.current_window),
            ("Jan 2023".into(), "Dec 2023".into(), 12)
        );
    }

    #[test]
    fn rolling_twelve_months() {
        let s = series("2022-02", "2024-01");
        let got = compare(&s, ComparisonKind::Rolling12Months).unwrap();
        assert_eq!(
            labels(got.current_window),
            ("Feb 2023".into(), "Jan 2024".into(), 12)
        );
        assert_eq!(
            labels(got.baseline_window),
            ("Feb 2022".into(), "Jan 2023".into(), 12)
        );
        assert_eq!(got.current_total, total(&s, "2023-02", "2024-01"));
        let short = &s[1..];
        let err = compare(short, ComparisonKind::Rolling12Months).unwrap_err();
        assert!(err.reason.contains("needs 24 months"), "{}", err.reason);
        assert!(err.reason.contains("only 23"), "{}", err.reason);
    }

    #[test]
    fn latest_complete_financial_quarter() {
        let cases = [
            ("2024-01", "Oct 2023", "Dec 2023"),
            ("2024-03", "Jan 2024", "Mar 2024"),
            ("2024-04", "Jan 2024", "Mar 2024"),
            ("2024-05", "Jan 2024", "Mar 2024"),
            ("2024-06", "Apr 2024", "Jun 2024"),
            ("2024-09", "Jul 2024", "Sep 2024"),
        ];
        for (last, q_first, q_last) in cases {
            let s = series("2022-01", last);
            let got = compare(&s, ComparisonKind::LatestQuarterOnSameQuarterLastYear).unwrap();
            assert_eq!(got.current_window.first.label(), q_first, "{last}");
            assert_eq!(got.current_window.last.label(), q_last, "{last}");
            assert_eq!(got.current_window.len(), 3);
            assert_eq!(got.baseline_window.len(), 3);
            assert_eq!(
                got.baseline_window.first.year() + 1,
                got.current_window.first.year()
            );
        }
    }

    #[test]
    fn missing_months_are_named() {
        let mut s = series("2022-01", "2024-01");
        let mar = s.iter().position(|(mo, _)| *mo == m("2022-05")).unwrap();
        s[mar].1 = None;
        let last = s.len() - 1;
        s[last].1 = None;
        let err = compare(&s, ComparisonKind::FinancialYearToDate).unwrap_err();
        assert!(err.reason.contains("May 2022"), "{}", err.reason);
        assert!(err.reason.contains("Jan 2024"), "{}", err.reason);
        // A missing month outside the windows does not matter.
        let ok = compare(&s[..last], ComparisonKind::LatestMonthOnPreviousMonth);
        assert!(ok.is_ok());
        // The latest month itself missing.
        let err = compare(&s, ComparisonKind::LatestMonthOnPreviousMonth).unwrap_err();
        assert_eq!(err.reason, "data are missing for Jan 2024");
    }

    #[test]
    fn zero_baseline_reads_new() {
        let mut s = series("2023-01", "2024-01");
        s[11].1 = Some(0);
        s[12].1 = Some(4);
        let got = compare(&s, ComparisonKind::LatestMonthOnPreviousMonth).unwrap();
        assert_eq!(got.change, Change::New);
        assert_eq!(got.absolute_change, 4);
        s[12].1 = Some(0);
        let got = compare(&s, ComparisonKind::LatestMonthOnPreviousMonth).unwrap();
        assert_eq!(got.change, Change::NoEvents);
        assert_eq!(got.test.verdict, Verdict::NotTestable);
    }

    #[test]
    fn bad_series_are_refused() {
        assert!(compare(&[], ComparisonKind::Rolling12Months).is_err());
        let gap = vec![(m("2023-01"), Some(1)), (m("2023-03"), Some(2))];
        let err = compare(&gap, ComparisonKind::LatestMonthOnPreviousMonth).unwrap_err();
        assert!(
            err.reason.contains("Mar 2023 follows Jan 2023"),
            "{}",
            err.reason
        );
        let one = vec![(m("2023-01"), Some(1))];
        let err = compare(&one, ComparisonKind::LatestMonthOnPreviousMonth).unwrap_err();
        assert!(err.reason.contains("needs 2 months"), "{}", err.reason);
        let first_ever = vec![(Month::new(1, 1).unwrap(), Some(1))];
        assert!(compare(&first_ever, ComparisonKind::Rolling12Months).is_err());
        // Totals beyond u64 are refused, not wrapped.
        let huge = vec![
            (m("2023-01"), Some(u64::MAX)),
            (m("2023-02"), Some(u64::MAX)),
        ];
        let err = compare(&huge, ComparisonKind::LatestMonthOnPreviousMonth).unwrap_err();
        assert!(err.reason.contains("too large"), "{}", err.reason);
        let huge: Vec<_> = m("2022-01")
            .through(m("2023-12"))
            .map(|mo| (mo, Some(u64::MAX / 4)))
            .collect();
        let err = compare(&huge, ComparisonKind::Rolling12Months).unwrap_err();
        assert!(err.reason.contains("too large"), "{}", err.reason);
    }

    #[test]
    fn latest_financial_year_on_the_one_before() {
        // Ends in June 2024: the latest complete financial year is 2023/24 (Apr 2023 – Mar 2024).
        let s = series("2022-04", "2024-06");
        let got = compare(&s, ComparisonKind::LatestFinancialYearOnPrevious).unwrap();
        assert_eq!(
            labels(got.current_window),
            ("Apr 2023".into(), "Mar 2024".into(), 12)
        );
        assert_eq!(
            labels(got.baseline_window),
            ("Apr 2022".into(), "Mar 2023".into(), 12)
        );
        assert_eq!(got.current_total, total(&s, "2023-04", "2024-03"));
        assert_eq!(got.baseline_total, total(&s, "2022-04", "2023-03"));
        // Ending in March, the year just finished is the latest.
        let march = series("2022-04", "2024-03");
        let got = compare(&march, ComparisonKind::LatestFinancialYearOnPrevious).unwrap();
        assert_eq!(got.current_window.last, m("2024-03"));
        let err = compare(&march[1..], ComparisonKind::LatestFinancialYearOnPrevious).unwrap_err();
        assert!(err.reason.contains("needs 24 months"), "{}", err.reason);
        let err = compare(&march, ComparisonKind::Custom).unwrap_err();
        assert!(err.reason.contains("chosen"), "{}", err.reason);
    }

    #[test]
    fn compare_all_gives_every_comparison() {
        // The previous financial year's comparison needs the most: Apr 2021 – Mar 2023.
        let s = series("2021-04", "2024-01");
        let all = compare_all(&s, TestOptions::default());
        assert_eq!(all.len(), ComparisonKind::ALL.len());
        assert!(all.iter().all(|(_, r)| r.is_ok()));
        let short = series("2023-06", "2024-01");
        let all = compare_all(&short, TestOptions::default());
        assert!(all[0].1.is_ok());
        assert!(all[1..].iter().all(|(_, r)| r.is_err()));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::with_cases(100)
        })]

        #[test]
        fn windows_are_equal_length_and_a_year_apart(
            year in 2000u16..2100, month in 1u8..=12, values in proptest::collection::vec(0u64..500, 30)) {
            let last = Month::new(year, month).unwrap();
            let first = Month::new(year - 3, month).unwrap();
            let s: Vec<_> = first.through(last).zip(values.iter().cycle()).map(|(mo, v)| (mo, Some(*v))).collect();
            for kind in ComparisonKind::ALL {
                let got = compare(&s, kind).unwrap();
                proptest::prop_assert_eq!(got.current_window.len(), got.baseline_window.len());
                proptest::prop_assert!(got.baseline_window.last < got.current_window.first);
                proptest::prop_assert!(got.current_window.last <= last);
                let starts = got.current_window.first.month();
                match kind {
                    ComparisonKind::FinancialYearToDate => proptest::prop_assert_eq!(starts, 4),
                    ComparisonKind::CalendarYearToDate => proptest::prop_assert_eq!(starts, 1),
                    ComparisonKind::LatestQuarterOnSameQuarterLastYear => {
                        proptest::prop_assert_eq!(starts % 3, 1);
                    }
                    _ => {}
                }
            }
        }
    }
}
