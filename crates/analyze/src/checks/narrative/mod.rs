//! Narrative numbers against each other and against the tables.
//!
//! - shares (`占 … %`) against the part and the whole they name;
//! - year-over-year changes: the stated change amount and percent must imply one previous-year
//!   value (a stated previous value too); a rate from a zero base is flagged;
//! - completion rates (决算 / 预算), and an item's 大于 / 小于 / 持平 wording against its budget
//!   and actual amounts (`wording`), and the direction a reason gives its subject
//!   (`财政拨款收入支出增加的主要原因是…`) against the changes stated for it (`reasons`);
//! - amounts of a classified item (`（即 2010350）`, `（204类）…（06款）…（99项）`,
//!   `“公共安全支出-司法-社区矫正”科目`) against the general-expenditure table; amounts of a table
//!   total (本年支出合计, 基本支出, a budget's 收入预算 / 一般公共预算拨款支出预算 …) and of the 三公 and
//!   机关运行经费 items against their tables, each in the text's unit (万元 text, 元 tables);
//! - amounts stated for a 政府性基金 / 国有资本经营 / 三公 table printed without any amount
//!   (`empty`).
//!
//! Every number is compared at its printed precision: a stated value is consistent when it lies
//! within the range the rounded inputs allow. One unit of the last digit off is a `warning`,
//! more is an `error`.

mod empty;
mod items;
mod precision;
mod rates;
mod reasons;
mod totals;
mod wording;

use super::Finding;
use crate::meta::Meta;
use crate::narrative::{Measure, Para, Stated};
use crate::reconcile::Fact;
use crate::schema::TableKey;
use empty::empty_table_amounts;
use items::table_mismatches;
use rates::{procurement_sum, share_over_total, Rates};
use reasons::reason_direction;
use totals::{subject_mismatches, three_public_mismatches};
use wording::budget_actual_wording;

