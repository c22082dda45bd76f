//! Tables: rows and cells as the XML gives them (spans, vertical merges, skipped grid columns),
//! turned into a grid — or, for a layout table, into the blocks its cells hold.

use yjs_model::{BBox, Block, Cell, Grid, GridSource};

#[derive(Default)]
pub(crate) struct CellAcc {
    /// Paragraph texts of the cell.
    pub(crate) paras: Vec<String>,
    /// Blocks in the cell in order (paragraphs and nested tables), for layout tables.
    pub(crate) blocks: Vec<Block>,
    pub(crate) nested: bool,
    pub(crate) span: usize,
    pub(crate) vmerge: Option<bool>, // Some(true) restart, Some(false) continue
}

#[derive(Default)]
pub(crate) struct RowAcc {
    pub(crate) cells: Vec<CellAcc>,
    pub(crate) before: usize,
}

#[derive(Default)]
pub(crate) struct TableAcc {
    pub(crate) grid_cols: Vec<f64>,
    pub(crate) rows: Vec<RowAcc>,
    pub(crate) row: Option<RowAcc>,
    pub(crate) cell: Option<CellAcc>,
}

/// Turns a finished table into blocks: a grid, or its contents when it is a layout table.
pub(crate) fn table_blocks(t: TableAcc, y0: f64) -> Vec<Block> {
    let ncols_grid = t.grid_cols.len();
    let width: usize = t
        .rows
        .iter()
        .map(|r| r.before + r.cells.iter().map(|c| c.span.max(1)).sum::<usize>())
        .max()
        .unwrap_or(0);
    let ncols = ncols_grid.max(width);
    let layout = t.rows.iter().any(|r| r.cells.iter().any(|c| c.nested)) || ncols <= 1;
    if layout || t.rows.is_empty() {
        return t
            .rows
            .into_iter()
            .flat_map(|r| r.cells.into_iter().flat_map(|c| c.blocks))
            .collect();
    }
    // column edges from the grid widths (twips → points), falling back to equal widths
    let mut edges = vec![0.0];
    for c in 0..ncols {
        let w = t
            .grid_cols
            .get(c)
            .copied()
            .filter(|w| *w > 0.0)
            .unwrap_or(1440.0)
            / 20.0;
        edges.push(edges[c] + w);
    }
    let nrows = t.rows.len();
    let row_h = 20.0;
    let row_edges: Vec<f64> = (0..=nrows).map(|r| y0 + row_h * r as f64).collect();
    let mut cells: Vec<Cell> = Vec::new();
    let mut owner: Vec<Vec<Option<usize>>> = vec![vec![None; ncols]; nrows];
    for (r, row) in t.rows.into_iter().enumerate() {
        let mut c = row.before.min(ncols);
        for cell in row.cells {
            let span = cell.span.max(1).min(ncols.saturating_sub(c)).max(1);
            if c >= ncols {
                break;
            }
            let text: String = cell
                .paras
                .iter()
                .map(|p| p.trim())
                .collect::<Vec<_>>()
                .concat();
            let continued = cell.vmerge == Some(false) && r > 0;
            let above = if continued { owner[r - 1][c] } else { None };
            match above {
                Some(o) if cells[o].col == c && cells[o].col_span == span => {
                    cells[o].row_span += 1;
                    if !text.is_empty() {
                        cells[o].text.push_str(&text);
                    }
                    for slot in owner[r].iter_mut().skip(c).take(span) {
                        *slot = Some(o);
                    }
                }
                _ => {
                    let id = cells.len();
                    cells.push(Cell {
                        row: r,
                        col: c,
                        row_span: 1,
                        col_span: span,
                        bbox: BBox::default(),
                        text,
                    });
                    for slot in owner[r].iter_mut().skip(c).take(span) {
                        *slot = Some(id);
                    }
                }
            }
            c += span;
        }
    }
    // ragged rows: empty cells keep the grid a partition
    for (r, row) in owner.iter_mut().enumerate() {
        for (c, slot) in row.iter_mut().enumerate() {
            if slot.is_none() {
                *slot = Some(cells.len());
                cells.push(Cell {
                    row: r,
                    col: c,
                    row_span: 1,
                    col_span: 1,
                    bbox: BBox::default(),
                    text: String::new(),
                });
            }
        }
    }
    for cell in cells.iter_mut() {
        cell.bbox = BBox::new(
            edges[cell.col],
            row_edges[cell.row],
            edges[cell.col + cell.col_span],
            row_edges[cell.row + cell.row_span],
        );
    }
    cells.sort_by_key(|c| (c.row, c.col));
    vec![Block::Grid(Grid::new(
        edges,
        row_edges,
        cells,
        GridSource::Native,
    ))]
}
