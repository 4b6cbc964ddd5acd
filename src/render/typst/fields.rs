//! Fillable PDF forms: text fields laid over the writing areas of a form,
//! and check boxes and radio buttons over the boxes to tick.
//!
//! Typst cannot make form fields (typst issues 1765, 2421, 4368), so the
//! theme marks each writing area with two `<samtale-field>` metadata markers
//! at its corners (`field-corners` in `lib.typ`). After layout we read their
//! positions from the document and append, as an incremental update to the
//! PDF Typst wrote, one widget per area, the `/AcroForm` dictionary and a
//! `Form` structure element per widget, so the PDF's tags and its PDF/UA or
//! PDF/A identification stay valid. Nothing is drawn: the empty fields print
//! exactly like the page without them, ruled lines and all.

use std::collections::{HashMap, HashSet};

use lopdf::{Dictionary, IncrementalDocument, Object, ObjectId, Stream, dictionary, text_string};
use typst::foundations::{Label, Selector, Value};
use typst::introspection::{Introspector, MetadataElem};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

/// One writing area or box to tick of a laid-out document.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Unique within the PDF; the key a filled-in form's data is stored under.
    /// The options of a radio group share it.
    pub name: String,
    /// Tooltip and accessible name (`/TU`).
    pub label: String,
    pub kind: FieldKind,
    /// 0-based page index.
    pub page: usize,
    /// Lower-left and upper-right corner in PDF points, from the page's
    /// lower-left corner.
    pub rect: [f64; 4],
}

/// What is filled in.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    Text {
        multiline: bool,
    },
    /// A box ticked on its own.
    Check,
    /// One option of a radio group: ticking it clears the others. `value` is
    /// the group's value when this option is chosen; `option` its words,
    /// for screen readers (the field's `label` is the group's question).
    Radio {
        value: String,
        option: String,
    },
}

/// The font size of what is typed; the ruled lines are 6–7.5 mm apart.
const APPEARANCE: &str = "/Helv 10 Tf 0 g";

/// The writing areas the theme marked, in reading order.
pub fn writing_areas(document: &PagedDocument) -> Result<Vec<Field>, String> {
    let introspector = document.introspector();
    let label = Label::new(PicoStr::intern("samtale-field")).expect("a valid label");
    let mut open: HashMap<String, (String, FieldKind, usize, typst::layout::Point)> =
        HashMap::new();
    let mut fields = Vec::new();
    for element in introspector.query(&Selector::Label(label)) {
        let Some(metadata) = element.to_packed::<MetadataElem>() else { continue };
        let Value::Dict(dict) = &metadata.value else { continue };
        let text = |key: &str| match dict.get(key) {
            Ok(Value::Str(s)) => s.to_string(),
            Ok(Value::Content(c)) => c.plain_text().to_string(),
            Ok(other) => other.clone().display().plain_text().to_string(),
            Err(_) => String::new(),
        };
        let name = text("field");
        let kind = match text("kind").as_str() {
            "check" => FieldKind::Check,
            "radio" => FieldKind::Radio {
                value: text("value"),
                option: match dict.get("option") {
                    Ok(Value::None) | Err(_) => text("value"),
                    Ok(_) => clean(&text("option")),
                },
            },
            _ => FieldKind::Text {
                multiline: matches!(dict.get("multiline"), Ok(Value::Bool(true))),
            },
        };
        let Some(position) = element.location().and_then(|l| introspector.position(l)) else {
            continue;
        };
        let page = position.page.get() - 1;
        // A radio option's corners pair up by group and value.
        let key = match &kind {
            FieldKind::Radio { value, .. } => format!("{name}\u{0}{value}"),
            _ => name.clone(),
        };
        if text("edge") == "start" {
            open.insert(key, (clean(&text("label")), kind, page, position.point));
            continue;
        }
        let Some((label, kind, start_page, start)) = open.remove(&key) else { continue };
        if start_page != page {
            return Err(format!(
                "the writing area `{name}` starts on page {} and ends on page {}; \
                 keep it on one page with `block(breakable: false)`",
                start_page + 1,
                page + 1
            ));
        }
        let height = document.pages()[page].frame.height().to_pt();
        let end = position.point;
        fields.push(Field {
            name,
            label,
            kind,
            page,
            rect: [
                start.x.to_pt(),
                height - end.y.to_pt(),
                end.x.to_pt(),
                height - start.y.to_pt(),
            ]
            .map(|v| (v * 100.0).round() / 100.0),
        });
    }
    Ok(fields)
}

