//! Fingertips benchmarking and recent trend against the fingertips-open unit tests: every row
//! of `fingertips_benchmark_comparison.csv` and every case of `fingertips_trend_marker.csv`,
//! plus properties of the methods.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use proptest::prelude::*;
use safer_trends::stats::benchmark::{
    ComparatorMethod, Comparison, NULL_VALUE, Polarity, ValueWithCis, compare,
};
use safer_trends::stats::recent_trend::{
    TrendMarker, TrendMethod, TrendOutcome, TrendPoint, recent_trend,
};

fn reference(name: &str) -> csv::Reader<std::fs::File> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/reference")
        .join(name);
    csv::Reader::from_path(path).unwrap()
}

fn opt(cell: &str) -> Option<f64> {
    if cell == "NA" {
        None
    } else {
        Some(cell.parse().unwrap())
    }
}

fn polarity(cell: &str) -> Polarity {
    match cell {
        "RagLowIsGood" => Polarity::LowIsGood,
        "RagHighIsGood" => Polarity::HighIsGood,
        "BlueOrangeBlue" => Polarity::NoJudgement,
        other => panic!("unknown polarity {other}"),
    }
}

/// Fingertips' significance name for an outcome.
fn fingertips_name(outcome: &Comparison) -> &'static str {
    match outcome {
        Comparison::Better => "Better",
        Comparison::Similar => "Same",
        Comparison::Worse => "Worse",
        Comparison::Best => "Best",
        Comparison::Worst => "Worst",
        Comparison::NotCompared { .. } => "None",
        other => panic!("no Fingertips name for {other:?} with a judged polarity"),
    }
}

