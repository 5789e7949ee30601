//! A page's text parsed for its credits, datelines and byline: spans on
//! character boundaries inside the text, never a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use provtrace::gazetteer::Gazetteer;
use provtrace::{boilerplate, ingest, page};

fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(|| Gazetteer::new(&[]))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let lines = boilerplate::lines(text);
    let page = page::parse(text, &ingest::Metadata::default(), &lines, gazetteer());
    for credit in &page.credits {
        assert!(credit.span.end <= text.len());
        assert!(text.is_char_boundary(credit.span.start) && text.is_char_boundary(credit.span.end));
    }
    let _ = page::parse_date(text);
});
