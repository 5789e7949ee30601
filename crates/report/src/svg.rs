//! A drawing of the provenance graph as SVG, in three columns: documents
//! on the left, claims in the middle, outlets on the right. Rows are
//! ordered by the barycentre of their neighbours, which keeps crossings
//! few, and the layout is linear in the graph's size, so any graph draws in
//! time. So that every edge can be seen:
//!
//! - an edge from a document to an outlet runs through the gap between two
//!   claim boxes, never under one;
//! - edges between the same two nodes (a claim `attributed_to` and
//!   `originates_at` one outlet) are drawn side by side, not on one path;
//! - copies and derivations between documents are arcs on the left;
//! - the coloured kinds are drawn over the grey ones.
//!
//! Each node links to its place in the page and each edge says its
//! evidence on hover. Every label is escaped here.

use std::collections::BTreeMap;
use std::fmt::Write;

use rustc_hash::FxHashMap;

use provtrace_provenance::{EdgeKind, NodeKind};

use super::diagram::{Drawing, DrawnNode, EDGE_KINDS, edge_style};

const ROW: f64 = 42.0;
const BOX: f64 = 34.0;
const TOP: f64 = 30.0;
/// Widths of the documents', claims' and outlets' columns.
const WIDTHS: [f64; 3] = [280.0, 290.0, 230.0];
/// Room left of the first column, for the arcs between documents.
const LEFT: f64 = 90.0;
/// Room between two columns, and right of the last.
const GAP: f64 = 100.0;
const RIGHT: f64 = 20.0;
/// Characters a label line holds (at 11px) in each column.
const LINE_CHARS: [usize; 3] = [40, 44, 32];

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

fn column(kind: NodeKind) -> usize {
    match kind {
        NodeKind::Document => 0,
        NodeKind::Claim => 1,
        NodeKind::Outlet | NodeKind::Source => 2,
    }
}

/// A label in at most two lines of `chars`, the second cut with "…"; with
/// a `tail`, the label has the first line and the tail the second, so that
/// a long title never hides the outlet and date.
fn lines(label: &str, tail: &str, chars: usize) -> Vec<String> {
    let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
    // Capitals are wider than the average letter the line's length is
    // counted for: a headline in capitals gets a fifth fewer.
    let letters = label.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = label.chars().filter(|c| c.is_uppercase()).count();
    let chars = if capitals * 2 > letters { chars * 4 / 5 } else { chars };
    let room = if tail.is_empty() { 2 } else { 1 };
    let wrapped = textwrap::wrap(&label, chars);
    let mut out: Vec<String> = wrapped.iter().take(room).map(ToString::to_string).collect();
    if let Some(last) = out.last_mut().filter(|_| wrapped.len() > room) {
        let keep: String = last.chars().take(chars.saturating_sub(1)).collect();
        *last = format!("{}…", keep.trim_end());
    }
    if !tail.is_empty() {
        out.push(provtrace_text::clip(tail, chars));
    }
    out
}

