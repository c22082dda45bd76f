//! Segmentation: finds each table's title, unit and grids (stitched across pages) in a document.
//!
//! Walking the blocks in reading order, each grid looks back at the text lines printed since the
//! previous grid on its page. The nearest line recognised by the schema registry is its title;
//! failing that, the nearest title-like line (ending in 表) makes it an unrecognised table. A grid
//! with no title line that starts a page right after a table continues that table (with or without
//! a repeated header), as does a grid whose title repeats the previous table's on the next page.

use crate::schema::{self, TableKey};
use yjs_model::{Block, Document, Grid, GridSource};

/// A reference to one grid: page index (0-based) and block index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridRef {
    /// 0-based page index.
    pub page: usize,
    /// Index of the grid among the page's blocks.
    pub block: usize,
}

/// A table found in the document: its title, unit, grids and notes, and its canonical key when
/// the title names one.
#[derive(Debug, Clone)]
pub struct TableInstance {
    /// Canonical key, `None` when the title is not one of CONTRACT.md's tables.
    pub key: Option<TableKey>,
    /// The title as printed (whitespace and enumerator removed).
    pub title: String,
    /// Money unit printed for this table (`万元`, `元`, `千元`).
    pub unit: Option<&'static str>,
    /// The money unit its headers and labels print in brackets, where they agree and the table
    /// prints no unit line ([`header_unit`]).
    pub header_unit: Option<&'static str>,
    /// The grids of the table in order (several when it spans pages).
    pub parts: Vec<GridRef>,
    /// 1-based page where the title is printed.
    pub page: u32,
    /// The 说明 / 注 text printed after the table (e.g. "本表无数据").
    pub notes: Vec<String>,
}

impl TableInstance {
    /// The money unit of the table's amounts: the one its caption prints, else the one every
    /// bracketed unit of its headers and labels names (`资金金额（万元）`, `预算数（单位：万元）`:
    /// a 绩效目标表 printed as a form has no caption unit and may differ from the report's).
    pub fn money_unit(&self) -> Option<&'static str> {
        self.unit.or(self.header_unit)
    }
}

/// The unit all bracketed units in the cells of grids `parts` agree on (`None` where none is
/// printed or two differ).
pub(crate) fn header_unit(doc: &Document, parts: &[GridRef]) -> Option<&'static str> {
    let mut units = parts
        .iter()
        .filter_map(|p| match doc.pages.get(p.page)?.blocks.get(p.block)? {
            Block::Grid(g) => Some(g),
            _ => None,
        })
        .flat_map(|g| g.cells.iter())
        .filter_map(|c| schema::bracketed_unit(&c.text));
    let first = units.next()?;
    units.all(|u| u == first).then_some(first)
}

/// Normalises a text line for matching: whitespace removed, enumerators stripped.
pub fn norm_line(s: &str) -> String {
    let mut t = schema::squeeze(s);
    // (the enumerator stripped in place: `strip_enumerator` returns a suffix of its input)
    let start = t.len() - schema::strip_enumerator(&t).len();
    t.drain(..start);
    t
}

/// A title at the foot of a page, its table on the next, is among the page's last lines: the
/// title, its unit, a caption.
const TRAILING_TITLE_LINES: usize = 3;

fn min_grid(rows: usize, cols: usize) -> bool {
    rows >= 2 && cols >= 2
}

/// Every table of `doc`, in document order (see the module's description).
pub fn segment(doc: &Document) -> Vec<TableInstance> {
    let mut walk = Walk {
        doc,
        running: running_lines(doc),
        tables: Vec::new(),
        last_page_of_prev: None,
        page: 0,
        lines: Vec::new(),
        grids_on_page: 0,
    };
    for (pi, page) in doc.pages.iter().enumerate() {
        walk.page = pi;
        walk.keep_trailing_title();
        walk.grids_on_page = 0;
        for (bi, block) in page.blocks.iter().enumerate() {
            match block {
                Block::Paragraph(p) => walk.paragraph(p),
                Block::Grid(g) if !min_grid(g.rows, g.cols) => walk.small_grid(g, bi),
                Block::Grid(g) => walk.grid(g, bi),
            }
        }
    }
    let mut tables = walk.tables;
    for t in tables.iter_mut().filter(|t| t.unit.is_none()) {
        t.header_unit = header_unit(doc, &t.parts);
    }
    tables
}

