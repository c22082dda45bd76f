//! Rates in the text — shares, completion rates, year-over-year changes — against the amounts
//! they are computed from, and the procurement sums.

use super::precision::{
    abs_range, change_range, decimals, half_unit, padded, ratio_range, round, sentence_scale,
    units_off,
};
use super::totals::{cells_of, in_unit, other_fund_section};
use crate::checks::{Finding, RuleId, Severity};
use crate::narrative::{Measure, Para, Stated};
use crate::reconcile::Fact;
use rust_decimal::Decimal;
use std::str::FromStr;

/// A stated percent outside `[lo, hi]`; `point` is the percent the printed figures give (shown as
/// the expected value: the figures as printed, not the middle of the range their rounding allows).
fn pct_finding(
    s: &Stated,
    column: &str,
    (lo, hi): (Decimal, Decimal),
    point: Decimal,
    what: &str,
) -> Option<Finding> {
    let (alo, ahi) = abs_range(lo, hi);
    let off = units_off(s.value.abs(), &s.printed, alo, ahi);
    if off.is_zero() {
        return None;
    }
    let mid = round(point, &s.printed);
    let severity = if off <= Decimal::ONE {
        Severity::Warning
    } else {
        Severity::Error
    };
    // a change carries its direction on both sides (+3.00% stated, −20.00% computed)
    let (expected, found) = if s.measure == Measure::ChangePercent {
        (signed_pct(mid), signed_pct(s.value))
    } else {
        (format!("{}%", mid.abs()), format!("{}%", s.printed))
    };
    Some(
        Finding::new(RuleId::NarrativePercent)
            .severity(severity)
            .in_text(&s.section, s.page)
            .compared(column, expected.clone(), found.clone())
            .message(format!(
                "narrative.percent: {what} gives {expected}, the text says {found}: {}",
                s.sentence
            )),
    )
}

/// A change in percent with its sign: `+3.00%`, `-20.00%` (zero unsigned).
fn signed_pct(v: Decimal) -> String {
    if v > Decimal::ZERO {
        format!("+{v}%")
    } else {
        format!("{v}%")
    }
}

/// The amounts of one paragraph before position `pos`, most recent first.
fn amounts_before<'a>(stated: &'a [Stated], s: &Stated) -> impl Iterator<Item = &'a Stated> + 'a {
    let (para, pos) = (s.para, s.pos);
    stated
        .iter()
        .filter(move |x| {
            x.para == para && x.pos < pos && x.measure == Measure::Amount && x.unit.ends_with('元')
        })
        .rev()
}

/// What the rate checks read: the text, its numbers, the tables' facts, the report's year, and
/// the amounts the tables corrected (paragraph, position, table value).
pub(super) struct Rates<'a> {
    pub(super) paras: &'a [Para],
    pub(super) stated: &'a [Stated],
    pub(super) facts: &'a [Fact],
    pub(super) year: Option<i32>,
    pub(super) corrected: Vec<(usize, usize, Decimal)>,
}

