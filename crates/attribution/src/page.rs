//! The parts of a scraped page that are not article text, and what they say.
//!
//! Input: a document's text, its JSON Lines metadata, its lines (from
//! `boilerplate::lines`) and the gazetteer. Output: a [`Page`]: the title,
//! the page's own outlet and the published date (each with the evidence and
//! the method that found it), the URLs, the credits the page gives to other
//! outlets (document-wide: `Source: X`, `Read more: X`, `(AP) —` datelines;
//! in a sentence: "told NBC News", "The Washington Post reported") and the
//! photo credits, which are not credits of the text.
//!
//! Nothing is guessed: a relative date ("7 years ago") is kept as text with no
//! date, and an outlet the page does not name is `None`.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::gazetteer::{self, Gazetteer, OutletId};
use provtrace_common::Metadata;
use provtrace_text::lines::Line;
use provtrace_text::span::Span;

/// What a page says about itself and its sources.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    pub title: Option<String>,
    pub outlet: Option<PageOutlet>,
    pub published: Option<Published>,
    pub urls: Vec<Url>,
    pub credits: Vec<Credit>,
    pub photo_credits: Vec<PhotoCredit>,
    /// Every outlet the text names ([`Gazetteer::mentions`]), in text order:
    /// found once, for the credits and for the claims of each sentence.
    pub mentions: Vec<gazetteer::Mention>,
}

impl Page {
    /// The date the page says it was published, for the rules that choose
    /// an origin or a direction. A page stamp (a date with a time of day,
    /// often when the page was saved or shown) is not one: a repost stamped
    /// today would otherwise come before the story it copies.
    pub fn publication_date(&self) -> Option<&str> {
        self.published
            .as_ref()
            .filter(|p| p.method != DateMethod::PageStamp)
            .and_then(|p| p.date.as_deref())
    }
}

/// Text that shows a fact, and where (no span when it came from metadata).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub span: Option<Span>,
    pub text: String,
}

/// The outlet that published the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PageOutlet {
    pub name: String,
    pub evidence: Evidence,
    pub method: OutletMethod,
    #[serde(skip)]
    pub id: Option<OutletId>,
}

/// What found a page's own outlet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutletMethod {
    /// The input's metadata (`outlet` of a JSON Lines record).
    Metadata,
    /// A name at the top of the page.
    Masthead,
    /// "The Levant News -- …" opening a line.
    Dateline,
    /// A footer line ("© 2025 Valley Courier", "Join the … community").
    Footer,
    /// "Published by …".
    Byline,
    /// The host of the page's address.
    Url,
}

/// What found a page's publication date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateMethod {
    /// The input's metadata (`published`).
    Metadata,
    /// A date line of its own, maybe with the hour and minute.
    Dateline,
    /// "Published: …".
    PublishedLine,
    /// A date with a time to the second: when the page was saved or
    /// served, which no origin or direction rule takes for a publication
    /// date.
    PageStamp,
    /// "Updated: …".
    UpdatedLine,
    /// "7 years ago": no date.
    Relative,
}

/// The names the report gives them.
macro_rules! named {
    ($type:ty { $($variant:ident => $name:literal),* $(,)? }) => {
        impl $type {
            /// The name the report gives it.
            pub fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $name),*
                }
            }
        }

        impl std::fmt::Display for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

named!(OutletMethod {
    Metadata => "metadata",
    Masthead => "masthead",
    Dateline => "dateline",
    Footer => "footer",
    Byline => "byline",
    Url => "url",
});

named!(DateMethod {
    Metadata => "metadata",
    Dateline => "dateline",
    PublishedLine => "published_line",
    PageStamp => "page_stamp",
    UpdatedLine => "updated_line",
    Relative => "relative",
});

/// When the page says it was published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Published {
    /// `YYYY-MM-DD`, or `None` when the text gives no absolute date.
    pub date: Option<String>,
    pub text: String,
    pub span: Option<Span>,
    pub method: DateMethod,
}

/// A web address in the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Url {
    pub url: String,
    pub span: Span,
}

