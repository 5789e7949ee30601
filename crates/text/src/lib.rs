//! Text as the stages see it: [`span`]s into a document's decoded text,
//! [`normalize`]d tokens, [`sentence`]s, [`lines`] and the text's
//! [`language`].

pub mod language;
pub mod lines;
pub mod normalize;
pub mod sentence;
pub mod span;

/// `text` cut to about `limit` characters at a word boundary, with "…"
/// when cut (a first word longer than `limit` is cut inside); runs of
/// whitespace become one space. For labels and summaries people read.
pub fn clip(text: &str, limit: usize) -> String {
    let mut out = String::new();
    let mut length = 0;
    for word in text.split_whitespace() {
        let size = word.chars().count();
        if length > 0 && length + 1 + size > limit {
            out.push('…');
            return out;
        }
        if length > 0 {
            out.push(' ');
            length += 1;
        }
        if size > limit {
            out.extend(word.chars().take(limit));
            out.push('…');
            return out;
        }
        out.push_str(word);
        length += size;
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn clip_cuts_at_a_word_boundary() {
        assert_eq!(super::clip("the rough estimates were  inadequate", 22), "the rough estimates…");
        assert_eq!(super::clip("short text", 40), "short text");
        assert_eq!(super::clip("Supercalifragilistic", 5), "Super…");
    }
}
