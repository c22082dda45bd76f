//! An interrupted run leaves no half-written file under a final name, and a rerun completes the
//! folder to exactly what an uninterrupted run writes.

mod common;

use common::*;
use std::path::{Path, PathBuf};
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

/// `DIR/in`: three times as many distinct PDFs as the sample has, each in three copies told apart
/// by a trailing comment. Returns the folder and how many files it holds.
fn inputs(dir: &Path) -> (PathBuf, usize) {
    let input = dir.join("in");
    std::fs::create_dir(&input).unwrap();
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
    (input, 3 * pdfs.len())
}

/// The cache entries under `out` (finished reports).
fn cache_entries(out: &Path) -> usize {
    let Ok(dir) = std::fs::read_dir(out.join("cache")) else {
        return 0;
    };
    dir.filter(|e| {
        let name = e.as_ref().unwrap().file_name();
        let name = name.to_string_lossy();
        name.ends_with(".bin") && !yjs::output::is_temp_name(&name)
    })
    .count()
}

#[test]
fn a_killed_run_leaves_only_complete_files_and_a_rerun_completes_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (input, n) = inputs(dir.path());
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
    let mut finished = false;
    while cache_entries(&out) < 3 + 1 + 5 {
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
    assert_eq!(extracted + cached, n);
    assert!(
        cached >= 3 + 5,
        "the killed run's finished reports are reused ({cached})"
    );
    let clean = dir.path().join("clean");
    assert_eq!(extract(&[&input], &clean, &["--format", "both"]), 0);
    assert_same_tree(&out, &clean);
    assert_complete(&out);
}

/// Starts `yjs extract INPUT --out OUT --jobs 1 EXTRA...` and sends it SIGINT (Ctrl-C) once
/// `OUT/cache` holds `at` entries: its exit status and stderr.
fn interrupt(input: &Path, out: &Path, extra: &[&str], at: usize) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_yjs"))
        .arg("extract")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(["--jobs", "1"])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    while cache_entries(out) < at {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run finished before it could be interrupted"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let kill = Command::new("kill")
        .args(["-s", "INT", &pid.to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let o = child.wait_with_output().unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The numbers in `interrupted: K reports kept in … (N extracted in this run, E from earlier
/// runs)`.
fn kept_counts(line: &str) -> [usize; 3] {
    let num_before = |word: &str| -> usize {
        let at = line
            .find(word)
            .unwrap_or_else(|| panic!("no {word:?} in {line}"));
        line[..at]
            .rsplit(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no number before {word:?} in {line}"))
    };
    [
        num_before(" reports kept"),
        num_before(" extracted in this run"),
        num_before(" from earlier runs"),
    ]
}

#[test]
fn ctrl_c_says_what_was_kept_and_how_to_resume_and_exits_130() {
    let dir = tempfile::tempdir().unwrap();
    let (input, n) = inputs(dir.path());
    let out = dir.path().join("out");
    // --quiet: nothing on stderr, status 130
    let (code, err) = interrupt(&input, &out, &["--quiet"], 3);
    assert_eq!(code, Some(130));
    assert_eq!(err, "");
    let first = cache_entries(&out);
    assert!(first >= 3 && first < n, "{first} of {n} cached");

    // again, resumed: one line, with the counts of this run and of the earlier one
    let (code, err) = interrupt(&input, &out, &[], first + 3);
    assert_eq!(code, Some(130), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let cache = out.join("cache");
    let expected = format!("reports kept in {} (", cache.display());
    assert!(
        err.starts_with("yjs: interrupted: ") && err.contains(&expected),
        "{err}"
    );
    assert!(
        err.trim_end().ends_with(
            "; rerun the same command to resume: cached reports are not extracted again"
        ),
        "{err}"
    );
    let [kept, now, before] = kept_counts(&err);
    assert_eq!(kept, now + before, "{err}");
    assert_eq!(before, first, "{err}");
    assert!(now >= 3, "{err}");
    assert!(cache_entries(&out) >= kept, "{err}");

    // the same command again finishes the batch, extracting only what was not kept
    let rerun = yjs(&[
        "extract".as_ref(),
        input.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(rerun.status.code(), Some(0));
    let (extracted, cached) = extracted_and_cached(&rerun.stderr);
    assert_eq!(extracted + cached, n);
    assert!(cached >= kept, "{cached} from cache, {kept} kept");

    // with --force (into a new folder, whose entries can be counted) the way to resume is
    // without it
    let (code, err) = interrupt(&input, &dir.path().join("forced"), &["--force"], 2);
    assert_eq!(code, Some(130), "{err}");
    assert!(err.contains("extracted again and kept in"), "{err}");
    assert!(err.contains("; rerun without --force to resume"), "{err}");
}
