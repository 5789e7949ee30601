//! Text to tokens, keeping the way back to the original bytes.
//!
//! Input: a document's text. Output: [`Token`]s, each a word or number with
//! the [`Span`] it came from and a hash of its normalised form. Normalising
//! is Unicode NFKC, lower-casing and dropping what is not a letter or digit,
//! so that curly and straight quotes, dashes, ligatures and full-width forms
//! all compare equal (they separate tokens and are not tokens themselves).
//! Arabic-script spellings readers do not tell apart (optional vowel marks,
//! the Arabic and Persian code points of one letter) and the digits of
//! Arabic and Devanagari script fold to one form.
//! Numbers are tokens: `30,000` and `30000` normalise alike, `5.93` keeps its
//! point. Spans are never changed by normalising.
//!
//! It does not split sentences or find claims; later stages do.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::span::Span;

/// The seed of every token hash: constant, so reports are reproducible.
pub const TOKEN_SEED: u64 = 0x7072_6f76_7472_6163;

/// A word or number of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Hash of the normalised form.
    pub hash: u64,
    // Where the token is in the original text, in 32 bits: a document is
    // at most 4 GiB (the default limit is 16 MiB) and a corpus holds
    // hundreds of tokens per document.
    start: u32,
    end: u32,
}

impl Token {
    /// A token of `hash` at `span`; `span` must end before 4 GiB.
    pub fn new(span: Span, hash: u64) -> Token {
        let offset = |at: usize| u32::try_from(at).expect("document under 4 GiB");
        Token { hash, start: offset(span.start), end: offset(span.end) }
    }

    /// Where the token is in the original text.
    pub fn span(&self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }
}

/// Splits `text` into tokens with spans and hashes of their normal forms.
/// ASCII text (most news) is scanned byte by byte with no allocation.
pub fn tokens(text: &str) -> Vec<Token> {
    if text.is_ascii() {
        let mut out = Vec::with_capacity(text.len() / 6);
        ascii_words(text.as_bytes(), |start, end, word| {
            out.push(Token::new(Span::new(start, end), xxh3_64_with_seed(word, TOKEN_SEED)));
        });
        return out;
    }
    unicode_tokens(text)
}

/// [`tokens`] of any text, through [`word_spans`] and [`normal_form_into`].
fn unicode_tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut buf = String::new();
    for span in word_spans(text) {
        normal_form_into(span.slice(text), &mut buf);
        if buf.is_empty() {
            continue;
        }
        out.push(Token::new(span, xxh3_64_with_seed(buf.as_bytes(), TOKEN_SEED)));
    }
    out
}

/// The hashes of [`tokens`], without their spans: the fast path of `dedup`.
/// ASCII text (most news) is scanned byte by byte with no allocation.
pub fn token_hashes_into(text: &str, out: &mut Vec<u64>) {
    out.clear();
    if !text.is_ascii() {
        out.extend(tokens(text).iter().map(|t| t.hash));
        return;
    }
    ascii_words(text.as_bytes(), |_, _, word| out.push(xxh3_64_with_seed(word, TOKEN_SEED)));
}

/// The words of ASCII `bytes` as [`word_spans`] cuts them, each handed to
/// `found(start, end, normal form)`.
fn ascii_words(bytes: &[u8], mut found: impl FnMut(usize, usize, &[u8])) {
    // Words fit here; a longer one (rare) is hashed from `long`.
    let mut buf = [0u8; 32];
    let mut long: Vec<u8> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if LOWER[usize::from(bytes[i])] == 0 {
            i += 1;
            continue;
        }
        let start = i;
        // One word, as `word_spans` cuts it, normalised as `normal_form_into`
        // does for ASCII: lower case, separators inside numbers dropped but a
        // decimal point kept.
        let mut len = 0;
        long.clear();
        while let Some(&b) = bytes.get(i) {
            let lower = LOWER[usize::from(b)];
            let keep = if lower != 0 {
                lower
            } else if (b == b',' || b == b'.')
                && bytes[i - 1].is_ascii_digit()
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
            {
                if b == b',' {
                    i += 1;
                    continue;
                }
                b'.'
            } else {
                break;
            };
            if len < buf.len() {
                buf[len] = keep;
            } else {
                if long.is_empty() {
                    long.extend_from_slice(&buf);
                }
                long.push(keep);
            }
            len += 1;
            i += 1;
        }
        let word = if long.is_empty() { &buf[..len] } else { &long[..] };
        found(start, i, word);
    }
}

/// ASCII letters and digits to their lower case; everything else to 0.
static LOWER: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            table[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// The normalised text: each token's normal form, separated by one space
/// (a compatibility character NFKC turns into Chinese or Japanese ones, as
/// `㌀` or `㆒`, gives a word for each), so that normalising twice changes
/// nothing.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut buf = String::new();
    for span in word_spans(text) {
        normal_form_into(span.slice(text), &mut buf);
        if buf.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        if buf.is_ascii() {
            out.push_str(&buf);
            continue;
        }
        // Cut as `word_spans` cuts, so that the result reads back as
        // itself: a Chinese or Japanese character, with the marks after it,
        // is a word of its own, and so is a piece that starts with one
        // ("㆒" becomes "一" only here).
        let mut first: Option<char> = None;
        for c in buf.chars() {
            if first.is_some_and(|f| unspaced(f) || unspaced(c)) && !is_combining_mark(c) {
                out.push(' ');
                first = None;
            }
            out.push(c);
            first = first.or(Some(c));
        }
    }
    out
}

