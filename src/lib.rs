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
mod pattern;
pub mod pipeline;
pub mod reconcile;
pub mod record;
pub mod schema;
pub mod segment;

pub use yjs_model as model;

pub(crate) use pattern::bounded_regex;
