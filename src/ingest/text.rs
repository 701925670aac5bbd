//! From raw bytes to CSV-ready UTF-8, streamed: which encoding a file is in, decoding it
//! chunk by chunk (as a Web Worker reads it), which delimiter it uses, and which row is its
//! header.
//!
//! # Line numbers
//!
//! Every line ending in the file — LF, CRLF or a lone CR (old Mac exports), in any mixture —
//! comes out of [`TextDecoder`] as exactly one LF. The `csv` crate counts lines by `\n`, so
//! the line numbers it reports for the decoded text are the line numbers a text editor shows
//! for the original file, whatever its line endings. The cost is that a line break inside a
//! quoted field also becomes an LF; a cell's line break is not data worth keeping apart.
//!
//! One quirk is the `csv` crate's own: a record that follows blank lines is reported at the
//! first blank line. [`record_line`] corrects that from the decoded text.

use std::collections::BTreeMap;
use std::fmt;

use super::decode::{ByteDecoder, Piece};
use csv::{ByteRecord, ReaderBuilder};

/// How many leading bytes [`detect_encoding`] looks at; more never changes the answer for a
/// real export and would delay the first rows in the browser.
pub const DETECTION_SAMPLE_BYTES: usize = 64 * 1024;

/// The encodings UK community-safety CSV files arrive in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TextEncoding {
    /// Including plain ASCII, and UTF-8 with a byte-order mark ("CSV UTF-8" in Excel).
    Utf8,
    /// What Excel writes for "Unicode Text" and some council systems export.
    Utf16Le,
    /// Rare, but what some Unix and mainframe exports write.
    Utf16Be,
    /// What Excel on UK Windows writes for plain "CSV (Comma delimited)".
    Windows1252,
}

impl TextEncoding {
    /// The name shown to the user.
    pub fn name(self) -> &'static str {
        match self {
            Self::Utf8 => "UTF-8",
            Self::Utf16Le => "UTF-16 (little-endian)",
            Self::Utf16Be => "UTF-16 (big-endian)",
            Self::Windows1252 => "Windows-1252",
        }
    }

    pub fn is_utf16(self) -> bool {
        matches!(self, Self::Utf16Le | Self::Utf16Be)
    }
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why [`detect_encoding`] chose the encoding it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingEvidence {
    /// The file starts with the byte-order mark of that encoding.
    ByteOrderMark,
    /// No byte-order mark, but a zero byte in the same half of nearly every pair of bytes:
    /// mostly-ASCII UTF-16.
    ZeroBytePattern,
    /// The start of the file is valid UTF-8.
    ValidUtf8,
    /// The start of the file is UTF-8 apart from a few broken sequences, which the decoder
    /// will count and locate.
    MostlyUtf8 { invalid_sequences: usize },
    /// The start of the file is not UTF-8, so it is taken to be Windows-1252.
    NotUtf8 { invalid_sequences: usize },
    /// There are no bytes to judge.
    NoBytes,
}

/// An encoding and the evidence for it; `Display` gives a sentence for the user, such as
/// "UTF-16 (little-endian), from its byte-order mark".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DetectedEncoding {
    /// The encoding to decode with.
    pub encoding: TextEncoding,
    /// Why: for the load summary shown to the user.
    pub evidence: EncodingEvidence,
}

