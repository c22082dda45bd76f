//! An interrupted run leaves no half-written file under a final name, and a rerun completes the
//! folder to exactly what an uninterrupted run writes.

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// Every output file under a final name is complete: CSVs parse to the end with the header's
/// width, JSON parses, a cache entry decodes, Parquet opens and yields all its rows. Returns how many files were read.
fn assert_complete(out: &Path) -> usize {
    let mut n = 0;
    for (name, bytes) in tree(out) {
        let file = name.file_name().unwrap().to_string_lossy().into_owned();
        if yjs::output::is_temp_name(&file) {
            continue;
        }
        match name.extension().and_then(|e| e.to_str()) {
            Some("csv") => {
                let mut r = csv::Reader::from_reader(bytes.as_slice());
                let width = r.headers().unwrap().len();
                assert!(width > 0, "{}", name.display());
                for rec in r.records() {
                    let rec = rec.unwrap_or_else(|e| panic!("{}: {e}", name.display()));
                    assert_eq!(rec.len(), width, "{}", name.display());
                }
            }
            Some("json") => {
                serde_json::from_slice::<serde_json::Value>(&bytes)
                    .unwrap_or_else(|e| panic!("{}: {e}", name.display()));
            }
            Some("bin") => {
                yjs::batch::decode_entry(&bytes)
                    .unwrap_or_else(|e| panic!("{}: {e}", name.display()));
            }
            Some("parquet") => {
                use parquet::file::reader::{FileReader, SerializedFileReader};
                let f = std::fs::File::open(out.join(&name)).unwrap();
                let r = SerializedFileReader::new(f)
                    .unwrap_or_else(|e| panic!("{}: {e}", name.display()));
                let rows = r.get_row_iter(None).unwrap().count() as i64;
                assert_eq!(rows, r.metadata().file_metadata().num_rows());
            }
            other => panic!("unexpected file {} ({other:?})", name.display()),
        }
        n += 1;
    }
    n
}

#[test]
fn a_killed_run_leaves_only_complete_files_and_a_rerun_completes_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    // three times as many distinct PDFs as the sample has: each in three copies told apart by a
    // trailing comment
    let mut pdfs = Vec::new();
    for d in [
        repo().join("corpus"),
        repo().join("corpus").join("generated"),
    ] {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "pdf") {
                pdfs.push(p);
            }
        }
    }
    pdfs.sort();
    assert!(pdfs.len() >= 19, "the sample's PDFs: {}", pdfs.len());
    for copy in 0..3 {
        for (i, p) in pdfs.iter().enumerate() {
            let mut b = std::fs::read(p).unwrap();
            b.extend_from_slice(format!("% copy {copy}\n").as_bytes());
            std::fs::write(input.join(format!("{copy}-{i:02}.pdf")), b).unwrap();
        }
    }
    let out = dir.path().join("out");
    // a complete earlier run over part of the inputs, so final-name files exist when the kill
    // comes
    let part = dir.path().join("part");
    std::fs::create_dir(&part).unwrap();
    for i in 0..3 {
        let name = format!("0-{i:02}.pdf");
        std::fs::copy(input.join(&name), part.join(&name)).unwrap();
    }
    assert_eq!(extract(&[&part], &out, &["--format", "both"]), 0);

    let mut child = Command::new(env!("CARGO_BIN_EXE_yjs"))
        .arg("extract")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .args(["--jobs", "1", "--format", "both", "--quiet"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // kill it once it has cached a few more reports than the earlier run
    let entries = || {
        std::fs::read_dir(out.join("cache"))
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                let name = name.to_string_lossy();
                name.ends_with(".bin") && !yjs::output::is_temp_name(&name)
            })
            .count()
    };
    let mut finished = false;
    while entries() < 3 + 1 + 5 {
        if child.try_wait().unwrap().is_some() {
            finished = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    if finished {
        eprintln!("note: the run finished before it could be killed");
    }
    assert!(assert_complete(&out) > 20);

    let rerun = yjs(&[
        "extract".as_ref(),
        input.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--format".as_ref(),
        "both".as_ref(),
    ]);
    assert_eq!(rerun.status.code(), Some(0));
    let (extracted, cached) = extracted_and_cached(&rerun.stderr);
    assert_eq!(extracted + cached, 3 * pdfs.len());
    assert!(
        cached >= 3 + 5,
        "the killed run's finished reports are reused ({cached})"
    );
    let clean = dir.path().join("clean");
    assert_eq!(extract(&[&input], &clean, &["--format", "both"]), 0);
    assert_same_tree(&out, &clean);
    assert_complete(&out);
}
