//! A scanned page's pixels: decoded to grey, turned upright, and its table rulings found as
//! long runs of ink.

use zune_jpeg::zune_core::colorspace::ColorSpace;
use zune_jpeg::zune_core::options::DecoderOptions;
use zune_jpeg::JpegDecoder;

/// A pixel darker than this grey level is ink.
const INK_LEVEL: u8 = 128;

/// The largest skew looked for, and the step it is looked for in (degrees): a scan is turned
/// by a degree or two at most.
const MAX_SKEW_DEG: f64 = 2.0;
const SKEW_STEP_DEG: f64 = 0.05;

/// Every how many pixels along a row the skew is measured on: a sample is enough. Every row is
/// taken: sampling rows as well made a turn of a few tenths of a degree alias to none (a ruling
/// two pixels thick falls on every other row at 0°).
const SKEW_SAMPLE_X: usize = 2;

/// A horizontal ruling is a run of ink at least this share of the page's width long (a stroke
/// of a character is a tenth of that at most).
const MIN_H_RULING_SHARE: f64 = 0.04;

/// A vertical ruling is a run of ink at least this share of the page's height long (longer than
/// any stroke of a character, shorter than the lowest row of a table).
const MIN_V_RULING_SHARE: f64 = 0.03;

/// A horizontal run of ink at least this share of the page's width is a ruling wherever it
/// stands; a shorter one only inside a table's frame ([`Gray::rulings`]).
const FREE_H_RULING_SHARE: f64 = 0.15;

/// How far (pixels) a short horizontal ruling's end may be from the vertical ruling it meets.
const FRAME_SLACK_PX: f64 = 6.0;

/// The least height of a table row (pixels): two rulings closer than that are one thick rule.
const MIN_ROW_PX: usize = 12;

/// A column inked over this share (percent) of the height between two rulings is a rule
/// between them; a character's stroke keeps a cell's padding from both.
const MIN_RULE_COVER_PCT: usize = 90;

/// Gaps in a run of ink up to this many pixels are bridged (dust, JPEG noise, a crossing).
const RUN_GAP_PX: usize = 2;

/// The least height of a line of text (pixels): a 9-point character is 25 pixels high at
/// 200 ppi, a horizontal stroke or a speck two or three.
const MIN_TEXT_LINE_PX: usize = 8;

/// White left about the text of a box cut to it ([`Gray::text_box`]): about a millimetre at
/// 200 ppi, as much as tesseract wants about a line.
const TEXT_MARGIN_PX: usize = 10;

/// A box of pixels: x0, y0, x1, y1 (end exclusive).
pub(crate) type PxBox = (usize, usize, usize, usize);

/// A grey image, one byte a pixel, rows top to bottom.
#[derive(Clone)]
pub(crate) struct Gray {
    pub w: usize,
    pub h: usize,
    pub px: Vec<u8>,
}

/// A straight ruling in pixels: its position across (y of a horizontal one, x of a vertical
/// one) and its extent along.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Line {
    pub at: f64,
    pub from: f64,
    pub to: f64,
}

