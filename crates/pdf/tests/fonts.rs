//! Font decoding through the whole extractor, on PDFs built in code: a non-embedded GBK-EUC-H
//! font (no ToUnicode), an Identity-H font with ToUnicode, a WinAnsi simple font, and embedded
//! fonts without ToUnicode (TrueType, Type 1, CFF).

use yjs_model::Block;
use yjs_pdf::build::one_page;

fn texts(pdf: &[u8]) -> Vec<String> {
    let doc = yjs_pdf::extract(pdf).expect("extract");
    doc.pages[0]
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.lines.iter().map(|l| l.text.clone()).collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .collect()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

#[test]
fn non_embedded_gbk_euc_h_font_decodes_one_and_two_byte_codes() {
    // "基本支出 12.5" in GBK: two-byte codes for the ideographs, single bytes for ASCII
    let (s, _, _) = encoding_rs::GBK.encode("基本支出 12.5");
    let content = format!("BT /F1 12 Tf 72 700 Td <{}> Tj ET", hex(&s));
    let font = "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /GBK-EUC-H /DescendantFonts [6 0 R] >>";
    let cid = "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 >>";
    let pdf = one_page(content.as_bytes(), &[("F1", font)], &[cid]);
    assert_eq!(texts(&pdf), vec!["基本支出 12.5"]);
}

/// reportlab's way: `STSong-Light` not embedded, `UniGB-UCS2-H`, no ToUnicode. A code is a CID
/// through the CMap, and the CID gives the width (`1` is CID 18, `.` CID 15): measured by its
/// code instead (U+0031 = 49, 1000 wide here), each amount would run into the cell beside it.
#[test]
fn a_predefined_cmap_gives_widths_by_cid() {
    let ucs2 = |t: &str| -> String { t.encode_utf16().map(|u| format!("{u:04X}")).collect() };
    let mut content = String::new();
    for (k, (amount, name)) in [("1.1", "一"), ("11.1", "二")].iter().enumerate() {
        let y = 700 - 20 * k;
        // the amount right-aligned at x = 120 (10 pt: `1` 4.62 pt, `.` 2.38 pt), the name at 126
        let w: f64 = amount
            .chars()
            .map(|c| if c == '.' { 2.38 } else { 4.62 })
            .sum();
        content += &format!(
            "BT /F1 10 Tf {} {y} Td <{}> Tj ET\n",
            120.0 - w,
            ucs2(amount)
        );
        content += &format!("BT /F1 10 Tf 126 {y} Td <{}> Tj ET\n", ucs2(name));
        content += &format!("BT /F1 10 Tf 200 {y} Td <{}> Tj ET\n", ucs2("2.5"));
    }
    let font = "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>";
    let cid = "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 /W [15 [238] 18 [462] 20 [462] 46 [1000] 49 [1000] 50 [1000]] >>";
    let pdf = one_page(content.as_bytes(), &[("F1", font)], &[cid]);
    let doc = yjs_pdf::extract(&pdf).expect("extract");
    let grid = doc.pages[0]
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Grid(g) => Some(g.clone()),
            _ => None,
        })
        .expect("a table of two rows");
    let row: Vec<&str> = (0..grid.cols)
        .map(|c| grid.cell_at(1, c).map_or("", |x| x.text.as_str()))
        .collect();
    assert_eq!(row, ["11.1", "二", "2.5"]);
}

#[test]
fn identity_h_with_tounicode_and_wps_matrices() {
    // WPS style: flipped page, scaled text matrix, glyph steps with TD in text space
    let cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange 2 beginbfchar <0001> <5408> <0002> <8BA1> endbfchar endcmap end end";
    let content = "q\r1 0 0 -1 0 842 cm\rBT\r/F1 240 Tf\r0.05 0 0 -0.05 100 100 Tm\r<0001>Tj 240 -0 TD<0002>Tj\rET\rQ";
    let font = "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>";
    let cid = "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /DW 1000 >>";
    let to_unicode = format!("<< /Length {} >>\nstream\n{cmap}\nendstream", cmap.len());
    let pdf = one_page(content.as_bytes(), &[("F1", font)], &[cid, &to_unicode]);
    let doc = yjs_pdf::extract(&pdf).unwrap();
    let Block::Paragraph(p) = &doc.pages[0].blocks[0] else {
        panic!()
    };
    assert_eq!(p.lines[0].text, "合计");
    // 12 pt glyphs at x = 100 and 112, 100 pt below the top edge
    let b = p.lines[0].bbox;
    assert!((b.x0 - 100.0).abs() < 0.01, "{b:?}");
    assert!((b.x1 - 124.0).abs() < 0.01, "{b:?}");
    assert_eq!(p.lines[0].font.as_deref(), Some("SimSun"));
}

