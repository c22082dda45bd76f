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

use crate::ingest::{self, Failure, Options};
use crate::output::Shape;
use crate::output::{self, Formats};
use crate::record::{Brief, Record, ReportRow};
use rayon::prelude::*;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

mod cache;
mod index;
mod merge;
mod shard;

pub use cache::{decode_entry, stamp, RECORD_SCHEMA};
pub use merge::merge;
pub use shard::Shard;

use cache::{
    cache_dir, entry_path, from_cache, prune, read_entry_at, remove_temp_files, write_entry,
    ENTRY_EXT,
};
use index::IndexOut;

/// Why a batch or merge stopped (a file that cannot be converted never stops it: it is a
/// `failed` row).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// Reading or writing the output folder failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A folder to merge is not an output folder of `yjs extract`.
    #[error("{}: not an output folder of yjs extract (no readable cache/index.json: {reason})", path.display())]
    NotOutput {
        /// The folder.
        path: PathBuf,
        /// Why its index cannot be read.
        reason: String,
    },
    /// A cache entry or JSON a merge needs is missing or damaged.
    #[error("{}: {reason}", path.display())]
    BadCache {
        /// The entry or JSON.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The merge's output folder is one of its inputs.
    #[error("the output folder {} is also an input of the merge", .0.display())]
    OutIsInput(PathBuf),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BatchError + '_ {
    move |source| BatchError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// What one batch run does.
#[derive(Debug, Clone)]
pub struct Config {
    /// The output folder.
    pub out: PathBuf,
    /// The formats of the combined tables.
    pub formats: Formats,
    /// Extract every input again, whatever the cache holds.
    pub force: bool,
    /// Only this shard of the inputs.
    pub shard: Option<Shard>,
    /// Per-file limits.
    pub options: Options,
}

/// Told about the batch as it runs (the CLI's progress bar).
pub trait Progress: Sync {
    /// The plan: how many distinct contents are extracted and how many are taken from the cache.
    fn start(&self, _to_extract: usize, _from_cache: usize) {}
    /// One content extracted; `cached`: its cache entry is written, so a rerun (after an
    /// interruption, say) takes it from there.
    fn extracted(&self, _record: &Record, _cached: bool) {}
}

/// The briefs of a batch or merge, one per input in output order (kept where the batch planned
/// them, not copied out).
pub struct Briefs(Vec<Planned>);

impl Briefs {
    /// The briefs, in output order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &Brief> + Clone + '_ {
        self.0.iter().map(|p| &p.brief)
    }

    /// How many inputs.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// No input at all?
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A finished batch.
pub struct Summary {
    /// One brief per input.
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
        self.sha256.map(|d| ingest::hex(&d))
    }
}

fn identify(path: &Path) -> Input<'_> {
    // read in blocks, never held whole (the pipeline reads it again when it is to be extracted)
    let hashed = ingest::open_regular(path).and_then(ingest::digest_reader);
    let (id, sha256) = match hashed {
        Ok(d) => (ingest::hex(&d[..8]), Some(d)),
        Err(_) => (ingest::path_id(path), None),
    };
    let mut input = Input {
        path,
        id: [b'0'; 16],
        sha256,
    };
    input.id.copy_from_slice(&id.as_bytes()[..16]);
    input
}

/// Extracts one file: the record, and whether it may be cached ([`ingest::Outcome::cacheable`]).
/// Writes its JSON and cache entry. A panic anywhere in the pipeline fails only this file.
fn extract_one(out: &Path, input: &Input, options: &Options) -> std::io::Result<(Record, bool)> {
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        ingest::process_with(input.path, options, input.sha256_hex().as_deref())
    }));
    let mut outcome = run.unwrap_or_else(|p| {
        let mut report = ReportRow::new(input.path);
        report.report_id = input.report_id().to_string();
        report.sha256 = input.sha256_hex().unwrap_or_default();
        ingest::failed(report, Failure::Panic(ingest::panic_message(p.as_ref())))
    });
    let cacheable = outcome.cacheable();
    let json = outcome.json.take();
    let rec = outcome.into_record();
    if let Some(json) = &json {
        output::write_json(out, rec.id(), json)?;
    }
    if cacheable {
        write_entry(out, stamp(), &rec, json.as_ref().map(|j| j.len() as u64))?;
    }
    Ok((rec, cacheable))
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
            .map(|p| Ok(renderer.render(p.load(out)?)))
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
            progress.extracted(&r, cacheable);
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
