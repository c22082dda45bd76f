//! `yjs`, the command line: `yjs extract` converts reports into an output folder, `yjs merge`
//! joins output folders, `yjs panel` puts an output folder's reports side by side across years,
//! `yjs view` writes an output folder's reports as HTML pages for auditing.
//! Progress bar, end-of-run summary and exit status live here; everything else is the `yjs`
//! library.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
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
#[command(name = "yjs", version, about, long_about = None, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The examples under `yjs --help`.
const EXAMPLES: &str = "\
Examples:
  yjs extract reports/ --out out                 every report under reports/ into out/, as CSV
  yjs extract a.pdf b.docx -o out --format both  two files, as CSV and Parquet
  yjs merge out1 out2 --out all                  two output folders (shards) joined into all/
  yjs panel out                                  out/panel.csv: 预算 beside 决算, across years
  yjs view out                                   out/view/index.html: each report's tables on its pages";

/// The examples under `yjs extract --help`.
const EXTRACT_EXAMPLES: &str = "\
Examples:
  yjs extract reports/ --out out                 every report under reports/ into out/, as CSV
  yjs extract a.pdf b.docx -o out --format both  two files, as CSV and Parquet
  yjs extract reports/ -o out --jobs 2 --quiet   two threads, nothing on stderr
  yjs extract reports/ -o out1 --shard 1/2       half of the reports (then yjs merge)";

/// The examples under `yjs merge --help`.
const MERGE_EXAMPLES: &str = "\
Examples:
  yjs merge out1 out2 --out all                  two output folders (shards) joined into all/
  yjs merge out1 out2 -o all --format parquet    the combined tables as Parquet";

/// The examples under `yjs panel --help`.
const PANEL_EXAMPLES: &str = "\
Examples:
  yjs extract reports/ --out out && yjs panel out   out/panel.csv from every report under reports/
  yjs panel out --format both                       out/panel.csv and out/panel.parquet";

/// The examples under `yjs view --help`.
const VIEW_EXAMPLES: &str = "\
Examples:
  yjs extract reports/ --out out && yjs view out   then open out/view/index.html in a browser
  yjs view out --images                            the pages as PNG images, shown without JavaScript";

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
    /// with its error), 2 on usage errors (a folder with no report in it, an --out that cannot be
    /// written), 130 when interrupted by Ctrl-C (a rerun of the same command resumes: the reports
    /// already cached are not extracted again).
    #[command(after_help = EXTRACT_EXAMPLES)]
    Extract(Extract),
    /// Merge output folders of `yjs extract` (e.g. shards) into DIR, as one run over all their
    /// inputs would have written it. Exit status as for extract.
    #[command(after_help = MERGE_EXAMPLES)]
    Merge(Merge),
    /// Put the reports of an output folder side by side across years, into OUT/panel.csv.
    ///
    /// One row per department, year, scope, table row and column, with the 预算 and the 决算
    /// figure, their difference and the change from the year before, in 万元 (see
    /// docs/contract.md). Reads OUT/facts.csv and OUT/reports.csv, written by `yjs extract --out OUT` (or `yjs
    /// merge`); run it again after those change. Exit status: 0 when the panel is written, 2 when
    /// OUT has no facts.csv or it cannot be written.
    #[command(after_help = PANEL_EXAMPLES)]
    Panel(Panel),
    /// Write HTML pages for auditing the reports of an output folder, into OUT/view/.
    ///
    /// OUT/view/index.html lists every report of OUT/reports.csv; OUT/view/<report_id>.html shows
    /// its findings and tables, each beside the pages it is printed on with every fact's cell
    /// outlined (PDF reports: the browser draws the pages from a copy of the file in
    /// OUT/view/pdf/, or with --images they are drawn now into OUT/view/img/). The pages open
    /// from disk. Reads each report's file at the path reports.csv gives: run it from the folder
    /// `yjs extract` ran in. Exit status: 0 when the pages are written, 2 when OUT has no
    /// reports.csv or cannot be written.
    #[command(after_help = VIEW_EXAMPLES)]
    View(View),
}

/// The arguments of `yjs extract`.
#[derive(clap::Args)]
struct Extract {
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
}

/// The arguments of `yjs merge`.
#[derive(clap::Args)]
struct Merge {
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
}

/// The arguments of `yjs panel`.
#[derive(clap::Args)]
struct Panel {
    /// An output folder of `yjs extract --out` (or `yjs merge`); the panel is written into it.
    #[arg(value_name = "OUT")]
    dir: PathBuf,
    /// Format of the panel.
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
    /// No summary on stderr.
    #[arg(long, short)]
    quiet: bool,
}

