"""Report blocks → PDF drawn with reportlab: one CID font, not embedded, and no rulings at all.

Every string is drawn in Adobe's `STSong-Light` (reportlab `UnicodeCIDFont`: encoding
`UniGB-UCS2-H`, the font is not embedded and the PDF has no `/ToUnicode` map; a reader gets the
text through the predefined CMap and the Adobe-GB1 collection).  Tables are placed by text
position only, whatever the report's table style: labels left-aligned and wrapped in their
column, amounts right-aligned (never wrapped: the table font shrinks until every amount fits),
header cells centred over the columns they span (vertically centred over the rows they span).
The blocks are those the HTML / DOCX renderers print (cover, 目录, part titles, headings,
paragraphs, each table on a new page with its heading, title, number, caption line and notes; a
forced break inside a split table, the header repeated when the report says so and, as Chromium
does, on every page a long table flows over), so the ground truth holds for this rendering too.
Pages are A4 with 20 mm margins, landscape for wide tables, numbered at the bottom except the
cover.  The output is deterministic: reportlab's invariant mode, then the dates and the trailer
/ID pinned by the caller (gen_corpus.pin_pdf).

Needs reportlab (`pip install reportlab`); imported only when the producer is used.
"""

from __future__ import annotations

import re

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
MM = 72 / 25.4
MARGIN = 20 * MM
ASCENT = 0.88  # STSong-Light ascent (em), for placing a baseline inside a line box
PAD = 6 * 0.75  # horizontal cell padding (pt): the HTML's 6px of its tables without rulings
PAD_V = 0.75  # vertical cell padding (1px)

pdfmetrics.registerFont(UnicodeCIDFont(FONT))

# runs that must not be broken across lines (numbers, Latin words), as a browser keeps them
TOKEN_RE = re.compile(r"[0-9A-Za-z.,%+\-_/()]+|.", re.S)


def width(s: str, size: float) -> float:
    return pdfmetrics.stringWidth(s, FONT, size)


def wrap(text: str, avail: float, size: float, first_indent: float = 0.0) -> list[str]:
    """Break text into lines no wider than avail (the first line `first_indent` narrower).
    CJK text breaks between any two characters; runs of digits / Latin letters only where
    they must (a run wider than a line)."""
    if not text:
        return [""]
    lines: list[str] = []
    cur, cur_w = "", 0.0
    limit = avail - first_indent
    for tok in TOKEN_RE.findall(text):
        tw = width(tok, size)
        if cur and cur_w + tw > limit + 1e-6:
            lines.append(cur)
            cur, cur_w, limit = "", 0.0, avail
        if tw > limit + 1e-6:  # a run wider than a whole line: break it by characters
            for ch in tok:
                cw = width(ch, size)
                if cur and cur_w + cw > limit + 1e-6:
                    lines.append(cur)
                    cur, cur_w, limit = "", 0.0, avail
                cur += ch
                cur_w += cw
            continue
        if not cur and tok == " ":
            continue
        cur += tok
        cur_w += tw
    lines.append(cur)
    return lines


def layout_grid(rows):
    """(row, col, cell) for every cell that starts at (row, col), HTML rowspan/colspan rules."""
    occ = set()
    out = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in occ:
                c += 1
            out.append((r, c, cell))
            for dr in range(cell.rs):
                for dc in range(cell.cs):
                    occ.add((r + dr, c + dc))
            c += cell.cs
    return out


