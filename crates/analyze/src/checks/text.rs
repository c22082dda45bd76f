//! Text defects in the narrative: doubled or malformed symbols, units that differ from the
//! report's, placeholders, years that differ from the report's, truncated and renamed labels.

use super::{Finding, RuleId, Severity};
use crate::meta::{is_body_name, Kind, Meta};
use crate::narrative::{Para, Stated};
use crate::pattern::Counted;
use crate::reconcile::Fact;
use regex::Regex;
use std::collections::HashSet;
use std::sync::OnceLock;

/// An excerpt shows this many characters on each side of what a finding points at: enough to
/// find the place in the report.
const EXCERPT_CHARS: usize = 15;

/// The text around byte `at`, `…` on both sides.
fn excerpt(text: &str, at: usize) -> String {
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(EXCERPT_CHARS)
        .map(|(i, _)| i)
        .unwrap_or(0);
    let end = text[at..]
        .char_indices()
        .nth(EXCERPT_CHARS)
        .map(|(i, _)| at + i)
        .unwrap_or(text.len());
    format!("…{}…", &text[start..end])
}

struct Patterns {
    double_punct: Regex,
    placeholder: Regex,
    compare_year: Regex,
    period: Regex,
    part_word: Regex,
    year: Regex,
    as_of: Regex,
    class_name: Counted,
    fiscal_year: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        double_punct: crate::bounded_regex(r"。[。，,；]|，[，。]|；；|、、").unwrap(),
        placeholder: crate::bounded_regex(r"(?:XX|ＸＸ|××|xx)").unwrap(),
        compare_year: crate::bounded_regex(r"(?:比|较|与|同)(20\d\d)年").unwrap(),
        period: crate::bounded_regex(
            r"(20\d\d)年\d{1,2}月\d{1,2}日[-－—~至到](20\d\d)年\d{1,2}月\d{1,2}日",
        )
        .unwrap(),
        fiscal_year: crate::bounded_regex(r"(20\d\d)年度").unwrap(),
        part_word: crate::bounded_regex(r"第[一二三四五六七八九十]+部分").unwrap(),
        year: crate::bounded_regex(r"(20\d\d)年").unwrap(),
        as_of: crate::bounded_regex(r"截[至止](20\d\d)年(\d{1,2})月").unwrap(),
        class_name: Counted::new(r"([\p{Han}“”（）()]{2,24}?)[（(](\d{3})类[）)]").unwrap(),
    })
}

/// Text checks over the narrative paragraphs and stated numbers.
pub fn text_findings(
    paras: &[Para],
    stated: &[Stated],
    facts: &[Fact],
    meta: &Meta,
) -> Vec<Finding> {
    let mut out = typos(paras);
    // each of these is reported once per section
    let mut seen: Seen = HashSet::new();
    for para in paras {
        symbols(para, &mut seen, &mut out);
        let parts = part_headings(&para.text);
        if let Some(y) = meta.year {
            years(para, meta.kind, y, &mut seen, &mut out);
            part_heading_years(para, &parts, y, &mut seen, &mut out);
        }
        if let Some(d) = &meta.department {
            for &(heading, rest) in &parts {
                other_body(para, heading, rest, d, &mut seen, &mut out);
            }
        }
        class_names(para, facts, &mut seen, &mut out);
    }
    stated_units(stated, &mut out);
    placeholder_units(paras, &mut out);
    for (i, para) in paras.iter().enumerate() {
        out.extend(unbalanced_quotes(para));
        out.extend(missing_stop(paras, i));
    }
    out.extend(truncated_labels(paras, facts));
    out.extend(copied_purposes(paras));
    out
}

/// What was reported in a section: (section, rule, what) — a finding repeated in a section
/// tells nothing new.
type Seen = HashSet<(String, RuleId, String)>;

/// Known slips of the pen ([`TYPOS`]).
fn typos(paras: &[Para]) -> Vec<Finding> {
    let mut out = Vec::new();
    for para in paras {
        for (slip, meant) in TYPOS {
            if let Some(i) = para.text.find(slip) {
                out.push(
                    Finding::new(RuleId::TextTypo)
                        .in_text(&para.section, para.page)
                        .compared("text", meant.to_string(), slip.to_string())
                        .message(format!(
                            "text.typo: `{slip}` should read `{meant}`: {}",
                            excerpt(&para.text, i)
                        )),
                );
            }
        }
    }
    out
}

