"""Report blocks → XLSX (SpreadsheetML written by hand, zipfile + XML strings).

Every table becomes a block of rows: the title merged across the table width, the 编制单位 /
单位 row, the header rows with their merges (<mergeCells>), the body and the notes.  Options
(report.xlsx): numbers stored as numbers with a `#,##0.00` format (styles.xml), or as inline
text exactly as printed; one sheet per table, or all tables on one sheet separated by a blank
row; the narrative (cover, 目录, text) on a first sheet, one paragraph per row, or omitted.
Labels go to the shared-string table; codes stay text ("03" keeps its zero).
"""

from __future__ import annotations

import re
import zipfile
from xml.sax.saxutils import escape

from .render_docx import FIXED_DATE, layout_grid

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TOTAL_WIDTH = 150.0  # characters across a table (column widths are proportional to tb.cols)

# cellXfs indices (see STYLES)
S_DEFAULT, S_HEAD, S_TEXT, S_NUM, S_INT, S_TITLE, S_NUMTEXT, S_PLAIN, S_CENTER, S_META_R = range(10)

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{NS}">
<numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0.00"/></numFmts>
<fonts count="3"><font><sz val="10"/><name val="宋体"/><family val="3"/><charset val="134"/></font>
<font><b/><sz val="14"/><name val="宋体"/><family val="3"/><charset val="134"/></font>
<font><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>
<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="10">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment horizontal="left" vertical="center" wrapText="1"/></xf>
<xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment horizontal="right" vertical="center"/></xf>
<xf numFmtId="1" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment horizontal="right" vertical="center"/></xf>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>
<xf numFmtId="49" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment horizontal="right" vertical="center"/></xf>
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="left" vertical="center"/></xf>
<xf numFmtId="49" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="right" vertical="center"/></xf>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def col_letter(c: int) -> str:
    """0-based column index → A, B, …, Z, AA, …"""
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def ref(r: int, c: int) -> str:
    """0-based row/column → A1 reference."""
    return f"{col_letter(c)}{r + 1}"


class Sheet:
    def __init__(self, name: str):
        self.name = name
        self.cells: dict[tuple[int, int], tuple[str, str, int]] = {}  # (r, c) → (type, value, style)
        self.merges: list[tuple[int, int, int, int]] = []
        self.widths: dict[int, float] = {}
        self.nrows = 0

    def put(self, r, c, typ, value, style):
        self.cells[(r, c)] = (typ, value, style)
        self.nrows = max(self.nrows, r + 1)

    def merge(self, r0, c0, r1, c1, style=None):
        if (r0, c0) == (r1, c1):
            return
        self.merges.append((r0, c0, r1, c1))
        if style is not None:  # covered cells carry the style so that borders are drawn
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0) and (r, c) not in self.cells:
                        self.put(r, c, "blank", "", style)


class Book:
    def __init__(self):
        self.strings: list[str] = []
        self.index: dict[str, int] = {}
        self.sheets: list[Sheet] = []

    def sst(self, s: str) -> str:
        if s not in self.index:
            self.index[s] = len(self.strings)
            self.strings.append(s)
        return str(self.index[s])


def number_cell(text: str, as_text: bool):
    """A printed number → (type, value, style)."""
    if as_text or not re.fullmatch(r"-?[\d,]+(\.\d+)?", text):
        return ("inline", text, S_NUMTEXT)
    v = text.replace(",", "")
    return ("n", v, S_NUM if "." in v else S_INT)