class Writer:
    def __init__(self, path, title: str):
        self.c = canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1,
                                initialFontName=FONT, initialFontSize=12, initialLeading=14.4)
        self.c.setTitle(title)
        self.c.setAuthor("")
        self.c.setSubject("")
        self.c.setCreator("yujuesuan gen_corpus")
        self.page_no = 0
        self.wide = False
        self.started = False
        self.numbered = False
        self.y = 0.0

    # -- pages ------------------------------------------------------------
    @property
    def pw(self) -> float:
        return (landscape(A4) if self.wide else A4)[0]

    @property
    def ph(self) -> float:
        return (landscape(A4) if self.wide else A4)[1]

    @property
    def tw(self) -> float:
        return self.pw - 2 * MARGIN

    def new_page(self, wide: bool = False, numbered: bool = True) -> None:
        if self.started:
            self.finish_page()
        self.wide = wide
        self.c.setPageSize(landscape(A4) if wide else A4)
        self.started = True
        self.numbered = numbered
        self.page_no += 1
        self.y = self.ph - MARGIN

    def finish_page(self) -> None:
        if self.numbered:
            self.c.setFont(FONT, 9)
            self.c.drawCentredString(self.pw / 2, MARGIN / 2, str(self.page_no))
        self.c.showPage()

    def room(self, h: float) -> bool:
        return self.y - h >= MARGIN - 1e-6

    def ensure(self, h: float) -> None:
        if not self.room(h):
            self.new_page(self.wide)

    def save(self) -> None:
        if self.started:
            self.finish_page()
        self.c.save()

    # -- text -------------------------------------------------------------
    def line(self, s: str, size: float, align: str = "left", x0: float | None = None, w: float | None = None,
             lh: float = 1.6) -> None:
        """One line of text in a line box of `lh` × size, starting a new page if it does not fit."""
        h = size * lh
        self.ensure(h)
        x0 = MARGIN if x0 is None else x0
        w = self.tw if w is None else w
        base = self.y - (h - size) / 2 - size * ASCENT
        self.c.setFont(FONT, size)
        if align == "center":
            self.c.drawCentredString(x0 + w / 2, base, s)
        elif align == "right":
            self.c.drawRightString(x0 + w, base, s)
        else:
            self.c.drawString(x0, base, s)
        self.y -= h

    def para(self, text: str, size: float, align: str = "left", indent: float = 0.0, first_indent: float = 0.0,
             lh: float = 1.6, before: float = 0.0, after: float = 0.0) -> None:
        self.y -= before
        avail = self.tw - indent
        for k, s in enumerate(wrap(text, avail, size, first_indent)):
            fi = first_indent if k == 0 else 0.0
            self.line(s, size, align, MARGIN + indent + fi, avail - fi, lh)
        self.y -= after


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------
def table_font(tb, widths, pad) -> float:
    """The largest size (9.5 pt down to 6 pt in quarter points) at which every amount, code
    and line number fits its column on one line."""
    size = 9.5
    while size > 6.0:
        ok = True
        for row in tb.body:
            c = 0
            for cell in row:
                if cell.kind in ("num", "code", "no") and cell.text:
                    if width(cell.text, size) + 2 * pad > sum(widths[c:c + cell.cs]) + 1e-6:
                        ok = False
                        break
                c += cell.cs
            if not ok:
                break
        if ok:
            return size
        size -= 0.25
    return 6.0


