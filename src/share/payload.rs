//! The published payload (`safer-trends-published-v1`): the merged street counts by month,
//! force, area and crime type, and what they came from — never a row, a Crime ID or a
//! location. The same value is the published file, the link with data and what "Remember on
//! this computer" stores, so all three are tested here, natively. The format is described
//! for people in `docs/PUBLISHING.md`.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Number;

use super::ShareError;
use crate::model::street::StreetCountsBuilder;
use crate::model::{Content, Dataset, Format, LoadedFile, Month, ReadDetails, RowAccount};

/// The `format` field: names the schema and its version in one string, so a file from a later,
/// incompatible version is told apart from a damaged one.
pub const FORMAT: &str = "safer-trends-published-v1";
const FORMAT_PREFIX: &str = "safer-trends-published-v";
/// Cells counting fewer than this are small numbers (flagged, and optionally suppressed).
pub const SMALL_NUMBER: u64 = 5;
/// Why a suppressed cell is missing, as written in the file.
pub const SUPPRESSED: &str = "suppressed: fewer than 5";

// Bounds that keep reading a hostile file cheap. A year of every force in England and Wales is
// about 400,000 cells; a CSP's few years are a few thousand.
const MAX_CELLS: usize = 1_000_000;
const MAX_NAMES: usize = 20_000;
const MAX_NAME_CHARS: usize = 300;
const MAX_FILES: usize = 10_000;
/// Counts above this cannot be held exactly by a JavaScript number; no real count comes near.
const MAX_COUNT: u64 = 1 << 53;

/// What a published file holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Payload {
    /// Always [`FORMAT`] for this version.
    pub format: String,
    /// When it was published (or remembered): an ISO date, `YYYY-MM-DD`.
    pub published: String,
    pub source: Source,
    pub coverage: Coverage,
    pub suppression: Suppression,
    pub forces: Vec<String>,
    pub areas: Vec<String>,
    pub crime_types: Vec<String>,
    /// Every month each force's files hold: those months are known (zero where no cell says
    /// otherwise); other months are missing.
    pub held: Vec<Held>,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Who published the records (police.uk's "Reported by").
    pub publishers: Vec<String>,
    pub files: Vec<SourceFile>,
}

/// One file the figures were read from, as the load summary describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceFile {
    pub name: String,
    /// The kind of file, in words ("police.uk street-level crime file").
    pub kind: String,
    /// What it covers, in words ("Jan 2023 to Dec 2023; 14 categories, 3 areas").
    pub coverage: String,
    /// Where its rows went. Left out when cells are suppressed: the rows used, less the
    /// cells published, would give the suppressed cells' total back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<RowAccount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub first_month: String,
    pub last_month: String,
    /// Months between the first and last that no file holds.
    pub missing_months: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    /// Cells counting 1 to `threshold - 1` are small numbers.
    pub threshold: u64,
    /// Whether they were withheld.
    pub applied: bool,
    /// How many cells are small numbers (withheld or not).
    pub small_cells: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Held {
    pub month: String,
    /// Index into `forces`.
    pub force: u32,
}

/// One count: month × force × area × crime type. `count` is `null` when withheld, and then
/// `missing` says why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub month: String,
    pub force: u32,
    pub area: u32,
    #[serde(rename = "type")]
    pub crime_type: u32,
    pub count: Option<Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
}

impl Cell {
    /// The count when published, read as a whole number.
    pub fn value(&self) -> Option<u64> {
        self.count.as_ref().and_then(Number::as_u64)
    }
}

/// Small-number cells of one area and crime type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmallCells {
    pub area: String,
    pub crime_type: String,
    pub months: Vec<Month>,
}

