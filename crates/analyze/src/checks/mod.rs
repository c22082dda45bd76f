//! Findings of the reconciler and the rule catalogue they come from.
//!
//! Every rule has a stable id, a default severity and a description; `docs/rules.md` is this
//! catalogue, rendered. Table-level rules are implemented here; content rules build on the same types.

pub(crate) mod narrative;
pub(crate) mod ocr;
pub(crate) mod repair;
pub(crate) mod sums;
pub(crate) mod text;

use crate::reconcile::Fact;
use crate::schema::TableKey;
use crate::segment::{Listing, TableInstance};
use serde::{Deserialize, Serialize};

named_enum! {
    /// How much a finding matters.
    pub enum Severity {
        /// The report contradicts itself or lacks a table it must print.
        Error => "error",
        /// Probably wrong, or a table or column not read.
        Warning => "warning",
        /// Worth a look: rounding gaps, style.
        Info => "info",
    }
}

named_enum! {
    /// The id of a rule of the catalogue ([`RULES`]): what a finding reports.
    pub enum RuleId {
        TableMissing => "table.missing",
        TableNone => "table.none",
        TableUnrecognised => "table.unrecognised",
        TableEmpty => "table.empty",
        SumChildren => "sum.children",
        SumTotal => "sum.total",
        SumColumns => "sum.columns",
        SumBalance => "sum.balance",
        CrossSummaryIncome => "cross.summary_income",
        CrossSummaryExpenditure => "cross.summary_expenditure",
        CrossSummaryCategories => "cross.summary_categories",
        CrossFiscalGeneral => "cross.fiscal_general",
        CrossBasicTotal => "cross.basic_total",
        NarrativePercent => "narrative.percent",
        NarrativePercentZeroBase => "narrative.percent_zero_base",
        NarrativeTableMismatch => "narrative.table_mismatch",
        NarrativeSum => "narrative.sum",
        NarrativeComparison => "narrative.comparison",
        TextDoublePercent => "text.double_percent",
        TextDoublePunct => "text.double_punct",
        TextUnit => "text.unit",
        TextPlaceholder => "text.placeholder",
        TextYear => "text.year",
        TextNameMismatch => "text.name_mismatch",
        TextUnbalancedQuote => "text.unbalanced_quote",
        TextMissingPunct => "text.missing_punct",
        TextTypo => "text.typo",
        TextCopyPaste => "text.copy_paste",
        TextTruncatedLabel => "text.truncated_label",
        TextOtherBody => "text.other_body",
        ColumnUnrecognised => "column.unrecognised",
        CodeDoubtful => "code.doubtful",
        TextUndecodable => "text.undecodable",
        OcrRepaired => "ocr.repaired",
        OcrDoubtful => "ocr.doubtful",
    }
}

/// A rule of the catalogue.
pub struct Rule {
    /// Its id.
    pub id: RuleId,
    /// The severity of its findings unless a check grades a case apart.
    pub severity: Severity,
    /// What it finds, for users.
    pub description: &'static str,
}

