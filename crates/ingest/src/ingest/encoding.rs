//! Bytes to text: the byte-order mark, UTF-8, UTF-8 with a few bad bytes
//! replaced, else Windows-1252; binary and empty text refused.

/// Why bytes are not a text to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotText {
    /// No text, or white space only.
    Empty,
    /// A NUL byte at this offset of the file.
    NulByte(usize),
    /// A NUL character in the decoded text.
    NulCharacter,
    /// Too many control characters or undecodable bytes (see [`binary`]).
    Binary(Binary),
    /// A format known by its first bytes that is not text: what it is, and
    /// what to do with it.
    Format(&'static Format),
}

/// A file format that is not read, known by the bytes it starts with.
#[derive(Debug, PartialEq, Eq)]
pub struct Format {
    magic: &'static [u8],
    /// What the file is, and what to do with it.
    pub said: &'static str,
}

/// The formats that are named when skipped, rather than called binary.
const FORMATS: &[Format] = &[
    Format { magic: b"%PDF-", said: "a PDF document: convert it to text or HTML first" },
    Format {
        magic: b"PK\x03\x04",
        said: "a ZIP archive (a .docx, .odt or .epub is one): save its text as .txt or .html, \
               or unpack it, first",
    },
    Format {
        magic: b"\xd0\xcf\x11\xe0",
        said: "an old Microsoft Office document (.doc): save it as text or HTML first",
    },
    Format { magic: b"{\\rtf", said: "an RTF document: save it as text or HTML first" },
    Format {
        magic: b"\x1f\x8b",
        said: "a gzip-compressed file: decompress it first (`gunzip`, or `zcat FILE |` for \
               JSON Lines on standard input)",
    },
    Format { magic: b"\x89PNG", said: "a PNG image, not text" },
    Format { magic: b"\xff\xd8\xff", said: "a JPEG image, not text" },
    Format { magic: b"GIF8", said: "a GIF image, not text" },
];

/// The format `bytes` start with, if it is one of those named.
pub fn format_of(bytes: &[u8]) -> Option<&'static Format> {
    FORMATS.iter().find(|f| bytes.starts_with(f.magic))
}

/// How much of a decoded text is not prose: `odd` of its `characters` are
/// control characters or undecodable bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Binary {
    pub odd: usize,
    pub characters: usize,
}

impl std::fmt::Display for Binary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Binary { odd, characters } = self;
        write!(
            f,
            "binary ({odd} of {characters} characters are control characters or undecodable bytes)"
        )
    }
}

impl std::fmt::Display for NotText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotText::Empty => f.write_str("empty (no text)"),
            NotText::NulByte(at) => write!(f, "binary file (NUL byte at offset {at})"),
            NotText::NulCharacter => f.write_str("binary file (NUL character)"),
            NotText::Binary(binary) => binary.fmt(f),
            NotText::Format(format) => f.write_str(format.said),
        }
    }
}

/// `encoding` of a text that was UTF-8 but for a few bytes, each replaced
/// by U+FFFD.
pub const UTF8_REPLACED: &str = "utf-8 (invalid bytes replaced)";

/// Decodes a file's bytes: byte-order mark, else UTF-8, else UTF-8 with its
/// few invalid bytes replaced (when it holds at least as many well-formed multi-byte characters as broken sequences), else Windows-1252.
/// Refuses binary (a NUL byte, or too many control characters: see
/// [`binary`]) and empty text.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), NotText> {
    if let Some(format) = format_of(bytes) {
        return Err(NotText::Format(format));
    }
    let whole = bytes;
    let mut bytes = bytes;
    let mut declared_utf8 = false;
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        if encoding != encoding_rs::UTF_8 {
            let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
            return finish(text.into_owned(), encoding_name(encoding));
        }
        // A UTF-8 mark: UTF-8 whatever follows, its bad bytes (if any)
        // replaced and said so.
        bytes = &bytes[bom..];
        declared_utf8 = true;
    }
    if let Some(at) = whole.iter().position(|&b| b == 0) {
        return Err(NotText::NulByte(at));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        finish(text.to_string(), "utf-8")
    } else if declared_utf8 || mostly_utf8(bytes) {
        finish(String::from_utf8_lossy(bytes).into_owned(), UTF8_REPLACED)
    } else {
        let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
        finish(text.into_owned(), "windows-1252")
    }
}

/// Whether bytes that are not valid UTF-8 are UTF-8 all the same, with a
/// few bytes broken (a truncated character, one byte changed): they hold
/// well-formed multi-byte characters, at least as many as broken sequences.
/// Text in a legacy single-byte encoding almost never forms a multi-byte
/// UTF-8 character (a lead byte then the right number of continuation
/// bytes), so it stays with Windows-1252.
pub(super) fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut characters, mut broken) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        characters += chunk.valid().bytes().filter(|&b| b >= 0xc0).count();
        broken += usize::from(!chunk.invalid().is_empty());
    }
    characters > 0 && characters >= broken
}

/// Why a decoded text is binary rather than prose, if it is: more than one
/// character in fifty is a control character other than the white space of
/// text (tab, line feed, vertical tab, form feed, carriage return) or an
/// undecodable byte (U+FFFD). Random bytes decoded as Windows-1252 have
/// about one in eight; prose has next to none.
pub fn binary(text: &str) -> Option<Binary> {
    let (mut characters, mut odd) = (0usize, 0usize);
    for c in text.chars() {
        characters += 1;
        let control = c.is_control() && !matches!(c, '\t' | '\n' | '\x0b' | '\x0c' | '\r');
        odd += usize::from(control || c == '\u{fffd}');
    }
    (odd * 50 > characters).then_some(Binary { odd, characters })
}

pub(super) fn finish(
    text: String,
    encoding: &'static str,
) -> Result<(String, &'static str), NotText> {
    if text.trim().is_empty() {
        return Err(NotText::Empty);
    }
    if text.contains('\0') {
        return Err(NotText::NulCharacter);
    }
    if let Some(binary) = binary(&text) {
        return Err(NotText::Binary(binary));
    }
    Ok((text, encoding))
}

/// A name [`decode`] gives, back as the `&'static str` a [`Document`]
/// holds (a name read from an archive); `None` for any other.
///
/// [`Document`]: crate::ingest::Document
pub fn encoding_named(name: &str) -> Option<&'static str> {
    if name == UTF8_REPLACED {
        return Some(UTF8_REPLACED);
    }
    encoding_rs::Encoding::for_label(name.as_bytes()).map(encoding_name).filter(|n| *n == name)
}

pub(super) fn encoding_name(encoding: &'static encoding_rs::Encoding) -> &'static str {
    if encoding == encoding_rs::UTF_8 {
        "utf-8"
    } else if encoding == encoding_rs::UTF_16LE {
        "utf-16le"
    } else if encoding == encoding_rs::UTF_16BE {
        "utf-16be"
    } else {
        encoding.name()
    }
}
