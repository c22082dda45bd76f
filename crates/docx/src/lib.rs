//! The DOCX extractor: WordprocessingML (`word/document.xml`) → [`yjs_model::Document`].
//!
//! Streaming over the XML with quick-xml (no DOM): paragraphs in document order, tables with
//! `w:gridSpan` (column spans), `w:vMerge` (row spans) and `w:gridBefore`, nested tables, and
//! sections with their page size and orientation. Headers and footers live in other parts and are
//! never read; deleted text (`w:delText`), field codes (`w:instrText`) and the fallback copies of
//! text boxes (`mc:Fallback`) are skipped.
//!
//! Pages: a DOCX has no fixed pages, so page numbers count Word's own pagination marks
//! (`w:lastRenderedPageBreak`, written when Word saved the file), explicit page breaks
//! (`w:br w:type="page"`, `w:pageBreakBefore`) and section breaks. Geometry is synthetic but
//! ordered: x from the table grid's column widths, y increasing in document order.
//!
//! A table that holds other tables, or has a single column, is a layout table: its cells'
//! paragraphs and tables are emitted in order instead of a grid.

#![warn(missing_docs)]

mod table;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::io::Read;
use table::{table_blocks, CellAcc, RowAcc, TableAcc};
use yjs_model::{BBox, Block, Document, Format, Page, Paragraph, TextLine};

/// Why a DOCX could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// The file is not a readable ZIP archive.
    #[error("not a DOCX: the file is not a ZIP archive ({0})")]
    NotZip(String),
    /// The archive has no main document part.
    #[error("not a DOCX: the archive has no word/document.xml")]
    NoDocument,
    /// The main document part inflates past [`MAX_PART`].
    #[error("DOCX part too large: {0} bytes inflated (limit {1})")]
    TooLarge(u64, u64),
    /// The main document part is not well-formed XML.
    #[error("malformed DOCX XML: {0}")]
    Xml(String),
    /// The file's time limit passed while reading.
    #[error(transparent)]
    TimeLimit(#[from] yjs_model::limit::TimeLimitExceeded),
}

/// Largest inflated `word/document.xml` accepted (a zip-bomb guard).
pub const MAX_PART: u64 = 256 << 20;

/// Does this look like a DOCX (a ZIP with a `word/` part)?
pub fn sniff(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") && {
        let head = &bytes[..bytes.len().min(64 * 1024)];
        head.windows(5).any(|w| w == b"word/")
    }
}

/// Reads a DOCX into the document model. Honours the thread's time limit ([`yjs_model::limit`]).
pub fn extract(bytes: &[u8]) -> Result<Document, DocxError> {
    extract_from(std::io::Cursor::new(bytes))
}

/// [`extract`] from a reader of the file (a file on disk: only the directory and the parts read
/// are read, never the images and other media a document may hold).
pub fn extract_from<R: Read + std::io::Seek>(reader: R) -> Result<Document, DocxError> {
    let mut zip = zip::ZipArchive::new(reader).map_err(|e| DocxError::NotZip(e.to_string()))?;
    let mut part = zip
        .by_name("word/document.xml")
        .map_err(|_| DocxError::NoDocument)?;
    if part.size() > MAX_PART {
        return Err(DocxError::TooLarge(part.size(), MAX_PART));
    }
    let mut xml = String::with_capacity(part.size() as usize);
    part.by_ref()
        .take(MAX_PART + 1)
        .read_to_string(&mut xml)
        .map_err(|e| DocxError::Xml(e.to_string()))?;
    if xml.len() as u64 > MAX_PART {
        return Err(DocxError::TooLarge(xml.len() as u64, MAX_PART));
    }
    drop(part);
    yjs_model::limit::check()?;
    let mut info = Vec::new();
    if let Ok(mut core) = zip.by_name("docProps/core.xml") {
        let mut s = String::new();
        if core.by_ref().take(1 << 20).read_to_string(&mut s).is_ok() {
            if let Some(t) = element_text(&s, "title") {
                info.push(("Title".to_string(), t));
            }
        }
    }
    let mut doc = parse_document(&xml)?;
    doc.info = info;
    Ok(doc)
}