/// Doubled punctuation, and a placeholder (`XX`) left in the text.
fn symbols(para: &Para, seen: &mut Seen, out: &mut Vec<Finding>) {
    let p = patterns();
    let t = &para.text;
    for m in p.double_punct.find_iter(t) {
        let found = m.as_str().to_string();
        let expected = found.chars().next().map(String::from).unwrap_or_default();
        out.push(
            Finding::new(RuleId::TextDoublePunct)
                .in_text(&para.section, para.page)
                .compared("punctuation", expected, found.clone())
                .message(format!(
                    "text.double_punct: `{found}` in {}",
                    excerpt(t, m.start())
                )),
        );
    }
    // a placeholder in the section's heading (`二、XX局机构设置`), once per heading
    if let Some(m) = p.placeholder.find(&para.section) {
        if seen.insert((
            para.section.clone(),
            RuleId::TextPlaceholder,
            "heading".into(),
        )) {
            let at = format!("in the heading `{}`", para.section);
            out.push(placeholder(para, m.as_str(), &at));
        }
    }
    for m in p.placeholder.find_iter(t) {
        if seen.insert((para.section.clone(), RuleId::TextPlaceholder, String::new())) {
            out.push(placeholder(para, m.as_str(), &excerpt(t, m.start())));
        }
    }
}

/// A `text.placeholder` finding: `found` (`XX`) left in paragraph `para`, `at` where.
fn placeholder(para: &Para, found: &str, at: &str) -> Finding {
    Finding::new(RuleId::TextPlaceholder)
        .in_text(&para.section, para.page)
        .compared("text", "a value", found)
        .message(format!(
            "text.placeholder: the placeholder `{found}` was never filled in: {at}"
        ))
}

/// Years that differ from the report's `y`: a comparison with its own year, amounts of another
/// fiscal year in a 决算, a period of another year in a 预算.
fn years(para: &Para, kind: Kind, y: i32, seen: &mut Seen, out: &mut Vec<Finding>) {
    let (p, t) = (patterns(), &para.text);
    // a comparison with the report's own year: the previous year was meant
    for c in p.compare_year.captures_iter(t) {
        let cy: i32 = c[1].parse().unwrap_or(0);
        if cy == y && seen.insert((para.section.clone(), RuleId::TextYear, "compare".into())) {
            out.push(
                Finding::new(RuleId::TextYear)
                    .in_text(&para.section, para.page)
                    .compared("comparison_year", (y - 1).to_string(), y.to_string())
                    .message(format!(
                    "text.year: a {y} report compares with {y} (`{}`); the comparison year must be {}: {}",
                    &c[0],
                    y - 1,
                    excerpt(t, c.get(0).unwrap().start())
                )));
        }
    }
    // a 决算 text that reports money for another fiscal year (2024年度收入… in a 2025 report)
    if kind == Kind::Final {
        for c in p.fiscal_year.captures_iter(t) {
            let m = c.get(0).unwrap();
            let fy: i32 = c[1].parse().unwrap_or(0);
            let before: String = t[..m.start()].chars().rev().take(2).collect();
            let after = &t[m.end()..];
            let sentence_end = after.find('。').map_or(after.len(), |i| i);
            let states_money =
                after[..sentence_end].contains("万元") || after[..sentence_end].contains('元');
            if fy != y
                && !before.contains(['与', '比', '较', '同'])
                && !after.starts_with("相比")
                && states_money
                && seen.insert((para.section.clone(), RuleId::TextYear, "fiscal".into()))
            {
                out.push(
                    Finding::new(RuleId::TextYear)
                        .in_text(&para.section, para.page)
                        .compared("year", y.to_string(), fy.to_string())
                        .message(format!("text.year: the text reports {fy}年度 amounts in a report on fiscal year {y}: {}", excerpt(t, m.start()))),
                );
            }
        }
    }
    as_of_year(para, kind, y, seen, out);
    if kind == Kind::Budget {
        for c in p.period.captures_iter(t) {
            let (a, b): (i32, i32) = (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0));
            if a != y
                && b != y
                && seen.insert((para.section.clone(), RuleId::TextYear, "period".into()))
            {
                out.push(
                    Finding::new(RuleId::TextYear)
                        .severity(Severity::Info)
                        .in_text(&para.section, para.page)
                        .compared("year", y.to_string(), c[0].to_string())
                        .message(format!("text.year: a period `{}` in a {y} budget", &c[0])),
                );
            }
        }
    }
}

