//! Labels OCR misread by one character, put back; Latin letters OCR read at a Chinese
//! label's edges (`VAN金融支出`) left out. On a page read by OCR a row label or a
//! header loses, gains or changes a character (`国防文出` for 国防支出, `项有目` for 项目), and
//! a label the registry does not know names no canonical row or column. A cell's text one
//! character (a long one two) away from exactly one known name ([`known_names`]: the classification's 类, the
//! rows of the summary tables, the total rows and the registry's column words) is read as that
//! name; an enumerator OCR garbled (`十和六、`, `三十三.`, `十/八。`, a lone `、`) is read as one first.
//! Text-layer pages are never touched.

use crate::schema::{self, Side, TableKey};
use crate::totals;
use std::borrow::Cow;
use std::sync::OnceLock;
use yjs_model::{Block, Document};

/// The rows of the summary tables: with the 类 ([`crate::classes`]), the row names a report
/// prints without a code.
const ROW_NAMES: &[&str] = &[
    "一般公共预算财政拨款收入",
    "政府性基金预算财政拨款收入",
    "国有资本经营预算财政拨款收入",
    "一般公共预算财政拨款",
    // (长沙's 财政拨款收支总表 prints them without 财政)
    "一般公共预算拨款收入",
    "政府性基金预算拨款收入",
    "国有资本经营预算拨款收入",
    "政府性基金预算财政拨款",
    "国有资本经营预算财政拨款",
    "上级补助收入",
    "事业收入",
    "经营收入",
    "附属单位上缴收入",
    "其他收入",
    "使用非财政拨款结余",
    "使用非财政拨款结余和专用结余",
    "年初结转和结余",
    "年末结转和结余",
    "年初财政拨款结转和结余",
    "年末财政拨款结转和结余",
    "结余分配",
    "事业支出",
    "上缴上级支出",
    "经营支出",
    "对附属单位补助支出",
    "基本支出",
    "项目支出",
    "人员经费",
    "公用经费",
    "项目",
    "科目名称",
    "科目编码",
    "功能分类科目编码",
    "功能分类科目名称",
    // (the funds of a 财政拨款收入, as 上海 prints them: no misreading of 国有资本经营预算支出)
    "一般公共预算",
    "政府性基金预算",
    "国有资本经营预算",
    "一般公共预算资金",
    "政府性基金预算资金",
    "国有资本经营预算资金",
];

/// The shortest text snapped: two characters are one character from too many names.
const MIN_SNAP_CHARS: usize = 3;

/// The longest text an OCR enumerator prefix has (`三十三` before its `、`).
const MAX_ENUMERATOR_CHARS: usize = 4;

/// Every name a label may be snapped to: [`ROW_NAMES`], the total rows' labels and the column
/// words of every table of the registry.
pub(crate) fn known_names() -> &'static Vec<&'static str> {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<&'static str> = ROW_NAMES.to_vec();
        names.extend(crate::classes::names());
        names.extend(
            totals::TOTAL_ROWS
                .iter()
                .flat_map(|(_, l)| l.iter().copied()),
        );
        for &t in TableKey::ALL {
            for side in [None, Some(Side::Income), Some(Side::Expenditure)] {
                for r in schema::column_rules(t, side) {
                    names.extend(r.any.iter().copied());
                }
            }
        }
        names.sort_unstable();
        names.dedup();
        names
    })
}

/// Is `text` one of the [`known_names`] (kept sorted: a binary search)?
pub(crate) fn is_known_name(text: &str) -> bool {
    known_names().binary_search(&text).is_ok()
}

/// The known names of [`MIN_RUN_NAME_CHARS`] characters or more, the longest first: the names
/// a label running several rows together is searched for.
pub(crate) fn long_names_longest_first() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<&'static str> = known_names()
            .iter()
            .copied()
            .filter(|n| n.chars().count() >= MIN_RUN_NAME_CHARS)
            .collect();
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        names
    })
}

/// The fewest characters of a known name counted in a label that runs rows together: shorter
/// ones (`合计`, `项目`) end many a label of its own.
const MIN_RUN_NAME_CHARS: usize = 4;

