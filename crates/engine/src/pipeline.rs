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

use provtrace_attribution::gazetteer::Gazetteer;
use provtrace_attribution::page;
use provtrace_common::config::Config;
use provtrace_common::error::{Error, Result};
use provtrace_ingest::ingest::{Corpus, Document};
use provtrace_provenance::{self as provenance, Witness};
use provtrace_similarity::align;
use provtrace_similarity::boilerplate::{self, Line};
use provtrace_similarity::minhash::MinHasher;

use crate::Rayon;
pub(crate) use crate::wide::Wide;
use provtrace_attribution::tagger::Tagger;
use provtrace_report::{
    ClaimReport, Comparison, DocumentReport, Report, Reuse, SCHEMA_VERSION, Summary, Tool,
};
use provtrace_similarity::shingle;

pub use crate::document::facts_of;
use crate::document::{Analysed, Content, Pages, content, date_of, document_report, outlet_of};
use crate::near::{clusters, near_duplicate_edges};
use crate::reuse::{Gathered, measure, reuse};
pub use provtrace_common::progress::{Progress, Silent, Stage};
use provtrace_similarity::reuse::{By, Direction, Known, pair::verify};

/// Runs [`analyze`] on `threads` threads, telling `progress` how far it
/// got. The report keeps the corpus's texts rather than copies of them.
pub fn analyze_with_progress(
    corpus: Corpus,
    config: &Config,
    tagger: &Tagger,
    threads: Option<usize>,
    progress: &dyn Progress,
) -> Result<Report> {
    let mut report = in_pool(threads, || run(&corpus, config, tagger, progress, None))?;
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

/// The per-document stages, and boilerplate across documents.
fn prepare(
    docs: &[Document],
    config: &Config,
    (gazetteer, tagger): (&Gazetteer, &Tagger),
    progress: &dyn Progress,
    wide: Option<&Wide>,
) -> (Vec<Analysed>, Vec<Content>) {
    let stage = Stage::begin(progress, "pages", "documents", docs.len() as u64);
    let mut analysed: Vec<Analysed> = docs
        .par_iter()
        .map(|doc| {
            let lines = boilerplate::lines(&doc.text);
            let page = page::parse(&doc.text, &doc.metadata, &lines, gazetteer);
            stage.advance(1);
            Analysed { page, lines }
        })
        .collect();
    let urls: Vec<Option<&str>> = docs.iter().map(|d| d.metadata.url.as_deref()).collect();
    let mut pages: Vec<&mut page::Page> = analysed.iter_mut().map(|a| &mut a.page).collect();
    page::name_declared_hosts(&mut pages, &urls);
    stage.end();
    let all_lines: Vec<&[Line]> = analysed.iter().map(|a| a.lines.as_slice()).collect();
    let found;
    let recurring = if let Some(wide) = wide {
        &wide.recurring
    } else {
        found = boilerplate::recurring(&all_lines, &config.boilerplate, &Rayon);
        &found
    };
    let permutations = MinHasher::new(config.near_duplicate.permutations);
    let stage = Stage::begin(progress, "content and claims", "documents", docs.len() as u64);
    let content: Vec<Content> = docs
        .par_iter()
        .zip(&analysed)
        .map(|(doc, a)| {
            let c = content(doc, a, recurring, &permutations, config, (gazetteer, tagger));
            stage.advance(1);
            c
        })
        .collect();
    stage.end();
    (analysed, content)
}

/// Analyses a corpus into a report, with the default attribution tagger
/// (the built-in convolutional network, as `provtrace analyze` uses).
pub fn analyze(corpus: &Corpus, config: &Config) -> Report {
    analyze_with(corpus, config, &Tagger::default())
}

/// Analyses a corpus into a report, tagging attributions with `tagger`.
pub fn analyze_with(corpus: &Corpus, config: &Config, tagger: &Tagger) -> Report {
    let mut report = run(corpus, config, tagger, &Silent, None);
    report.texts = corpus.documents.iter().map(|d| d.text.clone()).collect();
    report
}

pub(crate) fn run(
    corpus: &Corpus,
    config: &Config,
    tagger: &Tagger,
    progress: &dyn Progress,
    wide: Option<&Wide>,
) -> Report {
    let docs = &corpus.documents;
    let gazetteer = Gazetteer::new(&config.outlets);
    let (analysed, mut content) = prepare(docs, config, (&gazetteer, tagger), progress, wide);

    let stage = Stage::begin(progress, "near-duplicates", "", 1);
    let edges = near_duplicate_edges(&content, config);
    for c in &mut content {
        c.signature = Vec::new();
    }
    let clusters = clusters(docs.len(), &edges, docs, &analysed, &content);
    stage.end();
    let stage = Stage::begin(progress, "outlets", "", 1);
    let pages = docs.iter().zip(&analysed).map(|(d, a)| (d.id.as_str(), &a.page));
    let outlets = provenance::outlets(pages, &gazetteer);
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
            reuse(docs, &analysed, &content, gathered, &clusters, (config, wide), progress)
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
    let published_by = |d: usize| analysed[d].page.outlet.as_ref();
    let found = provenance::Found {
        witnesses: &witnesses,
        published_by: &published_by,
        clusters: &clusters,
        reuse: &reuse,
        claim_clusters: &claim_clusters,
        outlets: &outlets,
    };
    let graph = provenance::Graph::build(&found, &Rayon);
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
        archived: 0,
    };
    Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool { attribution_model: Some(tagger.name().to_string()), ..Tool::default() },
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
    let (analysed, mut content) = prepare(docs, config, (&gazetteer, &Tagger::Crf), &Silent, None);
    let shingles: Vec<Vec<u64>> =
        content.iter_mut().map(|c| std::mem::take(&mut c.shingles)).collect();
    let known = Known { facts: &Pages(&analysed), shingles: &shingles, echoed: &[] };
    let mut pair = verify((0, 1), true, known, config).unwrap_or_else(|| unreachable!("forced"));
    let jaccard = shingle::jaccard(&shingles[0], &shingles[1]);
    pair.near_duplicate = jaccard >= config.near_duplicate.threshold;
    if as_given {
        pair.source = 0;
        pair.target = 1;
        let reason = "as given: the first text is the source".to_string();
        pair.direction = Direction::new(By::Given, reason);
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
}