#[test]
fn font_is_restored_by_q() {
    // Word 2010 sets a font inside q … Q; text after Q must use the outer font again
    let content = "BT /F1 12 Tf 72 700 Td (A) Tj ET q BT /F2 12 Tf 72 650 Td <0001> Tj ET Q BT 72 600 Td (B) Tj ET";
    let f1 = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";
    let f2 = "<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [7 0 R] >>";
    let cid = "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X >>";
    let pdf = one_page(content.as_bytes(), &[("F1", f1), ("F2", f2)], &[cid]);
    let t = texts(&pdf);
    assert_eq!(t.first().map(|s| s.as_str()), Some("A"));
    assert_eq!(t.last().map(|s| s.as_str()), Some("B"));
}

#[test]
fn glyphs_outside_the_page_are_dropped() {
    // WPS 表格 prints overflowing cell text beyond the page edge
    let content = "BT /F1 12 Tf 72 700 Td (in) Tj 700 0 Td (out) Tj ET";
    let f1 = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
    let pdf = one_page(content.as_bytes(), &[("F1", f1)], &[]);
    assert_eq!(texts(&pdf), vec!["in"]);
}

/// A PDF "optimised" by deleting every font's `/ToUnicode`: Chromium (Skia) embeds subset
/// TrueType CIDFonts whose own `cmap` still maps Unicode to glyphs, so the text reads the same.
#[test]
fn embedded_truetype_fonts_without_tounicode_read_through_their_cmap() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../corpus/generated/gen-1-0002.chromium.pdf"
    );
    let bytes = std::fs::read(path).expect("the committed generated corpus");
    let mut doc = lopdf::Document::load_mem(&bytes).expect("parse");
    let mut removed = 0;
    for obj in doc.objects.values_mut() {
        if let Ok(d) = obj.as_dict_mut() {
            if d.remove(b"ToUnicode").is_some() {
                removed += 1;
            }
        }
    }
    assert!(removed > 0);
    let mut stripped = Vec::new();
    doc.save_to(&mut stripped).expect("save");
    let text = |pdf: &[u8]| -> String {
        let d = yjs_pdf::extract(pdf).expect("extract");
        d.pages
            .iter()
            .flat_map(|p| p.blocks.iter())
            .map(|b| match b {
                Block::Paragraph(p) => p.text(),
                Block::Grid(g) => g.cells.iter().map(|c| c.text.as_str()).collect(),
            })
            .collect()
    };
    let (with, without) = (text(&bytes), text(&stripped));
    assert!(with.contains("支出决算表"));
    assert_eq!(with, without);
}

/// LibreOffice's Type 1 subsets without ToUnicode: glyph names `cidNNNNN` in the program's own
/// encoding say nothing of the text. The page is listed as undecoded, its glyphs are U+FFFD
/// (never the WinAnsi letters of their codes).
#[test]
fn a_page_of_glyphs_without_unicode_is_listed_as_undecoded() {
    let program = "%!PS-AdobeFont-1.0: X\n/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\ndup 1 /cid4 put\ndup 2 /cid931 put\ndup 3 /cid77 put\nreadonly def\ncurrentfile eexec\n";
    let content = "BT /F1 12 Tf 72 700 Td <0102030102> Tj ET";
    let font = "<< /Type /Font /Subtype /Type1 /BaseFont /BAAAAA+NotoSansCJKjp-Regular /FirstChar 0 /LastChar 3 /Widths [500 1000 1000 1000] /FontDescriptor 6 0 R >>";
    let fd = "<< /Type /FontDescriptor /FontName /BAAAAA+NotoSansCJKjp-Regular /Flags 4 /FontFile 7 0 R >>";
    let ff = format!(
        "<< /Length {} >>\nstream\n{program}\nendstream",
        program.len()
    );
    let pdf = one_page(content.as_bytes(), &[("F1", font)], &[fd, &ff]);
    let doc = yjs_pdf::extract(&pdf).expect("extract");
    assert_eq!(doc.undecoded.len(), 1, "{:?}", doc.undecoded);
    let u = &doc.undecoded[0];
    assert_eq!((u.page, u.glyphs), (1, 5));
    assert_eq!(u.fonts, ["NotoSansCJKjp-Regular"]);
    assert!(texts(&pdf)
        .iter()
        .all(|t| t.chars().all(|c| c == '\u{FFFD}')));
}

