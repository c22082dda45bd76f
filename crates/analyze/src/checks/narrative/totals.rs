//! Amounts of table totals and of the 三公 / 机关运行经费 items against their tables.

use super::precision::{half_unit, round};
use crate::checks::{Finding, RuleId};
use crate::meta::{Kind, Meta};
use crate::narrative::{Measure, Para, Stated};
use crate::reconcile::Fact;
use crate::schema::{self, Side, TableKey};
use rust_decimal::Decimal;

/// What a narrative subject is in the tables: (subject, table, side, row name, column).
#[rustfmt::skip]
const SUBJECTS: &[(&str, TableKey, Option<Side>, &str, &str)] = &[
    ("财政拨款收支总计", TableKey::FiscalSummary, Some(Side::Income), "总计", "amount"),
    ("财政拨款收入支出总计", TableKey::FiscalSummary, Some(Side::Income), "总计", "amount"),
    ("收支总计", TableKey::Summary, Some(Side::Income), "总计", "amount"),
    ("收入支出总计", TableKey::Summary, Some(Side::Income), "总计", "amount"),
    ("一般公共预算财政拨款支出", TableKey::GeneralExpenditure, None, "合计", "total"),
    ("一般公共预算拨款支出", TableKey::GeneralExpenditure, None, "合计", "total"),
    ("本年收入合计", TableKey::Summary, Some(Side::Income), "本年收入合计", "amount"),
    ("本年收入合计", TableKey::Income, None, "合计", "total"),
    ("收入合计", TableKey::Income, None, "合计", "total"),
    ("本年支出合计", TableKey::Summary, Some(Side::Expenditure), "本年支出合计", "amount"),
    ("本年支出合计", TableKey::Expenditure, None, "合计", "total"),
    ("支出合计", TableKey::Expenditure, None, "合计", "total"),
    ("财政拨款收入", TableKey::Income, None, "合计", "fiscal"),
    // a budget's sources (`收入预算…万元，其中，一般公共预算拨款…万元`)
    ("一般公共预算拨款", TableKey::FiscalSummary, Some(Side::Income), "一般公共预算拨款收入", "amount"),
    ("一般公共预算拨款", TableKey::FiscalSummary, Some(Side::Income), "一般公共预算拨款", "amount"),
    ("基本支出", TableKey::Expenditure, None, "合计", "basic"),
    ("基本支出", TableKey::GeneralExpenditure, None, "合计", "basic"),
    ("项目支出", TableKey::Expenditure, None, "合计", "project"),
    ("项目支出", TableKey::GeneralExpenditure, None, "合计", "project"),
    ("人员经费", TableKey::GeneralBasic, None, "人员经费合计", "amount"),
    ("公用经费", TableKey::GeneralBasic, None, "公用经费合计", "amount"),
    // 预算 编制说明: `X收入预算…万元`, `支出预算…`, `财政拨款支出预算中，一般公共预算拨款支出预算…`
    ("收入预算", TableKey::Summary, Some(Side::Income), "收入总计", "amount"),
    ("收入预算", TableKey::Income, None, "合计", "total"),
    // a source's share of the income (`一般公共预算收入预算…`)
    ("一般公共预算收入预算", TableKey::Income, None, "合计", "general"),
    ("政府性基金收入预算", TableKey::Income, None, "合计", "gov_fund"),
    ("政府性基金预算收入预算", TableKey::Income, None, "合计", "gov_fund"),
    ("事业收入预算", TableKey::Income, None, "合计", "business"),
    ("经营收入预算", TableKey::Income, None, "合计", "operating"),
    ("其他收入预算", TableKey::Income, None, "合计", "other"),
    ("支出预算", TableKey::Summary, Some(Side::Expenditure), "支出总计", "amount"),
    ("支出预算", TableKey::Expenditure, None, "合计", "total"),
    ("财政拨款支出预算", TableKey::FiscalSummary, Some(Side::Expenditure), "支出总计", "total"),
    ("一般公共预算拨款支出预算", TableKey::GeneralExpenditure, None, "合计", "total"),
    ("一般公共预算拨款支出预算", TableKey::FiscalSummary, Some(Side::Expenditure), "支出总计", "general"),
    ("政府性基金拨款支出预算", TableKey::GovFund, None, "合计", "total"),
    ("政府性基金拨款支出预算", TableKey::FiscalSummary, Some(Side::Expenditure), "支出总计", "gov_fund"),
    ("国有资本经营预算拨款支出预算", TableKey::StateCapital, None, "合计", "total"),
    ("国有资本经营预算拨款支出预算", TableKey::FiscalSummary, Some(Side::Expenditure), "支出总计", "state_capital"),
];

