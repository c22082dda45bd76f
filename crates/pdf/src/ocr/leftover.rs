//! Ink beside a line that the sparse reading left out: tesseract's sparse segmentation drops
//! a row's enumerator before its label (`二、` of `二、政府性基金预算财政拨款收入` read as `2` at
//! 14, `三、` not at all), and a borderless table's label-only rows, their enumerators lost,
//! run into the row above. A line with marks before its first word that no word covers is read
//! again whole with them, as one line; the reading replaces the line's words where it gives
//! the same text after something more before it (read alone, the marks read wrong: `T` for
//! `一、`).

use super::dashes::components;
use super::lines::visual_lines;
use super::raster::{Gray, PxBox};
use super::{
    middle_in, overlaps, read_list, replaced, Engine, Word, MIN_WORD_CONFIDENCE, PSM_LINE,
};
use crate::align::enumerated;
use std::path::Path;

/// The widest gap between a line and the marks before it, and between those marks, as a share
/// of the line's height: `、` of an enumerator stands about half a character from the label.
const MARK_GAP_HEIGHTS: f64 = 1.0;

/// The most a line's left-out marks may reach before it, in its heights: `二十一、`.
const MARKS_REACH_HEIGHTS: f64 = 4.5;

/// The smallest mark, in pixels each way: a speck of dust is smaller; `、` of 9-point text at
/// 200 ppi is 8 pixels.
const MIN_MARK_PX: usize = 3;

/// The least confidence (0–100) of every word of a line read again with its left-out marks.
const MIN_PIECE_CONFIDENCE: f64 = 60.0;

/// The white left about a line cut out with its marks, in pixels.
const PIECE_MARGIN_PX: usize = 6;

/// `words` (the sparse reading of `page`, one image) with each line that has marks before it
/// that no word covers, nor any of the boxes `read` otherwise, read again whole with them by
/// `engine` (images written into `dir`) where that reads the line with more before it.
pub(super) fn read_left_out(
    engine: &Engine,
    page: &Gray,
    dir: &Path,
    words: Vec<Word>,
    read: &[PxBox],
) -> Vec<Word> {
    let lines = lines_with_marks(page, &words, read);
    if lines.is_empty() {
        return words;
    }
    let mut images = Vec::with_capacity(lines.len());
    for (k, (_, b)) in lines.iter().enumerate() {
        let path = dir.join(format!("left-out{k}.pgm"));
        if std::fs::write(&path, page.crop(*b).to_pgm()).is_err() {
            return words;
        }
        images.push(path.to_string_lossy().into_owned());
    }
    let again = read_list(engine, &dir.join("left-out.txt"), &images, PSM_LINE);
    replace_longer(words, &lines, again)
}

/// The lines of `words` with left-out marks before them: each line's words, left to right,
/// and the box (with a margin) on `page` of the line and its marks.
fn lines_with_marks(page: &Gray, words: &[Word], read: &[PxBox]) -> Vec<(Vec<usize>, PxBox)> {
    let inside = |c: &PxBox, r: &PxBox| c.0 < r.2 && r.0 < c.2 && c.1 < r.3 && r.1 < c.3;
    // (a word read too doubtfully to be kept covers nothing: `2` read at 14 for `二、`)
    let at: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].conf >= MIN_WORD_CONFIDENCE)
        .collect();
    let kept: Vec<Word> = at.iter().map(|&i| words[i].clone()).collect();
    let marks: Vec<PxBox> = components(page, (0, 0, page.w, page.h))
        .into_iter()
        .filter(|&(x0, y0, x1, y1)| x1 - x0 >= MIN_MARK_PX || y1 - y0 >= MIN_MARK_PX)
        .filter(|c| !kept.iter().any(|w| overlaps(&w.bbox, c)))
        .filter(|c| !read.iter().any(|r| inside(c, r)))
        .collect();
    let mut out = Vec::new();
    for mut line in visual_lines(&kept) {
        // (the line's words by their places in `words`)
        line.words.iter_mut().for_each(|i| *i = at[*i]);
        let (x0, y0, x1, y1) = line.bbox;
        let height = y1 - y0;
        // (marks whose middle is on the line, before it and within reach)
        let beside: Vec<PxBox> = marks
            .iter()
            .copied()
            .filter(|m| {
                let cy = (m.1 + m.3) as f64 / 2.0;
                (y0..=y1).contains(&cy)
                    && (m.2 as f64) <= x0 + 1.0
                    && (m.0 as f64) >= x0 - MARKS_REACH_HEIGHTS * height
            })
            .collect();
        // (chained from the line leftwards, each within a gap of the next)
        let gap = MARK_GAP_HEIGHTS * height;
        let mut left = x0;
        while let Some(m) = beside
            .iter()
            .filter(|m| (m.0 as f64) < left && (m.2 as f64) >= left - gap)
            .min_by_key(|m| m.0)
        {
            left = m.0 as f64;
        }
        if left < x0 {
            line.words
                .sort_by(|&a, &b| words[a].bbox.0.total_cmp(&words[b].bbox.0));
            let b = (
                (left as usize).saturating_sub(PIECE_MARGIN_PX),
                (y0 as usize).saturating_sub(PIECE_MARGIN_PX),
                (x1.ceil() as usize + PIECE_MARGIN_PX).min(page.w),
                (y1.ceil() as usize + PIECE_MARGIN_PX).min(page.h),
            );
            out.push((line.words, b));
        }
    }
    out
}

