//! Amounts OCR misread, put right by the report's own identities. A budget report is full of
//! sums that hold as printed (类 = Σ款, 合计 = 基本支出 + 项目支出, the same total in several
//! tables); a digit OCR misread breaks the ones its amount takes part in. Where one single-digit
//! change of one amount read by OCR — among the digits OCR confuses ([`CONFUSED`]) — makes
//! [`MIN_FIXED`] or more broken identities hold and breaks none, and no other such change
//! mends any of the same identities, the amount is changed and the repair reported
//! (`ocr.repaired`, info, with the amount as read and as repaired). Where two changes fit, none
//! is made.

use super::{sums, Finding, RuleId, Severity};
use crate::reconcile::Fact;
use crate::schema::TableKey;
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap};

/// Digits OCR reads for one another (each pair both ways): strokes lost or joined by the scan
/// (the last three seen of tesseract on generated scans: `37.15` for 97.15, `78.21` for 75.21,
/// `75.24` for 75.21).
const CONFUSED: &[(u8, u8)] = &[
    (1, 7),
    (3, 8),
    (0, 6),
    (0, 8),
    (6, 8),
    (5, 6),
    (3, 9),
    (5, 8),
    (1, 4),
];

/// The broken identities a repair must mend: two independent sums (the row's and the
/// column's) pin one amount; one sum alone is mended by a change of any of its terms.
const MIN_FIXED: usize = 2;

/// The most repairs made in a report: each is searched for anew over the whole report, and a
/// scan with more misread digits than this is not one the identities can vouch for.
const MAX_REPAIRS: usize = 32;

