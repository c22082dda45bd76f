//! A worksheet's cells → the blocks of its page.
//!
//! 1. Bands: runs of rows holding text, split at fully blank rows (a merged region whose top-left
//!    cell holds text keeps the rows it covers together).
//! 2. Each band is cut into caption rows, a body and note rows. Caption rows lead the band: a row
//!    (with the rows a merged cell in it covers) holding one text, or only labels (`编制单位：…`,
//!    `单位：万元`, `2023年度`, `公开01表`) beside at most one other text. Note rows end it: one
//!    text per row, the first starting with a note word (`注：`, `说明：`, …), ending a sentence
//!    or spanning most of the width. A caption or note row never cuts through a merged region.
//! 3. A band whose body starts without captions continues the table of the band above when that
//!    band ended in a body without notes and the columns overlap: blank rows inside a table do
//!    not split it, blank rows between two titled tables do.
//! 4. Blocks: caption rows become paragraphs (one line per text, left to right), the body a
//!    [`Grid`] when it has at least two rows and two columns (otherwise paragraphs, one per row),
//!    note rows paragraphs after it. The grid covers the body's rows and the band's columns;
//!    merged regions are spans, every other slot a cell (blank ones with empty text).

use crate::{SheetData, XlsxError};
use yjs_model::{BBox, Block, Cell, Grid, GridSource, Page, Paragraph, TextLine};

/// Width of a column on the synthetic page (points).
pub const COL_W: f64 = 60.0;
/// Height of a row on the synthetic page (points).
pub const ROW_H: f64 = 20.0;
/// Most slots (rows × columns) of one band of rows (one table region).
pub const MAX_GRID_SLOTS: u64 = 2_000_000;
/// Most grid slots (blank ones included) in the tables of one workbook.
pub const MAX_WORKBOOK_SLOTS: u64 = 4_000_000;

/// A text or a merged region on the sheet: inclusive rows and columns.
#[derive(Debug, Clone)]
struct Item {
    r0: u32,
    c0: u32,
    r1: u32,
    c1: u32,
    text: String,
}

impl Item {
    fn bbox(&self) -> BBox {
        BBox::new(
            self.c0 as f64 * COL_W,
            self.r0 as f64 * ROW_H,
            (self.c1 as f64 + 1.0) * COL_W,
            (self.r1 as f64 + 1.0) * ROW_H,
        )
    }
}

/// The page of one sheet; `slots` is what is left of the workbook's [`MAX_WORKBOOK_SLOTS`].
pub fn page(number: u32, sheet: &SheetData, slots: &mut u64) -> Result<Page, XlsxError> {
    // merged regions: the text of their top-left cell, if any
    let text_at = |r: u32, c: u32| -> Option<&str> {
        sheet
            .cells
            .binary_search_by_key(&(r, c), |x| (x.0, x.1))
            .ok()
            .map(|i| sheet.cells[i].2.as_str())
    };
    let mut merges: Vec<Item> = sheet
        .merges
        .iter()
        .map(|&((r0, c0), (r1, c1))| Item {
            r0,
            c0,
            r1,
            c1,
            text: text_at(r0, c0).unwrap_or_default().to_string(),
        })
        .collect();
    merges.sort_by_key(|m| (m.r0, m.c0));
    // bands: row intervals of the texts and of the merged regions holding text
    let mut spans: Vec<(u32, u32)> = sheet.cells.iter().map(|c| (c.0, c.0)).collect();
    spans.extend(
        merges
            .iter()
            .filter(|m| !m.text.is_empty())
            .map(|m| (m.r0, m.r1)),
    );
    spans.sort_unstable();
    let mut bands: Vec<(u32, u32)> = Vec::new();
    for (a, b) in spans {
        match bands.last_mut() {
            Some(last) if a <= last.1.saturating_add(1) => last.1 = last.1.max(b),
            _ => bands.push((a, b)),
        }
    }
    let (mut max_r, mut max_c) = (0u32, 0u32);
    for c in &sheet.cells {
        max_r = max_r.max(c.0);
        max_c = max_c.max(c.1);
    }
    for m in merges.iter().filter(|m| !m.text.is_empty()) {
        max_r = max_r.max(m.r1);
        max_c = max_c.max(m.c1);
    }
    // plans per band, then bands continuing the table above are joined
    let plans: Vec<Plan> = bands
        .iter()
        .map(|&(a, b)| plan(sheet, &merges, a, b))
        .collect::<Result<_, _>>()?;
    let joins = |q: &Plan, p: &Plan| {
        q.body.is_some()
            && q.notes.is_empty()
            && p.captions.is_empty()
            && p.body.is_some()
            && p.c0 <= q.c1
            && q.c0 <= p.c1
    };
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < plans.len() {
        let mut j = i;
        while j + 1 < plans.len() && joins(&plans[j], &plans[j + 1]) {
            j += 1;
        }
        if j == i {
            emit(&plans[i], &mut blocks, slots)?;
        } else {
            let joined = plan(sheet, &merges, plans[i].r0, plans[j].r1)?;
            emit(&joined, &mut blocks, slots)?;
        }
        i = j + 1;
    }
    Ok(Page {
        number,
        width: (max_c as f64 + 1.0) * COL_W,
        height: (max_r as f64 + 1.0) * ROW_H,
        turns: 0,
        blocks,
    })
}

