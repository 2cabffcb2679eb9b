//! A data folder is replaced whole, never rewritten in place: the new one
//! is built beside it (`DIR.incoming`), synced, and swapped in by two
//! renames. Whatever moment the process is killed at, the next open finds
//! either the data as it was or the data as restored, never a mixture:
//!
//! 1. `DIR.incoming` is built and synced (a leftover one is thrown away);
//! 2. `DIR` is renamed `DIR.outgoing` (made empty first if there was none);
//! 3. `DIR.incoming` is renamed `DIR`, and the parent folder synced;
//! 4. `DIR.outgoing` is removed.
//!
//! `recover` finishes or undoes a swap that was interrupted: an incoming
//! folder beside a data folder never got to step 2, so it goes; one with
//! no data folder but an outgoing one was complete, so it goes in.

use std::ffi::OsString;
use std::fs::File;
use std::path::{Path, PathBuf};

use super::Result;
use crate::files::sync_dir;

fn beside(dir: &Path, suffix: &str) -> PathBuf {
    let mut name: OsString = dir.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Where a new folder for `dir` is built.
pub fn incoming(dir: &Path) -> PathBuf {
    beside(dir, ".incoming")
}

fn outgoing(dir: &Path) -> PathBuf {
    beside(dir, ".outgoing")
}

/// Finishes or undoes an interrupted swap (see the module's steps).
pub fn recover(dir: &Path) -> Result<()> {
    let (incoming, outgoing) = (incoming(dir), outgoing(dir));
    if incoming.exists() {
        if dir.exists() {
            std::fs::remove_dir_all(&incoming)?;
        } else if outgoing.exists() {
            std::fs::rename(&incoming, dir)?;
            sync_parent(dir)?;
        } else {
            std::fs::remove_dir_all(&incoming)?;
        }
    }
    if outgoing.exists() && dir.exists() {
        std::fs::remove_dir_all(&outgoing)?;
    }
    Ok(())
}

/// Swaps a complete, synced `incoming(dir)` in for `dir`.
pub fn swap_in(dir: &Path) -> Result<()> {
    let (incoming, outgoing) = (incoming(dir), outgoing(dir));
    if !dir.exists() {
        std::fs::create_dir_all(dir)?;
    }
    if outgoing.exists() {
        std::fs::remove_dir_all(&outgoing)?;
    }
    std::fs::rename(dir, &outgoing)?;
    std::fs::rename(&incoming, dir)?;
    sync_parent(dir)?;
    std::fs::remove_dir_all(&outgoing)?;
    Ok(())
}

/// Syncs every file in a folder (one level, and `blobs/`) and the folder.
pub fn sync_folder(dir: &Path) -> Result<()> {
    for sub in [dir.to_path_buf(), dir.join("blobs")] {
        let Ok(entries) = std::fs::read_dir(&sub) else {
            continue;
        };
        for entry in entries {
            let path = entry?.path();
            if path.is_file() {
                File::open(&path)?.sync_all()?;
            }
        }
        sync_dir(&sub)?;
    }
    Ok(())
}

fn sync_parent(dir: &Path) -> Result<()> {
    match dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => Ok(sync_dir(parent)?),
        _ => Ok(sync_dir(Path::new("."))?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder_with(dir: &Path, marker: &str) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("marker"), marker).unwrap();
    }

    fn marker(dir: &Path) -> String {
        std::fs::read_to_string(dir.join("marker")).unwrap()
    }

    #[test]
    fn a_swap_puts_the_new_folder_in_and_removes_the_old() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("data");
        folder_with(&dir, "old");
        folder_with(&incoming(&dir), "new");
        swap_in(&dir).unwrap();
        assert_eq!(marker(&dir), "new");
        assert!(!incoming(&dir).exists() && !outgoing(&dir).exists());
    }

    #[test]
    fn an_incoming_folder_that_never_went_in_is_thrown_away() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("data");
        folder_with(&dir, "old");
        folder_with(&incoming(&dir), "half built");
        recover(&dir).unwrap();
        assert_eq!(marker(&dir), "old");
        assert!(!incoming(&dir).exists());
    }

    #[test]
    fn a_swap_stopped_between_its_renames_is_finished() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("data");
        folder_with(&outgoing(&dir), "old");
        folder_with(&incoming(&dir), "new");
        recover(&dir).unwrap();
        assert_eq!(marker(&dir), "new");
        assert!(!outgoing(&dir).exists());
    }

    #[test]
    fn a_swap_stopped_before_removing_the_old_folder_is_tidied() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("data");
        folder_with(&dir, "new");
        folder_with(&outgoing(&dir), "old");
        recover(&dir).unwrap();
        assert_eq!(marker(&dir), "new");
        assert!(!outgoing(&dir).exists());
    }
}
