//! Byte decoding for the three encodings UK council files come in: UTF-8, UTF-16 (either byte
//! order) and Windows-1252.
//!
//! Why not `encoding_rs`: the encoding is only known at run time, so linking it keeps every
//! legacy decoder and its CJK tables in the WebAssembly (about 115 KB brotli in the worker),
//! over the app's size budget. These three are small and fully specified: the standard library
//! decodes UTF-8 and UTF-16, and Windows-1252 is the WHATWG single-byte index below. The tests
//! check this decoder against `encoding_rs` on arbitrary input.

use super::text::TextEncoding;

/// A piece of decoded output, in order.
pub(crate) enum Piece<'a> {
    Text(&'a str),
    /// A broken sequence starting at this byte offset of the file; decoded as U+FFFD.
    Invalid(u64),
}

/// Windows-1252 bytes 0x80–0x9F (WHATWG's index); every other byte is its own code point.
const WINDOWS_1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

pub(crate) struct ByteDecoder {
    encoding: TextEncoding,
    /// Bytes held back from the previous chunk: an incomplete character or a possible BOM.
    pending: Vec<u8>,
    /// Bytes of the file before `pending`.
    offset: u64,
    at_start: bool,
    joined: Vec<u8>,
    text: String,
}

impl ByteDecoder {
    pub(crate) fn new(encoding: TextEncoding) -> ByteDecoder {
        ByteDecoder {
            encoding,
            pending: Vec::new(),
            offset: 0,
            at_start: true,
            joined: Vec::new(),
            text: String::new(),
        }
    }

    /// A decoder for bytes that start part-way through a file (after a line ending), where
    /// a byte-order mark cannot be.
    pub(crate) fn mid_file(encoding: TextEncoding) -> ByteDecoder {
        ByteDecoder {
            at_start: false,
            ..ByteDecoder::new(encoding)
        }
    }

    /// Whether the next byte starts a character afresh: nothing is held back, and a
    /// byte-order mark is no longer looked for.
    pub(crate) fn is_between_characters(&self) -> bool {
        self.pending.is_empty() && !self.at_start
    }

    /// Whether no part of a character is held back for the next chunk.
    pub(crate) fn holds_nothing_back(&self) -> bool {
        self.pending.is_empty()
    }

    /// Notes bytes decoded elsewhere (they were text that decodes to itself).
    pub(crate) fn skip(&mut self, bytes: u64) {
        self.offset += bytes;
    }

