//! One JSON Lines record: its text (from `text` or the field given), id
//! and metadata, or why it cannot be read.

use super::{Binary, Metadata, binary, html};
pub(super) type Record = (Option<String>, String, Metadata);

/// Why a JSON Lines record cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BadRecord {
    /// Valid JSON, but not an object.
    NotObject,
    /// Not JSON: the parser's words.
    Malformed(String),
    /// No field `field` holds text; `keys` are the fields it has (sorted).
    NoText { field: String, keys: Vec<String> },
    /// A field that must be a string is not.
    NotString(String),
    /// The text is white space only.
    EmptyText,
    /// The text holds a NUL character.
    NulInText,
    /// The text is mostly control characters or undecodable bytes.
    BinaryText(Binary),
    /// The text is a web page with no article in it, and why.
    NoArticle(String),
}

impl std::fmt::Display for BadRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        /// Fields named when the text field is missing.
        const NAMED: usize = 8;
        match self {
            BadRecord::NotObject => f.write_str("a JSON Lines record must be an object"),
            BadRecord::Malformed(e) => write!(f, "malformed JSON: {e}"),
            BadRecord::NoText { field, keys } if keys.is_empty() => {
                write!(f, "no `{field}` field: the record is an empty object")
            }
            BadRecord::NoText { field, keys } => {
                let mut named: Vec<String> =
                    keys.iter().take(NAMED).map(|k| format!("`{k}`")).collect();
                if keys.len() > NAMED {
                    named.push("...".to_string());
                }
                write!(
                    f,
                    "no `{field}` field; the record has {} (`--text-field NAME` reads the text from another field)",
                    named.join(", ")
                )
            }
            BadRecord::NotString(name) => write!(f, "field `{name}` must be a string"),
            BadRecord::EmptyText => f.write_str("empty `text`"),
            BadRecord::NulInText => f.write_str("`text` holds a NUL character (binary)"),
            BadRecord::BinaryText(binary) => write!(f, "`text` is {binary}"),
            BadRecord::NoArticle(reason) => write!(f, "the record's page: {reason}"),
        }
    }
}

/// One JSON Lines object: `text` (required; `html`, a page's markup, where
/// there is no `text`), `id` and the fields of [`Metadata::FIELDS`]
/// (optional). Other fields are ignored. A text that is a web page is read
/// as one: its article, with what the page declares where the record
/// says nothing.
pub(super) fn record(line: &str, text_field: Option<&str>) -> Result<Record, BadRecord> {
    let malformed = |e: serde_json::Error| BadRecord::Malformed(e.to_string());
    if !line.trim_start().starts_with('{') {
        return match serde_json::from_str::<serde::de::IgnoredAny>(line) {
            Ok(_) => Err(BadRecord::NotObject),
            Err(e) => Err(malformed(e)),
        };
    }
    let mut raw: RawRecord = serde_json::from_str(line).map_err(malformed)?;
    let mut name = text_field.unwrap_or("text");
    if let (None, Field::Absent | Field::Null, Field::Str(_)) = (text_field, &raw.text, &raw.html) {
        name = "html";
        raw.text = std::mem::take(&mut raw.html);
    }
    if let Some(name) = text_field {
        // Another field holds the text: found by name among all of them.
        let fields: std::collections::HashMap<std::borrow::Cow<str>, Field> =
            serde_json::from_str(line).map_err(malformed)?;
        raw.text = fields.into_iter().find(|(k, _)| k == name).map(|(_, v)| v).unwrap_or_default();
    }
    let text = match raw.text {
        Field::Str(text) => text.into_owned(),
        Field::Absent | Field::Null => return Err(no_text(line, name)),
        Field::Number | Field::Other => return Err(BadRecord::NotString(name.to_string())),
    };
    if text.trim().is_empty() {
        return Err(BadRecord::EmptyText);
    }
    if text.contains('\0') {
        return Err(BadRecord::NulInText);
    }
    if let Some(binary) = binary(&text) {
        return Err(BadRecord::BinaryText(binary));
    }
    let field = |name: &str, value: Field| -> Result<Option<String>, BadRecord> {
        match value {
            Field::Absent | Field::Null => Ok(None),
            Field::Str(s) if s.trim().is_empty() => Ok(None),
            Field::Str(s) => Ok(Some(s.trim().to_string())),
            Field::Number | Field::Other => Err(BadRecord::NotString(name.to_string())),
        }
    };
    let metadata = Metadata {
        title: field("title", raw.title)?,
        url: field("url", raw.url)?,
        outlet: field("outlet", raw.outlet)?,
        published: field("published", raw.published)?,
        original: field("original", raw.original)?,
        source: field("source", raw.source)?,
        author: field("author", raw.author)?,
        language: field("language", raw.language)?,
        modified: field("modified", raw.modified)?,
    };
    let id = match raw.id {
        None => None,
        Some(id) => id_of(id.get())?,
    };
    // A page's markup is read as a page: its article, and what it declares
    // where the record says nothing.
    if html::is_html(text.as_bytes()) {
        let page = html::article(&text).map_err(|e| BadRecord::NoArticle(e.to_string()))?;
        return Ok((id, page.text, metadata.or(page.metadata)));
    }
    Ok((id, text, metadata))
}

