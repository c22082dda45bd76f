//! The content-stream interpreter: runs a page's operators with a graphics state (`q`/`Q`, `cm`),
//! a text state (`Tm`, `Td`/`TD` through the line matrix, `TJ` adjustments, `Tc`/`Tw`/`Tz`) and
//! Form XObjects, and collects
//! - glyphs with their Unicode text and page-space boxes, dropped when outside the page or the
//!   current rectangular clip (WPS 表格 prints overflowing cell text outside the page);
//! - rulings: stroked axis-aligned segments (`m l S`, `re S`) and thin filled rectangles
//!   (`re f`, as WPS and Word draw table borders), white fills and strokes excluded.

mod marked;
mod paths;
mod state;

use crate::font::Font;
use crate::lexer::{Lexer, Operand};
use crate::object::{deref, numbers, sub_dict};
use lopdf::{Dictionary, Document, Object, ObjectId};
use paths::SubPath;
use rustc_hash::FxHashMap as HashMap;
pub use state::Matrix;
use state::{arg, graphics_state_op, text_state_op, GState, TextPos};
use std::rc::Rc;

/// A positioned glyph in PDF user space of the page (y up).
#[derive(Debug, Clone)]
pub struct Glyph {
    pub text: compact_str::CompactString,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    /// Effective font size on the page.
    pub size: f64,
    /// Index into [`PageContent::fonts`].
    pub font: usize,
    /// A space glyph was shown right before this one.
    pub space_before: bool,
    /// The way the text runs, in user space: the glyph's advance for a text space unit of 1
    /// (`(1, 0)` scaled for upright text, `(0, 1)` for text running up the page).
    pub advance: (f64, f64),
}

/// An axis-aligned ruling line in PDF user space (y up).
#[derive(Debug, Clone, Copy)]
pub struct Segment {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

#[derive(Debug, Default)]
pub struct PageContent {
    pub glyphs: Vec<Glyph>,
    pub rulings: Vec<Segment>,
    pub fonts: Vec<String>,
    /// What kept the page from being read whole: a limit reached (the page was cut short there),
    /// a stream that cannot be decoded, a font whose character map cannot be read. Empty for a
    /// sound page.
    pub problems: Vec<String>,
    /// Glyphs shown whose text did not decode (U+FFFD), by font name.
    pub undecoded: Vec<(String, usize)>,
    /// Glyphs were shown whose text was read from their shapes by OCR.
    pub read_by_shape: bool,
}

/// Limits that keep a pathological file from running away. A page that reaches one is cut short
/// and says why in [`PageContent::problems`]; the file's time limit ([`yjs_model::limit`]) is checked as well.
pub struct Limits {
    pub max_ops_per_page: usize,
    pub max_form_depth: usize,
    pub max_glyphs_per_page: usize,
    /// Largest inflated content of one Form XObject (a decompression-bomb guard).
    pub max_form_content: usize,
    /// Inflated Form XObject content summed over every use on one page (a form drawn a million
    /// times is inflated a million times).
    pub max_form_bytes_per_page: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_ops_per_page: 5_000_000,
            max_form_depth: 12,
            max_glyphs_per_page: 500_000,
            max_form_content: 64 << 20,
            max_form_bytes_per_page: 256 << 20,
        }
    }
}

/// Caches fonts by object id across the pages of one document.
#[derive(Default)]
pub struct FontCache {
    fonts: HashMap<ObjectId, Rc<Font>>,
}

pub struct Interpreter<'d> {
    doc: &'d Document,
    cache: &'d mut FontCache,
    limits: &'d Limits,
    out: PageContent,
    font_names: HashMap<String, usize>,
    ops: usize,
    /// Inflated Form XObject bytes on this page.
    form_bytes: usize,
    /// Current path, in device space: subpaths of points; `closed` flags and whether it is a `re`.
    path: Vec<SubPath>,
    pub truncated: bool,
}

impl<'d> Interpreter<'d> {
    pub fn new(doc: &'d Document, cache: &'d mut FontCache, limits: &'d Limits) -> Self {
        Interpreter {
            doc,
            cache,
            limits,
            out: PageContent::default(),
            font_names: HashMap::default(),
            ops: 0,
            form_bytes: 0,
            path: Vec::new(),
            truncated: false,
        }
    }

    /// Runs one page's content with its resources; `clip` is the visible page box.
    pub fn run_page(
        mut self,
        content: &[u8],
        resources: Option<&Dictionary>,
        clip: (f64, f64, f64, f64),
    ) -> PageContent {
        let gs = GState {
            ctm: Matrix::IDENTITY,
            font: None,
            font_idx: 0,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            hscale: 1.0,
            leading: 0.0,
            rise: 0.0,
            line_width: 1.0,
            fill_white: false,
            stroke_white: false,
            clip,
        };
        // about one glyph per 8 bytes of a text-heavy content stream (a guess, so that the page's
        // glyphs are not copied over and over as they grow; capped by the glyph limit)
        self.out
            .glyphs
            .reserve((content.len() / 8).min(self.limits.max_glyphs_per_page));
        self.run(content, resources, gs, 0);
        self.out
    }

