//! `report.json`: the report for machines, keys in the order of the model,
//! ending with a newline. The top-level fields and the items of their
//! lists each start a line, and each item is written on its one line: the
//! file reads like JSON Lines inside one object (`grep c12-3 report.json`
//! finds the whole claim) at close to the size of compact JSON.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

use super::Report;

/// Writes the report, without holding the whole text.
pub(super) fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    // The serializer makes many small writes: a buffer of a known type takes
    // them without a dynamic call each.
    let mut buffered = io::BufWriter::with_capacity(1 << 16, out);
    let mut serializer = serde_json::Serializer::with_formatter(&mut buffered, Lines::default());
    report.serialize(&mut serializer)?;
    buffered.write_all(b"\n")?;
    buffered.flush()
}

/// Objects this deep or shallower have one member a line, and lists one
/// deeper (`graph.edges`); everything inside is written compactly.
const BROKEN_DEPTH: usize = 2;

/// Pretty-prints the outer levels, compact below them.
#[derive(Default)]
struct Lines {
    /// For each open container, whether its members start lines.
    open: Vec<bool>,
    has_value: bool,
}

impl Lines {
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        let depth = self.open.len() + 1;
        let list = bracket == b"[";
        let outer = self.open.last().copied().unwrap_or(true);
        self.open.push(outer && (depth <= BROKEN_DEPTH || list && depth == BROKEN_DEPTH + 1));
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        if self.open.pop().unwrap_or(false) && self.has_value {
            w.write_all(b"\n")?;
            indent(w, self.open.len())?;
        }
        w.write_all(bracket)
    }

    fn broken(&self) -> bool {
        self.open.last().copied().unwrap_or(false)
    }

    fn member<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if self.broken() {
            w.write_all(if first { b"\n" } else { b",\n" })?;
            indent(w, self.open.len())
        } else if first {
            Ok(())
        } else {
            w.write_all(b",")
        }
    }
}

fn indent<W: ?Sized + Write>(w: &mut W, depth: usize) -> io::Result<()> {
    for _ in 0..depth {
        w.write_all(b"  ")?;
    }
    Ok(())
}

impl Formatter for Lines {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.member(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.member(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(if self.broken() { b": " } else { b":" })
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(value: &serde_json::Value) -> String {
        let mut out = Vec::new();
        value
            .serialize(&mut serde_json::Serializer::with_formatter(&mut out, Lines::default()))
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn outer_levels_break_inner_ones_do_not() {
        let value = serde_json::json!({
            "summary": {"documents": 2},
            "claims": [{"id": "c1-1", "span": [0, 4], "quotes": []}, {"id": "c1-2"}],
            "skipped": [],
            "graph": {"nodes": [], "edges": [{"from": "a", "at": [1]}]}
        });
        // `json!` sorts keys; the report keeps the order of its model.
        let want = r#"{
  "claims": [
    {"id":"c1-1","quotes":[],"span":[0,4]},
    {"id":"c1-2"}
  ],
  "graph": {
    "edges": [
      {"at":[1],"from":"a"}
    ],
    "nodes": []
  },
  "skipped": [],
  "summary": {
    "documents": 2
  }
}"#;
        let got = render(&value);
        assert_eq!(got, want);
        assert_eq!(serde_json::from_str::<serde_json::Value>(&got).unwrap(), value);
    }
}
