//! What people read: the report arranged for the Markdown and HTML
//! renderers (claims with their origins, the syndication audit per outlet,
//! reuse pairs with their passages' text, documents with what was set
//! aside). Plain data; escaping is each renderer's job.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use super::{Report, json_name};
use provtrace_provenance::{Edge, Node};

/// Most nodes a drawn graph shows; a larger graph is cut to its most
/// connected part and says so.
pub const MAX_DRAWN_NODES: usize = 120;

/// Most rows a section lists; a longer section says how many it left out
/// (report.json and the CSV files have them all).
pub const MAX_ROWS: usize = 300;

#[derive(Serialize)]
pub struct View<'a> {
    pub summary: String,
    pub claims: Vec<ClaimRow>,
    pub outlets: Vec<OutletRow>,
    pub reuse: Vec<ReuseRow>,
    pub documents: Vec<DocumentRow>,
    pub skipped: Vec<(String, String)>,
    pub graph_note: Option<String>,
    /// Sections cut to [`MAX_ROWS`], with what was left out.
    pub notes: Vec<String>,
    /// The part of the graph that is drawn (see [`drawn`]), chosen once for
    /// every renderer that draws it.
    #[serde(skip)]
    pub drawn: (Vec<&'a Node>, Vec<&'a Edge>),
}

/// The first [`MAX_ROWS`] items, noting what is left out; rows are made
/// only for what is kept.
fn cap<I: ExactSizeIterator>(items: I, what: &str, notes: &mut Vec<String>) -> std::iter::Take<I> {
    if items.len() > MAX_ROWS {
        notes.push(format!("{what}: the first {MAX_ROWS} of {} are listed; report.json and the CSV files have them all.", items.len()));
    }
    items.take(MAX_ROWS)
}

#[derive(Serialize)]
pub struct ClaimRow {
    pub id: String,
    pub summary: String,
    pub origin: String,
    pub confidence: f64,
    pub contested: bool,
    pub reason: String,
    pub witnesses: Vec<Witness>,
}

#[derive(Serialize)]
pub struct Witness {
    pub doc: String,
    pub text: String,
    pub attributions: String,
}

#[derive(Serialize)]
pub struct OutletRow {
    pub name: String,
    pub documents: Vec<String>,
    /// "target ← source (outlet), credited / not credited".
    pub copies: Vec<String>,
    pub copied_by: Vec<String>,
    pub credited_by: Vec<String>,
}

#[derive(Serialize)]
pub struct ReuseRow {
    pub source: String,
    pub target: String,
    pub derivation: String,
    pub coverage: f64,
    pub verbatim_coverage: f64,
    pub jaccard: f64,
    pub direction: String,
    pub passages: Vec<PassageRow>,
}

#[derive(Serialize)]
pub struct PassageRow {
    pub kind: String,
    pub source: String,
    pub target: String,
}

#[derive(Serialize)]
pub struct DocumentRow {
    pub id: String,
    pub title: String,
    pub outlet: String,
    pub published: String,
    pub language: String,
    pub encoding: String,
    pub words: usize,
    pub self_duplication: String,
    pub boilerplate: Vec<String>,
}

