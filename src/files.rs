//! Writing the files people keep (PDFs, exports, backups).

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes beside the target, syncs, then renames, so a crash never leaves
/// half a file where a whole one was expected.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_streamed(path, |file| file.write_all(bytes))
}

/// Like `write_atomically` for a file written a piece at a time by `fill`:
/// written to `FILE.partial`, synced, renamed over `FILE`, and the folder
/// synced, so that on a USB stick pulled out mid-way the file that was
/// there before is still whole. A failure removes the partial file.
pub fn write_streamed<T, E: From<std::io::Error>>(
    path: &Path,
    fill: impl FnOnce(&mut File) -> Result<T, E>,
) -> Result<T, E> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let written = (|| {
        let mut file = File::create(&partial)?;
        let made = fill(&mut file)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&partial, path)?;
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            sync_dir(folder)?;
        }
        Ok(made)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    written
}

/// A folder's own entry list made durable. Only Unix lets a folder be
/// opened and synced; elsewhere a rename is durable once it returns.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    if cfg!(unix) {
        File::open(dir)?.sync_all()?;
    }
    Ok(())
}