/// The state of [`segment`]'s walk over the blocks in reading order.
struct Walk<'a> {
    doc: &'a Document,
    /// The running headers and footers: lines that are no title (see [`running_lines`]).
    running: std::collections::HashSet<String>,
    tables: Vec<TableInstance>,
    /// The page index of the last grid placed.
    last_page_of_prev: Option<usize>,
    /// The page index being walked.
    page: usize,
    /// The text lines printed since the previous grid on this page.
    lines: Vec<String>,
    grids_on_page: usize,
}

impl Walk<'_> {
    /// A paragraph: its lines are title candidates; after a table on the same page, its notes.
    fn paragraph(&mut self, p: &yjs_model::Paragraph) {
        let lines = p.lines.iter().map(|l| norm_line(&l.text));
        let running = &self.running;
        self.lines
            .extend(lines.filter(|l| !is_page_number(l) && !running.contains(l)));
        if self.grids_on_page > 0 {
            if let Some(t) = self.tables.last_mut() {
                if t.parts.last().is_some_and(|g| g.page == self.page) {
                    t.notes.push(p.text());
                }
            }
        }
    }

    /// At a page break: the lines printed after the previous page's last grid are dropped,
    /// unless they end in a title (and its unit) whose table starts on this page.
    fn keep_trailing_title(&mut self) {
        let tail = self.lines.len().saturating_sub(TRAILING_TITLE_LINES);
        match (tail..self.lines.len()).find(|&i| schema::is_title_like(&title_part(&self.lines[i])))
        {
            Some(i) => {
                self.lines.drain(..i);
            }
            None => self.lines.clear(),
        }
    }

    /// A grid too small for a table: a single row at the top of the next page with the previous
    /// table's columns ends that table; otherwise (a one-row layout table such as
    /// `单位：… | 2023年度 | 单位：万元`) its cells are caption text.
    fn small_grid(&mut self, g: &Grid, bi: usize) {
        let continues = g.cols >= 2
            && self.lines.is_empty()
            && self.starts_next_page()
            && self.previous_part().is_some_and(|p| {
                matches!(&self.doc.pages[p.page].blocks[p.block], Block::Grid(pg) if pg.cols == g.cols)
            });
        if !continues {
            let cells = g.cells.iter().map(|c| norm_line(&c.text));
            self.lines.extend(cells.filter(|t| !t.is_empty()));
            return;
        }
        if let Some(t) = self.tables.last_mut() {
            t.parts.push(GridRef {
                page: self.page,
                block: bi,
            });
        }
        self.placed();
    }

    /// A table's grid: a new table under its title, or the next part of the previous table.
    fn grid(&mut self, g: &Grid, bi: usize) {
        // caption rows printed inside the grid (a title or unit in a merged cell)
        let (_, inner) = caption_rows(g);
        let mut candidates: Vec<String> = self.lines.iter().map(|l| title_part(l)).collect();
        candidates.extend(inner.iter().map(|l| title_part(l)));
        let by_ocr = self.doc.ocr.contains(&self.doc.pages[self.page].number);
        let classify = |l: &str| {
            if by_ocr {
                schema::classify_ocr_title(l)
            } else {
                schema::classify_title(l)
            }
        };
        let header = g
            .cells
            .iter()
            .filter(|c| c.row < schema::REKEY_HEADER_ROWS)
            .map(|c| c.text.as_str());
        let recognised = candidates.iter().rev().find_map(|l| {
            classify(l).map(|k| (schema::rekeyed_by_header(k, header.clone()), l.clone()))
        });
        let title_like = candidates
            .iter()
            .rev()
            .find(|l| schema::is_title_like(l))
            .cloned();
        let unit = self
            .lines
            .iter()
            .chain(inner.iter())
            .rev()
            .find_map(|l| schema::unit_of(l));
        let gref = GridRef {
            page: self.page,
            block: bi,
        };
        let prev_adjacent = self.continues_previous(g, inner.is_empty());
        match (recognised, title_like) {
            (Some((key, title)), _) => {
                // the previous table's title repeated over its continuation (or marked 续),
                // not another table of the same key (… 按功能分类 then … 按经济分类)
                let same = |t: &TableInstance| {
                    t.key == Some(key) && without_continued(&t.title) == without_continued(&title)
                };
                if prev_adjacent && self.tables.last().is_some_and(same) {
                    self.tables.last_mut().unwrap().parts.push(gref);
                } else {
                    self.push_table(Some(key), title, unit, gref);
                }
            }
            (None, Some(title)) if !is_continuation_marker(&title) => {
                self.push_table(None, title, unit, gref);
            }
            _ => {
                if prev_adjacent && !self.tables.is_empty() {
                    let t = self.tables.last_mut().unwrap();
                    t.parts.push(gref);
                    if t.unit.is_none() {
                        t.unit = unit;
                    }
                } else {
                    let title = title_like_or_first(&self.lines);
                    self.push_table(None, title, unit, gref);
                }
            }
        }
        self.placed();
        self.lines.clear();
    }

    /// Does `g` continue the previous table? On the next page before any other grid, or right
    /// below it on the same page when nothing is printed between two grids with the same columns.
    fn continues_previous(&self, g: &Grid, no_inner_captions: bool) -> bool {
        let page = &self.doc.pages[self.page];
        self.starts_next_page()
            || (self.grids_on_page > 0
                && self.lines.is_empty()
                && no_inner_captions
                && self
                    .previous_part()
                    .is_some_and(|p| p.page == self.page && same_columns(&page.blocks[p.block], g)))
    }

    /// Is this the first grid of the page after the previous table's page?
    fn starts_next_page(&self) -> bool {
        self.last_page_of_prev
            .is_some_and(|lp| lp + 1 == self.page && self.grids_on_page == 0)
    }

    /// The last grid of the previous table.
    fn previous_part(&self) -> Option<&GridRef> {
        self.tables.last().and_then(|t| t.parts.last())
    }

    /// A new table of one grid, titled on this page.
    fn push_table(
        &mut self,
        key: Option<TableKey>,
        title: String,
        unit: Option<&'static str>,
        gref: GridRef,
    ) {
        self.tables.push(TableInstance {
            key,
            title,
            unit,
            header_unit: None,
            parts: vec![gref],
            page: self.doc.pages[self.page].number,
            notes: Vec::new(),
        });
    }

    /// A grid was placed on this page.
    fn placed(&mut self) {
        self.last_page_of_prev = Some(self.page);
        self.grids_on_page += 1;
    }
}

