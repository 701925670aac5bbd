#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
//! Raw bytes to CSV-ready text: encodings as real exports arrive, streamed in chunks,
//! delimiters, title rows and line endings.

use encoding_rs::WINDOWS_1252;
use proptest::prelude::*;
use safer_trends::ingest::text::{
    DelimiterGuess, DetectedEncoding, EncodingEvidence, HeaderRow, InvalidSequences, TextDecoder,
    TextEncoding, TextError, decode_all, detect_encoding, find_header_row, read_sample_records,
    record_line, sniff_delimiter,
};

const CITY_OF_LONDON: &str = "tests/data/police-street/2020-04-city-of-london-street.csv";

/// The real street file with `£` and `é` added to a row, as an analyst's edit in Excel would.
fn street_file_with_accents() -> String {
    let original = std::fs::read_to_string(CITY_OF_LONDON).unwrap();
    let edited = original.replacen(
        "On or near Beech Street",
        "On or near Café Beech Street (£5 fine)",
        1,
    );
    assert_ne!(edited, original);
    edited
}

fn utf16(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
    let units = bom
        .then_some(0xfeff_u16)
        .into_iter()
        .chain(text.encode_utf16());
    units
        .flat_map(|unit| {
            if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            }
        })
        .collect()
}

fn windows_1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = WINDOWS_1252.encode(text);
    assert!(
        !unmappable,
        "test text must be representable in Windows-1252"
    );
    bytes.into_owned()
}

