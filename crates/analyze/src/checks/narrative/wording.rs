//! 决算数大于 / 小于 / 等于 预算数, 决算数与预算数持平: an item's comparison wording against the
//! budget and the actual amounts the text states before it, in the same item.
//!
//! The comparison is checked only where the amounts are certain: the actual is the nearest
//! amount stated as 决算, the budget the one the wording names (年初预算, 全年预算) — or, where it
//! says only 预算数, every budget amount stated, which must all point the same way. A template's
//! placeholder wording (`决算数大于（小于）预算数`) says nothing and is not checked.

use super::super::{Finding, RuleId};
use crate::narrative::{Measure, Para, Stated};
use rust_decimal::Decimal;

/// How the text says the actual compares with the budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wording {
    Above,
    Below,
    Level,
}

impl Wording {
    /// The words a report uses for it (the first is quoted in findings).
    fn words(self) -> &'static [&'static str] {
        match self {
            Wording::Above => &["大于", "高于", "超过", "多于"],
            Wording::Below => &["小于", "低于", "少于"],
            Wording::Level => &["等于", "持平", "相等", "一致"],
        }
    }

    /// The wording the amounts call for.
    fn of(actual: Decimal, budget: Decimal) -> Wording {
        match actual.cmp(&budget) {
            std::cmp::Ordering::Greater => Wording::Above,
            std::cmp::Ordering::Less => Wording::Below,
            std::cmp::Ordering::Equal => Wording::Level,
        }
    }

    /// The wording a word starting `t` states, and the word.
    fn starting(t: &str) -> Option<(Wording, &'static str)> {
        [Wording::Above, Wording::Below, Wording::Level]
            .into_iter()
            .find_map(|w| {
                w.words()
                    .iter()
                    .find(|x| t.starts_with(**x))
                    .map(|x| (w, *x))
            })
    }
}

/// Which budget a comparison names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Basis {
    /// 年初预算
    Initial,
    /// 全年预算, 调整后预算
    Full,
    /// 预算数 alone: any budget stated.
    Any,
}

/// Words naming the budget compared with, before 预算.
const BASES: &[(&str, Basis)] = &[
    ("年初", Basis::Initial),
    ("全年", Basis::Full),
    ("调整后", Basis::Full),
    ("调整", Basis::Full),
];

/// A comparison phrase in a paragraph: where it starts and ends (bytes), what it says (and the
/// word it says it with), and which budget it names.
#[derive(Debug, PartialEq)]
struct Phrase {
    pos: usize,
    end: usize,
    wording: Wording,
    word: &'static str,
    basis: Basis,
}

/// `预算` after an optional basis word at the start of `t`: the basis and the bytes read.
fn budget_named(t: &str) -> Option<(Basis, usize)> {
    let (basis, skip) = BASES
        .iter()
        .find(|(w, _)| t.starts_with(w))
        .map_or((Basis::Any, 0), |(w, b)| (*b, w.len()));
    t[skip..]
        .starts_with("预算")
        .then_some((basis, skip + "预算".len()))
}

/// The comparison phrases of paragraph text `t`: `决算[数]` then either a comparison word and
/// the budget (`小于全年预算数`), or `与` the budget and a word of level (`与年初预算数持平`).
fn phrases(t: &str) -> Vec<Phrase> {
    let mut out = Vec::new();
    for (pos, _) in t.match_indices("决算") {
        let mut at = pos + "决算".len();
        if t[at..].starts_with('数') {
            at += '数'.len_utf8();
        }
        let rest = &t[at..];
        let found = if let Some(with) = rest.strip_prefix('与') {
            budget_named(with).and_then(|(basis, n)| {
                let after = with[n..].strip_prefix('数').unwrap_or(&with[n..]);
                let (w, word) = Wording::starting(after)?;
                (w == Wording::Level).then(|| (w, word, basis, t.len() - after.len() + word.len()))
            })
        } else {
            Wording::starting(rest).and_then(|(w, word)| {
                // (a placeholder: 大于（小于）)
                let after = &rest[word.len()..];
                if after.starts_with(['（', '(']) {
                    return None;
                }
                let (basis, n) = budget_named(after)?;
                Some((w, word, basis, t.len() - after.len() + n))
            })
        };
        if let Some((wording, word, basis, end)) = found {
            out.push(Phrase {
                pos,
                end,
                wording,
                word,
                basis,
            });
        }
    }
    out
}

