//! Tables without rulings (whitespace-aligned, or 三线表 with horizontal rules only), rebuilt from
//! text alignment.
//!
//! 1. Text is cut into bands (printed lines) of segments: runs of glyphs separated by gaps wider
//!    than [`SEG_GAP`] × font size.
//! 2. A *body band* has two or more segments and amounts in it; a table is a run of body bands
//!    with short gaps, allowing wrapped label lines between them.
//! 3. Columns are the merged x-extents of the segments of the body bands that have (nearly) the
//!    most segments; column edges sit halfway between neighbouring columns.
//! 4. Header bands are the lines right above the body, up to a title or unit line. Each header
//!    segment covers the columns it overlaps, and a group header (本年支出, 预算数) also covers
//!    the columns of the headers beneath it: every lower header is attached to the nearest header
//!    above it horizontally, and spans are computed bottom-up.
//! 5. Wrapped lines (labels, and codes in narrow columns) are placed column by column by the
//!    cells' vertical alignment: a cell's lines are centred on its row's amounts, or start or end
//!    on them, and every line but a cell's last fills the column. Lines no alignment accounts
//!    for join the nearest body row or form label-only rows.

use crate::text::{line_text, Char};
use yjs_model::{BBox, Cell, Grid, GridSource};

/// Header words of label columns (codes and names).
const LABEL_WORDS: &[&str] = &["代码", "编码", "名称"];

/// Column qualifiers printed in pairs under one item (预算数 | 决算数 under 合计).
const QUALIFIERS: &[&str] = &["预算数", "决算数", "预算", "决算", "上年数", "本年数"];

/// Gap (in font sizes) that separates two segments on one printed line.
pub const SEG_GAP: f64 = 0.6;

struct Seg {
    text: String,
    bbox: BBox,
    size: f64,
    chars: Vec<Char>,
}

struct Band {
    segs: Vec<Seg>,
    bbox: BBox,
    size: f64,
    /// a row of the table body ([`Band::is_body`]), decided once the bands are in order
    body: bool,
}

fn is_numeric(t: &str) -> bool {
    let mut digit = false;
    for c in t.chars() {
        match c {
            '0'..='9' => digit = true,
            ',' | '.' | '-' | '(' | ')' | '（' | '）' => {}
            c if c.is_whitespace() => {}
            _ => return false,
        }
    }
    digit
}

/// A printed amount: digits with a decimal point or thousands separator, or a dash (a zero).
pub(crate) fn is_amount_like(t: &str) -> bool {
    let t = t.trim();
    (is_numeric(t) && (t.contains('.') || t.contains(',')))
        || matches!(t, "-" | "—" | "－" | "--" | "——")
}

/// The number of digits of a bare integer (`3030`, `4`, `0`): ASCII digits and nothing else.
fn bare_int(t: &str) -> Option<usize> {
    let t = t.trim();
    (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())).then_some(t.len())
}

/// A line number (行次): a bare integer of one to three digits.
fn is_line_no(t: &str) -> bool {
    bare_int(t).is_some_and(|n| n <= 3)
}

impl Band {
    /// Left edge of the band's first amount (`f64::MIN` when it has none).
    fn first_amount_x(&self) -> f64 {
        self.segs
            .iter()
            .find(|s| is_amount_like(&s.text))
            .map_or(f64::MIN, |s| s.bbox.x0)
    }
    fn numeric(&self) -> usize {
        self.segs.iter().filter(|s| is_numeric(&s.text)).count()
    }
    /// A band of amounts, or of column numbers (`1 2 3 …`, `栏次 1 2`), or a row with line
    /// numbers and no amount (`20 二十、粮油物资储备支出 51`), or a row of amounts printed as
    /// bare integers (`0 0 0`); a band of codes alone (a wrapped code cell) is not.
    fn is_body(&self) -> bool {
        self.body
    }
    /// Three or more bare integers and nothing else (amounts printed without decimals, or the
    /// lines of codes wrapped in narrow columns: [`wrapped_code`] tells them apart).
    fn is_integers(&self) -> bool {
        self.segs.len() >= 3 && self.only_integers()
    }
    /// Bare integers and nothing else, and no column numbering (`1 2 3 …`).
    fn only_integers(&self) -> bool {
        !self.is_numbering() && self.segs.iter().all(|s| bare_int(&s.text).is_some())
    }
    /// [`Band::is_body`] by the band's own text.
    fn looks_body(&self) -> bool {
        (self.segs.len() >= 2
            && (self.segs.iter().any(|s| is_amount_like(&s.text))
                || self.is_numbering()
                || self.is_line_numbered()))
            // a lone amount with a decimal point, or a dash (a zero), its row's label wrapped
            // above and below it
            || matches!(self.segs.as_slice(), [s] if is_amount_like(&s.text)
                && (s.text.contains('.') || !s.text.chars().any(|c| c.is_ascii_digit())))
    }
    /// An enumerated label (`二十、…`) between line numbers (行次: bare numbers of one to three
    /// digits), two or more, one of them right of the label (codes stand left of their labels).
    fn is_line_numbered(&self) -> bool {
        let Some(label) = self
            .segs
            .iter()
            .position(|s| enumerated(s.text.trim_start()))
        else {
            return false;
        };
        self.segs.iter().filter(|s| is_line_no(&s.text)).count() >= 2
            && self.segs[label + 1..].iter().any(|s| is_line_no(&s.text))
    }
    fn is_numbering(&self) -> bool {
        let nums: Vec<u32> = self
            .segs
            .iter()
            .filter(|s| s.text.trim() != "栏次")
            .filter_map(|s| s.text.trim().parse().ok())
            .collect();
        nums.len() >= 2
            && nums.len() + 2 >= self.segs.len()
            && nums.windows(2).all(|w| w[1] == w[0] + 1)
    }
    /// A line of classification codes (bare integers, one of three digits or more left of the
    /// first amount at `amounts_x`) with nothing else but the one- or two-digit tails of codes
    /// wrapped in a narrow column: row content, never a header.
    fn is_code_line(&self, amounts_x: f64) -> bool {
        self.only_integers()
            && self
                .segs
                .iter()
                .any(|s| bare_int(&s.text).is_some_and(|n| n >= 3) && s.bbox.x1 < amounts_x)
    }
    /// Text that closes a table: a note or the next title.
    fn is_note(&self) -> bool {
        let t = self.text();
        t.starts_with("注") || t.starts_with("说明") || self.is_caption()
    }
    fn text(&self) -> String {
        self.segs.iter().map(|s| s.text.as_str()).collect()
    }
    /// A row label printed on its own line (a wrapped label): starts with an enumerator or a code.
    fn is_label_line(&self) -> bool {
        starts_row(&self.text())
    }
    /// A title, unit or date line that ends the header zone above a table.
    fn is_caption(&self) -> bool {
        let t: String = self.text().chars().filter(|c| !c.is_whitespace()).collect();
        t.ends_with('表')
            || t.contains("单位：")
            || t.contains("单位:")
            || t.contains("公开")
            || t.contains("年度")
    }
}

/// Is `next` the wrapped continuation of a label printed on the lines `above` (nearest last):
/// set close below them, one segment right under the nearest segment of its column (or
/// mirroring it about the row's amounts at `row_cy`), which reaches at least as far right, and
/// not starting a label of its own?
fn continues(above: &[Band], next: &Band, row_cy: f64) -> bool {
    let [s] = next.segs.as_slice() else {
        return false;
    };
    let Some(line) = above.last() else {
        return false;
    };
    let size = s.size;
    next.bbox.y0 - line.bbox.y1 < 0.8 * line.size
        && !starts_row(&s.text)
        && above
            .iter()
            .rev()
            .take(3)
            .find_map(|b| {
                b.segs
                    .iter()
                    .find(|t| t.bbox.x0 < s.bbox.x1 && s.bbox.x0 < t.bbox.x1)
            })
            .is_some_and(|t| {
                (t.bbox.x0 - s.bbox.x0).abs() < 2.0 * size
                    && t.bbox.x1 >= s.bbox.x1 - 0.5 * size
                    && (s.bbox.y0 - t.bbox.y1 < 0.8 * size
                        || ((t.bbox.cy() + s.bbox.cy()) / 2.0 - row_cy).abs() < 0.3 * size)
            })
}

/// Is the line right above body band `k` the first line of cells centred on that row: each of
/// its segments where the row prints nothing, mirrored by a continuation line right below?
fn opens_centred_cell(bands: &[Band], k: usize) -> bool {
    let (Some(above), Some(below)) = (k.checked_sub(1).map(|i| &bands[i]), bands.get(k + 1)) else {
        return false;
    };
    let row = &bands[k];
    !above.is_caption()
        && above.segs.iter().all(|s| {
            let overlaps = |t: &Seg| t.bbox.x0 < s.bbox.x1 && s.bbox.x0 < t.bbox.x1;
            !row.segs.iter().any(overlaps)
                && below.segs.iter().filter(|t| overlaps(t)).any(|t| {
                    !starts_row(&t.text)
                        && ((t.bbox.cy() - row.bbox.cy()) - (row.bbox.cy() - s.bbox.cy())).abs()
                            < 0.3 * s.size
                })
        })
}

