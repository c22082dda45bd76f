//! Parsing printed amounts into exact decimals.
//!
//! Accepted: `12,175.60`, `12175.6`, `１２１７５．６０` (full-width), `-3.00`, `(1.50)` / `（1.50）`
//! (negative), and the dash forms `-`, `—`, `－`, `--` meaning zero. Whitespace anywhere is ignored.
//! Everything else (text, percentages, dates) is not an amount.

use rust_decimal::Decimal;
use std::str::FromStr;

/// Parses a printed amount. `None` when the text is not an amount.
pub fn parse_amount(s: &str) -> Option<Decimal> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
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
    fn codes() {
        assert!(is_code("2010350"));
        assert!(is_code("301"));
        assert!(!is_code("30.1"));
        assert!(!is_code("合计"));
    }
}
