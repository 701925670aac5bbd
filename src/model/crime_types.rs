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
//! City of London hold exactly the post-2014 set, and the December 2010 Met file's Burglary is
//! one of the first six); the months come from police.uk's published category history, as no
//! real file from between 2011 and 2014 with crime types is held. `tests/police_merge.rs`
//! checks every real file against [`categories_in`].
//!
//! Only one change is a rename of one category to one other (Violent crime → Violence and
//! sexual offences), so only that one can be shown as one series ([`comparable_name`]); even
//! then the series stays flagged, because the new category also took in sexual offences.

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
    /// For a category on both sides (Other crime, Other theft): what it lost.
    pub kept: &'static str,
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
    kept: &'static str,
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
        kept: "Criminal damage and arson, Drugs, Other theft, Public disorder and weapons and \
               Shoplifting were split out of it",
    },
    Change {
        year: 2013,
        month: 5,
        from: &["Violent crime", "Other crime"],
        to: &["Violence and sexual offences", "Other crime"],
        note: "From May 2013 Violent crime became Violence and sexual offences, taking in \
               sexual offences previously counted under Other crime.",
        kept: "sexual offences moved out of it into \u{2018}Violence and sexual offences\u{2019}",
    },
    Change {
        year: 2013,
        month: 5,
        from: &["Other theft"],
        to: &["Bicycle theft", "Theft from the person", "Other theft"],
        note: "From May 2013 Bicycle theft and Theft from the person were split out of Other \
               theft, so Other theft drops at that month.",
        kept: "Bicycle theft and Theft from the person were split out of it",
    },
    Change {
        year: 2014,
        month: 5,
        from: &["Public disorder and weapons"],
        to: &["Public order", "Possession of weapons"],
        note: "From May 2014 Public disorder and weapons was split into Public order and \
               Possession of weapons.",
        kept: "",
    },
];

/// The categories police.uk published from its first month, December 2010.
const FIRST_CATEGORIES: [&str; 6] = [
    "Anti-social behaviour",
    "Burglary",
    "Robbery",
    "Vehicle crime",
    "Violent crime",
    "Other crime",
];

/// Old name → new name, where one category simply became one other.
const RENAMES: [(&str, &str); 1] = [("Violent crime", "Violence and sexual offences")];

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
        kept: change.kept,
    })
}

/// The crime types police.uk published in `month`, by replaying the changes from the first
/// six categories (an empty list before December 2010).
pub fn categories_in(month: Month) -> Vec<&'static str> {
    if Month::new(2010, 12).is_none_or(|first| month < first) {
        return Vec::new();
    }
    let mut names: Vec<&'static str> = FIRST_CATEGORIES.to_vec();
    for change in definition_changes()
        .into_iter()
        .filter(|c| c.month <= month)
    {
        names.retain(|name| !change.from.contains(name) || change.to.contains(name));
        for name in change.to {
            if !names.contains(name) {
                names.push(name);
            }
        }
    }
    names
}

/// The name a category's series is shown under when renamed categories are combined:
/// `Violent crime` → `Violence and sexual offences`; any other name is itself.
pub fn comparable_name(crime_type: &str) -> &str {
    RENAMES
        .iter()
        .find(|(old, _)| old.eq_ignore_ascii_case(crime_type.trim()))
        .map_or(crime_type, |(_, new)| new)
}

/// Whether any of these categories is an old name [`comparable_name`] would rename.
pub fn has_renamed(categories: &[String]) -> bool {
    categories.iter().any(|c| comparable_name(c) != c.as_str())
}

/// A footnote for a crime type whose months span a change in what it counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinitionNote {
    pub category: String,
    /// The first month under the new definitions.
    pub month: Month,
    /// The note in words, e.g. "Violence and sexual offences: definition changed in May 2013
    /// — earlier months counted ‘Violent crime’; trends across the change are not
    /// like-for-like."
    pub text: String,
}

/// The notes for a table's categories over the months it covers: one for each category and
/// each change its months cross. `combined` says whether renamed categories were shown as
/// one series ([`comparable_name`]).
pub fn definition_notes(
    categories: &[String],
    months: impl IntoIterator<Item = Month> + Clone,
    combined: bool,
) -> Vec<DefinitionNote> {
    let mut notes = Vec::new();
    for category in categories {
        for change in changes_crossed(category, months.clone()) {
            let text = format!(
                "{category}: definition changed in {} \u{2014} {}; trends across the change are \
                 not like-for-like.",
                change.month.label(),
                clause(&change, category, combined)
            );
            notes.push(DefinitionNote {
                category: category.clone(),
                month: change.month,
                text,
            });
        }
    }
    notes
}

