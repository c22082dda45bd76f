//! The document model every yjs extractor produces.
//!
//! A [`Document`] is a list of [`Page`]s; a page holds [`Block`]s in reading order, each either a
//! [`Paragraph`] of text lines or a [`Grid`] (a table reconstructed by the extractor). Every block,
//! line and cell carries its bounding box in page coordinates (points, origin at the top-left
//! corner, y growing downwards), so every number downstream can be traced to its page and place.
//!
//! Invariants (checked by [`Grid::validate`] in debug builds and by the extractors' tests):
//! - grid cells never overlap and cover the grid: each elemental slot `(row, col)` belongs to exactly
//!   one cell; a merged cell is one [`Cell`] with `row_span`/`col_span` > 1;
//! - blank cells are present with empty text, so a value never moves into a neighbouring column;
//! - cell text keeps the printed characters; wrapped lines inside a cell are joined without spaces.

#![warn(missing_docs)]

use serde::Serialize;

/// An axis-aligned rectangle in page space (points; y grows downwards). Serialised, like every
/// coordinate of the model, to a hundredth of a point ([`coord`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct BBox {
    /// Left edge.
    #[serde(serialize_with = "coord::one")]
    pub x0: f64,
    /// Top edge.
    #[serde(serialize_with = "coord::one")]
    pub y0: f64,
    /// Right edge (`x1 >= x0`).
    #[serde(serialize_with = "coord::one")]
    pub x1: f64,
    /// Bottom edge (`y1 >= y0`).
    #[serde(serialize_with = "coord::one")]
    pub y1: f64,
}

/// Coordinates in the JSON: rounded to a hundredth of a point (0.0035 mm), which places any
/// glyph or ruling, instead of the 16 digits of a computed double — half the JSON.
pub mod json;

/// Serialisers of coordinates: every coordinate of the JSON rounded to a hundredth of a point.
pub mod coord {
    use serde::ser::SerializeSeq;
    use serde::Serializer;

    /// `v` rounded to two decimals.
    pub fn round(v: f64) -> f64 {
        (v * 100.0).round() / 100.0
    }
    /// One coordinate.
    pub fn one<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(round(*v))
    }
    /// A coordinate where known (`null` otherwise).
    pub fn opt<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_some(&round(*v)),
            None => s.serialize_none(),
        }
    }
    /// A list of coordinates.
    pub fn many<S: Serializer>(v: &[f64], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(v.len()))?;
        for x in v {
            seq.serialize_element(&round(*x))?;
        }
        seq.end()
    }
    /// A list of `(from, to)` extents.
    pub fn pairs<S: Serializer>(v: &[(f64, f64)], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(v.len()))?;
        for (a, b) in v {
            seq.serialize_element(&(round(*a), round(*b)))?;
        }
        seq.end()
    }
}

impl BBox {
    /// The rectangle between two corners, in either order.
    pub fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Self {
        BBox {
            x0: x0.min(x1),
            y0: y0.min(y1),
            x1: x0.max(x1),
            y1: y0.max(y1),
        }
    }
    /// Width in points.
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }
    /// Height in points.
    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }
    /// Horizontal centre.
    pub fn cx(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
    /// Vertical centre.
    pub fn cy(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }
    /// The smallest rectangle holding both.
    pub fn union(&self, o: &BBox) -> BBox {
        BBox {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }
    /// Is the point inside the rectangle grown by `tol` on every side?
    pub fn contains_point(&self, x: f64, y: f64, tol: f64) -> bool {
        x >= self.x0 - tol && x <= self.x1 + tol && y >= self.y0 - tol && y <= self.y1 + tol
    }
}

/// Which file format a document came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// PDF (text layer).
    Pdf,
    /// Word (Office Open XML).
    Docx,
    /// Excel (Office Open XML).
    Xlsx,
}

impl GridSource {
    /// The name printed in the JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            GridSource::Rulings => "rulings",
            GridSource::Alignment => "alignment",
            GridSource::Native => "native",
        }
    }
}

impl Format {
    /// The name printed in the JSON and in `reports.csv`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
        }
    }
}