/// Whether a credit covers the whole document or one sentence, or an
/// attribution is carried to a sentence from another of its quotation's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Document,
    Sentence,
    /// Made in another sentence of the quotation the sentence is part of
    /// ("“We came.” … “We left,” she said."), or in the sentence before it.
    Quotation,
}

/// The page naming another outlet as a source of its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Credit {
    /// Canonical name (the gazetteer's, else as written).
    pub outlet: String,
    /// The words that make it a credit ("Source:", "told", "reported", "(AP) dateline").
    pub cue: String,
    /// The cue and the name together; empty for a declared credit.
    pub span: Span,
    pub scope: Scope,
    #[serde(skip)]
    pub id: Option<OutletId>,
    /// What the page's markup declares, for a credit no words of the text
    /// give (a declared original or source, [`Metadata::original`] and
    /// [`Metadata::source`]): the original's address or the source's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared: Option<String>,
}

impl Credit {
    /// What gives the credit: its words in `text`, or what the markup
    /// declares.
    pub fn words(&self, text: &str) -> String {
        match &self.declared {
            Some(declared) => format!("{} {declared}", self.cue),
            None => self.span.slice(text).to_string(),
        }
    }

    /// The credit as a reader is shown it: its words in quotation marks,
    /// or what the markup declares.
    pub fn shown(&self, text: &str) -> String {
        match &self.declared {
            Some(_) => self.words(text),
            None => format!("“{}”", self.words(text)),
        }
    }
}

/// A photo credit: names an agency or photographer, never a source of text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PhotoCredit {
    pub text: String,
    pub span: Span,
}

/// How many lines from the top count as the page header.
const HEADER_LINES: usize = 12;

/// Compiles one of the crate's built-in patterns, which are known to be valid.
pub(crate) fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| unreachable!("pattern {pattern}: {e}"))
}

const MONTH: &str = r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

