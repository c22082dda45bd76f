//! Regular expressions as the pipeline compiles them: with a bounded lazy-DFA cache
//! ([`bounded_regex`]), and, for patterns with long counted repetitions, searched for in a relaxed
//! form first ([`Counted`]).
//!
//! The lazy DFA of a pattern such as `(.{2,40}?)部门决算` has a state for every count of every
//! character class, so its cache fills with each new text a batch meets, per thread: the cache
//! memory of a batch grew with its size. [`Counted`] searches with the repetition unbounded
//! (`(.{2,}?)`), whose DFA has a few states, and turns to the pattern as written only when a
//! match breaks a bound, which gives exactly the pattern's own matches (see [`Counted`]).

use regex::{CaptureLocations, Captures, Regex};
use regex_syntax::ast::{self, Ast};

/// The lazy-DFA cache of a pattern compiled by [`bounded_regex`], per thread that uses it.
/// regex's default (2 MiB) lets each cache grow with every new text a batch meets. A quarter of a
/// MiB bounds that, with no measurable loss of speed (an eighth is slower: the cache is cleared
/// and rebuilt more often).
const REGEX_DFA_CACHE: usize = 256 << 10;

/// `pattern` compiled with a bounded cache ([`REGEX_DFA_CACHE`]).
pub(crate) fn bounded_regex(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(pattern)
        .dfa_size_limit(REGEX_DFA_CACHE)
        .build()
}

/// The least upper bound of a counted repetition that [`Counted`] relaxes (`{2,40}` is, `{1,3}`
/// is not).
const LONG: u32 = 16;

/// A pattern with long counted repetitions, each the whole of a capture group over one
/// character (`(.{2,40})`, `([^“”]{2,120}?)`), searched for in two steps: the relaxed pattern
/// (each such repetition without its upper bound) first; when its match keeps every bound, that
/// match is the pattern's own; otherwise the pattern as written searches from the same place.
///
/// Why that is exact: the relaxed pattern matches a superset of the pattern's parses, ordered the
/// same way (leftmost start, then regex's preference order). So when the relaxed pattern's first
/// parse keeps the bounds, no parse of the pattern starts earlier or is preferred to it; and when
/// the relaxed pattern finds nothing, the pattern finds nothing either.
pub(crate) struct Counted {
    relaxed: Regex,
    /// The pattern as written.
    exact: Regex,
    /// `(capture group, most characters it may hold)` of each relaxed repetition.
    limits: Vec<(usize, usize)>,
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum PatternError {
    #[error(transparent)]
    Regex(#[from] regex::Error),
    #[error("{0}")]
    Syntax(String),
}

impl Counted {
    pub(crate) fn new(pattern: &str) -> Result<Counted, PatternError> {
        // the pattern as written runs without a lazy DFA (regex then uses its NFA engines, whose
        // caches follow the pattern's size, not the texts): it searches only where a relaxed
        // match broke a bound, and its DFA cache would fill as the bounded form's did
        let exact = regex::RegexBuilder::new(pattern)
            .dfa_size_limit(0)
            .build()?;
        let mut tree = ast::parse::Parser::new()
            .parse(pattern)
            .map_err(|e| PatternError::Syntax(e.to_string()))?;
        // the iterator below steps over a match by its end: a pattern that can match nothing
        // would need regex's rules for empty matches
        let hir = regex_syntax::hir::translate::Translator::new()
            .translate(pattern, &tree)
            .map_err(|e| PatternError::Syntax(e.to_string()))?;
        if hir.properties().minimum_len().unwrap_or(0) == 0 {
            return Err(PatternError::Syntax(format!(
                "{pattern:?} can match an empty text"
            )));
        }
        let mut limits = Vec::new();
        if !has_flags(&tree) {
            relax(&mut tree, &mut limits);
        }
        let mut relaxed = String::new();
        ast::print::Printer::new()
            .print(&tree, &mut relaxed)
            .map_err(|e| PatternError::Syntax(e.to_string()))?;
        Ok(Counted {
            relaxed: bounded_regex(&relaxed)?,
            exact,
            limits,
        })
    }

    /// Does the relaxed match with these group spans keep every bound?
    fn keeps_bounds(&self, h: &str, span: impl Fn(usize) -> Option<(usize, usize)>) -> bool {
        self.limits
            .iter()
            .all(|&(g, most)| span(g).is_none_or(|(s, e)| h[s..e].chars().nth(most).is_none()))
    }

    /// The first match at or after `start` (as [`Regex::captures_at`]).
    pub(crate) fn captures_at<'h>(&self, h: &'h str, start: usize) -> Option<Captures<'h>> {
        let c = self.relaxed.captures_at(h, start)?;
        if self.keeps_bounds(h, |g| c.get(g).map(|m| (m.start(), m.end()))) {
            Some(c)
        } else {
            self.exact.captures_at(h, start)
        }
    }

