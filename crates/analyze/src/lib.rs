//! Recognition over a document model: which tables a report prints, their canonical rows and
//! facts, its metadata, the numbers its text states and the findings that compare them.
//!
//! Steps, in order: `segment` (titles, units, grids stitched across pages) → `reconcile`
//! (canonical tables and facts, keys from the [`schema`] registry) → `meta` (department, year,
//! kind, scope) → `narrative` (numbers stated in the text) → [`checks`] (findings).
//! [`analyze`] runs them all. Nothing here touches the file system or starts a thread; the
//! file's time limit ([`yjs_model::limit`]) is checked between stages.

#![warn(missing_docs)]

#[macro_use]
mod named;
pub use named::Unknown;

pub mod amount;
mod cells;
pub mod checks;
mod classes;
mod forms;
mod meta;
mod narrative;
mod pattern;
mod reconcile;
pub mod schema;
mod segment;
mod snap;
mod source_list;
mod three_public;
pub mod totals;

// What other crates use: the analysis and the types of its parts. The steps themselves stay
// inside; `schema`, `checks` and `totals` are public for their registries, `amount` for the fuzz target.
pub use cells::{CellGrid, CellTable, CellView, GridCell};
pub use checks::{Finding, RuleId, Severity};
pub use meta::{Kind, Meta, Scope};
pub use narrative::{Measure, Stated};
pub use reconcile::Fact;
pub use schema::{Side, TableKey};
pub use segment::{GridRef, TableInstance};

pub(crate) use pattern::bounded_regex;

use std::collections::HashMap;
use yjs_model::limit::{self, TimeLimitExceeded};
use yjs_model::Document;

/// Everything recognised in one document.
pub struct Analysis {
    /// Every table found, canonical or not, in document order.
    pub tables: Vec<TableInstance>,
    /// Department, year, kind and scope.
    pub meta: Meta,
    /// The canonical tables' facts (of each key's first table only).
    pub facts: Vec<Fact>,
    /// Every finding, table-level first, then sums, text and narrative checks.
    pub findings: Vec<Finding>,
    /// The numbers the text states.
    pub stated: Vec<narrative::Stated>,
    /// The report's unit: the most common unit over the recognised tables.
    pub unit: Option<&'static str>,
    /// How many distinct canonical tables were recognised.
    pub recognised: usize,
    /// Every printed cell of every table, canonical or not (the lossless long form), table by
    /// table.
    pub cells: Vec<CellTable>,
}

impl Analysis {
    /// Findings of severity warning or error.
    pub fn checks_failed(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .count()
    }

    /// Were canonical tables recognised, and none of those the report lists found missing?
    pub fn complete(&self) -> bool {
        self.recognised > 0 && !self.findings.iter().any(|f| f.rule == RuleId::TableMissing)
    }
}

/// Segmentation, reconciliation, metadata, narrative and checks over an extracted document.
pub fn analyze(doc: &Document) -> Result<Analysis, TimeLimitExceeded> {
    limit::check()?;
    // (the labels of pages read by OCR, snapped to the names they are one character off)
    let snapped = snap::snap_labels(doc);
    let doc: &Document = &snapped;
    let tables = segment::segment(doc);
    let meta = meta::detect(doc, &tables);
    let first = first_of_each_key(&tables);
    let (mut facts, unknown) = reconcile_tables(doc, &tables, &first, meta.year);
    // (a page whose text does not decode gives no number)
    facts.retain(|f| !doc.undecoded.iter().any(|u| u.page == f.page));
    checks::ocr::set_confidences(doc, &mut facts);
    let mut misread = checks::ocr::restore_class_codes(&doc.ocr, &mut facts);
    misread.extend(checks::ocr::mend_repeated_codes(&doc.ocr, &mut facts));
    misread.extend(checks::ocr::mend_codes_by_other_tables(
        &doc.ocr, &mut facts,
    ));
    // (again: a lost 类 code is given back where the next row's code, now mended, extends it)
    misread.extend(checks::ocr::restore_class_codes(&doc.ocr, &mut facts));
    misread.extend(checks::ocr::drop_unplaced_codes(&doc.ocr, &mut facts));
    misread.extend(checks::ocr::drop_uncoded_rows(&doc.ocr, &mut facts));
    misread.extend(checks::repair::restore_points(&doc.ocr, &mut facts));
    misread.extend(checks::ocr::drop_shifted_cells(&doc.ocr, &mut facts));
    misread.extend(checks::ocr::drop_run_together_rows(&doc.ocr, &mut facts));
    misread.extend(checks::ocr::drop_doubtful_labels(doc, &mut facts));
    misread.extend(checks::repair::repair(&doc.ocr, &mut facts));
    misread.extend(checks::repair::repair_doubtful(&doc.ocr, &mut facts));
    misread.extend(checks::repair::drop_doubtful(&doc.ocr, &mut facts));
    limit::check()?;
    let (mut findings, stated) = find(doc, &tables, &facts, &unknown, &meta);
    findings.extend(misread);
    findings.extend(checks::undecodable_pages(doc));
    checks::unconfirmed_by_ocr(doc, &mut findings);
    limit::check()?;
    let unit = report_unit(&tables);
    for f in facts.iter_mut().filter(|f| f.unit.is_empty()) {
        f.unit = unit.unwrap_or_default();
    }
    let cells = cells::cells(doc, &tables, unit);
    limit::check()?;
    Ok(Analysis {
        recognised: first.len(),
        cells,
        tables,
        meta,
        facts,
        findings,
        stated,
        unit,
    })
}

