//! Page layout: rulings → grids (lattice reconstruction with merged cells), glyphs → cell text,
//! and the remaining glyphs → text lines → paragraphs, all in reading order.
//!
//! Coordinates here are page space with the origin at the top-left corner (y grows downwards).
//!
//! Grid reconstruction: horizontal and vertical rulings are merged into maximal lines, grouped
//! into tables by intersection, and the distinct line positions give the slot grid. Two adjacent
//! slots belong to one cell when no ruling separates them (a ruling "separates" when it covers at
//! least half of the shared edge). Each glyph goes to the cell that contains its centre, so a blank
//! cell stays blank and can never shift a value into the next column.

use crate::text::{group_lines, line_text, one_band, segments, Char};
use yjs_model::{BBox, Block, Cell, Grid, GridSource, Paragraph, TextLine};

#[derive(Debug, Clone, Copy)]
pub struct HLine {
    pub y: f64,
    pub x0: f64,
    pub x1: f64,
}

#[derive(Debug, Clone, Copy)]
pub struct VLine {
    pub x: f64,
    pub y0: f64,
    pub y1: f64,
}

/// Tolerance for "the same coordinate" between rulings, in points.
const SNAP: f64 = 2.5;
/// Gap allowed when joining two collinear pieces of one ruling.
const JOIN_GAP: f64 = 2.5;

pub fn merge_h(mut v: Vec<HLine>) -> Vec<HLine> {
    v.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut out: Vec<HLine> = Vec::new();
    let mut i = 0;
    while i < v.len() {
        let mut j = i;
        while j + 1 < v.len() && v[j + 1].y - v[i].y <= 1.0 {
            j += 1;
        }
        let y = v[i..=j].iter().map(|l| l.y).sum::<f64>() / (j - i + 1) as f64;
        let mut group: Vec<HLine> = v[i..=j].to_vec();
        group.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let mut cur = HLine {
            y,
            x0: group[0].x0,
            x1: group[0].x1,
        };
        for l in &group[1..] {
            if l.x0 <= cur.x1 + JOIN_GAP {
                cur.x1 = cur.x1.max(l.x1);
            } else {
                out.push(cur);
                cur = HLine {
                    y,
                    x0: l.x0,
                    x1: l.x1,
                };
            }
        }
        out.push(cur);
        i = j + 1;
    }
    out
}

pub fn merge_v(v: Vec<VLine>) -> Vec<VLine> {
    let h: Vec<HLine> = v
        .into_iter()
        .map(|l| HLine {
            y: l.x,
            x0: l.y0,
            x1: l.y1,
        })
        .collect();
    merge_h(h)
        .into_iter()
        .map(|l| VLine {
            x: l.y,
            y0: l.x0,
            y1: l.x1,
        })
        .collect()
}

fn find(p: &mut [usize], mut i: usize) -> usize {
    while p[i] != i {
        p[i] = p[p[i]];
        i = p[i];
    }
    i
}

fn union(p: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(p, a), find(p, b));
    if ra != rb {
        p[ra.max(rb)] = ra.min(rb);
    }
}

/// Clusters sorted values: members within `tol` of the cluster's first value share its mean.
fn cluster(mut v: Vec<f64>, tol: f64) -> Vec<f64> {
    v.sort_by(|a, b| a.total_cmp(b));
    let mut out = Vec::new();
    let mut i = 0;
    while i < v.len() {
        let mut j = i;
        while j + 1 < v.len() && v[j + 1] - v[i] <= tol {
            j += 1;
        }
        out.push(v[i..=j].iter().sum::<f64>() / (j - i + 1) as f64);
        i = j + 1;
    }
    out
}

/// A table skeleton: slot edges and which slots merge into cells.
#[derive(Debug)]
pub struct Lattice {
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
    /// (row, col, row_span, col_span) per cell.
    pub cells: Vec<(usize, usize, usize, usize)>,
    /// slot → cell index, row-major.
    pub slot_cell: Vec<usize>,
    /// The rulings the lattice was built from.
    pub hs: Vec<HLine>,
    pub vs: Vec<VLine>,
}

