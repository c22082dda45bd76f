//! A file's bytes: opened (regular files only), hashed, and its format told by its content.

use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

/// The input formats recognised by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sniffed {
    Pdf,
    Docx,
    Xlsx,
    Ole,
    Unknown,
}

/// How much of a file's start [`sniff`] looks at (beside a ZIP's central directory).
pub(crate) const HEAD: usize = 64 * 1024;

/// A file's format from its first [`HEAD`] bytes and, asked only of a ZIP, whether its central
/// directory lists `xl/workbook.xml`.
pub(crate) fn sniff(head: &[u8], lists_workbook: impl FnOnce() -> bool) -> Sniffed {
    if yjs_pdf::sniff(head) {
        return Sniffed::Pdf;
    }
    let zip = head.starts_with(b"PK\x03\x04");
    if zip && lists_workbook() {
        return Sniffed::Xlsx;
    }
    if yjs_docx::sniff(head) {
        return Sniffed::Docx;
    }
    if zip && head.windows(3).any(|w| w == b"xl/") {
        return Sniffed::Xlsx;
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Sniffed::Ole;
    }
    Sniffed::Unknown
}

/// Opens an input for reading, refusing anything but a regular file (or a link to one): a
/// FIFO named `x.pdf` would block the opening thread until something writes to it, and a device
/// never ends.
pub(crate) fn open_regular(path: &Path) -> std::io::Result<File> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::other(
            "not a regular file (a folder, pipe, socket or device)",
        ));
    }
    File::open(path)
}

/// SHA-256 of everything `r` reads, read in blocks (a file is never held whole to be hashed).
pub(crate) fn digest_reader(r: impl Read) -> std::io::Result<[u8; 32]> {
    let mut h = Sha256::new();
    std::io::copy(&mut BufReader::with_capacity(256 * 1024, r), &mut h)?;
    Ok(h.finalize().into())
}

/// Lower-case hexadecimal of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(2 * bytes.len());
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// The report_id of a file that cannot be read: from its path, as no content identifies it.
pub(crate) fn path_id(path: &Path) -> String {
    hex(&Sha256::digest(path.to_string_lossy().as_bytes()))[..16].to_string()
}

/// The message a panic carried (empty when it was not a string).
pub(crate) fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}
