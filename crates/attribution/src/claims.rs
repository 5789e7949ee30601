//! Claims: sentences that carry a quantity, a quote or an attribution.
//!
//! Input: a document's text, its content sentences and the page's credits.
//! Output: [`Claim`]s with normalised [`Quantity`]s (value, hedge, the head
//! noun they count, a rate such as "every month") and [`Attribution`]s (cue
//! and source, each with its span, and the kind of source). Document-scope
//! credits ("Source: The New York Times") are attached to every claim as
//! attributions of scope `document`.
//!
//! It does not group claims across documents or decide origins; `provenance`
//! does. A photo credit is never an attribution (the page stage keeps them
//! apart), and an outlet named without a cue ("at a Bloomberg lunch") is not
//! a source.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::gazetteer::{Gazetteer, Mention, OutletId};
use crate::page::{Credit, Scope, regex};
use crate::tagger::{self, Tagger};
use provtrace_text::span::Span;

/// A number in a claim, normalised. The number as written is `span` of
/// the document's text ([`Quantity::text`]); it is not copied.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    /// The value: `30,000`, `30K`, `thirty thousand` are all 30000.
    pub value: f64,
    /// `nearly`, `about`, `as many as`, `more than`, ...
    pub hedge: Option<&'static str>,
    /// What it counts: the words after it (`foreign fighters`), or
    /// `percent`; `null` when nothing follows.
    pub unit: Option<String>,
    /// `day`, `week`, `month` or `year` for "every month", "a year", ...
    pub rate: Option<&'static str>,
    /// Currency sign, when it is money.
    pub currency: Option<String>,
    pub span: Span,
}

/// What kind of source an attribution names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Outlet,
    Agency,
    Official,
    Person,
    Document,
    Unknown,
}

/// Who a claim is attributed to, and the words that say so.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Attribution {
    /// Canonical name for outlets; the words as written otherwise.
    pub source: String,
    pub source_kind: SourceKind,
    pub source_span: Option<Span>,
    pub cue: String,
    pub cue_span: Option<Span>,
    pub scope: Scope,
    #[serde(skip)]
    pub outlet: Option<OutletId>,
}

/// A sentence that asserts something checkable: `span` of the document's
/// text ([`Claim::text`]), which is not copied.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    pub span: Span,
    pub quantities: Vec<Quantity>,
    /// Quoted words of at least three words.
    pub quotes: Vec<Span>,
    pub attributions: Vec<Attribution>,
}

impl Claim {
    /// The sentence, from the text of its document.
    pub fn text<'t>(&self, document: &'t str) -> &'t str {
        document.get(self.span.start..self.span.end).unwrap_or_default()
    }
}

impl Quantity {
    /// The number as written, from the text of its document.
    pub fn text<'t>(&self, document: &'t str) -> &'t str {
        document.get(self.span.start..self.span.end).unwrap_or_default()
    }

    /// The quantity with its text, for a report.
    pub fn in_text<'a>(&'a self, document: &'a str) -> QuantityIn<'a> {
        QuantityIn { quantity: self, document }
    }
}

/// A [`Quantity`] serialised with the number as written.
pub struct QuantityIn<'a> {
    quantity: &'a Quantity,
    document: &'a str,
}

impl Serialize for QuantityIn<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let q = self.quantity;
        let mut out = serializer.serialize_struct("Quantity", 7)?;
        out.serialize_field("value", &q.value)?;
        out.serialize_field("text", q.text(self.document))?;
        out.serialize_field("hedge", &q.hedge)?;
        out.serialize_field("unit", &q.unit)?;
        out.serialize_field("rate", &q.rate)?;
        out.serialize_field("currency", &q.currency)?;
        out.serialize_field("span", &q.span)?;
        out.end()
    }
}

