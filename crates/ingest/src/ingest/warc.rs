//! WARC web archives (WARC/1.0 and 1.1, plain or gzip-compressed record by
//! record, as crawlers write them), read record by record in bounded
//! memory: each `response` or `resource` record holding a web page or a
//! text is one document; other records are counted and passed over; a
//! damaged or cut record is reported with its byte offset, and the records
//! around it are read.
//!
//! Written here rather than taken from a crate: the `warc` crate buffers
//! whole records, stops at the first bad one, and brings an old `uuid` and
//! `chrono`; what ingest needs is a header parser, a bounded body and a way
//! past damage.

use std::io::{BufRead, Read};

/// What one record gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    /// A web page or a text: the record's target URI, its byte offset, the
    /// content's media type and declared charset, and the content.
    Document { uri: String, offset: u64, html: bool, charset: Option<String>, bytes: Vec<u8> },
    /// A record that holds no document (a request, metadata, a revisit, an
    /// image, an error page): passed over and counted.
    PassedOver,
    /// A record that cannot be read, at this byte offset (of the
    /// decompressed archive when it is compressed), and why.
    Bad { offset: u64, reason: String },
}

/// Whether bytes open a WARC record.
pub fn is_warc(head: &[u8]) -> bool {
    head.starts_with(b"WARC/1.")
}

/// Whether bytes open a gzip member.
pub fn is_gzip(head: &[u8]) -> bool {
    head.starts_with(b"\x1f\x8b")
}

/// A reader that counts the bytes taken from it.
struct Counted<R> {
    inner: R,
    position: u64,
}

impl<R: BufRead> Counted<R> {
    /// One line, its end included; empty at the end of the input. A line
    /// longer than `limit` is an error (not a WARC header).
    fn line(&mut self, limit: usize) -> std::io::Result<Vec<u8>> {
        let mut line = Vec::new();
        let read = (&mut self.inner).take(limit as u64 + 1).read_until(b'\n', &mut line)?;
        self.position += read as u64;
        if line.len() > limit {
            return Err(std::io::Error::other("a header line longer than 64 KiB"));
        }
        Ok(line)
    }

    /// Up to `n` bytes.
    fn bytes(&mut self, n: u64) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        let read = (&mut self.inner).take(n).read_to_end(&mut out)?;
        self.position += read as u64;
        Ok(out)
    }

    /// Passes over up to `n` bytes; how many there were.
    fn skip(&mut self, n: u64) -> std::io::Result<u64> {
        let read = std::io::copy(&mut (&mut self.inner).take(n), &mut std::io::sink())?;
        self.position += read;
        Ok(read)
    }
}

const HEADER_LINE: usize = 64 << 10;

/// Reads the records of `source`, handing what each gave to `sink`. A
/// record's content over `limit` bytes is passed over with a reason.
/// Stops at the end of the input, or where the input itself cannot be
/// read further (a damaged compressed stream, a record cut short).
pub fn records(source: impl BufRead, limit: usize, sink: &mut dyn FnMut(Found)) {
    let mut input = Counted { inner: source, position: 0 };
    let mut pending: Option<(u64, Vec<u8>)> = None;
    loop {
        let (offset, first) = if let Some(line) = pending.take() {
            line
        } else {
            let offset = input.position;
            match input.line(HEADER_LINE) {
                Ok(line) if line.is_empty() => return,
                Ok(line) if line.trim_ascii().is_empty() => continue,
                Ok(line) => (offset, line),
                Err(e) => return sink(Found::Bad { offset, reason: damaged(&e) }),
            }
        };
        if !is_warc(&first) {
            // Damage: find the next record's first line.
            let reason = "not a WARC record (no `WARC/1.0` or `WARC/1.1` line); read on from \
                          the next record"
                .to_string();
            sink(Found::Bad { offset, reason });
            loop {
                let at = input.position;
                match input.line(HEADER_LINE) {
                    Ok(line) if line.is_empty() => return,
                    Ok(line) if is_warc(&line) => {
                        pending = Some((at, line));
                        break;
                    }
                    Ok(_) => {}
                    Err(e) => return sink(Found::Bad { offset: at, reason: damaged(&e) }),
                }
            }
            continue;
        }
        let mut headers = Headers::default();
        loop {
            match input.line(HEADER_LINE) {
                Ok(line) if line.is_empty() => {
                    let reason = "a WARC record cut short in its header".to_string();
                    return sink(Found::Bad { offset, reason });
                }
                Ok(line) if line.trim_ascii().is_empty() => break,
                Ok(line) => headers.add(&line),
                Err(e) => return sink(Found::Bad { offset, reason: damaged(&e) }),
            }
        }
        let Some(length) = headers.get("content-length").and_then(|v| v.parse::<u64>().ok()) else {
            let reason = "a WARC record without a valid Content-Length; read on from the next \
                          record"
                .to_string();
            sink(Found::Bad { offset, reason });
            continue;
        };
        if length > limit as u64 {
            let skipped = input.skip(length);
            let reason = format!(
                "a WARC record of {length} bytes, over the limit of {limit} \
                 (`ingest.max_document_bytes`)"
            );
            sink(Found::Bad { offset, reason });
            match skipped {
                Ok(n) if n == length => continue,
                Ok(_) => return,
                Err(e) => return sink(Found::Bad { offset, reason: damaged(&e) }),
            }
        }
        let block = match input.bytes(length) {
            Ok(block) => block,
            Err(e) => return sink(Found::Bad { offset, reason: damaged(&e) }),
        };
        if (block.len() as u64) < length {
            let reason = format!("a WARC record cut short: {} of its {length} bytes", block.len());
            return sink(Found::Bad { offset, reason });
        }
        sink(content(&headers, offset, block));
    }
}

