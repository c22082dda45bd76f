//! One input file through the whole pipeline: bytes → extractor → document model → segmentation
//! → canonical tables → checks. Never panics and never returns an error: a file that cannot be
//! processed becomes a `failed` report with the reason.

use crate::record::ReportRow;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use yjs_analyze::checks::Finding;
use yjs_analyze::Analysis;
use yjs_analyze::Fact;
use yjs_analyze::TableInstance;
use yjs_model::Document;

pub struct Outcome {
    pub report: ReportRow,
    pub facts: Vec<Fact>,
    pub findings: Vec<Finding>,
    pub narrative: Vec<yjs_analyze::Stated>,
    /// `json/<report_id>.json`, serialised (none for a failed file).
    pub json: Option<Vec<u8>>,
}

/// The input formats recognised by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sniffed {
    Pdf,
    Docx,
    Xlsx,
    Ole,
    Unknown,
}

/// How much of a file's start [`sniff`] looks at (beside a ZIP's central directory).
const HEAD: usize = 64 * 1024;

/// A file's format from its first [`HEAD`] bytes and, asked only of a ZIP, whether its central
/// directory lists `xl/workbook.xml`.
fn sniff(head: &[u8], lists_workbook: impl FnOnce() -> bool) -> Sniffed {
    if yjs_pdf::sniff(head) {
        return Sniffed::Pdf;
    }
    let zip = head.starts_with(b"PK\x03\x04");
    if zip && lists_workbook() {
        return Sniffed::Xlsx;
    }
    if yjs_docx::sniff(head) {
        return Sniffed::Docx;
    }
    if zip && head.windows(3).any(|w| w == b"xl/") {
        return Sniffed::Xlsx;
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Sniffed::Ole;
    }
    Sniffed::Unknown
}

/// Opens an input for reading, refusing anything but a regular file (or a link to one): a
/// FIFO named `x.pdf` would block the opening thread until something writes to it, and a device
/// never ends.
pub(crate) fn open_regular(path: &Path) -> std::io::Result<File> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::other(
            "not a regular file (a folder, pipe, socket or device)",
        ));
    }
    File::open(path)
}

/// SHA-256 of everything `r` reads, read in blocks (a file is never held whole to be hashed).
pub(crate) fn digest_reader(r: impl Read) -> std::io::Result<[u8; 32]> {
    let mut h = Sha256::new();
    std::io::copy(&mut BufReader::with_capacity(256 * 1024, r), &mut h)?;
    Ok(h.finalize().into())
}

/// Lower-case hexadecimal of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(2 * bytes.len());
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// The report_id of a file that cannot be read: from its path, as no content identifies it.
pub(crate) fn path_id(path: &Path) -> String {
    hex(&Sha256::digest(path.to_string_lossy().as_bytes()))[..16].to_string()
}

/// The message a panic carried (empty when it was not a string).
pub(crate) fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

/// Runs an extractor with panics caught: a panic is reported as an internal error of that file.
fn isolate(f: impl FnOnce() -> Result<Document, String>) -> Result<Document, String> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(p) => Err(format!(
            "internal error while reading the file: {}",
            panic_message(p.as_ref())
        )),
    }
}

/// `report` as a failed file with `error` as the reason.
pub(crate) fn failed(mut report: ReportRow, error: String) -> Outcome {
    report.status = "failed".into();
    report.error = error;
    Outcome {
        report,
        facts: Vec::new(),
        findings: Vec::new(),
        narrative: Vec::new(),
        json: None,
    }
}

/// Per-file limits of a batch.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Time limit for one file (none: no limit); past it the file is `failed` with
    /// "time limit of N s exceeded".
    pub time_limit: Option<std::time::Duration>,
}

/// [`process`] within `opts`' limits; `sha256`, when the caller has already hashed the file,
/// saves hashing it again. Also says whether the time limit was reached.
pub fn process_with(path: &Path, opts: &Options, sha256: Option<&str>) -> (Outcome, bool) {
    yjs_model::limit::within(opts.time_limit, || process_known(path, sha256))
}

pub fn process(path: &Path) -> Outcome {
    process_known(path, None)
}

