//! XmR charts against NHSRplotthedots reference output: every row of `spc_xmr_points.csv`,
//! `spc_xmr_summary.csv` and `spc_ptd_rule_helpers.csv`, plus properties of the method.
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
use safer_trends::stats::spc::{
    ImprovementDirection, PointType, SpcChart, SpcOptions, part_of_seven_trend,
    seven_point_one_side_mean, seven_point_trend, two_in_three, xmr,
};

fn reference(name: &str) -> csv::Reader<std::fs::File> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/reference")
        .join(name);
    csv::Reader::from_path(path).unwrap()
}

/// Within 1e-6 relative, or 1e-9 absolute for values near zero.
fn close(got: f64, want: f64) -> bool {
    let diff = (got - want).abs();
    diff <= 1e-9 || diff <= 1e-6 * want.abs()
}

fn optional(cell: &str) -> Option<f64> {
    (cell != "NA").then(|| cell.parse().unwrap())
}

fn boolean(cell: &str) -> bool {
    match cell {
        "true" => true,
        "false" => false,
        other => panic!("not a boolean: {other}"),
    }
}

#[derive(Debug, serde::Deserialize)]
struct PointRow {
    case_id: String,
    improvement_direction: String,
    screen_outliers: String,
    fix_after_n_points: String,
    rebase_at_index: String,
    target: String,
    index: usize,
    y: f64,
    rebase_group: usize,
    mean: f64,
    lpl: f64,
    upl: f64,
    outside_limits: String,
    relative_to_mean: i8,
    close_to_limits: String,
    special_cause_type: String,
    point_type: String,
}

fn direction(word: &str) -> ImprovementDirection {
    match word {
        "increase" => ImprovementDirection::Increase,
        "decrease" => ImprovementDirection::Decrease,
        "neutral" => ImprovementDirection::Neutral,
        other => panic!("unknown direction {other}"),
    }
}

fn options_of(row: &PointRow) -> SpcOptions {
    SpcOptions {
        improvement_direction: direction(&row.improvement_direction),
        screen_outliers: boolean(&row.screen_outliers),
        fix_after_n_points: optional(&row.fix_after_n_points).map(|n| n as usize),
        // The reference gives 1-based positions, as R does; the API takes 0-based ones.
        rebase_at_index: if row.rebase_at_index == "NA" {
            Vec::new()
        } else {
            row.rebase_at_index
                .split(';')
                .map(|s| s.parse::<f64>().unwrap() as usize - 1)
                .collect()
        },
        target: optional(&row.target),
    }
}

/// Cases in file order: options and the rows of the case.
fn point_cases() -> Vec<(SpcOptions, Vec<PointRow>)> {
    let mut cases: Vec<(SpcOptions, Vec<PointRow>)> = Vec::new();
    for row in reference("spc_xmr_points.csv").deserialize::<PointRow>() {
        let row = row.unwrap();
        match cases.last_mut() {
            Some((_, rows)) if rows[0].case_id == row.case_id => rows.push(row),
            _ => cases.push((options_of(&row), vec![row])),
        }
    }
    cases
}

fn chart_of(options: &SpcOptions, rows: &[PointRow]) -> SpcChart {
    let ys: Vec<f64> = rows.iter().map(|r| r.y).collect();
    xmr(&ys, options).unwrap_or_else(|e| panic!("{}: {e}", rows[0].case_id))
}

#[test]
fn every_reference_point_matches() {
    let cases = point_cases();
    assert_eq!(cases.len(), 18);
    let mut checked = 0;
    for (options, rows) in &cases {
        let chart = chart_of(options, rows);
        assert_eq!(chart.points.len(), rows.len(), "{}", rows[0].case_id);
        for (row, p) in rows.iter().zip(&chart.points) {
            let at = format!("case {} index {}", row.case_id, row.index);
            assert_eq!(p.y, row.y, "{at}: y");
            assert_eq!(p.rebase_group, row.rebase_group, "{at}: rebase_group");
            assert!(
                close(p.mean, row.mean),
                "{at}: mean {} vs {}",
                p.mean,
                row.mean
            );
            assert!(close(p.lpl, row.lpl), "{at}: lpl {} vs {}", p.lpl, row.lpl);
            assert!(close(p.upl, row.upl), "{at}: upl {} vs {}", p.upl, row.upl);
            assert_eq!(
                p.outside_limits,
                boolean(&row.outside_limits),
                "{at}: outside_limits"
            );
            assert_eq!(
                p.relative_to_mean, row.relative_to_mean,
                "{at}: relative_to_mean"
            );
            assert_eq!(
                p.close_to_limits,
                boolean(&row.close_to_limits),
                "{at}: close_to_limits"
            );
            assert_eq!(
                p.special_cause_type.label(),
                row.special_cause_type,
                "{at}: special_cause_type"
            );
            assert_eq!(p.point_type.label(), row.point_type, "{at}: point_type");
            checked += 1;
        }
    }
    assert_eq!(checked, 437);
}

