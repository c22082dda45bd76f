use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use yjs::pipeline;

/// yjs — turns 部门预算 / 部门决算 disclosure reports (PDF) into exact, checked tables.
#[derive(Parser)]
#[command(name = "yjs", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract the canonical tables of every report under INPUT into DIR.
    ///
    /// Writes reports.csv, facts.csv, tables/<table>.csv, checks.csv, narrative.csv and
    /// json/<report_id>.json (see CONTRACT.md). Exit status: 0 when every input was processed,
    /// 1 when at least one could not be (it is listed in reports.csv with its error), 2 on usage
    /// errors.
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
        /// Output format; only csv is written so far.
        #[arg(long, default_value = "csv", value_parser = ["csv"])]
        format: String,
        /// No progress or summary on stderr.
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

fn run() -> Result<i32> {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract {
            inputs,
            out,
            jobs,
            format: _,
            quiet,
        } => {
            let files = collect(&inputs)?;
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(jobs.unwrap_or(0))
                .build()
                .context("starting worker threads")?;
            let outcomes: Vec<pipeline::Outcome> = pool
                .install(|| {
                    files
                        .par_iter()
                        .map(|f| {
                            // each document's JSON is written as soon as it is made, so memory
                            // holds only the tables' facts and findings of the batch
                            let mut o = pipeline::process(f);
                            yjs::output::write_json(&out, &o)?;
                            o.json = None;
                            Ok(o)
                        })
                        .collect::<std::io::Result<Vec<_>>>()
                })
                .with_context(|| format!("writing outputs to {}", out.display()))?;
            yjs::output::write_all(&out, &outcomes)
                .with_context(|| format!("writing outputs to {}", out.display()))?;
            let failed = outcomes
                .iter()
                .filter(|o| o.report.status == "failed")
                .count();
            let partial = outcomes
                .iter()
                .filter(|o| o.report.status == "partial")
                .count();
            if !quiet {
                for o in outcomes.iter().filter(|o| o.report.status == "failed") {
                    eprintln!("failed: {}: {}", o.report.path.display(), o.report.error);
                }
                let facts: usize = outcomes.iter().map(|o| o.facts.len()).sum();
                eprintln!(
                    "{} reports: {} ok, {} partial, {} failed; {} facts → {}",
                    outcomes.len(),
                    outcomes.len() - failed - partial,
                    partial,
                    failed,
                    facts,
                    out.display()
                );
            }
            Ok(if failed > 0 { 1 } else { 0 })
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
