//! Paths: construction (`m l c v y h re`), clipping (`W W*`) and painting (`S s f F f* B B* b
//! b* n`) into rulings — stroked axis-aligned segments and thin filled shapes.

use super::state::{arg, GState};
use super::{Interpreter, Segment};
use crate::lexer::Operand;

#[derive(Default, Clone)]
pub(super) struct SubPath {
    pts: Vec<(f64, f64)>,
    closed: bool,
    curved: bool,
}

impl Interpreter<'_> {
    /// Path construction and painting (`m l c v y h re`, `W W*`, `S s f F f* B B* b b* n`);
    /// false for any other operator.
    pub(super) fn path_op(
        &mut self,
        op: &[u8],
        ops: &[Operand],
        gs: &mut GState,
        pending_clip: &mut bool,
    ) -> bool {
        let arg = |i: usize| arg(ops, i);
        match op {
            b"m" => {
                let p = gs.ctm.apply(arg(2), arg(1));
                self.path.push(SubPath {
                    pts: vec![p],
                    ..Default::default()
                });
            }
            b"l" => {
                let p = gs.ctm.apply(arg(2), arg(1));
                match self.path.last_mut() {
                    Some(sp) if !sp.closed => sp.pts.push(p),
                    _ => self.path.push(SubPath {
                        pts: vec![p],
                        ..Default::default()
                    }),
                }
            }
            b"c" | b"v" | b"y" => {
                let p = gs.ctm.apply(arg(2), arg(1));
                if let Some(sp) = self.path.last_mut() {
                    sp.pts.push(p);
                    sp.curved = true;
                }
            }
            b"h" => {
                if let Some(sp) = self.path.last_mut() {
                    sp.closed = true;
                }
            }
            b"re" => {
                let (x, y, w, h) = (arg(4), arg(3), arg(2), arg(1));
                let pts = vec![
                    gs.ctm.apply(x, y),
                    gs.ctm.apply(x + w, y),
                    gs.ctm.apply(x + w, y + h),
                    gs.ctm.apply(x, y + h),
                ];
                self.path.push(SubPath {
                    pts,
                    closed: true,
                    curved: false,
                });
            }
            b"W" | b"W*" => *pending_clip = true,
            b"S" | b"s" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" | b"n" => {
                self.paint(op, gs, pending_clip);
            }
            _ => return false,
        }
        true
    }

    /// Ends the path with the painting operator `op`: a pending clip is applied first (its box,
    /// when the path is one rectangle), then the path is stroked and filled as `op` says unless
    /// the paint is white.
    pub(super) fn paint(&mut self, op: &[u8], gs: &mut GState, pending_clip: &mut bool) {
        if *pending_clip {
            // intersect the clip with the path's box when the path is one rectangle
            if self.path.len() == 1 && !self.path[0].curved && self.path[0].pts.len() >= 4 {
                let (x0, y0, x1, y1) = bounds(&self.path[0].pts);
                gs.clip = (
                    gs.clip.0.max(x0),
                    gs.clip.1.max(y0),
                    gs.clip.2.min(x1),
                    gs.clip.3.min(y1),
                );
            }
            *pending_clip = false;
        }
        let stroke = matches!(op, b"S" | b"s" | b"B" | b"B*" | b"b" | b"b*");
        let fill = matches!(op, b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*");
        if op == b"s" || op == b"b" || op == b"b*" {
            if let Some(sp) = self.path.last_mut() {
                sp.closed = true;
            }
        }
        if stroke && !gs.stroke_white {
            self.stroke_path(gs);
        }
        if fill && !gs.fill_white {
            self.fill_path(gs);
        }
        self.path.clear();
    }

    /// Strokes the path's straight subpaths into rulings (none for lines wider than 6 pt).
    pub(super) fn stroke_path(&mut self, gs: &GState) {
        let lw = (gs.line_width * gs.ctm.scale()).abs();
        if lw > 6.0 {
            return;
        }
        for sp in &self.path {
            if sp.curved {
                continue;
            }
            let mut pts = sp.pts.clone();
            if sp.closed && pts.len() > 2 {
                pts.push(pts[0]);
            }
            for w in pts.windows(2) {
                push_axis_segment(&mut self.out.rulings, w[0], w[1], gs.clip);
            }
        }
    }

    pub(super) fn fill_path(&mut self, gs: &GState) {
        for sp in &self.path {
            if sp.curved || sp.pts.len() < 4 {
                continue;
            }
            // a shape whose box is thin is a ruling whatever its corners: a rectangle, or a
            // border piece with mitred ends (a trapezoid, as spreadsheet exports draw them)
            let (x0, y0, x1, y1) = bounds(&sp.pts);
            let (w, h) = (x1 - x0, y1 - y0);
            if h <= MAX_FILLED_RULING && w > h {
                let y = (y0 + y1) / 2.0;
                push_axis_segment(&mut self.out.rulings, (x0, y), (x1, y), gs.clip);
            } else if w <= MAX_FILLED_RULING && h > w {
                let x = (x0 + x1) / 2.0;
                push_axis_segment(&mut self.out.rulings, (x, y0), (x, y1), gs.clip);
            }
        }
    }
}

