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

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::IngestConfig;

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

/// Metadata that came with a JSON Lines record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    pub title: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
}

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

/// An input that could not be read, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub input: String,
    pub reason: String,
}

/// The documents of a run and the inputs that were skipped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub skipped: Vec<Skipped>,
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
        Corpus { documents, skipped: Vec::new() }
    }
}

/// File endings read when walking a directory; a file named explicitly is
/// read whatever its ending.
const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "htm", "html", "jsonl", "ndjson"];

/// The inputs with standard input copied to a temporary file (kept while
/// the returned path lives), so that they can be read twice.
pub fn spool_stdin(inputs: &[Input]) -> std::io::Result<(Vec<Input>, Option<tempfile::TempPath>)> {
    if !inputs.contains(&Input::Stdin) {
        return Ok((inputs.to_vec(), None));
    }
    let mut file = tempfile::NamedTempFile::new()?;
    std::io::copy(&mut std::io::stdin().lock(), &mut file)?;
    std::io::Write::flush(&mut file)?;
    let path = file.into_temp_path();
    let inputs = inputs
        .iter()
        .map(|i| match i {
            Input::Stdin => Input::Spooled { path: path.to_path_buf(), name: "-".to_string() },
            other => other.clone(),
        })
        .collect();
    Ok((inputs, Some(path)))
}

/// Reads every input into one corpus. Never fails: what cannot be read is
/// listed in [`Corpus::skipped`].
pub fn read(inputs: &[Input], config: &IngestConfig) -> Corpus {
    let mut documents = Vec::new();
    let skipped = stream(inputs, config, None, &mut |_, doc| documents.push(doc));
    Corpus { documents, skipped }
}

/// Reads the inputs one document at a time, handing each to `sink` with its
/// unit number, and returns what was skipped. A unit is a file or a
/// non-blank JSON Lines line, numbered from 0 in reading order; the same
/// inputs give the same numbers on every read. With `wanted`, only those
/// units are decoded and handed on (ids are then not made unique, and
/// nothing is reported skipped): a second pass over inputs already read.
pub fn stream(
    inputs: &[Input],
    config: &IngestConfig,
    wanted: Option<&dyn Fn(usize) -> bool>,
    sink: &mut dyn FnMut(usize, Document),
) -> Vec<Skipped> {
    let mut ids = Ids::default();
    let mut skipped = Vec::new();
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
    skipped
}

/// What reading one unit gave, before its id is made unique.
#[derive(Debug)]
pub enum Item {
    /// A decoded document, its id as given.
    Document(Document),
    /// A JSON Lines line, read but not parsed: [`Item::decode`] parses it,
    /// on whichever thread.
    Line { input: String, line: Vec<u8> },
    /// An input that cannot be read.
    Skipped(Skipped),
}

impl Item {
    /// The document, its id as given (see [`Ids`]), or why there is none.
    pub fn decode(self) -> Result<Document, Skipped> {
        match self {
            Item::Document(doc) => Ok(doc),
            Item::Skipped(skipped) => Err(skipped),
            Item::Line { input, line } => {
                let Ok(text) = std::str::from_utf8(&line) else {
                    let reason = "line is not valid UTF-8, as JSON Lines must be".to_string();
                    return Err(Skipped { input, reason });
                };
                match record(text) {
                    Ok((id, text, metadata)) => {
                        let id = id.unwrap_or_else(|| input.clone());
                        let bytes = text.len();
                        Ok(Document { id, input, text, encoding: "utf-8", bytes, metadata })
                    }
                    Err(reason) => Err(Skipped { input, reason }),
                }
            }
        }
    }
}

/// Makes ids unique in reading order.
#[derive(Debug, Default)]
pub struct Ids(BTreeMap<String, usize>);

