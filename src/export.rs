//! What leaves the page as a file. Text cells are neutralised so that a spreadsheet never
//! runs a crime-type name or file label as a formula.

use std::borrow::Cow;

use crate::dashboard::detail::Detail;
use crate::model::{CountTable, Dataset, Granularity, LoadedFile, PeriodTable};
use crate::stats::headline::{Headline, point_words};
use crate::stats::two_period::{Change, one_decimal};

/// One row per file: how every row was accounted for once the files were merged
/// (`read = used + rejected + duplicates`), the duplicates split into those the file repeats
/// itself and those a later publication of the same month replaced.
pub fn load_report_csv(data: &Dataset) -> String {
    let mut out = String::new();
    let header = [
        "File",
        "Format",
        "Encoding",
        "Rows read",
        "Rows used",
        "Rows rejected",
        "Duplicates",
        "Duplicates within the file",
        "Superseded by a later publication",
    ];
    push_row(&mut out, header.iter().map(|c| Cow::Borrowed(*c)));
    for (f, account) in data.files().iter().zip(data.accounts()) {
        let rows = account.rows;
        let cells = [
            f.name.clone(),
            f.format.to_string(),
            f.details.encoding.clone(),
            rows.read.to_string(),
            rows.used.to_string(),
            rows.rejected.to_string(),
            rows.duplicates.to_string(),
            account.in_file.to_string(),
            account.superseded.to_string(),
        ];
        push_row(&mut out, cells.into_iter().map(Cow::Owned));
    }
    out
}

/// Every rejected row kept: file, line, column, reason and the row as it was written. A file
/// keeps its first 1,000 rejects; a last row says how many more there were.
pub fn reject_log_csv(files: &[LoadedFile]) -> String {
    let mut out = String::new();
    push_row(
        &mut out,
        ["File", "Line", "Column", "Reason", "Row as written"]
            .iter()
            .map(|c| Cow::Borrowed(*c)),
    );
    for f in files {
        for r in &f.rejects {
            let cells = [
                f.name.clone(),
                r.line.to_string(),
                r.column.map(|c| c.to_string()).unwrap_or_default(),
                r.reason.clone(),
                r.raw.clone(),
            ];
            push_row(&mut out, cells.into_iter().map(Cow::Owned));
        }
        let unlisted = f.rows.rejected.saturating_sub(f.rejects.len() as u64);
        if unlisted > 0 {
            let note = format!("{unlisted} more rejected rows are not listed");
            push_row(
                &mut out,
                [
                    f.name.clone(),
                    String::new(),
                    String::new(),
                    note,
                    String::new(),
                ]
                .into_iter()
                .map(Cow::Owned),
            );
        }
    }
    out
}

/// The headline CSV's columns, in order (documented in the README).
pub const HEADLINE_COLUMNS: [&str; 21] = [
    "Crime type",
    "Latest month",
    "Latest count",
    "Comparison",
    "Current period",
    "Current total",
    "Baseline period",
    "Baseline total",
    "Change",
    "Change (%)",
    "Rate ratio",
    "Rate ratio 95% CI lower",
    "Rate ratio 95% CI upper",
    "p-value (exact conditional test)",
    "Significance",
    "Direction (Mann-Kendall)",
    "Direction p-value",
    "Sen's slope per month",
    "SPC variation",
    "SPC note",
    "Narrative",
];

