//! Areas named in police.uk files. Street and outcomes rows name their LSOA (`Camden 027B`);
//! the part before the code is the local authority district, which is the community safety
//! partnership (CSP) area a council analyst reports on.

use super::street::{AREA_NOT_RECOGNISED, NO_LOCATION};

/// The local authority a police.uk LSOA name belongs to: `Shropshire 012A` → `Shropshire`,
/// `City of London 001F` → `City of London`.
///
/// ONS names every 2011 and 2021 LSOA as the local authority's name, a space, a 3-digit
/// middle-layer number and a capital letter, so the authority is everything before that
/// suffix. Anything else (an empty cell on a "No location" row, a code, a name without the
/// suffix) is `None` rather than a guess.
pub fn local_authority_from_lsoa_name(lsoa_name: &str) -> Option<&str> {
    authority_of_trimmed(lsoa_name.trim())
}

// Called for every street row: byte checks, no searching.
fn authority_of_trimmed(name: &str) -> Option<&str> {
    let cut = name.len().checked_sub(5)?;
    let (authority, suffix) = (name.get(..cut)?, name.get(cut..)?);
    let suffix = suffix.strip_prefix(' ')?;
    let authority = authority.trim_end();
    (is_lsoa_suffix(suffix) && !authority.is_empty()).then_some(authority)
}

/// The area a street row is counted in: its local authority, or [`NO_LOCATION`] when the
/// LSOA name is empty (police.uk's "No location" rows), or [`AREA_NOT_RECOGNISED`] for a
/// name that is not an ONS LSOA name. Every row has an area; none is dropped.
pub fn area_of_lsoa_name(lsoa_name: &str) -> &str {
    // Called for every street row: `str::trim` only when an end is not plain ASCII.
    let plain = lsoa_name.trim_ascii();
    let ascii_ends = plain.bytes().next().is_none_or(|b| b.is_ascii())
        && plain.bytes().next_back().is_none_or(|b| b.is_ascii());
    let name = if ascii_ends { plain } else { plain.trim() };
    if name.is_empty() {
        NO_LOCATION
    } else {
        authority_of_trimmed(name).unwrap_or(AREA_NOT_RECOGNISED)
    }
}

/// `012A`: three ASCII digits then one ASCII capital letter.
fn is_lsoa_suffix(suffix: &str) -> bool {
    let bytes = suffix.as_bytes();
    match bytes {
        [a, b, c, letter] => {
            a.is_ascii_digit()
                && b.is_ascii_digit()
                && c.is_ascii_digit()
                && letter.is_ascii_uppercase()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_with_an_lsoa_suffix_give_their_authority() {
        for (name, authority) in [
            ("Shropshire 012A", "Shropshire"),
            ("Telford and Wrekin 009B", "Telford and Wrekin"),
            ("Camden 027B", "Camden"),
            ("City of London 001F", "City of London"),
            ("  Kingston upon Hull 100Z ", "Kingston upon Hull"),
            ("Rhondda Cynon Taf 001A", "Rhondda Cynon Taf"),
        ] {
            assert_eq!(
                local_authority_from_lsoa_name(name),
                Some(authority),
                "{name}"
            );
        }
    }

    #[test]
    fn anything_else_is_none() {
        for name in [
            "",
            "027B",
            " 027B",
            "Camden",
            "Camden 27B",
            "Camden 0271B",
            "Camden 027b",
            "Camden 027",
            "Camden 02AB",
            "E01000916",
            "Camden 027B extra",
            "Camden ０２７B",
        ] {
            assert_eq!(local_authority_from_lsoa_name(name), None, "{name:?}");
        }
    }

    #[test]
    fn every_row_gets_an_area() {
        assert_eq!(area_of_lsoa_name("Camden 027B"), "Camden");
        assert_eq!(area_of_lsoa_name("\u{a0}Camden 027B\u{a0}"), "Camden");
        assert_eq!(area_of_lsoa_name(""), NO_LOCATION);
        assert_eq!(area_of_lsoa_name("  "), NO_LOCATION);
        assert_eq!(area_of_lsoa_name("E01000916"), AREA_NOT_RECOGNISED);
    }

    proptest! {
        #[test]
        fn never_panics_and_returns_a_prefix(s in "\\PC{0,24}") {
            if let Some(authority) = local_authority_from_lsoa_name(&s) {
                prop_assert!(s.trim().starts_with(authority));
                prop_assert!(!authority.is_empty());
            }
        }
    }
}