/// A part heading (`第三部分 上海市X局2023年度部门决算情况说明`) naming another year than the
/// report's: a heading copied from another year's report.
fn part_heading_years(
    para: &Para,
    parts: &[(&str, &str)],
    y: i32,
    seen: &mut Seen,
    out: &mut Vec<Finding>,
) {
    let p = patterns();
    for &(t, _) in parts {
        let Some(other) = p
            .year
            .captures_iter(t)
            .filter_map(|c| c[1].parse::<i32>().ok())
            .find(|&hy| hy != y)
        else {
            continue;
        };
        if !seen.insert((t.to_string(), RuleId::TextYear, "heading".into())) {
            continue;
        }
        out.push(
            Finding::new(RuleId::TextYear)
                .in_text(&para.section, para.page)
                .compared("year", y.to_string(), other.to_string())
                .message(format!(
                    "text.year: the heading `{t}` names {other} in a report on fiscal year {y}"
                )),
        );
    }
}

/// The part headings a paragraph starts with (`第四部分 名词解释` and `第一部分 X局概况` run
/// together when a line ends without a stop): each heading and the words after its 第X部分.
fn part_headings(t: &str) -> Vec<(&str, &str)> {
    let p = patterns();
    let starts: Vec<(usize, usize)> = p
        .part_word
        .find_iter(t)
        .map(|m| (m.start(), m.end()))
        .collect();
    if starts.first().is_none_or(|s| s.0 != 0) {
        return Vec::new();
    }
    starts
        .iter()
        .enumerate()
        .map(|(k, &(a, b))| {
            let end = starts.get(k + 1).map_or(t.len(), |n| n.0);
            (&t[a..end], &t[b..end])
        })
        .filter(|(h, _)| h.chars().count() <= PART_HEADING_CHARS)
        .collect()
}

/// A part heading (`heading`, `rest` its words after 第X部分) that names another body than the
/// report's department (`第一部分 上海市普陀区民政局概况` in the report of 中共上海市普陀区委社会
/// 工作部): a heading copied from another body's report. The name is what stands before 概况 or
/// before the year; regions (上海市, 普陀区) and 中共 are set aside on both sides, and a short
/// name (简称) within the full one, or the full one within it, is the same body.
fn other_body(
    para: &Para,
    heading: &str,
    rest: &str,
    department: &str,
    seen: &mut Seen,
    out: &mut Vec<Finding>,
) {
    let Some(name) = heading_body(rest) else {
        return;
    };
    let (a, b) = (without_regions(&name), without_regions(department));
    if a.is_empty() || b.is_empty() || a.contains(b) || b.contains(a) {
        return;
    }
    // a name sharing most of its characters with the department's is a variant of it
    let shared = a.chars().filter(|c| b.contains(*c)).count();
    if shared * 2 >= a.chars().count() {
        return;
    }
    if seen.insert((name.clone(), RuleId::TextOtherBody, String::new())) {
        out.push(
            Finding::new(RuleId::TextOtherBody)
                .in_text(&para.section, para.page)
                .compared("name", department, name.as_str())
                .message(format!(
                    "text.other_body: the heading `{heading}` names {name}, the report is of {department}"
                )),
        );
    }
}

/// The body a part heading's words name: before 概况, or before a year (`上海市X局2024年度部门
/// 决算表`); none when they are generic (部门, 单位) or hold a placeholder.
fn heading_body(rest: &str) -> Option<String> {
    let rest: String = rest
        .trim_start_matches(['：', ':'])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let end = rest
        .find("概况")
        .or_else(|| rest.find("20").filter(|&i| rest[i..].contains('年')))?;
    let name = rest[..end].to_string();
    // (generic words — 部门, 单位, 部门（单位） — are no body's name)
    (!name.contains("XX") && is_body_name(&name)).then_some(name)
}

