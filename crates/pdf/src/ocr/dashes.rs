//! Dashes on a scanned page: the `-` a table prints in an empty cell is a stroke a few pixels
//! high that the OCR engine drops as noise (a generated 长沙 决算 printing `-` in its empty cells
//! lost 80 % of its facts to it), so it is found by its shape: one stroke of ink, flat and
//! short, with no other ink near it.

use super::raster::{Gray, PxBox};

/// The shortest dash, in points: a hyphen of 9-point text is about 3 points long; specks of
/// dust and the ends of rulings are shorter.
const MIN_DASH_PT: f64 = 2.0;

/// The longest dash, in points: an em dash of 12-point text.
const MAX_DASH_PT: f64 = 12.0;

/// The thickest dash, in points: a bold stroke of 12-point text; a digit or a character is
/// several times as high.
const MAX_DASH_HEIGHT_PT: f64 = 1.6;

/// A dash is at least this many times as long as it is thick: a hyphen of 9-point text scanned
/// at 200 ppi is 7 pixels long and 3 thick; a dot is as high as it is wide.
const MIN_DASH_ASPECT: usize = 2;

/// The free margin beside a dash, in points: a stroke with ink this close to its left or right
/// is part of a character or a word (`十`, `一、`, a minus sign before a number), not a dash in
/// a cell of its own.
const DASH_ISOLATION_PT: f64 = 3.0;

/// The free margin above and below a dash, in points: the strokes of `二` and `三` of 12-point
/// text are 4–5 points apart; a dash in a table's row is half a line and the gap between rows
/// (9 points or more) from the text above and below it.
const DASH_ISOLATION_V_PT: f64 = 6.0;

/// The most pixels of ink a component may have while it is followed: larger ones (a ruling
/// left in, a block of text run together) are followed no further, and are not dashes.
const MAX_COMPONENT_PX: usize = 1 << 16;

/// The sizes, in pixels, a dash has on a page of `px_per_pt` pixels a point.
#[derive(Clone, Copy)]
pub(crate) struct DashShape {
    min_w: usize,
    max_w: usize,
    max_h: usize,
    margin: (usize, usize),
}

impl DashShape {
    pub(crate) fn at(px_per_pt: f64) -> DashShape {
        let px = |pt: f64| (pt * px_per_pt).round().max(1.0) as usize;
        DashShape {
            min_w: px(MIN_DASH_PT),
            max_w: px(MAX_DASH_PT),
            max_h: px(MAX_DASH_HEIGHT_PT),
            margin: (px(DASH_ISOLATION_PT), px(DASH_ISOLATION_V_PT)),
        }
    }

    /// The dash `d` with the grey edge the scan gives its stroke: `d` grown by half its free
    /// margin, which holds no other ink. Painting out only the stroke's inked pixels leaves a
    /// faint outline that the engine still reads as part of the amount below it.
    pub(crate) fn with_halo(&self, (x0, y0, x1, y1): PxBox) -> PxBox {
        let (mx, my) = (self.margin.0 / 2, self.margin.1 / 2);
        (
            x0.saturating_sub(mx),
            y0.saturating_sub(my),
            x1 + mx,
            y1 + my,
        )
    }

    fn fits(&self, (x0, y0, x1, y1): PxBox) -> bool {
        let (w, h) = (x1 - x0, y1 - y0);
        (self.min_w..=self.max_w).contains(&w) && h <= self.max_h && w >= MIN_DASH_ASPECT * h
    }
}

/// The boxes of the 8-connected components of ink in `region` of `img` (end exclusive).
pub(super) fn components(img: &Gray, (x0, y0, x1, y1): PxBox) -> Vec<PxBox> {
    let (x1, y1) = (x1.min(img.w), y1.min(img.h));
    let (x0, y0) = (x0.min(x1), y0.min(y1));
    let (w, h) = (x1 - x0, y1 - y0);
    let mut seen = vec![false; w * h];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for sy in 0..h {
        for sx in 0..w {
            if seen[sy * w + sx] || !img.ink(x0 + sx, y0 + sy) {
                continue;
            }
            seen[sy * w + sx] = true;
            stack.push((sx, sy));
            let (mut bx0, mut by0, mut bx1, mut by1) = (sx, sy, sx + 1, sy + 1);
            let mut size = 0;
            while let Some((x, y)) = stack.pop() {
                size += 1;
                (bx0, by0, bx1, by1) = (bx0.min(x), by0.min(y), bx1.max(x + 1), by1.max(y + 1));
                if size > MAX_COMPONENT_PX {
                    continue;
                }
                for ny in y.saturating_sub(1)..(y + 2).min(h) {
                    for nx in x.saturating_sub(1)..(x + 2).min(w) {
                        if !seen[ny * w + nx] && img.ink(x0 + nx, y0 + ny) {
                            seen[ny * w + nx] = true;
                            stack.push((nx, ny));
                        }
                    }
                }
            }
            out.push((x0 + bx0, y0 + by0, x0 + bx1, y0 + by1));
        }
    }
    out
}

/// Do two boxes come within `mx` pixels of each other across and `my` up and down?
fn near(a: PxBox, b: PxBox, (mx, my): (usize, usize)) -> bool {
    a.0 < b.2 + mx && b.0 < a.2 + mx && a.1 < b.3 + my && b.1 < a.3 + my
}

/// The dashes of `region` of `img`: components of a dash's shape with no other ink within
/// [`DASH_ISOLATION_PT`] beside them and [`DASH_ISOLATION_V_PT`] above and below.
pub(crate) fn dashes(img: &Gray, region: PxBox, shape: DashShape) -> Vec<PxBox> {
    let all = components(img, region);
    all.iter()
        .copied()
        .filter(|&d| shape.fits(d))
        .filter(|&d| !all.iter().any(|&o| o != d && near(d, o, shape.margin)))
        .collect()
}

/// The dash a cell prints, where its only ink is one.
pub(crate) fn only_dash(img: &Gray, cell: PxBox, shape: DashShape) -> Option<PxBox> {
    match components(img, cell).as_slice() {
        [d] if shape.fits(*d) => Some(*d),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::raster::tests::image;
    use super::*;

    #[test]
    fn a_lone_flat_stroke_is_a_dash_and_strokes_of_characters_are_not() {
        // 200 ppi: 2.78 pixels a point
        let shape = DashShape::at(200.0 / 72.0);
        let img = image(
            300,
            100,
            &[
                // a dash alone
                (20, 50, 36, 53),
                // `二`: two strokes close together
                (100, 40, 120, 43),
                (98, 52, 122, 55),
                // a digit: a tall stroke
                (200, 35, 204, 60),
                // a speck
                (250, 50, 252, 52),
            ],
        );
        assert_eq!(dashes(&img, (0, 0, 300, 100), shape), [(20, 50, 36, 53)]);
        assert_eq!(
            only_dash(&img, (10, 30, 60, 70), shape),
            Some((20, 50, 36, 53))
        );
        assert_eq!(only_dash(&img, (90, 30, 130, 70), shape), None);
        assert_eq!(only_dash(&img, (190, 30, 210, 70), shape), None);
    }

    #[test]
    fn a_dash_is_painted_out_with_half_its_free_margin() {
        // 200 ppi: margins of 8 px beside and 17 above and below (3 and 6 points)
        let shape = DashShape::at(200.0 / 72.0);
        assert_eq!(shape.with_halo((20, 50, 36, 53)), (16, 42, 40, 61));
        // (kept on the page at its edge)
        assert_eq!(shape.with_halo((2, 3, 10, 5)), (0, 0, 14, 13));
    }
}
