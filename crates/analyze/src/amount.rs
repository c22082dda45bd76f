//! Parsing printed amounts into exact decimals.
//!
//! Accepted: `12,175.60`, `12175.6`, `１２１７５．６０` (full-width), `-3.00`, `(1.50)` / `（1.50）`
//! (negative), and the dash forms `-`, `—`, `－`, `--` meaning zero. Whitespace anywhere is ignored.
//! Everything else (text, percentages, dates) is not an amount.

use rust_decimal::Decimal;
use std::str::FromStr;

/// Parses a printed amount. `None` when the text is not an amount.
pub fn parse_amount(s: &str) -> Option<Decimal> {
    if let Some(v) = plain_amount(s) {
        return Some(v);
    }
    // every amount starts with a digit, a bracket or a dash: a label is none, told at once
    let first = s.trim_start().chars().next()?;
    if !matches!(first, '0'..='9' | '０'..='９' | '(' | '（' | '-' | '－' | '—' | '–' | '−')
    {
        return None;
    }
    full_amount(s)
}

/// [`parse_amount`] of any text: each character read and mapped.
fn full_amount(s: &str) -> Option<Decimal> {
    let mut t = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32)?,
            '．' => '.',
            '，' => ',',
            '（' => '(',
            '）' => ')',
            '－' | '—' | '–' | '−' => '-',
            c => c,
        };
        if !c.is_whitespace() {
            t.push(c);
        }
    }
    if t.is_empty() {
        return None;
    }
    // inner whitespace is only tolerated in a number with a separator or a fraction (spaced-out
    // justified digits); two codes side by side ("201 06") never become one number
    let inner_space = s.trim().chars().any(char::is_whitespace);
    if inner_space && !t.contains(['.', ',']) {
        return None;
    }
    if t.chars().all(|c| c == '-') && t.len() <= 3 {
        return Some(Decimal::ZERO);
    }
    let (neg, body) = if t.starts_with('(') && t.ends_with(')') && t.len() > 2 {
        (true, &t[1..t.len() - 1])
    } else if let Some(b) = t.strip_prefix('-') {
        (true, b)
    } else {
        (false, t.as_str())
    };
    // digits with optional thousands separators in groups of three, optional fraction
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if int.is_empty() || !int.chars().next()?.is_ascii_digit() {
        return None;
    }
    if int.contains(',') {
        let groups: Vec<&str> = int.split(',').collect();
        if groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
    }
    let digits: String = int.chars().filter(|c| *c != ',').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if let Some(f) = frac {
        if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    let plain = match frac {
        Some(f) => format!("{digits}.{f}"),
        None => digits,
    };
    let v = Decimal::from_str(&plain).ok()?;
    Some(if neg { -v } else { v })
}

/// The common printed form read without allocating, as [`parse_amount`] reads it: ASCII digits
/// with an optional minus sign, thousands separators and fraction, 18 digits at most. `None`
/// for anything else, which the full reading decides.
fn plain_amount(s: &str) -> Option<Decimal> {
    const MOST_DIGITS: u32 = 18;
    let (negative, body) = match s.as_bytes().split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, s.as_bytes()),
    };
    let (int, fraction) = match body.iter().position(|&c| c == b'.') {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    if !int.first()?.is_ascii_digit() {
        return None;
    }
    let (mut mantissa, mut digits) = (0u64, 0u32);
    // digits in the current group of the whole part, and whether a separator came before
    let (mut group, mut grouped) = (0u32, false);
    for &c in int {
        if c == b',' {
            // the first group 1 to 3 digits, every other one 3
            if group != 3 && (grouped || group > 3) {
                return None;
            }
            (group, grouped) = (0, true);
            continue;
        }
        if !c.is_ascii_digit() || digits == MOST_DIGITS {
            return None;
        }
        mantissa = mantissa * 10 + u64::from(c - b'0');
        (digits, group) = (digits + 1, group + 1);
    }
    if grouped && group != 3 {
        return None;
    }
    let mut scale = 0;
    if let Some(f) = fraction {
        if f.is_empty() {
            return None;
        }
        for &c in f {
            if !c.is_ascii_digit() || digits == MOST_DIGITS {
                return None;
            }
            mantissa = mantissa * 10 + u64::from(c - b'0');
            (digits, scale) = (digits + 1, scale + 1);
        }
    }
    let v = Decimal::try_from_i128_with_scale(i128::from(mantissa), scale).ok()?;
    Some(if negative { -v } else { v })
}

