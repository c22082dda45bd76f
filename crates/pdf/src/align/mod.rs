//! Tables without rulings (whitespace-aligned, or 三线表 with horizontal rules only), rebuilt from
//! text alignment.
//!
//! 1. Text is cut into bands (printed lines) of segments: runs of glyphs separated by gaps wider
//!    than [`tolerance::SEG_GAP`] × font size (`bands`).
//! 2. A *body band* has two or more segments and amounts in it; a table is a run of body bands
//!    with short gaps, allowing wrapped label lines between them (`runs`).
//! 3. Columns are the merged x-extents of the segments of the body bands that have (nearly) the
//!    most segments; column edges sit halfway between neighbouring columns (`columns`).
//! 4. Header bands are the lines right above the body, up to a title or unit line. Each header
//!    segment covers the columns it overlaps, and a group header (本年支出, 预算数) also covers
//!    the columns of the headers beneath it: every lower header is attached to the nearest header
//!    above it horizontally, and spans are computed bottom-up (`headers`).
//! 5. Wrapped lines (labels, and codes in narrow columns) are placed column by column by the
//!    cells' vertical alignment: a cell's lines are centred on its row's amounts, or start or end
//!    on them, and every line but a cell's last fills the column. Lines no alignment accounts
//!    for join the nearest body row or form label-only rows (`wrapped`).
//! 6. The grid is filled row by row: header cells with their spans, body rows, then the wrapped
//!    lines joined to their rows' cells (`assemble`).
//!
//! Every tolerance is named in `tolerance`, with its unit (points or font sizes).

mod assemble;
mod bands;
mod columns;
mod headers;
mod runs;
mod tolerance;
mod wrapped;

pub use bands::is_amount_like;

use crate::text::Char;
pub(crate) use bands::{enumerated, NUMERALS};
use bands::{join_spaced_words, make_bands, mark_body, split_glued_amounts, Band};
use yjs_model::Grid;

/// Finds whitespace-aligned tables among `chars`; returns them and the chars they do not use.
pub fn alignment_grids(chars: Vec<Char>) -> (Vec<Grid>, Vec<Char>) {
    if chars.is_empty() {
        return (Vec::new(), chars);
    }
    let mut bands = make_bands(&chars);
    bands.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
    split_glued_amounts(&mut bands);
    join_spaced_words(&mut bands);
    mark_body(&mut bands);
    let mut used = vec![false; bands.len()];
    let mut grids = Vec::new();
    let mut i = 0;
    while i < bands.len() {
        if !bands[i].is_body() {
            i += 1;
            continue;
        }
        let first_body = i;
        let end = runs::extend_down(&bands, first_body);
        let end = runs::wrapped_below(&bands, first_body, end);
        if !runs::is_table(&bands, first_body, end) {
            i = end + 1;
            continue;
        }
        let first_amount_x = bands[first_body].first_amount_x();
        let start = runs::wrapped_above(&bands, &used, first_body, first_amount_x);
        let start = runs::code_lines_above(&bands, &used, start, first_amount_x);
        let head = runs::header_zone(&bands, &used, start);
        if let Some(g) = assemble::build(&bands, &head, start, end) {
            for u in used
                .iter_mut()
                .take(end + 1)
                .skip(head.first().copied().unwrap_or(start))
            {
                *u = true;
            }
            grids.push(g);
        }
        i = end + 1;
    }
    (grids, unused_chars(bands, &used))
}

