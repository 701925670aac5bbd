/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    Empty,
    /// Plausibly text; `bom_len` bytes of UTF-8 byte-order mark to skip.
    Text {
        bom_len: usize,
    },
    /// Some binary format, named for the user.
    Binary(&'static str),
}

// Signatures of the files analysts most often pick by mistake.
const SIGNATURES: [(&[u8], &str); 7] = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive or an Excel workbook (.xlsx)"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old-style Excel workbook (.xls)",
    ),
    (b"\x1f\x8b", "a gzip archive"),
];

/// Decides from the start of a file whether it is worth parsing as text.
pub fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Sniffed::Empty;
    }
    if let Some((_, name)) = SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
    {
        return Sniffed::Binary(name);
    }
    // Text files never contain NUL; binary files almost always do early on.
    let head = bytes.get(..8192).unwrap_or(bytes);
    if head.contains(&0) {
        return Sniffed::Binary("a binary file, not text");
    }
    let bom_len = if bytes.starts_with(b"\xef\xbb\xbf") {
        3
    } else {
        0
    };
    Sniffed::Text { bom_len }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_common_mistakes() {
        assert_eq!(sniff(b""), Sniffed::Empty);
        assert_eq!(sniff(b" \r\n\n"), Sniffed::Empty);
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Sniffed::Binary("a PNG image")
        );
        assert!(matches!(sniff(b"PK\x03\x04rest"), Sniffed::Binary(s) if s.contains("xlsx")));
        assert_eq!(sniff(b"%PDF-1.7"), Sniffed::Binary("a PDF document"));
        assert_eq!(
            sniff(b"abc\0def"),
            Sniffed::Binary("a binary file, not text")
        );
        assert_eq!(sniff(b"Month,Crime type\n"), Sniffed::Text { bom_len: 0 });
        assert_eq!(sniff(b"\xef\xbb\xbfMonth\n"), Sniffed::Text { bom_len: 3 });
    }
}