impl Payload {
    /// The payload of what `dataset` holds: its street files' counts after merging, for every
    /// area. `published` is today's ISO date. With `suppress`, cells under
    /// [`SMALL_NUMBER`] are written as missing, with the reason, and the files' row accounts
    /// are left out.
    pub fn from_dataset(dataset: &Dataset, published: &str, suppress: bool) -> Payload {
        let merged = dataset.merged_cells();
        let coverage = dataset.merged_coverage();
        let mut forces = Names::default();
        let mut areas = Names::default();
        let mut types = Names::default();
        // Names in a stable, readable order, whatever order files came in.
        for (_, force) in &coverage {
            forces.insert(force);
        }
        for (_, force, area, crime_type, _) in &merged {
            forces.insert(force);
            areas.insert(area);
            types.insert(crime_type);
        }
        let small_cells = merged.iter().filter(|(.., n)| is_small(*n)).count() as u64;
        let cells = merged
            .iter()
            .map(|(month, force, area, crime_type, n)| {
                let withheld = suppress && is_small(*n);
                Cell {
                    month: month.iso(),
                    force: forces.number(force),
                    area: areas.number(area),
                    crime_type: types.number(crime_type),
                    count: (!withheld).then(|| Number::from(*n)),
                    missing: withheld.then(|| SUPPRESSED.to_owned()),
                }
            })
            .collect();
        let held = coverage
            .iter()
            .map(|(month, force)| Held {
                month: month.iso(),
                force: forces.number(force),
            })
            .collect();
        let months: BTreeSet<Month> = coverage.iter().map(|(m, _)| *m).collect();
        let (first, last) = (months.first().copied(), months.last().copied());
        let missing_months = match (first, last) {
            (Some(first), Some(last)) => first
                .through(last)
                .filter(|m| !months.contains(m))
                .map(Month::iso)
                .collect(),
            _ => Vec::new(),
        };
        let files = dataset
            .files()
            .iter()
            .zip(dataset.accounts())
            .map(|(file, account)| SourceFile {
                name: file.name.clone(),
                kind: file.format.to_string(),
                coverage: file.coverage(),
                rows: (!suppress).then_some(account.rows),
            })
            .collect();
        Payload {
            format: FORMAT.to_owned(),
            published: published.to_owned(),
            source: Source {
                publishers: dataset
                    .publishers()
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
                files,
            },
            coverage: Coverage {
                first_month: first.map(Month::iso).unwrap_or_default(),
                last_month: last.map(Month::iso).unwrap_or_default(),
                missing_months,
            },
            suppression: Suppression {
                threshold: SMALL_NUMBER,
                applied: suppress,
                small_cells,
            },
            forces: forces.list,
            areas: areas.list,
            crime_types: types.list,
            held,
            cells,
        }
    }

