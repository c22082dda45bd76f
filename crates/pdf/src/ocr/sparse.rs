//! The amounts of a page's sparse reading (the text outside ruled cells: a borderless table's
//! amounts) that OCR read doubtfully, read again as the cells of a ruled table are: each word,
//! cut out with a margin of white, is a cell of its own for [`Cells::reread_numbers`]. The
//! sparse segmentation reads a clean `2.72` as `2` (at 50), `1.27` as `27` (at 1) and `3.75` as
//! `3579` (at 28); read alone with Latin data they come out right.
//!
//! The sparse segmentation also runs a dash into the amount on the line below or above it (`-`
//! over `0.58` read as one word `058`, two lines high): such a word is read again as a cell,
//! the dash painted out.

use super::raster::{Gray, PxBox};
use super::{middle_in, overlaps, Cells, Engine, Word};
use std::path::Path;

/// The white kept about a word cut out, as a share of its height: enough for the engine to
/// see the word whole, less than the gap between the rows of a dense table (about 0.7).
const WORD_MARGIN_HEIGHTS: f64 = 0.25;

/// The widest gap inside an amount, as a share of its text's height: the characters of
/// `44.84` stand a few pixels apart, the columns of a table a text height or more.
const AMOUNT_GAP_HEIGHTS: f64 = 0.5;

/// A dash whose middle is farther than this share of a word's height from its top and bottom
/// stands on the word's line (a hyphen, a minus); a dash run into an amount two rows high
/// stands near its top or bottom.
const INLINE_SHARE: f64 = 0.25;

/// `words` (tesseract's sparse reading of `page`, one image) with each word that reads as a
/// doubtful number read again alone ([`Cells::reread_numbers`]) and taken where it then reads
/// as an amount agreeing with the first reading. Images are written into `dir`.
pub(super) fn reread_numbers(
    engine: &Engine,
    page: &Gray,
    dir: &Path,
    mut words: Vec<Word>,
) -> Vec<Word> {
    let cells = Cells {
        dir,
        page,
        scale: (1.0, 1.0),
        on_scan: None,
        amounts: false,
    };
    // each candidate as cell k (from 1) of its own: its place in `words`, its box, and the
    // word in the cell
    let (mut at, mut cut, mut alone) = (Vec::new(), Vec::new(), Vec::new());
    for (i, w) in words.iter().enumerate() {
        if !w.text.contains(|c: char| c.is_ascii_digit()) || in_a_run(&words, i) {
            continue;
        }
        let cell = margined(w.bbox, page);
        let k = cut.len() + 1;
        let in_cell = Word {
            page: k,
            ..w.clone().placed((-(cell.0 as f64), -(cell.1 as f64)), 1.0)
        };
        if cells.doubtful_number(std::slice::from_ref(&in_cell), k, cell) {
            at.push(i);
            cut.push(cell);
            alone.push(in_cell);
        }
    }
    let mut images = Vec::with_capacity(cut.len());
    for (k, b) in cut.iter().enumerate() {
        let path = dir.join(format!("sparse-number{k}.pgm"));
        if std::fs::write(&path, page.crop(*b).to_pgm()).is_err() {
            return words;
        }
        images.push(path.to_string_lossy().into_owned());
    }
    cells.reread_numbers("sparse-number", &cut, &images, engine, &mut alone);
    // each reading in its first reading's place and line
    for w in alone {
        let k = w.page.wrapping_sub(1);
        let Some((&i, cell)) = at.get(k).zip(cut.get(k)) else {
            continue;
        };
        let placed = w.placed((cell.0 as f64, cell.1 as f64), 1.0);
        words[i] = Word {
            page: words[i].page,
            line: words[i].line,
            ..placed
        };
    }
    words
}

/// Does word `i` of `words` stand in a run of text, another word on its line less than its
/// height away (`2025` of `2025年1月1日`)? An amount of a borderless table stands alone in its
/// column; cut out with a margin, a word of a run takes in a piece of its neighbour, which
/// Latin data reads as more digits (`20254614`).
fn in_a_run(words: &[Word], i: usize) -> bool {
    let w = &words[i].bbox;
    let h = w.3 - w.1;
    words.iter().enumerate().any(|(j, o)| {
        let o = &o.bbox;
        let overlap = w.3.min(o.3) - w.1.max(o.1);
        let gap = (w.0.max(o.0) - w.2.min(o.2)).max(0.0);
        j != i && overlap >= 0.5 * h.min(o.3 - o.1) && gap < h
    })
}

