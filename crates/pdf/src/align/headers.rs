//! Header cells: each header segment covers the columns under it (its centre's column and the
//! columns whose text it overlaps). Wrapped header lines are joined, a band of repeated
//! qualifiers (预算数 决算数 …) gives its items their columns, and a segment of the top header
//! band that has headers beneath it is a group (预算数, 本年支出, 收入): it also takes the
//! columns no other top segment covers, by horizontal distance.

use super::bands::{Band, Seg};
use super::columns::Columns;
use super::tolerance::{EDGE_TOL, HEADER_ALIGN, WRAP_GAP};
use crate::text::line_text;
use yjs_model::BBox;

/// Column qualifiers printed in pairs under one item (预算数 | 决算数 under 合计).
const QUALIFIERS: &[&str] = &["预算数", "决算数", "预算", "决算", "上年数", "本年数"];

/// A header cell.
pub(super) struct Header {
    /// its header band, counted from the top of the header zone
    pub band: usize,
    pub bbox: BBox,
    pub text: String,
    /// the first and last column it covers
    pub span: (usize, usize),
}

/// Horizontal distance from `x` to a box (0 inside it).
fn hdist(b: &BBox, x: f64) -> f64 {
    if x < b.x0 {
        b.x0 - x
    } else if x > b.x1 {
        x - b.x1
    } else {
        0.0
    }
}

/// Do the column spans `a` and `b` share a column?
fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

/// Widens `span` to take column `c`.
fn take(span: &mut (usize, usize), c: usize) {
    span.0 = span.0.min(c);
    span.1 = span.1.max(c);
}

/// The header cells of the header bands `head` over the columns `cols`.
pub(super) fn header_cells(bands: &[Band], head: &[usize], cols: &Columns) -> Vec<Header> {
    let mut hs: Vec<Header> = Vec::new();
    for (hi, &k) in head.iter().enumerate() {
        for s in &bands[k].segs {
            for (text, bbox) in glued_pieces(s, bands, &head[hi + 1..]) {
                hs.push(Header {
                    band: hi,
                    bbox,
                    text,
                    span: cols.under_header(&bbox),
                });
            }
        }
    }
    join_split_words(&mut hs);
    join_wrapped(&mut hs);
    if let Some(qb) = qualifier_band(&hs, head.len()) {
        span_qualified_items(&mut hs, qb, cols);
    }
    groups_take_columns(&mut hs, head.len(), cols);
    hs
}

/// Header segment `s` cut into the headers it runs together (OCR read `一般公共预算财政` and
/// `政府性基金预算财`, the first lines of two wrapped headers, as one line): where the nearest
/// band below (of `below`) holds two or more lines under it, `s` is cut between each two of
/// them at its widest gap, which must be clearly wider than its usual spacing. A group header
/// over its columns (本年支出 over 基本支出 | 项目支出) has no such gap and stays whole; so does
/// one spaced out evenly (`本 年 支 出`).
fn glued_pieces(s: &Seg, bands: &[Band], below: &[usize]) -> Vec<(String, BBox)> {
    let whole = || vec![(s.text.clone(), s.bbox)];
    let under = |t: &&Seg| {
        t.bbox.y0 > s.bbox.y0
            && t.bbox.y0 - s.bbox.y1 < WRAP_GAP * t.size
            && t.bbox.cx() > s.bbox.x0
            && t.bbox.cx() < s.bbox.x1
    };
    let tails = below
        .iter()
        .map(|&k| bands[k].segs.iter().filter(under).collect::<Vec<_>>())
        .find(|t| !t.is_empty())
        .unwrap_or_default();
    let Some(cuts) = glued_cuts(s, &tails) else {
        return whole();
    };
    let mut pieces = Vec::new();
    let mut from = 0;
    for to in cuts.into_iter().chain([s.chars.len()]) {
        if to < from + MIN_PIECE_CHARS {
            return whole();
        }
        let piece = &s.chars[from..to];
        let bbox = piece[1..]
            .iter()
            .fold(piece[0].bbox, |b, c| b.union(&c.bbox));
        pieces.push((line_text(piece), bbox));
        from = to;
    }
    pieces
}

