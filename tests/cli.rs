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

/// The sample PDF every quick run here converts.
fn sample_pdf() -> std::path::PathBuf {
    repo()
        .join("corpus")
        .join("长沙市大数据中心-2023-部门决算.pdf")
}

/// Runs `yjs ARGS...` with its stdout and stderr pipes closed at their reading end from the
/// start, as `yjs … 2>&1 | head -1` leaves them once `head` is done: the exit status.
fn status_with_closed_pipes(args: &[&std::ffi::OsStr]) -> Option<i32> {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_yjs"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    drop(child.stderr.take());
    child.wait().unwrap().code()
}

#[test]
fn a_closed_stdout_or_stderr_ends_the_run_quietly_with_its_own_status() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = sample_pdf();
    let out = dir.path().join("out");
    let args = [
        "extract".as_ref(),
        pdf.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    // the summary goes to a closed stderr: no panic (101), the run's own status
    assert_eq!(status_with_closed_pipes(&args), Some(0));
    assert!(out.join("facts.csv").is_file());
    // a failed input: its `failed:` line and the summary are dropped, the status is still 1
    let empty = dir.path().join("empty.pdf");
    std::fs::write(&empty, b"").unwrap();
    let args = [
        "extract".as_ref(),
        pdf.as_os_str(),
        empty.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    assert_eq!(status_with_closed_pipes(&args), Some(1));
    // an error message to a closed stderr: still 2
    let nothing = dir.path().join("nothing");
    std::fs::create_dir(&nothing).unwrap();
    let args = [
        "extract".as_ref(),
        nothing.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ];
    assert_eq!(status_with_closed_pipes(&args), Some(2));
    // help on a closed stdout
    for cmd in [
        &["--help"][..],
        &["extract", "--help"],
        &["merge", "--help"],
    ] {
        let args: Vec<&std::ffi::OsStr> = cmd.iter().map(|a| a.as_ref()).collect();
        assert_eq!(status_with_closed_pipes(&args), Some(0), "{cmd:?}");
    }
}

#[test]
fn a_folder_without_reports_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    std::fs::write(input.join("notes.txt"), b"not a report").unwrap();
    std::fs::write(input.join("sub").join("table.csv"), b"a,b\n").unwrap();
    let out = dir.path().join("out");
    let o = yjs(&[
        "extract".as_ref(),
        input.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!("no reports found under {}", input.display())),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!out.exists(), "no output folder is made for nothing");
}

/// Runs `yjs ARGS...`: asserts exit status 2 and one line on stderr, and returns it.
fn usage_error(args: &[&std::ffi::OsStr]) -> String {
    let o = yjs(args);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    err.trim_end().to_string()
}

#[test]
fn an_out_that_is_a_file_or_cannot_be_written_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = sample_pdf();
    let file = dir.path().join("file");
    std::fs::write(&file, b"x").unwrap();
    let is_a_file = format!("yjs: --out {} is a file, not a directory", file.display());
    let extract = |out: &std::path::Path| {
        usage_error(&[
            "extract".as_ref(),
            pdf.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ])
    };
    assert_eq!(extract(&file), is_a_file);
    let merged = dir.path().join("merged");
    let merge = |out: &std::path::Path| {
        usage_error(&[
            "merge".as_ref(),
            merged.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ])
    };
    assert_eq!(merge(&file), is_a_file);
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
    // a folder that cannot be made: named once, with the system's reason
    let under_file = file.join("out");
    for err in [extract(&under_file), merge(&under_file)] {
        let expected = format!(
            "yjs: cannot create the output folder {}: ",
            under_file.display()
        );
        assert!(err.starts_with(&expected), "{err}");
        assert_eq!(
            err.matches(&*under_file.to_string_lossy()).count(),
            1,
            "{err}"
        );
    }
    // a folder that exists but cannot be written in (`/proc/self`: not even by root)
    let proc_self = std::path::Path::new("/proc/self");
    if proc_self.is_dir() {
        let err = extract(proc_self);
        assert!(
            err.starts_with("yjs: cannot write in the output folder /proc/self: "),
            "{err}"
        );
    }
    // a read-only folder (root writes in it all the same)
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    let mut perm = std::fs::metadata(&ro).unwrap().permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(&ro, perm).unwrap();
    if std::fs::write(ro.join("probe"), b"").is_err() {
        let out = ro.join("out");
        let err = extract(&out);
        let expected = format!("yjs: cannot create the output folder {}: ", out.display());
        assert!(err.starts_with(&expected), "{err}");
    }
}

#[test]
fn the_summary_gives_the_time_taken() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = sample_pdf();
    let out = dir.path().join("out");
    let all = dir.path().join("all");
    for args in [
        [
            "extract".as_ref(),
            pdf.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ],
        [
            "merge".as_ref(),
            out.as_os_str(),
            "--out".as_ref(),
            all.as_os_str(),
        ],
    ] {
        let o = yjs(&args);
        assert_eq!(o.status.code(), Some(0));
        let err = String::from_utf8_lossy(&o.stderr);
        let line = err
            .lines()
            .find(|l| l.starts_with("1 reports: "))
            .unwrap_or_else(|| panic!("no summary in {err}"));
        // `… 351 facts → OUT in 0.4 s`
        let (_, time) = line.rsplit_once(" in ").unwrap_or_else(|| panic!("{line}"));
        let secs = time.strip_suffix(" s").unwrap_or_else(|| panic!("{line}"));
        assert!(
            secs.parse::<f64>().is_ok_and(|s| s >= 0.0) && secs.contains('.'),
            "{line}"
        );
    }
}

#[test]
fn help_gives_examples() {
    let cases: [(&[&str], &[&str]); 5] = [
        (
            &["--help"],
            &[
                "yjs extract reports/ --out out",
                "yjs extract a.pdf b.docx -o out --format both",
                "yjs merge out1 out2 --out all",
            ],
        ),
        (
            &["extract", "--help"],
            &[
                "yjs extract reports/ --out out",
                "yjs extract a.pdf b.docx -o out --format both",
            ],
        ),
        (&["extract", "-h"], &["yjs extract reports/ --out out"]),
        (&["merge", "--help"], &["yjs merge out1 out2 --out all"]),
        (&["view", "--help"], &["yjs view out"]),
    ];
    for (args, examples) in cases {
        let o = yjs(args);
        assert_eq!(o.status.code(), Some(0));
        let h = String::from_utf8_lossy(&o.stdout);
        assert!(h.contains("Examples:"), "{args:?}: {h}");
        for e in examples {
            assert!(h.contains(e), "{args:?} lacks {e}: {h}");
        }
    }
}
