//! The full JSON export: everything held as one readable document, for
//! people who want their data as JSON. It is written and read a record at
//! a time (a large hub's export is most of a gigabyte), and also held
//! whole as a `Snapshot` where it is small (the demo, tests).

use std::collections::BTreeMap;
use std::io::Write;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize, de};
use sled::Transactional;
use sled::transaction::ConflictableTransactionError;

use super::items::{self, Counts, Item, LOGO_PREFIX, TEMPLATE_PREFIX, Writes, item_from_stored};
use super::migrations::SCHEMA_VERSION;
use super::{Meta, ORGANISATION_KEY, Result, SETTINGS_KEY, Store, StoreError, abort};
use crate::domain::{
    AccessRequest, Activity, AttendanceMark, Enrolment, Erasure, LetterRecord, LogEntry,
    Organisation, OutcomeRecord, Participant, Referral, Referrer, Role, RotaAssignment, Session,
    Settings, Volunteer,
};

pub const EXPORT_FORMAT: &str = "tend-export";

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Everything Tend holds, as one JSON document.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Snapshot {
    pub format: String,
    pub schema_version: u32,
    pub exported_at: DateTime<Utc>,
    pub organisation: Option<Organisation>,
    #[serde(default)]
    pub settings: Option<Settings>,
    /// The organisation's own letter templates, by meta key ("template/progress").
    #[serde(default)]
    pub templates: std::collections::BTreeMap<String, String>,
    /// Letterhead logos by meta key ("logo/…"), as hexadecimal.
    #[serde(default)]
    pub logos: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub participants: Vec<Participant>,
    #[serde(default)]
    pub referrers: Vec<Referrer>,
    #[serde(default)]
    pub referrals: Vec<Referral>,
    #[serde(default)]
    pub activities: Vec<Activity>,
    #[serde(default)]
    pub sessions: Vec<Session>,
    #[serde(default)]
    pub enrolments: Vec<Enrolment>,
    #[serde(default)]
    pub attendance: Vec<AttendanceMark>,
    #[serde(default)]
    pub volunteers: Vec<Volunteer>,
    #[serde(default)]
    pub roles: Vec<Role>,
    #[serde(default)]
    pub rota: Vec<RotaAssignment>,
    #[serde(default)]
    pub letters: Vec<LetterRecord>,
    #[serde(default)]
    pub access_requests: Vec<AccessRequest>,
    /// Tombstones of erased people.
    #[serde(default)]
    pub erasures: Vec<Erasure>,
    /// The activity log.
    #[serde(default)]
    pub activity_log: Vec<LogEntry>,
    #[serde(default)]
    pub outcomes: Vec<OutcomeRecord>,
    /// The data is the demo organisation's.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub demo: bool,
}

impl Snapshot {
    /// Everything the snapshot holds, as items.
    pub fn items(&self) -> Result<Vec<Item>> {
        fn each<R: Clone>(records: &[R], wrap: fn(Box<R>) -> Item, out: &mut Vec<Item>) {
            out.extend(records.iter().map(|r| wrap(Box::new(r.clone()))));
        }
        let mut items = Vec::new();
        if let Some(o) = &self.organisation {
            items.push(Item::Organisation(Box::new(o.clone())));
        }
        if let Some(s) = &self.settings {
            items.push(Item::Settings(Box::new(s.clone())));
        }
        for (key, text) in &self.templates {
            items.push(Item::Template(key.clone(), text.clone()));
        }
        for (key, hex) in &self.logos {
            items.push(Item::Logo(key.clone(), logo_bytes(key, hex)?));
        }
        if self.demo {
            items.push(Item::Demo);
        }
        each(&self.erasures, Item::Erasure, &mut items);
        each(&self.activity_log, Item::LogEntry, &mut items);
        each(&self.participants, Item::Participant, &mut items);
        each(&self.referrers, Item::Referrer, &mut items);
        each(&self.referrals, Item::Referral, &mut items);
        each(&self.activities, Item::Activity, &mut items);
        each(&self.sessions, Item::Session, &mut items);
        each(&self.enrolments, Item::Enrolment, &mut items);
        each(&self.attendance, Item::Mark, &mut items);
        each(&self.volunteers, Item::Volunteer, &mut items);
        each(&self.roles, Item::Role, &mut items);
        each(&self.rota, Item::Rota, &mut items);
        each(&self.letters, Item::Letter, &mut items);
        each(&self.access_requests, Item::AccessRequest, &mut items);
        each(&self.outcomes, Item::Outcome, &mut items);
        Ok(items)
    }

