//! Markdown in content files → a small JSON syntax tree.
//!
//! Typst never sees Markdown or Typst markup made from it. comrak parses the
//! text, and each node becomes JSON (`{"p": [...]}`, `{"em": [...]}`, plain
//! strings for text); the theme walks that tree and places every string as a
//! string, so `#`, `$`, `@` or `<label>` in a text print literally. Placeholders
//! are filled in inside text nodes *after* parsing, so a value from `kit.toml`
//! can never turn into Markdown syntax either.

use comrak::nodes::{AstNode, ListType, NodeValue};
use comrak::{Arena, Options, parse_document};
use serde_json::{Map, Value, json};

use crate::text::{Placeholders, fill};

/// A Markdown value ready for the renderers.
#[derive(Debug, Clone)]
pub struct Converted {
    /// The syntax tree the Typst theme renders.
    pub tree: Value,
    /// The same text as CommonMark, with placeholder values escaped, for
    /// Markdown outputs such as the speaker notes.
    pub markdown: String,
    /// The same text as HTML, for the web pages. Text is escaped by comrak,
    /// and raw HTML never gets this far (see [`convert`]).
    pub html: String,
}

/// Parses `source`, fills placeholders and converts it. Raw HTML is refused:
/// content is text, and a kit must look the same in every output.
pub fn convert(source: &str, values: &Placeholders) -> Result<Converted, String> {
    let arena = Arena::new();
    let options = options();
    let root = parse_document(&arena, source, &options);
    for node in root.descendants() {
        match &node.data.borrow().value {
            NodeValue::HtmlInline(html) => return Err(raw_html(html)),
            NodeValue::HtmlBlock(block) => return Err(raw_html(&block.literal)),
            _ => {}
        }
    }
    merge_and_fill_text(root, values);
    let mut markdown = String::new();
    comrak::format_commonmark(root, &options, &mut markdown).map_err(|e| e.to_string())?;
    let mut html = String::new();
    comrak::format_html(root, &options, &mut html).map_err(|e| e.to_string())?;
    let blocks: Vec<Value> = root.children().filter_map(block).collect();
    Ok(Converted {
        tree: Value::Array(blocks),
        markdown: markdown.trim_end().to_string(),
        html: html.trim_end().to_string(),
    })
}

/// Escapes plain text so that it reads literally when placed in Markdown,
/// while staying readable when pasted as plain text: only characters that
/// can start syntax are escaped, and list markers only at the start.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let list_marker = matches!(text.chars().next(), Some('-' | '+' | '='))
        || (digits > 0 && matches!(text[digits..].chars().next(), Some('.' | ')')));
    for (i, c) in text.chars().enumerate() {
        let leading_marker = list_marker && i == if digits > 0 { digits } else { 0 };
        if leading_marker || "\\`*_[]<>#~&|".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.strikethrough = true;
    options.render.width = 0;
    options
}

fn raw_html(html: &str) -> String {
    let snippet: String = html.trim().chars().take(40).collect();
    format!("raw HTML `{snippet}` is not allowed in content text")
}

/// comrak splits text at characters that might start syntax; joining the
/// pieces lets a placeholder such as `{organisation}` be found whole.
fn merge_and_fill_text<'a>(root: &'a AstNode<'a>, values: &Placeholders) {
    let texts: Vec<&AstNode> = root
        .descendants()
        .filter(|n| matches!(n.data.borrow().value, NodeValue::Text(_)))
        .collect();
    for node in texts.iter().rev() {
        while let Some(next) = node.next_sibling() {
            let next_text = match &next.data.borrow().value {
                NodeValue::Text(t) => t.to_string(),
                _ => break,
            };
            if let NodeValue::Text(t) = &mut node.data.borrow_mut().value {
                t.to_mut().push_str(&next_text);
            }
            next.detach();
        }
    }
    for node in root.descendants() {
        if let NodeValue::Text(t) = &mut node.data.borrow_mut().value {
            let filled = fill(t, values);
            *t = filled.into();
        }
    }
}

