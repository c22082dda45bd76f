//! Precision: the range a printed (rounded) figure stands for, and what a rate computed from
//! rounded figures may be.

use crate::narrative::{Measure, Stated};
use rust_decimal::Decimal;

/// Half a unit of the last digit of `printed`: how far the value it rounds may lie from it.
pub(super) fn half_unit(printed: &str) -> Decimal {
    let scale = printed.split('.').nth(1).map_or(0, |f| f.len() as u32);
    crate::amount::half_unit(scale)
}

/// `v` rounded as `printed` is (to its decimals, half away from zero).
pub(super) fn round(v: Decimal, printed: &str) -> Decimal {
    let scale = printed.split('.').nth(1).map_or(0, |f| f.len() as u32);
    v.round_dp_with_strategy(scale, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// Range of `a / b × 100` when both were rounded to their printed precision.
pub(super) fn ratio_range(
    a: Decimal,
    ap: &str,
    b: Decimal,
    bp: &str,
) -> Option<(Decimal, Decimal)> {
    let (da, db) = (half_unit(ap), half_unit(bp));
    let (b_lo, b_hi) = (b - db, b + db);
    if b_lo <= Decimal::ZERO {
        return None;
    }
    let hundred = Decimal::from(100);
    let (a_lo, a_hi) = (a - da, a + da);
    let c = [a_lo / b_lo, a_lo / b_hi, a_hi / b_lo, a_hi / b_hi];
    let lo = c.iter().copied().fold(Decimal::MAX, Decimal::min) * hundred;
    let hi = c.iter().copied().fold(Decimal::MIN, Decimal::max) * hundred;
    Some((lo, hi))
}

/// How many units of the last digit a stated value lies outside `[lo, hi]` (0 = consistent).
pub(super) fn units_off(stated: Decimal, printed: &str, lo: Decimal, hi: Decimal) -> Decimal {
    let h = half_unit(printed);
    let unit = h * Decimal::from(2);
    if stated + h >= lo && stated - h <= hi {
        return Decimal::ZERO;
    }
    let gap = if stated < lo {
        lo - stated
    } else {
        stated - hi
    };
    (gap / unit).ceil()
}

/// `[lo, hi]` in absolute values (a range across zero starts at zero).
pub(super) fn abs_range(lo: Decimal, hi: Decimal) -> (Decimal, Decimal) {
    if lo <= Decimal::ZERO && hi >= Decimal::ZERO {
        (Decimal::ZERO, lo.abs().max(hi.abs()))
    } else {
        (lo.abs().min(hi.abs()), lo.abs().max(hi.abs()))
    }
}

pub(super) fn decimals(printed: &str) -> usize {
    printed.split('.').nth(1).map_or(0, str::len)
}

/// The decimals of the finest amount in `unit` of `s`'s sentence. Writers who drop trailing zeros
/// print 2.00 万元 as `2` beside `0.74` 万元: such an amount is exact to the sentence's precision,
/// not to the unit.
pub(super) fn sentence_scale(stated: &[Stated], s: &Stated, unit: &str) -> usize {
    stated
        .iter()
        .filter(|x| {
            x.para == s.para
                && x.sentence == s.sentence
                && matches!(x.measure, Measure::Amount | Measure::ChangeAmount)
                && x.unit == unit
        })
        .map(|x| decimals(&x.printed))
        .max()
        .unwrap_or(0)
}

/// `printed` with zeros appended up to `scale` decimals (`2` → `2.00`).
pub(super) fn padded(printed: &str, scale: usize) -> String {
    let have = decimals(printed);
    if have >= scale {
        return printed.to_string();
    }
    let dot = if printed.contains('.') { "" } else { "." };
    format!("{printed}{dot}{}", "0".repeat(scale - have))
}

/// Range of the change rate `(cur / prev − 1) × 100` with both rounded as printed.
pub(super) fn change_range(
    cur: Decimal,
    cp: &str,
    prev: Decimal,
    pp: &str,
) -> Option<(Decimal, Decimal)> {
    let (lo, hi) = ratio_range(cur, cp, prev, pp)?;
    Some((lo - Decimal::from(100), hi - Decimal::from(100)))
}
