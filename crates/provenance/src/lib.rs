//! Where each claim came from.
//!
//! Input: per document its claims, its own outlet and date, its credits and
//! the duplicate cluster it belongs to; the copy relations (reuse pairs and
//! near-duplicates, with their aligned passages). Output: claim links (each
//! claim of a copy to the claim of its source that says it, [`mod@derive`]),
//! claim clusters (the same claim across documents) each with an
//! [`Origin`], each linked claim's [`ClaimOrigin`], and the provenance
//! [`Graph`].
//!
//! Two claims are one when one was taken from the other (a link), or when
//! they state the same value of the same subject: the rare words of their
//! sentences and titles shared, their other figures agreeing, and the value
//! specific or the subjects close; never on the number alone. Copies of one
//! text (a duplicate cluster) count as one witness.
//!
//! The origin is the first text that states the claim, followed through
//! the links, and the credit that text gives for it: in the claim's own
//! clause, as the document's source, in the same paragraph, or as the
//! source of what the claim's clause names ("the report obtained by the
//! Associated Press", where the claim cites "the new United Nations
//! report"); a credit elsewhere in the page is not the claim's. An outlet
//! that speaks ("the BBC said") is a source, not a credit. An attribution
//! in a subordinate clause ("While the Pentagon estimates …, 1,000 join
//! every month") gives only what that clause holds. When a cluster's
//! independent witnesses are several texts, a credited outlet whose own
//! document asserts the claim wins; one outlet named by all is the origin;
//! outlets that disagree make the cluster `contested`, with every
//! candidate and its evidence and no origin picked (the officials,
//! agencies, people and documents the claims' clauses name are listed as
//! candidates too); with no credits, the earliest dated witness; else
//! unknown.

use std::collections::BTreeMap;

use petgraph::unionfind::UnionFind;
use provtrace_common::{Parallel, Progress, progress};
use serde::Serialize;

use provtrace_attribution::claims::{Attribution, Claim, Quantity, SourceKind};
use provtrace_attribution::page::{Credit, Scope};
use provtrace_text::clip;
use provtrace_text::span::Span;

pub mod derive;

pub use derive::{ClaimLink, Copy, LinkKind, Links, link_claims};

/// One document as provenance sees it.
#[derive(Clone, Debug)]
pub struct Witness<'a> {
    pub id: &'a str,
    pub text: &'a str,
    /// The page's title, where a claim too short to name its subject
    /// ("Shr 18 cts vs 14 cts") takes it from.
    pub title: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub date: Option<&'a str>,
    pub credits: &'a [Credit],
    pub claims: &'a [Claim],
    /// The document that stands for its duplicate cluster (itself when alone).
    pub anchor: usize,
    /// Where the text's line ends are, found once when first needed: a
    /// claim's paragraph is then a binary search, not a scan of the line
    /// (which, claim after claim, made a one-line document quadratic).
    pub line_ends: std::sync::OnceLock<Vec<usize>>,
}

/// A group of the same claim across documents.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClaimCluster {
    pub id: String,
    /// The claims as (witness, claim of the witness); written as claim ids.
    #[serde(rename = "claims", serialize_with = "claim_ids")]
    pub members: Vec<(usize, usize)>,
    /// The quantity and what it counts, as the earliest claim words it.
    pub summary: String,
    pub origin: Origin,
}

impl ClaimCluster {
    /// The ids of the cluster's claims.
    pub fn claim_ids(&self) -> impl Iterator<Item = String> + '_ {
        ids(&self.members)
    }
}

fn ids(members: &[(usize, usize)]) -> impl Iterator<Item = String> + '_ {
    members.iter().map(|&(d, c)| claim_id(d, c))
}

fn claim_ids<S: serde::Serializer>(members: &[(usize, usize)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(ids(members))
}

/// Where a claim cluster originated, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Origin {
    pub outlet: Option<String>,
    pub doc: Option<String>,
    pub reason: String,
    /// 0 to 1: 0.9 when the credited outlet's own story is among the
    /// witnesses; 0.8 when every witness credits one outlet in the sentence
    /// or as the document's source, or when one text states it first and
    /// the others take it from there; 0.6 in the same paragraph; 0.5
    /// crediting the source the clause cites, or for the earliest dated
    /// witness; 0.2 when its one crediting witness names several outlets; 0
    /// when contested or unknown.
    pub confidence: f64,
    pub contested: bool,
    pub candidates: Vec<Candidate>,
}

/// A source some witnesses give for the claim, with their evidence: an
/// outlet they credit, or (kind other than `outlet`) the official, agency,
/// person or document the claim's own clause names.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Candidate {
    /// The source's name (an outlet's canonical name).
    pub outlet: String,
    /// `outlet`, or the kind of source the claim's clause names.
    pub kind: &'static str,
    pub witnesses: Vec<String>,
    pub evidence: Vec<String>,
}

/// How strongly a witness ties a claim to an outlet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Sentence,
    Document,
    Paragraph,
    /// A credit elsewhere in the document of the source the claim's clause
    /// names ("the report obtained by the Associated Press", where the
    /// claim's sentence names "the new United Nations report").
    Referent,
}

impl Level {
    fn words(self) -> &'static str {
        match self {
            Level::Sentence => "in the claim's sentence",
            Level::Document => "as the document's source",
            Level::Paragraph => "in the same paragraph",
            Level::Referent => "crediting the source the claim's sentence cites",
        }
    }

    /// What a credit at this level does, for an evidence line ("ID: “Source:
    /// The New York Times” names the document's source").
    fn evidence(self) -> &'static str {
        match self {
            Level::Sentence => "credits it in the claim's sentence",
            Level::Document => "names the document's source",
            Level::Paragraph => "credits it in the same paragraph",
            Level::Referent => "credits the source the claim's sentence cites",
        }
    }

    fn confidence(self) -> f64 {
        match self {
            Level::Sentence | Level::Document => 0.8,
            Level::Paragraph => 0.6,
            Level::Referent => 0.5,
        }
    }
}

/// The outlets a witness credits, each with its cue, at the level found.
type Credited = Option<(Level, Vec<(String, String)>)>;

/// A quantity of a claim: (document, claim index, quantity).
type Mention<'a> = (usize, usize, &'a Quantity);

/// Where a grouped quantity is: (document, claim index, its span).
type Placed = (usize, usize, Span);

/// A group of mentions: its claims, what its summary is made from, where
/// its quantities (or quotes) are.
type Grouped = (Vec<(usize, usize)>, Said, Vec<Placed>);

/// What a cluster's summary is made from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Said {
    /// Quantity mentions, by their indices: the first mention of each
    /// value the claim states, in the order the earliest claim says them.
    Quantities(Vec<usize>),
    /// Words of document `.0`: a quotation, or an attributed statement.
    Quote(usize, Span),
    Statement(usize, Span),
}

/// Claim ids: `c-<document index + 1>-<claim index + 1>`.
pub fn claim_id(doc: usize, claim: usize) -> String {
    format!("c{}-{}", doc + 1, claim + 1)
}

/// Groups the claims of all witnesses and traces each group's origin.
/// `links` are the claim-level derivations ([`link_claims`]): a claim and
/// the claim it was taken from are one claim, and only claims taken from no
/// other member are independent witnesses of where it came from.
pub fn cluster_claims(
    witnesses: &[Witness],
    links: &Links,
    run: &impl Parallel,
) -> Vec<ClaimCluster> {
    let compared = compare_claims(witnesses, run, &provtrace_common::Silent);
    group_claims(compared, witnesses, links, run)
}

/// What the grouping finds before the copies are known: the mentions of
/// values, the pairs of them that are one claim, and the groups of
/// statements and quotations. [`compare_claims`] makes it, side by side
/// with the reuse stage if the caller likes; [`group_claims`] ends it.
pub struct Compared<'a> {
    mentions: Vec<Mention<'a>>,
    joined: Vec<(usize, usize)>,
    statements: Vec<Grouped>,
}

