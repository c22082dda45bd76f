//! The document model's JSON, written directly: the same bytes as `serde_json::to_writer` of the
//! model's `Serialize` implementations (compact, fields in declaration order, coordinates rounded
//! by [`crate::coord`]), without the generic serializer's per-value dispatch and the shortest-digit
//! search of every coordinate. A coordinate rounded to a hundredth is an integer number of
//! hundredths, so its digits are those of that integer.
//!
//! Invariant: [`write_document`] and `serde_json::to_writer(out, doc)` write the same bytes for
//! every document (checked by this module's tests over random documents).

use crate::{BBox, Block, Cell, Document, Grid, Page, Paragraph, TextLine};

/// Hundredths below which a rounded coordinate is written from its integer digits (far beyond
/// any page; larger or odd values go through `serde_json`).
const FAST_LIMIT: f64 = 1e12;

/// Appends `doc` as JSON to `out`.
pub fn write_document(doc: &Document, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"format\":\"");
    out.extend_from_slice(doc.format.as_str().as_bytes());
    out.extend_from_slice(b"\",\"info\":[");
    for (i, (k, v)) in doc.info.iter().enumerate() {
        comma(out, i);
        out.push(b'[');
        string(out, k);
        out.push(b',');
        string(out, v);
        out.push(b']');
    }
    out.extend_from_slice(b"],\"pages\":[");
    for (i, p) in doc.pages.iter().enumerate() {
        comma(out, i);
        page(out, p);
    }
    out.push(b']');
    if !doc.damaged.is_empty() {
        out.extend_from_slice(b",\"damaged\":[");
        for (i, d) in doc.damaged.iter().enumerate() {
            comma(out, i);
            string(out, d);
        }
        out.push(b']');
    }
    if !doc.undecoded.is_empty() {
        out.extend_from_slice(b",\"undecoded\":[");
        for (i, u) in doc.undecoded.iter().enumerate() {
            comma(out, i);
            out.extend_from_slice(b"{\"page\":");
            uint(out, u.page as usize);
            out.extend_from_slice(b",\"fonts\":[");
            for (k, f) in u.fonts.iter().enumerate() {
                comma(out, k);
                string(out, f);
            }
            out.extend_from_slice(b"],\"glyphs\":");
            uint(out, u.glyphs);
            out.push(b'}');
        }
        out.push(b']');
    }
    if !doc.ocr.is_empty() {
        out.extend_from_slice(b",\"ocr\":[");
        for (i, p) in doc.ocr.iter().enumerate() {
            comma(out, i);
            uint(out, *p as usize);
        }
        out.push(b']');
    }
    out.push(b'}');
}

fn comma(out: &mut Vec<u8>, i: usize) {
    if i > 0 {
        out.push(b',');
    }
}

fn string(out: &mut Vec<u8>, s: &str) {
    // serde_json's escaping (quotes, backslash, control characters) for a plain string
    let _ = serde_json::to_writer(&mut *out, s);
}

fn uint(out: &mut Vec<u8>, n: usize) {
    let mut b = itoa::Buffer::new();
    out.extend_from_slice(b.format(n).as_bytes());
}

/// A coordinate as [`crate::coord::one`] serialises it: rounded to a hundredth.
fn coord(out: &mut Vec<u8>, v: f64) {
    let hundredths = (v * 100.0).round();
    let r = hundredths / 100.0;
    if hundredths.is_nan() || hundredths.abs() >= FAST_LIMIT {
        let _ = serde_json::to_writer(&mut *out, &r);
        return;
    }
    // `r` is the double nearest to hundredths / 100, whose shortest round-trip digits are
    // those of the decimal hundredths / 100 itself
    if r.is_sign_negative() {
        out.push(b'-');
    }
    let n = hundredths.abs() as u64;
    let mut b = itoa::Buffer::new();
    out.extend_from_slice(b.format(n / 100).as_bytes());
    out.push(b'.');
    let frac = (n % 100) as u8;
    out.push(b'0' + frac / 10);
    if !frac.is_multiple_of(10) {
        out.push(b'0' + frac % 10);
    }
}

fn coords(out: &mut Vec<u8>, v: &[f64]) {
    out.push(b'[');
    for (i, x) in v.iter().enumerate() {
        comma(out, i);
        coord(out, *x);
    }
    out.push(b']');
}

