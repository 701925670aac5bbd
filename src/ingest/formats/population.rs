//! ONS mid-year population estimates by area, as councils re-publish them and as NOMIS
//! exports them. → [`Format::Population`].
//!
//! * **Council tidy files** (`mid-year_2024_population_estimates_local_authority.csv`,
//!   `…_lsoa.csv`): `period, area_code, area_name, geography, sex, all_ages, aged_0_to_15,
//!   aged_16_to_64, aged_65_and_over`, then one column per single year of age. The broad bands
//!   are read as measures (`Population, all ages`, `Population, aged 0 to 15`, …); single
//!   years of age are left out because rates use the bands and 91 extra measures per area
//!   would bury them.
//! * **NOMIS API exports**: one row per area, sex and age band (`GEOGRAPHY_CODE`,
//!   `GENDER_NAME`, `C_AGE_NAME`, `OBS_VALUE`, `OBS_STATUS`, …). An observation NOMIS flags as
//!   other than normal, or as not free for publication, keeps the flag's wording as its note.
//!
//! The period is the calendar year of the estimate (mid-year, 30 June). Persons (`Persons`,
//! NOMIS's `Total`) is the series itself; each sex is the same measure with the breakdown
//! `("Sex", "Females")`, so totals and splits are never added together by accident.

use csv::StringRecord;

use super::recorded_crime::Collected;
use crate::ingest::format::{HeaderIndex, ReaderOutput, RecordReader, RowProblem, RowUse, field};
use crate::ingest::uk_number::{Value, parse_value};
use crate::ingest::uk_period::parse_period;
use crate::model::{Area, Figure, Format, MissingReason, Period, SeriesKey};

/// The measure for everyone in an area.
pub const ALL_AGES: &str = "Population, all ages";

/// Recognises a council tidy population file or a NOMIS population export.
pub fn recognise(header: &HeaderIndex) -> Option<Box<dyn RecordReader>> {
    if let Some(reader) = Nomis::recognise(header) {
        return Some(Box::new(reader));
    }
    Tidy::recognise(header).map(|reader| Box::new(reader) as Box<dyn RecordReader>)
}

/// The calendar year of an estimate written `2024-06-30`, `2024` or `June 2024`.
fn estimate_year(row: &StringRecord, column: usize) -> Result<Period, RowProblem> {
    let text = field(row, column);
    let parsed = parse_period(text).map_err(|e| RowProblem::at(column, e.to_string()))?;
    let year = match parsed {
        Period::Day(_) | Period::Month(_) | Period::CalendarYear(_) => parsed.last_month().year(),
        _ => {
            return Err(RowProblem::at(
                column,
                format!("expected the date or year of a mid-year estimate, found {text:?}"),
            ));
        }
    };
    Period::calendar_year(year)
        .ok_or_else(|| RowProblem::at(column, format!("no calendar year in {text:?}")))
}

/// `None` for everyone (`Persons`, `Total`, `All persons`), else the sex as written.
fn sex_breakdown(sex: &str) -> Option<(String, String)> {
    let everyone = ["persons", "all persons", "total", "all", "people"];
    (!everyone.contains(&sex.to_lowercase().as_str())).then(|| ("Sex".to_owned(), sex.to_owned()))
}

/// A population cell: a number, or missing with a reason (never zero).
fn population_figure(row: &StringRecord, column: usize) -> Result<Figure, RowProblem> {
    let text = field(row, column);
    if text.is_empty() {
        return Ok(Figure::missing(MissingReason::Empty));
    }
    match parse_value(text, false) {
        Ok(Value::Number(n)) if n >= 0.0 => Ok(Figure::value(n)),
        Ok(Value::Missing(reason)) => Ok(Figure::missing(reason)),
        Ok(_) => Err(RowProblem::at(
            column,
            format!("a population is a number of people, found {text:?}"),
        )),
        Err(error) => Err(RowProblem::at(column, error.to_string())),
    }
}

fn required<'r>(row: &'r StringRecord, column: usize, what: &str) -> Result<&'r str, RowProblem> {
    let text = field(row, column);
    if text.is_empty() {
        Err(RowProblem::at(column, format!("the {what} is empty")))
    } else {
        Ok(text)
    }
}

