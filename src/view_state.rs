//! What the dashboard shows — the view, its filters, the comparison, each measure's polarity and
//! the table's order — and how that is written in the URL fragment, so that back and forward
//! work and a copied link reopens the same view once the same data is loaded. The fragment is
//! never sent to a server.
//!
//! Grammar (every part optional; a default is left out when writing):
//!
//! ```text
//! fragment = "#/" view [ "?" param *( "&" param ) ]
//! view     = "overview" | "detail" | "indicators" | "hotspots"
//! param    = "m=" text                      crime type or indicator (all when absent)
//!          | "area=" text                   the area filter's choice
//!          | "lsoa=" text                   one LSOA within that area (police.uk's name)
//!          | "ind=" text                    the Indicators view's indicator (the first when absent)
//!          | "ia=" text                     the Indicators view's area (the first local one when absent)
//!          | "g=" ( "month" | "quarter" | "fy" )
//!          | "cmp=" ( "mom" | "yoy" | "fytd" | "cytd" | "r12" | "quarter" | "fy" | "custom" )
//!          | "cur=" month ".." month        with cmp=custom: the current months
//!          | "base=" month ".." month       with cmp=custom: the months compared with
//!          | "pol=" text ":" polarity *( "," text ":" polarity )
//!          | "sort=" column "-" ( "asc" | "desc" )
//!          | "rate=1000"                    figures as rates per 1,000 population
//! polarity = "lower" | "higher" | "none"
//! column   = "type" | "latest" | "change" | "significance" | "direction" | "variation"
//! month    = YYYY "-" MM
//! text     = UTF-8, every byte but A–Z a–z 0–9 - _ . ~ percent-encoded
//! ```
//!
//! Reading never fails: anything unknown, malformed or oversized falls back to its default,
//! so a hostile or mistyped link opens the plain overview rather than breaking the page.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::model::{Granularity, Month};
use crate::stats::headline::{ALL_CATEGORIES, Polarity};
use crate::stats::period_change::ComparisonKind;

// Real fragments are well under 2 KB; these bounds keep reading a crafted one cheap.
const MAX_FRAGMENT_BYTES: usize = 16 * 1024;
const MAX_NAME_CHARS: usize = 300;
const MAX_POLARITIES: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum View {
    #[default]
    Overview,
    Detail,
    /// Fingertips indicators: the tartan rug and one area's charts.
    Indicators,
    /// police.uk locations: a hex map and the LSOAs with most crimes, for the area, crime
    /// type (`m`) and current comparison window.
    Hotspots,
}

impl View {
    pub const ALL: [View; 4] = [
        View::Overview,
        View::Detail,
        View::Indicators,
        View::Hotspots,
    ];

    pub fn code(self) -> &'static str {
        match self {
            View::Overview => "overview",
            View::Detail => "detail",
            View::Indicators => "indicators",
            View::Hotspots => "hotspots",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            View::Overview => "Overview",
            View::Detail => "Detail",
            View::Indicators => "Indicators",
            View::Hotspots => "Hotspots",
        }
    }
}

/// A run of months as written in a link; `last` may come before `first` until it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MonthSpan {
    pub first: Month,
    pub last: Month,
}

impl MonthSpan {
    fn parse(text: &str) -> Option<MonthSpan> {
        let (first, last) = text.split_once("..")?;
        Some(MonthSpan {
            first: Month::parse_iso(first).ok()?,
            last: Month::parse_iso(last).ok()?,
        })
    }

    fn write(self) -> String {
        format!("{}..{}", self.first.iso(), self.last.iso())
    }
}

