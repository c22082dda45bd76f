//! The interpreter's state: matrices, the graphics state (`q`/`Q`, `cm`, colours, line width,
//! clip) and the text state (`Tf`, `Tc`, `Tw`, `Tz`, `TL`, `Ts`, `Tm`, `Td`, `TD`, `T*`).

use crate::font::Font;
use crate::lexer::Operand;
use std::rc::Rc;

/// A 2-D affine matrix `[a b c d e f]` (PDF row-vector convention).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Matrix(pub [f64; 6]);

impl Matrix {
    pub const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self × other`: apply `self` first, then `other`.
    pub fn then(&self, o: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = o.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }
    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (x * a + y * c + e, x * b + y * d + f)
    }
    pub(super) fn translate(tx: f64, ty: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }
    /// The length a unit vector gets, averaged over both axes (for line widths and font sizes).
    pub(super) fn scale(&self) -> f64 {
        let [a, b, c, d, _, _] = self.0;
        ((a * a + b * b).sqrt() + (c * c + d * d).sqrt()) / 2.0
    }
}

#[derive(Clone)]
pub(super) struct GState {
    pub(super) ctm: Matrix,
    pub(super) font: Option<Rc<Font>>,
    pub(super) font_idx: usize,
    pub(super) size: f64,
    pub(super) char_spacing: f64,
    pub(super) word_spacing: f64,
    pub(super) hscale: f64,
    pub(super) leading: f64,
    pub(super) rise: f64,
    pub(super) line_width: f64,
    pub(super) fill_white: bool,
    pub(super) stroke_white: bool,
    /// Current clip as an axis-aligned box in user space (x0, y0, x1, y1).
    pub(super) clip: (f64, f64, f64, f64),
}

pub(super) fn n(o: &Operand) -> f64 {
    match o {
        Operand::Number(v) => *v,
        _ => 0.0,
    }
}

/// Operand `i` counted from the end, as PDF operators take the last N operands (0 when there
/// are fewer).
pub(super) fn arg(ops: &[Operand], i: usize) -> f64 {
    let len = ops.len();
    if len >= i {
        n(&ops[len - i])
    } else {
        0.0
    }
}

/// The text matrix and the text line matrix.
pub(super) struct TextPos {
    pub(super) tm: Matrix,
    pub(super) tlm: Matrix,
}

/// Is every colour component of `ops` white (1 or nearly), and are they not four (CMYK, where
/// white is all zero)?
fn all_white(ops: &[Operand]) -> bool {
    let len = ops.len();
    len > 0
        && ops.iter().all(|o| match o {
            Operand::Number(v) => *v >= 0.99,
            _ => true,
        })
        && len != 4
}

/// The graphics state operators (`q Q cm w`, colours); false for any other operator.
pub(super) fn graphics_state_op(
    op: &[u8],
    ops: &[Operand],
    gs: &mut GState,
    stack: &mut Vec<GState>,
) -> bool {
    let arg = |i: usize| arg(ops, i);
    match op {
        b"q" => {
            if stack.len() < 256 {
                stack.push(gs.clone());
            }
        }
        b"Q" => {
            if let Some(g) = stack.pop() {
                *gs = g;
            }
        }
        b"cm" => {
            let m = Matrix([arg(6), arg(5), arg(4), arg(3), arg(2), arg(1)]);
            gs.ctm = m.then(&gs.ctm);
        }
        b"w" => gs.line_width = arg(1),
        b"g" => gs.fill_white = arg(1) >= 0.99,
        b"G" => gs.stroke_white = arg(1) >= 0.99,
        b"rg" => gs.fill_white = arg(3) >= 0.99 && arg(2) >= 0.99 && arg(1) >= 0.99,
        b"RG" => gs.stroke_white = arg(3) >= 0.99 && arg(2) >= 0.99 && arg(1) >= 0.99,
        b"k" => gs.fill_white = arg(4) + arg(3) + arg(2) + arg(1) <= 0.01,
        b"K" => gs.stroke_white = arg(4) + arg(3) + arg(2) + arg(1) <= 0.01,
        b"sc" | b"scn" => gs.fill_white = all_white(ops),
        b"SC" | b"SCN" => gs.stroke_white = all_white(ops),
        b"cs" => gs.fill_white = false,
        b"CS" => gs.stroke_white = false,
        _ => return false,
    }
    true
}

/// The text state and positioning operators (`BT ET Tc Tw Tz TL Ts Td TD Tm T*`); false for any
/// other operator.
pub(super) fn text_state_op(op: &[u8], ops: &[Operand], gs: &mut GState, tx: &mut TextPos) -> bool {
    let arg = |i: usize| arg(ops, i);
    match op {
        b"BT" => {
            tx.tm = Matrix::IDENTITY;
            tx.tlm = Matrix::IDENTITY;
        }
        b"ET" => {}
        b"Tc" => gs.char_spacing = arg(1),
        b"Tw" => gs.word_spacing = arg(1),
        b"Tz" => gs.hscale = arg(1) / 100.0,
        b"TL" => gs.leading = arg(1),
        b"Ts" => gs.rise = arg(1),
        b"Td" => {
            tx.tlm = Matrix::translate(arg(2), arg(1)).then(&tx.tlm);
            tx.tm = tx.tlm;
        }
        b"TD" => {
            gs.leading = -arg(1);
            tx.tlm = Matrix::translate(arg(2), arg(1)).then(&tx.tlm);
            tx.tm = tx.tlm;
        }
        b"Tm" => {
            tx.tlm = Matrix([arg(6), arg(5), arg(4), arg(3), arg(2), arg(1)]);
            tx.tm = tx.tlm;
        }
        b"T*" => {
            tx.tlm = Matrix::translate(0.0, -gs.leading).then(&tx.tlm);
            tx.tm = tx.tlm;
        }
        _ => return false,
    }
    true
}
