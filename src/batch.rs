//! Batches: many inputs into one output folder, incrementally, in shards, and merged.
//!
//! Every input is first identified by its content (`report_id` = the first 16 hex digits of its
//! SHA-256). Inputs with the same content are extracted once; the document JSON names the first
//! of their paths (in path order). Each extracted report leaves, beside its
//! `json/<report_id>.json`, a cache entry `cache/<report_id>.json`: its rows of every combined
//! table ([`Record`]), stamped with the build ([`stamp`]). A later run over the same folder takes
//! the reports whose content has an entry of the same build from the cache instead of
//! extracting them again, and rewrites the combined tables from every current input, so the
//! folder is byte for byte what a fresh run would write. `cache/index.json` lists the run's
//! inputs (path, report_id) and holds the records that have no entry (unreadable files, files
//! stopped by the time limit); `yjs merge` reads the folders through it.
//!
//! Invariants: the combined tables are written only from records, in path order, whether the
//! records were extracted now, taken from the cache or merged from other folders; the folder's
//! `json/` and `cache/` hold exactly the current reports' files.

use crate::output::Shape;
use crate::output::{self, Formats};
use crate::pipeline::{self, Options};
use crate::record::{Brief, Record, ReportRow};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Mutex;

/// Version of the cache entry and index layout; bumped when [`Record`] changes.
pub const RECORD_SCHEMA: u32 = 2;

/// The build a cache entry was made by: yjs version, record layout and source fingerprint.
pub fn stamp() -> String {
    format!(
        "yjs {} record {} source {}",
        env!("CARGO_PKG_VERSION"),
        RECORD_SCHEMA,
        env!("YJS_SOURCE_HASH")
    )
}

#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: not an output folder of yjs extract (no readable cache/index.json: {reason})", path.display())]
    NotOutput { path: PathBuf, reason: String },
    #[error("{}: {reason}", path.display())]
    BadCache { path: PathBuf, reason: String },
    #[error("the output folder {} is also an input of the merge", .0.display())]
    OutIsInput(PathBuf),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BatchError + '_ {
    move |source| BatchError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// `K/N`: the K-th of N shards (1-based). A shard takes the inputs whose `report_id`, read as a
/// 64-bit hexadecimal number, leaves K − 1 divided by N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: u64,
    pub n: u64,
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("{s:?} is not K/N with 1 <= K <= N (e.g. 2/8)");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (k, n): (u64, u64) = (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if k == 0 || k > n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }
}

impl Shard {
    pub fn takes(&self, report_id: &str) -> bool {
        u64::from_str_radix(report_id, 16).is_ok_and(|v| v % self.n == self.k - 1)
    }
}

/// What one batch run does.
#[derive(Debug, Clone)]
pub struct Config {
    pub out: PathBuf,
    pub formats: Formats,
    /// Extract every input again, whatever the cache holds.
    pub force: bool,
    pub shard: Option<Shard>,
    pub options: Options,
}

/// Told about the batch as it runs (the CLI's progress bar).
pub trait Progress: Sync {
    /// The plan: how many distinct contents are extracted and how many are taken from the cache.
    fn start(&self, _to_extract: usize, _from_cache: usize) {}
    /// One content extracted.
    fn extracted(&self, _record: &Record) {}
}

/// The briefs of a batch or merge, one per input in output order (kept where the batch planned
/// them, not copied out).
pub struct Briefs(Vec<Planned>);

impl Briefs {
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &Brief> + Clone + '_ {
        self.0.iter().map(|p| &p.brief)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A finished batch.
pub struct Summary {
    pub records: Briefs,
    /// Distinct contents extracted in this run.
    pub extracted: usize,
    /// Distinct contents taken from the cache.
    pub from_cache: usize,
}

/// An input file and its content identity, kept for every input of the batch (so nothing of
/// it is allocated apart). `sha256` is `None` when the file cannot be read; its report_id then
/// comes from the path, as the pipeline gives it.
struct Input<'a> {
    path: &'a Path,
    /// The report_id: 16 lower-case hexadecimal digits.
    id: [u8; 16],
    sha256: Option<[u8; 32]>,
}

