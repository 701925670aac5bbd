//! The Indicators view's core over the two real Fingertips exports (provenance in
//! `tests/data/SOURCES.md`).
//!
//! Expected figures are worked out here from the CSV fields with the `csv` crate and plain
//! `str::parse`: each area's value for the indicator's period, and its comparison with England
//! by the rule a reader can apply by hand (England's value outside the area's 95% interval is
//! significant; below it is better when lower is better). Where Fingertips published its own
//! "Compared to England" column, the app's words are checked against that too.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;

use safer_trends::charts::{compare_areas, funnel_plot, spine_chart, time_series};
use safer_trends::dashboard::indicators::{Indicators, RugRow, short_words};
use safer_trends::ingest::read_file;
use safer_trends::model::{Content, SeriesSet};
use safer_trends::stats::benchmark::Polarity;

const CAMPYLOBACTER: &str = "tests/data/fingertips/indicators-CountyUA.data.csv";
const EAST_MIDLANDS: &str = "tests/data/fingertips/indicators-CountyUApre419.data.csv";

fn series(path: &str) -> SeriesSet {
    let bytes = std::fs::read(path).unwrap();
    let file = read_file(path, &bytes).unwrap();
    match file.content {
        Content::Series(set) => set,
        _ => panic!("a Fingertips export holds series"),
    }
}

/// The CSV's rows as maps from header name to field, totals only (no Category Type).
fn csv_rows(path: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect::<BTreeMap<_, _>>()
        })
        .filter(|r| r.get("Category Type").is_none_or(|c| c.is_empty()))
        .collect()
}

fn number(text: &str) -> Option<f64> {
    text.trim().parse().ok()
}

/// By hand: England's value outside the area's 95% interval is a significant difference.
fn expected_words(
    area: &BTreeMap<String, String>,
    england: f64,
    lower_is_better: bool,
) -> &'static str {
    let limits = (
        number(&area["Lower CI 95.0 limit"]),
        number(&area["Upper CI 95.0 limit"]),
    );
    match limits {
        (Some(_), Some(upper)) if upper < england => {
            if lower_is_better {
                "Better"
            } else {
                "Worse"
            }
        }
        (Some(lower), Some(_)) if lower > england => {
            if lower_is_better {
                "Worse"
            } else {
                "Better"
            }
        }
        (Some(_), Some(_)) => "Similar",
        _ => "Not compared",
    }
}

/// The rug row of this CSV indicator: its name with line breaks collapsed, and the age band
/// in brackets when it narrows the population (every row of these files is for persons).
fn row_for<'a>(rug: &'a [RugRow], csv_name: &str, age: &str) -> &'a RugRow {
    let mut name = csv_name.split_whitespace().collect::<Vec<_>>().join(" ");
    if !matches!(age, "All ages" | "Not applicable") {
        name = format!("{name} ({age})");
    }
    rug.iter().find(|r| r.indicator == name).unwrap_or_else(|| {
        panic!(
            "{name}: {:?}",
            rug.iter().map(|r| &r.indicator).collect::<Vec<_>>()
        )
    })
}

/// Checks every area's cell of one indicator against the CSV; returns how many cells Fingertips'
/// own column agreed with.
fn check_indicator(
    ind: &Indicators,
    rug: &[RugRow],
    rows: &[BTreeMap<String, String>],
    id: &str,
    age: &str,
    period: &str,
) -> usize {
    let rows: Vec<&BTreeMap<String, String>> = rows
        .iter()
        .filter(|r| r["Indicator ID"] == id && r["Age"] == age && r["Time period"] == period)
        .collect();
    let england_row = rows.iter().find(|r| r["Area Name"] == "England").unwrap();
    let england = number(&england_row["Value"]).unwrap();
    let row = row_for(rug, &england_row["Indicator Name"], age);
    assert_eq!(row.period.unwrap().label(), period);
    let mut agreed = 0;
    for r in &rows {
        let place = ind
            .areas()
            .iter()
            .position(|a| a.area.name == r["Area Name"])
            .unwrap_or_else(|| panic!("{} is a column of the rug", r["Area Name"]));
        let cell = &row.cells[place];
        assert_eq!(cell.value, number(&r["Value"]), "{id} {}", r["Area Name"]);
        let words = short_words(&cell.comparison);
        let expected = if r["Area Name"] == "England" {
            "Not compared"
        } else {
            expected_words(r, england, true)
        };
        assert_eq!(words, expected, "{id} {}", r["Area Name"]);
        let published = match r["Compared to England value or percentiles"].as_str() {
            "Lower" => "Better",
            "Higher" => "Worse",
            other => other,
        };
        if published != "Not compared" {
            assert_eq!(
                words, published,
                "Fingertips' own answer, {id} {}",
                r["Area Name"]
            );
            agreed += 1;
        }
    }
    // Every area of the file has a cell; one with no row for this indicator and period is
    // blank and not compared.
    assert_eq!(row.cells.len(), ind.areas().len());
    for (a, cell) in ind.areas().iter().zip(&row.cells) {
        if !rows.iter().any(|r| r["Area Name"] == a.area.name) {
            assert_eq!(cell.value, None, "{id} {}", a.area.name);
            assert_eq!(short_words(&cell.comparison), "Not compared");
        }
    }
    agreed
}

