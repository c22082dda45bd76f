//! `yjs merge`: output folders (shards of one batch, or separate batches) into one.

use super::cache::{
    cache_dir, entry_path, read_entry_at, remove_temp_files, repath_json, write_entry, Entry,
};
use super::index::{read_json, Index};
use super::{finish, io, named_brief, BatchError, Briefs, Planned};
use crate::output::{self, Formats, Shape};
use crate::record::Record;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where a merged report comes from.
struct Source {
    folder: PathBuf,
    report_id: String,
    /// The record, when its folder holds it in the index instead of a cache entry.
    held: Option<Record>,
}

/// Merges the output folders of `yjs extract` (shards of one batch, or separate batches) into
/// `out`: one row per input path, in path order (a path in several folders: the last folder
/// named wins), as one run over all the inputs would write it.
pub fn merge(folders: &[PathBuf], out: &Path, formats: Formats) -> Result<Briefs, BatchError> {
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let out_c = canon(out);
    if folders.iter().any(|f| canon(f) == out_c) {
        return Err(BatchError::OutIsInput(out.to_path_buf()));
    }
    let mut rows: BTreeMap<PathBuf, Source> = BTreeMap::new();
    for folder in folders {
        let index: Index = read_json(&cache_dir(folder).join("index.json")).map_err(|reason| {
            BatchError::NotOutput {
                path: folder.clone(),
                reason,
            }
        })?;
        let mut uncached: HashMap<String, Record> = index
            .uncached
            .into_iter()
            .map(|r| (r.report.path.clone(), r))
            .collect();
        for row in index.reports {
            rows.insert(
                PathBuf::from(&row.path),
                Source {
                    folder: folder.clone(),
                    held: uncached.remove(&row.path),
                    report_id: row.report_id,
                },
            );
        }
    }
    std::fs::create_dir_all(out).map_err(io(out))?;
    remove_temp_files(out);
    // each content's JSON and cache entry, from the folder of its first path
    let mut planned: Vec<Planned> = Vec::with_capacity(rows.len());
    let mut placed: HashMap<String, usize> = HashMap::new();
    let shape = Mutex::new(Shape::default());
    for (path, src) in rows {
        let path = path.to_string_lossy().into_owned();
        if let Some(mut r) = src.held {
            r.report.path = path;
            planned.push(Planned {
                brief: named_brief(&r, &shape),
                held: Some(Box::new(r)),
            });
            continue;
        }
        if let Some(&at) = placed.get(&src.report_id) {
            let p = planned[at].clone().named(&src.report_id, &path);
            planned.push(p);
            continue;
        }
        let p = entry_path(&src.folder, &src.report_id);
        let e: Entry = read_entry_at(&p).map_err(|reason| BatchError::BadCache {
            path: p.clone(),
            reason,
        })?;
        let json_path = e.record.report.path.clone();
        let mut r = e.record;
        r.report.path = path.clone();
        if r.report.has_json() {
            let src_json = output::json_path(&src.folder, r.id());
            let dst = output::json_path(out, r.id());
            let bytes = std::fs::read(&src_json).map_err(io(&src_json))?;
            output::write_redoable(&dst, &bytes).map_err(io(&dst))?;
            let mut at_json = r.clone();
            at_json.report.path = json_path.clone();
            if json_path != path && !repath_json(out, &at_json, &path).map_err(io(&dst))? {
                return Err(BatchError::BadCache {
                    path: src_json,
                    reason: "the JSON does not hold the report its cache entry describes".into(),
                });
            }
        }
        write_entry(out, e.stamp, &r, None).map_err(io(&cache_dir(out)))?;
        placed.insert(src.report_id, planned.len());
        planned.push(Planned {
            brief: named_brief(&r, &shape),
            held: None,
        });
    }
    let shape = shape.into_inner().unwrap_or_else(|p| p.into_inner());
    finish(out, &planned, &shape, formats)?;
    Ok(Briefs(planned))
}