/// One row per headline. Figures that cannot be calculated are empty; the narrative says why.
pub fn headline_csv(headlines: &[Headline]) -> String {
    let mut out = String::new();
    push_row(&mut out, HEADLINE_COLUMNS.iter().map(|c| Cow::Borrowed(*c)));
    for h in headlines {
        let mut cells: Vec<String> = vec![
            h.category.clone(),
            h.latest.map(|(m, _)| m.label()).unwrap_or_default(),
            h.latest.map(|(_, n)| n.to_string()).unwrap_or_default(),
        ];
        match &h.comparison {
            Ok(c) => {
                let interval = c.test.test.as_ref().map(|t| t.rate_ratio_interval);
                cells.extend([
                    c.kind.title().to_owned(),
                    c.current_window.label(),
                    c.current_total.to_string(),
                    c.baseline_window.label(),
                    c.baseline_total.to_string(),
                    c.absolute_change.to_string(),
                    match c.change {
                        Change::Percent(p) => format!("{:.1}", one_decimal(p)),
                        Change::New => "new".to_owned(),
                        Change::NoEvents => String::new(),
                    },
                    c.test
                        .rate_ratio
                        .map(|r| format!("{r:.4}"))
                        .unwrap_or_default(),
                    interval
                        .map(|i| format!("{:.4}", i.lower))
                        .unwrap_or_default(),
                    interval
                        .and_then(|i| i.upper)
                        .map(|u| format!("{u:.4}"))
                        .unwrap_or_default(),
                    c.test
                        .test
                        .as_ref()
                        .map(|t| format!("{:.6}", t.p_value))
                        .unwrap_or_default(),
                    c.test.verdict.words().to_owned(),
                ]);
            }
            Err(_) => cells.extend(std::iter::repeat_n(String::new(), 12)),
        }
        match &h.direction {
            Ok(d) => cells.extend([
                d.trend.as_str().to_owned(),
                format!("{:.6}", d.p_value),
                format!("{:.3}", d.slope_per_month),
            ]),
            Err(_) => cells.extend(std::iter::repeat_n(String::new(), 3)),
        }
        match &h.variation {
            Ok(v) => cells.extend([
                v.words().to_owned(),
                if v.few_points {
                    "fewer than 12 points: limits not yet reliable".to_owned()
                } else {
                    String::new()
                },
            ]),
            Err(why) => cells.extend([String::new(), why.to_string()]),
        }
        cells.push(h.narrative.clone());
        push_row(&mut out, cells.into_iter().map(Cow::Owned));
    }
    out
}

/// The count table as CSV: `Month`, one column per crime type, `Total`; a month no file
/// covers has empty cells, exactly as the page shows it as missing.
pub fn count_table_csv(table: &CountTable) -> String {
    let mut out = String::new();
    let header = std::iter::once("Month")
        .chain(table.categories.iter().map(String::as_str))
        .chain(std::iter::once("Total"));
    push_row(&mut out, header.map(Cow::Borrowed));
    for row in &table.rows {
        let cells: Vec<Cow<'_, str>> = match &row.counts {
            Some(counts) => counts.iter().map(|c| Cow::Owned(c.to_string())).collect(),
            None => table.categories.iter().map(|_| Cow::Borrowed("")).collect(),
        };
        let total = row
            .total
            .map_or(Cow::Borrowed(""), |t| Cow::Owned(t.to_string()));
        let month = Cow::Owned(row.month.label());
        push_row(
            &mut out,
            std::iter::once(month)
                .chain(cells)
                .chain(std::iter::once(total)),
        );
    }
    out
}

/// The count table at any granularity: the period, one column per crime type, `Total`, and
/// for quarters and financial years how many of the period's months have data (a partial sum
/// is marked, never passed off as a whole period). Months write exactly as
/// [`count_table_csv`].
pub fn period_table_csv(table: &PeriodTable) -> String {
    let mut out = String::new();
    let by_month = table.granularity == Granularity::Month;
    let first = match table.granularity {
        Granularity::Month => "Month",
        Granularity::Quarter => "Quarter",
        Granularity::FinancialYear => "Financial year",
    };
    let header = std::iter::once(first)
        .chain(table.categories.iter().map(String::as_str))
        .chain(std::iter::once("Total"))
        .chain((!by_month).then_some("Months with data"));
    push_row(&mut out, header.map(Cow::Borrowed));
    for row in &table.rows {
        let cells: Vec<Cow<'_, str>> = match &row.counts {
            Some(counts) => counts.iter().map(|c| Cow::Owned(c.to_string())).collect(),
            None => table.categories.iter().map(|_| Cow::Borrowed("")).collect(),
        };
        let total = row
            .total
            .map_or(Cow::Borrowed(""), |t| Cow::Owned(t.to_string()));
        let coverage = (!by_month).then(|| Cow::Owned(row.coverage()));
        push_row(
            &mut out,
            std::iter::once(Cow::Owned(row.period.label()))
                .chain(cells)
                .chain(std::iter::once(total))
                .chain(coverage),
        );
    }
    out
}

