//! The text of glyphs of an embedded font that has no ToUnicode map: the font program's own
//! `cmap` (Unicode → glyph id), reversed with `ttf-parser`, and a CIDFont's `/CIDToGIDMap`
//! (CID → glyph id). A glyph that several code points share reads as the first of them in the
//! font's own order, with Kangxi and CJK compatibility forms unified.

use rustc_hash::FxHashMap as HashMap;

/// The Unicode text of each glyph id of the TrueType / OpenType program `data` (empty when it
/// does not parse or has no Unicode `cmap`).
pub(crate) fn glyph_text(data: &[u8]) -> HashMap<u16, char> {
    let mut out = HashMap::default();
    let Ok(face) = ttf_parser::Face::parse(data, 0) else {
        return out;
    };
    let Some(cmap) = face.tables().cmap else {
        return out;
    };
    for sub in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
        sub.codepoints(|cp| {
            let (Some(c), Some(g)) = (char::from_u32(cp), sub.glyph_index(cp)) else {
                return;
            };
            // (a glyph drawn for no character, and private-use code points, say nothing)
            if g.0 != 0 && !is_private_use(c) {
                out.entry(g.0).or_insert_with(|| crate::unihan::unify(c));
            }
        });
    }
    out
}

fn is_private_use(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF)
}

/// A CIDFont's `/CIDToGIDMap` stream: two bytes of glyph id per CID, CID 0 first.
pub(crate) fn cid_to_gid(stream: &[u8]) -> Vec<u16> {
    stream
        .chunks_exact(2)
        .map(|p| u16::from_be_bytes([p[0], p[1]]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cid_to_gid_map_is_two_bytes_a_cid() {
        assert_eq!(cid_to_gid(&[0, 0, 0, 5, 1, 2, 9]), vec![0, 5, 258]);
    }

    #[test]
    fn a_font_program_that_does_not_parse_has_no_glyph_text() {
        assert!(glyph_text(b"not a font").is_empty());
        assert!(glyph_text(&[]).is_empty());
    }
}
