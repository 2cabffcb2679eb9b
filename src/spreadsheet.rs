//! Reads a spreadsheet people made elsewhere — CSV (UTF-8 with or without a
//! BOM, UTF-16 with a BOM, or Windows-1252) or an Excel/OpenDocument
//! workbook — into rows of text. The only module that names csv, calamine
//! or encoding_rs.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, DataType, Reader};
use encoding_rs::{Encoding, WINDOWS_1252};

use crate::domain::ValidationError;
use crate::domain::dates::short_date;

/// Larger files are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// The first sheet (or the CSV) as text: the heading row, then the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// As the spreadsheet numbers it: the heading row is 1.
    pub number: usize,
    pub cells: Vec<String>,
}

impl Row {
    pub fn cell(&self, column: usize) -> &str {
        self.cells.get(column).map_or("", |c| c.trim())
    }
}

fn refuse(message: impl Into<String>) -> ValidationError {
    ValidationError::new("file", message)
}

/// Reads the file at `path`, whatever its extension says, by its content.
pub fn read_file(path: &Path) -> Result<Table, ValidationError> {
    let size = std::fs::metadata(path)
        .map_err(|e| refuse(format!("The file could not be opened: {e}.")))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(refuse(format!(
            "This file is {} MB; Tend reads spreadsheets of up to {} MB. Save just the sheet of people as its own file and try that.",
            size.div_ceil(1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let bytes =
        std::fs::read(path).map_err(|e| refuse(format!("The file could not be read: {e}.")))?;
    read_bytes(&bytes)
}

pub fn read_bytes(bytes: &[u8]) -> Result<Table, ValidationError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(refuse("The file is empty."));
    }
    let table = if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        read_workbook(bytes)?
    } else {
        read_csv(&decode(bytes)?)?
    };
    if table.rows.is_empty() {
        return Err(refuse(
            "The file has a heading row but no rows of people under it.",
        ));
    }
    Ok(table)
}

/// Text from bytes: a BOM decides; otherwise UTF-8 when it is valid, else
/// Windows-1252 (what Excel on Windows saves as "CSV").
fn decode(bytes: &[u8]) -> Result<String, ValidationError> {
    let text = match Encoding::for_bom(bytes) {
        Some((encoding, bom)) => encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned(),
        None => match std::str::from_utf8(bytes) {
            Ok(text) => text.to_owned(),
            Err(_) => WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
        },
    };
    let controls = text
        .chars()
        .take(8192)
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    if controls > 0 {
        return Err(refuse(
            "This does not look like a spreadsheet: save it from your spreadsheet program as CSV or Excel (.xlsx) and try again.",
        ));
    }
    Ok(text)
}

fn read_csv(text: &str) -> Result<Table, ValidationError> {
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.matches(char::from(*d)).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut lines = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            refuse(format!(
                "Row {} could not be read as CSV: {e}. Check its quotes.",
                index + 1
            ))
        })?;
        lines.push(record.iter().map(str::to_owned).collect());
    }
    Ok(table_from(lines))
}

fn read_workbook(bytes: &[u8]) -> Result<Table, ValidationError> {
    let unreadable = |e: calamine::Error| {
        refuse(format!(
            "This workbook could not be read ({e}). Save it again from your spreadsheet program as .xlsx or CSV."
        ))
    };
    let mut workbook =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| refuse("This workbook has no sheets."))?
        .map_err(unreadable)?;
    // A sheet whose first rows are empty starts lower down; keep its numbering.
    let skipped = range.start().map_or(0, |(row, _)| row as usize);
    let lines = std::iter::repeat_n(Vec::new(), skipped)
        .chain(range.rows().map(|row| row.iter().map(cell_text).collect()))
        .collect();
    Ok(table_from(lines))
}

/// A workbook cell as a person would have typed it: dates as dd/mm/yyyy,
/// whole numbers without ".0".
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::DateTime(_) => cell.as_date().map(short_date).unwrap_or_default(),
        other => other.to_string(),
    }
}

/// The first non-blank line is the heading row; blank lines are dropped
/// but keep their numbers so messages match what the person sees.
fn table_from(lines: Vec<Vec<String>>) -> Table {
    let mut numbered = lines
        .into_iter()
        .enumerate()
        .map(|(i, cells)| Row {
            number: i + 1,
            cells,
        })
        .filter(|row| row.cells.iter().any(|c| !c.trim().is_empty()));
    let headers = numbered
        .next()
        .map(|row| row.cells.iter().map(|c| c.trim().to_owned()).collect())
        .unwrap_or_default();
    Table {
        headers,
        rows: numbered.collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_and_windows_1252_read_the_same() {
        let utf8 = "\u{feff}Name,Phone\nZoë Ní Bhriain,0161\n"
            .as_bytes()
            .to_vec();
        let (cp1252, _, _) = WINDOWS_1252.encode("Name,Phone\nZoë Ní Bhriain,0161\n");
        for bytes in [utf8, cp1252.into_owned()] {
            let table = read_bytes(&bytes).unwrap();
            assert_eq!(table.headers, vec!["Name", "Phone"]);
            assert_eq!(table.rows[0].cell(0), "Zoë Ní Bhriain");
        }
    }

    #[test]
    fn quoted_commas_and_newlines_stay_in_their_cell() {
        let table =
            read_bytes(b"Name,Address\n\"Smith, Ann\",\"1 High St\nLeeds\"\nBob,2 Low St\n")
                .unwrap();
        assert_eq!(table.rows[0].cell(0), "Smith, Ann");
        assert_eq!(table.rows[0].cell(1), "1 High St\nLeeds");
        assert_eq!(table.rows[1].number, 3);
    }

    #[test]
    fn semicolons_are_recognised() {
        let table = read_bytes(b"Name;Phone\nAnn;0161\n").unwrap();
        assert_eq!(table.rows[0].cells, vec!["Ann", "0161"]);
    }

    #[test]
    fn empty_binary_and_heading_only_files_are_refused_in_plain_words() {
        assert_eq!(
            read_bytes(b"  \n").unwrap_err().message,
            "The file is empty."
        );
        assert!(
            read_bytes(b"\x00\x01\x02binary\x03")
                .unwrap_err()
                .message
                .contains("does not look like a spreadsheet")
        );
        assert!(
            read_bytes(b"Name,Phone\n")
                .unwrap_err()
                .message
                .contains("no rows of people")
        );
    }
}
