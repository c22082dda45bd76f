//! Arithmetic identities within and across the canonical tables.
//!
//! Every check compares a printed amount with the sum of other printed amounts. A gap no larger
//! than the rounding bound — half a unit of the last printed digit per summed term (the reports'
//! 尾数误差) — is `info`; a larger gap is an `error`. Only cells the reconciler placed in canonical
//! columns take part, so codes, line numbers and years are never summed, and a parent is compared
//! only with its own children (by code prefix), never 类 + 款 + 项 together.

use super::{rule, Finding, RuleId, Severity};
use crate::amount::half_unit;
use crate::reconcile::Fact;
use crate::schema::{Side, TableKey, THREE_PUBLIC_FIGURES, THREE_PUBLIC_SUMS};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// One canonical row: its label and its values by column.
#[derive(Debug, Clone)]
struct Row<'a> {
    code: &'a str,
    name: &'a str,
    side: Option<Side>,
    page: u32,
    top_level: bool,
    values: BTreeMap<&'a str, Decimal>,
    /// Columns the row holds twice (two printed columns read as one key): which of the two
    /// amounts is meant is not certain, so no identity uses them.
    doubtful: Vec<&'a str>,
}

impl Row<'_> {
    /// Is the row's `col` read with certainty?
    fn certain(&self, col: &str) -> bool {
        !self.doubtful.contains(&col)
    }
}

fn rows(facts: &[Fact], table: TableKey) -> Vec<Row<'_>> {
    let mut by_seq: BTreeMap<usize, Row> = BTreeMap::new();
    for f in facts.iter().filter(|f| f.table == table) {
        let r = by_seq.entry(f.row_seq).or_insert_with(|| Row {
            code: &f.row_code,
            name: &f.row_name,
            side: f.side,
            page: f.page,
            top_level: f.top_level,
            values: BTreeMap::new(),
            doubtful: Vec::new(),
        });
        // a doubtful column is kept out of `values`, so that no check reads it
        let col = f.column.as_str();
        if r.doubtful.contains(&col) {
            continue;
        }
        if r.values.insert(col, f.value).is_some() {
            r.values.remove(col);
            r.doubtful.push(col);
        }
    }
    by_seq.into_values().collect()
}

/// Half a unit of the last printed digit, per summed term (plus the total's own rounding).
fn bound(values: &[Decimal], total: Decimal) -> Decimal {
    let scale = values
        .iter()
        .map(|v| v.scale())
        .fold(total.scale(), u32::max);
    half_unit(scale) * Decimal::from(values.len() as u64 + 1)
}

struct Check<'a> {
    rule: RuleId,
    table: TableKey,
    row: String,
    column: &'a str,
    terms: Vec<Decimal>,
    /// What the terms are, for the message.
    what: String,
    printed: Decimal,
    page: u32,
}

fn judge(c: Check<'_>, out: &mut Vec<Finding>) {
    if c.terms.is_empty() {
        return;
    }
    let sum: Decimal = c.terms.iter().copied().sum();
    if sum == c.printed {
        return;
    }
    let gap = (sum - c.printed).abs();
    let b = bound(&c.terms, c.printed);
    let r = rule(c.rule);
    let (severity, kind) = if gap <= b {
        (Severity::Info, "rounding")
    } else {
        (r.severity, "contradiction")
    };
    let shown: Vec<String> = c
        .terms
        .iter()
        .filter(|t| !t.is_zero())
        .map(|t| t.to_string())
        .collect();
    let message = if c.terms.len() == 1 {
        format!(
            "{} ({kind}): {} is {sum}, but `{}` column `{}` on p.{} is {}; gap {gap}, rounding bound {b}",
            r.id, c.what, c.row, c.column, c.page, c.printed
        )
    } else {
        format!(
            "{} ({kind}): {} on p.{} sum to {sum} ({}), but `{}` column `{}` says {}; gap {gap}, rounding bound {b}",
            r.id,
            c.what,
            c.page,
            if shown.is_empty() { "all zero".to_string() } else { shown.join("+") },
            c.row,
            c.column,
            c.printed
        )
    };
    out.push(
        Finding::new(c.rule)
            .severity(severity)
            .table(c.table.as_str())
            .row(c.row)
            .column(c.column)
            .expected(sum.normalize_scale(c.printed.scale()))
            .found(c.printed.to_string())
            .message(message)
            .page(c.page),
    );
}

