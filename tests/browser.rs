//! Runs in headless Chromium (`cargo test --target wasm32-unknown-unknown --test browser`):
//! the parts that behave differently in a browser — plotters measuring text through the DOM,
//! and the Leptos page mounting.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use safer_trends::charts::{CATEGORICAL, LineSeries, monthly_line_svg};
use safer_trends::ingest::read_file;
use safer_trends::model::Month;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const JANUARY: &str = include_str!("../assets/sample/2023-01-city-of-london-street.csv");

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

#[wasm_bindgen_test]
fn the_core_reads_a_real_file_inside_the_browser() {
    let file = read_file("jan.csv", JANUARY.as_bytes()).unwrap();
    // This file has no quoted line breaks, so its data rows are its lines less the header.
    let data_lines = JANUARY.lines().filter(|l| !l.is_empty()).count() as u64 - 1;
    assert_eq!(file.rows.read, data_lines);
    assert_eq!(file.rows.used, data_lines);
}

#[wasm_bindgen_test]
fn charts_lay_out_text_with_the_browsers_own_fonts() {
    let first = Month::parse_iso("2023-01").unwrap();
    let points = first
        .through(Month::parse_iso("2023-12").unwrap())
        .enumerate()
        .map(|(i, m)| (m, Some(700 + 10 * i as u64)))
        .collect();
    let svg = monthly_line_svg(
        "All recorded crime by month",
        "test",
        &[LineSeries {
            name: "Total".into(),
            colour: CATEGORICAL[0],
            points,
        }],
        (880, 360),
    )
    .unwrap();
    let host = document().create_element("div").unwrap();
    host.set_inner_html(&svg);
    document().body().unwrap().append_child(&host).unwrap();
    let texts = host.query_selector_all("text").unwrap();
    assert!(texts.length() > 12, "axis labels and title are drawn");
    // Every label is inside the drawing: text measured by the DOM, not guessed.
    for i in 0..texts.length() {
        let text: web_sys::SvgGraphicsElement = texts.item(i).unwrap().dyn_into().unwrap();
        let bbox = text.get_b_box().unwrap();
        assert!(bbox.width() > 0.0, "label {i} has width");
        assert!(
            bbox.x() >= -1.0 && bbox.x() + bbox.width() <= 881.0,
            "label {i} fits horizontally"
        );
    }
    host.remove();
}

#[wasm_bindgen_test]
fn the_page_mounts_with_a_labelled_keyboard_reachable_file_picker() {
    let host: web_sys::HtmlElement = document()
        .create_element("div")
        .unwrap()
        .dyn_into()
        .unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), safer_trends::ui::App).forget();

    let input: web_sys::HtmlInputElement = host
        .query_selector("#file-input")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(input.type_(), "file");
    assert!(input.multiple());
    assert!(input.tab_index() >= 0);
    let label = host
        .query_selector("label[for='file-input']")
        .unwrap()
        .unwrap();
    assert_eq!(label.text_content().unwrap(), "Choose CSV files or a zip");
    let sample = host.query_selector("#load-sample").unwrap().unwrap();
    assert_eq!(sample.text_content().unwrap().trim(), "Try sample data");
    assert!(host.query_selector("main h1").unwrap().is_some());
    host.remove();
}

/// What the page and the worker send each other about column roles survives the browser's
/// own message values (JS objects and Maps, not JSON), as it must for asking and remembering.
#[wasm_bindgen_test]
fn column_role_messages_cross_between_page_and_worker_intact() {
    use safer_trends::ingest::roles::{ColumnRole, RoleChoice, RolesSource};
    use safer_trends::ingest::{GenericRoles, ReadOutcome, read_file_with};
    use safer_trends::protocol::FromWorker;

    let choice = RoleChoice {
        columns: vec![ColumnRole::Period, ColumnRole::AreaName, ColumnRole::Value],
        decimal_comma: true,
    };
    let settings = GenericRoles {
        chosen: Some(choice.clone()),
        remembered: [("00ff00ff00ff00ff".to_owned(), choice.clone())].into(),
        ask_when_unsure: true,
        this_month: Some((2026, 11)),
        entry: Some("2023-01/asb.csv".to_owned()),
    };
    let value = serde_wasm_bindgen::to_value(&settings).unwrap();
    assert_eq!(
        serde_wasm_bindgen::from_value::<GenericRoles>(value).unwrap(),
        settings
    );

    let text = "Yr,Beat,Incidents\n2019,Town Centre,41\n2020,Town Centre,12\n";
    let asking = GenericRoles {
        ask_when_unsure: true,
        ..GenericRoles::default()
    };
    let ReadOutcome::Ask(preview) =
        read_file_with("nte.csv", text.as_bytes(), &asking, &mut |_| {}).unwrap()
    else {
        panic!("the table should be asked about");
    };
    for message in [
        FromWorker::AskRoles {
            job: 3,
            preview: preview.clone(),
        },
        FromWorker::ReadWithRoles {
            job: 3,
            preview,
            how: RolesSource::Remembered,
        },
    ] {
        let value = serde_wasm_bindgen::to_value(&message).unwrap();
        assert_eq!(
            serde_wasm_bindgen::from_value::<FromWorker>(value).unwrap(),
            message
        );
    }
}

