//! Backups and the JSON export: lossless, streamed, checked when read, and
//! all or nothing when restored.

use std::path::{Path, PathBuf};

use tempfile::TempDir;
use tend::Tend;
use tend::service::demo::demo_snapshot;
use tend::store::Snapshot;

use crate::support::{date, open_temp};

fn no_progress() -> impl FnMut(u64, u64) {
    |_, _| {}
}

/// The demo, with a letter template and a logo of its own.
fn demo_with_extras() -> (TempDir, Tend) {
    let (dir, tend) = open_temp();
    tend.load_demo(date(2026, 11, 22), false).unwrap();
    tend.save_letter_template(
        tend::domain::LetterKind::Progress,
        "{{ participant.name }} is doing well.\n\nWith best wishes",
    )
    .unwrap();
    tend.set_logo(&std::fs::read("icons/32x32.png").unwrap())
        .unwrap();
    (dir, tend)
}

/// The two hold the same, field by field (a failure names the field, not
/// the whole document).
fn assert_same(a: &Snapshot, b: &Snapshot) {
    let (a, b) = (
        serde_json::to_value(a).unwrap(),
        serde_json::to_value(b).unwrap(),
    );
    // A restore or an import is itself logged in what it made.
    let unlogged = |mut log: serde_json::Value| {
        if let Some(entries) = log.as_array_mut() {
            entries.retain(|e| e["action"] != "restored");
        }
        log
    };
    for (key, value) in a.as_object().unwrap() {
        let (value, other) = if key == "activity_log" {
            (unlogged(value.clone()), unlogged(b[key].clone()))
        } else {
            (value.clone(), b[key].clone())
        };
        let (value, other) = (&value, &other);
        if value != other {
            let (x, y) = (value.to_string(), other.to_string());
            let at = x
                .bytes()
                .zip(y.bytes())
                .position(|(p, q)| p != q)
                .unwrap_or(0);
            let near = |t: &str| {
                t.get(at.saturating_sub(80)..(at + 80).min(t.len()))
                    .unwrap_or("")
                    .to_string()
            };
            panic!("{key} differs near:\n{}\n{}", near(&x), near(&y));
        }
    }
}

fn people_in(dir: &Path) -> usize {
    Tend::open(dir).unwrap().participants().unwrap().len()
}

#[test]
fn export_then_import_is_lossless() {
    let (_a, original) = demo_with_extras();
    let now = tend::clock::now();
    let exported = original.export(now).unwrap();
    assert_eq!(exported.participants.len(), 60);
    assert!(!exported.attendance.is_empty());
    assert!(!exported.referrals.is_empty() && !exported.letters.is_empty());
    assert_eq!(exported.templates.len(), 1);
    assert_eq!(exported.logos.len(), 1);

    let (_b, copy) = open_temp();
    copy.import(&exported, false).unwrap();
    assert_same(&copy.export(now).unwrap(), &exported);
}

#[test]
fn the_streamed_export_is_the_same_document_and_imports_into_a_new_folder() {
    let (dir, original) = demo_with_extras();
    let now = tend::clock::now();
    let file = dir.path().join("export.json");
    let counts = original.export_to(&file, now).unwrap();
    assert_eq!(counts.people, 60);
    let read: Snapshot = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_same(&read, &original.export(now).unwrap());

    let target = TempDir::new().unwrap();
    let data = target.path().join("data");
    let mut seen = Vec::new();
    let loaded = Tend::import_export(&data, &file, false, now, &mut |done, of| {
        seen.push((done, of))
    })
    .unwrap();
    assert_eq!(loaded, counts);
    assert_eq!(seen.last().map(|(d, o)| d == o), Some(true), "{seen:?}");
    let copy = Tend::open(&data).unwrap();
    assert_same(&copy.export(now).unwrap(), &read);
    // Everything built from the records is there too: the letters queue
    // and the look-up by name.
    assert_eq!(
        copy.letters_due(date(2026, 11, 22)).unwrap(),
        original.letters_due(date(2026, 11, 22)).unwrap()
    );
    let someone = &read.participants[7].details.full_name;
    assert_eq!(
        copy.participant_named(someone).unwrap().details.full_name,
        *someone
    );
}

