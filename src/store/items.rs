//! Everything a data folder holds, one item at a time: what a backup and
//! the JSON export are made of, and how an item becomes the store's writes
//! (its record and every index built from it). Reading items out, loading
//! them into a new folder and restoring them in place all go through here,
//! so a record and its indexes are laid down by one rule.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::codec::{Record, decode, encode};
use super::sealed::Tree;
use super::{
    Meta, ORGANISATION_KEY, Result, SETTINGS_KEY, Store, StoreError, enrolment_index_key,
    letter_queue, name_index, person_marks, referral_index_key, session_index_key, session_marks,
};
use crate::domain::{
    AccessRequest, Activity, AttendanceMark, Enrolment, ErasedPerson, Erasure, LetterRecord,
    LogEntry, Organisation, OutcomeRecord, Participant, ParticipantId, Referral, Referrer, Role,
    RotaAssignment, Session, Settings, Volunteer,
};

/// Meta keys holding letter templates start with this.
pub const TEMPLATE_PREFIX: &[u8] = b"template/";
/// Meta keys holding letterhead logos (image bytes) start with this.
pub const LOGO_PREFIX: &[u8] = b"logo/";

/// One thing a data folder holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Organisation(Box<Organisation>),
    Settings(Box<Settings>),
    /// A letter template's text under its meta key ("template/progress").
    Template(String, String),
    /// A letterhead logo's image under its meta key ("logo/…").
    Logo(String, Vec<u8>),
    /// The data is the demo organisation's (so it can be left).
    Demo,
    Participant(Box<Participant>),
    Referrer(Box<Referrer>),
    Referral(Box<Referral>),
    Activity(Box<Activity>),
    Session(Box<Session>),
    Enrolment(Box<Enrolment>),
    Mark(Box<AttendanceMark>),
    Volunteer(Box<Volunteer>),
    Role(Box<Role>),
    Rota(Box<RotaAssignment>),
    Letter(Box<LetterRecord>),
    AccessRequest(Box<AccessRequest>),
    /// The tombstone of an erased person.
    Erasure(Box<Erasure>),
    /// An activity log entry.
    LogEntry(Box<LogEntry>),
    /// An outcome measure's answers.
    Outcome(Box<OutcomeRecord>),
}

impl Item {
    /// The tree a record item is kept in, or the meta item's own name.
    pub fn kind(&self) -> &'static str {
        match self {
            Item::Organisation(_) => "organisation",
            Item::Settings(_) => "settings",
            Item::Template(..) => "template",
            Item::Logo(..) => "logo",
            Item::Demo => "demo",
            Item::Participant(_) => Participant::TREE,
            Item::Referrer(_) => Referrer::TREE,
            Item::Referral(_) => Referral::TREE,
            Item::Activity(_) => Activity::TREE,
            Item::Session(_) => Session::TREE,
            Item::Enrolment(_) => Enrolment::TREE,
            Item::Mark(_) => AttendanceMark::TREE,
            Item::Volunteer(_) => Volunteer::TREE,
            Item::Role(_) => Role::TREE,
            Item::Rota(_) => RotaAssignment::TREE,
            Item::Letter(_) => LetterRecord::TREE,
            Item::AccessRequest(_) => AccessRequest::TREE,
            Item::Erasure(_) => Erasure::TREE,
            Item::LogEntry(_) => LogEntry::TREE,
            Item::Outcome(_) => OutcomeRecord::TREE,
        }
    }

    /// The record alone, as the JSON export writes it (meta items write
    /// nothing: the export has fields of its own for them).
    pub fn write_record_json(&self, out: &mut impl std::io::Write) -> serde_json::Result<()> {
        match self {
            Item::Organisation(_)
            | Item::Settings(_)
            | Item::Template(..)
            | Item::Logo(..)
            | Item::Demo => Ok(()),
            Item::Participant(r) => serde_json::to_writer(out, r),
            Item::Referrer(r) => serde_json::to_writer(out, r),
            Item::Referral(r) => serde_json::to_writer(out, r),
            Item::Activity(r) => serde_json::to_writer(out, r),
            Item::Session(r) => serde_json::to_writer(out, r),
            Item::Enrolment(r) => serde_json::to_writer(out, r),
            Item::Mark(r) => serde_json::to_writer(out, r),
            Item::Volunteer(r) => serde_json::to_writer(out, r),
            Item::Role(r) => serde_json::to_writer(out, r),
            Item::Rota(r) => serde_json::to_writer(out, r),
            Item::Letter(r) => serde_json::to_writer(out, r),
            Item::AccessRequest(r) => serde_json::to_writer(out, r),
            Item::Erasure(r) => serde_json::to_writer(out, r),
            Item::LogEntry(r) => serde_json::to_writer(out, r),
            Item::Outcome(r) => serde_json::to_writer(out, r),
        }
    }
}

