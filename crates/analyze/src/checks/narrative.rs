//! Narrative numbers against each other and against the tables.
//!
//! - shares (`占 … %`) against the part and the whole they name;
//! - year-over-year changes: the stated change amount and percent must imply one previous-year
//!   value (a stated previous value too); a rate from a zero base is flagged;
//! - completion rates (决算 / 预算) and the 大于 / 小于 / 持平 wording;
//! - amounts of a classified item (`（即 2010350）`, `（204类）…（06款）…（99项）`,
//!   `“公共安全支出-司法-社区矫正”科目`) against the general-expenditure table; amounts of a table
//!   total (本年支出合计, 基本支出, a budget's 收入预算 / 一般公共预算拨款支出预算 …) and of the 三公 and
//!   机关运行经费 items against their tables, each in the text's unit (万元 text, 元 tables).
//!
//! Every number is compared at its printed precision: a stated value is consistent when it lies
//! within the range the rounded inputs allow. One unit of the last digit off is a `warning`,
//! more is an `error`.

use super::{Finding, RuleId, Severity};
use crate::narrative::{Measure, Para, Stated};
use crate::pattern::Counted;
use crate::reconcile::Fact;
use crate::schema::{self, Side, TableKey};
use regex::Regex;
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::OnceLock;

fn half_unit(printed: &str) -> Decimal {
    let scale = printed.split('.').nth(1).map_or(0, |f| f.len() as u32);
    Decimal::new(5, scale + 1)
}

