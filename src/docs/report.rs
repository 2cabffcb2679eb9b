//! A report that flows over as many A4 pages as it needs: a title, then
//! sections of paragraphs, labelled fields and quoted text (a letter as it
//! was sent), each page footed with what it is and "Page X of Y". What is
//! in it is the caller's (the subject access reply builds one).

use chrono::{DateTime, Utc};

use super::chart::draw_chart;
use super::page::{BLACK, Doc, GREY, Weight};
use crate::Result;
use crate::domain::chart::{Chart, ChartTable};

pub struct Report {
    pub title: String,
    /// Under the title: who made it and when.
    pub subtitle: String,
    /// On every page's foot, before the page number.
    pub footer: String,
    pub sections: Vec<Section>,
}

pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

pub enum Block {
    Paragraph(String),
    /// A bold line starting a group within a section.
    Subheading(String),
    /// A label and its value (which may run over several lines).
    Field {
        label: String,
        value: String,
    },
    /// Text kept as it was written (a letter), indented and a little smaller.
    Quote(String),
    /// A chart under its title and finding, with its numbers as a table.
    Chart(Chart),
    /// Numbers in rows and columns, the first column naming each row.
    Table(ChartTable),
}

const LEFT: f32 = 20.0;
const RIGHT: f32 = 190.0;
const TOP: f32 = 22.0;
const BOTTOM: f32 = 272.0;
const FOOTER: f32 = 285.0;
const LABEL_WIDTH: f32 = 58.0;
const SIZE: f32 = 10.0;
const LINE: f32 = 5.0;
const QUOTE_INDENT: f32 = 6.0;
const QUOTE_SIZE: f32 = 9.5;
/// A chart table's first column (the category); the numbers share the rest.
const TABLE_FIRST: f32 = 70.0;

/// Lines laid out down the pages, starting a new page when one is full.
struct Flow {
    doc: Doc,
    page: usize,
    y: f32,
}

impl Flow {
    fn room_for(&mut self, height: f32) {
        if self.y + height > BOTTOM {
            self.doc.start_page();
            self.page = self.doc.page_count() - 1;
            self.y = TOP;
        }
    }

    fn line(&mut self, x: f32, size: f32, weight: Weight, colour: (f32, f32, f32), text: &str) {
        self.room_for(LINE);
        self.doc
            .page(self.page)
            .text(x, self.y, size, weight, colour, text);
        self.y += LINE;
    }

    fn wrapped(&mut self, x: f32, size: f32, weight: Weight, colour: (f32, f32, f32), text: &str) {
        for paragraph in text.lines() {
            let lines = self.doc.wrap(paragraph, size, weight, RIGHT - x);
            if lines.is_empty() {
                self.y += LINE / 2.0;
            }
            for line in lines {
                self.line(x, size, weight, colour, &line);
            }
        }
    }

    fn chart(&mut self, chart: &Chart) {
        self.y += 2.0;
        self.room_for(LINE * 2.0 + chart.height);
        self.wrapped(LEFT, SIZE, Weight::Bold, BLACK, &chart.title);
        self.wrapped(LEFT, SIZE, Weight::Regular, BLACK, &chart.summary);
        self.y += 1.0;
        self.room_for(chart.height);
        draw_chart(&mut self.doc.page(self.page), chart, LEFT, self.y);
        self.y += chart.height + 2.0;
        self.table(&chart.table);
        self.y += 2.0;
    }

    /// The chart's numbers: headings in grey, a row a line.
    fn table(&mut self, table: &ChartTable) {
        let columns = table.headings.len().max(1);
        // A wide table gives its first column less room.
        let first = if columns > 3 { 40.0 } else { TABLE_FIRST };
        let rest = ((RIGHT - LEFT - first) / (columns - 1).max(1) as f32).min(32.0);
        let x_of = |i: usize| {
            if i == 0 {
                LEFT
            } else {
                LEFT + first + rest * i as f32
            }
        };
        let row = |flow: &mut Flow, cells: &[String], colour| {
            flow.room_for(LINE);
            let mut page = flow.doc.page(flow.page);
            for (i, cell) in cells.iter().enumerate() {
                let size = SIZE - 1.0;
                if i == 0 {
                    let cut = page
                        .doc()
                        .fit(cell, size, Weight::Regular, TABLE_FIRST - 3.0);
                    page.text(LEFT, flow.y, size, Weight::Regular, colour, &cut);
                } else {
                    page.text_right(x_of(i) - 2.0, flow.y, size, Weight::Regular, colour, cell);
                }
            }
            flow.y += LINE - 0.6;
        };
        // The headings never end a page alone.
        self.room_for(LINE * 3.0);
        row(self, &table.headings, GREY);
        for cells in &table.rows {
            row(self, cells, BLACK);
        }
    }