/// The narrative checks (see the module's description), in the order: item and table amounts,
/// 三公 amounts, amounts of tables printed empty (`empty`: the tables printed without any
/// amount), procurement sums, then each stated rate in the order of the text.
pub fn narrative_findings(
    paras: &[Para],
    stated: &[Stated],
    facts: &[Fact],
    meta: &Meta,
    empty: &[TableKey],
) -> Vec<Finding> {
    let year = meta.year;
    let mut out = Vec::new();
    let mut corrected = table_mismatches(paras, stated, facts, &mut out);
    corrected.extend(subject_mismatches(stated, facts, meta, &mut out));
    three_public_mismatches(paras, stated, facts, &mut out);
    empty_table_amounts(stated, facts, empty, &mut out);
    procurement_sum(paras, stated, &mut out);
    budget_actual_wording(paras, stated, &mut out);
    reason_direction(paras, stated, &mut out);
    let rates = Rates {
        paras,
        stated,
        facts,
        year,
        corrected,
    };
    for (i, s) in stated.iter().enumerate() {
        let found = match s.measure {
            // a share whose clause names its part (服务采购授予中小企业合同金额占服务支出金额的
            // 98.04%): the part it implies may not exceed a stated total that contains it
            Measure::Share if !s.ctx.starts_with('占') => share_over_total(stated, i),
            Measure::Share => rates.share(i),
            Measure::Completion => rates.completion(s),
            Measure::ChangePercent => rates.change(i),
            _ => None,
        };
        out.extend(found);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::items::{class_code, code_by_names};
    use super::precision::padded;
    use super::*;
    use crate::checks::{RuleId, Severity};
    use crate::narrative::stated;
    use crate::schema::{Side, TableKey};
    use regex::Regex;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    /// A report of `year` whose kind and department nothing decides.
    fn in_year(year: i32) -> Meta {
        Meta {
            department: None,
            year: Some(year),
            kind: crate::meta::Kind::Unknown,
            scope: crate::meta::Scope::Unknown,
        }
    }

    #[test]
    fn class_codes_are_read_as_the_regular_expression_they_replace_reads_them() {
        // the pattern the scanner replaced, as the reference, with ASCII digits: table codes
        // are ASCII, so a code printed in full-width digits (（２０１类）) is no code
        let re = Regex::new(
            r"[（(]([0-9]{3})类[）)](?:[^（(]|[（(][^）)0-9]{1,4}[）)]){0,30}[（(]([0-9]{2})款[）)](?:(?:[^（(]|[（(][^）)0-9]{1,4}[）)]){0,40}[（(]([0-9]{2})项[）)])?",
        )
        .unwrap();
        assert_eq!(class_code("（２０１类）办公厅（０３款）"), None);
        let reference = |t: &str| {
            re.captures(t).map(|c| {
                let code = format!("{}{}{}", &c[1], &c[2], c.get(3).map_or("", |m| m.as_str()));
                (c.get(0).unwrap().end(), code)
            })
        };
        assert_eq!(
            class_code("一般公共服务支出（201类）政府办公厅（室）及相关机构事务（03款）行政运行（01项）支出"),
            Some((
                "一般公共服务支出（201类）政府办公厅（室）及相关机构事务（03款）行政运行（01项）"
                    .len(),
                "2010301".to_string()
            ))
        );
        let parts = [
            "（201类）",
            "(208类)",
            "（03款）",
            "(05款)",
            "（02项）",
            "(99项)",
            "政府办公厅",
            "（室）",
            "（长长长长长）",
            "（1）",
            "（a）",
            "行政运行",
            "，",
            "款",
            "项",
            "类",
            "（20类）",
            "（2010类）",
            "（03款",
            "）",
            "（",
            "(",
            "支出",
            "一二三四五六七八九十",
            "（２０１类）",
            "（0３款）",
            "xyz",
            "（其中）",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % n
        };
        let mut matched = 0;
        for _ in 0..20_000 {
            let k = 2 + next(14);
            let t: String = (0..k).map(|_| parts[next(parts.len())]).collect();
            let want = reference(&t);
            matched += usize::from(want.is_some());
            assert_eq!(class_code(&t), want, "{t}");
        }
        // the sample exercises both outcomes
        assert!(matched > 500, "{matched}");
    }

    fn run(text: &str) -> Vec<Finding> {
        run_in(text, 2024)
    }

    /// The one finding of `f`: (rule, severity, column, expected, found).
    fn only(f: &[Finding]) -> (RuleId, Severity, &str, &str, &str) {
        assert_eq!(f.len(), 1, "{f:?}");
        let x = &f[0];
        let (column, expected, found) = (&x.column, &x.expected, &x.found);
        (x.rule, x.severity, column, expected, found)
    }

    fn run_in(text: &str, year: i32) -> Vec<Finding> {
        let paras = vec![Para {
            section: "五、一般公共预算财政拨款支出决算情况说明".into(),
            text: text.chars().filter(|c| !c.is_whitespace()).collect(),
            page: 18,
        }];
        let st = stated(&paras);
        narrative_findings(&paras, &st, &[], &in_year(year), &[])
    }

    /// 长沙's 收入较去年减少…: the rate is of the sentence's own subject (收入), not of the amount
    /// that ends the sentence before (事业收入 0.00); without that subject's amount in the
    /// sentence it is not checked, while `与上年相比，…` still reads the sentence before.
    #[test]
    fn a_rate_of_its_own_subject_is_not_read_against_the_sentence_before() {
        let f = run_in(
            "2025年收入预算411.67万元，其中：一般公共预算拨款收入411.67万元，事业收入0.00万元。\
             收入较去年减少91.87万元，下降18.24%。",
            2025,
        );
        assert!(f.is_empty(), "{f:?}");
        let f = run_in(
            "2025年部门收入预算411.67万元。与上年相比，减少91.87万元，下降20.00%。",
            2025,
        );
        assert_eq!(only(&f).3, "-18.24%");
        assert_eq!(only(&f).4, "-20.00%");
    }

    #[test]
    fn consistent_narrative_has_no_findings() {
        let f = run_in("本年支出合计 307.82 万元，其中：基本支出 105.58 万元，占 34.30%；项目支出 202.24 万元，占 65.70%。\
                     2023 年度收、支总计 12175.60 万元。与上年相比，减少 4812.86 万元,减少 28.33 %。\
                     年初预算为 1302.39 万元，支出决算为 1,282.33 万元，完成年初预算的 98.46%。", 2023);
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn forced_share_zero_base_growth_and_zero_initial_budget() {
        let f = run("一般公共预算财政拨款支出 307.82 万元，主要用于以下方面：住房保障支出（类）29.42 万元，占 9.55%。\
                     收入支出总计 307.82 万元。与 2023 年度相比，收入支出总计增加 307.82 万元，增长 100.00%。\
                     年初预算为 0 万元，全年预算为 321.02 万元，支出决算为 307.82 万元，完成年初预算的 95.89%。");
        let rules: Vec<(RuleId, &str, &str)> = f
            .iter()
            .map(|x| (x.rule, x.expected.as_str(), x.found.as_str()))
            .collect();
        assert_eq!(rules[0], (RuleId::NarrativePercent, "9.56%", "9.55%"));
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(
            rules[1],
            (
                RuleId::NarrativePercentZeroBase,
                "undefined (2023 base = 0)",
                "100.00%"
            )
        );
        assert_eq!(f[2].rule, RuleId::NarrativePercent);
        assert!(
            f[2].expected.starts_with("undefined (年初预算 0"),
            "{}",
            f[2].expected
        );
        assert_eq!(f.len(), 3);
    }

    #[test]
    fn a_share_that_implies_more_than_its_total() {
        let f = run_in(
            "政府采购服务支出 8894.47 万元。授予中小企业合同金额 127.34 万元，占政府采购支出总额的 1.43%，\
             服务采购授予中小企业合同金额占服务支出金额的 98.04%。",
            2023,
        );
        let bad: Vec<_> = f.iter().filter(|x| x.found == "98.04%").collect();
        assert_eq!(bad.len(), 1, "{f:?}");
        assert!(
            bad[0].expected.starts_with("<= 1.43%"),
            "{}",
            bad[0].expected
        );
    }

    fn ge(code: &str, name: &str, value: &str) -> Fact {
        Fact {
            table: TableKey::GeneralExpenditure,
            side: None,
            row_code: code.into(),
            row_name: name.into(),
            column: "total".into(),
            value: Decimal::from_str(value).unwrap(),
            unit: "元",
            page: 11,
            bbox: None,
            confidence: None,
            row_seq: 0,
            top_level: false,
        }
    }

    #[test]
    fn an_item_named_by_its_classes_against_a_yuan_table() {
        let facts = vec![
            ge("204", "公共安全支出", "1470000.00"),
            ge("20406", "司法", "1470000.00"),
            ge("2040605", "普法宣传", "888000.00"),
            ge("2040610", "社区矫正", "582000.00"),
            ge("201", "一般公共服务支出", "20120000.00"),
            ge("20103", "政府办公厅（室）及相关机构事务", "20120000.00"),
            ge(
                "2010399",
                "其他政府办公厅（室）及相关机构事务支",
                "20120000.00",
            ),
        ];
        let texts = [
            // 58.2 万元 in the table, 59.74 in the text
            "4.“公共安全支出-司法-社区矫正”科目59.74万元，主要用于社区矫正相关工作支出。",
            // the table's 888000.00 元 is 88.8 万元: consistent
            "3.“公共安全支出-司法-普法宣传”科目88.8万元，主要用于普法宣传相关工作支出。",
            // a label cut short in the table, the full name in the text: consistent
            "4.“一般公共服务支出-政府办公厅（室）及相关机构事务-其他政府办公厅（室）及相关机构事务支出”科目2,012万元，主要用于其他支出。",
        ];
        let paras: Vec<Para> = texts
            .iter()
            .map(|t| Para {
                section: "四、部门预算编制说明".into(),
                text: t.to_string(),
                page: 6,
            })
            .collect();
        let st = stated(&paras);
        let f = narrative_findings(&paras, &st, &facts, &in_year(2025), &[]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].rule, RuleId::NarrativeTableMismatch);
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(f[0].found, "59.74");
        assert!(f[0].expected.starts_with("58.20 "), "{}", f[0].expected);
        assert_eq!(
            code_by_names("公共安全支出-司法", &facts).as_deref(),
            Some("20406")
        );
        assert_eq!(code_by_names("公共安全支出-检察-社区矫正", &facts), None);
        assert_eq!(
            code_by_names(
                "一般公共服务支出-政府办公厅（室）及相关机构事务-其他政府办公厅（室）及相关机构事务支出",
                &facts
            )
            .as_deref(),
            Some("2010399")
        );
    }

    const INCOME: Option<Side> = Some(Side::Income);
    const EXPENDITURE: Option<Side> = Some(Side::Expenditure);

    fn total(
        table: TableKey,
        side: Option<Side>,
        row: &str,
        column: &str,
        value: &str,
        unit: &'static str,
    ) -> Fact {
        Fact {
            table,
            side,
            row_code: String::new(),
            row_name: row.into(),
            column: column.into(),
            value: Decimal::from_str(value).unwrap(),
            unit,
            page: 7,
            bbox: None,
            confidence: None,
            row_seq: 0,
            top_level: false,
        }
    }

    #[test]
    fn a_total_mismatch_keeps_the_table_value_as_printed() {
        // the text gives one decimal: the finding expects the table's 1234.56, not 1234.6
        let facts = vec![total(
            TableKey::GeneralExpenditure,
            None,
            "合计",
            "total",
            "1234.56",
            "万元",
        )];
        let paras = vec![Para {
            section: "五、一般公共预算财政拨款支出决算情况说明".into(),
            text: "2024年度一般公共预算财政拨款支出1238.1万元。".into(),
            page: 7,
        }];
        let f = narrative_findings(&paras, &stated(&paras), &facts, &in_year(2024), &[]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].rule, RuleId::NarrativeTableMismatch);
        assert!(f[0].expected.starts_with("1234.56 "), "{}", f[0].expected);
        assert_eq!(f[0].found, "1238.1");
        assert!(
            f[0].message.contains("1234.6 at the text's precision"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn budget_totals_and_agency_expenses_against_the_tables() {
        let facts = vec![
            total(
                TableKey::Summary,
                INCOME,
                "收入总计",
                "amount",
                "14290400.00",
                "元",
            ),
            total(TableKey::Income, None, "合计", "total", "14290400.00", "元"),
            total(
                TableKey::GeneralExpenditure,
                None,
                "合计",
                "total",
                "14290400.00",
                "元",
            ),
            total(
                TableKey::FiscalSummary,
                EXPENDITURE,
                "支出总计",
                "general",
                "14290400.00",
                "元",
            ),
            total(
                TableKey::ThreePublic,
                None,
                "三公经费",
                "budget_agency_operating",
                "46.64",
                "万元",
            ),
        ];
        let paras = vec![
            Para {
                section: "四、部门预算编制说明".into(),
                text: "2026年，上海市徐汇区商务委员会收入预算1,429.04万元，其中：财政拨款收入1,429.04万元。\
                       财政拨款支出预算中，一般公共预算拨款支出预算1,499.45万元，比2025年预算减少256.65万元。"
                    .into(),
                page: 6,
            },
            Para {
                section: "二、机关运行经费预算".into(),
                text: "2026年上海市徐汇区商务委员会下属1家机关财政拨款的机关运行经费预算为48.64万元。".into(),
                page: 17,
            },
        ];
        let st = stated(&paras);
        let f = narrative_findings(&paras, &st, &facts, &in_year(2026), &[]);
        let got: Vec<(RuleId, &str, &str)> = f
            .iter()
            .map(|x| (x.rule, x.expected.as_str(), x.found.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    RuleId::NarrativeTableMismatch,
                    "1429.04 (general_expenditure 合计 total)",
                    "1,499.45"
                ),
                (
                    RuleId::NarrativeTableMismatch,
                    "46.64 (three_public budget_agency_operating)",
                    "48.64"
                ),
            ]
        );
    }

    #[test]
    fn yoy_rate_copied_from_another_item_and_a_stray_digit() {
        let f = run("2025年当年预算执行数为77.99万元，2026年预算安排91.97万元，比2025年预算执行数增加17.66%。\
                     2025年当年预算执行数为43269.3万元，2026年预算安排3845.49万元，比2025年预算执行数增加17.62%。");
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(
            (f[0].expected.as_str(), f[0].found.as_str()),
            ("+17.93%", "+17.66%")
        );
        assert!(f[1].expected.starts_with("3269.3"), "{}", f[1].expected);
        assert_eq!(f[1].found, "43269.3");
    }

    #[test]
    fn class_names_with_a_bracketed_word_between_the_codes() {
        let facts = vec![ge("2010302", "一般行政管理事务", "6981000.00")];
        let paras = vec![Para {
            section: "四、单位预算编制说明".into(),
            text: "2、一般公共服务支出（201类）政府办公厅（室）及相关机构事务（03款）一般行政管理事务（02项）741.74万元。".into(),
            page: 6,
        }];
        let f = narrative_findings(&paras, &stated(&paras), &facts, &in_year(2024), &[]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].rule, RuleId::NarrativeTableMismatch);
        assert_eq!(f[0].found, "741.74");
        assert!(f[0].expected.starts_with("698.10 "), "{}", f[0].expected);
    }

    #[test]
    fn a_wrong_rate_is_not_read_as_a_stray_decimal_digit() {
        // dropping the 6 of 12.62 leaves 12.2, whose rounding would allow 6.46%: the rate is wrong
        let f = run_in(
            "2022年当年预算执行数为12.62万元，2023年预算安排12.95万元，比2022年预算执行数增加6.46%。",
            2023,
        );
        let want = (
            RuleId::NarrativePercent,
            Severity::Error,
            "yoy_pct",
            "+2.61%",
            "+6.46%",
        );
        assert_eq!(only(&f), want);
    }

    #[test]
    fn a_wrong_change_carries_both_directions() {
        // the text says 增加 3.00 %, the numbers give a fall of 20 %: both signs are reported
        let f = run_in(
            "2023年“三公”经费预算数为8.00万元，比2022年预算10.00万元增加3.00%。",
            2023,
        );
        let want = (
            RuleId::NarrativePercent,
            Severity::Error,
            "yoy_pct",
            "-20.00%",
            "+3.00%",
        );
        assert_eq!(only(&f), want);
    }

    #[test]
    fn an_amount_after_a_comparison_that_is_the_change_is_a_warning_on_the_wording() {
        // 烟台市审计局's 2026 budget: 210.32 is 1.43 more than 208.89, a rise of 0.68 %; read as
        // the previous year's amount, as printed, 1.43 gives +14607.69 %: the numbers agree, the
        // sentence leaves out its 增加
        let f = run_in(
            "2026年本单位机关运行经费安排210.32万元，比上年1.43万元，增加0.68%。",
            2026,
        );
        let want = (
            RuleId::NarrativePercent,
            Severity::Warning,
            "yoy_pct",
            "+14607.69%",
            "+0.68%",
        );
        assert_eq!(only(&f), want);
        assert!(
            f[0].message.contains("leaves out its 增加"),
            "{}",
            f[0].message
        );
        // a previous amount that does not give the rate either way is a contradiction
        let f = run_in(
            "2026年本单位机关运行经费安排210.32万元，比上年1.43万元，增加5.00%。",
            2026,
        );
        assert_eq!(
            (only(&f).0, only(&f).1),
            (RuleId::NarrativePercent, Severity::Error)
        );
    }

    #[test]
    fn an_amount_printed_without_its_trailing_zeros() {
        // 2 万元 beside 0.74 万元 is 2.00: 0.74 / 1.26 is 58.73%, not 57.39%
        let f = run_in(
            "2021年“三公”经费预算数为2万元，比2020年预算增加0.74万元，增长57.39%。",
            2021,
        );
        let want = (
            RuleId::NarrativePercent,
            Severity::Error,
            "yoy_pct",
            "+58.73%",
            "+57.39%",
        );
        assert_eq!(only(&f), want);
        let f = run_in(
            "2021年“三公”经费预算数为2万元，比2020年预算增加0.74万元，增长58.73%。",
            2021,
        );
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(padded("2", 2), "2.00");
        assert_eq!(padded("12.2", 2), "12.20");
        assert_eq!(padded("0.745", 2), "0.745");
    }

    #[test]
    fn a_share_of_a_table_total_the_text_does_not_state() {
        let facts = vec![
            total(
                TableKey::Summary,
                EXPENDITURE,
                "本年支出合计",
                "amount",
                "16477.88",
                "万元",
            ),
            total(
                TableKey::Expenditure,
                None,
                "合计",
                "total",
                "16477.88",
                "万元",
            ),
        ];
        let para = |t: &str| Para {
            section: "五、一般公共预算财政拨款支出决算情况说明".into(),
            text: t.into(),
            page: 14,
        };
        let bad = [para(
            "2024年度一般公共预算财政拨款支出15612.34万元，占本年支出合计的98.26%。",
        )];
        let f = narrative_findings(&bad, &stated(&bad), &facts, &in_year(2024), &[]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].rule, RuleId::NarrativePercent);
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(
            (f[0].expected.as_str(), f[0].found.as_str()),
            ("94.75%", "98.26%")
        );
        let good = [para(
            "2024年度一般公共预算财政拨款支出15612.34万元，占本年支出合计的94.75%。",
        )];
        let f = narrative_findings(&good, &stated(&good), &facts, &in_year(2024), &[]);
        assert!(f.is_empty(), "{f:?}");
        // no table to compare with: nothing to say
        let f = narrative_findings(&bad, &stated(&bad), &[], &in_year(2024), &[]);
        assert!(f.is_empty(), "{f:?}");
    }

    /// A budget states its tables' figures as `本单位基本支出预算数…` under `四、一般公共预算拨款支出`,
    /// the 三公 under `六、其他重要事项的情况说明`, and the change of its income in a sentence of its
    /// own after the amount (长沙's budgets; faults the generator injects there were missed).
    #[test]
    fn a_budgets_own_figures_under_any_heading() {
        use TableKey::{Expenditure, GeneralExpenditure, ThreePublic};
        let facts = vec![
            total(GeneralExpenditure, None, "合计", "total", "1913.96", "万元"),
            total(GeneralExpenditure, None, "合计", "basic", "1860.13", "万元"),
            total(Expenditure, None, "合计", "basic", "1900.00", "万元"),
            total(
                ThreePublic,
                None,
                "三公经费",
                "budget_total",
                "17.81",
                "万元",
            ),
            total(
                TableKey::FiscalSummary,
                Some(Side::Income),
                "一般公共预算拨款收入",
                "amount",
                "3000.00",
                "万元",
            ),
        ];
        let para = |section: &str, t: &str| Para {
            section: section.into(),
            text: t.into(),
            page: 5,
        };
        let texts = |source: &str, general: &str, basic: &str, three: &str, pct: &str| {
            vec![
                para("三、部门收支总体情况", &format!("（一）收入预算：2023年本单位收入预算3275.97万元，其中，一般公共预算拨款{source}万元。收入较去年减少682.08万元，下降{pct}%。主要是压减一般性支出等原因。")),
                para("四、一般公共预算拨款支出", &format!("2023年本单位一般公共预算拨款支出{general}万元，其中：一般公共服务支出1613.33万元。")),
                para("四、一般公共预算拨款支出", &format!("（一）基本支出：2023年本单位基本支出预算数{basic}万元，主要是为保障部门正常运转。")),
                para("六、其他重要事项的情况说明", &format!("（二）“三公”经费预算：2023年长沙市雨花区财政局“三公”经费预算数为{three}万元，其中，公务接待费16.69万元。")),
            ]
        };
        let budget = Meta {
            department: Some("长沙市雨花区财政局".into()),
            year: Some(2023),
            kind: crate::meta::Kind::Budget,
            scope: crate::meta::Scope::Department,
        };
        let bad = texts("3000.50", "1817.37", "1832.85", "18.26", "10.55");
        let f = narrative_findings(&bad, &stated(&bad), &facts, &budget, &[]);
        let got: Vec<(RuleId, &str, &str)> = f
            .iter()
            .map(|x| (x.rule, x.expected.as_str(), x.found.as_str()))
            .collect();
        assert!(
            got.contains(&(RuleId::NarrativePercent, "-17.23%", "-10.55%")),
            "{got:?}"
        );
        for (expected, found) in [
            ("1913.96 (general_expenditure 合计 total)", "1817.37"),
            ("1860.13 (general_expenditure 合计 basic)", "1832.85"),
            ("17.81 (three_public budget_total)", "18.26"),
            (
                "3000.00 (fiscal_summary 一般公共预算拨款收入 amount)",
                "3000.50",
            ),
        ] {
            assert!(
                got.contains(&(RuleId::NarrativeTableMismatch, expected, found)),
                "{expected} {found}: {got:?}"
            );
        }
        let good = texts("3000.00", "1913.96", "1860.13", "17.81", "17.23");
        let f = narrative_findings(&good, &stated(&good), &facts, &budget, &[]);
        assert!(f.is_empty(), "{f:?}");
        // in a 决算 a 预算数 is the budget's, which its tables do not print
        let fin = Meta {
            kind: crate::meta::Kind::Final,
            ..budget
        };
        let f = narrative_findings(&bad[2..3], &stated(&bad[2..3]), &facts, &fin, &[]);
        assert!(f.is_empty(), "{f:?}");
    }
}
