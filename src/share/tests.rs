#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeSet;

use proptest::prelude::*;

use super::*;
use crate::ingest::read_file;
use crate::model::street::StreetCountsBuilder;
use crate::model::{
    Content, Dataset, Format, LoadedFile, Month, ReadDetails, RowAccount, TableChoice,
};
use crate::view_state::{View, ViewState};

/// What the page's deflate (the browser's `CompressionStream("deflate")`) does, done by flate2
/// as the page itself did before: zlib, best compression.
fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut encoder, bytes).unwrap();
    encoder.finish().unwrap()
}

/// The data a link carries for `payload`, as "Copy link with data" writes it.
fn link_data(payload: &Payload) -> String {
    encode_data(&deflate(payload.to_json().as_bytes()))
}

/// A link's data opened as the page opens it: base64url, then inflated, reading no more than
/// `INFLATE_LIMIT` bytes (as `ui::deflate::inflate` stops), then the payload's checks.
fn decode_data(data: &str) -> Result<Payload, ShareError> {
    use std::io::Read;
    let deflated = data_bytes(data)?;
    let mut json = Vec::new();
    let read = flate2::read::ZlibDecoder::new(deflated.as_slice())
        .take(INFLATE_LIMIT as u64)
        .read_to_end(&mut json);
    decode_inflated(read.ok().map(|_| json))
}

fn m(s: &str) -> Month {
    Month::parse_iso(s).unwrap()
}

/// A street file from (month, area, crime type, rows), each row its own Crime ID.
fn street(name: &str, cells: &[(&str, &str, &str, u64)]) -> LoadedFile {
    let mut counts = StreetCountsBuilder::default();
    let mut n = 0;
    for (month, area, category, rows) in cells {
        for _ in 0..*rows {
            n += 1;
            counts
                .add(
                    m(month),
                    "Force A",
                    area,
                    "",
                    category,
                    &format!("{name}-{n}"),
                )
                .unwrap();
        }
    }
    LoadedFile {
        name: name.into(),
        format: Format::PoliceStreet,
        content: Content::Street(Box::new(counts.finish())),
        rows: RowAccount {
            read: n,
            used: n,
            ..RowAccount::default()
        },
        rejects: vec![],
        publishers: BTreeSet::from(["Force A".to_owned()]),
        details: ReadDetails {
            encoding: "UTF-8".into(),
            delimiter: ',',
            title_rows: 0,
            header_line: 1,
        },
        modified_ms: None,
    }
}

fn small_dataset() -> Dataset {
    let mut data = Dataset::default();
    data.add(street(
        "jan.csv",
        &[
            ("2024-01", "Westshire", "Burglary", 7),
            ("2024-01", "Westshire", "Robbery", 3),
            ("2024-01", "Eastshire", "Burglary", 1),
        ],
    ));
    // February is held by no file; March is.
    data.add(street(
        "mar.csv",
        &[("2024-03", "Westshire", "Burglary", 5)],
    ));
    data
}

fn sample() -> Dataset {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/sample");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    paths.sort();
    let mut data = Dataset::default();
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        data.add(read_file(&name, &std::fs::read(&path).unwrap()).unwrap());
    }
    data
}

/// Every table the dashboard can show — all areas and each area, names as published or
/// combined — is the same from the payload as from the files.
fn assert_same_tables(original: &Dataset, restored: &Dataset) {
    let areas: Vec<Option<String>> = std::iter::once(None)
        .chain(original.areas().into_iter().map(|a| Some(a.name)))
        .collect();
    assert_eq!(original.areas(), restored.areas());
    for area in areas {
        for combine_renamed in [false, true] {
            let choice = TableChoice {
                area: area.clone(),
                combine_renamed,
                lsoa: None,
            };
            assert_eq!(
                original.area_table(&choice),
                restored.area_table(&choice),
                "{choice:?}"
            );
        }
    }
}

