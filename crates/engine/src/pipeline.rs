//! Wiring the stages into a run, and the only place that knows threads.
//!
//! Input: a [`Corpus`] and a validated [`Config`]. Output: the [`Report`].
//! Per-document stages run in parallel with rayon and are collected in
//! corpus order; everything corpus-wide (boilerplate lines, LSH buckets,
//! fingerprint postings, pairs, clusters) is sorted before it is used, so
//! the report is byte-identical for any thread count.
//!
//! Near-duplicates: MinHash-LSH candidates and identical content, each
//! verified on exact shingle sets, joined into clusters. Partial reuse:
//! winnowed fingerprints between cluster representatives (a cluster's origin
//! stands for its copies, so pairs grow with distinct texts, not copies),
//! verified on exact shingle sets. Each cluster member is paired with its
//! origin.

use rayon::prelude::*;
use sha2::{Digest as _, Sha256};

use provtrace_attribution::claims::{self, Claim};
use provtrace_attribution::gazetteer::Gazetteer;
use provtrace_attribution::page::{self, Page};
use provtrace_common::config::Config;
use provtrace_common::error::{Error, Result};
use provtrace_ingest::ingest::{Corpus, Document};
use provtrace_provenance::{self as provenance, Graph, NodeId, Witness};
use provtrace_similarity::align::{self, Side};
use provtrace_similarity::boilerplate::{self, Line};
use provtrace_similarity::duplicates::{Facts, components, duplicate_cluster};
use provtrace_similarity::fingerprint;
use provtrace_similarity::minhash::{self, MinHasher, Signature};
use provtrace_text::normalize::{self, Token};

use crate::Rayon;
use provtrace_attribution::tagger::Tagger;
use provtrace_report::{
    self as report, BoilerplateSpan, ClaimReport, Comparison, Containment, DocumentReport,
    DuplicateCluster, Outlet, OutletEvidence, Report, Reuse, SCHEMA_VERSION, Summary, Tool, round4,
};
use provtrace_similarity::selfdup::{self, SelfDuplication};
use provtrace_similarity::shingle;
use provtrace_similarity::terms;
use provtrace_text::sentence;
use provtrace_text::span::{self, Span};

pub use provtrace_common::progress::{Progress, Silent, Stage};

/// Runs [`analyze`] on `threads` threads, telling `progress` how far it
/// got. The report keeps the corpus's texts rather than copies of them.
pub fn analyze_with_progress(
    corpus: Corpus,
    config: &Config,
    tagger: &Tagger,
    threads: Option<usize>,
    progress: &dyn Progress,
) -> Result<Report> {
    let mut report = in_pool(threads, || run(&corpus, config, tagger, progress))?;
    report.texts = corpus.documents.into_iter().map(|d| d.text).collect();
    Ok(report)
}

/// Runs `job` on a pool of `threads` threads (all cores when `None`), so
/// that every parallel step inside it, a report's writing included, takes
/// that many and no more.
pub fn in_pool<T: Send>(threads: Option<usize>, job: impl FnOnce() -> T + Send) -> Result<T> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| Error::Threads { threads: threads.unwrap_or(0), message: e.to_string() })?;
    Ok(pool.install(job))
}

/// What the per-document stages found in one document.
struct Analysed {
    page: Page,
    lines: Vec<Line>,
}

/// One document reduced to what similarity needs.
struct Content {
    boilerplate: Vec<Span>,
    /// Boilerplate and repeated copies, merged. The tokens outside them are
    /// made again from the text for the documents that are aligned, rather
    /// than held for every document (16 bytes a word).
    excluded: Vec<Span>,
    /// How many words the whole text has.
    words: usize,
    /// Sentences outside `excluded`.
    sentences: Vec<Span>,
    claims: Vec<Claim>,
    language: Option<&'static str>,
    self_duplication: Option<SelfDuplication>,
    /// Sorted distinct shingles of the text with boilerplate and repeated
    /// copies left out.
    shingles: Vec<u64>,
    fingerprints: Vec<u64>,
    /// Sorted distinct hashes of the content's words, for the rewrite
    /// channel.
    vocabulary: Vec<u32>,
    signature: Signature,
    /// Hash of the content's normalised tokens, for identical copies.
    exact: Option<u128>,
}

/// The per-document stages, and boilerplate across documents.
fn prepare(
    docs: &[Document],
    config: &Config,
    (gazetteer, tagger): (&Gazetteer, &Tagger),
    progress: &dyn Progress,
) -> (Vec<Analysed>, Vec<Content>) {
    let stage = Stage::begin(progress, "pages", "documents", docs.len() as u64);
    let analysed: Vec<Analysed> = docs
        .par_iter()
        .map(|doc| {
            let lines = boilerplate::lines(&doc.text);
            let page = page::parse(&doc.text, &doc.metadata, &lines, gazetteer);
            stage.advance(1);
            Analysed { page, lines }
        })
        .collect();
    stage.end();
    let all_lines: Vec<&[Line]> = analysed.iter().map(|a| a.lines.as_slice()).collect();
    let recurring = boilerplate::recurring(&all_lines, &config.boilerplate, &Rayon);
    let permutations = MinHasher::new(config.near_duplicate.permutations);
    let stage = Stage::begin(progress, "content and claims", "documents", docs.len() as u64);
    let content: Vec<Content> = docs
        .par_iter()
        .zip(&analysed)
        .map(|(doc, a)| {
            let c = content(doc, a, &recurring, &permutations, config, (gazetteer, tagger));
            stage.advance(1);
            c
        })
        .collect();
    stage.end();
    (analysed, content)
}

/// Analyses a corpus into a report, with the built-in attribution tagger.
pub fn analyze(corpus: &Corpus, config: &Config) -> Report {
    analyze_with(corpus, config, &Tagger::Crf)
}

/// Analyses a corpus into a report, tagging attributions with `tagger`.
pub fn analyze_with(corpus: &Corpus, config: &Config, tagger: &Tagger) -> Report {
    let mut report = run(corpus, config, tagger, &Silent);
    report.texts = corpus.documents.iter().map(|d| d.text.clone()).collect();
    report
}