impl Input<'_> {
    fn report_id(&self) -> &str {
        // hexadecimal digits only (see `identify`)
        std::str::from_utf8(&self.id).unwrap_or_default()
    }

    /// The content's SHA-256 in hexadecimal, as reports hold it.
    fn sha256_hex(&self) -> Option<String> {
        self.sha256.map(|d| pipeline::hex(&d))
    }
}

fn identify(path: &Path) -> Input<'_> {
    // read in blocks, never held whole (the pipeline reads it again when it is to be extracted)
    let hashed = pipeline::open_regular(path).and_then(pipeline::digest_reader);
    let (id, sha256) = match hashed {
        Ok(d) => (pipeline::hex(&d[..8]), Some(d)),
        Err(_) => (pipeline::path_id(path), None),
    };
    let mut input = Input {
        path,
        id: [b'0'; 16],
        sha256,
    };
    input.id.copy_from_slice(&id.as_bytes()[..16]);
    input
}

/// A cache entry: the record of one content, its path being the one its JSON names.
#[derive(Serialize, Deserialize)]
struct Entry {
    stamp: String,
    record: Record,
    /// The length of the report's JSON when the entry was written (files are not synced one
    /// by one: a JSON cut short by a power failure no longer matches, and is redone).
    json_len: Option<u64>,
}

/// `cache/index.json`.
#[derive(Deserialize)]
struct Index {
    /// The run's inputs in output order.
    reports: Vec<IndexRow>,
    /// Records without a cache entry (unreadable files, files stopped by the time limit).
    uncached: Vec<Record>,
}

#[derive(Serialize, Deserialize)]
struct IndexRow {
    path: String,
    report_id: String,
}

/// [`Index`] as written, from the planned reports without copying them: `reports` one row per
/// input, `uncached` the records held without an entry (once each).
struct IndexOut<'a>(&'a [Planned]);

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
struct Rows<'a>(&'a [Planned]);

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
struct IndexRowRef<'a> {
    path: &'a str,
    report_id: &'a str,
}

fn cache_dir(out: &Path) -> PathBuf {
    out.join("cache")
}

/// The cache entry of a report: its [`Entry`] in postcard (a compact binary serde format; an
/// entry is written once a report and read back at the end of every run).
fn entry_path(out: &Path, report_id: &str) -> PathBuf {
    cache_dir(out).join(format!("{report_id}.{ENTRY_EXT}"))
}

const ENTRY_EXT: &str = "bin";

/// A cache entry, read and decoded; the reason when it cannot be.
fn read_entry_at(path: &Path) -> Result<Entry, String> {
    decode(&std::fs::read(path).map_err(|e| e.to_string())?)
}

fn decode(bytes: &[u8]) -> Result<Entry, String> {
    postcard::from_bytes(bytes).map_err(|e| e.to_string())
}

/// The record of the cache entry `bytes` (the contents of a `cache/<report_id>.bin`); the
/// reason when they are no whole entry.
pub fn decode_entry(bytes: &[u8]) -> Result<Record, String> {
    decode(bytes).map(|e| e.record)
}

/// A JSON file of the output folder, read and parsed; the reason when it cannot be.
fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    serde_json::from_slice(&bytes).map_err(|e| e.to_string())
}

fn read_entry(out: &Path, report_id: &str) -> Option<Entry> {
    read_entry_at(&entry_path(out, report_id)).ok()
}

/// Writes the cache entry of `record`, noting the length of its JSON as written (`json_len`,
/// when the caller has just written it; otherwise the file's).
fn write_entry(
    out: &Path,
    stamp: String,
    record: &Record,
    json_len: Option<u64>,
) -> std::io::Result<()> {
    let json_len = match (record.report.has_json(), json_len) {
        (false, _) => None,
        (true, Some(n)) => Some(n),
        (true, None) => Some(std::fs::metadata(output::json_path(out, record.id()))?.len()),
    };
    let bytes = postcard::to_stdvec(&EntryRef {
        stamp: &stamp,
        record,
        json_len,
    })
    .map_err(std::io::Error::other)?;
    output::write_redoable(&entry_path(out, record.id()), &bytes)
}