    /// The font `name` of `resources`, and whether it is the document's object of that font (the
    /// same object whenever the name comes again with these resources).
    fn font_for(&mut self, resources: Option<&Dictionary>, name: &[u8]) -> (Rc<Font>, bool) {
        let doc = self.doc;
        let entry = resources
            .and_then(|r| sub_dict(doc, r, b"Font"))
            .and_then(|fd| fd.get(name).ok());
        match entry {
            Some(Object::Reference(id)) => {
                if let Some(f) = self.cache.fonts.get(id) {
                    return (f.clone(), true);
                }
                let f = Rc::new(match doc.get_dictionary(*id) {
                    Ok(d) => Font::load(doc, d),
                    Err(e) => {
                        let mut f = Font::fallback();
                        f.damage = Some(format!("object {} {} is unreadable ({e})", id.0, id.1));
                        f
                    }
                });
                self.cache.fonts.insert(*id, f.clone());
                self.note_font(&f, name);
                (f, true)
            }
            Some(Object::Dictionary(d)) => {
                let f = Rc::new(Font::load(doc, d));
                self.note_font(&f, name);
                (f, false)
            }
            _ => (Rc::new(Font::fallback()), false),
        }
    }

    /// A font that cannot map its codes to text makes the page's text untrustworthy.
    fn note_font(&mut self, f: &Font, key: &[u8]) {
        if let Some(d) = &f.damage {
            let key = String::from_utf8_lossy(key);
            let name = match f.name.as_str() {
                "" => format!("/{key}"),
                n => format!("/{key} ({n})"),
            };
            self.out.problems.push(format!("font {name}: {d}"));
        }
    }

    /// Stops reading the page, saying why (once).
    fn cut(&mut self, why: String) {
        if !self.truncated {
            self.truncated = true;
            self.out.problems.push(format!("cut short: {why}"));
        }
    }

    fn font_index(&mut self, name: &str) -> usize {
        if let Some(i) = self.font_names.get(name) {
            return *i;
        }
        let i = self.out.fonts.len();
        self.out.fonts.push(name.to_string());
        self.font_names.insert(name.to_string(), i);
        i
    }

    fn run(&mut self, content: &[u8], resources: Option<&Dictionary>, gs0: GState, depth: usize) {
        let mut lx = Lexer::new(content);
        let mut gs = gs0;
        let mut stack: Vec<GState> = Vec::new();
        let mut tx = TextPos {
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
        };
        let mut pending_clip = false;
        // the marked-content sequences open in this stream
        let mut marked: Vec<marked::Marked> = Vec::new();
        // the fonts this stream's `Tf` named, with their index (looked up once a name)
        let mut named: HashMap<&[u8], (Rc<Font>, usize)> = HashMap::default();
        while let Some(op) = lx.next_op() {
            self.ops += 1;
            if self.over_limit() {
                return;
            }
            let ops = &lx.operands;
            if graphics_state_op(op, ops, &mut gs, &mut stack)
                || self.path_op(op, ops, &mut gs, &mut pending_clip)
                || text_state_op(op, ops, &mut gs, &mut tx)
                || self.marked_op(op, &lx, resources, &mut marked)
            {
                continue;
            }
            match op {
                b"Tf" => {
                    gs.size = arg(ops, 1);
                    if let Some(Operand::Name(s, e)) = ops.get(ops.len().wrapping_sub(2)) {
                        let name = lx.name(*s, *e);
                        let (f, idx) = match named.get(name) {
                            Some((f, idx)) => (f.clone(), *idx),
                            None => {
                                let (f, same) = self.font_for(resources, name);
                                let idx = self.font_index(&f.name);
                                if same {
                                    named.insert(name, (f.clone(), idx));
                                }
                                (f, idx)
                            }
                        };
                        gs.font_idx = idx;
                        gs.font = Some(f);
                    }
                }
                b"Tj" | b"'" | b"\"" | b"TJ" => self.show_op(op, &lx, &mut gs, &mut tx),
                b"Do" => {
                    if let Some(Operand::Name(s, e)) = ops.last() {
                        let name = lx.name(*s, *e).to_vec();
                        self.do_xobject(resources, &name, &gs, depth);
                    }
                }
                _ => {}
            }
        }
    }

