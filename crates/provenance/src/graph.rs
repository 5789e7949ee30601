//! The provenance graph: outlets, documents and claim clusters, and the
//! relations between them with their evidence.

use provtrace_attribution::claims::SourceKind;
use provtrace_attribution::page::PageOutlet;
use provtrace_common::{Parallel, json_name};
use provtrace_similarity::align::Derivation;
use provtrace_similarity::duplicates::Cluster;
use provtrace_similarity::reuse::Reuse;
use serde::Serialize;

use crate::outlets::{Outlet, slug};
use crate::{ClaimCluster, Witness};

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
    pub kind: NodeKind,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Edge {
    pub from: NodeId,
    pub to: NodeId,
    /// `published_by`, `copies`, `derives_from`, `credits`, `asserts`,
    /// `attributed_to`, `originates_at`.
    pub kind: EdgeKind,
    pub evidence: String,
}

impl Graph {
    pub fn node(&mut self, id: NodeId, kind: NodeKind, label: String) {
        self.nodes.push(Node { id, kind, label });
    }

    pub fn edge(&mut self, from: NodeId, to: NodeId, kind: EdgeKind, evidence: String) {
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

/// What the graph is built from: the documents as provenance sees them,
/// and the relations found between them and their claims.
pub struct Found<'a> {
    pub witnesses: &'a [Witness<'a>],
    /// Each document's own outlet, as its page gives it.
    pub published_by: &'a (dyn Fn(usize) -> Option<&'a PageOutlet> + Sync),
    pub clusters: &'a [Cluster],
    pub reuse: &'a [Reuse],
    pub claim_clusters: &'a [ClaimCluster],
    pub outlets: &'a [Outlet],
}

impl Graph {
    /// The provenance graph: outlets, documents and claim clusters, and
    /// every relation between them with its evidence.
    pub fn build(found: &Found, run: &impl Parallel) -> Graph {
        let Found { witnesses, published_by, clusters, reuse, claim_clusters, outlets } = *found;
        let mut g = Graph::default();
        // Each node's id is made once and shared by its edges.
        let doc_nodes: Vec<NodeId> =
            witnesses.iter().map(|w| NodeId::from(format!("doc:{}", w.id))).collect();
        let doc_index: rustc_hash::FxHashMap<&str, usize> =
            witnesses.iter().enumerate().map(|(i, w)| (w.id, i)).collect();
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
            g.node(outlet_node(&o.name), NodeKind::Outlet, o.name.clone());
        }
        for (d, (w, node)) in witnesses.iter().zip(&doc_nodes).enumerate() {
            // Copies share a title; the id tells them apart.
            g.node(node.clone(), NodeKind::Document, w.id.to_string());
            if let Some(o) = published_by(d) {
                g.edge(
                    node.clone(),
                    outlet_node(&o.name),
                    EdgeKind::PublishedBy,
                    format!("{}: {}", o.method, o.evidence.text),
                );
            }
            for c in w.credits {
                g.edge(
                    node.clone(),
                    outlet_node(&c.outlet),
                    EdgeKind::Credits,
                    format!("{} ({})", c.words(w.text), json_name(&c.scope)),
                );
            }
        }
        for cluster in clusters {
            if let Some(origin) = cluster.origin {
                for &m in cluster.members.iter().filter(|&&m| m != origin) {
                    g.edge(
                        doc_nodes[origin].clone(),
                        doc_nodes[m].clone(),
                        EdgeKind::Copies,
                        format!("{}: near-duplicate", cluster.report.id),
                    );
                }
            }
        }
        for r in reuse.iter().filter(|r| !r.near_duplicate && r.derivation != Derivation::None) {
            g.edge(
                doc_node(&r.target),
                doc_node(&r.source),
                EdgeKind::DerivesFrom,
                format!(
                    "{} (coverage {:.2}): {}",
                    json_name(&r.derivation),
                    r.coverage,
                    r.direction_reason
                ),
            );
        }
        // Each claim cluster's part of the graph, side by side.
        let parts: Vec<Graph> = run.map(claim_clusters, |_, k| {
            let mut g = Graph::default();
            let node = NodeId::from(format!("claim:{}", k.id));
            g.node(node.clone(), NodeKind::Claim, k.summary.clone());
            for (claim, &(d, c)) in k.claim_ids().zip(&k.members) {
                g.edge(doc_nodes[d].clone(), node.clone(), EdgeKind::Asserts, claim.clone());
                for a in witnesses[d].claims[c]
                    .attributions
                    .iter()
                    .filter(|a| a.source_kind == SourceKind::Outlet)
                {
                    g.node(outlet_node(&a.source), NodeKind::Outlet, a.source.clone());
                    g.edge(
                        node.clone(),
                        outlet_node(&a.source),
                        EdgeKind::AttributedTo,
                        format!("{claim}: {}", a.cue),
                    );
                }
            }
            if let Some(outlet) = &k.origin.outlet {
                g.node(outlet_node(outlet), NodeKind::Outlet, outlet.clone());
                g.edge(
                    node.clone(),
                    outlet_node(outlet),
                    EdgeKind::OriginatesAt,
                    k.origin.reason.clone(),
                );
            }
            g
        });
        g.nodes.reserve(parts.iter().map(|p| p.nodes.len()).sum());
        g.edges.reserve(parts.iter().map(|p| p.edges.len()).sum());
        for part in parts {
            g.nodes.extend(part.nodes);
            g.edges.extend(part.edges);
        }
        g.finish(run);
        g
    }
}

/// What a node of the graph is. Variants are in the order of their names,
/// so that nodes sort as their names would.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// A claim cluster.
    Claim,
    Document,
    Outlet,
    /// A source that is not an outlet (an agency, a report), drawn for a
    /// contested claim's candidates; never in the report's graph.
    Source,
}

/// What an edge of the graph says. Variants are in the order of their
/// names, so that edges sort as their names would.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// A document makes a claim.
    Asserts,
    /// A claim's sentence names the outlet.
    AttributedTo,
    /// A contested claim's candidate origin; drawn, never in the report's
    /// graph.
    Candidate,
    /// A near-duplicate of the document.
    Copies,
    /// A document names the outlet as its source.
    Credits,
    /// A document takes part of its text from the other.
    DerivesFrom,
    /// A claim cluster's origin.
    OriginatesAt,
    /// A document's own outlet.
    PublishedBy,
}

impl NodeKind {
    /// The name the report gives it.
    pub fn name(self) -> &'static str {
        match self {
            NodeKind::Claim => "claim",
            NodeKind::Document => "document",
            NodeKind::Outlet => "outlet",
            NodeKind::Source => "source",
        }
    }
}

impl EdgeKind {
    /// The name the report gives it.
    pub fn name(self) -> &'static str {
        match self {
            EdgeKind::Asserts => "asserts",
            EdgeKind::AttributedTo => "attributed_to",
            EdgeKind::Candidate => "candidate",
            EdgeKind::Copies => "copies",
            EdgeKind::Credits => "credits",
            EdgeKind::DerivesFrom => "derives_from",
            EdgeKind::OriginatesAt => "originates_at",
            EdgeKind::PublishedBy => "published_by",
        }
    }
}

impl std::fmt::Display for NodeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::fmt::Display for EdgeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