#[test]
fn a_backup_restores_everything_into_a_new_folder() {
    let (dir, original) = demo_with_extras();
    let now = tend::clock::now();
    let file = dir.path().join("hill.tendbackup");
    let made = original.back_up(&file, now).unwrap();
    assert_eq!(made.counts.people, 60);
    assert_eq!(
        made.organisation.as_deref(),
        Some("Abermill Wellbeing Walks & Gardens")
    );
    assert_eq!(tend::store::verify_backup(&file, None).unwrap(), made);

    let target = TempDir::new().unwrap();
    let data = target.path().join("restored");
    let restored = Tend::restore_backup(&data, &file, false, now, &mut no_progress()).unwrap();
    assert_eq!(restored, made);
    let copy = Tend::open(&data).unwrap();
    assert_same(&copy.export(now).unwrap(), &original.export(now).unwrap());
    assert_eq!(
        copy.stopped_coming(date(2026, 11, 22)).unwrap(),
        original.stopped_coming(date(2026, 11, 22)).unwrap()
    );
}

#[test]
fn restore_refuses_existing_data_unless_replacing_and_keeps_it_as_a_backup_first() {
    let (source_dir, source) = demo_with_extras();
    let now = tend::clock::now();
    let file = source_dir.path().join("demo.tendbackup");
    source.back_up(&file, now).unwrap();

    let target = TempDir::new().unwrap();
    let data = target.path().join("data");
    {
        let tend = Tend::open(&data).unwrap();
        tend.add_participant(
            crate::support::person("Łukasz Wróbel"),
            date(2026, 11, 1),
            true,
        )
        .unwrap();
    }
    let err = Tend::restore_backup(&data, &file, false, now, &mut no_progress()).unwrap_err();
    assert_eq!(err.code(), tend::ErrorCode::Conflict);
    assert_eq!(people_in(&data), 1, "nothing changed");

    Tend::restore_backup(&data, &file, true, now, &mut no_progress()).unwrap();
    assert_eq!(people_in(&data), 60, "replaced, not added to");
    let kept = Tend::open(&data).unwrap().automatic_backups().unwrap();
    assert_eq!(kept.len(), 1);
    assert!(kept[0].path.to_string_lossy().contains("before restore"));
    assert_eq!(kept[0].manifest.counts.people, 1, "the data as it was");
}

/// A copy of `file` with `change` made to its bytes.
fn spoilt(file: &Path, name: &str, change: impl FnOnce(&mut Vec<u8>)) -> PathBuf {
    let mut bytes = std::fs::read(file).unwrap();
    change(&mut bytes);
    let out = file.with_file_name(name);
    std::fs::write(&out, bytes).unwrap();
    out
}

