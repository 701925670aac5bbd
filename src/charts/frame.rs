//! What every chart shares: the SVG root with its accessible name and description, the
//! title, legend and caption, the axes (drawn by plotters), scales from values to pixels,
//! and the marks (lines with gaps, shapes, bars, labels) the chart kinds draw with.
//!
//! Marks are written as SVG directly rather than through plotters so that each can carry
//! what plotters cannot give it: dash patterns, a class and data attributes, and a `<title>`
//! for a label cut to fit. Every chart kind goes through the one plotters coordinate type
//! here, which keeps the generic code plotters expands to, and so the page's size, small.

use std::fmt::Write as _;

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::palette::{Colour, GRID, SECONDARY, TEXT, WHITE};
use super::text::{Fitted, decimals_for_step, fit, format_number, push_px, text_width, wrap};
use super::{ChartError, Frame, escape_xml};

pub(crate) const LABEL_SIZE: f64 = 12.0;
const TITLE_SIZE: f64 = 18.0;
const PAD: f64 = 8.0;
const LEGEND_ROW: f64 = 20.0;
const CAPTION_LINE: f64 = 15.0;
/// Plotters writes `font-size` as its size ÷ 1.24; this gives the axis labels [`LABEL_SIZE`].
const PLOTTERS_FONT_SCALE: f64 = 1.24;

/// How a line is drawn, so that lines differ by more than colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dash {
    Solid,
    Dashed,
    Dotted,
    Long,
}

impl Dash {
    fn pattern(self) -> Option<&'static str> {
        match self {
            Dash::Solid => None,
            Dash::Dashed => Some("6 4"),
            Dash::Dotted => Some("2 3"),
            Dash::Long => Some("12 4"),
        }
    }
}

/// Marker shapes, so that points differ by more than colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Circle,
    Square,
    TriangleUp,
    TriangleDown,
    Diamond,
}

impl Shape {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Shape::Circle => "circle",
            Shape::Square => "square",
            Shape::TriangleUp => "triangle-up",
            Shape::TriangleDown => "triangle-down",
            Shape::Diamond => "diamond",
        }
    }
}

/// One series' look: colour, dash and marker shape.
pub(crate) const SERIES_SHAPES: [Shape; 4] = [
    Shape::Circle,
    Shape::Square,
    Shape::TriangleUp,
    Shape::Diamond,
];

/// What a legend entry shows beside its words.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Swatch {
    Line {
        colour: Colour,
        dash: Dash,
        shape: Option<Shape>,
    },
    Mark {
        shape: Shape,
        fill: Colour,
        edge: Colour,
    },
    Block {
        fill: Colour,
        edge: Colour,
        opacity: f64,
    },
    /// A round badge with a letter (the Making Data Count icons).
    Icon {
        fill: Colour,
        edge: Colour,
        letter: char,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct LegendItem {
    pub swatch: Swatch,
    pub label: String,
}

/// Maps values in `domain` linearly to pixels in `pixels` (either may run backwards).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Scale {
    d0: f64,
    d1: f64,
    p0: f64,
    p1: f64,
}

impl Scale {
    pub(crate) fn new((d0, d1): (f64, f64), (p0, p1): (f64, f64)) -> Scale {
        let (d0, d1) = if d0.is_finite() && d1.is_finite() && d1 > d0 {
            (d0, d1)
        } else {
            (0.0, 1.0)
        };
        Scale { d0, d1, p0, p1 }
    }

    /// The pixel for `value`; values far outside the domain are held just beyond it, so a
    /// hostile number cannot produce an unbounded coordinate.
    pub(crate) fn at(&self, value: f64) -> f64 {
        let t = ((value - self.d0) / (self.d1 - self.d0)).clamp(-1.0, 2.0);
        let t = if t.is_finite() { t } else { 0.0 };
        self.p0 + t * (self.p1 - self.p0)
    }

    #[cfg(test)]
    fn domain(&self) -> (f64, f64) {
        (self.d0, self.d1)
    }
}

/// The plotting rectangle, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl Rect {
    pub(crate) fn width(&self) -> f64 {
        self.right - self.left
    }
    pub(crate) fn height(&self) -> f64 {
        self.bottom - self.top
    }
}

/// One axis: its range, labelled ticks, title and whether gridlines cross the plot there.
#[derive(Debug, Clone)]
pub(crate) struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<(f64, String)>,
    pub title: String,
    pub grid: bool,
}

