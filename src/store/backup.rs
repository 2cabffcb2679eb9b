//! Tend's own backup file, independent of sled's on-disk format (which is
//! also the way data moves between Tend versions). Streamed both ways: a
//! hub's backup is never whole in memory.
//!
//! ```text
//! TEND-BACKUP\n                    magic
//! {"format_version":1,…}\n         the header, plain (a newer format is
//!                                  refused before anything is read);
//!                                  format 2 when the data is encrypted,
//!                                  with the keys that open the payload
//! gzip( frame* end )               the payload; encrypted data's is
//!                                  age( gzip( … ) ), to the recipient
//!                                  the keys name
//!                                  frame: kind (u8 length + bytes),
//!                                  meta key (u16 + bytes), stored value
//!                                  (u32 + bytes); end: a zero-length kind
//! manifest JSON                    made_at, organisation, counts, and the
//!                                  SHA-256 of the uncompressed frames
//! u64 LE manifest length, "TENDEND1"
//! ```
//!
//! The manifest at the end is read with one seek for "what does this
//! backup hold"; "Check this backup" reads every frame, decodes every
//! record, and compares counts and hash with it.

use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;

use chrono::{DateTime, Utc};
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::items::{Counts, Item, item_from_stored};
use super::keys::{KeysFile, MasterKey};
use super::migrations::SCHEMA_VERSION;
use super::{Result, Store, StoreError};

const MAGIC: &[u8] = b"TEND-BACKUP\n";
const END_MAGIC: &[u8; 8] = b"TENDEND1";
/// The newest layout this Tend reads. Plain data's backups are written in
/// format 1 (so earlier Tends read them), encrypted data's in format 2.
pub const BACKUP_FORMAT: u32 = 2;
const PLAIN_FORMAT: u32 = 1;

/// What a backup says of itself, before its contents are read.
#[derive(Clone, Serialize, Deserialize)]
struct Header {
    format_version: u32,
    schema_version: u32,
    /// An encrypted payload's keys (no data key: only what opens the payload).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    keys: Option<KeysFile>,
}

/// What a backup holds, from its manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Manifest {
    pub format_version: u32,
    pub schema_version: u32,
    pub made_at: DateTime<Utc>,
    /// The organisation's name, if it had one.
    pub organisation: Option<String>,
    pub counts: Counts,
    /// SHA-256 of the uncompressed frames, as hexadecimal.
    pub sha256: String,
}

fn damaged(why: impl std::fmt::Display) -> StoreError {
    StoreError::Backup(format!("This backup is damaged: {why}."))
}

fn unwritable(e: std::io::Error) -> StoreError {
    StoreError::Backup(format!("The backup could not be written: {e}"))
}

/// Writes frames, hashing what it writes.
struct Frames<W: Write> {
    out: GzEncoder<W>,
    hash: Sha256,
}

impl<W: Write> Frames<W> {
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.hash.update(bytes);
        self.out.write_all(bytes)
    }

    fn frame(&mut self, kind: &str, key: &str, value: &[u8]) -> Result<()> {
        let too_long = || StoreError::Backup("A record is too large to back up.".into());
        let kind_len = u8::try_from(kind.len()).map_err(|_| too_long())?;
        let key_len = u16::try_from(key.len()).map_err(|_| too_long())?;
        let value_len = u32::try_from(value.len()).map_err(|_| too_long())?;
        self.put(&[kind_len]).map_err(unwritable)?;
        self.put(kind.as_bytes()).map_err(unwritable)?;
        self.put(&key_len.to_le_bytes()).map_err(unwritable)?;
        self.put(key.as_bytes()).map_err(unwritable)?;
        self.put(&value_len.to_le_bytes()).map_err(unwritable)?;
        self.put(value).map_err(unwritable)
    }
}

/// The payload going out: as it is, or encrypted with age.
enum Payload<W: Write> {
    Plain(W),
    Sealed(age::stream::StreamWriter<W>),
}

impl<W: Write> Payload<W> {
    fn new(out: W, keys: Option<&KeysFile>) -> Result<Self> {
        let Some(keys) = keys else {
            return Ok(Payload::Plain(out));
        };
        let recipient = keys.backup_recipient()?;
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .map_err(|e| {
                    StoreError::Backup(format!("The backup could not be encrypted: {e}"))
                })?;
        Ok(Payload::Sealed(
            encryptor.wrap_output(out).map_err(unwritable)?,
        ))
    }

    fn finish(self) -> std::io::Result<W> {
        match self {
            Payload::Plain(out) => Ok(out),
            Payload::Sealed(out) => out.finish(),
        }
    }
}

impl<W: Write> Write for Payload<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Payload::Plain(out) => out.write(buf),
            Payload::Sealed(out) => out.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Payload::Plain(out) => out.flush(),
            Payload::Sealed(out) => out.flush(),
        }
    }
}

