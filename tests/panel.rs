//! `yjs panel OUT`: the facts of an output folder across departments and years. On `corpus/`,
//! each department-year's figures are its facts, once (the same report in five renderings is one
//! report), in 万元 exactly, with the Parquet copy equal to the CSV. On a folder made from the
//! rows of one extracted report — the same 决算 as a 预算 of the same year in 元 under the
//! department's 简称, and as the year before's 决算 — budget and final sit side by side and the
//! change from the year before is exact.

mod common;

use common::*;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|_| panic!("{s:?} is no decimal"))
}

/// Runs `yjs panel OUT ARGS...`: its exit status and stderr.
fn panel(out: &Path, extra: &[&str]) -> (i32, String) {
    let mut args: Vec<&std::ffi::OsStr> = vec!["panel".as_ref(), out.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    let o = yjs(&args);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The report of `reports` the panel keeps for a department-year-kind: the most facts, then the
/// lowest report_id.
fn kept<'a>(reports: &'a [Row], department: &str, year: &str, kind: &str) -> &'a Row {
    reports
        .iter()
        .filter(|r| r["department"] == department && r["year"] == year && r["kind"] == kind)
        .min_by_key(|r| {
            let facts: usize = r["facts"].parse().unwrap();
            (std::cmp::Reverse(facts), r["report_id"].clone())
        })
        .unwrap_or_else(|| panic!("no {kind} of {department} {year}"))
}

/// The fact of `report` in `table`'s total row (`row_key = total`) and `column`.
fn total_fact<'a>(facts: &'a [Row], report: &str, table: &str, column: &str) -> &'a Row {
    facts
        .iter()
        .find(|f| {
            f["report_id"] == report
                && f["table"] == table
                && f["row_key"] == "total"
                && f["column"] == column
        })
        .unwrap_or_else(|| panic!("{report}: no {table} total {column}"))
}

/// The panel line of `department_key`, `year`, `table`'s total row (the one row of
/// `three_public`) and `column`.
fn total_line<'a>(lines: &'a [Row], key: &str, year: &str, table: &str, column: &str) -> &'a Row {
    let row_key = if table == "three_public" { "" } else { "total" };
    let found: Vec<&Row> = lines
        .iter()
        .filter(|l| {
            l["department_key"] == key
                && l["year"] == year
                && l["table"] == table
                && l["row_key"] == row_key
                && l["column"] == column
                && l["occurrence"] == "1"
        })
        .collect();
    assert_eq!(found.len(), 1, "{key} {year} {table} {column}: {found:?}");
    found[0]
}