/// Which comparison the headlines make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Compare {
    /// The best comparison the data supports.
    #[default]
    Auto,
    Kind(ComparisonKind),
    Custom {
        current: MonthSpan,
        baseline: MonthSpan,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortColumn {
    CrimeType,
    Latest,
    Change,
    Significance,
    Direction,
    Variation,
}

impl SortColumn {
    pub const ALL: [SortColumn; 6] = [
        SortColumn::CrimeType,
        SortColumn::Latest,
        SortColumn::Change,
        SortColumn::Significance,
        SortColumn::Direction,
        SortColumn::Variation,
    ];

    fn code(self) -> &'static str {
        match self {
            SortColumn::CrimeType => "type",
            SortColumn::Latest => "latest",
            SortColumn::Change => "change",
            SortColumn::Significance => "significance",
            SortColumn::Direction => "direction",
            SortColumn::Variation => "variation",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortOrder {
    Ascending,
    Descending,
}

impl SortOrder {
    pub fn reversed(self) -> SortOrder {
        match self {
            SortOrder::Ascending => SortOrder::Descending,
            SortOrder::Descending => SortOrder::Ascending,
        }
    }
}

/// Everything the URL fragment carries.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ViewState {
    pub view: View,
    /// The crime type or indicator chosen; `None` is all of them.
    pub measure: Option<String>,
    /// The area filter's choice: a local authority (or "No location"); `None` for all.
    pub area: Option<String>,
    /// One LSOA of `area` (police.uk's name, `Camden 027B`); `None` for the whole area.
    pub lsoa: Option<String>,
    /// The indicator the Indicators view shows; kept apart from `measure`, which names a crime
    /// type, so moving between views never carries one into the other.
    pub indicator: Option<String>,
    /// The area (by name) the Indicators view's charts are for; apart from `area`, which
    /// cuts the crime table to a community safety partnership.
    pub indicator_area: Option<String>,
    pub granularity: Granularity,
    pub compare: Compare,
    /// Measures whose polarity is not the default (for crime, lower is better).
    pub polarity: BTreeMap<String, Polarity>,
    /// The overview table's order; `None` is the data's own order.
    pub sort: Option<(SortColumn, SortOrder)>,
    /// Figures as rates per 1,000 population rather than counts (shown only where a
    /// population file and one area allow; the choice is kept either way).
    pub rates: bool,
}

impl ViewState {
    /// Whether a fragment is this app's state rather than a jump to a place in the page
    /// (`#main`): state fragments start with `/`; an empty one is the default state.
    pub fn is_state_fragment(fragment: &str) -> bool {
        let text = fragment.strip_prefix('#').unwrap_or(fragment);
        text.is_empty() || text.starts_with('/')
    }

    /// Reads a fragment, with or without its `#`. Never fails: see the module's notes.
    pub fn from_fragment(fragment: &str) -> ViewState {
        let mut state = ViewState::default();
        if fragment.len() > MAX_FRAGMENT_BYTES {
            return state;
        }
        let text = fragment.strip_prefix('#').unwrap_or(fragment);
        let Some(text) = text.strip_prefix('/') else {
            return state;
        };
        let (path, query) = text.split_once('?').unwrap_or((text, ""));
        state.view = View::ALL
            .into_iter()
            .find(|v| v.code() == path)
            .unwrap_or_default();
        let (mut compare, mut current, mut baseline) = (None, None, None);
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "m" => state.measure = decode_name(value),
                "area" => state.area = decode_name(value),
                "lsoa" => state.lsoa = decode_name(value),
                "ind" => state.indicator = decode_name(value),
                "ia" => state.indicator_area = decode_name(value),
                "g" => state.granularity = granularity_from_code(value).unwrap_or_default(),
                "cmp" => compare = Some(value),
                "cur" => current = MonthSpan::parse(value),
                "base" => baseline = MonthSpan::parse(value),
                "pol" => state.polarity = polarities(value),
                "sort" => state.sort = sort_from_code(value),
                "rate" => state.rates = value == "1000",
                _ => {}
            }
        }
        state.compare = match (compare, current, baseline) {
            (Some("custom"), Some(current), Some(baseline)) => {
                Compare::Custom { current, baseline }
            }
            (Some(code), _, _) => kind_from_code(code).map_or(Compare::Auto, Compare::Kind),
            (None, _, _) => Compare::Auto,
        };
        state
    }

    /// The fragment, `#` included, defaults left out.
    pub fn to_fragment(&self) -> String {
        let mut params: Vec<String> = Vec::new();
        if let Some(m) = &self.measure {
            params.push(format!("m={}", encode(m)));
        }
        if let Some(a) = &self.area {
            params.push(format!("area={}", encode(a)));
        }
        if let Some(l) = &self.lsoa {
            params.push(format!("lsoa={}", encode(l)));
        }
        if let Some(i) = &self.indicator {
            params.push(format!("ind={}", encode(i)));
        }
        if let Some(a) = &self.indicator_area {
            params.push(format!("ia={}", encode(a)));
        }
        if self.granularity != Granularity::Month {
            params.push(format!("g={}", granularity_code(self.granularity)));
        }
        match self.compare {
            Compare::Auto => {}
            Compare::Kind(kind) => {
                if let Some(code) = kind_code(kind) {
                    params.push(format!("cmp={code}"));
                }
            }
            Compare::Custom { current, baseline } => {
                params.push("cmp=custom".to_owned());
                params.push(format!("cur={}", current.write()));
                params.push(format!("base={}", baseline.write()));
            }
        }
        if !self.polarity.is_empty() {
            let entries: Vec<String> = self
                .polarity
                .iter()
                .map(|(name, p)| format!("{}:{}", encode(name), polarity_code(*p)))
                .collect();
            params.push(format!("pol={}", entries.join(",")));
        }
        if let Some((column, order)) = self.sort {
            let order = match order {
                SortOrder::Ascending => "asc",
                SortOrder::Descending => "desc",
            };
            params.push(format!("sort={}-{order}", column.code()));
        }
        if self.rates {
            params.push("rate=1000".to_owned());
        }
        let mut fragment = format!("#/{}", self.view.code());
        if !params.is_empty() {
            fragment.push('?');
            fragment.push_str(&params.join("&"));
        }
        fragment
    }

    /// A measure's polarity: the user's choice, or "lower is better", right for crime counts.
    pub fn polarity_of(&self, measure: &str) -> Polarity {
        self.polarity.get(measure).copied().unwrap_or_default()
    }

    /// Sets a measure's polarity; the default is not stored, so links stay short.
    pub fn set_polarity(&mut self, measure: &str, polarity: Polarity) {
        if polarity == Polarity::default() {
            self.polarity.remove(measure);
        } else {
            self.polarity.insert(measure.to_owned(), polarity);
        }
    }

    /// The measure the detail view shows: the one chosen, else all recorded crime.
    pub fn detail_measure(&self) -> &str {
        self.measure.as_deref().unwrap_or(ALL_CATEGORIES)
    }

    /// The same state showing another view.
    pub fn with_view(&self, view: View) -> ViewState {
        ViewState {
            view,
            ..self.clone()
        }
    }
}