fn run(corpus: &Corpus, config: &Config, tagger: &Tagger, progress: &dyn Progress) -> Report {
    let docs = &corpus.documents;
    let gazetteer = Gazetteer::new(&config.outlets);
    let (analysed, mut content) = prepare(docs, config, (&gazetteer, tagger), progress);

    let stage = Stage::begin(progress, "near-duplicates", "", 1);
    let edges = near_duplicate_edges(&content, config);
    for c in &mut content {
        c.signature = Vec::new();
    }
    let clusters = clusters(docs.len(), &edges, docs, &analysed, &content);
    stage.end();
    let stage = Stage::begin(progress, "outlets", "", 1);
    let outlets = outlets(docs, &analysed, &gazetteer);
    stage.end();

    let fingerprints = content.iter_mut().map(|c| std::mem::take(&mut c.fingerprints)).collect();
    let shingles = content.iter_mut().map(|c| std::mem::take(&mut c.shingles)).collect();
    let vocabularies = content.iter_mut().map(|c| std::mem::take(&mut c.vocabulary)).collect();
    let mut anchor: Vec<usize> = (0..docs.len()).collect();
    for cluster in &clusters {
        for &m in &cluster.members {
            anchor[m] = cluster.anchor;
        }
    }
    let witnesses: Vec<Witness> = docs
        .iter()
        .zip(&analysed)
        .zip(&content)
        .enumerate()
        .map(|(i, ((doc, a), c))| Witness {
            id: &doc.id,
            text: &doc.text,
            title: a.page.title.as_deref(),
            outlet: outlet_of(a),
            date: date_of(a),
            credits: &a.page.credits,
            claims: &c.claims,
            anchor: anchor[i],
            line_ends: std::sync::OnceLock::new(),
        })
        .collect();
    // The claims are compared side by side with reuse (neither keeps both
    // cores busy alone); they are grouped once the copies are known, since
    // a claim taken from another is that claim.
    let (reuse, compared) = rayon::join(
        || {
            let gathered = Gathered { shingles, fingerprints, vocabularies };
            reuse(docs, &analysed, &content, gathered, &clusters, config, progress)
        },
        || provenance::compare_claims(&witnesses, &Rayon, progress),
    );
    let stage = Stage::begin(progress, "claim clusters", "", 1);
    let links = provenance::link_claims(&witnesses, &copies(docs, &reuse), &Rayon);
    let claim_clusters = provenance::group_claims(compared, &witnesses, &links, &Rayon);
    // The origin of each claim taken from another text, in the links' order.
    let origins: Vec<Option<Box<provenance::ClaimOrigin>>> = links
        .claims
        .par_iter()
        .map(|&(claim, _)| provenance::claim_origin(claim, &witnesses, &links).map(Box::new))
        .collect();
    stage.end();
    let stage = Stage::begin(progress, "graph and documents", "", 1);
    let graph = graph(docs, &analysed, &clusters, &reuse, &claim_clusters, &outlets, &witnesses);
    drop(witnesses);

    // Made at its full size at once: growing it by doubling would hold up
    // to three times the claims for a moment.
    let mut claims: Vec<ClaimReport> =
        Vec::with_capacity(content.iter().map(|c| c.claims.len()).sum());
    // A claim's link and origin, boxed: most claims were taken from no
    // other text, and then cost a pointer each.
    let mut taken = links.claims.into_iter().zip(origins).peekable();
    for (d, c) in content.iter_mut().enumerate() {
        claims.extend(std::mem::take(&mut c.claims).into_iter().enumerate().map(
            |(index, claim)| {
                let (link, origin) = match taken.next_if(|((at, _), _)| *at == (d, index)) {
                    Some(((_, link), origin)) => (Some(Box::new(link)), origin),
                    None => (None, None),
                };
                ClaimReport { doc: d, index, claim, link, origin }
            },
        ));
    }
    let documents: Vec<DocumentReport> = docs
        .par_iter()
        .zip(analysed.into_par_iter())
        .zip(content.into_par_iter())
        .map(|((doc, a), c)| document_report(doc, a, c))
        .collect();
    stage.end();
    let summary = Summary {
        documents: documents.len(),
        skipped: corpus.skipped.len(),
        self_duplicated: documents.iter().filter(|d| d.self_duplication.is_some()).count(),
        duplicate_clusters: clusters.len(),
        reuse_pairs: reuse.len(),
        claims: claims.len(),
        claim_clusters: claim_clusters.len(),
        outlets: outlets.len(),
    };
    Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool { attribution_model: tagger.name().map(String::from), ..Tool::default() },
        config: config.clone(),
        summary,
        skipped: corpus.skipped.clone(),
        documents,
        duplicate_clusters: clusters.into_iter().map(|c| c.report).collect(),
        reuse,
        claims,
        claim_clusters,
        outlets,
        graph,
        // Filled in by the caller, who may own the texts.
        texts: Vec::new(),
    }
}

/// The copy relations of `reuse` as the claims see them, by document index.
fn copies<'r>(docs: &[Document], reuse: &'r [Reuse]) -> Vec<provenance::Copy<'r>> {
    let index: rustc_hash::FxHashMap<&str, usize> =
        docs.iter().enumerate().map(|(i, d)| (d.id.as_str(), i)).collect();
    reuse
        .iter()
        .filter_map(|r| {
            Some(provenance::Copy {
                source: *index.get(r.source.as_str())?,
                target: *index.get(r.target.as_str())?,
                whole: r.near_duplicate || r.derivation == align::Derivation::Wholly,
                near_duplicate: r.near_duplicate,
                rank: r.rank,
                passages: &r.passages,
            })
        })
        .collect()
}

