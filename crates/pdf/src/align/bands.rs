//! Printed lines (bands) cut into segments, what each band is (a row of amounts, a line of
//! codes, a caption, a note), and which bands of a table's run make its rows.

use super::tolerance::{CODE_NEAR, EDGE_TOL, ROW_PITCH, SEG_GAP};
use crate::text::{line_text, Char};
use yjs_model::BBox;

/// A run of glyphs on one printed line, set apart from its neighbours by more than
/// [`SEG_GAP`] font sizes.
pub(super) struct Seg {
    pub text: String,
    pub bbox: BBox,
    /// the largest font size of its glyphs
    pub size: f64,
    pub chars: Vec<Char>,
}

/// A printed line: its segments left to right.
pub(super) struct Band {
    pub segs: Vec<Seg>,
    pub bbox: BBox,
    /// the largest font size of its segments, at least 1
    pub size: f64,
    /// a row of the table body ([`Band::is_body`]), decided once the bands are in order
    pub body: bool,
}

/// Units that follow an amount in a sentence: a segment starting with one continues the amount
/// before it (a table prints its unit once, above it).
const SENTENCE_UNITS: &[&str] = &["万元", "元", "亿元", "%", "％"];

/// Digits with number punctuation (separators, sign, brackets) and nothing else.
pub(super) fn is_numeric(t: &str) -> bool {
    let mut digit = false;
    for c in t.chars() {
        match c {
            '0'..='9' => digit = true,
            ',' | '.' | '-' | '(' | ')' | '（' | '）' => {}
            c if c.is_whitespace() => {}
            _ => return false,
        }
    }
    digit
}

/// A printed amount: digits with a decimal point or thousands separator, or a dash (a zero).
pub fn is_amount_like(t: &str) -> bool {
    let t = t.trim();
    (is_numeric(t) && (t.contains('.') || t.contains(',')))
        || matches!(t, "-" | "—" | "－" | "--" | "——")
}

/// The number of digits of a bare integer (`3030`, `4`, `0`): ASCII digits and nothing else.
fn bare_int(t: &str) -> Option<usize> {
    let t = t.trim();
    (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())).then_some(t.len())
}

/// A line number (行次): a bare integer of one to three digits.
fn is_line_no(t: &str) -> bool {
    bare_int(t).is_some_and(|n| n <= 3)
}

