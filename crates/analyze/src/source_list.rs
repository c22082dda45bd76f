//! An income table printed as a list of its sources (江苏's 收入预算总表: a row per source —
//! `一般公共预算资金`, `政府性基金`, `财政专户管理资金`, `其他资金` with their parts — and one
//! `金额` column). The contract's income table has a row per classification and a column per
//! source, so the list is its row of totals, `合计`: each source's amount under its column key
//! (`general`, `gov_fund`, `fiscal_special_account`, `business` …), the list's total under
//! `total`. A source's parts that name no column of their own stay in `cells.csv`.

use crate::reconcile::Fact;
use crate::schema::{self, TableKey};

/// The fewest rows naming a source (besides the total) that make an income table a list of
/// sources: a table by classification names none.
const MIN_SOURCE_ROWS: usize = 2;

/// Turns the facts of an income table printed as a list of sources into its one row of totals;
/// any other income table is left as it is.
pub(crate) fn one_row(facts: &mut Vec<Fact>) {
    let Some(first) = facts.first().map(|f| f.row_seq) else {
        return;
    };
    let one_column = facts.iter().all(|f| f.column == "total");
    if !one_column || facts.iter().any(|f| !f.row_code.is_empty()) {
        return;
    }
    // each source's amount from the first row that names it (`一般公共预算资金 / 小计` before
    // its part `公共财政拨款(补助)资金`)
    let mut keyed: Vec<(usize, &'static str)> = Vec::new();
    for f in facts.iter() {
        let key = schema::list_item_key(TableKey::Income, &f.row_name);
        if let Some(k) = key.filter(|k| !keyed.iter().any(|(_, o)| o == k)) {
            keyed.push((f.row_seq, k));
        }
    }
    let sources = keyed.iter().filter(|(_, k)| *k != "total").count();
    if sources < MIN_SOURCE_ROWS || !keyed.iter().any(|(_, k)| *k == "total") {
        return;
    }
    let key_of = |seq: usize| keyed.iter().find(|(s, _)| *s == seq).map(|(_, k)| *k);
    facts.retain(|f| key_of(f.row_seq).is_some());
    for f in facts.iter_mut() {
        f.column = key_of(f.row_seq).unwrap_or("total").to_string();
        f.row_name = schema::single_row_name(TableKey::Income).to_string();
        f.row_seq = first;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn fact(seq: usize, name: &str, value: i64) -> Fact {
        Fact {
            table: TableKey::Income,
            side: None,
            row_code: String::new(),
            row_name: name.to_string(),
            column: "total".to_string(),
            value: Decimal::new(value, 2),
            unit: "万元",
            page: 2,
            bbox: None,
            confidence: None,
            row_seq: seq,
            top_level: false,
        }
    }

    #[test]
    fn a_list_of_sources_is_the_row_of_totals() {
        let mut facts = vec![
            fact(0, "收入总计", 1799668),
            fact(1, "一般公共预算资金小计", 1798168),
            fact(2, "一般公共预算资金公共财政拨款(补助)资金", 1798168),
            fact(3, "其他资金小计", 1500),
            fact(4, "其他资金其他收入", 1500),
        ];
        one_row(&mut facts);
        let got: Vec<(&str, &str, String)> = facts
            .iter()
            .map(|f| (f.row_name.as_str(), f.column.as_str(), f.value.to_string()))
            .collect();
        assert_eq!(
            got,
            [
                ("合计", "total", "17996.68".to_string()),
                ("合计", "general", "17981.68".to_string()),
                ("合计", "other", "15.00".to_string()),
            ]
        );
        assert!(facts.iter().all(|f| f.row_seq == 0));
    }

    #[test]
    fn an_income_table_by_classification_is_left_alone() {
        let mut facts = vec![fact(0, "合计", 100), fact(1, "一般公共服务支出", 60)];
        facts[1].row_code = "201".into();
        let before = facts.clone();
        one_row(&mut facts);
        assert_eq!(facts.len(), before.len());
        assert_eq!(facts[1].row_name, "一般公共服务支出");
    }
}
