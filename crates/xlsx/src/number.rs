//! Numbers stored as numbers → the text Excel prints for them.
//!
//! Excel keeps a cell's number as an IEEE double and shows at most 15 significant digits, so a
//! stored `307.82000000000005` prints as `307.82` and `2010301.0` as `2010301`. The cell's number
//! format then fixes the decimals (`#,##0.00` → always two) or scales a percentage (`0.00%`).
//! Everything past the first step works on decimal digits, never on the double: the value is
//! rounded to 15 significant digits once, and the format's rounding (half away from zero, as
//! Excel does) is done on those digits.
//!
//! Not reproduced: thousands separators, currency symbols, literal text and colours of the format
//! (the printed amount is the same number without them), scientific notation (printed in full),
//! and General's column-width-dependent switch to scientific notation.

/// What a number format asks of the digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumFmt {
    /// `General`, `@` or anything without digit placeholders: the shortest exact decimal.
    General,
    /// Fixed decimals: at least `min` (`0` placeholders), at most `max` (`0`, `#` and `?`).
    Fixed {
        /// Fewest decimals printed.
        min: u32,
        /// Most decimals printed.
        max: u32,
        /// How many `%` signs (each scales by 100).
        percent: u32,
    },
}

impl NumFmt {
    /// Reads the first section of a format code (`#,##0.00;[Red]-#,##0.00` → two decimals).
    pub fn parse(code: &str) -> NumFmt {
        let mut section = String::new();
        let mut chars = code.chars();
        let mut in_quote = false;
        let mut in_bracket = false;
        while let Some(ch) = chars.next() {
            match ch {
                '"' if !in_bracket => in_quote = !in_quote,
                _ if in_quote => {}
                '[' => in_bracket = true,
                ']' if in_bracket => in_bracket = false,
                _ if in_bracket => {}
                ';' => break,
                // an escaped literal, or the character after a padding / repeat mark
                '\\' | '_' | '*' => {
                    chars.next();
                }
                _ => section.push(ch),
            }
        }
        let lower = section.to_ascii_lowercase();
        if lower.contains("general") || lower.contains('e') && lower.contains(['+', '-']) {
            return NumFmt::General;
        }
        if !section.contains(['0', '#', '?']) {
            return NumFmt::General;
        }
        let percent = section.matches('%').count().min(4) as u32;
        let (mut min, mut max) = (0, 0);
        if let Some(dot) = section.find('.') {
            for ch in section[dot + 1..].chars() {
                match ch {
                    '0' | '?' => {
                        min += 1;
                        max += 1;
                    }
                    '#' => max += 1,
                    ',' => {}
                    _ => break,
                }
            }
        }
        NumFmt::Fixed {
            min: min.min(30),
            max: max.min(30),
            percent,
        }
    }
}

/// A decimal as digits: `value = 0.d1d2d3… × 10^point`, sign apart.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Digits {
    negative: bool,
    /// Significant digits without leading zeros (empty for zero).
    digits: Vec<u8>,
    /// How many digits stand before the decimal point (may be ≤ 0 or beyond `digits.len()`).
    point: i32,
}

impl Digits {
    /// The double rounded to 15 significant digits, as Excel shows it.
    fn of(v: f64) -> Digits {
        let s = format!("{:.14e}", v.abs());
        let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        let mut digits: Vec<u8> = mant
            .bytes()
            .filter(u8::is_ascii_digit)
            .map(|b| b - b'0')
            .collect();
        while digits.last() == Some(&0) {
            digits.pop();
        }
        let negative = v.is_sign_negative() && !digits.is_empty();
        Digits {
            negative,
            point: if digits.is_empty() { 1 } else { exp + 1 },
            digits,
        }
    }

    /// Rounds to `decimals` places, half away from zero.
    fn round(&mut self, decimals: u32) {
        let keep = self.point + decimals as i32;
        if keep < 0 {
            self.digits.clear();
        } else if (keep as usize) < self.digits.len() {
            let up = self.digits[keep as usize] >= 5;
            self.digits.truncate(keep as usize);
            if up {
                let mut i = self.digits.len();
                loop {
                    if i == 0 {
                        self.digits.insert(0, 1);
                        self.point += 1;
                        break;
                    }
                    i -= 1;
                    if self.digits[i] == 9 {
                        self.digits[i] = 0;
                    } else {
                        self.digits[i] += 1;
                        break;
                    }
                }
            }
        }
        while self.digits.last() == Some(&0) {
            self.digits.pop();
        }
        if self.digits.is_empty() {
            self.negative = false;
            self.point = 1;
        }
    }

