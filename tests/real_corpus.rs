//! Quality gates on the real published reports (`YJS_REAL_CORPUS`, set by `.ci/run` to
//! `../shared/real`): every canonical table recognised, fact recall ≥ 99 % and precision ≥ 99.5 %
//! against the hand-verified golden facts, and the metadata of every report right.
//! Skipped, with a message, when `YJS_REAL_CORPUS` is unset.

mod common;

use common::*;
use std::collections::HashSet;
use std::path::PathBuf;

fn real_corpus() -> Option<PathBuf> {
    match std::env::var_os("YJS_REAL_CORPUS") {
        Some(p) if PathBuf::from(&p).is_dir() => Some(PathBuf::from(p)),
        _ => {
            eprintln!(
                "SKIPPED: YJS_REAL_CORPUS is not set (or not a folder); real-report gates not run"
            );
            None
        }
    }
}

struct Run {
    _dir: tempfile::TempDir,
    reports: Vec<Row>,
    facts: Vec<Row>,
    golden_dir: PathBuf,
}

fn run(real: &std::path::Path) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let changsha = repo()
        .join("corpus")
        .join("长沙市大数据中心-2023-部门决算.pdf");
    let code = extract(&[real, &changsha], &out, &["--jobs", "2"]);
    // every file is read, the review-checklist workbook as `partial`: no input fails
    assert_eq!(code, 0, "exit code {code}");
    Run {
        reports: read_csv(&out.join("reports.csv")),
        facts: read_csv(&out.join("facts.csv")),
        golden_dir: real.join("golden"),
        _dir: dir,
    }
}

#[test]
fn real_reports_recall_precision_and_tables() {
    let Some(real) = real_corpus() else { return };
    let run = run(&real);
    let mut total = Score::default();
    let mut tables_expected = 0;
    let mut tables_found = 0;
    let mut scored = 0;
    for r in run.reports.iter().filter(|r| r["format"] == "pdf") {
        let name = file_name(r);
        let stem = name.trim_end_matches(".pdf");
        let gpath = run.golden_dir.join(format!("{stem}.facts.csv"));
        if !gpath.exists() {
            continue;
        }
        scored += 1;
        let golden = read_csv(&gpath);
        let out = of_report(&run.facts, r);
        let s = score(&golden, &out);
        let gt: HashSet<&str> = golden.iter().map(|g| g["table"].as_str()).collect();
        let ot: HashSet<&str> = out.iter().map(|f| f["table"].as_str()).collect();
        tables_expected += gt.len();
        tables_found += gt.intersection(&ot).count();
        println!(
            "{stem:<48} recall {}/{} = {:.4}  precision {}/{} = {:.4}  (all facts incl. zeros {}/{})",
            s.matched_golden, s.golden, s.recall(), s.matched_considered, s.considered, s.precision(),
            s.matched_all_out, s.all_out
        );
        total.add(&s);
    }
    println!(
        "overall: {scored} documents, tables {tables_found}/{tables_expected}, recall {:.4}, precision {:.4}, strict precision {:.4}",
        total.recall(),
        total.precision(),
        total.strict_precision()
    );
    assert!(
        scored >= 6,
        "expected the 5 real PDFs and the 长沙 rendering to be scored, got {scored}"
    );
    assert_eq!(
        tables_found, tables_expected,
        "every canonical table with golden facts is recognised"
    );
    assert!(
        total.recall() >= 0.99,
        "recall {:.4} below 0.99",
        total.recall()
    );
    assert!(
        total.precision() >= 0.995,
        "precision {:.4} below 0.995",
        total.precision()
    );
}

#[test]
fn real_reports_metadata() {
    let Some(real) = real_corpus() else { return };
    let run = run(&real);
    // file → (department, year, kind, scope, unit), from the golden README and the covers
    let expected = [
        (
            "中共上海市普陀区委社会工作部-2024-部门决算.pdf",
            "中共上海市普陀区委社会工作部",
            "2024",
            "final",
            "department",
            "万元",
        ),
        (
            "上海市普陀区人民政府办公室-2025-部门预算.pdf",
            "上海市普陀区人民政府办公室",
            "2025",
            "budget",
            "department",
            "元",
        ),
        (
            "上海市普陀区人民政府办公室-2025-单位预算.pdf",
            "上海市普陀区人民政府办公室",
            "2025",
            "budget",
            "unit",
            "元",
        ),
        (
            "普陀区部门预算-2026.pdf",
            "上海市普陀区司法局",
            "2026",
            "budget",
            "department",
            "元",
        ),
        (
            "上海-部门决算模板-2024.pdf",
            "上海市XX局",
            "2024",
            "final",
            "department",
            "万元",
        ),
        (
            "长沙市大数据中心-2023-部门决算.pdf",
            "长沙市大数据中心",
            "2023",
            "final",
            "department",
            "万元",
        ),
    ];
    for (file, dept, year, kind, scope, unit) in expected {
        let Some(r) = run.reports.iter().find(|r| file_name(r) == file) else {
            if real.join(file).exists() || file.starts_with("长沙") {
                panic!("{file} missing from reports.csv");
            }
            continue;
        };
        let got = (
            r["department"].as_str(),
            r["year"].as_str(),
            r["kind"].as_str(),
            r["scope"].as_str(),
            r["unit"].as_str(),
        );
        assert_eq!(got, (dept, year, kind, scope, unit), "{file}");
        assert_eq!(r["status"], "ok", "{file}: {}", r["error"]);
    }
}

