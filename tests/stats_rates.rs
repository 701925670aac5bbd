//! Counts joined to a real population file (ONS mid-2024 estimates as Trafford Data Lab
//! publishes them) give the rate a hand calculation gives.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use safer_trends::model::Period;
use safer_trends::stats::rates::{Per, Population, crude_rate};

fn trafford_population() -> Population {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/council-tidy/mid-year_2024_population_estimates_local_authority.csv"
    );
    let mut reader = csv::Reader::from_path(path).unwrap();
    let mut population = Population::default();
    for row in reader.deserialize::<std::collections::HashMap<String, String>>() {
        let row = row.unwrap();
        if row["sex"] != "Persons" {
            continue;
        }
        let year: u16 = row["period"][..4].parse().unwrap();
        population.insert(
            Some(&row["area_code"]),
            &row["area_name"],
            year,
            row["all_ages"].parse().unwrap(),
        );
    }
    population
}

#[test]
fn a_count_for_2024_25_becomes_a_rate_per_1000_of_the_mid_2024_population() {
    let population = trafford_population();
    let period = Period::financial_year(2024).unwrap();
    let rate = crude_rate(19_000, "E08000009", period, &population, Per::Thousand).unwrap();
    assert_eq!(rate.population.persons, 241_025.0);
    assert_eq!(rate.population.year, 2024);
    assert!((rate.estimate.value - 19_000.0 / 241_025.0 * 1_000.0).abs() < 1e-9);
    let by_name = crude_rate(19_000, "Trafford", period, &population, Per::Thousand).unwrap();
    assert_eq!(by_name, rate);
    // Byar's limits from 10 events: narrow for a large count, and around the rate.
    assert!(
        rate.estimate.ci95.lower < rate.estimate.value
            && rate.estimate.value < rate.estimate.ci95.upper
    );
    assert!(rate.estimate.ci95.upper - rate.estimate.ci95.lower < 2.5);
}
