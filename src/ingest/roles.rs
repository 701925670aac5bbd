//! The user's say in how a table is read. When the generic reader is unsure which column holds
//! what, the page shows a [`TablePreview`] and the user answers with a [`RoleChoice`]: one
//! [`ColumnRole`] per column. A choice holds column positions only, never a file's data or
//! column names, so it can be remembered on the user's computer under [`roles_key`] — a hash
//! of the header — and used for the next file laid out the same way.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::formats::generic::{ColumnRoles, Layout, column_period_kind, header_signature};
use super::uk_period::parse_period;

/// What one column holds, as the user can say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ColumnRole {
    Ignore,
    /// The column of periods in a table with one figure per row.
    Period,
    /// One of the columns headed by a period in a table with one column per period.
    PeriodColumn,
    AreaName,
    AreaCode,
    /// Part of what the figure measures (offence, indicator, unit).
    Category,
    /// Figures.
    Value,
}

impl ColumnRole {
    /// Every role, in the order the page offers them.
    pub const ALL: [ColumnRole; 7] = [
        ColumnRole::Period,
        ColumnRole::PeriodColumn,
        ColumnRole::AreaName,
        ColumnRole::AreaCode,
        ColumnRole::Category,
        ColumnRole::Value,
        ColumnRole::Ignore,
    ];

    /// The name the page shows.
    pub fn label(self) -> &'static str {
        match self {
            ColumnRole::Ignore => "Ignore",
            ColumnRole::Period => "Period",
            ColumnRole::PeriodColumn => "Period columns",
            ColumnRole::AreaName => "Area",
            ColumnRole::AreaCode => "Area code",
            ColumnRole::Category => "Category",
            ColumnRole::Value => "Value",
        }
    }

    /// One letter per role, for storing a choice compactly (see [`RoleChoice::encode`]).
    fn code(self) -> char {
        match self {
            ColumnRole::Ignore => '-',
            ColumnRole::Period => 'p',
            ColumnRole::PeriodColumn => 'w',
            ColumnRole::AreaName => 'n',
            ColumnRole::AreaCode => 'k',
            ColumnRole::Category => 'c',
            ColumnRole::Value => 'v',
        }
    }

    fn from_code(code: char) -> Option<ColumnRole> {
        ColumnRole::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// Which column holds what, one role per column of the header, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleChoice {
    pub columns: Vec<ColumnRole>,
    /// Numbers written `1.234,5`.
    pub decimal_comma: bool,
}

/// Why a choice cannot be read with, in the words of the page's error summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceProblem {
    /// The column whose select the message belongs to, when one does.
    pub column: Option<usize>,
    pub message: String,
}

impl ChoiceProblem {
    fn at(column: Option<usize>, message: impl Into<String>) -> ChoiceProblem {
        ChoiceProblem {
            column,
            message: message.into(),
        }
    }
}

// Stored choices start with this, so a later change of form is recognised, not misread.
const ENCODING_VERSION: &str = "1:";
const DECIMAL_COMMA_MARK: &str = ";dc";

impl RoleChoice {
    /// Every column ignored: nothing chosen yet.
    pub fn ignore_all(columns: usize) -> RoleChoice {
        RoleChoice {
            columns: vec![ColumnRole::Ignore; columns],
            decimal_comma: false,
        }
    }

    /// The choice that gives `roles`.
    pub fn from_roles(roles: &ColumnRoles) -> RoleChoice {
        let mut choice = RoleChoice::ignore_all(roles.header.len());
        choice.decimal_comma = roles.decimal_comma;
        let mut set = |column: usize, role| {
            if let Some(slot) = choice.columns.get_mut(column) {
                *slot = role;
            }
        };
        match &roles.layout {
            Layout::Tidy { period, values, .. } => {
                set(*period, ColumnRole::Period);
                for &c in values {
                    set(c, ColumnRole::Value);
                }
            }
            Layout::Wide { periods } => {
                for &(c, _) in periods {
                    set(c, ColumnRole::PeriodColumn);
                }
            }
        }
        for &c in &roles.categories {
            set(c, ColumnRole::Category);
        }
        if let Some(c) = roles.area_name {
            set(c, ColumnRole::AreaName);
        }
        if let Some(c) = roles.area_code {
            set(c, ColumnRole::AreaCode);
        }
        choice
    }

    /// The columns given `role`, in order.
    pub fn columns_with(&self, role: ColumnRole) -> Vec<usize> {
        self.columns
            .iter()
            .enumerate()
            .filter(|(_, r)| **r == role)
            .map(|(c, _)| c)
            .collect()
    }

