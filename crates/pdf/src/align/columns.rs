//! Column extents: the columns of a table from its fullest rows and its amounts, split further
//! by label columns printed only on wrapped lines and by headers, and kept for value columns
//! blank in every row (their header stands alone).

use super::bands::{is_amount_like, is_numeric, Band, Seg};
use super::tolerance::{
    COVER_SHARE, EDGE_TOL, GLYPH_SLACK, HEADER_COVER_SHARE, HEADER_PIECE_GAP, HEADER_TOUCH,
    MERGE_GAP,
};
use yjs_model::BBox;

/// Header words of label columns (codes and names).
const LABEL_WORDS: &[&str] = &["代码", "编码", "名称"];

/// Is `text` the header of a label column (项目, 项 目 spaced out, 功能科目, 科目代码, 单位名称)?
fn is_label_header(text: &str) -> bool {
    let t: String = text.split_whitespace().collect();
    t == "项目" || t.ends_with("科目") || LABEL_WORDS.iter().any(|w| t.contains(w))
}

/// Is `text` a mark with no word in it (`**`, the 栏次 mark of a label column; `—`)?
fn is_mark(text: &str) -> bool {
    !text.chars().any(char::is_alphanumeric)
}

/// An x-interval `(x0, x1)` in points.
type Span = (f64, f64);

/// The columns of one table.
pub(super) struct Columns {
    /// Each column's text extent, left to right, disjoint.
    pub text: Vec<Span>,
    /// Column edges: the table's left edge, then halfway between neighbouring columns' text,
    /// then the table's right edge (one more than there are columns).
    pub edges: Vec<f64>,
}

impl Columns {
    /// The number of columns.
    pub(super) fn len(&self) -> usize {
        self.text.len()
    }

    /// The column holding `x`.
    pub(super) fn col_of(&self, x: f64) -> usize {
        self.edges[1..self.len()].partition_point(|e| *e <= x)
    }

    /// The middle of column `c` between its edges.
    pub(super) fn centre(&self, c: usize) -> f64 {
        (self.edges[c] + self.edges[c + 1]) / 2.0
    }

    /// The columns a body segment covers: its centre's column and every column whose text it
    /// overlaps for the most part.
    pub(super) fn overlapping(&self, b: &BBox) -> (usize, usize) {
        let (mut lo, mut hi) = (self.col_of(b.cx()), self.col_of(b.cx()));
        for c in 0..self.len() {
            let o = b.x1.min(self.edges[c + 1]) - b.x0.max(self.edges[c]);
            // a segment covers a column when it overlaps most of the column's text
            let text_w = (self.text[c].1 - self.text[c].0).max(1.0);
            let ot = b.x1.min(self.text[c].1) - b.x0.max(self.text[c].0);
            if o > 0.0 && ot > COVER_SHARE * text_w {
                lo = lo.min(c);
                hi = hi.max(c);
            }
        }
        (lo, hi)
    }

    /// The columns a header segment covers: its centre's column and the columns whose text it
    /// overlaps in part.
    pub(super) fn under_header(&self, b: &BBox) -> (usize, usize) {
        let c0 = self.col_of(b.cx());
        let (mut lo, mut hi) = (c0, c0);
        for (c, &(t0, t1)) in self.text.iter().enumerate() {
            let ot = b.x1.min(t1) - b.x0.max(t0);
            if ot > HEADER_COVER_SHARE * (t1 - t0).max(1.0) {
                lo = lo.min(c);
                hi = hi.max(c);
            }
        }
        (lo, hi)
    }
}

