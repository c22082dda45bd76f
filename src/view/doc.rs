//! A report's document JSON (`json/<report_id>.json`, docs/contract.md) read back for its page:
//! the tables with their facts, the findings, and of the document model the pages' sizes and the
//! grids. Each fact gets its key ([`fact_keys`]) and each finding the facts it is about
//! ([`finding_targets`]).

use serde::Deserialize;
use std::collections::HashMap;

/// What the view reads of a document JSON; every other member is skipped.
#[derive(Debug, Deserialize)]
pub struct Doc {
    /// Every table found, canonical or not.
    pub tables: Vec<Table>,
    /// The report's findings.
    pub findings: Vec<Finding>,
    /// The document model.
    pub document: Document,
}

/// A table of the JSON.
#[derive(Debug, Deserialize)]
pub struct Table {
    /// The canonical key, `None` for a table no key names.
    pub key: Option<String>,
    /// The title as printed.
    pub title: String,
    /// The money unit.
    pub unit: Option<String>,
    /// Where its grids are.
    pub grids: Vec<GridRef>,
    /// Its facts, in document order.
    pub facts: Vec<Fact>,
}

/// A grid of a table: the page (1-based number) and the block's position on it.
#[derive(Debug, Deserialize, Clone, Copy)]
pub struct GridRef {
    /// The page's number.
    pub page: u32,
    /// The block's index in the page's blocks.
    pub block: usize,
}

/// A fact of the JSON.
#[derive(Debug, Deserialize)]
pub struct Fact {
    /// `income` / `expenditure`, or none.
    pub side: Option<String>,
    /// The row's code, empty where it has none.
    pub row_code: String,
    /// The row's name.
    pub row_name: String,
    /// The column key.
    pub column: String,
    /// The amount as printed.
    pub value: String,
    /// The page it is printed on.
    pub page: u32,
    /// The box of its cell (absent from a JSON of a yjs before 0.1.0's view).
    #[serde(default)]
    pub bbox: Option<BoxPt>,
}

/// A box in page points, origin at the page's top-left corner, `y` growing downwards.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq)]
pub struct BoxPt {
    /// Left.
    pub x0: f64,
    /// Top.
    pub y0: f64,
    /// Right.
    pub x1: f64,
    /// Bottom.
    pub y1: f64,
}

/// A finding of the JSON.
#[derive(Debug, Deserialize)]
pub struct Finding {
    /// The rule's id.
    pub rule: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    /// A table key, keys joined by `;`, `narrative`, or empty.
    pub table: String,
    /// The row (`code name`, or the name) or the narrative's section.
    pub row: String,
    /// The column.
    pub column: String,
    /// What the check expected.
    pub expected: String,
    /// What the document prints.
    pub found: String,
    /// The sentence shown.
    pub message: String,
    /// The page, where it has one.
    pub page: Option<u32>,
}

/// The document model, as far as the view needs it.
#[derive(Debug, Deserialize)]
pub struct Document {
    /// `pdf`, `docx` or `xlsx`.
    pub format: String,
    /// Its pages in order.
    pub pages: Vec<Page>,
}

/// A page: its number, size in points and blocks.
#[derive(Debug, Deserialize)]
pub struct Page {
    /// The 1-based number.
    pub number: u32,
    /// Width in points.
    pub width: f64,
    /// Height in points.
    pub height: f64,
    /// Quarter turns clockwise the page was given to run its text left to right (0 for most).
    #[serde(default)]
    pub turns: u8,
    /// Paragraphs and grids, in reading order.
    pub blocks: Vec<Block>,
}

/// A block of a page: only a grid's cells are read. A struct rather than an enum tagged by
/// `type`: serde reads such an enum by first copying the whole block (a paragraph's lines
/// too), which took a tenth of `yjs view`'s instructions.
#[derive(Debug, Deserialize)]
pub struct Block {
    /// `grid` or `paragraph`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A grid's cells, each once (none for a paragraph).
    #[serde(default)]
    pub cells: Vec<Cell>,
}

