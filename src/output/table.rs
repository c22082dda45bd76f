//! The combined files' columns: one field list per file names each column, types it for
//! Parquet and reads its cell from a row, so the CSV header, the Parquet schema and every row
//! come from the same definition.

use crate::record::{CellRow, CheckRow, FactRow, NarrativeRow, Record, ReportRow};
use std::borrow::Cow;
use std::collections::BTreeMap;
use yjs_analyze::schema::{self, Side, TableKey};

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

/// A column of a combined file read from a row of type `R`: its name, its Parquet type, and its
/// cell as the CSV prints it.
struct Field<R> {
    name: &'static str,
    kind: Kind,
    cell: for<'a> fn(&'a R) -> Cow<'a, str>,
}

/// A column named `name`, typed `kind`, its cell read by `cell`.
const fn field<R>(
    name: &'static str,
    kind: Kind,
    cell: for<'a> fn(&'a R) -> Cow<'a, str>,
) -> Field<R> {
    Field { name, kind, cell }
}

/// A borrowed cell.
fn text(s: &str) -> Cow<'_, str> {
    Cow::Borrowed(s)
}

/// A number or other value printed.
fn shown(v: impl ToString) -> Cow<'static, str> {
    Cow::Owned(v.to_string())
}

/// The first column of every combined file: which report a row belongs to.
const REPORT_ID: &str = "report_id";

/// Digits of every DECIMAL column (Parquet's largest 128-bit decimal).
pub const DECIMAL_PRECISION: i32 = 38;
/// The scale of a DECIMAL column unless one of its values has more decimals.
pub const DECIMAL_SCALE: i32 = 6;

/// `reports.csv` after `report_id`.
const REPORT_FIELDS: &[Field<ReportRow>] = &[
    field("path", Kind::Text, |r| text(&r.path)),
    field("sha256", Kind::Text, |r| text(&r.sha256)),
    field("format", Kind::Text, |r| text(r.format.as_str())),
    field("department", Kind::Text, |r| text(&r.department)),
    field("year", Kind::OptInt, |r| text(&r.year)),
    field("kind", Kind::Text, |r| text(r.kind.as_str())),
    field("scope", Kind::Text, |r| text(r.scope.as_str())),
    field("unit", Kind::Text, |r| text(&r.unit)),
    field("pages", Kind::Int, |r| shown(r.pages)),
    field("tables", Kind::Int, |r| shown(r.tables)),
    field("facts", Kind::Int, |r| shown(r.facts)),
    field("checks_failed", Kind::Int, |r| shown(r.checks_failed)),
    field("status", Kind::Text, |r| text(r.status.as_str())),
    field("error", Kind::Text, |r| text(&r.error)),
];

/// The fields `facts.csv` and `tables/<table>.csv` share.
const SIDE: Field<FactRow> = field("side", Kind::Text, |x| text(side(x.side)));
const ROW_CODE: Field<FactRow> = field("row_code", Kind::Text, |x| text(&x.row_code));
const ROW_NAME: Field<FactRow> = field("row_name", Kind::Text, |x| text(&x.row_name));
const UNIT: Field<FactRow> = field("unit", Kind::Text, |x| text(&x.unit));
const PAGE: Field<FactRow> = field("page", Kind::Int, |x| shown(x.page));

/// `facts.csv` after `report_id`.
const FACT_FIELDS: &[Field<FactRow>] = &[
    field("table", Kind::Text, |x| text(x.table.as_str())),
    SIDE,
    ROW_CODE,
    ROW_NAME,
    field("column", Kind::Text, |x| text(&x.column)),
    field("value", Kind::Decimal, |x| shown(x.value)),
    UNIT,
    PAGE,
];

/// `checks.csv` after `report_id`.
const CHECK_FIELDS: &[Field<CheckRow>] = &[
    field("rule", Kind::Text, |c| text(c.rule.as_str())),
    field("severity", Kind::Text, |c| text(c.severity.as_str())),
    field("table", Kind::Text, |c| text(&c.table)),
    field("row", Kind::Text, |c| text(&c.row)),
    field("column", Kind::Text, |c| text(&c.column)),
    field("expected", Kind::Text, |c| text(&c.expected)),
    field("found", Kind::Text, |c| text(&c.found)),
    field("message", Kind::Text, |c| text(&c.message)),
    field("page", Kind::OptInt, |c| c.page.map_or(text(""), shown)),
];

/// `narrative.csv` after `report_id`.
const NARRATIVE_FIELDS: &[Field<NarrativeRow>] = &[
    field("section", Kind::Text, |n| text(&n.section)),
    field("subject", Kind::Text, |n| text(&n.subject)),
    field("measure", Kind::Text, |n| text(&n.measure)),
    field("value", Kind::Decimal, |n| shown(n.value)),
    field("unit", Kind::Text, |n| text(&n.unit)),
    field("sentence", Kind::Text, |n| text(&n.sentence)),
    field("page", Kind::Int, |n| shown(n.page)),
];