/// `total`'s every printed column against the same column summed over `parts` (a part without
/// the column counts as zero).
fn judge_rows(
    rule: RuleId,
    table: TableKey,
    row: String,
    total: &Row,
    parts: &[&Row],
    what: String,
    out: &mut Vec<Finding>,
) {
    if parts.is_empty() {
        return;
    }
    for (col, v) in &total.values {
        if !total.certain(col) || parts.iter().any(|p| !p.certain(col)) {
            continue;
        }
        judge(
            Check {
                rule,
                table,
                row: row.clone(),
                column: col,
                terms: parts
                    .iter()
                    .map(|k| k.values.get(col).copied().unwrap_or_default())
                    .collect(),
                what: what.clone(),
                printed: *v,
                page: total.page,
            },
            out,
        );
    }
}

trait Scale {
    fn normalize_scale(self, scale: u32) -> String;
}
impl Scale for Decimal {
    fn normalize_scale(self, scale: u32) -> String {
        let mut v = self;
        if v.scale() < scale {
            v.rescale(scale);
        }
        v.to_string()
    }
}

fn label(r: &Row) -> String {
    if r.code.is_empty() {
        r.name.to_string()
    } else {
        format!("{} {}", r.code, r.name)
    }
}

/// Components of a row's total per table (columns that add up to `total`).
const ROW_SUMS: &[(TableKey, &str, &[&str])] = &[
    (
        TableKey::Expenditure,
        "total",
        &[
            "basic",
            "project",
            "remit_superior",
            "operating",
            "subsidy_affiliated",
        ],
    ),
    (
        TableKey::Income,
        "total",
        &[
            "fiscal",
            "superior_subsidy",
            "business",
            "operating",
            "affiliated_remit",
            "other",
        ],
    ),
    (TableKey::GeneralExpenditure, "total", &["basic", "project"]),
    (TableKey::GovFund, "total", &["basic", "project"]),
    (TableKey::StateCapital, "total", &["basic", "project"]),
    (
        TableKey::GeneralBasic,
        "amount",
        &["personnel", "public_expense"],
    ),
];

const HIERARCHY_TABLES: &[TableKey] = &[
    TableKey::Income,
    TableKey::Expenditure,
    TableKey::GeneralExpenditure,
    TableKey::GeneralBasic,
    TableKey::GovFund,
    TableKey::StateCapital,
];

fn child_len(len: usize) -> Option<usize> {
    match len {
        3 => Some(5),
        5 => Some(7),
        _ => None,
    }
}

/// Identities inside each table.
pub fn within_tables(facts: &[Fact]) -> Vec<Finding> {
    let mut out = Vec::new();
    for &table in HIERARCHY_TABLES {
        let rs = rows(facts, table);
        if rs.is_empty() {
            continue;
        }
        children_sums(table, &rs, &mut out);
        if table == TableKey::GeneralBasic {
            expense_totals(table, &rs, &mut out);
        }
        column_sums(table, &rs, &mut out);
    }
    three_public_sums(facts, &mut out);
    two_sided_sums(facts, &mut out);
    out
}

/// Is `code` a misread classification code: four digits, between the 类 (3) and 款 (5) levels
/// (`3012`: a 款 printed as one digit)? No sum may rest on its row. (Six digits and more are
/// unit codes, 单位编码, of tables by unit.)
fn misread_code(code: &str) -> bool {
    code.len() == MISREAD_CODE_DIGITS && code.bytes().all(|b| b.is_ascii_digit())
}