impl Rates<'_> {
    /// A stated amount's value and printed form, the table's where the table corrected it.
    fn value_of(&self, x: &Stated) -> (Decimal, String) {
        self.corrected
            .iter()
            .find(|(p, pos, _)| *p == x.para && *pos == x.pos)
            .map(|(_, _, v)| (*v, v.to_string()))
            .unwrap_or((x.value, x.printed.clone()))
    }

    /// A share (`占 … %`) against its part (the amount right before it in the same sentence)
    /// and its whole: a finding only when no whole it may mean gives the stated share.
    pub(super) fn share(&self, i: usize) -> Option<Finding> {
        let s = &self.stated[i];
        let part = amounts_before(self.stated, s)
            .next()
            .filter(|a| a.sentence == s.sentence)?;
        let bases = self.wholes(i, part)?;
        let (pv, pp) = self.value_of(part);
        let mut first = None;
        let mut consistent = false;
        for (bv, bp, src) in bases.iter().filter(|b| !b.0.is_zero()) {
            let Some(range) = ratio_range(pv, &pp, *bv, bp) else {
                consistent = true;
                continue;
            };
            let point = pv / *bv * Decimal::from(100);
            match pct_finding(s, "share_pct", range, point, &format!("{pv} / {bv}{src}")) {
                Some(f) => first = first.or(Some(f)),
                None => consistent = true,
            }
        }
        first.filter(|_| !consistent)
    }

    /// The wholes share `i` may be of, with where each comes from: the amount it names (or the
    /// paragraph's total), else the table cells it names (占本年支出合计的…, a whole the text
    /// does not state).
    fn wholes(&self, i: usize, part: &Stated) -> Option<Vec<(Decimal, String, String)>> {
        let s = &self.stated[i];
        let key = s.share_of.trim_end_matches("金额").trim_end_matches("的");
        let base = if s.share_of.is_empty() {
            // the paragraph's total, when it introduces a breakdown (其中 / 主要用于)
            self.stated
                .iter()
                .find(|x| {
                    x.para == s.para && x.measure == Measure::Amount && x.unit.ends_with('元')
                })
                .filter(|x| {
                    let after = &self.paras[x.para].text[x.pos..];
                    let head: String = after.chars().take(20).collect();
                    head.contains("其中") || head.contains("主要用于")
                })
                .filter(|x| x.pos < part.pos)
        } else {
            self.stated[..i]
                .iter()
                .rev()
                .filter(|x| x.measure == Measure::Amount && x.unit.ends_with('元'))
                .find(|x| !key.is_empty() && (x.subject.ends_with(key) || x.subject == s.share_of))
        };
        match base {
            Some(b) => {
                let (v, p) = self.value_of(b);
                Some(vec![(v, p, String::new())])
            }
            None if !s.share_of.is_empty() && !other_fund_section(&s.section) => Some(
                cells_of(key, self.facts)
                    .into_iter()
                    .map(|f| {
                        let (v, p) = in_unit(f, &part.unit);
                        (
                            v,
                            p,
                            format!(" (`{}` {} {})", f.table, f.row_name, f.column),
                        )
                    })
                    .collect(),
            ),
            None => None,
        }
    }

    /// A completion rate (决算 / 预算) against the budget and the actual amount stated before
    /// it: the initial budget (年初) when the rate says so, else the adjusted one.
    pub(super) fn completion(&self, s: &Stated) -> Option<Finding> {
        let wants_initial = s.ctx.contains("年初");
        let budgets: Vec<&Stated> = amounts_before(self.stated, s)
            .filter(|a| a.ctx.contains("预算") && !a.ctx.contains("决算"))
            .collect();
        let budget = if wants_initial {
            budgets.iter().find(|a| a.ctx.contains("年初"))
        } else {
            budgets
                .iter()
                .find(|a| !a.ctx.contains("年初"))
                .or(budgets.first())
        };
        let actual = amounts_before(self.stated, s).find(|a| a.ctx.contains("决算"));
        let (b, a) = (budget?, actual?);
        let (av, ap) = self.value_of(a);
        let (bv, bp) = self.value_of(b);
        if bv.is_zero() {
            return Some(zero_budget(s, wants_initial, &budgets, (av, &ap)));
        }
        let range = ratio_range(av, &ap, bv, &bp)?;
        let point = av / bv * Decimal::from(100);
        pct_finding(s, "completion_pct", range, point, &format!("{av} / {bv}"))
    }

    /// A year-over-year rate against the current amount and the previous one (stated, or
    /// implied by a stated change); a rate from a zero base, and 增加 / 减少 wording against
    /// the numbers.
    pub(super) fn change(&self, i: usize) -> Option<Finding> {
        let (stated, s, year) = (self.stated, &self.stated[i], self.year);
        // current value, change amount and previous value stated in the paragraph
        // the current value in the rate's sentence; else, where the sentence names no subject
        // of its own (`…总计 X 万元。与上年相比，…`), the amount of the sentence before — a
        // sentence that names one (`收入较去年减少…`) is not read against another's amount
        let in_sentence =
            amounts_before(stated, s).find(|a| !is_previous(a, year) && a.sentence == s.sentence);
        let cur = match (in_sentence, own_subject(&s.sentence)) {
            (Some(a), _) => a,
            (None, None) => stated[..i].iter().rev().find(|x| {
                x.para == s.para && x.measure == Measure::Amount && !is_previous(x, year)
            })?,
            (None, Some(subject)) => amount_of(stated, i, subject, year)?,
        };
        let change = stated[..i]
            .iter()
            .rev()
            .take_while(|x| x.para == s.para)
            .find(|x| x.measure == Measure::ChangeAmount && x.sentence == s.sentence);
        let prev_stated =
            amounts_before(stated, s).find(|a| is_previous(a, year) && a.sentence == s.sentence);
        let (cv, cp) = self.value_of(cur);
        let cp = if cur.sentence == s.sentence {
            padded(&cp, sentence_scale(stated, s, &cur.unit))
        } else {
            cp
        };
        let prev = match previous_value(stated, s, prev_stated, change, (cv, &cp)) {
            Previous::Value(v, p) => (v, p),
            Previous::Contradicted(f) => return Some(f),
            Previous::Unknown => return None,
        };
        if prev.0.is_zero() {
            let py = year
                .map(|y| (y - 1).to_string())
                .unwrap_or_else(|| "previous-year".into());
            return Some(
                Finding::new(RuleId::NarrativePercentZeroBase)
                    .in_text(&s.section, s.page)
                    .compared("growth_pct", format!("undefined ({py} base = 0)"), format!("{}%", s.printed))
                    .message(format!("narrative.percent_zero_base: the change is from a base of 0, a rate of {}% is undefined: {}", s.printed, s.sentence)),
            );
        }
        let found = change_finding(s, (cv, &cp), (prev.0, &prev.1), prev_stated)?;
        // (`比上年1.43万元，增加0.68%`: an amount after 比上年 with no change word before it
        // may be the change, its 增加 left out; where the rate holds so, the numbers agree and
        // the wording is what is wrong: a warning that says so)
        let as_change = prev_stated.filter(|_| change.is_none()).and_then(|p| {
            let pv = if s.value.is_sign_negative() {
                cv + p.value
            } else {
                cv - p.value
            };
            let pp = padded(&pv.to_string(), decimals(&cp).max(decimals(&p.printed)));
            let holds =
                pv > Decimal::ZERO && change_finding(s, (cv, &cp), (pv, &pp), None).is_none();
            holds.then_some((p, pp))
        });
        Some(match as_change {
            Some((p, pp)) => {
                let message = format!(
                    "narrative.percent: {cv} against {} as the previous year gives {}, the text says {}; as the change ({cv} over {pp}) it gives the rate stated: the sentence leaves out its 增加 / 减少: {}",
                    p.printed, found.expected, found.found, s.sentence
                );
                found.severity(Severity::Warning).message(message)
            }
            None => found,
        })
    }
}