def put_table(book: Book, sh: Sheet, tb, r0: int, as_text: bool) -> int:
    """Write one table starting at row r0; returns the next free row."""
    n = tb.ncols
    wsum = sum(tb.cols)
    for c, w in enumerate(tb.cols):
        sh.widths[c] = max(sh.widths.get(c, 0), round(TOTAL_WIDTH * w / wsum, 1))
    r = r0
    if tb.top_line:
        sh.put(r, 0, "s", book.sst(tb.top_line), S_TITLE)
        sh.merge(r, 0, r, n - 1)
        r += 1
    sh.put(r, 0, "s", book.sst(tb.title), S_TITLE)
    sh.merge(r, 0, r, n - 1)
    r += 1
    if tb.number:
        sh.put(r, n - 1, "s", book.sst(tb.number), S_META_R)
        r += 1
    meta = [(tb.meta_left, 0, S_PLAIN), (tb.meta_center, n // 2, S_PLAIN), (tb.meta_right, n - 1, S_META_R)]
    if any(m for m, _, _ in meta):
        for text, c, st in meta:
            if text:
                sh.put(r, c, "s", book.sst(text), st)
        r += 1
    rows = list(tb.header) + list(tb.body)
    nh = len(tb.header)
    for k, entries in enumerate(layout_grid(rows, n)):
        hdr = k < nh
        for c, cell, mode in entries:
            if mode != "start":
                continue
            if hdr:
                style = S_HEAD
                typ, val = ("s", book.sst(cell.text)) if cell.text else ("blank", "")
            elif cell.kind == "num":
                if cell.text:
                    typ, val, style = number_cell(cell.text, as_text)
                else:
                    typ, val, style = "blank", "", S_NUM
            else:
                style = S_CENTER if cell.kind in ("code", "no") else S_TEXT
                typ, val = ("s", book.sst(cell.text)) if cell.text else ("blank", "")
            sh.put(r + k, c, typ, val, style)
            sh.merge(r + k, c, r + k + cell.rs - 1, c + cell.cs - 1, style)
    r += len(rows)
    for note in tb.notes:
        sh.put(r, 0, "s", book.sst(note), S_PLAIN)
        sh.merge(r, 0, r, n - 1)
        r += 1
    return r


def sheet_name(k: int, title: str, used: set) -> str:
    short = re.sub(r"^\d{4}年(部门|预算单位|单位)?", "", title)
    name = re.sub(r"[\[\]:*?/\\]", "", f"{k}{short}")[:31]
    base, j = name, 2
    while name in used:
        name = f"{base[:28]}({j})"
        j += 1
    used.add(name)
    return name


def build_book(report) -> Book:
    opts = report.xlsx
    as_text = opts["numbers"] == "text"
    book = Book()
    used: set = set()
    if opts["narrative"]:
        sh = Sheet("说明")
        used.add(sh.name)
        sh.widths[0] = 120.0
        r = 0
        for b in report.blocks:
            kind = b[0]
            if kind == "cover":
                lines = list(b[1]) + list(b[2] if len(b) > 2 else [])
            elif kind == "toc":
                lines = ["目录"] + [s for _, s in b[1]]
            elif kind == "part":
                lines = [f"{b[1]} {b[2]}"]
            elif kind in ("title", "h2", "h3", "p"):
                lines = [b[1]]
            else:
                continue
            for s in lines:
                sh.put(r, 0, "s", book.sst(s), S_PLAIN)
                r += 1
        book.sheets.append(sh)
    tables = [b[1] for b in report.blocks if b[0] == "table"]
    if opts["sheets"] == "one_sheet":
        sh = Sheet("预算表" if report.kind == "budget" else "决算表")
        r = 0
        for tb in tables:
            r = put_table(book, sh, tb, r, as_text) + 1  # one blank row between tables
        book.sheets.append(sh)
    else:
        for k, tb in enumerate(tables):
            sh = Sheet(sheet_name(k + 1, tb.title, used))
            put_table(book, sh, tb, 0, as_text)
            book.sheets.append(sh)
    return book


def sheet_xml(book: Book, sh: Sheet) -> str:
    maxc = max([c for _, c in sh.cells] + [0])
    dim = f"A1:{ref(max(sh.nrows - 1, 0), maxc)}"
    cols = "".join(f'<col min="{c + 1}" max="{c + 1}" width="{w}" customWidth="1"/>'
                   for c, w in sorted(sh.widths.items()))
    rows = []
    by_row: dict[int, list] = {}
    for (r, c), v in sh.cells.items():
        by_row.setdefault(r, []).append((c, v))
    for r in sorted(by_row):
        cells = []
        for c, (typ, val, st) in sorted(by_row[r]):
            a = ref(r, c)
            if typ == "s":
                cells.append(f'<c r="{a}" s="{st}" t="s"><v>{val}</v></c>')
            elif typ == "n":
                cells.append(f'<c r="{a}" s="{st}"><v>{val}</v></c>')
            elif typ == "inline":
                cells.append(f'<c r="{a}" s="{st}" t="inlineStr"><is><t>{escape(val)}</t></is></c>')
            else:
                cells.append(f'<c r="{a}" s="{st}"/>')
        rows.append(f'<row r="{r + 1}">{"".join(cells)}</row>')
    merges = ""
    if sh.merges:
        merges = (f'<mergeCells count="{len(sh.merges)}">' +
                  "".join(f'<mergeCell ref="{ref(r0, c0)}:{ref(r1, c1)}"/>' for r0, c0, r1, c1 in sh.merges) +
                  "</mergeCells>")
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS}" xmlns:r="{R_NS}">'
            f'<dimension ref="{dim}"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/>{"<cols>" + cols + "</cols>" if cols else ""}'
            f'<sheetData>{"".join(rows)}</sheetData>{merges}'
            '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>')


