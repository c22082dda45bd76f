//! Prints the blocks of a workbook's pages (one per visible sheet):
//! `cargo run -p yjs-xlsx --example xlsx-dump -- FILE.xlsx [PAGE]`. The time `extract` took (best of
//! five) goes to stderr.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: xlsx-dump FILE.xlsx [PAGE]");
        std::process::exit(2);
    };
    let bytes = std::fs::read(path).expect("read");
    let only: Option<u32> = args.get(2).and_then(|s| s.parse().ok());
    let mut best = std::time::Duration::MAX;
    let mut doc = None;
    for _ in 0..5 {
        let t = std::time::Instant::now();
        let d = yjs_xlsx::extract(&bytes);
        best = best.min(t.elapsed());
        doc = Some(d);
    }
    let doc = match doc.expect("ran") {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    eprintln!("extract: {:.2} ms (best of 5)", best.as_secs_f64() * 1000.0);
    print!("{}", doc.outline(only));
}
