//! What leaves the page as a file. Text cells are neutralised so that a spreadsheet never
//! runs a crime-type name or file label as a formula.

use std::borrow::Cow;

use crate::model::CountTable;

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

fn push_row<'a>(out: &mut String, cells: impl Iterator<Item = Cow<'a, str>>) {
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
    if risky && cell.parse::<f64>().is_err() {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
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
    #![allow(clippy::unwrap_used)]
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
    fn formula_payloads_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+1+cmd"), "'+1+cmd");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("-2+3"), "'-2+3");
        assert_eq!(neutralise("-12"), "-12");
        assert_eq!(neutralise("Burglary"), "Burglary");
        let mut counts = MonthlyCounts::default();
        counts.add(Month::parse_iso("2023-01").unwrap(), "=1+1");
        let csv = count_table_csv(&CountTable::from_counts(&counts));
        assert!(csv.starts_with("Month,'=1+1,Total\r\n"), "{csv}");
    }
}