impl Gray {
    /// A JPEG (`DCTDecode`) image as grey.
    pub(crate) fn from_jpeg(bytes: &[u8]) -> Option<Gray> {
        let opts = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::Luma);
        let mut d = JpegDecoder::new_with_options(bytes, opts);
        let px = d.decode().ok()?;
        let info = d.info()?;
        let (w, h) = (usize::from(info.width), usize::from(info.height));
        (w > 0 && h > 0 && px.len() == w * h).then_some(Gray { w, h, px })
    }

    /// 8-bit samples of `channels` (1 grey, 3 RGB) as grey.
    pub(crate) fn from_samples(data: &[u8], w: usize, h: usize, channels: usize) -> Option<Gray> {
        let n = w.checked_mul(h)?;
        if w == 0 || h == 0 || data.len() < n.checked_mul(channels)? {
            return None;
        }
        let px = match channels {
            1 => data[..n].to_vec(),
            3 => data
                .chunks_exact(3)
                .take(n)
                .map(|p| {
                    ((u32::from(p[0]) * 299 + u32::from(p[1]) * 587 + u32::from(p[2]) * 114) / 1000)
                        as u8
                })
                .collect(),
            _ => return None,
        };
        Some(Gray { w, h, px })
    }

    /// The image as a binary PGM file (what tesseract reads from its input).
    pub(crate) fn to_pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.w, self.h).into_bytes();
        out.extend_from_slice(&self.px);
        out
    }

    pub(crate) fn ink(&self, x: usize, y: usize) -> bool {
        self.px[y * self.w + x] < INK_LEVEL
    }

    /// Ink at `x, y` or in the column to its right: a rule a pixel thick, turned a little or
    /// blurred by turning the page upright, falls on two columns by turns, neither of which
    /// holds it all the way.
    fn ink_across(&self, x: usize, y: usize) -> bool {
        self.ink(x, y) || (x + 1 < self.w && self.ink(x + 1, y))
    }

    /// Ink at `x, y` or in the row below it (as [`Gray::ink_across`], for a horizontal rule).
    fn ink_down(&self, x: usize, y: usize) -> bool {
        self.ink(x, y) || (y + 1 < self.h && self.ink(x, y + 1))
    }

    /// The page's skew in radians: the angle at which the rows hold the ink most unevenly
    /// (rulings and lines of text lie along rows when the page is upright).
    pub(crate) fn skew(&self) -> f64 {
        let mut ink: Vec<(f64, f64)> = Vec::new();
        for y in 0..self.h {
            for x in (0..self.w).step_by(SKEW_SAMPLE_X) {
                if self.ink(x, y) {
                    ink.push((x as f64, y as f64));
                }
            }
        }
        if ink.is_empty() {
            return 0.0;
        }
        let steps = (MAX_SKEW_DEG / SKEW_STEP_DEG).round() as i64;
        let drift = (self.w as f64 * MAX_SKEW_DEG.to_radians().tan()).ceil() as usize + 1;
        let mut best = (f64::MIN, 0.0);
        let mut hist = vec![0u32; self.h + 2 * drift];
        for k in -steps..=steps {
            let a = (k as f64 * SKEW_STEP_DEG).to_radians();
            let t = a.tan();
            hist.iter_mut().for_each(|v| *v = 0);
            for &(x, y) in &ink {
                let row = (y - x * t).round() as i64 + drift as i64;
                if let Some(v) = usize::try_from(row).ok().and_then(|r| hist.get_mut(r)) {
                    *v += 1;
                }
            }
            let score: f64 = hist.iter().map(|&v| f64::from(v) * f64::from(v)).sum();
            if score > best.0 {
                best = (score, a);
            }
        }
        best.1
    }

    /// The image turned by `-angle` about its centre (nearest pixel; white outside): a page
    /// skewed by `angle` made upright.
    pub(crate) fn upright(self, angle: f64) -> Gray {
        if angle == 0.0 {
            return self;
        }
        let (s, c) = angle.sin_cos();
        let (cx, cy) = (self.w as f64 / 2.0, self.h as f64 / 2.0);
        let mut px = vec![255u8; self.w * self.h];
        for y in 0..self.h {
            let dy = y as f64 - cy;
            for x in 0..self.w {
                let dx = x as f64 - cx;
                // the source of an upright pixel: turned back by `angle`
                let sx = (c * dx - s * dy + cx).round();
                let sy = (s * dx + c * dy + cy).round();
                if sx >= 0.0 && sy >= 0.0 && (sx as usize) < self.w && (sy as usize) < self.h {
                    px[y * self.w + x] = self.px[sy as usize * self.w + sx as usize];
                }
            }
        }
        Gray {
            w: self.w,
            h: self.h,
            px,
        }
    }

    /// Horizontal rulings: runs of ink along rows, merged over the rows a thick line covers.
    pub(crate) fn h_rulings(&self) -> Vec<Line> {
        let min = (self.w as f64 * MIN_H_RULING_SHARE) as usize;
        let runs = (0..self.h).map(|y| runs((0..self.w).map(|x| self.ink_down(x, y)), min));
        found_by_pairs(merge_lines(runs))
    }

    /// The page's rulings, horizontal and vertical: long runs of ink, and the short pieces that
    /// a table's frame tells from strokes of characters. A horizontal run shorter than
    /// [`FREE_H_RULING_SHARE`] of the width is a ruling only where both its ends meet a
    /// vertical one (a rule under a group header); else it is the strokes of a title's
    /// characters run together (`一般`), which erasing would take out of the text. Then the
    /// vertical pieces that run the whole way from a horizontal ruling to the next.
    pub(crate) fn rulings(&self) -> (Vec<Line>, Vec<Line>) {
        let v = self.v_rulings();
        let free = self.w as f64 * FREE_H_RULING_SHARE;
        let framed = |x: f64, y: f64| {
            v.iter().any(|l| {
                (l.at - x).abs() <= FRAME_SLACK_PX
                    && l.from - FRAME_SLACK_PX <= y
                    && y <= l.to + FRAME_SLACK_PX
            })
        };
        let h: Vec<Line> = self
            .h_rulings()
            .into_iter()
            .filter(|l| l.to - l.from >= free || (framed(l.from, l.at) && framed(l.to, l.at)))
            .collect();
        let mut v = v;
        v.extend(self.v_rulings_between(&h));
        (h, v)
    }

    /// Vertical rulings: runs of ink along columns, merged over the columns a thick line covers.
    pub(crate) fn v_rulings(&self) -> Vec<Line> {
        let min = (self.h as f64 * MIN_V_RULING_SHARE) as usize;
        let runs = (0..self.w).map(|x| runs((0..self.h).map(|y| self.ink_across(x, y)), min));
        found_by_pairs(merge_lines(runs))
    }

    /// The vertical pieces of ruling between each horizontal ruling of `h` and the next one
    /// below that it overlaps: columns inked over nearly all of the height between them (a
    /// character keeps its distance from the rules around its cell).
    pub(crate) fn v_rulings_between(&self, h: &[Line]) -> Vec<Line> {
        let mut sorted: Vec<&Line> = h.iter().collect();
        sorted.sort_by(|a, b| a.at.total_cmp(&b.at));
        let mut per_column: Vec<Vec<(usize, usize)>> = vec![Vec::new(); self.w];
        for (i, a) in sorted.iter().enumerate() {
            let overlaps = |b: &&&Line| b.from < a.to && a.from < b.to;
            let Some(b) = sorted[i + 1..]
                .iter()
                .filter(|b| b.at >= a.at + MIN_ROW_PX as f64)
                .find(overlaps)
            else {
                continue;
            };
            let (y0, y1) = (a.at as usize, (b.at as usize).min(self.h));
            let (x0, x1) = (
                a.from.max(b.from) as usize,
                (a.to.min(b.to) as usize).min(self.w),
            );
            for (x, runs) in per_column.iter_mut().enumerate().take(x1).skip(x0) {
                let inked = (y0..y1).filter(|&y| self.ink_across(x, y)).count();
                if inked * 100 >= (y1 - y0) * MIN_RULE_COVER_PCT {
                    runs.push((y0, y1));
                }
            }
        }
        found_by_pairs(merge_lines(per_column.into_iter()))
    }
}

