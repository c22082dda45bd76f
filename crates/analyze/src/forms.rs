//! Tables laid out as forms: a 绩效目标表 printed as `label | value` pairs (`项目名称 | 审计业务经费`,
//! `年度预算资金总额： | 31.00`, `其中：财政拨款 | 0.00`) rather than as a header over rows. Each
//! grid names its project (the value beside 项目名称) and each money label beside an amount gives
//! a fact of that project, keyed by the registry's rules for the table.

use crate::amount::parse_amount;
use crate::reconcile::Fact;
use crate::schema::{self, TableKey};
use crate::segment::TableInstance;
use yjs_model::{Block, Cell, Document, Grid};

/// Labels whose value is the form's row name (the project or the unit).
const NAME_LABELS: &[&str] = &["项目名称", "单位名称", "部门名称", "部门（单位）名称"];

/// The facts of form table `t` (key `key`), their rows numbered from `row_seq_start`.
pub(crate) fn read(
    doc: &Document,
    t: &TableInstance,
    key: TableKey,
    row_seq_start: usize,
) -> Vec<Fact> {
    let mut facts = Vec::new();
    let mut seq = row_seq_start;
    let mut name = String::new();
    let unit = t.money_unit().unwrap_or("");
    for part in &t.parts {
        let Some(Block::Grid(g)) = doc.pages[part.page].blocks.get(part.block) else {
            continue;
        };
        let page = doc.pages[part.page].number;
        let labelled = labelled_amounts(key, g);
        let totals = |k: &str| {
            labelled
                .iter()
                .any(|i| matches!(&i.what, Item::Amount(c, _) if c == k))
        };
        let two_periods = totals(PERIOD_TOTAL) && totals(YEAR_TOTAL);
        for item in &labelled {
            if let Item::Name(named) = &item.what {
                if !named.is_empty() && *named != name {
                    if facts.last().is_some_and(|f: &Fact| f.row_seq == seq) {
                        seq += 1;
                    }
                    name = named.clone();
                }
                continue;
            }
            let Item::Amount(column, value) = &item.what else {
                continue;
            };
            facts.push(Fact {
                table: key,
                side: None,
                row_code: String::new(),
                row_name: name.clone(),
                column: if two_periods {
                    in_period(column, item.label, &labelled)
                } else {
                    column.clone()
                },
                value: *value,
                unit,
                page,
                bbox: Some(item.cell.bbox),
                confidence: None,
                row_seq: seq,
                top_level: false,
            });
        }
    }
    facts
}

/// What a label beside a cell says of it.
enum Item {
    /// The cell is the form's row name (the project or the unit).
    Name(String),
    /// The cell is an amount of this column.
    Amount(String, rust_decimal::Decimal),
}

/// A label and the cell beside it, read.
struct Labelled<'a> {
    label: &'a Cell,
    cell: &'a Cell,
    what: Item,
}

/// The names and amounts of grid `g` of a form of table `key`, with their labels.
fn labelled_amounts(key: TableKey, g: &Grid) -> Vec<Labelled<'_>> {
    pairs(g)
        .into_iter()
        .filter_map(|(label, cell)| {
            let text = clean_label(&label.text);
            let what = if NAME_LABELS.contains(&text.as_str()) {
                Item::Name(schema::squeeze(&cell.text))
            } else {
                let column = schema::value_column(key, None, std::slice::from_ref(&text))?;
                Item::Amount(column, parse_amount(&schema::squeeze(&cell.text))?)
            };
            Some(Labelled { label, cell, what })
        })
        .collect()
}

/// The column of an amount labelled `label` in a form that prints the whole period's total
/// beside the year's (项目资金总额 | 年度资金申请总额): a part (其中：财政拨款, 其他资金, 上年结转)
/// printed under the year's total is the year's part (`annual_fiscal`), not the period's.
fn in_period(column: &str, label: &Cell, items: &[Labelled]) -> String {
    if !YEAR_PARTS.contains(&column) {
        return column.to_string();
    }
    let above = items
        .iter()
        .filter(|i| i.label.bbox.y1 <= label.bbox.cy() && overlaps(&i.label.bbox, &label.bbox))
        .filter_map(|i| match &i.what {
            Item::Amount(c, _) if c == PERIOD_TOTAL || c == YEAR_TOTAL => Some((i, c)),
            _ => None,
        })
        .max_by(|a, b| a.0.label.bbox.y1.total_cmp(&b.0.label.bbox.y1));
    match above {
        Some((_, c)) if c == YEAR_TOTAL => format!("annual_{column}"),
        _ => column.to_string(),
    }
}

