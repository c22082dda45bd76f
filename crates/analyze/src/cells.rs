//! The lossless long form of every table: each printed cell of every grid, canonical or not, with
//! the header cells above it and the labels beside it (`cells.csv`). Nothing a table prints is
//! lost, whether or not the registry knows the table.
//!
//! A table is held compactly ([`CellTable`]): its title once, and each grid's header and label
//! paths once per column and per row, its cells' texts in one string ([`CellGrid`]); a cell
//! ([`GridCell`]) holds its amount, the length of its text and how much of its row's and its
//! column's path is its own. [`CellTable::cells`] gives the rows of `cells.csv` as views
//! ([`CellView`]) of these, nothing copied.

use crate::amount::{parse_amount, qualified_amount, Qualified};
use crate::segment::{GridRef, TableInstance};
use rust_decimal::Decimal;
use yjs_model::{Block, Document, Grid};

/// What joins the header cells above a cell, and the labels beside it, into one path.
const PATH_SEP: &str = " / ";

/// The printed cells of one table (a table continued over pages is one), grid by grid.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CellTable {
    /// The table, numbered from 1 in document order.
    pub table_no: u32,
    /// The table's title as printed (empty for a grid without one).
    pub title: String,
    /// The money unit of its amounts (`万元`, `元`, `千元`): the table's own, else the
    /// report's; empty where neither is printed.
    pub unit: String,
    /// Its grids that print a cell, in order.
    pub grids: Vec<CellGrid>,
}

/// The printed cells of one grid of a table, with the paths they share.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CellGrid {
    /// The 1-based page the grid is printed on.
    pub page: u32,
    /// The table's row of the grid's first row: rows are counted from 1 on over the table's
    /// grids.
    pub first_row: u32,
    /// For each column of the grid, the header cells above its body (the grid's rows before the
    /// first amount), joined: its body cells' column path. A grid without a header of its own and
    /// with as many columns as the table's last grid with one has that grid's.
    pub column_paths: Vec<String>,
    /// For each row of the grid's body, its labels left to right (cells without an amount),
    /// joined; empty for a header row.
    pub row_paths: Vec<String>,
    /// The texts of its cells as printed, one after another in the order of `cells`.
    pub texts: String,
    /// Its non-blank cells, in the grid's order.
    pub cells: Vec<GridCell>,
}

/// One printed cell of a grid.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GridCell {
    /// The cell's row within its grid, from 0.
    pub row: u32,
    /// The cell's column within its grid, from 0.
    pub col: u32,
    /// How many bytes of its row's path are its own row path (the labels to its left); 0 for a
    /// header cell.
    pub row_path_len: u32,
    /// How many bytes of its column's path are its own column path: all of it for a body cell,
    /// the header cells above it for a header cell.
    pub column_path_len: u32,
    /// The length in bytes of the cell's text as printed: the next so many bytes of its grid's
    /// `texts`.
    pub text_len: u32,
    /// The amount, where the cell is one: text with a decimal point or a thousands separator, or
    /// a bare number in a column that holds such amounts (never a code or a line number).
    #[serde(with = "exact")]
    pub value: Option<Decimal>,
}

/// One printed cell with its grid and table: a row of `cells.csv`.
#[derive(Debug, Clone, Copy)]
pub struct CellView<'a> {
    /// The cell's table.
    pub table: &'a CellTable,
    /// The cell's grid.
    pub grid: &'a CellGrid,
    /// The cell.
    pub cell: &'a GridCell,
    /// The cell's text as printed.
    pub text: &'a str,
}

impl CellTable {
    /// Every printed cell of the table, grid by grid.
    pub fn cells(&self) -> impl Iterator<Item = CellView<'_>> {
        self.grids.iter().flat_map(move |grid| {
            let mut start = 0usize;
            grid.cells.iter().map(move |cell| {
                let end = start.saturating_add(cell.text_len as usize);
                // (no text where `texts` has not as many bytes, as in a damaged cache entry)
                let text = grid.texts.get(start..end).unwrap_or("");
                start = end;
                CellView {
                    table: self,
                    grid,
                    cell,
                    text,
                }
            })
        })
    }
}

