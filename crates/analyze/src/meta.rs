//! Report metadata: department, fiscal year, kind (决算/预算) and scope (部门/单位).
//!
//! Sources, strongest first: labelled lines (`预算主管部门：…`, `编制单位：…`, `单位：…` when not a
//! money unit; also a label cell and its value cell in a layout table of the cover), the 第一部分 …
//! 概况 heading, the `… 年度部门决算表` heading, then the cover page. A level word on a cover
//! (`上海市X区2026年区级部门预算`) names no department.

use crate::pattern::Counted;
use crate::schema::squeeze;
use crate::segment::TableInstance;
use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;
use yjs_model::{Block, Document};

named_enum! {
    /// What a report publishes: the accounts of a year past or the budget of the year ahead.
    pub enum Kind {
        /// 决算: final accounts.
        Final => "final",
        /// 预算: a budget.
        Budget => "budget",
        /// Neither word decides it.
        Unknown => "unknown",
    }
}

named_enum! {
    /// Whose report it is: a department's (with its units) or one unit's.
    pub enum Scope {
        /// 部门预算 / 部门决算.
        Department => "department",
        /// 单位预算 / 单位决算.
        Unit => "unit",
        /// Neither word decides it.
        Unknown => "unknown",
    }
}

/// What a report says about itself.
#[derive(Debug, Clone)]
pub struct Meta {
    /// The department (or unit) the report is of.
    pub department: Option<String>,
    /// The fiscal year it reports on.
    pub year: Option<i32>,
    /// 决算 or 预算.
    pub kind: Kind,
    /// 部门 or 单位.
    pub scope: Scope,
}

/// A pattern matched against every line of a document, with a test every matching line passes
/// that is much cheaper than the regex (most lines match none of these patterns).
struct LinePattern {
    re: Counted,
    may_match: fn(&str) -> bool,
}

struct Patterns {
    labelled: LinePattern,
    overview: LinePattern,
    heading: LinePattern,
    cover: Counted,
    subject: LinePattern,
    year: Regex,
    label_cell: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        labelled: LinePattern {
            re: Counted::new(r"^(?:预算单位|预算主管部门|主管部门|编制部门|编制单位|部门名称|单位名称|单位|部门)[:：](.{2,40})$").unwrap(),
            may_match: |l| l.starts_with(['预', '主', '编', '部', '单']),
        },
        overview: LinePattern {
            // (OCR reads the brackets of 部门（单位） as `〈`, `)`, or loses one)
            re: Counted::new(r"^第一部分(.{2,40}?)(?:部门[（(〈《<]?单位[）)〉》>]?|单位)?概况$").unwrap(),
            may_match: |l| l.starts_with("第一部分"),
        },
        heading: LinePattern {
            re: Counted::new(r"^(?:第二部分)?(.{2,40}?)(20\d\d)年度?(?:部门|单位)(?:决算|预算)(?:表|公开)?$").unwrap(),
            may_match: |l| l.contains("算"),
        },
        cover: Counted::new(r"(20\d\d)年度?(.{2,40}?)(?:部门|单位)(?:决算|预算)").unwrap(),
        subject: LinePattern {
            re: Counted::new(r"^(.{4,30}?)(?:20\d\d年|本年)").unwrap(),
            may_match: |l| l.contains("20") || l.contains("本年"),
        },
        year: crate::bounded_regex(r"(20\d\d)\s*年").unwrap(),
        label_cell: crate::bounded_regex(r"^(?:预算单位|预算主管部门|主管部门|编制部门|编制单位|部门名称|单位名称)[:：]?$").unwrap(),
    })
}

/// The first group of `re`'s match in each of `lines` that has one, in order (one set of capture
/// slots for all the lines: most lines of a document match none of these patterns).
fn group1<'a>(p: &'a LinePattern, lines: &'a [String]) -> impl Iterator<Item = &'a str> + 'a {
    let mut locs = p.re.capture_locations();
    lines.iter().filter_map(move |l| {
        if !(p.may_match)(l) {
            return None;
        }
        p.re.group(&mut locs, l, 1).map(|(s, e)| &l[s..e])
    })
}

