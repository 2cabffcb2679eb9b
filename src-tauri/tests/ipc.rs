//! The desktop shell driven through real IPC on Tauri's mock runtime, with
//! no window: each area's commands get the request the UI sends (the
//! argument names and JSON shapes `api.ts` uses) and answer with the JSON
//! the UI reads, or with the error JSON it shows beside a field.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{Value, json};
use tauri::WebviewWindow;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context};
use tauri::webview::InvokeRequest;

struct Window(WebviewWindow<MockRuntime>);

impl Window {
    fn open(data_dir: &std::path::Path) -> Window {
        let mut app = tend_desktop::with_commands(mock_builder(), Some(data_dir.to_path_buf()))
            .build(mock_context(tauri::test::noop_assets()))
            .unwrap();
        // One turn of the (mock) event loop runs the setup that opens the
        // data, as the real app's first does.
        #[allow(deprecated)]
        app.run_iteration(|_, _| {});
        let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        // The app is kept alive by the window it made.
        std::mem::forget(app);
        Window(window)
    }

    /// Sends a command as `invoke(cmd, args)` in the webview does.
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.0,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().unwrap())
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }
}

fn details(name: &str) -> Value {
    json!({
        "full_name": name, "preferred_name": "", "date_of_birth": "1950-03-14",
        "nhs_number": null, "address": "", "postcode": "", "phone": "", "email": "",
        "emergency_contact": { "name": "", "relationship": "", "phone": "" },
        "needs": "", "access_needs": "",
        "consents": { "hold_data": { "given": true, "on": "2026-11-02" }, "share_with_referrer": null,
                      "contact_by_phone": null, "contact_by_sms": null, "contact_by_email": null },
        "status": "active",
    })
}

#[test]
fn each_area_answers_the_ui_through_ipc() {
    let data = tempfile::tempdir().unwrap();
    let window = Window::open(&data.path().join("data"));

    // The app's first question.
    let status = window.ok("app_status", json!({}));
    assert_eq!(status["ready"], true, "{status}");
    assert_eq!(status["has_organisation"], false);
    assert_eq!(status["locked"], false);

    // Organisation: a validation failure is the error JSON with its field.
    let blank = json!({ "name": "  ", "address": "", "postcode": "", "charity_number": "",
        "phone": "", "email": "", "signatory": { "name": "", "role": "" }, "logo": null });
    assert_eq!(
        window.call("save_organisation", json!({ "organisation": blank })),
        Err(
            json!({ "code": "validation", "message": "The organisation's name is required.", "field": "name" })
        )
    );
    let mut organisation = blank.clone();
    organisation["name"] = json!("Cwm Taf Walkers");
    organisation["postcode"] = json!("cf37 1aa");
    let saved = window.ok("save_organisation", json!({ "organisation": organisation }));
    assert_eq!(saved["postcode"], "CF37 1AA");
    assert_eq!(
        window.ok("get_organisation", json!({}))["name"],
        "Cwm Taf Walkers"
    );

    // Activities and sessions.
    let activity = window.ok(
        "create_activity",
        json!({ "details": { "name": "Canal walk", "kind": "health_walk", "meeting_place": "Lock 3",
            "recurrence": { "pattern": "weekly", "day": "Tuesday" }, "start_time": "10:00:00",
            "duration_minutes": 60, "capacity": null, "leader": "", "roles_needed": [],
            "last_risk_assessment": null } }),
    );
    let generated = window.ok(
        "generate_sessions",
        json!({ "request": { "activity": activity["id"], "from": "2026-11-01", "to": "2026-11-30" } }),
    );
    let sessions = &generated["added"];
    assert_eq!(sessions.as_array().unwrap().len(), 4, "{generated}");
    assert_eq!(
        generated["skipped"],
        json!([]),
        "no bank holiday in November"
    );
    let session = &sessions[0]["id"];
    assert_eq!(
        window
            .ok("list_sessions", json!({ "activity": activity["id"] }))
            .as_array()
            .unwrap()
            .len(),
        4
    );

    // People: a new person enrolled, found again by a search without accents.
    let person = window.ok(
        "add_participant",
        json!({ "request": { "details": details("Zoë Ní Bhriain"), "activity": activity["id"], "confirmed_new": false } }),
    );
    assert_eq!(person["full_name"], "Zoë Ní Bhriain");
    let page = window.ok(
        "people_page",
        json!({ "query": { "find": "zoe ni", "offset": 0, "limit": 50 } }),
    );
    assert_eq!(page["people"][0]["id"], person["id"], "{page}");
    let look_alikes = window.ok(
        "look_alikes",
        json!({ "query": { "details": details("Zoe Ni Bhriain"), "except": null } }),
    );
    assert_eq!(
        look_alikes[0]["person"]["id"], person["id"],
        "{look_alikes}"
    );
    // An NHS number half typed is no look-alike, and no failure either.
    let mut typing = details("Zoe Ni Bhriain");
    typing["nhs_number"] = json!("94");
    window.ok(
        "look_alikes",
        json!({ "query": { "details": typing, "except": null } }),
    );
    let unnamed = window.call(
        "add_participant",
        json!({ "request": { "details": details(""), "activity": null, "confirmed_new": true } }),
    );
    assert_eq!(unnamed.unwrap_err()["field"], "full_name");
    // The NHS number goes as typed; the core's check digit refuses a slip
    // beside the field.
    let mut mistyped = details("Siân Evans");
    mistyped["nhs_number"] = json!("943 476 5918");
    assert_eq!(
        window.call(
            "add_participant",
            json!({ "request": { "details": mistyped, "activity": null, "confirmed_new": true } }),
        ),
        Err(json!({ "code": "validation", "field": "nhs_number",
            "message": "NHS number is not valid: please check it for a typing mistake." }))
    );

    // Attendance: a tick comes back as the mark, and shows on the register.
    let mark = window.ok(
        "record_attendance",
        json!({ "request": { "session": session, "participant": person["id"], "mark": "present" } }),
    );
    assert_eq!(mark["mark"], "present", "{mark}");
    let register = window.ok("session_register", json!({ "session": session }));
    assert_eq!(register["rows"][0]["mark"], "present", "{register}");

    // The person's record holds the tick.
    let record = window.ok("participant_record", json!({ "participant": person["id"] }));
    assert_eq!(
        record["attendance"].as_array().unwrap().len(),
        1,
        "{record}"
    );

    // Referrals and the letters they are due.
    let referrer = window.ok(
        "add_referrer",
        json!({ "details": { "name": "Dr Siân Evans", "role": "GP", "organisation": "Heol Las Surgery",
            "kind": "gp_practice", "ods_code": "W91000", "address": "", "postcode": "", "email": "", "phone": "" } }),
    );
    window.ok(
        "take_referral",
        json!({ "request": { "person": { "kind": "existing", "id": person["id"], "details": null },
            "referrer": referrer["id"], "received_on": "2026-11-02", "reason": "Low mood",
            "needs_and_concerns": "", "suggested_activities": [activity["id"]], "not_a_duplicate": false } }),
    );
    let due = window.ok("letters_due", json!({}));
    assert_eq!(due[0]["kind"], "acknowledgement", "{due}");

    // Settings round-trip; a bad value is refused with its field.
    let mut settings = window.ok("get_settings", json!({}));
    settings["stopped_coming_after"] = json!(0);
    let refused = window.call("save_settings", json!({ "settings": settings }));
    assert_eq!(refused.unwrap_err()["code"], "validation");

    // Volunteers and the rota.
    let role = window.ok("add_role", json!({ "name": "Walk leader" }));
    let volunteer = window.ok(
        "add_volunteer",
        json!({ "details": { "full_name": "Dafydd ap Gwilym", "phone": "", "email": "", "roles": [role["id"]],
            "qualifications": [], "dbs": null, "usual_days": ["Tuesday"], "away": [], "notes": "" } }),
    );
    assert_eq!(volunteer["full_name"], "Dafydd ap Gwilym");
    let rota = window.ok("rota_month", json!({ "month": "2026-11" }));
    assert_eq!(rota["sessions"].as_array().unwrap().len(), 4, "{rota}");
    let bad_month = window.call("rota_month", json!({ "month": "2026-13" }));
    assert_eq!(bad_month.unwrap_err()["code"], "validation");

    // Safekeeping: backups and encryption report their state.
    let backups = window.ok("backup_status", json!({}));
    assert!(backups.get("last_elsewhere").is_some(), "{backups}");
    assert_eq!(
        window.ok("encryption_status", json!({}))["encrypted"],
        false
    );

    // A request the shell cannot read is refused, not guessed at.
    let malformed = window.call(
        "record_attendance",
        json!({ "request": { "session": "not an id" } }),
    );
    assert!(malformed.unwrap_err().is_string());
}