/// A completion rate of a zero budget: undefined (`info` when the text says 0 %, else an
/// error), with the completion of another budget the text states, which the writer may have
/// meant.
fn zero_budget(
    s: &Stated,
    wants_initial: bool,
    budgets: &[&Stated],
    (av, ap): (Decimal, &str),
) -> Finding {
    let which = if wants_initial {
        "年初预算"
    } else {
        "预算"
    };
    let other = budgets.iter().find(|x| !x.value.is_zero());
    let (severity, id) = if s.value.is_zero() {
        (Severity::Info, RuleId::NarrativePercentZeroBase)
    } else {
        (Severity::Error, RuleId::NarrativePercent)
    };
    let note = other
        .and_then(|o| {
            ratio_range(av, ap, o.value, &o.printed)
                .map(|(lo, hi)| (o, round((lo + hi) / Decimal::from(2), &s.printed)))
        })
        .map(|(o, r)| {
            format!(
                "; {av}/{} = {r}% is the completion of {}",
                o.printed, o.subject
            )
        })
        .unwrap_or_default();
    Finding::new(id)
        .severity(severity)
        .in_text(&s.section, s.page)
        .compared(
            "completion_pct",
            format!("undefined ({which} 0, 决算 {ap}){note}"),
            format!("{}%", s.printed),
        )
        .message(format!(
            "{id}: completion of a zero {which} is undefined, the text says {}%: {}",
            s.printed, s.sentence
        ))
}

