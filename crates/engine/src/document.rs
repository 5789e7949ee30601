//! One document as the run holds it: what its page says ([`Analysed`]),
//! what similarity needs of its text ([`Content`]), the facts that order
//! two documents, and its part of the report.

use sha2::{Digest as _, Sha256};

use provtrace_attribution::claims::{self, Claim};
use provtrace_attribution::gazetteer::Gazetteer;
use provtrace_attribution::page::{self, Page};
use provtrace_common::Metadata;
use provtrace_common::config::Config;
use provtrace_ingest::ingest::Document;
use provtrace_similarity::boilerplate::{self, Line};
use provtrace_similarity::duplicates::Facts;
use provtrace_similarity::fingerprint;
use provtrace_similarity::minhash::{MinHasher, Signature};
use provtrace_similarity::reuse::PageFacts;
use provtrace_text::normalize::{self, Token};

use provtrace_attribution::tagger::Tagger;
use provtrace_report::{BoilerplateSpan, DocumentReport, OutletEvidence, round4};
use provtrace_similarity::selfdup::{self, SelfDuplication};
use provtrace_similarity::shingle;
use provtrace_similarity::terms;
use provtrace_text::sentence;
use provtrace_text::span::{self, Span};

/// What the per-document stages found in one document.
pub(crate) struct Analysed {
    pub(crate) page: Page,
    pub(crate) lines: Vec<Line>,
}

/// One document reduced to what similarity needs.
pub(crate) struct Content {
    pub(crate) boilerplate: Vec<Span>,
    /// Boilerplate and repeated copies, merged. The tokens outside them are
    /// made again from the text for the documents that are aligned, rather
    /// than held for every document (16 bytes a word).
    pub(crate) excluded: Vec<Span>,
    /// How many words the whole text has.
    pub(crate) words: usize,
    /// Sentences outside `excluded`.
    pub(crate) sentences: Vec<Span>,
    pub(crate) claims: Vec<Claim>,
    pub(crate) language: Option<&'static str>,
    pub(crate) self_duplication: Option<SelfDuplication>,
    /// Sorted distinct shingles of the text with boilerplate and repeated
    /// copies left out.
    pub(crate) shingles: Vec<u64>,
    pub(crate) fingerprints: Vec<u64>,
    /// Sorted distinct hashes of the content's words, for the rewrite
    /// channel.
    pub(crate) vocabulary: Vec<u32>,
    pub(crate) signature: Signature,
    /// Hash of the content's normalised tokens, for identical copies.
    pub(crate) exact: Option<u128>,
}

/// The tokens not covered by the sorted, merged `excluded` spans.
pub(crate) fn outside(tokens: &[Token], excluded: &[Span]) -> Vec<Token> {
    tokens.iter().filter(|t| !span::covered_by(excluded, t.span())).copied().collect()
}

pub(crate) fn content(
    doc: &Document,
    a: &Analysed,
    recurring: &[u64],
    permutations: &MinHasher,
    config: &Config,
    (gazetteer, tagger): (&Gazetteer, &Tagger),
) -> Content {
    // Tokens are made here and dropped with the document, not held for the
    // whole corpus (16 bytes a word).
    let all = normalize::tokens(&doc.text);
    let Shingled { kept, shingles, exact, vocabulary, fingerprints } =
        shingled(&doc.text, &all, &a.lines, recurring, config);
    let Kept { boilerplate, self_duplication, excluded, .. } = kept;
    // The language the page declares, else the text's.
    let language = doc
        .metadata
        .language
        .as_deref()
        .and_then(provtrace_text::language::declared)
        .or_else(|| provtrace_text::language::detect(&doc.text, &all));
    let sentences: Vec<Span> = sentence::sentences(&doc.text, language.unwrap_or("eng"))
        .into_iter()
        .filter(|s| !span::covered_by(&excluded, *s))
        .collect();
    // A caption's sentences describe a picture: no claims.
    let captions = page::caption_lines(&a.lines, &a.page.photo_credits);
    // The title said again further down (a footer, a link to the story
    // itself) is the same words of the same page: no second claim. A title
    // is short; a long first sentence is not looked for again.
    let title = sentences
        .first()
        .filter(|t| t.len() <= 400)
        .map(|t| format!(" {} ", normalize::normalize(t.slice(&doc.text))));
    let repeats_title = |s: &Span| {
        if title.as_ref().is_none_or(|t| s.len() > t.len() * 2) {
            return false;
        }
        let words = normalize::normalize(s.slice(&doc.text));
        words.split(' ').filter(|w| !w.is_empty()).count() >= 3
            && title.as_ref().is_some_and(|t| t.contains(&format!(" {words} ")))
    };
    let reported: Vec<Span> = sentences
        .iter()
        .copied()
        .filter(|s| !captions.iter().any(|c| c.start <= s.start && s.start < c.end))
        .collect();
    let mut claims =
        claims::extract(&doc.text, &reported, &a.page.credits, &a.page.mentions, gazetteer, tagger);
    let first = sentences.first().copied();
    claims.retain(|c| Some(c.span) == first || !repeats_title(&c.span));
    Content {
        words: all.len(),
        sentences,
        claims,
        boilerplate,
        excluded,
        language,
        self_duplication,
        fingerprints,
        vocabulary,
        signature: permutations.signature(&shingles),
        shingles,
        exact,
    }
}

