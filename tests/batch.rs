//! Batch runs: incremental reruns (only new or changed contents are extracted, the output is
//! byte for byte a fresh run's), thread-count independence, the per-file time limit.

mod common;

use common::*;
use std::path::{Path, PathBuf};

/// A folder of inputs: the generated DOCX sample and two of its PDF renderings.
fn inputs(dir: &Path) -> PathBuf {
    let input = dir.join("in");
    std::fs::create_dir_all(input.join("g")).unwrap();
    for e in std::fs::read_dir(repo().join("corpus").join("generated")).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".docx")
            || name == "gen-1-0000.chromium.pdf"
            || name == "gen-1-0001.lo.pdf"
        {
            std::fs::copy(&p, input.join("g").join(&name)).unwrap();
        }
    }
    input
}

/// How many different contents the files under `dir` hold (each is extracted once).
fn distinct(dir: &Path) -> usize {
    tree(dir)
        .into_values()
        .collect::<std::collections::BTreeSet<_>>()
        .len()
}

fn run(input: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args: Vec<std::ffi::OsString> =
        vec!["extract".into(), input.into(), "--out".into(), out.into()];
    args.extend(extra.iter().map(|s| s.into()));
    yjs(&args)
}

fn reports(out: &Path) -> Vec<Row> {
    read_csv(&out.join("reports.csv"))
}

#[test]
fn a_rerun_extracts_only_new_or_changed_contents_and_writes_what_a_fresh_run_writes() {
    let dir = tempfile::tempdir().unwrap();
    let input = inputs(dir.path());
    let out = dir.path().join("out");
    let first = run(&input, &out, &["--format", "both"]);
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert_eq!(extracted_and_cached(&first.stderr), (distinct(&input), 0));
    let moved_id = reports(&out)
        .iter()
        .find(|r| r["path"].ends_with("gen-1-0001.lo.pdf"))
        .unwrap()["report_id"]
        .clone();

    // unchanged: nothing is extracted, nothing changes
    let before = tree(&out);
    let again = run(&input, &out, &["--format", "both"]);
    assert_eq!(extracted_and_cached(&again.stderr), (0, distinct(&input)));
    assert!(
        before == tree(&out),
        "a rerun over unchanged inputs rewrites the same bytes"
    );

    // one file moved, one removed, one changed, one new, one copy under an earlier path
    let g = input.join("g");
    std::fs::rename(g.join("gen-1-0001.lo.pdf"), input.join("moved.pdf")).unwrap();
    std::fs::remove_file(g.join("gen-1-0002.docx")).unwrap();
    let mut changed = std::fs::read(g.join("gen-1-0003.docx")).unwrap();
    changed.extend_from_slice(b"\0"); // trailing byte after the ZIP: same text, new content
    std::fs::write(g.join("gen-1-0003.docx"), changed).unwrap();
    std::fs::copy(
        repo()
            .join("corpus")
            .join("长沙市大数据中心-2023-部门决算.docx"),
        g.join("new.docx"),
    )
    .unwrap();
    std::fs::copy(g.join("gen-1-0000.docx"), input.join("a-copy.docx")).unwrap();
    let rerun = run(&input, &out, &["--format", "both"]);
    assert_eq!(rerun.status.code(), Some(0));
    // extracted: the changed file and the new one; the rest (the moved file and the copy
    // included) from the cache
    assert_eq!(
        extracted_and_cached(&rerun.stderr),
        (2, distinct(&input) - 2)
    );

    let fresh = dir.path().join("fresh");
    let f = run(&input, &fresh, &["--format", "both", "--force", "--quiet"]);
    assert_eq!(f.status.code(), Some(0));
    assert_same_tree(&out, &fresh);

    let rows = reports(&out);
    assert_eq!(rows.len(), tree(&input).len(), "one report per input file");
    assert!(
        rows.iter().all(|r| !r["path"].ends_with("gen-1-0002.docx")),
        "a removed file drops out"
    );
    let moved = rows.iter().find(|r| r["report_id"] == moved_id).unwrap();
    assert!(moved["path"].ends_with("moved.pdf"), "{}", moved["path"]);
    // the document JSON names the current path, and the first of a content's paths
    let json = |id: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(out.join("json").join(format!("{id}.json"))).unwrap())
            .unwrap()
    };
    assert!(json(&moved_id)["report"]["path"]
        .as_str()
        .unwrap()
        .ends_with("moved.pdf"));
    let copies: Vec<&Row> = rows
        .iter()
        .filter(|r| r["path"].ends_with("gen-1-0000.docx") || r["path"].ends_with("a-copy.docx"))
        .collect();
    assert_eq!(copies.len(), 2);
    assert_eq!(copies[0]["report_id"], copies[1]["report_id"]);
    assert!(json(&copies[0]["report_id"])["report"]["path"]
        .as_str()
        .unwrap()
        .ends_with("a-copy.docx"));
    // json/ and cache/ hold the current contents only (+ the cache index)
    let ids = |ext: &str| -> std::collections::BTreeSet<String> {
        rows.iter()
            .map(|r| format!("{}.{ext}", r["report_id"]))
            .collect()
    };
    let names = |d: &str| -> std::collections::BTreeSet<String> {
        std::fs::read_dir(out.join(d))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "index.json")
            .collect()
    };
    assert_eq!(names("json"), ids("json"));
    assert_eq!(names("cache"), ids("bin"));

    // --force extracts every content again
    let forced = run(&input, &out, &["--format", "both", "--force"]);
    assert_eq!(extracted_and_cached(&forced.stderr), (distinct(&input), 0));
    assert_same_tree(&out, &fresh);
}

