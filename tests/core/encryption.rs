//! Encryption at rest: once it is on, nothing a person typed can be read
//! from the data folder or its backups; only the passphrase or the
//! recovery key opens them, and a wrong one changes nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

use tend::Tend;
use tend::service::{DataDir, EncryptionPlan};
use tend::store::{KdfCost, MasterKey, Unlock};
use zeroize::Zeroizing;

use crate::support::{
    checked_pdf_text, cli_demo, copy_folder, every_file, holds, last_tuesday, mark_args,
    tend_killed_after,
};

const TEND: &str = env!("CARGO_BIN_EXE_tend");
const PASSPHRASE: &str = "walks by the canal on tuesdays";

/// `tend --data DIR …` with the passphrase (or recovery key) in a file
/// named by `variable`: (success, stdout, stderr).
fn tend_with(data: &Path, secret: Option<(&str, &Path)>, args: &[&str]) -> (bool, String, String) {
    let mut command = Command::new(TEND);
    command.arg("--data").arg(data).args(args);
    command.env_remove("TEND_PASSPHRASE_FILE");
    command.env_remove("TEND_RECOVERY_KEY_FILE");
    if let Some((variable, file)) = secret {
        command.env(variable, file);
    }
    let out = command.output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn secret_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("{text}\n")).unwrap();
    path
}

fn backups_of(data: &Path) -> PathBuf {
    tend::service::automatic_backups_dir(data)
}

/// Encrypts `data` in the core, cheaply (the cost is not what is tested).
fn encrypt(data: &Path) -> (MasterKey, Zeroizing<String>) {
    let plan = EncryptionPlan::new(PASSPHRASE, PASSPHRASE, KdfCost::CHEAP).unwrap();
    let recovery = Zeroizing::new(plan.recovery_key().to_owned());
    let key = Tend::encrypt(data, plan, tend::clock::now()).unwrap();
    (key, recovery)
}

#[test]
fn once_encrypted_no_name_nhs_number_or_phone_is_left_in_the_folder_or_its_backups() {
    let (_dir, data) = cli_demo();
    let before = Tend::open(&data).unwrap();
    let people = before.participants().unwrap();
    let held = before.export(tend::clock::now()).unwrap();
    // An automatic backup of the plain data, as Tend makes while working.
    before
        .automatic_backup("while working", tend::clock::now())
        .unwrap();
    drop(before);
    let mut secrets: Vec<String> = Vec::new();
    for p in &people {
        secrets.push(p.details.full_name.clone());
        if let Some(family) = p
            .details
            .full_name
            .split_whitespace()
            .last()
            .filter(|w| w.len() >= 5)
        {
            secrets.push(family.to_owned());
        }
        if let Some(nhs) = &p.details.nhs_number {
            secrets.push(nhs.spaced().replace(" ", ""));
        }
        if p.details.phone.len() >= 6 {
            secrets.push(p.details.phone.clone());
        }
        if p.details.postcode.len() >= 5 {
            secrets.push(p.details.postcode.clone());
        }
    }
    secrets.sort();
    secrets.dedup();
    let finder = aho_corasick::AhoCorasick::new(&secrets).unwrap();
    let found_in = |folders: &[PathBuf]| {
        let mut found = std::collections::BTreeMap::new();
        for (path, bytes) in every_file(folders) {
            for hit in finder.find_overlapping_iter(&bytes) {
                found.insert(secrets[hit.pattern().as_usize()].clone(), path.clone());
            }
        }
        found
    };
    let folders = [data.clone(), backups_of(&data)];
    assert_eq!(
        found_in(&folders).len(),
        secrets.len(),
        "the plain folder should hold every secret this test looks for"
    );

    let (key, _) = encrypt(&data);

    assert_eq!(found_in(&folders), Default::default());
    // Everything is still there, behind the key.
    let after = Tend::open(DataDir::keyed(&data, Some(&key))).unwrap();
    assert!(after.is_encrypted());
    let now = after.export(tend::clock::now()).unwrap();
    assert_eq!(now.participants, held.participants);
    assert_eq!(now.attendance.len(), held.attendance.len());
    assert_eq!(now.letters, held.letters);
    // The plain automatic backup is gone; the one made in its place is encrypted.
    let backups = after.automatic_backups().unwrap();
    assert_eq!(backups.len(), 1);
    assert!(
        tend::store::backup_keys(&backups[0].path)
            .unwrap()
            .is_some()
    );
    // A tick waits in the journal sealed like every stored value: not even
    // its ids are there to read.
    let marked = &held.attendance[0];
    after
        .record_attendance(
            marked.session,
            marked.participant,
            tend::domain::Mark::Apologies,
            tend::clock::now(),
            tend::clock::today(),
        )
        .unwrap();
    let journal = std::fs::read(data.join("tend-ticks")).unwrap();
    assert!(
        crate::support::journal_holds_a_tick(&journal),
        "the tick is in the journal"
    );
    for id in [marked.session.as_bytes(), marked.participant.as_bytes()] {
        assert!(!journal.windows(16).any(|w| w == id.as_slice()));
    }
}

