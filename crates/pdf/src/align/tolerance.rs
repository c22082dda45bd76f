//! The tolerances of table reconstruction by alignment, in one place. Most are in font sizes (a
//! glyph's height: they scale with the print), a few in points (edges of the same column), and
//! the shares are fractions of a width.

/// Gap (in font sizes) that separates two segments on one printed line.
pub const SEG_GAP: f64 = 0.6;

/// A wrapped line is set closer than this below the line it continues (font sizes): nearer
/// than the gap between two rows.
pub(super) const WRAP_GAP: f64 = 0.8;

/// Two lines are mirrored about a row's centre, or a cell centred on it, when the centres agree
/// within this (font sizes).
pub(super) const CENTRE_TOL: f64 = 0.3;

/// How far text may stray past an edge and still belong to it (font sizes, about two glyphs):
/// a continuation line's indent, a wrapped line left of the table, a header clear of the
/// amounts.
pub(super) const GLYPH_SLACK: f64 = 2.0;

/// A continuation line may end this far right of the line above it (font sizes: half a glyph).
pub(super) const WRAP_OVERHANG: f64 = 0.5;

/// Lines whose centres are closer than this are lines of one row (font sizes: a line's pitch
/// with its leading).
pub(super) const ROW_PITCH: f64 = 1.1;

/// A gap wider than this (font sizes: a line and a half) ends a table or its header zone.
pub(super) const BREAK_GAP: f64 = 1.6;

/// A gap narrower than this (font sizes: [`BREAK_GAP`] and one line's pitch) before a row that
/// continues the table's rows is one line the reading missed (OCR drops a lone `出` wrapped
/// from a label), not the table's end.
pub(super) const MISSED_LINE_GAP: f64 = BREAK_GAP + ROW_PITCH;

/// The wrapped end of a caption is set closer than this below it (font sizes): a paragraph's
/// leading of up to 1.5 (reportlab sets 1.4, a gap of 0.4), with slack for rounding.
pub(super) const CAPTION_WRAP_GAP: f64 = 0.55;

/// Lines within this of each other (font sizes, centre to centre: about two lines) are compared
/// for codes wrapped in a narrow column.
pub(super) const CODE_NEAR: f64 = 2.5;

/// Two edges closer than this are the same edge (points): text starting where a caption starts,
/// codes starting together, a header starting left of its amounts' end.
pub(super) const EDGE_TOL: f64 = 1.0;

/// A segment lines up with a column when an edge of it is within this of the column's (points).
pub(super) const COLUMN_SNAP: f64 = 3.0;

/// Blank rows (empty space) may stand between rows of one table up to this gap (font sizes).
pub(super) const BLANK_ROWS_GAP: f64 = 12.0;

/// A wrapped label's line sits within this of its row's centre (font sizes).
pub(super) const WRAPPED_LABEL_REACH: f64 = 0.9;

/// Lines of text only between two rows of one table (lines): a project's goal and indicators
/// in a 绩效目标表 take up to about a dozen.
pub(super) const TEXT_LINES_BETWEEN_ROWS: usize = 16;

/// Label lines above the first row are set closer than this above the line below (font sizes:
/// one line).
pub(super) const LINE_GAP: f64 = 1.0;

/// A header that starts less than this (font sizes) right of a column's text heads that column:
/// it is centred over a column wider than its left-aligned text.
pub(super) const HEADER_TOUCH: f64 = 1.0;

/// Intervals closer than this are one column (points).
pub(super) const MERGE_GAP: f64 = 0.5;

/// A line fills its column when it ends within this of the column's widest line (font sizes: a
/// glyph and a half).
pub(super) const FULL_LINE: f64 = 1.5;

/// A line nearly fills its column (broken early before an opening bracket) when it ends within
/// this of the column's widest line (font sizes).
pub(super) const NEARLY_FULL_LINE: f64 = 3.5;

/// Lines of one column further apart than this (font sizes, centre to centre) are in different
/// chains of wrapped lines.
pub(super) const CHAIN_GAP: f64 = 2.2;

/// A top- or bottom-aligned cell's lines are closer to each other than to the rows around it by
/// at least this (font sizes).
pub(super) const SET_APART: f64 = 0.15;

/// A segment covers a column when it overlaps more than this share of the column's text width.
pub(super) const COVER_SHARE: f64 = 0.5;

/// A header covers a column when it overlaps more than this share of the column's text width
/// (headers are often narrower than their columns, centred over them).
pub(super) const HEADER_COVER_SHARE: f64 = 0.3;

/// A header line continues the header above it when their centres or left edges are within
/// this (in the upper header's heights, about a font size).
pub(super) const HEADER_ALIGN: f64 = 0.6;

/// A line's column is the one holding the point this far right of its left edge (font sizes:
/// half a glyph, clear of a glyph's side bearing).
pub(super) const SLOT_PROBE: f64 = 0.5;

/// Most header lines looked through above a lone row for a header line of cells (the last
/// lines of a wrapped header may hold a cell or two only: `费 | 费`).
pub(super) const HEADED_LOOKUP_LINES: usize = 3;

/// Most lines a header zone above a table may have, and most lines of codes searched above it.
pub(super) const MAX_HEADER_LINES: usize = 8;

/// Most lines of a header zone that goes on above [`MAX_HEADER_LINES`] with group headers over
/// the values only (a portrait page of a dozen narrow columns wraps its header over ten lines).
pub(super) const MAX_WRAPPED_HEADER_LINES: usize = 12;

/// A group header over the values starts at least this far right of the table's left edge
/// (font sizes): more than a label's indent.
pub(super) const GROUP_HEADER_INDENT: f64 = 4.0;

/// A header over no values less than this (font sizes) from a header over values on its line
/// is a piece of that header's word, which OCR read in two (`经营` `收入`): more than the gap
/// that parts segments ([`SEG_GAP`]), less than the gap between two printed headers.
pub(super) const HEADER_PIECE_GAP: f64 = 1.0;
