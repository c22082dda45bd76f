//! A table's run of bands: from its first body band down to its last row (wrapped label lines
//! included), then up through the label lines above its first row, rows of codes without
//! amounts, and its header zone.

use super::bands::{is_amount_like, starts_row, Band, Seg};
use super::tolerance::{
    BLANK_ROWS_GAP, BREAK_GAP, CAPTION_WRAP_GAP, CENTRE_TOL, COLUMN_SNAP, EDGE_TOL, GLYPH_SLACK,
    GROUP_HEADER_INDENT, HEADED_LOOKUP_LINES, LINE_GAP, MAX_HEADER_LINES, MAX_WRAPPED_HEADER_LINES,
    MISSED_LINE_GAP, TEXT_LINES_BETWEEN_ROWS, WRAPPED_LABEL_REACH, WRAP_GAP, WRAP_OVERHANG,
};

/// The last body band of the run of body bands starting at `start`: the run goes on over gaps
/// shorter than [`BREAK_GAP`] (or over blank rows, lined up with the rows above), and over a few
/// other lines that line up with the rows, up to a note or the next title.
pub(super) fn extend_down(bands: &[Band], start: usize) -> usize {
    let mut end = start; // last body band
    let mut j = start + 1;
    // (the lowest bottom of the bands so far: a sliver's band, `一` read alone inside the
    // row above, opens no gap)
    let mut bottom = bands[start].bbox.y1;
    while j < bands.len() {
        let gap = bands[j].bbox.y0 - bottom;
        bottom = bottom.max(bands[j].bbox.y1);
        let size = bands[j].size.max(bands[j - 1].size);
        // empty rows (blank space) may stand before a row of the same table: a body band
        // whose every segment lines up with the rows above (after rows with blank cells)
        let bridges = (end + 1..j).all(|m| lined_up(&bands[start..=end], &bands[m]))
            && gap < BLANK_ROWS_GAP * size
            && bands[j].is_body()
            && lined_up(&bands[start..=end], &bands[j]);
        // (or a line the reading missed stands before a row that continues the rows)
        let missed = gap < MISSED_LINE_GAP * size
            && bands[j].is_body()
            && continues_rows(&bands[start..=end], &bands[j]);
        if gap > BREAK_GAP * size && !bridges && !missed {
            break;
        }
        if bands[j].is_body() {
            end = j;
        } else if bands[j].is_note()
            || (j - end > 2
                && !lined_up(&bands[start.saturating_sub(2)..=end], &bands[j])
                && !rows_resume_below(bands, start, end, j))
        {
            break;
        }
        j += 1;
    }
    end
}

/// Do the rows of amounts of the run `start..=end` go on below band `j`, after lines of text
/// only? (A 绩效目标表 prints a project's goal and indicators on several lines of cells
/// without amounts, that line up neither with the rows of amounts nor with each other.) They
/// do when, within [`TEXT_LINES_BETWEEN_ROWS`] lines set closely, with no note or title
/// between, the next row of amounts starts where the run's rows start and its amounts end
/// where theirs end.
fn rows_resume_below(bands: &[Band], start: usize, end: usize, j: usize) -> bool {
    let last = (j + TEXT_LINES_BETWEEN_ROWS).min(bands.len() - 1);
    for k in j..=last {
        let gap = bands[k].bbox.y0 - bands[k - 1].bbox.y1;
        let size = bands[k].size.max(bands[k - 1].size);
        let continues = || continues_rows(&bands[start..=end], &bands[k]);
        // (a line the reading missed may stand before the next row: [`MISSED_LINE_GAP`])
        let missed = gap < MISSED_LINE_GAP * size && bands[k].is_body() && continues();
        if bands[k].is_note() || gap > BREAK_GAP * size && !missed {
            return false;
        }
        if bands[k].is_body() {
            return continues();
        }
    }
    false
}

/// Is `b` a row of the table whose rows are `rows`: its first segment starts where a label of
/// the rows starts (the right side's, in a two-sided table whose left side ended), and each of
/// its amounts ends where an amount of the rows ends?
fn continues_rows(rows: &[Band], b: &Band) -> bool {
    let firsts = rows
        .iter()
        .filter(|r| r.is_body())
        .flat_map(|r| r.segs.iter())
        .filter(|s| !is_amount_like(&s.text));
    let amounts = || {
        rows.iter()
            .filter(|r| r.is_body())
            .flat_map(|r| r.segs.iter())
            .filter(|s| is_amount_like(&s.text))
    };
    b.segs.first().is_some_and(|f| {
        firsts
            .clone()
            .any(|t| (t.bbox.x0 - f.bbox.x0).abs() < COLUMN_SNAP)
    }) && b
        .segs
        .iter()
        .filter(|s| is_amount_like(&s.text))
        .all(|s| amounts().any(|t| (t.bbox.x1 - s.bbox.x1).abs() < COLUMN_SNAP))
}

