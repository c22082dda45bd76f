//! The XLSX extractor: Office Open XML workbooks → [`yjs_model::Document`], read with `calamine`.
//!
//! One [`Page`] per visible worksheet, in workbook order; the page number is the sheet's position
//! in the workbook (1-based), so a hidden sheet leaves a gap. Hidden and very hidden sheets are
//! not published data and are skipped; chart and dialog sheets hold no cells. The sheet names are
//! listed in [`Document::info`] (`Sheet 1` → name).
//!
//! Geometry is synthetic but stable: column `c` spans x = 60·c … 60·(c+1) and row `r` spans
//! y = 20·r … 20·(r+1) (0-based sheet coordinates), so every cell's box says where it is on its
//! sheet. The layout of a sheet into blocks is in [`layout`]: table regions between blank rows,
//! the caption rows above a table (title, 编制单位, 单位) as paragraphs, the grid with merged
//! regions as spans, notes under it as paragraphs.
//!
//! Cell text is what a reader sees: strings trimmed (lines of a wrapped cell joined without
//! spaces), numbers rendered by [`number`] (15 significant digits, the number format's decimals),
//! booleans `TRUE`/`FALSE`, errors as printed (`#DIV/0!`), dates `YYYY-MM-DD`.
//!
//! Bounds: the archive's declared part sizes are checked before anything is inflated (the ZIP
//! reader enforces them while inflating), the number of non-empty cells per workbook, of merged
//! regions per sheet and of grid slots per table region and per workbook are capped; past a
//! bound the file is an error, never a crash or an unbounded allocation.

#![warn(missing_docs)]

mod layout;
mod number;

use calamine::{DataRef, Reader, SheetType, SheetVisible, Xlsx};
use std::io::{Cursor, Read, Seek, SeekFrom};
use yjs_model::{Document, Format};

/// Why a workbook could not be read.
#[derive(Debug, thiserror::Error)]
pub enum XlsxError {
    /// The file is not a readable ZIP archive.
    #[error("not an XLSX: the file is not a ZIP archive ({0})")]
    NotZip(String),
    /// The archive has no workbook part.
    #[error("not an XLSX: the archive has no xl/workbook.xml")]
    NoWorkbook,
    /// A bound was passed: what, and the bound.
    #[error("XLSX too large: {0} (limit {1})")]
    TooLarge(String, u64),
    /// The workbook is encrypted.
    #[error("encrypted XLSX: the workbook is password-protected")]
    Encrypted,
    /// The reader refused the workbook (or panicked on it).
    #[error("malformed XLSX: {0}")]
    Malformed(String),
    /// The file's time limit passed while reading.
    #[error(transparent)]
    TimeLimit(#[from] yjs_model::limit::TimeLimitExceeded),
}

/// Largest total inflated size of the XML parts (`.xml`, `.rels`) accepted (a zip-bomb guard).
pub const MAX_XML: u64 = 256 << 20;
/// Most entries accepted in the archive.
pub const MAX_ENTRIES: usize = 20_000;
/// Most non-empty cells read from one workbook.
pub const MAX_CELLS: usize = 2_000_000;
/// Most merged regions read from one sheet.
pub const MAX_MERGES: usize = 100_000;

/// Is this an XLSX: a ZIP archive whose central directory lists `xl/workbook.xml`?
pub fn sniff(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") && lists_workbook(Cursor::new(bytes))
}

/// Does the ZIP archive read by `reader` list `xl/workbook.xml` in its central directory? (Only
/// the directory is read.)
pub fn lists_workbook<R: Read + Seek>(reader: R) -> bool {
    zip::ZipArchive::new(reader).is_ok_and(|z| z.index_for_name("xl/workbook.xml").is_some())
}

/// Checks the archive before calamine inflates anything: a ZIP, with a workbook, with few enough
/// entries and XML parts whose declared sizes add up to less than [`MAX_XML`]. The ZIP reader
/// stops inflating a part past its declared size, so the declared sizes bound memory.
fn check_archive<R: Read + Seek>(reader: R) -> Result<(), XlsxError> {
    let mut zip = zip::ZipArchive::new(reader).map_err(|e| XlsxError::NotZip(e.to_string()))?;
    if zip.len() > MAX_ENTRIES {
        return Err(XlsxError::TooLarge(
            format!("{} entries in the archive", zip.len()),
            MAX_ENTRIES as u64,
        ));
    }
    if zip.index_for_name("xl/workbook.xml").is_none() {
        return Err(XlsxError::NoWorkbook);
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|e| XlsxError::Malformed(e.to_string()))?;
        let name = f.name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
        if name.ends_with(".xml") || name.ends_with(".rels") {
            total = total.saturating_add(f.size());
        }
    }
    if total > MAX_XML {
        return Err(XlsxError::TooLarge(
            format!("{total} bytes of XML inflated"),
            MAX_XML,
        ));
    }
    Ok(())
}