/// Is band `k` the line numbers (行次: two or more bare numbers of one to three digits) of a row
/// whose enumerated label wrapped around them — its first line (`二十、粮油物资储备`) right above,
/// between the numbers?
fn numbers_of_wrapped_label(bands: &[Band], k: usize) -> bool {
    let b = &bands[k];
    if b.segs.len() < 2 || !b.segs.iter().all(|s| is_line_no(&s.text)) || k == 0 {
        return false;
    }
    let above = &bands[k - 1];
    b.bbox.cy() - above.bbox.cy() < 1.1 * b.size.max(above.size)
        && above.segs.iter().any(|l| {
            enumerated(l.text.trim_start())
                && b.segs.iter().any(|s| s.bbox.x1 <= l.bbox.x0)
                && b.segs.iter().any(|s| s.bbox.x0 >= l.bbox.x0)
        })
}

/// Does the header zone of a table whose top line so far is band `k` end above it: the band
/// above is another table's, a caption (or a caption's wrapped end), or set more than a line
/// and a half apart?
fn ends_header_zone(bands: &[Band], used: &[bool], k: usize) -> bool {
    let (above, below) = (&bands[k - 1], &bands[k]);
    used[k - 1]
        || above.is_caption()
        || continues_caption(bands, k - 1)
        || below.bbox.y0 - above.bbox.y1 > 1.6 * above.size
}

/// Is band `k` the wrapped end of the caption line right above it (`编制单位：中共上海市静安区委社`
/// / `会工作部`): one segment starting where the caption starts, set as close as a wrapped line?
fn continues_caption(bands: &[Band], k: usize) -> bool {
    let Some(caption) = k.checked_sub(1).map(|i| &bands[i]) else {
        return false;
    };
    let b = &bands[k];
    matches!(b.segs.as_slice(), [s] if caption.is_caption()
        && caption.segs.first().is_some_and(|c| (c.bbox.x0 - s.bbox.x0).abs() < 1.0)
        && b.bbox.y0 - caption.bbox.y1 < 0.4 * b.size)
}

/// Is band `k` (bare integers) a line of codes wrapped in narrow columns: an integer of it
/// starts where an integer of a line nearby starts (within two lines), but ends elsewhere, one
/// of the two of three digits or more (`3030` over `4`)? Amounts, set right-aligned, end
/// together.
fn wrapped_code(bands: &[Band], k: usize) -> bool {
    let b = &bands[k];
    let near = |o: &Band| (o.bbox.cy() - b.bbox.cy()).abs() < 2.5 * b.size.max(o.size);
    let lo = k.saturating_sub(4);
    let hi = (k + 5).min(bands.len());
    (lo..hi).filter(|&j| j != k && near(&bands[j])).any(|j| {
        bands[j].segs.iter().any(|o| {
            b.segs
                .iter()
                .any(|s| match (bare_int(&s.text), bare_int(&o.text)) {
                    (Some(n), Some(m)) => {
                        (s.bbox.x0 - o.bbox.x0).abs() < 1.0
                            && (s.bbox.x1 - o.bbox.x1).abs() > 1.0
                            && n.max(m) >= 3
                    }
                    _ => false,
                })
        })
    })
}

/// Does `t` start with a Chinese enumerator (`三、`, `二十一、`)?
fn enumerated(t: &str) -> bool {
    let n = t
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .count();
    n > 0 && t.chars().nth(n) == Some('、')
}

/// Text that starts a row label: an enumerator (`三、`, `1.`, `1、`), a code, or a whole total
/// label (`总计`, `合计`: never the end of a longer label).
fn starts_row(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    enumerated(&t)
        || matches!(t.as_str(), "总计" | "合计")
        || (digits > 0
            && matches!(t.chars().nth(digits), Some('.') | Some('、'))
            && !is_numeric(&t))
        || (digits >= 3 && !is_numeric(&t))
}

/// Does every segment of `b` line up with a segment of `rows` (a table row, perhaps with blank
/// cells, rather than a paragraph after the table): text by its left edge, amounts (set
/// right-aligned) by either edge?
fn lined_up(rows: &[Band], b: &Band) -> bool {
    b.segs.iter().all(|s| {
        rows.iter().flat_map(|r| r.segs.iter()).any(|t| {
            (t.bbox.x0 - s.bbox.x0).abs() < 3.0
                || (is_amount_like(&s.text) && (t.bbox.x1 - s.bbox.x1).abs() < 3.0)
        })
    })
}

fn make_bands(chars: &[Char]) -> Vec<Band> {
    crate::text::bands(chars, Some(SEG_GAP))
        .into_iter()
        .map(|segs| {
            let segs: Vec<Seg> = segs
                .into_iter()
                .map(|cs| {
                    let bbox = cs.iter().skip(1).fold(cs[0].bbox, |b, c| b.union(&c.bbox));
                    let size = cs.iter().map(|c| c.size).fold(0.0, f64::max);
                    Seg {
                        text: line_text(&cs),
                        bbox,
                        size,
                        chars: cs,
                    }
                })
                .collect();
            let bbox = segs
                .iter()
                .skip(1)
                .fold(segs[0].bbox, |b, s| b.union(&s.bbox));
            let size = segs.iter().map(|s| s.size).fold(0.0, f64::max).max(1.0);
            Band {
                segs,
                bbox,
                size,
                body: false,
            }
        })
        .collect()
}