/// The glyphs of the bands no table used, for the paragraphs.
fn unused_chars(bands: Vec<Band>, used: &[bool]) -> Vec<Char> {
    let mut rest = Vec::new();
    for (b, &u) in bands.into_iter().zip(used) {
        if !u {
            for s in b.segs {
                rest.extend(s.chars);
            }
        }
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;
    use yjs_model::BBox;

    /// The glyphs of one printed line at `y`: each text from its x, ASCII glyphs 5 pt wide and
    /// the others 10 pt, all 10 pt high.
    pub(super) fn line(items: &[(&str, f64)], y: f64) -> Vec<Char> {
        let mut v = Vec::new();
        for (t, x) in items {
            for (i, ch) in t.chars().enumerate() {
                let w = if ch.is_ascii() { 5.0 } else { 10.0 };
                let x0 = x + i as f64 * w;
                v.push(Char {
                    text: ch.to_string().into(),
                    bbox: BBox::new(x0, y, x0 + w, y + 10.0),
                    size: 10.0,
                    font: 0,
                    space_before: false,
                });
            }
        }
        v
    }

    /// The one table found among `chars` (asserted to be one).
    fn one_grid(chars: Vec<Char>) -> Grid {
        let (mut grids, _) = alignment_grids(chars);
        assert_eq!(grids.len(), 1);
        grids.remove(0)
    }

    /// The text of each slot of `g`, row by row (a spanned slot: empty).
    fn texts(g: &Grid) -> Vec<Vec<String>> {
        (0..g.rows)
            .map(|r| {
                (0..g.cols)
                    .map(|c| g.cell_at(r, c).map(|x| x.text.clone()).unwrap_or_default())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn letter_spaced_words_are_one_cell_and_single_character_columns_stay_apart() {
        // `总    计` over its amounts (the characters 0.9 font sizes apart), `类 | 款 | 项` over
        // columns of codes (2.6 font sizes apart), a label `合 计` spaced out too
        let mut chars = Vec::new();
        chars.extend(line(
            &[
                ("类", 0.0),
                ("款", 36.0),
                ("项", 72.0),
                ("总", 150.0),
                ("计", 169.0),
            ],
            0.0,
        ));
        chars.extend(line(&[("合", 0.0), ("计", 19.0), ("10.00", 160.0)], 14.0));
        chars.extend(line(&[("208", 0.0), ("6.00", 165.0)], 28.0));
        chars.extend(line(&[("05", 36.0), ("4.00", 165.0)], 42.0));
        let rows = texts(&one_grid(chars));
        assert!(
            rows[0].iter().any(|t| t.replace(" ", "") == "总计"),
            "{rows:?}"
        );
        for t in ["类", "款", "项"] {
            assert!(rows[0].contains(&t.to_string()), "{rows:?}");
        }
        assert_eq!(rows[1][0], "合计");
    }

    #[test]
    fn a_header_centred_right_of_short_codes_heads_their_column() {
        // reportlab's 类 | 款 | 项 columns, 36 pt wide: codes left-aligned and narrow (`01` ends
        // at 82), the header `项` centred and starting right after them (at 83); a blank
        // 基本支出 column makes the header band the fuller
        let mut chars = Vec::new();
        chars.extend(line(
            &[
                ("类", 5.0),
                ("款", 41.0),
                ("项", 83.0),
                ("功能科目", 130.0),
                ("合计", 300.0),
                ("基本支出", 360.0),
            ],
            0.0,
        ));
        chars.extend(line(
            &[
                ("208", 0.0),
                ("社会保障和就业支出", 110.0),
                ("10.00", 295.0),
            ],
            14.0,
        ));
        chars.extend(line(
            &[
                ("05", 36.0),
                ("行政事业单位养老支出", 110.0),
                ("10.00", 295.0),
            ],
            28.0,
        ));
        chars.extend(line(
            &[("01", 72.0), ("行政单位离退休", 110.0), ("6.00", 300.0)],
            42.0,
        ));
        chars.extend(line(
            &[
                ("05", 72.0),
                ("机关事业单位基本养老", 110.0),
                ("4.00", 300.0),
            ],
            56.0,
        ));
        let rows = texts(&one_grid(chars));
        assert_eq!(rows[0].len(), 6, "{rows:?}");
        let col = rows[0].iter().position(|t| t == "项").expect("项");
        assert_eq!(rows[3][col], "01", "{rows:?}");
    }

    #[test]
    fn a_justified_sentence_with_amounts_spread_apart_is_no_table() {
        // WPS justifies a paragraph by spreading its words: `增加 | 300.38 | 万元，增长 | 3.92 |
        // %。` looks like cells, but each amount's unit follows it
        let mut chars = Vec::new();
        chars.extend(line(
            &[
                ("与上年相比增加", 0.0),
                ("300.38", 100.0),
                ("万元，增长", 150.0),
                ("3.92", 230.0),
                ("%。主要原因", 260.0),
            ],
            60.0,
        ));
        chars.extend(line(
            &[
                ("其中人员经费", 0.0),
                ("9710.42", 100.0),
                ("万元，公用经费", 150.0),
                ("2598.06", 250.0),
                ("万元。", 300.0),
            ],
            80.0,
        ));
        chars.extend(line(
            &[("比上年减少", 0.0), ("12.50", 100.0), ("万元。", 150.0)],
            100.0,
        ));
        let (grids, rest) = alignment_grids(chars);
        assert!(grids.is_empty(), "{grids:?}");
        assert!(!rest.is_empty());
    }

    #[test]
    fn an_amount_touching_the_text_cell_beside_it_is_a_cell_of_its_own() {
        // a column of right-aligned amounts ending at x = 220, a column of text from x = 230;
        // one text cell starts with `“`, whose box reaches back to touch its row's amount
        let mut chars = Vec::new();
        chars.extend(line(
            &[("项目", 0.0), ("金额", 190.0), ("绩效目标", 230.0)],
            46.0,
        ));
        chars.extend(line(
            &[("甲经费", 0.0), ("12.00", 195.0), ("做好工作", 230.0)],
            60.0,
        ));
        chars.extend(line(
            &[("乙经费", 0.0), ("3.50", 200.0), ("“放管服”改革", 221.0)],
            76.0,
        ));
        chars.extend(line(
            &[("丙经费", 0.0), ("7.25", 200.0), ("完成任务", 230.0)],
            92.0,
        ));
        let rows = texts(&one_grid(chars));
        assert_eq!(rows[2], ["乙经费", "3.50", "“放管服”改革"]);
        assert_eq!(rows[3], ["丙经费", "7.25", "完成任务"]);
        // an amount followed by its unit stays whole
        let unit = line(&[("12.50万元", 0.0)], 0.0);
        assert_eq!(bands::glued_amount_len(&unit), None);
        let glued = line(&[("1,234.56资金", 0.0)], 0.0);
        assert_eq!(bands::glued_amount_len(&glued), Some(8));
    }

    #[test]
    fn centred_wrapped_labels_join_their_row() {
        // a narrow label column (6 glyphs) with lines 1.6 font sizes apart, cells centred
        // vertically on their amounts: a 3-line and a 2-line label, then a label-only row
        let mut chars = Vec::new();
        chars.extend(line(
            &[("科目编码", 0.0), ("科目名称", 80.0), ("金额", 200.0)],
            46.0,
        ));
        chars.extend(line(
            &[("208", 0.0), ("社会保障支出", 80.0), ("10.00", 200.0)],
            60.0,
        ));
        chars.extend(line(&[("机关事业单位", 80.0)], 76.0));
        chars.extend(line(
            &[("2080505", 0.0), ("基本养老保险", 80.0), ("6.00", 200.0)],
            92.0,
        ));
        chars.extend(line(&[("缴费支出", 80.0)], 108.0));
        chars.extend(line(&[("机关事业单位", 80.0)], 124.0));
        chars.extend(line(&[("2080506", 0.0), ("4.00", 200.0)], 132.0));
        chars.extend(line(&[("年金支出", 80.0)], 140.0));
        chars.extend(line(&[("本年结余", 80.0)], 156.0));
        chars.extend(line(&[("合计", 0.0), ("10.00", 200.0)], 172.0));
        let g = &one_grid(chars);
        let rows = texts(g);
        assert_eq!(
            rows,
            [
                ["科目编码", "科目名称", "金额"],
                ["208", "社会保障支出", "10.00"],
                ["2080505", "机关事业单位基本养老保险缴费支出", "6.00"],
                ["2080506", "机关事业单位年金支出", "4.00"],
                ["", "本年结余", ""],
                ["合计", "", "10.00"],
            ]
        );
    }

    #[test]
    fn blank_rows_with_wrapped_codes_above_the_first_amount_are_rows_not_headers() {
        // a table continued on a new page: five-digit codes wrapped in a narrow column (`3030`
        // over `4`), each name centred between its code's lines, the first row blank, and a
        // total label spanning the code and name columns
        let mut chars = Vec::new();
        chars.extend(line(
            &[("代码", 0.0), ("科目名称", 30.0), ("决算数", 130.0)],
            44.0,
        ));
        for (i, (code, tail, name, amount)) in [
            ("3030", "4", "抚恤金", None),
            ("3030", "6", "救济费", Some("14.14")),
            ("3039", "9", "其他补助", Some("3.04")),
        ]
        .into_iter()
        .enumerate()
        {
            let y = 60.0 + 28.0 * i as f64;
            chars.extend(line(&[(code, 0.0)], y));
            let mut mid = vec![(name, 30.0)];
            mid.extend(amount.map(|a| (a, 140.0)));
            chars.extend(line(&mid, y + 7.0));
            chars.extend(line(&[(tail, 0.0)], y + 14.0));
        }
        chars.extend(line(&[("人员经费合计", 0.0), ("17.18", 140.0)], 144.0));
        let g = &one_grid(chars);
        let rows = texts(g);
        assert_eq!(
            rows,
            [
                ["代码", "科目名称", "决算数"],
                ["30304", "抚恤金", ""],
                ["30306", "救济费", "14.14"],
                ["30399", "其他补助", "3.04"],
                ["人员经费合计", "", "17.18"],
            ]
        );
        assert_eq!(g.cell_at(4, 0).map(|c| c.col_span), Some(2));
    }

    #[test]
    fn a_row_of_bare_integer_zeros_under_its_header_is_a_table() {
        // a 三公 table whose only row prints its zeros as `0`, no amount with a decimal point
        let mut chars = Vec::new();
        chars.extend(line(
            &[
                ("合计", 0.0),
                ("出国费", 60.0),
                ("接待费", 130.0),
                ("公务用车", 200.0),
            ],
            30.0,
        ));
        chars.extend(line(
            &[("0", 20.0), ("0", 90.0), ("0", 160.0), ("0", 230.0)],
            45.0,
        ));
        let g = &one_grid(chars);
        assert_eq!((g.rows, &texts(g)[1]), (2, &vec!["0".to_string(); 4]));
    }

    #[test]
    fn line_numbers_with_their_label_wrapped_around_them_are_a_row() {
        // `二十、粮油物资储备` / `20  52` / `支出`: a row of line numbers (行次) and no amount,
        // its enumerated label wrapped above and below them, among rows of amounts
        let mut chars = Vec::new();
        chars.extend(line(
            &[
                ("行次", 0.0),
                ("项目", 60.0),
                ("行次", 160.0),
                ("金额", 200.0),
            ],
            24.0,
        ));
        chars.extend(line(
            &[
                ("19", 0.0),
                ("十九、住房保障支出", 40.0),
                ("51", 160.0),
                ("98.74", 200.0),
            ],
            40.0,
        ));
        chars.extend(line(&[("二十、粮油物资储备", 40.0)], 54.0));
        chars.extend(line(&[("20", 0.0), ("52", 160.0)], 62.0));
        chars.extend(line(&[("支出", 40.0)], 70.0));
        chars.extend(line(
            &[
                ("21", 0.0),
                ("二十一、其他支出", 40.0),
                ("53", 160.0),
                ("5.00", 200.0),
            ],
            86.0,
        ));
        let g = &one_grid(chars);
        let rows = texts(g);
        assert_eq!(
            rows,
            [
                ["行次", "项目", "行次", "金额"],
                ["19", "十九、住房保障支出", "51", "98.74"],
                ["20", "二十、粮油物资储备支出", "52", ""],
                ["21", "二十一、其他支出", "53", "5.00"],
            ]
        );
    }

    #[test]
    fn line_numbers_under_a_label_wrapped_from_their_left_are_a_row() {
        // a continued 财政拨款收入支出决算总表 without rulings: `一般公共预算财政` / `27  57` /
        // `拨款`, rows without amounts right under the header, their labels left of the line
        // numbers; the 总计 row of amounts below is the same table's
        let mut chars = Vec::new();
        chars.extend(line(
            &[
                ("项目", 0.0),
                ("行次", 100.0),
                ("金额", 140.0),
                ("项目", 200.0),
                ("行次", 300.0),
                ("合计", 340.0),
            ],
            20.0,
        ));
        chars.extend(line(
            &[("栏次", 0.0), ("1", 150.0), ("栏次", 200.0), ("2", 350.0)],
            34.0,
        ));
        let rows = [
            ("一般公共预算财政", "拨款", "27", "57"),
            ("政府性基金预算财", "政拨款", "28", "58"),
        ];
        for (i, (first, rest, no, no2)) in rows.iter().enumerate() {
            let y = 48.0 + 24.0 * i as f64;
            chars.extend(line(&[(first, 0.0)], y));
            chars.extend(line(&[(no, 105.0), (no2, 305.0)], y + 8.0));
            chars.extend(line(&[(rest, 0.0)], y + 16.0));
        }
        chars.extend(line(
            &[
                ("总计", 0.0),
                ("30", 105.0),
                ("930.84", 140.0),
                ("总计", 200.0),
                ("60", 305.0),
                ("930.84", 340.0),
            ],
            100.0,
        ));
        let g = &one_grid(chars);
        let rows = texts(g);
        assert_eq!(rows.len(), 5, "{rows:?}");
        assert_eq!(rows[2][0], "一般公共预算财政拨款", "{rows:?}");
        assert_eq!(rows[4][0], "总计", "{rows:?}");
    }

    #[test]
    fn a_label_line_above_its_row_read_in_two_pieces_keeps_their_order() {
        // `三、国有资本经营  预算财` / `3  0.00` / `政拨款`: OCR read the label's first line
        // as two words; they go before the row's text in the order they are printed
        let mut chars = Vec::new();
        chars.extend(line(
            &[("项目", 0.0), ("行次", 140.0), ("金额", 180.0)],
            20.0,
        ));
        chars.extend(line(
            &[("一、一般公共服务", 0.0), ("1", 145.0), ("5.00", 180.0)],
            40.0,
        ));
        chars.extend(line(&[("三、国有资本经营", 0.0), ("预算财", 95.0)], 56.0));
        chars.extend(line(&[("3", 145.0), ("0.00", 180.0)], 64.0));
        chars.extend(line(&[("政拨款", 0.0)], 72.0));
        chars.extend(line(
            &[
                ("四、其他资本性支出项目", 0.0),
                ("4", 145.0),
                ("2.00", 180.0),
            ],
            90.0,
        ));
        let g = &one_grid(chars);
        let rows = texts(g);
        assert_eq!(rows[2][0], "三、国有资本经营预算财政拨款", "{rows:?}");
    }

    #[test]
    fn a_row_after_a_line_the_reading_missed_stays_in_the_table() {
        // a scanned 财政拨款收入支出决算总表 whose left side has ended: the right side's rows go
        // on, and OCR dropped the `出` wrapped from a label, leaving a gap of 1.8 sizes before
        // the next row of amounts
        let mut chars = line(
            &[
                ("项目", 0.0),
                ("金额", 100.0),
                ("项目", 160.0),
                ("合计", 290.0),
            ],
            20.0,
        );
        chars.extend(line(
            &[
                ("一、一般公共预算", 0.0),
                ("3024.05", 100.0),
                ("一、一般公共服务支出", 160.0),
                ("2794.17", 285.0),
            ],
            40.0,
        ));
        chars.extend(line(&[("二、外交支出", 160.0)], 54.0));
        // (`四` read apart from its label: a line lined up with no column)
        chars.extend(line(&[("四", 160.0), ("公共安全支出", 180.0)], 68.0));
        chars.extend(line(
            &[("五、社会保障支出", 160.0), ("126.06", 290.0)],
            96.0,
        ));
        chars.extend(line(
            &[("六、卫生健康支出", 160.0), ("41.18", 295.0)],
            110.0,
        ));
        let rows = texts(&one_grid(chars));
        let last = rows.last().unwrap();
        assert_eq!(last[last.len() - 1], "41.18", "{rows:?}");
    }

    #[test]
    fn the_wrapped_end_of_a_caption_is_no_header() {
        // `编制单位：中共上海市静安区委社` wraps `会工作部` right under it, above the table: set
        // closely (Chromium) or at reportlab's leading of 1.4 (a gap of 0.4 of the size)
        for wrapped_y in [21.0, 24.0] {
            let mut chars = Vec::new();
            chars.extend(line(
                &[
                    ("编制单位：中共上海市静安区委社", 0.0),
                    ("单位:万元", 300.0),
                ],
                10.0,
            ));
            chars.extend(line(&[("会工作部", 0.0)], wrapped_y));
            chars.extend(line(
                &[("合计", 0.0), ("公务接待费", 100.0), ("运行费", 200.0)],
                40.0,
            ));
            chars.extend(line(
                &[("32.44", 5.0), ("10.07", 105.0), ("22.37", 205.0)],
                56.0,
            ));
            let (grids, rest) = alignment_grids(chars);
            assert_eq!(grids.len(), 1);
            let g = &grids[0];
            let rows = texts(g);
            assert_eq!(
                rows,
                [
                    ["合计", "公务接待费", "运行费"],
                    ["32.44", "10.07", "22.37"]
                ],
                "wrapped line at {wrapped_y}"
            );
            assert!(rest.iter().any(|c| c.text == "会"));
        }
    }

    #[test]
    fn two_sided_table_keeps_its_sides_apart() {
        // the expenditure side's 项目 sits nearer 收入 than 支出; a row whose income label
        // wrapped away starts with its amount
        let mut chars = Vec::new();
        chars.extend(line(&[("收入", 60.0), ("支出", 440.0)], 30.0));
        chars.extend(line(
            &[
                ("项目", 0.0),
                ("金额", 120.0),
                ("项目", 180.0),
                ("合计", 380.0),
                ("基本支出", 450.0),
            ],
            45.0,
        ));
        chars.extend(line(
            &[
                ("一、财政拨款", 0.0),
                ("100.00", 120.0),
                ("一、服务支出", 180.0),
                ("80.00", 380.0),
                ("80.00", 455.0),
            ],
            60.0,
        ));
        chars.extend(line(&[("50.00", 120.0), ("二、外交支出", 180.0)], 75.0));
        chars.extend(line(
            &[("三、教育支出", 180.0), ("70.00", 380.0), ("70.00", 455.0)],
            90.0,
        ));
        let (grids, _) = alignment_grids(chars);
        assert_eq!(grids.len(), 1, "one table");
        let g = &grids[0];
        let sr = g.cells.iter().find(|c| c.text == "收入").unwrap();
        assert_eq!((sr.col, sr.col_span), (0, 2));
        let zc = g.cells.iter().find(|c| c.text == "支出").unwrap();
        assert_eq!((zc.col, zc.col_span), (2, 3));
        let at = |r: usize, c: usize| g.cell_at(r, c).map(|x| x.text.as_str());
        assert_eq!(at(3, 1), Some("50.00"));
        assert_eq!(at(3, 2), Some("二、外交支出"));
        assert_eq!(at(4, 3), Some("70.00"));
    }

    #[test]
    fn spaced_label_header_beyond_short_labels_heads_them() {
        // the expenditure side's 项 目, spaced out and centred over its column, starts right of
        // every label of a row with an amount: it heads those labels, not a column of its own
        let mut chars = Vec::new();
        chars.extend(line(
            &[
                ("项目", 0.0),
                ("金额", 120.0),
                ("项", 250.0),
                ("目", 268.0),
                ("金额", 380.0),
            ],
            30.0,
        ));
        chars.extend(line(
            &[
                ("一、财政拨款", 0.0),
                ("100.00", 120.0),
                ("一、基本支出", 180.0),
                ("80.00", 380.0),
            ],
            45.0,
        ));
        chars.extend(line(
            &[("二、事业收入", 0.0), ("三、事业单位经营支出", 180.0)],
            60.0,
        ));
        chars.extend(line(
            &[
                ("收入合计", 0.0),
                ("100.00", 120.0),
                ("支出合计", 180.0),
                ("80.00", 380.0),
            ],
            75.0,
        ));
        let (grids, _) = alignment_grids(chars);
        assert_eq!(grids.len(), 1, "one table");
        let g = &grids[0];
        assert_eq!(g.cols, 4);
        let at = |r: usize, c: usize| g.cell_at(r, c).map(|x| x.text.as_str());
        assert_eq!(at(0, 2), Some("项 目"));
        assert_eq!(at(1, 2), Some("一、基本支出"));
        assert_eq!(at(1, 3), Some("80.00"));
    }

    #[test]
    fn text_rows_between_amount_rows_keep_the_table_whole() {
        // a 绩效目标表: a project's indicators take several lines of cells without amounts;
        // they line up with each other, not with the rows of amounts above them
        let mut chars = Vec::new();
        chars.extend(line(
            &[("单位编码", 0.0), ("名称", 60.0), ("资金总额", 150.0)],
            30.0,
        ));
        // (the indicator headers centred over their columns, off the cells' left edges)
        chars.extend(line(&[("一级指标", 226.0), ("指标值", 326.0)], 30.0));
        chars.extend(line(&[("合计", 0.0), ("100.00", 150.0)], 45.0));
        chars.extend(line(
            &[("101001", 0.0), ("某某局", 60.0), ("100.00", 150.0)],
            60.0,
        ));
        // (a cell wrapped over two lines first: lines of one segment each)
        chars.extend(line(&[("服务对象", 260.0)], 75.0));
        chars.extend(line(&[("满意度", 220.0)], 90.0));
        chars.extend(line(&[("产出指标", 220.0), ("≥3个", 320.0)], 105.0));
        chars.extend(line(&[("效益指标", 220.0), ("有效", 320.0)], 120.0));
        chars.extend(line(&[("满意度指标", 220.0), ("≥90%", 320.0)], 135.0));
        chars.extend(line(
            &[("101001", 0.0), ("项目乙", 60.0), ("100.00", 150.0)],
            150.0,
        ));
        let (grids, _) = alignment_grids(chars);
        assert_eq!(grids.len(), 1, "one table");
        let g = &grids[0];
        assert!(g.cells.iter().any(|c| c.text == "项目乙"));
        assert!(g.cells.iter().any(|c| c.text == "满意度指标"));
    }

    #[test]
    fn centred_names_header_and_marks_head_the_names_column() {
        // 功能科目 centred over names that end before it in the fullest rows, and the 栏次
        // row's `**` under it: both head the names column, not a blank column of their own
        let mut chars = Vec::new();
        chars.extend(line(&[("科目编码", 20.0)], 30.0));
        chars.extend(line(
            &[("功能科目", 143.0), ("总计", 200.0), ("基本支出", 260.0)],
            40.0,
        ));
        chars.extend(line(&[("类", 0.0), ("款", 30.0), ("项", 55.0)], 50.0));
        chars.extend(line(
            &[
                ("**", 0.0),
                ("**", 30.0),
                ("**", 55.0),
                ("**", 152.0),
                ("1", 205.0),
                ("2", 265.0),
            ],
            60.0,
        ));
        for (y, code, name, v) in [
            (75.0, "04", "基层司法业务", "285.08"),
            (90.0, "50", "事业运行", "670.23"),
        ] {
            chars.extend(line(
                &[
                    ("204", 0.0),
                    ("6", 30.0),
                    (code, 55.0),
                    (name, 80.0),
                    (v, 200.0),
                    (v, 260.0),
                ],
                y,
            ));
        }
        chars.extend(line(
            &[
                ("208", 0.0),
                ("社会保障和就业支出", 80.0),
                ("146.57", 200.0),
                ("146.57", 260.0),
            ],
            105.0,
        ));
        let (grids, _) = alignment_grids(chars);
        assert_eq!(grids.len(), 1, "one table");
        let g = &grids[0];
        assert_eq!(g.cols, 6);
        let col = |t: &str| g.cells.iter().find(|c| c.text == t).unwrap().col;
        assert_eq!(col("功能科目"), 3);
        assert_eq!(col("事业运行"), 3);
        assert_eq!(col("社会保障和就业支出"), 3);
    }

    #[test]
    fn a_lone_row_under_a_wrapped_header_is_a_table() {
        // the header's last line holds only the wrapped ends of two cells (`费 | 费`); the one
        // row of two amounts below is still the table's
        let mut chars = Vec::new();
        chars.extend(line(
            &[
                ("部门名称", 0.0),
                ("小计", 100.0),
                ("公务接待费", 160.0),
                ("公务用车运行", 260.0),
            ],
            30.0,
        ));
        chars.extend(line(&[("费", 260.0)], 42.0));
        chars.extend(line(
            &[("合计", 0.0), ("15.08", 100.0), ("15.08", 170.0)],
            57.0,
        ));
        let (grids, _) = alignment_grids(chars);
        assert_eq!(grids.len(), 1, "one table");
        assert!(grids[0].cells.iter().any(|c| c.text == "15.08"));
    }

    #[test]
    fn a_code_header_centred_over_short_codes_heads_them() {
        // 经济科目编码 starts right after the codes' text (centred over a wider column): it heads
        // the codes, not a blank label column of its own
        let mut chars = Vec::new();
        chars.extend(line(
            &[
                ("经济科目编码", 27.0),
                ("经济科目名称", 140.0),
                ("总计", 250.0),
                ("人员类", 310.0),
            ],
            30.0,
        ));
        for (y, code, name) in [
            (45.0, "301", "工资福利支出"),
            (60.0, "30101", "基本工资"),
            (75.0, "30102", "津贴补贴"),
        ] {
            chars.extend(line(
                &[
                    (code, 0.0),
                    (name, 116.0),
                    ("10.00", 250.0),
                    ("10.00", 310.0),
                ],
                y,
            ));
        }
        let (grids, _) = alignment_grids(chars);
        assert_eq!(grids.len(), 1, "one table");
        let g = &grids[0];
        assert_eq!(g.cols, 4);
        let col = |t: &str| g.cells.iter().find(|c| c.text == t).unwrap().col;
        assert_eq!(col("经济科目编码"), col("30101"));
    }

    #[test]
    fn a_header_wrapped_over_nine_lines_keeps_its_top_group_line() {
        // a portrait page of narrow columns: the header's group line (本级财政拨款 | 其他) stands
        // nine lines above the first row, over the values only
        let mut chars = Vec::new();
        chars.extend(line(&[("本级财政拨款", 150.0), ("其他", 260.0)], 10.0));
        chars.extend(line(&[("专户", 300.0)], 20.0));
        chars.extend(line(
            &[
                ("类", 0.0),
                ("功能科目", 40.0),
                ("合计", 100.0),
                ("金额", 150.0),
                ("其它收入", 260.0),
            ],
            30.0,
        ));
        for (k, w) in ["管理", "事业", "收入", "经营", "服务", "收入"]
            .iter()
            .enumerate()
        {
            chars.extend(line(&[(w, 300.0)], 40.0 + 10.0 * k as f64));
        }
        for (y, code, name) in [
            (105.0, "201", "一般公共服务支出"),
            (120.0, "208", "社会保障支出"),
        ] {
            chars.extend(line(
                &[
                    (code, 0.0),
                    (name, 40.0),
                    ("10.00", 100.0),
                    ("10.00", 150.0),
                    ("0.00", 260.0),
                    ("0.00", 300.0),
                ],
                y,
            ));
        }
        let (grids, rest) = alignment_grids(chars);
        assert_eq!(grids.len(), 1, "one table");
        assert!(grids[0].cells.iter().any(|c| c.text == "本级财政拨款"));
        assert!(!rest.iter().any(|c| c.text == "本"));
    }

    #[test]
    fn first_row_centred_label_starts_above_it() {
        // a second block of columns (code, name, amount) right of the first block's amounts;
        // the first row's name is centred over two lines, half a line above and below
        let mut chars = Vec::new();
        chars.extend(line(
            &[
                ("代码", 0.0),
                ("金额", 60.0),
                ("代码", 120.0),
                ("名称", 160.0),
                ("金额", 260.0),
            ],
            34.0,
        ));
        chars.extend(line(&[("债务利息及费", 160.0)], 58.0));
        chars.extend(line(
            &[
                ("301", 0.0),
                ("5.00", 60.0),
                ("307", 120.0),
                ("0.00", 260.0),
            ],
            66.0,
        ));
        chars.extend(line(&[("用支出", 160.0)], 74.0));
        chars.extend(line(
            &[
                ("30101", 0.0),
                ("5.00", 60.0),
                ("30701", 120.0),
                ("国内付息", 160.0),
                ("0.00", 260.0),
            ],
            90.0,
        ));
        let g = &one_grid(chars);
        let at = |r: usize, c: usize| g.cell_at(r, c).map(|x| x.text.as_str());
        assert_eq!(g.rows, 3, "header and two rows");
        assert_eq!(at(0, 3), Some("名称"));
        assert_eq!(at(1, 2), Some("307"));
        assert_eq!(at(1, 3), Some("债务利息及费用支出"));
        assert_eq!(at(2, 3), Some("国内付息"));
    }

    #[test]
    fn total_row_after_empty_rows_stays_in_the_table() {
        let mut chars = Vec::new();
        chars.extend(line(&[("项目", 0.0), ("预算数", 120.0)], 30.0));
        chars.extend(line(&[("一、财政拨款收入", 0.0), ("2485.43", 120.0)], 45.0));
        chars.extend(line(&[("二、事业收入", 0.0), ("31.37", 130.0)], 60.0));
        // a row with a blank cell, four empty rows, then the total, right-aligned like the
        // amounts above
        chars.extend(line(&[("三、其他收入", 0.0)], 75.0));
        chars.extend(line(&[("收入总计", 0.0), ("2516.80", 120.0)], 150.0));
        let (grids, rest) = alignment_grids(chars);
        assert_eq!(grids.len(), 1);
        let g = &grids[0];
        assert_eq!(g.rows, 5);
        assert_eq!(
            g.cell_at(3, 0).map(|c| c.text.as_str()),
            Some("三、其他收入")
        );
        assert_eq!(g.cell_at(4, 0).map(|c| c.text.as_str()), Some("收入总计"));
        assert_eq!(g.cell_at(4, 1).map(|c| c.text.as_str()), Some("2516.80"));
        assert!(rest.is_empty());
    }

    #[test]
    fn blank_value_column_keeps_its_header() {
        // 基本支出 is blank in every row: its header still makes a column (the header band has
        // no more segments than the body has columns: the code header sits a line higher; 合计
        // is centred over its column, left of its right-aligned amounts)
        let mut chars = Vec::new();
        chars.extend(line(&[("科目编码", 0.0)], 15.0));
        chars.extend(line(
            &[
                ("科目名称", 60.0),
                ("合计", 130.0),
                ("基本支出", 210.0),
                ("项目支出", 280.0),
            ],
            30.0,
        ));
        for (i, (code, name)) in [("212", "城乡社区支出"), ("229", "其他支出")]
            .iter()
            .enumerate()
        {
            chars.extend(line(
                &[
                    (code, 0.0),
                    (name, 60.0),
                    ("215.11", 160.0),
                    ("215.11", 290.0),
                ],
                45.0 + 15.0 * i as f64,
            ));
        }
        let g = &one_grid(chars);
        assert_eq!(g.cols, 5);
        let at = |r: usize, c: usize| g.cell_at(r, c).map(|x| x.text.as_str());
        assert_eq!(at(1, 3), Some("基本支出"));
        assert_eq!(at(2, 3), Some(""));
        assert_eq!(at(2, 4), Some("215.11"));
    }

    #[test]
    fn a_narrow_group_header_centred_over_its_columns_is_no_column_header() {
        // 三公 budget table: “三公”经费预算数 is centred over six columns and its text touches
        // none of the headers under it but 公务接待费; 公务用车购置及运行费 over 小计 | 购置费 |
        // 运行费. 公务接待费 is blank: its column stays apart from 小计's amounts
        let mut chars = Vec::new();
        chars.extend(line(&[("“三公”经费预算数", 322.0)], 15.0));
        chars.extend(line(
            &[
                ("公务用车购置及运行费", 480.0),
                ("机关运行经费预算数", 694.0),
            ],
            30.0,
        ));
        chars.extend(line(
            &[
                ("合计", 102.0),
                ("因公出国(境)费", 182.0),
                ("公务接待费", 294.0),
            ],
            40.0,
        ));
        chars.extend(line(
            &[("小计", 412.0), ("购置费", 510.0), ("运行费", 616.0)],
            50.0,
        ));
        chars.extend(line(
            &[("20.32", 132.0), ("20.32", 444.0), ("20.32", 546.0)],
            65.0,
        ));
        let g = &one_grid(chars);
        let last = g.rows - 1;
        let col_of = |text: &str| {
            g.cells
                .iter()
                .find(|c| c.text == text)
                .map(|c| c.col)
                .unwrap_or_else(|| panic!("no cell {text}"))
        };
        let at = |c: usize| g.cell_at(last, c).map(|x| x.text.as_str());
        assert_eq!(at(col_of("小计")), Some("20.32"));
        assert_eq!(at(col_of("购置费")), Some("20.32"));
        assert_eq!(at(col_of("公务接待费")), Some(""));
        assert_ne!(col_of("公务接待费"), col_of("小计"));
    }

    #[test]
    fn a_header_between_wrapped_headers_is_no_group() {
        // 财政拨款收入 and 事业单位经营收入 wrap onto a second line; 事业收入 between them, on
        // one line, has their second lines on both sides below it but is a column of its own
        let mut chars = Vec::new();
        chars.extend(line(&[("财政拨款", 340.0), ("事业单位", 450.0)], 20.0));
        chars.extend(line(
            &[("合计", 300.0), ("事业收入", 395.0), ("其他收入", 500.0)],
            28.0,
        ));
        chars.extend(line(&[("收入", 350.0), ("经营收入", 450.0)], 36.0));
        for (i, v) in ["2,482.52", "656.92"].iter().enumerate() {
            let y = 55.0 + 15.0 * i as f64;
            chars.extend(line(&[("201", 0.0), ("一般公共服务支出", 40.0)], y));
            chars.extend(line(&[(v, 330.0 - 5.0 * v.len() as f64)], y));
            chars.extend(line(&[(v, 385.0 - 5.0 * v.len() as f64)], y));
        }
        let g = &one_grid(chars);
        let col_of = |text: &str| {
            g.cells
                .iter()
                .find(|c| c.text.starts_with(text))
                .map(|c| c.col)
                .unwrap_or_else(|| panic!("no cell {text}"))
        };
        let last = g.rows - 1;
        let at = |c: usize| g.cell_at(last, c).map(|x| x.text.as_str());
        assert_eq!(at(col_of("财政拨款")), Some("656.92"));
        assert_eq!(at(col_of("事业收入")), Some(""));
        assert_ne!(col_of("事业收入"), col_of("财政拨款"));
    }

    #[test]
    fn a_group_heads_the_columns_below_it_not_the_headers_centred_beside_it() {
        // 湖南's 收入总体情况表: 本级财政拨款 over 金额 and 其中：经费 (three lines, the group
        // on the first); 合计 and 其他收入 are printed once, centred on the header's lines, and
        // are no columns of the group
        let mut chars = Vec::new();
        chars.extend(line(&[("本级财政拨款", 187.0)], 0.0));
        chars.extend(line(
            &[
                ("科目名称", 0.0),
                ("合计", 105.0),
                ("其中：经费", 225.0),
                ("其他收入", 300.0),
            ],
            12.0,
        ));
        chars.extend(line(&[("金额", 175.0), ("拨款", 240.0)], 24.0));
        chars.extend(line(
            &[
                ("**", 0.0),
                ("1", 120.0),
                ("2", 190.0),
                ("3", 260.0),
                ("4", 330.0),
            ],
            36.0,
        ));
        for (i, name) in ["一般公共服务支出", "教育支出"].iter().enumerate() {
            chars.extend(line(
                &[
                    (name, 0.0),
                    ("10.00", 100.0),
                    ("10.00", 170.0),
                    ("5.00", 245.0),
                    ("0.50", 315.0),
                ],
                50.0 + 14.0 * i as f64,
            ));
        }
        let g = &one_grid(chars);
        let group = g
            .cells
            .iter()
            .find(|c| c.text == "本级财政拨款")
            .expect("group");
        let col_of = |t: &str| g.cells.iter().find(|c| c.text == t).map(|c| c.col);
        assert_eq!(
            (group.col, group.col + group.col_span - 1),
            (
                col_of("金额").unwrap_or(99),
                // its two lines joined: 金额 below is the group's, not a second segment
                col_of("其中：经费拨款").unwrap_or(99)
            ),
            "{:?}",
            texts(g)
        );
    }

    #[test]
    fn a_wrapped_header_without_a_neighbour_on_its_left_joins_its_second_line() {
        // 长沙's 收入总体情况表 without rulings: 财政专户管 / 理事业收入 wraps around the line
        // of 合计 and 其中：经费, and the nearest header on its left (本级财政拨款) is a line
        // higher; 金额, under that group, is no second segment below 财政专户管
        let mut chars = Vec::new();
        // (the lines as 长沙's generator prints them: each 10 high, half a line apart)
        chars.extend(line(&[("本级财政拨款", 170.0)], 0.0));
        chars.extend(line(&[("财政专户管", 270.0), ("事业单位经", 330.0)], 6.0));
        chars.extend(line(
            &[
                ("科目名称", 0.0),
                ("合计", 105.0),
                ("其中：经费", 215.0),
                ("其它收入", 450.0),
            ],
            11.0,
        ));
        chars.extend(line(&[("理事业收入", 270.0), ("营服务收入", 330.0)], 16.0));
        chars.extend(line(&[("金额", 170.0)], 17.0));
        chars.extend(line(&[("拨款", 230.0)], 22.0));
        for (i, name) in ["一般公共服务支出", "教育支出"].iter().enumerate() {
            chars.extend(line(
                &[
                    (name, 0.0),
                    ("10.00", 105.0),
                    ("9.00", 170.0),
                    ("8.00", 230.0),
                    ("0.50", 290.0),
                    ("0.20", 355.0),
                    ("0.30", 465.0),
                ],
                36.0 + 14.0 * i as f64,
            ));
        }
        let g = &one_grid(chars);
        let col_of = |t: &str| g.cells.iter().find(|c| c.text == t).map(|c| c.col);
        let last = g.rows - 1;
        let at = |c: Option<usize>| c.and_then(|c| g.cell_at(last, c)).map(|x| x.text.as_str());
        assert_eq!(
            at(col_of("财政专户管理事业收入")),
            Some("0.50"),
            "{:?}",
            texts(g)
        );
        assert_eq!(
            at(col_of("事业单位经营服务收入")),
            Some("0.20"),
            "{:?}",
            texts(g)
        );
    }

    #[test]
    fn the_mark_under_a_names_header_wider_than_the_names_is_their_column() {
        // 部门支出总体情况表: 功能科目 centred over names shorter than it, its `**` right of
        // every name of the fullest rows; the mark is the names' column's, and 科目编码 heads
        // only the code columns
        let mut chars = Vec::new();
        chars.extend(line(&[("科目编码", 95.0)], 0.0));
        chars.extend(line(
            &[
                ("功能科目", 227.0),
                ("总计", 355.0),
                ("基本支出", 422.0),
                ("项目支出", 499.0),
            ],
            6.0,
        ));
        chars.extend(line(&[("类", 70.0), ("款", 107.0), ("项", 143.0)], 12.0));
        chars.extend(line(
            &[
                ("**", 70.0),
                ("**", 107.0),
                ("**", 143.0),
                ("**", 241.0),
                ("1", 362.0),
                ("2", 439.0),
                ("3", 515.0),
            ],
            22.0,
        ));
        for (i, (code, name, total)) in [
            ("01", "行政运行", "604.72"),
            ("04", "基层司法业务", "104.84"),
        ]
        .iter()
        .enumerate()
        {
            chars.extend(line(
                &[
                    ("204", 62.0),
                    ("06", 98.0),
                    (code, 135.0),
                    (name, 171.0),
                    (total, 367.0),
                    (total, 444.0),
                ],
                36.0 + 14.0 * i as f64,
            ));
        }
        let g = &one_grid(chars);
        let rows = texts(g);
        let names = g.cells.iter().find(|c| c.text == "行政运行").map(|c| c.col);
        let header = g.cells.iter().find(|c| c.text == "功能科目").map(|c| c.col);
        assert_eq!(names, header, "{rows:?}");
        assert_eq!(rows[0].len(), 7, "{rows:?}");
    }

    #[test]
    fn a_header_centred_over_wide_right_aligned_amounts_heads_them() {
        // 合计 is centred over a wide column whose amounts are set right-aligned far from it,
        // and the header band has more segments than the body columns (基本支出 is blank):
        // 合计 still heads the amounts rather than making a column of its own
        let mut chars = Vec::new();
        chars.extend(line(
            &[
                ("功能分类科目编码", 0.0),
                ("功能分类科目名称", 150.0),
                ("合计", 438.0),
                ("基本支出", 564.0),
                ("项目支出", 700.0),
            ],
            15.0,
        ));
        for (i, (code, name)) in [
            ("212", "城乡社区支出"),
            ("21208", "国有土地使用权出让收入安排的支出"),
        ]
        .iter()
        .enumerate()
        {
            chars.extend(line(
                &[
                    (code, 0.0),
                    (name, 90.0),
                    ("369.76", 510.0),
                    ("369.76", 750.0),
                ],
                30.0 + 15.0 * i as f64,
            ));
        }
        let g = &one_grid(chars);
        assert_eq!(g.cols, 5);
        let col_of = |text: &str| g.cells.iter().find(|c| c.text == text).map(|c| c.col);
        let last = g.rows - 1;
        let at = |c: Option<usize>| c.and_then(|c| g.cell_at(last, c)).map(|x| x.text.as_str());
        assert_eq!(at(col_of("合计")), Some("369.76"));
        assert_eq!(at(col_of("基本支出")), Some(""));
        assert_eq!(at(col_of("项目支出")), Some("369.76"));
    }

    #[test]
    fn numbered_table_with_one_total_row_keeps_one_column_per_header() {
        // headers centred over their columns, column numbers centred, amounts right-aligned:
        // the headers and numbers do not overlap the amounts, yet each names one column
        let mut chars = Vec::new();
        chars.extend(line(
            &[
                ("科目代码", 0.0),
                ("科目名称", 60.0),
                ("合计", 150.0),
                ("基本支出", 220.0),
                ("项目支出", 300.0),
            ],
            30.0,
        ));
        chars.extend(line(
            &[("栏次", 70.0), ("1", 158.0), ("2", 238.0), ("3", 318.0)],
            45.0,
        ));
        chars.extend(line(
            &[
                ("合计", 0.0),
                ("0.00", 180.0),
                ("0.00", 260.0),
                ("0.00", 340.0),
            ],
            60.0,
        ));
        let g = &one_grid(chars);
        assert_eq!(g.cols, 5);
        let at = |r: usize, c: usize| g.cell_at(r, c).map(|x| x.text.as_str());
        assert_eq!(at(0, 3), Some("基本支出"));
        assert_eq!(at(1, 3), Some("2"));
        assert_eq!(at(2, 3), Some("0.00"));
    }

    #[test]
    fn last_row_centred_label_ends_below_it() {
        let mut chars = Vec::new();
        chars.extend(line(
            &[("科目编码", 0.0), ("科目名称", 80.0), ("金额", 200.0)],
            34.0,
        ));
        chars.extend(line(
            &[("22960", 0.0), ("彩票公益金", 80.0), ("9.00", 200.0)],
            50.0,
        ));
        chars.extend(line(&[("用于社会福利", 80.0)], 56.5));
        chars.extend(line(&[("2296002", 0.0), ("9.00", 200.0)], 66.0));
        chars.extend(line(&[("的支出", 80.0)], 75.5));
        let (grids, rest) = alignment_grids(chars);
        assert_eq!(grids.len(), 1);
        let g = &grids[0];
        let at = |r: usize, c: usize| g.cell_at(r, c).map(|x| x.text.as_str());
        assert_eq!(g.rows, 3);
        assert_eq!(at(2, 0), Some("2296002"));
        assert_eq!(at(2, 1), Some("用于社会福利的支出"));
        assert!(rest.is_empty());
    }

    #[test]
    fn a_lone_amount_between_its_label_lines_is_a_row() {
        let mut chars = Vec::new();
        chars.extend(line(&[("项目", 0.0), ("决算数", 120.0)], 30.0));
        chars.extend(line(&[("一、一般公共", 0.0)], 46.0));
        chars.extend(line(&[("0.00", 130.0)], 54.0));
        chars.extend(line(&[("预算拨款", 0.0)], 62.0));
        chars.extend(line(&[("总计", 0.0), ("941.57", 120.0)], 80.0));
        let (grids, rest) = alignment_grids(chars);
        assert_eq!(grids.len(), 1);
        let g = &grids[0];
        let at = |r: usize, c: usize| g.cell_at(r, c).map(|x| x.text.as_str());
        assert_eq!(g.rows, 3);
        assert_eq!(at(1, 0), Some("一、一般公共预算拨款"));
        assert_eq!(at(1, 1), Some("0.00"));
        assert_eq!(at(2, 1), Some("941.57"));
        assert!(rest.is_empty());
    }

    #[test]
    fn a_column_of_bare_zeros_is_not_blank() {
        let mut chars = Vec::new();
        chars.extend(line(
            &[
                ("科目", 0.0),
                ("合计", 100.0),
                ("出国费", 170.0),
                ("接待费", 250.0),
            ],
            30.0,
        ));
        chars.extend(line(
            &[
                ("三公经费", 0.0),
                ("10.42", 110.0),
                ("0", 210.0),
                ("10.42", 260.0),
            ],
            45.0,
        ));
        chars.extend(line(
            &[
                ("其中", 0.0),
                ("10.42", 110.0),
                ("0", 210.0),
                ("10.42", 260.0),
            ],
            60.0,
        ));
        let g = &one_grid(chars);
        assert_eq!(g.cols, 4);
        let at = |r: usize, c: usize| g.cell_at(r, c).map(|x| x.text.as_str());
        assert_eq!(at(0, 2), Some("出国费"));
        assert_eq!(at(1, 2), Some("0"));
    }

    #[test]
    fn a_table_of_one_mostly_blank_row_under_its_header() {
        let mut chars = Vec::new();
        chars.extend(line(
            &[("合计", 0.0), ("出国费", 80.0), ("接待费", 160.0)],
            30.0,
        ));
        chars.extend(line(
            &[("小计", 240.0), ("购置费", 300.0), ("运行经费", 380.0)],
            45.0,
        ));
        chars.extend(line(&[("19.59", 390.0)], 60.0));
        let (grids, _) = alignment_grids(chars);
        assert_eq!(grids.len(), 1, "a table");
        let g = &grids[0];
        assert_eq!(g.cols, 6, "one column per header");
        let at = |r: usize, c: usize| g.cell_at(r, c).map(|x| x.text.as_str());
        assert_eq!(at(2, 5), Some("19.59"));
        assert_eq!(at(2, 0), Some(""));
    }

    #[test]
    fn a_line_broken_early_before_a_bracket_continues() {
        // 党委办公厅 ends two glyphs short of the column: the next line starts with （
        let mut chars = Vec::new();
        chars.extend(line(
            &[("科目编码", 0.0), ("科目名称", 80.0), ("金额", 200.0)],
            30.0,
        ));
        chars.extend(line(
            &[("201", 0.0), ("一般公共服务支", 80.0), ("9.00", 200.0)],
            46.0,
        ));
        chars.extend(line(&[("党委办公厅", 80.0)], 62.0));
        chars.extend(line(
            &[("20131", 0.0), ("（室）及相关机", 80.0), ("9.00", 200.0)],
            78.0,
        ));
        chars.extend(line(&[("构事务", 80.0)], 94.0));
        chars.extend(line(
            &[("2013101", 0.0), ("行政运行", 80.0), ("9.00", 200.0)],
            110.0,
        ));
        let g = &one_grid(chars);
        let at = |r: usize, c: usize| g.cell_at(r, c).map(|x| x.text.as_str());
        assert_eq!(g.rows, 4);
        assert_eq!(at(2, 1), Some("党委办公厅（室）及相关机构事务"));
    }

    #[test]
    fn borderless_table_with_group_header_and_blank_cell() {
        let mut chars = Vec::new();
        chars.extend(line(&[("支出决算表", 150.0)], 0.0));
        chars.extend(line(&[("项目", 40.0), ("本年支出", 250.0)], 30.0));
        chars.extend(line(
            &[
                ("科目编码", 0.0),
                ("科目名称", 80.0),
                ("小计", 200.0),
                ("基本支出", 260.0),
                ("项目支出", 330.0),
            ],
            45.0,
        ));
        chars.extend(line(
            &[
                ("201", 0.0),
                ("一般公共服务支出", 80.0),
                ("264.87", 200.0),
                ("62.63", 265.0),
                ("202.24", 335.0),
            ],
            60.0,
        ));
        chars.extend(line(
            &[
                ("2013901", 0.0),
                ("行政运行", 80.0),
                ("51.32", 205.0),
                ("51.32", 265.0),
            ],
            75.0,
        ));
        let (grids, rest) = alignment_grids(chars);
        assert_eq!(grids.len(), 1);
        let g = &grids[0];
        assert_eq!((g.rows, g.cols), (4, 5));
        let text = |r: usize, c: usize| {
            g.cells
                .iter()
                .find(|x| x.row == r && x.col == c)
                .map(|x| x.text.clone())
        };
        // 本年支出 spans the three value columns; 项目 the two label columns
        let bn = g.cells.iter().find(|c| c.text == "本年支出").unwrap();
        assert_eq!((bn.col, bn.col_span), (2, 3));
        let xm = g.cells.iter().find(|c| c.text == "项目").unwrap();
        assert_eq!((xm.col, xm.col_span), (0, 2));
        assert_eq!(text(3, 3).as_deref(), Some("51.32"));
        assert_eq!(text(3, 4).as_deref(), Some(""), "blank stays blank");
        // the title stays free text
        assert_eq!(rest.len(), 5);
    }

    #[test]
    fn narrative_is_not_a_table() {
        let mut chars = Vec::new();
        chars.extend(line(
            &[(
                "2023年度收入合计12175.60万元，其中：财政拨款收入12175.60万元。",
                0.0,
            )],
            0.0,
        ));
        chars.extend(line(&[("基本支出1282.33万元，占10.53%。", 0.0)], 15.0));
        let (grids, rest) = alignment_grids(chars.clone());
        assert!(grids.is_empty());
        assert_eq!(rest.len(), chars.len());
    }

    /// Rows of a 基本支出 table printed in two groups side by side (code | name | amount, twice),
    /// the first group's amounts ending at 150 and the second group's codes starting at 160.
    fn two_groups(rows: &[(&str, &str, &str, &str, &str, &str)]) -> Vec<Char> {
        let mut chars = Vec::new();
        for (k, &(c1, n1, a1, c2, n2, a2)) in rows.iter().enumerate() {
            let y = 14.0 * (k + 1) as f64;
            let right = |a: &str, end: f64| end - 5.0 * a.len() as f64;
            chars.extend(line(
                &[
                    (c1, 0.0),
                    (n1, 40.0),
                    (a1, right(a1, 150.0)),
                    (c2, 160.0),
                    (n2, 200.0),
                    (a2, right(a2, 300.0)),
                ],
                y,
            ));
        }
        chars
    }

    #[test]
    fn a_header_word_read_in_two_pieces_keeps_its_column() {
        // OCR read 科目名称 as `科` and `名称`, apart: the two pieces over the name column
        // are one header; 决算数 stays over the amounts
        let mut chars = line(
            &[
                ("科目编码", 0.0),
                ("科", 50.0),
                ("名称", 70.0),
                ("决算数", 125.0),
            ],
            0.0,
        );
        for (k, (code, name, amount)) in [
            ("301", "工资福利支出", "856.89"),
            ("30101", "基本工资", "157.98"),
            ("30102", "津贴补贴", "340.23"),
        ]
        .into_iter()
        .enumerate()
        {
            let y = 14.0 * (k + 1) as f64;
            chars.extend(line(&[(code, 0.0), (name, 40.0), (amount, 120.0)], y));
        }
        let rows = texts(&one_grid(chars));
        assert_eq!(rows[0], ["科目编码", "科名称", "决算数"], "{rows:?}");
        assert_eq!(rows[2], ["30101", "基本工资", "157.98"], "{rows:?}");
    }

    #[test]
    fn a_header_word_read_in_two_pieces_over_amounts_is_no_blank_column() {
        // gen-47-0003 scanned: OCR read 经营收入 as `经营` and `收入`, 0.7 sizes apart; the
        // piece over no amount is the header's first half, not a column of its own
        let mut chars = line(
            &[
                ("项目", 0.0),
                ("事业收入", 50.0),
                ("经营", 100.0),
                ("收入", 127.0),
            ],
            0.0,
        );
        for (k, (name, a, b)) in [("科技支出", "5.00", "0.00"), ("行政运行", "3.00", "1.00")]
            .into_iter()
            .enumerate()
        {
            let y = 14.0 * (k + 1) as f64;
            chars.extend(line(&[(name, 0.0), (a, 60.0), (b, 128.0)], y));
        }
        let rows = texts(&one_grid(chars));
        assert_eq!(rows[0], ["项目", "事业收入", "经营收入"], "{rows:?}");
        assert_eq!(rows[1], ["科技支出", "5.00", "0.00"], "{rows:?}");
    }

    #[test]
    fn one_misread_row_does_not_join_two_columns_the_others_keep_apart() {
        // gen-31-0002 scanned: OCR read `2.50` as `2a`, boxed past the amounts' edge and run
        // into the code beside it (`2a 30225`); the other rows keep 决算数 and 科目编码 apart
        let mut chars = two_groups(&[
            (
                "301",
                "工资福利支出",
                "856.89",
                "302",
                "商品和服务支出",
                "76.82",
            ),
            ("30101", "基本工资", "157.98", "30201", "办公费", "9.15"),
            ("30102", "津贴补贴", "340.23", "30202", "印刷费", "1.20"),
            ("30103", "奖金", "51.56", "30203", "咨询费", "0.77"),
        ]);
        chars.extend(line(
            &[
                ("30305", 0.0),
                ("生活补助", 40.0),
                ("2a", 145.0),
                ("30225", 160.0),
                ("专用燃料费", 200.0),
                ("3.00", 280.0),
            ],
            70.0,
        ));
        let g = one_grid(chars);
        assert_eq!(g.cols, 6, "{:?}", texts(&g));
        let rows = texts(&g);
        let row = |code: &str| rows.iter().find(|r| r[0] == code).cloned();
        assert_eq!(
            row("30101"),
            Some(
                ["30101", "基本工资", "157.98", "30201", "办公费", "9.15"]
                    .map(String::from)
                    .to_vec()
            )
        );
    }

    #[test]
    fn headers_run_together_on_their_first_line_are_cut_apart() {
        // gen-17-0003 scanned: OCR read the first lines of two wrapped headers, 一般公共预算财政
        // / 拨款 and 政府性基金预算财 / 政拨款, as one line; the lines below them say where
        // one ends
        let mut chars = line(
            &[
                ("项目", 0.0),
                ("一般公共预算财政", 100.0),
                ("政府性基金预算财", 184.0),
            ],
            0.0,
        );
        chars.extend(line(&[("拨款", 130.0), ("政拨款", 209.0)], 11.0));
        for (k, name) in ["一般公共服务支出", "公共安全支出", "教育支出"]
            .iter()
            .enumerate()
        {
            let y = 25.0 + 14.0 * k as f64;
            chars.extend(line(&[(name, 0.0), ("10.00", 155.0), ("0.00", 244.0)], y));
        }
        let g = one_grid(chars);
        let headers: Vec<&str> = g.cells.iter().map(|c| c.text.as_str()).collect();
        for h in ["一般公共预算财政拨款", "政府性基金预算财政拨款"] {
            assert!(headers.contains(&h), "{:?}", texts(&g));
        }
    }
}
