//! A build killed at any moment leaves `output/` either the complete old kit
//! or the complete new one, never a mix or nothing.

use std::process::Command;
use std::time::Duration;

use crate::common::*;

#[test]
fn sigkill_at_random_moments_never_leaves_a_partial_kit() {
    let project = demo_project();
    let kit_path = project.path().join("kit.toml");
    let kit = std::fs::read_to_string(&kit_path).unwrap();
    let variant = |name: &str| {
        kit.replacen("name.nb = \"Fjordvik kommune\"", &format!("name.nb = \"{name}\""), 1)
    };
    let (a, b) = (variant("Alfa kommune"), variant("Beta kommune"));

    let mut complete = Vec::new();
    for text in [&a, &b] {
        std::fs::write(&kit_path, text).unwrap();
        let output = build(project.path());
        assert!(output.status.success(), "{}", stderr(&output));
        complete.push(tree(&project.path().join("output")));
    }
    assert_ne!(complete[0], complete[1]);

    // A small xorshift: varied but repeatable delays, spread over a build.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut kills = 0;
    for round in 0..24 {
        std::fs::write(&kit_path, if round % 2 == 0 { &a } else { &b }).unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_millis(seed % 900);
        let mut child = Command::new(BIN).arg("build").current_dir(project.path()).spawn().unwrap();
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            kills += 1;
        }
        child.wait().unwrap();
        let now = tree(&project.path().join("output"));
        assert!(
            now == complete[0] || now == complete[1],
            "round {round}: output/ is neither complete kit after a kill at {delay:?} ({} files)",
            now.len()
        );
    }
    assert!(kills >= 8, "only {kills} builds were killed mid-way; the delays do not cover a build");

    // The next build finishes and clears what killed builds left behind.
    let output = build(project.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let leftovers: Vec<_> = std::fs::read_dir(project.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("samtale-new"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}