/// Words that start a comparison with the year before (`较去年`, `比上年`, `同比`); `与…相比`
/// starts at its `与`.
const COMPARISON_WORDS: &[&str] = &["较", "比", "同比"];

/// What `sentence` compares when it names it before its comparison words (`收入` of
/// `收入较去年减少…`), rather than refer to the sentence before (`与2023年度相比，…`,
/// `其中：比上年…`).
fn own_subject(sentence: &str) -> Option<&str> {
    let mut at = COMPARISON_WORDS
        .iter()
        .filter_map(|w| sentence.find(w))
        .min()?;
    if let Some(with) = sentence[..at]
        .rfind('与')
        .filter(|_| sentence[at..].starts_with("比"))
    {
        at = with;
    }
    let subject = sentence[..at]
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_start_matches("其中");
    subject
        .chars()
        .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
        .then_some(subject)
}

/// Words after a subject that name its total (`收入预算` of `收入较去年…`).
const TOTAL_OF_SUBJECT: &[&str] = &["", "预算", "合计", "总计"];

/// Words before a subject that say whose it is (`本单位收入预算`).
const SUBJECT_HOLDERS: &[&str] = &["本单位", "本部门"];

/// The amount of `subject` stated earlier in the rate's paragraph (`本单位收入预算3275.97万元` for
/// `收入较去年减少…`): the one amount whose subject, without whose it is, is `subject` or its
/// total; none when several are.
fn amount_of<'a>(
    stated: &'a [Stated],
    i: usize,
    subject: &str,
    year: Option<i32>,
) -> Option<&'a Stated> {
    let s = &stated[i];
    let names = |x: &Stated| {
        let own = SUBJECT_HOLDERS
            .iter()
            .find_map(|h| x.subject.strip_prefix(h))
            .unwrap_or(&x.subject);
        own.strip_prefix(subject)
            .is_some_and(|rest| TOTAL_OF_SUBJECT.contains(&rest))
    };
    let mut found = stated[..i].iter().filter(|x| {
        x.para == s.para
            && x.measure == Measure::Amount
            && x.unit.ends_with('元')
            && !is_previous(x, year)
            && names(x)
    });
    let first = found.next()?;
    found.all(|x| x.value == first.value).then_some(first)
}

/// The previous-year value a rate is computed from.
enum Previous {
    /// The value and its printed form.
    Value(Decimal, String),
    /// The stated previous value and the stated change disagree: this finding says so.
    Contradicted(Finding),
    /// The text states neither.
    Unknown,
}

/// The previous-year value of rate `s`: the stated one (which must agree with a stated change),
/// or the current value less the change.
fn previous_value(
    stated: &[Stated],
    s: &Stated,
    prev_stated: Option<&Stated>,
    change: Option<&Stated>,
    (cv, cp): (Decimal, &str),
) -> Previous {
    match (prev_stated, change) {
        (Some(p), Some(d)) => {
            // both stated: they must agree
            let implied = cv - d.value;
            if (implied - p.value).abs()
                > half_unit(&p.printed) + half_unit(&d.printed) + half_unit(cp)
            {
                return Previous::Contradicted(
                    Finding::new(RuleId::NarrativePercent)
                        .in_text(&p.section, p.page)
                        .compared("previous_year", implied.to_string(), p.printed.clone())
                        .message(format!("narrative.percent: {cv} − change {} implies a previous value of {implied}, the text says {}: {}", d.value, p.printed, p.sentence)),
                );
            }
            Previous::Value(
                p.value,
                padded(&p.printed, sentence_scale(stated, s, &p.unit)),
            )
        }
        (Some(p), None) => Previous::Value(
            p.value,
            padded(&p.printed, sentence_scale(stated, s, &p.unit)),
        ),
        (None, Some(d)) => {
            let v = cv - d.value;
            let scale = cp
                .split('.')
                .nth(1)
                .map_or(0, |f| f.len())
                .max(d.printed.split('.').nth(1).map_or(0, |f| f.len()));
            let mut vs = v;
            vs.rescale(scale as u32);
            Previous::Value(v, vs.to_string())
        }
        (None, None) => Previous::Unknown,
    }
}

