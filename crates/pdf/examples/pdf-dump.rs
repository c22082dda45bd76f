//! Prints the blocks of a PDF's pages: `cargo run -p yjs-pdf --example pdf-dump -- FILE [PAGE]`.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: pdf-dump FILE.pdf [PAGE]");
        std::process::exit(2);
    };
    let bytes = std::fs::read(path).expect("read");
    let only: Option<u32> = args.get(2).and_then(|s| s.parse().ok());
    match yjs_pdf::extract(&bytes) {
        Ok(doc) => print!("{}", doc.outline(only)),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