    /// What is wrong with the choice for a header whose period-headed columns are marked in
    /// `period_headers` (see [`TablePreview::period_headers`]); empty when it can be read.
    pub fn problems(&self, period_headers: &[bool]) -> Vec<ChoiceProblem> {
        let mut problems = Vec::new();
        if self.columns.len() != period_headers.len() {
            problems.push(ChoiceProblem::at(
                None,
                format!(
                    "The file has {} columns but {} were described; choose the file again",
                    period_headers.len(),
                    self.columns.len()
                ),
            ));
            return problems;
        }
        let periods = self.columns_with(ColumnRole::Period);
        let period_columns = self.columns_with(ColumnRole::PeriodColumn);
        let values = self.columns_with(ColumnRole::Value);
        match (periods.as_slice(), period_columns.is_empty()) {
            ([], true) => problems.push(ChoiceProblem::at(
                Some(0),
                "Choose one column as the period, or choose the columns headed by periods as \
                 period columns",
            )),
            ([_, second, ..], _) => problems.push(ChoiceProblem::at(
                Some(*second),
                "Choose only one column as the period",
            )),
            ([period], false) => problems.push(ChoiceProblem::at(
                Some(*period),
                "Choose either one column as the period or the period columns, not both",
            )),
            _ => {}
        }
        for &c in &period_columns {
            if !period_headers.get(c).copied().unwrap_or(false) {
                problems.push(ChoiceProblem::at(
                    Some(c),
                    format!(
                        "Column {} is not headed by a period, so it cannot be one of the period \
                         columns",
                        c + 1
                    ),
                ));
            }
        }
        if period_columns.is_empty() && values.is_empty() {
            problems.push(ChoiceProblem::at(
                Some(0),
                "Choose at least one column as the value (the figures)",
            ));
        }
        if !period_columns.is_empty() {
            for &c in &values {
                problems.push(ChoiceProblem::at(
                    Some(c),
                    format!(
                        "Column {} cannot be a value: with period columns, the figures are in \
                         the period columns; choose Category or Ignore",
                        c + 1
                    ),
                ));
            }
        }
        for (role, name) in [
            (ColumnRole::AreaName, "area"),
            (ColumnRole::AreaCode, "area code"),
        ] {
            if let Some(&second) = self.columns_with(role).get(1) {
                problems.push(ChoiceProblem::at(
                    Some(second),
                    format!("Choose only one column as the {name}"),
                ));
            }
        }
        problems
    }

    /// Roles to read a table with `header` by; `sample` (the first rows, fields as written)
    /// settles the period column's kind as the guess does.
    pub fn roles(
        &self,
        header: &[String],
        sample: &[Vec<String>],
    ) -> Result<ColumnRoles, Vec<ChoiceProblem>> {
        let period_headers = period_headers(header);
        let problems = self.problems(&period_headers);
        if !problems.is_empty() {
            return Err(problems);
        }
        let period_columns = self.columns_with(ColumnRole::PeriodColumn);
        let mut roles = match self.columns_with(ColumnRole::Period).first() {
            Some(&period) => {
                let mut roles =
                    ColumnRoles::tidy(header, period, self.columns_with(ColumnRole::Value));
                let cells: Vec<String> = sample
                    .iter()
                    .filter_map(|row| row.get(period))
                    .map(|cell| cell.trim().to_owned())
                    .filter(|cell| !cell.is_empty())
                    .collect();
                if let Layout::Tidy { period_kind, .. } = &mut roles.layout {
                    *period_kind = column_period_kind(&cells);
                }
                roles
            }
            None => ColumnRoles::wide(header, &period_columns).map_err(|why| {
                vec![ChoiceProblem::at(
                    period_columns.first().copied(),
                    format!("The period columns cannot be read together: {why}"),
                )]
            })?,
        };
        roles.area_name = self.columns_with(ColumnRole::AreaName).first().copied();
        roles.area_code = self.columns_with(ColumnRole::AreaCode).first().copied();
        roles.categories = self.columns_with(ColumnRole::Category);
        roles.decimal_comma = self.decimal_comma;
        roles
            .check()
            .map_err(|why| vec![ChoiceProblem::at(None, why)])?;
        Ok(roles)
    }

    /// The choice as a short text for storage: a version, one letter per column, and a mark
    /// for decimal commas. Positions and roles only.
    pub fn encode(&self) -> String {
        let mut text = String::from(ENCODING_VERSION);
        text.extend(self.columns.iter().map(|r| r.code()));
        if self.decimal_comma {
            let _ = write!(text, "{DECIMAL_COMMA_MARK}");
        }
        text
    }