def write_xlsx(report, path) -> None:
    book = build_book(report)
    n = len(book.sheets)
    sheet_parts = [(f"xl/worksheets/sheet{k + 1}.xml", sheet_xml(book, sh)) for k, sh in enumerate(book.sheets)]
    sst = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{NS}" count="{len(book.strings)}" '
           f'uniqueCount="{len(book.strings)}">' +
           "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in book.strings) + "</sst>")
    workbook = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{NS}" xmlns:r="{R_NS}">'
                '<bookViews><workbookView/></bookViews><sheets>' +
                "".join(f'<sheet name="{escape(sh.name)}" sheetId="{k + 1}" r:id="rId{k + 1}"/>'
                        for k, sh in enumerate(book.sheets)) + "</sheets></workbook>")
    wb_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
               "".join(f'<Relationship Id="rId{k + 1}" Type="{R_NS}/worksheet" Target="worksheets/sheet{k + 1}.xml"/>'
                       for k in range(n)) +
               f'<Relationship Id="rId{n + 1}" Type="{R_NS}/styles" Target="styles.xml"/>'
               f'<Relationship Id="rId{n + 2}" Type="{R_NS}/sharedStrings" Target="sharedStrings.xml"/>'
               "</Relationships>")
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          "".join(f'<Override PartName="/xl/worksheets/sheet{k + 1}.xml" '
                  'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for k in range(n)) +
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
          '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
          '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
          '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{R_NS}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
            'Target="docProps/core.xml"/></Relationships>')
    core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{escape(report.doc_title)}</dc:title><dc:creator>yujuesuan gen_corpus</dc:creator>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_DATE}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_DATE}</dcterms:modified></cp:coreProperties>')
    parts = [("[Content_Types].xml", ct), ("_rels/.rels", rels), ("docProps/core.xml", core),
             ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", wb_rels), ("xl/styles.xml", STYLES),
             ("xl/sharedStrings.xml", sst)] + sheet_parts
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            zi = zipfile.ZipInfo(name, date_time=(2024, 6, 28, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data.encode("utf-8"))


def xlsx_checks(report) -> list | None:
    """The checks a reader of the XLSX can find, when they differ from the report's: without the
    narrative sheet, the text faults and the 目录 (table.missing) are not in the workbook."""
    if report.xlsx["narrative"]:
        return None
    kept = [c for c in report.checks if c[0] != "narrative" and not c[5].startswith("table.missing")]
    return kept if len(kept) != len(report.checks) else None