    /// Decodes `chunk` (after anything held back), handing out pieces in order. With `last`,
    /// nothing is held back: an incomplete character at the end is broken.
    pub(crate) fn decode(&mut self, chunk: &[u8], last: bool, out: &mut dyn FnMut(Piece<'_>)) {
        // Usually nothing is held back, and the chunk is decoded where it lies rather than
        // copied behind the held-back bytes first.
        if self.is_between_characters() {
            let used = self.dispatch(chunk, self.offset, last, out);
            self.pending
                .extend_from_slice(chunk.get(used..).unwrap_or_default());
            self.offset += used as u64;
            return;
        }
        let mut joined = std::mem::take(&mut self.joined);
        joined.clear();
        joined.extend_from_slice(&self.pending);
        joined.extend_from_slice(chunk);
        self.pending.clear();
        let mut start = 0;
        if self.at_start {
            let bom: &[u8] = match self.encoding {
                TextEncoding::Utf8 => b"\xef\xbb\xbf",
                TextEncoding::Utf16Le => b"\xff\xfe",
                TextEncoding::Utf16Be => b"\xfe\xff",
                TextEncoding::Windows1252 => b"",
            };
            if joined.len() < bom.len() && bom.starts_with(&joined) && !last {
                // Too little yet to tell whether this is a byte-order mark.
                self.pending = joined;
                return;
            }
            if joined.starts_with(bom) {
                start = bom.len();
            }
            self.at_start = false;
        }
        let bytes = joined.get(start..).unwrap_or_default();
        let base = self.offset + start as u64;
        let used = self.dispatch(bytes, base, last, out);
        self.pending
            .extend_from_slice(bytes.get(used..).unwrap_or_default());
        self.offset = base + used as u64;
        self.joined = joined;
    }

    /// Returns how many bytes were decoded; the rest is an incomplete character to hold back.
    fn dispatch(
        &mut self,
        bytes: &[u8],
        base: u64,
        last: bool,
        out: &mut dyn FnMut(Piece<'_>),
    ) -> usize {
        match self.encoding {
            TextEncoding::Utf8 => self.utf8(bytes, base, last, out),
            TextEncoding::Utf16Le => self.utf16(bytes, base, last, u16::from_le_bytes, out),
            TextEncoding::Utf16Be => self.utf16(bytes, base, last, u16::from_be_bytes, out),
            TextEncoding::Windows1252 => self.windows_1252(bytes, out),
        }
    }

    fn utf8(
        &mut self,
        bytes: &[u8],
        base: u64,
        last: bool,
        out: &mut dyn FnMut(Piece<'_>),
    ) -> usize {
        // Nearly every chunk of a council file is valid UTF-8: the standard validator checks a
        // word at a time, several times faster than walking the chunks.
        let error = match std::str::from_utf8(bytes) {
            Ok(text) => {
                if !text.is_empty() {
                    out(Piece::Text(text));
                }
                return bytes.len();
            }
            Err(error) => error,
        };
        let (head, rest) = bytes.split_at(error.valid_up_to());
        if let Ok(text) = std::str::from_utf8(head)
            && !text.is_empty()
        {
            out(Piece::Text(text));
        }
        let mut at = head.len();
        for chunk in rest.utf8_chunks() {
            if !chunk.valid().is_empty() {
                out(Piece::Text(chunk.valid()));
            }
            at += chunk.valid().len();
            let invalid = chunk.invalid();
            if invalid.is_empty() {
                continue;
            }
            let is_end = at + invalid.len() == bytes.len();
            // An incomplete sequence at the end may be finished by the next chunk.
            let incomplete = std::str::from_utf8(invalid)
                .err()
                .is_some_and(|e| e.error_len().is_none());
            if is_end && incomplete && !last {
                return at;
            }
            out(Piece::Invalid(base + at as u64));
            at += invalid.len();
        }
        at
    }

    fn utf16(
        &mut self,
        bytes: &[u8],
        base: u64,
        last: bool,
        unit: fn([u8; 2]) -> u16,
        out: &mut dyn FnMut(Piece<'_>),
    ) -> usize {
        let mut units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|p| {
                unit([
                    p.first().copied().unwrap_or(0),
                    p.get(1).copied().unwrap_or(0),
                ])
            })
            .collect();
        // A lead surrogate at the end waits for its partner in the next chunk.
        if !last && units.last().is_some_and(|u| (0xD800..0xDC00).contains(u)) {
            units.pop();
        }
        self.text.clear();
        let mut position = 0usize;
        for decoded in char::decode_utf16(units.iter().copied()) {
            match decoded {
                Ok(c) => {
                    self.text.push(c);
                    position += c.len_utf16();
                }
                Err(_) => {
                    if !self.text.is_empty() {
                        out(Piece::Text(&self.text));
                        self.text.clear();
                    }
                    out(Piece::Invalid(base + 2 * position as u64));
                    position += 1;
                }
            }
        }
        if !self.text.is_empty() {
            out(Piece::Text(&self.text));
        }
        let used = 2 * units.len();
        // An odd last byte is held back (and reported by the caller if the file ends there).
        if last && used < bytes.len() {
            bytes.len()
        } else {
            used
        }
    }

    fn windows_1252(&mut self, bytes: &[u8], out: &mut dyn FnMut(Piece<'_>)) -> usize {
        self.text.clear();
        for &byte in bytes {
            let c = match byte {
                0x80..=0x9F => WINDOWS_1252_HIGH
                    .get(usize::from(byte - 0x80))
                    .copied()
                    .unwrap_or('\u{FFFD}'),
                _ => char::from(byte),
            };
            self.text.push(c);
        }
        if !self.text.is_empty() {
            out(Piece::Text(&self.text));
        }
        bytes.len()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use proptest::prelude::*;

    /// Decodes in the given chunk sizes, writing U+FFFD for each broken sequence.
    fn ours(encoding: TextEncoding, bytes: &[u8], sizes: &[usize]) -> (String, Vec<u64>) {
        let mut decoder = ByteDecoder::new(encoding);
        let (mut text, mut invalid) = (String::new(), Vec::new());
        let mut rest = bytes;
        let mut push = |piece: Piece<'_>| match piece {
            Piece::Text(t) => text.push_str(t),
            Piece::Invalid(at) => {
                text.push('\u{FFFD}');
                invalid.push(at);
            }
        };
        for size in sizes.iter().cycle() {
            if rest.is_empty() {
                break;
            }
            let (now, later) = rest.split_at((*size).clamp(1, rest.len()));
            decoder.decode(now, false, &mut push);
            rest = later;
        }
        decoder.decode(&[], true, &mut push);
        (text, invalid)
    }

    fn reference(encoding: TextEncoding, bytes: &[u8]) -> String {
        let e = match encoding {
            TextEncoding::Utf8 => encoding_rs::UTF_8,
            TextEncoding::Utf16Le => encoding_rs::UTF_16LE,
            TextEncoding::Utf16Be => encoding_rs::UTF_16BE,
            TextEncoding::Windows1252 => encoding_rs::WINDOWS_1252,
        };
        e.decode_with_bom_removal(bytes).0.into_owned()
    }

    const ALL: [TextEncoding; 4] = [
        TextEncoding::Utf8,
        TextEncoding::Utf16Le,
        TextEncoding::Utf16Be,
        TextEncoding::Windows1252,
    ];

    #[test]
    fn matches_known_text() {
        assert_eq!(
            ours(TextEncoding::Windows1252, b"\x80 \x93caf\xe9\x94", &[1]).0,
            "€ “café”"
        );
        assert_eq!(
            ours(TextEncoding::Utf8, "\u{feff}£5".as_bytes(), &[1]).0,
            "£5"
        );
        let (text, invalid) = ours(TextEncoding::Utf8, b"ab\xe9cd", &[2]);
        assert_eq!((text.as_str(), invalid), ("ab\u{FFFD}cd", vec![2]));
        let le: Vec<u8> = "\u{feff}Café 😀"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(ours(TextEncoding::Utf16Le, &le, &[3]).0, "Café 😀");
    }

    proptest! {
        #[test]
        fn agrees_with_encoding_rs_in_any_chunks(
            bytes in proptest::collection::vec(any::<u8>(), 0..300),
            sizes in proptest::collection::vec(1usize..9, 1..5),
        ) {
            for encoding in ALL {
                // An odd UTF-16 length is an error the caller reports; compare whole units.
                let bytes = if matches!(encoding, TextEncoding::Utf16Le | TextEncoding::Utf16Be) {
                    &bytes[..bytes.len() / 2 * 2]
                } else {
                    &bytes[..]
                };
                prop_assert_eq!(ours(encoding, bytes, &sizes).0, reference(encoding, bytes), "{}", encoding);
            }
        }

        #[test]
        fn agrees_on_text_with_every_kind_of_character(text in "\\PC{0,60}", sizes in proptest::collection::vec(1usize..9, 1..5)) {
            let utf8 = text.as_bytes();
            prop_assert_eq!(ours(TextEncoding::Utf8, utf8, &sizes).0, text.clone());
            let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
            let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
            prop_assert_eq!(ours(TextEncoding::Utf16Le, &le, &sizes).0, text.clone());
            prop_assert_eq!(ours(TextEncoding::Utf16Be, &be, &sizes).0, text);
        }
    }
}
