//! What OCR's reading of a scanned page cannot be trusted with. A classification code read by
//! OCR that extends no code of its table (`2401102` under `210` / `21011`: a `1` read as `4`)
//! names a row the report does not print: the row's facts are left out ("fewer facts, never
//! wrong ones") and the code is reported as a reading problem (`code.doubtful`, info).

use super::{Finding, RuleId};
use crate::reconcile::Fact;
use crate::schema::TableKey;
use std::collections::{BTreeMap, HashMap, HashSet};
use yjs_model::{BBox, Document};

/// The digits of a 类 code: the top level of the function and economic classifications, the
/// one level that extends no other.
const CLASS_DIGITS: usize = 3;

/// The digits a level adds to its parent's code (类 201 → 款 20101 → 项 2010101).
const LEVEL_DIGITS: usize = 2;

/// Rows sharing a parent code that place one another where the parent's own row was not read
/// (`30101`, `30102` … under a `301` OCR missed): one misread code rarely meets a second.
const MIN_SIBLINGS: usize = 2;

/// The longest classification code: a 项 (7 digits).
const MAX_CODE_DIGITS: usize = 7;

/// Leaves out of `facts` the rows of the core tables whose code, read by OCR (on a page of
/// `ocr`), is no code of the classification under the codes its table prints: a 类 of three
/// digits, or a 款 / 项 whose parent code the table (or another core table: a parent whose
/// amounts OCR lost) prints or that a sibling shares. One `code.doubtful` finding a row.
pub(crate) fn drop_unplaced_codes(ocr: &[u32], facts: &mut Vec<Fact>) -> Vec<Finding> {
    if ocr.is_empty() {
        return Vec::new();
    }
    let printed: HashSet<(TableKey, &str)> = facts
        .iter()
        .filter(|f| !f.row_code.is_empty())
        .map(|f| (f.table, f.row_code.as_str()))
        .collect();
    // (a parent row whose amounts OCR could not read is printed in the other tables)
    let in_core: HashSet<&str> = facts
        .iter()
        .filter(|f| TableKey::CORE.contains(&f.table))
        .map(|f| f.row_code.as_str())
        .collect();
    // how many of a table's rows have each parent code (a row's facts counted once)
    let mut siblings: std::collections::HashMap<(TableKey, &str), HashSet<usize>> =
        Default::default();
    for f in facts.iter().filter(|f| f.row_code.len() > CLASS_DIGITS) {
        let parent = &f.row_code[..f.row_code.len() - LEVEL_DIGITS];
        siblings
            .entry((f.table, parent))
            .or_default()
            .insert(f.row_seq);
    }
    // the first digit most of each table's codes begin with: the classification it prints
    let mut firsts: HashMap<TableKey, HashMap<u8, usize>> = HashMap::new();
    for f in facts.iter().filter(|f| !f.row_code.is_empty()) {
        *firsts
            .entry(f.table)
            .or_default()
            .entry(f.row_code.as_bytes()[0])
            .or_default() += 1;
    }
    let classification: HashMap<TableKey, u8> = firsts
        .into_iter()
        .filter_map(|(t, c)| Some((t, *c.iter().max_by_key(|(_, n)| **n)?.0)))
        .collect();
    let placed = |f: &Fact| {
        let code = f.row_code.as_str();
        let n = code.len();
        let parent = || (f.table, &code[..n - LEVEL_DIGITS]);
        (n == CLASS_DIGITS && classification.get(&f.table) == Some(&code.as_bytes()[0]))
            || (n > CLASS_DIGITS
                && n <= MAX_CODE_DIGITS
                && (n - CLASS_DIGITS).is_multiple_of(LEVEL_DIGITS)
                && (printed.contains(&parent())
                    || (TableKey::CORE.contains(&f.table) && in_core.contains(parent().1))
                    || siblings
                        .get(&parent())
                        .is_some_and(|s| s.len() >= MIN_SIBLINGS)))
    };
    let doubtful = rows_of(facts, |f| {
        ocr.contains(&f.page)
            && !f.row_code.is_empty()
            && TableKey::CORE.contains(&f.table)
            && !placed(f)
    });
    leave_out_rows(facts, doubtful, |f| {
        doubtful_code(
            f,
            "a code under one the table prints",
            "extends no code the table prints",
        )
    })
}

/// The `code.doubtful` finding of the row of `f`, whose code OCR read, left out: `expected`
/// what its code should be, `why` what is wrong with it.
fn doubtful_code(f: &Fact, expected: &str, why: &str) -> Finding {
    Finding::new(RuleId::CodeDoubtful)
        .table(f.table.as_str())
        .row(format!("{} {}", f.row_code, f.row_name))
        .compared("code", expected, &f.row_code)
        .message(format!(
            "code.doubtful: the code `{}` of `{}`, read by OCR, {why}; its row is left out",
            f.row_code, f.row_name
        ))
        .page(f.page)
}

/// Mends the rows of the core tables read by OCR (on a page of `ocr`) whose code another row of
/// the table prints under another name: a code OCR cut short among the items of its own 款
/// (`20402 信息化建设` below `2040202`, for `2040219`) or misread as another item's (`2040202
/// 特别业务`, for `2040221`). Of the rows sharing a code, those whose name the report's other
/// tables print with that code are right; where none is, those that break the order of the
/// codes (the row above has the same code, a later one, or extends it) are misread. A misread
/// row takes the one code the other tables print its name with, where the table prints no
/// other row with it (`ocr.repaired`); otherwise it is left out (`code.doubtful`).
pub(crate) fn mend_repeated_codes(ocr: &[u32], facts: &mut Vec<Fact>) -> Vec<Finding> {
    if ocr.is_empty() {
        return Vec::new();
    }
    let misread = misread_repeated_codes(ocr, facts);
    let mut out = Vec::new();
    let mut mended: HashMap<(TableKey, usize), String> = HashMap::new();
    let mut doubtful: HashSet<(TableKey, usize)> = HashSet::new();
    for &(table, row) in &misread {
        let Some(f) = facts.iter().find(|f| (f.table, f.row_seq) == (table, row)) else {
            continue;
        };
        match code_elsewhere(facts, f) {
            Some(code) => {
                let why = format!(
                    "is another row's; the report's other tables print `{}` with {code}",
                    f.row_name
                );
                out.push(mended_code(f, &code, &why));
                mended.insert((table, row), code);
            }
            None => {
                doubtful.insert((table, row));
            }
        }
    }
    set_codes(facts, &mended);
    out.extend(leave_out_rows(facts, doubtful, |f| {
        doubtful_code(f, "a code no other row prints", "is another row's")
    }));
    out
}

/// The lengths of a classification's codes: a 类, a 款, a 项.
const CODE_LENGTHS: [usize; 3] = [
    CLASS_DIGITS,
    CLASS_DIGITS + LEVEL_DIGITS,
    CLASS_DIGITS + 2 * LEVEL_DIGITS,
];

/// The most digits OCR loses of a code it reads short (`2` for 210, `2202` for 22102).
const MAX_LOST_CODE_DIGITS: usize = 2;

/// Is `read` a slip of OCR's for `code`: one digit read as another, or one or two digits lost
/// (the others kept in order)?
fn slip_of(read: &str, code: &str) -> bool {
    if read.len() == code.len() {
        return read
            .bytes()
            .zip(code.bytes())
            .filter(|(a, b)| a != b)
            .count()
            == 1;
    }
    let mut left = code.bytes();
    read.len() < code.len()
        && code.len() - read.len() <= MAX_LOST_CODE_DIGITS
        && read.bytes().all(|d| left.any(|c| c == d))
}