impl Axis {
    /// A value axis over the values' extent (zero included when asked), ending on round
    /// numbers, with about `max_ticks` labels formatted the UK way plus `suffix`.
    pub(crate) fn numeric(
        values: impl Iterator<Item = f64>,
        include_zero: bool,
        max_ticks: usize,
        title: &str,
        suffix: &str,
    ) -> Axis {
        let (lo, hi) = extent(values, include_zero);
        let (ticks, step) = nice_ticks(lo, hi, max_ticks);
        let decimals = decimals_for_step(step);
        let lo = ticks.first().copied().unwrap_or(lo).min(lo);
        let hi = ticks.last().copied().unwrap_or(hi).max(hi);
        Axis {
            lo,
            hi,
            ticks: ticks
                .into_iter()
                .map(|t| (t, format!("{}{suffix}", format_number(t, decimals))))
                .collect(),
            title: title.to_owned(),
            grid: true,
        }
    }

    /// An axis of `n` categories or periods at 0, 1, …, n − 1, half a step of room each
    /// side, with the given labelled positions.
    pub(crate) fn indexed(n: usize, ticks: Vec<(f64, String)>, title: &str) -> Axis {
        Axis {
            lo: -0.5,
            hi: n.max(1) as f64 - 0.5,
            ticks,
            title: title.to_owned(),
            grid: false,
        }
    }
}

/// A plotters coordinate over `f64` whose tick positions are the axis's own (so plotters
/// draws exactly the labelled ticks the chart chose). One type for every chart keeps the
/// generic drawing code compiled once.
struct Ticked {
    inner: RangedCoordf64,
    ticks: Vec<f64>,
}

impl Ticked {
    fn new(axis: &Axis) -> Ticked {
        Ticked {
            inner: (axis.lo..axis.hi).into(),
            ticks: axis
                .ticks
                .iter()
                .map(|t| t.0)
                .filter(|t| (axis.lo..=axis.hi).contains(t))
                .collect(),
        }
    }
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.inner.range()
    }
}

/// The smallest and largest finite values, widened so the range is never empty.
pub(crate) fn extent(values: impl Iterator<Item = f64>, include_zero: bool) -> (f64, f64) {
    let mut range: Option<(f64, f64)> = None;
    for v in values.filter(|v| v.is_finite()) {
        let v = v.clamp(-1e300, 1e300);
        range = Some(range.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))));
    }
    let (mut lo, mut hi) = range.unwrap_or((0.0, 1.0));
    if include_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    if hi - lo <= 0.0 {
        let pad = if hi == 0.0 { 1.0 } else { hi.abs() * 0.1 };
        lo -= if include_zero && lo == 0.0 { 0.0 } else { pad };
        hi += pad;
    }
    (lo, hi)
}

/// Round tick values (1, 2 or 5 × 10ⁿ apart) covering `lo..=hi`, at most about `max`
/// of them, and the step between them.
pub(crate) fn nice_ticks(lo: f64, hi: f64, max: usize) -> (Vec<f64>, f64) {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return (vec![lo], 1.0);
    }
    let rough = span / max.max(2) as f64;
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step).floor();
    let last = (hi / step).ceil();
    let count = (last - first) as usize;
    if !(step.is_finite() && step > 0.0) || count > 1000 {
        return (vec![lo, hi], span);
    }
    let ticks = (0..=count)
        .map(|i| (first + i as f64) * step)
        // -0 prints as "-0".
        .map(|t| if t == 0.0 { 0.0 } else { t })
        .collect();
    (ticks, step)
}

/// Room around the plot for what is beside it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Margins {
    /// Left of the plot, for the value or category labels.
    pub left: f64,
    /// Right of the plot, for direct labels at the ends of lines.
    pub right: f64,
    /// Below the plot, for the x labels.
    pub bottom: f64,
}

impl Default for Margins {
    fn default() -> Margins {
        Margins {
            left: 60.0,
            right: 16.0,
            bottom: 28.0,
        }
    }
}

impl Margins {
    /// Room on the left for the value axis's widest tick label, and `right` for what is
    /// beside the plot (direct labels, limits' names).
    pub(crate) fn beside_values(y_axis: &Axis, right: f64) -> Margins {
        let widest = y_axis
            .ticks
            .iter()
            .map(|t| text_width(&t.1, 12.0))
            .fold(24.0, f64::max);
        Margins {
            left: 16.0 + widest,
            right,
            ..Margins::default()
        }
    }
}

/// Horizontal alignment of a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

/// How a label is drawn.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub size: f64,
    pub anchor: Anchor,
    pub bold: bool,
    pub colour: Colour,
    /// Width the label must fit in; longer text is cut, the whole kept in a `<title>`.
    pub max_width: f64,
}

impl Style {
    pub(crate) fn label(anchor: Anchor, max_width: f64) -> Style {
        Style {
            size: LABEL_SIZE,
            anchor,
            bold: false,
            colour: TEXT,
            max_width,
        }
    }
}

