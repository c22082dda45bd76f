//! `X增加的主要原因是…` / `X减少的主要原因是…`: the direction a reason sentence gives its subject
//! against the changes the text stated just before for that subject.
//!
//! Checked only where the changes are certain: every change stated for the subject in the
//! reason's paragraph and the ones before it (in the same section) points the same way, and the
//! reason names the other. A subject that names no fund or source of its own (`收入支出增加的…`)
//! is not checked.

use super::super::{Finding, RuleId};
use crate::narrative::{Measure, Para, Stated};
use rust_decimal::Decimal;

/// What introduces a reason after its subject and direction word.
const REASON_MARK: &str = "的主要原因";

/// The direction words of a change, with whether each says it rose.
const DIRECTIONS: &[(&str, bool)] = &[
    ("增加", true),
    ("增长", true),
    ("上升", true),
    ("减少", false),
    ("下降", false),
    ("降低", false),
];

/// Words at the end of a reason's subject that name which side of the money it is, not whose
/// (`财政拨款收入支出` is the 财政拨款's): the rest must name the fund or source.
const SIDES: &[&str] = &["收入支出", "收支", "收入", "支出"];

/// Paragraphs before the reason's own where its changes may be stated (a summary paragraph,
/// then the fund's, then the reason on a line of its own).
const PARAGRAPHS_BACK: usize = 3;

/// The smallest subject, in characters, that names a fund or source (`财政拨款`).
const MIN_CORE_CHARS: usize = 2;

/// A reason sentence: where it is, the fund or source it is of, and the direction it states.
struct Reason<'a> {
    para: usize,
    pos: usize,
    core: &'a str,
    rose: bool,
    word: &'static str,
    sentence: &'a str,
}

/// The reason sentences of paragraph `para` (`财政拨款收入支出减少的主要原因是项目调整`).
fn reasons(paras: &[Para], para: usize) -> Vec<Reason<'_>> {
    let text = &paras[para].text;
    let mut out = Vec::new();
    for (at, _) in text.match_indices(REASON_MARK) {
        let start = text[..at]
            .rfind(['。', '；', '！', '：'])
            .map_or(0, |i| i + '。'.len_utf8());
        let before = &text[start..at];
        let Some((word, rose)) = DIRECTIONS
            .iter()
            .find(|(w, _)| before.ends_with(*w))
            .copied()
        else {
            continue;
        };
        let subject = before[..before.len() - word.len()]
            .trim_start_matches(|c: char| !('\u{4E00}'..='\u{9FFF}').contains(&c));
        let core = SIDES
            .iter()
            .find_map(|s| subject.strip_suffix(s))
            .unwrap_or(subject);
        if core.chars().count() < MIN_CORE_CHARS {
            continue;
        }
        let end = text[at..].find('。').map_or(text.len(), |i| at + i);
        out.push(Reason {
            para,
            pos: at,
            core,
            rose,
            word,
            sentence: &text[start..end],
        });
    }
    out
}

/// The changes stated for `r`'s subject before it: a change amount or rate whose sentence's
/// amount before it is of that subject (`财政拨款支出预算…，比2024年预算减少…`).
fn changes_of<'a>(r: &Reason, paras: &[Para], stated: &'a [Stated]) -> Vec<&'a Stated> {
    let first = r.para.saturating_sub(PARAGRAPHS_BACK);
    let section = &paras[r.para].section;
    let before = |x: &Stated| {
        (first..=r.para).contains(&x.para)
            && (x.para < r.para || x.pos < r.pos)
            && paras[x.para].section == *section
    };
    let mut out = Vec::new();
    for (k, x) in stated.iter().enumerate() {
        if !before(x)
            || !matches!(x.measure, Measure::ChangeAmount | Measure::ChangePercent)
            || x.value.is_zero()
        {
            continue;
        }
        let of = stated[..k]
            .iter()
            .rev()
            .find(|a| a.para == x.para && a.sentence == x.sentence && a.measure == Measure::Amount);
        let named = of.is_some_and(|a| {
            a.subject
                .trim_start_matches("其中")
                .trim_start_matches(['：', ':'])
                .starts_with(r.core)
        });
        if named {
            out.push(x);
        }
    }
    out
}

