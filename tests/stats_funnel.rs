//! Funnel-plot limits and significance against every row of PHEindicatormethods 2.1.0's own
//! funnel test data (`tests/data/reference/phe_funnel_*.csv`), plus properties any funnel
//! must have.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::HashMap;

use proptest::prelude::*;
use safer_trends::stats::funnel::{
    FunnelArea, FunnelSignificance, PoissonLimit, RateArea, RateType, RatioType,
    proportion_funnel_limits, proportion_funnel_significance, rate_funnel_limits,
    rate_funnel_points, rate_funnel_significance, ratio_funnel_limits, ratio_funnel_significance,
};

type Row = HashMap<String, String>;

fn read(name: &str) -> Vec<Row> {
    let path = format!("{}/tests/data/reference/{name}", env!("CARGO_MANIFEST_DIR"));
    let mut reader = csv::Reader::from_path(&path).expect(&path);
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            headers
                .iter()
                .zip(record.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn num(row: &Row, column: &str) -> f64 {
    let text = row
        .get(column)
        .unwrap_or_else(|| panic!("no column {column}"));
    text.parse()
        .unwrap_or_else(|_| panic!("column {column} is not a number: {text}"))
}

fn opt(row: &Row, column: &str) -> Option<f64> {
    match row[column].as_str() {
        "NA" => None,
        _ => Some(num(row, column)),
    }
}

/// Within 1e-6 relative, or `absolute` for files rounded to fixed decimals.
fn close(actual: f64, expected: f64, absolute: f64) -> bool {
    (actual - expected).abs() <= (1e-6 * expected.abs()).max(absolute)
}

fn check(
    failures: &mut Vec<String>,
    what: &str,
    row: &Row,
    actual: f64,
    column: &str,
    absolute: f64,
) {
    let expected = num(row, column);
    if !close(actual, expected, absolute) {
        failures.push(format!(
            "{what}: {column} = {actual}, expected {expected}; row {row:?}"
        ));
    }
}

fn assert_no_failures(failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn proportion_inputs() -> Vec<(Row, FunnelArea)> {
    read("phe_funnel_prop_inputs.csv")
        .into_iter()
        .map(|row| {
            let area = FunnelArea {
                numerator: num(&row, "numerator"),
                denominator: num(&row, "denominator"),
            };
            (row, area)
        })
        .collect()
}

fn check_proportion_limits(areas: &[FunnelArea], file: &str, absolute: f64) {
    let expected = read(file);
    let rows = proportion_funnel_limits(areas, 100.0).unwrap();
    assert_eq!(rows.len(), expected.len(), "{file}: number of points");
    let mut failures = Vec::new();
    for (i, (got, row)) in rows.iter().zip(&expected).enumerate() {
        let what = format!("{file} point {}", i + 1);
        check(&mut failures, &what, row, got.population, "Population", 0.0);
        check(
            &mut failures,
            &what,
            row,
            got.lower_95,
            "Lower2s0025limit",
            absolute,
        );
        check(
            &mut failures,
            &what,
            row,
            got.upper_95,
            "Upper2s0025limit",
            absolute,
        );
        check(
            &mut failures,
            &what,
            row,
            got.lower_998,
            "Lower3s0001limit",
            absolute,
        );
        check(
            &mut failures,
            &what,
            row,
            got.upper_998,
            "Upper3s0001limit",
            absolute,
        );
        check(
            &mut failures,
            &what,
            row,
            got.baseline,
            "Baseline",
            absolute,
        );
    }
    assert_no_failures(failures);
}

#[test]
fn proportion_limits_match_every_row() {
    let areas: Vec<FunnelArea> = proportion_inputs().into_iter().map(|(_, a)| a).collect();
    // The file is rounded to 6 decimal places.
    check_proportion_limits(&areas, "phe_funnel_prop_outputs.csv", 5.01e-7);
}

#[test]
fn proportion_limits_with_axis_variation_match_every_row() {
    let areas: Vec<FunnelArea> = proportion_inputs()
        .into_iter()
        .map(|(_, a)| a)
        .filter(|a| a.denominator < 31000.0)
        .collect();
    check_proportion_limits(
        &areas,
        "phe_funnel_prop_outputs_with_axis_variation.csv",
        5.01e-9,
    );
}

#[test]
fn proportion_significance_matches_every_row() {
    let inputs = proportion_inputs();
    let areas: Vec<FunnelArea> = inputs.iter().map(|(_, a)| *a).collect();
    let labels = proportion_funnel_significance(&areas).unwrap();
    let failures: Vec<String> = inputs
        .iter()
        .zip(labels)
        .filter(|((row, _), label)| label.label() != row["significance"])
        .map(|((row, _), label)| format!("got {:?}; row {row:?}", label.label()))
        .collect();
    assert_no_failures(failures);
}

fn ratio_inputs() -> Vec<(Row, FunnelArea)> {
    read("phe_funnel_ratio_inputs.csv")
        .into_iter()
        .map(|row| {
            let area = FunnelArea {
                numerator: num(&row, "obs"),
                denominator: num(&row, "expected"),
            };
            (row, area)
        })
        .collect()
}

#[test]
fn ratio_limits_match_every_row_as_counts_and_isrs() {
    let areas: Vec<FunnelArea> = ratio_inputs().into_iter().map(|(_, a)| a).collect();
    let expected = read("phe_funnel_ratio_outputs.csv");
    let counts = ratio_funnel_limits(&areas, RatioType::Count).unwrap();
    let isrs = ratio_funnel_limits(&areas, RatioType::Isr).unwrap();
    assert_eq!(counts.len(), expected.len());
    let mut failures = Vec::new();
    for (i, ((count, isr), row)) in counts.iter().zip(&isrs).zip(&expected).enumerate() {
        let what = format!("ratio point {}", i + 1);
        check(
            &mut failures,
            &what,
            row,
            count.observed_events,
            "Observed_events",
            0.0,
        );
        let limits =
            |r: &safer_trends::stats::funnel::RatioFunnelRow| -> [(PoissonLimit, &str); 4] {
                [
                    (r.lower_95, "lower_2s"),
                    (r.upper_95, "upper_2s"),
                    (r.lower_998, "lower_3s"),
                    (r.upper_998, "upper_3s"),
                ]
            };
        for ((c, name), (s, _)) in limits(count).into_iter().zip(limits(isr)) {
            check(
                &mut failures,
                &what,
                row,
                c.size,
                &format!("{name}_exp_events"),
                0.0,
            );
            check(
                &mut failures,
                &what,
                row,
                s.size,
                &format!("{name}_exp_events"),
                0.0,
            );
            check(
                &mut failures,
                &what,
                row,
                c.value,
                &format!("{name}_count"),
                0.0,
            );
            check(
                &mut failures,
                &what,
                row,
                s.value,
                &format!("{name}_isr"),
                0.0,
            );
        }
    }
    assert_no_failures(failures);
}

#[test]
fn ratio_significance_matches_every_row() {
    let inputs = ratio_inputs();
    let areas: Vec<FunnelArea> = inputs.iter().map(|(_, a)| *a).collect();
    let labels = ratio_funnel_significance(&areas).unwrap();
    let failures: Vec<String> = inputs
        .iter()
        .zip(labels)
        .filter(|((row, _), label)| label.label() != row["significance"])
        .map(|((row, _), label)| format!("got {:?}; row {row:?}", label.label()))
        .collect();
    assert_no_failures(failures);
}

#[test]
fn rate_significance_matches_every_row_of_all_eight_columns() {
    let rows = read("phe_funnel_rate_dsr_inputs.csv");
    let cases = [
        (RateType::Dsr, "rate_dsr", 1e5, "dsr_per_100000"),
        (RateType::Dsr, "rate_dsr", 100.0, "dsr_per_100"),
        (
            RateType::Crude,
            "rate_crude_per_100000",
            1e5,
            "crude_per_100000",
        ),
        (
            RateType::Crude,
            "rate_crude_per_100",
            100.0,
            "crude_per_100",
        ),
    ];
    let mut failures = Vec::new();
    let mut checked = 0;
    for (rate_type, rate_column, multiplier, label_prefix) in cases {
        for with_zero in [true, false] {
            let used: Vec<&Row> = rows
                .iter()
                .filter(|row| with_zero || num(row, "count") != 0.0)
                .collect();
            let areas: Vec<RateArea> = used
                .iter()
                .map(|row| RateArea {
                    events: num(row, "count"),
                    rate: opt(row, rate_column),
                    denominator: Some(num(row, "pop")),
                })
                .collect();
            let column = format!(
                "{label_prefix}_{}",
                if with_zero { "with_0" } else { "without_0" }
            );
            let labels = rate_funnel_significance(&areas, rate_type, multiplier).unwrap();
            for (row, label) in used.iter().zip(labels) {
                checked += 1;
                if label.label() != row[&column] {
                    failures.push(format!("{column}: got {:?}; row {row:?}", label.label()));
                }
            }
        }
    }
    assert_eq!(checked, 4 * (40 + 39));
    assert_no_failures(failures);
}

fn rate_funnel_inputs() -> Vec<Row> {
    read("phe_funnel_rate_input_funnels.csv")
}

fn max_events(rows: &[Row]) -> f64 {
    rows.iter().map(|r| num(r, "ev")).fold(f64::MIN, f64::max)
}

fn check_rate_limits(areas: &[RateArea], rate_type: RateType, file: &str) {
    let expected = read(file);
    let rows = rate_funnel_limits(areas, rate_type, 1e5, 3.0).unwrap();
    assert_eq!(rows.len(), expected.len(), "{file}: number of points");
    let mut failures = Vec::new();
    for (i, (got, row)) in rows.iter().zip(&expected).enumerate() {
        let what = format!("{file} point {}", i + 1);
        check(&mut failures, &what, row, got.events, "Events", 0.0);
        for (limit, name) in [
            (got.lower_95, "lower_2s"),
            (got.upper_95, "upper_2s"),
            (got.lower_998, "lower_3s"),
            (got.upper_998, "upper_3s"),
        ] {
            check(
                &mut failures,
                &what,
                row,
                limit.size,
                &format!("{name}_population_1_year"),
                0.0,
            );
            check(
                &mut failures,
                &what,
                row,
                limit.value,
                &format!("{name}_limit"),
                0.0,
            );
        }
        check(&mut failures, &what, row, got.baseline, "baseline", 0.0);
        let statistic = match rate_type {
            RateType::Dsr => "rate (dsr per 100,000)",
            RateType::Crude => "rate (crude per 100,000)",
        };
        assert_eq!(row["statistic"], statistic);
        assert_eq!(row["method"], "Poisson");
    }
    assert_no_failures(failures);
}

#[test]
fn dsr_rate_limits_match_every_row() {
    let areas: Vec<RateArea> = rate_funnel_inputs()
        .iter()
        .map(|row| RateArea {
            events: num(row, "ev"),
            rate: Some(num(row, "rate")),
            denominator: None,
        })
        .collect();
    check_rate_limits(&areas, RateType::Dsr, "phe_funnel_rate_outputs.csv");
}

#[test]
fn crude_rate_limits_with_few_events_match_every_row() {
    let rows = rate_funnel_inputs();
    let max = max_events(&rows);
    let areas: Vec<RateArea> = rows
        .iter()
        .map(|row| RateArea {
            events: if num(row, "ev") == max {
                5.0
            } else {
                num(row, "ev")
            },
            rate: Some(num(row, "rate")),
            denominator: None,
        })
        .collect();
    check_rate_limits(&areas, RateType::Crude, "phe_funnel_rate_outputs_2.csv");
}

#[test]
fn crude_rate_limits_with_zero_events_and_denominators_match_every_row() {
    let rows = rate_funnel_inputs();
    let max = max_events(&rows);
    let with_pop: Vec<(f64, f64, f64)> = rows
        .iter()
        .map(|row| {
            let (ev, rate) = (num(row, "ev"), num(row, "rate"));
            let pop = 1e5 * ev / rate;
            if ev == max {
                (0.0, 0.0, pop)
            } else {
                (ev, rate, pop)
            }
        })
        .collect();
    let max_pop = with_pop.iter().map(|r| r.2).fold(f64::MIN, f64::max);
    let areas: Vec<RateArea> = with_pop
        .into_iter()
        .filter(|r| r.2 > max_pop / 2.0)
        .map(|(events, rate, pop)| RateArea {
            events,
            rate: Some(rate),
            denominator: Some(pop),
        })
        .collect();
    check_rate_limits(&areas, RateType::Crude, "phe_funnel_rate_outputs_3.csv");
}

fn check_points(
    rows: &[Row],
    areas: &[RateArea],
    rate_type: RateType,
    years: f64,
    rate_column: &str,
    denominator_column: &str,
) {
    let points = rate_funnel_points(areas, rate_type, 1e5, years).unwrap();
    let mut failures = Vec::new();
    for (point, row) in points.iter().zip(rows) {
        for (got, column) in [
            (point.rate, rate_column),
            (point.denominator, denominator_column),
        ] {
            let ok = match (got, opt(row, column)) {
                (None, None) => true,
                (Some(g), Some(e)) => close(g, e, 0.0),
                _ => false,
            };
            if !ok {
                failures.push(format!("{column}: got {got:?}; row {row:?}"));
            }
        }
    }
    assert_eq!(points.len(), rows.len());
    assert_no_failures(failures);
}

#[test]
fn funnel_points_match_every_row() {
    let rows = rate_funnel_inputs();
    let max = max_events(&rows);
    let areas = |zero_or_five: f64, with_denominator: bool| -> Vec<RateArea> {
        rows.iter()
            .map(|row| RateArea {
                events: if num(row, "ev") == max {
                    zero_or_five
                } else {
                    num(row, "ev")
                },
                rate: Some(num(row, "rate")),
                denominator: with_denominator.then(|| num(row, "pop")),
            })
            .collect()
    };
    // DSRs, with the largest count cut to 5 so that it is left off.
    check_points(
        &rows,
        &areas(5.0, false),
        RateType::Dsr,
        3.0,
        "rate_chart",
        "denominator_derived",
    );
    // Crude rates, unchanged.
    let unchanged: Vec<RateArea> = rows
        .iter()
        .map(|row| RateArea {
            events: num(row, "ev"),
            rate: Some(num(row, "rate")),
            denominator: None,
        })
        .collect();
    check_points(
        &rows,
        &unchanged,
        RateType::Crude,
        3.0,
        "rate_chart_crude",
        "denominator_derived_crude",
    );
    // Crude rates, the largest count set to 0 and denominators given, over 5 years.
    check_points(
        &rows,
        &areas(0.0, true),
        RateType::Crude,
        5.0,
        "rate_chart_crude_with_denom",
        "denominator_derived_crude_with_denom",
    );
}

#[test]
fn labels_are_the_packages() {
    assert_eq!(FunnelSignificance::High001.label(), "High (0.001)");
    assert_eq!(
        FunnelSignificance::NotApplicableDsr.label(),
        "Not applicable for events less than 10 for dsrs"
    );
}

// ---- properties -------------------------------------------------------------------------

fn proportion_areas() -> impl Strategy<Value = Vec<FunnelArea>> {
    prop::collection::vec(
        (1.0f64..1e6, 0.01f64..0.99).prop_map(|(n, share)| {
            let n = n.round().max(1.0);
            FunnelArea {
                numerator: (n * share).round(),
                denominator: n,
            }
        }),
        1..30,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn proportion_limits_nest_narrow_and_contain_the_baseline(areas in proportion_areas()) {
        let rows = proportion_funnel_limits(&areas, 100.0).unwrap();
        prop_assert_eq!(rows.len(), 100);
        for r in &rows {
            prop_assert!(r.lower_998 <= r.lower_95 + 1e-12);
            prop_assert!(r.upper_95 <= r.upper_998 + 1e-12);
            prop_assert!(r.lower_95 <= r.baseline + 1e-12 && r.baseline <= r.upper_95 + 1e-12);
        }
        for pair in rows.windows(2) {
            prop_assert!(pair[1].population > pair[0].population);
            prop_assert!(pair[1].lower_95 >= pair[0].lower_95 - 1e-9);
            prop_assert!(pair[1].upper_95 <= pair[0].upper_95 + 1e-9);
            prop_assert!(pair[1].lower_998 >= pair[0].lower_998 - 1e-9);
            prop_assert!(pair[1].upper_998 <= pair[0].upper_998 + 1e-9);
        }
    }

}

// Each Poisson funnel is a bisection over sums as long as the count, so fewer, smaller cases
// keep these quick in debug builds.
proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn rate_limits_nest_narrow_and_contain_the_baseline(
        areas in prop::collection::vec((1.0f64..2000.0, 10.0f64..2000.0), 1..20)
    ) {
        let areas: Vec<RateArea> = areas
            .into_iter()
            .map(|(events, rate)| RateArea { events: events.round(), rate: Some(rate), denominator: None })
            .collect();
        let rows = rate_funnel_limits(&areas, RateType::Crude, 1e5, 3.0).unwrap();
        for r in &rows {
            prop_assert!(r.lower_998.value < r.lower_95.value);
            prop_assert!(r.upper_95.value < r.upper_998.value);
            prop_assert!(r.lower_95.value < r.baseline && r.baseline < r.upper_95.value);
        }
        for pair in rows.windows(2) {
            // More events: a larger population on each limit, and a narrower funnel there.
            prop_assert!(pair[1].lower_95.size > pair[0].lower_95.size);
            prop_assert!(pair[1].lower_95.value >= pair[0].lower_95.value);
            prop_assert!(pair[1].upper_95.value <= pair[0].upper_95.value);
        }
    }

    #[test]
    fn ratio_limits_nest_around_one(
        areas in prop::collection::vec((0.0f64..1500.0, 0.5f64..1500.0), 1..20)
    ) {
        let areas: Vec<FunnelArea> = areas
            .into_iter()
            .map(|(obs, expected)| FunnelArea { numerator: obs.round(), denominator: expected })
            .collect();
        let rows = ratio_funnel_limits(&areas, RatioType::Isr).unwrap();
        for r in &rows {
            prop_assert!(r.lower_998.value < r.lower_95.value);
            prop_assert!(r.upper_95.value < r.upper_998.value);
            prop_assert!(r.lower_95.value < 100.0 && 100.0 < r.upper_95.value);
        }
        for pair in rows.windows(2) {
            prop_assert!(pair[1].lower_95.value >= pair[0].lower_95.value);
            prop_assert!(pair[1].upper_95.value <= pair[0].upper_95.value);
        }
    }

    #[test]
    fn never_panics_and_never_gives_non_finite_values(
        raw in prop::collection::vec(
            (prop_oneof![Just(0.0), Just(-1.0), Just(f64::NAN), Just(f64::INFINITY), 0.0f64..1e7],
             prop_oneof![Just(0.0), Just(-1.0), Just(f64::NAN), 0.0f64..1e7],
             prop::option::of(prop_oneof![Just(0.0), Just(f64::NAN), 0.0f64..1e7])),
            0..6),
        multiplier in prop_oneof![Just(0.0), Just(f64::NAN), 1.0f64..1e6],
        years in prop_oneof![Just(0.0), Just(-1.0), 1.0f64..10.0],
    ) {
        let areas: Vec<FunnelArea> = raw
            .iter()
            .map(|&(numerator, denominator, _)| FunnelArea { numerator, denominator })
            .collect();
        if let Ok(rows) = proportion_funnel_limits(&areas, multiplier) {
            for r in rows {
                for v in [r.population, r.lower_95, r.upper_95, r.lower_998, r.upper_998, r.baseline] {
                    prop_assert!(v.is_finite());
                }
            }
        }
        let _ = proportion_funnel_significance(&areas);
        let _ = ratio_funnel_significance(&areas);
        // Poisson limits for millions of events are slow to search, so keep ratios modest.
        let small: Vec<FunnelArea> = areas
            .iter()
            .map(|a| FunnelArea { numerator: a.numerator.min(500.0), denominator: a.denominator.min(500.0) })
            .collect();
        if let Ok(rows) = ratio_funnel_limits(&small, RatioType::Count) {
            for r in rows {
                for l in [r.lower_95, r.upper_95, r.lower_998, r.upper_998] {
                    prop_assert!(l.size.is_finite() && l.value.is_finite());
                }
            }
        }
        let rates: Vec<RateArea> = raw
            .iter()
            .map(|&(events, rate, denominator)| RateArea { events: events.min(500.0), rate: Some(rate), denominator })
            .collect();
        for rate_type in [RateType::Dsr, RateType::Crude] {
            if let Ok(rows) = rate_funnel_limits(&rates, rate_type, multiplier, years) {
                for r in rows {
                    prop_assert!(r.baseline.is_finite());
                    for l in [r.lower_95, r.upper_95, r.lower_998, r.upper_998] {
                        prop_assert!(l.size.is_finite() && l.value.is_finite());
                    }
                }
            }
            let _ = rate_funnel_significance(&rates, rate_type, multiplier);
            if let Ok(points) = rate_funnel_points(&rates, rate_type, multiplier, years) {
                for p in points {
                    prop_assert!(p.rate.is_none_or(f64::is_finite));
                    prop_assert!(p.denominator.is_none_or(f64::is_finite));
                }
            }
        }
    }
}
