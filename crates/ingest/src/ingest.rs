//! Reading the corpus.
//!
//! Input: paths (files, directories walked recursively in sorted order, JSON
//! Lines files) and `-` for JSON Lines on standard input. Output: a
//! [`Corpus`] of decoded [`Document`]s and the [`Skipped`] inputs, each with
//! its reason.
//!
//! Text is decoded as UTF-8 (a byte-order mark is honoured), otherwise as
//! Windows-1252, and the encoding is recorded. Binary files (a NUL byte),
//! empty files, files over the size limit, unreadable files and malformed JSON
//! lines are skipped with a reason naming the file and line; nothing here
//! stops the batch. This is the only module that opens input files.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use provtrace_common::config::IngestConfig;

mod encoding;
pub mod html;
mod ids;
mod jsonl;
mod plan;
pub mod warc;

use encoding::mostly_utf8;
pub use encoding::{
    Binary, Format, NotText, UTF8_REPLACED, binary, decode, encoding_named, format_of,
};
pub use ids::{Ids, id_family};
pub use jsonl::BadRecord;
use jsonl::record;
pub use plan::{Extent, Source, extent, number, plan, read_source};

/// One input named on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file or a directory.
    Path(PathBuf),
    /// JSON Lines on standard input.
    Stdin,
    /// A JSON Lines file reported under another name (standard input that
    /// was spooled to disk so it can be read twice).
    Spooled { path: PathBuf, name: String },
}

pub use provtrace_common::Metadata;

/// One decoded article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// Unique within the corpus: the path below the directory named, the
    /// path as named, or the JSON Lines `id` (else `file:line`).
    pub id: String,
    /// Where it was read: the path, with `:line` for JSON Lines.
    pub input: String,
    /// The text, decoded to UTF-8. Every span indexes into this.
    pub text: String,
    /// `utf-8`, `windows-1252`, `utf-16le`, ...
    pub encoding: &'static str,
    /// Size of the input before decoding.
    pub bytes: usize,
    pub metadata: Metadata,
}

pub use provtrace_common::Skipped;

/// The documents of a run and the inputs that were skipped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub skipped: Vec<Skipped>,
    /// What directory walks passed over by design (said on standard error).
    pub passed_over: PassedOver,
}

impl Corpus {
    /// A corpus from texts given in memory, named `doc-1`, `doc-2`, ...
    pub fn from_texts<S: AsRef<str>>(texts: &[S]) -> Corpus {
        let documents = texts
            .iter()
            .enumerate()
            .map(|(i, text)| Document {
                id: format!("doc-{}", i + 1),
                input: format!("doc-{}", i + 1),
                text: text.as_ref().to_string(),
                encoding: "utf-8",
                bytes: text.as_ref().len(),
                metadata: Metadata::default(),
            })
            .collect();
        Corpus { documents, skipped: Vec::new(), passed_over: PassedOver::default() }
    }
}

/// File endings read when walking a directory; a file named explicitly is
/// read whatever its ending.
const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "htm", "html", "jsonl", "ndjson", "warc"];

/// The inputs with standard input copied to a temporary file (kept while
/// the returned file lives, and removed on an interrupt), so that they can
/// be read twice.
pub fn spool_stdin(
    inputs: &[Input],
) -> std::io::Result<(Vec<Input>, Option<crate::temporary::Temporary>)> {
    if !inputs.contains(&Input::Stdin) {
        return Ok((inputs.to_vec(), None));
    }
    let mut spool = crate::temporary::create(None)?;
    let path = spool.path().to_path_buf();
    let mut file = std::io::BufWriter::new(spool.file_mut());
    std::io::copy(&mut std::io::stdin().lock(), &mut file)?;
    std::io::Write::flush(&mut file)?;
    drop(file);
    let inputs = inputs
        .iter()
        .map(|i| match i {
            Input::Stdin => Input::Spooled { path: path.clone(), name: "-".to_string() },
            other => other.clone(),
        })
        .collect();
    Ok((inputs, Some(spool)))
}

