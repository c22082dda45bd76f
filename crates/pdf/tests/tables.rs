//! Grid reconstruction through the whole extractor on PDFs built in code.

use yjs_model::{Block, Grid};
use yjs_pdf::build::one_page;

const HELV: &str =
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";

fn grids(pdf: &[u8]) -> Vec<Grid> {
    let doc = yjs_pdf::extract(pdf).expect("extract");
    doc.pages[0]
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Grid(g) => Some(g.clone()),
            _ => None,
        })
        .collect()
}

fn text(g: &Grid, r: usize, c: usize) -> String {
    g.cells
        .iter()
        .find(|x| x.row == r && x.col == c)
        .map(|x| x.text.clone())
        .unwrap_or_default()
}

fn show(x: impl std::fmt::Display, y: impl std::fmt::Display, s: &str) -> String {
    format!("BT /F1 10 Tf {x} {y} Td ({s}) Tj ET\n")
}

#[test]
fn body_rows_without_rulings_are_split_by_their_amounts() {
    // outer box, column lines, a rule under the header; no rules between the body rows
    let mut c = String::from("0.5 w\n100 500 300 100 re S\n200 500 m 200 600 l S\n300 500 m 300 600 l S\n100 580 m 400 580 l S\n");
    c += &show(105, 585, "Item");
    c += &show(205, 585, "Basic");
    c += &show(305, 585, "Project");
    for (i, (name, a, b)) in [
        ("Salaries", "12.50", "0.00"),
        ("Office", "3.25", "1.00"),
        ("Travel", "", "7.75"),
    ]
    .iter()
    .enumerate()
    {
        let y = 565.0 - 20.0 * i as f64;
        c += &show(105.0, y, name);
        if !a.is_empty() {
            c += &show(205.0, y, a);
        }
        c += &show(305.0, y, b);
    }
    let pdf = one_page(c.as_bytes(), &[("F1", HELV)], &[]);
    let gs = grids(&pdf);
    assert_eq!(gs.len(), 1);
    let g = &gs[0];
    assert_eq!((g.rows, g.cols), (4, 3), "{g:?}");
    assert_eq!(text(g, 1, 0), "Salaries");
    assert_eq!(text(g, 2, 1), "3.25");
    assert_eq!(text(g, 3, 1), "", "blank cell stays blank");
    assert_eq!(text(g, 3, 2), "7.75");
    g.validate().unwrap();
}

#[test]
fn thin_filled_rectangles_are_rulings() {
    // Word / WPS draw borders as 0.5 pt filled rectangles
    let mut c = String::new();
    for y in [500.0, 520.0, 540.0] {
        c += &format!("100 {y} 200 0.5 re f\n");
    }
    for x in [100.0, 200.0, 300.0] {
        c += &format!("{x} 500 0.5 40.5 re f\n");
    }
    c += &show(105, 525, "201");
    c += &show(205, 525, "06");
    c += &show(105, 505, "2010350");
    let pdf = one_page(c.as_bytes(), &[("F1", HELV)], &[]);
    let gs = grids(&pdf);
    assert_eq!(gs.len(), 1);
    let g = &gs[0];
    assert_eq!((g.rows, g.cols), (2, 2));
    // two code cells stay two cells: never one invented number "201.06" or "20106"
    assert_eq!(text(g, 0, 0), "201");
    assert_eq!(text(g, 0, 1), "06");
    assert_eq!(text(g, 1, 0), "2010350");
    assert_eq!(text(g, 1, 1), "");
}

