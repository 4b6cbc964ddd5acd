//! The organisation's logo: read once, and checked before Typst sees it.
//!
//! A logo is user input like any other. A PNG must be a PNG; an SVG may not
//! carry scripts or point at files or addresses outside itself, because the
//! kit must look the same everywhere and never reach out when opened.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Error, Result};

/// The logo's bytes and its kind (`"svg"` or `"png"`).
#[derive(Debug, Clone)]
pub struct Logo {
    /// Where it is on disk: `watch` watches its folder.
    pub path: std::path::PathBuf,
    pub bytes: Vec<u8>,
    pub extension: &'static str,
}

/// Reads and checks the logo at `path` (shown as `shown`, the path as written
/// in `kit.toml`); `at` places errors on the `brand.logo` line.
pub fn load(path: &Path, shown: &str, at: impl Fn(Diagnostic) -> Diagnostic) -> Result<Logo> {
    let fail = |message: String, hint: &str| {
        Error::one(at(Diagnostic::new(message).hint(hint.to_string())))
    };
    let bytes = std::fs::read(path).map_err(|e| Error::io("read the logo", path, e))?;
    let name = shown;
    let extension =
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("png") => "png",
            Some("svg") => "svg",
            _ => {
                return Err(fail(
                    format!("the logo `{name}` is neither SVG nor PNG"),
                    "use an .svg or .png file",
                ));
            }
        };
    if extension == "png" && !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err(fail(
            format!("the logo `{name}` is not a PNG image"),
            "export the logo again as PNG, or use the SVG version",
        ));
    }
    if extension == "svg" {
        let text = std::str::from_utf8(&bytes).map_err(|_| {
            fail(format!("the logo `{name}` is not a text SVG file"), "save the SVG as UTF-8")
        })?;
        if !text.contains("<svg") {
            return Err(fail(
                format!("the logo `{name}` is not an SVG image"),
                "export the logo again as SVG",
            ));
        }
        if let Some(problem) = svg_problem(text) {
            return Err(fail(
                format!("the logo `{name}` {problem}"),
                "export a plain SVG (shapes and text only) from your drawing program",
            ));
        }
    }
    // Decode it now, with Typst's own decoders, so a broken file is one error
    // at `brand.logo` instead of one per document from inside the theme.
    let data = typst::foundations::Bytes::new(bytes.clone());
    let decoded = match extension {
        "png" => typst::visualize::RasterImage::plain(data, typst::visualize::ExchangeFormat::Png)
            .map(drop)
            .map_err(|e| e.to_string()),
        _ => typst::visualize::SvgImage::new(data)
            .map(drop)
            .map_err(|_| "it could not be parsed".into()),
    };
    if let Err(reason) = decoded {
        return Err(fail(
            format!(
                "the logo `{name}` is not a readable {} image: {reason}",
                extension.to_uppercase()
            ),
            "open it in a drawing program and export it again",
        ));
    }
    Ok(Logo { path: path.to_path_buf(), bytes, extension })
}

/// Why an SVG is refused, if it is.
fn svg_problem(svg: &str) -> Option<&'static str> {
    let lower = svg.to_ascii_lowercase();
    if lower.contains("<script") || lower.contains("javascript:") || has_event_handler(&lower) {
        return Some("contains a script");
    }
    // `href = "…"` is as valid as `href="…"`: compare without the spaces.
    let mut compact = lower.clone();
    for (from, to) in [(" =", "="), ("= ", "="), ("\n=", "="), ("=\n", "="), ("( ", "(")] {
        while compact.contains(from) {
            compact = compact.replace(from, to);
        }
    }
    for attribute in ["href=\"", "href='", "url(\"", "url('", "url("] {
        for (i, _) in compact.match_indices(attribute) {
            let target = compact[i + attribute.len()..].trim_start_matches(['"', '\'']);
            let local = target.starts_with('#') || target.starts_with("data:");
            if !local {
                return Some("refers to an external file or address");
            }
        }
    }
    None
}

/// `onload=`, `onclick=` and the like, after any white space.
fn has_event_handler(lower: &str) -> bool {
    lower.match_indices("on").any(|(i, _)| {
        let after_space = lower[..i].chars().next_back().is_some_and(char::is_whitespace);
        let rest = &lower[i + 2..];
        let name_len = rest.chars().take_while(char::is_ascii_alphabetic).count();
        after_space && name_len > 0 && rest[name_len..].trim_start().starts_with('=')
    })
}

#[cfg(test)]
mod tests {
    use super::svg_problem;

    #[test]
    fn refuses_scripts_and_external_references() {
        assert_eq!(svg_problem("<svg><script>x</script></svg>"), Some("contains a script"));
        assert_eq!(svg_problem("<svg onload = \"x()\"></svg>"), Some("contains a script"));
        assert_eq!(svg_problem("<svg\nonload=\"x()\"></svg>"), Some("contains a script"));
        assert!(svg_problem("<svg><image href=\"https://x/y.png\"/></svg>").is_some());
        assert!(svg_problem("<svg><image href = \"file:///etc/passwd\"/></svg>").is_some());
        assert!(svg_problem("<svg><use xlink:href=\"file:///etc/passwd\"/></svg>").is_some());
        assert_eq!(svg_problem("<svg><use href=\"#a\"/><rect fill=\"url(#g)\"/></svg>"), None);
        assert_eq!(svg_problem("<svg><title>Fjordvik kommune</title></svg>"), None);
    }
}