/// A record without its text field, with the fields it has, so that the
/// one holding the text can be named.
pub(super) fn no_text(line: &str, name: &str) -> BadRecord {
    // Read again in full: this is the path of a record that is skipped.
    let mut keys: Vec<String> =
        serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(line)
            .map(|fields| fields.into_iter().map(|(k, _)| k).collect())
            .unwrap_or_default();
    keys.sort();
    BadRecord::NoText { field: name.to_string(), keys }
}

/// A record's `id`: a string (trimmed; empty is none), or a number with its
/// digits as written, never through a float, so that ids too long for one
/// (`123456789012345678901234567890`) stay apart.
pub(super) fn id_of(raw: &str) -> Result<Option<String>, BadRecord> {
    let raw = raw.trim();
    if raw.starts_with('"') {
        let id: String =
            serde_json::from_str(raw).map_err(|e| BadRecord::Malformed(e.to_string()))?;
        let id = id.trim();
        return Ok((!id.is_empty()).then(|| id.to_string()));
    }
    if raw.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        return Ok(Some(raw.to_string()));
    }
    if raw == "null" {
        return Ok(None);
    }
    Err(BadRecord::NotString("id".to_string()))
}

/// The fields of a record that are read, borrowed from the line where the
/// JSON has no escapes.
#[derive(Default, serde::Deserialize)]
#[serde(default, bound(deserialize = "'de: 'a"))]
pub(super) struct RawRecord<'a> {
    text: Field<'a>,
    /// Kept as written: see [`id_of`].
    #[serde(borrow)]
    id: Option<&'a serde_json::value::RawValue>,
    /// A page's markup, read when there is no `text`.
    html: Field<'a>,
    title: Field<'a>,
    url: Field<'a>,
    outlet: Field<'a>,
    published: Field<'a>,
    original: Field<'a>,
    source: Field<'a>,
    author: Field<'a>,
    language: Field<'a>,
    modified: Field<'a>,
}

/// A field's value, whatever JSON type it has.
#[derive(Default)]
pub(super) enum Field<'a> {
    #[default]
    Absent,
    Null,
    Str(std::borrow::Cow<'a, str>),
    /// A number.
    Number,
    Other,
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for Field<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Field<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Field<'de>, E> {
                Ok(Field::Str(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Field<'de>, E> {
                Ok(Field::Str(std::borrow::Cow::Owned(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<Field<'de>, E> {
                Ok(Field::Str(std::borrow::Cow::Owned(v)))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Field<'de>, E> {
                Ok(Field::Number)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Field<'de>, E> {
                Ok(Field::Number)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Field<'de>, E> {
                Ok(Field::Number)
            }
            fn visit_unit<E>(self) -> Result<Field<'de>, E> {
                Ok(Field::Null)
            }
            fn visit_none<E>(self) -> Result<Field<'de>, E> {
                Ok(Field::Null)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Field<'de>, E> {
                Ok(Field::Other)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Field<'de>, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Field::Other)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Field<'de>, A::Error> {
                while map.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
                Ok(Field::Other)
            }
        }
        deserializer.deserialize_any(Visit)
    }
}
