//! Sentences with spans.
//!
//! Input: a text and a language code. Output: the [`Span`] of each sentence,
//! trimmed of surrounding white space. `sentencex` finds the boundaries (it
//! keeps "Mr.", "U.S.", "Sept. 26" and multi-sentence quotes intact), and
//! a line end is a boundary too (a scraped page's lines are paragraphs,
//! captions or chrome), except inside prose: where a line that does not end
//! a sentence is followed by one that goes on in lower case, or ends in a
//! comma, or, in a hard-wrapped text (most lines filled to about the same
//! width, as wire copy is), is filled to the width.

use crate::span::Span;

/// Lines longer than this are cut at white space before segmenting, so that
/// the segmenter works on bounded input.
const MAX_PIECE: usize = 8 * 1024;

/// The sentences of `text`, in order.
pub fn sentences(text: &str, language: &str) -> Vec<Span> {
    let code = segmenter_code(language);
    let width = wrap_width(text);
    let mut out = Vec::new();
    // The segmenter is called on pieces of whole lines (few calls, bounded
    // input), and what it returns is cut again at every line end.
    for piece in pieces(text) {
        let base = piece.as_ptr() as usize - text.as_ptr() as usize;
        // The segmenter's sentences borrow from the piece: each is where it
        // points, and is looked for by its text, in order, only if it does
        // not point inside the piece after the previous one.
        let mut cursor = 0;
        for sentence in sentencex::segment(code, piece) {
            let wanted = sentence.trim();
            if wanted.is_empty() {
                continue;
            }
            let Some(at) = offset_in(piece, wanted)
                .filter(|&at| at >= cursor)
                .or_else(|| piece[cursor..].find(wanted).map(|found| cursor + found))
            else {
                continue;
            };
            cursor = at + wanted.len();
            let mut start = base + at;
            for cut in breaks(&piece[at..cursor], width)
                .into_iter()
                .map(|b| base + at + b)
                .chain([base + cursor])
            {
                let part = &text[start..cut];
                let trimmed = part.trim();
                if !trimmed.is_empty() {
                    let from = start + (part.len() - part.trim_start().len());
                    out.push(Span::new(from, from + trimmed.len()));
                }
                start = cut;
            }
        }
    }
    out
}

/// Where `part` starts in `whole`, if it is a slice of it.
fn offset_in(whole: &str, part: &str) -> Option<usize> {
    let at = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    (at + part.len() <= whole.len() && whole.is_char_boundary(at)).then_some(at)
}

/// Where a sentence must be cut at a line end: after every line end, except
/// one inside prose: the line does not end a sentence, and either the next
/// one goes on in lower case, or the line ends in a comma, or it is filled
/// to the text's wrap `width` (see [`wrap_width`]).
fn breaks(sentence: &str, width: Option<usize>) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, _) in sentence.match_indices('\n') {
        let before = sentence[..i].trim_end();
        let after = sentence[i + 1..].trim_start();
        let line = before.rsplit('\n').next().unwrap_or(before);
        let wrapped = width.is_some_and(|w| filled(chars(line), w));
        // A filled line of wrapped copy that ends in a full stop the
        // segmenter did not take for a sentence's end ("said the U.S.\n
        // District Court") ends an abbreviation, not the sentence.
        let ends = before.ends_with(['!', '?', ':', '"', '”', '’', ')'])
            || before.ends_with('.') && !wrapped
            || before.is_empty();
        let goes_on = after
            .chars()
            .next()
            .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit() || c == ',')
            || !after.is_empty() && (line.ends_with(',') || wrapped);
        if ends || !goes_on {
            out.push(i + 1);
        }
    }
    out
}

/// A wrapped line is at least this close to the widest.
const WRAP_SLACK: usize = 16;

/// Whether a line of `length` characters is filled to about `width`.
fn filled(length: usize, width: usize) -> bool {
    length + WRAP_SLACK >= width
}

/// The characters of `line` without surrounding white space.
fn chars(line: &str) -> usize {
    line.trim().chars().count()
}

/// The width a text is hard-wrapped at, if it is: at least four lines, the
/// widest of at most 100 characters, and two in five lines filled to
/// about it (a scraped page's lines are paragraphs of any length).
fn wrap_width(text: &str) -> Option<usize> {
    let lengths: Vec<usize> = text.lines().map(chars).filter(|&n| n > 0).collect();
    let width = *lengths.iter().max()?;
    let full = lengths.iter().filter(|&&n| filled(n, width)).count();
    (lengths.len() >= 4 && width <= 100 && full >= 3 && full * 5 >= lengths.len() * 2)
        .then_some(width)
}

/// `text` cut into pieces of whole lines of at most [`MAX_PIECE`] bytes (a
/// longer line is cut at white space).
fn pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut end = 0;
    for line in text.split_inclusive('\n') {
        if end - start + line.len() > MAX_PIECE && end > start {
            out.push(&text[start..end]);
            start = end;
        }
        if line.len() > MAX_PIECE {
            out.extend(cut_long(line));
            start = end + line.len();
        }
        end += line.len();
    }
    if end > start {
        out.push(&text[start..end]);
    }
    out
}

