//! Entry point: dispatch only. Everything else lives in the library so that
//! tests and benchmarks drive the same code the binary runs.

fn main() -> std::process::ExitCode {
    samtale::cli::run()
}
