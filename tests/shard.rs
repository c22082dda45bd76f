//! Scale-out: `--shard K/N` takes a deterministic share of the inputs by content, the shares
//! partition the batch, and `yjs merge` of the shards' folders is byte for byte one run's folder.

mod common;

use common::*;
use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::Path;

fn run(args: &[&dyn AsRef<std::ffi::OsStr>]) -> std::process::Output {
    let args: Vec<OsString> = args.iter().map(|a| a.as_ref().to_os_string()).collect();
    yjs(&args)
}

fn paths(out: &Path) -> BTreeSet<String> {
    read_csv(&out.join("reports.csv"))
        .into_iter()
        .map(|r| r["path"].clone())
        .collect()
}

#[cfg(unix)]
#[test]
fn shards_partition_the_inputs_and_their_merge_is_one_runs_output() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = repo().join("corpus");
    // a failed input, an unreadable one (a dangling link) and a copy take part too
    let extra = dir.path().join("extra");
    std::fs::create_dir(&extra).unwrap();
    std::fs::write(extra.join("not-a.pdf"), b"<html>404</html>").unwrap();
    std::os::unix::fs::symlink(dir.path().join("missing"), extra.join("gone.pdf")).unwrap();
    std::fs::copy(
        corpus.join("generated").join("gen-1-0000.docx"),
        extra.join("copy.docx"),
    )
    .unwrap();
    let whole = dir.path().join("whole");
    let o = run(&[
        &"extract",
        &corpus,
        &extra,
        &"--out",
        &whole,
        &"--format",
        &"both",
        &"--quiet",
    ]);
    assert_eq!(o.status.code(), Some(1), "the bad input fails");
    let all = paths(&whole);
    assert_eq!(
        all.len(),
        tree(&corpus).len() + 3,
        "one report per file and extra input"
    );

    let shards: Vec<_> = (1..=3).map(|k| dir.path().join(format!("s{k}"))).collect();
    let mut seen = BTreeSet::new();
    for (k, s) in shards.iter().enumerate() {
        let spec = format!("{}/3", k + 1);
        let o = run(&[
            &"extract",
            &corpus,
            &extra,
            &"--out",
            s,
            &"--shard",
            &spec,
            &"--format",
            &"both",
            &"--quiet",
        ]);
        let failed = read_csv(&s.join("reports.csv"))
            .iter()
            .any(|r| r["status"] == "failed");
        assert_eq!(o.status.code(), Some(failed as i32), "shard {spec}");
        let mine = paths(s);
        assert!(
            !mine.is_empty() && mine.len() < 31,
            "shard {spec}: {}",
            mine.len()
        );
        assert!(mine.is_disjoint(&seen), "shard {spec} overlaps");
        seen.extend(mine);
        // the share is the report_id rule
        for r in read_csv(&s.join("reports.csv")) {
            let v = u64::from_str_radix(&r["report_id"], 16).unwrap();
            assert_eq!(v % 3, k as u64, "{}", r["path"]);
        }
    }
    assert_eq!(seen, all, "the shards cover every input");

    for order in [[0, 1, 2], [2, 0, 1]] {
        let merged = dir.path().join(format!("merged-{}", order[0]));
        let o = run(&[
            &"merge",
            &shards[order[0]],
            &shards[order[1]],
            &shards[order[2]],
            &"--out",
            &merged,
            &"--format",
            &"both",
        ]);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let says = format!("{} reports", all.len());
        assert!(String::from_utf8_lossy(&o.stderr).contains(&says));
        assert_same_tree(&merged, &whole);
    }

    // a merged folder is itself an output folder: incremental runs and merges go on from it
    let merged = dir.path().join("merged-0");
    let o = run(&[
        &"extract",
        &corpus,
        &extra,
        &"--out",
        &merged,
        &"--format",
        &"both",
    ]);
    assert_eq!(
        extracted_and_cached(&o.stderr),
        (1, tree(&corpus).len() + 1),
        "only the unreadable file again (the copy is the same content as a corpus file)"
    );
    assert_same_tree(&merged, &whole);
}

#[test]
fn shard_and_merge_usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = repo().join("corpus").join("generated");
    for bad in ["0/3", "4/3", "3", "x/y"] {
        let o = run(&[
            &"extract",
            &corpus,
            &"--out",
            &dir.path().join("o"),
            &"--shard",
            &bad,
        ]);
        assert_eq!(o.status.code(), Some(2), "--shard {bad}");
    }
    // not an output folder
    let o = run(&[&"merge", &corpus, &"--out", &dir.path().join("m")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not an output folder"));
    // merging a folder into itself
    let out = dir.path().join("o");
    assert_eq!(extract(&[&corpus], &out, &[]), 0);
    let o = run(&[&"merge", &out, &"--out", &out]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("also an input"));
}
