//! The provenance graph: outlets, documents and claim clusters, and the
//! relations between them with their evidence.

use provtrace_common::Parallel;
use serde::Serialize;

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
