//! The Emergency sheet printed when encryption is turned on: the recovery
//! key, the only way back to the data if the passphrase is forgotten, with
//! what to do with the sheet. One A4 page, kept away from the laptop.

use chrono::{DateTime, Utc};

use super::page::{BLACK, Canvas, Doc, GREY, Weight};
use crate::Result;

pub struct EmergencySheet {
    pub organisation: String,
    /// Already in UK form: "Tuesday 1 December 2026".
    pub date: String,
    /// The data folder, so whoever finds the sheet knows which data it opens.
    pub folder: String,
    /// Nine groups of four, joined by dashes.
    pub recovery_key: String,
}

const LEFT: f32 = 20.0;
const RIGHT: f32 = 190.0;

pub fn render_emergency_sheet(sheet: &EmergencySheet, created: DateTime<Utc>) -> Result<Vec<u8>> {
    let mut doc = Doc::new("Tend Emergency sheet")?;
    let mut page = doc.start_page();
    let mut y = 25.0;
    if !sheet.organisation.is_empty() {
        let organisation = page
            .doc()
            .fit(&sheet.organisation, 11.0, Weight::Regular, RIGHT - LEFT);
        page.text(LEFT, y, 11.0, Weight::Regular, GREY, &organisation);
    }
    y += 12.0;
    page.text(LEFT, y, 22.0, Weight::Bold, BLACK, "Tend Emergency sheet");
    y += 9.0;
    page.text(
        LEFT,
        y,
        11.0,
        Weight::Regular,
        BLACK,
        &format!("Made on {}", sheet.date),
    );
    y += 6.0;
    let folder = page.doc().fit(
        &format!("For the data in {}", sheet.folder),
        9.0,
        Weight::Regular,
        RIGHT - LEFT,
    );
    page.text(LEFT, y, 9.0, Weight::Regular, GREY, &folder);
    y += 14.0;
    page.text(LEFT, y, 13.0, Weight::Bold, BLACK, "Recovery key");
    y += 5.0;
    key_box(&mut page, y, &sheet.recovery_key);
    y += 44.0;
    let paragraphs = [
        (
            Weight::Bold,
            "If the passphrase is forgotten, this key is the only way back to the data. Nobody else can open it: not Tend's makers, not a computer shop.",
        ),
        (
            Weight::Regular,
            "To use it: open Tend, choose \u{201c}Use the recovery key instead\u{201d} and type the key exactly as printed (capitals or not, with or without the dashes). It also opens this organisation's backups.",
        ),
        (
            Weight::Regular,
            "Keep this sheet somewhere safe and away from the laptop: a locked drawer at another address, or with your organisation's trustees. Anyone holding both the sheet and the laptop can read everything Tend holds.",
        ),
        (
            Weight::Regular,
            "Do not photograph it, email it or keep it in the laptop's bag. If it is lost, tell whoever looks after data protection in your organisation: the sheet and the laptop together open everything.",
        ),
    ];
    for (weight, text) in paragraphs {
        for line in page.doc().wrap(text, 11.0, weight, RIGHT - LEFT) {
            page.text(LEFT, y, 11.0, weight, BLACK, &line);
            y += 5.6;
        }
        y += 4.0;
    }
    y += 6.0;
    page.text(
        LEFT,
        y,
        10.0,
        Weight::Bold,
        BLACK,
        "Where this sheet is kept:",
    );
    page.line(LEFT + 48.0, y + 1.0, RIGHT, y + 1.0, 0.4);
    y += 12.0;
    page.text(LEFT, y, 10.0, Weight::Bold, BLACK, "Who knows where it is:");
    page.line(LEFT + 48.0, y + 1.0, RIGHT, y + 1.0, 0.4);
    page.footer(
        (LEFT, RIGHT, 287.0),
        "Tend Emergency sheet · keep it safe",
        1,
        1,
    );
    Ok(doc.finish(created))
}

/// The key in a box, three rows of three groups, large enough to read aloud.
fn key_box(page: &mut Canvas<'_>, top: f32, key: &str) {
    page.boxed(LEFT, top, RIGHT - LEFT, 30.0, 0.8);
    let groups: Vec<&str> = key.split('-').collect();
    for (row, three) in groups.chunks(3).enumerate() {
        let line = three.join("  -  ");
        let y = top + 10.0 + 8.0 * row as f32;
        page.text(LEFT + 10.0, y, 16.0, Weight::Bold, BLACK, &line);
    }
}