/// Reads every input into one corpus. Never fails: what cannot be read is
/// listed in [`Corpus::skipped`].
pub fn read(inputs: &[Input], config: &IngestConfig) -> Corpus {
    let mut documents = Vec::new();
    let (skipped, passed_over) = stream(inputs, config, None, &mut |_, doc| documents.push(doc));
    Corpus { documents, skipped, passed_over }
}

/// Reads the inputs one document at a time, handing each to `sink` with its
/// unit number, and returns what was skipped and passed over. A unit is a file or a
/// non-blank JSON Lines line, numbered from 0 in reading order; the same
/// inputs give the same numbers on every read. With `wanted`, only those
/// units are decoded and handed on (ids are then not made unique, and
/// nothing is reported skipped): a second pass over inputs already read.
pub fn stream(
    inputs: &[Input],
    config: &IngestConfig,
    wanted: Option<&dyn Fn(usize) -> bool>,
    sink: &mut dyn FnMut(usize, Document),
) -> (Vec<Skipped>, PassedOver) {
    let mut ids = Ids::default();
    let mut skipped = Vec::new();
    let passed_over =
        items(inputs, config, wanted, &mut |unit, item| match (unit, item.decode()) {
            (Some(unit), Ok(mut doc)) => {
                if wanted.is_none() {
                    doc.id = ids.unique(doc.id);
                }
                sink(unit, doc);
            }
            (_, Ok(_)) => {}
            (_, Err(s)) => skipped.push(s),
        });
    (skipped, passed_over)
}

/// What reading one unit gave, before its id is made unique.
#[derive(Debug)]
pub enum Item {
    /// A decoded document, its id as given.
    Document(Document),
    /// A JSON Lines line, read but not parsed: [`Item::decode`] parses it,
    /// on whichever thread. `text_field` names the field holding the text
    /// when it is not `text`.
    Line { input: String, line: Vec<u8>, text_field: Option<std::sync::Arc<str>> },
    /// A web page, read but not parsed: [`Item::decode`] finds its article
    /// ([`html::read`]), on whichever thread.
    /// `url` is where it was fetched (a WARC record's target), `charset`
    /// what the server declared.
    Page { id: String, input: String, bytes: Vec<u8>, url: Option<String>, charset: Option<String> },
    /// An input that cannot be read.
    Skipped(Skipped),
}

impl Item {
    /// The bytes it holds: what a batch of items costs in memory.
    pub fn size(&self) -> usize {
        match self {
            Item::Document(doc) => doc.text.len(),
            Item::Line { line, .. } => line.len(),
            Item::Page { bytes, .. } => bytes.len(),
            Item::Skipped(_) => 0,
        }
    }

    /// The document, its id as given (see [`Ids`]), or why there is none.
    pub fn decode(self) -> Result<Document, Skipped> {
        match self {
            Item::Document(doc) => Ok(doc),
            Item::Skipped(skipped) => Err(skipped),
            Item::Page { id, input, bytes, url, charset } => {
                match html::read(&bytes, charset.as_deref()) {
                    Ok((html::Article { text, mut metadata }, encoding)) => {
                        metadata.url = metadata.url.or(url);
                        Ok(Document { id, input, text, encoding, bytes: bytes.len(), metadata })
                    }
                    Err(reason) => Err(Skipped { input, reason: reason.to_string() }),
                }
            }
            Item::Line { input, line, text_field } => {
                let (text, encoding) = match std::str::from_utf8(&line) {
                    Ok(text) => (std::borrow::Cow::Borrowed(text), "utf-8"),
                    Err(_) if mostly_utf8(&line) => (String::from_utf8_lossy(&line), UTF8_REPLACED),
                    Err(_) => {
                        let reason = "line is not valid UTF-8, as JSON Lines must be".to_string();
                        return Err(Skipped { input, reason });
                    }
                };
                match record(&text, text_field.as_deref()) {
                    Ok((id, text, metadata)) => {
                        let id = id.unwrap_or_else(|| input.clone());
                        let bytes = text.len();
                        Ok(Document { id, input, text, encoding, bytes, metadata })
                    }
                    Err(reason) => Err(Skipped { input, reason: reason.to_string() }),
                }
            }
        }
    }
}