#[test]
fn every_benchmark_reference_row() {
    let mut rdr = reference("fingertips_benchmark_comparison.csv");
    let headers = rdr.headers().unwrap().clone();
    let mut rows = 0;
    let mut failures = Vec::new();
    for (index, record) in rdr.records().enumerate() {
        let record = record.unwrap();
        let get = |name: &str| {
            record
                .get(headers.iter().position(|h| h == name).unwrap())
                .unwrap()
        };
        let confidence = opt(get("confidence_variable"));
        let unit = opt(get("unit_value"));
        let method = match get("comparator_method") {
            "SingleOverlappingCIsForOneCiLevel(1)" => {
                ComparatorMethod::SingleOverlappingCisOneLevel
            }
            "SingleOverlappingCIsForTwoCiLevels(17)" => {
                ComparatorMethod::SingleOverlappingCisTwoLevels
            }
            "DoubleOverlappingCIs(12)" => ComparatorMethod::DoubleOverlappingCis,
            // The C# tests that check the denominator leave the unit unset.
            "SpcForProportions(5)" => ComparatorMethod::SpcForProportions {
                z: confidence.unwrap(),
                denominator: opt(get("denominator")).unwrap_or(f64::NAN),
                unit: unit.unwrap_or(100.0),
            },
            "SpcForDsr(6)" => ComparatorMethod::SpcForDsr {
                tail: confidence.unwrap(),
                population: opt(get("denominator2")).unwrap_or(f64::NAN),
                unit: unit.unwrap(),
            },
            other => panic!("unknown comparator {other}"),
        };
        let area = ValueWithCis {
            value: opt(get("value")),
            lower95: opt(get("lower_ci95")),
            upper95: opt(get("upper_ci95")),
            lower998: opt(get("lower_ci99_8")),
            upper998: opt(get("upper_ci99_8")),
        };
        let benchmark = ValueWithCis {
            value: opt(get("benchmark_value")),
            lower95: opt(get("benchmark_lower_ci95")),
            upper95: opt(get("benchmark_upper_ci95")),
            lower998: None,
            upper998: None,
        };
        let outcome = compare(method, &area, &benchmark, polarity(get("polarity")));
        let want = get("expected_significance");
        let got = fingertips_name(&outcome);
        if got != want {
            failures.push(format!(
                "row {} ({}): want {want}, got {outcome:?}",
                index + 2,
                get("source").rsplit("::").next().unwrap()
            ));
        }
        if let Comparison::NotCompared { reason } = &outcome {
            assert!(!reason.is_empty());
        }
        assert!(!outcome.label().is_empty());
        rows += 1;
    }
    assert_eq!(rows, 52);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

struct TrendCase {
    method: TrendMethod,
    year_range: u32,
    points: Vec<TrendPoint>,
    significant: bool,
    chi2: Option<f64>,
    marker: Option<TrendMarker>,
}

fn trend_cases() -> BTreeMap<String, TrendCase> {
    let mut rdr = reference("fingertips_trend_marker.csv");
    let headers = rdr.headers().unwrap().clone();
    let mut cases: BTreeMap<String, TrendCase> = BTreeMap::new();
    for record in rdr.records() {
        let record = record.unwrap();
        let get = |name: &str| {
            record
                .get(headers.iter().position(|h| h == name).unwrap())
                .unwrap()
        };
        let case = cases
            .entry(get("case_id").to_string())
            .or_insert_with(|| TrendCase {
                method: match get("method") {
                    "weighted_regression_on_ci" => TrendMethod::WeightedRegressionOnCi,
                    "spc_for_proportions_logit_chi2" => TrendMethod::SpcForProportionsLogitChi2,
                    other => panic!("unknown method {other}"),
                },
                year_range: get("year_range").parse().unwrap(),
                points: Vec::new(),
                significant: get("expected_is_significant").parse().unwrap(),
                chi2: opt(get("expected_chi2_round2")),
                marker: match get("expected_marker") {
                    "NA" => None,
                    "CannotBeCalculated" => Some(TrendMarker::CannotBeCalculated),
                    "Increasing" => Some(TrendMarker::Increasing),
                    "Decreasing" => Some(TrendMarker::Decreasing),
                    "NoChange" => Some(TrendMarker::NoSignificantChange),
                    other => panic!("unknown marker {other}"),
                },
            });
        case.points.push(TrendPoint {
            year: get("year").parse().unwrap(),
            count: opt(get("count")),
            denominator: opt(get("denominator")),
            value: opt(get("value")),
            lower_ci95: opt(get("lower_ci95")),
            upper_ci95: opt(get("upper_ci95")),
        });
    }
    cases
}

#[test]
fn every_trend_reference_case() {
    let cases = trend_cases();
    assert_eq!(cases.len(), 5);
    for (id, case) in &cases {
        let result = recent_trend(case.method, case.year_range, &case.points);
        assert_eq!(result.is_significant, case.significant, "{id}: {result:?}");
        if let Some(chi2) = case.chi2 {
            let rounded = (result.chi_squared * 100.0).round() / 100.0;
            assert!(
                (rounded - chi2).abs() < 1e-9,
                "{id}: χ² {} want {chi2}",
                result.chi_squared
            );
        }
        if let Some(marker) = case.marker {
            assert_eq!(result.marker, marker, "{id}: {result:?}");
        }
        // Where the file asserts no marker, the marker still follows the significance.
        match result.marker {
            TrendMarker::Increasing | TrendMarker::Decreasing => {
                assert!(result.is_significant, "{id}")
            }
            TrendMarker::CannotBeCalculated => assert!(result.reason.is_some(), "{id}"),
            TrendMarker::NoSignificantChange => assert!(!result.is_significant, "{id}"),
        }
        assert!(result.chi_squared.is_finite(), "{id}");
    }
    // The invalid request (3-year figures) cannot be calculated; the rising series is
    // increasing, by both methods.
    let invalid = &cases["TestCalculateTrendInvalidTrendRequest"];
    let result = recent_trend(invalid.method, invalid.year_range, &invalid.points);
    assert_eq!(result.marker, TrendMarker::CannotBeCalculated);
    for id in [
        "TestIsSignificantReturnsTrue",
        "TestIsSignificantForProportionsReturnsTrue",
    ] {
        let case = &cases[id];
        let result = recent_trend(case.method, case.year_range, &case.points);
        assert_eq!(result.marker, TrendMarker::Increasing, "{id}");
        assert_eq!(
            result.outcome(Polarity::LowIsGood),
            TrendOutcome::IncreasingGettingWorse
        );
        assert_eq!(
            result.outcome(Polarity::HighIsGood),
            TrendOutcome::IncreasingGettingBetter
        );
        assert_eq!(result.outcome(Polarity::NoJudgement).label(), "Increasing");
    }
    let flat = &cases["TestIsSignificantReturnsFalse"];
    let result = recent_trend(flat.method, flat.year_range, &flat.points);
    assert_eq!(result.marker, TrendMarker::NoSignificantChange);
}

#[test]
fn trend_needs_five_unbroken_recent_points() {
    let cases = trend_cases();
    let case = &cases["TestIsSignificantReturnsTrue"];
    let four = &case.points[1..];
    let result = recent_trend(case.method, 1, four);
    assert_eq!(result.marker, TrendMarker::CannotBeCalculated);
    assert_eq!(
        result.outcome(Polarity::HighIsGood).label(),
        "Cannot be calculated"
    );

    // A suppressed value in the middle breaks the run back from the most recent year.
    let mut broken = case.points.clone();
    broken[2].value = Some(NULL_VALUE);
    let result = recent_trend(case.method, 1, &broken);
    assert_eq!(result.marker, TrendMarker::CannotBeCalculated);

    // An older invalid year does not matter when five recent ones are valid.
    let mut longer = case.points.clone();
    longer.push(TrendPoint {
        year: 2013,
        value: None,
        ..case.points[0]
    });
    let result = recent_trend(case.method, 1, &longer);
    assert_eq!(result.marker, TrendMarker::Increasing);

    // Order of input does not matter.
    let mut shuffled = case.points.clone();
    shuffled.reverse();
    let result = recent_trend(case.method, 1, &shuffled);
    assert_eq!(result.marker, TrendMarker::Increasing);
}

#[test]
fn not_applicable_and_no_judgement_polarities() {
    let area = ValueWithCis::new(3.3).with_ci95(3.2, 3.5);
    let benchmark = ValueWithCis::new(3.0);
    let method = ComparatorMethod::SingleOverlappingCisOneLevel;
    assert_eq!(
        compare(method, &area, &benchmark, Polarity::NoJudgement),
        Comparison::Higher
    );
    let lower = ValueWithCis::new(2.5).with_ci95(2.2, 2.8);
    assert_eq!(
        compare(method, &lower, &benchmark, Polarity::NoJudgement),
        Comparison::Lower
    );
    let outcome = compare(method, &area, &benchmark, Polarity::NotApplicable);
    assert!(outcome.reason().is_some());
    assert_eq!(outcome.label(), "Not compared");

    let two = ComparatorMethod::SingleOverlappingCisTwoLevels;
    let area = ValueWithCis::new(2.6)
        .with_ci95(2.5, 2.7)
        .with_ci998(2.3, 2.9);
    let outcome = compare(two, &area, &ValueWithCis::new(3.0), Polarity::NoJudgement);
    assert_eq!(outcome, Comparison::MuchLower);
    assert_eq!(outcome.label(), "Lower than benchmark (99.8% confidence)");
}

fn swap(outcome: &Comparison) -> Comparison {
    match outcome {
        Comparison::Better => Comparison::Worse,
        Comparison::Worse => Comparison::Better,
        Comparison::Best => Comparison::Worst,
        Comparison::Worst => Comparison::Best,
        other => other.clone(),
    }
}

fn any_method() -> impl Strategy<Value = ComparatorMethod> {
    prop_oneof![
        Just(ComparatorMethod::SingleOverlappingCisOneLevel),
        Just(ComparatorMethod::SingleOverlappingCisTwoLevels),
        Just(ComparatorMethod::DoubleOverlappingCis),
        (0.5f64..4.0, -10.0f64..1e6).prop_map(|(z, denominator)| {
            ComparatorMethod::SpcForProportions {
                z,
                denominator,
                unit: 100.0,
            }
        }),
        (0.0001f64..0.2, -10.0f64..1e7).prop_map(|(tail, population)| {
            ComparatorMethod::SpcForDsr {
                tail,
                population,
                unit: 100_000.0,
            }
        }),
    ]
}

/// A value with limits that surround it, 99.8% wider than 95%.
fn any_value() -> impl Strategy<Value = ValueWithCis> {
    (
        0.0f64..100.0,
        0.0f64..10.0,
        0.0f64..10.0,
        0.0f64..5.0,
        0.0f64..5.0,
    )
        .prop_map(|(value, below, above, more_below, more_above)| {
            ValueWithCis::new(value)
                .with_ci95(value - below, value + above)
                .with_ci998(value - below - more_below, value + above + more_above)
        })
}

fn any_figure() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        Just(None),
        Just(Some(NULL_VALUE)),
        Just(Some(f64::NAN)),
        Just(Some(f64::INFINITY)),
        (-1e9f64..1e9).prop_map(Some),
    ]
}