fn lf_only(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Decodes `bytes` fed in pieces cut at `cuts` (positions into `bytes`, any order).
fn decode_in_chunks(
    bytes: &[u8],
    encoding: TextEncoding,
    cuts: &[usize],
) -> Result<(String, Option<InvalidSequences>), TextError> {
    let mut cuts: Vec<usize> = cuts.iter().map(|cut| cut % (bytes.len() + 1)).collect();
    cuts.sort_unstable();
    let mut decoder = TextDecoder::new(encoding);
    let mut text = String::new();
    let mut start = 0;
    for cut in cuts.into_iter().chain([bytes.len()]) {
        text.push_str(decoder.decode(&bytes[start..cut])?);
        start = cut;
    }
    let finished = decoder.finish()?;
    text.push_str(&finished.tail);
    Ok((text, finished.invalid))
}

fn decode_in_one_go(
    bytes: &[u8],
    encoding: TextEncoding,
) -> Result<(String, Option<InvalidSequences>), TextError> {
    decode_in_chunks(bytes, encoding, &[])
}

// ---- Encoding detection and decoding of a real file ----

#[test]
fn utf8_street_file_round_trips() {
    let text = street_file_with_accents();
    let decoded = decode_all(text.as_bytes()).unwrap();
    assert_eq!(
        decoded.encoding,
        DetectedEncoding {
            encoding: TextEncoding::Utf8,
            evidence: EncodingEvidence::ValidUtf8
        }
    );
    assert_eq!(decoded.text, lf_only(&text));
    assert_eq!(decoded.invalid, None);
}

#[test]
fn utf8_with_bom_loses_the_bom() {
    let text = street_file_with_accents();
    let bytes = [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat();
    let decoded = decode_all(&bytes).unwrap();
    assert_eq!(decoded.encoding.encoding, TextEncoding::Utf8);
    assert_eq!(decoded.encoding.evidence, EncodingEvidence::ByteOrderMark);
    assert!(decoded.text.starts_with("Crime ID,Month"));
    assert_eq!(decoded.text, lf_only(&text));
}

#[test]
fn utf16_with_bom_round_trips_both_byte_orders() {
    let text = street_file_with_accents();
    for (little_endian, encoding) in [
        (true, TextEncoding::Utf16Le),
        (false, TextEncoding::Utf16Be),
    ] {
        let decoded = decode_all(&utf16(&text, little_endian, true)).unwrap();
        assert_eq!(decoded.encoding.encoding, encoding);
        assert_eq!(decoded.encoding.evidence, EncodingEvidence::ByteOrderMark);
        assert_eq!(decoded.text, lf_only(&text));
        assert_eq!(decoded.invalid, None);
    }
}

#[test]
fn utf16_without_bom_is_found_from_its_zero_bytes() {
    let text = street_file_with_accents();
    for (little_endian, encoding) in [
        (true, TextEncoding::Utf16Le),
        (false, TextEncoding::Utf16Be),
    ] {
        let decoded = decode_all(&utf16(&text, little_endian, false)).unwrap();
        assert_eq!(decoded.encoding.encoding, encoding);
        assert_eq!(decoded.encoding.evidence, EncodingEvidence::ZeroBytePattern);
        assert_eq!(decoded.text, lf_only(&text));
    }
}

#[test]
fn windows_1252_street_file_round_trips() {
    let text = street_file_with_accents();
    let bytes = windows_1252(&text);
    assert!(
        bytes.contains(&0xa3),
        "£ is one byte, 0xA3, in Windows-1252"
    );
    let decoded = decode_all(&bytes).unwrap();
    assert_eq!(decoded.encoding.encoding, TextEncoding::Windows1252);
    assert!(matches!(
        decoded.encoding.evidence,
        EncodingEvidence::NotUtf8 { invalid_sequences } if invalid_sequences >= 2
    ));
    assert_eq!(decoded.text, lf_only(&text));
    assert!(decoded.text.contains("Café Beech Street (£5 fine)"));
}

#[test]
fn windows_1252_punctuation_excel_writes() {
    // Curly quotes, en dash and euro sign live in 0x80–0x9F, where Windows-1252 and
    // ISO-8859-1 differ.
    let text = "Area,Note\nLeeds,\u{201c}Night-time economy\u{201d} \u{2013} \u{20ac}5\n";
    let decoded = decode_all(&windows_1252(text)).unwrap();
    assert_eq!(decoded.encoding.encoding, TextEncoding::Windows1252);
    assert_eq!(decoded.text, text);
}

#[test]
fn detection_is_explained_for_the_user() {
    let said = |bytes: &[u8]| detect_encoding(bytes).to_string();
    assert_eq!(
        said(b"\xff\xfeM\0o\0"),
        "UTF-16 (little-endian), from its byte-order mark"
    );
    assert_eq!(
        said(b"\xfe\xff\0M\0o"),
        "UTF-16 (big-endian), from its byte-order mark"
    );
    assert!(said(b"M\0o\0n\0t\0h\0").starts_with("UTF-16 (little-endian), from the zero bytes"));
    assert_eq!(
        said("Month,£\n".as_bytes()),
        "UTF-8, as the start of the file is valid UTF-8"
    );
    let windows = said(b"Month,\xa3\n");
    assert!(windows.starts_with("Windows-1252, as the start of the file is not UTF-8 (1 invalid"));
    assert!(windows.contains("Excel"));
    assert_eq!(said(b""), "UTF-8, as the file is empty");
}

#[test]
fn only_the_first_64_kib_decide() {
    // A file valid for its first 64 KiB and broken later is UTF-8 with damage, not
    // Windows-1252.
    let mut bytes = "a,b\n".repeat(20_000).into_bytes();
    bytes.extend_from_slice(b"caf\xe9,1\n");
    assert_eq!(
        detect_encoding(&bytes).evidence,
        EncodingEvidence::ValidUtf8
    );
}

#[test]
fn empty_input_decodes_to_nothing() {
    let decoded = decode_all(b"").unwrap();
    assert_eq!(decoded.text, "");
    assert_eq!(decoded.encoding.evidence, EncodingEvidence::NoBytes);
    assert_eq!(decoded.invalid, None);
    let finished = TextDecoder::new(TextEncoding::Utf16Le).finish().unwrap();
    assert_eq!(finished.tail, "");
    assert_eq!(sniff_delimiter(""), None);
    assert_eq!(find_header_row(&[]), None);
}

// ---- Broken input ----

#[test]
fn invalid_utf8_mid_file_is_counted_and_located_not_hidden() {
    // Enough good non-ASCII text that the damage reads as damage, not as another encoding.
    let good = street_file_with_accents().replace("001A", "001A – Barbican");
    let mut lines: Vec<&str> = good.split("\r\n").collect();
    let line_5 = lines[4].to_owned();
    let broken_line = format!("{line_5}\u{0}");
    lines[4] = &broken_line;
    let mut bytes = lines.join("\r\n").into_bytes();
    // Swap the NUL placeholder for a lone continuation byte, then break line 9 twice more.
    let at = bytes.iter().position(|&b| b == 0).unwrap();
    bytes[at] = 0x80;
    let line_9_start: usize = lines[..8].iter().map(|l| l.len() + 2).sum();
    bytes.splice(line_9_start..line_9_start, *b"\xe9\xff");

    let decoded = decode_all(&bytes).unwrap();
    assert_eq!(decoded.encoding.encoding, TextEncoding::Utf8);
    assert!(matches!(
        decoded.encoding.evidence,
        EncodingEvidence::MostlyUtf8 {
            invalid_sequences: 3
        }
    ));
    assert_eq!(
        decoded.invalid,
        Some(InvalidSequences {
            count: 3,
            first_byte_offset: at as u64,
            lines: vec![5, 9],
        })
    );
    // The rest decodes; the broken bytes show as replacement characters on their rows.
    let text_lines: Vec<&str> = decoded.text.lines().collect();
    assert_eq!(text_lines.len(), lines.len() - 1);
    assert_eq!(text_lines[4], format!("{line_5}\u{fffd}"));
    assert!(text_lines[8].starts_with("\u{fffd}\u{fffd}"));
    assert!(text_lines[1].contains("Café"));
}

#[test]
fn invalid_sequence_split_across_chunks_has_the_same_offset() {
    // E2 82 is the start of € cut short by a comma.
    let bytes = b"Area,Cost\nLeeds,\xe2\x82,5\n";
    let whole = decode_in_one_go(bytes, TextEncoding::Utf8).unwrap();
    for cut in 0..=bytes.len() {
        assert_eq!(
            decode_in_chunks(bytes, TextEncoding::Utf8, &[cut]).unwrap(),
            whole
        );
    }
    let invalid = whole.1.unwrap();
    assert_eq!(invalid.first_byte_offset, 16);
    assert_eq!(invalid.lines, vec![2]);
}

#[test]
fn utf16_with_an_odd_byte_count_is_refused() {
    let mut bytes = utf16("Month,Count\n2023-01,4\n", true, true);
    bytes.push(b'5');
    let error = decode_all(&bytes).unwrap_err();
    assert_eq!(
        error,
        TextError::OddUtf16Length {
            encoding: TextEncoding::Utf16Le,
            bytes: bytes.len() as u64
        }
    );
    let message = error.to_string();
    assert!(message.contains("UTF-16 (little-endian)"));
    assert!(message.contains(&format!("({})", bytes.len())));
    assert!(message.contains("download it again"));
}

#[test]
fn nul_characters_mean_a_binary_file() {
    let error = decode_all(b"Month,Count\n2023-01,4\n\0\0\x01\x02").unwrap_err();
    assert_eq!(
        error,
        TextError::NulCharacter {
            encoding: TextEncoding::Utf8,
            line: 3
        }
    );
    assert!(
        error
            .to_string()
            .starts_with("Line 3 contains a NUL character")
    );
    // The decoder stays failed rather than carrying on past the error.
    let mut decoder = TextDecoder::new(TextEncoding::Windows1252);
    assert!(decoder.decode(b"a,b\r\x00").is_err());
    assert!(decoder.decode(b"c,d\n").is_err());
    assert!(decoder.finish().is_err());
}

#[test]
fn unpaired_utf16_surrogate_is_counted() {
    let mut bytes = utf16("Area,Note\nLeeds,", true, true);
    bytes.extend_from_slice(&0xd800_u16.to_le_bytes());
    bytes.extend_from_slice(&utf16("x\n", true, false));
    let (text, invalid) = decode_in_one_go(&bytes, TextEncoding::Utf16Le).unwrap();
    assert_eq!(text, "Area,Note\nLeeds,\u{fffd}x\n");
    let invalid = invalid.unwrap();
    assert_eq!(invalid.count, 1);
    assert_eq!(invalid.first_byte_offset, 2 + 2 * 16);
    assert_eq!(invalid.lines, vec![2]);
}

// ---- Line endings ----

#[test]
fn mixed_line_endings_give_csv_the_file_s_line_numbers() {
    // CRLF, lone CR (old Mac), LF, a blank CR line and a quoted CRLF inside a cell.
    let bytes = b"Month,Count\r\n2023-01,4\r2023-02,5\n\r2023-03,\"six\r\nor seven\"\r2023-04,8";
    let (text, _) = decode_in_one_go(bytes, TextEncoding::Utf8).unwrap();
    assert_eq!(
        text,
        "Month,Count\n2023-01,4\n2023-02,5\n\n2023-03,\"six\nor seven\"\n2023-04,8"
    );
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let lines: Vec<(u64, String)> = reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            (
                record_line(&text, record.position().unwrap()),
                record[0].to_owned(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            (1, "Month".to_owned()),
            (2, "2023-01".to_owned()),
            (3, "2023-02".to_owned()),
            (5, "2023-03".to_owned()),
            (7, "2023-04".to_owned()),
        ]
    );
}

#[test]
fn crlf_split_between_chunks_is_one_line_ending() {
    let bytes = b"a,b\r\nc,d\r\r\ne,f\r";
    let mut decoder = TextDecoder::new(TextEncoding::Utf8);
    let mut text = String::new();
    for byte in bytes {
        text.push_str(decoder.decode(std::slice::from_ref(byte)).unwrap());
    }
    text.push_str(&decoder.finish().unwrap().tail);
    assert_eq!(text, "a,b\nc,d\n\ne,f\n");
}

#[test]
fn utf16_crlf_and_characters_split_mid_code_unit() {
    let text = "Month,Place\r\n2023-01,Café 😀\r\n";
    let bytes = utf16(text, false, true);
    let mut decoder = TextDecoder::new(TextEncoding::Utf16Be);
    let mut decoded = String::new();
    for piece in bytes.chunks(3) {
        decoded.push_str(decoder.decode(piece).unwrap());
    }
    decoded.push_str(&decoder.finish().unwrap().tail);
    assert_eq!(decoded, lf_only(text));
}

// ---- Delimiters ----

#[test]
fn comma_street_file_is_comma_delimited() {
    let text = lf_only(&street_file_with_accents());
    let guess = sniff_delimiter(&text[..4000]).unwrap();
    assert_eq!(guess.delimiter, b',');
    assert_eq!(guess.fields, 12);
    assert_eq!(guess.consistent_records, guess.records);
    assert!(!guess.decimal_comma);
}

#[test]
fn semicolon_file_with_decimal_commas() {
    let text = "Gebied;Rate per 1.000;Aantal\n\
                Leeds;12,5;1.204\n\
                York;3,25;310\n\
                Hull;0,8;96\n\
                Bradford;14,75;1.322\n";
    let guess = sniff_delimiter(text).unwrap();
    assert_eq!(
        guess,
        DelimiterGuess {
            delimiter: b';',
            fields: 3,
            consistent_records: 5,
            records: 5,
            decimal_comma: true,
        }
    );
    let plain = "Area;Rate;Count\nLeeds;12.5;1204\nYork;3.25;310\n";
    let guess = sniff_delimiter(plain).unwrap();
    assert_eq!(guess.delimiter, b';');
    assert!(!guess.decimal_comma);
}

#[test]
fn quoted_fields_hide_delimiters_quotes_and_line_breaks() {
    // Commas inside quotes would give the comma a ragged field count if quotes were ignored.
    let text = "Area|Note|Count\n\
                \"Leeds, West\"|\"said \"\"hi, there\"\"\"|4\n\
                York|\"two\nlines, here\"|5\n\
                Hull|plain|6\n";
    let guess = sniff_delimiter(text).unwrap();
    assert_eq!(guess.delimiter, b'|');
    assert_eq!(
        (guess.fields, guess.consistent_records, guess.records),
        (3, 4, 4)
    );

    let commas = "Area,Note,Count\n\"Leeds; West\",\"a;b;c\",4\nYork,\"x\n;y\",5\n";
    let guess = sniff_delimiter(commas).unwrap();
    assert_eq!(guess.delimiter, b',');
    assert_eq!(guess.consistent_records, 3);
}

#[test]
fn tab_file_and_cut_off_sample() {
    let text = "Area\tCount\tRate\nLeeds, West\t4\t1.5\nYork\t5\t2.5\nHull\t6";
    let guess = sniff_delimiter(text).unwrap();
    assert_eq!(guess.delimiter, b'\t');
    // The last record may be cut off by the sample's end, so it is not counted.
    assert_eq!((guess.fields, guess.records), (3, 3));
}

#[test]
fn single_column_has_no_delimiter() {
    assert_eq!(sniff_delimiter("Count\n4\n5\n"), None);
}

// ---- Header rows ----

fn rows(text: &str, delimiter: u8) -> Vec<Vec<String>> {
    read_sample_records(text, delimiter, 50)
}

#[test]
fn title_rows_above_the_header_are_skipped() {
    let text = "Table 1: Police recorded crime\n\
                \n\
                Source: Home Office, 2023\n\
                Area,Offence,Count,Rate\n\
                Leeds,Burglary,1204,12.5\n\
                York,Burglary,310,3.1\n\
                Hull,Robbery,96,0.8\n";
    let records = rows(text, b',');
    assert_eq!(records.len(), 6, "csv skips the blank line");
    assert_eq!(
        find_header_row(&records),
        Some(HeaderRow {
            index: 2,
            title_rows: 2
        })
    );
    // Skipping `index` records leaves csv reporting the file's own line numbers.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader.records().nth(2).unwrap().unwrap();
    assert_eq!(&header[0], "Area");
    assert_eq!(record_line(text, header.position().unwrap()), 4);
}

#[test]
fn csv_puts_a_record_after_blank_lines_at_the_first_blank_and_record_line_corrects_it() {
    let text = "a,b\n\n\nc,d\ne,f\n";
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let positions: Vec<csv::Position> = reader
        .records()
        .map(|record| record.unwrap().position().unwrap().clone())
        .collect();
    let raw: Vec<u64> = positions.iter().map(csv::Position::line).collect();
    assert_eq!(raw, vec![1, 2, 5]);
    let corrected: Vec<u64> = positions.iter().map(|p| record_line(text, p)).collect();
    assert_eq!(corrected, vec![1, 4, 5]);
}

#[test]
fn excel_padded_title_rows_and_blank_rows_given_by_the_caller() {
    // Excel pads title rows with empty cells to the table's width.
    let records: Vec<Vec<String>> = [
        vec!["Table 2: Anti-social behaviour", "", "", ""],
        vec!["", "", "", ""],
        vec!["Month", "Force", "Incidents", "Change %"],
        vec!["2023-01", "West Yorkshire", "4,120", "-2.5"],
        vec!["2023-02", "West Yorkshire", "3,987", "-3.2"],
        vec!["Note: provisional", "", "", ""],
    ]
    .into_iter()
    .map(|row| row.into_iter().map(str::to_owned).collect())
    .collect();
    assert_eq!(
        find_header_row(&records),
        Some(HeaderRow {
            index: 2,
            title_rows: 1
        })
    );
}

#[test]
fn street_file_header_is_the_first_row() {
    let text = lf_only(&street_file_with_accents());
    let records = rows(&text, b',');
    assert_eq!(
        find_header_row(&records),
        Some(HeaderRow {
            index: 0,
            title_rows: 0
        })
    );
}

#[test]
fn semicolon_file_with_title_rows_end_to_end() {
    let text = "Criminaliteit per gemeente\r\r\
                Gebied;Rate;Aantal\r\
                Leeds;12,5;1204\r\
                York;3,25;310\r";
    let (decoded, _) = decode_in_one_go(&windows_1252(text), TextEncoding::Windows1252).unwrap();
    let guess = sniff_delimiter(&decoded).unwrap();
    assert_eq!(guess.delimiter, b';');
    assert!(guess.decimal_comma);
    let records = rows(&decoded, guess.delimiter);
    assert_eq!(
        find_header_row(&records),
        Some(HeaderRow {
            index: 1,
            title_rows: 1
        })
    );
}

#[test]
fn numbers_only_or_header_only_have_no_header() {
    assert_eq!(find_header_row(&rows("1,2\n3,4\n5,6\n", b',')), None);
    assert_eq!(find_header_row(&rows("Month,Count\n", b',')), None);
}

// ---- Properties ----

/// Text as found in the files: ASCII, £ é – curly quotes, all three line endings, quotes and
/// delimiters. No NUL, which is an error tested on its own.
fn csv_like_text(representable_in_1252: bool) -> BoxedStrategy<String> {
    let pieces: Vec<&'static str> = if representable_in_1252 {
        vec![
            "Month", "2023-01", ",", ";", "\"", "\r\n", "\r", "\n", "£", "é", "\u{2013}", " ",
            "12,5",
        ]
    } else {
        vec![
            "Month", "2023-01", ",", "\"", "\r\n", "\r", "\n", "£", "é", "😀", "日本", " ", "\t",
        ]
    };
    proptest::collection::vec(proptest::sample::select(pieces), 0..60)
        .prop_map(|pieces| pieces.concat())
        .boxed()
}

fn cuts() -> impl Strategy<Value = Vec<usize>> {
    proptest::collection::vec(any::<usize>(), 0..12)
}

proptest! {
    #[test]
    fn utf8_chunks_decode_as_one(text in csv_like_text(false), bom in any::<bool>(), cuts in cuts()) {
        let bytes = [if bom { b"\xef\xbb\xbf".as_slice() } else { b"" }, text.as_bytes()].concat();
        let whole = decode_in_one_go(&bytes, TextEncoding::Utf8);
        prop_assert_eq!(&whole, &Ok((lf_only(&text), None)));
        prop_assert_eq!(decode_in_chunks(&bytes, TextEncoding::Utf8, &cuts), whole);
    }

    #[test]
    fn utf16_chunks_decode_as_one(
        text in csv_like_text(false),
        little_endian in any::<bool>(),
        bom in any::<bool>(),
        cuts in cuts(),
    ) {
        let encoding = if little_endian { TextEncoding::Utf16Le } else { TextEncoding::Utf16Be };
        let bytes = utf16(&text, little_endian, bom);
        let whole = decode_in_one_go(&bytes, encoding);
        prop_assert_eq!(&whole, &Ok((lf_only(&text), None)));
        prop_assert_eq!(decode_in_chunks(&bytes, encoding, &cuts), whole);
    }

    #[test]
    fn windows_1252_chunks_decode_as_one(text in csv_like_text(true), cuts in cuts()) {
        let bytes = windows_1252(&text);
        let whole = decode_in_one_go(&bytes, TextEncoding::Windows1252);
        prop_assert_eq!(&whole, &Ok((lf_only(&text), None)));
        prop_assert_eq!(decode_in_chunks(&bytes, TextEncoding::Windows1252, &cuts), whole);
    }

    #[test]
    fn arbitrary_bytes_decode_the_same_in_chunks_in_every_encoding(
        bytes in proptest::collection::vec(any::<u8>(), 0..200),
        cuts in cuts(),
    ) {
        for encoding in [
            TextEncoding::Utf8,
            TextEncoding::Utf16Le,
            TextEncoding::Utf16Be,
            TextEncoding::Windows1252,
        ] {
            prop_assert_eq!(
                decode_in_chunks(&bytes, encoding, &cuts),
                decode_in_one_go(&bytes, encoding)
            );
        }
    }

    #[test]
    fn nothing_panics_on_any_input(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = detect_encoding(&bytes).to_string();
        match decode_all(&bytes) {
            Ok(decoded) => {
                let guess = sniff_delimiter(&decoded.text);
                let records = rows(&decoded.text, guess.map_or(b',', |g| g.delimiter));
                let _ = find_header_row(&records);
            }
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
    }

    #[test]
    fn decoded_text_has_only_lf_line_endings(text in csv_like_text(false)) {
        let decoded = decode_all(text.as_bytes()).unwrap();
        prop_assert!(!decoded.text.contains('\r'));
        let editor_lines = text.matches("\r\n").count()
            + text.replace("\r\n", "").matches(['\r', '\n']).count();
        prop_assert_eq!(decoded.text.matches('\n').count(), editor_lines);
    }
}

#[test]
fn a_row_of_bare_years_is_a_header_but_a_row_of_counts_is_not() {
    // Title rows, then `Ward,2019,2020`, then rows whose suppressed cells would otherwise
    // make them look more like names than the header does.
    let text = "Anti-social behaviour by ward,,\n,,\nWard,2019,2020\nAshton,*,*\nBroad Oak,12,*\nClifford,30,41\n";
    assert_eq!(
        find_header_row(&rows(text, b',')),
        Some(HeaderRow {
            index: 2,
            title_rows: 1
        })
    );
    // A header whose first data row is all numbers (including ones that could be years):
    // the header is still the row of names above it.
    let text = "Year,Crimes,Arrests\n2021,2022,2023\n2022,1980,2001\n2023,1875,1990\n";
    assert_eq!(
        find_header_row(&rows(text, b',')),
        Some(HeaderRow {
            index: 0,
            title_rows: 0
        })
    );
    // Counts that happen to rise like years, under a real header, stay data.
    let text = "Beat,2021,2022,2023\nNorth,1998,2004,2010\nSouth,5,6,7\n";
    assert_eq!(
        find_header_row(&rows(text, b',')),
        Some(HeaderRow {
            index: 0,
            title_rows: 0
        })
    );
}
