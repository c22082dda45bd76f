//! Fonts: splitting strings into character codes, codes into Unicode text, and glyph widths.
//!
//! Supported encodings: composite (Type0) fonts with 2-byte `Identity-H/V` and `UniGB-UCS2/UTF16`
//! CMaps, the 1–2-byte GBK CMaps (`GBK-EUC-H`, `GBKp-EUC-H`, `GBK2K-H`, `GB-EUC-H`) decoded with
//! `encoding_rs`, embedded CMaps (2-byte), and simple fonts (WinAnsi / MacRoman / Standard with
//! `/Differences`). A `/ToUnicode` CMap, where present, wins over every encoding.

use crate::object::{deref, dict_get, number, sub_dict};
use crate::predefined;
use lopdf::{Dictionary, Document, Object};
use rustc_hash::FxHashMap as HashMap;

/// Largest inflated ToUnicode CMap accepted (a decompression-bomb guard).
const MAX_CMAP: usize = 16 << 20;

/// How the bytes of a string split into character codes and what those codes mean.
#[derive(Debug, Clone)]
enum Coding {
    /// Two bytes per code; codes are CIDs (Identity) without a Unicode meaning of their own.
    Identity,
    /// Two bytes per code, the code is UCS-2 / UTF-16.
    Ucs2,
    /// GBK / GB2312 (EUC-CN): one byte below 0x80, else two.
    Gbk,
    /// One byte per code, mapped through a 256-entry table.
    Simple(Box<[Option<char>; 256]>),
    /// A predefined CMap (`UniGB-UCS2-H`, `GBK-EUC-H` …): codes of one to four bytes to CIDs;
    /// `unicode`: the codes are UTF-16 (the `Uni…` CMaps), so they are their own text.
    Predefined {
        cmap: std::sync::Arc<hayro_cmap::CMap>,
        unicode: bool,
    },
}

#[derive(Debug, Clone)]
pub struct Font {
    pub name: String,
    /// Why the font's codes cannot be trusted to map to the right text (a ToUnicode map that
    /// cannot be decoded), when they cannot.
    pub damage: Option<String>,
    coding: Coding,
    to_unicode: HashMap<u32, String>,
    /// The CID → Unicode map of the font's character collection (`Adobe-GB1-UCS2`), for the
    /// text of a composite font without ToUnicode whose CIDs are the collection's.
    cid_text: Option<std::sync::Arc<hayro_cmap::CMap>>,
    /// The text of each CID of an embedded TrueType CIDFont without ToUnicode, from the font
    /// program's own `cmap` ([`crate::glyphs`]).
    glyph_text: HashMap<u32, char>,
    /// The glyphs' text was read from their shapes by OCR ([`crate::ocr`]), not from the file.
    pub read_by_shape: bool,
    /// Widths by code (simple fonts) or by CID (composite fonts), in glyph space / 1000.
    widths: HashMap<u32, f64>,
    default_width: f64,
    /// Scale from glyph-space width units to text space (1/1000, or the Type3 font matrix).
    pub width_scale: f64,
}

/// One decoded character code.
pub struct Code<'t> {
    pub text: &'t str,
    /// Advance width in text space units of 1 font size (already scaled by `width_scale`).
    pub width: f64,
    /// The single-byte code 32, to which word spacing applies.
    pub is_space: bool,
}

impl Font {
    /// A font that is not in the resources: decode bytes as Latin-1 so nothing is lost silently.
    pub fn fallback() -> Font {
        Font {
            name: String::new(),
            damage: None,
            coding: Coding::Simple(Box::new(std::array::from_fn(|i| char::from_u32(i as u32)))),
            to_unicode: HashMap::default(),
            cid_text: None,
            glyph_text: HashMap::default(),
            read_by_shape: false,
            widths: HashMap::default(),
            default_width: 500.0,
            width_scale: 0.001,
        }
    }

