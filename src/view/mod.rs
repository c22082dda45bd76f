//! `yjs view OUT`: static HTML pages for auditing an output folder, written under `OUT/view/`
//! and opened from disk (no server).
//!
//! - `index.html`: every row of `OUT/reports.csv` with its counts, linking to its page;
//! - `<report_id>.html`: the report's findings and tables — each canonical table's facts as
//!   rows × column keys, its grids as printed, and beside them the pages its facts are on, each
//!   fact's cell outlined (`data-fact="TABLE|ROW|COLUMN"`, see [`doc::fact_key`]); a click on a
//!   fact, an outline or a finding shows the others;
//! - the pages of PDF reports, as [`Pages`] says: drawn by the browser with pdf.js from
//!   `pdf/<report_id>.js`, the report's file as a script, and `assets/` ([`assets`]); or drawn
//!   now as `img/<report_id>-<page>.png` ([`render`]). A file already there is kept: a
//!   `report_id` is its content, so its pages never change.
//!
//! The steps: read `reports.csv`, then for each report in parallel read its JSON ([`doc`]),
//! copy (or draw) what its pages need from the file `reports.csv` names (checked against its
//! SHA-256), write its page ([`html`]); then write the index.

pub mod assets;
pub mod doc;
pub mod html;
pub mod render;

use crate::record::{ReportRow, Status};
use doc::{BoxPt, Doc};
use rayon::prelude::*;
use render::{Fonts, Source};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Why the pages could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ViewError {
    /// The folder named is not one.
    #[error("{} is not a folder: name the output folder of `yjs extract --out`", dir.display())]
    NotAFolder {
        /// What was named.
        dir: PathBuf,
    },
    /// The folder has no `reports.csv`.
    #[error(
        "{} has no reports.csv: make it with `yjs extract INPUT --out {}` first",
        dir.display(),
        dir.display()
    )]
    NoReports {
        /// The folder.
        dir: PathBuf,
    },
    /// `reports.csv` does not read.
    #[error("reading {}: {source} (written by an older yjs? run yjs extract again)", file.display())]
    Csv {
        /// The file.
        file: PathBuf,
        /// Why.
        source: csv::Error,
    },
    /// A page could not be written.
    #[error("writing {}: {source}", path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// How the pages of PDF reports are shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Pages {
    /// Drawn by the browser (pdf.js) from a copy of the report's file: nothing is drawn by
    /// `yjs view`, so that it costs less than extraction, and the pages stay sharp when zoomed.
    #[default]
    Browser,
    /// Drawn by `yjs view` as PNG images (`hayro`): pages that show without JavaScript, for
    /// about 3 ms of CPU a page.
    Images,
}

/// What `yjs view` wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// How the pages of PDF reports are shown.
    pub mode: Pages,
    /// Rows of `reports.csv`.
    pub reports: usize,
    /// Report pages written.
    pub pages: usize,
    /// Rows without a page (failed, or their JSON missing or unreadable).
    pub without_page: usize,
    /// Page images rendered now.
    pub rendered: usize,
    /// Page images kept from an earlier run.
    pub reused: usize,
    /// Reports whose file was copied for the browser to draw (as `pdf/<report_id>.js`).
    pub copied: usize,
    /// Reports whose copy was kept from an earlier run.
    pub copies_kept: usize,
    /// Pages holding facts of a PDF left without an image.
    pub without_image: usize,
    /// PDF reports whose file is not at its path or has changed since extraction.
    pub no_source: usize,
    /// A page asked for a CJK font and none is installed.
    pub cjk_missing: bool,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "view: {} reports, {} pages ({} without: failed or no JSON); ",
            self.reports, self.pages, self.without_page,
        )?;
        match self.mode {
            Pages::Browser => write!(
                f,
                "PDFs for the browser to draw: {} copied, {} kept; {} pages without",
                self.copied, self.copies_kept, self.without_image
            ),
            Pages::Images => write!(
                f,
                "page images: {} rendered, {} kept, {} missing",
                self.rendered, self.reused, self.without_image
            ),
        }
    }
}

/// A row of the index.
pub struct Entry {
    /// The row of `reports.csv`.
    pub row: ReportRow,
    /// Its page was written.
    pub page: bool,
    /// Its findings of severity error, where its JSON was read.
    pub errors: Option<usize>,
    /// Its findings of severity warning, where its JSON was read.
    pub warnings: Option<usize>,
    /// What the reader should know (no JSON, no images and why).
    pub note: Option<String>,
}