/// The text lines of a page: its paragraphs' lines, and `label：value` for each grid row that
/// holds a bare label cell (`预算主管部门：`) followed by its value cell (a cover laid out in a
/// table).
fn page_lines(doc: &Document, page: usize) -> Vec<String> {
    let mut v = Vec::new();
    if let Some(p) = doc.pages.get(page) {
        for b in &p.blocks {
            match b {
                Block::Paragraph(par) => {
                    for l in &par.lines {
                        v.push(squeeze(&l.text));
                    }
                }
                Block::Grid(g) => {
                    let mut cells: Vec<_> = g.cells.iter().collect();
                    cells.sort_by_key(|c| (c.row, c.col));
                    for pair in cells.windows(2) {
                        // (a bare label ends with its colon or with 名称 / 单位 / 部门: most
                        // cells are left at once)
                        let raw = pair[0].text.trim_end();
                        if pair[0].row != pair[1].row
                            || !raw.ends_with(['：', ':', '称', '位', '门'])
                        {
                            continue;
                        }
                        let (label, value) = (squeeze(&pair[0].text), squeeze(&pair[1].text));
                        // without its colon, a label is a column header unless a body's
                        // name follows it
                        let colon = raw.ends_with(['：', ':']);
                        if !value.is_empty()
                            && (colon || is_body_name(&value))
                            && patterns().label_cell.is_match(&label)
                        {
                            let label = label.trim_end_matches([':', '：']);
                            v.push(format!("{label}：{value}"));
                        }
                    }
                }
            }
        }
    }
    v
}

/// `区级` / `市级` (… 2026年区级部门预算): the level of the budgets, not a department.
fn is_level_word(s: &str) -> bool {
    s.chars().count() <= 2 && s.ends_with('级')
}

/// Could `s` be a department's name? Not a level word, not the template's own words (`部门` of
/// 第一部分部门概况, `第二部分`), and no year, 目录 or 预算 / 决算 in it (a cover's lines run
/// together: `部门预算信息公开目录第一部分2026年度`).
fn is_name(s: &str) -> bool {
    let template_word = matches!(
        s,
        "" | "部门" | "单位" | "部门（单位）" | "部门(单位)" | "本部门" | "本单位"
    );
    let heading_words = ["目录", "部分", "预算", "决算", "公开", "20"]
        .iter()
        .any(|w| s.contains(w));
    !(template_word || heading_words || is_level_word(s))
}

/// The last characters of a public body's name (…局, …办公厅, …中心, …大学).
const BODY_NAME_ENDINGS: &str = "局厅办室委部院会处所校学站队馆社府司心场园行";

/// Does `s` read as a public body's name (`北京市审计局`), not a column header (`备注`)?
pub(crate) fn is_body_name(s: &str) -> bool {
    s.chars().count() >= 4 && s.ends_with(|c: char| BODY_NAME_ENDINGS.contains(c))
}

/// A name without the scope a template prints after it: `深圳市财政局（本级）`, `…（汇总）`.
fn without_scope_suffix(s: &str) -> &str {
    for suffix in ["（本级）", "(本级)", "（汇总）", "(汇总)", "本级"] {
        if let Some(t) = s.strip_suffix(suffix).filter(|t| t.chars().count() >= 2) {
            return t;
        }
    }
    s
}

/// The kind a table title names: the last of 决算 / 预算 in it (`一般公共预算财政拨款支出决算表`
/// is a 决算 table, `政府性基金预算支出功能分类预算表` a 预算 one).
fn title_kind(title: &str) -> Option<Kind> {
    match (title.rfind("决算"), title.rfind("预算")) {
        (Some(f), Some(b)) => Some(if f > b { Kind::Final } else { Kind::Budget }),
        (Some(_), None) => Some(Kind::Final),
        (None, Some(_)) => Some(Kind::Budget),
        (None, None) => None,
    }
}

/// Marks OCR reads from specks at the ends of a label's value (`单位：.万元`); no name begins or
/// ends with one.
const SPECK_MARKS: &[char] = &['.', ',', ':', ';', '·', '。', '，', '：', '、', '\'', '`'];

fn is_money_unit(s: &str) -> bool {
    matches!(s, "万元" | "元" | "千元" | "亿元")
}

/// Metadata is looked for on the first pages only: the cover, 目录, 概况 and the first tables are
/// well within them, and an appendix names other departments and years.
const META_PAGES: usize = 60;

