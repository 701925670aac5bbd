//! Writing the report's HTML: escaping every piece of text that came from a file or a link,
//! and the few elements the report repeats (tables, inlined charts).

use std::fmt::Write as _;

use crate::charts::{Cell, Chart};

/// Escapes text for an HTML element or a quoted attribute. Every string from a file, a link or
/// the user passes through here: a crime type called `<script>` must print as those letters.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters have no business in a report and some are not allowed in
            // HTML (or XML) at all.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A table with a caption, scoped column headings and a row heading in the first column.
pub struct TableHtml<'a> {
    pub id: &'a str,
    pub caption: &'a str,
    pub columns: &'a [String],
    /// Which columns hold figures (right-aligned).
    pub numeric: &'a [bool],
    pub rows: Vec<Vec<String>>,
}

impl TableHtml<'_> {
    pub fn write(&self, out: &mut String) {
        let _ = write!(
            out,
            "<table id=\"{}\"><caption>{}</caption><thead><tr>",
            escape(self.id),
            escape(self.caption)
        );
        for (i, column) in self.columns.iter().enumerate() {
            let _ = write!(
                out,
                "<th scope=\"col\"{}>{}</th>",
                num_class(self.numeric, i),
                escape(column)
            );
        }
        out.push_str("</tr></thead><tbody>");
        for row in &self.rows {
            out.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                if i == 0 {
                    let _ = write!(out, "<th scope=\"row\">{}</th>", escape(cell));
                } else {
                    let _ = write!(
                        out,
                        "<td{}>{}</td>",
                        num_class(self.numeric, i),
                        escape(cell)
                    );
                }
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>");
    }
}

fn num_class(numeric: &[bool], i: usize) -> &'static str {
    if numeric.get(i).copied().unwrap_or(false) {
        " class=\"num\""
    } else {
        ""
    }
}

/// A chart as a figure: its title as a heading, the SVG inline, the text summary, any notes,
/// the caption, and its data table, so a reader who cannot see the chart misses nothing.
pub fn write_figure(out: &mut String, chart: &Chart, heading_level: u8, notes: &[String]) {
    let _ = write!(
        out,
        "<figure class=\"chart\" id=\"{id}\" aria-labelledby=\"{id}-heading\">\
         <h{heading_level} id=\"{id}-heading\">{title}</h{heading_level}>\
         <div class=\"chart-svg\">{svg}</div><figcaption><p class=\"chart-summary\">{summary}</p>",
        id = escape(&chart.id),
        title = escape(&chart.title),
        svg = inline_svg(&chart.svg),
        summary = escape(&chart.summary),
    );
    for note in notes {
        let _ = write!(
            out,
            "<p class=\"chart-note\"><strong>Not like-for-like:</strong> {}</p>",
            escape(note)
        );
    }
    if !chart.caption.is_empty() {
        let _ = write!(
            out,
            "<p class=\"chart-source\">{}</p>",
            escape(&chart.caption)
        );
    }
    out.push_str("</figcaption></figure>");
    let columns = &chart.table.columns;
    let numeric: Vec<bool> = chart
        .table
        .rows
        .first()
        .map(|row| {
            row.iter()
                .map(|c| matches!(c, Cell::Count(_) | Cell::Number(..)))
                .collect()
        })
        .unwrap_or_default();
    TableHtml {
        id: &format!("{}-table", chart.id),
        caption: &format!("The figures in the chart: {}", chart.table.caption),
        columns,
        numeric: &numeric,
        rows: chart
            .table
            .rows
            .iter()
            .map(|row| row.iter().map(Cell::display).collect())
            .collect(),
    }
    .write(out);
}

/// The chart's SVG as HTML holds it. Inside an HTML document the parser puts `<svg>` in the
/// SVG namespace itself, so the `xmlns` declaration (the report's only `http` text) goes: the
/// file then names no address of any kind, and no one has to judge whether one is harmless.
pub fn inline_svg(svg: &str) -> String {
    svg.replace(" xmlns=\"http://www.w3.org/2000/svg\"", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_control_characters() {
        assert_eq!(
            escape("<script>\"onload='x'&\u{0}"),
            "&lt;script&gt;&quot;onload=&#39;x&#39;&amp;\u{fffd}"
        );
        assert_eq!(escape("مرحبا 🚓"), "مرحبا 🚓");
    }

    #[test]
    fn inline_svg_names_no_namespace_address() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\"><title>t</title></svg>";
        assert_eq!(inline_svg(svg), "<svg width=\"1\"><title>t</title></svg>");
    }
}