#[test]
fn encrypted_data_unlocks_once_and_a_second_unlock_leaves_it_open() {
    let scratch = tempfile::tempdir().unwrap();
    let data = scratch.path().join("data");
    tend::Tend::open(&data)
        .unwrap()
        .load_demo(tend::clock::today(), false)
        .unwrap();
    let passphrase = "the canal path after rain";
    let plan =
        tend::service::EncryptionPlan::new(passphrase, passphrase, tend::store::KdfCost::CHEAP)
            .unwrap();
    tend::Tend::encrypt(&data, plan, tend::clock::now()).unwrap();

    let window = Window::open(&data);
    assert_eq!(window.ok("app_status", json!({}))["locked"], true);
    // Not set up to unlock by itself: the keychain is not asked.
    let automatic = window.ok("unlock_with_this_computer", json!({}));
    assert_eq!(automatic, json!({ "unlocked": false, "problem": null }));
    let status = window.ok("encryption_status", json!({}));
    assert_eq!(status["encrypted"], true);
    assert_eq!(status["unlocks_automatically"], false);

    let wrong = window
        .call(
            "unlock",
            json!({ "secret": "the canal path after snow", "recovery": false }),
        )
        .unwrap_err();
    assert_eq!(wrong["field"], "passphrase");
    window.ok("unlock", json!({ "secret": passphrase, "recovery": false }));
    let people = window.ok(
        "people_page",
        json!({ "query": { "find": "", "offset": 0, "limit": 5 } }),
    );
    // Unlocked again (the keychain answering after the passphrase was
    // typed): the open data stays open.
    window.ok("unlock", json!({ "secret": passphrase, "recovery": false }));
    let status = window.ok("app_status", json!({}));
    assert_eq!(status["ready"], true, "{status}");
    assert_eq!(status["locked"], false);
    assert_eq!(
        window.ok(
            "people_page",
            json!({ "query": { "find": "", "offset": 0, "limit": 5 } })
        ),
        people
    );
}
