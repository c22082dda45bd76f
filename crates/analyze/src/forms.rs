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
    for part in &t.parts {
        let Some(Block::Grid(g)) = doc.pages[part.page].blocks.get(part.block) else {
            continue;
        };
        let page = doc.pages[part.page].number;
        for (label, cell) in pairs(g) {
            let label = clean_label(&label.text);
            if NAME_LABELS.contains(&label.as_str()) {
                let named = schema::squeeze(&cell.text);
                if !named.is_empty() && named != name {
                    if facts.last().is_some_and(|f: &Fact| f.row_seq == seq) {
                        seq += 1;
                    }
                    name = named;
                }
                continue;
            }
            let Some(column) = schema::value_column(key, None, std::slice::from_ref(&label)) else {
                continue;
            };
            let Some(value) = parse_amount(&schema::squeeze(&cell.text)) else {
                continue;
            };
            facts.push(Fact {
                table: key,
                side: None,
                row_code: String::new(),
                row_name: name.clone(),
                column,
                value,
                unit: t.unit.unwrap_or(""),
                page,
                bbox: Some(cell.bbox),
                confidence: None,
                row_seq: seq,
                top_level: false,
            });
        }
    }
    facts
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