#[test]
fn a_published_file_reads_back_as_the_same_tables() {
    let data = small_dataset();
    let payload = Payload::from_dataset(&data, "2024-04-02", false);
    let text = payload.to_json();
    let back = Payload::from_json(&text).unwrap();
    assert_eq!(back, payload);
    assert_same_tables(&data, &back.to_dataset("Published data"));
    // What the file says about itself, worked out from the cells above.
    assert_eq!(back.format, "safer-trends-published-v1");
    assert_eq!(back.published, "2024-04-02");
    assert_eq!(
        (
            back.coverage.first_month.as_str(),
            back.coverage.last_month.as_str()
        ),
        ("2024-01", "2024-03")
    );
    assert_eq!(back.coverage.missing_months, ["2024-02"]);
    assert_eq!(back.cells.len(), 4);
    assert_eq!(back.suppression.small_cells, 2);
    assert!(!back.suppression.applied);
    assert_eq!(back.source.files.len(), 2);
    assert_eq!(back.source.files[0].rows.unwrap().used, 11);
}

#[test]
fn the_sample_year_round_trips_through_the_file_and_the_link() {
    let data = sample();
    let payload = Payload::from_dataset(&data, "2024-01-31", false);
    assert_same_tables(
        &data,
        &Payload::from_json(&payload.to_json())
            .unwrap()
            .to_dataset("x"),
    );
    let view = ViewState {
        view: View::Detail,
        measure: Some("Shoplifting".into()),
        ..ViewState::default()
    };
    let link = link_with_data("http://127.0.0.1:8080/", &link_data(&payload), &view).unwrap();
    assert!(link.len() <= LINK_LIMIT);
    let fragment = link.split_once('#').unwrap().1;
    let shared = SharedLink::parse(fragment).unwrap();
    assert_eq!(shared.view, view);
    let Ok(Shared::Data(data_text)) = shared.source else {
        panic!("{:?}", shared.source)
    };
    assert_same_tables(&data, &decode_data(&data_text).unwrap().to_dataset("x"));
}

#[test]
fn remembering_a_remembered_table_keeps_its_files() {
    let data = small_dataset();
    let first = Payload::from_dataset(&data, "2024-04-02", false);
    let mut restored = first.to_dataset("Remembered data");
    restored.add(street("apr.csv", &[("2024-04", "Westshire", "Robbery", 2)]));
    let again = Payload::from_dataset(&restored, "2024-04-03", false)
        .with_earlier_sources("Remembered data", &first.source.files);
    let names: Vec<&str> = again.source.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["jan.csv", "mar.csv", "apr.csv"]);
    assert_eq!(again.coverage.last_month, "2024-04");
}

#[test]
fn the_file_holds_no_row_level_detail() {
    let data = sample();
    let text = Payload::from_dataset(&data, "2024-01-31", false).to_json();
    let csv = std::fs::read_to_string(
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("assets/sample/2023-06-city-of-london-street.csv"),
    )
    .unwrap();
    // No Crime ID, longitude, latitude, street or LSOA code from a real file appears.
    let mut lines = csv.lines().skip(1);
    let row: Vec<&str> = lines
        .find(|l| !l.starts_with(','))
        .unwrap()
        .split(',')
        .collect();
    for field in [row[0], row[4], row[5], row[6], row[7]] {
        assert!(!field.is_empty() && !text.contains(field), "{field}");
    }
    assert!(!text.contains("longitude") && !text.contains("Crime ID"));
}

#[test]
fn suppression_withholds_small_cells_as_missing_with_a_reason() {
    let data = small_dataset();
    let payload = Payload::from_dataset(&data, "2024-04-02", true);
    let back = Payload::from_json(&payload.to_json()).unwrap();
    assert!(back.suppression.applied);
    assert_eq!(back.suppression.small_cells, 2);
    assert_eq!(back.withheld(), 2);
    let values: Vec<(String, Option<u64>, Option<&str>)> = back
        .cells
        .iter()
        .map(|c| {
            (
                format!(
                    "{} {} {}",
                    c.month, back.areas[c.area as usize], back.crime_types[c.crime_type as usize]
                ),
                c.value(),
                c.missing.as_deref(),
            )
        })
        .collect();
    assert!(values.contains(&("2024-01 Westshire Robbery".into(), None, Some(SUPPRESSED))));
    assert!(values.contains(&("2024-01 Eastshire Burglary".into(), None, Some(SUPPRESSED))));
    // Five is not under five.
    assert!(values.contains(&("2024-03 Westshire Burglary".into(), Some(5), None)));
    assert!(values.contains(&("2024-01 Westshire Burglary".into(), Some(7), None)));
    // The row accounts would give the withheld total back (11 used - 7 shown = 4).
    assert!(back.source.files.iter().all(|f| f.rows.is_none()));
    // Where the small numbers are, as the warning lists them.
    let small = back.small_cells();
    assert_eq!(small.len(), 2);
    assert_eq!(
        (small[0].area.as_str(), small[0].crime_type.as_str()),
        ("Westshire", "Robbery")
    );
    assert_eq!(small[1].months, [m("2024-01")]);
    // Shown without the withheld cells; their month stays known (not a gap) in both areas.
    let shown = back.to_dataset("x");
    let east = shown.area_table(&TableChoice {
        area: Some("Eastshire".into()),
        combine_renamed: false,
        lsoa: None,
    });
    assert_eq!(
        east.area, None,
        "Eastshire has no cell left, so it is not an area"
    );
    let table = shown.table();
    assert_eq!(table.rows[0].total, Some(7));
    assert_eq!(table.rows[1].total, None);
}