impl fmt::Display for DetectedEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, ", self.encoding)?;
        match self.evidence {
            EncodingEvidence::ByteOrderMark => f.write_str("from its byte-order mark"),
            EncodingEvidence::ZeroBytePattern => f.write_str(
                "from the zero bytes between its characters (it has no byte-order mark)",
            ),
            EncodingEvidence::ValidUtf8 => f.write_str("as the start of the file is valid UTF-8"),
            EncodingEvidence::MostlyUtf8 { invalid_sequences } => write!(
                f,
                "as the start of the file is UTF-8 apart from {invalid_sequences} invalid byte \
                 sequence{}",
                plural(invalid_sequences)
            ),
            EncodingEvidence::NotUtf8 { invalid_sequences } => write!(
                f,
                "as the start of the file is not UTF-8 ({invalid_sequences} invalid byte \
                 sequence{}) and Windows-1252 is what Excel on Windows saves as CSV",
                plural(invalid_sequences)
            ),
            EncodingEvidence::NoBytes => f.write_str("as the file is empty"),
        }
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// Decides the encoding from the start of a file (only the first
/// [`DETECTION_SAMPLE_BYTES`] are looked at).
///
/// In order: a byte-order mark; zero bytes at alternating positions (UTF-16 without a mark);
/// UTF-8, if the sample is valid UTF-8 or has more valid non-ASCII characters than broken
/// sequences; otherwise Windows-1252.
pub fn detect_encoding(head: &[u8]) -> DetectedEncoding {
    let head = head.get(..DETECTION_SAMPLE_BYTES).unwrap_or(head);
    let found = |encoding, evidence| DetectedEncoding { encoding, evidence };
    if head.is_empty() {
        return found(TextEncoding::Utf8, EncodingEvidence::NoBytes);
    }
    if let Some(encoding) = encoding_from_bom(head) {
        return found(encoding, EncodingEvidence::ByteOrderMark);
    }
    if let Some(encoding) = utf16_from_zero_bytes(head) {
        return found(encoding, EncodingEvidence::ZeroBytePattern);
    }
    let census = utf8_census(head);
    if census.invalid_sequences == 0 {
        found(TextEncoding::Utf8, EncodingEvidence::ValidUtf8)
    } else if census.non_ascii_chars > census.invalid_sequences {
        // Windows-1252 text almost never forms valid multi-byte UTF-8 by accident, so a file
        // that mostly does is UTF-8 with some damage, which must be reported, not re-read.
        found(
            TextEncoding::Utf8,
            EncodingEvidence::MostlyUtf8 {
                invalid_sequences: census.invalid_sequences,
            },
        )
    } else {
        found(
            TextEncoding::Windows1252,
            EncodingEvidence::NotUtf8 {
                invalid_sequences: census.invalid_sequences,
            },
        )
    }
}

fn encoding_from_bom(head: &[u8]) -> Option<TextEncoding> {
    if head.starts_with(b"\xef\xbb\xbf") {
        Some(TextEncoding::Utf8)
    } else if head.starts_with(b"\xff\xfe") {
        Some(TextEncoding::Utf16Le)
    } else if head.starts_with(b"\xfe\xff") {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

fn utf16_from_zero_bytes(head: &[u8]) -> Option<TextEncoding> {
    let mut zero_second = 0usize;
    let mut zero_first = 0usize;
    let mut pairs = 0usize;
    for pair in head.chunks_exact(2) {
        pairs += 1;
        match pair {
            [first, 0] if *first != 0 => zero_second += 1,
            [0, second] if *second != 0 => zero_first += 1,
            _ => {}
        }
    }
    // Mostly-ASCII UTF-16 has its zero in the same half of nearly every code unit; text in a
    // byte encoding has almost no zeros at all, so the thresholds can be generous.
    let mostly = |hits: usize| hits.saturating_mul(10) >= pairs.saturating_mul(6);
    let scarcely = |hits: usize| hits.saturating_mul(20) <= pairs;
    if pairs == 0 {
        None
    } else if mostly(zero_second) && scarcely(zero_first) {
        Some(TextEncoding::Utf16Le)
    } else if mostly(zero_first) && scarcely(zero_second) {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

struct Utf8Census {
    non_ascii_chars: usize,
    invalid_sequences: usize,
}

fn utf8_census(sample: &[u8]) -> Utf8Census {
    let non_ascii = |valid: &[u8]| {
        std::str::from_utf8(valid).map_or(0, |text| text.chars().filter(|c| !c.is_ascii()).count())
    };
    let mut census = Utf8Census {
        non_ascii_chars: 0,
        invalid_sequences: 0,
    };
    let mut rest = sample;
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                census.non_ascii_chars += text.chars().filter(|c| !c.is_ascii()).count();
                return census;
            }
            Err(error) => {
                let Some((valid, after)) = rest.split_at_checked(error.valid_up_to()) else {
                    return census;
                };
                census.non_ascii_chars += non_ascii(valid);
                // No error length means a character cut off by the end of the sample, which
                // is where the sample stops, not a fault in the file.
                let Some(bad_len) = error.error_len() else {
                    return census;
                };
                census.invalid_sequences += 1;
                rest = after.get(bad_len..).unwrap_or_default();
            }
        }
    }
}

/// Why decoding a file failed: the whole file is unusable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextError {
    /// UTF-16 comes in two-byte units, so an odd length means the file was cut short.
    OddUtf16Length { encoding: TextEncoding, bytes: u64 },
    /// Text files never contain NUL; this one is binary or in an encoding it does not say.
    NulCharacter { encoding: TextEncoding, line: u64 },
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OddUtf16Length { encoding, bytes } => write!(
                f,
                "The file is {encoding} text, which comes in pairs of bytes, but it has an odd \
                 number of bytes ({bytes}), so its last character is cut off. The file is \
                 probably incomplete: save or download it again."
            ),
            Self::NulCharacter { encoding, line } => write!(
                f,
                "Line {line} contains a NUL character (read as {encoding}), so this is a \
                 binary file rather than a CSV file. If it came from Excel, open it there and \
                 save it again with File > Save As > \"CSV UTF-8\"."
            ),
        }
    }
}

