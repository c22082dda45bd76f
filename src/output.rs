//! Writing CONTRACT.md's output files from the batch's [`Record`]s. Every file is written to a
//! temporary name in the output folder (`.NAME.PID.tmp`) and renamed into place, so an interrupted
//! run never leaves a half-written file under a final name.
//!
//! Each combined table is described once ([`OutTable`]: file name, typed columns, rows as
//! printed) and written as CSV and/or Parquet from that description, so both formats hold the
//! same rows in the same order.

use crate::pipeline::Outcome;
use crate::record::{FactRow, Record};
use crate::schema;
use std::borrow::Cow;
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
    let tmp = dir.join(temp_name(name));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}

/// The temporary name `NAME` is written under before the rename: hidden, with this process's
/// id, ending in `.tmp` — never a name an output file has.
pub fn temp_name(name: &str) -> String {
    format!(".{name}.{}.tmp", std::process::id())
}

/// Is this file name a temporary name of [`write_atomic`] (of any process)?
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with('.')
        && name.strip_suffix(".tmp").is_some_and(|s| {
            s.rsplit_once('.')
                .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// Which formats the combined tables are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    pub csv: bool,
    pub parquet: bool,
}

/// How a column is typed in Parquet (CSV prints every column as text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// UTF-8 text; an empty cell is an empty string.
    Text,
    /// A count or page number (INT32).
    Int,
    /// INT32, an empty cell is null.
    OptInt,
    /// An exact decimal (DECIMAL).
    Decimal,
    /// DECIMAL, an empty cell is null.
    OptDecimal,
}

enum Body {
    Reports,
    Facts,
    Checks,
    Narrative,
    Wide(&'static str),
}

/// One combined output table: `file` is its path in the output folder without the extension.
pub struct OutTable<'r> {
    pub file: String,
    pub columns: Vec<(String, Kind)>,
    records: &'r [Record],
    body: Body,
}

impl OutTable<'_> {
    /// Calls `f` with every row in output order, cells as printed in the CSV.
    pub fn for_each_row(&self, f: &mut dyn FnMut(&[Cow<str>])) {
        let mut row: Vec<Cow<str>> = Vec::with_capacity(self.columns.len());
        for rec in self.records {
            let id = Cow::Borrowed(rec.report.report_id.as_str());
            match self.body {
                Body::Reports => {
                    let r = &rec.report;
                    row.clear();
                    row.extend([
                        id.clone(),
                        Cow::Borrowed(r.path.as_str()),
                        Cow::Borrowed(r.sha256.as_str()),
                        Cow::Borrowed(r.format.as_str()),
                        Cow::Borrowed(r.department.as_str()),
                        Cow::Borrowed(r.year.as_str()),
                        Cow::Borrowed(r.kind.as_str()),
                        Cow::Borrowed(r.scope.as_str()),
                        Cow::Borrowed(r.unit.as_str()),
                        Cow::Owned(r.pages.to_string()),
                        Cow::Owned(r.tables.to_string()),
                        Cow::Owned(r.facts.to_string()),
                        Cow::Owned(r.checks_failed.to_string()),
                        Cow::Borrowed(r.status.as_str()),
                        Cow::Borrowed(r.error.as_str()),
                    ]);
                    f(&row);
                }
                Body::Facts => {
                    for x in &rec.facts {
                        row.clear();
                        row.extend([
                            id.clone(),
                            Cow::Borrowed(x.table.as_str()),
                            Cow::Borrowed(x.side.as_str()),
                            Cow::Borrowed(x.row_code.as_str()),
                            Cow::Borrowed(x.row_name.as_str()),
                            Cow::Borrowed(x.column.as_str()),
                            Cow::Owned(x.value.to_string()),
                            Cow::Borrowed(x.unit.as_str()),
                            Cow::Owned(x.page.to_string()),
                        ]);
                        f(&row);
                    }
                }
                Body::Checks => {
                    for c in &rec.checks {
                        row.clear();
                        row.extend([
                            id.clone(),
                            Cow::Borrowed(c.rule.as_str()),
                            Cow::Borrowed(c.severity.as_str()),
                            Cow::Borrowed(c.table.as_str()),
                            Cow::Borrowed(c.row.as_str()),
                            Cow::Borrowed(c.column.as_str()),
                            Cow::Borrowed(c.expected.as_str()),
                            Cow::Borrowed(c.found.as_str()),
                            Cow::Borrowed(c.message.as_str()),
                            Cow::Owned(c.page.map(|p| p.to_string()).unwrap_or_default()),
                        ]);
                        f(&row);
                    }
                }
                Body::Narrative => {
                    for n in &rec.narrative {
                        row.clear();
                        row.extend([
                            id.clone(),
                            Cow::Borrowed(n.section.as_str()),
                            Cow::Borrowed(n.subject.as_str()),
                            Cow::Borrowed(n.measure.as_str()),
                            Cow::Owned(n.value.to_string()),
                            Cow::Borrowed(n.unit.as_str()),
                            Cow::Borrowed(n.sentence.as_str()),
                            Cow::Owned(n.page.to_string()),
                        ]);
                        f(&row);
                    }
                }
                Body::Wide(key) => {
                    let mut by_row: BTreeMap<usize, Vec<&FactRow>> = BTreeMap::new();
                    for x in rec.facts.iter().filter(|x| x.table == key) {
                        by_row.entry(x.row_seq).or_default().push(x);
                    }
                    for fs in by_row.values() {
                        let f0 = fs[0];
                        row.clear();
                        row.extend([
                            id.clone(),
                            Cow::Borrowed(f0.side.as_str()),
                            Cow::Borrowed(f0.row_code.as_str()),
                            Cow::Borrowed(f0.row_name.as_str()),
                            Cow::Borrowed(f0.unit.as_str()),
                            Cow::Owned(f0.page.to_string()),
                        ]);
                        for (c, _) in &self.columns[WIDE_FIXED.len()..] {
                            row.push(
                                fs.iter()
                                    .find(|x| &x.column == c)
                                    .map(|x| Cow::Owned(x.value.to_string()))
                                    .unwrap_or(Cow::Borrowed("")),
                            );
                        }
                        f(&row);
                    }
                }
            }
        }
    }
}

