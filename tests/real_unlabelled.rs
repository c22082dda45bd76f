//! Quality gates on the real reports of other templates (`YJS_REAL_UNLABELLED`, set by `.ci/run`
//! to `../shared/real-unlabelled`): every report is read, and the reports with hand-verified
//! golden facts (`golden/<name>.facts.csv`) reach recall ≥ 99 % and precision ≥ 99.5 % on the
//! table-column pairs their golden holds. Skipped, with a message, when the variable is unset.

mod common;

use common::*;
use std::collections::HashSet;
use std::path::PathBuf;

fn unlabelled() -> Option<PathBuf> {
    match std::env::var_os("YJS_REAL_UNLABELLED") {
        Some(p) if PathBuf::from(&p).is_dir() => Some(PathBuf::from(p)),
        _ => {
            eprintln!(
                "SKIPPED: YJS_REAL_UNLABELLED is not set (or not a folder); gates on the real \
                 reports of other templates not run"
            );
            None
        }
    }
}

#[test]
fn golden_reports_of_other_templates_recall_and_precision() {
    let Some(docs) = unlabelled() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert_eq!(extract(&[&docs], &out, &["--jobs", "2"]), 0);
    let reports = read_csv(&out.join("reports.csv"));
    let facts = read_csv(&out.join("facts.csv"));
    assert!(
        reports.iter().all(|r| r["status"] != "failed"),
        "every report is read"
    );
    let mut scored = 0;
    for r in &reports {
        let stem = file_name(r).trim_end_matches(".pdf").to_string();
        let gpath = docs.join("golden").join(format!("{stem}.facts.csv"));
        if !gpath.exists() {
            continue;
        }
        scored += 1;
        let golden = read_csv(&gpath);
        // judged on the table-column pairs the golden holds
        let pairs: HashSet<(String, String)> = golden
            .iter()
            .map(|g| (g["table"].clone(), g["column"].clone()))
            .collect();
        let out: Vec<Row> = of_report(&facts, r)
            .into_iter()
            .filter(|f| pairs.contains(&(f["table"].clone(), f["column"].clone())))
            .collect();
        let s = score(&golden, &out);
        println!(
            "{stem}: recall {}/{} = {:.4}, precision {}/{} = {:.4}",
            s.matched_golden,
            s.golden,
            s.recall(),
            s.matched_considered,
            s.considered,
            s.precision()
        );
        assert!(s.recall() >= 0.99, "{stem}: recall {:.4}", s.recall());
        assert!(
            s.precision() >= 0.995,
            "{stem}: precision {:.4}",
            s.precision()
        );
    }
    assert!(scored >= 1, "no golden report scored in {}", docs.display());
}

/// The metadata of every report of the folder, read from the reports by hand: the department
/// as printed (without a `（本级）` / `（汇总）` scope), empty where the report prints none.
#[test]
fn metadata_of_reports_of_other_templates() {
    let Some(docs) = unlabelled() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert_eq!(extract(&[&docs], &out, &["--jobs", "2"]), 0);
    let reports = read_csv(&out.join("reports.csv"));
    let budget = |file: &'static str, dept: &'static str, year: &'static str| {
        (file, dept, year, "budget", "department")
    };
    let expected = [
        budget(
            "万里街道办事处-2023-部门预算.pdf",
            "上海市普陀区人民政府万里街道办事处",
            "2023",
        ),
        (
            "上海市财务会计综合管理事务中心-2026-单位预算.pdf",
            "上海市财务会计综合管理事务中心（上海市财政科学研究所）",
            "2026",
            "budget",
            "unit",
        ),
        budget(
            "中共江苏省委办公厅-2017-部门预算-公开表.pdf",
            "中国共产党江苏省委员会办公厅",
            "2017",
        ),
        budget(
            "北京市审计局-2026-部门预算-情况说明.pdf",
            "北京市审计局",
            "2026",
        ),
        budget(
            "北京市审计局-2026-部门预算-报表.pdf",
            "北京市审计局",
            "2026",
        ),
        budget("广州市商务局-2026-部门预算.pdf", "广州市商务局", "2026"),
        budget("无锡市统计局-2026-部门预算.pdf", "无锡市统计局", "2026"),
        budget(
            "江苏省人民检察院-2017-部门预算.pdf",
            "江苏省人民检察院",
            "2017",
        ),
        budget(
            "江苏省政协办公厅-2018-部门预算-公开表.pdf",
            "江苏省政协办公厅",
            "2018",
        ),
        // the narrative attachment's cover is an image and no line labels the name: its
        // 情况说明 opens its paragraphs with it
        budget(
            "江苏省政协办公厅-2019-部门预算.pdf",
            "江苏省政协办公厅",
            "2019",
        ),
        budget("深圳市财政局-2026-部门预算.pdf", "深圳市财政局", "2026"),
        budget("烟台市审计局-2026-部门预算.pdf", "烟台市审计局", "2026"),
        budget("苏州市审计局-2026-部门预算.pdf", "苏州市审计局", "2026"),
        (
            "西南大学-2023-部门决算.pdf",
            "西南大学",
            "2023",
            "final",
            "department",
        ),
        budget("西南大学-2023-部门预算.pdf", "西南大学", "2023"),
        budget("西安市财政局-2026-部门预算.pdf", "西安市财政局", "2026"),
        budget("长沙市公安局-2025-部门预算.pdf", "长沙市公安局", "2025"),
    ];
    let mut checked = 0;
    for (file, dept, year, kind, scope) in expected {
        let Some(r) = reports.iter().find(|r| file_name(r) == file) else {
            continue;
        };
        checked += 1;
        let got = (
            r["department"].as_str(),
            r["year"].as_str(),
            r["kind"].as_str(),
            r["scope"].as_str(),
        );
        assert_eq!(got, (dept, year, kind, scope), "{file}");
    }
    assert!(
        checked >= 1,
        "none of the known reports in {}",
        docs.display()
    );
}

