//! What kind of source a name is (an agency, an official, a document, a
//! person, an outlet), from word lists.

use std::sync::LazyLock;

use super::SourceKind;

pub(super) const AGENCY_WORDS: &[&str] = &[
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
pub(super) const OFFICIAL_WORDS: &[&str] = &[
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
    "representative",
];
/// People who speak for their own knowledge, not for an office: an expert
/// is a `person` ("Daniel L. Byman, a counterterrorism expert"), however
/// official the place they work at sounds.
pub(super) const PERSON_ROLE_WORDS: &[&str] = &[
    "analyst",
    "analysts",
    "experts",
    "expert",
    "economist",
    "economists",
    "professor",
    "researcher",
    "researchers",
    "scholar",
    "lawyer",
    "attorney",
    "strategist",
    "candidate",
    "nominee",
];
pub(super) const DOCUMENT_WORDS: &[&str] = &[
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

/// A word list of a source kind: its single words in a set, its phrases
/// ("white house") apart.
pub(super) struct KindWords {
    words: rustc_hash::FxHashSet<&'static str>,
    phrases: Vec<&'static str>,
}

impl KindWords {
    fn new(list: &[&'static str]) -> KindWords {
        let (phrases, words): (Vec<&str>, Vec<&str>) = list.iter().partition(|w| w.contains(' '));
        KindWords { words: words.into_iter().collect(), phrases }
    }
}

pub(super) static DOCUMENT: LazyLock<KindWords> = LazyLock::new(|| KindWords::new(DOCUMENT_WORDS));
pub(super) static OFFICIAL: LazyLock<KindWords> = LazyLock::new(|| KindWords::new(OFFICIAL_WORDS));
pub(super) static AGENCY: LazyLock<KindWords> = LazyLock::new(|| KindWords::new(AGENCY_WORDS));
pub(super) static PERSON_ROLE: LazyLock<KindWords> =
    LazyLock::new(|| KindWords::new(PERSON_ROLE_WORDS));

pub(super) fn source_kind(source: &str) -> SourceKind {
    let lower = source.to_lowercase();
    let words: Vec<&str> =
        lower.split(|c: char| !c.is_alphanumeric() && c != '.').filter(|w| !w.is_empty()).collect();
    let has = |list: &KindWords| {
        words.iter().any(|w| list.words.contains(w))
            || list.phrases.iter().any(|p| lower.contains(p))
    };
    if has(&DOCUMENT) {
        SourceKind::Document
    } else if has(&PERSON_ROLE) {
        SourceKind::Person
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
