//! The schema registry: how printed titles and headers map to CONTRACT.md's table and column keys.
//!
//! Everything here is data. A table is recognised by its title (keyword rules tried in order; the
//! first match wins), never by its number or position. A column is recognised by its header:
//! first by the bottom header cell ("leaf"), then by the whole header path, each rule list tried in
//! order, so specific rules (基本支出) come before general ones (合计).

named_enum! {
    /// A canonical table of CONTRACT.md: the nine 公开表 every 决算 / 预算 report publishes, in
    /// the order the outputs list them.
    pub enum TableKey {
        /// 收入支出决算总表 / 财务收支预算总表.
        Summary => "summary",
        /// 收入决算表.
        Income => "income",
        /// 支出决算表.
        Expenditure => "expenditure",
        /// 财政拨款收入支出决算总表.
        FiscalSummary => "fiscal_summary",
        /// 一般公共预算财政拨款支出决算表.
        GeneralExpenditure => "general_expenditure",
        /// 一般公共预算财政拨款基本支出决算明细表.
        GeneralBasic => "general_basic",
        /// 政府性基金预算财政拨款收入支出决算表.
        GovFund => "gov_fund",
        /// 国有资本经营预算财政拨款支出决算表.
        StateCapital => "state_capital",
        /// 财政拨款“三公”经费支出决算表.
        ThreePublic => "three_public",
        /// 财政拨款支出(预算)表 (by function; 江苏, the 2026 national template).
        FiscalExpenditure => "fiscal_expenditure",
        /// 财政拨款基本支出(预算)表 (by economic class).
        FiscalBasic => "fiscal_basic",
        /// 基本支出(预算)表, all funds (by economic class).
        BasicExpenditure => "basic_expenditure",
        /// 项目支出(预算)表, 项目支出总表, 专项业务经费支出表.
        ProjectExpenditure => "project_expenditure",
        /// (一般公共预算)机关运行经费支出(预算)表.
        AgencyOperating => "agency_operating",
        /// 政府采购(支出)(预算)(明细)表.
        Procurement => "procurement",
        /// 政府购买服务(预算)(明细)表.
        PurchaseService => "purchase_service",
        /// 一般公共预算支出(明细)表（按经济分类科目）: `general_expenditure` by economic class.
        GeneralExpenditureEconomic => "general_expenditure_economic",
        /// 一般公共预算基本支出(明细)表（按功能分类科目）: `general_basic` by function.
        GeneralBasicFunctional => "general_basic_functional",
        /// The rows per unit of a 三公 table printed by unit (its 合计 row is `three_public`).
        ThreePublicByUnit => "three_public_by_unit",
        /// A 三公 table printed as a list of items with a column per source of money: each
        /// item's row, its amounts by source (the items' totals are `three_public`'s).
        ThreePublicBySource => "three_public_by_source",
        /// 绩效目标表 (项目支出 / 部门整体支出): the money of each project or unit.
        Performance => "performance",
        /// 会议费明细表: a row per meeting planned, its money.
        Meetings => "meetings",
        /// 培训费明细表: a row per training planned, its money.
        Trainings => "trainings",
    }
}

impl TableKey {
    /// The nine 公开表 every 决算 / 预算 template publishes: a report is expected to print each
    /// (the others belong to some templates only).
    pub const CORE: &'static [TableKey] = &[
        TableKey::Summary,
        TableKey::Income,
        TableKey::Expenditure,
        TableKey::FiscalSummary,
        TableKey::GeneralExpenditure,
        TableKey::GeneralBasic,
        TableKey::GovFund,
        TableKey::StateCapital,
        TableKey::ThreePublic,
    ];
}

named_enum! {
    /// A side of a two-sided table ([`is_two_sided`]).
    pub enum Side {
        /// The left side: 收入.
        Income => "income",
        /// The right side: 支出.
        Expenditure => "expenditure",
    }
}

/// A title rule: every `all` keyword present, no `none` keyword present.
pub(crate) struct TitleRule {
    pub key: TableKey,
    pub all: &'static [&'static str],
    pub any: &'static [&'static str],
    pub none: &'static [&'static str],
}

/// Title rules in priority order (specific tables first).
pub(crate) const TITLE_RULES: &[TitleRule] = &[
    TitleRule {
        key: TableKey::Meetings,
        all: &["会议费"],
        any: &["明细表", "情况表", "安排表"],
        none: &["说明", "三公"],
    },
    TitleRule {
        key: TableKey::Trainings,
        all: &["培训费"],
        any: &["明细表", "情况表", "安排表"],
        none: &["说明", "三公"],
    },
    TitleRule {
        key: TableKey::Performance,
        all: &["绩效目标"],
        any: &[],
        none: &["说明"],
    },
    TitleRule {
        key: TableKey::PurchaseService,
        all: &["政府购买服务"],
        any: &[],
        none: &["说明"],
    },
    TitleRule {
        key: TableKey::Procurement,
        all: &["政府采购"],
        any: &[],
        none: &["说明"],
    },
    TitleRule {
        key: TableKey::ThreePublic,
        all: &["三公"],
        any: &[],
        none: &["说明"],
    },
    TitleRule {
        key: TableKey::AgencyOperating,
        all: &["机关运行经费"],
        any: &[],
        none: &["说明"],
    },
    TitleRule {
        key: TableKey::GovFund,
        all: &["政府性基金"],
        any: &["表"],
        none: &["说明"],
    },
    TitleRule {
        key: TableKey::StateCapital,
        all: &["国有资本经营"],
        any: &["表"],
        none: &["说明"],
    },
    TitleRule {
        key: TableKey::GeneralBasicFunctional,
        all: &["一般公共预算", "基本支出", "功能分类"],
        any: &["表"],
        none: &["说明"],
    },
    TitleRule {
        key: TableKey::GeneralExpenditureEconomic,
        all: &["一般公共预算", "支出", "经济分类"],
        any: &["表"],
        none: &["说明", "基本支出", "收入支出", "收支", "项目支出"],
    },
    TitleRule {
        key: TableKey::GeneralBasic,
        all: &["一般公共预算", "基本支出"],
        any: &["表"],
        none: &["说明"],
    },
    TitleRule {
        key: TableKey::GeneralExpenditure,
        all: &["一般公共预算", "支出"],
        any: &["表"],
        none: &["说明", "收入支出", "收支", "项目支出"],
    },
    TitleRule {
        key: TableKey::FiscalBasic,
        all: &["财政拨款", "基本支出"],
        any: &[],
        none: &["说明"],
    },
    TitleRule {
        key: TableKey::BasicExpenditure,
        all: &["基本支出"],
        any: &[],
        none: &["说明", "项目支出", "收入", "收支"],
    },
    TitleRule {
        key: TableKey::ProjectExpenditure,
        all: &[],
        any: &["项目支出", "专项业务经费"],
        none: &["说明", "绩效", "收入", "收支"],
    },
    TitleRule {
        key: TableKey::FiscalExpenditure,
        all: &["财政拨款", "支出"],
        any: &[],
        none: &["说明", "收入", "收支", "结转"],
    },
    TitleRule {
        key: TableKey::FiscalSummary,
        all: &["财政拨款"],
        any: &[
            "收入支出决算总表",
            "收支预算总表",
            "收支决算总表",
            "收入支出预算总表",
            "收支总表",
            "收支总体情况表",
        ],
        none: &["说明"],
    },
    TitleRule {
        key: TableKey::Summary,
        all: &[],
        any: &[
            "收入支出决算总表",
            "收支预算总表",
            "收支决算总表",
            "收入支出预算总表",
            "收支总表",
            "收支总体情况表",
        ],
        none: &["说明", "财政拨款"],
    },
    TitleRule {
        key: TableKey::Income,
        all: &["收入"],
        any: &[
            "收入决算表",
            "收入预算表",
            "收入预算总表",
            "收入总表",
            "收入总体情况表",
        ],
        none: &["说明", "支出"],
    },
    TitleRule {
        key: TableKey::Expenditure,
        all: &["支出"],
        any: &[
            "支出决算表",
            "支出预算表",
            "支出预算总表",
            "支出总表",
            "支出总体情况表",
        ],
        none: &["说明", "收入", "项目支出"],
    },
];

/// A table its title names that its header shows to be another: `from` is keyed `to` where
/// its top rows print `least` of `words` or more.
pub(crate) struct HeaderRekey {
    pub from: TableKey,
    pub words: &'static [&'static str],
    pub least: usize,
    pub to: TableKey,
}

/// Tables recognised by their header over their title (see [`rekeyed_by_header`]).
pub(crate) const HEADER_REKEYS: &[HeaderRekey] = &[
    // “三公”经费和机关运行经费预算表 whose quoted “三公” OCR read as `EL` leaves a title that
    // names the 机关运行经费 alone; the columns of the 三公 items say which table it is
    HeaderRekey {
        from: TableKey::AgencyOperating,
        words: &["因公出国", "公务接待", "公务用车"],
        least: 2,
        to: TableKey::ThreePublic,
    },
    // 财政拨款“三公”经费支出决算表 whose `三公` OCR read as `二人` leaves a title that names
    // the 财政拨款支出决算表; no such table has columns of the 三公 items
    HeaderRekey {
        from: TableKey::FiscalExpenditure,
        words: &["因公出国", "公务接待", "公务用车"],
        least: 2,
        to: TableKey::ThreePublic,
    },
];

