//! A corrupt-input set mixed into a batch of real reports: every corrupt file is a `failed` row
//! with its reason, the exit status is 1, and every other file's output (its rows in every
//! combined table, its document JSON) is byte for byte what a run without the corrupt files
//! writes. The real reports are `corpus/` (the 长沙 report in every layout and the generated
//! sample) and, when `YJS_REAL_CORPUS` is set, the published reports there.

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use yjs_pdf::build::assemble_bytes;

const GOOD_PDF: &str = "长沙市大数据中心-2023-部门决算.pdf";

fn zlib(chunks: impl Iterator<Item = Vec<u8>>) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    for c in chunks {
        e.write_all(&c).unwrap();
    }
    e.finish().unwrap()
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut o = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    o.extend_from_slice(data);
    o.extend_from_slice(b"\nendstream");
    o
}

/// A one-page PDF whose page draws `content` (Flate-compressed) with an optional extra object 5.
fn page_pdf(content: &[u8], resources: &str, extra: Option<Vec<u8>>) -> Vec<u8> {
    let page = format!(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << {resources} >> >>"
    );
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        page.into_bytes(),
        stream("/Filter /FlateDecode", content),
    ];
    objects.extend(extra);
    let refs: Vec<&[u8]> = objects.iter().map(|o| o.as_slice()).collect();
    assemble_bytes(&refs, "")
}

/// `bytes` with 32 bytes XOR-ed in the middle of the data of object `id`'s stream.
fn flip_stream(bytes: &[u8], id: (u32, u16)) -> Vec<u8> {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let s = doc.get_object(id).unwrap().as_stream().unwrap();
    let header = format!("{} {} obj", id.0, id.1);
    let at = bytes
        .windows(header.len())
        .position(|w| w == header.as_bytes())
        .unwrap_or_else(|| panic!("object {header} is not in the file body"));
    let data = at + bytes[at..].windows(6).position(|w| w == b"stream").unwrap() + 7;
    let mid = data + s.content.len() / 2;
    let mut out = bytes.to_vec();
    for b in &mut out[mid..mid + 32] {
        *b ^= 0x5a;
    }
    out
}

/// Writes an entry's data.
type Fill<'a> = &'a dyn Fn(&mut dyn Write);

/// A ZIP archive of `(name, data)` entries, deflated.
fn zip_of(entries: &[(&str, Fill)]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, write) in entries {
        z.start_file(*name, opts).unwrap();
        write(&mut z);
    }
    z.finish().unwrap().into_inner()
}

fn zeros(w: &mut dyn Write, n: usize) {
    let block = vec![b' '; 1 << 20];
    for _ in 0..n {
        w.write_all(&block).unwrap();
    }
}

/// The corrupt set: file name, bytes, a word of the reason its row must give.
fn corrupt_set() -> Vec<Case> {
    let good = std::fs::read(repo().join("corpus").join(GOOD_PDF)).unwrap();
    let doc = lopdf::Document::load_mem(&good).unwrap();
    let (_, &page1) = doc.get_pages().iter().next().unwrap();
    let content_id = doc.get_page_contents(page1)[0];
    // the ToUnicode map of a font the first pages use
    let to_unicode = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter_map(|d| d.get(b"ToUnicode").ok()?.as_reference().ok())
        .min()
        .unwrap();
    let bomb = zlib((0..300).map(|_| vec![b' '; 1 << 20]));
    let many_ops = zlib((0..60).map(|_| b"0 0 m ".repeat(100_000)));
    let self_drawing_form = stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 5 0 R >> >> /Filter /FlateDecode",
        &zlib(std::iter::once(b"/X Do".to_vec())),
    );
    let cyclic_pages = assemble_bytes(
        &[
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
        ],
        "",
    );
    let docx_bomb = zip_of(&[
        ("[Content_Types].xml", &|w| {
            w.write_all(b"<Types/>").unwrap()
        }),
        ("word/document.xml", &|w| zeros(w, 300)),
    ]);
    let xlsx_bomb = zip_of(&[
        ("[Content_Types].xml", &|w| {
            w.write_all(b"<Types/>").unwrap()
        }),
        ("xl/workbook.xml", &|w| {
            w.write_all(b"<workbook><sheets><sheet name=\"a\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>")
                .unwrap()
        }),
        ("xl/worksheets/sheet1.xml", &|w| zeros(w, 300)),
    ]);
    let case = |name, bytes, reason| Case {
        name,
        bytes,
        reason,
    };
    let mut set = bad_files();
    set.extend([
        // cut after a third: the parser rebuilds the file, but its fonts are missing
        case(
            "truncated-third.pdf",
            good[..good.len() / 3].to_vec(),
            "damaged file",
        ),
        case(
            "bit-flipped-content.pdf",
            flip_stream(&good, content_id),
            "damaged file",
        ),
        case(
            "bit-flipped-font-map.pdf",
            flip_stream(&good, to_unicode),
            "ToUnicode",
        ),
        case(
            "flate-bomb.pdf",
            page_pdf(&bomb, "", None),
            "decompression bomb",
        ),
        case(
            "millions-of-operators.pdf",
            page_pdf(&many_ops, "", None),
            "operators",
        ),
        case(
            "cyclic-form.pdf",
            page_pdf(
                &zlib(std::iter::once(b"/X Do".to_vec())),
                "/XObject << /X 5 0 R >>",
                Some(self_drawing_form),
            ),
            "nested",
        ),
        case("cyclic-page-tree.pdf", cyclic_pages, ""),
        case("zip-bomb.docx", docx_bomb, "too large"),
        case("zip-bomb.xlsx", xlsx_bomb, "too large"),
    ]);
    set
}