impl<'a> CellView<'a> {
    /// The cell's row within its table, from 1, counted on over the table's grids.
    pub fn row(&self) -> u32 {
        self.grid.first_row.saturating_add(self.cell.row)
    }

    /// The cell's column within its grid, from 1.
    pub fn col(&self) -> u32 {
        self.cell.col.saturating_add(1)
    }

    /// The labels to the left of the cell in its row, joined; empty for a header cell.
    pub fn row_path(&self) -> &'a str {
        let path = self.grid.row_paths.get(self.cell.row as usize);
        head(path, self.cell.row_path_len)
    }

    /// The header cells above the cell, joined.
    pub fn column_path(&self) -> &'a str {
        let path = self.grid.column_paths.get(self.cell.col as usize);
        head(path, self.cell.column_path_len)
    }

    /// The unit of the cell's value: the one it prints after its number (`35.00 项`, `>6.00(次)`),
    /// else its table's money unit.
    pub fn unit(&self) -> &'a str {
        self.qualified()
            .map(|q| q.unit)
            .filter(|u| !u.is_empty())
            .unwrap_or(&self.table.unit)
    }

    /// The comparison sign printed before the cell's value (`≤110.01`), if any.
    pub fn sign(&self) -> Option<char> {
        self.qualified().and_then(|q| q.sign)
    }

    /// The cell's value as a number printed with a sign or a unit, where it is one.
    fn qualified(&self) -> Option<Qualified<'a>> {
        self.cell.value.and(qualified_amount(self.text))
    }
}

/// The first `len` bytes of `path` (empty where there are not as many, as in a damaged cache
/// entry).
fn head(path: Option<&String>, len: u32) -> &str {
    path.and_then(|p| p.get(..len as usize)).unwrap_or("")
}

/// An amount serialised exactly as its parts, not as text: its mantissa, and its scale with the
/// sign in the top bit (a negative zero, `-0.00`, keeps its sign).
mod exact {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    const NEGATIVE: u8 = 0x80;

    pub fn serialize<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        v.map(|d| {
            let sign = if d.is_sign_negative() { NEGATIVE } else { 0 };
            (d.mantissa(), d.scale() as u8 | sign)
        })
        .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        let Some((mantissa, scale)) = Option::<(i128, u8)>::deserialize(d)? else {
            return Ok(None);
        };
        let mut v = Decimal::try_from_i128_with_scale(mantissa, u32::from(scale & !NEGATIVE))
            .map_err(serde::de::Error::custom)?;
        v.set_sign_negative(scale & NEGATIVE != 0);
        Ok(Some(v))
    }
}

/// Every non-blank cell of every grid of `doc`, table by table in document order; amounts in
/// `report_unit` where a table prints no unit of its own.
pub fn cells(
    doc: &Document,
    tables: &[TableInstance],
    report_unit: Option<&'static str>,
) -> Vec<CellTable> {
    let mut out = Vec::new();
    for (no, (table, parts)) in grouped(doc, tables).into_iter().enumerate() {
        let unit = table.and_then(|t| t.money_unit()).or(report_unit);
        let mut table = CellTable {
            table_no: no as u32 + 1,
            title: table.map(|t| t.title.clone()).unwrap_or_default(),
            unit: unit.unwrap_or_default().to_string(),
            grids: Vec::new(),
        };
        let mut next_row = 1u32;
        let mut header: Vec<String> = Vec::new();
        let grids: Vec<(u32, &Grid)> = parts
            .iter()
            .filter_map(|p| match doc.pages[p.page].blocks.get(p.block) {
                Some(Block::Grid(g)) => Some((doc.pages[p.page].number, g)),
                _ => None,
            })
            .collect();
        let reads: Vec<Reading> = grids.iter().map(|(_, g)| Reading::of(g)).collect();
        let widths = amount_cols_by_width(&reads);
        for ((page, g), mut read) in grids.into_iter().zip(reads) {
            read.take_table_columns(g, &widths);
            let grid = grid_cells(g, read, page, next_row, &mut header);
            next_row += g.rows as u32;
            if !grid.cells.is_empty() {
                table.grids.push(grid);
            }
        }
        if !table.grids.is_empty() {
            out.push(table);
        }
    }
    out
}

