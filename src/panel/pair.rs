//! Placing reports in the panel: each report's department key and scope, one report kept for
//! each department, year, scope and kind, and every kept fact in its cell — the row of a table
//! (by its total key, else its code, else its name, and its occurrence) under a column, for a
//! department, year and scope — beside the other kind's fact of the same cell.

use super::normalise;
use super::read::{Fact, Figure, Report};
use rust_decimal::{Decimal, RoundingStrategy};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// The scope a report prints when nothing in it says which.
const UNKNOWN_SCOPE: &str = "unknown";

/// Decimals of `change_pct`: a percentage as reports print one.
pub const PCT_DECIMALS: u32 = 2;

/// Which reports the panel takes, and where each goes.
#[derive(Debug, Default)]
pub struct Selection {
    /// Each report's department key and (resolved) scope, by its index; `None` for a report whose
    /// department normalises to nothing.
    pub slots: Vec<Option<(Arc<str>, Arc<str>)>>,
    /// The reports kept: one per department key, year, scope and kind.
    pub kept: Vec<usize>,
    /// Reports of a department, year, scope and kind another report already gives.
    pub set_aside: usize,
    /// Of those, the ones whose facts are the kept report's (the same report in another format).
    pub identical: usize,
    /// Reports whose department normalises to nothing.
    pub unplaced: usize,
}

/// Chooses the reports of the panel: department keys ([`normalise::keys`]); an `unknown`
/// scope taken as the one known scope of the department key, where its reports print only one;
/// then, of several reports of the same department key, year, scope and kind, the one with the
/// most facts, then the lowest `report_id`.
pub fn select(reports: &[Report]) -> Selection {
    let keys = normalise::keys(reports.iter().map(|r| &*r.department));
    let keys: BTreeMap<&str, Arc<str>> = keys
        .iter()
        .map(|(printed, key)| (printed.as_str(), Arc::from(key.as_str())))
        .collect();
    let mut known: BTreeMap<Arc<str>, BTreeSet<Arc<str>>> = BTreeMap::new();
    for r in reports {
        if let Some(k) = keys.get(&*r.department) {
            if &*r.scope != UNKNOWN_SCOPE {
                known.entry(k.clone()).or_default().insert(r.scope.clone());
            }
        }
    }
    let mut sel = Selection::default();
    for r in reports {
        let slot = keys.get(&*r.department).map(|k| {
            let only = known
                .get(k)
                .filter(|s| s.len() == 1)
                .and_then(|s| s.first());
            let scope = match only {
                Some(s) if &*r.scope == UNKNOWN_SCOPE => s.clone(),
                _ => r.scope.clone(),
            };
            (k.clone(), scope)
        });
        sel.unplaced += usize::from(slot.is_none());
        sel.slots.push(slot);
    }
    keep_one_per_group(reports, &mut sel);
    sel
}

/// Fills `sel.kept`: of the reports of each department key, year, scope and kind, the one with
/// the most facts, then the lowest `report_id`.
fn keep_one_per_group(reports: &[Report], sel: &mut Selection) {
    type Group<'a> = (&'a str, i32, &'a str, Figure);
    let mut groups: BTreeMap<Group, Vec<usize>> = BTreeMap::new();
    for (i, r) in reports.iter().enumerate() {
        if let Some((key, scope)) = &sel.slots[i] {
            groups
                .entry((key, r.year, scope, r.figure))
                .or_default()
                .push(i);
        }
    }
    for mut members in groups.into_values() {
        members.sort_by_key(|&i| (Reverse(reports[i].facts.len()), reports[i].id.clone()));
        let kept = members[0];
        let kept_facts = fingerprint(&reports[kept].facts);
        for &other in &members[1..] {
            sel.set_aside += 1;
            sel.identical += usize::from(fingerprint(&reports[other].facts) == kept_facts);
        }
        sel.kept.push(kept);
    }
    sel.kept.sort_unstable();
}

/// A report's facts without their pages, sorted: the same for one report in two formats.
fn fingerprint(facts: &[Fact]) -> Vec<(&str, &str, &str, &str, &str, Decimal, &str)> {
    let mut v: Vec<_> = facts
        .iter()
        .map(|f| {
            let (t, s, c, n, col) = (&*f.table, &*f.side, &*f.row_code, &*f.row_name, &*f.column);
            (t, s, c, n, col, f.value, &*f.unit)
        })
        .collect();
    v.sort_unstable();
    v
}