/// Absolute dates, each with the order of its fields.
static DATES: LazyLock<Vec<(Regex, [usize; 3])>> = LazyLock::new(|| {
    // Capture order → (year, month, day) group numbers.
    vec![
        (
            regex(&format!(
                r"(?-u:\b)({MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?-u:\b)"
            )),
            [3, 1, 2],
        ),
        (
            regex(&format!(
                r"(?-u:\b)(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH})\.?,?\s+(\d{{4}})(?-u:\b)"
            )),
            [3, 2, 1],
        ),
        (regex(r"(?-u:\b)(\d{4})-(\d{2})-(\d{2})(?:(?-u:\b)|T)"), [1, 2, 3]),
        (regex(r"(?-u:\b)(\d{1,2})/(\d{1,2})/(\d{4})(?-u:\b)"), [3, 1, 2]),
        (regex(&format!(r"(?-u:\b)(\d{{1,2}})-({MONTH})-(\d{{4}})(?-u:\b)")), [3, 2, 1]),
    ]
});
/// A time of day to the second right after a date: what a page shows when
/// it was saved or served, not when the story was published (which says
/// the hour and minute if it gives a time at all).
static TIME_AFTER: LazyLock<Regex> = LazyLock::new(|| regex(r"^(?:,|\s|T|at)*\d{1,2}:\d{2}:\d{2}"));
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?-u:\b)(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|several|few)\s+(?:second|minute|hour|day|week|month|year)s?\s+ago(?-u:\b)",
    )
});
static PUBLISHED_WORD: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)^(?:published|posted|first published|date)(?-u:\b)"));
static UPDATED_WORD: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)^(?:updated|last updated|modified)(?-u:\b)"));
static URL: LazyLock<Regex> = LazyLock::new(|| regex(r#"https?://[^\s<>"'\]\)]+"#));
static LINE_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^(sources?|via|courtesy(?: of)?|originally (?:published|appeared|posted|reported) (?:by|in|on|at)|republished (?:from|with permission (?:from|of))|read more(?: at| on)?|read the (?:full|original|whole) (?:story|article|report)(?: at| on)?|h/t|hat tip(?: to)?)\s*[:\-–—]?\s+(.+)$",
    )
});
static WIRE_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}(?:,\s*[A-Za-z0-9.'’ ]+){0,3}\s*\(([^()\n]{1,40})\)\s*(?:--|—|–|-)\s",
    )
});
static OUTLET_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^((?:The |THE )?[A-Z][\w&'’.-]*(?: [A-Z][\w&'’.-]*){0,4})\s+(?:--|—|–)\s")
});
static FOOTER_COMMUNITY: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)^join (?:the|our) (.{1,40}?) community[.!]?$"));
static FOOTER_COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^(?:©|\(c\)|copyright(?-u:\b))\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*([^.,|]{2,60}?)\s*(?:[.,|].*)?$",
    )
});
static BYLINE_OUTLET: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)^(?:written|published|posted|produced) by\s+(.{2,60})$"));
static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^(?:image credits?|photo(?: credits?)?|picture|caption|screen ?shot|\(photo)(?-u:\b)",
    )
});
static PHOTO: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    vec![
        regex(r"(?i)\((?:photo|image|picture)s?(?: credits?)?\s*:[^)\n]*\)"),
        regex(r"(?i)(?-u:\b)(?:photo|image|picture)s?(?: credits?| by)?\s*:[^\n]*"),
        regex(r"(?-u:\b)(?:AP|AFP|EPA|REUTERS|Reuters) (?:Photo|PHOTO)(?:/[^\n)]+)?"),
        regex(
            r"(?-u:\b)[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}(?:/[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})+",
        ),
    ]
});
/// Agencies that sell photos, besides the outlets of the gazetteer.
const PHOTO_AGENCIES: &[&str] = &[
    "Getty Images",
    "Getty",
    "EPA",
    "EPA-EFE",
    "Shutterstock",
    "Pool",
    "Alamy",
    "Sipa",
    "AP Photo",
];
/// A credit cue just before an outlet's name ("according to the", "told").
static CUE_BEFORE_OUTLET: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?-u:\b)(according to|told|tells|tell|telling|said to|reported by|first reported by|reporting by|obtained by|seen by|reviewed by|cited by|quoted by|confirmed to|in an interview with|interviewed by|speaking to|spoke to|spoke with|via|h/t|courtesy of|originally published (?:by|in|on)|this (?:article|story) (?:first )?appeared (?:in|on))\s+(?:the\s+)?$",
    )
});
/// A credit cue just after an outlet's name ("reported", "'s analysis").
static CUE_AFTER_OUTLET: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^(?:'s|’s)?\s*(?:(?:first|also|previously|exclusively|recently|later|earlier|has|have|had|was|is|were|newspaper|network|agency)\s+){0,2}(reported|reports|reporting|report|said|says|revealed|reveals|notes|noted|wrote|writes|learned|broke the news|estimates|estimated|obtained|cites|cited|confirmed|found|quoted|counted|tallied|analysis|investigation)(?-u:\b)",
    )
});
/// Cues that credit the whole document rather than one sentence.
const DOCUMENT_CUES: &[&str] = &["via", "h/t", "courtesy of"];

/// Reads the page parts of one document.
pub fn parse(text: &str, metadata: &Metadata, lines: &[Line], gazetteer: &Gazetteer) -> Page {
    let photo_credits = photo_credits(text, gazetteer);
    let outlet = outlet(text, metadata, lines, gazetteer);
    let published = published(text, metadata, lines);
    let title = title(text, metadata, lines, outlet.as_ref());
    let urls = URL
        .find_iter(text)
        .map(|m| {
            let url = m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?']);
            Url { url: url.to_string(), span: Span::new(m.start(), m.start() + url.len()) }
        })
        .collect();
    let mentions = gazetteer.mentions(text);
    let mut credits = credits(text, lines, gazetteer, &photo_credits, &mentions);
    credits.extend(declared_credit(metadata, gazetteer));
    if let Some(own) = &outlet {
        credits.retain(|c| c.outlet != own.name);
    }
    Page { title, outlet, published, urls, credits, photo_credits, mentions }
}

