//! Hotspots: the density of police.uk crime locations in an area as hexagonal bins (no base
//! map), beside a ranked table of LSOAs.
//!
//! Points are projected onto a flat plane before binning: equirectangular, with longitude
//! scaled by the cosine of the points' median latitude, in metres. Across a community
//! safety partnership (tens of kilometres) that distorts distances by well under 1%, so
//! hexes are the same size on the ground wherever they are. police.uk moves every crime to
//! an anonymised "snap point" (the middle of a nearby street, or a public place), so many
//! crimes share one location: a hex shows where the snap points are, not exact addresses,
//! and the chart says so.

use std::collections::BTreeMap;

use super::frame::{Anchor, Canvas, Dash, LegendItem, Margins, Style, Swatch};
use super::palette::{CATEGORICAL, SECONDARY, SEQUENTIAL, TEXT, ink_on};
use super::text::{clean, format_number};
use super::{Cell, Chart, ChartError, DataTable, Frame, escape_xml, thousands};

const METRES_PER_DEGREE_LAT: f64 = 110_574.0;
const METRES_PER_DEGREE_LON_AT_EQUATOR: f64 = 111_320.0;
/// Points farther than this from the median point are left out: one stray coordinate
/// (a typo, or a 0,0) would otherwise shrink the whole area into a corner.
const MAX_DISTANCE_M: f64 = 50_000.0;
const SQRT3: f64 = 1.732_050_807_568_877_2;

/// What police.uk's locations are, in words for the chart and its summary.
pub const SNAP_POINT_CAVEAT: &str = "police.uk places each crime at an anonymised map point \
    (the middle of a nearby street or a public place), so hexes show where those points are, \
    not exact locations.";

/// One hexagon with its count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HexBin {
    /// Axial coordinates of the hex.
    pub q: i64,
    pub r: i64,
    /// Its centre as (longitude, latitude).
    pub centre: (f64, f64),
    pub count: u64,
}

/// Crime locations binned into hexagons.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Hotspots {
    /// Most crimes first (ties west to east, then south to north, so the order is stable).
    pub bins: Vec<HexBin>,
    /// Centre to corner, in metres.
    pub radius_m: f64,
    /// Points binned.
    pub used: usize,
    /// Points left out: not a real coordinate, or far from the rest.
    pub left_out: usize,
    /// The projection's origin (longitude, latitude).
    origin: (f64, f64),
}

impl Hotspots {
    fn unproject(&self, (x, y): (f64, f64)) -> (f64, f64) {
        let cos = self.origin.1.to_radians().cos().max(0.01);
        (
            self.origin.0 + x / (METRES_PER_DEGREE_LON_AT_EQUATOR * cos),
            self.origin.1 + y / METRES_PER_DEGREE_LAT,
        )
    }
}

fn project(origin: (f64, f64), (lon, lat): (f64, f64)) -> (f64, f64) {
    let cos = origin.1.to_radians().cos().max(0.01);
    (
        (lon - origin.0) * METRES_PER_DEGREE_LON_AT_EQUATOR * cos,
        (lat - origin.1) * METRES_PER_DEGREE_LAT,
    )
}

/// The middle value when each value counts `weight` times.
fn weighted_median(values: &mut [(f64, u64)]) -> Option<f64> {
    values.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: u64 = values.iter().map(|v| v.1).sum();
    let mut seen = 0u64;
    values
        .iter()
        .find(|(_, w)| {
            seen += w;
            seen > total / 2
        })
        .map(|v| v.0)
}

/// A round hex size that gives about 25 hexes across the points' longer side.
fn default_radius(width_m: f64, height_m: f64) -> f64 {
    let target = width_m.max(height_m) / (25.0 * SQRT3);
    [
        25.0, 50.0, 75.0, 100.0, 150.0, 200.0, 250.0, 500.0, 750.0, 1000.0, 2000.0,
    ]
    .into_iter()
    .find(|r| *r >= target)
    .unwrap_or(2000.0)
}

/// The axial hex containing a projected point (pointy-top hexes of `radius`).
fn hex_of((x, y): (f64, f64), radius: f64) -> (i64, i64) {
    let q = (SQRT3 / 3.0 * x - y / 3.0) / radius;
    let r = (2.0 / 3.0 * y) / radius;
    // Round in cube coordinates, fixing the component that rounded furthest.
    let s = -q - r;
    let (mut rq, mut rr, rs) = (q.round(), r.round(), s.round());
    let (dq, dr, ds) = ((rq - q).abs(), (rr - r).abs(), (rs - s).abs());
    if dq > dr && dq > ds {
        rq = -rr - rs;
    } else if dr > ds {
        rr = -rq - rs;
    }
    (rq as i64, rr as i64)
}