/// How many of each kind of record: what a backup's manifest promises and
/// what "Restore from a backup…" shows before anything changes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Counts {
    pub people: u32,
    pub referrers: u32,
    pub referrals: u32,
    pub activities: u32,
    pub sessions: u32,
    pub enrolments: u32,
    pub marks: u32,
    pub volunteers: u32,
    pub roles: u32,
    pub rota: u32,
    pub letters: u32,
    /// Subject access requests (none in backups made before schema 9).
    #[serde(default)]
    pub access_requests: u32,
    /// Tombstones of erased people (none before schema 10).
    #[serde(default)]
    pub erasures: u32,
    /// Activity log entries (none before schema 10).
    #[serde(default)]
    pub log_entries: u32,
    /// Outcome measures (none before schema 10).
    #[serde(default)]
    pub outcomes: u32,
}

impl Counts {
    /// Counts one more item in (meta items are not counted).
    pub fn add(&mut self, item: &Item) {
        self.add_kind(item.kind());
    }

    /// Counts one more record of the kind kept in `tree`.
    pub fn add_kind(&mut self, tree: &str) {
        let count = match tree {
            Participant::TREE => &mut self.people,
            Referrer::TREE => &mut self.referrers,
            Referral::TREE => &mut self.referrals,
            Activity::TREE => &mut self.activities,
            Session::TREE => &mut self.sessions,
            Enrolment::TREE => &mut self.enrolments,
            AttendanceMark::TREE => &mut self.marks,
            Volunteer::TREE => &mut self.volunteers,
            Role::TREE => &mut self.roles,
            RotaAssignment::TREE => &mut self.rota,
            LetterRecord::TREE => &mut self.letters,
            AccessRequest::TREE => &mut self.access_requests,
            Erasure::TREE => &mut self.erasures,
            LogEntry::TREE => &mut self.log_entries,
            OutcomeRecord::TREE => &mut self.outcomes,
            _ => return,
        };
        *count += 1;
    }

    pub fn total(&self) -> u64 {
        [
            self.people,
            self.referrers,
            self.referrals,
            self.activities,
            self.sessions,
            self.enrolments,
            self.marks,
            self.volunteers,
            self.roles,
            self.rota,
            self.letters,
            self.access_requests,
            self.erasures,
            self.log_entries,
            self.outcomes,
        ]
        .into_iter()
        .map(u64::from)
        .sum()
    }

    /// "120 people, 30 referrals, 52 sessions, 2,400 attendance marks, 1 letter".
    pub fn words(&self) -> String {
        let n = |count: u32, one: &str, many: &str| {
            crate::domain::text::counted(u64::from(count), one, many)
        };
        format!(
            "{}, {}, {}, {}, {}",
            n(self.people, "person", "people"),
            n(self.referrals, "referral", "referrals"),
            n(self.sessions, "session", "sessions"),
            n(self.marks, "attendance mark", "attendance marks"),
            n(self.letters, "letter", "letters")
        )
    }
}

/// The record trees, in the order items are read out: whatever refers to
/// another record comes before what it refers to, so a record added while
/// a backup is being written never leaves a mark without its person. The
/// tombstones come first, so whatever reads a backup or an export knows
/// who was erased before it meets anything of theirs.
pub(super) const RECORD_TREES: [&str; 15] = [
    Erasure::TREE,
    LogEntry::TREE,
    AccessRequest::TREE,
    OutcomeRecord::TREE,
    LetterRecord::TREE,
    AttendanceMark::TREE,
    RotaAssignment::TREE,
    Enrolment::TREE,
    Referral::TREE,
    Session::TREE,
    Participant::TREE,
    Referrer::TREE,
    Activity::TREE,
    Volunteer::TREE,
    Role::TREE,
];

/// Marks whose person's value was already written when a load met them
/// (a file whose marks are not grouped by person, as exports before
/// schema 12 are), gathered under person ++ session and folded into the
/// people's values as the load finishes (see `Loader::finish`).
pub(super) const STAGED_MARKS: &str = "marks_being_loaded";