/// A name must open this many lines of the text to be taken as the report's subject: once may
/// be another body's (a 主管部门 named in passing).
const MIN_SUBJECT_LINES: usize = 2;

/// The report's metadata (see the module's description for where each comes from).
pub fn detect(doc: &Document, tables: &[TableInstance]) -> Meta {
    let cover: String = page_lines(doc, 0).concat();
    let mut all_lines: Vec<String> = Vec::new();
    for i in 0..doc.pages.len().min(META_PAGES) {
        all_lines.extend(page_lines(doc, i));
    }
    let mut meta = Meta {
        department: department(&cover, &all_lines).map(|d| without_scope_suffix(&d).to_string()),
        year: year(&cover, &all_lines, tables, doc.ocr.contains(&1)),
        kind: Kind::Unknown,
        scope: Scope::Unknown,
    };
    kind_and_scope(&mut meta, &cover, &all_lines, tables);
    meta
}

/// The department: the most common labelled name (extended by a longer name elsewhere that
/// starts with it), else the overview heading, the table heading, the cover.
fn department(cover: &str, all_lines: &[String]) -> Option<String> {
    let p = patterns();
    let mut counts: HashMap<String, usize> = HashMap::new();
    for label in group1(&p.labelled, all_lines) {
        // the label may share its line with the year and the unit: 单位：X 2023年度 单位：万元
        let v = label.split("单位").next().unwrap_or(label);
        let v = v.trim_end_matches(|c: char| c.is_ascii_digit() || c == '年' || c == '度');
        // (a speck OCR read as a stop or a comma at either end: `.万元`)
        let v = v.trim_matches(SPECK_MARKS);
        let v = without_scope_suffix(v);
        if !is_money_unit(v) && is_name(v) && !v.starts_with("单位") {
            *counts.entry(v.to_string()).or_default() += 1;
        }
    }
    // (of names labelled as often, the one the text prints more: OCR misreads a label as
    // often as it reads it on a scan, `上海市普辽区…` three times, `上海市普陀区…` three)
    let printed = |name: &str| {
        all_lines
            .iter()
            .map(|l| l.matches(name).count())
            .sum::<usize>()
    };
    let most = counts.values().copied().max().unwrap_or(0);
    let labelled = counts
        .iter()
        .filter(|(_, &n)| n == most)
        .map(|(k, _)| (printed(k), k))
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(a.1)))
        .map(|(_, k)| k.clone());
    // names from the headings and the cover, in order of trust
    let overview = group1(&p.overview, all_lines)
        .find(|n| is_name(n))
        .map(str::to_string);
    let heading = group1(&p.heading, all_lines)
        .find(|n| is_name(n))
        .map(str::to_string);
    // the name between the year and 部门决算 on the cover, unless it is a level (区级)
    let cover_name = p.cover.captures(cover).map(|c| c[2].to_string());
    let cover_is_level = cover_name.as_deref().is_some_and(is_level_word);
    let covered = cover_name.filter(|d| is_name(d));
    // "中共上海市普陀区委社会工作部2024年度部门决算": the name precedes the year (not in
    // "上海市X区2026年区级部门预算", where it is the government)
    let before_year = cover
        .find("20")
        .map(|i| cover[..i].to_string())
        .filter(|name| name.chars().count() >= 2 && !cover_is_level && is_name(name));
    let department = labelled.map(|l| {
        // a label line cut by a narrow cell: a longer name elsewhere that extends it wins
        counts
            .keys()
            .cloned()
            .chain(overview.clone())
            .chain(heading.clone())
            .chain(covered.clone())
            .chain(before_year.clone())
            .filter(|c| c.starts_with(&l) && c.chars().count() <= 40)
            .max_by_key(|c| c.chars().count())
            .unwrap_or(l)
    });
    department.or_else(|| {
        overview
            .clone()
            .or_else(|| heading.clone())
            .or_else(|| covered.clone())
            .or(before_year)
            .or_else(|| narrative_subject(all_lines))
    })
}

