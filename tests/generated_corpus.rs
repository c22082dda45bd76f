//! The generated sample (`corpus/generated`, ground truth in `golden/generated`, made by
//! `scripts/gen_corpus.py`): every report (决算 and 预算) in every rendering — DOCX, HTML → Chromium
//! PDF, DOCX → LibreOffice PDF, XLSX — against its ground truth: facts, metadata, injected faults,
//! and no `error` on a report without injected faults.
//!
//! An XLSX rendering has the same facts; its findings are `<id>.xlsx.checks.csv` where that file
//! exists (a workbook without the narrative sheet cannot show the text faults nor the 目录 that
//! `table.missing` refers to). Such a workbook has no cover either: the scope (部门 / 单位) is then
//! printed only where a table title names it (上海's `…预算单位…` titles), not in 长沙's titles. A
//! metadata field the rendering does not carry may be `unknown`; any value given must be right.

mod common;

use common::*;
use std::collections::BTreeMap;

struct Rendering {
    file: String,
    kind: String,
    style: String,
    score: Score,
    findings_missed: Vec<String>,
    false_errors: Vec<String>,
    meta_ok: Result<(), String>,
}

fn run() -> Vec<Rendering> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let input = repo().join("corpus").join("generated");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&input)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.to_string_lossy();
            n.ends_with(".docx") || n.ends_with(".pdf") || n.ends_with(".xlsx")
        })
        .collect();
    files.sort();
    let inputs: Vec<&std::path::Path> = files.iter().map(|p| p.as_path()).collect();
    let code = extract(&inputs, &out, &["--jobs", "2"]);
    assert_eq!(code, 0);
    let reports = read_csv(&out.join("reports.csv"));
    let facts = read_csv(&out.join("facts.csv"));
    let checks = read_csv(&out.join("checks.csv"));
    let gdir = repo().join("golden").join("generated");
    let mut v = Vec::new();
    for r in &reports {
        let file = file_name(r);
        let stem = file.split('.').next().unwrap().to_string();
        let golden = read_csv(&gdir.join(format!("{stem}.facts.csv")));
        let own = gdir.join(format!("{file}.checks.csv"));
        let gchecks = read_csv(&if own.exists() {
            own
        } else {
            gdir.join(format!("{stem}.checks.csv"))
        });
        let meta: serde_json::Value =
            serde_json::from_slice(&std::fs::read(gdir.join(format!("{stem}.meta.json"))).unwrap())
                .unwrap();
        let out_facts = of_report(&facts, r);
        let out_checks = of_report(&checks, r);
        let missed: Vec<String> = gchecks
            .iter()
            .zip(match_findings(&gchecks, &out_checks))
            .filter(|(_, hit)| hit.is_none())
            .map(|(g, _)| {
                format!(
                    "{} {} {} -> {}",
                    g["table"], g["column"], g["expected"], g["found"]
                )
            })
            .collect();
        let false_errors = if gchecks.is_empty() {
            out_checks
                .iter()
                .filter(|c| c["severity"] == "error")
                .map(|c| {
                    format!(
                        "{} {} {} -> {}",
                        c["rule"], c["row"], c["expected"], c["found"]
                    )
                })
                .collect()
        } else {
            Vec::new()
        };
        // a workbook without its narrative sheet has no cover: the scope may be unknown
        let coverless = file.ends_with(".xlsx") && meta["xlsx"]["narrative"] == false;
        let want = (
            meta["department"].as_str().unwrap_or("").to_string(),
            meta["year"].to_string(),
            meta["kind"].as_str().unwrap_or("").to_string(),
            if coverless && r["scope"] == "unknown" {
                "unknown".to_string()
            } else {
                meta["scope"].as_str().unwrap_or("").to_string()
            },
            meta["unit"].as_str().unwrap_or("").to_string(),
        );
        let got = (
            r["department"].clone(),
            r["year"].clone(),
            r["kind"].clone(),
            r["scope"].clone(),
            r["unit"].clone(),
        );
        let style = meta["variations"]
            .as_array()
            .and_then(|a| {
                a.iter()
                    .filter_map(|x| x.as_str())
                    .find(|x| x.starts_with("style_"))
            })
            .unwrap_or("style_ruled")
            .to_string();
        // a workbook has no table style: its options instead
        let style = if file.ends_with(".xlsx") {
            let x = &meta["xlsx"];
            format!(
                "{}/{}{}",
                x["numbers"].as_str().unwrap_or(""),
                x["sheets"].as_str().unwrap_or(""),
                if coverless { "/no text" } else { "" }
            )
        } else {
            style
        };
        v.push(Rendering {
            file,
            kind: meta["kind"].as_str().unwrap_or("").to_string(),
            style,
            score: score(&golden, &out_facts),
            findings_missed: missed,
            false_errors,
            meta_ok: if want == got {
                Ok(())
            } else {
                Err(format!("{got:?} != {want:?}"))
            },
        });
    }
    v
}

#[test]
fn generated_sample_against_ground_truth() {
    let rs = run();
    assert_eq!(rs.len(), 48, "12 reports (8 决算, 4 预算) × 4 renderings");
    let mut by_kind: BTreeMap<&str, Score> = BTreeMap::new();
    let mut by_report_kind: BTreeMap<String, Score> = BTreeMap::new();
    for r in &rs {
        let s = &r.score;
        println!(
            "{:<26} {:<24} recall {}/{}  precision {}/{}  findings missed {}  false errors {}  meta {}",
            r.file,
            r.style,
            s.matched_golden,
            s.golden,
            s.matched_all_out,
            s.all_out,
            r.findings_missed.len(),
            r.false_errors.len(),
            match &r.meta_ok { Ok(()) => "ok".to_string(), Err(e) => format!("WRONG {e}") }
        );
        for m in &r.findings_missed {
            println!("    missed finding: {m}");
        }
        for m in &r.false_errors {
            println!("    error on a clean report: {m}");
        }
        let kind = if r.file.ends_with(".docx") {
            "docx"
        } else if r.file.ends_with(".xlsx") {
            "xlsx"
        } else if r.style == "style_ruled" {
            "pdf ruled"
        } else {
            "pdf without rulings"
        };
        by_kind.entry(kind).or_default().add(s);
        by_report_kind
            .entry(format!("{} {kind}", r.kind))
            .or_default()
            .add(s);
    }
    for (k, s) in &by_report_kind {
        println!(
            "{k:<28} recall {:.4}  precision {:.4}",
            s.recall(),
            s.strict_precision()
        );
    }
    for (k, s) in &by_kind {
        println!(
            "{k:<20} recall {:.4}  precision {:.4}",
            s.recall(),
            s.strict_precision()
        );
    }
    // metadata right on every rendering
    for r in &rs {
        assert!(r.meta_ok.is_ok(), "{}: {:?}", r.file, r.meta_ok);
    }
    // every rendering — DOCX, XLSX, PDFs with and without rulings: every fact, every injected
    // fault, no error on a clean report
    for r in &rs {
        assert_eq!(
            (r.score.matched_golden, r.score.matched_all_out),
            (r.score.golden, r.score.all_out),
            "{}",
            r.file
        );
        assert!(
            r.findings_missed.is_empty(),
            "{}: {:?}",
            r.file,
            r.findings_missed
        );
        assert!(
            r.false_errors.is_empty(),
            "{}: {:?}",
            r.file,
            r.false_errors
        );
    }
}
