//! A web page's bytes read into its article (decoded by its declared
//! charset, parsed, the article found), or refused with a reason: never a
//! panic, and an article that is returned has text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use provtrace::ingest::html;

fuzz_target!(|data: &[u8]| {
    if let Ok((article, _)) = html::read(data, None) {
        assert!(!article.text.trim().is_empty());
    }
});