    fn add(&mut self, item: Item) {
        match item {
            Item::Organisation(o) => self.organisation = Some(*o),
            Item::Settings(s) => self.settings = Some(*s),
            Item::Template(key, text) => {
                self.templates.insert(key, text);
            }
            Item::Logo(key, bytes) => {
                self.logos.insert(key, to_hex(&bytes));
            }
            Item::Demo => self.demo = true,
            Item::Participant(p) => self.participants.push(*p),
            Item::Referrer(r) => self.referrers.push(*r),
            Item::Referral(r) => self.referrals.push(*r),
            Item::Activity(a) => self.activities.push(*a),
            Item::Session(s) => self.sessions.push(*s),
            Item::Enrolment(e) => self.enrolments.push(*e),
            Item::Mark(m) => self.attendance.push(*m),
            Item::Volunteer(v) => self.volunteers.push(*v),
            Item::Role(r) => self.roles.push(*r),
            Item::Rota(r) => self.rota.push(*r),
            Item::Letter(l) => self.letters.push(*l),
            Item::AccessRequest(r) => self.access_requests.push(*r),
            Item::Erasure(e) => self.erasures.push(*e),
            Item::LogEntry(e) => self.activity_log.push(*e),
            Item::Outcome(o) => self.outcomes.push(*o),
        }
    }
}

fn logo_bytes(key: &str, hex: &str) -> Result<Vec<u8>> {
    from_hex(hex)
        .ok_or_else(|| StoreError::Import(format!("The logo {key} in this file is damaged.")))
}

impl Store {
    /// Everything held, in memory: for small data (the demo, tests). A
    /// large hub's export is streamed by `write_export`.
    pub fn snapshot(&self, now: DateTime<Utc>) -> Result<Snapshot> {
        let mut snapshot = Snapshot {
            format: EXPORT_FORMAT.to_string(),
            schema_version: SCHEMA_VERSION,
            exported_at: now,
            ..Snapshot::default()
        };
        self.each_item(|item| {
            snapshot.add(item);
            Ok(())
        })?;
        // The settings in force, stored or not, as the streamed export writes them.
        snapshot.settings = Some(self.settings()?);
        Ok(snapshot)
    }

    /// Replaces everything held with the snapshot's contents in one
    /// transaction: either the whole snapshot is in place afterwards or
    /// nothing changed. For small data in a folder that is open (the demo);
    /// a backup or a large export is loaded into a new folder instead.
    pub fn restore(&self, snapshot: &Snapshot) -> Result<()> {
        check_snapshot(snapshot)?;
        let trees = items::trees(self)?;
        let mut removals: Vec<(usize, Vec<u8>)> = vec![
            (0, ORGANISATION_KEY.to_vec()),
            (0, SETTINGS_KEY.to_vec()),
            (0, Meta::Demo.bytes()),
        ];
        for prefix in [TEMPLATE_PREFIX, LOGO_PREFIX] {
            for key in self.meta.scan_prefix(prefix).keys() {
                removals.push((0, key?.to_vec()));
            }
        }
        for (i, tree) in trees.iter().enumerate().skip(1) {
            for key in tree.iter().keys() {
                removals.push((i, key?.to_vec()));
            }
        }
        let mut writes = Vec::new();
        let mut builder = Writes::default();
        // Everyone erased stays erased, whatever the snapshot holds (the
        // demo's own log goes with the demo).
        for erasure in self.all::<Erasure>()? {
            builder.add(&Item::Erasure(Box::new(erasure)), &mut writes)?;
        }
        for item in snapshot.items()? {
            builder.add(&item, &mut writes)?;
        }
        builder.finish(&mut writes);
        let raw: Vec<sled::Tree> = trees.iter().map(|t| t.raw().clone()).collect();
        raw.as_slice()
            .transaction(|views| {
                for (i, key) in &removals {
                    trees[*i].tx(&views[*i]).remove(key.as_slice())?;
                }
                for (i, key, value) in &writes {
                    trees[*i]
                        .tx(&views[*i])
                        .insert(key.as_slice(), value.as_slice())?;
                }
                Ok::<(), ConflictableTransactionError<StoreError>>(())
            })
            .map_err(abort)?;
        // Only a load in batches stages marks (see `items::STAGED_MARKS`).
        self.db.drop_tree(items::STAGED_MARKS)?;
        self.flush()
    }

