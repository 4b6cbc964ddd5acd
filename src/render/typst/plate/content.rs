//! A page's content stream, read just far enough to find each run of text,
//! and written again with some runs' glyphs swapped.
//!
//! Typst (through krilla) shows each text item as one text object:
//! `BT 0 Tr/f0 9.5 Tf 1 0 0 -1 0 0 Tm[(…)12.5(…)]TJ ET`. Which glyphs it
//! shows lives only in the show operator's strings, two bytes per glyph
//! (the glyph's CID in the page's font subset), so swapping a person's
//! name in means rewriting that one operator. The rest of the stream is
//! the same for everyone and is compressed once (see `stream`).

use std::ops::Range;

/// One `BT … ET` text object.
#[derive(Debug)]
pub struct TextObject {
    /// The font resource its last `Tf` selected.
    pub font: Vec<u8>,
    /// The two-byte codes its show operators print, in order.
    pub codes: Vec<u16>,
    /// From the first operand of its first show operator to the end of its
    /// last show operator.
    pub show: Range<usize>,
    /// It has marked content inside (`/ActualText`): its glyphs do not
    /// read as what its font's map says.
    pub marked: bool,
}

/// The text objects of `content`, in order; `None` for anything this
/// reader does not know (inline images, an odd number of bytes in a
/// string, unbalanced `BT`).
pub fn text_objects(content: &[u8]) -> Option<Vec<TextObject>> {
    let mut lexer = Lexer { bytes: content, at: 0 };
    let mut objects = Vec::new();
    let mut current: Option<TextObject> = None;
    let mut operands_from: Option<usize> = None;
    let mut strings: Vec<Vec<u8>> = Vec::new();
    let mut last_name: Vec<u8> = Vec::new();
    while let Some((start, token)) = lexer.next()? {
        match token {
            Token::Operator(op) => {
                match (op, current.as_mut()) {
                    (b"BT", None) => {
                        current = Some(TextObject {
                            font: Vec::new(),
                            codes: Vec::new(),
                            show: 0..0,
                            marked: false,
                        })
                    }
                    (b"ET", Some(_)) => objects.push(current.take()?),
                    (b"Tf", Some(text)) => text.font = std::mem::take(&mut last_name),
                    (b"Tj" | b"TJ" | b"'" | b"\"", Some(text)) => {
                        for string in &strings {
                            if string.len() % 2 != 0 {
                                return None;
                            }
                            text.codes.extend(
                                string.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])),
                            );
                        }
                        let from = operands_from.unwrap_or(start);
                        if text.show.is_empty() {
                            text.show = from..lexer.at;
                        } else {
                            text.show.end = lexer.at;
                        }
                    }
                    (b"BDC" | b"BMC", Some(text)) => text.marked = true,
                    (b"BT", Some(_)) | (b"ET", None) | (b"BI" | b"ID" | b"EI", _) => return None,
                    _ => {}
                }
                operands_from = None;
                strings.clear();
            }
            operand => {
                operands_from.get_or_insert(start);
                match operand {
                    Token::String(bytes) => strings.push(bytes),
                    Token::Name(name) => last_name = name,
                    _ => {}
                }
            }
        }
    }
    current.is_none().then_some(objects)
}

enum Token<'a> {
    Operator(&'a [u8]),
    Name(Vec<u8>),
    String(Vec<u8>),
    /// Numbers, brackets, dictionary delimiters.
    Other,
}

struct Lexer<'a> {
    bytes: &'a [u8],
    at: usize,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

impl<'a> Lexer<'a> {
    /// The next token and where it starts; `Some(None)` at the end, `None`
    /// for bytes that are not a content stream.
    fn next(&mut self) -> Option<Option<(usize, Token<'a>)>> {
        let bytes = self.bytes;
        loop {
            while self.at < bytes.len() && is_white(bytes[self.at]) {
                self.at += 1;
            }
            if bytes.get(self.at) == Some(&b'%') {
                while self.at < bytes.len() && !matches!(bytes[self.at], b'\n' | b'\r') {
                    self.at += 1;
                }
                continue;
            }
            break;
        }
        let start = self.at;
        let Some(&first) = bytes.get(start) else { return Some(None) };
        self.at += 1;
        let token = match first {
            b'(' => Token::String(self.literal()?),
            b'<' if bytes.get(self.at) == Some(&b'<') => {
                self.at += 1;
                Token::Other
            }
            b'<' => Token::String(self.hex()?),
            b'>' if bytes.get(self.at) == Some(&b'>') => {
                self.at += 1;
                Token::Other
            }
            b'[' | b']' | b'{' | b'}' => Token::Other,
            b'/' => {
                let from = self.at;
                self.skip_regular();
                Token::Name(bytes[from..self.at].to_vec())
            }
            b')' | b'>' => return None,
            _ => {
                self.skip_regular();
                let word = &bytes[start..self.at];
                match word[0] {
                    b'0'..=b'9' | b'+' | b'-' | b'.' => Token::Other,
                    _ => Token::Operator(word),
                }
            }
        };
        Some(Some((start, token)))
    }