/// Trees built from the records.
pub(super) const INDEX_TREES: [&str; 7] = [
    "sessions_by_activity",
    STAGED_MARKS,
    "enrolments_by_participant",
    "referrals_by_participant",
    session_marks::TREE,
    letter_queue::TREE,
    name_index::TREE,
];

/// The tree a write goes to: 0 is meta, then the record trees, then the indexes.
pub(super) fn slot(tree: &str) -> usize {
    RECORD_TREES
        .iter()
        .chain(INDEX_TREES.iter())
        .position(|n| *n == tree)
        .map_or(0, |i| i + 1)
}

/// Every tree an item can write to, in `slot` order.
pub(super) fn trees(store: &Store) -> Result<Vec<Tree>> {
    let mut trees = vec![store.meta.clone()];
    for name in RECORD_TREES.iter().chain(INDEX_TREES.iter()) {
        trees.push(store.open_tree(name)?);
    }
    Ok(trees)
}

/// (tree slot, key, value)
pub(super) type Write = (usize, Vec<u8>, Vec<u8>);

/// Turns items into writes. Most indexes follow from one record; the
/// marks-by-session and letters-queue indexes need every record first and
/// are written by `finish`, and so are people's marks unless `streaming`.
#[derive(Default)]
pub(super) struct Writes {
    /// People's marks being gathered into their values: everyone's, or
    /// when streaming only the person met last.
    marks: person_marks::Builder,
    streaming: bool,
    gathering: Option<ParticipantId>,
    /// When streaming, the people whose marks value is written.
    written: HashSet<ParticipantId>,
    marks_by_session: BTreeMap<Vec<u8>, Vec<u8>>,
    letter_queue: letter_queue::Builder,
    names: name_index::Builder,
    counts: Counts,
    /// Everyone erased, whose records are left out (a backup made before
    /// they were erased is restored without them), with their tombstone.
    erased: HashMap<ErasedPerson, Erasure>,
}

fn record<R: Record>(record: &R, out: &mut Vec<Write>) -> Result<()> {
    out.push((slot(R::TREE), record.key(), encode(record)?));
    Ok(())
}

fn index(tree: &str, key: Vec<u8>, out: &mut Vec<Write>) {
    out.push((slot(tree), key, Vec::new()));
}

impl Writes {
    /// Writes for a load of any size: a person's marks are written as soon
    /// as the next person's begin, so only one person's are held at a time.
    pub fn streaming() -> Self {
        Writes {
            streaming: true,
            ..Default::default()
        }
    }

    fn mark(&mut self, mark: &AttendanceMark, out: &mut Vec<Write>) -> Result<()> {
        let (person, session) = (mark.participant, mark.session);
        if self.streaming && self.gathering != Some(person) {
            if self.written.contains(&person) {
                let key = [person.as_bytes().as_slice(), session.as_bytes()].concat();
                out.push((slot(STAGED_MARKS), key, encode(mark)?));
                return Ok(());
            }
            self.write_marks(out);
            self.gathering = Some(person);
        }
        self.marks.add(person, session, encode(mark)?);
        Ok(())
    }

    /// Writes the marks gathered so far.
    fn write_marks(&mut self, out: &mut Vec<Write>) {
        let slot = slot(AttendanceMark::TREE);
        for (key, value) in std::mem::take(&mut self.marks).finish() {
            if self.streaming
                && let Ok(id) = <[u8; 16]>::try_from(key.as_slice())
            {
                self.written.insert(ParticipantId::from_bytes(id));
            }
            out.push((slot, key, value));
        }
    }