/// Reads the inputs unit by unit without parsing JSON Lines, handing each
/// [`Item`] to `sink` with its unit number (`None` for a skipped input that
/// is not a unit, such as a directory that cannot be walked). With
/// `wanted`, as in [`stream`].
pub fn items(
    inputs: &[Input],
    config: &IngestConfig,
    wanted: Option<&dyn Fn(usize) -> bool>,
    sink: &mut dyn FnMut(Option<usize>, Item),
) -> PassedOver {
    let mut reader = Reader::new(config, sink, wanted, None);
    for input in inputs {
        match input {
            Input::Stdin => {
                reader.json_lines(&mut Counted::new(std::io::stdin().lock()), "-", 0, None);
            }
            Input::Path(path) => reader.path(path),
            Input::Spooled { path, name } => match std::fs::File::open(path) {
                Ok(file) => {
                    reader.json_lines(&mut Counted::new(BufReader::new(file)), name, 0, None);
                }
                Err(e) => reader.skip(name.clone(), io_reason(&e)),
            },
        }
    }
    reader.passed_over
}

/// An input that cannot be taken as named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BadInput {
    /// A path that does not exist, as given.
    Missing(String),
    /// Standard input where the inputs must be cut into pieces (Spark).
    StdinCannotBeSplit,
}

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BadInput::Missing(name) => write!(f, "input `{name}` does not exist"),
            BadInput::StdinCannotBeSplit => {
                f.write_str("standard input (`-`) cannot be split; save it to a file")
            }
        }
    }
}

impl std::error::Error for BadInput {}

/// The inputs named on a command line (`-` is standard input); an error
/// for the first that does not exist, before anything is read.
pub fn named(args: &[String]) -> Result<Vec<Input>, BadInput> {
    args.iter()
        .map(|s| {
            if s == "-" {
                return Ok(Input::Stdin);
            }
            let path = PathBuf::from(s);
            match path.symlink_metadata() {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    Err(BadInput::Missing(s.clone()))
                }
                _ => Ok(Input::Path(path)),
            }
        })
        .collect()
}

/// A reader that counts the bytes consumed, so that a piece of a file
/// stops where the next begins.
struct Counted<R> {
    inner: R,
    position: u64,
}

impl<R> Counted<R> {
    fn new(inner: R) -> Counted<R> {
        Counted { inner, position: 0 }
    }
}

impl<R: BufRead> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.position += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.position += amount as u64;
        self.inner.consume(amount);
    }
}

/// What [`plan`] collects instead of reading.
struct Plan {
    sources: Vec<Source>,
    split_bytes: u64,
}

/// How many of the files passed over for their ending are named.
const PASSED_OVER_NAMED: usize = 3;

/// What a directory walk passed over by design: not skipped (nothing was
/// wrong with them), but counted, so that nothing goes unread unsaid.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PassedOver {
    /// Files whose ending is not one read (`--ext` adds endings).
    pub extension: usize,
    /// The first few of them, as the walk met them, to name in the message.
    pub examples: Vec<String>,
    /// Hidden files and directories (names starting with a dot), not entered.
    pub hidden: usize,
    /// WARC records that hold no page or text (requests, metadata,
    /// revisits, images, error pages).
    pub records: usize,
}