    /// A stored choice read back; `None` for anything [`RoleChoice::encode`] did not write.
    pub fn decode(text: &str) -> Option<RoleChoice> {
        let rest = text.strip_prefix(ENCODING_VERSION)?;
        let (codes, decimal_comma) = match rest.strip_suffix(DECIMAL_COMMA_MARK) {
            Some(codes) => (codes, true),
            None => (rest, false),
        };
        let columns = codes
            .chars()
            .map(ColumnRole::from_code)
            .collect::<Option<Vec<_>>>()?;
        (!columns.is_empty()).then_some(RoleChoice {
            columns,
            decimal_comma,
        })
    }
}

/// Which header cells read as periods: the columns that can be period columns.
pub fn period_headers(header: &[String]) -> Vec<bool> {
    header.iter().map(|h| parse_period(h).is_ok()).collect()
}

/// The key a choice is remembered under for files with this header: a hash of
/// [`header_signature`], so the column names themselves are not stored.
pub fn roles_key<S: AsRef<str>>(header: &[S]) -> String {
    // FNV-1a, 64 bits: tiny, stable across builds and platforms, and ample for telling apart
    // the handful of layouts one user has.
    let hash = header_signature(header)
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
    format!("{hash:016x}")
}

/// How a table's columns were settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RolesSource {
    /// Recognised from the header and first rows, with no doubt.
    Detected,
    /// Guessed with doubts and read anyway (no one to ask, or a table too wide to ask about).
    Guessed,
    /// The user's choice for an earlier file with the same header.
    Remembered,
    /// The user's choice for this file.
    Chosen,
}

/// How many data rows the page is shown.
pub const PREVIEW_ROWS: usize = 10;
/// Longest cell or column name shown, in characters; longer ones are cut with `…`.
pub const PREVIEW_CELL_CHARS: usize = 60;
/// Wider tables are not offered for the user to describe (a select per column would be
/// unusable, and a header that wide is rarely a table of figures).
pub const MAX_DESCRIBED_COLUMNS: usize = 200;

/// What the page needs to ask which column is which, or to offer to change it: the header,
/// the first rows (bounded, as written — text to show, never markup), a choice (the guess, or
/// the one used) and the reasons for doubt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TablePreview {
    pub file: String,
    /// Column names as written, cut to [`PREVIEW_CELL_CHARS`].
    pub header: Vec<String>,
    /// Up to [`PREVIEW_ROWS`] data rows, each as wide as the header, cells cut short.
    pub rows: Vec<Vec<String>>,
    /// Whether each header cell reads as a period (so can be a period column).
    pub period_headers: Vec<bool>,
    pub choice: RoleChoice,
    /// Why the reader was unsure; empty when it was not.
    pub reasons: Vec<String>,
    /// [`roles_key`] of the header.
    pub key: String,
}

impl TablePreview {
    /// `None` for a header too wide to describe column by column.
    pub fn new(
        file: &str,
        header: &[String],
        sample: &[Vec<String>],
        choice: RoleChoice,
        reasons: Vec<String>,
    ) -> Option<TablePreview> {
        if header.len() > MAX_DESCRIBED_COLUMNS || choice.columns.len() != header.len() {
            return None;
        }
        let rows = sample
            .iter()
            .filter(|row| row.iter().any(|cell| !cell.trim().is_empty()))
            .take(PREVIEW_ROWS)
            .map(|row| {
                (0..header.len())
                    .map(|c| shorten(row.get(c).map_or("", String::as_str)))
                    .collect()
            })
            .collect();
        Some(TablePreview {
            file: file.to_owned(),
            header: header.iter().map(|h| shorten(h)).collect(),
            rows,
            period_headers: period_headers(header),
            choice,
            reasons,
            key: roles_key(header),
        })
    }
}