/// A cell of a grid.
#[derive(Debug, Deserialize)]
pub struct Cell {
    /// Row of its top-left slot.
    pub row: usize,
    /// Column of its top-left slot.
    pub col: usize,
    /// Rows it spans.
    pub row_span: usize,
    /// Columns it spans.
    pub col_span: usize,
    /// Its box.
    pub bbox: BoxPt,
    /// Its text.
    pub text: String,
}

impl Doc {
    /// The page numbered `number`.
    pub fn page(&self, number: u32) -> Option<&Page> {
        self.document.pages.iter().find(|p| p.number == number)
    }

    /// The cells of the grid `at` refers to (none where it names no grid).
    pub fn grid(&self, at: GridRef) -> Option<&[Cell]> {
        let block = self.page(at.page)?.blocks.get(at.block)?;
        (block.kind == "grid").then_some(block.cells.as_slice())
    }
}

/// The key of a fact in the page's HTML (`data-fact` of its outline): `TABLE|ROW|COLUMN`, the
/// row by its code where it has one, else by its name; the `n`-th fact of a table with the same
/// key (`occurrence`, from 1: a 总计 on both sides of a summary table) gets `#n` after it.
pub fn fact_key(table: &str, f: &Fact, occurrence: usize) -> String {
    let row = if f.row_code.is_empty() {
        &f.row_name
    } else {
        &f.row_code
    };
    let mut key = format!("{table}|{row}|{}", f.column);
    if occurrence > 1 {
        key.push_str(&format!("#{occurrence}"));
    }
    key
}

/// The key of every fact of `t`, in order: unique within the report.
pub fn fact_keys(t: &Table) -> Vec<String> {
    let table = t.key.as_deref().unwrap_or("");
    let mut seen: HashMap<String, usize> = HashMap::new();
    t.facts
        .iter()
        .map(|f| {
            let n = seen.entry(fact_key(table, f, 1)).or_insert(0);
            *n += 1;
            fact_key(table, f, *n)
        })
        .collect()
}