fn malformed(e: calamine::XlsxError) -> XlsxError {
    match e {
        calamine::XlsxError::Password => XlsxError::Encrypted,
        e => XlsxError::Malformed(e.to_string()),
    }
}

/// A merged region: `((row0, col0), (row1, col1))`, 0-based and inclusive.
pub type Region = ((u32, u32), (u32, u32));

/// One worksheet as read: its non-empty cells and merged regions (0-based, inclusive).
#[derive(Debug, Default, Clone)]
pub struct SheetData {
    /// `(row, col, text)` of every cell with text, sorted by position.
    pub cells: Vec<(u32, u32, String)>,
    /// `((row0, col0), (row1, col1))`, inclusive.
    pub merges: Vec<Region>,
}

/// Reads a workbook held in memory ([`extract_from`] over its bytes).
pub fn extract(bytes: &[u8]) -> Result<Document, XlsxError> {
    extract_from(Cursor::new(bytes))
}

/// [`extract`] from a reader of the file (a file on disk: only the directory and the parts read
/// are read, never the images and other media a workbook may hold).
pub fn extract_from<R: Read + Seek>(mut reader: R) -> Result<Document, XlsxError> {
    check_archive(&mut reader)?;
    reader
        .seek(SeekFrom::Start(0))
        .map_err(|e| XlsxError::Malformed(e.to_string()))?;
    // the workbook reader is a dependency: should it panic on a damaged part, the file is an
    // error like any other malformed input
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_workbook(reader))).unwrap_or_else(
        |p| {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(XlsxError::Malformed(format!(
                "the workbook reader failed: {msg}"
            )))
        },
    )
}

fn read_workbook<R: Read + Seek>(reader: R) -> Result<Document, XlsxError> {
    let mut wb: Xlsx<_> = Xlsx::new(reader).map_err(malformed)?;
    let sheets = wb.sheets_metadata().to_vec();
    let mut info = Vec::new();
    let mut pages = Vec::new();
    let mut budget = MAX_CELLS;
    let mut slots = layout::MAX_WORKBOOK_SLOTS;
    for (i, s) in sheets.iter().enumerate() {
        yjs_model::limit::check()?;
        let number = i as u32 + 1;
        let skipped = match (s.visible, s.typ) {
            (SheetVisible::Visible, SheetType::WorkSheet) => None,
            (SheetVisible::Visible, _) => Some(" (not a worksheet, skipped)"),
            _ => Some(" (hidden, skipped)"),
        };
        info.push((
            format!("Sheet {number}"),
            format!("{}{}", s.name, skipped.unwrap_or("")),
        ));
        if skipped.is_some() {
            continue;
        }
        let data = read_sheet(&mut wb, &s.name, &mut budget)?;
        pages.push(layout::page(number, &data, &mut slots)?);
    }
    Ok(Document {
        format: Format::Xlsx,
        info,
        pages,
        damaged: Vec::new(),
        undecoded: Vec::new(),
        ocr: Vec::new(),
        ocr_words: Vec::new(),
    })
}

