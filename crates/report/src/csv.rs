//! `reuse.csv` and `claims.csv` for spreadsheets. The `csv` crate quotes
//! every field that needs it, and [`record`] keeps a spreadsheet from
//! reading a cell of article text or an id as a formula.

use std::borrow::Cow;
use std::io::Write;

use super::Report;

pub(super) fn reuse(report: &Report, out: &mut dyn Write) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
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
        record(
            &mut w,
            [
                r.source.as_str(),
                r.target.as_str(),
                &super::json_name(&r.derivation),
                &r.coverage.to_string(),
                &r.verbatim_coverage.to_string(),
                &r.jaccard.to_string(),
                &r.containment.source_in_target.to_string(),
                &r.containment.target_in_source.to_string(),
                &r.near_duplicate.to_string(),
                &r.passages.len().to_string(),
                &r.direction_reason,
            ],
        )?;
    }
    w.flush()?;
    Ok(())
}

pub(super) fn claims(report: &Report, out: &mut dyn Write) -> Result<(), csv::Error> {
    let cluster_of: rustc_hash::FxHashMap<(usize, usize), &provtrace_provenance::ClaimCluster> =
        report.claim_clusters.iter().flat_map(|k| k.members.iter().map(move |&m| (m, k))).collect();
    let mut w = csv::Writer::from_writer(out);
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
    for c in &report.claims {
        let cluster = cluster_of.get(&(c.doc, c.index));
        let quantities: Vec<String> = c
            .claim
            .quantities
            .iter()
            .map(|q| format!("{} {}", q.value, q.unit.as_deref().unwrap_or("")).trim().to_string())
            .collect();
        let attributions: Vec<&str> =
            c.claim.attributions.iter().map(|a| a.source.as_str()).collect();
        record(
            &mut w,
            [
                c.id().as_str(),
                report.claim_doc(c),
                &c.claim.span.start.to_string(),
                &c.claim.span.end.to_string(),
                report.claim_text(c),
                &quantities.join("; "),
                &attributions.join("; "),
                cluster.map_or("", |k| k.id.as_str()),
                cluster.and_then(|k| k.origin.outlet.as_deref()).unwrap_or(""),
                if cluster.is_some_and(|k| k.origin.contested) { "true" } else { "false" },
                &cluster.map(|k| k.origin.confidence.to_string()).unwrap_or_default(),
            ],
        )?;
    }
    w.flush()?;
    Ok(())
}

/// Writes a row, each cell made safe for a spreadsheet by [`neutralise`].
pub(super) fn record<'a, W: Write>(
    w: &mut csv::Writer<W>,
    cells: impl IntoIterator<Item = &'a str>,
) -> Result<(), csv::Error> {
    w.write_record(
        cells.into_iter().map(neutralise).collect::<Vec<_>>().iter().map(|c| c.as_bytes()),
    )
}

/// A cell that a spreadsheet would take for a formula (it begins with `=`,
/// `+`, `-`, `@`, a tab or a carriage return), with `'` put before it, as
/// OWASP recommends against CSV injection: the spreadsheet then shows the
/// text as written. A cell that is a number (`-0.5`, `+3`) is left as it
/// is, and so stays a number.
pub(crate) fn neutralise(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        for (cell, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+cmd", "'+cmd"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-0.5", "-0.5"),
            ("+3", "+3"),
            ("1e5", "1e5"),
            ("plain = text", "plain = text"),
            ("", ""),
        ] {
            assert_eq!(neutralise(cell), written, "{cell:?}");
        }
    }
}