impl std::error::Error for TextError {}

/// Broken byte sequences found while decoding. They decode as U+FFFD so the rest of the
/// file can be read, and are reported here so that the rows holding them can be rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidSequences {
    /// How many broken sequences there were.
    pub count: u64,
    /// Byte offset of the first one in the original file (a byte-order mark included).
    pub first_byte_offset: u64,
    /// The distinct lines holding broken sequences, ascending; at most
    /// [`MAX_INVALID_LINES_KEPT`] are kept.
    pub lines: Vec<u64>,
}

/// A file that is broken on every line says so in [`InvalidSequences::count`]; keeping every
/// line number would only cost memory.
pub const MAX_INVALID_LINES_KEPT: usize = 1_000;

/// What is left when a [`TextDecoder`] finishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinishedText {
    /// The last decoded text, held back until the end of input was known.
    pub tail: String,
    /// Broken sequences over the whole file, if any.
    pub invalid: Option<InvalidSequences>,
}

/// Decodes a file fed in arbitrary byte chunks into UTF-8 with LF line endings and no
/// byte-order mark. A chunk may end anywhere: inside a character, a UTF-16 code unit or a
/// CRLF. Decoding in chunks gives exactly what decoding in one go gives.
pub struct TextDecoder {
    encoding: TextEncoding,
    inner: ByteDecoder,
    /// Text decoded from the latest chunk, handed out by [`TextDecoder::decode`].
    output: String,
    /// A CR ended the text so far: the next character says whether it was half of a CRLF.
    pending_cr: bool,
    /// Bytes of the file fed in before the current chunk.
    bytes_fed: u64,
    /// Line endings written so far; the current line is one more.
    lines_ended: u64,
    invalid: Option<InvalidSequences>,
    /// Lines with broken sequences found since [`TextDecoder::drain_new_invalid_lines`] was
    /// last called: unlike [`InvalidSequences::lines`] not capped, as a streaming reader
    /// takes them as it goes.
    new_invalid_lines: Vec<u64>,
    /// After a fatal error every further call gives the same error.
    failure: Option<TextError>,
}

impl TextDecoder {
    /// A decoder for a file in `encoding` (usually from [`detect_encoding`]). A byte-order
    /// mark for that encoding at the start is dropped.
    pub fn new(encoding: TextEncoding) -> Self {
        Self {
            encoding,
            inner: ByteDecoder::new(encoding),
            output: String::new(),
            pending_cr: false,
            bytes_fed: 0,
            lines_ended: 0,
            invalid: None,
            new_invalid_lines: Vec::new(),
            failure: None,
        }
    }

    /// A decoder for the part of a file that starts just after a line ending (a second
    /// reader's share of a big file): no byte-order mark is looked for, and lines and byte
    /// offsets count from the start of the part.
    pub fn mid_file(encoding: TextEncoding) -> Self {
        Self {
            inner: ByteDecoder::mid_file(encoding),
            ..Self::new(encoding)
        }
    }

    /// Decodes the next chunk onto the end of `out`, as [`TextDecoder::decode`] would return
    /// it, without the copy through the decoder's own buffer.
    pub fn decode_append(&mut self, chunk: &[u8], out: &mut String) -> Result<(), TextError> {
        let mut mine = std::mem::replace(&mut self.output, std::mem::take(out));
        let outcome = self.decode(chunk).map(|_| ());
        std::mem::swap(&mut self.output, &mut mine);
        *out = mine;
        outcome
    }

