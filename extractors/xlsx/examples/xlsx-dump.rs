//! Prints the blocks of a workbook's pages (one per visible sheet):
//! `cargo run -p yjs-xlsx --example xlsx-dump -- FILE.xlsx [PAGE]`. The time `extract` took (best of
//! five) goes to stderr.
use yjs_model::Block;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: dump FILE.xlsx [PAGE]");
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
    for (k, v) in &doc.info {
        println!("# {k}: {v}");
    }
    for p in &doc.pages {
        if only.is_some_and(|n| n != p.number) {
            continue;
        }
        println!("=== page {} ({:.0}x{:.0})", p.number, p.width, p.height);
        for b in &p.blocks {
            match b {
                Block::Paragraph(par) => {
                    let lines: Vec<&str> = par.lines.iter().map(|l| l.text.as_str()).collect();
                    println!(
                        "P [{:.0},{:.0}] {}",
                        par.bbox.x0,
                        par.bbox.y0,
                        lines.join(" | ")
                    );
                }
                Block::Grid(g) => {
                    println!(
                        "G {}x{} at [{:.0},{:.0}]",
                        g.rows, g.cols, g.bbox.x0, g.bbox.y0
                    );
                    for r in 0..g.rows {
                        let row: Vec<String> = g
                            .cells
                            .iter()
                            .filter(|c| c.row == r)
                            .map(|c| {
                                if c.row_span > 1 || c.col_span > 1 {
                                    format!("{}<{}x{}>", c.text, c.row_span, c.col_span)
                                } else {
                                    c.text.clone()
                                }
                            })
                            .collect();
                        println!("  | {}", row.join(" | "));
                    }
                }
            }
        }
    }
}