fn round(v: Decimal, printed: &str) -> Decimal {
    let scale = printed.split('.').nth(1).map_or(0, |f| f.len() as u32);
    v.round_dp_with_strategy(scale, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// Range of `a / b × 100` when both were rounded to their printed precision.
fn ratio_range(a: Decimal, ap: &str, b: Decimal, bp: &str) -> Option<(Decimal, Decimal)> {
    let (da, db) = (half_unit(ap), half_unit(bp));
    let (b_lo, b_hi) = (b - db, b + db);
    if b_lo <= Decimal::ZERO {
        return None;
    }
    let hundred = Decimal::from(100);
    let (a_lo, a_hi) = (a - da, a + da);
    let c = [a_lo / b_lo, a_lo / b_hi, a_hi / b_lo, a_hi / b_hi];
    let lo = c.iter().copied().fold(Decimal::MAX, Decimal::min) * hundred;
    let hi = c.iter().copied().fold(Decimal::MIN, Decimal::max) * hundred;
    Some((lo, hi))
}

/// How many units of the last digit a stated value lies outside `[lo, hi]` (0 = consistent).
fn units_off(stated: Decimal, printed: &str, lo: Decimal, hi: Decimal) -> Decimal {
    let h = half_unit(printed);
    let unit = h * Decimal::from(2);
    if stated + h >= lo && stated - h <= hi {
        return Decimal::ZERO;
    }
    let gap = if stated < lo {
        lo - stated
    } else {
        stated - hi
    };
    (gap / unit).ceil()
}

/// `[lo, hi]` in absolute values (a range across zero starts at zero).
fn abs_range(lo: Decimal, hi: Decimal) -> (Decimal, Decimal) {
    if lo <= Decimal::ZERO && hi >= Decimal::ZERO {
        (Decimal::ZERO, lo.abs().max(hi.abs()))
    } else {
        (lo.abs().min(hi.abs()), lo.abs().max(hi.abs()))
    }
}

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
    Some(
        Finding::new(RuleId::NarrativePercent)
            .severity(severity)
            .in_text(&s.section, s.page)
            .compared(column, format!("{}%", mid.abs()), format!("{}%", s.printed))
            .message(format!(
                "narrative.percent: {what} gives {}%, the text says {}%: {}",
                mid.abs(),
                s.printed,
                s.sentence
            )),
    )
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

pub fn narrative_findings(
    paras: &[Para],
    stated: &[Stated],
    facts: &[Fact],
    year: Option<i32>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut corrected = table_mismatches(paras, stated, facts, &mut out);
    corrected.extend(subject_mismatches(stated, facts, &mut out));
    three_public_mismatches(paras, stated, facts, &mut out);
    procurement_sum(paras, stated, &mut out);
    let value_of = |x: &Stated| -> (Decimal, String) {
        corrected
            .iter()
            .find(|(p, pos, _)| *p == x.para && *pos == x.pos)
            .map(|(_, _, v)| (*v, v.to_string()))
            .unwrap_or((x.value, x.printed.clone()))
    };
    for (i, s) in stated.iter().enumerate() {
        match s.measure {
            // a share whose clause names its part (服务采购授予中小企业合同金额占服务支出金额的
            // 98.04%): the part it implies may not exceed a stated total that contains it
            Measure::Share if !s.ctx.starts_with('占') => {
                if let Some(f) = share_over_total(stated, i) {
                    out.push(f);
                }
            }
            Measure::Share => {
                // the part: the amount right before it in the same sentence
                let Some(part) = amounts_before(stated, s)
                    .next()
                    .filter(|a| a.sentence == s.sentence)
                else {
                    continue;
                };
                let base = if s.share_of.is_empty() {
                    // the paragraph's total, when it introduces a breakdown (其中 / 主要用于)
                    stated
                        .iter()
                        .find(|x| {
                            x.para == s.para
                                && x.measure == Measure::Amount
                                && x.unit.ends_with('元')
                        })
                        .filter(|x| {
                            let after = &paras[x.para].text[x.pos..];
                            let head: String = after.chars().take(20).collect();
                            head.contains("其中") || head.contains("主要用于")
                        })
                        .filter(|x| x.pos < part.pos)
                } else {
                    let key = s.share_of.trim_end_matches("金额").trim_end_matches("的");
                    stated[..i]
                        .iter()
                        .rev()
                        .filter(|x| x.measure == Measure::Amount && x.unit.ends_with('元'))
                        .find(|x| {
                            !key.is_empty() && (x.subject.ends_with(key) || x.subject == s.share_of)
                        })
                };
                // a whole the text does not state (占本年支出合计的…): the table cells it names
                let bases: Vec<(Decimal, String, String)> = match base {
                    Some(b) => {
                        let (v, p) = value_of(b);
                        vec![(v, p, String::new())]
                    }
                    None if !s.share_of.is_empty() && !other_fund_section(&s.section) => {
                        let key = s.share_of.trim_end_matches("金额").trim_end_matches("的");
                        cells_of(key, facts)
                            .into_iter()
                            .map(|f| {
                                let (v, p) = in_unit(f, &part.unit);
                                (
                                    v,
                                    p,
                                    format!(" (`{}` {} {})", f.table, f.row_name, f.column),
                                )
                            })
                            .collect()
                    }
                    None => continue,
                };
                let (pv, pp) = value_of(part);
                // a finding only when no whole it may mean gives the stated share
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
                if let (Some(f), false) = (first, consistent) {
                    out.push(f);
                }
            }
            Measure::Completion => {
                let wants_initial = s.ctx.contains("年初");
                let budgets: Vec<&Stated> = amounts_before(stated, s)
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
                let actual = amounts_before(stated, s).find(|a| a.ctx.contains("决算"));
                let (Some(b), Some(a)) = (budget, actual) else {
                    continue;
                };
                let (av, ap) = value_of(a);
                let (bv, bp) = value_of(b);
                if bv.is_zero() {
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
                            ratio_range(av, &ap, o.value, &o.printed).map(|(lo, hi)| {
                                (o, round((lo + hi) / Decimal::from(2), &s.printed))
                            })
                        })
                        .map(|(o, r)| {
                            format!(
                                "; {av}/{} = {r}% is the completion of {}",
                                o.printed, o.subject
                            )
                        })
                        .unwrap_or_default();
                    out.push(
                        Finding::new(id)
                            .severity(severity)
                            .in_text(&s.section, s.page)
                            .compared("completion_pct", format!("undefined ({which} 0, 决算 {ap}){note}"), format!("{}%", s.printed))
                            .message(format!("{id}: completion of a zero {which} is undefined, the text says {}%: {}", s.printed, s.sentence)),
                    );
                    continue;
                }
                if let Some(range) = ratio_range(av, &ap, bv, &bp) {
                    let point = av / bv * Decimal::from(100);
                    if let Some(f) =
                        pct_finding(s, "completion_pct", range, point, &format!("{av} / {bv}"))
                    {
                        out.push(f);
                    }
                }
            }
            Measure::ChangePercent => {
                // current value, change amount and previous value stated in the paragraph
                let cur = amounts_before(stated, s)
                    .find(|a| !is_previous(a, year))
                    .or_else(|| {
                        // "…总计 X 万元。与上年相比，…": the amount of the previous sentence
                        stated[..i].iter().rev().find(|x| {
                            x.para == s.para
                                && x.measure == Measure::Amount
                                && !is_previous(x, year)
                        })
                    });
                let change = stated[..i]
                    .iter()
                    .rev()
                    .take_while(|x| x.para == s.para)
                    .find(|x| x.measure == Measure::ChangeAmount && x.sentence == s.sentence);
                let prev_stated = amounts_before(stated, s)
                    .find(|a| is_previous(a, year) && a.sentence == s.sentence);
                let Some(cur) = cur else { continue };
                let (cv, cp) = value_of(cur);
                let cp = if cur.sentence == s.sentence {
                    padded(&cp, sentence_scale(stated, s, &cur.unit))
                } else {
                    cp
                };
                let prev = match (prev_stated, change) {
                    (Some(p), Some(d)) => {
                        // both stated: they must agree
                        let implied = cv - d.value;
                        if (implied - p.value).abs()
                            > half_unit(&p.printed) + half_unit(&d.printed) + half_unit(&cp)
                        {
                            out.push(
                                Finding::new(RuleId::NarrativePercent)
                                    .in_text(&p.section, p.page)
                                    .compared("previous_year", implied.to_string(), p.printed.clone())
                                    .message(format!("narrative.percent: {cv} − change {} implies a previous value of {implied}, the text says {}: {}", d.value, p.printed, p.sentence)),
                            );
                            continue;
                        }
                        (
                            p.value,
                            padded(&p.printed, sentence_scale(stated, s, &p.unit)),
                        )
                    }
                    (Some(p), None) => (
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
                        (v, vs.to_string())
                    }
                    (None, None) => continue,
                };
                if prev.0.is_zero() {
                    let py = year
                        .map(|y| (y - 1).to_string())
                        .unwrap_or_else(|| "previous-year".into());
                    out.push(
                        Finding::new(RuleId::NarrativePercentZeroBase)
                            .in_text(&s.section, s.page)
                            .compared("growth_pct", format!("undefined ({py} base = 0)"), format!("{}%", s.printed))
                            .message(format!("narrative.percent_zero_base: the change is from a base of 0, a rate of {}% is undefined: {}", s.printed, s.sentence)),
                    );
                    continue;
                }
                let Some((lo, hi)) = change_range(cv, &cp, prev.0, &prev.1) else {
                    continue;
                };
                let signed_ok = (s.value >= Decimal::ZERO) == (hi >= Decimal::ZERO)
                    || (lo <= Decimal::ZERO && hi >= Decimal::ZERO);
                let point = (cv / prev.0 - Decimal::ONE) * Decimal::from(100);
                if let Some(mut f) = pct_finding(
                    s,
                    "yoy_pct",
                    (lo, hi),
                    point,
                    &format!("{cv} against {}", prev.1),
                ) {
                    if let Some(p) = prev_stated {
                        if let Some(fix) = stray_digit(&p.printed, cv, &cp, s) {
                            f =                                 Finding::new(RuleId::NarrativePercent)
                                    .in_text(&s.section, s.page)
                                    .compared("previous_year", format!("{fix} (implied by {}%)", s.printed), p.printed.clone())
                                    .message(format!("narrative.percent: {cv} against {} is not a change of {}%; {fix} (a stray digit) is: {}", p.printed, s.printed, s.sentence));
                        }
                    }
                    out.push(f);
                } else if !signed_ok {
                    out.push(
                        Finding::new(RuleId::NarrativeComparison)
                            .in_text(&s.section, s.page)
                            .compared("direction", if hi < Decimal::ZERO { "减少" } else { "增加" }, s.ctx.clone())
                            .message(format!("narrative.comparison: the direction of the change contradicts the numbers: {}", s.sentence)),
                    );
                }
            }
            _ => {}
        }
    }
    out
}