/// [`Entry`] as written.
#[derive(Serialize)]
struct EntryRef<'a> {
    stamp: &'a str,
    record: &'a Record,
    json_len: Option<u64>,
}

/// The bytes of a report's `"report": {…}` member in its document JSON.
fn report_key(r: &ReportRow) -> Vec<u8> {
    let mut k = b"\"report\":".to_vec();
    k.extend(serde_json::to_vec(r).unwrap_or_default());
    k
}

/// Rewrites the `report.path` of `json/<id>.json` in `dir` from `old.report.path` to `new_path`,
/// byte for byte as extraction would have written it. `false` when the file does not hold
/// `old`'s report object exactly once.
fn repath_json(dir: &Path, old: &Record, new_path: &str) -> std::io::Result<bool> {
    let file = output::json_path(dir, old.id());
    let bytes = std::fs::read(&file)?;
    let mut new = old.report.clone();
    new.path = new_path.to_string();
    let (from, to) = (report_key(&old.report), report_key(&new));
    let hits: Vec<usize> = bytes
        .windows(from.len())
        .enumerate()
        .filter(|(_, w)| *w == from.as_slice())
        .map(|(i, _)| i)
        .take(2)
        .collect();
    let [at] = hits[..] else {
        return Ok(false);
    };
    let mut patched = Vec::with_capacity(bytes.len() + to.len());
    patched.extend_from_slice(&bytes[..at]);
    patched.extend_from_slice(&to);
    patched.extend_from_slice(&bytes[at + from.len()..]);
    output::write_redoable(&file, &patched)?;
    Ok(true)
}

/// The cached record of `input` (whose JSON is to name `json_path`), when the cache holds one
/// of this build for the same content and its JSON is in place.
fn from_cache(out: &Path, input: &Input, json_path: &str) -> Option<Record> {
    let entry = read_entry(out, input.report_id())?;
    let r = &entry.record;
    if entry.stamp != stamp()
        || r.id() != input.report_id()
        || Some(&r.report.sha256) != input.sha256_hex().as_ref()
    {
        return None;
    }
    if r.report.has_json() {
        let len = std::fs::metadata(output::json_path(out, r.id()))
            .ok()?
            .len();
        if entry.json_len != Some(len) {
            return None;
        }
        if r.report.path != json_path {
            // the same content under another path: the JSON and the entry follow the path
            if !repath_json(out, r, json_path).ok()? {
                return None;
            }
            let mut moved = entry.record.clone();
            moved.report.path = json_path.to_string();
            write_entry(out, entry.stamp, &moved, None).ok()?;
            return Some(moved);
        }
    }
    Some(entry.record)
}

/// Extracts one file: the record, and whether it may be cached (a file stopped by the time
/// limit is tried again next time; a file that could not be read has no content to key on).
/// Writes its JSON and cache entry. A panic anywhere in the pipeline fails only this file.
fn extract_one(out: &Path, input: &Input, options: &Options) -> std::io::Result<(Record, bool)> {
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pipeline::process_with(input.path, options, input.sha256_hex().as_deref())
    }));
    let (outcome, timed_out) = match run {
        Ok(r) => r,
        Err(p) => {
            let mut report = ReportRow::new(input.path);
            report.report_id = input.report_id().to_string();
            report.sha256 = input.sha256_hex().unwrap_or_default();
            let failed = pipeline::failed(
                report,
                format!(
                    "internal error while processing the file: {}",
                    pipeline::panic_message(p.as_ref())
                ),
            );
            let rec = Record::from(&failed);
            return Ok((rec, false));
        }
    };
    output::write_json(out, &outcome)?;
    let rec = Record::from(&outcome);
    let cacheable = !timed_out && !rec.report.sha256.is_empty();
    if cacheable {
        write_entry(
            out,
            stamp(),
            &rec,
            outcome.json.as_ref().map(|j| j.len() as u64),
        )?;
    }
    Ok((rec, cacheable))
}