/// Where header segment `s` is cut (the index of each piece's first character) between each
/// two of the lines `tails` below it, left to right: at its widest gap between their centres,
/// if [`MIN_GLUED_GAP`] wide and [`GLUED_OVER_USUAL`] times its median gap; `None` where one
/// pair has no such gap (or `tails` are fewer than two, or `s` too short to cut).
fn glued_cuts(s: &Seg, tails: &[&Seg]) -> Option<Vec<usize>> {
    if tails.len() < 2 || s.chars.len() < tails.len() * MIN_PIECE_CHARS {
        return None;
    }
    let gaps: Vec<f64> = s
        .chars
        .windows(2)
        .map(|w| w[1].bbox.x0 - w[0].bbox.x1)
        .collect();
    let mut sorted = gaps.clone();
    sorted.sort_by(f64::total_cmp);
    let usual = sorted[sorted.len() / 2];
    let size = tails.iter().map(|t| t.size).fold(0.0, f64::max);
    tails
        .windows(2)
        .map(|pair| {
            let (a, b) = (pair[0].bbox.cx(), pair[1].bbox.cx());
            (0..gaps.len())
                .filter(|&g| (a..b).contains(&s.chars[g].bbox.x1))
                .max_by(|&x, &y| gaps[x].total_cmp(&gaps[y]))
                .filter(|&g| gaps[g] >= MIN_GLUED_GAP * size && gaps[g] >= GLUED_OVER_USUAL * usual)
                .map(|g| g + 1)
        })
        .collect()
}

/// A gap where headers run together is at least this wide (font sizes of the lines below):
/// the characters of one Chinese word nearly touch.
const MIN_GLUED_GAP: f64 = 0.3;

/// … and this many times the segment's median gap (an evenly spaced-out word has no gap
/// wider than the others).
const GLUED_OVER_USUAL: f64 = 1.5;

/// Each header cut from a segment has at least this many characters (a header's first line).
const MIN_PIECE_CHARS: usize = 2;

/// The share of its band that header `i` owns: up to halfway to its neighbours on the band.
fn share(i: usize, hs: &[Header]) -> (f64, f64) {
    let mut lo = f64::MIN;
    let mut hi = f64::MAX;
    for (j, h) in hs.iter().enumerate() {
        if j != i && h.band == hs[i].band {
            if h.bbox.cx() < hs[i].bbox.cx() {
                lo = lo.max((h.bbox.x1 + hs[i].bbox.x0) / 2.0);
            } else {
                hi = hi.min((hs[i].bbox.x1 + h.bbox.x0) / 2.0);
            }
        }
    }
    (lo, hi)
}

/// Joins the pieces of a header word cut apart on its line (OCR reads `科目名称` as `科` and
/// `名称` where a character is faint): segments of one band, next to each other, over the same
/// single column. Two headers never share a column of their band; one of them would otherwise
/// be pushed onto the column beside it, and every header right of it one column on.
fn join_split_words(hs: &mut Vec<Header>) {
    let mut k = 1;
    while k < hs.len() {
        let (a, b) = (&hs[k - 1], &hs[k]);
        if a.band == b.band && a.span == b.span && a.span.0 == a.span.1 {
            let b = hs.remove(k);
            let a = &mut hs[k - 1];
            a.text.push_str(&b.text);
            a.bbox = a.bbox.union(&b.bbox);
        } else {
            k += 1;
        }
    }
}

