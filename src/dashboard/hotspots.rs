//! The Hotspots query: where the crimes of one area, crime type and run of months were, read
//! again from the street files the user loaded.
//!
//! The count table keeps no locations (a 2 GB file would not fit), so a Hotspots view asks
//! the worker to read the files once more, filtered, and keep only what the map and the LSOA
//! table show: each distinct snap point with its crimes, and crimes by LSOA. police.uk has a
//! few hundred thousand snap points in all of England and Wales and about 35,000 LSOAs, so
//! the answer is bounded by the map, not by the file.
//!
//! Rows are counted exactly as the table counts them (`model::street_merge`), so the map and
//! the table reconcile: files are read latest publication first; within a file, the street
//! reader itself decides what is a row and what is a repeat of a Crime ID; across files, a
//! Crime ID of a month and force that several files hold counts once, as the latest file has
//! it, and rows without an ID count only from the latest file holding that month and force.
//! Crime IDs are remembered only for the months and forces more than one file holds (the
//! page knows which), and only for the months asked about.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Seek};
use std::rc::Rc;

use csv::StringRecord;
use serde::{Deserialize, Serialize};

use crate::charts::LsoaCount;
use crate::dashboard::loaded_months;
use crate::ingest::archive::read_zip_by;
use crate::ingest::format::{HeaderIndex, ReaderOutput, RecordReader, RowProblem, RowUse, field};
use crate::ingest::formats::police_street;
use crate::ingest::{FileError, ReadOutcome, ReadProgress, read_buffered_by};
use crate::model::areas::area_of_lsoa_name;
use crate::model::crime_ids::crime_id_hash;
use crate::model::street::FORCE_NOT_STATED;
use crate::model::{CountTable, Dataset, Format, Month};
use crate::stats::headline::Windows;
use crate::stats::period_change::Window;

/// What the map is asked to show. Months are written `YYYY-MM` so the query crosses to the
/// worker as plain text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct HotspotQuery {
    /// A local authority (or "No location"); `None` for all areas.
    pub area: Option<String>,
    /// Crime types as published; `None` for all of them.
    pub crime_types: Option<BTreeSet<String>>,
    /// The first and last month, both included.
    pub first: String,
    pub last: String,
    /// The (month, force) pairs more than one loaded file holds: only their Crime IDs need
    /// remembering from one file to the next.
    pub shared: Vec<(String, String)>,
}

impl HotspotQuery {
    /// The query for an area, crime types and months, with the months and forces the
    /// dataset's files share.
    pub fn new(
        dataset: &Dataset,
        area: Option<String>,
        crime_types: Option<BTreeSet<String>>,
        (first, last): (Month, Month),
    ) -> HotspotQuery {
        let shared = dataset
            .overlaps()
            .iter()
            .filter(|o| (first..=last).contains(&o.month))
            .map(|o| (o.month.iso(), o.force.clone()))
            .collect();
        HotspotQuery {
            area,
            crime_types,
            first: first.iso(),
            last: last.iso(),
            shared,
        }
    }

    fn months(&self) -> Option<(Month, Month)> {
        Some((
            Month::parse_iso(&self.first).ok()?,
            Month::parse_iso(&self.last).ok()?,
        ))
    }
}

/// What the map and the LSOA table need, and nothing of the rows.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct HotspotCounts {
    /// Each distinct location (longitude, latitude) with its crimes, west to east.
    pub points: Vec<(f64, f64, u64)>,
    /// Crimes police.uk gives no usable location: counted, not on the map.
    pub no_location: u64,
    /// Crimes by LSOA (code and name as published), in code order.
    pub lsoas: Vec<LsoaCount>,
    /// Every crime counted: the points' crimes plus `no_location`.
    pub crimes: u64,
}

/// The crime types the table shows under `measure`: the name itself and, when the table
/// shows renamed types as one series (so the old name is not among its categories), the old
/// names counted under it. `None` (all crime types) for no measure.
pub fn crime_types_for(
    measure: Option<&str>,
    table_categories: &[String],
    dataset_categories: &BTreeSet<String>,
) -> Option<BTreeSet<String>> {
    let measure = measure?;
    Some(
        dataset_categories
            .iter()
            .filter(|c| {
                c.as_str() == measure
                    || (crate::model::crime_types::comparable_name(c) == measure
                        && !table_categories.contains(c))
            })
            .cloned()
            .collect(),
    )
}

