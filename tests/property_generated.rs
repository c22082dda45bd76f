//! Fresh generated documents (not the committed sample), rendered by the real producers, must
//! come out as their ground truth. Runs when `python3`, Chromium and LibreOffice are installed
//! (`apt-get install chromium libreoffice-writer-nogui fonts-noto-cjk fonts-wqy-zenhei`);
//! otherwise it says so and passes. `YJS_PROPERTY_SEED` / `YJS_PROPERTY_COUNT` pick the reports.

mod common;

use common::*;
use std::process::Command;

fn have(bin: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {bin}"))
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Whether the generator's producers are installed (the test says so where they are not).
fn producers_installed() -> bool {
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .any(|b| have(b));
    if !(have("python3") && chromium && have("soffice")) {
        eprintln!("SKIPPED: python3, chromium and soffice are needed to generate fresh documents");
        return false;
    }
    true
}

/// Generates the reports `selection` names (generator arguments) and reads them: the score of each
/// rendering, the output facts and the ground truth of every report.
fn generate_and_read(seed: &str, selection: &[&str]) -> (Score, Vec<Row>, Vec<Row>) {
    let dir = tempfile::tempdir().unwrap();
    let (docs, golden, out) = (
        dir.path().join("docs"),
        dir.path().join("golden"),
        dir.path().join("out"),
    );
    let st = Command::new("python3")
        .arg(repo().join("scripts").join("gen_corpus.py"))
        .args(["--seed", seed])
        .args(selection)
        .args(["--jobs", "2", "--out"])
        .arg(&docs)
        .arg("--golden-out")
        .arg(&golden)
        .output()
        .expect("run the generator");
    assert!(
        st.status.success(),
        "generator failed: {}",
        String::from_utf8_lossy(&st.stderr)
    );
    assert_eq!(extract(&[&docs], &out, &[]), 0);
    let reports = read_csv(&out.join("reports.csv"));
    let facts = read_csv(&out.join("facts.csv"));
    let mut total = Score::default();
    let mut truth = Vec::new();
    for r in &reports {
        let file = file_name(r);
        let stem = file.split('.').next().unwrap();
        let g = read_csv(&golden.join(format!("{stem}.facts.csv")));
        let o = of_report(&facts, r);
        let s = score(&g, &o);
        println!(
            "{file:<28} recall {}/{} precision {}/{}",
            s.matched_golden, s.golden, s.matched_all_out, s.all_out
        );
        total.add(&s);
        truth.extend(g);
    }
    (total, facts, truth)
}

#[test]
fn fresh_generated_reports_match_their_ground_truth() {
    if !producers_installed() {
        return;
    }
    let seed = std::env::var("YJS_PROPERTY_SEED").unwrap_or_else(|_| "3".into());
    let count = std::env::var("YJS_PROPERTY_COUNT").unwrap_or_else(|_| "4".into());
    let (total, _, _) = generate_and_read(&seed, &["--count", &count]);
    println!(
        "seed {seed}, {count} reports: recall {:.4} precision {:.4}",
        total.recall(),
        total.strict_precision()
    );
    assert!(total.recall() >= 0.99, "recall {:.4}", total.recall());
    assert!(
        total.strict_precision() >= 0.99,
        "precision {:.4}",
        total.strict_precision()
    );
}

/// The 绩效目标表 as one form a project (`项目名称 | …`, the money under `资金金额（万元）` or
/// `项目资金（元）` with no unit line, one period or the project's beside the year's, indicators
/// under their own header): seed 7's reports 32 (two periods, in 元 in a 万元 report) and 71 (one
/// period, 万元), in every rendering, give their facts exactly.
#[test]
fn fresh_performance_forms_match_their_ground_truth() {
    if !producers_installed() {
        return;
    }
    let (total, facts, truth) = generate_and_read("7", &["--indices", "32,71"]);
    let perf = |rows: &[Row]| rows.iter().filter(|f| f["table"] == "performance").count();
    assert!(perf(&truth) > 0, "the reports print their forms");
    assert_eq!(perf(&facts), perf(&truth));
    // report 32's forms are in 元 (`项目资金（元）`), its other tables in 万元
    let units: std::collections::BTreeSet<&str> = facts
        .iter()
        .filter(|f| f["table"] == "performance")
        .map(|f| f["unit"].as_str())
        .collect();
    assert_eq!(units, ["万元", "元"].into_iter().collect());
    assert!(
        facts
            .iter()
            .any(|f| f["table"] == "performance" && f["column"] == "annual_carryover"),
        "the two-period form's year parts"
    );
    assert_eq!(total.recall(), 1.0, "recall {:.4}", total.recall());
    assert_eq!(
        total.strict_precision(),
        1.0,
        "precision {:.4}",
        total.strict_precision()
    );
}
