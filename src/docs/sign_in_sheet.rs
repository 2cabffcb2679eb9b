//! The sign-in sheet a leader takes to a session: who is expected, a box to
//! tick or sign, blank rows for walk-ins, a headcount and an ICE reminder.

use chrono::{DateTime, Utc};

use super::page::{BLACK, Canvas, Doc, GREY, Weight};
use crate::Result;

pub struct SignInSheet {
    pub organisation: String,
    pub activity: String,
    /// Already in UK form: "Tuesday 3 March 2026".
    pub date: String,
    pub time: String,
    pub meeting_point: String,
    pub leader: String,
    pub rows: Vec<SignInRow>,
    /// Empty rows for walk-ins, after the expected people.
    pub blank_rows: usize,
}

pub struct SignInRow {
    pub name: String,
    pub known_as: String,
}

const LEFT: f32 = 15.0;
const RIGHT: f32 = 195.0;
const ROW: f32 = 9.0;
const BOTTOM: f32 = 276.0;
const CLOSING_HEIGHT: f32 = 40.0;

/// Column left edges and widths: #, Name, Here, Signature, New.
const COLUMNS: [(f32, f32, &str); 5] = [
    (15.0, 10.0, "#"),
    (25.0, 78.0, "Name"),
    (103.0, 18.0, "Here"),
    (121.0, 56.0, "Signature"),
    (177.0, 18.0, "New"),
];

pub fn render_sign_in_sheet(sheet: &SignInSheet, created: DateTime<Utc>) -> Result<Vec<u8>> {
    let mut doc = Doc::new(&format!(
        "Sign-in sheet – {} – {}",
        sheet.activity, sheet.date
    ))?;
    let mut y = first_page_header(&mut doc.start_page(), sheet);
    y = table_header(&mut doc.page(0), y);

    let total = sheet.rows.len() + sheet.blank_rows.max(5);
    for number in 0..total {
        if y + ROW > BOTTOM {
            let index = doc.page_count();
            let mut page = doc.start_page();
            let top = continuation_header(&mut page, sheet);
            y = table_header(&mut doc.page(index), top);
        }
        let index = doc.page_count() - 1;
        table_row(&mut doc.page(index), y, number, sheet.rows.get(number));
        y += ROW;
    }

    if y + CLOSING_HEIGHT > BOTTOM {
        y = continuation_header(&mut doc.start_page(), sheet);
    }
    let index = doc.page_count() - 1;
    closing(&mut doc.page(index), y + 8.0);

    let pages = doc.page_count();
    let about = format!("{} · {}", sheet.activity, sheet.date);
    for index in 0..pages {
        doc.page(index)
            .footer((LEFT, RIGHT, 287.0), &about, index + 1, pages);
    }
    Ok(doc.finish(created))
}

fn first_page_header(page: &mut Canvas<'_>, sheet: &SignInSheet) -> f32 {
    if !sheet.organisation.is_empty() {
        let organisation = page
            .doc()
            .fit(&sheet.organisation, 10.0, Weight::Regular, RIGHT - LEFT);
        page.text(LEFT, 18.0, 10.0, Weight::Regular, GREY, &organisation);
    }
    page.text(LEFT, 29.0, 20.0, Weight::Bold, BLACK, "Sign-in sheet");
    let activity = page
        .doc()
        .fit(&sheet.activity, 15.0, Weight::Bold, RIGHT - LEFT);
    page.text(LEFT, 38.0, 15.0, Weight::Bold, BLACK, &activity);

    let details = [
        (LEFT, 47.0, "Date", sheet.date.as_str(), 103.0),
        (LEFT, 53.0, "Time", sheet.time.as_str(), 103.0),
        (105.0, 47.0, "Leader", sheet.leader.as_str(), RIGHT),
        (
            LEFT,
            59.0,
            "Meeting point",
            sheet.meeting_point.as_str(),
            RIGHT,
        ),
    ];
    for (x, y, label, value, right) in details {
        let label = format!("{label}:");
        page.text(x, y, 9.5, Weight::Bold, BLACK, &label);
        let after = x + page.doc().width(&label, 9.5, Weight::Bold) + 1.5;
        let value = if value.is_empty() {
            "…………………………"
        } else {
            value
        };
        let value = page.doc().fit(value, 10.0, Weight::Regular, right - after);
        page.text(after, y, 10.0, Weight::Regular, BLACK, &value);
    }
    65.0
}

fn continuation_header(page: &mut Canvas<'_>, sheet: &SignInSheet) -> f32 {
    let title = format!(
        "Sign-in sheet · {} · {} (continued)",
        sheet.activity, sheet.date
    );
    let title = page.doc().fit(&title, 10.0, Weight::Bold, RIGHT - LEFT);
    page.text(LEFT, 18.0, 10.0, Weight::Bold, BLACK, &title);
    24.0
}

fn table_header(page: &mut Canvas<'_>, y: f32) -> f32 {
    page.shade(LEFT, y, RIGHT - LEFT, ROW);
    for (x, width, label) in COLUMNS {
        page.boxed(x, y, width, ROW, 0.6);
        page.text(x + 1.8, y + 6.0, 9.0, Weight::Bold, BLACK, label);
    }
    y + ROW
}

fn table_row(page: &mut Canvas<'_>, y: f32, number: usize, row: Option<&SignInRow>) {
    for (x, width, _) in COLUMNS {
        page.boxed(x, y, width, ROW, 0.4);
    }
    page.text(
        LEFT + 1.8,
        y + 6.0,
        9.0,
        Weight::Regular,
        GREY,
        &(number + 1).to_string(),
    );
    let (name_x, name_width) = (COLUMNS[1].0 + 1.8, COLUMNS[1].1 - 3.6);
    match row {
        Some(row) => {
            let name = page.doc().fit(&row.name, 10.5, Weight::Regular, name_width);
            page.text(name_x, y + 6.2, 10.5, Weight::Regular, BLACK, &name);
            let used = page.doc().width(&name, 10.5, Weight::Regular);
            if !row.known_as.is_empty() && used + 12.0 < name_width {
                let known = format!("({})", row.known_as);
                let known = page
                    .doc()
                    .fit(&known, 8.5, Weight::Regular, name_width - used - 2.0);
                page.text(
                    name_x + used + 2.0,
                    y + 6.2,
                    8.5,
                    Weight::Regular,
                    GREY,
                    &known,
                );
            }
        }
        None => page.text(name_x, y + 6.2, 7.5, Weight::Regular, GREY, "Walk-in: name"),
    }
    // Tick boxes are drawn, not typed: the font has no ☐.
    for column in [COLUMNS[2], COLUMNS[4]] {
        page.boxed(column.0 + (column.1 - 5.0) / 2.0, y + 2.0, 5.0, 5.0, 0.5);
    }
}

fn closing(page: &mut Canvas<'_>, y: f32) {
    page.text(LEFT, y + 7.5, 11.0, Weight::Bold, BLACK, "Headcount");
    page.boxed(LEFT + 24.0, y, 28.0, 11.0, 0.8);
    page.text(
        105.0,
        y + 7.5,
        10.0,
        Weight::Regular,
        BLACK,
        "Leader's signature",
    );
    page.line(139.0, y + 8.0, RIGHT, y + 8.0, 0.5);
    page.text(
        LEFT,
        y + 20.0,
        9.5,
        Weight::Bold,
        BLACK,
        "Please carry emergency (ICE) contact details for everyone at this session.",
    );
    page.text(
        LEFT,
        y + 25.5,
        9.0,
        Weight::Regular,
        GREY,
        "New? Tick for anyone here for the first time, and ask them to fill in a welcome form.",
    );
}
