//! The reconciler: a segmented table's grids → canonical rows and facts.
//!
//! 1. Header rows are the rows above the first data row (a row with a code, an amount, or a total
//!    label); numbering rows (栏次, `1 2 3 …`) are skipped wherever they are.
//! 2. Each column's header leaf decides its role: code (科目编码, 类/款/项), name (科目名称, 项目),
//!    line number (行次), or value. A value column's key comes from the schema registry applied to
//!    its header path, leaving out cells that also span label columns (block titles such as 人员经费
//!    over a code/name/决算数 block, or 收入 over one side of a two-sided table).
//! 3. Label columns split the grid into blocks (the two sides of a summary table, the three
//!    blocks of 长沙's basic-expenditure table); a two-sided table's blocks take their side from
//!    the header above them.
//! 4. Each data row of each block gives one canonical row: code = the digits of its code columns
//!    joined (`201 | 03 | 01` → `2010301`), name = its label without whitespace, and a fact per
//!    value cell that holds an amount. Continuation grids are aligned to the first grid's columns
//!    by x position.

use crate::amount::{is_code, parse_amount};
use crate::schema::{self, ColumnRole, Side, TableKey};
use crate::segment::{TableInstance, COLUMN_SNAP_PT};
use crate::source_list;
use crate::three_public;
use rust_decimal::Decimal;
use yjs_model::{BBox, Block, Cell, Document, Grid};

/// One amount of a canonical table: a row of facts.csv.
#[derive(Debug, Clone)]
pub struct Fact {
    /// The canonical table.
    pub table: TableKey,
    /// The side of a two-sided table.
    pub side: Option<Side>,
    /// The row's classification code (`2010301`), empty for a row without one.
    pub row_code: String,
    /// The row's label, without whitespace and enumerator.
    pub row_name: String,
    /// The column key (CONTRACT.md).
    pub column: String,
    /// The amount as printed, exactly.
    pub value: Decimal,
    /// The money unit of the table (the report's where the table prints none).
    pub unit: &'static str,
    /// The 1-based page the amount is printed on.
    pub page: u32,
    /// The box of the cell the amount is printed in, in the page's points (origin top-left,
    /// `y` down, as every box of the document model); `None` for a fact made in a test.
    pub bbox: Option<BBox>,
    /// How sure OCR was of the amount (0–100: the least confidence of the words read in its
    /// cell); `None` for an amount read from a text layer.
    pub confidence: Option<u8>,
    /// Which canonical row of the table this fact belongs to (document order).
    pub row_seq: usize,
    /// The row was printed with a top-level enumerator (`一、`), i.e. it is not a sub-row.
    pub top_level: bool,
}

#[derive(Debug, Clone)]
struct ColumnInfo {
    role: ColumnRole,
    /// Value key resolved per column (for value columns).
    key: Option<String>,
    block: usize,
}

impl ColumnInfo {
    /// Makes the column a value column of key `k`.
    fn set_key(&mut self, k: String) {
        self.role = ColumnRole::Value(k.clone());
        self.key = Some(k);
    }
}

#[derive(Debug, Clone)]
struct BlockInfo {
    side: Option<Side>,
    code_cols: Vec<usize>,
    name_cols: Vec<usize>,
    value_cols: Vec<usize>,
}

fn grid_of(doc: &Document, page: usize, block: usize) -> Option<&Grid> {
    match doc.pages.get(page)?.blocks.get(block)? {
        Block::Grid(g) => Some(g),
        _ => None,
    }
}

fn clean(s: &str) -> String {
    schema::squeeze(s)
}

/// The most numerals of a top-level enumerator (`二十六`).
const MAX_ENUMERATOR_NUMERALS: usize = 3;

/// Is `name` a Chinese enumerator alone, without its 、 (`四`, `二十六`): a label cell of
/// its own before the row's name.
fn is_bare_enumerator(name: &str) -> bool {
    let n = name.chars().count();
    (1..=MAX_ENUMERATOR_NUMERALS).contains(&n)
        && schema::starts_with_cn_enumerator(&format!("{name}、"))
}

/// The longest column number of a row labelled 栏次 (`12`, `了7` with an OCR speck).
const MAX_NUMBER_MARK_CHARS: usize = 3;

/// A row of `1 2 3 …` column numbers, or one labelled 栏次. The label columns of such a row may
/// print `**` (湖南's template) instead of being blank.
pub(crate) fn is_numbering_row(cells: &[&Cell]) -> bool {
    let texts: Vec<String> = cells
        .iter()
        .map(|c| clean(&c.text))
        .filter(|t| !t.is_empty() && !is_column_mark(t))
        .collect();
    if texts.is_empty() {
        return false;
    }
    if texts.iter().any(|t| t == "栏次" || t == "行次") {
        // a column number may come out of OCR with a speck read as a character (`了7`): the
        // label says what the row is, its marks need only be short and hold a digit
        let is_mark = |t: &String| {
            t.chars().all(|c| c.is_ascii_digit())
                || t.chars().all(|c| "甲乙丙丁".contains(c))
                || (t.chars().count() <= MAX_NUMBER_MARK_CHARS
                    && t.chars().any(|c| c.is_ascii_digit())
                    && !t.contains(['.', ',']))
        };
        return texts.iter().any(|t| t.chars().all(|c| c.is_ascii_digit()))
            && texts
                .iter()
                .all(|t| t == "栏次" || t == "行次" || is_mark(t));
    }
    let nums: Vec<u32> = texts.iter().filter_map(|t| t.parse::<u32>().ok()).collect();
    if nums.len() == texts.len() {
        return nums.len() >= 2 && nums.windows(2).all(|w| w[1] == w[0] + 1);
    }
    is_noisy_numbering_row(cells)
}

/// The fewest column numbers a numbering row OCR read with noise must keep.
const MIN_NOISY_NUMBERS: usize = 3;

/// The most characters OCR made of a column number it lost or of a rule between two (`了`,
/// `-`, `|`).
const MAX_NOISE_CHARS: usize = 2;

/// A numbering row as OCR read it (`- | 3 | - | 4 | 5 | … | 了 | 8`): column numbers that count
/// up left to right, [`MIN_NOISY_NUMBERS`] at least, none above its column's place (a column
/// is numbered at most by its place from the left), between cells of a character or two
/// without a digit.
fn is_noisy_numbering_row(cells: &[&Cell]) -> bool {
    let mut nums: Vec<(usize, u32)> = Vec::new();
    let (mut others, mut marks) = (0, 0);
    for c in cells {
        let t = clean(&c.text);
        if t.is_empty() {
            continue;
        }
        if is_column_mark(&t) || is_misread_mark(&t) {
            marks += 1;
            continue;
        }
        if is_total_label(&t) {
            return false;
        }
        match t.parse::<u32>() {
            Ok(n) => nums.push((c.col, n)),
            Err(_)
                if t.chars().count() <= MAX_NOISE_CHARS
                    && !t.contains(|ch: char| ch.is_ascii_digit()) => {}
            Err(_) => others += 1,
        }
    }
    // (a long count may carry a cell or two of the row below read into its band: `6.11`)
    let few_others = others == 0 || (nums.len() >= MANY_NUMBERS && others * 3 <= nums.len());
    // (marks over the label columns show what the row is: a table of two or three amount
    // columns numbers them `1 | 2 | 3`, of which OCR may lose one)
    let enough = nums.len() >= MIN_NOISY_NUMBERS
        || (marks > 0 && nums.len() >= MIN_MARKED_NUMBERS && nums[0].1 == 1);
    few_others
        && enough
        && nums.windows(2).all(|w| w[1].1 > w[0].1)
        && nums.iter().all(|&(col, n)| n >= 1 && n as usize <= col + 1)
}

/// The fewest column numbers of a numbering row OCR read with noise whose label columns show
/// their marks (`**`).
const MIN_MARKED_NUMBERS: usize = 2;

/// What OCR reads the `**` of a numbering row as: 米, alone or beside a speck read as a
/// character (`米米`, `炒米`).
fn is_misread_mark(t: &str) -> bool {
    t.contains('米') && t.chars().count() <= MAX_NOISE_CHARS
}

/// Column numbers enough to show a numbering row whatever else OCR read into it (a third as
/// many other cells at most).
const MANY_NUMBERS: usize = 6;

/// `**`: what a numbering row prints over a label column instead of a number.
fn is_column_mark(t: &str) -> bool {
    t.chars().all(|c| matches!(c, '*' | '＊'))
}

pub(crate) fn is_total_label(t: &str) -> bool {
    let t = schema::strip_enumerator(t);
    matches!(t, "合计" | "总计" | "小计") || t.ends_with("合计") || t.ends_with("总计")
}

/// The label of a numbering row (`栏次 | 1 | 2 | …`).
const NUMBERING_MARK: &str = "栏次";

/// A header row of a table of words needs this many cells naming words (指标, 指标值 …).
const WORD_HEADER_CELLS: usize = 3;

/// Cells whose top-left slot is in row `r`, left to right.
fn row_cells(g: &Grid, r: usize) -> Vec<&Cell> {
    let mut v: Vec<&Cell> = g.cells.iter().filter(|c| c.row == r).collect();
    v.sort_by_key(|c| c.col);
    v
}

/// A data row holds a code or an amount, or a total / enumerated label (合计, 一、…) in its first
/// column with nothing but amounts beside it (a template's empty rows); header words beside a
/// label (合计 | 因公出国(境)费 | …) make a header row. A row of bare integers is data unless it
/// counts up from 1 like a column numbering (the 三公 table printed as `0 | 0 | 0 …`).
fn is_data_row(cells: &[&Cell]) -> bool {
    let amount = |t: &str| {
        parse_amount(t).is_some()
            && (t.contains('.') || t.contains(',') || t.chars().all(|c| "-—－".contains(c)))
    };
    if cells.iter().any(|c| {
        let t = clean(&c.text);
        (is_code(&t) && t.len() >= 3) || amount(&t)
    }) {
        return true;
    }
    let ints: Option<Vec<u64>> = cells
        .iter()
        .map(|c| clean(&c.text))
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.chars()
                .all(|c| c.is_ascii_digit())
                .then(|| t.parse::<u64>().ok())
                .flatten()
        })
        .collect();
    if let Some(n) = ints.filter(|n| !n.is_empty()) {
        let counting = n[0] >= 1 && n.windows(2).all(|w| w[1] > w[0]);
        if !counting {
            return true;
        }
    }
    // the row's label: its first non-empty cell (a two-sided table's income side may be blank)
    let Some(first) = cells.iter().find(|c| !clean(&c.text).is_empty()) else {
        return false;
    };
    let t = clean(&first.text);
    let labelled = first.row_span == 1
        && !t.is_empty()
        && (is_total_label(&t) || schema::strip_enumerator(&t) != t);
    labelled
        && cells
            .iter()
            .filter(|c| c.col != first.col)
            .all(|c| clean(&c.text).is_empty() || parse_amount(&clean(&c.text)).is_some())
}

/// Rows at the top of a grid: `(captions, header_end)`; header rows are `captions..header_end`.
fn header_rows(g: &Grid) -> (usize, usize) {
    let (captions, _) = crate::segment::caption_rows(g);
    for r in captions..g.rows {
        let cells = row_cells(g, r);
        if is_numbering_row(&cells) || is_data_row(&cells) {
            return (captions, r);
        }
    }
    (captions, g.rows)
}

pub struct TableResult {
    pub facts: Vec<Fact>,
    /// Value columns whose header matched no key (header text).
    pub unknown_columns: Vec<String>,
}

/// Reconciles one recognised table into facts.
/// `year`: the report's fiscal year (a header naming another year is a prior year's column).
pub fn reconcile(
    doc: &Document,
    t: &TableInstance,
    row_seq_start: usize,
    year: Option<i32>,
) -> TableResult {
    let mut out = TableResult {
        facts: Vec::new(),
        unknown_columns: Vec::new(),
    };
    let Some(key) = t.key else { return out };
    let Some(first) = t.parts.first().and_then(|p| grid_of(doc, p.page, p.block)) else {
        return out;
    };
    let header = Header::of(first);
    let roles = header.roles(schema::is_two_sided(key));
    let (mut cols, mut blocks) = split_blocks(&roles);
    if schema::is_two_sided(key) {
        assign_sides(&mut blocks, &header);
    }
    let by_ocr = t
        .parts
        .first()
        .is_some_and(|p| doc.ocr.contains(&doc.pages[p.page].number));
    let keying = Keying { key, year, by_ocr };
    out.unknown_columns = value_keys(&keying, &header, &roles, &mut cols, &blocks);
    let table = Layout {
        key,
        unit: t.money_unit().unwrap_or(""),
        cols,
        blocks,
    };
    let mut at = RowState {
        seq: row_seq_start,
        codes: vec![Vec::new(); table.blocks.len()],
    };
    for (pi, part) in t.parts.iter().enumerate() {
        let Some(g) = grid_of(doc, part.page, part.block) else {
            continue;
        };
        let page = doc.pages[part.page].number;
        let part = Part::of(g, first, pi == 0);
        let start = if pi == 0 {
            header.end
        } else {
            header_rows(g).1
        };
        let before = out.facts.len();
        let mut words_below = false;
        for r in start..g.rows {
            if table.heads_words(&part, r) {
                words_below = true;
                break;
            }
            if !is_numbering_row(&row_cells(g, r)) {
                table.read_row(&part, r, page, &mut at, &mut out.facts);
            }
        }
        if pi > 0 {
            drop_repeated_row(&mut out.facts, before);
        }
        if words_below {
            break;
        }
    }
    if key == TableKey::ThreePublic {
        three_public::one_row(&mut out.facts, year);
    } else if key == TableKey::Income {
        source_list::one_row(&mut out.facts);
    } else {
        keep_one_unlabelled_row(&mut out.facts, &table.blocks);
    }
    out
}

/// A table without label columns names its row [`schema::single_row_name`]: a single row of
/// totals. Several such rows cannot be told apart: they give no facts.
fn keep_one_unlabelled_row(facts: &mut Vec<Fact>, blocks: &[BlockInfo]) {
    let unlabelled = blocks
        .iter()
        .all(|b| b.code_cols.is_empty() && b.name_cols.is_empty());
    if unlabelled && facts.iter().any(|f| f.row_seq != facts[0].row_seq) {
        facts.clear();
    }
}

/// A row split over two pages, printed again at the top of the next (iText repeats a tall
/// cell's text on each page it spans): the part's first row (its facts from `start`) with the
/// label and the amounts of the row before it is that row, not another.
fn drop_repeated_row(facts: &mut Vec<Fact>, start: usize) {
    let (Some(prev), Some(first)) = (
        start.checked_sub(1).map(|i| facts[i].row_seq),
        facts.get(start).map(|f| f.row_seq),
    ) else {
        return;
    };
    let row = |seq: usize| -> Vec<(&Option<Side>, &str, &str, &str, Decimal)> {
        facts
            .iter()
            .filter(|f| f.row_seq == seq)
            .map(|f| {
                (
                    &f.side,
                    f.row_code.as_str(),
                    f.row_name.as_str(),
                    f.column.as_str(),
                    f.value,
                )
            })
            .collect()
    };
    if row(prev) == row(first) {
        facts.retain(|f| f.row_seq != first);
    }
}

