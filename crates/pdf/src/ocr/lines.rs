//! The lines of a page's sparse reading read again as lines: tesseract's sparse segmentation
//! (which finds a borderless table's amounts wherever they stand) may cut a line of large text,
//! a table's title, into pieces it reads as separate blocks, a character or two of them wrong
//! and doubtful (`…预算文出功` + `用人丰闪` + `折处泊` for `…预算支出功能分类预算表`). Such a
//! line, cut out whole and read as one line, is read right or nearly.

use super::raster::{Gray, PxBox};
use super::{read_list, replaced, union, Engine, FBox, Word, MIN_WORD_CONFIDENCE, PSM_LINE};
use std::path::Path;

/// A word read with less confidence than this (0–100) makes its line doubtful: the pieces of
/// a line cut apart are read at 0–60, the words of a line read whole at 80–97.
const DOUBTFUL_WORD_CONFIDENCE: f64 = 60.0;

/// Pieces of one printed line overlap vertically by at least this share of the lower one.
const SAME_LINE_OVERLAP: f64 = 0.5;

/// Pieces of one printed line stand at most this many times the line's height apart: words of
/// a sentence or a title are close, the columns of a borderless table farther.
const SAME_LINE_GAP_HEIGHTS: f64 = 0.5;

/// The white left about a line cut out, as a share of its height.
const LINE_MARGIN_HEIGHTS: f64 = 0.3;

/// The height (pixels) a line of larger text is shrunk to when read again: tesseract reads a
/// cover's 36-point text (100 pixels at 200 ppi) badly as it is (`中共上海市关陛区委`, `部门]丰和侦`)
/// and right at 30–40 pixels (`中共上海市普陀区委`, `部门…算`).
const LINE_TEXT_PX: f64 = 36.0;

/// A line read whole replaces its sparse reading where its words' mean confidence is higher
/// by at least this much: two readings of a clean line differ by a point or two.
const BETTER_BY: f64 = 5.0;

/// `words` (tesseract's sparse reading of `image`, one image) with each doubtful line of CJK
/// text read again whole by `engine` (images written into `dir`) where it reads better. A
/// line holding an amount is left as read: the sparse reading is the one measured on tables.
pub(super) fn reread(engine: &Engine, image: &Gray, dir: &Path, words: Vec<Word>) -> Vec<Word> {
    let lines = doubtful_lines(visual_lines(&words), &words);
    if lines.is_empty() {
        return words;
    }
    let mut images = Vec::new();
    let mut cut: Vec<(usize, PxBox, f64)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let b = padded(line.bbox, image);
        let (crop, scale) = image.cut_to_text_height(b, line.bbox.3 - line.bbox.1, LINE_TEXT_PX);
        let path = dir.join(format!("text-line{i}.pgm"));
        if std::fs::write(&path, crop.to_pgm()).is_err() {
            return words;
        }
        images.push(path.to_string_lossy().into_owned());
        cut.push((i, b, scale));
    }
    let read = read_list(engine, &dir.join("text-lines.txt"), &images, PSM_LINE);
    replace_better(words, &lines, &cut, read)
}

/// A printed line as found among the sparse reading's words: the words' indices and their box.
pub(super) struct Line {
    pub(super) words: Vec<usize>,
    pub(super) bbox: FBox,
}

/// The words grouped into printed lines: tesseract's lines (its block, paragraph and line)
/// joined where they overlap vertically ([`SAME_LINE_OVERLAP`]) and stand close
/// ([`SAME_LINE_GAP_HEIGHTS`]).
pub(super) fn visual_lines(words: &[Word]) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut keys: Vec<(u32, u32, u32)> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        match keys.iter().position(|k| *k == w.line) {
            Some(j) => {
                lines[j].words.push(i);
                lines[j].bbox = union(lines[j].bbox, w.bbox);
            }
            None => {
                keys.push(w.line);
                lines.push(Line {
                    words: vec![i],
                    bbox: w.bbox,
                });
            }
        }
    }
    // (joined until no two lines are pieces of one)
    loop {
        let pair = (0..lines.len()).find_map(|a| {
            (a + 1..lines.len())
                .find(|&b| one_line(lines[a].bbox, lines[b].bbox))
                .map(|b| (a, b))
        });
        let Some((a, b)) = pair else {
            break;
        };
        let joined = lines.remove(b);
        lines[a].words.extend(joined.words);
        lines[a].bbox = union(lines[a].bbox, joined.bbox);
    }
    lines
}