fn bounds(pts: &[(f64, f64)]) -> (f64, f64, f64, f64) {
    let mut b = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for (x, y) in pts {
        b.0 = b.0.min(*x);
        b.1 = b.1.min(*y);
        b.2 = b.2.max(*x);
        b.3 = b.3.max(*y);
    }
    b
}

fn push_axis_segment(
    out: &mut Vec<Segment>,
    a: (f64, f64),
    b: (f64, f64),
    clip: (f64, f64, f64, f64),
) {
    let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
    if dx < 0.01 && dy < 0.01 {
        return;
    }
    let horizontal = dy <= 0.5 && dx > dy;
    let vertical = dx <= 0.5 && dy > dx;
    if !horizontal && !vertical {
        return;
    }
    // keep only the part inside the clip
    let (x0, y0, x1, y1) = (a.0.min(b.0), a.1.min(b.1), a.0.max(b.0), a.1.max(b.1));
    let (xs, ys) = ((clip.0, clip.2), (clip.1, clip.3));
    let seg = if horizontal {
        clipped(x0, x1, (y0 + y1) / 2.0, xs, ys).map(|(x0, x1, y)| Segment {
            x0,
            y0: y,
            x1,
            y1: y,
        })
    } else {
        clipped(y0, y1, (x0 + x1) / 2.0, ys, xs).map(|(y0, y1, x)| Segment {
            x0: x,
            y0,
            x1: x,
            y1,
        })
    };
    out.extend(seg);
}

/// The thickest filled shape read as a ruling (points): thicker ones are shading or bars.
const MAX_FILLED_RULING: f64 = 3.0;

/// How far outside the clip a segment may lie and still count as inside it (a ruling drawn on
/// the clip's edge).
const CLIP_SLACK: f64 = 1.0;
/// The shortest part of a segment worth keeping once clipped.
const MIN_CLIPPED_LEN: f64 = 0.5;

/// The part `lo..hi` (along one axis, at `at` across it) of an axis-aligned segment inside a clip
/// spanning `along` and `across`: `(lo, hi, at)`, or `None` when too little of it is inside.
fn clipped(
    lo: f64,
    hi: f64,
    at: f64,
    along: (f64, f64),
    across: (f64, f64),
) -> Option<(f64, f64, f64)> {
    if at < across.0 - CLIP_SLACK || at > across.1 + CLIP_SLACK {
        return None;
    }
    let (lo, hi) = (lo.max(along.0 - CLIP_SLACK), hi.min(along.1 + CLIP_SLACK));
    (hi - lo >= MIN_CLIPPED_LEN).then_some((lo, hi, at))
}
