//! Opening encrypted data from the command line: the passphrase or recovery
//! key from a file or the terminal, and `tend encrypt`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use tend::store::{KdfCost, MasterKey, StoreError, Unlock};
use tend::{Error, Result, Tend};
use zeroize::Zeroizing;

/// The passphrase or recovery key for encrypted data: read from the file
/// `TEND_PASSPHRASE_FILE` (or `TEND_RECOVERY_KEY_FILE`) names, or asked on
/// a terminal; `None` when there is neither.
pub(crate) fn given_unlock() -> Result<Option<Unlock>> {
    if let Some(path) = env_path("TEND_PASSPHRASE_FILE") {
        return Ok(Some(Unlock::Passphrase(read_secret(&path)?)));
    }
    if let Some(path) = env_path("TEND_RECOVERY_KEY_FILE") {
        return Ok(Some(Unlock::RecoveryKey(read_secret(&path)?)));
    }
    if std::io::stdin().is_terminal() {
        let typed = rpassword::prompt_password("Passphrase: ")?;
        return Ok(Some(Unlock::Passphrase(Zeroizing::new(typed))));
    }
    Ok(None)
}

pub(crate) fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// A secret kept in a file: its first line, without the line ending.
pub(crate) fn read_secret(path: &Path) -> Result<Zeroizing<String>> {
    let text = Zeroizing::new(
        std::fs::read_to_string(path)
            .map_err(|e| Error::NotFound(format!("Could not read {}: {e}", path.display())))?,
    );
    Ok(Zeroizing::new(
        text.lines().next().unwrap_or_default().to_owned(),
    ))
}

/// The key of encrypted data in `dir` (none for plain data); without the
/// right passphrase, "That passphrase does not open this data."
pub(crate) fn key_for(dir: &Path) -> Result<Option<MasterKey>> {
    if !tend::service::is_encrypted(dir) {
        return Ok(None);
    }
    let unlock = given_unlock()?.ok_or(StoreError::WrongPassphrase)?;
    Ok(Some(tend::service::unlock(dir, &unlock)?))
}

/// `tend encrypt`: the passphrase from the file or asked twice; the
/// Emergency sheet written once the data is encrypted.
pub(crate) fn encrypt(dir: &Path, sheet: &Path, now: chrono::DateTime<chrono::Utc>) -> Result<()> {
    tend::service::can_encrypt(dir)?;
    if !sheet
        .parent()
        .is_none_or(|p| p.as_os_str().is_empty() || p.is_dir())
    {
        return Err(Error::NotFound(format!(
            "There is no folder for the Emergency sheet at {}.",
            sheet.display()
        )));
    }
    let (passphrase, again) = match env_path("TEND_PASSPHRASE_FILE") {
        Some(path) => (read_secret(&path)?, read_secret(&path)?),
        None if std::io::stdin().is_terminal() => (
            Zeroizing::new(rpassword::prompt_password("New passphrase: ")?),
            Zeroizing::new(rpassword::prompt_password("The same again: ")?),
        ),
        None => {
            return Err(Error::NotFound(
                "Give the new passphrase in a file named by TEND_PASSPHRASE_FILE, or run this on a terminal.".into(),
            ));
        }
    };
    let plan = tend::service::EncryptionPlan::new(&passphrase, &again, KdfCost::STANDARD)?;
    // The sheet is written first: the recovery key is never lost.
    let pdf = Tend::open(dir)?.emergency_sheet(&plan, tend::clock::today(), now)?;
    tend::files::write_atomically(sheet, &pdf)?;
    Tend::encrypt(dir, plan, now)?;
    println!("Encrypted the data in {}.", dir.display());
    println!(
        "Wrote the Emergency sheet to {}: print it and keep it away from this computer.",
        sheet.display()
    );
    Ok(())
}