fn hex_centre((q, r): (i64, i64), radius: f64) -> (f64, f64) {
    let (q, r) = (q as f64, r as f64);
    (radius * SQRT3 * (q + r / 2.0), radius * 1.5 * r)
}

/// Bins (longitude, latitude) points, each with its number of crimes, into hexagons of
/// `radius_m` metres (centre to corner), or of a size chosen to fit the area when `None`.
/// police.uk puts many crimes on one snap point, so a point comes with its count rather than
/// once per crime.
pub fn hex_bins(points: &[((f64, f64), u64)], radius_m: Option<f64>) -> Hotspots {
    let all: u64 = points.iter().map(|p| p.1).sum();
    let valid: Vec<((f64, f64), u64)> = points
        .iter()
        .copied()
        .filter(|((lon, lat), n)| {
            *n > 0
                && lon.is_finite()
                && lat.is_finite()
                && (-180.0..=180.0).contains(lon)
                && (-85.0..=85.0).contains(lat)
                && !(*lon == 0.0 && *lat == 0.0)
        })
        .collect();
    let mut lons: Vec<(f64, u64)> = valid.iter().map(|p| (p.0.0, p.1)).collect();
    let mut lats: Vec<(f64, u64)> = valid.iter().map(|p| (p.0.1, p.1)).collect();
    let (Some(lon0), Some(lat0)) = (weighted_median(&mut lons), weighted_median(&mut lats)) else {
        return Hotspots {
            left_out: all as usize,
            ..Hotspots::default()
        };
    };
    let origin = (lon0, lat0);
    let projected: Vec<((f64, f64), u64)> = valid
        .iter()
        .map(|(p, n)| (project(origin, *p), *n))
        .filter(|((x, y), _)| x.hypot(*y) <= MAX_DISTANCE_M)
        .collect();
    let (w, h) = projected
        .iter()
        .fold((0.0f64, 0.0f64), |(w, h), ((x, y), _)| {
            (w.max(x.abs() * 2.0), h.max(y.abs() * 2.0))
        });
    // The hex size suits where most crimes are: a few far-flung points (police.uk files
    // include crimes just over a boundary) should not make the centre a handful of hexes.
    let core = |values: Vec<(f64, u64)>| {
        let (lo, hi) = weighted_bounds_at(values.into_iter(), 0.05, 0.95);
        hi - lo
    };
    let core_w = core(projected.iter().map(|p| (p.0.0, p.1)).collect());
    let core_h = core(projected.iter().map(|p| (p.0.1, p.1)).collect());
    // A hex far smaller than the area would make more hexes than anyone can read.
    let floor = w.max(h) / 400.0;
    let radius = radius_m
        .filter(|r| r.is_finite() && *r > 0.0)
        .unwrap_or_else(|| default_radius(core_w, core_h))
        .max(floor)
        .max(1.0);
    let mut counts: BTreeMap<(i64, i64), u64> = BTreeMap::new();
    for (p, n) in &projected {
        *counts.entry(hex_of(*p, radius)).or_insert(0) += n;
    }
    let used: u64 = projected.iter().map(|p| p.1).sum();
    let mut hotspots = Hotspots {
        bins: Vec::with_capacity(counts.len()),
        radius_m: radius,
        used: used as usize,
        left_out: all.saturating_sub(used) as usize,
        origin,
    };
    let mut bins: Vec<HexBin> = counts
        .into_iter()
        .map(|(hex, count)| HexBin {
            q: hex.0,
            r: hex.1,
            centre: hotspots.unproject(hex_centre(hex, radius)),
            count,
        })
        .collect();
    bins.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(a.centre.0.total_cmp(&b.centre.0))
            .then(a.centre.1.total_cmp(&b.centre.1))
    });
    hotspots.bins = bins;
    hotspots
}

/// The 1st and 99th percentiles of values weighted by counts.
fn weighted_bounds(values: impl Iterator<Item = (f64, u64)>) -> (f64, f64) {
    weighted_bounds_at(values, 0.01, 0.99)
}

