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