/// A bare, name-keyed CFF program (`tests/data/named.cff`, written by `make_named_cff.py` there)
/// as a `/FontFile3` stream, hex-encoded.
fn cff_stream(subtype: &str) -> String {
    let cff = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/named.cff"))
        .expect("the CFF fixture");
    let data = format!("{}>", hex(&cff));
    format!(
        "<< /Subtype /{subtype} /Filter /ASCIIHexDecode /Length {} >>\nstream\n{data}\nendstream",
        data.len()
    )
}

/// A composite font whose embedded CFF program is name-keyed and that has no ToUnicode: its
/// CIDs are glyph ids, read by the glyphs' names (`uni957F` 长), not by the collection its
/// `CIDSystemInfo` names (CID 1 of Adobe-GB1 is a space). A glyph whose name says nothing
/// (`g9`) is U+FFFD, and the page is listed as undecoded.
#[test]
fn a_name_keyed_cff_cid_font_without_tounicode_reads_its_glyph_names() {
    for ordering in ["Identity", "GB1"] {
        let content = "BT /F1 12 Tf 72 700 Td <00010002> Tj ET BT /F1 12 Tf 72 650 Td <0005000E0006> Tj ET BT /F1 12 Tf 72 600 Td <000300030003> Tj ET";
        let font = "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+YjsNamed /Encoding /Identity-H /DescendantFonts [6 0 R] >>";
        let cid = format!("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /ABCDEF+YjsNamed /CIDSystemInfo << /Registry (Adobe) /Ordering ({ordering}) /Supplement 0 >> /DW 1000 /W [4 [500 500 500 500 500 500 500 500 500 500 500]] /FontDescriptor 7 0 R >>");
        let fd = "<< /Type /FontDescriptor /FontName /ABCDEF+YjsNamed /Flags 4 /FontFile3 8 0 R >>";
        let pdf = one_page(
            content.as_bytes(),
            &[("F1", font)],
            &[&cid, fd, &cff_stream("CIDFontType0C")],
        );
        assert_eq!(
            texts(&pdf),
            ["长沙", "1.2", "\u{FFFD}\u{FFFD}\u{FFFD}"],
            "{ordering}"
        );
        let doc = yjs_pdf::extract(&pdf).expect("extract");
        assert_eq!(doc.undecoded.len(), 1, "{ordering}");
    }
}

/// A simple font whose embedded program is CFF (`/FontFile3 /Type1C`), no `/Encoding` and no
/// ToUnicode: the program's own encoding and glyph names give the text.
#[test]
fn a_type1c_font_without_tounicode_reads_its_builtin_encoding() {
    let content = "BT /F1 12 Tf 72 700 Td (AB) Tj ET BT /F1 12 Tf 72 650 Td (12.5) Tj ET";
    let font = "<< /Type /Font /Subtype /Type1 /BaseFont /ABCDEF+YjsNamed /FirstChar 46 /LastChar 66 /Widths [500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 1000 1000] /FontDescriptor 6 0 R >>";
    let fd = "<< /Type /FontDescriptor /FontName /ABCDEF+YjsNamed /Flags 4 /FontFile3 7 0 R >>";
    let pdf = one_page(
        content.as_bytes(),
        &[("F1", font)],
        &[fd, &cff_stream("Type1C")],
    );
    assert_eq!(texts(&pdf), ["长沙", "12.5"]);
}
