//! The outlet gazetteer: which names, abbreviations and domains mean which
//! news outlet.
//!
//! Input: the built-in list plus outlets from the configuration. Output:
//! lookups (a name or domain to an outlet) and [`Mention`]s of outlets in a
//! text, each with its span. Matching is case-sensitive on the names as
//! outlets write them, plus their all-capitals form ("REUTERS"), at word
//! boundaries. A contextual name ("the Times") means its outlet only in a
//! text that has named that outlet in full; where two outlets share it and
//! both are named, it means neither.
//!
//! It does not decide whether a mention is a credit; `page` does that from
//! the cue around it.

use regex::Regex;

use provtrace_common::config::OutletEntry;
use provtrace_text::span::Span;

/// Index of an outlet in the gazetteer.
pub type OutletId = usize;

/// An outlet named in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    pub outlet: OutletId,
    pub span: Span,
}

/// The outlets known by name.
#[derive(Debug)]
pub struct Gazetteer {
    entries: Vec<OutletEntry>,
    /// Full names and aliases, longest first, one alternation.
    names: Regex,
    /// Which outlet each alternative of `names` belongs to, by its text.
    by_name: rustc_hash::FxHashMap<String, OutletId>,
    contextual: Option<Regex>,
    by_contextual: Vec<(String, OutletId)>,
    /// The outlet of each full name and alias by its [`lookup_key`], the
    /// first outlet where two share one.
    by_key: rustc_hash::FxHashMap<String, OutletId>,
}

