//! `report.json`: the report for machines, pretty-printed, keys in the order
//! of the model, ending with a newline.

use super::Report;

/// Writes the report, without holding the whole text.
pub(super) fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    out.write_all(b"\n")
}