/// The top rows of a table's header read for [`HEADER_REKEYS`]: the 三公 table's items stand
/// in its second or third row.
pub(crate) const REKEY_HEADER_ROWS: usize = 4;

/// `key`, or the key [`HEADER_REKEYS`] give a table of that key whose header prints `header`.
pub(crate) fn rekeyed_by_header<'a>(
    key: TableKey,
    header: impl Iterator<Item = &'a str> + Clone,
) -> TableKey {
    HEADER_REKEYS
        .iter()
        .find(|r| {
            r.from == key
                && r.words
                    .iter()
                    .filter(|w| header.clone().any(|h| h.contains(*w)))
                    .count()
                    >= r.least
        })
        .map_or(key, |r| r.to)
}

/// The length of a table title in characters: 收入决算表 has 5; a longer line ending in 表 is a
/// sentence that mentions a table.
const TITLE_CHARS: std::ops::RangeInclusive<usize> = 4..=60;

/// The longest qualifier printed in brackets after a title's 表 (`（功能科目）`, `（续）`).
const TITLE_QUALIFIER_CHARS: usize = 12;

/// Leading text that makes a line a table title candidate (after enumerators are removed): it
/// ends in 表, or in 表 and a short bracketed qualifier (`财政拨款支出表（功能科目）`, `…表（续）`).
pub(crate) fn is_title_like(s: &str) -> bool {
    let n = s.chars().count();
    TITLE_CHARS.contains(&n) && without_qualifier(s).ends_with('表')
}

/// `s` without a short bracketed qualifier at its end (`…表（续）` → `…表`, `…科目（按大类）` →
/// `…科目`).
pub(crate) fn without_qualifier(s: &str) -> &str {
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(body) = s.strip_suffix(close) {
            if let Some(i) = body.rfind(open) {
                let inner = body[i + open.len_utf8()..].chars().count();
                if inner <= TITLE_QUALIFIER_CHARS {
                    return &body[..i];
                }
            }
        }
    }
    s
}

/// A title read by OCR this long may have lost its last character, the `表`: a narrative
/// line is rarely as long and ends so.
const OCR_TITLE_WITHOUT_TABLE_CHARS: usize = 10;

/// The words a title ends with before its `表` (…决算明细表, …收支决算表, …预算表).
const BEFORE_TABLE_WORD: &[&str] = &["明细", "决算", "预算"];

/// Does `s`, read by OCR, look like a title that lost its `表`
/// (`一般公共预算财政拨款基本支出决算明细`)?
fn lost_its_table_word(s: &str) -> bool {
    let n = s.chars().count();
    n >= OCR_TITLE_WITHOUT_TABLE_CHARS
        && TITLE_CHARS.contains(&(n + 1))
        && BEFORE_TABLE_WORD.iter().any(|w| s.ends_with(w))
}

/// The canonical table key for a title, if recognised.
pub(crate) fn classify_title(title: &str) -> Option<TableKey> {
    if !is_title_like(title) {
        return None;
    }
    TITLE_RULES
        .iter()
        .find(|r| {
            r.all.iter().all(|k| title.contains(k))
                && (r.any.is_empty() || r.any.iter().any(|k| title.contains(k)))
                && !r.none.iter().any(|k| title.contains(k))
        })
        .map(|r| r.key)
}

/// Characters a stroke apart, which OCR reads for one another (`年未` for 年末, `国防文出` for
/// 国防支出).
const CONFUSABLE: &[(char, char)] = &[
    ('未', '末'),
    ('支', '文'),
    ('人', '入'),
    ('己', '已'),
    ('土', '士'),
    ('拨', '拔'),
    ('日', '曰'),
    ('千', '干'),
    ('各', '合'),
];

/// Are `a` and `b` two characters OCR reads for one another ([`CONFUSABLE`])?
pub(crate) fn are_confusable(a: char, b: char) -> bool {
    CONFUSABLE
        .iter()
        .any(|&(x, y)| (a, b) == (x, y) || (a, b) == (y, x))
}

/// Do `a` and `b` read as the same characters, but for some OCR confuses (`文出`, 支出)? Both
/// as long.
pub(crate) fn read_alike(a: &[char], b: impl IntoIterator<Item = char>) -> bool {
    let mut n = 0;
    for y in b {
        match a.get(n) {
            Some(&x) if x == y || are_confusable(x, y) => n += 1,
            _ => return false,
        }
    }
    n == a.len()
}

/// Does `text` hold `word` with some of its characters read as ones they are confused with
/// (`文出` for 支出)?
fn holds_confused(text: &str, word: &str) -> bool {
    let word: Vec<char> = word.chars().collect();
    let text: Vec<char> = text.chars().collect();
    text.windows(word.len().max(1))
        .any(|w| read_alike(w, word.iter().copied()))
}

/// The least length of a title keyword that OCR may have read with a character lost: a
/// shorter one (`支出`, `表`) would match too much without it.
const OCR_KEYWORD_MIN_CHARS: usize = 4;

/// The canonical table key for a title read by OCR: [`classify_title`]'s rules in their order,
/// but a required keyword of [`OCR_KEYWORD_MIN_CHARS`] or more may be read with one character
/// lost (`般公共预算` for `一般公共预算`: tesseract drops a lone `一`, a stroke, at a line's
/// start), so that a more specific rule is not passed over for a looser one (`支出决算表`); the
/// excluding keywords are matched as printed.
pub(crate) fn classify_ocr_title(title: &str) -> Option<TableKey> {
    let title_like = is_title_like(title);
    let lost_table = !title_like && lost_its_table_word(title);
    if !title_like && !lost_table {
        return None;
    }
    let found = |k: &str| {
        (lost_table && k == "表")
            || title.contains(k)
            || holds_confused(title, k)
            || (k.chars().count() >= OCR_KEYWORD_MIN_CHARS
                && k.char_indices().any(|(i, c)| {
                    let lost = format!("{}{}", &k[..i], &k[i + c.len_utf8()..]);
                    title.contains(&lost)
                }))
    };
    // (a subject word, long, may lose more: `股公共预算` for `一般公共预算`, two strokes read as
    // one character; the table-type words differ from one another by a character or two and
    // must be read as printed)
    let subject = |k: &str| {
        found(k) || (loose_subjects().contains(&k) && within_edits(title, k, OCR_SUBJECT_EDITS))
    };
    TITLE_RULES
        .iter()
        .find(|r| {
            r.all.iter().all(|k| subject(k))
                && (r.any.is_empty() || r.any.iter().any(|k| found(k)))
                && !r.none.iter().any(|k| title.contains(k))
        })
        .map(|r| r.key)
}

/// The least length of a title's subject word (`一般公共预算`, `国有资本经营`) that OCR may
/// have read with [`OCR_SUBJECT_EDITS`] characters lost, changed or added.
const OCR_SUBJECT_MIN_CHARS: usize = 6;

/// Characters of a long subject word OCR may have misread: two is a third of the shortest, and
/// leaves four read as printed.
const OCR_SUBJECT_EDITS: usize = 2;

/// The title rules' subject words (`all`) that OCR may garble by [`OCR_SUBJECT_EDITS`]
/// characters: [`OCR_SUBJECT_MIN_CHARS`] long or more, and [`stands_apart`].
fn loose_subjects() -> &'static [&'static str] {
    static WORDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words: Vec<&'static str> = TITLE_RULES
            .iter()
            .flat_map(|r| r.all.iter().copied())
            .filter(|k| k.chars().count() >= OCR_SUBJECT_MIN_CHARS && stands_apart(k))
            .collect();
        words.sort_unstable();
        words.dedup();
        words
    })
}

/// Is title keyword `k` more than [`OCR_SUBJECT_EDITS`] edits from every other keyword of the
/// title rules, so that a title printing another (`政府采购服务`: 政府采购, two characters from
/// 政府购买服务) is not taken for a misreading of it?
fn stands_apart(k: &str) -> bool {
    TITLE_RULES
        .iter()
        .flat_map(|r| r.all.iter().chain(r.any).chain(r.none))
        .filter(|o| **o != k && o.chars().count() >= OCR_KEYWORD_MIN_CHARS)
        .all(|o| !within_edits(k, o, OCR_SUBJECT_EDITS))
}

/// Does `text` hold `word` with at most `edits` characters lost, changed or added (the least
/// edit distance of `word` to any part of `text`)?
fn within_edits(text: &str, word: &str, edits: usize) -> bool {
    let word: Vec<char> = word.chars().collect();
    // row[j]: the fewest edits making word[..j] end at the current character of the text
    let mut row: Vec<usize> = (0..=word.len()).collect();
    if row[word.len()] <= edits {
        return true;
    }
    for t in text.chars() {
        let mut diagonal = row[0];
        row[0] = 0;
        for j in 1..=word.len() {
            let above = row[j];
            row[j] = (diagonal + usize::from(word[j - 1] != t))
                .min(row[j] + 1)
                .min(row[j - 1] + 1);
            diagonal = above;
        }
        if row[word.len()] <= edits {
            return true;
        }
    }
    false
}

/// Tables printed with an income side and an expenditure side.
pub(crate) fn is_two_sided(table: TableKey) -> bool {
    matches!(table, TableKey::Summary | TableKey::FiscalSummary)
}