#[test]
fn a_cache_entry_of_another_build_or_damaged_or_its_json_cut_short_is_not_used() {
    let dir = tempfile::tempdir().unwrap();
    let input = inputs(dir.path());
    let out = dir.path().join("out");
    run(&input, &out, &["--quiet"]);
    let rows = reports(&out);
    let entry = |i: usize| {
        out.join("cache")
            .join(format!("{}.bin", rows[i]["report_id"]))
    };
    // an entry stamped by another version of yjs (a stamp of the same length, so that the
    // entry still decodes)
    let e = std::fs::read(entry(0)).unwrap();
    let stamp = format!("yjs {} ", env!("CARGO_PKG_VERSION"));
    let other = format!("yjs {} ", "9".repeat(env!("CARGO_PKG_VERSION").len()));
    let at = e
        .windows(stamp.len())
        .position(|w| w == stamp.as_bytes())
        .expect("the entry holds its stamp");
    let mut e = e;
    e[at..at + stamp.len()].copy_from_slice(other.as_bytes());
    std::fs::write(entry(0), e).unwrap();
    // a truncated entry
    let e = std::fs::read(entry(1)).unwrap();
    std::fs::write(entry(1), &e[..e.len() / 2]).unwrap();
    // an entry whose JSON was deleted
    std::fs::remove_file(
        out.join("json")
            .join(format!("{}.json", rows[2]["report_id"])),
    )
    .unwrap();
    // a JSON cut short, as a power failure may leave it (the files of one report are not
    // synced one by one)
    let json = out
        .join("json")
        .join(format!("{}.json", rows[3]["report_id"]));
    let bytes = std::fs::read(&json).unwrap();
    std::fs::write(&json, &bytes[..bytes.len() / 2]).unwrap();
    let rerun = run(&input, &out, &[]);
    assert_eq!(
        extracted_and_cached(&rerun.stderr),
        (4, distinct(&input) - 4)
    );
    let fresh = dir.path().join("fresh");
    run(&input, &fresh, &["--quiet"]);
    assert_same_tree(&out, &fresh);
}

#[test]
fn output_is_byte_identical_whatever_the_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = repo().join("corpus");
    let outs: Vec<PathBuf> = (1..=3).map(|j| dir.path().join(format!("j{j}"))).collect();
    for (j, out) in outs.iter().enumerate() {
        let jobs = (j + 1).to_string();
        let o = run(
            &corpus,
            out,
            &["--jobs", &jobs, "--format", "both", "--quiet"],
        );
        assert_eq!(o.status.code(), Some(0));
    }
    assert_eq!(
        reports(&outs[0]).len(),
        tree(&corpus).len(),
        "one report per file"
    );
    assert_same_tree(&outs[0], &outs[1]);
    assert_same_tree(&outs[0], &outs[2]);
}

#[test]
fn a_file_over_the_time_limit_fails_with_the_reason_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    // hundreds of pages each drawing a million strokes: minutes of work without a limit
    std::fs::write(input.join("runaway.pdf"), yjs_pdf::build::runaway(300)).unwrap();
    std::fs::copy(
        repo()
            .join("corpus")
            .join("长沙市大数据中心-2023-部门决算.docx"),
        input.join("good.docx"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = run(&input, &out, &["--timeout", "1", "--jobs", "2"]);
    assert_eq!(o.status.code(), Some(1), "exit 1: an input failed");
    let rows = reports(&out);
    let runaway = rows
        .iter()
        .find(|r| r["path"].ends_with("runaway.pdf"))
        .unwrap();
    assert_eq!(runaway["status"], "failed");
    assert_eq!(runaway["error"], "time limit of 1 s exceeded");
    let good = rows
        .iter()
        .find(|r| r["path"].ends_with("good.docx"))
        .unwrap();
    assert_eq!(good["status"], "ok");
    assert_eq!(good["facts"], "351");
    assert!(String::from_utf8_lossy(&o.stderr).contains("runaway.pdf: time limit of 1 s exceeded"));
    // a time-limit failure is not cached: the next run tries the file again
    let again = run(&input, &out, &["--timeout", "1"]);
    assert_eq!(extracted_and_cached(&again.stderr), (1, 1));
    assert_eq!(reports(&out), rows);
}
