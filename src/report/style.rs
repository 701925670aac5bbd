//! The report's CSS. [`REPORT_CSS`] is scoped to `.board-report` and is also appended, word
//! for word, to `style/main.css` (a test checks), because the page's security policy allows
//! no inline style: the report reads the same in the app as in the downloaded file.
//! No character here may need escaping in HTML or XML (no `<`, no `&`), and nothing names
//! a font file or image: the system's own fonts, black on white, for paper.

/// The page as paper: A4 with margins, white, and no browser header or footer room wasted.
pub const PAGE_CSS: &str = "\
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
html { background: #fff; color: #0b0c0c; }
body { margin: 0; padding: 16px; font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.4; }
@media print { body { padding: 0; font-size: 11pt; } }
";

/// The report's own rules, the same in the file and in the app.
pub const REPORT_CSS: &str = "\
.board-report { max-width: 60rem; color: #0b0c0c; background: #fff; }
.board-report h1, .board-report h2, .board-report h3, .board-report h4, .board-report h5 { line-height: 1.2; margin: 1.2em 0 0.4em; break-after: avoid; page-break-after: avoid; }
.board-report .report-meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1em; margin: 0 0 1em; }
.board-report .report-meta dt { font-weight: bold; }
.board-report .report-meta dd { margin: 0; }
.board-report table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1.5em; font-size: 0.9em; break-inside: avoid; page-break-inside: avoid; }
.board-report caption { text-align: left; font-weight: bold; padding: 0 0 0.4em; }
.board-report th, .board-report td { border: 1px solid #505a5f; padding: 0.25em 0.4em; text-align: left; vertical-align: top; }
.board-report thead th { background: #f3f2f1; }
.board-report .num { text-align: right; font-variant-numeric: tabular-nums; }
.board-report figure { margin: 1em 0; break-inside: avoid; page-break-inside: avoid; }
.board-report .chart-svg svg { display: block; max-width: 100%; height: auto; }
.board-report figure + table { width: auto; min-width: 50%; }
.board-report .chart-summary, .board-report .chart-note, .board-report .chart-source { margin: 0.3em 0; }
.board-report .chart-source { color: #505a5f; font-size: 0.9em; }
.board-report ul { padding-left: 1.4em; }
.board-report li { margin: 0.3em 0; break-inside: avoid; page-break-inside: avoid; }
.board-report .licence { font-size: 0.9em; }
";