/// A body's name without the leading 中共 and regions (上海市, 普陀区, 江苏省), which bodies of
/// one place share.
fn without_regions(name: &str) -> &str {
    let mut n = name.trim_start_matches("中共");
    for _ in 0..MAX_REGION_LEVELS {
        match n
            .char_indices()
            .find(|&(i, c)| i > 0 && "省市区县州盟旗".contains(c))
        {
            // (a region's name is two to four characters and its level word)
            Some((i, c)) if n[..i].chars().count() <= 4 => n = &n[i + c.len_utf8()..],
            _ => break,
        }
    }
    n
}

/// Region levels a body's name may start with (province, city, district).
const MAX_REGION_LEVELS: usize = 3;

/// The longest line read as a part heading (`第二部分 …部门决算表`), in characters.
const PART_HEADING_CHARS: usize = 50;

/// An as-of date (`截至2023年12月31日`) before the period a report covers: in a 决算 of year `y`,
/// a year before `y` (an `error`: last year's figure left in); in a budget, a year before `y − 1`
/// (a `warning`: budgets state assets at the end of the year before, or later).
fn as_of_year(para: &Para, kind: Kind, y: i32, seen: &mut Seen, out: &mut Vec<Finding>) {
    let (p, t) = (patterns(), &para.text);
    let (earliest, severity) = match kind {
        Kind::Final => (y, Severity::Error),
        _ => (y - 1, Severity::Warning),
    };
    for c in p.as_of.captures_iter(t) {
        let ay: i32 = c[1].parse().unwrap_or(earliest);
        if ay < earliest && seen.insert((para.section.clone(), RuleId::TextYear, "as_of".into())) {
            let m = c.get(0).map_or(0, |m| m.start());
            out.push(
                Finding::new(RuleId::TextYear)
                    .severity(severity)
                    .in_text(&para.section, para.page)
                    .compared("year", earliest.to_string(), ay.to_string())
                    .message(format!(
                        "text.year: `{}` in a report on fiscal year {y} dates a figure before its period: {}",
                        &c[0],
                        excerpt(t, m)
                    )),
            );
        }
    }
}

/// A class named differently from the tables: 医疗卫生与计划生育支出（210类）.
fn class_names(para: &Para, facts: &[Fact], seen: &mut Seen, out: &mut Vec<Finding>) {
    let (p, t) = (patterns(), &para.text);
    for c in p.class_name.captures_iter(t) {
        let code = &c[2];
        let name =
            c[1].trim_start_matches(|ch: char| ch.is_ascii_digit() || "、.．，。：".contains(ch));
        let name = name.rsplit(['，', '。', '：', '、']).next().unwrap_or(name);
        let Some(table_name) = facts
            .iter()
            .find(|f| f.row_code == code)
            .map(|f| f.row_name.as_str())
        else {
            continue;
        };
        if !name.is_empty()
            && name != table_name
            && !table_name.contains(name)
            && !name.contains(table_name)
            && seen.insert((
                para.section.clone(),
                RuleId::TextNameMismatch,
                code.to_string(),
            ))
        {
            out.push(
                Finding::new(RuleId::TextNameMismatch)
                    .in_text(&para.section, para.page)
                    .compared("class_name", table_name.to_string(), name.to_string())
                    .message(format!("text.name_mismatch: class {code} is `{table_name}` in the tables but `{name}` in the text")),
            );
        }
    }
}