/// The header rows of a table's first grid.
struct Header<'g> {
    grid: &'g Grid,
    slots: Vec<Vec<Option<usize>>>,
    /// Caption rows above the header (a title or unit printed inside the grid).
    captions: usize,
    /// The first data row: header rows are `captions..end`.
    end: usize,
}

impl<'g> Header<'g> {
    fn of(grid: &'g Grid) -> Header<'g> {
        let (captions, end) = header_rows(grid);
        Header {
            grid,
            slots: grid.slot_map(),
            captions,
            end,
        }
    }

    /// The non-empty header cells over column `c`, top to bottom (each once; column numbers
    /// such as `1` left out).
    fn cells_of(&self, c: usize) -> Vec<&'g Cell> {
        let mut v: Vec<&Cell> = Vec::new();
        for row in self.slots.iter().take(self.end).skip(self.captions) {
            if let Some(i) = row[c] {
                let cell = &self.grid.cells[i];
                if !v.iter().any(|x| std::ptr::eq(*x, cell)) && !clean(&cell.text).is_empty() {
                    v.push(cell);
                }
            }
        }
        v.retain(|cell| !is_numbering_row(&[*cell]) || clean(&cell.text).parse::<u32>().is_err());
        v
    }

    /// Each column's label role from its header; value columns are `Unknown` until keyed. A
    /// column without a header that prints words among the leading label columns is a name
    /// column too (a list's sub-items beside their group: `一般公共预算资金 | 小计`).
    /// Each column's role: from its header, or, for a column of words whose header names none,
    /// from where it stands — before the first amounts with no header (a name column), or
    /// between columns of amounts (a misread `项目`, another classification's names). The
    /// first column of a two-sided table, of names, names the income rows whatever its header
    /// reads (`项目` OCR misread, `项上`).
    fn roles(&self, two_sided: bool) -> Vec<ColumnRole> {
        let mut roles = self.header_roles();
        self.settle_codes_by_body(&mut roles);
        for c in 0..roles.len() {
            let leading = roles[..c].iter().all(is_label);
            let unnamed = self.cells_of(c).is_empty() || two_sided && c == 0 && self.names(c);
            if roles[c] == ColumnRole::Unknown
                && (leading && unnamed || self.labels_the_amounts_beside(c, &roles))
                && self.holds_only_words(c)
            {
                roles[c] = ColumnRole::Name;
            }
        }
        roles
    }

    /// Does column `c`, whose header names no role, label the amounts right of it: a column of
    /// words after columns of amounts, followed by one (the right side of a two-sided table
    /// whose `项目` header OCR misread, `项上中`; the names of another classification of the
    /// same spending beside the first, 西安's 部门经济分类 after its 支出功能分类; a 行次 column
    /// may come between)?
    fn labels_the_amounts_beside(&self, c: usize, roles: &[ColumnRole]) -> bool {
        let amounts = |k: usize| {
            roles.get(k) == Some(&ColumnRole::Unknown)
                && self.body_all(|cell| cell.col == k, |t| parse_amount(t).is_some())
        };
        // (a 行次 column of line numbers may stand between the labels and their amounts)
        let right = (c + 1..roles.len()).find(|&k| roles[k] != ColumnRole::LineNo);
        c > 0 && amounts(c - 1) && right.is_some_and(amounts)
    }

    /// Label roles its header gave a column that its body contradicts. A header wrapped or
    /// split by OCR names the wrong column: a label column that prints only amounts written
    /// as such (`1,711.26`) is no label column (`项目支出` read as `项目` over the amounts);
    /// a code column's header wrapped into the names' column (`功能分类科 / 目编码` read as `目`
    /// over the codes and `编码` over the names): among the leading label columns, a column
    /// headed as codes that prints only words without a digit names its rows, and a column of
    /// codes (and total labels) whose header names nothing is the code column.
    fn settle_codes_by_body(&self, roles: &mut [ColumnRole]) {
        let words = |t: &str| !t.chars().any(|ch| ch.is_ascii_digit()) && !is_total_label(t);
        for (c, role) in roles.iter_mut().enumerate() {
            // (a header `项目支出` read as `项目` over the amounts and `支出` beside it)
            if matches!(role, ColumnRole::Code | ColumnRole::Name) && self.holds_only_amounts(c) {
                *role = ColumnRole::Unknown;
            }
            if *role == ColumnRole::Code && self.body_all(|cell| cell.col == c, words) {
                *role = ColumnRole::Name;
            }
        }
        for c in 0..roles.len() {
            let leading = roles[..c].iter().all(is_label) || c == 0;
            if roles[c] == ColumnRole::Unknown && leading && self.holds_codes_or_totals(c) {
                roles[c] = ColumnRole::Code;
            }
        }
    }

    /// Each column's label role from its own header.
    fn header_roles(&self) -> Vec<ColumnRole> {
        (0..self.grid.cols)
            .map(|c| {
                let mut hc = self.cells_of(c);
                // (the `栏次` of a numbering row OCR garbled, under a label header, is no header)
                if hc.len() > 1 && hc.last().is_some_and(|l| clean(&l.text) == NUMBERING_MARK) {
                    hc.pop();
                }
                // the leaf decides; a label header wrapped over several cells (科目代 / 码) is
                // read whole; a column mark joined to it (`类**`: the `**` of the 栏次 row read
                // as the header's second line) is no part of it
                // (nor is the `栏次` of a diagonal header `项目 / 栏次` read as one word: `项目栏次`)
                let text = |c: &Cell| {
                    let t = clean(&c.text);
                    let t = t.trim_end_matches(['*', '＊']);
                    let bare = t
                        .strip_suffix(NUMBERING_MARK)
                        .or_else(|| t.strip_prefix(NUMBERING_MARK))
                        .filter(|rest| !rest.is_empty());
                    bare.unwrap_or(t).to_string()
                };
                let leaf = hc.last().map(|c| text(c)).unwrap_or_default();
                let whole: String = hc.iter().map(|c| text(c)).collect();
                schema::label_role(&leaf)
                    .or_else(|| {
                        schema::label_role(&whole)
                            .filter(|r| *r == ColumnRole::Code || *r == ColumnRole::LineNo)
                    })
                    .or_else(|| {
                        (hc.is_empty() && self.holds_only_codes(c)).then_some(ColumnRole::Code)
                    })
                    .unwrap_or(ColumnRole::Unknown)
            })
            .collect()
    }

    /// Does every cell of column `c` below the header name something: a letter or a character,
    /// not specks alone (`、、`)?
    fn names(&self, c: usize) -> bool {
        self.body_all(
            |cell| cell.col == c,
            |t| t.chars().any(char::is_alphanumeric),
        )
    }

    /// Does column `c` print words (no amount) in its cells below the header, one at least?
    fn holds_only_words(&self, c: usize) -> bool {
        let covers = |cell: &Cell| (cell.col..cell.col + cell.col_span).contains(&c);
        self.body_all(covers, |t| {
            parse_amount(t).is_none() && !t.chars().all(|ch| ch.is_ascii_digit())
        })
    }

    /// Does column `c` print an amount below the header, written as one (`1,234.50`, `0.00`)?
    /// A column of words or counts (采购品目, 规格型号, 数量) left out of the facts loses no
    /// amount.
    fn holds_amounts(&self, c: usize) -> bool {
        self.grid
            .cells
            .iter()
            .filter(|cell| cell.row >= self.end && cell.col == c)
            .any(|cell| {
                let t = clean(&cell.text);
                t.contains(['.', ',']) && parse_amount(&t).is_some()
            })
    }

    /// Does column `c` print classification codes (`201`) and nothing else below the header?
    /// (A 类 printed left of the column its header names, in a grid rebuilt from alignment.)
    fn holds_only_codes(&self, c: usize) -> bool {
        self.body_all(|cell| cell.col == c, |t| is_code(t) && t.len() >= 3)
    }

    /// Does column `c` print amounts below the header, each written as one (`0.00`, `1,711.26`,
    /// or as OCR garbles one: `1.270.26`, `4,.576.57`)?
    fn holds_only_amounts(&self, c: usize) -> bool {
        self.body_all(
            |cell| cell.col == c,
            |t| t.contains(['.', ',']) && crate::amount::reads_as_amount(t),
        )
    }

    /// Does column `c` print classification codes below the header, and nothing else but
    /// total labels (`合计`)?
    fn holds_codes_or_totals(&self, c: usize) -> bool {
        let code = |t: &str| is_code(t) && t.len() >= 3;
        self.body_all(|cell| cell.col == c, |t| code(t) || is_total_label(t))
            && !self.body_all(|cell| cell.col == c, is_total_label)
    }

    /// Do the non-blank body cells that `cell_in` picks exist and all pass `test`?
    fn body_all(&self, cell_in: impl Fn(&Cell) -> bool, test: impl Fn(&str) -> bool) -> bool {
        let mut body = self
            .grid
            .cells
            .iter()
            .filter(|cell| cell.row >= self.end && cell_in(cell))
            .map(|cell| clean(&cell.text))
            .filter(|t| !t.is_empty())
            .peekable();
        body.peek().is_some() && body.all(|t| test(&t))
    }
}

fn is_label(r: &ColumnRole) -> bool {
    matches!(r, ColumnRole::Code | ColumnRole::Name | ColumnRole::LineNo)
}

/// The columns' blocks: a code or name column after a value column starts a new block.
fn split_blocks(roles: &[ColumnRole]) -> (Vec<ColumnInfo>, Vec<BlockInfo>) {
    let mut cols: Vec<ColumnInfo> = Vec::with_capacity(roles.len());
    let mut blocks: Vec<BlockInfo> = Vec::new();
    for (c, role) in roles.iter().enumerate() {
        let starts = matches!(role, ColumnRole::Code | ColumnRole::Name)
            && (c == 0 || !is_label(&roles[c - 1]) || blocks.is_empty());
        if starts || blocks.is_empty() {
            blocks.push(BlockInfo {
                side: None,
                code_cols: vec![],
                name_cols: vec![],
                value_cols: vec![],
            });
        }
        let b = blocks.len() - 1;
        match role {
            ColumnRole::Code => blocks[b].code_cols.push(c),
            ColumnRole::Name => blocks[b].name_cols.push(c),
            ColumnRole::Unknown => blocks[b].value_cols.push(c),
            _ => {}
        }
        cols.push(ColumnInfo {
            role: role.clone(),
            key: None,
            block: b,
        });
    }
    (cols, blocks)
}

/// The side of each block of a two-sided table: named by the header above its label column
/// (收入 / 支出), else by its place (the first block income, the others expenditure).
fn assign_sides(blocks: &mut [BlockInfo], header: &Header) {
    let n = blocks.len();
    for (bi, b) in blocks.iter_mut().enumerate() {
        let anchor = b.name_cols.first().or(b.code_cols.first()).copied();
        let named = anchor.and_then(|c| {
            header.cells_of(c).into_iter().find_map(|cell| {
                let t = clean(&cell.text);
                if t.contains("收入") {
                    Some(Side::Income)
                } else if t.contains("支出") {
                    Some(Side::Expenditure)
                } else {
                    None
                }
            })
        });
        let by_place = match (n >= 2, bi) {
            (false, _) => None,
            (true, 0) => Some(Side::Income),
            (true, _) => Some(Side::Expenditure),
        };
        b.side = named.or(by_place);
    }
}

/// What keys a table's value columns: its table, the report's year, and whether OCR read its
/// header.
struct Keying {
    key: TableKey,
    year: Option<i32>,
    by_ocr: bool,
}

/// The texts of the header cells `cells` over column `c`, top to bottom. Where OCR read the
/// headers of the columns a cell spans as one word (`财政拨款收上级补助收` over 财政拨款收入 |
/// 上级补助收入), the column's own part of it, in the order they are printed (whether or not
/// a cell below it names the column: `本年收入。财政拨款。…` over `合计 | 收入 | …`). Where such a word lies over one column only (the next column's header run
/// into it, `财政拨款“上级补助`), the first name is the column's: a header read from alignment
/// stands in the first column its words cover.
fn header_path(k: &Keying, side: Option<Side>, cells: &[&Cell], c: usize) -> Vec<String> {
    let mut path: Vec<String> = cells.iter().map(|cell| clean(&cell.text)).collect();
    if !k.by_ocr {
        return path;
    }
    // (every such word, above the lowest too: `本年收入。财政拨款。上级补助”事业收入` over four
    // columns whose second lines, `合计 | 收入 | 收入`, name them; the 三公 table's groups, one
    // item over its parts, are read by its own rules)
    if k.key != TableKey::ThreePublic {
        for i in 0..path.len() {
            let cell = cells[i];
            if cell.col_span < 2 {
                continue;
            }
            let Some(parts) = schema::merged_headers(k.key, side, &path[i], cell.col_span) else {
                continue;
            };
            // (without the specks OCR read between the words: `本年收入。`)
            let part = parts[c - cell.col].trim_matches(|ch: char| !ch.is_alphanumeric());
            // the first line of the column's header, joined to its second right below it
            // (`本年收入` over `合计` is 本年收入合计, no group over a 合计)
            match cells.get(i + 1).filter(|below| below.col_span == 1) {
                Some(_) => {
                    path[i + 1] = format!("{part}{}", path[i + 1]);
                    path[i].clear();
                }
                None => path[i] = part.to_string(),
            }
        }
    }
    let names = |t: &String| schema::value_column(k.key, side, std::slice::from_ref(t)).is_some();
    let Some(lowest) = path.iter().rposition(names) else {
        return path;
    };
    let cell = cells[lowest];
    let span = cell.col_span;
    match schema::merged_headers(k.key, side, &path[lowest], span.max(2)) {
        // (`公务用车购置费` over its 预算数 | 决算数 names one column, 公务用车 | 购置费 a whole
        // and its part)
        Some(parts) if span > 1 && !names_a_whole_and_its_part(k, side, &parts) => {
            path[lowest] = parts[c - cell.col].clone()
        }
        Some(parts) if names_two_columns(k, side, &parts) => path[lowest] = parts[0].clone(),
        _ => {}
    }
    path
}

/// Do two of the parts of a header word name a column and one of its parts (公务用车 |
/// 购置费: the word names the part, 公务用车购置费)?
fn names_a_whole_and_its_part(k: &Keying, side: Option<Side>, parts: &[String]) -> bool {
    let keys: Vec<String> = parts
        .iter()
        .filter_map(|t| schema::value_column(k.key, side, std::slice::from_ref(t)))
        .collect();
    keys.iter()
        .any(|a| keys.iter().any(|b| schema::is_part_of(k.key, a, b)))
}