/// The name of a table's row printed without labels: the 三公 table's one row, and any other
/// table printed as a single row of totals (`合计 | 基本支出 | 项目支出` over their amounts).
pub(crate) fn single_row_name(table: TableKey) -> &'static str {
    match table {
        TableKey::ThreePublic => "三公经费",
        _ => "合计",
    }
}

/// The role of a grid column, from its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ColumnRole {
    /// Classification code (科目编码, 类, 款, 项).
    Code,
    /// Row label (科目名称, 项目).
    Name,
    /// Line numbers (行次) – not facts.
    LineNo,
    /// Words (绩效指标, 备注, 实施单位): never an amount, and no column to key.
    Text,
    /// A value column with its canonical key.
    Value(String),
    Unknown,
}

/// A column rule: the header text contains any of `any` (and none of `none`).
pub struct ColumnRule {
    /// The column key (CONTRACT.md) a matching header gives.
    pub key: &'static str,
    /// Words of which a matching header contains at least one.
    pub any: &'static [&'static str],
    /// Words a matching header does not contain.
    pub none: &'static [&'static str],
}

const fn rule(key: &'static str, any: &'static [&'static str]) -> ColumnRule {
    ColumnRule {
        key,
        any,
        none: &[],
    }
}

const SUMMARY_INCOME: &[ColumnRule] = &[rule(
    "amount",
    &["金额", "决算数", "预算数", "合计", "本年收入", "本年预算"],
)];
const SUMMARY_EXPENDITURE: &[ColumnRule] = &[
    rule("personnel", &["人员经费"]),
    rule("public_expense", &["公用经费"]),
    rule("project", &["项目支出", "专项业务经费"]),
    rule(
        "amount",
        &["金额", "决算数", "预算数", "合计", "本年支出", "本年预算"],
    ),
];
const INCOME: &[ColumnRule] = &[
    rule("affiliated_remit", &["附属单位上缴"]),
    rule("superior_subsidy", &["上级补助"]),
    rule("fiscal_funding", &["经费拨款"]),
    rule("general", &["一般公共预算"]),
    rule("gov_fund", &["政府性基金"]),
    rule("state_capital", &["国有资本经营", "资本经营"]),
    rule("education_fees", &["教育收费"]),
    // 高等学校's 使用非财政拨款结余: reserves of money not from the budget, drawn this year
    rule("non_fiscal_balance", &["非财政拨款结余"]),
    rule("fiscal", &["财政拨款"]),
    rule("operating", &["经营收入", "经营服务收入"]),
    rule("fiscal_special_account", &["财政专户"]),
    rule("business", &["事业收入"]),
    rule("other", &["其他收入", "其它收入"]),
    rule("unit_funds", &["单位资金"]),
    rule("carryover", &["上年结转", "上年结余"]),
    rule("total", &["合计", "总计"]),
    // this year's income apart from the money carried over (本年收入 / 小计): after `total`, so
    // that 本年收入合计 stays the table's total
    rule("current_income", &["本年收入"]),
];
const EXPENDITURE: &[ColumnRule] = &[
    // 政府采购项目, and its parts reserved for small firms (深圳's 支出总表)
    rule("procurement_small_micro", &["小型、微型企业", "小微企业"]),
    rule("procurement_sme", &["中小企业"]),
    rule("procurement", &["政府采购"]),
    rule("personnel", &["人员经费", "人员支出"]),
    rule("public_expense", &["公用经费", "公用支出"]),
    rule("basic", &["基本支出"]),
    rule("project", &["项目支出", "专项业务经费"]),
    rule("remit_superior", &["上缴上级"]),
    rule("subsidy_affiliated", &["对附属单位补助", "附属单位补助"]),
    rule("operating", &["经营支出"]),
    // 江苏's 支出预算总表: money kept in reserve (单位预留机动经费), carried into next year
    rule("reserve", &["预留机动", "机动经费"]),
    rule("carry_forward", &["结转下年"]),
    // (本年支出 alone: 本年支出合计 with its second line lost)
    rule("total", &["合计", "小计", "总计", "本年支出"]),
];
const FISCAL_INCOME: &[ColumnRule] = &[rule("amount", &["金额", "决算数", "预算数", "合计"])];
const FISCAL_EXPENDITURE: &[ColumnRule] = &[
    rule("general", &["一般公共预算"]),
    rule("gov_fund", &["政府性基金"]),
    rule("state_capital", &["国有资本经营", "资本经营"]),
    rule("total", &["合计", "小计", "金额", "预算数", "决算数"]),
];
const GENERAL_EXPENDITURE: &[ColumnRule] = &[
    rule("personnel", &["人员经费", "人员支出"]),
    rule("public_expense", &["公用经费", "公用支出"]),
    rule("basic", &["基本支出"]),
    rule("project", &["项目支出", "专项业务经费"]),
    rule(
        "total",
        &["合计", "小计", "总计", "金额", "预算数", "决算数"],
    ),
];
const GENERAL_BASIC: &[ColumnRule] = &[
    rule("personnel", &["人员经费", "人员类", "人员支出"]),
    rule("public_expense", &["公用经费", "公用支出"]),
    rule(
        "amount",
        &["决算数", "金额", "合计", "总计", "小计", "预算数"],
    ),
];
const FUND: &[ColumnRule] = &[
    rule("opening_balance", &["年初结转", "年初结余"]),
    rule("closing_balance", &["年末结转", "年末结余"]),
    rule("basic", &["基本支出"]),
    rule("project", &["项目支出", "专项业务经费"]),
    rule("income", &["本年收入"]),
    rule(
        "total",
        &["小计", "合计", "总计", "本年支出", "金额", "预算数"],
    ),
];
const THREE_PUBLIC_ITEMS: &[ColumnRule] = &[
    rule("agency_operating", &["机关运行经费"]),
    rule("meeting", &["会议费"]),
    rule("training", &["培训费"]),
    rule("admin", &["行政经费"]),
    ColumnRule {
        key: "vehicle_purchase",
        any: &["购置"],
        none: &["运行"],
    },
    ColumnRule {
        key: "vehicle_operation",
        any: &["运行"],
        none: &["购置"],
    },
    rule("vehicle", &["公务用车"]),
    rule("abroad", &["出国"]),
    rule("reception", &["接待"]),
    rule("total", &["合计", "总计", "总额"]),
];

/// The 三公 table prints each item twice, as budgeted (预算数) and as spent (决算数): a column key
/// is the item's key after the figure's prefix (`budget_vehicle`, `actual_abroad`).
pub const THREE_PUBLIC_FIGURES: [&str; 2] = ["budget_", "actual_"];

/// The 三公 items, in the order the outputs list them (机关运行经费, budgeted only, aside).
pub const THREE_PUBLIC_COLUMNS: [&str; 6] = [
    "total",
    "abroad",
    "vehicle",
    "vehicle_purchase",
    "vehicle_operation",
    "reception",
];

/// The 三公 identities within each figure: 合计 = 出国 + 公车 + 接待, 公车 = 购置 + 运行.
pub const THREE_PUBLIC_SUMS: [(&str, &[&str]); 2] = [
    ("total", &["abroad", "vehicle", "reception"]),
    ("vehicle", &["vehicle_purchase", "vehicle_operation"]),
];

/// What a header says of its year besides the report's own: `change_` for a change (增减, 比上年),
/// `prior_` for the year before (上年, or a year before the report's: `2025年预算数` in a 2026
/// budget), nothing for the report's year.
pub(crate) fn year_qualifier(header: &str, year: Option<i32>) -> &'static str {
    if header.contains("增减") || header.contains("变化") || header.contains("比上年") {
        return "change_";
    }
    let earlier = year.is_some_and(|y| {
        header
            .match_indices("20")
            .filter_map(|(i, _)| header.get(i..i + 4)?.parse::<i32>().ok())
            .any(|h| h < y)
    });
    if header.contains("上年") || earlier {
        "prior_"
    } else {
        ""
    }
}

/// The figure a 三公 header or sentence names: `actual_` when it says 决算, else `budget_` when
/// it says 预算.
pub fn three_public_figure(text: &str) -> Option<&'static str> {
    let [budget, actual] = THREE_PUBLIC_FIGURES;
    if text.contains("决算") {
        Some(actual)
    } else if text.contains("预算") {
        Some(budget)
    } else {
        None
    }
}

/// The columns of the tables beyond the nine (基本支出, 项目支出, 政府采购 …): what a column
/// counts (its part of the money: 人员经费 …) or where its money comes from (一般公共预算 …). A
/// 小计 / 合计 under another header is that header's total (`subtotal_key`). Every table beyond
/// the nine reads its columns with these.
const BY_SOURCE: &[ColumnRule] = &[
    rule("personnel", &["人员经费", "人员支出", "人员类"]),
    rule("public_expense", &["公用经费", "公用支出"]),
    rule("basic", &["基本支出"]),
    rule("project", &["项目支出", "专项业务经费"]),
    rule("general", &["一般公共预算"]),
    rule("gov_fund", &["政府性基金"]),
    rule("state_capital", &["国有资本经营", "资本经营"]),
    rule("special_account", &["财政专户"]),
    rule("business", &["事业收入"]),
    rule("operating", &["经营收入"]),
    rule("superior_subsidy", &["上级补助"]),
    rule("affiliated_remit", &["附属单位上缴"]),
    rule("carryover", &["上年结转", "上年结余"]),
    rule("other", &["其他资金", "其他收入"]),
    rule("unit_funds", &["单位资金"]),
    rule("fiscal", &["财政拨款"]),
    rule("goods", &["货物"]),
    rule("works", &["工程"]),
    rule("services", &["服务"]),
    rule(
        "total",
        &[
            "合计",
            "总计",
            "小计",
            "金额",
            "预算数",
            "决算数",
            "机关运行经费",
        ],
    ),
];