#[test]
fn mixed_units_are_taken_per_table() {
    let Some(real) = real_corpus() else { return };
    let run = run(&real);
    let Some(r) = run
        .reports
        .iter()
        .find(|r| file_name(r) == "普陀区部门预算-2026.pdf")
    else {
        return;
    };
    let facts = of_report(&run.facts, r);
    let units: HashSet<(&str, &str)> = facts
        .iter()
        .map(|f| (f["table"].as_str(), f["unit"].as_str()))
        .collect();
    assert!(units.contains(&("three_public", "万元")));
    assert!(units.contains(&("income", "元")));
    assert!(!units.contains(&("three_public", "元")));
}

/// Every real PDF given a `/Rotate` its content does not expect (a quarter turn more on each
/// page, as a viewer's "rotate and save" writes it): its text then runs down the page as
/// displayed, and the page is turned back before layout. Each gave no fact before; each now
/// gives the facts and metadata of the original, value for value.
#[test]
fn real_reports_given_a_quarter_turn_read_the_same() {
    let Some(real) = real_corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (plain, turned) = (dir.path().join("plain"), dir.path().join("turned"));
    std::fs::create_dir_all(&plain).unwrap();
    std::fs::create_dir_all(&turned).unwrap();
    let mut pdfs = 0;
    for entry in std::fs::read_dir(&real).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("pdf") {
            continue;
        }
        let name = path.file_name().unwrap();
        std::fs::copy(&path, plain.join(name)).unwrap();
        let mut doc = lopdf::Document::load(&path).unwrap();
        for (_, id) in doc.get_pages() {
            let page = doc.get_object_mut(id).unwrap().as_dict_mut().unwrap();
            let rotate = page.get(b"Rotate").and_then(|r| r.as_i64()).unwrap_or(0);
            page.set("Rotate", (rotate + 90) % 360);
        }
        doc.save(turned.join(name)).unwrap();
        pdfs += 1;
    }
    assert!(pdfs >= 5, "{pdfs} PDFs in {}", real.display());
    let read = |input: &std::path::Path, out: &str| {
        let out = dir.path().join(out);
        assert_eq!(extract(&[input], &out, &["--jobs", "2"]), 0);
        let reports = read_csv(&out.join("reports.csv"));
        let facts = read_csv(&out.join("facts.csv"));
        // each report by its file name, its metadata and its facts without the report id
        let mut seen: Vec<(String, Vec<String>, Vec<String>)> = reports
            .iter()
            .map(|r| {
                let meta = ["department", "year", "kind", "scope", "unit", "status"]
                    .iter()
                    .map(|k| r[*k].clone())
                    .collect();
                let mut own: Vec<String> = of_report(&facts, r)
                    .iter()
                    .map(|f| {
                        let mut cells: Vec<(&String, &String)> =
                            f.iter().filter(|(k, _)| *k != "report_id").collect();
                        cells.sort();
                        format!("{cells:?}")
                    })
                    .collect();
                own.sort();
                (file_name(r), meta, own)
            })
            .collect();
        seen.sort();
        seen
    };
    let (a, b) = (read(&plain, "plain"), read(&turned, "turned"));
    assert_eq!(a.len(), pdfs);
    // (the 决算 template prints no amount)
    assert!(a.iter().filter(|x| !x.2.is_empty()).count() >= 4, "{a:?}");
    for (x, y) in a.iter().zip(&b) {
        assert_eq!((&x.0, &x.1), (&y.0, &y.1), "metadata");
        assert!(
            x.2 == y.2,
            "{}: {} facts, {} turned",
            x.0,
            x.2.len(),
            y.2.len()
        );
    }
}