fn granularity_code(g: Granularity) -> &'static str {
    match g {
        Granularity::Month => "month",
        Granularity::Quarter => "quarter",
        Granularity::FinancialYear => "fy",
    }
}

fn granularity_from_code(code: &str) -> Option<Granularity> {
    Granularity::ALL
        .into_iter()
        .find(|g| granularity_code(*g) == code)
}

/// `None` for the custom kind, which a link writes with its months instead.
fn kind_code(kind: ComparisonKind) -> Option<&'static str> {
    Some(match kind {
        ComparisonKind::LatestMonthOnPreviousMonth => "mom",
        ComparisonKind::LatestMonthOnSameMonthLastYear => "yoy",
        ComparisonKind::FinancialYearToDate => "fytd",
        ComparisonKind::CalendarYearToDate => "cytd",
        ComparisonKind::Rolling12Months => "r12",
        ComparisonKind::LatestQuarterOnSameQuarterLastYear => "quarter",
        ComparisonKind::LatestFinancialYearOnPrevious => "fy",
        ComparisonKind::Custom => return None,
    })
}

fn kind_from_code(code: &str) -> Option<ComparisonKind> {
    ComparisonKind::ALL
        .into_iter()
        .find(|k| kind_code(*k) == Some(code))
}

fn polarity_code(p: Polarity) -> &'static str {
    match p {
        Polarity::LowerIsBetter => "lower",
        Polarity::HigherIsBetter => "higher",
        Polarity::NoJudgement => "none",
    }
}

