//! `cells.csv`, the lossless long form: every printed cell of every grid of the document model is
//! a row, and every amount a canonical table gives (`facts.csv`) is also a cell's amount on the
//! same page.

mod common;

use common::*;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

/// The non-blank cell texts of every grid in a report's document JSON, by page.
fn grid_texts(json: &serde_json::Value) -> BTreeMap<u64, Vec<String>> {
    let mut by_page: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    for page in json["document"]["pages"].as_array().unwrap() {
        let number = page["number"].as_u64().unwrap();
        for block in page["blocks"].as_array().unwrap() {
            if block["type"] != "grid" {
                continue;
            }
            for cell in block["cells"].as_array().unwrap() {
                let text = cell["text"].as_str().unwrap();
                if !text.trim().is_empty() {
                    by_page.entry(number).or_default().push(text.to_string());
                }
            }
        }
    }
    for texts in by_page.values_mut() {
        texts.sort();
    }
    by_page
}

#[test]
fn every_grid_cell_is_a_row_and_every_fact_is_a_cell_amount_on_its_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let corpus = repo().join("corpus");
    let inputs = [
        corpus.join("长沙市大数据中心-2023-部门决算.pdf"),
        corpus.join("长沙市大数据中心-2023-部门决算-borderless.pdf"),
        corpus.join("长沙市大数据中心-2023-部门决算.docx"),
        corpus.join("长沙市大数据中心-2023-部门决算.xlsx"),
    ];
    let refs: Vec<&std::path::Path> = inputs.iter().map(|p| p.as_path()).collect();
    assert_eq!(extract(&refs, &out, &["--jobs", "1"]), 0);
    let cells = read_csv(&out.join("cells.csv"));
    let facts = read_csv(&out.join("facts.csv"));
    for report in read_csv(&out.join("reports.csv")) {
        let id = &report["report_id"];
        let json: serde_json::Value = serde_json::from_slice(
            &std::fs::read(out.join("json").join(format!("{id}.json"))).unwrap(),
        )
        .unwrap();
        // every printed cell, and nothing else
        let mut written: BTreeMap<u64, Vec<String>> = BTreeMap::new();
        for c in cells.iter().filter(|c| &c["report_id"] == id) {
            written
                .entry(c["page"].parse().unwrap())
                .or_default()
                .push(c["text"].clone());
        }
        for texts in written.values_mut() {
            texts.sort();
        }
        assert_eq!(written, grid_texts(&json), "{}", report["path"]);
        // every fact's amount among the cells' amounts of its page (blank cells aside: a fact
        // of a blank cell is 0 and no cell is printed)
        let mut amounts: HashMap<(String, Decimal), usize> = HashMap::new();
        for c in cells.iter().filter(|c| &c["report_id"] == id) {
            if let Some(v) = dec(&c["value"]) {
                *amounts.entry((c["page"].clone(), v)).or_default() += 1;
            }
        }
        let mut checked = 0;
        for f in facts.iter().filter(|f| &f["report_id"] == id) {
            let v = dec(&f["value"]).unwrap();
            if v.is_zero() {
                continue;
            }
            let n = amounts.entry((f["page"].clone(), v)).or_default();
            assert!(*n > 0, "{}: fact {f:?} is no cell amount", report["path"]);
            *n -= 1;
            checked += 1;
        }
        assert!(checked > 50, "{}: {checked} facts", report["path"]);
    }
}