/// An identity that does not hold: its rule, table, row and column.
type Broken = (&'static str, String, String, String);

/// The identities of `facts` that do not hold: contradictions of the sums within and across
/// tables (a rounding gap holds).
fn broken(facts: &[Fact]) -> BTreeSet<Broken> {
    gaps(facts, false)
}

/// The identities of `facts` that do not hold to the last digit: [`broken`] and those with a
/// rounding gap. A repair mends only what it makes hold exactly: a change that leaves a gap
/// within rounding (`35.79` "repaired" to 35.73 where 35.75 is printed, five columns summed
/// allowing 0.03) is not the misread digit found.
fn inexact(facts: &[Fact]) -> BTreeSet<Broken> {
    gaps(facts, true)
}

fn gaps(facts: &[Fact], rounding: bool) -> BTreeSet<Broken> {
    sums::within_tables(facts)
        .into_iter()
        .chain(sums::across_tables(facts))
        .filter(|f| rounding || f.severity != Severity::Info)
        .map(|f| (f.rule.as_str(), f.table, f.row, f.column))
        .collect()
}

/// Every amount one confused digit away from `v` as printed (its scale and sign kept; the
/// first digit of a whole part of several digits not turned into a 0).
fn alternatives(v: Decimal) -> Vec<Decimal> {
    let printed = v.abs().to_string();
    let whole_digits = printed.find('.').unwrap_or(printed.len());
    let mut out = Vec::new();
    for (i, d) in printed
        .bytes()
        .enumerate()
        .filter(|(_, d)| d.is_ascii_digit())
    {
        let d = d - b'0';
        for &(a, b) in CONFUSED {
            let other = match d {
                _ if d == a => b,
                _ if d == b => a,
                _ => continue,
            };
            if i == 0 && other == 0 && whole_digits > 1 {
                continue;
            }
            let mut alt = printed.clone().into_bytes();
            alt[i] = b'0' + other;
            let Ok(a) = String::from_utf8(alt)
                .unwrap_or_default()
                .parse::<Decimal>()
            else {
                continue;
            };
            out.push(if v.is_sign_negative() { -a } else { a });
        }
    }
    out
}

/// A change that mends identities: the fact, its new amount, and the identities it mends.
struct Mend {
    fact: usize,
    value: Decimal,
    mends: BTreeSet<Broken>,
}

/// The changes of one amount of `candidates` — among its `alternatives` — that mend
/// [`MIN_FIXED`] or more of the identities `before` and break none.
fn mends(
    facts: &mut [Fact],
    candidates: &[usize],
    before: &BTreeSet<Broken>,
    alternatives: &dyn Fn(&Fact) -> Vec<Decimal>,
) -> Vec<Mend> {
    let mut out = Vec::new();
    for &i in candidates {
        let read = facts[i].value;
        for alt in alternatives(&facts[i]) {
            facts[i].value = alt;
            let after = broken(facts);
            let exact = (after.is_subset(before)).then(|| inexact(facts));
            facts[i].value = read;
            let Some(exact) = exact else { continue };
            let mended: BTreeSet<Broken> = before.difference(&exact).cloned().collect();
            if mended.len() >= MIN_FIXED {
                out.push(Mend {
                    fact: i,
                    value: alt,
                    mends: mended,
                });
            }
        }
    }
    out
}

/// Repairs the amounts of `facts` read by OCR (on the pages `ocr`) that the identities pin
/// down, one at a time; one `ocr.repaired` finding a repair.
pub(crate) fn repair(ocr: &[u32], facts: &mut [Fact]) -> Vec<Finding> {
    repair_with(ocr, facts, alternatives)
}

/// The decimal places of the amounts a point OCR lost is put back into: a budget prints two.
const POINT_PLACES: u32 = 2;

/// The least digits of a whole number read where an amount with its point lost may be: `199`
/// for 1.99 (a `0.99` read `099` keeps its leading zero and is no whole number).
const MIN_POINTLESS_DIGITS: usize = 3;

/// The amount `v` would be with the point OCR lost put back ([`POINT_PLACES`] from its end),
/// where it is a whole number of [`MIN_POINTLESS_DIGITS`] or more.
fn with_point(v: Decimal) -> Vec<Decimal> {
    let digits = v.abs().to_string().len();
    if v.scale() != 0 || digits < MIN_POINTLESS_DIGITS {
        return Vec::new();
    }
    vec![Decimal::from_i128_with_scale(v.mantissa(), POINT_PLACES)]
}

/// Repairs as [`repair`] does, the one change tried being a point OCR lost put back
/// (`199` read for 1.99 in a 三公 table's 小计): done before a whole number among amounts is
/// taken for a code a shifted column put there and left out.
pub(crate) fn restore_points(ocr: &[u32], facts: &mut [Fact]) -> Vec<Finding> {
    repair_with(ocr, facts, with_point)
}

/// Repairs of the amounts of `facts` read by OCR, each tried among the `alternatives` of its
/// reading (see [`repair`]).
fn repair_with(
    ocr: &[u32],
    facts: &mut [Fact],
    alternatives: fn(Decimal) -> Vec<Decimal>,
) -> Vec<Finding> {
    let on_ocr = |facts: &mut [Fact], _: &BTreeSet<Broken>| -> Vec<usize> {
        (0..facts.len())
            .filter(|&i| ocr.contains(&facts[i].page))
            .collect()
    };
    repair_among(ocr, facts, &on_ocr, &|f: &Fact| alternatives(f.value))
}

/// The amounts a repair may change, picked from the facts and the identities broken.
type Candidates<'a> = dyn Fn(&mut [Fact], &BTreeSet<Broken>) -> Vec<usize> + 'a;

/// Repairs, one at a time, of the amounts `candidates` picks (from the facts and the
/// identities broken), each tried among its `alternatives`: a change is made only where no
/// other change mends any identity it mends.
fn repair_among(
    ocr: &[u32],
    facts: &mut [Fact],
    candidates: &Candidates,
    alternatives: &dyn Fn(&Fact) -> Vec<Decimal>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if ocr.is_empty() {
        return out;
    }
    while out.len() < MAX_REPAIRS {
        let before = broken(facts);
        if before.len() < MIN_FIXED {
            break;
        }
        let picked = candidates(facts, &before);
        let found = mends(facts, &picked, &before, alternatives);
        let Some(m) = found.iter().find(|m| {
            found
                .iter()
                .all(|o| std::ptr::eq(*m, o) || o.mends.is_disjoint(&m.mends))
        }) else {
            break;
        };
        let f = &mut facts[m.fact];
        out.push(finding(f, m.value, m.mends.len()));
        f.value = m.value;
    }
    out
}

/// Repairs the doubtful amounts read by OCR (on the pages `ocr`: [`Doubt`], and no sum holding
/// with them confirms them) that the identities pin down within one digit of their reading:
/// one digit changed into any other, one digit more or one less (`3.57` for 5.57, `4152.33`
/// for 152.33, `572.51` for 2572.51, `12.410` for 12.10), in the decimal places of their
/// table's amounts. These amounts would be left out ([`drop_doubtful`]); two sums that hold
/// with the one value found, and no other change mending either, vouch for it.
pub(crate) fn repair_doubtful(ocr: &[u32], facts: &mut [Fact]) -> Vec<Finding> {
    let scales = usual_scales(ocr, facts);
    let doubtful = |facts: &mut [Fact], before: &BTreeSet<Broken>| -> Vec<usize> {
        let read: Vec<usize> = (0..facts.len())
            .filter(|&i| ocr.contains(&facts[i].page) && doubt(&facts[i], &scales).is_some())
            .collect();
        // (`confirmed` changes an amount to see the sums it holds in break)
        read.into_iter()
            .filter(|&i| !confirmed(facts, i, before))
            .collect()
    };
    let edits = |f: &Fact| one_edit(f.value, scales.get(&f.table).copied());
    repair_among(ocr, facts, &doubtful, &edits)
}

/// Every amount one digit edit away from `v` as printed — a digit changed into any other, one
/// digit put in or one taken out — with `scale` decimal places where given; its sign kept,
/// no whole part of several digits led by a 0.
fn one_edit(v: Decimal, scale: Option<u32>) -> Vec<Decimal> {
    let printed = v.abs().to_string();
    let bytes = printed.as_bytes();
    let digits: Vec<usize> = (0..bytes.len())
        .filter(|&i| bytes[i].is_ascii_digit())
        .collect();
    let mut texts: Vec<String> = Vec::new();
    for &i in &digits {
        for d in b'0'..=b'9' {
            if d != bytes[i] {
                let mut t = bytes.to_vec();
                t[i] = d;
                texts.push(String::from_utf8_lossy(&t).into_owned());
            }
        }
        let mut t = bytes.to_vec();
        t.remove(i);
        texts.push(String::from_utf8_lossy(&t).into_owned());
    }
    for at in 0..=bytes.len() {
        for d in b'0'..=b'9' {
            let mut t = bytes.to_vec();
            t.insert(at, d);
            texts.push(String::from_utf8_lossy(&t).into_owned());
        }
    }
    let mut out: Vec<Decimal> = texts
        .into_iter()
        .filter(|t| {
            let whole = t.split('.').next().unwrap_or("");
            // (a whole part of several digits led by a 0 is no amount)
            let led_by_zero = whole.len() > 1 && whole.starts_with('0');
            !whole.is_empty() && !led_by_zero
        })
        .filter(|t| !t.starts_with('.') && !t.ends_with('.'))
        .filter_map(|t| t.parse::<Decimal>().ok())
        .filter(|a| scale.is_none_or(|s| a.scale() == s) && *a != v.abs())
        .map(|a| if v.is_sign_negative() { -a } else { a })
        .collect();
    out.sort();
    out.dedup_by(|a, b| a == b && a.scale() == b.scale());
    out
}

/// The least confidence (tesseract's, 0–100) of an amount kept on its own reading: below it,
/// only a sum that holds with it vouches for it (on generated 200 ppi scans a tenth of the
/// amounts read below 50 are wrong, a fortieth above).
const MIN_CONFIDENCE: u8 = 50;

/// The most decimal places an amount read by OCR is taken to print: more are the digits of a
/// cell beside it run into it (`340.2330202`: 340.23 and the code 30202), whatever its table's.
const MAX_OCR_DECIMALS: u32 = 4;

/// A change of an amount no rounding bound absorbs: it breaks every sum the amount holds in.
const PERTURBATION: i64 = 1_000_000;

/// The decimal places most of each table's nonzero amounts read by OCR print, by table; a
/// table where no number of places is the most (two amounts of two decimals, two read without
/// a point: `2466` for 24.66 twice) takes the report's. (A zero is no guide: reports print it as
/// `0`, `-` or blank beside amounts of two decimals. An amount of more than
/// [`MAX_OCR_DECIMALS`] counts: 北京 prints 万元 to six places, `28.000000`, and a table of
/// them whose points OCR lost in half, `28000000`, has no usual number of its own.)
fn usual_scales(ocr: &[u32], facts: &[Fact]) -> HashMap<TableKey, u32> {
    let mut counts: HashMap<TableKey, HashMap<u32, usize>> = HashMap::new();
    let mut report: HashMap<u32, usize> = HashMap::new();
    for f in facts
        .iter()
        .filter(|f| ocr.contains(&f.page) && !f.value.is_zero())
    {
        *counts
            .entry(f.table)
            .or_default()
            .entry(f.value.scale())
            .or_default() += 1;
        *report.entry(f.value.scale()).or_default() += 1;
    }
    let reports = most_of(&report);
    counts
        .into_iter()
        .filter_map(|(t, c)| Some((t, most_of(&c).or(reports)?)))
        .collect()
}

/// The number of decimal places counted most in `counts`, where one is (a tie names none).
fn most_of(counts: &HashMap<u32, usize>) -> Option<u32> {
    let most = *counts.values().max()?;
    let mut at_most = counts.iter().filter(|(_, n)| **n == most);
    match (at_most.next(), at_most.next()) {
        (Some((s, _)), None) => Some(*s),
        _ => None,
    }
}

/// The tables whose amounts the sums check (within or across tables): the nine 公开表. In one
/// of them, an amount read by OCR that no sum holding with it confirms is doubtful when none of
/// the table's amounts is confirmed either.
const SUMMED: &[TableKey] = TableKey::CORE;

/// A table of sums of which OCR read fewer amounts than this, none confirmed by a sum, is a
/// fragment of a poor scan (a whole table whose sums all break is more often one that lost
/// rows: its amounts are kept).
const FRAGMENT_FACTS: usize = 4;

/// Why an amount read by OCR is doubtful.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Doubt {
    /// Read with this confidence, under [`MIN_CONFIDENCE`].
    Confidence(u8),
    /// Printed with other decimal places than most of its table's amounts.
    Scale,
    /// Of a table of sums of which OCR read a few amounts ([`FRAGMENT_FACTS`]) and none
    /// holds: the fragment cannot be vouched for.
    Unsummed,
}

