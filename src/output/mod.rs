//! Writing the output files of the contract (docs/contract.md) from the batch's [`Record`]s.
//! Every file is written to a temporary name in the output folder (`.NAME.PID.tmp`) and renamed
//! into place, so an interrupted run never leaves a half-written file under a final name.
//!
//! Each combined table is described once ([`OutTable`]: file name, typed columns, rows as
//! printed) and written as CSV and/or Parquet from that description, so both formats hold the
//! same rows in the same order.

mod files;
pub(crate) mod json;
mod parquet;
mod table;

pub use files::{
    is_temp_name, json_path, temp_name, write_atomic_with, write_json, write_redoable,
};
pub use parquet::ParquetOutError;
pub use table::{tables, Column, Kind, OutTable, Row, Shape, DECIMAL_PRECISION, DECIMAL_SCALE};

use crate::record::Record;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Which formats the combined tables are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    /// CSV files.
    pub csv: bool,
    /// Parquet files.
    pub parquet: bool,
}

/// About how many bytes of rows the Parquet files of a batch hold in memory together before
/// the largest table's row group is written early (a row group is otherwise 65,536 rows: the
/// facts of about 180 reports, some 40 MB in memory).
const PARQUET_BUDGET: usize = 8 << 20;

/// A file being written under its temporary name.
enum Sink {
    /// CSV rows arrive rendered ([`Rendered`]).
    Csv(std::io::BufWriter<std::fs::File>),
    /// Boxed: a Parquet stream holds its columns' buffers.
    Parquet(Box<parquet::ParquetStream>),
}

/// A report made ready for the [`Writer`] apart from it (so that a batch prepares reports in
/// parallel and the writer only appends them in order): its rows of every combined table as the
/// CSV files hold them (one buffer a table, in [`tables`] order; none without CSV files), and the
/// record itself only when Parquet files are written.
pub struct Rendered {
    csv: Vec<Vec<u8>>,
    record: Option<Record>,
}

/// Prepares reports for a [`Writer`] ([`Writer::renderer`]); shared by the threads that do.
#[derive(Clone)]
pub struct Renderer {
    tables: std::sync::Arc<[OutTable]>,
    formats: Formats,
}

impl Renderer {
    /// `rec`'s rows, rendered for the writer this renderer came from.
    pub fn render(&self, rec: Record) -> Rendered {
        Rendered {
            csv: csv_rows(self.formats, &self.tables, &rec),
            record: self.formats.parquet.then_some(rec),
        }
    }
}

/// CSV bytes of rows ([`Row::write_csv`]).
fn csv_bytes(rows: impl FnOnce(&mut dyn FnMut(&Row))) -> Vec<u8> {
    let mut out = Vec::new();
    rows(&mut |r| r.write_csv(&mut out));
    out
}

/// `rec`'s rows of every table in `tables`, rendered as CSV (none when no CSV is written).
fn csv_rows(formats: Formats, tables: &[OutTable], rec: &Record) -> Vec<Vec<u8>> {
    if !formats.csv {
        return Vec::new();
    }
    tables
        .iter()
        .map(|t| csv_bytes(|f| t.rows(rec, f)))
        .collect()
}

struct Open {
    table: usize,
    sink: Sink,
    tmp: PathBuf,
    path: PathBuf,
}

/// Writes every combined table of a batch, one report at a time, so that a batch of any size
/// holds one report's rows in memory (and a Parquet row group per table). The files are written
/// under temporary names and renamed into place by [`Writer::finish`]; a writer dropped before
/// that removes its temporary files.
pub struct Writer {
    tables: std::sync::Arc<[OutTable]>,
    formats: Formats,
    open: Vec<Open>,
    finished: bool,
}

impl Writer {
    /// Opens every combined table of a batch of `shape` in `formats` under `dir`.
    pub fn create(dir: &Path, formats: Formats, shape: &Shape) -> std::io::Result<Writer> {
        std::fs::create_dir_all(dir.join("tables"))?;
        let mut w = Writer {
            tables: tables(shape).into(),
            formats,
            open: Vec::new(),
            finished: false,
        };
        for (i, t) in w.tables.iter().enumerate() {
            for (on, ext) in [(formats.csv, "csv"), (formats.parquet, "parquet")] {
                if !on {
                    continue;
                }
                let path = dir.join(format!("{}.{ext}", t.file));
                let folder = path.parent().unwrap_or(dir);
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
                let tmp = folder.join(temp_name(name));
                let file = std::fs::File::create(&tmp)?;
                // registered before anything else can fail, so that drop removes it
                let sink = if ext == "csv" {
                    Sink::Csv(std::io::BufWriter::with_capacity(1 << 16, file))
                } else {
                    let p = parquet::ParquetStream::new(file, &t.columns).map_err(|e| {
                        let _ = std::fs::remove_file(&tmp);
                        std::io::Error::other(format!("{}.parquet: {e}", t.file))
                    })?;
                    Sink::Parquet(Box::new(p))
                };
                w.open.push(Open {
                    table: i,
                    sink,
                    tmp,
                    path,
                });
                if let Some(Open {
                    sink: Sink::Csv(f), ..
                }) = w.open.last_mut()
                {
                    let names = Row::of(t.columns.iter().map(|c| c.name.as_str()));
                    f.write_all(&csv_bytes(|row| row(&names)))?;
                }
            }
        }
        Ok(w)
    }