/// An SVG being drawn: header (title, legend), axes, marks and caption, in paint order.
pub(crate) struct Canvas {
    id: String,
    width: u32,
    height: u32,
    head: String,
    axes: String,
    pub(crate) body: String,
    foot: String,
    pub(crate) plot: Rect,
    pub(crate) x: Scale,
    pub(crate) y: Scale,
}

impl Canvas {
    /// Lays out the title, legend and caption of `frame`, then the plot between them; with
    /// `axes`, plotters draws them and their labels and the scales follow their ranges.
    pub(crate) fn new(
        frame: &Frame,
        legend: &[LegendItem],
        margins: Margins,
        axes: Option<(&Axis, &Axis)>,
    ) -> Result<Canvas, ChartError> {
        let width = frame.size.0.clamp(24, 4000);
        let height = frame.size.1.clamp(12, 4000);
        let (w, h) = (f64::from(width), f64::from(height));
        let mut canvas = Canvas {
            id: frame.dom_id(),
            width,
            height,
            head: String::new(),
            axes: String::new(),
            body: String::new(),
            foot: String::new(),
            plot: Rect {
                left: 0.0,
                top: 0.0,
                right: w,
                bottom: h,
            },
            x: Scale::new((0.0, 1.0), (0.0, w)),
            y: Scale::new((0.0, 1.0), (h, 0.0)),
        };

        // A chart with no words around it (a sparkline) uses nearly all its space.
        let pad = if axes.is_none() && frame.title.trim().is_empty() && frame.caption().is_empty() {
            2.0
        } else {
            PAD
        };
        let mut top = pad;
        if !frame.title.trim().is_empty() {
            let mut style = Style::label(Anchor::Start, w - 2.0 * PAD);
            style.size = TITLE_SIZE;
            style.bold = true;
            let mut head = String::new();
            text_into(
                &mut head,
                PAD,
                top + TITLE_SIZE,
                &frame.title,
                style,
                "chart-title",
            );
            canvas.head.push_str(&head);
            top += TITLE_SIZE + 8.0;
        }
        top = canvas.legend(legend, top, w);

        let y_title = axes.map(|(_, y)| y.title.as_str()).unwrap_or_default();
        if !y_title.trim().is_empty() {
            let style = Style {
                colour: SECONDARY,
                ..Style::label(Anchor::Start, w - 2.0 * PAD)
            };
            let mut head = String::new();
            text_into(
                &mut head,
                PAD,
                top + LABEL_SIZE,
                y_title,
                style,
                "axis-title",
            );
            canvas.head.push_str(&head);
            top += LABEL_SIZE + 4.0;
        }
        // The top tick label is centred on the plot's top edge.
        if axes.is_some() {
            top += LABEL_SIZE / 2.0 + 2.0;
        }

        let caption = frame.caption();
        let mut bottom = h - pad;
        if !caption.is_empty() {
            let (lines, cut) = wrap(&caption, LABEL_SIZE, w - 2.0 * PAD, 2);
            bottom -= lines.len() as f64 * CAPTION_LINE;
            let mut foot = String::new();
            if cut {
                foot.push_str("<g class=\"caption\"><title>");
                foot.push_str(&escape_xml(&super::text::clean(&caption)));
                foot.push_str("</title>");
            } else {
                foot.push_str("<g class=\"caption\">");
            }
            for (i, line) in lines.iter().enumerate() {
                let y = bottom + (i + 1) as f64 * CAPTION_LINE - 3.0;
                foot.push_str("<text x=\"");
                push_px(&mut foot, PAD);
                foot.push_str("\" y=\"");
                push_px(&mut foot, y);
                let _ = write!(
                    foot,
                    "\" font-size=\"{LABEL_SIZE}\" fill=\"{}\">{}</text>",
                    SECONDARY.hex(),
                    escape_xml(line)
                );
            }
            foot.push_str("</g>");
            canvas.foot = foot;
        }
        let x_title = axes.map(|(x, _)| x.title.as_str()).unwrap_or_default();
        if !x_title.trim().is_empty() {
            bottom -= LABEL_SIZE + 6.0;
            let style = Style {
                colour: SECONDARY,
                ..Style::label(Anchor::End, w - 2.0 * PAD)
            };
            let mut foot = String::new();
            text_into(
                &mut foot,
                w - PAD - margins.right,
                bottom + LABEL_SIZE + 2.0,
                x_title,
                style,
                "axis-title",
            );
            canvas.head.push_str(&foot);
        }
        bottom -= margins.bottom;

        let left = (pad + margins.left).min(w / 2.0);
        let right = (w - pad - margins.right).max(left + 10.0);
        let bottom = bottom.max(top + 10.0);
        canvas.plot = Rect {
            left,
            top,
            right,
            bottom,
        };
        match axes {
            Some((x, y)) => canvas.draw_axes(x, y, margins)?,
            None => {
                canvas.x = Scale::new((0.0, 1.0), (left, right));
                canvas.y = Scale::new((0.0, 1.0), (bottom, top));
            }
        }
        Ok(canvas)
    }