impl Band {
    /// Left edge of the band's first amount (`f64::MIN` when it has none).
    pub(super) fn first_amount_x(&self) -> f64 {
        self.segs
            .iter()
            .find(|s| is_amount_like(&s.text))
            .map_or(f64::MIN, |s| s.bbox.x0)
    }
    /// The number of its numeric segments.
    pub(super) fn numeric(&self) -> usize {
        self.segs.iter().filter(|s| is_numeric(&s.text)).count()
    }
    /// A band of amounts, or of column numbers (`1 2 3 …`, `栏次 1 2`), or a row with line
    /// numbers and no amount (`20 二十、粮油物资储备支出 51`), or a row of amounts printed as
    /// bare integers (`0 0 0`); a band of codes alone (a wrapped code cell) is not.
    pub(super) fn is_body(&self) -> bool {
        self.body
    }
    /// Three or more bare integers and nothing else (amounts printed without decimals, or the
    /// lines of codes wrapped in narrow columns: [`wrapped_code`] tells them apart).
    pub(super) fn is_integers(&self) -> bool {
        self.segs.len() >= 3 && self.only_integers()
    }
    /// Bare integers and nothing else, and no column numbering (`1 2 3 …`).
    pub(super) fn only_integers(&self) -> bool {
        !self.is_numbering() && self.segs.iter().all(|s| bare_int(&s.text).is_some())
    }
    /// [`Band::is_body`] by the band's own text.
    pub(super) fn looks_body(&self) -> bool {
        (self.segs.len() >= 2
            && ((0..self.segs.len()).any(|i| self.is_cell_amount(i))
                || self.is_numbering()
                || self.is_line_numbered()))
            // a lone amount with a decimal point, or a dash (a zero), its row's label wrapped
            // above and below it
            || matches!(self.segs.as_slice(), [s] if is_amount_like(&s.text)
                && (s.text.contains('.') || !s.text.chars().any(|c| c.is_ascii_digit())))
    }
    /// Segment `i` is an amount in a cell of its own: not one whose unit follows it as the next
    /// segment (`增加 | 300.38 | 万元，增长 | 3.92 | %。`: a justified sentence, its words spread
    /// apart).
    fn is_cell_amount(&self, i: usize) -> bool {
        is_amount_like(&self.segs[i].text)
            && !self.segs.get(i + 1).is_some_and(|n| {
                let t = n.text.trim_start();
                SENTENCE_UNITS.iter().any(|u| t.starts_with(u))
            })
    }
    /// An enumerated label (`二十、…`) between line numbers (行次: bare numbers of one to three
    /// digits), two or more, one of them right of the label (codes stand left of their labels).
    pub(super) fn is_line_numbered(&self) -> bool {
        let Some(label) = self
            .segs
            .iter()
            .position(|s| enumerated(s.text.trim_start()))
        else {
            return false;
        };
        self.segs.iter().filter(|s| is_line_no(&s.text)).count() >= 2
            && self.segs[label + 1..].iter().any(|s| is_line_no(&s.text))
    }
    /// Column numbers (`1 2 3 …`, perhaps after `栏次`): consecutive integers, two or more.
    pub(super) fn is_numbering(&self) -> bool {
        let nums: Vec<u32> = self
            .segs
            .iter()
            .filter(|s| s.text.trim() != "栏次")
            .filter_map(|s| s.text.trim().parse().ok())
            .collect();
        nums.len() >= 2
            && nums.len() + 2 >= self.segs.len()
            && nums.windows(2).all(|w| w[1] == w[0] + 1)
    }
    /// A line of classification codes (bare integers, one of three digits or more left of the
    /// first amount at `amounts_x`) with nothing else but the one- or two-digit tails of codes
    /// wrapped in a narrow column: row content, never a header.
    pub(super) fn is_code_line(&self, amounts_x: f64) -> bool {
        self.only_integers()
            && self
                .segs
                .iter()
                .any(|s| bare_int(&s.text).is_some_and(|n| n >= 3) && s.bbox.x1 < amounts_x)
    }
    /// Text that closes a table: a note or the next title.
    pub(super) fn is_note(&self) -> bool {
        let t = self.text();
        t.starts_with("注") || t.starts_with("说明") || self.is_caption()
    }
    /// The text of its segments, joined.
    pub(super) fn text(&self) -> String {
        self.segs.iter().map(|s| s.text.as_str()).collect()
    }
    /// A row label printed on its own line (a wrapped label): starts with an enumerator or a code.
    pub(super) fn is_label_line(&self) -> bool {
        starts_row(&self.text())
    }
    /// A title, unit or date line that ends the header zone above a table.
    pub(super) fn is_caption(&self) -> bool {
        let t: String = self.text().chars().filter(|c| !c.is_whitespace()).collect();
        t.ends_with('表')
            || t.contains("单位：")
            || t.contains("单位:")
            || t.contains("公开")
            || names_a_year(&t)
    }
}

/// Does `t` name a year (`2023年度`, `二〇二三年度`)? A 年度 after a word (`完成年度重点任务`, a
/// cell of a 绩效目标表) names none.
fn names_a_year(t: &str) -> bool {
    t.match_indices("年度").any(|(i, _)| {
        t[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_numeric() || "〇零一二三四五六七八九十".contains(c))
    })
}

/// Decides which bands are body bands ([`Band::is_body`]), once they are sorted top to bottom:
/// by their own text, or as a row of bare integers that no nearby line shows to be wrapped codes.
pub(super) fn mark_body(bands: &mut [Band]) {
    // (line numbers alone make a row only among rows of amounts: a table's part without a
    // single amount has no value columns to place them by)
    let amounts = bands
        .iter()
        .any(|b| b.segs.iter().any(|s| is_amount_like(&s.text)));
    let body: Vec<bool> = (0..bands.len())
        .map(|k| {
            bands[k].looks_body()
                || ((bands[k].is_integers() || (amounts && numbers_of_wrapped_label(bands, k)))
                    && !wrapped_code(bands, k))
        })
        .collect();
    for (b, body) in bands.iter_mut().zip(body) {
        b.body = body;
    }
}