/// What similarity compares of a text: its tokens outside boilerplate and
/// repeated copies, their shingles, content hash, terms and fingerprints.
pub(crate) struct Shingled {
    pub(crate) kept: Kept,
    pub(crate) shingles: Vec<u64>,
    pub(crate) exact: Option<u128>,
    pub(crate) vocabulary: Vec<u32>,
    pub(crate) fingerprints: Vec<u64>,
}

/// A text's [`Shingled`], from its tokens (`all`), its lines and the
/// corpus's recurring line keys.
pub(crate) fn shingled(
    text: &str,
    all: &[Token],
    lines: &[Line],
    recurring: &[u64],
    config: &Config,
) -> Shingled {
    let kept = kept(text, all, lines, recurring, config);
    let hashes: Vec<u64> = kept.tokens.iter().map(|t| t.hash).collect();
    let sequence = shingle::sequence(&hashes, config.shingle.k);
    let shingles = shingle::set(&sequence);
    let exact = shingle::content_hash(&hashes);
    let mut vocabulary: Vec<u32> = hashes.iter().map(|&h| terms::term(h)).collect();
    vocabulary.sort_unstable();
    vocabulary.dedup();
    let fingerprints = fingerprint::winnow(&sequence, config.reuse.window);
    Shingled { kept, shingles, exact, vocabulary, fingerprints }
}

pub(crate) fn date_of(a: &Analysed) -> Option<&str> {
    a.page.publication_date()
}

pub(crate) fn outlet_of(a: &Analysed) -> Option<&str> {
    a.page.outlet.as_ref().map(|o| o.name.as_str())
}

/// The pages of a corpus, as the reuse rules read them.
pub(crate) struct Pages<'a>(pub(crate) &'a [Analysed]);

impl PageFacts for Pages<'_> {
    fn date(&self, doc: usize) -> Option<&str> {
        date_of(&self.0[doc])
    }

    fn outlet(&self, doc: usize) -> Option<&str> {
        outlet_of(&self.0[doc])
    }

    fn credits(&self, doc: usize, outlet: &str) -> bool {
        self.0[doc].page.credits.iter().any(|c| c.outlet == outlet)
    }
}

/// What choosing an origin needs to know of a document with this page and
/// what its input declared.
pub fn facts_of<'a>(id: &'a str, page: &'a page::Page, declared: &'a Metadata) -> Facts<'a> {
    Facts {
        id,
        date: page.publication_date(),
        outlet: page.outlet.as_ref().map(|o| o.name.as_str()),
        credits: page.credits.iter().map(|c| c.outlet.as_str()).collect(),
        url: declared.url.as_deref(),
        original: declared.original.as_deref(),
    }
}

pub(crate) fn document_report(doc: &Document, a: Analysed, c: Content) -> DocumentReport {
    let page = a.page;
    DocumentReport {
        id: doc.id.clone(),
        input: doc.input.clone(),
        title: page.title,
        outlet: page.outlet.map(|o| OutletEvidence {
            name: o.name,
            evidence: o.evidence,
            method: o.method,
        }),
        published: page.published,
        urls: page.urls,
        language: c.language,
        author: doc.metadata.author.clone(),
        modified: doc.metadata.modified.clone(),
        encoding: doc.encoding,
        bytes: doc.bytes,
        words: c.words,
        sha256: format!("{:x}", Sha256::digest(doc.text.as_bytes())),
        credits: page.credits,
        photo_credits: page.photo_credits,
        boilerplate: c.boilerplate.into_iter().map(|span| BoilerplateSpan { span }).collect(),
        self_duplication: c.self_duplication,
        archived: false,
    }
}

/// A document's tokens once boilerplate and repeated copies are left out.
pub(crate) struct Kept {
    pub boilerplate: Vec<Span>,
    pub self_duplication: Option<SelfDuplication>,
    /// Boilerplate and repeated copies, merged.
    pub excluded: Vec<Span>,
    pub tokens: Vec<Token>,
}

pub(crate) fn kept(
    text: &str,
    tokens: &[Token],
    lines: &[Line],
    recurring: &[u64],
    config: &Config,
) -> Kept {
    let boilerplate = span::merge(boilerplate::spans(lines, recurring));
    let mut self_duplication = selfdup::find(text, tokens, &config.selfdup);
    let mut excluded = boilerplate.clone();
    if let Some(found) = &mut self_duplication {
        found.fraction = round4(found.fraction);
        excluded.extend(found.repeated_spans());
    }
    let excluded = span::merge(excluded);
    let tokens = outside(tokens, &excluded);
    Kept { boilerplate, self_duplication, excluded, tokens }
}