class TableLayout:
    """Cell lines and row heights of a list of rows (header or body)."""

    def __init__(self, rows, widths, size, pad, header: bool):
        self.rows = rows
        self.placed = layout_grid(rows)
        self.size = size
        self.lh = size * 1.3
        self.pad = pad
        self.header = header
        self.widths = widths
        self.lines = {}
        heights = [0.0] * len(rows)
        for r, c, cell in self.placed:
            w = sum(widths[c:c + cell.cs]) - 2 * pad
            if cell.kind in ("num", "code", "no") and not header and width(cell.text, size) <= w + 1e-6:
                ls = [cell.text]
            else:
                ls = wrap(cell.text, w, size) if cell.text else []
            self.lines[(r, c)] = ls
            need = max(1, len(ls)) * self.lh + 2 * PAD_V
            if cell.rs == 1:
                heights[r] = max(heights[r], need)
        for r in range(len(rows)):
            heights[r] = max(heights[r], self.lh + 2 * PAD_V)
        # a cell spanning rows: grow its last row if the rows are not tall enough
        for r, c, cell in self.placed:
            if cell.rs > 1:
                last = min(len(rows), r + cell.rs) - 1
                need = max(1, len(self.lines[(r, c)])) * self.lh + 2 * PAD_V
                have = sum(heights[r:last + 1])
                if need > have:
                    heights[last] += need - have
        self.heights = heights

    def groups(self):
        """Row ranges that must stay on one page (a cell spanning rows ties them together)."""
        end = list(range(len(self.rows)))
        for r, c, cell in self.placed:
            if cell.rs > 1:
                last = min(len(self.rows), r + cell.rs) - 1
                end[r] = max(end[r], last)
        out = []
        r = 0
        while r < len(self.rows):
            e = end[r]
            k = r
            while k <= e:
                e = max(e, end[k])
                k += 1
            out.append((r, e))
            r = e + 1
        return out

    def draw(self, cv, x0: float, top: float, r0: int, r1: int) -> float:
        """Draw rows r0..r1 (inclusive) with their top at `top`; returns the height used."""
        ys = [top]
        for r in range(r0, r1 + 1):
            ys.append(ys[-1] - self.heights[r])
        xs = [x0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        cv.setFont(FONT, self.size)
        for r, c, cell in self.placed:
            if not (r0 <= r <= r1):
                continue
            ls = self.lines[(r, c)]
            if not ls:
                continue
            last = min(r1, r + cell.rs - 1)
            y_top, y_bot = ys[r - r0], ys[last - r0 + 1]
            left, right = xs[c] + self.pad, xs[c + cell.cs] - self.pad
            block = len(ls) * self.lh
            y = y_top - ((y_top - y_bot) - block) / 2
            for s in ls:
                base = y - (self.lh - self.size) / 2 - self.size * ASCENT
                if self.header or cell.kind == "no":
                    cv.drawCentredString((left + right) / 2, base, s)
                elif cell.kind == "num":
                    cv.drawRightString(right, base, s)
                else:
                    cv.drawString(left, base, s)
                y -= self.lh
        return top - ys[-1]


def draw_table(wr: Writer, tb, style: str) -> None:
    tw = wr.tw
    widths = [tw * w / sum(tb.cols) for w in tb.cols]
    pad = PAD  # no rulings in any style: the wide padding keeps neighbouring cells apart
    size = table_font(tb, widths, pad)
    head = TableLayout(tb.header, widths, size, pad, True)
    head_h = sum(head.heights)
    segs = [tb.body] if tb.split is None else [tb.body[:tb.split], tb.body[tb.split:]]
    for k, seg in enumerate(segs):
        with_head = k == 0 or tb.repeat_header
        if k > 0:
            wr.new_page(tb.wide)
        body = TableLayout(seg, widths, size, pad, False)
        first_on_page = True
        for r0, r1 in body.groups():
            h = sum(body.heights[r0:r1 + 1])
            need = h + (head_h if (with_head and first_on_page) else 0)
            if not wr.room(need) and not first_on_page:
                wr.new_page(tb.wide)
                first_on_page = True
            if first_on_page and with_head:
                wr.y -= head.draw(wr.c, MARGIN, wr.y, 0, len(tb.header) - 1)
            first_on_page = False
            wr.y -= body.draw(wr.c, MARGIN, wr.y, r0, r1)
        if not seg and with_head:
            wr.y -= head.draw(wr.c, MARGIN, wr.y, 0, len(tb.header) - 1)


def caption(wr: Writer, tb) -> None:
    """The caption line: three equal slots (left / centre / right), each wrapped in its slot."""
    size = 10.5
    slot = wr.tw / 3
    slots = [(tb.meta_left, "left"), (tb.meta_center, "center"), (tb.meta_right, "right")]
    wrapped = [wrap(t, slot, size) if t else [] for t, _ in slots]
    n = max(1, max(len(w) for w in wrapped))
    lh = size * 1.4
    wr.ensure(n * lh)
    for k, (ls, (_, align)) in enumerate(zip(wrapped, slots)):
        y = wr.y
        for s in ls:
            base = y - (lh - size) / 2 - size * ASCENT
            wr.c.setFont(FONT, size)
            x0 = MARGIN + k * slot
            if align == "left":
                wr.c.drawString(x0, base, s)
            elif align == "center":
                wr.c.drawCentredString(x0 + slot / 2, base, s)
            else:
                wr.c.drawRightString(x0 + slot, base, s)
            y -= lh
    wr.y -= n * lh + 1 * MM


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------
def write_pdf(report, path) -> None:
    wr = Writer(path, report.doc_title)
    for b in report.blocks:
        kind = b[0]
        if kind == "cover":
            wr.new_page(False, numbered=False)
            wr.y -= 70 * MM
            for s in b[1]:
                wr.para(s, 26, "center", lh=1.5)
            for k, s in enumerate(b[2] if len(b) > 2 else []):
                wr.para(s, 14, "center", before=(40 * MM if k == 0 else 4 * MM))
        elif kind == "toc":
            wr.new_page(False)
            wr.para("目　录", 18, "center", after=8 * MM)
            for cls, s in b[1]:
                if cls == "tp":
                    wr.para(s, 12, before=3 * MM, after=1 * MM)
                else:
                    wr.para(s, 12, indent=24, lh=1.7)
        elif kind == "part":
            wr.new_page(False)
            wr.para(b[1], 16, "center", after=2 * MM)
            wr.para(b[2], 16, "center", after=6 * MM)
        elif kind == "title":
            wr.new_page(False)
            wr.para(b[1], 16, "center", after=6 * MM)
        elif kind == "h2":
            wr.ensure(14 * 1.6 * 2 + 3 * MM)  # keep a heading with the next line
            wr.para(b[1], 14, first_indent=28, before=3 * MM, after=2 * MM)
        elif kind == "h3":
            wr.ensure(12 * 1.6 * 2)
            wr.para(b[1], 12, first_indent=24, after=1.5 * MM)
        elif kind == "p":
            wr.para(b[1], 12, first_indent=24, after=1.5 * MM)
        elif kind == "table":
            tb = b[1]
            wr.new_page(tb.wide)
            if report.layout == "changsha" and report.kind != "budget":  # 决算 headings (一、…表)
                wr.para(tb.heading, 14, after=2 * MM)
            if tb.top_line:
                wr.para(tb.top_line, 14, "center", after=2 * MM)
            wr.para(tb.title, 16, "center", lh=1.4, after=2 * MM)
            if tb.number:
                wr.para(tb.number, 10.5, "right", lh=1.4)
            caption(wr, tb)
            draw_table(wr, tb, tb.style or report.style)
            for n in tb.notes:
                wr.para(n, 10.5, lh=1.5, before=1.5 * MM)
        else:
            raise ValueError(f"unknown block {kind!r}")
    wr.save()
