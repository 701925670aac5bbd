//! Reading numbers as UK public-sector spreadsheets write them: thousands separators,
//! `£`, `%`, negatives in brackets, and the markers ONS, the Home Office and Fingertips use
//! for figures they will not or cannot show. A marker is *missing with a reason*, never
//! zero: reading a suppressed count as 0 would invent a fall in crime.

use std::fmt;

pub use crate::model::MissingReason;

/// A cell read as a figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Number(f64),
    /// Written with `%`: the value stays in percentage points (`12.5%` is 12.5).
    Percentage(f64),
    Missing(MissingReason),
}

impl Value {
    /// The figure, whether written as a plain number or a percentage.
    pub fn number(self) -> Option<f64> {
        match self {
            Value::Number(n) | Value::Percentage(n) => Some(n),
            Value::Missing(_) => None,
        }
    }
}

/// A cell read as a count of events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountValue {
    Count(u64),
    Missing(MissingReason),
}

/// Why a cell is not a number; shown to users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberParseError {
    /// The cell as it was written.
    pub found: String,
    pub problem: NumberProblem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberProblem {
    /// Not a number or a known missing-value marker.
    NotANumber,
    TwoDecimalPoints,
    /// A thousands separator in the wrong place (`12,34`).
    MisplacedSeparator,
    /// Too large to hold (`1e400`).
    TooLarge,
    /// So close to zero that it cannot be held (`1e-400`): never silently zero.
    TooSmall,
    NegativeCount,
    FractionalCount,
    PercentageCount,
}

impl fmt::Display for NumberParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let found = &self.found;
        match self.problem {
            NumberProblem::NotANumber => write!(
                f,
                "expected a number (like 1,234 or 12.5) or a missing-value marker (like [x] or \
                 ..), found {found:?}"
            ),
            NumberProblem::TwoDecimalPoints => {
                write!(
                    f,
                    "a number cannot have two decimal points, found {found:?}"
                )
            }
            NumberProblem::MisplacedSeparator => write!(
                f,
                "expected thousands separators between groups of three digits (like 1,234), \
                 found {found:?}"
            ),
            NumberProblem::TooLarge => write!(f, "the number is too large to use, found {found:?}"),
            NumberProblem::TooSmall => write!(
                f,
                "the number is too close to zero to hold without reading it as 0, found {found:?}"
            ),
            NumberProblem::NegativeCount => {
                write!(f, "a count cannot be negative, found {found:?}")
            }
            NumberProblem::FractionalCount => {
                write!(f, "a count must be a whole number, found {found:?}")
            }
            NumberProblem::PercentageCount => {
                write!(f, "a count cannot be a percentage, found {found:?}")
            }
        }
    }
}

impl std::error::Error for NumberParseError {}

/// Reads one cell as a number, a percentage or a missing-value marker.
///
/// With `decimal_comma` the roles of `.` and `,` swap (`1.234,5`), for files from
/// continental tools.
pub fn parse_value(text: &str, decimal_comma: bool) -> Result<Value, NumberParseError> {
    let trimmed = text.trim();
    if let Some(reason) = missing_marker(trimmed) {
        return Ok(Value::Missing(reason));
    }
    let fail = |problem| NumberParseError {
        found: trimmed.to_owned(),
        problem,
    };
    let (negative_in_brackets, body) = strip_brackets(trimmed);
    let (percentage, body) = match body.strip_suffix('%') {
        Some(rest) => (true, rest.trim_end()),
        None => (false, body),
    };
    let (negative_sign, body) = strip_sign_and_pound(body);
    if negative_in_brackets && negative_sign {
        return Err(fail(NumberProblem::NotANumber));
    }
    let plain = plain_decimal(body, decimal_comma).map_err(fail)?;
    let magnitude: f64 = plain.parse().map_err(|_| fail(NumberProblem::NotANumber))?;
    if !magnitude.is_finite() {
        return Err(fail(NumberProblem::TooLarge));
    }
    if magnitude == 0.0 && mantissa_digits(&plain).any(|d| d != b'0') {
        return Err(fail(NumberProblem::TooSmall));
    }
    let value = if negative_in_brackets || negative_sign {
        -magnitude
    } else {
        magnitude
    };
    Ok(if percentage {
        Value::Percentage(value)
    } else {
        Value::Number(value)
    })
}

/// Reads one cell as a count: a whole number of zero or more, or a missing-value marker.
/// `1,234` and Excel's `12.0` are counts; `-3`, `2.5` and `12%` are errors.
pub fn parse_count(text: &str) -> Result<CountValue, NumberParseError> {
    let fail = |problem| NumberParseError {
        found: text.trim().to_owned(),
        problem,
    };
    let number = match parse_value(text, false)? {
        Value::Missing(reason) => return Ok(CountValue::Missing(reason)),
        Value::Percentage(_) => return Err(fail(NumberProblem::PercentageCount)),
        Value::Number(n) => n,
    };
    if number < 0.0 {
        return Err(fail(NumberProblem::NegativeCount));
    }
    if number.fract() != 0.0 || has_written_fraction(text) {
        return Err(fail(NumberProblem::FractionalCount));
    }
    // From 2^53 an f64 no longer holds every whole number (9007199254740993 reads as
    // 9007199254740992), so the count would be a guess.
    const FIRST_INEXACT: f64 = 9_007_199_254_740_992.0;
    if number >= FIRST_INEXACT {
        return Err(fail(NumberProblem::TooLarge));
    }
    // Exact: the value is whole and within 0..=2^53.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let count = number as u64;
    Ok(CountValue::Count(count))
}