    /// The payload as the file's text: compact JSON.
    pub fn to_json(&self) -> String {
        // Serialising strings, numbers and lists cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads and checks a payload. Anything that is not a complete, consistent
    /// `safer-trends-published-v1` is refused with a message saying what is wrong.
    pub fn from_json(text: &str) -> Result<Payload, ShareError> {
        if text.len() > super::MAX_JSON_BYTES {
            return Err(ShareError::TooLarge {
                bytes: text.len(),
                limit: super::MAX_JSON_BYTES,
            });
        }
        // The format first, so a file of a later version says so rather than failing on a
        // field this version does not know. Read into a one-field struct, not a
        // `serde_json::Value`: a second deserializer for the whole payload would add to the
        // page's size.
        #[derive(Deserialize)]
        struct Peek {
            format: Option<String>,
        }
        let peek: Peek = serde_json::from_str(text).map_err(|e| match e.classify() {
            serde_json::error::Category::Data => ShareError::NotPublished,
            _ => ShareError::NotJson(e.to_string()),
        })?;
        let format = peek.format.ok_or(ShareError::NotPublished)?;
        if format != FORMAT {
            return Err(match format.strip_prefix(FORMAT_PREFIX) {
                Some(version) => ShareError::Version(clip(version)),
                None => ShareError::NotPublished,
            });
        }
        let payload: Payload =
            serde_json::from_str(text).map_err(|e| ShareError::Invalid(e.to_string()))?;
        payload.check()?;
        Ok(payload)
    }

    /// Every check a payload from outside must pass before it is shown.
    fn check(&self) -> Result<(), ShareError> {
        let bad = |why: String| Err(ShareError::Invalid(why));
        if !is_iso_date(&self.published) {
            return bad(format!(
                "the publication date \"{}\" is not a date (YYYY-MM-DD)",
                clip(&self.published)
            ));
        }
        if self.cells.len() > MAX_CELLS {
            return bad(format!(
                "it has {} cells; at most {MAX_CELLS} are read",
                self.cells.len()
            ));
        }
        if self.source.files.len() > MAX_FILES {
            return bad(format!(
                "it lists {} files; at most {MAX_FILES}",
                self.source.files.len()
            ));
        }
        for (what, names) in [
            ("forces", &self.forces),
            ("areas", &self.areas),
            ("crime types", &self.crime_types),
            ("publishers", &self.source.publishers),
        ] {
            if names.len() > MAX_NAMES {
                return bad(format!(
                    "it lists {} {what}; at most {MAX_NAMES}",
                    names.len()
                ));
            }
            if let Some(name) = names.iter().find(|n| !is_plain_name(n)) {
                return bad(format!(
                    "a name in {what} (\"{}\") is empty, too long or holds control characters",
                    clip(name)
                ));
            }
            let distinct: BTreeSet<&String> = names.iter().collect();
            if distinct.len() != names.len() {
                return bad(format!("a name in {what} is listed twice"));
            }
        }
        if self.suppression.threshold != SMALL_NUMBER {
            return bad(format!(
                "its small-number threshold is {}; this version uses {SMALL_NUMBER}",
                self.suppression.threshold
            ));
        }
        let month = |text: &str, place: &str| {
            Month::parse_iso(text).map_err(|_| {
                ShareError::Invalid(format!(
                    "{place}: \"{}\" is not a month (YYYY-MM)",
                    clip(text)
                ))
            })
        };
        let mut held = BTreeSet::new();
        for (i, h) in self.held.iter().enumerate() {
            let m = month(&h.month, &format!("held month {}", i + 1))?;
            if index_ok(h.force, &self.forces).is_none() {
                return bad(format!(
                    "held month {} names force {}, which is not listed",
                    i + 1,
                    h.force
                ));
            }
            held.insert((m, h.force));
        }
        let mut seen = BTreeSet::new();
        let mut total: u64 = 0;
        for (i, cell) in self.cells.iter().enumerate() {
            let place = format!("cell {}", i + 1);
            let m = month(&cell.month, &place)?;
            for (index, list, what) in [
                (cell.force, &self.forces, "force"),
                (cell.area, &self.areas, "area"),
                (cell.crime_type, &self.crime_types, "crime type"),
            ] {
                if index_ok(index, list).is_none() {
                    return bad(format!("{place} names {what} {index}, which is not listed"));
                }
            }
            if !held.contains(&(m, cell.force)) {
                return bad(format!(
                    "{place} counts {} for a force whose files do not hold it",
                    cell.month
                ));
            }
            if !seen.insert((m, cell.force, cell.area, cell.crime_type)) {
                return bad(format!("{place} repeats an earlier cell"));
            }
            match (&cell.count, &cell.missing) {
                (Some(n), None) => {
                    let count = check_count(n)
                        .map_err(|why| ShareError::Invalid(format!("{place}: {why}")))?;
                    total = total
                        .checked_add(count)
                        .filter(|t| *t <= MAX_COUNT)
                        .ok_or_else(|| {
                            ShareError::Invalid(
                                "its counts add up to more than can be held".to_owned(),
                            )
                        })?;
                }
                (None, Some(reason)) if is_plain_name(reason) => {}
                (None, _) => return bad(format!("{place} has no count and no reason why")),
                (Some(_), Some(_)) => {
                    return bad(format!(
                        "{place} has both a count and a reason it is missing"
                    ));
                }
            }
        }
        for file in &self.source.files {
            if !is_plain_name(&file.name) || file.kind.chars().count() > MAX_NAME_CHARS * 4 {
                return bad("a source file's name or kind is empty or too long".to_owned());
            }
        }
        Ok(())
    }

    /// The small-number cells, by area and crime type, in the payload's order.
    pub fn small_cells(&self) -> Vec<SmallCells> {
        let mut groups: BTreeMap<(u32, u32), Vec<Month>> = BTreeMap::new();
        for cell in &self.cells {
            let small = match (cell.value(), &cell.missing) {
                (Some(n), _) => is_small(n),
                (None, Some(reason)) => reason == SUPPRESSED,
                _ => false,
            };
            if small && let Ok(month) = Month::parse_iso(&cell.month) {
                groups
                    .entry((cell.area, cell.crime_type))
                    .or_default()
                    .push(month);
            }
        }
        groups
            .into_iter()
            .map(|((area, crime_type), mut months)| {
                months.sort();
                SmallCells {
                    area: name(&self.areas, area),
                    crime_type: name(&self.crime_types, crime_type),
                    months,
                }
            })
            .collect()
    }

    /// Cells written as missing (withheld), whatever the reason.
    pub fn withheld(&self) -> usize {
        self.cells.iter().filter(|c| c.count.is_none()).count()
    }

    /// The dataset the dashboard shows: one table, named `title`, holding the published cells.
    /// Withheld cells are left out (the page says so); their months stay covered.
    pub fn to_dataset(&self, title: &str) -> Dataset {
        let mut counts = StreetCountsBuilder::default();
        let mut rows: u64 = 0;
        for held in &self.held {
            if let Ok(month) = Month::parse_iso(&held.month) {
                let _ = counts.cover(month, &name(&self.forces, held.force));
            }
        }
        for cell in &self.cells {
            let (Ok(month), Some(n)) = (Month::parse_iso(&cell.month), cell.value()) else {
                continue;
            };
            let added = counts.add_without_id(
                month,
                &name(&self.forces, cell.force),
                &name(&self.areas, cell.area),
                &name(&self.crime_types, cell.crime_type),
                n,
            );
            if added.is_ok() {
                rows = rows.saturating_add(n);
            }
        }
        let mut dataset = Dataset::default();
        if self.held.is_empty() {
            return dataset;
        }
        dataset.add(LoadedFile {
            name: title.to_owned(),
            format: Format::PoliceStreet,
            content: Content::Street(Box::new(counts.finish())),
            rows: RowAccount {
                read: rows,
                used: rows,
                ..RowAccount::default()
            },
            rejects: Vec::new(),
            publishers: self.source.publishers.iter().cloned().collect(),
            details: ReadDetails {
                encoding: "UTF-8 (Safer Trends published data)".to_owned(),
                delimiter: ',',
                title_rows: 0,
                header_line: 1,
            },
            // Older than any file the user loads next: a newer publication of a month
            // replaces these counts rather than adding to them.
            modified_ms: None,
        });
        dataset
    }

    /// Puts back the files a remembered table came from: the table restored from storage is
    /// one file named `name`, and remembering it again should keep the original load report.
    pub fn with_earlier_sources(mut self, name: &str, earlier: &[SourceFile]) -> Payload {
        if let Some(place) = self.source.files.iter().position(|f| f.name == name) {
            self.source
                .files
                .splice(place..=place, earlier.iter().cloned());
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.held.is_empty()
    }
}

fn is_small(n: u64) -> bool {
    n > 0 && n < SMALL_NUMBER
}

fn check_count(n: &Number) -> Result<u64, String> {
    if let Some(count) = n.as_u64() {
        return if count > MAX_COUNT {
            Err(format!("the count {count} is too large"))
        } else {
            Ok(count)
        };
    }
    match n.as_f64() {
        Some(x) if !x.is_finite() => Err("a count is not a finite number".to_owned()),
        Some(x) if x < 0.0 => Err(format!("the count {n} is negative")),
        _ => Err(format!("the count {n} is not a whole number")),
    }
}

fn index_ok(index: u32, list: &[String]) -> Option<&String> {
    usize::try_from(index).ok().and_then(|i| list.get(i))
}

fn name(list: &[String], index: u32) -> String {
    index_ok(index, list).cloned().unwrap_or_default()
}

fn is_plain_name(text: &str) -> bool {
    !text.trim().is_empty()
        && text.chars().count() <= MAX_NAME_CHARS
        && !text.chars().any(char::is_control)
}

fn is_iso_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && text.get(..7).is_some_and(|m| Month::parse_iso(m).is_ok())
        && text
            .get(8..)
            .and_then(|d| d.parse::<u8>().ok())
            .is_some_and(|d| (1..=31).contains(&d))
}

/// A piece of untrusted text short enough to quote in a message.
fn clip(text: &str) -> String {
    let mut out: String = text.chars().filter(|c| !c.is_control()).take(40).collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// Names in first-seen order, each numbered once.
#[derive(Default)]
struct Names {
    list: Vec<String>,
    numbers: BTreeMap<String, u32>,
}

impl Names {
    fn insert(&mut self, name: &str) {
        if !self.numbers.contains_key(name) {
            let number = u32::try_from(self.list.len()).unwrap_or(u32::MAX);
            self.numbers.insert(name.to_owned(), number);
            self.list.push(name.to_owned());
        }
    }

    fn number(&self, name: &str) -> u32 {
        self.numbers.get(name).copied().unwrap_or(u32::MAX)
    }
}