/// What changing, losing or adding a character costs in [`distance`]; a change between
/// characters OCR confuses ([`schema::are_confusable`]) costs one.
const EDIT_COST: usize = 2;

fn change_cost(a: char, b: char) -> usize {
    if a == b {
        0
    } else if schema::are_confusable(a, b) {
        EDIT_COST / 2
    } else {
        EDIT_COST
    }
}

/// What the fewest characters changed, lost or added that turn `a` into `b` cost, in halves
/// of a character (Levenshtein's distance, a change between confusable characters costing half).
fn distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).map(|j| j * EDIT_COST).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = (i + 1) * EDIT_COST;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + change_cost(*ca, *cb))
                .min(row[j] + EDIT_COST)
                .min(row[j + 1] + EDIT_COST);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// A label of this many characters or more may be two characters off its name
/// (`社会保障和束业文出`), where no other known name is within two of it.
const LONG_LABEL_CHARS: usize = 8;

/// The one known name `text` is a character away from (two for a label of
/// [`LONG_LABEL_CHARS`]), if exactly one is.
fn snap_name(text: &str) -> Option<&'static str> {
    let chars: Vec<char> = text.chars().collect();
    if chars.iter().any(|c| c.is_ascii_digit()) || is_known_name(text) {
        return None;
    }
    if let Some(name) = confused_name(&chars) {
        return Some(name);
    }
    if chars.len() < MIN_SNAP_CHARS {
        return None;
    }
    let names = known_names();
    let off = if chars.len() >= LONG_LABEL_CHARS {
        2
    } else {
        1
    };
    // (a name the label holds whole, with more words around it, is no misreading of it: the
    // label is a name of its own, 其他公共安全支出, 一般公共预算资金; with an enumerator OCR
    // misplaced around it, `住房保障支出十九`, it is)
    let near: Vec<(usize, &'static str)> = names
        .iter()
        .filter(|n| !holds_with_words(text, n))
        .filter_map(|n| {
            let c: Vec<char> = n.chars().collect();
            let d = distance(&chars, &c);
            (c.len() + 1 >= MIN_SNAP_CHARS && (1..=off * EDIT_COST).contains(&d)).then_some((d, *n))
        })
        .collect();
    // the one nearest name; where two are as near, none
    let Some(&(best, name)) = near.iter().min_by_key(|(d, _)| *d) else {
        return held_name(text).or_else(|| ending_of_one_name(text));
    };
    (near.iter().filter(|(d, _)| *d == best).count() == 1).then_some(name)
}

/// The one known name `chars` reads with characters OCR confuses for one another
/// ([`schema::are_confusable`]: `各计` for 合计), however short; `None` where none or several.
fn confused_name(chars: &[char]) -> Option<&'static str> {
    let mut confused = known_names()
        .iter()
        .filter(|n| schema::read_alike(chars, n.chars()));
    match (confused.next(), confused.next()) {
        (Some(n), None) => Some(*n),
        _ => None,
    }
}

/// The fewest characters of a label read as the end of a longer name.
const MIN_ENDING_CHARS: usize = 4;

/// The one known name that `text` is the end of, OCR having lost its first characters
/// (`环保支出` of 节能环保支出, `付息支出` of 债务付息支出); `None` where it ends none or
/// several (`预算财政拨款`).
fn ending_of_one_name(text: &str) -> Option<&'static str> {
    let ends_one = |t: &str| {
        if t.chars().count() < MIN_ENDING_CHARS {
            return None;
        }
        let mut ending = known_names()
            .iter()
            .filter(|n| n.len() > t.len() && n.ends_with(t));
        match (ending.next(), ending.next()) {
            (Some(n), None) => Some(*n),
            _ => None,
        }
    };
    // (or after a speck OCR read as a character before it: `了环保支出`)
    let after_speck = text.char_indices().nth(1).map(|(i, _)| &text[i..]);
    ends_one(text).or_else(|| after_speck.and_then(ends_one))
}

/// The characters of a Chinese enumerator (`十九、`), which OCR may misplace around a label.
const ENUMERATOR_CHARS: &str = "一二三四五六七八九十百、.．";

