//! Pages without a text layer (scans), read by OCR: the page's image is decoded to grey and
//! turned upright (`raster`), its table rulings are found as long runs of ink and painted out,
//! each cell of the ruled tables is read as one line (or, where its text wraps, as a block of
//! lines) and the rest of the page as sparse text by
//! the `tesseract` command (5.x, language `chi_sim`) — a line of it read doubtfully read again
//! whole (`lines`), a cell read doubtfully again cut to its text and shrunk —, whose words come back with their boxes
//! and become glyphs in page space — so that the same layout (grids from rulings, tables
//! rebuilt from alignment, paragraphs) reads them as it reads a text layer.
//!
//! Experimental, off unless `YJS_OCR=1`: OCR still reads too little to be trusted (on a
//! generated 200 ppi scan of ruled tables it finds 94 % of the facts, 99.6 % of them right;
//! tables without vertical rulings it reads far worse), so by default a scanned page stays
//! empty and the report says so. It needs `tesseract` with `chi_sim` installed (`YJS_TESSERACT` names another
//! binary). The image is the page's largest image XObject, taken to cover the page (a scan: one
//! image a page): JPEG, or 8-bit grey or RGB samples. Every step that fails (no image, an
//! encoding not handled, tesseract missing or failing) leaves the page empty: OCR never panics
//! and never stops a batch.

mod dashes;
mod leftover;
mod lines;
mod raster;
mod shapes;
mod sparse;

pub(crate) use shapes::{available as reads_shapes, glyph_text as glyph_text_by_shape};

use crate::align::NUMERALS;
use crate::layout::{HLine, VLine};
use crate::object::{dict_get, sub_dict};
use crate::text::is_cjk;
use crate::text::Char;
use dashes::DashShape;
use lopdf::{Dictionary, Document, Object, ObjectId};
use raster::{Gray, PxBox, Turn};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use yjs_model::BBox;

/// The tesseract page segmentation mode: sparse text, every word found wherever it stands
/// (whole-page modes 4 and 6 find a third of the amounts of a table page, this one 96 %).
const PSM_SPARSE: &str = "11";

/// The language data read: simplified Chinese (it reads digits as well).
const LANGUAGE: &str = "chi_sim";

/// Largest image data handed to OCR (a decompression-bomb guard).
const MAX_IMAGE_BYTES: usize = 64 << 20;

/// Words read with a confidence below this (tesseract's 0–100) are left out: noise read as
/// glyphs.
const MIN_WORD_CONFIDENCE: f64 = 30.0;

/// Characters OCR reads from a piece of ruling: dropped at a word's edges.
const RULE_LIKE: &[char] = &['|', '丨', '[', ']', '【', '】', '_', '—'];

/// Punctuation OCR reads after a number from specks and rule ends: dropped there.
const NUMBER_TAIL_NOISE: &[char] = &[
    ')', '）', ',', '，', '.', '。', ';', '；', ':', '：', '\'', '"', '`',
];

/// tesseract as installed: the binary and the languages it lists.
struct Installed {
    bin: String,
    languages: Vec<String>,
}

/// tesseract, when OCR is turned on and it is installed with `chi_sim` (asked once).
fn installed() -> Option<&'static Installed> {
    static TESSERACT: OnceLock<Option<Installed>> = OnceLock::new();
    TESSERACT
        .get_or_init(|| {
            if !std::env::var("YJS_OCR").is_ok_and(|v| v == "1") {
                return None;
            }
            let bin = std::env::var("YJS_TESSERACT").unwrap_or_else(|_| "tesseract".into());
            let langs = Command::new(&bin)
                .arg("--list-langs")
                .stdin(Stdio::null())
                .output()
                .ok()?;
            let listed = String::from_utf8_lossy(&langs.stdout).into_owned()
                + &String::from_utf8_lossy(&langs.stderr);
            let languages: Vec<String> = listed.lines().map(|l| l.trim().to_string()).collect();
            languages
                .iter()
                .any(|l| l == LANGUAGE)
                .then_some(Installed { bin, languages })
        })
        .as_ref()
}

/// The tesseract binary to run, when OCR is turned on and it is installed with `chi_sim`.
fn tesseract() -> Option<&'static str> {
    installed().map(|t| t.bin.as_str())
}

/// Is OCR on with tesseract's data for `language` installed too?
fn has_language(language: &str) -> bool {
    installed().is_some_and(|t| t.languages.iter().any(|l| l == language))
}

/// What OCR reads on a page, in display space: glyphs and rulings.
#[derive(Default)]
pub(crate) struct OcrPage {
    pub chars: Vec<Char>,
    pub h: Vec<HLine>,
    pub v: Vec<VLine>,
    /// Each word the glyphs come from (a cell's line as one word): its box in page space and
    /// the engine's confidence (0–100).
    pub words: Vec<(BBox, u8)>,
}

/// What OCR reads on page `page_id` of `pw` × `ph` points; empty when OCR is off, the page has
/// no image it can read, or tesseract fails.
pub(crate) fn read_page(doc: &Document, page_id: ObjectId, pw: f64, ph: f64) -> OcrPage {
    let Some(bin) = tesseract() else {
        return OcrPage::default();
    };
    let Some(img) = page_image(doc, page_id) else {
        return OcrPage::default();
    };
    let skew = img.skew();
    let turn = Turn::new(skew, img.w, img.h);
    // the text is read on the scan as it is, its boxes turned upright: a turned image blurs
    // the strokes of characters and digits; the rulings are found on the upright one
    let scan = (skew != 0.0).then(|| img.clone());
    let up = img.upright(skew);
    let (sx, sy) = (pw / up.w as f64, ph / up.h as f64);
    // (without it tesseract takes an image for 70 ppi and misjudges the size of its text)
    let engine = Engine {
        bin,
        dpi: (POINTS_PER_INCH / sx).round().clamp(MIN_DPI, MAX_DPI) as u32,
        language: LANGUAGE,
    };
    let (h, v) = up.rulings();
    let on_scan = scan.is_some().then_some(turn);
    let scan = scan.map(|g| g.without_turned_rulings(&h, &v, &turn));
    let mut rest = up.without_rulings(&h, &v);
    let h: Vec<HLine> = h
        .into_iter()
        .map(|l| HLine {
            y: l.at * sy,
            x0: l.from * sx,
            x1: l.to * sx,
        })
        .collect();
    let v: Vec<VLine> = v
        .into_iter()
        .map(|l| VLine {
            x: l.at * sx,
            y0: l.from * sy,
            y1: l.to * sy,
        })
        .collect();
    // each cell of a ruled table read on its own, as one line of text; then the rest of the
    // page (titles, captions, paragraphs) with the cells painted out
    let Ok(dir) = tempfile::tempdir() else {
        return OcrPage::default();
    };
    let boxes = cell_boxes(&h, &v, sx, sy);
    let mut out = OcrPage {
        h,
        v,
        ..OcrPage::default()
    };
    // the cells on the scan where it is turned (their boxes turned onto it), else upright
    let cells = Cells {
        dir: dir.path(),
        page: scan.as_ref().unwrap_or(&rest),
        scale: (sx, sy),
        on_scan,
        amounts: false,
    };
    let on_page: Vec<PxBox> = boxes
        .iter()
        .map(|&b| on_scan.map_or(b, |t| t.box_on_scan(b)))
        .collect();
    let shape = DashShape::at(2.0 / (sx + sy));
    let cell_dashes = read_cells(&engine, &cells, &on_page, shape, &mut out);
    // the rest of the page (titles, captions, paragraphs) upright, the cells painted out
    for b in &boxes {
        rest.blank(*b);
    }
    let loose = dashes::dashes(&rest, (0, 0, rest.w, rest.h), shape);
    let page = dir.path().join("page.pgm");
    let mut read: Vec<FBox> = Vec::new();
    if std::fs::write(&page, rest.to_pgm()).is_ok() {
        if let Some(tsv) = engine.tsv(&page, PSM_SPARSE) {
            // (the dashes are glyphs of their own: painted out for every reading after this)
            for d in &loose {
                rest.blank(shape.with_halo(*d));
            }
            let (dashed, words) = sparse::run_into_dashes(words(&tsv).collect(), &loose, &rest);
            let words = sparse::reread_numbers(&engine, &rest, dir.path(), words);
            let words = lines::reread(&engine, &rest, dir.path(), words);
            let words = level_lines(words);
            let words = leftover::read_left_out(&engine, &rest, dir.path(), words, &dashed);
            let words = join_enumerators(join_overlapping(words));
            // (a dash read as `—` or `_` is trimmed away as a ruling's end: not a word)
            let kept = words.iter().filter(|w| !cleaned(&w.text).trim().is_empty());
            read.extend(kept.map(|w| w.bbox));
            glyphs(words, sx, sy, &mut out);
            let cells = Cells {
                dir: dir.path(),
                page: &rest,
                scale: (sx, sy),
                on_scan: None,
                amounts: true,
            };
            // (the amounts run into a dash, each a one-line cell known to hold one)
            cells.read("dashed", &dashed, PSM_LINE, &engine, &mut out);
        }
    }
    // dashes the engine left out: in cells of their own, and outside the words it read
    let loose = loose
        .into_iter()
        .filter(|d| !read.iter().any(|w| overlaps(w, d)));
    let dashes: Vec<Word> = cell_dashes
        .into_iter()
        .map(|d| upright(dash_word(d), on_scan))
        .chain(loose.map(dash_word))
        .collect();
    dash_glyphs(dashes, (sx, sy), &mut out);
    out
}

