//! Workbooks built here (and the committed 长沙 rendering) through `yjs_xlsx::extract`: pages per
//! visible sheet, captions / grid / notes, printed number text, and bad bytes that must come back
//! as errors, never as a panic.

use std::io::Write;
use yjs_model::{Block, Document, Grid, GridSource};
use yjs_xlsx::{extract, XlsxError};

const NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A workbook: sheets as (name, state, worksheet body), shared strings, the cellXfs number formats.
fn workbook(sheets: &[(&str, &str, String)], shared: &[&str], stored: bool) -> Vec<u8> {
    let mut files: Vec<(String, String)> = Vec::new();
    files.push((
        "[Content_Types].xml".into(),
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#.into(),
    ));
    files.push((
        "_rels/.rels".into(),
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.into(),
    ));
    let entries: String = sheets
        .iter()
        .enumerate()
        .map(|(i, (name, state, _))| {
            format!(
                r#"<sheet name="{name}" sheetId="{}" state="{state}" r:id="rId{}"/>"#,
                i + 1,
                i + 1
            )
        })
        .collect();
    files.push((
        "xl/workbook.xml".into(),
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" xmlns:r="{NS_R}"><sheets>{entries}</sheets></workbook>"#
        ),
    ));
    let n = sheets.len();
    let mut rels: String = (0..n)
        .map(|i| {
            format!(
                r#"<Relationship Id="rId{}" Type="{NS_R}/worksheet" Target="worksheets/sheet{}.xml"/>"#,
                i + 1,
                i + 1
            )
        })
        .collect();
    rels += &format!(
        r#"<Relationship Id="rId{}" Type="{NS_R}/styles" Target="styles.xml"/><Relationship Id="rId{}" Type="{NS_R}/sharedStrings" Target="sharedStrings.xml"/>"#,
        n + 1,
        n + 2
    );
    files.push((
        "xl/_rels/workbook.xml.rels".into(),
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
        ),
    ));
    for (i, (_, _, body)) in sheets.iter().enumerate() {
        files.push((
            format!("xl/worksheets/sheet{}.xml", i + 1),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}" xmlns:r="{NS_R}">{body}</worksheet>"#
            ),
        ));
    }
    // styles: 0 General, 1 custom #,##0.00, 2 built-in 4 (#,##0.00), 3 0.00%, 4 date, 5 0.0#
    files.push((
        "xl/styles.xml".into(),
        format!(
            r##"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{NS}"><numFmts count="2"><numFmt numFmtId="164" formatCode="#,##0.00_);[Red]\(#,##0.00\)"/><numFmt numFmtId="165" formatCode="0.0#"/></numFmts><fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" xfId="0"/><xf numFmtId="164" xfId="0" applyNumberFormat="1"/><xf numFmtId="4" xfId="0" applyNumberFormat="1"/><xf numFmtId="10" xfId="0" applyNumberFormat="1"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"##
        ),
    ));
    let si: String = shared
        .iter()
        .map(|s| format!("<si><t xml:space=\"preserve\">{s}</t></si>"))
        .collect();
    files.push((
        "xl/sharedStrings.xml".into(),
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}" count="{0}" uniqueCount="{0}">{si}</sst>"#,
            shared.len()
        ),
    ));
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let method = if stored {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let opts = zip::write::SimpleFileOptions::default().compression_method(method);
        for (name, text) in files {
            z.start_file(name, opts).unwrap();
            z.write_all(text.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

fn grids(d: &Document) -> Vec<&Grid> {
    d.pages
        .iter()
        .flat_map(|p| &p.blocks)
        .filter_map(|b| match b {
            Block::Grid(g) => Some(g),
            _ => None,
        })
        .collect()
}

fn paragraphs(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(
                p.lines
                    .iter()
                    .map(|l| l.text.as_str())
                    .collect::<Vec<_>>()
                    .join("|"),
            ),
            _ => None,
        })
        .collect()
}

/// A budget-style sheet: title merged across, unit line, a two-row header with merged cells,
/// numbers stored as numbers in several formats, a note.
fn budget_sheet() -> String {
    // shared strings: 0 title, 1 编制单位, 2 单位：元, 3 项目, 4 合计, 5 科目编码, 6 科目名称,
    // 7 基本支出, 8 项目支出, 9 一般公共服务支出, 10 note, 11 a wrapped label
    r#"<sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"/><c r="C1"/><c r="D1"/><c r="E1"/></row>
<row r="2"><c r="A2" t="s"><v>1</v></c><c r="E2" t="s"><v>2</v></c></row>
<row r="3"><c r="A3" t="s"><v>3</v></c><c r="C3" t="s"><v>4</v></c><c r="D3" t="s"><v>7</v></c><c r="E3" t="s"><v>8</v></c></row>
<row r="4"><c r="A4" t="s"><v>5</v></c><c r="B4" t="s"><v>6</v></c></row>
<row r="5"><c r="A5"><v>201</v></c><c r="B5" t="s"><v>9</v></c><c r="C5" s="1"><v>91016775.349999994</v></c><c r="D5" s="2"><v>24606775.350000001</v></c><c r="E5" s="1"><v>66410000</v></c></row>
<row r="6"><c r="A6"><v>2010301.0</v></c><c r="B6" t="s"><v>11</v></c><c r="C6" s="3"><v>0.1053</v></c><c r="D6" s="5"><v>1.5</v></c><c r="E6" t="str"><v>91,016,775.35</v></c></row>
<row r="7"><c r="A7" t="b"><v>1</v></c><c r="B7" t="e"><v>#DIV/0!</v></c><c r="C7" s="4"><v>45943</v></c><c r="D7" t="inlineStr"><is><t> 内联 </t></is></c><c r="E7"><v>307.82000000000005</v></c></row>
<row r="9"><c r="A9" t="s"><v>10</v></c></row>
</sheetData>
<mergeCells count="5"><mergeCell ref="A1:E1"/><mergeCell ref="A3:B3"/><mergeCell ref="C3:C4"/><mergeCell ref="D3:D4"/><mergeCell ref="E3:E4"/></mergeCells>"#
        .to_string()
}

const SHARED: &[&str] = &[
    "2025年部门财务收支预算总表",
    "编制单位：某区某局",
    "单位：元",
    "项目",
    "合计",
    "科目编码",
    "科目名称",
    "基本支出",
    "项目支出",
    "一般公共服务支出",
    "注：本表反映部门年度总体收支预算情况。",
    "行政运行\n（一般行政管理事务）",
];

#[test]
fn budget_sheet_captions_grid_and_printed_numbers() {
    let bytes = workbook(
        &[
            ("隐藏", "hidden", budget_sheet()),
            ("预算总表", "visible", budget_sheet()),
        ],
        SHARED,
        false,
    );
    let d = extract(&bytes).unwrap();
    assert_eq!(d.pages.len(), 1, "the hidden sheet is skipped");
    assert_eq!(d.pages[0].number, 2, "page number = sheet position");
    assert_eq!(
        d.info[0],
        ("Sheet 1".into(), "隐藏 (hidden, skipped)".into())
    );
    assert_eq!(d.info[1], ("Sheet 2".into(), "预算总表".into()));
    let blocks = &d.pages[0].blocks;
    assert_eq!(
        paragraphs(blocks),
        [
            "2025年部门财务收支预算总表",
            "编制单位：某区某局|单位：元",
            "注：本表反映部门年度总体收支预算情况。"
        ]
    );
    assert!(matches!(blocks[2], Block::Grid(_)), "{blocks:?}");
    let g = grids(&d)[0];
    g.validate().unwrap();
    assert_eq!((g.rows, g.cols, g.source), (5, 5, GridSource::Native));
    let text = |r, c| g.cell_at(r, c).unwrap().text.as_str();
    assert_eq!((text(0, 0), g.cell_at(0, 0).unwrap().col_span), ("项目", 2));
    assert_eq!((text(0, 2), g.cell_at(0, 2).unwrap().row_span), ("合计", 2));
    // numbers as printed
    assert_eq!(text(2, 0), "201");
    assert_eq!(text(2, 2), "91016775.35");
    assert_eq!(text(2, 3), "24606775.35");
    assert_eq!(text(2, 4), "66410000.00");
    assert_eq!(text(3, 0), "2010301", "a code stored as a float");
    assert_eq!(text(3, 1), "行政运行（一般行政管理事务）");
    assert_eq!(text(3, 2), "10.53%");
    assert_eq!(text(3, 3), "1.5");
    assert_eq!(text(3, 4), "91,016,775.35", "a number stored as text");
    assert_eq!(text(4, 0), "TRUE");
    assert_eq!(text(4, 1), "#DIV/0!");
    assert_eq!(text(4, 2), "2025-10-13");
    assert_eq!(text(4, 3), "内联");
    assert_eq!(text(4, 4), "307.82");
    // synthetic layout: column E of sheet row 5 (0-based 4)
    let c = g.cell_at(2, 4).unwrap();
    assert_eq!(
        (c.bbox.x0, c.bbox.y0, c.bbox.x1, c.bbox.y1),
        (240.0, 80.0, 300.0, 100.0)
    );
    assert_eq!((d.pages[0].width, d.pages[0].height), (300.0, 180.0));
}

#[test]
fn stored_and_deflated_archives_read_the_same() {
    let a = extract(&workbook(&[("s", "visible", budget_sheet())], SHARED, true)).unwrap();
    let b = extract(&workbook(
        &[("s", "visible", budget_sheet())],
        SHARED,
        false,
    ))
    .unwrap();
    assert_eq!(
        serde_json_like(&a),
        serde_json_like(&b),
        "same document either way"
    );
}

fn serde_json_like(d: &Document) -> String {
    format!("{:?}", d.pages)
}

#[test]
fn changsha_rendering_nine_tables_on_eight_visible_sheets() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus/长沙市大数据中心-2023-部门决算.xlsx");
    let bytes = std::fs::read(path).unwrap();
    assert!(yjs_xlsx::sniff(&bytes));
    let d = extract(&bytes).unwrap();
    let numbers: Vec<u32> = d.pages.iter().map(|p| p.number).collect();
    assert_eq!(
        numbers,
        (2..=9).collect::<Vec<_>>(),
        "the hidden draft is sheet 1"
    );
    let gs = grids(&d);
    assert_eq!(gs.len(), 9, "nine tables, two of them on one sheet");
    for g in &gs {
        g.validate().unwrap();
    }
    // table 01: title, number, unit line, then the grid; amounts stored as numbers
    let p = &d.pages[0];
    assert_eq!(
        paragraphs(&p.blocks)[..3],
        [
            "收入支出决算总表",
            "公开 01 表",
            "单位：长沙市大数据中心|2023 年度|单位：万元"
        ]
    );
    let g = gs[0];
    assert_eq!((g.rows, g.cols), (34, 6));
    assert_eq!(g.cell_at(3, 2).unwrap().text, "12175.60");
    // table 06 (page 7): the blank row above 人员经费合计 stays inside its grid
    let g6 = grids(&Document {
        pages: vec![d.pages[5].clone()],
        ..d.clone()
    })[0]
        .clone();
    let blank_rows = (0..g6.rows)
        .filter(|&r| {
            g6.cells
                .iter()
                .filter(|c| c.row == r)
                .all(|c| c.text.is_empty())
        })
        .count();
    assert_eq!(blank_rows, 1);
    assert_eq!(g6.cell_at(g6.rows - 1, 0).unwrap().text, "人员经费合计");
    // 07 and 08 share page 8
    assert_eq!(
        d.pages[6]
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Grid(_)))
            .count(),
        2
    );
}

