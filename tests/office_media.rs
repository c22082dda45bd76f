//! A DOCX or XLSX is read part by part from its file: the images and other media it holds (often
//! most of its bytes: seals, logos, scanned pages) are never read, so memory does not grow with
//! them. Checked by counting what the extractors read of a sample with a large image added.

use std::io::{Cursor, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// A reader that counts the bytes read through it.
struct Counting<R> {
    inner: R,
    read: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

impl<R: Seek> Seek for Counting<R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

const MEDIA: usize = 4 << 20;

/// The sample `name` of `corpus/` with a 4 MiB image (stored, not compressible) added, in the
/// media folder of the format.
fn with_image(name: &str) -> Vec<u8> {
    let entry = if name.ends_with(".xlsx") {
        "xl/media/image1.png"
    } else {
        "word/media/image1.png"
    };
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name);
    let bytes = std::fs::read(&path).unwrap();
    let mut zip = zip::ZipWriter::new_append(Cursor::new(bytes)).unwrap();
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file(entry, stored).unwrap();
    // not compressible: a simple generator's bytes
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let image: Vec<u8> = (0..MEDIA)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    zip.write_all(&image).unwrap();
    zip.finish().unwrap().into_inner()
}

/// Reads `bytes` (a sample with the image) through `read_from` and from memory with `read`:
/// the same document, and less than three times the bytes other than the image read.
fn reads_around_the_image<D: std::fmt::Debug>(
    bytes: &[u8],
    read_from: impl Fn(&mut Counting<Cursor<&[u8]>>) -> D,
    read: impl Fn(&[u8]) -> D,
) -> D {
    let mut reader = Counting {
        inner: Cursor::new(bytes),
        read: 0,
    };
    let doc = read_from(&mut reader);
    assert_eq!(format!("{doc:?}"), format!("{:?}", read(bytes)));
    assert!(
        reader.read < (bytes.len() - MEDIA) as u64 * 3,
        "read {} of {} bytes",
        reader.read,
        bytes.len()
    );
    doc
}

#[test]
fn an_xlsx_image_is_never_read() {
    let bytes = with_image("长沙市大数据中心-2023-部门决算.xlsx");
    assert!(bytes.len() > MEDIA);
    let doc = reads_around_the_image(
        &bytes,
        |r| yjs_xlsx::extract_from(r).unwrap(),
        |b| yjs_xlsx::extract(b).unwrap(),
    );
    assert_eq!(doc.pages.len(), 8);
}

#[test]
fn a_docx_image_is_never_read() {
    let bytes = with_image("长沙市大数据中心-2023-部门决算.docx");
    let doc = reads_around_the_image(
        &bytes,
        |r| yjs_docx::extract_from(r).unwrap(),
        |b| yjs_docx::extract(b).unwrap(),
    );
    assert!(doc.pages.iter().map(|p| p.blocks.len()).sum::<usize>() > 20);
}

/// Through the whole pipeline: the sample with the image gives the same facts as without it.
#[test]
fn an_office_file_with_an_image_gives_the_same_facts() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "长沙市大数据中心-2023-部门决算.xlsx",
        "长沙市大数据中心-2023-部门决算.docx",
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, with_image(name)).unwrap();
        let plain = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus")
            .join(name);
        let (a, b) = (
            yjs::ingest::process_with(&path, &Default::default(), None),
            yjs::ingest::process_with(&plain, &Default::default(), None),
        );
        assert_eq!(
            a.report.status,
            yjs::record::Status::Ok,
            "{name}: {}",
            a.report.error
        );
        assert!(a.facts.len() > 100, "{name}: {} facts", a.facts.len());
        let values = |o: &yjs::ingest::Outcome| -> Vec<String> {
            o.facts.iter().map(|f| f.value.to_string()).collect()
        };
        assert_eq!(values(&a), values(&b), "{name}");
    }
}
