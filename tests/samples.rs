//! The sample corpus against the results written down in samples/expected.toml.

mod common;

use std::collections::BTreeSet;

use provtrace::Report;
use provtrace::align::PassageKind;
use serde::Deserialize;

#[derive(Deserialize)]
struct Expected {
    document: Vec<ExpectedDocument>,
    cluster: Vec<ExpectedCluster>,
    reuse: Vec<ExpectedReuse>,
    claim_cluster: Vec<ExpectedClaimCluster>,
}

#[derive(Deserialize)]
struct ExpectedClaimCluster {
    summary: String,
    docs: Vec<String>,
    origin: String,
    origin_doc: String,
    /// The taggers that find the claim (its attribution is what makes the
    /// sentence a statement), where not all do: `conv`, `crf`, `contextual`.
    #[serde(default)]
    taggers: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct ExpectedDocument {
    id: String,
    outlet: Option<String>,
    published: Option<String>,
    encoding: String,
    language: String,
    credits: Vec<String>,
    copies: usize,
}

#[derive(Deserialize)]
struct ExpectedCluster {
    members: Vec<String>,
    origin: String,
    reason: String,
}

#[derive(Deserialize)]
struct ExpectedReuse {
    source: String,
    target: String,
    near_duplicate: bool,
    reason: String,
    derivation: String,
}

fn expected() -> Expected {
    let text = std::fs::read_to_string(common::manifest_dir().join("samples/expected.toml"))
        .expect("expected.toml");
    toml::from_str(&text).expect("expected.toml parses")
}

/// The samples analysed as `analyze` analyses them by default, with the
/// built-in convolutional tagger.
fn report() -> (Report, provtrace::Corpus) {
    let (report, corpus, _) = report_and_tagger();
    (report, corpus)
}

/// The samples' report, their corpus, and the short name of the tagger
/// that ran (the default's).
fn report_and_tagger() -> (Report, provtrace::Corpus, &'static str) {
    let dir = common::manifest_dir().join("samples");
    let config = common::samples_config();
    let read = provtrace::ingest::read(&[provtrace::Input::Path(dir.clone())], &config.ingest);
    let tagger = provtrace::tagger::Tagger::default();
    let name = match tagger {
        provtrace::tagger::Tagger::Convolutional => "conv",
        provtrace::tagger::Tagger::Crf => "crf",
        provtrace::tagger::Tagger::Model(_) => "contextual",
    };
    (provtrace::pipeline::analyze_with(&read, &config, &tagger), read, name)
}

#[test]
fn every_document_is_read_and_described() {
    let (report, _) = report();
    let expected = expected();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    let ids: Vec<&str> = report.documents.iter().map(|d| d.id.as_str()).collect();
    let want: Vec<&str> = expected.document.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, want);
    for (doc, want) in report.documents.iter().zip(&expected.document) {
        let outlet = doc.outlet.as_ref().map(|o| o.name.as_str());
        assert_eq!(outlet, want.outlet.as_deref(), "{}: outlet", doc.id);
        let published = doc.published.as_ref().and_then(|p| p.date.as_deref());
        assert_eq!(published, want.published.as_deref(), "{}: published", doc.id);
        assert_eq!(doc.encoding, want.encoding, "{}: encoding", doc.id);
        assert_eq!(doc.language, Some(want.language.as_str()), "{}: language", doc.id);
        let credits: BTreeSet<&str> = doc.credits.iter().map(|c| c.outlet.as_str()).collect();
        let want_credits: BTreeSet<&str> = want.credits.iter().map(String::as_str).collect();
        assert_eq!(credits, want_credits, "{}: credits", doc.id);
        let copies = doc.self_duplication.as_ref().map_or(1, |s| s.copies);
        assert_eq!(copies, want.copies, "{}: copies", doc.id);
    }
}