/// Joins the lines of wrapped header cells: one segment right below another, aligned with it,
/// and nothing else below the upper one within its share of the band; a cell wrapped over
/// several lines takes each in turn (政府性基金 / 预算财政拨 / 款).
fn join_wrapped(hs: &mut Vec<Header>) {
    let mut merged = vec![false; hs.len()];
    for i in 0..hs.len() {
        if merged[i] {
            continue;
        }
        let share = share(i, hs);
        let h = hs[i].bbox.height().max(1.0);
        let mut last = i;
        while let Some(j) = wrapped_line_below(hs, &merged, i, last, share, h) {
            let t = std::mem::take(&mut hs[j].text);
            hs[i].text.push_str(&t);
            let bb = hs[j].bbox;
            hs[i].bbox = hs[i].bbox.union(&bb);
            let sp = hs[j].span;
            hs[i].span = (hs[i].span.0.min(sp.0), hs[i].span.1.max(sp.1));
            merged[j] = true;
            last = j;
        }
    }
    let mut k = 0;
    hs.retain(|_| {
        k += 1;
        !merged[k - 1]
    });
}

/// The next line of header `i` (of line height `h` and band share `(lo, hi)`), whose last line
/// so far is `last`: the nearest segment right below `last`, aligned with it, alone in its band
/// within the share.
fn wrapped_line_below(
    hs: &[Header],
    merged: &[bool],
    i: usize,
    last: usize,
    (lo, hi): (f64, f64),
    h: f64,
) -> Option<usize> {
    let above = &hs[last];
    let j = (0..hs.len())
        .filter(|&j| !merged[j] && hs[j].band > above.band && !is_column_mark(&hs[j].text))
        .filter(|&j| {
            (hs[j].bbox.cx() - above.bbox.cx()).abs() < HEADER_ALIGN * h
                || (hs[j].bbox.x0 - above.bbox.x0).abs() < HEADER_ALIGN * h
        })
        .filter(|&j| hs[j].bbox.y0 - above.bbox.y1 < WRAP_GAP * h)
        .min_by(|&a, &b| hs[a].bbox.y0.total_cmp(&hs[b].bbox.y0))?;
    // a group header has several segments below it in its share of the band; a segment
    // nearer to another header above it is that header's (金额 under 本级财政拨款, beside a
    // wrapped 财政专户管 / 理事业收入 that has no neighbour on its left)
    let siblings = hs
        .iter()
        .enumerate()
        .filter(|(k, x)| {
            !merged[*k]
                && x.band == hs[j].band
                && x.bbox.cx() > lo
                && x.bbox.cx() < hi
                && !nearer_to_another_above(hs, merged, i, x)
        })
        .count();
    (siblings == 1).then_some(j)
}

/// A column's mark or number (`**`, `4`) of a numbering line under the header: never the next
/// line of a header's text.
fn is_column_mark(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '*')
}

/// Is header `x` horizontally nearer to a header above it other than `i`?
fn nearer_to_another_above(hs: &[Header], merged: &[bool], i: usize, x: &Header) -> bool {
    let cx = x.bbox.cx();
    let to_i = hdist(&hs[i].bbox, cx);
    hs.iter()
        .enumerate()
        .any(|(m, h)| m != i && !merged[m] && h.band < x.band && hdist(&h.bbox, cx) < to_i)
}

/// The lowest band (of `nb`) of repeated qualifiers (预算数 决算数 预算数 决算数 …), four or more.
fn qualifier_band(hs: &[Header], nb: usize) -> Option<usize> {
    (0..nb).rev().find(|&b| {
        let texts: Vec<&str> = hs
            .iter()
            .filter(|h| h.band == b)
            .map(|h| h.text.as_str())
            .collect();
        texts.len() >= 4 && texts.iter().all(|t| QUALIFIERS.contains(&t.trim()))
    })
}