    /// How many of the leading `bytes` decode to themselves apart from the CR of each CRLF,
    /// from where the decoder is now: valid UTF-8 (ASCII for Windows-1252) with every CR
    /// followed by an LF. Those can be copied by [`TextDecoder::copy_plain`] instead of
    /// decoded. Nearly all of a typical file is like this.
    pub fn plain_len(&self, bytes: &[u8]) -> usize {
        if self.failure.is_some() || self.pending_cr || !self.inner.is_between_characters() {
            return 0;
        }
        let valid = match self.encoding {
            TextEncoding::Utf8 => match std::str::from_utf8(bytes) {
                Ok(_) => bytes.len(),
                Err(error) => error.valid_up_to(),
            },
            TextEncoding::Windows1252 => bytes
                .iter()
                .position(|b| !b.is_ascii())
                .unwrap_or(bytes.len()),
            TextEncoding::Utf16Le | TextEncoding::Utf16Be => 0,
        };
        let valid = bytes.get(..valid).unwrap_or_default();
        // NUL must reach the decoder, which refuses the file over it.
        let mut end = memchr::memchr(0, valid).unwrap_or(valid.len());
        for cr in memchr::memchr_iter(b'\r', valid.get(..end).unwrap_or_default()) {
            if valid.get(cr + 1) != Some(&b'\n') {
                end = cr;
                break;
            }
        }
        end
    }

    /// Copies plain text (see [`TextDecoder::plain_len`]) from the front of `input` into
    /// `target`, dropping the CR of each CRLF, and accounts for it as if decoded. Returns the
    /// bytes taken from `input` and written to `target`.
    pub fn copy_plain(&mut self, input: &[u8], target: &mut [u8]) -> (usize, usize) {
        let (mut taken, mut written) = (0, 0);
        while written < target.len() && taken < input.len() {
            let rest = input.get(taken..).unwrap_or_default();
            let room = target.len() - written;
            let window = rest.get(..room).unwrap_or(rest);
            let n = memchr::memchr(b'\r', window).unwrap_or(window.len());
            if let (Some(to), Some(from)) = (target.get_mut(written..written + n), window.get(..n))
            {
                to.copy_from_slice(from);
            }
            taken += n;
            written += n;
            if n < window.len() {
                // The CR of a CRLF: its LF comes next and ends the line.
                taken += 1;
            }
        }
        let copied = input.get(..taken).unwrap_or_default();
        let endings = memchr::memchr_iter(b'\n', copied).count();
        self.lines_ended = self.lines_ended.saturating_add(endings as u64);
        self.bytes_fed = self.bytes_fed.saturating_add(byte_count(copied));
        self.inner.skip(byte_count(copied));
        (taken, written)
    }

    /// Whether the text handed out so far ends exactly where the bytes fed in end: no part
    /// of a character or of a CRLF is held back.
    pub fn holds_nothing_back(&self) -> bool {
        !self.pending_cr && self.inner.holds_nothing_back()
    }

    /// Like [`TextDecoder::finish`], onto the end of `out`, keeping the decoder for the
    /// account of broken sequences. Call it once, at the end of the input.
    pub fn finish_append(&mut self, out: &mut String) -> Result<(), TextError> {
        if let Some(error) = &self.failure {
            return Err(error.clone());
        }
        if self.encoding.is_utf16() && self.bytes_fed % 2 == 1 {
            return Err(TextError::OddUtf16Length {
                encoding: self.encoding,
                bytes: self.bytes_fed,
            });
        }
        let mut mine = std::mem::replace(&mut self.output, std::mem::take(out));
        let outcome = self.run_decoder(&[], true);
        self.close_pending_cr();
        std::mem::swap(&mut self.output, &mut mine);
        *out = mine;
        outcome
    }

    /// The line the next character decoded belongs to (1-based).
    pub fn line(&self) -> u64 {
        self.current_line()
    }

