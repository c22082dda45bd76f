//! The combined files' columns: one field list per file names each column, types it for
//! Parquet and writes its cell of a row, so the CSV header, the Parquet schema and every row
//! come from the same definition. A row is written into one reused buffer ([`Row`]), which is
//! also its CSV line.

use crate::record::{CellRow, CheckRow, FactRow, NarrativeRow, Record, ReportRow};
use rust_decimal::Decimal;
use std::borrow::Borrow;
use std::collections::BTreeMap;
use yjs_analyze::schema::{self, Side, TableKey};
use yjs_analyze::totals;

/// How a column is typed in Parquet (CSV prints every column as text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// UTF-8 text; an empty cell is an empty string.
    Text,
    /// A count or page number (INT32).
    Int,
    /// INT32, an empty cell is null.
    OptInt,
    /// An exact decimal (DECIMAL).
    Decimal,
    /// DECIMAL, an empty cell is null.
    OptDecimal,
}

/// A column of a combined file: its name, its Parquet type, and `cell`, which writes its cell of
/// a row as the CSV prints it ([`Read`]; [`ReadCell`] for `cells.csv`, whose rows are views).
struct Field<F> {
    name: &'static str,
    kind: Kind,
    cell: F,
}

/// Writes the cell of a row of type `R` as the CSV prints it.
type Read<R> = fn(&R, &mut String);

/// Writes the cell of a row of `cells.csv` as the CSV prints it.
type ReadCell = fn(&CellRow<'_>, &mut String);

/// A column named `name`, typed `kind`, its cell written by `cell`.
const fn field<R>(name: &'static str, kind: Kind, cell: Read<R>) -> Field<Read<R>> {
    Field { name, kind, cell }
}

/// A column of `cells.csv` named `name`, typed `kind`, its cell written by `cell`.
const fn cell_field(name: &'static str, kind: Kind, cell: ReadCell) -> Field<ReadCell> {
    Field { name, kind, cell }
}

/// Writes a count or a page number.
fn int(out: &mut String, n: impl itoa::Integer) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// Writes an amount as printed, through `Decimal`'s own `Display` (no allocation): its scale
/// kept (`12175.60`, `0.05`), a minus sign where it is negative (also on a zero: `-0.00`).
fn amount(out: &mut String, v: &Decimal) {
    use std::fmt::Write;
    // (writing into a String cannot fail)
    let _ = write!(out, "{v}");
}

/// One row of a combined file as the CSV prints it: its cells in one buffer, each followed by a
/// comma, which a file's rows reuse (a row costs no allocation of its own). A row none of whose
/// cells needs quotes is its CSV line as it stands.
#[derive(Debug, Default)]
pub struct Row {
    /// Every cell, each followed by a comma.
    text: String,
    /// Where each cell ends in `text` (at its comma).
    ends: Vec<usize>,
}

impl Row {
    /// A row of `cells`.
    pub fn of<'a>(cells: impl IntoIterator<Item = &'a str>) -> Row {
        let mut row = Row::default();
        for c in cells {
            row.push(c);
        }
        row
    }

    /// Its cells, in order.
    pub fn cells(&self) -> impl Iterator<Item = &str> {
        let mut begin = 0;
        self.ends.iter().map(move |&end| {
            let cell = self.text.get(begin..end).unwrap_or_default();
            begin = end + 1;
            cell
        })
    }

    /// Appends the row to `out` as the `csv` crate writes a record by default: its cells
    /// separated by commas, a cell that holds a comma, a quote or a line break quoted (its quotes
    /// doubled), a row of one empty cell as `""`, and `\n` after it.
    pub fn write_csv(&self, out: &mut Vec<u8>) {
        let text = self.text.as_bytes();
        // no comma but those after the cells, no quote, no line break: most rows
        let (commas, others) = specials(text);
        let plain = commas == self.ends.len() && !others;
        match text {
            // the cells and their commas as they stand, but a line break for the last comma
            [line @ .., b','] if plain && !line.is_empty() => {
                out.extend_from_slice(line);
                out.push(b'\n');
            }
            _ => self.write_quoted_csv(out),
        }
    }

    /// [`Row::write_csv`] of a row with cells to quote (or with no cell or one empty one).
    fn write_quoted_csv(&self, out: &mut Vec<u8>) {
        let start = out.len();
        for (i, cell) in self.cells().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let bytes = cell.as_bytes();
            if !needs_quotes(bytes) {
                out.extend_from_slice(bytes);
                continue;
            }
            out.push(b'"');
            for (k, part) in bytes.split(|&b| b == b'"').enumerate() {
                if k > 0 {
                    out.extend_from_slice(b"\"\"");
                }
                out.extend_from_slice(part);
            }
            out.push(b'"');
        }
        if out.len() == start {
            out.extend_from_slice(b"\"\"");
        }
        out.push(b'\n');
    }

    /// Empties the row, to write the next one into the same buffer.
    pub fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
    }

    /// Appends a cell whose text `write` appends to the buffer it is given (a cell with no
    /// comma of its own, or one the CSV quotes).
    pub fn push_with(&mut self, write: impl FnOnce(&mut String)) {
        write(&mut self.text);
        self.end_cell();
    }

    /// Starts the row of report `id` afresh.
    fn start(&mut self, id: &str) {
        self.clear();
        self.push(id);
    }

    /// Appends a cell.
    fn push(&mut self, cell: &str) {
        self.text.push_str(cell);
        self.end_cell();
    }

    /// Ends the cell written to `text` since the last one ended.
    fn end_cell(&mut self) {
        self.ends.push(self.text.len());
        self.text.push(',');
    }

    /// Appends the cells of `r` under `fields`.
    fn fields<R, F: Fn(&R, &mut String)>(&mut self, fields: &[Field<F>], r: &R) {
        for f in fields {
            (f.cell)(r, &mut self.text);
            self.end_cell();
        }
    }
}