/// Under a band `qb` of repeated qualifiers under centred items: every column belongs to the
/// nearest item above it, and a group spans its items' columns.
fn span_qualified_items(hs: &mut [Header], qb: usize, cols: &Columns) {
    let above: Vec<usize> = (0..hs.len()).filter(|&i| hs[i].band < qb).collect();
    let leaves: Vec<usize> = above
        .iter()
        .copied()
        .filter(|&i| {
            !above
                .iter()
                .any(|&j| hs[j].band > hs[i].band && overlaps(hs[j].span, hs[i].span))
        })
        .collect();
    items_take_qualifier_groups(hs, qb, &leaves);
    for c in 0..cols.len() {
        if leaves
            .iter()
            .any(|&i| hs[i].span.0 <= c && c <= hs[i].span.1)
        {
            continue;
        }
        let cx = cols.centre(c);
        let dist = |i: usize| hdist(&hs[i].bbox, cx);
        if let Some(&l) = leaves.iter().min_by(|&&a, &&b| dist(a).total_cmp(&dist(b))) {
            take(&mut hs[l].span, c);
        }
    }
    // groups above leaves span their leaves
    let mut order: Vec<usize> = above.clone();
    order.sort_by_key(|&i| std::cmp::Reverse(hs[i].band));
    for &g in &order {
        if leaves.contains(&g) {
            continue;
        }
        let (x0, x1) = (hs[g].bbox.x0, hs[g].bbox.x1);
        let kids: Vec<(usize, usize)> = above
            .iter()
            .filter(|&&j| {
                hs[j].band > hs[g].band
                    && hs[j].bbox.cx() >= x0 - EDGE_TOL
                    && hs[j].bbox.cx() <= x1 + EDGE_TOL
            })
            .map(|&j| hs[j].span)
            .collect();
        for (lo, hi) in kids {
            let sp = &mut hs[g].span;
            sp.0 = sp.0.min(lo);
            sp.1 = sp.1.max(hi);
        }
    }
}

/// The qualifiers of band `qb` repeat in groups (预算数 决算数 | 预算数 决算数 …): each group
/// belongs to the item (of `leaves`) centred over it, whatever columns the item's own text
/// reaches into.
fn items_take_qualifier_groups(hs: &mut [Header], qb: usize, leaves: &[usize]) {
    let mut quals: Vec<usize> = (0..hs.len()).filter(|&i| hs[i].band == qb).collect();
    quals.sort_by(|&a, &b| hs[a].bbox.x0.total_cmp(&hs[b].bbox.x0));
    let texts: Vec<&str> = quals.iter().map(|&i| hs[i].text.trim()).collect();
    let period = (2..=texts.len() / 2).find(|&p| {
        texts.len().is_multiple_of(p)
            && texts.iter().enumerate().all(|(k, t)| *t == texts[k % p])
            && texts[..p]
                .iter()
                .collect::<std::collections::HashSet<_>>()
                .len()
                == p
    });
    let Some(p) = period else {
        return;
    };
    let mut owned: Vec<Option<(usize, usize)>> = vec![None; hs.len()];
    for g in quals.chunks(p) {
        let (x0, x1) = (hs[g[0]].bbox.x0, hs[g[p - 1]].bbox.x1);
        let centre = (x0 + x1) / 2.0;
        // items over the group: centred within it
        let best = leaves
            .iter()
            .copied()
            .filter(|&i| hs[i].bbox.cx() > x0 && hs[i].bbox.cx() < x1)
            .min_by(|&a, &b| {
                (hs[a].bbox.cx() - centre)
                    .abs()
                    .total_cmp(&(hs[b].bbox.cx() - centre).abs())
            });
        let (c0, c1) = (
            g.iter().map(|&i| hs[i].span.0).min().unwrap_or(0),
            g.iter().map(|&i| hs[i].span.1).max().unwrap_or(0),
        );
        if let Some(b) = best {
            let o = owned[b].get_or_insert((c0, c1));
            *o = (o.0.min(c0), o.1.max(c1));
        }
    }
    for (i, o) in owned.into_iter().enumerate() {
        if let Some(sp) = o {
            hs[i].span = sp;
        }
    }
}

