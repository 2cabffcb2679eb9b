//! The attendance register over a period: A4 landscape, people down, session
//! dates across, a mark per cell, totals per person and per session, headers
//! and a legend on every page.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::page::{BLACK, Canvas, Doc, GREY, Weight};
use crate::Result;

pub struct Register {
    pub organisation: String,
    pub activity: String,
    /// Already in words: "1 September 2026 to 30 November 2026".
    pub period: String,
    pub columns: Vec<RegisterColumn>,
    pub lines: Vec<RegisterLine>,
}

pub struct RegisterColumn {
    /// "Tue"
    pub weekday: String,
    /// "03/09"
    pub date: String,
    /// "03/09/2026", for the CSV.
    pub full_date: String,
    pub cancelled: bool,
    pub present: usize,
}

pub struct RegisterLine {
    pub name: String,
    pub cells: Vec<Cell>,
    pub attended: usize,
    pub offered: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Present,
    Apologies,
    Absent,
    /// Expected but nothing was recorded.
    NotRecorded,
    /// Not enrolled on that date.
    NotEnrolled,
    Cancelled,
}

impl Cell {
    fn word(self) -> &'static str {
        match self {
            Cell::Present => "present",
            Cell::Apologies => "apologies",
            Cell::Absent => "absent",
            Cell::NotRecorded => "",
            Cell::NotEnrolled => "not enrolled",
            Cell::Cancelled => "cancelled",
        }
    }

    fn glyph(self) -> &'static str {
        match self {
            Cell::Present => "P",
            Cell::Apologies => "A",
            Cell::Absent => "–",
            Cell::NotRecorded | Cell::Cancelled => "",
            Cell::NotEnrolled => "·",
        }
    }
}

const LEFT: f32 = 12.0;
const RIGHT: f32 = 285.0;
const NAME_WIDTH: f32 = 62.0;
const TOTAL_WIDTH: f32 = 20.0;
/// Session columns are never narrower than this (more go onto further
/// pages) nor wider than `WIDEST`.
const NARROWEST: f32 = 9.5;
const WIDEST: f32 = 16.0;
const HEADER_TOP: f32 = 30.0;
const HEADER_HEIGHT: f32 = 11.0;
const ROW: f32 = 6.2;
const BOTTOM: f32 = 190.0;

/// How many session columns fit across one page.
fn columns_per_page() -> usize {
    ((RIGHT - LEFT - NAME_WIDTH - TOTAL_WIDTH) / NARROWEST) as usize
}

/// The session columns one page shows: `first..last`, each `width` wide.
struct Span {
    first: usize,
    last: usize,
    width: f32,
}

impl Span {
    fn new(first: usize, last: usize) -> Self {
        let count = (last - first).max(1) as f32;
        let width = ((RIGHT - LEFT - NAME_WIDTH - TOTAL_WIDTH) / count).min(WIDEST);
        Span { first, last, width }
    }

    fn x(&self, index: usize) -> f32 {
        LEFT + NAME_WIDTH + (index - self.first) as f32 * self.width
    }

    fn totals_x(&self) -> f32 {
        self.x(self.last)
    }

    /// The register's columns on this page, with their indexes.
    fn columns<'a>(
        &self,
        register: &'a Register,
    ) -> impl Iterator<Item = (usize, &'a RegisterColumn)> {
        register
            .columns
            .iter()
            .enumerate()
            .take(self.last)
            .skip(self.first)
    }
}

fn rows_per_page() -> usize {
    ((BOTTOM - HEADER_TOP - HEADER_HEIGHT) / ROW) as usize - 1
}

impl Register {
    pub fn to_pdf(&self, created: DateTime<Utc>) -> Result<Vec<u8>> {
        render(self, created)
    }

    /// The same register as CSV: one row per person, one column per session.
    pub fn to_csv(&self) -> String {
        csv(self)
    }
}

