//! Opens a returned PDF with only the objects `collect` reads: the trailer's
//! Info (the keywords) and the catalog's AcroForm with its field tree.
//!
//! `lopdf::Document::load_mem` parses every object of the file, about 2 ms
//! for a filled action plan (300 objects, fonts and structure tree
//! included); over 10,000 returned forms that was the whole cost of
//! `collect`. A form saved by a PDF reader keeps classic cross-reference
//! tables, one per incremental update, chained by `/Prev`; this reads those
//! tables and the trailers, then lets lopdf's `Reader` parse just the
//! objects the field walk follows. Anything else (a cross-reference stream
//! as pdf-lib writes, encryption, a table that does not parse) returns
//! `None`, and the caller parses the whole file as before, so this path only
//! ever makes a file faster to read, never readable where it was not.

use std::collections::{BTreeMap, HashSet};

use lopdf::xref::{Xref, XrefEntry, XrefType};
use lopdf::{Document, Object, ObjectId};

use super::read::{MAX_FIELDS, MAX_OBJECTS};
use crate::render::typst::lazy_pdf;

/// Keys whose values the field walk reads; references under any other key
/// (pages, appearance streams, fonts) are never parsed.
const FOLLOWED: [&[u8]; 9] =
    [b"Info", b"Root", b"Keywords", b"AcroForm", b"Fields", b"Kids", b"T", b"V", b"AS"];
/// Incremental updates followed at most; a form has two or three.
const MAX_UPDATES: usize = 64;

pub fn open(pdf: &[u8]) -> Option<Document> {
    let start = pdf.get(..1024).unwrap_or(pdf).windows(5).position(|w| w == b"%PDF-")?;
    let pdf = &pdf[start..];
    let mut xref = Xref::new(0, XrefType::CrossReferenceTable);
    let mut newest: Option<Trailer> = None;
    let mut at = lazy_pdf::last_startxref(pdf)?;
    let mut seen = HashSet::new();
    loop {
        if !seen.insert(at) || seen.len() > MAX_UPDATES {
            return None;
        }
        let (entries, trailer) = section(pdf.get(at..)?)?;
        if trailer.encrypted || trailer.xref_stream {
            return None;
        }
        for (id, entry) in entries {
            // Newest first: an object an update rewrote keeps its new offset.
            xref.entries.entry(id).or_insert(entry);
        }
        if xref.entries.len() > MAX_OBJECTS {
            return None;
        }
        let prev = trailer.prev;
        newest.get_or_insert(trailer);
        match prev {
            Some(offset) => at = offset,
            None => break,
        }
    }
    let trailer = newest?;
    xref.size = xref.entries.keys().max().map_or(0, |max| max + 1);
    let reader = lazy_pdf::reader(pdf, xref);

    let mut objects = BTreeMap::new();
    let mut queue: Vec<ObjectId> =
        [Some(trailer.root?), trailer.info].into_iter().flatten().collect();
    while let Some(id) = queue.pop() {
        if objects.contains_key(&id) {
            continue;
        }
        if objects.len() > MAX_FIELDS * 2 {
            return None;
        }
        // A reference to an object that is not there reads as null, as in
        // the full parse.
        let Ok(object) = reader.get_object(id, &mut HashSet::new()) else { continue };
        references(&object, false, &mut queue);
        objects.insert(id, object);
    }

    let mut document = reader.document;
    document.max_id = document.reference_table.size.saturating_sub(1);
    document.trailer.set("Root", Object::Reference(trailer.root?));
    if let Some(info) = trailer.info {
        document.trailer.set("Info", Object::Reference(info));
    }
    document.objects = objects;
    Some(document)
}

/// Queues the references the field walk will follow from `object`: in a
/// dictionary, those under [`FOLLOWED`] keys; in an array that is such a
/// value (`/Fields`, `/Kids`), all.
fn references(object: &Object, followed: bool, queue: &mut Vec<ObjectId>) {
    match object {
        Object::Reference(id) if followed => queue.push(*id),
        Object::Array(items) if followed => items.iter().for_each(|i| references(i, true, queue)),
        Object::Dictionary(dict) => {
            for (key, value) in dict.iter() {
                references(value, FOLLOWED.contains(&key.as_slice()), queue);
            }
        }
        _ => {}
    }
}

/// What `collect` needs of a trailer.
#[derive(Debug, Default, PartialEq)]
struct Trailer {
    root: Option<ObjectId>,
    info: Option<ObjectId>,
    prev: Option<usize>,
    encrypted: bool,
    /// A hybrid file's `/XRefStm`: objects listed only in a stream.
    xref_stream: bool,
}

/// One classic cross-reference section (`xref`, subsections of entries,
/// `trailer`, the dictionary) at the start of `bytes`.
fn section(bytes: &[u8]) -> Option<(Vec<(u32, XrefEntry)>, Trailer)> {
    let mut tokens = Tokens { bytes, at: 0 };
    (tokens.next()? == Token::Word(b"xref")).then_some(())?;
    let mut entries = Vec::new();
    loop {
        let start = match tokens.next()? {
            Token::Word(b"trailer") => break,
            Token::Number(start) => u32::try_from(start).ok()?,
            _ => return None,
        };
        let Token::Number(count) = tokens.next()? else { return None };
        if count > MAX_OBJECTS as i64 {
            return None;
        }
        for id in start..start.checked_add(u32::try_from(count).ok()?)? {
            let (Token::Number(offset), Token::Number(generation), Token::Word(kind)) =
                (tokens.next()?, tokens.next()?, tokens.next()?)
            else {
                return None;
            };
            if kind == b"n" {
                let offset = u32::try_from(offset).ok()?;
                let generation = u16::try_from(generation).ok()?;
                entries.push((id, XrefEntry::Normal { offset, generation }));
            }
        }
    }
    (tokens.next()? == Token::Open).then_some(())?;
    Some((entries, trailer(&mut tokens)?))
}