/// Lines found by the ink of pairs of neighbouring pixels ([`Gray::ink_across`],
/// [`Gray::ink_down`]), each a pixel wider on its near side: put back at their middle.
fn found_by_pairs(lines: Vec<Line>) -> Vec<Line> {
    let half = 0.5;
    lines
        .into_iter()
        .map(|l| Line {
            at: l.at + half,
            ..l
        })
        .collect()
}

/// Half the thickness of ink erased along a ruling before OCR (pixels): the rule and its blur.
const ERASE_HALF_PX: f64 = 3.0;

impl Gray {
    /// The image with its rulings `h` and `v` painted white: OCR then reads the text alone
    /// (a rule beside a number reads as `|` or `1`).
    pub(crate) fn without_rulings(mut self, h: &[Line], v: &[Line]) -> Gray {
        let px = |v: f64| v.max(0.0) as usize;
        let band = |at: f64| (px(at - ERASE_HALF_PX), px(at + ERASE_HALF_PX + 1.0));
        for l in h {
            let (y0, y1) = band(l.at);
            self.blank((px(l.from), y0, px(l.to), y1));
        }
        for l in v {
            let (x0, x1) = band(l.at);
            self.blank((x0, px(l.from), x1, px(l.to)));
        }
        self
    }
}

/// The turn [`Gray::upright`] gives a page: pixel positions of the upright image and of the
/// scan it was turned from, each into the other.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Turn {
    sin: f64,
    cos: f64,
    cx: f64,
    cy: f64,
}

impl Turn {
    /// The turn that makes a `w` × `h` image skewed by `angle` upright.
    pub(crate) fn new(angle: f64, w: usize, h: usize) -> Turn {
        let (sin, cos) = angle.sin_cos();
        Turn {
            sin,
            cos,
            cx: w as f64 / 2.0,
            cy: h as f64 / 2.0,
        }
    }

    /// Where upright position `(x, y)` is on the scan.
    pub(crate) fn on_scan_at(self, x: f64, y: f64) -> (f64, f64) {
        let (dx, dy) = (x - self.cx, y - self.cy);
        (
            self.cos * dx - self.sin * dy + self.cx,
            self.sin * dx + self.cos * dy + self.cy,
        )
    }

    /// Where scan position `(x, y)` is on the upright image.
    pub(crate) fn upright_at(self, x: f64, y: f64) -> (f64, f64) {
        let (dx, dy) = (x - self.cx, y - self.cy);
        (
            self.cos * dx + self.sin * dy + self.cx,
            -self.sin * dx + self.cos * dy + self.cy,
        )
    }

