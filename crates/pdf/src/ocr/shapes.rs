//! Glyphs read by their shapes. An embedded TrueType font without ToUnicode and without a `cmap`
//! of its own (a subset left by a PDF optimiser or a printer driver: glyphs known by number
//! only) carries no text, but its outlines still show what each glyph is. Each glyph is drawn
//! once, large and clean, in lines of a few glyphs set as text is set, and tesseract reads the
//! lines (`chi_sim`): a line read with as many characters as it has glyphs gives each glyph its
//! character. The glyphs of the other lines are read again: a half-width one between two copies
//! of a digit already read (a `,` or `.` alone is read as nothing), a full-width one alone. Where
//! `eng` is installed, the half-width glyphs are read once more with it, and an ASCII character
//! read there wins (`chi_sim` reads a clean `0123456789` as `0123430789`). A glyph still read as
//! anything but one character stays unknown. Only the characters are read this way: where each
//! glyph stands and how wide it is still come from the text layer, exactly, and so do the
//! amounts' digits once read.
//!
//! Off unless OCR is on (`YJS_OCR=1`), like the rest of OCR; a page showing such glyphs counts
//! as read by OCR, so its findings are not taken as confirmed.

use super::raster::Gray;
use super::{has_language, tesseract, words, Engine, LANGUAGE, LATIN, PSM_BLOCK};
use ab_glyph_rasterizer::{point, Point, Rasterizer};
use rustc_hash::FxHashMap as HashMap;
use std::path::Path;
use ttf_parser::{Face, GlyphId, OutlineBuilder};

/// A glyph's em in pixels: 12 points at [`SHEET_DPI`], the size tesseract reads best.
const EM_PX: f32 = 48.0;

/// The resolution tesseract is told for the sheets of glyphs (ppi).
const SHEET_DPI: u32 = 288;

/// Glyphs set on one line of the first reading: enough for the line to read as text, few enough
/// that one misread costs little.
const GLYPHS_A_LINE: usize = 10;

/// A font of more glyphs with outlines than this is a whole font embedded, not a subset: too
/// many to read.
const MAX_GLYPHS: usize = 4000;

/// Space between two glyphs of a line (ems): a little more than text has, so that tesseract
/// keeps them apart without taking them for words.
const GLYPH_GAP_EM: f32 = 0.15;

/// The narrowest a glyph is set (ems): a zero or tiny advance would stack glyphs.
const MIN_ADVANCE_EM: f32 = 0.5;

/// White space between the lines of a sheet (ems): lines set apart read as lines.
const LINE_GAP_EM: f32 = 1.0;

/// A glyph's height on its line (ems): ascent 1.0 above the baseline, descent 0.25 below.
const LINE_HEIGHT_EM: f32 = 1.25;

/// The baseline's depth below a line's top (ems).
const BASELINE_EM: f32 = 1.0;

/// White margin around a sheet (pixels).
const MARGIN_PX: usize = 32;

/// Can glyphs be read by their shapes here: is OCR on, with tesseract and `chi_sim` installed?
pub(crate) fn available() -> bool {
    tesseract().is_some()
}

/// The text of each glyph id of the TrueType program `data`, read from the glyphs' shapes; empty
/// when OCR is off, the program does not parse or holds too many glyphs, or tesseract fails.
pub(crate) fn glyph_text(data: &[u8]) -> HashMap<u16, char> {
    let mut text = HashMap::default();
    let Some(bin) = tesseract() else {
        return text;
    };
    let Ok(face) = Face::parse(data, 0) else {
        return text;
    };
    // (a subset keeps the whole font's glyph ids, those it leaves out without an outline)
    let mut drawn: Vec<Drawn> = Vec::new();
    for g in 1..face.number_of_glyphs() {
        match face.glyph_bounding_box(GlyphId(g)) {
            Some(_) if drawn.len() == MAX_GLYPHS => return HashMap::default(),
            Some(_) => drawn.extend(draw(&face, g)),
            // a glyph that draws nothing but advances is a space (the glyphs a subset leaves
            // out are among them, but no text shows them)
            None if face.glyph_hor_advance(GlyphId(g)).is_some_and(|a| a > 0) => {
                text.insert(g, ' ');
            }
            None => {}
        }
    }
    let Ok(dir) = tempfile::tempdir() else {
        return text;
    };
    let reader = |language| Reader {
        engine: Engine {
            bin,
            dpi: SHEET_DPI,
            language,
        },
        dir: dir.path(),
    };
    let all: Vec<&Drawn> = drawn.iter().collect();
    text.extend(read_glyphs(&reader(LANGUAGE), &all));
    // half-width glyphs (digits, Latin letters, ASCII punctuation) read again as Latin text,
    // where its language data is installed: `chi_sim` reads a clean `0123456789` as
    // `0123430789`; an ASCII character read there wins
    if has_language(LATIN) {
        let narrow: Vec<&Drawn> = drawn.iter().filter(|d| !is_full_width(d)).collect();
        for (gid, c) in read_glyphs(&reader(LATIN), &narrow) {
            if c.is_ascii_graphic() {
                text.insert(gid, c);
            }
        }
    }
    text
}