#[test]
fn a_damaged_backup_is_refused_with_why_and_the_data_is_untouched() {
    let (dir, tend) = demo_with_extras();
    let now = tend::clock::now();
    let file = dir.path().join("good.tendbackup");
    tend.back_up(&file, now).unwrap();
    let len = std::fs::metadata(&file).unwrap().len() as usize;
    let cases = [
        (
            spoilt(&file, "half.tendbackup", |b| b.truncate(len / 2)),
            "incomplete",
        ),
        (
            spoilt(&file, "flipped.tendbackup", |b| b[len / 2] ^= 0x55),
            "damaged",
        ),
        (
            spoilt(&file, "newer.tendbackup", |b| {
                let text = b"\"format_version\":1";
                let at = b.windows(text.len()).position(|w| w == text).unwrap();
                b[at + text.len() - 1] = b'9';
            }),
            "newer version of Tend",
        ),
        (
            spoilt(&file, "notes.tendbackup", |b| {
                *b = b"Shopping list".to_vec()
            }),
            "not a Tend backup",
        ),
    ];
    let target = TempDir::new().unwrap();
    let data = target.path().join("data");
    Tend::restore_backup(&data, &file, false, now, &mut no_progress()).unwrap();
    for (bad, why) in cases {
        let err = tend::store::verify_backup(&bad, None).unwrap_err();
        assert!(err.to_string().contains(why), "{}: {err}", bad.display());
        let err = Tend::restore_backup(&data, &bad, true, now, &mut no_progress()).unwrap_err();
        assert!(err.to_string().contains(why), "{}: {err}", bad.display());
        assert_eq!(people_in(&data), 60, "{} changed the data", bad.display());
    }
    let leftovers: Vec<_> = std::fs::read_dir(target.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("data") && n != "data" && n != "data-backups")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn automatic_backups_are_thinned_to_the_rotation() {
    let (_dir, tend) = demo_with_extras();
    let start = tend::clock::now();
    for hour in 0..14 {
        tend.automatic_backup("while working", start + chrono::Duration::hours(hour))
            .unwrap();
    }
    let kept = tend.automatic_backups().unwrap();
    // Ten newest, plus the newest of the day before if the run crossed midnight.
    assert!((10..=11).contains(&kept.len()), "{}", kept.len());
    assert_eq!(
        kept[0].manifest.made_at,
        start + chrono::Duration::hours(13)
    );
}

#[test]
fn an_automatic_backup_is_made_only_when_something_changed() {
    let (_dir, tend) = demo_with_extras();
    let now = tend::clock::now();
    assert!(
        tend.automatic_backup_if_changed(now, false)
            .unwrap()
            .is_some()
    );
    assert!(
        tend.automatic_backup_if_changed(now + chrono::Duration::hours(1), true)
            .unwrap()
            .is_none(),
        "nothing changed since"
    );
    tend.add_participant(
        crate::support::person("Siân Lloyd"),
        date(2026, 11, 1),
        true,
    )
    .unwrap();
    assert!(
        tend.automatic_backup_if_changed(now + chrono::Duration::minutes(5), false)
            .unwrap()
            .is_none(),
        "not yet half an hour"
    );
    let made = tend
        .automatic_backup_if_changed(now + chrono::Duration::minutes(5), true)
        .unwrap()
        .unwrap();
    assert!(made.path.to_string_lossy().contains("closing"));
    assert_eq!(made.manifest.counts.people, 61);
}

#[test]
fn today_asks_for_a_backup_elsewhere_after_seven_days() {
    let (dir, tend) = demo_with_extras();
    let now = tend::clock::now();
    let status = tend.backup_status(now).unwrap();
    assert_eq!(status.words, "No backup to another place yet");
    assert!(status.due);
    let stick = TempDir::new().unwrap();
    let made = tend.back_up_to_folder(stick.path(), now).unwrap();
    assert!(made.path.starts_with(stick.path()));
    assert!(
        made.path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("Abermill Wellbeing Walks Gardens backup ")
    );
    let later = tend.backup_status(now + chrono::Duration::days(9)).unwrap();
    assert_eq!(later.words, "Last backup to another place: 9 days ago");
    assert!(later.due);
    let soon = tend.backup_status(now + chrono::Duration::days(3)).unwrap();
    assert!(!soon.due);
    let err = tend
        .back_up_to_folder(&dir.path().join("unplugged"), now)
        .unwrap_err();
    assert!(err.to_string().contains("Is the stick plugged in?"));

    // Restoring that backup does not forget that it was made.
    let data = dir.path().to_path_buf();
    drop(tend);
    Tend::restore_backup(&data, &made.path, true, now, &mut no_progress()).unwrap();
    let restored = Tend::open(&data).unwrap();
    assert_eq!(
        restored.backup_status(now).unwrap().words,
        "Last backup to another place: today"
    );
}

#[test]
fn a_file_that_is_not_an_export_is_refused_clearly() {
    let dir = TempDir::new().unwrap();
    let now = tend::clock::now();
    for (name, text, why) in [
        ("hello.json", "{\"hello\": 1}", "not a Tend export"),
        (
            "broken.json",
            "{\"format\": \"tend-export\", \"participants\": [",
            "not a readable Tend export",
        ),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let data = dir.path().join(format!("data-{name}"));
        let err = Tend::import_export(&data, &file, false, now, &mut no_progress()).unwrap_err();
        assert_eq!(err.code(), tend::ErrorCode::Import, "{err}");
        assert!(err.to_string().contains(why), "{err}");
        assert!(!data.exists() || people_in(&data) == 0);
    }
}

#[test]
fn the_backup_fixture_of_format_1_still_restores() {
    let file = Path::new("tests/fixtures/backup-format-1.tendbackup");
    let dir = TempDir::new().unwrap();
    let data = dir.path().join("data");
    let manifest =
        Tend::restore_backup(&data, file, false, tend::clock::now(), &mut no_progress()).unwrap();
    assert_eq!(manifest.format_version, 1);
    let tend = Tend::open(&data).unwrap();
    assert_eq!(
        tend.participants().unwrap().len() as u32,
        manifest.counts.people
    );
    assert_eq!(manifest.counts.people, 60);
    assert_eq!(manifest.counts.marks, 3376);
    let agnieszka = tend.participant_named("Agnieszka Kowalska").unwrap();
    assert_eq!(agnieszka.details.date_of_birth, Some(date(1953, 1, 20)));
}

#[test]
fn the_demo_is_the_same_every_time_for_the_same_day() {
    let a = serde_json::to_string(&demo_snapshot(date(2026, 11, 22))).unwrap();
    let b = serde_json::to_string(&demo_snapshot(date(2026, 11, 22))).unwrap();
    assert_eq!(a, b);
}

#[test]
fn a_folder_that_will_not_open_is_restored_from_the_newest_good_backup_and_kept_aside() {
    let root = TempDir::new().unwrap();
    let data = root.path().join("data");
    let now = tend::clock::now();
    {
        let tend = Tend::open(&data).unwrap();
        tend.load_demo(date(2026, 11, 22), false).unwrap();
        tend.automatic_backup("while working", now).unwrap();
        // A newer one that is damaged is passed over.
        let newer = tend
            .automatic_backup("while working", now + chrono::Duration::minutes(30))
            .unwrap()
            .unwrap();
        let bytes = std::fs::read(&newer.path).unwrap();
        std::fs::write(&newer.path, &bytes[..bytes.len() - 40]).unwrap();
    }
    std::fs::write(data.join("conf"), b"this is not sled's configuration").unwrap();
    assert!(Tend::open(&data).is_err(), "the folder should not open");

    let newest = tend::service::newest_good_backup(&data, None)
        .unwrap()
        .unwrap();
    assert_eq!(newest.manifest.made_at, now);
    Tend::restore_backup(&data, &newest.path, true, now, &mut no_progress()).unwrap();
    assert_eq!(people_in(&data), 60);
    let aside: Vec<String> = std::fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("data.would-not-open-"))
        .collect();
    assert_eq!(
        aside.len(),
        1,
        "the folder that would not open is kept whole"
    );
}

