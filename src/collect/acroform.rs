//! A parsed PDF's identifiers (its keywords) and the values of its form
//! fields, by full name. The same walk serves the quick path
//! ([`super::lazy`]) and lopdf's parse of the whole file.

use std::collections::{BTreeMap, HashSet};

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::read::{MAX_DEPTH, MAX_FIELDS, MAX_OBJECTS, Refusal, Refused, Value, too_long};
use crate::kit::FormId;

/// The identifiers and fields of a parsed PDF, whole or opened by
/// [`super::lazy::open`] (the tests check that both read the same).
pub fn from_document(document: &Document) -> Result<(FormId, BTreeMap<String, Value>), Refusal> {
    let encrypted =
        || Refused::Encrypted.because("it is encrypted with a password; save it again without one");
    let objects = document.objects.len().max(document.reference_table.entries.len());
    if objects > MAX_OBJECTS {
        return Err(Refused::TooLarge
            .because(format!("it has {objects} objects; a form has a few hundred")));
    }
    let id = match keywords(document).and_then(|k| FormId::from_keywords(&k)) {
        Some(id) => id,
        None if document.is_encrypted() => return Err(encrypted()),
        None => {
            return Err(Refused::NotSamtale.because(
                "it is not a samtale form: its keywords do not name the organisation, round and document",
            ));
        }
    };
    // A kit document that is not a form has no fields, and is refused as
    // what it is rather than as a flattened form.
    let fields = match fields(document) {
        Err(refusal)
            if refusal.kind == Refused::Flattened && !super::form::collects(&id.document) =>
        {
            BTreeMap::new()
        }
        fields => fields?,
    };
    Ok((id, fields))
}

/// The `/Keywords` of the Info dictionary.
fn keywords(document: &Document) -> Option<String> {
    let info = resolve(document, document.trailer.get(b"Info").ok()?)?.as_dict().ok()?;
    lopdf::decode_text_string(resolve(document, info.get(b"Keywords").ok()?)?).ok()
}

fn resolve<'a>(document: &'a Document, object: &'a Object) -> Option<&'a Object> {
    match object {
        Object::Reference(id) => document.get_object(*id).ok(),
        other => Some(other),
    }
}

/// Every terminal field of the AcroForm with its value, by full name.
fn fields(document: &Document) -> Result<BTreeMap<String, Value>, Refusal> {
    let catalog = document
        .catalog()
        .map_err(|e| Refused::Unreadable.because(format!("it has no document catalog: {e}")))?;
    let no_fields = || {
        Refused::Flattened.because(
            "it has no form fields left: it was flattened or printed to PDF; \
             return the fillable file itself",
        )
    };
    let form = catalog
        .get(b"AcroForm")
        .ok()
        .and_then(|f| resolve(document, f))
        .and_then(|f| f.as_dict().ok())
        .ok_or_else(no_fields)?;
    let top = form
        .get(b"Fields")
        .ok()
        .and_then(|f| resolve(document, f))
        .and_then(|f| f.as_array().ok())
        .ok_or_else(no_fields)?;
    let mut walk = Walk { document, seen: HashSet::new(), values: BTreeMap::new(), count: 0 };
    for field in top {
        walk.field(field, "", None, 0)?;
    }
    if walk.count == 0 {
        return Err(no_fields());
    }
    Ok(walk.values)
}

struct Walk<'a> {
    document: &'a Document,
    seen: HashSet<ObjectId>,
    values: BTreeMap<String, Value>,
    count: usize,
}

impl Walk<'_> {
    fn field(
        &mut self,
        object: &Object,
        parent: &str,
        inherited: Option<&[u8]>,
        depth: usize,
    ) -> Result<(), Refusal> {
        if depth > MAX_DEPTH {
            return Err(
                Refused::TooLarge.because(format!("its fields nest more than {MAX_DEPTH} deep"))
            );
        }
        if let Object::Reference(id) = object
            && !self.seen.insert(*id)
        {
            return Ok(());
        }
        self.count += 1;
        if self.count > MAX_FIELDS {
            return Err(Refused::TooLarge.because(format!(
                "it has more than {MAX_FIELDS} fields; a form has a few hundred"
            )));
        }
        let Some(dict) = resolve(self.document, object).and_then(|o| o.as_dict().ok()) else {
            return Ok(());
        };
        let partial = dict.get(b"T").ok().and_then(|t| resolve(self.document, t));
        let partial = partial.and_then(|t| lopdf::decode_text_string(t).ok());
        let name = match (&partial, parent) {
            (Some(p), "") => p.clone(),
            (Some(p), parent) => format!("{parent}.{p}"),
            (None, parent) => parent.to_string(),
        };
        let kind = dict.get(b"FT").ok().and_then(|t| t.as_name().ok()).or(inherited);
        let kids: Vec<&Object> = dict
            .get(b"Kids")
            .ok()
            .and_then(|k| resolve(self.document, k))
            .and_then(|k| k.as_array().ok())
            .map(|k| k.iter().collect())
            .unwrap_or_default();
        // Kids with names of their own are fields; without, widgets.
        let named_kids: Vec<&Object> = kids
            .iter()
            .copied()
            .filter(|k| {
                resolve(self.document, k)
                    .and_then(|k| k.as_dict().ok())
                    .is_some_and(|k| k.has(b"T"))
            })
            .collect();
        for kid in &named_kids {
            self.field(kid, &name, kind, depth + 1)?;
        }
        if !named_kids.is_empty() || name.is_empty() {
            return Ok(());
        }
        let value = match kind {
            Some(b"Btn") => self.button(dict, &kids),
            Some(b"Tx" | b"Ch") => self.text(&name, dict)?,
            _ => None,
        };
        if let Some(value) = value {
            self.values.insert(name, value);
        }
        Ok(())
    }

    fn text(&self, name: &str, dict: &Dictionary) -> Result<Option<Value>, Refusal> {
        let Some(value) = dict.get(b"V").ok().and_then(|v| resolve(self.document, v)) else {
            return Ok(None);
        };
        let text = match value {
            Object::String(..) => lopdf::decode_text_string(value).unwrap_or_default(),
            Object::Name(name) => String::from_utf8_lossy(name).into_owned(),
            Object::Array(items) => items
                .iter()
                .filter_map(|i| lopdf::decode_text_string(i).ok())
                .collect::<Vec<_>>()
                .join("; "),
            _ => String::new(),
        };
        too_long(name, &text)?;
        Ok(Some(Value::Text(text)))
    }

    /// A check box's or radio group's state: the field's `/V`, or else the
    /// state its widgets show (`/AS`), which some fillers set alone.
    fn button(&self, dict: &Dictionary, kids: &[&Object]) -> Option<Value> {
        let radio =
            dict.get(b"Ff").ok().and_then(|f| f.as_i64().ok()).unwrap_or(0) & (1 << 15) != 0;
        let state = |d: &Dictionary, key: &[u8]| {
            d.get(key)
                .ok()
                .and_then(|v| resolve(self.document, v))
                .and_then(|v| v.as_name().ok())
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .filter(|n| n != "Off" && !n.is_empty())
        };
        let chosen = state(dict, b"V").or_else(|| state(dict, b"AS")).or_else(|| {
            kids.iter().find_map(|k| {
                resolve(self.document, k)
                    .and_then(|k| k.as_dict().ok())
                    .and_then(|k| state(k, b"AS"))
            })
        });
        Some(match (radio, chosen) {
            (true, Some(option)) => Value::Choice(option),
            (true, None) => Value::Choice(String::new()),
            (false, chosen) => Value::Checked(chosen.is_some()),
        })
    }
}