/// The run `start..=end` extended by the label lines wrapped below its last row: text only off
/// the last row's amounts, set close below it or continuing a label above.
pub(super) fn wrapped_below(bands: &[Band], start: usize, end: usize) -> usize {
    let mut end = end;
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
                .all(|&(a0, a1)| s.bbox.x1 < a0 - EDGE_TOL || s.bbox.x0 > a1 + EDGE_TOL)
        }) && b
            .segs
            .iter()
            .all(|s| s.bbox.x0 > table_x0 - GLYPH_SLACK * s.size)
    };
    while end + 1 < bands.len()
        && !bands[end + 1].is_body()
        && !bands[end + 1].is_note()
        && off_amounts(&bands[end + 1])
        && (bands[end + 1].bbox.cy() - bands[last_body].bbox.cy()
            < WRAPPED_LABEL_REACH * bands[last_body].size
            || (bands[end + 1].segs.len() >= 2
                && bands[end + 1].bbox.y0 - bands[end].bbox.y1 < WRAP_GAP * bands[end].size)
            || continues(
                &bands[last_body.saturating_sub(3)..=end],
                &bands[end + 1],
                bands[last_body].bbox.cy(),
            ))
    {
        end += 1;
    }
    end
}

/// Is the run `start..=end` a table: two body rows or more, or three numbers or more, or one
/// row right under a header line?
pub(super) fn is_table(bands: &[Band], start: usize, end: usize) -> bool {
    let body: Vec<usize> = (start..=end).filter(|&k| bands[k].is_body()).collect();
    let numeric: usize = body.iter().map(|&k| bands[k].numeric()).sum();
    !(body.len() < 2 && numeric < 3 && !headed(bands, start))
}

/// Is the body starting at band `start` right under a header line of three or more cells,
/// among the few lines set closely above it with no caption between? (One row of few numbers
/// is a table only there: a table whose one row is mostly blank.)
fn headed(bands: &[Band], start: usize) -> bool {
    let mut below = start;
    for k in (start.saturating_sub(HEADED_LOOKUP_LINES)..start).rev() {
        let h = &bands[k];
        let gap = bands[below].bbox.y0 - h.bbox.y1;
        if h.is_caption() || gap >= BREAK_GAP * h.size.max(bands[below].size) {
            return false;
        }
        if h.segs.len() >= 3 {
            return true;
        }
        below = k;
    }
    false
}

/// The first band of the body whose first row is `first_body`: wrapped labels printed above the
/// first row belong to the body (a label line, or text only left of the first amount at
/// `first_amount_x`, set closely above it), and so does the first line of cells centred on it.
pub(super) fn wrapped_above(
    bands: &[Band],
    used: &[bool],
    first_body: usize,
    first_amount_x: f64,
) -> usize {
    let mut start = first_body;
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
                    < WRAPPED_LABEL_REACH * bands[first_body].size)
            || (start == first_body && opens_centred_cell(bands, first_body)))
        && bands[start].bbox.y0 - bands[start - 1].bbox.y1 < LINE_GAP * bands[start].size
    {
        start -= 1;
    }
    start
}

/// The first band of the body starting at `start`, extended up to the highest line of codes
/// left of the first amount at `first_amount_x` within the header zone. Rows with no amounts
/// above the first row of amounts (a table continued on a new page whose first rows are blank,
/// their codes wrapped in a narrow column): a line of codes in the label columns is no header,
/// so it and everything below it is body.
pub(super) fn code_lines_above(
    bands: &[Band],
    used: &[bool],
    start: usize,
    first_amount_x: f64,
) -> usize {
    let mut first = start;
    let mut k = start;
    // (up to MAX_HEADER_LINES above the highest code line found so far)
    while k > 0 && first - k < MAX_HEADER_LINES && !ends_header_zone(bands, used, k) {
        k -= 1;
        if bands[k].is_code_line(first_amount_x) {
            first = k;
        }
    }
    first
}