fn polarities(value: &str) -> BTreeMap<String, Polarity> {
    value
        .split(',')
        .take(MAX_POLARITIES)
        .filter_map(|entry| {
            let (name, code) = entry.rsplit_once(':')?;
            let polarity = Polarity::ALL
                .into_iter()
                .find(|p| polarity_code(*p) == code)?;
            Some((decode_name(name)?, polarity))
        })
        .collect()
}

fn sort_from_code(value: &str) -> Option<(SortColumn, SortOrder)> {
    let (column, order) = value.rsplit_once('-')?;
    let column = SortColumn::ALL.into_iter().find(|c| c.code() == column)?;
    let order = match order {
        "asc" => SortOrder::Ascending,
        "desc" => SortOrder::Descending,
        _ => return None,
    };
    Some((column, order))
}

fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~')
}

/// Percent-encodes every byte but the unreserved ones, so `&`, `=`, `:` and `,` inside a name
/// can never be read as the grammar's own separators.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if is_unreserved(byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// A name from its encoded form; `None` for an empty, oversized, badly escaped or non-UTF-8
/// one. Characters a browser left unencoded are taken as they are.
fn decode_name(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.bytes();
    while let Some(byte) = rest.next() {
        if byte == b'%' {
            let high = rest.next().and_then(hex_value)?;
            let low = rest.next().and_then(hex_value)?;
            bytes.push(high * 16 + low);
        } else {
            bytes.push(byte);
        }
    }
    let name = String::from_utf8(bytes).ok()?;
    (!name.is_empty() && name.chars().count() <= MAX_NAME_CHARS).then_some(name)
}