/// The arguments of `yjs view`.
#[derive(clap::Args)]
struct View {
    /// An output folder of `yjs extract --out` (or `yjs merge`); the pages go to OUT/view/.
    #[arg(value_name = "OUT")]
    dir: PathBuf,
    /// Worker threads (default: all cores).
    #[arg(long, short)]
    jobs: Option<usize>,
    /// Draw the pages of PDF reports now, as PNG images in OUT/view/img/ (about 3 ms of CPU a
    /// page), rather than in the browser: pages that show without JavaScript.
    #[arg(long)]
    images: bool,
    /// No summary on stderr.
    #[arg(long, short)]
    quiet: bool,
}

/// Writes a line to stderr. A closed stderr (`yjs extract … 2>&1 | head -1`) is no error: the
/// line and every later one are dropped and the run ends with its own exit status (a write to a
/// closed pipe fails with `BrokenPipe`, where `eprintln!` would panic). Other write errors are
/// dropped too: there is nowhere left to report them.
macro_rules! say {
    ($($arg:tt)*) => {
        say(format_args!($($arg)*))
    };
}

fn say(line: std::fmt::Arguments) {
    use std::io::Write;
    static CLOSED: AtomicBool = AtomicBool::new(false);
    if CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let line = format!("{line}\n");
    if let Err(e) = std::io::stderr().lock().write_all(line.as_bytes()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            CLOSED.store(true, Ordering::Relaxed);
        }
    }
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
    if files.is_empty() {
        let under: Vec<String> = inputs.iter().map(|i| i.display().to_string()).collect();
        anyhow::bail!(
            "no reports found under {} (no .pdf, .docx, .xlsx, .doc or .xls file)",
            under.join(", ")
        );
    }
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