/// The normal form of one word: NFKC, lower case, letters and digits only
/// (a decimal point between digits is kept; thousands separators are not).
pub fn normal_form(word: &str) -> String {
    let mut buf = String::new();
    normal_form_into(word, &mut buf);
    buf
}

fn normal_form_into(word: &str, buf: &mut String) {
    buf.clear();
    if word.is_ascii() {
        let bytes = word.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if b.is_ascii_alphanumeric() {
                buf.push(char::from(b.to_ascii_lowercase()));
            } else if b == b'.' && i > 0 && i + 1 < bytes.len() {
                buf.push('.');
            }
        }
        return;
    }
    let chars: Vec<char> = word.nfkc().flat_map(char::to_lowercase).filter_map(fold).collect();
    let mut kept = String::with_capacity(word.len());
    for (i, &c) in chars.iter().enumerate() {
        if in_word(c) {
            kept.push(c);
        } else if c == '.'
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit)
        {
            kept.push('.');
        }
    }
    // Dropping characters can leave combining marks out of canonical order;
    // one more NFKC puts them back, so normalising twice changes nothing.
    buf.extend(kept.nfkc().filter(|&c| in_word(c) || c == '.'));
}

/// A letter, a digit, or a mark that belongs to the letter before it (a
/// Devanagari virama, an accent NFKC has no composed form for).
fn in_word(c: char) -> bool {
    c.is_alphanumeric() || !c.is_ascii() && is_combining_mark(c)
}

/// A character of a script written without spaces between words (Chinese
/// ideographs, Japanese kana), each of which is taken for a word: text
/// reuse in these scripts is found on character n-grams.
fn unspaced(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9F}'
        | '\u{20000}'..='\u{2FA1F}')
}

/// Folds the spellings of one word that Arabic-script text varies in and
/// readers do not see as different: short-vowel marks and the kashida are
/// left out (`None`); the Arabic and Persian code points of yeh, kaf and
/// heh, and alef with hamza, become one. Arabic-Indic and Devanagari digits
/// become ASCII digits, so numbers compare as values across scripts.
fn fold(c: char) -> Option<char> {
    Some(match c {
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => return None,
        '\u{064A}' | '\u{0649}' => '\u{06CC}',
        '\u{0643}' => '\u{06A9}',
        '\u{06C1}' | '\u{06D5}' => '\u{0647}',
        '\u{0623}' | '\u{0625}' | '\u{0671}' => '\u{0627}',
        '\u{0660}'..='\u{0669}' => digit(c, 0x0660),
        '\u{06F0}'..='\u{06F9}' => digit(c, 0x06F0),
        '\u{0966}'..='\u{096F}' => digit(c, 0x0966),
        _ => c,
    })
}

/// The ASCII digit of `c`, the digit `c - zero` of a script's ten.
fn digit(c: char, zero: u32) -> char {
    char::from_digit(c as u32 - zero, 10).unwrap_or(c)
}

/// Spans of the words of `text`: maximal runs of letters, digits, the marks
/// of their letters and zero-width joiners, where a `,` or `.` between two
/// digits stays inside the number; each Chinese or Japanese character (with
/// its marks) is a word of its own.
pub fn word_spans(text: &str) -> impl Iterator<Item = Span> + '_ {
    let bytes = text.as_bytes();
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        // Skip to the next letter, digit or mark (NFKC may put a mark
        // before the letter it came after).
        let (start, first) = loop {
            let (i, c) = chars.next()?;
            if in_word(c) {
                break (i, c);
            }
        };
        let mut end = text.len();
        let mut last_digit = bytes[start].is_ascii_digit();
        let ideographic = unspaced(first);
        while let Some(&(i, c)) = chars.peek() {
            // A Chinese or Japanese character is a word of its own; a mark
            // belongs to its letter, and a zero-width (non-)joiner sits
            // inside a word (Persian, Urdu, Indic scripts).
            if (ideographic || unspaced(c)) && !is_combining_mark(c) {
                end = i;
                break;
            }
            if in_word(c) || c == '\u{200C}' || c == '\u{200D}' {
                last_digit = c.is_ascii_digit();
                chars.next();
                continue;
            }
            let joins_number = (c == ',' || c == '.')
                && last_digit
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
            if joins_number {
                chars.next();
                continue;
            }
            end = i;
            break;
        }
        Some(Span::new(start, end))
    })
}