#[test]
fn links_over_eight_thousand_characters_are_refused() {
    // Forty areas, fourteen crime types, a year: thousands of cells with counts that do not
    // repeat in a pattern deflate could fold away.
    let names: Vec<(String, String, String)> = (0..12u32)
        .flat_map(|month| {
            (0..40u32).flat_map(move |area| {
                (0..14u32).map(move |category| {
                    (
                        format!("2023-{:02}", month + 1),
                        format!("Area {area}"),
                        format!("Type {category}"),
                    )
                })
            })
        })
        .collect();
    let mut seed: u64 = 7;
    let cells: Vec<(&str, &str, &str, u64)> = names
        .iter()
        .map(|(month, area, category)| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (
                month.as_str(),
                area.as_str(),
                category.as_str(),
                1 + (seed >> 60),
            )
        })
        .collect();
    let mut data = Dataset::default();
    data.add(street("big.csv", &cells));
    let payload = Payload::from_dataset(&data, "2024-01-31", false);
    let length = link_with_data(
        "http://127.0.0.1:8080/",
        &link_data(&payload),
        &ViewState::default(),
    )
    .unwrap_err();
    assert!(length > LINK_LIMIT, "{length}");
    assert_eq!(
        length,
        "http://127.0.0.1:8080/#data=".len() + link_data(&payload).len() + "&view=/overview".len()
    );
    // The published file has no such limit, and still reads back whole.
    assert_same_tables(
        &data,
        &Payload::from_json(&payload.to_json())
            .unwrap()
            .to_dataset("x"),
    );
}

#[test]
fn published_names_are_plain_files_beside_the_page() {
    for good in ["board-2024-01.json", "CSP_Q1.2024.JSON", "a.json"] {
        assert_eq!(published_name(good).unwrap(), good);
    }
    for bad in [
        "",
        "../board.json",
        "..json.json",
        "reports/board.json",
        "/board.json",
        "//evil.example/board.json",
        "https://evil.example/board.json",
        "data:application/json,{}",
        "javascript:alert(1).json",
        "board.json?x=1",
        "%2e%2e%2fboard.json",
        "board%2Fx.json",
        "board\\x.json",
        ".hidden.json",
        "board.csv",
        "board .json",
    ] {
        let error = published_name(bad).unwrap_err();
        assert!(matches!(error, ShareError::BadName(_)), "{bad}");
        assert!(
            error.to_string().contains("cannot be used as the name"),
            "{bad}"
        );
    }
    let long = format!("{}.json", "a".repeat(200));
    assert!(published_name(&long).is_err());
}

#[test]
fn fragments_name_the_source_and_keep_the_view() {
    let view = ViewState {
        view: View::Detail,
        measure: Some("Violence and sexual offences".into()),
        area: Some("City of London".into()),
        ..ViewState::default()
    };
    let source = Shared::Published("board-2024-01.json".into());
    let fragment = shared_fragment(&source, &view);
    assert!(fragment.starts_with("#published=board-2024-01.json&view=/detail?"));
    let back = SharedLink::parse(&fragment).unwrap();
    assert_eq!(back.source, Ok(source));
    assert_eq!(back.view, view);
    // Without a view: the overview.
    let plain = SharedLink::parse("#published=b.json").unwrap();
    assert_eq!(plain.view, ViewState::default());
    // A bad name is an error to show, not the landing page.
    let bad = SharedLink::parse("#published=https://evil.example/x.json&view=/overview").unwrap();
    assert!(bad.source.is_err());
    // The app's own fragments and in-page jumps are not shared data.
    for other in [
        "",
        "#",
        "#/overview",
        "#/detail?m=Burglary",
        "#main",
        "#help",
    ] {
        assert_eq!(SharedLink::parse(other), None, "{other}");
    }
}