/// Is band `k` the line numbers (行次: two or more bare numbers of one to three digits) of a row
/// whose label wrapped around them — its first line right above, enumerated and between the
/// numbers (`二十、粮油物资储备`), or left of them with its next line right below?
fn numbers_of_wrapped_label(bands: &[Band], k: usize) -> bool {
    let b = &bands[k];
    if b.segs.len() < 2 || !b.segs.iter().all(|s| is_line_no(&s.text)) || k == 0 {
        return false;
    }
    let above = &bands[k - 1];
    let near = |o: &Band| (b.bbox.cy() - o.bbox.cy()).abs() < ROW_PITCH * b.size.max(o.size);
    let enumerated_between = near(above)
        && above.segs.iter().any(|l| {
            enumerated(l.text.trim_start())
                && b.segs.iter().any(|s| s.bbox.x1 <= l.bbox.x0)
                && b.segs.iter().any(|s| s.bbox.x0 >= l.bbox.x0)
        });
    // or a label left of the numbers, its lines right above and right below them
    // (一般公共预算财政 / 27 57 / 拨款)
    let wrapped_around = bands.get(k + 1).is_some_and(|below| {
        near(above)
            && near(below)
            && above.segs.iter().any(|l| {
                !is_numeric(&l.text)
                    && b.segs.iter().all(|s| s.bbox.x0 > l.bbox.x1)
                    && below
                        .segs
                        .iter()
                        .any(|w| !is_numeric(&w.text) && (w.bbox.x0 - l.bbox.x0).abs() < EDGE_TOL)
            })
    });
    enumerated_between || wrapped_around
}

/// Is band `k` (bare integers) a line of codes wrapped in narrow columns: an integer of it
/// starts where an integer of a line nearby starts (within two lines), but ends elsewhere, one
/// of the two of three digits or more (`3030` over `4`)? Amounts, set right-aligned, end
/// together.
pub(super) fn wrapped_code(bands: &[Band], k: usize) -> bool {
    let b = &bands[k];
    let near = |o: &Band| (o.bbox.cy() - b.bbox.cy()).abs() < CODE_NEAR * b.size.max(o.size);
    let lo = k.saturating_sub(4);
    let hi = (k + 5).min(bands.len());
    (lo..hi).filter(|&j| j != k && near(&bands[j])).any(|j| {
        bands[j].segs.iter().any(|o| {
            b.segs
                .iter()
                .any(|s| match (bare_int(&s.text), bare_int(&o.text)) {
                    (Some(n), Some(m)) => {
                        (s.bbox.x0 - o.bbox.x0).abs() < EDGE_TOL
                            && (s.bbox.x1 - o.bbox.x1).abs() > EDGE_TOL
                            && n.max(m) >= 3
                    }
                    _ => false,
                })
        })
    })
}

/// The Chinese numerals an enumerator is written with.
pub(crate) const NUMERALS: &str = "一二三四五六七八九十";

/// Does `t` start with a Chinese enumerator (`三、`, `二十一、`)?
pub(crate) fn enumerated(t: &str) -> bool {
    let n = t.chars().take_while(|c| NUMERALS.contains(*c)).count();
    n > 0 && t.chars().nth(n) == Some('、')
}

/// The longest whole total label (`本年支出合计`, `人员经费合计`); a longer line ending in 合计 may
/// be the end of a wrapped label.
const TOTAL_LABEL_CHARS: usize = 6;

/// Text that starts a row label: an enumerator (`三、`, `1.`, `1、`), a code, or a whole total
/// label (`总计`, `合计`, `支出总计`, `本年收入合计`: never the end of a longer label).
pub(super) fn starts_row(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    enumerated(&t)
        || ((t.ends_with("总计") || t.ends_with("合计")) && t.chars().count() <= TOTAL_LABEL_CHARS)
        || (digits > 0
            && matches!(t.chars().nth(digits), Some('.') | Some('、'))
            && !is_numeric(&t))
        || (digits >= 3 && !is_numeric(&t))
}

/// The bands of `chars`, each cut into segments at gaps wider than [`SEG_GAP`] font sizes.
pub(super) fn make_bands(chars: &[Char]) -> Vec<Band> {
    crate::text::bands(chars, Some(SEG_GAP))
        .into_iter()
        .map(|segs| {
            let segs: Vec<Seg> = segs.into_iter().map(seg_of).collect();
            let bbox = segs
                .iter()
                .skip(1)
                .fold(segs[0].bbox, |b, s| b.union(&s.bbox));
            let size = segs.iter().map(|s| s.size).fold(0.0, f64::max).max(1.0);
            Band {
                segs,
                bbox,
                size,
                body: false,
            }
        })
        .collect()
}