/// A title without its continuation mark (`收入决算表（续）` → `收入决算表`).
fn without_continued(t: &str) -> &str {
    ["（续）", "(续)", "续表", "续"]
        .iter()
        .find_map(|m| t.strip_suffix(m))
        .unwrap_or(t)
}

/// A running header or footer repeats on at least this share of a document's pages (a table's
/// title, repeated over the pages of its table, is on far fewer).
const RUNNING_SHARE: f64 = 0.5;
/// … and on at least this many pages.
const RUNNING_MIN_PAGES: usize = 3;

/// The lines printed on most pages (`无锡市统计局2026年度部门预算公开` at the top of each): a
/// running header or footer, never a table's title, and no text between a table and its
/// continuation. Units and captions (`单位：万元`, `部门：…`) and title-like lines are kept,
/// however often they repeat: each belongs to the table below it.
fn running_lines(doc: &Document) -> std::collections::HashSet<String> {
    let mut pages_of: std::collections::HashMap<String, usize> = Default::default();
    for page in &doc.pages {
        let mut seen: std::collections::HashSet<String> = Default::default();
        for b in &page.blocks {
            if let Block::Paragraph(p) = b {
                seen.extend(p.lines.iter().map(|l| norm_line(&l.text)));
            }
        }
        for l in seen.into_iter().filter(|l| !l.is_empty()) {
            *pages_of.entry(l).or_default() += 1;
        }
    }
    let least = RUNNING_MIN_PAGES.max((doc.pages.len() as f64 * RUNNING_SHARE).ceil() as usize);
    pages_of
        .into_iter()
        .filter(|(l, n)| *n >= least && !is_label_caption(l) && !schema::is_title_like(l))
        .map(|(l, _)| l)
        .collect()
}

/// A page number line: `- 9 -`, `9`, `第9页`, `第 9 页 共 20 页`.
fn is_page_number(l: &str) -> bool {
    let t = l.trim_matches(|c: char| matches!(c, '-' | '－' | '—' | '–'));
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if digits(t) {
        return true;
    }
    let Some(rest) = t.strip_prefix('第') else {
        return false;
    };
    let (n, tail) = rest.split_once('页').unwrap_or((rest, "x"));
    digits(n)
        && (tail.is_empty()
            || tail
                .strip_prefix('共')
                .and_then(|r| r.strip_suffix('页'))
                .is_some_and(digits))
}