#[derive(Debug, serde::Deserialize)]
struct SummaryRow {
    case_id: String,
    n: usize,
    groups: usize,
    last_mean: f64,
    last_lpl: f64,
    last_upl: f64,
    n_special_cause_improvement: usize,
    n_special_cause_concern: usize,
    n_special_cause_neutral: usize,
    variation_type_last_point: String,
    assurance_type: String,
}

#[test]
fn every_reference_summary_matches() {
    let cases: BTreeMap<String, (SpcOptions, Vec<PointRow>)> = point_cases()
        .into_iter()
        .map(|(o, rows)| (rows[0].case_id.clone(), (o, rows)))
        .collect();
    let mut checked = 0;
    for row in reference("spc_xmr_summary.csv").deserialize::<SummaryRow>() {
        let row = row.unwrap();
        let at = format!("case {}", row.case_id);
        let (options, rows) = &cases[&row.case_id];
        let s = chart_of(options, rows).summary;
        assert_eq!(s.n, row.n, "{at}: n");
        assert_eq!(s.groups, row.groups, "{at}: groups");
        assert!(close(s.last_mean, row.last_mean), "{at}: last_mean");
        assert!(close(s.last_lpl, row.last_lpl), "{at}: last_lpl");
        assert!(close(s.last_upl, row.last_upl), "{at}: last_upl");
        assert_eq!(
            s.n_special_cause_improvement, row.n_special_cause_improvement,
            "{at}: improvement count"
        );
        assert_eq!(
            s.n_special_cause_concern, row.n_special_cause_concern,
            "{at}: concern count"
        );
        assert_eq!(
            s.n_special_cause_neutral, row.n_special_cause_neutral,
            "{at}: neutral count"
        );
        assert_eq!(
            s.variation_type.label(),
            row.variation_type_last_point,
            "{at}: variation type"
        );
        assert_eq!(
            s.assurance_type.map_or("NA", |a| a.label()),
            row.assurance_type,
            "{at}: assurance type"
        );
        assert_eq!(
            s.short_group_warning,
            row.n < 12,
            "{at}: short group warning"
        );
        checked += 1;
    }
    assert_eq!(checked, 18);
}

#[derive(Debug, serde::Deserialize)]
struct HelperRow {
    function_name: String,
    input: String,
    input2: String,
    output: String,
}

fn ints(cell: &str) -> Vec<i8> {
    cell.split(';').map(|s| s.parse().unwrap()).collect()
}

#[test]
fn every_reference_rule_helper_matches() {
    let mut checked = 0;
    for (row_number, row) in reference("spc_ptd_rule_helpers.csv")
        .deserialize::<HelperRow>()
        .enumerate()
    {
        let row = row.unwrap();
        let at = format!("helper row {} ({})", row_number + 1, row.function_name);
        let want = ints(&row.output);
        let got: Vec<i8> = match row.function_name.as_str() {
            "ptd_seven_point_one_side_mean" => seven_point_one_side_mean(&ints(&row.input)),
            "ptd_part_of_seven_trend" => part_of_seven_trend(&ints(&row.input)),
            "ptd_seven_point_trend" => {
                let y: Vec<f64> = row.input.split(';').map(|s| s.parse().unwrap()).collect();
                seven_point_trend(&y)
            }
            "ptd_two_in_three" => {
                let close: Vec<bool> = ints(&row.input).iter().map(|&v| v == 1).collect();
                two_in_three(&close, &ints(&row.input2))
                    .into_iter()
                    .map(i8::from)
                    .collect()
            }
            other => panic!("{at}: unknown helper {other}"),
        };
        assert_eq!(got, want, "{at}: input {}", row.input);
        checked += 1;
    }
    assert_eq!(checked, 25);
}

