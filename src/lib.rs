//! yujuesuan (预决算): Chinese government budget and final-account disclosure reports → exact,
//! checked tables.
//!
//! Data flow: bytes → extractor (`yjs-pdf`, `yjs-docx`, `yjs-xlsx`) → document model
//! (`yjs-model`) → recognition (`yjs-analyze`: segmentation, canonical tables, metadata,
//! narrative, checks) → [`output`]. [`pipeline`] runs one file through all of it; [`batch`] runs
//! many, with the per-report cache.

pub mod batch;
pub mod output;
pub mod parquet_out;
pub mod pipeline;
pub mod record;

pub use yjs_analyze as analyze;
pub use yjs_model as model;
