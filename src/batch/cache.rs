//! The per-report cache of an output folder: `cache/<report_id>.bin` entries stamped with the
//! build, looked up by content, moved with the path their JSON names, and pruned to the current
//! reports.

use super::Input;
use crate::output;
use crate::record::{Record, ReportRow};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Version of the cache entry and index layout; bumped when [`Record`] changes.
pub const RECORD_SCHEMA: u32 = 5;

/// The build a cache entry was made by: yjs version, record layout and source fingerprint.
pub fn stamp() -> String {
    format!(
        "yjs {} record {} source {}",
        env!("CARGO_PKG_VERSION"),
        RECORD_SCHEMA,
        env!("YJS_SOURCE_HASH")
    )
}

/// A cache entry: the record of one content, its path being the one its JSON names.
#[derive(Serialize, Deserialize)]
pub(super) struct Entry {
    pub(super) stamp: String,
    pub(super) record: Record,
    /// The length of the report's JSON when the entry was written (files are not synced one
    /// by one: a JSON cut short by a power failure no longer matches, and is redone).
    pub(super) json_len: Option<u64>,
}

pub(super) fn cache_dir(out: &Path) -> PathBuf {
    out.join("cache")
}

/// The cache entry of a report: its [`Entry`] in postcard (a compact binary serde format; an
/// entry is written once a report and read back at the end of every run).
pub(super) fn entry_path(out: &Path, report_id: &str) -> PathBuf {
    cache_dir(out).join(format!("{report_id}.{ENTRY_EXT}"))
}

pub(super) const ENTRY_EXT: &str = "bin";

/// A cache entry, read and decoded; the reason when it cannot be.
pub(super) fn read_entry_at(path: &Path) -> Result<Entry, String> {
    decode(&std::fs::read(path).map_err(|e| e.to_string())?)
}

pub(super) fn decode(bytes: &[u8]) -> Result<Entry, String> {
    postcard::from_bytes(bytes).map_err(|e| e.to_string())
}

/// The record of the cache entry `bytes` (the contents of a `cache/<report_id>.bin`); the
/// reason when they are no whole entry.
pub fn decode_entry(bytes: &[u8]) -> Result<Record, String> {
    decode(bytes).map(|e| e.record)
}

pub(super) fn read_entry(out: &Path, report_id: &str) -> Option<Entry> {
    read_entry_at(&entry_path(out, report_id)).ok()
}

/// Writes the cache entry of `record`, noting the length of its JSON as written (`json_len`,
/// when the caller has just written it; otherwise the file's).
pub(super) fn write_entry(
    out: &Path,
    stamp: String,
    record: &Record,
    json_len: Option<u64>,
) -> std::io::Result<()> {
    let json_len = match (record.report.has_json(), json_len) {
        (false, _) => None,
        (true, Some(n)) => Some(n),
        (true, None) => Some(std::fs::metadata(output::json_path(out, record.id()))?.len()),
    };
    let bytes = postcard::to_stdvec(&EntryRef {
        stamp: &stamp,
        record,
        json_len,
    })
    .map_err(std::io::Error::other)?;
    output::write_redoable(&entry_path(out, record.id()), &bytes)
}

/// [`Entry`] as written.
#[derive(Serialize)]
pub(super) struct EntryRef<'a> {
    stamp: &'a str,
    record: &'a Record,
    json_len: Option<u64>,
}

/// The bytes of a report's `"report": {…}` member in its document JSON.
pub(super) fn report_key(r: &ReportRow) -> Vec<u8> {
    let mut k = b"\"report\":".to_vec();
    k.extend(serde_json::to_vec(r).unwrap_or_default());
    k
}

/// Rewrites the `report.path` of `json/<id>.json` in `dir` from `old.report.path` to `new_path`,
/// byte for byte as extraction would have written it. `false` when the file does not hold
/// `old`'s report object exactly once.
pub(super) fn repath_json(dir: &Path, old: &Record, new_path: &str) -> std::io::Result<bool> {
    let file = output::json_path(dir, old.id());
    let bytes = std::fs::read(&file)?;
    let mut new = old.report.clone();
    new.path = new_path.to_string();
    let (from, to) = (report_key(&old.report), report_key(&new));
    let hits: Vec<usize> = bytes
        .windows(from.len())
        .enumerate()
        .filter(|(_, w)| *w == from.as_slice())
        .map(|(i, _)| i)
        .take(2)
        .collect();
    let [at] = hits[..] else {
        return Ok(false);
    };
    let mut patched = Vec::with_capacity(bytes.len() + to.len());
    patched.extend_from_slice(&bytes[..at]);
    patched.extend_from_slice(&to);
    patched.extend_from_slice(&bytes[at + from.len()..]);
    output::write_redoable(&file, &patched)?;
    Ok(true)
}

/// The cached record of `input` (whose JSON is to name `json_path`), when the cache holds one
/// of this build for the same content and its JSON is in place.
pub(super) fn from_cache(out: &Path, input: &Input, json_path: &str) -> Option<Record> {
    let entry = read_entry(out, input.report_id())?;
    let r = &entry.record;
    if entry.stamp != stamp()
        || r.id() != input.report_id()
        || Some(&r.report.sha256) != input.sha256_hex().as_ref()
    {
        return None;
    }
    if r.report.has_json() {
        let len = std::fs::metadata(output::json_path(out, r.id()))
            .ok()?
            .len();
        if entry.json_len != Some(len) {
            return None;
        }
        if r.report.path != json_path {
            // the same content under another path: the JSON and the entry follow the path
            if !repath_json(out, r, json_path).ok()? {
                return None;
            }
            let mut moved = entry.record.clone();
            moved.report.path = json_path.to_string();
            write_entry(out, entry.stamp, &moved, None).ok()?;
            return Some(moved);
        }
    }
    Some(entry.record)
}