/// The word box `b` grown by [`WORD_MARGIN_HEIGHTS`] of its height on every side, on `page`.
fn margined(b: (f64, f64, f64, f64), page: &Gray) -> PxBox {
    let m = WORD_MARGIN_HEIGHTS * (b.3 - b.1);
    let at = |v: f64, max: usize| (v.max(0.0).round() as usize).min(max);
    (
        at(b.0 - m, page.w),
        at(b.1 - m, page.h),
        at(b.2 + m, page.w),
        at(b.3 + m, page.h),
    )
}

/// The cells of `page` (its dashes `dashes` painted out) to read again for the amounts the
/// engine ran together with a dash (words holding a digit whose box takes in a dash), and the
/// rest of `words`: those not inside such a cell (a piece of the amount read as a word of its
/// own, `和` for `44.`, is read again with it).
pub(super) fn run_into_dashes(
    words: Vec<Word>,
    dashes: &[PxBox],
    page: &Gray,
) -> (Vec<PxBox>, Vec<Word>) {
    // (a dash at the word's mid-height is one it read on its line: `1日-2025年`)
    let off_line = |w: &Word, d: &PxBox| {
        let (cy, h) = ((d.1 + d.3) as f64 / 2.0, w.bbox.3 - w.bbox.1);
        cy < w.bbox.1 + INLINE_SHARE * h || cy > w.bbox.3 - INLINE_SHARE * h
    };
    let (dashed, words): (Vec<Word>, Vec<Word>) = words.into_iter().partition(|w| {
        w.text.contains(|c: char| c.is_ascii_digit())
            && dashes
                .iter()
                .any(|d| overlaps(&w.bbox, d) && off_line(w, d))
    });
    // (each cut to what ink is left, the line of the amount without the dash, and widened
    // over the rest of the amount where the engine boxed only a part of it: `4` of `44.84`)
    let cells: Vec<PxBox> = dashed
        .iter()
        .filter_map(|w| page.text_box(margined(w.bbox, page)))
        .map(|b| {
            let height = page.text_height(b).unwrap_or_default();
            page.widened_over_ink(b, (height * AMOUNT_GAP_HEIGHTS) as usize)
        })
        .collect();
    let rest = words
        .into_iter()
        .filter(|w| !cells.iter().any(|c| middle_in(w, c)))
        .collect();
    (cells, rest)
}

#[cfg(test)]
mod tests {
    use super::super::raster::tests::image;
    use super::*;

    fn word(text: &str, bbox: (f64, f64, f64, f64)) -> Word {
        Word {
            page: 1,
            line: (1, 1, 1),
            bbox,
            conf: 90.0,
            text: text.into(),
        }
    }

    #[test]
    fn a_number_in_a_run_of_text_is_not_cut_out_alone() {
        let words = vec![
            // a date: `2025` then `年1月1日` close beside it
            word("2025", (100.0, 50.0, 150.0, 75.0)),
            word("年1月1日", (155.0, 50.0, 260.0, 75.0)),
            // a table's amount, its row's code a column away
            word("2", (400.0, 50.0, 449.0, 70.0)),
            word("31003", (479.0, 50.0, 550.0, 71.0)),
        ];
        assert!(in_a_run(&words, 0) && in_a_run(&words, 1));
        assert!(!in_a_run(&words, 2) && !in_a_run(&words, 3));
    }

    #[test]
    fn an_amount_run_into_a_dash_is_cut_out_to_be_read_again_whole() {
        // a dash (painted out already) over `44.84`, whose left part the engine read as a word
        // of its own (`和`) and whose right part it ran into the dash (`4`, two lines high); a
        // code farther right, a label on the dash's line
        let strokes = [
            (90, 60, 98, 80),
            (101, 60, 109, 80),
            (112, 76, 115, 80),
            (118, 60, 126, 80),
            (129, 60, 137, 80),
            (180, 60, 220, 80),
            (20, 20, 60, 40),
        ];
        let page = image(300, 120, &strokes);
        let dash = (125, 29, 137, 32);
        // (a hyphen on a date's line is the date's)
        let hyphen = (250, 69, 258, 71);
        let words = vec![
            word("1日-2025年", (230.0, 60.0, 290.0, 80.0)),
            word("和", (90.0, 60.0, 114.0, 80.0)),
            word("4", (118.0, 28.0, 137.0, 80.0)),
            word("30217", (180.0, 60.0, 220.0, 80.0)),
            word("印刷费", (20.0, 20.0, 60.0, 40.0)),
        ];
        let (cells, rest) = run_into_dashes(words, &[dash, hyphen], &page);
        // (the whole amount with a margin, its line only, not the code)
        assert_eq!(cells, [(90, 50, 147, 90)]);
        let texts: Vec<&str> = rest.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["1日-2025年", "30217", "印刷费"]);
    }
}
