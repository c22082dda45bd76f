//! Amounts the text states for a table that is printed empty: a 政府性基金 / 国有资本经营 / 三公
//! table without a single amount, while the text gives that money as more than zero.
//!
//! Only the tables whose money the text names unmistakably are read (the subject or its section
//! names the fund), only amounts of the report's year (not 上年), and only where the table holds
//! no amount at all — a table printed with zeros is compared cell by cell elsewhere.

use super::super::{Finding, RuleId};
use crate::narrative::{Measure, Stated};
use crate::reconcile::Fact;
use crate::schema::TableKey;
use rust_decimal::Decimal;

/// Words that name a fund's table, in the subject (the words naming the amount) or in the
/// section, and what the subject must also say for its amount to be that table's money.
const FUND_TABLES: &[(&str, TableKey, &str)] = &[
    ("政府性基金", TableKey::GovFund, "支出"),
    ("国有资本经营", TableKey::StateCapital, "支出"),
    ("三公", TableKey::ThreePublic, "三公"),
];

/// Context words of an amount that is not the report year's own (the year before, a change).
const OTHER_YEAR_WORDS: &[&str] = &["上年", "去年", "上一年"];

/// The table an amount `s` is the money of, where its subject names the fund.
fn fund_table(s: &Stated) -> Option<TableKey> {
    FUND_TABLES
        .iter()
        .find(|(w, _, also)| s.subject.contains(w) && s.subject.contains(also))
        .map(|(_, t, _)| *t)
}

/// Nonzero amounts of the report's year stated for a table in `empty` (printed without any
/// amount), one finding per table.
pub(super) fn empty_table_amounts(
    stated: &[Stated],
    facts: &[Fact],
    empty: &[TableKey],
    out: &mut Vec<Finding>,
) {
    let mut reported: Vec<TableKey> = Vec::new();
    for s in stated.iter().filter(|s| {
        s.measure == Measure::Amount
            && (s.unit == "万元" || s.unit == "元")
            && s.value > Decimal::ZERO
            && !OTHER_YEAR_WORDS.iter().any(|w| s.ctx.contains(w))
    }) {
        let Some(table) = fund_table(s) else { continue };
        if !empty.contains(&table)
            || reported.contains(&table)
            || facts.iter().any(|f| f.table == table)
        {
            continue;
        }
        reported.push(table);
        out.push(
            Finding::new(RuleId::NarrativeTableMismatch)
                .in_text(&s.section, s.page)
                .compared(
                    "amount",
                    format!("blank ({table} printed empty)"),
                    s.printed.clone(),
                )
                .message(format!(
                    "narrative.table_mismatch: the text states {} {}{}, but the `{table}` table is printed without any amount: {}",
                    s.subject, s.printed, s.unit, s.sentence
                )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::narrative::{stated, Para};

    fn run(text: &str, empty: &[TableKey]) -> Vec<Finding> {
        let paras = vec![Para {
            section: "七、政府性基金预算财政拨款支出决算情况说明".into(),
            text: text.into(),
            page: 9,
        }];
        let mut out = Vec::new();
        empty_table_amounts(&stated(&paras), &[], empty, &mut out);
        out
    }

    #[test]
    fn an_amount_for_a_table_printed_empty_is_an_error() {
        let t = "2024年度政府性基金预算财政拨款支出120.50万元。";
        let f = run(t, &[TableKey::GovFund]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].rule, RuleId::NarrativeTableMismatch);
        assert_eq!(f[0].found, "120.50");
        assert!(f[0].expected.starts_with("blank"), "{}", f[0].expected);
    }

    #[test]
    fn zero_amounts_other_years_and_printed_tables_are_no_finding() {
        assert!(run(
            "2024年度政府性基金预算财政拨款支出0万元。",
            &[TableKey::GovFund]
        )
        .is_empty());
        assert!(run(
            "上年政府性基金预算财政拨款支出120.50万元。",
            &[TableKey::GovFund]
        )
        .is_empty());
        assert!(run("2024年度政府性基金预算财政拨款支出120.50万元。", &[]).is_empty());
    }
}