fn hex_value(byte: u8) -> Option<u8> {
    char::from(byte)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use proptest::prelude::*;

    fn m(s: &str) -> Month {
        Month::parse_iso(s).unwrap()
    }

    #[test]
    fn the_default_state_is_the_plain_overview() {
        assert_eq!(ViewState::default().to_fragment(), "#/overview");
        for text in [
            "",
            "#",
            "#/",
            "#/overview",
            "/overview",
            "#/nonsense?x=1&&=&g",
        ] {
            assert_eq!(
                ViewState::from_fragment(text),
                ViewState::default(),
                "{text}"
            );
        }
    }

    #[test]
    fn a_full_state_reads_back_from_its_documented_form() {
        let text = "#/detail?m=Violence%20and%20sexual%20offences&g=quarter&cmp=custom\
                    &cur=2023-07..2023-12&base=2023-01..2023-06\
                    &pol=Burglary:higher,Drugs:none&sort=change-desc";
        let state = ViewState::from_fragment(text);
        assert_eq!(state.view, View::Detail);
        assert_eq!(
            state.measure.as_deref(),
            Some("Violence and sexual offences")
        );
        assert_eq!(state.granularity, Granularity::Quarter);
        assert_eq!(
            state.compare,
            Compare::Custom {
                current: MonthSpan {
                    first: m("2023-07"),
                    last: m("2023-12")
                },
                baseline: MonthSpan {
                    first: m("2023-01"),
                    last: m("2023-06")
                },
            }
        );
        assert_eq!(state.polarity_of("Burglary"), Polarity::HigherIsBetter);
        assert_eq!(state.polarity_of("Drugs"), Polarity::NoJudgement);
        assert_eq!(state.polarity_of("Robbery"), Polarity::LowerIsBetter);
        assert_eq!(
            state.sort,
            Some((SortColumn::Change, SortOrder::Descending))
        );
        assert_eq!(state.to_fragment(), text);
        assert_eq!(state.detail_measure(), "Violence and sexual offences");
        assert_eq!(ViewState::default().detail_measure(), ALL_CATEGORIES);
    }

    #[test]
    fn names_with_the_grammars_own_characters_survive() {
        let mut state = ViewState {
            measure: Some("A&B=C, D:E %20 #/?".to_owned()),
            area: Some("Brighton & Hove".to_owned()),
            ..ViewState::default()
        };
        state.set_polarity("x:y,z", Polarity::HigherIsBetter);
        let text = state.to_fragment();
        assert!(
            text.is_ascii() && !text[1..].contains('#') && !text.contains(' '),
            "{text}"
        );
        assert_eq!(ViewState::from_fragment(&text), state);
    }

    #[test]
    fn bad_parts_fall_back_one_by_one() {
        let state = ViewState::from_fragment(
            "#/detail?m=%zz&g=week&cmp=custom&cur=2023-07..2023-12&sort=change-up&pol=A:maybe,B:higher",
        );
        assert_eq!(state.view, View::Detail);
        assert_eq!(state.measure, None, "a bad escape drops the name");
        assert_eq!(state.granularity, Granularity::Month);
        assert_eq!(
            state.compare,
            Compare::Auto,
            "custom needs both runs of months"
        );
        assert_eq!(state.sort, None);
        assert_eq!(state.polarity.len(), 1);
        assert_eq!(
            ViewState::from_fragment("#/overview?m=%FF%FE").measure,
            None,
            "not UTF-8"
        );
        assert_eq!(
            ViewState::from_fragment("#/overview?cmp=fytd").compare,
            Compare::Kind(ComparisonKind::FinancialYearToDate)
        );
        let huge = format!("#/detail?m={}", "a".repeat(MAX_FRAGMENT_BYTES));
        assert_eq!(ViewState::from_fragment(&huge), ViewState::default());
        let long_name = format!("#/detail?m={}", "a".repeat(MAX_NAME_CHARS + 1));
        assert_eq!(ViewState::from_fragment(&long_name).measure, None);
    }

    #[test]
    fn the_indicators_view_carries_its_indicator_and_area_and_older_links_still_read() {
        let text = "#/indicators?ind=Violent%20crime%20%28%3C16%20yrs%29&ia=Derby";
        let state = ViewState::from_fragment(text);
        assert_eq!(state.view, View::Indicators);
        assert_eq!(state.indicator.as_deref(), Some("Violent crime (<16 yrs)"));
        assert_eq!(state.indicator_area.as_deref(), Some("Derby"));
        assert_eq!(state.measure, None, "an indicator is not a crime type");
        assert_eq!(state.to_fragment(), text);
        // A link written before the Indicators view reads exactly as it did.
        let old = "#/detail?m=Shoplifting&area=Camden&g=fy";
        let state = ViewState::from_fragment(old);
        assert_eq!((&state.indicator, &state.indicator_area), (&None, &None));
        assert_eq!(state.to_fragment(), old);
    }

    #[test]
    fn an_area_and_an_lsoa_within_it_are_carried_by_the_link() {
        let text = "#/detail?m=Burglary&area=Camden&lsoa=Camden%20027B";
        let state = ViewState::from_fragment(text);
        assert_eq!(state.area.as_deref(), Some("Camden"));
        assert_eq!(state.lsoa.as_deref(), Some("Camden 027B"));
        assert_eq!(state.to_fragment(), text);
    }

    #[test]
    fn rates_are_one_parameter_and_only_per_1000() {
        let state = ViewState::from_fragment("#/detail?m=Burglary&rate=1000");
        assert!(state.rates);
        assert_eq!(state.to_fragment(), "#/detail?m=Burglary&rate=1000");
        // Another base is not offered: counts, not a rate the page cannot show.
        assert!(!ViewState::from_fragment("#/overview?rate=100000").rates);
        assert_eq!(
            ViewState {
                rates: false,
                ..state
            }
            .to_fragment(),
            "#/detail?m=Burglary"
        );
    }

    #[test]
    fn the_hotspots_view_reads_its_filters_like_the_others() {
        let text = "#/hotspots?m=Theft%20from%20the%20person&area=City%20of%20London&cmp=r12";
        let state = ViewState::from_fragment(text);
        assert_eq!(state.view, View::Hotspots);
        assert_eq!(state.measure.as_deref(), Some("Theft from the person"));
        assert_eq!(state.area.as_deref(), Some("City of London"));
        assert_eq!(
            state.compare,
            Compare::Kind(ComparisonKind::Rolling12Months)
        );
        assert_eq!(state.to_fragment(), text);
        assert_eq!(
            ViewState::default().with_view(View::Hotspots).to_fragment(),
            "#/hotspots"
        );
    }

    #[test]
    fn only_fragments_starting_with_a_slash_are_state() {
        assert!(ViewState::is_state_fragment(""));
        assert!(ViewState::is_state_fragment("#/detail"));
        assert!(!ViewState::is_state_fragment("#main"));
        assert!(!ViewState::is_state_fragment("#count-table"));
    }

    #[test]
    fn the_default_polarity_is_not_stored() {
        let mut state = ViewState::default();
        state.set_polarity("Burglary", Polarity::NoJudgement);
        state.set_polarity("Burglary", Polarity::LowerIsBetter);
        assert!(state.polarity.is_empty());
        assert_eq!(state.to_fragment(), "#/overview");
    }

    fn name() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                any::<char>(),
                proptest::sample::select(vec![
                    '&', '=', ':', ',', '%', '#', '?', '/', ' ', '.', '-'
                ])
            ],
            1..30,
        )
        .prop_map(String::from_iter)
    }

    fn month() -> impl Strategy<Value = Month> {
        (1u16..=9999, 1u8..=12).prop_map(|(y, m)| Month::new(y, m).unwrap())
    }

    fn span() -> impl Strategy<Value = MonthSpan> {
        (month(), month()).prop_map(|(first, last)| MonthSpan { first, last })
    }

    fn state() -> impl Strategy<Value = ViewState> {
        let compare = prop_oneof![
            Just(Compare::Auto),
            proptest::sample::select(ComparisonKind::ALL.to_vec()).prop_map(Compare::Kind),
            (span(), span()).prop_map(|(current, baseline)| Compare::Custom { current, baseline }),
        ];
        let sort = proptest::option::of((
            proptest::sample::select(SortColumn::ALL.to_vec()),
            prop_oneof![Just(SortOrder::Ascending), Just(SortOrder::Descending)],
        ));
        (
            proptest::sample::select(View::ALL.to_vec()),
            proptest::option::of(name()),
            proptest::option::of(name()),
            proptest::option::of(name()),
            proptest::option::of(name()),
            proptest::option::of(name()),
            proptest::sample::select(Granularity::ALL.to_vec()),
            compare,
            proptest::collection::btree_map(
                name(),
                proptest::sample::select(Polarity::ALL.to_vec()),
                0..5,
            ),
            sort,
            any::<bool>(),
        )
            .prop_map(
                |(
                    view,
                    measure,
                    area,
                    lsoa,
                    indicator,
                    indicator_area,
                    granularity,
                    compare,
                    polarity,
                    sort,
                    rates,
                )| ViewState {
                    view,
                    measure,
                    area,
                    lsoa,
                    indicator,
                    indicator_area,
                    granularity,
                    compare,
                    polarity,
                    sort,
                    rates,
                },
            )
    }

    /// Text built from the grammar's own pieces and noise, to reach deep into the reader.
    fn hostile() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            proptest::sample::select(vec![
                "#",
                "/",
                "#/",
                "detail",
                "overview",
                "indicators",
                "hotspots",
                "ind",
                "ia",
                "?",
                "&",
                "=",
                "m",
                "area",
                "lsoa",
                "rate",
                "1000",
                "g",
                "cmp",
                "custom",
                "cur",
                "base",
                "pol",
                "sort",
                "..",
                "2023-01",
                "9999-12",
                "0000-00",
                ":",
                ",",
                "higher",
                "none",
                "change-desc",
                "%",
                "%4",
                "%41",
                "%FF",
                "%C3%A9",
                "fy",
                "quarter",
            ])
            .prop_map(str::to_owned),
            any::<char>().prop_map(String::from),
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|p| p.concat())
    }

    proptest! {
        #[test]
        fn every_state_survives_its_fragment(s in state()) {
            let text = s.to_fragment();
            prop_assert!(text.is_ascii() && ViewState::is_state_fragment(&text));
            prop_assert_eq!(ViewState::from_fragment(&text), s);
        }

        #[test]
        fn any_text_reads_as_some_state_that_then_round_trips(text in hostile()) {
            let s = ViewState::from_fragment(&text);
            prop_assert_eq!(ViewState::from_fragment(&s.to_fragment()), s);
        }
    }
}
