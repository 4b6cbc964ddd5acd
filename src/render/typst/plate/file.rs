//! The file around a plate's pages: which objects change per copy, and how
//! the copy's cross-reference table, metadata and ids are written.
//!
//! A copy differs from the plate in a page's content stream, the document
//! information dictionary and the XMP metadata (title and keywords name
//! the person), and the ids. Every other object is copied byte for byte;
//! the cross-reference table is the plate's, with offsets moved by what
//! the changed objects grew or shrank.

use std::hash::{Hash, Hasher};
use std::ops::Range;

use lopdf::{Dictionary, Object};
use siphasher::sip128::{Hasher128, SipHasher13};

use crate::render::typst::lazy_pdf;

/// The objects of a plate a copy changes, and what it keeps.
pub struct Objects {
    pub layout: Layout,
    /// The trailer's `/Size`.
    pub size: u32,
    /// The PDF version as krilla names it (`PDF 1.7`), which its document
    /// id hashes.
    pub version: String,
    pub document: String,
    pub instance: String,
    /// Each page's content stream: its object id and its data as stored.
    pub contents: Vec<(u32, Vec<u8>)>,
    pub info: u32,
    pub metadata: u32,
    /// The trailer after the table, up to `startxref`, with the ids cut out.
    pub trailer: Pieces,
}

impl Objects {
    /// Reads Typst's PDF `pdf`, exported with `ident`; `None` unless its
    /// table, trailer and ids are exactly as krilla writes them.
    pub fn read(pdf: &[u8], ident: &str) -> Option<Objects> {
        let layout = Layout::read(pdf)?;
        let table_end = layout.xref_at + find(&pdf[layout.xref_at..], b"trailer\n")?;
        let (xref, trailer) = lazy_pdf::xref_and_trailer(&pdf[layout.xref_at..])?;
        let size = u32::try_from(trailer.get(b"Size").ok()?.as_i64().ok()?).ok()?;
        let mut table = Vec::new();
        write_xref(&mut table, &layout, size, |offset| offset);
        if table != pdf[layout.xref_at..table_end] {
            return None;
        }
        let version = format!("PDF {}", std::str::from_utf8(pdf.get(5..8)?).ok()?);
        let ids = trailer.get(b"ID").ok()?.as_array().ok()?;
        let id = |i: usize| String::from_utf8(ids.get(i)?.as_str().ok()?.to_vec()).ok();
        let (document, instance) = (id(0)?, id(1)?);
        if ids.len() != 2 || document != document_id(&version, ident) {
            return None;
        }
        let reference = |dict: &Dictionary, key: &[u8]| dict.get(key).ok()?.as_reference().ok();
        let info = reference(&trailer, b"Info")?.0;
        let reader = lazy_pdf::reader(pdf, xref);
        let get = |id| reader.get_object(id, &mut Default::default()).ok();
        let catalog = get(reference(&trailer, b"Root")?)?;
        let catalog = catalog.as_dict().ok()?;
        let mut contents = Vec::new();
        let mut nodes = vec![reference(catalog, b"Pages")?];
        while let Some(id) = nodes.pop() {
            let node = get(id)?;
            let node = node.as_dict().ok()?;
            match node.get(b"Kids") {
                Ok(kids) => nodes.extend(
                    kids.as_array().ok()?.iter().rev().filter_map(|k| k.as_reference().ok()),
                ),
                Err(_) => {
                    let id = reference(node, b"Contents")?;
                    let Object::Stream(stream) = get(id)? else { return None };
                    let flate = stream.dict.get(b"Filter").ok()?.as_name().ok()? == b"FlateDecode";
                    if !flate || stream.dict.has(b"DecodeParms") {
                        return None;
                    }
                    contents.push((id.0, stream.content));
                }
            }
        }
        let trailer_text = pdf[table_end..]
            .strip_suffix(format!("startxref\n{}\n%%EOF", layout.xref_at).as_bytes())?;
        let ids = format!("/ID[({document})({instance})]");
        let at = find(trailer_text, ids.as_bytes())?;
        let mut cut = trailer_text.to_vec();
        cut.splice(at..at + ids.len(), *b"/ID[(\0)(\x01)]");
        let rest = Pieces::split(
            &cut,
            &[(Hole::Document, b"\0".to_vec()), (Hole::Instance, b"\x01".to_vec())],
        )?;
        Some(Objects {
            layout,
            size,
            version,
            document,
            instance,
            contents,
            info,
            metadata: reference(catalog, b"Metadata")?.0,
            trailer: rest,
        })
    }
}