    /// What stays of an item once the erasures are applied, as the
    /// erasure itself left it: of an erased participant only their marks,
    /// without notes; of an anonymised one also their places on
    /// activities and their referrals without their words; nothing of an
    /// erased volunteer (the rota keeps their places).
    fn after_erasures<'i>(&self, item: &'i Item) -> Option<Cow<'i, Item>> {
        let of = |id: ParticipantId| self.erased.get(&ErasedPerson::Participant(id));
        let owned = |item: Item| Some(Cow::Owned(item));
        match item {
            Item::Participant(p) if of(p.id).is_some() => None,
            Item::Letter(l) if of(l.participant).is_some() => None,
            Item::AccessRequest(r) if of(r.participant).is_some() => None,
            // Answers stay for reports when they are anonymised; their words go.
            Item::Outcome(o) => match of(o.participant) {
                None => Some(Cow::Borrowed(item)),
                Some(e) if e.anonymous.is_some() => owned(Item::Outcome(Box::new(
                    Erasure::kept_outcome((**o).clone()),
                ))),
                Some(_) => None,
            },
            Item::Volunteer(v) if self.erased.contains_key(&ErasedPerson::Volunteer(v.id)) => None,
            Item::Referral(r) => match of(r.participant) {
                None => Some(Cow::Borrowed(item)),
                Some(e) if e.anonymous.is_some() => owned(Item::Referral(Box::new(
                    Erasure::kept_referral((**r).clone()),
                ))),
                Some(_) => None,
            },
            Item::Enrolment(s) => match of(s.participant) {
                None => Some(Cow::Borrowed(item)),
                Some(e) if e.anonymous.is_some() => {
                    owned(Item::Enrolment(Box::new(e.kept_spell((**s).clone()))))
                }
                Some(_) => None,
            },
            Item::Mark(m) if of(m.participant).is_some() && !m.note.is_empty() => {
                owned(Item::Mark(Box::new((**m).clone().anonymous())))
            }
            _ => Some(Cow::Borrowed(item)),
        }
    }

    pub fn add(&mut self, item: &Item, out: &mut Vec<Write>) -> Result<()> {
        if let Item::Erasure(e) = item {
            if self.erased.contains_key(&e.person) {
                return Ok(());
            }
            self.erased.insert(e.person, (**e).clone());
        }
        let Some(item) = self.after_erasures(item) else {
            return Ok(());
        };
        let item = item.as_ref();
        self.counts.add(item);
        match item {
            Item::Organisation(o) => out.push((0, ORGANISATION_KEY.to_vec(), encode(&**o)?)),
            Item::Settings(s) => out.push((0, SETTINGS_KEY.to_vec(), encode(&**s)?)),
            Item::Template(key, text) => {
                if key.as_bytes().starts_with(TEMPLATE_PREFIX) {
                    out.push((0, key.as_bytes().to_vec(), text.as_bytes().to_vec()));
                }
            }
            Item::Logo(key, bytes) => {
                if key.as_bytes().starts_with(LOGO_PREFIX) {
                    out.push((0, key.as_bytes().to_vec(), bytes.clone()));
                }
            }
            Item::Demo => out.push((0, Meta::Demo.bytes(), b"1".to_vec())),
            Item::Participant(p) => {
                record(&**p, out)?;
                self.letter_queue.person(p);
                self.names.person(p);
            }
            Item::Referrer(r) => {
                record(&**r, out)?;
            }
            Item::Referral(r) => {
                record(&**r, out)?;
                index("referrals_by_participant", referral_index_key(r), out);
                self.letter_queue.referral(r);
            }
            Item::Activity(a) => {
                record(&**a, out)?;
            }
            Item::Session(s) => {
                record(&**s, out)?;
                index("sessions_by_activity", session_index_key(s), out);
            }
            Item::Enrolment(e) => {
                record(&**e, out)?;
                index("enrolments_by_participant", enrolment_index_key(e), out);
            }
            Item::Mark(m) => {
                self.mark(m, out)?;
                session_marks::add(&mut self.marks_by_session, m);
            }
            Item::Volunteer(v) => {
                record(&**v, out)?;
            }
            Item::Role(r) => {
                record(&**r, out)?;
            }
            Item::AccessRequest(r) => {
                record(&**r, out)?;
            }
            Item::Erasure(e) => {
                record(&**e, out)?;
            }
            Item::LogEntry(e) => {
                record(&**e, out)?;
            }
            Item::Outcome(o) => {
                record(&**o, out)?;
            }
            Item::Rota(r) => {
                record(&**r, out)?;
            }
            Item::Letter(l) => {
                record(&**l, out)?;
                self.letter_queue.letter(l);
            }
        }
        Ok(())
    }

    /// Writes the indexes that needed every record, and says how many of
    /// each kind there were.
    pub fn finish(mut self, out: &mut Vec<Write>) -> Counts {
        self.write_marks(out);
        let built = [
            (
                session_marks::TREE,
                self.marks_by_session.into_iter().collect(),
            ),
            (letter_queue::TREE, self.letter_queue.finish()),
            (name_index::TREE, self.names.finish()),
        ];
        for (tree, entries) in built {
            let slot = slot(tree);
            out.extend(entries.into_iter().map(|(key, value)| (slot, key, value)));
        }
        self.counts
    }
}