/// A band cut into captions, body and notes.
#[derive(Debug)]
struct Plan {
    r0: u32,
    r1: u32,
    c0: u32,
    c1: u32,
    /// Text items anchored in the band, by (row, column); merged regions with their spans.
    items: Vec<Item>,
    /// Per band row (and one past the end): index of the first item anchored at or below it.
    row_start: Vec<usize>,
    /// Per band row: a merged region from a row above reaches into it.
    down: Vec<bool>,
    /// Per band row: the last row reached by the items anchored in it.
    reach: Vec<u32>,
    /// Caption units (row ranges), top down.
    captions: Vec<(u32, u32)>,
    /// Body rows.
    body: Option<(u32, u32)>,
    /// Note units, top down.
    notes: Vec<(u32, u32)>,
}

/// A band's layout: its items, where each row's items start, which rows continue a merged
/// region, and which rows are captions, body and notes.
fn plan(sheet: &SheetData, merges: &[Item], r0: u32, r1: u32) -> Result<Plan, XlsxError> {
    // texts and merged regions of the band; a merged region must lie inside it
    let lo = sheet.cells.partition_point(|c| c.0 < r0);
    let hi = sheet.cells.partition_point(|c| c.0 <= r1);
    let cells = &sheet.cells[lo..hi];
    let in_band: Vec<&Item> = merges[merges.partition_point(|m| m.r0 < r0)..]
        .iter()
        .take_while(|m| m.r0 <= r1)
        .filter(|m| m.r1 <= r1)
        .collect();
    let (c0, c1) = band_columns(cells, &in_band);
    let rows = (r1 - r0) as u64 + 1;
    let cols = (c1 - c0) as u64 + 1;
    if rows * cols > MAX_GRID_SLOTS {
        return Err(XlsxError::TooLarge(
            format!("a table region of {rows} rows × {cols} columns"),
            MAX_GRID_SLOTS,
        ));
    }
    let items = band_items(cells, in_band, (r0, c0), (rows, cols));
    let h = rows as usize;
    let row_start: Vec<usize> = (0..=h)
        .map(|r| items.partition_point(|i| ((i.r0 - r0) as usize) < r))
        .collect();
    let mut down = vec![false; h];
    let mut reach: Vec<u32> = (r0..=r1).collect();
    for i in &items {
        let r = (i.r0 - r0) as usize;
        reach[r] = reach[r].max(i.r1);
        // items never overlap, so this marks at most every slot once
        for d in &mut down[r + 1..=(i.r1 - r0) as usize] {
            *d = true;
        }
    }
    let mut p = Plan {
        r0,
        r1,
        c0,
        c1,
        items,
        row_start,
        down,
        reach,
        captions: Vec::new(),
        body: None,
        notes: Vec::new(),
    };
    let top = p.find_captions();
    p.find_notes(top);
    let body_end = p.notes.first().map_or(r1, |n| n.0.saturating_sub(1));
    if top <= body_end && p.notes.first().is_none_or(|n| n.0 > top) {
        p.body = Some((top, body_end));
    }
    Ok(p)
}