/// Everything a report's page shows, prepared.
pub struct ReportView<'a> {
    /// Its row of `reports.csv`.
    pub row: &'a ReportRow,
    /// Its JSON.
    pub doc: &'a Doc,
    /// Per table, per fact: its key.
    pub keys: Vec<Vec<String>>,
    /// Per finding: the facts (table, fact) it is about.
    pub targets: Vec<Vec<(usize, usize)>>,
    /// Per fact (table, fact): the findings about it.
    pub by_fact: HashMap<(usize, usize), Vec<usize>>,
    /// The fact printed in each cell, by page and box.
    pub by_box: HashMap<BoxKey, (usize, usize)>,
    /// The pages shown, and their size in pixels.
    pub images: HashMap<u32, (u32, u32)>,
    /// How they are shown.
    pub mode: Pages,
    /// Notes for the reader.
    pub notes: Vec<String>,
}

/// A cell's page and box in hundredths of a point (the JSON's precision), to find the fact a
/// printed cell holds.
pub type BoxKey = (u32, [i64; 4]);

/// The [`BoxKey`] of `b` on page `page`.
pub fn box_key(page: u32, b: &BoxPt) -> BoxKey {
    let h = |v: f64| (v * 100.0).round() as i64;
    (page, [h(b.x0), h(b.y0), h(b.x1), h(b.y1)])
}

/// The file name of page `page`'s image of report `id`.
pub fn image_name(id: &str, page: u32) -> String {
    format!("{id}-{page}.png")
}

/// Writes `dir/view/`: the index and a page per report of the output folder `dir`, the pages of
/// PDF reports shown as `mode` says.
pub fn run(dir: &Path, mode: Pages) -> Result<Summary, ViewError> {
    if !dir.is_dir() {
        return Err(ViewError::NotAFolder {
            dir: dir.to_path_buf(),
        });
    }
    let rows = read_reports(dir)?;
    let out = dir.join("view");
    let made_dir = match mode {
        Pages::Browser => assets::write_assets(&out.join("assets"))
            .map_err(|source| (out.join("assets"), source))
            .and_then(|()| {
                std::fs::create_dir_all(out.join("pdf")).map_err(|source| (out.join("pdf"), source))
            }),
        Pages::Images => {
            std::fs::create_dir_all(out.join("img")).map_err(|source| (out.join("img"), source))
        }
    };
    made_dir.map_err(|(path, source)| ViewError::Write { path, source })?;
    let fonts = Arc::new(Fonts::default());
    // each report once (a file found under several paths is one report_id), every path kept
    let mut ids: Vec<(&str, Vec<&ReportRow>)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for r in &rows {
        let i = *at.entry(&r.report_id).or_insert_with(|| {
            ids.push((&r.report_id, Vec::new()));
            ids.len() - 1
        });
        ids[i].1.push(r);
    }
    let made: Vec<Made> = ids
        .par_iter()
        .map(|(_, same)| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                one_report(dir, same, mode, &fonts)
            }))
            .unwrap_or_else(|p| {
                Made::note(format!(
                    "internal error: {}",
                    crate::ingest::panic_message(p.as_ref())
                ))
            })
        })
        .collect();
    let by_id: HashMap<&str, &Made> = ids.iter().map(|(id, _)| *id).zip(&made).collect();
    let entries: Vec<Entry> = rows
        .iter()
        .map(|r| {
            let m = by_id[r.report_id.as_str()];
            Entry {
                row: r.clone(),
                page: m.page,
                errors: m.errors,
                warnings: m.warnings,
                note: m.note.clone(),
            }
        })
        .collect();
    let index = html::index(&dir.display().to_string(), &entries);
    write(&out.join("index.html"), index.as_bytes())?;
    let current: HashSet<&str> = ids.iter().map(|(id, _)| *id).collect();
    remove_stale(&out, &current);
    remove_stale(&out.join("img"), &current);
    remove_stale(&out.join("pdf"), &current);
    Ok(summarise(&made, rows.len(), mode, fonts.cjk_missing()))
}