/// The length of a code that no level of the function or economic classification has, between
/// a 类 (3 digits) and a 款 (5).
const MISREAD_CODE_DIGITS: usize = 4;

/// A parent row (类, 款) against the sum of its children by code prefix, and 合计 against the
/// sum of the 类 rows. A row whose code fits no level is reported as a reading problem; the
/// sums it might belong to (its prefixes' children, 合计 where it might be a class) are not
/// judged.
fn children_sums(table: TableKey, rs: &[Row], out: &mut Vec<Finding>) {
    let doubtful: Vec<&Row> = rs.iter().filter(|r| misread_code(r.code)).collect();
    for d in &doubtful {
        out.push(
            Finding::new(RuleId::CodeDoubtful)
                .table(table.as_str())
                .row(label(d))
                .compared("code", "3 or 5 digits", d.code)
                .message(format!(
                    "code.doubtful: the code `{}` of `{}` fits no level of the classification; the sums its row belongs to are not judged",
                    d.code, d.name
                ))
                .page(d.page),
        );
    }
    // parent = Σ children by code prefix
    for p in rs.iter().filter(|r| !r.code.is_empty()) {
        let Some(cl) = child_len(p.code.len()) else {
            continue;
        };
        if doubtful.iter().any(|d| d.code.starts_with(p.code)) {
            continue;
        }
        let kids: Vec<&Row> = rs
            .iter()
            .filter(|k| k.code.len() == cl && k.code.starts_with(p.code))
            .collect();
        let what = format!("the {} children of {}", kids.len(), p.code);
        judge_rows(RuleId::SumChildren, table, label(p), p, &kids, what, out);
    }
    // 合计 = Σ 类 (unless a doubtful code may be a class misread)
    let classes: Vec<&Row> = rs.iter().filter(|r| r.code.len() == 3).collect();
    let class_doubtful = doubtful.iter().any(|d| d.code.len() < 5);
    if let Some(total) = rs
        .iter()
        .find(|r| r.code.is_empty() && r.name == "合计")
        .filter(|_| !class_doubtful)
    {
        let what = format!("the {} class rows", classes.len());
        judge_rows(
            RuleId::SumTotal,
            table,
            "合计".into(),
            total,
            &classes,
            what,
            out,
        );
    }
}

/// 人员经费合计 = 301 + 303; 公用经费合计 = 302 + 307 + 310 + 399 (the basic-expenditure table).
fn expense_totals(table: TableKey, rs: &[Row], out: &mut Vec<Finding>) {
    for (name, codes) in [
        ("人员经费合计", &["301", "303"][..]),
        ("公用经费合计", &["302", "307", "310", "399"][..]),
    ] {
        let Some(t) = rs.iter().find(|r| r.code.is_empty() && r.name == name) else {
            continue;
        };
        let parts: Vec<&Row> = rs.iter().filter(|r| codes.contains(&r.code)).collect();
        let what = format!("the rows {}", codes.join(", "));
        judge_rows(RuleId::SumTotal, table, name.into(), t, &parts, what, out);
    }
}

/// Columns that are parts of another column, not terms of the row's total: they do not stop
/// [`ROW_SUMS`] from holding while their whole is printed.
const PART_OF: &[(&str, &[&str])] = &[
    (
        "fiscal",
        &["general", "gov_fund", "state_capital", "fiscal_funding"],
    ),
    ("business", &["education_fees"]),
    ("basic", &["personnel", "public_expense"]),
    // this year's income (本年收入 / 小计), the total less the money carried over
    ("total", &["current_income"]),
];

/// Does the identity `total = Σ parts` describe a table printing `columns`? Not when it prints
/// a column the identity does not know (上年结转 in the income total, 一般公共预算 without
/// 财政拨款): the total then sums other columns.
fn identity_covers(columns: &[&str], total: &str, parts: &[&str]) -> bool {
    columns.iter().all(|c| {
        *c == total
            || parts.contains(c)
            || PART_OF
                .iter()
                .any(|(whole, of)| of.contains(c) && columns.contains(whole))
    })
}

