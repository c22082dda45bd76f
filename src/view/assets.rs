//! What a report page needs to draw its PDF's pages in the browser: pdf.js (vendored under
//! `assets/pdfjs/` by `scripts/vendor-pdfjs`, Apache-2.0), written once under `OUT/view/assets/`,
//! and the report's own file as a script, `OUT/view/pdf/<report_id>.js` (a page opened from disk
//! may load scripts, not read files).

use base64::Engine;
use std::path::Path;

/// The files of `OUT/view/assets/`: pdf.js, its worker (run on the page's thread), the Chinese
/// predefined CMaps and pdf.js's licence.
pub const ASSETS: &[(&str, &[u8])] = &[
    ("pdf.min.js", include_bytes!("assets/pdfjs/pdf.min.js")),
    (
        "pdf.worker.min.js",
        include_bytes!("assets/pdfjs/pdf.worker.min.js"),
    ),
    ("cmaps.js", include_bytes!("assets/pdfjs/cmaps.js")),
    ("LICENSE-pdfjs", include_bytes!("assets/pdfjs/LICENSE")),
];

/// Writes the [`ASSETS`] into `dir` where a file of that name and size is not there already.
pub fn write_assets(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, bytes) in ASSETS {
        let path = dir.join(name);
        let same = std::fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64);
        if !same {
            crate::output::write_redoable(&path, bytes)?;
        }
    }
    Ok(())
}

/// The file name, under `OUT/view/pdf/`, of report `id`'s file as a script.
pub fn source_name(id: &str) -> String {
    format!("{id}.js")
}

/// The script that hands a report's file (`bytes`) to its page: `window.yjsPdf`, base64.
pub fn source_script(bytes: &[u8]) -> Vec<u8> {
    const HEAD: &str = "window.yjsPdf=\"";
    const TAIL: &str = "\";\n";
    let mut out = String::with_capacity(HEAD.len() + bytes.len().div_ceil(3) * 4 + TAIL.len());
    out.push_str(HEAD);
    base64::engine::general_purpose::STANDARD.encode_string(bytes, &mut out);
    out.push_str(TAIL);
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_becomes_one_assignment_of_its_base64() {
        let s = source_script(b"%PDF-1.7\n\xff\x00");
        assert_eq!(
            String::from_utf8(s).unwrap(),
            "window.yjsPdf=\"JVBERi0xLjcK/wA=\";\n"
        );
        assert_eq!(source_script(b""), b"window.yjsPdf=\"\";\n");
    }

    #[test]
    fn every_asset_is_vendored_whole() {
        let size = |n: &str| ASSETS.iter().find(|a| a.0 == n).unwrap().1.len();
        // pdf.js and its worker as npm ships them, and CMaps enough for GB and CNS fonts
        assert!(size("pdf.min.js") > 200_000);
        assert!(size("pdf.worker.min.js") > 900_000);
        let cmaps = std::str::from_utf8(ASSETS[2].1).unwrap();
        for name in [
            "UniGB-UCS2-H",
            "GBK-EUC-H",
            "Adobe-GB1-UCS2",
            "UniCNS-UCS2-H",
        ] {
            assert!(cmaps.contains(&format!("\"{name}\": \"")), "{name}");
        }
    }
}
