//! The UI's TypeScript types are generated from the Rust types the commands
//! take and return, into `ui/src/lib/bindings/` (committed).
//!
//! `cargo test -p tend-desktop bindings` fails when they are stale;
//! `UPDATE_BINDINGS=1 cargo test -p tend-desktop bindings` rewrites them.

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    use ts_rs::{Config, TS};

    use crate::commands::{
        AppStatus, CancelSession, DateRange, Enrol, GenerateSessions, MarkRequest, MoveSession,
        NewParticipant, RegisterRequest, WalkInRequest,
    };
    use crate::error::CommandError;

    fn export_all(dir: &Path) {
        let cfg = Config::new().with_out_dir(dir);
        AppStatus::export_all(&cfg).unwrap();
        crate::commands::encryption::EncryptionStatus::export_all(&cfg).unwrap();
        CommandError::export_all(&cfg).unwrap();
        Enrol::export_all(&cfg).unwrap();
        GenerateSessions::export_all(&cfg).unwrap();
        MarkRequest::export_all(&cfg).unwrap();
        NewParticipant::export_all(&cfg).unwrap();
        WalkInRequest::export_all(&cfg).unwrap();
        tend::service::WalkIn::export_all(&cfg).unwrap();
        RegisterRequest::export_all(&cfg).unwrap();
        CancelSession::export_all(&cfg).unwrap();
        MoveSession::export_all(&cfg).unwrap();
        DateRange::export_all(&cfg).unwrap();
        crate::commands::import::ImportPreview::export_all(&cfg).unwrap();
        crate::commands::import::ImportRequest::export_all(&cfg).unwrap();
        tend::domain::Settings::export_all(&cfg).unwrap();
        tend::domain::Role::export_all(&cfg).unwrap();
        tend::domain::Referrer::export_all(&cfg).unwrap();
        tend::domain::ReferrerDetails::export_all(&cfg).unwrap();
        tend::domain::Referral::export_all(&cfg).unwrap();
        tend::service::NewReferral::export_all(&cfg).unwrap();
        tend::service::StatusUpdate::export_all(&cfg).unwrap();
        tend::service::ReferralSummary::export_all(&cfg).unwrap();
        tend::service::DueLetter::export_all(&cfg).unwrap();
        tend::service::LetterSummary::export_all(&cfg).unwrap();
        crate::commands::letters::PrintedLetters::export_all(&cfg).unwrap();
        tend::service::StoppedComing::export_all(&cfg).unwrap();
        tend::service::ParticipantRecord::export_all(&cfg).unwrap();
        tend::service::ImportReport::export_all(&cfg).unwrap();
        tend::domain::Organisation::export_all(&cfg).unwrap();
        tend::domain::Activity::export_all(&cfg).unwrap();
        tend::domain::ActivityDetails::export_all(&cfg).unwrap();
        tend::domain::Participant::export_all(&cfg).unwrap();
        tend::domain::AttendanceMark::export_all(&cfg).unwrap();
        tend::service::SessionRegister::export_all(&cfg).unwrap();
        tend::service::SessionSummary::export_all(&cfg).unwrap();
        tend::domain::Volunteer::export_all(&cfg).unwrap();
        tend::domain::VolunteerDetails::export_all(&cfg).unwrap();
        tend::domain::RotaAssignment::export_all(&cfg).unwrap();
        tend::service::RotaPeriod::export_all(&cfg).unwrap();
        tend::service::Candidate::export_all(&cfg).unwrap();
        tend::service::Assignment::export_all(&cfg).unwrap();
        tend::service::GapProposal::export_all(&cfg).unwrap();
        crate::commands::rota::HomeAlerts::export_all(&cfg).unwrap();
        crate::commands::people::PeopleQuery::export_all(&cfg).unwrap();
        crate::commands::people::LookAlikeQuery::export_all(&cfg).unwrap();
        crate::commands::people::UpdateParticipant::export_all(&cfg).unwrap();
        crate::commands::people::MergePeople::export_all(&cfg).unwrap();
        tend::service::PeoplePage::export_all(&cfg).unwrap();
        tend::service::LookAlike::export_all(&cfg).unwrap();
        tend::service::MergeReport::export_all(&cfg).unwrap();
        tend::service::ConsentChange::export_all(&cfg).unwrap();
        tend::service::MarksAllowed::export_all(&cfg).unwrap();
        tend::service::BackupStatus::export_all(&cfg).unwrap();
        tend::service::BackupMade::export_all(&cfg).unwrap();
    }

    fn read_dir(dir: &Path) -> BTreeMap<String, String> {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "ts"))
                    .map(|e| {
                        let name = e.file_name().to_string_lossy().into_owned();
                        (name, std::fs::read_to_string(e.path()).unwrap())
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn bindings_are_up_to_date() {
        let committed: PathBuf = [
            env!("CARGO_MANIFEST_DIR"),
            "..",
            "ui",
            "src",
            "lib",
            "bindings",
        ]
        .iter()
        .collect();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            if committed.exists() {
                std::fs::remove_dir_all(&committed).unwrap();
            }
            export_all(&committed);
        }
        let fresh = tempfile::tempdir().unwrap();
        export_all(fresh.path());
        assert_eq!(
            read_dir(&committed),
            read_dir(fresh.path()),
            "ui/src/lib/bindings is stale: run UPDATE_BINDINGS=1 cargo test -p tend-desktop bindings"
        );
    }
}