/// Each of `glyphs` read on lines of [`GLYPHS_A_LINE`], and those of the lines not read with a
/// character a glyph read again: half-width ones between two copies of a digit read, the others
/// alone.
fn read_glyphs(reader: &Reader, glyphs: &[&Drawn]) -> HashMap<u16, char> {
    let mut text = read_sheet(reader, "lines", glyphs, GLYPHS_A_LINE);
    let rest: Vec<&Drawn> = glyphs
        .iter()
        .copied()
        .filter(|d| !text.contains_key(&d.gid))
        .collect();
    // half-width glyphs between two copies of a digit already read, the others alone
    let anchor = glyphs
        .iter()
        .copied()
        .find_map(|d| Some((d, *text.get(&d.gid)?)).filter(|(_, c)| ANCHORS.contains(*c)));
    let (narrow, wide): (Vec<&Drawn>, Vec<&Drawn>) = rest
        .into_iter()
        .partition(|d| anchor.is_some() && !is_full_width(d));
    if let Some(anchor) = anchor {
        text.extend(read_between(reader, &narrow, anchor));
    }
    text.extend(read_sheet(reader, "alone", &wide, 1));
    text
}

/// Digits that read alike in every font and context, to set a small glyph between.
const ANCHORS: &str = "1234789";

/// tesseract reading sheets of glyphs in one language, the sheets written in `dir`.
struct Reader<'a> {
    engine: Engine<'a>,
    dir: &'a Path,
}

/// Is glyph `d` of full width (a CJK character or full-width punctuation)?
fn is_full_width(d: &Drawn) -> bool {
    d.w as f32 >= EM_PX * FULL_WIDTH_EM
}

/// One glyph drawn: its coverage (0 blank … 255 ink), `w` × `h` pixels, the baseline at
/// [`BASELINE_EM`].
struct Drawn {
    gid: u16,
    w: usize,
    h: usize,
    ink: Vec<u8>,
}

/// Glyph `gid` of `face` drawn at [`EM_PX`]; None for a glyph without an outline (a space).
fn draw(face: &Face, gid: u16) -> Option<Drawn> {
    let scale = EM_PX / f32::from(face.units_per_em().max(1));
    let advance = f32::from(face.glyph_hor_advance(GlyphId(gid)).unwrap_or(0)) * scale;
    let w = advance.max(EM_PX * MIN_ADVANCE_EM).ceil() as usize;
    let h = (EM_PX * LINE_HEIGHT_EM).ceil() as usize;
    let mut pen = Pen {
        r: Rasterizer::new(w, h),
        scale,
        baseline: EM_PX * BASELINE_EM,
        start: point(0.0, 0.0),
        at: point(0.0, 0.0),
    };
    face.outline_glyph(GlyphId(gid), &mut pen)?;
    let mut ink = vec![0u8; w * h];
    pen.r.for_each_pixel(|i, c| {
        if let Some(p) = ink.get_mut(i) {
            *p = (c.clamp(0.0, 1.0) * 255.0) as u8;
        }
    });
    Some(Drawn { gid, w, h, ink })
}

/// Draws an outline into a rasterizer, from font units (y up) to pixels (y down).
struct Pen {
    r: Rasterizer,
    scale: f32,
    baseline: f32,
    start: Point,
    at: Point,
}

impl Pen {
    fn px(&self, x: f32, y: f32) -> Point {
        point(x * self.scale, self.baseline - y * self.scale)
    }
}

