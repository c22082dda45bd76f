//! One report's rows of every combined output (reports, facts, checks, narrative), as the
//! writers in [`crate::output`] consume them and as the per-report cache stores them.
//!
//! A [`Record`] holds exactly what the combined files print for the report, so a batch written
//! from records loaded from the cache is byte for byte the batch written from fresh extractions.

use crate::pipeline::Outcome;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A row of `reports.csv`: what is known of one input file, filled in as the pipeline goes. It is
/// also, serialised as it is, the `report` object of `json/<report_id>.json` (a batch finds and
/// rewrites that object in a written JSON by these bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRow {
    pub report_id: String,
    /// The input's path as given or found by the folder walk (lossy UTF-8).
    pub path: String,
    pub sha256: String,
    pub format: String,
    pub department: String,
    pub year: String,
    pub kind: String,
    pub scope: String,
    pub unit: String,
    pub pages: usize,
    pub tables: usize,
    pub facts: usize,
    pub checks_failed: usize,
    pub status: String,
    pub error: String,
}

/// A row of `facts.csv`, with the canonical row it belongs to (for `tables/<table>.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactRow {
    pub table: String,
    pub side: String,
    pub row_code: String,
    pub row_name: String,
    pub column: String,
    /// As printed: the scale is kept (`12175.60`).
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    pub unit: String,
    pub page: u32,
    /// Which canonical row of the table the fact belongs to (document order).
    pub row_seq: usize,
}

/// A row of `checks.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckRow {
    pub rule: String,
    pub severity: String,
    pub table: String,
    pub row: String,
    pub column: String,
    pub expected: String,
    pub found: String,
    pub message: String,
    pub page: Option<u32>,
}

/// A row of `narrative.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NarrativeRow {
    pub section: String,
    pub subject: String,
    pub measure: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    pub unit: String,
    pub sentence: String,
    pub page: u32,
}

/// Every combined-output row of one report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub report: ReportRow,
    pub facts: Vec<FactRow>,
    pub checks: Vec<CheckRow>,
    pub narrative: Vec<NarrativeRow>,
}

impl ReportRow {
    /// The report of `path` before anything is known of it.
    pub fn new(path: &std::path::Path) -> ReportRow {
        ReportRow {
            report_id: String::new(),
            path: path.to_string_lossy().into_owned(),
            sha256: String::new(),
            format: String::new(),
            department: String::new(),
            year: String::new(),
            kind: "unknown".into(),
            scope: "unknown".into(),
            unit: String::new(),
            pages: 0,
            tables: 0,
            facts: 0,
            checks_failed: 0,
            status: "ok".into(),
            error: String::new(),
        }
    }
}

impl Record {
    pub fn id(&self) -> &str {
        &self.report.report_id
    }
}

impl From<&Outcome> for Record {
    fn from(o: &Outcome) -> Self {
        Record {
            report: o.report.clone(),
            facts: o
                .facts
                .iter()
                .map(|f| FactRow {
                    table: f.table.to_string(),
                    side: f.side.unwrap_or("").to_string(),
                    row_code: f.row_code.clone(),
                    row_name: f.row_name.clone(),
                    column: f.column.clone(),
                    value: f.value,
                    unit: f.unit.to_string(),
                    page: f.page,
                    row_seq: f.row_seq,
                })
                .collect(),
            checks: o
                .findings
                .iter()
                .map(|c| CheckRow {
                    rule: c.rule.to_string(),
                    severity: c.severity.as_str().to_string(),
                    table: c.table.clone(),
                    row: c.row.clone(),
                    column: c.column.clone(),
                    expected: c.expected.clone(),
                    found: c.found.clone(),
                    message: c.message.clone(),
                    page: c.page,
                })
                .collect(),
            narrative: o
                .narrative
                .iter()
                .map(|n| NarrativeRow {
                    section: n.section.clone(),
                    subject: n.subject.clone(),
                    measure: n.measure.as_str().to_string(),
                    value: n.value,
                    unit: n.unit.clone(),
                    sentence: n.sentence.clone(),
                    page: n.page,
                })
                .collect(),
        }
    }
}

/// What a batch keeps of a report while it runs, instead of its rows: its `reports.csv` row, its
/// facts and findings counted (by rule and severity). The rows themselves are written from the cache (or from the few records kept without an entry).
#[derive(Debug, Clone)]
pub struct Brief {
    pub report: ReportRow,
    pub facts: usize,
    /// `(rule, severity)` → how many findings.
    pub findings: std::collections::BTreeMap<(String, String), usize>,
}

impl From<&Record> for Brief {
    fn from(r: &Record) -> Self {
        let mut findings = std::collections::BTreeMap::new();
        for c in &r.checks {
            *findings
                .entry((c.rule.clone(), c.severity.clone()))
                .or_insert(0) += 1;
        }
        Brief {
            report: r.report.clone(),
            facts: r.facts.len(),
            findings,
        }
    }
}
