//! Prints the blocks of a PDF's pages: `cargo run -p yjs-pdf --example pdf-dump -- FILE [PAGE]`.
use yjs_model::Block;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bytes = std::fs::read(&args[1]).expect("read");
    let only: Option<u32> = args.get(2).and_then(|s| s.parse().ok());
    let doc = yjs_pdf::extract(&bytes).expect("extract");
    for p in &doc.pages {
        if only.is_some_and(|n| n != p.number) {
            continue;
        }
        println!("=== page {} ({:.0}x{:.0})", p.number, p.width, p.height);
        for b in &p.blocks {
            match b {
                Block::Paragraph(par) => {
                    for l in &par.lines {
                        println!(
                            "P [{:.0},{:.0}] {:?} {}",
                            l.bbox.x0, l.bbox.y0, l.font_size, l.text
                        )
                    }
                }
                Block::Grid(g) => {
                    println!(
                        "G {}x{} at [{:.0},{:.0}]",
                        g.rows, g.cols, g.bbox.x0, g.bbox.y0
                    );
                    let m = g.slot_map();
                    for (r, slots) in m.iter().enumerate().take(g.rows) {
                        let row: Vec<String> = (0..g.cols)
                            .map(|c| match slots[c] {
                                Some(i) if g.cells[i].row == r && g.cells[i].col == c => {
                                    let cell = &g.cells[i];
                                    let span = if cell.row_span > 1 || cell.col_span > 1 {
                                        format!("<{}x{}>", cell.row_span, cell.col_span)
                                    } else {
                                        String::new()
                                    };
                                    format!("{}{}", cell.text, span)
                                }
                                _ => "^".into(),
                            })
                            .collect();
                        println!("  | {}", row.join(" | "));
                    }
                }
            }
        }
    }
}