/// Does an amount's context name the budget `basis`?
fn names_budget(ctx: &str, basis: Basis) -> bool {
    let budget = ctx.contains("预算") && !ctx.contains("决算");
    budget
        && match basis {
            Basis::Initial => ctx.contains("年初"),
            Basis::Full => ctx.contains("全年") || ctx.contains("调整"),
            Basis::Any => true,
        }
}

/// The amount in 元 (a 万元 amount × 10,000), for comparing amounts stated in either unit.
fn in_yuan(s: &Stated) -> Option<Decimal> {
    match s.unit.as_str() {
        "元" => Some(s.value),
        "万元" => Some(s.value * Decimal::from(10_000)),
        _ => None,
    }
}

/// The budget-against-actual wording of every item of the text (see the module's description).
/// A phrase that opens its paragraph with no amount before it reads the amounts that ended the
/// paragraph before, in the same section (a layout that sets each sentence apart).
pub(super) fn budget_actual_wording(paras: &[Para], stated: &[Stated], out: &mut Vec<Finding>) {
    // (`stated` is in the order of the text: a paragraph's numbers are one slice of it)
    let amounts_in = |pi: usize, from: usize, to: usize| -> Vec<&Stated> {
        let first = stated.partition_point(|s| s.para < pi);
        let end = stated.partition_point(|s| s.para <= pi);
        stated[first..end]
            .iter()
            .filter(|s| s.measure == Measure::Amount && (from..to).contains(&s.pos))
            .collect()
    };
    // where the amounts after the last phrase of the paragraph before start
    let mut tail: Option<(usize, usize)> = None;
    for (pi, p) in paras.iter().enumerate() {
        if pi > 0 && paras[pi - 1].section != p.section {
            tail = None;
        }
        let mut item_start = 0;
        for ph in phrases(&p.text) {
            let mut amounts = amounts_in(pi, item_start, ph.pos);
            if item_start == 0 && amounts.is_empty() {
                if let Some((tp, from)) = tail.take() {
                    amounts = amounts_in(tp, from, paras[tp].text.len());
                }
            }
            item_start = ph.end;
            out.extend(check_phrase(p, &ph, &amounts));
        }
        tail = Some((pi, item_start));
    }
}

/// One comparison phrase against the item's `amounts` (in the order of the text).
fn check_phrase(p: &Para, ph: &Phrase, amounts: &[&Stated]) -> Option<Finding> {
    let actual = amounts.iter().rev().find(|s| s.ctx.contains("决算"))?;
    let budgets: Vec<&Stated> = amounts
        .iter()
        .copied()
        .filter(|s| names_budget(&s.ctx, ph.basis))
        .collect();
    let a = in_yuan(actual)?;
    let called: Vec<Wording> = budgets
        .iter()
        .map(|b| in_yuan(b).map(|v| Wording::of(a, v)))
        .collect::<Option<_>>()?;
    // every budget the wording may mean points the same way, else nothing is certain
    let expected = *called.first()?;
    if called.iter().any(|w| *w != expected) || expected == ph.wording {
        return None;
    }
    let budget = budgets.last()?;
    let end = p.text[ph.end..]
        .find('。')
        .map_or(p.text.len(), |i| ph.end + i + '。'.len_utf8());
    let sentence = &p.text[sentence_start(&p.text, ph.pos)..end];
    Some(
        Finding::new(RuleId::NarrativeComparison)
            .in_text(&p.section, p.page)
            .compared("budget_vs_actual", expected.words()[0], ph.word)
            .message(format!(
                "narrative.comparison: the text says the actual is {} the budget, but {}{}{} against {}{}{} is {}: {sentence}",
                ph.word,
                actual.ctx,
                actual.printed,
                actual.unit,
                budget.ctx,
                budget.printed,
                budget.unit,
                expected.words()[0],
            )),
    )
}

