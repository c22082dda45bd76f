//! Writing CONTRACT.md's output files. Every file is written to a temporary name in the output
//! folder and renamed into place, so an interrupted run never leaves a half-written file under a
//! final name.

use crate::pipeline::Outcome;
use crate::schema;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

pub const REPORT_COLUMNS: &[&str] = &[
    "report_id",
    "path",
    "sha256",
    "format",
    "department",
    "year",
    "kind",
    "scope",
    "unit",
    "pages",
    "tables",
    "facts",
    "checks_failed",
    "status",
    "error",
];
pub const FACT_COLUMNS: &[&str] = &[
    "report_id",
    "table",
    "side",
    "row_code",
    "row_name",
    "column",
    "value",
    "unit",
    "page",
];
pub const CHECK_COLUMNS: &[&str] = &[
    "report_id",
    "rule",
    "severity",
    "table",
    "row",
    "column",
    "expected",
    "found",
    "message",
    "page",
];
pub const NARRATIVE_COLUMNS: &[&str] = &[
    "report_id",
    "section",
    "subject",
    "measure",
    "value",
    "unit",
    "sentence",
    "page",
];

/// Writes `bytes` to `path` atomically (temporary file in the same folder, then rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}

fn csv_bytes(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    // csv::Writer on a Vec never fails to write
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(&r);
    }
    w.into_inner().unwrap_or_default()
}

/// Writes every output file for a batch (outcomes in input order).
pub fn write_all(dir: &Path, outcomes: &[Outcome]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let reports = outcomes.iter().map(|o| {
        let r = &o.report;
        vec![
            r.report_id.clone(),
            r.path.to_string_lossy().into_owned(),
            r.sha256.clone(),
            r.format.clone(),
            r.department.clone(),
            r.year.clone(),
            r.kind.clone(),
            r.scope.clone(),
            r.unit.clone(),
            r.pages.to_string(),
            r.tables.to_string(),
            r.facts.to_string(),
            r.checks_failed.to_string(),
            r.status.clone(),
            r.error.clone(),
        ]
    });
    write_atomic(
        &dir.join("reports.csv"),
        &csv_bytes(REPORT_COLUMNS, reports),
    )?;
    let facts = outcomes.iter().flat_map(|o| {
        o.facts.iter().map(move |f| {
            vec![
                o.report.report_id.clone(),
                f.table.to_string(),
                f.side.unwrap_or("").to_string(),
                f.row_code.clone(),
                f.row_name.clone(),
                f.column.clone(),
                f.value.to_string(),
                f.unit.to_string(),
                f.page.to_string(),
            ]
        })
    });
    write_atomic(&dir.join("facts.csv"), &csv_bytes(FACT_COLUMNS, facts))?;
    let checks = outcomes.iter().flat_map(|o| {
        o.findings.iter().map(move |c| {
            vec![
                o.report.report_id.clone(),
                c.rule.to_string(),
                c.severity.as_str().to_string(),
                c.table.clone(),
                c.row.clone(),
                c.column.clone(),
                c.expected.clone(),
                c.found.clone(),
                c.message.clone(),
                c.page.map(|p| p.to_string()).unwrap_or_default(),
            ]
        })
    });
    write_atomic(&dir.join("checks.csv"), &csv_bytes(CHECK_COLUMNS, checks))?;
    let narrative = outcomes.iter().flat_map(|o| {
        o.narrative.iter().map(move |n| {
            vec![
                o.report.report_id.clone(),
                n.section.clone(),
                n.subject.clone(),
                n.measure.as_str().to_string(),
                n.value.to_string(),
                n.unit.clone(),
                n.sentence.clone(),
                n.page.to_string(),
            ]
        })
    });
    write_atomic(
        &dir.join("narrative.csv"),
        &csv_bytes(NARRATIVE_COLUMNS, narrative),
    )?;
    write_wide_tables(dir, outcomes)?;
    for o in outcomes {
        write_json(dir, o)?;
    }
    Ok(())
}

/// `json/<report_id>.json` of one outcome (when it still holds its JSON).
pub fn write_json(dir: &Path, o: &Outcome) -> std::io::Result<()> {
    if let Some(j) = &o.json {
        let bytes = serde_json::to_vec(j).unwrap_or_default();
        write_atomic(
            &dir.join("json")
                .join(format!("{}.json", o.report.report_id)),
            &bytes,
        )?;
    }
    Ok(())
}

/// `tables/<table>.csv`: one row per canonical row, one column per column key.
fn write_wide_tables(dir: &Path, outcomes: &[Outcome]) -> std::io::Result<()> {
    for key in crate::checks::CANONICAL {
        // column keys: registry order first, then any others seen
        let mut cols: Vec<String> = Vec::new();
        let mut push = |c: &str| {
            if !cols.iter().any(|x| x == c) {
                cols.push(c.to_string());
            }
        };
        if *key == "three_public" {
            for p in ["budget_", "actual_"] {
                for c in [
                    "total",
                    "abroad",
                    "vehicle",
                    "vehicle_purchase",
                    "vehicle_operation",
                    "reception",
                ] {
                    push(&format!("{p}{c}"));
                }
            }
        } else {
            for side in [None, Some("income"), Some("expenditure")] {
                for r in schema::column_rules(key, side).iter().rev() {
                    push(r.key);
                }
            }
        }
        for o in outcomes {
            for f in o.facts.iter().filter(|f| f.table == *key) {
                push(&f.column);
            }
        }
        let mut header: Vec<&str> =
            vec!["report_id", "side", "row_code", "row_name", "unit", "page"];
        header.extend(cols.iter().map(|s| s.as_str()));
        let mut rows: Vec<Vec<String>> = Vec::new();
        for o in outcomes {
            let mut by_row: BTreeMap<usize, Vec<&crate::reconcile::Fact>> = BTreeMap::new();
            for f in o.facts.iter().filter(|f| f.table == *key) {
                by_row.entry(f.row_seq).or_default().push(f);
            }
            for fs in by_row.values() {
                let f0 = fs[0];
                let mut row = vec![
                    o.report.report_id.clone(),
                    f0.side.unwrap_or("").to_string(),
                    f0.row_code.clone(),
                    f0.row_name.clone(),
                    f0.unit.to_string(),
                    f0.page.to_string(),
                ];
                for c in &cols {
                    row.push(
                        fs.iter()
                            .find(|f| &f.column == c)
                            .map(|f| f.value.to_string())
                            .unwrap_or_default(),
                    );
                }
                rows.push(row);
            }
        }
        write_atomic(
            &dir.join("tables").join(format!("{key}.csv")),
            &csv_bytes(&header, rows.into_iter()),
        )?;
    }
    Ok(())
}
