//! Every chart kind drawn from the real sample year (twelve 2023 City of London street
//! files): each SVG parses as XML, names itself, and its table and CSV carry the figures the
//! files hold, counted here independently of the app's reader.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::PathBuf;

use safer_trends::charts::{
    ChangeBars, Chart, Frame, HotspotsChart, LsoaCount, Panel, SmallMultiples, SpcSpec, TimeSeries,
    YearOnYear, change_bars, hotspots, ranked_lsoa_table, small_multiples, sparkline, spc_chart,
    time_series, year_on_year,
};
use safer_trends::ingest::read_file;
use safer_trends::model::{CountTable, Dataset, Period};
use safer_trends::stats::headline::{Polarity, headlines};
use safer_trends::stats::period_change::ComparisonKind;
use safer_trends::stats::spc::{ImprovementDirection, SpcOptions, xmr};

fn sample_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/sample");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 12);
    files
}

fn table() -> CountTable {
    let mut dataset = Dataset::default();
    for path in sample_files() {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        dataset.add(read_file(&name, &bytes).unwrap());
    }
    dataset.table()
}

fn frame(id: &str, title: &str) -> Frame {
    Frame::new(id, title, (880, 400)).with_caption(
        "police.uk street-level crime",
        "City of London Police",
        "Jan 2023 to Dec 2023",
    )
}

/// The SVG is well-formed XML with an accessible name and description from its ids.
fn check(chart: &Chart) {
    let doc = roxmltree::Document::parse(&chart.svg).unwrap();
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    let ids = root.attribute("aria-labelledby").unwrap();
    for id in ids.split(' ') {
        assert!(
            doc.descendants().any(|n| n.attribute("id") == Some(id)),
            "{id}"
        );
    }
    assert!(!chart.summary.is_empty());
    assert!(!chart.table.rows.is_empty());
    let csv = chart.csv();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(reader.headers().unwrap().len(), chart.table.columns.len());
    assert_eq!(reader.records().count(), chart.table.rows.len());
}

#[test]
fn time_series_and_year_overlay_of_the_sample_year() {
    let table = table();
    let totals = table.totals();
    let spec = TimeSeries::monthly(
        frame("ts", "All recorded crime by month"),
        "All crime",
        &totals,
    );
    let chart = time_series(&spec).unwrap();
    check(&chart);
    assert_eq!(chart.table.rows.len(), 12);
    let csv_total: u64 = chart
        .table
        .rows
        .iter()
        .map(|r| match &r[1] {
            safer_trends::charts::Cell::Number(v, _) => *v as u64,
            _ => 0,
        })
        .sum();
    let expected: u64 = totals.iter().filter_map(|(_, v)| *v).sum();
    assert_eq!(csv_total, expected);

    let overlay = year_on_year(&YearOnYear::from_counts(
        frame("yoy", "2023 by month"),
        &totals,
        true,
    ))
    .unwrap();
    check(&overlay);
    // Jan–Mar 2023 are the end of 2022/23, the rest the start of 2023/24.
    assert_eq!(overlay.table.columns, vec!["Month", "2022/23", "2023/24"]);
}