fn any_trend_point() -> impl Strategy<Value = TrendPoint> {
    (
        2000i32..2010,
        any_figure(),
        any_figure(),
        any_figure(),
        any_figure(),
        any_figure(),
    )
        .prop_map(
            |(year, count, denominator, value, lower_ci95, upper_ci95)| TrendPoint {
                year,
                count,
                denominator,
                value,
                lower_ci95,
                upper_ci95,
            },
        )
}

/// Five annual points with sensible counts, values and intervals.
fn sensible_series() -> impl Strategy<Value = Vec<TrendPoint>> {
    prop::collection::vec((1.0f64..5000.0, 5000.0f64..50_000.0, 0.01f64..5.0), 5).prop_map(|rows| {
        rows.into_iter()
            .zip(2015..)
            .map(|((count, denominator, half_width), year)| {
                let value = 100.0 * count / denominator;
                TrendPoint {
                    year,
                    count: Some(count),
                    denominator: Some(denominator),
                    value: Some(value),
                    lower_ci95: Some(value - half_width),
                    upper_ci95: Some(value + half_width),
                }
            })
            .collect()
    })
}

fn opposite(marker: TrendMarker) -> TrendMarker {
    match marker {
        TrendMarker::Increasing => TrendMarker::Decreasing,
        TrendMarker::Decreasing => TrendMarker::Increasing,
        other => other,
    }
}