    /// Legend entries left to right, wrapping onto more rows; returns the y below them.
    fn legend(&mut self, items: &[LegendItem], top: f64, width: f64) -> f64 {
        if items.is_empty() {
            return top;
        }
        let mut x = PAD;
        let mut row_top = top;
        let mut out = String::from("<g class=\"legend\">");
        for item in items {
            let label = fit(
                &item.label,
                LABEL_SIZE,
                (width - 2.0 * PAD - 32.0).min(260.0),
            );
            let item_width = 32.0 + text_width(&label.shown, LABEL_SIZE) + 16.0;
            if x > PAD && x + item_width > width - PAD {
                x = PAD;
                row_top += LEGEND_ROW;
            }
            let mid = row_top + LEGEND_ROW / 2.0;
            swatch(&mut out, item.swatch, x, mid);
            label_into(
                &mut out,
                x + 32.0,
                mid + LABEL_SIZE * 0.35,
                &label,
                Style::label(Anchor::Start, f64::MAX),
                "legend-label",
            );
            x += item_width;
        }
        out.push_str("</g>");
        self.head.push_str(&out);
        row_top + LEGEND_ROW + 4.0
    }

    /// Plotters draws the axes, gridlines and tick labels into the plot rectangle.
    fn draw_axes(&mut self, x: &Axis, y: &Axis, margins: Margins) -> Result<(), ChartError> {
        let mut svg = String::new();
        {
            let root =
                SVGBackend::with_string(&mut svg, (self.width, self.height)).into_drawing_area();
            let left = (self.plot.left - margins.left).max(0.0);
            let area = root.shrink(
                (left as i32, self.plot.top as i32),
                (
                    (self.plot.right - left) as u32,
                    (self.plot.bottom + margins.bottom - self.plot.top) as u32,
                ),
            );
            let x_range = Ticked::new(x);
            let y_range = Ticked::new(y);
            let mut chart = ChartBuilder::on(&area)
                .x_label_area_size(margins.bottom as u32)
                .y_label_area_size(margins.left as u32)
                .build_cartesian_2d(x_range, y_range)
                .map_err(err)?;
            let label_font = ("sans-serif", LABEL_SIZE * PLOTTERS_FONT_SCALE)
                .into_font()
                .color(&rgb(TEXT));
            let x_label = |v: &f64| nearest_label(&x.ticks, *v);
            let y_label = |v: &f64| nearest_label(&y.ticks, *v);
            let mut mesh = chart.configure_mesh();
            mesh.bold_line_style(rgb(GRID))
                .light_line_style(TRANSPARENT)
                .axis_style(rgb(SECONDARY))
                .x_label_style(label_font.clone())
                .y_label_style(label_font)
                .x_label_formatter(&x_label)
                .y_label_formatter(&y_label)
                .x_labels(x.ticks.len().max(1))
                .y_labels(y.ticks.len().max(1));
            if !x.grid {
                mesh.disable_x_mesh();
            }
            if !y.grid {
                mesh.disable_y_mesh();
            }
            mesh.draw().map_err(err)?;
            let (xs, ys) = chart.plotting_area().get_pixel_range();
            // Plotters maps onto the last pixel inside the area, not one past it.
            self.plot = Rect {
                left: f64::from(xs.start),
                right: f64::from(xs.end - 1),
                top: f64::from(ys.start),
                bottom: f64::from(ys.end - 1),
            };
            area.present().map_err(err)?;
        }
        self.x = Scale::new((x.lo, x.hi), (self.plot.left, self.plot.right));
        self.y = Scale::new((y.lo, y.hi), (self.plot.bottom, self.plot.top));
        let inner = svg
            .split_once('>')
            .map(|(_, rest)| rest)
            .unwrap_or_default()
            .trim_end()
            .trim_end_matches("</svg>");
        self.axes.push_str("<g class=\"axes\">");
        self.axes.push_str(inner);
        self.axes.push_str("</g>");
        Ok(())
    }