/// Why the amount `f` read by OCR is doubtful, if it is (`scales`: the usual decimal places
/// of each table's amounts, [`usual_scales`]).
fn doubt(f: &Fact, scales: &HashMap<TableKey, u32>) -> Option<Doubt> {
    match f.confidence {
        Some(c) if c < MIN_CONFIDENCE => Some(Doubt::Confidence(c)),
        _ if !f.value.is_zero()
            && (f.value.scale() > MAX_OCR_DECIMALS
                || scales.get(&f.table).is_some_and(|s| *s != f.value.scale())) =>
        {
            Some(Doubt::Scale)
        }
        _ => None,
    }
}

/// Does a sum that holds with `facts[i]` confirm it (changing it breaks one)? It is changed
/// together with the amounts read alike in other columns of its row ([`same_reading`]): a sum
/// holding only because one printed number was read twice the same way (合计 = 基本支出 where
/// 项目支出 is nil, `85.063200` read `5.063200` in both) confirms no digit of it.
fn confirmed(facts: &mut [Fact], i: usize, before: &BTreeSet<Broken>) -> bool {
    let read = facts[i].value;
    let twins: Vec<usize> = (0..facts.len())
        .filter(|&j| same_reading(&facts[i], &facts[j]))
        .collect();
    for &j in &twins {
        facts[j].value = read + Decimal::from(PERTURBATION);
    }
    let confirmed = !broken(facts).is_subset(before);
    for &j in &twins {
        facts[j].value = read;
    }
    confirmed
}