impl Ids {
    /// The id itself the first time, then `id#2`, `id#3`, ...
    pub fn unique(&mut self, id: String) -> String {
        let seen = self.0.entry(id.clone()).or_insert(0);
        *seen += 1;
        if *seen == 1 { id } else { format!("{id}#{seen}") }
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
) {
    let mut reader = Reader { config, sink, unit: 0, current: None, wanted };
    for input in inputs {
        match input {
            Input::Stdin => reader.json_lines(std::io::stdin().lock(), "-"),
            Input::Path(path) => reader.path(path),
            Input::Spooled { path, name } => match std::fs::File::open(path) {
                Ok(file) => reader.json_lines(BufReader::new(file), name),
                Err(e) => reader.skip(name.clone(), io_reason(&e)),
            },
        }
    }
}

struct Reader<'a> {
    config: &'a IngestConfig,
    sink: &'a mut dyn FnMut(Option<usize>, Item),
    /// The number of the next unit.
    unit: usize,
    /// The unit being read, if any.
    current: Option<usize>,
    wanted: Option<&'a dyn Fn(usize) -> bool>,
}

impl Reader<'_> {
    fn skip(&mut self, input: impl Into<String>, reason: impl Into<String>) {
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
            Err(e) => return self.skip(path.display().to_string(), io_reason(&e)),
        };
        if !meta.is_dir() {
            let id = path.display().to_string();
            return self.file(path, id);
        }
        let walk = walkdir::WalkDir::new(path)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walk {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let input = e
                        .path()
                        .map_or_else(|| path.display().to_string(), |p| p.display().to_string());
                    let reason = if e.loop_ancestor().is_some() {
                        "symbolic link loop; not followed".to_string()
                    } else {
                        e.io_error().map_or_else(|| e.to_string(), io_reason)
                    };
                    self.skip(input, reason);
                    continue;
                }
            };
            if entry.file_type().is_dir() || !has_text_extension(entry.path()) {
                continue;
            }
            let relative = entry.path().strip_prefix(path).unwrap_or(entry.path());
            let id = relative.to_string_lossy().replace('\\', "/");
            self.file(entry.path(), id);
        }
    }

    fn file(&mut self, path: &Path, id: String) {
        let input = path.display().to_string();
        if is_json_lines(path) {
            match std::fs::File::open(path) {
                Ok(file) => self.json_lines(BufReader::new(file), &input),
                Err(e) => self.skip(input, io_reason(&e)),
            }
            return;
        }
        if !self.next_unit() {
            return;
        }
        let limit = self.config.max_document_bytes;
        let mut bytes = Vec::new();
        let read = std::fs::File::open(path)
            .and_then(|file| file.take(limit as u64 + 1).read_to_end(&mut bytes));
        if let Err(e) = read {
            return self.skip(input, io_reason(&e));
        }
        if bytes.len() > limit {
            return self.skip(
                input,
                format!("larger than the limit of {limit} bytes (`ingest.max_document_bytes`)"),
            );
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
            Err(reason) => self.skip(input, reason),
        }
    }

    fn json_lines(&mut self, mut source: impl BufRead, name: &str) {
        let mut number = 0usize;
        loop {
            let mut line = Vec::new();
            number += 1;
            self.current = None;
            match source.read_until(b'\n', &mut line) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) => {
                    self.skip(format!("{name}:{number}"), io_reason(&e));
                    break;
                }
            }
            if line.iter().all(u8::is_ascii_whitespace) || !self.next_unit() {
                continue;
            }
            let input = format!("{name}:{number}");
            if line.len() > self.config.max_document_bytes {
                self.skip(
                    input,
                    format!(
                        "line is larger than the limit of {} bytes (`ingest.max_document_bytes`)",
                        self.config.max_document_bytes
                    ),
                );
                continue;
            }
            self.emit(Item::Line { input, line });
        }
    }
}

fn has_text_extension(path: &Path) -> bool {
    match path.extension() {
        None => true,
        Some(ext) => {
            let ext = ext.to_string_lossy().to_ascii_lowercase();
            TEXT_EXTENSIONS.contains(&ext.as_str())
        }
    }
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

/// Decodes a file's bytes: byte-order mark, else UTF-8, else Windows-1252.
/// Refuses binary (a NUL byte) and empty text.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), String> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return finish(text.into_owned(), encoding_name(encoding));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(format!("binary file (NUL byte at offset {at})"));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        finish(text.to_string(), "utf-8")
    } else {
        let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
        finish(text.into_owned(), "windows-1252")
    }
}

