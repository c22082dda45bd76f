//! Reading an output folder for the panel: the facts of `facts.csv`, grouped by report, with the
//! report's metadata their rows carry. `reports.csv` says how many facts each report has: a file
//! found under two paths is one `report_id` whose facts `facts.csv` holds once per path, and
//! only the first copy is read.

use super::PanelError;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

/// Which figure a report gives: the kind of report, where it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Figure {
    /// A 预算 (`kind = budget`).
    Budget,
    /// A 决算 (`kind = final`).
    Final,
}

/// One fact of a report (a row of `facts.csv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// `table`.
    pub table: Arc<str>,
    /// `side` (empty for a one-sided table).
    pub side: Arc<str>,
    /// `row_code`.
    pub row_code: Arc<str>,
    /// `row_name`.
    pub row_name: Arc<str>,
    /// `row_key` (empty but for a total row).
    pub row_key: Arc<str>,
    /// `column`.
    pub column: Arc<str>,
    /// `value`, as printed.
    pub value: Decimal,
    /// `unit`.
    pub unit: Arc<str>,
    /// `value_wan` (none where the unit is not a money unit).
    pub value_wan: Option<Decimal>,
    /// `page`.
    pub page: u32,
}

/// A report with a department, a year and a kind, and its facts in document order.
#[derive(Debug, Clone)]
pub struct Report {
    /// `report_id`.
    pub id: Arc<str>,
    /// `department`, as printed.
    pub department: Arc<str>,
    /// `year`.
    pub year: i32,
    /// `kind`.
    pub figure: Figure,
    /// `scope` (`department`, `unit` or `unknown`).
    pub scope: Arc<str>,
    /// Its facts, in `facts.csv` order.
    pub facts: Vec<Fact>,
}

/// What was read of a folder.
#[derive(Debug, Default)]
pub struct Read {
    /// The reports the panel can place: with a department, a year and a kind.
    pub reports: Vec<Report>,
    /// Reports with facts but no department, year or kind (`unknown`): left out.
    pub unplaced: usize,
    /// Rows of `facts.csv` that do not read (a field missing, a value that is no decimal, a
    /// page that is no number): skipped.
    pub malformed: usize,
}

/// The columns of `facts.csv` the panel reads, by name; [`ID`] … [`ROW_KEY`] are their
/// positions in this list.
const FACT_COLUMNS: [&str; 15] = [
    "report_id",
    "table",
    "side",
    "row_code",
    "row_name",
    "column",
    "value",
    "unit",
    "page",
    "department",
    "year",
    "kind",
    "scope",
    "value_wan",
    "row_key",
];
const ID: usize = 0;
const TABLE: usize = 1;
const SIDE: usize = 2;
const ROW_CODE: usize = 3;
const ROW_NAME: usize = 4;
const COLUMN: usize = 5;
const VALUE: usize = 6;
const UNIT: usize = 7;
const PAGE: usize = 8;
const DEPARTMENT: usize = 9;
const YEAR: usize = 10;
const KIND: usize = 11;
const SCOPE: usize = 12;
const VALUE_WAN: usize = 13;
const ROW_KEY: usize = 14;

/// Where each of [`FACT_COLUMNS`] is in the file.
type At = [usize; FACT_COLUMNS.len()];

/// One copy of each repeated string (tables, columns, units, names: a few thousand distinct
/// values over hundreds of thousands of facts).
#[derive(Default)]
struct Interner(HashSet<Arc<str>>);

impl Interner {
    fn get(&mut self, s: &str) -> Arc<str> {
        if let Some(a) = self.0.get(s) {
            return a.clone();
        }
        let a: Arc<str> = s.into();
        self.0.insert(a.clone());
        a
    }
}

/// Reads `facts.csv` and `reports.csv` of `dir`.
pub fn read(dir: &Path) -> Result<Read, PanelError> {
    if !dir.is_dir() {
        return Err(PanelError::NotAFolder {
            dir: dir.to_path_buf(),
        });
    }
    let facts_path = dir.join("facts.csv");
    let reports_path = dir.join("reports.csv");
    for p in [&facts_path, &reports_path] {
        if !p.is_file() {
            return Err(PanelError::Missing {
                dir: dir.to_path_buf(),
                file: p.file_name().unwrap_or_default().to_string_lossy().into(),
            });
        }
    }
    let counts = fact_counts(&reports_path)?;
    read_facts(&facts_path, &counts)
}