/// Sorts x-intervals and merges the overlapping ones (a column is the union of its texts).
fn merge_intervals(mut iv: Vec<Span>) -> Vec<Span> {
    iv.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<Span> = Vec::new();
    for (a, b) in iv {
        match out.last_mut() {
            Some(last) if a <= last.1 + MERGE_GAP => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// The columns of the table with header bands `head` and body bands `start..=end`; None when
/// it has fewer than two.
pub(super) fn columns(bands: &[Band], head: &[usize], start: usize, end: usize) -> Option<Columns> {
    let defining = defining_rows(bands, start, end);
    let cols = body_columns(bands, &defining)?;
    let cols = wrapped_label_columns(bands, start, end, cols);
    let first_value_x = (start..=end)
        .flat_map(|k| bands[k].segs.iter())
        .filter(|s| is_amount_like(&s.text))
        .map(|s| s.bbox.x0)
        .fold(f64::MAX, f64::min);
    // where the label columns of the body end (headers right of it head values; a header
    // centred over right-aligned amounts may start left of them)
    let labels_end = cols
        .iter()
        .filter(|c| c.1 < first_value_x)
        .map(|c| c.1)
        .fold(f64::MIN, f64::max);
    let mut cols = header_split_columns(bands, head, cols, first_value_x, labels_end);
    if !head.is_empty() {
        cols = blank_value_columns(bands, head, start, end, cols, labels_end);
    }
    if cols.len() < 2 {
        return None;
    }
    let all: Vec<usize> = head.iter().copied().chain(start..=end).collect();
    let x0 = all
        .iter()
        .map(|&k| bands[k].bbox.x0)
        .fold(f64::MAX, f64::min)
        .min(cols[0].0);
    let x1 = all
        .iter()
        .map(|&k| bands[k].bbox.x1)
        .fold(f64::MIN, f64::max)
        .max(cols[cols.len() - 1].1);
    let mut edges = vec![x0];
    for w in cols.windows(2) {
        edges.push((w[0].1 + w[1].0) / 2.0);
    }
    edges.push(x1);
    Some(Columns { text: cols, edges })
}

/// The body bands that define the columns: the rows of amounts, or every body band when none
/// has amounts (numbering rows, 1 2 3 … centred, do not define columns when rows of amounts
/// exist).
fn defining_rows(bands: &[Band], start: usize, end: usize) -> Vec<usize> {
    let body: Vec<usize> = (start..=end).filter(|&k| bands[k].is_body()).collect();
    let amount_row = |k: usize| bands[k].segs.iter().any(|s| is_amount_like(&s.text));
    if body.iter().any(|&k| amount_row(k)) {
        body.into_iter().filter(|&k| amount_row(k)).collect()
    } else {
        body
    }
}

/// Columns from the fullest `defining` rows, and from every amount (amounts stay in their
/// column; a row whose label wrapped away may still hold the only amount of a column).
fn body_columns(bands: &[Band], defining: &[usize]) -> Option<Vec<Span>> {
    let max_segs = defining.iter().map(|&k| bands[k].segs.len()).max()?;
    let fullest_segs: Vec<&Seg> = defining
        .iter()
        .filter(|&&k| bands[k].segs.len() * 10 >= max_segs * 7)
        .flat_map(|&k| bands[k].segs.iter())
        .collect();
    // (a total label — 合计, 人员经费合计 — may span the label columns: where other labels
    // stand under it, they define the columns, not the total)
    let spanning_total = |s: &Seg| {
        let t: String = s.text.split_whitespace().collect();
        (t.ends_with("合计") || t.ends_with("总计"))
            && fullest_segs.iter().any(|o| {
                !std::ptr::eq(*o, s)
                    && !is_numeric(&o.text)
                    && o.bbox.x0 < s.bbox.x1
                    && s.bbox.x0 < o.bbox.x1
            })
    };
    let mut iv: Vec<Span> = without_bridges(
        fullest_segs
            .iter()
            .filter(|s| !spanning_total(s))
            .map(|s| (s.bbox.x0, s.bbox.x1))
            .collect(),
    );
    let fullest = merge_intervals(iv.clone());
    iv.extend(
        defining
            .iter()
            .flat_map(|&k| bands[k].segs.iter())
            .filter(|s| is_amount_like(&s.text))
            .map(|s| (s.bbox.x0, s.bbox.x1))
            // an amount that would join two columns of the fullest rows is not a column of its own
            .filter(|&(a, b)| {
                fullest
                    .iter()
                    .filter(|c| a <= c.1 + MERGE_GAP && b >= c.0 - MERGE_GAP)
                    .count()
                    <= 1
            }),
    );
    Some(merge_intervals(iv))
}

/// The intervals `iv` without those that alone join two columns the others keep apart (OCR
/// read an amount and the code beside it as one word, `2a 30225`, across 决算数 | 科目编码): a
/// stretch at least [`MIN_BRIDGED_GAP`] wide that few intervals cross, with at least
/// [`SUPPORT_PER_BRIDGE`] intervals wholly on each side for each one crossing it, lies between
/// two columns; the intervals crossing it do not define columns.
fn without_bridges(iv: Vec<Span>) -> Vec<Span> {
    let mut bridge = vec![false; iv.len()];
    for col in merge_intervals(iv.clone()) {
        let inside = |s: &Span| s.0 >= col.0 - MERGE_GAP && s.1 <= col.1 + MERGE_GAP;
        let members: Vec<usize> = (0..iv.len()).filter(|&i| inside(&iv[i])).collect();
        if members.len() < 2 * SUPPORT_PER_BRIDGE + 1 {
            continue;
        }
        let sorted = |f: fn(&Span) -> f64| {
            let mut v: Vec<f64> = members.iter().map(|&i| f(&iv[i])).collect();
            v.sort_by(f64::total_cmp);
            v
        };
        let (starts, ends) = (sorted(|s| s.0), sorted(|s| s.1));
        let mut xs: Vec<f64> = starts.iter().chain(&ends).copied().collect();
        xs.sort_by(f64::total_cmp);
        xs.dedup();
        for w in xs.windows(2) {
            let (a, b) = (w[0], w[1]);
            let left = ends.partition_point(|&e| e <= a);
            let right = starts.len() - starts.partition_point(|&s| s < b);
            if b - a < MIN_BRIDGED_GAP || left.min(right) < SUPPORT_PER_BRIDGE {
                continue;
            }
            let mid = (a + b) / 2.0;
            let crossing: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&i| iv[i].0 < mid && iv[i].1 > mid)
                .collect();
            if crossing.len() * SUPPORT_PER_BRIDGE <= left.min(right) {
                for i in crossing {
                    bridge[i] = true;
                }
            }
        }
    }
    iv.into_iter()
        .zip(bridge)
        .filter_map(|(s, b)| (!b).then_some(s))
        .collect()
}

/// A gap between two columns narrower than this (points) is not told from the ragged edges
/// of one column's text.
const MIN_BRIDGED_GAP: f64 = 3.0;

/// Intervals that must stand wholly on each side of a gap, for each interval crossing it, for
/// the gap to part two columns (three rows against one misread).
const SUPPORT_PER_BRIDGE: usize = 3;

/// Does the interval `(a, b)` stand clear of every column of `cols`?
fn apart(cols: &[Span], (a, b): Span) -> bool {
    cols.iter()
        .all(|&(c0, c1)| b < c0 - MERGE_GAP || a > c1 + MERGE_GAP)
}

/// `cols` merged with the intervals of `more`, which stand clear of them.
fn with(cols: Vec<Span>, more: Vec<Span>) -> Vec<Span> {
    if more.is_empty() {
        return cols;
    }
    let mut iv = cols;
    iv.extend(more);
    merge_intervals(iv)
}

/// Label columns printed only on wrapped or label-only lines (every label of a narrow column
/// wraps): their text, where no column is, makes a column too.
fn wrapped_label_columns(bands: &[Band], start: usize, end: usize, cols: Vec<Span>) -> Vec<Span> {
    let extra: Vec<Span> = (start..=end)
        .filter(|&k| !bands[k].is_body())
        .flat_map(|k| bands[k].segs.iter().map(|s| (s.bbox.x0, s.bbox.x1)))
        .filter(|&x| apart(&cols, x))
        .collect();
    with(cols, extra)
}

/// A header row with more cells than the body has columns (a table whose only row is a total
/// spanning the label columns) splits the columns further (or splits the label columns:
/// 科目代码 | 科目名称 over a 合计 that spans both). `first_value_x` is the left edge of the
/// first amount, `labels_end` the right end of the label columns.
fn header_split_columns(
    bands: &[Band],
    head: &[usize],
    cols: Vec<Span>,
    first_value_x: f64,
    labels_end: f64,
) -> Vec<Span> {
    let Some(&k) = head.iter().max_by_key(|&&k| bands[k].segs.len()) else {
        return cols;
    };
    let left = |cs: &[Span]| cs.iter().filter(|c| c.1 < first_value_x).count();
    if bands[k].segs.len() > cols.len() {
        // (over the values, only headers no column of amounts belongs to: below; the first
        // value column's header may start left of its right-aligned amounts)
        // (a header nearer the first amounts than the label columns heads the amounts: it
        // is centred over a wide column of right-aligned amounts)
        let mut iv: Vec<Span> = cols.clone();
        iv.extend(
            bands[k]
                .segs
                .iter()
                .filter(|s| s.bbox.x1 < first_value_x - GLYPH_SLACK * s.size)
                .filter(|s| s.bbox.x0 - labels_end < first_value_x - s.bbox.x1)
                // (a header set on right after a column's text is that column's, centred over
                // a column wider than its short left-aligned codes: `项` right of `01`)
                .filter(|s| !touches_column_end(&cols, s))
                .filter(|s| !marks_a_headed_column(bands, head, &cols, s))
                .map(|s| (s.bbox.x0, s.bbox.x1)),
        );
        let merged = merge_intervals(iv);
        if merged.len() > cols.len() {
            return merged;
        }
    } else {
        // label headers (科目代码, 科目名称) left of the amounts
        let mut iv: Vec<Span> = cols.clone();
        iv.extend(
            bands[k]
                .segs
                .iter()
                .filter(|s| {
                    s.bbox.x1 < first_value_x && LABEL_WORDS.iter().any(|w| s.text.contains(w))
                })
                // (a label header set on right after a column's text is that column's:
                // 经济科目编码 centred over short codes `30101`)
                .filter(|s| !touches_column_end(&cols, s))
                .map(|s| (s.bbox.x0, s.bbox.x1)),
        );
        let merged = merge_intervals(iv);
        if left(&merged) > left(&cols) {
            return merged;
        }
    }
    cols
}

/// Is `s` a column mark (`**`) under a header that heads a column of `cols` — overlapping its
/// text or set on right after it (功能科目 centred over names shorter than it)? It is that
/// column's mark, not a column of its own.
fn marks_a_headed_column(bands: &[Band], head: &[usize], cols: &[Span], s: &Seg) -> bool {
    let cx = s.bbox.cx();
    is_mark(&s.text)
        && head
            .iter()
            .flat_map(|&k| bands[k].segs.iter())
            .filter(|h| !is_mark(&h.text) && h.bbox.x0 <= cx && cx <= h.bbox.x1)
            .any(|h| {
                touches_column_end(cols, h)
                    || cols.iter().any(|c| h.bbox.x0 < c.1 && c.0 < h.bbox.x1)
            })
}

/// Does header `s` start less than [`HEADER_TOUCH`] font sizes right of the end of a column's
/// text (centred over a column wider than its short left-aligned text)?
fn touches_column_end(cols: &[Span], s: &Seg) -> bool {
    cols.iter()
        .any(|c| c.1 <= s.bbox.x0 && s.bbox.x0 - c.1 < HEADER_TOUCH * s.size)
}

/// The headers over the values (right of `labels_end`), from every header band: a group header
/// (over two or more headers lower down) is left out, and the lines of a wrapped header are one.
fn value_headers(bands: &[Band], head: &[usize], labels_end: f64) -> Vec<Span> {
    let segs: Vec<(usize, Span)> = head
        .iter()
        .enumerate()
        .flat_map(|(b, &k)| bands[k].segs.iter().map(move |s| (b, s)))
        .filter(|(_, s)| s.bbox.x0 > labels_end)
        .filter(|(_, s)| !is_label_header(&s.text) && !is_mark(&s.text))
        .map(|(b, s)| (b, (s.bbox.x0, s.bbox.x1)))
        .collect();
    let over = |a: Span, b: Span| a.0 < b.1 && b.0 < a.1;
    // a group header: over two or more headers lower down, or (its text narrower than the
    // group, centred over it) with headers lower down on both sides of it — headers of its
    // own, not the wrapped lines of headers standing beside it higher up
    let leaves: Vec<Span> = segs
        .iter()
        .filter(|&&(b, x)| {
            let lower = || segs.iter().filter(move |&&(b2, _)| b2 > b);
            let under = lower().filter(|&&(_, x2)| over(x, x2)).count();
            let own = |x2: Span| {
                !segs
                    .iter()
                    .any(|&(b3, x3)| b3 <= b && x3 != x && over(x2, x3))
            };
            let flanked = lower().any(|&(_, x2)| x2.1 <= x.0 && own(x2))
                && lower().any(|&(_, x2)| x2.0 >= x.1 && own(x2));
            under < 2 && !flanked
        })
        .map(|&(_, x)| x)
        .collect();
    merge_intervals(leaves)
}

/// A value column that is blank in every row still has its header: among the headers over the
/// values, each column of values belongs to the nearest one; a header no column belongs to,
/// standing apart from every column, is a column of its own.
fn blank_value_columns(
    bands: &[Band],
    head: &[usize],
    start: usize,
    end: usize,
    cols: Vec<Span>,
    labels_end: f64,
) -> Vec<Span> {
    let heads = value_headers(bands, head, labels_end);
    // the columns right of the labels that hold amounts (or bare numbers: `0`)
    let value_cols: Vec<Span> = cols
        .iter()
        .copied()
        .filter(|&(c0, c1)| {
            c1 > labels_end
                && (start..=end)
                    .flat_map(|k| bands[k].segs.iter())
                    .filter(|s| is_amount_like(&s.text) || is_numeric(&s.text))
                    .any(|s| s.bbox.x0 < c1 && c0 < s.bbox.x1)
        })
        .collect();
    let gap = |a: Span, b: Span| (a.0 - b.1).max(b.0 - a.1).max(0.0);
    let centre_gap = |a: Span, b: Span| ((a.0 + a.1) - (b.0 + b.1)).abs();
    let owned: Vec<bool> = (0..heads.len())
        .map(|h| {
            value_cols.iter().any(|&c| {
                // amounts are set right-aligned: their header starts left of their end
                let starts_left = |x: usize| heads[x].0 <= c.1 + EDGE_TOL;
                let cands: Vec<usize> = if (0..heads.len()).any(starts_left) {
                    (0..heads.len()).filter(|&x| starts_left(x)).collect()
                } else {
                    (0..heads.len()).collect()
                };
                let best = cands.into_iter().min_by(|&x, &y| {
                    gap(heads[x], c)
                        .total_cmp(&gap(heads[y], c))
                        .then(centre_gap(heads[x], c).total_cmp(&centre_gap(heads[y], c)))
                });
                best == Some(h)
            })
        })
        .collect();
    let owned_heads: Vec<Span> = heads
        .iter()
        .zip(&owned)
        .filter(|&(_, &o)| o)
        .map(|(&h, _)| h)
        .collect();
    let blank: Vec<Span> = heads
        .iter()
        .zip(&owned)
        .filter(|&(_, &o)| !o)
        .map(|(&h, _)| h)
        .filter(|&x| apart(&cols, x) && !piece_of_a_header(bands, head, x, &owned_heads))
        .collect();
    with(cols, blank)
}

/// Is the header `x`, over no values, a piece of a header word over values (`owned`) that OCR
/// read in two (`经营` `收入` for 经营收入): on one line with a piece of it, less than
/// [`HEADER_PIECE_GAP`] font sizes apart?
fn piece_of_a_header(bands: &[Band], head: &[usize], x: Span, owned: &[Span]) -> bool {
    let within = |s: &Seg, h: Span| s.bbox.x0 >= h.0 && s.bbox.x1 <= h.1;
    head.iter().any(|&k| {
        let segs = &bands[k].segs;
        segs.iter().filter(|s| within(s, x)).any(|s| {
            segs.iter().any(|t| {
                let gap = (t.bbox.x0 - s.bbox.x1).max(s.bbox.x0 - t.bbox.x1);
                owned.iter().any(|&h| within(t, h)) && gap < HEADER_PIECE_GAP * s.size
            })
        })
    })
}