fn render(register: &Register, created: DateTime<Utc>) -> Result<Vec<u8>> {
    let mut doc = Doc::landscape(&format!(
        "Register – {} – {}",
        register.activity, register.period
    ))?;
    let per_page = columns_per_page();
    let groups: Vec<(usize, usize)> = if register.columns.is_empty() {
        vec![(0, 0)]
    } else {
        (0..register.columns.len())
            .step_by(per_page)
            .map(|start| (start, (start + per_page).min(register.columns.len())))
            .collect()
    };
    let rows = rows_per_page();
    // Each mark's width, measured once for the whole register.
    let widths: HashMap<&str, f32> = [
        Cell::Present,
        Cell::Apologies,
        Cell::Absent,
        Cell::NotEnrolled,
    ]
    .map(|c| (c.glyph(), doc.width(c.glyph(), 8.5, Weight::Bold)))
    .into_iter()
    .collect();
    for span in groups
        .into_iter()
        .map(|(first, last)| Span::new(first, last))
    {
        let chunks: Vec<&[RegisterLine]> = if register.lines.is_empty() {
            vec![&[]]
        } else {
            register.lines.chunks(rows).collect()
        };
        let chunk_count = chunks.len();
        for (i, chunk) in chunks.into_iter().enumerate() {
            let mut page = doc.start_page();
            page_header(&mut page, register, &span);
            let mut y = HEADER_TOP + HEADER_HEIGHT;
            let texts: Vec<(String, String)> = chunk
                .iter()
                .map(|line| {
                    let name = page
                        .doc()
                        .fit(&line.name, 8.5, Weight::Regular, NAME_WIDTH - 3.0);
                    (name, format!("{} of {}", line.attended, line.offered))
                })
                .collect();
            let (mut regular, mut bold) = (Vec::new(), Vec::new());
            for (line, (name, total)) in chunk.iter().zip(&texts) {
                let (words, marks) = person_row(&mut page, y, line, name, total, &span, &widths);
                regular.push((y + 4.4, words));
                bold.push((y + 4.4, marks));
                y += ROW;
            }
            page.text_block(8.5, Weight::Regular, BLACK, &regular);
            page.text_block(8.5, Weight::Bold, BLACK, &bold);
            body_rules(&mut page, chunk.len(), &span);
            if i + 1 == chunk_count {
                totals_row(&mut page, y, register, &span);
            }
        }
    }
    let pages = doc.page_count();
    for index in 0..pages {
        footer(&mut doc.page(index), register, index + 1, pages);
    }
    Ok(doc.finish(created))
}

fn csv(register: &Register) -> String {
    let mut header = vec!["Name".to_string()];
    header.extend(
        register
            .columns
            .iter()
            .map(|c| format!("{} {}", c.weekday, c.full_date)),
    );
    header.extend(["Attended".to_string(), "Offered".to_string()]);
    let mut out = super::csv::line(header.iter().map(String::as_str));
    for line in &register.lines {
        let (attended, offered) = (line.attended.to_string(), line.offered.to_string());
        let cells = std::iter::once(line.name.as_str())
            .chain(line.cells.iter().map(|c| c.word()))
            .chain([attended.as_str(), offered.as_str()]);
        out.push_str(&super::csv::line(cells));
    }
    let present: Vec<String> = register
        .columns
        .iter()
        .map(|c| {
            if c.cancelled {
                "cancelled".into()
            } else {
                c.present.to_string()
            }
        })
        .collect();
    let totals =
        std::iter::once("Present at each session").chain(present.iter().map(String::as_str));
    out.push_str(&super::csv::line(totals));
    out
}

fn page_header(page: &mut Canvas<'_>, register: &Register, span: &Span) {
    let title = format!("Register · {}", register.activity);
    let title = page.doc().fit(&title, 14.0, Weight::Bold, RIGHT - LEFT);
    page.text(LEFT, 16.0, 14.0, Weight::Bold, BLACK, &title);
    let mut subtitle = register.period.clone();
    if !register.organisation.is_empty() {
        subtitle = format!("{} · {subtitle}", register.organisation);
    }
    let subtitle = page
        .doc()
        .fit(&subtitle, 9.5, Weight::Regular, RIGHT - LEFT);
    page.text(LEFT, 23.0, 9.5, Weight::Regular, GREY, &subtitle);

    page.shade(
        LEFT,
        HEADER_TOP,
        span.totals_x() + TOTAL_WIDTH - LEFT,
        HEADER_HEIGHT,
    );
    page.text(
        LEFT + 1.5,
        HEADER_TOP + 7.0,
        9.0,
        Weight::Bold,
        BLACK,
        "Name",
    );
    let (weekdays, dates): (Vec<_>, Vec<_>) = span
        .columns(register)
        .map(|(index, column)| {
            let x = span.x(index) + 1.0;
            ((x, column.weekday.as_str()), (x, column.date.as_str()))
        })
        .unzip();
    page.text_block(7.0, Weight::Regular, BLACK, &[(HEADER_TOP + 4.5, weekdays)]);
    page.text_block(7.0, Weight::Bold, BLACK, &[(HEADER_TOP + 9.0, dates)]);
    let right = span.totals_x() + TOTAL_WIDTH;
    let xs: Vec<f32> = [LEFT]
        .into_iter()
        .chain((span.first..=span.last).map(|i| span.x(i)))
        .chain([right])
        .collect();
    page.rules(
        (LEFT, right),
        (HEADER_TOP, HEADER_TOP + HEADER_HEIGHT),
        &xs,
        &[HEADER_TOP, HEADER_TOP + HEADER_HEIGHT],
        0.6,
    );
    let tx = span.totals_x();
    page.text(tx + 1.5, HEADER_TOP + 4.5, 7.5, Weight::Bold, BLACK, "Came");
    page.text(
        tx + 1.5,
        HEADER_TOP + 9.0,
        7.0,
        Weight::Regular,
        BLACK,
        "of offered",
    );
}

