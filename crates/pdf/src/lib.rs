#![warn(missing_docs)]
//! The PDF extractor: bytes → [`yjs_model::Document`].
//!
//! Layers, bottom up; each module uses only the ones before it, so there is no cycle:
//! [`lexer`] (content-stream tokens, no allocation per operator), [`stream`] (filters),
//! [`unihan`] and [`font`] (codes → Unicode and widths, CJK CMaps), [`interp`] (graphics and
//! text state → glyphs and rulings), [`text`] (glyphs in page space → printed lines, segments
//! and their text), [`align`] (tables without rulings, rebuilt from text alignment) and
//! [`layout`] (rulings → grids, then the tables of [`align`], then paragraphs, for one page).
//!
//! Never panics on bad input by design; callers still isolate each file (the CLI catches panics)
//! because lopdf is a dependency we do not control.

mod align;
#[cfg(any(test, feature = "test-support"))]
pub mod build;
mod font;
mod glyphs;
mod interp;
mod layout;
mod lexer;
mod object;
pub mod ocr;
mod predefined;
mod stream;
mod text;
mod turn;
mod unihan;

use interp::{FontCache, Interpreter, Limits};
use layout::{HLine, VLine};
use lopdf::{Dictionary, Object, ObjectId};
use object::deref;
use text::Char;
use yjs_model::{BBox, Document, Format, OcrWord, Page, Undecoded};

/// Why a file could not be extracted.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// No `%PDF-` header within the first 1 KiB.
    #[error("not a PDF: the file does not start with %PDF")]
    NotPdf,
    /// Encrypted with a user password (an empty password is tried).
    #[error("encrypted PDF: it needs a password to open")]
    Encrypted,
    /// lopdf could not parse the file; the message is lopdf's.
    #[error("unreadable PDF: {0}")]
    Parse(String),
    /// The page tree holds no pages.
    #[error("PDF has no pages")]
    NoPages,
    /// The thread's time limit ran out (checked after parsing, per page and in the interpreter).
    #[error(transparent)]
    TimeLimit(#[from] yjs_model::limit::TimeLimitExceeded),
}

/// Largest inflated content of one page (a decompression-bomb guard).
const MAX_PAGE_CONTENT: usize = 256 << 20;

/// Does this look like a PDF (the `%PDF-` header within the first 1 KiB)?
pub fn sniff(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}

/// A page attribute, inherited through the page tree.
fn inherited<'a>(doc: &'a lopdf::Document, page: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut id = page;
    for _ in 0..64 {
        let d = doc.get_dictionary(id).ok()?;
        if let Ok(o) = d.get(key) {
            return Some(deref(doc, o));
        }
        id = d.get(b"Parent").and_then(|p| p.as_reference()).ok()?;
    }
    None
}

fn rect(o: Option<&Object>, doc: &lopdf::Document) -> Option<(f64, f64, f64, f64)> {
    let a = o?.as_array().ok()?;
    if a.len() != 4 {
        return None;
    }
    let v = object::numbers(doc, a);
    Some((
        v[0].min(v[2]),
        v[1].min(v[3]),
        v[0].max(v[2]),
        v[1].max(v[3]),
    ))
}

fn text_string(o: &Object) -> Option<String> {
    let b = o.as_str().ok()?;
    if b.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = b[2..]
            .chunks(2)
            .map(|c| (c[0] as u16) << 8 | *c.get(1).unwrap_or(&0) as u16)
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else if let Ok(s) = std::str::from_utf8(b) {
        Some(s.to_string())
    } else {
        Some(b.iter().map(|&c| c as char).collect())
    }
}

