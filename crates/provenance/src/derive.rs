//! Claim-level derivation: which claim of a source each claim of a copy
//! came from.
//!
//! Input: the copy relations between documents (reuse pairs and
//! near-duplicates, with their aligned passages) and each document's claims.
//! Output: for each claim of a target, at most one [`ClaimLink`] to the
//! claim of a source it was taken from, with the passage that carries it.
//!
//! A claim inside an aligned passage is matched with the source's claims in
//! the passage's source span; a claim outside every passage with any of the
//! source's claims, held to more shared words (a rewrite moves sentences).
//! The match must say what the claim says: the same values (a rewrite that
//! keeps the words and changes the figure is an update, not a copy), enough
//! of the same words and no other named speaker. A claim in a passage, or
//! anywhere in a text that derives wholly from its source, that no claim
//! there matches is linked to the source document. A target's sources are
//! tried in rank order, its best source first.

use provtrace_common::Parallel;
use provtrace_similarity::align::{Passage, PassageKind};
use provtrace_text::span::Span;
use serde::Serialize;

use crate::Witness;
use crate::cluster::{numbers_differ, speakers_differ};
use crate::figures::{distinct, has};
use crate::words::context_words;

/// A copy relation between two documents, as the claims see it.
#[derive(Clone, Copy, Debug)]
pub struct Copy<'a> {
    pub source: usize,
    pub target: usize,
    /// The whole target derives from the source: a near-duplicate, or a
    /// wholly derived text.
    pub whole: bool,
    pub near_duplicate: bool,
    /// The source's rank among the target's sources (1 is its best).
    pub rank: usize,
    pub passages: &'a [Passage],
}

/// How a claim reached its copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    /// In a verbatim passage or a near-duplicate: the same words.
    Copy,
    /// In a rewritten passage, or matched in a wholly derived rewrite.
    Rewrite,
}

impl LinkKind {
    pub fn name(self) -> &'static str {
        match self {
            LinkKind::Copy => "copy",
            LinkKind::Rewrite => "rewrite",
        }
    }
}

/// The claim of another document a claim was taken from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClaimLink {
    /// The source document.
    pub doc: usize,
    /// Its claim that says it; `None` for a claim in an aligned passage, or
    /// in a wholly derived text, that no claim of the source matches (the
    /// source says it in a sentence that is no claim, or in other words).
    pub claim: Option<usize>,
    pub kind: LinkKind,
    /// The aligned passage that carries the claim (source span, target
    /// span); `None` when the target derives wholly and no passage holds
    /// the claim.
    pub passage: Option<(Span, Span)>,
    /// The share of the two sentences' words they have in common (Dice).
    pub similarity: f32,
}

impl ClaimLink {
    /// The source's claim as (document, claim), when one says it.
    pub fn source(&self) -> Option<(usize, usize)> {
        self.claim.map(|c| (self.doc, c))
    }
}

/// The claim links of a corpus, and the text each document derives from
/// wholly (its best source, when that source covers it all), along which a
/// claim taken from a document whose claims say it in no sentence of their
/// own is followed further.
#[derive(Clone, Debug, Default)]
pub struct Links {
    /// ((document, claim), its link), sorted: only the claims taken from
    /// another text (a corpus's claims are millions, most taken from none).
    pub claims: Vec<((usize, usize), ClaimLink)>,
    pub documents: Vec<Option<usize>>,
}

impl Links {
    /// The link of claim `c` of document `d`.
    pub fn of(&self, claim: (usize, usize)) -> Option<ClaimLink> {
        self.claims.binary_search_by_key(&claim, |x| x.0).ok().map(|i| self.claims[i].1)
    }
}

/// Words two sentences must share (Dice) for one to be the other's source
/// when a passage aligns them.
const IN_PASSAGE: f32 = 0.25;
/// The same when no passage holds the claim: any claim of the source
/// could be the one, so more must agree.
const ANYWHERE: f32 = 0.4;

