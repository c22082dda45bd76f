//! What OCR's reading of a scanned page cannot be trusted with. A classification code read by
//! OCR that extends no code of its table (`2401102` under `210` / `21011`: a `1` read as `4`)
//! names a row the report does not print: the row's facts are left out ("fewer facts, never
//! wrong ones") and the code is reported as a reading problem (`code.doubtful`, info).

use super::{Finding, RuleId};
use crate::reconcile::Fact;
use crate::schema::TableKey;
use std::collections::{HashMap, HashSet};
use yjs_model::{BBox, Document};

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

/// Leaves out of `facts` the rows read by OCR (on a page of `ocr`) without a code in a table
/// most of whose rows print one, but for its total rows (`合计`, `人员经费合计`): the code was
/// there and OCR lost it, and the row, named by its label alone, is not the one printed. One
/// `code.doubtful` finding a row.
pub(crate) fn drop_uncoded_rows(ocr: &[u32], facts: &mut Vec<Fact>) -> Vec<Finding> {
    if ocr.is_empty() {
        return Vec::new();
    }
    // rows with and without a code, by table (its total rows apart)
    let mut rows: HashMap<TableKey, (HashSet<usize>, HashSet<usize>)> = HashMap::new();
    for f in facts
        .iter()
        .filter(|f| crate::totals::row_key(&f.row_name).is_none())
    {
        let (coded, uncoded) = rows.entry(f.table).or_default();
        if f.row_code.is_empty() {
            uncoded
        } else {
            coded
        }
        .insert(f.row_seq);
    }
    let lost = |f: &Fact| {
        ocr.contains(&f.page)
            && f.row_code.is_empty()
            && crate::totals::row_key(&f.row_name).is_none()
            && rows
                .get(&f.table)
                .is_some_and(|(coded, uncoded)| coded.len() > uncoded.len())
    };
    let mut out = Vec::new();
    let mut reported: HashSet<(TableKey, usize)> = HashSet::new();
    for f in facts.iter().filter(|f| lost(f)) {
        if reported.insert((f.table, f.row_seq)) {
            out.push(
                Finding::new(RuleId::CodeDoubtful)
                    .table(f.table.as_str())
                    .row(f.row_name.as_str())
                    .compared("code", "the code the table's rows print", "")
                    .message(format!(
                        "code.doubtful: the row `{}`, read by OCR, has no code where the table's rows print one; its row is left out",
                        f.row_name
                    ))
                    .page(f.page),
            );
        }
    }
    facts.retain(|f| !lost(f));
    out
}

/// The fewest digits of a whole number that may be a classification code (a 类: `302`).
const MIN_CODE_DIGITS: usize = 3;

/// Leaves out of `facts` what a table read by OCR (on a page of `ocr`) misplaced, where its
/// columns came out shifted (a borderless table of blocks side by side, its columns aligned
/// wrongly): a row whose label is a number (`128.34`, a dash), and an amount written as a whole
/// number of a code's digits (`30218`) in a table whose amounts on that page are written with
/// decimals (that amount alone). One `code.doubtful` finding a row.
pub(crate) fn drop_shifted_cells(ocr: &[u32], facts: &mut Vec<Fact>) -> Vec<Finding> {
    if ocr.is_empty() {
        return Vec::new();
    }
    // facts with and without decimals, by table and page (a dash, `0`, is neither)
    let mut written: HashMap<(TableKey, u32), (usize, usize)> = HashMap::new();
    for f in facts
        .iter()
        .filter(|f| ocr.contains(&f.page) && !f.value.is_zero())
    {
        let (decimals, whole) = written.entry((f.table, f.page)).or_default();
        if f.value.scale() > 0 {
            *decimals += 1;
        } else {
            *whole += 1;
        }
    }
    let label_is_number =
        |f: &Fact| f.row_code.is_empty() && crate::amount::parse_amount(&f.row_name).is_some();
    let code_as_amount = |f: &Fact| {
        let digits = f.value.to_string();
        f.value.scale() == 0
            && f.value.is_sign_positive()
            && digits.len() >= MIN_CODE_DIGITS
            && crate::amount::is_code(&digits)
            && written
                .get(&(f.table, f.page))
                .is_some_and(|(decimals, whole)| decimals > whole)
    };
    let read = |f: &Fact| ocr.contains(&f.page) && TableKey::CORE.contains(&f.table);
    // (a row labelled by a number is left out whole; a code among amounts alone)
    let shifted: HashSet<(TableKey, usize)> = facts
        .iter()
        .filter(|f| read(f) && label_is_number(f))
        .map(|f| (f.table, f.row_seq))
        .collect();
    let gone = |f: &Fact| shifted.contains(&(f.table, f.row_seq)) || (read(f) && code_as_amount(f));
    let dropped: Vec<bool> = facts.iter().map(gone).collect();
    let mut out = Vec::new();
    let mut reported: HashSet<(TableKey, usize)> = HashSet::new();
    for (f, _) in facts.iter().zip(&dropped).filter(|(_, d)| **d) {
        if reported.insert((f.table, f.row_seq)) {
            out.push(
                Finding::new(RuleId::CodeDoubtful)
                    .table(f.table.as_str())
                    .row(format!("{} {}", f.row_code, f.row_name).trim().to_string())
                    .compared("code", "a label beside amounts", &f.row_name)
                    .message(format!(
                        "code.doubtful: the row `{} {}`, read by OCR, has a number for its label or a code among its amounts: its columns are shifted; what is misplaced is left out",
                        f.row_code, f.row_name
                    ))
                    .page(f.page),
            );
        }
    }
    let mut keep = dropped.iter().map(|d| !d);
    facts.retain(|_| keep.next().unwrap_or(true));
    out
}