#[test]
fn a_wrong_missing_or_empty_passphrase_is_refused_and_changes_nothing() {
    let (dir, data) = cli_demo();
    let (_key, _) = encrypt(&data);
    let files_before = every_file(std::slice::from_ref(&data));
    let wrong = secret_file(dir.path(), "wrong", "walks by the canal on Tuesdays");
    let empty = secret_file(dir.path(), "empty", "");
    let typo = secret_file(
        dir.path(),
        "typo",
        "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH-JJJJ",
    );
    for secret in [
        None,
        Some(("TEND_PASSPHRASE_FILE", wrong.as_path())),
        Some(("TEND_PASSPHRASE_FILE", empty.as_path())),
        Some(("TEND_RECOVERY_KEY_FILE", typo.as_path())),
    ] {
        let (ok, out, err) = tend_with(&data, secret, &["people"]);
        assert!(!ok);
        assert_eq!(out, "");
        assert_eq!(err, "tend: That passphrase does not open this data.\n");
    }
    assert_eq!(every_file(std::slice::from_ref(&data)), files_before);
}

#[test]
fn the_command_line_encrypts_and_writes_the_emergency_sheet_whose_key_opens_the_data() {
    let (dir, data) = cli_demo();
    let passphrase = secret_file(dir.path(), "passphrase", PASSPHRASE);
    let sheet = dir.path().join("Emergency sheet.pdf");
    let (ok, out, err) = tend_with(
        &data,
        Some(("TEND_PASSPHRASE_FILE", &passphrase)),
        &["encrypt", "--sheet", sheet.to_str().unwrap()],
    );
    assert!(ok, "{err}");
    assert!(out.contains("Encrypted the data in"), "{out}");
    assert!(out.contains("Emergency sheet"), "{out}");

    let text = checked_pdf_text(&sheet);
    assert!(text.contains("Tend Emergency sheet"), "{text}");
    assert!(text.contains("Abermill Wellbeing Walks"), "{text}");
    // The key is printed as nine groups of four, three to a line.
    let groups: Vec<&str> = text
        .lines()
        .filter(|line| line.contains(" - "))
        .flat_map(|line| line.split(" - ").map(str::trim))
        .collect();
    assert_eq!(groups.len(), 9, "{text}");
    let recovery = groups[..9].join("-");
    let recovery_file = secret_file(dir.path(), "recovery", &recovery.to_lowercase());

    // Every command needs the passphrase now; the recovery key does as well.
    let date = last_tuesday();
    let (ok, out, err) = tend_with(
        &data,
        Some(("TEND_PASSPHRASE_FILE", &passphrase)),
        &mark_args(&date, "Aisha Okafor", "present"),
    );
    assert!(ok, "{err}");
    assert_eq!(out, "saved\n");
    let (ok, out, err) = tend_with(
        &data,
        Some(("TEND_RECOVERY_KEY_FILE", &recovery_file)),
        &["people", "--find", "okafor"],
    );
    assert!(ok, "{err}");
    assert!(out.starts_with("Aisha Okafor"), "{out}");
    // Encrypting twice is refused.
    let (ok, _, err) = tend_with(
        &data,
        Some(("TEND_PASSPHRASE_FILE", &passphrase)),
        &["encrypt", "--sheet", sheet.to_str().unwrap()],
    );
    assert!(!ok);
    assert!(err.contains("already encrypted"), "{err}");
}

