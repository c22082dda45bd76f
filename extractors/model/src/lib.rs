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

use serde::Serialize;

/// An axis-aligned rectangle in page space (points; y grows downwards).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct BBox {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl BBox {
    pub fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Self {
        BBox {
            x0: x0.min(x1),
            y0: y0.min(y1),
            x1: x0.max(x1),
            y1: y0.max(y1),
        }
    }
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }
    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }
    pub fn cx(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
    pub fn cy(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }
    pub fn union(&self, o: &BBox) -> BBox {
        BBox {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }
    pub fn contains_point(&self, x: f64, y: f64, tol: f64) -> bool {
        x >= self.x0 - tol && x <= self.x1 + tol && y >= self.y0 - tol && y <= self.y1 + tol
    }
}

/// Which file format a document came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Docx,
    Xlsx,
}

impl Format {
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
    pub format: Format,
    /// Document information (title, creator, producer) where the file has it.
    pub info: Vec<(String, String)>,
    pub pages: Vec<Page>,
}

/// One page (or sheet, or section for flow formats).
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    pub width: f64,
    pub height: f64,
    /// Blocks in reading order (top to bottom).
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    Paragraph(Paragraph),
    Grid(Grid),
}

impl Block {
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
    pub bbox: BBox,
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
    pub text: String,
    pub bbox: BBox,
    /// Font size in points, where known.
    pub font_size: Option<f64>,
    /// Font name (PostScript name without subset prefix), where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub font: Option<String>,
}

/// A table: a rectangular grid of slots; cells may span several slots.
#[derive(Debug, Clone, Serialize)]
pub struct Grid {
    pub bbox: BBox,
    pub rows: usize,
    pub cols: usize,
    /// `cols + 1` x positions of the column edges, left to right.
    pub col_edges: Vec<f64>,
    /// `rows + 1` y positions of the row edges, top to bottom.
    pub row_edges: Vec<f64>,
    /// Cells in row-major order of their top-left slot.
    pub cells: Vec<Cell>,
    /// How the grid was found: `rulings` (drawn lines), `alignment` (text columns), `native`
    /// (the file format has tables).
    pub source: GridSource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GridSource {
    Rulings,
    Alignment,
    Native,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub row: usize,
    pub col: usize,
    pub row_span: usize,
    pub col_span: usize,
    pub bbox: BBox,
    pub text: String,
}

impl Grid {
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
        };
        assert!(g.validate().is_ok());
        assert_eq!(g.slot_map()[0][1], Some(0));
        g.cells.push(cell(1, 1, 1, 1));
        assert!(g.validate().unwrap_err().contains("overlaps"));
        g.cells.truncate(2);
        assert!(g.validate().unwrap_err().contains("no cell"));
    }
}
