//! yujuesuan (预决算): Chinese government budget and final-account disclosure reports → exact,
//! checked tables.
//!
//! Data flow: bytes → extractor (`yjs-pdf`) → document model (`yjs-model`) → [`segment`] (titles,
//! units, stitched grids) → [`reconcile`] (canonical tables and facts, keys from [`schema`]) →
//! [`checks`] → [`output`]. [`pipeline`] runs one file through all of it; [`meta`] finds the
//! department, year, kind and scope.

pub mod amount;
pub mod batch;
pub mod checks;
pub mod meta;
pub mod narrative;
pub mod output;
pub mod parquet_out;
pub mod pipeline;
pub mod reconcile;
pub mod record;
pub mod schema;
pub mod segment;

pub use yjs_model as model;

/// The lazy-DFA cache of a pattern compiled by [`bounded_regex`], per thread that uses it.
/// regex's default (2 MiB) lets each cache grow with every new text a batch meets: the 16
/// patterns of the checks and metadata, on two threads, held 4 MB more after 2,000 reports than
/// after 200. A quarter of a MiB bounds that, with no measurable loss of speed (an eighth is
/// slower: the cache is cleared and rebuilt more often).
const REGEX_DFA_CACHE: usize = 256 << 10;

/// `pattern` compiled with a bounded cache ([`REGEX_DFA_CACHE`]).
pub(crate) fn bounded_regex(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(pattern)
        .dfa_size_limit(REGEX_DFA_CACHE)
        .build()
}