    pub fn load(doc: &Document, d: &Dictionary) -> Font {
        let subtype = dict_get(doc, d, b"Subtype")
            .and_then(|o| o.as_name().ok())
            .unwrap_or(b"");
        let name = dict_get(doc, d, b"BaseFont")
            .and_then(|o| o.as_name().ok())
            .map(|n| {
                let s = String::from_utf8_lossy(n).into_owned();
                // strip the subset prefix "ABCDEF+"
                match s.find('+') {
                    Some(6) => s[7..].to_string(),
                    _ => s,
                }
            })
            .unwrap_or_default();
        let mut damage = None;
        let mut to_unicode = dict_get(doc, d, b"ToUnicode")
            .and_then(|o| o.as_stream().ok())
            .and_then(|s| match crate::stream::decode(s, MAX_CMAP) {
                Ok(b) => Some(b),
                Err(e) => {
                    damage = Some(format!("its ToUnicode map has {e}"));
                    None
                }
            })
            .map(|b| parse_cmap(&b))
            .unwrap_or_default();
        for v in to_unicode.values_mut() {
            if v.chars().any(|c| crate::unihan::unify(c) != c) {
                *v = v.chars().map(crate::unihan::unify).collect();
            }
        }
        let mut font = Font {
            name,
            damage,
            coding: Coding::Identity,
            to_unicode,
            cid_text: None,
            glyph_text: HashMap::default(),
            read_by_shape: false,
            widths: HashMap::default(),
            default_width: 1000.0,
            width_scale: 0.001,
        };
        if subtype == b"Type0" {
            font.load_type0(doc, d);
        } else {
            font.load_simple(doc, d, subtype == b"Type3");
        }
        font
    }

    /// The encoding and widths of a composite (Type 0) font: a CMap named by `Encoding` and the
    /// widths of its descendant CIDFont.
    fn load_type0(&mut self, doc: &Document, d: &Dictionary) {
        let enc = dict_get(doc, d, b"Encoding");
        self.coding = match enc {
            Some(Object::Name(n)) if !n.starts_with(b"Identity") => predefined_coding(n),
            _ => Coding::Identity,
        };
        let Some(desc) = dict_get(doc, d, b"DescendantFonts")
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
        else {
            return;
        };
        if let Some(dw) = dict_get(doc, desc, b"DW").and_then(number) {
            self.default_width = dw;
        }
        if let Some(Object::Array(w)) = dict_get(doc, desc, b"W") {
            parse_cid_widths(doc, w, &mut self.widths);
        }
        let mut named = false;
        if self.to_unicode.is_empty()
            && !matches!(self.coding, Coding::Predefined { unicode: true, .. })
        {
            self.glyph_text = embedded_glyph_text(doc, desc);
            if self.glyph_text.is_empty() {
                // a name-keyed CFF program: its CIDs are its glyph ids, read by their names
                self.glyph_text = cff_glyph_text(doc, desc);
                named = !self.glyph_text.is_empty();
            }
        }
        // (glyph names say more than a collection's map: a name-keyed program's CIDs are not
        // the collection's)
        if !named && collection_cids(doc, desc, &self.coding) {
            self.cid_text = dict_get(doc, desc, b"CIDSystemInfo")
                .and_then(|o| o.as_dict().ok())
                .and_then(|info| {
                    let s = |k: &[u8]| dict_get(doc, info, k).and_then(|o| o.as_str().ok());
                    predefined::cid_to_unicode(s(b"Registry")?, s(b"Ordering")?)
                });
        }
        // nothing says what the glyphs are: read them by their shapes (with OCR on)
        if self.to_unicode.is_empty()
            && self.glyph_text.is_empty()
            && self.cid_text.is_none()
            && matches!(self.coding, Coding::Identity)
            && crate::ocr::reads_shapes()
        {
            self.glyph_text = glyph_text_of(doc, desc, crate::ocr::glyph_text_by_shape);
            self.read_by_shape = !self.glyph_text.is_empty();
        }
    }
}

/// Largest embedded font program read for its `cmap` (a decompression-bomb guard).
const MAX_FONT_PROGRAM: usize = 32 << 20;

/// The text of each CID of the embedded TrueType CIDFont `desc`: its font program's `cmap`
/// reversed, through its `/CIDToGIDMap` (`/Identity` or absent: the CID is the glyph id).
fn embedded_glyph_text(doc: &Document, desc: &Dictionary) -> HashMap<u32, char> {
    glyph_text_of(doc, desc, crate::glyphs::glyph_text)
}

