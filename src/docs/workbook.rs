//! An Excel workbook of one sheet (the only module naming
//! rust_xlsxwriter): a bold header row, then rows of text and numbers.

use rust_xlsxwriter::{Format, Workbook};

/// A cell: numbers stay numbers, so a spreadsheet can add them up.
pub enum Cell {
    Text(String),
    Number(f64),
}

pub fn workbook(sheet: &str, header: &[&str], rows: &[Vec<Cell>]) -> crate::Result<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| {
        crate::Error::Conflict(format!("The workbook could not be made: {e}"))
    };
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let page = book.add_worksheet();
    page.set_name(sheet).map_err(fail)?;
    for (column, title) in (0u16..).zip(header) {
        page.write_string_with_format(0, column, *title, &bold)
            .map_err(fail)?;
    }
    for (row, cells) in (1u32..).zip(rows) {
        for (column, cell) in (0u16..).zip(cells) {
            match cell {
                Cell::Text(text) => page.write_string(row, column, text),
                Cell::Number(n) => page.write_number(row, column, *n),
            }
            .map_err(fail)?;
        }
    }
    page.autofit();
    book.save_to_buffer().map_err(fail)
}
