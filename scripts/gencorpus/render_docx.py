"""Report blocks → DOCX (WordprocessingML written by hand, zipfile + XML strings).

Real Word tables: header cells merged with w:gridSpan / w:vMerge, header rows marked
w:tblHeader (repeated by Word/LibreOffice when a table flows over a page), landscape
sections (w:pgSz w:orient="landscape") for wide tables, page breaks, w:tblBorders
(ruled: single; borderless: nil; three-line: top/bottom rules + a rule under the header),
and optionally a layout table holding the title block with a table nested in its cell.
"""

from __future__ import annotations

import zipfile
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PORTRAIT = (11906, 16838)
MARGIN = 1134  # 2 cm
BODY_FONT = "Noto Serif CJK SC"
HEAD_FONT = "Noto Sans CJK SC"
FIXED_DATE = "2024-06-28T09:00:00Z"


def x(s: str) -> str:
    return escape(s)


def run(text: str, size: int | None = None, font: str | None = None, bold=False) -> str:
    rpr = ""
    if font:
        rpr += f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}"/>'
    if bold:
        rpr += "<w:b/>"
    if size:
        rpr += f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{x(text)}</w:t></w:r>'


def para(text: str = "", jc: str | None = None, size: int | None = None, font: str | None = None,
         indent: bool = False, before: int = 0, after: int = 0, page_break: bool = False, bold=False,
         keep_next=False) -> str:
    ppr = ""
    if keep_next:
        ppr += "<w:keepNext/>"
    if page_break:
        ppr += "<w:pageBreakBefore/>"
    if before or after:
        ppr += f'<w:spacing w:before="{before}" w:after="{after}"/>'
    if indent:
        ppr += '<w:ind w:firstLineChars="200" w:firstLine="420"/>'
    if jc:
        ppr += f'<w:jc w:val="{jc}"/>'
    if size:
        ppr += f'<w:rPr><w:sz w:val="{size}"/></w:rPr>'
    ppr = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    r = run(text, size, font, bold) if text else ""
    return f"<w:p>{ppr}{r}</w:p>"


def sect_pr(landscape: bool, final=False) -> str:
    w, h = PORTRAIT
    if landscape:
        pg = f'<w:pgSz w:w="{h}" w:h="{w}" w:orient="landscape"/>'
    else:
        pg = f'<w:pgSz w:w="{w}" w:h="{h}"/>'
    return (f'<w:sectPr>{pg}<w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}" '
            f'w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>')


def text_width(landscape: bool) -> int:
    w, h = PORTRAIT
    return (h if landscape else w) - 2 * MARGIN


