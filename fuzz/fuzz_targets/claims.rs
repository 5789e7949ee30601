//! Quantities of a sentence, and the claims of a whole document through the
//! analysis (sentences, credits, tagger, claim clusters): spans inside the
//! text on character boundaries, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use provtrace::{Config, Corpus, claims, pipeline};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for q in claims::quantities(text, 0) {
        assert!(q.span.end <= text.len() && text.is_char_boundary(q.span.start));
    }
    // Two copies, so that claim clusters and reuse are reached too.
    let corpus = Corpus::from_texts(&[text.to_string(), format!("Reposted: {text}")]);
    let report = pipeline::analyze(&corpus, &Config::default());
    for claim in &report.claims {
        let doc = &corpus.documents[claim.doc].text;
        let span = claim.claim.span;
        assert!(span.end <= doc.len() && doc.is_char_boundary(span.start));
    }
});