/// Are `a` and `b` one printed amount read alike in columns of one row (or one fact)?
fn same_reading(a: &Fact, b: &Fact) -> bool {
    (a.table, a.side, a.row_seq, a.page, a.value) == (b.table, b.side, b.row_seq, b.page, b.value)
}

/// Leaves out of `facts` the amounts read by OCR (on the pages `ocr`) that are doubtful
/// ([`Doubt`]: a low confidence, odd decimal places — `31348` for 313.48, a point lost — or a
/// table of sums none of which holds) and that no sum holding with them confirms. One
/// `ocr.doubtful` finding each.
pub(crate) fn drop_doubtful(ocr: &[u32], facts: &mut Vec<Fact>) -> Vec<Finding> {
    if ocr.is_empty() {
        return Vec::new();
    }
    let scales = usual_scales(ocr, facts);
    let before = broken(facts);
    let on_ocr: Vec<usize> = (0..facts.len())
        .filter(|&i| ocr.contains(&facts[i].page))
        .collect();
    let sure: Vec<usize> = on_ocr
        .iter()
        .copied()
        .filter(|&i| SUMMED.contains(&facts[i].table) && confirmed(facts, i, &before))
        .collect();
    let vouched_for = |facts: &mut [Fact], i: usize| {
        if SUMMED.contains(&facts[i].table) {
            sure.contains(&i)
        } else {
            confirmed(facts, i, &before)
        }
    };
    let mut drop = vec![false; facts.len()];
    let mut out = Vec::new();
    for &i in &on_ocr {
        let Some(doubt) = doubt(&facts[i], &scales) else {
            continue;
        };
        if !vouched_for(facts, i) {
            drop[i] = true;
            out.push(doubtful(&facts[i], doubt));
        }
    }
    // then the few amounts left of a table of sums none of which holds
    let vouched: std::collections::HashSet<TableKey> =
        sure.iter().map(|&i| facts[i].table).collect();
    let mut left: HashMap<TableKey, usize> = HashMap::new();
    for &i in on_ocr.iter().filter(|&&i| !drop[i]) {
        *left.entry(facts[i].table).or_default() += 1;
    }
    for &i in &on_ocr {
        let t = facts[i].table;
        let fragment = left.get(&t).is_some_and(|n| *n < FRAGMENT_FACTS);
        if !drop[i] && SUMMED.contains(&t) && !vouched.contains(&t) && fragment {
            drop[i] = true;
            out.push(doubtful(&facts[i], Doubt::Unsummed));
        }
    }
    let mut k = 0;
    facts.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
    out
}

