//! Opens a PDF Typst just wrote with only the objects the fields update
//! reads: the catalog, the page tree, the structure tree's root and top
//! element, and what they point to that may change.
//!
//! `lopdf::Document::load_mem` parses every object, about 1–1.5 ms for one
//! form, which was most of the cost of making forms fillable. Typst's PDFs
//! end in a classic cross-reference table and a one-line trailer, so the
//! table gives each object's offset and lopdf's `Reader` parses just the
//! handful we need. Anything unexpected returns `None`, and the caller falls
//! back to the full parse.

use std::collections::{BTreeMap, HashSet};

use lopdf::xref::{Xref, XrefEntry, XrefType};
use lopdf::{Dictionary, Document, Object, ObjectId, Reader};

pub fn open(pdf: &[u8]) -> Option<Document> {
    let version = std::str::from_utf8(pdf.get(5..8)?).ok()?.to_string();
    let xref_start = last_startxref(pdf)?;
    let (xref, trailer) = xref_and_trailer(pdf.get(xref_start..)?)?;
    let max_id = xref.size.checked_sub(1)?;
    let mut reader = reader(pdf, xref);
    let mut objects = BTreeMap::new();
    let load = |id: ObjectId, objects: &mut BTreeMap<ObjectId, Object>| -> Option<Object> {
        let object = reader.get_object(id, &mut HashSet::new()).ok()?;
        objects.insert(id, object.clone());
        Some(object)
    };
    let root = reference(trailer.get(b"Root").ok()?)?;
    let catalog = load(root, &mut objects)?.as_dict().ok()?.clone();

    // The page tree, and each page's annotations if they live apart.
    let mut nodes = vec![reference(catalog.get(b"Pages").ok()?)?];
    while let Some(id) = nodes.pop() {
        let node = load(id, &mut objects)?.as_dict().ok()?.clone();
        if let Ok(kids) = node.get(b"Kids").and_then(Object::as_array) {
            nodes.extend(kids.iter().filter_map(reference));
        }
        if let Ok(Object::Reference(annots)) = node.get(b"Annots") {
            load(*annots, &mut objects)?;
        }
    }
    // The structure tree: its root, top element and parent tree.
    if let Ok(Object::Reference(tree)) = catalog.get(b"StructTreeRoot") {
        let tree = load(*tree, &mut objects)?.as_dict().ok()?.clone();
        match tree.get(b"K") {
            Ok(Object::Reference(top)) => {
                load(*top, &mut objects)?;
            }
            Ok(Object::Array(kids)) => {
                load(reference(kids.first()?)?, &mut objects)?;
            }
            _ => {}
        }
        if let Ok(Object::Reference(parents)) = tree.get(b"ParentTree") {
            load(*parents, &mut objects)?;
        }
    }

    let mut document = std::mem::replace(&mut reader.document, Document::new());
    document.version = version;
    document.trailer = trailer;
    document.objects = objects;
    document.max_id = max_id;
    document.xref_start = xref_start;
    Some(document)
}

fn reference(object: &Object) -> Option<ObjectId> {
    object.as_reference().ok()
}

/// lopdf's reader over `pdf`, which parses an object when asked for it,
/// found through `xref`.
pub fn reader(pdf: &[u8], xref: Xref) -> Reader<'_> {
    let mut document = Document::new();
    document.reference_table = xref;
    Reader {
        buffer: pdf,
        document,
        encryption_state: None,
        raw_objects: BTreeMap::new(),
        password: None,
        strict: false,
    }
}

/// The offset after the last `startxref` (in the last KB, where a file
/// that ends properly has it).
pub fn last_startxref(pdf: &[u8]) -> Option<usize> {
    let tail = &pdf[pdf.len().saturating_sub(1024)..];
    let at = tail.windows(9).rposition(|w| w == b"startxref")?;
    let rest = std::str::from_utf8(&tail[at + 9..]).ok()?;
    rest.split_whitespace().next()?.parse().ok()
}

