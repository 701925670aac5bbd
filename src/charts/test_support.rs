//! Reading charts back in tests: the SVG parsed as XML (so it must be well formed), with
//! finders for the elements the chart kinds mark with classes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use roxmltree::{Document, Node};

pub(crate) struct Doc<'a> {
    doc: Document<'a>,
}

/// Parses an SVG, failing the test if it is not well-formed XML.
pub(crate) fn parse(svg: &str) -> Doc<'_> {
    let doc = Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed: {e}\n{svg}"));
    Doc { doc }
}

fn has_class(node: &Node<'_, '_>, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|c| c.split(' ').any(|c| c == class))
}

fn text_of(node: &Node<'_, '_>) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<String>()
        .trim()
        .to_owned()
}

fn parse_points(text: &str) -> Vec<(f64, f64)> {
    text.split_whitespace()
        .map(|pair| {
            let (x, y) = pair.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

impl<'a> Doc<'a> {
    pub(crate) fn root(&self) -> Node<'_, 'a> {
        self.doc.root_element()
    }

    /// Elements named `tag` with `class`.
    pub(crate) fn all(&self, tag: &str, class: &str) -> Vec<Node<'_, 'a>> {
        self.doc
            .descendants()
            .filter(|n| n.has_tag_name(tag) && has_class(n, class))
            .collect()
    }

    pub(crate) fn count(&self, tag: &str, class: &str) -> usize {
        self.all(tag, class).len()
    }

    /// Every element inside an element with `class`.
    pub(crate) fn descendants_of_class(&self, class: &str) -> impl Iterator<Item = Node<'_, 'a>> {
        self.doc
            .descendants()
            .filter(move |n| n.is_element() && has_class(n, class))
            .flat_map(|n| n.descendants().filter(|d| d.is_element()))
    }

    /// The text of every `<text>` element, in order.
    pub(crate) fn texts(&self) -> Vec<String> {
        self.doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| text_of(&n))
            .collect()
    }

    /// The text of every `<text>` with `class`.
    pub(crate) fn texts_of_class(&self, class: &str) -> Vec<String> {
        self.all("text", class).iter().map(text_of).collect()
    }

    /// The text of the element with `id`.
    pub(crate) fn by_id(&self, id: &str) -> Option<String> {
        self.doc
            .descendants()
            .find(|n| n.attribute("id") == Some(id))
            .map(|n| text_of(&n))
    }

    /// The points of every `<polyline>` with `class`.
    pub(crate) fn polyline_points(&self, class: &str) -> Vec<Vec<(f64, f64)>> {
        self.all("polyline", class)
            .iter()
            .map(|n| parse_points(n.attribute("points").unwrap_or_default()))
            .collect()
    }

    /// The y of the axis label reading `label` (plotters centres a y label on its tick).
    pub(crate) fn tick_y(&self, label: &str) -> Option<f64> {
        self.doc
            .descendants()
            .filter(|n| n.has_tag_name("text") && text_of(n) == label)
            .find(|n| n.ancestors().any(|a| has_class(&a, "axes")))
            .and_then(|n| n.attribute("y")?.parse().ok())
    }

    /// The x of the axis label reading `label`.
    pub(crate) fn tick_x(&self, label: &str) -> Option<f64> {
        self.doc
            .descendants()
            .filter(|n| n.has_tag_name("text") && text_of(n) == label)
            .find(|n| n.ancestors().any(|a| has_class(&a, "axes")))
            .and_then(|n| n.attribute("x")?.parse().ok())
    }

    /// Every label cut to fit: (the full text in its `<title>`, the text shown).
    pub(crate) fn truncated(&self) -> Vec<(String, String)> {
        self.all("g", "truncated")
            .iter()
            .map(|g| {
                let title = g.children().find(|c| c.has_tag_name("title")).unwrap();
                let text = g.children().find(|c| c.has_tag_name("text")).unwrap();
                (text_of(&title), text_of(&text))
            })
            .collect()
    }

    /// The centre of a marker group (circle, rect or polygon inside it).
    pub(crate) fn centre(node: &Node<'_, '_>) -> (f64, f64) {
        let shape = node
            .descendants()
            .find(|n| n.is_element() && n != node && !n.has_tag_name("title"))
            .unwrap_or(*node);
        let num = |a: &str| shape.attribute(a).and_then(|v| v.parse::<f64>().ok());
        match shape.tag_name().name() {
            "circle" => (num("cx").unwrap(), num("cy").unwrap()),
            "rect" => (
                num("x").unwrap() + num("width").unwrap() / 2.0,
                num("y").unwrap() + num("height").unwrap() / 2.0,
            ),
            _ => {
                let pts = parse_points(shape.attribute("points").unwrap());
                let (xs, ys): (Vec<f64>, Vec<f64>) = pts.into_iter().unzip();
                let mid = |v: &[f64]| {
                    (v.iter().cloned().fold(f64::MAX, f64::min)
                        + v.iter().cloned().fold(f64::MIN, f64::max))
                        / 2.0
                };
                (mid(&xs), mid(&ys))
            }
        }
    }
}