/// Every grid of the document with the title of the table it belongs to, grouped by table in
/// document order: the segmented tables' parts, and each grid no table holds as a table alone.
/// (Segmentation puts each grid into one table at most.)
fn grouped<'a>(
    doc: &Document,
    tables: &'a [TableInstance],
) -> Vec<(Option<&'a TableInstance>, Vec<GridRef>)> {
    let mut owner: std::collections::HashMap<(usize, usize), usize> = Default::default();
    for (i, t) in tables.iter().enumerate() {
        for p in &t.parts {
            owner.entry((p.page, p.block)).or_insert(i);
        }
    }
    let mut out: Vec<(Option<&TableInstance>, Vec<GridRef>)> = Vec::new();
    let mut placed = vec![false; tables.len()];
    for (pi, page) in doc.pages.iter().enumerate() {
        for (bi, b) in page.blocks.iter().enumerate() {
            if !matches!(b, Block::Grid(_)) {
                continue;
            }
            match owner.get(&(pi, bi)) {
                Some(&t) if !placed[t] => {
                    placed[t] = true;
                    out.push((Some(&tables[t]), tables[t].parts.clone()));
                }
                Some(_) => {}
                None => out.push((
                    None,
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

/// The cells of one grid, printed on `page`, of a table whose rows so far end before
/// `first_row`. `header` holds the column paths of the table's last grid with a header, which a
/// continuation grid without one of its own and as many columns inherits.
fn grid_cells(
    g: &Grid,
    read: Reading,
    page: u32,
    first_row: u32,
    header: &mut Vec<String>,
) -> CellGrid {
    let mut heads = Heads::of(g, &read);
    if read.body_start > 0 || header.len() != g.cols {
        *header = std::mem::take(&mut heads.paths);
    }
    let labels = row_labels(g, &read);
    let row_paths = labels
        .iter()
        .enumerate()
        .map(|(r, l)| {
            let all = if r < read.body_start { 0 } else { l.len() };
            join(&l[..all])
        })
        .collect();
    let mut cells = Vec::with_capacity(g.cells.len());
    let mut texts = String::with_capacity(g.cells.iter().map(|c| c.text.len()).sum());
    for (i, c) in g.cells.iter().enumerate() {
        if read.texts[i].is_empty() {
            continue;
        }
        let in_body = c.row >= read.body_start;
        let (row_path_len, column_path_len) = if in_body {
            let before = labels[c.row].iter().take_while(|(col, _)| *col < c.col);
            let own = joined_len(before.map(|(_, t)| *t));
            (own, header[c.col].len())
        } else {
            (0, heads.own_len(c.col, c.row))
        };
        cells.push(GridCell {
            row: c.row as u32,
            col: c.col as u32,
            row_path_len: row_path_len as u32,
            column_path_len: column_path_len as u32,
            text_len: c.text.len() as u32,
            value: if in_body { read.value(i, c.col) } else { None },
        });
        texts.push_str(&c.text);
    }
    CellGrid {
        page,
        first_row,
        column_paths: header.clone(),
        row_paths,
        texts,
        cells,
    }
}

/// Whole numbers that may be a header's years rather than amounts.
const YEARS: std::ops::RangeInclusive<Decimal> =
    Decimal::from_parts(1990, 0, 0, false, 0)..=Decimal::from_parts(2100, 0, 0, false, 0);

/// The number a cell prints and whether it is written as an amount ([`is_formatted`]): an
/// amount, or a number with a comparison sign or a unit (a 绩效 table's `≤110.01`, `35.00 项`).
fn cell_number(t: &str) -> Option<(Decimal, bool)> {
    if let Some(d) = parse_amount(t) {
        return Some((d, is_formatted(t)));
    }
    let q = qualified_amount(t)?;
    Some((q.value, q.value.scale() > 0 || t.contains([',', '，'])))
}

/// Whether `t` is written as an amount: a decimal point or a thousands separator, which a code
/// or a line number never has.
fn is_formatted(t: &str) -> bool {
    t.chars().any(|ch| matches!(ch, '.' | '．' | ',' | '，'))
}

/// The columns of a table that print a formatted amount in any of its grids (`reads`), for
/// each width of grid it has: a page of the table with whole numbers only has the same columns
/// of amounts.
fn amount_cols_by_width(reads: &[Reading]) -> Vec<Vec<bool>> {
    let mut widths: Vec<Vec<bool>> = Vec::new();
    for r in reads {
        match widths.iter_mut().find(|w| w.len() == r.amount_cols.len()) {
            Some(w) => w.iter_mut().zip(&r.amount_cols).for_each(|(a, b)| *a |= b),
            None => widths.push(r.amount_cols.clone()),
        }
    }
    widths
}

/// What a grid's cells print, each read once: the text of each cell trimmed, its number and
/// whether it is written as an amount (a decimal point or a thousands separator, which a code or
/// a line number never has), the columns that hold such amounts, and the first row that does (the
/// rows above it are the header).
struct Reading<'g> {
    texts: Vec<&'g str>,
    numbers: Vec<Option<(Decimal, bool)>>,
    amount_cols: Vec<bool>,
    body_start: usize,
}

impl<'g> Reading<'g> {
    /// Reads `g` on its own: the rows above its first formatted amount are its header until
    /// [`Reading::take_table_columns`] has looked at its table's other grids.
    fn of(g: &'g Grid) -> Reading<'g> {
        let texts: Vec<&str> = g.cells.iter().map(|c| c.text.trim()).collect();
        let numbers: Vec<Option<(Decimal, bool)>> =
            g.cells.iter().map(|c| cell_number(&c.text)).collect();
        let mut amount_cols = vec![false; g.cols];
        let mut body_start = g.rows;
        for (c, n) in g.cells.iter().zip(&numbers) {
            if matches!(n, Some((_, true))) {
                amount_cols[c.col] = true;
                body_start = body_start.min(c.row);
            }
        }
        Reading {
            texts,
            numbers,
            amount_cols,
            body_start,
        }
    }

    /// Takes the columns of amounts of its table's grids as wide as `g` (`widths`), and starts
    /// the body at the first row of whole amounts above the first formatted one.
    fn take_table_columns(&mut self, g: &Grid, widths: &[Vec<bool>]) {
        if let Some(w) = widths.iter().find(|w| w.len() == g.cols) {
            self.amount_cols
                .iter_mut()
                .zip(w)
                .for_each(|(a, b)| *a |= b);
        }
        if let Some(row) = self.first_row_of_whole_amounts(g) {
            self.body_start = row;
        }
    }

    /// The first row above the first formatted amount that already belongs to the body: a row
    /// with a label and a whole number in a column of amounts (`会展业专题 | 3000`, a table of
    /// whole 万元), not a row of column numbers (栏次) nor one whose numbers could be years (a
    /// header `2025 | 2026`).
    fn first_row_of_whole_amounts(&self, g: &Grid) -> Option<usize> {
        let mut row = 0;
        let mut i = 0;
        while i < g.cells.len() && row < self.body_start {
            row = g.cells[i].row;
            let end = g.cells[i..]
                .iter()
                .position(|c| c.row != row)
                .map_or(g.cells.len(), |n| i + n);
            if row < self.body_start && self.starts_body(g, i..end) {
                return Some(row);
            }
            i = end;
        }
        None
    }

    /// Whether the cells `range` (one row's) are a row of the body printing whole amounts.
    fn starts_body(&self, g: &Grid, range: std::ops::Range<usize>) -> bool {
        let (mut label, mut whole, mut all_years) = (false, false, true);
        for i in range.clone() {
            let col = g.cells[i].col;
            match self.numbers[i] {
                Some((d, _)) if self.amount_cols[col] => {
                    whole = true;
                    all_years &= d.fract().is_zero() && YEARS.contains(&d);
                }
                None if !self.texts[i].is_empty() && !self.amount_cols[col] => label = true,
                _ => {}
            }
        }
        let cells: Vec<&yjs_model::Cell> = g.cells[range].iter().collect();
        label && whole && !all_years && !crate::reconcile::is_numbering_row(&cells)
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

/// The header of a grid: for each column, the texts of the cells covering it above the body
/// (`body_start`), top down, joined, and where each of them ends in it.
struct Heads {
    /// Each column's path.
    paths: Vec<String>,
    /// For each column, each part of its path: the index of its cell and the end of the part in
    /// the path.
    ends: Vec<Vec<(usize, usize)>>,
    /// For each row down to `body_start`, the index of the first cell at or below it.
    starts: Vec<usize>,
}

impl Heads {
    fn of(g: &Grid, read: &Reading) -> Heads {
        let body_start = read.body_start;
        let mut starts = vec![g.cells.len(); body_start + 1];
        let mut filled = 0;
        for (i, c) in g.cells.iter().enumerate() {
            while filled <= c.row.min(body_start) {
                starts[filled] = i;
                filled += 1;
            }
        }
        let header = &g.cells[..starts[body_start]];
        let (mut paths, mut ends) = (Vec::with_capacity(g.cols), Vec::with_capacity(g.cols));
        for col in 0..g.cols {
            let (mut path, mut at) = (String::new(), Vec::new());
            let mut last: Option<&str> = None;
            for (i, c) in header.iter().enumerate() {
                let covers = c.col <= col && col < c.col + c.col_span.max(1);
                let t = read.texts[i];
                if covers && !t.is_empty() && last != Some(t) {
                    if last.is_some() {
                        path.push_str(PATH_SEP);
                    }
                    path.push_str(t);
                    at.push((i, path.len()));
                    last = Some(t);
                }
            }
            paths.push(path);
            ends.push(at);
        }
        Heads {
            paths,
            ends,
            starts,
        }
    }

    /// How much of column `col`'s path is the header cells above row `row`: the texts of the
    /// cells covering the column before the first cell of the row.
    fn own_len(&self, col: usize, row: usize) -> usize {
        let before = self.starts[row];
        self.ends[col]
            .iter()
            .take_while(|(i, _)| *i < before)
            .last()
            .map_or(0, |(_, end)| *end)
    }
}

/// For each row of the grid, its labels left to right: the non-blank cells covering the row that
/// print no amount (codes and names, not a column of amounts' numbers), with their columns.
fn row_labels<'g>(g: &Grid, read: &Reading<'g>) -> Vec<Vec<(usize, &'g str)>> {
    let mut rows: Vec<Vec<(usize, &str)>> = vec![Vec::new(); g.rows];
    for (i, c) in g.cells.iter().enumerate() {
        let t = read.texts[i];
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

/// The texts of `labels` joined into a path.
fn join(labels: &[(usize, &str)]) -> String {
    let mut out = String::with_capacity(joined_len(labels.iter().map(|(_, t)| *t)));
    for (_, t) in labels {
        if !out.is_empty() {
            out.push_str(PATH_SEP);
        }
        out.push_str(t);
    }
    out
}

/// The length of `parts` joined into a path.
fn joined_len<'t>(parts: impl Iterator<Item = &'t str>) -> usize {
    let (mut n, mut len) = (0usize, 0);
    for t in parts {
        len += t.len();
        n += 1;
    }
    len + PATH_SEP.len() * n.saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::tests::{doc, grid};

    fn table(title: &str, parts: Vec<GridRef>) -> TableInstance {
        TableInstance {
            key: None,
            title: title.into(),
            unit: None,
            header_unit: None,
            parts,
            page: 1,
            notes: Vec::new(),
        }
    }

    /// The cell printing `text`.
    fn find<'a>(tables: &'a [CellTable], text: &str) -> CellView<'a> {
        tables
            .iter()
            .flat_map(CellTable::cells)
            .find(|c| c.text == text)
            .unwrap()
    }

    #[test]
    fn every_printed_cell_has_its_header_and_labels_and_codes_have_no_value() {
        let d = doc(vec![grid(&[
            &["科目编码", "科目名称", "合计", "基本支出"],
            &["201", "一般公共服务支出", "1,234.50", "800"],
            &["20101", "人大事务", "12.00", "4.00"],
            &["20102", "政协事务", "", ""],
        ])]);
        let t = table("会议费预算表", vec![GridRef { page: 0, block: 0 }]);
        let cells = cells(&d, &[t], None);
        // 14 printed cells: the blank ones are not written
        assert_eq!(cells.iter().flat_map(CellTable::cells).count(), 14);
        let c = find(&cells, "1,234.50");
        assert_eq!(
            (c.table.table_no, c.table.title.as_str(), c.grid.page),
            (1, "会议费预算表", 1)
        );
        assert_eq!((c.row(), c.col()), (2, 3));
        assert_eq!(c.column_path(), "合计");
        assert_eq!(c.row_path(), "201 / 一般公共服务支出");
        assert_eq!(c.cell.value, Some(Decimal::new(123450, 2)));
        // a bare number in a column of amounts is one; a code is not
        let bare = find(&cells, "800");
        assert_eq!(bare.cell.value, Some(Decimal::new(800, 0)));
        assert_eq!(bare.column_path(), "基本支出");
        let code = find(&cells, "20101");
        assert_eq!(code.cell.value, None);
        assert_eq!(code.column_path(), "科目编码");
        let head = find(&cells, "合计");
        assert_eq!((head.cell.value, head.column_path()), (None, ""));
        assert_eq!(head.row_path(), "", "a header cell has no row labels");
        // the title once for the table, each row's labels once for the row
        assert_eq!(cells.len(), 1);
        assert_eq!(
            cells[0].grids[0].row_paths,
            [
                "",
                "201 / 一般公共服务支出",
                "20101 / 人大事务",
                "20102 / 政协事务"
            ]
        );
        assert_eq!(
            cells[0].grids[0].column_paths,
            ["科目编码", "科目名称", "合计", "基本支出"]
        );
    }

    /// A 绩效 table's target values printed with a comparison sign or a unit (西安 2026
    /// `≤110.01`, 西南大学 2023 `35.00项`) had no value and were read as row labels of the cells
    /// to their right; a rate (`≥95%`) and words around a number stay text.
    #[test]
    fn target_values_with_a_sign_or_a_unit_have_their_number() {
        let d = doc(vec![grid(&[
            &["三级指标", "指标值", "分值"],
            &["调研工作经费(万元/年)", "≤110.01", "5"],
            &["科研成果数量", "35.00项", "10"],
            &["满意度", "≥95%", "5"],
            &["完成率", "100.00", "扣0.5分"],
        ])]);
        let t = table("项目支出绩效目标表", vec![GridRef { page: 0, block: 0 }]);
        let mut cells = cells(&d, &[t], None);
        cells[0].unit = "万元".into();
        let at_most = find(&cells, "≤110.01");
        assert_eq!(at_most.cell.value, Some(Decimal::new(11001, 2)));
        assert_eq!((at_most.sign(), at_most.unit()), (Some('≤'), "万元"));
        assert_eq!(find(&cells, "5").row_path(), "调研工作经费(万元/年)");
        let count = find(&cells, "35.00项");
        assert_eq!(count.cell.value, Some(Decimal::new(3500, 2)));
        assert_eq!((count.sign(), count.unit()), (None, "项"));
        assert_eq!(find(&cells, "≥95%").cell.value, None);
        assert_eq!(find(&cells, "扣0.5分").cell.value, None);
        assert_eq!(find(&cells, "100.00").unit(), "万元");
    }

    #[test]
    fn a_continued_table_counts_its_rows_on_and_keeps_its_header_and_a_lone_grid_is_a_table() {
        let d = doc(vec![
            grid(&[&["项目", "金额"], &["甲", "1.00"]]),
            grid(&[&["乙", "2.00"]]),
            grid(&[&["丙", "3.00"]]),
        ]);
        let t = table(
            "表一",
            vec![GridRef { page: 0, block: 0 }, GridRef { page: 1, block: 0 }],
        );
        let cells = cells(&d, &[t], None);
        let two = find(&cells, "2.00");
        assert_eq!((two.table.table_no, two.grid.page, two.row()), (1, 2, 3));
        assert_eq!(two.column_path(), "金额");
        assert_eq!(two.row_path(), "乙");
        let three = find(&cells, "3.00");
        assert_eq!(
            (
                three.table.table_no,
                three.table.title.as_str(),
                three.row()
            ),
            (2, "", 1)
        );
        // the lone grid has no header: its columns' paths are empty
        assert_eq!(three.column_path(), "");
    }

    /// A table of whole 万元 (`会展业专题 | 3000`) whose first formatted amount comes late: the
    /// rows above it are body rows, not a header `预算数 / 3000 / 22000`; and a page of the table
    /// with whole numbers only has the same columns of amounts.
    #[test]
    fn whole_amounts_above_the_first_formatted_one_are_body_rows_not_header() {
        let d = doc(vec![
            grid(&[
                &["项目", "预算数（单位：万元）", "绩效目标"],
                &["会展业专题", "3000", "促进会展"],
                &["零售专题", "22000", "促进消费"],
            ]),
            grid(&[
                &["项目", "预算数（单位：万元）", "绩效目标"],
                &["商业网点专题", "1300", "布局网点"],
                &["单一窗口项目", "2662.36", "保障运行"],
            ]),
        ]);
        let parts = vec![GridRef { page: 0, block: 0 }, GridRef { page: 1, block: 0 }];
        // (the report's tables are in 元: the table's header says 万元)
        let mut t = table("重点项目", parts);
        t.header_unit = crate::segment::header_unit(&d, &t.parts);
        let cells = cells(&d, &[t], Some("元"));
        assert_eq!(cells[0].unit, "万元", "the header's bracketed unit");
        for (text, value, row_path) in [
            ("3000", Some(Decimal::from(3000)), "会展业专题"),
            ("22000", Some(Decimal::from(22000)), "零售专题"),
            ("1300", Some(Decimal::from(1300)), "商业网点专题"),
        ] {
            let c = find(&cells, text);
            assert_eq!(
                (c.cell.value, c.row_path(), c.column_path()),
                (value, row_path, "预算数（单位：万元）"),
                "{text}"
            );
        }
        assert_eq!(find(&cells, "促进消费").column_path(), "绩效目标");
    }

    /// Whole numbers that head the columns (a 栏次 row, years) stay in the header.
    #[test]
    fn column_numbers_and_years_over_amounts_stay_header() {
        let d = doc(vec![grid(&[
            &["项目", "2025", "2026"],
            &["栏次", "1", "2"],
            &["合计", "1.00", "2.00"],
        ])]);
        let cells = cells(
            &d,
            &[table("表", vec![GridRef { page: 0, block: 0 }])],
            Some("元"),
        );
        assert_eq!(cells[0].unit, "元", "the report's unit");
        assert_eq!(find(&cells, "1.00").column_path(), "2025 / 1");
        assert_eq!(find(&cells, "2").cell.value, None);
        assert_eq!(find(&cells, "2025").cell.value, None);
    }

    #[test]
    fn a_damaged_grid_gives_empty_texts_and_paths_not_a_panic() {
        let cell = |row, col, len| GridCell {
            row,
            col,
            row_path_len: len,
            column_path_len: len,
            text_len: len,
            value: None,
        };
        let t = CellTable {
            table_no: 1,
            title: String::new(),
            unit: String::new(),
            grids: vec![CellGrid {
                page: 1,
                first_row: u32::MAX,
                column_paths: vec!["合计".into()],
                row_paths: vec!["项目".into()],
                texts: "合计".into(),
                // out of the grid; a length inside a character; more bytes than there are
                cells: vec![cell(9, 9, 1), cell(0, 0, 1), cell(0, 0, 99)],
            }],
        };
        let views: Vec<(&str, &str, &str, u32)> = t
            .cells()
            .map(|c| (c.text, c.row_path(), c.column_path(), c.row()))
            .collect();
        assert_eq!(views, [("", "", "", u32::MAX); 3]);
    }

    /// The header cells covering column `col` above `row`, top down, joined (each read anew).
    fn above(g: &Grid, row: usize, col: usize) -> String {
        let mut parts: Vec<&str> = Vec::new();
        for c in g.cells.iter().take_while(|c| c.row < row) {
            let covers = c.col <= col && col < c.col + c.col_span;
            let t = c.text.trim();
            if covers && !t.is_empty() && parts.last() != Some(&t) {
                parts.push(t);
            }
        }
        parts.join(PATH_SEP)
    }

    #[test]
    fn spanning_headers_and_labels_give_each_cell_the_paths_read_cell_by_cell() {
        let g = grid(&[
            &["项目", "<", "本年支出", "<", "<"],
            &["^", "^", "合计", "基本支出", "<"],
            &["^", "^", "^", "人员经费", "公用经费"],
            &["功能分类", "<", "", "", ""],
            &["科目编码", "科目名称", "", "", ""],
            &["201", "一般公共服务支出", "1,234.50", "800.00", "434.50"],
            &["^", "人大事务", "12.00", "-", "12.00"],
            &["总计", "<", "1,246.50", "800.00", "446.50"],
        ]);
        let d = doc(vec![g.clone()]);
        let cells = cells(&d, &[], None);
        let all: Vec<CellView> = cells.iter().flat_map(CellTable::cells).collect();
        assert_eq!(all.len(), 22);
        for c in &all {
            let (row, col) = (c.cell.row as usize, c.cell.col as usize);
            // the header is the rows above row 5 (the first amount's)
            assert_eq!(c.column_path(), above(&g, row.min(5), col), "{}", c.text);
        }
        let head = find(&cells, "人员经费");
        assert_eq!(
            (head.column_path(), head.row_path()),
            ("本年支出 / 基本支出", "")
        );
        let name = find(&cells, "人大事务");
        assert_eq!(name.column_path(), "项目 / 功能分类 / 科目名称");
        // the code spans two rows and labels both
        assert_eq!(name.row_path(), "201");
        assert_eq!(name.cell.value, None);
        // a dash in a column of amounts is a zero amount, not a label
        let dash = find(&cells, "-");
        assert_eq!(dash.row_path(), "201 / 人大事务");
        assert_eq!(dash.cell.value, Some(Decimal::ZERO));
        let amount = find(&cells, "434.50");
        assert_eq!(amount.row_path(), "201 / 一般公共服务支出");
        assert_eq!(amount.column_path(), "本年支出 / 基本支出 / 公用经费");
        assert_eq!(amount.cell.value, Some(Decimal::new(43450, 2)));
        let total = find(&cells, "446.50");
        assert_eq!((total.row(), total.col(), total.row_path()), (8, 5, "总计"));
        assert_eq!(
            cells[0].grids[0].row_paths[5..],
            ["201 / 一般公共服务支出", "201 / 人大事务", "总计"]
        );
    }
}