/// The rule catalogue.
pub const RULES: &[Rule] = &[
    Rule {
        id: RuleId::TableMissing,
        severity: Severity::Error,
        description: "A canonical table the report's text (目录, headings) lists is not printed (`error`); one of the nine 公开表 is not printed in a report whose text lists no table (`info`: templates differ in the tables they print).",
    },
    Rule {
        id: RuleId::TableNone,
        severity: Severity::Warning,
        description: "No canonical table (none of the nine 公开表) is recognised in the document: it has no facts and its status is `partial`.",
    },
    Rule {
        id: RuleId::TableUnrecognised,
        severity: Severity::Info,
        description: "A table whose title is not one of the canonical tables; kept in the JSON with its title.",
    },
    Rule {
        id: RuleId::TableEmpty,
        severity: Severity::Info,
        description: "A canonical table is printed without any amount (warning when no 说明 says it has no data).",
    },
    Rule {
        id: RuleId::SumChildren,
        severity: Severity::Error,
        description: "A 类 or 款 row (or an economic class such as 301) differs from the sum of its children by code prefix.",
    },
    Rule {
        id: RuleId::SumTotal,
        severity: Severity::Error,
        description: "A total row (合计, 本年收入合计, 本年支出合计, 人员经费合计, 公用经费合计) differs from the sum of the rows it totals.",
    },
    Rule {
        id: RuleId::SumColumns,
        severity: Severity::Error,
        description: "A row's total column differs from the sum of its parts (基本支出 + 项目支出 …; 三公 合计 = 出国 + 公车 + 接待, 公车 = 购置 + 运行).",
    },
    Rule {
        id: RuleId::SumBalance,
        severity: Severity::Error,
        description: "The income side's 总计 differs from the expenditure side's 总计 in a two-sided summary table.",
    },
    Rule {
        id: RuleId::CrossSummaryIncome,
        severity: Severity::Error,
        description: "The summary table's 本年收入合计 differs from the income table's 合计.",
    },
    Rule {
        id: RuleId::CrossSummaryExpenditure,
        severity: Severity::Error,
        description: "The summary table's 本年支出合计 differs from the expenditure table's 合计.",
    },
    Rule {
        id: RuleId::CrossSummaryCategories,
        severity: Severity::Error,
        description: "An expenditure category of the summary table differs from the same class in the expenditure table.",
    },
    Rule {
        id: RuleId::CrossFiscalGeneral,
        severity: Severity::Error,
        description: "The fiscal summary's 一般公共预算 expenditure differs from the general-expenditure table's 合计.",
    },
    Rule {
        id: RuleId::CrossBasicTotal,
        severity: Severity::Error,
        description: "The general-expenditure table's 基本支出 differs from the basic-expenditure table (人员经费合计 + 公用经费合计, or its 合计).",
    },
    Rule {
        id: RuleId::NarrativePercent,
        severity: Severity::Error,
        description: "A percentage in the text (share, year-over-year change, completion rate) contradicts the amounts it is computed from; one unit of the last digit off, or an amount after 比上年 that gives the rate only read as the change (its 增加 / 减少 left out), is a warning.",
    },
    Rule {
        id: RuleId::NarrativePercentZeroBase,
        severity: Severity::Warning,
        description: "A rate stated against a zero base (growth from 0, completion of a zero budget).",
    },
    Rule {
        id: RuleId::NarrativeTableMismatch,
        severity: Severity::Error,
        description: "An amount the text gives for a classified item, a table total or a 三公 / 机关运行经费 item differs from the tables, or the text states a 政府性基金 / 国有资本经营 / 三公 amount for a table printed without any.",
    },
    Rule {
        id: RuleId::NarrativeSum,
        severity: Severity::Warning,
        description: "Amounts the text gives as parts add up to more than the total it states (SME awards beyond total procurement).",
    },
    Rule {
        id: RuleId::NarrativeComparison,
        severity: Severity::Error,
        description: "增加 / 减少 wording that contradicts the numbers, a reason given for a 增加 (减少) of a fund whose stated changes all point the other way (`财政拨款收入支出增加的主要原因是…`), or an item's 决算数大于 / 小于 / 与预算数持平 that contradicts its budget and actual amounts.",
    },
    Rule {
        id: RuleId::TextDoublePercent,
        severity: Severity::Error,
        description: "A doubled percent sign (`1.96%%`).",
    },
    Rule {
        id: RuleId::TextDoublePunct,
        severity: Severity::Info,
        description: "Doubled or clashing punctuation (`。。`, `。，`).",
    },
    Rule {
        id: RuleId::TextUnit,
        severity: Severity::Warning,
        description: "An amount in a unit that differs from the text's (`0.00元` in a 万元 text), or `万` without 元.",
    },
    Rule {
        id: RuleId::TextPlaceholder,
        severity: Severity::Warning,
        description: "A template placeholder left in the text (`XX`).",
    },
    Rule {
        id: RuleId::TextYear,
        severity: Severity::Error,
        description: "A comparison with the report's own year (the previous year was meant), a period of another year in a budget, a part heading (第X部分) naming another year, or an as-of date (截至…) before the report's period (a warning in budgets, which may date assets at the end of the year before).",
    },
    Rule {
        id: RuleId::TextNameMismatch,
        severity: Severity::Warning,
        description: "A class named in the text differently from the tables (an obsolete name).",
    },
    Rule {
        id: RuleId::TextUnbalancedQuote,
        severity: Severity::Info,
        description: "Opening and closing quotation marks that do not pair up.",
    },
    Rule {
        id: RuleId::TextMissingPunct,
        severity: Severity::Info,
        description: "A sentence that ends without a full stop before the next paragraph.",
    },
    Rule {
        id: RuleId::TextTypo,
        severity: Severity::Info,
        description: "A known slip of the pen (`支出收入` for 支出).",
    },
    Rule {
        id: RuleId::TextCopyPaste,
        severity: Severity::Info,
        description: "An item's stated purpose (主要用于：…) copied from an earlier item.",
    },
    Rule {
        id: RuleId::TextTruncatedLabel,
        severity: Severity::Info,
        description: "A table label cut off (the text gives the full name of the same item).",
    },
    Rule {
        id: RuleId::TextOtherBody,
        severity: Severity::Warning,
        description: "A part heading (第X部分 …概况, …年度部门决算表) that names another body than the report's department: a heading copied from another report.",
    },
    Rule {
        id: RuleId::ColumnUnrecognised,
        severity: Severity::Warning,
        description: "A column of a canonical table whose header maps to no column key; its cells are not in facts.csv.",
    },
    Rule {
        id: RuleId::CodeDoubtful,
        severity: Severity::Info,
        description: "A row code of four digits, which no level of the classification has (a 款 printed as one digit: `3012` for 30102): a reading problem, not the report's; the sums its row would take part in are not judged. On a page read by OCR, also a code that extends no code its table prints (`2401102` under `21011`): its row is left out of the facts; a row read by OCR without a code in a table whose rows print codes (most of them, or three in a core table: OCR lost it); a row whose label runs the labels of several rows together (`国防支出公共安全支出`: a ruling between them not found) or ends with the amount or dash beside it (`办公费3.93`: its table's columns came out shifted); and amounts that count up like a column of codes (`30209`, `30211`, `30213`): all left out. So is a row whose code OCR read as another row's of its table, under another name, where no other table of the report gives its name a code (`ocr.repaired` where one does).",
    },
    Rule {
        id: RuleId::TextUndecodable,
        severity: Severity::Warning,
        description: "A page whose text does not decode: glyphs of a font without a Unicode mapping (no ToUnicode, no usable encoding or cmap). No number is read from the page (its facts are left out); it is a candidate for OCR.",
    },
    Rule {
        id: RuleId::OcrRepaired,
        severity: Severity::Info,
        description: "An amount read by OCR that broke two or more sums of the report (类 = Σ款, 合计 = 基本支出 + 项目支出, the same total in two tables), all of which hold once one digit OCR confuses (1/7, 3/8, 0/6/8, 5/6) is changed, where no other change of one digit mends any of them: the amount is repaired, the finding gives it as read (`found`) and as repaired (`expected`). Where two changes fit, none is made. So is a whole number read where the point of an amount was lost (`199` for 1.99), where putting it back makes two sums hold. Also a 类 row whose code OCR lost or garbled (`过2住房保障支出`): its name names the 类 (221), which the next row's code extends; the code is given back (`expected`). So is a 款 row whose code OCR lost right above its first 项 (`纪检监察事务` above `2011199`, under `201`: 20111), and a row whose code OCR read as another row's of its table (`2040202 特别业务` beside `2040202 一般行政管理事务`) where the report's other tables print its name with one code (2040221); a code no other table prints where they print the row, its name and an amount, under one code the read one is a digit misread or lost from (`2010389` for 2010399, `2202` for 22102); and a 基本支出 row whose code OCR lost where its name names an economic 款 of the 类 of a row beside it (`了公务接待费`: 30217).",
    },
    Rule {
        id: RuleId::OcrDoubtful,
        severity: Severity::Info,
        description: "An amount read by OCR with a confidence under 50 (of 100), printed with other decimal places than most of its table's amounts, or than the report's where its table has none most (`31348` for 313.48, `2466` for 24.66), or one of fewer than four amounts read of a table of sums none of which holds, that no sum holding with it confirms (a sum that holds only because one printed number was read alike in two columns of its row confirms none of its digits): it is left out of the facts (fewer facts, never wrong ones).",
    },
];