#[test]
fn spc_change_bars_and_sparklines_from_the_headlines() {
    let table = table();
    let totals = table.totals();
    let values: Vec<f64> = totals
        .iter()
        .filter_map(|(_, v)| v.map(|v| v as f64))
        .collect();
    let options = SpcOptions {
        improvement_direction: ImprovementDirection::Decrease,
        ..SpcOptions::default()
    };
    let spc = xmr(&values, &options).unwrap();
    let periods: Vec<Period> = totals.iter().map(|(m, _)| Period::Month(*m)).collect();
    let chart = spc_chart(&SpcSpec {
        frame: frame("spc", "All crime stayed within its usual range"),
        periods,
        chart: &spc,
        y_title: "Number of crimes".into(),
        decimals: 0,
        target: None,
    })
    .unwrap();
    check(&chart);
    assert!(chart.summary.contains("12 points"));

    let heads = headlines(
        &table,
        ComparisonKind::LatestMonthOnPreviousMonth,
        Polarity::LowerIsBetter,
    );
    let bars = change_bars(&ChangeBars::from_headlines(
        frame("bars", "Change on the previous month"),
        &heads,
    ))
    .unwrap();
    check(&bars);
    assert_eq!(bars.table.rows.len(), table.categories.len() + 1);

    for (i, name) in table.categories.iter().enumerate() {
        let spark = sparkline(&format!("spark-{i}"), name, &table.series(i), (120, 28)).unwrap();
        check(&spark);
    }
    let panels: Vec<Panel> = table
        .categories
        .iter()
        .enumerate()
        .map(|(i, name)| Panel {
            name: name.clone(),
            values: table
                .series(i)
                .iter()
                .map(|(_, v)| v.map(|v| v as f64))
                .collect(),
        })
        .collect();
    let grid = small_multiples(&SmallMultiples {
        frame: frame("grid", "Crime types through 2023"),
        periods: totals.iter().map(|(m, _)| Period::Month(*m)).collect(),
        panels,
        columns: 4,
        shared_scale: false,
        decimals: 0,
    })
    .unwrap();
    check(&grid);
}

#[test]
fn hotspots_and_lsoas_from_the_real_coordinates() {
    let mut points = Vec::new();
    let mut lsoas: Vec<(String, String)> = Vec::new();
    let mut without_location = 0;
    for path in sample_files() {
        let mut reader = csv::Reader::from_path(path).unwrap();
        let headers = reader.headers().unwrap().clone();
        let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let (lon, lat, code, name) = (
            col("Longitude"),
            col("Latitude"),
            col("LSOA code"),
            col("LSOA name"),
        );
        for record in reader.records() {
            let record = record.unwrap();
            match (record[lon].parse::<f64>(), record[lat].parse::<f64>()) {
                (Ok(x), Ok(y)) => points.push(((x, y), 1)),
                _ => without_location += 1,
            }
            lsoas.push((record[code].to_owned(), record[name].to_owned()));
        }
    }
    assert!(points.len() > 1_000);
    let chart = hotspots(&HotspotsChart {
        frame: frame("hot", "Crime is densest around Bank and Liverpool Street"),
        points: points.clone(),
        radius_m: None,
    })
    .unwrap();
    check(&chart);
    let doc = roxmltree::Document::parse(&chart.svg).unwrap();
    let binned: u64 = doc
        .descendants()
        .filter_map(|n| n.attribute("data-count"))
        .map(|c| c.parse::<u64>().unwrap())
        .sum();
    let bins = safer_trends::charts::hex_bins(&points, None);
    // A few crimes far from the rest lie beyond the map's edges; the table has them all.
    assert!(
        binned * 100 >= bins.used as u64 * 95,
        "{binned} of {}",
        bins.used
    );
    let tabled: u64 = chart
        .table
        .rows
        .iter()
        .map(|r| match r[3] {
            safer_trends::charts::Cell::Count(n) => n,
            _ => 0,
        })
        .sum();
    assert_eq!(tabled, bins.used as u64);
    assert_eq!(bins.used + bins.left_out, points.len());
    // The City is about 3 km across: every located crime is within 50 km of the rest.
    assert_eq!(bins.left_out, 0, "{without_location} had no location");

    let counts = LsoaCount::tally(lsoas.iter().map(|(c, n)| (c.as_str(), n.as_str())));
    let ranked = ranked_lsoa_table(&counts, 10);
    assert_eq!(ranked.rows.len(), 10);
    let listed: u64 = counts.iter().map(|c| c.count).sum();
    assert!(
        ranked
            .caption
            .contains(&safer_trends::charts::thousands(listed))
    );
}