/// What the change did to this category, from the category's side.
fn clause(change: &DefinitionChange, category: &str, combined: bool) -> String {
    let named = |list: &[&str], name: &str| list.iter().any(|n| n.eq_ignore_ascii_case(name));
    let others = |list: &[&'static str], not_in: &[&'static str]| {
        let names: Vec<String> = list
            .iter()
            .filter(|n| !named(not_in, n))
            .map(|n| format!("\u{2018}{n}\u{2019}"))
            .collect();
        join_and(&names)
    };
    match (named(change.from, category), named(change.to, category)) {
        (false, true) => {
            let before = others(change.from, change.to);
            let merged_here = RENAMES
                .iter()
                .any(|(old, new)| named(change.from, old) && new.eq_ignore_ascii_case(category));
            if combined && merged_here {
                format!("earlier months are {before}, shown here as one series with it")
            } else {
                format!("earlier months counted {before}")
            }
        }
        (true, false) => format!("later months count {}", others(change.to, change.from)),
        _ => change.kept.to_owned(),
    }
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
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
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
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

    #[test]
    fn the_categories_of_a_month_replay_the_history() {
        assert!(categories_in(m(2010, 11)).is_empty());
        assert_eq!(categories_in(m(2010, 12)), FIRST_CATEGORIES);
        let mid_2012 = categories_in(m(2012, 6));
        assert_eq!(mid_2012.len(), 11);
        assert!(
            mid_2012.contains(&"Violent crime")
                && mid_2012.contains(&"Public disorder and weapons")
        );
        let may_2013 = categories_in(m(2013, 5));
        assert!(!may_2013.contains(&"Violent crime"));
        assert!(
            may_2013.contains(&"Violence and sexual offences")
                && may_2013.contains(&"Bicycle theft")
        );
        let mut now = categories_in(m(2023, 1));
        now.sort_unstable();
        assert_eq!(
            now,
            [
                "Anti-social behaviour",
                "Bicycle theft",
                "Burglary",
                "Criminal damage and arson",
                "Drugs",
                "Other crime",
                "Other theft",
                "Possession of weapons",
                "Public order",
                "Robbery",
                "Shoplifting",
                "Theft from the person",
                "Vehicle crime",
                "Violence and sexual offences",
            ]
        );
    }

    #[test]
    fn notes_say_what_each_side_of_a_change_counted() {
        let months = [m(2013, 3), m(2013, 4), m(2013, 5), m(2013, 6)];
        let categories: Vec<String> = [
            "Violence and sexual offences",
            "Violent crime",
            "Other crime",
            "Burglary",
        ]
        .map(String::from)
        .to_vec();
        let notes = definition_notes(&categories, months, false);
        let texts: Vec<&str> = notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Violence and sexual offences: definition changed in May 2013 \u{2014} earlier months \
                 counted \u{2018}Violent crime\u{2019}; trends across the change are not like-for-like.",
                "Violent crime: definition changed in May 2013 \u{2014} later months count \
                 \u{2018}Violence and sexual offences\u{2019}; trends across the change are not \
                 like-for-like.",
                "Other crime: definition changed in May 2013 \u{2014} sexual offences moved out of it \
                 into \u{2018}Violence and sexual offences\u{2019}; trends across the change are not \
                 like-for-like.",
            ]
        );
        let combined = definition_notes(&categories[..1], months, true);
        assert!(
            combined[0]
                .text
                .contains("shown here as one series with it"),
            "{}",
            combined[0].text
        );
        let split = definition_notes(
            &[
                "Public order".to_owned(),
                "Public disorder and weapons".to_owned(),
            ],
            [m(2014, 4), m(2014, 5)],
            false,
        );
        assert!(
            split[0]
                .text
                .contains("earlier months counted \u{2018}Public disorder and weapons\u{2019}")
        );
        assert!(split[1].text.contains("later months count \u{2018}Public order\u{2019} and \u{2018}Possession of weapons\u{2019}"));
        assert!(definition_notes(&categories, [m(2013, 5), m(2014, 1)], false).is_empty());
    }

    #[test]
    fn only_a_one_to_one_rename_is_combined() {
        assert_eq!(
            comparable_name("Violent crime"),
            "Violence and sexual offences"
        );
        assert_eq!(
            comparable_name("Public disorder and weapons"),
            "Public disorder and weapons"
        );
        assert_eq!(comparable_name("Burglary"), "Burglary");
        assert!(has_renamed(&[
            "Burglary".to_owned(),
            "Violent crime".to_owned()
        ]));
        assert!(!has_renamed(&["Burglary".to_owned()]));
    }
}