/// The confidence given a dash found by its shape: a flat stroke alone is a dash, whatever
/// the engine made of it.
const DASH_CONFIDENCE: f64 = 90.0;

/// A dash found by its shape, as a word the engine might have read.
fn dash_word((x0, y0, x1, y1): PxBox) -> Word {
    Word {
        page: 0,
        line: (0, 0, 0),
        bbox: (x0 as f64, y0 as f64, x1 as f64, y1 as f64),
        conf: DASH_CONFIDENCE,
        text: "-".into(),
    }
}

/// Does the word's box `w` overlap the pixel box `d`?
fn overlaps(w: &FBox, d: &PxBox) -> bool {
    w.0 < d.2 as f64 && (d.0 as f64) < w.2 && w.1 < d.3 as f64 && (d.1 as f64) < w.3
}

/// Does the middle of `w`'s box lie inside `b`?
fn middle_in(w: &Word, b: &PxBox) -> bool {
    let (x, y) = ((w.bbox.0 + w.bbox.2) / 2.0, (w.bbox.1 + w.bbox.3) / 2.0);
    (b.0 as f64..b.2 as f64).contains(&x) && (b.1 as f64..b.3 as f64).contains(&y)
}

/// Dashes (`words` in pixels of the upright page) as glyphs `-` of the height of the page's
/// other glyphs about the stroke's middle: a stroke a pixel or two high would be laid out as
/// text a fraction of a point high.
fn dash_glyphs(words: Vec<Word>, (sx, sy): (f64, f64), out: &mut OcrPage) {
    let mut heights: Vec<f64> = out.chars.iter().map(|c| c.bbox.height()).collect();
    heights.sort_by(f64::total_cmp);
    let Some(&height) = heights.get(heights.len() / 2) else {
        return;
    };
    let tall = words.into_iter().map(|w| {
        // (the page's glyph height, in points, as pixels)
        let (mid, half) = ((w.bbox.1 + w.bbox.3) / 2.0, height / 2.0 / sy);
        Word {
            bbox: (w.bbox.0, mid - half, w.bbox.2, mid + half),
            ..w
        }
    });
    glyphs(tall, sx, sy, out);
}