/// A 绩效目标表's money columns (its targets and indicators are words: [`ColumnRole::Text`]).
const PERFORMANCE: &[ColumnRule] = &[
    rule("annual_fiscal", &["当年财政拨款"]),
    rule("annual_total", &["年度资金", "年度预算资金"]),
    rule("fiscal", &["财政资金", "财政拨款"]),
    rule("other", &["其他资金"]),
    rule("carryover", &["上年结转"]),
    // 部门整体支出绩效目标表 (长沙): the year's money by source (按收入性质分)
    rule("general", &["一般公共预算"]),
    rule("gov_fund", &["政府性基金"]),
    rule("state_capital", &["国有资本经营", "资本经营"]),
    rule("special_account", &["财政专户"]),
    rule("unit_funds", &["单位资金"]),
    // 部门整体支出绩效目标表: the unit's money by purpose, under its source (财政拨款 / 基本支出)
    rule("basic", &["基本支出"]),
    rule("project", &["项目支出"]),
    rule(
        "total",
        &[
            "资金总额",
            "项目总额",
            "支出总额",
            "预算数",
            "项目金额",
            "金额",
            "合计",
            "总计",
        ],
    ),
];

/// Header words of a column of words (a 绩效目标表's targets and indicators, a 备注): they name
/// no amount.
const TEXT_HEADER_WORDS: &[&str] = &[
    "绩效",
    "指标",
    "备注",
    "度量单位",
    "计量单位",
    "实施单位",
    "评分",
    "扣分",
    "性质",
    "日期",
    // 会议费 / 培训费明细表: when, how many people
    "时间",
    "人数",
];

/// The headers of `span` columns read as one word (`财政拨款收上级补助收`): the word cut where
/// each of `span` rules of the table begins, when exactly `span` rules match at places that do
/// not overlap (`财政拨款收`, `上级补助收`); `None` otherwise.
pub(crate) fn merged_headers(
    table: TableKey,
    side: Option<Side>,
    text: &str,
    span: usize,
) -> Option<Vec<String>> {
    let mut starts: Vec<(usize, usize)> = column_rules(table, side)
        .iter()
        .filter_map(|r| {
            r.any
                .iter()
                .filter_map(|a| text.find(a).map(|i| (i, i + a.len())))
                .min()
        })
        .collect();
    starts.sort_unstable();
    starts.dedup();
    // (a rule's word inside another's is one header)
    let apart = starts.windows(2).all(|w| w[0].1 <= w[1].0);
    if starts.len() != span || !apart {
        return None;
    }
    let mut cuts: Vec<usize> = starts.iter().map(|s| s.0).collect();
    cuts[0] = 0;
    cuts.push(text.len());
    Some(
        cuts.windows(2)
            .map(|w| text[w[0]..w[1]].to_string())
            .collect(),
    )
}

/// Is column `part` of `table` one of those that column `whole` sums (公务用车购置费 of
/// 公务用车, the same figure)? A header naming both (`公务用车购置费`: 公务用车 | 购置费) names the
/// part.
pub(crate) fn is_part_of(table: TableKey, whole: &str, part: &str) -> bool {
    if table != TableKey::ThreePublic {
        return false;
    }
    THREE_PUBLIC_FIGURES.iter().any(|fig| {
        let (Some(w), Some(p)) = (whole.strip_prefix(fig), part.strip_prefix(fig)) else {
            return false;
        };
        THREE_PUBLIC_SUMS
            .iter()
            .any(|(sum, parts)| *sum == w && parts.contains(&p))
    })
}

/// Column rules for a table, per side (`None` for one-sided tables).
pub fn column_rules(table: TableKey, side: Option<Side>) -> &'static [ColumnRule] {
    match (table, side) {
        (TableKey::Summary, Some(Side::Expenditure)) => SUMMARY_EXPENDITURE,
        (TableKey::Summary, _) => SUMMARY_INCOME,
        (TableKey::FiscalSummary, Some(Side::Expenditure)) => FISCAL_EXPENDITURE,
        (TableKey::FiscalSummary, _) => FISCAL_INCOME,
        (TableKey::Income, _) => INCOME,
        (TableKey::Expenditure, _) => EXPENDITURE,
        (TableKey::GeneralExpenditure, _) => GENERAL_EXPENDITURE,
        (TableKey::GeneralBasic, _) => GENERAL_BASIC,
        (TableKey::GovFund | TableKey::StateCapital, _) => FUND,
        (TableKey::ThreePublic, _) => THREE_PUBLIC_ITEMS,
        (TableKey::Performance, _) => PERFORMANCE,
        _ => BY_SOURCE,
    }
}

/// The column keys of each table in the order the templates print them, left to right: the
/// order of the columns of `tables/<table>.csv` (a key the registry has beyond these follows in
/// the registry's order). `three_public` has its own order, by figure and item.
pub fn printed_order(table: TableKey) -> &'static [&'static str] {
    match table {
        TableKey::Summary => &["amount", "personnel", "public_expense", "project"],
        TableKey::Income => &[
            "total",
            "fiscal",
            "general",
            "gov_fund",
            "state_capital",
            "fiscal_funding",
            "fiscal_special_account",
            "superior_subsidy",
            "business",
            "education_fees",
            "operating",
            "affiliated_remit",
            "other",
            "unit_funds",
            "carryover",
            "non_fiscal_balance",
            "current_income",
        ],
        TableKey::Expenditure => &[
            "total",
            "basic",
            "personnel",
            "public_expense",
            "project",
            "remit_superior",
            "operating",
            "subsidy_affiliated",
            "reserve",
            "carry_forward",
            "procurement",
            "procurement_sme",
            "procurement_small_micro",
        ],
        TableKey::FiscalSummary => &["amount", "total", "general", "gov_fund", "state_capital"],
        TableKey::GeneralExpenditure => {
            &["total", "basic", "personnel", "public_expense", "project"]
        }
        TableKey::GeneralBasic => &["amount", "personnel", "public_expense"],
        TableKey::GovFund | TableKey::StateCapital => &[
            "opening_balance",
            "income",
            "total",
            "basic",
            "project",
            "closing_balance",
        ],
        TableKey::ThreePublic => &[],
        TableKey::Performance => &[
            "total",
            "fiscal",
            "other",
            "carryover",
            "annual_total",
            "annual_fiscal",
            "general",
            "gov_fund",
            "state_capital",
            "special_account",
            "unit_funds",
            "basic",
            "project",
        ],
        _ => &[
            "total",
            "basic",
            "personnel",
            "public_expense",
            "project",
            "fiscal",
            "general",
            "gov_fund",
            "state_capital",
            "special_account",
            "unit_funds",
            "business",
            "operating",
            "superior_subsidy",
            "affiliated_remit",
            "other",
            "carryover",
            "goods",
            "works",
            "services",
        ],
    }
}

/// The key of a 小计 / 合计 column (the last of `path`): that of its nearest header above that
/// names a column other than the total (基本支出 / 小计 → `basic`, 财政拨款 / 合计 → `fiscal`).
fn subtotal_key(rules: &[ColumnRule], path: &[String]) -> Option<&'static str> {
    path.iter().rev().skip(1).find_map(|p| {
        rules
            .iter()
            .find(|r| !matches!(r.key, "total" | "amount") && matches(r, p))
            .map(|r| r.key)
    })
}

/// Headers that say only "the amount" (`预算`, the column of a 收支总表 side): the table's
/// generic amount column (`amount` or `total`). Whole headers: 预算 inside a header names a
/// source (一般公共预算).
const PLAIN_AMOUNT_HEADERS: &[&str] = &[
    "预算",
    "决算",
    "金额",
    "预算金额",
    "金额（万元）",
    "金额(万元)",
];

/// The 三公 item a row label names, where the table is printed as a list of items (`（一）因公出国
/// （境）支出` → `abroad`, `“三公”经费` → `total`).
pub(crate) fn three_public_item(label: &str) -> Option<&'static str> {
    if label.contains("三公") {
        return Some("total");
    }
    THREE_PUBLIC_ITEMS
        .iter()
        .find(|r| r.key != "total" && matches(r, label))
        .map(|r| r.key)
}

/// Is `text` word for word a header the column registry knows, of any table and side (`总计`,
/// `基本支出`, `人员经费`), or a label column's (`科目名称`)?
pub(crate) fn is_header_word(text: &str) -> bool {
    static WORDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| {
        let mut words: Vec<&'static str> = TableKey::ALL
            .iter()
            .flat_map(|&key| {
                [None, Some(Side::Income), Some(Side::Expenditure)]
                    .into_iter()
                    .flat_map(move |side| column_rules(key, side).iter())
            })
            .flat_map(|r| r.any.iter().copied())
            .collect();
        words.sort_unstable();
        words.dedup();
        words
    });
    words.binary_search(&text).is_ok() || label_role(text).is_some()
}

/// `小计` / `合计`: a header that totals the one above it.
fn is_subtotal(t: &str) -> bool {
    matches!(t, "小计" | "合计")
}

