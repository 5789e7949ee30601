//! Quantities: numbers written as digits or words, their hedges ("more
//! than"), the head noun they count and their rate ("every month").

use std::sync::LazyLock;

use regex::Regex;

use provtrace_text::span::Span;

use super::Quantity;
use crate::page::regex;

pub(super) const WORD_NUMBERS: &[(&str, f64)] = &[
    ("a", 1.0),
    ("an", 1.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("fifteen", 15.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("several", f64::NAN),
    ("a few", f64::NAN),
];

pub(super) static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?P<cur>US\$|\$|€|£)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<suf>\s*(?:thousand|million|billion|trillion|mln|bln|bn|[kmb](?-u:\b)|%|percent(?-u:\b)|per cent(?-u:\b)|pct(?-u:\b)))?",
    )
});
pub(super) static WORD_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?-u:\b)(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?P<n2>one|two|three|four|five|six|seven|eight|nine))?\s+(?P<m>hundred|thousand|million|billion|dozen)(?-u:\b)",
    )
});
/// The fraction after a whole number: "8-1/4", "1 3/8" (the part from
/// the dash or space).
pub(super) static MIXED_FRACTION: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^[- ](\d{1,2})/(\d{1,2})"));
/// The denominator after a numerator: "1/4" (from the slash).
pub(super) static OVER: LazyLock<Regex> = LazyLock::new(|| regex(r"^/(\d{1,2})"));
/// A scale or percent word right after a number, as `NUMBER`'s `suf`.
pub(super) static SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^\s*(?:thousand|million|billion|trillion|mln|bln|bn|[kmb](?-u:\b)|%|percent(?-u:\b)|per cent(?-u:\b)|pct(?-u:\b))",
    )
});
/// Fractions in words: "two-thirds", "three quarters", "one-half", "a third
/// of" (a bare "a third" is as often an ordinal: "a third term").
pub(super) static WORD_FRACTION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?-u:\b)(?:(?P<n>one|two|three|four|five|six|seven|nine)[\s-](?P<d>halves|half|thirds?|quarters?|fifths?|sixths?|eighths?|tenths?)|a (?P<a>half|third|quarter|fifth) of)(?-u:\b)",
    )
});

/// `n / d` when it is a fraction as prices and rates write them: a proper
/// fraction over 2, 3, 4, 8, 16, 32 or 64.
fn fraction(n: &str, d: &str) -> Option<f64> {
    let (n, d): (u32, u32) = (n.parse().ok()?, d.parse().ok()?);
    (n > 0 && n < d && matches!(d, 2 | 3 | 4 | 8 | 16 | 32 | 64))
        .then(|| f64::from(n) / f64::from(d))
}

/// `n / d` after a whole number ("2-1/5 cts", "44-4/9 shares"): any
/// proper fraction over 2 to 64. Written alone, a fraction must be one as
/// prices write them ([`fraction`]), since "3/5" is as often a date.
fn mixed(n: &str, d: &str) -> Option<f64> {
    let (n, d): (u32, u32) = (n.parse().ok()?, d.parse().ok()?);
    (n > 0 && n < d && (2..=64).contains(&d)).then(|| f64::from(n) / f64::from(d))
}

/// The value of a denominator word: "thirds" is 3.
fn denominator(word: &str) -> f64 {
    match word.to_lowercase().trim_end_matches('s') {
        "half" | "halve" => 2.0,
        "third" => 3.0,
        "quarter" => 4.0,
        "fifth" => 5.0,
        "sixth" => 6.0,
        "eighth" => 8.0,
        _ => 10.0,
    }
}

/// The upper end of a range after its first number: "-180", " to 180",
/// " and 2100".
pub(super) static RANGE_END: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^(?:-|–|\s+(?:to|and)\s+)\d[\d,.]*"));
/// A unit of time right after a number: an age ("18-year-old"), a
/// duration ("12 months", "two-year"), a period ("in the 12 months to
/// March"): not a factual count.
pub(super) static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^(?:-|\s+)(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|century)(?-u:\b)",
    )
});