/// The `low` and `high` shares of values weighted by counts.
fn weighted_bounds_at(values: impl Iterator<Item = (f64, u64)>, low: f64, high: f64) -> (f64, f64) {
    let mut v: Vec<(f64, u64)> = values.collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: u64 = v.iter().map(|x| x.1).sum();
    let at = |share: f64| {
        let wanted = (total as f64 * share).ceil().max(1.0) as u64;
        let mut seen = 0;
        v.iter()
            .find(|(_, w)| {
                seen += w;
                seen >= wanted
            })
            .map_or(0.0, |x| x.0)
    };
    (at(low), at(high))
}

/// Class breaks for the shading: up to five classes of roughly equal numbers of hexes.
/// Returns each class's (lowest, highest) count.
fn classes(bins: &[HexBin]) -> Vec<(u64, u64)> {
    let mut counts: Vec<u64> = bins.iter().map(|b| b.count).collect();
    counts.sort_unstable();
    counts.dedup();
    let k = counts.len().min(SEQUENTIAL.len());
    (0..k)
        .filter_map(|i| {
            let lo = counts.get(i * counts.len() / k)?;
            let hi = counts.get(((i + 1) * counts.len() / k).saturating_sub(1))?;
            Some((*lo, *hi))
        })
        .collect()
}

fn class_of(count: u64, classes: &[(u64, u64)]) -> usize {
    classes
        .iter()
        .position(|(_, hi)| count <= *hi)
        .unwrap_or(classes.len().saturating_sub(1))
}

/// A hex map of crime locations.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HotspotsChart {
    pub frame: Frame,
    /// Each location (longitude, latitude) with its number of crimes.
    pub points: Vec<((f64, f64), u64)>,
    /// Hex size in metres (centre to corner); `None` chooses one to fit the area.
    pub radius_m: Option<f64>,
}