/// A row's name as compared across tables: its Chinese characters, which OCR garbles the
/// punctuation around (`办公厅《〈室)` for `办公厅（室）`) more than.
fn han_of(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_ascii() && c.is_alphabetic())
        .collect()
}

/// Mends the codes of the rows of the core tables read by OCR (on a page of `ocr`) that no
/// other core table prints, where the others print the row — its name and one of its amounts —
/// under one code that the read one is a slip of ([`slip_of`]) and that the row's table does
/// not print: `2010389` for 2010399, `2202` for 22102 (a 类 printed `22`), `2` for 210. The
/// same row printed in several tables pins the code: a read code of a code's length is mended
/// only to one that two tables or more print. One `ocr.repaired` finding a row.
pub(crate) fn mend_codes_by_other_tables(ocr: &[u32], facts: &mut [Fact]) -> Vec<Finding> {
    if ocr.is_empty() {
        return Vec::new();
    }
    let core = |f: &&Fact| TableKey::CORE.contains(&f.table) && !f.row_code.is_empty();
    let mut printed: HashMap<&str, HashSet<TableKey>> = HashMap::new();
    for f in facts.iter().filter(core) {
        printed.entry(&f.row_code).or_default().insert(f.table);
    }
    let elsewhere = |f: &Fact| printed[f.row_code.as_str()].iter().any(|t| *t != f.table);
    let in_table = |t: TableKey, code: &str| printed.get(code).is_some_and(|s| s.contains(&t));
    let mut mended: HashMap<(TableKey, usize), String> = HashMap::new();
    let mut seen: HashSet<(TableKey, usize)> = HashSet::new();
    let mut out = Vec::new();
    for f in facts.iter().filter(core) {
        let row = (f.table, f.row_seq);
        if !ocr.contains(&f.page) || !seen.insert(row) || elsewhere(f) {
            continue;
        }
        let (name, values) = (han_of(&f.row_name), row_values(facts, row));
        // (a code of a level's digits is mended only to one more tables print: of two tables
        // each printing the row under its own code, which one OCR misread is not known)
        let shaped = CODE_LENGTHS.contains(&f.row_code.len());
        let mut codes: Vec<&str> = facts
            .iter()
            .filter(core)
            .filter(|g| g.table != f.table && !in_table(f.table, &g.row_code))
            .filter(|g| !shaped || printed[g.row_code.as_str()].len() > 1)
            .filter(|g| slip_of(&f.row_code, &g.row_code) && values.contains(&g.value))
            .filter(|g| !name.is_empty() && han_of(&g.row_name) == name)
            .map(|g| g.row_code.as_str())
            .collect();
        codes.sort_unstable();
        codes.dedup();
        if let [code] = codes[..] {
            let why = format!(
                "is printed in no other table; they print the row, its name and amounts, with {code}"
            );
            out.push(mended_code(f, code, &why));
            mended.insert(row, code.to_string());
        }
    }
    set_codes(facts, &mended);
    out
}

/// The `ocr.repaired` finding of the row of `f`, whose code OCR read is mended to `code`:
/// `why` the read one is wrong and `code` right.
fn mended_code(f: &Fact, code: &str, why: &str) -> Finding {
    Finding::new(RuleId::OcrRepaired)
        .table(f.table.as_str())
        .row(f.row_name.as_str())
        .compared("code", code, &f.row_code)
        .message(format!(
            "ocr.repaired: the code `{}` of `{}`, read by OCR, {why}",
            f.row_code, f.row_name
        ))
        .page(f.page)
}

/// Gives each row (table, row) of `mended` its code there.
fn set_codes(facts: &mut [Fact], mended: &HashMap<(TableKey, usize), String>) {
    for f in facts.iter_mut() {
        if let Some(code) = mended.get(&(f.table, f.row_seq)) {
            f.row_code.clone_from(code);
        }
    }
}

/// The nonzero amounts of the row `row` (table, row) of `facts`.
fn row_values(facts: &[Fact], row: (TableKey, usize)) -> Vec<rust_decimal::Decimal> {
    facts
        .iter()
        .filter(|g| (g.table, g.row_seq) == row && !g.value.is_zero())
        .map(|g| g.value)
        .collect()
}

/// The rows (table, row) of [`mend_repeated_codes`] whose code is misread.
fn misread_repeated_codes(ocr: &[u32], facts: &[Fact]) -> Vec<(TableKey, usize)> {
    // each core table's coded rows, in order: row → (code, name)
    let mut coded: HashMap<TableKey, BTreeMap<usize, (&str, &str)>> = HashMap::new();
    for f in facts
        .iter()
        .filter(|f| !f.row_code.is_empty() && TableKey::CORE.contains(&f.table))
    {
        coded
            .entry(f.table)
            .or_default()
            .entry(f.row_seq)
            .or_insert((f.row_code.as_str(), f.row_name.as_str()));
    }
    // which tables print each (code, name), and the rows read by OCR: looked up once a row
    let mut tables_of: HashMap<(&str, &str), HashSet<TableKey>> = HashMap::new();
    for f in facts.iter().filter(|f| !f.row_code.is_empty()) {
        tables_of
            .entry((f.row_code.as_str(), f.row_name.as_str()))
            .or_default()
            .insert(f.table);
    }
    let printed_elsewhere = |table: TableKey, code: &str, name: &str| {
        tables_of
            .get(&(code, name))
            .is_some_and(|t| t.iter().any(|&other| other != table))
    };
    let read_rows = rows_of(facts, |f| ocr.contains(&f.page));
    let read = |table: TableKey, row: usize| read_rows.contains(&(table, row));
    let mut misread = Vec::new();
    for (&table, rows) in &coded {
        let rows: Vec<(usize, (&str, &str))> = rows.iter().map(|(r, v)| (*r, *v)).collect();
        for (i, &(row, (code, name))) in rows.iter().enumerate() {
            let sharing: Vec<&(usize, (&str, &str))> = rows
                .iter()
                .filter(|(r, (c, n))| *r != row && *c == code && *n != name)
                .collect();
            if sharing.is_empty() || !read(table, row) || printed_elsewhere(table, code, name) {
                continue;
            }
            let other_confirmed = sharing
                .iter()
                .any(|(_, (c, n))| printed_elsewhere(table, c, n));
            let out_of_order = i > 0 && rows[i - 1].1 .0 >= code;
            if other_confirmed || out_of_order {
                misread.push((table, row));
            }
        }
    }
    misread
}

/// The one code the core tables other than `f`'s print `f`'s name with, of `f`'s 类, where
/// `f`'s table prints no row with it.
fn code_elsewhere(facts: &[Fact], f: &Fact) -> Option<String> {
    let class = f.row_code.get(..CLASS_DIGITS)?;
    let mut codes: Vec<&str> = facts
        .iter()
        .filter(|g| g.table != f.table && TableKey::CORE.contains(&g.table))
        .filter(|g| g.row_name == f.row_name && g.row_code != f.row_code)
        .filter(|g| g.row_code.len() > CLASS_DIGITS && g.row_code.starts_with(class))
        .map(|g| g.row_code.as_str())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    let [code] = codes[..] else {
        return None;
    };
    let taken = facts
        .iter()
        .any(|g| g.table == f.table && g.row_code == code);
    (!taken).then(|| code.to_string())
}

/// Leaves the rows `rows` (table, row) out of `facts`: one finding a row, made by `finding` of
/// its first fact.
fn leave_out_rows(
    facts: &mut Vec<Fact>,
    rows: HashSet<(TableKey, usize)>,
    finding: impl Fn(&Fact) -> Finding,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut reported: HashSet<(TableKey, usize)> = HashSet::new();
    for f in facts.iter() {
        let row = (f.table, f.row_seq);
        if rows.contains(&row) && reported.insert(row) {
            out.push(finding(f));
        }
    }
    facts.retain(|f| !rows.contains(&(f.table, f.row_seq)));
    out
}