/// A body's name that opens at least [`MIN_SUBJECT_LINES`] lines of the text, right before a
/// year or 本年 (`江苏省政协办公厅2019年度收入、支出预算…`, `…本年收入预算合计`): the subject of
/// the 情况说明, where the name is printed nowhere else as text (a cover set as an image).
fn narrative_subject(all_lines: &[String]) -> Option<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for name in group1(&patterns().subject, all_lines) {
        if is_body_name(name) && is_name(name) {
            *counts.entry(name).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|&(_, n)| n >= MIN_SUBJECT_LINES)
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(name, _)| name.to_string())
}

/// How often a text prints a year for it to stand against a cover OCR read, where the cover's
/// is printed nowhere else: a report prints its year throughout, a misread cover once.
const MIN_YEAR_PRINTS: usize = 5;

/// The tables whose titles print one year for that year to be the report's on a scan.
const MIN_TITLE_YEARS: usize = 3;

/// The fiscal year: the cover first, then table titles, then the most common year in the text.
/// A cover read by OCR (`cover_by_ocr`) may misread its year (`2020`, `2025` for 2026): there
/// the year [`MIN_TITLE_YEARS`] tables' titles print or more comes first (a budget's text
/// prints the year before throughout, for comparison), and a cover's year the text prints
/// nowhere else gives way to a year the text prints [`MIN_YEAR_PRINTS`] times or more.
fn year(
    cover: &str,
    all_lines: &[String],
    tables: &[TableInstance],
    cover_by_ocr: bool,
) -> Option<i32> {
    let p = patterns();
    let on_cover: Option<i32> = p.year.captures(cover).and_then(|c| c[1].parse().ok());
    if cover_by_ocr {
        // (the year the tables' titles print, where several do: each is the report's year)
        let titled = years_printed(tables.iter().map(|t| t.title.as_str()));
        let by_titles = most_printed(&titled).filter(|y| titled[y] >= MIN_TITLE_YEARS);
        if let Some(y) = by_titles {
            return Some(y);
        }
        let printed = years_printed(all_lines.iter().map(String::as_str));
        // (the cover's own lines are among the text's: a year printed again is printed twice)
        let times = |y: i32| printed.get(&y).copied().unwrap_or(0);
        let most = most_printed(&printed);
        let misread = on_cover
            .is_some_and(|c| times(c) < 2 && most.is_some_and(|m| times(m) >= MIN_YEAR_PRINTS));
        return if misread { most } else { on_cover.or(most) };
    }
    on_cover
        .or_else(|| {
            tables
                .iter()
                .find_map(|t| p.year.captures(&t.title).and_then(|c| c[1].parse().ok()))
        })
        .or_else(|| most_printed(&years_printed(all_lines.iter().map(String::as_str))))
}

/// How many times the lines `lines` print each year (`2024年`).
fn years_printed<'a>(lines: impl IntoIterator<Item = &'a str>) -> HashMap<i32, usize> {
    let p = patterns();
    let mut printed: HashMap<i32, usize> = HashMap::new();
    for l in lines {
        for c in p.year.captures_iter(l) {
            if let Ok(y) = c[1].parse() {
                *printed.entry(y).or_default() += 1;
            }
        }
    }
    printed
}

/// The year printed most often (of two as often, the later).
fn most_printed(printed: &HashMap<i32, usize>) -> Option<i32> {
    printed
        .iter()
        .max_by_key(|&(&y, &n)| (n, y))
        .map(|(&y, _)| y)
}

/// Kind and scope: the cover, then the table titles, then all the text.
fn kind_and_scope(meta: &mut Meta, cover: &str, all_lines: &[String], tables: &[TableInstance]) {
    let titles: String = tables.iter().map(|t| t.title.as_str()).collect();
    for (i, text) in [cover, &titles, &all_lines.concat()]
        .into_iter()
        .enumerate()
    {
        if i == 1 && meta.kind == Kind::Unknown {
            // each title by the kind it ends in (a workbook without a cover has only titles)
            let (mut f, mut b) = (0, 0);
            for k in tables.iter().filter_map(|t| title_kind(&t.title)) {
                if k == Kind::Final {
                    f += 1;
                } else {
                    b += 1;
                }
            }
            if f != b {
                meta.kind = if f > b { Kind::Final } else { Kind::Budget };
            }
        }
        if meta.kind == Kind::Unknown {
            let f = text.find("决算");
            let b = text.find("预算");
            meta.kind = match (f, b) {
                (Some(_), None) => Kind::Final,
                (None, Some(_)) => Kind::Budget,
                // "部门决算" on a cover that also names 预算 elsewhere: the report's own word
                (Some(_), Some(_)) if text.contains("部门决算") || text.contains("单位决算") => {
                    Kind::Final
                }
                (Some(_), Some(_)) if text.contains("部门预算") || text.contains("单位预算") => {
                    Kind::Budget
                }
                _ => Kind::Unknown,
            };
        }
        if meta.scope == Scope::Unknown {
            meta.scope = scope_named(text, i == ALL_TEXT);
        }
    }
    if meta.scope == Scope::Unknown {
        meta.scope = scope_of_titles(tables);
    }
    if meta.scope == Scope::Unknown {
        meta.scope = scope_of_captions(all_lines);
    }
}