/// A word read on the scan moved onto the upright page (its box turned about its centre).
fn upright(w: Word, on_scan: Option<Turn>) -> Word {
    let Some(t) = on_scan else {
        return w;
    };
    let (x0, y0, x1, y1) = w.bbox;
    let (cx, cy) = t.upright_at((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let (hw, hh) = ((x1 - x0) / 2.0, (y1 - y0) / 2.0);
    Word {
        bbox: (cx - hw, cy - hh, cx + hw, cy + hh),
        ..w
    }
}

/// Pixels of a cell left out along its edges when it is read (what erasing left of a rule).
const CELL_INSET_PX: usize = 4;

/// The cells of the ruled tables of a page, as pixel boxes inside their rulings.
fn cell_boxes(h: &[HLine], v: &[VLine], sx: f64, sy: f64) -> Vec<PxBox> {
    let lats = crate::layout::lattices(
        &crate::layout::merge_h(h.to_vec()),
        &crate::layout::merge_v(v.to_vec()),
    );
    let px = |v: f64, s: f64| (v / s).max(0.0) as usize;
    lats.iter()
        .flat_map(|l| {
            l.cells.iter().map(move |&(r, c, rs, cs)| {
                (
                    px(l.xs[c], sx) + CELL_INSET_PX,
                    px(l.ys[r], sy) + CELL_INSET_PX,
                    px(l.xs[c + cs], sx).saturating_sub(CELL_INSET_PX),
                    px(l.ys[r + rs], sy).saturating_sub(CELL_INSET_PX),
                )
            })
        })
        .filter(|b| b.2 > b.0 + CELL_INSET_PX && b.3 > b.1 + CELL_INSET_PX)
        .collect()
}

/// The glyphs of the cells `boxes` of `page`: the cells that hold ink, a cell of one line of
/// text read as one line, a cell whose text wraps over several lines (a header: `本年收入` over
/// `合计`) read as a block of lines.
///
/// A cell whose only ink is a dash is not read: the dash is returned (in pixels of the image
/// read), for [`dash_glyphs`].
fn read_cells(
    engine: &Engine,
    cells: &Cells,
    boxes: &[PxBox],
    shape: DashShape,
    out: &mut OcrPage,
) -> Vec<PxBox> {
    let page = cells.page;
    let mut dashes = Vec::new();
    let inked = boxes.iter().copied().filter(|b| page.has_ink(*b));
    let words = inked.filter(|&b| match dashes::only_dash(page, b, shape) {
        Some(d) => {
            dashes.push(d);
            false
        }
        None => true,
    });
    let (tall, flat): (Vec<PxBox>, Vec<PxBox>) = words.partition(|b| page.text_lines(*b) > 1);
    cells.read("line", &flat, PSM_LINE, engine, out);
    cells.read("block", &tall, PSM_BLOCK, engine, out);
    dashes
}

/// Where cell images are written, the page they are cut from, its scale to points, the turn
/// that makes it upright when it is the scan as it is, and whether every cell is known to hold
/// an amount (a word the sparse reading read with digits): a reading of such a cell that is
/// not one is doubtful.
struct Cells<'a> {
    dir: &'a Path,
    page: &'a Gray,
    scale: (f64, f64),
    on_scan: Option<Turn>,
    amounts: bool,
}

/// The glyphs of the cells `cells` of `page`, read in one tesseract run (segmentation `psm`)
/// over a list of their images written into `dir` under names starting with `name`. Each line
/// a cell prints is its words in the order read (the boxes of a CJK line's words may overlap or
/// come out of order) over the union of their boxes, with the lowest of their confidences.
impl Cells<'_> {
    fn read(&self, name: &str, cells: &[PxBox], psm: &str, engine: &Engine, out: &mut OcrPage) {
        let (dir, page, (sx, sy)) = (self.dir, self.page, self.scale);
        if cells.is_empty() {
            return;
        }
        let mut list = Vec::new();
        for (k, b) in cells.iter().enumerate() {
            let path = dir.join(format!("{name}{k}.pgm"));
            if std::fs::write(&path, page.crop(*b).to_pgm()).is_err() {
                return;
            }
            list.push(path.to_string_lossy().into_owned());
        }
        let list_path = dir.join(format!("{name}.txt"));
        // (a word's page is the cell's place in the list, from 1)
        let mut lines = cell_lines(read_list(engine, &list_path, &list, psm));
        if psm == PSM_LINE {
            self.reread_numbers(name, cells, &list, engine, &mut lines);
            self.reread_doubtful(name, cells, engine, &mut lines);
        } else {
            self.reread_short_blocks(name, cells, &list, engine, &mut lines);
        }
        // each line moved from its cell's image onto the page
        let on_page = lines.into_iter().map(|w| {
            let b = cells[w.page - 1];
            upright(w.placed((b.0 as f64, b.1 as f64), 1.0), self.on_scan)
        });
        glyphs(on_page, sx, sy, out);
    }

    /// The one-line cells of `lines` read as a garbled number (`28; 398: 了`: [`garbled_number`],
    /// far shorter than their ink: [`short_number`]), or with nothing but Latin text under
    /// [`MIN_WORD_CONFIDENCE`] (nothing at all included), read again with tesseract's Latin
    /// data, where it is installed: `chi_sim` reads clean digits wrong (`17` as `了`, a point as
    /// `:`) that `eng` reads right (`28, 398. 17`). A cell read there as an amount that keeps
    /// every digit `chi_sim` read, in order (or, where that read fewer than
    /// [`MIN_AGREEING_DIGITS`], with a confidence of [`MIN_LATIN_ALONE_CONFIDENCE`]), takes that
    /// reading; any other keeps the first. A cell
    /// none takes is read again cut to its text and shrunk to each height of
    /// [`REREAD_TEXT_PX`] in turn (`2.71` read `Zt` as cut, right at four fifths).
    fn reread_numbers(
        &self,
        name: &str,
        cells: &[PxBox],
        images: &[String],
        engine: &Engine,
        lines: &mut Vec<Word>,
    ) {
        if !has_language(LATIN) {
            return;
        }
        let mut garbled: Vec<usize> = (1..=images.len())
            .filter(|&k| self.doubtful_number(lines, k, cells[k - 1]))
            .collect();
        let latin = Engine {
            language: LATIN,
            ..*engine
        };
        let placed = garbled
            .iter()
            .map(|&k| (k, images[k - 1].clone(), Placing::AsCut));
        let read = self.read_placed(&format!("{name}-latin"), placed.collect(), &latin);
        garbled.retain(|k| !take_latin(lines, read.get(k), *k, true));
        for (pass, &px) in REREAD_TEXT_PX.iter().enumerate() {
            if garbled.is_empty() {
                return;
            }
            let name = format!("{name}-latin{pass}-");
            let shrunk = self.shrunk_images(&name, cells, &garbled, px);
            let read = self.read_placed(&name, shrunk, &latin);
            garbled.retain(|k| !take_latin(lines, read.get(k), *k, false));
        }
    }

    /// Is cell `k` (box `cell`) of `lines` read as a doubtful number ([`Cells::reread_numbers`])?
    fn doubtful_number(&self, lines: &[Word], k: usize, cell: PxBox) -> bool {
        let read: Vec<&Word> = lines.iter().filter(|w| w.page == k).collect();
        let text: String = read.iter().map(|w| w.text.as_str()).collect();
        // (nothing read, or too doubtfully to be kept: maybe an amount too)
        let doubtful = read.iter().all(|w| w.conf < MIN_WORD_CONFIDENCE);
        garbled_number(&text)
            || (doubtful && !text.contains(|c: char| !c.is_ascii()))
            || (self.amounts && !is_amount_text(&cleaned(&text)))
            || short_number(&text, || self.page.ink_chars(cell))
    }

    /// The one-line cells of `lines` none of whose lines was read with [`MIN_WORD_CONFIDENCE`]
    /// (`合计` read as `客(12) 计(0)`, `公务接待费` as nothing, in cells twice their rows'
    /// height), read again cut to their text ([`Gray::text_box`]) and shrunk to each height of
    /// [`REREAD_TEXT_PX`] in turn: tesseract misjudges a short line in a tall box of white, and
    /// reads characters of about these heights best. A cell takes the first reading where a
    /// line of it is read with that confidence.
    fn reread_doubtful(&self, name: &str, cells: &[PxBox], engine: &Engine, lines: &mut Vec<Word>) {
        let sure = |lines: &[Word], k: usize| {
            lines
                .iter()
                .any(|w| w.page == k && w.conf >= MIN_WORD_CONFIDENCE)
        };
        for (pass, &px) in REREAD_TEXT_PX.iter().enumerate() {
            let doubtful: Vec<usize> = (1..=cells.len()).filter(|&k| !sure(lines, k)).collect();
            if doubtful.is_empty() {
                return;
            }
            let name = format!("{name}-text{pass}-");
            let shrunk = self.shrunk_images(&name, cells, &doubtful, px);
            for (k, again) in self.read_placed(&name, shrunk, engine) {
                if sure(&again, k) {
                    lines.retain(|w| w.page != k);
                    lines.extend(again);
                }
            }
        }
    }

    /// The cells `which` (their places in `cells`, from 1) cut to their text
    /// ([`Gray::text_box`]) and shrunk to text `text_px` pixels high (never enlarged), written
    /// under names starting with `name`: each cell's place, image and placing in its cell.
    fn shrunk_images(
        &self,
        name: &str,
        cells: &[PxBox],
        which: &[usize],
        text_px: f64,
    ) -> Vec<(usize, String, Placing)> {
        let mut out = Vec::new();
        for &k in which {
            let cell = cells[k - 1];
            let Some(text) = self.page.text_box(cell) else {
                continue;
            };
            let height = self.page.text_height(text).unwrap_or(text_px);
            let (image, scale) = self.page.cut_to_text_height(text, height, text_px);
            let path = self.dir.join(format!("{name}{k}.pgm"));
            if std::fs::write(&path, image.to_pgm()).is_err() {
                return Vec::new();
            }
            let offset = ((text.0 - cell.0) as f64, (text.1 - cell.1) as f64);
            out.push((
                k,
                path.to_string_lossy().into_owned(),
                Placing::Cut(offset, scale),
            ));
        }
        out
    }

    /// The lines `engine` reads (one line a cell, in one run over a list named `name`) in the
    /// images `placed` (each with its cell's place and its placing in the cell): each cell's
    /// lines, placed in its cell, by the cell's place.
    fn read_placed(
        &self,
        name: &str,
        placed: Vec<(usize, String, Placing)>,
        engine: &Engine,
    ) -> BTreeMap<usize, Vec<Word>> {
        if placed.is_empty() {
            return BTreeMap::new();
        }
        let images: Vec<String> = placed.iter().map(|p| p.1.clone()).collect();
        let which: Vec<usize> = (1..=placed.len()).collect();
        let read = self.read_again(name, &images, &which, engine, PSM_LINE);
        placed
            .into_iter()
            .zip(read)
            .map(|((k, _, placing), again)| {
                let words = again.into_iter().map(|w| {
                    let w = Word { page: k, ..w };
                    match placing {
                        Placing::AsCut => w,
                        Placing::Cut(offset, scale) => w.placed(offset, scale),
                    }
                });
                (k, words.collect())
            })
            .collect()
    }

    /// The cells of several lines (`cells`, their images `images`) of which `lines` read far
    /// fewer characters than their ink holds (a header `一般公共预算财 / 政拨款` read as `人`:
    /// tesseract's block segmentation fails on some small cells of two lines), read again as
    /// sparse text. A cell takes the second reading where it holds more characters.
    fn reread_short_blocks(
        &self,
        name: &str,
        cells: &[PxBox],
        images: &[String],
        engine: &Engine,
        lines: &mut Vec<Word>,
    ) {
        let chars = |lines: &[Word], k: usize| -> usize {
            lines
                .iter()
                .filter(|w| w.page == k && w.conf >= MIN_WORD_CONFIDENCE)
                .map(|w| {
                    cleaned(&w.text)
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .count()
                })
                .sum()
        };
        let short: Vec<usize> = (1..=images.len())
            .filter(|&k| {
                let ink = self.page.ink_chars(cells[k - 1]);
                (chars(lines, k) as f64) < SHORT_READ_SHARE * ink
            })
            .collect();
        if short.is_empty() {
            return;
        }
        let read = self.read_again(
            &format!("{name}-sparse"),
            images,
            &short,
            engine,
            PSM_SPARSE,
        );
        for (again, &k) in read.into_iter().zip(&short) {
            if chars(&again, k) <= chars(lines, k) {
                continue;
            }
            lines.retain(|w| w.page != k);
            lines.extend(again);
        }
    }

    /// The lines `engine` reads (segmentation `psm`, in one run over a list named `name`) in
    /// the cells `which` of `images` (their places in the list, from 1): each cell's lines,
    /// numbered by its place in `images`.
    fn read_again(
        &self,
        name: &str,
        images: &[String],
        which: &[usize],
        engine: &Engine,
        psm: &str,
    ) -> Vec<Vec<Word>> {
        let list: Vec<String> = which.iter().map(|&k| images[k - 1].clone()).collect();
        let list_path = self.dir.join(format!("{name}.txt"));
        let mut read = cell_lines(read_list(engine, &list_path, &list, psm));
        let mut out = vec![Vec::new(); which.len()];
        for w in read.drain(..) {
            let Some(i) = w.page.checked_sub(1).filter(|&i| i < which.len()) else {
                continue;
            };
            out[i].push(Word {
                page: which[i],
                ..w
            });
        }
        out
    }
}

/// Where an image read again lies in its cell.
#[derive(Clone, Copy)]
enum Placing {
    /// The whole cell, as cut.
    AsCut,
    /// Cut to its text, starting at this offset (pixels) in the cell, and scaled by this much.
    Cut((f64, f64), f64),
}

/// The fewest digits of `chi_sim`'s reading that a Latin one keeping them agrees with: one
/// digit is kept by most misreadings (`2` for 2.71; Latin's `2374` and `21` hold it).
const MIN_AGREEING_DIGITS: usize = 2;

/// Gives cell `k` of `lines` the Latin reading `again` where it is one amount that agrees with
/// what `chi_sim` read ([`Cells::reread_numbers`]); whether it did. A reading of the cell as cut
/// (`as_cut`) agreeing with the digits `chi_sim` read surely keeps its confidence; any other is
/// doubtful ([`DOUBTFUL_READING_CONFIDENCE`]): on a 100 ppi scan such readings are wrong one
/// time in several (`40.32` for 140.32, `97.18` for 97.15).
fn take_latin(lines: &mut Vec<Word>, again: Option<&Vec<Word>>, k: usize, as_cut: bool) -> bool {
    let Some([word]) = again.map(|a| &a[..]) else {
        return false;
    };
    // the digits `chi_sim` read surely, or however doubtfully (`和.32` read at 6 for 51.32)
    let digits = |sure: bool| -> String {
        lines
            .iter()
            .filter(|w| w.page == k && !misformed(&w.text))
            .filter(|w| !sure || w.conf >= MIN_WORD_CONFIDENCE)
            .flat_map(|w| w.text.chars())
            .filter(char::is_ascii_digit)
            .collect()
    };
    let agrees_with = |first: &str| {
        if first.len() < MIN_AGREEING_DIGITS {
            word.conf >= MIN_LATIN_ALONE_CONFIDENCE
        } else {
            holds_in_order(&word.text, first)
        }
    };
    let surely = as_cut && agrees_with(&digits(true));
    let amount = is_amount_text(&cleaned(&word.text)) && !misformed(&word.text);
    if !amount || word.conf < MIN_WORD_CONFIDENCE || !(surely || agrees_with(&digits(false))) {
        return false;
    }
    // (agreeing with doubtful digits, or read shrunk: for a sum to vouch for)
    let conf = if surely {
        word.conf
    } else {
        word.conf.min(DOUBTFUL_READING_CONFIDENCE)
    };
    lines.retain(|w| w.page != k);
    lines.push(Word {
        conf,
        ..word.clone()
    });
    true
}