/// Do the two parts of a header word name two columns: two keys, neither summing the other
/// (`公务用车 | 购置费` names one column, 公务用车购置费; `本年收入 | 合计` one, its total)?
fn names_two_columns(k: &Keying, side: Option<Side>, parts: &[String]) -> bool {
    let key = |t: &String| schema::value_column(k.key, side, std::slice::from_ref(t));
    let (Some(a), Some(b)) = (key(&parts[0]), key(&parts[1])) else {
        return false;
    };
    a != b
        && !schema::is_part_of(k.key, &a, &b)
        && !schema::is_part_of(k.key, &b, &a)
        && !parts.iter().any(|p| is_total_label(p))
}

/// Keys the value columns from their header paths (cells that also span a label column left
/// out); returns the headers no rule names.
fn value_keys(
    k: &Keying,
    header: &Header,
    roles: &[ColumnRole],
    cols: &mut [ColumnInfo],
    blocks: &[BlockInfo],
) -> Vec<String> {
    let (key, year) = (k.key, k.year);
    let mut unknown = Vec::new();
    // (columns no rule names, with their headers and their whole one)
    let mut unkeyed: Vec<(usize, Vec<String>, String)> = Vec::new();
    let mut headed: Vec<Headed> = Vec::new();
    let label_cols: Vec<usize> = (0..roles.len()).filter(|c| is_label(&roles[*c])).collect();
    for c in 0..cols.len() {
        if cols[c].role != ColumnRole::Unknown {
            continue;
        }
        let side = blocks[cols[c].block].side;
        let cells: Vec<&Cell> = header
            .cells_of(c)
            .into_iter()
            .filter(|cell| {
                !label_cols
                    .iter()
                    .any(|lc| *lc >= cell.col && *lc < cell.col + cell.col_span)
            })
            .collect();
        let path = header_path(k, side, &cells, c);
        headed.push(Headed {
            col: c,
            subtotal: path.iter().any(|t| t == "小计"),
            three_public: path.iter().any(|t| t.contains("三公")),
            figure: schema::three_public_figure(&path.concat()),
        });
        // (on a page read by OCR, headers run together whole, each with its noun, over one
        // column name none; a cell spanning columns is cut between them by `header_path`)
        let several = k.by_ocr
            && cells.iter().any(|cell| {
                cell.col_span == 1 && schema::names_several_columns(key, side, &clean(&cell.text))
            });
        match schema::value_column_in(key, side, &path, year).filter(|_| !several) {
            Some(k) => cols[c].set_key(k),
            None => {
                let name = path.concat();
                if !path.is_empty() && !several {
                    unkeyed.push((c, path.clone(), name.clone()));
                }
                if header.end < header.grid.rows
                    && !path.is_empty()
                    && header.holds_amounts(c)
                    && !unknown.contains(&name)
                {
                    unknown.push(name);
                }
            }
        }
    }
    if k.by_ocr {
        for (c, path, name) in unkeyed {
            // (its lowest header first; then those above: `补助` over `收入`, OCR having read
            // `上级` into the header beside it)
            let side = blocks[cols[c].block].side;
            let placed = path
                .iter()
                .rev()
                .filter(|t| !t.is_empty())
                .find_map(|leaf| key_by_place(key, side, cols, c, leaf));
            if let Some(place) = placed {
                cols[c].set_key(place.to_string());
                unknown.retain(|n| *n != name);
            }
        }
    }
    if key == TableKey::ThreePublic {
        if k.by_ocr {
            settle_three_public_figures(&headed, cols);
        }
        settle_three_public_totals(&headed, cols);
    }
    unknown
}

/// The key of value column `c` of an OCR'd table whose lowest header `leaf` names none, being
/// what OCR kept of its header (`支出` of 经营支出, `计` of 合计, `事业` of 事业收入): the one key
/// the table's templates print between the keys of the nearest keyed columns beside it
/// ([`schema::printed_order`]) that no column of its side has yet and one of whose header words
/// starts or ends with `leaf`.
fn key_by_place(
    table: TableKey,
    side: Option<Side>,
    cols: &[ColumnInfo],
    c: usize,
    leaf: &str,
) -> Option<&'static str> {
    let order = schema::printed_order(table);
    let same_side = |i: &usize| cols[*i].key.is_some() && cols[*i].block == cols[c].block;
    let at = |i: usize| {
        let k = cols[i].key.as_deref()?;
        order.iter().position(|o| *o == k)
    };
    let left = (0..c).rev().find(same_side).map(at);
    let right = (c + 1..cols.len()).find(same_side).map(at);
    if leaf.is_empty() || (left.is_none() && right.is_none()) {
        return None;
    }
    // (a neighbour whose key the order does not list places nothing)
    let from = match left {
        Some(p) => p? + 1,
        None => 0,
    };
    let to = match right {
        Some(p) => p?,
        None => order.len(),
    };
    let taken = |k: &str| {
        cols.iter()
            .any(|x| x.block == cols[c].block && x.key.as_deref() == Some(k))
    };
    let rules = schema::column_rules(table, side);
    let fits = |k: &str| {
        rules.iter().any(|r| {
            r.key == k
                && r.any
                    .iter()
                    .any(|w| w.starts_with(leaf) || w.ends_with(leaf))
        })
    };
    let mut fitting = order
        .get(from..to)?
        .iter()
        .copied()
        .filter(|k| !taken(k) && fits(k));
    match (fitting.next(), fitting.next()) {
        (Some(k), None) => Some(k),
        _ => None,
    }
}

/// What a value column's header says beyond its key.
struct Headed {
    col: usize,
    /// It says 小计.
    subtotal: bool,
    /// It names the 三公经费.
    three_public: bool,
    /// The 三公 figure (预算数 / 决算数) it names, if any.
    figure: Option<&'static str>,
}

/// The columns of an OCR'd 三公 table printing its items once a figure (预算数 | 决算数), whose
/// figure header OCR cut short: a column naming no figure takes the one of the group it stands
/// in, left to right, and an item the group has already is the first of the next group (the
/// other figure). `合计 | 因公出国(境)费` under 决算数 read without it were taken as 预算数 and
/// overwrote the budget's (gen-23-0002 scanned: 3 wrong facts, 3 lost).
fn settle_three_public_figures(headed: &[Headed], cols: &mut [ColumnInfo]) {
    let [budget, actual] = schema::THREE_PUBLIC_FIGURES;
    let mut current: Option<&str> = None;
    let mut seen: Vec<String> = Vec::new();
    for h in headed {
        let Some(key) = cols[h.col].key.clone() else {
            continue;
        };
        let Some((figure, item)) = [budget, actual]
            .into_iter()
            .find_map(|f| key.strip_prefix(f).map(|item| (f, item.to_string())))
        else {
            continue;
        };
        let named = h.figure.is_some();
        // (a 小计 may be keyed as a total before its own settling: it starts no group)
        let next = match current {
            _ if named => figure,
            Some(c) if h.subtotal => c,
            None => figure,
            Some(c) if seen.contains(&item) => {
                if c == budget {
                    actual
                } else {
                    budget
                }
            }
            Some(c) => c,
        };
        if current != Some(next) {
            seen.clear();
        }
        current = Some(next);
        if next != figure {
            cols[h.col].set_key(format!("{next}{item}"));
        }
        if !h.subtotal {
            seen.push(item);
        }
    }
}

/// The totals of a 三公 table. A `合计` over the 三公 and 会议费 / 培训费 (a header that does not
/// name the 三公, in a table printing those) is their `combined` total. A `小计` over no item of
/// its own is the 三公 total, unless another column is that total: then it is the subtotal of
/// 公务用车, whose header the grid placed beside it.
fn settle_three_public_totals(headed: &[Headed], cols: &mut [ColumnInfo]) {
    let key_of = |cols: &[ColumnInfo], c: usize| cols[c].key.clone().unwrap_or_default();
    for h in headed.iter().filter(|h| !h.subtotal && !h.three_public) {
        let k = key_of(cols, h.col);
        let Some(figure) = k.strip_suffix("total") else {
            continue;
        };
        let extras = [format!("{figure}meeting"), format!("{figure}training")];
        if cols
            .iter()
            .any(|c| c.key.as_ref().is_some_and(|k| extras.contains(k)))
        {
            cols[h.col].set_key(format!("{figure}combined"));
        }
    }
    let totals: Vec<String> = headed
        .iter()
        .filter(|h| !h.subtotal)
        .map(|h| key_of(cols, h.col))
        .filter(|k| k.ends_with("total"))
        .collect();
    for h in headed.iter().filter(|h| h.subtotal) {
        let k = key_of(cols, h.col);
        if totals.contains(&k) {
            cols[h.col].set_key(format!("{}vehicle", k.trim_end_matches("total")));
        }
    }
}

/// The share of a continuation column's width that must overlap a first-page column for it to
/// be that column: more than half, so that each column maps to at most one.
const MIN_COLUMN_OVERLAP: f64 = 0.5;

/// One grid of a table with its columns mapped to the first grid's.
struct Part<'g> {
    grid: &'g Grid,
    slots: Vec<Vec<Option<usize>>>,
    /// First-grid column → this grid's column.
    inv: Vec<Option<usize>>,
}

impl<'g> Part<'g> {
    fn of(grid: &'g Grid, first: &Grid, is_first: bool) -> Part<'g> {
        let colmap = column_map(grid, first, is_first);
        let mut inv: Vec<Option<usize>> = vec![None; first.cols];
        for (gc, fc) in colmap.iter().enumerate() {
            if let Some(fc) = fc {
                if inv[*fc].is_none() {
                    inv[*fc] = Some(gc);
                }
            }
        }
        Part {
            grid,
            slots: grid.slot_map(),
            inv,
        }
    }

    /// The cell at row `r` under the first grid's column `fc`.
    fn cell_at(&self, r: usize, fc: usize) -> Option<&'g Cell> {
        let gc = self.inv[fc]?;
        self.slots[r][gc].map(|i| &self.grid.cells[i])
    }

    /// The texts of the cells of row `r` under `cols` not read before (`seen`), non-empty ones
    /// only; every cell read is added to `seen`.
    fn fresh_texts(&self, r: usize, cols: &[usize], seen: &mut Vec<*const Cell>) -> Vec<String> {
        let mut v = Vec::new();
        for cell in cols.iter().filter_map(|&c| self.cell_at(r, c)) {
            if seen.contains(&(cell as *const Cell)) {
                continue;
            }
            seen.push(cell);
            let t = clean(&cell.text);
            if !t.is_empty() {
                v.push(t);
            }
        }
        v
    }
}

/// This grid's column → the first grid's: the same when the grid is the first or has as many
/// columns; else by where their text starts or ends (alignment grids), or by overlap.
fn column_map(g: &Grid, first: &Grid, is_first: bool) -> Vec<Option<usize>> {
    if is_first || g.cols == first.cols {
        return (0..g.cols).map(Some).collect();
    }
    if g.col_text.len() == g.cols && first.col_text.len() == first.cols {
        // columns found by alignment: a column's text starts (labels) or ends (amounts)
        // where the same column's text does on the first page
        return (0..g.cols)
            .map(|c| {
                let (x0, x1) = g.col_text[c];
                let off = |a: usize| {
                    let (f0, f1) = first.col_text[a];
                    (x0 - f0).abs().min((x1 - f1).abs())
                };
                (0..first.cols)
                    .min_by(|&a, &b| off(a).total_cmp(&off(b)))
                    .filter(|&a| off(a) < COLUMN_SNAP_PT)
            })
            .collect();
    }
    (0..g.cols)
        .map(|c| {
            let (x0, x1) = (g.col_edges[c], g.col_edges[c + 1]);
            let overlap = |a: usize| shared_width(first, a, (x0, x1));
            (0..first.cols)
                .max_by(|&a, &b| overlap(a).total_cmp(&overlap(b)))
                .filter(|&a| overlap(a) > MIN_COLUMN_OVERLAP * (x1 - x0))
                .or_else(|| first_of_split(first, (x0, x1)))
        })
        .collect()
}

/// The first of the first grid's columns that together make the continuation's column
/// `x0..x1`, each lying mostly within it, where they cover more than [`MIN_COLUMN_OVERLAP`] of
/// it: a column the first page splits under its header (科目编码 over 类 | 款 | 项) and a
/// continuation page prints whole (a 西南大学 决算 scanned: every row of its second page was
/// left without its code).
fn first_of_split(first: &Grid, span: (f64, f64)) -> Option<usize> {
    let width = |a: usize| first.col_edges[a + 1] - first.col_edges[a];
    let inside: Vec<usize> = (0..first.cols)
        .filter(|&a| shared_width(first, a, span) > MIN_COLUMN_OVERLAP * width(a))
        .collect();
    let covered: f64 = inside.iter().map(|&a| shared_width(first, a, span)).sum();
    (inside.len() > 1 && covered > MIN_COLUMN_OVERLAP * (span.1 - span.0)).then(|| inside[0])
}

/// How much of column `a` of `first` lies within `x0..x1` (negative where it lies apart).
fn shared_width(first: &Grid, a: usize, (x0, x1): (f64, f64)) -> f64 {
    x1.min(first.col_edges[a + 1]) - x0.max(first.col_edges[a])
}

/// A table's columns as read from its first grid.
struct Layout {
    key: TableKey,
    unit: &'static str,
    cols: Vec<ColumnInfo>,
    blocks: Vec<BlockInfo>,
}

/// A row's label in one block.
struct Label {
    code: String,
    name: String,
    /// Printed with a top-level enumerator (`一、`).
    top_level: bool,
    /// The cells read for the label (never a value's).
    seen: Vec<*const Cell>,
}

impl Layout {
    /// The facts of data row `r` of `part`, block by block. A label printed across the empty
    /// label cells of the next block (长沙's 公用经费合计) names that block's values.
    fn read_row(&self, part: &Part, r: usize, page: u32, at: &mut RowState, facts: &mut Vec<Fact>) {
        let mut carry: Option<(Option<Side>, String, String)> = None;
        for (bi, b) in self.blocks.iter().enumerate() {
            let mut label = self.label(part, r, b, &mut at.codes[bi]);
            if label.code.is_empty() && label.name.is_empty() {
                match carry.take() {
                    Some((side, c, n)) if side == b.side => {
                        label.code = c;
                        label.name = n;
                    }
                    _ => continue,
                }
            }
            let values = self.values(part, r, b, &label);
            facts.extend(values.iter().map(|&(column, value, bbox)| Fact {
                table: self.key,
                side: b.side,
                row_code: label.code.clone(),
                row_name: label.name.clone(),
                column: column.to_string(),
                value,
                unit: self.unit,
                page,
                bbox: Some(bbox),
                confidence: None,
                row_seq: at.seq,
                top_level: label.top_level,
            }));
            if !values.is_empty() {
                at.seq += 1;
                carry = None;
            } else {
                carry = Some((b.side, label.code, label.name));
            }
        }
    }