/// Every chart kind, with long, right-to-left and emoji labels, laid out by the browser's
/// own fonts: no word runs off the picture. The charts estimate text widths before drawing
/// (nothing is measured), so this is where an estimate that is too narrow would show.
#[wasm_bindgen_test]
fn every_chart_kind_keeps_its_words_inside_the_picture() {
    use safer_trends::charts::*;
    use safer_trends::model::Period;
    use safer_trends::stats::benchmark::{Comparison, Polarity, ValueWithCis};
    use safer_trends::stats::funnel::FunnelSignificance;
    use safer_trends::stats::spc::{SpcOptions, xmr};
    use safer_trends::stats::spread::Spread;
    use safer_trends::stats::two_period::{Change, Verdict};

    let long = "Violence and sexual offences including a very long publisher's name 🚓 عنف";
    let size = (640, 360);
    let frame = |id: &str| {
        Frame::new(id, long, size).with_caption(
            "police.uk street-level crime and a source with a name long enough to wrap",
            "City of London",
            "Jan 2023 to Dec 2024",
        )
    };
    let months: Vec<(Month, Option<u64>)> = Month::parse_iso("2023-01")
        .unwrap()
        .through(Month::parse_iso("2024-12").unwrap())
        .enumerate()
        .map(|(i, m)| (m, (i != 5).then_some(1_000 + (i as u64 * 37) % 400)))
        .collect();
    let periods: Vec<Period> = months.iter().map(|(m, _)| Period::Month(*m)).collect();
    let mut series = TimeSeries::monthly(frame("ts"), long, &months);
    series.benchmarks.push(TimeLine {
        name: long.into(),
        values: vec![Some(1_100.0); 24],
        interval: vec![],
    });
    series.rolling_12 = true;
    let values: Vec<f64> = months
        .iter()
        .filter_map(|(_, v)| v.map(|v| v as f64))
        .collect();
    let spc = xmr(&values, &SpcOptions::default()).unwrap();
    let area = |i: usize, c: Comparison| AreaBar {
        name: format!("{long} {i}"),
        value: ValueWithCis::new(40.0 + i as f64).with_ci95(35.0, 50.0 + i as f64),
        comparison: c,
        highlight: i == 0,
    };
    let charts = vec![
        time_series(&series).unwrap(),
        spc_chart(&SpcSpec {
            frame: frame("spc"),
            periods: periods.iter().copied().take(values.len()).collect(),
            chart: &spc,
            y_title: long.into(),
            decimals: 0,
            target: Some(1_200.0),
        })
        .unwrap(),
        year_on_year(&YearOnYear::from_counts(frame("yoy"), &months, true)).unwrap(),
        change_bars(&ChangeBars {
            frame: frame("bars"),
            rows: (0..5)
                .map(|i| ChangeRow {
                    category: format!("{long} {i}"),
                    baseline: Some(100),
                    current: Some(100 + i * 40),
                    change: Some(Change::Percent(i as f64 * 40.0 - 60.0)),
                    verdict: Some(Verdict::SignificantIncrease),
                    note: String::new(),
                })
                .collect(),
            comparison: long.into(),
        })
        .unwrap(),
        sparkline("spark", long, &months, (120, 28)).unwrap(),
        small_multiples(&SmallMultiples {
            frame: frame("grid"),
            periods: periods.clone(),
            panels: (0..4)
                .map(|i| Panel {
                    name: format!("{long} {i}"),
                    values: months.iter().map(|(_, v)| v.map(|v| v as f64)).collect(),
                })
                .collect(),
            columns: 2,
            shared_scale: true,
            decimals: 0,
        })
        .unwrap(),
        compare_areas(&CompareAreas {
            frame: frame("cmp"),
            areas: vec![
                area(0, Comparison::Better),
                area(1, Comparison::Similar),
                area(2, Comparison::Worst),
            ],
            benchmark: Some((long.into(), 45.0)),
            value_title: long.into(),
            decimals: 1,
        })
        .unwrap(),
        spine_chart(&SpineSpec {
            frame: frame("spine"),
            area_name: long.into(),
            benchmark_name: "England".into(),
            rows: (0..3)
                .map(|i| SpineRow {
                    indicator: format!("{long} {i}"),
                    area_value: Some(30.0 + i as f64 * 10.0),
                    england: Some(40.0),
                    range: Spread::of(&[10.0, 30.0, 40.0, 55.0, 80.0]),
                    comparison: Comparison::Similar,
                    polarity: Polarity::LowIsGood,
                    decimals: 1,
                })
                .collect(),
        })
        .unwrap(),
        funnel_plot(&FunnelPlot {
            frame: frame("funnel"),
            lines: FunnelLines {
                baseline: 20.0,
                lower_95: vec![(100.0, 10.0), (10_000.0, 19.0)],
                upper_95: vec![(100.0, 30.0), (10_000.0, 21.0)],
                lower_998: vec![(100.0, 5.0), (10_000.0, 18.0)],
                upper_998: vec![(100.0, 35.0), (10_000.0, 22.0)],
            },
            points: vec![FunnelPoint {
                name: long.into(),
                size: 9_000.0,
                value: 24.0,
                significance: FunnelSignificance::High001,
                highlight: true,
            }],
            x_title: long.into(),
            y_title: long.into(),
            decimals: 1,
        })
        .unwrap(),
        hotspots(&HotspotsChart {
            frame: frame("hot"),
            points: (0..400)
                .map(|i| {
                    (
                        (
                            -0.1 + (i % 20) as f64 * 0.001,
                            51.5 + (i / 20) as f64 * 0.0007,
                        ),
                        1,
                    )
                })
                .collect(),
            radius_m: None,
        })
        .unwrap(),
    ];
    for chart in charts {
        let host = document().create_element("div").unwrap();
        host.set_inner_html(&chart.svg);
        document().body().unwrap().append_child(&host).unwrap();
        let svg = host.query_selector("svg").unwrap().unwrap();
        let width: f32 = svg.get_attribute("width").unwrap().parse().unwrap();
        let height: f32 = svg.get_attribute("height").unwrap().parse().unwrap();
        let texts = host.query_selector_all("text").unwrap();
        for i in 0..texts.length() {
            let text: web_sys::SvgGraphicsElement = texts.item(i).unwrap().dyn_into().unwrap();
            let b = text.get_b_box().unwrap();
            let what = format!("{}: {:?}", chart.id, text.text_content());
            assert!(
                b.x() >= -1.0 && b.x() + b.width() <= width + 1.0,
                "{what} fits across"
            );
            assert!(
                b.y() >= -1.0 && b.y() + b.height() <= height + 1.0,
                "{what} fits down"
            );
        }
        host.remove();
    }
}