fn block<'a>(node: &'a AstNode<'a>) -> Option<Value> {
    let value = node.data.borrow().value.clone();
    Some(match value {
        NodeValue::Paragraph => json!({ "p": inlines(node) }),
        NodeValue::Heading(h) => json!({ "h": inlines(node), "level": h.level }),
        NodeValue::List(list) => {
            let items: Vec<Value> = node
                .children()
                .map(|item| Value::Array(item.children().filter_map(block).collect()))
                .collect();
            let ordered = list.list_type == ListType::Ordered;
            json!({ "list": items, "ordered": ordered, "start": list.start })
        }
        NodeValue::BlockQuote => {
            json!({ "quote": node.children().filter_map(block).collect::<Vec<_>>() })
        }
        NodeValue::CodeBlock(code) => json!({ "pre": code.literal }),
        _ => return None,
    })
}

fn inlines<'a>(node: &'a AstNode<'a>) -> Value {
    let mut out: Vec<Value> = Vec::new();
    for child in node.children() {
        let value = child.data.borrow().value.clone();
        let item = match value {
            NodeValue::Text(t) => Value::String(t.to_string()),
            NodeValue::SoftBreak => Value::String(" ".into()),
            NodeValue::LineBreak => json!({ "br": true }),
            NodeValue::Code(code) => json!({ "code": code.literal }),
            NodeValue::Emph => json!({ "em": inlines(child) }),
            NodeValue::Strong => json!({ "strong": inlines(child) }),
            NodeValue::Strikethrough => json!({ "strike": inlines(child) }),
            // Typst refuses an empty link target; the text is what matters.
            NodeValue::Link(link) if link.url.trim().is_empty() => inlines(child),
            NodeValue::Link(link) => {
                let mut map = Map::new();
                map.insert("link".into(), Value::String(link.url.clone()));
                map.insert("c".into(), inlines(child));
                Value::Object(map)
            }
            NodeValue::Image(_) => inlines(child),
            _ => continue,
        };
        match item {
            // Unwrapped children (an image's alt text, an empty link's text).
            Value::Array(items) => items.into_iter().for_each(|i| push_merged(&mut out, i)),
            item => push_merged(&mut out, item),
        }
    }
    Value::Array(out)
}

/// Appends an inline node; adjacent strings become one, so the tree stays small.
fn push_merged(out: &mut Vec<Value>, item: Value) {
    match (out.last_mut(), item) {
        (Some(Value::String(last)), Value::String(s)) => last.push_str(&s),
        (_, item) => out.push(item),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Placeholders {
        let mut v = Placeholders::new();
        v.insert("organisation", "*Acme* #let x = 1 <b>".into());
        v
    }

    #[test]
    fn emphasis_becomes_nodes_and_text_stays_text() {
        let c = convert("We at {organisation} value *you* and `#x`.", &values()).unwrap();
        assert_eq!(
            c.tree,
            json!([{ "p": ["We at *Acme* #let x = 1 <b> value ", { "em": ["you"] }, " and ", { "code": "#x" }, "."] }])
        );
        assert!(c.markdown.contains("\\*Acme\\*"), "{}", c.markdown);
        assert_eq!(
            c.html,
            "<p>We at *Acme* #let x = 1 &lt;b&gt; value <em>you</em> and <code>#x</code>.</p>"
        );
    }

    #[test]
    fn lists_and_paragraphs() {
        let c = convert("One.\n\n- a\n- b\n", &Placeholders::new()).unwrap();
        assert_eq!(c.tree[1]["list"][1], json!([{ "p": ["b"] }]));
    }

    #[test]
    fn empty_links_become_text() {
        let c = convert("see [the plan]()", &Placeholders::new()).unwrap();
        assert_eq!(c.tree, json!([{ "p": ["see the plan"] }]));
    }

    #[test]
    fn raw_html_is_refused() {
        assert!(
            convert("hi <script>x</script>", &Placeholders::new())
                .unwrap_err()
                .contains("raw HTML")
        );
    }

    #[test]
    fn escape_round_trips_through_markdown() {
        let hostile = "# $x$ *a* _b_ @ref <label> \\ [ ] {{ x }} 1. - + &amp; ~~s~~ `c`";
        for start in ["- a", "+ b", "1. c", "12) d", "= e"] {
            let c = convert(&escape(start), &Placeholders::new()).unwrap();
            assert_eq!(c.tree, json!([{ "p": [start] }]), "{start}");
        }
        let c = convert(&escape(hostile), &Placeholders::new()).unwrap();
        assert_eq!(c.tree, json!([{ "p": [hostile] }]));
    }
}
