//! Wrapped cells: the lines of a label (or of a code in a narrow column) printed over several
//! lines, placed on their row by the vertical alignment of the table's cells.

use super::bands::{starts_row, Band, Seg};
use super::tolerance::{CENTRE_TOL, CHAIN_GAP, FULL_LINE, NEARLY_FULL_LINE, SET_APART};

/// How the lines of a wrapped cell sit around its row's line of amounts.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum VAlign {
    /// Centred on the amounts (as many lines above as below).
    Centre,
    /// First line on the amounts' line, the rest below.
    Top,
    /// Last line on the amounts' line, the rest above.
    Bottom,
}

/// One printed line (a segment) of a column of the table.
struct Line {
    cy: f64,
    band: usize,
    seg: usize,
    body: bool,
    /// starts a row label, so it is the first line of its cell
    starts: bool,
    /// fills its column to the right, so the next line may continue it
    full: bool,
    /// nearly fills it (a line broken early before an opening bracket, which may not end
    /// a line)
    nearly: bool,
    /// starts with an opening bracket
    opens: bool,
}

/// A cell of a chain: its first and last line (indices into the chain) and its body band.
type ChainCell = (usize, usize, usize);

/// Places the lines of wrapped cells (labels, and codes wrapped in a narrow column) by the
/// vertical alignment of the table's cells, column by column. In each column the printed lines
/// form chains (lines closer than a wrapped line's pitch); a chain is cut into cells, each
/// belonging to one row of amounts: under [`VAlign::Centre`] a cell's lines are centred on its
/// row's amounts, under `Top` / `Bottom` a cell starts / ends on the amounts' line. The
/// alignment is the one that accounts for most chains of the table; a chain it cannot account
/// for is left to the nearest-row rule. Returns `(band, segment) → body band` for the lines
/// placed off their own line.
pub(super) fn place_wrapped(
    bands: &[Band],
    start: usize,
    end: usize,
    col_of: &dyn Fn(&Seg) -> usize,
    ncols: usize,
) -> Vec<((usize, usize), usize)> {
    let body: Vec<(usize, f64)> = (start..=end)
        .filter(|&k| bands[k].is_body())
        .map(|k| (k, bands[k].bbox.cy()))
        .collect();
    let mut columns = column_lines(bands, start, end, col_of, ncols);
    mark_full(bands, &mut columns);
    let chains = chains(bands, columns);
    let modes = [VAlign::Centre, VAlign::Top, VAlign::Bottom];
    let results: Vec<Vec<Vec<ChainCell>>> = modes
        .iter()
        .map(|&m| chains.iter().map(|c| cells(bands, &body, c, m)).collect())
        .collect();
    // lines a mode places off their own line
    let placed = |m: usize| -> usize {
        results[m]
            .iter()
            .zip(&chains)
            .map(|(cs, chain)| {
                cs.iter()
                    .map(|&(a, b, k)| chain[a..=b].iter().filter(|l| l.band != k).count())
                    .sum::<usize>()
            })
            .sum()
    };
    let best = (0..modes.len())
        .max_by_key(|&m| (placed(m), std::cmp::Reverse(m)))
        .unwrap_or(0);
    let mut out = Vec::new();
    for (chain, cs) in chains.iter().zip(&results[best]) {
        for &(a, b, k) in cs {
            for l in &chain[a..=b] {
                if l.band != k {
                    out.push(((l.band, l.seg), k));
                }
            }
        }
    }
    out
}

/// The printed lines of bands `start..=end`, by column.
fn column_lines(
    bands: &[Band],
    start: usize,
    end: usize,
    col_of: &dyn Fn(&Seg) -> usize,
    ncols: usize,
) -> Vec<Vec<Line>> {
    let mut columns: Vec<Vec<Line>> = (0..ncols).map(|_| Vec::new()).collect();
    for (k, band) in bands.iter().enumerate().take(end + 1).skip(start) {
        for (si, s) in band.segs.iter().enumerate() {
            let c = col_of(s).min(ncols - 1);
            columns[c].push(Line {
                cy: s.bbox.cy(),
                band: k,
                seg: si,
                body: band.is_body(),
                starts: starts_row(&s.text),
                full: false,
                nearly: false,
                opens: s.text.trim_start().starts_with(['（', '(', '“', '《']),
            });
        }
    }
    columns
}

/// Marks the lines that fill their column: a line is full when it reaches within a glyph and a
/// half of the column's widest line.
fn mark_full(bands: &[Band], columns: &mut [Vec<Line>]) {
    for col in columns.iter_mut() {
        let right = col
            .iter()
            .map(|l| bands[l.band].segs[l.seg].bbox.x1)
            .fold(f64::MIN, f64::max);
        for l in col.iter_mut() {
            let s = &bands[l.band].segs[l.seg];
            l.full = s.bbox.x1 >= right - FULL_LINE * s.size;
            l.nearly = s.bbox.x1 >= right - NEARLY_FULL_LINE * s.size;
        }
    }
}

/// Chains of lines in one column, each with at least one line off the amounts' lines.
fn chains(bands: &[Band], columns: Vec<Vec<Line>>) -> Vec<Vec<Line>> {
    let mut chains: Vec<Vec<Line>> = Vec::new();
    for mut col in columns {
        col.sort_by(|a, b| a.cy.total_cmp(&b.cy));
        let mut cur: Vec<Line> = Vec::new();
        for l in col {
            let size = bands[l.band].size;
            if let Some(p) = cur.last() {
                if l.cy - p.cy > CHAIN_GAP * size.max(bands[p.band].size) {
                    if cur.iter().any(|l| !l.body) {
                        chains.push(std::mem::take(&mut cur));
                    } else {
                        cur.clear();
                    }
                }
            }
            cur.push(l);
        }
        if cur.iter().any(|l| !l.body) {
            chains.push(cur);
        }
    }
    chains
}