/// A row's total column against the sum of its component columns ([`ROW_SUMS`]).
fn column_sums(table: TableKey, rs: &[Row], out: &mut Vec<Finding>) {
    let mut columns: Vec<&str> = rs.iter().flat_map(|r| r.values.keys().copied()).collect();
    columns.sort_unstable();
    columns.dedup();
    for (t, total_col, parts) in ROW_SUMS.iter().filter(|(t, _, _)| *t == table) {
        if !identity_covers(&columns, total_col, parts) {
            continue;
        }
        for r in rs {
            let Some(v) = r.values.get(total_col) else {
                continue;
            };
            if !r.certain(total_col) || parts.iter().any(|p| !r.certain(p)) {
                continue;
            }
            let terms: Vec<Decimal> = parts
                .iter()
                .filter_map(|c| r.values.get(c).copied())
                .collect();
            if terms.is_empty() {
                continue;
            }
            judge(
                Check {
                    rule: RuleId::SumColumns,
                    table: *t,
                    row: label(r),
                    column: total_col,
                    terms,
                    what: format!("the columns {}", parts.join(" + ")),
                    printed: *v,
                    page: r.page,
                },
                out,
            );
        }
    }
}

/// 三公: total = abroad + vehicle + reception; vehicle = purchase + operation, per figure.
fn three_public_sums(facts: &[Fact], out: &mut Vec<Finding>) {
    for r in rows(facts, TableKey::ThreePublic) {
        if !r.doubtful.is_empty() {
            continue;
        }
        for p in THREE_PUBLIC_FIGURES {
            let get = |c: &str| r.values.get(format!("{p}{c}").as_str()).copied();
            for (total, parts) in THREE_PUBLIC_SUMS {
                let Some(v) = get(total) else { continue };
                let terms: Vec<Decimal> = parts.iter().filter_map(|c| get(c)).collect();
                if terms.is_empty() {
                    continue;
                }
                let col = format!("{p}{total}");
                judge(
                    Check {
                        rule: RuleId::SumColumns,
                        table: TableKey::ThreePublic,
                        row: "三公经费".into(),
                        column: &col,
                        terms,
                        what: format!(
                            "the columns {}",
                            parts
                                .iter()
                                .map(|c| format!("{p}{c}"))
                                .collect::<Vec<_>>()
                                .join(" + ")
                        ),
                        printed: v,
                        page: r.page,
                    },
                    out,
                );
            }
        }
    }
}

/// Two-sided tables: 本年收入合计 / 本年支出合计 against the sum of the top-level rows above it
/// on its side, and the income side's 总计 against the expenditure side's.
fn two_sided_sums(facts: &[Fact], out: &mut Vec<Finding>) {
    for table in [TableKey::Summary, TableKey::FiscalSummary] {
        let rs = rows(facts, table);
        for (side, total_name) in [
            (Side::Income, "本年收入合计"),
            (Side::Expenditure, "本年支出合计"),
        ] {
            let side_rows: Vec<&Row> = rs.iter().filter(|r| r.side == Some(side)).collect();
            let Some(pos) = side_rows.iter().position(|r| r.name == total_name) else {
                continue;
            };
            // a side printed in several classifications side by side (西安's 支出功能分类 |
            // 部门经济分类 | 政府经济分类), each with its 本年支出合计: whose rows each total
            // sums cannot be told, so none is judged
            if side_rows.iter().filter(|r| r.name == total_name).count() > 1 {
                continue;
            }
            let tops: Vec<&Row> = side_rows[..pos]
                .iter()
                .copied()
                .filter(|r| r.top_level)
                .collect();
            let what = format!("the {} {side} rows above it", tops.len());
            let t = side_rows[pos];
            judge_rows(
                RuleId::SumTotal,
                table,
                total_name.into(),
                t,
                &tops,
                what,
                out,
            );
        }
        let grand = |side: Side| {
            rs.iter()
                .filter(|r| r.side == Some(side) && (r.name == "总计" || r.name.ends_with("总计")))
                .find_map(|r| {
                    r.values
                        .get("amount")
                        .or_else(|| r.values.get("total"))
                        .map(|v| (*v, r.page))
                })
        };
        if let (Some((i, _)), Some((e, page))) = (grand(Side::Income), grand(Side::Expenditure)) {
            judge(
                Check {
                    rule: RuleId::SumBalance,
                    table,
                    row: "总计".into(),
                    column: "amount",
                    terms: vec![i],
                    what: "the income side's 总计".into(),
                    printed: e,
                    page,
                },
                out,
            );
        }
    }
}