/// A passage's text, shortened to `limit` characters.
fn clip(text: &str, limit: usize) -> String {
    let mut out: String = text.chars().take(limit).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn view(report: &Report) -> View<'_> {
    let summary = report.summary.line();
    let position: HashMap<&str, usize> =
        report.documents.iter().enumerate().map(|(i, d)| (d.id.as_str(), i)).collect();
    let text_of = |id: &str| -> &str {
        position.get(id).and_then(|&i| report.texts.get(i)).map_or("", String::as_str)
    };
    let claim_of: HashMap<(usize, usize), &super::ClaimReport> =
        report.claims.iter().map(|c| ((c.doc, c.index), c)).collect();
    let mut notes = Vec::new();
    // Claims seen in more than one document first, then the rest.
    let mut order: Vec<&super::ClaimCluster> = report.claim_clusters.iter().collect();
    order.sort_by_cached_key(|k| {
        let docs: BTreeSet<usize> = k.members.iter().map(|&(d, _)| d).collect();
        std::cmp::Reverse(docs.len())
    });
    let claims: Vec<ClaimRow> =
        cap(order.into_iter(), "Claim clusters (those with most witnesses first)", &mut notes)
            .map(|k| {
                let witnesses: Vec<Witness> = k
                    .members
                    .iter()
                    .filter_map(|m| claim_of.get(m))
                    .map(|c| Witness {
                        doc: report.claim_doc(c).to_string(),
                        text: clip(report.claim_text(c), 300),
                        attributions: c
                            .claim
                            .attributions
                            .iter()
                            .map(|a| {
                                format!("{} ({}, “{}”)", a.source, json_name(&a.source_kind), a.cue)
                            })
                            .collect::<Vec<_>>()
                            .join("; "),
                    })
                    .collect();
                ClaimRow {
                    id: k.id.clone(),
                    summary: k.summary.clone(),
                    origin: k.origin.outlet.clone().unwrap_or_else(|| {
                        if k.origin.contested { "contested".into() } else { "unknown".into() }
                    }),
                    confidence: k.origin.confidence,
                    contested: k.origin.contested,
                    reason: k.origin.reason.clone(),
                    witnesses,
                }
            })
            .collect();

    let outlet_of: BTreeMap<&str, &str> = report
        .documents
        .iter()
        .filter_map(|d| d.outlet.as_ref().map(|o| (d.id.as_str(), o.name.as_str())))
        .collect();
    let credits: BTreeMap<&str, BTreeSet<&str>> = report
        .documents
        .iter()
        .map(|d| (d.id.as_str(), d.credits.iter().map(|c| c.outlet.as_str()).collect()))
        .collect();
    let outlets = report
        .outlets
        .iter()
        .map(|o| {
            let mine: BTreeSet<&str> = o.documents.iter().map(String::as_str).collect();
            let describe = |r: &super::Reuse, other: &str| {
                let other_outlet = outlet_of.get(other).copied().unwrap_or("outlet unknown");
                let credited = credits.get(r.target.as_str()).is_some_and(|c| {
                    outlet_of.get(r.source.as_str()).is_some_and(|s| c.contains(s))
                });
                format!(
                    "{} → {} ({other_outlet}; {}, coverage {:.2}; {})",
                    r.source,
                    r.target,
                    json_name(&r.derivation),
                    r.coverage,
                    if credited { "credited" } else { "not credited" }
                )
            };
            OutletRow {
                name: o.name.clone(),
                documents: o.documents.clone(),
                copies: report
                    .reuse
                    .iter()
                    .filter(|r| {
                        mine.contains(r.target.as_str()) && !mine.contains(r.source.as_str())
                    })
                    .map(|r| describe(r, &r.source))
                    .collect(),
                copied_by: report
                    .reuse
                    .iter()
                    .filter(|r| {
                        mine.contains(r.source.as_str()) && !mine.contains(r.target.as_str())
                    })
                    .map(|r| describe(r, &r.target))
                    .collect(),
                credited_by: o.credited_by.clone(),
            }
        })
        .collect();
    let reuse = cap(report.reuse.iter(), "Reuse pairs", &mut notes)
        .map(|r| ReuseRow {
            source: r.source.clone(),
            target: r.target.clone(),
            derivation: json_name(&r.derivation),
            coverage: r.coverage,
            verbatim_coverage: r.verbatim_coverage,
            jaccard: r.jaccard,
            direction: r.direction_reason.clone(),
            passages: r
                .passages
                .iter()
                .map(|p| PassageRow {
                    kind: if p.similarity >= 1.0 {
                        json_name(&p.kind)
                    } else {
                        format!("{} {:.2}", json_name(&p.kind), p.similarity)
                    },
                    source: clip(
                        text_of(&r.source)
                            .get(p.source_span.start..p.source_span.end)
                            .unwrap_or(""),
                        600,
                    ),
                    target: clip(
                        text_of(&r.target)
                            .get(p.target_span.start..p.target_span.end)
                            .unwrap_or(""),
                        600,
                    ),
                })
                .collect(),
        })
        .collect();
    let documents = cap(report.documents.iter().zip(&report.texts), "Documents", &mut notes)
        .map(|(d, text)| DocumentRow {
            id: d.id.clone(),
            title: d.title.clone().unwrap_or_default(),
            outlet: d
                .outlet
                .as_ref()
                .map_or_else(|| "unknown".into(), |o| format!("{} ({})", o.name, o.method)),
            published: d.published.as_ref().map_or_else(
                || "unknown".into(),
                |p| {
                    format!(
                        "{} ({}: “{}”)",
                        p.date.as_deref().unwrap_or("no date"),
                        p.method,
                        p.text
                    )
                },
            ),
            language: d.language.unwrap_or("unknown").to_string(),
            encoding: d.encoding.to_string(),
            words: d.words,
            self_duplication: d.self_duplication.as_ref().map_or_else(String::new, |s| {
                format!(
                    "{} copies; {} bytes repeated ({:.0}% of the page)",
                    s.copies,
                    s.repeated_bytes,
                    s.fraction * 100.0
                )
            }),
            boilerplate: d
                .boilerplate
                .iter()
                .map(|b| clip(text.get(b.span.start..b.span.end).unwrap_or(""), 120))
                .collect(),
        })
        .collect();
    let (nodes, edges, graph_note) = drawn(report);
    View {
        summary,
        claims,
        outlets,
        reuse,
        documents,
        notes,
        skipped: report.skipped.iter().map(|s| (s.input.clone(), s.reason.clone())).collect(),
        graph_note,
        drawn: (nodes, edges),
    }
}