/// The credit a page's markup gives where its text gives none: the outlet
/// it says the article comes from (JSON-LD `sourceOrganization`), else the
/// original it says it republishes ([`Metadata::original`]) by its
/// address: the gazetteer's outlet for that host, else the host. It
/// credits the whole document, like "Source: ..." at the foot of a story.
fn declared_credit(metadata: &Metadata, gazetteer: &Gazetteer) -> Option<Credit> {
    let (outlet, id, cue, declared) = match (&metadata.source, &metadata.original) {
        (Some(name), _) => {
            let id = gazetteer.lookup(&gazetteer::clean_name(name));
            let outlet = id.map_or_else(|| name.clone(), |id| gazetteer.name(id).to_string());
            (outlet, id, "declared source", name)
        }
        (None, Some(url)) => {
            let id = gazetteer.by_domain(url);
            let outlet = match id {
                Some(id) => gazetteer.name(id).to_string(),
                None => gazetteer::host_of(url)?,
            };
            (outlet, id, "declared original", url)
        }
        (None, None) => return None,
    };
    let cue = cue.to_string();
    let declared = Some(declared.clone());
    Some(Credit { outlet, cue, span: Span::new(0, 0), scope: Scope::Document, id, declared })
}

/// Names the outlets that declared credits know only by their host
/// ([`Credit::declared`]) as the corpus's own pages from that host name
/// themselves (`urls[i]` is page `i`'s address): a copy declaring
/// `https://valleycourier.example/...` its original credits "The Valley
/// Courier" when a page of that site says that is its name. The first
/// page of a host, in corpus order, names it; a credit that comes to name
/// the page's own outlet is dropped.
pub fn name_declared_hosts(pages: &mut [&mut Page], urls: &[Option<&str>]) {
    let mut names: rustc_hash::FxHashMap<String, String> = rustc_hash::FxHashMap::default();
    for (page, url) in pages.iter().zip(urls) {
        if let (Some(outlet), Some(host)) = (&page.outlet, url.and_then(gazetteer::host_of)) {
            names.entry(host).or_insert_with(|| outlet.name.clone());
        }
    }
    if names.is_empty() {
        return;
    }
    for page in pages.iter_mut() {
        let own = page.outlet.as_ref().map(|o| o.name.clone());
        for credit in page.credits.iter_mut().filter(|c| c.declared.is_some() && c.id.is_none()) {
            if let Some(name) = names.get(&credit.outlet) {
                credit.outlet = name.clone();
            }
        }
        page.credits.retain(|c| own.as_ref() != Some(&c.outlet));
    }
}

fn title(
    text: &str,
    metadata: &Metadata,
    lines: &[Line],
    outlet: Option<&PageOutlet>,
) -> Option<String> {
    if let Some(title) = &metadata.title {
        return Some(title.clone());
    }
    let own = outlet.and_then(|o| o.evidence.span);
    lines.iter().take(HEADER_LINES).find_map(|line| {
        let s = line.span.slice(text);
        let skip = line.chrome
            || own.is_some_and(|m| line.span.overlaps(m))
            || is_masthead_like(s, line.words)
            || !(2..=30).contains(&line.words)
            || CAPTION.is_match(s)
            || URL.is_match(s)
            || LINE_CREDIT.is_match(s)
            || s.starts_with("By ")
            || find_date(s).is_some()
            || (line.words > 14 && s.ends_with('.'));
        (!skip).then(|| s.to_string())
    })
}