/// A classic cross-reference table and the trailer after it; `None` for
/// anything else (a cross-reference stream, an update with `/Prev`).
pub(crate) fn xref_and_trailer(bytes: &[u8]) -> Option<(Xref, Dictionary)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut lines = text.strip_prefix("xref")?.trim_start_matches(['\r', '\n']).lines();
    let mut entries = Vec::new();
    let mut line = lines.next()?;
    while line != "trailer" && !line.starts_with("trailer") {
        let mut header = line.split_whitespace();
        let start: u32 = header.next()?.parse().ok()?;
        let count: u32 = header.next()?.parse().ok()?;
        for id in start..start + count {
            let entry = lines.next()?;
            let mut parts = entry.split_whitespace();
            let offset: u32 = parts.next()?.parse().ok()?;
            let generation: u16 = parts.next()?.parse().ok()?;
            if parts.next()? == "n" {
                entries.push((id, offset, generation));
            }
        }
        line = lines.next()?;
    }
    let dict = text[text.find("trailer")? + 7..].split("startxref").next()?.trim();
    let trailer = parse_trailer(dict)?;
    let size = u32::try_from(trailer.get(b"Size").ok()?.as_i64().ok()?).ok()?;
    let mut xref = Xref::new(size, XrefType::CrossReferenceTable);
    for (id, offset, generation) in entries {
        xref.insert(id, XrefEntry::Normal { offset, generation });
    }
    Some((xref, trailer))
}

/// Typst's trailer: `<</Size n/Root r 0 R/Info i 0 R/ID[(a)(b)]>>`.
fn parse_trailer(dict: &str) -> Option<Dictionary> {
    let inner = dict.strip_prefix("<<")?.strip_suffix(">>")?;
    if inner.contains("/Prev") || inner.contains("/Encrypt") || inner.contains('\\') {
        return None;
    }
    let after = |key: &str| inner.split(key).nth(1);
    let number = |s: &str| -> Option<i64> {
        s.trim_start().split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
    };
    let reference = |key: &str| -> Option<Object> {
        let mut parts = after(key)?.split_whitespace();
        let id = parts.next()?.parse().ok()?;
        let generation = parts.next()?.parse().ok()?;
        (parts.next()?.starts_with('R')).then_some(Object::Reference((id, generation)))
    };
    let mut trailer = Dictionary::new();
    trailer.set("Size", number(after("/Size")?)?);
    trailer.set("Root", reference("/Root")?);
    if let Some(info) = reference("/Info") {
        trailer.set("Info", info);
    }
    if let Some(ids) = after("/ID") {
        let ids = ids.trim_start().strip_prefix('[')?.split(']').next()?;
        let strings: Vec<Object> = ids
            .split(['(', ')'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| Object::String(s.as_bytes().to_vec(), lopdf::StringFormat::Literal))
            .collect();
        (strings.len() == 2).then_some(())?;
        trailer.set("ID", strings);
    }
    Some(trailer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typsts_trailer_is_read() {
        let trailer =
            parse_trailer("<</Size 157/Root 156 0 R/Info 154 0 R/ID[(JwIU+a==)(aRti/G==)]>>")
                .unwrap();
        assert_eq!(trailer.get(b"Size").unwrap().as_i64().unwrap(), 157);
        assert_eq!(trailer.get(b"Root").unwrap().as_reference().unwrap(), (156, 0));
        assert_eq!(trailer.get(b"Info").unwrap().as_reference().unwrap(), (154, 0));
        let ids = trailer.get(b"ID").unwrap().as_array().unwrap();
        assert_eq!(ids[1].as_str().unwrap(), b"aRti/G==");
        // Anything else is left to the full parser.
        assert!(parse_trailer("<</Size 3/Root 1 0 R/Prev 100>>").is_none());
        assert!(parse_trailer("<</Size 3/Root 1 0 R/ID[(a\\)b)(c)]>>").is_none());
    }
}