/// Names that repeat (a theme marker used twice, say) get `-2`, `-3`, … so
/// that every field keeps its own value: fields of one name share it. The
/// options of one radio group keep their shared name.
pub fn make_names_unique(fields: &mut [Field]) {
    let mut seen = HashSet::new();
    for field in fields {
        if let FieldKind::Radio { .. } = field.kind {
            seen.insert(field.name.clone());
            continue;
        }
        let base = field.name.clone();
        let mut n = 1;
        while !seen.insert(field.name.clone()) {
            n += 1;
            field.name = format!("{base}-{n}");
        }
    }
}

/// The zero-width spaces samtale adds for Typst's line breaking are not part
/// of what a screen reader should say.
fn clean(text: &str) -> String {
    text.replace(crate::text::ZWSP, "").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Appends the fields to `pdf` as an incremental update.
pub fn add_fields(pdf: Vec<u8>, fields: &[Field]) -> Result<Vec<u8>, lopdf::Error> {
    if fields.is_empty() {
        return Ok(pdf);
    }
    let previous = match super::lazy_pdf::open(&pdf) {
        Some(document) => document,
        None => lopdf::Document::load_mem(&pdf)?,
    };
    let pages: Vec<ObjectId> = previous.get_pages().into_values().collect();
    let catalog_id = previous.trailer.get(b"Root")?.as_reference()?;
    let version = previous.version.clone();
    let mut update = IncrementalDocument::create_from(pdf, previous);
    update.new_document.version = version;
    let mut tags = Tags::open(&mut update, catalog_id)?;

    let font = update.new_document.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    // Radio groups: one parent field per name, its options its kids.
    let mut groups: Vec<(String, ObjectId)> = Vec::new();
    let mut top_level = Vec::new();
    for field in fields {
        let page_id = *pages.get(field.page).ok_or(lopdf::Error::PageNumberNotFound(0))?;
        let [x1, y1, x2, y2] = field.rect;
        let (width, height) = (x2 - x1, y2 - y1);
        let widget_id = update.new_document.new_object_id();
        let mut widget = dictionary! {
            "Type" => "Annot",
            "Subtype" => "Widget",
            "Rect" => vec![real(x1), real(y1), real(x2), real(y2)],
            // Print: the typed text prints; an empty field prints nothing.
            "F" => 4,
            "P" => page_id,
            "MK" => Dictionary::new(),
        };
        match &field.kind {
            FieldKind::Text { multiline } => {
                // An empty appearance: PDF/A wants one for every widget, and an
                // empty one keeps the blank form looking exactly as printed.
                let empty = appearance(&mut update, width, height, b"/Tx BMC EMC");
                widget.extend(&dictionary! {
                    "FT" => "Tx",
                    "T" => text_string(&field.name),
                    "TU" => text_string(&field.label),
                    "DA" => Object::string_literal(APPEARANCE),
                    "AP" => dictionary! { "N" => empty },
                });
                if *multiline {
                    widget.set("Ff", 1 << 12);
                }
                top_level.push(Object::Reference(widget_id));
            }
            FieldKind::Check => {
                widget.extend(&dictionary! {
                    "FT" => "Btn",
                    "T" => text_string(&field.name),
                    "TU" => text_string(&field.label),
                    "V" => "Off",
                });
                tick_states(&mut update, &mut widget, "Yes", width, height);
                top_level.push(Object::Reference(widget_id));
            }
            FieldKind::Radio { value, option } => {
                let parent = match groups.iter().find(|(name, _)| *name == field.name) {
                    Some((_, parent)) => *parent,
                    None => {
                        let parent = update.new_document.add_object(dictionary! {
                            "FT" => "Btn",
                            // A radio group whose choice cannot be cleared by
                            // clicking it again, as on paper.
                            "Ff" => (1 << 15) | (1 << 14),
                            "T" => text_string(&field.name),
                            "TU" => text_string(&field.label),
                            "V" => "Off",
                            "Kids" => Vec::<Object>::new(),
                        });
                        groups.push((field.name.clone(), parent));
                        top_level.push(Object::Reference(parent));
                        parent
                    }
                };
                widget.set("Parent", parent);
                widget.set("TU", text_string(option));
                tick_states(&mut update, &mut widget, &state_name(value), width, height);
                update
                    .new_document
                    .get_object_mut(parent)?
                    .as_dict_mut()?
                    .get_mut(b"Kids")?
                    .as_array_mut()?
                    .push(Object::Reference(widget_id));
            }
        }
        if let Some(key) = tags.as_mut().map(|t| t.add(&mut update, widget_id, page_id)) {
            widget.set("StructParent", key);
        }
        update.new_document.objects.insert(widget_id, Object::Dictionary(widget));
        add_annotation(&mut update, page_id, widget_id)?;
    }
    if let Some(tags) = tags {
        tags.close(&mut update)?;
    }
    update.opt_clone_object_to_new_document(catalog_id)?;
    update.new_document.get_dictionary_mut(catalog_id)?.set(
        "AcroForm",
        dictionary! {
            "Fields" => top_level,
            "DA" => Object::string_literal(APPEARANCE),
            "DR" => dictionary! { "Font" => dictionary! { "Helv" => font } },
        },
    );
    let mut bytes = Vec::new();
    update.save_to(&mut bytes)?;
    Ok(bytes)
}

fn real(v: f64) -> Object {
    Object::Real(v as f32)
}

/// A form XObject of the widget's size drawing `content`.
fn appearance(
    update: &mut IncrementalDocument,
    width: f64,
    height: f64,
    content: &[u8],
) -> ObjectId {
    update.new_document.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), real(width), real(height)],
            "Resources" => Dictionary::new(),
        },
        content.to_vec(),
    ))
}