    /// Lines holding broken sequences found since the last call, ascending.
    pub fn drain_new_invalid_lines(&mut self) -> std::vec::Drain<'_, u64> {
        self.new_invalid_lines.drain(..)
    }

    /// The encoding this decoder reads.
    pub fn encoding(&self) -> TextEncoding {
        self.encoding
    }

    /// Decodes the next chunk. The text returned may stop short of the chunk's end (part of a
    /// character or a CR is held back until the next chunk or [`TextDecoder::finish`]).
    pub fn decode(&mut self, chunk: &[u8]) -> Result<&str, TextError> {
        if let Some(error) = &self.failure {
            return Err(error.clone());
        }
        self.output.clear();
        let outcome = self.run_decoder(chunk, false);
        self.bytes_fed = self.bytes_fed.saturating_add(byte_count(chunk));
        match outcome {
            Ok(()) => Ok(&self.output),
            Err(error) => {
                self.failure = Some(error.clone());
                Err(error)
            }
        }
    }

    /// Broken sequences found so far.
    pub fn invalid(&self) -> Option<&InvalidSequences> {
        self.invalid.as_ref()
    }

    /// Ends the input, giving the text held back and the account of broken sequences.
    pub fn finish(mut self) -> Result<FinishedText, TextError> {
        if let Some(error) = self.failure {
            return Err(error);
        }
        if self.encoding.is_utf16() && self.bytes_fed % 2 == 1 {
            return Err(TextError::OddUtf16Length {
                encoding: self.encoding,
                bytes: self.bytes_fed,
            });
        }
        self.output.clear();
        self.run_decoder(&[], true)?;
        self.close_pending_cr();
        Ok(FinishedText {
            tail: self.output,
            invalid: self.invalid,
        })
    }

    fn run_decoder(&mut self, chunk: &[u8], last: bool) -> Result<(), TextError> {
        // The byte decoder is taken out while it calls back into this one.
        let mut inner = std::mem::replace(&mut self.inner, ByteDecoder::new(self.encoding));
        let mut outcome = Ok(());
        inner.decode(chunk, last, &mut |piece| {
            if outcome.is_err() {
                return;
            }
            match piece {
                Piece::Text(text) => outcome = self.absorb(text),
                Piece::Invalid(offset) => {
                    self.note_invalid(offset);
                    self.push_text("\u{FFFD}");
                }
            }
        });
        self.inner = inner;
        outcome
    }

    fn note_invalid(&mut self, byte_offset: u64) {
        let line = self.current_line();
        let invalid = self.invalid.get_or_insert_with(|| InvalidSequences {
            count: 0,
            first_byte_offset: byte_offset,
            lines: Vec::new(),
        });
        invalid.count = invalid.count.saturating_add(1);
        let new_line = invalid.lines.last() != Some(&line);
        if new_line && invalid.lines.len() < MAX_INVALID_LINES_KEPT {
            invalid.lines.push(line);
        }
        if self.new_invalid_lines.last() != Some(&line) {
            self.new_invalid_lines.push(line);
        }
    }

    /// Appends decoded text, turning each CRLF, LF or lone CR into one LF.
    fn absorb(&mut self, decoded: &str) -> Result<(), TextError> {
        let bytes = decoded.as_bytes();
        // The common case, a chunk of an LF file: copied whole, its line endings counted with
        // a vectorised search rather than character by character.
        if memchr::memchr2(b'\r', 0, bytes).is_none() {
            if bytes.first() == Some(&b'\n') {
                // A CR held back from the last chunk and this LF are one CRLF ending.
                self.pending_cr = false;
            }
            self.push_text(decoded);
            let endings = memchr::memchr_iter(b'\n', bytes).count();
            self.lines_ended = self.lines_ended.saturating_add(endings as u64);
            return Ok(());
        }
        let mut from = 0;
        // The special bytes are ASCII, so every index found is a character boundary.
        for at in memchr::memchr3_iter(b'\r', b'\n', 0, bytes) {
            self.push_text(decoded.get(from..at).unwrap_or_default());
            from = at + 1;
            match bytes.get(at) {
                Some(b'\r') => {
                    self.close_pending_cr();
                    self.pending_cr = true;
                }
                Some(b'\n') => {
                    // Either a plain LF or the second half of a CRLF: one line ending.
                    self.pending_cr = false;
                    self.end_line();
                }
                _ => {
                    return Err(TextError::NulCharacter {
                        encoding: self.encoding,
                        line: self.current_line(),
                    });
                }
            }
        }
        self.push_text(decoded.get(from..).unwrap_or_default());
        Ok(())
    }

    fn push_text(&mut self, text: &str) {
        if !text.is_empty() {
            self.close_pending_cr();
            self.output.push_str(text);
        }
    }

    /// A CR followed by anything but LF was a line ending on its own (old Mac files).
    fn close_pending_cr(&mut self) {
        if self.pending_cr {
            self.pending_cr = false;
            self.end_line();
        }
    }

    fn end_line(&mut self) {
        self.output.push('\n');
        self.lines_ended = self.lines_ended.saturating_add(1);
    }

    fn current_line(&self) -> u64 {
        self.lines_ended
            .saturating_add(1)
            .saturating_add(u64::from(self.pending_cr))
    }
}

