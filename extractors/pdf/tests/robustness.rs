//! The extractor must not panic on damaged input: truncations and byte flips of a real-layout PDF
//! (deterministic pseudo-random positions) return a document or a typed error.

use yjs_pdf::extract;

fn sample() -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus/长沙市大数据中心-2023-部门决算-three-line.pdf");
    std::fs::read(p).expect("corpus sample")
}

/// xorshift64: deterministic positions without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn truncations_never_panic() {
    let pdf = sample();
    for k in 1..40 {
        let cut = pdf.len() * k / 40;
        let _ = extract(&pdf[..cut]);
    }
}

#[test]
fn byte_flips_never_panic() {
    let pdf = sample();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..150 {
        let mut m = pdf.clone();
        for _ in 0..8 {
            let i = (rng.next() % m.len() as u64) as usize;
            m[i] = (rng.next() & 0xff) as u8;
        }
        let _ = extract(&m);
    }
}