impl OutlineBuilder for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.start = self.px(x, y);
        self.at = self.start;
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let p = self.px(x, y);
        self.r.draw_line(self.at, p);
        self.at = p;
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (c, p) = (self.px(x1, y1), self.px(x, y));
        self.r.draw_quad(self.at, c, p);
        self.at = p;
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (c1, c2, p) = (self.px(x1, y1), self.px(x2, y2), self.px(x, y));
        self.r.draw_cubic(self.at, c1, c2, p);
        self.at = p;
    }
    fn close(&mut self) {
        if self.at != self.start {
            self.r.draw_line(self.at, self.start);
        }
        self.at = self.start;
    }
}

/// Sets `glyphs` on a sheet, `per_line` a line, has tesseract read it and gives each glyph of a
/// line read with exactly as many characters as it has glyphs its character.
fn read_sheet(
    reader: &Reader,
    name: &str,
    glyphs: &[&Drawn],
    per_line: usize,
) -> HashMap<u16, char> {
    let lines: Vec<Vec<&Drawn>> = glyphs.chunks(per_line.max(1)).map(<[_]>::to_vec).collect();
    let mut text = HashMap::default();
    for (line, read) in lines.iter().zip(read_lines(reader, name, &lines)) {
        if read.len() == line.len() {
            for (d, c) in line.iter().zip(read) {
                text.insert(d.gid, full_width_as_drawn(c, d));
            }
        }
    }
    text
}

/// Each of `glyphs` read between two copies of glyph `anchor`, whose character `known` is
/// known (`1 , 1`): a small glyph alone (`,` `.` `-`) is read as nothing, and `0` alone as the
/// letter `O`. A glyph gets the middle character of a line read as three whose ends are
/// `known`.
fn read_between(
    reader: &Reader,
    glyphs: &[&Drawn],
    (anchor, known): (&Drawn, char),
) -> HashMap<u16, char> {
    let lines: Vec<Vec<&Drawn>> = glyphs.iter().map(|d| vec![anchor, *d, anchor]).collect();
    let mut text = HashMap::default();
    for (line, read) in lines.iter().zip(read_lines(reader, "between", &lines)) {
        if let [a, c, b] = read[..] {
            if a == known && b == known {
                text.insert(line[1].gid, full_width_as_drawn(c, line[1]));
            }
        }
    }
    text
}

/// The characters tesseract reads on each of `lines` of glyphs set on one sheet (written as
/// `name`), whitespace left out; empty for a line it reads nothing on, all empty when it fails.
fn read_lines(reader: &Reader, name: &str, lines: &[Vec<&Drawn>]) -> Vec<Vec<char>> {
    let mut out = vec![Vec::new(); lines.len()];
    if lines.is_empty() {
        return out;
    }
    let path = &reader
        .dir
        .join(format!("{}-{name}.pgm", reader.engine.language));
    let sheet = set_lines(lines);
    if std::fs::write(path, sheet.to_pgm()).is_err() {
        return out;
    }
    let Some(tsv) = reader.engine.tsv(path, PSM_BLOCK) else {
        return out;
    };
    for (k, read) in lines_read(&tsv) {
        if let Some(slot) = out.get_mut(k) {
            slot.extend(read.chars().filter(|c| !c.is_whitespace()));
        }
    }
    out
}

/// A glyph at least this wide (ems) is a full-width character.
const FULL_WIDTH_EM: f32 = 0.9;

/// The offset from an ASCII character to its full-width form (`(` U+0028 → `（` U+FF08).
const FULL_WIDTH_OFFSET: u32 = 0xFEE0;

/// `c` as read, or its full-width form where tesseract read ASCII punctuation for a glyph of
/// full width (`(` for `（`: the two look alike, the glyph's width tells them apart).
fn full_width_as_drawn(c: char, d: &Drawn) -> char {
    if c.is_ascii_punctuation() && is_full_width(d) {
        char::from_u32(c as u32 + FULL_WIDTH_OFFSET).unwrap_or(c)
    } else {
        c
    }
}

/// The pitch of a sheet's lines (pixels).
fn line_pitch() -> f64 {
    f64::from(EM_PX * (LINE_HEIGHT_EM + LINE_GAP_EM))
}

