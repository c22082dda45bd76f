//! Building a table's [`Grid`]: its columns and header cells, its rows (header bands, then body
//! rows), the text of each slot, and the wrapped lines joined to their rows' cells.

use super::bands::{is_numeric, row_groups, Band, Seg};
use super::columns::{columns, Columns};
use super::headers::{header_cells, Header};
use super::tolerance::SLOT_PROBE;
use super::wrapped::place_wrapped;
use yjs_model::{BBox, Cell, Grid, GridSource};

/// The table of header bands `head` and body bands `start..=end`, or None when it has fewer
/// than two columns (or would not make a valid grid).
pub(super) fn build(bands: &[Band], head: &[usize], start: usize, end: usize) -> Option<Grid> {
    let cols = columns(bands, head, start, end)?;
    let hs = header_cells(bands, head, &cols);
    // wrapped cells placed by the table's vertical alignment; the other lines form rows of
    // their own or join the nearest row
    let seg_col = |s: &Seg| cols.col_of(s.bbox.x0 + SLOT_PROBE * s.size);
    let placed_segs = place_wrapped(bands, start, end, &seg_col, cols.len());
    let placed = placed_bands(bands, &placed_segs);
    let (rowset, wraps) = row_groups(bands, start, end, &placed);
    // grid rows: header bands, then body bands
    let mut slots = Slots::new(head.len(), head.len() + rowset.len(), cols.len());
    slots.header_rows(&hs);
    slots.body_rows(bands, &rowset, &cols);
    slots.join_wraps(bands, &rowset, &wraps, &cols);
    slots.join_placed(bands, &rowset, &placed_segs, &placed, &seg_col);
    let row_edges = row_edges(bands, head, &rowset, end);
    slots.grid(cols, row_edges)
}

/// The bands placed by [`place_wrapped`] (`placed_segs`): a band is placed when all its segments
/// are (each segment is placed at most once); a body band never is.
fn placed_bands(bands: &[Band], placed_segs: &[((usize, usize), usize)]) -> Vec<bool> {
    let mut n_placed = vec![0usize; bands.len()];
    for &((b, _), _) in placed_segs {
        n_placed[b] += 1;
    }
    (0..bands.len())
        .map(|k| !bands[k].is_body() && n_placed[k] > 0 && n_placed[k] == bands[k].segs.len())
        .collect()
}

/// The slots of the grid being filled, row by row: `nhead` header rows, then the body rows.
struct Slots {
    nhead: usize,
    ncols: usize,
    texts: Vec<Vec<String>>,
    /// each slot's column span
    spans: Vec<Vec<usize>>,
    /// covered by a cell spanning from the left
    covered: Vec<Vec<bool>>,
}

impl Slots {
    fn new(nhead: usize, nrows: usize, ncols: usize) -> Slots {
        Slots {
            nhead,
            ncols,
            texts: vec![vec![String::new(); ncols]; nrows],
            spans: vec![vec![1; ncols]; nrows],
            covered: vec![vec![false; ncols]; nrows],
        }
    }

    /// The header cells, each in its band's row from the first column of its span that no
    /// header left of it takes.
    fn header_rows(&mut self, hs: &[Header]) {
        let ncols = self.ncols;
        let mut by_band: Vec<Vec<&Header>> = vec![Vec::new(); self.nhead];
        for h in hs {
            by_band[h.band].push(h);
        }
        for (r, row) in by_band.iter_mut().enumerate() {
            row.sort_by_key(|h| h.span.0);
            let mut next_free = 0;
            for h in row.iter() {
                let lo = h.span.0.max(next_free);
                let hi = h.span.1.max(lo);
                if lo >= ncols {
                    break;
                }
                if !self.texts[r][lo].is_empty() {
                    self.texts[r][lo].push_str(&h.text);
                    continue;
                }
                self.texts[r][lo] = h.text.clone();
                self.spans[r][lo] = hi - lo + 1;
                for cov in self.covered[r]
                    .iter_mut()
                    .take(hi.min(ncols - 1) + 1)
                    .skip(lo + 1)
                {
                    *cov = true;
                }
                next_free = hi + 1;
            }
        }
    }

    /// The body rows (`rowset`: the bands of each): a number in its centre's column, text in
    /// the first column it covers, spanning the others.
    fn body_rows(&mut self, bands: &[Band], rowset: &[Vec<usize>], cols: &Columns) {
        for (bi, group) in rowset.iter().enumerate() {
            let r = self.nhead + bi;
            for s in group.iter().flat_map(|&k| bands[k].segs.iter()) {
                let (lo, hi) = cols.overlapping(&s.bbox);
                let c = if is_numeric(&s.text) {
                    cols.col_of(s.bbox.cx())
                } else {
                    lo
                };
                if self.covered[r][c] {
                    continue;
                }
                self.texts[r][c].push_str(&s.text.split_whitespace().collect::<String>());
                if !is_numeric(&s.text) && hi > c {
                    self.spans[r][c] = self.spans[r][c].max(hi - c + 1);
                    for cov in self.covered[r].iter_mut().take(hi + 1).skip(c + 1) {
                        *cov = true;
                    }
                }
            }
        }
    }