/// Whether `text` appears anywhere in the raw bytes of the files in `dir`.
fn on_disk(dir: &Path, text: &str) -> bool {
    let needle = text.as_bytes();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if std::fs::read(&path)
                .unwrap()
                .windows(needle.len())
                .any(|w| w == needle)
            {
                return true;
            }
        }
    }
    false
}

#[test]
fn after_leaving_the_demo_and_compacting_no_demo_name_is_left_on_disk() {
    let root = TempDir::new().unwrap();
    let data = root.path().join("data");
    let now = tend::clock::now();
    {
        let tend = Tend::open(&data).unwrap();
        tend.load_demo(date(2026, 11, 22), false).unwrap();
        tend.leave_demo().unwrap();
        assert!(tend.participants().unwrap().is_empty());
        assert!(tend.compaction_due(now).unwrap());
    }
    // Removed, but sled still holds the old values in its segments.
    assert!(
        on_disk(&data, "Zo\u{eb} N\u{ed} Bhriain"),
        "expected the old segments to hold the name"
    );
    Tend::compact(&data, now).unwrap();
    assert!(!on_disk(&data, "Zo\u{eb} N\u{ed} Bhriain"));
    assert!(!on_disk(&data, "07700 900"), "no demo phone number either");
    let tend = Tend::open(&data).unwrap();
    assert!(
        !tend
            .compaction_due(now + chrono::Duration::days(29))
            .unwrap()
    );
    assert!(
        tend.compaction_due(now + chrono::Duration::days(30))
            .unwrap()
    );
    assert!(tend.participants().unwrap().is_empty());
}

#[test]
fn compacting_keeps_everything_held() {
    let (dir, tend) = demo_with_extras();
    let now = tend::clock::now();
    let before = tend.export(now).unwrap();
    drop(tend);
    Tend::compact(dir.path(), now).unwrap();
    let after = Tend::open(dir.path()).unwrap();
    assert_same(&after.export(now).unwrap(), &before);
    assert!(after.is_demo().unwrap(), "meta values come across too");
}