    /// Writes everything held as the JSON export, a record at a time.
    pub fn write_export(&self, now: DateTime<Utc>, out: impl Write) -> Result<Counts> {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
        let mut counts = Counts::default();
        write!(
            out,
            "{{\n\"format\": \"{EXPORT_FORMAT}\",\n\"schema_version\": {SCHEMA_VERSION},\n\"exported_at\": "
        )
        .map_err(unwritten)?;
        serde_json::to_writer(&mut out, &now).map_err(unwritten)?;
        write!(out, ",\n\"organisation\": ").map_err(unwritten)?;
        serde_json::to_writer(&mut out, &self.organisation()?).map_err(unwritten)?;
        write!(out, ",\n\"settings\": ").map_err(unwritten)?;
        serde_json::to_writer(&mut out, &self.settings()?).map_err(unwritten)?;
        let mut templates = BTreeMap::new();
        let mut logos = BTreeMap::new();
        let mut open: Option<&'static str> = None;
        let mut demo = false;
        self.each_stored(|stored| {
            match stored.kind {
                "template" => {
                    let text = String::from_utf8_lossy(stored.bytes).into_owned();
                    templates.insert(stored.key.to_owned(), text);
                    return Ok(());
                }
                "logo" => {
                    logos.insert(stored.key.to_owned(), to_hex(stored.bytes));
                    return Ok(());
                }
                "demo" => {
                    demo = true;
                    return Ok(());
                }
                _ => {}
            }
            let Some(tree) = items::RECORD_TREES
                .iter()
                .copied()
                .find(|t| *t == stored.kind)
            else {
                return Ok(());
            };
            if open.is_none() {
                meta_maps(&mut out, &templates, &logos)?;
            }
            if open == Some(tree) {
                writeln!(out, ",").map_err(unwritten)?;
            } else {
                if open.is_some() {
                    write!(out, "\n]").map_err(unwritten)?;
                }
                write!(out, ",\n\"{tree}\": [\n").map_err(unwritten)?;
                open = Some(tree);
            }
            let item = item_from_stored(stored.kind, stored.key, stored.bytes)?;
            item.write_record_json(&mut out).map_err(unwritten)?;
            counts.add(&item);
            Ok(())
        })?;
        if open.is_some() {
            write!(out, "\n]").map_err(unwritten)?;
        } else {
            meta_maps(&mut out, &templates, &logos)?;
        }
        if demo {
            write!(out, ",\n\"demo\": true").map_err(unwritten)?;
        }
        write!(out, "\n}}\n").map_err(unwritten)?;
        out.flush().map_err(unwritten)?;
        Ok(counts)
    }
}
fn check_snapshot(snapshot: &Snapshot) -> Result<()> {
    if snapshot.format != EXPORT_FORMAT {
        return Err(StoreError::Import(
            "This file is not a Tend export (its \"format\" is not \"tend-export\").".into(),
        ));
    }
    if snapshot.schema_version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found: snapshot.schema_version,
        });
    }
    Ok(())
}

fn unwritten(e: impl std::fmt::Display) -> StoreError {
    StoreError::Import(format!("The export could not be written: {e}"))
}

fn meta_maps(
    out: &mut impl Write,
    templates: &BTreeMap<String, String>,
    logos: &BTreeMap<String, String>,
) -> Result<()> {
    write!(out, ",\n\"templates\": ").map_err(unwritten)?;
    serde_json::to_writer(&mut *out, templates).map_err(unwritten)?;
    write!(out, ",\n\"logos\": ").map_err(unwritten)?;
    serde_json::to_writer(&mut *out, logos).map_err(unwritten)
}

/// What an export says of itself, read as it streams past.
#[derive(Debug, Clone, Default)]
pub struct ExportHeader {
    pub exported_at: Option<DateTime<Utc>>,
    pub schema_version: u32,
}

/// Reads a JSON export a record at a time, handing each to `f`; the whole
/// document is never in memory. Fields may come in any order.
pub fn read_export(
    reader: impl std::io::Read,
    f: &mut dyn FnMut(Item) -> Result<()>,
) -> Result<ExportHeader> {
    let mut emit = Emit { f, failed: None };
    let mut de =
        serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(1 << 16, reader));
    let parsed = de::Deserializer::deserialize_map(&mut de, ExportVisitor { emit: &mut emit });
    if let Some(failed) = emit.failed.take() {
        return Err(failed);
    }
    let (format, header) = parsed.map_err(|e| {
        StoreError::Import(format!("This file is not a readable Tend export ({e})."))
    })?;
    de.end().map_err(|e| {
        StoreError::Import(format!("This file is not a readable Tend export ({e})."))
    })?;
    if format.as_deref() != Some(EXPORT_FORMAT) {
        return Err(not_an_export());
    }
    Ok(header)
}

