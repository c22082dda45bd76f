//! What OCR's reading of a scanned page cannot be trusted with. A classification code read by
//! OCR that extends no code of its table (`2401102` under `210` / `21011`: a `1` read as `4`)
//! names a row the report does not print: the row's facts are left out ("fewer facts, never
//! wrong ones") and the code is reported as a reading problem (`code.doubtful`, info).

use super::{Finding, RuleId};
use crate::reconcile::Fact;
use crate::schema::TableKey;
use std::collections::HashSet;

/// The digits of a 类 code: the top level of the function and economic classifications, the
/// one level that extends no other.
const CLASS_DIGITS: usize = 3;

/// The digits a level adds to its parent's code (类 201 → 款 20101 → 项 2010101).
const LEVEL_DIGITS: usize = 2;

/// Rows sharing a parent code that place one another where the parent's own row was not read
/// (`30101`, `30102` … under a `301` OCR missed): one misread code rarely meets a second.
const MIN_SIBLINGS: usize = 2;

/// The longest classification code: a 项 (7 digits).
const MAX_CODE_DIGITS: usize = 7;

/// Leaves out of `facts` the rows of the core tables whose code, read by OCR (on a page of
/// `ocr`), is no code of the classification under the codes its table prints: a 类 of three
/// digits, or a 款 / 项 whose parent code the table prints or that a sibling shares. One
/// `code.doubtful` finding a row.
pub(crate) fn drop_unplaced_codes(ocr: &[u32], facts: &mut Vec<Fact>) -> Vec<Finding> {
    if ocr.is_empty() {
        return Vec::new();
    }
    let printed: HashSet<(TableKey, &str)> = facts
        .iter()
        .filter(|f| !f.row_code.is_empty())
        .map(|f| (f.table, f.row_code.as_str()))
        .collect();
    // how many of a table's rows have each parent code (a row's facts counted once)
    let mut siblings: std::collections::HashMap<(TableKey, &str), HashSet<usize>> =
        Default::default();
    for f in facts.iter().filter(|f| f.row_code.len() > CLASS_DIGITS) {
        let parent = &f.row_code[..f.row_code.len() - LEVEL_DIGITS];
        siblings
            .entry((f.table, parent))
            .or_default()
            .insert(f.row_seq);
    }
    let placed = |f: &Fact| {
        let code = f.row_code.as_str();
        let n = code.len();
        let parent = || (f.table, &code[..n - LEVEL_DIGITS]);
        n == CLASS_DIGITS
            || (n > CLASS_DIGITS
                && n <= MAX_CODE_DIGITS
                && (n - CLASS_DIGITS).is_multiple_of(LEVEL_DIGITS)
                && (printed.contains(&parent())
                    || siblings
                        .get(&parent())
                        .is_some_and(|s| s.len() >= MIN_SIBLINGS)))
    };
    let doubtful: HashSet<(TableKey, usize)> = facts
        .iter()
        .filter(|f| {
            ocr.contains(&f.page)
                && !f.row_code.is_empty()
                && TableKey::CORE.contains(&f.table)
                && !placed(f)
        })
        .map(|f| (f.table, f.row_seq))
        .collect();
    let mut out = Vec::new();
    let mut reported: HashSet<(TableKey, usize)> = HashSet::new();
    for f in facts.iter() {
        if doubtful.contains(&(f.table, f.row_seq)) && reported.insert((f.table, f.row_seq)) {
            out.push(
                Finding::new(RuleId::CodeDoubtful)
                    .table(f.table.as_str())
                    .row(format!("{} {}", f.row_code, f.row_name))
                    .compared("code", "a code under one the table prints", &f.row_code)
                    .message(format!(
                        "code.doubtful: the code `{}` of `{}`, read by OCR, extends no code the table prints; its row is left out",
                        f.row_code, f.row_name
                    ))
                    .page(f.page),
            );
        }
    }
    facts.retain(|f| !doubtful.contains(&(f.table, f.row_seq)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn fact(seq: usize, code: &str, page: u32) -> Fact {
        Fact {
            table: TableKey::Expenditure,
            side: None,
            row_code: code.to_string(),
            row_name: format!("行{seq}"),
            column: "total".to_string(),
            value: Decimal::new(4297, 2),
            unit: "万元",
            page,
            row_seq: seq,
            top_level: false,
            bbox: None,
        }
    }

    #[test]
    fn an_ocr_code_under_no_printed_code_leaves_its_row_out() {
        let mut facts = vec![
            fact(0, "210", 7),
            fact(1, "21011", 7),
            fact(2, "2101102", 7),
            fact(3, "2401102", 7),
            fact(4, "210414", 7),
            fact(5, "", 7),
        ];
        let found = drop_unplaced_codes(&[7], &mut facts);
        let kept: Vec<&str> = facts.iter().map(|f| f.row_code.as_str()).collect();
        assert_eq!(kept, ["210", "21011", "2101102", ""]);
        let doubtful: Vec<&str> = found.iter().map(|f| f.found.as_str()).collect();
        assert_eq!(doubtful, ["2401102", "210414"]);
        assert!(found.iter().all(|f| f.rule == RuleId::CodeDoubtful));
    }

    #[test]
    fn siblings_place_one_another_where_their_parent_was_not_read() {
        let mut facts = vec![
            fact(0, "30101", 7),
            fact(1, "30102", 7),
            fact(2, "30701", 7),
        ];
        let found = drop_unplaced_codes(&[7], &mut facts);
        let kept: Vec<&str> = facts.iter().map(|f| f.row_code.as_str()).collect();
        assert_eq!(kept, ["30101", "30102"]);
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn codes_on_pages_with_a_text_layer_are_left_to_the_sums() {
        let mut facts = vec![fact(0, "210", 3), fact(1, "2401102", 3)];
        assert!(drop_unplaced_codes(&[7], &mut facts).is_empty());
        assert_eq!(facts.len(), 2);
        assert!(drop_unplaced_codes(&[], &mut facts).is_empty());
    }
}
