//! `yjs`, the command line: `yjs extract` converts reports into an output folder, `yjs merge`
//! joins output folders. Progress bar, end-of-run summary and exit status live here; everything
//! else is the `yjs` library.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use yjs::batch::{self, Briefs, Shard};
use yjs::output::Formats;
use yjs::record::{Record, Status};

/// jemalloc: the extractors and checks allocate many small strings and vectors a page. Its small
/// size classes live in slabs of a few pages, so what one report leaves allocated (a cache, a
/// result) pins little, and the pages a report freed are given back to the system after about a
/// second ([`JEMALLOC_CONF`]): a batch's memory stays where its first reports put it, whatever its
/// length (measured in `scripts/bench`, README).
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read before `main`: unused dirty pages are returned to the system after
/// 1 s (`dirty_decay_ms`, 10 s by default, longer than most batches) and at once from there
/// (`muzzy_decay_ms:0`: `MADV_FREE`d pages still count as resident until the kernel needs them).
/// `_RJEM_MALLOC_CONF` in the environment is read after these and can override them.
#[allow(non_upper_case_globals)]
#[export_name = "_rjem_malloc_conf"]
pub static JEMALLOC_CONF: Option<&'static std::ffi::c_char> =
    Some(unsafe { &*c"dirty_decay_ms:1000,muzzy_decay_ms:0".as_ptr() });

/// yjs — turns 部门预算 / 部门决算 disclosure reports (PDF, DOCX) into exact, checked tables.
#[derive(Parser)]
#[command(name = "yjs", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Csv,
    Parquet,
    Both,
}

impl From<Format> for Formats {
    fn from(f: Format) -> Formats {
        Formats {
            csv: matches!(f, Format::Csv | Format::Both),
            parquet: matches!(f, Format::Parquet | Format::Both),
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Extract the canonical tables of every report under INPUT into DIR.
    ///
    /// Writes reports.csv, facts.csv, tables/<table>.csv, checks.csv, narrative.csv (and/or the
    /// same tables as .parquet) and json/<report_id>.json (see docs/contract.md), plus cache/ for
    /// incremental runs: a rerun over the same DIR extracts only new or changed files (by
    /// content) and rewrites the combined tables for every current input. Exit status: 0 when
    /// every input was processed, 1 when at least one could not be (it is listed in reports.csv
    /// with its error), 2 on usage errors.
    Extract {
        /// Files or folders (walked recursively; .pdf, .docx, .xlsx, .doc, .xls files are taken).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output folder (created if missing).
        #[arg(long, short)]
        out: PathBuf,
        /// Worker threads (default: all cores).
        #[arg(long, short)]
        jobs: Option<usize>,
        /// Format of the combined tables.
        #[arg(long, value_enum, default_value = "csv")]
        format: Format,
        /// No progress or summary on stderr.
        #[arg(long, short)]
        quiet: bool,
        /// Extract every input again, ignoring what DIR's cache holds.
        #[arg(long)]
        force: bool,
        /// Time limit per file in seconds (0: none); a file over it is failed and the batch goes on.
        #[arg(long, value_name = "SECS", default_value_t = 60)]
        timeout: u64,
        /// Take only the K-th of N shares of the inputs (by content: report_id mod N = K-1);
        /// combine the shards' folders with `yjs merge`.
        #[arg(long, value_name = "K/N")]
        shard: Option<Shard>,
    },
    /// Merge output folders of `yjs extract` (e.g. shards) into DIR, as one run over all their
    /// inputs would have written it. Exit status as for extract.
    Merge {
        /// Output folders of `yjs extract --out` (or of earlier merges).
        #[arg(required = true)]
        folders: Vec<PathBuf>,
        /// Output folder (created if missing; not one of the merged folders).
        #[arg(long, short)]
        out: PathBuf,
        /// Format of the combined tables.
        #[arg(long, value_enum, default_value = "csv")]
        format: Format,
        /// No summary on stderr.
        #[arg(long, short)]
        quiet: bool,
    },
}

const DOC_EXTENSIONS: &[&str] = &["pdf", "docx", "xlsx", "doc", "xls"];

fn collect(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            walk(input, &mut files)
                .with_context(|| format!("reading folder {}", input.display()))?;
        } else if input.exists() {
            files.push(input.clone());
        } else {
            anyhow::bail!("input not found: {}", input.display());
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let p = entry.path();
        let ft = entry.file_type()?;
        if ft.is_dir() {
            walk(&p, out)?;
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| DOC_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(p);
        }
    }
    Ok(())
}

/// The progress bar: files extracted of those to extract, pages, failures, rate and ETA.
struct Bar {
    bar: indicatif::ProgressBar,
    visible: bool,
    pages: AtomicUsize,
    failed: AtomicUsize,
    cached: AtomicUsize,
}

impl Bar {
    fn new(visible: bool) -> Bar {
        // drawn from the start of the extraction (once its length is known)
        let bar = indicatif::ProgressBar::hidden();
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{elapsed} [{bar:20}] {pos}/{len} files, {msg}, {rate}, ETA {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .with_key(
                "rate",
                |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.1} files/s", s.per_sec());
                },
            )
            .progress_chars("=> "),
        );
        let b = Bar {
            bar,
            visible,
            pages: AtomicUsize::new(0),
            failed: AtomicUsize::new(0),
            cached: AtomicUsize::new(0),
        };
        b.message();
        b
    }

    fn message(&self) {
        let cached = match self.cached.load(Ordering::Relaxed) {
            0 => String::new(),
            n => format!(" (+{n} from cache)"),
        };
        self.bar.set_message(format!(
            "{} pages, {} failed{cached}",
            self.pages.load(Ordering::Relaxed),
            self.failed.load(Ordering::Relaxed),
        ));
    }
}