fn not_an_export() -> StoreError {
    StoreError::Import(
        "This file is not a Tend export (its \"format\" is not \"tend-export\").".into(),
    )
}

/// Hands items on, keeping the first failure so it is reported as itself
/// rather than as a JSON error.
struct Emit<'f> {
    f: &'f mut dyn FnMut(Item) -> Result<()>,
    failed: Option<StoreError>,
}

impl Emit<'_> {
    fn send<E: de::Error>(&mut self, item: Item) -> std::result::Result<(), E> {
        (self.f)(item).map_err(|e| self.fail(e))
    }

    fn fail<E: de::Error>(&mut self, e: StoreError) -> E {
        let message = e.to_string();
        self.failed.get_or_insert(e);
        E::custom(message)
    }
}

struct ExportVisitor<'e, 'f> {
    emit: &'e mut Emit<'f>,
}

impl<'de> de::Visitor<'de> for ExportVisitor<'_, '_> {
    type Value = (Option<String>, ExportHeader);

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a Tend export")
    }

    fn visit_map<A: de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let emit = self.emit;
        let mut format: Option<String> = None;
        let mut header = ExportHeader::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => {
                    let value: String = map.next_value()?;
                    if value != EXPORT_FORMAT {
                        return Err(emit.fail(not_an_export()));
                    }
                    format = Some(value);
                }
                "schema_version" => {
                    header.schema_version = map.next_value()?;
                    if header.schema_version > SCHEMA_VERSION {
                        return Err(emit.fail(StoreError::NewerSchema {
                            found: header.schema_version,
                        }));
                    }
                }
                "exported_at" => header.exported_at = map.next_value()?,
                "organisation" => {
                    if let Some(o) = map.next_value::<Option<Organisation>>()? {
                        emit.send(Item::Organisation(Box::new(o)))?;
                    }
                }
                "settings" => {
                    if let Some(s) = map.next_value::<Option<Settings>>()? {
                        emit.send(Item::Settings(Box::new(s)))?;
                    }
                }
                "templates" => {
                    for (key, text) in map.next_value::<BTreeMap<String, String>>()? {
                        emit.send(Item::Template(key, text))?;
                    }
                }
                "logos" => {
                    for (key, hex) in map.next_value::<BTreeMap<String, String>>()? {
                        let bytes = logo_bytes(&key, &hex).map_err(|e| emit.fail(e))?;
                        emit.send(Item::Logo(key, bytes))?;
                    }
                }
                "participants" => map.next_value_seed(Records(&mut *emit, Item::Participant))?,
                "referrers" => map.next_value_seed(Records(&mut *emit, Item::Referrer))?,
                "referrals" => map.next_value_seed(Records(&mut *emit, Item::Referral))?,
                "activities" => map.next_value_seed(Records(&mut *emit, Item::Activity))?,
                "sessions" => map.next_value_seed(Records(&mut *emit, Item::Session))?,
                "enrolments" => map.next_value_seed(Records(&mut *emit, Item::Enrolment))?,
                "attendance" => map.next_value_seed(Records(&mut *emit, Item::Mark))?,
                "volunteers" => map.next_value_seed(Records(&mut *emit, Item::Volunteer))?,
                "roles" => map.next_value_seed(Records(&mut *emit, Item::Role))?,
                "rota" => map.next_value_seed(Records(&mut *emit, Item::Rota))?,
                "letters" => map.next_value_seed(Records(&mut *emit, Item::Letter))?,
                "access_requests" => {
                    map.next_value_seed(Records(&mut *emit, Item::AccessRequest))?
                }
                "erasures" => map.next_value_seed(Records(&mut *emit, Item::Erasure))?,
                "activity_log" => map.next_value_seed(Records(&mut *emit, Item::LogEntry))?,
                "outcomes" => map.next_value_seed(Records(&mut *emit, Item::Outcome))?,
                "demo" => {
                    if map.next_value::<bool>()? {
                        emit.send(Item::Demo)?;
                    }
                }
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        Ok((format, header))
    }
}

/// One kind's array, a record at a time.
struct Records<'e, 'f, R>(&'e mut Emit<'f>, fn(Box<R>) -> Item);

impl<'de, R: Deserialize<'de>> de::DeserializeSeed<'de> for Records<'_, '_, R> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> std::result::Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, R: Deserialize<'de>> de::Visitor<'de> for Records<'_, '_, R> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of records")
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while let Some(record) = seq.next_element::<R>()? {
            self.0.send((self.1)(Box::new(record)))?;
        }
        Ok(())
    }
}
