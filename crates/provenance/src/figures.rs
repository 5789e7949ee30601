//! What a figure is in its sentence: the figure a claim states, or the one
//! it is measured against; and how precisely it is written.
//!
//! "Revs 13.9 mln vs 17.8 mln" states 13.9 mln; 17.8 mln is its
//! *baseline*, the year before. Two stories that share only a baseline
//! ("61.50 billion marks vs 63.67 billion", "59.89 billion marks vs 63.67
//! billion") state different facts. The words that mark a baseline are
//! English ("vs", "from", "compared with", "a year ago"); in other languages
//! no figure is a baseline and claims are compared on all their figures.

use provtrace_attribution::claims::{Claim, Quantity};

/// Words just before a figure (up to [`BEFORE`] of them, articles and
/// hedges skipped) that make it the one compared with.
const MARKERS_BEFORE: [&str; 12] = [
    "vs",
    "versus",
    "against",
    "compared",
    "compares",
    "comparing",
    "prior",
    "previous",
    "previously",
    "originally",
    "not",
    "instead",
];

/// Words just after a figure (up to [`AFTER`] of them) that make it the
/// one compared with: "6.9 cts prior", "40.3 pct a year before".
const MARKERS_AFTER: [&str; 6] = ["prior", "previously", "earlier", "ago", "before", "year-ago"];

/// Words that hedge a figure, between it and a "from" that then names a
/// place or a group, not a baseline.
const HEDGES: [&str; 11] =
    ["than", "about", "some", "nearly", "almost", "over", "around", "roughly", "least", "up", "to"];

/// Words looked at before a figure.
const BEFORE: usize = 3;
/// Words looked at after a figure (its unit comes first: "17.8 mln dlrs it
/// had reported earlier").
const AFTER: usize = 5;