const WORD_NUMBERS: &[(&str, f64)] = &[
    ("a", 1.0),
    ("an", 1.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("fifteen", 15.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("several", f64::NAN),
    ("a few", f64::NAN),
];

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?P<cur>US\$|\$|€|£)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<suf>\s*(?:thousand|million|billion|trillion|mln|bln|bn|[kmb](?-u:\b)|%|percent(?-u:\b)|per cent(?-u:\b)|pct(?-u:\b)))?",
    )
});
static WORD_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?-u:\b)(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?P<n2>one|two|three|four|five|six|seven|eight|nine))?\s+(?P<m>hundred|thousand|million|billion|dozen)(?-u:\b)",
    )
});
/// Words that make a number approximate or a bound.
const HEDGES: [&str; 23] = [
    "nearly",
    "almost",
    "about",
    "around",
    "roughly",
    "approximately",
    "some",
    "as many as",
    "as much as",
    "more than",
    "over",
    "at least",
    "up to",
    "fewer than",
    "less than",
    "under",
    "close to",
    "an estimated",
    "upwards of",
    "just over",
    "just under",
    "well over",
    "no fewer than",
];
static HEDGE: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!(r"(?i)(?-u:\b)({})\s+(?:\$|US\$|€|£)?$", HEDGES.join("|"))));
static RATE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?-u:\b)(?:every|each|per|a|an)\s+(day|week|month|year)(?-u:\b)(\s+ago(?-u:\b)|\s+earlier(?-u:\b))?",
    )
});
static MONTH_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?-u:\b)(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s*$",
    )
});
static TIME_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^\s*(?:a\.m\.|p\.m\.|am(?-u:\b)|pm(?-u:\b)|gmt(?-u:\b)|utc(?-u:\b)|est(?-u:\b)|edt(?-u:\b)|o'clock)",
    )
});
static QUOTE: LazyLock<Regex> =
    LazyLock::new(|| regex(r#""([^"\n]{3,}?)"|“([^”\n]{3,}?)”|«([^»\n]{3,}?)»"#));

/// Words that end a head noun phrase after a number.
const NOT_HEAD: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has",
    "have", "in", "into", "is", "it", "its", "of", "on", "or", "since", "than", "that", "the",
    "their", "to", "up", "was", "were", "who", "which", "will", "with", "would", "could", "may",
    "might", "this", "these", "those", "over", "per", "every", "each", "last", "ago", "said",
    "say", "says", "more", "less", "about", "after", "before", "during", "between", "among", "so",
    "because", "while", "when", "where", "if", "then", "also", "still", "now", "already", "just",
    "only", "even", "not", "no", "join", "joins", "come", "comes", "came", "go", "goes", "went",
    "flee", "fled", "live", "lived", "die", "died", "remain", "remained", "make", "made", "take",
    "took", "leave", "left", "get", "got", "face", "faced", "need", "needed", "want", "work",
    "arrive", "arrived", "fight", "fought", "cross", "crossed", "travel", "return", "returned",
];
/// [`NOT_HEAD`] for lookups: each word after a number is checked.
static NOT_HEAD_SET: LazyLock<rustc_hash::FxHashSet<&'static str>> =
    LazyLock::new(|| NOT_HEAD.iter().copied().collect());

static CUE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?-u:\b)(according to|obtained by|first reported by|reported by|cited by|quoted by|seen by|reviewed by|h/t:?|told|tells|tell|telling|confirmed to|in an interview with|said in an interview with|speaking to|spoke to|spoke with)\s+",
    )
});
/// Verbs of saying, with their auxiliaries: a tagged cue that is one of
/// these takes the source the patterns find when the tagger marks none.
static CUE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?-u:\b)((?:has |have |had |was |is |were |also |previously |first |later |then |repeatedly |publicly )?(?:said|says|say|saying|reported|reports|reporting|estimates|estimated|announced|announces|added|adds|adding|noted|notes|noting|wrote|writes|claimed|claims|claiming|argued|argues|arguing|argue|warned|warns|warning|explained|stated|confirmed|confirms|revealed|reveals|reveal|found|concluded|concludes|believe|believes|believed|think|thinks|thought|acknowledged|insisted|suggested|suggests|suggesting|predicted|predicts|asserted|declared|disclosed|testified|tweeted|shows|showed|indicates|indicated|learned|told|tells|asked|asks|called|calls|calling|described|describes|accused|accuses|criticized|criticizes|praised|urged|urges|recalled|responded|replied|defended|insisted|complained|admitted|denied|denies|cited|citing|emphasized|stressed|vowed|promised|pledged|announced|explained|wondered|joked|quipped|conceded|agreed|disagreed|questioned|blamed|countered|continued|declined|endorsed|predicted|recalling|recounted|reiterated|cites|acknowledging|explaining|stating|announcing|describing|answered|emailed|lamented|decried|denounced|dismissed|blasted|mocked|slams|vows|accusing)(?: in a (?:statement|speech|tweet|letter|post|memo|interview)| on (?:twitter|facebook|fox news|cnn|msnbc)| for)?)(?-u:\b)",
    )
});

const AGENCY_WORDS: &[&str] = &[
    "intelligence",
    "pentagon",
    "united nations",
    "u.n.",
    "un",
    "cia",
    "fbi",
    "nsa",
    "white house",
    "state department",
    "department",
    "ministry",
    "police",
    "army",
    "military",
    "agency",
    "agencies",
    "government",
    "coalition",
    "commission",
    "authority",
    "council",
    "court",
    "congress",
    "senate",
    "parliament",
    "administration",
    "bureau",
    "service",
    "office",
    "cabinet",
];
const OFFICIAL_WORDS: &[&str] = &[
    "official",
    "officials",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "minister",
    "secretary",
    "general",
    "officer",
    "officers",
    "aide",
    "aides",
    "ambassador",
    "diplomat",
    "diplomats",
    "analyst",
    "analysts",
    "experts",
    "expert",
    "sources",
    "source",
    "engineer",
    "president",
    "governor",
    "mayor",
    "chief",
    "director",
    "commander",
    "lawmakers",
    "senator",
    "adviser",
    "advisers",
    "advisor",
    "economist",
    "economists",
    "professor",
    "researcher",
    "researchers",
    "lawyer",
    "attorney",
    "representative",
    "strategist",
    "candidate",
    "nominee",
];
const DOCUMENT_WORDS: &[&str] = &[
    "report",
    "assessment",
    "study",
    "survey",
    "records",
    "record",
    "document",
    "documents",
    "investigation",
    "estimate",
    "estimates",
    "analysis",
    "data",
    "poll",
    "statement",
    "memo",
    "letter",
    "filing",
    "figures",
    "review",
];

/// Words that start a time, not a speaker, after "said".
const TIME_WORDS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Today",
    "Yesterday",
    "Last",
    "This",
    "On",
    "In",
    "At",
    "Earlier",
    "Later",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The claims of one document; `mentions` are the outlets it names
/// ([`Gazetteer::mentions`] of the whole text).
pub fn extract(
    text: &str,
    sentences: &[Span],
    credits: &[Credit],
    mentions: &[Mention],
    gazetteer: &Gazetteer,
    tagger: &Tagger,
) -> Vec<Claim> {
    let document_credits: Vec<Attribution> = credits
        .iter()
        .filter(|c| c.scope == Scope::Document)
        .map(|c| Attribution {
            source: c.outlet.clone(),
            source_kind: SourceKind::Outlet,
            source_span: Some(c.span),
            cue: c.cue.clone(),
            cue_span: None,
            scope: Scope::Document,
            outlet: c.id,
        })
        .collect();
    let speakers = speakers(text, gazetteer);
    let mut claims = Vec::new();
    for (k, &span) in sentences.iter().enumerate() {
        let sentence = span.slice(text);
        let quantities = quantities(sentence, span.start);
        let quotes: Vec<Span> = QUOTE
            .captures_iter(sentence)
            .filter_map(|c| c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3)))
            .filter(|m| m.as_str().split_whitespace().count() >= 3)
            .map(|m| Span::new(span.start + m.start(), span.start + m.end()))
            .collect();
        let mut attributions =
            sentence_attributions(text, sentences, k, mentions, &speakers, gazetteer, tagger);
        if quantities.is_empty() && quotes.is_empty() && attributions.is_empty() {
            continue;
        }
        attributions.extend(document_credits.iter().cloned());
        claims.push(Claim { span, quantities, quotes, attributions });
    }
    claims
}