/// The `ocr.doubtful` finding of `f`, doubtful for `doubt`.
fn doubtful(f: &Fact, doubt: Doubt) -> Finding {
    let why = match doubt {
        Doubt::Confidence(c) => format!("read with a confidence of {c} (under {MIN_CONFIDENCE})"),
        Doubt::Scale => "printed with other decimal places than its table's amounts".to_string(),
        Doubt::Unsummed => {
            "one of a few amounts read of a table none of whose sums holds".to_string()
        }
    };
    Finding::new(RuleId::OcrDoubtful)
        .table(f.table.as_str())
        .row(row_label(f))
        .column(&f.column)
        .found(f.value.to_string())
        .message(format!(
            "ocr.doubtful: `{}` column `{}`, read by OCR as {}, is {why}, and no sum confirms it; it is left out",
            row_label(f),
            f.column,
            f.value
        ))
        .page(f.page)
}

fn row_label(f: &Fact) -> String {
    if f.row_code.is_empty() {
        f.row_name.clone()
    } else {
        format!("{} {}", f.row_code, f.row_name)
    }
}

/// The `ocr.repaired` finding of `f` repaired to `value`, which makes `n` identities hold.
fn finding(f: &Fact, value: Decimal, n: usize) -> Finding {
    let row = row_label(f);
    let digits = |v: Decimal| {
        v.abs()
            .to_string()
            .bytes()
            .filter(u8::is_ascii_digit)
            .count()
    };
    let change = if f.value.scale() == 0 && value.scale() > 0 {
        "its point put back"
    } else {
        match digits(value).cmp(&digits(f.value)) {
            std::cmp::Ordering::Equal => "one digit changed",
            std::cmp::Ordering::Greater => "one digit put in",
            std::cmp::Ordering::Less => "one digit taken out",
        }
    };
    Finding::new(RuleId::OcrRepaired)
        .table(f.table.as_str())
        .message(format!(
            "ocr.repaired: `{row}` column `{}` was read by OCR as {}; with {value} ({change}) the {n} sums it broke hold, and no other change of its kind does so",
            f.column, f.value
        ))
        .row(row)
        .compared(&f.column, value.to_string(), f.value.to_string())
        .page(f.page)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(seq: usize, code: &str, col: &str, v: &str) -> Fact {
        Fact {
            table: TableKey::GeneralExpenditure,
            side: None,
            row_code: code.to_string(),
            row_name: format!("行{seq}"),
            column: col.to_string(),
            value: v.parse().unwrap(),
            unit: "万元",
            page: 9,
            bbox: None,
            confidence: Some(90),
            row_seq: seq,
            top_level: false,
        }
    }

    /// 类 201 and its two 款, each total = basic + project.
    fn table(misread: &str) -> Vec<Fact> {
        let rows = [
            ("201", "300.00", "120.00", "180.00"),
            ("20101", "100.00", "40.00", "60.00"),
            ("20102", "200.00", "80.00", "120.00"),
        ];
        let mut out = Vec::new();
        for (seq, (code, t, b, p)) in rows.into_iter().enumerate() {
            let t = if seq == 1 { misread } else { t };
            out.push(fact(seq, code, "total", t));
            out.push(fact(seq, code, "basic", b));
            out.push(fact(seq, code, "project", p));
        }
        out
    }

    #[test]
    fn a_digit_two_sums_pin_is_repaired_and_reported() {
        // 100.00 read as 700.00: 201 = 20101 + 20102 and 20101's total = basic + project break
        let mut facts = table("700.00");
        let found = repair(&[9], &mut facts);
        assert_eq!(facts[3].value, "100.00".parse::<Decimal>().unwrap());
        assert_eq!(found.len(), 1);
        let f = &found[0];
        assert_eq!((f.rule, f.severity), (RuleId::OcrRepaired, Severity::Info));
        assert_eq!(
            (f.found.as_str(), f.expected.as_str()),
            ("700.00", "100.00")
        );
        assert_eq!(f.row, "20101 行1");
        assert!(broken(&facts).is_empty());
    }

    #[test]
    fn nothing_is_repaired_off_ocr_pages_or_where_a_sum_holds() {
        let mut facts = table("700.00");
        assert!(repair(&[3], &mut facts).is_empty());
        assert_eq!(facts[3].value, "700.00".parse::<Decimal>().unwrap());
        let mut sound = table("100.00");
        assert!(repair(&[9], &mut sound).is_empty());
    }

    /// 100.00 read as 200.00: no confused digit gives it back, so nothing changes.
    #[test]
    fn a_misreading_outside_the_confusions_is_left() {
        let mut facts = table("200.00");
        assert!(repair(&[9], &mut facts).is_empty());
        assert_eq!(facts[3].value, "200.00".parse::<Decimal>().unwrap());
    }

    /// A doubtful amount (read with a confidence of 40) two sums pin within one digit edit of
    /// its reading: `1100.00` (a digit put in) and `10.00` (one left out) for 100.00, `200.00`
    /// (a digit no confusion gives) — repaired and reported; the same readings read with
    /// confidence, left alone.
    #[test]
    fn a_doubtful_amount_two_sums_pin_one_edit_away_is_repaired() {
        for misread in ["1100.00", "10.00", "200.00"] {
            let mut facts = table(misread);
            facts[3].confidence = Some(40);
            assert!(repair(&[9], &mut facts).is_empty(), "{misread}");
            let found = repair_doubtful(&[9], &mut facts);
            assert_eq!(facts[3].value, "100.00".parse::<Decimal>().unwrap());
            assert_eq!(found.len(), 1, "{misread}");
            assert_eq!(
                (found[0].found.as_str(), found[0].expected.as_str()),
                (misread, "100.00")
            );
            let mut sure = table(misread);
            assert!(repair_doubtful(&[9], &mut sure).is_empty(), "{misread}");
        }
        let mut facts = table("1100.00");
        facts[3].confidence = Some(40);
        let found = repair_doubtful(&[9], &mut facts);
        assert!(
            found[0].message.contains("one digit taken out"),
            "{}",
            found[0].message
        );
    }

    /// Two doubtful amounts of one sum (`20101`'s basic and project): each is one edit from a
    /// value that makes the row hold, neither pins the other — nothing is changed.
    #[test]
    fn two_doubtful_amounts_of_one_sum_are_not_repaired() {
        let mut facts = table("100.00");
        facts[4].value = "50.00".parse().unwrap();
        facts[5].value = "70.00".parse().unwrap();
        facts[4].confidence = Some(40);
        facts[5].confidence = Some(40);
        assert!(repair_doubtful(&[9], &mut facts).is_empty());
    }

    #[test]
    fn one_edit_keeps_the_scale_and_no_leading_zero() {
        let d = |t: &str| t.parse::<Decimal>().unwrap();
        // (12.41 is the reading's own value)
        let alts = one_edit(d("12.410"), Some(2));
        assert_eq!(alts, [d("12.10"), d("12.40")]);
        assert!(alts.iter().all(|a| a.scale() == 2));
        let alts = one_edit(d("572.51"), Some(2));
        assert!(alts.contains(&d("2572.51")) && alts.contains(&d("72.51")));
        assert!(!alts.contains(&d("0572.51")) && !alts.contains(&d("572.51")));
    }

    /// One sum broken (a 项 row of one column): any of its terms could be the misread one.
    #[test]
    fn one_broken_sum_is_not_enough() {
        let mut facts = vec![
            fact(0, "201", "total", "18.00"),
            fact(1, "20101", "total", "11.00"),
            fact(2, "20102", "total", "1.00"),
        ];
        assert!(repair(&[9], &mut facts).is_empty());
        assert_eq!(facts[2].value, "1.00".parse::<Decimal>().unwrap());
    }

    /// `2` read for 75.21 and `31348` for 313.48 in a table of two decimals, and `1.00` read
    /// with a confidence of 40, none in a sum that holds: left out. A low confidence a holding
    /// sum confirms is kept.
    #[test]
    fn doubtful_amounts_no_sum_confirms_are_left_out() {
        let mut facts = table("100.00");
        facts[4].confidence = Some(40);
        facts.push(fact(3, "30201", "other", "2"));
        facts.push(fact(4, "30202", "other", "31348"));
        facts.push(fact(5, "30203", "other", "1.00"));
        facts[11].confidence = Some(40);
        let found = drop_doubtful(&[9], &mut facts);
        assert_eq!(facts.len(), 9, "the table's sums confirm its amounts");
        assert_eq!(facts[4].confidence, Some(40));
        let rows: Vec<&str> = found.iter().map(|f| f.row.as_str()).collect();
        assert_eq!(rows, ["30201 行3", "30202 行4", "30203 行5"]);
        assert!(found.iter().all(|f| f.rule == RuleId::OcrDoubtful));
        assert!(
            found[2].message.contains("confidence of 40"),
            "{}",
            found[2].message
        );
        // a table of sums none of which holds vouches for none of its amounts
        let mut lone = vec![fact(0, "", "total", "267.67")];
        lone[0].table = TableKey::GeneralBasic;
        let found = drop_doubtful(&[9], &mut lone);
        assert!(lone.is_empty());
        assert!(found[0].message.contains("none of whose sums holds"));
        let mut text_layer = table("100.00");
        text_layer.push(fact(3, "30201", "other", "2"));
        assert!(drop_doubtful(&[], &mut text_layer).is_empty());
        assert_eq!(text_layer.len(), 10);
    }

    /// An amount whose point OCR lost (`199` for 1.99 in a scanned 三公 table's 小计, then
    /// left out as a code among amounts, and the table's other amounts with it) is put back
    /// where two sums pin it; a whole number no sum needs changed stays as read.
    #[test]
    fn a_point_two_sums_pin_is_put_back() {
        let mut facts = table("10000");
        assert!(repair(&[9], &mut facts).is_empty(), "no confused digit");
        let found = restore_points(&[9], &mut facts);
        assert_eq!(facts[3].value, "100.00".parse::<Decimal>().unwrap());
        assert_eq!(
            (found[0].found.as_str(), found[0].expected.as_str()),
            ("10000", "100.00")
        );
        let mut whole = table("100.00");
        whole[0].value = "300".parse().unwrap();
        assert!(
            restore_points(&[9], &mut whole).is_empty(),
            "300 holds as read"
        );
        assert_eq!(with_point("99".parse().unwrap()), vec![]);
    }

    /// `facts` moved to table `key`.
    fn in_table(key: TableKey, mut facts: Vec<Fact>) -> Vec<Fact> {
        for f in &mut facts {
            f.table = key;
        }
        facts
    }

    /// Seed 37's scanned 财政拨款收支总表 read 24.66 as `2466` in two columns of a row, beside
    /// two amounts of two decimals: a tie, so the table had no usual decimal places and
    /// `2466` stood. The report's are then the table's.
    #[test]
    fn a_table_without_usual_decimal_places_takes_the_report_s() {
        let mut facts = table("100.00");
        facts.extend(in_table(
            TableKey::FiscalSummary,
            vec![
                fact(3, "", "total", "14.39"),
                fact(3, "", "general", "14.39"),
                fact(4, "", "total", "2466"),
                fact(4, "", "general", "2466"),
            ],
        ));
        let found = drop_doubtful(&[9], &mut facts);
        assert!(!facts.iter().any(|f| f.value.to_string() == "2466"));
        let places: Vec<&str> = found
            .iter()
            .filter(|f| f.message.contains("other decimal places"))
            .map(|f| f.found.as_str())
            .collect();
        assert_eq!(places, ["2466", "2466"], "{found:?}");
    }

    /// 北京's scanned 政府购买服务 table prints 万元 to six places; OCR read two of its four
    /// amounts without their point (`28000000` for 28.000000). Counting only amounts of four
    /// places or fewer, its usual number was none, and the two stood; the report's, six,
    /// makes them doubtful (and the six-place amounts are doubtful as ever: none is left).
    #[test]
    fn amounts_of_many_places_count_towards_the_usual_number() {
        let mut facts = in_table(
            TableKey::PurchaseService,
            vec![
                fact(0, "0207", "total", "28000000"),
                fact(1, "0208", "total", "56460000"),
                fact(2, "0201", "total", "10.000000"),
                fact(3, "0209", "total", "0.800000"),
            ],
        );
        facts.extend(in_table(
            TableKey::Performance,
            vec![fact(4, "", "total", "5.000000")],
        ));
        drop_doubtful(&[9], &mut facts);
        assert!(
            !facts.iter().any(|f| f.table == TableKey::PurchaseService),
            "{facts:?}"
        );
    }

    /// gen-5-0002's scan prints its zeros as dashes (read as `0`): with more of them than
    /// amounts, the table's "usual" decimal places were none, and every amount of two decimals
    /// no sum confirmed (its `fiscal` column unrecognised) was left out: 62 of its income
    /// facts. A zero says nothing of the decimals a table prints, and is not doubtful for them.
    #[test]
    fn zeros_printed_as_dashes_do_not_set_a_table_s_decimals() {
        let mut facts = Vec::new();
        for (seq, v) in ["35.75", "17.69", "10.42"].into_iter().enumerate() {
            facts.push(fact(seq, "", "total", v));
            for col in ["a", "b", "c", "d"] {
                facts.push(fact(seq, "", col, "0"));
            }
        }
        facts.push(fact(3, "", "total", "1027"));
        let found = drop_doubtful(&[9], &mut facts);
        let kept: Vec<String> = facts
            .iter()
            .filter(|f| f.column == "total")
            .map(|f| f.value.to_string())
            .collect();
        assert_eq!(kept, ["35.75", "17.69", "10.42"]);
        assert_eq!(facts.len(), 15, "the dashes are kept");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].found, "1027");
        // gen-31-0002: amounts with the code beside them run in, most of a table's
        let mut glued: Vec<Fact> = [
            "340.2330202",
            "51.5630203",
            "4.8330204",
            "12.00",
            "3.50",
            "7.25",
            "1.10",
        ]
        .into_iter()
        .enumerate()
        .map(|(seq, v)| fact(seq, "", "total", v))
        .collect();
        let found = drop_doubtful(&[9], &mut glued);
        assert_eq!(found.len(), 3);
        assert_eq!(glued.len(), 4);
    }

    /// gen-5-0002's scan read `208 basic` 35.75 as 35.79 and "repaired" it to 35.73: with five
    /// columns in its row and five children under it, both sums allow a rounding gap of 0.03,
    /// and 35.73 left gaps of 0.02 in each. A repair must make its sums hold exactly.
    #[test]
    fn a_change_leaving_a_rounding_gap_is_no_repair() {
        let expenditure = |seq, code: &str, col: &str, v: &str| Fact {
            table: TableKey::Expenditure,
            ..fact(seq, code, col, v)
        };
        let mut facts = vec![
            expenditure(0, "208", "total", "35.75"),
            expenditure(0, "208", "basic", "35.79"),
            expenditure(0, "208", "project", "0.00"),
            expenditure(0, "208", "remit_superior", "0.00"),
            expenditure(0, "208", "operating", "0.00"),
            expenditure(0, "208", "subsidy_affiliated", "0.00"),
        ];
        for (k, v) in ["7.00", "7.00", "7.00", "7.00", "7.75"].iter().enumerate() {
            facts.push(expenditure(k + 1, &format!("2080{}", k + 1), "total", v));
            facts.push(expenditure(k + 1, &format!("2080{}", k + 1), "basic", v));
        }
        let before = broken(&facts);
        assert_eq!(before.len(), 2, "{before:?}");
        let found = repair(&[9], &mut facts);
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(facts[1].value.to_string(), "35.79");
    }

    /// 北京审计局 2026 scanned: the 离休费 row's 85.063200, printed as its 合计 and its 基本支出,
    /// read `5.063200` in both (confidence 50 and 58) in a 支出总表 none of whose other sums
    /// holds: the row's own sum holds only because the number was read twice alike. Read
    /// differently in its two columns, one printed number confirms the other.
    #[test]
    fn a_number_read_alike_twice_in_its_row_confirms_nothing() {
        let mut facts = vec![
            fact(0, "30301", "total", "5.063200"),
            fact(0, "30301", "basic", "5.063200"),
            fact(0, "30301", "project", "0"),
        ];
        for f in &mut facts {
            f.table = TableKey::Expenditure;
            f.confidence = Some(40);
        }
        let found = drop_doubtful(&[9], &mut facts);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(facts.iter().all(|f| f.column == "project"));
        let mut sound = table("100.00");
        for f in &mut sound {
            f.confidence = Some(40);
        }
        assert!(drop_doubtful(&[9], &mut sound).is_empty());
    }

    #[test]
    fn alternatives_change_one_confused_digit() {
        let alts: Vec<String> = alternatives("10.36".parse().unwrap())
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(
            alts,
            ["70.36", "40.36", "16.36", "18.36", "10.86", "10.96", "10.30", "10.38", "10.35"]
        );
        let neg: Vec<String> = alternatives("-7".parse().unwrap())
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(neg, ["-1"]);
        let zero: Vec<String> = alternatives("0.00".parse().unwrap())
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(zero, ["6.00", "8.00", "0.60", "0.80", "0.06", "0.08"]);
    }
}