type Change = dyn Fn(&mut serde_json::Value);

fn valid_json() -> serde_json::Value {
    serde_json::from_str(&Payload::from_dataset(&small_dataset(), "2024-04-02", false).to_json())
        .unwrap()
}

fn refused(value: &serde_json::Value) -> String {
    let error = Payload::from_json(&value.to_string()).unwrap_err();
    error.to_string()
}

#[test]
fn hostile_and_garbled_files_are_refused_with_a_reason() {
    let not_json = [
        "",
        "<!doctype html><p>Not found",
        "Month,Crime type\n2024-01,x",
        "{\"format\":",
        "\u{feff}\0\0",
    ];
    for text in not_json {
        let message = Payload::from_json(text).unwrap_err().to_string();
        assert!(message.contains("not JSON"), "{text:?}: {message}");
    }
    assert!(
        Payload::from_json("{}")
            .unwrap_err()
            .to_string()
            .contains("does not say")
    );
    assert!(
        Payload::from_json("[1,2]")
            .unwrap_err()
            .to_string()
            .contains("does not say")
    );
    assert!(
        Payload::from_json(r#"{"format":"safer-trends-published-v2"}"#)
            .unwrap_err()
            .to_string()
            .contains("version 2")
    );

    let cases: Vec<(&str, Box<Change>, &str)> = vec![
        (
            "negative",
            Box::new(|v| v["cells"][0]["count"] = (-3).into()),
            "negative",
        ),
        (
            "fraction",
            Box::new(|v| v["cells"][0]["count"] = 2.5.into()),
            "not a whole number",
        ),
        (
            "huge",
            Box::new(|v| v["cells"][0]["count"] = u64::MAX.into()),
            "too large",
        ),
        (
            "string count",
            Box::new(|v| v["cells"][0]["count"] = "7".into()),
            "cannot be shown",
        ),
        (
            "area index",
            Box::new(|v| v["cells"][0]["area"] = 99.into()),
            "area 99",
        ),
        (
            "type index",
            Box::new(|v| v["cells"][0]["type"] = 4_000_000_000u64.into()),
            "crime type",
        ),
        (
            "negative index",
            Box::new(|v| v["cells"][0]["force"] = (-1).into()),
            "cannot be shown",
        ),
        (
            "month",
            Box::new(|v| v["cells"][0]["month"] = "2024-13".into()),
            "not a month",
        ),
        (
            "held month",
            Box::new(|v| v["held"][0]["month"] = "Jan 2024".into()),
            "not a month",
        ),
        (
            "unheld",
            Box::new(|v| v["held"] = serde_json::json!([])),
            "do not hold",
        ),
        (
            "repeat",
            Box::new(|v| {
                let c = v["cells"][0].clone();
                v["cells"].as_array_mut().unwrap().push(c);
            }),
            "repeats",
        ),
        (
            "null no reason",
            Box::new(|v| v["cells"][0]["count"] = serde_json::Value::Null),
            "no reason",
        ),
        (
            "both",
            Box::new(|v| v["cells"][0]["missing"] = "x".into()),
            "both",
        ),
        (
            "date",
            Box::new(|v| v["published"] = "yesterday".into()),
            "not a date",
        ),
        (
            "no cells",
            Box::new(|v| {
                v.as_object_mut().unwrap().remove("cells");
            }),
            "cannot be shown",
        ),
        (
            "control",
            Box::new(|v| v["areas"][0] = "West\u{1b}[31m".into()),
            "control",
        ),
        (
            "twice",
            Box::new(|v| v["crime_types"][1] = v["crime_types"][0].clone()),
            "twice",
        ),
        (
            "threshold",
            Box::new(|v| v["suppression"]["threshold"] = 3.into()),
            "threshold",
        ),
        (
            "rows",
            Box::new(|v| v["source"]["files"][0]["rows"]["read"] = (-1).into()),
            "cannot be shown",
        ),
        (
            "total",
            Box::new(|v| {
                v["cells"][0]["count"] = (1u64 << 53).into();
                v["cells"][1]["count"] = (1u64 << 53).into();
            }),
            "add up",
        ),
    ];
    for (what, change, expected) in cases {
        let mut value = valid_json();
        change(&mut value);
        let message = refused(&value);
        assert!(message.contains(expected), "{what}: {message}");
    }
}

#[test]
fn damaged_and_oversized_links_are_refused() {
    let good = link_data(&Payload::from_dataset(
        &small_dataset(),
        "2024-04-02",
        false,
    ));
    assert!(decode_data(&good).is_ok());
    // Cut short, as a mail client might; or a character changed inside (the checksum).
    let mid = good.len() / 2;
    let swap = if &good[mid..=mid] == "A" { "B" } else { "A" };
    let changed = format!("{}{swap}{}", &good[..mid], &good[mid + 1..]);
    for bad in ["", "!!!!", "AAAA", &good[..mid], &changed] {
        let error = decode_data(bad).unwrap_err();
        assert!(
            matches!(error, ShareError::Damaged(_) | ShareError::NotJson(_)),
            "{bad}: {error:?}"
        );
    }
    // 40 MB of zeros deflate to a few tens of kilobytes: refused once 16 MB are inflated.
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut encoder, &vec![b' '; 40 * 1024 * 1024]).unwrap();
    let bomb = base64::Engine::encode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        encoder.finish().unwrap(),
    );
    assert!(bomb.len() < 200_000);
    assert!(matches!(
        decode_data(&bomb),
        Err(ShareError::TooLarge { .. })
    ));
    // Valid base64 of valid deflate of valid JSON that is not a payload.
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut encoder, b"{\"format\":\"something else\"}").unwrap();
    let other = base64::Engine::encode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        encoder.finish().unwrap(),
    );
    assert_eq!(decode_data(&other), Err(ShareError::NotPublished));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_text_is_refused_or_read_never_a_crash(text in ".{0,400}") {
        let _ = Payload::from_json(&text);
        let _ = decode_data(&text);
        let _ = SharedLink::parse(&text);
    }

    #[test]
    fn any_byte_flipped_in_a_file_is_refused_or_still_valid(place in 0usize..400, byte in any::<u8>()) {
        let text = Payload::from_dataset(&small_dataset(), "2024-04-02", true).to_json();
        let mut bytes = text.into_bytes();
        let at = place % bytes.len();
        bytes[at] = byte;
        if let Ok(text) = String::from_utf8(bytes)
            && let Ok(payload) = Payload::from_json(&text)
        {
            // Whatever survives the checks can be shown.
            let _ = payload.to_dataset("x").table();
        }
    }

    #[test]
    fn random_tables_round_trip(cells in proptest::collection::vec((0u8..30, 0u8..3, 0u8..4, 1u64..12), 1..60)) {
        let rows: Vec<(String, String, String, u64)> = cells
            .iter()
            .map(|(month, area, category, n)| {
                (
                    format!("{}-{:02}", 2020 + u16::from(*month) / 12, month % 12 + 1),
                    format!("Area {area}"),
                    format!("Type {category}"),
                    *n,
                )
            })
            .collect();
        let borrowed: Vec<(&str, &str, &str, u64)> =
            rows.iter().map(|(a, b, c, n)| (a.as_str(), b.as_str(), c.as_str(), *n)).collect();
        let mut data = Dataset::default();
        data.add(street("one.csv", &borrowed));
        let payload = Payload::from_dataset(&data, "2024-04-02", false);
        let back = Payload::from_json(&payload.to_json()).unwrap();
        assert_same_tables(&data, &back.to_dataset("x"));
        let suppressed = Payload::from_dataset(&data, "2024-04-02", true);
        // Suppression withholds exactly the cells of 1 to 4, counted here from the cells.
        let merged = data.merged_cells();
        let small = merged.iter().filter(|c| c.4 < 5).count();
        prop_assert_eq!(suppressed.withheld(), small);
        prop_assert_eq!(suppressed.suppression.small_cells as usize, small);
        let shown: u64 = suppressed.cells.iter().filter_map(Cell::value).sum();
        prop_assert_eq!(shown, merged.iter().map(|c| c.4).filter(|n| *n >= 5).sum::<u64>());
    }
}