/// The quantities of a sentence; `offset` is the sentence's start in the text.
pub fn quantities(sentence: &str, offset: usize) -> Vec<Quantity> {
    let mut found: Vec<Quantity> = Vec::new();
    for c in WORD_NUMBER.captures_iter(sentence) {
        let (Some(whole), Some(n), Some(m)) = (c.get(0), c.name("n"), c.name("m")) else {
            continue;
        };
        let base = word_value(n.as_str()) + c.name("n2").map_or(0.0, |n2| word_value(n2.as_str()));
        let scale = match m.as_str().to_lowercase().as_str() {
            "hundred" => 100.0,
            "thousand" => 1e3,
            "million" => 1e6,
            "billion" => 1e9,
            _ => 12.0,
        };
        found.push(quantity(sentence, offset, whole.start(), whole.end(), base * scale, None));
    }
    for c in NUMBER.captures_iter(sentence) {
        let (Some(whole), Some(num)) = (c.get(0), c.name("num")) else { continue };
        if found
            .iter()
            .any(|q| q.span.overlaps(Span::new(offset + whole.start(), offset + whole.end())))
        {
            continue;
        }
        // Not a part of a word, a code or a decimal already taken.
        let before = sentence[..whole.start()].chars().next_back();
        let after = sentence[whole.end()..].chars().next();
        if before.is_some_and(|ch| {
            ch.is_alphanumeric()
                || matches!(ch, '.' | '/' | ':')
                || ch == '-' && c.name("cur").is_none()
        }) || after.is_some_and(|ch| ch.is_alphanumeric() || ch == '/' || ch == ':')
        {
            continue;
        }
        // "7007,000": a fragment of a malformed number, not a number.
        if before == Some(',')
            && sentence[..whole.start() - 1].chars().next_back().is_some_and(|c| c.is_ascii_digit())
        {
            continue;
        }
        // "(1)" numbers a list item or sits in code.
        if before == Some('(') && after == Some(')') {
            continue;
        }
        let digits = num.as_str().replace(',', "");
        let Ok(mut value) = digits.parse::<f64>() else { continue };
        let suffix = c.name("suf").map(|s| s.as_str().trim().to_lowercase());
        let currency = c.name("cur").map(|m| m.as_str().to_string());
        // A year, a day of the month or a time is not a quantity.
        let plain = suffix.is_none() && currency.is_none() && !num.as_str().contains(',');
        if plain && digits.len() == 4 && (1900.0..=2100.0).contains(&value) {
            continue;
        }
        if plain
            && (MONTH_BEFORE.is_match(tail(&sentence[..whole.start()], 32))
                || TIME_AFTER.is_match(&sentence[whole.end()..]))
        {
            continue;
        }
        let mut unit = None;
        match suffix.as_deref() {
            Some("thousand" | "k") => value *= 1e3,
            Some("million" | "mln" | "m") => value *= 1e6,
            Some("billion" | "bln" | "bn" | "b") => value *= 1e9,
            Some("trillion") => value *= 1e12,
            Some("%" | "percent" | "per cent" | "pct") => unit = Some("percent".to_string()),
            _ => {}
        }
        let mut q = quantity(sentence, offset, whole.start(), whole.end(), value, currency);
        if unit.is_some() {
            q.unit = unit;
        }
        found.push(q);
    }
    found.retain(|q| q.value.is_finite());
    found.sort_by_key(|q| q.span);
    found
}

/// The end of `text`: about its last `bytes` bytes, from the start of a
/// word, for patterns anchored at the end that look a few words back (a
/// scan of the whole text before every number would cost its length).
fn tail(text: &str, bytes: usize) -> &str {
    if text.len() <= bytes {
        return text;
    }
    let mut from = text.len() - bytes;
    while !text.is_char_boundary(from) {
        from += 1;
    }
    // From just after a white space, where a word boundary is one in the
    // whole text too; none in the tail, no words to look at.
    match text[from..].find(char::is_whitespace) {
        Some(at) => {
            let at = from + at;
            &text[at + text[at..].chars().next().map_or(0, char::len_utf8)..]
        }
        None => "",
    }
}

fn word_value(word: &str) -> f64 {
    let word = word.to_lowercase();
    WORD_NUMBERS.iter().find(|(w, _)| *w == word).map_or(f64::NAN, |(_, v)| *v)
}

fn quantity(
    sentence: &str,
    offset: usize,
    start: usize,
    end: usize,
    value: f64,
    currency: Option<String>,
) -> Quantity {
    let hedge = HEDGE
        .captures(tail(&sentence[..start], 64))
        .and_then(|c| c.get(1))
        .and_then(|m| HEDGES.iter().copied().find(|h| h.eq_ignore_ascii_case(m.as_str())));
    // The rate is said soon after the number, before any other number, and
    // "a year ago" is a time, not a rate.
    let after = &sentence[end..];
    let window = after.find(|c: char| c.is_ascii_digit()).unwrap_or(after.len()).min(120);
    let window = &after[..(0..=window).rev().find(|&i| after.is_char_boundary(i)).unwrap_or(0)];
    let rate = RATE.captures(window).filter(|c| c.get(2).is_none()).and_then(|c| c.get(1)).map(
        |m| match m.as_str().to_lowercase().as_str() {
            "day" => "day",
            "week" => "week",
            "month" => "month",
            _ => "year",
        },
    );
    Quantity {
        value,
        hedge,
        unit: head(&sentence[end..]),
        rate,
        currency,
        span: Span::new(offset + start, offset + end),
    }
}

/// The words a number counts: up to three words after it, until a
/// function word, a verb form or punctuation.
fn head(after: &str) -> Option<String> {
    let mut words = Vec::new();
    for raw in after.split_whitespace() {
        let word: String = raw.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        let ends_clause = raw.ends_with([',', '.', ';', ':', '!', '?', ')']);
        if word.is_empty()
            || NOT_HEAD_SET.contains(word.as_str())
            || word.chars().any(|c| c.is_ascii_digit())
            || (!words.is_empty() && (word.ends_with("ing") || word.ends_with("ed")))
        {
            break;
        }
        words.push(word);
        if ends_clause || words.len() == 3 {
            break;
        }
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// A signature alone on its line: a dash and a name ("― Sonya Herridge").
static SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(?P<dash>[―—–])[ \t\u{a0}]*(?P<name>\p{Lu}[\p{L}.'’-]*(?:[ \t\u{a0}]+\p{Lu}[\p{L}.'’-]*){0,3})[.\s\u{a0}]*$",
    )
});