/// The rows (table, row) of `facts` of which `pick` picks a fact.
fn rows_of(facts: &[Fact], pick: impl Fn(&Fact) -> bool) -> HashSet<(TableKey, usize)> {
    facts
        .iter()
        .filter(|f| pick(f))
        .map(|f| (f.table, f.row_seq))
        .collect()
}

/// The most characters OCR makes of a 类 code it misread, read before the 类's name
/// (`过2住房保障支出`, `22Lt住房保障支出` for 221): a digit or a letter among them.
const MAX_GARBLED_CODE_CHARS: usize = 4;

/// The 类 (code and name) that the label `name` of a row without a code names — whole, or
/// after the few characters OCR made of its code — where the row after it (`next_code`, the
/// next row's code that is printed) extends that code: the 类 row whose code OCR lost.
fn lost_class(name: &str, next_code: &str) -> Option<(&'static str, &'static str)> {
    let label = crate::schema::strip_enumerator(name);
    crate::classes::CLASSES
        .iter()
        .filter(|(code, _)| next_code.len() > code.len() && next_code.starts_with(code))
        .flat_map(|(code, names)| names.iter().map(move |n| (*code, *n)))
        .find(|(_, n)| {
            label.strip_suffix(n).is_some_and(|garbled| {
                // (nothing, or a few characters with a digit or letter of the code in them,
                // or marks alone: `-住房保障支出`)
                (garbled.is_empty()
                    || garbled.contains(|c: char| c.is_ascii_alphanumeric())
                    || garbled.chars().all(|c| c.is_ascii_punctuation()))
                    && garbled.chars().count() <= MAX_GARBLED_CODE_CHARS
            })
        })
}

/// The most characters OCR makes of a 款 code it misread, read before the 款's name
/// (`了公务接待费` for `30217 公务接待费`).
const MAX_GARBLED_ITEM_CODE_CHARS: usize = 2;

/// The economic 款 (code and name) that the label `name` of a row without a code names —
/// whole, or after the few characters OCR made of its code: the longest name it ends with.
fn lost_item(name: &str) -> Option<(&'static str, &'static str)> {
    crate::classes::ECONOMIC_ITEMS
        .iter()
        .filter(|(_, n)| {
            name.strip_suffix(n)
                .is_some_and(|g| g.chars().count() <= MAX_GARBLED_ITEM_CODE_CHARS)
        })
        .max_by_key(|(_, n)| n.len())
        .copied()
}

/// Gives back their code to the rows read by OCR (on a page of `ocr`) whose code it lost: a 类
/// row (`住房保障支出`, `过2住房保障支出` before `22102`) the 类 its label names, where the next
/// coded row of the table extends it; a 款 row right above its first 项 that 款; a row of the
/// economic classification (`了公务接待费`) the 款 its label names, where a coded row next to it
/// is of that 款's 类 and the table prints no other row with it. One `ocr.repaired` finding a
/// row.
pub(crate) fn restore_class_codes(ocr: &[u32], facts: &mut [Fact]) -> Vec<Finding> {
    // each table's coded rows, in order: row → code
    let mut coded: HashMap<TableKey, BTreeMap<usize, String>> = HashMap::new();
    for f in facts.iter().filter(|f| !f.row_code.is_empty()) {
        coded
            .entry(f.table)
            .or_default()
            .entry(f.row_seq)
            .or_insert_with(|| f.row_code.clone());
    }
    let mut restored: HashMap<(TableKey, usize), (String, String)> = HashMap::new();
    let mut out = Vec::new();
    for f in facts
        .iter()
        .filter(|f| ocr.contains(&f.page) && f.row_code.is_empty())
    {
        let row = (f.table, f.row_seq);
        if restored.contains_key(&row) {
            continue;
        }
        let rows = coded.get(&f.table);
        let next = rows.and_then(|rows| rows.range(f.row_seq + 1..).next());
        let before = rows.and_then(|rows| rows.range(..f.row_seq).next_back());
        if let Some((code, name)) = next.and_then(|(_, next)| lost_class(&f.row_name, next)) {
            restored.insert(row, (code.to_string(), name.to_string()));
            out.push(repaired_code(
                f,
                code,
                "the 类 its name names",
                NEXT_EXTENDS,
            ));
            continue;
        }
        let printed = |code: &str| rows.is_some_and(|rows| rows.values().any(|c| c == code));
        let lost = next.and_then(|(&next_row, next)| {
            let parent = lost_parent(before.map(|(_, c)| c.as_str()), next)?;
            // (the row just above the item, and its code printed nowhere else)
            (next_row == f.row_seq + 1 && !printed(parent)).then_some(parent)
        });
        if let Some(code) = lost {
            restored.insert(row, (code.to_string(), f.row_name.clone()));
            out.push(repaired_code(
                f,
                code,
                "the 款 of the item below it",
                NEXT_EXTENDS,
            ));
            continue;
        }
        let beside = [before, next].map(|c| c.and_then(|(_, c)| c.get(..CLASS_DIGITS)));
        let item = lost_item(&f.row_name)
            .filter(|(code, _)| beside.contains(&code.get(..CLASS_DIGITS)))
            .filter(|(code, _)| !printed(code));
        if let Some((code, name)) = item {
            restored.insert(row, (code.to_string(), name.to_string()));
            out.push(repaired_code(
                f,
                code,
                "the economic 款 its name names",
                "of the 类 of a row beside it",
            ));
        }
    }
    for f in facts.iter_mut() {
        if let Some((code, name)) = restored.get(&(f.table, f.row_seq)) {
            f.row_code.clone_from(code);
            f.row_name.clone_from(name);
        }
    }
    out
}

/// The code of the 款 a row read without one stands for, between the coded rows `before` and
/// `next`: the parent of `next` where `next` is a 项 (`2011199`) and `before` is its 类
/// (`201`) or a row of an earlier 款 of that 类 (`2010199`) — the 款's own row, right above its
/// first 项, whose code OCR lost.
fn lost_parent<'c>(before: Option<&str>, next: &'c str) -> Option<&'c str> {
    let parent = next.get(..MAX_CODE_DIGITS - LEVEL_DIGITS)?;
    let before = before?;
    (next.len() == MAX_CODE_DIGITS
        && next.bytes().all(|b| b.is_ascii_digit())
        && before.get(..CLASS_DIGITS) == parent.get(..CLASS_DIGITS)
        && before < parent
        && !before.starts_with(parent))
    .then_some(parent)
}

/// Why a code given back by its name or its item is the row's: the next row's extends it.
const NEXT_EXTENDS: &str = "which the next row's code extends";

/// The `ocr.repaired` finding of the row of `f`, given back its code `code`: `what` the code
/// is, `why` it is the row's.
fn repaired_code(f: &Fact, code: &str, what: &str, why: &str) -> Finding {
    Finding::new(RuleId::OcrRepaired)
        .table(f.table.as_str())
        .row(f.row_name.as_str())
        .compared("code", code, "")
        .message(format!(
            "ocr.repaired: the row `{}`, read by OCR without a code, is {what} ({code}), {why}",
            f.row_name
        ))
        .page(f.page)
}

/// The fewest rows with a code that show a core table prints its rows' codes (one or two may
/// be a misread label).
const MIN_CODED_ROWS: usize = 3;

