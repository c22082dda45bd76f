//! `panel.csv` / `panel.parquet`: one field list names each column, types it for Parquet and
//! writes its cell of a line, so the header, the schema and every row come from one definition
//! (as `output/table.rs` does for the other files).

use super::pair::{CellKey, Derived};
use super::read::{Fact, Figure, Report};
use crate::output::{self, Column, Formats, Kind, Row, DECIMAL_PRECISION, DECIMAL_SCALE};
use rust_decimal::Decimal;
use std::fmt::Write as _;
use std::path::Path;

/// One line of the panel: a cell, the 预算's and the 决算's fact in it, and what is computed.
pub struct Line<'a> {
    /// The cell.
    pub key: &'a CellKey,
    /// The 预算 report and its fact.
    pub budget: Option<(&'a Report, &'a Fact)>,
    /// The 决算 report and its fact.
    pub fin: Option<(&'a Report, &'a Fact)>,
    /// Differences and the change from the year before.
    pub derived: Derived,
}

impl Line<'_> {
    /// The fact the row's labels are printed from: the 决算's, else the 预算's.
    fn shown(&self) -> Option<&Fact> {
        self.fin.or(self.budget).map(|(_, f)| f)
    }
}

/// Reads a text cell of a line.
type GetText = for<'l> fn(&'l Line<'l>) -> &'l str;

/// How a column's cell is read from a line.
enum Cell {
    /// Text; an empty cell is an empty string.
    Text(GetText),
    /// An exact decimal; nullable.
    Amount(fn(&Line<'_>) -> Option<Decimal>),
    /// A whole number, `true` where it is nullable.
    Int(fn(&Line<'_>) -> Option<i64>, bool),
}

/// A column of the panel: its name and how its cell is read.
struct Field {
    name: &'static str,
    cell: Cell,
}

const fn text(name: &'static str, f: GetText) -> Field {
    Field {
        name,
        cell: Cell::Text(f),
    }
}

const fn amount(name: &'static str, f: fn(&Line<'_>) -> Option<Decimal>) -> Field {
    Field {
        name,
        cell: Cell::Amount(f),
    }
}

const fn int(name: &'static str, optional: bool, f: fn(&Line<'_>) -> Option<i64>) -> Field {
    Field {
        name,
        cell: Cell::Int(f, optional),
    }
}

fn figure(basis: Option<Figure>) -> &'static str {
    match basis {
        Some(Figure::Final) => "final",
        Some(Figure::Budget) => "budget",
        None => "",
    }
}

/// The columns of `panel.csv`, in order (docs/contract.md).
const FIELDS: &[Field] = &[
    text("department_key", |l| &l.key.department_key),
    text("department", |l| {
        l.fin.or(l.budget).map_or("", |(r, _)| &r.department)
    }),
    int("year", false, |l| Some(i64::from(l.key.year))),
    text("scope", |l| &l.key.scope),
    text("table", |l| &l.key.table),
    text("side", |l| &l.key.side),
    text("row_code", |l| l.shown().map_or("", |f| &f.row_code)),
    text("row_name", |l| l.shown().map_or("", |f| &f.row_name)),
    text("row_key", |l| &l.key.row_key),
    text("column", |l| &l.key.column),
    text("unit_budget", |l| l.budget.map_or("", |(_, f)| &f.unit)),
    amount("budget", |l| l.budget.map(|(_, f)| f.value)),
    amount("budget_wan", |l| l.budget.and_then(|(_, f)| f.value_wan)),
    text("unit_final", |l| l.fin.map_or("", |(_, f)| &f.unit)),
    amount("final", |l| l.fin.map(|(_, f)| f.value)),
    amount("final_wan", |l| l.fin.and_then(|(_, f)| f.value_wan)),
    amount("final_minus_budget_wan", |l| l.derived.final_minus_budget),
    amount("prior_year_wan", |l| l.derived.prior),
    amount("change_wan", |l| l.derived.change),
    amount("change_pct", |l| l.derived.change_pct),
    text("report_id_budget", |l| l.budget.map_or("", |(r, _)| &r.id)),
    text("report_id_final", |l| l.fin.map_or("", |(r, _)| &r.id)),
    int("page_budget", true, |l| {
        l.budget.map(|(_, f)| i64::from(f.page))
    }),
    int("page_final", true, |l| {
        l.fin.map(|(_, f)| i64::from(f.page))
    }),
    int("occurrence", false, |l| Some(i64::from(l.key.occurrence))),
    text("change_basis", |l| figure(l.derived.basis)),
];

/// The panel's column names, in order.
pub fn column_names() -> impl Iterator<Item = &'static str> {
    FIELDS.iter().map(|f| f.name)
}

/// The columns typed for Parquet; an amount column's scale is [`DECIMAL_SCALE`], or the most
/// decimals one of its values has.
fn columns(lines: &[Line<'_>]) -> Vec<Column> {
    FIELDS
        .iter()
        .map(|f| {
            let (kind, scale) = match &f.cell {
                Cell::Text(_) => (Kind::Text, 0),
                Cell::Int(_, false) => (Kind::Int, 0),
                Cell::Int(_, true) => (Kind::OptInt, 0),
                Cell::Amount(get) => {
                    let most = lines
                        .iter()
                        .filter_map(get)
                        .map(|v| v.normalize().scale() as i32)
                        .max()
                        .unwrap_or(0);
                    (
                        Kind::OptDecimal,
                        most.clamp(DECIMAL_SCALE, DECIMAL_PRECISION),
                    )
                }
            };
            Column {
                name: f.name.to_string(),
                kind,
                scale,
            }
        })
        .collect()
}

/// Writes `line`'s cells into `row` (emptied first).
fn render(line: &Line<'_>, row: &mut Row) {
    row.clear();
    for f in FIELDS {
        row.push_with(|out| match &f.cell {
            Cell::Text(get) => out.push_str(get(line)),
            Cell::Amount(get) => {
                if let Some(v) = get(line) {
                    let _ = write!(out, "{v}");
                }
            }
            Cell::Int(get, _) => {
                if let Some(n) = get(line) {
                    out.push_str(itoa::Buffer::new().format(n));
                }
            }
        });
    }
}

/// Writes `DIR/panel.csv` and/or `DIR/panel.parquet` (each atomically) from `lines`, in order.
pub fn write(dir: &Path, formats: Formats, lines: &[Line<'_>]) -> std::io::Result<()> {
    let columns = columns(lines);
    output::write_table(dir, "panel", &columns, formats, &|f| {
        let mut row = Row::default();
        for l in lines {
            render(l, &mut row);
            f(&row);
        }
    })
}