/// The attribution of a quotation signed after its closing mark, as letters
/// and vox pops are ("…our greatest shame.” ― Sonya Herridge", the
/// signature ending its line): `quote` and `next` are consecutive sentences
/// of `text`. The dash is the cue, the name the source.
fn signed_by(text: &str, quote: Span, next: Span, gazetteer: &Gazetteer) -> Option<Attribution> {
    let closes =
        quote.slice(text).trim_end_matches(|c: char| c.is_whitespace()).ends_with(['”', '"']);
    // The signature ends its line.
    let ends_line = text[next.end..].trim_start_matches([' ', '\t', '\u{a0}']);
    if !closes || !(ends_line.is_empty() || ends_line.starts_with(['\n', '\r'])) {
        return None;
    }
    let c = SIGNATURE.captures(next.slice(text))?;
    let (dash, name) = (c.name("dash")?, c.name("name")?);
    let at = |m: regex::Match| Span::new(next.start + m.start(), next.start + m.end());
    Some(attribution(name.as_str(), at(name), dash.as_str(), at(dash), None, gazetteer))
}

/// A speaker's label opening a line of a transcript: the name in capitals
/// and a colon ("WALLACE: Let's start…", "SEN. SMITH: We…"), after an
/// opening quotation mark when the transcript is quoted.
static SPEAKER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r#"^[ \t\u{a0}]*["“]?(?P<name>\p{Lu}[\p{Lu}.'’-]*(?:[ \t]\p{Lu}[\p{Lu}.'’-]*){0,3})(?P<colon>:)[ \t\u{a0}]+\S"#,
    )
});

/// Labels in capitals that open a line but name no speaker.
const NOT_SPEAKERS: &[&str] = &[
    "ADVERTISEMENT",
    "ALSO",
    "ANALYSIS",
    "BREAKING",
    "CLARIFICATION",
    "COMMENTARY",
    "CORRECTION",
    "CREDIT",
    "DISCLAIMER",
    "DISCLOSURE",
    "EDITOR'S NOTE",
    "EDITOR’S NOTE",
    "EXCLUSIVE",
    "FACT CHECK",
    "FILE",
    "LISTEN",
    "LIVE",
    "MORE",
    "NOTE",
    "OPINION",
    "PHOTO",
    "PHOTOS",
    "POLL",
    "READ",
    "READ MORE",
    "RELATED",
    "SEE ALSO",
    "SOURCE",
    "SOURCES",
    "SPONSORED",
    "TAGS",
    "TOPICS",
    "TRANSCRIPT",
    "UPDATE",
    "UPDATED",
    "VIDEO",
    "WARNING",
    "WATCH",
];

/// The speakers' labels of a transcript in `text`: each line opening with
/// one is attributed to its speaker, the name the source and the colon the
/// cue. A text is a transcript when at least two different speakers' labels
/// open its lines; one such line alone is more likely a headline's kicker
/// ("THE FLOW IS SLOW: But Foreign Fighters…") than a speaker.
pub fn speakers(text: &str, gazetteer: &Gazetteer) -> Vec<Attribution> {
    let mut found = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let offset = start;
        start += line.len();
        let Some(c) = SPEAKER.captures(line) else { continue };
        let (Some(name), Some(colon)) = (c.name("name"), c.name("colon")) else { continue };
        let letters = name.as_str().chars().filter(|c| c.is_alphabetic()).count();
        if letters < 2 || NOT_SPEAKERS.contains(&name.as_str()) {
            continue;
        }
        let at = |m: regex::Match| Span::new(offset + m.start(), offset + m.end());
        found.push(attribution(name.as_str(), at(name), ":", at(colon), None, gazetteer));
    }
    if found.windows(2).all(|w| w[0].source == w[1].source) {
        found.clear();
    }
    found
}

/// The attributions of sentence `k` of `sentences` (spans of `text`, which
/// names the outlets `mentions` and has the transcript labels `speakers`,
/// both in text order): those made inside it, its speaker's label, and its
/// signature if the next sentence is one.
pub fn sentence_attributions(
    text: &str,
    sentences: &[Span],
    k: usize,
    mentions: &[Mention],
    speakers: &[Attribution],
    gazetteer: &Gazetteer,
    tagger: &Tagger,
) -> Vec<Attribution> {
    let span = sentences[k];
    let mentions = mentions_in(mentions, span);
    let mut out = attributions_with(span.slice(text), span.start, &mentions, gazetteer, tagger);
    out.extend(sentences.get(k + 1).and_then(|&next| signed_by(text, span, next, gazetteer)));
    // A speaker's label in the sentence takes the place of what the tagger
    // or the patterns made of the name and the colon.
    let taken = |x: Option<Span>, by: Option<Span>| x.zip(by).is_some_and(|(x, by)| x.overlaps(by));
    let first = speakers.partition_point(|a| a.cue_span.is_some_and(|c| c.start < span.start));
    for said in
        speakers[first..].iter().take_while(|a| a.cue_span.is_some_and(|c| c.end <= span.end))
    {
        out.retain(|a| {
            !taken(a.cue_span, said.cue_span) && !taken(a.source_span, said.source_span)
        });
        out.insert(0, said.clone());
    }
    out
}

/// The outlets named inside `sentence` (a span of the text whose sorted
/// `mentions` are given), with spans in bytes of the sentence. A name is
/// read in the whole text, so "the Times" in one sentence is The New York
/// Times when another sentence names it in full.
fn mentions_in(mentions: &[Mention], sentence: Span) -> Vec<Mention> {
    let first = mentions.partition_point(|m| m.span.start < sentence.start);
    mentions[first..]
        .iter()
        .take_while(|m| m.span.start < sentence.end)
        .filter(|m| m.span.end <= sentence.end)
        .map(|m| Mention {
            outlet: m.outlet,
            span: Span::new(m.span.start - sentence.start, m.span.end - sentence.start),
        })
        .collect()
}