/// The key of a form's total over the whole period, and of the year's.
const PERIOD_TOTAL: &str = "total";
const YEAR_TOTAL: &str = "annual_total";
/// The parts of a total that a form prints for the period and for the year.
const YEAR_PARTS: &[&str] = &["fiscal", "other", "carryover"];

/// Do two boxes share part of their horizontal extent?
fn overlaps(a: &yjs_model::BBox, b: &yjs_model::BBox) -> bool {
    a.x0 < b.x1 && b.x0 < a.x1
}

/// A label without its colon and spaces (`年度预算资金总额：` → `年度预算资金总额`).
fn clean_label(t: &str) -> String {
    schema::squeeze(t).trim_end_matches([':', '：']).to_string()
}

/// Each cell with the next non-blank cell to its right in its row (a label and its value).
fn pairs(g: &Grid) -> Vec<(&Cell, &Cell)> {
    let mut cells: Vec<&Cell> = g
        .cells
        .iter()
        .filter(|c| !c.text.trim().is_empty())
        .collect();
    cells.sort_by_key(|c| (c.row, c.col));
    cells
        .windows(2)
        .filter(|w| w[0].row == w[1].row)
        .map(|w| (w[0], w[1]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::tests::{doc, grid, named_values};

    /// `g` with each cell's box drawn from the grid's edges (the test grids have none).
    fn boxed(mut g: yjs_model::Grid) -> yjs_model::Grid {
        for c in &mut g.cells {
            c.bbox = yjs_model::BBox::new(
                g.col_edges[c.col],
                g.row_edges[c.row],
                g.col_edges[c.col + c.col_span],
                g.row_edges[c.row + c.row_span],
            );
        }
        g
    }

    /// 万里's and 西安's forms print the whole period's money and the year's side by side: a
    /// part under the year's total is the year's (`annual_other`), and the unit is the one the
    /// money label prints (`项目资金（万元）`), the table having no unit line.
    #[test]
    fn a_form_of_two_periods_keys_the_years_parts_in_the_labels_unit() {
        let d = doc(vec![boxed(grid(&[
            &["财政项目支出绩效目标填报表", "<", "<", "<", "<"],
            &["项目名称", "新建中心", "<", "<", "<"],
            &[
                "项目资金（万元）",
                "项目资金总额",
                "410.00",
                "年度资金申请总额",
                "410.00",
            ],
            &[
                "^",
                "其中：财政资金",
                "410.00",
                "其中：当年财政拨款",
                "400.00",
            ],
            &["^", "", "", "上年结转资金", "10.00"],
            &["^", "其他资金", "0.00", "其他资金", "0.00"],
        ]))]);
        let tables = crate::segment::segment(&d);
        assert_eq!(tables[0].key, Some(TableKey::Performance));
        assert_eq!(tables[0].unit, None, "no unit line");
        let facts = read(&d, &tables[0], TableKey::Performance, 0);
        let got = named_values(&facts);
        let want: Vec<(&str, &str, String)> = [
            ("total", "410.00"),
            ("annual_total", "410.00"),
            ("fiscal", "410.00"),
            ("annual_fiscal", "400.00"),
            ("annual_carryover", "10.00"),
            ("other", "0.00"),
            ("annual_other", "0.00"),
        ]
        .into_iter()
        .map(|(c, v)| ("新建中心", c, v.to_string()))
        .collect();
        assert_eq!(got, want);
        assert!(facts.iter().all(|f| f.unit == "万元"), "{facts:?}");
    }

    /// 烟台's 政策和项目预算绩效目标表: the project named beside 项目名称, its money beside labels.
    #[test]
    fn a_form_gives_its_projects_money() {
        let d = doc(vec![grid(&[
            &["政策和项目预算绩效目标表", "<", "<", "<"],
            &["项目名称", "审计业务经费", "<", "<"],
            &["项目资金（万元）", "年度预算资金总额：", "31.00", ""],
            &["^", "其中：财政拨款", "0.00", ""],
            &["^", "其他资金", "31.00", ""],
            &["三级指标", "项目总成本", "≤31万元", ""],
        ])]);
        let tables = crate::segment::segment(&d);
        assert_eq!(tables[0].key, Some(TableKey::Performance));
        let facts = read(&d, &tables[0], TableKey::Performance, 0);
        let got = named_values(&facts);
        assert_eq!(
            got,
            vec![
                ("审计业务经费", "annual_total", "31.00".to_string()),
                ("审计业务经费", "fiscal", "0.00".into()),
                ("审计业务经费", "other", "31.00".into()),
            ]
        );
    }
}