impl Store {
    /// Writes a backup of everything held to `out`, a record at a time;
    /// encrypted data's backup is encrypted too.
    pub fn write_backup(&self, now: DateTime<Utc>, out: impl Write) -> Result<Manifest> {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
        let keys = self.keys.as_ref().map(KeysFile::for_backup);
        let header = Header {
            format_version: if keys.is_some() {
                BACKUP_FORMAT
            } else {
                PLAIN_FORMAT
            },
            schema_version: self.schema_version()?,
            keys,
        };
        out.write_all(MAGIC).map_err(unwritable)?;
        serde_json::to_writer(&mut out, &header).map_err(|e| StoreError::Backup(e.to_string()))?;
        out.write_all(b"\n").map_err(unwritable)?;
        let mut frames = Frames {
            out: GzEncoder::new(
                Payload::new(out, header.keys.as_ref())?,
                Compression::fast(),
            ),
            hash: Sha256::new(),
        };
        let mut counts = Counts::default();
        let mut organisation = None;
        self.each_stored(|stored| {
            frames.frame(stored.kind, stored.key, stored.bytes)?;
            if super::items::RECORD_TREES.contains(&stored.kind) {
                counts.add_kind(stored.kind);
            } else if stored.kind == "organisation" {
                organisation =
                    Some(super::codec::decode::<crate::domain::Organisation>(stored.bytes)?.name);
            }
            Ok(())
        })?;
        frames.put(&[0]).map_err(unwritable)?;
        let sha256 = hex(&frames.hash.finalize());
        let mut out = frames
            .out
            .finish()
            .and_then(Payload::finish)
            .map_err(unwritable)?;
        let manifest = Manifest {
            format_version: header.format_version,
            schema_version: header.schema_version,
            made_at: now,
            organisation,
            counts,
            sha256,
        };
        let json = serde_json::to_vec(&manifest).map_err(|e| StoreError::Backup(e.to_string()))?;
        out.write_all(&json).map_err(unwritable)?;
        out.write_all(&(json.len() as u64).to_le_bytes())
            .map_err(unwritable)?;
        out.write_all(END_MAGIC).map_err(unwritable)?;
        out.flush().map_err(unwritable)?;
        Ok(manifest)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn open(path: &Path) -> Result<std::fs::File> {
    std::fs::File::open(path).map_err(|e| {
        StoreError::Backup(format!(
            "The backup {} could not be opened: {e}",
            path.display()
        ))
    })
}

/// Reads and checks the magic and header at the start of a backup.
fn read_header(reader: &mut impl BufRead) -> Result<Header> {
    let mut magic = [0u8; MAGIC.len()];
    reader
        .read_exact(&mut magic)
        .map_err(|_| StoreError::Backup("This file is not a Tend backup.".into()))?;
    if magic != MAGIC {
        return Err(StoreError::Backup("This file is not a Tend backup.".into()));
    }
    let mut line = Vec::new();
    reader
        .take(4096)
        .read_until(b'\n', &mut line)
        .map_err(damaged)?;
    let header: Header = serde_json::from_slice(&line).map_err(damaged)?;
    if header.format_version > BACKUP_FORMAT {
        return Err(StoreError::Backup(format!(
            "This backup was made by a newer version of Tend (backup format {}; this one reads up to {BACKUP_FORMAT}). Please update Tend to restore it.",
            header.format_version
        )));
    }
    if header.schema_version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found: header.schema_version,
        });
    }
    Ok(header)
}

/// Where a backup's parts are: its header, the payload's place, its manifest.
struct Layout {
    header: Header,
    payload_at: u64,
    payload_len: u64,
    manifest: Manifest,
}

/// What a backup says it holds, read from its manifest alone (one seek).
/// It does not prove the contents are whole: `verify_backup` does.
pub fn read_manifest(path: &Path) -> Result<Manifest> {
    Ok(layout(path)?.manifest)
}

/// The keys an encrypted backup carries (`None` for a plain one), to open
/// it with a passphrase or the recovery key.
pub fn backup_keys(path: &Path) -> Result<Option<KeysFile>> {
    Ok(layout(path)?.header.keys)
}