/// Sections where the words of SUBJECTS mean another fund's totals.
pub(super) fn other_fund_section(section: &str) -> bool {
    ["政府性基金", "国有资本", "三公", "机关运行", "政府采购"]
        .iter()
        .any(|w| section.contains(w))
}

/// The table cells a narrative subject names (its SUBJECTS entries that are printed).
pub(super) fn cells_of<'a>(name: &str, facts: &'a [Fact]) -> Vec<&'a Fact> {
    SUBJECTS
        .iter()
        .filter(|e| e.0 == name)
        .filter_map(|(_, t, side, row, col)| {
            facts.iter().find(|f| {
                f.table == *t
                    && f.side == *side
                    && f.row_code.is_empty()
                    && f.row_name == *row
                    && f.column == *col
            })
        })
        .collect()
}

/// A table value in the text's unit (元 / 万元), with the printed form of its precision
/// (`6981000.00` 元 is `698.100000` 万元).
pub(super) fn in_unit(f: &Fact, unit: &str) -> (Decimal, String) {
    let (v, scale) = match (f.unit, unit) {
        ("元", "万元") => (f.value / Decimal::from(10_000), f.value.scale() + 4),
        ("万元", "元") => (f.value * Decimal::from(10_000), 0),
        _ => (f.value, f.value.scale()),
    };
    let mut p = v;
    p.rescale(scale);
    (v, p.to_string())
}

/// 三公 items as the text names them, most specific first, with their column (without the
/// budget_ / actual_ prefix).
const THREE_PUBLIC_ITEMS: &[(&str, &str)] = &[
    ("公务用车购置及运行", "vehicle"),
    ("公务用车购置费及运行", "vehicle"),
    ("公务用车运行维护费", "vehicle_operation"),
    ("公务用车购置费", "vehicle_purchase"),
    ("因公出国", "abroad"),
    ("公务接待", "reception"),
    ("三公”经费", "total"),
    ("三公经费", "total"),
    ("机关运行经费", "agency_operating"),
];

/// 三公 amounts (`“三公”经费…支出预算为 X 万元，支出决算为 Y 万元`) against the 三公 table.
pub(super) fn three_public_mismatches(
    paras: &[Para],
    stated: &[Stated],
    facts: &[Fact],
    out: &mut Vec<Finding>,
) {
    // in a 三公 / 机关运行经费 section, or a sentence on the 三公 under another heading
    // (`六、其他重要事项的情况说明` … `“三公”经费预算数为…`)
    for s in stated.iter().filter(|s| {
        s.measure == Measure::Amount
            && s.unit == "万元"
            && (s.section.contains("三公")
                || s.section.contains("机关运行")
                || s.sentence.contains("三公"))
    }) {
        let Some(prefix) = schema::three_public_figure(&s.ctx) else {
            continue;
        };
        if s.ctx.contains("上年") {
            continue;
        }
        // the item named nearest before the number, within its sentence
        let text = &paras[s.para].text;
        let s0 = text[..s.pos]
            .rfind(['。', '；'])
            .map_or(0, |i| i + '。'.len_utf8());
        let before = &text[s0..s.pos];
        let Some((_, col)) = THREE_PUBLIC_ITEMS
            .iter()
            .filter_map(|(w, c)| before.rfind(w).map(|i| (i + w.len(), *c)))
            .max_by_key(|(end, _)| *end)
        else {
            continue;
        };
        let column = format!("{prefix}{col}");
        let Some(f) = facts
            .iter()
            .find(|f| f.table == TableKey::ThreePublic && f.column == column)
        else {
            continue;
        };
        let tv = match f.unit {
            "元" => f.value / Decimal::from(10_000),
            _ => f.value,
        };
        if (tv - s.value).abs() > half_unit(&s.printed) {
            out.push(
                Finding::new(RuleId::NarrativeTableMismatch)
                    .in_text(&s.section, s.page)
                    .compared("amount", format!("{} (three_public {column})", f.value), s.printed.clone())
                    .message(format!(
                    "narrative.table_mismatch: three_public {column} is {} {} (p.{}), the text says {}{}: {}",
                    f.value, f.unit, f.page, s.printed, s.unit, s.sentence
                )));
        }
    }
}

/// Words of an amount's clause that make it another figure than the tables' own: last year's,
/// the initial budget's, the year's execution.
const NOT_THE_TABLES: &[&str] = &["上年", "年初", "全年", "执行"];

