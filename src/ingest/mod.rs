//! Ingest: one input file through the whole pipeline — opened (regular files only), hashed,
//! its format told by content, extracted with panics caught, then analysed. Never panics and
//! never returns an error: a file that cannot be processed becomes a `failed` report whose
//! [`Failure`] says why (and whether it may be cached).

mod failure;
mod file;

pub use failure::Failure;
pub(crate) use file::{digest_reader, hex, open_regular, panic_message, path_id};

use crate::output::json::document_json;
use crate::record::{FactRow, InputFormat, NarrativeRow, Record, ReportRow, Status};
use file::{sniff, Sniffed, HEAD};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use yjs_analyze::checks::Finding;
use yjs_analyze::Analysis;
use yjs_analyze::Fact;
use yjs_model::Document;

/// What came of one file.
pub struct Outcome {
    /// Its `reports.csv` row.
    pub report: ReportRow,
    /// The canonical tables' facts.
    pub facts: Vec<Fact>,
    /// The findings of the checks.
    pub findings: Vec<Finding>,
    /// The numbers its text states.
    pub narrative: Vec<yjs_analyze::Stated>,
    /// Every printed cell of every table.
    pub cells: Vec<yjs_analyze::CellTable>,
    /// `json/<report_id>.json`, serialised (none for a failed file).
    pub json: Option<Vec<u8>>,
    /// Why the file failed, if it did.
    pub failure: Option<Failure>,
}

impl Outcome {
    /// May this outcome be cached for the next run of the same build? (See
    /// [`Failure::cacheable`].)
    pub fn cacheable(&self) -> bool {
        self.failure.as_ref().is_none_or(Failure::cacheable)
    }

    /// The report's rows of every combined output (the outcome's values moved, not copied).
    pub fn into_record(self) -> Record {
        let o = self;
        Record {
            report: o.report,
            facts: o
                .facts
                .into_iter()
                .map(|f| FactRow {
                    table: f.table,
                    side: f.side,
                    row_code: f.row_code,
                    row_name: f.row_name,
                    column: f.column,
                    value: f.value,
                    unit: f.unit.to_string(),
                    page: f.page,
                    row_seq: f.row_seq,
                    confidence: f.confidence,
                })
                .collect(),
            checks: o.findings,
            narrative: o
                .narrative
                .into_iter()
                .map(|n| NarrativeRow {
                    section: n.section,
                    subject: n.subject,
                    measure: n.measure.as_str().to_string(),
                    value: n.value,
                    unit: n.unit,
                    sentence: n.sentence,
                    page: n.page,
                })
                .collect(),
            cells: o.cells,
        }
    }
}

/// `report` as a failed file, for `failure`.
pub(crate) fn failed(mut report: ReportRow, failure: Failure) -> Outcome {
    report.status = Status::Failed;
    report.error = failure.to_string();
    Outcome {
        report,
        facts: Vec::new(),
        findings: Vec::new(),
        narrative: Vec::new(),
        cells: Vec::new(),
        json: None,
        failure: Some(failure),
    }
}

/// Per-file limits of a batch.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Time limit for one file (none: no limit); past it the file is `failed` with
    /// "time limit of N s exceeded".
    pub time_limit: Option<std::time::Duration>,
}

/// One file end to end within `opts`' limits; `sha256`, when the caller has already hashed the
/// file, saves hashing it again.
pub fn process_with(path: &Path, opts: &Options, sha256: Option<&str>) -> Outcome {
    yjs_model::limit::within(opts.time_limit, || process_known(path, sha256)).0
}

/// One file: opened, identified by its content, sniffed, extracted and analysed.
fn process_known(path: &Path, sha256: Option<&str>) -> Outcome {
    let report = ReportRow::new(path);
    let mut file = match open_regular(path) {
        Ok(f) => f,
        Err(e) => return unreadable(report, path, e),
    };
    let digest = match sha256 {
        Some(d) => d.to_string(),
        None => match digest_reader(&mut file) {
            Ok(d) => hex(&d),
            Err(e) => return unreadable(report, path, e),
        },
    };
    // the file's start decides its format; only a PDF is then read whole, a DOCX or XLSX is read
    // from the file part by part (its images and other media never enter memory)
    let (head, size) = match read_head(&mut file) {
        Ok(h) => h,
        Err(e) => return unreadable(report, path, e),
    };
    let mut report = report;
    report.report_id = digest[..16].to_string();
    report.sha256 = digest;
    if head.is_empty() {
        return failed(report, Failure::Empty);
    }
    let kind = sniff(&head, || {
        file.seek(SeekFrom::Start(0)).is_ok() && yjs_xlsx::lists_workbook(BufReader::new(&file))
    });
    report.format = input_format(kind);
    match extract(kind, path, &mut file, head, size) {
        Ok(doc) => analyse(report, doc),
        Err(Failure::Unreadable(e)) => unreadable(report, path, e),
        Err(f) => failed(report, f),
    }
}

