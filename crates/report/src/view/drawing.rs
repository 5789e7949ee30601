//! What is drawn: the graph indexed for drawing parts of it, each claim
//! cluster's and duplicate cluster's own drawing, the main drawing chosen
//! story by story, and its legend and edges in words.

use std::collections::BTreeSet;

use provtrace_provenance::{Edge, EdgeKind, Node, NodeId, NodeKind};
use provtrace_text::clip;
use rustc_hash::{FxHashMap, FxHashSet};

use super::{
    Drawing, DrawnNode, EDGE_KINDS, EdgeRow, Labels, LegendItem, MAX_DRAWN_DOCS, MAX_DRAWN_NODES,
    MAX_STORY_DOCS, edge_style, outlet_anchor,
};
use crate::Report;
pub(super) fn edge_rows(d: &Drawing) -> Vec<EdgeRow> {
    let label: FxHashMap<&str, &str> = d.nodes.iter().map(|n| (&*n.id, n.label.as_str())).collect();
    d.edges
        .iter()
        .filter_map(|e| {
            Some(EdgeRow {
                from: (*label.get(&*e.from)?).to_string(),
                kind: e.kind.name().replace('_', " "),
                to: (*label.get(&*e.to)?).to_string(),
                evidence: clip(&e.evidence, 300),
            })
        })
        .collect()
}

pub(super) fn legend(edges: &[Edge]) -> Vec<LegendItem> {
    let kinds: FxHashSet<EdgeKind> = edges.iter().map(|e| e.kind).collect();
    EDGE_KINDS
        .iter()
        .rev()
        .filter(|(kind, _)| kinds.contains(kind))
        .map(|&(kind, label)| {
            let (colour, dash) = edge_style(kind);
            LegendItem { kind, label, colour, dash }
        })
        .collect()
}

/// The graph indexed for drawing parts of it.
pub(super) struct GraphIndex<'a> {
    node: FxHashMap<&'a str, &'a Node>,
    /// Edges by the node at either end.
    edges_at: FxHashMap<&'a str, Vec<&'a Edge>>,
    /// Each claim cluster's contested candidates: (claim node, outlet node).
    candidates: Vec<Edge>,
    /// The claim nodes of contested clusters.
    contested: FxHashSet<NodeId>,
    /// Candidates that are not outlets ("the new United Nations report"),
    /// drawn beside the outlets as sources of their own.
    sources: FxHashMap<NodeId, Node>,
    report: &'a Report,
}

