//! Fonts whose glyphs carry no text at all (no ToUnicode, no `cmap`, no glyph names), read by the
//! glyphs' shapes with OCR (`YJS_OCR=1`): `tests/data/shapes/gen-1-0008.nocmap.pdf` is the
//! Chromium rendering of a generated report (`corpus/fonts/gen-1-0008.notu.pdf`) with the `cmap`,
//! `post` and `name` tables taken out of its embedded TrueType subsets, against the report's
//! ground truth (`golden/fonts`). Skipped, saying so, where tesseract or its `chi_sim` data is
//! not installed (`.ci/run` installs them).

mod common;

use common::*;
use std::collections::HashSet;
use std::path::PathBuf;

/// The least share of the report's facts read (measured: 172 of 201; a misread character of a
/// row's name keys the rest apart).
const MIN_RECALL: f64 = 0.80;

fn sample() -> PathBuf {
    repo().join("tests/data/shapes/gen-1-0008.nocmap.pdf")
}

#[test]
fn glyphs_without_any_text_are_read_by_their_shapes_and_no_amount_is_wrong() {
    if !tesseract_with_chi_sim() {
        eprintln!("SKIPPED glyphs_without_any_text_are_read_by_their_shapes_and_no_amount_is_wrong: tesseract with chi_sim is not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    extract_with_ocr(&sample(), dir.path(), "1");
    let report = &read_csv(&dir.path().join("reports.csv"))[0];
    assert_eq!(
        (report["year"].as_str(), report["kind"].as_str()),
        ("2019", "budget")
    );
    let golden = read_csv(&repo().join("golden/fonts/gen-1-0008.facts.csv"));
    let facts = read_csv(&dir.path().join("facts.csv"));
    let s = score(&golden, &facts);
    assert!(
        s.recall() >= MIN_RECALL,
        "recall {:.3} ({}/{})",
        s.recall(),
        s.matched_golden,
        s.golden
    );
    // every amount read is one the table prints in that column: a misread name keys a fact
    // apart, a misread digit would make an amount the report does not have
    let printed: HashSet<(&str, &str, &str)> = golden
        .iter()
        .map(|g| {
            (
                g["table"].as_str(),
                g["column"].as_str(),
                g["value"].as_str(),
            )
        })
        .collect();
    let wrong: Vec<String> = facts
        .iter()
        .filter(|f| {
            !printed.contains(&(
                f["table"].as_str(),
                f["column"].as_str(),
                f["value"].as_str(),
            ))
        })
        .map(|f| {
            format!(
                "{} {} {} {}",
                f["table"], f["row_name"], f["column"], f["value"]
            )
        })
        .collect();
    assert!(wrong.is_empty(), "amounts not printed: {wrong:?}");
    // its pages count as read by OCR: nothing on them is reported as the report's error
    let checks = read_csv(&dir.path().join("checks.csv"));
    let raised: Vec<&str> = checks
        .iter()
        .filter(|c| c["severity"] == "error")
        .map(|c| c["message"].as_str())
        .collect();
    assert!(raised.is_empty(), "{raised:?}");
}

#[test]
fn without_ocr_glyphs_without_any_text_give_no_fact() {
    let dir = tempfile::tempdir().unwrap();
    extract_with_ocr(&sample(), dir.path(), "0");
    let report = &read_csv(&dir.path().join("reports.csv"))[0];
    assert_eq!(report["status"], "partial");
    assert!(read_csv(&dir.path().join("facts.csv")).is_empty());
    let checks = read_csv(&dir.path().join("checks.csv"));
    assert!(checks.iter().any(|c| c["rule"] == "text.undecodable"));
}
