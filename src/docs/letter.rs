//! Letters to referrers: the organisation's letterhead, the address where a
//! UK DL window envelope shows it, the date, a bold "Re:" line, the body in
//! paragraphs that flow onto continuation pages, the signatory, and any
//! SNOMED CT codes for the GP record. Several letters make one PDF, each
//! starting on a new page with its own "Page X of Y".

use chrono::{DateTime, Utc};

use std::collections::HashMap;

use super::page::{BLACK, Canvas, Doc, GREY, Image, Weight};
use crate::Result;
use crate::domain::LetterRecord;

const LEFT: f32 = 25.0;
const RIGHT: f32 = 185.0;
/// The address window of a DL envelope holding an A4 sheet folded in three.
const WINDOW_TOP: f32 = 50.0;
const WINDOW_WIDTH: f32 = 85.0;
const WINDOW_LINES: usize = 7;
const BODY_SIZE: f32 = 10.5;
const LINE: f32 = 5.4;
const BOTTOM: f32 = 272.0;
const FOOTER: f32 = 285.0;

/// `logos` holds the image bytes of each logo key the letterheads name.
pub fn render_letters(
    letters: &[LetterRecord],
    logos: &HashMap<String, Vec<u8>>,
    created: DateTime<Utc>,
) -> Result<Vec<u8>> {
    let mut doc = Doc::new(if letters.len() == 1 {
        "Letter"
    } else {
        "Letters"
    })?;
    let mut images: HashMap<&str, Image> = HashMap::new();
    for (key, bytes) in logos {
        images.insert(key, doc.add_image(bytes)?);
    }
    for letter in letters {
        let first = doc.page_count();
        let logo = letter
            .letterhead
            .logo
            .as_deref()
            .and_then(|k| images.get(k));
        write_letter(&mut doc, letter, logo);
        let pages = doc.page_count() - first;
        let charity = &letter.letterhead.charity_number;
        for (i, index) in (first..doc.page_count()).enumerate() {
            let about = if charity.is_empty() {
                letter.letterhead.name.clone()
            } else {
                format!("{} · Registered charity {charity}", letter.letterhead.name)
            };
            doc.page(index)
                .footer((LEFT, RIGHT, FOOTER), &about, i + 1, pages);
        }
    }
    Ok(doc.finish(created))
}

fn write_letter(doc: &mut Doc, letter: &LetterRecord, logo: Option<&Image>) {
    let mut page = doc.start_page();
    if let Some(logo) = logo {
        page.image(logo, LEFT, 12.0, 45.0, 28.0);
    }
    letterhead(&mut page, letter);
    // The address wraps within the envelope's window, never cut short; a
    // long one is set smaller to fit the window's lines.
    let wrapped = |size: f32| -> Vec<String> {
        letter
            .recipient
            .iter()
            .flat_map(|line| page.doc().wrap(line, size, Weight::Regular, WINDOW_WIDTH))
            .collect()
    };
    let size = [BODY_SIZE, 9.5, 9.0]
        .into_iter()
        .find(|size| wrapped(*size).len() <= WINDOW_LINES)
        .unwrap_or(8.5);
    let recipient: Vec<String> = wrapped(size).into_iter().take(WINDOW_LINES).collect();
    let step = LINE * size / BODY_SIZE;
    for (i, line) in recipient.iter().enumerate() {
        page.text(
            LEFT,
            WINDOW_TOP + 5.0 + i as f32 * step,
            size,
            Weight::Regular,
            BLACK,
            line,
        );
    }
    let date = crate::domain::dates::day_month_year(letter.sent_on.unwrap_or(letter.produced_on));
    page.text_right(
        RIGHT,
        WINDOW_TOP + 48.0,
        BODY_SIZE,
        Weight::Regular,
        BLACK,
        &date,
    );

    let width = RIGHT - LEFT;
    let mut lines: Vec<(String, Weight)> = vec![
        (letter.salutation.clone(), Weight::Regular),
        (String::new(), Weight::Regular),
    ];
    for heading in doc_wrap(page.doc(), &letter.heading, Weight::Bold, width) {
        lines.push((heading, Weight::Bold));
    }
    lines.push((String::new(), Weight::Regular));
    for paragraph in paragraphs(&letter.body) {
        for line in doc_wrap(page.doc(), &paragraph, Weight::Regular, width) {
            lines.push((line, Weight::Regular));
        }
        lines.push((String::new(), Weight::Regular));
    }
    lines.push(("Yours sincerely,".into(), Weight::Regular));
    lines.extend(std::iter::repeat_n((String::new(), Weight::Regular), 3));
    for line in letter.letterhead.signature_lines() {
        lines.push((line, Weight::Regular));
    }

    let mut y = WINDOW_TOP + 60.0;
    let mut index = doc.page_count() - 1;
    for (line, weight) in lines {
        if y > BOTTOM {
            index = doc.page_count();
            y = continuation(&mut doc.start_page(), letter);
        }
        doc.page(index)
            .text(LEFT, y, BODY_SIZE, weight, BLACK, &line);
        y += LINE;
    }
    if !letter.codes.is_empty() {
        let needed = LINE * (letter.codes.len() + 1) as f32;
        if y + needed > BOTTOM {
            index = doc.page_count();
            y = continuation(&mut doc.start_page(), letter);
        }
        let mut page = doc.page(index);
        page.text(LEFT, y + 2.0, 8.5, Weight::Bold, GREY, "For the GP record");
        for (i, code) in letter.codes.iter().enumerate() {
            page.text(
                LEFT,
                y + 2.0 + (i + 1) as f32 * 4.5,
                8.5,
                Weight::Regular,
                GREY,
                code,
            );
        }
    }
}

fn doc_wrap(doc: &Doc, text: &str, weight: Weight, width: f32) -> Vec<String> {
    doc.wrap(text, BODY_SIZE, weight, width)
}

/// Paragraphs are separated by blank lines; runs of blank lines (left by a
/// template's empty conditions) count as one.
fn paragraphs(body: &str) -> Vec<String> {
    body.split("\n\n")
        .map(|p| p.trim_matches('\n').to_string())
        .filter(|p| !p.trim().is_empty())
        .collect()
}

/// The organisation's name and contact details, top right.
fn letterhead(page: &mut Canvas<'_>, letter: &LetterRecord) {
    let head = &letter.letterhead;
    page.text_right(RIGHT, 22.0, 15.0, Weight::Bold, BLACK, &head.name);
    for (i, line) in head.letterhead_lines().iter().take(6).enumerate() {
        let line = page.doc().fit(line, 9.0, Weight::Regular, 90.0);
        page.text_right(
            RIGHT,
            28.0 + i as f32 * 4.3,
            9.0,
            Weight::Regular,
            GREY,
            &line,
        );
    }
}

/// The top of a second or later page: whose letter this is.
fn continuation(page: &mut Canvas<'_>, letter: &LetterRecord) -> f32 {
    let about = format!(
        "{} · {} (continued)",
        letter.letterhead.name, letter.heading
    );
    let about = page.doc().fit(&about, 9.0, Weight::Regular, RIGHT - LEFT);
    page.text(LEFT, 18.0, 9.0, Weight::Regular, GREY, &about);
    page.line(LEFT, 21.0, RIGHT, 21.0, 0.4);
    32.0
}