/// Words printed letter-spaced (`总    计`, `本 年 收 入 合 计`): single Chinese characters set
/// apart by less than [`SPACED_WORD_GAP`] font sizes on one line are one segment. Headers of
/// narrow columns of one character each (`类 | 款 | 项`) stand further apart.
pub(super) fn join_spaced_words(bands: &mut [Band]) {
    for band in bands.iter_mut() {
        let mut k = 1;
        while k < band.segs.len() {
            let (a, b) = (&band.segs[k - 1], &band.segs[k]);
            let gap = b.bbox.x0 - a.bbox.x1;
            let size = a.size.max(b.size).max(1.0);
            let single = |s: &Seg| s.chars.len() == 1 && is_ideograph(&s.text);
            // (a run already joined ends in one character)
            let last_single = a.chars.last().is_some_and(|c| is_ideograph(&c.text));
            let joined_run = a.chars.len() > 1 && a.text.contains(' ');
            if single(b)
                && (single(a) || (joined_run && last_single))
                && gap < SPACED_WORD_GAP * size
            {
                let b = band.segs.remove(k);
                let mut chars = std::mem::take(&mut band.segs[k - 1].chars);
                chars.extend(b.chars);
                band.segs[k - 1] = seg_of(chars);
            } else {
                k += 1;
            }
        }
    }
}

/// Letter-spaced characters of one word are closer than this (font sizes).
const SPACED_WORD_GAP: f64 = 1.5;

