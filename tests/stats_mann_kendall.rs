//! Mann–Kendall, Hamed–Rao, seasonal Mann–Kendall and Sen's slope against pymannkendall
//! 1.4.3 (`tests/data/reference/mk_pymannkendall.csv`), plus properties the method must have
//! whatever the data.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::PathBuf;

use proptest::prelude::*;
use safer_trends::stats::mann_kendall::{
    DEFAULT_ALPHA, Lags, MONTHLY_PERIOD, MannKendall, hamed_rao_test, original_test, seasonal_test,
};

#[derive(Debug, serde::Deserialize)]
struct Row {
    series_id: String,
    test: String,
    period: String,
    alpha: f64,
    n: usize,
    n_nonmissing: usize,
    series: String,
    trend: String,
    h: String,
    p: String,
    z: String,
    tau: String,
    s: String,
    var_s: String,
    slope: String,
    intercept: String,
}

fn parse_series(text: &str) -> Vec<Option<f64>> {
    text.split(';')
        .map(|v| match v {
            "NA" | "nan" | "NaN" => None,
            v => Some(v.parse::<f64>().unwrap()),
        })
        .collect()
}

fn number(text: &str) -> Option<f64> {
    match text {
        "NA" | "nan" | "NaN" => None,
        "inf" => Some(f64::INFINITY),
        "-inf" => Some(f64::NEG_INFINITY),
        v => Some(v.parse::<f64>().unwrap()),
    }
}

fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() <= 1e-9 || (actual - expected).abs() <= 1e-6 * expected.abs()
}

fn rows() -> Vec<Row> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/reference/mk_pymannkendall.csv");
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader.deserialize().map(|r| r.unwrap()).collect()
}

fn run(row: &Row) -> Result<MannKendall, safer_trends::stats::CannotCalculate> {
    let series = parse_series(&row.series);
    match row.test.as_str() {
        "original_test" => original_test(&series, row.alpha),
        "hamed_rao_modification_test" => hamed_rao_test(&series, row.alpha, Lags::All),
        "hamed_rao_modification_test_lag3" => hamed_rao_test(&series, row.alpha, Lags::UpTo(3)),
        "seasonal_test" => {
            let period = row.period.parse::<f64>().unwrap() as usize;
            seasonal_test(&series, period, row.alpha)
        }
        other => panic!("unknown test {other} for {}", row.series_id),
    }
}