fn bbox(out: &mut Vec<u8>, b: &BBox) {
    out.extend_from_slice(b"{\"x0\":");
    coord(out, b.x0);
    out.extend_from_slice(b",\"y0\":");
    coord(out, b.y0);
    out.extend_from_slice(b",\"x1\":");
    coord(out, b.x1);
    out.extend_from_slice(b",\"y1\":");
    coord(out, b.y1);
    out.push(b'}');
}

fn page(out: &mut Vec<u8>, p: &Page) {
    out.extend_from_slice(b"{\"number\":");
    uint(out, p.number as usize);
    out.extend_from_slice(b",\"width\":");
    coord(out, p.width);
    out.extend_from_slice(b",\"height\":");
    coord(out, p.height);
    if p.turns != 0 {
        out.extend_from_slice(b",\"turns\":");
        uint(out, usize::from(p.turns));
    }
    out.extend_from_slice(b",\"blocks\":[");
    for (i, b) in p.blocks.iter().enumerate() {
        comma(out, i);
        match b {
            Block::Paragraph(par) => paragraph(out, par),
            Block::Grid(g) => grid(out, g),
        }
    }
    out.extend_from_slice(b"]}");
}

fn paragraph(out: &mut Vec<u8>, p: &Paragraph) {
    out.extend_from_slice(b"{\"type\":\"paragraph\",\"bbox\":");
    bbox(out, &p.bbox);
    out.extend_from_slice(b",\"lines\":[");
    for (i, l) in p.lines.iter().enumerate() {
        comma(out, i);
        line(out, l);
    }
    out.extend_from_slice(b"]}");
}

fn line(out: &mut Vec<u8>, l: &TextLine) {
    out.extend_from_slice(b"{\"text\":");
    string(out, &l.text);
    out.extend_from_slice(b",\"bbox\":");
    bbox(out, &l.bbox);
    out.extend_from_slice(b",\"font_size\":");
    match l.font_size {
        Some(s) => coord(out, s),
        None => out.extend_from_slice(b"null"),
    }
    if let Some(f) = &l.font {
        out.extend_from_slice(b",\"font\":");
        string(out, f);
    }
    out.push(b'}');
}

fn grid(out: &mut Vec<u8>, g: &Grid) {
    out.extend_from_slice(b"{\"type\":\"grid\",\"bbox\":");
    bbox(out, &g.bbox);
    out.extend_from_slice(b",\"rows\":");
    uint(out, g.rows);
    out.extend_from_slice(b",\"cols\":");
    uint(out, g.cols);
    out.extend_from_slice(b",\"col_edges\":");
    coords(out, &g.col_edges);
    out.extend_from_slice(b",\"row_edges\":");
    coords(out, &g.row_edges);
    out.extend_from_slice(b",\"cells\":[");
    for (i, c) in g.cells.iter().enumerate() {
        comma(out, i);
        cell(out, c);
    }
    out.extend_from_slice(b"],\"source\":\"");
    out.extend_from_slice(g.source.as_str().as_bytes());
    out.push(b'"');
    if !g.col_text.is_empty() {
        out.extend_from_slice(b",\"col_text\":[");
        for (i, (a, b)) in g.col_text.iter().enumerate() {
            comma(out, i);
            out.push(b'[');
            coord(out, *a);
            out.push(b',');
            coord(out, *b);
            out.push(b']');
        }
        out.push(b']');
    }
    out.push(b'}');
}