    /// Has the page reached a limit (cut short before, too many operators or glyphs, or the
    /// file's time limit, checked every 4096 operators)? Notes why when it is reached now.
    fn over_limit(&mut self) -> bool {
        if self.truncated {
            return true;
        }
        if self.ops > self.limits.max_ops_per_page {
            self.cut(format!(
                "more than {} operators on the page",
                self.limits.max_ops_per_page
            ));
            return true;
        }
        if self.out.glyphs.len() > self.limits.max_glyphs_per_page {
            self.cut(format!(
                "more than {} characters on the page",
                self.limits.max_glyphs_per_page
            ));
            return true;
        }
        // the file's time limit, every 4096 operators (the caller sees it expired too)
        if self.ops.is_multiple_of(4096) && yjs_model::limit::check().is_err() {
            self.cut("time limit reached".into());
            return true;
        }
        false
    }

    /// Shows text (`Tj ' " TJ`), moving to the next line first for `'` and `"`.
    fn show_op(&mut self, op: &[u8], lx: &Lexer<'_>, gs: &mut GState, tx: &mut TextPos) {
        let ops = &lx.operands;
        let len = ops.len();
        if op == b"\"" && len >= 3 {
            gs.word_spacing = arg(ops, 3);
            gs.char_spacing = arg(ops, 2);
        }
        if op == b"'" || op == b"\"" {
            tx.tlm = Matrix::translate(0.0, -gs.leading).then(&tx.tlm);
            tx.tm = tx.tlm;
        }
        let font = match &gs.font {
            Some(f) => f.clone(),
            None => Rc::new(Font::fallback()),
        };
        let first = if op == b"TJ" {
            0
        } else {
            len.saturating_sub(1)
        };
        for o in &ops[first..] {
            match o {
                Operand::Str(s, e) => {
                    let bytes = lx.string(*s, *e);
                    self.show(&font, bytes, gs, &mut tx.tm);
                }
                Operand::Number(v) if op == b"TJ" => {
                    let dx = -v / 1000.0 * gs.size * gs.hscale;
                    tx.tm = Matrix::translate(dx, 0.0).then(&tx.tm);
                }
                _ => {}
            }
        }
    }

    fn do_xobject(
        &mut self,
        resources: Option<&Dictionary>,
        name: &[u8],
        gs: &GState,
        depth: usize,
    ) {
        if depth >= self.limits.max_form_depth {
            self.cut(format!(
                "Form XObjects nested more than {} deep (a form that draws itself?)",
                self.limits.max_form_depth
            ));
            return;
        }
        let doc = self.doc;
        let entry = resources
            .and_then(|r| sub_dict(doc, r, b"XObject"))
            .and_then(|x| x.get(name).ok());
        if let Some(Object::Reference(id)) = entry {
            if let Err(e) = doc.get_object(*id) {
                self.out.problems.push(format!(
                    "XObject /{}: object {} {} is unreadable ({e})",
                    String::from_utf8_lossy(name),
                    id.0,
                    id.1
                ));
                return;
            }
        }
        let Some(stream) = entry
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_stream().ok())
        else {
            return;
        };
        if stream.dict.get(b"Subtype").and_then(|o| o.as_name()).ok() != Some(b"Form") {
            return;
        }
        let content = match crate::stream::decode(stream, self.limits.max_form_content) {
            Ok(c) => c,
            Err(crate::stream::DecodeError::TooLarge(_)) => {
                self.cut(format!(
                    "a Form XObject inflates beyond {} MiB (a decompression bomb?)",
                    self.limits.max_form_content >> 20
                ));
                return;
            }
            Err(e) => {
                self.out
                    .problems
                    .push(format!("a Form XObject's content has {e}"));
                return;
            }
        };
        self.form_bytes += content.len();
        if self.form_bytes > self.limits.max_form_bytes_per_page {
            self.cut(format!(
                "Form XObjects inflate to more than {} MiB on the page",
                self.limits.max_form_bytes_per_page >> 20
            ));
            return;
        }
        let mut g = gs.clone();
        if let Ok(Object::Array(m)) = stream.dict.get(b"Matrix").map(|o| deref(doc, o)) {
            if m.len() == 6 {
                let v = numbers(doc, m);
                g.ctm = Matrix([v[0], v[1], v[2], v[3], v[4], v[5]]).then(&g.ctm);
            }
        }
        let res = sub_dict(doc, &stream.dict, b"Resources").or(resources);
        self.run(&content, res, g, depth + 1);
    }

    fn show(&mut self, font: &Rc<Font>, bytes: &[u8], gs: &GState, tm: &mut Matrix) {
        let fs = gs.size;
        let th = gs.hscale;
        let base = Matrix([fs * th, 0.0, 0.0, fs, 0.0, gs.rise]);
        let clip = gs.clip;
        let font_idx = gs.font_idx;
        // glyph advances only translate the text matrix, so the rendered size is the same for
        // every glyph of the string
        let size = fs * trm_scale(&base, tm, &gs.ctm);
        let advance = {
            let m = base.then(tm).then(&gs.ctm);
            (m.0[0], m.0[1])
        };
        let mut glyphs = std::mem::take(&mut self.out.glyphs);
        let shown_before = glyphs.len();
        let mut pending_space = false;
        let mut undecoded = 0usize;
        font.decode(bytes, |c| {
            let trm = base.then(tm).then(&gs.ctm);
            let w = c.width;
            // glyph box in text space: advance × (descent .. ascent)
            let p0 = trm.apply(0.0, -0.2);
            let p1 = trm.apply(w.max(0.05), 0.8);
            let (x0, x1) = (p0.0.min(p1.0), p0.0.max(p1.0));
            let (y0, y1) = (p0.1.min(p1.1), p0.1.max(p1.1));
            let visible = shown(x0, x1, clip.0, clip.2) && shown(y0, y1, clip.1, clip.3);
            let text = c.text;
            if visible && text.contains('\u{FFFD}') {
                undecoded += 1;
            }
            let blank = text.chars().all(|ch| ch.is_whitespace() || ch.is_control());
            if blank && !text.is_empty() {
                pending_space = true;
            }
            if visible && !blank {
                let mut chars = text.chars().filter(|ch| !ch.is_control()).peekable();
                let count = text.chars().filter(|ch| !ch.is_control()).count().max(1);
                let step = (x1 - x0) / count as f64;
                let mut i = 0;
                while let Some(ch) = chars.next() {
                    let gx0 = x0 + step * i as f64;
                    glyphs.push(Glyph {
                        text: compact_str::CompactString::new(ch.encode_utf8(&mut [0u8; 4])),
                        x0: gx0,
                        y0,
                        x1: if chars.peek().is_some() {
                            gx0 + step
                        } else {
                            x1
                        },
                        y1,
                        size,
                        font: font_idx,
                        space_before: std::mem::take(&mut pending_space),
                        advance,
                    });
                    i += 1;
                }
            }
            let tx =
                (w * fs + gs.char_spacing + if c.is_space { gs.word_spacing } else { 0.0 }) * th;
            *tm = Matrix::translate(tx, 0.0).then(tm);
        });
        if font.read_by_shape && glyphs.len() > shown_before {
            self.out.read_by_shape = true;
        }
        self.out.glyphs = glyphs;
        if undecoded > 0 {
            match self.out.undecoded.iter_mut().find(|(n, _)| *n == font.name) {
                Some((_, k)) => *k += undecoded,
                None => self.out.undecoded.push((font.name.clone(), undecoded)),
            }
        }
    }
}

