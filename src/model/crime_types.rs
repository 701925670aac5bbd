//! The police.uk crime-type crosswalk: the months at which a category's definition changed,
//! so that a trend across one of them is flagged rather than silently compared.
//!
//! police.uk street-level data began in December 2010 with six categories (Anti-social
//! behaviour, Burglary, Robbery, Vehicle crime, Violent crime, Other crime). Since then:
//!
//! | First month | From | To |
//! |---|---|---|
//! | 2011-09 | Other crime | Criminal damage and arson, Drugs, Other theft, Public disorder and weapons, Shoplifting, Other crime |
//! | 2013-05 | Violent crime (+ sexual offences from Other crime) | Violence and sexual offences |
//! | 2013-05 | Other theft | Bicycle theft, Theft from the person, Other theft |
//! | 2014-05 | Public disorder and weapons | Public order, Possession of weapons |
//!
//! The current names are confirmed by the real street files in `tests/data` (2020 and 2023
//! City of London hold exactly the post-2014 set); the months come from police.uk's published
//! category history, as no real file from before 2014 with more than one category is held.

use super::Month;

/// One change in what a police.uk crime type counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinitionChange {
    /// The first month published under the new definitions.
    pub month: Month,
    /// The categories as they were before `month`.
    pub from: &'static [&'static str],
    /// The categories from `month` on.
    pub to: &'static [&'static str],
    /// What changed, for a chart annotation or a table footnote.
    pub note: &'static str,
}

impl DefinitionChange {
    /// Whether `crime_type` is one of the categories the change touched (either side).
    pub fn affects(&self, crime_type: &str) -> bool {
        let wanted = crime_type.trim();
        self.from
            .iter()
            .chain(self.to.iter())
            .any(|name| name.eq_ignore_ascii_case(wanted))
    }
}

// Months are stored as numbers because `Month::new` is not `const`.
struct Change {
    year: u16,
    month: u8,
    from: &'static [&'static str],
    to: &'static [&'static str],
    note: &'static str,
}

const CHANGES: [Change; 4] = [
    Change {
        year: 2011,
        month: 9,
        from: &["Other crime"],
        to: &[
            "Criminal damage and arson",
            "Drugs",
            "Other theft",
            "Public disorder and weapons",
            "Shoplifting",
            "Other crime",
        ],
        note: "From September 2011 police.uk split five new categories out of Other crime; \
               Other crime before then is not comparable with Other crime after.",
    },
    Change {
        year: 2013,
        month: 5,
        from: &["Violent crime", "Other crime"],
        to: &["Violence and sexual offences", "Other crime"],
        note: "From May 2013 Violent crime became Violence and sexual offences, taking in \
               sexual offences previously counted under Other crime.",
    },
    Change {
        year: 2013,
        month: 5,
        from: &["Other theft"],
        to: &["Bicycle theft", "Theft from the person", "Other theft"],
        note: "From May 2013 Bicycle theft and Theft from the person were split out of Other \
               theft, so Other theft drops at that month.",
    },
    Change {
        year: 2014,
        month: 5,
        from: &["Public disorder and weapons"],
        to: &["Public order", "Possession of weapons"],
        note: "From May 2014 Public disorder and weapons was split into Public order and \
               Possession of weapons.",
    },
];

/// Every known definition change, earliest first.
pub fn definition_changes() -> Vec<DefinitionChange> {
    CHANGES.iter().filter_map(to_definition_change).collect()
}

fn to_definition_change(change: &Change) -> Option<DefinitionChange> {
    Some(DefinitionChange {
        month: Month::new(change.year, change.month)?,
        from: change.from,
        to: change.to,
        note: change.note,
    })
}

/// The changes a series of `crime_type` crosses: those touching the type where the months
/// present include one before the change and one from it on. A series entirely on one side
/// of a change is comparable with itself and gets no flag.
pub fn changes_crossed(
    crime_type: &str,
    months: impl IntoIterator<Item = Month>,
) -> Vec<DefinitionChange> {
    let Some((first, last)) = span(months) else {
        return Vec::new();
    };
    definition_changes()
        .into_iter()
        .filter(|change| change.affects(crime_type) && first < change.month && change.month <= last)
        .collect()
}

/// The earliest and latest of some months, in whatever order they come.
fn span(months: impl IntoIterator<Item = Month>) -> Option<(Month, Month)> {
    months.into_iter().fold(None, |bounds, month| match bounds {
        None => Some((month, month)),
        Some((first, last)) => Some((first.min(month), last.max(month))),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn m(year: u16, month: u8) -> Month {
        Month::new(year, month).unwrap()
    }

    #[test]
    fn the_table_is_in_order_and_complete() {
        let changes = definition_changes();
        assert_eq!(changes.len(), CHANGES.len());
        assert!(changes.is_sorted_by_key(|c| c.month));
    }

    #[test]
    fn a_series_on_one_side_is_not_flagged() {
        assert!(changes_crossed("Violent crime", [m(2012, 1), m(2013, 4)]).is_empty());
        assert!(changes_crossed("Public order", [m(2014, 5), m(2023, 1)]).is_empty());
        assert!(changes_crossed("Burglary", m(2010, 12).through(m(2023, 12))).is_empty());
        assert!(changes_crossed("Violent crime", []).is_empty());
    }
}
