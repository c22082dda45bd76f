//! Files written atomically: through a temporary name in the same folder (`.NAME.PID.tmp`),
//! renamed into place, so an interrupted run never leaves a half-written file under a final name.

use std::io::Write;
use std::path::Path;

/// Writes a file the batch can redo (a report's JSON, its cache entry) atomically, without
/// waiting for the disk: a killed process leaves the old file or the new one; after a power
/// failure the file may be short, and the next run, which checks each cache entry and the
/// length of the JSON it describes, converts that report again.
pub fn write_redoable(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    replace_with(path, false, |f| f.write_all(bytes))
}

/// Writes to `path` atomically what `write` writes (buffered, never held whole): a temporary file
/// in the same folder, synced to disk, then renamed — a killed process or a power failure leaves
/// the old file or the new one.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    replace_with(path, true, |f| {
        let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
        write(&mut w)?;
        w.flush()
    })
}

/// Writes to `path` atomically what `write` writes to the file itself (a Parquet writer takes the
/// file): a temporary file in the same folder, synced to disk, then renamed.
pub(crate) fn write_atomic_file(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    replace_with(path, true, write)
}

/// Writes `path` through a temporary file in its folder, renamed into place (synced to disk
/// first when `sync`); the temporary file is removed when writing fails.
fn replace_with(
    path: &Path,
    sync: bool,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(temp_name(name));
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        write(&mut f)?;
        if sync {
            f.sync_all()?;
        }
        Ok(())
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, path)
}

/// The temporary name `NAME` is written under before the rename: hidden, with this process's
/// id, ending in `.tmp` — never a name an output file has.
pub fn temp_name(name: &str) -> String {
    format!(".{name}.{}.tmp", std::process::id())
}

/// Is this file name a temporary name of [`write_atomic_with`] or [`write_redoable`] (of any
/// process)?
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with('.')
        && name.strip_suffix(".tmp").is_some_and(|s| {
            s.rsplit_once('.')
                .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// Where a report's JSON is written.
pub fn json_path(dir: &Path, report_id: &str) -> std::path::PathBuf {
    dir.join("json").join(format!("{report_id}.json"))
}

/// Writes `json/<report_id>.json` (a report's document JSON) into the output folder `dir`.
pub fn write_json(dir: &Path, report_id: &str, json: &[u8]) -> std::io::Result<()> {
    write_redoable(&json_path(dir, report_id), json)
}
