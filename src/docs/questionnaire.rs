//! The large-print paper form a person fills in themselves: each measure's
//! introduction, its questions at 14 point, a box to tick for each answer
//! (numbered 0 to 10 in a row, or one below another with its words), and
//! the measure's source or © notice at its foot. No names are printed; the
//! person writes theirs.

use chrono::{DateTime, Utc};

use super::page::{BLACK, Doc, GREY, Weight};
use crate::Result;
use crate::domain::instruments::{Instrument, Question};

const LEFT: f32 = 18.0;
const RIGHT: f32 = 192.0;
const TOP: f32 = 22.0;
const BOTTOM: f32 = 275.0;
const QUESTION: f32 = 14.0;
const ANSWER: f32 = 13.0;
const LINE: f32 = 7.0;

pub struct PaperForm {
    pub organisation: String,
    pub instruments: Vec<Instrument>,
}

/// Where the next thing goes, a new page when this one is full.
struct Pen {
    doc: Doc,
    page: usize,
    y: f32,
}

impl Pen {
    fn room_for(&mut self, height: f32) {
        if self.y + height > BOTTOM {
            self.doc.start_page();
            self.page = self.doc.page_count() - 1;
            self.y = TOP;
        }
    }

    fn wrapped(&mut self, size: f32, weight: Weight, colour: (f32, f32, f32), text: &str) {
        for line in self.doc.wrap(text, size, weight, RIGHT - LEFT) {
            self.room_for(LINE);
            self.doc
                .page(self.page)
                .text(LEFT, self.y, size, weight, colour, &line);
            self.y += size * 0.5;
        }
    }

    /// A question and its answer boxes, kept together on a page.
    fn question(&mut self, number: usize, q: &Question) {
        let text = format!("{number}. {}", q.text);
        let lines = self
            .doc
            .wrap(&text, QUESTION, Weight::Bold, RIGHT - LEFT)
            .len();
        let boxes = if q.ends.is_some() {
            24.0
        } else {
            q.choices.len() as f32 * 10.0
        };
        self.room_for(lines as f32 * LINE + boxes + 6.0);
        self.wrapped(QUESTION, Weight::Bold, BLACK, &text);
        self.y += 3.0;
        let mut page = self.doc.page(self.page);
        if let Some((low, high)) = &q.ends {
            // Numbered boxes in a row: circle or tick one.
            let count = q.choices.len() as f32;
            let width = ((RIGHT - LEFT) / count).min(15.0);
            for (i, choice) in q.choices.iter().enumerate() {
                let x = LEFT + i as f32 * width;
                page.boxed(x, self.y, width - 2.0, 12.0, 0.6);
                let number = choice.value.to_string();
                let w = page.doc().width(&number, ANSWER, Weight::Bold);
                page.text(
                    x + (width - 2.0 - w) / 2.0,
                    self.y + 8.5,
                    ANSWER,
                    Weight::Bold,
                    BLACK,
                    &number,
                );
            }
            page.text(LEFT, self.y + 18.0, 11.0, Weight::Regular, GREY, low);
            let end = LEFT + count * width - 2.0;
            page.text_right(end, self.y + 18.0, 11.0, Weight::Regular, GREY, high);
            self.y += 26.0;
        } else {
            for choice in &q.choices {
                page.boxed(LEFT, self.y, 7.0, 7.0, 0.6);
                page.text(
                    LEFT + 11.0,
                    self.y + 5.8,
                    ANSWER,
                    Weight::Regular,
                    BLACK,
                    &choice.words,
                );
                self.y += 10.0;
            }
            self.y += 7.0;
        }
    }
}

pub fn render_paper_form(form: &PaperForm, created: DateTime<Utc>) -> Result<Vec<u8>> {
    let mut doc = Doc::new("How you are feeling")?;
    doc.start_page();
    let mut pen = Pen {
        doc,
        page: 0,
        y: TOP,
    };
    if !form.organisation.is_empty() {
        pen.wrapped(12.0, Weight::Regular, GREY, &form.organisation);
    }
    pen.y += 4.0;
    pen.wrapped(22.0, Weight::Bold, BLACK, "How you are feeling");
    pen.y += 2.0;
    pen.wrapped(
        QUESTION,
        Weight::Regular,
        BLACK,
        "Please answer these questions yourself. There are no right or wrong answers. Tick or circle one answer for each question.",
    );
    pen.y += 4.0;
    pen.wrapped(
        QUESTION,
        Weight::Regular,
        BLACK,
        "Your name: ______________________________",
    );
    pen.y += 3.0;
    pen.wrapped(
        QUESTION,
        Weight::Regular,
        BLACK,
        "Today's date: ____ / ____ / ________",
    );
    let mut number = 0;
    for instrument in &form.instruments {
        pen.y += 6.0;
        pen.room_for(40.0);
        pen.wrapped(17.0, Weight::Bold, BLACK, &instrument.name);
        pen.y += 1.0;
        pen.wrapped(QUESTION, Weight::Regular, BLACK, &instrument.intro);
        pen.y += 4.0;
        for q in &instrument.questions {
            number += 1;
            pen.question(number, q);
        }
        pen.wrapped(10.0, Weight::Regular, GREY, &instrument.notice);
    }
    pen.y += 6.0;
    pen.wrapped(QUESTION, Weight::Bold, BLACK, "Thank you.");
    let pages = pen.doc.page_count();
    for index in 0..pages {
        pen.doc.page(index).footer(
            (LEFT, RIGHT, 287.0),
            "How you are feeling",
            index + 1,
            pages,
        );
    }
    Ok(pen.doc.finish(created))
}