#[wasm_bindgen_test]
fn a_street_files_crime_id_index_crosses_to_the_page_as_one_uint8array() {
    use js_sys::{Array, Reflect, Uint8Array};
    use safer_trends::protocol::FromWorker;

    const APRIL: &str = include_str!("../assets/sample/2023-04-city-of-london-street.csv");
    let file = read_file("apr.csv", APRIL.as_bytes()).unwrap();
    let message = FromWorker::Loaded { job: 1, file };
    let value = serde_wasm_bindgen::to_value(&message).unwrap();
    let mut at = value.clone();
    for key in ["Loaded", "file", "content", "Street", "groups"] {
        at = Reflect::get(&at, &key.into()).unwrap();
    }
    let groups: Array = at.dyn_into().unwrap();
    assert_eq!(groups.length(), 1, "one month, one force");
    let ids = Reflect::get(&groups.get(0), &"ids".into()).unwrap();
    let bytes = ids
        .dyn_ref::<Uint8Array>()
        .expect("bytes, not an array of numbers");
    // 672 distinct Crime IDs in the file (counted in Python), 12 bytes each.
    assert_eq!(bytes.length(), 672 * 12);
    let back: FromWorker = serde_wasm_bindgen::from_value(value).unwrap();
    assert_eq!(back, message);
}

/// The link with data is deflated and inflated by the browser's own streams: what it deflates
/// is zlib that flate2 (the page's deflater before, the worker's inflater now) reads back, and
/// what flate2 deflated at its best compression (every link made before) the browser inflates,
/// stopping at the limit asked for.
#[wasm_bindgen_test]
async fn the_browsers_deflate_is_the_zlib_format_links_were_made_in() {
    use safer_trends::ui::deflate::{deflate, inflate};
    use std::io::{Read, Write};

    let json = JANUARY.as_bytes();
    let deflated = deflate(json).await.unwrap();
    assert!(deflated.len() < json.len() / 3, "{}", deflated.len());
    let mut back = Vec::new();
    flate2::read::ZlibDecoder::new(deflated.as_slice())
        .read_to_end(&mut back)
        .unwrap();
    assert_eq!(back, json);

    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(json).unwrap();
    let old = encoder.finish().unwrap();
    assert_eq!(inflate(&old, usize::MAX).await.unwrap(), json);
    assert_eq!(inflate(&old, 1000).await.unwrap(), &json[..1000]);
    // Damaged: the last byte of the Adler-32 checksum changed, or the stream cut short.
    let mut wrong = old.clone();
    *wrong.last_mut().unwrap() ^= 1;
    assert!(inflate(&wrong, usize::MAX).await.is_none());
    assert!(inflate(&old[..old.len() / 2], usize::MAX).await.is_none());
}
