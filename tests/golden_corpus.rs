//! Golden test on the project's own corpus: the 长沙 report rendered to PDF (`corpus/`) must give
//! exactly the facts in `golden/` — every value, zeros included, and nothing else.

mod common;

use common::*;

#[test]
fn changsha_pdf_reproduces_its_golden_facts_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let pdf = repo()
        .join("corpus")
        .join("长沙市大数据中心-2023-部门决算.pdf");
    assert_eq!(extract(&[&pdf], &out, &["--jobs", "1"]), 0);
    let golden = read_csv(
        &repo()
            .join("golden")
            .join("长沙市大数据中心-2023-部门决算.facts.csv"),
    );
    let facts = read_csv(&out.join("facts.csv"));
    let s = score(&golden, &facts);
    println!(
        "长沙 golden: recall {}/{}, strict precision {}/{}",
        s.matched_golden, s.golden, s.matched_all_out, s.all_out
    );
    assert_eq!(s.matched_golden, 351);
    assert_eq!(s.golden, 351);
    assert_eq!(
        (s.matched_all_out, s.all_out),
        (351, 351),
        "no fact beyond the golden ones"
    );
    // the exact printed form survives: no float rounding, no thousands separators
    assert!(facts.iter().any(|f| f["row_code"] == "2010399"
        && f["column"] == "project"
        && f["value"] == "10893.27"));
    assert!(facts.iter().all(|f| f["unit"] == "万元"));
    // provenance: the 30307 row is on the continuation page of table 06 (page 13)
    let f = facts.iter().find(|f| f["row_code"] == "30307").unwrap();
    assert_eq!(f["page"], "13");
    let reports = read_csv(&out.join("reports.csv"));
    assert_eq!(reports[0]["department"], "长沙市大数据中心");
    assert_eq!(reports[0]["year"], "2023");
    assert_eq!(reports[0]["kind"], "final");
    assert_eq!(reports[0]["tables"], "9");
    assert_eq!(reports[0]["status"], "ok");
}

#[test]
fn changsha_wide_tables_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let pdf = repo()
        .join("corpus")
        .join("长沙市大数据中心-2023-部门决算.pdf");
    assert_eq!(extract(&[&pdf], &out, &[]), 0);
    let tp = read_csv(&out.join("tables").join("three_public.csv"));
    assert_eq!(tp.len(), 1);
    assert_eq!(tp[0]["budget_total"], "7.00");
    assert_eq!(tp[0]["actual_vehicle_operation"], "5.97");
    let ge = read_csv(&out.join("tables").join("general_expenditure.csv"));
    let row = ge.iter().find(|r| r["row_code"] == "2010350").unwrap();
    assert_eq!(
        (
            row["total"].as_str(),
            row["basic"].as_str(),
            row["project"].as_str()
        ),
        ("1282.33", "1282.33", "0.00")
    );
    let reports = read_csv(&out.join("reports.csv"));
    let json_path = out
        .join("json")
        .join(format!("{}.json", reports[0]["report_id"]));
    let j: serde_json::Value = serde_json::from_slice(&std::fs::read(json_path).unwrap()).unwrap();
    let pages = j["document"]["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 24);
    // grids carry cell boxes
    let grid = pages[6]["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["type"] == "grid")
        .unwrap();
    assert!(
        grid["cells"][0]["bbox"]["x1"].as_f64().unwrap()
            > grid["cells"][0]["bbox"]["x0"].as_f64().unwrap()
    );
    assert_eq!(j["tables"].as_array().unwrap().len(), 9);
}

/// The same report printed without rulings (whitespace-aligned) and as a 三线表 (horizontal rules
/// only): grids come from text alignment, with multi-level centred headers, wrapped labels and a
/// total label spanning two blocks. Every fact must come out exactly as from the ruled print.
#[test]
fn changsha_without_rulings_from_text_alignment() {
    let golden = read_csv(
        &repo()
            .join("golden")
            .join("长沙市大数据中心-2023-部门决算.facts.csv"),
    );
    for style in ["borderless", "three-line"] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let pdf = repo()
            .join("corpus")
            .join(format!("长沙市大数据中心-2023-部门决算-{style}.pdf"));
        assert_eq!(extract(&[&pdf], &out, &[]), 0);
        let facts = read_csv(&out.join("facts.csv"));
        let s = score(&golden, &facts);
        println!(
            "长沙 {style}: recall {}/{} = {:.3}, strict precision {}/{} = {:.3}",
            s.matched_golden,
            s.golden,
            s.recall(),
            s.matched_all_out,
            s.all_out,
            s.strict_precision()
        );
        assert!(s.recall() >= 0.97, "{style}: recall {:.3}", s.recall());
        assert!(
            s.strict_precision() >= 0.97,
            "{style}: precision {:.3}",
            s.strict_precision()
        );
        let reports = read_csv(&out.join("reports.csv"));
        assert_eq!(reports[0]["tables"], "9", "{style}: every table recognised");
    }
}

/// The 长沙 report as a Word file (the HTML rendering saved as DOCX by LibreOffice): the same facts
/// as the PDF, apart from the page numbers.
#[test]
fn changsha_docx_gives_the_pdfs_facts() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("docx"), dir.path().join("pdf"));
    let docx = repo()
        .join("corpus")
        .join("长沙市大数据中心-2023-部门决算.docx");
    let pdf = repo()
        .join("corpus")
        .join("长沙市大数据中心-2023-部门决算.pdf");
    assert_eq!(extract(&[&docx], &a, &[]), 0);
    assert_eq!(extract(&[&pdf], &b, &[]), 0);
    let key = |r: &Row| {
        [
            "table", "side", "row_code", "row_name", "column", "value", "unit",
        ]
        .iter()
        .map(|k| r[*k].clone())
        .collect::<Vec<_>>()
    };
    let mut fa: Vec<_> = read_csv(&a.join("facts.csv")).iter().map(key).collect();
    let mut fb: Vec<_> = read_csv(&b.join("facts.csv")).iter().map(key).collect();
    fa.sort();
    fb.sort();
    assert_eq!(fa.len(), 351);
    assert_eq!(fa, fb);
    let r = &read_csv(&a.join("reports.csv"))[0];
    assert_eq!(r["format"], "docx");
    assert_eq!(r["department"], "长沙市大数据中心");
    assert_eq!(r["year"], "2023");
    assert_eq!(r["tables"], "9");
}