/// The heights of text (pixels) a doubtful cell is shrunk to when read again, in turn:
/// `chi_sim` reads characters about this high best, but not every time (合计 and 公务接待费
/// 30 pixels high at 200 ppi read as `客计` and as nothing; 公务接待费 right at 24, 22, 18,
/// 15 and 12 pixels, and as nothing at 27 and 20).
const REREAD_TEXT_PX: &[f64] = &[20.0, 15.0];

/// A cell of several lines whose reading holds fewer characters than this share of what its ink
/// holds is read again (a reading right but for a character or two holds about all of them).
const SHORT_READ_SHARE: f64 = 0.5;

/// The least confidence of a Latin reading taken for a cell `chi_sim` read no digit of: with
/// nothing to agree with, only a sure reading (a misread one on a 100 ppi JPEG scan: 61, 78;
/// those read right on a 200 ppi scan: 89–94).
const MIN_LATIN_ALONE_CONFIDENCE: f64 = 85.0;

/// Does `text` hold the digits `digits` in their order (among others)? A Latin reading agrees
/// with `chi_sim`'s where it keeps every digit that one read (`28;398:了` → `28,398.17`).
fn holds_in_order(text: &str, digits: &str) -> bool {
    let mut read = text.chars().filter(char::is_ascii_digit);
    digits.chars().all(|d| read.any(|c| c == d))
}

/// The language data that reads digits best: Latin.
const LATIN: &str = "eng";

/// Does a cell's line read like a number `chi_sim` garbled: two digits or more (or one and a
/// Chinese character), at most one Chinese character (a digit read as one: `了` for 17), and
/// no amount as it stands (or one in a form no report prints)?
fn garbled_number(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let han = text.chars().filter(|c| !c.is_ascii()).count();
    // (or one digit beside the character: `过7` for 2.71)
    let enough = digits >= 2 || (digits == 1 && han == 1 && text.chars().count() == 2);
    enough && han <= 1 && (!is_amount_text(&cleaned(text)) || misformed(text))
}

/// A digit's width over its height in the figures of the usual fonts (0.5–0.6).
const DIGIT_WIDTH: f64 = 0.55;

/// Does `text`, read as a number, hold far fewer characters than the cell's ink (`ink`, in
/// [`Gray::ink_chars`]' measure, measured only for a number) holds digits? `2` read for `2.71`
/// (a real 上海 决算 scanned): tesseract dropped what it doubted of the line.
fn short_number(text: &str, ink: impl FnOnce() -> f64) -> bool {
    let number = text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-'));
    number && (text.chars().count() as f64) < SHORT_READ_SHARE * ink() / DIGIT_WIDTH
}

