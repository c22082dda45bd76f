//! The department key: one name for one body, whatever a report prints — 全称 or 简称, with or
//! without a 部门 / 单位 / 本级 qualifier, in full-width or half-width characters. The rules are
//! data, in this file only ([`ALIASES`], [`QUALIFIERS`], [`REGION_SUFFIXES`]), and conservative:
//! two names become one key only when the rules below say they are the same body, never on a
//! likeness.
//!
//! 1. [`normalise`]: full-width → half-width, whitespace and punctuation dropped (brackets too,
//!    their words kept: `（本级）` → `本级`), Latin letters upper-cased; the [`ALIASES`] replaced
//!    (`中国共产党` → `中共`), a party committee's `…省委员会` shortened to `…省委` as its 简称
//!    prints it; then a trailing [`QUALIFIERS`] word dropped while a name of at least
//!    [`MIN_NAME_CHARS`] is left (`…办公室本级` → `…办公室`), but not `单位` after `事业` / `企业`.
//! 2. [`keys`]: a name that is another's with a region prefix taken off (`大数据中心` and
//!    `长沙市大数据中心`; `普陀区统计局` and `上海市普陀区统计局`; `万里街道办事处` and
//!    `上海市普陀区人民政府万里街道办事处`) takes the longer name as its key, when exactly one
//!    longest such name is in the batch and the shorter has at least [`MIN_SHORT_CHARS`]. A
//!    region prefix is one or more place names (2 to [`MAX_PLACE_CHARS`] characters ending in a
//!    [`REGION_SUFFIXES`] character), each optionally followed by `人民政府`. So `大数据中心`
//!    beside both `长沙市大数据中心` and `株洲市大数据中心` keeps its own key, and a name is never
//!    joined to one that extends it at the end (`…统计局` and `…统计局普查中心` are two bodies).

use std::collections::{BTreeMap, BTreeSet};

/// Long forms replaced by the short form every report also prints (applied in order).
pub const ALIASES: &[(&str, &str)] = &[("中国共产党", "中共"), ("中国人民政治协商会议", "政协")];

/// Words at the end of a name that say which report of the body it is, not which body.
pub const QUALIFIERS: &[&str] = &["本级", "部门", "单位"];

/// Words before `单位` that make it part of the name (`…事业单位`), not a qualifier.
const UNIT_IS_NAME_AFTER: &[&str] = &["事业", "企业"];

/// The last character of a place name: 省, 市, 区 (and 自治区, 特别行政区), 县, 州, 盟, 旗.
pub const REGION_SUFFIXES: &[char] = &['省', '市', '区', '县', '州', '盟', '旗'];

/// What may follow a place name in a region prefix (`上海市普陀区人民政府万里街道办事处`).
const GOVERNMENT: &str = "人民政府";

/// The shortest name a qualifier is dropped down to: a body's name is a place and a word at
/// least (`长沙市局` is not a body; `…办公室本级` keeps `…办公室`).
pub const MIN_NAME_CHARS: usize = 4;

/// The shortest name that may take a region prefix: a three-character name (`统计局`, `财政局`,
/// `审计局`) is every region's, too generic to be given the one region the batch holds.
pub const MIN_SHORT_CHARS: usize = 4;

/// The longest place name in a region prefix, suffix included: `黔东南苗族侗族自治州` (10).
pub const MAX_PLACE_CHARS: usize = 10;