    /// The label of row `r` in block `b`: code columns joined (`201 | 03 | 01` → `2010301`, or
    /// `2010350事业运行` split), the name without its enumerator when there is no code.
    fn label(&self, part: &Part, r: usize, b: &BlockInfo, levels: &mut Vec<String>) -> Label {
        let mut seen: Vec<*const Cell> = Vec::new();
        let (mut code, mut name) = (String::new(), String::new());
        let mut code_ok = true;
        let pieces = level_codes(part, r, &b.code_cols, &mut seen, levels);
        for t in pieces {
            if t.chars().all(|ch| ch.is_ascii_digit()) {
                code.push_str(&t);
            } else if let Some((cd, nm)) = split_code_name(&t) {
                code.push_str(&cd);
                name = nm;
            } else {
                code_ok = false;
                name = t;
            }
        }
        let mut split_from_name = false;
        for t in part.fresh_texts(r, &b.name_cols, &mut seen) {
            let split = split_code_name(&t).filter(|_| code.is_empty() || split_from_name);
            if let Some((cd, nm)) = split {
                // two classifications side by side (政府 | 部门 经济分类): the last, finer one
                code = cd;
                name = nm;
                split_from_name = true;
            } else if !name.is_empty() {
                if is_bare_enumerator(&name)
                    && !schema::starts_with_cn_enumerator(&t)
                    && !crate::snap::is_known_name(&format!("{name}{t}"))
                {
                    // (`四 | 上级补助收入`: the enumerator in a cell of its own, its 、 lost; but
                    // `一 | 般公共预算财政拨款收入` is one name OCR cut after its first stroke)
                    name.push('、');
                }
                name.push_str(&t);
            } else {
                name = t;
            }
        }
        if !code_ok {
            code.clear();
        }
        let top_level = schema::starts_with_cn_enumerator(&name);
        if code.is_empty() {
            name = without_level_marks(schema::strip_enumerator(&name)).to_string();
        }
        let unlabelled = |b: &BlockInfo| b.code_cols.is_empty() && b.name_cols.is_empty();
        if unlabelled(b)
            && (self.key == TableKey::ThreePublic || self.blocks.iter().all(unlabelled))
        {
            name = schema::single_row_name(self.key).to_string();
        }
        Label {
            code,
            name,
            top_level,
            seen,
        }
    }

    /// Does row `r` of `part` head a table of words below it (`一级指标 | 二级指标 | 三级指标 |
    /// 指标值`: a 绩效目标表 printing its indicators under its money)? Its cells name words, not
    /// money, and one of them stands in a money column: what follows, to the table's end, is
    /// indicators and scores, not amounts of the columns above. (Indicator rows of a table whose
    /// header has indicator columns print their words in those columns.)
    fn heads_words(&self, part: &Part, r: usize) -> bool {
        let names_words = |t: &str| {
            schema::is_text_header(t)
                || (t.contains(char::is_whitespace) && schema::is_text_header(&schema::squeeze(t)))
        };
        // (checked first: most rows have no word in a money column)
        let in_money_column = self.cols.iter().enumerate().any(|(c, col)| {
            col.key.is_some()
                && part
                    .cell_at(r, c)
                    .is_some_and(|cell| cell.row == r && names_words(&cell.text))
        });
        if !in_money_column {
            return false;
        }
        let texts: Vec<String> = row_cells(part.grid, r)
            .iter()
            .map(|c| schema::squeeze(&c.text))
            .filter(|t| !t.is_empty())
            .collect();
        // (the table's own header printed again names its money columns too)
        let names_money = |t: &String| {
            parse_amount(t).is_some()
                || schema::value_column(self.key, None, std::slice::from_ref(t)).is_some()
        };
        !texts.iter().any(names_money)
            && texts.iter().filter(|t| schema::is_text_header(t)).count() >= WORD_HEADER_CELLS
    }

    /// The column key, amount and cell box of each keyed value cell of row `r` in block `b`
    /// that holds an amount.
    fn values(
        &self,
        part: &Part,
        r: usize,
        b: &BlockInfo,
        label: &Label,
    ) -> Vec<(&str, Decimal, BBox)> {
        let mut v = Vec::new();
        for &c in &b.value_cols {
            let Some(k) = &self.cols[c].key else { continue };
            let Some(cell) = part.cell_at(r, c) else {
                continue;
            };
            // a value belongs to the cell's own first row and column only, and never to a cell
            // that also spans a label column
            if cell.row != r || label.seen.contains(&(cell as *const Cell)) {
                continue;
            }
            if part.inv[c] != Some(cell.col) {
                continue;
            }
            if let Some(amount) = parse_amount(&clean(&cell.text)) {
                v.push((k.as_str(), amount, cell.bbox));
            }
        }
        // two columns of one key in a row: the first is the key's, as templates print a whole
        // before its parts (`合计 | 一般公共预算拨款 / 小计`, `项目支出 / 小计 | 其中：…`, `合计 |
        // … | 项目支出 / 扣除基建项目后预算数`); the later ones are parts no rule names. (A 三公
        // table's columns of several years are told apart after the rows are read.)
        if self.key != TableKey::ThreePublic {
            let mut seen: Vec<&str> = Vec::new();
            v.retain(|x| {
                let first = !seen.contains(&x.0);
                seen.push(x.0);
                first
            });
        }
        v
    }
}

/// A total row printed on the line of the code columns' level header (`类 款 项 合计`) reads
/// `项合计` or `类款项合计`: the level marks are not part of its label (`项目合计` is left be).
fn without_level_marks(name: &str) -> &str {
    let rest = name.trim_start_matches(['类', '款', '项']);
    if rest.len() < name.len() && matches!(rest, "合计" | "总计" | "小计") {
        rest
    } else {
        name
    }
}

/// What the reading of a table's rows carries from one row to the next.
struct RowState {
    /// The canonical row the next fact belongs to.
    seq: usize,
    /// Per block, the code last printed in each of its code columns (类 | 款 | 项).
    codes: Vec<Vec<String>>,
}

/// The digits of a 款 or 项 printed in a column of its own (`02`; a lone `2` is `02`).
const LEVEL_DIGITS: usize = 2;

/// The texts of row `r`'s code columns, with a code printed by levels (类 | 款 | 项) made whole:
/// a 款 or 项 printed without the levels above it (`| 02 |` under `204`) takes them from the
/// rows above (`20402`), and a one-digit level is padded (`301 | 2` → `30102`). `levels` holds
/// the code last printed in each column.
fn level_codes(
    part: &Part,
    r: usize,
    cols: &[usize],
    seen: &mut Vec<*const Cell>,
    levels: &mut Vec<String>,
) -> Vec<String> {
    let per_col: Vec<String> = cols
        .iter()
        .map(|&c| part.fresh_texts(r, &[c], seen).concat())
        .collect();
    let digits = |t: &String| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    let Some(first) = per_col.iter().position(|t| !t.is_empty()) else {
        return per_col;
    };
    let by_levels = cols.len() >= 2 && per_col.iter().all(|t| t.is_empty() || digits(t));
    if !by_levels {
        return per_col.into_iter().filter(|t| !t.is_empty()).collect();
    }
    levels.resize(cols.len(), String::new());
    let padded: Vec<String> = per_col
        .iter()
        .enumerate()
        .map(|(i, t)| match t.len() {
            n if i > 0 && n > 0 && n < LEVEL_DIGITS => format!("{t:0>LEVEL_DIGITS$}"),
            _ => t.clone(),
        })
        .collect();
    let inherits = first > 0
        && padded[first..]
            .iter()
            .all(|t| t.is_empty() || t.len() == LEVEL_DIGITS)
        && levels[..first].iter().all(digits);
    let Some(padded) = with_gaps_filled(padded, first, levels) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    if inherits {
        out.extend(levels[..first].iter().cloned());
    }
    for (i, t) in padded.iter().enumerate().skip(first) {
        if t.is_empty() {
            continue;
        }
        if levels[i] != *t {
            // (a new 类 or 款: what was last printed below it belongs to the one before)
            levels[i + 1..].iter_mut().for_each(String::clear);
        }
        levels[i] = t.clone();
    }
    out.extend(padded.into_iter().filter(|t| !t.is_empty()));
    out
}

/// A row's code levels (from `first`, the first printed) with a level left blank between two
/// printed ones (`201 |  | 01`: a 款 OCR lost) taken from the rows above, where they printed
/// the same levels before it (`levels`, the code last printed in each column, cleared below a
/// level that changed); None where they did not: the code is not known. A text layer prints
/// every level of such a row.
fn with_gaps_filled(
    mut padded: Vec<String>,
    first: usize,
    levels: &[String],
) -> Option<Vec<String>> {
    let last = padded.iter().rposition(|t| !t.is_empty())?;
    for i in first + 1..last {
        if !padded[i].is_empty() {
            continue;
        }
        let same_above = (first..i).all(|j| padded[j] == levels[j]);
        if !same_above || levels[i].is_empty() {
            return None;
        }
        padded[i] = levels[i].clone();
    }
    Some(padded)
}

/// `2010350事业运行` → (`2010350`, `事业运行`); also `[30199]其他工资福利支出`,
/// `30101-基本工资` and `106_长沙市公安局`.
fn split_code_name(t: &str) -> Option<(String, String)> {
    let (t, bracketed) = match t.strip_prefix(['[', '【']) {
        Some(rest) => (rest, true),
        None => (t, false),
    };
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.len() >= 3 && digits.len() <= 9 && digits.len() < t.len() {
        let mut rest = &t[digits.len()..];
        if bracketed {
            rest = rest.strip_prefix([']', '】'])?;
        }
        // (`2025年` is a year, not a code and a name)
        if rest
            .chars()
            .next()
            .is_some_and(|c| !c.is_ascii_digit() && !matches!(c, '.' | ',' | '年' | '月'))
        {
            let name = rest.trim_start_matches(CODE_NAME_SEPARATORS);
            return (!name.is_empty()).then(|| (digits, name.to_string()));
        }
    }
    None
}