/// Opens a CSV file, with the positions of `names` in its header.
fn open<const N: usize>(
    path: &Path,
    names: [&str; N],
) -> Result<(csv::Reader<std::fs::File>, [usize; N]), PanelError> {
    let csv_error = |e| PanelError::Csv {
        file: path.to_path_buf(),
        source: e,
    };
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(csv_error)?;
    let header = r.headers().map_err(csv_error)?;
    let mut at = [0; N];
    for (slot, name) in at.iter_mut().zip(names) {
        *slot = header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| PanelError::MissingColumn {
                file: path.to_path_buf(),
                column: name.to_string(),
            })?;
    }
    Ok((r, at))
}

/// The next record of `r` into `rec`: `Ok(false)` at the end; a record that does not read
/// (not UTF-8) is `Ok(true)` with `rec` emptied; an I/O error stops.
fn next(
    r: &mut csv::Reader<std::fs::File>,
    rec: &mut csv::StringRecord,
    path: &Path,
) -> Result<bool, PanelError> {
    match r.read_record(rec) {
        Ok(more) => Ok(more),
        Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => Err(PanelError::Csv {
            file: path.to_path_buf(),
            source: e,
        }),
        Err(_) => {
            rec.clear();
            Ok(true)
        }
    }
}

/// `reports.csv`: each report's number of facts (a report found under several paths is listed
/// once per path, with the same count).
fn fact_counts(path: &Path) -> Result<HashMap<String, usize>, PanelError> {
    let (mut r, [id, facts]) = open(path, ["report_id", "facts"])?;
    let mut counts = HashMap::new();
    let mut rec = csv::StringRecord::new();
    while next(&mut r, &mut rec, path)? {
        if let (Some(i), Some(Ok(n))) = (rec.get(id), rec.get(facts).map(str::parse::<usize>)) {
            counts.entry(i.to_string()).or_insert(n);
        }
    }
    Ok(counts)
}

/// A report being read: its place in the result, or why it has none.
enum Slot {
    Placed(usize),
    Unplaced,
}

/// The facts of `facts.csv`, by report, the first `counts[report_id]` rows of each. A report's
/// metadata is read from its first row that reads.
fn read_facts(path: &Path, counts: &HashMap<String, usize>) -> Result<Read, PanelError> {
    let (mut r, at) = open(path, FACT_COLUMNS)?;
    let mut out = Read::default();
    let mut seen: HashMap<Arc<str>, usize> = HashMap::new();
    let mut slots: HashMap<Arc<str>, Slot> = HashMap::new();
    let mut strings = Interner::default();
    let mut rec = csv::StringRecord::new();
    while next(&mut r, &mut rec, path)? {
        let Some(id) = rec.get(at[ID]).filter(|id| !id.is_empty()) else {
            out.malformed += 1;
            continue;
        };
        let id = strings.get(id);
        let n = seen.entry(id.clone()).or_default();
        // a further copy of a report found under several paths
        if counts.get(&*id).is_some_and(|&count| *n >= count) {
            continue;
        }
        *n += 1;
        let Some(fact) = fact_of(&rec, &at, &mut strings) else {
            out.malformed += 1;
            continue;
        };
        let slot = slots.entry(id.clone()).or_insert_with(|| {
            match report_of(&rec, &at, &id, &mut strings) {
                Some(report) => {
                    out.reports.push(report);
                    Slot::Placed(out.reports.len() - 1)
                }
                None => {
                    out.unplaced += 1;
                    Slot::Unplaced
                }
            }
        });
        if let Slot::Placed(k) = *slot {
            out.reports[k].facts.push(fact);
        }
    }
    Ok(out)
}

/// The report a row of `facts.csv` belongs to, from its metadata: none without a department, a
/// year or a kind.
fn report_of(
    rec: &csv::StringRecord,
    at: &At,
    id: &Arc<str>,
    strings: &mut Interner,
) -> Option<Report> {
    let field = |k: usize| rec.get(at[k]).unwrap_or_default();
    let department = field(DEPARTMENT).trim();
    let year = field(YEAR).parse::<i32>().ok()?;
    let figure = match field(KIND) {
        "budget" => Figure::Budget,
        "final" => Figure::Final,
        _ => return None,
    };
    if department.is_empty() {
        return None;
    }
    Some(Report {
        id: id.clone(),
        department: strings.get(department),
        year,
        figure,
        scope: strings.get(field(SCOPE)),
        facts: Vec::new(),
    })
}