fn layout(path: &Path) -> Result<Layout> {
    let mut file = open(path)?;
    let mut reader = BufReader::new(&mut file);
    let header = read_header(&mut reader)?;
    let payload_at = reader.stream_position().map_err(damaged)?;
    drop(reader);
    let incomplete = || {
        StoreError::Backup("This backup is incomplete: it ends before its manifest (it may not have been copied whole).".into())
    };
    let len = file.seek(SeekFrom::End(0)).map_err(damaged)?;
    if len < 16 {
        return Err(incomplete());
    }
    file.seek(SeekFrom::End(-16)).map_err(damaged)?;
    let mut tail = [0u8; 16];
    file.read_exact(&mut tail).map_err(damaged)?;
    if &tail[8..] != END_MAGIC {
        return Err(incomplete());
    }
    let manifest_len = u64::from_le_bytes(tail[..8].try_into().unwrap_or_default());
    if manifest_len > 1 << 20 || manifest_len + 16 > len {
        return Err(damaged("its manifest is out of place"));
    }
    let manifest_at = len - 16 - manifest_len;
    if manifest_at < payload_at {
        return Err(damaged("its manifest is out of place"));
    }
    file.seek(SeekFrom::Start(manifest_at)).map_err(damaged)?;
    let mut json = vec![0u8; manifest_len as usize];
    file.read_exact(&mut json).map_err(damaged)?;
    let manifest = serde_json::from_slice(&json)
        .map_err(|e| damaged(format!("its manifest cannot be read ({e})")))?;
    Ok(Layout {
        header,
        payload_at,
        payload_len: manifest_at - payload_at,
        manifest,
    })
}

/// The payload's bytes as written before any encryption: an encrypted
/// backup needs the master key its keys were made with.
fn payload(path: &Path, layout: &Layout, key: Option<&MasterKey>) -> Result<Box<dyn Read>> {
    let mut file = open(path)?;
    file.seek(SeekFrom::Start(layout.payload_at))
        .map_err(damaged)?;
    let raw = BufReader::with_capacity(1 << 16, file).take(layout.payload_len);
    let Some(keys) = &layout.header.keys else {
        return Ok(Box::new(raw));
    };
    let key = key.ok_or(StoreError::BackupLocked)?;
    let identity = keys.backup_identity(key)?;
    let decryptor = age::Decryptor::new_buffered(raw).map_err(damaged)?;
    let reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|_| StoreError::WrongPassphrase)?;
    Ok(Box::new(BufReader::with_capacity(1 << 16, reader)))
}

/// Reads every item of a backup in order, handing each to `f`, then checks
/// the counts and hash against the manifest: an error from here means the
/// items handed over so far must not be kept.
pub fn read_backup(
    path: &Path,
    key: Option<&MasterKey>,
    f: &mut dyn FnMut(Item) -> Result<()>,
) -> Result<Manifest> {
    let layout = layout(path)?;
    let mut frames = Hashed {
        inner: GzDecoder::new(payload(path, &layout, key)?),
        hash: Sha256::new(),
    };
    let manifest = layout.manifest;
    let mut counts = Counts::default();
    let mut kind = Vec::new();
    let mut key = Vec::new();
    let mut value = Vec::new();
    loop {
        let kind_len = frames.read_len::<1>()?;
        if kind_len == 0 {
            break;
        }
        frames.read_into(&mut kind, kind_len)?;
        let key_len = frames.read_len::<2>()?;
        frames.read_into(&mut key, key_len)?;
        let value_len = frames.read_len::<4>()?;
        frames.read_into(&mut value, value_len)?;
        let kind = std::str::from_utf8(&kind).map_err(damaged)?;
        let key = std::str::from_utf8(&key).map_err(damaged)?;
        let item = item_from_stored(kind, key, &value).map_err(|e| match e {
            StoreError::Corrupt { tree, .. } => {
                damaged(format!("a record in {tree} cannot be read"))
            }
            other => other,
        })?;
        counts.add(&item);
        f(item)?;
    }
    if hex(&frames.hash.finalize()) != manifest.sha256 {
        return Err(damaged("its contents do not match its manifest"));
    }
    if counts != manifest.counts {
        return Err(damaged(format!(
            "its manifest promises {} but it holds {}",
            manifest.counts.words(),
            counts.words()
        )));
    }
    Ok(manifest)
}

/// Reads a whole backup without touching any data: "Check this backup".
pub fn verify_backup(path: &Path, key: Option<&MasterKey>) -> Result<Manifest> {
    read_backup(path, key, &mut |_| Ok(()))
}

/// Reads frames, hashing what it reads.
struct Hashed<R: Read> {
    inner: GzDecoder<R>,
    hash: Sha256,
}

impl<R: Read> Hashed<R> {
    fn read_exact(&mut self, buf: &mut [u8]) -> Result<()> {
        self.inner.read_exact(buf).map_err(|e| match e.kind() {
            std::io::ErrorKind::UnexpectedEof => damaged("it ends part way through"),
            _ => damaged(e),
        })?;
        self.hash.update(&*buf);
        Ok(())
    }

    fn read_len<const N: usize>(&mut self) -> Result<usize> {
        let mut bytes = [0u8; 8];
        self.read_exact(&mut bytes[..N])?;
        Ok(u64::from_le_bytes(bytes) as usize)
    }

    fn read_into(&mut self, buf: &mut Vec<u8>, len: usize) -> Result<()> {
        buf.resize(len, 0);
        self.read_exact(buf)
    }
}