/// How many commas `text` holds, and whether it holds a quote or a line break. Read 32 bytes
/// at a time, each looked at (no early exit), which the compiler vectorises.
fn specials(text: &[u8]) -> (usize, bool) {
    /// The commas of a block, and whether it holds a quote or a line break.
    fn block(bytes: &[u8; 32]) -> (usize, bool) {
        // a byte each: at most 32 of them; `|`, not `||` nor `matches!`: no branch
        let (mut commas, mut others) = (0u8, 0u8);
        for &b in bytes {
            commas += u8::from(b == b',');
            others |= u8::from(b == b'"') | u8::from(b == b'\n') | u8::from(b == b'\r');
        }
        (usize::from(commas), others != 0)
    }
    let mut blocks = text.chunks_exact(32);
    let mut last = [0; 32];
    let rest = blocks.remainder();
    last[..rest.len()].copy_from_slice(rest);
    let (mut commas, mut others) = block(&last);
    for b in blocks.by_ref() {
        let (c, o) = block(b.try_into().unwrap_or(&[0; 32]));
        commas += c;
        others |= o;
    }
    (commas, others)
}

/// Does the CSV quote `cell`: does it hold a comma, a quote or a line break?
fn needs_quotes(cell: &[u8]) -> bool {
    cell.iter()
        .any(|&b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
}

/// The first column of every combined file: which report a row belongs to.
const REPORT_ID: &str = "report_id";

/// Digits of every DECIMAL column (Parquet's largest 128-bit decimal).
pub const DECIMAL_PRECISION: i32 = 38;
/// The scale of a DECIMAL column unless one of its values has more decimals.
pub const DECIMAL_SCALE: i32 = 6;

/// `reports.csv` after `report_id`.
const REPORT_FIELDS: &[Field<Read<ReportRow>>] = &[
    field("path", Kind::Text, |r, o| o.push_str(&r.path)),
    field("sha256", Kind::Text, |r, o| o.push_str(&r.sha256)),
    field("format", Kind::Text, |r, o| o.push_str(r.format.as_str())),
    field("department", Kind::Text, |r, o| o.push_str(&r.department)),
    field("year", Kind::OptInt, |r, o| o.push_str(&r.year)),
    field("kind", Kind::Text, |r, o| o.push_str(r.kind.as_str())),
    field("scope", Kind::Text, |r, o| o.push_str(r.scope.as_str())),
    field("unit", Kind::Text, |r, o| o.push_str(&r.unit)),
    field("pages", Kind::Int, |r, o| int(o, r.pages)),
    field("tables", Kind::Int, |r, o| int(o, r.tables)),
    field("facts", Kind::Int, |r, o| int(o, r.facts)),
    field("checks_failed", Kind::Int, |r, o| int(o, r.checks_failed)),
    field("status", Kind::Text, |r, o| o.push_str(r.status.as_str())),
    field("error", Kind::Text, |r, o| o.push_str(&r.error)),
];

/// The fields `facts.csv` and `tables/<table>.csv` share.
const SIDE: Field<Read<FactRow>> = field("side", Kind::Text, |x, o| o.push_str(side(x.side)));
const ROW_CODE: Field<Read<FactRow>> =
    field("row_code", Kind::Text, |x, o| o.push_str(&x.row_code));
const ROW_NAME: Field<Read<FactRow>> =
    field("row_name", Kind::Text, |x, o| o.push_str(&x.row_name));
const UNIT: Field<Read<FactRow>> = field("unit", Kind::Text, |x, o| o.push_str(&x.unit));
const PAGE: Field<Read<FactRow>> = field("page", Kind::Int, |x, o| int(o, x.page));

/// `facts.csv` after `report_id`.
const FACT_FIELDS: &[Field<Read<FactRow>>] = &[
    field("table", Kind::Text, |x, o| o.push_str(x.table.as_str())),
    SIDE,
    ROW_CODE,
    ROW_NAME,
    field("column", Kind::Text, |x, o| o.push_str(&x.column)),
    field("value", Kind::Decimal, |x, o| amount(o, &x.value)),
    UNIT,
    PAGE,
];

/// `facts.csv` after [`FACT_FIELDS`]: the report's metadata, so that a question by department,
/// year or kind needs no join with `reports.csv`.
const FACT_REPORT_FIELDS: &[Field<Read<ReportRow>>] = &[
    field("department", Kind::Text, |r, o| o.push_str(&r.department)),
    field("year", Kind::OptInt, |r, o| o.push_str(&r.year)),
    field("kind", Kind::Text, |r, o| o.push_str(r.kind.as_str())),
    field("scope", Kind::Text, |r, o| o.push_str(r.scope.as_str())),
];

/// `facts.csv` last: the value in 万元, whatever unit the report prints (exact; empty where the
/// unit is not known), and the canonical names of the totals.
const FACT_DERIVED_FIELDS: &[Field<Read<FactRow>>] = &[
    field("value_wan", Kind::OptDecimal, |x, o| {
        if let Some(v) = value_wan(x) {
            amount(o, &v);
        }
    }),
    // the canonical name of a total row, and whether the column is the table's total one
    // ([`yjs_analyze::totals`]): the same question asked the same way of every template
    field("row_key", Kind::Text, |x, o| {
        if let Some(k) = totals::row_key(&x.row_name) {
            o.push_str(k.as_str());
        }
    }),
    field("total_column", Kind::Text, |x, o| {
        o.push_str(if totals::is_total_column(&x.column) {
            "true"
        } else {
            "false"
        })
    }),
    // how sure OCR was of the amount (0–100); empty for a text layer's
    field("confidence", Kind::OptInt, |x, o| {
        if let Some(c) = x.confidence {
            int(o, c);
        }
    }),
];

/// A fact's value in 万元.
fn value_wan(x: &FactRow) -> Option<Decimal> {
    yjs_analyze::amount::in_wan(x.value, &x.unit)
}

/// `checks.csv` after `report_id`.
const CHECK_FIELDS: &[Field<Read<CheckRow>>] = &[
    field("rule", Kind::Text, |c, o| o.push_str(c.rule.as_str())),
    field("severity", Kind::Text, |c, o| {
        o.push_str(c.severity.as_str())
    }),
    field("table", Kind::Text, |c, o| o.push_str(&c.table)),
    field("row", Kind::Text, |c, o| o.push_str(&c.row)),
    field("column", Kind::Text, |c, o| o.push_str(&c.column)),
    field("expected", Kind::Text, |c, o| o.push_str(&c.expected)),
    field("found", Kind::Text, |c, o| o.push_str(&c.found)),
    field("message", Kind::Text, |c, o| o.push_str(&c.message)),
    field("page", Kind::OptInt, |c, o| {
        if let Some(p) = c.page {
            int(o, p);
        }
    }),
];

/// `narrative.csv` after `report_id`.
const NARRATIVE_FIELDS: &[Field<Read<NarrativeRow>>] = &[
    field("section", Kind::Text, |n, o| o.push_str(&n.section)),
    field("subject", Kind::Text, |n, o| o.push_str(&n.subject)),
    field("measure", Kind::Text, |n, o| o.push_str(&n.measure)),
    field("value", Kind::Decimal, |n, o| amount(o, &n.value)),
    field("unit", Kind::Text, |n, o| o.push_str(&n.unit)),
    field("sentence", Kind::Text, |n, o| o.push_str(&n.sentence)),
    field("page", Kind::Int, |n, o| int(o, n.page)),
];

/// `cells.csv` after `report_id`: every printed cell of every table.
const CELL_FIELDS: &[Field<ReadCell>] = &[
    cell_field("table_no", Kind::Int, |c, o| int(o, c.table.table_no)),
    cell_field("title", Kind::Text, |c, o| o.push_str(&c.table.title)),
    cell_field("page", Kind::Int, |c, o| int(o, c.grid.page)),
    cell_field("row", Kind::Int, |c, o| int(o, c.row())),
    cell_field("col", Kind::Int, |c, o| int(o, c.col())),
    cell_field("row_path", Kind::Text, |c, o| o.push_str(c.row_path())),
    cell_field("column_path", Kind::Text, |c, o| {
        o.push_str(c.column_path())
    }),
    cell_field("text", Kind::Text, |c, o| o.push_str(c.text)),
    cell_field("value", Kind::OptDecimal, |c, o| {
        if let Some(v) = &c.cell.value {
            amount(o, v);
        }
    }),
    cell_field("unit", Kind::Text, |c, o| o.push_str(c.unit())),
    cell_field("sign", Kind::Text, |c, o| {
        if let Some(s) = c.sign() {
            o.push(s);
        }
    }),
];

/// `tables/<table>.csv` after `report_id`, before the table's amount columns: a canonical row,
/// read from its first fact.
const WIDE_FIELDS: &[Field<Read<FactRow>>] = &[SIDE, ROW_CODE, ROW_NAME, UNIT, PAGE];

/// A side as printed (empty for a one-sided table).
fn side(s: Option<Side>) -> &'static str {
    s.map_or("", Side::as_str)
}

