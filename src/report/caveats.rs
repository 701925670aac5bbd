//! What a board must know before reading the figures: definition changes, where police.uk puts
//! a crime and which rows were dropped as duplicates, small numbers, suppressed figures, and
//! months or periods the files do not cover. Each caveat is said only when it applies.

use std::collections::BTreeMap;

use crate::charts::thousands;
use crate::dashboard::ChosenWindows;
use crate::dashboard::overview::OverviewRow;
use crate::model::{Content, CountTable, Dataset, PeriodTable};
use crate::stats::narrative::SMALL_NUMBER;
use crate::stats::two_period::Change;

/// The caveats, each one sentence or two, in the order a reader needs them.
pub fn caveats(
    dataset: &Dataset,
    table: &CountTable,
    periods: &PeriodTable,
    rows: &[OverviewRow],
    chosen: &ChosenWindows,
) -> Vec<String> {
    let mut out = Vec::new();
    if !chosen.problems.is_empty() {
        out.push(format!(
            "The custom comparison chosen on the dashboard could not be used ({}), so the \
             report uses the best comparison the data supports: {}.",
            chosen
                .problems
                .iter()
                .map(|p| p.message.trim_end_matches('.'))
                .collect::<Vec<_>>()
                .join("; "),
            chosen.windows.title()
        ));
    }
    out.extend(table.notes.iter().map(|n| n.text.clone()));
    let missing: Vec<String> = table.missing_months().map(|m| m.label()).collect();
    if !missing.is_empty() {
        out.push(format!(
            "No file covers {}: {} gaps in the charts and tables, not zeros, and a comparison \
             that needs {} is not calculated.",
            missing.join(", "),
            if missing.len() == 1 {
                "it is a"
            } else {
                "they are"
            },
            if missing.len() == 1 { "it" } else { "them" }
        ));
    }
    let partial: Vec<String> = periods
        .rows
        .iter()
        // A period with no month at all is a missing month, said above.
        .filter(|r| !r.is_complete() && r.months_with_data > 0)
        .map(|r| format!("{} ({})", r.period.label(), r.coverage()))
        .collect();
    if !partial.is_empty() {
        out.push(format!(
            "Only partly covered by the files, so left out of the charts and the latest value: \
             {}.",
            partial.join(", ")
        ));
    }
    let small: Vec<&str> = rows
        .iter()
        .filter(|r| {
            r.headline.comparison.as_ref().is_ok_and(|c| {
                c.current_total.min(c.baseline_total) < SMALL_NUMBER && c.change != Change::NoEvents
            })
        })
        .map(|r| r.headline.category.as_str())
        .collect();
    if !small.is_empty() {
        out.push(format!(
            "Small numbers (fewer than {SMALL_NUMBER} in a period compared): {}. A change in so \
             few events says more about chance than about crime; treat it with caution.",
            small.join(", ")
        ));
    }
    if dataset.files().iter().any(|f| f.street().is_some()) {
        out.push(
            "police.uk places each crime at an anonymised map point (the middle of a nearby \
             street or a public place) and gives the area from that point, so counts for an \
             area are for the points in it, not exact locations."
                .to_owned(),
        );
    }
    let (in_file, superseded) = dataset
        .accounts()
        .iter()
        .fold((0, 0), |(i, s), a| (i + a.in_file, s + a.superseded));
    if in_file + superseded > 0 {
        out.push(format!(
            "{} row{} dropped as duplicates and counted once: {} repeat{} a Crime ID already \
             counted in its file, and {} {} in a month and force a later publication also \
             holds, which is used instead.",
            thousands(in_file + superseded),
            if in_file + superseded == 1 {
                " was"
            } else {
                "s were"
            },
            thousands(in_file),
            if in_file == 1 { "s" } else { "" },
            thousands(superseded),
            if superseded == 1 { "is" } else { "are" },
        ));
    }
    let suppressed = missing_figures(dataset);
    if !suppressed.is_empty() {
        out.push(format!(
            "Figures the publishers withheld or left blank are missing, never zero: {}.",
            suppressed
                .iter()
                .map(|(why, n)| format!("{} {why}", thousands(*n)))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    out
}

/// How many figures in the loaded tables are missing, by reason.
fn missing_figures(dataset: &Dataset) -> BTreeMap<&'static str, u64> {
    let mut by_reason = BTreeMap::new();
    for file in dataset.files() {
        if let Content::Series(set) = &file.content {
            for (_, figures) in set.series() {
                for figure in figures.values() {
                    if let Some(reason) = figure.missing {
                        *by_reason.entry(reason.description()).or_insert(0) += 1;
                    }
                }
            }
        }
    }
    by_reason
}
