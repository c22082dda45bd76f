//! Marked content (`BMC` / `BDC` … `EMC`) whose property list gives an `/ActualText`: the text
//! the glyphs shown inside stand for. A producer whose font lacks a character may show a stand-in
//! glyph and give the character there (cairo writes every CJK character of a font it could not
//! embed as one glyph, `北`, with the true one as its actual text); tagged PDFs use it for
//! ligatures and symbols.

use super::{Glyph, Interpreter};
use crate::lexer::{Lexer, Operand};
use crate::object::{deref, sub_dict};
use lopdf::{Dictionary, Object};

/// An open marked-content sequence: its actual text, if it gives one, and the number of glyphs
/// shown before it began.
pub(super) struct Marked {
    actual: Option<String>,
    first_glyph: usize,
}

impl Interpreter<'_> {
    /// `BMC` / `BDC` (`begin`) or `EMC`: opens or closes a sequence on `open`; closing one with
    /// an actual text puts that text in place of the glyphs shown inside.
    pub(super) fn marked_op(
        &mut self,
        op: &[u8],
        lx: &Lexer<'_>,
        resources: Option<&Dictionary>,
        open: &mut Vec<Marked>,
    ) -> bool {
        match op {
            b"BMC" => open.push(Marked {
                actual: None,
                first_glyph: self.out.glyphs.len(),
            }),
            b"BDC" => {
                let actual = self.actual_text(lx, resources);
                open.push(Marked {
                    actual,
                    first_glyph: self.out.glyphs.len(),
                });
            }
            b"EMC" => {
                if let Some(Marked {
                    actual: Some(text),
                    first_glyph,
                }) = open.pop()
                {
                    self.replace_glyphs(first_glyph, &text);
                }
            }
            _ => return false,
        }
        true
    }

    /// The `/ActualText` of a `BDC`'s property list: inline, or named in the resources'
    /// `/Properties`.
    fn actual_text(&self, lx: &Lexer<'_>, resources: Option<&Dictionary>) -> Option<String> {
        let bytes = match lx.operands.last()? {
            Operand::Dict(s, e) => lx.dict_string(*s, *e, b"ActualText")?,
            Operand::Name(s, e) => {
                let props = sub_dict(self.doc, resources?, b"Properties")?;
                let list = deref(self.doc, props.get(lx.name(*s, *e)).ok()?);
                match deref(self.doc, list.as_dict().ok()?.get(b"ActualText").ok()?) {
                    Object::String(b, _) => b.clone(),
                    _ => return None,
                }
            }
            _ => return None,
        };
        Some(text_string(&bytes))
    }

    /// The glyphs shown from `first` on replaced by the characters of `text`, spread evenly over
    /// their box (none when nothing was shown: an actual text of nothing on the page).
    fn replace_glyphs(&mut self, first: usize, text: &str) {
        let glyphs = &mut self.out.glyphs;
        if first >= glyphs.len() {
            return;
        }
        let shown: Vec<Glyph> = glyphs.drain(first..).collect();
        let (x0, y0, x1, y1) = shown
            .iter()
            .fold((f64::MAX, f64::MAX, f64::MIN, f64::MIN), |b, g| {
                (b.0.min(g.x0), b.1.min(g.y0), b.2.max(g.x1), b.3.max(g.y1))
            });
        let chars: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
        let n = chars.iter().filter(|c| !c.is_whitespace()).count();
        if n == 0 {
            return;
        }
        let step = (x1 - x0) / n as f64;
        let (size, font, advance) = (shown[0].size, shown[0].font, shown[0].advance);
        let mut space = shown[0].space_before;
        let mut k = 0;
        for c in chars {
            if c.is_whitespace() {
                space = true;
                continue;
            }
            let gx = x0 + step * k as f64;
            glyphs.push(Glyph {
                text: compact_str::CompactString::new(c.encode_utf8(&mut [0u8; 4])),
                x0: gx,
                y0,
                x1: gx + step,
                y1,
                size,
                font,
                space_before: space,
                advance,
            });
            space = false;
            k += 1;
        }
    }
}

/// A PDF text string: UTF-16BE after its byte-order mark, UTF-8 after its own, else
/// PDFDocEncoding (read as Latin-1, which it matches for the characters that matter here).
fn text_string(b: &[u8]) -> String {
    if let Some(rest) = b.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = b.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    b.iter().map(|&c| c as char).collect()
}

#[cfg(test)]
mod tests {
    use super::text_string;

    #[test]
    fn text_strings_in_each_encoding() {
        assert_eq!(text_string(&[0xFE, 0xFF, 0x4E, 0xAC, 0x5E, 0x02]), "京市");
        assert_eq!(text_string(&[0xEF, 0xBB, 0xBF, 0xE5, 0x8C, 0x97]), "北");
        assert_eq!(text_string(b"fi"), "fi");
    }
}