def borders(style: str) -> str:
    if style == "ruled":
        b = '<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        return "<w:tblBorders>" + "".join(b.format(s=s) for s in ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>"
    nil = '<w:{s} w:val="nil"/>'
    if style == "borderless":
        return "<w:tblBorders>" + "".join(nil.format(s=s) for s in ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>"
    thick = '<w:{s} w:val="single" w:sz="12" w:space="0" w:color="000000"/>'
    return ("<w:tblBorders>" + thick.format(s="top") + nil.format(s="left") + thick.format(s="bottom") +
            nil.format(s="right") + nil.format(s="insideH") + nil.format(s="insideV") + "</w:tblBorders>")


def layout_grid(rows, ncols):
    """Place HTML-like cells on a grid.  Returns per row a list of
    (col, cell, 'start'|'cont') entries in column order."""
    occ = {}
    placed = [[] for _ in rows]
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in occ:
                c += 1
            placed[r].append((c, cell, "start"))
            for dr in range(cell.rs):
                for dc in range(cell.cs):
                    occ[(r + dr, c + dc)] = (r, c)
                if dr > 0:
                    if r + dr < len(rows):
                        placed[r + dr].append((c, cell, "cont"))
            c += cell.cs
    for p in placed:
        p.sort(key=lambda t: t[0])
    return placed


def table_xml(tb, rows_hdr, rows_body, style: str, width: int, font_size=18) -> str:
    ws = [round(width * w / sum(tb.cols)) for w in tb.cols]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in ws)
    # Without rules, wider cell margins keep adjacent cells apart (like render_seed's 6px padding).
    mar = 57 if style == "ruled" else 113
    tblpr = (f'<w:tblPr><w:tblW w:w="{sum(ws)}" w:type="dxa"/><w:jc w:val="center"/>{borders(style)}'
             f'<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="{mar}" w:type="dxa"/><w:right w:w="{mar}" w:type="dxa"/>'
             '</w:tblCellMar></w:tblPr>')
    out = [f"<w:tbl>{tblpr}<w:tblGrid>{grid}</w:tblGrid>"]
    all_rows = list(rows_hdr) + list(rows_body)
    nh = len(rows_hdr)
    placed = layout_grid(all_rows, len(ws))
    for r, entries in enumerate(placed):
        hdr = r < nh
        trpr = "<w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if hdr else "") + "</w:trPr>"
        cells = []
        for c, cell, mode in entries:
            w = sum(ws[c:c + cell.cs])
            tcpr = f'<w:tcW w:w="{w}" w:type="dxa"/>'
            if cell.cs > 1:
                tcpr += f'<w:gridSpan w:val="{cell.cs}"/>'
            if cell.rs > 1:
                tcpr += '<w:vMerge w:val="restart"/>' if mode == "start" else "<w:vMerge/>"
            if style == "three_line" and hdr and r + (cell.rs - 1 if mode == "start" else 0) >= nh - 1:
                tcpr += '<w:tcBorders><w:bottom w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:tcBorders>'
            tcpr += '<w:vAlign w:val="center"/>'
            text = cell.text if mode == "start" else ""
            jc = "center" if (hdr or cell.kind == "no") else ("right" if cell.kind == "num" else "left")
            size = font_size
            if cell.kind == "num" and text:
                # never let a number wrap: shrink the font until it fits the cell
                # (digit advance ~0.55 em; w is in twips, size in half-points)
                tcpr = tcpr.replace('<w:vAlign', '<w:noWrap/><w:vAlign')
                size = max(10, min(font_size, int((w - 2 * mar - 40) / (len(text) * 5.5))))
            cells.append(f'<w:tc><w:tcPr>{tcpr}</w:tcPr>{para(text, jc=jc, size=size)}</w:tc>')
        out.append(f"<w:tr>{trpr}{''.join(cells)}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def nested_title(report) -> str:
    """A one-cell layout table (no borders) holding the title block, with a nested
    two-column table (编制单位 / 报送日期) inside the cell."""
    width = text_width(False)
    inner_rows = getattr(report, "cover_rows", None) or [("编制单位：", report.dept), ("报送日期：", f"{report.year + 1}年6月")]
    inner = ['<w:tbl><w:tblPr><w:tblW w:w="6000" w:type="dxa"/><w:jc w:val="center"/>' + borders("borderless") +
             '</w:tblPr><w:tblGrid><w:gridCol w:w="1800"/><w:gridCol w:w="4200"/></w:tblGrid>']
    for a, b in inner_rows:
        inner.append('<w:tr><w:tc><w:tcPr><w:tcW w:w="1800" w:type="dxa"/></w:tcPr>' + para(a, jc="right", size=28) +
                     '</w:tc><w:tc><w:tcPr><w:tcW w:w="4200" w:type="dxa"/></w:tcPr>' + para(b, jc="left", size=28) + "</w:tc></w:tr>")
    inner.append("</w:tbl>")
    lines = report.blocks[0][1]
    cell = "".join(para(s, jc="center", size=56, font=HEAD_FONT, before=(2400 if k == 0 else 0), after=120)
                   for k, s in enumerate(lines))
    cell += para("", after=2400) + "".join(inner) + para("")
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/>{borders("borderless")}</w:tblPr>'
            f'<w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
            f'</w:tcPr>{cell}</w:tc></w:tr></w:tbl>' + para(""))


