#!/usr/bin/env python3
"""Render the 长沙市大数据中心 2023 部门决算 seed text into a realistic PDF.

The seed (``/work/shared/seeds/长沙市大数据中心-2023-部门决算.txt``) is the text of a
report the department really published: cover, 目录, five parts, narrative
paragraphs and nine tab-separated tables (公开01表 … 公开09表).  This script turns
it into HTML that mimics the published layout (bordered tables with merged
header cells, landscape pages for the wide tables, the original page breaks
inside tables) and prints it to PDF with headless Chromium.

``--style`` picks how the nine tables are ruled:
    ruled       (default) every cell bordered, as published;
    borderless  no cell borders or fills at all: columns separated only by
                whitespace (wider cell padding), numbers right-aligned,
                labels left-aligned, header cells centred over their spans;
    three-line  三线表: a thick rule above the header, a thin rule under the
                header and a thick rule under the last row; no vertical rules
                and no other horizontal rules.  A table split over pages by a
                forced break gets the thick top and bottom rules on each page
                (a continuation without a repeated header has no thin rule).
Everything outside the tables is the same for all styles, and the default
style's HTML is byte-identical to the one this script made before the option
existed.

Usage:
    python3 scripts/render_seed.py [--seed SEED.txt] [--out OUT.pdf]
                                   [--chromium PATH] [--html OUT.html]
                                   [--body-font CSS-FAMILY]
                                   [--style ruled|borderless|three-line]

Defaults (relative to the repository root):
    --seed ../shared/seeds/长沙市大数据中心-2023-部门决算.txt
    --out  corpus/长沙市大数据中心-2023-部门决算.pdf

The corpus variants are made with:
    python3 scripts/render_seed.py --style borderless \
        --body-font '"WenQuanYi Zen Hei", sans-serif' \
        --out corpus/长沙市大数据中心-2023-部门决算-borderless.pdf
    python3 scripts/render_seed.py --style three-line \
        --body-font '"WenQuanYi Zen Hei", sans-serif' \
        --out corpus/长沙市大数据中心-2023-部门决算-three-line.pdf

Standard library only.  The output is deterministic for a given Chromium
build: the PDF's CreationDate/ModDate are pinned to a fixed value after
printing (same byte length, so the xref table stays valid).

Layout data (merged cells, column widths, orientation) is hand-coded per
table in ``TABLES`` below, keyed by the table title as printed in the seed.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_NAME = "长沙市大数据中心-2023-部门决算"
DEFAULT_SEED = REPO_ROOT / ".." / "shared" / "seeds" / f"{SEED_NAME}.txt"
DEFAULT_OUT = REPO_ROOT / "corpus" / f"{SEED_NAME}.pdf"

DOC_TITLE = "2023年度长沙市大数据中心部门决算"
# Fixed PDF dates (publication date of the 2023 决算 reports is mid-2024).
FIXED_PDF_DATE = b"D:20240628090000+08'00'"

BODY_FONT = '"Noto Serif CJK SC", "SimSun", "Songti SC", serif'
HEAD_FONT = '"WenQuanYi Zen Hei", "SimHei", "Noto Sans CJK SC", sans-serif'

# ---------------------------------------------------------------------------
# Per-table layout.  Coordinates are (row, col) in the seed's tab grid of the
# table (all segments concatenated, header rows first).
#   header_rows  : number of leading grid rows rendered as <th> header rows
#   spans        : {(row, col): (rowspan, colspan)} for header cells
#   label_spans  : {cell text: colspan} applied to data rows (合计 rows)
#   wide         : landscape page
#   repeat_header: repeat the header rows on the forced continuation page
#   cols         : <col> widths (None = automatic)
# Cells covered by a span must be empty in the seed (checked).
# ---------------------------------------------------------------------------
TABLES: dict[str, dict] = {
    "收入支出决算总表": {  # 公开01表
        "header_rows": 3,
        "spans": {(0, 0): (1, 3), (0, 3): (1, 3)},
        "label_spans": {},
        "wide": False,
        "repeat_header": True,
        "cols": ["33%", "6%", "11%", "33%", "6%", "11%"],
    },
    "收入决算表": {  # 公开02表
        "header_rows": 3,
        "spans": {(0, 0): (1, 2), **{(0, c): (2, 1) for c in range(2, 9)}, (2, 0): (1, 2)},
        "label_spans": {"合计": 2},
        "wide": False,
        "repeat_header": False,
        "cols": ["11%", "19%"] + ["10%"] * 7,
    },
    "支出决算表": {  # 公开03表
        "header_rows": 3,
        "spans": {(0, 0): (1, 2), **{(0, c): (2, 1) for c in range(2, 8)}, (2, 0): (1, 2)},
        "label_spans": {"合计": 2},
        "wide": False,
        "repeat_header": False,
        "cols": ["11%", "23%"] + ["11%"] * 6,
    },
    "财政拨款收入支出决算总表": {  # 公开04表
        "header_rows": 3,
        "spans": {(0, 0): (1, 3), (0, 3): (1, 6)},
        "label_spans": {},
        "wide": True,
        "repeat_header": False,
        "cols": ["19%", "5%", "9%", "20%", "5%", "9%", "11%", "11%", "11%"],
    },
    "一般公共预算财政拨款支出决算表": {  # 公开05表
        "header_rows": 3,
        "spans": {(0, 0): (1, 2), (0, 2): (1, 3), (2, 0): (1, 2)},
        "label_spans": {"合计": 2},
        "wide": False,
        # 科目名称 narrow enough that 其他政府办公厅（室）及相关机构事务支 wraps
        # onto two lines.
        "cols": ["14%", "25%", "20.33%", "20.33%", "20.33%"],
        "repeat_header": False,
    },
    "一般公共预算财政拨款基本支出决算明细表": {  # 公开06表
        "header_rows": 2,
        "spans": {(0, 0): (1, 3), (0, 3): (1, 6)},
        "label_spans": {"人员经费合计": 2, "公用经费合计": 5},
        "wide": True,
        "repeat_header": False,
        "cols": ["7%", "20%", "8%", "7%", "17%", "8%", "7%", "18%", "8%"],
    },
    "政府性基金预算财政拨款收入支出决算表": {  # 公开07表
        "header_rows": 3,
        "spans": {
            (0, 0): (1, 2), (0, 2): (2, 1), (0, 3): (2, 1), (0, 4): (1, 3),
            (0, 7): (2, 1), (2, 0): (1, 2),
        },
        "label_spans": {"合计": 2},
        "wide": False,
        "repeat_header": False,
        "cols": ["10%", "20%"] + ["11.66%"] * 6,
    },
    "国有资本经营预算财政拨款支出决算表": {  # 公开08表
        "header_rows": 3,
        "spans": {(0, 0): (1, 2), (0, 2): (1, 3), (2, 0): (1, 2)},
        "label_spans": {"合计": 2},
        "wide": False,
        "repeat_header": False,
        "cols": ["14%", "32%", "18%", "18%", "18%"],
    },
    "财政拨款“三公”经费支出决算表": {  # 公开09表
        "header_rows": 4,
        "spans": {
            (0, 0): (1, 6), (0, 6): (1, 6),
            (1, 0): (2, 1), (1, 1): (2, 1), (1, 2): (1, 3), (1, 5): (2, 1),
            (1, 6): (2, 1), (1, 7): (2, 1), (1, 8): (1, 3), (1, 11): (2, 1),
        },
        "label_spans": {},
        "wide": True,
        "repeat_header": False,
        "cols": ["8.33%"] * 12,
    },
}

# Narrative lines that continue the previous paragraph (the seed shows them as
# separate blocks because the published PDF broke the paragraph across pages or
# lines).  Matched by prefix; each must be used exactly once.
CONTINUATIONS = [
    "汇总公开单位构成包括：",
    "和家庭的补助支出。",
    "数较上年减少的主要原因是：严控三公支出规模",
    "额的 0%",
    "风险综合监测、安全事件监督问效",
    "进全市密码系统进一步完善",
    "精心组织，制定保障方案",
]

PART_RE = re.compile(r"^第[一二三四五六七八九十]+部分$")
H2_RE = re.compile(r"^[一二三四五六七八九十]+、")
H3_RE = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
AMOUNT_RE = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)\.\d+$")
ROWNO_RE = re.compile(r"^\d{1,2}$")

CSS = f"""
@page {{
  size: A4;
  margin: 20mm;
  @bottom-center {{ content: counter(page); font-family: "Times New Roman", serif; font-size: 9pt; }}
}}
@page wide {{ size: A4 landscape; margin: 20mm; }}
@page cover {{ @bottom-center {{ content: none; }} }}
html {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{ margin: 0; font-family: {BODY_FONT}; font-size: 12pt; line-height: 1.6; color: #000; }}
.cover {{ page: cover; text-align: center; padding-top: 70mm; }}
.cover .yr {{ font-family: {HEAD_FONT}; font-size: 30pt; line-height: 1.5; }}
.cover .nm {{ font-family: {HEAD_FONT}; font-size: 30pt; line-height: 1.5; }}
.toc {{ break-before: page; }}
.toc h1 {{ font-family: {HEAD_FONT}; font-size: 18pt; text-align: center; font-weight: normal; margin: 0 0 8mm; }}
.toc .tp {{ font-family: {HEAD_FONT}; font-size: 12pt; margin: 3mm 0 1mm; }}
.toc .ti {{ margin: 0 0 0 2em; font-size: 12pt; line-height: 1.7; }}
.part {{ break-before: page; }}
.part .pn {{ font-family: {HEAD_FONT}; font-size: 16pt; text-align: center; margin: 0 0 2mm; }}
.part .pt {{ font-family: {HEAD_FONT}; font-size: 16pt; text-align: center; font-weight: normal; margin: 0 0 6mm; }}
h2 {{ font-family: {HEAD_FONT}; font-size: 14pt; font-weight: normal; margin: 3mm 0 2mm; text-indent: 2em; }}
p {{ margin: 0 0 1.5mm; text-indent: 2em; text-align: justify; }}
p.sub {{ font-weight: bold; }}
.tsec {{ break-before: page; }}
.tsec.wide {{ page: wide; }}
.tsec h2 {{ text-indent: 0; margin: 0 0 2mm; }}
.tsec .tt {{ font-family: {HEAD_FONT}; font-size: 16pt; font-weight: normal; text-align: center; margin: 0 0 2mm; }}
.tsec .tno {{ text-align: right; font-size: 10.5pt; line-height: 1.4; }}
.tsec .meta {{ display: flex; justify-content: space-between; font-size: 10.5pt; line-height: 1.4; margin: 0 0 1mm; }}
.tsec .meta span {{ flex: 1 1 0; }}
.tsec .meta .l {{ text-align: left; }}
.tsec .meta .c {{ text-align: center; }}
.tsec .meta .r {{ text-align: right; }}
.tsec p {{ font-size: 10.5pt; line-height: 1.5; margin-top: 1.5mm; text-indent: 0; }}
.cont {{ break-before: page; }}
table {{ border-collapse: collapse; width: 100%; font-size: 10pt; line-height: 1.3; }}
th, td {{ border: 1px solid #000; padding: 1px 3px; vertical-align: middle; }}
th {{ font-weight: normal; text-align: center; }}
td {{ text-align: left; }}
td.num {{ text-align: right; white-space: nowrap; }}
td.no {{ text-align: center; white-space: nowrap; }}
td.code {{ white-space: nowrap; }}
tr {{ break-inside: avoid; }}
.wide table {{ font-size: 10pt; }}
"""

# Extra CSS appended after ``CSS`` for the non-default table styles (empty for
# "ruled", so its HTML stays byte-identical).  Only the table rules and the
# horizontal cell padding (3px -> 6px) change; the vertical padding stays 1px
# so that, with the same body font, row heights match "ruled".
STYLE_CSS: dict[str, str] = {
    "ruled": "",
    "borderless": """
th, td { border: none; padding: 1px 6px; background: none; }
""",
    # Collapsed-border model: the table's and the header row group's borders
    # win over the cells' "none".  Chromium paints each rule as one filled
    # rectangle per column, abutting end to end (2px = 1.5pt thick rules,
    # 1px = 0.75pt thin rule).  Cell padding as in "borderless" so that
    # adjacent cells never run together in text extraction.
    "three-line": """
th, td { border: none; padding: 1px 6px; background: none; }
table { border-top: 2px solid #000; border-bottom: 2px solid #000; }
thead { border-bottom: 1px solid #000; }
""",
}
STYLES = tuple(STYLE_CSS)


def esc(s: str) -> str:
    return html.escape(s, quote=False)


def grid_spans(
    title: str, spec: dict, rows: list[list[str]]
) -> tuple[dict[tuple[int, int], tuple[int, int]], set[tuple[int, int]]]:
    """The merged cells of a table grid: ``{(row, col): (rowspan, colspan)}`` from the header
    spans and the label spans of ``spec``, and the set of cells they cover (checked empty)."""
    width = len(rows[0])
    hdr = spec["header_rows"]
    span: dict[tuple[int, int], tuple[int, int]] = {}
    for (r, c), rc in spec["spans"].items():
        if r >= hdr:
            raise SystemExit(f"{title}: header span at data row {r}")
        span[(r, c)] = rc
    for r in range(hdr, len(rows)):
        for c, cell in enumerate(rows[r]):
            if cell.strip() in spec["label_spans"]:
                span[(r, c)] = (1, spec["label_spans"][cell.strip()])
    covered: set[tuple[int, int]] = set()
    for (r, c), (rs, cs) in span.items():
        for dr in range(rs):
            for dc in range(cs):
                if dr == 0 and dc == 0:
                    continue
                rr, cc = r + dr, c + dc
                if rr >= len(rows) or cc >= width:
                    raise SystemExit(f"{title}: span at {(r, c)} leaves the grid")
                if rows[rr][cc].strip():
                    raise SystemExit(
                        f"{title}: span at {(r, c)} would hide {rows[rr][cc]!r} at {(rr, cc)}"
                    )
                covered.add((rr, cc))
    return span, covered


class Renderer:
    def __init__(self, lines: list[str], extra_css: str = ""):
        self.lines = lines
        self.extra_css = extra_css
        self.out: list[str] = []
        self.used_continuations: list[str] = []
        self.tables_seen: list[str] = []

    # -- helpers -----------------------------------------------------------
    def next_nonblank(self, i: int) -> int:
        while i < len(self.lines) and not self.lines[i].strip():
            i += 1
        return i

    def is_table_heading(self, i: int) -> bool:
        s = self.lines[i].strip()
        if not H2_RE.match(s):
            return False
        title = H2_RE.sub("", s, count=1)
        if title not in TABLES:
            return False
        j = self.next_nonblank(i + 1)
        return j < len(self.lines) and self.lines[j].strip() == title

    # -- document ----------------------------------------------------------
    def render(self) -> str:
        lines = self.lines
        n = len(lines)
        i = self.next_nonblank(0)
        # Cover: everything before 目录.
        cover = []
        while i < n and lines[i].strip() != "目录":
            if lines[i].strip():
                cover.append(lines[i].strip())
            i += 1
        self.out.append('<div class="cover">')
        for k, s in enumerate(cover):
            cls = "yr" if k == 0 else "nm"
            self.out.append(f'<div class="{cls}">{esc(s)}</div>')
        self.out.append("</div>")
        # 目录: until the standalone 第一部分.
        self.out.append('<div class="toc"><h1>目录</h1>')
        i += 1
        while i < n and not PART_RE.match(lines[i].strip()):
            s = lines[i].strip()
            i += 1
            if not s:
                continue
            if s.startswith("- "):
                self.out.append(f'<div class="ti">{esc(s[2:])}</div>')
            elif s.startswith("第") and "部分" in s[:5]:
                self.out.append(f'<div class="tp">{esc(s)}</div>')
            else:
                self.out.append(f'<div class="ti">{esc(s)}</div>')
        self.out.append("</div>")
        # Body.
        open_div = False
        while i < n:
            s = lines[i].strip()
            if not s:
                i += 1
                continue
            if PART_RE.match(s):
                if open_div:
                    self.out.append("</div>")
                self.out.append('<div class="part">')
                open_div = True
                self.out.append(f'<div class="pn">{esc(s)}</div>')
                j = self.next_nonblank(i + 1)
                if j < n:
                    self.out.append(f'<h1 class="pt">{esc(lines[j].strip())}</h1>')
                i = j + 1
                continue
            if self.is_table_heading(i):
                if open_div:
                    self.out.append("</div>")
                open_div = True
                i = self.render_table_section(i)
                continue
            # Paragraph (with hand-listed continuations joined in).
            text = s
            i += 1
            while True:
                j = self.next_nonblank(i)
                if j >= n:
                    break
                nxt = lines[j].strip()
                cont = next((c for c in CONTINUATIONS if nxt.startswith(c)), None)
                if cont is None:
                    break
                self.used_continuations.append(cont)
                text += nxt
                i = j + 1
            if H2_RE.match(text) and len(text) <= 30 and not text.endswith("。"):
                self.out.append(f"<h2>{esc(text)}</h2>")
            elif H3_RE.match(text) and len(text) <= 30 and not text.endswith(("。", "：")):
                self.out.append(f'<p class="sub">{esc(text)}</p>')
            else:
                self.out.append(f"<p>{esc(text)}</p>")
        if open_div:
            self.out.append("</div>")
        missing = [c for c in CONTINUATIONS if self.used_continuations.count(c) != 1]
        if missing:
            raise SystemExit(f"continuation lines not matched exactly once: {missing}")
        missing_t = [t for t in TABLES if t not in self.tables_seen]
        if missing_t:
            raise SystemExit(f"tables not found in seed: {missing_t}")
        body = "\n".join(self.out)
        return (
            "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{esc(DOC_TITLE)}</title><style>{CSS}{self.extra_css}</style></head>\n"
            f"<body>\n{body}\n</body></html>\n"
        )

    # -- tables ------------------------------------------------------------
    def render_table_section(self, i: int) -> int:
        lines = self.lines
        n = len(lines)
        heading = lines[i].strip()
        title = H2_RE.sub("", heading, count=1)
        spec = TABLES[title]
        self.tables_seen.append(title)
        cls = "tsec wide" if spec["wide"] else "tsec"
        self.out.append(f'<div class="{cls}">')
        self.out.append(f"<h2>{esc(heading)}</h2>")
        i = self.next_nonblank(i + 1)
        self.out.append(f'<h1 class="tt">{esc(lines[i].strip())}</h1>')
        i += 1
        # Meta lines (公开 NN 表 / 单位：… / 2023 年度 / 单位：万元) until the grid.
        meta: list[tuple[str, bool]] = []  # (text, directly follows previous line)
        prev_blank = True
        while i < n and "\t" not in lines[i]:
            s = lines[i].strip()
            if s:
                meta.append((s, not prev_blank))
                prev_blank = False
            else:
                prev_blank = True
            i += 1
        self.render_meta(meta, title)
        # Grid rows; a blank line between grid rows is a page break.
        segments: list[list[list[str]]] = [[]]
        while i < n:
            if "\t" in lines[i]:
                segments[-1].append(lines[i].split("\t"))
                i += 1
            elif not lines[i].strip() and i + 1 < n and "\t" in lines[i + 1]:
                segments.append([])
                i += 1
            else:
                break
        self.render_grid(title, spec, segments)
        return i

    def render_meta(self, meta: list[tuple[str, bool]], title: str) -> None:
        k = 0
        right_block: list[str] = []
        if k < len(meta) and meta[k][0].startswith("公开"):
            right_block.append(meta[k][0])
            k += 1
            while k < len(meta) and meta[k][1]:
                right_block.append(meta[k][0])
                k += 1
        if right_block:
            inner = "<br>".join(esc(s) for s in right_block)
            self.out.append(f'<div class="tno">{inner}</div>')
        slots = {"l": [], "c": [], "r": []}
        for s, _ in meta[k:]:
            if s.startswith("单位：") and s.endswith("元"):
                slots["r"].append(s)
            elif s.startswith("单位："):
                slots["l"].append(s)
            elif "年度" in s:
                slots["c"].append(s)
            else:
                raise SystemExit(f"unexpected meta line before table {title}: {s!r}")
        spans = "".join(
            f'<span class="{k2}">{"<br>".join(esc(x) for x in v)}</span>' for k2, v in slots.items()
        )
        self.out.append(f'<div class="meta">{spans}</div>')

    def render_grid(self, title: str, spec: dict, segments: list[list[list[str]]]) -> None:
        rows = [r for seg in segments for r in seg]
        width = len(rows[0])
        for r in rows:
            if len(r) != width:
                raise SystemExit(f"{title}: ragged row {r!r} (expected {width} cells)")
        if len(spec["cols"]) != width:
            raise SystemExit(f"{title}: {len(spec['cols'])} column widths for {width} columns")
        hdr = spec["header_rows"]
        span, covered = grid_spans(title, spec, rows)
        # Rows per segment (global indices); header rows belong to segment 0.
        seg_rows: list[list[int]] = []
        start = 0
        for seg in segments:
            seg_rows.append(list(range(start, start + len(seg))))
            start += len(seg)
        colgroup = "<colgroup>" + "".join(
            f'<col style="width:{w}">' if w else "<col>" for w in spec["cols"]
        ) + "</colgroup>"

        def row_html(r: int) -> str:
            out = []
            for c, cell in enumerate(rows[r]):
                if (r, c) in covered:
                    continue
                rs, cs = span.get((r, c), (1, 1))
                attrs = ""
                if rs > 1:
                    attrs += f' rowspan="{rs}"'
                if cs > 1:
                    attrs += f' colspan="{cs}"'
                text = cell.strip()
                if r < hdr:
                    out.append(f"<th{attrs}>{esc(text)}</th>")
                    continue
                if AMOUNT_RE.match(text):
                    klass = ' class="num"'
                elif ROWNO_RE.match(text):
                    klass = ' class="no"'
                elif text.isdigit():
                    klass = ' class="code"'
                else:
                    klass = ""
                out.append(f"<td{klass}{attrs}>{esc(text)}</td>")
            return "<tr>" + "".join(out) + "</tr>"

        header_html = "".join(row_html(r) for r in range(hdr))
        for k, idx in enumerate(seg_rows):
            parts = []
            if k == 0:
                head = header_html
                body_idx = [r for r in idx if r >= hdr]
            else:
                head = header_html if spec["repeat_header"] else ""
                body_idx = idx
            thead = f"<thead>{head}</thead>" if head else ""
            parts.append(f"<table>{colgroup}{thead}<tbody>")
            parts.append("".join(row_html(r) for r in body_idx))
            parts.append("</tbody></table>")
            html_tab = "".join(parts)
            if k > 0:
                html_tab = f'<div class="cont">{html_tab}</div>'
            self.out.append(html_tab)


def visible_text_check(seed_lines: list[str], html_doc: str) -> None:
    """Every non-blank seed line (and every table cell) must appear in the HTML text."""
    body = html_doc.split("<body>", 1)[1]
    text = html.unescape(re.sub(r"<[^>]+>", "\n", body))
    flat = re.sub(r"\s+", "", text)
    missing = []
    for line in seed_lines:
        for piece in line.split("\t"):
            s = piece.strip()
            if s.startswith("- "):
                s = s[2:]
            if s and re.sub(r"\s+", "", s) not in flat:
                missing.append(s)
    if missing:
        raise SystemExit("seed text missing from the rendering:\n  " + "\n  ".join(missing))


def find_chromium(explicit: str | None) -> str:
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        p = shutil.which(name)
        if p:
            return p
    raise SystemExit("chromium not found: pass --chromium PATH")


def header_footer_flag(chromium: str) -> str:
    """Newer Chromium uses --no-pdf-header-footer; older uses --print-to-pdf-no-header."""
    try:
        out = subprocess.run(
            [chromium, "--version"], capture_output=True, text=True, timeout=60
        ).stdout
        m = re.search(r"(\d+)\.\d+\.\d+", out)
        if m and int(m.group(1)) < 110:
            return "--print-to-pdf-no-header"
    except (OSError, subprocess.SubprocessError):
        pass
    return "--no-pdf-header-footer"


def print_pdf(chromium: str, html_path: Path, pdf_path: Path, workdir: Path) -> None:
    profile = workdir / "profile"
    profile.mkdir()
    cmd = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        # Untagged like the published WPS exports; the structure tree would
        # also add ~350 KB.
        "--disable-pdf-tagging",
        f"--user-data-dir={profile}",
        header_footer_flag(chromium),
        f"--print-to-pdf={pdf_path}",
        html_path.resolve().as_uri(),
    ]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if res.returncode != 0 or not pdf_path.exists() or pdf_path.stat().st_size == 0:
        sys.stderr.write(res.stderr[-4000:])
        raise SystemExit(f"chromium failed (exit {res.returncode})")


def pin_dates(pdf: bytes) -> bytes:
    """Replace /CreationDate and /ModDate values with a fixed, same-length date."""

    def fix(m: re.Match) -> bytes:
        old = m.group(2)
        new = FIXED_PDF_DATE
        if len(new) > len(old):
            new = new[: len(old)]
        new = new.ljust(len(old), b" ") if len(new) < len(old) else new
        return m.group(1) + b"(" + new + b")"

    return re.sub(rb"(/(?:CreationDate|ModDate) ?)\((D:[^)]*)\)", fix, pdf)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=Path, default=DEFAULT_SEED, help="seed text (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output PDF (default: %(default)s)")
    ap.add_argument("--chromium", help="chromium binary (default: search PATH)")
    ap.add_argument("--html", type=Path, help="also write the intermediate HTML here")
    ap.add_argument(
        "--body-font",
        default=BODY_FONT,
        help="CSS font-family for body text and table cells (default: %(default)s). "
        "Chromium embeds CFF/OTF fonts such as Noto Serif CJK as Type 3 fonts and "
        "TrueType fonts such as WenQuanYi Zen Hei as CID TrueType (Identity-H).",
    )
    ap.add_argument(
        "--style",
        choices=STYLES,
        default="ruled",
        help="table rules: ruled (every cell bordered), borderless (whitespace only) "
        "or three-line (三线表) (default: %(default)s)",
    )
    args = ap.parse_args(argv)

    seed_text = args.seed.read_text(encoding="utf-8")
    seed_lines = seed_text.replace("\r\n", "\n").split("\n")
    doc = Renderer(seed_lines, STYLE_CSS[args.style]).render()
    if args.body_font != BODY_FONT:
        doc = doc.replace(f"font-family: {BODY_FONT};", f"font-family: {args.body_font};")
    visible_text_check(seed_lines, doc)

    chromium = find_chromium(args.chromium)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="render_seed.") as tmp:
        tmpdir = Path(tmp)
        html_path = tmpdir / "report.html"
        html_path.write_text(doc, encoding="utf-8")
        pdf_tmp = tmpdir / "report.pdf"
        print_pdf(chromium, html_path, pdf_tmp, tmpdir)
        data = pin_dates(pdf_tmp.read_bytes())
        staged = args.out.with_name(args.out.name + ".tmp")
        staged.write_bytes(data)
        os.replace(staged, args.out)
    if args.html:
        args.html.parent.mkdir(parents=True, exist_ok=True)
        args.html.write_text(doc, encoding="utf-8")
    print(f"wrote {args.out} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