/// Characters besides an enumerator's OCR adds around a label it reads whole: a speck read as
/// a character (`人社会保障和就业支出`, `也十四债务还本支出`). Two are a word (其他公共安全支出).
const MAX_STRAY_CHARS: usize = 1;

/// Does `text` hold `name` whole, with words around it that are no enumerator?
fn holds_with_words(text: &str, name: &str) -> bool {
    text.contains(name)
        && !text
            .replacen(name, "", 1)
            .chars()
            .all(|c| ENUMERATOR_CHARS.contains(c))
}

/// Is `rest`, read around a label, no more than an enumerator and a stray character?
fn only_noise(rest: &str) -> bool {
    let stray = rest
        .chars()
        .filter(|c| !ENUMERATOR_CHARS.contains(*c))
        .count();
    stray <= MAX_STRAY_CHARS && rest.chars().count() <= MAX_ENUMERATOR_CHARS + MAX_STRAY_CHARS
}

/// The longest known name `text` holds whole with nothing else around it but an enumerator OCR
/// misplaced and a stray character (`十六金融支出`, `金融支出十六`, `也十四债务还本支出`), for
/// a label no known name is a character or two away from.
fn held_name(text: &str) -> Option<&'static str> {
    known_names()
        .iter()
        .filter(|n| n.chars().count() >= MIN_SNAP_CHARS && text.contains(**n))
        .filter(|n| only_noise(&text.replacen(**n, "", 1)))
        .max_by_key(|n| n.chars().count())
        .copied()
}

/// `text` with an enumerator OCR garbled read as one: a lone `、` left of a numeral OCR lost
/// dropped; numerals with a stray character or a `.` or `。` for `、` (`十和六、`, `三十三.`,
/// `十/八。`) read as the numerals and `、`. `None` where there is nothing to mend.
fn mend_enumerator(text: &str) -> Option<String> {
    if let Some(rest) = text.strip_prefix('、') {
        return Some(rest.to_string());
    }
    if let Some(mended) = digits_without_mark(text) {
        return Some(mended);
    }
    let (cut, sep) = text
        .char_indices()
        .take(MAX_ENUMERATOR_CHARS + 1)
        .find(|(_, c)| matches!(c, '、' | '.' | '．' | '。'))?;
    let head = &text[..cut];
    let numerals: String = head.chars().filter(|&c| schema::is_cn_digit(c)).collect();
    if numerals.is_empty() || (numerals == head && sep == '、') {
        return None;
    }
    // (a stray character among the numerals, at most one)
    if head.chars().count() > numerals.chars().count() + 1 {
        return None;
    }
    Some(format!("{numerals}、{}", &text[cut + sep.len_utf8()..]))
}

/// What OCR reads for the `、` after an enumerator of digits, one of them at most.
const MISREAD_MARKS: &[char] = &['，', ',', '；', ';', '：', ':'];

/// The most digits of an enumerator (`12、`).
const MAX_ENUMERATOR_DIGITS: usize = 2;

/// `text` with the `、` OCR lost after an enumerator of digits put back (`12农林水支出` →
/// `12、农林水支出`), where what follows is a known name or a character off one, or read as
/// another mark (`1，…`); `None` otherwise (a code runs into its name with three digits or
/// more).
fn digits_without_mark(text: &str) -> Option<String> {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    // (or read as another mark, `1，一般公共预算资金`: an enumerator whatever the name)
    let (rest, marked) = match text[digits..].strip_prefix(MISREAD_MARKS) {
        Some(rest) => (rest, true),
        None => (&text[digits..], false),
    };
    let han = rest
        .chars()
        .next()
        .is_some_and(|c| !c.is_ascii() && !"、．.".contains(c));
    ((1..=MAX_ENUMERATOR_DIGITS).contains(&digits)
        && han
        && (marked || is_known_name(rest) || snap_name(rest).is_some()))
    .then(|| format!("{}、{rest}", &text[..digits]))
}

/// The fewest Chinese characters a label keeps for Latin letters at its edges to be noise.
const MIN_HAN_FOR_NOISE: usize = 2;