/// The 三公 table's amount columns: each item ([`schema::THREE_PUBLIC_COLUMNS`]) under each
/// figure (预算数, 决算数: [`schema::THREE_PUBLIC_FIGURES`]).
fn three_public_columns() -> impl Iterator<Item = String> {
    schema::THREE_PUBLIC_FIGURES.into_iter().flat_map(|p| {
        schema::THREE_PUBLIC_COLUMNS
            .into_iter()
            .map(move |c| format!("{p}{c}"))
    })
}

/// Which rows a combined file holds.
enum Body {
    Reports,
    Facts,
    Checks,
    Narrative,
    Cells,
    Wide(TableKey),
}

/// A column of a combined table: its name, its type and, for a DECIMAL column, its scale.
pub struct Column {
    /// Its name (the CSV header).
    pub name: String,
    /// Its Parquet type.
    pub kind: Kind,
    /// Decimal columns: [`DECIMAL_SCALE`], or more when a value of the
    /// batch has more decimals; other columns 0.
    pub scale: i32,
}

/// What the writers must know of a batch before its first row: the columns the wide tables
/// hold beyond the registry's, and the decimals of every amount column. It does not depend on the
/// order in which the reports' shapes are added ([`Shape::of`], [`Shape::add`]), so a batch
/// gathers it as the reports are extracted, in any order, without keeping them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shape {
    /// `(table, column)` of every fact.
    wide: std::collections::BTreeSet<(String, String)>,
    /// The most decimals a value has (normalised), by `(file, column)`.
    decimals: BTreeMap<(String, String), u32>,
}

