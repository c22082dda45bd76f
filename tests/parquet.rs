//! `--format both`: every table's Parquet file holds the CSV's columns and rows, typed (decimals
//! exact as DECIMAL(38, 6), counts and pages INT32, text UTF-8, empty cells of optional columns
//! null). Read back with the parquet crate here, and with pyarrow where it is installed.

mod common;

use common::*;
use parquet::basic::{LogicalType, Type as Physical};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use rust_decimal::Decimal;
use std::path::Path;
use std::process::Command;
use std::str::FromStr;

fn tables(out: &Path) -> Vec<String> {
    let mut t = vec![
        "reports".to_string(),
        "facts".into(),
        "checks".into(),
        "narrative".into(),
        "cells".into(),
    ];
    t.extend(
        yjs_analyze::checks::CANONICAL
            .iter()
            .map(|k| format!("tables/{k}")),
    );
    for name in &t {
        assert!(
            out.join(format!("{name}.parquet")).is_file(),
            "{name}.parquet"
        );
    }
    t
}

fn decimal(d: &parquet::data_type::Decimal) -> Decimal {
    let bytes = d.data();
    assert_eq!(bytes.len(), 16, "Decimal128 in 16 bytes");
    let v = i128::from_be_bytes(bytes.try_into().unwrap());
    Decimal::from_i128_with_scale(v, d.scale() as u32)
}

fn extract_both(out: &Path) {
    assert_eq!(
        extract(&[&repo().join("corpus")], out, &["--format", "both"]),
        0
    );
}

#[test]
fn parquet_tables_hold_the_csv_rows_typed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    extract_both(&out);
    let mut decimals = 0usize;
    for name in tables(&out) {
        let mut csv = csv::Reader::from_path(out.join(format!("{name}.csv"))).unwrap();
        let header: Vec<String> = csv.headers().unwrap().iter().map(String::from).collect();
        let csv_rows: Vec<csv::StringRecord> = csv.records().map(|r| r.unwrap()).collect();
        let file = std::fs::File::open(out.join(format!("{name}.parquet"))).unwrap();
        let reader = SerializedFileReader::new(file).unwrap();
        let schema = reader.metadata().file_metadata().schema_descr_ptr();
        let names: Vec<&str> = schema.columns().iter().map(|c| c.name()).collect();
        assert_eq!(names, header, "{name}: columns");
        for c in schema.columns() {
            if c.name() == "value" {
                assert_eq!(
                    c.physical_type(),
                    Physical::FIXED_LEN_BYTE_ARRAY,
                    "{name}.value"
                );
                assert_eq!(c.logical_type_ref(), Some(&LogicalType::decimal(6, 38)));
            }
            if ["pages", "tables", "facts", "checks_failed", "page", "year"].contains(&c.name()) {
                assert_eq!(c.physical_type(), Physical::INT32, "{name}.{}", c.name());
            }
        }
        let rows: Vec<parquet::record::Row> = reader
            .get_row_iter(None)
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(rows.len(), csv_rows.len(), "{name}: rows");
        for (i, (row, cells)) in rows.iter().zip(&csv_rows).enumerate() {
            for ((col, field), cell) in row.get_column_iter().zip(cells.iter()) {
                let ok = match field {
                    Field::Str(s) => s == cell,
                    Field::Int(v) => v.to_string() == cell,
                    Field::Null => cell.is_empty(),
                    Field::Decimal(d) => {
                        decimals += 1;
                        Decimal::from_str(cell).ok() == Some(decimal(d))
                    }
                    other => panic!("{name}.{col}: unexpected {other:?}"),
                };
                assert!(ok, "{name} row {i} {col}: {field:?} vs {cell:?}");
            }
        }
    }
    // every fact's value and value in 万元, every narrative value, every amount of a cell and
    // every amount of the wide tables was a decimal
    let fact_rows = read_csv(&out.join("facts.csv"));
    let facts = fact_rows.len();
    let wan = fact_rows
        .iter()
        .filter(|f| !f["value_wan"].is_empty())
        .count();
    let narrative = read_csv(&out.join("narrative.csv")).len();
    let cells = read_csv(&out.join("cells.csv"))
        .iter()
        .filter(|c| !c["value"].is_empty())
        .count();
    let mut wide = 0;
    for k in yjs_analyze::checks::CANONICAL {
        let mut r = csv::Reader::from_path(out.join("tables").join(format!("{k}.csv"))).unwrap();
        for rec in r.records() {
            wide += rec
                .unwrap()
                .iter()
                .skip(6)
                .filter(|c| !c.is_empty())
                .count();
        }
    }
    assert!(
        facts > 10_000 && wide > 10_000 && cells > 10_000,
        "{facts} {wide} {cells}"
    );
    assert_eq!(wan, facts, "every fact of the corpus is in a money unit");
    assert_eq!(decimals, facts + wan + narrative + cells + wide);
}

#[test]
fn pyarrow_reads_the_same_rows_where_installed() {
    let has_pyarrow = Command::new("python3")
        .args(["-c", "import pyarrow"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_pyarrow {
        eprintln!("SKIPPED: pyarrow is not installed (pip install pyarrow)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    extract_both(&out);
    let o = Command::new("python3")
        .arg(repo().join("scripts").join("check_parquet.py"))
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    // reports, facts, checks, narrative, cells, and one wide table per canonical key
    let tables = 5 + yjs_analyze::checks::CANONICAL.len();
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(
        said.starts_with(&format!("parquet ok: {tables} tables")),
        "{said}"
    );
}