#[test]
fn the_east_midlands_rug_matches_the_file_and_fingertips_own_comparisons() {
    let ind = Indicators::from_sets([&series(EAST_MIDLANDS)]);
    let names: Vec<&str> = ind.areas().iter().map(|a| a.area.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "England",
            "East Midlands region",
            "Derby",
            "Derbyshire",
            "Leicester",
            "Leicestershire",
            "Lincolnshire",
            "Northamptonshire",
            "Nottingham",
            "Nottinghamshire",
            "Rutland"
        ]
    );
    assert_eq!(ind.indicators().len(), 8);
    let rug = ind.rug(|_| Polarity::LowIsGood);
    let rows = csv_rows(EAST_MIDLANDS);
    let mut agreed = 0;
    for (id, age, period) in [
        ("1730", "All ages", "2014"),
        ("10101", "<16 yrs", "2016"),
        ("90402", "<18 yrs", "2015/16"),
        ("11501", "Not applicable", "2017/18"),
        ("11202", "All ages", "2017/18"),
        ("91126", "16+ yrs", "2017"),
    ] {
        agreed += check_indicator(&ind, &rug, &rows, id, age, period);
    }
    // Fingertips compared 45 of these cells (counted in the file with Python's csv module);
    // every one agrees.
    assert_eq!(agreed, 45);
    // By hand from the file: Derby's children leaving care, 29.7 in [25.5, 34.5] against
    // England's 27.2, is similar; Nottingham's 38.7 in [34.1, 43.7] is worse.
    let care = rug
        .iter()
        .find(|r| r.indicator.starts_with("Children leaving care"))
        .unwrap();
    assert_eq!(short_words(&care.cells[2].comparison), "Similar");
    assert_eq!(short_words(&care.cells[8].comparison), "Worse");
}

#[test]
fn the_campylobacter_rug_agrees_with_fingertips_on_every_area_it_compared() {
    let ind = Indicators::from_sets([&series(CAMPYLOBACTER)]);
    let rug = ind.rug(|_| Polarity::LowIsGood);
    let rows = csv_rows(CAMPYLOBACTER);
    let all_ages = check_indicator(&ind, &rug, &rows, "93356", "All ages", "2017");
    let children = check_indicator(&ind, &rug, &rows, "93356", "0-9 yrs", "2016");
    // From the file's "Compared to England" column (Python's csv module, by hand): 150 of
    // the 162 areas compared in 2017 for all ages, 150 of 153 in 2016 for children.
    assert_eq!((all_ages, children), (150, 150));
}

#[test]
fn the_charts_for_a_chosen_area_and_indicator_draw_from_the_file() {
    let ind = Indicators::from_sets([&series(EAST_MIDLANDS)]);
    let derby = ind.chosen_area(Some("Derby")).unwrap().clone();
    let care = ind
        .indicators()
        .into_iter()
        .find(|n| n.starts_with("Children leaving care"))
        .unwrap()
        .to_owned();

    let spine = spine_chart(&ind.spine(&derby, |_| Polarity::LowIsGood)).unwrap();
    assert_eq!(spine.table.rows.len(), 8, "one row per indicator");

    let spec = ind
        .compare_areas(&care, &derby, Polarity::LowIsGood)
        .unwrap();
    // The region and the nine counties, England as the line (27.15 in the file).
    assert_eq!(spec.areas.len(), 10);
    assert!((spec.benchmark.as_ref().unwrap().1 - 27.153_957).abs() < 1e-5);
    assert!(
        spec.areas
            .iter()
            .filter(|a| a.highlight)
            .all(|a| a.name == "Derby")
    );
    compare_areas(&spec).unwrap();

    let (trend, marker) = ind.trend(&care, &derby).unwrap();
    time_series(&trend).unwrap();
    // One year of figures: Fingertips needs five.
    assert!(marker.reason.unwrap().contains("fewer than 5"));

    // Children leaving care is a crude rate per 10,000 with counts and denominators: a rate
    // funnel over the nine counties. 90402's average by hand: sum of counts / sum of
    // denominators × 10,000 over the nine counties.
    let funnel = ind.funnel(&care, &derby).unwrap();
    assert_eq!(funnel.points.len(), 9);
    let (count, denominator) = csv_rows(EAST_MIDLANDS)
        .iter()
        .filter(|r| r["Indicator ID"] == "90402" && r["Area Type"].starts_with("County"))
        .fold((0.0, 0.0), |(c, d), r| {
            (
                c + number(&r["Count"]).unwrap(),
                d + number(&r["Denominator"]).unwrap(),
            )
        });
    assert!((funnel.lines.baseline - count / denominator * 10_000.0).abs() < 1e-6);
    funnel_plot(&funnel).unwrap();

    // The deprivation score has no counts: no funnel, rather than a wrong one.
    let score = ind
        .indicators()
        .into_iter()
        .find(|n| n.starts_with("Deprivation score"))
        .unwrap();
    assert!(ind.funnel(score, &derby).is_none());
    // The percentage in deprived areas is a proportion of its denominator.
    let pct = ind
        .indicators()
        .into_iter()
        .find(|n| n.starts_with("Percentage people"))
        .unwrap();
    let funnel = ind.funnel(pct, &derby).unwrap();
    assert_eq!(funnel.x_title, "Denominator");
}