/// Which run of months the map shows: the comparison's current window (the default), the
/// window it is compared with, or every month loaded. The filters already choose the first
/// two, so the map offers them rather than months of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MapSpan {
    #[default]
    Current,
    Baseline,
    All,
}

/// The first and last month the map shows for `span`, with the words for them. With no
/// comparison to be had (too few months), every span is every month loaded, said so.
pub fn map_months(
    table: &CountTable,
    windows: Windows,
    span: MapSpan,
) -> Option<((Month, Month), String)> {
    let comparison = windows.compare(&table.totals()).ok();
    let window = comparison.and_then(|c| match span {
        MapSpan::Current => Some(c.current_window),
        MapSpan::Baseline => Some(c.baseline_window),
        MapSpan::All => None,
    });
    match window {
        Some(w) => Some(((w.first, w.last), w.label())),
        None => loaded_months(table).map(|(first, last)| {
            let label = Window { first, last }.label();
            ((first, last), format!("{label} (all months loaded)"))
        }),
    }
}

/// The running tally, across files.
#[derive(Debug, Default)]
struct Tally {
    points: HashMap<(u64, u64), u64>,
    no_location: u64,
    lsoas: HashMap<(String, String), u64>,
    crimes: u64,
    /// The source each (month, force) was first seen in: reading latest first, the latest
    /// publication holding it, whose rows without an ID are the ones that count.
    holder: HashMap<(Month, String), usize>,
    /// Crime IDs (hashed) already counted, for the shared months and forces.
    claimed: HashMap<(Month, String), HashSet<u64>>,
}

/// One pass over the files, latest publication first: [`HotspotRun::read_csv`] or
/// [`HotspotRun::read_zip_entry`] for each, then [`HotspotRun::finish`].
pub struct HotspotRun {
    query: HotspotQuery,
    months: Option<(Month, Month)>,
    shared: HashSet<(Month, String)>,
    tally: Rc<RefCell<Tally>>,
    source: usize,
}

impl HotspotRun {
    pub fn new(query: HotspotQuery) -> HotspotRun {
        let months = query.months();
        let shared = query
            .shared
            .iter()
            .filter_map(|(m, f)| Some((Month::parse_iso(m).ok()?, f.clone())))
            .collect();
        HotspotRun {
            query,
            months,
            shared,
            tally: Rc::default(),
            source: 0,
        }
    }

    /// The reader for one source, if its header is a street file's.
    fn reader(
        &self,
        source: usize,
    ) -> impl FnMut(&HeaderIndex) -> Option<Box<dyn RecordReader>> + use<> {
        let (query, months, shared, tally) = (
            self.query.clone(),
            self.months,
            self.shared.clone(),
            self.tally.clone(),
        );
        move |header: &HeaderIndex| {
            let street = police_street::recognise(header)?;
            Some(Box::new(Collector {
                street,
                month: header.find(&["Month"])?,
                falls_within: header.find(&["Falls within"])?,
                crime_type: header.find(&["Crime type"])?,
                crime_id: header.find(&["Crime ID"]),
                lsoa_code: header.find(&["LSOA code"]),
                lsoa_name: header.find(&["LSOA name"]),
                longitude: header.find(&["Longitude"]),
                latitude: header.find(&["Latitude"]),
                query: query.clone(),
                months,
                shared: shared.clone(),
                tally: tally.clone(),
                source,
            }))
        }
    }

    /// Reads one CSV file (the next source, in publication order latest first).
    pub fn read_csv(
        &mut self,
        name: &str,
        source: impl BufRead,
        progress: &mut dyn FnMut(ReadProgress),
    ) -> Result<(), FileError> {
        let mut make = self.reader(self.source);
        self.source += 1;
        read_buffered_by(name, source, &mut make, progress).map(drop)
    }

