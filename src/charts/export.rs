//! A chart as files to save: the SVG as a standalone document (what PowerPoint, Word and
//! Inkscape open), its size in pixels (the PNG is drawn at twice it), and a file name made
//! from its title.

use super::palette::WHITE;

const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const SVG_NAMESPACE: &str = "http://www.w3.org/2000/svg";

/// The chart's SVG as a file of its own: an XML declaration, the SVG namespace, and a white
/// background behind everything, so the picture reads the same on a dark slide or in a
/// viewer that shows transparency as a checkerboard. The charts already paint a white
/// background; one is added only to an SVG that has none.
pub fn standalone_svg(svg: &str) -> String {
    let svg = svg.trim_start_matches('\u{feff}').trim();
    let svg = svg
        .strip_prefix("<?xml")
        .and_then(|rest| rest.split_once("?>"))
        .map_or(svg, |(_, rest)| rest.trim_start());
    let Some(open_end) = root_tag_end(svg) else {
        return format!("{XML_DECLARATION}{svg}\n");
    };
    let (open, rest) = svg.split_at(open_end);
    // `<svg …/>` has nothing inside: it gets a closing tag for the background to go in.
    let (open, rest) = match open.strip_suffix('/') {
        Some(open) => (open, "></svg>"),
        None => (open, rest),
    };
    let mut out = String::with_capacity(svg.len() + 200);
    out.push_str(XML_DECLARATION);
    out.push_str(open);
    if attribute(open, "xmlns").is_none() {
        out.insert_str(
            XML_DECLARATION.len() + "<svg".len(),
            &format!(" xmlns=\"{SVG_NAMESPACE}\""),
        );
    }
    out.push('>');
    let rest = rest.strip_prefix('>').unwrap_or(rest);
    if !rest.contains("class=\"background\"") {
        out.push_str(&format!(
            "<rect width=\"100%\" height=\"100%\" fill=\"{}\"/>",
            WHITE.hex()
        ));
    }
    out.push_str(rest);
    out.push('\n');
    out
}

/// The root `<svg>` element's width and height in pixels, from its attributes or else its
/// viewBox; `None` when neither gives a positive size.
pub fn svg_size(svg: &str) -> Option<(u32, u32)> {
    let start = svg.find("<svg")?;
    let open = svg.get(start..start + root_tag_end(svg.get(start..)?)?)?;
    let pixels = |name: &str| -> Option<f64> {
        let value = attribute(open, name)?;
        value.trim().trim_end_matches("px").parse::<f64>().ok()
    };
    let (width, height) = match (pixels("width"), pixels("height")) {
        (Some(w), Some(h)) => (w, h),
        _ => {
            let view_box: Vec<f64> = attribute(open, "viewBox")?
                .split([' ', ','])
                .filter(|s| !s.is_empty())
                .filter_map(|s| s.parse().ok())
                .collect();
            match view_box.as_slice() {
                [_, _, w, h] => (*w, *h),
                _ => return None,
            }
        }
    };
    let whole = |v: f64| (1.0..=100_000.0).contains(&v).then(|| v.round() as u32);
    Some((whole(width)?, whole(height)?))
}

/// A file name for the chart's downloads, without extension: `safer-trends-` and the title
/// in lower-case ASCII words joined by hyphens (`Burglary by month` →
/// `safer-trends-burglary-by-month`), never more than 80 characters.
pub fn file_stem(title: &str) -> String {
    let mut slug = String::new();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if slug.len() + word.len() + 1 > 60 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word.to_ascii_lowercase());
    }
    if slug.is_empty() {
        "safer-trends-chart".to_owned()
    } else {
        format!("safer-trends-{slug}")
    }
}