fn element_text(xml: &str, local: &str) -> Option<String> {
    let mut r = Reader::from_str(xml);
    let mut inside = false;
    let mut out = String::new();
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == local => inside = true,
            Ok(Event::End(e)) if e.local_name().as_ref() == local => break,
            Ok(Event::Text(t)) if inside => out.push_str(&t.xml10_content()),
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    let out = out.trim().to_string();
    (!out.is_empty()).then_some(out)
}

fn attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local)
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map(|v| v.into_owned())
                    .ok()
            })
            .flatten()
    })
}

fn on(e: &BytesStart) -> bool {
    !matches!(
        attr(e, "val").as_deref(),
        Some("0") | Some("false") | Some("off")
    )
}

struct PageAcc {
    blocks: Vec<Block>,
    width: f64,
    height: f64,
}

struct State {
    pages: Vec<PageAcc>,
    page: usize,
    section_start: usize,
    y: f64,
    tables: Vec<TableAcc>,
    /// Open paragraphs (text boxes nest paragraphs inside paragraphs): lines of text.
    paras: Vec<Vec<String>>,
    in_text: usize,
    skip: usize,
    pending_break: bool,
    sect: Option<(f64, f64, bool)>,
    sect_type_next: bool,
    /// Inside the section properties of a paragraph (a section break), not the body's last.
    in_ppr_sect: bool,
}

impl State {
    fn ensure_page(&mut self) {
        while self.pages.len() <= self.page {
            self.pages.push(PageAcc {
                blocks: Vec::new(),
                width: 595.0,
                height: 842.0,
            });
        }
    }

    fn page_break(&mut self) {
        self.page += 1;
        self.y = 0.0;
    }

    fn emit(&mut self, b: Block) {
        if let Some(t) = self.tables.last_mut() {
            if let Some(c) = t.cell.as_mut() {
                if matches!(b, Block::Grid(_)) {
                    c.nested = true;
                }
                c.blocks.push(b);
                return;
            }
        }
        self.ensure_page();
        self.pages[self.page].blocks.push(b);
    }

    fn bbox(&mut self, h: f64, w: f64) -> BBox {
        let b = BBox::new(0.0, self.y, w, self.y + h);
        self.y += h;
        b
    }

    fn end_paragraph(&mut self) {
        let Some(lines) = self.paras.pop() else {
            return;
        };
        let text: String = lines.concat();
        if let Some(t) = self.tables.last_mut() {
            if let Some(c) = t.cell.as_mut() {
                c.paras.push(text.clone());
                if !text.trim().is_empty() {
                    c.blocks.push(Block::Paragraph(Paragraph {
                        bbox: BBox::default(),
                        lines: vec![TextLine {
                            text,
                            bbox: BBox::default(),
                            font_size: None,
                            font: None,
                        }],
                    }));
                }
                return;
            }
        }
        let lines: Vec<String> = lines.into_iter().filter(|l| !l.trim().is_empty()).collect();
        if lines.is_empty() {
            return;
        }
        let bbox = self.bbox(14.0 * lines.len() as f64, 450.0);
        let tl = lines
            .into_iter()
            .enumerate()
            .map(|(i, text)| TextLine {
                text,
                bbox: BBox::new(
                    bbox.x0,
                    bbox.y0 + 14.0 * i as f64,
                    bbox.x1,
                    bbox.y0 + 14.0 * (i + 1) as f64,
                ),
                font_size: None,
                font: None,
            })
            .collect();
        self.emit(Block::Paragraph(Paragraph { bbox, lines: tl }));
    }

    fn end_table(&mut self) {
        let Some(t) = self.tables.pop() else { return };
        let blocks = table_blocks(t, self.y);
        for b in blocks {
            if let Block::Grid(g) = &b {
                self.y = self.y.max(g.bbox.y1);
            }
            self.emit(b);
        }
    }

    fn end_section(&mut self) {
        if let Some((w, h, _)) = self.sect.take() {
            self.ensure_page();
            for p in self.section_start..=self.page.min(self.pages.len() - 1) {
                self.pages[p].width = w;
                self.pages[p].height = h;
            }
        }
    }
}