    /// The finished SVG: `role="img"`, named by its `<title>` and described by its `<desc>`.
    pub(crate) fn finish(self, title: &str, description: &str) -> String {
        let Canvas {
            id,
            width,
            height,
            head,
            axes,
            body,
            foot,
            ..
        } = self;
        let mut out = String::with_capacity(head.len() + axes.len() + body.len() + 600);
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
             viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
             focusable=\"false\" font-family=\"sans-serif\">\
             <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>\
             <rect class=\"background\" width=\"{width}\" height=\"{height}\" fill=\"{}\"/>",
            escape_xml(&super::text::clean(title)),
            escape_xml(&super::text::clean(description)),
            WHITE.hex()
        );
        out.push_str(&head);
        out.push_str(&axes);
        out.push_str(&body);
        out.push_str(&foot);
        out.push_str("</svg>");
        out
    }

    /// Opens a group of marks with a class and extra attributes (already escaped).
    pub(crate) fn open(&mut self, class: &str, attributes: &str) {
        let _ = write!(self.body, "<g class=\"{class}\"{attributes}>");
    }

    pub(crate) fn close(&mut self) {
        self.body.push_str("</g>");
    }

    /// Opens a group whose marks are cut at the plot's edges (limits that run off the top
    /// of a funnel, for instance); close it with [`Canvas::close`].
    pub(crate) fn open_clipped(&mut self, class: &str) {
        let p = self.plot;
        let _ = write!(
            self.body,
            "<clipPath id=\"{}-clip-{class}\"><rect x=\"",
            self.id
        );
        push_px(&mut self.body, p.left);
        self.body.push_str("\" y=\"");
        push_px(&mut self.body, p.top);
        self.body.push_str("\" width=\"");
        push_px(&mut self.body, p.width());
        self.body.push_str("\" height=\"");
        push_px(&mut self.body, p.height());
        let _ = write!(
            self.body,
            "\"/></clipPath><g class=\"{class}\" clip-path=\"url(#{}-clip-{class})\">",
            self.id
        );
    }

    /// A polyline through `points` (pixels).
    pub(crate) fn polyline(
        &mut self,
        points: &[(f64, f64)],
        colour: Colour,
        stroke_width: f64,
        dash: Dash,
        class: &str,
    ) {
        if points.is_empty() {
            return;
        }
        let _ = write!(self.body, "<polyline class=\"{class}\" points=\"");
        push_points(&mut self.body, points);
        let _ = write!(
            self.body,
            "\" fill=\"none\" stroke=\"{}\" stroke-width=\"{stroke_width}\" stroke-linejoin=\"round\"",
            colour.hex()
        );
        if let Some(pattern) = dash.pattern() {
            let _ = write!(self.body, " stroke-dasharray=\"{pattern}\"");
        }
        self.body.push_str("/>");
    }

    /// A line from value `(x, y)` pairs with `None` for a gap: one polyline per unbroken
    /// run, and a marker on a point that stands alone so it is not lost.
    pub(crate) fn line_with_gaps(
        &mut self,
        points: &[(f64, Option<f64>)],
        colour: Colour,
        stroke_width: f64,
        dash: Dash,
        class: &str,
    ) -> usize {
        let mut runs = 0;
        for run in runs_of(points) {
            let pixels: Vec<(f64, f64)> = run
                .iter()
                .map(|(x, y)| (self.x.at(*x), self.y.at(*y)))
                .collect();
            if let [(x, y)] = pixels.as_slice() {
                self.shape(
                    Shape::Circle,
                    *x,
                    *y,
                    stroke_width + 1.5,
                    colour,
                    colour,
                    class,
                );
            } else {
                self.polyline(&pixels, colour, stroke_width, dash, class);
            }
            runs += 1;
        }
        runs
    }

    /// A closed shape (band) through pixel points.
    pub(crate) fn polygon(
        &mut self,
        points: &[(f64, f64)],
        fill: Colour,
        opacity: f64,
        class: &str,
    ) {
        if points.len() < 3 {
            return;
        }
        let _ = write!(self.body, "<polygon class=\"{class}\" points=\"");
        push_points(&mut self.body, points);
        let _ = write!(
            self.body,
            "\" fill=\"{}\" fill-opacity=\"{opacity}\" stroke=\"none\"/>",
            fill.hex()
        );
    }

    /// A rectangle between two pixel corners, in any order.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn rect(
        &mut self,
        (x0, y0): (f64, f64),
        (x1, y1): (f64, f64),
        fill: Colour,
        edge: Option<Colour>,
        class: &str,
        title: Option<&str>,
    ) {
        let (left, right) = (x0.min(x1), x0.max(x1));
        let (top, bottom) = (y0.min(y1), y0.max(y1));
        let _ = write!(self.body, "<rect class=\"{class}\" x=\"");
        push_px(&mut self.body, left);
        self.body.push_str("\" y=\"");
        push_px(&mut self.body, top);
        self.body.push_str("\" width=\"");
        push_px(&mut self.body, right - left);
        self.body.push_str("\" height=\"");
        push_px(&mut self.body, bottom - top);
        let _ = write!(self.body, "\" fill=\"{}\"", fill.hex());
        if let Some(edge) = edge {
            let _ = write!(self.body, " stroke=\"{}\" stroke-width=\"1\"", edge.hex());
        }
        match title {
            Some(t) => {
                let _ = write!(
                    self.body,
                    "><title>{}</title></rect>",
                    escape_xml(&super::text::clean(t))
                );
            }
            None => self.body.push_str("/>"),
        }
    }

    /// A marker of `shape` centred on a pixel, `r` its half-size.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn shape(
        &mut self,
        shape: Shape,
        x: f64,
        y: f64,
        r: f64,
        fill: Colour,
        edge: Colour,
        class: &str,
    ) {
        shape_into(&mut self.body, shape, x, y, r, fill, edge, class, "");
    }

    /// A marker with data attributes (already escaped) and a tooltip (escaped here).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn shape_with(
        &mut self,
        shape: Shape,
        (x, y): (f64, f64),
        r: f64,
        fill: Colour,
        edge: Colour,
        class: &str,
        attributes: &str,
        title: &str,
    ) {
        let mut attributes = attributes.to_owned();
        attributes.push_str("><title>");
        attributes.push_str(&escape_xml(&super::text::clean(title)));
        // `shape_into` closes the tag this leaves open.
        attributes.push_str("</title");
        shape_into(
            &mut self.body,
            shape,
            x,
            y,
            r,
            fill,
            edge,
            class,
            &attributes,
        );
    }

    /// A label at a pixel (baseline `y`), cut to fit its style's width.
    pub(crate) fn text(&mut self, x: f64, y: f64, label: &str, style: Style, class: &str) {
        text_into(&mut self.body, x, y, label, style, class);
    }

    /// Text wrapped onto at most `max_lines` lines of `line_height`, the first baseline at
    /// `y`; text that still does not fit ends with an ellipsis and keeps its whole in a
    /// `<title>`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn paragraph(
        &mut self,
        x: f64,
        y: f64,
        text: &str,
        style: Style,
        line_height: f64,
        max_lines: usize,
        class: &str,
    ) {
        let (lines, cut) = wrap(text, style.size, style.max_width, max_lines);
        let _ = write!(self.body, "<g class=\"{class}\">");
        if cut {
            let _ = write!(
                self.body,
                "<title>{}</title>",
                escape_xml(&super::text::clean(text))
            );
        }
        for (i, line) in lines.iter().enumerate() {
            let style = Style {
                max_width: f64::MAX,
                ..style
            };
            text_into(
                &mut self.body,
                x,
                y + i as f64 * line_height,
                line,
                style,
                "line",
            );
        }
        self.body.push_str("</g>");
    }

    /// A straight line between two pixels.
    pub(crate) fn segment(
        &mut self,
        from: (f64, f64),
        to: (f64, f64),
        colour: Colour,
        stroke_width: f64,
        dash: Dash,
        class: &str,
    ) {
        self.polyline(&[from, to], colour, stroke_width, dash, class);
    }

    /// A message in the middle of the plot, for a chart with nothing to draw.
    pub(crate) fn empty_message(&mut self, message: &str) {
        let x = (self.plot.left + self.plot.right) / 2.0;
        let y = (self.plot.top + self.plot.bottom) / 2.0;
        let style = Style {
            colour: SECONDARY,
            ..Style::label(Anchor::Middle, self.plot.width().max(40.0))
        };
        self.text(x, y, message, style, "no-data");
    }
}