/// Exports written by the Tend of each schema, this one's included (its
/// demo, exported by that build), still import whole, and what they hold works.
#[test]
fn exports_from_every_schema_still_import() {
    use std::io::Read;
    let now = tend::clock::now();
    for schema in 2..=tend::store::SCHEMA_VERSION {
        let path = format!("tests/fixtures/export-schema-{schema}.json.gz");
        let mut text = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&path).unwrap())
            .read_to_string(&mut text)
            .unwrap();
        let held: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(held["schema_version"], schema, "{path}");
        let count = |field: &str| held[field].as_array().map_or(0, Vec::len) as u32;

        let dir = TempDir::new().unwrap();
        let file = dir.path().join("export.json");
        std::fs::write(&file, &text).unwrap();
        let data = dir.path().join("data");
        let loaded = Tend::import_export(&data, &file, false, now, &mut no_progress())
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(loaded.people, count("participants"), "{path}");
        assert_eq!(loaded.marks, count("attendance"), "{path}");
        assert_eq!(loaded.referrals, count("referrals"), "{path}");
        assert_eq!(loaded.letters, count("letters"), "{path}");
        assert_eq!(loaded.rota, count("rota"), "{path}");
        assert_eq!(loaded.access_requests, count("access_requests"), "{path}");

        let tend = Tend::open(&data).unwrap();
        assert_eq!(
            tend.organisation().unwrap().unwrap().name,
            "Abermill Wellbeing Walks & Gardens"
        );
        let first = &held["participants"][0]["full_name"];
        let found = tend.participant_named(first.as_str().unwrap()).unwrap();
        assert_eq!(found.details.full_name, first.as_str().unwrap(), "{path}");
        tend.letters_due(tend::clock::today()).unwrap();
        tend.stopped_coming(tend::clock::today()).unwrap();
        // Exports before schema 12 list marks by session, not by person:
        // every mark still reaches its person's history.
        let mut in_file: Vec<String> = held["attendance"]
            .as_array()
            .map(|marks| {
                marks
                    .iter()
                    .map(|m| format!("{} {} {}", m["session"], m["participant"], m["mark"]))
                    .collect()
            })
            .unwrap_or_default();
        let mut held_now: Vec<String> = tend
            .export(now)
            .unwrap()
            .attendance
            .iter()
            .map(|m| {
                let m = serde_json::to_value(m).unwrap();
                format!("{} {} {}", m["session"], m["participant"], m["mark"])
            })
            .collect();
        in_file.sort();
        held_now.sort();
        assert_eq!(held_now, in_file, "{path}");
        if let Some(mark) = held["attendance"].get(0) {
            let person: tend::domain::ParticipantId =
                serde_json::from_value(mark["participant"].clone()).unwrap();
            let theirs = held["attendance"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|m| m["participant"] == mark["participant"])
                .count();
            assert_eq!(
                tend.participant_record(person).unwrap().attendance.len(),
                theirs,
                "{path}"
            );
        }
    }
}

#[test]
fn the_demo_restored_from_a_backup_or_an_export_can_still_be_left() {
    let (dir, tend) = open_temp();
    tend.load_demo(date(2026, 11, 22), false).unwrap();
    assert!(tend.is_demo().unwrap());
    let now = tend::clock::now();
    let backup = dir.path().join("demo.tendbackup");
    tend.back_up(&backup, now).unwrap();
    let export = dir.path().join("demo.json");
    tend.export_to(&export, now).unwrap();
    assert!(tend.export(now).unwrap().demo);

    let target = TempDir::new().unwrap();
    let restored = target.path().join("restored");
    Tend::restore_backup(&restored, &backup, false, now, &mut no_progress()).unwrap();
    assert!(Tend::open(&restored).unwrap().is_demo().unwrap());
    let imported = target.path().join("imported");
    Tend::import_export(&imported, &export, false, now, &mut no_progress()).unwrap();
    let imported = Tend::open(&imported).unwrap();
    assert!(imported.is_demo().unwrap());
    imported.leave_demo().unwrap();
    assert!(!imported.is_demo().unwrap());
    assert!(imported.participants().unwrap().is_empty());
}