/// Is `text` an amount as printed: digits with thousands separators or none, a point and its
/// decimals, a minus before (`-1,234.56`, `28398.17`, `0.00`)?
fn is_amount_text(text: &str) -> bool {
    let t = text.strip_prefix('-').unwrap_or(text);
    let (whole, decimals) = t.split_once('.').unwrap_or((t, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let grouped = match whole.split_once(',') {
        None => digits(whole),
        Some((head, _)) => {
            head.len() <= 3
                && whole.split(',').all(digits)
                && whole.split(',').skip(1).all(|g| g.len() == 3)
        }
    };
    grouped && (!t.contains('.') || digits(decimals))
}

/// The fewest characters of a cell's line read as a label (by its words' mean confidence).
const MIN_LABEL_CHARS: usize = 4;

/// The lines of cells `words` make: each line's words in the order read (the boxes of a CJK
/// line's words may overlap or come out of order) over the union of their boxes. A line that
/// holds a digit (an amount, a code) takes the lowest confidence of its words: one doubtful
/// digit makes the number doubtful, and so does a line shorter than [`MIN_LABEL_CHARS`]
/// (specks read as `生:`). A label of words alone takes their mean: one doubtful character
/// (`、` read at 0) does not throw away a label read right, and a label one character off is
/// mended by snapping to a known name.
fn cell_lines(words: Vec<Word>) -> Vec<Word> {
    // (each line with the sum of its words' confidences and their number)
    let mut lines: Vec<(Word, f64, usize)> = Vec::new();
    for w in words {
        match lines
            .iter_mut()
            .rev()
            .find(|(l, _, _)| (l.page, l.line) == (w.page, w.line))
        {
            Some((line, sum, n)) => {
                line.text.push_str(&w.text);
                line.bbox = union(line.bbox, w.bbox);
                line.conf = line.conf.min(w.conf);
                *sum += w.conf;
                *n += 1;
            }
            None => {
                let conf = w.conf;
                lines.push((w, conf, 1));
            }
        }
    }
    lines
        .into_iter()
        .map(|(mut line, sum, n)| {
            let label = !line.text.chars().any(|c| c.is_ascii_digit())
                && line.text.chars().count() >= MIN_LABEL_CHARS;
            if label {
                line.conf = sum / n as f64;
            }
            line
        })
        .collect()
}

/// The most runs of tesseract over one list of cell images: each run after the first goes on
/// past an image that stopped the one before.
const MAX_LIST_RUNS: usize = 8;

/// The words tesseract reads (segmentation `psm`) in the images `images`, each word's page
/// being its image's place in the list, from 1. Tesseract stops a list at an image it fails on
/// (one without text may make it crash, `SIGFPE`), after writing what it read before: that is
/// kept, the image is skipped, and the rest is read in another run (at most
/// [`MAX_LIST_RUNS`]), so that one cell does not cost the page every cell after it.
fn read_list(engine: &Engine, list_path: &Path, images: &[String], psm: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = 0;
    for _ in 0..MAX_LIST_RUNS {
        let rest = &images[start..];
        if rest.is_empty() || std::fs::write(list_path, rest.join("\n") + "\n").is_err() {
            break;
        }
        let Some(tsv) = engine.tsv_as_far_as_read(list_path, psm) else {
            break;
        };
        out.extend(
            words(&tsv)
                .filter(|w| (1..=rest.len()).contains(&w.page))
                .map(|w| Word {
                    page: w.page + start,
                    ..w
                }),
        );
        let done = pages_read(&tsv);
        if done >= rest.len() {
            break;
        }
        // (the image after the last one read stopped the run)
        start += done + 1;
    }
    out
}

/// How many images of a list tesseract's TSV output covers (its page rows, level 1).
fn pages_read(tsv: &str) -> usize {
    tsv.lines()
        .filter_map(|l| l.strip_prefix("1\t"))
        .filter_map(|l| l.split('\t').next()?.trim().parse::<usize>().ok())
        .max()
        .unwrap_or(0)
}

/// A word is of its line's text size where its height is within this share of the line's
/// usual height: tesseract boxes some words of a borderless table's line over part of the line
/// below (`支出` 42 pixels high on a line of text 25 high, rows 38 apart).
const LINE_HEIGHT_SPREAD: f64 = 0.4;

/// A word lower than this share of its line's highest is a sliver (`一`, `、`), not of the
/// line's size: it does not set the line's height.
const SLIVER_SHARE: f64 = 1.0 / 3.0;

/// Words with the height of their line: each word's box spans the top to the bottom of the
/// words tesseract put on its line that are of the line's text size (within
/// [`LINE_HEIGHT_SPREAD`] of its usual height: of its words' heights but the slivers', the one
/// nearest the page's text height). A character's box is its ink (`一` a sliver at
/// mid-height, `公` the whole height), so that the words of one line of a title, boxed alone,
/// would not overlap enough to be read as one line; a word boxed over two lines would make
/// their rows look like one, and a word boxed short (`一、` beside an amount) would cut its line.
/// A line of slivers alone takes the page's text height about its middle: a glyph's height
/// sets how near the next must stand to share its printed line.
fn level_lines(mut words: Vec<Word>) -> Vec<Word> {
    let Some(page) = page_text_height(&words) else {
        return words;
    };
    let spans: Vec<(LineKey, (f64, f64))> = line_keys(&words)
        .into_iter()
        .filter_map(|key| {
            let on = || words.iter().filter(move |w| (w.page, w.line) == key);
            let usual = usual_height(on().map(height), page)?;
            let sized = on().filter(|w| (height(w) - usual).abs() <= LINE_HEIGHT_SPREAD * usual);
            let (top, bottom) = sized.fold((f64::MAX, f64::MIN), |(top, bottom), w| {
                (top.min(w.bbox.1), bottom.max(w.bbox.3))
            });
            // (a line of slivers alone, `一` read apart from its label: the page's text height
            // about its middle, as a character's square is about its ink)
            if bottom - top < SLIVER_SHARE * page {
                let mid = (top + bottom) / 2.0;
                return Some((key, (mid - page / 2.0, mid + page / 2.0)));
            }
            Some((key, (top, bottom)))
        })
        .collect();
    for w in &mut words {
        if let Some((_, (top, bottom))) = spans.iter().find(|(k, _)| *k == (w.page, w.line)) {
            w.bbox.1 = *top;
            w.bbox.3 = *bottom;
        }
    }
    words
}

fn height(w: &Word) -> f64 {
    w.bbox.3 - w.bbox.1
}

/// The lines the words are on, in the order first met.
fn line_keys(words: &[Word]) -> Vec<LineKey> {
    let mut keys: Vec<LineKey> = Vec::new();
    for w in words {
        if !keys.contains(&(w.page, w.line)) {
            keys.push((w.page, w.line));
        }
    }
    keys
}

/// The page's usual text height: the median height of its characters (each word's height
/// counted once a character). None for no words.
fn page_text_height(words: &[Word]) -> Option<f64> {
    let mut hs: Vec<f64> = words
        .iter()
        .flat_map(|w| std::iter::repeat_n(height(w), w.text.chars().count()))
        .collect();
    hs.sort_by(f64::total_cmp);
    hs.get(hs.len() / 2).copied()
}

/// A line's usual height: of the heights at least [`SLIVER_SHARE`] of the highest, the one
/// nearest `page`. None for no heights.
fn usual_height(heights: impl Iterator<Item = f64>, page: f64) -> Option<f64> {
    let hs: Vec<f64> = heights.collect();
    let highest = hs.iter().copied().reduce(f64::max)?;
    hs.into_iter()
        .filter(|&h| h >= highest * SLIVER_SHARE)
        .min_by(|a, b| {
            (a - page)
                .abs()
                .total_cmp(&(b - page).abs())
                .then(a.total_cmp(b))
        })
}

/// Words of a line joined where one's box reaches into the next one's, in the order read:
/// tesseract may box a word of a CJK line wider than its ink (`功能` over `功能分类科`), and its
/// characters, spread evenly over such boxes, would interleave (`功分能类科`). The joined word
/// has the union of the boxes and the lowest confidence; words read with too little confidence
/// are left out first (so that one doubtful character does not take its neighbours with it).
fn join_overlapping(words: Vec<Word>) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::with_capacity(words.len());
    for w in words.into_iter().filter(|w| w.conf >= MIN_WORD_CONFIDENCE) {
        match out.last_mut() {
            Some(prev)
                if (prev.page, prev.line) == (w.page, w.line)
                    && w.bbox.0 < prev.bbox.2
                    && w.bbox.2 > prev.bbox.0 =>
            {
                prev.text.push_str(&w.text);
                prev.bbox = union(prev.bbox, w.bbox);
                prev.conf = prev.conf.min(w.conf);
            }
            _ => out.push(w),
        }
    }
    out
}

/// `words` but the ones `dropped`, then `added`: the words with some replaced by a second
/// reading.
fn replaced(words: Vec<Word>, dropped: Vec<bool>, added: Vec<Word>) -> Vec<Word> {
    let kept = words
        .into_iter()
        .zip(dropped)
        .filter(|(_, d)| !d)
        .map(|(w, _)| w);
    kept.chain(added).collect()
}

/// An enumerator's `、` left unread opens a gap of a character before the label it starts.
const ENUMERATOR_GAP: f64 = 1.5;

/// An enumerator set this far (in its heights) or more before its label has its `、` between
/// (the mark's square, its ink at the left: `八` 1.1 heights before `社会保障…`); numerals
/// set closer to the text after them are a word of it (`三公经费`).
const MARK_GAP: f64 = 0.8;

/// Enumerators (`二十四`, `三、`) joined to the label each starts: the word right of it on its
/// line within [`ENUMERATOR_GAP`] of its height, of Chinese text. Tesseract's sparse reading
/// often puts them in blocks of their own, and drops the `、` between.
fn join_enumerators(mut words: Vec<Word>) -> Vec<Word> {
    let mut k = 0;
    while k < words.len() {
        let next = (0..words.len())
            .filter(|&j| j != k && starts_label(&words[k], &words[j]))
            .min_by(|&a, &b| words[a].bbox.0.total_cmp(&words[b].bbox.0));
        match next {
            Some(j) => {
                let label = words.remove(j);
                let k = if j < k { k - 1 } else { k };
                let w = &mut words[k];
                // (the gap where `、` stands unread: put back, the enumerator starts the row)
                // (not after `一` alone: tesseract boxes it short of its ink, and `一般…`
                // starts many labels)
                let marked = w.text.ends_with('、') || label.text.starts_with('、');
                let gap = label.bbox.0 - w.bbox.2;
                if !marked && w.text != "一" && gap >= MARK_GAP * height(w) {
                    w.text.push('、');
                }
                w.text.push_str(&label.text);
                w.bbox = union(w.bbox, label.bbox);
                w.conf = w.conf.min(label.conf);
                w.line = label.line;
            }
            None => k += 1,
        }
    }
    words
}

/// Is `word` an enumerator that starts the label `next`: `next` begins with a Chinese
/// character within [`ENUMERATOR_GAP`] of the enumerator's height right of it, and their boxes
/// share most of their height.
fn starts_label(word: &Word, next: &Word) -> bool {
    let text = word.text.strip_suffix('、').unwrap_or(&word.text);
    let h = height(word);
    let shared = word.bbox.3.min(next.bbox.3) - word.bbox.1.max(next.bbox.1);
    let gap = next.bbox.0 - word.bbox.2;
    !text.is_empty()
        && text.chars().all(|c| NUMERALS.contains(c))
        && next.text.chars().next().is_some_and(is_cjk)
        && (0.0..ENUMERATOR_GAP * h).contains(&gap)
        && shared > h / 2.0
}

fn union(a: FBox, b: FBox) -> FBox {
    (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3))
}

/// A line tesseract read: the image it is on and its block, paragraph and line there.
type LineKey = (usize, (u32, u32, u32));

/// A box in pixels as x0, y0, x1, y1 (of floats, as tesseract's boxes are read).
type FBox = (f64, f64, f64, f64);

/// A word tesseract read: the image it is on (from 1, in the order of the input list), the
/// line it is on there (block, paragraph, line), its box, its confidence (0–100) and its text.
#[derive(Clone, Debug, PartialEq)]
struct Word {
    page: usize,
    line: (u32, u32, u32),
    bbox: FBox,
    conf: f64,
    text: String,
}

impl Word {
    /// The word read on an image that is the part of another from `(dx, dy)` on, shrunk by
    /// `scale`, placed on that other.
    fn placed(self, (dx, dy): (f64, f64), scale: f64) -> Word {
        let (x0, y0, x1, y1) = self.bbox;
        Word {
            bbox: (
                x0 / scale + dx,
                y0 / scale + dy,
                x1 / scale + dx,
                y1 / scale + dy,
            ),
            ..self
        }
    }
}

/// The words of tesseract's TSV output (rows of level 5 with text).
fn words(tsv: &str) -> impl Iterator<Item = Word> + '_ {
    tsv.lines().skip(1).filter_map(word_of)
}

/// One TSV row as a word, when it is one (level 5) and has text.
fn word_of(line: &str) -> Option<Word> {
    let f: Vec<&str> = line.split('\t').collect();
    if f.len() < 12 || f[0] != "5" || f[11].trim().is_empty() {
        return None;
    }
    let n = |i: usize| f[i].trim().parse::<f64>().ok();
    let (l, t, w, h, conf) = (n(6)?, n(7)?, n(8)?, n(9)?, n(10)?);
    let at = |i: usize| f[i].trim().parse::<u32>().ok();
    Some(Word {
        page: f[1].trim().parse().ok()?,
        line: (at(2)?, at(3)?, at(4)?),
        bbox: (l, t, l + w, t + h),
        conf,
        text: f[11].trim().to_string(),
    })
}

/// The page's largest image XObject, in grey.
fn page_image(doc: &Document, page_id: ObjectId) -> Option<Gray> {
    let res = crate::page_resources(doc, page_id)?;
    let xobjects = sub_dict(doc, res, b"XObject")?;
    xobjects
        .iter()
        .filter_map(|(_, o)| crate::object::deref(doc, o).as_stream().ok())
        .filter(|s| {
            dict_get(doc, &s.dict, b"Subtype").and_then(|o| o.as_name().ok()) == Some(b"Image")
        })
        .filter_map(|s| image(doc, &s.dict, s))
        .max_by_key(|g| g.w * g.h)
}