/// Labels for positions 0, 1, …: every `step`-th, the step the smallest of 1, 2, 3, 4, 6,
/// 12, 24, … (whole quarters and years of months) that lets the labels fit `width` px.
pub(crate) fn label_ticks(labels: &[String], width: f64) -> Vec<(f64, String)> {
    let widest = labels
        .iter()
        .map(|l| text_width(l, LABEL_SIZE))
        .fold(0.0, f64::max)
        + 14.0;
    let fits = ((width / widest).floor() as usize).max(1);
    let mut step = 1usize;
    for candidate in [1usize, 2, 3, 4, 6, 12, 24, 36, 60, 120, 240, 600, 1200] {
        step = candidate;
        if labels.len().div_ceil(candidate) <= fits {
            break;
        }
    }
    while labels.len().div_ceil(step) > fits {
        step = step.saturating_mul(2);
    }
    labels
        .iter()
        .enumerate()
        .step_by(step.max(1))
        .map(|(i, l)| (i as f64, l.clone()))
        .collect()
}

/// Moves labels' pixel heights apart so none is closer than `gap` to the next, keeping
/// them between `top` and `bottom` (direct labels at the ends of lines that end close).
pub(crate) fn spread(ys: &mut [f64], gap: f64, top: f64, bottom: f64) {
    let mut order: Vec<usize> = (0..ys.len()).collect();
    order.sort_by(|a, b| {
        let (ya, yb) = (ys.get(*a).copied(), ys.get(*b).copied());
        ya.unwrap_or(0.0).total_cmp(&yb.unwrap_or(0.0))
    });
    let mut previous = f64::NEG_INFINITY;
    for &i in &order {
        if let Some(y) = ys.get_mut(i) {
            *y = y.max(previous + gap).max(top);
            previous = *y;
        }
    }
    // Pushed past the bottom: shift the stack back up.
    let overflow = previous - bottom;
    if overflow > 0.0 {
        for &i in order.iter().rev() {
            if let Some(y) = ys.get_mut(i) {
                *y -= overflow;
            }
        }
    }
}