def document_xml(report) -> str:
    body = []
    cur_land = False
    nested = "docx_nested_title_table" in report.opts

    def new_page(landscape: bool) -> bool:
        """Start a new page with the given orientation.  Returns True when the next
        paragraph must carry pageBreakBefore (no section break was emitted)."""
        nonlocal cur_land
        if landscape != cur_land:
            body.append(f"<w:p><w:pPr>{sect_pr(cur_land)}</w:pPr></w:p>")
            cur_land = landscape
            return False
        return True

    for b in report.blocks:
        kind = b[0]
        if kind == "cover":
            if nested:
                body.append(nested_title(report))
            else:
                for k, s in enumerate(b[1]):
                    body.append(para(s, jc="center", size=60, font=HEAD_FONT, before=(3600 if k == 0 else 0), after=200))
                for k, s in enumerate(b[2] if len(b) > 2 else []):
                    body.append(para(s, jc="center", size=32, font=HEAD_FONT, before=(1200 if k == 0 else 0), after=120))
        elif kind == "toc":
            body.append(para("目　录", jc="center", size=36, font=HEAD_FONT, page_break=True, after=300))
            for cls, s in b[1]:
                if cls == "tp":
                    body.append(para(s, size=24, font=HEAD_FONT, before=120))
                else:
                    body.append(para("　　" + s, size=24))
        elif kind == "part":
            pb = new_page(False)
            body.append(para(b[1], jc="center", size=32, font=HEAD_FONT, page_break=pb, after=60))
            body.append(para(b[2], jc="center", size=32, font=HEAD_FONT, after=240))
        elif kind == "title":
            pb = new_page(False)
            body.append(para(b[1], jc="center", size=32, font=HEAD_FONT, page_break=pb, after=240))
        elif kind == "h2":
            body.append(para(b[1], size=28, font=HEAD_FONT, indent=True, before=120, after=60, keep_next=True))
        elif kind == "h3":
            body.append(para(b[1], size=24, indent=True, bold=True, keep_next=True))
        elif kind == "p":
            body.append(para(b[1], size=24, indent=True))
        elif kind == "table":
            tb = b[1]
            pb = new_page(tb.wide)
            width = text_width(tb.wide)
            first = True
            if report.layout == "changsha" and report.kind != "budget":  # 决算 headings (一、…表)
                body.append(para(tb.heading, size=28, font=HEAD_FONT, page_break=pb, keep_next=True))
                pb = False
            if tb.top_line:
                body.append(para(tb.top_line, jc="center", size=28, font=HEAD_FONT, page_break=pb, keep_next=True))
                pb = False
            body.append(para(tb.title, jc="center", size=32, font=HEAD_FONT, page_break=pb, after=60, keep_next=True))
            if tb.number:
                body.append(para(tb.number, jc="right", size=21, keep_next=True))
            meta = [m for m in (tb.meta_left, tb.meta_center, tb.meta_right) if m]
            if len(meta) == 1:
                body.append(para(meta[0], jc="right", size=21, keep_next=True))
            else:
                # caption line as a borderless one-row table: three slots, or (no centre
                # text) a wide left slot and a right slot
                if tb.meta_center:
                    ws, slots = [width // 3] * 3, (tb.meta_left, tb.meta_center, tb.meta_right)
                    jcs = ("left", "center", "right")
                else:
                    ws, slots, jcs = [width * 2 // 3, width // 3], (tb.meta_left, tb.meta_right), ("left", "right")
                cells = "".join(
                    f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>{para(t, jc=j, size=21)}</w:tc>'
                    for w, t, j in zip(ws, slots, jcs))
                gcols = "".join('<w:gridCol w:w="%d"/>' % w for w in ws)
                body.append(f'<w:tbl><w:tblPr><w:tblW w:w="{sum(ws)}" w:type="dxa"/>{borders("borderless")}</w:tblPr>'
                            f'<w:tblGrid>{gcols}</w:tblGrid><w:tr>{cells}</w:tr></w:tbl>')
                body.append(para("", size=4))
            segs = [tb.body] if tb.split is None else [tb.body[:tb.split], tb.body[tb.split:]]
            for k, seg in enumerate(segs):
                hdr = tb.header if (k == 0 or tb.repeat_header) else []
                if k > 0:
                    body.append(para("", size=4, page_break=True))
                body.append(table_xml(tb, hdr, seg, tb.style or report.style, width))
            for n in tb.notes:
                body.append(para(n, size=21))
            first = False
    final = sect_pr(cur_land)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
            f'<w:body>{"".join(body)}{final}</w:body></w:document>')


STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>
<w:rFonts w:ascii="{BODY_FONT}" w:hAnsi="{BODY_FONT}" w:eastAsia="{BODY_FONT}" w:cs="{BODY_FONT}"/>
<w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="300" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>
<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
</w:styles>"""

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""

RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"""

DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""


def core_xml(title: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{x(title)}</dc:title><dc:creator>yujuesuan gen_corpus</dc:creator>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_DATE}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_DATE}</dcterms:modified></cp:coreProperties>')


def write_docx(report, path) -> None:
    title = report.doc_title
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("docProps/core.xml", core_xml(title)),
        ("word/_rels/document.xml.rels", DOC_RELS),
        ("word/styles.xml", STYLES),
        ("word/document.xml", document_xml(report)),
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            zi = zipfile.ZipInfo(name, date_time=(2024, 6, 28, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data.encode("utf-8"))