/// What some templates print between a code and its name (`30101-基本工资`, `106_…`).
const CODE_NAME_SEPARATORS: &[char] = &['-', '－', '_', '—', ':', '：'];

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn mk(t: &str) -> Cell {
        Cell {
            row: 0,
            col: 0,
            row_span: 1,
            col_span: 1,
            bbox: Default::default(),
            text: t.into(),
        }
    }

    /// gen-17-0002's scan read the 三公 table's column numbers `1 … 12` with dashes between
    /// them and `了` for 7: the row was read as data, its numbers as amounts (8 wrong facts).
    #[test]
    fn a_numbering_row_read_with_noise_is_one() {
        let row = |texts: &[&str]| -> Vec<Cell> {
            texts
                .iter()
                .enumerate()
                .map(|(c, t)| Cell { col: c, ..mk(t) })
                .collect()
        };
        let noisy = row(&[
            "-", "-", "3", "-", "4", "-", "5", "-", "6", "-", "了", "-", "8",
        ]);
        assert!(is_numbering_row(&noisy.iter().collect::<Vec<_>>()));
        // gen-37-0002: a long count with an amount of the row below read into it
        let long = row(&[
            "1", "6.11", "2", "-", "3", "-", "4", "-", "5", "-", "6", "6.11", "了", "-", "8",
        ]);
        assert!(is_numbering_row(&long.iter().collect::<Vec<_>>()));
        // the real 长沙 2025 budget scanned: `** | ** | 1 | 2 | 3` read as `米米 | 炒米 | 1 | 2 |
        // 号`; taken for a header row, it hid the names column and the 合计 row
        let marked = row(&["米米", "炒米", "1", "2", "号"]);
        assert!(is_numbering_row(&marked.iter().collect::<Vec<_>>()));
        // amounts, numbers that do not count up, or fewer than three (two after no mark): data
        for texts in [
            &["米米", "2", "3"][..],
            &["大米", "1", "2.00"],
            &["炒", "1", "2"],
            &["-", "3", "-", "4.00", "5"][..],
            &["-", "3", "-", "2", "5"],
            &["-", "-", "3", "-", "4"],
            &["合计", "3", "4", "5"],
            &["合计", "-", "-", "3", "4", "5"],
            &["1200", "1300", "1400"],
        ] {
            let r = row(texts);
            assert!(
                !is_numbering_row(&r.iter().collect::<Vec<_>>()),
                "{texts:?}"
            );
        }
    }

    #[test]
    fn numbering_rows() {
        let a = [mk("栏次"), mk(""), mk("1"), mk("栏次"), mk(""), mk("2")];
        assert!(is_numbering_row(&a.iter().collect::<Vec<_>>()));
        let b = [mk("1"), mk("2"), mk("3")];
        assert!(is_numbering_row(&b.iter().collect::<Vec<_>>()));
        let c = [mk("10.81"), mk("0"), mk("0.83")];
        assert!(!is_numbering_row(&c.iter().collect::<Vec<_>>()));
    }

    /// A grid from a text matrix: `<` is covered by the cell on the left, `^` by the one above.
    pub(crate) fn grid(rows: &[&[&str]]) -> Grid {
        let (nr, nc) = (rows.len(), rows[0].len());
        let mut cells: Vec<Cell> = Vec::new();
        let mut owner = vec![vec![usize::MAX; nc]; nr];
        for r in 0..nr {
            for c in 0..nc {
                match rows[r][c] {
                    "<" => {
                        let o = owner[r][c - 1];
                        owner[r][c] = o;
                        if cells[o].row == r {
                            cells[o].col_span += 1;
                        }
                    }
                    "^" => {
                        let o = owner[r - 1][c];
                        owner[r][c] = o;
                        if cells[o].col == c {
                            cells[o].row_span += 1;
                        }
                    }
                    t => {
                        owner[r][c] = cells.len();
                        cells.push(Cell {
                            row: r,
                            col: c,
                            row_span: 1,
                            col_span: 1,
                            bbox: Default::default(),
                            text: t.into(),
                        });
                    }
                }
            }
        }
        Grid {
            bbox: Default::default(),
            rows: nr,
            cols: nc,
            col_edges: (0..=nc).map(|i| i as f64 * 50.0).collect(),
            row_edges: (0..=nr).map(|i| i as f64 * 20.0).collect(),
            cells,
            source: yjs_model::GridSource::Rulings,
            col_text: Vec::new(),
        }
    }

    pub(crate) fn doc(grids: Vec<Grid>) -> Document {
        Document {
            format: yjs_model::Format::Pdf,
            info: vec![],
            damaged: vec![],
            undecoded: vec![],
            ocr: vec![],
            ocr_words: Vec::new(),
            pages: grids
                .into_iter()
                .enumerate()
                .map(|(i, g)| yjs_model::Page {
                    number: i as u32 + 1,
                    width: 595.0,
                    height: 842.0,
                    turns: 0,
                    blocks: vec![Block::Grid(g)],
                })
                .collect(),
        }
    }

    /// Each fact as (row name, column, value as printed).
    pub(crate) fn named_values(facts: &[Fact]) -> Vec<(&str, &str, String)> {
        facts
            .iter()
            .map(|f| (f.row_name.as_str(), f.column.as_str(), f.value.to_string()))
            .collect()
    }

    /// Each fact as (row code, row name, column, value as printed).
    fn coded_values<'f>(
        facts: impl IntoIterator<Item = &'f Fact>,
    ) -> Vec<(&'f str, &'f str, &'f str, String)> {
        facts
            .into_iter()
            .map(|f| {
                let v = f.value.to_string();
                (
                    f.row_code.as_str(),
                    f.row_name.as_str(),
                    f.column.as_str(),
                    v,
                )
            })
            .collect()
    }

    /// The facts of the first table of `d`, in a report of fiscal year `year`.
    fn first_table_facts(d: &Document, year: Option<i32>) -> Vec<Fact> {
        let tables = crate::segment::segment(d);
        reconcile(d, &tables[0], 0, year).facts
    }

    fn facts_of(d: &Document) -> Vec<(String, String, String, String)> {
        let tables = crate::segment::segment(d);
        let mut v = Vec::new();
        for t in &tables {
            for f in reconcile(d, t, 0, None).facts {
                v.push((
                    f.table.to_string(),
                    f.row_code,
                    f.column,
                    f.value.to_string(),
                ));
            }
        }
        v
    }

    /// An enumerator OCR read into a label cell of its own, its 、 lost (`四 | 上级补助收入`,
    /// a scanned 收入支出决算总表 of seed 37), is the row's enumerator, not part of its name.
    #[test]
    fn an_enumerator_in_a_cell_of_its_own_is_left_out_of_the_name() {
        let d = doc(vec![grid(&[
            &["收入支出决算总表", "<", "<", "<", "<", "<"],
            &["收入", "<", "<", "支出", "<", "<"],
            &["项目", "<", "决算数", "项目", "<", "决算数"],
            &[
                "",
                "一般公共预算财政拨款收入",
                "2,672.33",
                "",
                "一般公共服务支出",
                "0.00",
            ],
            &[
                "四",
                "上级补助收入",
                "0.00",
                "二十四",
                "债务还本支出",
                "1.00",
            ],
            &["七", "附属单位上缴收入", "5.00", "", "", ""],
            &["一", "般公共预算财政拨款收入", "6.00", "", "", ""],
        ])]);
        let facts = first_table_facts(&d, None);
        let names: Vec<&str> = facts.iter().map(|f| f.row_name.as_str()).collect();
        for name in [
            "上级补助收入",
            "附属单位上缴收入",
            "债务还本支出",
            "一般公共预算财政拨款收入",
        ] {
            assert!(names.contains(&name), "{name} in {names:?}");
        }
        assert!(
            !names.iter().any(|n| n.starts_with(['四', '七', '二'])),
            "{names:?}"
        );
        assert!(!is_bare_enumerator("一般") && is_bare_enumerator("二十四"));
    }

    #[test]
    fn a_numbering_row_with_marks_over_the_label_columns_ends_the_header() {
        let row = [mk("**"), mk("**"), mk("1"), mk("2"), mk("3")];
        assert!(is_numbering_row(&row.iter().collect::<Vec<_>>()));
        let marks = [mk("**"), mk("**")];
        assert!(!is_numbering_row(&marks.iter().collect::<Vec<_>>()));
    }

    /// The 湖南 layout: 类 | 款 | 项 columns under 科目编码, a 功能科目 name column, a `**` / `1 2 3`
    /// numbering row, and 款 rows that print only their 款.
    #[test]
    fn a_kuan_printed_alone_takes_its_lei_and_the_header_skips_the_marks() {
        let d = doc(vec![grid(&[
            &["2025年一般公共预算支出情况表", "<", "<", "<", "<", "<", "<"],
            &[
                "科目编码",
                "<",
                "<",
                "功能科目",
                "总计",
                "基本支出",
                "项目支出",
            ],
            &["类", "款", "项", "^", "^", "^", "^"],
            &["**", "**", "**", "**", "1", "2", "3"],
            &["", "", "", "合计", "68,632.12", "28,398.17", "40,233.95"],
            &[
                "204",
                "",
                "",
                "公共安全支出",
                "68,629.12",
                "28,398.17",
                "40,230.95",
            ],
            &["", "02", "", "公安", "68,629.12", "28,398.17", "40,230.95"],
            &["204", "02", "01", "行政运行", "28,398.17", "28,398.17", ""],
            &["", "", "20", "执法办案", "1,740.93", "", "1,740.93"],
            &["201", "", "", "一般公共服务支出", "3.00", "", "3.00"],
            &["", "11", "", "纪检监察事务", "3.00", "", "3.00"],
            &["301", "2", "", "津贴补贴", "1.00", "1.00", ""],
        ])]);
        let tables = crate::segment::segment(&d);
        assert_eq!(tables[0].key, Some(TableKey::GeneralExpenditure));
        let facts = reconcile(&d, &tables[0], 0, None).facts;
        let rows = coded_values(facts.iter().filter(|f| f.column == "total"));
        assert_eq!(
            rows,
            vec![
                ("", "合计", "total", "68632.12".to_string()),
                ("204", "公共安全支出", "total", "68629.12".into()),
                ("20402", "公安", "total", "68629.12".into()),
                ("2040201", "行政运行", "total", "28398.17".into()),
                ("2040220", "执法办案", "total", "1740.93".into()),
                ("201", "一般公共服务支出", "total", "3.00".into()),
                ("20111", "纪检监察事务", "total", "3.00".into()),
                ("30102", "津贴补贴", "total", "1.00".into()),
            ]
        );
        assert_eq!(facts.iter().filter(|f| f.column == "basic").count(), 5);
    }

    /// 长沙's 三公 table: a 小计 over no item of its own is the total; the units' rows below the
    /// 合计 row are not the table's row.
    #[test]
    fn a_three_public_table_by_unit_gives_its_total_row() {
        let d = doc(vec![grid(&[
            &[
                "2025年一般公共预算“三公”经费支出情况表",
                "<",
                "<",
                "<",
                "<",
                "<",
                "<",
            ],
            &[
                "部门名称",
                "三公经费预（决）算数（财政拨款）",
                "<",
                "<",
                "<",
                "<",
                "<",
            ],
            &[
                "^",
                "小计",
                "公务接待费",
                "因公出国（境）费",
                "公务用车购置及运行费",
                "其中：公务用车购置",
                "其中：公务用车运行费",
            ],
            &[
                "合计", "458.50", "28.50", "30.00", "400.00", "150.00", "250.00",
            ],
            &[
                "106_长沙市公安局",
                "458.50",
                "28.50",
                "30.00",
                "400.00",
                "150.00",
                "250.00",
            ],
        ])]);
        let facts = first_table_facts(&d, None);
        let (total, units): (Vec<Fact>, Vec<Fact>) = facts
            .iter()
            .cloned()
            .partition(|f| f.table == TableKey::ThreePublic);
        let got = named_values(&total);
        assert!(units.iter().all(|f| f.table == TableKey::ThreePublicByUnit));
        let by_unit: Vec<(&str, &str)> = units
            .iter()
            .map(|f| (f.row_code.as_str(), f.row_name.as_str()))
            .collect();
        assert_eq!(by_unit, vec![("106", "长沙市公安局"); 6]);
        assert_eq!(
            got,
            vec![
                ("三公经费", "budget_total", "458.50".to_string()),
                ("三公经费", "budget_reception", "28.50".into()),
                ("三公经费", "budget_abroad", "30.00".into()),
                ("三公经费", "budget_vehicle", "400.00".into()),
                ("三公经费", "budget_vehicle_purchase", "150.00".into()),
                ("三公经费", "budget_vehicle_operation", "250.00".into()),
            ]
        );
    }

    /// 西南大学's 2023 决算 (text layer and scan): its 财政拨款支出决算表 splits 科目编码 into
    /// `类 | 款 | 项` on its first page, and its second page draws the code column whole; no
    /// first-page column held half of it, and every row of the second page lost its code.
    #[test]
    fn a_continuation_column_the_first_page_splits_is_its_first_part() {
        let first = grid(&[
            &["科目编码", "<", "<", "科目名称", "合计"],
            &["类", "款", "项", "^", "^"],
            &["205", "<", "<", "教育支出", "1.00"],
        ]);
        let mut next = grid(&[&["2060201", "机构运行", "828.72"]]);
        next.col_edges = vec![0.0, 150.0, 200.0, 250.0];
        assert_eq!(
            column_map(&next, &first, false),
            [Some(0), Some(3), Some(4)]
        );
        // a column half over one of the first page's columns is that one's
        next.col_edges = vec![0.0, 40.0, 200.0, 250.0];
        assert_eq!(column_map(&next, &first, false)[0], Some(0));
    }

    /// A 三公 table's columns as 上海 prints them, 小计 for the 公务用车 pair.
    const THREE_PUBLIC_ITEMS: [&str; 6] = [
        "合计",
        "因公出国（境）费",
        "小计",
        "公务用车购置费",
        "公务用车运行维护费",
        "公务接待费",
    ];

    #[test]
    fn a_three_public_subtotal_beside_a_total_is_the_vehicles() {
        let d = doc(vec![grid(&[
            &["财政拨款“三公”经费支出决算表", "<", "<", "<", "<", "<"],
            &THREE_PUBLIC_ITEMS,
            &["11.25", "0.00", "10.00", "6.00", "4.00", "1.25"],
        ])]);
        let facts = first_table_facts(&d, None);
        let keys: Vec<&str> = facts.iter().map(|f| f.column.as_str()).collect();
        assert_eq!(
            keys,
            [
                "budget_total",
                "budget_abroad",
                "budget_vehicle",
                "budget_vehicle_purchase",
                "budget_vehicle_operation",
                "budget_reception"
            ]
        );
    }

    /// gen-23-0002 scanned: the 决算数 header over a 三公 table's second group of items was read
    /// over its last four columns only; `合计 | 因公出国（境）费` under it, naming no figure,
    /// were keyed `budget_` (3 wrong facts, 3 lost). On a page read by OCR, an item the group
    /// has already starts the next group.
    #[test]
    fn a_three_public_item_printed_again_is_the_next_figures() {
        let items = THREE_PUBLIC_ITEMS.iter();
        let header: Vec<&str> = items.clone().chain(items).copied().collect();
        let spans = |first: &'static str, n: usize| {
            std::iter::once(first).chain(std::iter::repeat_n("<", n - 1))
        };
        let title: Vec<&str> = spans("“三公”经费支出决算表", 12).collect();
        // (决算数 read over the last four columns of its six)
        let figures: Vec<&str> = spans("预算数", 6)
            .chain(["", ""])
            .chain(spans("决算数", 4))
            .collect();
        let mut d = doc(vec![grid(&[
            &title,
            &figures,
            &header,
            &[
                "31.86", "22.62", "1.42", "0.00", "1.42", "7.82", "12.95", "9.04", "0.00", "0.00",
                "0.00", "3.91",
            ],
        ])]);
        d.ocr = vec![d.pages[0].number];
        let facts = first_table_facts(&d, None);
        let key = |v: &str| -> Vec<&str> {
            let v: Decimal = v.parse().unwrap();
            facts
                .iter()
                .filter(|f| f.value == v)
                .map(|f| f.column.as_str())
                .collect()
        };
        assert_eq!(key("12.95"), ["actual_total"]);
        assert_eq!(key("9.04"), ["actual_abroad"]);
        assert_eq!(key("3.91"), ["actual_reception"]);
        assert_eq!(key("31.86"), ["budget_total"]);
        assert_eq!(key("7.82"), ["budget_reception"]);
    }

    /// 江苏's 三公 table: 合计 of the 三公 and 会议费 / 培训费, then the 三公's own 小计.
    #[test]
    fn a_total_over_the_three_public_and_meetings_is_combined() {
        let d = doc(vec![grid(&[
            &[
                "“三公”经费、会议费、培训费支出预算表",
                "<",
                "<",
                "<",
                "<",
                "<",
                "<",
                "<",
            ],
            &["合计", "“三公”经费", "<", "<", "<", "<", "会议费", "培训费"],
            &[
                "^",
                "小计",
                "因公出国（境）费",
                "公务用车购置及运行维护费",
                "<",
                "公务接待费",
                "^",
                "^",
            ],
            &["^", "^", "^", "小计", "公务用车运行维护费", "^", "^", "^"],
            &[
                "1,467.70", "509.20", "70.00", "411.20", "411.20", "28.00", "300.00", "658.50",
            ],
        ])]);
        let facts = first_table_facts(&d, Some(2017));
        let keys: Vec<(&str, String)> = facts
            .iter()
            .map(|f| (f.column.as_str(), f.value.to_string()))
            .collect();
        assert_eq!(
            keys,
            vec![
                ("budget_combined", "1467.70".to_string()),
                ("budget_total", "509.20".into()),
                ("budget_abroad", "70.00".into()),
                ("budget_vehicle", "411.20".into()),
                ("budget_vehicle_operation", "411.20".into()),
                ("budget_reception", "28.00".into()),
                ("budget_meeting", "300.00".into()),
                ("budget_training", "658.50".into()),
            ]
        );
    }

    /// A grid rebuilt from alignment can print the 类 left of the column its header names, in a
    /// column without a header: that column is a code column too.
    #[test]
    fn a_column_of_codes_without_a_header_is_a_code_column() {
        let d = doc(vec![grid(&[
            &[
                "一般公共预算基本支出明细表（按支出经济分类科目）",
                "<",
                "<",
                "<",
            ],
            &["", "经济科目编码", "经济科目名称", "合计"],
            &["", "", "合计", "30.00"],
            &["301", "", "工资福利支出", "30.00"],
            &["", "30101", "基本工资", "30.00"],
        ])]);
        let facts = first_table_facts(&d, None);
        let codes: Vec<&str> = facts.iter().map(|f| f.row_code.as_str()).collect();
        assert_eq!(codes, ["", "301", "30101"]);
    }

    /// A 绩效目标表 laid out as a table: a row per project with its money, then rows of
    /// indicators whose values are words or counts, not amounts.
    #[test]
    fn a_performance_table_gives_each_projects_money_and_no_indicator() {
        let d = doc(vec![grid(&[
            &["项目支出绩效目标表", "<", "<", "<", "<", "<", "<"],
            &[
                "项目名称",
                "项目总额",
                "其中：",
                "<",
                "绩效目标",
                "三级指标",
                "本年绩效指标值",
            ],
            &["^", "^", "财政资金", "其他资金", "^", "^", "^"],
            &[
                "《北京审计》杂志办刊经费",
                "17.398000",
                "17.398000",
                "",
                "宣传审计成果",
                "每期印刷数量",
                "900",
            ],
            &["^", "^", "^", "^", "^", "印刷刊物成本", "12.798"],
        ])]);
        let tables = crate::segment::segment(&d);
        assert_eq!(tables[0].key, Some(TableKey::Performance));
        let r = reconcile(&d, &tables[0], 0, None);
        let got = named_values(&r.facts);
        assert_eq!(
            got,
            vec![
                ("《北京审计》杂志办刊经费", "total", "17.398000".to_string()),
                ("《北京审计》杂志办刊经费", "fiscal", "17.398000".into()),
            ]
        );
        assert!(r.unknown_columns.is_empty(), "{:?}", r.unknown_columns);
    }

    /// A narrow code column's header wrapped as `功能分类科 / 目编码`, read by OCR with `编码`
    /// over the names: the column of codes is the code column, the one of words the names'.
    #[test]
    fn a_code_header_wrapped_into_the_names_column_keeps_the_codes() {
        let d = doc(vec![grid(&[
            &["收入决算表", "<", "<", "<"],
            &["项目", "<", "本年收入合计", "财政拨款收入"],
            &["功能分类科", "科目名称", "^", "^"],
            &["目", "编码", "^", "^"],
            &["合计", "", "8,192.39", "8,192.39"],
            &["201", "一般公共服务支出", "7,234.82", "7,234.82"],
            &["20111", "纪检监察事务", "7,234.82", "7,234.82"],
        ])]);
        let tables = crate::segment::segment(&d);
        let facts = reconcile(&d, &tables[0], 0, None).facts;
        let got = coded_values(&facts);
        assert_eq!(
            got,
            vec![
                ("", "合计", "total", "8192.39".to_string()),
                ("", "合计", "fiscal", "8192.39".into()),
                ("201", "一般公共服务支出", "total", "7234.82".into()),
                ("201", "一般公共服务支出", "fiscal", "7234.82".into()),
                ("20111", "纪检监察事务", "total", "7234.82".into()),
                ("20111", "纪检监察事务", "fiscal", "7234.82".into()),
            ]
        );
    }

    /// A numbering row OCR garbled (`栏次 | | 至 | | 二 | 4`) is not recognised as one: its
    /// `栏次` under `科目编码` does not make the codes line numbers.
    #[test]
    fn a_garbled_numbering_row_leaves_the_code_column_its_codes() {
        let d = doc(vec![grid(&[
            &["收入决算表", "<", "<", "<", "<", "<"],
            &[
                "项目",
                "<",
                "本年收入合计",
                "财政拨款收入",
                "上级补助收入",
                "事业收入",
            ],
            &["科目编码", "科目名称", "^", "^", "^", "^"],
            &["栏次", "", "至", "", "二", "4"],
            &["合计", "", "", "5088.65", "", "261.56"],
            &[
                "201",
                "一般公共服务支出",
                "4270.77",
                "4009.21",
                "",
                "261.56",
            ],
        ])]);
        let labels: Vec<(String, String)> = facts_of(&d).into_iter().map(|f| (f.1, f.2)).collect();
        assert_eq!(
            labels,
            vec![
                ("".to_string(), "fiscal".to_string()),
                ("".into(), "business".into()),
                ("201".into(), "total".into()),
                ("201".into(), "fiscal".into()),
                ("201".into(), "business".into()),
            ]
        );
    }

    /// OCR read the headers `财政拨款收入 | 上级补助收入` as one word over both columns, their
    /// `入` below: each column is keyed by its own part, in the order printed.
    #[test]
    fn headers_read_as_one_word_by_ocr_key_their_columns_in_order() {
        let mut d = doc(vec![grid(&[
            &["收入决算表", "<", "<", "<", "<"],
            &[
                "科目编码",
                "科目名称",
                "本年收入合计",
                "财政拨款收上级补助收",
                "<",
            ],
            &["^", "^", "^", "入", "入"],
            &["208", "社会保障和就业支出", "257.20", "257.20", "0.00"],
        ])]);
        let fiscal_first = vec![
            ("208".to_string(), "total".to_string()),
            ("208".into(), "fiscal".into()),
            ("208".into(), "superior_subsidy".into()),
        ];
        let keys = |d: &Document| -> Vec<(String, String)> {
            facts_of(d).into_iter().map(|f| (f.1, f.2)).collect()
        };
        assert_ne!(
            keys(&d),
            fiscal_first,
            "a text layer's header is read as printed"
        );
        d.ocr = vec![1];
        assert_eq!(keys(&d), fiscal_first);
    }

    /// Seed 37's scan of a 收入决算表 read the headers from 事业收入 to 其他收入 as one cell over
    /// the 事业收入 column: keyed 经营收入, its amounts were 5 wrong facts. Such a column names no
    /// key; a text layer's header is read as printed.
    #[test]
    fn headers_run_together_over_one_column_key_none_of_it() {
        let mut d = doc(vec![grid(&[
            &["收入决算表", "<", "<", "<", "<"],
            &[
                "科目编码",
                "科目名称",
                "本年收入合计",
                "财政拨款收入",
                "收入”经营收入上缴收入“其他收入",
            ],
            &["201", "一般公共服务支出", "4454.86", "3762.35", "692.51"],
        ])]);
        let columns =
            |d: &Document| -> Vec<String> { facts_of(d).into_iter().map(|f| f.2).collect() };
        assert_eq!(columns(&d), ["total", "fiscal", "operating"]);
        d.ocr = vec![1];
        assert_eq!(columns(&d), ["total", "fiscal"]);
        // two headers in a cell spanning their two columns are cut between them
        let mut d = doc(vec![grid(&[
            &["支出决算表", "<", "<", "<", "<"],
            &["科目编码", "科目名称", "合计", "基本支出项目支出", "<"],
            &["201", "一般公共服务支出", "3.00", "1.00", "2.00"],
        ])]);
        d.ocr = vec![1];
        assert_eq!(columns(&d), ["total", "basic", "project"]);
    }

    /// The column keys of the facts of `d`, its first page read by OCR.
    fn ocr_columns(d: &mut Document) -> Vec<String> {
        d.ocr = vec![1];
        facts_of(d).into_iter().map(|f| f.2).collect()
    }

    /// Seed 47's scan of a 收入决算表 read 上级补助收入 as `上级` run into the header beside it
    /// and `补助 / 收入` over its column: the column took no key (24 facts lost). A header
    /// above its lowest may place it as its lowest does.
    #[test]
    fn a_column_whose_lowest_header_places_nothing_is_placed_by_the_one_above() {
        let mut d = doc(vec![grid(&[
            &["收入决算表", "<", "<", "<", "<", "<"],
            &[
                "科目名称",
                "本年收入合计",
                "财政拨款“上级",
                "补助",
                "事业收入",
                "其他收入",
            ],
            &["^", "", "收入", "收入", "", ""],
            &[
                "一般公共服务支出",
                "2560.85",
                "2500.85",
                "60.00",
                "0.00",
                "0.00",
            ],
        ])]);
        assert_eq!(
            ocr_columns(&mut d),
            ["total", "fiscal", "superior_subsidy", "business", "other"]
        );
    }

    /// Seed 47's scan of a 收入决算表 read the first lines of four wrapped headers as one word
    /// over their four columns (`本年收入。财政拨款。上级补助”事业收入`), their second lines
    /// (`合计 | 收入 | 收入`) as cells below: the word, not cut, keyed the total column 上级补助
    /// (17 wrong facts). It is cut among its columns whatever lies below it.
    #[test]
    fn a_header_word_over_columns_is_cut_among_them_above_their_second_lines() {
        let mut d = doc(vec![grid(&[
            &["收入决算表", "<", "<", "<", "<", "<"],
            &[
                "项目",
                "本年收入。财政拨款。上级补助”事业收入",
                "<",
                "<",
                "<",
                "其他收入",
            ],
            &["科目名称", "合计", "收入", "收入", "", "^"],
            &[
                "公共安全支出",
                "2624.54",
                "1846.32",
                "11.25",
                "766.97",
                "0.00",
            ],
        ])]);
        assert_eq!(
            ocr_columns(&mut d),
            ["total", "fiscal", "superior_subsidy", "business", "other"]
        );
    }

    /// gen-17-0005's scan of a borderless 收入决算表 read the headers 财政拨款收入 and 上级补助收入
    /// as one word over one column, `财政拨款“上级补助 / 收入`: keyed 上级补助, its amounts (财政
    /// 拨款's) were 19 wrong facts. The word stands in the column of its first name.
    #[test]
    fn two_columns_names_read_over_one_column_are_the_first_s() {
        let mut d = doc(vec![grid(&[
            &["收入决算表", "<", "<", "<"],
            &["科目编码", "科目名称", "本年收入合计", "财政拨款“上级补助"],
            &["^", "^", "^", "收入"],
            &["208", "社会保障和就业支出", "257.20", "257.20"],
        ])]);
        d.ocr = vec![1];
        let keys: Vec<(String, String)> = facts_of(&d).into_iter().map(|f| (f.1, f.2)).collect();
        assert_eq!(
            keys,
            [
                ("208".to_string(), "total".to_string()),
                ("208".to_string(), "fiscal".to_string())
            ]
        );
        d.ocr.clear();
        assert_eq!(
            facts_of(&d).len(),
            2,
            "a text layer's header is read as printed"
        );
        // one name holding two (公务用车 | 购置费) is one column's
        let mut d = doc(vec![grid(&[
            &["财政拨款“三公”经费支出决算表", "<", "<", "<"],
            &["合计", "公务用车购置及运行维护费", "<", "<"],
            &["^", "小计", "公务用车购置费", "公务用车运行维护费"],
            &["12.00", "12.00", "10.00", "2.00"],
        ])]);
        d.ocr = vec![1];
        let columns: Vec<String> = facts_of(&d).into_iter().map(|f| f.2).collect();
        assert!(
            columns.iter().any(|c| c.ends_with("vehicle_purchase")),
            "{columns:?}"
        );
    }

    /// Two columns of one key in a row (北京's 扣除基建项目后预算数 read as a 预算数, 西安's
    /// 一般公共预算拨款 / 小计 beside its 合计): the first printed is the key's.
    #[test]
    fn a_key_printed_twice_in_a_row_is_its_first_column() {
        let d = doc(vec![grid(&[
            &["一般公共预算支出表", "<", "<", "<", "<", "<"],
            &["科目编码", "科目名称", "合计", "基本支出", "项目支出", "<"],
            &["^", "^", "^", "^", "项目支出总数", "扣除基建项目后预算数"],
            &[
                "2010801",
                "行政运行",
                "4,952.85",
                "4,697.04",
                "255.81",
                "255.81",
            ],
        ])]);
        let got: Vec<(String, String, String, String)> = facts_of(&d)
            .into_iter()
            .filter(|f| f.1 == "2010801")
            .collect();
        let want = [
            ("total", "4952.85"),
            ("basic", "4697.04"),
            ("project", "255.81"),
        ];
        assert_eq!(got.len(), want.len(), "{got:?}");
        for ((_, _, column, value), (c, v)) in got.iter().zip(want) {
            assert_eq!((column.as_str(), value.as_str()), (c, v));
        }
    }

    /// A header `项目支出` read by OCR as `项目` over the amounts and `支出` beside it: the
    /// column of amounts names no row.
    #[test]
    fn a_label_header_over_amounts_is_no_label_column() {
        let d = doc(vec![grid(&[
            &["支出决算表", "<", "<", "<", "<", "<"],
            &[
                "科目编码",
                "科目名称",
                "本年支出合计",
                "基本支出",
                "项目",
                "上缴上级支出",
            ],
            &[
                "201",
                "一般公共服务支出",
                "7,234.82",
                "1,711.26",
                "5,523.56",
                "0.00",
            ],
            &[
                "20111",
                "纪检监察事务",
                "7,234.82",
                "1,711.26",
                "5,523.56",
                "0.00",
            ],
        ])]);
        let got: Vec<(String, String, String, String)> = facts_of(&d);
        assert!(!got.is_empty());
        assert!(
            got.iter().all(|f| f.1 == "201" || f.1 == "20111"),
            "every row keyed by its code: {got:?}"
        );
        assert!(got.iter().all(|f| f.3 != "5523.56"), "{got:?}");
        assert!(got.iter().any(|f| f.2 == "remit_superior"), "{got:?}");
        // gen-31-0003's scan: the same header, `本年支出` lost its 合计, an amount under 项目
        // garbled (`1.270.26`): the amounts were read as labels, the table gave no fact
        let d = doc(vec![grid(&[
            &["支出决算表", "<", "<", "<", "<", "<"],
            &[
                "科目编码",
                "科目名称",
                "本年支出",
                "基本支出",
                "项目",
                "经营支出",
            ],
            &[
                "201",
                "一般公共服务支出",
                "4,435.28",
                "473.61",
                "3,961.67",
                "0.00",
            ],
            &[
                "2010101",
                "行政运行",
                "1743.87",
                "473.61",
                "1.270.26",
                "0.00",
            ],
        ])]);
        let got: Vec<(String, String, String)> = first_table_facts(&d, None)
            .into_iter()
            .map(|f| (f.row_code, f.row_name, f.column))
            .collect();
        let row = |code: &str, name: &str, column: &str| {
            (code.to_string(), name.to_string(), column.to_string())
        };
        assert_eq!(
            got,
            [
                row("201", "一般公共服务支出", "total"),
                row("201", "一般公共服务支出", "basic"),
                row("201", "一般公共服务支出", "operating"),
                row("2010101", "行政运行", "total"),
                row("2010101", "行政运行", "basic"),
                row("2010101", "行政运行", "operating"),
            ],
            "the amounts under 项目 are no labels"
        );
    }

    /// 西安's 部门整体支出绩效目标表 prints its indicators under its money, below a header of
    /// their own (`一级指标 | 二级指标 | 三级指标 | 指标值`): an indicator's value under the
    /// 财政拨款 column is no amount of it.
    #[test]
    fn indicators_headed_below_the_money_give_no_facts() {
        let d = doc(vec![grid(&[
            &["部门整体支出绩效目标表", "<", "<", "<", "<"],
            &["任务名称", "主要内容", "预算金额（万元）", "<", "<"],
            &["^", "^", "总额", "财政拨款", "其他资金"],
            &["机关运转", "保障运转", "7910.83", "7910.83", ""],
            &["金额合计", "<", "7910.83", "7910.83", ""],
            &["一级指标", "二级指标", "三级指标", "指标值", "分值权重"],
            &["成本指标", "经济成本指标", "考试机位单价", "19.75", "3"],
            &["产出指标", "数量指标", "考试组织次数", "3", "2"],
        ])]);
        let tables = crate::segment::segment(&d);
        assert_eq!(tables[0].key, Some(TableKey::Performance));
        let r = reconcile(&d, &tables[0], 0, None);
        let got = named_values(&r.facts);
        assert_eq!(
            got,
            vec![
                ("机关运转", "total", "7910.83".to_string()),
                ("机关运转", "fiscal", "7910.83".into()),
                ("金额合计", "total", "7910.83".into()),
                ("金额合计", "fiscal", "7910.83".into()),
            ]
        );
    }

    /// 北京's 部门整体支出绩效目标表: the unit's money by source and purpose in one row.
    #[test]
    fn a_performance_row_by_source_and_purpose_keys_each_column_once() {
        let d = doc(vec![grid(&[
            &["部门整体支出绩效目标表", "<", "<", "<", "<", "<", "<"],
            &["预算支出总额", "财政拨款", "<", "<", "其他资金", "<", "<"],
            &[
                "^",
                "合计",
                "基本支出",
                "项目支出",
                "合计",
                "基本支出",
                "项目支出",
            ],
            &[
                "32,852.05",
                "32,801.94",
                "25,218.54",
                "7,583.40",
                "50.11",
                "",
                "50.11",
            ],
        ])]);
        let tables = crate::segment::segment(&d);
        let r = reconcile(&d, &tables[0], 0, None);
        let columns: Vec<(&str, String)> = r
            .facts
            .iter()
            .map(|f| (f.column.as_str(), f.value.to_string()))
            .collect();
        assert_eq!(
            columns,
            vec![
                ("total", "32852.05".to_string()),
                ("fiscal", "32801.94".into()),
                ("fiscal_basic", "25218.54".into()),
                ("fiscal_project", "7583.40".into()),
                ("other", "50.11".into()),
                ("other_project", "50.11".into()),
            ]
        );
    }

    /// A column whose header maps to no key is reported where it prints amounts (they are not
    /// in the facts), not where it prints words (采购品目大类: nothing is lost).
    #[test]
    fn an_unrecognised_column_is_reported_only_where_it_prints_amounts() {
        let d = doc(vec![grid(&[
            &["支出决算表", "<", "<", "<", "<"],
            &["科目编码", "科目名称", "合计", "某某经费", "采购品目大类"],
            &["201", "一般公共服务支出", "10.00", "3.00", "货物"],
        ])]);
        let tables = crate::segment::segment(&d);
        let r = reconcile(&d, &tables[0], 0, None);
        assert_eq!(r.unknown_columns, ["某某经费"]);
    }

    /// gen-37-0003 scanned: OCR kept `支出` of the header 经营支出, between 上缴上级支出 and
    /// 对附属单位补助支出: on a page read by OCR the column takes the one key the templates print
    /// there whose header ends so; on a text layer it stays unrecognised.
    #[test]
    fn a_header_ocr_cut_short_takes_the_key_printed_in_its_place() {
        let rows: &[&[&str]] = &[
            &["支出决算表", "<", "<", "<", "<", "<", "<"],
            &[
                "科目编码",
                "科目名称",
                "合计",
                "基本支出",
                "上缴上级支出",
                "支出",
                "对附属单位补助支出",
            ],
            &[
                "201",
                "一般公共服务支出",
                "10.00",
                "6.00",
                "1.00",
                "2.00",
                "1.00",
            ],
        ];
        let mut d = doc(vec![grid(rows)]);
        let tables = crate::segment::segment(&d);
        assert_eq!(reconcile(&d, &tables[0], 0, None).unknown_columns, ["支出"]);
        d.ocr = vec![d.pages[0].number];
        let r = reconcile(&d, &tables[0], 0, None);
        assert!(r.unknown_columns.is_empty(), "{:?}", r.unknown_columns);
        let operating: Vec<String> = r
            .facts
            .iter()
            .filter(|f| f.column == "operating")
            .map(|f| f.value.to_string())
            .collect();
        assert_eq!(operating, ["2.00"]);
    }

    /// iText prints a row split over a page break again at the top of the next page: it is one
    /// row; a different row there is read.
    #[test]
    fn a_row_printed_again_on_the_next_page_is_one_row() {
        let d = doc(vec![
            grid(&[
                &["项目支出绩效目标表", "<", "<"],
                &["项目名称", "资金总额", "三级指标"],
                &["警务通通讯租赁费", "212.51", "租赁数量"],
            ]),
            grid(&[
                &["项目名称", "资金总额", "三级指标"],
                &["警务通通讯租赁费", "212.51", "完成率"],
                &["民警训练经费", "163.46", "培训人次"],
            ]),
        ]);
        let tables = crate::segment::segment(&d);
        assert_eq!(tables[0].parts.len(), 2);
        let facts = reconcile(&d, &tables[0], 0, None).facts;
        let got: Vec<(&str, u32)> = facts
            .iter()
            .map(|f| (f.row_name.as_str(), f.page))
            .collect();
        assert_eq!(got, vec![("警务通通讯租赁费", 1), ("民警训练经费", 2)]);
    }

    /// 广州's 三公 table is a list: a row per item, a column per source of money.
    #[test]
    fn a_three_public_table_printed_as_a_list_gives_its_one_row() {
        let d = doc(vec![grid(&[
            &["财政拨款安排的行政经费及“三公”经费预算表", "<", "<"],
            &["项目", "合计", "一般公共预算"],
            &["行政经费", "3,555.29", "3,555.29"],
            &["“三公”经费", "304.63", "304.63"],
            &["其中：（一）因公出国（境）支出", "250.00", "250.00"],
            &["（二）公务用车购置及运行维护支出", "9.73", "9.73"],
            &["1.公务用车购置费", "0.00", "0.00"],
            &["2.公务用车运行维护费", "9.73", "9.73"],
            &["（三）公务接待费支出", "44.90", "44.90"],
        ])]);
        let facts = first_table_facts(&d, Some(2026));
        let (one, by_source): (Vec<Fact>, Vec<Fact>) = facts
            .into_iter()
            .partition(|f| f.table == TableKey::ThreePublic);
        let row = |c: &'static str, v: &str| ("三公经费", c, v.to_string());
        // each item by source of money (the 合计 column is the row above)
        assert_eq!(
            named_values(&by_source)[..3],
            [
                ("行政经费", "general", "3555.29".to_string()),
                ("“三公”经费", "general", "304.63".to_string()),
                ("因公出国（境）支出", "general", "250.00".to_string()),
            ]
        );
        assert_eq!(by_source.len(), 7);
        assert!(by_source
            .iter()
            .all(|f| f.table == TableKey::ThreePublicBySource));
        let facts = one;
        assert_eq!(
            named_values(&facts),
            vec![
                row("budget_admin", "3555.29"),
                row("budget_total", "304.63"),
                row("budget_abroad", "250.00"),
                row("budget_vehicle", "9.73"),
                row("budget_vehicle_purchase", "0.00"),
                row("budget_vehicle_operation", "9.73"),
                row("budget_reception", "44.90"),
            ]
        );
        assert!(facts.windows(2).all(|w| w[0].row_seq == w[1].row_seq));
    }

    /// A borderless 湖南 table whose 栏次 marks were read as the second line of the level headers
    /// (`类**`, `款**`): the levels are still code columns, and a one-digit 款 printed alone
    /// takes its 类.
    #[test]
    fn level_headers_with_a_column_mark_joined_are_code_columns() {
        let d = doc(vec![grid(&[
            &["一般公共预算支出情况表", "<", "<", "<", "<"],
            &["类**", "款**", "项", "功能科目", "总计"],
            &["", "", "**", "**", "1"],
            &["合计", "", "", "", "10.00"],
            &["208", "", "", "社会保障和就业支出", "10.00"],
            &["", "5", "", "行政事业单位养老支出", "10.00"],
            &["", "", "01", "行政单位离退休", "10.00"],
        ])]);
        let facts = first_table_facts(&d, Some(2025));
        let codes: Vec<&str> = facts.iter().map(|f| f.row_code.as_str()).collect();
        assert_eq!(codes, ["", "208", "20805", "2080501"]);
    }

    /// A two-sided summary whose right `项目` header OCR misread (`项上中`): the column of words
    /// between the two sides' amounts labels the right side's rows.
    #[test]
    fn a_column_of_words_between_amounts_is_a_label_column() {
        let d = doc(vec![grid(&[
            &["收入支出决算总表", "<", "<", "<", "<", "<"],
            &["项目", "行次", "金额", "项上中", "行次", "金额"],
            &[
                "一般公共预算财政拨款收入",
                "1",
                "1,802.27",
                "一般公共服务支出",
                "32",
                "1,448.63",
            ],
            &[
                "上级补助收入",
                "2",
                "0.00",
                "社会保障和就业支出",
                "33",
                "210.05",
            ],
        ])]);
        assert_eq!(
            side_rows(&d, Side::Expenditure),
            ["一般公共服务支出 1448.63", "社会保障和就业支出 210.05"]
        );
    }

    /// The facts of one side of the first table of `d`, as `row value`.
    fn side_rows(d: &Document, side: Side) -> Vec<String> {
        first_table_facts(d, None)
            .into_iter()
            .filter(|f| f.side == Some(side))
            .map(|f| format!("{} {}", f.row_name, f.value))
            .collect()
    }

    /// A two-sided summary whose left `项目` header OCR misread (`项上`): its first column of
    /// words still labels the income rows.
    #[test]
    fn the_first_column_of_a_two_sided_table_labels_the_income_rows() {
        let d = doc(vec![grid(&[
            &["财政拨款收入支出决算总表", "<", "<", "<", "<", "<"],
            &["项上", "行次", "金额", "项目", "行次", "合计"],
            &[
                "一般公共预算财政拨款",
                "1",
                "3,317.91",
                "一般公共服务支出",
                "33",
                "2,572.51",
            ],
            &[
                "政府性基金预算财政拨款",
                "2",
                "0.00",
                "外交支出",
                "34",
                "0.00",
            ],
        ])]);
        assert_eq!(
            side_rows(&d, Side::Income),
            [
                "一般公共预算财政拨款 3317.91",
                "政府性基金预算财政拨款 0.00"
            ]
        );
    }

    /// An OCR'd 栏次 row whose `7` picked up a speck (`了7`): still the row of column numbers,
    /// not a data row that leaves every row below unlabelled.
    #[test]
    fn a_numbering_row_with_a_speck_read_into_a_number_is_still_one() {
        let d = doc(vec![grid(&[
            &["收入决算表", "<", "<", "<", "<"],
            &["", "<", "本年收入合计", "财政拨款收入", "其他收入"],
            &["科目代码", "科目名称", "^", "^", "^"],
            &["栏次", "<", "", "2", "了7"],
            &["合计", "<", "", "", "0.00"],
            &["201", "一般公共服务支出", "1,448.63", "1,448.63", "0.00"],
        ])]);
        let facts = first_table_facts(&d, Some(2023));
        let rows: Vec<(&str, &str)> = facts
            .iter()
            .map(|f| (f.row_code.as_str(), f.row_name.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                ("", "合计"),
                ("201", "一般公共服务支出"),
                ("201", "一般公共服务支出"),
                ("201", "一般公共服务支出")
            ]
        );
    }

    /// 高等学校's 财政拨款支出决算表: the total row printed on the line of the level header
    /// (`类 款 项 合计 237,100.00`) reads `项合计`: its label is `合计`; `项目合计` stays.
    #[test]
    fn a_total_on_the_level_header_line_is_labelled_without_the_marks() {
        let d = doc(vec![grid(&[
            &["财政拨款支出决算表", "<", "<"],
            &["科目编码", "科目名称", "合计"],
            &["项合计", "", "237,100.00"],
            &["205", "教育支出", "213,588.53"],
            &["项目合计", "", "23,511.47"],
        ])]);
        let facts = first_table_facts(&d, Some(2023));
        let names: Vec<&str> = facts.iter().map(|f| f.row_name.as_str()).collect();
        assert_eq!(names, ["合计", "教育支出", "项目合计"]);
        assert_eq!(without_level_marks("类款项合计"), "合计");
    }

    /// 江苏's 收入预算总表: the sources down the rows, their parts in a column without a header
    /// beside them, one 金额 column.
    #[test]
    fn an_income_table_printed_as_a_list_of_sources_is_its_row_of_totals() {
        let d = doc(vec![grid(&[
            &["收入预算总表", "<", "<", "<"],
            &["项目名称", "", "<", "金额"],
            &["收入总计", "<", "<", "17,996.68"],
            &["一般公共预算资金", "<", "小计", "17,981.68"],
            &["^", "^", "公共财政拨款(补助)资金", "17,981.68"],
            &["政府性基金", "<", "小计", ""],
            &["其他资金", "<", "小计", "15.00"],
            &["^", "^", "事业收入", ""],
            &["^", "^", "其他收入", "15.00"],
            &["上年结转和结余资金", "<", "小计", ""],
        ])]);
        let facts = first_table_facts(&d, Some(2017));
        let row = |c: &'static str, v: &str| ("合计", c, v.to_string());
        assert_eq!(
            named_values(&facts),
            vec![
                row("total", "17996.68"),
                row("general", "17981.68"),
                row("other", "15.00"),
            ]
        );
    }

    /// 江苏's 支出预算总表 and 北京's 收入总表: one row of totals and no label column.
    #[test]
    fn a_table_of_one_row_without_labels_is_its_total_row() {
        let d = doc(vec![grid(&[
            &["支出预算总表", "<", "<", "<", "<"],
            &[
                "合计",
                "基本支出",
                "项目支出",
                "单位预留机动经费",
                "结转下年资金",
            ],
            &["20,849.45", "9,964.07", "10,688.66", "196.72", ""],
        ])]);
        let facts = first_table_facts(&d, Some(2017));
        let row = |c: &'static str, v: &str| ("合计", c, v.to_string());
        assert_eq!(
            named_values(&facts),
            vec![
                row("total", "20849.45"),
                row("basic", "9964.07"),
                row("project", "10688.66"),
                row("reserve", "196.72"),
            ]
        );
        // several rows without labels cannot be told apart
        let d = doc(vec![grid(&[
            &["支出预算总表", "<", "<"],
            &["合计", "基本支出", "项目支出"],
            &["20.00", "9.00", "11.00"],
            &["10.00", "4.00", "6.00"],
        ])]);
        assert!(first_table_facts(&d, Some(2017)).is_empty());
    }

    /// 深圳's 三公 table: a row per year under the unit (预算单位 | 年度), the change last.
    #[test]
    fn a_three_public_table_by_year_gives_prior_and_change_columns() {
        let d = doc(vec![grid(&[
            &["财政拨款“三公”经费支出表", "<", "<", "<"],
            &["预算单位", "年度", "总计", "因公出国(境)费"],
            &["深圳市财政局（本级）", "2025年", "59.66", "41.60"],
            &["", "2026年", "58.46", "41.60"],
            &["", "增减变化金额", "-1.20", "0.00"],
        ])]);
        let facts = first_table_facts(&d, Some(2026));
        let got = named_values(&facts);
        let row = |c: &'static str, v: &str| ("三公经费", c, v.to_string());
        assert_eq!(
            got,
            vec![
                row("prior_budget_total", "59.66"),
                row("prior_budget_abroad", "41.60"),
                row("budget_total", "58.46"),
                row("budget_abroad", "41.60"),
                row("change_budget_total", "-1.20"),
                row("change_budget_abroad", "0.00"),
            ]
        );
    }

    #[test]
    fn a_three_public_row_of_bare_zeros_is_data() {
        // 2026 budgets print `0` for an empty 三公 item; a printed 0 is a fact of value 0
        let g = grid(&[
            &[
                "2026年部门“三公”经费和机关运行经费预算表",
                "<",
                "<",
                "<",
                "<",
                "<",
                "<",
            ],
            &[
                "“三公”经费预算数",
                "<",
                "<",
                "<",
                "<",
                "<",
                "机关运行经费预算数",
            ],
            &[
                "合计",
                "因公出国(境)费",
                "公务接待费",
                "公务用车购置及运行费",
                "<",
                "<",
                "^",
            ],
            &["^", "^", "^", "小计", "购置费", "运行费", "^"],
            &["0", "0", "0", "0", "0", "0", "0"],
        ]);
        let d = doc(vec![g]);
        let f = facts_of(&d);
        let cols: Vec<&str> = f.iter().map(|x| x.2.as_str()).collect();
        assert_eq!(
            cols,
            [
                "budget_total",
                "budget_abroad",
                "budget_reception",
                "budget_vehicle",
                "budget_vehicle_purchase",
                "budget_vehicle_operation",
                "budget_agency_operating"
            ]
        );
        assert!(f.iter().all(|x| x.0 == "three_public" && x.3 == "0"));
        // a numbering row (1 2 3 …) stays a header row
        let n = [mk("1"), mk("2"), mk("3")];
        assert!(!is_data_row(&n.iter().collect::<Vec<_>>()));
        let z = [mk("0"), mk("0")];
        assert!(is_data_row(&z.iter().collect::<Vec<_>>()));
    }

    #[test]
    fn title_and_unit_inside_the_grid() {
        let g = grid(&[
            &["2024年度支出决算表", "<", "<", "<"],
            &["编制单位：某局", "<", "单位：万元", "<"],
            &["科目编码", "科目名称", "本年支出合计", "基本支出"],
            &["201", "一般公共服务支出", "1,264.87", "62.63"],
        ]);
        let d = doc(vec![g]);
        let tables = crate::segment::segment(&d);
        assert_eq!(tables[0].key, Some(TableKey::Expenditure));
        assert_eq!(tables[0].unit, Some("万元"));
        let f = facts_of(&d);
        assert_eq!(
            f,
            vec![
                (
                    "expenditure".into(),
                    "201".into(),
                    "total".into(),
                    "1264.87".into()
                ),
                (
                    "expenditure".into(),
                    "201".into(),
                    "basic".into(),
                    "62.63".into()
                ),
            ]
        );
    }

    #[test]
    fn class_item_columns_join_into_one_code() {
        let g = grid(&[
            &["一般公共预算支出功能分类预算表", "<", "<", "<", "<", "<"],
            &["类", "款", "项", "科目名称", "合计", "基本支出"],
            &["201", "03", "01", "行政运行", "10.00", "10.00"],
            &["201", "03", "", "政府办公厅", "10.00", ""],
        ]);
        let f = facts_of(&doc(vec![g]));
        assert_eq!(f[0].1, "2010301");
        assert_eq!(f[2].1, "20103");
        assert_eq!(f.len(), 3, "a blank cell is no fact");
    }

    /// A 款 printed as one digit in a column of its own that OCR lost on a 项's row (a scanned
    /// generated 长沙 budget: `201 |  | 01` read as code `20101`) is the 款 printed above it for
    /// the same 类; where none is, the row has no code.
    #[test]
    fn a_level_lost_between_two_printed_is_taken_from_the_rows_above() {
        let g = grid(&[
            &["收入总体情况表", "<", "<", "<", "<"],
            &["类", "款", "项", "功能科目", "合计"],
            &["201", "", "", "一般公共服务支出", "30.00"],
            &["", "5", "", "统计信息事务", "30.00"],
            &["201", "", "01", "行政运行", "10.00"],
            &["201", "5", "08", "统计抽样调查", "20.00"],
            &["208", "", "", "社会保障和就业支出", "5.00"],
            &["208", "", "05", "机关事业单位基本养老保险缴费支出", "5.00"],
        ]);
        let f = facts_of(&doc(vec![g]));
        let codes: Vec<&str> = f.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(codes, ["201", "20105", "2010501", "2010508", "208", ""]);
    }

    #[test]
    fn continuation_without_blank_columns_keeps_them_apart() {
        // the first page has blank 事业收入 and 经营收入 columns; the next page, without a
        // header, prints only 合计, 财政拨款 and 其他收入: its columns are placed by where their
        // text ends, not by the widths its missing columns leave to its neighbours
        let mut g1 = grid(&[
            &["收入决算表", "<", "<", "<", "<", "<", "<"],
            &[
                "科目编码",
                "科目名称",
                "本年收入合计",
                "财政拨款收入",
                "事业收入",
                "经营收入",
                "其他收入",
            ],
            &["205", "教育支出", "9.00", "7.00", "", "", "2.00"],
        ]);
        g1.source = yjs_model::GridSource::Alignment;
        g1.col_edges = vec![0.0, 60.0, 160.0, 245.0, 305.0, 370.0, 450.0, 500.0];
        g1.col_text = vec![
            (0.0, 30.0),
            (70.0, 150.0),
            (200.0, 230.0),
            (260.0, 290.0),
            (320.0, 360.0),
            (380.0, 430.0),
            (470.0, 500.0),
        ];
        let mut g2 = grid(&[
            &["229", "其他支出", "7.00", "5.00", "2.00"],
            &["22960", "彩票公益金支出", "7.00", "5.00", "2.00"],
        ]);
        g2.source = yjs_model::GridSource::Alignment;
        g2.col_edges = vec![0.0, 60.0, 160.0, 245.0, 380.0, 500.0];
        g2.col_text = vec![
            (0.0, 30.0),
            (70.0, 150.0),
            (200.0, 230.0),
            (260.0, 290.0),
            (470.0, 500.0),
        ];
        let f = facts_of(&doc(vec![g1, g2]));
        let of_229: Vec<(String, String)> = f
            .iter()
            .filter(|x| x.1 == "229")
            .map(|x| (x.2.clone(), x.3.clone()))
            .collect();
        assert_eq!(
            of_229,
            vec![
                ("total".into(), "7.00".into()),
                ("fiscal".into(), "5.00".into()),
                ("other".into(), "2.00".into())
            ]
        );
    }

    #[test]
    fn continuation_page_without_header_keeps_the_columns() {
        let g1 = grid(&[
            &["收入决算表", "<", "<"],
            &["项目", "<", "本年收入合计"],
            &["科目编码", "科目名称", "^"],
            &["201", "一般公共服务支出", "5.00"],
        ]);
        let g2 = grid(&[&["208", "社会保障和就业支出", "7.00"]]);
        let f = facts_of(&doc(vec![g1, g2]));
        assert_eq!(f.len(), 2);
        assert_eq!(
            f[1],
            ("income".into(), "208".into(), "total".into(), "7.00".into())
        );
    }

    #[test]
    fn a_header_row_of_line_number_labels_is_not_a_numbering_row() {
        let a = [mk(""), mk("行次"), mk(""), mk(""), mk("行次"), mk("")];
        assert!(!is_numbering_row(&a.iter().collect::<Vec<_>>()));
    }

    #[test]
    fn a_label_spanning_into_the_next_block_names_its_value() {
        let g = grid(&[
            &[
                "一般公共预算财政拨款基本支出决算明细表",
                "<",
                "<",
                "<",
                "<",
                "<",
                "<",
                "<",
                "<",
            ],
            &[
                "科目代码",
                "科目名称",
                "决算数",
                "科目代码",
                "科目名称",
                "决算数",
                "科目代码",
                "科目名称",
                "决算数",
            ],
            &[
                "301",
                "工资福利支出",
                "1.00",
                "302",
                "商品和服务支出",
                "2.00",
                "310",
                "资本性支出",
                "0.00",
            ],
            &[
                "人员经费合计",
                "<",
                "1.00",
                "公用经费合计",
                "",
                "",
                "",
                "",
                "2.00",
            ],
        ]);
        let tables = crate::segment::segment(&doc(vec![g.clone()]));
        let facts = reconcile(&doc(vec![g]), &tables[0], 0, None).facts;
        let last = facts.last().unwrap();
        assert_eq!(
            (last.row_name.as_str(), last.value.to_string().as_str()),
            ("公用经费合计", "2.00")
        );
        assert_eq!(facts.len(), 5);
    }

    #[test]
    fn continuation_rows_of_dashes_with_a_blank_income_side_are_data() {
        // regression: a summary continued on the next page, blank income side, `-` cells
        let g1 = grid(&[
            &["收入支出决算总表", "<", "<", "<"],
            &["收入", "<", "支出", "<"],
            &["项目", "金额", "项目", "金额"],
            &[
                "一、一般公共预算财政拨款收入",
                "5.00",
                "一、一般公共服务支出",
                "5.00",
            ],
        ]);
        let g2 = grid(&[
            &["", "", "二十五、债务付息支出", "-"],
            &["本年收入合计", "5.00", "本年支出合计", "5.00"],
        ]);
        let f = facts_of(&doc(vec![g1, g2]));
        assert!(
            f.contains(&("summary".into(), "".into(), "amount".into(), "0".into())),
            "{f:?}"
        );
        assert_eq!(f.len(), 5, "2 + the dash + both 本年合计");
    }

    #[test]
    fn code_name_split_with_brackets_and_separators() {
        let split = |t: &str| split_code_name(t);
        assert_eq!(
            split("[30199]其他工资福利支出"),
            Some(("30199".into(), "其他工资福利支出".into()))
        );
        assert_eq!(
            split("30101-基本工资"),
            Some(("30101".into(), "基本工资".into()))
        );
        assert_eq!(
            split("106_长沙市公安局"),
            Some(("106".into(), "长沙市公安局".into()))
        );
        assert_eq!(split("[301"), None);
        assert_eq!(split("2025年"), None);
        assert_eq!(split("301-"), None);
    }

    #[test]
    fn code_name_split() {
        assert_eq!(
            split_code_name("2010350事业运行"),
            Some(("2010350".into(), "事业运行".into()))
        );
        assert_eq!(split_code_name("合计"), None);
        assert_eq!(split_code_name("12,175.60"), None);
    }

    /// gen-5-0004's scan read the diagonal header `项目 / 栏次` of 财政拨款收支总表's income
    /// side as one word, `项目栏次`, over a column of names after a blank one: the names were
    /// no label column and the side gave no fact (9 of the report's facts).
    #[test]
    fn a_label_header_run_into_its_numbering_mark_is_a_label_header() {
        let g = grid(&[
            &[
                "财政拨款收入支出决算总表",
                "<",
                "<",
                "<",
                "<",
                "<",
                "<",
                "<",
                "<",
            ],
            &["收入", "<", "", "支出", "<", "<", "", "", ""],
            &[
                "",
                "",
                "",
                "",
                "",
                "",
                "一般公共预算财政拨款",
                "政府性基金预算财政拨款",
                "国有资本经营预算财政拨款",
            ],
            &[
                "",
                "项目栏次",
                "金额",
                "项目栏次",
                "行次",
                "合计",
                "",
                "",
                "",
            ],
            &["", "", "", "", "", "2", "3", "4", "5"],
            &[
                "、、",
                "一般公共预算财政拨款",
                "13,317.39",
                "一般公共服务支出",
                "33",
                "0.00",
                "0.00",
                "0.00",
                "0.00",
            ],
            &[
                "",
                "",
                "0.00",
                "外交支出",
                "34",
                "0.00",
                "0.00",
                "0.00",
                "0.00",
            ],
        ]);
        let d = doc(vec![g]);
        let tables = crate::segment::segment(&d);
        let facts = reconcile(&d, &tables[0], 0, None).facts;
        let income: Vec<_> = facts
            .iter()
            .filter(|f| f.side == Some(Side::Income))
            .map(|f| (f.row_name.as_str(), f.column.as_str(), f.value.to_string()))
            .collect();
        assert_eq!(
            income,
            [("一般公共预算财政拨款", "amount", "13317.39".to_string())]
        );
        assert_eq!(facts.len(), 9, "and the expenditure side's eight");
    }

    /// A scanned 三公 table (gen-17-0003): `公务用车购置费` over its 预算数 | 决算数 names the
    /// purchases in both; it is not `公务用车` over the first and `购置费` over the second (the
    /// budget's purchases and running costs were read as two more 公务用车 totals).
    #[test]
    fn a_vehicle_item_over_its_two_figures_names_the_item_in_both() {
        let mut d = doc(vec![grid(&[
            &[
                "“三公”经费支出决算表",
                "<",
                "<",
                "<",
                "<",
                "<",
                "<",
                "<",
                "<",
                "<",
                "<",
                "<",
            ],
            &[
                "财政拨款“三公”经费",
                "<",
                "<",
                "<",
                "<",
                "<",
                "<",
                "<",
                "<",
                "<",
                "<",
                "<",
            ],
            &[
                "",
                "",
                "",
                "",
                "",
                "公务用车购置及运行维护费",
                "<",
                "<",
                "<",
                "<",
                "",
                "",
            ],
            &[
                "合计",
                "<",
                "因公出国(境)",
                "<",
                "费",
                "",
                "",
                "",
                "",
                "",
                "公务接待费",
                "<",
            ],
            &[
                "",
                "",
                "",
                "",
                "小计",
                "<",
                "公务用车购置费",
                "<",
                "公务用车运行维护费",
                "<",
                "",
                "",
            ],
            &[
                "预算数",
                "决算数",
                "预算数",
                "决算数",
                "预算数",
                "决算数",
                "预算数",
                "决算数",
                "预算数",
                "决算数",
                "预算数",
                "决算数",
            ],
            &[
                "39.23", "31.95", "0.00", "0.00", "39.23", "31.95", "18.44", "18.44", "20.79",
                "13.51", "0.00", "0.00",
            ],
        ])]);
        d.ocr = vec![d.pages[0].number];
        let columns: Vec<String> = first_table_facts(&d, Some(2023))
            .into_iter()
            .map(|f| format!("{} {}", f.column, f.value))
            .collect();
        assert_eq!(
            columns[4..10],
            [
                "budget_vehicle 39.23",
                "actual_vehicle 31.95",
                "budget_vehicle_purchase 18.44",
                "actual_vehicle_purchase 18.44",
                "budget_vehicle_operation 20.79",
                "actual_vehicle_operation 13.51",
            ]
        );
    }
}