#[test]
fn an_encrypted_backup_opens_only_with_the_passphrase_or_recovery_key() {
    let (dir, data) = cli_demo();
    let (key, recovery) = encrypt(&data);
    let tend = Tend::open(DataDir::keyed(&data, Some(&key))).unwrap();
    let people = tend.participants().unwrap();
    let file = dir.path().join("stick.tendbackup");
    let made = tend.back_up(&file, tend::clock::now()).unwrap();
    drop(tend);
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"TEND-BACKUP\n"));
    assert!(holds(&bytes, "age-encryption.org/v1"));
    for p in &people {
        assert!(
            !holds(&bytes, &p.details.full_name),
            "{}",
            p.details.full_name
        );
    }
    // What it holds can be listed without a key; its contents cannot be read.
    assert_eq!(tend::store::read_manifest(&file).unwrap(), made);
    let (ok, _, err) = tend_with(&data, None, &["verify-backup", file.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("This backup is encrypted"), "{err}");
    let passphrase = secret_file(dir.path(), "passphrase", PASSPHRASE);
    let (ok, out, err) = tend_with(
        &data,
        Some(("TEND_PASSPHRASE_FILE", &passphrase)),
        &["verify-backup", file.to_str().unwrap()],
    );
    assert!(ok, "{err}");
    assert!(out.ends_with("backup ok\n"), "{out}");

    // On another computer: restored with the recovery key into a new
    // folder, which is encrypted with the backup's keys.
    let elsewhere = dir.path().join("elsewhere");
    let unlock = Unlock::RecoveryKey(recovery.clone());
    let backup_key = tend::service::unlock_backup(&file, None, || Ok(Some(unlock)))
        .unwrap()
        .unwrap();
    Tend::restore_backup_with(
        DataDir::keyed(&elsewhere, None),
        &file,
        Some(&backup_key),
        false,
        tend::clock::now(),
        &mut |_, _| {},
    )
    .unwrap();
    assert!(tend::service::is_encrypted(&elsewhere));
    assert!(Tend::open(&elsewhere).is_err());
    let key = tend::service::unlock(
        &elsewhere,
        &Unlock::Passphrase(PASSPHRASE.to_owned().into()),
    )
    .unwrap();
    let restored = Tend::open(DataDir::keyed(&elsewhere, Some(&key))).unwrap();
    assert_eq!(restored.participants().unwrap(), people);
}

#[test]
fn a_new_passphrase_opens_the_data_and_the_old_one_no_longer_does() {
    let (dir, data) = cli_demo();
    let (key, recovery) = encrypt(&data);
    let tend = Tend::open(DataDir::keyed(&data, Some(&key))).unwrap();
    let refused = tend
        .change_passphrase(
            "not the passphrase",
            "a new long passphrase",
            "a new long passphrase",
        )
        .unwrap_err();
    assert_eq!(refused.field(), Some("current_passphrase"));
    let refused = tend
        .change_passphrase(PASSPHRASE, "a new long passphrase", "a new long passphrasE")
        .unwrap_err();
    assert_eq!(refused.field(), Some("again"));
    tend.change_passphrase(PASSPHRASE, "a new long passphrase", "a new long passphrase")
        .unwrap();
    drop(tend);
    let old = secret_file(dir.path(), "old", PASSPHRASE);
    let new = secret_file(dir.path(), "new", "a new long passphrase");
    let recovery = secret_file(dir.path(), "recovery", &recovery);
    assert!(!tend_with(&data, Some(("TEND_PASSPHRASE_FILE", &old)), &["people"]).0);
    assert!(tend_with(&data, Some(("TEND_PASSPHRASE_FILE", &new)), &["people"]).0);
    assert!(
        tend_with(
            &data,
            Some(("TEND_RECOVERY_KEY_FILE", &recovery)),
            &["people"]
        )
        .0
    );
}