/// The lowest header over column `c` (项目, 金额 …) below the top band.
fn leaf(hs: &[Header], c: usize) -> Option<String> {
    hs.iter()
        .filter(|h| h.band > 0 && h.span.0 <= c && c <= h.span.1)
        .max_by_key(|h| h.band)
        .map(|h| h.text.clone())
}

/// Groups of the top band (of `nhead` bands) take the columns no other top segment covers.
fn groups_take_columns(hs: &mut [Header], nhead: usize, cols: &Columns) {
    let top: Vec<usize> = (0..hs.len()).filter(|&i| hs[i].band == 0).collect();
    let has_below = |i: usize| {
        hs.iter()
            .any(|h| h.band > hs[i].band && h.span.0 <= hs[i].span.1 && h.span.1 >= hs[i].span.0)
    };
    let groups: Vec<usize> = top.iter().copied().filter(|&i| has_below(i)).collect();
    if groups.is_empty() || nhead <= 1 {
        return;
    }
    for c in 0..cols.len() {
        if top.iter().any(|&i| hs[i].span.0 <= c && c <= hs[i].span.1) {
            continue;
        }
        if let Some(g) = group_for(hs, &groups, cols.centre(c), c) {
            if !centred_beside(hs, g, c) {
                take(&mut hs[g].span, c);
            }
        }
    }
}

/// Is column `c`'s header a cell spanning the header rows beside group `g` rather than one
/// under it? A group's own columns are headed in the rows below it: their headers sit in the
/// lower part of the header zone. A header set around the zone's middle (合计 beside 本级财政
/// 拨款 / 金额, printed once over three lines) spans the rows the group heads and is its
/// neighbour, not its child: the centre of its lines is above the middle of the rows below the
/// group.
fn centred_beside(hs: &[Header], g: usize, c: usize) -> bool {
    // (the 栏次 row of column numbers, `** 1 2 3`, heads nothing)
    let own = hs
        .iter()
        .filter(|h| h.band > hs[g].band && h.span.0 <= c && c <= h.span.1)
        .filter(|h| !is_column_number(&h.text))
        .map(|h| h.bbox)
        .reduce(|a, b| a.union(&b));
    let Some(own) = own else {
        return false;
    };
    let zone_bottom = hs
        .iter()
        .filter(|h| !is_column_number(&h.text))
        .map(|h| h.bbox.y1)
        .fold(f64::MIN, f64::max);
    own.cy() < (hs[g].bbox.y1 + zone_bottom) / 2.0
}

/// A column number of a 栏次 row (`1`, `2` …, `**` over the label columns).
fn is_column_number(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '*' | '＊'))
}

/// The group (of `groups`) that takes column `c`, centred at `cx`: the nearest group whose
/// share of the band holds it, unless that group repeats the column's leaf header — then the
/// nearest group that does not.
fn group_for(hs: &[Header], groups: &[usize], cx: f64, c: usize) -> Option<usize> {
    let dist = |i: usize| hdist(&hs[i].bbox, cx);
    // only a group whose share of the band (up to halfway to its neighbours) holds the
    // column: a header centred lower down (a rowspan cell) is nobody's child
    let owns = |i: usize| {
        let (lo, hi) = share(i, hs);
        cx > lo && cx < hi
    };
    // a group has one column of each leaf header: a second 项目 starts the other side
    // of a two-sided table
    let own_leaf = leaf(hs, c);
    let repeats = |g: usize| {
        own_leaf.is_some()
            && (hs[g].span.0..=hs[g].span.1).any(|d| d != c && leaf(hs, d) == own_leaf)
    };
    let nearest = |ok: &dyn Fn(usize) -> bool| {
        groups
            .iter()
            .copied()
            .filter(|&g| ok(g))
            .min_by(|&a, &b| dist(a).total_cmp(&dist(b)))
    };
    // (the group whose share holds it repeats its header: the nearest group that
    // does not takes it)
    match nearest(&|g| owns(g)) {
        Some(g) if repeats(g) => nearest(&|g| !repeats(g)),
        other => other,
    }
}
