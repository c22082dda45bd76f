//! One report's rows of every combined output (reports, facts, checks, narrative), as the
//! writers in [`crate::output`] consume them and as the per-report cache stores them.
//!
//! A [`Record`] holds exactly what the combined files print for the report, so a batch written
//! from records loaded from the cache is byte for byte the batch written from fresh extractions.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use yjs_analyze::schema::{Side, TableKey};
use yjs_analyze::{CellTable, CellView, Finding, RuleId, Severity};
use yjs_analyze::{Kind, Scope};

/// How far a report got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every canonical table the report lists was recognised.
    Ok,
    /// Read, but no canonical table recognised, or one the report lists missing.
    Partial,
    /// Not read (the `error` says why): no JSON, no rows but its `reports.csv` row.
    Failed,
}

impl Status {
    /// The name printed in `reports.csv` and the JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Partial => "partial",
            Status::Failed => "failed",
        }
    }
}

/// An input's format, told by its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// Not known: the file could not be read (printed empty).
    #[serde(rename = "")]
    NotRead,
    /// PDF.
    Pdf,
    /// Word (Office Open XML).
    Docx,
    /// Excel (Office Open XML).
    Xlsx,
    /// An OLE compound file: legacy `.doc` / `.xls` or an encrypted Office file.
    Ole,
    /// None of these.
    Unknown,
}

impl InputFormat {
    /// The name printed in `reports.csv` and the JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            InputFormat::NotRead => "",
            InputFormat::Pdf => "pdf",
            InputFormat::Docx => "docx",
            InputFormat::Xlsx => "xlsx",
            InputFormat::Ole => "ole",
            InputFormat::Unknown => "unknown",
        }
    }
}

/// A row of `reports.csv`: what is known of one input file, filled in as the pipeline goes. It is
/// also, serialised as it is, the `report` object of `json/<report_id>.json` (a batch finds and
/// rewrites that object in a written JSON by these bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRow {
    /// The first 16 hexadecimal digits of the content's SHA-256 (of the path, for a file that cannot be read).
    pub report_id: String,
    /// The input's path as given or found by the folder walk (lossy UTF-8).
    pub path: String,
    /// The content's SHA-256 in hexadecimal (empty for a file that cannot be read).
    pub sha256: String,
    /// The format told by the content.
    pub format: InputFormat,
    /// The department (or unit) the report is of, as printed.
    pub department: String,
    /// The year the report is for (empty when not found).
    pub year: String,
    /// 决算 or 预算.
    pub kind: Kind,
    /// 部门 or 单位.
    pub scope: Scope,
    /// The unit most of its canonical tables print amounts in (`元`, `万元`).
    pub unit: String,
    /// Pages (sheets of a workbook).
    pub pages: usize,
    /// Distinct canonical tables recognised.
    pub tables: usize,
    /// Facts in `facts.csv`.
    pub facts: usize,
    /// Findings of severity warning or error.
    pub checks_failed: usize,
    /// How far the report got.
    pub status: Status,
    /// Why it failed or is partial (empty when ok).
    pub error: String,
}

/// A row of `facts.csv`, with the canonical row it belongs to (for `tables/<table>.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactRow {
    /// The canonical table.
    pub table: TableKey,
    /// The side of a two-sided table.
    pub side: Option<Side>,
    /// The row's 功能分类 / 经济分类 code, as printed (leading digits kept).
    pub row_code: String,
    /// The row's name, as printed.
    pub row_name: String,
    /// The column key of the registry.
    pub column: String,
    /// As printed: the scale is kept (`12175.60`).
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    /// The amount's unit.
    pub unit: String,
    /// The page it is printed on.
    pub page: u32,
    /// Which canonical row of the table the fact belongs to (document order).
    pub row_seq: usize,
    /// How sure OCR was of the amount (0–100); `None` for a text layer's.
    pub confidence: Option<u8>,
}

/// A row of `checks.csv`: a finding as the checks made it.
pub type CheckRow = Finding;

/// A row of `narrative.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NarrativeRow {
    /// The section heading the sentence is under.
    pub section: String,
    /// What the number is of.
    pub subject: String,
    /// What kind of number: amount, share, change …
    pub measure: String,
    /// The number as printed.
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    /// Its unit.
    pub unit: String,
    /// The sentence that states it.
    pub sentence: String,
    /// The page it is printed on.
    pub page: u32,
}

/// A row of `cells.csv`: one printed cell of any table, seen with its grid and table.
pub type CellRow<'a> = CellView<'a>;

/// Every combined-output row of one report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Its `reports.csv` row.
    pub report: ReportRow,
    /// Its `facts.csv` rows.
    pub facts: Vec<FactRow>,
    /// Its `checks.csv` rows.
    pub checks: Vec<CheckRow>,
    /// Its `narrative.csv` rows.
    pub narrative: Vec<NarrativeRow>,
    /// Its `cells.csv` rows, table by table ([`Record::cell_rows`]).
    pub cells: Vec<CellTable>,
}