/// Removes from `dir` the pages, images and copies of reports no longer in the folder (named
/// `<report_id>.html`, `<report_id>-<page>.png`, `<report_id>.js`) and the temporary files of
/// an interrupted run; nothing else.
fn remove_stale(dir: &Path, current: &HashSet<&str>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        let id = name
            .strip_suffix(".html")
            .or_else(|| name.strip_suffix(".js"))
            .or_else(|| {
                name.strip_suffix(".png")
                    .and_then(|s| Some(s.rsplit_once('-')?.0))
            });
        let stale = id.is_some_and(|id| is_report_id(id) && !current.contains(id));
        if stale || crate::output::is_temp_name(name) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The rows of `dir/reports.csv`.
fn read_reports(dir: &Path) -> Result<Vec<ReportRow>, ViewError> {
    let file = dir.join("reports.csv");
    if !file.is_file() {
        return Err(ViewError::NoReports {
            dir: dir.to_path_buf(),
        });
    }
    let csv_err = |source| ViewError::Csv {
        file: file.clone(),
        source,
    };
    let mut reader = csv::Reader::from_path(&file).map_err(csv_err)?;
    reader
        .deserialize::<ReportRow>()
        .collect::<Result<Vec<_>, _>>()
        .map_err(csv_err)
}

/// Writes `bytes` to `path` (atomically).
fn write(path: &Path, bytes: &[u8]) -> Result<(), ViewError> {
    crate::output::write_redoable(path, bytes).map_err(|source| ViewError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// The counts of a run.
fn summarise(made: &[Made], rows: usize, mode: Pages, cjk_missing: bool) -> Summary {
    Summary {
        mode,
        reports: rows,
        pages: made.iter().filter(|m| m.page).count(),
        without_page: made.iter().filter(|m| !m.page).count(),
        rendered: made.iter().map(|m| m.rendered).sum(),
        reused: made.iter().map(|m| m.reused).sum(),
        copied: made.iter().filter(|m| m.copied).count(),
        copies_kept: made.iter().filter(|m| m.copy_kept).count(),
        without_image: made.iter().map(|m| m.without_image).sum(),
        no_source: made.iter().filter(|m| m.no_source).count(),
        cjk_missing,
    }
}

/// What became of one report.
#[derive(Debug, Default)]
struct Made {
    page: bool,
    errors: Option<usize>,
    warnings: Option<usize>,
    note: Option<String>,
    rendered: usize,
    reused: usize,
    without_image: usize,
    no_source: bool,
    copied: bool,
    copy_kept: bool,
}

impl Made {
    /// A report without a page, and why.
    fn note(note: String) -> Made {
        Made {
            note: Some(note),
            ..Made::default()
        }
    }
}

/// The page of one report (`same`: its rows of `reports.csv`, one per path it was found at).
fn one_report(dir: &Path, same: &[&ReportRow], mode: Pages, fonts: &Arc<Fonts>) -> Made {
    let row = same[0];
    if !is_report_id(&row.report_id) {
        return Made::note(format!("`{}` is no report id", row.report_id));
    }
    if row.status == Status::Failed {
        return Made::note(format!("failed: {}", row.error));
    }
    let json = crate::output::json_path(dir, &row.report_id);
    let doc: Doc = match std::fs::read(&json) {
        Ok(bytes) => match serde_json::from_slice(&bytes) {
            Ok(doc) => doc,
            Err(e) => return Made::note(format!("{} does not read: {e}", json.display())),
        },
        Err(e) => return Made::note(format!("{} is missing ({e})", json.display())),
    };
    let mut made = Made {
        errors: Some(
            doc.findings
                .iter()
                .filter(|g| g.severity == "error")
                .count(),
        ),
        warnings: Some(
            doc.findings
                .iter()
                .filter(|g| g.severity == "warning")
                .count(),
        ),
        ..Made::default()
    };
    let mut notes = Vec::new();
    let images = match mode {
        _ if doc.document.format != "pdf" => HashMap::new(),
        Pages::Browser => page_copy(dir, same, &doc, &mut made, &mut notes),
        Pages::Images => page_images(dir, same, &doc, fonts, &mut made, &mut notes),
    };
    let view = prepare(row, &doc, images, mode, notes.clone());
    let page = dir.join("view").join(format!("{}.html", row.report_id));
    match write(&page, html::report(&view).as_bytes()) {
        Ok(()) => made.page = true,
        Err(e) => notes.push(e.to_string()),
    }
    made.note = (!notes.is_empty()).then(|| notes.join("; "));
    made
}

/// Is `id` a report id (hexadecimal digits, so that it is a safe file name)?
fn is_report_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Keys, finding targets and the cell index of a report's page.
fn prepare<'a>(
    row: &'a ReportRow,
    doc: &'a Doc,
    images: HashMap<u32, (u32, u32)>,
    mode: Pages,
    notes: Vec<String>,
) -> ReportView<'a> {
    let keys: Vec<Vec<String>> = doc.tables.iter().map(doc::fact_keys).collect();
    let targets: Vec<Vec<(usize, usize)>> = doc
        .findings
        .iter()
        .map(|g| doc::finding_targets(&doc.tables, g))
        .collect();
    let mut by_fact: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for (gi, ts) in targets.iter().enumerate() {
        for t in ts {
            by_fact.entry(*t).or_default().push(gi);
        }
    }
    let mut by_box = HashMap::new();
    for (ti, t) in doc.tables.iter().enumerate() {
        for (fi, f) in t.facts.iter().enumerate() {
            if let Some(b) = &f.bbox {
                by_box.entry(box_key(f.page, b)).or_insert((ti, fi));
            }
        }
    }
    ReportView {
        row,
        doc,
        keys,
        targets,
        by_fact,
        by_box,
        images,
        mode,
        notes,
    }
}

/// The pages holding `doc`'s facts, in order.
fn fact_pages(doc: &Doc) -> Vec<u32> {
    let mut pages: Vec<u32> = doc
        .tables
        .iter()
        .flat_map(|t| t.facts.iter().map(|f| f.page))
        .collect();
    pages.sort_unstable();
    pages.dedup();
    pages
}

/// The pages holding `doc`'s facts for the browser to draw: the report's file copied as
/// `view/pdf/<report_id>.js` (kept where it is there). Returns each page's size in pixels, none
/// where the file could not be copied (counted in `made`, said in `notes`).
fn page_copy(
    dir: &Path,
    same: &[&ReportRow],
    doc: &Doc,
    made: &mut Made,
    notes: &mut Vec<String>,
) -> HashMap<u32, (u32, u32)> {
    let pages = fact_pages(doc);
    if pages.is_empty() {
        return HashMap::new();
    }
    let copy = dir
        .join("view")
        .join("pdf")
        .join(assets::source_name(&same[0].report_id));
    if copy.is_file() {
        made.copy_kept = true;
    } else {
        let written = source_bytes(same).and_then(|bytes| {
            write(&copy, &assets::source_script(&bytes)).map_err(|e| e.to_string())
        });
        if let Err(why) = written {
            made.no_source = true;
            made.without_image += pages.len();
            notes.push(why);
            return HashMap::new();
        }
        made.copied = true;
    }
    pages
        .into_iter()
        .filter_map(|p| {
            let page = doc.page(p)?;
            Some((p, render::image_size(page.width, page.height)))
        })
        .collect()
}

/// The images of the pages holding `doc`'s facts: kept where `view/img/` has them at their
/// size, else rendered from the report's file. Returns each page's image size; what could not
/// be drawn is counted in `made` and said in `notes`.
fn page_images(
    dir: &Path,
    same: &[&ReportRow],
    doc: &Doc,
    fonts: &Arc<Fonts>,
    made: &mut Made,
    notes: &mut Vec<String>,
) -> HashMap<u32, (u32, u32)> {
    let id = &same[0].report_id;
    let img = dir.join("view").join("img");
    let wanted = fact_pages(doc);
    let mut sizes = HashMap::new();
    let mut missing: Vec<(u32, (f64, f64), u8)> = Vec::new();
    for p in wanted {
        let Some(page) = doc.page(p) else { continue };
        let size = render::image_size(page.width, page.height);
        if render::png_size(&img.join(image_name(id, p))) == Some(size) {
            sizes.insert(p, size);
            made.reused += 1;
        } else {
            missing.push((p, (page.width, page.height), page.turns));
        }
    }
    if missing.is_empty() {
        return sizes;
    }
    let source = source_bytes(same)
        .and_then(|bytes| Source::open(bytes).map_err(|e| format!("no page images: {e}")));
    let source = match source {
        Ok(s) => s,
        Err(why) => {
            made.no_source = true;
            made.without_image += missing.len();
            notes.push(why);
            return sizes;
        }
    };
    for (p, err) in source.render(&missing, fonts, |p| img.join(image_name(id, p))) {
        match err {
            None => {
                let (w, h) = missing
                    .iter()
                    .find(|m| m.0 == p)
                    .map_or((0.0, 0.0), |m| m.1);
                sizes.insert(p, render::image_size(w, h));
                made.rendered += 1;
            }
            Some(e) => {
                made.without_image += 1;
                notes.push(format!("p.{p} has no image: {e}"));
            }
        }
    }
    sizes
}

/// The bytes of the report's file: at one of the paths `reports.csv` gives (as written there,
/// relative to the folder `yjs extract` ran in), with the SHA-256 it was extracted with.
fn source_bytes(same: &[&ReportRow]) -> Result<Vec<u8>, String> {
    let mut why = Vec::new();
    for r in same {
        match std::fs::read(&r.path) {
            Ok(bytes) => {
                if crate::ingest::hex(&Sha256::digest(&bytes)) == r.sha256 {
                    return Ok(bytes);
                }
                why.push(format!("{} has changed since it was extracted", r.path));
            }
            Err(e) => why.push(format!("{} cannot be read ({e})", r.path)),
        }
    }
    Err(format!(
        "no page images: {} (run yjs view from the folder yjs extract ran in)",
        why.join(", ")
    ))
}