/// A sheet of `lines` of glyphs, black on white, each glyph after the one before with a gap of
/// [`GLYPH_GAP_EM`].
fn set_lines(lines: &[Vec<&Drawn>]) -> Gray {
    let gap = (EM_PX * GLYPH_GAP_EM).ceil() as usize;
    let widest = lines
        .iter()
        .map(|l| l.iter().map(|d| d.w + gap).sum::<usize>())
        .max()
        .unwrap_or(0);
    let pitch = line_pitch() as usize;
    let (w, h) = (widest + 2 * MARGIN_PX, lines.len() * pitch + 2 * MARGIN_PX);
    let mut px = vec![255u8; w * h];
    for (k, line) in lines.iter().enumerate() {
        let top = MARGIN_PX + k * pitch;
        let mut left = MARGIN_PX;
        for d in line.iter() {
            for y in 0..d.h {
                for x in 0..d.w {
                    let ink = d.ink[y * d.w + x];
                    px[(top + y) * w + left + x] = 255 - ink;
                }
            }
            left += d.w + gap;
        }
    }
    Gray { w, h, px }
}

/// The text tesseract read on each line of a sheet, by the line's index (its words joined in
/// reading order).
fn lines_read(tsv: &str) -> Vec<(usize, String)> {
    let mut out: Vec<((u32, u32, u32), usize, String)> = Vec::new();
    for w in words(tsv) {
        let cy = (w.bbox.1 + w.bbox.3) / 2.0;
        let k = ((cy - MARGIN_PX as f64) / line_pitch()).floor().max(0.0) as usize;
        match out.iter_mut().find(|(line, _, _)| *line == w.line) {
            Some((_, _, t)) => t.push_str(&w.text),
            None => out.push((w.line, k, w.text)),
        }
    }
    out.into_iter().map(|(_, k, t)| (k, t)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_read_with_a_character_a_glyph_names_each_glyph() {
        // (the TSV tesseract writes for a sheet of two lines: the first read whole, the second
        // with one character too many)
        let row = |line: u32, top: f64, text: &str| {
            format!("5\t1\t1\t1\t{line}\t1\t40\t{top}\t60\t40\t95.0\t{text}")
        };
        let pitch = line_pitch();
        let tsv = [
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext".to_string(),
            row(1, MARGIN_PX as f64 + 5.0, "一般"),
            row(2, MARGIN_PX as f64 + pitch + 5.0, "支出了"),
        ]
        .join("\n");
        let read = lines_read(&tsv);
        assert_eq!(
            read,
            vec![(0, "一般".to_string()), (1, "支出了".to_string())]
        );
    }

    #[test]
    fn ascii_punctuation_read_for_a_full_width_glyph_is_full_width() {
        let drawn = |w: f32| Drawn {
            gid: 1,
            w: w.ceil() as usize,
            h: 1,
            ink: vec![0; w.ceil() as usize],
        };
        assert_eq!(full_width_as_drawn('(', &drawn(EM_PX)), '（');
        assert_eq!(full_width_as_drawn(':', &drawn(EM_PX)), '：');
        assert_eq!(full_width_as_drawn('(', &drawn(EM_PX / 2.0)), '(');
        assert_eq!(full_width_as_drawn('1', &drawn(EM_PX)), '1');
        assert_eq!(full_width_as_drawn('支', &drawn(EM_PX)), '支');
    }

    #[test]
    fn glyphs_are_set_apart_on_their_lines() {
        let glyph = |gid: u16| Drawn {
            gid,
            w: 4,
            h: 3,
            ink: vec![255; 12],
        };
        let (a, b, c) = (glyph(1), glyph(2), glyph(3));
        let lines: Vec<Vec<&Drawn>> = vec![vec![&a, &b], vec![&c]];
        let sheet = set_lines(&lines);
        let gap = (EM_PX * GLYPH_GAP_EM).ceil() as usize;
        assert_eq!(sheet.w, 2 * (4 + gap) + 2 * MARGIN_PX);
        assert_eq!(sheet.h, 2 * line_pitch() as usize + 2 * MARGIN_PX);
        // the first glyph's ink, the gap after it, the second glyph's ink
        let row = MARGIN_PX * sheet.w;
        assert_eq!(sheet.px[row + MARGIN_PX], 0);
        assert_eq!(sheet.px[row + MARGIN_PX + 4], 255);
        assert_eq!(sheet.px[row + MARGIN_PX + 4 + gap], 0);
    }
}