#[test]
fn clusters_are_exactly_the_expected_ones() {
    let (report, _) = report();
    let expected = expected();
    assert_eq!(
        report.duplicate_clusters.len(),
        expected.cluster.len(),
        "{:#?}",
        report.duplicate_clusters
    );
    for want in &expected.cluster {
        let found =
            report.duplicate_clusters.iter().find(|c| c.members == want.members).unwrap_or_else(
                || panic!("no cluster {:?} in {:#?}", want.members, report.duplicate_clusters),
            );
        assert_eq!(found.origin.as_deref(), Some(want.origin.as_str()));
        assert!(found.origin_reason.contains(&want.reason), "{}", found.origin_reason);
        assert!(found.jaccard_min >= report.config.near_duplicate.threshold);
    }
}

#[test]
fn reuse_pairs_are_exactly_the_expected_ones() {
    let (report, _) = report();
    let expected = expected();
    let found: BTreeSet<(&str, &str, bool)> = report
        .reuse
        .iter()
        .map(|r| (r.source.as_str(), r.target.as_str(), r.near_duplicate))
        .collect();
    let want: BTreeSet<(&str, &str, bool)> = expected
        .reuse
        .iter()
        .map(|r| (r.source.as_str(), r.target.as_str(), r.near_duplicate))
        .collect();
    assert_eq!(found, want);
    for want in &expected.reuse {
        let pair = report
            .reuse
            .iter()
            .find(|r| r.source == want.source && r.target == want.target)
            .expect("pair");
        assert!(
            pair.direction_reason.contains(&want.reason),
            "{} -> {}: {}",
            want.source,
            want.target,
            pair.direction_reason
        );
        let derivation = serde_json::to_value(pair.derivation).expect("serialisable");
        assert_eq!(derivation, want.derivation.as_str(), "{} -> {}", want.source, want.target);
    }
}

#[test]
fn the_excerpt_is_found_though_its_jaccard_is_small() {
    let (report, _) = report();
    let pair =
        report.reuse.iter().find(|r| r.target == "04_beacon_excerpt.txt").expect("excerpt pair");
    assert!(pair.jaccard < report.config.near_duplicate.threshold / 2.0, "{}", pair.jaccard);
    assert!(pair.containment.target_in_source > 0.8, "{:?}", pair.containment);
}

#[test]
fn the_doubled_repost_is_compared_on_one_copy() {
    let (report, _) = report();
    let repost = report
        .documents
        .iter()
        .find(|d| d.id == "03_harborline_repost_doubled.txt")
        .expect("repost");
    let dup = repost.self_duplication.as_ref().expect("self-duplicated");
    assert!((0.4..0.6).contains(&dup.fraction), "{}", dup.fraction);
    let pair = report.reuse.iter().find(|r| r.target == repost.id).expect("pair with the wire");
    // On both copies the wire would hold at most half of the repost's words.
    assert!(pair.jaccard > 0.85, "{}", pair.jaccard);
}

#[test]
fn spans_lie_on_character_boundaries() {
    let (report, corpus) = report();
    common::assert_spans_on_boundaries(&report, &corpus);
}

#[test]
fn the_rewrite_is_aligned_with_rewrite_and_verbatim_passages() {
    let (report, corpus) = report();
    let pair = report
        .reuse
        .iter()
        .find(|r| r.target == "05_morning_post_rewrite.txt")
        .expect("rewrite pair");
    let kinds: BTreeSet<PassageKind> = pair.passages.iter().map(|p| p.kind).collect();
    assert!(
        kinds.contains(&PassageKind::Rewrite) && kinds.contains(&PassageKind::Verbatim),
        "{kinds:?}"
    );
    assert!(pair.coverage > pair.verbatim_coverage);
    // The reworded opening is paired with the wire's.
    let text = |id: &str| &corpus.documents.iter().find(|d| d.id == id).expect("doc").text;
    let opening = pair
        .passages
        .iter()
        .find(|p| {
            p.kind == PassageKind::Rewrite
                && p.target_span.slice(text(&pair.target)).contains("4,200 people")
        })
        .expect("the opening is a rewrite");
    assert!(opening.source_span.slice(text(&pair.source)).contains("4,200 residents"));
}

