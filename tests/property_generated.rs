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

#[test]
fn fresh_generated_reports_match_their_ground_truth() {
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .any(|b| have(b));
    if !(have("python3") && chromium && have("soffice")) {
        eprintln!("SKIPPED: python3, chromium and soffice are needed to generate fresh documents");
        return;
    }
    let seed = std::env::var("YJS_PROPERTY_SEED").unwrap_or_else(|_| "3".into());
    let count = std::env::var("YJS_PROPERTY_COUNT").unwrap_or_else(|_| "4".into());
    let dir = tempfile::tempdir().unwrap();
    let (docs, golden, out) = (
        dir.path().join("docs"),
        dir.path().join("golden"),
        dir.path().join("out"),
    );
    let st = Command::new("python3")
        .arg(repo().join("scripts").join("gen_corpus.py"))
        .args(["--seed", &seed, "--count", &count, "--jobs", "2", "--out"])
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
    }
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