/// Leaves out of `facts` the rows read by OCR (on a page of `ocr`) without a code in a table
/// most of whose rows print one (a core table: [`MIN_CODED_ROWS`] of them; a block of a
/// 基本支出明细表 may lose its whole code column), but for its total rows (`合计`, `人员经费合计`): the code was
/// there and OCR lost it, and the row, named by its label alone, is not the one printed. One
/// `code.doubtful` finding a row.
pub(crate) fn drop_uncoded_rows(ocr: &[u32], facts: &mut Vec<Fact>) -> Vec<Finding> {
    if ocr.is_empty() {
        return Vec::new();
    }
    // rows with and without a code, by table (its total rows apart)
    let mut rows: HashMap<TableKey, (HashSet<usize>, HashSet<usize>)> = HashMap::new();
    for f in facts
        .iter()
        .filter(|f| crate::totals::row_key(&f.row_name).is_none())
    {
        let (coded, uncoded) = rows.entry(f.table).or_default();
        if f.row_code.is_empty() {
            uncoded
        } else {
            coded
        }
        .insert(f.row_seq);
    }
    let lost = |f: &Fact| {
        ocr.contains(&f.page)
            && f.row_code.is_empty()
            && crate::totals::row_key(&f.row_name).is_none()
            && rows.get(&f.table).is_some_and(|(coded, uncoded)| {
                coded.len() > uncoded.len()
                    || (TableKey::CORE.contains(&f.table) && coded.len() >= MIN_CODED_ROWS)
            })
    };
    let rows = rows_of(facts, lost);
    leave_out_rows(facts, rows, |f| {
        Finding::new(RuleId::CodeDoubtful)
            .table(f.table.as_str())
            .row(f.row_name.as_str())
            .compared("code", "the code the table's rows print", "")
            .message(format!(
                "code.doubtful: the row `{}`, read by OCR, has no code where the table's rows print one; its row is left out",
                f.row_name
            ))
            .page(f.page)
    })
}

/// The fewest digits of a whole number that may be a classification code (a 类: `302`).
const MIN_CODE_DIGITS: usize = 3;

/// Leaves out of `facts` what a table read by OCR (on a page of `ocr`) misplaced, where its
/// columns came out shifted (a borderless table of blocks side by side, its columns aligned
/// wrongly): a row whose label is a number (`128.34`, a dash), and an amount written as a whole
/// number of a code's digits (`30218`) in a table whose amounts on that page are written with
/// decimals (that amount alone). One `code.doubtful` finding a row.
pub(crate) fn drop_shifted_cells(ocr: &[u32], facts: &mut Vec<Fact>) -> Vec<Finding> {
    if ocr.is_empty() {
        return Vec::new();
    }
    // facts with and without decimals, by table and page (a dash, `0`, is neither)
    let mut written: HashMap<(TableKey, u32), (usize, usize)> = HashMap::new();
    for f in facts
        .iter()
        .filter(|f| ocr.contains(&f.page) && !f.value.is_zero())
    {
        let (decimals, whole) = written.entry((f.table, f.page)).or_default();
        if f.value.scale() > 0 {
            *decimals += 1;
        } else {
            *whole += 1;
        }
    }
    // the codes each table prints
    let codes: HashSet<(TableKey, &str)> = facts
        .iter()
        .filter(|f| !f.row_code.is_empty())
        .map(|f| (f.table, f.row_code.as_str()))
        .collect();
    let label_is_number = |f: &Fact| {
        f.row_code.is_empty() && crate::amount::reads_as_amount(&f.row_name)
            || ends_with_amount(&f.row_name)
    };
    let code_as_amount = |f: &Fact| {
        let Some(digits) = whole_digits(f) else {
            return false;
        };
        digits.len() >= MIN_CODE_DIGITS
            && crate::amount::is_code(&digits)
            && (codes.contains(&(f.table, digits.as_str()))
                || written
                    .get(&(f.table, f.page))
                    .is_some_and(|(decimals, whole)| decimals > whole))
    };
    let read = |f: &Fact| ocr.contains(&f.page) && TableKey::CORE.contains(&f.table);
    // (a row labelled by a number is left out whole; a code among amounts alone)
    let shifted: HashSet<(TableKey, usize)> = facts
        .iter()
        .filter(|f| read(f) && label_is_number(f))
        .map(|f| (f.table, f.row_seq))
        .collect();
    let listed = codes_listed_as_amounts(facts, &read);
    let gone = |(i, f): (usize, &Fact)| {
        shifted.contains(&(f.table, f.row_seq)) || (read(f) && code_as_amount(f)) || listed[i]
    };
    let dropped: Vec<bool> = facts.iter().enumerate().map(gone).collect();
    let mut out = Vec::new();
    let mut reported: HashSet<(TableKey, usize)> = HashSet::new();
    for (f, _) in facts.iter().zip(&dropped).filter(|(_, d)| **d) {
        if reported.insert((f.table, f.row_seq)) {
            out.push(
                Finding::new(RuleId::CodeDoubtful)
                    .table(f.table.as_str())
                    .row(format!("{} {}", f.row_code, f.row_name).trim().to_string())
                    .compared("code", "a label beside amounts", &f.row_name)
                    .message(format!(
                        "code.doubtful: the row `{} {}`, read by OCR, has a number for its label or a code among its amounts: its columns are shifted; what is misplaced is left out",
                        f.row_code, f.row_name
                    ))
                    .page(f.page),
            );
        }
    }
    let mut keep = dropped.iter().map(|d| !d);
    facts.retain(|_| keep.next().unwrap_or(true));
    out
}

/// Does `label` hold two known names (a 类, a summary row: [`crate::snap::known_names`]) one
/// beside the other, each whole, or one and a total word after it (`年末结转和结余总计`)? Then
/// OCR read the labels of two rows or more as one cell (`国防支出公共安全支出育支出`, where a
/// ruling between them was not found), and the row's amounts belong to one of them, which is
/// not known.
fn runs_rows_together(label: &str) -> bool {
    let mut rest = label.to_string();
    let mut found = 0;
    // (the longest first: a name holding a shorter one is one name: 本年收入合计)
    for n in crate::snap::long_names_longest_first() {
        while let Some(i) = rest.find(n) {
            rest.replace_range(i..i + n.len(), "|");
            found += 1;
        }
    }
    found >= 2 || (found == 1 && TOTAL_WORDS.iter().any(|w| rest == format!("|{w}")))
}

/// The labels of a total row, which OCR may read at the end of the row above's label.
const TOTAL_WORDS: [&str; 2] = ["合计", "总计"];

/// Leaves out of `facts` the rows read by OCR (on a page of `ocr`) whose label runs the labels
/// of several rows together ([`runs_rows_together`]). One `code.doubtful` finding a row.
pub(crate) fn drop_run_together_rows(ocr: &[u32], facts: &mut Vec<Fact>) -> Vec<Finding> {
    let rows = rows_of(facts, |f| {
        ocr.contains(&f.page) && runs_rows_together(&f.row_name)
    });
    leave_out_rows(facts, rows, |f| {
        Finding::new(RuleId::CodeDoubtful)
            .table(f.table.as_str())
            .row(f.row_name.as_str())
            .compared("label", "the label of one row", &f.row_name)
            .message(format!(
                "code.doubtful: the row `{}`, read by OCR, runs the labels of several rows together; its row is left out",
                f.row_name
            ))
            .page(f.page)
    })
}

/// The fewest codes in a column that show it is a column of codes read as amounts.
const MIN_LISTED_CODES: usize = 3;

/// The digits of `f`'s amount where it is a positive whole number (`30218`), as a code is.
fn whole_digits(f: &Fact) -> Option<String> {
    (f.value.scale() == 0 && f.value.is_sign_positive()).then(|| f.value.to_string())
}

