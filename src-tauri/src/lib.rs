//! The desktop shell: opens the data once, then hands each IPC command to the
//! core. The only crate that knows about Tauri and IPC.

mod commands;
mod error;
mod keychain;
mod state;

use tauri::{Manager, Runtime};

pub use error::{CommandError, CommandResult};
pub use state::AppState;

pub fn run() {
    commands::app::mark_started();
    let builder = tauri::Builder::default()
        // A second launch focuses the window that is already open.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(
            tauri_plugin_log::Builder::new()
                .level(log::LevelFilter::Info)
                .targets([
                    tauri_plugin_log::Target::new(tauri_plugin_log::TargetKind::LogDir {
                        file_name: None,
                    }),
                    tauri_plugin_log::Target::new(tauri_plugin_log::TargetKind::Stdout),
                ])
                .build(),
        )
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init());
    let app = match with_commands(builder, None).build(tauri::generate_context!()) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("Tend could not start: {e}");
            std::process::exit(1);
        }
    };
    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            back_up_if_changed(handle, true);
            compact_if_due(handle);
        }
    });
}

/// Opens the data and registers every command; generic so tests can use
/// Tauri's mock runtime. The data folder is `data_dir` when given (tests),
/// else `TEND_DATA_DIR` or the platform's app-data folder.
pub fn with_commands<R: Runtime>(
    builder: tauri::Builder<R>,
    data_dir: Option<std::path::PathBuf>,
) -> tauri::Builder<R> {
    builder
        .setup(move |app| {
            let state = AppState::open(app.handle(), data_dir);
            log::info!("Tend started; data folder open: {}", state.is_ready());
            app.manage(state);
            back_up_while_working(app.handle().clone());
            // Printouts older than a week are cleared (they name people).
            if let Some(folder) = commands::files::printouts_dir(app.handle()) {
                commands::files::prune_printouts(&folder, Some(commands::files::PRINTOUTS_KEPT));
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_status,
            commands::app::first_screen_shown,
            commands::organisation::get_organisation,
            commands::organisation::save_organisation,
            commands::demo::load_demo,
            commands::activities::list_activities,
            commands::activities::create_activity,
            commands::sessions::generate_sessions,
            commands::sessions::sessions_on_bank_holidays,
            commands::sessions::settle_bank_holiday_sessions,
            commands::sessions::list_sessions,
            commands::sessions::sessions_around_today,
            commands::people::add_participant,
            commands::people::enrol,
            commands::attendance::session_register,
            commands::attendance::record_attendance,
            commands::attendance::add_walk_in,
            commands::registers::save_sign_in_sheet,
            commands::registers::save_leader_copy,
            commands::registers::register_periods_offered,
            commands::registers::save_register,
            commands::sessions::cancel_session,
            commands::activities::update_activity,
            commands::activities::risk_assessments_due,
            commands::organisation::choose_logo,
            commands::organisation::remove_logo,
            commands::roles::list_roles,
            commands::roles::add_role,
            commands::sessions::move_session,
            commands::sessions::sessions_between,
            commands::settings::get_settings,
            commands::settings::save_settings,
            commands::settings::bank_holidays_ahead,
            commands::follow_up::stopped_coming,
            commands::people::participant_record,
            commands::people::leave_activity,
            commands::import::choose_import_file,
            commands::import::check_import,
            commands::import::run_import,
            commands::import::cancel_import,
            commands::referrals::list_referrers,
            commands::referrals::add_referrer,
            commands::referrals::update_referrer,
            commands::referrals::merge_referrers,
            commands::people::people_page,
            commands::people::look_alikes,
            commands::people::get_participant,
            commands::people::update_participant,
            commands::people::change_consent,
            commands::people::merge_people,
            commands::subject_access::save_subject_access,
            commands::subject_access::save_subject_access_json,
            commands::subject_access::record_access_request,
            commands::subject_access::extend_access_request,
            commands::subject_access::answer_access_request,
            commands::subject_access::access_requests,
            commands::subject_access::open_access_requests,
            commands::erasure::erase_person,
            commands::erasure::staff_roles,
            commands::people::demographic_choices,
            commands::buddies::buddy_sessions,
            commands::buddies::choose_buddy,
            commands::buddies::drop_buddy,
            commands::activity_log::activity_log,
            commands::activity_log::person_log,
            commands::activity_log::save_activity_log_csv,
            commands::reports::report_periods_offered,
            commands::reports::reports_screen,
            commands::reports::save_period_report,
            commands::reports::save_walk_return,
            commands::reports::save_minimum_dataset,
            commands::outcomes::record_outcome,
            commands::outcomes::outcomes_for,
            commands::outcomes::outcome_instruments,
            commands::outcomes::save_paper_form,
            commands::privacy_notice::privacy_notice_template,
            commands::privacy_notice::save_privacy_notice_template,
            commands::privacy_notice::reset_privacy_notice_template,
            commands::privacy_notice::preview_privacy_notice,
            commands::privacy_notice::save_privacy_notice,
            commands::retention::retention_review,
            commands::retention::confirm_retention,
            commands::retention::keep_past_retention,
            commands::demo::leave_demo,
            commands::attendance::find_in_session,
            commands::attendance::marks_allowed,
            commands::sessions::reinstate_session,
            commands::referrals::take_referral,
            commands::referrals::referral_list,
            commands::referrals::update_referral_status,
            commands::referrals::note_referral_progress,
            commands::letters::letters_due,
            commands::letters::print_due_letters,
            commands::letters::mark_printed_letters_sent,
            commands::letters::letter_template,
            commands::letters::letter_template_is_tends,
            commands::letters::save_letter_template,
            commands::letters::reset_letter_template,
            commands::letters::preview_letter_template,
            commands::letters::letter_placeholders,
            commands::letters::template_parts,
            commands::letters::letter_template_versions,
            commands::letters::restore_letter_template,
            commands::letters::participant_letters,
            commands::letters::reprint_letter,
            commands::rota::list_volunteers,
            commands::rota::usual_dbs_recheck,
            commands::rota::volunteer_safety_warnings,
            commands::rota::add_volunteer,
            commands::rota::update_volunteer,
            commands::rota::archive_volunteer,
            commands::roles::update_role,
            commands::rota::rota_month,
            commands::rota::rota_candidates,
            commands::rota::assign_volunteer,
            commands::rota::unassign_volunteer,
            commands::rota::fill_gaps,
            commands::rota::apply_gap_proposal,
            commands::rota::rota_this_week,
            commands::rota::save_rota_pdf,
            commands::rota::save_volunteer_calendar,
            commands::rota::home_alerts,
            commands::backups::backup_status,
            commands::backups::back_up_now,
            commands::backups::choose_backup,
            commands::backups::newest_automatic_backup,
            commands::backups::restore_chosen_backup,
            commands::backups::job_progress,
            commands::backups::open_chosen_backup,
            commands::encryption::encryption_status,
            commands::encryption::unlock,
            commands::encryption::unlock_with_this_computer,
            commands::encryption::set_unlock_automatically,
            commands::encryption::plan_encryption,
            commands::encryption::save_emergency_sheet,
            commands::encryption::finish_encryption,
            commands::encryption::cancel_encryption,
            commands::encryption::change_passphrase,
        ])
}

/// Every few minutes, an automatic backup if the data changed and the last
/// was half an hour ago (the core decides both).
fn back_up_while_working<R: Runtime>(app: tauri::AppHandle<R>) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(std::time::Duration::from_secs(5 * 60));
            back_up_if_changed(&app, false);
        }
    });
}

/// Once a month, as Tend closes, the store is copied afresh so removed
/// values do not linger on disk (the core says when it is due).
fn compact_if_due<R: Runtime>(app: &tauri::AppHandle<R>) {
    let state = app.state::<AppState>();
    let now = tend::clock::now();
    let due = state
        .tend()
        .ok()
        .and_then(|tend| tend.compaction_due(now).ok())
        .unwrap_or(false);
    if due && let Err(e) = state.replace_data(|dir| tend::Tend::compact(dir, now)) {
        log::warn!("Data not compacted: {}", e.code);
    }
}

fn back_up_if_changed<R: Runtime>(app: &tauri::AppHandle<R>, closing: bool) {
    let Ok(tend) = app.state::<AppState>().tend() else {
        return;
    };
    if let Err(e) = tend.automatic_backup_if_changed(tend::clock::now(), closing) {
        log::warn!("Automatic backup not made: {}", e.code());
    }
}