/// The finaliser of `SplitMix64`: a full-avalanche mix of 64 bits.
pub const fn finalize(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(&str, String)> {
        word_spans(text).map(|s| (s.slice(text), normal_form(s.slice(text)))).collect()
    }

    #[test]
    fn tokens_and_normal_forms() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "Nearly 30,000 fighters.",
                &[("Nearly", "nearly"), ("30,000", "30000"), ("fighters", "fighters")],
            ),
            ("5.93 mln, 1990.", &[("5.93", "5.93"), ("mln", "mln"), ("1990", "1990")]),
            ("Obama\u{2019}s “plan”", &[("Obama", "obama"), ("s", "s"), ("plan", "plan")]),
            ("ＦＵＬＬ ﬁne", &[("ＦＵＬＬ", "full"), ("ﬁne", "fine")]),
            ("Кобани — город", &[("Кобани", "кобани"), ("город", "город")]),
            // Arabic and Persian code points, vowel marks and the kashida.
            ("کِتاب كتاب يكـم", &[("کِتاب", "کتاب"), ("كتاب", "کتاب"), ("يكـم", "یکم")]),
            ("۲۰۱۲ ٢٠١٢ २०१२", &[("۲۰۱۲", "2012"), ("٢٠١٢", "2012"), ("२०१२", "2012")]),
            // A virama and a zero-width non-joiner stay inside their word.
            ("प्रधान मंत्री", &[("प्रधान", "प्रधान"), ("मंत्री", "मंत्री")]),
            ("می\u{200C}خواهم", &[("می\u{200C}خواهم", "میخواهم")]),
            // Chinese and Japanese characters are words of their own.
            ("新华社北京", &[("新", "新"), ("华", "华"), ("社", "社"), ("北", "北"), ("京", "京")]),
            (
                "東京でテスト2件",
                &[
                    ("東", "東"),
                    ("京", "京"),
                    ("で", "で"),
                    ("テ", "テ"),
                    ("ス", "ス"),
                    ("ト", "ト"),
                    ("2", "2"),
                    ("件", "件"),
                ],
            ),
            ("", &[]),
            ("-- ... !!", &[]),
        ];
        for (text, want) in cases {
            let got = words(text);
            let want: Vec<(&str, String)> =
                want.iter().map(|(a, b)| (*a, (*b).to_string())).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn combining_marks_keep_one_order() {
        // Found by the idempotence property: an Arabic presentation form
        // after a combining mark.
        let text = "\u{1e01b}\u{fe72}";
        assert_eq!(normalize(&normalize(text)), normalize(text));
        // A compatibility character that NFKC turns into a Chinese one,
        // which is a word of its own.
        // And with a mark between it and the next letter (an Oriya
        // candrabindu), which stays with the character it follows.
        for text in ["\u{3192}a", "\u{3300}", "x\u{3300}1", "\u{3192}\u{b01}A", "\u{f99}\u{3192}"] {
            assert_eq!(normalize(&normalize(text)), normalize(text), "{text:?}");
        }
        assert_eq!(normalize("\u{3192}a"), "\u{4e00} a");
        assert_eq!(normalize("\u{3192}\u{b01}A"), "\u{4e00}\u{b01} a");
    }

    #[test]
    fn fast_hashes_match_tokens() {
        let texts = [
            "Nearly 30,000 fighters, 5.93 mln; 1,2.3 a.b 3. .4 x,5 -- U.S. end.",
            "ASCII only: A1b2 C3,d4 9,999,999.5",
            "a word longer than thirty-two bytes: Pneumonoultramicroscopicsilicovolcanoconiosis 1,234,567,890,123,456,789,012,345,678,901,234",
            "caf\u{e9} na\u{ef}ve \u{201c}quoted\u{201d} \u{fb01}ne",
            "",
            "...",
        ];
        // And strings of the characters that matter, in every mix.
        let alphabet = b"aZ09,. -x,1.2";
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let random: Vec<String> = (0..2000)
            .map(|_| {
                (0..state % 24)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        char::from(alphabet[(state % alphabet.len() as u64) as usize])
                    })
                    .collect()
            })
            .collect();
        for text in texts.iter().copied().chain(random.iter().map(String::as_str)) {
            let slow = unicode_tokens(text);
            let spans = |t: &[Token]| t.iter().map(|t| (t.span(), t.hash)).collect::<Vec<_>>();
            assert_eq!(spans(&tokens(text)), spans(&slow), "{text:?}");
            let mut fast = Vec::new();
            token_hashes_into(text, &mut fast);
            assert_eq!(fast, slow.iter().map(|t| t.hash).collect::<Vec<_>>(), "{text:?}");
        }
    }

    #[test]
    fn quotes_and_dashes_fold() {
        assert_eq!(
            normalize("He said \u{201c}don\u{2019}t\u{201d} \u{2014} twice"),
            normalize("He said \"don't\" - twice")
        );
    }

    #[test]
    fn token_hashes_match_normal_forms() {
        let a = tokens("Thirty THOUSAND");
        let b = tokens("thirty thousand");
        assert_eq!(
            a.iter().map(|t| t.hash).collect::<Vec<_>>(),
            b.iter().map(|t| t.hash).collect::<Vec<_>>()
        );
        assert_eq!(a[1].span(), Span::new(7, 15));
    }
}