#[test]
fn shuffled_paragraphs_are_all_aligned() {
    let wire =
        std::fs::read_to_string(common::manifest_dir().join("samples/01_northwind_wire.txt"))
            .expect("wire");
    let body: Vec<&str> =
        wire.split("\n\n").filter(|p| p.split_whitespace().count() > 12).collect();
    assert!(body.len() >= 6);
    let mut shuffled: Vec<&str> = body.clone();
    shuffled.reverse();
    shuffled.swap(0, 2);
    let copy = shuffled.join("\n\n");
    let corpus = provtrace::Corpus::from_texts(&[wire.clone(), copy.clone()]);
    let comparison = provtrace::pipeline::compare(&corpus, &common::samples_config(), true);
    for paragraph in &body {
        let start = copy.find(paragraph).expect("paragraph in copy");
        let span = provtrace::span::Span::new(start, start + paragraph.len());
        let covered: usize = comparison
            .reuse
            .passages
            .iter()
            .filter(|p| p.target_span.overlaps(span))
            .map(|p| p.target_span.end.min(span.end) - p.target_span.start.max(span.start))
            .sum();
        assert!(covered * 10 >= paragraph.len() * 9, "paragraph not aligned: {paragraph}");
    }
    assert_eq!(comparison.reuse.derivation, provtrace::align::Derivation::Wholly);
}

#[test]
fn claims_shared_across_documents_trace_to_their_origin() {
    let (report, _, tagger) = report_and_tagger();
    let mut expected = expected();
    expected.claim_cluster.retain(|k| match &k.taggers {
        None => true,
        Some(names) => {
            for name in names {
                assert!(
                    ["conv", "crf", "contextual"].contains(&name.as_str()),
                    "samples/expected.toml: unknown tagger {name:?}"
                );
            }
            names.iter().any(|n| n == tagger)
        }
    });
    let shared: Vec<(&provtrace::provenance::ClaimCluster, BTreeSet<&str>)> = report
        .claim_clusters
        .iter()
        .map(|k| {
            let docs: BTreeSet<&str> =
                k.members.iter().map(|&(d, _)| report.documents[d].id.as_str()).collect();
            (k, docs)
        })
        .filter(|(_, docs)| docs.len() > 1)
        .collect();
    assert_eq!(
        shared.len(),
        expected.claim_cluster.len(),
        "{:#?}",
        shared.iter().map(|(k, d)| (&k.summary, d)).collect::<Vec<_>>()
    );
    for want in &expected.claim_cluster {
        let want_docs: BTreeSet<&str> = want.docs.iter().map(String::as_str).collect();
        let (k, docs) = shared
            .iter()
            .find(|(k, _)| k.summary == want.summary)
            .unwrap_or_else(|| panic!("no claim cluster {:?}", want.summary));
        assert_eq!(*docs, want_docs, "{}", want.summary);
        assert_eq!(k.origin.outlet.as_deref(), Some(want.origin.as_str()), "{}", k.origin.reason);
        assert_eq!(k.origin.doc.as_deref(), Some(want.origin_doc.as_str()), "{}", k.origin.reason);
        assert!(!k.origin.contested);
    }
}

#[test]
fn the_graph_carries_every_relation_with_evidence() {
    let (report, _) = report();
    let kinds: BTreeSet<&str> = report.graph.edges.iter().map(|e| e.kind.name()).collect();
    for kind in [
        "published_by",
        "copies",
        "derives_from",
        "credits",
        "asserts",
        "attributed_to",
        "originates_at",
    ] {
        assert!(kinds.contains(kind), "no {kind} edge");
    }
    let ids: BTreeSet<&str> = report.graph.nodes.iter().map(|n| &*n.id).collect();
    for edge in &report.graph.edges {
        assert!(ids.contains(&*edge.from) && ids.contains(&*edge.to), "{edge:?}");
        assert!(!edge.evidence.is_empty(), "{edge:?}");
    }
    assert!(report.graph.edges.iter().any(|e| e.kind.name() == "copies"
        && &*e.from == "doc:01_northwind_wire.txt"
        && &*e.to == "doc:02_valley_courier_syndicated.txt"));
}