impl Lattice {
    fn locate(edges: &[f64], v: f64) -> Option<usize> {
        if edges.len() < 2 || v < edges[0] - 1.0 || v > edges[edges.len() - 1] + 1.0 {
            return None;
        }
        let k = edges.partition_point(|e| *e <= v);
        Some(k.saturating_sub(1).min(edges.len() - 2))
    }
    /// The cell index containing point (x, y), if inside.
    pub fn cell_at(&self, x: f64, y: f64) -> Option<usize> {
        let c = Self::locate(&self.xs, x)?;
        let r = Self::locate(&self.ys, y)?;
        Some(self.slot_cell[r * (self.xs.len() - 1) + c])
    }
}

/// Finds the tables drawn by rulings on a page.
pub fn lattices(h: &[HLine], v: &[VLine]) -> Vec<Lattice> {
    let nh = h.len();
    let mut parent: Vec<usize> = (0..nh + v.len()).collect();
    for (i, hl) in h.iter().enumerate() {
        for (j, vl) in v.iter().enumerate() {
            if vl.x >= hl.x0 - SNAP
                && vl.x <= hl.x1 + SNAP
                && hl.y >= vl.y0 - SNAP
                && hl.y <= vl.y1 + SNAP
            {
                union(&mut parent, i, nh + j);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<usize>, Vec<usize>)> =
        Default::default();
    for i in 0..nh {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().0.push(i);
    }
    for j in 0..v.len() {
        let r = find(&mut parent, nh + j);
        groups.entry(r).or_default().1.push(j);
    }
    let mut out = Vec::new();
    for (_, (hi, vi)) in groups {
        if hi.len() < 2 || vi.len() < 2 {
            continue;
        }
        let hs: Vec<HLine> = hi.iter().map(|&i| h[i]).collect();
        let vs: Vec<VLine> = vi.iter().map(|&j| v[j]).collect();
        if let Some(l) = build_lattice(hs, vs) {
            out.push(l);
        }
    }
    out
}

fn covered(intervals: impl Iterator<Item = (f64, f64)>, a: f64, b: f64) -> bool {
    let mut total = 0.0;
    for (s, e) in intervals {
        let o = e.min(b) - s.max(a);
        if o > 0.0 {
            total += o;
        }
    }
    total >= 0.5 * (b - a)
}

fn build_lattice(hs: Vec<HLine>, vs: Vec<VLine>) -> Option<Lattice> {
    let mut xs_raw: Vec<f64> = vs.iter().map(|l| l.x).collect();
    let mut ys_raw: Vec<f64> = hs.iter().map(|l| l.y).collect();
    // open-sided tables: the outer extent of the other direction's lines is an edge too
    let hx0 = hs.iter().map(|l| l.x0).fold(f64::MAX, f64::min);
    let hx1 = hs.iter().map(|l| l.x1).fold(f64::MIN, f64::max);
    let vy0 = vs.iter().map(|l| l.y0).fold(f64::MAX, f64::min);
    let vy1 = vs.iter().map(|l| l.y1).fold(f64::MIN, f64::max);
    xs_raw.extend([hx0, hx1]);
    ys_raw.extend([vy0, vy1]);
    let xs = cluster(xs_raw, SNAP);
    let ys = cluster(ys_raw, SNAP);
    if xs.len() < 2 || ys.len() < 2 {
        return None;
    }
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    if rows * cols > 200_000 {
        return None;
    }
    // separator presence
    let vsep = |r: usize, k: usize| -> bool {
        // vertical edge at xs[k] between ys[r]..ys[r+1]
        if k == 0 || k == cols {
            return true;
        }
        covered(
            vs.iter()
                .filter(|l| (l.x - xs[k]).abs() <= SNAP)
                .map(|l| (l.y0, l.y1)),
            ys[r],
            ys[r + 1],
        )
    };
    let hsep = |k: usize, c: usize| -> bool {
        if k == 0 || k == rows {
            return true;
        }
        covered(
            hs.iter()
                .filter(|l| (l.y - ys[k]).abs() <= SNAP)
                .map(|l| (l.x0, l.x1)),
            xs[c],
            xs[c + 1],
        )
    };
    let idx = |r: usize, c: usize| r * cols + c;
    let mut parent: Vec<usize> = (0..rows * cols).collect();
    for r in 0..rows {
        for c in 0..cols {
            if c + 1 < cols && !vsep(r, c + 1) {
                union(&mut parent, idx(r, c), idx(r, c + 1));
            }
            if r + 1 < rows && !hsep(r + 1, c) {
                union(&mut parent, idx(r, c), idx(r + 1, c));
            }
        }
    }
    // groups → rectangles
    let mut bounds: std::collections::HashMap<usize, (usize, usize, usize, usize, usize)> =
        Default::default();
    for r in 0..rows {
        for c in 0..cols {
            let g = find(&mut parent, idx(r, c));
            let e = bounds.entry(g).or_insert((r, c, r, c, 0));
            e.0 = e.0.min(r);
            e.1 = e.1.min(c);
            e.2 = e.2.max(r);
            e.3 = e.3.max(c);
            e.4 += 1;
        }
    }
    let mut slot_cell = vec![usize::MAX; rows * cols];
    let mut cells = Vec::new();
    for r in 0..rows {
        for c in 0..cols {
            if slot_cell[idx(r, c)] != usize::MAX {
                continue;
            }
            let g = find(&mut parent, idx(r, c));
            let (r0, c0, r1, c1, n) = bounds[&g];
            let rect = (r1 - r0 + 1) * (c1 - c0 + 1);
            if rect == n && r0 == r && c0 == c {
                let id = cells.len();
                cells.push((r0, c0, r1 - r0 + 1, c1 - c0 + 1));
                for rr in r0..=r1 {
                    for cc in c0..=c1 {
                        slot_cell[idx(rr, cc)] = id;
                    }
                }
            } else {
                // a non-rectangular merge: keep slots separate so the grid stays a partition
                let id = cells.len();
                cells.push((r, c, 1, 1));
                slot_cell[idx(r, c)] = id;
            }
        }
    }
    Some(Lattice {
        xs,
        ys,
        cells,
        slot_cell,
        hs,
        vs,
    })
}

fn line_bbox(line: &[Char]) -> BBox {
    line.iter()
        .skip(1)
        .fold(line[0].bbox, |b, c| b.union(&c.bbox))
}

fn cell_text(chars: &[Char]) -> String {
    if one_band(chars) {
        let mut idx: Vec<usize> = (0..chars.len()).collect();
        let line = segments(chars, &mut idx, None);
        return line
            .first()
            .map(|l| line_text(l).trim().to_string())
            .unwrap_or_default();
    }
    let lines = group_lines(chars, None);
    let mut s = String::new();
    for l in &lines {
        // wrapped lines inside a cell join without a separator
        s.push_str(line_text(l).trim());
    }
    s
}

/// Where a lattice cell holds several lines that are each an amount, the table has rows without
/// rulings between them: returns the y positions that separate those lines.
fn unruled_row_splits(l: &Lattice, cells_chars: &[Vec<Char>]) -> Vec<f64> {
    let mut ys: Vec<f64> = Vec::new();
    for chars in cells_chars {
        if chars.len() < 2 || one_band(chars) {
            continue;
        }
        let lines = group_lines(chars, None);
        if lines.len() < 2
            || !lines
                .iter()
                .all(|ln| crate::align::is_amount_like(line_text(ln).trim()))
        {
            continue;
        }
        for w in lines.windows(2) {
            let lower = w[0].iter().map(|c| c.bbox.y1).fold(f64::MIN, f64::max);
            let upper = w[1].iter().map(|c| c.bbox.y0).fold(f64::MAX, f64::min);
            ys.push((lower + upper) / 2.0);
        }
    }
    let ys = cluster(ys, SNAP);
    ys.into_iter()
        .filter(|y| l.ys.iter().all(|e| (e - y).abs() > SNAP))
        .collect()
}

/// How far a ruling may stick out of a glyph's box and still be that glyph's outline (points):
/// more than half the width of the stroke that makes text look bold.
const OUTLINE_SLACK: f64 = 1.0;

/// The rulings that are not drawn inside one glyph's box. Text made bold by stroking its outline
/// over its fill is written by some producers (cairo) as the glyph, then its outline as a path:
/// the straight strokes of a CJK character became rulings, and each character a one-cell table.
/// No table line lies inside a single character.
fn outside_glyphs(chars: &[Char], h: Vec<HLine>, v: Vec<VLine>) -> (Vec<HLine>, Vec<VLine>) {
    // only a segment no longer than the largest glyph can lie inside one: most pages have none
    let widest = chars
        .iter()
        .map(|c| c.bbox.x1 - c.bbox.x0)
        .fold(0.0, f64::max);
    let tallest = chars
        .iter()
        .map(|c| c.bbox.y1 - c.bbox.y0)
        .fold(0.0, f64::max);
    let short_h = |l: &HLine| l.x1 - l.x0 <= widest + 2.0 * OUTLINE_SLACK;
    let short_v = |l: &VLine| l.y1 - l.y0 <= tallest + 2.0 * OUTLINE_SLACK;
    if !h.iter().any(short_h) && !v.iter().any(short_v) {
        return (h, v);
    }
    let mut boxes: Vec<&BBox> = chars.iter().map(|c| &c.bbox).collect();
    boxes.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let inside = |x0: f64, y0: f64, x1: f64, y1: f64| {
        let lo = boxes.partition_point(|b| b.x0 < x0 - widest - OUTLINE_SLACK);
        let hi = boxes.partition_point(|b| b.x0 <= x0 + OUTLINE_SLACK);
        boxes[lo..hi].iter().any(|b| {
            b.x0 - OUTLINE_SLACK <= x0
                && x1 <= b.x1 + OUTLINE_SLACK
                && b.y0 - OUTLINE_SLACK <= y0
                && y1 <= b.y1 + OUTLINE_SLACK
        })
    };
    let h = h
        .into_iter()
        .filter(|l| !(short_h(l) && inside(l.x0, l.y, l.x1, l.y)))
        .collect();
    let v = v
        .into_iter()
        .filter(|l| !(short_v(l) && inside(l.x, l.y0, l.x, l.y1)))
        .collect();
    (h, v)
}

/// Lays out one page: grids from rulings, the rest as paragraphs, sorted top to bottom.
pub fn layout(chars: Vec<Char>, h: Vec<HLine>, v: Vec<VLine>, fonts: &[String]) -> Vec<Block> {
    let (h, v) = outside_glyphs(&chars, h, v);
    let h = merge_h(h);
    let v = merge_v(v);
    let lats = lattices(&h, &v);
    // each glyph's cell (the first lattice holding its centre), counted before the glyphs are
    // moved so that every cell's vector is made at its size
    let at: Vec<Option<(usize, usize)>> = chars
        .iter()
        .map(|c| {
            let (cx, cy) = (c.bbox.cx(), c.bbox.cy());
            lats.iter()
                .enumerate()
                .find_map(|(ti, l)| l.cell_at(cx, cy).map(|ci| (ti, ci)))
        })
        .collect();
    let mut counts: Vec<Vec<usize>> = lats.iter().map(|l| vec![0; l.cells.len()]).collect();
    for &(ti, ci) in at.iter().flatten() {
        counts[ti][ci] += 1;
    }
    let mut per_cell: Vec<Vec<Vec<Char>>> = counts
        .iter()
        .map(|l| l.iter().map(|&n| Vec::with_capacity(n)).collect())
        .collect();
    let mut free = Vec::with_capacity(at.iter().filter(|a| a.is_none()).count());
    for (c, a) in chars.into_iter().zip(at) {
        match a {
            Some((ti, ci)) => per_cell[ti][ci].push(c),
            None => free.push(c),
        }
    }
    // rows without rulings between them: split a lattice row wherever one cell stacks amounts
    let mut lats = lats;
    for (l, cells_chars) in lats.iter_mut().zip(per_cell.iter_mut()) {
        let extra = unruled_row_splits(l, cells_chars);
        if extra.is_empty() {
            continue;
        }
        let (x0, x1) = (l.xs[0], l.xs[l.xs.len() - 1]);
        let mut hs = l.hs.clone();
        hs.extend(extra.into_iter().map(|y| HLine { y, x0, x1 }));
        if let Some(nl) = build_lattice(hs, l.vs.clone()) {
            let all: Vec<Char> = cells_chars.drain(..).flatten().collect();
            let mut fresh = vec![Vec::new(); nl.cells.len()];
            for c in all {
                if let Some(ci) = nl.cell_at(c.bbox.cx(), c.bbox.cy()) {
                    fresh[ci].push(c);
                }
            }
            *cells_chars = fresh;
            *l = nl;
        }
    }
    let mut blocks: Vec<Block> = Vec::new();
    for (l, cells_chars) in lats.iter().zip(per_cell) {
        let cells = l
            .cells
            .iter()
            .zip(cells_chars)
            .map(|(&(r, c, rs, cs), ch)| Cell {
                row: r,
                col: c,
                row_span: rs,
                col_span: cs,
                bbox: BBox::new(l.xs[c], l.ys[r], l.xs[c + cs], l.ys[r + rs]),
                text: cell_text(&ch),
            })
            .collect();
        blocks.push(Block::Grid(Grid::new(
            l.xs.clone(),
            l.ys.clone(),
            cells,
            GridSource::Rulings,
        )));
    }
    let (aligned, free) = crate::align::alignment_grids(free);
    blocks.extend(aligned.into_iter().map(Block::Grid));
    blocks.extend(paragraphs(&free, fonts).into_iter().map(Block::Paragraph));
    blocks.sort_by(|a, b| {
        let (ba, bb) = (a.bbox(), b.bbox());
        ba.y0.total_cmp(&bb.y0).then(ba.x0.total_cmp(&bb.x0))
    });
    blocks
}

/// Free text → lines → paragraphs: a line joins the paragraph above when it starts close below it,
/// overlaps it horizontally and has a similar size.
pub fn paragraphs(chars: &[Char], fonts: &[String]) -> Vec<Paragraph> {
    let lines = group_lines(chars, Some(2.5));
    let mut tl: Vec<TextLine> = lines
        .iter()
        .map(|l| {
            let size = l.iter().map(|c| c.size).fold(0.0, f64::max);
            TextLine {
                text: line_text(l),
                bbox: line_bbox(l),
                font_size: Some((size * 100.0).round() / 100.0),
                font: fonts.get(l[0].font).filter(|f| !f.is_empty()).cloned(),
            }
        })
        .collect();
    tl.sort_by(|a, b| {
        a.bbox
            .y0
            .total_cmp(&b.bbox.y0)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    let mut paras: Vec<Paragraph> = Vec::new();
    for line in tl {
        let size = line.font_size.unwrap_or(10.0).max(1.0);
        let join = paras.last().is_some_and(|p| {
            let last = p.lines.last().unwrap();
            let psize = last.font_size.unwrap_or(10.0).max(1.0);
            let gap = line.bbox.y0 - last.bbox.y1;
            let overlap = line.bbox.x1.min(p.bbox.x1) - line.bbox.x0.max(p.bbox.x0);
            gap > -0.3 * size
                && gap < 0.8 * size
                && overlap > 0.0
                && (size - psize).abs() < 0.15 * size
        });
        if join {
            let p = paras.last_mut().unwrap();
            p.bbox = p.bbox.union(&line.bbox);
            p.lines.push(line);
        } else {
            paras.push(Paragraph {
                bbox: line.bbox,
                lines: vec![line],
            });
        }
    }
    paras
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tests::ch;

    fn h(y: f64, x0: f64, x1: f64) -> HLine {
        HLine { y, x0, x1 }
    }
    fn v(x: f64, y0: f64, y1: f64) -> VLine {
        VLine { x, y0, y1 }
    }

    #[test]
    fn merged_header_becomes_a_span() {
        // 3 columns, 3 rows; the top row's first two slots have no separator between them
        let hs = vec![
            h(0.0, 0.0, 300.0),
            h(20.0, 0.0, 300.0),
            h(40.0, 0.0, 300.0),
            h(60.0, 0.0, 300.0),
        ];
        let vs = vec![
            v(0.0, 0.0, 60.0),
            v(100.0, 20.0, 60.0),
            v(200.0, 0.0, 60.0),
            v(300.0, 0.0, 60.0),
        ];
        let l = &lattices(&merge_h(hs), &merge_v(vs))[0];
        assert_eq!(l.xs.len(), 4);
        assert_eq!(l.ys.len(), 4);
        assert_eq!(l.cells[0], (0, 0, 1, 2));
        assert_eq!(l.cells.len(), 8);
        assert_eq!(l.cell_at(150.0, 10.0), Some(0));
        assert_eq!(l.cell_at(150.0, 30.0), Some(l.slot_cell[4]));
    }

    #[test]
    fn blank_cells_stay_blank_and_values_keep_their_column() {
        let hs = vec![h(0.0, 0.0, 300.0), h(20.0, 0.0, 300.0)];
        let vs = vec![
            v(0.0, 0.0, 20.0),
            v(100.0, 0.0, 20.0),
            v(200.0, 0.0, 20.0),
            v(300.0, 0.0, 20.0),
        ];
        let chars = vec![
            ch("2", 5.0, 5.0),
            ch("0", 15.0, 5.0),
            ch("1", 25.0, 5.0),
            ch("0", 205.0, 5.0),
            ch("6", 215.0, 5.0),
        ];
        let blocks = layout(chars, hs, vs, &[]);
        let Block::Grid(g) = &blocks[0] else { panic!() };
        let texts: Vec<&str> = g.cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["201", "", "06"]);
        g.validate().unwrap();
    }

    #[test]
    fn wrapped_cell_text_joins_without_space() {
        let hs = vec![h(0.0, 0.0, 100.0), h(40.0, 0.0, 100.0)];
        let vs = vec![v(0.0, 0.0, 40.0), v(100.0, 0.0, 40.0)];
        let chars = vec![
            ch("养", 5.0, 5.0),
            ch("老", 15.0, 5.0),
            ch("保", 5.0, 20.0),
            ch("险", 15.0, 20.0),
        ];
        let blocks = layout(chars, hs, vs, &[]);
        let Block::Grid(g) = &blocks[0] else { panic!() };
        assert_eq!(g.cells[0].text, "养老保险");
    }

    #[test]
    fn far_apart_text_on_one_line_splits() {
        let chars = vec![
            ch("编", 0.0, 0.0),
            ch("制", 10.0, 0.0),
            ch("单", 300.0, 0.0),
            ch("位", 310.0, 0.0),
        ];
        let p = paragraphs(&chars, &[]);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].text(), "编制");
        assert_eq!(p[1].text(), "单位");
    }

    #[test]
    fn overprinted_glyphs_are_deduplicated() {
        let chars = vec![ch("合", 0.0, 0.0), ch("合", 0.5, 0.0), ch("计", 10.0, 0.0)];
        let p = paragraphs(&chars, &[]);
        assert_eq!(p[0].text(), "合计");
    }
}