/// What a whole record holds.
fn content(headers: &Headers, offset: u64, block: Vec<u8>) -> Found {
    let kind = headers.get("warc-type").unwrap_or_default().to_ascii_lowercase();
    let uri = headers.get("warc-target-uri").unwrap_or_default().trim_matches(['<', '>']);
    let uri = uri.to_string();
    let (media, charset, bytes) = match kind.as_str() {
        "resource" => {
            let (media, charset) = media_type(headers.get("content-type").unwrap_or_default());
            (media, charset, block)
        }
        "response" => match http_payload(&block) {
            Ok(Some(payload)) => payload,
            Ok(None) => return Found::PassedOver,
            Err(reason) => return Found::Bad { offset, reason },
        },
        _ => return Found::PassedOver,
    };
    let html = matches!(media.as_str(), "text/html" | "application/xhtml+xml");
    if !html && media != "text/plain" {
        return Found::PassedOver;
    }
    Found::Document { uri, offset, html, charset, bytes }
}

/// An HTTP response's media type, charset and body; `None` for a response
/// that is not a success (a redirect, an error page).
#[allow(clippy::type_complexity)]
fn http_payload(block: &[u8]) -> Result<Option<(String, Option<String>, Vec<u8>)>, String> {
    let end = block
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|at| at + 4)
        .or_else(|| block.windows(2).position(|w| w == b"\n\n").map(|at| at + 2));
    let Some(end) = end else {
        return Err("an HTTP response without the end of its headers".to_string());
    };
    let mut lines = block[..end].split(|&b| b == b'\n');
    let status = lines.next().unwrap_or_default();
    let code = status.split(|&b| b == b' ').nth(1).unwrap_or_default();
    if !code.starts_with(b"2") {
        return Ok(None);
    }
    let mut headers = Headers::default();
    for line in lines {
        headers.add(line);
    }
    let (media, charset) = media_type(headers.get("content-type").unwrap_or_default());
    let mut body = block[end..].to_vec();
    if headers.get("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        body = dechunk(&body).ok_or("an HTTP body in broken chunks")?;
    }
    match headers.get("content-encoding").map(str::to_ascii_lowercase).as_deref() {
        None | Some("" | "identity") => {}
        Some("gzip" | "x-gzip") => {
            let mut plain = Vec::new();
            flate2::read::MultiGzDecoder::new(body.as_slice())
                .read_to_end(&mut plain)
                .map_err(|e| format!("an HTTP body compressed with gzip that is damaged: {e}"))?;
            body = plain;
        }
        Some(other) => {
            return Err(format!("an HTTP body compressed with `{other}`, which is not read"));
        }
    }
    Ok(Some((media, charset, body)))
}

/// A body sent in chunks, joined.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = body.iter().position(|&b| b == b'\n')?;
        let size = std::str::from_utf8(&body[..line_end]).ok()?;
        let size = usize::from_str_radix(size.split(';').next()?.trim(), 16).ok()?;
        body = &body[line_end + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size..)?;
        body = body.strip_prefix(b"\r\n").or_else(|| body.strip_prefix(b"\n")).unwrap_or(body);
    }
}