#[test]
fn the_corpus_panel_gives_each_department_years_facts_once_in_wan() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert_eq!(extract(&[&repo().join("corpus")], &out, &[]), 0);
    let (status, stderr) = panel(&out, &["--format", "both"]);
    assert_eq!(status, 0, "{stderr}");
    assert!(stderr.starts_with("panel: "), "{stderr}");
    assert!(stderr.contains("0 malformed rows skipped"), "{stderr}");
    let reports = read_csv(&out.join("reports.csv"));
    let facts = read_csv(&out.join("facts.csv"));
    let lines = read_csv(&out.join("panel.csv"));
    let header: Vec<&str> = yjs::panel::column_names().collect();
    assert_eq!(
        csv::Reader::from_path(out.join("panel.csv"))
            .unwrap()
            .headers()
            .unwrap(),
        header.as_slice()
    );

    // 长沙市大数据中心's 2023 决算, in five renderings (one with an unknown scope): one report's
    // facts, each once, from the report kept
    let kept_final = kept(&reports, "长沙市大数据中心", "2023", "final");
    let id = &kept_final["report_id"];
    let of_dept: Vec<&Row> = lines
        .iter()
        .filter(|l| l["department_key"] == "长沙市大数据中心")
        .collect();
    assert_eq!(of_dept.len(), kept_final["facts"].parse::<usize>().unwrap());
    assert!(of_dept.iter().all(|l| &l["report_id_final"] == id
        && l["scope"] == "department"
        && l["budget"].is_empty()
        && l["year"] == "2023"));
    for (table, column) in [
        ("expenditure", "total"),
        ("three_public", "budget_total"),
        ("three_public", "actual_total"),
    ] {
        let line = total_line(&lines, "长沙市大数据中心", "2023", table, column);
        let fact = match table {
            "three_public" => facts
                .iter()
                .find(|f| &f["report_id"] == id && f["table"] == table && f["column"] == column)
                .unwrap(),
            _ => total_fact(&facts, id, table, column),
        };
        assert_eq!(fact["total_column"], "true");
        assert_eq!(line["final"], fact["value"], "{table} {column}");
        assert_eq!(line["final_wan"], fact["value_wan"], "{table} {column}");
        assert_eq!(line["unit_final"], fact["unit"]);
        assert_eq!(line["page_final"], fact["page"]);
    }
    assert_eq!(
        total_line(
            &lines,
            "长沙市大数据中心",
            "2023",
            "three_public",
            "actual_total"
        )["final"],
        "5.97"
    );

    // a 预算 printed in 元: its figures in 万元, the decimal point moved
    let budget = kept(&reports, "上海市普陀区统计局", "2019", "budget");
    let fact = total_fact(&facts, &budget["report_id"], "expenditure", "total");
    assert_eq!(fact["unit"], "元");
    let line = total_line(&lines, "上海市普陀区统计局", "2019", "expenditure", "total");
    assert_eq!(line["budget"], fact["value"]);
    assert_eq!(line["unit_budget"], "元");
    assert_eq!(
        d(&line["budget_wan"]) * Decimal::from(10_000),
        d(&fact["value"])
    );
    assert_eq!(line["budget_wan"], fact["value_wan"]);

    // a 决算 of a department and a 预算 of the same body as a unit: never one figure
    let scopes: BTreeSet<(&str, &str, bool, bool)> = lines
        .iter()
        .filter(|l| l["department_key"] == "上海市普陀区文化和旅游局")
        .map(|l| {
            let (b, f) = (!l["budget"].is_empty(), !l["final"].is_empty());
            (l["year"].as_str(), l["scope"].as_str(), b, f)
        })
        .collect();
    assert_eq!(
        scopes,
        BTreeSet::from([
            ("2022", "department", false, true),
            ("2024", "unit", true, false)
        ])
    );

    // one line per cell, and the same bytes on a rerun
    let cells: BTreeSet<Vec<&str>> = lines
        .iter()
        .map(|l| {
            let key = [
                "department_key",
                "year",
                "scope",
                "table",
                "side",
                "row_code",
                "row_key",
                "row_name",
                "occurrence",
                "column",
            ];
            key.iter().map(|k| l[*k].as_str()).collect()
        })
        .collect();
    assert_eq!(cells.len(), lines.len());
    let first = std::fs::read(out.join("panel.csv")).unwrap();
    assert_eq!(
        panel(&out, &["--quiet", "--format", "both"]),
        (0, String::new())
    );
    assert_eq!(std::fs::read(out.join("panel.csv")).unwrap(), first);
    parquet_equals_csv(&out);
    pyarrow_reads_the_panel_where_installed(&out);
}

