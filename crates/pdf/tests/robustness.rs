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

#[test]
fn the_time_limit_stops_a_runaway_file_with_a_typed_error() {
    use std::time::Duration;
    use yjs_model::limit::{within, TimeLimitExceeded};
    let pdf = yjs_pdf::build::runaway(50);
    let (r, reached) = within(Some(Duration::ZERO), || extract(&pdf));
    match r {
        Err(yjs_pdf::PdfError::TimeLimit(TimeLimitExceeded(d))) => assert_eq!(d, Duration::ZERO),
        Err(e) => panic!("wrong error: {e}"),
        Ok(d) => panic!("no error, {} pages", d.pages.len()),
    }
    assert!(reached);
    // without a limit one page of it is read to the end: its strokes are diagonal, so no text
    // and no grid
    let (r, reached) = within(None, || extract(&yjs_pdf::build::runaway(1)));
    let doc = r.expect("one runaway page is read");
    assert_eq!(doc.pages.len(), 1);
    assert!(doc.pages[0].blocks.is_empty());
    assert!(!reached);
}