/// A cell of the panel: department key, year, scope, table, side, row, column. A row is named by
/// its total key where it is a total row (`合计` and `总计` are one row), else by its code, else by
/// its name, and by its occurrence: the n-th row of that name in the report's table and side
/// (1 for most rows), so two rows printed alike in one table stay two rows.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellKey {
    /// The department key.
    pub department_key: Arc<str>,
    /// The fiscal year.
    pub year: i32,
    /// The scope.
    pub scope: Arc<str>,
    /// The table key.
    pub table: Arc<str>,
    /// The side.
    pub side: Arc<str>,
    /// The row code, where the row has no total key.
    pub row_code: Arc<str>,
    /// The total key.
    pub row_key: Arc<str>,
    /// The row name, where the row has neither a total key nor a code.
    pub row_name: Arc<str>,
    /// The n-th row so named in the report's table and side.
    pub occurrence: u32,
    /// The column key.
    pub column: Arc<str>,
}

/// The facts of a cell: `(report, fact)` indexes of the 预算's and the 决算's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cell {
    /// The 预算's fact.
    pub budget: Option<(usize, usize)>,
    /// The 决算's fact.
    pub fin: Option<(usize, usize)>,
}

/// The panel's cells, in output order: every fact of every kept report in its cell.
pub fn cells(reports: &[Report], sel: &Selection) -> BTreeMap<CellKey, Cell> {
    let mut out: BTreeMap<CellKey, Cell> = BTreeMap::new();
    for &r in &sel.kept {
        let Some((key, scope)) = &sel.slots[r] else {
            continue;
        };
        let report = &reports[r];
        // rows so named so far, by their cell with occurrence 0
        let mut seen: HashMap<CellKey, u32> = HashMap::new();
        for (i, f) in report.facts.iter().enumerate() {
            let mut cell_key = cell_of(f, key, report.year, scope);
            let n = seen.entry(cell_key.clone()).or_default();
            *n += 1;
            cell_key.occurrence = *n;
            let cell = out.entry(cell_key).or_default();
            let slot = match report.figure {
                Figure::Budget => &mut cell.budget,
                Figure::Final => &mut cell.fin,
            };
            slot.get_or_insert((r, i));
        }
    }
    out
}

/// The cell of fact `f` of a report of department `key`, `year` and `scope`, with occurrence 0:
/// its row named by its total key, else its code, else its name.
fn cell_of(f: &Fact, key: &Arc<str>, year: i32, scope: &Arc<str>) -> CellKey {
    let empty: Arc<str> = Arc::from("");
    let (row_code, row_key, row_name) = if !f.row_key.is_empty() {
        (empty.clone(), f.row_key.clone(), empty)
    } else if !f.row_code.is_empty() {
        (f.row_code.clone(), empty.clone(), empty)
    } else {
        (empty.clone(), empty, f.row_name.clone())
    };
    CellKey {
        department_key: key.clone(),
        year,
        scope: scope.clone(),
        table: f.table.clone(),
        side: f.side.clone(),
        row_code,
        row_key,
        row_name,
        occurrence: 0,
        column: f.column.clone(),
    }
}

/// What the panel computes of a cell, in 万元.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Derived {
    /// 决算 − 预算.
    pub final_minus_budget: Option<Decimal>,
    /// The same cell's figure of the year before, of the kind [`Derived::basis`] names.
    pub prior: Option<Decimal>,
    /// This year's figure − the year before's.
    pub change: Option<Decimal>,
    /// [`Derived::change`] as a percentage of [`Derived::prior`], to [`PCT_DECIMALS`] decimals
    /// (half away from zero); none where the year before's is 0.
    pub change_pct: Option<Decimal>,
    /// The kind compared across the years: the 决算 where both years have one for this cell,
    /// else the 预算 where both have one.
    pub basis: Option<Figure>,
}

