//! The provenance graph drawn as SVG, in three columns: documents on the
//! left, claims in the middle, outlets on the right. Edges between columns
//! are curves; copies and derivations between documents are arcs on the
//! left. Rows are ordered by the barycentre of their neighbours, which
//! keeps crossings few; the layout is linear in the graph's size, so any
//! graph draws in time. Every label is escaped here.

use std::collections::BTreeMap;
use std::fmt::Write;

use provtrace_provenance::{Edge, Node};

const ROW: f64 = 30.0;
const TOP: f64 = 30.0;
const COLUMNS: [(f64, f64); 3] = [(60.0, 250.0), (430.0, 300.0), (860.0, 250.0)];
const WIDTH: f64 = 1160.0;

/// Text made safe inside SVG text and attributes.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn column(kind: &str) -> usize {
    match kind {
        "document" => 0,
        "claim" => 1,
        _ => 2,
    }
}

fn colour(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "copies" => ("#dc2626", ""),
        "derives_from" => ("#ea580c", "6 4"),
        "credits" => ("#2563eb", "2 3"),
        "originates_at" => ("#16a34a", ""),
        "attributed_to" => ("#7c3aed", "2 3"),
        _ => ("#9ca3af", ""),
    }
}

fn short(text: &str, limit: usize) -> String {
    let mut out: String = text.chars().take(limit).collect();
    if text.chars().count() > limit {
        out.push('…');
    }
    out
}

