//! Reading one big file in two parts at once, on two cores, with the same result as reading
//! it in one go.
//!
//! The file is cut just after the first line ending at or after its middle
//! ([`split_point`]). The first reader sniffs the head as for any file, hands what it found
//! to the second ([`super::HeadSettings`]), and stops at the cut only if its own parse has a
//! record boundary exactly there ([`super::read_first_part`]); a cut inside a quoted field
//! with a line break is not a boundary, so the first reader reads on to the end and the
//! second part is thrown away. The second reader starts at the cut
//! ([`super::read_later_part`]); [`merge_halves`] puts the parts together.
//!
//! Only some files are cut ([`can_split`]):
//! - not UTF-16: a line ending is found by looking for the byte 0x0A, which in UTF-16 may be
//!   half of another character, and Excel's "Unicode text" files are small anyway;
//! - not zip entries (the caller never offers them): deflate cannot be entered part-way
//!   through, so an entry can only be inflated from its start;
//! - only formats whose rows are counted independently of each other. Readers that remember
//!   earlier rows (outcomes files de-duplicate by Crime ID; tables report a second figure for
//!   the same cell as a duplicate) would miss a repeat that straddles the cut.

use crate::ingest::text::TextEncoding;
use crate::model::{Content, Format, LoadedFile};

/// Files smaller than this are read in one go: the second reader's start-up and the
/// handover would cost more than they save.
pub const SPLIT_MIN_BYTES: u64 = 32 * 1024 * 1024;

/// How far past the middle [`split_point`] looks for a line ending; a line longer than this
/// leaves the file in one piece.
pub const SPLIT_PROBE_BYTES: u64 = 64 * 1024;

/// Whether a file in this format and encoding may be read in two parts.
pub fn can_split(format: Format, encoding: TextEncoding) -> bool {
    !encoding.is_utf16() && rows_are_independent(format)
}

/// Formats whose reader counts each row without regard to any other row, so that two
/// readers' counts add up to one reader's.
fn rows_are_independent(format: Format) -> bool {
    match format {
        Format::PoliceStreet | Format::PoliceStopSearch => true,
        Format::PoliceOutcomes
        | Format::Fingertips
        | Format::RecordedCrimeLong
        | Format::RecordedCrimeWide
        | Format::Population
        | Format::GenericTidy
        | Format::GenericWide => false,
    }
}

/// The offset just after the first line ending (LF, CRLF or a lone CR) that starts at or
/// after the start of `probe`, where `probe` is the file's bytes from `probe_offset` on and
/// `file_size` the file's length. `None` if there is no such line ending in the probe, or it
/// ends the file (nothing would be left for a second reader).
pub fn split_point(probe: &[u8], probe_offset: u64, file_size: u64) -> Option<u64> {
    let at = memchr::memchr2(b'\n', b'\r', probe)?;
    let after = match (probe.get(at), probe.get(at + 1)) {
        (Some(b'\r'), Some(b'\n')) => at + 2,
        // A CR whose next byte is not in the probe may be half of a CRLF.
        (Some(b'\r'), None) if probe_offset + (at as u64) + 1 < file_size => return None,
        _ => at + 1,
    };
    let split = probe_offset + after as u64;
    (split < file_size).then_some(split)
}

/// One file from its two parts: `first` read up to the split, `second` from it, and
/// `line_offset` the lines before the split (from [`super::FirstPart::line_offset`]).
/// Counts and row accounts are added, rejected rows of the second part are moved down by
/// `line_offset`, and the reject log keeps its cap. `None` if the parts are not of one
/// file in a format that can be read in parts ([`can_split`]).
///
/// A format that comes to carry in [`LoadedFile`] what relates its rows to each other (an
/// index of Crime IDs for de-duplication, say) is reconciled here: the second part's rows
/// that repeat the first part's move from `used` to `duplicates`, and from the counts.
pub fn merge_halves(first: LoadedFile, second: LoadedFile, line_offset: u64) -> Option<LoadedFile> {
    if first.format != second.format || !rows_are_independent(first.format) {
        return None;
    }
    let LoadedFile {
        name,
        format,
        content,
        mut rows,
        mut rejects,
        mut publishers,
        details,
        modified_ms,
    } = first;
    rows += second.rows;
    let content = match (content, second.content) {
        (Content::MonthlyCounts(mut counts), Content::MonthlyCounts(more)) => {
            counts.merge(&more);
            Content::MonthlyCounts(counts)
        }
        (Content::Street(counts), Content::Street(more)) => {
            let (counts, repeats) = counts.followed_by(*more);
            rows.used = rows.used.saturating_sub(repeats);
            rows.duplicates += repeats;
            Content::Street(Box::new(counts))
        }
        _ => return None,
    };
    let room = super::engine::MAX_KEPT_REJECTS.saturating_sub(rejects.len());
    rejects.extend(second.rejects.into_iter().take(room).map(|mut reject| {
        reject.line = reject.line.saturating_add(line_offset);
        reject
    }));
    publishers.extend(second.publishers);
    Some(LoadedFile {
        name,
        format,
        content,
        rows,
        rejects,
        publishers,
        details,
        modified_ms,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn splits_after_the_first_line_ending_at_or_after_the_middle() {
        let file = b"ab\ncd\r\nef\rgh\n";
        let size = file.len() as u64;
        let at = |from: usize| split_point(&file[from..], from as u64, size);
        assert_eq!(at(0), Some(3));
        assert_eq!(at(2), Some(3));
        assert_eq!(at(3), Some(7));
        // Between the CR and the LF of a CRLF: the LF ends the line.
        assert_eq!(at(6), Some(7));
        assert_eq!(at(8), Some(10));
        // The last line ending ends the file: nothing left to split off.
        assert_eq!(at(11), None);
        assert_eq!(split_point(b"abc", 0, 3), None);
        // A CR at the end of the probe may be half of a CRLF.
        assert_eq!(split_point(b"ab\r", 0, 10), None);
        assert_eq!(split_point(b"ab\rc", 0, 10), Some(3));
    }

    #[test]
    fn only_independent_rows_in_byte_encodings_split() {
        assert!(can_split(Format::PoliceStreet, TextEncoding::Utf8));
        assert!(can_split(
            Format::PoliceStopSearch,
            TextEncoding::Windows1252
        ));
        assert!(!can_split(Format::PoliceStreet, TextEncoding::Utf16Le));
        assert!(!can_split(Format::PoliceOutcomes, TextEncoding::Utf8));
        assert!(!can_split(Format::GenericTidy, TextEncoding::Utf8));
    }
}