    /// Plain decimal text with at least `min_decimals` places.
    fn render(&self, min_decimals: u32) -> String {
        let mut out = String::new();
        if self.negative {
            out.push('-');
        }
        let d = |i: i32| -> char {
            if i >= 0 && (i as usize) < self.digits.len() {
                (b'0' + self.digits[i as usize]) as char
            } else {
                '0'
            }
        };
        if self.point <= 0 {
            out.push('0');
        } else {
            for i in 0..self.point {
                out.push(d(i));
            }
        }
        let frac = (self.digits.len() as i32 - self.point).max(min_decimals as i32);
        if frac > 0 {
            out.push('.');
            for i in 0..frac {
                out.push(d(self.point + i));
            }
        }
        out
    }
}

/// The text Excel prints for `v` under `fmt`.
pub fn render(v: f64, fmt: NumFmt) -> String {
    if !v.is_finite() {
        return "#NUM!".into();
    }
    let mut d = Digits::of(v);
    match fmt {
        NumFmt::General => d.render(0),
        NumFmt::Fixed { min, max, percent } => {
            if !d.digits.is_empty() {
                d.point += 2 * percent as i32;
            }
            d.round(max);
            let mut s = d.render(min);
            for _ in 0..percent {
                s.push('%');
            }
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(v: f64) -> String {
        render(v, NumFmt::General)
    }

    fn f(v: f64, code: &str) -> String {
        render(v, NumFmt::parse(code))
    }

    #[test]
    fn general_drops_float_noise_and_integer_fractions() {
        assert_eq!(g(307.82000000000005), "307.82");
        assert_eq!(g(2010301.0), "2010301");
        assert_eq!(g(0.1 + 0.2), "0.3");
        assert_eq!(g(-12175.6), "-12175.6");
        assert_eq!(g(0.0), "0");
        assert_eq!(g(-0.0), "0");
        assert_eq!(g(91016775.35), "91016775.35");
        assert_eq!(g(1e-7), "0.0000001");
        assert_eq!(g(123456789012345678.0), "123456789012346000");
        assert_eq!(g(f64::NAN), "#NUM!");
    }

    #[test]
    fn fixed_decimals_round_half_away_from_zero_on_the_shown_digits() {
        assert_eq!(f(12175.6, "#,##0.00"), "12175.60");
        assert_eq!(f(0.0, "0.00"), "0.00");
        assert_eq!(f(2.675, "0.00"), "2.68", "2.675 is 2.67499… as a double");
        assert_eq!(f(-0.004, "0.00"), "0.00");
        assert_eq!(f(-1.005, "0.00"), "-1.01");
        assert_eq!(f(9.995, "0.00"), "10.00");
        assert_eq!(f(999.5, "0"), "1000");
        assert_eq!(f(5.0, "#,##0"), "5");
        assert_eq!(f(0.5, "#,##0"), "1");
        assert_eq!(f(1.5, "0.0#"), "1.5");
        assert_eq!(f(1.257, "0.0#"), "1.26");
        assert_eq!(
            f(307.82000000000005, "#,##0.00_);[Red](#,##0.00)"),
            "307.82"
        );
        assert_eq!(f(-3.5, "#,##0.00;-#,##0.00"), "-3.50");
    }

    #[test]
    fn percent_scales_on_digits() {
        assert_eq!(f(0.1053, "0.00%"), "10.53%");
        assert_eq!(f(0.0029, "0%"), "0%");
        assert_eq!(f(1.0, "0.00%"), "100.00%");
        assert_eq!(f(0.05485, "0.0%"), "5.5%");
    }

    #[test]
    fn format_codes() {
        assert_eq!(NumFmt::parse("General"), NumFmt::General);
        assert_eq!(NumFmt::parse("@"), NumFmt::General);
        assert_eq!(NumFmt::parse("0.00E+00"), NumFmt::General);
        assert_eq!(
            NumFmt::parse("\"¥\"#,##0.00"),
            NumFmt::Fixed {
                min: 2,
                max: 2,
                percent: 0
            }
        );
        assert_eq!(
            NumFmt::parse("[$-804]#,##0.000\\ ;[Red]-#,##0.000"),
            NumFmt::Fixed {
                min: 3,
                max: 3,
                percent: 0
            }
        );
        assert_eq!(
            NumFmt::parse("0_ "),
            NumFmt::Fixed {
                min: 0,
                max: 0,
                percent: 0
            }
        );
    }
}