/// The top-level keys of a trailer dictionary whose `<<` has been read.
fn trailer(tokens: &mut Tokens) -> Option<Trailer> {
    let mut trailer = Trailer::default();
    let mut depth = 1;
    let mut key: Option<&[u8]> = None;
    let mut numbers: Vec<i64> = Vec::new();
    while depth > 0 {
        let token = tokens.next()?;
        match token {
            Token::Open => depth += 1,
            Token::Close => depth -= 1,
            Token::Name(name) if depth == 1 => {
                key = Some(name);
                numbers.clear();
                match name {
                    b"Encrypt" => trailer.encrypted = true,
                    b"XRefStm" => trailer.xref_stream = true,
                    _ => {}
                }
            }
            Token::Number(n) if depth == 1 => {
                numbers.push(n);
                if key == Some(b"Prev") && numbers.len() == 1 {
                    trailer.prev = usize::try_from(n).ok();
                }
            }
            Token::Word(b"R") if depth == 1 && numbers.len() == 2 => {
                let id = (u32::try_from(numbers[0]).ok()?, u16::try_from(numbers[1]).ok()?);
                match key {
                    Some(b"Root") => trailer.root = Some(id),
                    Some(b"Info") => trailer.info = Some(id),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    Some(trailer)
}

#[derive(Debug, PartialEq)]
enum Token<'a> {
    Open,
    Close,
    Name(&'a [u8]),
    Number(i64),
    /// A keyword (`xref`, `trailer`, `R`, `n`, `f`) or anything else bare.
    Word(&'a [u8]),
    /// A string, an array bracket: skipped over, never read.
    Other,
}

/// Just enough of PDF's lexer for cross-reference tables and trailers:
/// strings (with escapes and nested parentheses) are skipped whole, so a
/// `/Prev` inside a document id is not taken for a key.
struct Tokens<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Tokens<'a> {
    fn next(&mut self) -> Option<Token<'a>> {
        let bytes = self.bytes;
        loop {
            match bytes.get(self.at)? {
                b'%' => {
                    while !matches!(bytes.get(self.at)?, b'\r' | b'\n') {
                        self.at += 1;
                    }
                }
                c if c.is_ascii_whitespace() || *c == 0 => self.at += 1,
                _ => break,
            }
        }
        let start = self.at;
        let delimiter = |c: &u8| c.is_ascii_whitespace() || b"()<>[]{}/%".contains(c);
        let word_end = |from: usize| {
            from + bytes[from..].iter().position(delimiter).unwrap_or(bytes.len() - from)
        };
        match bytes[start] {
            b'<' if bytes.get(start + 1) == Some(&b'<') => {
                self.at += 2;
                Some(Token::Open)
            }
            b'>' if bytes.get(start + 1) == Some(&b'>') => {
                self.at += 2;
                Some(Token::Close)
            }
            b'<' => {
                self.at = start + bytes[start..].iter().position(|c| *c == b'>')? + 1;
                Some(Token::Other)
            }
            b'(' => {
                let mut depth = 0usize;
                loop {
                    match bytes.get(self.at)? {
                        b'\\' => self.at += 1,
                        b'(' => depth += 1,
                        b')' => depth -= 1,
                        _ => {}
                    }
                    self.at += 1;
                    if depth == 0 {
                        return Some(Token::Other);
                    }
                }
            }
            b'[' | b']' | b'{' | b'}' | b')' | b'>' => {
                self.at += 1;
                Some(Token::Other)
            }
            b'/' => {
                self.at = word_end(start + 1);
                Some(Token::Name(&bytes[start + 1..self.at]))
            }
            _ => {
                self.at = word_end(start).max(start + 1);
                let word = &bytes[start..self.at];
                Some(integer(word).map_or(Token::Word(word), Token::Number))
            }
        }
    }
}

/// A non-negative integer written in digits (all a table or a trailer
/// holds), without going through `str`: a table has a few hundred.
fn integer(word: &[u8]) -> Option<i64> {
    if word.is_empty() || word.len() > 18 {
        return None;
    }
    word.iter().try_fold(0i64, |n, c| c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_s_trailer_is_read_and_strings_are_skipped() {
        let bytes = b"xref\n0 1\n0000000000 65535 f \n169 2\n0000069912 00000 n \n0000070224 00000 n \n\
            trailer\n<</Size 312/Root 161 0 R/Info 159 0 R/ID[(U3fl/Prev 9)(/Fd\\)Mg==)]/Prev 66626>>\nstartxref\n72403\n%%EOF";
        let (entries, trailer) = section(bytes).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1].0, 170);
        assert_eq!(
            trailer,
            Trailer {
                root: Some((161, 0)),
                info: Some((159, 0)),
                prev: Some(66626),
                ..Default::default()
            }
        );
        // A cross-reference stream is not a table: the full parse reads it.
        assert!(section(b"12 0 obj <</Type/XRef>>").is_none());
        let encrypted = section(b"xref 0 0 trailer <</Root 1 0 R/Encrypt 5 0 R>>").unwrap().1;
        assert!(encrypted.encrypted);
        // Cut short anywhere: nothing, never a panic.
        for end in 0..bytes.len() {
            let _ = section(&bytes[..end]);
        }
    }
}