fn outlet(
    text: &str,
    metadata: &Metadata,
    lines: &[Line],
    gazetteer: &Gazetteer,
) -> Option<PageOutlet> {
    let named = |name: &str, span: Option<Span>, evidence: &str, method: OutletMethod| {
        let id = gazetteer.lookup(name);
        let name = id.map_or_else(|| display_name(name), |id| gazetteer.name(id).to_string());
        PageOutlet { name, evidence: Evidence { span, text: evidence.to_string() }, method, id }
    };
    // An outlet the input names is kept as written ("PA", "BBC"), not
    // re-cased as a masthead is, unless the gazetteer knows it.
    if let Some(name) = &metadata.outlet {
        let id = gazetteer.lookup(name);
        let shown = id.map_or_else(|| name.trim().to_string(), |id| gazetteer.name(id).to_string());
        return Some(PageOutlet {
            name: shown,
            evidence: Evidence { span: None, text: name.clone() },
            method: OutletMethod::Metadata,
            id,
        });
    }
    for line in lines.iter().take(3) {
        let s = line.span.slice(text);
        let clean = gazetteer::clean_name(s);
        let caps = clean.chars().any(char::is_alphabetic) && !clean.chars().any(char::is_lowercase);
        let known = gazetteer.lookup(&clean).is_some();
        // A masthead is a name: capitalised, one line, not a table header.
        let name_like = clean.chars().next().is_some_and(char::is_uppercase) && !s.contains("  ");
        if name_like
            && (1..=5).contains(&line.words)
            && (known || (caps && gazetteer::looks_like_outlet(&clean)))
        {
            return Some(named(&clean, Some(line.span), s, OutletMethod::Masthead));
        }
    }
    for line in lines.iter().take(HEADER_LINES * 2) {
        let s = line.span.slice(text);
        if let Some(c) = OUTLET_DATELINE.captures(s).and_then(|c| c.get(1)) {
            let name = c.as_str();
            let city = !name.chars().any(char::is_lowercase);
            if !city && (gazetteer.lookup(name).is_some() || gazetteer::looks_like_outlet(name)) {
                let span = Span::new(line.span.start + c.start(), line.span.start + c.end());
                return Some(named(name, Some(span), s, OutletMethod::Dateline));
            }
        }
    }
    let tail = lines.len().saturating_sub(8);
    for line in &lines[tail..] {
        let s = line.span.slice(text);
        let found = FOOTER_COMMUNITY.captures(s).or_else(|| FOOTER_COPYRIGHT.captures(s));
        if let Some(c) = found.and_then(|c| c.get(1)) {
            let name = gazetteer::clean_name(c.as_str());
            if name.chars().next().is_some_and(char::is_uppercase)
                && name.split_whitespace().count() <= 6
                && !name.eq_ignore_ascii_case("all rights reserved")
            {
                let span = Span::new(line.span.start + c.start(), line.span.start + c.end());
                return Some(named(&name, Some(span), s, OutletMethod::Footer));
            }
        }
    }
    for line in lines {
        let s = line.span.slice(text);
        if let Some(c) = BYLINE_OUTLET.captures(s).and_then(|c| c.get(1)) {
            let name = gazetteer::clean_name(c.as_str());
            if gazetteer.lookup(&name).is_some() || gazetteer::looks_like_outlet(&name) {
                let span = Span::new(line.span.start + c.start(), line.span.start + c.end());
                return Some(named(&name, Some(span), s, OutletMethod::Byline));
            }
        }
    }
    let url = metadata.url.as_deref()?;
    let host = gazetteer::host_of(url)?;
    Some(match gazetteer.by_domain(url) {
        Some(id) => PageOutlet {
            name: gazetteer.name(id).to_string(),
            evidence: Evidence { span: None, text: url.to_string() },
            method: OutletMethod::Url,
            id: Some(id),
        },
        None => PageOutlet {
            name: host,
            evidence: Evidence { span: None, text: url.to_string() },
            method: OutletMethod::Url,
            id: None,
        },
    })
}

/// A short line in capitals ("NOTICIAS DEL VALLE") at the top of a page is
/// a masthead, not a headline.
fn is_masthead_like(line: &str, words: usize) -> bool {
    words <= 4 && line.chars().any(char::is_alphabetic) && !line.chars().any(char::is_lowercase)
}