/// (name, aliases, contextual names, domains, wire service)
type Builtin =
    (&'static str, &'static [&'static str], &'static [&'static str], &'static [&'static str], bool);

const BUILTIN: &[Builtin] = &[
    (
        "The New York Times",
        &["New York Times", "NYT", "NYTimes"],
        &["the Times"],
        &["nytimes.com"],
        false,
    ),
    ("Associated Press", &["The Associated Press", "AP"], &[], &["apnews.com", "ap.org"], true),
    ("Reuters", &["Thomson Reuters"], &[], &["reuters.com"], true),
    (
        "Agence France-Presse",
        &["AFP", "Agence France Presse", "France-Presse"],
        &[],
        &["afp.com"],
        true,
    ),
    ("United Press International", &["UPI"], &[], &["upi.com"], true),
    ("NBC News", &["NBC"], &[], &["nbcnews.com", "nbc.com"], false),
    ("CBS News", &["CBS"], &[], &["cbsnews.com"], false),
    ("ABC News", &["ABC"], &[], &["abcnews.go.com", "abcnews.com"], false),
    ("CNN", &["Cable News Network"], &[], &["cnn.com"], false),
    ("Fox News", &["Fox News Channel"], &[], &["foxnews.com"], false),
    ("MSNBC", &[], &[], &["msnbc.com"], false),
    ("CNBC", &[], &[], &["cnbc.com"], false),
    ("NPR", &["National Public Radio"], &[], &["npr.org"], false),
    (
        "The Washington Post",
        &["Washington Post", "WaPo"],
        &["the Post"],
        &["washingtonpost.com"],
        false,
    ),
    (
        "The Wall Street Journal",
        &["Wall Street Journal", "WSJ"],
        &["the Journal"],
        &["wsj.com"],
        false,
    ),
    ("Los Angeles Times", &["LA Times", "L.A. Times"], &["the Times"], &["latimes.com"], false),
    ("USA Today", &["USA TODAY"], &[], &["usatoday.com"], false),
    ("The Guardian", &["Guardian"], &[], &["theguardian.com", "guardian.co.uk"], false),
    ("BBC News", &["BBC"], &[], &["bbc.co.uk", "bbc.com"], false),
    ("Bloomberg", &["Bloomberg News"], &[], &["bloomberg.com"], false),
    ("Politico", &["POLITICO"], &[], &["politico.com"], false),
    ("The Hill", &[], &[], &["thehill.com"], false),
    ("Axios", &[], &[], &["axios.com"], false),
    ("Al Jazeera", &[], &[], &["aljazeera.com"], false),
    ("Financial Times", &[], &[], &["ft.com"], false),
    ("The Economist", &[], &[], &["economist.com"], false),
    ("Newsweek", &[], &[], &["newsweek.com"], false),
    ("Time magazine", &["TIME magazine"], &[], &["time.com"], false),
    ("The Atlantic", &[], &[], &["theatlantic.com"], false),
    (
        "The Daily Telegraph",
        &["The Telegraph", "Daily Telegraph"],
        &[],
        &["telegraph.co.uk"],
        false,
    ),
    ("The Independent", &[], &[], &["independent.co.uk"], false),
    ("Daily Mail", &["Mail Online", "MailOnline"], &[], &["dailymail.co.uk"], false),
    ("Sky News", &[], &[], &["news.sky.com"], false),
    ("New York Post", &["NY Post"], &["the Post"], &["nypost.com"], false),
    ("Chicago Tribune", &[], &[], &["chicagotribune.com"], false),
    ("The Boston Globe", &["Boston Globe"], &[], &["bostonglobe.com"], false),
    ("San Francisco Chronicle", &[], &[], &["sfchronicle.com"], false),
    ("Miami Herald", &[], &[], &["miamiherald.com"], false),
    (
        "HuffPost",
        &["Huffington Post", "The Huffington Post"],
        &[],
        &["huffpost.com", "huffingtonpost.com"],
        false,
    ),
    ("BuzzFeed News", &[], &[], &["buzzfeednews.com"], false),
    ("Vox", &[], &[], &["vox.com"], false),
    ("Vice News", &[], &[], &["vice.com"], false),
    ("ProPublica", &[], &[], &["propublica.org"], false),
    ("The Intercept", &[], &[], &["theintercept.com"], false),
    ("The Daily Beast", &[], &[], &["thedailybeast.com"], false),
    ("Business Insider", &[], &[], &["businessinsider.com"], false),
    ("Breitbart News", &["Breitbart"], &[], &["breitbart.com"], false),
    ("McClatchy", &[], &[], &["mcclatchydc.com"], false),
    ("Voice of America", &["VOA"], &[], &["voanews.com"], false),
    ("Radio Free Europe/Radio Liberty", &["RFE/RL"], &[], &["rferl.org"], false),
    ("Xinhua", &["Xinhua News Agency"], &[], &["xinhuanet.com"], true),
    ("TASS", &[], &[], &["tass.com"], true),
    ("Interfax", &[], &[], &["interfax.com"], true),
    ("Kyodo News", &["Kyodo"], &[], &["kyodonews.net"], true),
    ("Yonhap", &["Yonhap News Agency"], &[], &["yna.co.kr"], true),
    ("Deutsche Presse-Agentur", &["dpa", "DPA"], &[], &["dpa.com"], true),
    ("EFE", &[], &[], &["efe.com"], true),
    ("ANSA", &[], &[], &["ansa.it"], true),
    ("PA Media", &["Press Association"], &[], &["pa.media"], true),
    ("The Canadian Press", &["Canadian Press"], &[], &["thecanadianpress.com"], true),
    ("Australian Associated Press", &["AAP"], &[], &["aap.com.au"], true),
    ("Anadolu Agency", &["Anadolu"], &[], &["aa.com.tr"], true),
    ("Der Spiegel", &["Spiegel"], &[], &["spiegel.de"], false),
    ("Le Monde", &[], &[], &["lemonde.fr"], false),
    ("El País", &["El Pais"], &[], &["elpais.com"], false),
    ("Haaretz", &[], &[], &["haaretz.com"], false),
    ("The Times of Israel", &["Times of Israel"], &[], &["timesofisrael.com"], false),
    ("The Jerusalem Post", &["Jerusalem Post"], &[], &["jpost.com"], false),
    ("Al Arabiya", &[], &[], &["alarabiya.net"], false),
    ("China Topix", &[], &[], &["chinatopix.com"], false),
    ("InvestorsHub", &["iHub"], &[], &["investorshub.advfn.com"], false),
];

/// Words that mark a name as an outlet's ("The Levant News", "Valley
/// Courier") when it is not in the gazetteer.
const OUTLET_WORDS: &[&str] = &[
    "news",
    "times",
    "post",
    "press",
    "journal",
    "herald",
    "tribune",
    "daily",
    "gazette",
    "chronicle",
    "courier",
    "ledger",
    "observer",
    "wire",
    "report",
    "reporter",
    "today",
    "weekly",
    "magazine",
    "radio",
    "tv",
    "television",
    "network",
    "media",
    "express",
    "mail",
    "star",
    "standard",
    "telegraph",
    "guardian",
    "independent",
    "monitor",
    "dispatch",
    "examiner",
    "inquirer",
    "register",
    "sentinel",
    "globe",
    "bulletin",
    "insider",
    "hub",
    "agency",
    "broadcasting",
    "digest",
    "newswire",
    "online",
    "topix",
    "beacon",
    "record",
];

impl Gazetteer {
    /// The built-in outlets plus `extra` (an extra entry with a built-in
    /// name adds its aliases and domains to it).
    pub fn new(extra: &[OutletEntry]) -> Gazetteer {
        let mut entries: Vec<OutletEntry> = BUILTIN
            .iter()
            .map(|(name, aliases, contextual, domains, wire)| OutletEntry {
                name: (*name).to_string(),
                aliases: aliases.iter().map(|s| (*s).to_string()).collect(),
                contextual: contextual.iter().map(|s| (*s).to_string()).collect(),
                domains: domains.iter().map(|s| (*s).to_string()).collect(),
                wire: *wire,
            })
            .collect();
        for entry in extra {
            if let Some(known) = entries.iter_mut().find(|e| e.name == entry.name) {
                known.aliases.extend(entry.aliases.iter().cloned());
                known.contextual.extend(entry.contextual.iter().cloned());
                known.domains.extend(entry.domains.iter().cloned());
                known.wire |= entry.wire;
            } else {
                entries.push(entry.clone());
            }
        }
        let mut by_name = Vec::new();
        let mut by_contextual = Vec::new();
        for (id, entry) in entries.iter().enumerate() {
            for name in std::iter::once(&entry.name).chain(&entry.aliases) {
                by_name.push((name.clone(), id));
                by_name.push((name.to_uppercase(), id));
                // "The Guardian" is also written "the Guardian".
                if let Some(rest) = name.strip_prefix("The ") {
                    by_name.push((rest.to_string(), id));
                    by_name.push((format!("the {rest}"), id));
                }
            }
            for name in &entry.contextual {
                by_contextual.push((name.clone(), id));
                by_contextual.push((uppercase_first(name), id));
            }
        }
        by_name.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.cmp(b)));
        by_name.dedup_by(|a, b| a.0 == b.0);
        by_contextual.sort();
        by_contextual.dedup();
        let names = alternation(by_name.iter().map(|(n, _)| n.as_str()));
        let by_name = by_name.into_iter().collect();
        let contextual = (!by_contextual.is_empty())
            .then(|| alternation(by_contextual.iter().map(|(n, _)| n.as_str())));
        let mut by_key = rustc_hash::FxHashMap::default();
        for (id, entry) in entries.iter().enumerate() {
            for name in std::iter::once(&entry.name).chain(&entry.aliases) {
                by_key.entry(lookup_key(name)).or_insert(id);
            }
        }
        Gazetteer { entries, names, by_name, contextual, by_contextual, by_key }
    }

    /// The canonical name of an outlet.
    pub fn name(&self, id: OutletId) -> &str {
        &self.entries[id].name
    }

    /// The outlet's aliases (for the report).
    pub fn aliases(&self, id: OutletId) -> &[String] {
        &self.entries[id].aliases
    }

    /// Whether the outlet is a wire service.
    pub fn is_wire(&self, id: OutletId) -> bool {
        self.entries[id].wire
    }

    /// The outlet a whole name means: "NYT", "the new york times",
    /// "REUTERS" (case and a leading "the" do not matter here).
    pub fn lookup(&self, name: &str) -> Option<OutletId> {
        let clean = clean_name(name);
        if clean.is_empty() {
            return None;
        }
        self.by_key.get(&lookup_key(&clean)).copied()
    }

    /// The outlet a web address or host belongs to.
    pub fn by_domain(&self, url_or_host: &str) -> Option<OutletId> {
        let host = host_of(url_or_host)?;
        self.entries.iter().position(|entry| {
            entry.domains.iter().any(|d| host == *d || host.ends_with(&format!(".{d}")))
        })
    }

    /// Every outlet named in `text`, in text order, with contextual names
    /// resolved against the full names the text uses.
    pub fn mentions(&self, text: &str) -> Vec<Mention> {
        let mut found: Vec<Mention> = self
            .names
            .find_iter(text)
            .filter(|m| !joined(text, m.start(), m.end()))
            .filter_map(|m| {
                let matched = one_space(m.as_str());
                let id = *self.by_name.get(&matched)?;
                Some(Mention { outlet: id, span: Span::new(m.start(), m.end()) })
            })
            .collect();
        if let Some(contextual) = &self.contextual {
            let named: Vec<OutletId> = found.iter().map(|m| m.outlet).collect();
            for m in contextual.find_iter(text) {
                let matched = one_space(m.as_str());
                let owners: Vec<OutletId> = self
                    .by_contextual
                    .iter()
                    .filter(|(n, id)| *n == matched && named.contains(id))
                    .map(|(_, id)| *id)
                    .collect();
                let span = Span::new(m.start(), m.end());
                if let [only] = owners[..]
                    && !found.iter().any(|f| f.span.overlaps(span))
                {
                    found.push(Mention { outlet: only, span });
                }
            }
            found.sort_by_key(|m| m.span);
        }
        found
    }
}

/// Words joined by single spaces.
fn one_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when a match is part of a hyphenated name ("United-Guardian").
fn joined(text: &str, start: usize, end: usize) -> bool {
    text[..start].ends_with('-') || text[end..].starts_with('-')
}

/// True when a name not in the gazetteer looks like an outlet's: it holds
/// a word such as News, Times, Post, Herald, Courier.
pub fn looks_like_outlet(name: &str) -> bool {
    name.split(|c: char| !c.is_alphanumeric())
        .any(|w| OUTLET_WORDS.iter().any(|o| w.eq_ignore_ascii_case(o)))
}

/// A name as credited in text, without surrounding punctuation and space.
pub fn clean_name(name: &str) -> String {
    let trimmed = name.trim().trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '.' | ','
                    | ';'
                    | ':'
                    | '"'
                    | '\''
                    | '('
                    | ')'
                    | '['
                    | ']'
                    | '|'
                    | '-'
                    | '—'
                    | '–'
                    | '*'
                    | '“'
                    | '”'
            )
    });
    trimmed.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A name without a leading "the", in ASCII lower case: names that