/// Does header `text` name two columns or more, their headers read as one (`经营收入上缴收入
/// 其他收入`: OCR ran three headers together)? The words of two keys are in it, and the word a
/// column's name ends with ([`COLUMN_NOUNS`]) twice (`一般公共预算财政拨款收入` names one).
pub(crate) fn names_several_columns(table: TableKey, side: Option<Side>, text: &str) -> bool {
    let mut keys: Vec<&str> = column_rules(table, side)
        .iter()
        .filter(|r| matches(r, text))
        .map(|r| r.key)
        .collect();
    keys.dedup();
    keys.len() >= 2 && COLUMN_NOUNS.iter().any(|n| text.matches(n).count() >= 2)
}

/// The words the name of an income or expenditure column ends with.
const COLUMN_NOUNS: [&str; 2] = ["收入", "支出"];

fn matches(rule: &ColumnRule, text: &str) -> bool {
    rule.any.iter().any(|k| text.contains(k)) && !rule.none.iter().any(|k| text.contains(k))
}

/// The longest header naming a label column by its last word (`功能分类科目`): a longer cell
/// ending in 科目 is a caption, not a column header.
const LABEL_HEADER_CHARS: usize = 16;

/// Label roles of a header leaf: code, name, line number.
pub(crate) fn label_role(leaf: &str) -> Option<ColumnRole> {
    let l = leaf;
    if l.contains("行次") || l == "栏次" || l == "序号" {
        return Some(ColumnRole::LineNo);
    }
    if l.contains("编码") || l.contains("代码") || matches!(l, "类" | "款" | "项" | "科目")
    {
        return Some(ColumnRole::Code);
    }
    if l.contains("名称")
        || l == "项目"
        || l.starts_with("项目(")
        || l.starts_with("项目（")
        || l == "项 目"
        || l == "科目"
        // 预算单位: the unit a row of a table by unit belongs to; 年度: the year a row is of
        || l == "预算单位"
        || l == "年度"
        // 一级 | 二级 | 三级: the levels of a catalogue (政府购买服务 指导性目录)
        || matches!(l, "一级" | "二级" | "三级")
        // 功能科目, 部门支出经济分类科目, 支出功能分类科目（按大类）: a classification's name
        || ((without_qualifier(l).ends_with("科目") || without_qualifier(l).ends_with("类别"))
            && l.chars().count() <= LABEL_HEADER_CHARS)
    {
        return Some(ColumnRole::Name);
    }
    if is_text_header(l) {
        return Some(ColumnRole::Text);
    }
    None
}

/// Does a header cell name a column of words (指标, 备注, 实施单位 …), not an amount?
pub(crate) fn is_text_header(t: &str) -> bool {
    TEXT_HEADER_WORDS.iter().any(|w| t.contains(w))
}

/// Resolves a value column from its header cells (top to bottom, label-spanning cells removed).
pub(crate) fn value_column(table: TableKey, side: Option<Side>, path: &[String]) -> Option<String> {
    value_column_in(table, side, path, None)
}

/// [`value_column`] in a report of fiscal year `year`.
pub(crate) fn value_column_in(
    table: TableKey,
    side: Option<Side>,
    path: &[String],
    year: Option<i32>,
) -> Option<String> {
    let rules = column_rules(table, side);
    if table == TableKey::ThreePublic {
        // 预算数 / 决算数 may sit above or below the item: they are a qualifier, not the item
        let joined: String = path.concat();
        // (a header that names neither is a budget's: 预算数 is often left out)
        let figure = three_public_figure(&joined).unwrap_or(THREE_PUBLIC_FIGURES[0]);
        let prefix = format!("{}{figure}", year_qualifier(&joined, year));
        let items: Vec<&String> = path
            .iter()
            .filter(|t| !matches!(t.as_str(), "预算数" | "决算数" | "预算" | "决算"))
            .collect();
        // the lowest item that names a column; a header wrapped over two cells (因公出 / 国(境)费)
        // is also read joined
        let joined_pairs: Vec<String> = items
            .windows(2)
            .rev()
            .map(|w| format!("{}{}", w[0], w[1]))
            .collect();
        let candidates = items
            .iter()
            .rev()
            .map(|t| t.as_str())
            .chain(joined_pairs.iter().map(|s| s.as_str()));
        for t in candidates {
            // a 小计 is the total of the item above it (公务用车 … / 小计), or of the table
            if is_subtotal(t) {
                let parent = items.iter().rev().skip(1).find_map(|p| {
                    rules
                        .iter()
                        .find(|r| !is_subtotal(p) && matches(r, p))
                        .map(|r| r.key)
                });
                return Some(format!("{prefix}{}", parent.unwrap_or("total")));
            }
            if let Some(r) = rules.iter().find(|r| matches(r, t)) {
                if r.key == "agency_operating" {
                    return Some("budget_agency_operating".into());
                }
                return Some(format!("{prefix}{}", r.key));
            }
        }
        return source_column(path);
    }
    let leaf = path.last()?;
    if is_subtotal(leaf) {
        if let Some(k) = subtotal_key(rules, path).filter(|_| path.len() > 1) {
            return Some(k.to_string());
        }
    }
    if let Some(r) = rules.iter().find(|r| matches(r, leaf)) {
        let prefix =
            carried_over(table, path, r.key).or_else(|| funded_by(table, rules, path, r.key));
        return Some(format!("{}{}", prefix.unwrap_or_default(), r.key));
    }
    // (a part printed under its column, `项目支出 / 其中：基本建设资金支出`, is not that column)
    if leaf.starts_with("其中") {
        return None;
    }
    let joined: String = path.concat();
    if let Some(r) = rules.iter().find(|r| matches(r, &joined)) {
        return Some(r.key.to_string());
    }
    if PLAIN_AMOUNT_HEADERS.contains(&leaf.as_str()) {
        let generic = rules.iter().find(|r| matches!(r.key, "amount" | "total"));
        return generic.map(|r| r.key.to_string());
    }
    None
}

/// The prefix of an income column printed under a group of money carried over from the year
/// before (`上年结转结余 / 一般公共预算资金` → `carryover_general`, apart from this year's
/// `general`); nothing for other columns.
fn carried_over(table: TableKey, path: &[String], key: &str) -> Option<&'static str> {
    let under_carryover = path.iter().rev().skip(1).any(|p| p.contains("上年结转"));
    (table == TableKey::Income && under_carryover && !matches!(key, "carryover" | "total"))
        .then_some("carryover_")
}

/// The prefix of a 绩效目标表's purpose column printed under its source of money (`财政拨款 /
/// 基本支出` → `fiscal_basic`, apart from `其他资金 / 基本支出` → `other_basic`); nothing for
/// other columns.
fn funded_by(
    table: TableKey,
    rules: &[ColumnRule],
    path: &[String],
    key: &str,
) -> Option<&'static str> {
    if table != TableKey::Performance || !matches!(key, "basic" | "project") {
        return None;
    }
    let source = path.iter().rev().skip(1).find_map(|p| {
        rules
            .iter()
            .find(|r| matches!(r.key, "fiscal" | "other") && matches(r, p))
    })?;
    Some(if source.key == "fiscal" {
        "fiscal_"
    } else {
        "other_"
    })
}

/// The prefix of a 三公 column that names a source of money (一般公共预算, 政府性基金 …), not an
/// item: such columns exist only where the items are printed down the rows, and their amounts
/// go to `three_public_by_source` under the source's key.
pub(crate) const SOURCE_COLUMN_PREFIX: &str = "source:";

/// The sources of money a column of a 三公 list may name.
const THREE_PUBLIC_SOURCES: &[&str] = &[
    "general",
    "gov_fund",
    "state_capital",
    "fiscal",
    "special_account",
    "other",
    "unit_funds",
];

/// [`SOURCE_COLUMN_PREFIX`] and the source a 三公 column's lowest header names.
fn source_column(path: &[String]) -> Option<String> {
    let leaf = path.last()?;
    BY_SOURCE
        .iter()
        .filter(|r| THREE_PUBLIC_SOURCES.contains(&r.key))
        .find(|r| matches(r, leaf))
        .map(|r| format!("{SOURCE_COLUMN_PREFIX}{}", r.key))
}

/// The column key a list's row names (江苏's 收入预算总表 prints its sources down the rows:
/// `一般公共预算资金 / 小计` → `general`), by the table's column rules.
pub(crate) fn list_item_key(table: TableKey, label: &str) -> Option<&'static str> {
    column_rules(table, None)
        .iter()
        .find(|r| matches(r, label))
        .map(|r| r.key)
}

/// `s` without its whitespace (lines are matched with their spaces, which producers set at will,
/// taken out). Copies the runs between whitespace, not char by char.
pub(crate) fn squeeze(s: &str) -> String {
    let b = s.as_bytes();
    let mut t = String::with_capacity(s.len());
    // `kept..i`: the run of text since the last whitespace char; `i` moves a char at a time
    let (mut kept, mut i) = (0, 0);
    while i < b.len() {
        let (width, space) = match b[i] {
            b'\t'..=b'\r' | b' ' => (1, true),
            // the lead bytes of every other whitespace char (U+0085, U+00A0, U+1680,
            // U+2000-U+205F, U+3000)
            0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                let c = s[i..].chars().next().unwrap_or_default();
                (c.len_utf8(), c.is_whitespace())
            }
            // any other char: its width from its lead byte (CJK text: three bytes a step)
            0..=0x7F => (1, false),
            0xC0..=0xDF => (2, false),
            0xE0..=0xEF => (3, false),
            _ => (4, false),
        };
        if space {
            t.push_str(&s[kept..i]);
            kept = i + width;
        }
        i += width;
    }
    t.push_str(&s[kept..]);
    t
}

