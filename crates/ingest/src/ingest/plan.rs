//! Inputs as sources that can be read apart and in any order ([`Source`]),
//! for a cluster of machines: the plan, each source's extent, and reading
//! one source with the units numbered as one read of the whole would.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use provtrace_common::config::IngestConfig;

use super::{BadInput, Input, Item, PassedOver, Plan, Reader, Skipped};
/// A piece of the inputs that can be read alone, in any process and in any
/// order: the units of a run are the units of its [`plan`]'s sources, in
/// the plan's order, numbered from the counts of the sources before
/// ([`extent`]). So a cluster of machines reads one large JSON Lines file
/// in parallel and still names and numbers every document as [`items`](super::items)
/// does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    /// A file read whole as one document; `id` is its id as the walk names it.
    File {
        #[serde(with = "path_bytes")]
        path: PathBuf,
        id: String,
    },
    /// The lines of a JSON Lines file that start at a byte in `start..end`
    /// (to the end of the file when `end` is absent); `name` is the file as
    /// reported.
    Lines {
        #[serde(with = "path_bytes")]
        path: PathBuf,
        name: String,
        start: u64,
        end: Option<u64>,
    },
    /// An input that cannot be read and holds no unit (a path that does not
    /// exist, a directory that cannot be walked, a device).
    Unreadable(Skipped),
}

/// How many lines and units a [`Source`] holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Extent {
    /// Lines that start in it (blank ones too), for a JSON Lines source.
    pub lines: usize,
    /// Units (files, non-blank lines, WARC records that hold a page or
    /// text), skipped ones too.
    pub units: usize,
    /// WARC records passed over ([`PassedOver::records`]).
    pub records: usize,
}

/// The inputs as sources that can be read apart ([`Source`]), JSON Lines
/// files cut into pieces of about `split_bytes` at line starts, with what
/// the walks passed over. Standard input cannot be cut: it is refused.
pub fn plan(
    inputs: &[Input],
    config: &IngestConfig,
    split_bytes: u64,
) -> Result<(Vec<Source>, PassedOver), BadInput> {
    let mut sink = |_: Option<usize>, _: Item| {};
    let mut reader = Reader::new(
        config,
        &mut sink,
        None,
        Some(Plan { sources: Vec::new(), split_bytes: split_bytes.max(1) }),
    );
    for input in inputs {
        match input {
            Input::Stdin => {
                return Err(BadInput::StdinCannotBeSplit);
            }
            Input::Path(path) => reader.path(path),
            Input::Spooled { path, name } => reader.plan_lines(path, name.clone()),
        }
    }
    let passed_over = reader.passed_over;
    Ok((reader.plan.map(|p| p.sources).unwrap_or_default(), passed_over))
}

/// How many lines and units `source` holds: one read of it that decodes
/// nothing. `root` as in [`read_source`].
pub fn extent(source: &Source, root: Option<&Path>, config: &IngestConfig) -> Extent {
    let never = |_: usize| false;
    let mut sink = |_: Option<usize>, _: Item| {};
    let mut reader = Reader::new(config, &mut sink, Some(&never), None);
    reader.root = root;
    let lines = reader.source(source, 0);
    Extent { lines, units: reader.unit, records: reader.passed_over.records }
}

/// Where each source of a plan starts, from the extents of all
/// ([`extent`], one a source, in the plan's order): its first line (the
/// lines of its file's pieces before it) and its first unit, as
/// [`read_source`] takes them.
pub fn number(sources: &[Source], extents: &[Extent]) -> Vec<(usize, usize)> {
    let (mut line, mut unit) = (0, 0);
    sources
        .iter()
        .zip(extents)
        .map(|(source, extent)| {
            if let Source::Lines { start: 0, .. } = source {
                line = 0;
            }
            let first = (line, unit);
            line += extent.lines;
            unit += extent.units;
            first
        })
        .collect()
}

/// Reads one [`Source`] as [`items`](super::items) reads it within a whole run, its
/// relative paths opened from `root` when given (the directory the plan was
/// made in, for a process started elsewhere), else from here: its
/// first unit is numbered `first_unit`, and its first line is line
/// `first_line + 1` of its file (the lines of the file's sources before
/// it). With `wanted`, as in [`stream`](super::stream).
pub fn read_source(
    source: &Source,
    root: Option<&Path>,
    config: &IngestConfig,
    first_line: usize,
    first_unit: usize,
    wanted: Option<&dyn Fn(usize) -> bool>,
    sink: &mut dyn FnMut(Option<usize>, Item),
) {
    let mut reader = Reader { unit: first_unit, ..Reader::new(config, sink, wanted, None) };
    reader.root = root;
    reader.source(source, first_line);
}

/// Paths as their bytes, so that a name that is not UTF-8 survives being
/// sent to another process.
mod path_bytes {
    use std::path::{Path, PathBuf};

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
        #[cfg(unix)]
        let bytes = std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str());
        #[cfg(not(unix))]
        let bytes = path.to_string_lossy();
        #[cfg(not(unix))]
        let bytes = bytes.as_bytes();
        serializer.serialize_bytes(bytes)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<PathBuf, D::Error> {
        let bytes = Vec::<u8>::deserialize(deserializer)?;
        #[cfg(unix)]
        let path =
            PathBuf::from(<std::ffi::OsString as std::os::unix::ffi::OsStringExt>::from_vec(bytes));
        #[cfg(not(unix))]
        let path = PathBuf::from(String::from_utf8_lossy(&bytes).into_owned());
        Ok(path)
    }
}
