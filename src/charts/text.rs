//! Words and numbers on a chart: UK number formats, and labels from user files made safe
//! (valid XML, no direction overrides) and legible (isolated direction, truncated to fit).

use std::fmt::Write as _;

use super::thousands;

/// Text a file may carry that would break or spoof the SVG: characters XML 1.0 forbids
/// (which make the whole image unreadable) and explicit direction controls (which can make
/// a label display as something else) are dropped; line breaks and tabs become spaces; runs
/// of spaces collapse.
pub(crate) fn clean(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    let mut space = false;
    for c in label.chars() {
        let c = match c {
            '\t' | '\n' | '\r' => ' ',
            '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' => continue,
            '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => continue,
            '\u{FFFE}' | '\u{FFFF}' => continue,
            c => c,
        };
        if c == ' ' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

fn is_rtl(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{08FF}'
        | '\u{FB1D}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}'
        | '\u{10800}'..='\u{10FFF}'
        | '\u{1E800}'..='\u{1EFFF}')
}

/// Right-to-left text inside a left-to-right chart is wrapped in a first-strong isolate, so
/// it reads in its own direction without pulling the numbers or punctuation around it.
pub(crate) fn isolate(text: &str) -> String {
    if text.chars().any(is_rtl) {
        format!("\u{2068}{text}\u{2069}")
    } else {
        text.to_owned()
    }
}

/// Characters drawn two columns wide (CJK, emoji and other pictographs).
fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{1F000}'..='\u{1FAFF}'
        | '\u{20000}'..='\u{3FFFD}')
}

/// Marks that join onto the character before them and take no width of their own.
fn is_joining(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{200B}'..='\u{200D}'
        | '\u{2068}'..='\u{2069}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{E0020}'..='\u{E007F}')
}

/// A generous estimate of the width of `text` at `size` px in the browser's sans-serif. The
/// page measures nothing before drawing, so the estimate errs wide: a label cut a little
/// early is better than one running off the chart.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| match c {
            c if is_joining(c) => 0.0,
            c if is_wide(c) => 1.05,
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.3,
            ' ' | 'f' | 't' | 'r' | '(' | ')' | '-' | '/' => 0.4,
            'm' | 'w' | 'M' | 'W' | '@' | '%' => 0.9,
            'A'..='Z' => 0.72,
            '0'..='9' => 0.6,
            c if c.is_ascii() => 0.58,
            _ => 0.68,
        })
        .sum();
    ems * size
}

/// A label ready to draw: `shown` fits `max_width` (cut with an ellipsis when it did not),
/// `full` is the whole cleaned text for a tooltip and the data table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fitted {
    pub shown: String,
    pub full: String,
    pub truncated: bool,
}

/// Cleans `label` and cuts it to fit `max_width` px at `size` px.
pub(crate) fn fit(label: &str, size: f64, max_width: f64) -> Fitted {
    let full = clean(label);
    if text_width(&full, size) <= max_width {
        return Fitted {
            shown: isolate(&full),
            full,
            truncated: false,
        };
    }
    let budget = max_width - text_width("…", size);
    let mut used = 0.0;
    let mut cut = String::new();
    for c in full.chars() {
        let w = text_width(c.encode_utf8(&mut [0; 4]), size);
        if used + w > budget {
            break;
        }
        used += w;
        cut.push(c);
    }
    // An emoji sequence cut just after a joiner would leave the joiner dangling before the
    // ellipsis; end on a whole character instead.
    while cut.ends_with(|c: char| is_joining(c) || c == ' ') {
        cut.pop();
    }
    let shown = isolate(&format!("{}…", cut.trim_end()));
    Fitted {
        shown,
        full,
        truncated: true,
    }
}

/// Words broken into lines no wider than `max_width`; past `max_lines` the last line is cut
/// with an ellipsis. Returns the lines and whether anything was cut.
pub(crate) fn wrap(text: &str, size: f64, max_width: f64, max_lines: usize) -> (Vec<String>, bool) {
    let text = clean(text);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if text_width(&candidate, size) <= max_width || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line = word.to_owned();
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    let more = lines.len() > max_lines.max(1);
    let mut cut = more;
    lines.truncate(max_lines.max(1));
    let count = lines.len();
    for (i, line) in lines.iter_mut().enumerate() {
        // A word longer than the width is cut too, wherever it falls.
        let text = if more && i + 1 == count {
            format!("{line} …")
        } else {
            line.clone()
        };
        let fitted = fit(&text, size, max_width);
        cut |= fitted.truncated;
        *line = fitted.shown;
    }
    (lines, cut)
}