/// Which of `facts` (those `read` picks) are codes of a column of codes that a shifted table
/// put among its amounts: whole numbers of a code's shape (a 类 of the classifications and
/// its 款 / 项 digits, `30209`) that count up row by row in one column of one table and page,
/// [`MIN_LISTED_CODES`] rows or more in a run — a column of amounts does not count up in codes.
fn codes_listed_as_amounts(facts: &[Fact], read: &impl Fn(&Fact) -> bool) -> Vec<bool> {
    let code_shaped = |f: &Fact| {
        whole_digits(f).is_some_and(|digits| {
            matches!(digits.len(), 3 | 5 | 7)
                && crate::classes::CLASSES
                    .iter()
                    .any(|(class, _)| digits.starts_with(class))
        })
    };
    let mut columns: HashMap<(TableKey, u32, &str), Vec<usize>> = HashMap::new();
    for (i, f) in facts.iter().enumerate() {
        if read(f) && code_shaped(f) {
            columns
                .entry((f.table, f.page, f.column.as_str()))
                .or_default()
                .push(i);
        }
    }
    let mut listed = vec![false; facts.len()];
    for mut rows in columns.into_values() {
        rows.sort_by_key(|&i| facts[i].row_seq);
        // each run of rows counting up
        let mut start = 0;
        for end in 1..=rows.len() {
            if end < rows.len() && facts[rows[end - 1]].value < facts[rows[end]].value {
                continue;
            }
            if end - start >= MIN_LISTED_CODES {
                for &i in &rows[start..end] {
                    listed[i] = true;
                }
            }
            start = end;
        }
    }
    listed
}

/// Does the label `name` end with the amount of the cell beside it (`办公费3.93`, `会议费-`): a
/// label that took its neighbour's text, in a table whose columns came out shifted?
fn ends_with_amount(name: &str) -> bool {
    let label = name.trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ','));
    let dash = label.trim_end_matches(['-', '—', '－']);
    let tail = &name[dash.len()..];
    let amount = tail.contains('.') && crate::amount::parse_amount(tail).is_some();
    let lone_dash = !tail.is_empty() && tail.chars().all(|c| matches!(c, '-' | '—' | '－'));
    (amount || lone_dash) && !dash.is_ascii()
}

/// Gives each fact on a page read by OCR its confidence: the least of the words read in its
/// cell (a word whose centre lies in the fact's box). A fact of a text layer keeps `None`.
pub(crate) fn set_confidences(doc: &Document, facts: &mut [Fact]) {
    if doc.ocr_words.is_empty() {
        return;
    }
    let inside = |b: &BBox, w: &BBox| {
        let (cx, cy) = ((w.x0 + w.x1) / 2.0, (w.y0 + w.y1) / 2.0);
        (b.x0..=b.x1).contains(&cx) && (b.y0..=b.y1).contains(&cy)
    };
    for f in facts.iter_mut().filter(|f| doc.ocr.contains(&f.page)) {
        let Some(b) = f.bbox else { continue };
        f.confidence = doc
            .ocr_words
            .iter()
            .filter(|w| w.page == f.page && inside(&b, &w.bbox))
            .map(|w| w.confidence)
            .min();
    }
}

/// The least confidence (tesseract's, 0–100) of the words of a row's label that names the row
/// alone: below it the label is as likely garbled as read (on a degraded scan, `全上事业年也开
/// 老支出`, its words read at 38 and under, where a label read right is at 60 and over).
const MIN_LABEL_CONFIDENCE: u8 = 50;

/// The least confidence of the words OCR read in the label of each row of `facts` that a label
/// alone names (no code, no known name, no total row), by (table, row): the words in the row's
/// band between the amounts on its left (another side's, another block's) and its own first
/// amount. Rows without such words are left out.
fn label_confidences(doc: &Document, facts: &[Fact]) -> HashMap<(TableKey, usize), u8> {
    let named_alone = |f: &Fact| {
        doc.ocr.contains(&f.page)
            && f.row_code.is_empty()
            && crate::totals::row_key(&f.row_name).is_none()
            && !crate::snap::is_known_name(crate::schema::strip_enumerator(&f.row_name))
    };
    // each such row's band and its first amount's left edge
    let mut rows: HashMap<(TableKey, usize), (u32, BBox)> = HashMap::new();
    for f in facts.iter().filter(|f| named_alone(f)) {
        let Some(b) = f.bbox else { continue };
        rows.entry((f.table, f.row_seq))
            .and_modify(|(_, r)| r.x0 = r.x0.min(b.x0))
            .or_insert((f.page, b));
    }
    let centre = |b: &BBox| ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0);
    let mut out = HashMap::new();
    for (row, (page, band)) in rows {
        let in_band = |b: &BBox| (band.y0..=band.y1).contains(&centre(b).1);
        // (the amounts left of the row's own: another side's or block's)
        let floor = facts
            .iter()
            .filter_map(|f| {
                f.bbox
                    .filter(|b| f.page == page && in_band(b) && b.x1 <= band.x0)
            })
            .map(|b| b.x1)
            .fold(f64::MIN, f64::max);
        let least = doc
            .ocr_words
            .iter()
            .filter(|w| w.page == page && in_band(&w.bbox))
            .filter(|w| (floor..band.x0).contains(&centre(&w.bbox).0))
            .map(|w| w.confidence)
            .min();
        if let Some(c) = least {
            out.insert(row, c);
        }
    }
    out
}

/// The fewest characters of a label that names a row alone (no known name does).
const MIN_LABEL_CHARS: usize = 3;

