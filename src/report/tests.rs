#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
//! The report checked as a reader and a browser would take it: parsed as a document (it is
//! written as well-formed XHTML-compatible HTML, so `roxmltree` reads it strictly), searched
//! for anything that could run or fetch, and its figures compared with the dashboard's and
//! with counts worked out here from the sample files themselves.

use std::collections::HashSet;
use std::path::PathBuf;

use roxmltree::{Document, Node, ParsingOptions};

use super::*;
use crate::ingest::read_file;
use crate::model::{LoadedFile, TableChoice};
use crate::stats::headline::Polarity;

fn sample_dataset() -> Dataset {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/sample");
    let mut data = Dataset::default();
    for month in 1..=12 {
        let name = format!("2023-{month:02}-city-of-london-street.csv");
        let bytes = std::fs::read(dir.join(&name)).unwrap();
        data.add(read_file(&name, &bytes).unwrap());
    }
    data
}

fn produced() -> Date {
    Date::new(2024, 2, 1).unwrap()
}

fn document(data: &Dataset, table: &CountTable, state: &ViewState) -> String {
    board_report_document(&ReportInput {
        dataset: data,
        table,
        state,
        produced: produced(),
    })
}

fn parse(text: &str) -> Document<'_> {
    let options = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options)
        .unwrap_or_else(|e| panic!("the report is not well formed: {e}"))
}

fn text_of(node: Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

fn by_id<'a>(doc: &'a Document, id: &str) -> Node<'a, 'a> {
    doc.descendants()
        .find(|n| n.attribute("id") == Some(id))
        .unwrap_or_else(|| panic!("no element #{id}"))
}

/// Each body row of a table as its cells' text.
fn table_rows(table: Node) -> Vec<Vec<String>> {
    table
        .descendants()
        .find(|n| n.has_tag_name("tbody"))
        .unwrap()
        .children()
        .filter(|n| n.has_tag_name("tr"))
        .map(|tr| {
            tr.children()
                .filter(|c| c.is_element())
                .map(text_of)
                .collect()
        })
        .collect()
}

/// Everything a self-contained, script-free, accessible report must be, whatever its data.
fn check_structure(text: &str) {
    let lower = text.to_lowercase();
    assert!(!lower.contains("<script"), "a script element");
    assert!(!lower.contains("http"), "an address");
    assert!(
        !lower.contains("//"),
        "a scheme-relative address or comment"
    );
    assert!(!lower.contains("url("), "a CSS reference");
    assert!(!lower.contains("@import"), "a CSS import");
    assert!(lower.contains("@page { size: a4;"));
    let doc = parse(text);
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "html");
    assert_eq!(root.attribute("lang"), Some("en-GB"));
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(
            ![
                "script", "iframe", "object", "embed", "img", "link", "base", "form"
            ]
            .contains(&name),
            "<{name}> in the report"
        );
        for a in node.attributes() {
            let attr = a.name().to_lowercase();
            assert!(!attr.starts_with("on"), "event handler {attr} on <{name}>");
            assert!(
                !["src", "href", "srcset", "action", "xlink:href"].contains(&attr.as_str()),
                "{attr} on <{name}>"
            );
        }
    }
    // Headings in order: one h1, and never a level skipped on the way down.
    let levels: Vec<u8> = doc
        .descendants()
        .filter_map(|n| {
            let name = n.tag_name().name();
            (n.is_element() && name.len() == 2 && name.starts_with('h'))
                .then(|| name[1..].parse::<u8>().ok())
                .flatten()
        })
        .collect();
    assert_eq!(levels.first(), Some(&1));
    assert_eq!(levels.iter().filter(|l| **l == 1).count(), 1);
    for pair in levels.windows(2) {
        assert!(pair[1] <= pair[0] + 1, "heading levels {levels:?}");
    }
    // Every table is captioned and every heading cell scoped.
    for table in doc.descendants().filter(|n| n.has_tag_name("table")) {
        let caption = table.first_element_child().unwrap();
        assert!(caption.has_tag_name("caption"), "a table without a caption");
        assert!(!text_of(caption).trim().is_empty());
        for th in table.descendants().filter(|n| n.has_tag_name("th")) {
            assert!(
                matches!(th.attribute("scope"), Some("col" | "row")),
                "{th:?}"
            );
        }
    }
    // Every chart names itself and says what it shows, and ids are unique.
    for svg in doc.descendants().filter(|n| n.has_tag_name("svg")) {
        let kids: Vec<&str> = svg
            .children()
            .filter(|n| n.is_element())
            .map(|n| n.tag_name().name())
            .collect();
        assert!(kids.starts_with(&["title", "desc"]), "{kids:?}");
        assert_eq!(svg.attribute("role"), Some("img"));
    }
    let mut ids = HashSet::new();
    for id in doc.descendants().filter_map(|n| n.attribute("id")) {
        assert!(ids.insert(id), "id {id} twice");
    }
}