/// The provenance graph: outlets, documents and claim clusters, and every
/// relation between them with its evidence.
fn graph(
    docs: &[Document],
    analysed: &[Analysed],
    clusters: &[Cluster],
    reuse: &[Reuse],
    claim_clusters: &[provenance::ClaimCluster],
    outlets: &[Outlet],
    witnesses: &[Witness],
) -> Graph {
    let mut g = Graph::default();
    // Each node's id is made once and shared by its edges.
    let doc_nodes: Vec<NodeId> =
        docs.iter().map(|d| NodeId::from(format!("doc:{}", d.id))).collect();
    let doc_index: rustc_hash::FxHashMap<&str, usize> =
        docs.iter().enumerate().map(|(i, d)| (d.id.as_str(), i)).collect();
    let doc_node = |id: &str| match doc_index.get(id) {
        Some(&i) => doc_nodes[i].clone(),
        None => NodeId::from(format!("doc:{id}")),
    };
    let outlet_nodes: rustc_hash::FxHashMap<&str, NodeId> = outlets
        .iter()
        .map(|o| (o.name.as_str(), NodeId::from(format!("outlet:{}", slug(&o.name)))))
        .collect();
    let outlet_node = |name: &str| match outlet_nodes.get(name) {
        Some(id) => id.clone(),
        None => NodeId::from(format!("outlet:{}", slug(name))),
    };
    for o in outlets {
        g.node(outlet_node(&o.name), "outlet", o.name.clone());
    }
    for ((doc, a), node) in docs.iter().zip(analysed).zip(&doc_nodes) {
        // Copies share a title; the id tells them apart.
        g.node(node.clone(), "document", doc.id.clone());
        if let Some(o) = &a.page.outlet {
            g.edge(
                node.clone(),
                outlet_node(&o.name),
                "published_by",
                format!("{}: {}", o.method, o.evidence.text),
            );
        }
        for c in &a.page.credits {
            g.edge(
                node.clone(),
                outlet_node(&c.outlet),
                "credits",
                format!("{} ({})", c.span.slice(&doc.text), report::json_name(&c.scope)),
            );
        }
    }
    for cluster in clusters {
        if let Some(origin) = cluster.origin {
            for &m in cluster.members.iter().filter(|&&m| m != origin) {
                g.edge(
                    doc_nodes[origin].clone(),
                    doc_nodes[m].clone(),
                    "copies",
                    format!("{}: near-duplicate", cluster.report.id),
                );
            }
        }
    }
    for r in reuse.iter().filter(|r| !r.near_duplicate && r.derivation != align::Derivation::None) {
        g.edge(
            doc_node(&r.target),
            doc_node(&r.source),
            "derives_from",
            format!(
                "{} (coverage {:.2}): {}",
                report::json_name(&r.derivation),
                r.coverage,
                r.direction_reason
            ),
        );
    }
    // Each claim cluster's part of the graph, side by side.
    let parts: Vec<Graph> = claim_clusters
        .par_iter()
        .map(|k| {
            let mut g = Graph::default();
            let node = NodeId::from(format!("claim:{}", k.id));
            g.node(node.clone(), "claim", k.summary.clone());
            for (claim, &(d, c)) in k.claim_ids().zip(&k.members) {
                g.edge(doc_nodes[d].clone(), node.clone(), "asserts", claim.clone());
                for a in witnesses[d].claims[c]
                    .attributions
                    .iter()
                    .filter(|a| a.source_kind == claims::SourceKind::Outlet)
                {
                    g.node(outlet_node(&a.source), "outlet", a.source.clone());
                    g.edge(
                        node.clone(),
                        outlet_node(&a.source),
                        "attributed_to",
                        format!("{claim}: {}", a.cue),
                    );
                }
            }
            if let Some(outlet) = &k.origin.outlet {
                g.node(outlet_node(outlet), "outlet", outlet.clone());
                g.edge(node.clone(), outlet_node(outlet), "originates_at", k.origin.reason.clone());
            }
            g
        })
        .collect();
    g.nodes.reserve(parts.iter().map(|p| p.nodes.len()).sum());
    g.edges.reserve(parts.iter().map(|p| p.edges.len()).sum());
    for part in parts {
        g.nodes.extend(part.nodes);
        g.edges.extend(part.edges);
    }
    g.finish(&Rayon);
    g
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

/// The tokens not covered by the sorted, merged `excluded` spans.
fn outside(tokens: &[Token], excluded: &[Span]) -> Vec<Token> {
    tokens.iter().filter(|t| !span::covered_by(excluded, t.span())).copied().collect()
}

fn content(
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
    let Kept { boilerplate, self_duplication, excluded, tokens } =
        kept(&doc.text, &all, &a.lines, recurring, config);
    let hashes: Vec<u64> = tokens.iter().map(|t| t.hash).collect();
    let sequence = shingle::sequence(&hashes, config.shingle.k);
    let shingles = shingle::set(&sequence);
    let exact = shingle::content_hash(&hashes);
    let mut vocabulary: Vec<u32> = hashes.iter().map(|&h| terms::term(h)).collect();
    vocabulary.sort_unstable();
    vocabulary.dedup();
    let language = language(&doc.text, &all);
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
        fingerprints: fingerprint::winnow(&sequence, config.reuse.window),
        vocabulary,
        signature: permutations.signature(&shingles),
        shingles,
        exact,
    }
}

/// Words so frequent in English and so rare elsewhere that a text with many
/// of them is English; the rest goes to `whatlang`, which scores every
/// language and costs far more.
static ENGLISH_MARKERS: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
    let mut hashes: Vec<u64> =
        normalize::tokens("the of and to that for with said from by was has have are it on")
            .iter()
            .map(|t| t.hash)
            .collect();
    hashes.sort_unstable();
    hashes
});

/// Fewer different words than this are too few to tell a language by.
const MIN_DISTINCT_WORDS: usize = 16;

/// ISO 639-3 code of the text's language, `None` when unsure.
fn language(text: &str, tokens: &[Token]) -> Option<&'static str> {
    // Figures belong to no language: the share is of the words with a
    // letter, so that a table of prices with English between the figures
    // ("1,850 dlrs and at 35 and 45 dlrs under New York") counts as English.
    let (mut words, mut markers) = (0, 0);
    let mut distinct: Vec<u64> = Vec::with_capacity(MIN_DISTINCT_WORDS);
    for t in tokens {
        if t.span().slice(text).chars().next().is_some_and(char::is_alphabetic) {
            words += 1;
            markers += usize::from(ENGLISH_MARKERS.binary_search(&t.hash).is_ok());
            if distinct.len() < MIN_DISTINCT_WORDS && !distinct.contains(&t.hash) {
                distinct.push(t.hash);
            }
        }
    }
    if words >= 20 && markers * 100 >= words * 12 {
        return Some(whatlang::Lang::Eng.code());
    }
    // A table of figures with a dozen labels ("Shr", "Net", "Revs", "vs",
    // "mln") has no language to tell; trigram scores on it are noise.
    if distinct.len() < MIN_DISTINCT_WORDS {
        return None;
    }
    // The opening 800 bytes tell the language as well as the whole text.
    let mut head = text.len().min(800);
    while !text.is_char_boundary(head) {
        head -= 1;
    }
    whatlang::detect(&text[..head]).filter(whatlang::Info::is_reliable).map(|i| i.lang().code())
}

/// Verified near-duplicate pairs `(a, b, jaccard)` with `a < b`, sorted.
fn near_duplicate_edges(content: &[Content], config: &Config) -> Vec<(usize, usize, f64)> {
    let nd = &config.near_duplicate;
    let (bands, rows) = match (nd.bands, nd.rows) {
        (Some(b), Some(r)) => (b, r),
        _ => minhash::bands_for(nd.threshold, nd.permutations),
    };
    let docs: Vec<u32> =
        (0..content.len()).filter(|&i| !content[i].shingles.is_empty()).map(|i| i as u32).collect();
    let keys: Vec<u64> = docs
        .par_iter()
        .flat_map_iter(|&i| minhash::band_keys(&content[i as usize].signature, bands, rows))
        .collect();
    let mut pairs = minhash::candidates(&keys, bands, &docs, &Rayon);
    // Identical content, however short.
    let mut exact: Vec<(u128, u32)> =
        content.iter().enumerate().filter_map(|(i, c)| c.exact.map(|e| (e, i as u32))).collect();
    exact.sort_unstable();
    for group in exact.chunk_by(|x, y| x.0 == y.0) {
        pairs.extend(group[1..].iter().map(|&(_, b)| (group[0].1, b)));
    }
    for pair in &mut pairs {
        *pair = (pair.0.min(pair.1), pair.0.max(pair.1));
    }
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
        .par_iter()
        .filter_map(|&(a, b)| {
            let (a, b) = (a as usize, b as usize);
            let same = content[a].exact.is_some() && content[a].exact == content[b].exact;
            let j = if same {
                1.0
            } else {
                shingle::jaccard(&content[a].shingles, &content[b].shingles)
            };
            (j >= nd.threshold).then_some((a, b, j))
        })
        .collect()
}