/// Extracts every page of a PDF into the document model. Honours the thread's time limit
/// ([`yjs_model::limit`]): checked after parsing, per page and inside the interpreter.
pub fn extract(bytes: &[u8]) -> Result<Document, PdfError> {
    if !sniff(bytes) {
        return Err(PdfError::NotPdf);
    }
    let mut doc = lopdf::Document::load_mem(bytes).map_err(|e| {
        let msg = e.to_string();
        if msg.to_ascii_lowercase().contains("decrypt")
            || msg.to_ascii_lowercase().contains("password")
        {
            PdfError::Encrypted
        } else {
            PdfError::Parse(msg)
        }
    })?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(PdfError::Encrypted);
    }
    yjs_model::limit::check()?;
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(PdfError::NoPages);
    }
    let mut info = Vec::new();
    if let Some(d) = object::sub_dict(&doc, &doc.trailer, b"Info") {
        for key in ["Title", "Author", "Creator", "Producer", "CreationDate"] {
            if let Some(s) = object::dict_get(&doc, d, key.as_bytes()).and_then(text_string) {
                if !s.trim().is_empty() {
                    info.push((key.to_string(), s));
                }
            }
        }
    }
    let limits = Limits::default();
    let mut cache = FontCache::default();
    let mut out_pages = Vec::with_capacity(pages.len());
    let mut damaged = Vec::new();
    let mut undecoded = Vec::new();
    let mut ocr_pages = Vec::new();
    let mut ocr_words = Vec::new();
    for (&number, &page_id) in &pages {
        yjs_model::limit::check()?;
        out_pages.push(extract_page(
            &doc,
            number,
            page_id,
            &mut cache,
            &limits,
            (
                &mut damaged,
                &mut undecoded,
                (&mut ocr_pages, &mut ocr_words),
            ),
        )?);
    }
    Ok(Document {
        format: Format::Pdf,
        info,
        pages: out_pages,
        damaged,
        undecoded,
        ocr: ocr_pages,
        ocr_words,
    })
}

/// Glyphs without text on a page that make it undecoded: a stray symbol glyph or two (a check
/// mark drawn from a font without a mapping) leave a page's text readable.
const MIN_UNDECODED_GLYPHS: usize = 3;

/// A page's content streams, inflated and joined. A stream that is missing or cannot be decoded
/// is left out and named in `problems`; past [`MAX_PAGE_CONTENT`] the rest is left out too.
fn page_content(doc: &lopdf::Document, page_id: ObjectId, problems: &mut Vec<String>) -> Vec<u8> {
    let mut content = Vec::new();
    for id in doc.get_page_contents(page_id) {
        let stream = match doc.get_object(id).and_then(Object::as_stream) {
            Ok(s) => s,
            Err(e) => {
                problems.push(format!(
                    "content stream {} {} is unreadable ({e})",
                    id.0, id.1
                ));
                continue;
            }
        };
        match stream::decode(stream, MAX_PAGE_CONTENT.saturating_sub(content.len())) {
            Ok(data) => content.extend_from_slice(&data),
            Err(stream::DecodeError::TooLarge(_)) => {
                problems.push(format!(
                    "cut short: the content inflates beyond {} MiB (a decompression bomb?)",
                    MAX_PAGE_CONTENT >> 20
                ));
                break;
            }
            Err(e) => {
                problems.push(format!("content stream {} {} has {e}", id.0, id.1));
                continue;
            }
        }
        content.push(b'\n');
    }
    content
}

pub(crate) fn page_resources(doc: &lopdf::Document, page_id: ObjectId) -> Option<&Dictionary> {
    inherited(doc, page_id, b"Resources").and_then(|o| o.as_dict().ok())
}

/// Where a page read by OCR is recorded: the document's OCR'd pages and their words.
type OcrOut<'a> = (&'a mut Vec<u32>, &'a mut Vec<OcrWord>);