impl PassedOver {
    /// A line for standard error, or `None` when nothing was passed over.
    pub fn message(&self) -> Option<String> {
        let plural = provtrace_common::count;
        let mut parts = Vec::new();
        if self.extension > 0 {
            let mut named: Vec<String> = self.examples.iter().map(|e| format!("`{e}`")).collect();
            if !named.is_empty() && self.extension > named.len() {
                named.push("...".to_string());
            }
            let hint = "`--ext` adds endings";
            let said = if named.is_empty() {
                hint.to_string()
            } else {
                format!("{}; {hint}", named.join(", "))
            };
            parts.push(format!(
                "{} with other endings ({said})",
                plural(self.extension, "file", "files")
            ));
        }
        if self.hidden > 0 {
            parts.push(format!(
                "{} (names starting with a dot)",
                plural(self.hidden, "hidden file or directory", "hidden files or directories")
            ));
        }
        if self.records > 0 {
            parts.push(format!(
                "{} that hold no page or text (requests, metadata, images, error pages)",
                plural(self.records, "WARC record", "WARC records")
            ));
        }
        (!parts.is_empty()).then(|| format!("passed over {}", parts.join(" and ")))
    }
}

struct Reader<'a> {
    config: &'a IngestConfig,
    passed_over: PassedOver,
    sink: &'a mut dyn FnMut(Option<usize>, Item),
    /// The number of the next unit.
    unit: usize,
    /// The unit being read, if any.
    current: Option<usize>,
    wanted: Option<&'a dyn Fn(usize) -> bool>,
    /// When planning ([`plan`]): the sources found, nothing read.
    plan: Option<Plan>,
    /// Where relative paths are opened from, when not here.
    root: Option<&'a Path>,
    /// The JSON Lines field holding the text, when not `text`.
    text_field: Option<std::sync::Arc<str>>,
}