/// What the panel computes of `cell` (at `key`), with the cells of the year before in `all`.
pub fn derive(
    reports: &[Report],
    all: &BTreeMap<CellKey, Cell>,
    key: &CellKey,
    cell: &Cell,
) -> Derived {
    let wan = |at: Option<(usize, usize)>| at.and_then(|(r, f)| reports[r].facts[f].value_wan);
    let mut d = Derived {
        final_minus_budget: difference(wan(cell.fin), wan(cell.budget)),
        ..Derived::default()
    };
    let Some(year) = key.year.checked_sub(1) else {
        return d;
    };
    let Some(before) = all.get(&CellKey {
        year,
        ..key.clone()
    }) else {
        return d;
    };
    let pairs = [
        (Figure::Final, wan(cell.fin), wan(before.fin)),
        (Figure::Budget, wan(cell.budget), wan(before.budget)),
    ];
    if let Some((basis, Some(now), Some(prior))) = pairs
        .into_iter()
        .find(|(_, now, prior)| now.is_some() && prior.is_some())
    {
        d.basis = Some(basis);
        d.prior = Some(prior);
        d.change = difference(Some(now), Some(prior));
        d.change_pct = d.change.and_then(|c| percent(c, prior));
    }
    d
}

/// `a − b`, exact; none where either is missing (or the difference overflows). A zero is
/// written without a sign.
pub fn difference(a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
    let mut d = a?.checked_sub(b?)?;
    if d.is_zero() {
        d.set_sign_positive(true);
    }
    Some(d)
}

