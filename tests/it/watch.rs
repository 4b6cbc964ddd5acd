//! `samtale watch --serve`: the real binary in a demo project, edited the way
//! a person edits it. A one-word edit recompiles only the PDFs that read the
//! edited file; a broken kit.toml keeps the last good output and names the
//! line; the server hands out the pages and the build number.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use crate::common::*;

/// The running watch; killed when the test ends, pass or fail.
struct Watch {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Watch {
    fn start(project: &Path) -> Watch {
        let mut child = Command::new(BIN)
            .args(["watch", "--serve", "--port", "0"])
            .current_dir(project)
            .stderr(Stdio::piped())
            .spawn()
            .expect("run samtale watch");
        let stderr = child.stderr.take().unwrap();
        let (sender, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Watch { child, lines, seen: Vec::new() }
    }

    /// The next line containing `text`; fails after a minute.
    fn wait_for(&mut self, text: &str) -> String {
        loop {
            match self.lines.recv_timeout(Duration::from_secs(60)) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(text) {
                        return line;
                    }
                }
                Err(_) => {
                    panic!("no line with {text:?}; the watch said:\n{}", self.seen.join("\n"))
                }
            }
        }
    }
}

/// `GET path` from the server: status line and body.
fn get(address: &str, path: &str) -> (String, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    (head.lines().next().unwrap_or_default().to_string(), body.to_string())
}

/// "rebuilt in 95 ms: 2 PDFs compiled, 19 unchanged; …" → (2, 19).
fn counts(line: &str) -> (usize, usize) {
    let number = |word: &str| {
        let before = line.split(word).next().unwrap();
        before.split_whitespace().last().unwrap().parse().unwrap()
    };
    (number(" PDFs compiled"), number(" unchanged"))
}

#[test]
fn watch_rebuilds_what_changed_keeps_the_last_good_output_and_serves_it() {
    let project = demo_project();
    let mut watch = Watch::start(project.path());
    let serving = watch.wait_for("serving ");
    let address = serving.split("http://").nth(1).unwrap().trim_end_matches('/').to_string();
    let first = watch.wait_for("rebuilt in");
    let (compiled, unchanged) = counts(&first);
    assert_eq!(unchanged, 0, "{first}");
    assert!(compiled >= 21, "{first}");
    watch.wait_for("watching");

    let (status, page) = get(&address, "/nb/");
    assert!(status.contains("200"), "{status}");
    assert!(page.contains("<html lang=\"nb\"") && page.contains("/__samtale/build"), "{page}");
    assert_eq!(get(&address, "/__samtale/build").1, "1");
    assert!(get(&address, "/../kit.toml").0.contains("400"));
    assert!(
        !std::fs::read_to_string(project.path().join("output/nb/index.html"))
            .unwrap()
            .contains("__samtale"),
        "the live-reload script is only added when served"
    );

    // One word in one document of one language.
    let briefing = std::fs::read_to_string(format!("{REPO}/content/nb/briefing.toml")).unwrap();
    let title = briefing.lines().find(|l| l.starts_with("title = ")).unwrap().to_string();
    let edited = briefing.replacen(&title, "title = \"Årets samtaler, nå med blåbær\"", 1);
    std::fs::create_dir_all(project.path().join("content/nb")).unwrap();
    std::fs::write(project.path().join("content/nb/briefing.toml"), edited).unwrap();
    let changed = watch.wait_for("changed: content");
    let line = watch.wait_for("rebuilt in");
    let (compiled, _) = counts(&line);
    assert_eq!(
        compiled, 3,
        "only the briefing, its notes and the packet in nb: {line} ({changed})"
    );
    let text = pdf_text(&project.path().join("output/nb/leader-briefing.pdf"));
    assert!(text.contains(&squeeze("nå med blåbær")), "the edit is in the PDF");
    assert_eq!(get(&address, "/__samtale/build").1, "2");

    // A theme file of the project's own: only the documents that import it
    // (the action plan, in three languages). The folder arrives whole, as a
    // rename, so the watch sees it with its file.
    let staged = tempfile::tempdir_in(project.path().join("output/..")).unwrap();
    let typst_dir = staged.path().join("themes/default/typst");
    std::fs::create_dir_all(&typst_dir).unwrap();
    let plan =
        std::fs::read_to_string(format!("{REPO}/themes/default/typst/action-plan.typ")).unwrap();
    std::fs::write(typst_dir.join("action-plan.typ"), plan + "\n// the project's own\n").unwrap();
    std::fs::rename(staged.path().join("themes"), project.path().join("themes")).unwrap();
    let line = watch.wait_for("rebuilt in");
    assert_eq!(counts(&line).0, 6, "the action plan and the packet in nb, nn and en: {line}");

    // A broken kit.toml: the error names the line, the output stays.
    let before = tree(&project.path().join("output"));
    let kit_file = project.path().join("kit.toml");
    let good = std::fs::read_to_string(&kit_file).unwrap();
    std::fs::write(&kit_file, good.replace("year = 2027", "year = 20x7")).unwrap();
    let failed = watch.wait_for("build failed");
    let said = watch.seen.join("\n");
    let year = good.lines().position(|l| l.starts_with("year = ")).unwrap() + 1;
    assert!(said.contains(&format!("kit.toml:{year}:")), "{said}");
    assert!(failed.contains("last good build"), "{failed}");
    assert_eq!(tree(&project.path().join("output")), before, "a failed build changed the output");
    assert_eq!(get(&address, "/__samtale/build").1, "3");

    // Mended: nothing that was built before needs compiling again.
    std::fs::write(&kit_file, &good).unwrap();
    let line = watch.wait_for("rebuilt in");
    assert_eq!(counts(&line).0, 0, "{line}");
}