fn shorten(text: &str) -> String {
    let text = text.trim().trim_start_matches('\u{feff}');
    match text.char_indices().nth(PREVIEW_CELL_CHARS) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or_default()),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use ColumnRole::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn a_choice_is_stored_as_roles_by_position_only() {
        let choice = RoleChoice {
            columns: vec![
                Period,
                AreaName,
                AreaCode,
                Category,
                Value,
                Ignore,
                PeriodColumn,
            ],
            decimal_comma: true,
        };
        assert_eq!(choice.encode(), "1:pnkcv-w;dc");
        assert_eq!(RoleChoice::decode(&choice.encode()), Some(choice));
        for bad in ["", "1:", "2:pv", "1:px", "pv", "1:pv;dc;dc"] {
            assert_eq!(RoleChoice::decode(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_key_is_a_hash_of_the_signature() {
        let key = roles_key(&["Date", "Ward", "Crimes"]);
        assert_eq!(key.len(), 16);
        assert!(key.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(key, roles_key(&[" DATE ", "ward", "Crimes [note 1]"]));
        assert_ne!(key, roles_key(&["Ward", "Date", "Crimes"]));
        assert!(!key.contains("ward"));
    }

    #[test]
    fn problems_are_said_the_way_the_page_shows_them() {
        let wide = [false, true, true, false];
        let ask = |columns: Vec<ColumnRole>| {
            RoleChoice {
                columns,
                decimal_comma: false,
            }
            .problems(&wide)
        };
        let messages = |p: Vec<ChoiceProblem>| -> Vec<(Option<usize>, String)> {
            p.into_iter().map(|p| (p.column, p.message)).collect()
        };
        assert!(ask(vec![AreaName, PeriodColumn, PeriodColumn, Ignore]).is_empty());
        assert!(ask(vec![Period, Value, Value, AreaName]).is_empty());
        let none = messages(ask(vec![AreaName, Ignore, Ignore, Category]));
        assert!(none[0].1.starts_with("Choose one column as the period"));
        assert_eq!(
            none[1].1,
            "Choose at least one column as the value (the figures)"
        );
        let two = messages(ask(vec![Period, Period, Value, Ignore]));
        assert_eq!(
            two,
            [(Some(1), "Choose only one column as the period".to_owned())]
        );
        let mixed = messages(ask(vec![Period, PeriodColumn, Value, AreaName]));
        assert_eq!(mixed.len(), 2, "{mixed:?}");
        assert_eq!(mixed[0].0, Some(0));
        assert_eq!(mixed[1].0, Some(2));
        let not_period = messages(ask(vec![PeriodColumn, PeriodColumn, Ignore, AreaName]));
        assert_eq!(not_period[0].0, Some(0));
        assert!(not_period[0].1.contains("not headed by a period"));
        let areas = messages(ask(vec![AreaName, PeriodColumn, PeriodColumn, AreaName]));
        assert_eq!(
            areas,
            [(Some(3), "Choose only one column as the area".to_owned())]
        );
        assert_eq!(ask(vec![Period]).len(), 1);
    }

    #[test]
    fn a_choice_becomes_roles_and_back() {
        let h = header(&["Yr", "Ward", "Crimes", "Notes"]);
        let sample = vec![header(&["2010-11", "Hale", "1", ""])];
        let choice = RoleChoice {
            columns: vec![Period, AreaName, Value, Ignore],
            decimal_comma: false,
        };
        let roles = choice.roles(&h, &sample).unwrap();
        assert_eq!(roles.area_name, Some(1));
        assert!(matches!(
            roles.layout,
            Layout::Tidy { period: 0, ref values, period_kind: Some(_) } if values == &[2]
        ));
        assert_eq!(RoleChoice::from_roles(&roles), choice);

        let h = header(&["Area", "2019", "2020", "Total"]);
        let choice = RoleChoice {
            columns: vec![AreaCode, PeriodColumn, PeriodColumn, Ignore],
            decimal_comma: true,
        };
        let roles = choice.roles(&h, &[]).unwrap();
        assert_eq!(RoleChoice::from_roles(&roles), choice);
        let wrong = RoleChoice {
            columns: vec![AreaCode, PeriodColumn, PeriodColumn, PeriodColumn],
            decimal_comma: false,
        };
        assert_eq!(wrong.roles(&h, &[]).unwrap_err()[0].column, Some(3));
    }

    #[test]
    fn the_preview_is_bounded_and_as_wide_as_the_header() {
        let h = header(&["a", "b"]);
        let long = "x".repeat(500);
        let sample: Vec<Vec<String>> = (0..30)
            .map(|i| vec![i.to_string(), long.clone(), "extra".to_owned()])
            .collect();
        let preview =
            TablePreview::new("f.csv", &h, &sample, RoleChoice::ignore_all(2), vec![]).unwrap();
        assert_eq!(preview.rows.len(), PREVIEW_ROWS);
        assert!(preview.rows.iter().all(|r| r.len() == 2));
        assert_eq!(preview.rows[0][1].chars().count(), PREVIEW_CELL_CHARS + 1);
        let wide = vec!["c".to_owned(); MAX_DESCRIBED_COLUMNS + 1];
        let choice = RoleChoice::ignore_all(wide.len());
        assert!(TablePreview::new("f.csv", &wide, &[], choice, vec![]).is_none());
    }
}