/// The output folder made ready before any work: created if missing and checked to be a folder
/// this process can write in, so that a wrong `--out` is one clear error up front.
fn prepare_out(out: &Path) -> Result<()> {
    if std::fs::metadata(out).is_ok_and(|m| !m.is_dir()) {
        anyhow::bail!("--out {} is a file, not a directory", out.display());
    }
    std::fs::create_dir_all(out)
        .with_context(|| format!("cannot create the output folder {}", out.display()))?;
    // a temporary name, which the next run removes should this process die before it does
    let probe = out.join(yjs::output::temp_name("write-check"));
    std::fs::File::create(&probe)
        .with_context(|| format!("cannot write in the output folder {}", out.display()))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// The progress bar: files extracted of those to extract, pages, failures, rate and ETA; and the
/// counts an interruption reports.
struct Bar {
    bar: indicatif::ProgressBar,
    visible: bool,
    pages: AtomicUsize,
    failed: AtomicUsize,
    /// Reports taken from the cache of earlier runs.
    cached: AtomicUsize,
    /// Reports extracted in this run whose cache entry is written.
    kept: AtomicUsize,
    /// The inputs are identified and the extraction planned ([`batch::Progress::start`]).
    planned: AtomicBool,
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
            kept: AtomicUsize::new(0),
            planned: AtomicBool::new(false),
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

    /// Takes the bar off the terminal for good.
    fn clear(&self) {
        self.bar.finish_and_clear();
        self.bar
            .set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }

    /// The line an interrupted extraction into `out` ends with: how many reports are kept in
    /// the cache, and how to resume.
    fn interrupted(&self, out: &Path, force: bool) -> String {
        let now = self.kept.load(Ordering::Relaxed);
        let cache = out.join("cache");
        let (kept, resume) = if !self.planned.load(Ordering::Relaxed) {
            let kept = "nothing extracted yet (the inputs were being read)".to_string();
            let resume = if force {
                "rerun the same command"
            } else {
                "rerun the same command to resume"
            };
            (kept, resume)
        } else if force {
            let kept = format!(
                "{} extracted again and kept in {}",
                reports(now),
                cache.display()
            );
            (kept, "rerun without --force to resume")
        } else {
            let before = self.cached.load(Ordering::Relaxed);
            let kept = format!(
                "{} kept in {} ({now} extracted in this run, {before} from earlier runs)",
                reports(now + before),
                cache.display()
            );
            (kept, "rerun the same command to resume")
        };
        format!("interrupted: {kept}; {resume}: cached reports are not extracted again")
    }
}

/// The progress bar's terminal: stderr, two columns narrower than it is. indicatif pads the bar's
/// line to the full width, which leaves the cursor past the last column: the `^C` a terminal
/// echoes on Ctrl-C then wraps to a line of its own, and clearing that line would leave the bar
/// on the screen above it.
#[derive(Debug)]
struct BarTerm(console::Term);

impl indicatif::TermLike for BarTerm {
    fn width(&self) -> u16 {
        self.0.size().1.saturating_sub(2).max(1)
    }
    fn height(&self) -> u16 {
        self.0.size().0
    }
    fn move_cursor_up(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_up(n)
    }
    fn move_cursor_down(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_down(n)
    }
    fn move_cursor_right(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_right(n)
    }
    fn move_cursor_left(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_left(n)
    }
    fn write_line(&self, s: &str) -> std::io::Result<()> {
        self.0.write_line(s)
    }
    fn write_str(&self, s: &str) -> std::io::Result<()> {
        self.0.write_str(s)
    }
    fn clear_line(&self) -> std::io::Result<()> {
        self.0.clear_line()
    }
    fn flush(&self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// "1 report", "2 reports".
fn reports(n: usize) -> String {
    format!("{n} report{}", if n == 1 { "" } else { "s" })
}

impl batch::Progress for Bar {
    fn start(&self, to_extract: usize, from_cache: usize) {
        self.cached.store(from_cache, Ordering::Relaxed);
        self.planned.store(true, Ordering::Relaxed);
        self.bar.set_length(to_extract as u64);
        self.message();
        if self.visible {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::term_like_with_hz(
                    Box::new(BarTerm(console::Term::buffered_stderr())),
                    20,
                ));
        }
    }
    fn extracted(&self, r: &Record, cached: bool) {
        self.pages.fetch_add(r.report.pages, Ordering::Relaxed);
        if r.report.status == Status::Failed {
            self.failed.fetch_add(1, Ordering::Relaxed);
        }
        if cached {
            self.kept.fetch_add(1, Ordering::Relaxed);
        }
        self.message();
        self.bar.inc(1);
    }
}

/// Exit status of a run stopped by Ctrl-C (SIGINT): 128 + the signal's number, as a shell
/// reports a program the signal ended.
const INTERRUPTED: i32 = 130;

/// From now on Ctrl-C ends the process with [`INTERRUPTED`], after `stop` (which clears the
/// progress bar) and, unless `quiet`, the line it returns on stderr. Whatever the run wrote under
/// a final name is complete (every file is renamed into place), so stopping at any point is safe.
fn on_interrupt(quiet: bool, stop: impl Fn() -> String + Send + 'static) -> Result<()> {
    ctrlc::set_handler(move || {
        let line = stop();
        if !quiet {
            say!("yjs: {line}");
        }
        std::process::exit(INTERRUPTED);
    })
    .context("setting up the Ctrl-C handler")
}

/// A run's duration as the summary gives it: `3.2 s`, `4 min 5 s`, `2 h 3 min`.
fn duration(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{:.1} s", d.as_secs_f64()),
        60..3600 => format!("{} min {} s", s / 60, s % 60),
        _ => format!("{} h {} min", s / 3600, s / 60 % 60),
    }
}

/// The end-of-run summary on stderr: failures with their reasons, counts by status and the time
/// taken, findings by rule.
fn summarise(records: &Briefs, how: &str, out: &Path, started: Instant) {
    let count = |s: Status| records.iter().filter(|r| r.status == s).count();
    for r in records.iter().filter(|r| r.status == Status::Failed) {
        say!("failed: {}: {}", r.path, r.error);
    }
    let facts: usize = records.iter().map(|r| r.facts).sum();
    say!(
        "{} reports: {} ok, {} partial, {} failed ({how}); {} facts → {} in {}",
        records.len(),
        count(Status::Ok),
        count(Status::Partial),
        count(Status::Failed),
        facts,
        out.display(),
        duration(started.elapsed()),
    );
    let mut by_rule: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
    for ((rule, severity), n) in records.iter().flat_map(|r| r.findings.iter()) {
        *by_rule
            .entry((rule.as_str(), severity.as_str()))
            .or_default() += n;
    }
    if !by_rule.is_empty() {
        say!("findings by rule:");
        for ((rule, severity), n) in by_rule {
            say!("  {rule:<28} {severity:<8} {n:>7}");
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

/// `yjs extract`: the exit status.
fn extract(args: Extract, started: Instant) -> Result<i32> {
    let files = collect(&args.inputs)?;
    prepare_out(&args.out)?;
    let bar = Arc::new(Bar::new(!args.quiet && std::io::stderr().is_terminal()));
    {
        let (bar, out, force) = (Arc::clone(&bar), args.out.clone(), args.force);
        on_interrupt(args.quiet, move || {
            bar.clear();
            bar.interrupted(&out, force)
        })?;
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("starting worker threads")?;
    let cfg = batch::Config {
        out: args.out.clone(),
        formats: args.format.into(),
        force: args.force,
        shard: args.shard,
        options: yjs::ingest::Options {
            time_limit: (args.timeout > 0).then(|| Duration::from_secs(args.timeout)),
        },
    };
    let summary = pool.install(|| batch::run(&files, &cfg, &*bar));
    bar.clear();
    let summary = summary.with_context(|| format!("writing outputs to {}", args.out.display()))?;
    if !args.quiet {
        let how = format!(
            "{} extracted, {} from cache",
            summary.extracted, summary.from_cache
        );
        summarise(&summary.records, &how, &args.out, started);
    }
    Ok(exit_status(&summary.records))
}

/// `yjs merge`: the exit status.
fn merge(args: Merge, started: Instant) -> Result<i32> {
    prepare_out(&args.out)?;
    {
        let out = args.out.clone();
        on_interrupt(args.quiet, move || {
            format!(
                "interrupted: the merge into {} did not finish; rerun the same command to \
                 complete it",
                out.display()
            )
        })?;
    }
    let records = batch::merge(&args.folders, &args.out, args.format.into())
        .with_context(|| format!("merging into {}", args.out.display()))?;
    if !args.quiet {
        let how = format!("merged from {} folders", args.folders.len());
        summarise(&records, &how, &args.out, started);
    }
    Ok(exit_status(&records))
}

/// `yjs panel`: the exit status.
fn panel(args: Panel, started: Instant) -> Result<i32> {
    {
        let dir = args.dir.clone();
        on_interrupt(args.quiet, move || {
            format!(
                "interrupted: the panel of {} was not written; rerun the same command",
                dir.display()
            )
        })?;
    }
    let formats: Formats = args.format.into();
    let summary = yjs::panel::run(&args.dir, formats)?;
    if !args.quiet {
        let file = if formats.csv {
            "panel.csv"
        } else {
            "panel.parquet"
        };
        say!(
            "{summary} → {} in {}",
            args.dir.join(file).display(),
            duration(started.elapsed())
        );
    }
    Ok(0)
}

/// `yjs view`: the exit status.
fn view(args: View, started: Instant) -> Result<i32> {
    {
        let dir = args.dir.clone();
        on_interrupt(args.quiet, move || {
            format!(
                "interrupted: the pages of {} are not all written; rerun the same command",
                dir.display()
            )
        })?;
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("starting worker threads")?;
    let mode = if args.images {
        yjs::view::Pages::Images
    } else {
        yjs::view::Pages::Browser
    };
    let summary = pool.install(|| yjs::view::run(&args.dir, mode))?;
    if !args.quiet {
        if summary.no_source > 0 {
            say!(
                "yjs: {} PDF reports are shown without their pages: their file is not at the \
                 path reports.csv gives, or has changed (run yjs view from the folder yjs extract \
                 ran in)",
                summary.no_source
            );
        }
        if summary.cjk_missing {
            say!(
                "yjs: no CJK font installed: text in fonts a PDF does not embed is missing from \
                 the page images (Debian: apt-get install fonts-noto-cjk)"
            );
        }
        say!(
            "{summary} → {} in {}",
            args.dir.join("view").join("index.html").display(),
            duration(started.elapsed())
        );
    }
    Ok(0)
}

fn main() {
    let started = Instant::now();
    let run = match Cli::parse().command {
        Command::Extract(args) => extract(args, started),
        Command::Merge(args) => merge(args, started),
        Command::Panel(args) => panel(args, started),
        Command::View(args) => view(args, started),
    };
    match run {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            say!("yjs: {e:#}");
            std::process::exit(2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_at_a_glance() {
        assert_eq!(duration(Duration::from_millis(3240)), "3.2 s");
        assert_eq!(duration(Duration::from_millis(59_940)), "59.9 s");
        assert_eq!(duration(Duration::from_secs(245)), "4 min 5 s");
        assert_eq!(duration(Duration::from_secs(7380)), "2 h 3 min");
    }

    #[test]
    fn the_interruption_line_counts_what_the_cache_keeps() {
        let bar = Bar::new(false);
        batch::Progress::start(&bar, 5, 1);
        let out = Path::new("out");
        assert_eq!(
            bar.interrupted(out, false),
            format!(
                "interrupted: 1 report kept in {} (0 extracted in this run, 1 from earlier \
                 runs); rerun the same command to resume: cached reports are not extracted again",
                out.join("cache").display()
            )
        );
    }
}