/// What the document's text says of its tables: the canonical tables whose titles it names (the
/// 目录 lists them all), those the 目录 marks as printed empty (`表9 … 是 不涉及`), and whether it
/// prints a 目录 at all (its tables are then the ones it names). One pass over the text lines.
#[derive(Debug, Default)]
pub struct Listing {
    /// The tables named.
    pub titles: Vec<TableKey>,
    /// The tables a line names as printed empty.
    pub empty: Vec<TableKey>,
    /// A `目录` heading line is printed.
    pub contents: bool,
}

/// Words that start a line referring to a table elsewhere (`详见…表`).
const REFERENCE_WORDS: &[&str] = &["详见", "参见", "具体见", "见附"];

/// Words by which a 目录 says that a table is printed empty (`表9 … 是 不涉及`).
const EMPTY_IN_CONTENTS: &[&str] = &["不涉及", "空表", "无数据"];

/// The document's [`Listing`].
pub fn listing(doc: &Document) -> Listing {
    let mut out = Listing::default();
    let add = |keys: &mut Vec<TableKey>, title: &str| {
        // 目录 lines end with dot leaders and a page number
        let t = title.trim_end_matches(|c: char| c.is_ascii_digit() || "…．.·-— ".contains(c));
        if let Some(k) = schema::classify_title(&title_part(t)) {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    };
    for page in &doc.pages {
        for b in &page.blocks {
            let Block::Paragraph(p) = b else { continue };
            for l in &p.lines {
                let line = norm_line(&l.text);
                out.contents |= line == "目录";
                // `详见单位的项目绩效目标表`: a table of another document, not a listing
                if REFERENCE_WORDS.iter().any(|w| line.starts_with(w)) {
                    continue;
                }
                add(&mut out.titles, &line);
                if EMPTY_IN_CONTENTS.iter().any(|w| line.contains(w)) {
                    // the title up to its last 表, before the 目录's remark
                    if let Some(i) = line.rfind('表') {
                        add(&mut out.empty, &line[..i + '表'.len_utf8()]);
                    }
                }
            }
        }
    }
    out
}

/// Tables printed without a grid: a title line followed, within a few lines on its page, by a
/// note that the table has no data (`…故本表无数据`), or by header lines naming two or more of
/// its columns. A borderless empty table has no rows to rebuild a grid from, but it is printed.
pub fn titled_without_grid(doc: &Document) -> Vec<TableKey> {
    let mut keys = Vec::new();
    for page in &doc.pages {
        let lines: Vec<String> = page
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(
                    p.lines
                        .iter()
                        .map(|l| norm_line(&l.text))
                        .collect::<Vec<_>>(),
                ),
                _ => None,
            })
            .flatten()
            .collect();
        for (i, l) in lines.iter().enumerate() {
            let Some(k) = schema::classify_title(&title_part(l)) else {
                continue;
            };
            // up to the next title on the page (a note wrapped after `…故本表` is no title)
            let noted = lines
                .iter()
                .skip(i + 1)
                .take_while(|n| {
                    !schema::is_title_like(n) || n.starts_with('注') || n.starts_with("说明")
                })
                .any(|n| {
                    [
                        "无数据",
                        "空表",
                        "本表无",
                        "没有使用",
                        "没有政府性基金",
                        "没有国有资本",
                        // 湖南: 此表如无数字则表示单位无该项支出
                        "无数字",
                        "无该项",
                    ]
                    .iter()
                    .any(|w| n.contains(w))
                });
            // or by its column headers, its body left blank (a 三线表 whose one row has no
            // value): two or more short lines right below the title (its caption lines —
            // 编制部门：…, 单位：万元 — aside) that name different columns of it (a sentence, or
            // the next title, ends the search: a 目录 entry is followed by other entries and text)
            let headed = || {
                let mut named: Vec<String> = lines
                    .iter()
                    .skip(i + 1)
                    .filter(|n| !is_label_caption(n))
                    .take_while(|n| {
                        !schema::is_title_like(n) && n.chars().count() <= HEADER_LINE_CHARS
                    })
                    .take(HEADER_LINES)
                    .filter_map(|n| schema::value_column(k, None, std::slice::from_ref(n)))
                    .collect();
                named.sort();
                named.dedup();
                named.len() >= 2
            };
            if !keys.contains(&k) && (noted || headed()) {
                keys.push(k);
            }
        }
    }
    keys
}