/// The band's first and last column: over its texts and the merged regions that hold text
/// (`(0, 0)` for a band without any).
fn band_columns(cells: &[(u32, u32, String)], merges: &[&Item]) -> (u32, u32) {
    let (mut c0, mut c1) = (u32::MAX, 0u32);
    for c in cells {
        c0 = c0.min(c.1);
        c1 = c1.max(c.1);
    }
    for m in merges.iter().filter(|m| !m.text.is_empty()) {
        c0 = c0.min(m.c0);
        c1 = c1.max(m.c1);
    }
    if c0 > c1 {
        (0, 0)
    } else {
        (c0, c1)
    }
}

/// The band's items sorted by (row, column): merged regions first (clipped to the band's
/// columns; one overlapping a region already placed is dropped, the scan's work bounded), then
/// the texts not hidden under a merged region.
fn band_items(
    cells: &[(u32, u32, String)],
    merges: Vec<&Item>,
    (r0, c0): (u32, u32),
    (rows, cols): (u64, u64),
) -> Vec<Item> {
    let c1 = c0 + (cols - 1) as u32;
    let w = cols as usize;
    let mut owner: Vec<u32> = vec![u32::MAX; w * rows as usize];
    let mut items: Vec<Item> = Vec::new();
    let mut work: u64 = 0;
    let work_limit = 4 * rows * cols + 1_000_000;
    for m in merges {
        // clip to the band's columns
        let (mc0, mc1) = (m.c0.max(c0), m.c1.min(c1));
        if mc0 > mc1 || m.c0 < c0 {
            continue;
        }
        let mut free = true;
        'scan: for r in m.r0..=m.r1 {
            for c in mc0..=mc1 {
                work += 1;
                if owner[(r - r0) as usize * w + (c - c0) as usize] != u32::MAX {
                    free = false;
                    break 'scan;
                }
            }
        }
        if work > work_limit {
            break;
        }
        if !free {
            continue;
        }
        let id = items.len() as u32;
        for r in m.r0..=m.r1 {
            for c in mc0..=mc1 {
                owner[(r - r0) as usize * w + (c - c0) as usize] = id;
            }
        }
        items.push(Item {
            c0: mc0,
            c1: mc1,
            ..m.clone()
        });
    }
    for (r, c, text) in cells {
        let slot = (r - r0) as usize * w + (c - c0) as usize;
        if owner[slot] == u32::MAX {
            owner[slot] = items.len() as u32;
            items.push(Item {
                r0: *r,
                c0: *c,
                r1: *r,
                c1: *c,
                text: text.clone(),
            });
        }
    }
    items.sort_by_key(|i| (i.r0, i.c0));
    items
}

impl Plan {
    /// Caption units, top down (units of one text, or of labels beside at most one text);
    /// returns the first row after them.
    fn find_captions(&mut self) -> u32 {
        let mut top = self.r0;
        while top <= self.r1 {
            let Some(end) = self.unit_at(top) else {
                break;
            };
            let texts = self.texts(top, end);
            let others = texts.iter().filter(|i| !is_label(&i.text)).count();
            if texts.is_empty() || others > 1 {
                break;
            }
            self.captions.push((top, end));
            top = end + 1;
        }
        top
    }