/// A duplicate cluster with its members as indices.
struct Cluster {
    members: Vec<usize>,
    origin: Option<usize>,
    /// The member that stands for the cluster: the origin; when it is
    /// unknown, the member with the most content, which the others are most
    /// likely cut from (the first such). Only the origin is reported as one.
    anchor: usize,
    report: DuplicateCluster,
}

fn clusters(
    n: usize,
    edges: &[(usize, usize, f64)],
    docs: &[Document],
    analysed: &[Analysed],
    content: &[Content],
) -> Vec<Cluster> {
    components(n, edges.iter().map(|&(a, b, _)| (a, b)))
        .into_iter()
        .enumerate()
        .map(|(k, members)| {
            let facts: Vec<Facts> =
                members.iter().map(|&m| facts_of(&docs[m].id, &analysed[m].page)).collect();
            let (origin, report) = duplicate_cluster(k, &members, &facts, |a, b| {
                shingle::jaccard(&content[a].shingles, &content[b].shingles)
            });
            // The first of the members with the most content.
            let anchor = origin.unwrap_or_else(|| {
                let most = members.iter().copied().rev().max_by_key(|&m| content[m].shingles.len());
                most.unwrap_or(members[0])
            });
            Cluster { members, origin, anchor, report }
        })
        .collect()
}

/// Days between two ISO dates; `None` unless both are given and valid.
fn days_apart(a: Option<&str>, b: Option<&str>) -> Option<i64> {
    let (a, b): (jiff::civil::Date, jiff::civil::Date) = (a?.parse().ok()?, b?.parse().ok()?);
    Some(i64::from(a.until(b).ok()?.get_days()).abs())
}

fn date_of(a: &Analysed) -> Option<&str> {
    publication_date(&a.page)
}

/// The date a page says it was published, for the rules that choose an
/// origin or a direction. A page stamp (a date with a time of day, often
/// when the page was saved or shown) is not one: a repost stamped today
/// would otherwise come before the story it copies.
pub fn publication_date(page: &page::Page) -> Option<&str> {
    page.published.as_ref().filter(|p| p.method != "page_stamp").and_then(|p| p.date.as_deref())
}

fn outlet_of(a: &Analysed) -> Option<&str> {
    a.page.outlet.as_ref().map(|o| o.name.as_str())
}

fn credits(a: &Analysed, outlet: &str) -> bool {
    a.page.credits.iter().any(|c| c.outlet == outlet)
}

/// What choosing an origin needs to know of a document with this page.
pub fn facts_of<'a>(id: &'a str, page: &'a page::Page) -> Facts<'a> {
    Facts {
        id,
        date: publication_date(page),
        outlet: page.outlet.as_ref().map(|o| o.name.as_str()),
        credits: page.credits.iter().map(|c| c.outlet.as_str()).collect(),
    }
}

/// Which of two documents is the source, why, and whether dates or credits
/// settled it (the other reasons weigh the texts alone).
fn direction(
    a: usize,
    b: usize,
    shared: usize,
    sizes: (usize, usize),
    analysed: &[Analysed],
    echoed: &[u32],
) -> (usize, usize, String, bool) {
    if let (Some(da), Some(db)) = (date_of(&analysed[a]), date_of(&analysed[b]))
        && da != db
    {
        let (s, t, ds, dt) = if da < db { (a, b, da, db) } else { (b, a, db, da) };
        return (s, t, format!("published earlier ({ds} before {dt})"), true);
    }
    let a_credits_b = outlet_of(&analysed[b]).is_some_and(|o| credits(&analysed[a], o));
    let b_credits_a = outlet_of(&analysed[a]).is_some_and(|o| credits(&analysed[b], o));
    if a_credits_b != b_credits_a {
        let (s, t) = if b_credits_a { (a, b) } else { (b, a) };
        let outlet = outlet_of(&analysed[s]).unwrap_or_default();
        return (s, t, format!("the target credits the source's outlet ({outlet})"), true);
    }
    // A source's text recurs in its other copies; a copy's own additions
    // recur nowhere, and what it took recurs no more than the source it
    // took it from. What the two share counts for both alike.
    let (ea, eb) = (echoed.get(a).copied().unwrap_or(0), echoed.get(b).copied().unwrap_or(0));
    if ea.max(eb) >= 4 * ea.min(eb) / 3 + 2 {
        let (s, t, es, et) = if ea > eb { (a, b, ea, eb) } else { (b, a, eb, ea) };
        return (
            s,
            t,
            format!(
                "echo: the source's passages recur {es} times in other documents, the target's {et}"
            ),
            false,
        );
    }
    let a_in_b = shared as f64 / sizes.0.max(1) as f64;
    let b_in_a = shared as f64 / sizes.1.max(1) as f64;
    if (a_in_b - b_in_a).abs() >= 0.1 {
        // The copy is the side mostly made of the other.
        let (s, t, t_in_s, s_in_t) =
            if a_in_b > b_in_a { (b, a, a_in_b, b_in_a) } else { (a, b, b_in_a, a_in_b) };
        return (
            s,
            t,
            format!(
                "containment: {:.0}% of the target lies in the source, {:.0}% of the source in the target",
                t_in_s * 100.0,
                s_in_t * 100.0
            ),
            false,
        );
    }
    let dates = match (date_of(&analysed[a]), date_of(&analysed[b])) {
        (Some(_), Some(_)) => "both dated the same day",
        (Some(_), None) | (None, Some(_)) => "only one is dated",
        (None, None) => "neither is dated",
    };
    (
        a.min(b),
        a.max(b),
        format!("unknown: {dates}, neither credits the other, and containment is symmetric"),
        false,
    )
}

/// A verified pair before alignment.
struct Pair {
    source: usize,
    target: usize,
    /// Shingles the two share.
    shared: usize,
    near_duplicate: bool,
    /// Found by the rewrite channel only: reported only when alignment
    /// finds the target derives something from the source.
    rewrite: bool,
    direction: String,
    /// The share of the target's information the source holds, and of the
    /// source's the target holds ([`terms::Rarity::share`]); `None` without
    /// a corpus to weigh words by.
    term_coverage: Option<(f64, f64)>,
    /// What the dates and credits of the two say.
    order: Order,
}