/// One CJK ideograph.
fn is_ideograph(t: &str) -> bool {
    let mut cs = t.trim().chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

/// Segments that begin with an amount set flush against a cell of text to its right
/// (`0.00“放管服”改革…`: an opening quotation mark hangs into the gap) are two cells when the
/// amount's right edge lines up with the amounts of other lines: the amount becomes a segment of
/// its own. Amounts followed by a unit (`12.50万元`) stay whole: a unit glyph never starts a cell
/// of text, and the amounts of a column rarely end where such a phrase's number does.
pub(super) fn split_glued_amounts(bands: &mut [Band]) {
    let mut edges: Vec<f64> = bands
        .iter()
        .flat_map(|b| b.segs.iter())
        .filter(|s| is_amount_like(&s.text) && s.text.contains('.'))
        .map(|s| s.bbox.x1)
        .collect();
    if edges.len() < MIN_ALIGNED_AMOUNTS {
        return;
    }
    edges.sort_by(f64::total_cmp);
    let aligned = |x: f64| {
        let lo = edges.partition_point(|e| *e < x - EDGE_TOL);
        let hi = edges.partition_point(|e| *e <= x + EDGE_TOL);
        hi - lo >= MIN_ALIGNED_AMOUNTS
    };
    for band in bands.iter_mut() {
        let mut k = 0;
        while k < band.segs.len() {
            if let Some(n) = glued_amount_len(&band.segs[k].chars) {
                if aligned(band.segs[k].chars[n - 1].bbox.x1) {
                    let rest = band.segs[k].chars.split_off(n);
                    let head = std::mem::take(&mut band.segs[k].chars);
                    band.segs.splice(k..=k, [seg_of(head), seg_of(rest)]);
                }
            }
            k += 1;
        }
    }
}

/// Amounts of other lines an amount's right edge must line up with for the text glued to it to
/// be a cell of its own (two: the rows above and below).
const MIN_ALIGNED_AMOUNTS: usize = 2;

/// The number of glyphs of an amount with a decimal point (`1,234.56`) at the start of `chars`
/// when a Chinese character or an opening bracket or quotation mark follows it directly.
pub(super) fn glued_amount_len(chars: &[Char]) -> Option<usize> {
    let text = |c: &Char| c.text.chars().next().unwrap_or(' ');
    let n = chars
        .iter()
        .take_while(|c| {
            let t = text(c);
            t.is_ascii_digit() || t == ',' || t == '.'
        })
        .count();
    // (what follows first: most segments that start with digits are whole amounts)
    let next = text(chars.get(n).filter(|_| n > 0)?);
    let opens_text = matches!(next, '“' | '‘' | '（' | '《' | '「' | '【')
        || (('\u{4E00}'..='\u{9FFF}').contains(&next) && !UNIT_CHARS.contains(next));
    if !opens_text {
        return None;
    }
    let number: String = chars[..n].iter().map(|c| c.text.as_str()).collect();
    (number.contains('.') && is_amount_like(&number)).then_some(n)
}

/// Characters that follow a number as its unit or counter (万元, 亿, 个, 人次 …), not as the
/// start of another cell.
const UNIT_CHARS: &str = "万亿元千百个人次年月日天倍项件辆台套家户名条座张本篇场期批份所";

fn seg_of(chars: Vec<Char>) -> Seg {
    let bbox = chars
        .iter()
        .skip(1)
        .fold(chars[0].bbox, |b, c| b.union(&c.bbox));
    let size = chars.iter().map(|c| c.size).fold(0.0, f64::max);
    Seg {
        text: line_text(&chars),
        bbox,
        size,
        chars,
    }
}

/// The rows of a run: each body band is a row; consecutive other bands closer than a line to
/// each other form a cluster, which is a row of its own (labels with blank cells, possibly
/// wrapped over several lines) unless it sits within a line of a body band — then its bands are
/// wrapped lines of that row (returned separately).
pub(super) fn row_groups(
    bands: &[Band],
    start: usize,
    end: usize,
    placed: &[bool],
) -> (Vec<Vec<usize>>, Vec<usize>) {
    let near = |a: usize, b: usize| {
        (bands[a].bbox.cy() - bands[b].bbox.cy()).abs()
            < ROW_PITCH * bands[a].size.max(bands[b].size)
    };
    let free = |k: usize| !bands[k].is_body() && !placed[k];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut wraps = Vec::new();
    let mut k = start;
    while k <= end {
        if placed[k] {
            k += 1;
            continue;
        }
        if bands[k].is_body() {
            groups.push(vec![k]);
            k += 1;
            continue;
        }
        let mut cluster = vec![k];
        while k < end && free(k + 1) && near(k, k + 1) {
            k += 1;
            cluster.push(k);
        }
        let first = cluster[0];
        let last = *cluster.last().unwrap_or(&first);
        let touches_body = (first > start && bands[first - 1].is_body() && near(first - 1, first))
            || (last < end && bands[last + 1].is_body() && near(last, last + 1));
        if touches_body {
            wraps.extend(cluster);
        } else {
            groups.push(cluster);
        }
        k += 1;
    }
    (groups, wraps)
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_year_is_named_by_its_digits_not_by_a_word_before_nian_du() {
        assert!(names_a_year("2023年度部门预算"));
        assert!(names_a_year("二〇二三年度"));
        assert!(!names_a_year("完成年度重点任务，发挥资金使用效益。"));
        assert!(!names_a_year("本年度"));
    }

    use super::super::tests::line;
    use super::*;

    #[test]
    fn a_whole_total_label_starts_a_row() {
        // `结转下年` (a row of blank cells) then `支出总计`: two rows, not one wrapped label
        for t in ["合计", "总计", "支出总计", "本年收入合计", "支 出 总 计"] {
            assert!(starts_row(t), "{t}");
        }
        // the end of a long label wrapped in its cell
        for t in ["社会保障和就业支出合计", "结转下年"] {
            assert!(!starts_row(t), "{t}");
        }
    }

    #[test]
    fn codes_wrapped_in_narrow_columns_are_no_row_of_integers() {
        // `3030 3022 3102` over their tails `4 4 2` (a name line between): codes, not amounts;
        // right-aligned integer amounts one above the other are amounts
        let mut chars = Vec::new();
        chars.extend(line(
            &[("3030", 0.0), ("3022", 100.0), ("3102", 200.0)],
            60.0,
        ));
        chars.extend(line(&[("抚恤金", 30.0), ("被装购置费", 130.0)], 67.0));
        chars.extend(line(&[("4", 0.0), ("4", 100.0), ("2", 200.0)], 74.0));
        chars.extend(line(&[("120", 0.0), ("35", 105.0), ("0", 210.0)], 100.0));
        chars.extend(line(&[("130", 0.0), ("48", 105.0), ("7", 210.0)], 112.0));
        let mut bands = make_bands(&chars);
        bands.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
        let integer_rows: Vec<bool> = (0..bands.len())
            .map(|k| bands[k].is_integers() && !wrapped_code(&bands, k))
            .collect();
        assert_eq!(integer_rows, [false, false, false, true, true]);
    }
}
