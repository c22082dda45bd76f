//! The lossless long form of every table: each printed cell of every grid, canonical or not, with
//! the header cells above it and the labels beside it (`cells.csv`). Nothing a table prints is
//! lost, whether or not the registry knows the table.

use crate::amount::parse_amount;
use crate::segment::{GridRef, TableInstance};
use rust_decimal::Decimal;
use yjs_model::{Block, Document, Grid};

/// What joins the header cells above a cell, and the labels beside it, into one path.
const PATH_SEP: &str = " / ";

/// One printed cell of a table (a row of `cells.csv`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TableCell {
    /// The table, numbered from 1 in document order (a table continued over pages is one).
    pub table_no: u32,
    /// The table's title as printed (empty for a grid without one).
    pub title: String,
    /// The 1-based page the cell is printed on.
    pub page: u32,
    /// The cell's row within its table, from 1, counted on over the table's pages.
    pub row: u32,
    /// The cell's column within its grid, from 1.
    pub col: u32,
    /// The labels to the left of the cell in its row (cells without an amount), joined; empty
    /// for a header cell.
    pub row_path: String,
    /// The header cells above the cell (its grid's rows before the first amount), joined.
    pub column_path: String,
    /// The cell's text as printed.
    pub text: String,
    /// The amount, where the cell is one: text with a decimal point or a thousands separator, or
    /// a bare number in a column that holds such amounts (never a code or a line number).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub value: Option<Decimal>,
}

/// Every non-blank cell of every grid of `doc`, table by table in document order.
pub fn cells(doc: &Document, tables: &[TableInstance]) -> Vec<TableCell> {
    let mut out = Vec::new();
    for (no, (title, parts)) in grouped(doc, tables).into_iter().enumerate() {
        let mut next_row = 1u32;
        let mut header: Vec<String> = Vec::new();
        for part in parts {
            let Some(Block::Grid(g)) = doc.pages[part.page].blocks.get(part.block) else {
                continue;
            };
            let table = Table {
                no: no as u32 + 1,
                title,
                page: doc.pages[part.page].number,
            };
            next_row = grid_cells(g, &table, next_row, &mut header, &mut out);
        }
    }
    out
}

/// A table being written: its number, title and the page of the grid at hand.
struct Table<'a> {
    no: u32,
    title: &'a str,
    page: u32,
}

/// Every grid of the document with the title of the table it belongs to, grouped by table in
/// document order: the segmented tables' parts, and each grid no table holds as a table alone.
/// (Segmentation puts each grid into one table at most.)
fn grouped<'a>(doc: &Document, tables: &'a [TableInstance]) -> Vec<(&'a str, Vec<GridRef>)> {
    let mut owner: std::collections::HashMap<(usize, usize), usize> = Default::default();
    for (i, t) in tables.iter().enumerate() {
        for p in &t.parts {
            owner.entry((p.page, p.block)).or_insert(i);
        }
    }
    let mut out: Vec<(&str, Vec<GridRef>)> = Vec::new();
    let mut placed = vec![false; tables.len()];
    for (pi, page) in doc.pages.iter().enumerate() {
        for (bi, b) in page.blocks.iter().enumerate() {
            if !matches!(b, Block::Grid(_)) {
                continue;
            }
            match owner.get(&(pi, bi)) {
                Some(&t) if !placed[t] => {
                    placed[t] = true;
                    out.push((&tables[t].title, tables[t].parts.clone()));
                }
                Some(_) => {}
                None => out.push((
                    "",
                    vec![GridRef {
                        page: pi,
                        block: bi,
                    }],
                )),
            }
        }
    }
    out
}

/// Appends the cells of one grid of a table whose rows so far end before `first_row`; returns
/// the row after the grid's last. `header` holds the column paths of the table's last grid with
/// a header, which a continuation grid without one of its own and as many columns inherits.
fn grid_cells(
    g: &Grid,
    table: &Table,
    first_row: u32,
    header: &mut Vec<String>,
    out: &mut Vec<TableCell>,
) -> u32 {
    let read = Reading::of(g);
    if read.body_start > 0 || header.len() != g.cols {
        *header = (0..g.cols)
            .map(|col| above(g, read.body_start, col))
            .collect();
    }
    let labels = row_labels(g, &read);
    for (i, c) in g.cells.iter().enumerate() {
        if c.text.trim().is_empty() {
            continue;
        }
        let in_body = c.row >= read.body_start;
        out.push(TableCell {
            table_no: table.no,
            title: table.title.to_string(),
            page: table.page,
            row: first_row + c.row as u32,
            col: c.col as u32 + 1,
            row_path: if in_body {
                join_before(&labels[c.row], c.col)
            } else {
                String::new()
            },
            column_path: if in_body {
                header[c.col].clone()
            } else {
                above(g, c.row, c.col)
            },
            text: c.text.clone(),
            value: if in_body { read.value(i, c.col) } else { None },
        });
    }
    first_row + g.rows as u32
}

/// What a grid's cells print, each read once: the number of each cell and whether it is
/// written as an amount (a decimal point or a thousands separator, which a code or a line number
/// never has), the columns that hold such amounts, and the first row that does (the rows above it
/// are the header).
struct Reading {
    numbers: Vec<Option<(Decimal, bool)>>,
    amount_cols: Vec<bool>,
    body_start: usize,
}