/// Draws `nodes` and `edges` (edges whose ends are not drawn are left out).
pub(super) fn draw(nodes: &[&Node], edges: &[&Edge]) -> String {
    // Rows: documents in the order given; claims and outlets by the mean row
    // of the documents and claims they connect to.
    let mut rows: [Vec<&Node>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    for n in nodes {
        rows[column(n.kind)].push(n);
    }
    let mut position: BTreeMap<&str, f64> = BTreeMap::new();
    for (i, n) in rows[0].iter().enumerate() {
        position.insert(&*n.id, i as f64);
    }
    for c in 1..3 {
        let mut keyed: Vec<(f64, &Node)> = rows[c]
            .iter()
            .map(|n| {
                let near: Vec<f64> = edges
                    .iter()
                    .filter_map(|e| {
                        if e.to == n.id {
                            position.get(&*e.from)
                        } else if e.from == n.id {
                            position.get(&*e.to)
                        } else {
                            None
                        }
                    })
                    .copied()
                    .collect();
                let key = if near.is_empty() {
                    f64::MAX
                } else {
                    near.iter().sum::<f64>() / near.len() as f64
                };
                (key, *n)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.id.cmp(&b.1.id)));
        rows[c] = keyed.into_iter().map(|(_, n)| n).collect();
        // Spread the column over the height of the documents' column.
        let scale = if rows[c].len() > 1 && rows[0].len() > rows[c].len() {
            (rows[0].len() - 1) as f64 / (rows[c].len() - 1) as f64
        } else {
            1.0
        };
        for (i, n) in rows[c].iter().enumerate() {
            position.insert(&*n.id, i as f64 * scale);
        }
    }
    let tallest = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let height = TOP * 2.0 + tallest as f64 * ROW;
    let place = |id: &str| -> Option<(usize, f64)> {
        let node = nodes.iter().find(|n| &*n.id == id)?;
        Some((column(node.kind), TOP + position.get(id).copied()? * ROW))
    };
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" font-family="system-ui, sans-serif" font-size="12" role="img" aria-label="provenance graph">"#
    );
    for &(x, label) in
        &[(COLUMNS[0].0, "documents"), (COLUMNS[1].0, "claims"), (COLUMNS[2].0, "outlets")]
    {
        let _ = write!(out, r##"<text x="{x}" y="16" fill="#6b7280">{label}</text>"##);
    }
    for e in edges {
        let (Some((fc, fy)), Some((tc, ty))) = (place(&e.from), place(&e.to)) else { continue };
        let (stroke, dash) = colour(e.kind);
        let dash =
            if dash.is_empty() { String::new() } else { format!(r#" stroke-dasharray="{dash}""#) };
        let (fy, ty) = (fy + ROW / 2.0 - 4.0, ty + ROW / 2.0 - 4.0);
        let path = if fc == tc {
            // Within a column: an arc out to the left.
            let x = COLUMNS[fc].0;
            let bend = x - 20.0 - (fy - ty).abs().min(300.0) / 8.0;
            format!("M{x},{fy} C{bend},{fy} {bend},{ty} {x},{ty}")
        } else {
            let (from_x, to_x) = if fc < tc {
                (COLUMNS[fc].0 + COLUMNS[fc].1, COLUMNS[tc].0)
            } else {
                (COLUMNS[fc].0, COLUMNS[tc].0 + COLUMNS[tc].1)
            };
            let mid = f64::midpoint(from_x, to_x);
            format!("M{from_x},{fy} C{mid},{fy} {mid},{ty} {to_x},{ty}")
        };
        let _ = write!(
            out,
            r#"<path d="{path}" fill="none" stroke="{stroke}" stroke-width="1.3"{dash}><title>{}: {}</title></path>"#,
            escape(e.kind),
            escape(&short(&e.evidence, 300))
        );
        let _ = write!(
            out,
            r#"<circle cx="{}" cy="{ty}" r="2.5" fill="{stroke}"/>"#,
            path.rsplit(' ').next().and_then(|p| p.split(',').next()).unwrap_or("0")
        );
    }
    for (c, column_rows) in rows.iter().enumerate() {
        let (x, w) = COLUMNS[c];
        for n in column_rows {
            let Some((_, y)) = place(&n.id) else { continue };
            let fill = match n.kind {
                "outlet" => "#dbeafe",
                "claim" => "#fef3c7",
                _ => "#f3f4f6",
            };
            let _ = write!(
                out,
                r##"<g><title>{}</title><rect x="{x}" y="{y}" width="{w}" height="{}" rx="4" fill="{fill}" stroke="#6b7280"/><text x="{}" y="{}">{}</text></g>"##,
                escape(&n.label),
                ROW - 8.0,
                x + 6.0,
                y + ROW / 2.0,
                escape(&short(&n.label, if c == 1 { 44 } else { 36 }))
            );
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_every_node_is_drawn() {
        let nodes = [
            Node {
                id: "doc:a".into(),
                kind: "document",
                label: "<script>alert(1)</script>".into(),
            },
            Node { id: "claim:k1".into(), kind: "claim", label: "30,000 \"fighters\"".into() },
            Node { id: "outlet:x".into(), kind: "outlet", label: "X & Y".into() },
        ];
        let edges = [
            Edge {
                from: "doc:a".into(),
                to: "claim:k1".into(),
                kind: "asserts",
                evidence: "c1-1".into(),
            },
            Edge {
                from: "claim:k1".into(),
                to: "outlet:x".into(),
                kind: "originates_at",
                evidence: "because <b>".into(),
            },
            Edge {
                from: "doc:a".into(),
                to: "outlet:missing".into(),
                kind: "credits",
                evidence: String::new(),
            },
        ];
        let n: Vec<&Node> = nodes.iter().collect();
        let e: Vec<&Edge> = edges.iter().collect();
        let svg = draw(&n, &e);
        assert!(!svg.contains("<script") && !svg.contains("<b>"));
        assert!(svg.contains("&lt;script&gt;") && svg.contains("X &amp; Y"));
        assert_eq!(svg.matches("<rect").count(), 3);
        assert_eq!(svg.matches("<path").count(), 2, "the edge to an undrawn node is left out");
    }

    #[test]
    fn a_large_graph_draws_quickly_enough_to_test() {
        let nodes: Vec<Node> = (0..500)
            .map(|i| Node {
                id: format!("n{i}").into(),
                kind: ["document", "claim", "outlet"][i % 3],
                label: format!("node {i}"),
            })
            .collect();
        let edges: Vec<Edge> = (0..2000)
            .map(|k| Edge {
                from: format!("n{}", (k * 7919) % 500).into(),
                to: format!("n{}", (k * 104_729 + 1) % 500).into(),
                kind: "asserts",
                evidence: String::new(),
            })
            .collect();
        let svg = draw(&nodes.iter().collect::<Vec<_>>(), &edges.iter().collect::<Vec<_>>());
        assert_eq!(svg.matches("<rect").count(), 500);
    }
}
