//! Web pages: the article a page carries, as text with its paragraph
//! breaks, and what the page declares of itself (title, outlet, published
//! date, URL). The article is found by `dom_smoothie`, a port of Mozilla's
//! Readability (the reader view of Firefox): navigation, scripts, comments
//! and footers stay out of the text, and so out of shingles and claims.

use dom_smoothie::{Config, Readability, TextMode};
use provtrace_common::Metadata;

use super::encoding::{self, NotText};

/// How far into a file its markup is looked for.
const SNIFFED: usize = 1024;

/// An article read from a web page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article {
    /// The title, a blank line, then the article's paragraphs, each
    /// separated by a blank line.
    pub text: String,
    pub metadata: Metadata,
}

/// Why a web page gave no article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoArticle {
    /// Not text at all.
    NotText(NotText),
    /// The page holds no block of prose that reads as an article (an
    /// index, a form, a page built by scripts).
    Empty,
    /// Elements nested deeper than [`MAX_DEPTH`]: parsing them takes time
    /// that grows as the square of the depth.
    TooDeep(usize),
    /// A run of text holding so many entities (`&amp;`…) that reading it
    /// would take time growing as the square of its length: its length in
    /// bytes and its entities.
    EntityRun(usize, usize),
}

/// The most work a page's runs of text may cost, as the product of each
/// run's length and its entities, summed (about a second). The parser
/// rescans the rest of a run at each `&` it escapes again; a news page's
/// paragraphs cost a few thousand each.
const MAX_ENTITY_WORK: u128 = 100_000_000_000;

/// The deepest nesting of elements read. Browsers build no deeper tree
/// (Chromium flattens past 512); a news page is a few dozen deep.
pub const MAX_DEPTH: usize = 1024;

impl std::fmt::Display for NoArticle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoArticle::NotText(reason) => reason.fmt(f),
            NoArticle::Empty => f.write_str(
                "a web page with no article text found (an index, a form, or a page its scripts \
                 fill in); save the article's text, or its page as the browser shows it",
            ),
            NoArticle::TooDeep(depth) => write!(
                f,
                "a web page with elements nested {depth} deep, more than the {MAX_DEPTH} read"
            ),
            NoArticle::EntityRun(bytes, entities) => write!(
                f,
                "a web page with a run of text of {bytes} bytes holding {entities} entities \
                 (`&...;`), which would take minutes to read"
            ),
        }
    }
}

/// Whether bytes are a web page: after a byte-order mark and white space,
/// they open with a doctype, a comment or a tag, and `<html`, `<head` or
/// `<body` comes within the first kilobyte.
pub fn is_html(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    let head = &bytes[start..bytes.len().min(start + SNIFFED)];
    if head.first() != Some(&b'<') {
        return false;
    }
    let lower = head.to_ascii_lowercase();
    lower.starts_with(b"<!doctype html")
        || [&b"<html"[..], b"<head", b"<body"]
            .iter()
            .any(|tag| lower.windows(tag.len()).any(|w| w == *tag))
}

/// The charset a page declares in its first kilobyte (`<meta charset=…>`
/// or `content="text/html; charset=…"`), if `encoding_rs` knows it.
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = bytes[..bytes.len().min(SNIFFED)].to_ascii_lowercase();
    let at = head.windows(8).position(|w| w == b"charset=")? + 8;
    let rest = &head[at..];
    let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        .unwrap_or(rest.len());
    encoding_rs::Encoding::for_label(&rest[..end])
}

/// Decodes a page's bytes: a byte-order mark, else UTF-8 when the bytes
/// are, else the charset the server declared (`served`, from a WARC
/// record's HTTP header), else the charset the page declares, else as any text is
/// ([`encoding::decode`]). A page that declares a charset it is not
/// written in is read as the bytes are.
pub fn decode(bytes: &[u8], served: Option<&str>) -> Result<(String, &'static str), NotText> {
    let served = served.and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()));
    let declared = served.or_else(|| declared_charset(bytes));
    let has_bom = encoding_rs::Encoding::for_bom(bytes).is_some();
    match declared {
        Some(charset)
            if !has_bom
                && charset != encoding_rs::UTF_8
                && std::str::from_utf8(bytes).is_err()
                && !bytes.contains(&0) =>
        {
            let (text, _, _) = charset.decode(bytes);
            encoding::finish(text.into_owned(), charset.name())
        }
        _ => encoding::decode(bytes),
    }
}