    /// The box of the scan that holds upright box `b`.
    pub(crate) fn box_on_scan(&self, (x0, y0, x1, y1): PxBox) -> PxBox {
        let corners = [(x0, y0), (x1, y0), (x0, y1), (x1, y1)]
            .map(|(x, y)| self.on_scan_at(x as f64, y as f64));
        let lo = |f: fn(&(f64, f64)) -> f64| corners.iter().map(f).fold(f64::MAX, f64::min);
        let hi = |f: fn(&(f64, f64)) -> f64| corners.iter().map(f).fold(f64::MIN, f64::max);
        let px = |v: f64| v.max(0.0) as usize;
        (
            px(lo(|c| c.0).floor()),
            px(lo(|c| c.1).floor()),
            px(hi(|c| c.0).ceil()),
            px(hi(|c| c.1).ceil()),
        )
    }
}

impl Gray {
    /// The scan with the rulings `h` and `v` of its upright image painted white along their
    /// turned course (each pixel within [`ERASE_HALF_PX`] of a ruling's line).
    pub(crate) fn without_turned_rulings(mut self, h: &[Line], v: &[Line], turn: &Turn) -> Gray {
        let segments = h
            .iter()
            .map(|l| (turn.on_scan_at(l.from, l.at), turn.on_scan_at(l.to, l.at)))
            .chain(
                v.iter()
                    .map(|l| (turn.on_scan_at(l.at, l.from), turn.on_scan_at(l.at, l.to))),
            );
        for ((ax, ay), (bx, by)) in segments {
            self.erase_along((ax, ay), (bx, by));
        }
        self
    }

    /// Paints white every pixel within [`ERASE_HALF_PX`] of the segment `a`–`b` (nearly
    /// horizontal or nearly vertical), stepping along its longer extent.
    fn erase_along(&mut self, (ax, ay): (f64, f64), (bx, by): (f64, f64)) {
        let px = |v: f64| v.max(0.0) as usize;
        if (bx - ax).abs() >= (by - ay).abs() {
            let (x0, x1) = (ax.min(bx), ax.max(bx));
            let slope = if bx != ax { (by - ay) / (bx - ax) } else { 0.0 };
            for x in px(x0)..px(x1 + 1.0).min(self.w) {
                let y = ay + (x as f64 - ax) * slope;
                let (y0, y1) = (
                    px(y - ERASE_HALF_PX),
                    px(y + ERASE_HALF_PX + 1.0).min(self.h),
                );
                for yy in y0.min(y1)..y1 {
                    self.px[yy * self.w + x] = 255;
                }
            }
        } else {
            let (y0, y1) = (ay.min(by), ay.max(by));
            let slope = if by != ay { (bx - ax) / (by - ay) } else { 0.0 };
            for y in px(y0)..px(y1 + 1.0).min(self.h) {
                let x = ax + (y as f64 - ay) * slope;
                let (x0, x1) = (
                    px(x - ERASE_HALF_PX),
                    px(x + ERASE_HALF_PX + 1.0).min(self.w),
                );
                self.px[y * self.w + x0.min(x1)..y * self.w + x1].fill(255);
            }
        }
    }
}

impl Gray {
    /// The part of the image in `x0..x1`, `y0..y1` (pixels, clamped to the image).
    pub(crate) fn crop(&self, (x0, y0, x1, y1): PxBox) -> Gray {
        let (x1, y1) = (x1.min(self.w), y1.min(self.h));
        let (x0, y0) = (x0.min(x1), y0.min(y1));
        let mut px = Vec::with_capacity((x1 - x0) * (y1 - y0));
        for y in y0..y1 {
            px.extend_from_slice(&self.px[y * self.w + x0..y * self.w + x1]);
        }
        Gray {
            w: x1 - x0,
            h: y1 - y0,
            px,
        }
    }

    /// The rectangle `b` cut out and shrunk so that its text, `height` pixels high, is `text_px`
    /// high (never enlarged), with the scale it was shrunk by.
    pub(crate) fn cut_to_text_height(&self, b: PxBox, height: f64, text_px: f64) -> (Gray, f64) {
        let scale = (text_px / height).min(1.0);
        let image = self.crop(b);
        if scale < 1.0 {
            (image.shrunk(scale), scale)
        } else {
            (image, 1.0)
        }
    }