/// Are boxes `a` and `b` pieces of one printed line?
fn one_line(a: FBox, b: FBox) -> bool {
    let overlap = a.3.min(b.3) - a.1.max(b.1);
    let lower = (a.3 - a.1).min(b.3 - b.1);
    let height = (a.3 - a.1).max(b.3 - b.1);
    let gap = (a.0.max(b.0) - a.2.min(b.2)).max(0.0);
    lower > 0.0 && overlap >= SAME_LINE_OVERLAP * lower && gap <= SAME_LINE_GAP_HEIGHTS * height
}

/// The lines worth reading again: a word of CJK text read doubtfully
/// ([`DOUBTFUL_WORD_CONFIDENCE`]), a word read surely, and no amount.
fn doubtful_lines(lines: Vec<Line>, words: &[Word]) -> Vec<Line> {
    lines
        .into_iter()
        .filter(|l| {
            let ws = || l.words.iter().map(|&i| &words[i]);
            ws().any(|w| w.conf < DOUBTFUL_WORD_CONFIDENCE && !w.text.is_ascii())
                && ws().any(|w| w.conf >= DOUBTFUL_WORD_CONFIDENCE)
                && !ws().any(|w| holds_amount(&w.text))
        })
        .collect()
}

/// Does `text` hold a number with a decimal point or a thousands separator?
fn holds_amount(text: &str) -> bool {
    let t: Vec<char> = text.chars().collect();
    t.windows(3)
        .any(|w| w[0].is_ascii_digit() && matches!(w[1], '.' | ',') && w[2].is_ascii_digit())
}

/// The box `b` with [`LINE_MARGIN_HEIGHTS`] of white about it, in whole pixels of `image`.
fn padded(b: FBox, image: &Gray) -> PxBox {
    let m = (b.3 - b.1) * LINE_MARGIN_HEIGHTS;
    let at = |v: f64, max: usize| (v.max(0.0) as usize).min(max);
    (
        at(b.0 - m, image.w),
        at(b.1 - m, image.h),
        at((b.2 + m).ceil(), image.w),
        at((b.3 + m).ceil(), image.h),
    )
}

/// The mean confidence of `words` (0 for none).
fn mean_confidence<'a>(words: impl Iterator<Item = &'a Word>) -> f64 {
    let (sum, n) = words.fold((0.0, 0usize), |(s, n), w| (s + w.conf, n + 1));
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}

