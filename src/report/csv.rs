//! `reuse.csv` and `claims.csv` for spreadsheets. The `csv` crate quotes
//! every field that needs it.

use std::fmt::Write;

use super::Report;

pub(super) fn reuse(report: &Report) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "source",
        "target",
        "derivation",
        "coverage",
        "verbatim_coverage",
        "jaccard",
        "source_in_target",
        "target_in_source",
        "near_duplicate",
        "passages",
        "direction_reason",
    ])?;
    for r in &report.reuse {
        w.write_record([
            r.source.clone(),
            r.target.clone(),
            super::json_name(&r.derivation),
            r.coverage.to_string(),
            r.verbatim_coverage.to_string(),
            r.jaccard.to_string(),
            r.containment.source_in_target.to_string(),
            r.containment.target_in_source.to_string(),
            r.near_duplicate.to_string(),
            r.passages.len().to_string(),
            r.direction_reason.clone(),
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

pub(super) fn claims(report: &Report) -> Result<Vec<u8>, csv::Error> {
    let cluster_of: rustc_hash::FxHashMap<(usize, usize), &crate::provenance::ClaimCluster> =
        report.claim_clusters.iter().flat_map(|k| k.members.iter().map(move |&m| (m, k))).collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "claim",
        "doc",
        "start",
        "end",
        "text",
        "quantities",
        "attributions",
        "cluster",
        "origin",
        "contested",
        "confidence",
    ])?;
    let mut quantities = String::new();
    let mut attributions = String::new();
    for c in &report.claims {
        let cluster = cluster_of.get(&(c.doc, c.index));
        quantities.clear();
        for q in &c.claim.quantities {
            if !quantities.is_empty() {
                quantities.push_str("; ");
            }
            let _ = write!(quantities, "{}", q.value);
            if let Some(unit) = q.unit.as_deref().filter(|u| !u.trim().is_empty()) {
                let _ = write!(quantities, " {}", unit.trim());
            }
        }
        attributions.clear();
        for (k, a) in c.claim.attributions.iter().enumerate() {
            if k > 0 {
                attributions.push_str("; ");
            }
            attributions.push_str(&a.source);
        }
        w.write_field(c.id())?;
        w.write_field(report.claim_doc(c))?;
        w.write_field(c.claim.span.start.to_string())?;
        w.write_field(c.claim.span.end.to_string())?;
        w.write_field(report.claim_text(c))?;
        w.write_field(&quantities)?;
        w.write_field(&attributions)?;
        w.write_field(cluster.map_or("", |k| k.id.as_str()))?;
        w.write_field(cluster.and_then(|k| k.origin.outlet.as_deref()).unwrap_or(""))?;
        w.write_field(if cluster.is_some_and(|k| k.origin.contested) { "true" } else { "false" })?;
        w.write_field(cluster.map(|k| k.origin.confidence.to_string()).unwrap_or_default())?;
        w.write_record(None::<&[u8]>)?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
