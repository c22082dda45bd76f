//! Renderings of generated reports (`scripts/gen_corpus.py --seed 42`, `43`, `44`, `45`) that were misread, or
//! that a fix nearly broke, kept with their ground truth (`golden/regressions/<report>.facts.csv`): each must give its
//! facts exactly (table, side, row, column, value; as many as the ground truth, none more).
//!
//! - `gen-42-0049.lo.pdf` (三公 table without rulings): a group header whose text is narrower than
//!   its group took the place of the blank column beside it (公务接待费 | 小计).
//! - `gen-42-0055.lo.pdf` (三公 决算 table without rulings): 小计, centred over its 预算数 |
//!   决算数 pair, took one column, the wider 公务用车购置费 beside it the other.
//! - `gen-42-0099.lo.pdf` (收入预算总表): 事业收入, between two wrapped headers, must not be
//!   taken for such a group header (the wrapped lines below it are its neighbours').
//! - `gen-42-0102.lo.pdf` (财政拨款收支总表 with 行次): on the table's second page, rows with line
//!   numbers and no amount (`20 二十、粮油物资储备支出 51`) were not taken for rows, and the
//!   table fell apart before its totals.
//! - `gen-42-0218.lo.pdf` (财政拨款收支总表, narrow label column): a dash alone on its line,
//!   between the two lines of its row's label, is that row's zero.
//! - `gen-42-0420.lo.pdf` (基本支出明细表 continued on a second page): five-digit codes wrapped
//!   in a narrow code column (`3022` over `6`), the names centred between, the first rows blank:
//!   the lines of codes were taken for header lines, and the code column, never printed on a line
//!   of amounts and spanned by the total label 人员经费合计, was merged into the names.
//! - `gen-43-0030.chromium.pdf` (三公 table, 三线表): its one row prints every zero as a bare `0`,
//!   no amount with a decimal point: the row was not taken for a table row and the table was lost.
//! - `gen-43-0431.chromium.pdf` (基本支出明细表 without rulings): each code stands in a column of
//!   its own half a glyph from its name (`30101` `基本工资`), closer than a word gap: code and
//!   name were one segment, the code column merged into the names.
//! - `gen-44-0200.lo.pdf` (财政拨款收支总表 with 行次 over two pages): rows whose enumerated
//!   label wrapped around their line numbers (`二十、粮油物资储备` / `20  52` / `支出`) ended the
//!   table, and its part on the next page lost its totals.
//! - `gen-43-0355.lo.pdf` (the same table, landscape): its part on the second page has line
//!   numbers and no amount at all; taking those wrapped rows for rows there put the line numbers
//!   `52 53 54` in the 合计 column (the fix above must leave such a part alone).
//! - `gen-45-0012.chromium.pdf` (三公 预算 table, 三线表): the department name of the caption line
//!   above it wraps (`编制单位：中共上海市静安区委社` / `会工作部`); the wrapped end was taken for
//!   the table's top header, and the amounts moved one column.
//! - `gen-42-0150.chromium.pdf` (财政拨款收支总表 over two pages): the label-only row above 总计
//!   was joined to it (`三、国有资本经营预算财政拨款总计`).

mod common;

use common::*;

#[test]
fn once_misread_renderings_give_their_facts_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let input = repo().join("corpus").join("regressions");
    assert_eq!(extract(&[&input], &out, &[]), 0);
    let reports = read_csv(&out.join("reports.csv"));
    let facts = read_csv(&out.join("facts.csv"));
    assert_eq!(reports.len(), 12);
    for r in &reports {
        let file = file_name(r);
        let stem = file.split('.').next().unwrap();
        let golden = read_csv(
            &repo()
                .join("golden")
                .join("regressions")
                .join(format!("{stem}.facts.csv")),
        );
        let s = score(&golden, &of_report(&facts, r));
        assert!(s.golden > 100, "{file}: {} golden facts", s.golden);
        assert_eq!(
            (s.matched_golden, s.matched_all_out, s.all_out),
            (s.golden, s.all_out, s.golden),
            "{file}"
        );
    }
}