/// "CHINA TOPIX" → "China Topix"; names with lower case stay as written.
fn display_name(name: &str) -> String {
    let clean = gazetteer::clean_name(name);
    if clean.chars().any(char::is_lowercase) {
        return clean;
    }
    clean
        .split(' ')
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A date found in a line: its span in the line, `YYYY-MM-DD`, and whether
/// a time of day follows it.
fn find_date(line: &str) -> Option<(Span, String, bool)> {
    let mut best: Option<(Span, String, bool)> = None;
    for (re, [y, m, d]) in DATES.iter() {
        for c in re.captures_iter(line) {
            let whole = c.get(0)?;
            let year: i16 = c.get(*y)?.as_str().parse().ok()?;
            let month_text = c.get(*m)?.as_str();
            let month: i8 = month_text.parse().ok().or_else(|| month_number(month_text))?;
            let day: i8 = c.get(*d)?.as_str().parse().ok()?;
            let Some(date) = valid_date(year, month, day) else {
                continue;
            };
            let span = Span::new(whole.start(), whole.end());
            let timed = TIME_AFTER.is_match(&line[whole.end()..]);
            if best.as_ref().is_none_or(|b| span.start < b.0.start) {
                best = Some((span, date, timed));
            }
        }
    }
    best
}

/// Whether `abbreviation` is the initials of the capitalised words that end
/// `before` (words of a hyphenated name count apart, lowercase ones such
/// as "of" are passed over): "Monetary Compensatory Amounts" for "MCA".
fn abbreviates(before: &str, abbreviation: &str) -> bool {
    let initials: String = before
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    abbreviation.chars().count() >= 2 && initials.ends_with(abbreviation)
}

/// Whether a date found at `span` of a header line stands where a page
/// dates itself (a dateline, a byline, a stamp), not inside a sentence:
/// the words before it are names, a place, a weekday or "by" ("WASHINGTON,
/// Feb 4", "By Ines Okafor | March 4, 2025"), none a lowercase word of a
/// sentence ("Year ended December 31, 1986"), and at most a few words
/// follow it (a time, a place).
fn in_dateline_position(line: &str, span: Span) -> bool {
    let before = &line[..span.start];
    let after = &line[span.end..];
    let sentence_word =
        before.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).any(|w| {
            w.chars().next().is_some_and(char::is_lowercase) && !["by", "on", "at"].contains(&w)
        });
    !sentence_word && after.split_whitespace().count() <= 4
}

fn month_number(name: &str) -> Option<i8> {
    let key: String = name.chars().take(3).flat_map(char::to_lowercase).collect();
    let months =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    months.iter().position(|m| *m == key).map(|i| i as i8 + 1)
}

fn valid_date(year: i16, month: i8, day: i8) -> Option<String> {
    if !(1900..=2100).contains(&year) {
        return None;
    }
    let date = jiff::civil::Date::new(year, month, day).ok()?;
    Some(date.to_string())
}

/// Parses a date as metadata gives it ("2018-02-04", "26-FEB-1987 15:01:01.79").
pub fn parse_date(text: &str) -> Option<String> {
    find_date(text).map(|(_, date, _)| date)
}

