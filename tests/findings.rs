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
        let name = PathBuf::from(&r["path"])
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let gpath = real
            .join("golden")
            .join(format!("{}.checks.csv", name.trim_end_matches(".pdf")));
        if !gpath.exists() {
            continue;
        }
        let golden = read_csv(&gpath);
        let out: Vec<Row> = checks
            .iter()
            .filter(|c| c["report_id"] == r["report_id"])
            .cloned()
            .collect();
        let mut used = vec![false; out.len()];
        for g in &golden {
            all_gold += 1;
            // narrative and text findings are measured separately
            let narrative =
                g["table"].trim() == "narrative" || g["description"].starts_with("text.");
            if !narrative {
                table_gold += 1;
            }
            if let Some(i) = (0..out.len()).find(|&i| !used[i] && finding_matches(g, &out[i])) {
                used[i] = true;
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