/// `words` with each line of `lines` replaced by its reading as a line (`read`: the words of
/// the `k`-th image on page `k`, each cut out at `cut` and scaled by its scale), where that
/// reads better by
/// [`BETTER_BY`] and keeps a word read surely. A line read again is a line of its own.
fn replace_better(
    words: Vec<Word>,
    lines: &[Line],
    cut: &[(usize, PxBox, f64)],
    read: Vec<Word>,
) -> Vec<Word> {
    let mut dropped = vec![false; words.len()];
    let mut added = Vec::new();
    for &(i, b, scale) in cut {
        let again: Vec<&Word> = read.iter().filter(|w| w.page == i + 1).collect();
        let before = mean_confidence(lines[i].words.iter().map(|&k| &words[k]));
        let after = mean_confidence(again.iter().copied());
        if after < before + BETTER_BY || !again.iter().any(|w| w.conf >= MIN_WORD_CONFIDENCE) {
            continue;
        }
        for &k in &lines[i].words {
            dropped[k] = true;
        }
        // (a line of its own: a block number no sparse reading gives)
        let key = (u32::MAX - i as u32, 0, 0);
        added.extend(again.into_iter().map(|w| Word {
            page: 1,
            line: key,
            ..w.clone().placed((b.0 as f64, b.1 as f64), scale)
        }));
    }
    replaced(words, dropped, added)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(line: u32, bbox: FBox, conf: f64, text: &str) -> Word {
        Word {
            page: 1,
            line: (line, 1, 1),
            bbox,
            conf,
            text: text.into(),
        }
    }

    /// The title of a scanned real 上海 单位预算 as tesseract's sparse segmentation read it:
    /// three pieces, two of them doubtful, above and below the rest.
    fn cut_title() -> Vec<Word> {
        vec![
            word(1, (1425.0, 207.0, 1573.0, 248.0), 26.0, "处"),
            word(
                2,
                (622.0, 207.0, 1100.0, 266.0),
                93.0,
                "2025年预算单位一般公共",
            ),
            word(2, (1189.0, 211.0, 1420.0, 257.0), 45.0, "预算文出功"),
            word(3, (1426.0, 224.0, 1568.0, 266.0), 58.0, "用人"),
            word(4, (1573.0, 207.0, 1723.0, 277.0), 93.0, "预算表"),
            // the unit far to the right, and a table's row of amounts below
            word(5, (2000.0, 300.0, 2100.0, 330.0), 91.0, "单位:元"),
            word(6, (100.0, 500.0, 300.0, 530.0), 40.0, "一般公共服务支出"),
            word(6, (400.0, 500.0, 520.0, 530.0), 93.0, "1,234.00"),
        ]
    }

    #[test]
    fn the_pieces_of_a_title_are_one_line_and_a_table_row_is_not_read_again() {
        let words = cut_title();
        let lines = visual_lines(&words);
        let title: Vec<&Line> = lines.iter().filter(|l| l.words.contains(&1)).collect();
        assert_eq!(title[0].words.len(), 5, "the title's five pieces");
        assert_eq!(lines.len(), 3, "the title, the unit, the row");
        let doubtful = doubtful_lines(lines, &words);
        assert_eq!(
            doubtful.len(),
            1,
            "the row holds an amount; the unit is sure"
        );
        assert_eq!(doubtful[0].bbox, (622.0, 207.0, 1723.0, 277.0));
    }

    #[test]
    fn a_line_read_whole_replaces_its_pieces_only_where_it_reads_better() {
        let words = cut_title();
        let lines = doubtful_lines(visual_lines(&words), &words);
        let cut = [(0, (600, 190, 1745, 298), 1.0)];
        let whole = |conf| {
            vec![Word {
                page: 1,
                line: (1, 1, 1),
                bbox: (22.0, 17.0, 1100.0, 80.0),
                conf,
                text: "2025年预算单位一般公共预算支出功能分类预算表".into(),
            }]
        };
        let out = replace_better(words.clone(), &lines, &cut, whole(92.0));
        let texts: Vec<&str> = out.iter().map(|w| w.text.as_str()).collect();
        assert!(texts.contains(&"2025年预算单位一般公共预算支出功能分类预算表"));
        assert!(!texts.contains(&"用人") && texts.contains(&"1,234.00"));
        let moved = out.iter().find(|w| w.text.ends_with("分类预算表")).unwrap();
        assert_eq!(moved.bbox, (622.0, 207.0, 1700.0, 270.0));
        // (the pieces' mean is 63: a whole reading at 65 is no better)
        let same = replace_better(words.clone(), &lines, &cut, whole(65.0));
        assert_eq!(same, words);
        // (read shrunk to half: its words' boxes twice as large on the page)
        let half = [(0, (600, 190, 1745, 298), 0.5)];
        let out = replace_better(words.clone(), &lines, &half, whole(92.0));
        let moved = out.iter().find(|w| w.text.ends_with("分类预算表")).unwrap();
        assert_eq!(moved.bbox, (644.0, 224.0, 2800.0, 350.0));
    }

    #[test]
    fn an_amount_is_found_among_a_words_characters() {
        assert!(holds_amount("1,234") && holds_amount("合计12.5"));
        assert!(!holds_amount("2025年") && !holds_amount("1.章"));
    }
}