impl ReportRow {
    /// Does the report have a document JSON? (See [`has_json`].)
    pub fn has_json(&self) -> bool {
        has_json(self.status)
    }

    /// The report of `path` before anything is known of it.
    pub fn new(path: &std::path::Path) -> ReportRow {
        ReportRow {
            report_id: String::new(),
            path: path.to_string_lossy().into_owned(),
            sha256: String::new(),
            format: InputFormat::NotRead,
            department: String::new(),
            year: String::new(),
            kind: Kind::Unknown,
            scope: Scope::Unknown,
            unit: String::new(),
            pages: 0,
            tables: 0,
            facts: 0,
            checks_failed: 0,
            status: Status::Ok,
            error: String::new(),
        }
    }
}

impl Record {
    /// The report's id.
    pub fn id(&self) -> &str {
        &self.report.report_id
    }

    /// Its `cells.csv` rows, in order.
    pub fn cell_rows(&self) -> impl Iterator<Item = CellRow<'_>> {
        self.cells.iter().flat_map(CellTable::cells)
    }
}

/// What a batch keeps of a report while it runs, instead of its rows: the `reports.csv` fields
/// the summary and the index need, its facts and findings counted (by rule and severity). The
/// rows themselves are written from the cache (or from the few records kept without an entry).
/// A batch holds one per input, made while other reports are being read: it owns at most two
/// small allocations besides its id and path, so that it pins little of the memory the readers
/// free.
#[derive(Debug, Clone)]
pub struct Brief {
    /// The report's id.
    pub report_id: Box<str>,
    /// The input's path.
    pub path: Box<str>,
    /// How far the report got.
    pub status: Status,
    /// Why it failed or is partial.
    pub error: Box<str>,
    /// How many facts it has.
    pub facts: usize,
    /// `(rule, severity)` → how many findings, sorted by the rule's id, then the severity.
    pub findings: Box<[((RuleId, Severity), usize)]>,
}

impl Brief {
    /// The brief of `r` without its id and path (empty: the caller names them).
    pub fn unnamed(r: &Record) -> Brief {
        let mut keys: Vec<(RuleId, Severity)> =
            r.checks.iter().map(|c| (c.rule, c.severity)).collect();
        // in the order of their names, as the summary lists them
        keys.sort_unstable_by_key(|(rule, severity)| (rule.as_str(), severity.as_str()));
        let mut findings: Vec<((RuleId, Severity), usize)> = Vec::new();
        for k in keys {
            match findings.last_mut() {
                Some((key, n)) if *key == k => *n += 1,
                _ => findings.push((k, 1)),
            }
        }
        Brief {
            report_id: Box::default(),
            path: Box::default(),
            status: r.report.status,
            error: r.report.error.as_str().into(),
            facts: r.facts.len(),
            findings: findings.into_boxed_slice(),
        }
    }

    /// Does the report have a document JSON? (See [`has_json`].)
    pub fn has_json(&self) -> bool {
        has_json(self.status)
    }
}

/// Does a report of `status` have a document JSON? Every report that was read has one; a failed
/// one not.
fn has_json(status: Status) -> bool {
    status != Status::Failed
}

impl From<&Record> for Brief {
    fn from(r: &Record) -> Self {
        Brief {
            report_id: r.report.report_id.as_str().into(),
            path: r.report.path.as_str().into(),
            ..Brief::unnamed(r)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(rule: RuleId, severity: Severity) -> CheckRow {
        CheckRow {
            severity,
            ..Finding::new(rule)
        }
    }

    #[test]
    fn a_brief_counts_findings_by_rule_and_severity_in_the_order_of_their_names() {
        let mut report = ReportRow::new(std::path::Path::new("in/a.pdf"));
        report.report_id = "0123456789abcdef".into();
        report.status = Status::Partial;
        let rec = Record {
            report,
            facts: Vec::new(),
            checks: vec![
                check(RuleId::TextYear, Severity::Error),
                check(RuleId::SumChildren, Severity::Error),
                check(RuleId::TableEmpty, Severity::Info),
                check(RuleId::TextYear, Severity::Error),
                check(RuleId::TableEmpty, Severity::Warning),
                check(RuleId::TableEmpty, Severity::Info),
            ],
            narrative: Vec::new(),
            cells: Vec::new(),
        };
        let b = Brief::from(&rec);
        assert_eq!((&*b.report_id, &*b.path), ("0123456789abcdef", "in/a.pdf"));
        assert_eq!(b.status, Status::Partial);
        assert!(b.has_json());
        assert_eq!(
            b.findings.to_vec(),
            vec![
                ((RuleId::SumChildren, Severity::Error), 1),
                ((RuleId::TableEmpty, Severity::Info), 2),
                ((RuleId::TableEmpty, Severity::Warning), 1),
                ((RuleId::TextYear, Severity::Error), 2),
            ]
        );
        let unnamed = Brief::unnamed(&rec);
        assert_eq!((&*unnamed.report_id, &*unnamed.path), ("", ""));
        let failed = Brief {
            status: Status::Failed,
            ..b
        };
        assert!(!failed.has_json());
    }
}