/// A whole document as an extractor sees it.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// The format the document was read from.
    pub format: Format,
    /// Document information (title, creator, producer) where the file has it.
    pub info: Vec<(String, String)>,
    /// The pages, in order.
    pub pages: Vec<Page>,
    /// What kept parts of the file from being read whole ("page 3: content stream 12 0 cannot
    /// be decoded …"): a damaged file, whose text and numbers cannot be trusted. Empty for a
    /// sound file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub damaged: Vec<String>,
    /// Pages whose text does not decode: glyphs of a font without a Unicode mapping (no
    /// ToUnicode, no usable encoding or `cmap`). Their text cannot be trusted, so no number is
    /// read from them; they are candidates for OCR. Empty for a document that decodes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub undecoded: Vec<Undecoded>,
    /// The 1-based pages without a text layer whose text was read by OCR (a scan).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ocr: Vec<u32>,
    /// What OCR read on those pages, word by word (a cell's line as one word): where, and how
    /// sure the engine was. Not part of the model's JSON (the facts carry their confidence).
    #[serde(skip)]
    pub ocr_words: Vec<OcrWord>,
}

/// A word (or a table cell's line) read by OCR.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OcrWord {
    /// 1-based page number.
    pub page: u32,
    /// Its box in page space.
    pub bbox: BBox,
    /// The engine's confidence in the reading, 0–100 (tesseract's word confidence, rounded).
    pub confidence: u8,
}

/// A page whose glyphs of some fonts have no Unicode mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Undecoded {
    /// 1-based page number.
    pub page: u32,
    /// The fonts (their base names) whose glyphs do not decode.
    pub fonts: Vec<String>,
    /// How many glyphs on the page do not decode.
    pub glyphs: usize,
}

/// One page (or sheet, or section for flow formats).
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    /// Width in points.
    #[serde(serialize_with = "coord::one")]
    pub width: f64,
    /// Height in points.
    #[serde(serialize_with = "coord::one")]
    pub height: f64,
    /// Quarter turns clockwise the page as displayed was given so that its text runs left to
    /// right (a table printed sideways): 0 for most pages. Coordinates, width and height are
    /// those of the turned page.
    #[serde(skip_serializing_if = "is_zero")]
    pub turns: u8,
    /// Blocks in reading order (top to bottom).
    pub blocks: Vec<Block>,
}

fn is_zero(v: &u8) -> bool {
    *v == 0
}

/// What a page holds: text or a table.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    /// Running text.
    Paragraph(Paragraph),
    /// A table.
    Grid(Grid),
}

impl Block {
    /// The block's extent on the page.
    pub fn bbox(&self) -> BBox {
        match self {
            Block::Paragraph(p) => p.bbox,
            Block::Grid(g) => g.bbox,
        }
    }
}

/// Consecutive text lines that belong together.
#[derive(Debug, Clone, Serialize)]
pub struct Paragraph {
    /// The extent of its lines.
    pub bbox: BBox,
    /// Its lines, top down.
    pub lines: Vec<TextLine>,
}

impl Paragraph {
    /// The paragraph's text, lines joined without separators (Chinese text wraps without spaces).
    pub fn text(&self) -> String {
        let mut s = String::new();
        for l in &self.lines {
            s.push_str(&l.text);
        }
        s
    }
}

/// One printed line of text.
#[derive(Debug, Clone, Serialize)]
pub struct TextLine {
    /// The line's text (segments set apart joined by a space).
    pub text: String,
    /// The line's extent.
    pub bbox: BBox,
    /// Font size in points, where known.
    #[serde(serialize_with = "coord::opt")]
    pub font_size: Option<f64>,
    /// Font name (PostScript name without subset prefix), where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub font: Option<String>,
}