impl Shape {
    /// The shape of one report's rows.
    pub fn of(rec: &Record) -> Shape {
        let mut s = Shape::default();
        let wan: Vec<Decimal> = rec.facts.iter().filter_map(value_wan).collect();
        let long = [
            (
                "facts",
                "value",
                most_decimals(rec.facts.iter().map(|x| &x.value)),
            ),
            ("facts", "value_wan", most_decimals(wan.iter())),
            (
                "narrative",
                "value",
                most_decimals(rec.narrative.iter().map(|n| &n.value)),
            ),
            (
                "cells",
                "value",
                most_decimals(rec.cell_rows().filter_map(|c| c.cell.value.as_ref())),
            ),
        ];
        for (file, column, d) in long {
            if let Some(d) = d {
                s.decimals.insert((file.to_string(), column.to_string()), d);
            }
        }
        // borrowed keys while counting, owned ones only for the few distinct columns
        let mut wide: std::collections::HashMap<(&str, &str), u32> = Default::default();
        for x in &rec.facts {
            let e = wide.entry((x.table.as_str(), &x.column)).or_insert(0);
            *e = more_decimals(*e, &x.value);
        }
        for ((table, column), d) in wide {
            s.wide.insert((table.to_string(), column.to_string()));
            s.decimals
                .insert((format!("tables/{table}"), column.to_string()), d);
        }
        s
    }