fn byte_count(bytes: &[u8]) -> u64 {
    u64::try_from(bytes.len()).unwrap_or(u64::MAX)
}

/// A whole file decoded in one go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedText {
    /// The encoding found, and why.
    pub encoding: DetectedEncoding,
    /// UTF-8, LF line endings, no byte-order mark.
    pub text: String,
    /// Broken sequences, if any: reject the rows on these lines.
    pub invalid: Option<InvalidSequences>,
}

/// Detects the encoding and decodes all of `bytes`; for files already wholly in memory.
pub fn decode_all(bytes: &[u8]) -> Result<DecodedText, TextError> {
    let encoding = detect_encoding(bytes);
    let mut decoder = TextDecoder::new(encoding.encoding);
    let mut text = decoder.decode(bytes)?.to_owned();
    let finished = decoder.finish()?;
    text.push_str(&finished.tail);
    Ok(DecodedText {
        encoding,
        text,
        invalid: finished.invalid,
    })
}

/// The line a record really starts on in text from [`TextDecoder`]. The `csv` crate puts a
/// record that follows blank lines at the first blank line; with every line ending an LF,
/// the blank lines are the LFs at the record's reported start, so they are counted back in.
pub fn record_line(text: &str, position: &csv::Position) -> u64 {
    let start = usize::try_from(position.byte()).unwrap_or(usize::MAX);
    let blank_lines = text
        .as_bytes()
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&byte| byte == b'\n')
        .count();
    position
        .line()
        .saturating_add(u64::try_from(blank_lines).unwrap_or(u64::MAX))
}

/// The delimiters tried, in the order that breaks ties.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// The delimiter a sample of decoded text most likely uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DelimiterGuess {
    /// One of [`DELIMITERS`].
    pub delimiter: u8,
    /// The commonest field count with this delimiter.
    pub fields: usize,
    /// Records with that field count, out of `records`.
    pub consistent_records: usize,
    /// Records in the sample (a cut-off last record not counted).
    pub records: usize,
    /// Semicolon-delimited with numbers like `12,5`: read numbers with a decimal comma.
    pub decimal_comma: bool,
}

/// Picks among [`DELIMITERS`] the one giving the most consistent field count (more than one
/// field) across the sample's records, respecting double-quoted fields. More fields breaks a
/// tie in consistency, then the order of [`DELIMITERS`]. `None` if no delimiter splits the
/// sample into more than one column.
///
/// A sample that does not end with a line ending is taken to be cut off, so its last record
/// is not counted (unless it is the only one).
pub fn sniff_delimiter(sample: &str) -> Option<DelimiterGuess> {
    let mut best: Option<DelimiterGuess> = None;
    for delimiter in DELIMITERS {
        let Some(guess) = guess_for(sample, delimiter) else {
            continue;
        };
        if best.is_none_or(|best| beats(&guess, &best)) {
            best = Some(guess);
        }
    }
    best
}

fn beats(challenger: &DelimiterGuess, holder: &DelimiterGuess) -> bool {
    // Fractions compared by cross-multiplying, so no floating point is needed.
    let challenger_share = challenger.consistent_records.saturating_mul(holder.records);
    let holder_share = holder.consistent_records.saturating_mul(challenger.records);
    challenger_share > holder_share
        || (challenger_share == holder_share && challenger.fields > holder.fields)
}

fn guess_for(sample: &str, delimiter: u8) -> Option<DelimiterGuess> {
    let records = sample_byte_records(sample, delimiter);
    let mut widths: BTreeMap<usize, usize> = BTreeMap::new();
    for record in &records {
        *widths.entry(record.len()).or_insert(0) += 1;
    }
    // The commonest width; among equally common widths the wider, as title rows are narrow.
    let (&fields, &consistent_records) = widths
        .iter()
        .max_by_key(|&(&width, &count)| (count, width))?;
    if fields < 2 {
        return None;
    }
    Some(DelimiterGuess {
        delimiter,
        fields,
        consistent_records,
        records: records.len(),
        decimal_comma: delimiter == b';' && uses_decimal_commas(&records),
    })
}