/// A table: a rectangular grid of slots; cells may span several slots.
#[derive(Debug, Clone, Serialize)]
pub struct Grid {
    /// The table's extent.
    pub bbox: BBox,
    /// Number of slot rows.
    pub rows: usize,
    /// Number of slot columns.
    pub cols: usize,
    /// `cols + 1` x positions of the column edges, left to right.
    #[serde(serialize_with = "coord::many")]
    pub col_edges: Vec<f64>,
    /// `rows + 1` y positions of the row edges, top to bottom.
    #[serde(serialize_with = "coord::many")]
    pub row_edges: Vec<f64>,
    /// Cells in row-major order of their top-left slot.
    pub cells: Vec<Cell>,
    /// How the grid was found: `rulings` (drawn lines), `alignment` (text columns), `native`
    /// (the file format has tables).
    pub source: GridSource,
    /// For grids found by alignment: the x-extent `(x0, x1)` of each column's printed text
    /// (amounts set right-aligned share `x1`, labels `x0`), which places the columns of a
    /// table's part on the next page, whose blank columns left no text. Empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "coord::pairs")]
    pub col_text: Vec<(f64, f64)>,
}

/// How a grid was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GridSource {
    /// From the lines drawn around and between cells.
    Rulings,
    /// From the alignment of text in columns (tables without vertical rulings).
    Alignment,
    /// From the file format's own tables (DOCX, XLSX).
    Native,
}

/// One cell of a grid: the slots it covers and its text (empty for a blank cell).
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// Row of its top-left slot.
    pub row: usize,
    /// Column of its top-left slot.
    pub col: usize,
    /// Slot rows it covers (at least 1).
    pub row_span: usize,
    /// Slot columns it covers (at least 1).
    pub col_span: usize,
    /// The cell's extent.
    pub bbox: BBox,
    /// Its text, wrapped lines joined.
    pub text: String,
}

impl Grid {
    /// The grid of `cells` on the slots between `col_edges` (left to right) and `row_edges` (top
    /// to bottom), its extent theirs, found by `source` (no column text extents: see
    /// [`Grid::col_text`]).
    pub fn new(
        col_edges: Vec<f64>,
        row_edges: Vec<f64>,
        cells: Vec<Cell>,
        source: GridSource,
    ) -> Grid {
        let edge = |e: &[f64], last: bool| {
            let at = if last { e.last() } else { e.first() };
            at.copied().unwrap_or_default()
        };
        Grid {
            bbox: BBox::new(
                edge(&col_edges, false),
                edge(&row_edges, false),
                edge(&col_edges, true),
                edge(&row_edges, true),
            ),
            rows: row_edges.len().saturating_sub(1),
            cols: col_edges.len().saturating_sub(1),
            col_edges,
            row_edges,
            cells,
            source,
            col_text: Vec::new(),
        }
    }

    /// A dense `rows × cols` view: each slot refers to the index of the cell covering it.
    pub fn slot_map(&self) -> Vec<Vec<Option<usize>>> {
        let mut m = vec![vec![None; self.cols]; self.rows];
        for (i, c) in self.cells.iter().enumerate() {
            for row in m.iter_mut().skip(c.row).take(c.row_span) {
                for slot in row.iter_mut().skip(c.col).take(c.col_span) {
                    *slot = Some(i);
                }
            }
        }
        m
    }

    /// The cell whose top-left slot is `(row, col)`, if any.
    pub fn cell_at(&self, row: usize, col: usize) -> Option<&Cell> {
        self.cells.iter().find(|c| c.row == row && c.col == col)
    }