/// Verifies a candidate pair on exact shingle sets and orders it; `None`
/// when it shares too little (unless `force`).
fn verify(
    (a, b): (usize, usize),
    force: bool,
    (analysed, shingles, echoed): (&[Analysed], &[Vec<u64>], &[u32]),
    config: &Config,
) -> Option<Pair> {
    let (sa, sb) = (&shingles[a], &shingles[b]);
    let shared = shingle::intersection(sa, sb);
    let smaller = sa.len().min(sb.len()).max(1);
    let enough = shared >= config.reuse.min_shared_shingles.min(smaller)
        && shared as f64 / smaller as f64 >= config.reuse.min_containment;
    if !force && !enough {
        return None;
    }
    let (source, target, direction, settled) =
        direction(a, b, shared, (sa.len(), sb.len()), analysed, echoed);
    Some(Pair {
        source,
        target,
        shared,
        near_duplicate: false,
        rewrite: !enough,
        direction,
        term_coverage: None,
        order: Order { within: true, settled },
    })
}

/// Measures and aligns a verified pair.
fn measure(
    pair: Pair,
    docs: &[Document],
    content: &[Content],
    shingles: &[Vec<u64>],
    config: &Config,
) -> Reuse {
    let Pair { source, target, shared, near_duplicate, direction, term_coverage, order, .. } = pair;
    let (s, t) = (&shingles[source], &shingles[target]);
    let union = s.len() + t.len() - shared;
    let tokens = |i: usize| outside(&normalize::tokens(&docs[i].text), &content[i].excluded);
    let (source_tokens, target_tokens) = (tokens(source), tokens(target));
    let side =
        |i: usize, tokens| Side { text: &docs[i].text, tokens, sentences: &content[i].sentences };
    let term_coverage = term_coverage.map(|(held, _)| held);
    // Outside the window the words still show, and derive nothing.
    let counted = term_coverage.map(|t| if order.within { t } else { 0.0 });
    let alignment = align::align(
        &side(source, &source_tokens),
        &side(target, &target_tokens),
        counted,
        config.shingle.k,
        &config.align,
    );
    Reuse {
        source: docs[source].id.clone(),
        target: docs[target].id.clone(),
        jaccard: round4(shared as f64 / union.max(1) as f64),
        containment: Containment {
            source_in_target: round4(shared as f64 / s.len().max(1) as f64),
            target_in_source: round4(shared as f64 / t.len().max(1) as f64),
        },
        shared_shingles: shared,
        coverage: round4(alignment.coverage),
        verbatim_coverage: round4(alignment.verbatim_coverage),
        term_coverage: term_coverage.map(round4),
        derivation: alignment.derivation,
        direction_reason: direction,
        near_duplicate,
        source_cluster: None,
        rank: 1,
        passages: alignment
            .passages
            .into_iter()
            .map(|mut p| {
                p.similarity = round4(p.similarity);
                p
            })
            .collect(),
    }
}

/// Per-document lists taken out of the content for the reuse stage, each
/// dropped once it is no longer needed.
struct Gathered {
    shingles: Vec<Vec<u64>>,
    fingerprints: Vec<Vec<u64>>,
    vocabularies: Vec<Vec<u32>>,
}

/// At most this many members of a source's duplicate cluster are tried for
/// the one that covers a target best.
const MEMBERS_TRIED: usize = 64;