/// The part of the graph that is drawn: outlets, documents and claim
/// clusters that take part in a relation other than a lone document
/// asserting a claim nobody else makes; at most [`MAX_DRAWN_NODES`], the
/// most connected first.
pub fn drawn(report: &Report) -> (Vec<&Node>, Vec<&Edge>, Option<String>) {
    let g = &report.graph;
    // Edges are distinct, so a claim's `asserts` edges count its asserters.
    let mut asserters: FxHashMap<&str, usize> = FxHashMap::default();
    for e in g.edges.iter().filter(|e| e.kind == "asserts") {
        *asserters.entry(&*e.to).or_default() += 1;
    }
    let shared = |claim: &str| asserters.get(claim).is_some_and(|&n| n > 1);
    let edges: Vec<&Edge> = g
        .edges
        .iter()
        .filter(|e| match e.kind {
            "asserts" => shared(&e.to),
            "attributed_to" | "originates_at" => shared(&e.from),
            _ => true,
        })
        .collect();
    let mut degree: FxHashMap<&str, usize> = FxHashMap::default();
    for e in &edges {
        *degree.entry(&*e.from).or_default() += 1;
        *degree.entry(&*e.to).or_default() += 1;
    }
    let mut ranked: Vec<(&str, usize)> = degree.into_iter().collect();
    ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let total = ranked.len();
    let keep: FxHashSet<&str> =
        ranked.into_iter().take(MAX_DRAWN_NODES).map(|(id, _)| id).collect();
    let nodes: Vec<&Node> = g.nodes.iter().filter(|n| keep.contains(&*n.id)).collect();
    let edges: Vec<&Edge> =
        edges.into_iter().filter(|e| keep.contains(&*e.from) && keep.contains(&*e.to)).collect();
    let note = (total > MAX_DRAWN_NODES).then(|| {
        format!("The graph has {total} connected nodes; the {MAX_DRAWN_NODES} most connected are drawn. graph.dot has them all.")
    });
    (nodes, edges, note)
}