/// The attributions made inside one sentence, on its own.
pub fn attributions(sentence: &str, offset: usize, gazetteer: &Gazetteer) -> Vec<Attribution> {
    attributions_with(sentence, offset, &gazetteer.mentions(sentence), gazetteer, &Tagger::Crf)
}

/// The attributions made inside one sentence that names the outlets
/// `mentions` (spans in bytes of the sentence).
fn attributions_with(
    sentence: &str,
    offset: usize,
    mentions: &[Mention],
    gazetteer: &Gazetteer,
    tagger: &Tagger,
) -> Vec<Attribution> {
    let mut out: Vec<Attribution> = Vec::new();
    let at = |s: usize, e: usize| Span::new(offset + s, offset + e);
    for c in CUE_AFTER.captures_iter(sentence) {
        let Some(cue) = c.get(1) else { continue };
        let rest_start = c.get(0).map_or(cue.end(), |m| m.end());
        let Some((s, e)) = phrase_after(sentence, rest_start) else { continue };
        let told = matches!(
            cue.as_str().to_lowercase().as_str(),
            "told"
                | "tells"
                | "tell"
                | "telling"
                | "confirmed to"
                | "speaking to"
                | "spoke to"
                | "spoke with"
                | "in an interview with"
                | "said in an interview with"
        );
        let outlet = mentions.iter().find(|m| m.span.start >= s && m.span.start < e);
        if told && outlet.is_none() {
            // "told reporters", "told him": the teller is the source, below.
            continue;
        }
        out.push(attribution(
            &sentence[s..e],
            at(s, e),
            cue.as_str(),
            at(cue.start(), cue.end()),
            outlet.map(|m| m.outlet),
            gazetteer,
        ));
        if told {
            // Whoever told the outlet is a source too.
            if let Some((bs, be)) = phrase_before(sentence, cue.start()) {
                out.push(attribution(
                    &sentence[bs..be],
                    at(bs, be),
                    cue.as_str(),
                    at(cue.start(), cue.end()),
                    None,
                    gazetteer,
                ));
            }
        }
    }
    let tagged = tagger.tag(sentence);
    tagged_attributions(sentence, offset, &tagged, mentions, gazetteer, &mut out);
    said_attributions(sentence, offset, &tagged, gazetteer, &mut out);
    out.sort_by_key(|a| (a.cue_span, a.source_span));
    out
}

/// The attributions the tagger marks, besides the credit patterns already
/// in `out`. Each cue takes the nearest tagged source of the sentence:
/// before it ("the senator said"), else after it ("…, said the senator").
fn tagged_attributions(
    sentence: &str,
    offset: usize,
    tagged: &tagger::Tagged,
    mentions: &[Mention],
    gazetteer: &Gazetteer,
    out: &mut Vec<Attribution>,
) {
    let at = |s: usize, e: usize| Span::new(offset + s, offset + e);
    for &(cs, ce) in &tagged.cues {
        let cue_span = at(cs, ce);
        if out.iter().any(|a| a.cue_span.is_some_and(|x| x.overlaps(cue_span))) {
            continue;
        }
        let before = tagged.sources.iter().rev().find(|&&(_, e)| e <= cs);
        let after = tagged.sources.iter().find(|&&(s, _)| s >= ce);
        let source = match (before, after) {
            (Some(&b), Some(&a)) => Some(if cs - b.1 <= a.0 - ce { b } else { a }),
            // "…, a former engineer said": a verb of saying whose source the
            // tagger missed takes the phrase the patterns find.
            (None, None)
                if CUE_BEFORE.find(&sentence[cs..ce]).is_some_and(|m| m.len() == ce - cs) =>
            {
                pattern_source(sentence, cs, ce)
            }
            (b, a) => b.or(a).copied(),
        }
        .and_then(|(s, e)| {
            // "Ben Rhodes, a top adviser, said": not the closing comma.
            let e = s + sentence[s..e].trim_end_matches([',', ';', ':', '-', '—', ' ']).len();
            (e > s).then_some((s, e))
        });
        let cue = &sentence[cs..ce];
        match source {
            // "the report obtained by the AP revealed": the phrase holds a
            // credit, whose source is already taken; the cue stays.
            Some((s, e))
                if out.iter().any(|a| {
                    a.source_span.is_some_and(|x| x.overlaps(at(s, e)))
                        || a.cue_span.is_some_and(|x| x.overlaps(at(s, e)))
                }) =>
            {
                out.push(unsourced(cue, cue_span));
            }
            Some((s, e)) => {
                let outlet = mentions.iter().find(|m| m.span.start >= s && m.span.end <= e);
                out.push(attribution(
                    &sentence[s..e],
                    at(s, e),
                    cue,
                    cue_span,
                    outlet.map(|m| m.outlet),
                    gazetteer,
                ));
            }
            // A cue whose source the sentence does not name ("is expected
            // to", "reportedly").
            None => out.push(unsourced(cue, cue_span)),
        }
    }
}

/// The verbs that nearly always attribute ("said", "says", "told").
/// Without word boundaries, which would keep the search from its literal
/// prefilter; they are checked on each match.
static SAID: LazyLock<Regex> = LazyLock::new(|| regex(r"said|says|saying|told|adding|added"));