fn process_known(path: &Path, sha256: Option<&str>) -> Outcome {
    let mut report = ReportRow::new(path);
    // (as for a file that cannot be opened, whenever the read fails: no content identifies it)
    let cannot_read = |mut report: ReportRow, e: std::io::Error| {
        report.report_id = path_id(path);
        report.sha256.clear();
        failed(report, format!("cannot read file: {e}"))
    };
    let mut file = match open_regular(path) {
        Ok(f) => f,
        Err(e) => return cannot_read(report, e),
    };
    let digest = match sha256 {
        Some(d) => d.to_string(),
        None => match digest_reader(&mut file) {
            Ok(d) => hex(&d),
            Err(e) => return cannot_read(report, e),
        },
    };
    // the file's start decides its format; only a PDF is then read whole, a DOCX or XLSX is read
    // from the file part by part (its images and other media never enter memory)
    let size = file.metadata().map_or(0, |m| m.len() as usize);
    let mut bytes = Vec::with_capacity(size.min(HEAD));
    if let Err(e) = file
        .seek(SeekFrom::Start(0))
        .and_then(|_| file.by_ref().take(HEAD as u64).read_to_end(&mut bytes))
    {
        return cannot_read(report, e);
    }
    report.report_id = digest[..16].to_string();
    report.sha256 = digest;
    if bytes.is_empty() {
        return failed(report, "empty file (0 bytes)".into());
    }
    let kind = sniff(&bytes, || {
        file.seek(SeekFrom::Start(0)).is_ok() && yjs_xlsx::lists_workbook(BufReader::new(&file))
    });
    report.format = match kind {
        Sniffed::Pdf => "pdf",
        Sniffed::Docx => "docx",
        Sniffed::Xlsx => "xlsx",
        Sniffed::Ole => "ole",
        Sniffed::Unknown => "unknown",
    }
    .into();
    // a DOCX or XLSX part by part, through a buffer, from the file's start
    fn parts(mut file: &File) -> Result<BufReader<&File>, String> {
        file.seek(SeekFrom::Start(0))
            .map_err(|e| format!("cannot read file: {e}"))?;
        Ok(BufReader::with_capacity(HEAD, file))
    }
    let read = match kind {
        Sniffed::Pdf => {
            bytes.reserve_exact(size.saturating_sub(bytes.len()));
            if let Err(e) = file.read_to_end(&mut bytes) {
                return cannot_read(report, e);
            }
            isolate(|| yjs_pdf::extract(&bytes).map_err(|e| e.to_string()))
        }
        Sniffed::Docx => {
            isolate(|| yjs_docx::extract_from(parts(&file)?).map_err(|e| e.to_string()))
        }
        Sniffed::Xlsx => {
            isolate(|| yjs_xlsx::extract_from(parts(&file)?).map_err(|e| e.to_string()))
        }
        Sniffed::Ole => {
            return failed(
                report,
                "unsupported format: legacy Word/Excel (.doc/.xls) or password-protected Office file; save it as .docx/.xlsx".into(),
            )
        }
        Sniffed::Unknown => {
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_lowercase();
            let reason = if ext == "pdf" {
                "not a PDF: the file does not start with %PDF (wrong extension or a download error page?)".to_string()
            } else {
                format!(
                    "unrecognised format (not PDF, DOCX or XLSX){}",
                    if ext.is_empty() {
                        String::new()
                    } else {
                        format!(": .{ext}")
                    }
                )
            };
            return failed(report, reason);
        }
    };
    match read {
        Ok(doc) => analyse(report, doc),
        Err(e) => failed(report, e),
    }
}

/// Segmentation, reconciliation and checks over an extracted document.
pub fn analyse(mut report: ReportRow, doc: Document) -> Outcome {
    if let Err(e) = yjs_model::limit::check() {
        return failed(report, e.to_string());
    }
    // a damaged file's text (and so its numbers) cannot be trusted: nothing of it is reported
    if let Some(first) = doc.damaged.first() {
        report.pages = doc.pages.len();
        let more = match doc.damaged.len() {
            1 => String::new(),
            n => format!(" (and {} more problems)", n - 1),
        };
        return failed(report, format!("damaged file: {first}{more}"));
    }
    let a = match yjs_analyze::analyze(&doc) {
        Ok(a) => a,
        Err(e) => return failed(report, e.to_string()),
    };
    describe(&mut report, &a, &doc);
    let json = document_json(&report, &a, &doc);
    Outcome {
        report,
        facts: a.facts,
        findings: a.findings,
        narrative: a.stated,
        json,
    }
}