/// A line longer than [`MAX_PIECE`] cut at white space.
fn cut_long(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = line;
    while rest.len() > MAX_PIECE {
        let mut cut = MAX_PIECE;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let at = rest[..cut].rfind(char::is_whitespace).map_or(cut, |i| i + 1);
        let at = if at == 0 { cut } else { at };
        out.push(&rest[..at]);
        rest = &rest[at..];
    }
    out.push(rest);
    out
}

/// The segmenter's language code for an ISO 639-3 code (English otherwise).
fn segmenter_code(language: &str) -> &'static str {
    // ISO 639-3 (as detected) or 639-1 to the segmenter's codes, for the
    // languages it knows the abbreviations of (Czech through Slovak's).
    match language {
        "amh" | "am" => "am",
        "ara" | "ar" => "ar",
        "ben" | "bn" => "bn",
        "bul" | "bg" => "bg",
        "cat" | "ca" => "ca",
        "ces" | "cs" => "cs",
        "dan" | "da" => "da",
        "deu" | "de" => "de",
        "ell" | "el" => "el",
        "fin" | "fi" => "fi",
        "fra" | "fr" => "fr",
        "guj" | "gu" => "gu",
        "hin" | "hi" => "hi",
        "hye" | "hy" => "hy",
        "ita" | "it" => "it",
        "jpn" | "ja" => "ja",
        "kan" | "kn" => "kn",
        "mal" | "ml" => "ml",
        "mar" | "mr" => "mr",
        "mya" | "my" => "my",
        "nld" | "nl" => "nl",
        "pan" | "pa" => "pa",
        "pol" | "pl" => "pl",
        "por" | "pt" => "pt",
        "rus" | "ru" => "ru",
        "slk" | "sk" => "sk",
        "spa" | "es" => "es",
        "tam" | "ta" => "ta",
        "tel" | "te" => "te",
        "ukr" | "uk" => "uk",
        _ => "en",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detected_languages_keep_their_abbreviations() {
        for (text, language) in [
            ("Prezident se setkal mj. s premiérem. Rozhovor trval hodinu.", "ces"),
            (
                "Президент встретился с премьером, т. е. с главой правительства. Разговор длился час.",
                "ukr",
            ),
        ] {
            let got: Vec<&str> =
                sentences(text, language).into_iter().map(|s| s.slice(text)).collect();
            assert_eq!(got.len(), 2, "{language}: {got:?}");
        }
    }

    #[test]
    fn sentences_keep_abbreviations_and_quotes() {
        let text = "Mr. Obama met U.S. officials on Sept. 26 in Washington. \"We wait. People need to be safe,\" Reyes said.\nA caption line\n\n  Last one.";
        let got: Vec<&str> = sentences(text, "eng").into_iter().map(|s| s.slice(text)).collect();
        assert_eq!(
            got,
            [
                "Mr. Obama met U.S. officials on Sept. 26 in Washington.",
                "\"We wait. People need to be safe,\" Reyes said.",
                "A caption line",
                "Last one.",
            ]
        );
    }

    #[test]
    fn hard_wrapped_prose_stays_whole() {
        let text = "Showers continued throughout the week in\nthe Bahia cocoa zone, said Smith.\nArrivals were 155,221 bags.\nA Headline\nBody starts here.";
        let got: Vec<&str> = sentences(text, "eng").into_iter().map(|s| s.slice(text)).collect();
        assert_eq!(
            got,
            [
                "Showers continued throughout the week in\nthe Bahia cocoa zone, said Smith.",
                "Arrivals were 155,221 bags.",
                "A Headline",
                "Body starts here.",
            ]
        );
    }

    #[test]
    fn wire_copy_wrapped_at_a_width_keeps_its_sentences() {
        // Lines filled to about 60 characters, one ending in a lower-case
        // word before a capital, one in a comma; a short headline stays
        // apart.
        let text = "HARBOUR GRAIN REVIEW\nRain fell across the southern grain belt through the week\nof March 2, easing the dry spell that began in late\nJanuary and lifting hopes for the late wheat harvest,\nalthough soil moisture stays below normal, the Harbour\nGrain Board said in its weekly report on Friday.\nShipments rose to 12,400 tonnes.";
        let got: Vec<&str> = sentences(text, "eng").into_iter().map(|s| s.slice(text)).collect();
        assert_eq!(got.len(), 3, "{got:#?}");
        assert_eq!(got[0], "HARBOUR GRAIN REVIEW");
        assert!(got[1].starts_with("Rain fell") && got[1].ends_with("on Friday."), "{got:#?}");
        assert_eq!(got[2], "Shipments rose to 12,400 tonnes.");
    }

    #[test]
    fn an_abbreviation_at_a_wrapped_line_end_keeps_the_sentence() {
        let text = "Du Pont Co said the U.S. District Court for Delaware ruled\nthat Phillips Petroleum Co had infringed on its patent for a\nplastic, and the company said the ruling came after the U.S.\nDistrict Court heard six weeks of testimony in the trial.\nShares rose.";
        let got: Vec<&str> = sentences(text, "eng").into_iter().map(|s| s.slice(text)).collect();
        assert_eq!(got.len(), 2, "{got:#?}");
        assert!(got[0].ends_with("in the trial."), "{got:#?}");
    }

    #[test]
    fn long_lines_are_cut_on_boundaries() {
        let text = "é word. ".repeat(3000);
        let spans = sentences(&text, "eng");
        assert!(spans.len() > 100);
        for s in spans {
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
    }
}