/// Reuse pairs: between cluster representatives, found by shared
/// fingerprints (verbatim passages) or shared rare words (rewrites), with
/// the source moved to the member of its duplicate cluster that shares most
/// with the target; and between each cluster's anchor and its members. Each
/// target's sources are ranked by coverage; a lower-ranked one is kept only
/// when most of what it covers is not covered by a better one (a story built
/// from several versions lists each; a sibling copied from the same source
/// is not a source).
fn reuse(
    docs: &[Document],
    analysed: &[Analysed],
    content: &[Content],
    gathered: Gathered,
    clusters: &[Cluster],
    config: &Config,
    progress: &dyn Progress,
) -> Vec<Reuse> {
    let stage = Stage::begin(progress, "reuse candidates", "pairs", 0);
    let Gathered { shingles, mut fingerprints, vocabularies } = gathered;
    let mut cluster_of: Vec<Option<usize>> = vec![None; docs.len()];
    for (k, cluster) in clusters.iter().enumerate() {
        for &m in &cluster.members {
            cluster_of[m] = Some(k);
        }
    }
    let representatives: Vec<usize> = (0..docs.len())
        .filter(|&i| {
            cluster_of[i].is_none_or(|k| clusters[k].anchor == i) && !shingles[i].is_empty()
        })
        .collect();
    let max_df = match config.reuse.max_document_frequency {
        // A phrase in 1% of a large corpus is a stock phrase; past a
        // thousand documents its pairs would grow as the square of the
        // corpus.
        0 => (docs.len() / 100).clamp(50, 1000),
        n => n,
    };
    let fingerprint::Found { pairs: verbatim, echoed: echoed_representatives } =
        fingerprint::candidate_pairs(
            representatives.iter().map(|&i| std::mem::take(&mut fingerprints[i])).collect(),
            max_df,
            2,
        );
    drop(fingerprints);
    // A cluster's members are echoed as its anchor is.
    let mut echoed = vec![0; docs.len()];
    for (&i, &e) in representatives.iter().zip(&echoed_representatives) {
        echoed[i] = e;
    }
    for cluster in clusters {
        for &m in &cluster.members {
            echoed[m] = echoed[cluster.anchor];
        }
    }
    let facts = (analysed, shingles.as_slice(), echoed.as_slice());
    let limits = terms::Limits {
        max_document_frequency: max_df,
        terms_per_document: config.reuse.rewrite_terms,
        candidates_per_document: config.reuse.rewrite_candidates,
        min_shared_terms: config.reuse.rewrite_min_shared_terms,
        min_share: config.reuse.rewrite_min_share,
    };
    let words: Vec<&[u32]> = representatives.iter().map(|&i| vocabularies[i].as_slice()).collect();
    let rarity = terms::Rarity::new(&words);
    let rewrite = if limits.candidates_per_document == 0 {
        Vec::new()
    } else {
        let rare = terms::rare_terms(&words, &rarity, &limits, &Rayon);
        terms::candidate_pairs(&rare, &limits, &Rayon)
    };
    drop(words);
    let mut candidates: Vec<(u32, u32, bool)> = verbatim
        .into_iter()
        .map(|(a, b, _)| (a, b, false))
        .chain(rewrite.into_iter().map(|(a, b)| (a, b, true)))
        .collect();
    candidates.par_sort_unstable();
    candidates.dedup_by(|later, kept| {
        let same = (later.0, later.1) == (kept.0, kept.1);
        kept.2 |= same && later.2;
        same
    });
    stage.resize(candidates.len() as u64);
    let mut pairs: Vec<Pair> = candidates
        .par_iter()
        .filter_map(|&(x, y, rewrite)| {
            let (a, b) = (representatives[x as usize], representatives[y as usize]);
            stage.advance(1);
            let pair = verify((a, b), rewrite, facts, config)?;
            Some(best_member(pair, &cluster_of, clusters, facts, config))
        })
        .collect();
    stage.end();
    for (k, cluster) in clusters.iter().enumerate() {
        let anchor = cluster.anchor;
        for &m in cluster.members.iter().filter(|&&m| m != anchor) {
            let Some(mut pair) = verify((anchor, m), true, facts, config) else {
                continue;
            };
            pair.near_duplicate = true;
            pair.rewrite = false;
            if let Some(origin) = cluster.origin {
                if pair.source != origin {
                    (pair.source, pair.target) = (pair.target, pair.source);
                }
                pair.direction = format!(
                    "origin of {}: {}",
                    clusters[k].report.id, cluster.report.origin_reason
                );
            }
            pairs.push(pair);
        }
    }
    pairs.sort_by_key(|p| (p.source, p.target));
    pairs.dedup_by_key(|p| (p.source, p.target));
    // A text that many others share material with is their common source
    // more often than one of its copies is: with nothing else to go on, the
    // side with more partners is the source.
    let mut partners = vec![0usize; docs.len()];
    for p in &pairs {
        partners[p.source] += 1;
        partners[p.target] += 1;
    }
    for p in &mut pairs {
        let (s, t) = (partners[p.source], partners[p.target]);
        if p.direction.starts_with("unknown") && s != t {
            if t > s {
                (p.source, p.target) = (p.target, p.source);
            }
            p.direction = format!(
                "the source shares material with more documents ({} against {})",
                s.max(t),
                s.min(t)
            );
        }
    }
    // What each side's words tell that the other holds, both ways: the
    // direction may still turn on coverage.
    let window = i64::from(config.reuse.rewrite_window_days);
    pairs.par_iter_mut().for_each(|p| {
        let (s, t) = (&vocabularies[p.source], &vocabularies[p.target]);
        p.term_coverage = Some((rarity.share(s, t), rarity.share(t, s)));
        p.order.within = window == 0
            || days_apart(date_of(&analysed[p.source]), date_of(&analysed[p.target]))
                .is_none_or(|days| days <= window);
    });
    drop(rarity);
    let partially_terms = config.align.partially_terms;
    // A rewrite candidate that cannot reach `partially` either way is not
    // aligned. Each target's sentences are summarised once for all its
    // candidate sources.
    let mut checks: Vec<(usize, usize, usize)> = Vec::new();
    let mut keep = vec![false; pairs.len()];
    for (i, p) in pairs.iter().enumerate() {
        let unknown = p.direction.starts_with("unknown");
        let (held, holds) = p.term_coverage.unwrap_or_default();
        if p.order.within && (held >= partially_terms || (unknown && holds >= partially_terms)) {
            keep[i] = true;
        } else if p.rewrite {
            checks.push((p.target, p.source, i));
            if unknown {
                checks.push((p.source, p.target, i));
            }
        }
    }
    checks.par_sort_unstable();
    let passed: Vec<usize> = checks
        .par_chunk_by(|a, b| a.0 == b.0)
        .flat_map_iter(|group| {
            let t = group[0].0;
            let summary = align::TargetSummary::new(&docs[t].text, &content[t].sentences);
            let k = config.shingle.k;
            group
                .iter()
                .filter(|&&(_, s, i)| {
                    summary.could_derive(&vocabularies[s], (pairs[i].shared, k), &config.align)
                })
                .map(|&(_, _, i)| i)
                .collect::<Vec<usize>>()
        })
        .collect();
    for i in passed {
        keep[i] = true;
    }
    let pairs: Vec<Pair> = pairs
        .into_iter()
        .zip(keep)
        .filter(|(p, keep)| !p.rewrite || *keep)
        .map(|(p, _)| p)
        .collect();
    drop(vocabularies);
    let stage = Stage::begin(progress, "aligning", "pairs", pairs.len() as u64);
    let measured: Vec<(bool, Order, Reuse)> = pairs
        .into_par_iter()
        .map(|pair| {
            stage.advance(1);
            let rewrite = pair.rewrite;
            let order = pair.order;
            let near_duplicate = pair.near_duplicate;
            let cluster_of_source = |source: usize| {
                cluster_of[source]
                    .filter(|&k| clusters[k].members.len() > 1 && !near_duplicate)
                    .map(|k| clusters[k].report.id.clone())
            };
            let mut cluster = cluster_of_source(pair.source);
            let unknown = pair.direction.starts_with("unknown");
            let swapped = unknown.then(|| Pair {
                source: pair.target,
                target: pair.source,
                direction: String::new(),
                term_coverage: pair.term_coverage.map(|(held, holds)| (holds, held)),
                ..pair
            });
            let mut reuse = measure(pair, docs, content, &shingles, config);
            if let Some(swapped) = swapped {
                // Neither date, credit, echo nor shared shingles tell: the
                // target is the side the other builds more of.
                let source = swapped.source;
                let other = measure(swapped, docs, content, &shingles, config);
                if other.coverage > reuse.coverage {
                    let worse = reuse.coverage;
                    reuse = other;
                    reuse.direction_reason = format!(
                        "coverage: {:.0}% of the target is built from the source, {:.0}% the other way",
                        reuse.coverage * 100.0,
                        worse * 100.0
                    );
                    cluster = cluster_of_source(source);
                }
            }
            reuse.source_cluster = cluster;
            (rewrite, order, reuse)
        })
        .filter(|(rewrite, _, r)| !rewrite || r.derivation != align::Derivation::None)
        .collect();
    stage.end();
    // Freed here rather than held to the end of the run.
    drop(shingles);
    // A document stands for its duplicate cluster when sources are ranked.
    let text_of: rustc_hash::FxHashMap<&str, &str> = clusters
        .iter()
        .flat_map(|c| c.members.iter().map(|&m| (docs[m].id.as_str(), docs[c.anchor].id.as_str())))
        .collect();
    let (order, measured): (Vec<Order>, Vec<Reuse>) =
        measured.into_iter().map(|(_, order, r)| (order, r)).unzip();
    rank(measured, &order, config.align.partially, &text_of)
}

/// Moves a pair's source to the member of its duplicate cluster that
/// shares most shingles with the target (the anchor on a tie), among those
/// that the direction rules still make the source.
fn best_member(
    pair: Pair,
    cluster_of: &[Option<usize>],
    clusters: &[Cluster],
    facts: (&[Analysed], &[Vec<u64>], &[u32]),
    config: &Config,
) -> Pair {
    let shingles = facts.1;
    let Some(k) = cluster_of[pair.source] else { return pair };
    let target = pair.target;
    let mut best = pair;
    for &m in clusters[k].members.iter().take(MEMBERS_TRIED) {
        if m == best.source {
            continue;
        }
        let shared = shingle::intersection(&shingles[m], &shingles[target]);
        if shared <= best.shared {
            continue;
        }
        if let Some(other) = verify((m, target), true, facts, config)
            && other.source == m
        {
            best = Pair { rewrite: best.rewrite && other.rewrite, ..other };
        }
    }
    best
}