/// Crimes in a sample month counted from the file with the csv crate: a Crime ID repeated in
/// the file is one crime, a row without an ID is one each.
fn counted(month: u8) -> i64 {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!(
        "assets/sample/2023-{month:02}-city-of-london-street.csv"
    ));
    let mut reader = csv::Reader::from_path(path).unwrap();
    let id = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h.trim_start_matches('\u{feff}') == "Crime ID")
        .unwrap();
    let mut seen = HashSet::new();
    let mut n = 0;
    for record in reader.records() {
        let record = record.unwrap();
        let crime = record.get(id).unwrap_or("").to_owned();
        if crime.is_empty() || seen.insert(crime) {
            n += 1;
        }
    }
    n
}

#[test]
fn the_sample_report_is_self_contained_accessible_and_states_the_files_figures() {
    let data = sample_dataset();
    let table = data.table();
    let state = ViewState::default();
    let text = document(&data, &table, &state);
    check_structure(&text);
    let doc = parse(&text);
    assert_eq!(
        text_of(by_id(&doc, "report-title")),
        "Crime trends: All areas, Jan 2023 to Dec 2023"
    );
    assert_eq!(text_of(by_id(&doc, "report-produced")), "1 Feb 2024");
    assert_eq!(
        text_of(by_id(&doc, "report-polarity")),
        "Lower is better for every measure"
    );

    // Twelve months support only month on month: December on November, from the files.
    let (dec, nov) = (counted(12), counted(11));
    let rows = table_rows(by_id(&doc, "report-headline-table"));
    let all = &rows[0];
    assert_eq!(all[0], "All recorded crime");
    let with_commas = |n: i64| thousands(n.unsigned_abs());
    assert_eq!(all[1], format!("Dec 2023: {}", with_commas(dec)));
    let diff = dec - nov;
    let pct = 100.0 * diff as f64 / nov as f64;
    assert_eq!(all[2], format!("{pct:+.1}% ({diff:+})"));

    // Every row is the dashboard's: the core's rows in the core's words.
    let periods = PeriodTable::from_months(&table, state.granularity);
    let chosen = windows_for(state.compare, &table);
    let expected = overview_rows(&table, &periods, chosen.windows, |m| state.polarity_of(m));
    assert_eq!(rows.len(), expected.len());
    for (row, want) in rows.iter().zip(&expected) {
        assert!(row[0].starts_with(&want.headline.category));
        assert_eq!(row[1..], headline_cells(want));
    }
    // The sentences, the charts (all crime and the three largest types) with their tables.
    let narrative: Vec<String> = by_id(&doc, "report-narrative")
        .descendants()
        .filter(|n| n.has_tag_name("li"))
        .map(text_of)
        .collect();
    let sentences: Vec<String> = expected
        .iter()
        .map(|r| r.headline.narrative.clone())
        .collect();
    assert_eq!(narrative, sentences);
    let figures: Vec<Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("figure"))
        .collect();
    assert_eq!(figures.len(), 1 + TOP_MEASURES);
    assert_eq!(
        text_of(by_id(&doc, "report-chart-0-heading")),
        "All recorded crime by month"
    );
    let chart_rows = table_rows(by_id(&doc, "report-chart-0-table"));
    assert_eq!(chart_rows.len(), 12);
    assert!(
        chart_rows[11].iter().any(|c| *c == with_commas(dec)),
        "{:?}",
        chart_rows[11]
    );
    // Sources: every file, the publisher and the licence.
    assert_eq!(table_rows(by_id(&doc, "report-files")).len(), 12);
    let sources = text_of(by_id(&doc, "report-sources"));
    assert!(sources.contains("City of London Police"), "{sources}");
    assert!(sources.contains("Open Government Licence v3.0"));
    // The City sample repeats Crime IDs: the caveats say so, with the snap-point caveat.
    let caveats = text_of(by_id(&doc, "report-caveats"));
    assert!(caveats.contains("dropped as duplicates"), "{caveats}");
    assert!(caveats.contains("anonymised map point"), "{caveats}");
}

