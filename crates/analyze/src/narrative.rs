//! Narrative facts: every number the report's text states, with its subject and measure.
//!
//! The text outside the tables is cut into logical paragraphs (lines and page breaks joined where
//! a paragraph continues), tracked under the current section heading (`一、…`, `（一）…`, or a
//! heading printed without the enumerator its 目录 entry has: `2026年部门预算编制说明`), and cut
//! into sentences at 。！？. Each number with a unit (万元 / 元 / % / 个 / 人 / 辆 …) becomes a
//! [`Stated`] fact; the words before it (back to the last comma) decide the measure:
//! `增加/减少 … 万元` a change amount, `增长/下降 … %` a change percent, `占 … %` a share,
//! `完成 … 预算 … %` a completion rate, otherwise an amount, percent or count.

use crate::schema;
use regex::Regex;
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::OnceLock;
use yjs_model::{Block, Document};

/// A logical paragraph of narrative text.
#[derive(Debug, Clone)]
pub struct Para {
    pub section: String,
    /// Text with whitespace removed.
    pub text: String,
    pub page: u32,
}

named_enum! {
    /// What a stated number measures (the `measure` column of narrative.csv).
    pub enum Measure {
        /// An amount of money.
        Amount => "amount",
        /// A change of an amount (增加 / 减少 X 万元).
        ChangeAmount => "change_amount",
        /// A year-over-year change in percent (增长 / 下降 X%).
        ChangePercent => "change_pct",
        /// A share of a whole (占 … X%).
        Share => "share",
        /// A completion rate (完成预算的 X%).
        Completion => "completion_rate",
        /// Any other percentage.
        Percent => "percent",
        /// A count (个, 辆, 人).
        Count => "count",
    }
}

/// A number stated in the text.
#[derive(Debug, Clone)]
pub struct Stated {
    /// The heading of the section it is stated in.
    pub section: String,
    /// What the number is of: the words naming it (`一般公共预算财政拨款支出`).
    pub subject: String,
    /// What kind of number it is.
    pub measure: Measure,
    /// Signed for changes (减少 / 下降 → negative).
    pub value: Decimal,
    /// As printed (unsigned).
    pub printed: String,
    /// The unit printed after it (`万元`, `元`, `%`, `%%` for a doubled sign …).
    pub unit: String,
    /// The sentence it is stated in.
    pub sentence: String,
    /// The 1-based page.
    pub page: u32,
    /// Paragraph index and byte offset of the number in it.
    pub para: usize,
    /// Byte offset of the number in its paragraph.
    pub pos: usize,
    /// The words before the number, back to the last clause boundary.
    pub ctx: String,
    /// For shares: what the share is of (`基本支出` in 占基本支出的), empty for the paragraph total.
    pub share_of: String,
}

fn is_heading(t: &str) -> Option<u8> {
    let n = t.chars().count();
    if n > 40 || t.ends_with('。') || t.contains(['，', '；']) {
        return None;
    }
    // 四、其他收入：指… is a definition, not a heading
    if t.find('：').is_some_and(|i| i + '：'.len_utf8() < t.len()) {
        return None;
    }
    if schema::starts_with_cn_enumerator(t) {
        return Some(1);
    }
    if t.starts_with('（') || t.starts_with('(') {
        let inner: String = t
            .chars()
            .skip(1)
            .take_while(|&c| schema::is_cn_digit(c))
            .collect();
        if !inner.is_empty()
            && matches!(
                t.chars().nth(inner.chars().count() + 1),
                Some('）') | Some(')')
            )
        {
            return Some(2);
        }
    }
    None
}

/// A heading printed without its enumerator (`2022年单位预算编制说明`, `上海市X局机构设置`) that the
/// 目录 listed as a level-1 heading (`四、单位预算编制说明`, `二、部门机构设置`): the listed heading.
/// The line must end with the listed words, after a year or a name (the 部门 / 单位 of the listed
/// words may be the name's); the words left must be at least four characters.
fn listed_heading<'a>(t: &str, listed: &'a [String]) -> Option<&'a String> {
    let n = t.chars().count();
    if n > 40 || t.contains(['。', '，', '；', '：', ':', '、']) || t.ends_with(['！', '？'])
    {
        return None;
    }
    listed.iter().rev().find(|h| {
        let body = crate::schema::strip_enumerator(h);
        if body.is_empty() || body == h.as_str() {
            return false;
        }
        let core = body
            .strip_prefix("部门（单位）")
            .or_else(|| body.strip_prefix("部门"))
            .or_else(|| body.strip_prefix("单位"))
            .unwrap_or(body);
        if t == body {
            return true;
        }
        core.chars().count() >= 4
            && t.strip_suffix(core)
                .is_some_and(|prefix| !prefix.is_empty() && prefix.chars().count() <= 30)
    })
}