/// An image stream in grey: JPEG, or 8-bit grey or RGB samples.
fn image(doc: &Document, d: &Dictionary, s: &lopdf::Stream) -> Option<Gray> {
    let num = |k: &[u8]| dict_get(doc, d, k).and_then(|o| o.as_i64().ok());
    let (w, h) = (
        usize::try_from(num(b"Width")?).ok()?,
        usize::try_from(num(b"Height")?).ok()?,
    );
    let filters: Vec<Vec<u8>> = match dict_get(doc, d, b"Filter") {
        Some(Object::Name(n)) => vec![n.clone()],
        Some(Object::Array(a)) => a
            .iter()
            .filter_map(|o| o.as_name().ok().map(|n| n.to_vec()))
            .collect(),
        _ => Vec::new(),
    };
    if filters.len() == 1 && filters[0] == b"DCTDecode" {
        return Gray::from_jpeg(&s.content);
    }
    if num(b"BitsPerComponent") != Some(8) {
        return None;
    }
    let channels = match dict_get(doc, d, b"ColorSpace").and_then(|o| o.as_name().ok()) {
        Some(b"DeviceGray") => 1,
        Some(b"DeviceRGB") => 3,
        _ => return None,
    };
    let data = crate::stream::decode(s, MAX_IMAGE_BYTES).ok()?;
    Gray::from_samples(&data, w, h, channels)
}

/// The tesseract page segmentation mode for a cell of one line: a single line of text.
const PSM_LINE: &str = "7";

/// The tesseract page segmentation mode for a cell of several lines: a uniform block of text.
const PSM_BLOCK: &str = "6";

/// Points in an inch: a page's size in points and its image's in pixels give the scan's ppi.
const POINTS_PER_INCH: f64 = 72.0;

/// The resolutions tesseract is told (ppi): a scan's, within what any scan has.
const MIN_DPI: f64 = 50.0;
const MAX_DPI: f64 = 1200.0;

/// The tesseract binary, the resolution of the page it reads and the language it reads.
#[derive(Clone, Copy)]
struct Engine<'a> {
    bin: &'a str,
    dpi: u32,
    language: &'a str,
}

impl Engine<'_> {
    /// Runs tesseract on `input` (an image, or a list file naming images: one run, the
    /// language data read once) with page segmentation `psm`; its TSV output, or None when it
    /// cannot run or fails.
    fn tsv(&self, input: &Path, psm: &str) -> Option<String> {
        let (tsv, ok) = self.run(input, psm)?;
        ok.then_some(tsv)
    }

    /// Runs tesseract as [`Engine::tsv`] does; its TSV output as far as it got, even where it
    /// failed or crashed part of the way through a list.
    fn tsv_as_far_as_read(&self, input: &Path, psm: &str) -> Option<String> {
        self.run(input, psm).map(|(tsv, _)| tsv)
    }

    /// Runs tesseract on `input` with page segmentation `psm`: its output, and whether it
    /// succeeded; None when it cannot be started.
    fn run(&self, input: &Path, psm: &str) -> Option<(String, bool)> {
        let out = Command::new(self.bin)
            .arg(input)
            .args(["stdout", "-l", self.language, "--psm", psm, "--dpi"])
            .arg(self.dpi.to_string())
            .arg("tsv")
            // one thread: the batch runs files in parallel already
            .env("OMP_THREAD_LIMIT", "1")
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        Some((
            String::from_utf8_lossy(&out.stdout).into_owned(),
            out.status.success(),
        ))
    }
}

/// Words as glyphs added to `out`: each word's box split evenly among its characters, scaled
/// from pixels to points by `sx`, `sy`; words read with too little confidence left out. Each
/// word kept is listed with its confidence.
/// A word's text without the noise OCR reads at its edges, and with the decimal point of an
/// amount read as a colon put back.
fn cleaned(text: &str) -> std::borrow::Cow<'_, str> {
    // (a rule the erasing missed reads as `|` at a word's edge)
    let word = text.trim_matches(RULE_LIKE);
    // (a number's edge picks up specks read as punctuation: `1,448.63)`, `0.00，`)
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        let number = word.trim_end_matches(NUMBER_TAIL_NOISE);
        match colon_for_point(number) {
            Some(mended) => mended.into(),
            None => match regrouped(number) {
                Some((mended, _)) => mended.into(),
                None => number.into(),
            },
        }
    } else {
        word.into()
    }
}

/// Digits after an amount's decimal point: cents.
const CENT_DIGITS: usize = 2;

/// Digits between two thousands separators.
const GROUP_DIGITS: usize = 3;

/// The confidence given to a doubtful reading of an amount: one in a form no report prints
/// ([`misformed`]: `1763,159.52`, `02.03`, its digits as they stand — a separator read wrong
/// may be a digit lost or a speck read as one), or a Latin reading not sure enough
/// ([`take_latin`]). Under the least an amount is kept on (the analysis' 50): only a sum
/// holding with it keeps it.
const DOUBTFUL_READING_CONFIDENCE: f64 = 40.0;

/// Is `text` an amount in a form no report prints: its thousands separators misplaced
/// (`1763,159.52`: [`regrouped`]) or a zero leading its whole part (`02.03`, read for 62.63)?
/// Its digits as read are doubtful.
fn misformed(text: &str) -> bool {
    let number = text
        .trim_matches(RULE_LIKE)
        .trim_end_matches(NUMBER_TAIL_NOISE);
    let digits = number.strip_prefix('-').unwrap_or(number);
    // (a point asked: `05`, a 款 printed in its own column, is no amount)
    let leading_zero = digits.contains('.')
        && digits.starts_with('0')
        && digits.as_bytes()[1].is_ascii_digit()
        && is_amount_text(digits);
    leading_zero || matches!(regrouped(number), Some((_, true)))
}

/// An amount OCR read with its thousands separators wrong, as a plain number: a `;` for a `,`
/// (`3;609,125.22`) grouped right is an amount sure as read (`3,609,125.22`, `false`); digits
/// grouped wrong (`1763,159.52`) are the number without its separators, doubtful
/// (`1763159.52`, `true`). `None` for anything else: an amount as printed, or no amount (two
/// decimals after the point are asked: a code, a date or a list is left alone).
fn regrouped(number: &str) -> Option<(String, bool)> {
    let (whole, cents) = number.split_once('.')?;
    let cents_ok = cents.len() == CENT_DIGITS && cents.bytes().all(|b| b.is_ascii_digit());
    let marks = |c: char| matches!(c, ',' | ';' | '；' | '，');
    if !cents_ok || whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit() || marks(c)) {
        return None;
    }
    let groups: Vec<&str> = whole.split(marks).collect();
    let grouped = groups.len() > 1
        && (1..=GROUP_DIGITS).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == GROUP_DIGITS);
    if grouped {
        let sure = groups.join(",");
        return (sure != whole).then(|| (format!("{sure}.{cents}"), false));
    }
    let digits: String = groups.concat();
    (groups.len() > 1 && !digits.is_empty()).then(|| (format!("{digits}.{cents}"), true))
}

/// `40,233:95` (a point OCR read as a colon) as `40,233.95`: digits and thousands separators,
/// one colon, and the two digits of cents after it. `None` for anything else.
fn colon_for_point(number: &str) -> Option<String> {
    let (whole, cents) = number.split_once([':', '：'])?;
    let amount = !whole.is_empty()
        && whole.chars().all(|c| c.is_ascii_digit() || c == ',')
        && cents.len() == CENT_DIGITS
        && cents.chars().all(|c| c.is_ascii_digit());
    amount.then(|| format!("{whole}.{cents}"))
}

/// Full-width marks printed at the left of their square (a word's box ends at their ink).
const LEFT_SET_MARKS: &[char] = &['、', '，', '。', '；', '：'];