/// The header bands above the body starting at `start`, top to bottom: the lines up to a
/// caption, another table or a wide gap.
pub(super) fn header_zone(bands: &[Band], used: &[bool], start: usize) -> Vec<usize> {
    let mut head: Vec<usize> = Vec::new();
    let mut k = start;
    while k > 0 && head.len() < MAX_HEADER_LINES && !ends_header_zone(bands, used, k) {
        head.push(k - 1);
        k -= 1;
    }
    // a header of many wrapped lines (a portrait page of a dozen narrow columns) goes on above
    // with lines of group headers over the values only: never a label row of a continued
    // table, nor a caption's wrapped end, both of which start at the left
    let left = bands[start].bbox.x0;
    // (only a zone of header lines: one holding a label row, `二、…`, is a continued table's
    // first rows taken for its header, and is long enough)
    let pure = !head.iter().any(|&h| bands[h].is_label_line());
    while pure
        && k > 0
        && head.len() < MAX_WRAPPED_HEADER_LINES
        && !ends_header_zone(bands, used, k)
        && heads_values_only(&bands[k - 1], left)
    {
        head.push(k - 1);
        k -= 1;
    }
    head.reverse();
    head
}

/// Is `b` a line of two or more header cells, none of them an amount, all standing right of
/// the table's left edge `left` (over the values, not over the labels)?
fn heads_values_only(b: &Band, left: f64) -> bool {
    b.segs.len() >= 2
        && b.segs
            .iter()
            .all(|s| !is_amount_like(&s.text) && s.bbox.x0 > left + GROUP_HEADER_INDENT * s.size)
}

/// Is `next` the wrapped continuation of a label printed on the lines `above` (nearest last):
/// set close below them, one segment right under the nearest segment of its column (or
/// mirroring it about the row's amounts at `row_cy`), which reaches at least as far right, and
/// not starting a label of its own?
pub(super) fn continues(above: &[Band], next: &Band, row_cy: f64) -> bool {
    let [s] = next.segs.as_slice() else {
        return false;
    };
    let Some(line) = above.last() else {
        return false;
    };
    let size = s.size;
    next.bbox.y0 - line.bbox.y1 < WRAP_GAP * line.size
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
                (t.bbox.x0 - s.bbox.x0).abs() < GLYPH_SLACK * size
                    && t.bbox.x1 >= s.bbox.x1 - WRAP_OVERHANG * size
                    && (s.bbox.y0 - t.bbox.y1 < WRAP_GAP * size
                        || ((t.bbox.cy() + s.bbox.cy()) / 2.0 - row_cy).abs() < CENTRE_TOL * size)
            })
}

/// Is the line right above body band `k` the first line of cells centred on that row: each of
/// its segments where the row prints nothing, mirrored by a continuation line right below?
pub(super) fn opens_centred_cell(bands: &[Band], k: usize) -> bool {
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
                            < CENTRE_TOL * s.size
                })
        })
}

/// Does the header zone of a table whose top line so far is band `k` end above it: the band
/// above is another table's, a caption (or a caption's wrapped end), or set more than a line
/// and a half apart?
pub(super) fn ends_header_zone(bands: &[Band], used: &[bool], k: usize) -> bool {
    let (above, below) = (&bands[k - 1], &bands[k]);
    // (a speck OCR read as a character inside the line above it — `吕`, 4 pt high within a
    // 15 pt line of headers — is no line of its own: the gap below it is that line's)
    let line = match k.checked_sub(2).map(|i| &bands[i]) {
        Some(outer) if within(above, outer) => outer,
        _ => above,
    };
    used[k - 1]
        || above.is_caption()
        || continues_caption(bands, k - 1)
        || below.bbox.y0 - line.bbox.y1 > BREAK_GAP * line.size
}

/// Does band `inner` lie within the height of band `outer`, in type smaller than its?
fn within(inner: &Band, outer: &Band) -> bool {
    inner.size < outer.size && inner.bbox.y0 >= outer.bbox.y0 && inner.bbox.y1 <= outer.bbox.y1
}

/// Is band `k` the wrapped end of the caption line right above it (`编制单位：中共上海市静安区委社`
/// / `会工作部`): one segment starting where the caption starts, set as close as a wrapped line?
pub(super) fn continues_caption(bands: &[Band], k: usize) -> bool {
    let Some(caption) = k.checked_sub(1).map(|i| &bands[i]) else {
        return false;
    };
    let b = &bands[k];
    matches!(b.segs.as_slice(), [s] if caption.is_caption()
        && caption.segs.first().is_some_and(|c| (c.bbox.x0 - s.bbox.x0).abs() < EDGE_TOL)
        && b.bbox.y0 - caption.bbox.y1 < CAPTION_WRAP_GAP * b.size)
}