/// The first half of [`cluster_claims`]: every comparison, none of which
/// needs the claim links.
pub fn compare_claims<'a>(
    witnesses: &'a [Witness],
    run: &impl Parallel,
    progress: &dyn Progress,
) -> Compared<'a> {
    const PIECE: usize = 256;
    let mut mentions: Vec<Mention> = Vec::new();
    for (d, w) in witnesses.iter().enumerate() {
        for (c, claim) in w.claims.iter().enumerate() {
            for q in &claim.quantities {
                mentions.push((d, c, q));
            }
        }
    }
    let stage =
        progress::Stage::begin(progress, "claims compared", "figures", mentions.len() as u64);
    mentions
        .sort_by(|a, b| a.2.value.total_cmp(&b.2.value).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    // The context words of claim `c` of witness `d` are at `first[d] + c`.
    let first: Vec<usize> = witnesses
        .iter()
        .scan(0, |next, w| {
            let at = *next;
            *next += w.claims.len();
            Some(at)
        })
        .collect();
    // Only claims with a number are compared.
    let contexts: Vec<Vec<u64>> = run.flat_map(witnesses, |_, w| {
        w.claims
            .iter()
            .map(|claim| {
                if claim.quantities.is_empty() {
                    return Vec::new();
                }
                let mut words = context_words(claim.text(w.text));
                if words.len() < OWN_WORDS
                    && let Some(title) = w.title
                {
                    words.extend(context_words(title));
                    words.sort_unstable();
                    words.dedup();
                }
                words
            })
            .collect()
    });
    // What a shared word tells: a word few claims use (a name, a place, a
    // product) says two mentions speak of one thing; one that many use
    // ("net", "company", "year") says little. Each word weighs the log of
    // its inverse frequency among the claims with a number.
    //
    // A claim's subject is what it is about: the rare words of its sentence
    // and of its page's title (where wire copy names the company, the
    // market, the country), counted as if each claim said them.
    let titles: Vec<Vec<u64>> =
        run.map(witnesses, |_, w| w.title.map(context_words).unwrap_or_default());
    let mut frequency: rustc_hash::FxHashMap<u64, u32> = rustc_hash::FxHashMap::default();
    for (d, w) in witnesses.iter().enumerate() {
        for c in 0..w.claims.len() {
            let words = &contexts[first[d] + c];
            if words.is_empty() {
                continue;
            }
            for &h in
                words.iter().chain(titles[d].iter().filter(|h| words.binary_search(h).is_err()))
            {
                *frequency.entry(h).or_default() += 1;
            }
        }
    }
    let counted = contexts.iter().filter(|c| !c.is_empty()).count().max(1) as f32;
    let weigh = |h: u64| {
        let weight = (1.0 + counted / frequency[&h] as f32).ln();
        let byte = (weight * WEIGHT_STEPS).round().clamp(0.0, 255.0) as u64;
        (h & !0xFF) | byte
    };
    // Words few claims say (a name, a place, a product), with their weights.
    let rare = (counted * SUBJECT_SHARE).max(SUBJECT_FLOOR);
    // Held in one arena (a claim's words are `words[at[k]..at[k + 1]]`):
    // a corpus has millions of claims, and a vector each would cost its
    // header even empty.
    let per_witness: Vec<(Vec<u64>, Vec<usize>)> = run.map(witnesses, |d, w| {
        let mut words: Vec<u64> = Vec::new();
        let mut ends: Vec<usize> = Vec::with_capacity(w.claims.len());
        for c in 0..w.claims.len() {
            let own = &contexts[first[d] + c];
            if !own.is_empty() {
                let from = words.len();
                words.extend(
                    own.iter()
                        .chain(titles[d].iter())
                        .filter(|h| frequency[h] as f32 <= rare)
                        .map(|&h| weigh(h)),
                );
                words[from..].sort_unstable();
                let mut kept = from;
                for i in from..words.len() {
                    if kept == from || words[i] != words[kept - 1] {
                        words[kept] = words[i];
                        kept += 1;
                    }
                }
                words.truncate(kept);
            }
            ends.push(words.len());
        }
        (words, ends)
    });
    drop(titles);
    let mut subject_words: Vec<u64> =
        Vec::with_capacity(per_witness.iter().map(|(w, _)| w.len()).sum());
    let mut subject_at: Vec<usize> = Vec::with_capacity(first.last().map_or(0, |f| f + 1) + 1);
    subject_at.push(0);
    for (words, ends) in per_witness {
        let base = subject_words.len();
        subject_words.extend_from_slice(&words);
        subject_at.extend(ends.into_iter().map(|e| base + e));
    }
    let subject = |k: usize| &subject_words[subject_at[k]..subject_at[k + 1]];
    let patterns: Vec<Option<u64>> = run.map(witnesses, |_, w| w.title.and_then(title_pattern));
    // Each word's weight is kept in the low byte of its hash (see
    // `Context`), so the weights take no memory of their own: the same word
    // has the same weight everywhere, and stays one value.
    drop(frequency);
    drop(contexts);
    let totals: Vec<f32> = (0..subject_at.len() - 1).map(|k| weight_of(subject(k))).collect();
    // A value said by few documents of the corpus is specific: the same
    // specific figure about the same subject is one claim.
    let specific = (counted * SPECIFIC_SHARE).max(SPECIFIC_FLOOR) as usize;
    let groups = chunk_indices(&mentions, |a, b| {
        a.2.value.total_cmp(&b.2.value).is_eq() && a.2.rate == b.2.rate
    });
    // Groups are compared side by side; the unions are made after, in order.
    // Work in pieces of at most `PIECE` positions of a group, so that one
    // common value ("1"), said thousands of times in a large corpus,
    // is spread over the threads too.
    let pieces: Vec<(&[usize], usize)> = groups
        .iter()
        .flat_map(|group| (0..group.len()).step_by(PIECE).map(move |x| (group.as_slice(), x)))
        .collect();
    let joined: Vec<(usize, usize)> = run.flat_map(&pieces, |_, &(group, start)| {
        // Bounded work: a value said in very many places is compared
        // with its nearest mentions (in corpus order) only.
        let reach = if group.len() > 300 { 64 } else { group.len() };
        let end = (start + PIECE).min(group.len());
        let window = &group[start..(end + reach).min(group.len())];
        let said: Vec<Stated> = window
            .iter()
            .map(|&m| {
                let (d, c, _) = mentions[m];
                let at = first[d] + c;
                Stated {
                    subject: Subject { words: subject(at), total: totals[at] },
                    claim: &witnesses[d].claims[c],
                    date: witnesses[d].date,
                    pattern: patterns[d],
                }
            })
            .collect();
        // Mentions of one value are sorted by document: count the runs.
        let documents =
            1 + group.windows(2).filter(|p| mentions[p[0]].0 != mentions[p[1]].0).count();
        let rare = documents <= specific;
        // A value said every month, week or day by few claims is one claim
        // ("1,000 join every month", however each page words it).
        let rated = rare && mentions[window[0]].2.rate.is_some();
        let mut joined = Vec::new();
        for x in 0..end - start {
            for y in x + 1..(x + 1 + reach).min(window.len()) {
                if mentions[window[x]].0 != mentions[window[y]].0
                    && (rated || same_claim(&said[x], &said[y], rare))
                {
                    joined.push((window[x], window[y]));
                }
            }
        }
        stage.advance((end - start) as u64);
        joined
    });
    drop(groups);
    Compared { mentions, joined, statements: statements(witnesses, run) }
}

/// The second half of [`cluster_claims`]: the pairs found joined, with the
/// claim links, into clusters, and each cluster's origin.
pub fn group_claims(
    compared: Compared,
    witnesses: &[Witness],
    links: &Links,
    run: &impl Parallel,
) -> Vec<ClaimCluster> {
    let Compared { mentions, joined, statements } = compared;
    let mut sets = UnionFind::<usize>::new(mentions.len());
    for (i, j) in joined {
        sets.union(i, j);
    }
    // A claim taken from another is that claim: each of its values is one
    // with the same value of its source.
    let mut of_claim: Vec<(usize, usize, usize)> =
        mentions.iter().enumerate().map(|(i, &(d, c, _))| (d, c, i)).collect();
    of_claim.sort_unstable();
    let mentions_of = |claim: (usize, usize)| {
        let from = of_claim.partition_point(|x| (x.0, x.1) < claim);
        let to = of_claim.partition_point(|x| (x.0, x.1) <= claim);
        of_claim[from..to].iter().map(|x| x.2)
    };
    for (claim, source) in links.claims.iter().filter_map(|(c, l)| Some((*c, l.source()?))) {
        for i in mentions_of(claim) {
            let q = mentions[i].2;
            if let Some(j) = mentions_of(source).find(|&j| {
                mentions[j].2.value.total_cmp(&q.value).is_eq() && mentions[j].2.rate == q.rate
            }) {
                sets.union(i, j);
            }
        }
    }
    drop(of_claim);
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..mentions.len() {
        groups.entry(sets.find(i)).or_default().push(i);
    }
    // Each group: its claims, the first mention (for the summary), and
    // where in each claim the grouped quantities are.
    let clusters: Vec<Grouped> = groups
        .into_values()
        .map(|members| {
            let mut claims: Vec<(usize, usize)> =
                members.iter().map(|&i| (mentions[i].0, mentions[i].1)).collect();
            claims.sort_unstable();
            claims.dedup();
            let mut at: Vec<Placed> = members
                .iter()
                .map(|&i| (mentions[i].0, mentions[i].1, mentions[i].2.span))
                .collect();
            at.sort_unstable();
            (claims, Said::Quantities(vec![members[0]]), at)
        })
        .collect();
    let mut clusters = several_values(clusters, witnesses, &mentions, run);
    clusters.extend(linked_statements(statements, witnesses, links));
    run.sort(&mut clusters);
    run.map(&clusters, |k, (claims, said, at)| ClaimCluster {
        id: format!("k{}", k + 1),
        summary: match *said {
            Said::Quantities(ref firsts) => firsts
                .iter()
                .map(|&first| summary(mentions[first].2, witnesses[mentions[first].0].text))
                .collect::<Vec<_>>()
                .join(", "),
            Said::Quote(d, span) => format!("“{}”", clip(span.slice(witnesses[d].text), 70)),
            Said::Statement(d, span) => clip(span.slice(witnesses[d].text), 70),
        },
        origin: origin(claims, at, witnesses, links),
        members: claims.clone(),
    })
}

