use super::*;

#[test]
fn ids_made_unique_family_by_family_as_all_at_once() {
    let given = ["a", "a", "a#2", "b", "a#2", "a", "b#x", "b", "#2", "", "#2", "a#02", "a#2#2"];
    let mut all = Ids::default();
    let whole: Vec<String> = given.iter().map(|id| all.unique((*id).to_string())).collect();
    let mut families: std::collections::BTreeMap<&str, Ids> = std::collections::BTreeMap::new();
    let apart: Vec<String> = given
        .iter()
        .map(|id| families.entry(id_family(id)).or_default().unique((*id).to_string()))
        .collect();
    assert_eq!(apart, whole);
    assert_eq!(whole[..3], ["a", "a#2", "a#2#2"]);
    let cases = [("a#2#3", "a"), ("a#x", "a#x"), ("a#", "a#"), ("#7", ""), ("plain", "plain")];
    for (id, family) in cases {
        assert_eq!(id_family(id), family, "{id}");
    }
}

/// Every piece of a plan read apart, numbered from the counts of the
/// pieces before, gives what one read of the whole gives.
#[test]
fn sources_read_apart_read_as_a_whole() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let long = "x".repeat(300);
    let lines = format!(
        "\u{feff}{{\"id\":\"a\",\"text\":\"first story\"}}\n\n   \n\
         {{\"text\":\"no id here\"}}\n{{broken\n{{\"id\":\"a\",\"text\":\"{long}\"}}\n\
         {{\"id\":7,\"text\":\"seven\"}}\n{{\"text\":\"last, no newline\"}}"
    );
    std::fs::create_dir(dir.path().join("sub")).expect("directory");
    std::fs::write(dir.path().join("sub/b.jsonl"), &lines).expect("write");
    std::fs::write(dir.path().join("a.txt"), "A plain story.").expect("write");
    std::fs::write(dir.path().join("c.ndjson"), "\n\n{\"text\":\"late\"}\n").expect("write");
    std::fs::write(dir.path().join("empty.jsonl"), "").expect("write");
    std::fs::write(dir.path().join("skip.bin"), "passed over").expect("write");
    // An archive is one source: its pages and texts are units, its other
    // records passed over, whichever process reads it.
    let plain = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nA story kept in a crawl.";
    let archive = [
        warc::tests::record("request", "https://x.example/a", "application/http", b"GET /a"),
        warc::tests::record("response", "https://x.example/a", "application/http", plain),
        warc::tests::record("metadata", "https://x.example/a", "text/plain", b"fetched"),
        warc::tests::record("response", "https://x.example/b", "application/http", plain),
    ]
    .concat();
    std::fs::write(dir.path().join("crawl.warc"), archive).expect("write");
    let config = IngestConfig { max_document_bytes: 200, ..IngestConfig::default() };
    let inputs = [
        Input::Path(dir.path().to_path_buf()),
        Input::Path(dir.path().join("missing.jsonl")),
        Input::Path(dir.path().join("sub/b.jsonl")),
    ];
    let mut whole = Vec::new();
    let passed = items(&inputs, &config, None, &mut |unit, item| {
        whole.push(format!("{unit:?} {item:?}"));
    });
    for split in [1, 2, 7, 40, 64, 100_000] {
        let (sources, mut passed_over) = plan(&inputs, &config, split).expect("plan");
        let mut apart = Vec::new();
        let extents: Vec<Extent> = sources.iter().map(|s| extent(s, None, &config)).collect();
        passed_over.records = extents.iter().map(|e| e.records).sum();
        assert_eq!(passed_over, passed);
        for (source, (line, unit)) in sources.iter().zip(number(&sources, &extents)) {
            read_source(source, None, &config, line, unit, None, &mut |unit, item| {
                apart.push(format!("{unit:?} {item:?}"));
            });
        }
        assert_eq!(apart, whole, "pieces of {split} bytes");
    }
    assert!(whole.len() > 10, "{whole:?}");
    assert_eq!(passed.records, 2, "the request and the metadata record");
    assert_eq!(whole.iter().filter(|w| w.contains("https://x.example/b")).count(), 1);
    assert_eq!(plan(&[Input::Stdin], &config, 10).map(|_| ()), Err(BadInput::StdinCannotBeSplit));
}