/// Draws the hex map. Errors when no point has a usable location.
pub fn hotspots(spec: &HotspotsChart) -> Result<Chart, ChartError> {
    let bins = hex_bins(&spec.points, spec.radius_m);
    if bins.bins.is_empty() {
        return Err(ChartError("no crime has a usable location".into()));
    }
    let classes = classes(&bins.bins);
    // Light to dark, spreading the classes over the whole ramp.
    let shade = |class: usize| {
        let steps = classes.len().max(1);
        let index = if steps == 1 {
            SEQUENTIAL.len() - 1
        } else {
            class * (SEQUENTIAL.len() - 1) / (steps - 1)
        };
        SEQUENTIAL.get(index).copied().unwrap_or(CATEGORICAL[0])
    };
    let legend: Vec<LegendItem> = classes
        .iter()
        .enumerate()
        .map(|(i, (lo, hi))| LegendItem {
            swatch: Swatch::Block {
                fill: shade(i),
                edge: SECONDARY,
                opacity: 1.0,
            },
            label: if lo == hi {
                format!("{} crimes", thousands(*lo))
            } else {
                format!("{} to {} crimes", thousands(*lo), thousands(*hi))
            },
        })
        .collect();
    let margins = Margins {
        left: 0.0,
        right: 0.0,
        bottom: 58.0,
    };
    let mut canvas = Canvas::new(&spec.frame, &legend, margins, None)?;
    let p = canvas.plot;

    // Fit the hexes' extent into the plot, the same scale both ways (north up).
    let centres: Vec<(f64, f64)> = bins
        .bins
        .iter()
        .map(|b| hex_centre((b.q, b.r), bins.radius_m))
        .collect();
    let r = bins.radius_m;
    // The view fits where 98% of crimes are (weighted by hex), so a few far-flung points
    // do not shrink the rest; hexes beyond it are left off the map but kept in the table.
    let weights: Vec<u64> = bins.bins.iter().map(|b| b.count).collect();
    let (lo_x, hi_x) = weighted_bounds(centres.iter().map(|c| c.0).zip(weights.iter().copied()));
    let (lo_y, hi_y) = weighted_bounds(centres.iter().map(|c| c.1).zip(weights.iter().copied()));
    let (min_x, max_x, min_y, max_y) = (
        lo_x - 2.0 * r,
        hi_x + 2.0 * r,
        lo_y - 2.0 * r,
        hi_y + 2.0 * r,
    );
    // A hex is drawn only when all of it fits.
    let in_view = |(x, y): (f64, f64)| {
        (min_x + r..=max_x - r).contains(&x) && (min_y + r..=max_y - r).contains(&y)
    };
    let scale = (p.width() / (max_x - min_x).max(1.0)).min(p.height() / (max_y - min_y).max(1.0));
    let offset_x = p.left + (p.width() - (max_x - min_x) * scale) / 2.0;
    let offset_y = p.top + (p.height() - (max_y - min_y) * scale) / 2.0;
    let to_px = |(x, y): (f64, f64)| {
        (
            offset_x + (x - min_x) * scale,
            offset_y + (max_y - y) * scale,
        )
    };
    let radius_px = r * scale;

    canvas.open("hexes", "");
    let mut beyond = 0u64;
    for (bin, centre) in bins.bins.iter().zip(&centres) {
        if !in_view(*centre) {
            beyond += bin.count;
            continue;
        }
        let (cx, cy) = to_px(*centre);
        let corners: Vec<(f64, f64)> = (0..6)
            .map(|k| {
                let angle = (60.0 * k as f64 - 30.0).to_radians();
                (cx + radius_px * angle.cos(), cy + radius_px * angle.sin())
            })
            .collect();
        let fill = shade(class_of(bin.count, &classes));
        let mut points = String::new();
        for (i, (x, y)) in corners.iter().enumerate() {
            if i > 0 {
                points.push(' ');
            }
            super::text::push_px(&mut points, *x);
            points.push(',');
            super::text::push_px(&mut points, *y);
        }
        let title = format!(
            "{} crime{} within {} m of {:.5}, {:.5}",
            thousands(bin.count),
            if bin.count == 1 { "" } else { "s" },
            format_number(r, 0),
            bin.centre.1,
            bin.centre.0
        );
        canvas.body.push_str(&format!(
            "<polygon class=\"hex\" data-count=\"{}\" points=\"{points}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"0.75\"><title>{}</title></polygon>",
            bin.count,
            fill.hex(),
            SECONDARY.hex(),
            escape_xml(&title)
        ));
        // Counts written in the hexes that have room, so density is not colour alone.
        if radius_px >= 11.0 {
            let style = Style {
                size: 10.0,
                colour: ink_on(fill),
                ..Style::label(Anchor::Middle, radius_px * 1.7)
            };
            canvas.text(cx, cy + 3.5, &thousands(bin.count), style, "hex-count");
        }
    }
    canvas.close();

    // A scale bar of a round length about a fifth of the plot's width.
    let target = p.width() / 5.0 / scale.max(1e-9);
    let metres = [
        50.0, 100.0, 200.0, 250.0, 500.0, 1000.0, 2000.0, 5000.0, 10_000.0, 20_000.0,
    ]
    .into_iter()
    .rev()
    .find(|m| *m <= target)
    .unwrap_or(50.0);
    let bar_y = p.bottom + 14.0;
    let bar_end = p.left + metres * scale;
    canvas.segment(
        (p.left, bar_y),
        (bar_end, bar_y),
        TEXT,
        2.0,
        Dash::Solid,
        "scale-bar",
    );
    let scale_text = if metres >= 1000.0 {
        format!("{} km", format_number(metres / 1000.0, 0))
    } else {
        format!("{} m", format_number(metres, 0))
    };
    canvas.text(
        bar_end + 6.0,
        bar_y + 4.0,
        &scale_text,
        Style::label(Anchor::Start, 80.0),
        "scale-label",
    );
    let north = Style {
        bold: true,
        ..Style::label(Anchor::End, 40.0)
    };
    canvas.text(p.right, p.top + 12.0, "N ↑", north, "north");
    let note = Style {
        colour: SECONDARY,
        size: 11.0,
        ..Style::label(Anchor::Start, p.width())
    };
    canvas.paragraph(
        p.left,
        bar_y + 22.0,
        SNAP_POINT_CAVEAT,
        note,
        14.0,
        2,
        "caveat",
    );

    let mut summary = summarise(&bins);
    if beyond > 0 {
        summary.push_str(&format!(
            " {} crimes far from the rest lie beyond the map's edges; they are in the table.",
            thousands(beyond)
        ));
    }
    let table = DataTable {
        caption: format!(
            "{}: crimes by hexagon, most first",
            clean(&spec.frame.title)
        ),
        columns: [
            "Rank",
            "Latitude (hex centre)",
            "Longitude (hex centre)",
            "Crimes",
        ]
        .iter()
        .map(|c| (*c).to_owned())
        .collect(),
        rows: bins
            .bins
            .iter()
            .enumerate()
            .map(|(i, b)| {
                vec![
                    Cell::Count(i as u64 + 1),
                    Cell::Number(b.centre.1, 5),
                    Cell::Number(b.centre.0, 5),
                    Cell::Count(b.count),
                ]
            })
            .collect(),
    };
    Ok(Chart::assemble(&spec.frame, canvas, summary, table))
}

