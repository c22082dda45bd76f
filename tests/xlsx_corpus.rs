//! XLSX end to end: the 长沙 report's nine tables as a workbook (`corpus/…xlsx`, made by
//! `scripts/render_seed_xlsx.py`: one sheet per table, one sheet with two tables, numbers stored
//! as numbers and as text, a hidden draft sheet) must give the DOCX rendering's facts; the real
//! review-checklist workbook under `YJS_REAL_CORPUS` is `partial` with no fact.

mod common;

use common::*;

fn key(r: &Row) -> Vec<String> {
    [
        "table", "side", "row_code", "row_name", "column", "value", "unit",
    ]
    .iter()
    .map(|k| r[*k].clone())
    .collect()
}

#[test]
fn changsha_xlsx_gives_the_docx_facts() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("xlsx"), dir.path().join("docx"));
    let xlsx = repo()
        .join("corpus")
        .join("长沙市大数据中心-2023-部门决算.xlsx");
    let docx = repo()
        .join("corpus")
        .join("长沙市大数据中心-2023-部门决算.docx");
    assert_eq!(extract(&[&xlsx], &a, &[]), 0);
    assert_eq!(extract(&[&docx], &b, &[]), 0);
    let xf = read_csv(&a.join("facts.csv"));
    let mut fa: Vec<_> = xf.iter().map(key).collect();
    let mut fb: Vec<_> = read_csv(&b.join("facts.csv")).iter().map(key).collect();
    fa.sort();
    fb.sort();
    assert_eq!(fa.len(), 351);
    assert_eq!(fa, fb, "the same facts as the DOCX, apart from pages");
    // and the golden facts, every one and nothing else
    let golden = read_csv(
        &repo()
            .join("golden")
            .join("长沙市大数据中心-2023-部门决算.facts.csv"),
    );
    let s = score(&golden, &xf);
    assert_eq!((s.matched_golden, s.golden), (351, 351));
    assert_eq!((s.matched_all_out, s.all_out), (351, 351));
    // a number stored as a float with 17 digits prints as the report does
    assert!(xf.iter().any(|f| f["table"] == "general_expenditure"
        && f["row_code"] == "2010350"
        && f["column"] == "total"
        && f["value"] == "1282.33"));
    // pages are sheets: the hidden draft is sheet 1, 公开06表 sheet 7, 07 and 08 share sheet 8
    let page_of = |table: &str| -> Vec<String> {
        let mut p: Vec<String> = xf
            .iter()
            .filter(|f| f["table"] == table)
            .map(|f| f["page"].clone())
            .collect();
        p.dedup();
        p
    };
    assert_eq!(page_of("summary"), ["2"]);
    assert_eq!(page_of("general_basic"), ["7"]);
    assert_eq!(page_of("gov_fund"), ["8"]);
    assert_eq!(page_of("state_capital"), ["8"]);
    assert_eq!(page_of("three_public"), ["9"]);
    assert!(
        !xf.iter().any(|f| f["value"] == "9999.99"),
        "the hidden draft sheet is not read"
    );
    let r = &read_csv(&a.join("reports.csv"))[0];
    assert_eq!(r["format"], "xlsx");
    assert_eq!(r["status"], "ok", "{}", r["error"]);
    assert_eq!(r["department"], "长沙市大数据中心");
    assert_eq!(r["year"], "2023");
    assert_eq!(r["kind"], "final");
    assert_eq!(r["unit"], "万元");
    assert_eq!(r["pages"], "8");
    assert_eq!(r["tables"], "9");
    // the 0.01 rounding gap of 301 is found as in the other renderings
    let checks = read_csv(&a.join("checks.csv"));
    assert!(checks.iter().any(|c| c["rule"] == "sum.children"
        && c["row"].starts_with("301")
        && c["severity"] == "info"));
}

#[test]
fn damaged_workbooks_are_failed_rows_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let good = std::fs::read(
        repo()
            .join("corpus")
            .join("长沙市大数据中心-2023-部门决算.xlsx"),
    )
    .unwrap();
    std::fs::write(input.join("truncated.xlsx"), &good[..good.len() / 2]).unwrap();
    let mut flipped = good.clone();
    // inside the compressed data of xl/workbook.xml: inflating or its checksum fails
    let name = b"xl/workbook.xml";
    let local = (0..good.len() - 30)
        .find(|&i| good[i..i + 4] == *b"PK\x03\x04" && good[i + 30..].starts_with(name))
        .unwrap();
    flipped[local + 30 + name.len() + 8] ^= 0x55;
    std::fs::write(input.join("flipped.xlsx"), &flipped).unwrap();
    std::fs::write(input.join("good.xlsx"), &good).unwrap();
    let out = dir.path().join("out");
    assert_eq!(extract(&[&input], &out, &[]), 1);
    let reports = read_csv(&out.join("reports.csv"));
    assert_eq!(reports.len(), 3);
    for r in &reports {
        let name = file_name(r);
        assert_eq!(r["format"], "xlsx", "{name}");
        if name == "good.xlsx" {
            assert_eq!(r["status"], "ok");
        } else {
            assert_eq!(r["status"], "failed", "{name}");
            assert!(
                r["error"].contains("XLSX"),
                "{name}: a reason naming the format: {}",
                r["error"]
            );
        }
    }
    assert_eq!(read_csv(&out.join("facts.csv")).len(), 351);
}

#[test]
fn real_review_checklist_workbook_is_partial_without_facts() {
    let Some(real) = std::env::var_os("YJS_REAL_CORPUS")
        .map(std::path::PathBuf::from)
        .filter(|p| p.is_dir())
    else {
        eprintln!("SKIPPED: YJS_REAL_CORPUS is not set; the real workbook is not read");
        return;
    };
    let xlsx = real.join("普陀区部门预算-2026.xlsx");
    if !xlsx.exists() {
        eprintln!("SKIPPED: {} is not in YJS_REAL_CORPUS", xlsx.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert_eq!(extract(&[&xlsx], &out, &[]), 0, "partial is not a failure");
    let r = &read_csv(&out.join("reports.csv"))[0];
    assert_eq!(r["format"], "xlsx");
    assert_eq!(r["status"], "partial");
    assert_eq!(r["facts"], "0");
    assert_eq!(r["tables"], "0");
    assert!(r["error"].contains("no canonical table"), "{}", r["error"]);
    assert!(read_csv(&out.join("facts.csv")).is_empty());
    let checks = read_csv(&out.join("checks.csv"));
    let none: Vec<&Row> = checks
        .iter()
        .filter(|c| c["rule"] == "table.none")
        .collect();
    assert_eq!(none.len(), 1, "{checks:?}");
    assert!(none[0]["message"].contains("公开表"));
    // the checklist itself is kept as an unrecognised table with its title
    assert!(checks
        .iter()
        .any(|c| c["rule"] == "table.unrecognised" && c["found"].contains("检查表")));
}