/// Where the root element's opening tag ends (the index of its `>`, after any `/`), skipping
/// `>` inside quoted attribute values.
fn root_tag_end(svg: &str) -> Option<usize> {
    if !svg.starts_with("<svg") {
        return None;
    }
    let mut quote = None;
    for (i, c) in svg.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// The value of attribute `name` in an opening tag (double- or single-quoted).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(found) = tag.get(from..)?.find(name) {
        let at = from + found;
        from = at + name.len();
        let before = tag.get(..at)?.chars().next_back();
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let rest = tag.get(from..)?.trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let q = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value = rest.get(1..)?;
        return value.find(q).and_then(|end| value.get(..end));
    }
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::charts::test_support::parse;
    use crate::charts::{Frame, SpcSpec, spc_chart};
    use crate::model::{Month, Period};
    use crate::stats::spc::{SpcOptions, xmr};

    fn drawn() -> crate::charts::Chart {
        let values: Vec<f64> = (0..14).map(|i| 30.0 + f64::from(i % 4)).collect();
        let chart = xmr(&values, &SpcOptions::default()).unwrap();
        let periods = Month::new(2023, 1)
            .unwrap()
            .through(Month::new(2024, 2).unwrap())
            .map(Period::Month)
            .collect();
        spc_chart(&SpcSpec {
            frame: Frame::new("spc-x", "Robbery <&> \"held\" steady", (640, 300)),
            periods,
            chart: &chart,
            y_title: "Number of crimes".into(),
            decimals: 0,
            target: None,
        })
        .unwrap()
    }

    #[test]
    fn a_drawn_chart_becomes_a_standalone_document_with_its_title_and_white_background() {
        let chart = drawn();
        let file = standalone_svg(&chart.svg);
        assert!(file.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
        // An independent XML parser reads it, with the SVG namespace and the title escaped.
        let doc = roxmltree::Document::parse(&file).unwrap();
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.tag_name().namespace(), Some(SVG_NAMESPACE));
        let title = root
            .children()
            .find(|n| n.has_tag_name("title"))
            .and_then(|n| n.text());
        assert_eq!(title, Some("Robbery <&> \"held\" steady"));
        // The first thing painted is a white rectangle covering the picture, and only one.
        let rects: Vec<_> = root.children().filter(|n| n.has_tag_name("rect")).collect();
        assert_eq!(rects[0].attribute("fill"), Some("#FFFFFF"));
        assert_eq!(file.matches("class=\"background\"").count(), 1);
        assert!(!file.contains("<rect width=\"100%\""));
        assert_eq!(svg_size(&file), Some((640, 300)));
        // The page's copy parses the same way (the test helper is the charts' own checker).
        parse(&chart.svg);
    }

    #[test]
    fn a_bare_svg_gets_a_namespace_and_background_and_an_old_declaration_is_replaced() {
        let file = standalone_svg(
            "<?xml version=\"1.0\"?>\n<svg viewBox=\"0 0 120 40\" data-x=\"a>b\"><circle r=\"2\"/></svg>",
        );
        assert_eq!(file.matches("<?xml").count(), 1);
        let doc = roxmltree::Document::parse(&file).unwrap();
        let root = doc.root_element();
        assert_eq!(root.tag_name().namespace(), Some(SVG_NAMESPACE));
        assert_eq!(root.attribute("data-x"), Some("a>b"));
        let first = root.first_element_child().unwrap();
        assert!(first.has_tag_name("rect"));
        assert_eq!(first.attribute("fill"), Some("#FFFFFF"));
        assert_eq!(svg_size(&file), Some((120, 40)));
        let empty = standalone_svg("<svg width=\"3\" height=\"4\"/>");
        let doc = roxmltree::Document::parse(&empty).unwrap();
        assert_eq!(doc.root_element().children().count(), 1);
        // Not an SVG at all: declared, but otherwise left as it was.
        assert_eq!(standalone_svg("<p>"), format!("{XML_DECLARATION}<p>\n"));
    }

    #[test]
    fn sizes_come_from_width_and_height_or_the_view_box() {
        assert_eq!(
            svg_size("<svg width=\"880\" height=\"360px\" viewBox=\"0 0 1 1\">"),
            Some((880, 360))
        );
        assert_eq!(svg_size("<svg viewBox='0,0,420,220'>"), Some((420, 220)));
        // A data- attribute that ends in "width" is not the width.
        assert_eq!(
            svg_size("<svg data-width=\"5\" viewBox=\"0 0 10 20\">"),
            Some((10, 20))
        );
        assert_eq!(svg_size("<svg width=\"100%\" height=\"2\">"), None);
        assert_eq!(svg_size("<svg width=\"0\" height=\"2\">"), None);
        assert_eq!(svg_size("<div>"), None);
        assert_eq!(svg_size(""), None);
    }

    #[test]
    fn file_names_are_plain_words_of_the_title() {
        assert_eq!(
            file_stem("Burglary by month, City of London"),
            "safer-trends-burglary-by-month-city-of-london"
        );
        assert_eq!(
            file_stem("Anti-social behaviour: SPC"),
            "safer-trends-anti-social-behaviour-spc"
        );
        assert_eq!(file_stem("«» ✨"), "safer-trends-chart");
        assert_eq!(file_stem("../../etc/passwd"), "safer-trends-etc-passwd");
        let long = file_stem(&"word ".repeat(100));
        assert!(long.len() <= 80, "{long}");
        assert!(!long.ends_with('-'));
    }
}