/// What the dates and credits of a pair say.
#[derive(Clone, Copy)]
struct Order {
    /// Term coverage may derive the target: the two are published within
    /// `reuse.rewrite_window_days` of each other, or not both dated.
    within: bool,
    /// The direction was settled by dates or credits.
    settled: bool,
}

/// Ranks each target's sources and keeps a lower-ranked source only when
/// at least half of the target text it covers is not covered by the sources
/// ranked above it. Sources rank by coverage, less `partially` for a source
/// that itself derives from another of the target's sources: a sibling that
/// copied the same original ranks above the original only when it covers
/// clearly more, by at least the least share that counts as derivation.
/// Ties go to verbatim coverage, then source id. Near-duplicate pairs are
/// always kept, and so is one other version of the target's best source,
/// published within the rewrite window of the target (`order`): the first
/// text the best source derives from, or else, of the texts wholly derived
/// from it in an order the texts alone gave (no date or credit settled
/// it), the one it covers most: which of the two is the original only
/// dates could tell. A document and its duplicates are one text here:
/// `text_of` maps each cluster member to its cluster's anchor. The result
/// is sorted by source and target.
fn rank(
    reuse: Vec<Reuse>,
    order: &[Order],
    partially: f64,
    text_of: &rustc_hash::FxHashMap<&str, &str>,
) -> Vec<Reuse> {
    use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};
    use std::hash::BuildHasher;
    // A text by the hash of its anchor's id: no string copied per pair (a
    // collision would cost a ranking penalty at most).
    let text = |id: &str| -> u64 { FxBuildHasher.hash_one(text_of.get(id).copied().unwrap_or(id)) };
    let derived: FxHashSet<(u64, u64)> = reuse
        .iter()
        .filter(|r| r.derivation != align::Derivation::None)
        .map(|r| (text(&r.source), text(&r.target)))
        .collect();
    // Wholly derived pairs that only the texts ordered, with the coverage.
    let unordered: FxHashMap<(u64, u64), f32> = reuse
        .iter()
        .zip(order)
        .filter(|(r, o)| r.derivation == align::Derivation::Wholly && !o.settled)
        .map(|(r, _)| ((text(&r.source), text(&r.target)), r.coverage as f32))
        .collect();
    let mut sources_of: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
    for r in &reuse {
        sources_of.entry(&r.target).or_default().push(&r.source);
    }
    let score: Vec<f64> = reuse
        .iter()
        .map(|r| {
            let source = text(&r.source);
            let copied = sources_of[r.target.as_str()].iter().any(|&other| {
                let other = text(other);
                other != source && derived.contains(&(other, source))
            });
            r.coverage - if copied { partially } else { 0.0 }
        })
        .collect();
    let mut ranked: Vec<usize> = (0..reuse.len()).collect();
    ranked.sort_by(|&a, &b| {
        let (ra, rb) = (&reuse[a], &reuse[b]);
        ra.target
            .cmp(&rb.target)
            .then(score[b].total_cmp(&score[a]))
            .then(rb.verbatim_coverage.total_cmp(&ra.verbatim_coverage))
            .then(ra.source.cmp(&rb.source))
    });
    drop((sources_of, score));
    // Another version of the best source: the first ranked that the best
    // source derives from; else, of those wholly derived from it in an
    // order the texts alone gave, the one it covers most.
    let mut version = vec![false; reuse.len()];
    for group in ranked.chunk_by(|&a, &b| reuse[a].target == reuse[b].target) {
        let best = text(&reuse[group[0]].source);
        let candidates = || {
            group[1..]
                .iter()
                .copied()
                .filter(|&i| order[i].within && reuse[i].derivation != align::Derivation::None)
        };
        let upstream = candidates().find(|&i| derived.contains(&(text(&reuse[i].source), best)));
        let found = upstream.or_else(|| {
            candidates()
                .filter_map(|i| {
                    unordered.get(&(best, text(&reuse[i].source))).map(|&coverage| (i, coverage))
                })
                .reduce(|a, b| if b.1 > a.1 { b } else { a })
                .map(|(i, _)| i)
        });
        if let Some(i) = found {
            version[i] = true;
        }
    }
    drop((derived, unordered));
    // Each pair's rank, 0 for a pair left out; the pairs are kept in place.
    let mut ranks = vec![0usize; reuse.len()];
    let mut covered: Vec<Span> = Vec::new();
    let mut rank = 0;
    let mut previous: Option<&str> = None;
    for i in ranked {
        let r = &reuse[i];
        if previous != Some(r.target.as_str()) {
            covered.clear();
            rank = 0;
            previous = Some(r.target.as_str());
        }
        let spans = span::merge(r.passages.iter().map(|p| p.target_span).collect());
        let total: usize = spans.iter().map(|s| s.end - s.start).sum();
        let new: usize = spans.iter().map(|&s| s.end - s.start - overlap(&covered, s)).sum();
        // The story names both the copy it is closest to and where that
        // copy came from, or, when only the texts ordered the two, the
        // other candidate for the original.
        if rank > 0 && !r.near_duplicate && new * 2 < total && !version[i] {
            continue;
        }
        rank += 1;
        ranks[i] = rank;
        covered = span::merge(covered.iter().copied().chain(spans).collect());
    }
    let mut kept = reuse;
    let mut ranks = ranks.into_iter();
    kept.retain_mut(|r| {
        r.rank = ranks.next().unwrap_or(0);
        r.rank > 0
    });
    kept.sort_by(|a, b| a.source.cmp(&b.source).then(a.target.cmp(&b.target)));
    kept
}

/// Bytes of `span` inside the sorted, merged `spans`.
fn overlap(spans: &[Span], span: Span) -> usize {
    spans.iter().map(|s| s.end.min(span.end).saturating_sub(s.start.max(span.start))).sum()
}

/// Compares two documents as `analyze` compares a pair, whatever they share.
///
///
/// # Panics
/// When the corpus does not hold exactly two documents; `cli` checks that.
/// With `as_given`, the first document is the source; otherwise the
/// direction is inferred as in `analyze`.
pub fn compare(corpus: &Corpus, config: &Config, as_given: bool) -> Comparison {
    let docs = &corpus.documents;
    assert_eq!(docs.len(), 2, "compare takes two documents");
    let gazetteer = Gazetteer::new(&config.outlets);
    let (analysed, mut content) = prepare(docs, config, (&gazetteer, &Tagger::Crf), &Silent);
    let shingles: Vec<Vec<u64>> =
        content.iter_mut().map(|c| std::mem::take(&mut c.shingles)).collect();
    let mut pair = verify((0, 1), true, (&analysed, &shingles, &[]), config)
        .unwrap_or_else(|| unreachable!("forced"));
    let jaccard = shingle::jaccard(&shingles[0], &shingles[1]);
    pair.near_duplicate = jaccard >= config.near_duplicate.threshold;
    if as_given {
        pair.source = 0;
        pair.target = 1;
        pair.direction = "as given: the first text is the source".to_string();
    }
    let reuse = measure(pair, docs, &content, &shingles, config);
    let documents = docs
        .iter()
        .zip(analysed)
        .zip(content)
        .map(|((doc, a), c)| document_report(doc, a, c))
        .collect();
    Comparison {
        schema_version: SCHEMA_VERSION,
        tool: Tool::default(),
        config: config.clone(),
        skipped: corpus.skipped.clone(),
        documents,
        reuse,
        texts: docs.iter().map(|d| d.text.clone()).collect(),
    }
}

