//! `cache/index.json`: the run's inputs (path, report_id) in output order, and the records that
//! have no cache entry. `yjs merge` reads output folders through it.

use super::Planned;
use crate::record::Record;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::Path;

/// `cache/index.json`.
#[derive(Deserialize)]
pub(super) struct Index {
    /// The run's inputs in output order.
    pub(super) reports: Vec<IndexRow>,
    /// Records without a cache entry (unreadable files, files stopped by the time limit).
    pub(super) uncached: Vec<Record>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct IndexRow {
    pub(super) path: String,
    pub(super) report_id: String,
}

/// [`Index`] as written, from the planned reports without copying them: `reports` one row per
/// input, `uncached` the records held without an entry (once each).
pub(super) struct IndexOut<'a>(pub(super) &'a [Planned]);

impl Serialize for IndexOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let planned = self.0;
        let mut seen = HashSet::new();
        let uncached: Vec<&Record> = planned
            .iter()
            .filter_map(|p| p.held.as_deref())
            .filter(|r| seen.insert(r.report.path.as_str()))
            .collect();
        let mut m = s.serialize_struct("Index", 2)?;
        m.serialize_field("reports", &Rows(planned))?;
        m.serialize_field("uncached", &uncached)?;
        m.end()
    }
}

/// The `reports` rows of [`IndexOut`].
pub(super) struct Rows<'a>(&'a [Planned]);

impl Serialize for Rows<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|p| IndexRowRef {
            path: &p.brief.path,
            report_id: &p.brief.report_id,
        }))
    }
}

/// [`IndexRow`] as written.
#[derive(Serialize)]
pub(super) struct IndexRowRef<'a> {
    path: &'a str,
    report_id: &'a str,
}

/// A JSON file of the output folder, read and parsed; the reason when it cannot be.
pub(super) fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    serde_json::from_slice(&bytes).map_err(|e| e.to_string())
}