#[test]
fn decodes_by_bom_then_utf8_then_windows_1252() {
    type Case<'a> = (&'a [u8], Result<(&'a str, &'a str), &'a str>);
    let cases: [Case; 9] = [
        (b"plain text", Ok(("plain text", "utf-8"))),
        (
            b"\xef\xbb\xbfthe caf\xe9 on the corner of the old market square is open",
            Ok(("the caf\u{fffd} on the corner of the old market square is open", UTF8_REPLACED)),
        ),
        (
            b"caf\xc3\xa9 and one bad \xff byte in a longer line of ordinary text",
            Ok((
                "caf\u{e9} and one bad \u{fffd} byte in a longer line of ordinary text",
                UTF8_REPLACED,
            )),
        ),
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
            Err(reason) => {
                assert_eq!(got.map_err(|e| e.to_string()), Err(reason.to_string()), "{bytes:?}");
            }
        }
    }
}

#[test]
fn json_lines_records_and_reasons() {
    assert!(record(r#"{"text": "hello", "id": 7, "outlet": "X"}"#, None).is_ok_and(
        |(id, _, m)| { id.as_deref() == Some("7") && m.outlet.as_deref() == Some("X") }
    ));
    let escaped =
        record(r#"{"text": "a\n\"b\" \u00e9", "extra": [1, {"x": null}], "id": null}"#, None);
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
        let err = record(line, None).unwrap_err().to_string();
        assert!(err.contains(reason), "{line}: {err}");
    }
    // A page's markup, in `html` or in `text`, is read as a page: its
    // article, what it declares, and the record's own fields first.
    let page = "<!DOCTYPE html><html lang=\"de\"><head><title>Die Brücke | Kurier</title>\
                <meta property=\"og:site_name\" content=\"Kurier\"></head><body><nav>Start</nav>\
                <article><p>Die Brücke wird zwei Jahre lang geschlossen, sagte der Rat am \
                Montag, und der Verkehr wird während der Arbeiten über die Fähre \
                geleitet, die zusätzlich fährt.</p></article></body></html>";
    for field in ["html", "text"] {
        let line = serde_json::json!({field: page, "outlet": "Der Kurier"}).to_string();
        let (_, text, m) = record(&line, None).unwrap_or_else(|e| panic!("{field}: {e}"));
        assert!(text.contains("geschlossen") && !text.contains("Start"), "{field}: {text}");
        assert_eq!(m.outlet.as_deref(), Some("Der Kurier"), "the record's own outlet");
        assert_eq!(m.language.as_deref(), Some("de"), "the page's language");
    }
    let empty = serde_json::json!({"html": "<html><body><script>x()</script></body></html>"});
    let err = record(&empty.to_string(), None).unwrap_err().to_string();
    assert!(err.contains("no article text"), "{err}");
}

/// `lines` written as `feed.jsonl` in a new directory (removed when the
/// first is dropped).
fn feed(lines: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("feed.jsonl");
    std::fs::write(&path, lines).unwrap_or_else(|e| panic!("{e}"));
    (dir, path)
}

#[test]
fn repeated_ids_become_unique() {
    let lines = "{\"id\":\"a\",\"text\":\"one\"}\n\n{\"id\":\"a\",\"text\":\"two\"}\n{bad\n{\"text\":\"three\"}\n";
    let (_dir, path) = feed(lines);
    let mut ids = Vec::new();
    let (skipped, _) =
        stream(&[Input::Path(path.clone())], &IngestConfig::default(), None, &mut |unit, doc| {
            ids.push((unit, doc.id));
        });
    assert_eq!(skipped.len(), 1);
    let feed = format!("{}:5", path.display());
    let want = [(0, "a"), (1, "a#2"), (3, feed.as_str())];
    assert_eq!(ids, want.map(|(u, id)| (u, id.to_string())));
}

#[test]
fn a_second_pass_decodes_only_the_wanted_units() {
    let lines = "{\"id\":\"a\",\"text\":\"one\"}\n{bad\n\n{\"id\":\"a\",\"text\":\"two\"}\n";
    let (_dir, path) = feed(lines);
    let inputs = [Input::Path(path)];
    let config = IngestConfig::default();
    let mut first = Vec::new();
    let (skipped, _) = stream(&inputs, &config, None, &mut |u, d| first.push((u, d.id)));
    assert_eq!(first, [(0, "a".to_string()), (2, "a#2".to_string())]);
    assert_eq!(skipped.len(), 1);
    let mut second = Vec::new();
    let wanted = |unit: usize| unit == 2;
    let (skipped, _) =
        stream(&inputs, &config, Some(&wanted), &mut |u, d| second.push((u, d.text)));
    assert_eq!(second, [(2, "two".to_string())]);
    assert!(skipped.is_empty());
}