/// `change` as a percentage of `base`, to [`PCT_DECIMALS`] decimals, half away from zero; none
/// where `base` is 0.
pub fn percent(change: Decimal, base: Decimal) -> Option<Decimal> {
    if base.is_zero() {
        return None;
    }
    let mut p = change
        .checked_mul(Decimal::ONE_HUNDRED)?
        .checked_div(base)?
        .round_dp_with_strategy(PCT_DECIMALS, RoundingStrategy::MidpointAwayFromZero);
    // printed with its two decimals always (`12.50`, `0.00`)
    p.rescale(PCT_DECIMALS);
    if p.is_zero() {
        p.set_sign_positive(true);
    }
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// A fact of `table`, row `name` (a total row where the name is one), column `column`.
    fn fact(table: &str, name: &str, column: &str, value: &str, unit: &str) -> Fact {
        let key = yjs_analyze::totals::row_key(name).map_or("", |k| k.as_str());
        Fact {
            table: table.into(),
            side: "".into(),
            row_code: "".into(),
            row_name: name.into(),
            row_key: key.into(),
            column: column.into(),
            value: d(value),
            unit: unit.into(),
            value_wan: yjs_analyze::amount::in_wan(d(value), unit),
            page: 3,
        }
    }

    fn report(id: &str, department: &str, year: i32, figure: Figure, facts: Vec<Fact>) -> Report {
        Report {
            id: id.into(),
            department: department.into(),
            year,
            figure,
            scope: "department".into(),
            facts,
        }
    }

    fn total(value: &str, unit: &str) -> Fact {
        fact("expenditure", "合计", "total", value, unit)
    }

    /// Every line: key, cell, derived.
    fn panel(reports: &[Report]) -> Vec<(CellKey, Cell, Derived)> {
        let sel = select(reports);
        let cells = cells(reports, &sel);
        cells
            .iter()
            .map(|(k, c)| (k.clone(), *c, derive(reports, &cells, k, c)))
            .collect()
    }

    #[test]
    fn the_budget_and_the_final_of_a_department_year_are_one_line() {
        // 全称 and 简称, 合计 and 总计, 元 and 万元
        let reports = [
            report(
                "b",
                "长沙市大数据中心",
                2023,
                Figure::Budget,
                vec![total("1000000.00", "元")],
            ),
            report(
                "a",
                "大数据中心",
                2023,
                Figure::Final,
                vec![fact("expenditure", "总计", "total", "95.50", "万元")],
            ),
        ];
        let lines = panel(&reports);
        assert_eq!(lines.len(), 1, "{lines:?}");
        let (key, cell, derived) = &lines[0];
        assert_eq!(&*key.department_key, "长沙市大数据中心");
        assert_eq!(&*key.row_key, "total");
        assert_eq!(cell.budget, Some((0, 0)));
        assert_eq!(cell.fin, Some((1, 0)));
        assert_eq!(derived.final_minus_budget, Some(d("-4.50")));
        assert_eq!(derived.basis, None);
    }

    #[test]
    fn a_department_and_a_unit_report_of_one_body_stay_apart() {
        let mut unit = report(
            "u",
            "上海市普陀区人民政府办公室",
            2025,
            Figure::Budget,
            vec![total("10", "元")],
        );
        unit.scope = "unit".into();
        let dept = report(
            "p",
            "上海市普陀区人民政府办公室",
            2025,
            Figure::Budget,
            vec![total("30", "元")],
        );
        let lines = panel(&[unit, dept]);
        let scopes: Vec<&str> = lines.iter().map(|(k, _, _)| &*k.scope).collect();
        assert_eq!(scopes, ["department", "unit"]);
        // an unknown scope stays unknown where the body prints both
        let mut unknown = report(
            "x",
            "上海市普陀区人民政府办公室",
            2024,
            Figure::Budget,
            vec![total("5", "元")],
        );
        unknown.scope = "unknown".into();
        let mut unit = report(
            "u",
            "上海市普陀区人民政府办公室",
            2025,
            Figure::Budget,
            vec![total("10", "元")],
        );
        unit.scope = "unit".into();
        let dept = report(
            "p",
            "上海市普陀区人民政府办公室",
            2025,
            Figure::Budget,
            vec![total("30", "元")],
        );
        let lines = panel(&[unknown, unit, dept]);
        assert_eq!(&*lines[0].0.scope, "unknown");
    }

    #[test]
    fn one_report_per_department_year_scope_and_kind_the_fullest_then_the_lowest_id() {
        let facts = vec![
            total("95.50", "万元"),
            fact("three_public", "三公经费", "actual_total", "5.97", "万元"),
        ];
        let mut xlsx = report("e8", "长沙市大数据中心", 2023, Figure::Final, facts.clone());
        xlsx.scope = "unknown".into();
        let mut short = report(
            "00",
            "长沙市大数据中心",
            2023,
            Figure::Final,
            facts[..1].to_vec(),
        );
        short.facts[0].page = 9;
        let reports = [
            report("9f", "长沙市大数据中心", 2023, Figure::Final, facts.clone()),
            report("1d", "长沙市大数据中心", 2023, Figure::Final, facts.clone()),
            xlsx,
            short,
        ];
        let sel = select(&reports);
        // the unknown scope is the body's one known scope: the same group
        assert_eq!(sel.kept, [1]);
        assert_eq!(sel.set_aside, 3);
        // pages aside, the other two hold the kept one's facts; the short one does not
        assert_eq!(sel.identical, 2);
        let lines = panel(&reports);
        assert_eq!(lines.len(), 2, "no figure counted twice");
        assert!(lines
            .iter()
            .all(|(_, c, _)| c.fin.is_some_and(|(r, _)| r == 1)));
    }

    #[test]
    fn rows_printed_alike_in_one_table_pair_in_order() {
        let row = |v: &str| {
            fact(
                "fiscal_summary",
                "一般公共预算财政拨款",
                "amount",
                v,
                "万元",
            )
        };
        let reports = [
            report(
                "b",
                "长沙市大数据中心",
                2023,
                Figure::Budget,
                vec![row("1"), row("2")],
            ),
            report(
                "f",
                "长沙市大数据中心",
                2023,
                Figure::Final,
                vec![row("1.5"), row("2.5")],
            ),
        ];
        let lines = panel(&reports);
        let got: Vec<(u32, Option<Decimal>)> = lines
            .iter()
            .map(|(k, _, dv)| (k.occurrence, dv.final_minus_budget))
            .collect();
        assert_eq!(got, [(1, Some(d("0.5"))), (2, Some(d("0.5")))]);
    }

    #[test]
    fn the_change_from_the_year_before_is_exact_and_compares_like_with_like() {
        let reports = [
            report(
                "a",
                "长沙市大数据中心",
                2022,
                Figure::Final,
                vec![total("80000.00", "元")],
            ),
            report(
                "b",
                "长沙市大数据中心",
                2023,
                Figure::Final,
                vec![total("8.01", "万元")],
            ),
            report(
                "c",
                "长沙市大数据中心",
                2023,
                Figure::Budget,
                vec![total("7.99", "万元")],
            ),
            report(
                "d",
                "长沙市大数据中心",
                2024,
                Figure::Budget,
                vec![total("0.1", "万元")],
            ),
            report(
                "e",
                "长沙市大数据中心",
                2024,
                Figure::Final,
                vec![total("0.30", "万元")],
            ),
            report(
                "f",
                "长沙市大数据中心",
                2021,
                Figure::Final,
                vec![total("0", "万元")],
            ),
        ];
        let lines = panel(&reports);
        let by_year = |y: i32| lines.iter().find(|(k, _, _)| k.year == y).unwrap().2;
        // 决算 against 决算: 8.01 − 8.0000 万元, +0.125 % rounded half away from zero
        let y2023 = by_year(2023);
        assert_eq!(y2023.basis, Some(Figure::Final));
        assert_eq!(y2023.prior, Some(d("8.000000")));
        assert_eq!(y2023.change, Some(d("0.01")));
        assert_eq!(y2023.change_pct, Some(d("0.13")));
        assert_eq!(y2023.change_pct.unwrap().to_string(), "0.13");
        assert_eq!(y2023.final_minus_budget, Some(d("0.02")));
        // both years have a 决算 again; 0.30 − 8.01 exactly, never a float's 0.2999…
        let y2024 = by_year(2024);
        assert_eq!(y2024.basis, Some(Figure::Final));
        assert_eq!(y2024.change, Some(d("-7.71")));
        assert_eq!(y2024.change_pct.unwrap().to_string(), "-96.25");
        assert_eq!(y2024.final_minus_budget.unwrap().to_string(), "0.20");
        // a prior of 0: a change, no percentage
        let y2022 = by_year(2022);
        assert_eq!(y2022.change, Some(d("8.000000")));
        assert_eq!(y2022.change_pct, None);
        // no year before
        assert_eq!(by_year(2021).basis, None);
        assert_eq!(by_year(2021).prior, None);
    }

    #[test]
    fn the_budget_is_compared_where_a_year_has_no_final() {
        let reports = [
            report(
                "a",
                "长沙市大数据中心",
                2022,
                Figure::Budget,
                vec![total("7.99", "万元")],
            ),
            report(
                "b",
                "长沙市大数据中心",
                2023,
                Figure::Final,
                vec![total("8.01", "万元")],
            ),
            report(
                "c",
                "长沙市大数据中心",
                2023,
                Figure::Budget,
                vec![total("8.00", "万元")],
            ),
        ];
        let lines = panel(&reports);
        let y2023 = lines.iter().find(|(k, _, _)| k.year == 2023).unwrap().2;
        assert_eq!(y2023.basis, Some(Figure::Budget));
        assert_eq!(y2023.prior, Some(d("7.99")));
        assert_eq!(y2023.change, Some(d("0.01")));
        assert_eq!(y2023.change_pct.unwrap().to_string(), "0.13");
    }

    #[test]
    fn percentages_round_half_away_from_zero_and_zero_has_no_sign() {
        assert_eq!(percent(d("1"), d("8")).unwrap().to_string(), "12.50");
        assert_eq!(percent(d("-1"), d("800")).unwrap().to_string(), "-0.13");
        assert_eq!(percent(d("1"), d("3")).unwrap().to_string(), "33.33");
        assert_eq!(percent(d("0.00"), d("3")).unwrap().to_string(), "0.00");
        assert_eq!(percent(d("-0.0001"), d("3")).unwrap().to_string(), "0.00");
        assert_eq!(percent(d("1"), d("0.00")), None);
        assert_eq!(
            difference(Some(d("5.00")), Some(d("5.00")))
                .unwrap()
                .to_string(),
            "0.00"
        );
        assert_eq!(difference(Some(d("0.3")), Some(d("0.1"))), Some(d("0.2")));
        assert_eq!(difference(None, Some(d("1"))), None);
        // an overflow is no figure, not a panic
        assert_eq!(difference(Some(Decimal::MAX), Some(Decimal::MIN)), None);
        assert_eq!(percent(Decimal::MAX, d("0.0000001")), None);
    }
}