/// Fills in what the analysis found of the report: metadata, counts, status and, where no
/// canonical table was recognised, why.
fn describe(report: &mut ReportRow, a: &Analysis, doc: &Document) {
    report.unit = a.unit.unwrap_or_default().to_string();
    report.department = a.meta.department.clone().unwrap_or_default();
    report.year = a.meta.year.map(|y| y.to_string()).unwrap_or_default();
    report.kind = a.meta.kind.as_str().into();
    report.scope = a.meta.scope.as_str().into();
    report.pages = doc.pages.len();
    report.tables = a.recognised;
    report.facts = a.facts.len();
    report.checks_failed = a.checks_failed();
    report.status = if a.complete() { "ok" } else { "partial" }.into();
    if a.recognised == 0 {
        report.error = no_table_reason(doc).into();
    }
}

/// Why a document yielded no canonical table.
fn no_table_reason(doc: &Document) -> &'static str {
    let has_text = doc.pages.iter().flat_map(|p| &p.blocks).any(|b| match b {
        yjs_model::Block::Paragraph(p) => p.lines.iter().any(|l| !l.text.trim().is_empty()),
        yjs_model::Block::Grid(g) => g.cells.iter().any(|c| !c.text.trim().is_empty()),
    });
    if has_text {
        "no canonical table recognised"
    } else if doc.format == yjs_model::Format::Pdf {
        "no text layer (a scanned document?): OCR is not supported"
    } else {
        "the document holds no text"
    }
}

/// `json/<report_id>.json` (see [`DocJson`]); none if it cannot be serialised.
fn document_json(report: &ReportRow, a: &Analysis, doc: &Document) -> Option<Vec<u8>> {
    // (sized up front: a page of the document model is about 15 KB of JSON, and growing
    // the buffer by doubling copies it over and over)
    let mut json = Vec::with_capacity(16 * 1024 * (1 + doc.pages.len().min(4096)));
    serde_json::to_writer(
        &mut json,
        &DocJson {
            report,
            info: &doc.info,
            tables: a
                .tables
                .iter()
                .map(|t| table_json(t, doc, &a.facts))
                .collect(),
            findings: &a.findings,
        },
    )
    .ok()
    .map(|_| {
        // the document model, the JSON's last member, written by the model itself
        json.pop();
        json.extend_from_slice(b",\"document\":");
        yjs_model::json::write_document(doc, &mut json);
        json.push(b'}');
        json
    })
}

/// `json/<report_id>.json`: the report, the document's information, its canonical tables with
/// their facts, the findings and, appended as the last member `document`, the whole document
/// model ([`yjs_model::json::write_document`]).
#[derive(Serialize)]
struct DocJson<'a> {
    report: &'a ReportRow,
    info: &'a [(String, String)],
    tables: Vec<TableJson<'a>>,
    findings: &'a [Finding],
}

#[derive(Serialize)]
struct TableJson<'a> {
    key: Option<&'static str>,
    title: &'a str,
    unit: Option<&'static str>,
    pages: Vec<u32>,
    grids: Vec<GridRef>,
    notes: &'a [String],
    facts: Vec<FactJson<'a>>,
}

#[derive(Serialize)]
struct GridRef {
    page: u32,
    block: usize,
}

#[derive(Serialize)]
struct FactJson<'a> {
    side: Option<&'static str>,
    row_code: &'a str,
    row_name: &'a str,
    column: &'a str,
    value: String,
    page: u32,
}

fn table_json<'a>(t: &'a TableInstance, doc: &Document, facts: &'a [Fact]) -> TableJson<'a> {
    TableJson {
        key: t.key.map(|k| k.as_str()),
        title: &t.title,
        unit: t.unit,
        pages: t.parts.iter().map(|p| doc.pages[p.page].number).collect(),
        grids: t
            .parts
            .iter()
            .map(|p| GridRef {
                page: doc.pages[p.page].number,
                block: p.block,
            })
            .collect(),
        notes: &t.notes,
        facts: match t.key {
            Some(k) => facts
                .iter()
                .filter(|f| f.table == k)
                .map(|f| FactJson {
                    side: f.side.map(|s| s.as_str()),
                    row_code: &f.row_code,
                    row_name: &f.row_name,
                    column: &f.column,
                    value: f.value.to_string(),
                    page: f.page,
                })
                .collect(),
            None => Vec::new(),
        },
    }
}
