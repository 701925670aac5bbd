//! Zip archives as data.police.uk hands them out, and as an attacker might craft them.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::{Cursor, Write};

use safer_trends::ingest::FileProblem;
use safer_trends::ingest::archive::{MAX_ENTRIES, read_zip};
use safer_trends::model::Format;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn sample_entries() -> Vec<(String, Vec<u8>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample");
    let mut entries: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (format!("{}/{name}", &name[..7]), std::fs::read(&p).unwrap())
        })
        .collect();
    entries.sort();
    entries
}

#[test]
fn a_police_uk_download_loads_every_month_and_skips_what_is_not_csv() {
    let mut entries: Vec<(String, Vec<u8>)> = sample_entries();
    entries.push((
        "README.txt".into(),
        b"Downloaded from data.police.uk".to_vec(),
    ));
    entries.push((
        "../../escape/2023-12-city-of-london-street.csv".into(),
        entries[11].1.clone(),
    ));
    entries.push((
        "2023-12/picture.csv".into(),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
    ));
    let borrowed: Vec<(&str, Vec<u8>)> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.clone()))
        .collect();
    let bytes = zip_of(&borrowed);

    let mut reports = 0;
    let read = read_zip("download.zip", Cursor::new(bytes), &mut |_, _| reports += 1).unwrap();
    assert_eq!(read.skipped, ["README.txt"]);
    let (ok, failed): (Vec<_>, Vec<_>) = read.files.into_iter().partition(Result::is_ok);
    assert_eq!(ok.len(), 13);
    assert!(reports >= 13);
    let loadable = entries
        .iter()
        .filter(|(n, _)| n.ends_with(".csv") && !n.contains("picture"));
    for (file, (path, bytes)) in ok.iter().map(|f| f.as_ref().unwrap()).zip(loadable) {
        assert_eq!(file.name, format!("download.zip \u{203a} {path}"));
        assert_eq!(file.format, Format::PoliceStreet);
        // Each entry's rows equal the file's own lines less the header (no quoted line breaks).
        let lines = bytes
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
            .count() as u64;
        assert_eq!(file.rows.read, lines - 1, "{path}");
    }
    // The ../ entry is only a name: it loads like any other and goes nowhere.
    assert!(ok[12].as_ref().unwrap().name.contains("../../escape/"));
    let error = failed[0].as_ref().unwrap_err();
    assert_eq!(error.file, "download.zip \u{203a} 2023-12/picture.csv");
    assert_eq!(
        error.problem,
        FileProblem::NotText {
            looks_like: "a PNG image"
        }
    );
}

#[test]
fn a_zip_bomb_is_refused_and_the_rest_still_loads() {
    let mut entries = vec![("bomb.csv", vec![b'0'; 16 * 1024 * 1024])];
    let sample = sample_entries();
    entries.push((sample[0].0.as_str(), sample[0].1.clone()));
    let read = read_zip("bomb.zip", Cursor::new(zip_of(&entries)), &mut |_, _| {}).unwrap();
    let message = read.files[0].as_ref().unwrap_err().to_string();
    assert!(message.contains("zip bomb"), "{message}");
    assert!(read.files[1].is_ok());
}

#[test]
fn damaged_and_oversized_archives_get_one_clear_message() {
    let good = zip_of(&[("a.csv", b"Month,Value\n2023-01,1\n".to_vec())]);
    let err = read_zip(
        "cut.zip",
        Cursor::new(good[..good.len() / 2].to_vec()),
        &mut |_, _| {},
    )
    .unwrap_err();
    assert!(
        err.to_string().starts_with("cut.zip could not be read"),
        "{err}"
    );

    let many: Vec<(String, Vec<u8>)> = (0..=MAX_ENTRIES)
        .map(|i| (format!("{i}.txt"), Vec::new()))
        .collect();
    let borrowed: Vec<(&str, Vec<u8>)> =
        many.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    let err = read_zip("many.zip", Cursor::new(zip_of(&borrowed)), &mut |_, _| {}).unwrap_err();
    assert!(
        err.to_string()
            .contains(&format!("{} entries", MAX_ENTRIES + 1)),
        "{err}"
    );
}

#[test]
fn entry_times_say_which_publication_is_later() {
    let first = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/police-street/first-publication-2023-03/2023-01-city-of-london-street.csv"
    ))
    .unwrap();
    let later = sample_entries()[0].1.clone();
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    // The republication comes first in the archive: its time, not its place, decides.
    for (path, bytes, time) in [
        (
            "2023-12/2023-01-city-of-london-street.csv",
            &later,
            zip::DateTime::from_date_and_time(2023, 12, 1, 8, 30, 0).unwrap(),
        ),
        (
            "2023-03/2023-01-city-of-london-street.csv",
            &first,
            zip::DateTime::from_date_and_time(2023, 3, 5, 10, 0, 0).unwrap(),
        ),
    ] {
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(time);
        writer.start_file(path, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    let bytes = writer.finish().unwrap().into_inner();
    let read = read_zip("two.zip", Cursor::new(bytes), &mut |_, _| {}).unwrap();
    let files: Vec<_> = read.files.into_iter().map(Result::unwrap).collect();
    // Milliseconds since 1970 for 2023-12-01 08:30 and 2023-03-05 10:00 (times read as UTC).
    assert_eq!(files[0].modified_ms, Some(1_701_419_400_000));
    assert_eq!(files[1].modified_ms, Some(1_678_010_400_000));

    let mut data = safer_trends::model::Dataset::default();
    for file in files {
        data.add(file);
    }
    assert_eq!(data.publication_order(), [1, 0]);
    let accounts = data.accounts();
    assert_eq!((accounts[0].rows.used, accounts[1].rows.used), (719, 0));
}