    /// The image made smaller by `scale` (below 1), each pixel the mean of the pixels it covers.
    pub(crate) fn shrunk(&self, scale: f64) -> Gray {
        let scale = scale.clamp(0.05, 1.0);
        let w = ((self.w as f64 * scale).round() as usize).max(1);
        let h = ((self.h as f64 * scale).round() as usize).max(1);
        // (the source pixels `from..to` an output pixel `i` covers, of `n` in all)
        let span = |i: usize, n: usize, out: usize| {
            let from = i * n / out;
            (from, ((i + 1) * n / out).max(from + 1).min(n))
        };
        let mut px = Vec::with_capacity(w * h);
        for oy in 0..h {
            let (y0, y1) = span(oy, self.h, h);
            for ox in 0..w {
                let (x0, x1) = span(ox, self.w, w);
                let sum: usize = (y0..y1)
                    .flat_map(|y| &self.px[y * self.w + x0..y * self.w + x1])
                    .map(|&v| v as usize)
                    .sum();
                px.push((sum / ((y1 - y0) * (x1 - x0))) as u8);
            }
        }
        Gray { w, h, px }
    }

    /// The height of the lines of text in the rectangle: the mean of the runs of rows with ink
    /// at least [`MIN_TEXT_LINE_PX`] high; None where it holds no line.
    pub(crate) fn text_height(&self, b: PxBox) -> Option<f64> {
        let lines = self.line_rows(b);
        let n = lines.len();
        (n > 0).then(|| lines.iter().map(|(a, b)| (b - a) as f64).sum::<f64>() / n as f64)
    }

    /// The image with the rectangle `x0..x1`, `y0..y1` painted white.
    pub(crate) fn blank(&mut self, (x0, y0, x1, y1): PxBox) {
        let (x1, y1) = (x1.min(self.w), y1.min(self.h));
        for y in y0.min(y1)..y1 {
            self.px[y * self.w + x0.min(x1)..y * self.w + x1].fill(255);
        }
    }

    /// How many lines of text the rectangle holds: the runs of rows with ink, at least
    /// [`MIN_TEXT_LINE_PX`] high (a speck or a stroke alone is not a line).
    pub(crate) fn text_lines(&self, b: PxBox) -> usize {
        self.line_rows(b).len()
    }

    /// The rows (from, to: whole rows of the image) of the rectangle's lines of text: the runs
    /// of rows with ink in it, at least [`MIN_TEXT_LINE_PX`] high (a speck or a stroke alone is
    /// not a line).
    fn line_rows(&self, (x0, y0, x1, y1): PxBox) -> Vec<(usize, usize)> {
        let (x1, y1) = (x1.min(self.w), y1.min(self.h));
        let (x0, y0) = (x0.min(x1), y0.min(y1));
        let rows = (y0..y1).map(|y| (x0..x1).any(|x| self.ink(x, y)));
        let lines = runs(rows, MIN_TEXT_LINE_PX);
        lines.into_iter().map(|(a, b)| (y0 + a, y0 + b)).collect()
    }

    /// About how many characters the rectangle's lines of text hold: each line's ink, from its
    /// first to its last column, over the line's height (a Chinese character is about as wide
    /// as it is high; digits are narrower, so a line of them counts fewer).
    pub(crate) fn ink_chars(&self, b: PxBox) -> f64 {
        let (x0, x1) = (b.0, b.2.min(self.w));
        self.line_rows(b)
            .into_iter()
            .map(|(a, b)| {
                let inked = |x: &usize| (a..b).any(|y| self.ink(*x, y));
                let first = (x0..x1).find(inked);
                let last = (x0..x1).rev().find(inked);
                match (first, last) {
                    (Some(f), Some(l)) => (l + 1 - f) as f64 / (b - a) as f64,
                    _ => 0.0,
                }
            })
            .sum()
    }

    /// The part of the rectangle its text takes, with [`TEXT_MARGIN_PX`] of white about it (kept
    /// inside the rectangle): the rows of its lines of text (runs of rows with ink, at least
    /// [`MIN_TEXT_LINE_PX`] high: a speck is no line) and the columns with ink in them. None
    /// where it holds no line of text.
    pub(crate) fn text_box(&self, b: PxBox) -> Option<PxBox> {
        let (x0, y0, x1, y1) = (b.0, b.1, b.2.min(self.w), b.3.min(self.h));
        let lines = self.line_rows(b);
        let (top, bottom) = (lines.first()?.0, lines.last()?.1);
        let inked = |x: &usize| (top..bottom).any(|y| self.ink(*x, y));
        let left = (x0..x1).find(inked)?;
        let right = (x0..x1).rev().find(inked)? + 1;
        Some((
            left.saturating_sub(TEXT_MARGIN_PX).max(x0),
            top.saturating_sub(TEXT_MARGIN_PX).max(y0),
            (right + TEXT_MARGIN_PX).min(x1),
            (bottom + TEXT_MARGIN_PX).min(y1),
        ))
    }