/// `text` without the Latin letters OCR reads at the edges of a Chinese label from specks and
/// the ends of rules (`VAN金融支出`, `金融支出ZN`, `EN采益金安排的支出`): the names of a
/// budget's tables are Chinese. `None` where there is nothing to strip.
fn strip_latin_noise(text: &str) -> Option<String> {
    let noise = |c: char| c.is_ascii_alphabetic() || matches!(c, '\\' | '/' | '|' | ' ');
    let inner = text.trim_matches(noise);
    let han = inner.chars().filter(|c| !c.is_ascii()).count();
    (inner.len() < text.len()
        && han >= MIN_HAN_FOR_NOISE
        && !inner.contains(|c: char| c.is_ascii_alphabetic()))
    .then(|| inner.to_string())
}

/// The longest header that OCR's noise is taken out of: a column's header is a word or two.
const MAX_HEADER_CHARS: usize = 8;

/// A column header OCR read with specks made into quotes, digits or punctuation inside or
/// around it (`总“计1`, `'基本支出`): the header the registry knows once they are taken out.
/// `None` where the text is no known header without them, or has nothing to take out.
fn header_without_noise(text: &str) -> Option<String> {
    let noise =
        |c: char| c.is_ascii_punctuation() || c.is_ascii_digit() || "“”‘’、，。·".contains(c);
    let kept: String = text
        .chars()
        .filter(|&c| !noise(c) && !c.is_whitespace())
        .collect();
    (kept.len() < text.len()
        && kept.chars().count() <= MAX_HEADER_CHARS
        && kept.chars().all(|c| !c.is_ascii())
        && crate::schema::is_header_word(&kept))
    .then_some(kept)
}

/// A cell's text as snapped: Latin noise at its edges stripped, its enumerator mended and its
/// label put back where one character is off; `None` where it stays as read.
fn snap_text(text: &str) -> Option<String> {
    if let Some(header) = header_without_noise(text) {
        return Some(header);
    }
    if let Some(stripped) = strip_latin_noise(text) {
        return Some(snap_text(&stripped).unwrap_or(stripped));
    }
    let mended = mend_enumerator(text);
    let t = mended.as_deref().unwrap_or(text);
    let label = schema::strip_enumerator(t);
    let prefix = &t[..t.len() - label.len()];
    match snap_name(label) {
        Some(name) => Some(format!("{prefix}{name}")),
        None => mended,
    }
}