    fn field(&mut self, label: &str, value: &str) {
        let value = if value.trim().is_empty() {
            "—"
        } else {
            value
        };
        let mut lines = Vec::new();
        for paragraph in value.lines() {
            lines.extend(self.doc.wrap(
                paragraph,
                SIZE,
                Weight::Regular,
                RIGHT - LEFT - LABEL_WIDTH,
            ));
        }
        let labels = self
            .doc
            .wrap(label, SIZE, Weight::Regular, LABEL_WIDTH - 3.0);
        // The label's lines beside the value's, on as many lines as the
        // longer needs.
        for row in 0..labels.len().max(lines.len()) {
            self.room_for(LINE);
            let mut page = self.doc.page(self.page);
            if let Some(label) = labels.get(row) {
                page.text(LEFT, self.y, SIZE, Weight::Regular, GREY, label);
            }
            if let Some(line) = lines.get(row) {
                page.text(
                    LEFT + LABEL_WIDTH,
                    self.y,
                    SIZE,
                    Weight::Regular,
                    BLACK,
                    line,
                );
            }
            self.y += LINE;
        }
    }
}

pub fn render_report(report: &Report, created: DateTime<Utc>) -> Result<Vec<u8>> {
    let mut doc = Doc::new(&report.title)?;
    doc.start_page();
    let mut flow = Flow {
        doc,
        page: 0,
        y: TOP,
    };
    for line in flow
        .doc
        .wrap(&report.title, 18.0, Weight::Bold, RIGHT - LEFT)
    {
        flow.room_for(8.0);
        flow.doc
            .page(flow.page)
            .text(LEFT, flow.y, 18.0, Weight::Bold, BLACK, &line);
        flow.y += 8.0;
    }
    flow.wrapped(LEFT, SIZE, Weight::Regular, GREY, &report.subtitle);
    for section in &report.sections {
        // A heading is never left alone at the foot of a page.
        flow.y += 4.0;
        // A heading is kept with its first chart, too.
        let first = match section.blocks.first() {
            Some(Block::Chart(chart)) => LINE * 3.0 + chart.height,
            _ => 0.0,
        };
        flow.room_for((LINE * 3.0).max(LINE + first));
        flow.line(LEFT, 13.0, Weight::Bold, BLACK, &section.heading);
        flow.y += 1.0;
        for block in &section.blocks {
            match block {
                Block::Paragraph(text) => {
                    flow.wrapped(LEFT, SIZE, Weight::Regular, BLACK, text);
                    flow.y += 1.5;
                }
                Block::Subheading(text) => {
                    flow.y += 2.0;
                    flow.room_for(LINE * 2.0);
                    flow.wrapped(LEFT, SIZE, Weight::Bold, BLACK, text);
                }
                Block::Field { label, value } => flow.field(label, value),
                Block::Quote(text) => {
                    flow.wrapped(
                        LEFT + QUOTE_INDENT,
                        QUOTE_SIZE,
                        Weight::Regular,
                        BLACK,
                        text,
                    );
                    flow.y += 1.5;
                }
                Block::Chart(chart) => flow.chart(chart),
                Block::Table(table) => {
                    flow.table(table);
                    flow.y += 2.0;
                }
            }
        }
    }
    let pages = flow.doc.page_count();
    for index in 0..pages {
        flow.doc
            .page(index)
            .footer((LEFT, RIGHT, FOOTER), &report.footer, index + 1, pages);
    }
    Ok(flow.doc.finish(created))
}