/// The text of each CID of the embedded TrueType CIDFont `desc`, its glyphs read by `read`
/// (glyph id → text) and its CIDs mapped to glyph ids through its `/CIDToGIDMap`.
fn glyph_text_of(
    doc: &Document,
    desc: &Dictionary,
    read: fn(&[u8]) -> HashMap<u16, char>,
) -> HashMap<u32, char> {
    let Some(program) = font_program(doc, desc, b"FontFile2") else {
        return HashMap::default();
    };
    let by_gid = read(&program);
    match dict_get(doc, desc, b"CIDToGIDMap").and_then(|o| o.as_stream().ok()) {
        Some(map) => {
            let gids = crate::stream::decode(map, MAX_FONT_PROGRAM)
                .map(|b| crate::glyphs::cid_to_gid(&b))
                .unwrap_or_default();
            gids.iter()
                .enumerate()
                .filter_map(|(cid, g)| Some((cid as u32, *by_gid.get(g)?)))
                .collect()
        }
        None => by_gid.into_iter().map(|(g, c)| (g as u32, c)).collect(),
    }
}

/// The text of each CID of the CIDFont `desc` whose embedded program is a name-keyed CFF
/// (`FontFile3`): its glyph names, the CID being the glyph id.
fn cff_glyph_text(doc: &Document, desc: &Dictionary) -> HashMap<u32, char> {
    font_program(doc, desc, b"FontFile3")
        .map(|p| crate::glyphs::cff_glyph_text(&p))
        .unwrap_or_default()
        .into_iter()
        .map(|(g, c)| (g as u32, c))
        .collect()
}

