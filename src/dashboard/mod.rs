//! What the dashboard's views show, worked out from the loaded counts and the view state: the
//! overview's rows and their order, and one measure's detail. The page only displays these.

pub mod detail;
pub mod hotspots;
pub mod indicators;
pub mod overview;
pub mod rates;

use crate::model::{CountTable, Month};
use crate::stats::custom_comparison::{CustomInput, FieldProblem, check_custom};
use crate::stats::headline::{Windows, default_comparison};
use crate::view_state::Compare;

/// The windows the headlines compare, and what is wrong with a custom choice that cannot be
/// used (the headlines then use the best comparison the data supports, and say which).
#[derive(Debug, Clone, PartialEq)]
pub struct ChosenWindows {
    pub windows: Windows,
    pub problems: Vec<FieldProblem>,
}

pub fn windows_for(compare: Compare, months: &CountTable) -> ChosenWindows {
    let fallback = Windows::Relative(default_comparison(months));
    match compare {
        Compare::Auto => ChosenWindows {
            windows: fallback,
            problems: Vec::new(),
        },
        Compare::Kind(kind) => ChosenWindows {
            windows: Windows::Relative(kind),
            problems: Vec::new(),
        },
        Compare::Custom { current, baseline } => {
            let input = CustomInput {
                current_from: Some(current.first),
                current_to: Some(current.last),
                baseline_from: Some(baseline.first),
                baseline_to: Some(baseline.last),
            };
            match check_custom(&input, loaded_months(months)) {
                Ok((current, baseline)) => ChosenWindows {
                    windows: Windows::Chosen { current, baseline },
                    problems: Vec::new(),
                },
                Err(problems) => ChosenWindows {
                    windows: fallback,
                    problems,
                },
            }
        }
    }
}

/// The first and last month the counts cover.
pub fn loaded_months(months: &CountTable) -> Option<(Month, Month)> {
    Some((months.rows.first()?.month, months.rows.last()?.month))
}