    /// What prepares reports for this writer, on any thread ([`Writer::push_rendered`]).
    pub fn renderer(&self) -> Renderer {
        Renderer {
            tables: self.tables.clone(),
            formats: self.formats,
        }
    }

    /// Writes one report's rows to every table.
    pub fn push(&mut self, rec: &Record) -> std::io::Result<()> {
        let csv = csv_rows(self.formats, &self.tables, rec);
        self.write_rows(&csv, Some(rec))
    }

    /// Writes one report's rows to every table, prepared by this writer's [`Writer::renderer`].
    pub fn push_rendered(&mut self, r: &Rendered) -> std::io::Result<()> {
        self.write_rows(&r.csv, r.record.as_ref())
    }

    /// Writes `csv` (rendered rows) to the CSV files and `rec`'s rows to the Parquet files.
    fn write_rows(&mut self, csv: &[Vec<u8>], rec: Option<&Record>) -> std::io::Result<()> {
        for o in &mut self.open {
            let t = &self.tables[o.table];
            match (&mut o.sink, rec) {
                (Sink::Csv(f), _) => f.write_all(&csv[o.table])?,
                (Sink::Parquet(_), None) => {
                    return Err(std::io::Error::other(
                        "a report rendered without its record for a Parquet file",
                    ))
                }
                (Sink::Parquet(p), Some(rec)) => {
                    let mut err: Option<std::io::Error> = None;
                    t.rows(rec, &mut |r| {
                        if err.is_none() {
                            if let Err(e) = p.push(r) {
                                err =
                                    Some(std::io::Error::other(format!("{}.parquet: {e}", t.file)));
                            }
                        }
                    });
                    if let Some(e) = err {
                        return Err(e);
                    }
                }
            }
        }
        self.keep_parquet_under_budget()
    }

    /// Writes the largest pending Parquet row groups early, until the rows the Parquet files
    /// hold in memory are under [`PARQUET_BUDGET`] together. The tables with a budget of their
    /// own ([`OutTable::own_budget`]: `cells`, larger than all others together) are kept under it
    /// apart, so that the other tables' row groups are cut at the same rows whether or not it is
    /// written.
    fn keep_parquet_under_budget(&mut self) -> std::io::Result<()> {
        for own in [false, true] {
            while let Some(k) = self.over_budget(own) {
                let o = &mut self.open[k];
                if let Sink::Parquet(p) = &mut o.sink {
                    p.flush()
                        .map_err(|e| std::io::Error::other(format!("{}: {e}", o.path.display())))?;
                }
            }
        }
        Ok(())
    }

    /// The Parquet file with the most pending rows among those whose `own_budget` is `own`,
    /// when their pending rows together are over [`PARQUET_BUDGET`].
    fn over_budget(&self, own: bool) -> Option<usize> {
        let mut total = 0;
        let mut largest: Option<(usize, usize)> = None;
        for (k, o) in self.open.iter().enumerate() {
            if let Sink::Parquet(p) = &o.sink {
                if self.tables[o.table].own_budget != own {
                    continue;
                }
                let b = p.pending_bytes();
                total += b;
                if largest.is_none_or(|(_, most)| b > most) {
                    largest = Some((k, b));
                }
            }
        }
        largest.filter(|_| total > PARQUET_BUDGET).map(|(k, _)| k)
    }