    /// Note units, bottom up to `top`: a run of one-text units, from the first that reads as
    /// a note or spans most of the band's width.
    fn find_notes(&mut self, top: u32) {
        let mut run: Vec<(u32, u32)> = Vec::new();
        let mut bottom = self.r1;
        while bottom >= top {
            let mut start = bottom;
            while start > top && self.down[(start - self.r0) as usize] {
                start -= 1;
            }
            if self.unit_at(start) != Some(bottom) || self.texts(start, bottom).len() != 1 {
                break;
            }
            run.push((start, bottom));
            if start == top {
                break;
            }
            bottom = start - 1;
        }
        run.reverse();
        let width = self.c1 - self.c0 + 1;
        if let Some(k) = run.iter().position(|&(a, b)| {
            self.texts(a, b).first().is_some_and(|i| {
                is_note(&i.text) || (width >= 2 && (i.c1 - i.c0 + 1) * 10 >= width * 6)
            })
        }) {
            self.notes = run[k..].to_vec();
        }
    }
}

impl Plan {
    /// The items anchored in rows `a..=b`.
    fn anchored(&self, a: u32, b: u32) -> &[Item] {
        let (a, b) = ((a - self.r0) as usize, (b - self.r0) as usize + 1);
        &self.items[self.row_start[a]..self.row_start[b]]
    }

    /// The items with text anchored in rows `a..=b`.
    fn texts(&self, a: u32, b: u32) -> Vec<&Item> {
        self.anchored(a, b)
            .iter()
            .filter(|i| !i.text.is_empty())
            .collect()
    }

    /// The rows of the standalone unit starting at `row`: the row with the rows its merged
    /// regions cover, `None` when a merged region from above reaches into it.
    fn unit_at(&self, row: u32) -> Option<u32> {
        if self.down[(row - self.r0) as usize] {
            return None;
        }
        let mut end = row;
        let mut r = row;
        while r <= end {
            end = end.max(self.reach[(r - self.r0) as usize]);
            r += 1;
        }
        Some(end)
    }
}

/// `编制单位：…`, `单位：万元`, `2023 年度`, `公开01表`: a label beside a title.
pub fn is_label(t: &str) -> bool {
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(i) = t.find(['：', ':']) {
        let key = &t[..i];
        return key.chars().count() <= 8
            && !key.contains(['(', '（', ')', '）'])
            && t.chars().count() <= 60;
    }
    let year = t
        .strip_suffix("年度")
        .or_else(|| t.strip_suffix('年'))
        .is_some_and(|y| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()));
    let numbered = {
        let core = t.trim_start_matches("公开").trim_start_matches('表');
        let core = core.strip_suffix('表').unwrap_or(core);
        core.len() < t.len()
            && !core.is_empty()
            && core
                .chars()
                .all(|c| c.is_ascii_digit() || c == '-' || "一二三四五六七八九十".contains(c))
    };
    year || numbered
}

/// `注：…`, `说明：…`, `备注…`, `附注…`, `数据来源…`, or a sentence.
pub fn is_note(t: &str) -> bool {
    let t = t.trim_start();
    let marker = t
        .strip_prefix('注')
        .is_some_and(|r| r.starts_with(|c: char| "：:、.．(（①1234567890 ".contains(c)))
        || ["说明", "备注", "附注", "数据来源", "资料来源", "填表说明"]
            .iter()
            .any(|w| t.starts_with(w));
    marker || t.ends_with('。')
}

fn paragraph(items: &[&Item]) -> Option<Block> {
    let lines: Vec<TextLine> = items
        .iter()
        .filter(|i| !i.text.is_empty())
        .map(|i| TextLine {
            text: i.text.clone(),
            bbox: i.bbox(),
            font_size: None,
            font: None,
        })
        .collect();
    let bbox = lines.iter().map(|l| l.bbox).reduce(|a, b| a.union(&b))?;
    Some(Block::Paragraph(Paragraph { bbox, lines }))
}