    fn skip_regular(&mut self) {
        while self.at < self.bytes.len()
            && !is_white(self.bytes[self.at])
            && !is_delimiter(self.bytes[self.at])
        {
            self.at += 1;
        }
    }

    /// A literal string after its `(`: escapes and balanced parentheses.
    fn literal(&mut self) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut depth = 0;
        loop {
            let b = *self.bytes.get(self.at)?;
            self.at += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' if depth == 0 => return Some(out),
                b')' => {
                    depth -= 1;
                    out.push(b);
                }
                b'\\' => {
                    let e = *self.bytes.get(self.at)?;
                    self.at += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(b'\x08'),
                        b'f' => out.push(b'\x0c'),
                        b'0'..=b'7' => {
                            let mut value = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.bytes.get(self.at) {
                                    Some(&d @ b'0'..=b'7') => {
                                        value = value * 8 + u32::from(d - b'0');
                                        self.at += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(value as u8);
                        }
                        b'\r' => {
                            if self.bytes.get(self.at) == Some(&b'\n') {
                                self.at += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
    }

    /// A hex string after its `<`.
    fn hex(&mut self) -> Option<Vec<u8>> {
        let mut digits = Vec::new();
        loop {
            let b = *self.bytes.get(self.at)?;
            self.at += 1;
            match b {
                b'>' => break,
                b if is_white(b) => {}
                b => digits.push(char::from(b).to_digit(16)? as u8),
            }
        }
        if digits.len() % 2 == 1 {
            digits.push(0);
        }
        Some(digits.chunks(2).map(|pair| pair[0] << 4 | pair[1]).collect())
    }
}

/// How one glyph of a run is shown: its code in the font subset, and the
/// numbers krilla positions it by.
pub struct ShownGlyph {
    pub code: u16,
    /// The advance the layout gave it, in em.
    pub x_advance: f64,
    /// Its horizontal offset, in em.
    pub x_offset: f64,
    /// The font's own advance, in font units, and the font's units per em.
    pub font_advance: Option<(f32, f32)>,
}

/// The show operator krilla writes for `glyphs` in a CID font: `(…)Tj`
/// for one glyph that sits where it should, else `[(…) adjust (…)]TJ`.
/// The arithmetic is krilla's own, in `f32`, so the numbers come out the
/// same (the plate checks this against krilla's output when it is made).
pub fn show_operator(glyphs: &[ShownGlyph]) -> Vec<u8> {
    use pdf_writer::{Content, Settings, Str};
    // Adjustments are in thousandths of an em, as CID fonts are.
    const UNITS: f32 = 1000.0;
    let near_zero = |value: f32| value.abs() <= 0.001;
    // krilla writes compactly.
    let mut content = Content::with_settings(Settings { pretty: false });
    if let [glyph] = glyphs
        && near_zero(glyph.x_offset as f32)
    {
        content.show(Str(&glyph.code.to_be_bytes()));
        return trimmed(content.finish().into_vec());
    }
    let mut encoded = Vec::new();
    let mut adjustment = 0.0f32;
    {
        let mut positioned = content.show_positioned();
        let mut items = positioned.items();
        for glyph in glyphs {
            let x_advance = glyph.x_advance as f32 * UNITS;
            let font_advance = glyph.font_advance.map(|(units, per_em)| units / per_em * UNITS);
            let x_offset = glyph.x_offset as f32 * UNITS;
            adjustment += x_offset;
            if !near_zero(adjustment) {
                if !encoded.is_empty() {
                    items.show(Str(&encoded));
                    encoded.clear();
                }
                items.adjust(-(adjustment / UNITS * UNITS));
                adjustment = 0.0;
            }
            encoded.extend_from_slice(&glyph.code.to_be_bytes());
            if let Some(font_advance) = font_advance {
                adjustment += x_advance - font_advance;
            }
            adjustment -= x_offset;
        }
        if !encoded.is_empty() {
            items.show(Str(&encoded));
        }
    }
    trimmed(content.finish().into_vec())
}

fn trimmed(mut bytes: Vec<u8>) -> Vec<u8> {
    while bytes.last().is_some_and(|&b| is_white(b)) {
        bytes.pop();
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_objects_are_found_with_their_codes() {
        let content = b"q 1 0 0 -1 5 5 cm/c0 cs 0 0 0 scn\nBT 0 Tr/f0 8 Tf 1 0 0 -1 0 0 Tm[(\\000\\001\\000\\002)17.5(\\000\\003)]TJ\nET\nQ\n/Span<</MCID 0>>BDC BT /f1 9 Tf <00040005>Tj ET EMC";
        let objects = text_objects(content).unwrap();
        assert_eq!(objects.len(), 2);
        assert_eq!(objects[0].font, b"f0");
        assert_eq!(objects[0].codes, [1, 2, 3]);
        assert_eq!(
            &content[objects[0].show.clone()],
            b"[(\\000\\001\\000\\002)17.5(\\000\\003)]TJ"
        );
        assert_eq!(objects[1].codes, [4, 5]);
        assert_eq!(&content[objects[1].show.clone()], b"<00040005>Tj");
        assert!(!objects[0].marked);
        assert!(text_objects(b"BT BT ET ET").is_none());
    }
}