/// Government procurement: what SMEs won in projects reserved for them plus what they won in other
/// projects cannot exceed the total procured.
fn procurement_sum(paras: &[Para], stated: &[Stated], out: &mut Vec<Finding>) {
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
fn share_over_total(stated: &[Stated], i: usize) -> Option<Finding> {
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

fn decimals(printed: &str) -> usize {
    printed.split('.').nth(1).map_or(0, str::len)
}

/// The decimals of the finest amount in `unit` of `s`'s sentence. Writers who drop trailing zeros
/// print 2.00 万元 as `2` beside `0.74` 万元: such an amount is exact to the sentence's precision,
/// not to the unit.
fn sentence_scale(stated: &[Stated], s: &Stated, unit: &str) -> usize {
    stated
        .iter()
        .filter(|x| {
            x.para == s.para
                && x.sentence == s.sentence
                && matches!(x.measure, Measure::Amount | Measure::ChangeAmount)
                && x.unit == unit
        })
        .map(|x| decimals(&x.printed))
        .max()
        .unwrap_or(0)
}

/// `printed` with zeros appended up to `scale` decimals (`2` → `2.00`).
fn padded(printed: &str, scale: usize) -> String {
    let have = decimals(printed);
    if have >= scale {
        return printed.to_string();
    }
    let dot = if printed.contains('.') { "" } else { "." };
    format!("{printed}{dot}{}", "0".repeat(scale - have))
}

/// Range of the change rate `(cur / prev − 1) × 100` with both rounded as printed.
fn change_range(cur: Decimal, cp: &str, prev: Decimal, pp: &str) -> Option<(Decimal, Decimal)> {
    let (lo, hi) = ratio_range(cur, cp, prev, pp)?;
    Some((lo - Decimal::from(100), hi - Decimal::from(100)))
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

struct Patterns {
    explicit: Regex,
    named: Counted,
}

/// The first classified item of `text` written with its codes — `（201类）…（03款）…（02项）`,
/// the 项 optional, up to 30 characters between 类 and 款 and 40 between 款 and 项, where
/// a bracketed word without digits (政府办公厅（室）) counts as one: the end of the match and
/// the code (`2010302`). A scanner rather than a regular expression: those bounded
/// repetitions of alternatives made a regex slow to build and to run.
fn class_code(text: &str) -> Option<(usize, String)> {
    let b = text.as_bytes();
    // `（dd…d<word>）` at `i` with `n` digits: the digits and the end
    let coded_at = |i: usize, n: usize, word: &str| -> Option<(String, usize)> {
        let open = open_bracket(text, i)?;
        let digits = text[open..].bytes().take_while(u8::is_ascii_digit).count();
        if digits != n || !text[open + n..].starts_with(word) {
            return None;
        }
        let close = close_bracket(text, open + n + word.len())?;
        Some((text[open..open + n].to_string(), close))
    };
    // after `i`: the position of the first bracket that is no bracketed word, within `max`
    // units (a character, or a bracketed word without digits)
    let skip = |mut i: usize, max: usize| -> Option<usize> {
        let mut units = 0;
        loop {
            let c = text[i..].chars().next()?;
            if matches!(c, '（' | '(') {
                let inner = i + c.len_utf8();
                // the word: up to five characters, no closing bracket, no digit
                let (chars, len) = text[inner..]
                    .chars()
                    .take_while(|&w| w != '）' && w != ')' && !w.is_ascii_digit())
                    .take(5)
                    .fold((0, 0), |(n, l), w| (n + 1, l + w.len_utf8()));
                match close_bracket(text, inner + len) {
                    Some(end) if (1..=4).contains(&chars) => {
                        if units == max {
                            return None;
                        }
                        units += 1;
                        i = end;
                        continue;
                    }
                    _ => return Some(i),
                }
            }
            if units == max {
                return None;
            }
            units += 1;
            i += c.len_utf8();
        }
    };
    let mut from = 0;
    while let Some(k) = text[from..].find("类") {
        let at = from + k;
        from = at + "类".len();
        // `（201` before 类
        // (three ASCII digits first: then `d` is a character boundary)
        let start = at.checked_sub(3).and_then(|d| {
            if !b[d..at].iter().all(u8::is_ascii_digit) {
                return None;
            }
            let open = text[..d].char_indices().next_back()?;
            matches!(open.1, '（' | '(').then_some(open.0)
        });
        let Some(start) = start else { continue };
        let Some((class, after_class)) = coded_at(start, 3, "类") else {
            continue;
        };
        let Some(k_at) = skip(after_class, 30) else {
            continue;
        };
        let Some((kuan, after_kuan)) = coded_at(k_at, 2, "款") else {
            continue;
        };
        let xiang = skip(after_kuan, 40).and_then(|x| coded_at(x, 2, "项"));
        return Some(match xiang {
            Some((x, end)) => (end, format!("{class}{kuan}{x}")),
            None => (after_kuan, format!("{class}{kuan}")),
        });
    }
    None
}

/// The byte after an opening bracket (`（` or `(`) at `i`.
fn open_bracket(text: &str, i: usize) -> Option<usize> {
    let c = text[i..].chars().next()?;
    matches!(c, '（' | '(').then(|| i + c.len_utf8())
}

/// The byte after a closing bracket (`）` or `)`) at `i`.
fn close_bracket(text: &str, i: usize) -> Option<usize> {
    let c = text.get(i..)?.chars().next()?;
    matches!(c, '）' | ')').then(|| i + c.len_utf8())
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        explicit: crate::bounded_regex(r"[（(]即(\d{3,7})[）)]").unwrap(),
        named: Counted::new(r"“([^“”]{2,120})”科目").unwrap(),
    })
}

/// Brackets unified, for comparing a name in the text with a table label.
fn name_key(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

/// The code of an item named by its class names (`“公共安全支出-司法-社区矫正”科目`: 类-款-项, or
/// 类-款) in the general-expenditure table: the one row whose name and whose parents' names are
/// those. A table label cut short (the text has its full name) still names its row when only one
/// row fits.
fn code_by_names(names: &str, facts: &[Fact]) -> Option<String> {
    let parts: Vec<String> = names.split(['-', '－', '—']).map(name_key).collect();
    if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let mut rows: Vec<(&str, String)> = Vec::new();
    for f in facts
        .iter()
        .filter(|f| f.table == TableKey::GeneralExpenditure)
    {
        if !f.row_code.is_empty() && !rows.iter().any(|(c, _)| *c == f.row_code) {
            rows.push((f.row_code.as_str(), name_key(&f.row_name)));
        }
    }
    let name_of = |code: &str| rows.iter().find(|(c, _)| *c == code).map(|(_, n)| n);
    let fits = |code: &str, exact: bool| {
        let len = 1 + 2 * parts.len();
        code.len() == len
            && parts.iter().enumerate().all(|(i, part)| {
                let Some(n) = name_of(&code[..3 + 2 * i]) else {
                    return false;
                };
                n == part
                    || (!exact
                        && i + 1 == parts.len()
                        && n.chars().count() >= 4
                        && part.starts_with(n.as_str()))
            })
    };
    for exact in [true, false] {
        let found: Vec<&str> = rows
            .iter()
            .map(|(c, _)| *c)
            .filter(|c| fits(c, exact))
            .collect();
        if found.len() == 1 {
            return Some(found[0].to_string());
        }
        if found.len() > 1 {
            return None;
        }
    }
    None
}

/// Amounts of a classified item against the general-expenditure table, in the text's unit at its
/// printed precision (`58.2` 万元 for a table's `582000.00` 元). The item is named by its code
/// (`（即 2010350）`, `（204类）…（06款）…（10项）`) or by its class names (`“类-款-项”科目`). Returns the
/// corrections (paragraph, position, table value) so that later checks use the table's value.
fn table_mismatches(
    paras: &[Para],
    stated: &[Stated],
    facts: &[Fact],
    out: &mut Vec<Finding>,
) -> Vec<(usize, usize, Decimal)> {
    let p = patterns();
    let mut corrected = Vec::new();
    for (pi, para) in paras.iter().enumerate() {
        let code = p
            .explicit
            .captures(&para.text)
            .map(|c| (c.get(0).unwrap().end(), c[1].to_string()))
            .or_else(|| class_code(&para.text))
            .or_else(|| {
                p.named.captures(&para.text).and_then(|c| {
                    code_by_names(&c[1], facts).map(|code| (c.get(0).unwrap().end(), code))
                })
            });
        let Some((after, code)) = code else { continue };
        let Some(table) = facts.iter().find(|f| {
            f.table == TableKey::GeneralExpenditure && f.row_code == code && f.column == "total"
        }) else {
            continue;
        };
        // the item's own amounts: the heading amount right after the code, and 预算安排 / 支出决算为
        for s in stated.iter().filter(|s| {
            s.para == pi && s.measure == Measure::Amount && (s.unit == "万元" || s.unit == "元")
        }) {
            let heading = s.pos >= after && s.pos <= after + 3;
            let own = s.ctx.contains("预算安排")
                || s.ctx.contains("支出决算为")
                || s.ctx.contains("决算数为");
            if !(heading || own) {
                continue;
            }
            let tv = match (table.unit, s.unit.as_str()) {
                ("元", "万元") => table.value / Decimal::from(10_000),
                ("万元", "元") => table.value * Decimal::from(10_000),
                _ => table.value,
            };
            let tr = round(tv, &s.printed);
            if (tr - s.value).abs() > Decimal::ZERO && (tv - s.value).abs() > half_unit(&s.printed)
            {
                let mut shown = round(tv, "0.00");
                shown.rescale(2);
                out.push(
                    Finding::new(RuleId::NarrativeTableMismatch)
                        .in_text(&s.section, s.page)
                        .compared("amount", format!("{shown} (table {} {code} {} {})", table.table, table.value, table.unit), s.printed.clone())
                        .message(format!("narrative.table_mismatch: item {code} is {} {} in `{}` (p.{}), the text says {}{}: {}", table.value, table.unit, table.table, table.page, s.printed, s.unit, s.sentence)),
                );
                corrected.push((pi, s.pos, tv));
            }
        }
    }
    corrected
}

/// What a narrative subject is in the tables: (subject, table, side, row name, column).
#[rustfmt::skip]
const SUBJECTS: &[(&str, TableKey, Option<Side>, &str, &str)] = &[
    ("财政拨款收支总计", TableKey::FiscalSummary, Some(Side::Income), "总计", "amount"),
    ("财政拨款收入支出总计", TableKey::FiscalSummary, Some(Side::Income), "总计", "amount"),
    ("收支总计", TableKey::Summary, Some(Side::Income), "总计", "amount"),
    ("收入支出总计", TableKey::Summary, Some(Side::Income), "总计", "amount"),
    ("一般公共预算财政拨款支出", TableKey::GeneralExpenditure, None, "合计", "total"),
    ("本年收入合计", TableKey::Summary, Some(Side::Income), "本年收入合计", "amount"),
    ("本年收入合计", TableKey::Income, None, "合计", "total"),
    ("收入合计", TableKey::Income, None, "合计", "total"),
    ("本年支出合计", TableKey::Summary, Some(Side::Expenditure), "本年支出合计", "amount"),
    ("本年支出合计", TableKey::Expenditure, None, "合计", "total"),
    ("支出合计", TableKey::Expenditure, None, "合计", "total"),
    ("财政拨款收入", TableKey::Income, None, "合计", "fiscal"),
    ("基本支出", TableKey::Expenditure, None, "合计", "basic"),
    ("基本支出", TableKey::GeneralExpenditure, None, "合计", "basic"),
    ("项目支出", TableKey::Expenditure, None, "合计", "project"),
    ("项目支出", TableKey::GeneralExpenditure, None, "合计", "project"),
    ("人员经费", TableKey::GeneralBasic, None, "人员经费合计", "amount"),
    ("公用经费", TableKey::GeneralBasic, None, "公用经费合计", "amount"),
    // 预算 编制说明: `X收入预算…万元`, `支出预算…`, `财政拨款支出预算中，一般公共预算拨款支出预算…`
    ("收入预算", TableKey::Summary, Some(Side::Income), "收入总计", "amount"),
    ("收入预算", TableKey::Income, None, "合计", "total"),
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
fn other_fund_section(section: &str) -> bool {
    ["政府性基金", "国有资本", "三公", "机关运行", "政府采购"]
        .iter()
        .any(|w| section.contains(w))
}

/// The table cells a narrative subject names (its SUBJECTS entries that are printed).
fn cells_of<'a>(name: &str, facts: &'a [Fact]) -> Vec<&'a Fact> {
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
fn in_unit(f: &Fact, unit: &str) -> (Decimal, String) {
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
fn three_public_mismatches(
    paras: &[Para],
    stated: &[Stated],
    facts: &[Fact],
    out: &mut Vec<Finding>,
) {
    for s in stated.iter().filter(|s| {
        s.measure == Measure::Amount
            && s.unit == "万元"
            && (s.section.contains("三公") || s.section.contains("机关运行"))
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

/// Amounts the text gives for a table total (本年支出合计, 基本支出, 人员经费 …) against the
/// tables; a subject is compared only when it names exactly one registry entry.
fn subject_mismatches(
    stated: &[Stated],
    facts: &[Fact],
    out: &mut Vec<Finding>,
) -> Vec<(usize, usize, Decimal)> {
    let mut corrected = Vec::new();
    for s in stated
        .iter()
        .filter(|s| s.measure == Measure::Amount && (s.unit == "万元" || s.unit == "元"))
    {
        if [
            "上年",
            "预算为",
            "预算数",
            "预算安排",
            "年初",
            "全年",
            "执行",
        ]
        .iter()
        .any(|w| s.ctx.contains(w))
        {
            continue;
        }
        if other_fund_section(&s.section) {
            continue;
        }
        let mut full: String = s.subject.chars().filter(|c| *c != '、').collect();
        // `上海市X局收入预算`: the department's name before the subject
        if full.ends_with("收入预算") && !full.ends_with("财政拨款收入预算") {
            full = "收入预算".into();
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
        let cells = cells_of(name, facts);
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
                    format!(
                        "{} ({} {} {})",
                        round(tv, &s.printed),
                        f.table,
                        f.row_name,
                        f.column
                    ),
                    s.printed.clone(),
                )
                .message(format!(
                    "narrative.table_mismatch: {} is {} {} in `{}` (p.{}), the text says {}{}: {}",
                    s.subject, f.value, f.unit, f.table, f.page, s.printed, s.unit, s.sentence
                )),
        );
        corrected.push((s.para, s.pos, tv));
    }
    corrected
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::narrative::{stated, Para};

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

    fn run_in(text: &str, year: i32) -> Vec<Finding> {
        let paras = vec![Para {
            section: "五、一般公共预算财政拨款支出决算情况说明".into(),
            text: text.chars().filter(|c| !c.is_whitespace()).collect(),
            page: 18,
        }];
        let st = stated(&paras);
        narrative_findings(&paras, &st, &[], Some(year))
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
        let f = narrative_findings(&paras, &st, &facts, Some(2025));
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
            row_seq: 0,
            top_level: false,
        }
    }

    #[test]
    fn budget_totals_and_agency_expenses_against_the_tables() {
        let facts = vec![
            total(
                TableKey::Summary,
                Some(Side::Income),
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
                Some(Side::Expenditure),
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
        let f = narrative_findings(&paras, &st, &facts, Some(2026));
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
            ("17.93%", "17.66%")
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
        let f = narrative_findings(&paras, &stated(&paras), &facts, Some(2024));
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
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].rule, RuleId::NarrativePercent);
        assert_eq!(f[0].column, "yoy_pct");
        assert_eq!(
            (f[0].expected.as_str(), f[0].found.as_str()),
            ("2.61%", "6.46%")
        );
    }

    #[test]
    fn an_amount_printed_without_its_trailing_zeros() {
        // 2 万元 beside 0.74 万元 is 2.00: 0.74 / 1.26 is 58.73%, not 57.39%
        let f = run_in(
            "2021年“三公”经费预算数为2万元，比2020年预算增加0.74万元，增长57.39%。",
            2021,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(
            (f[0].expected.as_str(), f[0].found.as_str()),
            ("58.73%", "57.39%")
        );
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
                Some(Side::Expenditure),
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
        let f = narrative_findings(&bad, &stated(&bad), &facts, Some(2024));
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
        let f = narrative_findings(&good, &stated(&good), &facts, Some(2024));
        assert!(f.is_empty(), "{f:?}");
        // no table to compare with: nothing to say
        let f = narrative_findings(&bad, &stated(&bad), &[], Some(2024));
        assert!(f.is_empty(), "{f:?}");
    }
}