    /// Adds the shape of more reports.
    pub fn add(&mut self, other: &Shape) {
        self.wide.extend(other.wide.iter().cloned());
        for (k, d) in &other.decimals {
            let e = self.decimals.entry(k.clone()).or_insert(0);
            *e = (*e).max(*d);
        }
    }

    fn scale(&self, file: &str, column: &str, kind: Kind) -> i32 {
        match kind {
            Kind::Decimal | Kind::OptDecimal => {
                let d = self
                    .decimals
                    .get(&(file.to_string(), column.to_string()))
                    .copied()
                    .unwrap_or(0) as i32;
                d.clamp(DECIMAL_SCALE, DECIMAL_PRECISION)
            }
            _ => 0,
        }
    }
}

/// The most decimals any of `values` has (normalised: `1.50` has one), if there is one.
fn most_decimals<'a>(values: impl Iterator<Item = &'a Decimal>) -> Option<u32> {
    values.fold(None, |most, v| Some(more_decimals(most.unwrap_or(0), v)))
}

/// `most`, or the decimals of `v` (normalised) where it has more.
fn more_decimals(most: u32, v: &Decimal) -> u32 {
    // normalising only drops decimals: a value with no more than `most` as printed has no more
    if v.scale() <= most {
        most
    } else {
        most.max(v.normalize().scale())
    }
}

/// One combined output table: `file` is its path in the output folder without the extension.
pub struct OutTable {
    /// Its path in the output folder, without the extension.
    pub file: String,
    /// Its columns, in order.
    pub columns: Vec<Column>,
    /// Are its pending Parquet rows kept under the memory budget apart from the other tables'?
    pub own_budget: bool,
    body: Body,
}

/// Calls `f` with `report_id` and the cells of each of `rows` under `fields`.
fn each_row<R, F: Fn(&R, &mut String)>(
    id: &str,
    fields: &[Field<F>],
    rows: impl IntoIterator<Item = impl Borrow<R>>,
    f: &mut dyn FnMut(&Row),
) {
    let mut row = Row::default();
    for r in rows {
        row.start(id);
        row.fields(fields, r.borrow());
        f(&row);
    }
}