fn finish(text: String, encoding: &'static str) -> Result<(String, &'static str), String> {
    if text.trim().is_empty() {
        return Err("empty (no text)".to_string());
    }
    if text.contains('\0') {
        return Err("binary file (NUL character)".to_string());
    }
    Ok((text, encoding))
}

fn encoding_name(encoding: &'static encoding_rs::Encoding) -> &'static str {
    if encoding == encoding_rs::UTF_8 {
        "utf-8"
    } else if encoding == encoding_rs::UTF_16LE {
        "utf-16le"
    } else if encoding == encoding_rs::UTF_16BE {
        "utf-16be"
    } else {
        encoding.name()
    }
}

type Record = (Option<String>, String, Metadata);

/// One JSON Lines object: `text` (required), `id`, `title`, `url`, `outlet`,
/// `published` (optional). Other fields are ignored.
fn record(line: &str) -> Result<Record, String> {
    if !line.trim_start().starts_with('{') {
        return match serde_json::from_str::<serde::de::IgnoredAny>(line) {
            Ok(_) => Err("a JSON Lines record must be an object".to_string()),
            Err(e) => Err(format!("malformed JSON: {e}")),
        };
    }
    let raw: RawRecord = serde_json::from_str(line).map_err(|e| format!("malformed JSON: {e}"))?;
    let text = match raw.text {
        Field::Str(text) => text.into_owned(),
        Field::Absent | Field::Null => return Err("no `text` field".to_string()),
        Field::Number(_) | Field::Other => return Err("field `text` must be a string".to_string()),
    };
    if text.trim().is_empty() {
        return Err("empty `text`".to_string());
    }
    if text.contains('\0') {
        return Err("`text` holds a NUL character (binary)".to_string());
    }
    let field = |name: &str, value: Field| -> Result<Option<String>, String> {
        match value {
            Field::Absent | Field::Null => Ok(None),
            Field::Str(s) if s.trim().is_empty() => Ok(None),
            Field::Str(s) => Ok(Some(s.trim().to_string())),
            Field::Number(n) if name == "id" => Ok(Some(n)),
            Field::Number(_) | Field::Other => Err(format!("field `{name}` must be a string")),
        }
    };
    let metadata = Metadata {
        title: field("title", raw.title)?,
        url: field("url", raw.url)?,
        outlet: field("outlet", raw.outlet)?,
        published: field("published", raw.published)?,
    };
    Ok((field("id", raw.id)?, text, metadata))
}

/// The fields of a record that are read, borrowed from the line where the
/// JSON has no escapes.
#[derive(Default, serde::Deserialize)]
#[serde(default, bound(deserialize = "'de: 'a"))]
struct RawRecord<'a> {
    text: Field<'a>,
    id: Field<'a>,
    title: Field<'a>,
    url: Field<'a>,
    outlet: Field<'a>,
    published: Field<'a>,
}