/// A file that could not be read: failed, its report_id from its path (as for a file that
/// cannot be opened, whenever the read fails: no content identifies it).
fn unreadable(mut report: ReportRow, path: &Path, e: std::io::Error) -> Outcome {
    report.report_id = path_id(path);
    report.sha256.clear();
    failed(report, Failure::Unreadable(e))
}

/// The file's first [`HEAD`] bytes, and its size.
fn read_head(file: &mut File) -> std::io::Result<(Vec<u8>, usize)> {
    let size = file.metadata().map_or(0, |m| m.len() as usize);
    let mut bytes = Vec::with_capacity(size.min(HEAD));
    file.seek(SeekFrom::Start(0))?;
    file.by_ref().take(HEAD as u64).read_to_end(&mut bytes)?;
    Ok((bytes, size))
}

/// The `format` a sniffed file is reported as.
fn input_format(kind: Sniffed) -> InputFormat {
    match kind {
        Sniffed::Pdf => InputFormat::Pdf,
        Sniffed::Docx => InputFormat::Docx,
        Sniffed::Xlsx => InputFormat::Xlsx,
        Sniffed::Ole => InputFormat::Ole,
        Sniffed::Unknown => InputFormat::Unknown,
    }
}

/// The document of a file of format `kind` and `size` bytes whose first bytes are `bytes`: a
/// PDF read whole, a DOCX or XLSX part by part from the file, each extractor's panics caught.
fn extract(
    kind: Sniffed,
    path: &Path,
    file: &mut File,
    mut bytes: Vec<u8>,
    size: usize,
) -> Result<Document, Failure> {
    match kind {
        Sniffed::Pdf => {
            bytes.reserve_exact(size.saturating_sub(bytes.len()));
            file.read_to_end(&mut bytes).map_err(Failure::Unreadable)?;
            isolate(|| yjs_pdf::extract(&bytes).map_err(Failure::from_pdf))
        }
        Sniffed::Docx => {
            let parts = parts(file)?;
            isolate(|| yjs_docx::extract_from(parts).map_err(Failure::from_docx))
        }
        Sniffed::Xlsx => {
            let parts = parts(file)?;
            isolate(|| yjs_xlsx::extract_from(parts).map_err(Failure::from_xlsx))
        }
        Sniffed::Ole => Err(Failure::Legacy),
        Sniffed::Unknown => {
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_lowercase();
            Err(if ext == "pdf" {
                Failure::NotPdf
            } else {
                Failure::Unrecognised(ext)
            })
        }
    }
}

/// A DOCX or XLSX read part by part, through a buffer, from the file's start.
fn parts(mut file: &File) -> Result<BufReader<&File>, Failure> {
    file.seek(SeekFrom::Start(0)).map_err(Failure::Unreadable)?;
    Ok(BufReader::with_capacity(HEAD, file))
}

/// Runs an extractor with panics caught: a panic is reported as an internal error of that file.
fn isolate(f: impl FnOnce() -> Result<Document, Failure>) -> Result<Document, Failure> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(p) => Err(Failure::ExtractorPanic(panic_message(p.as_ref()))),
    }
}

/// Segmentation, reconciliation and checks over an extracted document.
fn analyse(mut report: ReportRow, doc: Document) -> Outcome {
    if let Err(e) = yjs_model::limit::check() {
        return failed(report, Failure::TimeLimit(e));
    }
    // a damaged file's text (and so its numbers) cannot be trusted: nothing of it is reported
    if !doc.damaged.is_empty() {
        report.pages = doc.pages.len();
        return failed(report, Failure::Damaged(doc.damaged));
    }
    let a = match yjs_analyze::analyze(&doc) {
        Ok(a) => a,
        Err(e) => return failed(report, Failure::TimeLimit(e)),
    };
    describe(&mut report, &a, &doc);
    let json = document_json(&report, &a, &doc);
    Outcome {
        report,
        facts: a.facts,
        findings: a.findings,
        narrative: a.stated,
        cells: a.cells,
        json,
        failure: None,
    }
}

/// Fills in what the analysis found of the report: metadata, counts, status and, where no
/// canonical table was recognised, why.
fn describe(report: &mut ReportRow, a: &Analysis, doc: &Document) {
    report.unit = a.unit.unwrap_or_default().to_string();
    report.department = a.meta.department.clone().unwrap_or_default();
    report.year = a.meta.year.map(|y| y.to_string()).unwrap_or_default();
    report.kind = a.meta.kind;
    report.scope = a.meta.scope;
    report.pages = doc.pages.len();
    report.tables = a.recognised;
    report.facts = a.facts.len();
    report.checks_failed = a.checks_failed();
    report.status = if a.complete() {
        Status::Ok
    } else {
        Status::Partial
    };
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