impl<'a> Reader<'a> {
    fn new(
        config: &'a IngestConfig,
        sink: &'a mut dyn FnMut(Option<usize>, Item),
        wanted: Option<&'a dyn Fn(usize) -> bool>,
        plan: Option<Plan>,
    ) -> Reader<'a> {
        let passed_over = PassedOver::default();
        let text_field =
            config.text_field.as_deref().filter(|f| *f != "text").map(std::sync::Arc::from);
        Reader {
            config,
            passed_over,
            sink,
            unit: 0,
            current: None,
            wanted,
            plan,
            root: None,
            text_field,
        }
    }

    /// The file at `path`, opened from [`Reader::root`].
    fn open(&self, path: &Path) -> std::io::Result<std::fs::File> {
        match self.root {
            Some(root) if path.is_relative() => std::fs::File::open(root.join(path)),
            _ => std::fs::File::open(path),
        }
    }

    fn skip(&mut self, input: impl Into<String>, reason: impl Into<String>) {
        if let Some(plan) = &mut self.plan {
            let skipped = Skipped { input: input.into(), reason: reason.into() };
            plan.sources.push(Source::Unreadable(skipped));
            return;
        }
        if self.wanted.is_none() {
            let skipped = Skipped { input: input.into(), reason: reason.into() };
            (self.sink)(self.current.take(), Item::Skipped(skipped));
        }
    }

    /// Numbers the next unit; false when it is not wanted.
    fn next_unit(&mut self) -> bool {
        let unit = self.unit;
        self.unit += 1;
        self.current = Some(unit);
        self.wanted.is_none_or(|wanted| wanted(unit))
    }

    fn emit(&mut self, item: Item) {
        (self.sink)(self.current.take(), item);
    }

    fn path(&mut self, path: &Path) {
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) => return self.skip(display_path(path), io_reason(&e)),
        };
        if !meta.is_dir() {
            // A file named on the command line: a pipe is read (`<(zcat
            // feed.jsonl.gz)`), a device or socket is not.
            let kind = meta.file_type();
            if !kind.is_file() && !is_fifo(kind) {
                return self.skip(display_path(path), not_regular(kind));
            }
            return self.file(path, display_path(path));
        }
        let mut hidden = 0;
        let walk = walkdir::WalkDir::new(path)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let keep = e.depth() == 0 || !e.file_name().as_encoded_bytes().starts_with(b".");
                hidden += usize::from(!keep);
                keep
            });
        for entry in walk {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let input = display_path(e.path().unwrap_or(path));
                    let reason = if e.loop_ancestor().is_some() {
                        "symbolic link loop; not followed".to_string()
                    } else {
                        e.io_error().map_or_else(|| e.to_string(), io_reason)
                    };
                    self.skip(input, reason);
                    continue;
                }
            };
            let kind = entry.file_type();
            if kind.is_dir() {
                continue;
            }
            if !self.has_text_extension(entry.path()) {
                self.passed_over.extension += 1;
                if self.passed_over.examples.len() < PASSED_OVER_NAMED {
                    self.passed_over.examples.push(display_path(entry.path()));
                }
                continue;
            }
            // Opening a FIFO blocks until a writer comes, and a device may
            // never end: inside a directory only regular files are read.
            if !kind.is_file() {
                self.skip(display_path(entry.path()), not_regular(kind));
                continue;
            }
            let relative = entry.path().strip_prefix(path).unwrap_or(entry.path());
            // Joined with `/` on every system; a backslash in a Unix name stays.
            let parts: Vec<String> =
                relative.iter().map(|part| display_path(Path::new(part))).collect();
            let id = parts.join("/");
            self.file(entry.path(), id);
        }
        self.passed_over.hidden += hidden;
    }

    fn file(&mut self, path: &Path, id: String) {
        let input = display_path(path);
        if is_json_lines(path) {
            if self.plan.is_some() {
                return self.plan_lines(path, input);
            }
            match self.open(path) {
                Ok(file) => {
                    self.json_lines(&mut Counted::new(BufReader::new(file)), &input, 0, None);
                }
                Err(e) => self.skip(input, io_reason(&e)),
            }
            return;
        }
        let file = match self.open(path) {
            Ok(file) => file,
            Err(e) => return self.skip(input, io_reason(&e)),
        };
        let mut file = BufReader::with_capacity(64 << 10, file);
        let compressed = match file.fill_buf() {
            Ok(head) => warc_kind(head),
            Err(e) => return self.skip(input, io_reason(&e)),
        };
        // Planned, a file is one source, a WARC archive too: its records
        // are numbered when it is read, one task an archive.
        if let Some(plan) = &mut self.plan {
            plan.sources.push(Source::File { path: path.to_path_buf(), id });
            return;
        }
        if let Some(compressed) = compressed {
            return self.warc(file, &input, compressed);
        }
        if !self.next_unit() {
            return;
        }
        let limit = self.config.max_document_bytes;
        let mut bytes = Vec::new();
        if let Err(e) = file.take(limit as u64 + 1).read_to_end(&mut bytes) {
            return self.skip(input, io_reason(&e));
        }
        if bytes.len() > limit {
            return self.skip(
                input,
                format!("larger than the limit of {limit} bytes (`ingest.max_document_bytes`)"),
            );
        }
        if html::is_html(&bytes) {
            return self.emit(Item::Page { id, input, bytes, url: None, charset: None });
        }
        match decode(&bytes) {
            Ok((text, encoding)) => {
                let doc = Document {
                    id,
                    input,
                    text,
                    encoding,
                    bytes: bytes.len(),
                    metadata: Metadata::default(),
                };
                self.emit(Item::Document(doc));
            }
            Err(reason) => self.skip(input, reason.to_string()),
        }
    }

    /// The records of a WARC archive, each page or text a unit.
    fn warc(&mut self, file: BufReader<std::fs::File>, input: &str, compressed: bool) {
        let limit = self.config.max_document_bytes;
        let mut sink = |found: warc::Found| self.warc_record(input, compressed, found);
        if compressed {
            let decoder = flate2::bufread::MultiGzDecoder::new(file);
            warc::records(BufReader::new(decoder), limit, &mut sink);
        } else {
            warc::records(file, limit, &mut sink);
        }
    }

    fn warc_record(&mut self, input: &str, compressed: bool, found: warc::Found) {
        let at = |offset: u64| {
            let of = if compressed { " of the decompressed archive" } else { "" };
            format!("{input} (record at byte {offset}{of})")
        };
        match found {
            warc::Found::Document { uri, offset, html, charset, bytes } => {
                if !self.next_unit() {
                    return;
                }
                let input = at(offset);
                let id = if uri.is_empty() { input.clone() } else { uri.clone() };
                if html {
                    let url = Some(uri).filter(|u| !u.is_empty());
                    return self.emit(Item::Page { id, input, bytes, url, charset });
                }
                match decode(&bytes) {
                    Ok((text, encoding)) => {
                        let metadata = Metadata {
                            url: Some(uri).filter(|u| !u.is_empty()),
                            ..Metadata::default()
                        };
                        let bytes = bytes.len();
                        self.emit(Item::Document(Document {
                            id,
                            input,
                            text,
                            encoding,
                            bytes,
                            metadata,
                        }));
                    }
                    Err(reason) => self.skip(input, reason.to_string()),
                }
            }
            warc::Found::PassedOver => self.passed_over.records += 1,
            warc::Found::Bad { offset, reason } => {
                self.current = None;
                self.skip(at(offset), reason);
            }
        }
    }

    /// A JSON Lines file planned as pieces of about the split size each; a
    /// pipe, whose size is not known, as one.
    fn plan_lines(&mut self, path: &Path, name: String) {
        let size = match std::fs::File::open(path).and_then(|f| f.metadata()) {
            Ok(meta) if meta.is_file() => meta.len(),
            Ok(_) => 0,
            Err(e) => return self.skip(name, io_reason(&e)),
        };
        let Some(plan) = &mut self.plan else { return };
        let step = plan.split_bytes;
        let mut start: u64 = 0;
        loop {
            let end = start.saturating_add(step);
            let last = size == 0 || end >= size;
            let end = (!last).then_some(end);
            plan.sources.push(Source::Lines {
                path: path.to_path_buf(),
                name: name.clone(),
                start,
                end,
            });
            match end {
                Some(end) => start = end,
                None => break,
            }
        }
    }

    /// Reads one source (see [`read_source`]); the lines that start in it.
    fn source(&mut self, source: &Source, first_line: usize) -> usize {
        match source {
            Source::File { path, id } => {
                self.file(path, id.clone());
                0
            }
            Source::Unreadable(skipped) => {
                self.skip(skipped.input.clone(), skipped.reason.clone());
                0
            }
            Source::Lines { path, name, start, end } => {
                let file = match self.open(path) {
                    Ok(file) => file,
                    Err(e) => {
                        self.skip(name.clone(), io_reason(&e));
                        return 0;
                    }
                };
                let mut reader = Counted::new(BufReader::new(file));
                if *start > 0 {
                    // The line that holds the byte before `start` belongs to
                    // the piece before: read past its end.
                    let skipped =
                        std::io::Seek::seek(&mut reader.inner, std::io::SeekFrom::Start(start - 1))
                            .and_then(|_| {
                                reader.position = start - 1;
                                read_line(&mut reader, 0, &mut Vec::new())
                            });
                    if let Err(e) = skipped {
                        self.skip(format!("{name}:{}", first_line + 1), io_reason(&e));
                        return 0;
                    }
                }
                self.json_lines(&mut reader, name, first_line, *end)
            }
        }
    }

    /// Reads JSON Lines from `source` until its end, or until a line starts
    /// at or after byte `end`; the lines before are `first_line`. Returns
    /// how many lines it read.
    fn json_lines<R: BufRead>(
        &mut self,
        source: &mut Counted<R>,
        name: &str,
        first_line: usize,
        end: Option<u64>,
    ) -> usize {
        let limit = self.config.max_document_bytes;
        let mut number = first_line;
        let mut lines = 0;
        loop {
            if end.is_some_and(|end| source.position >= end) {
                break;
            }
            let mut line = Vec::new();
            number += 1;
            self.current = None;
            let read = match read_line(source, limit, &mut line) {
                Ok(read) => read,
                Err(e) => {
                    self.skip(format!("{name}:{number}"), io_reason(&e));
                    break;
                }
            };
            if read == Line::End {
                break;
            }
            lines += 1;
            // A byte-order mark may open a file (editors on Windows write one).
            if number == 1 && line.starts_with(UTF8_BOM) {
                line.drain(..UTF8_BOM.len());
            }
            let blank = read == Line::Whole && line.iter().all(u8::is_ascii_whitespace);
            if blank || !self.next_unit() {
                continue;
            }
            let input = format!("{name}:{number}");
            if let Line::TooLong(bytes) = read {
                self.skip(
                    input,
                    format!(
                        "line of {bytes} bytes is larger than the limit of {limit} bytes \
                         (`ingest.max_document_bytes`); the rest of the line was passed over"
                    ),
                );
                continue;
            }
            let text_field = self.text_field.clone();
            self.emit(Item::Line { input, line, text_field });
        }
        lines
    }

    fn has_text_extension(&self, path: &Path) -> bool {
        let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase());
        if name.is_some_and(|n| n.ends_with(".warc.gz")) {
            return true;
        }
        match path.extension() {
            None => true,
            Some(ext) => {
                let ext = ext.to_string_lossy().to_ascii_lowercase();
                TEXT_EXTENSIONS.contains(&ext.as_str())
                    || self.config.extensions.iter().any(|e| e.eq_ignore_ascii_case(&ext))
            }
        }
    }
}