/// `text.undecodable`: each page of `doc` whose glyphs of some fonts have no Unicode mapping.
pub fn undecodable_pages(doc: &yjs_model::Document) -> Vec<Finding> {
    doc.undecoded
        .iter()
        .map(|u| {
            let fonts = u.fonts.join(", ");
            Finding::new(RuleId::TextUndecodable)
                .found(fonts.as_str())
                .message(format!(
                    "page {}: {} glyphs of font {fonts} have no Unicode mapping; the page's numbers are left out",
                    u.page, u.glyphs
                ))
                .page(u.page)
        })
        .collect()
}

/// What a finding on a page read by OCR says before its own message.
pub const OCR_UNCONFIRMED: &str = "unconfirmed, the page was read by OCR: ";

/// Findings on pages read by OCR (or, without a page, in a report with such pages) rest on
/// digits and words OCR may have misread: they are kept, as `info`, their message saying so,
/// and never raised as the report's `error` or `warning` (a misread digit is not the
/// document's contradiction).
pub fn unconfirmed_by_ocr(doc: &yjs_model::Document, findings: &mut [Finding]) {
    if doc.ocr.is_empty() {
        return;
    }
    for f in findings.iter_mut() {
        let on_ocr = f.page.is_none_or(|p| doc.ocr.contains(&p));
        if on_ocr && f.severity != Severity::Info {
            f.severity = Severity::Info;
            f.message = format!("{OCR_UNCONFIRMED}{}", f.message);
        }
    }
}