impl OutTable {
    /// Calls `f` with every row of one report, in output order, cells as printed in the CSV.
    pub fn rows(&self, rec: &Record, f: &mut dyn FnMut(&Row)) {
        let id = rec.report.report_id.as_str();
        match self.body {
            Body::Reports => each_row(id, REPORT_FIELDS, std::slice::from_ref(&rec.report), f),
            Body::Facts => {
                let mut row = Row::default();
                for x in &rec.facts {
                    row.start(id);
                    row.fields(FACT_FIELDS, x);
                    row.fields(FACT_REPORT_FIELDS, &rec.report);
                    row.fields(FACT_DERIVED_FIELDS, x);
                    f(&row);
                }
            }
            Body::Checks => each_row(id, CHECK_FIELDS, &rec.checks, f),
            Body::Narrative => each_row(id, NARRATIVE_FIELDS, &rec.narrative, f),
            Body::Cells => each_row(id, CELL_FIELDS, rec.cell_rows(), f),
            Body::Wide(key) => self.wide_rows(id, key, &rec.facts, f),
        }
    }

    /// The canonical rows of table `key`: one per row of the table (document order), its
    /// amounts under their column keys.
    fn wide_rows(&self, id: &str, key: TableKey, facts: &[FactRow], f: &mut dyn FnMut(&Row)) {
        let mut by_row: BTreeMap<usize, Vec<&FactRow>> = BTreeMap::new();
        for x in facts.iter().filter(|x| x.table == key) {
            by_row.entry(x.row_seq).or_default().push(x);
        }
        let mut row = Row::default();
        for fs in by_row.values() {
            row.start(id);
            row.fields(WIDE_FIELDS, fs[0]);
            for c in &self.columns[1 + WIDE_FIELDS.len()..] {
                if let Some(x) = fs.iter().find(|x| x.column == c.name) {
                    amount(&mut row.text, &x.value);
                }
                row.end_cell();
            }
            f(&row);
        }
    }
}

/// The columns of a file: `report_id`, then `fields`, typed and scaled for the batch.
fn typed<F>(file: &str, shape: &Shape, fields: &[Field<F>]) -> Vec<Column> {
    std::iter::once((REPORT_ID, Kind::Text))
        .chain(fields.iter().map(|f| (f.name, f.kind)))
        .map(|(n, k)| Column {
            name: n.to_string(),
            kind: k,
            scale: shape.scale(file, n, k),
        })
        .collect()
}

/// The columns of `facts.csv`: the fact's, the report's metadata, the value in 万元.
fn facts_columns(shape: &Shape) -> Vec<Column> {
    let mut columns = typed("facts", shape, FACT_FIELDS);
    let more = FACT_REPORT_FIELDS
        .iter()
        .map(|f| (f.name, f.kind))
        .chain(FACT_DERIVED_FIELDS.iter().map(|f| (f.name, f.kind)));
    columns.extend(more.map(|(name, kind)| Column {
        name: name.to_string(),
        kind,
        scale: shape.scale("facts", name, kind),
    }));
    columns
}

/// Every combined table of a batch of `shape`, in writing order: reports, facts, checks,
/// narrative, cells, then `tables/<table>` for each canonical table.
pub fn tables(shape: &Shape) -> Vec<OutTable> {
    let long = |file: &str, columns: Vec<Column>, body: Body| OutTable {
        file: file.into(),
        columns,
        own_budget: matches!(body, Body::Cells),
        body,
    };
    let mut out = vec![
        long(
            "reports",
            typed("reports", shape, REPORT_FIELDS),
            Body::Reports,
        ),
        long("facts", facts_columns(shape), Body::Facts),
        long("checks", typed("checks", shape, CHECK_FIELDS), Body::Checks),
        long(
            "narrative",
            typed("narrative", shape, NARRATIVE_FIELDS),
            Body::Narrative,
        ),
        long("cells", typed("cells", shape, CELL_FIELDS), Body::Cells),
    ];
    for &key in yjs_analyze::checks::CANONICAL {
        out.push(wide_table(key, shape));
    }
    out
}