/// Whether `m` of `text` is a whole word.
fn whole_word(text: &str, m: &regex::Match) -> bool {
    let before = text[..m.start()].chars().next_back();
    let after = text[m.end()..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// The verbs of [`SAID`] that the tagger left unmarked outside a quotation
/// ("all the experts I interviewed said her proposals…"): each is a cue all
/// the same, its source the nearest source the tagger marked and no cue
/// took, else unknown (the phrase the patterns find there is more often
/// wrong than right: on PolNeAR train it lowers source F1).
fn said_attributions(
    sentence: &str,
    offset: usize,
    tagged: &tagger::Tagged,
    gazetteer: &Gazetteer,
    out: &mut Vec<Attribution>,
) {
    let at = |s: usize, e: usize| Span::new(offset + s, offset + e);
    let mut verbs = SAID.find_iter(sentence).filter(|m| whole_word(sentence, m)).peekable();
    if verbs.peek().is_none() {
        return;
    }
    let quoted: Vec<(usize, usize)> =
        QUOTE.find_iter(sentence).map(|m| (m.start(), m.end())).collect();
    for m in verbs {
        let cue_span = at(m.start(), m.end());
        if out.iter().any(|a| a.cue_span.is_some_and(|x| x.overlaps(cue_span)))
            || quoted.iter().any(|&(s, e)| s < m.start() && m.end() < e)
        {
            continue;
        }
        let free = |&&(s, e): &&(usize, usize)| {
            !out.iter().any(|a| a.source_span.is_some_and(|x| x.overlaps(at(s, e))))
        };
        let source = tagged.sources.iter().filter(free).min_by_key(|&&(s, e)| {
            if e <= m.start() { m.start() - e } else { s.saturating_sub(m.end()) }
        });
        out.push(match source {
            Some(&(s, e)) => {
                attribution(&sentence[s..e], at(s, e), m.as_str(), cue_span, None, gazetteer)
            }
            None => unsourced(m.as_str(), cue_span),
        });
    }
}

/// The source of the cue at `start..end` by pattern: the phrase before it,
/// or after it when the cue follows a comma or quote and a name follows
/// ("…," said Otso Iho).
fn pattern_source(sentence: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let inverted = sentence[..start].trim_end().ends_with([',', '"', '”']);
    match phrase_before(sentence, start) {
        Some(found) if !inverted => Some(found),
        _ => {
            let rest = &sentence[end..];
            let s = end + (rest.len() - rest.trim_start().len());
            let named = phrase_after(sentence, s).filter(|&(s, e)| {
                let first = sentence[s..e].split_whitespace().next().unwrap_or_default();
                first.chars().next().is_some_and(char::is_uppercase) && !TIME_WORDS.contains(&first)
            });
            named.or_else(|| phrase_before(sentence, start))
        }
    }
}

/// An attribution whose source the sentence does not name: an empty
/// source of kind unknown, without a span.
fn unsourced(cue: &str, cue_span: Span) -> Attribution {
    Attribution {
        source: String::new(),
        source_kind: SourceKind::Unknown,
        source_span: None,
        cue: cue.to_string(),
        cue_span: Some(cue_span),
        scope: Scope::Sentence,
        outlet: None,
    }
}

fn attribution(
    source: &str,
    source_span: Span,
    cue: &str,
    cue_span: Span,
    outlet: Option<OutletId>,
    gazetteer: &Gazetteer,
) -> Attribution {
    let (name, kind) = match outlet {
        Some(id) => (gazetteer.name(id).to_string(), SourceKind::Outlet),
        None => (source.to_string(), source_kind(source)),
    };
    Attribution {
        source: name,
        source_kind: kind,
        source_span: Some(source_span),
        cue: cue.to_string(),
        cue_span: Some(cue_span),
        scope: Scope::Sentence,
        outlet,
    }
}

/// A word list of a source kind: its single words in a set, its phrases
/// ("white house") apart.
struct KindWords {
    words: rustc_hash::FxHashSet<&'static str>,
    phrases: Vec<&'static str>,
}

impl KindWords {
    fn new(list: &[&'static str]) -> KindWords {
        let (phrases, words): (Vec<&str>, Vec<&str>) = list.iter().partition(|w| w.contains(' '));
        KindWords { words: words.into_iter().collect(), phrases }
    }
}

static DOCUMENT: LazyLock<KindWords> = LazyLock::new(|| KindWords::new(DOCUMENT_WORDS));
static OFFICIAL: LazyLock<KindWords> = LazyLock::new(|| KindWords::new(OFFICIAL_WORDS));
static AGENCY: LazyLock<KindWords> = LazyLock::new(|| KindWords::new(AGENCY_WORDS));

fn source_kind(source: &str) -> SourceKind {
    let lower = source.to_lowercase();
    let words: Vec<&str> =
        lower.split(|c: char| !c.is_alphanumeric() && c != '.').filter(|w| !w.is_empty()).collect();
    let has = |list: &KindWords| {
        words.iter().any(|w| list.words.contains(w))
            || list.phrases.iter().any(|p| lower.contains(p))
    };
    if has(&DOCUMENT) {
        SourceKind::Document
    } else if has(&OFFICIAL) {
        SourceKind::Official
    } else if has(&AGENCY) {
        SourceKind::Agency
    } else if source
        .split_whitespace()
        .next()
        .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
        && !matches!(lower.as_str(), "he" | "she" | "they" | "it" | "we" | "i")
    {
        SourceKind::Person
    } else {
        SourceKind::Unknown
    }
}

/// The noun phrase after `start`: up to eight words, until punctuation or
/// "that".
fn phrase_after(sentence: &str, start: usize) -> Option<(usize, usize)> {
    let rest = &sentence[start..];
    let mut end = start;
    let mut words = 0;
    for (i, word) in rest.split_inclusive(char::is_whitespace).scan(0, |pos, w| {
        let at = *pos;
        *pos += w.len();
        Some((at, w))
    }) {
        let bare = word.trim();
        let lower = bare.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        if bare.is_empty()
            || matches!(
                lower.as_str(),
                "that"
                    | "who"
                    | "which"
                    | "on"
                    | "in"
                    | "last"
                    | "this"
                    | "about"
                    | "from"
                    | "after"
            ) && words > 0
        {
            break;
        }
        let stop = bare.ends_with([',', '.', ';', ':', '!', '?', ')', '"', '”']);
        end =
            start + i + bare.trim_end_matches([',', '.', ';', ':', '!', '?', ')', '"', '”']).len();
        words += 1;
        if stop || words == 8 {
            break;
        }
    }
    (end > start).then_some((start, end))
}

/// The noun phrase before `end`: back to a clause boundary (a comma, a
/// quote, "that", the sentence start), at most eight words.
fn phrase_before(sentence: &str, end: usize) -> Option<(usize, usize)> {
    // "Ben Rhodes, a top adviser, said": the appositive's comma is not the
    // clause boundary.
    let before = sentence[..end].trim_end().trim_end_matches(',').trim_end();
    let boundary = |text: &str| {
        text.rfind([',', ';', ':', '"', '“', '”', '(', '—', '–'])
            .map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8))
    };
    let mut stop = boundary(before);
    // "Daniel L. Byman, a counterterrorism expert, tells": the name before
    // the appositive is the source too.
    if stop > 0 && before[..stop].ends_with(',') {
        let appositive = before[stop..].trim_start().to_lowercase();
        let named = boundary(&before[..stop - 1]);
        let name = before[named..stop - 1].trim();
        let words = name.split_whitespace().count();
        if ["a ", "an ", "the "].iter().any(|a| appositive.starts_with(a))
            && (1..=4).contains(&words)
            && name.split_whitespace().all(|w| w.starts_with(char::is_uppercase))
        {
            stop = named;
        }
    }
    let mut clause = &before[stop..];
    let base = stop;
    let lead = clause.len() - clause.trim_start().len();
    clause = clause.trim_start();
    let mut start = base + lead;
    // Keep the last eight words, and cut at "that", "and while", "as".
    let words: Vec<(usize, &str)> = clause
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - sentence.as_ptr() as usize, w))
        .collect();
    let mut first = words.len().saturating_sub(8);
    for (k, (_, w)) in words.iter().enumerate() {
        if matches!(
            w.to_lowercase().as_str(),
            "that" | "while" | "and" | "but" | "as" | "because" | "which" | "when" | "if"
        ) {
            first = first.max(k + 1);
        }
    }
    let (s, _) = *words.get(first)?;
    start = start.max(s);
    // "officials also said": the adverb is not part of the source.
    let mut end = before.len();
    for adverb in [" also", " now", " then", " previously", " further", " later", " repeatedly"] {
        if sentence[start..end].to_lowercase().ends_with(adverb) && end - adverb.len() > start {
            end -= adverb.len();
        }
    }
    let before = &sentence[..end];
    let phrase = &sentence[start..before.len()];
    (!phrase.is_empty() && phrase.split_whitespace().count() <= 8).then_some((start, before.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    type Q = (f64, Option<String>, Option<String>, Option<&'static str>);
    type A = (String, SourceKind, String);

    fn q(sentence: &str) -> Vec<Q> {
        quantities(sentence, 0)
            .into_iter()
            .map(|q| (q.value, q.hedge.map(str::to_string), q.unit, q.rate))
            .collect()
    }

    #[test]
    fn quantities_are_normalised() {
        let s = |x: &str| Some(x.to_string());
        let cases: Vec<(&str, Vec<Q>)> = vec![
            (
                "Nearly 30,000 foreign recruits have poured in.",
                vec![(30000.0, s("nearly"), s("foreign recruits"), None)],
            ),
            (
                "as many as 30000 foreigners from more than 100 countries",
                vec![
                    (30000.0, s("as many as"), s("foreigners"), None),
                    (100.0, s("more than"), s("countries"), None),
                ],
            ),
            (
                "About one thousand foreign fighters join every month.",
                vec![(1000.0, s("about"), s("foreign fighters"), Some("month"))],
            ),
            (
                "some 1,000 new recruits joining up every month",
                vec![(1000.0, s("some"), s("new recruits"), Some("month"))],
            ),
            ("thirty thousand people", vec![(30000.0, None, s("people"), None)]),
            ("a 30K bonus", vec![(30000.0, None, s("bonus"), None)]),
            ("A $500 million Pentagon effort", vec![(500e6, None, s("pentagon effort"), None)]),
            ("1.5 million barrels a day", vec![(1.5e6, None, s("barrels"), Some("day"))]),
            ("rose 12% in March", vec![(12.0, None, s("percent"), None)]),
            ("In 1968 on March 3, 2025 at 10:30", vec![]),
            ("shipped on Dec. 5 and June 30", vec![]),
            // A word that begins like a month is not one.
            ("profit declined 5 pct", vec![(5.0, None, s("percent"), None)]),
            ("the mayor named 12 judges", vec![(12.0, None, s("judges"), None)]),
            ("registered by 10 p.m. on Sunday", vec![]),
            ("see alert(1) and item (2)", vec![]),
            ("a typo 7007,000 here", vec![(7007.0, None, None, None)]),
            (
                "more than 250 Americans, up from about 100 a year ago",
                vec![
                    (250.0, s("more than"), s("americans"), None),
                    (100.0, s("about"), None, None),
                ],
            ),
        ];
        for (sentence, want) in cases {
            assert_eq!(q(sentence), want, "{sentence}");
        }
    }

    fn attr(sentence: &str) -> Vec<A> {
        let g = Gazetteer::new(&[]);
        attributions(sentence, 0, &g)
            .into_iter()
            .map(|a| (a.source, a.source_kind, a.cue))
            .collect()
    }

    #[test]
    fn cues_and_sources() {
        type Case = (&'static str, Vec<(&'static str, SourceKind, &'static str)>);
        let cases: Vec<Case> = vec![
            (
                "But U.S. intelligence officials tell NBC News the change is modest.",
                vec![
                    ("U.S. intelligence officials", SourceKind::Official, "tell"),
                    ("NBC News", SourceKind::Outlet, "tell"),
                ],
            ),
            (
                "More than 250 came, according to intelligence and law enforcement officials.",
                vec![(
                    "intelligence and law enforcement officials",
                    SourceKind::Official,
                    "according to",
                )],
            ),
            (
                "The New York Times is reporting that 30,000 came.",
                vec![("The New York Times", SourceKind::Outlet, "is reporting")],
            ),
            (
                "And while the Pentagon estimates that 10,000 died, more came.",
                vec![("the Pentagon", SourceKind::Agency, "estimates")],
            ),
            ("\"We are not waiting,\" Reyes said.", vec![("Reyes", SourceKind::Person, "said")]),
            (
                "the report obtained by the Associated Press revealed.",
                // "revealed" stays a cue; its source phrase holds the credit.
                vec![
                    ("Associated Press", SourceKind::Outlet, "obtained by"),
                    ("", SourceKind::Unknown, "revealed"),
                ],
            ),
            (
                "The rough estimates from officials also reveal it.",
                vec![("The rough estimates from officials", SourceKind::Document, "also reveal")],
            ),
            (
                "He said Friday at a Bloomberg lunch with reporters.",
                vec![("He", SourceKind::Unknown, "said")],
            ),
            (
                "Ben Rhodes, a top adviser, said Friday at a Bloomberg lunch.",
                vec![("Ben Rhodes, a top adviser", SourceKind::Official, "said")],
            ),
            (
                "\"It is the same battle,\" said Otso Iho, a senior analyst.",
                vec![("Otso Iho, a senior analyst", SourceKind::Official, "said")],
            ),
            (
                "Daniel L. Byman, a counterterrorism expert, tells The New York Times that more came.",
                vec![
                    ("Daniel L. Byman, a counterterrorism expert", SourceKind::Official, "tells"),
                    ("The New York Times", SourceKind::Outlet, "tells"),
                ],
            ),
        ];
        for (sentence, want) in cases {
            let want: Vec<A> =
                want.into_iter().map(|(a, k, c)| (a.to_string(), k, c.to_string())).collect();
            assert_eq!(attr(sentence), want, "{sentence}");
        }
    }

    /// The claims of a whole text, as the pipeline extracts them.
    fn claims_of(text: &str, g: &Gazetteer) -> Vec<Claim> {
        let sentences = provtrace_text::sentence::sentences(text, "eng");
        extract(text, &sentences, &[], &g.mentions(text), g, &Tagger::Crf)
    }

    #[test]
    fn a_short_name_is_read_against_the_whole_text() {
        let g = Gazetteer::new(&[]);
        let text = "The New York Times reported the raids. The Times notes that 30 people fled.";
        let claims = claims_of(text, &g);
        let sources: Vec<(&str, SourceKind)> = claims
            .iter()
            .flat_map(|c| &c.attributions)
            .map(|a| (a.source.as_str(), a.source_kind))
            .collect();
        assert!(sources.contains(&("The New York Times", SourceKind::Outlet)), "{sources:?}");
        assert!(!sources.iter().any(|(s, _)| *s == "The Times"), "{sources:?}");
        // On its own, the sentence does not say which Times.
        let alone = attributions("The Times notes that 30 people fled.", 0, &g);
        assert!(alone.iter().all(|a| a.source_kind != SourceKind::Outlet), "{alone:?}");
    }

    #[test]
    fn a_signed_quotation_is_attributed_to_its_signer() {
        let g = Gazetteer::new(&[]);
        let text = "“He represents our greatest shame.” ― Sonya Herridge\n“A real disgrace.”\n";
        let claims = claims_of(text, &g);
        let signed: Vec<(&str, &str, &str)> = claims
            .iter()
            .flat_map(|c| c.attributions.iter().map(move |a| (c.text(text), a)))
            .map(|(t, a)| (t, a.source.as_str(), a.cue.as_str()))
            .collect();
        assert_eq!(signed, [("“He represents our greatest shame.”", "Sonya Herridge", "―")]);
        // A dash inside a line is not a signature.
        let text = "“We came,” she said. ― Then they left for Rome.\n";
        let sentences = provtrace_text::sentence::sentences(text, "eng");
        assert!(sentences.windows(2).all(|w| signed_by(text, w[0], w[1], &g).is_none()));
    }

    #[test]
    fn a_transcript_line_is_attributed_to_its_speaker() {
        let g = Gazetteer::new(&[]);
        let names = |text: &str| -> Vec<(String, String)> {
            let found = speakers(text, &g);
            found
                .into_iter()
                .map(|a| (a.source, a.cue_span.unwrap().slice(text).to_string()))
                .collect()
        };
        let text = "Partial transcript:\n\"WALLACE: Will she be there tomorrow?\n\"PENCE: She will not. \
                    We lost 30 seats.\nSEN. JOHN SMITH: It cost $4 billion.\nUPDATE: The vote is at 5 p.m. \
                    today.\nThe vote: 52 to 48.\nIn March, ABC: a network.\n";
        let want = |name: &str| (name.to_string(), ":".to_string());
        // Not "UPDATE", nor a colon after words in lower case.
        assert_eq!(names(text), [want("WALLACE"), want("PENCE"), want("SEN. JOHN SMITH")]);
        // The claims of a line take its speaker.
        let claims = claims_of(text, &g);
        let smith = claims.iter().find(|c| c.text(text).contains("$4 billion")).unwrap();
        assert_eq!(smith.attributions[0].source, "SEN. JOHN SMITH");
        // One label alone is a headline's kicker, not a transcript.
        assert!(names("THE FLOW IS SLOW: But Fighters Still Flock\nThey came.\n").is_empty());
        assert!(names("PENCE: We won.\nPENCE: We won again.\n").is_empty());
    }

    #[test]
    fn a_verb_of_saying_the_tagger_missed_is_a_cue() {
        let g = Gazetteer::new(&[]);
        let cues = |sentence: &str, sources: Vec<(usize, usize)>| -> Vec<(String, String)> {
            let tagged = tagger::Tagged { cues: Vec::new(), sources };
            let mut out = Vec::new();
            said_attributions(sentence, 0, &tagged, &g, &mut out);
            out.into_iter().map(|a| (a.cue, a.source)).collect()
        };
        let own = |cue: &str, source: &str| (cue.to_string(), source.to_string());
        let s = "All the experts I interviewed said her plans were detailed.";
        assert_eq!(cues(s, vec![]), [own("said", "")]);
        // The nearest source the tagger marked and no cue took.
        assert_eq!(cues(s, vec![(0, 15)]), [own("said", "All the experts")]);
        // Not inside a quotation, not inside a word.
        assert!(cues("“We said it before,” the mayor recalled.", vec![]).is_empty());
        assert_eq!(cues("Saidi kept the unsaid part, told—or not.", vec![]), [own("told", "")]);
    }
}