/// Gives each fact on a page read by OCR its confidence: the least of the words read in its
/// cell (a word whose centre lies in the fact's box). A fact of a text layer keeps `None`.
pub(crate) fn set_confidences(doc: &Document, facts: &mut [Fact]) {
    if doc.ocr_words.is_empty() {
        return;
    }
    let inside = |b: &BBox, w: &BBox| {
        let (cx, cy) = ((w.x0 + w.x1) / 2.0, (w.y0 + w.y1) / 2.0);
        (b.x0..=b.x1).contains(&cx) && (b.y0..=b.y1).contains(&cy)
    };
    for f in facts.iter_mut().filter(|f| doc.ocr.contains(&f.page)) {
        let Some(b) = f.bbox else { continue };
        f.confidence = doc
            .ocr_words
            .iter()
            .filter(|w| w.page == f.page && inside(&b, &w.bbox))
            .map(|w| w.confidence)
            .min();
    }
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
            confidence: None,
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

    /// A borderless 基本支出明细表 of three blocks side by side, read by OCR with its columns
    /// shifted (seed 23's gen-23-0002 scan): amounts read as labels (`128.34`, a dash) and codes
    /// as amounts (`30218`) made wrong facts.
    #[test]
    fn a_number_for_a_label_and_a_code_among_amounts_are_left_out() {
        let with = |seq: usize, name: &str, value: Decimal, page: u32| Fact {
            row_name: name.to_string(),
            value,
            ..fact(seq, "", page)
        };
        let mut facts = vec![
            with(0, "工资福利支出", Decimal::new(12834, 2), 7),
            with(0, "工资福利支出", Decimal::new(30218, 0), 7),
            with(1, "128.34", Decimal::new(30202, 0), 7),
            with(2, "-", Decimal::new(1594, 2), 7),
            with(3, "办公费", Decimal::new(2307, 2), 7),
            with(4, "印刷费", Decimal::ZERO, 7),
            // a page of whole amounts (a 元 budget): its numbers are amounts
            with(5, "差旅费", Decimal::new(30218, 0), 8),
        ];
        let found = drop_shifted_cells(&[7, 8], &mut facts);
        let kept: Vec<(&str, String)> = facts
            .iter()
            .map(|f| (f.row_name.as_str(), f.value.to_string()))
            .collect();
        assert_eq!(
            kept,
            [
                ("工资福利支出", "128.34".to_string()),
                ("办公费", "23.07".to_string()),
                ("印刷费", "0".to_string()),
                ("差旅费", "30218".to_string())
            ]
        );
        assert_eq!(found.len(), 3);
        // a text layer is not touched
        let mut facts = vec![with(1, "128.34", Decimal::new(30202, 0), 7)];
        assert!(drop_shifted_cells(&[], &mut facts).is_empty());
        assert_eq!(facts.len(), 1);
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
    fn a_fact_read_by_ocr_takes_the_least_confidence_of_its_cell() {
        let word = |x: f64, confidence: u8| yjs_model::OcrWord {
            page: 7,
            bbox: BBox::new(x, 10.0, x + 8.0, 20.0),
            confidence,
        };
        let doc = Document {
            format: yjs_model::Format::Pdf,
            info: vec![],
            pages: vec![],
            damaged: vec![],
            undecoded: vec![],
            ocr: vec![7],
            ocr_words: vec![word(100.0, 91), word(110.0, 64), word(300.0, 20)],
        };
        let mut facts = vec![fact(0, "201", 7), fact(1, "202", 7), fact(2, "203", 3)];
        facts[0].bbox = Some(BBox::new(95.0, 8.0, 130.0, 22.0));
        facts[1].bbox = Some(BBox::new(150.0, 8.0, 200.0, 22.0));
        facts[2].bbox = facts[0].bbox;
        set_confidences(&doc, &mut facts);
        let got: Vec<Option<u8>> = facts.iter().map(|f| f.confidence).collect();
        assert_eq!(
            got,
            [Some(64), None, None],
            "no word in the cell, or a text layer"
        );
    }

    /// `工资津贴补贴` without its `30101`, among coded rows: left out; 合计 and a table of
    /// labels alone are kept.
    #[test]
    fn a_row_whose_code_ocr_lost_is_left_out() {
        let mut facts = vec![
            fact(0, "", 7),
            fact(1, "301", 7),
            fact(2, "", 7),
            fact(3, "30102", 7),
        ];
        facts[0].row_name = "合计".into();
        facts[2].row_name = "工资津贴补贴".into();
        let found = drop_uncoded_rows(&[7], &mut facts);
        let kept: Vec<&str> = facts.iter().map(|f| f.row_name.as_str()).collect();
        assert_eq!(kept, ["合计", "行1", "行3"]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].row, "工资津贴补贴");
        let mut labels = vec![fact(0, "", 7), fact(1, "", 7), fact(2, "201", 7)];
        assert!(drop_uncoded_rows(&[7], &mut labels).is_empty());
        let mut text_layer = vec![fact(0, "301", 3), fact(1, "", 3), fact(2, "302", 3)];
        assert!(drop_uncoded_rows(&[7], &mut text_layer).is_empty());
    }

    #[test]
    fn codes_on_pages_with_a_text_layer_are_left_to_the_sums() {
        let mut facts = vec![fact(0, "210", 3), fact(1, "2401102", 3)];
        assert!(drop_unplaced_codes(&[7], &mut facts).is_empty());
        assert_eq!(facts.len(), 2);
        assert!(drop_unplaced_codes(&[], &mut facts).is_empty());
    }
}