/// Statement and quotation groups joined through the claim links: a
/// claim without a number taken from another is that claim, reworded or
/// not. A link between two claims of no group makes a group of its own.
fn linked_statements(groups: Vec<Grouped>, witnesses: &[Witness], links: &Links) -> Vec<Grouped> {
    let mut groups: Vec<Option<Grouped>> = groups.into_iter().map(Some).collect();
    let mut group_of: rustc_hash::FxHashMap<(usize, usize), usize> =
        rustc_hash::FxHashMap::default();
    for (g, group) in groups.iter().enumerate() {
        for &claim in group.iter().flat_map(|(claims, _, _)| claims) {
            group_of.entry(claim).or_insert(g);
        }
    }
    // What a claim adds to a group: where its words are.
    let placed = |(d, c): (usize, usize)| -> (Said, Placed) {
        let claim = &witnesses[d].claims[c];
        match claim.quotes.first() {
            Some(&quote) => (Said::Quote(d, quote), (d, c, quote)),
            None => (Said::Statement(d, claim.span), (d, c, claim.span)),
        }
    };
    let mut joins: Vec<(usize, usize)> = Vec::new();
    for ((d, c), source) in links.claims.iter().filter_map(|(c, l)| Some((*c, l.source()?))) {
        let target = (d, c);
        if !witnesses[d].claims[c].quantities.is_empty() {
            continue;
        }
        match (group_of.get(&target).copied(), group_of.get(&source).copied()) {
            (Some(a), Some(b)) => joins.push((a, b)),
            (None, Some(g)) | (Some(g), None) => {
                let new = if group_of.contains_key(&target) { source } else { target };
                if let Some((claims, _, at)) = groups[g].as_mut() {
                    claims.push(new);
                    at.push(placed(new).1);
                }
                group_of.insert(new, g);
            }
            (None, None) => {
                let (said, at) = placed(source);
                groups.push(Some((vec![source, target], said, vec![at, placed(target).1])));
                group_of.insert(source, groups.len() - 1);
                group_of.insert(target, groups.len() - 1);
            }
        }
    }
    let mut sets = UnionFind::<usize>::new(groups.len());
    for (a, b) in joins {
        sets.union(a, b);
    }
    let mut roots: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for g in 0..groups.len() {
        roots.entry(sets.find(g)).or_default().push(g);
    }
    roots
        .into_values()
        .filter_map(|members| {
            let mut merged: Option<Grouped> = None;
            for g in members {
                let Some((claims, said, at)) = groups[g].take() else { continue };
                match merged.as_mut() {
                    None => merged = Some((claims, said, at)),
                    Some(m) => {
                        m.0.extend(claims);
                        m.2.extend(at);
                        if said < m.1 {
                            m.1 = said;
                        }
                    }
                }
            }
            let (mut claims, said, mut at) = merged?;
            claims.sort_unstable();
            claims.dedup();
            at.sort_unstable();
            at.dedup();
            Some((claims, said, at))
        })
        .collect()
}

/// Values stated together kept as one claim: the group of one value joins
/// the group of another when each of its claims states the other value in
/// the same clause ("30,000 foreigners from more than 100 countries",
/// "36,500 fighters, up 6,000"), and its witnesses are at least half of the
/// other's, so that what one page adds to a claim many repeat does not
/// join it. Each group joins the smallest such group (the most specific
/// statement); values in different clauses ("While the Pentagon estimates
/// 10,000 killed, 1,000 join every month") stay apart.
fn several_values(
    groups: Vec<Grouped>,
    witnesses: &[Witness],
    mentions: &[Mention],
    run: &impl Parallel,
) -> Vec<Grouped> {
    // (document, claim, group) for each claim of each group, sorted: the
    // groups with a value in a claim are one run of it.
    let mut in_claim: Vec<(u32, u32, u32)> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, (claims, _, _))| {
            claims.iter().map(move |&(d, c)| (d as u32, c as u32, g as u32))
        })
        .collect();
    in_claim.sort_unstable();
    let groups_in = |(d, c): (usize, usize)| {
        let key = (d as u32, c as u32);
        let from = in_claim.partition_point(|x| (x.0, x.1) < key);
        let to = in_claim.partition_point(|x| (x.0, x.1) <= key);
        in_claim[from..to].iter().map(|x| x.2 as usize)
    };
    // Witnesses (duplicate clusters) of each group.
    let anchors: Vec<usize> = groups
        .iter()
        .map(|(claims, _, _)| {
            let mut a: Vec<usize> = claims.iter().map(|&(d, _)| witnesses[d].anchor).collect();
            a.sort_unstable();
            a.dedup();
            a.len()
        })
        .collect();
    // Where group `g`'s values are in claim `claim`.
    let places =
        |g: usize, claim: (usize, usize)| claim_run(&groups[g].2, claim).iter().map(|q| q.2);
    // A group joins only a larger one, or an equal one that comes first, so
    // joins never make a cycle.
    let rank = |g: usize| (groups[g].0.len(), std::cmp::Reverse(g));
    // Which group each group joins, found side by side; joined in order.
    let found: Vec<Option<usize>> = run.map(&groups, |b, (claims, _, _)| {
        let first = claims.first()?;
        let mut found: Option<usize> = None;
        for a in groups_in(*first) {
            if a == b || rank(a) <= rank(b) || found.is_some_and(|f| rank(a) >= rank(f)) {
                continue;
            }
            if anchors[b] * 2 < anchors[a] {
                continue;
            }
            let together = claims.iter().all(|&(d, c)| {
                groups[a].0.binary_search(&(d, c)).is_ok() && {
                    let span = witnesses[d].claims[c].span;
                    let clause = |at: Span| subordinate_clause(witnesses[d].text, span, at.start);
                    let theirs: Vec<Option<Span>> = places(a, (d, c)).map(clause).collect();
                    places(b, (d, c)).any(|x| theirs.contains(&clause(x)))
                }
            });
            if together {
                found = Some(a);
            }
        }
        found
    });
    let mut sets = UnionFind::<usize>::new(groups.len());
    for (b, a) in found.into_iter().enumerate() {
        if let Some(a) = a {
            sets.union(a, b);
        }
    }
    // (root, group), sorted: each joined set is one run, in the order of
    // its root, its groups in order.
    let mut joined: Vec<(usize, usize)> = (0..groups.len()).map(|g| (sets.find(g), g)).collect();
    joined.sort_unstable();
    let mut groups: Vec<Option<Grouped>> = groups.into_iter().map(Some).collect();
    joined
        .chunk_by(|a, b| a.0 == b.0)
        .map(|run| {
            let members = run.iter().map(|&(_, g)| g);
            let mut claims = Vec::new();
            let mut at = Vec::new();
            let mut firsts = Vec::new();
            for g in members {
                let Some((c, said, a)) = groups[g].take() else { continue };
                claims.extend(c);
                at.extend(a);
                if let Said::Quantities(f) = said {
                    firsts.extend(f);
                }
            }
            claims.sort_unstable();
            claims.dedup();
            at.sort_unstable();
            at.dedup();
            firsts.sort_by_key(|&m| (mentions[m].0, mentions[m].1, mentions[m].2.span));
            (claims, Said::Quantities(firsts), at)
        })
        .collect()
}

/// The places of `claim` in `placed`, sorted as it is: one run of it.
fn claim_run(placed: &[Placed], claim: (usize, usize)) -> &[Placed] {
    let from = placed.partition_point(|q| (q.0, q.1) < claim);
    let to = placed.partition_point(|q| (q.0, q.1) <= claim);
    &placed[from..to]
}

/// Claims without a number, grouped: a quotation (three words or more, not
/// a name) with the same quotation elsewhere, trimmed or re-punctuated as
/// outlets do; an attributed statement with the same statement elsewhere.
/// Two mentions are one claim when most word triples of the shorter, and a
/// good part of the longer's, are shared. A claim with a quote is grouped on
/// its first quote; a claim with neither such a quote nor a number, on what
/// its sentence says (`stated`). Only what two documents or more say
/// makes a cluster.
fn statements(witnesses: &[Witness], run: &impl Parallel) -> Vec<Grouped> {
    /// Least triple hashes a mention is indexed by.
    const SKETCH: usize = 8;
    // (document, claim, the words grouped on, whether a quotation)
    let said: Vec<(usize, usize, Span, bool)> = run.flat_map(witnesses, |d, w| {
        let mut said = Vec::new();
        for (c, claim) in w.claims.iter().enumerate() {
            if !claim.quantities.is_empty() {
                continue;
            }
            // A quotation that is a name ("Meet the Press", a title) is
            // no saying: its sentence is grouped as a statement.
            let quote = claim.quotes.first().filter(|q| !is_name(q.slice(w.text)));
            if let Some(&quote) = quote {
                said.push((d, c, quote, true));
            } else if claim.attributions.iter().any(|a| a.scope == Scope::Sentence)
                && stated(w.text, claim).split_whitespace().count() >= 5
            {
                said.push((d, c, claim.span, false));
            }
        }
        said
    });
    let grams = |&(d, c, span, quote): &(usize, usize, Span, bool)| {
        let w = &witnesses[d];
        if quote { triples(span.slice(w.text)) } else { triples(&stated(w.text, &w.claims[c])) }
    };
    // Candidates: mentions whose sketches (the SKETCH least triple hashes)
    // share a hash; a hash in very many sketches says nothing. Each
    // candidate is then checked on all its triples, which are held only
    // for the mentions some candidate pair has.
    let mut sketches: Vec<(u64, u32)> = run
        .flat_map(&said, |i, m| grams(m).into_iter().take(SKETCH).map(|h| (h, i as u32)).collect());
    run.sort_unstable(&mut sketches);
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for run in sketches.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1 && r.len() <= 64) {
        for (x, &(_, a)) in run.iter().enumerate() {
            for &(_, b) in &run[x + 1..] {
                let (a, b) = (a as usize, b as usize);
                if said[a].0 != said[b].0 && said[a].3 == said[b].3 {
                    pairs.push((a.min(b) as u32, a.max(b) as u32));
                }
            }
        }
    }
    drop(sketches);
    run.sort_unstable(&mut pairs);
    pairs.dedup();
    let mut paired: Vec<u32> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    run.sort_unstable(&mut paired);
    paired.dedup();
    let held: Vec<Vec<u64>> = run.map(&paired, |_, &i| grams(&said[i as usize]));
    let of = |i: u32| &held[paired.binary_search(&i).unwrap_or_default()];
    let joined: Vec<bool> = run.map(&pairs, |_, &(a, b)| {
        let (x, y) = (of(a), of(b));
        let shared = provtrace_similarity::shingle::intersection(x, y);
        // Most of the shorter, and a good part of the longer: a trimmed
        // quotation keeps most of its words; two sentences that share a
        // formula ("proceeds will be used to repay debt") and go on apart
        // are two statements.
        let (short, long) = (x.len().min(y.len()).max(1), x.len().max(y.len()));
        let (a, b) = (said[a as usize], said[b as usize]);
        shared * 5 >= short * 3
            && shared * 5 >= long * 2
            && !speakers_differ(
                (witnesses[a.0].text, &witnesses[a.0].claims[a.1]),
                (witnesses[b.0].text, &witnesses[b.0].claims[b.1]),
            )
    });
    drop(held);
    let mut sets = UnionFind::<usize>::new(said.len());
    for (&(a, b), _) in pairs.iter().zip(&joined).filter(|(_, j)| **j) {
        sets.union(a as usize, b as usize);
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..said.len() {
        groups.entry(sets.find(i)).or_default().push(i);
    }
    groups
        .into_values()
        // What one document alone says is left to that document (the
        // report's text view marks it as a claim): a cluster of it would say
        // nothing more, and a large corpus has millions.
        .filter(|members| members.iter().any(|&i| said[i].0 != said[members[0]].0))
        .map(|members| {
            let mut claims: Vec<(usize, usize)> =
                members.iter().map(|&i| (said[i].0, said[i].1)).collect();
            claims.sort_unstable();
            claims.dedup();
            let (d, _, span, quote) = said[members[0]];
            let mut at: Vec<Placed> =
                members.iter().map(|&i| (said[i].0, said[i].1, said[i].2)).collect();
            at.sort_unstable();
            let summary = if quote { Said::Quote(d, span) } else { Said::Statement(d, span) };
            (claims, summary, at)
        })
        .collect()
}