/// A number as a UK report writes it: thousands separators, `decimals` places, `-` for
/// negatives. Very large magnitudes switch to powers of ten so a label stays short.
pub fn format_number(value: f64, decimals: u8) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let decimals = usize::from(decimals.min(6));
    if value.abs() >= 1e15 {
        return format!("{value:.2e}");
    }
    let text = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let whole = whole.parse::<u64>().map(thousands).unwrap_or_default();
    let negative = value < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0');
    let mut out = String::with_capacity(whole.len() + fraction.len() + 2);
    if negative {
        out.push('-');
    }
    out.push_str(&whole);
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

/// A percentage change with its sign: `+12.3%`, `-4.0%`, `0.0%`.
pub fn format_change(percent: f64) -> String {
    let body = format_number(percent, 1);
    if percent > 0.0 && !body.starts_with('-') && body != "0.0" {
        format!("+{body}%")
    } else {
        format!("{body}%")
    }
}

/// How many decimal places a tick step needs (0.5 needs 1, 0.25 needs 2).
pub(crate) fn decimals_for_step(step: f64) -> u8 {
    if !(step.is_finite() && step > 0.0) {
        return 0;
    }
    let mut decimals = 0u8;
    let mut scaled = step;
    while decimals < 6 && (scaled - scaled.round()).abs() > 1e-9 * scaled.abs().max(1.0) {
        scaled *= 10.0;
        decimals += 1;
    }
    decimals
}

/// A pixel coordinate for SVG: one decimal place, no trailing zeros, never NaN.
pub(crate) fn push_px(out: &mut String, value: f64) {
    let value = if value.is_finite() {
        value.clamp(-1e6, 1e6)
    } else {
        0.0
    };
    let tenths = (value * 10.0).round() as i64;
    if tenths % 10 == 0 {
        let _ = write!(out, "{}", tenths / 10);
    } else {
        let _ = write!(out, "{:.1}", tenths as f64 / 10.0);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn px(value: f64) -> String {
        let mut out = String::new();
        push_px(&mut out, value);
        out
    }

    #[test]
    fn numbers_read_the_uk_way() {
        assert_eq!(format_number(1234567.0, 0), "1,234,567");
        assert_eq!(format_number(-1234.56, 1), "-1,234.6");
        assert_eq!(format_number(-0.01, 1), "0.0");
        assert_eq!(format_number(0.5, 2), "0.50");
        assert_eq!(format_number(f64::NAN, 0), "");
        assert_eq!(format_number(1e300, 0), "1.00e300");
        assert_eq!(format_change(12.345), "+12.3%");
        assert_eq!(format_change(-4.0), "-4.0%");
        assert_eq!(format_change(0.01), "0.0%");
        assert_eq!(decimals_for_step(0.25), 2);
        assert_eq!(decimals_for_step(500.0), 0);
        assert_eq!(px(12.04), "12");
        assert_eq!(px(f64::NAN), "0");
        assert_eq!(px(-3.25), "-3.3");
    }

    #[test]
    fn hostile_labels_are_cleaned_isolated_and_cut() {
        assert_eq!(clean("a\u{0}b\u{202E}c\n\n d\u{FFFF}"), "abc d");
        let arabic = fit("جريمة", 12.0, 500.0);
        assert_eq!(arabic.shown, "\u{2068}جريمة\u{2069}");
        assert!(!arabic.truncated);
        let long = fit(&"Violence ".repeat(40), 12.0, 120.0);
        assert!(long.truncated && long.shown.ends_with('…'));
        assert!(text_width(&long.shown, 12.0) <= 120.0);
        assert_eq!(long.full, "Violence ".repeat(40).trim_end());
        // A family emoji is one glyph: it is kept whole or dropped, never split at a joiner.
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}".repeat(10);
        let cut = fit(&family, 12.0, 40.0);
        assert!(!cut.shown.trim_end_matches('…').ends_with('\u{200D}'));
    }

    #[test]
    fn long_text_wraps_then_stops_with_an_ellipsis() {
        let (lines, cut) = wrap("one two three four five six", 12.0, 60.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(cut && lines[1].ends_with('…'));
        let (lines, cut) = wrap("short", 12.0, 200.0, 2);
        assert_eq!((lines, cut), (vec!["short".to_owned()], false));
        let (lines, cut) = wrap(&format!("{} end", "x".repeat(200)), 12.0, 60.0, 3);
        assert!(
            cut && lines.iter().all(|l| text_width(l, 12.0) <= 60.0),
            "{lines:?}"
        );
    }
}