/// A column header printed as a line is at most this long (the longest, 公务用车购置及运行维护费,
/// has 11 characters); a longer line is a sentence.
const HEADER_LINE_CHARS: usize = 16;

/// The header lines of a borderless table are looked for this far below its title (a table of
/// two header rows and a dozen columns).
const HEADER_LINES: usize = 24;

/// The title part of a line that also carries the unit (`收入支出决算总表 单位：万元`).
fn title_part(l: &str) -> String {
    match l.find("单位") {
        Some(i) if i > 0 && schema::unit_of(&l[i..]).is_some() => {
            l[..i].trim_end_matches(['（', '(', ' ']).to_string()
        }
        _ => l.to_string(),
    }
}

/// At most this many leading rows of a grid are captions (a title, a unit line, a department
/// line): a deeper row is the header.
const MAX_CAPTION_ROWS: usize = 3;

/// A single text spanning at least this many tenths of a grid's columns is a title row, not a
/// header cell (headers span a block, titles the table).
const TITLE_SPAN_TENTHS: usize = 6;

/// Leading grid rows that are captions: one text spanning most of the width (a title), or only
/// unit / department labels.
pub fn caption_rows(g: &yjs_model::Grid) -> (usize, Vec<String>) {
    let mut out = Vec::new();
    let mut rows = 0;
    for r in 0..g.rows.min(MAX_CAPTION_ROWS) {
        let cells: Vec<&yjs_model::Cell> = g
            .cells
            .iter()
            .filter(|c| c.row == r && !c.text.trim().is_empty())
            .collect();
        let is_caption = match cells.as_slice() {
            [] => false,
            [one] if one.col_span * 10 >= g.cols * TITLE_SPAN_TENTHS && g.cols >= 2 => true,
            many => many.iter().all(|c| is_label_caption(&norm_line(&c.text))),
        };
        if !is_caption {
            break;
        }
        out.extend(cells.iter().map(|c| norm_line(&c.text)));
        rows = r + 1;
    }
    (rows, out)
}

/// `单位：万元`, `编制单位：…`, `预算主管部门：…`, `公开02表`.
pub fn is_label_caption(t: &str) -> bool {
    schema::unit_of(t).is_some()
        || [
            "编制单位",
            "编制部门",
            "预算主管部门",
            "预算单位",
            "单位：",
            "单位:",
            "部门：",
            "部门:",
        ]
        .iter()
        .any(|p| t.starts_with(p))
        || is_continuation_marker(t)
}

/// How far (pt) the same column's edges or text may lie apart in two grids: less than a
/// character, so that two columns never snap together.
pub(crate) const COLUMN_SNAP_PT: f64 = 3.0;

/// Do two grids have the same columns (count, and edges within [`COLUMN_SNAP_PT`] unless both
/// come from a flow format's native tables)?
fn same_columns(prev: &Block, g: &yjs_model::Grid) -> bool {
    match prev {
        Block::Grid(p) => {
            // a flow format's table widths need not match between the two parts
            let native = p.source == GridSource::Native && g.source == GridSource::Native;
            p.cols == g.cols
                && (native
                    || p.col_edges
                        .iter()
                        .zip(&g.col_edges)
                        .all(|(a, b)| (a - b).abs() <= COLUMN_SNAP_PT))
        }
        _ => false,
    }
}

/// Lines such as `公开02表`, `表3` or `（续表）` name no table of their own.
fn is_continuation_marker(s: &str) -> bool {
    s.contains('续') || {
        let t = s
            .trim_start_matches("公开")
            .trim_start_matches('表')
            .trim_end_matches('表');
        !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '-')
    }
}

