//! What the benchmarks share (a folder without `main.rs`, so Cargo does not
//! take it for an example of its own).

/// The process's peak resident memory so far (VmHWM), as Linux reports it.
pub fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM")).map(|l| l[6..].trim().to_string()))
        .unwrap_or_else(|| "unknown".into())
}

/// The allocator the samtale binary uses (see src/main.rs), so the
/// benchmarks measure what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