/// The link of each claim of each witness (`None` for a claim taken from
/// no other document's claim).
pub fn link_claims(witnesses: &[Witness], copies: &[Copy], run: &impl Parallel) -> Links {
    // The copies of each target, best source first.
    let mut by_target: Vec<Vec<&Copy>> = vec![Vec::new(); witnesses.len()];
    for copy in copies {
        if copy.source != copy.target && copy.target < witnesses.len() {
            by_target[copy.target].push(copy);
        }
    }
    for list in &mut by_target {
        list.sort_by_key(|c| (c.rank, c.source));
    }
    let documents: Vec<Option<usize>> = by_target
        .iter()
        .map(|list| list.first().filter(|c| c.whole && c.rank == 1).map(|c| c.source))
        .collect();
    // The words of each claim of each document a copy names, made once.
    let mut named = vec![false; witnesses.len()];
    for copy in copies.iter().filter(|c| c.target < witnesses.len() && c.source < witnesses.len()) {
        named[copy.source] = true;
        named[copy.target] = true;
    }
    let words_of: Vec<Vec<Vec<u64>>> = run.map(witnesses, |d, w| {
        if !named[d] {
            return Vec::new();
        }
        w.claims.iter().map(|c| context_words(c.text(w.text))).collect()
    });
    let targets: Vec<usize> = (0..witnesses.len()).collect();
    let claims = run.map(&targets, |_, &t| {
        let w = &witnesses[t];
        let mut links = vec![None; w.claims.len()];
        if by_target[t].is_empty() {
            return links;
        }
        let ours = &words_of[t];
        for copy in &by_target[t] {
            let source = &witnesses[copy.source];
            let theirs = &words_of[copy.source];
            for (k, claim) in w.claims.iter().enumerate() {
                if links[k].is_some() {
                    continue;
                }
                let passage = copy
                    .passages
                    .iter()
                    .map(|p| (p, overlap(p.target_span, claim.span)))
                    .filter(|&(_, o)| o * 2 >= claim.span.len().max(1))
                    .max_by_key(|&(p, o)| (o, std::cmp::Reverse(p.target_span.start)))
                    .map(|(p, _)| p);
                // Outside every passage (a claim moved elsewhere in a
                // rewrite), any claim of the source, held to more words.
                let floor = if passage.is_some() { IN_PASSAGE } else { ANYWHERE };
                let best = (0..source.claims.len())
                    .filter(|&s| {
                        passage.is_none_or(|p| overlap(source.claims[s].span, p.source_span) > 0)
                    })
                    .filter(|&s| same_values(claim, &source.claims[s]))
                    .map(|s| (s, dice(&ours[k], &theirs[s])))
                    .filter(|&(_, d)| d >= floor)
                    .filter(|&(s, _)| {
                        !speakers_differ((w.text, claim), (source.text, &source.claims[s]))
                    })
                    // A statement whose times or dates differ is the
                    // template said again, not taken.
                    .filter(|&(s, _)| {
                        !claim.quantities.is_empty()
                            || !numbers_differ(
                                claim.text(w.text),
                                source.claims[s].text(source.text),
                            )
                    })
                    .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
                let kind = match passage {
                    Some(p) if p.kind == PassageKind::Verbatim => LinkKind::Copy,
                    _ if copy.near_duplicate => LinkKind::Copy,
                    _ => LinkKind::Rewrite,
                };
                let passage = passage.map(|p| (p.source_span, p.target_span));
                // What an aligned passage says came from its source, and
                // everything a wholly derived text says, whether or not a
                // claim there says it.
                if best.is_some() || passage.is_some() || copy.whole && copy.rank == 1 {
                    links[k] = Some(ClaimLink {
                        doc: copy.source,
                        claim: best.map(|b| b.0),
                        kind,
                        passage,
                        similarity: best.map_or(0.0, |b| b.1),
                    });
                }
            }
        }
        links
    });
    let claims = claims
        .into_iter()
        .enumerate()
        .flat_map(|(d, links)| {
            links.into_iter().enumerate().filter_map(move |(c, link)| Some(((d, c), link?)))
        })
        .collect();
    Links { claims, documents }
}

/// Bytes `a` and `b` share.
fn overlap(a: Span, b: Span) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// Whether `source` states what `target` states in figures: every value of
/// the target's is one of the source's, or, when the target has several,
/// most of them are and it only adds to the source's (a rewrite that works
/// out a difference). A target that has a figure the source lacks while the
/// source has one it lacks changed a figure: an update, or the next line
/// of a table ("Barley 1.49 1.56" and "Barley 1.55 1.56"), not a copy. A
/// target without figures (a quotation, a statement) may come from any
/// sentence.
fn same_values(
    target: &provtrace_attribution::claims::Claim,
    source: &provtrace_attribution::claims::Claim,
) -> bool {
    if target.quantities.is_empty() {
        return true;
    }
    let ours = distinct(target).count();
    let found = distinct(target).filter(|&v| has(source, v)).count();
    let only_theirs = distinct(source).any(|v| !has(target, v));
    found == ours || (found * 2 > ours && !only_theirs)
}

/// Dice similarity of two sorted distinct lists.
fn dice(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut x, mut y, mut shared) = (0, 0, 0usize);
    while x < a.len() && y < b.len() {
        match a[x].cmp(&b[y]) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                x += 1;
                y += 1;
            }
        }
    }
    (2 * shared) as f32 / (a.len() + b.len()) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dice_counts_shared_words() {
        assert!((dice(&[1, 2, 3], &[2, 3, 4]) - 2.0 * 2.0 / 6.0).abs() < 1e-6);
        assert!(dice(&[], &[1]).abs() < f32::EPSILON);
    }
}