fn ends_sentence(t: &str) -> bool {
    t.ends_with(['。', '！', '？', '.', '!', '?'])
}

/// Does a line start a numbered item (`1、`, `（2）`, `三、`)?
fn starts_item(t: &str) -> bool {
    let d = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if d > 0 && d <= 2 && matches!(t.chars().nth(d), Some('、') | Some('.') | Some('．')) {
        return !t.chars().nth(d + 1).is_some_and(|c| c.is_ascii_digit());
    }
    is_heading(t).is_some()
        || (t.starts_with(['（', '('])
            && t.chars().nth(1).is_some_and(|c| c.is_ascii_digit())
            && t.chars().nth(2).is_some_and(|c| c == '）' || c == ')'))
}

/// The narrative paragraphs of a document in reading order (table cells excluded). Lines are
/// joined into logical paragraphs; a new paragraph starts after a sentence end at a new text
/// block, an indented line or a numbered item, and a paragraph continues across pages.
pub fn paragraphs(doc: &Document) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::new();
    let mut l1 = String::new();
    let mut l2 = String::new();
    let mut open = false;
    // the line after a heading starts a paragraph, also inside one text block
    let mut after_heading = false;
    let mut listed: Vec<String> = Vec::new();
    for page in &doc.pages {
        for b in &page.blocks {
            let Block::Paragraph(p) = b else {
                open = false;
                continue;
            };
            let margin = p.lines.iter().map(|l| l.bbox.x0).fold(f64::MAX, f64::min);
            let right = p.lines.iter().map(|l| l.bbox.x1).fold(f64::MIN, f64::max);
            for (li, line) in p.lines.iter().enumerate() {
                let text = crate::schema::squeeze(&line.text);
                // a 目录 entry: its leader dots and page number are not part of the heading
                let leader = text
                    .find("……")
                    .or_else(|| text.find("..."))
                    .filter(|i| *i > 0);
                let text = match leader {
                    Some(i) => text[..i].to_string(),
                    None => text,
                };
                if text.is_empty() {
                    continue;
                }
                // a lone page number
                if text.chars().all(|c| c.is_ascii_digit() || c == '-') && text.len() <= 4 {
                    continue;
                }
                let size = line.font_size.unwrap_or(10.0).max(1.0);
                let indented = line.bbox.x0 > margin + 1.2 * size;
                // a heading-like line that runs to the right margin and goes on in the next line
                // is the start of a paragraph (四、其他收入：指…)
                let wraps = line.bbox.x1 >= right - 2.0 * size
                    && p.lines
                        .get(li + 1)
                        .is_some_and(|n| n.bbox.x0 <= margin + 1.2 * size);
                match is_heading(&text).filter(|_| leader.is_some() || !wraps || p.lines.len() == 1)
                {
                    Some(1) => {
                        l1 = text.clone();
                        l2.clear();
                        open = false;
                        after_heading = true;
                        if !listed.contains(&text) {
                            listed.push(text);
                        }
                        continue;
                    }
                    Some(_) => {
                        l2 = text.clone();
                        open = false;
                        after_heading = true;
                        continue;
                    }
                    None => {
                        if let Some(h) = listed_heading(&text, &listed) {
                            l1 = h.clone();
                            l2.clear();
                            open = false;
                            after_heading = true;
                            continue;
                        }
                    }
                }
                let section = if l2.is_empty() {
                    l1.clone()
                } else {
                    format!("{l1}{l2}")
                };
                let new_para =
                    indented || starts_item(&text) || (!open && li == 0) || after_heading;
                after_heading = false;
                if let (false, Some(last)) = (new_para, out.last_mut()) {
                    last.text.push_str(&text);
                    open = !ends_sentence(&last.text);
                    continue;
                }
                open = !ends_sentence(&text);
                out.push(Para {
                    section,
                    text,
                    page: page.number,
                });
            }
        }
    }
    out
}