/// Words that make a number approximate or a bound.
pub(super) const HEDGES: [&str; 23] = [
    "nearly",
    "almost",
    "about",
    "around",
    "roughly",
    "approximately",
    "some",
    "as many as",
    "as much as",
    "more than",
    "over",
    "at least",
    "up to",
    "fewer than",
    "less than",
    "under",
    "close to",
    "an estimated",
    "upwards of",
    "just over",
    "just under",
    "well over",
    "no fewer than",
];
pub(super) static HEDGE: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!(r"(?i)(?-u:\b)({})\s+(?:\$|US\$|€|£)?$", HEDGES.join("|"))));
pub(super) static RATE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?-u:\b)(?:every|each|per|a|an)\s+(day|week|month|year)(?-u:\b)(\s+(?:ago|earlier|before|previously)(?-u:\b))?",
    )
});
pub(super) static MONTH_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?-u:\b)(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s*$",
    )
});
/// A word before a number that makes it a name or a place in a list, not a
/// count: "page 1", "No. 3", "number one", "episode 12", "aged 50".
pub(super) static LABEL_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?-u:\b)(?:page|pages|no\.?|nos\.?|number|#|chapter|section|article|clause|episode|series|season|part|room|flight|route|platform|channel|track|level|grade|rank|ranked|version|aged?|age of)\s*$",
    )
});
/// A name and a comma before a number with a comma after it: an age in
/// apposition ("Noel, 50, said"; "Arthurs, 34, is believed").
pub(super) static AGE_APPOSED: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?-u:\b)\p{Lu}[\p{L}'’-]+,\s*$"));
pub(super) static TIME_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^\s*(?:a\.m\.|p\.m\.|am(?-u:\b)|pm(?-u:\b)|gmt(?-u:\b)|utc(?-u:\b)|est(?-u:\b)|edt(?-u:\b)|hrs(?-u:\b)|o'clock)",
    )
});

/// Words that end a head noun phrase after a number.
pub(super) const NOT_HEAD: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has",
    "have", "in", "into", "is", "it", "its", "of", "on", "or", "since", "than", "that", "the",
    "their", "to", "up", "was", "were", "who", "which", "will", "with", "would", "could", "may",
    "might", "this", "these", "those", "over", "per", "every", "each", "last", "ago", "said",
    "say", "says", "more", "less", "about", "after", "before", "during", "between", "among", "so",
    "because", "while", "when", "where", "if", "then", "also", "still", "now", "already", "just",
    "only", "even", "not", "no", "later", "earlier", "join", "joins", "come", "comes", "came",
    "go", "goes", "went", "flee", "fled", "live", "lived", "die", "died", "remain", "remained",
    "make", "made", "take", "took", "leave", "left", "get", "got", "face", "faced", "need",
    "needed", "want", "work", "arrive", "arrived", "fight", "fought", "cross", "crossed", "travel",
    "return", "returned",
];
/// [`NOT_HEAD`] for lookups: each word after a number is checked.
pub(super) static NOT_HEAD_SET: LazyLock<rustc_hash::FxHashSet<&'static str>> =
    LazyLock::new(|| NOT_HEAD.iter().copied().collect());