/// Which of [`kind_and_scope`]'s texts is all the text (after the cover and the titles).
const ALL_TEXT: usize = 2;

/// The words naming a unit's report and a department's.
const UNIT_WORDS: [&str; 3] = ["单位预算", "单位决算", "预算单位财务"];
const DEPARTMENT_WORDS: [&str; 2] = ["部门预算", "部门决算"];

/// The scope `text` names: a unit's report where it names one, else a department's. In all
/// the text (`counted`), the one it names more often: a department's 决算 says `部门决算` in
/// its headings and `下属行政事业单位决算` once (a scan whose cover OCR garbled is decided
/// there).
fn scope_named(text: &str, counted: bool) -> Scope {
    let count = |words: &[&str]| words.iter().map(|w| text.matches(w).count()).sum::<usize>();
    let (unit, dept) = (count(&UNIT_WORDS), count(&DEPARTMENT_WORDS));
    match (unit, dept) {
        (0, 0) => Scope::Unknown,
        (u, d) if counted && d > u => Scope::Department,
        (0, _) => Scope::Department,
        _ => Scope::Unit,
    }
}

/// The scope the table titles name by their first word (`2026年部门收支总体情况表`,
/// `单位收入总表`), where they agree.
fn scope_of_titles(tables: &[TableInstance]) -> Scope {
    let (mut dept, mut unit) = (0, 0);
    for t in tables.iter().filter(|t| t.key.is_some()) {
        let title = t
            .title
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches("年度")
            .trim_start_matches('年');
        if title.starts_with("部门") {
            dept += 1;
        } else if title.starts_with("单位") {
            unit += 1;
        }
    }
    match (dept, unit) {
        (d, 0) if d > 0 => Scope::Department,
        (0, u) if u > 0 => Scope::Unit,
        _ => Scope::Unknown,
    }
}