impl Reading {
    fn of(g: &Grid) -> Reading {
        let numbers: Vec<Option<(Decimal, bool)>> = g
            .cells
            .iter()
            .map(|c| {
                let formatted = c
                    .text
                    .chars()
                    .any(|ch| matches!(ch, '.' | '．' | ',' | '，'));
                parse_amount(&c.text).map(|d| (d, formatted))
            })
            .collect();
        let mut amount_cols = vec![false; g.cols];
        let mut body_start = g.rows;
        for (c, n) in g.cells.iter().zip(&numbers) {
            if matches!(n, Some((_, true))) {
                amount_cols[c.col] = true;
                body_start = body_start.min(c.row);
            }
        }
        Reading {
            numbers,
            amount_cols,
            body_start,
        }
    }

    /// The amount cell `i` (in column `col`) prints: a formatted amount anywhere, a bare number
    /// only in a column of amounts.
    fn value(&self, i: usize, col: usize) -> Option<Decimal> {
        match self.numbers[i] {
            Some((d, formatted)) if formatted || self.amount_cols[col] => Some(d),
            _ => None,
        }
    }
}

/// The texts of the cells covering column `col` in the rows above `row`, top down, joined.
fn above(g: &Grid, row: usize, col: usize) -> String {
    let mut parts: Vec<&str> = Vec::new();
    // (cells are in row-major order of their top-left slot)
    for c in g.cells.iter().take_while(|c| c.row < row) {
        let covers = c.col <= col && col < c.col + c.col_span.max(1);
        let t = c.text.trim();
        if covers && !t.is_empty() && parts.last() != Some(&t) {
            parts.push(t);
        }
    }
    parts.join(PATH_SEP)
}

/// For each row of the grid, its labels left to right: the non-blank cells covering the row that
/// print no amount (codes and names, not a column of amounts' numbers), with their columns.
fn row_labels<'g>(g: &'g Grid, read: &Reading) -> Vec<Vec<(usize, &'g str)>> {
    let mut rows: Vec<Vec<(usize, &str)>> = vec![Vec::new(); g.rows];
    for (i, c) in g.cells.iter().enumerate() {
        let t = c.text.trim();
        if t.is_empty() || read.value(i, c.col).is_some() {
            continue;
        }
        for r in c.row..(c.row + c.row_span.max(1)).min(g.rows) {
            rows[r].push((c.col, t));
        }
    }
    for r in &mut rows {
        r.sort_by_key(|(col, _)| *col);
    }
    rows
}

/// The labels of a row left of column `col`, joined.
fn join_before(labels: &[(usize, &str)], col: usize) -> String {
    let mut out = String::new();
    for (_, t) in labels.iter().take_while(|(c, _)| *c < col) {
        if !out.is_empty() {
            out.push_str(PATH_SEP);
        }
        out.push_str(t);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::tests::{doc, grid};

    #[test]
    fn every_printed_cell_has_its_header_and_labels_and_codes_have_no_value() {
        let d = doc(vec![grid(&[
            &["科目编码", "科目名称", "合计", "基本支出"],
            &["201", "一般公共服务支出", "1,234.50", "800"],
            &["20101", "人大事务", "12.00", "4.00"],
            &["20102", "政协事务", "", ""],
        ])]);
        let t = TableInstance {
            key: None,
            title: "会议费预算表".into(),
            unit: None,
            parts: vec![GridRef { page: 0, block: 0 }],
            page: 1,
            notes: Vec::new(),
        };
        let cells = cells(&d, &[t]);
        // 14 printed cells: the blank ones are not written
        assert_eq!(cells.len(), 14);
        let c = cells.iter().find(|c| c.text == "1,234.50").unwrap();
        assert_eq!(
            (c.table_no, c.title.as_str(), c.page),
            (1, "会议费预算表", 1)
        );
        assert_eq!((c.row, c.col), (2, 3));
        assert_eq!(c.column_path, "合计");
        assert_eq!(c.row_path, "201 / 一般公共服务支出");
        assert_eq!(c.value, Some(Decimal::new(123450, 2)));
        // a bare number in a column of amounts is one; a code is not
        let bare = cells.iter().find(|c| c.text == "800").unwrap();
        assert_eq!(bare.value, Some(Decimal::new(800, 0)));
        assert_eq!(bare.column_path, "基本支出");
        let code = cells.iter().find(|c| c.text == "20101").unwrap();
        assert_eq!(code.value, None);
        assert_eq!(code.column_path, "科目编码");
        let head = cells.iter().find(|c| c.text == "合计").unwrap();
        assert_eq!((head.value, head.column_path.as_str()), (None, ""));
        assert_eq!(head.row_path, "", "a header cell has no row labels");
    }

    #[test]
    fn a_continued_table_counts_its_rows_on_and_keeps_its_header_and_a_lone_grid_is_a_table() {
        let d = doc(vec![
            grid(&[&["项目", "金额"], &["甲", "1.00"]]),
            grid(&[&["乙", "2.00"]]),
            grid(&[&["丙", "3.00"]]),
        ]);
        let t = TableInstance {
            key: None,
            title: "表一".into(),
            unit: None,
            parts: vec![GridRef { page: 0, block: 0 }, GridRef { page: 1, block: 0 }],
            page: 1,
            notes: Vec::new(),
        };
        let cells = cells(&d, &[t]);
        let two = cells.iter().find(|c| c.text == "2.00").unwrap();
        assert_eq!((two.table_no, two.page, two.row), (1, 2, 3));
        assert_eq!(two.column_path, "金额");
        assert_eq!(two.row_path, "乙");
        let three = cells.iter().find(|c| c.text == "3.00").unwrap();
        assert_eq!(
            (three.table_no, three.title.as_str(), three.row),
            (2, "", 1)
        );
    }
}