#[test]
fn borders_filled_as_mitred_pieces_are_rulings() {
    // spreadsheet exports draw each border piece as a thin trapezoid whose ends are mitred
    // towards the corners (`m l l l h f`): the pieces are rulings, so the table is ruled
    let mut c = String::new();
    let piece = |c: &mut String, pts: [(f64, f64); 4]| {
        let [a, b, d, e] = pts;
        *c += &format!(
            "{} {} m {} {} l {} {} l {} {} l h f\n",
            a.0, a.1, b.0, b.1, d.0, d.1, e.0, e.1
        );
    };
    for y in [500.0, 520.0, 540.0] {
        piece(
            &mut c,
            [
                (300.0, y),
                (100.0, y),
                (100.75, y + 0.75),
                (299.25, y + 0.75),
            ],
        );
    }
    for x in [100.0, 200.0, 300.0] {
        piece(
            &mut c,
            [
                (x, 540.75),
                (x, 500.0),
                (x + 0.75, 500.75),
                (x + 0.75, 540.0),
            ],
        );
    }
    c += &show(105, 525, "201");
    c += &show(205, 525, "06");
    c += &show(105, 505, "2010350");
    let pdf = one_page(c.as_bytes(), &[("F1", HELV)], &[]);
    let gs = grids(&pdf);
    assert_eq!(gs.len(), 1);
    let g = &gs[0];
    assert_eq!((g.rows, g.cols), (2, 2), "{g:?}");
    assert_eq!(text(g, 0, 0), "201");
    assert_eq!(text(g, 0, 1), "06");
    assert_eq!(text(g, 1, 0), "2010350");
    assert_eq!(text(g, 1, 1), "");
    assert!(matches!(g.source, yjs_model::GridSource::Rulings));
}

#[test]
fn rotated_page_is_laid_out_upright() {
    // a portrait page shown landscape with /Rotate 90: text drawn rotated comes out in reading order
    let content = "BT /F1 10 Tf 0 1 -1 0 300 100 Tm (Hello) Tj ET";
    let page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate 90 /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>";
    let stream = format!(
        "<< /Length {} >>\nstream\n{content}\nendstream",
        content.len()
    );
    let pdf = yjs_pdf::build::assemble(
        &[
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            page,
            &stream,
            HELV,
        ],
        "",
    );
    let doc = yjs_pdf::extract(&pdf).unwrap();
    let p = &doc.pages[0];
    assert_eq!((p.width, p.height), (842.0, 595.0));
    let Block::Paragraph(par) = &p.blocks[0] else {
        panic!()
    };
    assert_eq!(par.lines.len(), 1);
    assert_eq!(par.lines[0].text, "Hello");
}

/// A wide table printed sideways across a portrait page (its content drawn through a quarter
/// turn, no `/Rotate`), with the page number upright at the foot: the page is turned until the
/// table's text runs left to right, and the table is read as printed. Its text ran up the page
/// and its cells were read one character a line before.
#[test]
fn a_table_printed_sideways_is_turned_upright() {
    let mut table = String::from("0.5 w\n100 300 300 100 re S\n200 300 m 200 400 l S\n300 300 m 300 400 l S\n100 380 m 400 380 l S\n");
    table += &show(105, 385, "Item");
    table += &show(205, 385, "Basic");
    table += &show(305, 385, "Project");
    for (i, (name, a, b)) in [("Salaries", "12.50", "0.00"), ("Office", "3.25", "1.00")]
        .iter()
        .enumerate()
    {
        let y = 365.0 - 20.0 * i as f64;
        table += &show(105.0, y, name);
        table += &show(205.0, y, a);
        table += &show(305.0, y, b);
    }
    // landscape space (842 wide, 595 high) onto the portrait page: x' = 595 − y, y' = x
    let c = format!("q 0 1 -1 0 595 0 cm\n{table}Q\n{}", show(290, 20, "3"));
    let pdf = one_page(c.as_bytes(), &[("F1", HELV)], &[]);
    let doc = yjs_pdf::extract(&pdf).expect("extract");
    let p = &doc.pages[0];
    assert_eq!(p.turns, 1);
    assert_eq!((p.width, p.height), (842.0, 595.0));
    let gs = grids(&pdf);
    assert_eq!(gs.len(), 1);
    let g = &gs[0];
    assert_eq!((g.rows, g.cols), (3, 3), "{g:?}");
    assert_eq!(text(g, 0, 1), "Basic");
    assert_eq!(text(g, 1, 0), "Salaries");
    assert_eq!(text(g, 2, 2), "1.00");
    // the grid is where the table is on the turned page: 100 points from its left edge
    assert!((g.bbox.x0 - 100.0).abs() < 1.0, "{:?}", g.bbox);
}