/// Removes temporary files a killed run left in the output folder.
fn remove_temp_files(out: &Path) {
    for dir in [
        out.to_path_buf(),
        out.join("tables"),
        out.join("json"),
        cache_dir(out),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            if output::is_temp_name(&e.file_name().to_string_lossy()) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

fn is_report_id(s: &str) -> bool {
    s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Removes the `<id>.json` and `<id>.bin` files of `dir` but the `<id>.EXT` of the ids in `keep`
/// (the entries of an older cache layout go too).
fn prune(dir: &Path, ext: &str, keep: &[&str]) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some((id, e_ext)) = name.rsplit_once('.') {
            if is_report_id(id)
                && matches!(e_ext, "json" | "bin")
                && !(e_ext == ext && keep.binary_search(&id).is_ok())
            {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// A report of the output, in output order: what the batch keeps of it and where its rows are.
#[derive(Clone)]
struct Planned {
    brief: Brief,
    /// The record itself when it has no cache entry (an unreadable file, a file stopped by the
    /// time limit); otherwise its rows are read back from `cache/<report_id>.bin`. Boxed: a
    /// batch holds one `Planned` per input.
    held: Option<Box<Record>>,
}

impl Planned {
    /// The report named by its id and its input's path.
    fn named(mut self, report_id: &str, path: &str) -> Planned {
        self.brief.report_id = report_id.into();
        self.brief.path = path.into();
        if let Some(r) = &mut self.held {
            r.report.path = path.to_string();
        }
        self
    }

    /// Its rows: the held record, or its cache entry's under its own path.
    fn load(&self, out: &Path) -> Result<Record, BatchError> {
        if let Some(r) = &self.held {
            return Ok(r.as_ref().clone());
        }
        let path = entry_path(out, &self.brief.report_id);
        let mut r = read_entry_at(&path)
            .map_err(|reason| BatchError::BadCache { path, reason })?
            .record;
        r.report.path = self.brief.path.to_string();
        Ok(r)
    }
}

fn add_shape(r: &Record, shape: &Mutex<Shape>) {
    let s = Shape::of(r);
    shape.lock().unwrap_or_else(|p| p.into_inner()).add(&s);
}

/// The brief of a report (unnamed: see [`Planned::named`]), its shape added to the batch's.
fn brief(r: &Record, shape: &Mutex<Shape>) -> Brief {
    add_shape(r, shape);
    Brief::unnamed(r)
}

/// The brief of a report named by its record's id and path, its shape added to the batch's.
fn named_brief(r: &Record, shape: &Mutex<Shape>) -> Brief {
    add_shape(r, shape);
    Brief::from(r)
}

/// Reports loaded at a time (in parallel) while the combined tables are written.
const WRITE_CHUNK: usize = 4;

/// Writes the combined tables of the reports of `shape`, one report at a time in output order
/// (so that the batch holds a few reports' rows at a time, whatever its size), and the index, and leaves
/// in `json/` and `cache/` only the files of the current reports.
fn finish(
    out: &Path,
    planned: &[Planned],
    shape: &Shape,
    formats: Formats,
) -> Result<(), BatchError> {
    let mut w = output::Writer::create(out, formats, shape).map_err(io(out))?;
    // the next chunk is read back and rendered (in parallel) while the current one is written
    let renderer = w.renderer();
    let load = |chunk: &[Planned]| -> Vec<Result<output::Rendered, BatchError>> {
        chunk
            .par_iter()
            .map(|p| renderer.render(p.load(out)?).map_err(io(out)))
            .collect()
    };
    let mut chunks = planned.chunks(WRITE_CHUNK);
    let mut current = chunks.next().map(load).unwrap_or_default();
    loop {
        let next_chunk = chunks.next();
        let (next, written) = rayon::join(
            || next_chunk.map(load),
            || -> Result<(), BatchError> {
                for r in current {
                    w.push_rendered(&r?).map_err(io(out))?;
                }
                Ok(())
            },
        );
        written?;
        match next {
            Some(n) => current = n,
            None => break,
        }
    }
    w.finish().map_err(io(out))?;
    let index_path = cache_dir(out).join("index.json");
    output::write_atomic_with(&index_path, |w| {
        serde_json::to_writer(w, &IndexOut(planned)).map_err(std::io::Error::other)
    })
    .map_err(io(&index_path))?;
    let keep = |has: fn(&Planned) -> bool| -> Vec<&str> {
        let mut ids: Vec<&str> = planned
            .iter()
            .filter(|p| has(p))
            .map(|p| &*p.brief.report_id)
            .collect();
        ids.sort_unstable();
        ids
    };
    prune(&out.join("json"), "json", &keep(|p| p.brief.has_json()));
    prune(&cache_dir(out), ENTRY_EXT, &keep(|p| p.held.is_none()));
    Ok(())
}

/// Runs a batch over `files` (sorted, distinct) into `cfg.out`. Call it inside the rayon pool
/// that is to do the work.
pub fn run(
    files: &[PathBuf],
    cfg: &Config,
    progress: &dyn Progress,
) -> Result<Summary, BatchError> {
    let out = cfg.out.as_path();
    std::fs::create_dir_all(out).map_err(io(out))?;
    remove_temp_files(out);
    let mut inputs: Vec<Input> = files.par_iter().map(|f| identify(f)).collect();
    if let Some(shard) = cfg.shard {
        inputs.retain(|i| shard.takes(i.report_id()));
    }
    // one extraction per content, at its first path; unreadable files each on their own;
    // `slot`: which of `first` each input's report is
    let mut first: Vec<&Input> = Vec::new();
    let mut slot: Vec<usize> = Vec::with_capacity(inputs.len());
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for i in &inputs {
        let mut new = || {
            first.push(i);
            first.len() - 1
        };
        slot.push(match i.sha256 {
            Some(_) => *seen.entry(i.report_id()).or_insert_with(new),
            None => new(),
        });
    }
    drop(seen);
    let shape = Mutex::new(Shape::default());
    // each of `first`'s reports, taken by its first input below: from the cache, then the rest
    // extracted (one vector for both: it holds an entry per input)
    let mut done: Vec<Option<Planned>> = first
        .par_iter()
        .map(|i| {
            (!cfg.force && i.sha256.is_some())
                .then(|| from_cache(out, i, &i.path.to_string_lossy()))
                .flatten()
                .map(|r| Planned {
                    brief: brief(&r, &shape),
                    held: None,
                })
        })
        .collect();
    let from_cache_n = done.iter().filter(|h| h.is_some()).count();
    progress.start(first.len() - from_cache_n, from_cache_n);
    done.par_iter_mut()
        .zip(&first)
        .filter(|(p, _)| p.is_none())
        .try_for_each(|(p, i)| -> std::io::Result<()> {
            let (r, cacheable) = extract_one(out, i, &cfg.options)?;
            progress.extracted(&r);
            *p = Some(Planned {
                brief: brief(&r, &shape),
                held: (!cacheable).then(|| Box::new(r)),
            });
            Ok(())
        })
        .map_err(io(out))?;
    // one report per input; a content's report is moved to its first path and copied only for
    // further paths with the same content
    let mut placed: Vec<usize> = vec![0; first.len()];
    let mut planned: Vec<Planned> = Vec::with_capacity(inputs.len());
    for (i, &n) in inputs.iter().zip(&slot) {
        let p = match done[n].take() {
            Some(p) => {
                placed[n] = planned.len();
                p
            }
            None => planned[placed[n]].clone(),
        };
        planned.push(p.named(i.report_id(), &i.path.to_string_lossy()));
    }
    // what planning used, per input, is not kept while the tables are written
    let extracted = first.len() - from_cache_n;
    drop((done, placed, slot, first));
    drop(inputs);
    let shape = shape.into_inner().unwrap_or_else(|p| p.into_inner());
    finish(out, &planned, &shape, cfg.formats)?;
    Ok(Summary {
        records: Briefs(planned),
        extracted,
        from_cache: from_cache_n,
    })
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pruning_keeps_the_current_entries_only_and_drops_an_older_layout() {
        let dir = tempfile::tempdir().unwrap();
        let (kept, gone) = ("0123456789abcdef", "fedcba9876543210");
        for name in [
            format!("{kept}.bin"),
            format!("{kept}.json"), // the same report's entry in the JSON layout of before
            format!("{gone}.bin"),
            "index.json".to_string(),
            "notes.txt".to_string(),
        ] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        prune(dir.path(), ENTRY_EXT, &[kept]);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                format!("{kept}.bin"),
                "index.json".into(),
                "notes.txt".into()
            ]
        );
    }

    #[test]
    fn a_cache_entry_decodes_to_its_record_and_a_cut_one_does_not() {
        let mut rec = Record {
            report: ReportRow::new(Path::new("a/b.pdf")),
            facts: vec![],
            checks: vec![],
            narrative: vec![],
        };
        rec.report.report_id = "0123456789abcdef".into();
        rec.facts.push(crate::record::FactRow {
            table: "income_expenditure_summary".into(),
            side: "income".into(),
            row_code: String::new(),
            row_name: "一般公共预算财政拨款收入".into(),
            column: "amount".into(),
            value: rust_decimal::Decimal::new(1217560, 2),
            unit: "万元".into(),
            page: 3,
            row_seq: 0,
        });
        let bytes = postcard::to_stdvec(&EntryRef {
            stamp: "s",
            record: &rec,
            json_len: Some(7),
        })
        .unwrap();
        let back = decode_entry(&bytes).unwrap();
        assert_eq!(back, rec);
        assert_eq!(back.facts[0].value.to_string(), "12175.60");
        assert!(decode_entry(&bytes[..bytes.len() - 3]).is_err());
    }

    #[test]
    fn shards_partition_by_report_id() {
        assert_eq!("2/8".parse::<Shard>(), Ok(Shard { k: 2, n: 8 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        let shards: Vec<Shard> = (1..=3).map(|k| Shard { k, n: 3 }).collect();
        // 0x…0c = 12 → 12 % 3 = 0 → shard 1; 0x…0d → shard 2; 0x…0e → shard 3
        for (id, k) in [
            ("000000000000000c", 1),
            ("000000000000000d", 2),
            ("000000000000000e", 3),
            ("ffffffffffffffff", 1), // 2^64 − 1 is divisible by 3
        ] {
            let takers: Vec<u64> = shards.iter().filter(|s| s.takes(id)).map(|s| s.k).collect();
            assert_eq!(takers, vec![k], "{id}");
        }
    }

    #[test]
    fn the_json_report_object_is_found_and_repathed_byte_for_byte() {
        // a document JSON as the pipeline writes it, for a path that needs escaping
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("a \"b\" 部门.docx");
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("corpus")
                .join("长沙市大数据中心-2023-部门决算.docx"),
            &input,
        )
        .unwrap();
        let outcome = pipeline::process(&input);
        let rec = Record::from(&outcome);
        let json = outcome.json.as_deref().unwrap();
        let key = report_key(&rec.report);
        assert_eq!(
            json.windows(key.len())
                .filter(|w| *w == key.as_slice())
                .count(),
            1
        );
        output::write_json(dir.path(), &outcome).unwrap();
        assert!(repath_json(dir.path(), &rec, "moved/c.docx").unwrap());
        let read = |p: &Path| -> serde_json::Value {
            serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
        };
        let mut moved = read(&output::json_path(dir.path(), rec.id()));
        assert_eq!(moved["report"]["path"], "moved/c.docx");
        moved["report"]["path"] = rec.report.path.clone().into();
        assert_eq!(
            moved,
            serde_json::from_slice::<serde_json::Value>(json).unwrap()
        );
        // a JSON that does not hold the object is left alone
        let mut other = rec.clone();
        other.report.pages += 1;
        assert!(!repath_json(dir.path(), &other, "x.docx").unwrap());
    }
}