/// [`Gazetteer::lookup`] takes for one another have one key.
fn lookup_key(name: &str) -> String {
    strip_the(name).to_ascii_lowercase()
}

fn strip_the(name: &str) -> &str {
    name.strip_prefix("The ")
        .or_else(|| name.strip_prefix("the "))
        .or_else(|| name.strip_prefix("THE "))
        .unwrap_or(name)
}

fn uppercase_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The host of a URL or bare domain, lower-cased, without `www.`.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://").map_or(url.trim(), |(_, r)| r);
    let host = rest.split(['/', '?', '#', ' ']).next()?.split(':').next()?;
    let host = host.trim_start_matches("www.").to_ascii_lowercase();
    (host.contains('.') && !host.is_empty()).then_some(host)
}

fn alternation<'a>(names: impl Iterator<Item = &'a str>) -> Regex {
    // Any run of white space (a no-break space too) may stand between words.
    let body: Vec<String> = names.map(|n| regex::escape(n).replace(' ', r"\s+")).collect();
    // Names are literals; the pattern is always valid.
    Regex::new(&format!(r"(?-u:\b)(?:{})(?-u:\b)", body.join("|")))
        .unwrap_or_else(|_| unreachable!())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(g: &Gazetteer, text: &str) -> Vec<(String, String)> {
        g.mentions(text)
            .into_iter()
            .map(|m| (m.span.slice(text).to_string(), g.name(m.outlet).to_string()))
            .collect()
    }

    #[test]
    fn lookups() {
        let g = Gazetteer::new(&[]);
        let cases = [
            ("NYT", Some("The New York Times")),
            ("the new york times", Some("The New York Times")),
            ("The Associated Press.", Some("Associated Press")),
            ("REUTERS", Some("Reuters")),
            ("NBC", Some("NBC News")),
            ("The Levant", None),
            ("", None),
        ];
        for (name, want) in cases {
            assert_eq!(g.lookup(name).map(|id| g.name(id)), want, "{name}");
        }
        assert_eq!(
            g.by_domain("https://www.nytimes.com/2018/02/04/x.html").map(|id| g.name(id)),
            Some("The New York Times")
        );
        assert_eq!(g.by_domain("https://edition.cnn.com/a").map(|id| g.name(id)), Some("CNN"));
        assert_eq!(g.by_domain("https://example.org/"), None);
    }

    #[test]
    fn mentions_with_context() {
        let g = Gazetteer::new(&[]);
        let text = "The New York Times is reporting it, and the Times notes more; the AP and REUTERS agree.";
        let got = names(&g, text);
        assert_eq!(
            got,
            [
                ("The New York Times".into(), "The New York Times".into()),
                ("the Times".into(), "The New York Times".into()),
                ("AP".into(), "Associated Press".into()),
                ("REUTERS".into(), "Reuters".into()),
            ]
        );
        // "the Times" alone is nobody in particular.
        assert!(names(&g, "As the Times put it.").is_empty());
        // Ambiguous when two owners are named.
        let both = "The New York Times and the Los Angeles Times; the Times said.";
        assert_eq!(names(&g, both).len(), 2);
        // Any white space between the words of a name.
        assert_eq!(names(&g, "The New\u{a0}York Times said. And the\u{a0}Times notes.").len(), 2);
        // Not inside words or hyphenated names.
        assert!(names(&g, "TAPAS and CNNs").is_empty());
        assert!(names(&g, "United-Guardian said").is_empty());
    }

    #[test]
    fn config_outlets_extend() {
        let extra = OutletEntry {
            name: "Northwind Press".into(),
            aliases: vec!["NWP".into()],
            contextual: vec![],
            domains: vec!["northwind.example".into()],
            wire: true,
        };
        let g = Gazetteer::new(&[extra]);
        let id = g.lookup("NWP").unwrap();
        assert_eq!(g.name(id), "Northwind Press");
        assert!(g.is_wire(id));
        assert_eq!(names(&g, "(NWP) —"), [("NWP".into(), "Northwind Press".into())]);
    }

    #[test]
    fn outlet_like_names() {
        for (name, want) in [
            ("The Levant News", true),
            ("Valley Courier", true),
            ("WASHINGTON", false),
            ("John Smith", false),
        ] {
            assert_eq!(looks_like_outlet(name), want, "{name}");
        }
    }
}
