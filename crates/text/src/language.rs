//! The language of a text, as an ISO 639-3 code: English told cheaply by
//! its commonest words, any other by `whatlang` on the text's opening.

use crate::normalize::{self, Token};

/// Words so frequent in English and so rare elsewhere that a text with many
/// of them is English; the rest goes to `whatlang`, which scores every
/// language and costs far more.
static ENGLISH_MARKERS: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
    let mut hashes: Vec<u64> =
        normalize::tokens("the of and to that for with said from by was has have are it on")
            .iter()
            .map(|t| t.hash)
            .collect();
    hashes.sort_unstable();
    hashes
});

/// Fewer different words than this are too few to tell a language by.
const MIN_DISTINCT_WORDS: usize = 16;

/// ISO 639-3 code of the text's language, `None` when unsure.
pub fn detect(text: &str, tokens: &[Token]) -> Option<&'static str> {
    // Figures belong to no language: the share is of the words with a
    // letter, so that a table of prices with English between the figures
    // ("1,850 dlrs and at 35 and 45 dlrs under New York") counts as English.
    let (mut words, mut markers) = (0, 0);
    let mut distinct: Vec<u64> = Vec::with_capacity(MIN_DISTINCT_WORDS);
    for t in tokens {
        if t.span().slice(text).chars().next().is_some_and(char::is_alphabetic) {
            words += 1;
            markers += usize::from(ENGLISH_MARKERS.binary_search(&t.hash).is_ok());
            if distinct.len() < MIN_DISTINCT_WORDS && !distinct.contains(&t.hash) {
                distinct.push(t.hash);
            }
        }
    }
    if words >= 20 && markers * 100 >= words * 12 {
        return Some(whatlang::Lang::Eng.code());
    }
    // A table of figures with a dozen labels ("Shr", "Net", "Revs", "vs",
    // "mln") has no language to tell; trigram scores on it are noise.
    if distinct.len() < MIN_DISTINCT_WORDS {
        return None;
    }
    // The opening 800 bytes tell the language as well as the whole text.
    let mut head = text.len().min(800);
    while !text.is_char_boundary(head) {
        head -= 1;
    }
    whatlang::detect(&text[..head]).filter(whatlang::Info::is_reliable).map(|i| i.lang().code())
}

/// ISO 639-3 code of a language tag as a page declares it (`en`,
/// `en-GB`, `pt_BR`, `eng`), `None` for a tag that names no language.
pub fn declared(tag: &str) -> Option<&'static str> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    let language = match primary.len() {
        2 => isolang::Language::from_639_1(&primary),
        3 => isolang::Language::from_639_3(&primary),
        _ => None,
    }?;
    Some(language.to_639_3())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_tags() {
        let cases = [
            ("en", Some("eng")),
            ("en-GB", Some("eng")),
            ("pt_BR", Some("por")),
            ("DE", Some("deu")),
            ("hrv", Some("hrv")),
            ("x-klingon", None),
            ("", None),
            ("zz", None),
        ];
        for (tag, want) in cases {
            assert_eq!(declared(tag), want, "{tag}");
        }
    }

    #[test]
    fn languages() {
        let cases = [
            (
                "The mayor said on Monday that the bridge would close for repairs, and that it was unsafe for traffic from the north.",
                Some("eng"),
            ),
            (
                "Los ingenieros que inspeccionaban la presa del lago encontraron el domingo tres nuevas grietas en su aliviadero norte, y las autoridades ordenaron a los habitantes del valle que abandonen sus casas.",
                Some("spa"),
            ),
            (
                "Les ingénieurs ont découvert dimanche trois nouvelles fissures dans le barrage, et les autorités ont ordonné aux habitants de la vallée de quitter leurs maisons avant mardi soir.",
                Some("fra"),
            ),
            // A table of results: figures and a few labels, no language.
            (
                "Shr loss 12 cts vs profit 40 cts\n    Net loss 1.2 mln vs profit 3.9 mln\n    Revs 80.5 mln vs 91.0 mln\n    Year\n    Shr profit 1.10 dlrs vs 2.05 dlrs\n    Net profit 10.4 mln vs 19.8 mln\n    Revs 330.1 mln vs 352.7 mln",
                None,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(detect(text, &normalize::tokens(text)), want, "{text}");
        }
    }
}