fn published(text: &str, metadata: &Metadata, lines: &[Line]) -> Option<Published> {
    if let Some(value) = &metadata.published {
        return Some(Published {
            date: parse_date(value),
            text: value.clone(),
            span: None,
            method: DateMethod::Metadata,
        });
    }
    // (rank, published); lower rank wins, earlier line breaks ties.
    let mut best: Option<(u8, Published)> = None;
    for line in lines.iter().take(HEADER_LINES * 2) {
        let s = line.span.slice(text);
        let keyword = PUBLISHED_WORD.is_match(s);
        let updated = UPDATED_WORD.is_match(s);
        let in_header = lines.iter().take(HEADER_LINES).any(|l| l.span == line.span);
        if !(keyword || updated || (in_header && line.words <= 12)) {
            continue;
        }
        // A screenshot's file name or a caption dates an image, not the story.
        if !keyword && (line.chrome || CAPTION.is_match(s)) {
            continue;
        }
        let found = if let Some((span, date, timed)) =
            find_date(s).filter(|(span, _, _)| keyword || updated || in_dateline_position(s, *span))
        {
            let (rank, method) = match (keyword, updated, timed) {
                (true, _, _) => (0, DateMethod::PublishedLine),
                (false, false, false) => (0, DateMethod::Dateline),
                (false, false, true) => (1, DateMethod::PageStamp),
                (false, true, _) => (2, DateMethod::UpdatedLine),
            };
            let span = span.shift(line.span.start);
            Some((
                rank,
                Published {
                    date: Some(date),
                    text: span.slice(text).to_string(),
                    span: Some(span),
                    method,
                },
            ))
        } else {
            RELATIVE.find(s).map(|m| {
                let span = Span::new(line.span.start + m.start(), line.span.start + m.end());
                (
                    3,
                    Published {
                        date: None,
                        text: m.as_str().to_string(),
                        span: Some(span),
                        method: DateMethod::Relative,
                    },
                )
            })
        };
        if let Some((rank, p)) = found
            && best.as_ref().is_none_or(|(r, _)| rank < *r)
        {
            best = Some((rank, p));
        }
    }
    best.map(|(_, p)| p)
}

/// The lines that hold a photo credit: captions, which describe a picture
/// rather than report, so their sentences carry no claims. Both lists are
/// in text order.
pub fn caption_lines(lines: &[Line], photos: &[PhotoCredit]) -> Vec<Span> {
    lines
        .iter()
        .filter(|l| photos.iter().any(|p| p.span.overlaps(l.span)))
        .map(|l| l.span)
        .collect()
}

fn photo_credits(text: &str, gazetteer: &Gazetteer) -> Vec<PhotoCredit> {
    let mut spans: Vec<Span> = Vec::new();
    for (i, re) in PHOTO.iter().enumerate() {
        for m in re.find_iter(text) {
            let span = Span::new(m.start(), m.end());
            if spans.iter().any(|s| s.overlaps(span)) {
                continue;
            }
            if i == 3 {
                // A name/name chain is a photo credit when one part is an agency.
                let agency = m.as_str().split('/').any(|part| {
                    let part = part.trim();
                    PHOTO_AGENCIES.contains(&part) || gazetteer.lookup(part).is_some()
                });
                if !agency {
                    continue;
                }
            }
            spans.push(span);
        }
    }
    spans.sort();
    spans.into_iter().map(|span| PhotoCredit { text: span.slice(text).to_string(), span }).collect()
}

