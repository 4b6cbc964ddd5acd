//! `samtale watch --serve`: the output folder over HTTP on 127.0.0.1.
//!
//! `tiny_http` parses the requests; this module only maps a path to a file
//! inside the output folder. Served web pages get one extra script that
//! reloads them after each rebuild; the files on disk stay as built.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tiny_http::{Header, Request, Response, Server};

use crate::diagnostics::{Diagnostic, Error, Result};

/// The number of the last good build; pages poll it to know when to reload.
pub type BuildCounter = Arc<AtomicU64>;

const LIVE_PATH: &str = "/__samtale/build";

/// Polls the build number and reloads the page when it changes.
const LIVE_SCRIPT: &str = "<script>(()=>{let seen=null;setInterval(async()=>{try{\
const r=await fetch('/__samtale/build',{cache:'no-store'});const n=await r.text();\
if(seen!==null&&n!==seen)location.reload();seen=n;}catch(e){}},700);})();</script>";

/// Binds `127.0.0.1:port` (0 picks a free port) and serves `root` on a
/// thread of its own; returns the address to print.
pub fn start(root: PathBuf, port: u16, builds: BuildCounter) -> Result<String> {
    let server = Server::http(("127.0.0.1", port)).map_err(|e| {
        Error::one(
            Diagnostic::new(format!("cannot serve on 127.0.0.1:{port}: {e}"))
                .hint("another program may use the port; pick another with `--port`"),
        )
    })?;
    let address =
        server.server_addr().to_ip().map_or_else(|| format!("127.0.0.1:{port}"), |a| a.to_string());
    std::thread::Builder::new()
        .name("samtale-serve".into())
        .spawn(move || {
            for request in server.incoming_requests() {
                let _ = respond(request, &root, &builds);
            }
        })
        .map_err(|e| Error::msg(format!("cannot start the web server: {e}")))?;
    Ok(format!("http://{address}/"))
}

fn respond(request: Request, root: &Path, builds: &BuildCounter) -> std::io::Result<()> {
    let url = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
    if url == LIVE_PATH {
        let n = builds.load(Ordering::SeqCst).to_string();
        return request
            .respond(Response::from_string(n).with_header(header("Cache-Control", "no-store")));
    }
    let Some(relative) = safe_path(&url) else {
        return request.respond(Response::from_string("bad path").with_status_code(400));
    };
    // Personal forms stay on disk; a preview has no reason to hand them out.
    if crate::output::PERSONAL.iter().any(|folder| relative.starts_with(folder)) {
        return request.respond(
            Response::from_string("forms and collected plans are not served").with_status_code(403),
        );
    }
    let mut path = root.join(&relative);
    if path.is_dir() {
        path = path.join("index.html");
    }
    let Ok(bytes) = std::fs::read(&path) else {
        return request.respond(Response::from_string("not found").with_status_code(404));
    };
    let kind = content_type(&path);
    let bytes = if kind.starts_with("text/html") { with_live_reload(bytes) } else { bytes };
    request.respond(
        Response::from_data(bytes)
            .with_header(header("Content-Type", kind))
            .with_header(header("Cache-Control", "no-store")),
    )
}

/// The URL path as a relative path with no `..`, or `None`.
fn safe_path(url: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url)?;
    let path = Path::new(decoded.trim_start_matches('/'));
    let mut clean = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => clean.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(clean)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let text = String::from_utf8(out).ok()?;
    (!text.contains(['\0', '\\'])).then_some(text)
}

fn with_live_reload(bytes: Vec<u8>) -> Vec<u8> {
    let mut page = match String::from_utf8(bytes) {
        Ok(page) => page,
        Err(not_text) => return not_text.into_bytes(),
    };
    match page.rfind("</body>") {
        Some(at) => page.insert_str(at, LIVE_SCRIPT),
        None => page.push_str(LIVE_SCRIPT),
    }
    page.into_bytes()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "pdf" => "application/pdf",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "ics" => "text/calendar; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("ASCII header")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_output_folder() {
        assert_eq!(safe_path("/nb/index.html"), Some(PathBuf::from("nb/index.html")));
        assert_eq!(safe_path("/n%C3%B8/a%20b.pdf"), Some(PathBuf::from("nø/a b.pdf")));
        assert_eq!(safe_path("/"), Some(PathBuf::new()));
        assert_eq!(safe_path("/../etc/passwd"), None);
        assert_eq!(safe_path("/nb/%2e%2e/%2e%2e/x"), None);
        assert_eq!(safe_path("/%00"), None);
        assert_eq!(safe_path("/a%5c..%5cb"), None);
        assert_eq!(safe_path("/%zz"), None);
    }

    #[test]
    fn served_pages_get_the_reload_script_before_the_body_ends() {
        let page =
            String::from_utf8(with_live_reload(b"<html><body>x</body></html>".to_vec())).unwrap();
        assert!(page.ends_with("</script></body></html>"), "{page}");
    }
}