/// A row of `facts.csv` as a fact: none where a field is missing or does not read.
fn fact_of(rec: &csv::StringRecord, at: &At, strings: &mut Interner) -> Option<Fact> {
    let field = |k: usize| rec.get(at[k]);
    let value = Decimal::from_str(field(VALUE)?).ok()?;
    let value_wan = match field(VALUE_WAN)? {
        "" => None,
        v => Some(Decimal::from_str(v).ok()?),
    };
    let page = field(PAGE)?.parse::<u32>().ok()?;
    let table = field(TABLE).filter(|t| !t.is_empty())?;
    let column = field(COLUMN).filter(|c| !c.is_empty())?;
    Some(Fact {
        table: strings.get(table),
        side: strings.get(field(SIDE)?),
        row_code: strings.get(field(ROW_CODE)?),
        row_name: strings.get(field(ROW_NAME)?),
        row_key: strings.get(field(ROW_KEY)?),
        column: strings.get(column),
        value,
        unit: strings.get(field(UNIT)?),
        value_wan,
        page,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "report_id,table,side,row_code,row_name,column,value,unit,page,department,year,kind,scope,value_wan,row_key,total_column";

    fn folder(reports: &str, facts: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("reports.csv"), reports).unwrap();
        let mut text = format!("{HEADER}\n");
        for f in facts {
            text.push_str(f);
            text.push('\n');
        }
        std::fs::write(dir.path().join("facts.csv"), text).unwrap();
        dir
    }

    const REPORTS: &str = "report_id,path,facts\na,x/a.pdf,2\na,y/a.pdf,2\nb,b.pdf,4\nc,c.pdf,1\n";
    const A1: &str = "a,expenditure,,,合计,total,12.50,万元,7,长沙市大数据中心,2023,final,department,12.50,total,true";
    const A2: &str = "a,three_public,,,三公经费,actual_total,5.97,万元,9,长沙市大数据中心,2023,final,department,5.97,,true";

    #[test]
    fn a_report_under_two_paths_is_read_once() {
        let dir = folder(REPORTS, &[A1, A2, A1, A2]);
        let read = read(dir.path()).unwrap();
        assert_eq!(read.reports.len(), 1);
        assert_eq!(read.reports[0].facts.len(), 2);
        assert_eq!(read.malformed, 0);
        let f = &read.reports[0].facts[0];
        assert_eq!(
            (f.value, f.value_wan, f.page),
            (Decimal::new(1250, 2), Some(Decimal::new(1250, 2)), 7)
        );
        assert_eq!((&*f.row_key, &*f.unit), ("total", "万元"));
    }

    #[test]
    fn malformed_rows_are_skipped_and_counted() {
        let facts = [
            "b,expenditure,,,合计",
            "b,expenditure,,,合计,total,12.5x,万元,7,长沙市公安局,2025,budget,department,,total,true",
            "b,expenditure,,,合计,total,12.50,万元,p7,长沙市公安局,2025,budget,department,12.50,total,true",
            "b,expenditure,,,合计,total,1.00,元,7,长沙市公安局,2025,budget,department,0.0001,total,true",
            ",expenditure,,,合计,total,1.00,元,7,长沙市公安局,2025,budget,department,0.0001,total,true",
            // no kind: the report cannot be placed, its rows are no error
            "c,expenditure,,,合计,total,1.00,元,7,长沙市公安局,2025,unknown,department,0.0001,total,true",
        ];
        let dir = folder(REPORTS, &facts);
        let read = read(dir.path()).unwrap();
        assert_eq!(read.malformed, 4);
        assert_eq!(read.unplaced, 1);
        assert_eq!(read.reports.len(), 1);
        assert_eq!(read.reports[0].facts.len(), 1);
        assert_eq!(read.reports[0].facts[0].value_wan, Some(Decimal::new(1, 4)));
    }

    #[test]
    fn a_folder_without_facts_or_with_old_columns_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let e = read(dir.path()).unwrap_err();
        assert!(e.to_string().contains("has no facts.csv"), "{e}");
        std::fs::write(dir.path().join("facts.csv"), "report_id,table\n").unwrap();
        std::fs::write(dir.path().join("reports.csv"), REPORTS).unwrap();
        let e = read(dir.path()).unwrap_err();
        assert!(e.to_string().contains("has no column side"), "{e}");
    }
}