/// Draws `d` (edges whose ends are not drawn are left out).
pub(super) fn draw(d: &Drawing) -> String {
    let nodes = &d.nodes;
    // Rows: documents in the order given; claims, then outlets, by the
    // mean row of the nodes they connect to.
    let mut rows: [Vec<&DrawnNode>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    for n in nodes {
        rows[column(n.kind)].push(n);
    }
    let mut position: FxHashMap<&str, f64> = FxHashMap::default();
    for (i, n) in rows[0].iter().enumerate() {
        position.insert(&*n.id, i as f64);
    }
    let mut neighbours: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
    for e in &d.edges {
        neighbours.entry(&*e.from).or_default().push(&*e.to);
        neighbours.entry(&*e.to).or_default().push(&*e.from);
    }
    for c in 1..3 {
        let mut keyed: Vec<(f64, &DrawnNode)> = rows[c]
            .iter()
            .map(|n| {
                let near: Vec<f64> = neighbours
                    .get(&*n.id)
                    .into_iter()
                    .flatten()
                    .filter_map(|other| position.get(other))
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
    // Only the columns that hold something are drawn, side by side.
    let mut columns = [(0.0, 0.0); 3];
    let mut x = LEFT;
    for (c, column) in columns.iter_mut().enumerate() {
        *column = (x, WIDTHS[c]);
        if !rows[c].is_empty() {
            x += WIDTHS[c] + GAP;
        }
    }
    let width = x - GAP + RIGHT;
    let tallest = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let height = TOP * 2.0 + tallest as f64 * ROW;
    let by_id: FxHashMap<&str, &DrawnNode> = nodes.iter().map(|n| (&*n.id, n)).collect();
    // The top of a node's box.
    let top = |id: &str| position.get(id).map(|p| TOP + p * ROW);
    // Gaps between claim boxes, by their middle, for the long edges.
    let gaps: Vec<f64> = {
        let mut tops: Vec<f64> = rows[1].iter().filter_map(|n| top(&n.id)).collect();
        tops.sort_by(f64::total_cmp);
        let mut gaps = Vec::new();
        if let (Some(first), Some(last)) = (tops.first(), tops.last()) {
            gaps.push(first - (ROW - BOX) / 2.0);
            gaps.extend(tops.windows(2).map(|w| f64::midpoint(w[0] + BOX, w[1])));
            gaps.push(last + BOX + (ROW - BOX) / 2.0);
        }
        gaps
    };
    // Edges between the same two nodes, numbered so that each is drawn
    // beside the others.
    let mut parallel: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for e in &d.edges {
        *parallel.entry(pair(&e.from, &e.to)).or_default() += 1;
    }
    let mut seen: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let rank = |kind: EdgeKind| EDGE_KINDS.iter().position(|(k, _)| *k == kind).unwrap_or(0);
    let mut edges: Vec<&provtrace_provenance::Edge> = d.edges.iter().collect();
    edges.sort_by_key(|e| rank(e.kind));

    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-family="system-ui, sans-serif" font-size="11" role="img" aria-label="provenance graph">"#
    );
    for (c, label) in ["documents", "claims", "outlets"].into_iter().enumerate() {
        if !rows[c].is_empty() {
            let x = columns[c].0;
            let _ = write!(out, r##"<text x="{x}" y="16" fill="#6b7280">{label}</text>"##);
        }
    }
    out.push_str(r#"<g class="edges">"#);
    for e in edges {
        let (Some(from), Some(to)) = (by_id.get(&*e.from), by_id.get(&*e.to)) else { continue };
        let (Some(fy), Some(ty)) = (top(&e.from), top(&e.to)) else { continue };
        let key = pair(&e.from, &e.to);
        let count = parallel.get(&key).copied().unwrap_or(1);
        let nth = seen.entry(key).or_default();
        let shift = (*nth as f64 - (count as f64 - 1.0) / 2.0) * 6.0;
        *nth += 1;
        let (fc, tc) = (column(from.kind), column(to.kind));
        let (fy, ty) = (fy + BOX / 2.0 + shift, ty + BOX / 2.0 + shift);
        let (path, end) = if fc == tc {
            // Within a column: an arc out to the left.
            let x = columns[fc].0;
            let bend = x - 18.0 - (fy - ty).abs().min(480.0) / 8.0 - shift.abs();
            (format!("M{x},{fy} C{bend},{fy} {bend},{ty} {x},{ty}"), (x, ty))
        } else {
            // From the node on the left to the node on the right.
            let forward = fc < tc;
            let ((lc, ly), (rc, ry)) =
                if forward { ((fc, fy), (tc, ty)) } else { ((tc, ty), (fc, fy)) };
            let lx = columns[lc].0 + columns[lc].1;
            let rx = columns[rc].0;
            let path = if rc - lc == 2 && !gaps.is_empty() {
                let want = f64::midpoint(ly, ry);
                let gy = gaps
                    .iter()
                    .copied()
                    .min_by(|a, b| (a - want).abs().total_cmp(&(b - want).abs()))
                    .unwrap_or(want)
                    + shift / 2.0;
                let (ax, bx) = (columns[1].0 - 12.0, columns[1].0 + columns[1].1 + 12.0);
                let (m1, m2) = (f64::midpoint(lx, ax), f64::midpoint(bx, rx));
                format!(
                    "M{lx},{ly} C{m1},{ly} {m1},{gy} {ax},{gy} L{bx},{gy} C{m2},{gy} {m2},{ry} {rx},{ry}"
                )
            } else {
                let mid = f64::midpoint(lx, rx);
                format!("M{lx},{ly} C{mid},{ly} {mid},{ry} {rx},{ry}")
            };
            (path, if forward { (rx, ry) } else { (lx, ly) })
        };
        let (stroke, dash) = edge_style(e.kind);
        let dash =
            if dash.is_empty() { String::new() } else { format!(r#" stroke-dasharray="{dash}""#) };
        let width =
            if matches!(e.kind, EdgeKind::Asserts | EdgeKind::PublishedBy) { 1.2 } else { 1.8 };
        let _ = write!(
            out,
            r#"<path class="edge" data-kind="{}" d="{path}" fill="none" stroke="{stroke}" stroke-width="{width}"{dash}><title>{} → {} ({}): {}</title></path><circle cx="{}" cy="{}" r="2.6" fill="{stroke}"/>"#,
            e.kind,
            escape(&from.full()),
            escape(&to.full()),
            escape(&e.kind.name().replace('_', " ")),
            escape(&provtrace_text::clip(&e.evidence, 200)),
            end.0,
            end.1,
        );
    }
    out.push_str("</g>");
    for (c, column_rows) in rows.iter().enumerate() {
        let (x, w) = columns[c];
        for n in column_rows {
            let Some(y) = top(&n.id) else { continue };
            let (fill, stroke) = match (n.kind, n.marked) {
                (_, true) => ("#fee2e2", "#dc2626"),
                (NodeKind::Outlet, _) => ("#dbeafe", "#6b7280"),
                (NodeKind::Source, _) => ("#f5f3ff", "#6b7280"),
                (NodeKind::Claim, _) => ("#fef3c7", "#6b7280"),
                _ => ("#f3f4f6", "#6b7280"),
            };
            let text = lines(&n.label, &n.tail, LINE_CHARS[c]);
            let first = if text.len() > 1 { y + BOX / 2.0 - 2.0 } else { y + BOX / 2.0 + 4.0 };
            let mut spans = String::new();
            for (i, line) in text.iter().enumerate() {
                let _ = write!(
                    spans,
                    r#"<tspan x="{}" y="{}">{}</tspan>"#,
                    x + 6.0,
                    first + i as f64 * 13.0,
                    escape(line)
                );
            }
            let _ = write!(
                out,
                r#"<a href="{}"><g class="node" data-kind="{}"><title>{} ({})</title><rect x="{x}" y="{y}" width="{w}" height="{BOX}" rx="4" fill="{fill}" stroke="{stroke}" stroke-width="{}"/><text>{spans}</text></g></a>"#,
                escape(&n.href),
                n.kind,
                escape(&n.full()),
                escape(&n.detail),
                if n.marked { 2 } else { 1 },
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// The two ends of an edge, in order, whichever way it points.
fn pair<'a>(a: &'a str, b: &'a str) -> (&'a str, &'a str) {
    if a <= b { (a, b) } else { (b, a) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use provtrace_provenance::Edge;

    fn node(id: &str, kind: &str, label: &str) -> DrawnNode {
        let kind = match kind {
            "document" => NodeKind::Document,
            "claim" => NodeKind::Claim,
            _ => NodeKind::Outlet,
        };
        DrawnNode {
            id: id.into(),
            kind,
            label: label.into(),
            tail: String::new(),
            detail: String::new(),
            href: format!("#{id}"),
            marked: false,
        }
    }

    fn edge(from: &str, to: &str, kind: &str, evidence: &str) -> Edge {
        let kind = EDGE_KINDS.iter().map(|(k, _)| *k).find(|k| k.name() == kind).expect("a kind");
        Edge { from: from.into(), to: to.into(), kind, evidence: evidence.into() }
    }

    #[test]
    fn a_long_title_is_cut_and_the_outlet_and_date_kept() {
        let title =
            "Engineers Find Cracks in Lake Orrin Dam; 4,200 Residents Told to Leave Their Homes";
        let got = lines(title, "Northwind Gazette, 2025-03-04", 34);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].ends_with('…') && got[0].starts_with("Engineers"), "{got:?}");
        assert_eq!(got[1], "Northwind Gazette, 2025-03-04");
        // Without a tail, a label takes both lines.
        assert_eq!(lines(title, "", 34).len(), 2);
        assert_eq!(lines("Short", "", 34), ["Short"]);
    }

    #[test]
    fn labels_are_escaped_and_every_node_is_drawn() {
        let d = Drawing {
            nodes: vec![
                node("doc:a", "document", "<script>alert(1)</script>"),
                node("claim:k1", "claim", "30,000 \"fighters\""),
                node("outlet:x", "outlet", "X & Y"),
            ],
            edges: vec![
                edge("doc:a", "claim:k1", "asserts", "c1-1"),
                edge("claim:k1", "outlet:x", "originates_at", "because <b>"),
                edge("doc:a", "outlet:missing", "credits", ""),
            ],
        };
        let svg = draw(&d);
        assert!(!svg.contains("<script") && !svg.contains("<b>"));
        assert!(svg.contains("&lt;script&gt;") && svg.contains("X &amp; Y"));
        assert_eq!(svg.matches("<rect").count(), 3);
        assert_eq!(svg.matches("<path").count(), 2, "the edge to an undrawn node is left out");
    }

    /// The path data of each drawn edge, by kind.
    fn paths(svg: &str) -> Vec<(String, String)> {
        svg.split("<path class=\"edge\" data-kind=\"")
            .skip(1)
            .map(|rest| {
                let kind = rest.split('"').next().unwrap_or_default().to_string();
                let d =
                    rest.split("d=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or_default();
                (kind, d.to_string())
            })
            .collect()
    }

    #[test]
    fn parallel_edges_take_different_paths_and_long_edges_pass_between_claims() {
        let d = Drawing {
            nodes: vec![
                node("doc:a", "document", "a"),
                node("doc:b", "document", "b"),
                node("doc:c", "document", "c"),
                node("claim:k1", "claim", "one"),
                node("claim:k2", "claim", "two"),
                node("outlet:x", "outlet", "X"),
            ],
            edges: vec![
                edge("doc:a", "claim:k1", "asserts", ""),
                edge("doc:c", "claim:k2", "asserts", ""),
                edge("claim:k1", "outlet:x", "attributed_to", ""),
                edge("claim:k1", "outlet:x", "originates_at", ""),
                edge("doc:b", "outlet:x", "credits", ""),
            ],
        };
        let svg = draw(&d);
        let paths = paths(&svg);
        let of = |kind: &str| paths.iter().find(|(k, _)| k == kind).map(|(_, d)| d.clone());
        assert_ne!(of("attributed_to"), of("originates_at"), "drawn on one path");
        // The credit crosses the claims' column on a straight run, at a
        // height no claim box covers.
        let credit = of("credits").expect("credits drawn");
        let run = credit.split(" L").nth(1).expect("a straight run");
        let y: f64 = run
            .split(',')
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .and_then(|s| s.parse().ok())
            .expect("y");
        for k in 0..2 {
            let box_top = TOP + f64::from(k) * 2.0 * ROW;
            assert!(y < box_top || y > box_top + BOX, "the credit runs under claim box {k} at {y}");
        }
    }

    #[test]
    fn a_large_graph_draws_quickly_enough_to_test() {
        let nodes: Vec<DrawnNode> = (0..500)
            .map(|i| {
                node(&format!("n{i}"), ["document", "claim", "outlet"][i % 3], &format!("node {i}"))
            })
            .collect();
        let edges: Vec<Edge> = (0..2000)
            .map(|k| {
                edge(
                    &format!("n{}", (k * 7919) % 500),
                    &format!("n{}", (k * 104_729 + 1) % 500),
                    "asserts",
                    "",
                )
            })
            .collect();
        let svg = draw(&Drawing { nodes, edges });
        assert_eq!(svg.matches("<rect").count(), 500);
    }
}