/// The area from a code column and a name column; an empty name falls back to the code.
fn area(row: &StringRecord, code: usize, name: usize) -> Result<Area, RowProblem> {
    let code_text = field(row, code);
    let name_text = field(row, name);
    match (code_text.is_empty(), name_text.is_empty()) {
        (true, true) => Err(RowProblem::at(
            code,
            "the area code and name are both empty",
        )),
        (false, true) => Ok(Area {
            code: Some(code_text.to_owned()),
            name: code_text.to_owned(),
        }),
        (is_empty, false) => Ok(Area {
            code: (!is_empty).then(|| code_text.to_owned()),
            name: name_text.to_owned(),
        }),
    }
}

/// Broad age-band columns of the council files and the measures they become.
const TIDY_BANDS: [(&str, &str); 4] = [
    ("all_ages", ALL_AGES),
    ("aged_0_to_15", "Population, aged 0 to 15"),
    ("aged_16_to_64", "Population, aged 16 to 64"),
    ("aged_65_and_over", "Population, aged 65 and over"),
];

/// A council tidy file: one row per area and sex, one column per age band.
#[derive(Debug)]
struct Tidy {
    period: usize,
    code: usize,
    name: usize,
    sex: Option<usize>,
    bands: Vec<(usize, &'static str)>,
    collected: Collected,
}

impl Tidy {
    fn recognise(header: &HeaderIndex) -> Option<Tidy> {
        let all_ages = header.find(&["all_ages", "all ages"])?;
        let bands = std::iter::once((all_ages, ALL_AGES))
            .chain(
                TIDY_BANDS
                    .iter()
                    .skip(1)
                    .filter_map(|(column, measure)| Some((header.find(&[column])?, *measure))),
            )
            .collect();
        Some(Tidy {
            period: header.find(&["period", "date", "year"])?,
            code: header.find(&["area_code", "area code", "code"])?,
            name: header.find(&["area_name", "area name", "name"])?,
            sex: header.find(&["sex", "gender"]),
            bands,
            collected: Collected::default(),
        })
    }
}

impl RecordReader for Tidy {
    fn format(&self) -> Format {
        Format::Population
    }

    fn read_row(&mut self, row: &StringRecord) -> Result<RowUse, RowProblem> {
        let period = estimate_year(row, self.period)?;
        let area = area(row, self.code, self.name)?;
        let breakdown = match self.sex {
            Some(column) => sex_breakdown(required(row, column, "sex")?),
            None => None,
        };
        let figures = self
            .bands
            .iter()
            .map(|(column, measure)| {
                let key = SeriesKey {
                    area: area.clone(),
                    measure: (*measure).to_owned(),
                    breakdown: breakdown.clone(),
                };
                Ok((key, period, population_figure(row, *column)?))
            })
            .collect::<Result<Vec<_>, RowProblem>>()?;
        self.collected.add_row(figures)
    }

    fn finish(self: Box<Self>) -> ReaderOutput {
        self.collected.finish("Office for National Statistics")
    }
}

/// A NOMIS export: one observation per row.
#[derive(Debug)]
struct Nomis {
    date: usize,
    code: usize,
    name: usize,
    sex: Option<usize>,
    age: Option<usize>,
    measures: Option<usize>,
    value: usize,
    status: Option<(usize, Option<usize>)>,
    confidentiality: Option<(usize, Option<usize>)>,
    collected: Collected,
}

impl Nomis {
    fn recognise(header: &HeaderIndex) -> Option<Nomis> {
        let with_name = |code: &str, name: &str| {
            header
                .find(&[code])
                .map(|column| (column, header.find(&[name])))
        };
        let age = header.find(&["C_AGE_NAME", "AGE_NAME"]);
        let sex = header.find(&["GENDER_NAME", "SEX_NAME", "C_SEX_NAME"]);
        // A NOMIS table without age or sex is some other statistic, not a population.
        age.or(sex)?;
        Some(Nomis {
            date: header.find(&["DATE_NAME", "DATE"])?,
            code: header.find(&["GEOGRAPHY_CODE"])?,
            name: header.find(&["GEOGRAPHY_NAME"])?,
            sex,
            age,
            measures: header.find(&["MEASURES_NAME"]),
            value: header.find(&["OBS_VALUE"])?,
            status: with_name("OBS_STATUS", "OBS_STATUS_NAME"),
            confidentiality: with_name("OBS_CONF", "OBS_CONF_NAME"),
            collected: Collected::default(),
        })
    }

