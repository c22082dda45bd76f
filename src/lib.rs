//! yujuesuan (预决算): Chinese government budget and final-account disclosure reports → exact,
//! checked tables.
//!
//! Layers: bytes → extractors (`yjs-pdf`, `yjs-docx`, `yjs-xlsx`) → document model
//! (`yjs-model`) → recognition (`yjs-analyze`: segmentation, canonical tables, metadata,
//! narrative, checks) → this crate: [`ingest`] runs one file through all of it, [`batch`] runs
//! many with the per-report cache, shards and merges, [`output`] writes the files, [`record`]
//! holds one report's rows as they are written and cached; [`panel`] reads an output folder back
//! into one table across departments and years; [`view`] writes an output folder's reports as
//! HTML pages with their page images, for auditing.

#![warn(missing_docs)]

pub mod batch;
pub mod ingest;
pub mod output;
pub mod panel;
pub mod record;
pub mod view;

pub use yjs_analyze as analyze;
pub use yjs_model as model;