fn credits(
    text: &str,
    lines: &[Line],
    gazetteer: &Gazetteer,
    photos: &[PhotoCredit],
    mentions: &[gazetteer::Mention],
) -> Vec<Credit> {
    let mut credits: Vec<Credit> = Vec::new();
    let in_photo = |span: Span| photos.iter().any(|p| p.span.overlaps(span));
    let resolve = |name: &str| -> Option<(String, Option<OutletId>)> {
        if let Some(id) =
            gazetteer.by_domain(name).filter(|_| name.contains("://") || name.starts_with("www."))
        {
            return Some((gazetteer.name(id).to_string(), Some(id)));
        }
        let clean = gazetteer::clean_name(name);
        if let Some(id) = gazetteer.lookup(&clean) {
            return Some((gazetteer.name(id).to_string(), Some(id)));
        }
        let words = clean.split_whitespace().count();
        let capitalised = clean.chars().next().is_some_and(char::is_uppercase);
        // An unknown name is taken for an outlet only when it reads like one.
        let outlet_like = gazetteer::looks_like_outlet(&clean);
        (capitalised && outlet_like && (1..=6).contains(&words) && !clean.contains("://"))
            .then(|| (display_name(&clean), None))
    };
    for line in lines {
        let s = line.span.slice(text);
        if in_photo(line.span) {
            continue;
        }
        if let Some(c) = LINE_CREDIT.captures(s) {
            let (Some(cue), Some(names)) = (c.get(1), c.get(2)) else {
                continue;
            };
            let cue_text = format!("{}:", cue.as_str());
            let mut offset = names.start();
            for part in names.as_str().split_inclusive([',', ';', '&']) {
                let name = part.trim_end_matches([',', ';', '&']);
                for piece in split_and(name) {
                    if let Some((outlet, id)) = resolve(piece) {
                        let end = offset + name.len();
                        credits.push(Credit {
                            outlet,
                            cue: cue_text.clone(),
                            span: Span::new(line.span.start, line.span.start + end),
                            scope: Scope::Document,
                            id,
                            declared: None,
                        });
                    }
                }
                offset += part.len();
            }
            continue;
        }
        if let Some(c) = WIRE_DATELINE.captures(s).and_then(|c| c.get(1)) {
            let name = c.as_str().trim();
            let acronym =
                (2..=6).contains(&name.len()) && name.chars().all(|ch| ch.is_ascii_uppercase());
            let id = gazetteer.lookup(name);
            // "Interstate Commerce Commission (ICC) --" names the story's
            // subject, not the agency that filed it.
            let subject = id.is_none() && abbreviates(&s[..c.start() - 1], name);
            if !subject && (id.is_some() || acronym || gazetteer::looks_like_outlet(name)) {
                let span =
                    Span::new(line.span.start + c.start() - 1, line.span.start + c.end() + 1);
                credits.push(Credit {
                    outlet: id
                        .map_or_else(|| name.to_string(), |id| gazetteer.name(id).to_string()),
                    cue: format!("({name}) dateline"),
                    span,
                    scope: Scope::Document,
                    id,
                    declared: None,
                });
            }
        }
        if s.starts_with("http")
            && line.words <= 40
            && s.split_whitespace().count() <= 4
            && let Some(id) = gazetteer.by_domain(s)
        {
            credits.push(Credit {
                outlet: gazetteer.name(id).to_string(),
                cue: "address line".to_string(),
                span: line.span,
                scope: Scope::Document,
                id: Some(id),
                declared: None,
            });
        }
    }
    for &mention in mentions {
        if in_photo(mention.span) || credits.iter().any(|c| c.span.overlaps(mention.span)) {
            continue;
        }
        if let Some((cue, span)) = cue_near(text, mention.span) {
            let lower = cue.to_lowercase();
            let whole = DOCUMENT_CUES.contains(&lower.as_str())
                || lower.starts_with("originally")
                || lower.starts_with("this ");
            let scope = if whole { Scope::Document } else { Scope::Sentence };
            credits.push(Credit {
                outlet: gazetteer.name(mention.outlet).to_string(),
                cue,
                span,
                scope,
                id: Some(mention.outlet),
                declared: None,
            });
        }
    }
    credits.sort_by_key(|c| c.span);
    credits
}

fn split_and(name: &str) -> Vec<&str> {
    name.split(" and ").map(str::trim).filter(|s| !s.is_empty()).collect()
}

/// The cue that makes a mention a credit, and the span of cue and mention.
fn cue_near(text: &str, mention: Span) -> Option<(String, Span)> {
    let line_start = text[..mention.start].rfind('\n').map_or(0, |i| i + 1);
    let window_start = text[line_start..mention.start]
        .char_indices()
        .rev()
        .nth(60)
        .map_or(line_start, |(i, _)| line_start + i);
    let before = &text[window_start..mention.start];
    if let Some(c) = CUE_BEFORE_OUTLET.captures(before).and_then(|c| c.get(1)) {
        let start = window_start + c.start();
        return Some((c.as_str().to_string(), Span::new(start, mention.end)));
    }
    let line_end = text[mention.end..].find('\n').map_or(text.len(), |i| mention.end + i);
    let after = &text[mention.end..line_end];
    let after = &after[..after.char_indices().nth(50).map_or(after.len(), |(i, _)| i)];
    let c = CUE_AFTER_OUTLET.captures(after)?.get(1)?;
    Some((c.as_str().to_string(), Span::new(mention.start, mention.end + c.end())))
}

#[cfg(test)]
mod tests;