/// `tables/<key>`: the fixed columns (scale 0), then the amount columns — the registry's in
/// the order the templates print them ([`schema::printed_order`]), then any others the batch
/// holds, in sorted order.
fn wide_table(key: TableKey, shape: &Shape) -> OutTable {
    let file = format!("tables/{key}");
    let mut columns = typed(&file, shape, WIDE_FIELDS);
    let fixed = columns.len();
    let mut push = |c: &str| {
        if !columns[fixed..].iter().any(|x| x.name == c) {
            columns.push(Column {
                name: c.to_string(),
                kind: Kind::OptDecimal,
                scale: shape.scale(&file, c, Kind::OptDecimal),
            });
        }
    };
    if key == TableKey::ThreePublic {
        for c in three_public_columns() {
            push(&c);
        }
    } else {
        for c in schema::printed_order(key) {
            push(c);
        }
        for side in [None, Some(Side::Income), Some(Side::Expenditure)] {
            for r in schema::column_rules(key, side).iter().rev() {
                push(r.key);
            }
        }
    }
    for (t, c) in &shape.wide {
        if t == key.as_str() {
            push(c);
        }
    }
    OutTable {
        file,
        columns,
        own_budget: false,
        body: Body::Wide(key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    /// A wide table's amount columns come in the order the templates print them.
    #[test]
    fn wide_columns_are_in_the_printed_order() {
        let shape = Shape::default();
        let names = |key: TableKey| -> Vec<String> {
            wide_table(key, &shape).columns[1 + WIDE_FIELDS.len()..]
                .iter()
                .map(|c| c.name.clone())
                .collect()
        };
        assert_eq!(
            names(TableKey::Expenditure)[..7],
            [
                "total",
                "basic",
                "personnel",
                "public_expense",
                "project",
                "remit_superior",
                "operating"
            ]
        );
        assert_eq!(
            names(TableKey::GovFund),
            [
                "opening_balance",
                "income",
                "total",
                "basic",
                "project",
                "closing_balance"
            ]
        );
    }

    #[test]
    fn amounts_are_written_as_decimal_displays_them() {
        let printed = |v: &Decimal| {
            let mut out = String::new();
            amount(&mut out, v);
            out
        };
        for s in [
            "12175.60",
            "96282213.44",
            "0.05",
            "0.00",
            "0",
            "-3",
            "-0.5",
            "100",
            "0.0000001",
            "1.50000000",
            "79228162514264337593543950335",
            "-7.9228162514264337593543950335",
            "0.0000000000000000000000000001",
        ] {
            let v = Decimal::from_str(s).unwrap();
            assert_eq!(printed(&v), s);
            assert_eq!(printed(&v), v.to_string());
        }
        // a negative zero keeps its sign, as Display prints it
        let negative_zero = -Decimal::new(0, 2);
        assert_eq!(printed(&negative_zero), "-0.00");
        assert_eq!(printed(&negative_zero), negative_zero.to_string());
    }

    #[test]
    fn rows_are_written_as_the_csv_crate_writes_them() {
        let rows: &[&[&str]] = &[
            &["0123456789abcdef", "收入支出决算总表", "5", "", "12,175.60"],
            &["", ""],
            &[""],
            &[],
            &[
                "a,b",
                "say \"hi\"",
                "two\nlines",
                "cr\rhere",
                "\"",
                ",",
                "全角，逗号",
            ],
            &["#comment", " spaced ", "'", "\\"],
        ];
        let mut ours = Vec::new();
        let mut theirs = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        for cells in rows {
            Row::of(cells.iter().copied()).write_csv(&mut ours);
            theirs.write_record(cells.iter()).unwrap();
        }
        let theirs = theirs.into_inner().unwrap();
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            String::from_utf8(theirs).unwrap()
        );
        let mut one = Vec::new();
        Row::of(["a", "x\"y"]).write_csv(&mut one);
        assert_eq!(one, b"a,\"x\"\"y\"\n");
        let row = Row::of(["a", "", "b,c"]);
        assert_eq!(row.cells().collect::<Vec<_>>(), ["a", "", "b,c"]);
    }

    #[test]
    fn a_cell_needs_quotes_for_a_comma_a_quote_or_a_line_break_anywhere() {
        let plain = "收入支出决算总表 / 2023年 (万元) 12175.60 #;'-";
        assert!(!needs_quotes(plain.as_bytes()));
        for special in [',', '"', '\n', '\r'] {
            for at in 0..=plain.len() {
                if plain.is_char_boundary(at) {
                    let mut s = plain.to_string();
                    s.insert(at, special);
                    assert!(needs_quotes(s.as_bytes()), "{s:?}");
                }
            }
        }
        assert!(!needs_quotes(b""));
    }
}