/// A box's two looks: `on`, a tick mark drawn with lines (no font, so the
/// PDF/UA and PDF/A checks of fonts do not apply), and `Off`, empty, so the
/// blank form prints as it was laid out. Starts off.
fn tick_states(
    update: &mut IncrementalDocument,
    widget: &mut Dictionary,
    on: &str,
    w: f64,
    h: f64,
) {
    let tick = format!(
        "0.11 0.14 0.16 RG 1.3 w 1 J 1 j {:.2} {:.2} m {:.2} {:.2} l {:.2} {:.2} l S",
        w * 0.2,
        h * 0.52,
        w * 0.42,
        h * 0.26,
        w * 0.8,
        h * 0.8
    );
    let on_look = appearance(update, w, h, tick.as_bytes());
    let off_look = appearance(update, w, h, b"");
    let mut states = Dictionary::new();
    states.set(on.as_bytes(), on_look);
    states.set("Off", off_look);
    widget.set("AS", "Off");
    widget.set("AP", dictionary! { "N" => states });
}

/// A radio option's value as a PDF name: letters, digits, `-` and `_`.
fn state_name(value: &str) -> String {
    let name: String = value
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' })
        .collect();
    if name.is_empty() || name == "Off" { format!("v{name}") } else { name }
}

/// Adds `widget` to the page's `/Annots`, which may be inline or indirect.
fn add_annotation(
    update: &mut IncrementalDocument,
    page_id: ObjectId,
    widget: ObjectId,
) -> Result<(), lopdf::Error> {
    update.opt_clone_object_to_new_document(page_id)?;
    let annots = update.new_document.get_dictionary(page_id)?.get(b"Annots").ok().cloned();
    match annots {
        Some(Object::Reference(id)) => {
            update.opt_clone_object_to_new_document(id)?;
            update.new_document.get_object_mut(id)?.as_array_mut()?.push(widget.into());
        }
        Some(Object::Array(mut list)) => {
            list.push(widget.into());
            update.new_document.get_dictionary_mut(page_id)?.set("Annots", list);
        }
        _ => update.new_document.get_dictionary_mut(page_id)?.set("Annots", vec![widget.into()]),
    }
    // Tab through the fields in structure order, as PDF/UA requires.
    update.new_document.get_dictionary_mut(page_id)?.set("Tabs", "S");
    Ok(())
}