fn push_points(out: &mut String, points: &[(f64, f64)]) {
    for (i, (x, y)) in points.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push_px(out, *x);
        out.push(',');
        push_px(out, *y);
    }
}

/// Splits `(x, y)` points at each `None` into unbroken runs.
pub(crate) fn runs_of(points: &[(f64, Option<f64>)]) -> Vec<Vec<(f64, f64)>> {
    let mut runs = Vec::new();
    let mut current = Vec::new();
    for (x, y) in points {
        match y.filter(|v| v.is_finite()) {
            Some(y) => current.push((*x, y)),
            None if !current.is_empty() => runs.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

#[allow(clippy::too_many_arguments)]
fn shape_into(
    out: &mut String,
    shape: Shape,
    x: f64,
    y: f64,
    r: f64,
    fill: Colour,
    edge: Colour,
    class: &str,
    attributes: &str,
) {
    let _ = write!(
        out,
        "<g class=\"{class}\" data-shape=\"{}\"{attributes}>",
        shape.name()
    );
    match shape {
        Shape::Circle => {
            out.push_str("<circle cx=\"");
            push_px(out, x);
            out.push_str("\" cy=\"");
            push_px(out, y);
            out.push_str("\" r=\"");
            push_px(out, r);
            out.push('"');
        }
        Shape::Square => {
            let side = r * 1.7;
            out.push_str("<rect x=\"");
            push_px(out, x - side / 2.0);
            out.push_str("\" y=\"");
            push_px(out, y - side / 2.0);
            out.push_str("\" width=\"");
            push_px(out, side);
            out.push_str("\" height=\"");
            push_px(out, side);
            out.push('"');
        }
        Shape::TriangleUp | Shape::TriangleDown | Shape::Diamond => {
            let r = r * 1.25;
            let points: Vec<(f64, f64)> = match shape {
                Shape::TriangleUp => vec![(x, y - r), (x + r, y + r * 0.8), (x - r, y + r * 0.8)],
                Shape::TriangleDown => {
                    vec![(x, y + r), (x + r, y - r * 0.8), (x - r, y - r * 0.8)]
                }
                _ => vec![(x, y - r), (x + r, y), (x, y + r), (x - r, y)],
            };
            out.push_str("<polygon points=\"");
            push_points(out, &points);
            out.push('"');
        }
    }
    let _ = write!(
        out,
        " fill=\"{}\" stroke=\"{}\" stroke-width=\"1.5\"/></g>",
        fill.hex(),
        edge.hex()
    );
}

fn swatch(out: &mut String, swatch: Swatch, x: f64, mid: f64) {
    match swatch {
        Swatch::Line {
            colour,
            dash,
            shape,
        } => {
            let _ = write!(out, "<polyline class=\"swatch\" points=\"");
            push_points(out, &[(x, mid), (x + 24.0, mid)]);
            let _ = write!(
                out,
                "\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\"",
                colour.hex()
            );
            if let Some(pattern) = dash.pattern() {
                let _ = write!(out, " stroke-dasharray=\"{pattern}\"");
            }
            out.push_str("/>");
            if let Some(shape) = shape {
                shape_into(out, shape, x + 12.0, mid, 4.0, colour, colour, "swatch", "");
            }
        }
        Swatch::Mark { shape, fill, edge } => {
            shape_into(out, shape, x + 12.0, mid, 5.0, fill, edge, "swatch", "");
        }
        Swatch::Block {
            fill,
            edge,
            opacity,
        } => {
            out.push_str("<rect class=\"swatch\" x=\"");
            push_px(out, x);
            out.push_str("\" y=\"");
            push_px(out, mid - 6.0);
            let _ = write!(
                out,
                "\" width=\"24\" height=\"12\" fill=\"{}\" fill-opacity=\"{opacity}\" stroke=\"{}\"/>",
                fill.hex(),
                edge.hex()
            );
        }
        Swatch::Icon { fill, edge, letter } => {
            out.push_str("<g class=\"icon\"><circle cx=\"");
            push_px(out, x + 12.0);
            out.push_str("\" cy=\"");
            push_px(out, mid);
            let _ = write!(
                out,
                "\" r=\"9\" fill=\"{}\" stroke=\"{}\" stroke-width=\"2\"/>",
                fill.hex(),
                edge.hex()
            );
            if letter != ' ' {
                out.push_str("<text x=\"");
                push_px(out, x + 12.0);
                out.push_str("\" y=\"");
                push_px(out, mid + 4.0);
                let _ = write!(
                    out,
                    "\" font-size=\"11\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"{}\">{}</text>",
                    super::palette::ink_on(fill).hex(),
                    escape_xml(letter.encode_utf8(&mut [0; 4]))
                );
            }
            out.push_str("</g>");
        }
    }
}

pub(crate) fn text_into(out: &mut String, x: f64, y: f64, label: &str, style: Style, class: &str) {
    let fitted = fit(label, style.size, style.max_width);
    label_into(out, x, y, &fitted, style, class);
}

fn label_into(out: &mut String, x: f64, y: f64, fitted: &Fitted, style: Style, class: &str) {
    if fitted.shown.is_empty() {
        return;
    }
    if fitted.truncated {
        let _ = write!(
            out,
            "<g class=\"truncated\"><title>{}</title>",
            escape_xml(&fitted.full)
        );
    }
    let _ = write!(out, "<text class=\"{class}\" x=\"");
    push_px(out, x);
    out.push_str("\" y=\"");
    push_px(out, y);
    let anchor = match style.anchor {
        Anchor::Start => "start",
        Anchor::Middle => "middle",
        Anchor::End => "end",
    };
    let _ = write!(
        out,
        "\" font-size=\"{}\" fill=\"{}\" text-anchor=\"{anchor}\"",
        style.size,
        style.colour.hex()
    );
    if style.bold {
        out.push_str(" font-weight=\"bold\"");
    }
    let _ = write!(out, ">{}</text>", escape_xml(&fitted.shown));
    if fitted.truncated {
        out.push_str("</g>");
    }
}

/// The label of the tick nearest `value` (plotters asks for labels by position).
fn nearest_label(ticks: &[(f64, String)], value: f64) -> String {
    ticks
        .iter()
        .min_by(|a, b| (a.0 - value).abs().total_cmp(&(b.0 - value).abs()))
        .map(|t| super::text::isolate(&super::text::clean(&t.1)))
        .unwrap_or_default()
}

fn rgb(c: Colour) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

fn err(e: impl std::fmt::Display) -> ChartError {
    ChartError(e.to_string())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        let (ticks, step) = nice_ticks(0.0, 851.0, 6);
        assert_eq!(step, 200.0);
        assert_eq!(ticks.first(), Some(&0.0));
        assert_eq!(ticks.last(), Some(&1000.0));
        let (ticks, step) = nice_ticks(-12.5, 30.0, 6);
        assert_eq!(step, 10.0);
        assert_eq!(ticks, vec![-20.0, -10.0, 0.0, 10.0, 20.0, 30.0]);
        assert_eq!(nice_ticks(5.0, 5.0, 6).0, vec![5.0]);
        assert!(nice_ticks(0.0, 1e300, 6).0.len() <= 12);
    }

    #[test]
    fn extents_are_never_empty_or_infinite() {
        assert_eq!(extent([].into_iter(), true), (0.0, 1.0));
        assert_eq!(extent([0.0, 0.0].into_iter(), true), (0.0, 1.0));
        assert_eq!(extent([5.0].into_iter(), false), (4.5, 5.5));
        assert_eq!(extent([f64::NAN, 3.0].into_iter(), true), (0.0, 3.0));
        let (lo, hi) = extent([f64::MAX, -f64::MAX].into_iter(), false);
        assert!((hi - lo).is_finite());
    }

    #[test]
    fn scales_map_linearly_and_hold_wild_values_near_the_plot() {
        let s = Scale::new((0.0, 10.0), (100.0, 0.0));
        assert_eq!(s.at(5.0), 50.0);
        assert_eq!(s.at(1e300), -100.0);
        assert_eq!(s.at(f64::NAN), 100.0);
        let bad = Scale::new((3.0, 3.0), (0.0, 10.0));
        assert_eq!(bad.domain(), (0.0, 1.0));
    }

    #[test]
    fn gaps_split_runs() {
        let runs = runs_of(&[
            (0.0, Some(1.0)),
            (1.0, None),
            (2.0, Some(2.0)),
            (3.0, Some(f64::NAN)),
            (4.0, Some(3.0)),
            (5.0, Some(4.0)),
        ]);
        assert_eq!(runs.len(), 3);
        assert_eq!(runs[2], vec![(4.0, 3.0), (5.0, 4.0)]);
    }
}