/// Doubled percent signs, and amounts in a unit other than the text's (元 or 万 in a 万元 text).
fn stated_units(stated: &[Stated], out: &mut Vec<Finding>) {
    let money: Vec<&Stated> = stated
        .iter()
        .filter(|s| matches!(s.unit.as_str(), "万元" | "元" | "亿元" | "万"))
        .collect();
    let wan = money.iter().filter(|s| s.unit == "万元").count();
    for s in stated {
        if s.unit == "%%" {
            out.push(
                Finding::new(RuleId::TextDoublePercent)
                    .in_text(&s.section, s.page)
                    .compared(
                        "text",
                        format!("{}%", s.printed),
                        format!("{}%%", s.printed),
                    )
                    .message(format!(
                        "text.double_percent: `{}%%` has a doubled percent sign: {}",
                        s.printed, s.sentence
                    )),
            );
        }
        if wan * 2 > money.len() && wan >= 3 {
            // per-head standards and unit prices are stated in 元 on purpose (人均300元)
            let per_unit = ["人均", "每人", "每", "标准", "单价"]
                .iter()
                .any(|w| s.ctx.contains(w));
            if s.unit == "元" && !per_unit {
                out.push(
                    Finding::new(RuleId::TextUnit)
                        .in_text(&s.section, s.page)
                        .compared("unit", "万元", "元")
                        .message(format!(
                            "text.unit: `{}元` where the text states amounts in 万元: {}",
                            s.printed, s.sentence
                        )),
                );
            } else if s.unit == "万" {
                out.push(
                    Finding::new(RuleId::TextUnit)
                        .severity(Severity::Info)
                        .in_text(&s.section, s.page)
                        .compared("unit", "万元", "万")
                        .message(format!(
                            "text.unit: `{}万` drops 元: {}",
                            s.printed, s.sentence
                        )),
                );
            }
        }
    }
}

/// 万 without 元 after a placeholder (XX 万).
fn placeholder_units(paras: &[Para], out: &mut Vec<Finding>) {
    for para in paras {
        let t = &para.text;
        let mut i = 0;
        while let Some(k) = t[i..].find("XX万") {
            let at = i + k + "XX万".len();
            if !t[at..].starts_with('元') {
                out.push(
                    Finding::new(RuleId::TextUnit)
                        .severity(Severity::Info)
                        .in_text(&para.section, para.page)
                        .compared("unit", "XX万元", "XX万")
                        .message(format!("text.unit: `XX万` drops 元: {}", excerpt(t, i + k))),
                );
            }
            i = at;
        }
    }
}

/// Opening and closing quotes that do not pair up: the sentence around the first that does not.
fn unbalanced_quotes(para: &Para) -> Option<Finding> {
    let t = &para.text;
    let mut depth = 0i32;
    let mut bad: Option<usize> = None;
    for (k, c) in t.char_indices() {
        match c {
            '“' => depth += 1,
            '”' => {
                depth -= 1;
                if depth < 0 && bad.is_none() {
                    bad = Some(k);
                }
            }
            _ => {}
        }
    }
    if bad.is_none() && depth == 0 {
        return None;
    }
    let at = bad.unwrap_or_else(|| t.rfind('“').unwrap_or(0));
    let s0 = t[..at]
        .rfind(['。', '；'])
        .map(|x| x + '。'.len_utf8())
        .unwrap_or(0);
    let s1 = t[at..]
        .find(['。', '；'])
        .map(|x| at + x)
        .unwrap_or(t.len());
    Some(
        Finding::new(RuleId::TextUnbalancedQuote)
            .in_text(&para.section, para.page)
            .compared("quotes", "balanced “…”", t[s0..s1].to_string())
            .message(format!(
                "text.unbalanced_quote: {} opening and closing quotes do not pair: {}",
                if depth > 0 { "more" } else { "fewer" },
                &t[s0..s1]
            )),
    )
}

/// A paragraph shorter than this is a heading or a label, which needs no full stop.
const MIN_SENTENCE_CHARS: usize = 12;

/// A sentence that ends without a full stop before the next paragraph of its section and page.
fn missing_stop(paras: &[Para], i: usize) -> Option<Finding> {
    let para = &paras[i];
    let t = &para.text;
    let next_same = paras
        .get(i + 1)
        .is_some_and(|n| n.section == para.section && n.page == para.page);
    let last = t.chars().last().unwrap_or('。');
    let n = t.chars().count();
    if next_same
        && n >= MIN_SENTENCE_CHARS
        && is_han(last)
        && (t.contains('是') || t.contains('的'))
        && !t.starts_with(|c: char| c.is_ascii_digit())
    {
        Some(
            Finding::new(RuleId::TextMissingPunct)
                .in_text(&para.section, para.page)
                .compared("punctuation", "。", "(missing)")
                .message(format!(
                    "text.missing_punct: the sentence ends without a full stop: {t}"
                )),
        )
    } else {
        None
    }
}