const WIDE_FIXED: &[(&str, Kind)] = &[
    ("report_id", Kind::Text),
    ("side", Kind::Text),
    ("row_code", Kind::Text),
    ("row_name", Kind::Text),
    ("unit", Kind::Text),
    ("page", Kind::Int),
];

fn typed(names: &[&str], kind: impl Fn(&str) -> Kind) -> Vec<(String, Kind)> {
    names.iter().map(|n| (n.to_string(), kind(n))).collect()
}

/// Every combined table of a batch, in writing order: reports, facts, checks, narrative, then
/// `tables/<table>` for each canonical table.
pub fn tables(records: &[Record]) -> Vec<OutTable<'_>> {
    let mut out = vec![
        OutTable {
            file: "reports".into(),
            columns: typed(REPORT_COLUMNS, |c| match c {
                "year" => Kind::OptInt,
                "pages" | "tables" | "facts" | "checks_failed" => Kind::Int,
                _ => Kind::Text,
            }),
            records,
            body: Body::Reports,
        },
        OutTable {
            file: "facts".into(),
            columns: typed(FACT_COLUMNS, |c| match c {
                "value" => Kind::Decimal,
                "page" => Kind::Int,
                _ => Kind::Text,
            }),
            records,
            body: Body::Facts,
        },
        OutTable {
            file: "checks".into(),
            columns: typed(CHECK_COLUMNS, |c| match c {
                "page" => Kind::OptInt,
                _ => Kind::Text,
            }),
            records,
            body: Body::Checks,
        },
        OutTable {
            file: "narrative".into(),
            columns: typed(NARRATIVE_COLUMNS, |c| match c {
                "value" => Kind::Decimal,
                "page" => Kind::Int,
                _ => Kind::Text,
            }),
            records,
            body: Body::Narrative,
        },
    ];
    for key in crate::checks::CANONICAL {
        let mut columns: Vec<(String, Kind)> = WIDE_FIXED
            .iter()
            .map(|(n, k)| (n.to_string(), *k))
            .collect();
        // column keys: registry order first, then any others seen
        let mut push = |c: &str| {
            if !columns[WIDE_FIXED.len()..].iter().any(|(x, _)| x == c) {
                columns.push((c.to_string(), Kind::OptDecimal));
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
        for rec in records {
            for x in rec.facts.iter().filter(|x| x.table == *key) {
                push(&x.column);
            }
        }
        out.push(OutTable {
            file: format!("tables/{key}"),
            columns,
            records,
            body: Body::Wide(key),
        });
    }
    out
}

/// The CSV text of a table.
pub fn csv_bytes(t: &OutTable) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    // csv::Writer on a Vec never fails to write
    let _ = w.write_record(t.columns.iter().map(|(n, _)| n.as_str()));
    t.for_each_row(&mut |r| {
        let _ = w.write_record(r.iter().map(|c| c.as_ref()));
    });
    w.into_inner().unwrap_or_default()
}

/// Writes every combined table of a batch (records in output order) in `formats`.
pub fn write_all(dir: &Path, records: &[Record], formats: Formats) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for t in tables(records) {
        if formats.csv {
            write_atomic(&dir.join(format!("{}.csv", t.file)), &csv_bytes(&t))?;
        }
        if formats.parquet {
            let bytes = crate::parquet_out::parquet_bytes(&t)
                .map_err(|e| std::io::Error::other(format!("{}.parquet: {e}", t.file)))?;
            write_atomic(&dir.join(format!("{}.parquet", t.file)), &bytes)?;
        }
    }
    Ok(())
}

/// `json/<report_id>.json` of one outcome (when it still holds its JSON).
pub fn write_json(dir: &Path, o: &Outcome) -> std::io::Result<()> {
    if let Some(j) = &o.json {
        let bytes = serde_json::to_vec(j).unwrap_or_default();
        write_atomic(&json_path(dir, &o.report.report_id), &bytes)?;
    }
    Ok(())
}

/// Where a report's JSON is written.
pub fn json_path(dir: &Path, report_id: &str) -> std::path::PathBuf {
    dir.join("json").join(format!("{report_id}.json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_are_recognised_and_never_output_names() {
        let t = temp_name("facts.csv");
        assert!(t.starts_with(".facts.csv.") && t.ends_with(".tmp"));
        assert!(is_temp_name(&t));
        assert!(is_temp_name(".0123456789abcdef.json.4242.tmp"));
        for name in [
            "facts.csv",
            "0123456789abcdef.json",
            ".hidden",
            "x.tmp",
            ".a.b.tmp",
        ] {
            assert!(!is_temp_name(name), "{name}");
        }
    }
}
