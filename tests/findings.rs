//! Findings on the real reports (`YJS_REAL_CORPUS`): every table-level inconsistency listed in the
//! golden `*.checks.csv` is reported, and no `error` is reported that the golden does not list.

mod common;

use common::*;
use std::path::PathBuf;

#[test]
fn real_reports_table_findings() {
    let Some(real) = std::env::var_os("YJS_REAL_CORPUS")
        .map(PathBuf::from)
        .filter(|p| p.is_dir())
    else {
        eprintln!("SKIPPED: YJS_REAL_CORPUS is not set; findings gates not run");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let changsha = repo()
        .join("corpus")
        .join("长沙市大数据中心-2023-部门决算.pdf");
    extract(&[&real, &changsha], &out, &[]);
    let reports = read_csv(&out.join("reports.csv"));
    let checks = read_csv(&out.join("checks.csv"));
    let (mut table_gold, mut table_hit, mut all_gold, mut all_hit, mut errors, mut false_errors) =
        (0, 0, 0, 0, 0, 0);
    for r in reports.iter().filter(|r| r["format"] == "pdf") {
        let name = file_name(r);
        let gpath = real
            .join("golden")
            .join(format!("{}.checks.csv", name.trim_end_matches(".pdf")));
        if !gpath.exists() {
            continue;
        }
        let golden = read_csv(&gpath);
        let out = of_report(&checks, r);
        let pairs = match_findings(&golden, &out);
        let used: Vec<bool> = (0..out.len()).map(|i| pairs.contains(&Some(i))).collect();
        for (g, hit) in golden.iter().zip(&pairs) {
            all_gold += 1;
            // narrative and text findings are measured separately
            let narrative =
                g["table"].trim() == "narrative" || g["description"].starts_with("text.");
            if !narrative {
                table_gold += 1;
            }
            if hit.is_some() {
                all_hit += 1;
                if !narrative {
                    table_hit += 1;
                }
            } else if !narrative {
                println!(
                    "MISSED {name}: {} | {} | {} | {} -> {}",
                    g["table"], g["row"], g["column"], g["expected"], g["found"]
                );
            }
        }
        for (i, o) in out.iter().enumerate() {
            if o["severity"] == "error" && o["rule"] != "table.missing" {
                errors += 1;
                if !used[i] {
                    false_errors += 1;
                    println!(
                        "UNLISTED ERROR {name}: {} {} {} {} -> {}: {}",
                        o["rule"], o["table"], o["row"], o["expected"], o["found"], o["message"]
                    );
                }
            }
        }
    }
    println!("findings: table-level {table_hit}/{table_gold}, all {all_hit}/{all_gold}; errors reported {errors}, not in golden {false_errors}");
    assert_eq!(
        table_hit, table_gold,
        "every table-level golden finding is reported"
    );
    assert_eq!(false_errors, 0, "no error the golden does not list");
    // narrative and text findings: the level reached (29 of 29), as a floor
    assert!(all_hit >= 29, "findings {all_hit}/{all_gold}");
}

#[test]
fn golden_findings_pair_one_to_one() {
    fn row(pairs: &[(&str, &str)]) -> Row {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    let g = row(&[("table", "expenditure"), ("expected", "10"), ("found", "")]);
    let o = row(&[
        ("table", "expenditure"),
        ("rule", "sum.row"),
        ("expected", "10.00"),
        ("found", "9.00"),
    ]);
    let other = row(&[
        ("table", "income"),
        ("rule", "sum.row"),
        ("expected", "10.00"),
        ("found", "9.00"),
    ]);
    let m = match_findings(&[g.clone(), g], &[other, o]);
    assert_eq!(m, vec![Some(1), None]);
}
