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
