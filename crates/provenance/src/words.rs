//! The words of a claim as the grouping compares them: its context words
//! (normalised, stemmed, common words left out) and its names.

/// The words around a claim's numbers, as sorted distinct hashes: what two
/// mentions of one value are compared on.
pub(crate) fn context_words(text: &str) -> Vec<u64> {
    let mut words: Vec<u64> = if text.is_ascii() {
        ascii_hashes(text).collect()
    } else {
        provtrace_text::normalize::normalize(text).split(' ').filter_map(context_hash).collect()
    };
    words.sort_unstable();
    words.dedup();
    words
}

/// [`context_hash`] of each word of an ASCII text, whose normal form is its
/// lower case split at what is not a letter or a digit: the same hashes as
/// normalising first, without the work (most claims of an English corpus).
fn ascii_hashes(text: &str) -> impl Iterator<Item = u64> {
    let mut lower = String::new();
    text.split(|c: char| !c.is_ascii_alphanumeric()).filter_map(move |part| {
        lower.clear();
        lower.extend(part.chars().map(|c| c.to_ascii_lowercase()));
        context_hash(&lower)
    })
}

/// A normalised word's hash as [`context_words`] gives it, or `None` for a
/// word it leaves out (one letter, a number, a common word).
fn context_hash(w: &str) -> Option<u64> {
    static SKIP: std::sync::LazyLock<rustc_hash::FxHashSet<&str>> =
        std::sync::LazyLock::new(|| {
            [
                "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "from", "with",
                "that", "this", "have", "has", "had", "are", "is", "was", "were", "be", "been",
                "by", "as", "at", "it", "its", "their", "more", "than", "about", "some", "many",
                "nearly", "said", "says", "also", "up",
            ]
            .into_iter()
            .collect()
        });
    (w.len() > 1 && !w.chars().all(|c| c.is_ascii_digit() || c == '.') && !SKIP.contains(w))
        .then(|| xxhash_rust::xxh3::xxh3_64(w.trim_end_matches('s').as_bytes()))
}

/// The hashes [`context_words`] gives the capitalised words of a sentence
/// (see [`capitalised`]), made without normalising the whole sentence: an
/// ASCII word's normal form is its lower case, split at what is not a
/// letter or a digit.
pub(crate) fn name_words(sentence: &str) -> Vec<u64> {
    let mut out = Vec::new();
    for word in capitalised_words(sentence) {
        if word.is_ascii() {
            out.extend(ascii_hashes(word));
        } else {
            out.extend(context_words(word));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The capitalised words of a sentence (a name, a place, an organisation;
/// the first too, "Brazil suspended …", and a common word that opens a
/// sentence is too common to count), and every word of a script without
/// capitals.
pub(crate) fn capitalised_words(sentence: &str) -> impl Iterator<Item = &str> {
    sentence.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric())).filter(
        |w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(|c| c.is_uppercase() || !c.is_lowercase())
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_words_hash_as_context_words_would() {
        for sentence in [
            "Moody's Investors Service Inc said it downgraded Florida National Banks.",
            "The U.S. Treasury said BP's stake, 31.7 pct, is for sale in São Paulo and Zürich.",
            "Brazil suspended payments; ISIS and Überlingen-AG 3M 2-for-1.",
        ] {
            let joined = capitalised_words(sentence).collect::<Vec<_>>().join(" ");
            assert_eq!(name_words(sentence), context_words(&joined), "{sentence}");
        }
    }

    #[test]
    fn an_ascii_text_hashes_as_its_normal_form() {
        let normalised = |text: &str| {
            let mut v: Vec<u64> = provtrace_text::normalize::normalize(text)
                .split(' ')
                .filter_map(context_hash)
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        for text in [
            "Qtly div 6.6 cts vs 6.9 cts prior",
            "Moody's Investors Service Inc. said it downgraded 50 mln dlrs of debt.",
            "&\tThe 0/92 program -- at least 92 pct (of his) deficiency_payment; U.S. A320s",
            "MATURITY   NEW RATE  5-14 days  5.65 pct  1-1/4 <BKFG.F> O'Neill e-mail",
        ] {
            assert_eq!(context_words(text), normalised(text), "{text}");
        }
    }
}