#[test]
fn truncated_and_bit_flipped_bytes_are_errors_not_panics() {
    let fixture = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../corpus/长沙市大数据中心-2023-部门决算.xlsx"),
    )
    .unwrap();
    let stored = workbook(&[("s", "visible", budget_sheet())], SHARED, true);
    let mut errors = 0;
    for bytes in [&fixture, &stored] {
        for cut in (0..bytes.len()).step_by(211).chain([bytes.len() - 1]) {
            if extract(&bytes[..cut]).is_err() {
                errors += 1;
            }
        }
        // deterministic bit flips (an LCG), one to three per copy
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..300 {
            let mut b = bytes.clone();
            for _ in 0..1 + (x % 3) {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let i = (x >> 33) as usize % b.len();
                b[i] ^= 1 << ((x >> 29) % 8);
            }
            let _ = extract(&b);
        }
    }
    assert!(errors > 100, "truncated archives are errors ({errors})");
}

#[test]
fn declared_sizes_bound_inflation() {
    // a part whose declared size is beyond the limit is refused before anything is inflated
    let mut bytes = workbook(&[("s", "visible", budget_sheet())], SHARED, true);
    let name = b"xl/sharedStrings.xml";
    // the central directory record of the part: signature PK\x01\x02, sizes at 20 (compressed)
    // and 24 (uncompressed), the name at 46
    let cd = (0..bytes.len() - 46)
        .find(|&i| bytes[i..i + 4] == *b"PK\x01\x02" && bytes[i + 46..].starts_with(name))
        .unwrap();
    bytes[cd + 24..cd + 28].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
    match extract(&bytes) {
        Err(XlsxError::TooLarge(what, limit)) => {
            assert!(what.contains("XML"), "{what}");
            assert_eq!(limit, yjs_xlsx::MAX_XML);
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
    // a part that inflates past its declared size is cut off by the ZIP reader: an error
    let mut bytes = workbook(&[("s", "visible", budget_sheet())], SHARED, false);
    let local = (0..bytes.len() - 30)
        .find(|&i| bytes[i..i + 4] == *b"PK\x03\x04" && bytes[i + 30..].starts_with(name))
        .unwrap();
    let cd = (0..bytes.len() - 46)
        .find(|&i| bytes[i..i + 4] == *b"PK\x01\x02" && bytes[i + 46..].starts_with(name))
        .unwrap();
    bytes[local + 22..local + 26].copy_from_slice(&40u32.to_le_bytes());
    bytes[cd + 24..cd + 28].copy_from_slice(&40u32.to_le_bytes());
    assert!(extract(&bytes).is_err());
}

#[test]
fn not_a_workbook() {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        z.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        z.write_all(b"<w:document/>").unwrap();
        z.finish().unwrap();
    }
    let bytes = buf.into_inner();
    assert!(!yjs_xlsx::sniff(&bytes));
    assert!(matches!(extract(&bytes), Err(XlsxError::NoWorkbook)));
    assert!(matches!(extract(b""), Err(XlsxError::NotZip(_))));
}

#[test]
fn reversed_references_are_read_not_a_panic() {
    // a damaged sheet: the dimension and a merged region written end-first
    let body = r#"<dimension ref="C2:A1"/><sheetData>
<row r="1"><c r="A1" t="s"><v>3</v></c><c r="C1" t="s"><v>4</v></c></row>
<row r="2"><c r="A2"><v>201</v></c><c r="B2" t="s"><v>9</v></c><c r="C2"><v>1.5</v></c></row>
</sheetData><mergeCells count="1"><mergeCell ref="B1:A1"/></mergeCells>"#;
    let d = extract(&workbook(&[("s", "visible", body.into())], SHARED, true)).unwrap();
    let g = grids(&d)[0];
    g.validate().unwrap();
    assert_eq!((g.rows, g.cols), (2, 3));
    let c = g.cell_at(0, 0).unwrap();
    assert_eq!((c.text.as_str(), c.col_span), ("项目", 2));
    assert_eq!(g.cell_at(1, 2).unwrap().text, "1.5");
}