/// Parses `word/document.xml`.
pub fn parse_document(xml: &str) -> Result<Document, DocxError> {
    let mut r = Reader::from_str(xml);
    r.config_mut().trim_text(false);
    let mut st = State::new();
    let mut events = 0usize;
    loop {
        // the file's time limit, every `LIMIT_EVERY` XML events
        events += 1;
        if events.is_multiple_of(LIMIT_EVERY) {
            yjs_model::limit::check()?;
        }
        match r.read_event().map_err(|e| DocxError::Xml(e.to_string()))? {
            Event::Start(e) => st.start(&e),
            Event::Empty(e) => st.empty(&e),
            Event::Text(t) if st.skip == 0 && st.in_text > 0 => st.push_text(&t.xml10_content()),
            Event::GeneralRef(g) if st.skip == 0 && st.in_text > 0 => {
                if let Some(c) = entity_char(&g) {
                    st.push_text(c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::End(e) => st.end(e.local_name().as_ref()),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(st.finish())
}

/// How many XML events pass between two checks of the file's time limit (a check reads the
/// clock; an event costs far less).
const LIMIT_EVERY: usize = 4096;

/// The character an entity or character reference stands for (the five predefined entities and
/// numeric references; none for an undeclared entity).
fn entity_char(g: &quick_xml::events::BytesRef) -> Option<char> {
    match g.resolve_char_ref() {
        Ok(Some(c)) => Some(c),
        _ => match g.as_ref() {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => None,
        },
    }
}

/// `w:pgSz` → the page's width and height in points (twips / 20) and whether it is landscape;
/// a landscape page is wider than high whatever order its sizes are written in.
fn page_size(e: &BytesStart) -> (f64, f64, bool) {
    let w: f64 = attr(e, "w").and_then(|v| v.parse().ok()).unwrap_or(11906.0);
    let h: f64 = attr(e, "h").and_then(|v| v.parse().ok()).unwrap_or(16838.0);
    let landscape = attr(e, "orient").as_deref() == Some("landscape");
    let (w, h) = if landscape && w < h { (h, w) } else { (w, h) };
    (w / 20.0, h / 20.0, landscape)
}

impl State {
    fn new() -> State {
        State {
            pages: Vec::new(),
            page: 0,
            section_start: 0,
            y: 0.0,
            tables: Vec::new(),
            paras: Vec::new(),
            in_text: 0,
            skip: 0,
            pending_break: false,
            sect: None,
            sect_type_next: true,
            in_ppr_sect: false,
        }
    }

    /// An element opens.
    fn start(&mut self, e: &BytesStart) {
        if self.skip > 0 {
            self.skip += 1;
            return;
        }
        match e.local_name().as_ref() {
            "Fallback" | "instrText" | "delText" | "delInstrText" => self.skip = 1,
            "p" => self.paras.push(vec![String::new()]),
            "t" => self.in_text += 1,
            "tbl" => self.tables.push(TableAcc::default()),
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.row = Some(RowAcc::default());
                }
            }
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some(CellAcc {
                        span: 1,
                        ..Default::default()
                    });
                }
            }
            "sectPr" => {
                self.in_ppr_sect = !self.paras.is_empty();
                self.sect = Some((595.0, 842.0, false));
                self.sect_type_next = true;
            }
            _ => {}
        }
    }

    /// An empty element (`<w:br/>`, `<w:gridSpan w:val="2"/>` …).
    fn empty(&mut self, e: &BytesStart) {
        if self.skip > 0 {
            return;
        }
        match e.local_name().as_ref() {
            "tab" if !self.between_cells() => self.push_text(" "),
            "br" => match attr(e, "type").as_deref() {
                Some("page") => self.pending_break = true,
                Some("column") => {}
                _ => {
                    if let Some(p) = self.paras.last_mut() {
                        p.push(String::new());
                    }
                }
            },
            "lastRenderedPageBreak" => self.pending_break = true,
            "pageBreakBefore" if on(e) => self.page_break(),
            "gridCol" | "gridSpan" | "gridBefore" | "vMerge" => self.table_property(e),
            "pgSz" => {
                if let Some(s) = self.sect.as_mut() {
                    *s = page_size(e);
                }
            }
            "type" if self.sect.is_some() => {
                self.sect_type_next = attr(e, "val").as_deref() != Some("continuous");
            }
            _ => {}
        }
    }

    /// Inside a table row but outside its cells (where a tab is no text).
    fn between_cells(&self) -> bool {
        self.tables
            .last()
            .is_some_and(|t| t.cell.is_none() && t.row.is_some())
    }

    /// A table's column widths, a cell's span or vertical merge, a row's skipped grid columns.
    fn table_property(&mut self, e: &BytesStart) {
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        let val = || attr(e, "val");
        match e.local_name().as_ref() {
            "gridCol" => {
                if let Some(w) = attr(e, "w") {
                    t.grid_cols.push(w.parse().unwrap_or(0.0));
                }
            }
            "gridSpan" => {
                if let Some(c) = t.cell.as_mut() {
                    c.span = val().and_then(|v| v.parse().ok()).unwrap_or(1).clamp(1, 64);
                }
            }
            "gridBefore" => {
                if let Some(row) = t.row.as_mut() {
                    row.before = val().and_then(|v| v.parse().ok()).unwrap_or(0).min(64);
                }
            }
            "vMerge" => {
                if let Some(c) = t.cell.as_mut() {
                    c.vmerge = Some(val().as_deref() == Some("restart"));
                }
            }
            _ => {}
        }
    }

    /// Text of a run, appended to the current line of the innermost open paragraph.
    fn push_text(&mut self, s: &str) {
        if let Some(l) = self.paras.last_mut().and_then(|p| p.last_mut()) {
            l.push_str(s);
        }
    }

    /// An element closes.
    fn end(&mut self, name: &str) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        match name {
            "t" => self.in_text = self.in_text.saturating_sub(1),
            "p" => {
                self.end_paragraph();
                if self.pending_break {
                    self.pending_break = false;
                    self.page_break();
                }
            }
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    if let (Some(c), Some(row)) = (t.cell.take(), t.row.as_mut()) {
                        row.cells.push(c);
                    }
                }
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    if let Some(row) = t.row.take() {
                        t.rows.push(row);
                    }
                }
            }
            "tbl" => self.end_table(),
            "sectPr" => self.end_section_properties(),
            _ => {}
        }
    }

    /// The end of a section's properties: a section break inside a paragraph (not the body's
    /// last section) ends the page unless the next section is continuous.
    fn end_section_properties(&mut self) {
        self.end_section();
        let breaks = self.in_ppr_sect && self.sect_type_next;
        if breaks {
            // the paragraph holding the section break ends the page
            self.pending_break = true;
        }
        self.section_start = self.page + usize::from(breaks);
        self.in_ppr_sect = false;
    }

    /// The document: open tables closed, trailing empty pages dropped, pages numbered.
    fn finish(mut self) -> Document {
        while !self.tables.is_empty() {
            self.end_table();
        }
        self.ensure_page();
        // drop trailing empty pages created by a final break
        while self.pages.len() > 1 && self.pages.last().is_some_and(|p| p.blocks.is_empty()) {
            self.pages.pop();
        }
        let pages = self
            .pages
            .into_iter()
            .enumerate()
            .map(|(i, p)| Page {
                number: i as u32 + 1,
                width: p.width,
                height: p.height,
                turns: 0,
                blocks: p.blocks,
            })
            .collect();
        Document {
            format: Format::Docx,
            info: Vec::new(),
            pages,
            damaged: Vec::new(),
            undecoded: Vec::new(),
            ocr: Vec::new(),
            ocr_words: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(inner: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{inner}</w:body></w:document>"#
        )
    }

    fn p(t: &str) -> String {
        format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>")
    }

    fn tc(t: &str, props: &str) -> String {
        format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(t))
    }

    #[test]
    fn paragraphs_tables_spans_and_merges() {
        let xml = body(&format!(
            "{}<w:tbl><w:tblGrid><w:gridCol w:w=\"2000\"/><w:gridCol w:w=\"2000\"/><w:gridCol w:w=\"2000\"/></w:tblGrid>\
             <w:tr>{}{}</w:tr>\
             <w:tr>{}{}{}</w:tr>\
             <w:tr>{}{}{}</w:tr></w:tbl>{}",
            p("支出决算表"),
            tc("项目", "<w:gridSpan w:val=\"2\"/>"),
            tc("本年支出合计", "<w:vMerge w:val=\"restart\"/>"),
            tc("科目编码", ""),
            tc("科目名称", ""),
            tc("", "<w:vMerge/>"),
            tc("201", ""),
            tc("一般公共服务支出", ""),
            tc("264.87", ""),
            p("注：本表反映…")
        ));
        let d = parse_document(&xml).unwrap();
        assert_eq!(d.pages.len(), 1);
        let b = &d.pages[0].blocks;
        assert_eq!(b.len(), 3);
        let Block::Grid(g) = &b[1] else { panic!() };
        g.validate().unwrap();
        assert_eq!((g.rows, g.cols), (3, 3));
        let c0 = g.cell_at(0, 0).unwrap();
        assert_eq!((c0.text.as_str(), c0.col_span), ("项目", 2));
        let c2 = g.cell_at(0, 2).unwrap();
        assert_eq!((c2.text.as_str(), c2.row_span), ("本年支出合计", 2));
        assert_eq!(g.cell_at(2, 2).unwrap().text, "264.87");
        assert!((g.col_edges[1] - 100.0).abs() < 1e-9, "2000 twips = 100 pt");
    }

    #[test]
    fn pages_from_breaks_and_landscape_sections() {
        let xml = body(&format!(
            "{}<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>{}\
             <w:p><w:pPr><w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:pPr></w:p>\
             {}<w:sectPr><w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/></w:sectPr>",
            p("封面"),
            p("目录"),
            p("宽表")
        ));
        let d = parse_document(&xml).unwrap();
        assert_eq!(d.pages.len(), 3);
        assert!(d.pages[1].height > d.pages[1].width);
        assert!(d.pages[2].width > d.pages[2].height, "landscape section");
        let Block::Paragraph(par) = &d.pages[2].blocks[0] else {
            panic!()
        };
        assert_eq!(par.text(), "宽表");
    }

    #[test]
    fn layout_table_with_a_nested_table_is_flattened() {
        let inner = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1.00</w:t></w:r></w:p></w:tc></w:tr>\
                     <w:tr><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2.00</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
        let xml = body(&format!(
            "<w:tbl><w:tr><w:tc>{}{inner}<w:p/></w:tc></w:tr></w:tbl>",
            p("收入决算表")
        ));
        let d = parse_document(&xml).unwrap();
        let b = &d.pages[0].blocks;
        assert!(matches!(&b[0], Block::Paragraph(p) if p.text() == "收入决算表"));
        let Block::Grid(g) = &b[1] else {
            panic!("{b:?}")
        };
        assert_eq!((g.rows, g.cols), (2, 2));
    }

    #[test]
    fn entities_deleted_text_and_field_codes() {
        let xml = body(
            "<w:p><w:r><w:t>A&amp;B&#x4E00;</w:t></w:r><w:del><w:r><w:delText>gone</w:delText></w:r></w:del>\
             <w:r><w:instrText>PAGE</w:instrText></w:r></w:p>",
        );
        let d = parse_document(&xml).unwrap();
        let Block::Paragraph(par) = &d.pages[0].blocks[0] else {
            panic!()
        };
        assert_eq!(par.text(), "A&B一");
    }

    #[test]
    fn not_a_zip_is_an_error_not_a_panic() {
        assert!(matches!(
            extract(b"PK\x03\x04word/garbage"),
            Err(DocxError::NotZip(_))
        ));
        assert!(parse_document("<w:document><w:body><w:p>").is_ok());
    }

    #[test]
    fn the_time_limit_stops_a_long_document_with_a_typed_error() {
        use std::time::Duration;
        use yjs_model::limit::{within, TimeLimitExceeded};
        let xml = body(&p("一段文字").repeat(5000));
        let (r, reached) = within(Some(Duration::ZERO), || parse_document(&xml));
        assert!(matches!(
            r,
            Err(DocxError::TimeLimit(TimeLimitExceeded(d))) if d == Duration::ZERO
        ));
        assert!(reached);
        let (r, reached) = within(Some(Duration::from_secs(3600)), || parse_document(&xml));
        let paragraphs: usize = r.unwrap().pages.iter().map(|p| p.blocks.len()).sum();
        assert_eq!(paragraphs, 5000);
        assert!(!reached);
    }
}