/// Where a plate's objects are.
pub struct Layout {
    /// Each in-use object's id and offset, in the table's order.
    pub offsets: Vec<(u32, usize)>,
    /// Where the cross-reference table starts.
    pub xref_at: usize,
}

impl Layout {
    /// Reads the classic table and trailer Typst writes.
    pub fn read(pdf: &[u8]) -> Option<Layout> {
        let xref_at = super::super::lazy_pdf::last_startxref(pdf)?;
        let text = std::str::from_utf8(pdf.get(xref_at..)?).ok()?;
        let mut lines = text.strip_prefix("xref\n")?.lines();
        let mut header = lines.next()?.split_whitespace();
        let (first, count): (u32, u32) =
            (header.next()?.parse().ok()?, header.next()?.parse().ok()?);
        let mut offsets = Vec::new();
        for id in first..first + count {
            let mut parts = lines.next()?.split_whitespace();
            let offset: usize = parts.next()?.parse().ok()?;
            let generation = parts.next()?;
            match parts.next()? {
                "n" if generation == "00000" => offsets.push((id, offset)),
                "f" => {}
                _ => return None,
            }
        }
        (lines.next()? == "trailer").then_some(Layout { offsets, xref_at })
    }

    /// The bytes of object `id`: from `id 0 obj` to the next object (or
    /// the table).
    pub fn object(&self, id: u32) -> Option<Range<usize>> {
        let start = self.offsets.iter().find(|(i, _)| *i == id)?.1;
        let end = self
            .offsets
            .iter()
            .map(|&(_, offset)| offset)
            .filter(|&offset| offset > start)
            .min()
            .unwrap_or(self.xref_at);
        Some(start..end)
    }
}

/// What differs per copy in the document's metadata and ids.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Hole {
    Title,
    Keywords,
    Instance,
    Document,
}

/// A stream object cut around its data, to write again with other data.
pub struct StreamObject {
    /// Up to the number of `/Length`, and from after it to `stream\n`.
    head: (Vec<u8>, Vec<u8>),
    data: Range<usize>,
    /// From `\nendstream`.
    tail: Vec<u8>,
}

impl StreamObject {
    pub fn cut(object: &[u8]) -> Option<StreamObject> {
        const STREAM: &[u8] = b">>\nstream\n";
        let start = find(object, STREAM)? + STREAM.len();
        let number = find(&object[..start], b"/Length ")? + b"/Length ".len();
        let digits = object[number..].iter().take_while(|b| b.is_ascii_digit()).count();
        let length: usize =
            std::str::from_utf8(&object[number..number + digits]).ok()?.parse().ok()?;
        let end = start + length;
        let tail = object.get(end..)?;
        tail.starts_with(b"\nendstream\nendobj\n").then(|| StreamObject {
            head: (object[..number].to_vec(), object[number + digits..start].to_vec()),
            data: start..end,
            tail: tail.to_vec(),
        })
    }

    /// The data of `object`, which this was cut from.
    pub fn data<'a>(&self, object: &'a [u8]) -> &'a [u8] {
        &object[self.data.clone()]
    }

    /// The object with `data`.
    pub fn write(&self, out: &mut Vec<u8>, data: &[u8]) {
        out.extend_from_slice(&self.head.0);
        out.extend_from_slice(data.len().to_string().as_bytes());
        out.extend_from_slice(&self.head.1);
        out.extend_from_slice(data);
        out.extend_from_slice(&self.tail);
    }
}

/// A text with holes, split once and filled per copy.
#[derive(Debug)]
pub struct Pieces {
    parts: Vec<Vec<u8>>,
    holes: Vec<Hole>,
}