/// Words of a 决算's clause that make the amount its budget's (`预算数为`), which its tables do
/// not print; in a budget they name the tables' own figure (`基本支出预算数…`).
const BUDGET_FIGURE: &[&str] = &["预算为", "预算数", "预算安排"];

/// Words before a subject that say whose it is, not what it is (`本单位基本支出`).
const HOLDERS: &[&str] = &["本单位", "本部门"];

/// The subject of a stated amount without the words around it that name no table cell: whose
/// it is (本单位, the department's name) and, in a budget, that it is the budget's figure
/// (`基本支出预算数`).
fn bare_subject(s: &Stated, meta: &Meta) -> String {
    let mut full: String = s.subject.chars().filter(|c| *c != '、').collect();
    let dept = meta.department.as_deref().filter(|d| !d.is_empty());
    if let Some(rest) = HOLDERS
        .iter()
        .copied()
        .chain(dept)
        .find_map(|h| full.strip_prefix(h))
    {
        full = rest.to_string();
    }
    if meta.kind == Kind::Budget {
        if let Some(rest) = full.strip_suffix("预算数") {
            full = rest.to_string();
        }
    }
    full
}

/// Amounts the text gives for a table total (本年支出合计, 基本支出, 人员经费 …) against the
/// tables; a subject is compared only when it names exactly one registry entry.
pub(super) fn subject_mismatches(
    stated: &[Stated],
    facts: &[Fact],
    meta: &Meta,
    out: &mut Vec<Finding>,
) -> Vec<(usize, usize, Decimal)> {
    let mut corrected = Vec::new();
    let budget = meta.kind == Kind::Budget;
    for s in stated
        .iter()
        .filter(|s| s.measure == Measure::Amount && (s.unit == "万元" || s.unit == "元"))
    {
        let not_own = |w: &&str| s.ctx.contains(*w);
        if NOT_THE_TABLES.iter().any(not_own) || (!budget && BUDGET_FIGURE.iter().any(not_own)) {
            continue;
        }
        if other_fund_section(&s.section) {
            continue;
        }
        let mut full = bare_subject(s, meta);
        // `本年收入预算`: this year's income, not the total with the carry-over
        if full.ends_with("本年收入预算") {
            full = "本年收入合计".into();
        } else if full.ends_with("本年支出预算") {
            full = "本年支出合计".into();
        } else if full.ends_with("收入预算") && !full.ends_with("财政拨款收入预算") {
            // `上海市X局收入预算`: the department's name before the subject; a source's share
            // (`一般公共预算收入预算`) keeps its source
            let source = SUBJECTS
                .iter()
                .map(|e| e.0)
                .filter(|k| k.ends_with("收入预算") && full.ends_with(k))
                .max_by_key(|k| k.len());
            full = source.unwrap_or("收入预算").into();
        }
        let subject = full
            .trim_start_matches("其中")
            .trim_start_matches("财政拨款");
        // the subject as printed first; without its 财政拨款 prefix only when that names nothing
        let name = if SUBJECTS.iter().any(|e| e.0 == full) {
            full.as_str()
        } else {
            subject
        };
        let mut cells = cells_of(name, facts);
        // 基本支出 in a section on 财政拨款 (or 一般公共预算拨款) spending is the fiscal money's,
        // not all funds'
        if s.section.contains("财政拨款") || s.section.contains("一般公共预算拨款") {
            cells.retain(|f| f.table != TableKey::Expenditure);
        }
        if cells.is_empty() {
            continue;
        }
        if cells
            .iter()
            .any(|f| (in_unit(f, &s.unit).0 - s.value).abs() <= half_unit(&s.printed))
        {
            continue;
        }
        let f = cells[0];
        let tv = in_unit(f, &s.unit).0;
        out.push(
            Finding::new(RuleId::NarrativeTableMismatch)
                .in_text(&s.section, s.page)
                .compared(
                    "amount",
                    // the table's value as printed (in the text's unit), not rounded to the
                    // text's precision: the message says what that rounds to
                    format!("{} ({} {} {})", tv, f.table, f.row_name, f.column),
                    s.printed.clone(),
                )
                .message(format!(
                    "narrative.table_mismatch: {} is {} {} in `{}` (p.{}), {} at the text's precision; the text says {}{}: {}",
                    s.subject,
                    f.value,
                    f.unit,
                    f.table,
                    f.page,
                    round(tv, &s.printed),
                    s.printed,
                    s.unit,
                    s.sentence
                )),
        );
        corrected.push((s.para, s.pos, tv));
    }
    corrected
}