/// All the text of the page's paragraphs, in order.
fn paragraph_text(pdf: &[u8]) -> String {
    let doc = yjs_pdf::extract(pdf).expect("extract");
    doc.pages[0]
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(
                p.lines
                    .iter()
                    .map(|l| l.text.clone())
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Text made bold by stroking its outline, as cairo writes it (`pdftocairo -pdf` of a report
/// whose titles are fake-bold): each glyph, then its outline as a stroked path. The straight
/// strokes of a character (here a box inside each letter's box) made every character a one-cell
/// table and tore the title apart (`2025年部门收支总体情况表` → `门收支体况表` and four grids).
#[test]
fn a_glyphs_stroked_outline_is_no_table() {
    let mut c = String::new();
    for (k, ch) in ["H", "M", "N"].iter().enumerate() {
        let x = 100 + 20 * k;
        c += &format!("BT /F1 20 Tf {x} 700 Td ({ch}) Tj ET\n");
        c += &format!(
            "0.5 w {} 701 m {} 701 l {} 713 l {} 713 l h S\n",
            x + 2,
            x + 12,
            x + 12,
            x + 2
        );
    }
    let pdf = one_page(c.as_bytes(), &[("F1", HELV)], &[]);
    assert!(grids(&pdf).is_empty(), "no grid from glyph outlines");
    assert_eq!(paragraph_text(&pdf), "H M N");
    // a real cell around the same letters is still a table
    let boxed = format!("{c}0.5 w 95 690 80 30 re S\n");
    let pdf = one_page(boxed.as_bytes(), &[("F1", HELV)], &[]);
    assert_eq!(grids(&pdf).len(), 1);
}

/// A producer that clips each line to its ink (cairo) cuts off the blank right part of a
/// glyph's box (CJK `。` inks only its left part): the glyph is still shown. Text wholly
/// outside the clip is not.
#[test]
fn a_glyph_whose_box_the_clip_cuts_is_shown() {
    // `AB.` at 20 pt from x = 100: the period's box is 111.1 … 116.7, the clip ends at 113
    let c = "q 90 690 23 30 re W n BT /F1 20 Tf 100 700 Td (A.) Tj ET Q\n\
             q 90 640 20 30 re W n BT /F1 20 Tf 100 650 Td (Z) Tj ET BT /F1 20 Tf 150 650 Td (Q) Tj ET Q\n";
    let pdf = one_page(c.as_bytes(), &[("F1", HELV)], &[]);
    assert_eq!(paragraph_text(&pdf), "A.\nZ");
}

/// Marked content's `/ActualText` stands for the glyphs shown inside it: cairo writes a CJK
/// character its font lacks as a stand-in glyph with the character as actual text (北京市审计局's
/// title re-written by cairo read as `北北北北北北`), Word a variant form (`戶`) as the usual one.
#[test]
fn actual_text_replaces_the_glyphs_it_marks() {
    let c = "BT /F1 20 Tf 100 700 Td /Span << /ActualText <FEFF5317> >> BDC (X) Tj EMC \
             /Span <</ActualText <FEFF4EAC5E02> /MCID 3>> BDC (XX) Tj EMC (!) Tj \
             /P <</MCID 4>> BDC (Y) Tj EMC /Span /MC0 BDC (Z) Tj EMC ET\n";
    let props = "<< /MC0 << /ActualText (Q) >> >>";
    let pdf = yjs_pdf::build::assemble(
        &[
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            &format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /Properties {props} >> >>"),
            &format!("<< /Length {} >>\nstream\n{c}endstream", c.len()),
            HELV,
        ],
        "",
    );
    assert_eq!(paragraph_text(&pdf), "北京市!YQ");
}