fn summarise(bins: &Hotspots) -> String {
    let mut text = format!(
        "{} crimes in {} hexagons {} m across.",
        thousands(bins.used as u64),
        thousands(bins.bins.len() as u64),
        format_number(bins.radius_m * SQRT3, 0)
    );
    if let Some(top) = bins.bins.first() {
        let share = top.count as f64 / bins.used.max(1) as f64 * 100.0;
        text.push_str(&format!(
            " The busiest holds {} ({}%), centred at {:.5}, {:.5}.",
            thousands(top.count),
            format_number(share, 1),
            top.centre.1,
            top.centre.0
        ));
    }
    let top5: u64 = bins.bins.iter().take(5).map(|b| b.count).sum();
    if bins.bins.len() > 5 {
        text.push_str(&format!(
            " The five busiest hold {}%.",
            format_number(top5 as f64 / bins.used.max(1) as f64 * 100.0, 1)
        ));
    }
    if bins.left_out > 0 {
        text.push_str(&format!(
            " {} left out: no usable location, or more than 50 km from the rest.",
            thousands(bins.left_out as u64)
        ));
    }
    text.push(' ');
    text.push_str(SNAP_POINT_CAVEAT);
    text
}

/// Crimes in one LSOA.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LsoaCount {
    pub code: String,
    pub name: String,
    pub count: u64,
}

impl LsoaCount {
    /// Counts crimes by LSOA from (code, name) pairs, one per crime; crimes with no LSOA
    /// (police.uk leaves it empty when a crime has no location) are not counted.
    pub fn tally<'a>(rows: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<LsoaCount> {
        let mut counts: BTreeMap<(&str, &str), u64> = BTreeMap::new();
        for (code, name) in rows {
            if !code.trim().is_empty() || !name.trim().is_empty() {
                *counts.entry((code.trim(), name.trim())).or_insert(0) += 1;
            }
        }
        counts
            .into_iter()
            .map(|((code, name), count)| LsoaCount {
                code: code.to_owned(),
                name: name.to_owned(),
                count,
            })
            .collect()
    }
}

