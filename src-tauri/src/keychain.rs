//! "Unlock automatically on this computer": the key that opens Tend's data
//! kept in the operating system's own keychain (the Secret Service on
//! Linux, as GNOME Keyring or KWallet provide; the login keychain on a Mac;
//! Credential Manager on Windows). Where there is none, or it will not
//! take the key, turning it on is refused: the key is never put in a plain
//! file. Each call talks to the keychain (over D-Bus on Linux) on a thread
//! of its own, and is given up after [`PATIENCE`]: a keychain may show its
//! own prompt (to unlock it, or to make one), and one that never answers
//! must not hold Tend.

use std::sync::mpsc;
use std::time::Duration;

use tend::store::Key;
use zeroize::Zeroizing;

/// How long a person has to answer the keychain's own prompt.
const PATIENCE: Duration = Duration::from_secs(120);

/// The service the entries are filed under; each entry's name is random.
const SERVICE: &str = "Tend (org.tend.desktop)";

pub const NO_KEYCHAIN: &str = "This computer has no keychain Tend can use (or it is locked), so Tend cannot unlock by itself here. Type the passphrase each time Tend opens.";

/// `call` on the entry `name`, on a thread of its own; an error when it
/// has not answered within [`PATIENCE`].
fn with_entry<T: Send + 'static>(
    name: &str,
    call: impl FnOnce(keyring::Entry) -> keyring::Result<T> + Send + 'static,
) -> Result<T, String> {
    let name = name.to_owned();
    let (answer, answered) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = answer.send(keyring::Entry::new(SERVICE, &name).and_then(call));
    });
    match answered.recv_timeout(PATIENCE) {
        Ok(result) => result.map_err(|e| e.to_string()),
        Err(_) => Err("the keychain did not answer".into()),
    }
}

/// Puts `key` in the keychain under `name`, read back to be sure it is
/// there; refused with [`NO_KEYCHAIN`] otherwise.
pub fn keep(name: &str, key: &Key) -> tend::Result<()> {
    let secret = Zeroizing::new(*key.bytes());
    let kept = with_entry(name, move |entry| {
        entry.set_secret(secret.as_slice())?;
        entry.get_secret().map(Zeroizing::new)
    });
    match kept {
        Ok(read) if read.as_slice() == key.bytes() => Ok(()),
        Ok(_) => Err(tend::Error::Conflict(NO_KEYCHAIN.into())),
        Err(e) => {
            log::warn!("The keychain did not keep the key: {e}");
            Err(tend::Error::Conflict(NO_KEYCHAIN.into()))
        }
    }
}

/// The key kept under `name`, if the keychain gives it.
pub fn fetch(name: &str) -> Option<Key> {
    match with_entry(name, |entry| entry.get_secret().map(Zeroizing::new)) {
        Ok(bytes) => Key::from_slice(&bytes),
        Err(e) => {
            log::warn!("The keychain did not give the key: {e}");
            None
        }
    }
}

/// Removes the key kept under `name` (nothing to do when it is gone).
pub fn forget(name: &str) {
    if let Err(e) = with_entry(name, |entry| entry.delete_credential()) {
        log::info!("The keychain's entry was not removed: {e}");
    }
}
