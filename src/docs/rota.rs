//! The rota for a month: A4 landscape, sessions down, roles across, who
//! fills each slot, gaps marked "Needed", headers and page X of Y on every page.

use chrono::{DateTime, Utc};

use super::page::{BLACK, Canvas, Doc, GREY, Weight};
use crate::Result;

pub struct RotaSheet {
    pub organisation: String,
    /// "December 2026"
    pub month: String,
    /// The role columns, in order.
    pub roles: Vec<String>,
    pub rows: Vec<RotaRow>,
    pub gaps: usize,
}

pub struct RotaRow {
    /// "Tue 1 Dec"
    pub date: String,
    /// "10:00–11:30"
    pub time: String,
    pub activity: String,
    /// The reason, when the session is cancelled.
    pub cancelled: Option<String>,
    /// For each role column, a line per slot: who fills it, or `None` for a gap.
    pub cells: Vec<Vec<Option<String>>>,
    /// Under the activity, each buddy and who they meet: ("Dafydd ap
    /// Gwilym", "Eirlys").
    pub buddies: Vec<(String, String)>,
    /// "Christmas Day", when the activity does not usually run then.
    pub bank_holiday: Option<String>,
}

const LEFT: f32 = 12.0;
const RIGHT: f32 = 285.0;
const DATE_WIDTH: f32 = 24.0;
const TIME_WIDTH: f32 = 22.0;
const ACTIVITY_WIDTH: f32 = 52.0;
const TABLE_TOP: f32 = 34.0;
const HEADER_HEIGHT: f32 = 8.0;
const LINE: f32 = 4.6;
const PAD: f32 = 2.2;
const BOTTOM: f32 = 192.0;
const NEEDED: &str = "Needed";
const GAP_TINT: (f32, f32, f32) = (0.98, 0.86, 0.84);

impl RotaSheet {
    pub fn to_pdf(&self, created: DateTime<Utc>) -> Result<Vec<u8>> {
        let mut doc = Doc::landscape(&format!("Rota – {}", self.month))?;
        let roles_left = LEFT + DATE_WIDTH + TIME_WIDTH + ACTIVITY_WIDTH;
        let role_width = (RIGHT - roles_left) / self.roles.len().max(1) as f32;
        let mut y = self.page_top(&mut doc.start_page(), role_width);
        let mut ys = vec![TABLE_TOP, TABLE_TOP + HEADER_HEIGHT];
        if self.rows.is_empty() {
            doc.page(0).text(
                LEFT,
                y + 7.0,
                10.0,
                Weight::Regular,
                GREY,
                "No sessions this month.",
            );
        }
        for row in &self.rows {
            // Under the activity: the bank holiday, then each buddy.
            let notes: Vec<String> = row
                .bank_holiday
                .iter()
                .map(|holiday| format!("Bank holiday: {holiday}"))
                .chain(row.buddies.iter().flat_map(|(buddy, meeting)| {
                    [format!("Buddy: {buddy},"), format!("meeting {meeting}")]
                }))
                .flat_map(|line| doc.wrap(&line, 8.5, Weight::Regular, ACTIVITY_WIDTH - 2.0 * PAD))
                .collect();
            let lines = row
                .cells
                .iter()
                .map(Vec::len)
                .max()
                .unwrap_or(1)
                .max(1 + notes.len());
            let height = lines as f32 * LINE + PAD;
            if y + height > BOTTOM {
                let index = doc.page_count() - 1;
                self.rules(&mut doc.page(index), &ys, role_width);
                y = self.page_top(&mut doc.start_page(), role_width);
                ys = vec![TABLE_TOP, TABLE_TOP + HEADER_HEIGHT];
            }
            let index = doc.page_count() - 1;
            self.row(&mut doc.page(index), row, &notes, y, role_width);
            y += height;
            ys.push(y);
        }
        let index = doc.page_count() - 1;
        self.rules(&mut doc.page(index), &ys, role_width);

        let pages = doc.page_count();
        let about = format!(
            "Rota · {} · Needed = nobody on the rota yet · – = not needed at that session",
            self.month
        );
        for index in 0..pages {
            doc.page(index)
                .footer((LEFT, RIGHT, 201.0), &about, index + 1, pages);
        }
        Ok(doc.finish(created))
    }

