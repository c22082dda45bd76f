//! Shards: a batch split over machines by report_id.

use std::str::FromStr;

/// `K/N`: the K-th of N shards (1-based). A shard takes the inputs whose `report_id`, read as a
/// 64-bit hexadecimal number, leaves K − 1 divided by N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which shard (1-based).
    pub k: u64,
    /// Of how many.
    pub n: u64,
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("{s:?} is not K/N with 1 <= K <= N (e.g. 2/8)");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (k, n): (u64, u64) = (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if k == 0 || k > n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }
}

impl Shard {
    /// Does this shard take the input of `report_id`?
    pub fn takes(&self, report_id: &str) -> bool {
        u64::from_str_radix(report_id, 16).is_ok_and(|v| v % self.n == self.k - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_by_report_id() {
        assert_eq!("2/8".parse::<Shard>(), Ok(Shard { k: 2, n: 8 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        let shards: Vec<Shard> = (1..=3).map(|k| Shard { k, n: 3 }).collect();
        // 0x…0c = 12 → 12 % 3 = 0 → shard 1; 0x…0d → shard 2; 0x…0e → shard 3
        for (id, k) in [
            ("000000000000000c", 1),
            ("000000000000000d", 2),
            ("000000000000000e", 3),
            ("ffffffffffffffff", 1), // 2^64 − 1 is divisible by 3
        ] {
            let takers: Vec<u64> = shards.iter().filter(|s| s.takes(id)).map(|s| s.k).collect();
            assert_eq!(takers, vec![k], "{id}");
        }
    }
}