/// Every reference row: where pymannkendall's z and p are NaN (the Hamed–Rao correction
/// made the variance negative) the answer must be `Err`; otherwise every field must match.
/// The one documented difference: for an all-equal series Hamed–Rao's variance is NaN in
/// pymannkendall (0 × NaN), and 0 here, since every value ties and S cannot vary.
#[test]
fn every_reference_row_matches_pymannkendall() {
    let rows = rows();
    assert_eq!(rows.len(), 28);
    let mut failures = Vec::new();
    for row in &rows {
        let label = format!("{} / {}", row.series_id, row.test);
        let series = parse_series(&row.series);
        assert_eq!(series.len(), row.n, "{label}: series length");
        assert_eq!(
            series.iter().flatten().count(),
            row.n_nonmissing,
            "{label}: values present"
        );
        let result = run(row);
        if number(&row.p).is_none() || number(&row.z).is_none() {
            if let Ok(r) = &result {
                failures.push(format!(
                    "{label}: expected Err (NaN in pymannkendall), got {r:?}"
                ));
            }
            continue;
        }
        let r = match result {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{label}: unexpected Err: {e}"));
                continue;
            }
        };
        let mut check = |field: &str, actual: f64, expected: &str| {
            let expected = match number(expected) {
                Some(v) => v,
                // Only the all-equal Hamed–Rao variance is NA among rows with a p-value.
                None => {
                    if actual != 0.0 {
                        failures.push(format!("{label}: {field} = {actual}, expected 0 (NA)"));
                    }
                    return;
                }
            };
            if !close(actual, expected) {
                failures.push(format!(
                    "{label}: {field} = {actual:e}, expected {expected:e}"
                ));
            }
        };
        check("p", r.p, &row.p);
        check("z", r.z, &row.z);
        check("tau", r.tau, &row.tau);
        check("s", r.s as f64, &row.s);
        check("var_s", r.var_s, &row.var_s);
        check("slope", r.slope, &row.slope);
        check("intercept", r.intercept, &row.intercept);
        if r.trend.as_str() != row.trend {
            failures.push(format!(
                "{label}: trend {:?}, expected {}",
                r.trend, row.trend
            ));
        }
        if r.h != (row.h == "true") {
            failures.push(format!("{label}: h {}, expected {}", r.h, row.h));
        }
        if r.n != row.n_nonmissing {
            failures.push(format!("{label}: n {}, expected {}", r.n, row.n_nonmissing));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn reference_covers_every_test_kind() {
    let rows = rows();
    for kind in [
        "original_test",
        "hamed_rao_modification_test",
        "hamed_rao_modification_test_lag3",
        "seasonal_test",
    ] {
        assert!(rows.iter().any(|r| r.test == kind), "no {kind} rows");
    }
}

fn assert_finite(r: &MannKendall) {
    for v in [r.p, r.z, r.tau, r.var_s, r.slope, r.intercept] {
        assert!(v.is_finite(), "non-finite value in {r:?}");
    }
    assert!((0.0..=1.0).contains(&r.p), "p out of [0, 1] in {r:?}");
}

fn close_rel(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

/// Integer-valued series (with gaps) so that shifting and reversing are exact in f64.
fn integer_series() -> impl Strategy<Value = Vec<Option<f64>>> {
    prop::collection::vec(
        prop_oneof![9 => (-50_i32..50).prop_map(|v| Some(v as f64)), 1 => Just(None)],
        3..40,
    )
}

fn any_series() -> impl Strategy<Value = Vec<Option<f64>>> {
    prop::collection::vec(
        prop_oneof![
            4 => any::<f64>().prop_map(Some),
            2 => (-5_i32..5).prop_map(|v| Some(v as f64)),
            1 => Just(Some(f64::NAN)),
            1 => Just(Some(f64::INFINITY)),
            1 => Just(Some(f64::NEG_INFINITY)),
            1 => Just(None),
        ],
        0..40,
    )
}

proptest! {
    #[test]
    fn reversing_negates_direction_and_keeps_p(series in integer_series()) {
        let reversed: Vec<Option<f64>> = series.iter().rev().copied().collect();
        let forward = original_test(&series, DEFAULT_ALPHA);
        let backward = original_test(&reversed, DEFAULT_ALPHA);
        match (forward, backward) {
            (Ok(f), Ok(b)) => {
                prop_assert_eq!(f.s, -b.s);
                prop_assert!(close_rel(f.z, -b.z));
                prop_assert!(close_rel(f.tau, -b.tau));
                prop_assert!(close_rel(f.slope, -b.slope));
                prop_assert!(close_rel(f.p, b.p));
                prop_assert!(close_rel(f.var_s, b.var_s));
            }
            (Err(_), Err(_)) => {}
            (f, b) => prop_assert!(false, "forward {:?} backward {:?}", f, b),
        }
    }

    #[test]
    fn adding_a_constant_moves_only_the_intercept(
        series in integer_series(),
        shift in -1000_i32..1000,
    ) {
        let shift = f64::from(shift);
        let shifted: Vec<Option<f64>> = series.iter().map(|v| v.map(|x| x + shift)).collect();
        let pairs = [
            (original_test(&series, DEFAULT_ALPHA), original_test(&shifted, DEFAULT_ALPHA)),
            (
                seasonal_test(&series, 4, DEFAULT_ALPHA),
                seasonal_test(&shifted, 4, DEFAULT_ALPHA),
            ),
        ];
        for pair in pairs {
            match pair {
                (Ok(a), Ok(b)) => {
                    prop_assert_eq!(a.s, b.s);
                    prop_assert_eq!(a.trend, b.trend);
                    prop_assert_eq!(a.h, b.h);
                    prop_assert_eq!(a.p, b.p);
                    prop_assert_eq!(a.z, b.z);
                    prop_assert_eq!(a.tau, b.tau);
                    prop_assert_eq!(a.var_s, b.var_s);
                    prop_assert_eq!(a.slope, b.slope);
                    prop_assert!(close_rel(a.intercept + shift, b.intercept));
                }
                (Err(_), Err(_)) => {}
                (a, b) => prop_assert!(false, "before {:?} after {:?}", a, b),
            }
        }
    }

    #[test]
    fn scaling_by_a_positive_constant_scales_the_slope(
        series in integer_series(),
        factor in 0.01_f64..1000.0,
    ) {
        let scaled: Vec<Option<f64>> = series.iter().map(|v| v.map(|x| x * factor)).collect();
        match (original_test(&series, DEFAULT_ALPHA), original_test(&scaled, DEFAULT_ALPHA)) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a.s, b.s);
                prop_assert_eq!(a.p, b.p);
                prop_assert_eq!(a.trend, b.trend);
                prop_assert!(close_rel(a.slope * factor, b.slope));
                prop_assert!(close_rel(a.intercept * factor, b.intercept));
            }
            (Err(_), Err(_)) => {}
            (a, b) => prop_assert!(false, "before {:?} after {:?}", a, b),
        }
    }

    #[test]
    fn p_is_a_probability_and_results_are_finite(series in integer_series(), lag in 0_usize..6) {
        let results = [
            original_test(&series, DEFAULT_ALPHA),
            hamed_rao_test(&series, DEFAULT_ALPHA, Lags::All),
            hamed_rao_test(&series, DEFAULT_ALPHA, Lags::UpTo(lag)),
            seasonal_test(&series, MONTHLY_PERIOD, DEFAULT_ALPHA),
            seasonal_test(&series, 3, DEFAULT_ALPHA),
        ];
        // Err is allowed (too few values); an Ok must be finite with p in [0, 1].
        for r in results.iter().flatten() {
            assert_finite(r);
        }
    }

    #[test]
    fn arbitrary_input_never_panics_and_infinity_is_refused(
        series in any_series(),
        alpha in prop_oneof![Just(DEFAULT_ALPHA), any::<f64>()],
        period in 0_usize..14,
        lag in 0_usize..50,
    ) {
        let has_infinity = series.iter().flatten().any(|v| v.is_infinite());
        for result in [
            original_test(&series, alpha),
            hamed_rao_test(&series, alpha, Lags::All),
            hamed_rao_test(&series, alpha, Lags::UpTo(lag)),
            seasonal_test(&series, period, alpha),
        ] {
            match result {
                Ok(r) => {
                    prop_assert!(!has_infinity, "infinite input gave {:?}", r);
                    assert_finite(&r);
                }
                Err(e) => prop_assert!(!e.reason.is_empty()),
            }
        }
    }
}