fn cell(out: &mut Vec<u8>, c: &Cell) {
    out.extend_from_slice(b"{\"row\":");
    uint(out, c.row);
    out.extend_from_slice(b",\"col\":");
    uint(out, c.col);
    out.extend_from_slice(b",\"row_span\":");
    uint(out, c.row_span);
    out.extend_from_slice(b",\"col_span\":");
    uint(out, c.col_span);
    out.extend_from_slice(b",\"bbox\":");
    bbox(out, &c.bbox);
    out.extend_from_slice(b",\"text\":");
    string(out, &c.text);
    out.push(b'}');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Format, GridSource};

    /// A small deterministic generator (xorshift), so the test needs no dependency.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
        /// Coordinates as the extractors compute them, and the odd ones: negative, halves of a
        /// hundredth, huge, not finite.
        fn coord(&mut self) -> f64 {
            match self.below(12) {
                0 => -(self.below(100_000) as f64) / 997.0,
                1 => (self.below(200_000) as f64 + 0.5) / 100.0,
                2 => -0.001,
                3 => [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e17, -3e15]
                    [self.below(5) as usize],
                4 => self.below(1000) as f64,
                5 => 9_999_999_999.995 + self.below(10) as f64 / 1000.0,
                _ => self.below(1 << 40) as f64 / (1u64 << 30) as f64,
            }
        }
        fn text(&mut self) -> String {
            let pool = [
                "合计",
                "基本支出",
                "a\"b",
                "back\\slash",
                "tab\tnl\n",
                "\u{1}\u{1f}\u{7f}",
                "",
                " 1,234.50 ",
                "é/</",
            ];
            (0..self.below(3))
                .map(|_| pool[self.below(pool.len() as u64) as usize])
                .collect()
        }
        fn bbox(&mut self) -> BBox {
            BBox {
                x0: self.coord(),
                y0: self.coord(),
                x1: self.coord(),
                y1: self.coord(),
            }
        }
    }

    fn document(rng: &mut Rng) -> Document {
        let pages = (0..rng.below(3))
            .map(|n| Page {
                number: n as u32 + 1,
                width: rng.coord(),
                height: rng.coord(),
                turns: 0,
                blocks: (0..rng.below(4))
                    .map(|_| {
                        if rng.below(2) == 0 {
                            Block::Paragraph(Paragraph {
                                bbox: rng.bbox(),
                                lines: (0..rng.below(3))
                                    .map(|_| TextLine {
                                        text: rng.text(),
                                        bbox: rng.bbox(),
                                        font_size: (rng.below(3) > 0).then(|| rng.coord()),
                                        font: (rng.below(2) == 0).then(|| rng.text()),
                                    })
                                    .collect(),
                            })
                        } else {
                            let cols = rng.below(3) as usize;
                            Block::Grid(Grid {
                                bbox: rng.bbox(),
                                rows: rng.below(5) as usize,
                                cols,
                                col_edges: (0..cols + 1).map(|_| rng.coord()).collect(),
                                row_edges: (0..rng.below(4)).map(|_| rng.coord()).collect(),
                                cells: (0..rng.below(4))
                                    .map(|_| Cell {
                                        row: rng.below(30) as usize,
                                        col: rng.below(12) as usize,
                                        row_span: 1 + rng.below(2) as usize,
                                        col_span: 1 + rng.below(3) as usize,
                                        bbox: rng.bbox(),
                                        text: rng.text(),
                                    })
                                    .collect(),
                                source: [
                                    GridSource::Rulings,
                                    GridSource::Alignment,
                                    GridSource::Native,
                                ][rng.below(3) as usize],
                                col_text: (0..rng.below(3))
                                    .map(|_| (rng.coord(), rng.coord()))
                                    .collect(),
                            })
                        }
                    })
                    .collect(),
            })
            .collect();
        Document {
            format: [Format::Pdf, Format::Docx, Format::Xlsx][rng.below(3) as usize],
            info: (0..rng.below(3))
                .map(|_| (rng.text(), rng.text()))
                .collect(),
            pages,
            damaged: (0..rng.below(2)).map(|_| rng.text()).collect(),
            undecoded: (0..rng.below(2))
                .map(|_| crate::Undecoded {
                    page: rng.below(50) as u32,
                    fonts: (0..rng.below(3)).map(|_| rng.text()).collect(),
                    glyphs: rng.below(500) as usize,
                })
                .collect(),
            ocr: (0..rng.below(3)).map(|_| rng.below(50) as u32).collect(),
            ocr_words: Vec::new(),
        }
    }

    #[test]
    fn written_json_is_byte_identical_to_serde_json() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..3000 {
            let doc = document(&mut rng);
            let mut fast = Vec::new();
            write_document(&doc, &mut fast);
            let serde = serde_json::to_vec(&doc).unwrap();
            assert_eq!(
                String::from_utf8_lossy(&fast),
                String::from_utf8_lossy(&serde)
            );
        }
    }

    #[test]
    fn coordinates_are_written_to_the_hundredth() {
        let show = |v: f64| {
            let mut out = Vec::new();
            coord(&mut out, v);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(show(595.0), "595.0");
        assert_eq!(show(12.345_01), "12.35");
        assert_eq!(show(0.1), "0.1");
        assert_eq!(show(-0.001), "-0.0");
        assert_eq!(show(-7.06), "-7.06");
        assert_eq!(show(f64::NAN), "null");
    }
}