/// Removes leading enumerators such as `一、`, `（一）`, `1.`, `1、`, `二十六、` and `其中：`.
pub fn strip_enumerator(s: &str) -> &str {
    // every enumerator starts with one of these (most lines with none: they are left as they
    // are without looking further)
    let may_start =
        |c: char| is_cn_numeral(c) || c.is_ascii_digit() || matches!(c, '(' | '（' | '其');
    let mut t = s.trim_start();
    for _ in 0..3 {
        if !t.starts_with(may_start) {
            break;
        }
        let before = t;
        // Chinese numerals followed by 、 or ．
        let rest = &t[cn_numerals_len(t)..];
        if rest.len() < t.len() {
            if let Some(r) = rest.strip_prefix('、').or_else(|| rest.strip_prefix('．')) {
                t = r;
            }
        }
        // (一) （一） (1) （1）
        for (open, close) in [('(', ')'), ('（', '）')] {
            if let Some(r) = t.strip_prefix(open) {
                if let Some(end) = r.find(close) {
                    let inner = &r[..end];
                    if !inner.is_empty()
                        && inner.chars().all(|c| c.is_ascii_digit() || is_cn_digit(c))
                    {
                        t = &r[end + close.len_utf8()..];
                    }
                }
            }
        }
        // 1. 1、 1．
        let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
        if digits > 0 && digits <= 2 {
            let rest = &t[digits..];
            let after = rest
                .strip_prefix('、')
                .or_else(|| rest.strip_prefix('．'))
                .or_else(|| {
                    rest.strip_prefix('.')
                        .filter(|r| !r.starts_with(|c: char| c.is_ascii_digit()))
                });
            if let Some(r) = after {
                t = r;
            }
        }
        if let Some(r) = t.strip_prefix("其中：").or_else(|| t.strip_prefix("其中:")) {
            t = r;
        }
        t = t.trim_start();
        if t == before {
            break;
        }
    }
    t
}

/// The length in bytes of the Chinese numerals `s` starts with (`二十六` of `二十六、…`).
fn cn_numerals_len(s: &str) -> usize {
    s.find(|c: char| !is_cn_numeral(c)).unwrap_or(s.len())
}

/// `一、…`, `二十六、…`, `一百、…`: a line that starts with a top-level Chinese enumerator (a
/// heading of the text, or a row of a summary table that is not a sub-row).
pub(crate) fn starts_with_cn_enumerator(s: &str) -> bool {
    let n = cn_numerals_len(s);
    n > 0 && s[n..].starts_with('、')
}

/// 一 to 十: the numerals of `（二）`.
pub(crate) fn is_cn_digit(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// The numerals of `一、`, `二十六、`, `一百、`.
fn is_cn_numeral(c: char) -> bool {
    is_cn_digit(c) || c == '百'
}

/// The money units a table prints, longest first (`万元` before its `元`).
const MONEY_UNITS: [&str; 3] = ["万元", "千元", "元"];

/// A money unit line: `单位：万元`, `金额单位：元`, `单位:万元`.
pub(crate) fn unit_of(line: &str) -> Option<&'static str> {
    let t = squeeze(line);
    // `单位：长沙市大数据中心 2023年度 单位：万元` on one line: every 单位 is tried
    t.match_indices("单位").find_map(|(i, _)| {
        let rest = t[i + "单位".len()..].trim_start_matches([':', '：']);
        MONEY_UNITS.into_iter().find(|u| rest.starts_with(u))
    })
}