/// `doc` with the cells of its pages read by OCR snapped ([`snap_text`]); `doc` itself when
/// none was read by OCR.
pub(crate) fn snap_labels(doc: &Document) -> Cow<'_, Document> {
    if doc.ocr.is_empty() {
        return Cow::Borrowed(doc);
    }
    let mut out = doc.clone();
    for page in out.pages.iter_mut().filter(|p| doc.ocr.contains(&p.number)) {
        for block in &mut page.blocks {
            let Block::Grid(g) = block else { continue };
            for cell in &mut g.cells {
                if let Some(t) = snap_text(&cell.text) {
                    cell.text = t;
                }
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_one_character_off_a_known_name_is_snapped() {
        assert_eq!(snap_text("国防文出").as_deref(), Some("国防支出"));
        assert_eq!(snap_text("三、国防文出").as_deref(), Some("三、国防支出"));
        assert_eq!(snap_text("项有目").as_deref(), Some("项目"));
        assert_eq!(snap_text("卫生健康文出").as_deref(), Some("卫生健康支出"));
        assert_eq!(
            snap_text("社会保障和束业文出").as_deref(),
            Some("社会保障和就业支出")
        );
        assert_eq!(snap_text("外交文入"), None, "a short label two off stays");
        // known, a code or an amount, or too short: as read
        for t in ["国防支出", "2010301", "1,448.63", "合十", "行政运行", ""] {
            assert_eq!(snap_text(t), None, "{t}");
        }
    }

    /// A name that holds a known name whole is another name (a 款 under its 类, a fund's
    /// 资金): read as printed, not cut down to the known one.
    #[test]
    fn a_label_holding_a_known_name_is_not_cut_to_it() {
        assert_eq!(snap_name("其他公共安全支出"), None);
        assert_eq!(snap_name("一般公共预算资金"), None);
        assert_eq!(snap_name("其他社会保障和就业支出"), None);
        // an enumerator OCR misplaced after the name is no word of its own
        assert_eq!(snap_name("住房保障支出十九"), Some("住房保障支出"));
        // nor is one lost its `、` before the name, with a speck read as a character
        assert_eq!(snap_name("十六金融支出"), Some("金融支出"));
        assert_eq!(
            snap_name("二十一国有资本经营预算支出"),
            Some("国有资本经营预算支出")
        );
        assert_eq!(snap_name("也十四债务还本支出"), Some("债务还本支出"));
        assert_eq!(
            snap_name("人社会保障和就业支出"),
            Some("社会保障和就业支出")
        );
        // two characters that are no enumerator are a word
        assert_eq!(snap_name("可并自然资源海洋气象等支出"), None);
        // one misread character elsewhere in a label holding a known name is still mended
        assert_eq!(snap_name("项目文出"), Some("项目支出"));
        assert_eq!(
            snap_name("国有资本经莒预算财政拨款收入"),
            Some("国有资本经营预算财政拨款收入")
        );
    }

    /// `事业收出` is one character from both 事业收入 and 事业支出: it stays as read.
    #[test]
    fn a_label_near_two_names_stays_as_read() {
        assert_eq!(snap_name("事业收出"), None);
    }

    /// gen-5's scans read 年末 as `年未` (one character from 年初结转和结余 as well: it stayed
    /// as read, its row keyed apart) and 结余 as `结祭` in a long label (one from
    /// 年初财政拨款结转和结余, two from 年末财政拨款结转和结余). The nearest name is taken, a
    /// stroke's difference nearer than another character.
    #[test]
    fn the_nearest_name_is_taken_a_stroke_s_difference_nearest() {
        assert_eq!(snap_name("年未结转和结余"), Some("年末结转和结余"));
        assert_eq!(
            snap_name("年初财政拨款结转和结祭"),
            Some("年初财政拨款结转和结余")
        );
        assert_eq!(
            snap_name("年未财政拨款结转和结余"),
            Some("年末财政拨款结转和结余")
        );
        // as near to two names (a change that is no stroke's either way): as read
        assert_eq!(snap_name("年中结转和结余"), None);
        assert_eq!(snap_name("本年支出各计"), Some("本年支出合计"));
    }

    /// gen-23's scans lost the first characters of labels (`环保支出`, `付息支出`): keyed apart
    /// from their rows (节能环保支出, 债务付息支出), their amounts were wrong facts.
    #[test]
    fn a_label_ending_one_name_only_is_that_name() {
        assert_eq!(snap_name("环保支出"), Some("节能环保支出"));
        assert_eq!(snap_name("付息支出"), Some("债务付息支出"));
        assert_eq!(snap_name("了环保支出"), Some("节能环保支出"));
        // the ending of several names, or too short to tell: as read
        assert_eq!(snap_name("预算财政拨款"), None);
        assert_eq!(snap_name("和结余"), None);
    }

    /// Specks and rule ends OCR read as Latin letters at a label's edges kept it from its name
    /// (`VAN金融支出`): the row was keyed apart, its amounts wrong facts.
    #[test]
    fn latin_letters_at_a_label_s_edges_are_noise() {
        assert_eq!(snap_text("VAN金融支出").as_deref(), Some("金融支出"));
        assert_eq!(snap_text("金融支出ZN").as_deref(), Some("金融支出"));
        assert_eq!(
            snap_text("VAN\\ 十六、金融支出").as_deref(),
            Some("十六、金融支出")
        );
        // a name with Latin letters inside, an amount, a word of letters: as read
        assert_eq!(snap_text("5G网络建设"), None);
        assert_eq!(snap_text("aio27"), None);
        assert_eq!(snap_text("PPP"), None);
    }

    /// The real 长沙 2025 budget scanned: 一般公共预算支出表's `总计` read as `总“计1`, its
    /// column keyed by nothing (16 facts lost).
    #[test]
    fn specks_in_a_known_header_are_noise() {
        assert_eq!(snap_text("总“计1").as_deref(), Some("总计"));
        assert_eq!(snap_text("'基本支出").as_deref(), Some("基本支出"));
        assert_eq!(snap_text("科目名称:").as_deref(), Some("科目名称"));
        // no known header once taken out, or nothing to take out: as read
        assert_eq!(snap_text("总“米1"), None);
        assert_eq!(snap_text("总计"), None);
        assert_eq!(snap_text("2024年"), None);
    }

    /// A real 上海 部门预算 scanned: the 合计 row of 一般公共预算支出表 read `各计`, too short to
    /// be snapped, and left out (3 facts). Characters OCR confuses snap a name of any length.
    #[test]
    fn a_short_name_read_with_a_confused_character_is_snapped() {
        assert_eq!(snap_name("各计"), Some("合计"));
        assert_eq!(snap_text("各计").as_deref(), Some("合计"));
        assert_eq!(snap_name("合计"), None);
        assert_eq!(snap_name("各项"), None);
    }

    /// A real 上海 部门预算 scanned, and seed 5's budgets: `3.国有资本经营预算`, as printed,
    /// snapped to 国有资本经营预算支出 (two characters off), an expenditure row's name: the
    /// income row lost.
    #[test]
    fn a_fund_is_its_own_name() {
        assert_eq!(snap_text("3.国有资本经营预算"), None);
        assert_eq!(snap_name("国有资本经营预算"), None);
        assert_eq!(snap_name("国有资本经营预箅"), Some("国有资本经营预算"));
    }

    #[test]
    fn garbled_enumerators_are_mended() {
        assert_eq!(snap_text("、公共安全支出").as_deref(), Some("公共安全支出"));
        assert_eq!(
            snap_text("三十三.其他支出").as_deref(),
            Some("三十三、其他支出")
        );
        assert_eq!(
            snap_text("十和六、金融支出").as_deref(),
            Some("十六、金融支出")
        );
        // (seed 23's report 0 scanned: `十八、` read as `十/八。`)
        assert_eq!(
            snap_text("十/八。自然资源海洋气象等支出").as_deref(),
            Some("十八、自然资源海洋气象等支出")
        );
        assert_eq!(snap_text("二十、住房保障支出"), None);
        assert_eq!(mend_enumerator("1.5"), None);
        // (a scanned generated 长沙 budget's 财政拨款收支总体情况表: `12、` read as `12`)
        assert_eq!(snap_text("12农林水支出").as_deref(), Some("12、农林水支出"));
        // (a real 上海 部门预算 scanned: `1、` read as `1，`)
        assert_eq!(
            snap_text("1，一般公共预算资金").as_deref(),
            Some("1、一般公共预算资金")
        );
        assert_eq!(
            snap_text("201一般公共服务支出"),
            None,
            "a code, not an enumerator"
        );
        assert_eq!(snap_text("12月份"), None);
    }

    /// A long label near two names stays as read (`文化旅体育与传媒支出`: 文化旅游体育与传媒支出
    /// lost a character, or 文化体育与传媒支出 gained one?); one that holds a name whole and lost
    /// a character of a longer one is that one (`…拨款收`: `…拨款收入`, not cut to `…拨款`).
    #[test]
    fn a_long_label_near_two_names_stays_as_read() {
        assert_eq!(snap_name("文化旅体育与传媒支出"), None);
        assert_eq!(
            snap_name("一般公共预算财政拨款收"),
            Some("一般公共预算财政拨款收入")
        );
        assert_eq!(snap_name("般公共预算财政拨"), Some("一般公共预算财政拨款"));
    }

    #[test]
    fn distance_counts_changes_losses_and_additions() {
        let d = |a: &str, b: &str| {
            distance(
                &a.chars().collect::<Vec<char>>(),
                &b.chars().collect::<Vec<char>>(),
            )
        };
        assert_eq!(d("项目", "项有目"), 2);
        assert_eq!(d("国防支出", "国防文出"), 1, "支 and 文 are a stroke apart");
        assert_eq!(d("般公共服务支出", "一般公共服务支出"), 2);
        assert_eq!(d("社会保障和束业文出", "社会保障和就业支出"), 3);
        assert_eq!(d("外交支出", "国防支出"), 4);
        assert_eq!(d("项目", "项目"), 0);
        assert_eq!(d("", "合计"), 4);
    }
}