impl<'a> GraphIndex<'a> {
    pub(super) fn new(report: &'a Report) -> Self {
        let g = &report.graph;
        let node: FxHashMap<&str, &Node> = g.nodes.iter().map(|n| (&*n.id, n)).collect();
        let mut edges_at: FxHashMap<&str, Vec<&Edge>> = FxHashMap::default();
        for e in &g.edges {
            edges_at.entry(&*e.from).or_default().push(e);
            edges_at.entry(&*e.to).or_default().push(e);
        }
        let outlet_by_name: FxHashMap<&str, &NodeId> = g
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Outlet)
            .map(|n| (n.label.as_str(), &n.id))
            .collect();
        let mut sources: FxHashMap<NodeId, Node> = FxHashMap::default();
        let mut candidates: Vec<Edge> = Vec::new();
        for k in report.claim_clusters.iter().filter(|k| k.origin.contested) {
            let claim = NodeId::from(format!("claim:{}", k.id));
            for c in &k.origin.candidates {
                let to = if let Some(&outlet) = outlet_by_name.get(c.outlet.as_str()) {
                    outlet.clone()
                } else {
                    let id = NodeId::from(format!("source:{}", c.outlet));
                    let node =
                        Node { id: id.clone(), kind: NodeKind::Source, label: c.outlet.clone() };
                    sources.entry(id.clone()).or_insert(node);
                    id
                };
                let evidence = c.evidence.join("; ");
                candidates.push(Edge {
                    from: claim.clone(),
                    to,
                    kind: EdgeKind::Candidate,
                    evidence,
                });
            }
        }
        let contested = candidates.iter().map(|e: &Edge| e.from.clone()).collect();
        GraphIndex { node, edges_at, candidates, contested, sources, report }
    }

    /// An edge as drawn: the evidence in words rather than claim ids.
    fn described(&self, e: &Edge) -> Edge {
        // A claim's id, `c<document>-<claim>` counted from 1, found among
        // the claims, which are in that order.
        let claim = |ev: &str| -> Option<String> {
            let (doc, index) = ev.split(':').next()?.strip_prefix('c')?.split_once('-')?;
            let key = (
                doc.parse::<usize>().ok()?.checked_sub(1)?,
                index.parse::<usize>().ok()?.checked_sub(1)?,
            );
            let claims = &self.report.claims;
            let at = claims.binary_search_by_key(&key, |c| (c.doc, c.index)).ok()?;
            Some(clip(self.report.claim_text(&claims[at]), 200))
        };
        let evidence = match e.kind {
            EdgeKind::Asserts => {
                claim(&e.evidence).map_or_else(|| e.evidence.clone(), |t| format!("“{t}”"))
            }
            EdgeKind::AttributedTo => {
                let cue = e.evidence.split_once(": ").map_or("", |(_, cue)| cue);
                claim(&e.evidence)
                    .map_or_else(|| e.evidence.clone(), |t| format!("“{cue}” in “{t}”"))
            }
            _ => e.evidence.clone(),
        };
        Edge { evidence, ..e.clone() }
    }

    fn drawn_node(labels: &Labels, n: &Node, contested: &FxHashSet<NodeId>) -> DrawnNode {
        let id = &*n.id;
        let mut tail = String::new();
        let (label, detail, href, marked) = match n.kind {
            NodeKind::Document => {
                let doc = labels.get(id.strip_prefix("doc:").unwrap_or(id));
                let detail = format!("document {}", doc.id);
                let label = match labels.index(&doc.id) {
                    Some(i) => {
                        tail.clone_from(&labels.tails[i]);
                        if doc.title.is_empty() { doc.id.clone() } else { doc.title.clone() }
                    }
                    None => doc.label,
                };
                (label, detail, format!("#{}", doc.anchor), false)
            }
            NodeKind::Claim => {
                let k = id.strip_prefix("claim:").unwrap_or(id);
                let marked = contested.contains(&n.id);
                let label =
                    if marked { format!("⚠ {} (contested)", n.label) } else { n.label.clone() };
                (label, format!("claim cluster {k}"), format!("#{k}"), marked)
            }
            NodeKind::Source => (
                n.label.clone(),
                format!("a source that is not an outlet: {}", n.label),
                String::new(),
                false,
            ),
            NodeKind::Outlet => (
                n.label.clone(),
                format!("outlet {}", n.label),
                format!("#{}", outlet_anchor(id)),
                false,
            ),
        };
        DrawnNode { id: n.id.clone(), kind: n.kind, label, tail, detail, href, marked }
    }

    /// A drawing of `keep` (node ids) and the edges among them, with each
    /// contested claim's candidates.
    fn drawing(&self, labels: &Labels, keep: &[&str], edges: Vec<Edge>) -> Drawing {
        let nodes = keep
            .iter()
            .filter_map(|id| self.node.get(id).copied().or_else(|| self.sources.get(*id)))
            .map(|n| Self::drawn_node(labels, n, &self.contested))
            .collect();
        Drawing { nodes, edges }
    }

    /// One claim cluster: its claim, the documents that make it, the
    /// outlets they credit or publish under, and its candidates.
    pub(super) fn claim_story(&self, labels: &Labels, cluster: &str) -> Drawing {
        let claim = format!("claim:{cluster}");
        let docs: Vec<&str> = self
            .edges_at
            .get(claim.as_str())
            .into_iter()
            .flatten()
            .filter(|e| e.kind == EdgeKind::Asserts)
            .map(|e| &*e.from)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .take(MAX_STORY_DOCS)
            .collect();
        let mut seeds = docs.clone();
        seeds.push(self.node.get_key_value(claim.as_str()).map_or("", |(k, _)| k));
        let (keep, edges) = self.around(&seeds, Some(claim.as_str()));
        self.drawing(labels, &keep, edges)
    }

    /// One duplicate cluster: its members and their outlets.
    pub(super) fn duplicate_story(&self, labels: &Labels, members: &[String]) -> Drawing {
        let seeds: Vec<&str> = members
            .iter()
            .take(MAX_STORY_DOCS)
            .filter_map(|m| self.node.get_key_value(format!("doc:{m}").as_str()).map(|(k, _)| *k))
            .collect();
        let (keep, edges) = self.around(&seeds, None);
        self.drawing(labels, &keep, edges)
    }

    /// `seeds`, the outlets next to them, and the edges among those
    /// (`asserts` only to `claim`), each described.
    fn around(&self, seeds: &[&str], claim: Option<&str>) -> (Vec<&str>, Vec<Edge>) {
        let seeds: BTreeSet<&str> = seeds.iter().copied().filter(|s| !s.is_empty()).collect();
        let mut keep: BTreeSet<&str> = BTreeSet::new();
        let mut edges: Vec<Edge> = Vec::new();
        for &s in &seeds {
            let Some((&own, _)) = self.node.get_key_value(s) else { continue };
            keep.insert(own);
            for e in self.edges_at.get(s).into_iter().flatten() {
                let other = if &*e.from == s { &*e.to } else { &*e.from };
                let outlet = self.node.get(other).is_some_and(|n| n.kind == NodeKind::Outlet);
                let wanted = match e.kind {
                    // From the seeds that assert the claim, counted at the document.
                    EdgeKind::Asserts => claim == Some(&*e.to) && &*e.from == s,
                    _ => outlet || seeds.contains(other),
                };
                if wanted {
                    keep.insert(if &*e.from == s { &*e.to } else { &*e.from });
                    // An edge between two seeds is found twice; `dedup` below.
                    edges.push(self.described(e));
                }
            }
        }
        if let Some(claim) = claim {
            for e in self.candidates.iter().filter(|e| &*e.from == claim) {
                let to = match self.node.get_key_value(&*e.to) {
                    Some((&outlet, _)) => Some(outlet),
                    None => self.sources.get_key_value(&*e.to).map(|(id, _)| &**id),
                };
                if let Some(to) = to {
                    keep.insert(to);
                    edges.push(e.clone());
                }
            }
        }
        edges.sort();
        edges.dedup();
        (keep.into_iter().collect(), edges)
    }
}