/// The real reports: `corpus/` and, when set, `YJS_REAL_CORPUS`.
fn real_files() -> Vec<PathBuf> {
    let mut dirs = vec![
        repo().join("corpus"),
        repo().join("corpus").join("generated"),
    ];
    match std::env::var_os("YJS_REAL_CORPUS") {
        Some(d) => dirs.push(PathBuf::from(d)),
        None => eprintln!("YJS_REAL_CORPUS is unset: the published reports are not mixed in"),
    }
    let mut files = Vec::new();
    for d in dirs {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            if p.is_file() && matches!(ext, "pdf" | "docx" | "xlsx") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// Every line of every combined CSV, by file, for the given report ids (header kept).
fn rows_of(out: &Path, ids: &BTreeSet<String>) -> BTreeMap<String, Vec<String>> {
    let mut files = vec![
        "reports.csv".to_string(),
        "facts.csv".into(),
        "checks.csv".into(),
        "narrative.csv".into(),
    ];
    files.extend(
        yjs_analyze::checks::CANONICAL
            .iter()
            .map(|k| format!("tables/{k}.csv")),
    );
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(out.join(&f)).unwrap();
            let mut lines = text.lines();
            let mut kept = vec![lines.next().unwrap_or_default().to_string()];
            // every table's first column is report_id; a quoted multi-line cell never starts
            // with a 16-digit id followed by a comma
            kept.extend(
                lines
                    .filter(|l| l.len() > 17 && ids.contains(&l[..16]) && &l[16..17] == ",")
                    .map(String::from),
            );
            (f, kept)
        })
        .collect()
}

#[test]
fn corrupt_files_mixed_into_real_reports_fail_alone() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for (i, f) in real_files().iter().enumerate() {
        let name = format!("{i:03}-{}", f.file_name().unwrap().to_string_lossy());
        std::fs::copy(f, input.join(name)).unwrap();
    }
    let clean = dir.path().join("clean");
    let clean_status = extract(&[&input], &clean, &["--jobs", "2"]);
    let clean_reports = read_csv(&clean.join("reports.csv"));
    assert!(clean_reports.len() >= 53, "{} reports", clean_reports.len());
    assert!(
        clean_reports.iter().all(|r| r["status"] != "failed"),
        "a real report failed"
    );
    assert_eq!(clean_status, 0);

    let corrupt = corrupt_set();
    for Case { name, bytes, .. } in &corrupt {
        std::fs::write(input.join(format!("bad-{name}")), bytes).unwrap();
    }
    let mixed = dir.path().join("mixed");
    assert_eq!(
        extract(&[&input], &mixed, &["--jobs", "2"]),
        1,
        "exit 1 when an input failed"
    );
    let reports = read_csv(&mixed.join("reports.csv"));
    assert_eq!(reports.len(), clean_reports.len() + corrupt.len());
    for Case { name, reason, .. } in &corrupt {
        let r = reports
            .iter()
            .find(|r| r["path"].ends_with(&format!("bad-{name}")))
            .unwrap_or_else(|| panic!("{name} is not listed"));
        eprintln!("{name}: {}", r["error"]);
        assert_eq!(r["status"], "failed", "{name}: {}", r["error"]);
        assert!(!r["error"].is_empty(), "{name} has no reason");
        assert!(r["error"].contains(reason), "{name}: {}", r["error"]);
    }
    // every other file: the same rows in every table, the same JSON
    let ids: BTreeSet<String> = clean_reports
        .iter()
        .map(|r| r["report_id"].clone())
        .collect();
    assert_eq!(rows_of(&clean, &ids), rows_of(&mixed, &ids));
    for id in &ids {
        let (a, b) = (
            std::fs::read(output_json(&clean, id)).unwrap(),
            std::fs::read(output_json(&mixed, id)).unwrap(),
        );
        assert!(a == b, "json/{id}.json differs");
    }
}

fn output_json(out: &Path, id: &str) -> PathBuf {
    out.join("json").join(format!("{id}.json"))
}
