//! A document's non-empty lines, each with its span, its normalised key
//! and word count, and whether it is site chrome by its wording (sharing
//! prompts, comment policies, "Register for free…", navigation).

use std::sync::LazyLock;

use regex::RegexSet;

use crate::normalize;
use crate::span::Span;

/// One non-empty line of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    /// The line without surrounding white space.
    pub span: Span,
    /// Hash of its normalised words (0 for a line with no words).
    pub key: u64,
    /// Number of words.
    pub words: usize,
    /// Whether it matches a site-chrome pattern.
    pub chrome: bool,
}

/// Patterns of site chrome, matched case-insensitively against a whole
/// trimmed line of at most [`CHROME_MAX_WORDS`] words.
static CHROME: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(
        [
            r"^(like|follow|find|join) us on (facebook|twitter|instagram|x|linkedin|youtube|telegram)\b",
            r"^(share|tweet|email|print|pin)( (this|on)( (article|story|page|post))?)?[:!.]?$",
            r"^share (this|on|via)\b",
            r"^make .{1,40} your home ?page[.!]?$",
            r"^real[- ]time analytics$",
            r"^trending( now| stories)?:",
            r"^join the (conversation|discussion|debate)\b",
            r"comment(ing)? policy|no tolerance for comments|comments (are|will be) (moderated|reviewed)|thank you for partnering with us|maintain a courteous",
            r"^register (for free|now|today)\b",
            r"^join (the|our) .{1,40} community[.!]?$",
            r"^(related|recommended|popular|more) (articles|stories|posts|content|reading|from .{1,30})[:.]?$",
            r"^published:.*\|",
            r"\|\s*(topics|country|comments|category|tags):",
            r"^(sign up|subscribe)\b.{0,80}\b(newsletter|updates|free|inbox|alerts)\b",
            r"^(advertisement|sponsored( content)?|ad|promoted)$",
            r"^click here\b",
            r"^(all rights reserved|©|\(c\) \d{4}|copyright (©|\(c\)|\d{4}))",
            r"^skip to (main )?(content|navigation)$",
            r"^(read|see) (also|more)[:.]?$",
            r"^screen ?shot \d{4}-\d{2}-\d{2}",
            r"^(leave a (comment|reply)|\d+ comments?|comments|no comments( yet)?|show comments)[:.]?$",
            r"^(previous|next) (article|post|story)\b",
            r"^you (may|might) (also )?(like|enjoy)\b",
            r"^(tags|filed under|categories):",
            r"cookie (policy|settings|preferences)|we use cookies|accept (all )?cookies",
            r"^download (our|the) app\b",
            r"^(home|news|sports|business|opinion|world|politics|entertainment|lifestyle)( \| (home|news|sports|business|opinion|world|politics|entertainment|lifestyle|video|tech))+$",
            r"^(back to top|return to top|top of page)$",
            r"^(log ?in|sign in|log ?out)( \| (register|sign up|subscribe))?$",
            r"^(continue reading|read the rest of (this|the) (article|story))\b",
        ]
        .iter()
        // An ASCII word boundary: a Unicode one stops the fast matcher on any
        // line with a non-ASCII character, and chrome phrases are ASCII.
        .map(|p| format!("(?i){}", p.replace(r"\b", r"(?-u:\b)"))),
    )
    .unwrap_or_else(|e| unreachable!("chrome patterns are valid: {e}"))
});

/// Longer lines are article text, whatever they contain.
pub const CHROME_MAX_WORDS: usize = 40;

/// Whether a trimmed line matches a site-chrome pattern.
pub fn is_chrome(line: &str, words: usize) -> bool {
    words <= CHROME_MAX_WORDS && CHROME.is_match(line)
}

/// The non-empty lines of a text, with their keys.
pub fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut hashes = Vec::new();
    for piece in text.split_inclusive('\n') {
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            let offset = start + (piece.len() - piece.trim_start().len());
            let span = Span::new(offset, offset + trimmed.len());
            // The key is a hash of the line's normalised words, in order.
            normalize::token_hashes_into(trimmed, &mut hashes);
            let words = hashes.len();
            let key = if words == 0 {
                0
            } else {
                let mixed = hashes.iter().fold(words as u64, |k, &h| {
                    (k.rotate_left(29) ^ h).wrapping_mul(0x9e37_79b9_7f4a_7c15)
                });
                normalize::finalize(mixed).max(1)
            };
            out.push(Line { span, key, words, chrome: is_chrome(trimmed, words) });
        }
        start += piece.len();
    }
    out
}