/// Whether two claims are said by different speakers: both name who says
/// them ("Pubco said …", "Bobbie Brooks said …") and the names share no
/// word. A template sentence two companies both issue is two statements.
/// A pronoun or a common noun ("he said", "the company said") names no one.
pub(crate) fn speakers_differ((ta, a): (&str, &Claim), (tb, b): (&str, &Claim)) -> bool {
    let names = |text: &str, claim: &Claim| -> Vec<String> {
        claim
            .attributions
            .iter()
            .filter(|x| x.scope == Scope::Sentence)
            .filter_map(|x| x.source_span)
            .flat_map(|span| {
                span.slice(text)
                    .split(|c: char| !c.is_alphanumeric())
                    // A capital anywhere: "McDonald", and "tPubco" where a
                    // feed left an escape before the name.
                    .filter(|w| w.chars().count() >= 2 && w.chars().any(char::is_uppercase))
                    .filter(|w| {
                        !["The", "A", "An", "He", "She", "It", "They", "We", "I"].contains(w)
                    })
                    .map(str::to_lowercase)
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let (x, y) = (names(ta, a), names(tb, b));
    !x.is_empty() && !y.is_empty() && !x.iter().any(|w| y.contains(w))
}

/// Whether quoted words are a name or a title: every word of four letters
/// or more starts with a capital ("Meet the Press", "The Art of the Deal").
fn is_name(words: &str) -> bool {
    let long: Vec<&str> = words
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| w.chars().count() >= 4)
        .collect();
    !long.is_empty() && long.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// What a statement says, not who says it: its sentence without the
/// sources and cues of its attributions ("he told reporters" is in
/// thousands of sentences). A statement is grouped on these words, and
/// only when they are five or more ("Du Pont Co said the U.S." says
/// nothing yet).
fn stated(text: &str, claim: &Claim) -> String {
    let span = claim.span;
    let mut cut: Vec<Span> = claim
        .attributions
        .iter()
        .filter(|a| a.scope == Scope::Sentence)
        .flat_map(|a| [a.source_span, a.cue_span])
        .flatten()
        .filter(|s| s.start >= span.start && s.end <= span.end)
        .collect();
    cut.sort_unstable();
    let mut out = String::with_capacity(span.len());
    let mut at = span.start;
    for s in cut {
        if s.start > at {
            out.push_str(&text[at..s.start]);
            out.push(' ');
        }
        at = at.max(s.end);
    }
    out.push_str(&text[at..span.end]);
    out
}

/// The distinct word triples of `text` (its words, when fewer than three),
/// hashed, over normalised words.
fn triples(text: &str) -> Vec<u64> {
    let normal = provtrace_text::normalize::normalize(text);
    let words: Vec<&str> = normal.split(' ').filter(|w| !w.is_empty()).collect();
    let mut out: Vec<u64> = if words.len() < 3 {
        words.iter().map(|w| xxhash_rust::xxh3::xxh3_64(w.as_bytes())).collect()
    } else {
        words.windows(3).map(|t| xxhash_rust::xxh3::xxh3_64(t.join(" ").as_bytes())).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

fn chunk_indices<'a, T>(items: &'a [T], same: impl Fn(&T, &T) -> bool + 'a) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match out.last_mut() {
            Some(group) if same(&items[group[0]], item) => group.push(i),
            _ => out.push(vec![i]),
        }
    }
    out
}

fn summary(q: &Quantity, text: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(h) = q.hedge {
        parts.push(h.to_string());
    }
    let written = q.text(text);
    parts.push(written.to_string());
    // "14 pct" says its unit already.
    let says_percent = {
        let w = written.to_lowercase();
        w.ends_with('%') || w.ends_with("pct") || w.ends_with("percent") || w.ends_with("per cent")
    };
    if let Some(u) = &q.unit
        && !(u == "percent" && says_percent)
    {
        parts.push(u.clone());
    }
    if let Some(r) = q.rate {
        parts.push(format!("per {r}"));
    }
    parts.join(" ")
}

/// Content words of a claim, for context overlap.
/// The words around a claim's numbers, as sorted distinct hashes: what two
/// mentions of one value are compared on.
fn context_words(text: &str) -> Vec<u64> {
    static SKIP: std::sync::LazyLock<rustc_hash::FxHashSet<&str>> =
        std::sync::LazyLock::new(|| {
            [
                "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "from", "with",
                "that", "this", "have", "has", "had", "are", "is", "was", "were", "be", "been",
                "by", "as", "at", "it", "its", "their", "more", "than", "about", "some", "many",
                "nearly", "said", "says", "also", "up",
            ]
            .into_iter()
            .collect()
        });
    let mut words: Vec<u64> = provtrace_text::normalize::normalize(text)
        .split(' ')
        .filter(|w| {
            w.len() > 1 && !w.chars().all(|c| c.is_ascii_digit() || c == '.') && !SKIP.contains(w)
        })
        .map(|w| {
            let stem = w.trim_end_matches('s');
            xxhash_rust::xxh3::xxh3_64(stem.as_bytes())
        })
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// A claim's subject (its rare words, sorted distinct hashes, each with its
/// weight in the low byte in steps of 1 / [`WEIGHT_STEPS`]) and the sum of
/// their weights.
struct Subject<'a> {
    words: &'a [u64],
    total: f32,
}

/// Steps of a word's weight kept in a byte: up to 255 / 16, the weight of a
/// word one claim in 10^7 uses.
const WEIGHT_STEPS: f32 = 16.0;

/// The sum of the weights of `words` (see [`Subject`]).
fn weight_of(words: &[u64]) -> f32 {
    words.iter().map(|h| (h & 0xFF) as f32 / WEIGHT_STEPS).sum()
}

impl Subject<'_> {
    /// The weight of the words two subjects share over the weight of the
    /// lighter subject, and how many they share.
    fn overlap(&self, other: &Subject) -> (f32, usize) {
        let (mut x, mut y, mut shared, mut count) = (0, 0, 0.0, 0);
        while x < self.words.len() && y < other.words.len() {
            match self.words[x].cmp(&other.words[y]) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    shared += (self.words[x] & 0xFF) as f32 / WEIGHT_STEPS;
                    count += 1;
                    x += 1;
                    y += 1;
                }
            }
        }
        let lighter = self.total.min(other.total);
        (if lighter > 0.0 { shared / lighter } else { 0.0 }, count)
    }
}

/// A mention of a value as the grouping compares it: the subject and the
/// claim that states it, and its page's date and title pattern.
struct Stated<'a> {
    subject: Subject<'a>,
    claim: &'a Claim,
    date: Option<&'a str>,
    /// The page's title without its figures and month names (a recurring
    /// report's title: "AGENCY REPORTS 41 SHIPS WAITING AT PANAMA CANAL").
    pattern: Option<u64>,
}