/// A money unit in brackets inside a header or label: `（万元）`, `(元)`, `（单位：万元）`,
/// `资金金额 (万元)`.
pub(crate) fn bracketed_unit(text: &str) -> Option<&'static str> {
    if !text.contains(['（', '(']) {
        return None;
    }
    let t = squeeze(text);
    t.match_indices(['（', '(']).find_map(|(i, open)| {
        let rest = &t[i + open.len()..];
        let rest = rest
            .strip_prefix("单位")
            .map_or(rest, |r| r.trim_start_matches([':', '：']));
        MONEY_UNITS.into_iter().find(|u| {
            rest.strip_prefix(u)
                .is_some_and(|r| r.starts_with(['）', ')']))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A title OCR read with its leading `一` lost is still the 一般公共预算 table, not the looser
    /// 财政拨款支出决算表; a title without the `表` no rule of which asks for one is not matched.
    #[test]
    fn a_title_read_by_ocr_may_lose_a_character_of_a_long_keyword() {
        let lost = "般公共预算财政拨款支出决算表";
        assert_eq!(classify_title(lost), Some(TableKey::FiscalExpenditure));
        assert_eq!(classify_ocr_title(lost), Some(TableKey::GeneralExpenditure));
        assert_eq!(
            classify_ocr_title("一般公共预算财政拨款基本支出决算明细表"),
            classify_title("一般公共预算财政拨款基本支出决算明细表")
        );
        assert_eq!(classify_ocr_title("收入决算"), None, "表 is not lost");
        assert_eq!(
            classify_ocr_title("一般公共预算财政拨款基本支出决算明细"),
            Some(TableKey::GeneralBasic),
            "a long title may lose its 表"
        );
        assert_eq!(classify_title("一般公共预算财政拨款基本支出决算明细"), None);
    }

    /// Seed 37's scanned 收入决算表 read the headers 事业收入 … 其他收入 as one cell; its
    /// amounts were keyed by the first word found (经营收入).
    #[test]
    fn a_header_of_several_column_names_names_no_one_column() {
        let income = |t| names_several_columns(TableKey::Income, None, t);
        assert!(income("收入”经营收入上缴收入“其他收入"));
        assert!(!income("一般公共预算财政拨款收入"));
        assert!(!income("本年收入合计"));
        assert!(!income("经营收入"));
        let spent = |t| names_several_columns(TableKey::Expenditure, None, t);
        assert!(spent("基本支出项目支出"));
        assert!(!spent("支出合计"));
    }

    /// A scanned real 上海 预算's “三公”经费和机关运行经费预算表, whose `“三公”` OCR read as
    /// `EL`: its title names the 机关运行经费 table, its header the 三公 items.
    #[test]
    fn a_title_naming_another_table_than_its_header_is_keyed_by_the_header() {
        let title = "2026年部门EL经费和机关运行经费预算表";
        assert_eq!(classify_ocr_title(title), Some(TableKey::AgencyOperating));
        let header = [
            "三公”经费预算数",
            "合计",
            "因公出国(瞳)费",
            "公务接待费",
            "公务用车购置及运行费",
        ];
        assert_eq!(
            rekeyed_by_header(TableKey::AgencyOperating, header.iter().copied()),
            TableKey::ThreePublic
        );
        let own = ["项目", "机关运行经费预算数", "公务接待费"];
        assert_eq!(
            rekeyed_by_header(TableKey::AgencyOperating, own.iter().copied()),
            TableKey::AgencyOperating,
            "one 三公 item is not enough"
        );
        assert_eq!(
            rekeyed_by_header(TableKey::Income, header.iter().copied()),
            TableKey::Income
        );
    }

    /// A generated 决算 scanned: `财政拨款“三公”经费支出决算表` read as `财政拨款二人经费支出决算表`
    /// names the 财政拨款支出决算表; its header names the 三公 items.
    #[test]
    fn a_fiscal_expenditure_title_over_the_three_public_items_is_the_three_public_table() {
        let title = "财政拨款二人经费支出决算表";
        assert_eq!(classify_ocr_title(title), Some(TableKey::FiscalExpenditure));
        let header = [
            "合计",
            "因公出国(境)费",
            "公务用车购置及运行维护费",
            "公务接待费",
        ];
        assert_eq!(
            rekeyed_by_header(TableKey::FiscalExpenditure, header.iter().copied()),
            TableKey::ThreePublic
        );
        let own = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"];
        assert_eq!(
            rekeyed_by_header(TableKey::FiscalExpenditure, own.iter().copied()),
            TableKey::FiscalExpenditure
        );
    }

    /// A title OCR read with `支` as `文` (a scan of a real 上海 单位预算: `…一般公共预算文出功能
    /// 分类预算表`) is the 一般公共预算 支出 table, not left unknown; as printed it is no title
    /// of a known table.
    #[test]
    fn a_title_read_by_ocr_may_confuse_a_stroke() {
        let misread = "2025年预算单位一般公共预算文出功能分类预算表";
        assert_eq!(classify_title(misread), None);
        assert_eq!(
            classify_ocr_title(misread),
            Some(TableKey::GeneralExpenditure)
        );
        assert!(holds_confused("国防文出", "支出") && !holds_confused("文化支", "支出"));
        assert!(!holds_confused("支", "支出"));
    }

    /// A title OCR read with `一般` as one character (`股公共预算…`, a scanned 决算 of seed 37)
    /// is still the 一般公共预算 table; the table-type words are not matched loosely
    /// (`收入预算总表` is no 收支预算总表, one character apart).
    #[test]
    fn a_title_read_by_ocr_may_garble_two_characters_of_its_subject() {
        let garbled = "股公共预算财政拨款支出决算表";
        assert_eq!(classify_title(garbled), Some(TableKey::FiscalExpenditure));
        assert_eq!(
            classify_ocr_title(garbled),
            Some(TableKey::GeneralExpenditure)
        );
        assert_eq!(
            classify_ocr_title("国有资木径营预算财政拨款支出决算表"),
            Some(TableKey::StateCapital)
        );
        assert_eq!(classify_ocr_title("收入预算总表"), Some(TableKey::Income));
        assert_eq!(
            classify_ocr_title("财政拨款支出决算表"),
            Some(TableKey::FiscalExpenditure)
        );
        assert_eq!(
            classify_ocr_title("政府性基金预算财政拨款支出决算表"),
            Some(TableKey::GovFund)
        );
        assert_eq!(
            classify_ocr_title("政府采购服务情况表"),
            Some(TableKey::Procurement)
        );
        assert!(stands_apart("一般公共预算") && !stands_apart("政府购买服务"));
        assert!(loose_subjects().contains(&"国有资本经营"));
        assert!(!loose_subjects().contains(&"政府购买服务"));
        assert!(within_edits("股公共预算", "一般公共预算", 2));
        assert!(!within_edits("公共财政", "一般公共预算", 2));
        assert!(within_edits("", "ab", 2) && !within_edits("", "abc", 2));
    }

    /// Every table's printed order lists each column key its registry has, once, and no other.
    #[test]
    fn the_printed_order_lists_every_column_key_of_the_registry() {
        for &key in TableKey::ALL
            .iter()
            .filter(|k| **k != TableKey::ThreePublic)
        {
            let order = printed_order(key);
            let mut registry: Vec<&str> = [None, Some(Side::Income), Some(Side::Expenditure)]
                .into_iter()
                .flat_map(|side| column_rules(key, side).iter().map(|r| r.key))
                .collect();
            registry.sort_unstable();
            registry.dedup();
            let mut listed = order.to_vec();
            listed.sort_unstable();
            assert_eq!(listed.len(), order.len(), "{key}: a key listed twice");
            assert_eq!(listed, registry, "{key}");
        }
    }

    #[test]
    fn squeeze_removes_exactly_the_whitespace_chars() {
        let filtered = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
        let spaces: Vec<char> = (0..=0x3000u32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        assert!(spaces.contains(&'\u{3000}') && spaces.contains(&'\u{85}'));
        // every whitespace char, between and around CJK text, digits and the non-space chars
        // that share their lead bytes (、。 after 0xE3, — after 0xE2, ¥ after 0xC2)
        let mut cases = vec![String::new(), " ".into(), "一般公共预算".into()];
        for &w in &spaces {
            cases.push(format!("{w}合计{w}12,175.60{w}"));
            cases.push(format!("、{w}。—¥{w}{w}a\u{1680}b"));
            // chars of every width (2: é ¥, 3: 一 ￥, 4: 𠀀 🙂) next to the whitespace char
            cases.push(format!("é{w}𠀀{w}🙂一{w}￥{w}\u{7f}{w}"));
        }
        cases.push("（一）　基本支出\t 2101101\r\n".into());
        for c in cases {
            assert_eq!(squeeze(&c), filtered(&c), "{c:?}");
        }
    }

    fn path(p: &[&str]) -> Vec<String> {
        p.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn titles_by_keywords_not_position() {
        let cases = [
            ("收入支出决算总表", Some(TableKey::Summary)),
            ("2026年部门财务收支预算总表", Some(TableKey::Summary)),
            ("2025年预算单位财务收支预算总表", Some(TableKey::Summary)),
            ("收入决算表", Some(TableKey::Income)),
            ("2026年部门收入预算总表", Some(TableKey::Income)),
            ("支出决算表", Some(TableKey::Expenditure)),
            ("2026年部门支出预算总表", Some(TableKey::Expenditure)),
            ("财政拨款收入支出决算总表", Some(TableKey::FiscalSummary)),
            (
                "2026年部门财政拨款收支预算总表",
                Some(TableKey::FiscalSummary),
            ),
            (
                "一般公共预算财政拨款支出决算表",
                Some(TableKey::GeneralExpenditure),
            ),
            (
                "2026年部门一般公共预算支出功能分类预算表",
                Some(TableKey::GeneralExpenditure),
            ),
            (
                "一般公共预算财政拨款基本支出决算明细表",
                Some(TableKey::GeneralBasic),
            ),
            (
                "2026年部门一般公共预算基本支出部门预算经济分类预算表",
                Some(TableKey::GeneralBasic),
            ),
            (
                "政府性基金预算财政拨款收入支出决算表",
                Some(TableKey::GovFund),
            ),
            (
                "国有资本经营预算财政拨款支出决算表",
                Some(TableKey::StateCapital),
            ),
            ("财政拨款“三公”经费支出决算表", Some(TableKey::ThreePublic)),
            (
                "2026年部门“三公”经费和机关运行经费预算表",
                Some(TableKey::ThreePublic),
            ),
            ("2025年部门收支总体情况表", Some(TableKey::Summary)),
            ("2025年部门收入总体情况表", Some(TableKey::Income)),
            ("2025年部门支出总体情况表", Some(TableKey::Expenditure)),
            (
                "2025年财政拨款收支总体情况表",
                Some(TableKey::FiscalSummary),
            ),
            (
                "2025年一般公共预算支出情况表",
                Some(TableKey::GeneralExpenditure),
            ),
            (
                "2025年一般公共预算基本支出情况表",
                Some(TableKey::GeneralBasic),
            ),
            ("2025年部门整体支出绩效目标表", Some(TableKey::Performance)),
            (
                "2026年部门项目支出预算表",
                Some(TableKey::ProjectExpenditure),
            ),
            (
                "财政拨款支出表（功能科目）",
                Some(TableKey::FiscalExpenditure),
            ),
            ("财政拨款基本支出预算表", Some(TableKey::FiscalBasic)),
            ("部门预算基本支出预算表", Some(TableKey::BasicExpenditure)),
            (
                "部门综合预算专项业务经费支出表",
                Some(TableKey::ProjectExpenditure),
            ),
            (
                "一般公共预算机关运行经费支出预算表",
                Some(TableKey::AgencyOperating),
            ),
            ("预算10表政府采购预算明细表", Some(TableKey::Procurement)),
            (
                "预算11表财政拨款政府购买服务明细表",
                Some(TableKey::PurchaseService),
            ),
            ("项目支出绩效目标表", Some(TableKey::Performance)),
            (
                "部门综合预算一般公共预算支出明细表（按支出经济分类科目）",
                Some(TableKey::GeneralExpenditureEconomic),
            ),
            (
                "部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）",
                Some(TableKey::GeneralBasicFunctional),
            ),
            (
                "部门综合预算一般公共预算基本支出明细表（按支出经济分类科目）",
                Some(TableKey::GeneralBasic),
            ),
            ("一、收入支出决算总体情况说明", None),
        ];
        for (t, want) in cases {
            assert_eq!(classify_title(t), want, "{t}");
        }
    }

    #[test]
    fn columns_by_header() {
        assert_eq!(
            value_column(TableKey::Expenditure, None, &path(&["本年支出合计"])).as_deref(),
            Some("total")
        );
        assert_eq!(
            value_column(
                TableKey::GeneralExpenditure,
                None,
                &path(&["本年支出", "基本支出"])
            )
            .as_deref(),
            Some("basic")
        );
        assert_eq!(
            value_column(TableKey::Income, None, &path(&["事业单位经营收入"])).as_deref(),
            Some("operating")
        );
        assert_eq!(
            value_column(TableKey::Income, None, &path(&["事业收入"])).as_deref(),
            Some("business")
        );
        assert_eq!(
            value_column(
                TableKey::Summary,
                Some(Side::Expenditure),
                &path(&["预算数", "基本支出", "人员经费"])
            )
            .as_deref(),
            Some("personnel")
        );
        // 长沙: 预算数 above the items; 上海: items above 预算数/决算数
        assert_eq!(
            value_column(
                TableKey::ThreePublic,
                None,
                &path(&["预算数", "公务用车购置及运行维护费", "小计"])
            )
            .as_deref(),
            Some("budget_vehicle")
        );
        assert_eq!(
            value_column(
                TableKey::ThreePublic,
                None,
                &path(&["公务用车购置及运行维护费", "公务用车运行维护费", "决算数"])
            )
            .as_deref(),
            Some("actual_vehicle_operation")
        );
        assert_eq!(
            value_column(
                TableKey::ThreePublic,
                None,
                &path(&["“三公”经费预算数", "公务用车购置及运行费", "购置费"])
            )
            .as_deref(),
            Some("budget_vehicle_purchase")
        );
        assert_eq!(
            value_column(TableKey::ThreePublic, None, &path(&["机关运行经费预算数"])).as_deref(),
            Some("budget_agency_operating")
        );
        // a header wrapped over two cells
        assert_eq!(
            value_column(
                TableKey::ThreePublic,
                None,
                &path(&["决算数", "因公出", "国(境)费"])
            )
            .as_deref(),
            Some("actual_abroad")
        );
        assert_eq!(
            value_column(TableKey::GovFund, None, &path(&["本年支出", "小计"])).as_deref(),
            Some("total")
        );
        assert_eq!(
            value_column(TableKey::GovFund, None, &path(&["年初结转和结余"])).as_deref(),
            Some("opening_balance")
        );
    }

    #[test]
    fn a_title_may_end_in_a_bracketed_qualifier_and_a_label_header_too() {
        assert!(is_title_like("财政拨款支出表（功能科目）"));
        assert!(is_title_like(
            "一般公共预算基本支出情况表（按经济分类科目）"
        ));
        assert!(is_title_like("收入决算表(续)"));
        assert!(!is_title_like(
            "本表反映部门收支情况（单位：万元，不含上年结转）"
        ));
        for h in [
            "功能科目",
            "部门支出经济分类科目",
            "支出功能分类科目（按大类）",
            "支出项目类别（资金使用单位）",
        ] {
            assert_eq!(label_role(h), Some(ColumnRole::Name), "{h}");
        }
        assert_eq!(label_role("科目编码"), Some(ColumnRole::Code));
        assert_eq!(label_role("二级"), Some(ColumnRole::Name));
        assert_eq!(label_role("二级指标"), Some(ColumnRole::Text));
        assert_eq!(
            value_column(
                TableKey::ThreePublic,
                None,
                &path(&["“三公”经费财政拨款预算总额"])
            )
            .as_deref(),
            Some("budget_total")
        );
    }

    #[test]
    fn a_subtotal_under_a_header_is_that_headers_and_a_plain_amount_the_tables() {
        let key = |t: TableKey, p: &[&str]| value_column(t, None, &path(p));
        assert_eq!(
            key(TableKey::GeneralExpenditure, &["基本支出", "小计"]).as_deref(),
            Some("basic")
        );
        assert_eq!(
            key(TableKey::GeneralExpenditure, &["基本支出", "人员经费"]).as_deref(),
            Some("personnel")
        );
        assert_eq!(
            key(TableKey::BasicExpenditure, &["财政拨款", "合计"]).as_deref(),
            Some("fiscal")
        );
        assert_eq!(
            key(TableKey::BasicExpenditure, &["财政拨款", "一般公共预算"]).as_deref(),
            Some("general")
        );
        assert_eq!(
            key(TableKey::BasicExpenditure, &["总计"]).as_deref(),
            Some("total")
        );
        assert_eq!(
            key(TableKey::GovFund, &["本年支出", "小计"]).as_deref(),
            Some("total")
        );
        assert_eq!(
            key(TableKey::Summary, &["收入", "预算"]).as_deref(),
            Some("amount")
        );
        // 预算 under a source is that source, not the plain amount
        assert_eq!(
            value_column(
                TableKey::FiscalSummary,
                Some(Side::Expenditure),
                &path(&["政府性基金", "预算"])
            )
            .as_deref(),
            Some("gov_fund")
        );
        assert_eq!(
            key(TableKey::Income, &["财政拨款", "一般公共预算"]).as_deref(),
            Some("general")
        );
    }

    #[test]
    fn a_three_public_column_of_another_year_is_the_prior_years() {
        let key = |p: &[&str]| value_column_in(TableKey::ThreePublic, None, &path(p), Some(2026));
        assert_eq!(
            key(&["2025年预算数", "合计"]).as_deref(),
            Some("prior_budget_total")
        );
        assert_eq!(
            key(&["2026年预算数", "合计"]).as_deref(),
            Some("budget_total")
        );
        assert_eq!(
            key(&["上年", "公务接待费"]).as_deref(),
            Some("prior_budget_reception")
        );
        assert_eq!(
            key(&["增减变化情况", "会议费"]).as_deref(),
            Some("change_budget_meeting")
        );
    }

    #[test]
    fn three_public_sums_name_its_columns() {
        for (total, parts) in THREE_PUBLIC_SUMS {
            for c in parts.iter().chain([&total]) {
                assert!(THREE_PUBLIC_COLUMNS.contains(c), "{c}");
            }
        }
        assert_eq!(three_public_figure("决算数"), Some("actual_"));
        assert_eq!(three_public_figure("支出预算"), Some("budget_"));
        assert_eq!(three_public_figure("上年"), None);
    }

    #[test]
    fn enumerators() {
        assert_eq!(
            strip_enumerator("一、一般公共预算财政拨款收入"),
            "一般公共预算财政拨款收入"
        );
        assert_eq!(
            strip_enumerator("二十六、抗疫特别国债安排的支出"),
            "抗疫特别国债安排的支出"
        );
        assert_eq!(strip_enumerator("1.一般公共预算"), "一般公共预算");
        assert_eq!(strip_enumerator("1、一般公共预算资金"), "一般公共预算资金");
        assert_eq!(strip_enumerator("（一）基本支出"), "基本支出");
        assert_eq!(strip_enumerator("其中：人员经费"), "人员经费");
        assert_eq!(strip_enumerator("一般公共服务支出"), "一般公共服务支出");
        // enumerators one after another (up to three), blanks between them
        assert_eq!(strip_enumerator("  （二） 1、其中:  差旅费"), "差旅费");
        assert_eq!(strip_enumerator("一百、(3)公用经费"), "公用经费");
        assert_eq!(strip_enumerator("(12)2．资本性支出"), "资本性支出");
        // what only looks like one stays
        assert_eq!(strip_enumerator("  基本支出 "), "基本支出 ");
        assert_eq!(strip_enumerator("2023年度"), "2023年度");
        assert_eq!(strip_enumerator("1.5万元"), "1.5万元");
        assert_eq!(strip_enumerator("(万元)"), "(万元)");
        assert_eq!(strip_enumerator("其他支出"), "其他支出");
        assert_eq!(strip_enumerator("百分比"), "百分比");
        assert_eq!(strip_enumerator("、一"), "、一");
        assert!(starts_with_cn_enumerator("二十六、抗疫特别国债安排的支出"));
        assert!(starts_with_cn_enumerator("一百、其他"));
        assert!(!starts_with_cn_enumerator("一般公共服务支出"));
        assert!(!starts_with_cn_enumerator("（一）基本支出"));
    }

    #[test]
    fn units() {
        assert_eq!(unit_of("单位：万元"), Some("万元"));
        assert_eq!(unit_of("金额单位: 元"), Some("元"));
        assert_eq!(unit_of("单位：长沙市大数据中心"), None);
        assert_eq!(
            unit_of("单位：长沙市大数据中心 2023年度 单位：万元"),
            Some("万元")
        );
    }

    /// A part printed under its column (`其中：…`) is not that column; 高等学校's 使用非财政拨款结余
    /// is not 财政拨款.
    #[test]
    fn parts_and_non_fiscal_reserves_are_not_their_neighbours_columns() {
        let path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let exp = |p: &[&str]| value_column(TableKey::Expenditure, None, &path(p));
        assert_eq!(
            exp(&["本年支出", "项目支出", "小计"]).as_deref(),
            Some("project")
        );
        assert_eq!(
            exp(&["本年支出", "项目支出", "其中：基本建设资金支出"]),
            None
        );
        let income = |p: &[&str]| value_column(TableKey::Income, None, &path(p));
        assert_eq!(
            income(&["使用非财政拨款结余"]).as_deref(),
            Some("non_fiscal_balance")
        );
        assert_eq!(income(&["财政拨款收入"]).as_deref(), Some("fiscal"));
    }

    /// 北京, 无锡 and 苏州 2026 print this year's income beside the total (`本年收入 / 小计`), and
    /// 深圳 2026 its carry-over as `上年结余、结转`: both were columns that mapped to no key
    /// (`column.unrecognised`), their amounts in `cells.csv` only.
    #[test]
    fn this_years_income_and_the_carry_over_have_keys() {
        let path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let income = |p: &[&str]| value_column(TableKey::Income, None, &path(p));
        assert_eq!(
            income(&["本年收入", "小计"]).as_deref(),
            Some("current_income")
        );
        assert_eq!(income(&["本年收入"]).as_deref(), Some("current_income"));
        assert_eq!(
            income(&["本年收入", "一般公共预算"]).as_deref(),
            Some("general")
        );
        assert_eq!(income(&["本年收入合计"]).as_deref(), Some("total"));
        assert_eq!(income(&["上年结余、结转"]).as_deref(), Some("carryover"));
    }

    /// 长沙 2025's 部门整体支出绩效目标表 prints the year's money by source under 按收入性质分: its
    /// 一般公共预算 column mapped to no key.
    #[test]
    fn a_performance_table_s_sources_have_keys() {
        let path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let perf = |p: &[&str]| value_column(TableKey::Performance, None, &path(p));
        assert_eq!(
            perf(&["年度预算申请", "按收入性质分", "一般公共预算"]).as_deref(),
            Some("general")
        );
        assert_eq!(
            perf(&["年度预算申请", "按支出性质分", "基本支出"]).as_deref(),
            Some("basic")
        );
        assert_eq!(
            perf(&["财政拨款", "基本支出"]).as_deref(),
            Some("fiscal_basic")
        );
    }

    /// A unit in brackets inside a header or a label, whatever the brackets and spaces.
    #[test]
    fn bracketed_units() {
        assert_eq!(bracketed_unit("资金金额 (万元)"), Some("万元"));
        assert_eq!(bracketed_unit("项目资金（万元）"), Some("万元"));
        assert_eq!(bracketed_unit("预算数（单位：万元）"), Some("万元"));
        assert_eq!(bracketed_unit("金额（元）"), Some("元"));
        assert_eq!(bracketed_unit("单价（元/人）"), None);
        assert_eq!(bracketed_unit("（万元以上）"), None);
        assert_eq!(bracketed_unit("实施单位"), None);
    }
}