/// The LSOAs with most crimes first, at most `limit` of them: rank (equal counts share a
/// rank, 1, 2, 2, 4), code, name, crimes and share of all crimes counted.
pub fn ranked_lsoa_table(counts: &[LsoaCount], limit: usize) -> DataTable {
    let total = counts
        .iter()
        .fold(0u64, |sum, c| sum.saturating_add(c.count));
    let mut sorted: Vec<&LsoaCount> = counts.iter().collect();
    sorted.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    let mut rank = 0u64;
    let mut previous = None;
    let rows = sorted
        .iter()
        .enumerate()
        .take(limit)
        .map(|(i, c)| {
            if previous != Some(c.count) {
                rank = i as u64 + 1;
                previous = Some(c.count);
            }
            vec![
                Cell::Count(rank),
                Cell::Text(c.code.clone()),
                Cell::Text(c.name.clone()),
                Cell::Count(c.count),
                Cell::number(
                    (total > 0).then(|| c.count as f64 / total as f64 * 100.0),
                    1,
                    "",
                ),
            ]
        })
        .collect();
    DataTable {
        caption: format!(
            "LSOAs with most crimes ({} crimes in {} LSOAs)",
            thousands(total),
            thousands(counts.len() as u64)
        ),
        columns: ["Rank", "LSOA code", "LSOA name", "Crimes", "Share (%)"]
            .iter()
            .map(|c| (*c).to_owned())
            .collect(),
        rows,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::charts::test_support::parse;

    #[test]
    fn hexes_tile_the_plane_and_round_trip() {
        for radius in [50.0, 250.0] {
            for (q, r) in [(0, 0), (3, -2), (-7, 5)] {
                let c = hex_centre((q, r), radius);
                assert_eq!(hex_of(c, radius), (q, r));
                // Just inside a corner still belongs to the hex.
                let inside = (c.0 + radius * 0.49, c.1 + radius * 0.49);
                assert_eq!(hex_of(inside, radius), (q, r));
            }
        }
    }

    #[test]
    fn points_are_counted_in_metres_on_the_ground() {
        // 1,000 points at one snap point, 10 at another 1 km east, 1 stray at 0,0.
        let east = -0.1 + 1000.0 / (111_320.0 * 51.5f64.to_radians().cos());
        let points = vec![
            ((-0.1, 51.5), 1000),
            ((east, 51.5), 10),
            ((0.0, 0.0), 1),
            ((f64::NAN, 51.5), 1),
            ((2.35, 48.85), 1), // Paris: far from the rest.
        ];
        let bins = hex_bins(&points, Some(100.0));
        assert_eq!(bins.used, 1010);
        assert_eq!(bins.left_out, 3);
        assert_eq!(bins.bins.len(), 2);
        assert_eq!(bins.bins[0].count, 1000);
        let (a, b) = (bins.bins[0], bins.bins[1]);
        let (xa, _) = hex_centre((a.q, a.r), 100.0);
        let (xb, _) = hex_centre((b.q, b.r), 100.0);
        assert!(((xb - xa) - 1000.0).abs() < 2.0 * 100.0, "{xa} {xb}");
        assert!((a.centre.1 - 51.5).abs() < 0.002);
    }

    #[test]
    fn a_point_with_a_count_bins_like_that_many_points() {
        let spread: Vec<(f64, f64)> = (0..60)
            .map(|i| {
                (
                    -0.09 + f64::from(i % 7) * 0.0013,
                    51.51 + f64::from(i % 5) * 0.0011,
                )
            })
            .collect();
        let one_by_one: Vec<((f64, f64), u64)> = spread.iter().map(|p| (*p, 1)).collect();
        let mut weighted: BTreeMap<(u64, u64), u64> = BTreeMap::new();
        for (lon, lat) in &spread {
            *weighted.entry((lon.to_bits(), lat.to_bits())).or_default() += 1;
        }
        let weighted: Vec<((f64, f64), u64)> = weighted
            .into_iter()
            .map(|((lon, lat), n)| ((f64::from_bits(lon), f64::from_bits(lat)), n))
            .collect();
        assert!(weighted.len() < one_by_one.len());
        assert_eq!(hex_bins(&weighted, None), hex_bins(&one_by_one, None));
        assert_eq!(hex_bins(&weighted, None).used, 60);
    }

    #[test]
    fn the_map_has_a_hex_per_bin_a_scale_and_the_caveat() {
        let points: Vec<((f64, f64), u64)> = (0..500)
            .map(|i| {
                (
                    (
                        -0.1 + f64::from(i % 20) * 0.001,
                        51.5 + f64::from(i / 20) * 0.0007,
                    ),
                    1,
                )
            })
            .collect();
        let spec = HotspotsChart {
            frame: Frame::new("hot", "Crime clusters near the station", (700, 520)),
            points,
            radius_m: None,
        };
        let chart = hotspots(&spec).unwrap();
        let doc = parse(&chart.svg);
        let hexes = doc.all("polygon", "hex");
        assert_eq!(hexes.len(), chart.table.rows.len());
        let total: u64 = hexes
            .iter()
            .map(|h| h.attribute("data-count").unwrap().parse::<u64>().unwrap())
            .sum();
        assert_eq!(total, 500);
        let caveat = doc.all("g", "caveat")[0]
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect::<String>();
        assert!(caveat.starts_with("police.uk places"), "{caveat}");
        assert_eq!(doc.count("polyline", "scale-bar"), 1);
        assert!(chart.summary.contains("anonymised map point"));
        assert_eq!(chart.table.rows[0][0], Cell::Count(1));
        assert!(hotspots(&HotspotsChart::default()).is_err());
    }

    #[test]
    fn lsoas_rank_with_shared_ranks_and_neutralised_names() {
        let counts = LsoaCount::tally([
            ("E01000001", "City of London 001A"),
            ("E01000001", "City of London 001A"),
            ("E01000002", "=HYPERLINK(\"x\")"),
            ("E01000002", "=HYPERLINK(\"x\")"),
            ("E01000003", "City of London 001C"),
            ("", ""),
        ]);
        assert_eq!(counts.len(), 3);
        let table = ranked_lsoa_table(&counts, 10);
        let ranks: Vec<&Cell> = table.rows.iter().map(|r| &r[0]).collect();
        assert_eq!(
            ranks,
            vec![&Cell::Count(1), &Cell::Count(1), &Cell::Count(3)]
        );
        assert_eq!(table.rows[2][4], Cell::Number(20.0, 1));
        assert!(table.csv().contains("'=HYPERLINK"));
        assert_eq!(ranked_lsoa_table(&counts, 1).rows.len(), 1);
        assert!(ranked_lsoa_table(&[], 5).rows.is_empty());
    }
}
