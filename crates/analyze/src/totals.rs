//! Canonical names of a table's total rows and total columns, whatever the template prints:
//! `总计`, `收入总计` and `支出总计` are the same row of a table, `本年收入合计` and `当年收入小计`
//! another; `amount` is the total column of a one-column table as `total` is of the others.
//! The printed label stays in `row_name`; these keys let a question ("each department's total
//! expenditure") be asked the same way of every report. One registry, [`TOTAL_ROWS`], documented
//! in `docs/contract.md` from the same list (a test checks it).

named_enum! {
    /// The canonical name of a total row.
    pub enum RowKey {
        /// The table's grand total: `合计` / `总计`, `收入总计` / `支出总计` of a two-sided table.
        Total => "total",
        /// A two-sided table's total of the year's own income or expenditure, before the
        /// balances carried over: `本年收入合计`, `当年支出小计`.
        YearTotal => "year_total",
        /// `人员经费合计` of the basic-expenditure tables.
        PersonnelTotal => "personnel_total",
        /// `公用经费合计` of the basic-expenditure tables.
        PublicExpenseTotal => "public_expense_total",
    }
}

/// Each total row's labels as `row_name` prints them (whitespace and enumerators removed).
pub const TOTAL_ROWS: &[(RowKey, &[&str])] = &[
    (
        RowKey::Total,
        &[
            "合计",
            "总计",
            "总合计",
            "金额合计",
            "收入总计",
            "支出总计",
            "收支总计",
            "收入合计",
            "支出合计",
        ],
    ),
    (
        RowKey::YearTotal,
        &[
            "本年收入合计",
            "本年支出合计",
            "本年收入小计",
            "本年支出小计",
            "当年收入合计",
            "当年支出合计",
            "当年收入小计",
            "当年支出小计",
        ],
    ),
    (RowKey::PersonnelTotal, &["人员经费合计"]),
    (RowKey::PublicExpenseTotal, &["公用经费合计"]),
];

/// The column keys that hold a table's (or a 三公 figure's) total: `amount` in the tables of one
/// amount column, `total` in the others, `budget_total` / `actual_total` in `three_public`.
pub const TOTAL_COLUMNS: &[&str] = &["total", "amount", "budget_total", "actual_total"];

/// The canonical name of the row labelled `row_name`, where it is a total row.
pub fn row_key(row_name: &str) -> Option<RowKey> {
    TOTAL_ROWS
        .iter()
        .find(|(_, labels)| labels.contains(&row_name))
        .map(|(key, _)| *key)
}

/// Whether the column key `column` holds its table's total.
pub fn is_total_column(column: &str) -> bool {
    TOTAL_COLUMNS.contains(&column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_totals_of_every_template_have_one_name() {
        for (label, key) in [
            ("总计", Some(RowKey::Total)),
            ("支出总计", Some(RowKey::Total)),
            ("合计", Some(RowKey::Total)),
            ("本年支出合计", Some(RowKey::YearTotal)),
            ("当年收入小计", Some(RowKey::YearTotal)),
            ("人员经费合计", Some(RowKey::PersonnelTotal)),
            ("公用经费合计", Some(RowKey::PublicExpenseTotal)),
            ("一般公共服务支出", None),
            // a label that picked up a header fragment is not taken for the total
            ("项合计", None),
        ] {
            assert_eq!(row_key(label), key, "{label}");
        }
        assert!(is_total_column("amount") && is_total_column("actual_total"));
        assert!(!is_total_column("basic"));
    }

    #[test]
    fn no_label_has_two_names() {
        let mut seen = std::collections::HashSet::new();
        for (_, labels) in TOTAL_ROWS {
            for l in *labels {
                assert!(seen.insert(*l), "{l} listed twice");
            }
        }
    }

    /// docs/contract.md lists every label of the registry under its key.
    #[test]
    fn the_contract_documents_every_total_row() {
        let doc = include_str!("../../../docs/contract.md");
        for (key, labels) in TOTAL_ROWS {
            let line = doc
                .lines()
                .find(|l| l.starts_with(&format!("| `{key}` |")))
                .unwrap_or_else(|| panic!("docs/contract.md has no row for `{key}`"));
            for l in *labels {
                assert!(line.contains(l), "docs/contract.md: `{key}` lacks {l}");
            }
        }
        for c in TOTAL_COLUMNS {
            assert!(doc.contains(&format!("`{c}`")), "{c}");
        }
    }
}