fn sample_byte_records(sample: &str, delimiter: u8) -> Vec<ByteRecord> {
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(sample.as_bytes());
    // A reader over a byte slice cannot fail on I/O, and with `flexible` no record has the
    // wrong length, so an error can only mean there is nothing more to read.
    let mut records: Vec<ByteRecord> = reader.byte_records().map_while(Result::ok).collect();
    if records.len() > 1 && !sample.ends_with(['\n', '\r']) {
        records.pop();
    }
    records
}

fn uses_decimal_commas(records: &[ByteRecord]) -> bool {
    let fields = records.iter().flat_map(ByteRecord::iter);
    let (mut comma_numbers, mut point_numbers) = (0usize, 0usize);
    for field in fields {
        let field = String::from_utf8_lossy(field);
        if is_decimal_comma_number(&field) {
            comma_numbers += 1;
        } else if is_decimal_point_number(&field) {
            point_numbers += 1;
        }
    }
    comma_numbers > 0 && comma_numbers >= point_numbers
}

/// `12,5`, `-0,25`, `1.234,5`. `1,234` is left out: it reads as well as a thousand.
fn is_decimal_comma_number(field: &str) -> bool {
    let unsigned = without_sign(field.trim());
    let Some((whole, fraction)) = unsigned.split_once(',') else {
        return false;
    };
    let grouped_whole = whole.split('.').all(all_digits);
    grouped_whole && all_digits(fraction) && (fraction.len() != 3 || whole.contains('.'))
}

fn is_decimal_point_number(field: &str) -> bool {
    without_sign(field.trim())
        .split_once('.')
        .is_some_and(|(whole, fraction)| all_digits(whole) && all_digits(fraction))
}

fn without_sign(text: &str) -> &str {
    text.strip_prefix(['-', '+']).unwrap_or(text)
}

fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// How many records [`read_sample_records`] is usually asked for, and how far
/// [`find_header_row`] looks for a header.
pub const HEADER_SEARCH_ROWS: usize = 50;

// Enough following rows to judge a header candidate by, few enough to stay within the sample.
const ROWS_TO_JUDGE_BY: usize = 20;

/// The first `limit` records of decoded text, as the `csv` crate reads them (blank lines
/// skipped, quoted fields joined), for [`find_header_row`].
pub fn read_sample_records(text: &str, delimiter: u8, limit: usize) -> Vec<Vec<String>> {
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    reader
        .byte_records()
        .take(limit)
        .map_while(Result::ok)
        .map(|record| {
            record
                .iter()
                .map(|field| String::from_utf8_lossy(field).into_owned())
                .collect()
        })
        .collect()
}

/// Where the header is among a file's first records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderRow {
    /// Index of the header among the records given: skip this many records to reach it.
    /// A `csv` reader that skips them still reports the file's own line numbers.
    pub index: usize,
    /// Rows above the header with any text in them (titles, notes, sources): what the user
    /// is told was skipped. Blank rows are not counted.
    pub title_rows: usize,
}

/// Finds the header among the first [`HEADER_SEARCH_ROWS`] records: the first row at least
/// two cells wide whose width is the dominant width of the rows below it, whose cells are
/// mostly non-empty and non-numeric, and most of whose following rows have its width (carry
/// data). `None` if no row qualifies, including a header with no rows below it.
pub fn find_header_row(records: &[Vec<String>]) -> Option<HeaderRow> {
    let searched = records.get(..HEADER_SEARCH_ROWS).unwrap_or(records);
    let index = (0..searched.len()).find(|&index| is_header_at(records, index))?;
    let title_rows = searched
        .iter()
        .take(index)
        .filter(|row| !is_blank(row))
        .count();
    Some(HeaderRow { index, title_rows })
}

fn is_header_at(records: &[Vec<String>], index: usize) -> bool {
    let Some(row) = records.get(index) else {
        return false;
    };
    let below: Vec<&Vec<String>> = records
        .iter()
        .skip(index + 1)
        .filter(|row| !is_blank(row))
        .take(ROWS_TO_JUDGE_BY)
        .collect();
    let width = row.len();
    let carrying_data = below.iter().filter(|row| row.len() == width).count();
    width >= 2
        && dominant_width(&below) == Some(width)
        && looks_like_header(row)
        && carrying_data * 2 > below.len()
}

