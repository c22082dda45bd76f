//! `yjs panel OUT`: the facts of every report in an output folder as one long table across
//! departments and years (`OUT/panel.csv`, `OUT/panel.parquet`; docs/contract.md): for each
//! department, year and scope, each cell of a canonical table with the 预算's and the 决算's
//! figure side by side, their difference, and the change from the year before — in 万元, exact.
//!
//! The steps: [`read`] `facts.csv` (each report's facts with its metadata; `reports.csv` for the
//! copies of a report found under several paths), give each report its department key
//! ([`normalise`]) and keep one report per department, year, scope and kind ([`pair::select`]),
//! put each kept fact in its cell ([`pair::cells`]), compute the differences
//! ([`pair::derive`]) and write the lines in cell order ([`write`]).

pub mod normalise;
pub mod pair;
pub mod read;
mod write;

use crate::output::Formats;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub use write::column_names;

/// Why the panel could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PanelError {
    /// The folder named is not one.
    #[error("{} is not a folder: name the output folder of `yjs extract --out`", dir.display())]
    NotAFolder {
        /// What was named.
        dir: PathBuf,
    },
    /// The folder lacks a file the panel reads.
    #[error(
        "{} has no {file}: make it with `yjs extract INPUT --out {}` (--format csv or both) first",
        dir.display(),
        dir.display()
    )]
    Missing {
        /// The folder.
        dir: PathBuf,
        /// The file missing.
        file: String,
    },
    /// A file lacks a column the panel reads.
    #[error(
        "{} has no column {column}: it was written by an older yjs; run yjs extract again",
        file.display()
    )]
    MissingColumn {
        /// The file.
        file: PathBuf,
        /// The column.
        column: String,
    },
    /// A file could not be read.
    #[error("reading {}: {source}", file.display())]
    Csv {
        /// The file.
        file: PathBuf,
        /// Why.
        source: csv::Error,
    },
    /// The panel could not be written.
    #[error("writing the panel into {}: {source}", dir.display())]
    Write {
        /// The folder.
        dir: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// What a panel holds, and what was left out of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Lines written.
    pub rows: usize,
    /// Department keys.
    pub departments: usize,
    /// Department keys, years and scopes.
    pub department_years: usize,
    /// Those with both a 预算 and a 决算.
    pub pairs: usize,
    /// Those whose year before is in the panel too.
    pub with_prior_year: usize,
    /// Reports with facts in `facts.csv`.
    pub reports: usize,
    /// Reports kept.
    pub kept: usize,
    /// Reports of a department, year, scope and kind another report already gives.
    pub set_aside: usize,
    /// Of those, the ones with the kept report's facts.
    pub identical: usize,
    /// Reports without a department, a year or a kind.
    pub unplaced: usize,
    /// Rows of `facts.csv` that do not read.
    pub malformed: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "panel: {} rows, {} departments, {} department-years ({} with 预算 and 决算, {} with \
             the year before); {} reports: {} kept, {} set aside as duplicates ({} with \
             identical facts), {} without department, year or kind; {} malformed rows skipped",
            self.rows,
            self.departments,
            self.department_years,
            self.pairs,
            self.with_prior_year,
            self.reports,
            self.kept,
            self.set_aside,
            self.identical,
            self.unplaced,
            self.malformed,
        )
    }
}

/// Makes the panel of the output folder `dir` and writes it into `dir` in `formats`.
pub fn run(dir: &Path, formats: Formats) -> Result<Summary, PanelError> {
    let read = read::read(dir)?;
    let reports = &read.reports;
    let sel = pair::select(reports);
    let cells = pair::cells(reports, &sel);
    let lines: Vec<write::Line<'_>> = cells
        .iter()
        .map(|(key, cell)| write::Line {
            key,
            budget: cell
                .budget
                .map(|(r, f)| (&reports[r], &reports[r].facts[f])),
            fin: cell.fin.map(|(r, f)| (&reports[r], &reports[r].facts[f])),
            derived: pair::derive(reports, &cells, key, cell),
        })
        .collect();
    write::write(dir, formats, &lines).map_err(|source| PanelError::Write {
        dir: dir.to_path_buf(),
        source,
    })?;
    let mut summary = count(reports, &sel);
    summary.rows = lines.len();
    summary.unplaced = read.unplaced + sel.unplaced;
    summary.reports = reports.len() + read.unplaced;
    summary.malformed = read.malformed;
    Ok(summary)
}

/// The departments, department-years, pairs and reports of a selection.
fn count(reports: &[read::Report], sel: &pair::Selection) -> Summary {
    let mut years: BTreeSet<(&str, &str, i32)> = BTreeSet::new();
    let mut kinds: BTreeSet<(&str, &str, i32, read::Figure)> = BTreeSet::new();
    for &r in &sel.kept {
        if let Some((key, scope)) = &sel.slots[r] {
            years.insert((key, scope, reports[r].year));
            kinds.insert((key, scope, reports[r].year, reports[r].figure));
        }
    }
    let departments: BTreeSet<&str> = years.iter().map(|(k, _, _)| *k).collect();
    let pairs = years
        .iter()
        .filter(|&&(k, s, y)| {
            kinds.contains(&(k, s, y, read::Figure::Budget))
                && kinds.contains(&(k, s, y, read::Figure::Final))
        })
        .count();
    let with_prior_year = years
        .iter()
        .filter(|&&(k, s, y)| y.checked_sub(1).is_some_and(|p| years.contains(&(k, s, p))))
        .count();
    Summary {
        departments: departments.len(),
        department_years: years.len(),
        pairs,
        with_prior_year,
        kept: sel.kept.len(),
        set_aside: sel.set_aside,
        identical: sel.identical,
        ..Summary::default()
    }
}