const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

/// How reading one line ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Line {
    /// Nothing was left to read.
    End,
    /// A line (its end included, when it had one) is in the buffer.
    Whole,
    /// The line was longer than the limit, its length in bytes: the buffer
    /// holds no more than the limit, and the rest was read past, not kept.
    TooLong(u64),
}

/// Reads one line into `line`, keeping at most `limit` bytes of it, so that
/// a line without an end (a feed with no newline, a device) never takes more
/// memory than one document may.
fn read_line(source: &mut impl BufRead, limit: usize, line: &mut Vec<u8>) -> std::io::Result<Line> {
    let mut total: u64 = 0;
    loop {
        let available = match source.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        let (take, ended) = match available.iter().position(|&b| b == b'\n') {
            Some(at) => (at + 1, true),
            None => (available.len(), false),
        };
        let room = (limit + 1).saturating_sub(line.len());
        line.extend_from_slice(&available[..take.min(room)]);
        total += take as u64;
        source.consume(take);
        if ended {
            break;
        }
    }
    let content = total - u64::from(line.last() == Some(&b'\n'));
    Ok(if total == 0 {
        Line::End
    } else if content > limit as u64 {
        line.clear();
        Line::TooLong(content)
    } else {
        Line::Whole
    })
}

/// A path as text, its bytes that are not UTF-8 written `\xNN` so that two
/// names that differ only there stay apart.
pub fn display_path(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::fmt::Write as _;
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                let _ = write!(out, "\\x{b:02x}");
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().into_owned()
    }
}

