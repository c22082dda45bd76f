//! `json/<report_id>.json`: one report with its document, as the pipeline serialises it.

use crate::record::ReportRow;
use serde::Serialize;
use yjs_analyze::checks::Finding;
use yjs_analyze::Analysis;
use yjs_analyze::Fact;
use yjs_analyze::TableInstance;
use yjs_model::{BBox, Document};

/// `json/<report_id>.json` (see [`DocJson`]); none if it cannot be serialised.
pub fn document_json(report: &ReportRow, a: &Analysis, doc: &Document) -> Option<Vec<u8>> {
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
    /// The box of the cell the amount is printed in (page points, origin top-left).
    bbox: Option<BBox>,
    /// How sure OCR was of the amount (0–100); only on a page read by OCR.
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<u8>,
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
                    bbox: f.bbox,
                    confidence: f.confidence,
                })
                .collect(),
            None => Vec::new(),
        },
    }
}