    /// Reads the entry of a zip archive that was loaded as `entry` (its name as the page
    /// shows it: `archive › path`); the archive's other entries are left unread.
    pub fn read_zip_entry(
        &mut self,
        name: &str,
        source: impl Read + Seek,
        entry: &str,
        progress: &mut dyn FnMut(ReadProgress),
    ) -> Result<(), FileError> {
        let mut make = self.reader(self.source);
        self.source += 1;
        let mut found = None;
        let mut report = |_: &str, p: ReadProgress| progress(p);
        read_zip_by(
            name,
            source,
            None,
            &mut report,
            &mut |shown, _, bytes, report| {
                if shown != entry {
                    return Err(FileError {
                        file: shown.to_owned(),
                        problem: crate::ingest::FileProblem::Refused("not asked for".to_owned()),
                    });
                }
                let read = read_buffered_by(shown, BufReader::new(bytes), &mut make, report);
                found = Some(read.as_ref().map(|_| ()).map_err(Clone::clone));
                read.map(|file| ReadOutcome::Loaded { file, roles: None })
            },
        )?;
        found.unwrap_or_else(|| {
            Err(FileError {
                file: entry.to_owned(),
                problem: crate::ingest::FileProblem::Unreadable(
                    "the archive no longer holds this file; load it again".to_owned(),
                ),
            })
        })
    }

    pub fn finish(self) -> HotspotCounts {
        let tally = self.tally.take();
        let mut points: Vec<(f64, f64, u64)> = tally
            .points
            .into_iter()
            .map(|((lon, lat), n)| (f64::from_bits(lon), f64::from_bits(lat), n))
            .collect();
        points.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut lsoas: Vec<LsoaCount> = tally
            .lsoas
            .into_iter()
            .map(|((code, name), count)| LsoaCount { code, name, count })
            .collect();
        lsoas.sort_by(|a, b| a.code.cmp(&b.code).then(a.name.cmp(&b.name)));
        HotspotCounts {
            points,
            no_location: tally.no_location,
            lsoas,
            crimes: tally.crimes,
        }
    }
}

/// The street reader, which decides as the table does which rows count within the file,
/// followed by the Hotspots filter and the merge across files.
struct Collector {
    street: Box<dyn RecordReader>,
    month: usize,
    falls_within: usize,
    crime_type: usize,
    crime_id: Option<usize>,
    lsoa_code: Option<usize>,
    lsoa_name: Option<usize>,
    longitude: Option<usize>,
    latitude: Option<usize>,
    query: HotspotQuery,
    months: Option<(Month, Month)>,
    shared: HashSet<(Month, String)>,
    tally: Rc<RefCell<Tally>>,
    source: usize,
}

impl Collector {
    fn count(&self, row: &StringRecord) {
        let Ok(month) = Month::parse_iso(field(row, self.month)) else {
            return;
        };
        if !self
            .months
            .is_some_and(|(first, last)| (first..=last).contains(&month))
        {
            return;
        }
        let force = match field(row, self.falls_within) {
            "" => FORCE_NOT_STATED,
            force => force,
        };
        let key = (month, force.to_owned());
        let mut tally = self.tally.borrow_mut();
        let source = self.source;
        let holder = *tally.holder.entry(key.clone()).or_insert(source);
        let id = self.crime_id.map_or("", |c| field(row, c));
        if id.is_empty() {
            // Rows without an ID are replaced as a whole by the latest file of the month.
            if holder != source {
                return;
            }
        } else if self.shared.contains(&key) {
            // The latest file holding the ID is read first, so a claim is its version.
            if !tally
                .claimed
                .entry(key)
                .or_default()
                .insert(crime_id_hash(id))
            {
                return;
            }
        }
        let lsoa_name = self.lsoa_name.map_or("", |c| field(row, c));
        // The area is a local authority, or one LSOA of it when the Area filter is cut that
        // fine (an LSOA's name is its authority's with a code after it, so the two never
        // meet).
        if self
            .query
            .area
            .as_deref()
            .is_some_and(|a| a != area_of_lsoa_name(lsoa_name) && a != lsoa_name.trim())
        {
            return;
        }
        let crime_type = field(row, self.crime_type);
        if self
            .query
            .crime_types
            .as_ref()
            .is_some_and(|types| !types.contains(crime_type))
        {
            return;
        }
        tally.crimes += 1;
        let coordinate = |column: Option<usize>| {
            column
                .map(|c| field(row, c))
                .and_then(|text| text.parse::<f64>().ok())
                .filter(|v| v.is_finite())
        };
        match (coordinate(self.longitude), coordinate(self.latitude)) {
            (Some(lon), Some(lat)) => {
                *tally
                    .points
                    .entry((lon.to_bits(), lat.to_bits()))
                    .or_default() += 1;
            }
            _ => tally.no_location += 1,
        }
        let code = self.lsoa_code.map_or("", |c| field(row, c));
        if !code.is_empty() || !lsoa_name.is_empty() {
            *tally
                .lsoas
                .entry((code.to_owned(), lsoa_name.to_owned()))
                .or_default() += 1;
        }
    }
}