    /// Completes every file (flushed, synced) and renames it into place.
    pub fn finish(mut self) -> std::io::Result<()> {
        let open = std::mem::take(&mut self.open);
        let mut done: Vec<(PathBuf, PathBuf)> = Vec::new();
        let mut result = Ok(());
        for o in open {
            let synced = match o.sink {
                Sink::Csv(c) => c
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .and_then(|f| f.sync_all()),
                Sink::Parquet(p) => p
                    .finish()
                    .map_err(|e| std::io::Error::other(format!("{}: {e}", o.path.display())))
                    .and_then(|f| f.sync_all()),
            };
            if let Err(e) = synced {
                result = Err(e);
            }
            done.push((o.tmp, o.path));
        }
        if result.is_ok() {
            for (tmp, path) in &done {
                if let Err(e) = std::fs::rename(tmp, path) {
                    result = Err(e);
                    break;
                }
            }
        }
        if result.is_err() {
            for (tmp, _) in &done {
                let _ = std::fs::remove_file(tmp);
            }
        }
        self.finished = true;
        result
    }
}

/// The rows of a table made outside a batch: calls the function it is given with every row, in
/// order.
pub type Rows<'a> = dyn Fn(&mut dyn FnMut(&Row)) + 'a;

/// Writes a table made outside a batch (`yjs panel`'s `panel`) as `DIR/FILE.csv` and/or
/// `DIR/FILE.parquet`, each atomically, from one description: its typed `columns`, and `rows`,
/// which calls the function it is given with every row in order (once for each format written,
/// giving the same rows each time).
pub fn write_table(
    dir: &Path,
    file: &str,
    columns: &[Column],
    formats: Formats,
    rows: &Rows<'_>,
) -> std::io::Result<()> {
    if formats.csv {
        files::write_atomic_with(&dir.join(format!("{file}.csv")), |w| {
            let mut buf = Vec::new();
            Row::of(columns.iter().map(|c| c.name.as_str())).write_csv(&mut buf);
            let mut written = w.write_all(&buf);
            rows(&mut |r| {
                if written.is_ok() {
                    buf.clear();
                    r.write_csv(&mut buf);
                    written = w.write_all(&buf);
                }
            });
            written
        })?;
    }
    if formats.parquet {
        let bad = |e: ParquetOutError| std::io::Error::other(format!("{file}.parquet: {e}"));
        files::write_atomic_file(&dir.join(format!("{file}.parquet")), |f| {
            let mut p = parquet::ParquetStream::new(f.try_clone()?, columns).map_err(bad)?;
            let mut written = Ok(());
            rows(&mut |r| {
                if written.is_ok() {
                    written = p.push(r);
                }
                // a row group written early, as the batch's are, to keep memory flat
                if written.is_ok() && p.pending_bytes() > PARQUET_BUDGET {
                    written = p.flush();
                }
            });
            written.map_err(bad)?;
            p.finish().map(drop).map_err(bad)
        })?;
    }
    Ok(())
}