/// Finds whitespace-aligned tables among `chars`; returns them and the chars they do not use.
pub fn alignment_grids(chars: Vec<Char>) -> (Vec<Grid>, Vec<Char>) {
    if chars.is_empty() {
        return (Vec::new(), chars);
    }
    let mut bands = make_bands(&chars);
    bands.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
    // (line numbers alone make a row only among rows of amounts: a table's part without a
    // single amount has no value columns to place them by)
    let amounts = bands
        .iter()
        .any(|b| b.segs.iter().any(|s| is_amount_like(&s.text)));
    let body: Vec<bool> = (0..bands.len())
        .map(|k| {
            bands[k].looks_body()
                || ((bands[k].is_integers() || (amounts && numbers_of_wrapped_label(&bands, k)))
                    && !wrapped_code(&bands, k))
        })
        .collect();
    for (b, body) in bands.iter_mut().zip(body) {
        b.body = body;
    }
    let mut used = vec![false; bands.len()];
    let mut grids = Vec::new();
    let mut i = 0;
    while i < bands.len() {
        if !bands[i].is_body() {
            i += 1;
            continue;
        }
        // extend the run downwards
        let start = i;
        let mut end = i; // last body band
        let mut j = i + 1;
        while j < bands.len() {
            let gap = bands[j].bbox.y0 - bands[j - 1].bbox.y1;
            let size = bands[j].size.max(bands[j - 1].size);
            // empty rows (blank space) may stand before a row of the same table: a body band
            // whose every segment lines up with the rows above (after rows with blank cells)
            let bridges = (end + 1..j).all(|m| lined_up(&bands[start..=end], &bands[m]))
                && gap < 12.0 * size
                && bands[j].is_body()
                && lined_up(&bands[start..=end], &bands[j]);
            if gap > 1.6 * size && !bridges {
                break;
            }
            if bands[j].is_body() {
                end = j;
            } else if bands[j].is_note()
                || (j - end > 2 && !lined_up(&bands[start.saturating_sub(2)..=end], &bands[j]))
            {
                break;
            }
            j += 1;
        }
        // label lines wrapped below the last row (text only off its amounts, set close)
        let last_body = end;
        let amounts_x: Vec<(f64, f64)> = bands[end]
            .segs
            .iter()
            .filter(|s| is_amount_like(&s.text))
            .map(|s| (s.bbox.x0, s.bbox.x1))
            .collect();
        let table_x0 = bands[start..=end]
            .iter()
            .map(|b| b.bbox.x0)
            .fold(f64::MAX, f64::min);
        let off_amounts = |b: &Band| {
            b.segs.iter().all(|s| {
                amounts_x
                    .iter()
                    .all(|&(a0, a1)| s.bbox.x1 < a0 - 1.0 || s.bbox.x0 > a1 + 1.0)
            }) && b.segs.iter().all(|s| s.bbox.x0 > table_x0 - 2.0 * s.size)
        };
        while end + 1 < bands.len()
            && !bands[end + 1].is_body()
            && !bands[end + 1].is_note()
            && off_amounts(&bands[end + 1])
            && (bands[end + 1].bbox.cy() - bands[last_body].bbox.cy() < 0.9 * bands[last_body].size
                || (bands[end + 1].segs.len() >= 2
                    && bands[end + 1].bbox.y0 - bands[end].bbox.y1 < 0.8 * bands[end].size)
                || continues(
                    &bands[last_body.saturating_sub(3)..=end],
                    &bands[end + 1],
                    bands[last_body].bbox.cy(),
                ))
        {
            end += 1;
        }
        let body: Vec<usize> = (start..=end).filter(|&k| bands[k].is_body()).collect();
        let numeric: usize = body.iter().map(|&k| bands[k].numeric()).sum();
        // (one row of few numbers is a table only right under a header line of three or more
        // cells: a table whose one row is mostly blank)
        let headed = start > 0 && {
            let h = &bands[start - 1];
            h.segs.len() >= 3
                && !h.is_caption()
                && bands[start].bbox.y0 - h.bbox.y1 < 1.6 * h.size.max(bands[start].size)
        };
        if body.len() < 2 && numeric < 3 && !headed {
            i = end + 1;
            continue;
        }
        // wrapped labels printed above the first body row belong to the body
        let mut start = start;
        // (a label line, or text only left of the first amount, set closely above it)
        let first_amount_x = bands[start].first_amount_x();
        let first_body = start;
        while start > 0
            && !used[start - 1]
            && (bands[start - 1].is_label_line()
                || (bands[start - 1]
                    .segs
                    .iter()
                    .all(|s| s.bbox.x1 < first_amount_x)
                    && !bands[start - 1].is_caption()
                    // a wrapped label sits within a line of its row's centre
                    && bands[first_body].bbox.cy() - bands[start - 1].bbox.cy()
                        < 0.9 * bands[first_body].size)
                || (start == first_body && opens_centred_cell(&bands, first_body)))
            && bands[start].bbox.y0 - bands[start - 1].bbox.y1 < 1.0 * bands[start].size
        {
            start -= 1;
        }
        // rows with no amounts above the first row of amounts (a table continued on a new page
        // whose first rows are blank, their codes wrapped in a narrow column): a line of codes
        // in the label columns is no header, so it and everything below it is body
        let mut k = start;
        while k > 0 && start - k < 8 && !ends_header_zone(&bands, &used, k) {
            k -= 1;
            if bands[k].is_code_line(first_amount_x) {
                start = k;
            }
        }
        // header zone above the body
        let mut head: Vec<usize> = Vec::new();
        let mut k = start;
        while k > 0 && head.len() < 8 && !ends_header_zone(&bands, &used, k) {
            head.push(k - 1);
            k -= 1;
        }
        head.reverse();
        if let Some(g) = build(&bands, &head, start, end) {
            for u in used
                .iter_mut()
                .take(end + 1)
                .skip(head.first().copied().unwrap_or(start))
            {
                *u = true;
            }
            grids.push(g);
        }
        i = end + 1;
    }
    let mut rest = Vec::new();
    for (b, u) in bands.into_iter().zip(used) {
        if !u {
            for s in b.segs {
                rest.extend(s.chars);
            }
        }
    }
    (grids, rest)
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

/// Sorts x-intervals and merges the overlapping ones (a column is the union of its texts).
fn merge_intervals(mut iv: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    iv.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f64, f64)> = Vec::new();
    for (a, b) in iv {
        match out.last_mut() {
            Some(last) if a <= last.1 + 0.5 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// The rows of a run: each body band is a row; consecutive other bands closer than a line to
/// each other form a cluster, which is a row of its own (labels with blank cells, possibly
/// wrapped over several lines) unless it sits within a line of a body band — then its bands are
/// wrapped lines of that row (returned separately).
fn row_groups(
    bands: &[Band],
    start: usize,
    end: usize,
    placed: &[bool],
) -> (Vec<Vec<usize>>, Vec<usize>) {
    let near = |a: usize, b: usize| {
        (bands[a].bbox.cy() - bands[b].bbox.cy()).abs() < 1.1 * bands[a].size.max(bands[b].size)
    };
    let free = |k: usize| !bands[k].is_body() && !placed[k];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut wraps = Vec::new();
    let mut k = start;
    while k <= end {
        if placed[k] {
            k += 1;
            continue;
        }
        if bands[k].is_body() {
            groups.push(vec![k]);
            k += 1;
            continue;
        }
        let mut cluster = vec![k];
        while k < end && free(k + 1) && near(k, k + 1) {
            k += 1;
            cluster.push(k);
        }
        let first = cluster[0];
        let last = *cluster.last().unwrap_or(&first);
        let touches_body = (first > start && bands[first - 1].is_body() && near(first - 1, first))
            || (last < end && bands[last + 1].is_body() && near(last, last + 1));
        if touches_body {
            wraps.extend(cluster);
        } else {
            groups.push(cluster);
        }
        k += 1;
    }
    (groups, wraps)
}

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

/// Places the lines of wrapped cells (labels, and codes wrapped in a narrow column) by the
/// vertical alignment of the table's cells, column by column. In each column the printed lines
/// form chains (lines closer than a wrapped line's pitch); a chain is cut into cells, each
/// belonging to one row of amounts: under [`VAlign::Centre`] a cell's lines are centred on its
/// row's amounts, under `Top` / `Bottom` a cell starts / ends on the amounts' line. The
/// alignment is the one that accounts for most chains of the table; a chain it cannot account
/// for is left to the nearest-row rule. Returns `(band, segment) → body band` for the lines
/// placed off their own line.
fn place_wrapped(
    bands: &[Band],
    start: usize,
    end: usize,
    col_of: &dyn Fn(&Seg) -> usize,
    ncols: usize,
) -> Vec<((usize, usize), usize)> {
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
    let body: Vec<(usize, f64)> = (start..=end)
        .filter(|&k| bands[k].is_body())
        .map(|k| (k, bands[k].bbox.cy()))
        .collect();
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
    // a line is full when it reaches within a glyph and a half of the column's widest line
    for col in columns.iter_mut() {
        let right = col
            .iter()
            .map(|l| bands[l.band].segs[l.seg].bbox.x1)
            .fold(f64::MIN, f64::max);
        for l in col.iter_mut() {
            let s = &bands[l.band].segs[l.seg];
            l.full = s.bbox.x1 >= right - 1.5 * s.size;
            l.nearly = s.bbox.x1 >= right - 3.5 * s.size;
        }
    }
    // chains of lines in one column, each with at least one line off the amounts' lines
    let mut chains: Vec<Vec<Line>> = Vec::new();
    for mut col in columns {
        col.sort_by(|a, b| a.cy.total_cmp(&b.cy));
        let mut cur: Vec<Line> = Vec::new();
        for l in col {
            let size = bands[l.band].size;
            if let Some(p) = cur.last() {
                if l.cy - p.cy > 2.2 * size.max(bands[p.band].size) {
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
    // a chain's cells under one alignment: (first line, last line, body band) each; lines that
    // fit no cell are left out. Within a cell only the first line may start a row label, and
    // every line but the last fills the column (it wrapped because it was full), or nearly
    // when the next line starts with an opening bracket.
    let links =
        |line: &Line, next: &Line| !next.starts && (line.full || (line.nearly && next.opens));
    let joinable = |cell: &[Line]| cell.windows(2).all(|w| links(&w[0], &w[1]));
    // a top- or bottom-aligned cell shows itself only by its lines being closer to each other
    // than to the lines of the rows around it
    let set_apart = |chain: &[Line], a: usize, b: usize| {
        let inner = (a..b)
            .map(|i| chain[i + 1].cy - chain[i].cy)
            .fold(0.0, f64::max);
        let margin = 0.15 * bands[chain[a].band].size;
        (a == 0 || chain[a].cy - chain[a - 1].cy > inner + margin)
            && (b + 1 >= chain.len() || chain[b + 1].cy - chain[b].cy > inner + margin)
    };
    let cells = |chain: &[Line], how: VAlign| -> Vec<(usize, usize, usize)> {
        let n = chain.len();
        let mut out = Vec::new();
        match how {
            VAlign::Top => {
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
                    if !set_apart(chain, i, j) {
                        j = i;
                    }
                    out.push((i, j, chain[i].band));
                    i = j + 1;
                }
            }
            VAlign::Bottom => {
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
                    if !set_apart(chain, a, b) {
                        a = b;
                    }
                    out.push((a, b, chain[b].band));
                    i = a;
                }
                out.reverse();
            }
            VAlign::Centre => {
                // least cost: Σ (lines per cell)², a line left out costs more than any cell
                // (short cells first: rows are often as close as wrapped lines)
                const SKIP: usize = 1000;
                // body bands with no line in this chain (a cell of wrapped lines alone centres
                // on one of them)
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
                        let mut own = cell.iter().filter(|l| l.body).map(|l| l.band);
                        let first_own = own.next();
                        if own.any(|k| Some(k) != first_own) {
                            continue;
                        }
                        let centre = (cell[0].cy + cell[cell.len() - 1].cy) / 2.0;
                        let tol = 0.3 * bands[cell[0].band].size;
                        let target = match first_own {
                            Some(k) => {
                                Some(k).filter(|&k| (bands[k].bbox.cy() - centre).abs() <= tol)
                            }
                            None => free
                                .iter()
                                .find(|&&(_, y)| (y - centre).abs() <= tol)
                                .map(|&(k, _)| k),
                        };
                        let c = cost[a] + cell.len() * cell.len();
                        if target.is_some() && c < cost[b] {
                            cost[b] = c;
                            reach[b] = Some((a, target));
                        }
                    }
                }
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
            }
        }
        out
    };
    let modes = [VAlign::Centre, VAlign::Top, VAlign::Bottom];
    let results: Vec<Vec<Vec<(usize, usize, usize)>>> = modes
        .iter()
        .map(|&m| chains.iter().map(|c| cells(c, m)).collect())
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

fn build(bands: &[Band], head: &[usize], start: usize, end: usize) -> Option<Grid> {
    let amounts: Vec<usize> = (start..=end).filter(|&k| bands[k].is_body()).collect();
    // numbering rows (1 2 3 …, centred) do not define columns when rows of amounts exist
    let amount_row = |k: usize| bands[k].segs.iter().any(|s| is_amount_like(&s.text));
    let defining: Vec<usize> = if amounts.iter().any(|&k| amount_row(k)) {
        amounts.iter().copied().filter(|&k| amount_row(k)).collect()
    } else {
        amounts.clone()
    };
    let max_segs = defining.iter().map(|&k| bands[k].segs.len()).max()?;
    // columns from the fullest body rows, and from every amount (amounts stay in their column;
    // a row whose label wrapped away may still hold the only amount of a column)
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
    let mut iv: Vec<(f64, f64)> = fullest_segs
        .iter()
        .filter(|s| !spanning_total(s))
        .map(|s| (s.bbox.x0, s.bbox.x1))
        .collect();
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
                    .filter(|c| a <= c.1 + 0.5 && b >= c.0 - 0.5)
                    .count()
                    <= 1
            }),
    );
    let mut cols = merge_intervals(iv);
    // label columns printed only on wrapped or label-only lines (every label of a narrow column
    // wraps): their text, where no column is, makes a column too
    let extra: Vec<(f64, f64)> = (start..=end)
        .filter(|&k| !bands[k].is_body())
        .flat_map(|k| bands[k].segs.iter().map(|s| (s.bbox.x0, s.bbox.x1)))
        .filter(|&(a, b)| cols.iter().all(|&(c0, c1)| b < c0 - 0.5 || a > c1 + 0.5))
        .collect();
    if !extra.is_empty() {
        let mut iv = cols.clone();
        iv.extend(extra);
        cols = merge_intervals(iv);
    }
    // a header row with more cells than the body has columns (a table whose only row is a total
    // spanning the label columns) splits the columns further
    // (or splits the label columns: 科目代码 | 科目名称 over a 合计 that spans both)
    let first_value_x = (start..=end)
        .flat_map(|k| bands[k].segs.iter())
        .filter(|s| is_amount_like(&s.text))
        .map(|s| s.bbox.x0)
        .fold(f64::MAX, f64::min);
    let left = |cs: &[(f64, f64)]| cs.iter().filter(|c| c.1 < first_value_x).count();
    // where the label columns of the body end (headers right of it head values; a header
    // centred over right-aligned amounts may start left of them)
    let labels_end = cols
        .iter()
        .filter(|c| c.1 < first_value_x)
        .map(|c| c.1)
        .fold(f64::MIN, f64::max);
    if let Some(&k) = head.iter().max_by_key(|&&k| bands[k].segs.len()) {
        if bands[k].segs.len() > cols.len() {
            // (over the values, only headers no column of amounts belongs to: below; the first
            // value column's header may start left of its right-aligned amounts)
            // (a header nearer the first amounts than the label columns heads the amounts: it
            // is centred over a wide column of right-aligned amounts)
            let mut iv: Vec<(f64, f64)> = cols.clone();
            iv.extend(
                bands[k]
                    .segs
                    .iter()
                    .filter(|s| s.bbox.x1 < first_value_x - 2.0 * s.size)
                    .filter(|s| s.bbox.x0 - labels_end < first_value_x - s.bbox.x1)
                    .map(|s| (s.bbox.x0, s.bbox.x1)),
            );
            let merged = merge_intervals(iv);
            if merged.len() > cols.len() {
                cols = merged;
            }
        } else {
            // label headers (科目代码, 科目名称) left of the amounts
            let mut iv: Vec<(f64, f64)> = cols.clone();
            iv.extend(
                bands[k]
                    .segs
                    .iter()
                    .filter(|s| {
                        s.bbox.x1 < first_value_x && LABEL_WORDS.iter().any(|w| s.text.contains(w))
                    })
                    .map(|s| (s.bbox.x0, s.bbox.x1)),
            );
            let merged = merge_intervals(iv);
            if left(&merged) > left(&cols) {
                cols = merged;
            }
        }
    }
    // a value column that is blank in every row still has its header: among the headers over
    // the values, each column of values belongs to the nearest one; a header no column belongs
    // to, standing apart from every column, is a column of its own
    if !head.is_empty() {
        // header segments over the values, from every header band; a group header (over two
        // or more headers lower down) is left out, and the lines of a wrapped header are one
        let segs: Vec<(usize, (f64, f64))> = head
            .iter()
            .enumerate()
            .flat_map(|(b, &k)| bands[k].segs.iter().map(move |s| (b, s)))
            .filter(|(_, s)| s.bbox.x0 > labels_end)
            .filter(|(_, s)| {
                s.text.trim() != "项目" && !LABEL_WORDS.iter().any(|w| s.text.contains(w))
            })
            .map(|(b, s)| (b, (s.bbox.x0, s.bbox.x1)))
            .collect();
        let over = |a: (f64, f64), b: (f64, f64)| a.0 < b.1 && b.0 < a.1;
        // a group header: over two or more headers lower down, or (its text narrower than the
        // group, centred over it) with headers lower down on both sides of it — headers of its
        // own, not the wrapped lines of headers standing beside it higher up
        let leaves: Vec<(f64, f64)> = segs
            .iter()
            .filter(|&&(b, x)| {
                let lower = || segs.iter().filter(move |&&(b2, _)| b2 > b);
                let under = lower().filter(|&&(_, x2)| over(x, x2)).count();
                let own = |x2: (f64, f64)| {
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
        let heads = merge_intervals(leaves);
        // the columns right of the labels that hold amounts (or bare numbers: `0`)
        let value_cols: Vec<(f64, f64)> = cols
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
        let gap = |a: (f64, f64), b: (f64, f64)| (a.0 - b.1).max(b.0 - a.1).max(0.0);
        let centre_gap = |a: (f64, f64), b: (f64, f64)| ((a.0 + a.1) - (b.0 + b.1)).abs();
        let owned: Vec<bool> = (0..heads.len())
            .map(|h| {
                value_cols.iter().any(|&c| {
                    // amounts are set right-aligned: their header starts left of their end
                    let starts_left = |x: usize| heads[x].0 <= c.1 + 1.0;
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
        let blank: Vec<(f64, f64)> = heads
            .iter()
            .zip(&owned)
            .filter(|&(_, &o)| !o)
            .map(|(&h, _)| h)
            .filter(|&(a, b)| cols.iter().all(|&(c0, c1)| b < c0 - 0.5 || a > c1 + 0.5))
            .collect();
        if !blank.is_empty() {
            let mut iv = cols.clone();
            iv.extend(blank);
            cols = merge_intervals(iv);
        }
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
    let ncols = cols.len();
    let col_of = |x: f64| -> usize { edges[1..ncols].partition_point(|e| *e <= x) };
    let cols_overlapping = |b: &BBox| -> (usize, usize) {
        let (mut lo, mut hi) = (col_of(b.cx()), col_of(b.cx()));
        for c in 0..ncols {
            let o = b.x1.min(edges[c + 1]) - b.x0.max(edges[c]);
            // a segment covers a column when it overlaps most of the column's text
            let text_w = (cols[c].1 - cols[c].0).max(1.0);
            let ot = b.x1.min(cols[c].1) - b.x0.max(cols[c].0);
            if o > 0.0 && ot > 0.5 * text_w {
                lo = lo.min(c);
                hi = hi.max(c);
            }
        }
        (lo, hi)
    };

    // header cells. Each header segment covers the columns under it (its centre's column and
    // the columns whose text it overlaps). A segment of the top header band that has headers
    // beneath it is a group (预算数, 本年支出, 收入): it also takes the columns no other top
    // segment covers, by horizontal distance.
    struct H {
        band: usize,
        bbox: BBox,
        text: String,
        span: (usize, usize),
    }
    let direct = |b: &BBox| -> (usize, usize) {
        let c0 = col_of(b.cx());
        let (mut lo, mut hi) = (c0, c0);
        for (c, &(t0, t1)) in cols.iter().enumerate() {
            let ot = b.x1.min(t1) - b.x0.max(t0);
            if ot > 0.3 * (t1 - t0).max(1.0) {
                lo = lo.min(c);
                hi = hi.max(c);
            }
        }
        (lo, hi)
    };
    let mut hs: Vec<H> = Vec::new();
    for (hi, &k) in head.iter().enumerate() {
        for s in &bands[k].segs {
            hs.push(H {
                band: hi,
                bbox: s.bbox,
                text: s.text.clone(),
                span: direct(&s.bbox),
            });
        }
    }
    // a wrapped header cell: one segment right below another, aligned with it, and nothing
    // else below the upper one within its share of the band
    let owned = |i: usize, hs: &[H]| -> (f64, f64) {
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
    };
    let mut merged = vec![false; hs.len()];
    for i in 0..hs.len() {
        if merged[i] {
            continue;
        }
        let (lo, hi) = owned(i, &hs);
        let h = hs[i].bbox.height().max(1.0);
        // the nearest segment right below, aligned with this one
        let cand = (0..hs.len())
            .filter(|&j| !merged[j] && hs[j].band > hs[i].band)
            .filter(|&j| {
                (hs[j].bbox.cx() - hs[i].bbox.cx()).abs() < 0.6 * h
                    || (hs[j].bbox.x0 - hs[i].bbox.x0).abs() < 0.6 * h
            })
            .filter(|&j| hs[j].bbox.y0 - hs[i].bbox.y1 < 0.8 * h)
            .min_by(|&a, &b| hs[a].bbox.y0.total_cmp(&hs[b].bbox.y0));
        let Some(j) = cand else { continue };
        // a group header has several segments below it in its share of the band
        let siblings = hs
            .iter()
            .enumerate()
            .filter(|(k, x)| {
                !merged[*k] && x.band == hs[j].band && x.bbox.cx() > lo && x.bbox.cx() < hi
            })
            .count();
        if siblings == 1 {
            let t = std::mem::take(&mut hs[j].text);
            hs[i].text.push_str(&t);
            let bb = hs[j].bbox;
            hs[i].bbox = hs[i].bbox.union(&bb);
            let sp = hs[j].span;
            hs[i].span = (hs[i].span.0.min(sp.0), hs[i].span.1.max(sp.1));
            merged[j] = true;
        }
    }
    let mut k = 0;
    hs.retain(|_| {
        k += 1;
        !merged[k - 1]
    });
    // a band of repeated qualifiers (预算数 决算数 预算数 决算数 …) under centred items: every
    // column belongs to the nearest item above it, and a group spans its items' columns
    let nb = head.len();
    let qualifier = (0..nb).rev().find(|&b| {
        let texts: Vec<&str> = hs
            .iter()
            .filter(|h| h.band == b)
            .map(|h| h.text.as_str())
            .collect();
        texts.len() >= 4 && texts.iter().all(|t| QUALIFIERS.contains(&t.trim()))
    });
    if let Some(qb) = qualifier {
        let above: Vec<usize> = (0..hs.len()).filter(|&i| hs[i].band < qb).collect();
        let overlaps = |a: (usize, usize), b: (usize, usize)| a.0 <= b.1 && b.0 <= a.1;
        let leaves: Vec<usize> = above
            .iter()
            .copied()
            .filter(|&i| {
                !above
                    .iter()
                    .any(|&j| hs[j].band > hs[i].band && overlaps(hs[j].span, hs[i].span))
            })
            .collect();
        // the qualifiers repeat in groups (预算数 决算数 | 预算数 决算数 …): each group belongs to
        // the item centred over it, whatever columns the item's own text reaches into
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
        if let Some(p) = period {
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
        for c in 0..ncols {
            if leaves
                .iter()
                .any(|&i| hs[i].span.0 <= c && c <= hs[i].span.1)
            {
                continue;
            }
            let cx = (edges[c] + edges[c + 1]) / 2.0;
            let dist = |i: usize| hdist(&hs[i].bbox, cx);
            if let Some(&l) = leaves.iter().min_by(|&&a, &&b| dist(a).total_cmp(&dist(b))) {
                let sp = &mut hs[l].span;
                sp.0 = sp.0.min(c);
                sp.1 = sp.1.max(c);
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
                        && hs[j].bbox.cx() >= x0 - 1.0
                        && hs[j].bbox.cx() <= x1 + 1.0
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
    // groups of the top band take the columns no other top segment covers
    let top: Vec<usize> = (0..hs.len()).filter(|&i| hs[i].band == 0).collect();
    let has_below = |i: usize| {
        hs.iter()
            .any(|h| h.band > hs[i].band && h.span.0 <= hs[i].span.1 && h.span.1 >= hs[i].span.0)
    };
    let groups: Vec<usize> = top.iter().copied().filter(|&i| has_below(i)).collect();
    // the lowest header over a column (项目, 金额 …)
    let leaf = |hs: &[H], c: usize| -> Option<String> {
        hs.iter()
            .filter(|h| h.band > 0 && h.span.0 <= c && c <= h.span.1)
            .max_by_key(|h| h.band)
            .map(|h| h.text.clone())
    };
    if !groups.is_empty() && head.len() > 1 {
        for c in 0..ncols {
            if top.iter().any(|&i| hs[i].span.0 <= c && c <= hs[i].span.1) {
                continue;
            }
            let cx = (edges[c] + edges[c + 1]) / 2.0;
            let dist = |i: usize| hdist(&hs[i].bbox, cx);
            // only a group whose share of the band (up to halfway to its neighbours) holds the
            // column: a header centred lower down (a rowspan cell) is nobody's child
            let owns = |i: usize| {
                let (lo, hi) = owned(i, &hs);
                cx > lo && cx < hi
            };
            // a group has one column of each leaf header: a second 项目 starts the other side
            // of a two-sided table
            let own_leaf = leaf(&hs, c);
            let repeats = |g: usize| {
                own_leaf.is_some()
                    && (hs[g].span.0..=hs[g].span.1).any(|d| d != c && leaf(&hs, d) == own_leaf)
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
            let chosen = match nearest(&|g| owns(g)) {
                Some(g) if repeats(g) => nearest(&|g| !repeats(g)),
                other => other,
            };
            if let Some(g) = chosen {
                let sp = &mut hs[g].span;
                sp.0 = sp.0.min(c);
                sp.1 = sp.1.max(c);
            }
        }
    }

    // wrapped cells placed by the table's vertical alignment; the other lines form rows of
    // their own or join the nearest row
    let seg_col = |s: &Seg| col_of(s.bbox.x0 + 0.5 * s.size);
    let placed_segs = place_wrapped(bands, start, end, &seg_col, ncols);
    // (each segment is placed at most once: a band is placed when all its segments are)
    let mut n_placed = vec![0usize; bands.len()];
    for &((b, _), _) in &placed_segs {
        n_placed[b] += 1;
    }
    let placed: Vec<bool> = (0..bands.len())
        .map(|k| !bands[k].is_body() && n_placed[k] > 0 && n_placed[k] == bands[k].segs.len())
        .collect();
    let (rowset, wraps) = row_groups(bands, start, end, &placed);
    // grid rows: header bands, then body bands
    let nhead = head.len();
    let nrows = nhead + rowset.len();
    let mut texts: Vec<Vec<String>> = vec![vec![String::new(); ncols]; nrows];
    let mut spans: Vec<Vec<usize>> = vec![vec![1; ncols]; nrows];
    let mut covered = vec![vec![false; ncols]; nrows];
    let mut by_band: Vec<Vec<&H>> = vec![Vec::new(); nhead];
    for h in &hs {
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
            if !texts[r][lo].is_empty() {
                texts[r][lo].push_str(&h.text);
                continue;
            }
            texts[r][lo] = h.text.clone();
            spans[r][lo] = hi - lo + 1;
            for cov in covered[r]
                .iter_mut()
                .take(hi.min(ncols - 1) + 1)
                .skip(lo + 1)
            {
                *cov = true;
            }
            next_free = hi + 1;
        }
    }
    for (bi, group) in rowset.iter().enumerate() {
        let r = nhead + bi;
        for s in group.iter().flat_map(|&k| bands[k].segs.iter()) {
            let (lo, hi) = cols_overlapping(&s.bbox);
            let c = if is_numeric(&s.text) {
                col_of(s.bbox.cx())
            } else {
                lo
            };
            if covered[r][c] {
                continue;
            }
            texts[r][c].push_str(&s.text.split_whitespace().collect::<String>());
            if !is_numeric(&s.text) && hi > c {
                spans[r][c] = spans[r][c].max(hi - c + 1);
                for cov in covered[r].iter_mut().take(hi + 1).skip(c + 1) {
                    *cov = true;
                }
            }
        }
    }
    // wrapped label lines join the nearest row
    let gcy = |g: &Vec<usize>| {
        let (y0, y1) = g.iter().fold((f64::MAX, f64::MIN), |(a, b), &k| {
            (a.min(bands[k].bbox.y0), b.max(bands[k].bbox.y1))
        });
        (y0 + y1) / 2.0
    };
    for &k in &wraps {
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
        for s in &bands[k].segs {
            let c = col_of(s.bbox.x0 + 0.5 * s.size);
            let r = nhead + bi;
            let t: String = s.text.split_whitespace().collect();
            if above {
                texts[r][c] = t + &texts[r][c];
            } else {
                texts[r][c].push_str(&t);
            }
        }
    }
    // placed lines join their row's cell (the cell covering their slot) above or below the
    // row's own line, in printed order
    let mut row_of = vec![None; bands.len()];
    for (bi, g) in rowset.iter().enumerate() {
        for &k in g {
            row_of[k] = Some(bi);
        }
    }
    let mut extra: Vec<(usize, usize, f64, bool, String)> = Vec::new();
    for &((k, si), target) in &placed_segs {
        let Some(bi) = row_of[target] else {
            continue;
        };
        if !placed[k] {
            continue;
        }
        let s = &bands[k].segs[si];
        let r = nhead + bi;
        let mut c = seg_col(s);
        while c > 0 && covered[r][c] {
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
        texts[*r][*c].insert_str(0, t);
    }
    for (r, c, _, _, t) in extra.iter().filter(|e| !e.3) {
        texts[*r][*c].push_str(t);
    }
    // rows' y edges
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
    let mut cells = Vec::new();
    for r in 0..nrows {
        for c in 0..ncols {
            if covered[r][c] {
                continue;
            }
            let cs = spans[r][c].min(ncols - c);
            cells.push(Cell {
                row: r,
                col: c,
                row_span: 1,
                col_span: cs,
                bbox: BBox::new(edges[c], row_edges[r], edges[c + cs], row_edges[r + 1]),
                text: std::mem::take(&mut texts[r][c]),
            });
        }
    }
    let grid = Grid {
        bbox: BBox::new(x0, row_edges[0], x1, row_edges[nrows]),
        rows: nrows,
        cols: ncols,
        col_edges: edges,
        row_edges,
        cells,
        source: GridSource::Alignment,
        col_text: cols.clone(),
    };
    debug_assert!(grid.validate().is_ok(), "{:?}", grid.validate());
    grid.validate().ok().map(|_| grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(items: &[(&str, f64)], y: f64) -> Vec<Char> {
        let mut v = Vec::new();
        for (t, x) in items {
            for (i, ch) in t.chars().enumerate() {
                let w = if ch.is_ascii() { 5.0 } else { 10.0 };
                let x0 = x + i as f64 * w;
                v.push(Char {
                    text: ch.to_string().into(),
                    bbox: BBox::new(x0, y, x0 + w, y + 10.0),
                    size: 10.0,
                    font: 0,
                    space_before: false,
                });
            }
        }
        v
    }

    /// The one table found among `chars` (asserted to be one).
    fn one_grid(chars: Vec<Char>) -> Grid {
        let (mut grids, _) = alignment_grids(chars);
        assert_eq!(grids.len(), 1);
        grids.remove(0)
    }

    /// The text of each slot of `g`, row by row (a spanned slot: empty).
    fn texts(g: &Grid) -> Vec<Vec<String>> {
        (0..g.rows)
            .map(|r| {
                (0..g.cols)
                    .map(|c| g.cell_at(r, c).map(|x| x.text.clone()).unwrap_or_default())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn centred_wrapped_labels_join_their_row() {
        // a narrow label column (6 glyphs) with lines 1.6 font sizes apart, cells centred
        // vertically on their amounts: a 3-line and a 2-line label, then a label-only row
        let mut chars = Vec::new();
        chars.extend(line(
            &[("科目编码", 0.0), ("科目名称", 80.0), ("金额", 200.0)],
            46.0,
        ));
        chars.extend(line(
            &[("208", 0.0), ("社会保障支出", 80.0), ("10.00", 200.0)],
            60.0,
        ));
        chars.extend(line(&[("机关事业单位", 80.0)], 76.0));
        chars.extend(line(
            &[("2080505", 0.0), ("基本养老保险", 80.0), ("6.00", 200.0)],
            92.0,
        ));
        chars.extend(line(&[("缴费支出", 80.0)], 108.0));
        chars.extend(line(&[("机关事业单位", 80.0)], 124.0));
        chars.extend(line(&[("2080506", 0.0), ("4.00", 200.0)], 132.0));
        chars.extend(line(&[("年金支出", 80.0)], 140.0));
        chars.extend(line(&[("本年结余", 80.0)], 156.0));
        chars.extend(line(&[("合计", 0.0), ("10.00", 200.0)], 172.0));
        let g = &one_grid(chars);
        let rows = texts(g);
        assert_eq!(
            rows,
            [
                ["科目编码", "科目名称", "金额"],
                ["208", "社会保障支出", "10.00"],
                ["2080505", "机关事业单位基本养老保险缴费支出", "6.00"],
                ["2080506", "机关事业单位年金支出", "4.00"],
                ["", "本年结余", ""],
                ["合计", "", "10.00"],
            ]
        );
    }

    #[test]
    fn blank_rows_with_wrapped_codes_above_the_first_amount_are_rows_not_headers() {
        // a table continued on a new page: five-digit codes wrapped in a narrow column (`3030`
        // over `4`), each name centred between its code's lines, the first row blank, and a
        // total label spanning the code and name columns
        let mut chars = Vec::new();
        chars.extend(line(
            &[("代码", 0.0), ("科目名称", 30.0), ("决算数", 130.0)],
            44.0,
        ));
        for (i, (code, tail, name, amount)) in [
            ("3030", "4", "抚恤金", None),
            ("3030", "6", "救济费", Some("14.14")),
            ("3039", "9", "其他补助", Some("3.04")),
        ]
        .into_iter()
        .enumerate()
        {
            let y = 60.0 + 28.0 * i as f64;
            chars.extend(line(&[(code, 0.0)], y));
            let mut mid = vec![(name, 30.0)];
            mid.extend(amount.map(|a| (a, 140.0)));
            chars.extend(line(&mid, y + 7.0));
            chars.extend(line(&[(tail, 0.0)], y + 14.0));
        }
        chars.extend(line(&[("人员经费合计", 0.0), ("17.18", 140.0)], 144.0));
        let g = &one_grid(chars);
        let rows = texts(g);
        assert_eq!(
            rows,
            [
                ["代码", "科目名称", "决算数"],
                ["30304", "抚恤金", ""],
                ["30306", "救济费", "14.14"],
                ["30399", "其他补助", "3.04"],
                ["人员经费合计", "", "17.18"],
            ]
        );
        assert_eq!(g.cell_at(4, 0).map(|c| c.col_span), Some(2));
    }

    #[test]
    fn a_row_of_bare_integer_zeros_under_its_header_is_a_table() {
        // a 三公 table whose only row prints its zeros as `0`, no amount with a decimal point
        let mut chars = Vec::new();
        chars.extend(line(
            &[
                ("合计", 0.0),
                ("出国费", 60.0),
                ("接待费", 130.0),
                ("公务用车", 200.0),
            ],
            30.0,
        ));
        chars.extend(line(
            &[("0", 20.0), ("0", 90.0), ("0", 160.0), ("0", 230.0)],
            45.0,
        ));
        let g = &one_grid(chars);
        assert_eq!((g.rows, &texts(g)[1]), (2, &vec!["0".to_string(); 4]));
    }

    #[test]
    fn codes_wrapped_in_narrow_columns_are_no_row_of_integers() {
        // `3030 3022 3102` over their tails `4 4 2` (a name line between): codes, not amounts;
        // right-aligned integer amounts one above the other are amounts
        let mut chars = Vec::new();
        chars.extend(line(
            &[("3030", 0.0), ("3022", 100.0), ("3102", 200.0)],
            60.0,
        ));
        chars.extend(line(&[("抚恤金", 30.0), ("被装购置费", 130.0)], 67.0));
        chars.extend(line(&[("4", 0.0), ("4", 100.0), ("2", 200.0)], 74.0));
        chars.extend(line(&[("120", 0.0), ("35", 105.0), ("0", 210.0)], 100.0));
        chars.extend(line(&[("130", 0.0), ("48", 105.0), ("7", 210.0)], 112.0));
        let mut bands = make_bands(&chars);
        bands.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
        let integer_rows: Vec<bool> = (0..bands.len())
            .map(|k| bands[k].is_integers() && !wrapped_code(&bands, k))
            .collect();
        assert_eq!(integer_rows, [false, false, false, true, true]);
    }

    #[test]
    fn line_numbers_with_their_label_wrapped_around_them_are_a_row() {
        // `二十、粮油物资储备` / `20  52` / `支出`: a row of line numbers (行次) and no amount,
        // its enumerated label wrapped above and below them, among rows of amounts
        let mut chars = Vec::new();
        chars.extend(line(
            &[
                ("行次", 0.0),
                ("项目", 60.0),
                ("行次", 160.0),
                ("金额", 200.0),
            ],
            24.0,
        ));
        chars.extend(line(
            &[
                ("19", 0.0),
                ("十九、住房保障支出", 40.0),
                ("51", 160.0),
                ("98.74", 200.0),
            ],
            40.0,
        ));
        chars.extend(line(&[("二十、粮油物资储备", 40.0)], 54.0));
        chars.extend(line(&[("20", 0.0), ("52", 160.0)], 62.0));
        chars.extend(line(&[("支出", 40.0)], 70.0));
        chars.extend(line(
            &[
                ("21", 0.0),
                ("二十一、其他支出", 40.0),
                ("53", 160.0),
                ("5.00", 200.0),
            ],
            86.0,
        ));
        let g = &one_grid(chars);
        let rows = texts(g);
        assert_eq!(
            rows,
            [
                ["行次", "项目", "行次", "金额"],
                ["19", "十九、住房保障支出", "51", "98.74"],
                ["20", "二十、粮油物资储备支出", "52", ""],
                ["21", "二十一、其他支出", "53", "5.00"],
            ]
        );
    }

    #[test]
    fn the_wrapped_end_of_a_caption_is_no_header() {
        // `编制单位：中共上海市静安区委社` wraps `会工作部` right under it, above the table
        let mut chars = Vec::new();
        chars.extend(line(
            &[
                ("编制单位：中共上海市静安区委社", 0.0),
                ("单位:万元", 300.0),
            ],
            10.0,
        ));
        chars.extend(line(&[("会工作部", 0.0)], 21.0));
        chars.extend(line(
            &[("合计", 0.0), ("公务接待费", 100.0), ("运行费", 200.0)],
            40.0,
        ));
        chars.extend(line(
            &[("32.44", 5.0), ("10.07", 105.0), ("22.37", 205.0)],
            56.0,
        ));
        let (grids, rest) = alignment_grids(chars);
        assert_eq!(grids.len(), 1);
        let g = &grids[0];
        let rows = texts(g);
        assert_eq!(
            rows,
            [
                ["合计", "公务接待费", "运行费"],
                ["32.44", "10.07", "22.37"]
            ]
        );
        assert!(rest.iter().any(|c| c.text == "会"));
    }

    #[test]
    fn two_sided_table_keeps_its_sides_apart() {
        // the expenditure side's 项目 sits nearer 收入 than 支出; a row whose income label
        // wrapped away starts with its amount
        let mut chars = Vec::new();
        chars.extend(line(&[("收入", 60.0), ("支出", 440.0)], 30.0));
        chars.extend(line(
            &[
                ("项目", 0.0),
                ("金额", 120.0),
                ("项目", 180.0),
                ("合计", 380.0),
                ("基本支出", 450.0),
            ],
            45.0,
        ));
        chars.extend(line(
            &[
                ("一、财政拨款", 0.0),
                ("100.00", 120.0),
                ("一、服务支出", 180.0),
                ("80.00", 380.0),
                ("80.00", 455.0),
            ],
            60.0,
        ));
        chars.extend(line(&[("50.00", 120.0), ("二、外交支出", 180.0)], 75.0));
        chars.extend(line(
            &[("三、教育支出", 180.0), ("70.00", 380.0), ("70.00", 455.0)],
            90.0,
        ));
        let (grids, _) = alignment_grids(chars);
        assert_eq!(grids.len(), 1, "one table");
        let g = &grids[0];
        let sr = g.cells.iter().find(|c| c.text == "收入").unwrap();
        assert_eq!((sr.col, sr.col_span), (0, 2));
        let zc = g.cells.iter().find(|c| c.text == "支出").unwrap();
        assert_eq!((zc.col, zc.col_span), (2, 3));
        let at = |r: usize, c: usize| g.cell_at(r, c).map(|x| x.text.as_str());
        assert_eq!(at(3, 1), Some("50.00"));
        assert_eq!(at(3, 2), Some("二、外交支出"));
        assert_eq!(at(4, 3), Some("70.00"));
    }

    #[test]
    fn first_row_centred_label_starts_above_it() {
        // a second block of columns (code, name, amount) right of the first block's amounts;
        // the first row's name is centred over two lines, half a line above and below
        let mut chars = Vec::new();
        chars.extend(line(
            &[
                ("代码", 0.0),
                ("金额", 60.0),
                ("代码", 120.0),
                ("名称", 160.0),
                ("金额", 260.0),
            ],
            34.0,
        ));
        chars.extend(line(&[("债务利息及费", 160.0)], 58.0));
        chars.extend(line(
            &[
                ("301", 0.0),
                ("5.00", 60.0),
                ("307", 120.0),
                ("0.00", 260.0),
            ],
            66.0,
        ));
        chars.extend(line(&[("用支出", 160.0)], 74.0));
        chars.extend(line(
            &[
                ("30101", 0.0),
                ("5.00", 60.0),
                ("30701", 120.0),
                ("国内付息", 160.0),
                ("0.00", 260.0),
            ],
            90.0,
        ));
        let g = &one_grid(chars);
        let at = |r: usize, c: usize| g.cell_at(r, c).map(|x| x.text.as_str());
        assert_eq!(g.rows, 3, "header and two rows");
        assert_eq!(at(0, 3), Some("名称"));
        assert_eq!(at(1, 2), Some("307"));
        assert_eq!(at(1, 3), Some("债务利息及费用支出"));
        assert_eq!(at(2, 3), Some("国内付息"));
    }

    #[test]
    fn total_row_after_empty_rows_stays_in_the_table() {
        let mut chars = Vec::new();
        chars.extend(line(&[("项目", 0.0), ("预算数", 120.0)], 30.0));
        chars.extend(line(&[("一、财政拨款收入", 0.0), ("2485.43", 120.0)], 45.0));
        chars.extend(line(&[("二、事业收入", 0.0), ("31.37", 130.0)], 60.0));
        // a row with a blank cell, four empty rows, then the total, right-aligned like the
        // amounts above
        chars.extend(line(&[("三、其他收入", 0.0)], 75.0));
        chars.extend(line(&[("收入总计", 0.0), ("2516.80", 120.0)], 150.0));
        let (grids, rest) = alignment_grids(chars);
        assert_eq!(grids.len(), 1);
        let g = &grids[0];
        assert_eq!(g.rows, 5);
        assert_eq!(
            g.cell_at(3, 0).map(|c| c.text.as_str()),
            Some("三、其他收入")
        );
        assert_eq!(g.cell_at(4, 0).map(|c| c.text.as_str()), Some("收入总计"));
        assert_eq!(g.cell_at(4, 1).map(|c| c.text.as_str()), Some("2516.80"));
        assert!(rest.is_empty());
    }

    #[test]
    fn blank_value_column_keeps_its_header() {
        // 基本支出 is blank in every row: its header still makes a column (the header band has
        // no more segments than the body has columns: the code header sits a line higher; 合计
        // is centred over its column, left of its right-aligned amounts)
        let mut chars = Vec::new();
        chars.extend(line(&[("科目编码", 0.0)], 15.0));
        chars.extend(line(
            &[
                ("科目名称", 60.0),
                ("合计", 130.0),
                ("基本支出", 210.0),
                ("项目支出", 280.0),
            ],
            30.0,
        ));
        for (i, (code, name)) in [("212", "城乡社区支出"), ("229", "其他支出")]
            .iter()
            .enumerate()
        {
            chars.extend(line(
                &[
                    (code, 0.0),
                    (name, 60.0),
                    ("215.11", 160.0),
                    ("215.11", 290.0),
                ],
                45.0 + 15.0 * i as f64,
            ));
        }
        let g = &one_grid(chars);
        assert_eq!(g.cols, 5);
        let at = |r: usize, c: usize| g.cell_at(r, c).map(|x| x.text.as_str());
        assert_eq!(at(1, 3), Some("基本支出"));
        assert_eq!(at(2, 3), Some(""));
        assert_eq!(at(2, 4), Some("215.11"));
    }

    #[test]
    fn a_narrow_group_header_centred_over_its_columns_is_no_column_header() {
        // 三公 budget table: “三公”经费预算数 is centred over six columns and its text touches
        // none of the headers under it but 公务接待费; 公务用车购置及运行费 over 小计 | 购置费 |
        // 运行费. 公务接待费 is blank: its column stays apart from 小计's amounts
        let mut chars = Vec::new();
        chars.extend(line(&[("“三公”经费预算数", 322.0)], 15.0));
        chars.extend(line(
            &[
                ("公务用车购置及运行费", 480.0),
                ("机关运行经费预算数", 694.0),
            ],
            30.0,
        ));
        chars.extend(line(
            &[
                ("合计", 102.0),
                ("因公出国(境)费", 182.0),
                ("公务接待费", 294.0),
            ],
            40.0,
        ));
        chars.extend(line(
            &[("小计", 412.0), ("购置费", 510.0), ("运行费", 616.0)],
            50.0,
        ));
        chars.extend(line(
            &[("20.32", 132.0), ("20.32", 444.0), ("20.32", 546.0)],
            65.0,
        ));
        let g = &one_grid(chars);
        let last = g.rows - 1;
        let col_of = |text: &str| {
            g.cells
                .iter()
                .find(|c| c.text == text)
                .map(|c| c.col)
                .unwrap_or_else(|| panic!("no cell {text}"))
        };
        let at = |c: usize| g.cell_at(last, c).map(|x| x.text.as_str());
        assert_eq!(at(col_of("小计")), Some("20.32"));
        assert_eq!(at(col_of("购置费")), Some("20.32"));
        assert_eq!(at(col_of("公务接待费")), Some(""));
        assert_ne!(col_of("公务接待费"), col_of("小计"));
    }

    #[test]
    fn a_header_between_wrapped_headers_is_no_group() {
        // 财政拨款收入 and 事业单位经营收入 wrap onto a second line; 事业收入 between them, on
        // one line, has their second lines on both sides below it but is a column of its own
        let mut chars = Vec::new();
        chars.extend(line(&[("财政拨款", 340.0), ("事业单位", 450.0)], 20.0));
        chars.extend(line(
            &[("合计", 300.0), ("事业收入", 395.0), ("其他收入", 500.0)],
            28.0,
        ));
        chars.extend(line(&[("收入", 350.0), ("经营收入", 450.0)], 36.0));
        for (i, v) in ["2,482.52", "656.92"].iter().enumerate() {
            let y = 55.0 + 15.0 * i as f64;
            chars.extend(line(&[("201", 0.0), ("一般公共服务支出", 40.0)], y));
            chars.extend(line(&[(v, 330.0 - 5.0 * v.len() as f64)], y));
            chars.extend(line(&[(v, 385.0 - 5.0 * v.len() as f64)], y));
        }
        let g = &one_grid(chars);
        let col_of = |text: &str| {
            g.cells
                .iter()
                .find(|c| c.text.starts_with(text))
                .map(|c| c.col)
                .unwrap_or_else(|| panic!("no cell {text}"))
        };
        let last = g.rows - 1;
        let at = |c: usize| g.cell_at(last, c).map(|x| x.text.as_str());
        assert_eq!(at(col_of("财政拨款")), Some("656.92"));
        assert_eq!(at(col_of("事业收入")), Some(""));
        assert_ne!(col_of("事业收入"), col_of("财政拨款"));
    }

    #[test]
    fn a_header_centred_over_wide_right_aligned_amounts_heads_them() {
        // 合计 is centred over a wide column whose amounts are set right-aligned far from it,
        // and the header band has more segments than the body columns (基本支出 is blank):
        // 合计 still heads the amounts rather than making a column of its own
        let mut chars = Vec::new();
        chars.extend(line(
            &[
                ("功能分类科目编码", 0.0),
                ("功能分类科目名称", 150.0),
                ("合计", 438.0),
                ("基本支出", 564.0),
                ("项目支出", 700.0),
            ],
            15.0,
        ));
        for (i, (code, name)) in [
            ("212", "城乡社区支出"),
            ("21208", "国有土地使用权出让收入安排的支出"),
        ]
        .iter()
        .enumerate()
        {
            chars.extend(line(
                &[
                    (code, 0.0),
                    (name, 90.0),
                    ("369.76", 510.0),
                    ("369.76", 750.0),
                ],
                30.0 + 15.0 * i as f64,
            ));
        }
        let g = &one_grid(chars);
        assert_eq!(g.cols, 5);
        let col_of = |text: &str| g.cells.iter().find(|c| c.text == text).map(|c| c.col);
        let last = g.rows - 1;
        let at = |c: Option<usize>| c.and_then(|c| g.cell_at(last, c)).map(|x| x.text.as_str());
        assert_eq!(at(col_of("合计")), Some("369.76"));
        assert_eq!(at(col_of("基本支出")), Some(""));
        assert_eq!(at(col_of("项目支出")), Some("369.76"));
    }

    #[test]
    fn numbered_table_with_one_total_row_keeps_one_column_per_header() {
        // headers centred over their columns, column numbers centred, amounts right-aligned:
        // the headers and numbers do not overlap the amounts, yet each names one column
        let mut chars = Vec::new();
        chars.extend(line(
            &[
                ("科目代码", 0.0),
                ("科目名称", 60.0),
                ("合计", 150.0),
                ("基本支出", 220.0),
                ("项目支出", 300.0),
            ],
            30.0,
        ));
        chars.extend(line(
            &[("栏次", 70.0), ("1", 158.0), ("2", 238.0), ("3", 318.0)],
            45.0,
        ));
        chars.extend(line(
            &[
                ("合计", 0.0),
                ("0.00", 180.0),
                ("0.00", 260.0),
                ("0.00", 340.0),
            ],
            60.0,
        ));
        let g = &one_grid(chars);
        assert_eq!(g.cols, 5);
        let at = |r: usize, c: usize| g.cell_at(r, c).map(|x| x.text.as_str());
        assert_eq!(at(0, 3), Some("基本支出"));
        assert_eq!(at(1, 3), Some("2"));
        assert_eq!(at(2, 3), Some("0.00"));
    }

    #[test]
    fn last_row_centred_label_ends_below_it() {
        let mut chars = Vec::new();
        chars.extend(line(
            &[("科目编码", 0.0), ("科目名称", 80.0), ("金额", 200.0)],
            34.0,
        ));
        chars.extend(line(
            &[("22960", 0.0), ("彩票公益金", 80.0), ("9.00", 200.0)],
            50.0,
        ));
        chars.extend(line(&[("用于社会福利", 80.0)], 56.5));
        chars.extend(line(&[("2296002", 0.0), ("9.00", 200.0)], 66.0));
        chars.extend(line(&[("的支出", 80.0)], 75.5));
        let (grids, rest) = alignment_grids(chars);
        assert_eq!(grids.len(), 1);
        let g = &grids[0];
        let at = |r: usize, c: usize| g.cell_at(r, c).map(|x| x.text.as_str());
        assert_eq!(g.rows, 3);
        assert_eq!(at(2, 0), Some("2296002"));
        assert_eq!(at(2, 1), Some("用于社会福利的支出"));
        assert!(rest.is_empty());
    }

    #[test]
    fn a_lone_amount_between_its_label_lines_is_a_row() {
        let mut chars = Vec::new();
        chars.extend(line(&[("项目", 0.0), ("决算数", 120.0)], 30.0));
        chars.extend(line(&[("一、一般公共", 0.0)], 46.0));
        chars.extend(line(&[("0.00", 130.0)], 54.0));
        chars.extend(line(&[("预算拨款", 0.0)], 62.0));
        chars.extend(line(&[("总计", 0.0), ("941.57", 120.0)], 80.0));
        let (grids, rest) = alignment_grids(chars);
        assert_eq!(grids.len(), 1);
        let g = &grids[0];
        let at = |r: usize, c: usize| g.cell_at(r, c).map(|x| x.text.as_str());
        assert_eq!(g.rows, 3);
        assert_eq!(at(1, 0), Some("一、一般公共预算拨款"));
        assert_eq!(at(1, 1), Some("0.00"));
        assert_eq!(at(2, 1), Some("941.57"));
        assert!(rest.is_empty());
    }

    #[test]
    fn a_column_of_bare_zeros_is_not_blank() {
        let mut chars = Vec::new();
        chars.extend(line(
            &[
                ("科目", 0.0),
                ("合计", 100.0),
                ("出国费", 170.0),
                ("接待费", 250.0),
            ],
            30.0,
        ));
        chars.extend(line(
            &[
                ("三公经费", 0.0),
                ("10.42", 110.0),
                ("0", 210.0),
                ("10.42", 260.0),
            ],
            45.0,
        ));
        chars.extend(line(
            &[
                ("其中", 0.0),
                ("10.42", 110.0),
                ("0", 210.0),
                ("10.42", 260.0),
            ],
            60.0,
        ));
        let g = &one_grid(chars);
        assert_eq!(g.cols, 4);
        let at = |r: usize, c: usize| g.cell_at(r, c).map(|x| x.text.as_str());
        assert_eq!(at(0, 2), Some("出国费"));
        assert_eq!(at(1, 2), Some("0"));
    }

    #[test]
    fn a_table_of_one_mostly_blank_row_under_its_header() {
        let mut chars = Vec::new();
        chars.extend(line(
            &[("合计", 0.0), ("出国费", 80.0), ("接待费", 160.0)],
            30.0,
        ));
        chars.extend(line(
            &[("小计", 240.0), ("购置费", 300.0), ("运行经费", 380.0)],
            45.0,
        ));
        chars.extend(line(&[("19.59", 390.0)], 60.0));
        let (grids, _) = alignment_grids(chars);
        assert_eq!(grids.len(), 1, "a table");
        let g = &grids[0];
        assert_eq!(g.cols, 6, "one column per header");
        let at = |r: usize, c: usize| g.cell_at(r, c).map(|x| x.text.as_str());
        assert_eq!(at(2, 5), Some("19.59"));
        assert_eq!(at(2, 0), Some(""));
    }

    #[test]
    fn a_line_broken_early_before_a_bracket_continues() {
        // 党委办公厅 ends two glyphs short of the column: the next line starts with （
        let mut chars = Vec::new();
        chars.extend(line(
            &[("科目编码", 0.0), ("科目名称", 80.0), ("金额", 200.0)],
            30.0,
        ));
        chars.extend(line(
            &[("201", 0.0), ("一般公共服务支", 80.0), ("9.00", 200.0)],
            46.0,
        ));
        chars.extend(line(&[("党委办公厅", 80.0)], 62.0));
        chars.extend(line(
            &[("20131", 0.0), ("（室）及相关机", 80.0), ("9.00", 200.0)],
            78.0,
        ));
        chars.extend(line(&[("构事务", 80.0)], 94.0));
        chars.extend(line(
            &[("2013101", 0.0), ("行政运行", 80.0), ("9.00", 200.0)],
            110.0,
        ));
        let g = &one_grid(chars);
        let at = |r: usize, c: usize| g.cell_at(r, c).map(|x| x.text.as_str());
        assert_eq!(g.rows, 4);
        assert_eq!(at(2, 1), Some("党委办公厅（室）及相关机构事务"));
    }

    #[test]
    fn borderless_table_with_group_header_and_blank_cell() {
        let mut chars = Vec::new();
        chars.extend(line(&[("支出决算表", 150.0)], 0.0));
        chars.extend(line(&[("项目", 40.0), ("本年支出", 250.0)], 30.0));
        chars.extend(line(
            &[
                ("科目编码", 0.0),
                ("科目名称", 80.0),
                ("小计", 200.0),
                ("基本支出", 260.0),
                ("项目支出", 330.0),
            ],
            45.0,
        ));
        chars.extend(line(
            &[
                ("201", 0.0),
                ("一般公共服务支出", 80.0),
                ("264.87", 200.0),
                ("62.63", 265.0),
                ("202.24", 335.0),
            ],
            60.0,
        ));
        chars.extend(line(
            &[
                ("2013901", 0.0),
                ("行政运行", 80.0),
                ("51.32", 205.0),
                ("51.32", 265.0),
            ],
            75.0,
        ));
        let (grids, rest) = alignment_grids(chars);
        assert_eq!(grids.len(), 1);
        let g = &grids[0];
        assert_eq!((g.rows, g.cols), (4, 5));
        let text = |r: usize, c: usize| {
            g.cells
                .iter()
                .find(|x| x.row == r && x.col == c)
                .map(|x| x.text.clone())
        };
        // 本年支出 spans the three value columns; 项目 the two label columns
        let bn = g.cells.iter().find(|c| c.text == "本年支出").unwrap();
        assert_eq!((bn.col, bn.col_span), (2, 3));
        let xm = g.cells.iter().find(|c| c.text == "项目").unwrap();
        assert_eq!((xm.col, xm.col_span), (0, 2));
        assert_eq!(text(3, 3).as_deref(), Some("51.32"));
        assert_eq!(text(3, 4).as_deref(), Some(""), "blank stays blank");
        // the title stays free text
        assert_eq!(rest.len(), 5);
    }

    #[test]
    fn narrative_is_not_a_table() {
        let mut chars = Vec::new();
        chars.extend(line(
            &[(
                "2023年度收入合计12175.60万元，其中：财政拨款收入12175.60万元。",
                0.0,
            )],
            0.0,
        ));
        chars.extend(line(&[("基本支出1282.33万元，占10.53%。", 0.0)], 15.0));
        let (grids, rest) = alignment_grids(chars.clone());
        assert!(grids.is_empty());
        assert_eq!(rest.len(), chars.len());
    }
}
