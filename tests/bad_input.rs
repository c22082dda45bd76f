//! Bad input never stops a batch: each broken file is a `failed` row with a clear reason, the
//! other files' outputs are complete, and the exit status is 1 (CONTRACT.md).

mod common;

use common::*;
use std::path::{Path, PathBuf};

use yjs_pdf::build::assemble as pdf;

fn write_cases(dir: &Path) -> Vec<PathBuf> {
    bad_files()
        .into_iter()
        .map(|c| {
            let p = dir.join(c.name);
            std::fs::write(&p, &c.bytes).unwrap();
            p
        })
        .collect()
}

/// The 长沙 report of the corpus as `DIR/good.pdf`.
fn copy_good_report(dir: &Path) {
    std::fs::copy(
        repo()
            .join("corpus")
            .join("长沙市大数据中心-2023-部门决算.pdf"),
        dir.join("good.pdf"),
    )
    .unwrap();
}

#[test]
fn each_bad_file_is_a_failed_row_with_a_reason_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    write_cases(&input);
    copy_good_report(&input);
    let out = dir.path().join("out");
    assert_eq!(
        extract(&[&input], &out, &["--jobs", "2"]),
        1,
        "exit 1 when an input failed"
    );
    let reports = read_csv(&out.join("reports.csv"));
    assert_eq!(reports.len(), 7, "every input is listed");
    for c in bad_files() {
        let r = reports
            .iter()
            .find(|r| r["path"].ends_with(c.name))
            .unwrap();
        assert_eq!(r["status"], "failed", "{}", c.name);
        assert!(!r["error"].is_empty(), "{} has a reason", c.name);
        assert!(r["error"].contains(c.reason), "{}: {}", c.name, r["error"]);
        assert_eq!(r["report_id"].len(), 16);
    }
    let good = reports
        .iter()
        .find(|r| r["path"].ends_with("good.pdf"))
        .unwrap();
    assert_eq!(good["status"], "ok");
    let facts = read_csv(&out.join("facts.csv"));
    assert_eq!(facts.len(), 351, "the good report loses nothing");
    assert!(facts.iter().all(|f| f["report_id"] == good["report_id"]));
}

/// A FIFO named like a report once blocked its worker for good (opening it waits for a writer);
/// it is now a failed row and the batch goes on.
#[cfg(unix)]
#[test]
fn a_pipe_named_like_a_report_is_failed_not_waited_for() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let fifo = input.join("pipe.pdf");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available here");
        return;
    }
    copy_good_report(&input);
    let out = dir.path().join("out");
    // named on the command line and found in a folder
    for inputs in [
        vec![fifo.as_path(), input.join("good.pdf").as_path()],
        vec![input.as_path()],
    ] {
        let _ = std::fs::remove_dir_all(&out);
        // a run that waits on the pipe fails the test instead of hanging it
        let mut run = std::process::Command::new(env!("CARGO_BIN_EXE_yjs"))
            .arg("extract")
            .args(&inputs)
            .arg("--out")
            .arg(&out)
            .args(["--quiet", "--jobs", "2"])
            .spawn()
            .unwrap();
        let start = std::time::Instant::now();
        let status = loop {
            if let Some(s) = run.try_wait().unwrap() {
                break s;
            }
            if start.elapsed() > std::time::Duration::from_secs(60) {
                let _ = run.kill();
                panic!("yjs still waits on the pipe after 60 s");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        assert_eq!(status.code(), Some(1));
        let reports = read_csv(&out.join("reports.csv"));
        assert_eq!(reports.len(), 2);
        let pipe = reports
            .iter()
            .find(|r| r["path"].ends_with("pipe.pdf"))
            .unwrap();
        assert_eq!(pipe["status"], "failed");
        assert!(
            pipe["error"].contains("not a regular file"),
            "{}",
            pipe["error"]
        );
        let good = reports
            .iter()
            .find(|r| r["path"].ends_with("good.pdf"))
            .unwrap();
        assert_eq!(good["status"], "ok");
    }
}

#[test]
fn encrypted_pdf_reason_names_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("locked.pdf");
    std::fs::write(&p, encrypted_pdf()).unwrap();
    let out = dir.path().join("out");
    assert_eq!(extract(&[&p], &out, &[]), 1);
    let r = &read_csv(&out.join("reports.csv"))[0];
    assert_eq!(r["status"], "failed");
    assert!(r["error"].contains("password"), "{}", r["error"]);
}

#[test]
fn a_valid_pdf_without_tables_is_partial_not_failed() {
    let bytes = pdf(
        &[
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 720 Td (Hello world) Tj ET\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ],
        "",
    );
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("letter.pdf");
    std::fs::write(&p, bytes).unwrap();
    let out = dir.path().join("out");
    assert_eq!(extract(&[&p], &out, &[]), 0);
    let r = &read_csv(&out.join("reports.csv"))[0];
    assert_eq!(r["status"], "partial");
    assert_eq!(r["pages"], "1");
    assert_eq!(r["facts"], "0");
    let j: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("json").join(format!("{}.json", r["report_id"]))).unwrap(),
    )
    .unwrap();
    let text = j["document"]["pages"][0]["blocks"][0]["lines"][0]["text"]
        .as_str()
        .unwrap();
    assert_eq!(text, "Hello world");
}

#[test]
fn a_pdf_without_a_text_layer_says_so() {
    // one page with only a drawing, as a scan without OCR would be
    let bytes = yjs_pdf::build::one_page(b"0 0 0 rg 10 10 100 100 re f", &[], &[]);
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("scan.pdf");
    std::fs::write(&p, bytes).unwrap();
    let out = dir.path().join("out");
    assert_eq!(extract(&[&p], &out, &[]), 0);
    let r = &read_csv(&out.join("reports.csv"))[0];
    assert_eq!(r["status"], "partial");
    assert!(r["error"].contains("no text layer"), "{}", r["error"]);
}