/// The quantities of a sentence; `offset` is the sentence's start in the text.
pub fn quantities(sentence: &str, offset: usize) -> Vec<Quantity> {
    let mut found: Vec<Quantity> = Vec::new();
    for c in WORD_NUMBER.captures_iter(sentence) {
        let (Some(whole), Some(n), Some(m)) = (c.get(0), c.name("n"), c.name("m")) else {
            continue;
        };
        let base = word_value(n.as_str()) + c.name("n2").map_or(0.0, |n2| word_value(n2.as_str()));
        let scale = match m.as_str().to_lowercase().as_str() {
            "hundred" => 100.0,
            "thousand" => 1e3,
            "million" => 1e6,
            "billion" => 1e9,
            _ => 12.0,
        };
        found.push(quantity(sentence, offset, whole.start(), whole.end(), base * scale, None));
    }
    for c in WORD_FRACTION.captures_iter(sentence) {
        let Some(whole) = c.get(0) else { continue };
        let value = match (c.name("n"), c.name("d"), c.name("a")) {
            (Some(n), Some(d), _) => word_value(n.as_str()) / denominator(d.as_str()),
            (_, _, Some(a)) => 1.0 / denominator(a.as_str()),
            _ => continue,
        };
        found.push(quantity(sentence, offset, whole.start(), whole.end(), value, None));
    }
    for c in NUMBER.captures_iter(sentence) {
        let (Some(whole), Some(num)) = (c.get(0), c.name("num")) else { continue };
        if found
            .iter()
            .any(|q| q.span.overlaps(Span::new(offset + whole.start(), offset + whole.end())))
        {
            continue;
        }
        // "8-1/4 pct", "1 3/8", "1/2 pct": a whole number and a fraction,
        // or a fraction with a percent or scale word, is one number.
        let plain_number = c.name("suf").is_none() && !num.as_str().contains('.');
        let rest = &sentence[num.end()..];
        let mut fraction_end = None;
        let mut part = 0.0;
        if plain_number {
            if let Some(f) = MIXED_FRACTION.captures(rest) {
                match (f.get(0), mixed(&f[1], &f[2])) {
                    (Some(m), Some(value)) => {
                        fraction_end = Some(num.end() + m.end());
                        part = value;
                    }
                    // "9-15/4": days 9 to 15 of April, not a number.
                    _ => continue,
                }
            } else if let Some(f) = OVER.captures(rest)
                && let (Some(m), Some(value)) = (f.get(0), fraction(num.as_str(), &f[1]))
                && SUFFIX.is_match(&rest[m.end()..])
            {
                fraction_end = Some(num.end() + m.end());
                part = value;
            }
        }
        let (whole_end, suffix_text) = match fraction_end {
            Some(end) => {
                let suffix = SUFFIX.find(&sentence[end..]);
                (end + suffix.map_or(0, |m| m.end()), suffix.map(|m| m.as_str()))
            }
            None => (whole.end(), c.name("suf").map(|s| s.as_str())),
        };
        // Not a part of a word, a code or a decimal already taken.
        let before = sentence[..whole.start()].chars().next_back();
        let after = sentence[whole_end..].chars().next();
        if before.is_some_and(|ch| {
            ch.is_alphanumeric()
                || matches!(ch, '.' | '/' | ':')
                || ch == '-' && c.name("cur").is_none()
        }) || after.is_some_and(|ch| ch.is_alphanumeric() || ch == '/' || ch == ':')
        {
            continue;
        }
        // "7007,000": a fragment of a malformed number, not a number.
        if before == Some(',')
            && sentence[..whole.start() - 1].chars().next_back().is_some_and(|c| c.is_ascii_digit())
        {
            continue;
        }
        // "(1)" numbers a list item or sits in code.
        if before == Some('(') && after == Some(')') {
            continue;
        }
        let digits = num.as_str().replace(',', "");
        let Ok(mut value) = digits.parse::<f64>() else { continue };
        // A fraction alone ("1/2 pct") is its value; after a whole number
        // it is added to it.
        if fraction_end.is_some() && OVER.is_match(rest) {
            value = part;
        } else {
            value += part;
        }
        let suffix = suffix_text.map(|s| s.trim().to_lowercase());
        let currency = c.name("cur").map(|m| m.as_str().to_string());
        // A year, a day of the month or a time is not a quantity.
        let plain = suffix.is_none()
            && currency.is_none()
            && fraction_end.is_none()
            && !num.as_str().contains(',');
        if plain && digits.len() == 4 && (1900.0..=2100.0).contains(&value) {
            continue;
        }
        // What follows a range's upper end ("1700 and 2100 hrs", "150-180
        // days") is said of both ends.
        let after = &sentence[whole_end..];
        let after = RANGE_END.find(after).map_or(after, |m| &after[m.end()..]);
        if plain
            && (MONTH_BEFORE.is_match(tail(&sentence[..whole.start()], 32))
                || TIME_AFTER.is_match(&sentence[whole.end()..])
                || TIME_AFTER.is_match(after))
        {
            continue;
        }
        // An age or a duration counts time, not things; so does a range of
        // them.
        if suffix.is_none() && currency.is_none() && DURATION.is_match(after) {
            continue;
        }
        // A page, an item of a list, a rank or an age names, it does not
        // count.
        let before_text = tail(&sentence[..whole.start()], 32);
        if plain
            && (LABEL_BEFORE.is_match(before_text)
                || AGE_APPOSED.is_match(before_text) && sentence[whole_end..].starts_with(','))
        {
            continue;
        }
        let mut unit = None;
        match suffix.as_deref() {
            Some("thousand" | "k") => value *= 1e3,
            Some("million" | "mln" | "m") => value *= 1e6,
            Some("billion" | "bln" | "bn" | "b") => value *= 1e9,
            Some("trillion") => value *= 1e12,
            Some("%" | "percent" | "per cent" | "pct") => unit = Some("percent".to_string()),
            _ => {}
        }
        let mut q = quantity(sentence, offset, whole.start(), whole_end, value, currency);
        if unit.is_some() {
            q.unit = unit;
        }
        found.push(q);
    }
    found.retain(|q| q.value.is_finite());
    found.sort_by_key(|q| q.span);
    found
}