/// Whether `q`, a figure of `claim` in `text`, is a baseline: what the
/// claim's figure is compared with ("vs 17.8 mln", "from 126.6 mln", "6.9
/// cts prior", "40.3 pct a year before", "not the 17.8 mln it reported").
pub(crate) fn is_baseline(text: &str, claim: &Claim, q: &Quantity) -> bool {
    let is = |w: &str, list: &[&str]| list.iter().any(|m| m.eq_ignore_ascii_case(w));
    let start = claim.span.start.min(q.span.start);
    let before = text.get(start..q.span.start).unwrap_or_default();
    // The words before, nearest first, up to a clause's edge or another
    // figure (compared without case, and without allocating: a corpus has
    // millions of figures).
    let mut near = [""; BEFORE];
    let words = before
        .rsplit(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .take_while(|w| !w.ends_with([',', ';', ':']) && !w.chars().any(|c| c.is_ascii_digit()))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty() && !is(w, &["a", "an", "the", "its", "their", "of"]));
    let mut count = 0;
    for (slot, w) in near.iter_mut().zip(words) {
        *slot = w;
        count += 1;
    }
    let near = &near[..count];
    // "from" right before it, or before one word that is not a hedge ("to
    // 131.4 mln from 126.6 mln", "up from earnings of 7,500,000"; not
    // "30,000 fighters from more than 100 countries", "from some 100").
    let from = |k: usize| near.get(k).is_some_and(|w| w.eq_ignore_ascii_case("from"));
    if from(0) || (from(1) && !near.first().is_some_and(|w| is(w, &HEDGES))) {
        return true;
    }
    if near.iter().any(|w| is(w, &MARKERS_BEFORE)) {
        return true;
    }
    let end = claim.span.end.max(q.span.end);
    let after = text.get(q.span.end..end).unwrap_or_default();
    after
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .take(AFTER)
        .take_while(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .scan(false, |ended, w| {
            // Up to the first clause edge, that word included.
            if *ended {
                return None;
            }
            *ended = w.ends_with([',', ';', ':', '.']);
            Some(w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
        })
        .any(|w| is(w, &MARKERS_AFTER))
}

/// The baselines among a claim's figures, as a mask (bit `i` for its
/// figure `i`; figures past the 64th are never baselines).
pub(crate) fn baselines(text: &str, claim: &Claim) -> u64 {
    claim
        .quantities
        .iter()
        .enumerate()
        .take(64)
        .filter(|(_, q)| is_baseline(text, claim, q))
        .fold(0, |mask, (i, _)| mask | 1 << i)
}

/// Whether figure `i` of a claim is one it states, not a baseline, by the
/// claim's mask from [`baselines`].
pub(crate) fn is_stated(mask: u64, i: usize) -> bool {
    i >= 64 || mask & (1 << i) == 0
}

/// A claim's distinct figures: those it states, and its baselines.
fn split((claim, mask): (&Claim, u64)) -> (Vec<f64>, Vec<f64>) {
    let (mut stated, mut base): (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
    for (i, q) in claim.quantities.iter().enumerate() {
        let into = if is_stated(mask, i) { &mut stated } else { &mut base };
        if !into.iter().any(|v| v.total_cmp(&q.value).is_eq()) {
            into.push(q.value);
        }
    }
    (stated, base)
}

/// Whether a figure of `x` is one of `y`, as rounded as the less precise
/// ("38 billion marks", "38.01 billion"; "vs 1.92 billion", "from 1.9
/// billion").
fn meet(x: &[f64], y: &[f64]) -> bool {
    x.iter().any(|&v| y.iter().any(|&w| same_rounded(v, w)))
}

/// Whether two claims state a figure in common that neither compares
/// with: what each states, not what each measures against. A claim whose
/// figures are all baselines states nothing of its own to disagree on.
pub(crate) fn stated_figures_meet(a: (&Claim, u64), b: (&Claim, u64)) -> bool {
    let ((x, _), (y, _)) = (split(a), split(b));
    x.is_empty() || y.is_empty() || meet(&x, &y)
}

/// Whether two claims state the same figure against different baselines
/// ("Mthly div 6.6 cts vs 6.9 cts prior", "6.6 cts vs 6.6 cts prior"): two
/// facts, of two funds or two periods, however alike the words.
pub(crate) fn baselines_differ(a: (&Claim, u64), b: (&Claim, u64)) -> bool {
    let ((sa, ba), (sb, bb)) = (split(a), split(b));
    // Only for a figure and its baseline or two ("X vs Y"): in a longer
    // sentence a baseline missed or taken wrongly would part what is one.
    sa.len() <= 2
        && sb.len() <= 2
        && !ba.is_empty()
        && !bb.is_empty()
        && meet(&sa, &sb)
        && !meet(&ba, &bb)
}

/// Whether two values are one written to the fewer significant digits of
/// the two: 1.92 and 1.9, 2.0 and 2.00; not 6.6 and 6.9.
pub(crate) fn same_rounded(a: f64, b: f64) -> bool {
    if a.total_cmp(&b).is_eq() {
        return true;
    }
    // Rounding explains a small difference only: 40 is not 35 rounded, nor
    // 120 million 124 million.
    let digits = significant_digits(a).min(significant_digits(b));
    if digits < 2 || (a - b).abs() > a.abs().max(b.abs()) * ROUNDING {
        return false;
    }
    let round = |v: f64| format!("{:.*e}", digits - 1, v);
    round(a) == round(b)
}

/// The largest share two values may differ by and be one value rounded.
const ROUNDING: f64 = 0.015;

/// Whether two claims state different figures of one measure and of a
/// size, each one the other lacks: "a 35 dlr tender for 83 pct" and "a 40
/// dlr tender for 83 pct" are two offers (or figures in conflict), not one
/// claim, though they share 83 pct. Baselines are left out: they are what
/// each compares with.
pub(crate) fn figures_conflict(a: (&Claim, u64), b: (&Claim, u64)) -> bool {
    // Things conflict only when they are the same things: 304 seats and
    // 200 members do not.
    fn stated((claim, mask): (&Claim, u64)) -> Vec<(f64, Option<(Measure, &str)>)> {
        claim
            .quantities
            .iter()
            .enumerate()
            .filter(|&(i, _)| is_stated(mask, i))
            .map(|(_, q)| {
                let things = q.unit.as_deref().and_then(|u| u.split_whitespace().next());
                let kind = measure(q).map(|m| match m {
                    Measure::Things => (m, things.unwrap_or_default()),
                    _ => (m, ""),
                });
                (q.value, kind)
            })
            .collect()
    }
    let (x, y) = (stated(a), stated(b));
    // What a claim lacks, it says neither as a figure nor as a baseline.
    let lacks = |v: f64, other: &Claim| !other.quantities.iter().any(|q| same_rounded(v, q.value));
    // Figures of one thing that conflict are of a size: 35 and 40 dlrs a
    // share, not 45 cts a share and 195.8 mln dlrs for nine months.
    let near = |v: f64, w: f64| {
        let (lo, hi) = (v.abs().min(w.abs()), v.abs().max(w.abs()));
        lo > 0.0 && hi <= lo * CONFLICT_RATIO
    };
    x.iter()
        .filter(|&&(v, m)| m.is_some() && lacks(v, b.0))
        .any(|&(v, m)| y.iter().any(|&(w, n)| n == m && near(v, w) && lacks(w, a.0)))
}

/// How far apart two figures of one measure may be and still be rival
/// values of one thing.
const CONFLICT_RATIO: f64 = 3.0;

/// Month names, whole (the first twelve) and short.
pub(crate) const MONTHS: [&str; 24] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// What a figure measures, as far as its words tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Measure {
    Percent,
    Money,
    /// Things counted ("available seat miles", "tonnes", "workers").
    Things,
}

/// Words that name money after a figure ("pound" may weigh, so only
/// "stg", "sterling" and the sign say sterling).
const MONEY: [&str; 42] = [
    "dlr",
    "dlrs",
    "dollar",
    "dollars",
    "ct",
    "cts",
    "cent",
    "cents",
    "stg",
    "sterling",
    "mark",
    "marks",
    "yen",
    "franc",
    "francs",
    "lire",
    "lira",
    "peseta",
    "pesetas",
    "rupee",
    "rupees",
    "euro",
    "euros",
    "yuan",
    "rouble",
    "roubles",
    "ruble",
    "rubles",
    "baht",
    "ringgit",
    "rand",
    "crowns",
    "kronor",
    "kroner",
    "guilders",
    "schillings",
    "peso",
    "pesos",
    "riyals",
    "dinars",
    "shekels",
    "won",
];

/// What `q` measures: a percentage, a sum of money (a currency sign or a
/// money word among its unit's words), or things its unit names; `None`
/// when its unit is absent or says too little ("U.S." before "Dlrs").
pub(crate) fn measure(q: &Quantity) -> Option<Measure> {
    let unit = q.unit.as_deref();
    if unit == Some("percent") {
        return Some(Measure::Percent);
    }
    let words = || unit.unwrap_or_default().split_whitespace();
    if q.currency.is_some() || words().any(|w| MONEY.contains(&w)) {
        return Some(Measure::Money);
    }
    // Things only when the unit's first word can be a noun: not a word of
    // comparison ("57.8 mln vs 79.4 mln") nor a verb ("the 480 mln
    // announced on Tuesday").
    let first = &words().next()?;
    let noun = first.chars().count() >= 3
        && first.chars().all(char::is_alphabetic)
        && !NOT_UNITS.contains(first)
        && !first.ends_with("ed")
        && !first.ends_with("ing");
    noun.then_some(Measure::Things)
}

/// Words that follow a figure without naming what it counts.
const NOT_UNITS: [&str; 28] = [
    "vs", "against", "from", "compared", "prior", "and", "or", "in", "to", "of", "the", "per",
    "for", "at", "on", "up", "down", "with", "after", "before", "last", "this", "was", "were",
    "mln", "bln", "million", "billion",
];

/// Significant digits of a value, as written to twelve: 130.8 million has
/// four, 29,020 billion four, 50 one.
pub(crate) fn significant_digits(value: f64) -> usize {
    if !value.is_finite() || value == 0.0 {
        return 0;
    }
    let written = format!("{:.11e}", value.abs());
    let mantissa = written.split('e').next().unwrap_or_default();
    mantissa.trim_end_matches('0').chars().filter(char::is_ascii_digit).count()
}

/// Whether two claims state the same figures, every one.
pub(crate) fn same_figures(a: &Claim, b: &Claim) -> bool {
    let figures = |c: &Claim| {
        let mut v: Vec<u64> = c.quantities.iter().map(|q| q.value.to_bits()).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    figures(a) == figures(b)
}

/// A title without its figures and month names, hashed: the same for each
/// issue of a recurring report; `None` for a title of fewer than three
/// other words.
pub(crate) fn title_pattern(title: &str) -> Option<u64> {
    let normal = provtrace_text::normalize::normalize(title);
    let words: Vec<&str> = normal
        .split(' ')
        .filter(|w| !w.is_empty() && !w.chars().any(|c| c.is_ascii_digit()) && !MONTHS.contains(w))
        .collect();
    (words.len() >= 3).then(|| xxhash_rust::xxh3::xxh3_64(words.join(" ").as_bytes()))
}

/// Whether two claims' figures agree: at least half of the values of the
/// one with fewer are the other's ("707 from 744" and "671 from 707" are two
/// weeks' rig counts, not one claim).
pub(crate) fn values_agree(a: &Claim, b: &Claim) -> bool {
    let (few, many) = if a.quantities.len() <= b.quantities.len() { (a, b) } else { (b, a) };
    let values = distinct(few).count();
    let found = distinct(few).filter(|&v| has(many, v)).count();
    // Two tables (eight figures or more each: a rate sheet, a price list)
    // are the same only when most of their cells are: the next day's sheet
    // repeats half of them.
    if values >= TABLE_FIGURES {
        return found * 4 >= values * 3;
    }
    found * 2 >= values
}

/// A claim's distinct values, in order, compared in place (a claim has a
/// few, and this runs for pairs of claims by the million).
pub(crate) fn distinct(c: &Claim) -> impl Iterator<Item = f64> + '_ {
    let qs = &c.quantities;
    (0..qs.len())
        .filter(move |&i| !qs[..i].iter().any(|p| p.value.total_cmp(&qs[i].value).is_eq()))
        .map(move |i| qs[i].value)
}

/// Whether claim `c` states value `v`.
pub(crate) fn has(c: &Claim, v: f64) -> bool {
    c.quantities.iter().any(|q| q.value.total_cmp(&v).is_eq())
}

/// Distinct figures from which a claim is compared as a table (a sentence
/// with its figures and their baselines has fewer).
const TABLE_FIGURES: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;
    use provtrace_text::span::Span;

    /// A claim of the whole `text` with a figure at each number written.
    fn claim(text: &str, numbers: &[&str]) -> Claim {
        let quantities = numbers
            .iter()
            .map(|n| {
                let at = text.find(n).unwrap();
                Quantity {
                    value: n.replace(',', "").parse().unwrap(),
                    hedge: None,
                    unit: None,
                    rate: None,
                    currency: None,
                    span: Span::new(at, at + n.len()),
                }
            })
            .collect();
        Claim {
            span: Span::new(0, text.len()),
            quantities,
            quotes: Vec::new(),
            attributions: Vec::new(),
        }
    }

    fn roles(text: &str, numbers: &[&str]) -> Vec<bool> {
        let c = claim(text, numbers);
        c.quantities.iter().map(|q| is_baseline(text, &c, q)).collect()
    }

    #[test]
    fn a_figure_compared_with_is_a_baseline() {
        assert_eq!(roles("Revs 13.9 mln vs 17.8 mln", &["13.9", "17.8"]), [false, true]);
        assert_eq!(
            roles(
                "passenger miles rose 3.8 pct to 131.4 mln from 126.6 mln",
                &["3.8", "131.4", "126.6"]
            ),
            [false, false, true]
        );
        assert_eq!(roles("Mthly div 6.6 cts vs 6.9 cts prior", &["6.6", "6.9"]), [false, true]);
        assert_eq!(
            roles("load factor fell to 36.3 pct to 40.3 pct a year before", &["36.3", "40.3"]),
            [false, true]
        );
        assert_eq!(
            roles(
                "were 17.5 mln dlrs and not the 17.8 mln dlrs it had reported",
                &["17.5", "17.8"]
            ),
            [false, true]
        );
        assert_eq!(
            roles("a 6.02 pct gain compared with a 3.34 pct increase", &["6.02", "3.34"]),
            [false, true]
        );
        assert_eq!(
            roles(
                "earned 12.6 mln dlrs, up from earnings of 7,500,000 dlrs",
                &["12.6", "7,500,000"]
            ),
            [false, true]
        );
    }

    #[test]
    fn a_figure_stated_is_no_baseline() {
        assert_eq!(
            roles("30,000 foreigners from more than 100 countries", &["30,000", "100"]),
            [false, false]
        );
        assert_eq!(
            roles("It shipped 300,000 chips to 200 customers.", &["300,000", "200"]),
            [false, false]
        );
        assert_eq!(roles("The won was 812.05 against the dollar", &["812.05"]), [false]);
        assert_eq!(roles("fighters from some 100 countries", &["100"]), [false]);
    }

    /// A claim of `text` with its figures at `numbers`, and its baselines.
    fn with_baselines(text: &str, numbers: &[&str]) -> (Claim, u64) {
        let c = claim(text, numbers);
        let mask = baselines(text, &c);
        (c, mask)
    }

    #[test]
    fn only_shared_baselines_do_not_make_one_claim() {
        let bank = with_baselines(
            "Balance sheet total 61.50 billion marks vs 63.67 billion.",
            &["61.50", "63.67"],
        );
        let group = with_baselines(
            "Balance sheet 59.89 billion marks vs 63.67 billion.",
            &["59.89", "63.67"],
        );
        assert!(!stated_figures_meet((&bank.0, bank.1), (&group.0, group.1)));
        let again = with_baselines(
            "Balance sheet total 61.50 billion marks against 60.10 billion.",
            &["61.50", "60.10"],
        );
        assert!(stated_figures_meet((&bank.0, bank.1), (&again.0, again.1)));
    }

    #[test]
    fn one_figure_against_two_baselines_is_two_facts() {
        let michigan = with_baselines("Mthly div 6.6 cts vs 6.9 cts prior", &["6.6", "6.9"]);
        // The second 6.6 of this one is its baseline.
        let text = "Mthly div 6.6 cts vs 6.6 cts prior";
        let mut minnesota = claim(text, &["6.6"]);
        let second = text.rfind("6.6").unwrap();
        let mut baseline = minnesota.quantities[0].clone();
        baseline.span = Span::new(second, second + 3);
        minnesota.quantities.push(baseline);
        let mask = baselines(text, &minnesota);
        assert_eq!(mask, 0b10);
        assert!(baselines_differ((&michigan.0, michigan.1), (&minnesota, mask)));
        assert!(!baselines_differ((&michigan.0, michigan.1), (&michigan.0, michigan.1)));
    }

    #[test]
    fn two_prices_of_one_measure_conflict() {
        let money = |text: &str, numbers: &[&str]| {
            let mut c = claim(text, numbers);
            for q in &mut c.quantities {
                q.unit = Some(if q.value > 50.0 { "percent" } else { "dlrs" }.to_string());
            }
            c
        };
        let hutton = money("a 35 dlr tender for 83 pct", &["35", "83"]);
        let emery = money("a 40 dlr tender for 83 pct", &["40", "83"]);
        let again = money("tender for 83 pct at 35 dlrs", &["83", "35"]);
        assert!(figures_conflict((&hutton, 0), (&emery, 0)));
        assert!(!figures_conflict((&hutton, 0), (&again, 0)));
    }

    #[test]
    fn values_meet_as_rounded_as_the_less_precise() {
        assert!(same_rounded(1.92e9, 1.9e9));
        assert!(same_rounded(2.0, 2.00));
        assert!(!same_rounded(6.6, 6.9));
        assert!(!same_rounded(1.98e9, 1.9e9));
        assert!(!same_rounded(35.0, 40.0));
        assert!(!same_rounded(120e6, 124e6));
    }

    #[test]
    fn what_a_figure_measures_is_read_from_its_unit() {
        let q = |unit: Option<&str>, currency: Option<&str>| Quantity {
            value: 1.0,
            hedge: None,
            unit: unit.map(str::to_string),
            rate: None,
            currency: currency.map(str::to_string),
            span: Span::new(0, 1),
        };
        assert_eq!(measure(&q(Some("percent"), None)), Some(Measure::Percent));
        assert_eq!(measure(&q(Some("australian dlrs"), None)), Some(Measure::Money));
        assert_eq!(measure(&q(None, Some("$"))), Some(Measure::Money));
        assert_eq!(measure(&q(Some("available seat miles"), None)), Some(Measure::Things));
        assert_eq!(measure(&q(Some("pound lots"), None)), Some(Measure::Things));
        for unit in ["vs", "announced", "u.s", "mln"] {
            assert_ne!(measure(&q(Some(unit), None)), Some(Measure::Things), "{unit}");
        }
        assert_eq!(measure(&q(None, None)), None);
    }

    #[test]
    fn significant_digits_are_counted_as_written() {
        assert_eq!(significant_digits(130.8e6), 4);
        assert_eq!(significant_digits(29_020e9), 4);
        assert_eq!(significant_digits(50.0), 1);
        assert_eq!(significant_digits(495.0), 3);
        assert_eq!(significant_digits(0.0), 0);
    }
}