    /// The rectangle widened left and right over the ink that continues it in its rows:
    /// columns with ink, at most `gap` blank columns apart.
    pub(crate) fn widened_over_ink(&self, (x0, y0, x1, y1): PxBox, gap: usize) -> PxBox {
        let inked = |x: usize| (y0..y1.min(self.h)).any(|y| self.ink(x, y));
        // (the last inked column met going out from `from`, `from` itself if none)
        let reach = |from: usize, columns: &mut dyn Iterator<Item = usize>| {
            let (mut last, mut blank) = (from, 0);
            for x in columns {
                if inked(x) {
                    (last, blank) = (x, 0);
                } else if blank == gap {
                    break;
                } else {
                    blank += 1;
                }
            }
            last
        };
        let left = reach(x0, &mut (0..x0).rev());
        let right = reach(x1.saturating_sub(1), &mut (x1..self.w)) + 1;
        (left, y0, right.max(x1), y1)
    }

    /// Does the rectangle hold any ink?
    pub(crate) fn has_ink(&self, (x0, y0, x1, y1): PxBox) -> bool {
        (y0..y1.min(self.h)).any(|y| (x0..x1.min(self.w)).any(|x| self.ink(x, y)))
    }
}

/// The runs of ink (start, end exclusive) of at least `min` pixels along one row or column,
/// bridging gaps of up to [`RUN_GAP_PX`].
fn runs(ink: impl Iterator<Item = bool>, min: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, usize)> = None; // (start, last ink + 1)
    for (i, is_ink) in ink.enumerate() {
        if !is_ink {
            continue;
        }
        cur = match cur {
            Some((a, b)) if i <= b + RUN_GAP_PX => Some((a, i + 1)),
            Some((a, b)) => {
                if b - a >= min {
                    out.push((a, b));
                }
                Some((i, i + 1))
            }
            None => Some((i, i + 1)),
        };
    }
    if let Some((a, b)) = cur.filter(|(a, b)| b - a >= min) {
        out.push((a, b));
    }
    out
}