/// The facts (as `(table index, fact index)`) a finding is about: those of its table(s) whose
/// row it names (`code name`, the code or the name) in its column — or in every column where
/// the finding's column is none of the row's (`code.doubtful` names `code`); on the finding's
/// page where some are. None for a finding about the text or a whole table.
pub fn finding_targets(tables: &[Table], g: &Finding) -> Vec<(usize, usize)> {
    if g.row.is_empty() {
        return Vec::new();
    }
    let keys: Vec<&str> = g.table.split(';').collect();
    let mut row: Vec<(usize, usize)> = Vec::new();
    for (ti, t) in tables.iter().enumerate() {
        if !t.key.as_deref().is_some_and(|k| keys.contains(&k)) {
            continue;
        }
        for (fi, f) in t.facts.iter().enumerate() {
            let label = format!("{} {}", f.row_code, f.row_name);
            if [f.row_code.as_str(), f.row_name.as_str(), label.trim()].contains(&g.row.as_str()) {
                row.push((ti, fi));
            }
        }
    }
    let fact = |&(ti, fi): &(usize, usize)| &tables[ti].facts[fi];
    if row.iter().any(|t| fact(t).column == g.column) {
        row.retain(|t| fact(t).column == g.column);
    }
    if let Some(p) = g.page {
        if row.iter().any(|t| fact(t).page == p) {
            row.retain(|t| fact(t).page == p);
        }
    }
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(code: &str, name: &str, column: &str, page: u32) -> Fact {
        Fact {
            side: None,
            row_code: code.into(),
            row_name: name.into(),
            column: column.into(),
            value: "1.00".into(),
            page,
            bbox: None,
        }
    }

    fn table(key: &str, facts: Vec<Fact>) -> Table {
        Table {
            key: Some(key.into()),
            title: String::new(),
            unit: None,
            grids: Vec::new(),
            facts,
        }
    }

    fn finding(table: &str, row: &str, column: &str, page: Option<u32>) -> Finding {
        Finding {
            rule: "sum.children".into(),
            severity: "error".into(),
            table: table.into(),
            row: row.into(),
            column: column.into(),
            expected: String::new(),
            found: String::new(),
            message: String::new(),
            page,
        }
    }

    #[test]
    fn a_fact_is_keyed_by_its_code_else_its_name() {
        let coded = fact("2010301", "行政运行", "total", 7);
        assert_eq!(
            fact_key("general_expenditure", &coded, 1),
            "general_expenditure|2010301|total"
        );
        let named = fact("", "总计", "amount", 5);
        assert_eq!(fact_key("summary", &named, 1), "summary|总计|amount");
        assert_eq!(fact_key("summary", &named, 2), "summary|总计|amount#2");
    }

    #[test]
    fn keys_are_unique_within_a_table() {
        let t = table(
            "summary",
            vec![
                fact("", "总计", "amount", 5),
                fact("", "一般公共服务支出", "amount", 5),
                fact("", "总计", "amount", 6),
            ],
        );
        assert_eq!(
            fact_keys(&t),
            [
                "summary|总计|amount",
                "summary|一般公共服务支出|amount",
                "summary|总计|amount#2"
            ]
        );
    }

    #[test]
    fn a_finding_points_at_the_cell_of_its_row_and_column() {
        let tables = [
            table("income", vec![fact("301", "工资福利支出", "amount", 3)]),
            table(
                "general_basic",
                vec![
                    fact("301", "工资福利支出", "amount", 12),
                    fact("301", "工资福利支出", "personnel", 12),
                    fact("30101", "基本工资", "amount", 12),
                ],
            ),
        ];
        let g = finding("general_basic", "301 工资福利支出", "amount", Some(12));
        assert_eq!(finding_targets(&tables, &g), [(1, 0)]);
        // a column the row does not have (`code.doubtful`): the whole row
        let g = finding("general_basic", "301 工资福利支出", "code", None);
        assert_eq!(finding_targets(&tables, &g), [(1, 0), (1, 1)]);
        // the text, or a whole table: no cell
        assert!(
            finding_targets(&tables, &finding("narrative", "一、概况", "", Some(3))).is_empty()
        );
        assert!(finding_targets(&tables, &finding("gov_fund", "", "", None)).is_empty());
    }

    #[test]
    fn a_page_s_grid_is_read_and_its_paragraphs_skipped() {
        // a paragraph's lines and any member the view does not read are passed over
        let json = r#"{"tables": [], "findings": [], "document": {"format": "pdf", "pages": [
            {"number": 5, "width": 595.0, "height": 842.0, "blocks": [
                {"type": "paragraph", "bbox": {"x0": 1, "y0": 2, "x1": 3, "y1": 4},
                 "lines": [{"text": "收入支出决算总表", "spans": [[1, 2]]}]},
                {"type": "grid", "rows": 1, "cells": [{"row": 0, "col": 1, "row_span": 1,
                 "col_span": 2, "bbox": {"x0": 57.19, "y0": 148.69, "x1": 99.0, "y1": 160.0},
                 "text": "12,175.60", "lines": []}]}]}]}}"#;
        let doc: Doc = serde_json::from_str(json).unwrap();
        let cells = doc.grid(GridRef { page: 5, block: 1 }).unwrap();
        assert_eq!(cells.len(), 1);
        assert_eq!((cells[0].col, cells[0].col_span), (1, 2));
        assert_eq!(cells[0].text, "12,175.60");
        assert_eq!(cells[0].bbox.y0, 148.69);
        // a paragraph, a block or a page that is not there: no grid
        assert!(doc.grid(GridRef { page: 5, block: 0 }).is_none());
        assert!(doc.grid(GridRef { page: 5, block: 2 }).is_none());
        assert!(doc.grid(GridRef { page: 4, block: 1 }).is_none());
    }
}
