//! Text-line primitives shared by the table finders and the page layout: the glyph ([`Char`]) in
//! page space, glyphs grouped into printed lines (bands) and the segments of a band, and a line's
//! text with its word gaps.
//!
//! Coordinates are page space with the origin at the top-left corner (y grows downwards).

use yjs_model::BBox;

/// A glyph in top-left page space.
#[derive(Debug, Clone)]
pub struct Char {
    pub text: compact_str::CompactString,
    pub bbox: BBox,
    pub size: f64,
    pub font: usize,
    /// The PDF showed a space glyph right before this one.
    pub space_before: bool,
}

/// A character printed in a square: a Chinese character, a CJK mark or a full-width form.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// Groups chars into lines (top to bottom, each left to right). Chars closer than
/// `split_gap × size` horizontally stay on one line; a wider gap starts a new line segment.
/// Overprinted duplicates (fake bold) are dropped.
pub fn group_lines(chars: &[Char], split_gap: Option<f64>) -> Vec<Vec<Char>> {
    bands(chars, split_gap).into_iter().flatten().collect()
}

/// Like [`group_lines`], but keeps the segments of one printed line (band) together.
pub fn bands(chars: &[Char], split_gap: Option<f64>) -> Vec<Vec<Vec<Char>>> {
    let mut idx: Vec<usize> = (0..chars.len()).collect();
    idx.sort_by(|&a, &b| chars[a].bbox.cy().total_cmp(&chars[b].bbox.cy()));
    // where each band starts in `idx`
    let mut starts: Vec<usize> = Vec::new();
    let mut band_cy = f64::MIN;
    let mut band_size = 0.0f64;
    for (k, &i) in idx.iter().enumerate() {
        let c = &chars[i];
        let cy = c.bbox.cy();
        if starts.is_empty() || cy - band_cy > band_tol(c, band_size) {
            starts.push(k);
            band_cy = cy;
            band_size = c.bbox.height();
        }
    }
    let mut out = Vec::with_capacity(starts.len());
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(idx.len());
        out.push(segments(chars, &mut idx[start..end], split_gap));
    }
    out
}

/// The glyphs `band` (indices into `chars`) of one band, left to right, a glyph drawn twice at
/// one place once, split into segments at gaps wider than `split_gap` font sizes (none: one
/// segment).
pub fn segments(chars: &[Char], band: &mut [usize], split_gap: Option<f64>) -> Vec<Vec<Char>> {
    band.sort_by(|&x, &y| chars[x].bbox.x0.total_cmp(&chars[y].bbox.x0));
    let mut segs: Vec<Vec<Char>> = Vec::new();
    let mut cur: Vec<Char> = Vec::with_capacity(band.len());
    for &i in band.iter() {
        let c = &chars[i];
        if let Some(p) = cur.last() {
            if drawn_twice(p, c) {
                continue;
            }
            if let Some(g) = split_gap {
                let gap = c.bbox.x0 - p.bbox.x1;
                let size = c.size.max(p.size).max(1.0);
                // (a code and the name beside it in a column of its own, set closer than
                // a word gap: a gap of nearly half a glyph after a digit, where no space
                // is printed, before a Chinese character — glyphs of one CJK word touch)
                let code_then_name = gap > 0.4 * size
                    && !c.space_before
                    && p.text.chars().last().is_some_and(|d| d.is_ascii_digit())
                    && c.text.chars().next().is_some_and(is_cjk);
                if gap > g * size || code_then_name {
                    segs.push(std::mem::take(&mut cur));
                }
            }
        }
        cur.push(c.clone());
    }
    if !cur.is_empty() {
        segs.push(cur);
    }
    segs
}

/// A line's text: a single space marks a visible gap between words.
pub fn line_text(line: &[Char]) -> String {
    // the glyphs' text and at most a space before each
    let mut s = String::with_capacity(line.iter().map(|c| c.text.len() + 1).sum());
    for (k, c) in line.iter().enumerate() {
        if k > 0 {
            let p = &line[k - 1];
            let gap = c.bbox.x0 - p.bbox.x1;
            let size = c.size.max(p.size).max(1.0);
            let pc = p.text.chars().last().unwrap_or(' ');
            let cc = c.text.chars().next().unwrap_or(' ');
            let limit = if c.space_before {
                0.1
            } else if is_cjk(pc) || is_cjk(cc) {
                0.6
            } else {
                0.25
            };
            if gap > limit * size && !s.ends_with(' ') {
                s.push(' ');
            }
        }
        s.push_str(&c.text);
    }
    s
}

/// Do `chars` make a single band of [`bands`] (the same test: each within tolerance of the
/// topmost)? Most cells hold one line; they skip the grouping.
pub fn one_band(chars: &[Char]) -> bool {
    let Some(first) = chars
        .iter()
        .reduce(|a, b| if b.bbox.cy() < a.bbox.cy() { b } else { a })
    else {
        return true;
    };
    let (band_cy, band_size) = (first.bbox.cy(), first.bbox.height());
    chars
        .iter()
        .all(|c| c.bbox.cy() - band_cy <= band_tol(c, band_size))
}

/// How far below a band's first (topmost) glyph, of height `band_size`, the centre of glyph `c`
/// may lie for `c` to belong to the band.
fn band_tol(c: &Char, band_size: f64) -> f64 {
    0.45 * c.bbox.height().min(band_size.max(0.1)).max(1.0)
}

/// Is `c` the glyph `p` drawn a second time at (nearly) the same place (fake bold)?
fn drawn_twice(p: &Char, c: &Char) -> bool {
    (c.bbox.x0 - p.bbox.x0).abs() < 0.3 * c.size.max(1.0) && p.text == c.text
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A glyph `t`, 10 pt square, at `(x, y)`.
    pub(crate) fn ch(t: &str, x: f64, y: f64) -> Char {
        Char {
            text: t.into(),
            bbox: BBox::new(x, y, x + 10.0, y + 10.0),
            size: 10.0,
            font: 0,
            space_before: false,
        }
    }

    #[test]
    fn a_code_set_close_before_its_name_is_a_segment_of_its_own() {
        // `30101` then `基本工资` half a glyph (5 pt at 10 pt) to the right, in cells of their
        // own; `2023年` touching, and `2023 年` with a printed space, stay one segment
        let row = |first_x: f64, space: bool, y: f64| {
            let mut v: Vec<Char> = "30101"
                .chars()
                .enumerate()
                .map(|(i, d)| {
                    let mut c = ch(&d.to_string(), i as f64 * 5.0, y);
                    c.bbox.x1 = c.bbox.x0 + 5.0;
                    c
                })
                .collect();
            for (i, t) in ["基", "本"].into_iter().enumerate() {
                let mut c = ch(t, first_x + i as f64 * 10.0, y);
                c.space_before = space && i == 0;
                v.push(c);
            }
            v
        };
        let texts = |chars: &[Char]| -> Vec<String> {
            bands(chars, Some(0.6))
                .into_iter()
                .flat_map(|b| b.into_iter().map(|s| line_text(&s)))
                .collect()
        };
        assert_eq!(texts(&row(30.0, false, 0.0)), ["30101", "基本"]);
        assert_eq!(texts(&row(25.0, false, 0.0)), ["30101基本"]);
        assert_eq!(texts(&row(30.0, true, 0.0)), ["30101 基本"]);
    }
}
