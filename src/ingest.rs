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

/// Reads every input into one corpus. Never fails: what cannot be read is
/// listed in [`Corpus::skipped`].
pub fn read(inputs: &[Input], config: &IngestConfig) -> Corpus {
    let mut reader = Reader { config, corpus: Corpus::default(), ids: BTreeMap::new() };
    for input in inputs {
        match input {
            Input::Stdin => reader.json_lines(std::io::stdin().lock(), "-"),
            Input::Path(path) => reader.path(path),
        }
    }
    reader.corpus
}

struct Reader<'a> {
    config: &'a IngestConfig,
    corpus: Corpus,
    /// How often each id was given, to make repeated ids unique.
    ids: BTreeMap<String, usize>,
}

impl Reader<'_> {
    fn skip(&mut self, input: impl Into<String>, reason: impl Into<String>) {
        self.corpus.skipped.push(Skipped { input: input.into(), reason: reason.into() });
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
                let id = self.unique_id(id);
                self.corpus.documents.push(Document {
                    id,
                    input,
                    text,
                    encoding,
                    bytes: bytes.len(),
                    metadata: Metadata::default(),
                });
            }
            Err(reason) => self.skip(input, reason),
        }
    }

    fn json_lines(&mut self, mut source: impl BufRead, name: &str) {
        let mut line = Vec::new();
        let mut number = 0usize;
        loop {
            line.clear();
            number += 1;
            match source.read_until(b'\n', &mut line) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) => {
                    self.skip(format!("{name}:{number}"), io_reason(&e));
                    break;
                }
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
            let Ok(text) = std::str::from_utf8(&line) else {
                self.skip(input, "line is not valid UTF-8, as JSON Lines must be");
                continue;
            };
            if text.trim().is_empty() {
                continue;
            }
            match record(text) {
                Ok((id, text, metadata)) => {
                    let base = id.unwrap_or_else(|| input.clone());
                    let id = self.unique_id(base);
                    let bytes = text.len();
                    self.corpus.documents.push(Document {
                        id,
                        input,
                        text,
                        encoding: "utf-8",
                        bytes,
                        metadata,
                    });
                }
                Err(reason) => self.skip(input, reason),
            }
        }
    }

    /// The id itself the first time, then `id#2`, `id#3`, ...
    fn unique_id(&mut self, id: String) -> String {
        let seen = self.ids.entry(id.clone()).or_insert(0);
        *seen += 1;
        if *seen == 1 { id } else { format!("{id}#{seen}") }
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
/// `published` (optional).
fn record(line: &str) -> Result<Record, String> {
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("malformed JSON: {e}"))?;
    let serde_json::Value::Object(object) = value else {
        return Err("a JSON Lines record must be an object".to_string());
    };
    let text = match object.get("text") {
        Some(serde_json::Value::String(text)) => text.clone(),
        Some(_) => return Err("field `text` must be a string".to_string()),
        None => return Err("no `text` field".to_string()),
    };
    if text.trim().is_empty() {
        return Err("empty `text`".to_string());
    }
    if text.contains('\0') {
        return Err("`text` holds a NUL character (binary)".to_string());
    }
    let field = |name: &str| -> Result<Option<String>, String> {
        match object.get(name) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(serde_json::Value::String(s)) => Ok(Some(s.trim().to_string())),
            Some(serde_json::Value::Number(n)) if name == "id" => Ok(Some(n.to_string())),
            Some(_) => Err(format!("field `{name}` must be a string")),
        }
    };
    let metadata = Metadata {
        title: field("title")?,
        url: field("url")?,
        outlet: field("outlet")?,
        published: field("published")?,
    };
    Ok((field("id")?, text, metadata))
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
        let bad = [
            ("{not json", "malformed JSON"),
            ("[1, 2]", "must be an object"),
            (r#"{"id": "a"}"#, "no `text` field"),
            (r#"{"text": 5}"#, "`text` must be a string"),
            (r#"{"text": "  "}"#, "empty `text`"),
            (r#"{"text": "x", "title": 3}"#, "`title` must be a string"),
        ];
        for (line, reason) in bad {
            let err = record(line).unwrap_err();
            assert!(err.contains(reason), "{line}: {err}");
        }
    }

    #[test]
    fn repeated_ids_become_unique() {
        let config = IngestConfig::default();
        let mut reader =
            Reader { config: &config, corpus: Corpus::default(), ids: BTreeMap::new() };
        let input = "{\"id\":\"a\",\"text\":\"one\"}\n\n{\"id\":\"a\",\"text\":\"two\"}\n{\"text\":\"three\"}\n";
        reader.json_lines(input.as_bytes(), "feed.jsonl");
        let ids: Vec<_> = reader.corpus.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "a#2", "feed.jsonl:4"]);
    }
}