/// Whether two mentions of one value in different documents are the same
/// claim: the same figure about the same thing. A shared number, unit or
/// template is never enough ("Qtly div 10 cts vs 10 cts prior" of two
/// companies): the two must share their subject (the rare words of their
/// sentences and titles: a company, a market, a country) and not disagree
/// on the other figures they state with it. A specific value (few
/// documents say it) needs two such words, or a good share of the lighter
/// subject; a common one, two words and half of it.
fn same_claim(a: &Stated, b: &Stated, specific: bool) -> bool {
    let (overlap, shared) = a.subject.overlap(&b.subject);
    if shared == 0 || !values_agree(a.claim, b.claim) {
        return false;
    }
    // One recurring report on two days (a weekly rig count, a daily market
    // report) states new figures each time: the same line is one claim
    // only when every figure is the same.
    if a.pattern.is_some() && a.pattern == b.pattern && a.date != b.date {
        return same_figures(a.claim, b.claim);
    }
    if specific {
        overlap >= SAME_SUBJECT || shared >= 2
    } else {
        shared >= 2 && overlap >= CLOSE_SUBJECT
    }
}

/// Whether two claims state the same figures, every one.
fn same_figures(a: &Claim, b: &Claim) -> bool {
    let figures = |c: &Claim| {
        let mut v: Vec<u64> = c.quantities.iter().map(|q| q.value.to_bits()).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    figures(a) == figures(b)
}

/// A title without its figures and month names, hashed: the same for each
/// issue of a recurring report; `None` for a title of fewer than three
/// other words.
fn title_pattern(title: &str) -> Option<u64> {
    const MONTHS: [&str; 24] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ];
    let normal = provtrace_text::normalize::normalize(title);
    let words: Vec<&str> = normal
        .split(' ')
        .filter(|w| !w.is_empty() && !w.chars().any(|c| c.is_ascii_digit()) && !MONTHS.contains(w))
        .collect();
    (words.len() >= 3).then(|| xxhash_rust::xxh3::xxh3_64(words.join(" ").as_bytes()))
}

/// Whether two claims' figures agree: at least half of the values of the
/// one with fewer are the other's ("707 from 744" and "671 from 707" are two
/// weeks' rig counts, not one claim).
fn values_agree(a: &Claim, b: &Claim) -> bool {
    let (few, many) = if a.quantities.len() <= b.quantities.len() { (a, b) } else { (b, a) };
    let mut values: Vec<u64> = few.quantities.iter().map(|q| q.value.to_bits()).collect();
    values.sort_unstable();
    values.dedup();
    let found =
        values.iter().filter(|&&v| many.quantities.iter().any(|q| q.value.to_bits() == v)).count();
    found * 2 >= values.len()
}

/// Context words below which a claim says too little of its own to be told
/// apart from another ("Shr 18 cts vs 14 cts": shr, cts, vs) and takes the
/// words of its page's title (where wire copy names the company) as well.
const OWN_WORDS: usize = 5;
/// A word is part of a claim's subject when at most this share of the
/// claims with a number say it (a company's name, not "net" or "company")...
const SUBJECT_SHARE: f32 = 0.002;
/// ...or at most this many, in a small corpus.
const SUBJECT_FLOOR: f32 = 3.0;
/// Share of the lighter subject that makes one claim of a specific value.
const SAME_SUBJECT: f32 = 0.3;
/// Share of the lighter subject, with two words or more, at which a value
/// many claims say is one claim.
const CLOSE_SUBJECT: f32 = 0.5;
/// A value is specific when at most this share of the claims with a number
/// (as many documents) say it...
const SPECIFIC_SHARE: f32 = 0.0004;
/// ...or at most this many, in a small corpus.
const SPECIFIC_FLOOR: f32 = 4.0;

/// Words that open a subordinate clause. An attribution inside one speaks
/// for that clause only: in "While the Pentagon estimates that airstrikes
/// have killed 10,000 fighters, some 1,000 join every month", the Pentagon
/// gives the 10,000, not the 1,000.
const SUBORDINATORS: [&str; 7] =
    ["while ", "although ", "though ", "whereas ", "even as ", "even though ", "even while "];

/// The subordinate clause of `sentence` (a span of `text`) that holds byte
/// `at`, fronted ("While …, the main clause") or trailing ("the main
/// clause, while …"); `None` when `at` is in the main clause.
fn subordinate_clause(text: &str, sentence: Span, at: usize) -> Option<Span> {
    let s = sentence.slice(text).to_ascii_lowercase();
    let start = sentence.start;
    // Fronted, maybe after a conjunction or an opening quote.
    let mut lead = s.trim_start_matches(['"', '\'', '“', ' ']);
    for conjunction in ["and ", "but ", "yet ", "so "] {
        lead = lead.strip_prefix(conjunction).unwrap_or(lead);
    }
    if SUBORDINATORS.iter().any(|w| lead.starts_with(w)) {
        let from = s.len() - lead.len();
        if let Some(comma) = s[from..].find(", ") {
            let clause = Span::new(start, start + from + comma);
            if clause.contains(Span::new(at, at)) {
                return Some(clause);
            }
        }
    }
    // Trailing: from ", while" to the sentence's end.
    let mut from = 0;
    while let Some(comma) = s[from..].find(", ") {
        let after = from + comma + 2;
        if SUBORDINATORS.iter().any(|w| s[after..].starts_with(w)) {
            let clause = Span::new(start + after, sentence.end);
            if at >= clause.start && at < clause.end {
                return Some(clause);
            }
        }
        from = after;
    }
    None
}

/// Where an attribution is said: its cue, else its source.
fn said_at(a: &Attribution) -> Option<usize> {
    a.cue_span.or(a.source_span).map(|s| s.start)
}

/// The sentence attributions of `claim` that give one of the quantities at
/// `quantities`: one in a subordinate clause gives what that clause holds;
/// one in the main clause gives what the main clause holds, and what a
/// subordinate clause holds when that clause names no source of its own.
fn bound<'c>(w: &Witness, claim: &'c Claim, quantities: &[Span]) -> Vec<&'c Attribution> {
    let sentence: Vec<&Attribution> =
        claim.attributions.iter().filter(|a| a.scope == Scope::Sentence).collect();
    let clause_of = |at: usize| subordinate_clause(w.text, claim.span, at);
    sentence
        .iter()
        .copied()
        .filter(|a| {
            let Some(at) = said_at(a) else { return true };
            quantities.iter().any(|q| match (clause_of(at), clause_of(q.start)) {
                (Some(own), _) => own.contains(*q),
                (None, None) => true,
                (None, Some(theirs)) => !sentence
                    .iter()
                    .any(|b| said_at(b).is_some_and(|x| theirs.contains(Span::new(x, x)))),
            })
        })
        .collect()
}

/// The head word of each part of a source's name ("U.S. intelligence and
/// the new United Nations report": intelligence, report), lower case and
/// without a plural `s`.
fn heads(source: &str) -> Vec<String> {
    source
        .split(" and ")
        .flat_map(|part| part.split(", "))
        .filter_map(|part| {
            let word = part.split_whitespace().last()?;
            let word: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
            let word = word.to_lowercase();
            (word.len() > 2).then(|| word.trim_end_matches('s').to_string())
        })
        .collect()
}