/// Does every segment of `b` line up with a segment of `rows` (a table row, perhaps with blank
/// cells, rather than a paragraph after the table): text by its left edge, amounts (set
/// right-aligned) by either edge?
pub(super) fn lined_up(rows: &[Band], b: &Band) -> bool {
    b.segs.iter().all(|s| {
        rows.iter().flat_map(|r| r.segs.iter()).any(|t| {
            (t.bbox.x0 - s.bbox.x0).abs() < COLUMN_SNAP
                || (is_amount_like(&s.text) && (t.bbox.x1 - s.bbox.x1).abs() < COLUMN_SNAP)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use yjs_model::BBox;

    /// A band of one segment `text` at x 10–40 on line `i` (12 pt apart, 10 pt type).
    fn band(i: usize, text: &str) -> Band {
        let bbox = BBox::new(10.0, 12.0 * i as f64, 40.0, 12.0 * i as f64 + 10.0);
        Band {
            segs: vec![Seg {
                text: text.into(),
                bbox,
                size: 10.0,
                chars: Vec::new(),
            }],
            bbox,
            size: 10.0,
            body: false,
        }
    }

    /// Seed 47's scanned 支出决算表: OCR read a speck inside the last header line as `吕`, 4 pt
    /// high; the gap from its foot to the 栏次 row below looked like a break, and the table kept
    /// no header (146 facts lost). A band within the height of the one above it is no line.
    #[test]
    fn a_speck_inside_a_header_line_breaks_no_header() {
        let at = |text: &str, y0: f64, y1: f64| {
            let mut b = band(0, text);
            b.bbox = BBox::new(10.0, y0, 40.0, y1);
            b.size = y1 - y0;
            b.segs[0].bbox = b.bbox;
            b.segs[0].size = b.size;
            b
        };
        let bands = [
            at("科目代码", 178.2, 194.0),
            at("吕", 178.9, 182.9),
            at("栏次", 193.7, 207.7),
        ];
        let used = [false; 3];
        assert!(!ends_header_zone(&bands, &used, 2));
        assert!(!ends_header_zone(&bands, &used, 1));
        // a line of its own, as small, set apart below the header, still ends it
        let apart = [
            at("科目代码", 178.2, 194.0),
            at("注", 196.0, 200.0),
            at("栏次", 213.7, 227.7),
        ];
        assert!(ends_header_zone(&apart, &used, 2));
    }

    /// Seed 23's scanned 财政拨款收入支出决算总表: OCR read a sliver `一` inside the row of
    /// `228.79`, a band of its own whose foot, 18 pt above the next row, looked like a break
    /// (the table cut in two, 104 facts lost). The gap is from the lowest foot so far.
    #[test]
    fn a_sliver_band_inside_a_row_opens_no_gap_below_it() {
        let at = |text: &str, y0: f64, y1: f64, body: bool| {
            let mut b = band(0, text);
            b.bbox = BBox::new(10.0, y0, 40.0, y1);
            b.size = (y1 - y0).max(1.0);
            b.segs[0].bbox = b.bbox;
            b.segs[0].size = b.size;
            b.body = body;
            b
        };
        // (the sliver left of the rows' text: no blank row lined up with them)
        let mut sliver = at("一", 239.4, 240.5, false);
        sliver.bbox = BBox::new(0.0, 239.4, 5.0, 240.5);
        sliver.segs[0].bbox = sliver.bbox;
        let bands = [
            at("716.38", 218.2, 227.2, true),
            at("228.79", 238.7, 248.6, true),
            sliver,
            at("0.00", 258.5, 267.5, true),
        ];
        assert_eq!(extend_down(&bands, 0), 3);
    }

    #[test]
    fn code_lines_are_looked_for_up_to_eight_lines_above_the_highest_one_found() {
        // body at line 11; code lines at 5 (six above it) and 0 (five above that, eleven above
        // the body): the search goes on from each code line it finds, so both are body
        let bands: Vec<Band> = (0..12)
            .map(|i| match i {
                0 | 5 => band(i, "201"),
                _ => band(i, "科目名称"),
            })
            .collect();
        let used = vec![false; bands.len()];
        assert_eq!(code_lines_above(&bands, &used, 11, 100.0), 0);
        // no code line: the body starts where it did
        let plain: Vec<Band> = (0..12).map(|i| band(i, "科目名称")).collect();
        assert_eq!(code_lines_above(&plain, &used, 11, 100.0), 11);
    }
}