/// One measure's figures as the detail view shows them: each period's count (with its
/// coverage) and, for complete periods, the SPC chart's mean, limits and signal.
pub fn detail_csv(detail: &Detail) -> String {
    let mut out = String::new();
    push_row(
        &mut out,
        [
            "Crime type",
            "Period",
            "Count",
            "Months with data",
            "Complete",
            "SPC mean",
            "SPC lower process limit",
            "SPC upper process limit",
            "SPC signal",
            "SPC variation",
        ]
        .into_iter()
        .map(Cow::Borrowed),
    );
    let spc_points = detail.spc.as_ref().map(|s| &s.points[..]).unwrap_or(&[]);
    for p in &detail.periods {
        let mut cells = vec![
            detail.measure.clone(),
            p.period.label(),
            p.value.map(|v| v.to_string()).unwrap_or_default(),
            format!("{} of {}", p.months_with_data, p.months_in_period),
            if p.is_complete() { "yes" } else { "no" }.to_owned(),
        ];
        match spc_points.iter().find(|(period, _)| *period == p.period) {
            Some((_, point)) => cells.extend([
                format!("{:.2}", point.mean),
                format!("{:.2}", point.lpl),
                format!("{:.2}", point.upl),
                point.special_cause_type.label().to_owned(),
                point_words(point.point_type).to_owned(),
            ]),
            None => cells.extend(std::iter::repeat_n(String::new(), 5)),
        }
        push_row(&mut out, cells.into_iter().map(Cow::Owned));
    }
    out
}

pub(crate) fn push_row<'a>(out: &mut String, cells: impl Iterator<Item = Cow<'a, str>>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&quote(&neutralise(&cell)));
    }
    out.push_str("\r\n");
}

/// Prefixes an apostrophe to text a spreadsheet would treat as a formula (OWASP's advice for
/// CSV injection). Plain numbers, including negative ones, are left alone.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// `-12`, `+3.5`, `-1e3`. Rust's float parser also takes `-inf` and `+NaN`, which a
/// spreadsheet reads as a formula naming a cell range, so only digits, signs, a point and an
/// exponent count.
fn is_plain_number(cell: &str) -> bool {
    cell.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
        && cell.parse::<f64>().is_ok_and(f64::is_finite)
}