proptest! {
    #[test]
    fn swapping_polarity_swaps_better_and_worse(
        method in any_method(), area in any_value(), benchmark in any_value(),
    ) {
        let low = compare(method, &area, &benchmark, Polarity::LowIsGood);
        let high = compare(method, &area, &benchmark, Polarity::LowIsGood.reversed());
        prop_assert_eq!(swap(&low), high);
    }

    #[test]
    fn equal_to_benchmark_is_never_better_or_worse(
        method in any_method(), area in any_value(), benchmark in any_value(),
        high_is_good in any::<bool>(),
    ) {
        let benchmark = ValueWithCis { value: area.value, ..benchmark };
        let polarity = if high_is_good { Polarity::HighIsGood } else { Polarity::LowIsGood };
        let outcome = compare(method, &area, &benchmark, polarity);
        prop_assert!(
            matches!(outcome, Comparison::Similar | Comparison::NotCompared { .. }),
            "{:?}", outcome
        );
    }

    #[test]
    fn comparison_never_panics(
        method in any_method(),
        area in (any_figure(), any_figure(), any_figure(), any_figure(), any_figure()),
        benchmark in (any_figure(), any_figure(), any_figure()),
        z in prop_oneof![Just(f64::NAN), Just(0.0), Just(-1.0), 0.0f64..10.0],
        unit in prop_oneof![Just(f64::NAN), Just(0.0), Just(-1.0), Just(100.0), 0.0f64..1e6],
    ) {
        let area = ValueWithCis { value: area.0, lower95: area.1, upper95: area.2, lower998: area.3, upper998: area.4 };
        let benchmark = ValueWithCis { value: benchmark.0, lower95: benchmark.1, upper95: benchmark.2, ..ValueWithCis::default() };
        let methods = [
            method,
            ComparatorMethod::SpcForProportions { z, denominator: unit, unit },
            ComparatorMethod::SpcForDsr { tail: z, population: unit, unit },
        ];
        for method in methods {
            for polarity in [Polarity::LowIsGood, Polarity::HighIsGood, Polarity::NoJudgement, Polarity::NotApplicable] {
                let outcome = compare(method, &area, &benchmark, polarity);
                prop_assert!(!outcome.label().is_empty());
            }
        }
    }

    #[test]
    fn reversed_series_gives_opposite_or_no_trend(points in sensible_series(), proportions in any::<bool>()) {
        let method = if proportions { TrendMethod::SpcForProportionsLogitChi2 } else { TrendMethod::WeightedRegressionOnCi };
        let forward = recent_trend(method, 1, &points);
        // The same figures in the opposite order of years.
        let mut reversed = points.clone();
        let years: Vec<i32> = points.iter().map(|p| p.year).rev().collect();
        for (point, year) in reversed.iter_mut().zip(years) {
            point.year = year;
        }
        let backward = recent_trend(method, 1, &reversed);
        prop_assert_eq!(backward.marker, opposite(forward.marker), "{:?} then {:?}", forward, backward);
        prop_assert!((forward.chi_squared - backward.chi_squared).abs() <= 1e-6 * forward.chi_squared.max(1.0));
    }

    #[test]
    fn trend_never_panics(
        points in prop::collection::vec(any_trend_point(), 0..8),
        year_range in 0u32..4,
        proportions in any::<bool>(),
    ) {
        let method = if proportions { TrendMethod::SpcForProportionsLogitChi2 } else { TrendMethod::WeightedRegressionOnCi };
        let result = recent_trend(method, year_range, &points);
        prop_assert!(result.chi_squared.is_finite());
        prop_assert_eq!(result.marker == TrendMarker::CannotBeCalculated, result.reason.is_some());
    }
}