    /// Title and column headings; returns where the first row starts.
    fn page_top(&self, page: &mut Canvas<'_>, role_width: f32) -> f32 {
        if !self.organisation.is_empty() {
            let organisation =
                page.doc()
                    .fit(&self.organisation, 10.0, Weight::Regular, RIGHT - LEFT);
            page.text(LEFT, 14.0, 10.0, Weight::Regular, GREY, &organisation);
        }
        page.text(
            LEFT,
            24.0,
            17.0,
            Weight::Bold,
            BLACK,
            &format!("Rota – {}", self.month),
        );
        let gaps = match self.gaps {
            0 => "Every slot is filled".to_string(),
            1 => "1 slot still needed".to_string(),
            n => format!("{n} slots still needed"),
        };
        page.text_right(RIGHT, 24.0, 10.0, Weight::Bold, BLACK, &gaps);
        page.shade(LEFT, TABLE_TOP, RIGHT - LEFT, HEADER_HEIGHT);
        let mut headings = vec![
            (LEFT, "Date".to_string()),
            (LEFT + DATE_WIDTH, "Time".to_string()),
            (LEFT + DATE_WIDTH + TIME_WIDTH, "Activity".to_string()),
        ];
        let roles_left = LEFT + DATE_WIDTH + TIME_WIDTH + ACTIVITY_WIDTH;
        for (i, role) in self.roles.iter().enumerate() {
            let name = page
                .doc()
                .fit(role, 8.5, Weight::Bold, role_width - 2.0 * PAD);
            headings.push((roles_left + i as f32 * role_width, name));
        }
        for (x, label) in &headings {
            page.text(x + PAD, TABLE_TOP + 5.5, 8.5, Weight::Bold, BLACK, label);
        }
        TABLE_TOP + HEADER_HEIGHT
    }

    fn row(&self, page: &mut Canvas<'_>, row: &RotaRow, notes: &[String], y: f32, role_width: f32) {
        let base = y + LINE;
        let fit = |page: &Canvas<'_>, text: &str, weight, width: f32| {
            page.doc().fit(text, 8.5, weight, width - 2.0 * PAD)
        };
        let date = fit(page, &row.date, Weight::Bold, DATE_WIDTH);
        page.text(LEFT + PAD, base, 8.5, Weight::Bold, BLACK, &date);
        let time = fit(page, &row.time, Weight::Regular, TIME_WIDTH);
        page.text(
            LEFT + DATE_WIDTH + PAD,
            base,
            8.5,
            Weight::Regular,
            BLACK,
            &time,
        );
        let activity_x = LEFT + DATE_WIDTH + TIME_WIDTH;
        let activity = fit(page, &row.activity, Weight::Regular, ACTIVITY_WIDTH);
        page.text(
            activity_x + PAD,
            base,
            8.5,
            Weight::Regular,
            BLACK,
            &activity,
        );
        for (line, note) in notes.iter().enumerate() {
            page.text(
                activity_x + PAD,
                base + (line + 1) as f32 * LINE,
                8.5,
                Weight::Regular,
                GREY,
                note,
            );
        }
        let roles_left = activity_x + ACTIVITY_WIDTH;
        if let Some(reason) = &row.cancelled {
            let words = format!("Cancelled: {reason}");
            let words =
                page.doc()
                    .fit(&words, 8.5, Weight::Regular, RIGHT - roles_left - 2.0 * PAD);
            page.text(roles_left + PAD, base, 8.5, Weight::Regular, GREY, &words);
            return;
        }
        for (i, cell) in row.cells.iter().enumerate() {
            let x = roles_left + i as f32 * role_width;
            if cell.is_empty() {
                page.text(x + PAD, base, 8.5, Weight::Regular, GREY, "–");
            }
            for (line, slot) in cell.iter().enumerate() {
                let line_y = base + line as f32 * LINE;
                match slot {
                    Some(name) => {
                        let name = fit(page, name, Weight::Regular, role_width);
                        page.text(x + PAD, line_y, 8.5, Weight::Regular, BLACK, &name);
                    }
                    None => {
                        page.tint(x + 0.8, line_y - 3.4, role_width - 1.6, 4.3, GAP_TINT);
                        page.text(x + PAD, line_y, 8.5, Weight::Bold, BLACK, NEEDED);
                    }
                }
            }
        }
    }

    fn rules(&self, page: &mut Canvas<'_>, ys: &[f32], role_width: f32) {
        let roles_left = LEFT + DATE_WIDTH + TIME_WIDTH + ACTIVITY_WIDTH;
        let mut xs = vec![LEFT, LEFT + DATE_WIDTH, LEFT + DATE_WIDTH + TIME_WIDTH];
        xs.extend((0..=self.roles.len()).map(|i| roles_left + i as f32 * role_width));
        if self.roles.is_empty() {
            xs.push(RIGHT);
        }
        let bottom = ys.last().copied().unwrap_or(TABLE_TOP);
        page.rules((LEFT, RIGHT), (TABLE_TOP, bottom), &xs, ys, 0.4);
    }
}
