//! `mekong`: parses the command line and wires the pieces; the work is done in the libraries.

mod backup;
mod bench;
mod cli;
mod config;
mod serve;

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("mekong: error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // One line, the whole cause chain, no backtrace.
            eprintln!("mekong: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