// A chain's cells under one alignment: (first line, last line, body band) each; lines that fit
// no cell are left out. Within a cell only the first line may start a row label, and every line
// but the last fills the column (it wrapped because it was full), or nearly when the next line
// starts with an opening bracket.

/// May `next` continue the cell whose line is `line`?
fn links(line: &Line, next: &Line) -> bool {
    !next.starts && (line.full || (line.nearly && next.opens))
}

/// May the lines of `cell` make one cell?
fn joinable(cell: &[Line]) -> bool {
    cell.windows(2).all(|w| links(&w[0], &w[1]))
}

/// Are the chain's lines `a..=b` set apart from the lines around them? A top- or bottom-aligned
/// cell shows itself only by its lines being closer to each other than to the lines of the rows
/// around it.
fn set_apart(bands: &[Band], chain: &[Line], a: usize, b: usize) -> bool {
    let inner = (a..b)
        .map(|i| chain[i + 1].cy - chain[i].cy)
        .fold(0.0, f64::max);
    let margin = SET_APART * bands[chain[a].band].size;
    (a == 0 || chain[a].cy - chain[a - 1].cy > inner + margin)
        && (b + 1 >= chain.len() || chain[b + 1].cy - chain[b].cy > inner + margin)
}

/// The cells of `chain` under the alignment `how`; `body` holds the table's body bands with
/// their centres.
fn cells(bands: &[Band], body: &[(usize, f64)], chain: &[Line], how: VAlign) -> Vec<ChainCell> {
    match how {
        VAlign::Top => top_cells(bands, chain),
        VAlign::Bottom => bottom_cells(bands, chain),
        VAlign::Centre => centre_cells(bands, body, chain),
    }
}

/// Cells that start on their row's line of amounts.
fn top_cells(bands: &[Band], chain: &[Line]) -> Vec<ChainCell> {
    let n = chain.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        if !chain[i].body {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < n && !chain[j + 1].body && joinable(&chain[i..=j + 1]) {
            j += 1;
        }
        if !set_apart(bands, chain, i, j) {
            j = i;
        }
        out.push((i, j, chain[i].band));
        i = j + 1;
    }
    out
}

/// Cells that end on their row's line of amounts.
fn bottom_cells(bands: &[Band], chain: &[Line]) -> Vec<ChainCell> {
    let n = chain.len();
    let mut out = Vec::new();
    let mut i = n;
    while i > 0 {
        let b = i - 1;
        if !chain[b].body {
            i -= 1;
            continue;
        }
        let mut a = b;
        while a > 0 && !chain[a - 1].body && joinable(&chain[a - 1..=b]) {
            a -= 1;
        }
        if !set_apart(bands, chain, a, b) {
            a = b;
        }
        out.push((a, b, chain[b].band));
        i = a;
    }
    out.reverse();
    out
}

/// Cells centred on their row's line of amounts, at least cost: Σ (lines per cell)², a line
/// left out costing more than any cell (short cells first: rows are often as close as wrapped
/// lines). None when the chain cannot be cut so.
fn centre_cells(bands: &[Band], body: &[(usize, f64)], chain: &[Line]) -> Vec<ChainCell> {
    const SKIP: usize = 1000;
    let n = chain.len();
    // body bands with no line in this chain (a cell of wrapped lines alone centres on one of
    // them)
    let free: Vec<(usize, f64)> = body
        .iter()
        .copied()
        .filter(|&(k, _)| !chain.iter().any(|l| l.band == k))
        .collect();
    let mut reach: Vec<Option<(usize, Option<usize>)>> = vec![None; n + 1];
    let mut cost = vec![usize::MAX; n + 1];
    cost[0] = 0;
    for b in 1..=n {
        if !chain[b - 1].body && cost[b - 1] != usize::MAX {
            cost[b] = cost[b - 1] + SKIP;
            reach[b] = Some((b - 1, None));
        }
        for a in (0..b).rev() {
            // chain[a..b] stays joinable only while each new first line links on
            if a + 1 < b && !links(&chain[a], &chain[a + 1]) {
                break;
            }
            if cost[a] == usize::MAX {
                continue;
            }
            let cell = &chain[a..b];
            let Some(target) = centred_on(bands, &free, cell) else {
                continue;
            };
            let c = cost[a] + cell.len() * cell.len();
            if c < cost[b] {
                cost[b] = c;
                reach[b] = Some((a, Some(target)));
            }
        }
    }
    let mut out = Vec::new();
    let mut b = n;
    while b > 0 {
        let Some((a, k)) = reach[b] else {
            return Vec::new();
        };
        if let Some(k) = k {
            out.push((a, b - 1, k));
        }
        b = a;
    }
    out.reverse();
    out
}

/// The body band the lines of `cell` are centred on: the band of its line of amounts, or with
/// none, one of the `free` body bands. None when the cell holds lines of two rows or no row's
/// centre is its centre.
fn centred_on(bands: &[Band], free: &[(usize, f64)], cell: &[Line]) -> Option<usize> {
    let mut own = cell.iter().filter(|l| l.body).map(|l| l.band);
    let first_own = own.next();
    if own.any(|k| Some(k) != first_own) {
        return None;
    }
    let centre = (cell[0].cy + cell[cell.len() - 1].cy) / 2.0;
    let tol = CENTRE_TOL * bands[cell[0].band].size;
    match first_own {
        Some(k) => Some(k).filter(|&k| (bands[k].bbox.cy() - centre).abs() <= tol),
        None => free
            .iter()
            .find(|&&(_, y)| (y - centre).abs() <= tol)
            .map(|&(k, _)| k),
    }
}
