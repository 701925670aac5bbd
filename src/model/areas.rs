//! Areas named in police.uk files. Street and outcomes rows name their LSOA (`Camden 027B`);
//! the part before the code is the local authority district, which is the community safety
//! partnership (CSP) area a council analyst reports on.

/// The local authority a police.uk LSOA name belongs to: `Shropshire 012A` → `Shropshire`,
/// `City of London 001F` → `City of London`.
///
/// ONS names every 2011 and 2021 LSOA as the local authority's name, a space, a 3-digit
/// middle-layer number and a capital letter, so the authority is everything before that
/// suffix. Anything else (an empty cell on a "No location" row, a code, a name without the
/// suffix) is `None` rather than a guess.
pub fn local_authority_from_lsoa_name(lsoa_name: &str) -> Option<&str> {
    let trimmed = lsoa_name.trim();
    let (authority, suffix) = trimmed.rsplit_once(' ')?;
    let authority = authority.trim_end();
    (is_lsoa_suffix(suffix) && !authority.is_empty()).then_some(authority)
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