    /// `All Ages` is the headline measure; other bands keep their wording.
    fn measure(&self, row: &StringRecord) -> Result<String, RowProblem> {
        let Some(column) = self.age else {
            return Ok(ALL_AGES.to_owned());
        };
        let age = required(row, column, "age")?;
        Ok(if age.eq_ignore_ascii_case("all ages") {
            ALL_AGES.to_owned()
        } else {
            format!("Population, {}", age.to_lowercase())
        })
    }

    /// NOMIS's wording when a flag is not the ordinary one (`A` normal, `F` free).
    fn flag_notes(&self, row: &StringRecord) -> Option<String> {
        let note = |flag: Option<(usize, Option<usize>)>, ordinary: &str| {
            let (code, name) = flag?;
            let code_text = field(row, code);
            if code_text.is_empty() || code_text.eq_ignore_ascii_case(ordinary) {
                return None;
            }
            let name_text = name.map_or("", |c| field(row, c));
            Some(
                if name_text.is_empty() {
                    code_text
                } else {
                    name_text
                }
                .to_owned(),
            )
        };
        let notes: Vec<String> = [note(self.status, "A"), note(self.confidentiality, "F")]
            .into_iter()
            .flatten()
            .collect();
        (!notes.is_empty()).then(|| notes.join("; "))
    }
}

impl RecordReader for Nomis {
    fn format(&self) -> Format {
        Format::Population
    }

    fn read_row(&mut self, row: &StringRecord) -> Result<RowUse, RowProblem> {
        if let Some(column) = self.measures {
            let measure = field(row, column);
            // Percentages of a total are not head counts; reading them as people would mix
            // two scales in one series.
            if !measure.is_empty() && !measure.eq_ignore_ascii_case("value") {
                return Err(RowProblem::at(
                    column,
                    format!(
                        "only head counts (MEASURES_NAME \"Value\") are read, found {measure:?}"
                    ),
                ));
            }
        }
        let period = estimate_year(row, self.date)?;
        let area = area(row, self.code, self.name)?;
        let breakdown = match self.sex {
            Some(column) => sex_breakdown(required(row, column, "sex")?),
            None => None,
        };
        let mut figure = population_figure(row, self.value)?;
        figure.note = self.flag_notes(row);
        let key = SeriesKey {
            area,
            measure: self.measure(row)?,
            breakdown,
        };
        self.collected.add_row(vec![(key, period, figure)])
    }

    fn finish(self: Box<Self>) -> ReaderOutput {
        self.collected
            .finish("Office for National Statistics (via NOMIS)")
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]
    use super::*;
    use crate::model::{Content, SeriesSet};

    fn row(fields: &[&str]) -> StringRecord {
        StringRecord::from(fields.to_vec())
    }

    fn series(reader: Box<dyn RecordReader>) -> SeriesSet {
        match reader.finish().content {
            Content::Series(set) => set,
            Content::MonthlyCounts(_) | Content::Street(_) => panic!("expected series"),
        }
    }

    fn key(code: &str, name: &str, measure: &str, sex: Option<&str>) -> SeriesKey {
        SeriesKey {
            area: Area {
                code: Some(code.into()),
                name: name.into(),
            },
            measure: measure.into(),
            breakdown: sex.map(|s| ("Sex".into(), s.into())),
        }
    }