struct Patterns {
    number: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        number: crate::bounded_regex(
            r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(%%?|亿元|万元|元|万|个|人次|人|辆|台（套）|台|套|家|项|次|场|期|篇|条|名)",
        )
        .unwrap(),
    })
}

// 、 is not a boundary: 收、支总计 is one subject
const CLAUSE: &[char] = &['，', '；', '：', '。', ',', ';', ':'];

fn clean_subject(ctx: &str) -> String {
    let mut s = ctx;
    // drop everything up to a year mention (2023年度收入合计 → 收入合计)
    if let Some(i) = s.rfind("年度").or_else(|| s.rfind('年')) {
        let before = &s[..i];
        if before.chars().rev().take(4).all(|c| c.is_ascii_digit()) && before.len() >= 4 {
            s = &s[i + if s[i..].starts_with("年度") {
                "年度".len()
            } else {
                '年'.len_utf8()
            }..];
        }
    }
    // 其中：（一）因公出国（境）费 → 因公出国（境）费; 其他收入 keeps its 其
    let s = s
        .strip_prefix("其中")
        .unwrap_or(s)
        .trim_start_matches(['：', ':']);
    let mut t = crate::schema::strip_enumerator(s).to_string();
    for suffix in ["为", "是", "达到", "达", "共计", "约"] {
        if let Some(x) = t.strip_suffix(suffix) {
            t = x.to_string();
        }
    }
    for verb in ["增加", "减少", "增长", "下降", "降低", "上升"] {
        if let Some(x) = t.strip_suffix(verb) {
            t = x.to_string();
        }
    }
    t.trim_start_matches(['，', '、', '（', '）']).to_string()
}

/// Every number stated in the paragraphs.
pub fn stated(paras: &[Para]) -> Vec<Stated> {
    let p = patterns();
    let mut out = Vec::new();
    for (pi, para) in paras.iter().enumerate() {
        let text = &para.text;
        let mut last_end = 0;
        for m in p.number.captures_iter(text) {
            let whole = m.get(0).unwrap();
            let num = m.get(1).unwrap();
            let unit = m.get(2).unwrap().as_str();
            // a number glued to a preceding digit or letter run is part of something else
            if text[..whole.start()].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '.') {
                continue;
            }
            let clause_start = text[..whole.start()]
                .rfind(CLAUSE)
                .map(|i| i + text[i..].chars().next().map_or(1, |c| c.len_utf8()))
                .unwrap_or(0)
                .max(last_end);
            let ctx = text[clause_start..whole.start()].to_string();
            last_end = whole.end();
            // 万 alone is money only where a clause ends after it (XX 万（含…）); 1145万次 is a count
            if unit == "万"
                && !text[whole.end()..].starts_with(['，', '。', '；', '、', '（', '(', '）'])
            {
                continue;
            }
            let Ok(v) = Decimal::from_str(&num.as_str().replace(',', "")) else {
                continue;
            };
            let pct = unit.starts_with('%');
            let money = matches!(unit, "亿元" | "万元" | "元" | "万");
            let down = ["减少", "下降", "降低"].iter().any(|w| ctx.contains(w));
            let up = ["增加", "增长", "上升", "提高"]
                .iter()
                .any(|w| ctx.contains(w));
            let measure = if pct {
                if ctx.contains('占') {
                    Measure::Share
                } else if ctx.contains("完成") && ctx.contains("预算") {
                    Measure::Completion
                } else if up || down {
                    Measure::ChangePercent
                } else {
                    Measure::Percent
                }
            } else if money {
                if up || down {
                    Measure::ChangeAmount
                } else {
                    Measure::Amount
                }
            } else {
                Measure::Count
            };
            let signed =
                if matches!(measure, Measure::ChangeAmount | Measure::ChangePercent) && down {
                    -v
                } else {
                    v
                };
            let share_of = if measure == Measure::Share {
                ctx.split('占')
                    .nth(1)
                    .map(|s| s.trim_end_matches('的').to_string())
                    .unwrap_or_default()
            } else {
                String::new()
            };
            // the sentence holding the number
            let s0 = text[..whole.start()]
                .rfind(['。', '！', '？'])
                .map(|i| i + '。'.len_utf8())
                .unwrap_or(0);
            let s1 = text[whole.end()..]
                .find(['。', '！', '？'])
                .map(|i| whole.end() + i + '。'.len_utf8())
                .unwrap_or(text.len());
            out.push(Stated {
                section: para.section.clone(),
                subject: if matches!(measure, Measure::Share | Measure::Completion) {
                    String::new()
                } else {
                    clean_subject(&ctx)
                },
                measure,
                value: signed,
                printed: num.as_str().to_string(),
                unit: unit.to_string(),
                sentence: text[s0..s1].to_string(),
                page: para.page,
                para: pi,
                pos: whole.start(),
                ctx,
                share_of,
            });
        }
    }
    inherit_subjects(&mut out);
    out
}