fn title_like_or_first(lines: &[String]) -> String {
    lines.last().cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use yjs_model::{BBox, Cell, Format, Grid, GridSource, Page, Paragraph, TextLine};

    fn para(t: &str) -> Block {
        Block::Paragraph(Paragraph {
            bbox: BBox::default(),
            lines: vec![TextLine {
                text: t.into(),
                bbox: BBox::default(),
                font_size: None,
                font: None,
            }],
        })
    }

    fn grid() -> Block {
        let cells = (0..4)
            .map(|i| Cell {
                row: i / 2,
                col: i % 2,
                row_span: 1,
                col_span: 1,
                bbox: BBox::default(),
                text: String::new(),
            })
            .collect();
        Block::Grid(Grid {
            bbox: BBox::default(),
            rows: 2,
            cols: 2,
            col_edges: vec![0.0, 1.0, 2.0],
            row_edges: vec![0.0, 1.0, 2.0],
            cells,
            source: GridSource::Rulings,
            col_text: Vec::new(),
        })
    }

    fn page(n: u32, blocks: Vec<Block>) -> Page {
        Page {
            number: n,
            width: 595.0,
            height: 842.0,
            turns: 0,
            blocks,
        }
    }

    #[test]
    fn an_empty_table_with_the_hunan_note_is_printed() {
        let doc = Document {
            format: Format::Pdf,
            info: vec![],
            damaged: vec![],
            undecoded: vec![],
            ocr: vec![],
            ocr_words: Vec::new(),
            pages: vec![page(
                1,
                vec![
                    para("2025年政府性基金预算支出情况表"),
                    para("单位：万元"),
                    para("合计"),
                    para("注：本表反映部门本年度政府性基金预算收入支出情况，此表如无数字则表示单位无该项支出。"),
                ],
            )],
        };
        assert_eq!(titled_without_grid(&doc), vec![TableKey::GovFund]);
    }

    #[test]
    fn an_empty_table_whose_note_wraps_after_ben_biao_is_printed() {
        let doc = Document {
            format: Format::Pdf,
            info: vec![],
            damaged: vec![],
            undecoded: vec![],
            ocr: vec![],
            ocr_words: Vec::new(),
            pages: vec![page(
                1,
                vec![
                    para("国有资本经营预算财政拨款收入支出决算表"),
                    para("单位：万元"),
                    para("项目 本年支出"),
                    para("合计"),
                    para("说明：某中心本年度没有国有资本经营预算财政拨款收入和支出，故本表"),
                    para("无数据。"),
                ],
            )],
        };
        assert_eq!(titled_without_grid(&doc), vec![TableKey::StateCapital]);
    }

    #[test]
    fn a_table_printed_with_its_headers_and_no_row_is_printed_but_a_contents_entry_is_not() {
        let doc = |blocks: Vec<Block>| Document {
            format: Format::Pdf,
            info: vec![],
            damaged: vec![],
            undecoded: vec![],
            ocr: vec![],
            ocr_words: Vec::new(),
            pages: vec![page(1, blocks)],
        };
        // a 三线表 whose one row is blank: the title, its captions, the headers, no amount
        let printed = doc(vec![
            para("2021年部门“三公”经费和机关运行经费预算表"),
            para("编制部门：上海市徐汇区财政绩效评价中心"),
            para("单位:万元"),
            para("“三公”经费预算数"),
            para("机关运行经费"),
            para("公务用车购置及运行费"),
            para("合计"),
            para("公务接待费"),
            para("购置费"),
            para("运行费"),
        ]);
        assert_eq!(titled_without_grid(&printed), vec![TableKey::ThreePublic]);
        // the last entry of a 目录, followed by a heading and the text
        let listed = doc(vec![
            para("9．2019年部门“三公”经费和机关运行经费预算表"),
            para("六、其他相关情况说明"),
            para("上海市普陀区财政绩效评价中心主要职能"),
            para("公务接待费"),
            para("公务用车运行费"),
        ]);
        assert!(titled_without_grid(&listed).is_empty());
    }

    #[test]
    fn a_title_at_the_foot_of_a_page_names_the_table_on_the_next() {
        let doc = Document {
            format: yjs_model::Format::Pdf,
            info: vec![],
            damaged: vec![],
            undecoded: vec![],
            ocr: vec![],
            ocr_words: Vec::new(),
            pages: vec![
                page(
                    1,
                    vec![
                        para("支出总表"),
                        grid(),
                        para("本部门会议费预算支出46.18万元。"),
                        para("会议费明细表"),
                        para("单位：万元"),
                    ],
                ),
                page(2, vec![grid()]),
                page(
                    3,
                    vec![para("二、收入总表"), grid(), para("以上为收入情况。")],
                ),
                page(4, vec![grid()]),
            ],
        };
        let t = segment(&doc);
        let got: Vec<(Option<TableKey>, &str, usize)> = t
            .iter()
            .map(|t| (t.key, t.title.as_str(), t.parts.len()))
            .collect();
        assert_eq!(
            got,
            [
                (Some(TableKey::Expenditure), "支出总表", 1),
                (Some(TableKey::Meetings), "会议费明细表", 1),
                // a note after a table is no title: the next page's grid continues it
                (Some(TableKey::Income), "收入总表", 2),
            ]
        );
        assert_eq!(t[1].unit, Some("万元"));
    }

    #[test]
    fn page_numbers_and_running_headers_are_no_text_between_a_table_and_its_rest() {
        for l in ["-9-", "9", "第9页", "第9页共20页", "－12－"] {
            assert!(is_page_number(l), "{l}");
        }
        for l in ["表4", "第二部分", "第9页说明", "9.00"] {
            assert!(!is_page_number(l), "{l}");
        }
        let header = || para("无锡市统计局 2026 年度部门预算公开");
        let doc = Document {
            format: yjs_model::Format::Pdf,
            info: vec![],
            damaged: vec![],
            undecoded: vec![],
            ocr: vec![],
            ocr_words: Vec::new(),
            pages: vec![
                page(1, vec![header(), para("支出总表"), grid(), para("- 9 -")]),
                page(2, vec![header(), grid(), para("- 10 -")]),
                page(3, vec![header(), para("收入总表"), grid()]),
            ],
        };
        let t = segment(&doc);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].key, Some(TableKey::Expenditure));
        assert_eq!(t[0].parts.len(), 2, "page 2 continues the table");
        assert_eq!(t[1].key, Some(TableKey::Income));
    }

    /// The next page's title of the same key is another table unless it repeats the title (or
    /// marks it 续); a 目录 entry marked 不涉及 is a table printed empty.
    #[test]
    fn another_title_of_the_same_key_is_another_table() {
        let doc = Document {
            format: yjs_model::Format::Pdf,
            info: vec![],
            damaged: vec![],
            undecoded: vec![],
            ocr: vec![],
            ocr_words: Vec::new(),
            pages: vec![
                page(
                    1,
                    vec![
                        para("表9 部门综合预算政府性基金收支表 是 不涉及"),
                        para("详见单位的项目绩效目标表"),
                    ],
                ),
                page(2, vec![para("收入决算表"), grid()]),
                page(3, vec![para("收入决算表（续）"), grid()]),
                page(4, vec![para("收入决算表（按单位）"), grid()]),
            ],
        };
        let t = segment(&doc);
        let parts: Vec<usize> = t.iter().map(|t| t.parts.len()).collect();
        assert_eq!(parts, vec![2, 1]);
        let listed = listing(&doc);
        assert_eq!(listed.empty, vec![TableKey::GovFund]);
        assert!(listed.titles.contains(&TableKey::Income));
        assert!(!listed.titles.contains(&TableKey::Performance));
        assert!(!listed.contents);
    }

    #[test]
    fn titles_units_and_continuations() {
        let doc = Document {
            format: Format::Pdf,
            info: vec![],
            damaged: vec![],
            undecoded: vec![],
            ocr: vec![],
            ocr_words: Vec::new(),
            pages: vec![
                page(
                    1,
                    vec![
                        para("二、收入决算表"),
                        para("收入决算表"),
                        para("公开02表"),
                        para("单位：万元"),
                        grid(),
                    ],
                ),
                page(2, vec![grid()]),
                page(
                    3,
                    vec![para("2026年部门债务余额明细表"), para("单位：元"), grid()],
                ),
                page(
                    4,
                    vec![
                        para("支出决算表"),
                        grid(),
                        para("注：本表反映部门本年度各项支出情况。"),
                    ],
                ),
            ],
        };
        let t = segment(&doc);
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].key, Some(TableKey::Income));
        assert_eq!(t[0].unit, Some("万元"));
        assert_eq!(t[0].parts.len(), 2, "page 2 continues the income table");
        assert_eq!(t[1].key, None);
        assert_eq!(t[1].title, "2026年部门债务余额明细表");
        assert_eq!(t[1].unit, Some("元"));
        assert_eq!(t[2].key, Some(TableKey::Expenditure));
        assert_eq!(t[2].notes.len(), 1);
    }
}