impl batch::Progress for Bar {
    fn start(&self, to_extract: usize, from_cache: usize) {
        self.cached.store(from_cache, Ordering::Relaxed);
        self.bar.set_length(to_extract as u64);
        self.message();
        if self.visible {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }
    fn extracted(&self, r: &Record) {
        self.pages.fetch_add(r.report.pages, Ordering::Relaxed);
        if r.report.status == Status::Failed {
            self.failed.fetch_add(1, Ordering::Relaxed);
        }
        self.message();
        self.bar.inc(1);
    }
}

/// The end-of-run summary on stderr: failures with their reasons, counts by status, findings by
/// rule.
fn summarise(records: &Briefs, how: &str, out: &Path) {
    let count = |s: Status| records.iter().filter(|r| r.status == s).count();
    for r in records.iter().filter(|r| r.status == Status::Failed) {
        eprintln!("failed: {}: {}", r.path, r.error);
    }
    let facts: usize = records.iter().map(|r| r.facts).sum();
    eprintln!(
        "{} reports: {} ok, {} partial, {} failed ({how}); {} facts → {}",
        records.len(),
        count(Status::Ok),
        count(Status::Partial),
        count(Status::Failed),
        facts,
        out.display()
    );
    let mut by_rule: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
    for ((rule, severity), n) in records.iter().flat_map(|r| r.findings.iter()) {
        *by_rule
            .entry((rule.as_str(), severity.as_str()))
            .or_default() += n;
    }
    if !by_rule.is_empty() {
        eprintln!("findings by rule:");
        for ((rule, severity), n) in by_rule {
            eprintln!("  {rule:<28} {severity:<8} {n:>7}");
        }
    }
}

fn exit_status(records: &Briefs) -> i32 {
    if records.iter().any(|r| r.status == Status::Failed) {
        1
    } else {
        0
    }
}

fn run() -> Result<i32> {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract {
            inputs,
            out,
            jobs,
            format,
            quiet,
            force,
            timeout,
            shard,
        } => {
            let files = collect(&inputs)?;
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(jobs.unwrap_or(0))
                .build()
                .context("starting worker threads")?;
            let cfg = batch::Config {
                out: out.clone(),
                formats: format.into(),
                force,
                shard,
                options: yjs::ingest::Options {
                    time_limit: (timeout > 0).then(|| Duration::from_secs(timeout)),
                },
            };
            let bar = Bar::new(!quiet && std::io::stderr().is_terminal());
            let summary = pool
                .install(|| batch::run(&files, &cfg, &bar))
                .with_context(|| format!("writing outputs to {}", out.display()))?;
            bar.bar.finish_and_clear();
            if !quiet {
                summarise(
                    &summary.records,
                    &format!(
                        "{} extracted, {} from cache",
                        summary.extracted, summary.from_cache
                    ),
                    &out,
                );
            }
            Ok(exit_status(&summary.records))
        }
        Command::Merge {
            folders,
            out,
            format,
            quiet,
        } => {
            let records = batch::merge(&folders, &out, format.into())
                .with_context(|| format!("merging into {}", out.display()))?;
            if !quiet {
                summarise(
                    &records,
                    &format!("merged from {} folders", folders.len()),
                    &out,
                );
            }
            Ok(exit_status(&records))
        }
    }
}

fn main() {
    match run() {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("yjs: {e:#}");
            std::process::exit(2);
        }
    }
}