#[test]
fn this_computers_keychain_key_opens_the_data_only_once_kept_and_until_turned_off() {
    let (_dir, data) = cli_demo();
    let (key, _) = encrypt(&data);
    let keys_file = data.join("tend-keys.json");
    let tend = Tend::open(DataDir::keyed(&data, Some(&key))).unwrap();

    // A keychain that refuses: the keys are left exactly as they were.
    let before = std::fs::read(&keys_file).unwrap();
    let refused = tend
        .unlock_automatically(&key, |_, _| {
            Err(tend::Error::Conflict("No keychain here.".into()))
        })
        .unwrap_err();
    assert!(refused.to_string().contains("No keychain here."));
    assert_eq!(std::fs::read(&keys_file).unwrap(), before);
    assert_eq!(tend::service::this_computer_entry(&data).unwrap(), None);

    // One that keeps it: the kept key alone opens the data.
    let mut kept = None;
    let earlier = tend
        .unlock_automatically(&key, |entry, given| {
            kept = Some((entry.to_owned(), given.duplicate()));
            Ok(())
        })
        .unwrap();
    assert_eq!(earlier, None);
    let (entry, computer_key) = kept.unwrap();
    assert_eq!(
        tend::service::this_computer_entry(&data)
            .unwrap()
            .as_deref(),
        Some(entry.as_str())
    );
    let keys_text = std::fs::read_to_string(&keys_file).unwrap();
    assert!(!keys_text.contains(&hex(computer_key.bytes())));
    let opened =
        tend::service::unlock(&data, &Unlock::ThisComputer(computer_key.duplicate())).unwrap();
    assert_eq!(opened.bytes(), key.bytes());

    // Turned off: the entry is given back to be removed, and the key no
    // longer opens anything; the passphrase still does.
    assert_eq!(tend.stop_unlocking_automatically().unwrap(), Some(entry));
    assert_eq!(tend::service::this_computer_entry(&data).unwrap(), None);
    assert!(tend::service::unlock(&data, &Unlock::ThisComputer(computer_key)).is_err());
    assert!(
        tend::service::unlock(
            &data,
            &Unlock::Passphrase(Zeroizing::new(PASSPHRASE.into()))
        )
        .is_ok()
    );
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn a_short_or_mistyped_new_passphrase_is_refused_with_its_field() {
    let short = EncryptionPlan::new("too short", "too short", KdfCost::CHEAP)
        .err()
        .unwrap();
    assert_eq!(short.field(), Some("passphrase"));
    let differ = EncryptionPlan::new(PASSPHRASE, "walks by the canal", KdfCost::CHEAP)
        .err()
        .unwrap();
    assert_eq!(differ.field(), Some("again"));
    let plan = EncryptionPlan::new(PASSPHRASE, PASSPHRASE, KdfCost::CHEAP).unwrap();
    let group = plan
        .recovery_key()
        .split('-')
        .nth(plan.check_group() - 1)
        .unwrap()
        .to_owned();
    assert!(plan.confirms(&group.to_lowercase()));
    assert!(!plan.confirms(""));
    assert!(!plan.confirms("ZZZZ"));
}

#[test]
fn compacting_encrypted_data_seals_it_under_a_new_data_key() {
    let (_dir, data) = cli_demo();
    let (key, _) = encrypt(&data);
    let keys_before = std::fs::read_to_string(data.join("tend-keys.json")).unwrap();
    let held = Tend::open(DataDir::keyed(&data, Some(&key)))
        .unwrap()
        .participants()
        .unwrap();
    Tend::compact(DataDir::keyed(&data, Some(&key)), tend::clock::now()).unwrap();
    let keys_after = std::fs::read_to_string(data.join("tend-keys.json")).unwrap();
    let data_key =
        |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap()["data_key"].clone();
    assert_ne!(data_key(&keys_before), data_key(&keys_after));
    let tend = Tend::open(DataDir::keyed(&data, Some(&key))).unwrap();
    assert_eq!(tend.participants().unwrap(), held);
}

#[test]
fn encryption_killed_at_any_moment_leaves_the_data_plain_or_encrypted_and_whole() {
    let (dir, data) = cli_demo();
    let people = Tend::open(&data).unwrap().participants().unwrap();
    let passphrase = secret_file(dir.path(), "passphrase", PASSPHRASE);
    let sheet = dir.path().join("sheet.pdf");
    let pristine = dir.path().join("pristine");
    copy_folder(&data, &pristine);
    let encrypt_args = ["encrypt", "--sheet", sheet.to_str().unwrap()];

    // How long a whole encryption takes here, to kill within it.
    let started = std::time::Instant::now();
    assert!(
        tend_with(
            &data,
            Some(("TEND_PASSPHRASE_FILE", &passphrase)),
            &encrypt_args
        )
        .0
    );
    let whole = started.elapsed();

    let (mut plain, mut encrypted) = (0, 0);
    for attempt in 0..40u32 {
        if attempt >= 12 && plain > 0 && encrypted > 0 {
            break;
        }
        let _ = std::fs::remove_dir_all(&data);
        let _ = std::fs::remove_dir_all(backups_of(&data));
        copy_folder(&pristine, &data);
        tend_killed_after(
            &data,
            &encrypt_args,
            &[("TEND_PASSPHRASE_FILE", &passphrase)],
            whole.mul_f64(f64::from(attempt) / 8.0),
        );

        let tend = if tend::service::is_encrypted(&data) {
            encrypted += 1;
            let key =
                tend::service::unlock(&data, &Unlock::Passphrase(PASSPHRASE.to_owned().into()))
                    .unwrap();
            Tend::open(DataDir::keyed(&data, Some(&key))).unwrap()
        } else {
            plain += 1;
            Tend::open(&data).unwrap()
        };
        assert_eq!(tend.participants().unwrap(), people, "attempt {attempt}");
    }
    assert!(
        plain > 0 && encrypted > 0,
        "plain {plain}, encrypted {encrypted}"
    );
}

#[test]
fn another_datas_encrypted_backup_restores_over_encrypted_data_which_keeps_its_own_passphrase() {
    let (_one, ours) = cli_demo();
    let (ours_key, _) = encrypt(&ours);
    let (dir, theirs) = cli_demo();
    let plan = EncryptionPlan::new(
        "their own passphrase",
        "their own passphrase",
        KdfCost::CHEAP,
    )
    .unwrap();
    let their_key = Tend::encrypt(&theirs, plan, tend::clock::now()).unwrap();
    let file = dir.path().join("theirs.tendbackup");
    let their_tend = Tend::open(DataDir::keyed(&theirs, Some(&their_key))).unwrap();
    their_tend.back_up(&file, tend::clock::now()).unwrap();
    let their_people = their_tend.participants().unwrap();
    drop(their_tend);

    // Our key does not open their backup: it is asked for.
    let asked = tend::service::unlock_backup(&file, Some(&ours_key), || Ok(None));
    assert!(matches!(
        asked,
        Err(tend::Error::Store(tend::store::StoreError::BackupLocked))
    ));
    let wrong = tend::service::unlock_backup(&file, Some(&ours_key), || {
        Ok(Some(Unlock::Passphrase(PASSPHRASE.to_owned().into())))
    });
    assert!(wrong.is_err());
    let key = tend::service::unlock_backup(&file, Some(&ours_key), || {
        Ok(Some(Unlock::Passphrase(
            "their own passphrase".to_owned().into(),
        )))
    })
    .unwrap();
    Tend::restore_backup_with(
        DataDir::keyed(&ours, Some(&ours_key)),
        &file,
        key.as_ref(),
        true,
        tend::clock::now(),
        &mut |_, _| {},
    )
    .unwrap();
    let ours_again =
        tend::service::unlock(&ours, &Unlock::Passphrase(PASSPHRASE.to_owned().into())).unwrap();
    let restored = Tend::open(DataDir::keyed(&ours, Some(&ours_again))).unwrap();
    assert_eq!(restored.participants().unwrap(), their_people);
}

#[test]
fn a_new_folder_can_start_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("new");
    let (key, _) = encrypt(&data);
    let tend = Tend::open(DataDir::keyed(&data, Some(&key))).unwrap();
    tend.add_participant(
        crate::support::person("Eirlys Pritchard"),
        tend::clock::today(),
        true,
    )
    .unwrap();
    drop(tend);
    for (path, bytes) in every_file(std::slice::from_ref(&data)) {
        assert!(!holds(&bytes, "Pritchard"), "{}", path.display());
    }
    assert!(Tend::open(&data).is_err());
}