/// The structure tree, updated so each widget sits in a `Form` element.
struct Tags {
    root_id: ObjectId,
    /// The element the `Form` elements join: the tree's top element.
    parent_id: ObjectId,
    next_key: i64,
    /// New parent-tree entries: key → `Form` element.
    entries: Vec<(i64, ObjectId)>,
    forms: Vec<Object>,
}

impl Tags {
    fn open(
        update: &mut IncrementalDocument,
        catalog: ObjectId,
    ) -> Result<Option<Tags>, lopdf::Error> {
        let previous = update.get_prev_documents();
        let Ok(root_id) =
            previous.get_dictionary(catalog)?.get(b"StructTreeRoot").and_then(Object::as_reference)
        else {
            return Ok(None);
        };
        let root = previous.get_dictionary(root_id)?;
        let parent_id = match root.get(b"K") {
            Ok(Object::Reference(id)) => *id,
            Ok(Object::Array(kids)) => match kids.first() {
                Some(Object::Reference(id)) => *id,
                _ => return Ok(None),
            },
            _ => return Ok(None),
        };
        let next_key = root.get(b"ParentTreeNextKey").and_then(Object::as_i64).unwrap_or(0);
        Ok(Some(Tags { root_id, parent_id, next_key, entries: Vec::new(), forms: Vec::new() }))
    }

    /// A `Form` element for the widget; returns the widget's `/StructParent`.
    fn add(&mut self, update: &mut IncrementalDocument, widget: ObjectId, page: ObjectId) -> i64 {
        let form = update.new_document.add_object(dictionary! {
            "Type" => "StructElem",
            "S" => "Form",
            "P" => self.parent_id,
            "Pg" => page,
            "K" => dictionary! { "Type" => "OBJR", "Obj" => widget, "Pg" => page },
        });
        let key = self.next_key;
        self.next_key += 1;
        self.entries.push((key, form));
        self.forms.push(form.into());
        key
    }

    fn close(self, update: &mut IncrementalDocument) -> Result<(), lopdf::Error> {
        update.opt_clone_object_to_new_document(self.parent_id)?;
        let parent = update.new_document.get_dictionary_mut(self.parent_id)?;
        let mut kids = match parent.get(b"K") {
            Ok(Object::Array(kids)) => kids.clone(),
            Ok(kid) => vec![kid.clone()],
            Err(_) => Vec::new(),
        };
        kids.extend(self.forms);
        parent.set("K", kids);

        update.opt_clone_object_to_new_document(self.root_id)?;
        let root = update.new_document.get_dictionary(self.root_id)?;
        let tree =
            root.get(b"ParentTree").cloned().unwrap_or(Object::Dictionary(Dictionary::new()));
        // The new keys all follow the old ones, so appending keeps the number
        // tree sorted; a tree split into kids gets one more kid.
        let nums: Vec<Object> = self
            .entries
            .iter()
            .flat_map(|(key, form)| [Object::Integer(*key), Object::Reference(*form)])
            .collect();
        let (tree_id, mut tree) = match tree {
            Object::Reference(id) => {
                (Some(id), update.get_prev_documents().get_dictionary(id)?.clone())
            }
            Object::Dictionary(tree) => (None, tree),
            _ => (None, Dictionary::new()),
        };
        if let Ok(Object::Array(kids)) = tree.get(b"Kids").cloned() {
            let first = self.entries.first().map_or(0, |e| e.0);
            let last = self.entries.last().map_or(0, |e| e.0);
            let leaf = update.new_document.add_object(dictionary! {
                "Limits" => vec![first.into(), last.into()],
                "Nums" => nums,
            });
            let mut kids = kids;
            kids.push(leaf.into());
            tree.set("Kids", kids);
        } else {
            let mut all = tree.get(b"Nums").and_then(Object::as_array).cloned().unwrap_or_default();
            all.extend(nums);
            tree.set("Nums", all);
        }
        let root = update.new_document.get_dictionary_mut(self.root_id)?;
        root.set("ParentTreeNextKey", self.next_key);
        match tree_id {
            Some(id) => {
                update.new_document.objects.insert(id, Object::Dictionary(tree));
            }
            None => root.set("ParentTree", tree),
        }
        Ok(())
    }
}