fn glyphs(words: impl IntoIterator<Item = Word>, sx: f64, sy: f64, out: &mut OcrPage) {
    for w in words.into_iter().filter(|w| w.conf >= MIN_WORD_CONFIDENCE) {
        let text: Vec<char> = cleaned(&w.text)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if text.is_empty() {
            continue;
        }
        let (x0, y0, mut x1, y1) = (w.bbox.0 * sx, w.bbox.1 * sy, w.bbox.2 * sx, w.bbox.3 * sy);
        let size = (y1 - y0).max(1.0);
        // (a word of Chinese ending with a mark set at the left of its square, `二、`, takes
        // a square a character: its box ends with the mark's ink, which would part an
        // enumerator from the label it starts)
        if text.last().is_some_and(|c| LEFT_SET_MARKS.contains(c))
            && text.iter().all(|&c| is_cjk(c))
        {
            x1 = x1.max(x0 + size * text.len() as f64);
        }
        let cw = (x1 - x0) / text.len() as f64;
        let conf = if misformed(&w.text) {
            w.conf.min(DOUBTFUL_READING_CONFIDENCE)
        } else {
            w.conf
        };
        // (tesseract's confidence is 0–100; rounded, it is the same on every machine)
        let confidence = conf.round().clamp(0.0, 100.0) as u8;
        out.words.push((BBox::new(x0, y0, x1, y1), confidence));
        for (k, c) in text.iter().enumerate() {
            let cx = x0 + cw * k as f64;
            out.chars.push(Char {
                text: c.to_string().into(),
                bbox: BBox::new(cx, y0, cx + cw, y1),
                size,
                font: 0,
                space_before: false,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The real 长沙 2025 budget scanned: `chi_sim` read `28,398.17` as `28;398:了` in three
    /// tables (3 facts lost); such a cell is read again with `eng` (`28,398.17`).
    #[test]
    fn a_number_chi_sim_garbled_is_read_again() {
        // (`过7`: 2.71 in a real 上海 决算 scanned)
        for garbled in [
            "28;398:了",
            "28,398.1了",
            "3.0O0",
            "1,2345.67",
            "12..5",
            "过7",
        ] {
            assert!(garbled_number(garbled), "{garbled}");
        }
        // amounts, codes, labels, a lone digit: as read
        for kept in [
            "28,398.17",
            "2040201",
            "-1,234.56",
            "0.00",
            "2025年预算",
            "7",
            "行政运行",
        ] {
            assert!(!garbled_number(kept), "{kept}");
        }
        assert!(holds_in_order("28, 398. 17", "28398"));
        assert!(!holds_in_order("28, 398. 17", "28938"));
        assert!(!holds_in_order("97.18", "9715"));
        assert!(is_amount_text("28,398.17"));
        assert!(is_amount_text("40233.95"));
        assert!(!is_amount_text("28,39.17"));
        assert!(!is_amount_text("1234,567.00"));
        assert!(!is_amount_text("12."));
        assert!(!is_amount_text(""));
    }

    /// The real 长沙 2025 budget scanned: `40,233.95` read as `40,233:95`, no amount.
    #[test]
    fn a_point_read_as_a_colon_is_put_back() {
        assert_eq!(cleaned("40,233:95"), "40,233.95");
        assert_eq!(cleaned("7：25"), "7.25");
        assert_eq!(cleaned("1,448.63)"), "1,448.63");
        // not the cents of an amount: as read
        assert_eq!(cleaned("10:300"), "10:300");
        assert_eq!(cleaned("12:3"), "12:3");
        assert_eq!(cleaned("1:2:30"), "1:2:30");
        assert_eq!(cleaned("附表:12"), "附表:12");
    }

    /// A real 上海 部门预算 scanned: `3;609,125.22` (a `;` for a `,`) and `1763,159.52` (a
    /// separator lost) were no amounts, and three facts were lost. The first is an amount as
    /// read; the second is read without its separators and doubtful, for a sum to vouch for.
    #[test]
    fn an_amount_with_its_separators_misread_is_read() {
        assert_eq!(cleaned("3;609,125.22"), "3,609,125.22");
        assert_eq!(cleaned("12；345.60"), "12,345.60");
        assert_eq!(
            regrouped("3;609,125.22"),
            Some(("3,609,125.22".into(), false))
        );
        assert_eq!(cleaned("1763,159.52"), "1763159.52");
        assert_eq!(regrouped("1763,159.52"), Some(("1763159.52".into(), true)));
        assert_eq!(regrouped("1,76,159.52"), Some(("176159.52".into(), true)));
        // amounts as printed, and what no amount is, left alone
        assert_eq!(regrouped("1,763,159.52"), None);
        assert_eq!(regrouped("1763159.52"), None);
        assert_eq!(cleaned("201,202"), "201,202");
        assert_eq!(cleaned("1;2"), "1;2");
        assert_eq!(cleaned("1,2.5"), "1,2.5");
    }

    /// A real 上海 决算 scanned: 62.63 read as `02.03` and 2.71 as `2` — taken as 2.03 and 2,
    /// wrong facts. A zero leading a whole part is doubtful; a number far shorter than its ink
    /// is read again.
    #[test]
    fn a_misformed_or_short_number_is_doubtful() {
        assert!(misformed("02.03"));
        assert!(misformed("1763,159.52"));
        assert!(!misformed("0.03") && !misformed("05") && !misformed("62.63"));
        assert!(garbled_number("02.03"));
        assert!(!garbled_number("05"));
        // `2.71` at 200 ppi: about 1.9 of its height wide
        assert!(short_number("2", || 1.9));
        assert!(!short_number("2.71", || 1.9) && !short_number("10", || 1.1));
        assert!(!short_number("合计", || 0.5) && !short_number("", || 1.9));
    }

    /// The skew of the sample scan's pages (`tests/data/ocr`): -0.2° each (the best of every
    /// pixel's rows, measured apart with numpy), read as 0° when every other row was sampled.
    #[test]
    fn the_sample_scans_turn_is_measured() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/data/ocr/scan-income-expenditure.pdf"
        );
        let doc = Document::load(path).expect("the sample scan");
        let skews: Vec<f64> = doc
            .get_pages()
            .values()
            .map(|&id| {
                page_image(&doc, id)
                    .expect("a page image")
                    .skew()
                    .to_degrees()
            })
            .collect();
        assert_eq!(skews.len(), 2);
        for a in &skews {
            assert!((a + 0.2).abs() <= 0.051, "{skews:?}");
        }
    }

    fn read(words: impl IntoIterator<Item = Word>, s: f64) -> OcrPage {
        let mut out = OcrPage::default();
        glyphs(words, s, s, &mut out);
        out
    }

    #[test]
    fn tsv_words_become_glyphs_in_page_space() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   5\t1\t1\t1\t1\t1\t100\t200\t60\t20\t95.5\t合计\n\
                   5\t1\t1\t1\t1\t2\t300\t200\t90\t20\t91.0\t1,802.27\n\
                   5\t1\t1\t1\t1\t3\t500\t200\t10\t10\t12.0\t~\n\
                   4\t1\t1\t1\t1\t0\t100\t200\t290\t20\t-1\t\n";
        let read = read(words(tsv), 0.5);
        let g = &read.chars;
        let text: String = g
            .iter()
            .map(|c| c.text.as_ref())
            .collect::<Vec<&str>>()
            .concat();
        assert_eq!(text, "合计1,802.27", "a low-confidence word is left out");
        assert_eq!(g[0].bbox, BBox::new(50.0, 100.0, 65.0, 110.0));
        assert_eq!(g[1].bbox.x0, 65.0);
        assert_eq!(
            read.words,
            [
                (BBox::new(50.0, 100.0, 80.0, 110.0), 96),
                (BBox::new(150.0, 100.0, 195.0, 110.0), 91)
            ],
            "each word kept, with its confidence rounded"
        );
    }

    #[test]
    fn a_cell_word_line_is_read_with_its_cell_and_box() {
        let w = word_of("5\t3\t1\t1\t1\t2\t10\t4\t30\t12\t88.5\t合计").unwrap();
        assert_eq!(w.page, 3);
        assert_eq!(w.bbox, (10.0, 4.0, 40.0, 16.0));
        assert_eq!(w.text, "合计");
        assert!(word_of("4\t3\t1\t1\t1\t0\t10\t4\t30\t12\t-1\t").is_none());
        assert!(word_of("5\tx\t1").is_none());
    }

    /// The words of one line take the line's height: `一` alone is a sliver at mid-height.
    #[test]
    fn the_words_of_a_line_share_its_height() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   5\t1\t1\t1\t1\t1\t100\t212\t30\t4\t90\t一\n\
                   5\t1\t1\t1\t1\t2\t130\t200\t30\t30\t90\t般\n\
                   5\t1\t2\t1\t1\t1\t100\t300\t30\t30\t90\t公\n";
        let spans = leveled(tsv);
        assert_eq!(spans, [(200.0, 230.0), (200.0, 230.0), (300.0, 330.0)]);
    }

    /// The top and bottom of each word of `tsv` once its lines are levelled.
    fn leveled(tsv: &str) -> Vec<(f64, f64)> {
        let w = level_lines(words(tsv).collect());
        w.iter().map(|w| (w.bbox.1, w.bbox.3)).collect()
    }

    const HEAD: &str =
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n";

    /// Seed 5's scanned 收入支出决算总表, borderless, rows 38 pixels apart: tesseract boxed `支出`
    /// of one row 42 pixels high, over the top of the row below (and a lone `三` 61 high); the
    /// lines keep their words' height (a line as high as two rows ran their labels together).
    #[test]
    fn a_word_boxed_over_two_lines_does_not_stretch_its_line() {
        let tsv = format!(
            "{HEAD}5\t1\t13\t1\t1\t1\t894\t466\t25\t3\t93\t一\n\
             5\t1\t13\t1\t1\t2\t929\t454\t16\t25\t92\t般\n\
             5\t1\t13\t1\t1\t3\t953\t456\t19\t23\t92\t公\n\
             5\t1\t13\t1\t1\t4\t979\t455\t19\t24\t93\t共\n\
             5\t1\t13\t1\t1\t5\t1065\t450\t36\t42\t96\t支出\n\
             5\t1\t47\t1\t1\t1\t841\t917\t50\t25\t87\t十\n\
             5\t1\t47\t1\t1\t2\t878\t898\t17\t61\t76\t三\n"
        );
        let spans = leveled(&tsv);
        let rows = [(454.0, 479.0), (917.0, 942.0)];
        assert_eq!(
            spans,
            [rows[0], rows[0], rows[0], rows[0], rows[0], rows[1], rows[1]]
        );
    }

    /// Seed 23's scanned 财政拨款收入支出决算总表: a line read again whole boxed `一、` 12 pixels
    /// high beside `24,053.83` 25 high; of two heights the line takes the one nearer the page's
    /// text (a line 12 high was a row of its own, and the amount lost its label).
    #[test]
    fn a_line_takes_the_height_of_the_page_text_not_of_a_short_word() {
        let tsv = format!(
            "{HEAD}5\t1\t1\t1\t1\t1\t657\t418\t90\t25\t91\t24,053.83\n\
             5\t1\t1\t1\t1\t2\t799\t428\t30\t12\t90\t一、\n\
             5\t1\t2\t1\t1\t1\t852\t417\t180\t24\t95\t一般公共服务支出\n"
        );
        let spans = leveled(&tsv);
        assert_eq!(spans, [(418.0, 443.0), (418.0, 443.0), (417.0, 441.0)]);
    }

    /// Seed 41's scanned 收入支出决算总表: `一` of `一、` read as a line of its own, 4 pixels
    /// high, set the height of the printed line its glyphs started, and the row's amounts
    /// (their middle 2 pixels lower) fell onto a line of their own below its labels. A line
    /// of slivers alone takes the page's text height about its middle.
    #[test]
    fn a_line_of_a_sliver_alone_takes_the_page_text_height() {
        let tsv = format!(
            "{HEAD}5\t1\t1\t1\t1\t1\t171\t550\t40\t4\t92\t一\n\
             5\t1\t2\t1\t1\t1\t224\t539\t300\t26\t95\t一般公共预算财政拨款收入\n\
             5\t1\t3\t1\t1\t1\t714\t542\t90\t25\t91\t4,494.55\n"
        );
        let spans = leveled(&tsv);
        assert_eq!(spans, [(539.0, 565.0), (539.0, 565.0), (542.0, 567.0)]);
    }

    /// Seed 23's scanned 财政拨款收入支出决算总表 in small print: the sparse reading put `二十四`
    /// and its label in blocks of their own and dropped the `、` between (a gap of a character);
    /// `二、`'s box ends with the ink of `、`, set at the left of its square. Both keep the
    /// enumerator on its label's segment; a number before a label is no enumerator.
    #[test]
    fn an_enumerator_stays_with_the_label_it_starts() {
        let tsv = format!(
            "{HEAD}5\t1\t209\t1\t1\t1\t613\t1457\t60\t19\t95\t二十四\n\
             5\t1\t210\t1\t1\t1\t691\t1457\t114\t19\t90\t债务还本支出\n\
             5\t1\t211\t1\t1\t1\t613\t1500\t30\t19\t95\t2024\n\
             5\t1\t212\t1\t1\t1\t660\t1500\t40\t19\t90\t年度\n"
        );
        let w = join_enumerators(words(&tsv).collect());
        let texts: Vec<&str> = w.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["二十四、债务还本支出", "2024", "年度"]);
        assert_eq!(w[0].bbox, (613.0, 1457.0, 805.0, 1476.0));
        // `二、` 30 wide for two characters 20 high: 40 wide
        let marked = read(
            words(&format!(
                "{HEAD}5\t1\t1\t1\t1\t1\t100\t200\t30\t20\t95\t二、\n"
            )),
            1.0,
        );
        assert_eq!(marked.chars[1].bbox, BBox::new(120.0, 200.0, 140.0, 220.0));
        // (a line of Chinese ending in `，` keeps its box: `125.82%，` is no square a character)
        let read2 = read(
            words(&format!(
                "{HEAD}5\t1\t1\t1\t1\t1\t100\t200\t80\t20\t95\t12.5%，\n"
            )),
            1.0,
        );
        assert_eq!(read2.words[0].0.x1, 180.0);
    }

    /// Tesseract boxed `功能` over the next word's place: the line is read in its order, not
    /// interleaved by its boxes.
    #[test]
    fn overlapping_words_of_a_line_keep_the_order_read() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   5\t1\t7\t1\t1\t1\t166\t338\t106\t22\t96\t功能\n\
                   5\t1\t7\t1\t1\t2\t217\t334\t22\t37\t96\t分\n\
                   5\t1\t7\t1\t1\t3\t238\t334\t19\t37\t92\t类\n\
                   5\t1\t7\t1\t1\t4\t256\t334\t20\t37\t52\t科\n\
                   5\t1\t7\t1\t1\t5\t270\t334\t20\t37\t12\t~\n\
                   5\t1\t7\t1\t1\t6\t600\t334\t80\t37\t91\t8,192.39\n";
        let joined = join_overlapping(words(tsv).collect());
        let texts: Vec<&str> = joined.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["功能分类科", "8,192.39"]);
        assert_eq!(joined[0].bbox, (166.0, 334.0, 276.0, 371.0));
        assert_eq!(joined[0].conf, 52.0);
        let page = read(joined, 1.0);
        let mut chars: Vec<&Char> = page.chars.iter().collect();
        chars.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
        let text: String = chars.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(text, "功能分类科8,192.39");
    }

    /// Tesseract crashes on some images without text, after writing what it read of the list
    /// before them: that is kept, and the images after the crash are read in another run.
    #[cfg(unix)]
    #[test]
    fn a_list_run_stopped_by_one_image_goes_on_past_it() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        // a stand-in for tesseract: one word a listed image, until an image named `blank`
        let fake = dir.path().join("tesseract");
        std::fs::write(
            &fake,
            "#!/bin/sh\nn=0\nprintf 'level\\tpage_num\\n'\n\
             while read -r img; do\n\
               case \"$img\" in *blank*) exit 136;; esac\n\
               n=$((n+1))\n\
               printf '1\\t%d\\t0\\t0\\t0\\t0\\t0\\t0\\t9\\t9\\t-1\\t\\n' $n\n\
               printf '5\\t%d\\t1\\t1\\t1\\t1\\t0\\t0\\t9\\t9\\t90\\t%s\\n' $n \"${img##*/}\"\n\
             done < \"$1\"\n",
        )
        .unwrap();
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        let engine = Engine {
            bin: fake.to_str().unwrap(),
            dpi: 200,
            language: LANGUAGE,
        };
        let images: Vec<String> = ["a", "b", "blank", "c", "blank2", "d"]
            .iter()
            .map(|n| dir.path().join(n).to_string_lossy().into_owned())
            .collect();
        let read = read_list(&engine, &dir.path().join("list.txt"), &images, PSM_LINE);
        let got: Vec<(usize, &str)> = read.iter().map(|w| (w.page, w.text.as_str())).collect();
        assert_eq!(got, [(1, "a"), (2, "b"), (4, "c"), (6, "d")]);
        assert_eq!(pages_read("level\n1\t3\t0\n5\t3\t1\n1\t4\t0\n"), 4);
        assert_eq!(pages_read(""), 0);
    }

    /// `六、科学技术支出` with its `、` read at 0 is kept (a label takes its words' mean
    /// confidence); `1,448.63` with one word read at 12 is not (a number takes the least).
    #[test]
    fn a_label_survives_one_doubtful_character_and_a_number_does_not() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   5\t1\t1\t1\t1\t1\t0\t0\t20\t20\t93\t六\n\
                   5\t1\t1\t1\t1\t2\t20\t0\t20\t20\t0\t、\n\
                   5\t1\t1\t1\t1\t3\t40\t0\t90\t20\t95\t科学技术支出\n\
                   5\t2\t1\t1\t1\t1\t0\t0\t40\t20\t91\t1,448\n\
                   5\t2\t1\t1\t1\t2\t40\t0\t20\t20\t12\t.63\n";
        let lines = cell_lines(words(tsv).collect());
        let got: Vec<(&str, f64)> = lines.iter().map(|l| (l.text.as_str(), l.conf)).collect();
        assert_eq!(
            got,
            [("六、科学技术支出", 62.666666666666664), ("1,448.63", 12.0)]
        );
        let page = read(lines, 1.0);
        let text: String = page.chars.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(text, "六、科学技术支出");
        let specks =
            "level\n5\t1\t1\t1\t1\t1\t0\t0\t9\t9\t50\t生\n5\t1\t1\t1\t1\t2\t9\t0\t9\t9\t10\t:\n";
        assert_eq!(
            cell_lines(words(specks).collect())[0].conf,
            10.0,
            "too short a label"
        );
    }

    #[test]
    fn a_bad_tsv_gives_no_glyph() {
        assert!(read(words(""), 1.0).chars.is_empty());
        let bad = read(
            words("level\n5\tx\n5\t1\t1\t1\t1\t1\tl\tt\tw\th\tc\tx"),
            1.0,
        );
        assert!(bad.chars.is_empty() && bad.words.is_empty());
    }
}