/// Leaves out of `facts` the rows read by OCR that their label alone names (no code, no known
/// name) where the label's words were read with a confidence under [`MIN_LABEL_CONFIDENCE`], or
/// where it is shorter than [`MIN_LABEL_CHARS`]: a garbled label names a row the report does
/// not print. One `ocr.doubtful` finding a row.
pub(crate) fn drop_doubtful_labels(doc: &Document, facts: &mut Vec<Fact>) -> Vec<Finding> {
    if doc.ocr.is_empty() {
        return Vec::new();
    }
    let doubtful: HashMap<(TableKey, usize), u8> = label_confidences(doc, facts)
        .into_iter()
        .filter(|(_, c)| *c < MIN_LABEL_CONFIDENCE)
        .collect();
    // (a label of a character or two, no known name, is what OCR left of a lost one: `支出`)
    let fragment = |f: &Fact| {
        doc.ocr.contains(&f.page)
            && f.row_code.is_empty()
            && f.row_name.chars().count() < MIN_LABEL_CHARS
            && crate::totals::row_key(&f.row_name).is_none()
            && !crate::snap::is_known_name(&f.row_name)
    };
    let rows = rows_of(facts, |f| {
        doubtful.contains_key(&(f.table, f.row_seq)) || fragment(f)
    });
    leave_out_rows(facts, rows, |f| {
        let why = match doubtful.get(&(f.table, f.row_seq)) {
            Some(c) => format!("read with a confidence of {c} (under {MIN_LABEL_CONFIDENCE})"),
            None => "a fragment of a label".to_string(),
        };
        Finding::new(RuleId::OcrDoubtful)
            .table(f.table.as_str())
            .row(f.row_name.as_str())
            .compared("label", "a label read with confidence", &f.row_name)
            .message(format!(
                "ocr.doubtful: the row `{}`, named by its label alone, is {why}; its row is left out",
                f.row_name
            ))
            .page(f.page)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn fact(seq: usize, code: &str, page: u32) -> Fact {
        Fact {
            table: TableKey::Expenditure,
            side: None,
            row_code: code.to_string(),
            row_name: format!("行{seq}"),
            column: "total".to_string(),
            value: Decimal::new(4297, 2),
            unit: "万元",
            page,
            row_seq: seq,
            top_level: false,
            bbox: None,
            confidence: None,
        }
    }

    /// A fact of row `seq` on page 7 with code `code` and label `name`.
    fn named(seq: usize, code: &str, name: &str) -> Fact {
        Fact {
            row_name: name.to_string(),
            ..fact(seq, code, 7)
        }
    }

    /// gen-17-0005's scan read the labels of several rows of 收入支出决算总表 as one cell
    /// (`国防支出公共安全支出育支出`, a ruling between them not found): each such row gave an
    /// amount under a label no row prints (7 wrong facts).
    #[test]
    fn a_label_running_rows_together_leaves_its_row_out() {
        let named = |seq: usize, name: &str| Fact {
            row_name: name.to_string(),
            ..fact(seq, "", 7)
        };
        let mut facts = vec![
            named(0, "国防支出公共安全支出育支出"),
            named(1, "一般公共预算财政拨款收入政府性基金预算财政拨款收入"),
            named(2, "一般公共预算财政拨款收入"),
            named(3, "使用非财政拨款结余和专用结余"),
            named(4, "其他社会保障和就业支出"),
            named(5, "本年收入合计"),
            named(6, "年初结转和结余"),
            // (seed 37: the 总计 row's label read below the row above's, as one cell)
            named(7, "年末结转和结余总计"),
            named(8, "人员经费合计"),
        ];
        let mut text_layer = facts.clone();
        let found = drop_run_together_rows(&[7], &mut facts);
        let kept: Vec<usize> = facts.iter().map(|f| f.row_seq).collect();
        assert_eq!(kept, [2, 3, 4, 5, 6, 8]);
        assert_eq!(found.len(), 3);
        assert!(
            found[0].message.contains("several rows"),
            "{}",
            found[0].message
        );
        assert!(drop_run_together_rows(&[], &mut text_layer).is_empty());
        assert_eq!(text_layer.len(), 9);
    }

    /// The scans of seeds 5, 17 and 23 lost the code 221 of 住房保障支出 or made characters of
    /// it (`过2住房保障支出`, `22Lt住房保障支出`): the 类 row was left out for want of a code,
    /// and its 款 with it (12 rows). Its name names the 类, and the next row extends it.
    #[test]
    fn a_class_row_whose_code_ocr_lost_takes_it_back_from_its_name() {
        let mut facts = vec![
            named(0, "", "过2住房保障支出"),
            named(1, "22102", "住房改革支出"),
            named(2, "", "八、住房保障支出"),
            named(3, "2210201", "住房公积金"),
            // the next row does not extend it, the label is more than a garbled code, or is
            // no 类: as read
            named(4, "", "住房保障支出"),
            named(5, "20101", "行政运行"),
            named(6, "", "其他的住房保障支出"),
            named(7, "22199", "其他住房保障支出"),
            named(8, "", "行政运行"),
            named(9, "2010101", "行政运行"),
            // (a real 上海 部门预算 scanned: 221 read as `-`)
            named(10, "", "-住房保障支出"),
            named(11, "22102", "住房改革支出"),
        ];
        let mut text_layer = facts.clone();
        let found = restore_class_codes(&[7], &mut facts);
        let rows: Vec<(&str, &str)> = facts
            .iter()
            .map(|f| (f.row_code.as_str(), f.row_name.as_str()))
            .collect();
        assert_eq!(
            rows[..5],
            [
                ("221", "住房保障支出"),
                ("22102", "住房改革支出"),
                ("221", "住房保障支出"),
                ("2210201", "住房公积金"),
                ("", "住房保障支出"),
            ]
        );
        assert_eq!(rows[6], ("", "其他的住房保障支出"));
        assert_eq!(rows[8], ("", "行政运行"));
        assert_eq!(rows[10], ("221", "住房保障支出"));
        assert_eq!(found.len(), 3);
        assert!(found.iter().all(|f| f.rule == RuleId::OcrRepaired));
        assert!(restore_class_codes(&[], &mut text_layer).is_empty());
    }

    /// Two real 上海 部门预算 scanned: the code `30217` of 公务接待费 read as `了` before its
    /// name in 一般公共预算基本支出表 (the row left out, 5 facts). The economic 款 its name
    /// names, where a row beside it is of that 类.
    #[test]
    fn an_economic_item_whose_code_ocr_lost_takes_it_back_from_its_name() {
        let mut facts = vec![
            named(0, "30216", "培训费"),
            named(1, "", "了公务接待费"),
            named(2, "30218", "专用材料费"),
            // a function classification's 住房公积金 (2210201), or an item the table prints
            // already: as read
            named(3, "22102", "住房改革支出"),
            named(4, "", "住房公积金"),
            named(5, "", "培训费"),
        ];
        let found = restore_class_codes(&[7], &mut facts);
        let rows: Vec<(&str, &str)> = facts
            .iter()
            .map(|f| (f.row_code.as_str(), f.row_name.as_str()))
            .collect();
        assert_eq!(rows[1], ("30217", "公务接待费"));
        assert_eq!(rows[4], ("", "住房公积金"));
        assert_eq!(rows[5], ("", "培训费"));
        assert_eq!(found.len(), 1);
    }

    /// The real 长沙 2025 budget scanned lost the code 20111 of 纪检监察事务 in three tables:
    /// the row was left out for want of a code, and its 项 2011199 as under no printed code
    /// (12 facts). The 款 is the parent of the 项 right below it, under the 类 above.
    #[test]
    fn a_kuan_row_whose_code_ocr_lost_takes_its_items_parent() {
        let mut facts = vec![
            named(0, "201", "一般公共服务支出"),
            named(1, "", "纪检监察事务"),
            named(2, "2011199", "其他纪检监察事务支出"),
            named(3, "204", "公共安全支出"),
            named(4, "20402", "公安"),
            named(5, "2040201", "行政运行"),
            // under another 类, not right above its item, or its parent printed: as read
            named(6, "", "司法"),
            named(7, "2060401", "机构运行"),
            named(8, "", "公安二"),
            named(9, "", "其他"),
            named(10, "2040299", "其他公安支出"),
            named(11, "", "公安三"),
            named(12, "2040202", "一般行政管理事务"),
        ];
        let mut text_layer = facts.clone();
        let found = restore_class_codes(&[7], &mut facts);
        let codes: Vec<&str> = facts.iter().map(|f| f.row_code.as_str()).collect();
        assert_eq!(codes[1], "20111");
        assert_eq!(facts[1].row_name, "纪检监察事务");
        assert_eq!([codes[6], codes[9], codes[11]], ["", "", ""]);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("款"), "{}", found[0].message);
        assert!(restore_class_codes(&[], &mut text_layer).is_empty());
        assert_eq!(text_layer[1].row_code, "");
    }

    /// The real 长沙 2025 budget scanned read 2040219 as `20402` (信息化建设 under 公安's
    /// code) and 2040221 as `2040202` (特别业务 under 一般行政管理事务's): 4 wrong facts. The
    /// report's other tables print each name with its code.
    #[test]
    fn a_code_read_as_another_rows_takes_the_one_the_other_tables_print() {
        let row = |table: TableKey, seq: usize, code: &str, name: &str| Fact {
            table,
            row_name: name.to_string(),
            ..fact(seq, code, 7)
        };
        let e = TableKey::Expenditure;
        let g = TableKey::GeneralExpenditure;
        let mut facts = vec![
            row(e, 0, "20402", "公安"),
            row(e, 1, "2040202", "一般行政管理事务"),
            row(e, 2, "20402", "信息化建设"),
            row(e, 3, "2040220", "执法办案"),
            row(e, 4, "2040202", "特别业务"),
            row(e, 5, "2040203", "机关服务"),
            row(e, 6, "2040203", "其他服务"),
            row(g, 0, "2040219", "信息化建设"),
            row(g, 1, "2040221", "特别业务"),
            row(g, 2, "2040203", "机关服务"),
        ];
        let mut text_layer = facts.clone();
        let found = mend_repeated_codes(&[7], &mut facts);
        let rows: Vec<(&str, &str)> = facts
            .iter()
            .filter(|f| f.table == e)
            .map(|f| (f.row_code.as_str(), f.row_name.as_str()))
            .collect();
        // mended from the other table; `其他服务`, printed nowhere else, left out
        assert_eq!(
            rows,
            [
                ("20402", "公安"),
                ("2040202", "一般行政管理事务"),
                ("2040219", "信息化建设"),
                ("2040220", "执法办案"),
                ("2040221", "特别业务"),
                ("2040203", "机关服务"),
            ]
        );
        let rules: Vec<RuleId> = found.iter().map(|f| f.rule).collect();
        assert_eq!(
            rules,
            [
                RuleId::OcrRepaired,
                RuleId::OcrRepaired,
                RuleId::CodeDoubtful
            ]
        );
        assert!(mend_repeated_codes(&[], &mut text_layer).is_empty());
        assert_eq!(text_layer[2].row_code, "20402");
    }

    /// gen-5-0001 scanned at 100 ppi, JPEG 20: the codes of 一般公共预算财政拨款支出表 lost,
    /// its rows named by garbled labels alone (`全上事业年也开老支出`, words read at 38), and a
    /// fragment (`支出`): 11 wrong facts of 25. A label read under 50, or of two characters, no
    /// known name, leaves its row out; a known name, a code or a text layer keeps it.
    #[test]
    fn a_row_named_by_a_garbled_label_alone_is_left_out() {
        let bbox = |x0: f64, y0: f64| BBox {
            x0,
            y0,
            x1: x0 + 40.0,
            y1: y0 + 10.0,
        };
        let row = |seq: usize, code: &str, name: &str, y: f64| Fact {
            row_name: name.to_string(),
            bbox: Some(bbox(300.0, y)),
            ..fact(seq, code, 7)
        };
        let word = |x: f64, y: f64, confidence: u8| yjs_model::OcrWord {
            page: 7,
            bbox: bbox(x, y + 1.0),
            confidence,
        };
        let mut doc = crate::reconcile::tests::doc(vec![]);
        doc.ocr = vec![7];
        doc.ocr_words = vec![
            word(60.0, 100.0, 90),
            word(120.0, 100.0, 38),
            word(60.0, 120.0, 88),
            word(120.0, 120.0, 76),
            word(60.0, 140.0, 31),
            word(60.0, 160.0, 35),
            word(60.0, 180.0, 95),
        ];
        let facts = vec![
            row(0, "", "全上事业年也开老支出", 100.0),
            row(1, "", "医疗保障支出", 120.0),
            row(2, "", "卫生健康支出", 140.0),
            row(3, "2080505", "本养老保险缴贰去出", 160.0),
            row(4, "", "支出", 180.0),
        ];
        let mut kept = facts.clone();
        let found = drop_doubtful_labels(&doc, &mut kept);
        let rows: Vec<usize> = kept.iter().map(|f| f.row_seq).collect();
        assert_eq!(rows, [1, 2, 3]);
        assert!(
            found[0].message.contains("confidence of 38"),
            "{}",
            found[0].message
        );
        assert!(
            found[1].message.contains("fragment"),
            "{}",
            found[1].message
        );
        doc.ocr.clear();
        let mut text_layer = facts;
        assert!(drop_doubtful_labels(&doc, &mut text_layer).is_empty());
        assert_eq!(text_layer.len(), 5);
    }

    #[test]
    fn an_ocr_code_under_no_printed_code_leaves_its_row_out() {
        let mut facts = vec![
            fact(0, "210", 7),
            fact(1, "21011", 7),
            fact(2, "2101102", 7),
            fact(3, "2401102", 7),
            fact(4, "210414", 7),
            fact(5, "", 7),
            // gen-31-0003: 221 read as 421, a 类 of no classification the table prints
            fact(6, "421", 7),
        ];
        let found = drop_unplaced_codes(&[7], &mut facts);
        let kept: Vec<&str> = facts.iter().map(|f| f.row_code.as_str()).collect();
        assert_eq!(kept, ["210", "21011", "2101102", ""]);
        let doubtful: Vec<&str> = found.iter().map(|f| f.found.as_str()).collect();
        assert_eq!(doubtful, ["2401102", "210414", "421"]);
        assert!(found.iter().all(|f| f.rule == RuleId::CodeDoubtful));
    }

    /// A real 上海 部门预算 scanned: in its 收入预算表 the 类 row `208` lost its amounts to OCR
    /// (`生213,779.28`), and its 款 `20805` and every 项 below were left out as extending no
    /// printed code (7 facts lost). The other tables print `208`: it is printed.
    #[test]
    fn a_parent_the_other_tables_print_places_its_children() {
        let mut facts = vec![
            Fact {
                table: TableKey::GeneralExpenditure,
                ..fact(0, "208", 7)
            },
            fact(1, "20805", 7),
            fact(2, "2080501", 7),
            fact(3, "20905", 7),
        ];
        let found = drop_unplaced_codes(&[7], &mut facts);
        let kept: Vec<&str> = facts.iter().map(|f| f.row_code.as_str()).collect();
        assert_eq!(kept, ["208", "20805", "2080501"]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].found, "20905");
    }

    /// A real 上海 部门预算 scanned: `2010389` for 2010399 (a wrong fact and a lost one, twice),
    /// `2202` for 22102 (its 类 printed `22`), `2` for 210 and `2100101` for 2101101 (rows left
    /// out). The other tables print each row, its name and amounts, under the right code.
    #[test]
    fn a_code_no_other_table_prints_takes_the_one_they_print_the_row_with() {
        let row = |table: TableKey, seq: usize, code: &str, name: &str, cents: i64| Fact {
            table,
            row_name: name.to_string(),
            value: Decimal::new(cents, 2),
            ..fact(seq, code, 7)
        };
        let (i, e, g) = (
            TableKey::Income,
            TableKey::Expenditure,
            TableKey::GeneralExpenditure,
        );
        let (garbled, other) = (
            "其他政府办公厅《〈室)及相关机构事务支出",
            "其他政府办公厅（室）及相关机构事务支出",
        );
        let mut facts = vec![
            row(i, 0, "2010389", garbled, 2012000000),
            row(i, 1, "2202", "住房改革支出", 360912522),
            row(i, 2, "2", "卫生健康支出", 109707343),
            // (printed in the other table too: as read)
            row(i, 3, "2010301", "行政运行", 1202950184),
            // (the other table's row has another amount: as read)
            row(i, 4, "2080506", "机关事业单位职业年金缴费支出", 88157976),
            row(e, 0, "2010399", other, 2012000000),
            row(e, 1, "22102", "住房改革支出", 360912522),
            row(e, 2, "210", "卫生健康支出", 109707343),
            row(e, 3, "2010301", "行政运行", 1202950184),
            row(e, 4, "2080505", "机关事业单位职业年金缴费支出", 176315952),
            row(g, 0, "2010399", other, 2012000000),
            // (two tables, a row under two codes of a code's length: which is misread?)
            row(i, 5, "2010350", "事业运行", 380729558),
            row(e, 5, "2010360", "事业运行", 380729558),
        ];
        let mut text_layer = facts.clone();
        let found = mend_codes_by_other_tables(&[7], &mut facts);
        let income: Vec<&str> = facts
            .iter()
            .filter(|f| f.table == i)
            .map(|f| f.row_code.as_str())
            .collect();
        assert_eq!(
            income,
            ["2010399", "22102", "210", "2010301", "2080506", "2010350"]
        );
        assert_eq!(facts[12].row_code, "2010360");
        assert_eq!(found.len(), 3);
        assert!(found.iter().all(|f| f.rule == RuleId::OcrRepaired));
        assert!(mend_codes_by_other_tables(&[], &mut text_layer).is_empty());
        assert!(slip_of("2202", "22102") && slip_of("2", "210") && slip_of("2010389", "2010399"));
        assert!(!slip_of("20", "22102") && !slip_of("2010388", "2010399"));
    }

    /// A borderless 基本支出明细表 of three blocks side by side, read by OCR with its columns
    /// shifted (seed 23's gen-23-0002 scan): amounts read as labels (`128.34`, a dash) and codes
    /// as amounts (`30218`) made wrong facts.
    #[test]
    fn a_number_for_a_label_and_a_code_among_amounts_are_left_out() {
        let with = |seq: usize, name: &str, value: Decimal, page: u32| Fact {
            row_name: name.to_string(),
            value,
            ..fact(seq, "", page)
        };
        let mut facts = vec![
            with(0, "工资福利支出", Decimal::new(12834, 2), 7),
            with(0, "工资福利支出", Decimal::new(30218, 0), 7),
            with(1, "128.34", Decimal::new(30202, 0), 7),
            with(2, "-", Decimal::new(1594, 2), 7),
            with(3, "办公费", Decimal::new(2307, 2), 7),
            with(4, "印刷费", Decimal::ZERO, 7),
            // a page of whole amounts (a 元 budget): its numbers are amounts
            with(5, "差旅费", Decimal::new(30218, 0), 8),
            // gen-23-0002: labels that took the amount or dash beside them, and an amount that
            // is a code the table prints (8 of 9 rows shifted: whole numbers outnumber amounts)
            with(6, "办公费3.93", Decimal::new(2307, 2), 7),
            with(7, "会议费-", Decimal::new(2307, 2), 7),
            Fact {
                row_code: "30111".to_string(),
                ..with(8, "", Decimal::new(39910, 0), 8)
            },
            with(9, "公务用车运行维护费", Decimal::new(30111, 0), 8),
            // a column of codes read as amounts, counting up (whole numbers outnumber amounts)
            with(10, "取暖费", Decimal::new(30209, 0), 8),
            with(11, "物业管理费", Decimal::new(30211, 0), 8),
            with(12, "差旅费", Decimal::new(30213, 0), 8),
            // gen-31-0003: an amount read as a label, its comma read as a point
            with(13, "1.270.26", Decimal::ZERO, 7),
        ];
        let found = drop_shifted_cells(&[7, 8], &mut facts);
        let kept: Vec<(&str, String)> = facts
            .iter()
            .map(|f| (f.row_name.as_str(), f.value.to_string()))
            .collect();
        assert_eq!(
            kept,
            [
                ("工资福利支出", "128.34".to_string()),
                ("办公费", "23.07".to_string()),
                ("印刷费", "0".to_string()),
                ("差旅费", "30218".to_string()),
                ("", "39910".to_string())
            ]
        );
        assert_eq!(found.len(), 10);
        for (name, shifted) in [
            ("维修(护)费1.88", true),
            ("工会经费-", true),
            ("办公费", false),
            ("2.80", false),
            ("项目1", false),
            ("被装购置费o6z-3", false),
        ] {
            assert_eq!(ends_with_amount(name), shifted, "{name}");
        }
        // a text layer is not touched
        let mut facts = vec![with(1, "128.34", Decimal::new(30202, 0), 7)];
        assert!(drop_shifted_cells(&[], &mut facts).is_empty());
        assert_eq!(facts.len(), 1);
    }

    #[test]
    fn siblings_place_one_another_where_their_parent_was_not_read() {
        let mut facts = vec![
            fact(0, "30101", 7),
            fact(1, "30102", 7),
            fact(2, "30701", 7),
        ];
        let found = drop_unplaced_codes(&[7], &mut facts);
        let kept: Vec<&str> = facts.iter().map(|f| f.row_code.as_str()).collect();
        assert_eq!(kept, ["30101", "30102"]);
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn a_fact_read_by_ocr_takes_the_least_confidence_of_its_cell() {
        let word = |x: f64, confidence: u8| yjs_model::OcrWord {
            page: 7,
            bbox: BBox::new(x, 10.0, x + 8.0, 20.0),
            confidence,
        };
        let doc = Document {
            format: yjs_model::Format::Pdf,
            info: vec![],
            pages: vec![],
            damaged: vec![],
            undecoded: vec![],
            ocr: vec![7],
            ocr_words: vec![word(100.0, 91), word(110.0, 64), word(300.0, 20)],
        };
        let mut facts = vec![fact(0, "201", 7), fact(1, "202", 7), fact(2, "203", 3)];
        facts[0].bbox = Some(BBox::new(95.0, 8.0, 130.0, 22.0));
        facts[1].bbox = Some(BBox::new(150.0, 8.0, 200.0, 22.0));
        facts[2].bbox = facts[0].bbox;
        set_confidences(&doc, &mut facts);
        let got: Vec<Option<u8>> = facts.iter().map(|f| f.confidence).collect();
        assert_eq!(
            got,
            [Some(64), None, None],
            "no word in the cell, or a text layer"
        );
    }

    /// `工资津贴补贴` without its `30101`, among coded rows: left out; 合计 and a table of
    /// labels alone are kept.
    #[test]
    fn a_row_whose_code_ocr_lost_is_left_out() {
        let mut facts = vec![
            fact(0, "", 7),
            fact(1, "301", 7),
            fact(2, "", 7),
            fact(3, "30102", 7),
        ];
        facts[0].row_name = "合计".into();
        facts[2].row_name = "工资津贴补贴".into();
        let found = drop_uncoded_rows(&[7], &mut facts);
        let kept: Vec<&str> = facts.iter().map(|f| f.row_name.as_str()).collect();
        assert_eq!(kept, ["合计", "行1", "行3"]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].row, "工资津贴补贴");
        let mut labels = vec![fact(0, "", 7), fact(1, "", 7), fact(2, "201", 7)];
        assert!(drop_uncoded_rows(&[7], &mut labels).is_empty());
        // gen-37-0003: a block of 基本支出明细表 lost its code column, more rows than the
        // blocks that kept theirs
        let mut blocks: Vec<Fact> = ["301", "30101", "30102", "", "", "", ""]
            .into_iter()
            .enumerate()
            .map(|(seq, code)| fact(seq, code, 7))
            .collect();
        let found = drop_uncoded_rows(&[7], &mut blocks);
        assert_eq!(found.len(), 4);
        assert_eq!(blocks.len(), 3);
        let mut text_layer = vec![fact(0, "301", 3), fact(1, "", 3), fact(2, "302", 3)];
        assert!(drop_uncoded_rows(&[7], &mut text_layer).is_empty());
    }

    #[test]
    fn codes_on_pages_with_a_text_layer_are_left_to_the_sums() {
        let mut facts = vec![fact(0, "210", 3), fact(1, "2401102", 3)];
        assert!(drop_unplaced_codes(&[7], &mut facts).is_empty());
        assert_eq!(facts.len(), 2);
        assert!(drop_unplaced_codes(&[], &mut facts).is_empty());
    }
}