/// Removes temporary files a killed run left in the output folder.
pub(super) fn remove_temp_files(out: &Path) {
    for dir in [
        out.to_path_buf(),
        out.join("tables"),
        out.join("json"),
        cache_dir(out),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            if output::is_temp_name(&e.file_name().to_string_lossy()) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

pub(super) fn is_report_id(s: &str) -> bool {
    s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Removes the `<id>.json` and `<id>.bin` files of `dir` but the `<id>.EXT` of the ids in `keep`
/// (the entries of an older cache layout go too).
pub(super) fn prune(dir: &Path, ext: &str, keep: &[&str]) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some((id, e_ext)) = name.rsplit_once('.') {
            if is_report_id(id)
                && matches!(e_ext, "json" | "bin")
                && !(e_ext == ext && keep.binary_search(&id).is_ok())
            {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest;

    #[test]
    fn pruning_keeps_the_current_entries_only_and_drops_an_older_layout() {
        let dir = tempfile::tempdir().unwrap();
        let (kept, gone) = ("0123456789abcdef", "fedcba9876543210");
        for name in [
            format!("{kept}.bin"),
            format!("{kept}.json"), // the same report's entry in the JSON layout of before
            format!("{gone}.bin"),
            "index.json".to_string(),
            "notes.txt".to_string(),
        ] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        prune(dir.path(), ENTRY_EXT, &[kept]);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                format!("{kept}.bin"),
                "index.json".into(),
                "notes.txt".into()
            ]
        );
    }

    #[test]
    fn a_cache_entry_decodes_to_its_record_and_a_cut_one_does_not() {
        let mut rec = Record {
            report: ReportRow::new(Path::new("a/b.pdf")),
            facts: vec![],
            checks: vec![],
            narrative: vec![],
            cells: vec![],
        };
        rec.report.report_id = "0123456789abcdef".into();
        rec.facts.push(crate::record::FactRow {
            table: yjs_analyze::schema::TableKey::Summary,
            side: Some(yjs_analyze::schema::Side::Income),
            row_code: String::new(),
            row_name: "一般公共预算财政拨款收入".into(),
            column: "amount".into(),
            value: rust_decimal::Decimal::new(1217560, 2),
            unit: "万元".into(),
            page: 3,
            row_seq: 0,
            confidence: Some(87),
        });
        // amounts are stored exactly, the sign of a negative zero too
        let amounts = ["12,175.60", "-3", "-0.00", "合计"];
        let cell = |i: usize, text: &str| yjs_analyze::GridCell {
            row: 1,
            col: i as u32,
            row_path_len: 0,
            column_path_len: 6,
            text_len: text.len() as u32,
            value: yjs_analyze::amount::parse_amount(text),
        };
        rec.cells.push(yjs_analyze::CellTable {
            table_no: 1,
            title: "收入支出决算总表".into(),
            unit: "万元".into(),
            grids: vec![yjs_analyze::CellGrid {
                page: 5,
                first_row: 1,
                column_paths: vec!["金额".into(); 4],
                row_paths: vec![String::new(), "项目".into()],
                texts: amounts.concat(),
                cells: amounts
                    .iter()
                    .enumerate()
                    .map(|(i, t)| cell(i, t))
                    .collect(),
            }],
        });
        let bytes = postcard::to_stdvec(&EntryRef {
            stamp: "s",
            record: &rec,
            json_len: Some(7),
        })
        .unwrap();
        let back = decode_entry(&bytes).unwrap();
        assert_eq!(back, rec);
        assert_eq!(back.facts[0].value.to_string(), "12175.60");
        let cells: Vec<(&str, String, &str)> = back
            .cell_rows()
            .map(|c| {
                let value = c.cell.value.map(|v| v.to_string()).unwrap_or_default();
                (c.text, value, c.column_path())
            })
            .collect();
        assert_eq!(
            cells,
            [
                ("12,175.60", "12175.60".into(), "金额"),
                ("-3", "-3".into(), "金额"),
                ("-0.00", "-0.00".into(), "金额"),
                ("合计", String::new(), "金额"),
            ]
        );
        assert!(decode_entry(&bytes[..bytes.len() - 3]).is_err());
    }

    #[test]
    fn the_json_report_object_is_found_and_repathed_byte_for_byte() {
        // a document JSON as the pipeline writes it, for a path that needs escaping
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("a \"b\" 部门.docx");
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("corpus")
                .join("长沙市大数据中心-2023-部门决算.docx"),
            &input,
        )
        .unwrap();
        let mut outcome = ingest::process_with(&input, &Default::default(), None);
        let json = outcome.json.take().unwrap();
        let rec = outcome.into_record();
        let json = json.as_slice();
        let key = report_key(&rec.report);
        assert_eq!(
            json.windows(key.len())
                .filter(|w| *w == key.as_slice())
                .count(),
            1
        );
        output::write_json(dir.path(), rec.id(), json).unwrap();
        assert!(repath_json(dir.path(), &rec, "moved/c.docx").unwrap());
        let read = |p: &Path| -> serde_json::Value {
            serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
        };
        let mut moved = read(&output::json_path(dir.path(), rec.id()));
        assert_eq!(moved["report"]["path"], "moved/c.docx");
        moved["report"]["path"] = rec.report.path.clone().into();
        assert_eq!(
            moved,
            serde_json::from_slice::<serde_json::Value>(json).unwrap()
        );
        // a JSON that does not hold the object is left alone
        let mut other = rec.clone();
        other.report.pages += 1;
        assert!(!repath_json(dir.path(), &other, "x.docx").unwrap());
    }
}