fn quote(cell: &str) -> Cow<'_, str> {
    if cell.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", cell.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::model::{Month, MonthlyCounts};

    #[test]
    fn writes_the_table_with_gaps_for_missing_months() {
        let mut counts = MonthlyCounts::default();
        let jan = Month::parse_iso("2023-01").unwrap();
        let mar = Month::parse_iso("2023-03").unwrap();
        counts.add(jan, "Burglary");
        counts.add(jan, "Burglary");
        counts.add(mar, "Robbery, personal");
        let csv = count_table_csv(&CountTable::from_counts(&counts));
        assert_eq!(
            csv,
            "Month,Burglary,\"Robbery, personal\",Total\r\n\
             Jan 2023,2,0,2\r\n\
             Feb 2023,,,\r\n\
             Mar 2023,0,1,1\r\n"
        );
    }

    #[test]
    fn headline_csv_has_one_header_and_a_full_row_per_headline() {
        use crate::stats::headline::{Polarity, headlines};
        use crate::stats::period_change::ComparisonKind;
        let mut counts = MonthlyCounts::default();
        let mut month = Month::parse_iso("2023-01").unwrap();
        for n in [24, 15] {
            for _ in 0..n {
                counts.add(month, "-Burglary");
            }
            month = month.succ().unwrap();
        }
        let table = CountTable::from_counts(&counts);
        let csv = headline_csv(&headlines(
            &table,
            ComparisonKind::LatestMonthOnPreviousMonth,
            Polarity::LowerIsBetter,
        ));
        let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
        assert_eq!(
            reader.headers().unwrap().iter().collect::<Vec<_>>(),
            HEADLINE_COLUMNS
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        let row = &rows[1];
        assert_eq!(row.len(), HEADLINE_COLUMNS.len());
        assert_eq!(&row[0], "'-Burglary", "text is neutralised");
        assert_eq!((&row[1], &row[2]), ("Feb 2023", "15"));
        assert_eq!(
            (&row[5], &row[7], &row[8], &row[9]),
            ("15", "24", "-9", "-37.5")
        );
        assert_eq!(&row[14], "no significant change");
        assert!(row[20].contains("down 37.5% (-9) on Jan 2023"));
    }

    #[test]
    fn load_report_and_reject_log_account_for_every_row() {
        let csv = "Crime ID,Month,Reported by,Falls within,Crime type\na,2023-01,P,P,Burglary\nb,2023-13,P,P,Burglary\nc,2023-01,P,P,\n";
        let file = crate::ingest::read_file("=bad.csv", csv.as_bytes()).unwrap();
        let mut data = Dataset::default();
        data.add(file.clone());
        let report = load_report_csv(&data);
        assert_eq!(
            report,
            "File,Format,Encoding,Rows read,Rows used,Rows rejected,Duplicates,\
             Duplicates within the file,Superseded by a later publication\r\n\
             '=bad.csv,police.uk street-level crime file,\"UTF-8, as it is valid UTF-8\",3,1,2,0,0,0\r\n"
                .replace("\"UTF-8, as it is valid UTF-8\"", &quote(&file.details.encoding))
        );
        let log = reject_log_csv(&[file]);
        let mut reader = csv::Reader::from_reader(log.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (&rows[0][0], &rows[0][1], &rows[0][2]),
            ("'=bad.csv", "3", "2")
        );
        assert!(rows[0][3].contains("2023-13"));
        assert_eq!(&rows[0][4], "b,2023-13,P,P,Burglary");
        assert_eq!((&rows[1][1], &rows[1][2]), ("4", "5"));
    }

    #[test]
    fn period_tables_write_like_the_month_table_and_mark_part_periods() {
        use crate::model::Granularity;
        let mut counts = MonthlyCounts::default();
        let mut month = Month::parse_iso("2023-02").unwrap();
        for n in [3, 4, 5, 6] {
            for _ in 0..n {
                counts.add(month, "Burglary");
            }
            month = month.succ().unwrap();
        }
        counts.add(Month::parse_iso("2023-06").unwrap(), "Robbery");
        let table = CountTable::from_counts(&counts);
        let by_month = PeriodTable::from_months(&table, Granularity::Month);
        assert_eq!(period_table_csv(&by_month), count_table_csv(&table));
        let by_quarter = PeriodTable::from_months(&table, Granularity::Quarter);
        assert_eq!(
            period_table_csv(&by_quarter),
            "Quarter,Burglary,Robbery,Total,Months with data\r\n\
             2022/23 Q4,7,0,7,2 of 3 months\r\n\
             2023/24 Q1,11,1,12,3 of 3 months\r\n"
        );
    }

    #[test]
    fn detail_csv_gives_each_period_and_its_spc_numbers() {
        use crate::dashboard::detail::detail;
        use crate::model::Granularity;
        use crate::stats::headline::{Polarity, Windows};
        use crate::stats::period_change::ComparisonKind;
        let mut counts = MonthlyCounts::default();
        let mut month = Month::parse_iso("2023-01").unwrap();
        for n in [10, 12, 11, 13] {
            for _ in 0..n {
                counts.add(month, "Burglary");
            }
            month = month.succ().unwrap();
        }
        let table = CountTable::from_counts(&counts);
        let months = PeriodTable::from_months(&table, Granularity::Month);
        let windows = Windows::Relative(ComparisonKind::LatestMonthOnPreviousMonth);
        let d = detail(
            &table,
            &months,
            "Burglary",
            windows,
            Polarity::LowerIsBetter,
        )
        .unwrap();
        let csv = detail_csv(&d);
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 4);
        assert_eq!(&rows[0][1], "Jan 2023");
        assert_eq!(&rows[3][2], "13");
        assert_eq!(&rows[3][4], "yes");
        assert_eq!(&rows[3][5], "11.50", "the mean of the four months");
        assert_eq!(&rows[3][9], "Common cause variation");
    }

    #[test]
    fn formula_payloads_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+1+cmd"), "'+1+cmd");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("-2+3"), "'-2+3");
        assert_eq!(neutralise("-12"), "-12");
        assert_eq!(neutralise("-1.5e3"), "-1.5e3");
        for word in ["-nan", "+inf", "-infinity", "+NaN", "-1e400"] {
            assert_eq!(neutralise(word), format!("'{word}"), "{word}");
        }
        assert_eq!(neutralise("Burglary"), "Burglary");
        let mut counts = MonthlyCounts::default();
        counts.add(Month::parse_iso("2023-01").unwrap(), "=1+1");
        let csv = count_table_csv(&CountTable::from_counts(&counts));
        assert!(csv.starts_with("Month,'=1+1,Total\r\n"), "{csv}");
    }
}