/// Where the sentence holding byte `pos` of `t` starts.
fn sentence_start(t: &str, pos: usize) -> usize {
    t[..pos].rfind('。').map_or(0, |i| i + '。'.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::narrative::stated;

    fn para(text: &str) -> Para {
        Para {
            section: "五、一般公共预算财政拨款支出决算情况说明".into(),
            text: text.into(),
            page: 7,
        }
    }

    fn findings(text: &str) -> Vec<Finding> {
        let paras = vec![para(text)];
        let st = stated(&paras);
        let mut out = Vec::new();
        budget_actual_wording(&paras, &st, &mut out);
        out
    }

    #[test]
    fn comparison_phrases_name_their_wording_and_budget() {
        let w = |t: &str| {
            phrases(t)
                .into_iter()
                .map(|p| (p.wording, p.basis))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            w("决算数小于全年预算数的主要原因"),
            [(Wording::Below, Basis::Full)]
        );
        assert_eq!(
            w("决算数大于年初预算数"),
            [(Wording::Above, Basis::Initial)]
        );
        assert_eq!(w("决算数与预算数持平。"), [(Wording::Level, Basis::Any)]);
        assert_eq!(w("决算数大于（小于）预算数的主要原因：XXXX"), []);
        assert_eq!(w("支出决算为51.32万元"), []);
    }

    #[test]
    fn a_wording_the_amounts_contradict_is_an_error() {
        let f = findings("全年预算为52.00万元，支出决算为51.32万元，完成全年预算数的98.69%。决算数大于全年预算数的主要原因：人员变动。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].rule, RuleId::NarrativeComparison);
        assert_eq!(
            (f[0].expected.as_str(), f[0].found.as_str()),
            ("小于", "大于")
        );
        assert_eq!(f[0].page, Some(7));
    }

    #[test]
    fn wording_that_fits_the_amounts_is_no_finding() {
        assert!(findings(
            "全年预算为52.00万元，支出决算为51.32万元。决算数小于全年预算数的主要原因：人员变动。"
        )
        .is_empty());
        assert!(
            findings("全年预算为202.24万元，支出决算为202.24万元。决算数与全年预算数持平。")
                .is_empty()
        );
    }

    #[test]
    fn a_bare_budget_wording_is_checked_only_where_every_budget_agrees() {
        // 年初 0, 全年 321.02: 307.82 is above one and below the other, so 预算数 is not certain
        let t = "一般公共预算财政拨款支出年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%。决算数小于预算数的主要原因：人员经费支出数小于预算数。";
        assert!(findings(t).is_empty());
        let t = "年初预算为400.00万元，全年预算为321.02万元，支出决算为307.82万元。决算数大于预算数的主要原因：追加。";
        assert_eq!(findings(t).len(), 1);
    }

    #[test]
    fn a_phrase_opening_its_paragraph_reads_the_amounts_before_it() {
        let paras = vec![
            para("3、主要用于：开办费。全年预算为202.24万元，支出决算为200.24万元。"),
            para("决算数与全年预算数持平。"),
        ];
        let st = stated(&paras);
        let mut out = Vec::new();
        budget_actual_wording(&paras, &st, &mut out);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(
            (out[0].expected.as_str(), out[0].found.as_str()),
            ("小于", "持平")
        );
    }

    #[test]
    fn each_item_is_read_against_its_own_amounts() {
        // the second item's wording fits its own amounts, not the first item's
        let t = "1、年初预算为10.00万元，支出决算为8.00万元，决算数小于年初预算数。2、年初预算为5.00万元，支出决算为6.00万元，决算数大于年初预算数。";
        assert!(findings(t).is_empty());
    }
}