#[test]
fn the_report_follows_the_view_state() {
    let data = sample_dataset();
    let table = data.table();
    let mut state = ViewState {
        granularity: crate::model::Granularity::Quarter,
        view: View::Detail,
        ..ViewState::default()
    };
    // Among the smallest crime types, so it is charted only because the detail view shows it.
    let periods = PeriodTable::from_months(&table, state.granularity);
    let smallest = table
        .categories
        .iter()
        .min_by_key(|c| {
            let i = periods.category_index(c).unwrap();
            periods
                .series(i)
                .iter()
                .filter_map(|(_, v)| *v)
                .sum::<u64>()
        })
        .unwrap()
        .clone();
    state.measure = Some(smallest.clone());
    state.set_polarity(&smallest, Polarity::HigherIsBetter);
    let text = document(&data, &table, &state);
    check_structure(&text);
    let doc = parse(&text);
    let headings: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("h3"))
        .map(text_of)
        .collect();
    assert_eq!(headings[0], "All recorded crime by quarter");
    assert_eq!(headings.last().unwrap(), &format!("{smallest} by quarter"));
    let rows = table_rows(by_id(&doc, "report-headline-table"));
    // Jan–Mar 2023 is 2022/23 Q4; Oct–Dec 2023 is the latest complete quarter.
    assert!(rows[0][1].starts_with("2023/24 Q3: "), "{:?}", rows[0]);
    let chosen = windows_for(state.compare, &table);
    let h = crate::stats::headline::headline_of(
        &table,
        &smallest,
        chosen.windows,
        Polarity::HigherIsBetter,
    )
    .unwrap();
    assert_eq!(
        text_of(by_id(&doc, "report-polarity")),
        format!("Lower is better for every measure except {smallest}: higher is better")
    );
    let narrative = text_of(by_id(&doc, "report-narrative"));
    assert!(narrative.contains(&h.narrative), "{narrative}");
}

/// A street row whose LSOA name puts it in area `area`.
fn street_row(id: usize, month: &str, area: &str, crime_type: &str) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    format!(
        "C{id},{month},Test Police,Test Police,,,On or near X,,{},{},,",
        quote(&format!("{area} 001A")),
        quote(crime_type)
    )
}

fn hostile_file(names: &[String], area: &str) -> LoadedFile {
    let mut text = String::from(
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,\
         Crime type,Last outcome category,Context\n",
    );
    let mut id = 0;
    for month in ["2023-01", "2023-02", "2023-03"] {
        for (i, name) in names.iter().enumerate() {
            for _ in 0..(3 + i) {
                id += 1;
                text.push_str(&street_row(id, month, area, name));
                text.push('\n');
            }
        }
    }
    read_file("<img src=x onerror=alert(1)>.csv", text.as_bytes()).unwrap()
}

#[test]
fn hostile_names_are_text_never_markup() {
    let long = "x".repeat(1_000);
    let names = vec![
        "<script>alert(1)</script>".to_owned(),
        "\"onload=alert(1) x=\"".to_owned(),
        "جرائم السرقة".to_owned(),
        "Theft 🚲 & 'bikes'".to_owned(),
        long.clone(),
    ];
    let area = "<b onmouseover=\"alert(1)\">Town</b>";
    let mut data = Dataset::default();
    data.add(hostile_file(&names, area));
    let table = data.area_table(&TableChoice {
        area: Some(area.to_owned()),
        combine_renamed: false,
        lsoa: None,
    });
    assert_eq!(table.area.as_deref(), Some(area));
    let state = ViewState::default();
    let text = document(&data, &table, &state);
    check_structure(&text);
    let doc = parse(&text);
    // The names come back as the very text they were, in the table and the title.
    let rows = table_rows(by_id(&doc, "report-headline-table"));
    for name in &names {
        assert!(rows.iter().any(|r| r[0] == *name), "{name} not in {rows:?}");
    }
    assert!(text_of(by_id(&doc, "report-title")).contains(area));
    let files = text_of(by_id(&doc, "report-files"));
    assert!(files.contains("<img src=x onerror=alert(1)>.csv"));
    // No element or attribute came from the data.
    assert!(!doc.descendants().any(|n| n.has_tag_name("b")));
    assert_eq!(
        report_file_name(&table, produced()),
        "safer-trends-report-b-onmouseover-alert-1-town-b-2024-02-01.html"
    );
}

#[test]
fn file_names_are_safe_and_dated() {
    let mut table = CountTable::default();
    assert_eq!(
        report_file_name(&table, produced()),
        "safer-trends-report-all-areas-2024-02-01.html"
    );
    table.area = Some("جرائم".to_owned());
    assert_eq!(
        report_file_name(&table, produced()),
        "safer-trends-report-area-2024-02-01.html"
    );
    table.area = Some("y".repeat(500));
    assert!(report_file_name(&table, produced()).len() < 100);
}

#[test]
fn the_app_stylesheet_carries_the_reports_rules() {
    let css = include_str!("../../style/main.css");
    assert!(
        css.contains(REPORT_CSS),
        "append REPORT_CSS to style/main.css"
    );
}

#[test]
fn an_empty_dataset_still_gives_a_document() {
    let data = Dataset::default();
    let table = data.table();
    let text = document(&data, &table, &ViewState::default());
    check_structure(&text);
}