/// Rate `s` against current value `cv` and previous value `pv`: a wrong rate (a stray digit in
/// the stated previous value where that explains it), or else a wrong direction word.
fn change_finding(
    s: &Stated,
    (cv, cp): (Decimal, &str),
    (pv, pp): (Decimal, &str),
    prev_stated: Option<&Stated>,
) -> Option<Finding> {
    let (lo, hi) = change_range(cv, cp, pv, pp)?;
    let signed_ok = (s.value >= Decimal::ZERO) == (hi >= Decimal::ZERO)
        || (lo <= Decimal::ZERO && hi >= Decimal::ZERO);
    let point = (cv / pv - Decimal::ONE) * Decimal::from(100);
    if let Some(f) = pct_finding(s, "yoy_pct", (lo, hi), point, &format!("{cv} against {pp}")) {
        let fix = prev_stated.and_then(|p| stray_digit(&p.printed, cv, cp, s).map(|fix| (p, fix)));
        return Some(match fix {
            Some((p, fix)) => Finding::new(RuleId::NarrativePercent)
                .in_text(&s.section, s.page)
                .compared("previous_year", format!("{fix} (implied by {}%)", s.printed), p.printed.clone())
                .message(format!("narrative.percent: {cv} against {} is not a change of {}%; {fix} (a stray digit) is: {}", p.printed, s.printed, s.sentence)),
            None => f,
        });
    }
    (!signed_ok).then(|| {
        Finding::new(RuleId::NarrativeComparison)
            .in_text(&s.section, s.page)
            .compared(
                "direction",
                if hi < Decimal::ZERO {
                    "减少"
                } else {
                    "增加"
                },
                s.ctx.clone(),
            )
            .message(format!(
                "narrative.comparison: the direction of the change contradicts the numbers: {}",
                s.sentence
            ))
    })
}

/// Government procurement: what SMEs won in projects reserved for them plus what they won in other
/// projects cannot exceed the total procured.
pub(super) fn procurement_sum(paras: &[Para], stated: &[Stated], out: &mut Vec<Finding>) {
    let clause = |x: &Stated| -> &str {
        let t = &paras[x.para].text;
        let s0 = t[..x.pos]
            .rfind(['；', '。'])
            .map_or(0, |i| i + '。'.len_utf8());
        &t[s0..x.pos]
    };
    let money: Vec<&Stated> = stated
        .iter()
        .filter(|x| x.measure == Measure::Amount && x.unit == "万元" && x.section.contains("采购"))
        .collect();
    let Some(total) = money
        .iter()
        .find(|x| x.subject.contains("政府采购金额") || x.subject.contains("政府采购支出总额"))
    else {
        return;
    };
    let won = |x: &&&Stated| clause(x).contains("中小企业") && clause(x).contains("中标");
    let reserved = money
        .iter()
        .filter(won)
        .find(|x| clause(x).contains("预留") && clause(x).contains("面向中小企业"));
    let other = money
        .iter()
        .filter(won)
        .find(|x| clause(x).contains("其他政府采购项目"));
    let (Some(r), Some(o)) = (reserved, other) else {
        return;
    };
    let slack = half_unit(&total.printed) + half_unit(&r.printed) + half_unit(&o.printed);
    if r.value + o.value <= total.value + slack {
        return;
    }
    let room = (total.value - r.value).max(Decimal::ZERO);
    out.push(
        Finding::new(RuleId::NarrativeSum)
            .in_text(&o.section, o.page)
            .compared("sme_amount_other_projects", format!("<= {room} (total {} minus {} in reserved projects)", total.printed, r.printed), o.printed.clone())
            .message(format!(
            "narrative.sum: SMEs won {} in reserved projects and {} in other projects, {} in all, more than the {} procured: {}",
            r.printed,
            o.printed,
            r.value + o.value,
            total.printed,
            o.sentence
        )));
}