fn is_fifo(kind: std::fs::FileType) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        kind.is_fifo()
    }
    #[cfg(not(unix))]
    {
        let _ = kind;
        false
    }
}

/// Why a file that is not a regular file is not read.
fn not_regular(kind: std::fs::FileType) -> String {
    #[cfg(unix)]
    let what = {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            "a FIFO"
        } else if kind.is_socket() {
            "a socket"
        } else if kind.is_char_device() {
            "a character device"
        } else if kind.is_block_device() {
            "a block device"
        } else {
            "an unknown kind of file"
        }
    };
    #[cfg(not(unix))]
    let what = {
        let _ = kind;
        "an unknown kind of file"
    };
    format!("{what}, not a regular file; not read")
}

/// Whether a file's first bytes open a WARC archive: `Some(true)` when it
/// is compressed.
fn warc_kind(head: &[u8]) -> Option<bool> {
    if warc::is_warc(head) {
        return Some(false);
    }
    if !warc::is_gzip(head) {
        return None;
    }
    let mut first = [0u8; 7];
    flate2::bufread::MultiGzDecoder::new(head).read_exact(&mut first).ok()?;
    warc::is_warc(&first).then_some(true)
}

fn is_json_lines(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("jsonl") || ext.eq_ignore_ascii_case("ndjson"))
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {e}"),
    }
}

#[cfg(test)]
mod tests;