/// Every kind at sizes from nothing to huge, with no data worth the name: an error or a
/// well-formed picture, never a panic.
#[test]
fn every_kind_survives_any_size_and_empty_or_extreme_data() {
    use safer_trends::charts::*;
    use safer_trends::model::Month;
    use safer_trends::stats::benchmark::{Comparison, Polarity, ValueWithCis};
    use safer_trends::stats::funnel::FunnelSignificance;
    use safer_trends::stats::spread::Spread;
    use safer_trends::stats::two_period::{Change, Verdict};

    let parse = |chart: Result<Chart, ChartError>| {
        if let Ok(chart) = chart {
            roxmltree::Document::parse(&chart.svg).unwrap();
            let _ = chart.csv();
        }
    };
    let month = Month::parse_iso("2023-01").unwrap();
    for size in [
        (0, 0),
        (1, 1),
        (24, 12),
        (130, 90),
        (10_000, 10_000),
        (u32::MAX, u32::MAX),
    ] {
        for values in [
            vec![],
            vec![None],
            vec![Some(0)],
            vec![Some(u64::MAX), Some(0)],
        ] {
            let points: Vec<(Month, Option<u64>)> = month
                .through(Month::parse_iso("2099-01").unwrap())
                .zip(values.iter().copied())
                .collect();
            let frame = Frame::new("", "", size);
            parse(time_series(&TimeSeries::monthly(
                frame.clone(),
                "x",
                &points,
            )));
            parse(year_on_year(&YearOnYear::from_counts(
                frame.clone(),
                &points,
                false,
            )));
            parse(sparkline("s", "x", &points, size));
            parse(small_multiples(&SmallMultiples {
                frame: frame.clone(),
                periods: points
                    .iter()
                    .map(|(m, _)| safer_trends::model::Period::Month(*m))
                    .collect(),
                panels: vec![Panel::default()],
                columns: 0,
                shared_scale: true,
                decimals: 9,
            }));
            let extreme = values
                .last()
                .copied()
                .flatten()
                .map_or(f64::NAN, |v| v as f64);
            parse(change_bars(&ChangeBars {
                frame: frame.clone(),
                rows: vec![ChangeRow {
                    category: String::new(),
                    baseline: Some(0),
                    current: Some(u64::MAX),
                    change: Some(Change::Percent(extreme)),
                    verdict: Some(Verdict::NotTestable),
                    note: String::new(),
                }],
                comparison: String::new(),
            }));
            parse(compare_areas(&CompareAreas {
                frame: frame.clone(),
                areas: vec![AreaBar {
                    name: String::new(),
                    value: ValueWithCis::new(extreme).with_ci95(-extreme, extreme),
                    comparison: Comparison::Similar,
                    highlight: true,
                }],
                benchmark: Some((String::new(), -extreme)),
                value_title: String::new(),
                decimals: 200,
            }));
            parse(spine_chart(&SpineSpec {
                frame: frame.clone(),
                area_name: String::new(),
                benchmark_name: String::new(),
                rows: vec![SpineRow {
                    indicator: String::new(),
                    area_value: Some(extreme),
                    england: Some(0.0),
                    range: Spread::of(&[extreme, 0.0]),
                    comparison: Comparison::Better,
                    polarity: Polarity::HighIsGood,
                    decimals: 0,
                }],
            }));
            parse(funnel_plot(&FunnelPlot {
                frame: frame.clone(),
                lines: FunnelLines {
                    baseline: extreme,
                    ..FunnelLines::default()
                },
                points: vec![FunnelPoint {
                    name: String::new(),
                    size: extreme,
                    value: extreme,
                    significance: FunnelSignificance::Low001,
                    highlight: true,
                }],
                x_title: String::new(),
                y_title: String::new(),
                decimals: 0,
            }));
            parse(hotspots(&HotspotsChart {
                frame,
                points: vec![((extreme, 51.0), 1), ((-0.1, 51.5), 2)],
                radius_m: Some(extreme),
            }));
        }
    }
}