/// `text/html; charset=UTF-8` → ("text/html", Some("UTF-8")).
fn media_type(value: &str) -> (String, Option<String>) {
    let mut parts = value.split(';');
    let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
    let charset = parts.find_map(|p| {
        let (name, value) = p.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"').to_string())
    });
    (media, charset)
}

/// Header fields, names in lower case; the first of a repeated name wins.
#[derive(Default)]
struct Headers(Vec<(String, String)>);

impl Headers {
    fn add(&mut self, line: &[u8]) {
        let line = String::from_utf8_lossy(line);
        if let Some((name, value)) = line.split_once(':') {
            self.0.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

fn damaged(e: &std::io::Error) -> String {
    format!("the archive cannot be read further: {e}")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A WARC record of `kind`, its block as given.
    pub(crate) fn record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: \
             2024-03-07T10:00:00Z\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn response(uri: &str, body: &str) -> Vec<u8> {
        let http =
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{body}");
        record("response", uri, "application/http; msgtype=response", http.as_bytes())
    }

    fn read(bytes: &[u8]) -> Vec<Found> {
        let mut found = Vec::new();
        records(bytes, 1 << 20, &mut |f| found.push(f));
        found
    }

    #[test]
    fn pages_and_texts_are_documents_the_rest_passed_over() {
        let mut archive = record("warcinfo", "", "application/warc-fields", b"software: x\r\n");
        archive.extend(record(
            "request",
            "https://a.example/",
            "application/http",
            b"GET / HTTP/1.1\r\n\r\n",
        ));
        archive.extend(response("https://a.example/story", "<html><body><p>A</p></body></html>"));
        archive.extend(record("resource", "https://b.example/notes.txt", "text/plain", b"plain"));
        let not_found = "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\nmissing";
        archive.extend(record(
            "response",
            "https://a.example/x",
            "application/http",
            not_found.as_bytes(),
        ));
        archive.extend(record("resource", "https://a.example/p.png", "image/png", b"\x89PNG"));
        let found = read(&archive);
        assert_eq!(found.len(), 6);
        let Found::Document { uri, html, charset, bytes, .. } = &found[2] else {
            panic!("{:?}", found[2])
        };
        assert_eq!(
            (uri.as_str(), *html, charset.as_deref()),
            ("https://a.example/story", true, Some("utf-8"))
        );
        assert_eq!(bytes, b"<html><body><p>A</p></body></html>");
        assert!(matches!(&found[3], Found::Document { html: false, .. }));
        for i in [0, 1, 4, 5] {
            assert_eq!(found[i], Found::PassedOver, "record {i}");
        }
    }

    #[test]
    fn a_cut_record_is_reported_and_the_records_before_it_kept() {
        let mut archive = response("https://a.example/1", "<html><body>one</body></html>");
        let second = response("https://a.example/2", "<html><body>two</body></html>");
        let offset = archive.len() as u64;
        archive.extend_from_slice(&second[..second.len() - 20]);
        let found = read(&archive);
        assert_eq!(found.len(), 2);
        assert!(matches!(&found[0], Found::Document { .. }));
        let Found::Bad { offset: at, reason } = &found[1] else { panic!("{:?}", found[1]) };
        assert_eq!(*at, offset);
        assert!(reason.contains("cut short"), "{reason}");
    }

    #[test]
    fn damage_between_records_is_passed_and_reading_goes_on() {
        let mut archive = response("https://a.example/1", "<html><body>one</body></html>");
        archive.extend_from_slice(b"garbage that is no record\r\nmore\r\n");
        archive.extend(response("https://a.example/2", "<html><body>two</body></html>"));
        let found = read(&archive);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(matches!(&found[1], Found::Bad { .. }));
        assert!(matches!(&found[2], Found::Document { uri, .. } if uri == "https://a.example/2"));
    }

    #[test]
    fn chunked_and_compressed_bodies() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n").as_deref(),
            Some(&b"Wikipedia"[..])
        );
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, b"<html><body>zipped</body></html>").expect("write");
        let zipped = gz.finish().expect("gzip");
        let mut http =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        http.extend_from_slice(&zipped);
        let (_, _, body) = http_payload(&http).expect("read").expect("a page");
        assert_eq!(body, b"<html><body>zipped</body></html>");
    }
}