fn dominant_width(rows: &[&Vec<String>]) -> Option<usize> {
    let mut widths: BTreeMap<usize, usize> = BTreeMap::new();
    for row in rows {
        *widths.entry(row.len()).or_insert(0) += 1;
    }
    widths
        .into_iter()
        .max_by_key(|&(width, count)| (count, width))
        .map(|(width, _)| width)
}

fn looks_like_header(row: &[String]) -> bool {
    let names = row
        .iter()
        .filter(|cell| {
            let cell = cell.trim();
            !cell.is_empty() && !looks_numeric(cell)
        })
        .count();
    names * 2 > row.len() || heads_columns_by_year(row)
}

/// `Beat,2021,2022,2023`: names, then bare calendar years in ascending order, one a column —
/// the header of a wide table, though most of its cells are numbers. Counts in a data row
/// do not rise year by year through the 1900s and 2000s, and a data row always has a figure
/// that is not a year, so a row of data is not taken for such a header.
fn heads_columns_by_year(row: &[String]) -> bool {
    let cells: Vec<&str> = row
        .iter()
        .map(|cell| cell.trim())
        .filter(|cell| !cell.is_empty())
        .collect();
    let years: Vec<u16> = cells.iter().filter_map(|cell| bare_year(cell)).collect();
    let names = cells.iter().filter(|cell| !looks_numeric(cell)).count();
    years.len() >= 2
        && names >= 1
        && names + years.len() == cells.len()
        && years.windows(2).all(|pair| matches!(pair, [a, b] if a < b))
}

/// A four-digit year of police or census records, 1900 to 2099.
fn bare_year(cell: &str) -> Option<u16> {
    let year: u16 = (cell.len() == 4 && cell.bytes().all(|b| b.is_ascii_digit()))
        .then(|| cell.parse().ok())
        .flatten()?;
    (1900..=2099).contains(&year).then_some(year)
}

/// Numbers as they appear in data cells: counts, rates, money, percentages, `2020-04`.
fn looks_numeric(cell: &str) -> bool {
    cell.chars().any(|c| c.is_ascii_digit())
        && cell
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | '%' | '£' | ' '))
}

fn is_blank(row: &[String]) -> bool {
    row.iter().all(|cell| cell.trim().is_empty())
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]

    use super::*;

    #[test]
    fn census_ignores_a_character_cut_off_by_the_sample_end() {
        let census = utf8_census("caf\u{e9}".as_bytes().get(..4).unwrap());
        assert_eq!(census.invalid_sequences, 0);
        let census = utf8_census(b"caf\xe9 au lait");
        assert_eq!(census.invalid_sequences, 1);
        assert_eq!(census.non_ascii_chars, 0);
    }

    #[test]
    fn decimal_comma_numbers() {
        assert!(is_decimal_comma_number("12,5"));
        assert!(is_decimal_comma_number("-0,25"));
        assert!(is_decimal_comma_number("1.234,5"));
        assert!(is_decimal_comma_number("1.234,567"));
        assert!(!is_decimal_comma_number("1,234"));
        assert!(!is_decimal_comma_number("Leeds, West"));
        assert!(is_decimal_point_number("12.5"));
        assert!(!is_decimal_point_number("2020.04.01"));
    }

    #[test]
    fn year_headers() {
        let row = |cells: &[&str]| cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
        assert!(looks_like_header(&row(&["Beat", "2021", "2022", "2023"])));
        assert!(looks_like_header(&row(&["Ward", "2019", "2020"])));
        assert!(looks_like_header(&row(&[
            "Code", "Ward", "2011", "2021", ""
        ])));
        // Data, not headers: figures that are not years, years out of order, no name.
        assert!(!looks_like_header(&row(&["North", "2021", "15", "2023"])));
        assert!(!looks_like_header(&row(&["North", "2023", "2022", "2021"])));
        assert!(!looks_like_header(&row(&["2021", "2022", "2023"])));
        assert!(!looks_like_header(&row(&["North", "2021"])));
        assert!(!looks_like_header(&row(&["North", "1850", "1851", "1852"])));
        assert!(!looks_like_header(&row(&[
            "North", "20210", "20220", "20230"
        ])));
    }

    #[test]
    fn numeric_cells() {
        assert!(looks_numeric("2020-04"));
        assert!(looks_numeric("£1,200"));
        assert!(looks_numeric("12.5%"));
        assert!(!looks_numeric("E01000001"));
        assert!(!looks_numeric("-"));
    }
}