/// Is `s` an amount as printed, or as OCR garbles one: digits and separators only, a digit
/// among them (`1.270.26` for 1,270.26, `4,.576.57`)?
pub(crate) fn reads_as_amount(s: &str) -> bool {
    parse_amount(s).is_some()
        || (s.contains(|c: char| c.is_ascii_digit())
            && s.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',')))
}

/// Is this a functional or economic classification code (3–9 digits, nothing else)?
pub fn is_code(s: &str) -> bool {
    let t = crate::schema::squeeze(s);
    (2..=9).contains(&t.len()) && t.chars().all(|c| c.is_ascii_digit())
}

/// Half a unit of the last digit of an amount printed with `scale` decimals (0.005 for
/// 12.34): the most its rounding can have moved it, the reports' 尾数误差.
pub(crate) fn half_unit(scale: u32) -> Decimal {
    Decimal::new(5, scale + 1)
}

/// The money units a report prints amounts in, each with its power of ten in 万元 (元 is
/// 10⁻⁴ 万元): the one registry [`in_wan`] converts by.
pub const MONEY_UNITS: &[(&str, i32)] = &[("元", -4), ("千元", -1), ("万元", 0), ("亿元", 4)];

/// `value`, printed in `unit`, in 万元, exactly: the decimal point moved, never rounded
/// (`1234.56` 元 is `0.123456` 万元). `None` for a unit that is not a money unit (or empty), or a
/// value too large or too fine for a decimal once moved.
pub fn in_wan(value: Decimal, unit: &str) -> Option<Decimal> {
    let &(_, power) = MONEY_UNITS.iter().find(|(u, _)| *u == unit)?;
    let shift = power.unsigned_abs();
    if power >= 0 {
        // the mantissa multiplied, the printed decimals kept: `1.50` 亿元 is `15000.00` 万元
        let mantissa = value.mantissa().checked_mul(10i128.pow(shift))?;
        return Decimal::try_from_i128_with_scale(mantissa, value.scale()).ok();
    }
    let mut moved = value;
    moved.set_scale(value.scale() + shift).ok()?;
    Some(moved)
}

/// The comparison signs a target value is printed with in a 绩效 table (`≤110.01`, `>6.00`).
pub const COMPARISON_SIGNS: &[char] = &['≤', '≥', '<', '>', '=', '＜', '＞', '＝', '≦', '≧', '≈'];

/// The most characters of a unit printed after a number (`万元/年/条`, `(人次)`): longer text
/// after a number is words, not its unit.
const MAX_UNIT_CHARS: usize = 8;

/// A number printed with a comparison sign before it or a unit after it, as the target values
/// of a 绩效 table are (`≤110.01`, `>6.00(次)`, `35.00 项`, `2978.27㎡`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Qualified<'a> {
    /// The number.
    pub value: Decimal,
    /// The comparison sign printed before it, if any.
    pub sign: Option<char>,
    /// The unit printed after it, brackets removed (empty where none is).
    pub unit: &'a str,
}

/// Reads a number printed with a comparison sign before it and/or a unit after it. `None` for
/// a plain amount ([`parse_amount`] reads it), a rate (`95%`: a share, not a quantity), a unit
/// holding a digit or longer than [`MAX_UNIT_CHARS`], and text around a number (`扣0.5分`).
pub fn qualified_amount(s: &str) -> Option<Qualified<'_>> {
    let t = s.trim();
    let (sign, rest) = match t.chars().next() {
        Some(c) if COMPARISON_SIGNS.contains(&c) => (Some(c), t[c.len_utf8()..].trim_start()),
        _ => (None, t),
    };
    let number_end = rest
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || matches!(c, '.' | ',') || (i == 0 && c == '-')))
        .map_or(rest.len(), |(i, _)| i);
    let (number, after) = rest.split_at(number_end);
    let unit = unit_after(after.trim())?;
    if (sign.is_none() && unit.is_empty()) || is_calendar_year(number, unit) {
        return None;
    }
    let value = parse_amount(number)?;
    Some(Qualified { value, sign, unit })
}

