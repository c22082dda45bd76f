//! Command-line behaviour: usage errors exit 2, help names the outputs, reruns are stable.

mod common;

use common::*;
use std::process::Command;

#[test]
fn usage_errors_exit_2() {
    let bin = env!("CARGO_BIN_EXE_yjs");
    let o = Command::new(bin).args(["extract"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = Command::new(bin)
        .args(["extract", "/nonexistent/path.pdf", "--out", "/tmp/x"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("input not found"));
    let o = Command::new(bin).args(["frobnicate"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn help_describes_the_outputs() {
    let o = Command::new(env!("CARGO_BIN_EXE_yjs"))
        .args(["extract", "--help"])
        .output()
        .unwrap();
    let h = String::from_utf8_lossy(&o.stdout);
    for w in ["facts.csv", "reports.csv", "--jobs", "--out"] {
        assert!(h.contains(w), "help mentions {w}");
    }
}

#[test]
fn output_is_identical_across_runs_and_thread_counts() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = repo()
        .join("corpus")
        .join("长沙市大数据中心-2023-部门决算.pdf");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert_eq!(extract(&[&pdf, &pdf], &a, &["--jobs", "1"]), 0);
    assert_eq!(extract(&[&pdf], &b, &["--jobs", "2"]), 0);
    for f in ["facts.csv", "checks.csv", "tables/summary.csv"] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
    // no temporary files are left behind
    let leftovers: Vec<_> = std::fs::read_dir(&a)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn every_rule_is_documented_in_the_readme() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for r in yjs_analyze::checks::RULES {
        assert!(
            readme.contains(&format!("`{}`", r.id)),
            "README lacks rule {}",
            r.id
        );
    }
}
