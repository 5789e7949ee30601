//! Bytes of a file decoded to text (UTF-8, UTF-8 with bad bytes replaced,
//! Windows-1252), or skipped with a reason: never a panic, and text that
//! is returned is not empty.
#![no_main]

use libfuzzer_sys::fuzz_target;
use provtrace::ingest;

fuzz_target!(|data: &[u8]| {
    if let Ok((text, encoding)) = ingest::decode(data) {
        assert!(!text.trim().is_empty());
        assert!(ingest::binary(&text).is_none());
        if encoding == "utf-8" {
            assert_eq!(text.as_bytes(), data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data));
        }
    }
});