/// The texts of one person's row: name and total (regular), marks (bold).
type RowTexts<'a> = (Vec<(f32, &'a str)>, Vec<(f32, &'a str)>);

/// Shades the row's cancelled cells and returns where its texts go.
fn person_row<'a>(
    page: &mut Canvas<'_>,
    y: f32,
    line: &'a RegisterLine,
    name: &'a str,
    total: &'a str,
    span: &Span,
    widths: &HashMap<&str, f32>,
) -> RowTexts<'a> {
    let mut marks = Vec::new();
    for (index, cell) in line
        .cells
        .iter()
        .enumerate()
        .take(span.last)
        .skip(span.first)
    {
        let x = span.x(index);
        if *cell == Cell::Cancelled {
            page.shade(x, y, span.width, ROW);
        }
        let glyph = cell.glyph();
        if !glyph.is_empty() {
            let width = widths.get(glyph).copied().unwrap_or_default();
            marks.push((x + (span.width - width) / 2.0, glyph));
        }
    }
    (
        vec![(LEFT + 1.5, name), (span.totals_x() + 1.5, total)],
        marks,
    )
}

/// The thin ruling of the people's rows on a page: one line per row and
/// per column, not a box per cell.
fn body_rules(page: &mut Canvas<'_>, rows: usize, span: &Span) {
    let top = HEADER_TOP + HEADER_HEIGHT;
    let bottom = top + rows as f32 * ROW;
    let right = span.totals_x() + TOTAL_WIDTH;
    let ys: Vec<f32> = (1..=rows).map(|r| top + r as f32 * ROW).collect();
    let xs: Vec<f32> = [LEFT, LEFT + NAME_WIDTH]
        .into_iter()
        .chain((span.first + 1..=span.last).map(|i| span.x(i)))
        .chain([right])
        .collect();
    page.rules((LEFT, right), (top, bottom), &xs, &ys, 0.3);
}

fn totals_row(page: &mut Canvas<'_>, y: f32, register: &Register, span: &Span) {
    page.boxed(LEFT, y, NAME_WIDTH, ROW, 0.6);
    page.text(
        LEFT + 1.5,
        y + 4.4,
        8.5,
        Weight::Bold,
        BLACK,
        "Present at each session",
    );
    for (index, column) in span.columns(register) {
        let x = span.x(index);
        page.boxed(x, y, span.width, ROW, 0.6);
        let label = if column.cancelled {
            "C".to_string()
        } else {
            column.present.to_string()
        };
        let width = page.doc().width(&label, 8.0, Weight::Bold);
        page.text(
            x + (span.width - width) / 2.0,
            y + 4.4,
            8.0,
            Weight::Bold,
            BLACK,
            &label,
        );
    }
}

fn footer(page: &mut Canvas<'_>, register: &Register, number: usize, pages: usize) {
    page.text(
        LEFT,
        200.0,
        8.0,
        Weight::Regular,
        GREY,
        "P present   A apologies   – absent   · not enrolled then   C / shaded: session cancelled (not offered)",
    );
    let about = format!("{} · {}", register.activity, register.period);
    page.footer((LEFT, RIGHT, 205.0), &about, number, pages);
}