/// The window's NHS numbers are checked as they are saved; one in an
/// export file (edited by hand, say) is checked as the file is loaded, and
/// the load is refused whole.
#[test]
fn an_export_with_a_mistyped_nhs_number_is_refused() {
    let (dir, tend) = open_temp();
    tend.load_demo(date(2026, 11, 22), false).unwrap();
    let now = tend::clock::now();
    let export = dir.path().join("demo.json");
    tend.export_to(&export, now).unwrap();
    drop(tend);
    let mut held: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&export).unwrap()).unwrap();
    let people = held["participants"].as_array_mut().unwrap();
    let numbered = people
        .iter_mut()
        .find(|p| p["nhs_number"].is_string())
        .expect("the demo has NHS numbers");
    numbered["nhs_number"] = "943 476 5918".into();
    std::fs::write(&export, held.to_string()).unwrap();

    let into = dir.path().join("loaded");
    let err = Tend::import_export(&into, &export, false, now, &mut no_progress()).unwrap_err();
    assert_eq!(err.code(), tend::ErrorCode::Import, "{err}");
    assert!(err.to_string().contains("NHS number"), "{err}");
    let after = Tend::open(&into).unwrap();
    assert!(after.is_empty().unwrap(), "nothing of the file was kept");
}

/// A data folder written by the Tend of each schema (its demo, made by
/// that build and packed with `tar`) opens with this one, is brought up to
/// the current schema with a backup of it as it was, and then holds what
/// the export the same build wrote holds.
#[test]
fn data_folders_from_every_schema_open_and_hold_what_their_export_holds() {
    use std::io::Read;
    let now = tend::clock::now();
    for schema in 2..=tend::store::SCHEMA_VERSION {
        let fixture = format!("tests/fixtures/store-schema-{schema}.tar.gz");
        let dir = TempDir::new().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        let (unpacked, _, err) =
            crate::support::run("tar", &["-xzf", &fixture, "-C", data.to_str().unwrap()]);
        assert!(unpacked, "{fixture}: {err}");

        let mut text = String::new();
        let export = format!("tests/fixtures/export-schema-{schema}.json.gz");
        flate2::read::GzDecoder::new(std::fs::File::open(&export).unwrap())
            .read_to_string(&mut text)
            .unwrap();
        let held: serde_json::Value = serde_json::from_str(&text).unwrap();
        let count = |field: &str| held[field].as_array().map_or(0, Vec::len);

        let tend = Tend::open_upgrading(&data, now).unwrap_or_else(|e| panic!("{fixture}: {e}"));
        let snapshot = tend.export(now).unwrap();
        assert_eq!(
            snapshot.schema_version,
            tend::store::SCHEMA_VERSION,
            "{fixture}"
        );
        assert_eq!(
            snapshot.participants.len(),
            count("participants"),
            "{fixture}"
        );
        assert_eq!(snapshot.attendance.len(), count("attendance"), "{fixture}");
        assert_eq!(snapshot.referrals.len(), count("referrals"), "{fixture}");
        assert_eq!(snapshot.letters.len(), count("letters"), "{fixture}");
        assert_eq!(snapshot.rota.len(), count("rota"), "{fixture}");
        assert_eq!(
            snapshot.access_requests.len(),
            count("access_requests"),
            "{fixture}"
        );
        assert_eq!(
            tend.organisation().unwrap().unwrap().name,
            "Abermill Wellbeing Walks & Gardens"
        );
        let first = held["participants"][0]["full_name"].as_str().unwrap();
        assert_eq!(
            tend.participant_named(first).unwrap().details.full_name,
            first,
            "{fixture}"
        );
        // Each outcome measure is found on its person's record.
        for outcome in held["outcomes"].as_array().into_iter().flatten() {
            let person: tend::domain::ParticipantId =
                serde_json::from_value(outcome["participant"].clone()).unwrap();
            let theirs = tend.outcomes_for(person).unwrap();
            assert!(
                theirs.iter().any(|o| o.id.to_string() == outcome["id"]),
                "{fixture}: outcome {} is not on its person's record",
                outcome["id"]
            );
        }
        tend.letters_due(tend::clock::today()).unwrap();
        tend.stopped_coming(tend::clock::today()).unwrap();
        if schema < tend::store::SCHEMA_VERSION {
            let kept = tend.automatic_backups().unwrap();
            assert!(
                kept.iter().any(|b| b.manifest.schema_version == schema),
                "{fixture}: no backup of the data as it was before the upgrade"
            );
        }
    }
}