/// An item from its kind's name and its stored bytes (a record's versioned
/// envelope, a template's text, a logo's image): how a backup is read.
pub fn item_from_stored(kind: &str, key: &str, bytes: &[u8]) -> Result<Item> {
    fn boxed<R: Record>(bytes: &[u8]) -> Result<Box<R>> {
        decode::<R>(bytes).map(Box::new)
    }
    Ok(match kind {
        "organisation" => Item::Organisation(boxed(bytes)?),
        "settings" => Item::Settings(boxed(bytes)?),
        "template" => Item::Template(key.to_owned(), String::from_utf8_lossy(bytes).into_owned()),
        "logo" => Item::Logo(key.to_owned(), bytes.to_vec()),
        "demo" => Item::Demo,
        Participant::TREE => Item::Participant(boxed(bytes)?),
        Referrer::TREE => Item::Referrer(boxed(bytes)?),
        Referral::TREE => Item::Referral(boxed(bytes)?),
        Activity::TREE => Item::Activity(boxed(bytes)?),
        Session::TREE => Item::Session(boxed(bytes)?),
        Enrolment::TREE => Item::Enrolment(boxed(bytes)?),
        AttendanceMark::TREE => Item::Mark(boxed(bytes)?),
        Volunteer::TREE => Item::Volunteer(boxed(bytes)?),
        Role::TREE => Item::Role(boxed(bytes)?),
        RotaAssignment::TREE => Item::Rota(boxed(bytes)?),
        LetterRecord::TREE => Item::Letter(boxed(bytes)?),
        AccessRequest::TREE => Item::AccessRequest(boxed(bytes)?),
        Erasure::TREE => Item::Erasure(boxed(bytes)?),
        LogEntry::TREE => Item::LogEntry(boxed(bytes)?),
        OutcomeRecord::TREE => Item::Outcome(boxed(bytes)?),
        other => {
            return Err(StoreError::Import(format!(
                "This backup holds a kind of record this Tend does not know (\"{other}\")."
            )));
        }
    })
}

/// One thing as it is stored: its kind, its meta key (templates and logos
/// only, else empty) and its stored bytes.
pub struct Stored<'a> {
    pub kind: &'a str,
    pub key: &'a str,
    pub bytes: &'a [u8],
}

impl Store {
    /// Hands over everything held, as stored, without decoding a record:
    /// the organisation, settings, templates, logos and the demo flag, then
    /// every record tree in `RECORD_TREES` order.
    pub fn each_stored(&self, mut f: impl FnMut(Stored<'_>) -> Result<()>) -> Result<()> {
        for (key, kind) in [
            (ORGANISATION_KEY, "organisation"),
            (SETTINGS_KEY, "settings"),
        ] {
            if let Some(bytes) = self.meta.get(key)? {
                f(Stored {
                    kind,
                    key: "",
                    bytes: &bytes,
                })?;
            }
        }
        for (prefix, kind) in [(TEMPLATE_PREFIX, "template"), (LOGO_PREFIX, "logo")] {
            for entry in self.meta.scan_prefix(prefix) {
                let (key, bytes) = entry?;
                f(Stored {
                    kind,
                    key: &String::from_utf8_lossy(&key),
                    bytes: &bytes,
                })?;
            }
        }
        if let Some(bytes) = self.meta.get(Meta::Demo.bytes())? {
            f(Stored {
                kind: "demo",
                key: "",
                bytes: &bytes,
            })?;
        }
        for kind in RECORD_TREES {
            for entry in self.open_tree(kind)?.iter() {
                let (key, bytes) = entry?;
                // A person's marks (schema 12); data not yet upgraded (a
                // backup before the upgrade) has a record a mark, keyed
                // session ++ person.
                if kind == AttendanceMark::TREE && key.len() == 16 {
                    for (_, bytes) in person_marks::entries(&bytes)? {
                        f(Stored {
                            kind,
                            key: "",
                            bytes,
                        })?;
                    }
                    continue;
                }
                f(Stored {
                    kind,
                    key: "",
                    bytes: &bytes,
                })?;
            }
        }
        Ok(())
    }

    /// Hands over everything held, decoded, in `each_stored`'s order.
    pub fn each_item(&self, mut f: impl FnMut(Item) -> Result<()>) -> Result<()> {
        self.each_stored(|stored| f(item_from_stored(stored.kind, stored.key, stored.bytes)?))
    }
}