fn trm_scale(base: &Matrix, tm: &Matrix, ctm: &Matrix) -> f64 {
    // effective vertical scale of the text rendering matrix per unit font size
    let m = Matrix([1.0, 0.0, 0.0, base.0[3].signum(), 0.0, 0.0])
        .then(tm)
        .then(ctm);
    let [_, _, c, d, _, _] = m.0;
    (c * c + d * d).sqrt()
}

/// The share of a glyph's box (on each axis) a clip must hold for the glyph to count as shown:
/// CJK punctuation inks only the left part of its box, and a producer that clips each line to its
/// ink (cairo) cuts the rest off; text printed outside the page (WPS 表格's overflowing cells) is
/// held not at all.
const MIN_SHOWN_SHARE: f64 = 0.25;

/// How far outside a clip a glyph may reach and still be inside it (points).
const CLIP_TOLERANCE: f64 = 1.0;

/// Whether the clip `c0..c1` holds enough of the glyph extent `lo..hi` on one axis.
fn shown(lo: f64, hi: f64, c0: f64, c1: f64) -> bool {
    hi.min(c1 + CLIP_TOLERANCE) - lo.max(c0 - CLIP_TOLERANCE) >= MIN_SHOWN_SHARE * (hi - lo)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_order() {
        // WPS: flip the page, then a scaled, flipped text matrix: text comes out upright
        let ctm = Matrix([1.0, 0.0, 0.0, -1.0, 0.0, 595.0]);
        let tm = Matrix([0.05, 0.0, 0.0, -0.05, 100.0, 100.0]);
        let base = Matrix([240.0, 0.0, 0.0, 240.0, 0.0, 0.0]);
        let trm = base.then(&tm).then(&ctm);
        let (x, y) = trm.apply(0.0, 0.0);
        assert!((x - 100.0).abs() < 1e-9 && (y - 495.0).abs() < 1e-9);
        assert!(trm.0[3] > 0.0, "upright after two flips");
        // a 240-unit TD step in the scaled text space moves 12 points on the page
        let tm2 = Matrix::translate(240.0, 0.0).then(&tm);
        let (x2, _) = base.then(&tm2).then(&ctm).apply(0.0, 0.0);
        assert!((x2 - 112.0).abs() < 1e-9);
    }
}