/// An itemised 项's `主要用于：…` copied from an earlier item: the purpose names the earlier item
/// and shares no word with its own.
fn copied_purposes(paras: &[Para]) -> Vec<Finding> {
    // the item heading (…（款）NAME（项）) and its purpose, which may start the next paragraph
    let item = |i: usize| -> Option<(String, String)> {
        let t = &paras[i].text;
        let end = t.find("（项）")?;
        let start = t[..end].rfind("（款）").map_or(0, |i| i + "（款）".len());
        let name = t[start..end].to_string();
        let rest = match t.find("主要用于：") {
            Some(p) => &t[p..],
            None => paras
                .get(i + 1)
                .map(|n| n.text.as_str())
                .filter(|n| n.starts_with("主要用于："))?,
        };
        let purpose = rest["主要用于：".len()..]
            .split(['。', '；'])
            .next()?
            .to_string();
        (!name.is_empty() && !purpose.is_empty()).then_some((name, purpose))
    };
    let bigrams = |s: &str| -> Vec<String> {
        let c: Vec<char> = s.chars().collect();
        c.windows(2).map(|w| w.iter().collect()).collect()
    };
    let mut out = Vec::new();
    let mut earlier: Vec<(String, String)> = Vec::new();
    for (i, para) in paras.iter().enumerate() {
        let Some((name, purpose)) = item(i) else {
            continue;
        };
        let own = bigrams(&name).iter().any(|b| purpose.contains(b.as_str()));
        if !own {
            if let Some((prev, _)) = earlier
                .iter()
                .find(|(n, p)| *p == purpose && *n != name && purpose.contains(n.as_str()))
            {
                out.push(
                    Finding::new(RuleId::TextCopyPaste)
                        .in_text(&para.section, para.page)
                        .compared("purpose", name.clone(), format!("主要用于：{purpose}"))
                        .message(format!("text.copy_paste: the purpose given for `{name}` is the one of `{prev}`: 主要用于：{purpose}")),
                );
            }
        }
        earlier.push((name, purpose));
    }
    out
}

/// Slips found in these reports: (as printed, as meant).
const TYPOS: &[(&str, &str)] = &[
    ("支出收入", "支出"),
    ("收入收入", "收入"),
    ("支出支出", "支出"),
];

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// A table label cut off by a narrow cell loses at most this many characters: a longer
/// difference is another item's name.
const MAX_CUT_CHARS: usize = 3;