fn extract_page(
    doc: &lopdf::Document,
    number: u32,
    page_id: ObjectId,
    cache: &mut FontCache,
    limits: &Limits,
    (damaged, undecoded, ocr): (&mut Vec<String>, &mut Vec<Undecoded>, OcrOut),
) -> Result<Page, PdfError> {
    let media = rect(inherited(doc, page_id, b"MediaBox"), doc).unwrap_or((0.0, 0.0, 595.0, 842.0));
    let crop = rect(inherited(doc, page_id, b"CropBox"), doc).unwrap_or(media);
    let vis = (
        media.0.max(crop.0),
        media.1.max(crop.1),
        media.2.min(crop.2),
        media.3.min(crop.3),
    );
    let rotate = inherited(doc, page_id, b"Rotate")
        .and_then(|o| o.as_i64().ok())
        .unwrap_or(0)
        .rem_euclid(360);
    let (w, h) = (vis.2 - vis.0, vis.3 - vis.1);
    let (pw, ph) = if rotate == 90 || rotate == 270 {
        (h, w)
    } else {
        (w, h)
    };
    let mut problems = Vec::new();
    let content = page_content(doc, page_id, &mut problems);
    let res = page_resources(doc, page_id);
    let pc = Interpreter::new(doc, cache, limits).run_page(&content, res, vis);
    // the interpreter stops early at the deadline: a page cut short is not laid out
    yjs_model::limit::check()?;
    for p in problems.iter().chain(&pc.problems) {
        let p = format!("page {number}: {p}");
        if !damaged.contains(&p) {
            damaged.push(p);
        }
    }
    let glyphs: usize = pc.undecoded.iter().map(|(_, n)| n).sum();
    if glyphs >= MIN_UNDECODED_GLYPHS {
        undecoded.push(Undecoded {
            page: number,
            fonts: pc.undecoded.iter().map(|(f, _)| f.clone()).collect(),
            glyphs,
        });
    }
    // user space (y up) → display space (top-left origin, rotation applied)
    let to_display = |x: f64, y: f64| -> (f64, f64) {
        match rotate {
            90 => (y - vis.1, x - vis.0),
            180 => (vis.2 - x, y - vis.1),
            270 => (vis.3 - y, vis.2 - x),
            _ => (x - vis.0, vis.3 - y),
        }
    };
    // (the linear part of the map: a direction in user space as displayed)
    let origin = to_display(0.0, 0.0);
    let turns = turn::quarter_turns(&pc.glyphs, |x, y| {
        let (dx, dy) = to_display(x, y);
        (dx - origin.0, dy - origin.1)
    });
    // a page whose text runs sideways or upside down is turned until it runs left to right:
    // user space → the turned page
    let turned = turn::Turned::new(turns, pw, ph);
    let place = |x: f64, y: f64| {
        let (dx, dy) = to_display(x, y);
        turned.point(dx, dy)
    };
    let mut chars: Vec<Char> = pc
        .glyphs
        .into_iter()
        .map(|g| {
            let (ax, ay) = place(g.x0, g.y0);
            let (bx, by) = place(g.x1, g.y1);
            Char {
                text: g.text,
                bbox: BBox::new(ax, ay, bx, by),
                size: g.size,
                font: g.font,
                space_before: g.space_before,
            }
        })
        .collect();
    let mut hs = Vec::new();
    let mut vs = Vec::new();
    // glyphs read by their shapes are read by OCR too
    if pc.read_by_shape {
        ocr.0.push(number);
    }
    // a page without a text layer (a scan): its words and rulings by OCR, where it is installed
    if chars.is_empty() {
        let read = ocr::read_page(doc, page_id, pw, ph);
        if !read.chars.is_empty() {
            ocr.0.push(number);
            ocr.1
                .extend(read.words.into_iter().map(|(bbox, confidence)| OcrWord {
                    page: number,
                    bbox,
                    confidence,
                }));
            chars = read.chars;
            hs = read.h;
            vs = read.v;
        }
    }
    for s in pc.rulings {
        let (ax, ay) = place(s.x0, s.y0);
        let (bx, by) = place(s.x1, s.y1);
        if (ay - by).abs() < 0.5 {
            hs.push(HLine {
                y: (ay + by) / 2.0,
                x0: ax.min(bx),
                x1: ax.max(bx),
            });
        } else {
            vs.push(VLine {
                x: (ax + bx) / 2.0,
                y0: ay.min(by),
                y1: ay.max(by),
            });
        }
    }
    let (pw, ph) = turned.size();
    Ok(Page {
        number,
        width: pw,
        height: ph,
        turns,
        blocks: layout::layout(chars, hs, vs, &pc.fonts),
    })
}