/// What reading a page would cost, found in one pass over its tags before
/// it is parsed.
#[derive(Debug, Default, PartialEq, Eq)]
struct Shape {
    /// How deep its elements nest (see [`shape`]).
    depth: usize,
    /// The run of text with the most entities: its length and entities.
    run: (usize, usize),
    /// Every run's length times its entities, summed.
    work: u128,
}

/// How deep the page's elements nest, counted over its tags in one pass:
/// an opening tag goes one deeper, a closing tag one back; empty elements
/// (`<br>`, `<img>`, `<x/>`), elements a parser closes on its own (`<p>`,
/// `<li>`, table cells), comments, declarations and the contents of
/// scripts and styles do not count. Stops counting past `limit`. Each
/// run of text between tags is weighed by its length and entities.
fn shape(html: &str, limit: usize) -> Shape {
    const FLAT: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "dt", "dd", "option", "tr", "td", "th",
    ];
    let bytes = html.as_bytes();
    let (mut at, mut depth) = (0, 0usize);
    let mut shape = Shape::default();
    let weigh = |text: &[u8], shape: &mut Shape| {
        // Once over each run: linear, and no crate needed for it.
        #[allow(clippy::naive_bytecount)]
        let entities = text.iter().filter(|&&b| b == b'&').count();
        shape.work += text.len() as u128 * entities as u128;
        if entities > shape.run.1 {
            shape.run = (text.len(), entities);
        }
    };
    while let Some(found) = bytes[at..].iter().position(|&b| b == b'<') {
        weigh(&bytes[at..at + found], &mut shape);
        at += found + 1;
        let rest = &html[at..];
        if rest.starts_with("!--") {
            at += rest.find("-->").map_or(rest.len(), |end| end + 3);
            continue;
        }
        let closing = rest.starts_with('/');
        let name_start = usize::from(closing);
        let name: String = rest[name_start..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .take(16)
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        let end = rest.find('>').map_or(rest.len(), |end| end + 1);
        let empty = rest[..end].ends_with("/>") || FLAT.contains(&name.as_str());
        if closing {
            depth = depth.saturating_sub(usize::from(!FLAT.contains(&name.as_str())));
        } else if !empty {
            depth += 1;
            shape.depth = shape.depth.max(depth);
            if shape.depth > limit {
                return shape;
            }
        }
        at += end;
        if !closing && (name == "script" || name == "style") {
            // Its text up to its closing tag, in any case, is not markup.
            let close = format!("</{name}");
            at += bytes[at..]
                .windows(close.len())
                .position(|w| w.eq_ignore_ascii_case(close.as_bytes()))
                .unwrap_or(bytes.len() - at);
        }
    }
    weigh(&bytes[at.min(bytes.len())..], &mut shape);
    shape
}