fn read_sheet<R: Read + Seek>(
    wb: &mut Xlsx<R>,
    name: &str,
    budget: &mut usize,
) -> Result<SheetData, XlsxError> {
    let mut data = SheetData::default();
    {
        let mut reader = wb.worksheet_cells_reader(name).map_err(malformed)?;
        let formats: Vec<number::NumFmt> = reader
            .styles()
            .iter()
            .map(|s| {
                s.number_format
                    .as_ref()
                    .map_or(number::NumFmt::General, |f| {
                        number::NumFmt::parse(&f.format_code)
                    })
            })
            .collect();
        while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(malformed)? {
            let fmt = formats
                .get(style)
                .copied()
                .unwrap_or(number::NumFmt::General);
            let text = cell_text(cell.get_value(), fmt);
            if text.is_empty() {
                continue;
            }
            if *budget == 0 {
                return Err(XlsxError::TooLarge(
                    "too many non-empty cells".into(),
                    MAX_CELLS as u64,
                ));
            }
            *budget -= 1;
            let (r, c) = cell.get_position();
            data.cells.push((r, c, text));
        }
    }
    // a cell written twice keeps its last value
    data.cells.sort_by_key(|&(r, c, _)| (r, c));
    let mut dedup: Vec<(u32, u32, String)> = Vec::with_capacity(data.cells.len());
    for cell in data.cells.drain(..) {
        match dedup.last_mut() {
            Some(last) if (last.0, last.1) == (cell.0, cell.1) => *last = cell,
            _ => dedup.push(cell),
        }
    }
    data.cells = dedup;
    {
        let merges = wb.merge_cells_by_sheet_name(name).map_err(malformed)?;
        if merges.len() > MAX_MERGES {
            return Err(XlsxError::TooLarge(
                format!("{} merged regions in a sheet", merges.len()),
                MAX_MERGES as u64,
            ));
        }
        data.merges = merges
            .into_iter()
            .map(|d| {
                (
                    (d.start.0.min(d.end.0), d.start.1.min(d.end.1)),
                    (d.start.0.max(d.end.0), d.start.1.max(d.end.1)),
                )
            })
            .filter(|(a, b)| a != b)
            .collect();
    }
    Ok(data)
}

/// The printed text of a cell value.
pub fn cell_text(v: &DataRef, fmt: number::NumFmt) -> String {
    match v {
        DataRef::String(s) => clean(s),
        DataRef::SharedString(s) => clean(s),
        DataRef::Float(f) => number::render(*f, fmt),
        DataRef::Int(i) => number::render(*i as f64, fmt),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        DataRef::Error(e) => e.to_string(),
        DataRef::DateTime(d) => {
            let (y, mo, da, h, mi, s, _) = d.to_ymd_hms_milli();
            if d.is_duration() {
                let total = (d.as_f64() * 86400.0).round();
                if total.is_finite() && total.abs() < 1e12 {
                    let t = total.abs() as u64;
                    let sign = if total < 0.0 { "-" } else { "" };
                    format!("{sign}{}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60)
                } else {
                    "#NUM!".into()
                }
            } else if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{da:02}")
            } else {
                format!("{y:04}-{mo:02}-{da:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => clean(s),
        DataRef::Empty => String::new(),
    }
}

/// Trimmed text; the lines of a wrapped cell are joined without spaces (Chinese text wraps
/// without them), as the other extractors join wrapped lines in a cell.
fn clean(s: &str) -> String {
    let t = s.trim();
    if !t.contains(['\n', '\r']) {
        return t.to_string();
    }
    t.split(['\n', '\r']).map(str::trim).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_values() {
        use number::NumFmt::General;
        assert_eq!(
            cell_text(&DataRef::String(" 合计 ".into()), General),
            "合计"
        );
        assert_eq!(
            cell_text(&DataRef::SharedString("本年收入\n合计"), General),
            "本年收入合计"
        );
        assert_eq!(cell_text(&DataRef::Float(2010301.0), General), "2010301");
        assert_eq!(
            cell_text(&DataRef::Float(307.82000000000005), General),
            "307.82"
        );
        assert_eq!(
            cell_text(&DataRef::Float(12175.6), number::NumFmt::parse("#,##0.00")),
            "12175.60"
        );
        assert_eq!(
            cell_text(&DataRef::String("91,016,775.35".into()), General),
            "91,016,775.35",
            "numbers stored as text stay as printed"
        );
        assert_eq!(cell_text(&DataRef::Bool(true), General), "TRUE");
        assert_eq!(
            cell_text(&DataRef::Error(calamine::CellErrorType::Div0), General),
            "#DIV/0!"
        );
        let d = calamine::ExcelDateTime::new(45943.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&DataRef::DateTime(d), General), "2025-10-13");
        assert_eq!(cell_text(&DataRef::Empty, General), "");
    }

    #[test]
    fn not_a_zip_and_no_workbook_are_errors() {
        assert!(matches!(
            extract(b"PK\x03\x04xl/garbage"),
            Err(XlsxError::NotZip(_))
        ));
        assert!(!sniff(b"PK\x03\x04xl/garbage"));
        assert!(!sniff(b"%PDF-1.7"));
    }
}