fn unit_paragraph(p: &Plan, (a, b): (u32, u32)) -> Option<Block> {
    let items: Vec<&Item> = p.anchored(a, b).iter().collect();
    paragraph(&items)
}

fn emit(p: &Plan, out: &mut Vec<Block>, slots: &mut u64) -> Result<(), XlsxError> {
    for &u in &p.captions {
        out.extend(unit_paragraph(p, u));
    }
    if let Some((a, b)) = p.body {
        if b > a && p.c1 > p.c0 {
            let area = (b - a + 1) as u64 * (p.c1 - p.c0 + 1) as u64;
            if area > *slots {
                return Err(XlsxError::TooLarge(
                    "too many table cells in the workbook".into(),
                    MAX_WORKBOOK_SLOTS,
                ));
            }
            *slots -= area;
            out.push(Block::Grid(grid(p, a, b)));
        } else {
            for r in a..=b {
                out.extend(unit_paragraph(p, (r, r)));
            }
        }
    }
    for &u in &p.notes {
        out.extend(unit_paragraph(p, u));
    }
    Ok(())
}

/// The body rows `a..=b` over the band's columns as a grid.
fn grid(p: &Plan, a: u32, b: u32) -> Grid {
    let rows = (b - a + 1) as usize;
    let cols = (p.c1 - p.c0 + 1) as usize;
    let mut covered = vec![false; rows * cols];
    let mut cells: Vec<Cell> = Vec::new();
    for i in p.anchored(a, b) {
        // a merged region never leaves the body (captions and notes are whole units)
        let r1 = i.r1.min(b);
        let (row, col) = ((i.r0 - a) as usize, (i.c0 - p.c0) as usize);
        let (rs, cs) = ((r1 - i.r0 + 1) as usize, (i.c1 - i.c0 + 1) as usize);
        for r in row..row + rs {
            for c in col..col + cs {
                covered[r * cols + c] = true;
            }
        }
        cells.push(Cell {
            row,
            col,
            row_span: rs,
            col_span: cs,
            bbox: Item { r1, ..i.clone() }.bbox(),
            text: i.text.clone(),
        });
    }
    for r in 0..rows {
        for c in 0..cols {
            if !covered[r * cols + c] {
                let (sr, sc) = (a + r as u32, p.c0 + c as u32);
                cells.push(Cell {
                    row: r,
                    col: c,
                    row_span: 1,
                    col_span: 1,
                    bbox: Item {
                        r0: sr,
                        c0: sc,
                        r1: sr,
                        c1: sc,
                        text: String::new(),
                    }
                    .bbox(),
                    text: String::new(),
                });
            }
        }
    }
    cells.sort_by_key(|c| (c.row, c.col));
    let col_edges: Vec<f64> = (0..=cols)
        .map(|c| (p.c0 as f64 + c as f64) * COL_W)
        .collect();
    let row_edges: Vec<f64> = (0..=rows).map(|r| (a as f64 + r as f64) * ROW_H).collect();
    let g = Grid::new(col_edges, row_edges, cells, GridSource::Native);
    debug_assert_eq!(g.validate(), Ok(()));
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(cells: &[(u32, u32, &str)], merges: &[crate::Region]) -> SheetData {
        let mut cells: Vec<(u32, u32, String)> = cells
            .iter()
            .map(|&(r, c, t)| (r, c, t.to_string()))
            .collect();
        cells.sort_by_key(|c| (c.0, c.1));
        SheetData {
            cells,
            merges: merges.to_vec(),
        }
    }

    fn pg(number: u32, s: &SheetData) -> Result<Page, XlsxError> {
        page(number, s, &mut MAX_WORKBOOK_SLOTS.clone())
    }

    fn texts(b: &Block) -> Vec<String> {
        match b {
            Block::Paragraph(p) => p.lines.iter().map(|l| l.text.clone()).collect(),
            Block::Grid(g) => g.cells.iter().map(|c| c.text.clone()).collect(),
        }
    }

    #[test]
    fn title_unit_rows_header_spans_and_a_note() {
        // A1:D1 title, A2 编制单位 | D2 单位, header A3:B3 项目 + C3:C4 / D3:D4, data, note
        let s = sheet(
            &[
                (0, 0, "收入决算表"),
                (1, 0, "编制单位：某局"),
                (1, 2, "2023年度"),
                (1, 3, "单位：万元"),
                (2, 0, "项目"),
                (2, 2, "本年收入合计"),
                (2, 3, "财政拨款收入"),
                (3, 0, "科目编码"),
                (3, 1, "科目名称"),
                (4, 0, "201"),
                (4, 1, "一般公共服务支出"),
                (4, 2, "264.87"),
                (4, 3, "264.87"),
                (6, 0, "注：本表反映部门本年度取得的各项收入情况。"),
            ],
            &[
                ((0, 0), (0, 3)),
                ((2, 0), (2, 1)),
                ((2, 2), (3, 2)),
                ((2, 3), (3, 3)),
            ],
        );
        let p = pg(3, &s).unwrap();
        assert_eq!(p.number, 3);
        assert_eq!((p.width, p.height), (240.0, 140.0));
        assert_eq!(p.blocks.len(), 4, "{:#?}", p.blocks);
        assert_eq!(texts(&p.blocks[0]), ["收入决算表"]);
        assert_eq!(
            texts(&p.blocks[1]),
            ["编制单位：某局", "2023年度", "单位：万元"]
        );
        let Block::Grid(g) = &p.blocks[2] else {
            panic!("{:?}", p.blocks[2])
        };
        g.validate().unwrap();
        assert_eq!((g.rows, g.cols, g.source), (3, 4, GridSource::Native));
        let c = g.cell_at(0, 0).unwrap();
        assert_eq!((c.text.as_str(), c.col_span, c.row_span), ("项目", 2, 1));
        let c = g.cell_at(0, 2).unwrap();
        assert_eq!((c.text.as_str(), c.row_span), ("本年收入合计", 2));
        assert_eq!(g.cell_at(2, 3).unwrap().text, "264.87");
        // provenance: sheet row 4 (0-based), column D
        assert_eq!(
            g.cell_at(2, 3).unwrap().bbox,
            BBox::new(180.0, 80.0, 240.0, 100.0)
        );
        assert_eq!(
            texts(&p.blocks[3]),
            ["注：本表反映部门本年度取得的各项收入情况。"]
        );
    }

    #[test]
    fn blank_rows_split_titled_tables_but_not_a_table() {
        let s = sheet(
            &[
                (0, 0, "政府性基金预算财政拨款收入支出决算表"),
                (1, 0, "项目"),
                (1, 1, "金额"),
                (2, 0, "合计"),
                (2, 1, "0.00"),
                // a blank row inside the table
                (4, 0, "其他"),
                (4, 1, "0.00"),
                // two blank rows, then a titled table
                (7, 0, "国有资本经营预算财政拨款支出决算表"),
                (8, 0, "项目"),
                (8, 1, "金额"),
                (9, 0, "合计"),
                (9, 1, ""),
            ],
            &[((0, 0), (0, 1)), ((7, 0), (7, 1))],
        );
        let p = pg(1, &s).unwrap();
        let kinds: Vec<&str> = p
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(_) => "p",
                Block::Grid(_) => "g",
            })
            .collect();
        assert_eq!(kinds, ["p", "g", "p", "g"]);
        let Block::Grid(g) = &p.blocks[1] else {
            panic!()
        };
        g.validate().unwrap();
        assert_eq!(g.rows, 4, "the blank row stays inside the first table");
        assert_eq!(g.cell_at(3, 1).unwrap().text, "0.00");
        assert_eq!(g.cell_at(2, 0).unwrap().text, "");
        let Block::Grid(g2) = &p.blocks[3] else {
            panic!()
        };
        assert_eq!(g2.rows, 2);
    }

    #[test]
    fn text_only_sheets_are_paragraphs_and_overlapping_merges_are_dropped() {
        let s = sheet(&[(0, 0, "第一部分 部门概况"), (2, 0, "一、主要职能")], &[]);
        let p = pg(1, &s).unwrap();
        assert_eq!(p.blocks.len(), 2);
        assert!(p.blocks.iter().all(|b| matches!(b, Block::Paragraph(_))));
        // overlapping merged regions (malformed) and a hidden text under a merge
        let s = sheet(
            &[
                (0, 0, "a"),
                (0, 1, "hidden"),
                (0, 2, "b"),
                (1, 0, "1.00"),
                (1, 1, "2.00"),
                (1, 2, "3.00"),
            ],
            &[((0, 0), (0, 1)), ((0, 1), (1, 1))],
        );
        let p = pg(1, &s).unwrap();
        let Block::Grid(g) = &p.blocks[0] else {
            panic!("{:?}", p.blocks)
        };
        g.validate().unwrap();
        assert!(!g.cells.iter().any(|c| c.text == "hidden"));
        assert_eq!(g.cell_at(0, 0).unwrap().col_span, 2);
    }

    #[test]
    fn empty_sheet_and_huge_regions() {
        let p = pg(1, &SheetData::default()).unwrap();
        assert!(p.blocks.is_empty());
        let s = sheet(
            &[(0, 0, "a"), (0, 16_000, "b"), (300, 0, "c")],
            &[((0, 0), (300, 0))],
        );
        assert!(matches!(pg(1, &s), Err(XlsxError::TooLarge(..))));
        // many small tables: the workbook's budget of grid slots runs out
        let s = sheet(&[(0, 0, "a"), (0, 1, "1"), (1, 0, "b"), (1, 1, "2")], &[]);
        let mut slots = 7;
        assert!(page(1, &s, &mut slots).is_ok());
        assert_eq!(slots, 3);
        assert!(matches!(
            page(1, &s, &mut slots),
            Err(XlsxError::TooLarge(..))
        ));
    }

    #[test]
    fn long_text_columns_are_linear() {
        // 30,000 rows of one text each: every row is its own paragraph, in linear time
        let texts: Vec<String> = (0..30_000).map(|i| format!("第{i}行")).collect();
        let cells: Vec<(u32, u32, &str)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (i as u32, 0, t.as_str()))
            .collect();
        let t = std::time::Instant::now();
        let p = pg(1, &sheet(&cells, &[])).unwrap();
        assert_eq!(p.blocks.len(), 30_000);
        assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
        // the same as a two-column list with a note under it
        let mut cells: Vec<(u32, u32, &str)> = texts
            .iter()
            .enumerate()
            .flat_map(|(i, t)| [(i as u32, 0, t.as_str()), (i as u32, 1, "1.00")])
            .collect();
        cells.push((30_000, 0, "注：以上为测试数据。"));
        let p = pg(1, &sheet(&cells, &[])).unwrap();
        assert_eq!(p.blocks.len(), 2);
        let Block::Grid(g) = &p.blocks[0] else {
            panic!()
        };
        assert_eq!((g.rows, g.cols), (30_000, 2));
    }

    #[test]
    fn labels_and_notes() {
        for t in [
            "单位：万元",
            "编制单位：长沙市大数据中心",
            "2023 年度",
            "公开01表",
            "表3",
        ] {
            assert!(is_label(t), "{t}");
        }
        for t in ["项目", "收入决算表", "项目（单位：元）", "合计", "2023"] {
            assert!(!is_label(t), "{t}");
        }
        assert!(is_note("注：本表反映…"));
        assert!(is_note("说明：本单位无政府性基金收支。"));
        assert!(!is_note("注册费"));
        assert!(!is_note("合计"));
    }
}