/// A field's value, whatever JSON type it has.
#[derive(Default)]
enum Field<'a> {
    #[default]
    Absent,
    Null,
    Str(std::borrow::Cow<'a, str>),
    /// A number, as written.
    Number(String),
    Other,
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for Field<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Field<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Field<'de>, E> {
                Ok(Field::Str(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Field<'de>, E> {
                Ok(Field::Str(std::borrow::Cow::Owned(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<Field<'de>, E> {
                Ok(Field::Str(std::borrow::Cow::Owned(v)))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Field<'de>, E> {
                Ok(Field::Number(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Field<'de>, E> {
                Ok(Field::Number(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Field<'de>, E> {
                Ok(Field::Number(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<Field<'de>, E> {
                Ok(Field::Null)
            }
            fn visit_none<E>(self) -> Result<Field<'de>, E> {
                Ok(Field::Null)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Field<'de>, E> {
                Ok(Field::Other)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Field<'de>, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Field::Other)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Field<'de>, A::Error> {
                while map.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
                Ok(Field::Other)
            }
        }
        deserializer.deserialize_any(Visit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_by_bom_then_utf8_then_windows_1252() {
        type Case<'a> = (&'a [u8], Result<(&'a str, &'a str), &'a str>);
        let cases: [Case; 7] = [
            (b"plain text", Ok(("plain text", "utf-8"))),
            ("caf\u{e9}".as_bytes(), Ok(("caf\u{e9}", "utf-8"))),
            (b"caf\xe9 \x93quoted\x94", Ok(("caf\u{e9} \u{201c}quoted\u{201d}", "windows-1252"))),
            (b"\xef\xbb\xbfbom", Ok(("bom", "utf-8"))),
            (b"\xff\xfeh\0i\0", Ok(("hi", "utf-16le"))),
            (b"ab\0cd", Err("binary file (NUL byte at offset 2)")),
            (b" \n\t ", Err("empty (no text)")),
        ];
        for (bytes, want) in cases {
            let got = decode(bytes);
            match want {
                Ok((text, encoding)) => {
                    assert_eq!(got, Ok((text.to_string(), encoding)), "{bytes:?}");
                }
                Err(reason) => assert_eq!(got, Err(reason.to_string()), "{bytes:?}"),
            }
        }
    }

    #[test]
    fn json_lines_records_and_reasons() {
        assert!(record(r#"{"text": "hello", "id": 7, "outlet": "X"}"#).is_ok_and(|(id, _, m)| {
            id.as_deref() == Some("7") && m.outlet.as_deref() == Some("X")
        }));
        let escaped =
            record(r#"{"text": "a\n\"b\" \u00e9", "extra": [1, {"x": null}], "id": null}"#);
        assert_eq!(escaped, Ok((None, "a\n\"b\" \u{e9}".to_string(), Metadata::default())));
        let bad = [
            ("{not json", "malformed JSON"),
            ("[1, 2]", "must be an object"),
            (r#"{"id": "a"}"#, "no `text` field"),
            (r#"{"text": 5}"#, "`text` must be a string"),
            (r#"{"text": "  "}"#, "empty `text`"),
            (r#"{"text": "x", "title": 3}"#, "`title` must be a string"),
            (r#"{"text": "x", "url": [1]}"#, "`url` must be a string"),
            (r#"{"text": "x", "outlet": {"a": 1}}"#, "`outlet` must be a string"),
            (r#"{"text": "x""#, "malformed JSON"),
            ("nul", "malformed JSON"),
        ];
        for (line, reason) in bad {
            let err = record(line).unwrap_err();
            assert!(err.contains(reason), "{line}: {err}");
        }
    }

    #[test]
    fn repeated_ids_become_unique() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("feed.jsonl");
        let lines = "{\"id\":\"a\",\"text\":\"one\"}\n\n{\"id\":\"a\",\"text\":\"two\"}\n{bad\n{\"text\":\"three\"}\n";
        std::fs::write(&path, lines).unwrap_or_else(|e| panic!("{e}"));
        let mut ids = Vec::new();
        let skipped = stream(
            &[Input::Path(path.clone())],
            &IngestConfig::default(),
            None,
            &mut |unit, doc| {
                ids.push((unit, doc.id));
            },
        );
        assert_eq!(skipped.len(), 1);
        let feed = format!("{}:5", path.display());
        let want = [(0, "a"), (1, "a#2"), (3, feed.as_str())];
        assert_eq!(ids, want.map(|(u, id)| (u, id.to_string())));
    }

    #[test]
    fn a_second_pass_decodes_only_the_wanted_units() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("feed.jsonl");
        let lines = "{\"id\":\"a\",\"text\":\"one\"}\n{bad\n\n{\"id\":\"a\",\"text\":\"two\"}\n";
        std::fs::write(&path, lines).unwrap_or_else(|e| panic!("{e}"));
        let inputs = [Input::Path(path)];
        let config = IngestConfig::default();
        let mut first = Vec::new();
        let skipped = stream(&inputs, &config, None, &mut |u, d| first.push((u, d.id)));
        assert_eq!(first, [(0, "a".to_string()), (2, "a#2".to_string())]);
        assert_eq!(skipped.len(), 1);
        let mut second = Vec::new();
        let wanted = |unit: usize| unit == 2;
        let skipped = stream(&inputs, &config, Some(&wanted), &mut |u, d| second.push((u, d.text)));
        assert_eq!(second, [(2, "two".to_string())]);
        assert!(skipped.is_empty());
    }
}