impl Drop for Writer {
    fn drop(&mut self) {
        if !self.finished {
            for o in &self.open {
                let _ = std::fs::remove_file(&o.tmp);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, facts: &[(&str, &str, &str)]) -> Record {
        use crate::record::ReportRow;
        Record {
            report: ReportRow {
                report_id: id.into(),
                path: format!("{id}.pdf"),
                sha256: String::new(),
                format: crate::record::InputFormat::Pdf,
                department: String::new(),
                year: "2023".into(),
                kind: yjs_analyze::Kind::Final,
                scope: yjs_analyze::Scope::Department,
                unit: "万元".into(),
                pages: 1,
                tables: 1,
                facts: facts.len(),
                checks_failed: 0,
                status: crate::record::Status::Ok,
                error: String::new(),
            },
            facts: facts
                .iter()
                .enumerate()
                .map(|(i, (table, column, value))| crate::record::FactRow {
                    table: table.parse().unwrap(),
                    side: None,
                    row_code: String::new(),
                    row_name: format!("行{i}"),
                    column: column.to_string(),
                    value: value.parse().unwrap(),
                    unit: "万元".into(),
                    page: 1,
                    row_seq: i,
                    confidence: None,
                })
                .collect(),
            checks: Vec::new(),
            narrative: Vec::new(),
            cells: Vec::new(),
        }
    }

    #[test]
    fn the_batch_shape_does_not_depend_on_the_order_reports_are_added() {
        let a = record(
            "a",
            &[("summary", "zeta_extra", "1.5"), ("summary", "amount", "2")],
        );
        let b = record("b", &[("summary", "alpha_extra", "0.0000001")]);
        let (mut ab, mut ba) = (Shape::default(), Shape::default());
        ab.add(&Shape::of(&a));
        ab.add(&Shape::of(&b));
        ba.add(&Shape::of(&b));
        ba.add(&Shape::of(&a));
        assert_eq!(ab, ba);
        let t = tables(&ab);
        let summary = t.iter().find(|t| t.file == "tables/summary").unwrap();
        let names: Vec<&str> = summary.columns.iter().map(|c| c.name.as_str()).collect();
        // registry columns first, then the others sorted
        let at = |n: &str| names.iter().position(|x| *x == n).unwrap();
        assert!(at("amount") < at("alpha_extra") && at("alpha_extra") < at("zeta_extra"));
        // 7 decimals need a wider scale than the default 6; the facts' value column too
        let scale = |t: &OutTable, n: &str| t.columns.iter().find(|c| c.name == n).unwrap().scale;
        assert_eq!(scale(summary, "alpha_extra"), 7);
        assert_eq!(scale(summary, "zeta_extra"), 6);
        let facts = t.iter().find(|t| t.file == "facts").unwrap();
        assert_eq!(scale(facts, "value"), 7);
    }

    #[test]
    fn a_writer_dropped_before_finish_leaves_no_file_and_finish_renames_all() {
        let dir = tempfile::tempdir().unwrap();
        let rec = record("0123456789abcdef", &[("summary", "amount", "12175.60")]);
        let shape = Shape::of(&rec);
        let both = Formats {
            csv: true,
            parquet: true,
        };
        {
            let mut w = Writer::create(dir.path(), both, &shape).unwrap();
            w.push(&rec).unwrap();
        }
        let left: Vec<_> = walk(dir.path());
        assert!(left.is_empty(), "{left:?}");
        let mut w = Writer::create(dir.path(), both, &shape).unwrap();
        w.push(&rec).unwrap();
        w.finish().unwrap();
        let files = walk(dir.path());
        assert_eq!(
            files.len(),
            2 * (5 + yjs_analyze::checks::CANONICAL.len()),
            "{files:?}"
        );
        assert!(files.iter().all(|f| !is_temp_name(f)));
        let facts = std::fs::read_to_string(dir.path().join("facts.csv")).unwrap();
        assert_eq!(
            facts.lines().nth(1),
            Some("0123456789abcdef,summary,,,行0,amount,12175.60,万元,1,,2023,final,department,12175.60,,true,")
        );
    }

    /// A report in 元 beside one in 万元: `value_wan` puts both in 万元, exactly, with the
    /// report's metadata on each fact and the canonical name of a total row.
    #[test]
    fn facts_carry_the_report_and_the_value_in_wan() {
        let dir = tempfile::tempdir().unwrap();
        let mut yuan = record("00000000000000aa", &[("summary", "amount", "96282213.44")]);
        yuan.facts[0].unit = "元".into();
        yuan.report.department = "上海市普陀区统计局".into();
        yuan.facts[0].row_name = "支出总计".into();
        let mut wan = record("00000000000000bb", &[("summary", "amount", "12175.60")]);
        // (an amount read by OCR carries the engine's confidence)
        wan.facts[0].confidence = Some(87);
        let mut shape = Shape::of(&yuan);
        shape.add(&Shape::of(&wan));
        let csv_only = Formats {
            csv: true,
            parquet: false,
        };
        let mut w = Writer::create(dir.path(), csv_only, &shape).unwrap();
        w.push(&yuan).unwrap();
        w.push(&wan).unwrap();
        w.finish().unwrap();
        let facts = std::fs::read_to_string(dir.path().join("facts.csv")).unwrap();
        let lines: Vec<&str> = facts.lines().collect();
        assert_eq!(
            lines,
            [
                "report_id,table,side,row_code,row_name,column,value,unit,page,department,year,kind,scope,value_wan,row_key,total_column,confidence",
                "00000000000000aa,summary,,,支出总计,amount,96282213.44,元,1,上海市普陀区统计局,2023,final,department,9628.221344,total,true,",
                "00000000000000bb,summary,,,行0,amount,12175.60,万元,1,,2023,final,department,12175.60,,true,87",
            ]
        );
    }

    #[test]
    fn reports_rendered_on_other_threads_give_the_files_push_gives() {
        let recs: Vec<Record> = (0..3)
            .map(|k| {
                record(
                    &format!("{k:016x}"),
                    &[
                        ("summary", "amount", "12175.60"),
                        ("summary", "other", "0.5"),
                    ],
                )
            })
            .collect();
        let mut shape = Shape::default();
        for r in &recs {
            shape.add(&Shape::of(r));
        }
        for formats in [
            Formats {
                csv: true,
                parquet: false,
            },
            Formats {
                csv: true,
                parquet: true,
            },
            Formats {
                csv: false,
                parquet: true,
            },
        ] {
            let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
            let mut w = Writer::create(a.path(), formats, &shape).unwrap();
            for r in &recs {
                w.push(r).unwrap();
            }
            w.finish().unwrap();
            let mut w = Writer::create(b.path(), formats, &shape).unwrap();
            let renderer = w.renderer();
            let rendered: Vec<Rendered> = std::thread::scope(|s| {
                let jobs: Vec<_> = recs
                    .iter()
                    .map(|r| {
                        let renderer = renderer.clone();
                        s.spawn(move || renderer.render(r.clone()))
                    })
                    .collect();
                jobs.into_iter().map(|j| j.join().unwrap()).collect()
            });
            for r in &rendered {
                w.push_rendered(r).unwrap();
            }
            w.finish().unwrap();
            let files = |d: &Path| {
                let mut v: Vec<PathBuf> = ["", "tables"]
                    .iter()
                    .flat_map(|sub| std::fs::read_dir(d.join(sub)).unwrap().flatten())
                    .map(|e| e.path())
                    .filter(|p| p.is_file())
                    .map(|p| p.strip_prefix(d).unwrap().to_path_buf())
                    .collect();
                v.sort();
                v
            };
            let names = files(a.path());
            assert_eq!(names, files(b.path()));
            let kinds = usize::from(formats.csv) + usize::from(formats.parquet);
            assert_eq!(
                names.len(),
                kinds * (5 + yjs_analyze::checks::CANONICAL.len())
            );
            for f in names {
                let (x, y) = (a.path().join(&f), b.path().join(&f));
                assert_eq!(
                    std::fs::read(x).unwrap(),
                    std::fs::read(y).unwrap(),
                    "{f:?}"
                );
            }
        }
        // a report rendered for CSV alone cannot go to a Parquet file
        let dir = tempfile::tempdir().unwrap();
        let csv_only = Writer::create(
            dir.path(),
            Formats {
                csv: true,
                parquet: false,
            },
            &shape,
        )
        .unwrap()
        .renderer()
        .render(recs[0].clone());
        let both = Formats {
            csv: true,
            parquet: true,
        };
        let mut w = Writer::create(dir.path(), both, &shape).unwrap();
        assert!(w.push_rendered(&csv_only).is_err());
    }

    #[test]
    fn parquet_row_groups_are_written_early_to_keep_memory_under_the_budget() {
        use ::parquet::file::reader::{FileReader, SerializedFileReader};
        let dir = tempfile::tempdir().unwrap();
        let values: Vec<String> = (0..20_000).map(|i| format!("{i}.25")).collect();
        let facts: Vec<(&str, &str, &str)> = values
            .iter()
            .map(|v| ("summary", "amount", v.as_str()))
            .collect();
        let recs: Vec<Record> = (0..4)
            .map(|k| record(&format!("{k:016x}"), &facts))
            .collect();
        let mut shape = Shape::default();
        for r in &recs {
            shape.add(&Shape::of(r));
        }
        let parquet = Formats {
            csv: false,
            parquet: true,
        };
        let mut w = Writer::create(dir.path(), parquet, &shape).unwrap();
        for r in &recs {
            w.push(r).unwrap();
            let pending: usize = w
                .open
                .iter()
                .map(|o| match &o.sink {
                    Sink::Parquet(p) => p.pending_bytes(),
                    Sink::Csv(_) => 0,
                })
                .sum();
            assert!(pending <= PARQUET_BUDGET, "{pending}");
        }
        w.finish().unwrap();
        let file = std::fs::File::open(dir.path().join("facts.parquet")).unwrap();
        let reader = SerializedFileReader::new(file).unwrap();
        let meta = reader.metadata();
        // 80,000 rows, more than one 65,536-row group would hold, in groups the budget cut
        assert!(meta.num_row_groups() > 2, "{}", meta.num_row_groups());
        assert_eq!(meta.file_metadata().num_rows(), 80_000);
        let rows: Vec<_> = reader
            .get_row_iter(None)
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(rows.len(), 80_000);
        // every row where it belongs, across the row groups
        for (n, row) in [
            (0, &rows[0]),
            (45_001, &rows[45_001]),
            (79_999, &rows[79_999]),
        ] {
            let text = row.to_string();
            assert!(text.contains(&format!("行{}", n % 20_000)), "{text}");
            assert!(text.contains(&format!("{:016x}", n / 20_000)), "{text}");
        }
    }

    fn walk(dir: &Path) -> Vec<String> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            if e.path().is_dir() {
                out.extend(walk(&e.path()));
            } else {
                out.push(e.file_name().to_string_lossy().into_owned());
            }
        }
        out
    }

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