/// Is `t` a row's enumerator alone (`二、`, `二十一、`)?
fn is_enumerator(t: &str) -> bool {
    enumerated(t) && t.ends_with('、') && t.chars().filter(|&c| c == '、').count() == 1
}

/// `words` with each line of `lines` replaced by its reading whole (`read`: the words of the
/// `k`-th image on page `k`) where that reads every word surely and gives the line's text with
/// an enumerator before it ([`is_enumerator`]): what else the marks read as is not trusted.
/// The words read again keep the line's top and bottom: a line read whole comes back as high
/// as the image cut for it (35 pixels for text 25 high), which would make its row look as
/// close to the next as a wrapped label's lines.
fn replace_longer(words: Vec<Word>, lines: &[(Vec<usize>, PxBox)], read: Vec<Word>) -> Vec<Word> {
    let mut dropped = vec![false; words.len()];
    let mut added = Vec::new();
    for (k, (line, b)) in lines.iter().enumerate() {
        let again: Vec<&Word> = read.iter().filter(|w| w.page == k + 1).collect();
        let text: String = line.iter().map(|&i| words[i].text.as_str()).collect();
        let whole: String = again.iter().map(|w| w.text.as_str()).collect();
        let sure = again.iter().all(|w| w.conf >= MIN_PIECE_CONFIDENCE);
        let before = whole.strip_suffix(text.as_str());
        if !sure || !before.is_some_and(is_enumerator) {
            continue;
        }
        let Some(&first) = line.first() else {
            continue;
        };
        let top = line
            .iter()
            .map(|&i| words[i].bbox.1)
            .fold(f64::MAX, f64::min);
        let bottom = line
            .iter()
            .map(|&i| words[i].bbox.3)
            .fold(f64::MIN, f64::max);
        // (the line's words, and any other read in the piece: `V` and `AN` of `六、`)
        for (i, w) in words.iter().enumerate() {
            if line.contains(&i) || middle_in(w, b) {
                dropped[i] = true;
            }
        }
        added.extend(again.into_iter().map(|w| {
            let w = w.clone().placed((b.0 as f64, b.1 as f64), 1.0);
            Word {
                page: words[first].page,
                line: words[first].line,
                bbox: (w.bbox.0, top, w.bbox.2, bottom),
                ..w
            }
        }));
    }
    replaced(words, dropped, added)
}

#[cfg(test)]
mod tests {
    use super::super::raster::tests::image;
    use super::*;

    fn word(bbox: (f64, f64, f64, f64), conf: f64, text: &str) -> Word {
        Word {
            page: 1,
            line: (15, 1, 1),
            bbox,
            conf,
            text: text.into(),
        }
    }

    /// `二、政府性基金` of a borderless table scanned: the sparse reading read the label and
    /// `2` at 14 where `二、` stands.
    fn row() -> (Gray, Vec<Word>) {
        let page = image(
            400,
            100,
            &[
                // `二` (two strokes: no line of ink 8 pixels high) and `、`
                (20, 42, 46, 45),
                (18, 58, 48, 61),
                (50, 54, 58, 62),
                // the label's characters, and a speck far left
                (70, 40, 95, 65),
                (100, 40, 125, 65),
                (130, 40, 155, 65),
                (2, 50, 4, 52),
            ],
        );
        let words = vec![
            word((18.0, 55.0, 48.0, 62.0), 14.0, "2"),
            word((70.0, 40.0, 125.0, 65.0), 96.0, "政府"),
            word((130.0, 40.0, 155.0, 65.0), 96.0, "性"),
        ];
        (page, words)
    }

    #[test]
    fn a_line_with_marks_left_out_before_it_is_cut_out_with_them() {
        let (page, words) = row();
        let lines = lines_with_marks(&page, &words, &[]);
        assert_eq!(lines, [(vec![1, 2], (12, 34, 161, 71))]);
        // marks inside a box read otherwise are not left out
        assert!(lines_with_marks(&page, &words, &[(10, 30, 60, 70)]).is_empty());
    }

    #[test]
    fn a_line_read_whole_replaces_it_only_with_more_before_the_same_text() {
        let (_, words) = row();
        let lines = [(vec![1, 2], (12, 34, 161, 71))];
        let again = |text: &str, conf| Word {
            page: 1,
            line: (1, 1, 1),
            bbox: (6.0, 6.0, 143.0, 31.0),
            conf,
            text: text.into(),
        };
        let out = replace_longer(words.clone(), &lines, vec![again("二、政府性", 91.0)]);
        let texts: Vec<&str> = out.iter().map(|w| w.text.as_str()).collect();
        // (`2` read for `二、` lies in the piece read again: it goes with the line)
        assert_eq!(texts, ["二、政府性"]);
        assert_eq!(
            out[0].bbox,
            (18.0, 40.0, 155.0, 65.0),
            "left of the read, its line's height"
        );
        assert_eq!(out[0].line, (15, 1, 1));
        // (another text, or read doubtfully: the line stays as read)
        for (text, conf) in [("二、改府性", 91.0), ("政府性", 91.0), ("二、政府性", 40.0)]
        {
            let out = replace_longer(words.clone(), &lines, vec![again(text, conf)]);
            assert_eq!(out, words, "{text}");
        }
    }
}