/// `name` normalised (rule 1 of the module): the key of a name that no other name of the batch
/// extends. Empty for a name of only whitespace and punctuation.
pub fn normalise(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(half_width)
        .filter(|c| c.is_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    for (long, short) in ALIASES {
        s = s.replace(long, short);
    }
    s = shorten_party_committee(&s);
    while let Some(shorter) = drop_qualifier(&s) {
        s = shorter;
    }
    s
}

/// A full-width form (U+FF01–U+FF5E, the ideographic space) as its half-width character.
fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// `中共江苏省委员会办公厅` → `中共江苏省委办公厅`: a party committee (`中共` + a place +
/// `委员会`) as its 简称 prints it; other names unchanged.
fn shorten_party_committee(s: &str) -> String {
    const COMMITTEE: &str = "委员会";
    if !s.starts_with("中共") {
        return s.to_string();
    }
    let at = s.match_indices(COMMITTEE).map(|(i, _)| i).find(|&i| {
        s[..i]
            .chars()
            .next_back()
            .is_some_and(|c| REGION_SUFFIXES.contains(&c))
    });
    match at {
        Some(i) => format!("{}委{}", &s[..i], &s[i + COMMITTEE.len()..]),
        None => s.to_string(),
    }
}

/// `s` without its trailing qualifier, where it has one and enough name is left.
fn drop_qualifier(s: &str) -> Option<String> {
    QUALIFIERS.iter().find_map(|q| {
        let rest = s.strip_suffix(q)?;
        let part_of_name = *q == "单位" && UNIT_IS_NAME_AFTER.iter().any(|w| rest.ends_with(w));
        (rest.chars().count() >= MIN_NAME_CHARS && !part_of_name).then(|| rest.to_string())
    })
}

/// Is `p` a region prefix: place names, each optionally followed by `人民政府` (rule 2)?
pub fn is_region_prefix(p: &str) -> bool {
    let chars: Vec<char> = p.chars().collect();
    !chars.is_empty() && places_from(&chars)
}

/// Do `chars` split into place names (each optionally followed by `人民政府`)? Tries every
/// length of the first place name, so `济南市市中区` is `济南市` + `市中区`.
fn places_from(chars: &[char]) -> bool {
    if chars.is_empty() {
        return true;
    }
    let gov: Vec<char> = GOVERNMENT.chars().collect();
    (2..=MAX_PLACE_CHARS.min(chars.len())).any(|len| {
        let place = &chars[..len];
        let is_place = REGION_SUFFIXES.contains(&place[len - 1])
            && place.iter().all(|c| c.is_alphabetic() && !c.is_ascii());
        if !is_place {
            return false;
        }
        let rest = &chars[len..];
        places_from(rest) || (rest.starts_with(&gov) && places_from(&rest[gov.len()..]))
    })
}

/// Does `long` extend `short` by a region prefix?
fn extends(long: &str, short: &str) -> bool {
    long.len() > short.len() && long.strip_suffix(short).is_some_and(is_region_prefix)
}

/// The department key of every name in `names` (rules 1 and 2 of the module): printed name →
/// key. A name that normalises to nothing is left out.
pub fn keys<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, String> {
    let printed: BTreeSet<&str> = names.into_iter().collect();
    let normal: BTreeMap<&str, String> = printed
        .iter()
        .map(|&n| (n, normalise(n)))
        .filter(|(_, k)| !k.is_empty())
        .collect();
    let distinct: BTreeSet<&str> = normal.values().map(String::as_str).collect();
    let full: BTreeMap<&str, &str> = distinct
        .iter()
        .map(|&s| (s, full_name(s, &distinct)))
        .collect();
    normal
        .iter()
        .map(|(&n, k)| (n.to_string(), full[k.as_str()].to_string()))
        .collect()
}

/// The 全称 of `short` among `names`: the one longest name that extends it by a region prefix,
/// or `short` itself when none does or several do.
fn full_name<'a>(short: &'a str, names: &BTreeSet<&'a str>) -> &'a str {
    if short.chars().count() < MIN_SHORT_CHARS {
        return short;
    }
    let longer: Vec<&str> = names
        .iter()
        .copied()
        .filter(|l| extends(l, short))
        .collect();
    let longest: Vec<&str> = longer
        .iter()
        .copied()
        .filter(|l| !longer.iter().any(|m| extends(m, l)))
        .collect();
    match longest.as_slice() {
        [one] => one,
        _ => short,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_of(names: &[&str], name: &str) -> String {
        keys(names.iter().copied())[name].clone()
    }

    #[test]
    fn full_width_whitespace_and_punctuation_do_not_make_another_name() {
        assert_eq!(normalise("长沙市 大数据中心"), "长沙市大数据中心");
        assert_eq!(normalise("长沙市大数据中心\u{3000}"), "长沙市大数据中心");
        assert_eq!(normalise("上海市ＸＸ局"), "上海市XX局");
        assert_eq!(normalise("上海市xx局"), "上海市XX局");
        assert_eq!(normalise("第１中学"), normalise("第1中学"));
        assert_eq!(
            normalise("上海市财务会计综合管理事务中心（上海市财政科学研究所）"),
            "上海市财务会计综合管理事务中心上海市财政科学研究所"
        );
        assert_eq!(normalise("“长沙市”·大数据中心。"), "长沙市大数据中心");
        assert_eq!(normalise(" 、，"), "");
    }

    #[test]
    fn department_and_unit_qualifiers_are_dropped_where_not_part_of_the_name() {
        assert_eq!(
            normalise("上海市普陀区人民政府办公室（本级）"),
            "上海市普陀区人民政府办公室"
        );
        assert_eq!(normalise("上海市普陀区统计局部门"), "上海市普陀区统计局");
        assert_eq!(normalise("上海市普陀区统计局单位"), "上海市普陀区统计局");
        assert_eq!(
            normalise("上海市普陀区统计局本级单位"),
            "上海市普陀区统计局"
        );
        // part of the name
        assert_eq!(normalise("上海市普陀区事业单位"), "上海市普陀区事业单位");
        // too little left to be a name
        assert_eq!(normalise("统计部门"), "统计部门");
    }

    #[test]
    fn the_long_forms_of_party_bodies_are_their_short_forms() {
        assert_eq!(
            normalise("中国共产党江苏省委员会办公厅"),
            "中共江苏省委办公厅"
        );
        assert_eq!(normalise("中共江苏省委办公厅"), "中共江苏省委办公厅");
        // a committee that is not the party's keeps its name
        assert_eq!(
            normalise("长沙市发展和改革委员会"),
            "长沙市发展和改革委员会"
        );
    }

    #[test]
    fn region_prefixes_are_place_names() {
        for p in [
            "长沙市",
            "上海市普陀区",
            "上海市普陀区人民政府",
            "济南市市中区",
            "新疆维吾尔自治区",
            "黔东南苗族侗族自治州",
        ] {
            assert!(is_region_prefix(p), "{p}");
        }
        for p in [
            "",
            "长沙",
            "市",
            "长沙市经济技术",
            "中共长沙市委",
            "人民政府",
            "ABC市",
        ] {
            assert!(!is_region_prefix(p), "{p}");
        }
    }

    #[test]
    fn a_short_name_takes_the_one_full_name_of_the_batch() {
        let names = ["长沙市大数据中心", "大数据中心", "长沙市公安局"];
        assert_eq!(key_of(&names, "大数据中心"), "长沙市大数据中心");
        assert_eq!(key_of(&names, "长沙市大数据中心"), "长沙市大数据中心");
        let names = [
            "上海市普陀区统计局",
            "普陀区统计局",
            "上海市普陀区统计局（本级）",
        ];
        for n in names {
            assert_eq!(key_of(&names, n), "上海市普陀区统计局", "{n}");
        }
        let names = ["上海市普陀区人民政府万里街道办事处", "万里街道办事处"];
        assert_eq!(
            key_of(&names, "万里街道办事处"),
            "上海市普陀区人民政府万里街道办事处"
        );
        let names = ["中国共产党江苏省委员会办公厅", "中共江苏省委办公厅"];
        assert_eq!(
            key_of(&names, "中国共产党江苏省委员会办公厅"),
            "中共江苏省委办公厅"
        );
    }

    #[test]
    fn two_different_bodies_are_never_merged() {
        // the short name could be either city's
        let names = ["长沙市大数据中心", "株洲市大数据中心", "大数据中心"];
        assert_eq!(key_of(&names, "大数据中心"), "大数据中心");
        assert_eq!(key_of(&names, "长沙市大数据中心"), "长沙市大数据中心");
        assert_eq!(key_of(&names, "株洲市大数据中心"), "株洲市大数据中心");
        // a body and one of its units: the name extended at the end, not by a region
        let names = ["上海市普陀区统计局", "上海市普陀区统计局普查中心"];
        assert_eq!(key_of(&names, "上海市普陀区统计局"), "上海市普陀区统计局");
        // a district's office and the city's
        let names = ["上海市人民政府办公室", "上海市普陀区人民政府办公室"];
        assert_eq!(
            key_of(&names, "上海市人民政府办公室"),
            "上海市人民政府办公室"
        );
        // not a region prefix: 长沙 without 市, a development zone's words
        let names = ["市财政局", "长沙市财政局"];
        assert_eq!(key_of(&names, "市财政局"), "市财政局");
        let names = ["开发区管理委员会", "长沙市经济技术开发区管理委员会"];
        assert_eq!(key_of(&names, "开发区管理委员会"), "开发区管理委员会");
        // too generic to be given the batch's one region
        let names = ["统计局", "上海市普陀区统计局"];
        assert_eq!(key_of(&names, "统计局"), "统计局");
        // one name, two bodies told apart by the city in brackets
        let names = ["中国石油大学（北京）", "中国石油大学（华东）"];
        assert_ne!(
            key_of(&names, "中国石油大学（北京）"),
            key_of(&names, "中国石油大学（华东）")
        );
    }

    #[test]
    fn a_longest_full_name_is_found_through_intermediate_ones() {
        let names = ["大数据中心", "长沙市大数据中心", "湖南省长沙市大数据中心"];
        for n in names {
            assert_eq!(key_of(&names, n), "湖南省长沙市大数据中心", "{n}");
        }
    }
}