/// The calendar years a 绩效 table's time target names (`2025年度内`, `2026年底前`).
const CALENDAR_YEARS: std::ops::RangeInclusive<u32> = 1900..=2100;

/// Is `number` followed by `unit` a date rather than a quantity: a year of four digits followed
/// by 年 (`2025年度内`)? (`3年` is a duration: a quantity.)
fn is_calendar_year(number: &str, unit: &str) -> bool {
    unit.starts_with('年')
        && number.len() == 4
        && number
            .parse::<u32>()
            .is_ok_and(|y| CALENDAR_YEARS.contains(&y))
}

/// The unit text after a number, brackets removed: `Some("")` where nothing follows, `None`
/// where what follows is no unit.
fn unit_after(after: &str) -> Option<&str> {
    let inner = ['(', '（']
        .iter()
        .zip([')', '）'])
        .find_map(|(&open, close)| after.strip_prefix(open)?.strip_suffix(close))
        .map_or(after, str::trim);
    let is_unit_char = |c: char| {
        !(c.is_ascii_digit()
            || c.is_whitespace()
            || ('０'..='９').contains(&c)
            || matches!(
                c,
                '%' | '％' | '‰' | '(' | ')' | '（' | '）' | '，' | ',' | '。' | '；' | '：'
            ))
    };
    (inner.chars().count() <= MAX_UNIT_CHARS && inner.chars().all(is_unit_char)).then_some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// The target values of 绩效 tables (西安 2026 `≤110.01`, 万里街道 2023 `>6.00(次)`, 西南大学
    /// 2023 `35.00 项`, 长沙 2025 `2978.27㎡`) had no `value` in `cells.csv`: 47 of the 6,701
    /// amounts the unlabelled reports print were in no output.
    #[test]
    fn a_number_with_its_comparison_sign_or_unit_is_read() {
        let q = |s: &str| {
            qualified_amount(s).map(|q| (q.value.to_string(), q.sign, q.unit.to_string()))
        };
        let some =
            |v: &str, sign: Option<char>, unit: &str| Some((v.to_string(), sign, unit.to_string()));
        assert_eq!(q("≤110.01"), some("110.01", Some('≤'), ""));
        assert_eq!(q(">6.00(次)"), some("6.00", Some('>'), "次"));
        assert_eq!(q("≥ 1,200.50（万元）"), some("1200.50", Some('≥'), "万元"));
        assert_eq!(q("35.00 项"), some("35.00", None, "项"));
        assert_eq!(q("2978.27㎡"), some("2978.27", None, "㎡"));
        assert_eq!(q("4.91万元/年/条"), some("4.91", None, "万元/年/条"));
        assert_eq!(q("=1"), some("1", Some('='), ""));
        assert_eq!(q("3年"), some("3", None, "年"));
        // a plain amount, a rate, words around a number, a numbered item, a date: not these
        for s in [
            "110.01",
            "≥95%",
            "95.5％",
            "扣0.5分",
            "2.统计信息",
            "2023-01-01",
            "≤",
            "项",
            "1.5 2.5",
            "12.5 万元以下的采购项目",
            // a year, not a quantity (长沙 2025's 时效指标 `2025年度内` read as 2025)
            "2025年度内",
            "2026年底前",
            "≤2025年",
        ] {
            assert_eq!(q(s), None, "{s}");
        }
    }

    #[test]
    fn amounts_convert_to_wan_exactly_by_moving_the_point() {
        let wan = |v: &str, u: &str| in_wan(d(v), u).map(|x| x.to_string());
        assert_eq!(wan("1234.56", "元").as_deref(), Some("0.123456"));
        assert_eq!(wan("96282213.44", "元").as_deref(), Some("9628.221344"));
        assert_eq!(wan("-5", "元").as_deref(), Some("-0.0005"));
        assert_eq!(wan("12175.60", "万元").as_deref(), Some("12175.60"));
        assert_eq!(wan("3.5", "千元").as_deref(), Some("0.35"));
        assert_eq!(wan("1.50", "亿元").as_deref(), Some("15000.00"));
        assert_eq!(wan("0.00", "万元").as_deref(), Some("0.00"));
        assert_eq!(wan("0.00", "元").as_deref(), Some("0.000000"));
        assert_eq!(wan("-0.5", "亿元").as_deref(), Some("-5000.0"));
        assert_eq!(wan("1", ""), None);
        assert_eq!(wan("1", "%"), None);
        // too fine once moved: no value rather than a rounded one
        assert_eq!(wan("0.0000000000000000000000000001", "元"), None);
    }

    #[test]
    fn printed_forms() {
        assert_eq!(parse_amount("12,175.60"), Some(d("12175.60")));
        assert_eq!(parse_amount("96,282,213.44"), Some(d("96282213.44")));
        assert_eq!(parse_amount(" 0.00 "), Some(d("0.00")));
        assert_eq!(parse_amount("１２，１７５．６０"), Some(d("12175.60")));
        assert_eq!(parse_amount("-"), Some(Decimal::ZERO));
        assert_eq!(parse_amount("—"), Some(Decimal::ZERO));
        assert_eq!(parse_amount("(1.50)"), Some(d("-1.50")));
        assert_eq!(parse_amount("-3.2"), Some(d("-3.2")));
        assert_eq!(parse_amount("0"), Some(d("0")));
    }

    #[test]
    fn exact_not_float() {
        // a float would print 0.30000000000000004 for 0.1 + 0.2
        let s = parse_amount("0.1").unwrap() + parse_amount("0.2").unwrap();
        assert_eq!(s.to_string(), "0.3");
        assert_eq!(parse_amount("12175.60").unwrap().to_string(), "12175.60");
    }

    #[test]
    fn not_amounts() {
        for s in [
            "", "合计", "1.96%", "12,17.60", "1,2345", ".5", "2023年", "1.", "XX", "201 06",
        ] {
            assert_eq!(parse_amount(s), None, "{s}");
        }
    }

    #[test]
    fn the_quick_readings_agree_with_the_full_one() {
        let exact = |v: Option<Decimal>| v.map(|d| (d.serialize(), d.to_string()));
        let mut texts: Vec<String> = [
            "12,175.60",
            "-12,175.60",
            "-0.00",
            "0",
            "007",
            "1,000",
            "1,0000",
            "12,34",
            ",123",
            "1,,234",
            "1234,567",
            "123,456,789.012",
            "1.",
            ".5",
            "-",
            "--",
            "-.5",
            "1.2.3",
            "123456789012345678",
            "1234567890123456789",
            "0.123456789012345678",
            "99999999999999999999.99",
            "12,345,678,901,234,567.8",
            "1 2",
            " 1.5",
            "１２",
            "(3)",
            "+1",
            "1e5",
            "١٢",
            "合计",
            "",
            " ",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // every text of up to four characters from those amounts are made of
        let alphabet = [
            '0', '7', ',', '.', '-', '(', ')', ' ', '１', '．', '—', '合',
        ];
        let mut layer = vec![String::new()];
        for _ in 0..4 {
            layer = layer
                .iter()
                .flat_map(|p| alphabet.iter().map(move |c| format!("{p}{c}")))
                .collect();
            texts.extend(layer.iter().cloned());
        }
        let mut amounts = 0;
        for t in &texts {
            let quick = parse_amount(t);
            assert_eq!(exact(quick), exact(full_amount(t)), "{t:?}");
            amounts += usize::from(quick.is_some());
        }
        assert!(amounts > 500, "{amounts}");
        assert_eq!(parse_amount("-0.00").unwrap().to_string(), "-0.00");
    }

    #[test]
    fn codes() {
        assert!(is_code("2010350"));
        assert!(is_code("301"));
        assert!(!is_code("30.1"));
        assert!(!is_code("合计"));
    }
}