/// The main drawing and what it says of itself.
pub(super) struct Drawn {
    pub(super) drawing: Drawing,
    pub(super) note: String,
}

/// The part of the graph that is drawn on the first screen, story by
/// story: documents joined by copying or derivation, the largest stories
/// first, up to [`MAX_DRAWN_DOCS`] documents; then the claims two or more
/// of the drawn documents make, most made first, up to
/// [`MAX_DRAWN_NODES`] nodes; then the outlets they connect to.
pub(super) fn drawn(report: &Report, labels: &Labels, graph: &GraphIndex) -> Drawn {
    let g = &report.graph;
    let docs: Vec<&str> =
        g.nodes.iter().filter(|n| n.kind == NodeKind::Document).map(|n| &*n.id).collect();
    let index: FxHashMap<&str, usize> = docs.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    let mut degree: Vec<usize> = vec![0; docs.len()];
    let mut unions = Vec::new();
    for e in g.edges.iter().filter(|e| matches!(e.kind, EdgeKind::Copies | EdgeKind::DerivesFrom)) {
        let (Some(&a), Some(&b)) = (index.get(&*e.from), index.get(&*e.to)) else { continue };
        degree[a] += 1;
        degree[b] += 1;
        unions.push((a, b));
    }
    // Stories of several documents, then each other document alone.
    let mut stories = provtrace_similarity::duplicates::components(docs.len(), unions);
    let joined: FxHashSet<usize> = stories.iter().flatten().copied().collect();
    stories.extend((0..docs.len()).filter(|i| !joined.contains(i)).map(|i| vec![i]));
    stories.sort_by_key(|s| (std::cmp::Reverse(s.len()), s[0]));
    let mut kept: Vec<usize> = Vec::new();
    let mut stories_kept = 0;
    for s in &stories {
        if kept.len() + s.len() > MAX_DRAWN_DOCS {
            if kept.is_empty() {
                // One story larger than the drawing: its most connected documents.
                let mut ranked = s.clone();
                ranked.sort_by_key(|&i| (std::cmp::Reverse(degree[i]), i));
                ranked.truncate(MAX_DRAWN_DOCS);
                ranked.sort_unstable();
                kept = ranked;
                stories_kept = 1;
            }
            break;
        }
        kept.extend(s);
        stories_kept += 1;
    }
    let kept_docs: FxHashSet<&str> = kept.iter().map(|&i| docs[i]).collect();
    // Claims two or more drawn documents make, most made first.
    let mut makers: FxHashMap<&str, usize> = FxHashMap::default();
    for e in g.edges.iter().filter(|e| e.kind == EdgeKind::Asserts && kept_docs.contains(&*e.from))
    {
        *makers.entry(&*e.to).or_default() += 1;
    }
    let mut claims: Vec<(&str, usize)> = makers.into_iter().filter(|&(_, n)| n > 1).collect();
    claims.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let shared_total = claims.len();
    claims.truncate(MAX_DRAWN_NODES.saturating_sub(kept.len()));
    let kept_claims: FxHashSet<&str> = claims.iter().map(|&(c, _)| c).collect();
    let inside = |id: &str| kept_docs.contains(id) || kept_claims.contains(id);
    // Outlets, and the candidate sources that are not outlets.
    let outlet = |id: &str| {
        graph.node.get(id).is_some_and(|n| n.kind == NodeKind::Outlet)
            || graph.sources.contains_key(id)
    };
    let edges: Vec<&Edge> = g
        .edges
        .iter()
        .chain(&graph.candidates)
        .filter(|e| inside(&e.from) && (inside(&e.to) || outlet(&e.to)))
        .collect();
    let outlets: BTreeSet<&str> = edges.iter().map(|e| &*e.to).filter(|id| outlet(id)).collect();
    let mut keep: Vec<&str> = kept.iter().map(|&i| docs[i]).collect();
    keep.extend(claims.iter().map(|&(c, _)| c));
    keep.extend(outlets.iter().copied());
    let drawn_edges: Vec<Edge> = edges.iter().map(|e| graph.described(e)).collect();
    let drawing = graph.drawing(labels, &keep, drawn_edges);
    let claims_total = g.nodes.iter().filter(|n| n.kind == NodeKind::Claim).count();
    let note = if kept.len() == docs.len() && claims.len() == shared_total {
        let single = claims_total - shared_total;
        let singles = if single == 0 {
            String::new()
        } else {
            format!(
                " The {single} claims made by a single document are not drawn; the claims table lists them."
            )
        };
        format!(
            "Every document and outlet is drawn, with the {shared_total} claims made by more than one document.{singles}"
        )
    } else {
        let largest = stories.first().map_or(0, Vec::len);
        let which = if stories_kept == 1 && kept.len() < largest {
            format!(
                "The largest story ({largest} documents) is drawn in part: its {} most connected documents",
                kept.len()
            )
        } else if stories_kept == 1 {
            format!("The largest story is drawn ({} documents)", kept.len())
        } else {
            format!("The {stories_kept} largest stories are drawn ({} documents)", kept.len())
        };
        format!(
            "The corpus has {} documents in {} stories (documents joined by copying or derivation). {which}, with {} of the {shared_total} claims two or more of them make (most made first) and their outlets. Each claim cluster and duplicate cluster below has its own drawing; graph.dot has the whole graph.",
            docs.len(),
            stories.len(),
            claims.len(),
        )
    };
    Drawn { drawing, note }
}