/// 西安's 部门综合预算收支总表 prints its expenditure in three classifications side by side
/// (支出功能分类 | 部门预算支出经济分类 | 政府预算支出经济分类, checked by hand on its page 25):
/// each amount is under its own classification's row, not the functional row beside it, and
/// the three 本年支出合计 are not summed as one side.
#[test]
fn a_side_printed_in_three_classifications_keeps_each_rows_label() {
    let Some(docs) = unlabelled() else { return };
    let file = docs.join("西安市财政局-2026-部门预算.pdf");
    if !file.exists() {
        eprintln!("SKIPPED: {} is not in the folder", file.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert_eq!(extract(&[&file], &out, &[]), 0);
    let facts = read_csv(&out.join("facts.csv"));
    let row_of = |value: &str| -> Vec<String> {
        facts
            .iter()
            .filter(|f| f["table"] == "summary" && f["side"] == "expenditure")
            .filter(|f| f["value"] == value)
            .map(|f| f["row_name"].clone())
            .collect()
    };
    assert_eq!(row_of("79108250.17"), ["人员经费和公用经费支出"]);
    assert_eq!(row_of("59775528.93"), ["机关工资福利支出"]);
    assert_eq!(row_of("103518755.35"), ["一般公共服务支出"]);
    let checks = read_csv(&out.join("checks.csv"));
    assert!(
        !checks
            .iter()
            .any(|c| c["rule"] == "sum.total" && c["severity"] == "error"),
        "no 本年支出合计 summed over three classifications"
    );
}

/// Every `error` reported on the 17 reports, each inspected against the PDF and found to be a
/// genuine inconsistency of the report (file, rule, the value found):
/// - 万里街道 2023: two year-over-year rates (314.82 %, 60.54 %) its own amounts contradict;
/// - 江苏省人民检察院 2017: `基本支出预算数为12323.46万元` where its tables and its own later
///   sentence say 12,323.48; its 机关运行经费 rate 129.97 % where 3,401.59 on 2,630.96 is 129.29 %;
/// - 西南大学 2023 预算: 普通教育's 项 sum 520,603.41, the 款 row says 520,603.91.
///
/// 烟台 2026's `比上年1.43万元，增加0.68%` left out its 增加: 1.43 is the change (210.32 over
/// 208.89 is +0.68 %), so its numbers agree; it is a warning on the wording, not an error.
///
/// A new error is either a new genuine one (add it here after reading the report) or a false
/// alarm to fix; a lost one is a finding no longer reported.
#[test]
fn error_findings_are_the_inspected_genuine_ones() {
    let Some(docs) = unlabelled() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert_eq!(extract(&[&docs], &out, &["--jobs", "2"]), 0);
    let reports = read_csv(&out.join("reports.csv"));
    let file_of = |id: &str| {
        reports
            .iter()
            .find(|r| r["report_id"] == id)
            .map(file_name)
            .unwrap_or_default()
    };
    let mut errors: Vec<(String, String, String)> = read_csv(&out.join("checks.csv"))
        .iter()
        .filter(|c| c["severity"] == "error")
        .map(|c| {
            (
                file_of(&c["report_id"]),
                c["rule"].clone(),
                c["found"].clone(),
            )
        })
        .collect();
    errors.sort();
    let want: Vec<(String, String, String)> = [
        (
            "万里街道办事处-2023-部门预算.pdf",
            "narrative.percent",
            "+314.82%",
        ),
        (
            "万里街道办事处-2023-部门预算.pdf",
            "narrative.percent",
            "+60.54%",
        ),
        (
            "江苏省人民检察院-2017-部门预算.pdf",
            "narrative.percent",
            "+129.97%",
        ),
        (
            "江苏省人民检察院-2017-部门预算.pdf",
            "narrative.table_mismatch",
            "12323.46",
        ),
        ("西南大学-2023-部门预算.pdf", "sum.children", "520603.91"),
    ]
    .iter()
    .map(|(f, r, v)| (f.to_string(), r.to_string(), v.to_string()))
    .collect();
    // only the reports in the folder (a partial copy of the set judges what it holds)
    let present: Vec<_> = want
        .into_iter()
        .filter(|(f, _, _)| docs.join(f).exists())
        .collect();
    assert_eq!(errors, present);
    let yantai = "烟台市审计局-2026-部门预算.pdf";
    if docs.join(yantai).exists() {
        let wording: Vec<_> = read_csv(&out.join("checks.csv"))
            .into_iter()
            .filter(|c| file_of(&c["report_id"]) == yantai && c["found"] == "+0.68%")
            .map(|c| (c["rule"].clone(), c["severity"].clone()))
            .collect();
        assert_eq!(
            wording,
            [("narrative.percent".to_string(), "warning".to_string())]
        );
    }
}