/// The embedded font program `key` (`FontFile`, `FontFile2`, `FontFile3`) of font `d`, inflated.
fn font_program(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<Vec<u8>> {
    let fd = sub_dict(doc, d, b"FontDescriptor")?;
    let stream = dict_get(doc, fd, key)?.as_stream().ok()?;
    crate::stream::decode(stream, MAX_FONT_PROGRAM).ok()
}

/// The coding of a Type 0 font whose `/Encoding` names the CMap `n`: the predefined CMap of
/// that name, else (a CMap this build does not know) what its name says.
fn predefined_coding(n: &[u8]) -> Coding {
    match predefined::named(n) {
        Some(cmap) => Coding::Predefined {
            cmap,
            unicode: unicode_codes(n),
        },
        None => legacy_coding(n),
    }
}

/// Does the CMap name `n` say its codes are UTF-16 (`UniGB-UCS2-H`, `UniJIS-UTF16-V`)?
fn unicode_codes(n: &[u8]) -> bool {
    let has = |w: &[u8]| n.windows(w.len()).any(|x| x == w);
    n.starts_with(b"Uni") && (has(b"UCS2") || has(b"UTF16"))
}

/// Do the CIDs of the CIDFont `desc` (under `coding`) number the glyphs of its character
/// collection? So with a predefined CMap, and with Identity for a font that is not embedded
/// or is CFF-based (`CIDFontType0`); an embedded TrueType font's CIDs are its glyph ids.
fn collection_cids(doc: &Document, desc: &Dictionary, coding: &Coding) -> bool {
    if matches!(coding, Coding::Predefined { .. }) {
        return true;
    }
    let cff =
        dict_get(doc, desc, b"Subtype").and_then(|o| o.as_name().ok()) == Some(b"CIDFontType0");
    let embedded = sub_dict(doc, desc, b"FontDescriptor").is_some_and(|fd| {
        [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
            .iter()
            .any(|k| fd.has(k))
    });
    cff || !embedded
}

/// The built-in encoding of the embedded Type 1 program of simple font `d` (its cleartext
/// `dup <code> /<glyph> put` entries, or a CFF program's encoding and charset), each glyph read
/// by its name; a glyph whose name gives no character (`cid1234`, `g12`) is U+FFFD: its text is
/// unknown, never a guess. `None` for a font without an embedded Type 1 or CFF program, or a
/// Type 1 program using `StandardEncoding`.
fn type1_builtin_encoding(doc: &Document, d: &Dictionary) -> Option<[Option<char>; 256]> {
    match font_program(doc, d, b"FontFile") {
        Some(program) => type1_encoding(&program),
        // a CFF program (`FontFile3` /Type1C): its encoding and charset
        None => crate::glyphs::cff_encoding(&font_program(doc, d, b"FontFile3")?),
    }
}

/// The encoding a Type 1 font program states in its cleartext part ([`type1_builtin_encoding`]).
fn type1_encoding(program: &[u8]) -> Option<[Option<char>; 256]> {
    // the encoding is in the cleartext part, before `eexec`
    let clear = match program.windows(5).position(|w| w == b"eexec") {
        Some(end) => &program[..end],
        None => program,
    };
    let text = String::from_utf8_lossy(clear);
    if text.contains("StandardEncoding") {
        return None;
    }
    let mut table: [Option<char>; 256] = [None; 256];
    let mut any = false;
    let words: Vec<&str> = text.split_whitespace().collect();
    for w in words.windows(4) {
        if let ["dup", code, name, "put"] = w {
            if let (Ok(c), Some(g)) = (code.parse::<usize>(), name.strip_prefix('/')) {
                if c < 256 && g != ".notdef" {
                    table[c] = Some(glyph_name_to_char(g.as_bytes()).unwrap_or('\u{FFFD}'));
                    any = true;
                }
            }
        }
    }
    any.then_some(table)
}

/// What the name of a CMap this build does not know says of its codes.
fn legacy_coding(n: &[u8]) -> Coding {
    if n.starts_with(b"GBK") || n.starts_with(b"GB-EUC") || n.starts_with(b"GBT-EUC") {
        Coding::Gbk
    } else if unicode_codes(n) {
        Coding::Ucs2
    } else {
        Coding::Identity
    }
}

impl Font {
    /// The encoding and widths of a simple font: WinAnsi with a base encoding and
    /// `Differences`, `Widths` from `FirstChar`, and for a Type 3 font (`type3`) the
    /// `FontMatrix` scale of its widths.
    fn load_simple(&mut self, doc: &Document, d: &Dictionary, type3: bool) {
        let mut table: [Option<char>; 256] = std::array::from_fn(|i| win_ansi(i as u8));
        // an embedded Type 1 program's own encoding, where no base encoding is named and no
        // ToUnicode map gives the text (the program is read only then)
        let no_map = self.to_unicode.is_empty();
        let builtin = || no_map.then(|| type1_builtin_encoding(doc, d)).flatten();
        match dict_get(doc, d, b"Encoding") {
            Some(Object::Name(n)) => apply_base_encoding(&mut table, n),
            None => {
                if let Some(b) = builtin() {
                    table = b;
                }
            }
            Some(Object::Dictionary(ed)) => {
                match dict_get(doc, ed, b"BaseEncoding") {
                    Some(Object::Name(n)) => apply_base_encoding(&mut table, n),
                    _ => {
                        if let Some(b) = builtin() {
                            table = b;
                        }
                    }
                }
                if let Some(Object::Array(diffs)) = dict_get(doc, ed, b"Differences") {
                    let mut code: i64 = 0;
                    for o in diffs {
                        match deref(doc, o) {
                            Object::Integer(i) => code = *i,
                            Object::Name(g) => {
                                if (0..256).contains(&code) {
                                    table[code as usize] = glyph_name_to_char(g);
                                }
                                code += 1;
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
        self.coding = Coding::Simple(Box::new(table));
        let first = dict_get(doc, d, b"FirstChar")
            .and_then(number)
            .unwrap_or(0.0) as u32;
        if let Some(Object::Array(ws)) = dict_get(doc, d, b"Widths") {
            for (i, w) in ws.iter().enumerate() {
                if let Some(w) = number(deref(doc, w)) {
                    self.widths.insert(first + i as u32, w);
                }
            }
        }
        self.default_width = dict_get(doc, d, b"FontDescriptor")
            .and_then(|o| o.as_dict().ok())
            .and_then(|fd| dict_get(doc, fd, b"MissingWidth"))
            .and_then(number)
            .filter(|w| *w > 0.0)
            .unwrap_or(500.0);
        if type3 {
            if let Some(Object::Array(m)) = dict_get(doc, d, b"FontMatrix") {
                if let Some(a) = m.first().and_then(number) {
                    self.width_scale = a;
                }
            }
        }
    }

    /// Splits `bytes` into codes and calls `f` for each with its text and width.
    pub fn decode(&self, bytes: &[u8], mut f: impl FnMut(Code<'_>)) {
        let mut i = 0;
        let mut buf = [0u8; 8];
        let mut owned = String::new();
        while i < bytes.len() {
            let (code, glyph, len) = self.next_code(&bytes[i..]);
            i += len;
            let text = self.text(code, glyph, len, &mut buf, &mut owned);
            f(Code {
                text,
                width: self.width(code, glyph, len) * self.width_scale,
                is_space: len == 1 && code == 32,
            });
        }
    }

    /// The first code of `bytes` (not empty): the code, the key of its glyph (its CID for a
    /// composite font, else the code) and its length in bytes.
    fn next_code(&self, bytes: &[u8]) -> (u32, u32, usize) {
        let pair = |b: &[u8]| (b[0] as u32) << 8 | b[1] as u32;
        match &self.coding {
            Coding::Simple(_) => (bytes[0] as u32, bytes[0] as u32, 1),
            Coding::Predefined { cmap, .. } => predefined::next_code(cmap, bytes),
            Coding::Gbk if bytes[0] >= 0x80 && bytes.len() >= 2 => (pair(bytes), pair(bytes), 2),
            Coding::Identity | Coding::Ucs2 if bytes.len() >= 2 => (pair(bytes), pair(bytes), 2),
            _ => (bytes[0] as u32, bytes[0] as u32, 1),
        }
    }

    /// The text of a code: its ToUnicode entry, else what the encoding says (`\u{FFFD}` for a
    /// glyph whose text is unknown).
    fn text<'a>(
        &'a self,
        code: u32,
        glyph: u32,
        len: usize,
        buf: &'a mut [u8; 8],
        owned: &'a mut String,
    ) -> &'a str {
        if let Some(t) = self.to_unicode.get(&code) {
            return t.as_str();
        }
        let c = match &self.coding {
            Coding::Simple(t) => match t[code as usize] {
                Some(c) => c,
                None => return "",
            },
            Coding::Gbk if len == 1 => char::from_u32(code).unwrap_or('\u{FFFD}'),
            Coding::Gbk => {
                let pair = [(code >> 8) as u8, code as u8];
                let (s, _, _) = encoding_rs::GBK.decode(&pair);
                s.chars().next().unwrap_or('\u{FFFD}')
            }
            Coding::Ucs2 | Coding::Predefined { unicode: true, .. } => utf16_char(code, len),
            Coding::Predefined { .. } | Coding::Identity => {
                match self
                    .cid_text
                    .as_ref()
                    .and_then(|m| predefined::text_of_cid(m, glyph))
                {
                    Some(hayro_cmap::BfString::Char(c)) => crate::unihan::unify(c),
                    Some(hayro_cmap::BfString::String(t)) => {
                        *owned = t;
                        return owned.as_str();
                    }
                    None => self.glyph_text.get(&glyph).copied().unwrap_or('\u{FFFD}'),
                }
            }
        };
        c.encode_utf8(buf)
    }

    /// The advance width of a glyph in glyph space units: by CID for a composite font.
    fn width(&self, code: u32, glyph: u32, len: usize) -> f64 {
        let key = match &self.coding {
            // GBK-EUC-H maps single bytes 0x20..0x7E to Adobe-GB1 CIDs 1..95.
            Coding::Gbk if len == 1 && (0x20..0x7f).contains(&code) => code - 0x1f,
            _ => glyph,
        };
        let single_gbk = matches!(self.coding, Coding::Gbk) && len == 1;
        self.widths.get(&key).copied().unwrap_or(if single_gbk {
            500.0
        } else {
            self.default_width
        })
    }
}

/// The character a UTF-16 code of `len` bytes stands for: one unit, or a surrogate pair.
fn utf16_char(code: u32, len: usize) -> char {
    let c = if len == 4 {
        let (hi, lo) = (code >> 16, code & 0xFFFF);
        char::decode_utf16([hi as u16, lo as u16])
            .next()
            .and_then(|r| r.ok())
    } else {
        char::from_u32(code)
    };
    c.unwrap_or('\u{FFFD}')
}

fn parse_cid_widths(doc: &Document, w: &[Object], out: &mut HashMap<u32, f64>) {
    let mut i = 0;
    while i < w.len() {
        let Some(first) = number(deref(doc, &w[i])) else {
            i += 1;
            continue;
        };
        match w.get(i + 1).map(|o| deref(doc, o)) {
            Some(Object::Array(arr)) => {
                for (k, o) in arr.iter().enumerate() {
                    if let Some(v) = number(deref(doc, o)) {
                        out.insert(first as u32 + k as u32, v);
                    }
                }
                i += 2;
            }
            Some(o) => {
                let last = number(o).unwrap_or(first);
                let v = w.get(i + 2).map(|o| deref(doc, o)).and_then(number);
                if let Some(v) = v {
                    let (a, b) = (first as u32, last as u32);
                    // bound pathological ranges
                    for c in a..=b.min(a.saturating_add(65_535)) {
                        out.insert(c, v);
                    }
                }
                i += 3;
            }
            None => break,
        }
    }
}

/// Parses the `bfchar` / `bfrange` sections of a ToUnicode CMap.
pub fn parse_cmap(data: &[u8]) -> HashMap<u32, String> {
    let mut map = HashMap::default();
    let toks = cmap_tokens(data);
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Tok::Word(w) if w == b"beginbfchar" => {
                i += 1;
                while i + 1 < toks.len() {
                    match (&toks[i], &toks[i + 1]) {
                        (Tok::Hex(src), Tok::Hex(dst)) => {
                            map.insert(be(src), utf16(dst));
                            i += 2;
                        }
                        (Tok::Hex(src), Tok::Word(name)) if name != b"endbfchar" => {
                            if let Some(c) = glyph_name_to_char(name) {
                                map.insert(be(src), c.to_string());
                            }
                            i += 2;
                        }
                        _ => break,
                    }
                }
            }
            Tok::Word(w) if w == b"beginbfrange" => {
                i += 1;
                while i + 2 < toks.len() {
                    let (Tok::Hex(lo), Tok::Hex(hi)) = (&toks[i], &toks[i + 1]) else {
                        break;
                    };
                    let (lo, hi) = (be(lo), be(hi));
                    let hi = hi.min(lo.saturating_add(65_535));
                    match &toks[i + 2] {
                        Tok::Hex(dst) => {
                            let mut units: Vec<u16> = dst
                                .chunks(2)
                                .map(|c| (c[0] as u16) << 8 | *c.get(1).unwrap_or(&0) as u16)
                                .collect();
                            for code in lo..=hi {
                                map.insert(code, String::from_utf16_lossy(&units));
                                if let Some(last) = units.last_mut() {
                                    *last = last.wrapping_add(1);
                                }
                            }
                            i += 3;
                        }
                        Tok::ArrayStart => {
                            let mut j = i + 3;
                            let mut code = lo;
                            while j < toks.len() {
                                match &toks[j] {
                                    Tok::Hex(dst) => {
                                        if code <= hi {
                                            map.insert(code, utf16(dst));
                                        }
                                        code = code.saturating_add(1);
                                    }
                                    Tok::ArrayEnd => break,
                                    _ => {}
                                }
                                j += 1;
                            }
                            i = j + 1;
                        }
                        _ => break,
                    }
                }
            }
            _ => i += 1,
        }
    }
    map
}

enum Tok {
    Hex(Vec<u8>),
    Word(Vec<u8>),
    ArrayStart,
    ArrayEnd,
}

fn cmap_tokens(data: &[u8]) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let b = data[i];
        if b == b'<' && data.get(i + 1) != Some(&b'<') {
            let mut v = Vec::new();
            let mut hi: Option<u8> = None;
            i += 1;
            while i < data.len() && data[i] != b'>' {
                let d = data[i];
                let val = match d {
                    b'0'..=b'9' => Some(d - b'0'),
                    b'a'..=b'f' => Some(d - b'a' + 10),
                    b'A'..=b'F' => Some(d - b'A' + 10),
                    _ => None,
                };
                if let Some(x) = val {
                    match hi {
                        None => hi = Some(x),
                        Some(h) => {
                            v.push(h << 4 | x);
                            hi = None;
                        }
                    }
                }
                i += 1;
            }
            if let Some(h) = hi {
                v.push(h << 4);
            }
            i += 1;
            toks.push(Tok::Hex(v));
        } else if b == b'[' {
            toks.push(Tok::ArrayStart);
            i += 1;
        } else if b == b']' {
            toks.push(Tok::ArrayEnd);
            i += 1;
        } else if b == b'%' {
            while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                i += 1;
            }
        } else if b.is_ascii_whitespace() || b == b'<' || b == b'>' {
            i += 1;
        } else if b == b'(' {
            // skip literal strings (e.g. in the CIDSystemInfo)
            let mut depth = 0;
            while i < data.len() {
                match data[i] {
                    b'\\' => i += 1,
                    b'(' => depth += 1,
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            i += 1;
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        } else {
            let start = if b == b'/' { i + 1 } else { i };
            i += 1;
            while i < data.len()
                && !data[i].is_ascii_whitespace()
                && !matches!(data[i], b'<' | b'>' | b'[' | b']' | b'(' | b'/')
            {
                i += 1;
            }
            toks.push(Tok::Word(data[start.min(i)..i].to_vec()));
        }
    }
    toks
}

fn be(b: &[u8]) -> u32 {
    b.iter().take(4).fold(0u32, |acc, x| acc << 8 | *x as u32)
}

fn utf16(b: &[u8]) -> String {
    let units: Vec<u16> = b
        .chunks(2)
        .map(|c| (c[0] as u16) << 8 | *c.get(1).unwrap_or(&0) as u16)
        .collect();
    String::from_utf16_lossy(&units)
}

fn apply_base_encoding(table: &mut [Option<char>; 256], name: &[u8]) {
    match name {
        b"MacRomanEncoding" => {
            for (i, slot) in table.iter_mut().enumerate() {
                *slot = mac_roman(i as u8);
            }
        }
        b"StandardEncoding" => {
            for (i, slot) in table.iter_mut().enumerate() {
                let b = i as u8;
                *slot = match b {
                    0x27 => Some('\u{2019}'),
                    0x60 => Some('\u{2018}'),
                    0x20..=0x7e => Some(b as char),
                    _ => None,
                };
            }
        }
        _ => {}
    }
}

fn win_ansi(b: u8) -> Option<char> {
    const HIGH: [u16; 32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
        0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
        0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ];
    match b {
        0x20..=0x7e => Some(b as char),
        0x80..=0x9f => char::from_u32(HIGH[(b - 0x80) as usize] as u32).filter(|c| *c != '\0'),
        0xa0..=0xff => char::from_u32(b as u32),
        b'\t' | b'\n' | b'\r' => Some(' '),
        _ => None,
    }
}

fn mac_roman(b: u8) -> Option<char> {
    match b {
        0x20..=0x7e => Some(b as char),
        0xca => Some('\u{a0}'),
        0xd0 => Some('\u{2013}'),
        0xd1 => Some('\u{2014}'),
        0xd2 => Some('\u{201c}'),
        0xd3 => Some('\u{201d}'),
        0xd4 => Some('\u{2018}'),
        0xd5 => Some('\u{2019}'),
        _ => None,
    }
}

/// Maps an Adobe glyph name to a character: `uniXXXX`, `uXXXX[XX]`, single letters and the
/// names used for digits and ASCII punctuation.
pub fn glyph_name_to_char(name: &[u8]) -> Option<char> {
    let s = std::str::from_utf8(name).ok()?;
    let base = s.split('.').next().unwrap_or(s);
    if let Some(h) = base.strip_prefix("uni") {
        if h.len() >= 4 {
            return u32::from_str_radix(&h[..4], 16)
                .ok()
                .and_then(char::from_u32);
        }
    }
    if let Some(h) = base.strip_prefix('u') {
        if (4..=6).contains(&h.len()) {
            if let Some(c) = u32::from_str_radix(h, 16).ok().and_then(char::from_u32) {
                return Some(c);
            }
        }
    }
    if base.len() == 1 {
        return base.chars().next();
    }
    const NAMES: &[(&str, char)] = &[
        ("space", ' '),
        ("exclam", '!'),
        ("quotedbl", '"'),
        ("numbersign", '#'),
        ("dollar", '$'),
        ("percent", '%'),
        ("ampersand", '&'),
        ("quotesingle", '\''),
        ("quoteright", '\u{2019}'),
        ("quoteleft", '\u{2018}'),
        ("quotedblleft", '\u{201c}'),
        ("quotedblright", '\u{201d}'),
        ("parenleft", '('),
        ("parenright", ')'),
        ("asterisk", '*'),
        ("plus", '+'),
        ("comma", ','),
        ("hyphen", '-'),
        ("minus", '-'),
        ("endash", '\u{2013}'),
        ("emdash", '\u{2014}'),
        ("period", '.'),
        ("slash", '/'),
        ("zero", '0'),
        ("one", '1'),
        ("two", '2'),
        ("three", '3'),
        ("four", '4'),
        ("five", '5'),
        ("six", '6'),
        ("seven", '7'),
        ("eight", '8'),
        ("nine", '9'),
        ("colon", ':'),
        ("semicolon", ';'),
        ("less", '<'),
        ("equal", '='),
        ("greater", '>'),
        ("question", '?'),
        ("at", '@'),
        ("bracketleft", '['),
        ("backslash", '\\'),
        ("bracketright", ']'),
        ("underscore", '_'),
        ("braceleft", '{'),
        ("bar", '|'),
        ("braceright", '}'),
        ("bullet", '\u{2022}'),
        ("nbspace", '\u{a0}'),
    ];
    NAMES.iter().find(|(n, _)| *n == base).map(|(_, c)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tounicode_bfchar_and_bfrange() {
        let cm = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
            1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
            2 beginbfchar <1B5F> <652F> <0003> <0020> endbfchar\n\
            2 beginbfrange <0010> <0012> <0030> <0020> <0021> [<6536> <51FA>] endbfrange\n\
            endcmap";
        let m = parse_cmap(cm);
        assert_eq!(m[&0x1B5F], "支");
        assert_eq!(m[&0x0011], "1");
        assert_eq!(m[&0x0012], "2");
        assert_eq!(m[&0x0021], "出");
    }

    #[test]
    fn gbk_codes_split_one_or_two_bytes() {
        let f = Font {
            name: "SimSun".into(),
            damage: None,
            coding: Coding::Gbk,
            to_unicode: HashMap::default(),
            cid_text: None,
            glyph_text: HashMap::default(),
            read_by_shape: false,
            widths: HashMap::default(),
            default_width: 1000.0,
            width_scale: 0.001,
        };
        let mut out = String::new();
        let mut widths = vec![];
        // "支出12" in GBK
        f.decode(&[0xD6, 0xA7, 0xB3, 0xF6, b'1', b'2'], |c| {
            out.push_str(c.text);
            widths.push(c.width);
        });
        assert_eq!(out, "支出12");
        assert_eq!(widths, vec![1.0, 1.0, 0.5, 0.5]);
    }

    /// reportlab's `STSong-Light`, not embedded, `UniGB-UCS2-H`, no ToUnicode: a digit is
    /// measured by its CID (`1` is CID 18, 462 wide), not by its code (U+0031 = 49).
    #[test]
    fn a_predefined_cmap_measures_glyphs_by_their_cid() {
        let mut widths = HashMap::default();
        widths.insert(18, 462.0);
        widths.insert(49, 1000.0);
        let f = Font {
            name: "STSong-Light".into(),
            damage: None,
            coding: predefined_coding(b"UniGB-UCS2-H"),
            to_unicode: HashMap::default(),
            cid_text: predefined::cid_to_unicode(b"Adobe", b"GB1"),
            glyph_text: HashMap::default(),
            read_by_shape: false,
            widths,
            default_width: 1000.0,
            width_scale: 0.001,
        };
        let (mut out, mut ws) = (String::new(), vec![]);
        f.decode(&[0x00, 0x31, 0x4E, 0x00], |c| {
            out.push_str(c.text);
            ws.push(c.width);
        });
        assert_eq!(out, "1一");
        assert_eq!(ws, vec![0.462, 1.0]);
        // the same text through GBK-EUC-H: one byte for `1` (the half-width CID 830), two for
        // `一` (GBK D2BB)
        let mut f = Font {
            coding: predefined_coding(b"GBK-EUC-H"),
            ..f
        };
        f.widths.insert(830, 500.0);
        let (mut out, mut ws) = (String::new(), vec![]);
        f.decode(&[0x31, 0xD2, 0xBB], |c| {
            out.push_str(c.text);
            ws.push(c.width);
        });
        assert_eq!(out, "1一");
        assert_eq!(ws, vec![0.5, 1.0]);
    }

    /// LibreOffice's Type 1 subsets name their glyphs `cidNNNNN`: without ToUnicode their text
    /// is unknown (U+FFFD), never the WinAnsi letter of the code.
    #[test]
    fn a_type1_builtin_encoding_reads_glyph_names_and_marks_unknown_ones() {
        let program = b"%!PS-AdobeFont-1.0\n/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\ndup 1 /cid4 put\ndup 65 /A put\ndup 66 /uni6536 put\nreadonly def\ncurrentfile eexec\n\x01\x02dup 67 /C put";
        let t = type1_encoding(program).expect("an encoding");
        assert_eq!(t[1], Some('\u{FFFD}'));
        assert_eq!(t[65], Some('A'));
        assert_eq!(t[66], Some('收'));
        assert_eq!(t[67], None, "after eexec: encrypted, not read");
        assert!(type1_encoding(b"/Encoding StandardEncoding def").is_none());
    }

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_name_to_char(b"uni6536"), Some('收'));
        assert_eq!(glyph_name_to_char(b"zero"), Some('0'));
        assert_eq!(glyph_name_to_char(b"A"), Some('A'));
        assert_eq!(glyph_name_to_char(b"g123"), None);
    }
}