impl RecordReader for Collector {
    fn format(&self) -> Format {
        Format::PoliceStreet
    }

    fn read_row(&mut self, row: &StringRecord) -> Result<RowUse, RowProblem> {
        let used = self.street.read_row(row)?;
        if used == RowUse::Used {
            self.count(row);
        }
        Ok(used)
    }

    // The file's own counts were kept when it was loaded; only the tally is wanted now.
    fn finish(self: Box<Self>) -> ReaderOutput {
        ReaderOutput {
            content: crate::model::Content::MonthlyCounts(Default::default()),
            sources: BTreeSet::new(),
        }
    }
}

/// The street files of the dataset by name, latest publication first: the order a
/// [`HotspotRun`] reads them in.
pub fn sources_latest_first(dataset: &Dataset) -> Vec<&str> {
    let files = dataset.files();
    dataset
        .publication_order()
        .into_iter()
        .rev()
        .filter_map(|place| files.get(place))
        .filter(|f| f.street().is_some())
        .map(|f| f.name.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use std::collections::BTreeMap;
    use std::io::Cursor;

    use super::*;
    use crate::ingest::read_file;
    use crate::model::TableChoice;

    const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/");
    const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample/");

    fn m(s: &str) -> Month {
        Month::parse_iso(s).unwrap()
    }

    /// A dataset of real files: (path, name it is loaded as, modified time).
    fn dataset(files: &[(String, &str, i64)]) -> Dataset {
        let mut data = Dataset::default();
        for (path, name, ms) in files {
            let bytes = std::fs::read(path).unwrap();
            let mut file = read_file(name, &bytes).unwrap();
            file.modified_ms = Some(*ms);
            data.add(file);
        }
        data
    }

    /// The query run over the dataset's files, latest publication first.
    fn run(data: &Dataset, files: &[(String, &str, i64)], query: HotspotQuery) -> HotspotCounts {
        let mut run = HotspotRun::new(query);
        for name in sources_latest_first(data) {
            let (path, _, _) = files.iter().find(|f| f.1 == name).unwrap();
            let bytes = std::fs::read(path).unwrap();
            run.read_csv(name, Cursor::new(bytes), &mut |_| {}).unwrap();
        }
        run.finish()
    }

    /// What the count table says for the same filters.
    fn table_count(
        data: &Dataset,
        area: Option<&str>,
        measure: Option<&str>,
        months: (Month, Month),
    ) -> u64 {
        let table = data.area_table(&TableChoice {
            area: area.map(str::to_owned),
            lsoa: None,
            combine_renamed: false,
        });
        let column = measure.map(|name| table.categories.iter().position(|c| c == name).unwrap());
        table
            .rows
            .iter()
            .filter(|r| (months.0..=months.1).contains(&r.month))
            .map(|r| match (column, &r.counts) {
                (Some(c), Some(counts)) => counts[c],
                (None, _) => r.total.unwrap_or(0),
                (Some(_), None) => 0,
            })
            .sum()
    }

    fn reconciles(counts: &HotspotCounts) {
        let on_map: u64 = counts.points.iter().map(|p| p.2).sum();
        assert_eq!(on_map + counts.no_location, counts.crimes);
    }

    fn sample_year() -> Vec<(String, &'static str, i64)> {
        crate::SAMPLE_FILES
            .iter()
            .zip(1_700_000_000_000i64..)
            .map(|(name, ms)| (format!("{SAMPLE}{name}"), *name, ms))
            .collect()
    }

    #[test]
    fn the_map_and_the_table_count_the_same_crimes() {
        let files = sample_year();
        let data = dataset(&files);
        let categories: BTreeSet<String> = data
            .counts()
            .categories()
            .into_iter()
            .map(str::to_owned)
            .collect();
        for (area, measure, months) in [
            (None, None, (m("2023-01"), m("2023-12"))),
            (Some("City of London"), None, (m("2023-01"), m("2023-12"))),
            (
                Some("City of London"),
                Some("Theft from the person"),
                (m("2023-07"), m("2023-09")),
            ),
            (None, Some("Shoplifting"), (m("2023-12"), m("2023-12"))),
            (
                Some("Tower Hamlets"),
                Some("Public order"),
                (m("2023-01"), m("2023-12")),
            ),
            (Some("No location"), None, (m("2023-01"), m("2023-12"))),
        ] {
            let types = crime_types_for(measure, &data.table().categories, &categories);
            let query = HotspotQuery::new(&data, area.map(str::to_owned), types, months);
            let counts = run(&data, &files, query);
            assert_eq!(
                counts.crimes,
                table_count(&data, area, measure, months),
                "{area:?} {measure:?}"
            );
            assert!(counts.crimes > 0, "{area:?} {measure:?}");
            reconciles(&counts);
        }
    }

    #[test]
    fn an_area_cut_to_one_lsoa_maps_that_lsoas_crimes() {
        let files = sample_year();
        let data = dataset(&files);
        let months = (m("2023-01"), m("2023-12"));
        let lsoas = data.lsoas("City of London");
        assert!(lsoas.len() > 1);
        for lsoa in lsoas.iter().take(3) {
            let table = data.area_table(&TableChoice {
                area: Some("City of London".to_owned()),
                lsoa: Some(lsoa.clone()),
                combine_renamed: false,
            });
            // The table cut to an LSOA is named by it: what the Hotspots view is given.
            assert_eq!(table.area.as_deref(), Some(lsoa.as_str()));
            let query = HotspotQuery::new(&data, table.area.clone(), None, months);
            let counts = run(&data, &files, query);
            let in_table: u64 = table.rows.iter().filter_map(|r| r.total).sum();
            assert_eq!(counts.crimes, in_table, "{lsoa}");
            assert!(counts.crimes > 0, "{lsoa}");
            assert!(counts.lsoas.iter().all(|l| &l.name == lsoa), "{lsoa}");
            reconciles(&counts);
        }
    }

    /// The LSOA counts, worked out by reading the CSV with nothing of the app but the csv
    /// crate: one file holds each month, so every row with a Crime ID seen for the first time
    /// and every row without one counts.
    #[test]
    fn lsoa_counts_match_a_plain_reading_of_the_file() {
        let files = sample_year();
        let data = dataset(&files);
        let path = &files[5].0;
        let mut expected: BTreeMap<(String, String), u64> = BTreeMap::new();
        let (mut no_location, mut seen) = (0u64, HashSet::new());
        let mut reader = csv::Reader::from_path(path).unwrap();
        for row in reader.records() {
            let row = row.unwrap();
            if row[9].trim() != "Theft from the person" {
                continue;
            }
            if !row[0].is_empty() && !seen.insert(row[0].to_owned()) {
                continue;
            }
            if row[4].is_empty() {
                no_location += 1;
            }
            if !row[7].is_empty() {
                *expected
                    .entry((row[7].to_owned(), row[8].to_owned()))
                    .or_default() += 1;
            }
        }
        let types = Some(BTreeSet::from(["Theft from the person".to_owned()]));
        let query = HotspotQuery::new(&data, None, types, (m("2023-06"), m("2023-06")));
        let counts = run(&data, &files, query);
        let got: BTreeMap<(String, String), u64> = counts
            .lsoas
            .iter()
            .map(|l| ((l.code.clone(), l.name.clone()), l.count))
            .collect();
        assert_eq!(got, expected);
        assert_eq!(counts.no_location, no_location);
    }

    #[test]
    fn a_crime_id_counts_once_as_the_latest_publication_has_it() {
        let older = format!(
            "{DATA}police-street/first-publication-2023-03/2023-01-city-of-london-street.csv"
        );
        let newer = format!("{SAMPLE}2023-01-city-of-london-street.csv");
        let jan = (m("2023-01"), m("2023-01"));
        // Either way round: the file modified later wins.
        for (a, b) in [(10, 20), (20, 10)] {
            let files = vec![
                (older.clone(), "first/2023-01.csv", a),
                (newer.clone(), "latest/2023-01.csv", b),
            ];
            let data = dataset(&files);
            assert_eq!(data.overlaps().len(), 1);
            let query = HotspotQuery::new(&data, None, None, jan);
            assert_eq!(query.shared.len(), 1);
            let counts = run(&data, &files, query);
            assert_eq!(counts.crimes, table_count(&data, None, None, jan));
            reconciles(&counts);
            for measure in ["Anti-social behaviour", "Violence and sexual offences"] {
                let types = Some(BTreeSet::from([measure.to_owned()]));
                let counts = run(&data, &files, HotspotQuery::new(&data, None, types, jan));
                assert_eq!(
                    counts.crimes,
                    table_count(&data, None, Some(measure), jan),
                    "{measure}"
                );
            }
        }
        // Without being told the month is shared, the two publications would be added up.
        let files = vec![
            (older, "first/2023-01.csv", 10),
            (newer, "latest/2023-01.csv", 20),
        ];
        let data = dataset(&files);
        let mut query = HotspotQuery::new(&data, None, None, jan);
        query.shared.clear();
        assert!(run(&data, &files, query).crimes > table_count(&data, None, None, jan));
    }

    #[test]
    fn rows_without_an_id_come_from_the_latest_file_of_their_month_alone() {
        let met = format!("{DATA}police-street/2010-12-metropolitan-street.csv");
        let dec = (m("2010-12"), m("2010-12"));
        let once = vec![(met.clone(), "met.csv", 10)];
        let single = run(
            &dataset(&once),
            &once,
            HotspotQuery::new(&dataset(&once), None, None, dec),
        );
        let twice = vec![(met.clone(), "a/met.csv", 10), (met, "b/met.csv", 20)];
        let data = dataset(&twice);
        let counts = run(&data, &twice, HotspotQuery::new(&data, None, None, dec));
        assert_eq!(counts, single);
        assert_eq!(counts.crimes, table_count(&data, None, None, dec));
        assert_eq!(counts.crimes, 7897);
        reconciles(&counts);
        // Months outside the window are not counted at all.
        let none = run(
            &data,
            &twice,
            HotspotQuery::new(&data, None, None, (m("2011-01"), m("2011-12"))),
        );
        assert_eq!(none, HotspotCounts::default());
    }

    #[test]
    fn a_zip_entry_reads_as_the_file_it_holds() {
        let zip = std::fs::read(format!("{DATA}police-zip/city-of-london-2023-q1.zip")).unwrap();
        let csv = format!("{SAMPLE}2023-02-city-of-london-street.csv");
        let files = vec![(csv.clone(), "2023-02-city-of-london-street.csv", 1)];
        let data = dataset(&files);
        let feb = (m("2023-02"), m("2023-02"));
        let query = HotspotQuery::new(&data, Some("City of London".into()), None, feb);
        let from_csv = run(&data, &files, query.clone());
        let mut from_zip = HotspotRun::new(query.clone());
        from_zip
            .read_zip_entry(
                "q1.zip",
                Cursor::new(zip.clone()),
                "q1.zip \u{203a} 2023-02/2023-02-city-of-london-street.csv",
                &mut |_| {},
            )
            .unwrap();
        assert_eq!(from_zip.finish(), from_csv);
        let mut missing = HotspotRun::new(query);
        assert!(
            missing
                .read_zip_entry(
                    "q1.zip",
                    Cursor::new(zip),
                    "q1.zip \u{203a} nope.csv",
                    &mut |_| {}
                )
                .is_err()
        );
    }

    #[test]
    fn renamed_crime_types_follow_the_table() {
        let data: BTreeSet<String> = ["Violent crime", "Violence and sexual offences", "Burglary"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        let apart: Vec<String> = data.iter().cloned().collect();
        let together = vec![
            "Burglary".to_owned(),
            "Violence and sexual offences".to_owned(),
        ];
        let v = Some("Violence and sexual offences");
        assert_eq!(crime_types_for(v, &apart, &data).unwrap().len(), 1);
        assert_eq!(crime_types_for(v, &together, &data).unwrap().len(), 2);
        assert_eq!(crime_types_for(None, &apart, &data), None);
    }
}