impl Pieces {
    /// `text` with each `(key, found)` cut out; `None` unless each is there
    /// exactly once.
    pub fn split(text: &[u8], cuts: &[(Hole, Vec<u8>)]) -> Option<Pieces> {
        let mut found = Vec::new();
        for (key, needle) in cuts {
            let at = find(text, needle)?;
            if find(&text[at + 1..], needle).is_some() {
                return None;
            }
            found.push((at, at + needle.len(), *key));
        }
        found.sort_by_key(|&(at, ..)| at);
        let mut parts = Vec::new();
        let mut holes = Vec::new();
        let mut at = 0;
        for (start, end, key) in found {
            parts.push(text.get(at..start)?.to_vec());
            holes.push(key);
            at = end;
        }
        parts.push(text[at..].to_vec());
        Some(Pieces { parts, holes })
    }

    /// The text with each hole filled by `fill`.
    pub fn fill(&self, out: &mut Vec<u8>, fill: impl Fn(Hole) -> Vec<u8>) {
        for (i, part) in self.parts.iter().enumerate() {
            out.extend_from_slice(part);
            if let Some(&key) = self.holes.get(i) {
                out.extend_from_slice(&fill(key));
            }
        }
    }
}

pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// A text string as pdf-writer writes it into the document information:
/// plain when it can be, else UTF-16 in hex.
pub fn pdf_text(text: &str) -> Vec<u8> {
    let mut chunk = pdf_writer::Chunk::with_settings(pdf_writer::Settings { pretty: false });
    chunk.indirect(pdf_writer::Ref::new(1)).primitive(pdf_writer::TextStr(text));
    let bytes = chunk.as_bytes();
    let start = find(bytes, b"obj\n").map_or(0, |at| at + 4);
    let end = find(bytes, b"\nendobj").unwrap_or(bytes.len());
    bytes[start..end].to_vec()
}

/// Text in XMP, escaped as xmp-writer escapes it.
pub fn xmp_text(text: &str) -> Vec<u8> {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&apos;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out.into_bytes()
}

/// krilla's ids: the document's from the PDF version and the ident Typst
/// passes it, the instance's from the file's bytes before its metadata.
/// Both are SipHash-1-3, 128 bits, of the value as Rust hashes it (with
/// lengths as 64 bits), in base64.
pub fn document_id(version: &str, ident: &str) -> String {
    stable_hash_base64(&(version, ident))
}

pub fn instance_id(bytes: &[u8]) -> String {
    stable_hash_base64(bytes)
}

fn stable_hash_base64<T: Hash + ?Sized>(value: &T) -> String {
    struct StableHasher(SipHasher13);
    impl Hasher for StableHasher {
        fn finish(&self) -> u64 {
            self.0.finish()
        }
        fn write(&mut self, bytes: &[u8]) {
            self.0.write(bytes);
        }
        fn write_usize(&mut self, i: usize) {
            self.0.write_u64(i as u64);
        }
    }
    let mut state = StableHasher(SipHasher13::new());
    value.hash(&mut state);
    base64(&state.0.finish128().as_u128().to_be_bytes())
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The cross-reference table of a copy: the plate's, with each offset moved
/// by `moved` (the growth of every changed object before it).
pub fn write_xref(out: &mut Vec<u8>, layout: &Layout, size: u32, moved: impl Fn(usize) -> usize) {
    use std::io::Write as _;
    let _ = write!(out, "xref\n0 {size}\n0000000000 65535 f\r\n");
    let mut offsets: Vec<Option<usize>> = vec![None; size as usize];
    for &(id, offset) in &layout.offsets {
        if let Some(slot) = offsets.get_mut(id as usize) {
            *slot = Some(moved(offset));
        }
    }
    for offset in offsets.iter().skip(1) {
        match offset {
            Some(offset) => {
                let _ = write!(out, "{offset:010} 00000 n\r\n");
            }
            None => out.extend_from_slice(b"0000000000 65535 f\r\n"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
        assert_eq!(base64(&[0xfb, 0xff]), "+/8=");
    }

    #[test]
    fn pieces_are_cut_once_and_filled() {
        let cuts = [(Hole::Keywords, b"KEY".to_vec()), (Hole::Title, b"TITLE".to_vec())];
        let pieces = Pieces::split(b"a TITLE b KEY c", &cuts).unwrap();
        let mut out = Vec::new();
        pieces.fill(&mut out, |hole| match hole {
            Hole::Title => b"t".to_vec(),
            _ => b"k".to_vec(),
        });
        assert_eq!(out, b"a t b k c");
        assert!(Pieces::split(b"KEY KEY", &[(Hole::Title, b"KEY".to_vec())]).is_none());
    }
}