/// Lines from the runs of successive rows (or columns): runs in neighbouring rows that overlap
/// for the most part are one line, at their mean position, as long as the longest.
fn merge_lines(rows: impl Iterator<Item = Vec<(usize, usize)>>) -> Vec<Line> {
    // a line being followed: its last row, its rows weighted by their run's length (sum, and
    // the weights), its extent
    struct Open {
        last: usize,
        sum: f64,
        n: f64,
        from: usize,
        to: usize,
    }
    let mut open: Vec<Open> = Vec::new();
    let mut done: Vec<Line> = Vec::new();
    let close = |o: &Open| Line {
        at: o.sum / o.n + 0.5,
        from: o.from as f64,
        to: o.to as f64,
    };
    for (r, rs) in rows.enumerate() {
        // lines not continued on this row are finished
        let (cont, ended): (Vec<Open>, Vec<Open>) = open.into_iter().partition(|o| o.last + 1 >= r);
        done.extend(ended.iter().map(close));
        open = cont;
        for (a, b) in rs {
            // every open line the run overlaps for the most part becomes one with it (the
            // pieces of a line a slight slope spread over two rows)
            let (hits, rest): (Vec<Open>, Vec<Open>) = open.into_iter().partition(|o| {
                let ov = b.min(o.to).saturating_sub(a.max(o.from));
                ov * 2 > (b - a).min(o.to - o.from)
            });
            open = rest;
            let mut line = Open {
                last: r,
                sum: r as f64 * (b - a) as f64,
                n: (b - a) as f64,
                from: a,
                to: b,
            };
            for o in hits {
                line.sum += o.sum;
                line.n += o.n;
                line.from = line.from.min(o.from);
                line.to = line.to.max(o.to);
            }
            open.push(line);
        }
    }
    done.extend(open.iter().map(close));
    done
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A white image with black boxes (x0, y0, x1, y1).
    pub(crate) fn image(w: usize, h: usize, boxes: &[(usize, usize, usize, usize)]) -> Gray {
        let mut px = vec![255u8; w * h];
        for &(x0, y0, x1, y1) in boxes {
            for y in y0..y1 {
                for x in x0..x1 {
                    px[y * w + x] = 0;
                }
            }
        }
        Gray { w, h, px }
    }

    #[test]
    fn long_runs_of_ink_are_rulings_and_short_strokes_are_not() {
        // on a page 1,600 × 2,300 (200 ppi): a 2-pixel thick rule 1,200 wide, a vertical rule
        // 400 high, a character's strokes 28 × 28
        let g = image(
            1600,
            2300,
            &[
                (50, 100, 1250, 102),
                (600, 150, 602, 550),
                (20, 20, 48, 22),
                (20, 20, 22, 48),
            ],
        );
        let h = g.h_rulings();
        assert_eq!(
            h,
            vec![Line {
                at: 101.0,
                from: 50.0,
                to: 1250.0
            }]
        );
        let v = g.v_rulings();
        assert_eq!(
            v,
            vec![Line {
                at: 601.0,
                from: 150.0,
                to: 550.0
            }]
        );
    }

    /// A header row 40 pixels high between two rules: the rule between its two cells is too
    /// short to be told from a stroke on its own, but it runs from one rule to the other; a
    /// character in the other cell, as high as the row but for its padding, does not.
    #[test]
    fn a_short_rule_from_one_ruling_to_the_next_is_a_ruling() {
        let g = image(
            1600,
            2300,
            &[
                (100, 300, 1100, 302),
                (100, 340, 1100, 342),
                (500, 300, 502, 342),
                (800, 306, 803, 336),
            ],
        );
        one_rule_between_two(&g);
    }

    /// The rulings of `g` are the two horizontal ones at 301 and 341 and one vertical one at
    /// 501 between them.
    fn one_rule_between_two(g: &Gray) {
        let (h, v) = g.rulings();
        assert_eq!(h.len(), 2);
        assert_eq!(v.len(), 1, "{v:?}");
        assert!(
            (v[0].at - 501.0).abs() <= 1.0 && v[0].from == 301.0,
            "{v:?}"
        );
    }

    /// A rule a pixel thick that a slight turn spreads over two columns by turns (a scanned
    /// real 上海 决算's 支出 table, whose short rows lost every rule between their cells): each
    /// column holds it over a part of the row, the two together over all of it.
    #[test]
    fn a_rule_falling_on_two_columns_by_turns_is_a_ruling() {
        let mut boxes = vec![(100, 300, 1100, 302), (100, 340, 1100, 342)];
        for k in 0..5 {
            let (y0, x) = (302 + 8 * k, if k % 2 == 0 { 500 } else { 501 });
            boxes.push((x, y0, x + 1, y0 + 8));
        }
        let g = image(1600, 2300, &boxes);
        one_rule_between_two(&g);
    }

    /// A title's strokes run together (`一般` at 18 points: 120 pixels) are no ruling; a rule
    /// as short under a group header, between two vertical rulings, is.
    #[test]
    fn a_short_run_is_a_ruling_only_inside_a_frame() {
        let g = image(
            1600,
            2300,
            &[
                (300, 100, 420, 104),
                (200, 500, 202, 700),
                (400, 500, 402, 700),
                (201, 600, 401, 602),
            ],
        );
        let (h, v) = g.rulings();
        assert_eq!(v.len(), 2, "{v:?}");
        assert_eq!(h.len(), 1, "{h:?}");
        assert!((h[0].at - 601.0).abs() <= 1.0, "{h:?}");
    }

    #[test]
    fn a_skewed_page_is_measured_and_turned_upright() {
        // rules drawn along a slope of 1°: the skew found is within a step of it
        let (w, h) = (600, 400);
        let mut px = vec![255u8; w * h];
        let t = 1.0f64.to_radians().tan();
        for base in [100.0, 200.0, 300.0] {
            for x in 50..550 {
                let y = (base + x as f64 * t).round() as usize;
                px[y * w + x] = 0;
                px[(y + 1) * w + x] = 0;
            }
        }
        let g = Gray { w, h, px };
        let a = g.skew().to_degrees();
        assert!((a - 1.0).abs() <= SKEW_STEP_DEG + 1e-9, "{a}");
        let up = g.upright(a.to_radians());
        assert_eq!(up.h_rulings().len(), 3, "{:?}", up.h_rulings());
    }

    #[test]
    fn a_turn_maps_positions_both_ways_and_boxes_onto_the_scan() {
        let t = Turn::new(0.8f64.to_radians(), 1000, 800);
        let (x, y) = t.on_scan_at(900.0, 100.0);
        let (bx, by) = t.upright_at(x, y);
        assert!((bx - 900.0).abs() < 1e-9 && (by - 100.0).abs() < 1e-9);
        // right of the centre, a turn by a positive angle moves a point down on the scan
        assert!(y > 100.0, "{y}");
        let b = t.box_on_scan((800, 90, 950, 130));
        for (cx, cy) in [(800.0, 90.0), (950.0, 90.0), (800.0, 130.0), (950.0, 130.0)] {
            let (sx, sy) = t.on_scan_at(cx, cy);
            assert!(
                sx >= b.0 as f64 && sx <= b.2 as f64 && sy >= b.1 as f64 && sy <= b.3 as f64,
                "{b:?} {sx} {sy}"
            );
        }
    }

    #[test]
    fn a_ruling_is_erased_along_its_turned_course() {
        // a rule drawn at 1° on the scan, found upright at y = 300 after turning by 1°
        let (w, h) = (800, 600);
        let angle = 1.0f64.to_radians();
        let turn = Turn::new(angle, w, h);
        let mut px = vec![255u8; w * h];
        for x in 100..700 {
            let (sx, sy) = turn.on_scan_at(x as f64, 300.0);
            px[sy.round() as usize * w + sx.round() as usize] = 0;
        }
        // a character's stroke 10 pixels below the rule stays
        px[330 * w + 400] = 0;
        let rule = Line {
            at: 300.0,
            from: 100.0,
            to: 700.0,
        };
        let g = Gray { w, h, px }.without_turned_rulings(&[rule], &[], &turn);
        let left: usize = g.px.iter().filter(|&&v| v < INK_LEVEL).count();
        assert_eq!(left, 1, "only the stroke is left");
    }

    #[test]
    fn the_characters_of_a_box_are_counted_by_its_lines_ink() {
        // a line of 20-pixel glyphs inked from x 5 to 90 (four and a quarter characters), one
        // from 5 to 60 (two and three quarters)
        let g = image(100, 80, &[(5, 5, 40, 25), (50, 5, 90, 25), (5, 35, 60, 55)]);
        assert_eq!(g.ink_chars((0, 0, 100, 80)), 85.0 / 20.0 + 55.0 / 20.0);
        assert_eq!(g.ink_chars((0, 30, 100, 80)), 55.0 / 20.0);
        assert_eq!(g.ink_chars((0, 60, 100, 80)), 0.0);
    }

    #[test]
    fn lines_of_text_are_counted_by_the_rows_that_hold_ink() {
        // two lines of 20-pixel glyphs 10 pixels apart, a speck, a lone stroke
        let g = image(
            100,
            80,
            &[
                (5, 5, 40, 25),
                (50, 5, 90, 25),
                (5, 35, 60, 55),
                (70, 70, 72, 72),
            ],
        );
        assert_eq!(g.text_lines((0, 0, 100, 80)), 2);
        assert_eq!(g.text_lines((0, 0, 100, 30)), 1);
        assert_eq!(g.text_lines((0, 60, 100, 80)), 0);
        assert_eq!(
            g.text_lines((0, 0, 500, 500)),
            2,
            "a box past the image is clamped"
        );
    }

    /// A cell twice a row's height (合计 over two rows) is cut to its line of text, a margin
    /// about it, specks left out; a cell of specks alone holds no text.
    #[test]
    fn a_box_is_cut_to_its_text_and_a_margin() {
        let g = image(
            300,
            200,
            &[(100, 80, 130, 110), (140, 80, 170, 110), (20, 20, 22, 22)],
        );
        assert_eq!(g.text_box((0, 0, 300, 200)), Some((90, 70, 180, 120)));
        assert_eq!(
            g.text_box((95, 75, 300, 200)),
            Some((95, 75, 180, 120)),
            "the margin stays inside the box"
        );
        assert_eq!(g.text_box((0, 0, 60, 60)), None, "a speck is no text");
    }

    #[test]
    fn an_image_is_shrunk_by_the_mean_of_its_pixels() {
        let g = image(4, 2, &[(0, 0, 2, 2), (2, 0, 3, 1)]);
        let half = g.shrunk(0.5);
        assert_eq!((half.w, half.h), (2, 1));
        assert_eq!(half.px, vec![0, (255 * 3 / 4) as u8]);
        assert_eq!(g.text_height((0, 0, 4, 2)), None, "two rows are no line");
        let tall = image(40, 40, &[(5, 5, 30, 25)]);
        assert_eq!(tall.text_height((0, 0, 40, 40)), Some(20.0));
    }

    #[test]
    fn bad_image_data_gives_no_image() {
        assert!(Gray::from_jpeg(b"not a jpeg").is_none());
        assert!(Gray::from_samples(&[0, 1, 2], 2, 2, 1).is_none());
        assert!(Gray::from_samples(&[0; 12], 2, 2, 3).is_some());
    }

    #[test]
    fn a_box_is_widened_over_the_rest_of_its_word_and_not_across_a_column_gap() {
        // `44.84` as five strokes 8 px wide, 3 px apart, 20 high; a code 30 px to its right
        let img = image(
            200,
            40,
            &[
                (10, 10, 18, 30),
                (21, 10, 29, 30),
                (32, 26, 35, 30),
                (38, 10, 46, 30),
                (49, 10, 57, 30),
                (87, 10, 95, 30),
            ],
        );
        // the engine boxed only the last two strokes
        assert_eq!(img.widened_over_ink((36, 8, 58, 32), 10), (10, 8, 58, 32));
        // a box without ink beside it stays as it is
        assert_eq!(
            img.widened_over_ink((120, 8, 140, 32), 10),
            (120, 8, 140, 32)
        );
    }
}