/// Reasons that give their subject the direction its stated changes do not have.
pub(super) fn reason_direction(paras: &[Para], stated: &[Stated], out: &mut Vec<Finding>) {
    for para in 0..paras.len() {
        for r in reasons(paras, para) {
            let changes = changes_of(&r, paras, stated);
            let Some(first) = changes.first() else {
                continue;
            };
            let rose = first.value > Decimal::ZERO;
            if rose == r.rose || changes.iter().any(|x| (x.value > Decimal::ZERO) != rose) {
                continue;
            }
            let numbers = if rose { "增加" } else { "减少" };
            out.push(
                Finding::new(RuleId::NarrativeComparison)
                    .in_text(&paras[para].section, paras[para].page)
                    .compared("direction", numbers, r.word)
                    .message(format!(
                        "narrative.comparison: the text gives the reason for a {} of {}, but the change it states is a {} ({}{}): {}",
                        r.word, r.core, numbers, first.printed, first.unit, r.sentence
                    )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::narrative::stated;

    fn paras(texts: &[&str]) -> Vec<Para> {
        texts
            .iter()
            .map(|t| Para {
                section: "二、收入支出预算总体情况".into(),
                text: t.to_string(),
                page: 4,
            })
            .collect()
    }

    fn findings(texts: &[&str]) -> Vec<Finding> {
        let p = paras(texts);
        let mut out = Vec::new();
        reason_direction(&p, &stated(&p), &mut out);
        out
    }

    const CHANGES: &str = "支出预算9,101.68万元，其中：财政拨款支出预算9,101.68万元，比2024年预算减少2,389.52万元。财政拨款支出预算中，一般公共预算拨款支出预算9,101.68万元，比2024年预算减少2,389.52万元；政府性基金拨款支出预算0万元，比2024年预算持平。";

    /// 上海 budgets (2025 普陀区人民政府办公室) give the reason on a line of its own after the
    /// changes: a reason for an 增加 where the fiscal money fell is a contradiction.
    #[test]
    fn a_reason_for_a_rise_where_the_money_fell() {
        let f = findings(&[CHANGES, "财政拨款收入支出增加的主要原因是工作量增加。"]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].rule, RuleId::NarrativeComparison);
        assert_eq!(
            (f[0].expected.as_str(), f[0].found.as_str()),
            ("减少", "增加")
        );
        // as printed: the reason agrees with the numbers
        assert!(findings(&[CHANGES, "财政拨款收入支出减少的主要原因是项目调整。"]).is_empty());
        // in the same paragraph, after a colon
        let one = format!("{CHANGES}其中：财政拨款收入支出增长的主要原因是工作量增加。");
        assert_eq!(findings(&[&one]).len(), 1);
    }

    /// A reason is checked only against changes of its own fund, all pointing one way.
    #[test]
    fn no_finding_without_certain_changes() {
        // the subject names no fund of its own
        assert!(findings(&[CHANGES, "收入支出增加的主要原因是工作量增加。"]).is_empty());
        // changes of another fund only
        assert!(findings(&[
            "政府性基金拨款支出预算50.00万元，比2024年预算减少10.00万元。",
            "财政拨款收入支出增加的主要原因是工作量增加。"
        ])
        .is_empty());
        // the fund's changes point both ways
        assert!(findings(&[
            "财政拨款收入预算100.00万元，比2024年预算增加10.00万元；财政拨款支出预算90.00万元，比2024年预算减少5.00万元。",
            "财政拨款收入支出增加的主要原因是工作量增加。"
        ])
        .is_empty());
        // too far back (four paragraphs before)
        assert!(findings(&[
            CHANGES,
            "一。",
            "二。",
            "三。",
            "财政拨款收入支出增加的主要原因是工作量增加。"
        ])
        .is_empty());
    }
}
