//! The I/O floor for the benchmarks: a plain single-threaded loop that walks
//! `DIR/entries/` and reads every file once, doing nothing with the bytes.
//! `cargo run --release --example io_floor -- DIR...` (several logbooks, one
//! after another, for `bench/cohort.sh`). No command that reads every entry
//! can be faster than this on one core.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn walk(dir: &Path, files: &mut u64, bytes: &mut u64) -> std::io::Result<()> {
    for item in std::fs::read_dir(dir)? {
        let item = item?;
        if item.file_type()?.is_dir() {
            walk(&item.path(), files, bytes)?;
        } else {
            *bytes += std::fs::read(item.path())?.len() as u64;
            *files += 1;
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let dirs: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if dirs.is_empty() {
        eprintln!("usage: io_floor DIR...");
        return ExitCode::from(2);
    }
    let (mut files, mut bytes) = (0, 0);
    for dir in &dirs {
        if let Err(e) = walk(&dir.join("entries"), &mut files, &mut bytes) {
            eprintln!("error: {}: {e}", dir.display());
            return ExitCode::from(1);
        }
    }
    println!("{files} files, {bytes} bytes");
    ExitCode::SUCCESS
}