/// The scope a tables-only file's captions give: `部门：…` / `部门名称：…` a department's
/// tables, `单位名称：…` / `预算单位：…` a unit's.
fn scope_of_captions(all_lines: &[String]) -> Scope {
    let p = patterns();
    let mut locs = p.labelled.re.capture_locations();
    for l in all_lines.iter().filter(|l| (p.labelled.may_match)(l)) {
        if p.labelled.re.group(&mut locs, l, 1).is_none() {
            continue;
        }
        if l.starts_with("部门") {
            return Scope::Department;
        }
        if l.starts_with("单位名称") || l.starts_with("预算单位") {
            return Scope::Unit;
        }
    }
    Scope::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::tests::grid;
    use yjs_model::{Format, Page, Paragraph, TextLine};

    /// The document of `pages`, every page read by OCR.
    fn scanned(pages: Vec<Vec<Block>>) -> Document {
        let mut d = doc(pages);
        d.ocr = d.pages.iter().map(|p| p.number).collect();
        d
    }

    /// A recognised table of no rows titled `title`.
    fn titled(title: &str) -> TableInstance {
        TableInstance {
            key: Some(crate::schema::TableKey::Summary),
            ..table(title)
        }
    }

    fn para(text: &str) -> Block {
        Block::Paragraph(Paragraph {
            bbox: Default::default(),
            lines: vec![TextLine {
                text: text.into(),
                bbox: Default::default(),
                font_size: None,
                font: None,
            }],
        })
    }

    fn doc(pages: Vec<Vec<Block>>) -> Document {
        Document {
            format: Format::Docx,
            info: vec![],
            damaged: vec![],
            undecoded: vec![],
            ocr: vec![],
            ocr_words: Vec::new(),
            pages: pages
                .into_iter()
                .enumerate()
                .map(|(i, blocks)| Page {
                    number: i as u32 + 1,
                    width: 595.0,
                    height: 842.0,
                    turns: 0,
                    blocks,
                })
                .collect(),
        }
    }

    fn table(title: &str) -> TableInstance {
        TableInstance {
            key: None,
            title: title.into(),
            unit: None,
            header_unit: None,
            parts: vec![],
            page: 1,
            notes: vec![],
        }
    }

    #[test]
    fn department_from_a_cover_laid_out_in_a_table() {
        // the cover title above a nested layout table of label and value cells (DOCX)
        let d = doc(vec![
            vec![
                para("上海市徐汇区2026年区级部门预算"),
                Block::Grid(grid(&[
                    &["预算主管部门：", "上海市徐汇区人大常委会办公室"],
                    &["编制日期：", "2025年12月"],
                ])),
            ],
            vec![para("目录")],
        ]);
        let m = detect(&d, &[]);
        assert_eq!(
            m.department.as_deref(),
            Some("上海市徐汇区人大常委会办公室")
        );
        assert_eq!(
            (m.year, m.kind, m.scope),
            (Some(2026), Kind::Budget, Scope::Department)
        );
    }

    /// The 上海 2026 单位预算 of `../shared/real-unlabelled/` scanned: OCR read its cover's
    /// `2026年` as `2020年`, and the report was dated 2020 though its text prints 2026
    /// throughout. A cover read by OCR sets the year unless the text prints another one
    /// throughout and the cover's nowhere else.
    #[test]
    fn the_year_of_a_cover_read_by_ocr_is_the_one_the_text_prints_most() {
        let pages = || {
            vec![
                vec![para("上海市财务会计综合管理事务中心2020年单位预算")],
                vec![
                    para("2026年单位预算编制说明"),
                    para("2026年收入预算1,000元，比2025年增加"),
                    para("2026年支出预算1,000元"),
                    para("2026年政府采购预算"),
                    para("2026年三公经费预算"),
                ],
            ]
        };
        assert_eq!(detect(&scanned(pages()), &[]).year, Some(2026));
        assert_eq!(detect(&doc(pages()), &[]).year, Some(2020));
        // the real 西南大学 2023 决算 scanned: its text prints 2022 twice, 2023 only on the
        // cover (over two lines); the cover's year stands
        let mut twice = scanned(vec![
            vec![para("西南大学2023"), para("年度部门决算")],
            vec![para("2022年决算数"), para("比2022年增加")],
        ]);
        twice.ocr = vec![1];
        assert_eq!(detect(&twice, &[]).year, Some(2023));
    }

    /// A real 上海 2026 部门预算 scanned: the cover's `2026年` read `2025年`, a year its text
    /// prints throughout (`2025年执行数`): the titles of its tables print 2026.
    #[test]
    fn the_year_of_a_scan_is_the_one_its_table_titles_print() {
        let pages = || {
            vec![
                vec![para("上海市普陀区2025年区级部门预算")],
                vec![
                    para("2025年执行数"),
                    para("比2025年增加"),
                    para("2025年决算"),
                ],
            ]
        };
        let tables = [
            titled("2026年部门财务收支预算总表"),
            titled("2026年部门收入预算总表"),
            titled("2026年部门支出预算总表"),
        ];
        let scan = scanned(pages());
        assert_eq!(detect(&scan, &tables).year, Some(2026));
        assert_eq!(detect(&scan, &tables[..2]).year, Some(2025));
        assert_eq!(detect(&doc(pages()), &tables).year, Some(2025));
    }

    /// A real 上海 部门预算 scanned: its captions read `编制部门：上海市普陀区人民政府办公室`
    /// three times and `…普辽区…` three times, and the lesser in code order was taken; its text
    /// prints the name elsewhere (`上海市普陀区人民政府办公室主要职能`).
    #[test]
    fn of_names_labelled_as_often_the_one_the_text_prints_more_is_the_department() {
        let d = doc(vec![vec![
            para("编制部门：上海市普辽区人民政府办公室"),
            para("编制部门：上海市普陀区人民政府办公室"),
            para("上海市普陀区人民政府办公室主要职能"),
        ]]);
        assert_eq!(
            detect(&d, &[]).department.as_deref(),
            Some("上海市普陀区人民政府办公室")
        );
    }

    #[test]
    fn a_level_word_on_the_cover_is_no_department() {
        let d = doc(vec![vec![para("上海市徐汇区2026年区级部门预算")]]);
        assert_eq!(detect(&d, &[]).department, None);
        let d = doc(vec![vec![para(
            "中共上海市普陀区委社会工作部2024年度部门决算",
        )]]);
        assert_eq!(
            detect(&d, &[]).department.as_deref(),
            Some("中共上海市普陀区委社会工作部")
        );
    }

    /// A real 上海 部门决算 scanned: the cover's `部门决算` read as `部门呈算`, and the text's
    /// one `下属行政事业单位决算` made it a unit's report, where its headings say `部门决算`
    /// six times.
    #[test]
    fn all_the_text_names_the_scope_it_names_most() {
        let text =
            "年度部门决算表 二、部门决算单位构成 本级决算、下属行政事业单位决算。年度部门决算";
        assert_eq!(scope_named(text, true), Scope::Department);
        assert_eq!(scope_named(text, false), Scope::Unit);
        assert_eq!(scope_named("单位决算 部门决算", true), Scope::Unit);
        assert_eq!(scope_named("2026年部门预算", false), Scope::Department);
        assert_eq!(scope_named("收支预算总表", true), Scope::Unknown);
    }

    /// A workbook of tables alone: titles of 部门 tables say the scope before a caption's
    /// `单位名称：` (the 长沙 caption of every budget).
    #[test]
    fn table_titles_say_the_scope_before_captions() {
        let d = doc(vec![vec![
            para("2026年部门收支总体情况表"),
            para("单位名称：长沙市财政绩效评价中心"),
        ]]);
        let t = titled("2026年部门收支总体情况表");
        assert_eq!(
            detect(&d, std::slice::from_ref(&t)).scope,
            Scope::Department
        );
        assert_eq!(detect(&d, &[]).scope, Scope::Unit);
    }

    /// A table caption's name cut where its cell wrapped (`单位名称：中共长沙市雨花区委社`) is
    /// extended by the cover's name before the year.
    #[test]
    fn a_caption_name_cut_by_its_cell_is_completed_from_the_cover() {
        let d = doc(vec![
            vec![
                para("中共长沙市雨花区委社会工作部"),
                para("2023年部门预算公开"),
            ],
            vec![para("单位名称：中共长沙市雨花区委社"), para("单位：万元")],
            vec![para("单位名称：中共长沙市雨花区委社"), para("单位：万元")],
        ]);
        assert_eq!(
            detect(&d, &[]).department.as_deref(),
            Some("中共长沙市雨花区委社会工作部")
        );
    }

    /// The templates' own words are no department: `第一部分部门概况`, `第二部分2026年部门预算表`,
    /// a cover run into its 目录; a tables-only file names it in its captions.
    #[test]
    fn department_from_captions_and_not_from_the_templates_words() {
        let d = doc(vec![
            vec![
                para("2026年度无锡市统计局部门预算公开"),
                para("第一部分部门概况"),
                para("第二部分2026年度部门预算表"),
            ],
            vec![para("部门：无锡市统计局 单位：万元")],
        ]);
        let m = detect(&d, &[]);
        assert_eq!(m.department.as_deref(), Some("无锡市统计局"));
        let d = doc(vec![vec![
            para("北京市审计局2026年度部门预算信息公开"),
            para("目录"),
            para("第一部分2026年度部门预算情况说明"),
        ]]);
        assert_eq!(detect(&d, &[]).department.as_deref(), Some("北京市审计局"));
        let d = doc(vec![vec![
            para("收支预算总表"),
            para("部门：中国共产党江苏省委员会办公厅"),
        ]]);
        let m = detect(&d, &[]);
        assert_eq!(
            m.department.as_deref(),
            Some("中国共产党江苏省委员会办公厅")
        );
        assert_eq!(m.scope, Scope::Department);
        let d = doc(vec![vec![para("部门名称：深圳市财政局（本级）")]]);
        assert_eq!(detect(&d, &[]).department.as_deref(), Some("深圳市财政局"));
        let d = doc(vec![vec![para("第一部分部门概况")]]);
        assert_eq!(detect(&d, &[]).department, None);
        // gen-31-0007's scan: a speck before the unit made `单位：.万元` a department
        let d = doc(vec![vec![
            para("单位：.万元"),
            para("上海市静安区农业农村局2016年度部门决算"),
        ]]);
        assert_eq!(
            detect(&d, &[]).department.as_deref(),
            Some("上海市静安区农业农村局")
        );
    }

    /// 江苏省政协办公厅's 2019 budget: its cover is an image and no line labels the name; the
    /// 情况说明 opens its paragraphs with it.
    #[test]
    fn department_from_the_subject_of_the_narrative_when_nothing_names_it() {
        let lines = [
            "第三部分 2019 年度部门预算情况说明",
            "江苏省政协办公厅 2019 年度收入、",
            "支出预算总计 13,377.11 万元，与上年相比……",
            "江苏省政协办公厅本年收入预算合计 13,377.11 万元，其",
            "省政协是我省最广泛的爱国统一战线组织",
        ];
        let d = doc(vec![lines.iter().map(|l| para(l)).collect()]);
        assert_eq!(
            detect(&d, &[]).department.as_deref(),
            Some("江苏省政协办公厅")
        );
        // once is not enough: a body named in passing
        let d = doc(vec![
            vec![para(lines[0])],
            vec![para(lines[1]), para(lines[4])],
        ]);
        assert_eq!(detect(&d, &[]).department, None);
    }

    #[test]
    fn kind_from_titles_that_name_both_words() {
        // a workbook without a cover: all the titles on its first sheet
        let titles = [
            "收入支出决算总表",
            "一般公共预算财政拨款支出决算表",
            "政府性基金预算财政拨款收入支出决算表",
        ];
        let d = doc(vec![titles.iter().map(|t| para(t)).collect()]);
        let tables: Vec<TableInstance> = titles.iter().map(|t| table(t)).collect();
        assert_eq!(detect(&d, &tables).kind, Kind::Final);
        let titles = [
            "2025年部门财务收支预算总表",
            "2025年部门一般公共预算支出功能分类预算表",
        ];
        let tables: Vec<TableInstance> = titles.iter().map(|t| table(t)).collect();
        assert_eq!(detect(&doc(vec![vec![]]), &tables).kind, Kind::Budget);
        assert_eq!(
            title_kind("国有资本经营预算财政拨款支出决算表"),
            Some(Kind::Final)
        );
    }

    #[test]
    fn labelled_line_pattern() {
        let p = patterns();
        let lines: Vec<String> = [
            "预算主管部门：上海市普陀区司法局",
            "编制单位:长沙市大数据中心",
            "第一部分长沙市大数据中心部门（单位）概况",
            "第二部分长沙市大数据中心2023年度部门决算表",
            "上海市普陀区司法局2024年度单位预算",
            "收入支出决算总表",
        ]
        .map(String::from)
        .into();
        let found = |lp| group1(lp, &lines).collect::<Vec<_>>();
        assert_eq!(
            found(&p.labelled),
            ["上海市普陀区司法局", "长沙市大数据中心"]
        );
        assert_eq!(found(&p.overview), ["长沙市大数据中心"]);
        // the brackets as OCR read them on gen-5's scans: the department was
        // `…中心部门〈单位)` and `…运输局部门单位)`
        let ocr: Vec<String> = [
            "第一部分长沙市开福区财政绩效评价中心部门〈单位)概况",
            "第一部分长沙市雨花区交通运输局部门单位)概况",
        ]
        .map(String::from)
        .into();
        assert_eq!(
            group1(&p.overview, &ocr).collect::<Vec<_>>(),
            ["长沙市开福区财政绩效评价中心", "长沙市雨花区交通运输局"]
        );
        assert_eq!(
            found(&p.heading),
            ["长沙市大数据中心", "上海市普陀区司法局"]
        );
        // the cheap test never turns away a line its regex matches
        for lp in [&p.labelled, &p.overview, &p.heading] {
            for l in &lines {
                assert!(!lp.re.is_match(l) || (lp.may_match)(l), "{l}");
            }
        }
        let c = p
            .cover
            .captures("2023年度长沙市大数据中心部门决算目录")
            .unwrap();
        assert_eq!(&c[2], "长沙市大数据中心");
    }
}
