//! Hostile files too big to keep in the repository, made at test time. The browser tests make
//! the same files with `tests/e2e/hostile-files.js`; `tests/data/hostile/README.md` lists
//! every case and what the app should do with it.
#![allow(dead_code, clippy::indexing_slicing)]

use std::io::Write;

use flate2::Compression;
use flate2::write::DeflateEncoder;

pub const STREET_HEADER: &str = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context";

/// One good police.uk street row: crime `i` in `month`.
pub fn street_row(i: usize, month: &str) -> String {
    format!(
        "id{i:06},{month},City of London Police,City of London Police,-0.09,51.51,On or near Cheapside,E01000001,City of London 001A,Burglary,Under investigation,"
    )
}

/// A street file with `before` good rows, then one line of `line_bytes` bytes (no
/// delimiters, so it is one field), then `after` good rows. Rows are in January 2023.
pub fn long_line_file(before: usize, line_bytes: usize, after: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(line_bytes + 200 * (before + after + 1));
    out.extend_from_slice(STREET_HEADER.as_bytes());
    out.push(b'\n');
    for i in 0..before {
        out.extend_from_slice(street_row(i, "2023-01").as_bytes());
        out.push(b'\n');
    }
    out.resize(out.len() + line_bytes, b'x');
    out.push(b'\n');
    for i in before..before + after {
        out.extend_from_slice(street_row(i, "2023-01").as_bytes());
        out.push(b'\n');
    }
    out
}

/// A street file widened to `columns` columns (`Extra 13`, …), with `rows` rows.
pub fn many_columns_street_file(columns: usize, rows: usize) -> Vec<u8> {
    let mut header = STREET_HEADER.to_owned();
    for c in 13..=columns {
        header.push_str(&format!(",Extra {c}"));
    }
    let mut out = header.into_bytes();
    out.push(b'\n');
    let padding = ",0".repeat(columns.saturating_sub(12));
    for i in 0..rows {
        out.extend_from_slice(street_row(i, "2023-01").as_bytes());
        out.extend_from_slice(padding.as_bytes());
        out.push(b'\n');
    }
    out
}

/// A header of `columns` names that mean nothing, and one row.
pub fn many_columns_unknown_file(columns: usize) -> Vec<u8> {
    let header: Vec<String> = (1..=columns).map(|c| format!("c{c}")).collect();
    let row: Vec<&str> = vec!["1"; columns];
    format!("{}\n{}\n", header.join(","), row.join(",")).into_bytes()
}

/// A wide table with one column per month for `columns` months from January 2000 (at most
/// 9999-12), and one area row.
pub fn many_period_columns_file(columns: usize) -> Vec<u8> {
    let mut header = vec!["Area".to_owned()];
    let mut row = vec!["Westminster".to_owned()];
    for c in 0..columns {
        let (year, month) = (2000 + c / 12, c % 12 + 1);
        header.push(format!("{year:04}{month:02}"));
        row.push((c % 50).to_string());
    }
    format!("{}\n{}\n", header.join(","), row.join(",")).into_bytes()
}

/// One entry of a zip built by [`zip`]. `declared_size` lies about the inflated size when set.
pub struct ZipEntry<'a> {
    pub name: String,
    pub data: &'a [u8],
    pub declared_size: Option<u32>,
}

impl<'a> ZipEntry<'a> {
    pub fn new(name: impl Into<String>, data: &'a [u8]) -> ZipEntry<'a> {
        ZipEntry {
            name: name.into(),
            data,
            declared_size: None,
        }
    }
}

/// A zip archive written by hand (deflated entries), so that names and sizes can say what a
/// hostile archive says. Consecutive entries borrowing the same bytes are compressed once.
pub fn zip(entries: &[ZipEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let mut last: Option<(*const u8, usize, Vec<u8>, u32)> = None;
    for entry in entries {
        let key = (entry.data.as_ptr(), entry.data.len());
        let (compressed, crc) = match &last {
            Some((ptr, len, compressed, crc)) if (*ptr, *len) == key => (compressed.clone(), *crc),
            _ => {
                let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
                encoder.write_all(entry.data).unwrap_or_default();
                let compressed = encoder.finish().unwrap_or_default();
                let mut crc = flate2::Crc::new();
                crc.update(entry.data);
                last = Some((key.0, key.1, compressed.clone(), crc.sum()));
                (compressed, crc.sum())
            }
        };
        let size = entry
            .declared_size
            .unwrap_or(u32::try_from(entry.data.len()).unwrap_or(u32::MAX));
        let compressed_size = u32::try_from(compressed.len()).unwrap_or(u32::MAX);
        let name = entry.name.as_bytes();
        let offset = u32::try_from(out.len()).unwrap_or(u32::MAX);
        let fixed = |out: &mut Vec<u8>| {
            out.extend_from_slice(&20u16.to_le_bytes()); // version needed
            out.extend_from_slice(&0u16.to_le_bytes()); // flags
            out.extend_from_slice(&8u16.to_le_bytes()); // deflate
            out.extend_from_slice(&0u32.to_le_bytes()); // time, date
            out.extend_from_slice(&crc.to_le_bytes());
            out.extend_from_slice(&compressed_size.to_le_bytes());
            out.extend_from_slice(&size.to_le_bytes());
            out.extend_from_slice(&u16::try_from(name.len()).unwrap_or(0).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes()); // extra
        };
        out.extend_from_slice(b"PK\x03\x04");
        fixed(&mut out);
        out.extend_from_slice(name);
        out.extend_from_slice(&compressed);
        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&20u16.to_le_bytes()); // version made by
        fixed(&mut central);
        central.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name);
    }
    let count = u16::try_from(entries.len()).unwrap_or(u16::MAX);
    let central_offset = u32::try_from(out.len()).unwrap_or(u32::MAX);
    let central_size = u32::try_from(central.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&[0; 4]); // disk numbers
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&central_size.to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // comment length
    out
}

/// A zip bomb of many entries, each too small to be judged alone: `entries` × `entry_bytes`
/// of zeros, compressed once and repeated.
pub fn many_entry_zip_bomb(entries: usize, entry_bytes: usize) -> Vec<u8> {
    let zeros = vec![b'0'; entry_bytes];
    let list: Vec<ZipEntry> = (0..entries)
        .map(|i| ZipEntry::new(format!("bomb/{i:04}.csv"), &zeros))
        .collect();
    zip(&list)
}

/// A data.police.uk-style zip of `files` monthly street files, one month each from January
/// 2011 (police.uk's months start in December 2010), `rows` rows a month.
pub fn many_files_zip(files: usize, rows: usize) -> Vec<u8> {
    let bodies: Vec<(String, Vec<u8>)> = (0..files)
        .map(|f| {
            let month = format!("{:04}-{:02}", 2011 + f / 12, f % 12 + 1);
            let mut body = format!("{STREET_HEADER}\n");
            for i in 0..rows {
                body.push_str(&street_row(i, &month));
                body.push('\n');
            }
            (
                format!("{month}/{month}-city-of-london-street.csv"),
                body.into_bytes(),
            )
        })
        .collect();
    let entries: Vec<ZipEntry> = bodies
        .iter()
        .map(|(name, body)| ZipEntry::new(name.clone(), body))
        .collect();
    zip(&entries)
}