/// The catalogue lists the rules in [`RuleId`]'s order: a rule is found by its index.
const _: () = {
    assert!(RULES.len() == RuleId::ALL.len());
    let mut i = 0;
    while i < RULES.len() {
        assert!(RULES[i].id as usize == i);
        i += 1;
    }
};

/// The catalogue for users, as Markdown (`docs/rules.md` holds it): a line of introduction and a
/// table of every rule's id, default severity and what it finds, in the catalogue's order.
pub fn catalogue_markdown() -> String {
    let mut md = String::from(
        "# Rules\n\nEvery finding in `checks.csv` names one of these rules. The severity is the \
         rule's default; some checks grade a case apart (a rounding gap is `info`). A finding on \
         a page read by OCR is always `info`, its message starting `unconfirmed, the page was \
         read by OCR:` (a misread digit is not the report's contradiction).\n\n\
         | id | severity | what it finds |\n| --- | --- | --- |\n",
    );
    for r in RULES {
        let what = r.description.replace('|', "\\|");
        md.push_str(&format!(
            "| `{}` | {} | {what} |\n",
            r.id,
            r.severity.as_str()
        ));
    }
    md
}

/// The catalogue entry of a rule.
pub fn rule(id: RuleId) -> &'static Rule {
    &RULES[id as usize]
}

/// A finding: a row of checks.csv, and of the findings in the JSON per report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule that found it.
    pub rule: RuleId,
    /// How much it matters.
    pub severity: Severity,
    /// The table (a key, `narrative`, or keys joined by `;`), empty for the whole document.
    pub table: String,
    /// The row, or in the narrative the section.
    pub row: String,
    /// The column.
    pub column: String,
    /// What the check expected.
    pub expected: String,
    /// What the document prints.
    pub found: String,
    /// The sentence a reader is shown.
    pub message: String,
    /// The 1-based page, when the finding has one.
    pub page: Option<u32>,
}