/// `scripts/check_parquet.py` on the folder: pyarrow reads `panel.parquet` as `panel.csv`.
fn pyarrow_reads_the_panel_where_installed(out: &Path) {
    let has_pyarrow = std::process::Command::new("python3")
        .args(["-c", "import pyarrow"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_pyarrow {
        eprintln!("SKIPPED: pyarrow is not installed (pip install pyarrow)");
        return;
    }
    let o = std::process::Command::new("python3")
        .arg(repo().join("scripts").join("check_parquet.py"))
        .arg(out)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // the extraction wrote CSV only: the panel is the one Parquet file
    assert!(said.starts_with("parquet ok: 1 tables"), "{said}");
}

/// `panel.parquet` holds `panel.csv`'s columns and rows, its amounts as DECIMAL.
fn parquet_equals_csv(out: &Path) {
    let mut csv = csv::Reader::from_path(out.join("panel.csv")).unwrap();
    let header: Vec<String> = csv.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<csv::StringRecord> = csv.records().map(|r| r.unwrap()).collect();
    let reader =
        SerializedFileReader::new(std::fs::File::open(out.join("panel.parquet")).unwrap()).unwrap();
    let schema = reader.metadata().file_metadata().schema_descr_ptr();
    let names: Vec<&str> = schema.columns().iter().map(|c| c.name()).collect();
    assert_eq!(names, header);
    let mut decimals = 0;
    let mut count = 0;
    for (row, cells) in reader.get_row_iter(None).unwrap().zip(&rows) {
        let row = row.unwrap();
        count += 1;
        for ((col, field), cell) in row.get_column_iter().zip(cells.iter()) {
            let ok = match field {
                Field::Str(s) => s == cell,
                Field::Int(v) => v.to_string() == cell,
                Field::Null => cell.is_empty(),
                Field::Decimal(x) => {
                    decimals += 1;
                    let v = i128::from_be_bytes(x.data().try_into().unwrap());
                    Decimal::from_i128_with_scale(v, x.scale() as u32) == d(cell)
                }
                other => panic!("{col}: unexpected {other:?}"),
            };
            assert!(ok, "{col}: {field:?} vs {cell:?}");
        }
    }
    assert_eq!(count, rows.len());
    assert!(decimals > rows.len(), "{decimals} decimals in {count} rows");
}

/// A facts.csv row of `rec` (under `header`) with some fields replaced.
fn with(
    header: &csv::StringRecord,
    rec: &csv::StringRecord,
    set: &[(&str, String)],
) -> Vec<String> {
    header
        .iter()
        .zip(rec.iter())
        .map(|(h, v)| {
            set.iter()
                .find(|(k, _)| *k == h)
                .map_or(v.to_string(), |(_, x)| x.clone())
        })
        .collect()
}

/// A folder made from the rows of `id` in `src`: the 决算 itself; the same as a 预算 of the same
/// year under the department's 简称, printed in 元 and 0.01 万元 less; the same as the year
/// before's 决算 with its qualifier, 1 万元 less; and a malformed row.
fn derived_folder(src: &Path, id: &str, dst: &Path) {
    let mut r = csv::Reader::from_path(src.join("facts.csv")).unwrap();
    let header = r.headers().unwrap().clone();
    let recs: Vec<csv::StringRecord> = r
        .records()
        .map(|x| x.unwrap())
        .filter(|x| &x[0] == id)
        .collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    std::fs::create_dir_all(dst).unwrap();
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_path(dst.join("facts.csv"))
        .unwrap();
    w.write_record(&header).unwrap();
    let wan = |rec: &csv::StringRecord| d(&rec[at("value_wan")]);
    for rec in &recs {
        w.write_record(with(&header, rec, &[])).unwrap();
    }
    for rec in &recs {
        let budget_wan = wan(rec) - d("0.01");
        let yuan = budget_wan * Decimal::from(10_000);
        w.write_record(with(
            &header,
            rec,
            &[
                ("report_id", "b000000000002023".into()),
                ("department", "大数据中心".into()),
                ("kind", "budget".into()),
                ("unit", "元".into()),
                ("value", yuan.to_string()),
                ("value_wan", budget_wan.to_string()),
            ],
        ))
        .unwrap();
    }
    for rec in &recs {
        let prior = wan(rec) - Decimal::ONE;
        w.write_record(with(
            &header,
            rec,
            &[
                ("report_id", "f000000000002022".into()),
                ("department", "长沙市 大数据中心（本级）".into()),
                ("year", "2022".into()),
                ("value", prior.to_string()),
                ("value_wan", prior.to_string()),
            ],
        ))
        .unwrap();
    }
    w.write_record([
        "f000000000002022",
        "expenditure",
        "",
        "",
        "合计",
        "total",
        "1.2.3",
    ])
    .unwrap();
    w.flush().unwrap();
    let n = recs.len();
    let reports = format!(
        "report_id,path,facts\n{id},a.pdf,{n}\nb000000000002023,b.pdf,{n}\nf000000000002022,c.pdf,{}\n",
        n + 1
    );
    std::fs::write(dst.join("reports.csv"), reports).unwrap();
}

#[test]
fn budget_beside_final_and_the_year_before_are_exact() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    let docx = repo().join("corpus/长沙市大数据中心-2023-部门决算.docx");
    assert_eq!(extract(&[&docx], &src, &[]), 0);
    let id = read_csv(&src.join("reports.csv"))[0]["report_id"].clone();
    let out = dir.path().join("out");
    derived_folder(&src, &id, &out);
    let (status, stderr) = panel(&out, &[]);
    assert_eq!(status, 0, "{stderr}");
    assert!(
        stderr.starts_with(
            "panel: 702 rows, 1 departments, 2 department-years (1 with 预算 and 决算, 1 with the \
             year before); 3 reports: 3 kept"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("1 malformed rows skipped"), "{stderr}");
    let facts = read_csv(&src.join("facts.csv"));
    let lines = read_csv(&out.join("panel.csv"));
    let by_cell: HashMap<(&str, &str, &str), &Row> = lines
        .iter()
        .filter(|l| l["year"] == "2023" && l["row_key"] == "total" && l["occurrence"] == "1")
        .map(|l| {
            (
                (
                    l["table"].as_str(),
                    l["side"].as_str(),
                    l["column"].as_str(),
                ),
                l,
            )
        })
        .collect();
    let mut checked = 0;
    for f in facts
        .iter()
        .filter(|f| f["row_key"] == "total" && f["total_column"] == "true")
    {
        let Some(line) = by_cell.get(&(
            f["table"].as_str(),
            f["side"].as_str(),
            f["column"].as_str(),
        )) else {
            continue;
        };
        if line["final"] != f["value"] {
            continue; // a second total row of the same key (its own occurrence)
        }
        let v = d(&f["value_wan"]);
        assert_eq!(line["department_key"], "长沙市大数据中心");
        assert_eq!(line["department"], "长沙市大数据中心");
        assert_eq!(d(&line["final_wan"]), v);
        assert_eq!(line["unit_budget"], "元");
        assert_eq!(d(&line["budget"]), (v - d("0.01")) * Decimal::from(10_000));
        assert_eq!(d(&line["budget_wan"]), v - d("0.01"));
        assert_eq!(line["final_minus_budget_wan"], "0.01");
        assert_eq!(d(&line["prior_year_wan"]), v - Decimal::ONE);
        assert_eq!(d(&line["change_wan"]), Decimal::ONE);
        assert_eq!(line["change_basis"], "final");
        let pct = (Decimal::ONE_HUNDRED / (v - Decimal::ONE))
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        assert_eq!(d(&line["change_pct"]), pct, "{line:?}");
        assert_eq!(line["report_id_budget"], "b000000000002023");
        assert_eq!(line["report_id_final"], id);
        checked += 1;
    }
    // the totals of every table the report prints
    assert!(checked >= 8, "{checked}");
    // its 三公经费 (7.00 budgeted, 5.97 spent) over the two years, as the guide charts them
    let tp: Vec<(&str, &str, &str, &str, &str)> = lines
        .iter()
        .filter(|l| l["table"] == "three_public" && l["column"] == "actual_total")
        .map(|l| {
            let v = |k: &str| l[k].as_str();
            (
                v("year"),
                v("budget_wan"),
                v("final_wan"),
                v("change_wan"),
                v("change_pct"),
            )
        })
        .collect();
    assert_eq!(
        tp,
        [
            ("2022", "", "4.97", "", ""),
            ("2023", "5.96", "5.97", "1.00", "20.12"),
        ]
    );
}

#[test]
fn a_folder_without_facts_or_a_file_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let (status, stderr) = panel(dir.path(), &[]);
    assert_eq!(status, 2);
    assert!(stderr.contains("has no facts.csv"), "{stderr}");
    assert!(stderr.contains("yjs extract"), "{stderr}");
    let file = dir.path().join("facts.csv");
    std::fs::write(&file, "report_id\n").unwrap();
    let (status, stderr) = panel(&file, &[]);
    assert_eq!(status, 2);
    assert!(stderr.contains("is not a folder"), "{stderr}");
}