/// The end of `text`: about its last `bytes` bytes, from the start of a
/// word, for patterns anchored at the end that look a few words back (a
/// scan of the whole text before every number would cost its length).
pub(super) fn tail(text: &str, bytes: usize) -> &str {
    if text.len() <= bytes {
        return text;
    }
    let mut from = text.len() - bytes;
    while !text.is_char_boundary(from) {
        from += 1;
    }
    // From just after a white space, where a word boundary is one in the
    // whole text too; none in the tail, no words to look at.
    match text[from..].find(char::is_whitespace) {
        Some(at) => {
            let at = from + at;
            &text[at + text[at..].chars().next().map_or(0, char::len_utf8)..]
        }
        None => "",
    }
}

pub(super) fn word_value(word: &str) -> f64 {
    let word = word.to_lowercase();
    WORD_NUMBERS.iter().find(|(w, _)| *w == word).map_or(f64::NAN, |(_, v)| *v)
}

pub(super) fn quantity(
    sentence: &str,
    offset: usize,
    start: usize,
    end: usize,
    value: f64,
    currency: Option<String>,
) -> Quantity {
    let hedge = HEDGE
        .captures(tail(&sentence[..start], 64))
        .and_then(|c| c.get(1))
        .and_then(|m| HEDGES.iter().copied().find(|h| h.eq_ignore_ascii_case(m.as_str())));
    // The rate is said soon after the number, before any other number, and
    // "a year ago" ("earlier", "before") is a time, not a rate.
    let after = &sentence[end..];
    let window = after.find(|c: char| c.is_ascii_digit()).unwrap_or(after.len()).min(120);
    let window = &after[..(0..=window).rev().find(|&i| after.is_char_boundary(i)).unwrap_or(0)];
    let rate = RATE.captures(window).filter(|c| c.get(2).is_none()).and_then(|c| c.get(1)).map(
        |m| match m.as_str().to_lowercase().as_str() {
            "day" => "day",
            "week" => "week",
            "month" => "month",
            _ => "year",
        },
    );
    Quantity {
        value,
        hedge,
        unit: head(&sentence[end..]),
        rate,
        currency,
        span: Span::new(offset + start, offset + end),
    }
}

/// The words a number counts: up to three words after it, until a
/// function word, a verb form or punctuation.
pub(super) fn head(after: &str) -> Option<String> {
    let mut words = Vec::new();
    for raw in after.split_whitespace() {
        let word: String = raw.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        let ends_clause = raw.ends_with([',', '.', ';', ':', '!', '?', ')']);
        if word.is_empty()
            || NOT_HEAD_SET.contains(word.as_str())
            || word.chars().any(|c| c.is_ascii_digit())
            || (!words.is_empty() && (word.ends_with("ing") || word.ends_with("ed")))
        {
            break;
        }
        words.push(word);
        if ends_clause || words.len() == 3 {
            break;
        }
    }
    (!words.is_empty()).then(|| words.join(" "))
}