/// The mantissa digits of a plain decimal from [`plain_decimal`] (`12.50e-3` → `1250`).
fn mantissa_digits(plain: &str) -> impl Iterator<Item = u8> + '_ {
    plain
        .bytes()
        .take_while(|b| !matches!(b, b'e' | b'E'))
        .filter(u8::is_ascii_digit)
}

/// Whether a count written without an exponent has a non-zero digit after its point, which
/// an f64 can round away (`1.0000000000000000001` is 1.0).
fn has_written_fraction(text: &str) -> bool {
    let trimmed = text.trim();
    let (_, body) = strip_brackets(trimmed);
    let (_, body) = strip_sign_and_pound(body);
    match plain_decimal(body, false) {
        Ok(plain) if !plain.contains(['e', 'E']) => plain
            .split_once('.')
            .is_some_and(|(_, fraction)| fraction.bytes().any(|d| d != b'0')),
        _ => false,
    }
}

/// The marker's reason, matched case-insensitively on the trimmed cell.
fn missing_marker(trimmed: &str) -> Option<MissingReason> {
    let reason = match trimmed.to_lowercase().as_str() {
        "" => MissingReason::Empty,
        "*" | "[c]" => MissingReason::Suppressed,
        "x" | "[x]" | ".." | ":" => MissingReason::NotAvailable,
        "[z]" => MissingReason::NotApplicable,
        // Spreadsheets often turn a typed hyphen into an en or em dash.
        "-" | "\u{2013}" | "\u{2014}" | "\u{2212}" => MissingReason::NilOrNotAvailable,
        "[low]" => MissingReason::TooSmall,
        _ => return None,
    };
    Some(reason)
}

/// `(123)` is the accountants' -123.
fn strip_brackets(text: &str) -> (bool, &str) {
    match text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        Some(inner) => (true, inner.trim()),
        None => (false, text),
    }
}

/// Removes a sign (`-`, the Unicode minus `−` or `+`) and a `£`, in either order
/// (`-£5`, `£-5`); returns whether the sign was negative.
fn strip_sign_and_pound(text: &str) -> (bool, &str) {
    let (sign, rest) = strip_sign(text);
    let rest = rest.strip_prefix('£').map_or(rest, str::trim_start);
    let (sign, rest) = match sign {
        Some(negative) => (negative, rest),
        None => {
            let (late_sign, rest) = strip_sign(rest);
            (late_sign.unwrap_or(false), rest)
        }
    };
    (sign, rest)
}

/// Removes a leading sign: `Some(true)` for `-` or `−`, `Some(false)` for `+`.
fn strip_sign(text: &str) -> (Option<bool>, &str) {
    if let Some(rest) = text
        .strip_prefix('-')
        .or_else(|| text.strip_prefix('\u{2212}'))
    {
        (Some(true), rest)
    } else if let Some(rest) = text.strip_prefix('+') {
        (Some(false), rest)
    } else {
        (None, text)
    }
}

/// Rewrites digits with the file's separators into the form `str::parse::<f64>` reads
/// (`1,234.5` → `1234.5`), checking separators sit between groups of three digits and
/// that there is at most one decimal point.
fn plain_decimal(text: &str, decimal_comma: bool) -> Result<String, NumberProblem> {
    let (group, point) = if decimal_comma {
        ('.', ',')
    } else {
        (',', '.')
    };
    let (mantissa, exponent) = split_exponent(text)?;
    let (whole, fraction) = match mantissa.split_once(point) {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (mantissa, None),
    };
    if fraction.is_some_and(|f| f.contains(point)) {
        return Err(NumberProblem::TwoDecimalPoints);
    }
    let whole_digits = ungrouped_digits(whole, group)?;
    let fraction_digits = fraction.unwrap_or("");
    if !fraction_digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberProblem::NotANumber);
    }
    if whole_digits.is_empty() && fraction_digits.is_empty() {
        return Err(NumberProblem::NotANumber);
    }
    let mut plain = format!("{}.{}", whole_digits, fraction_digits);
    if plain.starts_with('.') {
        plain.insert(0, '0');
    }
    if plain.ends_with('.') {
        plain.push('0');
    }
    if let Some(exponent) = exponent {
        plain.push('e');
        plain.push_str(exponent);
    }
    Ok(plain)
}

/// Splits `1.5e-3` into `1.5` and `-3`; the exponent must be an optionally signed whole
/// number.
fn split_exponent(text: &str) -> Result<(&str, Option<&str>), NumberProblem> {
    let Some(at) = text.find(['e', 'E']) else {
        return Ok((text, None));
    };
    let (mantissa, exponent) = (text.get(..at), text.get(at + 1..));
    let (Some(mantissa), Some(exponent)) = (mantissa, exponent) else {
        return Err(NumberProblem::NotANumber);
    };
    let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberProblem::NotANumber);
    }
    Ok((mantissa, Some(exponent)))
}

/// The digits of the whole-number part with thousands separators removed; separators
/// must split it into a leading group of 1–3 digits and then groups of exactly three.
fn ungrouped_digits(whole: &str, group: char) -> Result<String, NumberProblem> {
    let groups: Vec<&str> = whole.split(group).collect();
    let all_digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    if !groups.iter().all(|g| all_digits(g)) {
        return Err(NumberProblem::NotANumber);
    }
    if let [first, rest @ ..] = groups.as_slice()
        && !rest.is_empty()
    {
        let well_placed = (1..=3).contains(&first.len()) && rest.iter().all(|g| g.len() == 3);
        if !well_placed {
            return Err(NumberProblem::MisplacedSeparator);
        }
    }
    Ok(groups.concat())
}