    #[test]
    fn tidy_rows_become_bands_with_sex_breakdowns() {
        let header = HeaderIndex::new(&[
            "period",
            "area_code",
            "area_name",
            "geography",
            "sex",
            "all_ages",
            "aged_0_to_15",
            "0",
        ]);
        let mut reader = recognise(&header).unwrap();
        assert_eq!(reader.format(), Format::Population);
        let persons = row(&[
            "2024-06-30",
            "E1",
            "Trafford",
            "LA",
            "Persons",
            "1,000",
            "",
            "5",
        ]);
        assert_eq!(reader.read_row(&persons), Ok(RowUse::Used));
        assert_eq!(reader.read_row(&persons), Ok(RowUse::Duplicate));
        let males = row(&[
            "2024-06-30",
            "E1",
            "Trafford",
            "LA",
            "Males",
            "490",
            "x",
            "2",
        ]);
        assert_eq!(reader.read_row(&males), Ok(RowUse::Used));
        let negative = row(&[
            "2024-06-30",
            "E1",
            "Trafford",
            "LA",
            "Females",
            "-1",
            "",
            "",
        ]);
        assert_eq!(reader.read_row(&negative).unwrap_err().column, Some(5));
        let no_date = row(&["mid-2024", "E1", "Trafford", "LA", "Females", "1", "", ""]);
        assert_eq!(reader.read_row(&no_date).unwrap_err().column, Some(0));
        let no_area = row(&["2024-06-30", "", " ", "LA", "Females", "1", "", ""]);
        assert_eq!(reader.read_row(&no_area).unwrap_err().column, Some(1));
        let set = series(reader);
        let year = Period::calendar_year(2024).unwrap();
        let all = key("E1", "Trafford", ALL_AGES, None);
        assert_eq!(set.get(&all, &year).unwrap().value, Some(1000.0));
        let young = key("E1", "Trafford", "Population, aged 0 to 15", None);
        assert_eq!(
            set.get(&young, &year).unwrap().missing,
            Some(MissingReason::Empty)
        );
        let young_males = key("E1", "Trafford", "Population, aged 0 to 15", Some("Males"));
        assert_eq!(
            set.get(&young_males, &year).unwrap().missing,
            Some(MissingReason::NotAvailable)
        );
        // Single years of age are not measures.
        assert_eq!(set.measures().len(), 2);
    }

    #[test]
    fn nomis_flags_become_notes_and_percentages_are_refused() {
        let header = HeaderIndex::new(&[
            "DATE_NAME",
            "GEOGRAPHY_NAME",
            "GEOGRAPHY_CODE",
            "GENDER_NAME",
            "C_AGE_NAME",
            "MEASURES_NAME",
            "OBS_VALUE",
            "OBS_STATUS",
            "OBS_STATUS_NAME",
            "OBS_CONF",
        ]);
        let mut reader = recognise(&header).unwrap();
        let flagged = row(&[
            "2018",
            "E00",
            "E00",
            "Total",
            "All Ages",
            "Value",
            "",
            "Q",
            "Not available",
            "F",
        ]);
        assert_eq!(reader.read_row(&flagged), Ok(RowUse::Used));
        let band = row(&[
            "2018", "E00", "E00", "Female", "Aged 65+", "Value", "7", "A", "", "T",
        ]);
        assert_eq!(reader.read_row(&band), Ok(RowUse::Used));
        let percent = row(&[
            "2018", "E00", "E00", "Total", "All Ages", "Percent", "7", "A", "", "F",
        ]);
        assert_eq!(reader.read_row(&percent).unwrap_err().column, Some(5));
        let set = series(reader);
        let year = Period::calendar_year(2018).unwrap();
        let all = set.get(&key("E00", "E00", ALL_AGES, None), &year).unwrap();
        assert_eq!((all.value, all.missing), (None, Some(MissingReason::Empty)));
        assert_eq!(all.note.as_deref(), Some("Not available"));
        let old = set
            .get(
                &key("E00", "E00", "Population, aged 65+", Some("Female")),
                &year,
            )
            .unwrap();
        assert_eq!((old.value, old.note.as_deref()), (Some(7.0), Some("T")));
    }

    #[test]
    fn other_tables_are_not_populations() {
        assert!(recognise(&HeaderIndex::new(&["area_code", "area_name", "value"])).is_none());
        assert!(
            recognise(&HeaderIndex::new(&[
                "DATE_NAME",
                "GEOGRAPHY_CODE",
                "GEOGRAPHY_NAME",
                "OBS_VALUE"
            ]))
            .is_none()
        );
    }
}