    /// Checks the model's invariants; returns a description of the first violation.
    pub fn validate(&self) -> Result<(), String> {
        let mut seen = vec![vec![false; self.cols]; self.rows];
        for c in &self.cells {
            if c.row_span == 0 || c.col_span == 0 {
                return Err(format!("cell at ({}, {}) has an empty span", c.row, c.col));
            }
            if c.row + c.row_span > self.rows || c.col + c.col_span > self.cols {
                return Err(format!("cell at ({}, {}) leaves the grid", c.row, c.col));
            }
            for row in seen.iter_mut().skip(c.row).take(c.row_span) {
                for s in row.iter_mut().skip(c.col).take(c.col_span) {
                    if *s {
                        return Err(format!("cell at ({}, {}) overlaps another", c.row, c.col));
                    }
                    *s = true;
                }
            }
        }
        if seen.iter().flatten().any(|s| !s) {
            return Err("a slot is covered by no cell".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: usize, col: usize, rs: usize, cs: usize) -> Cell {
        Cell {
            row,
            col,
            row_span: rs,
            col_span: cs,
            bbox: BBox::default(),
            text: String::new(),
        }
    }

    #[test]
    fn validate_accepts_spans_and_rejects_overlap() {
        let mut g = Grid {
            bbox: BBox::default(),
            rows: 2,
            cols: 2,
            col_edges: vec![0.0, 1.0, 2.0],
            row_edges: vec![0.0, 1.0, 2.0],
            cells: vec![cell(0, 0, 1, 2), cell(1, 0, 1, 1), cell(1, 1, 1, 1)],
            source: GridSource::Rulings,
            col_text: Vec::new(),
        };
        assert!(g.validate().is_ok());
        assert_eq!(g.slot_map()[0][1], Some(0));
        g.cells.push(cell(1, 1, 1, 1));
        assert!(g.validate().unwrap_err().contains("overlaps"));
        g.cells.truncate(2);
        assert!(g.validate().unwrap_err().contains("no cell"));
    }

    #[test]
    fn outline_prints_lines_and_spanning_cells() {
        let mut cells = vec![cell(0, 0, 1, 2), cell(1, 0, 1, 1), cell(1, 1, 1, 1)];
        for (c, t) in cells.iter_mut().zip(["项目", "合计", "12.50"]) {
            c.text = t.into();
        }
        let doc = Document {
            format: Format::Pdf,
            info: vec![("Producer".into(), "test".into())],
            pages: vec![Page {
                number: 3,
                width: 595.0,
                height: 842.0,
                turns: 0,
                blocks: vec![
                    Block::Paragraph(Paragraph {
                        bbox: BBox::default(),
                        lines: vec![TextLine {
                            text: "单位：万元".into(),
                            bbox: BBox::new(57.0, 92.0, 120.0, 102.0),
                            font_size: Some(10.5),
                            font: None,
                        }],
                    }),
                    Block::Grid(Grid {
                        bbox: BBox::new(57.0, 110.0, 300.0, 150.0),
                        rows: 2,
                        cols: 2,
                        col_edges: vec![57.0, 150.0, 300.0],
                        row_edges: vec![110.0, 130.0, 150.0],
                        cells,
                        source: GridSource::Rulings,
                        col_text: Vec::new(),
                    }),
                ],
            }],
            damaged: vec![],
            undecoded: vec![],
            ocr: vec![],
            ocr_words: Vec::new(),
        };
        assert_eq!(
            doc.outline(None),
            "# Producer: test\n=== page 3 (595x842)\nP [57,92] Some(10.5) 单位：万元\n\
             G 2x2 at [57,110]\n  | 项目<1x2> | ^\n  | 合计 | 12.50\n"
        );
        assert_eq!(doc.outline(Some(4)), "# Producer: test\n");
    }
}

/// A per-file time limit, checked cooperatively.
///
/// The caller runs one file's work inside [`limit::within`]; extractors and later stages call
/// [`limit::check`] where a check is cheap (every few thousand content-stream operators, every
/// page, every few thousand XML events, between pipeline stages) and stop with
/// [`limit::TimeLimitExceeded`] once the deadline has passed. The deadline belongs to the current
/// thread, so parallel workers each have their own.
impl Document {
    /// A plain-text outline of the pages (all of them, or page `only`), for looking at what an
    /// extractor read: each paragraph line with its position and font size, each grid with its
    /// cells row by row (`<R×C>` after a spanning cell's text, `^` in the slots it covers).
    pub fn outline(&self, only: Option<u32>) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        for (k, v) in &self.info {
            let _ = writeln!(out, "# {k}: {v}");
        }
        for p in self
            .pages
            .iter()
            .filter(|p| only.is_none_or(|n| n == p.number))
        {
            let _ = writeln!(
                out,
                "=== page {} ({:.0}x{:.0})",
                p.number, p.width, p.height
            );
            for b in &p.blocks {
                match b {
                    Block::Paragraph(par) => {
                        for l in &par.lines {
                            let _ = writeln!(
                                out,
                                "P [{:.0},{:.0}] {:?} {}",
                                l.bbox.x0, l.bbox.y0, l.font_size, l.text
                            );
                        }
                    }
                    Block::Grid(g) => {
                        let _ = writeln!(
                            out,
                            "G {}x{} at [{:.0},{:.0}]",
                            g.rows, g.cols, g.bbox.x0, g.bbox.y0
                        );
                        for (r, slots) in g.slot_map().iter().enumerate() {
                            let row: Vec<String> = slots
                                .iter()
                                .enumerate()
                                .map(|(c, slot)| match slot {
                                    Some(i) if g.cells[*i].row == r && g.cells[*i].col == c => {
                                        let cell = &g.cells[*i];
                                        if cell.row_span > 1 || cell.col_span > 1 {
                                            format!(
                                                "{}<{}x{}>",
                                                cell.text, cell.row_span, cell.col_span
                                            )
                                        } else {
                                            cell.text.clone()
                                        }
                                    }
                                    _ => "^".into(),
                                })
                                .collect();
                            let _ = writeln!(out, "  | {}", row.join(" | "));
                        }
                    }
                }
            }
        }
        out
    }
}

/// The per-file time limit: a deadline of the current thread, checked where it is cheap.
pub mod limit {
    use std::cell::Cell;
    use std::time::{Duration, Instant};

