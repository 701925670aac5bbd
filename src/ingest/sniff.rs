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

/// What a file's first bytes say it is, when they say it is not text.
pub fn binary_signature(head: &[u8]) -> Option<&'static str> {
    SIGNATURES
        .iter()
        .find(|(magic, _)| head.starts_with(magic))
        .map(|(_, name)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_common_mistakes() {
        assert_eq!(
            binary_signature(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some("a PNG image")
        );
        assert!(binary_signature(b"PK\x03\x04rest").is_some_and(|s| s.contains("xlsx")));
        assert_eq!(binary_signature(b"%PDF-1.7"), Some("a PDF document"));
        assert_eq!(binary_signature(b"Month,Crime type\n"), None);
        assert_eq!(binary_signature(b""), None);
    }
}