/// Percents and changes are about an amount stated before them: the last amount of the same
/// sentence, else the first amount of the sentence before.
fn inherit_subjects(v: &mut [Stated]) {
    for i in 0..v.len() {
        if v[i].measure == Measure::Amount
            || v[i].measure == Measure::Count
            || !v[i].subject.is_empty()
        {
            continue;
        }
        let same = (0..i)
            .rev()
            .take_while(|&j| v[j].para == v[i].para)
            .find(|&j| v[j].measure == Measure::Amount && v[j].sentence == v[i].sentence);
        let prev = same.or_else(|| {
            let earlier: Vec<usize> = (0..i)
                .filter(|&j| v[j].para == v[i].para && v[j].sentence != v[i].sentence)
                .collect();
            let last_sentence = earlier.last().map(|&j| v[j].sentence.clone())?;
            earlier
                .into_iter()
                .find(|&j| v[j].sentence == last_sentence && v[j].measure == Measure::Amount)
        });
        if let Some(j) = prev {
            v[i].subject = v[j].subject.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A text line of 12-point glyphs from the left margin.
    fn line(t: &str) -> yjs_model::TextLine {
        yjs_model::TextLine {
            text: t.into(),
            bbox: yjs_model::BBox::new(78.0, 0.0, 78.0 + 12.0 * t.chars().count() as f64, 12.0),
            font_size: Some(12.0),
            font: None,
        }
    }

    /// A text block of these lines.
    fn block(lines: &[&str]) -> Block {
        Block::Paragraph(yjs_model::Paragraph {
            bbox: Default::default(),
            lines: lines.iter().map(|t| line(t)).collect(),
        })
    }

    fn page(number: u32, blocks: Vec<Block>) -> yjs_model::Page {
        yjs_model::Page {
            number,
            width: 595.0,
            height: 842.0,
            turns: 0,
            blocks,
        }
    }

    /// The (section, text) of every paragraph of these pages.
    fn sections(pages: Vec<yjs_model::Page>) -> Vec<(String, String)> {
        let doc = Document {
            format: yjs_model::Format::Pdf,
            info: vec![],
            damaged: vec![],
            undecoded: vec![],
            ocr: vec![],
            ocr_words: Vec::new(),
            pages,
        };
        paragraphs(&doc)
            .into_iter()
            .map(|p| (p.section, p.text))
            .collect()
    }

    fn para(t: &str) -> Vec<Para> {
        vec![Para {
            section: "二、收入决算情况说明".into(),
            text: t.chars().filter(|c| !c.is_whitespace()).collect(),
            page: 17,
        }]
    }

    #[test]
    fn measures_and_subjects() {
        let s = stated(&para(
            "2023年度收入合计12175.60万元，其中：财政拨款收入12175.60万元，占100.00%。与上年相比，减少 4812.86 万元,减少 28.33 %。完成年初预算的 98.46%。开支培训费0.85万元，人数35人。",
        ));
        let got: Vec<(&str, &str, String, &str)> = s
            .iter()
            .map(|x| {
                (
                    x.subject.as_str(),
                    x.measure.as_str(),
                    x.value.to_string(),
                    x.unit.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("收入合计", "amount", "12175.60".into(), "万元"),
                ("财政拨款收入", "amount", "12175.60".into(), "万元"),
                ("财政拨款收入", "share", "100.00".into(), "%"),
                ("收入合计", "change_amount", "-4812.86".into(), "万元"),
                ("收入合计", "change_pct", "-28.33".into(), "%"),
                ("", "completion_rate", "98.46".into(), "%"),
                ("开支培训费", "amount", "0.85".into(), "万元"),
                ("人数", "count", "35".into(), "人"),
            ]
        );
    }

    #[test]
    fn a_heading_printed_without_the_enumerator_of_its_table_of_contents_entry() {
        // one text block a line
        let lines = |n: u32, ls: &[&str]| page(n, ls.iter().map(|l| block(&[l])).collect());
        let got = sections(vec![
            // one paragraph of entries with leader dots, each running to the right margin
            page(
                2,
                vec![block(&[
                    "目 录",
                    "二、部门机构设置 ……………………",
                    "四、部门预算编制说明 ………………",
                    "五、部门预算表 ……………………3",
                    "六、其他相关情况说明 ………………",
                ])],
            ),
            lines(3, &["上海市普陀区司法局机构设置", "本部门为行政单位。"]),
            lines(
                6,
                &[
                    "2026年部门预算编制说明",
                    "2026年，上海市普陀区司法局收入预算9628.22万元。",
                ],
            ),
            lines(
                16,
                &[
                    "一、2026年“三公”经费预算情况说明",
                    "“三公”经费预算数为10.81万元。",
                ],
            ),
        ]);
        assert_eq!(
            got,
            [
                ("".into(), "目录".into()),
                ("二、部门机构设置".into(), "本部门为行政单位。".into()),
                (
                    "四、部门预算编制说明".into(),
                    "2026年，上海市普陀区司法局收入预算9628.22万元。".into()
                ),
                (
                    "一、2026年“三公”经费预算情况说明".into(),
                    "“三公”经费预算数为10.81万元。".into()
                ),
            ]
        );
        // a table title that ends like a listed entry's last words is no heading of it
        let listed = vec!["五、部门预算表".to_string()];
        assert_eq!(
            listed_heading("2026年部门一般公共预算支出功能分类预算表", &listed),
            None
        );
    }

    #[test]
    fn a_heading_starts_the_next_paragraph_inside_one_text_block() {
        // LibreOffice sets the level-2 heading and the paragraph under it in one text block: the
        // paragraph belongs to the new section, not to the last paragraph of the one before
        let got = sections(vec![page(
            16,
            vec![
                block(&["四、财政拨款收入支出决算总体情况说明"]),
                block(&["收支总计19064.51万元，增长13.75%。主要原因是人员"]),
                block(&["增加。"]),
                block(&["五、一般公共预算财政拨款支出决算情况说明"]),
                block(&[
                    "（一）一般公共预算财政拨款支出决算总体情况",
                    "2017年度一般公共预算财政拨款支出19064.51万元。",
                ]),
            ],
        )]);
        assert_eq!(
            got,
            [
                (
                    "四、财政拨款收入支出决算总体情况说明".into(),
                    "收支总计19064.51万元，增长13.75%。主要原因是人员增加。".into()
                ),
                (
                    "五、一般公共预算财政拨款支出决算情况说明（一）一般公共预算财政拨款支出决算总体情况"
                        .into(),
                    "2017年度一般公共预算财政拨款支出19064.51万元。".into()
                ),
            ]
        );
    }

    #[test]
    fn subjects_keep_their_own_words_and_lose_enumerators() {
        let s = stated(&para(
            "事业收入0万元；事业单位经营收入0万元；其他收入0万元。其中：（一）因公出国（境）费0万元，与2025年预算持平。",
        ));
        let subjects: Vec<&str> = s.iter().map(|x| x.subject.as_str()).collect();
        assert_eq!(
            subjects,
            [
                "事业收入",
                "事业单位经营收入",
                "其他收入",
                "因公出国（境）费"
            ]
        );
    }

    #[test]
    fn doubled_percent_and_share_of() {
        let s = stated(&para(
            "人员经费1170.79万元，占基本支出的91.30%，货物占1.96%%",
        ));
        assert_eq!(s[1].share_of, "基本支出");
        assert_eq!(s[2].unit, "%%");
    }

    #[test]
    fn years_dates_and_codes_are_not_numbers() {
        let s = stated(&para("截至2023年12月31日，事业运行（项）（即2010350）。"));
        assert!(s.is_empty(), "{s:?}");
    }
}