    /// The file's time limit was reached; the value is the limit.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
    #[error("time limit of {} s exceeded", .0.as_secs())]
    pub struct TimeLimitExceeded(pub Duration);

    #[derive(Clone, Copy)]
    struct Deadline {
        at: Instant,
        limit: Duration,
    }

    thread_local! {
        static CURRENT: Cell<Option<Deadline>> = const { Cell::new(None) };
        static REACHED: Cell<bool> = const { Cell::new(false) };
    }

    /// Runs `f` with `limit` (none: no limit) as this thread's time limit. Returns `f`'s result
    /// and whether a [`check`] inside it found the limit reached. The previous limit is restored
    /// afterwards, also when `f` panics.
    pub fn within<R>(limit: Option<Duration>, f: impl FnOnce() -> R) -> (R, bool) {
        struct Restore(Option<Deadline>, bool);
        impl Drop for Restore {
            fn drop(&mut self) {
                CURRENT.with(|c| c.set(self.0));
                REACHED.with(|r| r.set(self.1));
            }
        }
        let deadline = limit.and_then(|l| {
            Instant::now()
                .checked_add(l)
                .map(|at| Deadline { at, limit: l })
        });
        let _restore = Restore(
            CURRENT.with(|c| c.replace(deadline)),
            REACHED.with(|r| r.replace(false)),
        );
        let out = f();
        (out, REACHED.with(|r| r.get()))
    }

    /// `Err` once the current thread's deadline has passed (always `Ok` without a limit).
    pub fn check() -> Result<(), TimeLimitExceeded> {
        match CURRENT.with(|c| c.get()) {
            Some(d) if Instant::now() >= d.at => {
                REACHED.with(|r| r.set(true));
                Err(TimeLimitExceeded(d.limit))
            }
            _ => Ok(()),
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn no_limit_never_expires_and_a_zero_limit_always_does() {
            assert_eq!(within(None, check), (Ok(()), false));
            assert_eq!(
                within(Some(Duration::from_secs(3600)), check),
                (Ok(()), false)
            );
            let (r, reached) = within(Some(Duration::ZERO), check);
            assert_eq!(r, Err(TimeLimitExceeded(Duration::ZERO)));
            assert!(reached);
            assert_eq!(
                TimeLimitExceeded(Duration::from_secs(60)).to_string(),
                "time limit of 60 s exceeded"
            );
        }

        #[test]
        fn limits_nest_and_are_restored() {
            let ((inner, outer_after), reached) = within(Some(Duration::from_secs(3600)), || {
                let inner = within(Some(Duration::ZERO), check);
                (inner, check())
            });
            assert_eq!(inner, (Err(TimeLimitExceeded(Duration::ZERO)), true));
            assert_eq!(outer_after, Ok(()));
            assert!(!reached);
            assert_eq!(check(), Ok(()));
        }

        #[test]
        fn the_limit_is_per_thread() {
            let (other, _) = within(Some(Duration::ZERO), || {
                std::thread::spawn(check).join().unwrap()
            });
            assert_eq!(other, Ok(()));
        }
    }
}