/// A table label that is a cut-off prefix of the full name the text gives for the same item.
fn truncated_labels(paras: &[Para], facts: &[Fact]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut done: HashSet<&str> = HashSet::new();
    // a label is looked for once: its other facts (columns, tables) would find the same
    let mut tried: HashSet<(&str, &str)> = HashSet::new();
    for f in facts.iter().filter(|f| f.row_code.len() >= 5) {
        if done.contains(f.row_code.as_str())
            || !tried.insert((f.row_code.as_str(), f.row_name.as_str()))
            || f.row_name.chars().count() < 6
        {
            continue;
        }
        // only where the text names the same item (its code is in the paragraph)
        for para in paras
            .iter()
            .filter(|p| p.text.contains(f.row_code.as_str()))
        {
            let Some(i) = para.text.find(f.row_name.as_str()) else {
                continue;
            };
            let rest = &para.text[i + f.row_name.len()..];
            // the text continues the name with a few more characters, then （项）/（款）
            let Some(k) = rest.find(['（', '(']) else {
                continue;
            };
            let extra = &rest[..k];
            let n = extra.chars().count();
            if (1..=MAX_CUT_CHARS).contains(&n)
                && extra
                    .chars()
                    .all(|c| !c.is_ascii_punctuation() && !"，。；：、".contains(c))
                && (rest[k..].starts_with("（项）")
                    || rest[k..].starts_with("（款）")
                    || rest[k..].starts_with("(项)"))
            {
                let full = format!("{}{}", f.row_name, extra);
                let mut tables: Vec<&str> = facts
                    .iter()
                    .filter(|g| g.row_code == f.row_code)
                    .map(|g| g.table.as_str())
                    .collect();
                tables.dedup();
                let mut uniq: Vec<&str> = Vec::new();
                for t in tables {
                    if !uniq.contains(&t) {
                        uniq.push(t);
                    }
                }
                done.insert(f.row_code.as_str());
                out.push(
                    Finding::new(RuleId::TextTruncatedLabel)
                        .table(uniq.join(";"))
                        .row(f.row_code.as_str())
                        .compared("row_name", full.as_str(), f.row_name.as_str())
                        .message(format!("text.truncated_label: the label of {} is `{}` in the tables but `{full}` in the text", f.row_code, f.row_name))
                        .page(f.page),
                );
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> Para {
        Para {
            section: "六、其他重要事项的情况说明".into(),
            text: text.into(),
            page: 3,
        }
    }

    fn year_findings(text: &str, kind: Kind, y: i32) -> Vec<Finding> {
        let (mut seen, mut out) = (HashSet::new(), Vec::new());
        let p = para(text);
        years(&p, kind, y, &mut seen, &mut out);
        part_heading_years(&p, &part_headings(text), y, &mut seen, &mut out);
        out
    }

    #[test]
    fn a_part_heading_of_another_year_is_an_error() {
        let f = year_findings(
            "第三部分上海市XX局2023年度部门决算情况说明",
            Kind::Final,
            2024,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].rule, RuleId::TextYear);
        assert_eq!(
            (f[0].expected.as_str(), f[0].found.as_str()),
            ("2024", "2023")
        );
        assert!(year_findings("第二部分2026年部门预算表", Kind::Budget, 2026).is_empty());
        assert!(year_findings("第一部分部门概况", Kind::Budget, 2026).is_empty());
    }

    fn other_body_findings(text: &str, department: &str) -> Vec<Finding> {
        let (mut seen, mut out) = (HashSet::new(), Vec::new());
        for (heading, rest) in part_headings(text) {
            other_body(&para(text), heading, rest, department, &mut seen, &mut out);
        }
        out
    }

    #[test]
    fn a_part_heading_naming_another_body_is_a_warning() {
        let dept = "中共上海市普陀区委社会工作部";
        let f = other_body_findings("第一部分上海市普陀区民政局概况", dept);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].rule, RuleId::TextOtherBody);
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(f[0].found, "上海市普陀区民政局");
        // the department itself, a short name of it, generic words and placeholders
        assert!(other_body_findings("第一部分中共上海市普陀区委社会工作部概况", dept).is_empty());
        assert!(other_body_findings("第一部分普陀区委社会工作部概况", dept).is_empty());
        assert!(other_body_findings("第一部分 部门概况", dept).is_empty());
        assert!(other_body_findings("第一部分上海市XX局概况", dept).is_empty());
        assert!(other_body_findings(
            "第二部分江苏省人民检察院2017年度部门预算表",
            "江苏省人民检察院"
        )
        .is_empty());
        assert!(
            other_body_findings("第一部分普陀区政府办公室概况", "上海市普陀区人民政府办公室")
                .is_empty()
        );
        let f = other_body_findings("第二部分江苏省财政厅2017年度部门预算表", "江苏省人民检察院");
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn a_placeholder_in_a_heading_is_reported_once() {
        let p = Para {
            section: "二、XX局机构设置".into(),
            text: "本部门内设机构5个。".into(),
            page: 2,
        };
        let (mut seen, mut out) = (HashSet::new(), Vec::new());
        symbols(&p, &mut seen, &mut out);
        symbols(&p, &mut seen, &mut out);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].rule, RuleId::TextPlaceholder);
        assert_eq!(out[0].found, "XX");
    }

    #[test]
    fn an_as_of_date_before_the_period_is_flagged() {
        let t = "截至2023年12月31日，本部门共有车辆5辆。";
        let f = year_findings(t, Kind::Final, 2024);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Error);
        assert!(year_findings("截至2024年12月31日，共有车辆5辆。", Kind::Final, 2024).is_empty());
        // budgets date their assets at the end of the year before, or at a month of it
        assert!(year_findings("截至2024年8月31日，共有车辆0辆。", Kind::Budget, 2025).is_empty());
        assert!(
            year_findings("截止2022年12月31日，本部门流动资产4", Kind::Budget, 2023).is_empty()
        );
        let f = year_findings("截至2022年12月31日，共有车辆0辆。", Kind::Budget, 2025);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Warning);
    }
}