#[test]
fn degenerate_input_is_an_error_not_a_panic() {
    let o = SpcOptions::default();
    assert!(xmr(&[], &o).is_err());
    assert!(xmr(&[3.0], &o).is_err());
    assert!(xmr(&[1.0, f64::NAN, 2.0], &o).is_err());
    assert!(xmr(&[1.0, f64::INFINITY, 2.0], &o).is_err());
    assert!(
        xmr(
            &[1.0, 2.0, 3.0],
            &SpcOptions {
                fix_after_n_points: Some(1),
                ..o.clone()
            }
        )
        .is_err()
    );
    assert!(
        xmr(
            &[1.0, 2.0, 3.0],
            &SpcOptions {
                fix_after_n_points: Some(0),
                ..o.clone()
            }
        )
        .is_err()
    );
    // A rebase group of one point has no moving range, so no limits.
    assert!(
        xmr(
            &[1.0, 2.0, 3.0],
            &SpcOptions {
                rebase_at_index: vec![2],
                ..o.clone()
            }
        )
        .is_err()
    );
    assert!(
        xmr(
            &[1.0, 2.0, 3.0],
            &SpcOptions {
                rebase_at_index: vec![3],
                ..o.clone()
            }
        )
        .is_err()
    );
    assert!(
        xmr(
            &[1.0, 2.0, 3.0],
            &SpcOptions {
                target: Some(f64::NAN),
                ..o.clone()
            }
        )
        .is_err()
    );
    assert!(xmr(&[f64::MAX, -f64::MAX, f64::MAX], &o).is_err());
    // Two points are enough for a (trial) chart, with the short-group warning.
    let two = xmr(&[1.0, 2.0], &o).unwrap();
    assert!(two.summary.short_group_warning);
}

#[test]
fn constant_series_with_screening_has_zero_width_limits() {
    // Every moving range is zero, so screening keeps none; the spread is still zero.
    let chart = xmr(&[7.0; 15], &SpcOptions::default()).unwrap();
    assert!(chart.points.iter().all(|p| p.lpl == 7.0 && p.upl == 7.0));
    assert!(
        chart
            .points
            .iter()
            .all(|p| p.point_type == PointType::CommonCause)
    );
}

fn options_with(direction: ImprovementDirection, screen: bool) -> SpcOptions {
    SpcOptions {
        improvement_direction: direction,
        screen_outliers: screen,
        ..SpcOptions::default()
    }
}

fn any_direction() -> impl Strategy<Value = ImprovementDirection> {
    prop_oneof![
        Just(ImprovementDirection::Increase),
        Just(ImprovementDirection::Decrease),
        Just(ImprovementDirection::Neutral),
    ]
}

/// Whether any point sits (nearly) on a boundary a rule compares it with, where rounding
/// of a transformed series may legitimately tip it to the other side.
fn near_a_boundary(chart: &SpcChart) -> bool {
    chart.points.iter().any(|p| {
        let amr = (p.upl - p.mean) / 2.66;
        let scale = 1e-9 * (1.0 + p.mean.abs() + amr.abs());
        let close = 2.0 * (2.66 / 3.0) * amr;
        [p.mean, p.lpl, p.upl, p.mean - close, p.mean + close]
            .iter()
            .any(|b| (p.y - b).abs() <= scale)
    })
}

