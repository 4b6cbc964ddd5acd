//! Entry point: dispatch only. Everything else lives in the library so that
//! tests and benchmarks drive the same code the binary runs.

/// mimalloc instead of the system allocator: a roster of thousands of forms
/// allocates and frees many small objects on two threads, where glibc's
/// arenas fragment and hold on to memory.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    samtale::cli::run()
}
