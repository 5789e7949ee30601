//! A drawing as the renderers take it: its nodes, each with the label
//! people read and the anchor it links to, its edges, and how each kind of
//! edge is drawn. The view chooses what to draw; `svg` lays it out.

use provtrace_provenance::{Edge, EdgeKind, NodeId, NodeKind};

/// A node as drawn: its label for people and the anchor it links to.
#[derive(Clone, Debug)]
pub struct DrawnNode {
    pub id: NodeId,
    pub kind: NodeKind,
    /// What the box says, cut to fit when long (a document's title).
    pub label: String,
    /// What the box says after it and is never cut (a document's outlet and
    /// date); empty for other nodes.
    pub tail: String,
    /// Said on hover and in print: the document id, the claim cluster.
    pub detail: String,
    pub href: String,
    /// A contested claim.
    pub marked: bool,
}

impl DrawnNode {
    /// The whole label on one line: "Title (Outlet, date)".
    pub fn full(&self) -> String {
        if self.tail.is_empty() {
            self.label.clone()
        } else {
            format!("{} ({})", self.label, self.tail)
        }
    }
}

/// A drawing: nodes and the edges between them (with evidence in words).
#[derive(Clone, Debug, Default)]
pub struct Drawing {
    pub nodes: Vec<DrawnNode>,
    pub edges: Vec<Edge>,
}

/// Edge kinds in the order they are drawn (later on top) and listed.
pub const EDGE_KINDS: [(EdgeKind, &str); 8] = [
    (EdgeKind::Asserts, "asserts (document → claim)"),
    (EdgeKind::PublishedBy, "published by"),
    (EdgeKind::Credits, "credits (names as its source)"),
    (EdgeKind::AttributedTo, "attributed to (in the sentence)"),
    (EdgeKind::OriginatesAt, "originates at"),
    (EdgeKind::Candidate, "candidate origin (contested)"),
    (EdgeKind::DerivesFrom, "derives from (partial reuse)"),
    (EdgeKind::Copies, "copies (near-duplicate)"),
];

/// Colour and dash pattern of an edge kind.
pub fn edge_style(kind: EdgeKind) -> (&'static str, &'static str) {
    match kind {
        EdgeKind::Copies => ("#dc2626", ""),
        EdgeKind::DerivesFrom => ("#ea580c", "6 4"),
        EdgeKind::Credits => ("#2563eb", "2 3"),
        EdgeKind::OriginatesAt => ("#16a34a", ""),
        EdgeKind::AttributedTo => ("#7c3aed", "5 2 1 2"),
        EdgeKind::Candidate => ("#b91c1c", "8 3"),
        EdgeKind::PublishedBy => ("#64748b", "1 2"),
        EdgeKind::Asserts => ("#9ca3af", ""),
    }
}