proptest! {
    #[test]
    fn limits_are_symmetric_about_the_mean(
        ys in prop::collection::vec(-1e6f64..1e6, 2..60),
        screen in any::<bool>(),
    ) {
        let chart = xmr(&ys, &options_with(ImprovementDirection::Increase, screen)).unwrap();
        for p in &chart.points {
            let up = p.upl - p.mean;
            let down = p.mean - p.lpl;
            prop_assert!(up >= 0.0);
            prop_assert!((up - down).abs() <= 1e-9 * (1.0 + p.mean.abs() + up));
        }
    }

    #[test]
    fn adding_a_constant_shifts_mean_and_limits_only(
        ys in prop::collection::vec(-500i32..500, 2..60),
        shift in -10_000i32..10_000,
        direction in any_direction(),
        screen in any::<bool>(),
    ) {
        let ys: Vec<f64> = ys.into_iter().map(f64::from).collect();
        let c = f64::from(shift);
        let shifted: Vec<f64> = ys.iter().map(|y| y + c).collect();
        let o = options_with(direction, screen);
        let a = xmr(&ys, &o).unwrap();
        let b = xmr(&shifted, &o).unwrap();
        prop_assume!(!near_a_boundary(&a));
        for (p, q) in a.points.iter().zip(&b.points) {
            let tol = 1e-9 * (1.0 + c.abs() + p.mean.abs() + (p.upl - p.lpl));
            prop_assert!((q.mean - (p.mean + c)).abs() <= tol);
            prop_assert!((q.lpl - (p.lpl + c)).abs() <= tol);
            prop_assert!((q.upl - (p.upl + c)).abs() <= tol);
            prop_assert_eq!(q.point_type, p.point_type);
            prop_assert_eq!(q.special_cause_type, p.special_cause_type);
        }
    }

    #[test]
    fn scaling_by_a_positive_constant_scales_the_limits(
        ys in prop::collection::vec(-1e4f64..1e4, 2..60),
        k in 0.01f64..100.0,
        screen in any::<bool>(),
    ) {
        let o = options_with(ImprovementDirection::Increase, screen);
        let a = xmr(&ys, &o).unwrap();
        let scaled: Vec<f64> = ys.iter().map(|y| y * k).collect();
        let b = xmr(&scaled, &o).unwrap();
        for (p, q) in a.points.iter().zip(&b.points) {
            let tol = 1e-9 * k * (1.0 + p.mean.abs() + (p.upl - p.lpl));
            prop_assert!((q.mean - p.mean * k).abs() <= tol);
            prop_assert!((q.lpl - p.lpl * k).abs() <= tol);
            prop_assert!((q.upl - p.upl * k).abs() <= tol);
        }
        // Scaling by a power of two is exact, so no point may change type.
        let doubled: Vec<f64> = ys.iter().map(|y| y * 4.0).collect();
        let c = xmr(&doubled, &o).unwrap();
        for (p, q) in a.points.iter().zip(&c.points) {
            prop_assert_eq!(q.point_type, p.point_type);
        }
    }

    #[test]
    fn flipping_the_direction_swaps_improvement_and_concern(
        ys in prop::collection::vec(-100f64..100.0, 2..60),
        screen in any::<bool>(),
        target in prop::option::of(-150f64..150.0),
    ) {
        let up = SpcOptions { target, ..options_with(ImprovementDirection::Increase, screen) };
        let down = SpcOptions { target, ..options_with(ImprovementDirection::Decrease, screen) };
        let a = xmr(&ys, &up).unwrap();
        let b = xmr(&ys, &down).unwrap();
        for (p, q) in a.points.iter().zip(&b.points) {
            let flipped = match p.point_type {
                PointType::SpecialCauseImprovement => PointType::SpecialCauseConcern,
                PointType::SpecialCauseConcern => PointType::SpecialCauseImprovement,
                other => other,
            };
            prop_assert_eq!(q.point_type, flipped);
        }
        prop_assert_eq!(a.summary.n_special_cause_improvement, b.summary.n_special_cause_concern);
        prop_assert_eq!(a.summary.n_special_cause_concern, b.summary.n_special_cause_improvement);
    }

    #[test]
    fn never_panics_and_never_gives_non_finite_figures(
        ys in prop::collection::vec(prop_oneof![
            any::<f64>(),
            -1e3f64..1e3,
            Just(0.0),
            Just(f64::MAX),
        ], 0..40),
        direction in any_direction(),
        screen in any::<bool>(),
        fix in prop::option::of(0usize..50),
        rebase in prop::collection::vec(0usize..50, 0..4),
        target in prop::option::of(any::<f64>()),
    ) {
        let o = SpcOptions {
            improvement_direction: direction,
            screen_outliers: screen,
            fix_after_n_points: fix,
            rebase_at_index: rebase,
            target,
        };
        if let Ok(chart) = xmr(&ys, &o) {
            prop_assert_eq!(chart.points.len(), ys.len());
            for p in &chart.points {
                prop_assert!(p.y.is_finite() && p.mean.is_finite());
                prop_assert!(p.lpl.is_finite() && p.upl.is_finite());
            }
            let s = &chart.summary;
            prop_assert!(s.last_mean.is_finite() && s.last_lpl.is_finite() && s.last_upl.is_finite());
        }
    }
}