/// Is a table's `total` this year's alone? Not where it prints the carry-over (上年结转) as a
/// column of the total: its 合计 is then the summary's 收入总计, not its 本年收入合计.
fn this_years_total(rs: &[Row]) -> bool {
    !rs.iter().any(|r| r.values.contains_key("carryover"))
}

fn find<'a>(rs: &'a [Row<'a>], side: Option<Side>, name: &str) -> Option<&'a Row<'a>> {
    rs.iter()
        .find(|r| r.side == side && r.code.is_empty() && r.name == name)
}

/// Identities between tables.
pub fn across_tables(facts: &[Fact]) -> Vec<Finding> {
    let mut out = Vec::new();
    let summary = rows(facts, TableKey::Summary);
    let income = rows(facts, TableKey::Income);
    let expenditure = rows(facts, TableKey::Expenditure);
    let fiscal = rows(facts, TableKey::FiscalSummary);
    let general = rows(facts, TableKey::GeneralExpenditure);
    let basic = rows(facts, TableKey::GeneralBasic);
    let mut pair = |rule_id: RuleId,
                    table: TableKey,
                    row: &str,
                    column: &'static str,
                    expected: Option<(Decimal, u32, String)>,
                    found: Option<(Decimal, u32)>| {
        if let (Some((e, epage, what)), Some((f, fpage))) = (expected, found) {
            judge(
                Check {
                    rule: rule_id,
                    table,
                    row: row.to_string(),
                    column,
                    terms: vec![e],
                    what: format!("{what} (p.{epage})"),
                    printed: f,
                    page: fpage,
                },
                &mut out,
            );
        }
    };
    let val = |r: Option<&Row>, col: &str| {
        r.filter(|r| r.certain(col))
            .and_then(|r| r.values.get(col).map(|v| (*v, r.page)))
    };
    // summary ↔ income / expenditure tables
    pair(
        RuleId::CrossSummaryIncome,
        TableKey::Summary,
        "本年收入合计",
        "amount",
        val(find(&income, None, "合计"), "total")
            .filter(|_| this_years_total(&income))
            .map(|(v, p)| (v, p, "income table 合计 total".into())),
        val(find(&summary, Some(Side::Income), "本年收入合计"), "amount"),
    );
    pair(
        RuleId::CrossSummaryExpenditure,
        TableKey::Summary,
        "本年支出合计",
        "amount",
        val(find(&expenditure, None, "合计"), "total")
            .map(|(v, p)| (v, p, "expenditure table 合计 total".into())),
        val(
            find(&summary, Some(Side::Expenditure), "本年支出合计"),
            "amount",
        ),
    );
    // fiscal_summary general column ↔ general_expenditure
    pair(
        RuleId::CrossFiscalGeneral,
        TableKey::FiscalSummary,
        "本年支出合计",
        "general",
        val(find(&general, None, "合计"), "total")
            .map(|(v, p)| (v, p, "general_expenditure 合计 total".into())),
        val(
            find(&fiscal, Some(Side::Expenditure), "本年支出合计"),
            "general",
        ),
    );
    // general_expenditure basic ↔ general_basic 人员经费合计 + 公用经费合计 (决算) or 合计 (预算)
    let personnel = val(find(&basic, None, "人员经费合计"), "amount");
    let public = val(find(&basic, None, "公用经费合计"), "amount");
    let basic_sum = match (personnel, public) {
        (Some((a, p)), Some((b, _))) => Some((a + b, p, "人员经费合计+公用经费合计")),
        _ => val(find(&basic, None, "合计"), "amount").map(|(v, p)| (v, p, "合计")),
    };
    if let (Some((g, gp)), Some((b, bp, what))) =
        (val(find(&general, None, "合计"), "basic"), basic_sum)
    {
        // the general_basic sum is what the document prints twice; report it as found
        pair(
            RuleId::CrossBasicTotal,
            TableKey::GeneralBasic,
            what,
            "amount",
            Some((g, gp, "general_expenditure 合计 basic".into())),
            Some((b, bp)),
        );
    }
    // summary expenditure categories ↔ expenditure table class rows
    for r in summary
        .iter()
        .filter(|r| r.side == Some(Side::Expenditure) && r.top_level)
    {
        let Some(v) = r.values.get("amount") else {
            continue;
        };
        if let Some(c) = expenditure
            .iter()
            .find(|c| c.code.len() == 3 && c.name == r.name)
        {
            if let Some(t) = c.values.get("total") {
                pair(
                    RuleId::CrossSummaryCategories,
                    TableKey::Summary,
                    r.name,
                    "amount",
                    Some((
                        *t,
                        c.page,
                        format!("expenditure table class {} total", c.code),
                    )),
                    Some((*v, r.page)),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn fact(table: TableKey, seq: usize, code: &str, name: &str, col: &str, v: &str) -> Fact {
        Fact {
            table,
            side: None,
            row_code: code.into(),
            row_name: name.into(),
            column: col.into(),
            value: Decimal::from_str(v).unwrap(),
            unit: "万元",
            page: 3,
            bbox: None,
            confidence: None,
            row_seq: seq,
            top_level: false,
        }
    }

    /// An income table that also prints 上年结转 sums it into its total: `total = fiscal + …`
    /// does not describe it, and no `sum.columns` is judged. A column read twice in a row is
    /// doubtful and takes part in no identity.
    #[test]
    fn no_row_identity_for_columns_it_does_not_know_or_reads_twice() {
        let income = |seq, col, v| fact(TableKey::Income, seq, "", "合计", col, v);
        let facts = vec![
            income(0, "total", "15.00"),
            income(0, "fiscal", "10.00"),
            income(0, "carryover", "5.00"),
        ];
        assert!(within_tables(&facts).is_empty());
        let facts = vec![
            income(0, "total", "15.00"),
            income(0, "fiscal", "10.00"),
            income(0, "general", "10.00"),
        ];
        let found = within_tables(&facts);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Error);
        let facts = vec![
            income(0, "total", "15.00"),
            income(0, "fiscal", "10.00"),
            income(0, "fiscal", "15.00"),
        ];
        assert!(within_tables(&facts).is_empty());
        // this year's income printed beside the total (本年收入 / 小计) is a part of it, not a
        // column the identity does not know: the sources are still summed
        let facts = vec![
            income(0, "total", "15.00"),
            income(0, "current_income", "15.00"),
            income(0, "fiscal", "10.00"),
            income(0, "other", "4.00"),
        ];
        let found = within_tables(&facts);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Error);
    }

    #[test]
    fn rounding_gap_is_info_and_real_gap_is_error() {
        let facts = vec![
            fact(
                TableKey::GeneralBasic,
                0,
                "301",
                "工资福利支出",
                "amount",
                "10.23",
            ),
            fact(
                TableKey::GeneralBasic,
                1,
                "30101",
                "基本工资",
                "amount",
                "3.78",
            ),
            fact(
                TableKey::GeneralBasic,
                2,
                "30102",
                "津贴补贴",
                "amount",
                "6.44",
            ),
            fact(
                TableKey::Expenditure,
                3,
                "201",
                "一般公共服务支出",
                "total",
                "12.00",
            ),
            fact(
                TableKey::Expenditure,
                3,
                "201",
                "一般公共服务支出",
                "basic",
                "2.00",
            ),
            fact(
                TableKey::Expenditure,
                3,
                "201",
                "一般公共服务支出",
                "project",
                "9.00",
            ),
        ];
        let f = within_tables(&facts);
        assert_eq!(f.len(), 2, "{f:?}");
        let child = f.iter().find(|x| x.rule == RuleId::SumChildren).unwrap();
        assert_eq!(child.severity, Severity::Info);
        assert_eq!(
            (child.expected.as_str(), child.found.as_str()),
            ("10.22", "10.23")
        );
        let cols = f.iter().find(|x| x.rule == RuleId::SumColumns).unwrap();
        assert_eq!(cols.severity, Severity::Error);
        assert_eq!(
            (cols.expected.as_str(), cols.found.as_str()),
            ("11.00", "12.00")
        );
    }

    #[test]
    fn a_misread_code_is_a_reading_problem_not_a_sum_error() {
        // 30102 read as `3012` (its 款 printed as one digit): 301 = 30101 + 30102 holds in the
        // report, but not over the codes read; the misread is reported, the sum is not judged
        let facts = vec![
            fact(
                TableKey::GeneralBasic,
                0,
                "301",
                "工资福利支出",
                "amount",
                "30.00",
            ),
            fact(
                TableKey::GeneralBasic,
                1,
                "30101",
                "基本工资",
                "amount",
                "10.00",
            ),
            fact(
                TableKey::GeneralBasic,
                2,
                "3012",
                "津贴补贴",
                "amount",
                "20.00",
            ),
        ];
        let f = within_tables(&facts);
        assert!(!f.iter().any(|x| x.rule == RuleId::SumChildren), "{f:?}");
        let d: Vec<&Finding> = f
            .iter()
            .filter(|x| x.rule == RuleId::CodeDoubtful)
            .collect();
        assert_eq!(d.len(), 1, "{f:?}");
        assert_eq!(d[0].severity, Severity::Info);
        assert_eq!(d[0].found, "3012");
    }

    #[test]
    fn classes_items_and_codes_are_never_summed_together() {
        // 类 = Σ款 and 款 = Σ项 hold; adding 类+款+项 would not
        let facts = vec![
            fact(TableKey::Income, 0, "", "合计", "total", "5.00"),
            fact(
                TableKey::Income,
                1,
                "201",
                "一般公共服务支出",
                "total",
                "5.00",
            ),
            fact(TableKey::Income, 2, "20103", "政府办公厅", "total", "5.00"),
            fact(TableKey::Income, 3, "2010301", "行政运行", "total", "2.00"),
            fact(TableKey::Income, 4, "2010350", "事业运行", "total", "3.00"),
        ];
        assert!(within_tables(&facts).is_empty());
    }

    #[test]
    fn cross_table_basic_total() {
        let facts = vec![
            fact(
                TableKey::GeneralExpenditure,
                0,
                "",
                "合计",
                "basic",
                "105.58",
            ),
            fact(
                TableKey::GeneralBasic,
                1,
                "",
                "人员经费合计",
                "amount",
                "95.36",
            ),
            fact(
                TableKey::GeneralBasic,
                2,
                "",
                "公用经费合计",
                "amount",
                "10.23",
            ),
        ];
        let f = across_tables(&facts);
        assert_eq!(f.len(), 1);
        assert_eq!(
            (f[0].expected.as_str(), f[0].found.as_str()),
            ("105.58", "105.59")
        );
        assert_eq!(f[0].severity, Severity::Info);
    }
}