/// `cells.csv` after `report_id`: every printed cell of every table.
const CELL_FIELDS: &[Field<CellRow>] = &[
    field("table_no", Kind::Int, |c| shown(c.table_no)),
    field("title", Kind::Text, |c| text(&c.title)),
    field("page", Kind::Int, |c| shown(c.page)),
    field("row", Kind::Int, |c| shown(c.row)),
    field("col", Kind::Int, |c| shown(c.col)),
    field("row_path", Kind::Text, |c| text(&c.row_path)),
    field("column_path", Kind::Text, |c| text(&c.column_path)),
    field("text", Kind::Text, |c| text(&c.text)),
    field("value", Kind::OptDecimal, |c| {
        c.value.map_or(text(""), shown)
    }),
];

/// `tables/<table>.csv` after `report_id`, before the table's amount columns: a canonical row,
/// read from its first fact.
const WIDE_FIELDS: &[Field<FactRow>] = &[SIDE, ROW_CODE, ROW_NAME, UNIT, PAGE];

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
        // borrowed keys while counting, owned ones only for the few distinct columns
        let mut decimals: std::collections::HashMap<(&str, &str), u32> = Default::default();
        let mut note = |file: &'static str, column: &'static str, v: &rust_decimal::Decimal| {
            let d = v.normalize().scale();
            let e = decimals.entry((file, column)).or_insert(0);
            *e = (*e).max(d);
        };
        for x in &rec.facts {
            note("facts", "value", &x.value);
        }
        for n in &rec.narrative {
            note("narrative", "value", &n.value);
        }
        for c in &rec.cells {
            if let Some(v) = &c.value {
                note("cells", "value", v);
            }
        }
        let mut wide: std::collections::HashMap<(&str, &str), u32> = Default::default();
        for x in &rec.facts {
            let d = x.value.normalize().scale();
            let e = wide.entry((x.table.as_str(), &x.column)).or_insert(0);
            *e = (*e).max(d);
        }
        let mut s = Shape::default();
        for ((file, column), d) in decimals {
            s.decimals.insert((file.to_string(), column.to_string()), d);
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

/// Appends the cells of `row` under `fields` to `out`.
fn cells<'a, R>(fields: &[Field<R>], row: &'a R, out: &mut Vec<Cow<'a, str>>) {
    out.extend(fields.iter().map(|f| (f.cell)(row)));
}

/// Calls `f` with `report_id` and the cells of each of `rows` under `fields`.
fn each_row<'a, R>(
    id: &'a str,
    fields: &[Field<R>],
    rows: &'a [R],
    f: &mut dyn FnMut(&[Cow<str>]),
) {
    let mut row: Vec<Cow<str>> = Vec::with_capacity(1 + fields.len());
    for r in rows {
        row.clear();
        row.push(text(id));
        cells(fields, r, &mut row);
        f(&row);
    }
}

impl OutTable {
    /// Calls `f` with every row of one report, in output order, cells as printed in the CSV.
    pub fn rows(&self, rec: &Record, f: &mut dyn FnMut(&[Cow<str>])) {
        let id = rec.report.report_id.as_str();
        match self.body {
            Body::Reports => each_row(id, REPORT_FIELDS, std::slice::from_ref(&rec.report), f),
            Body::Facts => each_row(id, FACT_FIELDS, &rec.facts, f),
            Body::Checks => each_row(id, CHECK_FIELDS, &rec.checks, f),
            Body::Narrative => each_row(id, NARRATIVE_FIELDS, &rec.narrative, f),
            Body::Cells => each_row(id, CELL_FIELDS, &rec.cells, f),
            Body::Wide(key) => self.wide_rows(id, key, &rec.facts, f),
        }
    }

    /// The canonical rows of table `key`: one per row of the table (document order), its
    /// amounts under their column keys.
    fn wide_rows(
        &self,
        id: &str,
        key: TableKey,
        facts: &[FactRow],
        f: &mut dyn FnMut(&[Cow<str>]),
    ) {
        let mut by_row: BTreeMap<usize, Vec<&FactRow>> = BTreeMap::new();
        for x in facts.iter().filter(|x| x.table == key) {
            by_row.entry(x.row_seq).or_default().push(x);
        }
        let mut row: Vec<Cow<str>> = Vec::with_capacity(self.columns.len());
        for fs in by_row.values() {
            row.clear();
            row.push(text(id));
            cells(WIDE_FIELDS, fs[0], &mut row);
            for c in &self.columns[1 + WIDE_FIELDS.len()..] {
                row.push(
                    fs.iter()
                        .find(|x| x.column == c.name)
                        .map(|x| shown(x.value))
                        .unwrap_or(Cow::Borrowed("")),
                );
            }
            f(&row);
        }
    }
}

/// The columns of a file: `report_id`, then `fields`, typed and scaled for the batch.
fn typed<R>(file: &str, shape: &Shape, fields: &[Field<R>]) -> Vec<Column> {
    std::iter::once((REPORT_ID, Kind::Text))
        .chain(fields.iter().map(|f| (f.name, f.kind)))
        .map(|(n, k)| Column {
            name: n.to_string(),
            kind: k,
            scale: shape.scale(file, n, k),
        })
        .collect()
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
        long("facts", typed("facts", shape, FACT_FIELDS), Body::Facts),
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
/// its order, then any others the batch holds, in sorted order.
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
