//! Report metadata: department, fiscal year, kind (决算/预算) and scope (部门/单位).
//!
//! Sources, strongest first: labelled lines (`预算主管部门：…`, `编制单位：…`, `单位：…` when not a
//! money unit), the 第一部分 … 概况 heading, the `… 年度部门决算表` heading, then the cover page.

use crate::segment::TableInstance;
use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;
use yjs_model::{Block, Document};

#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub department: Option<String>,
    pub year: Option<i32>,
    pub kind: &'static str,
    pub scope: &'static str,
}

struct Patterns {
    labelled: Regex,
    overview: Regex,
    heading: Regex,
    cover: Regex,
    year: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        labelled: Regex::new(r"^(?:预算单位|预算主管部门|主管部门|编制部门|编制单位|部门名称|单位名称|单位)[:：](.{2,40})$").unwrap(),
        overview: Regex::new(r"^第一部分(.{2,40}?)(?:部门（单位）|部门\(单位\)|单位)?概况$").unwrap(),
        heading: Regex::new(r"^(?:第二部分)?(.{2,40}?)(20\d\d)年度?(?:部门|单位)(?:决算|预算)(?:表|公开)?$").unwrap(),
        cover: Regex::new(r"(20\d\d)年度?(.{2,40}?)(?:部门|单位)(?:决算|预算)").unwrap(),
        year: Regex::new(r"(20\d\d)\s*年").unwrap(),
    })
}

fn page_lines(doc: &Document, page: usize) -> Vec<String> {
    let mut v = Vec::new();
    if let Some(p) = doc.pages.get(page) {
        for b in &p.blocks {
            if let Block::Paragraph(par) = b {
                for l in &par.lines {
                    v.push(l.text.chars().filter(|c| !c.is_whitespace()).collect());
                }
            }
        }
    }
    v
}

fn is_money_unit(s: &str) -> bool {
    matches!(s, "万元" | "元" | "千元" | "亿元")
}

pub fn detect(doc: &Document, tables: &[TableInstance]) -> Meta {
    let p = patterns();
    let mut meta = Meta {
        kind: "unknown",
        scope: "unknown",
        ..Default::default()
    };
    let cover: String = page_lines(doc, 0).concat();
    let mut all_lines: Vec<String> = Vec::new();
    for i in 0..doc.pages.len().min(60) {
        all_lines.extend(page_lines(doc, i));
    }
    // department
    let mut counts: HashMap<String, usize> = HashMap::new();
    for l in &all_lines {
        if let Some(c) = p.labelled.captures(l) {
            // the label may share its line with the year and the unit: 单位：X 2023年度 单位：万元
            let v = c[1].split("单位").next().unwrap_or(&c[1]);
            let v = v.trim_end_matches(|c: char| c.is_ascii_digit() || c == '年' || c == '度');
            if !is_money_unit(v) && !v.is_empty() && !v.starts_with("单位") {
                *counts.entry(v.to_string()).or_default() += 1;
            }
        }
    }
    let labelled = counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(k, _)| k.clone());
    // names from the headings and the cover, in order of trust
    let overview = all_lines
        .iter()
        .find_map(|l| p.overview.captures(l).map(|c| c[1].to_string()));
    let heading = all_lines
        .iter()
        .find_map(|l| p.heading.captures(l).map(|c| c[1].to_string()));
    let covered = p
        .cover
        .captures(&cover)
        .map(|c| c[2].to_string())
        .filter(|d| !d.is_empty());
    meta.department = labelled.map(|l| {
        // a label line cut by a narrow cell: a longer name elsewhere that extends it wins
        counts
            .keys()
            .cloned()
            .chain(overview.clone())
            .chain(heading.clone())
            .chain(covered.clone())
            .filter(|c| c.starts_with(&l) && c.chars().count() <= 40)
            .max_by_key(|c| c.chars().count())
            .unwrap_or(l)
    });
    if meta.department.is_none() {
        meta.department = all_lines
            .iter()
            .find_map(|l| p.overview.captures(l).map(|c| c[1].to_string()))
            .or_else(|| {
                all_lines
                    .iter()
                    .find_map(|l| p.heading.captures(l).map(|c| c[1].to_string()))
            })
            .or_else(|| {
                p.cover
                    .captures(&cover)
                    .map(|c| c[2].to_string())
                    .filter(|d| !d.is_empty())
            })
            .or_else(|| {
                // "中共上海市普陀区委社会工作部2024年度部门决算": the name precedes the year
                let i = cover.find("20")?;
                let name = cover[..i].to_string();
                (name.chars().count() >= 2).then_some(name)
            });
    }
    // year: the cover first, then table titles, then the most common year in the text
    meta.year = p
        .year
        .captures(&cover)
        .and_then(|c| c[1].parse().ok())
        .or_else(|| {
            tables
                .iter()
                .find_map(|t| p.year.captures(&t.title).and_then(|c| c[1].parse().ok()))
        })
        .or_else(|| {
            let mut yc: HashMap<i32, usize> = HashMap::new();
            for l in &all_lines {
                for c in p.year.captures_iter(l) {
                    if let Ok(y) = c[1].parse() {
                        *yc.entry(y).or_default() += 1;
                    }
                }
            }
            yc.into_iter().max_by_key(|(y, n)| (*n, *y)).map(|(y, _)| y)
        });
    // kind and scope: the cover, then the table titles
    let titles: String = tables.iter().map(|t| t.title.as_str()).collect();
    for text in [&cover, &titles, &all_lines.concat()] {
        if meta.kind == "unknown" {
            let f = text.find("决算");
            let b = text.find("预算");
            meta.kind = match (f, b) {
                (Some(_), None) => "final",
                (None, Some(_)) => "budget",
                // "部门决算" on a cover that also names 预算 elsewhere: the report's own word
                (Some(_), Some(_)) if text.contains("部门决算") || text.contains("单位决算") => {
                    "final"
                }
                (Some(_), Some(_)) if text.contains("部门预算") || text.contains("单位预算") => {
                    "budget"
                }
                _ => "unknown",
            };
        }
        if meta.scope == "unknown" {
            if text.contains("单位预算")
                || text.contains("单位决算")
                || text.contains("预算单位财务")
            {
                meta.scope = "unit";
            } else if text.contains("部门预算") || text.contains("部门决算") {
                meta.scope = "department";
            }
        }
    }
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labelled_line_pattern() {
        let p = patterns();
        let c = p
            .labelled
            .captures("预算主管部门：上海市普陀区司法局")
            .unwrap();
        assert_eq!(&c[1], "上海市普陀区司法局");
        let c = p
            .overview
            .captures("第一部分长沙市大数据中心部门（单位）概况")
            .unwrap();
        assert_eq!(&c[1], "长沙市大数据中心");
        let c = p
            .cover
            .captures("2023年度长沙市大数据中心部门决算目录")
            .unwrap();
        assert_eq!(&c[2], "长沙市大数据中心");
    }
}
