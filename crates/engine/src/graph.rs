//! The outlets of a corpus and the provenance graph: outlets, documents
//! and claim clusters, and every relation between them with its evidence.

use rayon::prelude::*;

use provtrace_attribution::claims;
use provtrace_attribution::gazetteer::Gazetteer;
use provtrace_ingest::ingest::Document;
use provtrace_provenance::{self as provenance, EdgeKind, Graph, NodeId, NodeKind, Witness};
use provtrace_similarity::align;

use crate::Rayon;
use crate::document::Analysed;
use provtrace_report::{self as report, Outlet, Reuse};
use provtrace_similarity::duplicates::Cluster;

/// The provenance graph: outlets, documents and claim clusters, and every
/// relation between them with its evidence.
pub(crate) fn graph(
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
        g.node(outlet_node(&o.name), NodeKind::Outlet, o.name.clone());
    }
    for ((doc, a), node) in docs.iter().zip(analysed).zip(&doc_nodes) {
        // Copies share a title; the id tells them apart.
        g.node(node.clone(), NodeKind::Document, doc.id.clone());
        if let Some(o) = &a.page.outlet {
            g.edge(
                node.clone(),
                outlet_node(&o.name),
                EdgeKind::PublishedBy,
                format!("{}: {}", o.method, o.evidence.text),
            );
        }
        for c in &a.page.credits {
            g.edge(
                node.clone(),
                outlet_node(&c.outlet),
                EdgeKind::Credits,
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
                    EdgeKind::Copies,
                    format!("{}: near-duplicate", cluster.report.id),
                );
            }
        }
    }
    for r in reuse.iter().filter(|r| !r.near_duplicate && r.derivation != align::Derivation::None) {
        g.edge(
            doc_node(&r.target),
            doc_node(&r.source),
            EdgeKind::DerivesFrom,
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
            g.node(node.clone(), NodeKind::Claim, k.summary.clone());
            for (claim, &(d, c)) in k.claim_ids().zip(&k.members) {
                g.edge(doc_nodes[d].clone(), node.clone(), EdgeKind::Asserts, claim.clone());
                for a in witnesses[d].claims[c]
                    .attributions
                    .iter()
                    .filter(|a| a.source_kind == claims::SourceKind::Outlet)
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

pub(crate) fn outlets(
    docs: &[Document],
    analysed: &[Analysed],
    gazetteer: &Gazetteer,
) -> Vec<Outlet> {
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
pub(crate) fn slug(name: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("The New York Times"), "the-new-york-times");
        assert_eq!(slug("Radio Free Europe/Radio Liberty"), "radio-free-europe-radio-liberty");
        assert_eq!(slug("El País"), "el-país");
    }
}