/// The article of a decoded page.
pub fn article(html: &str) -> Result<Article, NoArticle> {
    let found = shape(html, MAX_DEPTH);
    if found.depth > MAX_DEPTH {
        return Err(NoArticle::TooDeep(found.depth));
    }
    if found.work > MAX_ENTITY_WORK {
        return Err(NoArticle::EntityRun(found.run.0, found.run.1));
    }
    let document = dom_query::Document::from(html);
    let attribute = |selector: &str, name: &str| {
        document.select(selector).attr(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
    };
    let first = |found: &[(&str, &str)]| {
        found.iter().find_map(|(selector, name)| attribute(selector, name))
    };
    let canonical = attribute("link[rel=canonical]", "href");
    let own = attribute("meta[property='og:url']", "content");
    // A canonical link to another site than the page's own says where the
    // article was first published.
    let elsewhere =
        canonical.as_deref().zip(own.as_deref()).is_some_and(|(c, o)| host(c) != host(o));
    let linked = linked_data(&document);
    let original = first(&[
        ("meta[name='original-source']", "content"),
        ("meta[name='syndication-source']", "content"),
    ])
    .or(linked.based_on)
    .or_else(|| canonical.clone().filter(|_| elsewhere));
    let url = if elsewhere { own } else { canonical.or(own) };
    // What the page's markup declares, before what Readability infers
    // (its site name may be a byline joined to the outlet).
    let outlet = first(&[
        ("meta[property='og:site_name']", "content"),
        ("meta[name='application-name']", "content"),
        ("meta[name='DC.publisher']", "content"),
    ]);
    let published = first(&[
        ("meta[property='article:published_time']", "content"),
        ("meta[itemprop=datePublished]", "content"),
        ("[itemprop=datePublished][datetime]", "datetime"),
        ("meta[name=date]", "content"),
        ("meta[name='DC.date.issued']", "content"),
        ("meta[name=pubdate]", "content"),
        ("meta[name=publishdate]", "content"),
        ("meta[name='parsely-pub-date']", "content"),
    ]);
    let author = first(&[("meta[name=author]", "content"), ("meta[name='DC.creator']", "content")])
        .filter(|a| !a.contains("://"));
    let modified = first(&[
        ("meta[property='article:modified_time']", "content"),
        ("meta[itemprop=dateModified]", "content"),
        ("[itemprop=dateModified][datetime]", "datetime"),
    ]);
    let config = Config { text_mode: TextMode::Formatted, ..Config::default() };
    let mut readability = Readability::with_document(document, None, Some(config.clone()))
        .map_err(|_| NoArticle::Empty)?;
    let mut found = readability.parse().ok();
    // A page whose scripts fill in its article may give it to readers
    // without scripts in `<noscript>`, which a parser with scripting on
    // (as a browser, and html5ever) takes for text. A body too short to be
    // an article, or none, is looked for again in the page as such a
    // reader sees it.
    let short = found.as_ref().map_or(0, |f| f.text_content.trim().len());
    if short < SHORT_BODY
        && let Some(unwrapped) = without_noscript(html)
        && let Ok(mut again) =
            Readability::with_document(dom_query::Document::from(unwrapped), None, Some(config))
        && let Ok(again) = again.parse()
        && again.text_content.trim().len() >= 2 * short.max(1)
    {
        found = Some(again);
    }
    let found = found.ok_or(NoArticle::Empty)?;
    let body = found.text_content.trim();
    if body.is_empty() {
        return Err(NoArticle::Empty);
    }
    let title = found.title.trim().to_string();
    let text = if title.is_empty() || body.starts_with(&title) {
        body.to_string()
    } else {
        format!("{title}\n\n{body}")
    };
    let kept = |v: Option<String>| v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let metadata = Metadata {
        title: Some(title).filter(|t| !t.is_empty()),
        url: kept(url).or_else(|| kept(found.url)),
        outlet: outlet.or_else(|| kept(found.site_name)),
        published: kept(found.published_time).or(published),
        original,
        source: linked.source,
        author: author.or_else(|| kept(found.byline)),
        language: kept(found.lang),
        modified: kept(found.modified_time).or(modified),
    };
    Ok(Article { text, metadata })
}

/// Bytes of article text below which a page is looked at again with its
/// `<noscript>` read as markup: a short news brief is longer.
const SHORT_BODY: usize = 500;

/// The page with each `<noscript>` element made a `<div>`, as a browser
/// without scripts shows it; `None` when it has none.
fn without_noscript(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    if !lower.contains("<noscript") {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    while let Some(found) = lower[at..].find("noscript") {
        let start = at + found;
        let tag = match lower.as_bytes()[..start].last() {
            Some(b'<') => "div",
            Some(b'/') if lower[..start - 1].ends_with('<') => "div",
            _ => "noscript",
        };
        out.push_str(&html[at..start]);
        out.push_str(tag);
        at = start + "noscript".len();
    }
    out.push_str(&html[at..]);
    Some(out)
}

/// What a page's JSON-LD says of where its article comes from.
#[derive(Default)]
struct Linked {
    /// `isBasedOn`: the URL of the work it is based on.
    based_on: Option<String>,
    /// `sourceOrganization`: the outlet that made it.
    source: Option<String>,
}

/// The first `isBasedOn` and `sourceOrganization` in the page's JSON-LD
/// blocks, looked for in the objects they hold (an `@graph` too), each
/// as a string or as an object with a `url`/`@id` or a `name`. A block
/// that is not JSON is passed over.
fn linked_data(document: &dom_query::Document) -> Linked {
    fn text(value: &serde_json::Value, keys: &[&str]) -> Option<String> {
        let found = match value {
            serde_json::Value::String(s) => Some(s.as_str()),
            serde_json::Value::Object(o) => keys.iter().find_map(|k| o.get(*k)?.as_str()),
            serde_json::Value::Array(items) => return items.iter().find_map(|v| text(v, keys)),
            _ => None,
        };
        found.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
    }
    fn visit(value: &serde_json::Value, found: &mut Linked, depth: usize) {
        match value {
            serde_json::Value::Object(o) if depth < 8 => {
                if found.based_on.is_none() {
                    found.based_on = o.get("isBasedOn").and_then(|v| text(v, &["url", "@id"]));
                }
                if found.source.is_none() {
                    found.source = o.get("sourceOrganization").and_then(|v| text(v, &["name"]));
                }
                for nested in o.values() {
                    visit(nested, found, depth + 1);
                }
            }
            serde_json::Value::Array(items) if depth < 8 => {
                for item in items {
                    visit(item, found, depth + 1);
                }
            }
            _ => {}
        }
    }
    let mut found = Linked::default();
    for script in &document.select("script[type='application/ld+json']") {
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(&script.text()) {
            visit(&value, &mut found, 0);
        }
    }
    found
}

/// The host of a URL, lower case, without `www.`; `None` when it has none.
fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#', ':']).next()?.to_ascii_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string()).filter(|h| !h.is_empty())
}

/// Reads a web page's bytes into its article, with the encoding they
/// were read in; `served` is the charset the server declared, if known.
pub fn read(bytes: &[u8], served: Option<&str>) -> Result<(Article, &'static str), NoArticle> {
    let (html, encoding) = decode(bytes, served).map_err(NoArticle::NotText)?;
    Ok((article(&html)?, encoding))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Bridge to close for two years | The Valley Courier</title>
<meta property="og:site_name" content="The Valley Courier">
<meta property="article:published_time" content="2024-03-05T08:00:00Z">
<link rel="canonical" href="https://valleycourier.example/news/bridge">
<script>var tracking = "Subscribe now to read more";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav>
<article><h1>Bridge to close for two years</h1>
<p>The council voted on Monday to close the old bridge for repairs that will take two years,
officials said, and traffic will use the ferry while the work goes on.</p>
<p>&#8220;We had no choice,&#8221; the council leader said. The repairs will cost 12 million
pounds, paid from the county&#8217;s roads budget and a government grant.</p>
<p>Residents on both banks said the ferry would add half an hour to each crossing, and the
shops near the bridge feared they would lose trade for the whole two years of the work.</p>
</article>
<footer>Copyright 2024 The Valley Courier. All rights reserved. Cookie settings.</footer>
</body></html>"#;

    #[test]
    fn the_article_and_what_the_page_declares() {
        assert!(is_html(PAGE.as_bytes()));
        let found = article(PAGE).expect("an article");
        assert!(found.text.starts_with("Bridge to close for two years\n\n"), "{}", found.text);
        assert!(found.text.contains("\u{201c}We had no choice,\u{201d}"), "entities decoded");
        assert!(
            found.text.contains("two years,\nofficials")
                || found.text.contains("two years, officials")
        );
        assert!(found.text.contains("\n\nResidents"), "paragraphs kept apart: {}", found.text);
        for chrome in ["Subscribe", "Sport", "Copyright", "Cookie"] {
            assert!(!found.text.contains(chrome), "{chrome} in {}", found.text);
        }
        let m = &found.metadata;
        assert_eq!(m.title.as_deref(), Some("Bridge to close for two years"));
        assert_eq!(m.outlet.as_deref(), Some("The Valley Courier"));
        assert_eq!(m.published.as_deref(), Some("2024-03-05T08:00:00Z"));
        assert_eq!(m.url.as_deref(), Some("https://valleycourier.example/news/bridge"));
    }

    #[test]
    fn author_language_modified_and_linked_data() {
        let page = PAGE.replace(r#"<html lang="en">"#, r#"<html lang="en-GB">"#).replace(
            "<title>",
            r#"<meta name="author" content="Ann Reyes">
<meta property="article:modified_time" content="2024-03-06T09:00:00Z">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "name": "The Valley Courier"},
  {"@type": "NewsArticle", "headline": "Bridge to close",
   "isBasedOn": {"@type": "NewsArticle", "url": "https://wire.example/bridge"},
   "sourceOrganization": {"@type": "NewsMediaOrganization", "name": "County Wire"}}]}
</script>
<script type="application/ld+json">{ not json </script>
<title>"#,
        );
        let m = article(&page).expect("an article").metadata;
        assert_eq!(m.author.as_deref(), Some("Ann Reyes"));
        assert_eq!(m.language.as_deref(), Some("en-GB"));
        assert_eq!(m.modified.as_deref(), Some("2024-03-06T09:00:00Z"));
        assert_eq!(m.published.as_deref(), Some("2024-03-05T08:00:00Z"), "apart from modified");
        assert_eq!(m.original.as_deref(), Some("https://wire.example/bridge"));
        assert_eq!(m.source.as_deref(), Some("County Wire"));
        // None of it in the text.
        let text = article(&page).expect("an article").text;
        assert!(!text.contains("County Wire") && !text.contains("Ann Reyes"), "{text}");
    }

    #[test]
    fn an_article_only_scripts_show_is_read_from_noscript() {
        let p = "<p>The council voted on Monday to close the old bridge for repairs \
                         that will take two years, and traffic will use the ferry meanwhile.</p>";
        let page = format!(
            "<html><head><title>Bridge</title></head><body><article>\
             <script type=\"text/template\">{p}{p}{p}{p}</script>\
             <NOSCRIPT>{p}{p}{p}{p}</NOSCRIPT></article></body></html>"
        );
        let text = article(&page).expect("an article").text;
        assert!(text.contains("close the old bridge"), "{text}");
        // A page whose article is there needs no second look.
        let plain = PAGE.replace("</article>", "<noscript>Turn on JavaScript</noscript></article>");
        assert_eq!(article(&plain).expect("an article").text, article(PAGE).expect("article").text);
    }

    #[test]
    fn what_is_a_page() {
        assert!(is_html(b"\xef\xbb\xbf  <html><body>x</body></html>"));
        assert!(is_html(b"<!-- saved -->\n<HTML><BODY>x</BODY></HTML>"));
        assert!(!is_html(b"The council voted <b>on Monday</b>."));
        assert!(!is_html(b"<p>a fragment with no page around it</p>"));
    }

    #[test]
    fn a_declared_charset_is_used_when_the_bytes_are_not_utf8() {
        let mut page = b"<html><head><meta charset=\"iso-8859-2\"></head><body><p>".to_vec();
        page.extend_from_slice(b"Zaj\xb3o\xbf\xf3no"); // Zająłożono in Latin-2, roughly
        page.extend_from_slice(b"</p></body></html>");
        let (text, encoding) = decode(&page, None).expect("decoded");
        assert_eq!(encoding, "ISO-8859-2");
        assert!(text.contains("Zajło"), "{text}");
        // A page that says Latin-2 but is UTF-8 is read as UTF-8.
        let utf8 = "<html><head><meta charset=iso-8859-2></head><body>Łódź</body></html>";
        assert_eq!(decode(utf8.as_bytes(), None).expect("decoded").1, "utf-8");
    }

    #[test]
    fn nesting_is_counted_as_a_parser_would_build_it() {
        let depth = |html: &str, limit| shape(html, limit).depth;
        assert_eq!(depth(PAGE, 100), 4);
        let deep =
            format!("<html><body>{}x{}</body></html>", "<div>".repeat(50), "</div>".repeat(50));
        assert_eq!(depth(&deep, 1000), 52);
        assert_eq!(depth(&deep, 10), 11, "stops past the limit");
        let flat = format!("<html><body>{}</body></html>", "<p>para<br><img src=x/>".repeat(5000));
        assert_eq!(depth(&flat, 1000), 2);
        let script =
            "<html><script>if (a<b) { x = '<div><div><div>'; }</script><body></body></html>";
        assert_eq!(depth(script, 1000), 2);
        let nested = format!("<html><body>{}</body></html>", "<span>".repeat(5000));
        assert_eq!(article(&nested), Err(NoArticle::TooDeep(MAX_DEPTH + 1)));
        assert_eq!(shape(PAGE, 100).run.1, 3, "the paragraph with its three quotation marks");
        let bomb = format!("<html><body><p>{}</p></body></html>", "&amp; ".repeat(500_000));
        assert_eq!(article(&bomb), Err(NoArticle::EntityRun(3_000_000, 500_000)));
    }

    #[test]
    fn a_page_with_no_article_says_so() {
        let blank =
            "<html><head><title></title><script>render()</script></head><body></body></html>";
        assert_eq!(article(blank), Err(NoArticle::Empty));
    }
}
