//! `provtrace trace`: one claim's way back to where it came from, read from
//! a report `analyze` wrote.
//!
//! Input: the parsed `report.json` and what to trace: a claim id
//! (`c3-2`), a claim cluster id (`k7`), or words to search the claims'
//! sentences for. Output: text for a terminal, each matching claim with its
//! cluster's origin and reason, then each witness in the order the claim
//! travelled (the first text that states it first), the link each came
//! through (copy, rewrite, credit) and the passage quoted as evidence.
//! It reads; it prints nothing ([`crate::cli`] does).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

/// At most this many claims are traced for a search; the rest are counted.
const MOST: usize = 5;

/// What `query` finds in `report`, written out; `None` when nothing
/// matches.
pub fn trace(report: &Value, query: &str) -> Option<String> {
    let view = View::new(report);
    let found: Vec<&Value> = if let Some(claim) = view.claims.get(query) {
        vec![*claim]
    } else if let Some(cluster) = view.clusters.get(query) {
        claim_ids(cluster).filter_map(|id| view.claims.get(id).copied()).collect()
    } else {
        let needle = query.to_lowercase();
        view.order
            .iter()
            .filter(|c| text(c, "text").to_lowercase().contains(&needle))
            .copied()
            .collect()
    };
    if found.is_empty() {
        return None;
    }
    let mut out = String::new();
    if let Some(cluster) = view.clusters.get(query) {
        View::cluster(&mut out, cluster);
        // A cluster's witnesses, each with the way it came.
        for claim in &found {
            view.way(&mut out, claim);
        }
        return Some(out);
    }
    for claim in found.iter().take(MOST) {
        let clusters = view.clusters_of.get(text(claim, "id")).cloned().unwrap_or_default();
        let _ = writeln!(out, "claim {}: “{}”", text(claim, "id"), one_line(text(claim, "text")));
        let _ = writeln!(out, "  in {}", view.document(text(claim, "doc")));
        view.way(&mut out, claim);
        if let Some(origin) = claim.get("origin").filter(|o| !o.is_null()) {
            let _ = writeln!(out, "  origin of this claim: {}", origin_line(origin));
        }
        for cluster in clusters {
            View::cluster(&mut out, cluster);
        }
        out.push('\n');
    }
    if found.len() > MOST {
        let _ = writeln!(
            out,
            "{} more claims match; give a claim id (c…) or more words to trace one",
            found.len() - MOST
        );
    }
    Some(out)
}

/// The parts of a report a trace reads, indexed.
struct View<'a> {
    claims: BTreeMap<&'a str, &'a Value>,
    /// The claims in the report's order.
    order: Vec<&'a Value>,
    clusters: BTreeMap<&'a str, &'a Value>,
    clusters_of: BTreeMap<&'a str, Vec<&'a Value>>,
    documents: BTreeMap<&'a str, &'a Value>,
}

impl<'a> View<'a> {
    fn new(report: &'a Value) -> View<'a> {
        let list =
            |key: &str| report.get(key).and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
        let order: Vec<&Value> = list("claims").iter().collect();
        let claims = order.iter().map(|c| (text(c, "id"), *c)).collect();
        let mut clusters = BTreeMap::new();
        let mut clusters_of: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
        for k in list("claim_clusters") {
            clusters.insert(text(k, "id"), k);
            for id in claim_ids(k) {
                clusters_of.entry(id).or_default().push(k);
            }
        }
        let documents = list("documents").iter().map(|d| (text(d, "id"), d)).collect();
        View { claims, order, clusters, clusters_of, documents }
    }

    /// A document as a reader knows it: its title, outlet and date, then
    /// its id.
    fn document(&self, id: &str) -> String {
        let Some(d) = self.documents.get(id) else { return id.to_string() };
        let title = d.get("title").and_then(Value::as_str).unwrap_or("untitled");
        let outlet = d.pointer("/outlet/name").and_then(Value::as_str).unwrap_or("outlet unknown");
        let date = d.pointer("/published/date").and_then(Value::as_str).unwrap_or("undated");
        format!("“{}” ({outlet}, {date}) [{id}]", one_line(title))
    }

    /// A cluster's summary, origin and candidates.
    fn cluster(out: &mut String, k: &Value) {
        let origin = &k["origin"];
        let _ = writeln!(
            out,
            "  cluster {} “{}”: {} witnesses",
            text(k, "id"),
            one_line(text(k, "summary")),
            claim_ids(k).count()
        );
        let _ = writeln!(out, "    origin: {}", origin_line(origin));
        for c in origin.get("candidates").and_then(Value::as_array).into_iter().flatten() {
            let _ = writeln!(out, "    candidate {} ({})", text(c, "outlet"), text(c, "kind"));
            for e in c.get("evidence").and_then(Value::as_array).into_iter().flatten() {
                let _ = writeln!(out, "      {}", one_line(e.as_str().unwrap_or_default()));
            }
        }
    }

    /// The way `claim` came: each claim it was taken from, with the link and
    /// the passage, back to the first text that states it.
    fn way(&self, out: &mut String, claim: &Value) {
        let mut at = claim;
        let mut seen = vec![text(claim, "id")];
        let _ = writeln!(out, "  way, from this claim back to where it was first stated:");
        let _ = writeln!(
            out,
            "    {} {}: “{}”",
            text(at, "id"),
            self.document(text(at, "doc")),
            one_line(text(at, "text"))
        );
        while let Some(from) = at.get("derived_from").filter(|f| !f.is_null()) {
            let kind = text(from, "kind");
            let source = text(from, "doc");
            let passage = match (from.get("source_span"), from.get("target_span")) {
                (Some(s), Some(t)) if !s.is_null() => format!(", passage {s} ← {t}"),
                _ => ", the whole text derives from it".to_string(),
            };
            let Some(next) =
                from.get("claim").and_then(Value::as_str).and_then(|id| self.claims.get(id))
            else {
                let _ = writeln!(
                    out,
                    "      ← taken by {kind}{passage} from {}, whose claims do not say it in these words",
                    self.document(source)
                );
                break;
            };
            let _ = writeln!(
                out,
                "      ← taken by {kind} (similarity {}{passage}) from {} {}: “{}”",
                from.get("similarity").map_or(String::new(), Value::to_string),
                text(next, "id"),
                self.document(source),
                one_line(text(next, "text"))
            );
            if seen.contains(&text(next, "id")) {
                break;
            }
            seen.push(text(next, "id"));
            at = next;
        }
    }
}

fn claim_ids(k: &Value) -> impl Iterator<Item = &str> {
    k.get("claims").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
}

fn origin_line(origin: &Value) -> String {
    let outlet = origin.get("outlet").and_then(Value::as_str).unwrap_or("unknown");
    let reason = origin.get("reason").and_then(Value::as_str).unwrap_or_default();
    let contested = if origin.get("contested").and_then(Value::as_bool) == Some(true) {
        " (contested)"
    } else {
        ""
    };
    format!("{outlet}{contested}: {}", one_line(reason))
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// `s` on one line: runs of white space made one space.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