/// `X…占Y的p%` where X is a part of a stated total T (X's name ends with T's subject): p % of Y
/// must not exceed T.
pub(super) fn share_over_total(stated: &[Stated], i: usize) -> Option<Finding> {
    let s = &stated[i];
    let part_name = s.ctx.split('占').next()?.to_string();
    let base_name = s.share_of.trim_end_matches("金额").trim_end_matches('的');
    if part_name.is_empty() || base_name.is_empty() {
        return None;
    }
    let money = |x: &&Stated| x.measure == Measure::Amount && x.unit.ends_with('元');
    let base = stated[..i]
        .iter()
        .rev()
        .filter(money)
        .find(|x| x.subject.ends_with(base_name))?;
    let total = stated[..i].iter().rev().filter(money).find(|x| {
        x.subject.len() >= 6 && x.subject != part_name && part_name.ends_with(x.subject.as_str())
    })?;
    if base.value.is_zero() {
        return None;
    }
    let implied = s.value * base.value / Decimal::from(100);
    let slack = half_unit(&total.printed) + half_unit(&s.printed) * base.value / Decimal::from(100);
    if implied <= total.value + slack {
        // possible, but the figure is exactly Y / T: the share of Y in the total, not of X in Y
        let (lo, hi) = ratio_range(base.value, &base.printed, total.value, &total.printed)?;
        if !units_off(s.value, &s.printed, lo, hi).is_zero() {
            return None;
        }
        return Some(
            Finding::new(RuleId::NarrativePercent)
                .severity(Severity::Warning)
                .in_text(&s.section, s.page)
                .compared("share_pct", format!("a share of {} ({}); {}% is {}/{}", base.subject, base.printed, s.printed, base.printed, total.printed), format!("{}%", s.printed))
                .message(format!(
                "narrative.percent: {}% is {} ({}) as a share of {} ({}), not the share of {} the sentence names: {}",
                s.printed, base.subject, base.printed, total.subject, total.printed, part_name, s.sentence
            )));
    }
    let bound = round(total.value / base.value * Decimal::from(100), &s.printed);
    Some(
        Finding::new(RuleId::NarrativePercent)
            .in_text(&s.section, s.page)
            .compared(
                "share_pct",
                format!("<= {bound}% ({}/{})", total.printed, base.printed),
                format!("{}%", s.printed),
            )
            .message(format!(
                "narrative.percent: {}% of {} ({}) is {}, more than the {} of {} it is part of: {}",
                s.printed,
                base.subject,
                base.printed,
                implied.round_dp(2),
                total.subject,
                total.printed,
                s.sentence
            )),
    )
}

/// A previous value with one extra digit (a typo): the value without it, if that fits the rate.
/// The value without the digit keeps the precision of the sentence (a digit dropped from the
/// decimals of `12.62` beside `12.95` leaves `12.2`, whose coarser rounding fits many rates: not a
/// typo but a wrong rate).
fn stray_digit(printed: &str, cur: Decimal, cp: &str, s: &Stated) -> Option<String> {
    let keep = decimals(printed).min(decimals(cp));
    let chars: Vec<char> = printed.chars().collect();
    for k in 0..chars.len() {
        if !chars[k].is_ascii_digit() {
            continue;
        }
        let cand: String = chars
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != k)
            .map(|(_, c)| *c)
            .collect();
        let Ok(v) = Decimal::from_str(&cand) else {
            continue;
        };
        if v.is_zero() || cand.starts_with('0') && !cand.starts_with("0.") || decimals(&cand) < keep
        {
            continue;
        }
        if let Some((lo, hi)) = change_range(cur, cp, v, &cand) {
            let (alo, ahi) = abs_range(lo, hi);
            if units_off(s.value.abs(), &s.printed, alo, ahi).is_zero() {
                return Some(cand);
            }
        }
    }
    None
}

/// An amount of the previous year (上年, 执行数, or the year before the report's).
fn is_previous(a: &Stated, year: Option<i32>) -> bool {
    a.ctx.contains("上年")
        || a.ctx.contains("执行数")
        || year.is_some_and(|y| a.ctx.contains(&format!("{}年", y - 1)))
}