fn outlets(docs: &[Document], analysed: &[Analysed], gazetteer: &Gazetteer) -> Vec<Outlet> {
    fn entry<'a>(
        by_name: &'a mut std::collections::BTreeMap<String, Outlet>,
        gazetteer: &Gazetteer,
        name: &str,
        id: Option<usize>,
    ) -> &'a mut Outlet {
        by_name.entry(name.to_string()).or_insert_with(|| Outlet {
            id: slug(name),
            name: name.to_string(),
            aliases: id.map(|id| gazetteer.aliases(id).to_vec()).unwrap_or_default(),
            documents: Vec::new(),
            credited_by: Vec::new(),
        })
    }
    let mut by_name: std::collections::BTreeMap<String, Outlet> = std::collections::BTreeMap::new();
    for (doc, a) in docs.iter().zip(analysed) {
        if let Some(o) = &a.page.outlet {
            entry(&mut by_name, gazetteer, &o.name, o.id).documents.push(doc.id.clone());
        }
        for credit in &a.page.credits {
            let outlet = entry(&mut by_name, gazetteer, &credit.outlet, credit.id);
            if outlet.credited_by.last() != Some(&doc.id) {
                outlet.credited_by.push(doc.id.clone());
            }
        }
    }
    let mut outlets: Vec<Outlet> = by_name.into_values().collect();
    outlets.sort_by(|a, b| a.id.cmp(&b.id));
    outlets
}

/// "The New York Times" → "the-new-york-times".
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn document_report(doc: &Document, a: Analysed, c: Content) -> DocumentReport {
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
        encoding: doc.encoding,
        bytes: doc.bytes,
        words: c.words,
        sha256: format!("{:x}", Sha256::digest(doc.text.as_bytes())),
        credits: page.credits,
        photo_credits: page.photo_credits,
        boilerplate: c.boilerplate.into_iter().map(|span| BoilerplateSpan { span }).collect(),
        self_duplication: c.self_duplication,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A story, a shorter version of it, and a text built from the part the
    /// two share: the text names both versions when only the texts ordered
    /// them, and the earlier alone when dates do.
    #[test]
    fn a_target_names_the_other_version_of_its_source_when_undated() {
        let sentences = [
            "The harbour authority closed the northern pier on Tuesday after inspectors found cracks in three of its concrete pillars.",
            "Ferry services to the islands were moved to the southern terminal until further notice, the authority said in a statement.",
            "Engineers from the regional transport agency began a survey of the structure within hours of the closure.",
            "The pier, built in 1962, carries about 4,000 passengers a day during the summer season.",
            "Local traders said the closure would cost the waterfront cafes and shops much of their trade in the coming weeks.",
            "A spokeswoman for the authority declined to say how long repairs would take or what they would cost.",
            "The last major repair of the pier, in 2009, kept it closed for eleven months and cost more than six million euros.",
            "Opposition councillors have called for an independent review of how the port's structures are maintained.",
            "The mayor is expected to visit the site on Thursday with the regional minister for infrastructure.",
            "Passengers were advised to check the ferry operator's website before travelling this week.",
        ];
        let own = "Our correspondent watched as barriers went up along the promenade on Tuesday evening. \
                   Fishermen who moor beside the pier said they had warned of the damage for years.";
        let full = sentences.join(" ");
        let excerpt = sentences[..6].join(" ");
        let built = format!("{} {own}", sentences[..4].join(" "));
        let sources_of_built = |dates: [Option<&str>; 3]| {
            let mut corpus = Corpus::from_texts(&[full.as_str(), excerpt.as_str(), built.as_str()]);
            for (d, date) in corpus.documents.iter_mut().zip(dates) {
                d.metadata.published = date.map(str::to_string);
            }
            let report = analyze(&corpus, &Config::default());
            let mut sources: Vec<(usize, String)> = report
                .reuse
                .iter()
                .filter(|r| r.target == "doc-3")
                .map(|r| (r.rank, r.source.clone()))
                .collect();
            sources.sort();
            sources.into_iter().map(|(_, s)| s).collect::<Vec<String>>()
        };
        assert_eq!(sources_of_built([None, None, None]), ["doc-1", "doc-2"]);
        let dated = [Some("2024-05-07"), Some("2024-05-08"), Some("2024-05-08")];
        assert_eq!(sources_of_built(dated), ["doc-1"]);
    }

    #[test]
    fn a_caption_carries_no_claims() {
        let story = "Police said on Monday that 300 homes were flooded in the valley.";
        let caption = "Rescuers carry 40 sandbags to the bridge, officials said. Photo: Jane Roe/AFP/Getty Images";
        let corpus = Corpus::from_texts(&[format!("{story}\n{caption}\n")]);
        let report = analyze(&corpus, &Config::default());
        assert_eq!(report.documents[0].photo_credits.len(), 1, "the caption's credit is found");
        let claims: Vec<&str> = report.claims.iter().map(|c| report.claim_text(c)).collect();
        assert_eq!(claims, [story], "only the story's sentence is a claim");
    }

    #[test]
    fn languages() {
        let cases = [
            (
                "The mayor said on Monday that the bridge would close for repairs, and that it was unsafe for traffic from the north.",
                Some("eng"),
            ),
            (
                "Los ingenieros que inspeccionaban la presa del lago encontraron el domingo tres nuevas grietas en su aliviadero norte, y las autoridades ordenaron a los habitantes del valle que abandonen sus casas.",
                Some("spa"),
            ),
            (
                "Les ingénieurs ont découvert dimanche trois nouvelles fissures dans le barrage, et les autorités ont ordonné aux habitants de la vallée de quitter leurs maisons avant mardi soir.",
                Some("fra"),
            ),
            // A table of results: figures and a few labels, no language.
            (
                "Shr loss 12 cts vs profit 40 cts\n    Net loss 1.2 mln vs profit 3.9 mln\n    Revs 80.5 mln vs 91.0 mln\n    Year\n    Shr profit 1.10 dlrs vs 2.05 dlrs\n    Net profit 10.4 mln vs 19.8 mln\n    Revs 330.1 mln vs 352.7 mln",
                None,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(language(text, &normalize::tokens(text)), want, "{text}");
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("The New York Times"), "the-new-york-times");
        assert_eq!(slug("Radio Free Europe/Radio Liberty"), "radio-free-europe-radio-liberty");
        assert_eq!(slug("El País"), "el-país");
    }
}