    /// Wrapped label lines (`wraps`) join the nearest row, before or after its text.
    fn join_wraps(
        &mut self,
        bands: &[Band],
        rowset: &[Vec<usize>],
        wraps: &[usize],
        cols: &Columns,
    ) {
        let gcy = |g: &Vec<usize>| {
            let (y0, y1) = g.iter().fold((f64::MAX, f64::MIN), |(a, b), &k| {
                (a.min(bands[k].bbox.y0), b.max(bands[k].bbox.y1))
            });
            (y0 + y1) / 2.0
        };
        for &k in wraps {
            let cy = bands[k].bbox.cy();
            let Some((bi, _)) = rowset
                .iter()
                .enumerate()
                .map(|(bi, g)| (bi, (gcy(g) - cy).abs()))
                .min_by(|a, b| a.1.total_cmp(&b.1))
            else {
                continue;
            };
            let above = cy < gcy(&rowset[bi]);
            // (a line above its row goes before the row's text: its pieces put in from the
            // last, so that two pieces of one cell keep their order)
            let segs: Vec<&Seg> = if above {
                bands[k].segs.iter().rev().collect()
            } else {
                bands[k].segs.iter().collect()
            };
            for s in segs {
                let c = cols.col_of(s.bbox.x0 + SLOT_PROBE * s.size);
                let r = self.nhead + bi;
                let t: String = s.text.split_whitespace().collect();
                if above {
                    self.texts[r][c] = t + &self.texts[r][c];
                } else {
                    self.texts[r][c].push_str(&t);
                }
            }
        }
    }

    /// Placed lines (`placed_segs`, of the `placed` bands) join their row's cell (the cell
    /// covering their slot) above or below the row's own line, in printed order.
    fn join_placed(
        &mut self,
        bands: &[Band],
        rowset: &[Vec<usize>],
        placed_segs: &[((usize, usize), usize)],
        placed: &[bool],
        seg_col: &dyn Fn(&Seg) -> usize,
    ) {
        let mut row_of = vec![None; bands.len()];
        for (bi, g) in rowset.iter().enumerate() {
            for &k in g {
                row_of[k] = Some(bi);
            }
        }
        let mut extra: Vec<(usize, usize, f64, bool, String)> = Vec::new();
        for &((k, si), target) in placed_segs {
            let Some(bi) = row_of[target] else {
                continue;
            };
            if !placed[k] {
                continue;
            }
            let s = &bands[k].segs[si];
            let r = self.nhead + bi;
            let mut c = seg_col(s);
            while c > 0 && self.covered[r][c] {
                c -= 1;
            }
            let above = s.bbox.cy() < bands[target].bbox.cy();
            extra.push((
                r,
                c,
                s.bbox.cy(),
                above,
                s.text.split_whitespace().collect(),
            ));
        }
        extra.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then(a.2.total_cmp(&b.2)));
        for (r, c, _, _, t) in extra.iter().rev().filter(|e| e.3) {
            self.texts[*r][*c].insert_str(0, t);
        }
        for (r, c, _, _, t) in extra.iter().filter(|e| !e.3) {
            self.texts[*r][*c].push_str(t);
        }
    }

    /// The grid of the filled slots, with columns `cols` and the rows' y edges `row_edges`.
    fn grid(mut self, cols: Columns, row_edges: Vec<f64>) -> Option<Grid> {
        let nrows = self.texts.len();
        let ncols = cols.len();
        let edges = cols.edges;
        let mut cells = Vec::new();
        for r in 0..nrows {
            for c in 0..ncols {
                if self.covered[r][c] {
                    continue;
                }
                let cs = self.spans[r][c].min(ncols - c);
                cells.push(Cell {
                    row: r,
                    col: c,
                    row_span: 1,
                    col_span: cs,
                    bbox: BBox::new(edges[c], row_edges[r], edges[c + cs], row_edges[r + 1]),
                    text: std::mem::take(&mut self.texts[r][c]),
                });
            }
        }
        let grid = Grid {
            col_text: cols.text,
            ..Grid::new(edges, row_edges, cells, GridSource::Alignment)
        };
        debug_assert!(grid.validate().is_ok(), "{:?}", grid.validate());
        grid.validate().ok().map(|_| grid)
    }
}

/// The rows' y edges: the header bands', then the body rows' (`rowset`), halfway between
/// neighbours, the last at least at the bottom of band `end`.
fn row_edges(bands: &[Band], head: &[usize], rowset: &[Vec<usize>], end: usize) -> Vec<f64> {
    let spans_y: Vec<(f64, f64)> = head
        .iter()
        .map(|&k| (bands[k].bbox.y0, bands[k].bbox.y1))
        .chain(rowset.iter().map(|g| {
            g.iter().fold((f64::MAX, f64::MIN), |(a, b), &k| {
                (a.min(bands[k].bbox.y0), b.max(bands[k].bbox.y1))
            })
        }))
        .collect();
    let mut row_edges = vec![spans_y[0].0];
    for w in spans_y.windows(2) {
        row_edges.push((w[0].1 + w[1].0) / 2.0);
    }
    row_edges.push(spans_y[spans_y.len() - 1].1.max(bands[end].bbox.y1));
    row_edges
}
