//! Amounts of a classified item (named by its codes or its class names) against the
//! general-expenditure table.

use super::precision::{half_unit, round};
use crate::checks::{Finding, RuleId};
use crate::narrative::{Measure, Para, Stated};
use crate::pattern::Counted;
use crate::reconcile::Fact;
use crate::schema::TableKey;
use regex::Regex;
use rust_decimal::Decimal;
use std::sync::OnceLock;

struct Patterns {
    explicit: Regex,
    named: Counted,
}

/// The first classified item of `text` written with its codes — `（201类）…（03款）…（02项）`,
/// the 项 optional, up to 30 characters between 类 and 款 and 40 between 款 and 项, where
/// a bracketed word without digits (政府办公厅（室）) counts as one: the end of the match and
/// the code (`2010302`). A scanner rather than a regular expression: those bounded
/// repetitions of alternatives made a regex slow to build and to run.
pub(super) fn class_code(text: &str) -> Option<(usize, String)> {
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
pub(super) fn code_by_names(names: &str, facts: &[Fact]) -> Option<String> {
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
pub(super) fn table_mismatches(
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