/// The outlets a witness ties a claim to, at the strongest level it has,
/// and the other sources the claim's clause names (name, kind, cue).
fn credited(
    w: &Witness,
    claim: &Claim,
    quantities: &[Span],
) -> (Credited, Vec<(String, &'static str, String)>) {
    let bound = bound(w, claim, quantities);
    let sources: Vec<(String, &'static str, String)> = bound
        .iter()
        .filter(|a| a.source_kind != SourceKind::Unknown)
        .filter(|a| a.source_kind != SourceKind::Outlet || !reports(&a.cue))
        .map(|a| {
            // An outlet that speaks is an organisation here.
            let kind = match a.source_kind {
                SourceKind::Outlet => "agency",
                kind => source_kind_name(kind),
            };
            (a.source.clone(), kind, format!("“{}”", a.cue))
        })
        .collect();
    let sentence: Vec<(String, String)> = bound
        .iter()
        .filter(|a| a.source_kind == SourceKind::Outlet && reports(&a.cue))
        .map(|a| (a.source.clone(), format!("“{}”", a.cue)))
        .collect();
    if !sentence.is_empty() {
        return (Some((Level::Sentence, sentence)), sources);
    }
    if let Some(document) = document_credits(w) {
        return (Some(document), sources);
    }
    let paragraph = line_of(w, claim.span);
    let nearby: Vec<(String, String)> = w
        .credits
        .iter()
        .filter(|c| c.scope == Scope::Sentence && paragraph.contains(c.span))
        .map(|c| (c.outlet.clone(), format!("“{}”", c.span.slice(w.text))))
        .collect();
    if !nearby.is_empty() {
        return (Some((Level::Paragraph, nearby)), sources);
    }
    // A credit of the very source the clause names: the word the credit
    // follows is the head of that source's name.
    let named: Vec<String> = sources.iter().flat_map(|(name, _, _)| heads(name)).collect();
    let referent: Vec<(String, String)> = w
        .credits
        .iter()
        .filter_map(|c| {
            // The word the credit follows, right before it.
            let before = w.text.get(..c.span.start)?.strip_suffix(' ')?;
            let word = before.rsplit(' ').next()?;
            let head = word.to_lowercase();
            (head.chars().all(char::is_alphabetic)
                && named.iter().any(|n| *n == head.trim_end_matches('s')))
            .then(|| (c.outlet.clone(), format!("“{word} {}”", c.span.slice(w.text))))
        })
        .collect();
    // A credit elsewhere in the page, for another part of it, is not this
    // claim's: "BBC said" three paragraphs down says nothing of where a
    // spokesman's quote came from.
    ((!referent.is_empty()).then_some((Level::Referent, referent)), sources)
}

/// The outlets a page credits for all it says ("Source: The New York
/// Times").
fn document_credits(w: &Witness) -> Credited {
    let document: Vec<(String, String)> = w
        .credits
        .iter()
        .filter(|c| c.scope == Scope::Document)
        .map(|c| (c.outlet.clone(), format!("“{}”", c.span.slice(w.text))))
        .collect();
    (!document.is_empty()).then_some((Level::Document, document))
}

/// Whether an attribution's cue says an outlet reported something ("the
/// Times reported", "according to NBC News", "the Times notes"), not that
/// the organisation itself spoke ("the BBC said", "a spokesman for the BBC
/// said"): an outlet that speaks is a source of the claim, like any
/// organisation, not the outlet that first reported it. Only the verbs of
/// speech listed make it a speaker; any other cue, in any language, keeps
/// the outlet a credit.
fn reports(cue: &str) -> bool {
    const SPEECH: [&str; 14] = [
        "said",
        "says",
        "say",
        "saying",
        "added",
        "adds",
        "stated",
        "announced",
        "confirmed",
        "denied",
        "insisted",
        "explained",
        "declared",
        "commented",
    ];
    let cue = cue.to_lowercase();
    !cue.split(|c: char| !c.is_alphabetic()).any(|w| SPEECH.contains(&w))
}

fn source_kind_name(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::Outlet => "outlet",
        SourceKind::Agency => "agency",
        SourceKind::Official => "official",
        SourceKind::Person => "person",
        SourceKind::Document => "document",
        SourceKind::Unknown => "unknown",
    }
}

/// The line (paragraph) around `span`: from after the line end before it
/// to the first line end at or after its end.
fn line_of(w: &Witness, span: Span) -> Span {
    let ends = w.line_ends.get_or_init(|| w.text.match_indices('\n').map(|(i, _)| i).collect());
    let before = ends.partition_point(|&e| e < span.start);
    let start = before.checked_sub(1).map_or(0, |i| ends[i] + 1);
    let after = ends.partition_point(|&e| e < span.end);
    let end = ends.get(after).copied().unwrap_or(w.text.len());
    Span::new(start, end)
}

/// The member a claim of the cluster was taken from, if it was.
fn taken_from(
    claim: (usize, usize),
    claims: &[(usize, usize)],
    links: &Links,
) -> Option<ClaimLink> {
    let link = links.of(claim)?;
    claims.binary_search(&link.source()?).is_ok().then_some(link)
}

fn origin(
    claims: &[(usize, usize)],
    quantities: &[Placed],
    witnesses: &[Witness],
    links: &Links,
) -> Origin {
    // Only the claims taken from no other member are witnesses of where
    // the claim came from: a copy says what its source says.
    let mut roots: Vec<(usize, usize)> =
        claims.iter().copied().filter(|&m| taken_from(m, claims, links).is_none()).collect();
    if roots.is_empty() {
        roots = claims.to_vec();
    }
    let derived = claims.len() - roots.len();
    // Where each independent claim was itself taken from, outside the
    // cluster (a paper's claim that no other paper repeats, taken from the
    // wire): the first text that states it.
    let firsts: Vec<Stage> = roots.iter().map(|&m| first_of(m, links)).collect();
    let mut anchors: Vec<usize> = firsts.iter().map(|f| witnesses[f.0].anchor).collect();
    anchors.sort_unstable();
    anchors.dedup();
    let outside = firsts.iter().zip(&roots).any(|(f, m)| f.0 != m.0);
    if (derived > 0 || outside)
        && let [anchor] = anchors[..]
    {
        let first = firsts.iter().copied().find(|f| f.0 == anchor).unwrap_or(firsts[0]);
        return first_stated(claims, first, quantities, witnesses, links);
    }
    let claims_of_roots = roots;
    // One witness per duplicate cluster, with the strongest evidence any of
    // its claims in the cluster has.
    let mut evidence: Vec<(usize, Credited)> = Vec::new();
    let mut sources: BTreeMap<(String, &'static str), Candidate> = BTreeMap::new();
    for &(d, c) in &claims_of_roots {
        let anchor = witnesses[d].anchor;
        let at: Vec<Span> = claim_run(quantities, (d, c)).iter().map(|q| q.2).collect();
        let (found, named) = credited(&witnesses[d], &witnesses[d].claims[c], &at);
        for (name, kind, cue) in named {
            let entry = sources.entry((name.clone(), kind)).or_insert_with(|| Candidate {
                outlet: name,
                kind,
                witnesses: Vec::new(),
                evidence: Vec::new(),
            });
            let id = witnesses[d].id.to_string();
            let line = format!("{id}: {cue} {}", Level::Sentence.evidence());
            if !entry.witnesses.contains(&id) {
                entry.witnesses.push(id);
            }
            if !entry.evidence.contains(&line) {
                entry.evidence.push(line);
            }
        }
        match evidence.iter_mut().find(|(e, _)| witnesses[*e].anchor == anchor) {
            Some(slot) => {
                let stronger = match (&slot.1, &found) {
                    (None, Some(_)) => true,
                    (Some((old, _)), Some((new, _))) => new < old,
                    _ => false,
                };
                if stronger {
                    *slot = (d, found);
                }
            }
            None => evidence.push((d, found)),
        }
    }
    let mut candidates: BTreeMap<String, Candidate> = BTreeMap::new();
    for (d, found) in &evidence {
        let Some((level, outlets)) = found else { continue };
        for (outlet, cue) in outlets {
            let entry = candidates.entry(outlet.clone()).or_insert_with(|| Candidate {
                outlet: outlet.clone(),
                kind: "outlet",
                witnesses: Vec::new(),
                evidence: Vec::new(),
            });
            if !entry.witnesses.contains(&witnesses[*d].id.to_string()) {
                entry.witnesses.push(witnesses[*d].id.to_string());
            }
            let line = format!("{}: {cue} {}", witnesses[*d].id, level.evidence());
            if !entry.evidence.contains(&line) {
                entry.evidence.push(line);
            }
        }
    }
    // The outlets decide; the other sources the claims' clauses name are
    // listed after them.
    let outlets: Vec<Candidate> = candidates.into_values().collect();
    let candidates: Vec<Candidate> = outlets.iter().cloned().chain(sources.into_values()).collect();
    // A credited outlet whose own story is a witness.
    let own: Vec<(&Candidate, usize)> = outlets
        .iter()
        .filter_map(|c| {
            claims
                .iter()
                .map(|&(d, _)| d)
                .find(|&d| witnesses[d].outlet == Some(c.outlet.as_str()))
                .map(|d| (c, d))
        })
        .collect();
    if let [(candidate, d)] = own[..] {
        return Origin {
            outlet: Some(candidate.outlet.clone()),
            doc: Some(witnesses[d].id.to_string()),
            reason: format!(
                "credited by {} and its own story {} asserts it",
                candidate.witnesses.join(", "),
                witnesses[d].id
            ),
            confidence: 0.9,
            contested: false,
            candidates,
        };
    }
    let crediting: Vec<&(usize, Credited)> = evidence.iter().filter(|(_, e)| e.is_some()).collect();
    // The outlets every crediting witness names.
    let common: Vec<&Candidate> =
        outlets.iter().filter(|c| c.witnesses.len() == crediting.len()).collect();
    if let [only] = common[..] {
        let level = crediting
            .iter()
            .filter_map(|(_, e)| e.as_ref().map(|(l, _)| *l))
            .max()
            .unwrap_or(Level::Referent);
        return Origin {
            outlet: Some(only.outlet.clone()),
            doc: None,
            reason: format!(
                "every crediting witness names {} ({})",
                only.outlet,
                only.evidence.join("; ")
            ),
            confidence: level.confidence(),
            contested: false,
            candidates,
        };
    }
    // One witness naming several outlets is not a contest: a contest needs
    // two witnesses that disagree. Which outlet, if any, this claim came
    // from is left unknown, said as such.
    if let [(d, Some((level, _)))] = crediting[..] {
        let names: Vec<&str> = outlets.iter().map(|c| c.outlet.as_str()).collect();
        return Origin {
            outlet: None,
            doc: None,
            reason: format!(
                "unknown: its one crediting witness {} names {} {}, none of them for this claim alone",
                witnesses[*d].id,
                names.join(" and "),
                level.words()
            ),
            confidence: 0.2,
            contested: false,
            candidates,
        };
    }
    if !outlets.is_empty() {
        let names: Vec<&str> = outlets.iter().map(|c| c.outlet.as_str()).collect();
        return Origin {
            outlet: None,
            doc: None,
            reason: format!(
                "contested: no one outlet is credited by every witness ({}); each is listed with its evidence",
                names.join(", ")
            ),
            confidence: 0.0,
            contested: true,
            candidates,
        };
    }
    let earliest = evidence
        .iter()
        .map(|(d, _)| *d)
        .filter(|&d| witnesses[d].date.is_some())
        .min_by_key(|&d| (witnesses[d].date, d));
    if let Some(d) = earliest {
        let w = &witnesses[d];
        return Origin {
            outlet: w.outlet.map(str::to_string),
            doc: Some(w.id.to_string()),
            reason: format!(
                "no witness credits an outlet; {} is the earliest dated witness ({})",
                w.id,
                w.date.unwrap_or_default()
            ),
            confidence: 0.5,
            contested: false,
            candidates,
        };
    }
    Origin {
        outlet: None,
        doc: None,
        reason: "unknown: no witness credits an outlet or has a date".to_string(),
        confidence: 0.0,
        contested: false,
        candidates,
    }
}

/// A document and, when one says it, its claim: a stage of a claim's way.
type Stage = (usize, Option<usize>);

/// The first text that states `claim`: its links followed from copy to
/// source until a text that took it from none (a document alone when the
/// last link found no claim of its source that says it).
pub fn first_of(claim: (usize, usize), links: &Links) -> Stage {
    way_of(claim, links).last().copied().unwrap_or((claim.0, Some(claim.1)))
}

/// Each stage of `claim`'s way back to the first text that states it,
/// the claim itself first; a cycle of links ends it.
pub fn way_of(claim: (usize, usize), links: &Links) -> Vec<Stage> {
    let mut way: Vec<Stage> = vec![(claim.0, Some(claim.1))];
    let mut at = claim;
    while let Some(link) = links.of(at) {
        let next = (link.doc, link.claim);
        if way.iter().any(|s| s.0 == next.0) {
            break;
        }
        way.push(next);
        if let Some(c) = next.1 {
            at = (next.0, c);
            continue;
        }
        // No claim of that text says it: it came with the text, so on to
        // what that text derives from wholly.
        let mut d = next.0;
        while let Some(source) = links.documents.get(d).copied().flatten() {
            if way.iter().any(|s| s.0 == source) {
                break;
            }
            way.push((source, None));
            d = source;
        }
        break;
    }
    way
}

/// Where a claim's words are, for the attributions that give them: the
/// grouped quantities when the cluster holds it, else all its figures,
/// else its first quotation, else the sentence.
fn places(claim: (usize, usize), quantities: &[Placed], witnesses: &[Witness]) -> Vec<Span> {
    let grouped: Vec<Span> = claim_run(quantities, claim).iter().map(|q| q.2).collect();
    if !grouped.is_empty() {
        return grouped;
    }
    let c = &witnesses[claim.0].claims[claim.1];
    if !c.quantities.is_empty() {
        return c.quantities.iter().map(|q| q.span).collect();
    }
    vec![c.quotes.first().copied().unwrap_or(c.span)]
}

/// Where one claim taken from another text came from: the first text that
/// states it and the outlet that text credits for it, else that text's own.
/// Kept small (a corpus has millions of such claims); the report writes
/// its reason from these fields.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimOrigin {
    /// The first text that states it, and its claim that does (`None` when
    /// the way ends at a text none of whose claims says it).
    pub first: (usize, Option<usize>),
    /// Links followed to get there.
    pub steps: usize,
    /// The outlet the first text credits for the claim, else its own.
    pub outlet: Option<String>,
    /// The credit's words and where it stands ("“The New York Times is
    /// reporting” in the claim's sentence"), when the first text gives one.
    pub credit: Option<Box<str>>,
}

/// The origin of one claim taken from another text: the first text that
/// states it, and the credit that text gives for it; `None` for a claim
/// taken from no other text.
pub fn claim_origin(
    claim: (usize, usize),
    witnesses: &[Witness],
    links: &Links,
) -> Option<ClaimOrigin> {
    let way = way_of(claim, links);
    let &(d, c) = way.last()?;
    if way.len() < 2 {
        return None;
    }
    let root = &witnesses[d];
    let found = match c {
        Some(c) => credited(root, &root.claims[c], &places((d, c), &[], witnesses)).0,
        None => document_credits(root),
    };
    let (outlet, credit) = match found {
        Some((level, outlets)) if outlets.iter().all(|(o, _)| *o == outlets[0].0) => {
            let (outlet, cue) = &outlets[0];
            (Some(outlet.clone()), Some(format!("{cue} {}", level.words()).into_boxed_str()))
        }
        _ => (root.outlet.map(str::to_string), None),
    };
    Some(ClaimOrigin { first: (d, c), steps: way.len() - 1, outlet, credit })
}

/// Members taking a claim from its first text that a cluster's reason names.
const NAMED_TAKERS: usize = 3;

/// The origin of a claim stated first in one text (or its copies) and
/// taken from there by the others: the credit that text gives for this
/// claim, else the text itself, the first to report it.
fn first_stated(
    claims: &[(usize, usize)],
    (d, c): Stage,
    quantities: &[Placed],
    witnesses: &[Witness],
    links: &Links,
) -> Origin {
    let root = &witnesses[d];
    let (found, named) = match c {
        Some(c) => credited(root, &root.claims[c], &places((d, c), quantities, witnesses)),
        None => (document_credits(root), Vec::new()),
    };
    let mut taken: Vec<String> = claims
        .iter()
        .filter(|&&(m, _)| m != d)
        .filter_map(|&m| {
            let link = links.of(m)?;
            Some(format!("{} ({})", witnesses[m.0].id, link.kind.name()))
        })
        .collect();
    taken.dedup();
    // A few are named; a wire story's claim can have hundreds of copies.
    let through = match taken.len() {
        0 => "no other member takes it from there".to_string(),
        n => format!(
            "{n} take{} it from there: {}{}",
            if n == 1 { "s" } else { "" },
            taken[..n.min(NAMED_TAKERS)].join(", "),
            if n > NAMED_TAKERS {
                format!(" and {} more", n - NAMED_TAKERS)
            } else {
                String::new()
            }
        ),
    };
    let mut candidates: Vec<Candidate> = Vec::new();
    if let Some((level, outlets)) = &found {
        for (outlet, cue) in outlets {
            match candidates.iter_mut().find(|k| k.outlet == *outlet) {
                Some(k) => k.evidence.push(format!("{}: {cue} {}", root.id, level.evidence())),
                None => candidates.push(Candidate {
                    outlet: outlet.clone(),
                    kind: "outlet",
                    witnesses: vec![root.id.to_string()],
                    evidence: vec![format!("{}: {cue} {}", root.id, level.evidence())],
                }),
            }
        }
    }
    for (name, kind, cue) in named {
        if candidates.iter().any(|k| k.outlet == name && k.kind == kind) {
            continue;
        }
        candidates.push(Candidate {
            outlet: name,
            kind,
            witnesses: vec![root.id.to_string()],
            evidence: vec![format!("{}: {cue} {}", root.id, Level::Sentence.evidence())],
        });
    }
    let date = root.date.map(|d| format!(", {d}")).unwrap_or_default();
    match found {
        Some((level, outlets)) if outlets.iter().all(|(o, _)| *o == outlets[0].0) => {
            let outlet = outlets[0].0.clone();
            // The credited outlet's own story, when it is a member.
            let own = claims
                .iter()
                .map(|&(m, _)| m)
                .find(|&m| witnesses[m].outlet == Some(outlet.as_str()));
            Origin {
                reason: format!(
                    "first stated in {}{date}, which credits {outlet} ({} {}); {through}",
                    root.id,
                    outlets[0].1,
                    level.words()
                ),
                outlet: Some(outlet),
                doc: own.map(|m| witnesses[m].id.to_string()),
                confidence: if own.is_some() { 0.9 } else { level.confidence() },
                contested: false,
                candidates,
            }
        }
        Some((level, outlets)) => {
            let mut names: Vec<&str> = outlets.iter().map(|(o, _)| o.as_str()).collect();
            names.dedup();
            Origin {
                outlet: None,
                doc: Some(root.id.to_string()),
                reason: format!(
                    "first stated in {}{date}, which names {} {}, none of them for this claim alone; {through}",
                    root.id,
                    names.join(" and "),
                    level.words()
                ),
                confidence: 0.2,
                contested: false,
                candidates,
            }
        }
        None => Origin {
            outlet: root.outlet.map(str::to_string),
            doc: Some(root.id.to_string()),
            reason: format!(
                "first stated in {} ({}{date}), which credits no outlet for it; {through}",
                root.id,
                root.outlet.unwrap_or("outlet unknown")
            ),
            confidence: 0.8,
            contested: false,
            candidates,
        },
    }
}

/// The provenance graph.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// Node ids are shared by the node and its edges, not copied into each edge.
pub type NodeId = std::sync::Arc<str>;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Node {
    pub id: NodeId,
    /// `outlet`, `document` or `claim`.
    pub kind: &'static str,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Edge {
    pub from: NodeId,
    pub to: NodeId,
    /// `published_by`, `copies`, `derives_from`, `credits`, `asserts`,
    /// `attributed_to`, `originates_at`.
    pub kind: &'static str,
    pub evidence: String,
}

impl Graph {
    pub fn node(&mut self, id: NodeId, kind: &'static str, label: String) {
        self.nodes.push(Node { id, kind, label });
    }

    pub fn edge(&mut self, from: NodeId, to: NodeId, kind: &'static str, evidence: String) {
        self.edges.push(Edge { from, to, kind, evidence });
    }

    /// Sorted and without repeats, so the output does not depend on the
    /// order things were added in.
    pub fn finish(&mut self, run: &impl Parallel) {
        let (nodes, edges) = (&mut self.nodes, &mut self.edges);
        run.join(
            || {
                run.sort(nodes);
                nodes.dedup_by(|a, b| a.id == b.id);
            },
            || {
                run.sort(edges);
                edges.dedup_by(|a, b| a.from == b.from && a.to == b.to && a.kind == b.kind);
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subordinate_clauses_fronted_and_trailing() {
        let text = "And while the Pentagon estimates that airstrikes have killed roughly 10,000 fighters, the group is replacing them, with some 1,000 joining every month.";
        let sentence = Span::new(0, text.len());
        let at = |word: &str| text.find(word).expect(word);
        let fronted =
            subordinate_clause(text, sentence, at("Pentagon")).expect("in the while-clause");
        assert!(fronted.contains(Span::new(at("10,000"), at("10,000") + 6)));
        assert!(!fronted.contains(Span::new(at("1,000 joining"), at("1,000 joining") + 5)));
        assert_eq!(subordinate_clause(text, sentence, at("1,000 joining")), None, "main clause");

        let text = "The ministry said 400 homes were lost, while the mayor put the figure at 650.";
        let sentence = Span::new(0, text.len());
        let at = |word: &str| text.find(word).expect(word);
        assert_eq!(subordinate_clause(text, sentence, at("400")), None);
        let trailing =
            subordinate_clause(text, sentence, at("mayor")).expect("in the while-clause");
        assert!(trailing.contains(Span::new(at("650"), at("650") + 3)));
        // A number's own comma does not end a clause.
        let text = "While 10,000 left, officials said 1,000 returned.";
        let clause = subordinate_clause(text, Span::new(0, text.len()), 6).expect("fronted");
        assert_eq!(clause.slice(text), "While 10,000 left");
    }

    #[test]
    fn a_quoted_name_is_no_saying() {
        assert!(is_name("Meet the Press,"));
        assert!(is_name("The Art of the Deal"));
        assert!(!is_name("prioritised by risk"));
        assert!(!is_name("We Will Not Back Down, he said"));
        assert!(!is_name("to a an"));
    }

    #[test]
    fn heads_of_a_source_name() {
        assert_eq!(
            heads("U.S. intelligence and the new United Nations report"),
            ["intelligence", "report"]
        );
        assert_eq!(heads("officials"), ["official"]);
    }

    #[test]
    fn a_line_found_from_the_index_is_the_line_around_the_span() {
        let text = "one\ntwo words\n\nthree\nlast";
        let w = Witness {
            id: "d",
            text,
            title: None,
            outlet: None,
            date: None,
            credits: &[],
            claims: &[],
            anchor: 0,
            line_ends: std::sync::OnceLock::new(),
        };
        for start in 0..=text.len() {
            for end in start..=text.len() {
                let scanned = {
                    let s = text[..start].rfind('\n').map_or(0, |i| i + 1);
                    let e = text[end..].find('\n').map_or(text.len(), |i| end + i);
                    Span::new(s, e)
                };
                assert_eq!(line_of(&w, Span::new(start, end)), scanned, "{start}..{end}");
            }
        }
    }

    /// Three documents `a`, `b`, `c`, each its own witness.
    fn witnesses_of<'a>(texts: &[&'a str; 3], claims: &'a [Vec<Claim>]) -> Vec<Witness<'a>> {
        texts
            .iter()
            .zip(claims)
            .enumerate()
            .map(|(i, (text, claims))| Witness {
                id: ["a", "b", "c"][i],
                text,
                title: None,
                outlet: None,
                date: None,
                credits: &[],
                claims,
                anchor: i,
                line_ends: std::sync::OnceLock::new(),
            })
            .collect()
    }

    /// One claim a text: the whole text, with the quantities it states.
    fn sentence_claims<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<Vec<Claim>> {
        texts
            .map(|t| {
                vec![Claim {
                    span: Span::new(0, t.len()),
                    quantities: provtrace_attribution::claims::quantities(t, 0),
                    quotes: Vec::new(),
                    attributions: Vec::new(),
                }]
            })
            .collect()
    }

    /// Claims of one sentence each, over documents titled `titles`.
    fn grouped(texts: &[&str], titles: &[&str]) -> Vec<Vec<(usize, usize)>> {
        let claims = sentence_claims(texts.iter().copied());
        let ids: Vec<String> = (0..texts.len()).map(|i| format!("d{i}")).collect();
        let witnesses: Vec<Witness> = (0..texts.len())
            .map(|i| Witness {
                id: &ids[i],
                text: texts[i],
                title: titles.get(i).copied(),
                outlet: None,
                date: None,
                credits: &[],
                claims: &claims[i],
                anchor: i,
                line_ends: std::sync::OnceLock::new(),
            })
            .collect();
        cluster_claims(&witnesses, &Links::default(), &provtrace_common::parallel::Sequential)
            .into_iter()
            .map(|k| k.members)
            .filter(|m| m.len() > 1)
            .collect()
    }

    #[test]
    fn a_shared_value_and_template_are_not_one_claim() {
        // Two companies' dividends, word for word but for the name in the
        // title; then the same company's, in two versions of its story.
        // Other companies' dividends tell what every such line says.
        let others = ["ACME", "BETA", "GAMMA", "DELTA", "OMEGA", "SIGMA"];
        let lines: Vec<String> = (0..others.len())
            .map(|i| format!("Qtly div {} cts vs {} cts prior", 20 + i, 20 + i))
            .collect();
        let titles: Vec<String> =
            others.iter().map(|o| format!("{o} CORP SETS QUARTERLY")).collect();
        let corpus = |second: &'static str| {
            let mut texts = vec!["Qtly div 10 cts vs 10 cts prior"; 2];
            texts.extend(lines.iter().map(String::as_str));
            let mut named = vec!["CAMPBELL RED LAKE SETS QUARTERLY DIVIDEND", second];
            named.extend(titles.iter().map(String::as_str));
            grouped(&texts, &named)
        };
        let joined = corpus("RYLAND GROUP INC SETS QUARTERLY");
        assert!(joined.is_empty(), "{joined:?}");
        assert_eq!(corpus("CAMPBELL RED LAKE PAYOUT"), [vec![(0, 0), (1, 0)]]);
    }

    #[test]
    fn the_same_figure_of_the_same_subject_is_one_claim_unless_the_figures_disagree() {
        let joined = grouped(
            &[
                "Taiwan's foreign exchange reserves now stand at some 60.3 billion U.S. dlrs.",
                "The reserves of Taiwan, at about 60.3 billion U.S. dlrs, led to runaway money growth.",
                "Output rose 60.3 billion dlrs in Belgium, officials said.",
                // What other stories say tells that "billion" and "dlrs"
                // name no subject.
                "Exports were 12.1 billion dlrs.",
                "Imports fell to 9.4 billion dlrs.",
                "The deficit was 3.2 billion dlrs.",
                "Spending rose to 7.7 billion dlrs.",
            ],
            &[],
        );
        assert_eq!(joined, [vec![(0, 0), (1, 0)]]);
        // Two weeks of one report: the figure of one is the other's last week.
        let joined = grouped(
            &[
                "The Hughes rig count fell to 707 from 744, against 801 a year ago.",
                "The Hughes rig count fell to 671 from 707, against 790 a year ago.",
            ],
            &[],
        );
        assert!(joined.is_empty(), "{joined:?}");
    }

    #[test]
    fn values_said_in_one_clause_are_one_claim() {
        let texts = [
            "As many as 30,000 foreigners from more than 100 countries have joined the group.",
            "Nearly 30,000 foreign recruits have joined, from more than 100 countries.",
            "While officials say 10,000 fighters were killed, some 30,000 foreigners from 100 countries joined the group.",
        ];
        let claims = sentence_claims(texts.iter().copied());
        let witnesses = witnesses_of(&texts, &claims);
        let clusters =
            cluster_claims(&witnesses, &Links::default(), &provtrace_common::parallel::Sequential);
        let summaries: Vec<&str> = clusters.iter().map(|k| k.summary.as_str()).collect();
        // The 30,000 and the 100 countries are one claim of three witnesses;
        // the 10,000, in a clause of its own, is another.
        assert_eq!(clusters.len(), 2, "{summaries:?}");
        let both = clusters
            .iter()
            .find(|k| k.members.len() == 3)
            .unwrap_or_else(|| panic!("no claim of three witnesses: {summaries:?}"));
        assert!(both.summary.contains("30,000") && both.summary.contains("100"), "{summaries:?}");
        assert!(!both.summary.contains("10,000"), "{summaries:?}");
    }

    #[test]
    fn a_quotation_trimmed_or_repunctuated_is_one_claim_and_another_is_not() {
        let texts = [
            "\"We don't want a trade war with anyone,\" the minister said.",
            "The minister said: \u{201c}we don't want a trade war\u{201d}.",
            "\"We want a fair deal for farmers,\" the minister said.",
        ];
        let claims: Vec<Vec<Claim>> = texts
            .iter()
            .map(|t| {
                let open = t.find(['"', '\u{201c}']).expect("a quote");
                let inside = open + t[open..].chars().next().map_or(1, char::len_utf8);
                let close = t[inside..].find(['"', '\u{201d}']).expect("its end") + inside;
                let end = close + t[close..].chars().next().map_or(1, char::len_utf8);
                vec![Claim {
                    span: Span::new(0, t.len()),
                    quantities: Vec::new(),
                    quotes: vec![Span::new(open, end)],
                    attributions: Vec::new(),
                }]
            })
            .collect();
        let witnesses = witnesses_of(&texts, &claims);
        let mut groups: Vec<Vec<(usize, usize)>> =
            statements(&witnesses, &provtrace_common::parallel::Sequential)
                .into_iter()
                .map(|g| g.0)
                .collect();
        groups.sort();
        // The third says something else, and alone: no cluster.
        assert_eq!(groups, [vec![(0, 0), (1, 0)]]);
    }
}
