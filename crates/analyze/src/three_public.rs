//! The 三公 table's one row, whatever its layout. The contract gives the table one canonical row,
//! `三公经费`; templates print it as one row, as a row per unit with their 合计, as a row per year
//! (2025年, 2026年, 增减变化金额) or as a list of items (因公出国, 公务用车 … down the rows). The
//! reconciler reads the grid as any other table; this module turns its rows into that one row.

use crate::reconcile::{is_total_label, Fact};
use crate::schema::{self, TableKey};

/// The fewest item rows that make a 三公 table a list of items rather than a table by unit.
const MIN_ITEM_ROWS: usize = 3;

/// Turns the facts of a 三公 table, read in a report of fiscal year `year`, into its one row.
pub(crate) fn one_row(facts: &mut Vec<Fact>, year: Option<i32>) {
    let name = schema::single_row_name(TableKey::ThreePublic);
    let by_source = turn_item_rows_into_columns(facts, name);
    turn_year_rows_into_columns(facts, name, year);
    keep_single_row(facts, name);
    facts.extend(by_source);
}

/// Is `f` an amount of a column that names a source of money ([`schema::SOURCE_COLUMN_PREFIX`])?
fn by_source(f: &Fact) -> bool {
    f.column.starts_with(schema::SOURCE_COLUMN_PREFIX)
}

/// Makes `f` a fact of the one row `name`, numbered `seq`.
fn into_row(f: &mut Fact, name: &str, seq: usize) {
    f.row_name = name.to_string();
    f.row_code.clear();
    f.row_seq = seq;
}

/// A 三公 table printed as a list (a row per item — 因公出国, 公务用车 … — and a column per source
/// of money): its total column's amounts are the items of the one row `name`
/// (`budget_abroad` …); the amounts by source are returned as the rows of
/// `three_public_by_source`. Columns of sources are dropped from a table that is no list.
fn turn_item_rows_into_columns(facts: &mut Vec<Fact>, name: &str) -> Vec<Fact> {
    // (a row's facts are consecutive: one (row, item) pair each)
    let mut items: Vec<(usize, &'static str)> = facts
        .iter()
        .filter_map(|f| schema::three_public_item(&f.row_name).map(|i| (f.row_seq, i)))
        .collect();
    items.dedup();
    let distinct: std::collections::BTreeSet<&str> = items.iter().map(|(_, i)| *i).collect();
    if distinct.iter().filter(|i| **i != "total").count() < MIN_ITEM_ROWS {
        facts.retain(|f| !by_source(f));
        return Vec::new();
    }
    let Some(first) = facts.first().map(|f| f.row_seq) else {
        return Vec::new();
    };
    let item_of = |seq: usize| items.iter().find(|(s, _)| *s == seq).map(|(_, i)| *i);
    facts.retain(|f| item_of(f.row_seq).is_some() && (f.column.ends_with("total") || by_source(f)));
    let (mut sources, items_total): (Vec<Fact>, Vec<Fact>) =
        std::mem::take(facts).into_iter().partition(by_source);
    *facts = items_total;
    for f in sources.iter_mut() {
        f.table = TableKey::ThreePublicBySource;
        f.column = f.column[schema::SOURCE_COLUMN_PREFIX.len()..].to_string();
        f.row_code.clear();
    }
    for f in facts.iter_mut() {
        let item = item_of(f.row_seq).unwrap_or("total");
        f.column = format!("{}{item}", f.column.trim_end_matches("total"));
        into_row(f, name, first);
    }
    sources
}

/// A 三公 table printed with a row per year (深圳: `2025 年`, `2026 年`, `增减变化金额` under the
/// unit): the report's year is the row `name`, the year before its `prior_` columns, the change
/// its `change_` ones.
fn turn_year_rows_into_columns(facts: &mut [Fact], name: &str, year: Option<i32>) {
    let by_year = |f: &Fact| {
        let n = &f.row_name;
        n.ends_with('年') || n.ends_with("年度") || n.contains("增减") || n.contains("变化")
    };
    let Some(first) = facts.first().map(|f| f.row_seq) else {
        return;
    };
    if facts.iter().any(|f| !by_year(f)) || facts.iter().all(|f| f.row_seq == first) {
        return;
    }
    for f in facts.iter_mut() {
        let q = schema::year_qualifier(&f.row_name, year);
        f.column = format!("{q}{}", f.column);
        into_row(f, name, first);
    }
}

/// A 三公 table printed with a row per unit and their total: the total row is the table's row,
/// named `name`; the units' rows are `three_public_by_unit`'s. A table printed with one row gives
/// it whatever its label.
fn keep_single_row(facts: &mut [Fact], name: &str) {
    let total = facts
        .iter()
        .find(|f| f.row_code.is_empty() && is_total_label(&f.row_name))
        .map(|f| f.row_seq);
    let one = facts.first().map(|f| f.row_seq);
    let Some(seq) = total.or(one.filter(|&s| facts.iter().all(|f| f.row_seq == s))) else {
        return;
    };
    for f in facts.iter_mut() {
        if f.row_seq == seq {
            into_row(f, name, seq);
        } else {
            f.table = TableKey::ThreePublicByUnit;
        }
    }
}