/// The index of each key's first table: a table recognised twice (a summary printed again in an
/// appendix) counts once, as first printed.
fn first_of_each_key(tables: &[TableInstance]) -> HashMap<TableKey, usize> {
    let mut seen: HashMap<TableKey, usize> = HashMap::new();
    for (i, t) in tables.iter().enumerate() {
        if let Some(k) = t.key {
            seen.entry(k).or_insert(i);
        }
    }
    seen
}

/// The facts of each key's first table — of every table of a key beyond the nine, which a
/// report may print several times (基本支出 by funding and by economic class) — and the columns
/// no header alias named (with the index of their table).
fn reconcile_tables(
    doc: &Document,
    tables: &[TableInstance],
    first: &HashMap<TableKey, usize>,
    year: Option<i32>,
) -> (Vec<Fact>, Vec<(usize, String)>) {
    let mut facts: Vec<Fact> = Vec::new();
    let mut unknown: Vec<(usize, String)> = Vec::new();
    for (i, t) in tables.iter().enumerate() {
        let read = t
            .key
            .is_some_and(|k| first[&k] == i || !TableKey::CORE.contains(&k));
        if !read {
            continue;
        }
        let r = reconcile::reconcile(doc, t, facts.len(), year);
        match t.key {
            // a 绩效目标表 that reads as no table is laid out as a form: no header to report
            Some(k @ TableKey::Performance) if r.facts.is_empty() => {
                facts.extend(forms::read(doc, t, k, facts.len()));
            }
            _ => {
                unknown.extend(r.unknown_columns.into_iter().map(|c| (i, c)));
                facts.extend(r.facts);
            }
        }
    }
    (facts, unknown)
}

/// Every check's findings, and the numbers stated in the text (which the checks compare).
fn find(
    doc: &Document,
    tables: &[TableInstance],
    facts: &[Fact],
    unknown: &[(usize, String)],
    meta: &Meta,
) -> (Vec<Finding>, Vec<narrative::Stated>) {
    let listed = segment::listing(doc);
    let mut printed_empty = segment::titled_without_grid(doc);
    printed_empty.extend(&listed.empty);
    let mut findings = checks::table_findings(tables, facts, unknown, &listed, &printed_empty);
    findings.extend(checks::sums::within_tables(facts));
    findings.extend(checks::sums::across_tables(facts));
    let paras = narrative::paragraphs(doc);
    let stated = narrative::stated(&paras);
    findings.extend(checks::text::text_findings(&paras, &stated, facts, meta));
    // the tables printed without any amount: titled without a grid, listed as empty, or
    // recognised with no fact
    let mut empty = printed_empty;
    empty.extend(
        tables
            .iter()
            .filter_map(|t| t.key)
            .filter(|k| !facts.iter().any(|f| f.table == *k)),
    );
    findings.extend(checks::narrative::narrative_findings(
        &paras, &stated, facts, meta, &empty,
    ));
    (findings, stated)
}

/// The most common unit over the recognised tables (ties to the greater name).
fn report_unit(tables: &[TableInstance]) -> Option<&'static str> {
    let mut count: HashMap<&'static str, usize> = HashMap::new();
    for t in tables.iter().filter(|t| t.key.is_some()) {
        if let Some(u) = t.unit {
            *count.entry(u).or_default() += 1;
        }
    }
    count
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(b.0)))
        .map(|(u, _)| u)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::tests::{doc, grid};

    /// A page whose glyphs have no Unicode mapping gives no number, and says so.
    #[test]
    fn an_undecoded_page_gives_no_facts_and_a_finding() {
        let table = |title: &str| {
            grid(&[
                &[title, "<", "<"],
                &["科目编码", "科目名称", "合计"],
                &["201", "一般公共服务支出", "10.00"],
            ])
        };
        let mut d = doc(vec![table("支出决算表"), table("收入决算表")]);
        let read = analyze(&d).unwrap();
        assert!(read.facts.iter().any(|f| f.page == 2));
        d.undecoded.push(yjs_model::Undecoded {
            page: 2,
            fonts: vec!["NotoSansCJKjp-Regular-VKana".into()],
            glyphs: 120,
        });
        let a = analyze(&d).unwrap();
        assert!(a.facts.iter().all(|f| f.page != 2), "{:?}", a.facts);
        assert!(a.facts.iter().any(|f| f.page == 1));
        let f = a
            .findings
            .iter()
            .find(|f| f.rule == RuleId::TextUndecodable)
            .expect("a text.undecodable finding");
        assert_eq!((f.page, f.severity), (Some(2), Severity::Warning));
    }
}