/// An encrypted backup made by this build's command line (the demo,
/// passphrase "fixture passphrase for tend"): later builds must still open
/// it with that passphrase and with its recovery key, and restore it whole.
#[test]
fn the_pinned_encrypted_backup_opens_with_its_passphrase_or_recovery_key() {
    let file = Path::new("tests/fixtures/backup-format-2-encrypted.tendbackup");
    let dir = tempfile::tempdir().unwrap();
    let passphrase = secret_file(dir.path(), "passphrase", "fixture passphrase for tend");
    let recovery = secret_file(
        dir.path(),
        "recovery",
        "EQY2-4ZEF-G5KG-05EJ-5HZP-0J1D-CWVN-Z5PY-KEEE",
    );
    let data = dir.path().join("data");
    for secret in [
        ("TEND_PASSPHRASE_FILE", passphrase.as_path()),
        ("TEND_RECOVERY_KEY_FILE", recovery.as_path()),
    ] {
        let (ok, out, err) = tend_with(
            &data,
            Some(secret),
            &["verify-backup", file.to_str().unwrap()],
        );
        assert!(ok, "{err}");
        assert!(out.contains("60 people, 20 referrals"), "{out}");
        assert!(out.ends_with("backup ok\n"), "{out}");
    }
    let (ok, out, err) = tend_with(
        &data,
        Some(("TEND_PASSPHRASE_FILE", &passphrase)),
        &["restore", file.to_str().unwrap()],
    );
    assert!(ok, "{err}");
    assert!(out.starts_with("Restored 60 people"), "{out}");
    let (ok, out, err) = tend_with(
        &data,
        Some(("TEND_RECOVERY_KEY_FILE", &recovery)),
        &["people", "--find", "okafor"],
    );
    assert!(ok, "{err}");
    assert!(out.starts_with("Aisha Okafor"), "{out}");
}