/// Builder-style setters of [`Finding`]'s text fields, one per field named.
macro_rules! string_setters {
    ($($(#[$doc:meta])* $field:ident,)+) => {
        $(
            $(#[$doc])*
            pub fn $field(mut self, $field: impl Into<String>) -> Finding {
                self.$field = $field.into();
                self
            }
        )+
    };
}

impl Finding {
    /// A finding of `rule` at the severity the catalogue gives it, every other field empty: the
    /// setters below fill in what a check knows, so every finding is built the same way.
    pub fn new(rule: RuleId) -> Finding {
        Finding {
            rule,
            severity: self::rule(rule).severity,
            table: String::new(),
            row: String::new(),
            column: String::new(),
            expected: String::new(),
            found: String::new(),
            message: String::new(),
            page: None,
        }
    }

    /// The severity, where a check grades this case apart from the catalogue.
    pub fn severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    string_setters! {
        /// The table the finding is about (a key, `narrative`, or several keys joined by `;`).
        table,
        /// The row (or, in the narrative, the section) the finding is about.
        row,
        /// The column the finding is about.
        column,
        /// What the check expected to find.
        expected,
        /// What the document prints.
        found,
        /// The sentence a reader is shown.
        message,
    }

    /// The column a check compared, the value it expected and the value printed: what every
    /// finding in the text states.
    pub fn compared(
        self,
        column: &str,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> Finding {
        self.column(column).expected(expected).found(found)
    }

    /// The 1-based page the finding is on.
    pub fn page(mut self, page: u32) -> Finding {
        self.page = Some(page);
        self
    }

    /// A finding in the narrative: table `narrative`, the section as its row, and its page.
    pub fn in_text(self, section: &str, page: u32) -> Finding {
        self.table("narrative").row(section).page(page)
    }
}

/// The canonical tables: the nine every 决算 / 预算 report publishes ([`TableKey::CORE`]) and
/// those of some templates only.
pub const CANONICAL: &[TableKey] = TableKey::ALL;

/// Table-level findings: missing, unrecognised and empty tables, unknown columns.
/// `listed`: what the document's text (目录 and headings) says of its tables.
pub(crate) fn table_findings(
    tables: &[TableInstance],
    facts: &[Fact],
    unknown_columns: &[(usize, String)],
    listed: &Listing,
    printed_empty: &[TableKey],
) -> Vec<Finding> {
    let recognised: Vec<TableKey> = tables.iter().filter_map(|t| t.key).collect();
    let mut out = if recognised.is_empty() {
        vec![no_canonical_table(tables.len())]
    } else {
        absent_tables(&recognised, listed, printed_empty)
    };
    for (i, t) in tables.iter().enumerate() {
        let Some(key) = t.key else {
            out.push(unrecognised_table(t));
            continue;
        };
        out.extend(empty_table(t, key, facts));
        for (_, col) in unknown_columns.iter().filter(|(ti, _)| *ti == i) {
            out.push(
                Finding::new(RuleId::ColumnUnrecognised)
                    .table(key.as_str())
                    .column(col.as_str())
                    .found(col.as_str())
                    .message(format!("column `{col}` of `{key}` maps to no column key"))
                    .page(t.page),
            );
        }
    }
    out
}

/// `table.none`: the document holds `tables` tables, none of them canonical.
fn no_canonical_table(tables: usize) -> Finding {
    Finding::new(RuleId::TableNone)
        .expected("公开表")
        .found("none")
        .message(if tables == 0 {
            "no recognisable 公开表 in the document: it holds no table".into()
        } else {
            format!(
                "no recognisable 公开表 in the document: {tables} table(s), none of them a canonical table"
            )
        })
}

/// The canonical tables not recognised: printed empty without a grid (`info`), missing though
/// the text lists them (`error`), or — one of the nine every template has — missing from a
/// report without a 目录 (`warning`). A table a report's 目录 does not list is one its template
/// does not have: no finding.
fn absent_tables(
    recognised: &[TableKey],
    listed: &Listing,
    printed_empty: &[TableKey],
) -> Vec<Finding> {
    let mut out = Vec::new();
    for key in CANONICAL.iter().filter(|k| !recognised.contains(k)) {
        if printed_empty.contains(key) {
            out.push(
                Finding::new(RuleId::TableEmpty)
                    .severity(Severity::Info)
                    .table(key.as_str())
                    .message(format!(
                        "`{key}` is printed without rows and its note says there is no data"
                    )),
            );
            continue;
        }
        let in_toc = listed.titles.contains(key);
        if !in_toc && (listed.contents || !TableKey::CORE.contains(key)) {
            continue;
        }
        let missing = Finding::new(RuleId::TableMissing)
            .table(key.as_str())
            .expected("printed")
            .found("missing");
        out.push(if in_toc {
            missing.message(format!(
                "the text lists the `{key}` table (目录) but no such table is printed"
            ))
        } else {
            // (templates differ in the tables they print: without a 目录 to list them, a missing
            // table is no evidence of an omission)
            missing.severity(Severity::Info).message(format!(
                "no table recognised as `{key}`, and the document has no 目录 that lists its tables"
            ))
        });
    }
    out
}

/// `table.unrecognised`: a table whose title names no canonical table.
fn unrecognised_table(t: &TableInstance) -> Finding {
    Finding::new(RuleId::TableUnrecognised)
        .found(t.title.as_str())
        .message(format!("table `{}` is not a canonical table", t.title))
        .page(t.page)
}

/// `table.empty` for a recognised table without facts: `info` when a note says it has no data,
/// `warning` when nothing explains it.
fn empty_table(t: &TableInstance, key: TableKey, facts: &[Fact]) -> Option<Finding> {
    if facts.iter().any(|f| f.table == key) {
        return None;
    }
    let explained = t.notes.iter().any(|n| {
        ["无数据", "空表", "没有", "无此", "无数字", "无该项"]
            .iter()
            .any(|w| n.contains(w))
    });
    let f = Finding::new(RuleId::TableEmpty)
        .table(key.as_str())
        .page(t.page);
    Some(if explained {
        f.severity(Severity::Info).message(format!(
            "`{key}` is printed empty and its note says there is no data"
        ))
    } else {
        f.severity(Severity::Warning)
            .message(format!("`{key}` holds no amount and no note explains why"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sum that fails on a page read by OCR is the reading's doubt, not the report's error;
    /// on a page with a text layer it stays an error.
    #[test]
    fn findings_on_pages_read_by_ocr_are_unconfirmed_info() {
        let mut doc = crate::reconcile::tests::doc(vec![]);
        doc.ocr = vec![6];
        let mut findings = vec![
            Finding::new(RuleId::SumColumns).message("gap").page(6),
            Finding::new(RuleId::SumColumns).message("gap").page(7),
        ];
        unconfirmed_by_ocr(&doc, &mut findings);
        assert_eq!(findings[0].severity, Severity::Info);
        assert_eq!(findings[0].message, format!("{OCR_UNCONFIRMED}gap"));
        assert_eq!(findings[1].severity, Severity::Error);
        assert_eq!(findings[1].message, "gap");
    }

    /// `docs/rules.md` is what the catalogue renders; `YJS_BLESS=1` rewrites it.
    #[test]
    fn docs_rules_md_is_the_catalogue() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
        let want = catalogue_markdown();
        if std::env::var_os("YJS_BLESS").is_some() {
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "docs/rules.md differs from the rule catalogue (checks::RULES): regenerate it with \
             `YJS_BLESS=1 cargo test -p yjs-analyze docs_rules_md_is_the_catalogue`"
        );
    }

    /// What a missing table is worth depends on the 目录: listed → error; one of the nine in a
    /// report without a 目录 → info (templates differ; 江苏 2017 prints no 国有资本经营 table); not listed by a report that has one → nothing (its
    /// template does not have it), and a table beyond the nine is never expected unlisted.
    #[test]
    fn a_table_the_contents_do_not_list_is_not_missing() {
        let recognised = [TableKey::Summary];
        let found = |listed: &[TableKey], contents: bool| -> Vec<(String, Severity)> {
            let listed = Listing {
                titles: listed.to_vec(),
                empty: Vec::new(),
                contents,
            };
            absent_tables(&recognised, &listed, &[])
                .into_iter()
                .filter(|f| matches!(f.table.as_str(), "state_capital" | "procurement"))
                .map(|f| (f.table, f.severity))
                .collect()
        };
        assert_eq!(
            found(&[TableKey::StateCapital, TableKey::Procurement], true),
            vec![
                ("state_capital".to_string(), Severity::Error),
                ("procurement".to_string(), Severity::Error)
            ]
        );
        assert_eq!(
            found(&[], false),
            vec![("state_capital".to_string(), Severity::Info)]
        );
        assert_eq!(found(&[TableKey::Summary], true), vec![]);
    }

    #[test]
    fn rule_finds_its_own_entry() {
        for &id in RuleId::ALL {
            assert_eq!(rule(id).id, id);
        }
    }
}
