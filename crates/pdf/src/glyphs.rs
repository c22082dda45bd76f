//! The text of glyphs of an embedded font that has no ToUnicode map: the font program's own
//! `cmap` (Unicode → glyph id), reversed with `ttf-parser`, and a CIDFont's `/CIDToGIDMap`
//! (CID → glyph id); a bare CFF program's glyph names (its charset) and encoding. A glyph that
//! several code points share reads as the first of them in the font's own order, with Kangxi
//! and CJK compatibility forms unified.

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

/// The Unicode text of each glyph id of the bare CFF program `data` (a `/FontFile3` of subtype
/// `Type1C`, or a name-keyed `CIDFontType0C`), read from its glyph names (`uni957F`, `one`);
/// a glyph whose name says nothing (`g12`, `cid1234`) is left out. Empty for a CID-keyed program
/// (its glyphs have no names) or one that does not parse.
pub(crate) fn cff_glyph_text(data: &[u8]) -> HashMap<u16, char> {
    let Some(cff) = ttf_parser::cff::Table::parse(data) else {
        return HashMap::default();
    };
    (0..cff.number_of_glyphs())
        .filter_map(|g| {
            let name = cff.glyph_name(ttf_parser::GlyphId(g))?;
            let c = crate::font::glyph_name_to_char(name.as_bytes())?;
            (!is_private_use(c)).then(|| (g, crate::unihan::unify(c)))
        })
        .collect()
}

/// The built-in encoding of the bare CFF program `data` of a simple font: each code's glyph
/// read by its name, U+FFFD where the name says nothing (its text is unknown, never a guess).
/// `None` for a program that does not parse or is CID-keyed.
pub(crate) fn cff_encoding(data: &[u8]) -> Option<[Option<char>; 256]> {
    let cff = ttf_parser::cff::Table::parse(data)?;
    // (a CID-keyed program has no encoding: no code finds a glyph)
    cff.glyph_name(ttf_parser::GlyphId(0))?;
    let mut table: [Option<char>; 256] = [None; 256];
    for (code, slot) in table.iter_mut().enumerate() {
        let Some(g) = cff.glyph_index(code as u8).filter(|g| g.0 != 0) else {
            continue;
        };
        let name = cff.glyph_name(g).unwrap_or_default();
        *slot = Some(crate::font::glyph_name_to_char(name.as_bytes()).unwrap_or('\u{FFFD}'));
    }
    Some(table)
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
        assert!(cff_glyph_text(b"not a font").is_empty());
        assert!(cff_encoding(&[1, 0, 4, 4]).is_none());
    }

    /// `tests/data/named.cff`: glyphs .notdef, uni957F, uni6C99, g9, zero … nine, period.
    const NAMED_CFF: &[u8] = include_bytes!("../tests/data/named.cff");

    #[test]
    fn a_cff_program_reads_its_glyphs_by_name() {
        let t = cff_glyph_text(NAMED_CFF);
        assert_eq!(t.get(&1), Some(&'长'));
        assert_eq!(t.get(&2), Some(&'沙'));
        assert_eq!(t.get(&3), None, "g9 names no character");
        assert_eq!(t.get(&5), Some(&'1'));
        assert_eq!(t.get(&14), Some(&'.'));
    }

    #[test]
    fn a_cff_encoding_maps_codes_to_named_glyphs() {
        let e = cff_encoding(NAMED_CFF).expect("an encoding");
        assert_eq!(e[usize::from(b'A')], Some('长'));
        assert_eq!(
            e[usize::from(b'C')],
            Some('\u{FFFD}'),
            "g9: unknown, not a guess"
        );
        assert_eq!(e[usize::from(b'7')], Some('7'));
        assert_eq!(e[usize::from(b'Z')], None);
    }
}