    /// The first match (as [`Regex::captures`]).
    pub(crate) fn captures<'h>(&self, h: &'h str) -> Option<Captures<'h>> {
        self.captures_at(h, 0)
    }

    #[cfg(test)]
    pub(crate) fn is_match(&self, h: &str) -> bool {
        self.captures(h).is_some()
    }

    /// Successive non-overlapping matches (as [`Regex::captures_iter`]; the pattern cannot match
    /// an empty text, so each search starts where the last match ended).
    pub(crate) fn captures_iter<'a, 'h: 'a>(
        &'a self,
        h: &'h str,
    ) -> impl Iterator<Item = Captures<'h>> + 'a {
        let mut at = 0;
        std::iter::from_fn(move || {
            let c = self.captures_at(h, at)?;
            at = c.get(0)?.end();
            Some(c)
        })
    }

    /// Slots to pass to [`Counted::group`] (made once for many searches).
    pub(crate) fn capture_locations(&self) -> CaptureLocations {
        self.relaxed.capture_locations()
    }

    /// The span of group `g` of the first match in `h`, with `locs` from
    /// [`Counted::capture_locations`].
    pub(crate) fn group(
        &self,
        locs: &mut CaptureLocations,
        h: &str,
        g: usize,
    ) -> Option<(usize, usize)> {
        self.relaxed.captures_read(locs, h)?;
        if self.keeps_bounds(h, |i| locs.get(i)) {
            return locs.get(g);
        }
        let mut exact = self.exact.capture_locations();
        self.exact.captures_read(&mut exact, h)?;
        exact.get(g)
    }
}

/// Does the pattern set any flag (`(?s)`, `(?-u:…)`)? Such patterns are searched for as written.
fn has_flags(a: &Ast) -> bool {
    match a {
        Ast::Flags(_) => true,
        Ast::Group(g) => {
            matches!(&g.kind, ast::GroupKind::NonCapturing(f) if !f.items.is_empty())
                || has_flags(&g.ast)
        }
        Ast::Repetition(r) => has_flags(&r.ast),
        Ast::Alternation(x) => x.asts.iter().any(has_flags),
        Ast::Concat(x) => x.asts.iter().any(has_flags),
        _ => false,
    }
}

/// Does `a` match exactly one character?
fn one_char(a: &Ast) -> bool {
    matches!(
        a,
        Ast::Dot(_)
            | Ast::Literal(_)
            | Ast::ClassBracketed(_)
            | Ast::ClassUnicode(_)
            | Ast::ClassPerl(_)
    )
}

