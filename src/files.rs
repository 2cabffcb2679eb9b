//! Writing the files people keep (PDFs, exports).

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes beside the target, syncs, then renames, so a crash never leaves
/// half a file where a whole one was expected.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let mut file = std::fs::File::create(&partial)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&partial, path)
}