/// Removes the upper bound of every long counted repetition that is the whole of a capture
/// group over one character, noting the group and the bound in `limits`.
fn relax(a: &mut Ast, limits: &mut Vec<(usize, usize)>) {
    match a {
        Ast::Group(g) => {
            let index = match &g.kind {
                ast::GroupKind::CaptureIndex(i) => Some(*i),
                ast::GroupKind::CaptureName { name, .. } => Some(name.index),
                ast::GroupKind::NonCapturing(_) => None,
            };
            if let (Some(i), Ast::Repetition(r)) = (index, &mut *g.ast) {
                if let ast::RepetitionKind::Range(ast::RepetitionRange::Bounded(m, n)) = r.op.kind {
                    if n >= LONG && one_char(&r.ast) {
                        r.op.kind = ast::RepetitionKind::Range(ast::RepetitionRange::AtLeast(m));
                        limits.push((i as usize, n as usize));
                        return;
                    }
                }
            }
            relax(&mut g.ast, limits)
        }
        Ast::Repetition(r) => relax(&mut r.ast, limits),
        Ast::Alternation(x) => x.asts.iter_mut().for_each(|a| relax(a, limits)),
        Ast::Concat(x) => x.asts.iter_mut().for_each(|a| relax(a, limits)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(c: &Captures) -> Vec<Option<(usize, usize)>> {
        c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect()
    }

    /// Every match of `pattern` in each text, through [`Counted`] and through regex, as spans.
    fn same(pattern: &str, texts: &[&str]) {
        let c = Counted::new(pattern).unwrap();
        let r = Regex::new(pattern).unwrap();
        for t in texts {
            let ours: Vec<_> = c.captures_iter(t).map(|m| spans(&m)).collect();
            let theirs: Vec<_> = r.captures_iter(t).map(|m| spans(&m)).collect();
            assert_eq!(ours, theirs, "{pattern} on {t:?}");
            let mut locs = c.capture_locations();
            for g in 0..r.captures_len() {
                let first = r
                    .captures(t)
                    .and_then(|m| m.get(g))
                    .map(|m| (m.start(), m.end()));
                assert_eq!(
                    c.group(&mut locs, t, g),
                    first,
                    "{pattern} group {g} on {t:?}"
                );
            }
            assert_eq!(c.is_match(t), r.is_match(t));
        }
    }

    #[test]
    fn relaxes_only_long_repetitions_that_make_a_group() {
        let c = Counted::new(r"(20\d\d)年度?(.{2,40}?)(?:部门|单位)(?:决算|预算)").unwrap();
        assert_eq!(
            c.relaxed.as_str(),
            r"(20\d\d)年度?(.{2,}?)(?:部门|单位)(?:决算|预算)"
        );
        assert_eq!(c.limits, vec![(2, 40)]);
        let c = Counted::new(r"[（(]即(\d{3,7})[）)]").unwrap();
        assert_eq!(c.relaxed.as_str(), r"[（(]即(\d{3,7})[）)]");
        assert!(c.limits.is_empty());
        // not the whole group: kept
        let c = Counted::new(r"(a.{2,40})b").unwrap();
        assert_eq!(c.relaxed.as_str(), r"(a.{2,40})b");
        // flags: kept as written
        let c = Counted::new(r"(?s)(.{2,40})b").unwrap();
        assert!(c.limits.is_empty());
        assert!(Counted::new(r"(.{0,40})").is_err());
    }

    #[test]
    fn finds_what_the_pattern_finds_when_a_bound_is_broken() {
        let long = "很".repeat(45);
        let cover = r"(20\d\d)年度?(.{2,40}?)(?:部门|单位)(?:决算|预算)";
        same(
            cover,
            &[
                "2023年度长沙市大数据中心部门决算",
                // the nearest end is beyond the bound from the first year: a later start wins
                &format!("2023年{long}2024年某某部门决算"),
                // 度 consumed leaves one character; the parse without it holds two
                &format!("2023年度X部门决算{long}单位预算"),
                &format!("2023年{long}部门决算"),
                "2023年度X部门决算",
                "",
                "no match here",
            ],
        );
        let class = r"([\p{Han}“”（）()]{2,24}?)[（(](\d{3})类[）)]";
        same(
            class,
            &[
                "一般公共服务支出（201类）和教育支出（205类）",
                &format!("{}（201类）", "甲".repeat(30)),
                &format!("{}（201类）{}（205类）", "甲".repeat(30), "乙".repeat(3)),
            ],
        );
        let anchored =
            r"^(?:第二部分)?(.{2,40}?)(20\d\d)年度?(?:部门|单位)(?:决算|预算)(?:表|公开)?$";
        same(
            anchored,
            &[
                "第二部分长沙市大数据中心2023年度部门决算表",
                "第二部分X2024年部门决算",
                &format!("第二部分{long}2023年部门决算"),
            ],
        );
        let named = r"“([^“”]{2,120})”科目";
        same(
            named,
            &[
                "“一般公共服务支出”科目",
                &format!("“{}”科目“短名”科目", "长".repeat(130)),
            ],
        );
        let labelled = r"^(?:单位名称|单位)[:：](.{2,40})$";
        same(labelled, &["单位：某某局", &format!("单位：{long}")]);
    }
}
