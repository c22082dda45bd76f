#!/usr/bin/env python3
"""Render the 长沙市大数据中心 2023 部门决算 seed's nine tables as an XLSX workbook.

The tables, their merged header cells and their notes come from ``render_seed.py`` (its
``Renderer`` walks the seed; ``TABLES`` and ``grid_spans`` give the merged cells), so the
workbook prints exactly the cells of the PDF and DOCX renderings, laid out the way budget
workbooks are:

* one sheet per table (公开01表 … 公开09表), except 07 and 08, which share one sheet with two
  blank rows between them;
* above each table: the title merged across the table's width, the table number on the right,
  then one row with 单位：… (left), 2023 年度 (middle) and 单位：万元 (right);
* the header rows with their merged cells (multi-row headers), the body with the merged total
  labels (合计 over two columns), the notes (注：…, 说明：…) under the table;
* amounts and codes stored as numbers on some sheets (written with 17 significant digits, the way
  Excel writes doubles, e.g. ``1282.3299999999999``; amounts styled ``#,##0.00``, with the custom
  format on some sheets and the built-in one on others) and as text on the others (shared strings
  on some, inline strings on another);
* a blank row inside table 06 (before its total row), which must not split the table;
* a hidden first sheet (a draft of table 01 with other numbers), which must not be read.

Usage:
    python3 scripts/render_seed_xlsx.py [--seed SEED.txt] [--out OUT.xlsx]

Defaults (relative to the repository root):
    --seed ../shared/seeds/长沙市大数据中心-2023-部门决算.txt
    --out  corpus/长沙市大数据中心-2023-部门决算.xlsx

Standard library only. The output is byte-identical for the same seed (fixed ZIP timestamps).
"""

from __future__ import annotations

import argparse
import os
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))
import render_seed as rs  # noqa: E402

DEFAULT_OUT = rs.REPO_ROOT / "corpus" / f"{rs.SEED_NAME}.xlsx"

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"

# cellXfs: 0 default, 1 title, 2 bordered text / General number, 3 amount with the custom
# #,##0.00 (numFmtId 164), 4 amount with the built-in #,##0.00 (numFmtId 4)
STYLE_TITLE, STYLE_CELL, STYLE_AMOUNT_CUSTOM, STYLE_AMOUNT_BUILTIN = 1, 2, 3, 4

# per sheet: how cells are stored. "number": amounts and codes as numbers; "text": shared
# strings; "inline": inline strings. `fmt` picks the amount style of "number" sheets.
SHEETS = [
    # (sheet name, table numbers on it, storage, amount style)
    ("公开01表", ["01"], "number", STYLE_AMOUNT_CUSTOM),
    ("公开02表", ["02"], "text", None),
    ("公开03表", ["03"], "number", STYLE_AMOUNT_BUILTIN),
    ("公开04表", ["04"], "inline", None),
    ("公开05表", ["05"], "number", STYLE_AMOUNT_CUSTOM),
    ("公开06表", ["06"], "number", STYLE_AMOUNT_BUILTIN),
    ("公开07-08表", ["07", "08"], "text", None),
    ("公开09表", ["09"], "number", STYLE_AMOUNT_CUSTOM),
]
# the table whose total row gets a blank row above it
BLANK_ROW_BEFORE = {"06": "人员经费合计"}
DRAFT_SHEET = "草稿"


class Capture(rs.Renderer):
    """Walks the seed like the PDF renderer and keeps each table's lines and cells."""

    def __init__(self, lines: list[str]):
        super().__init__(lines)
        self.tables: list[dict] = []
        self._meta: list[str] = []

    def render_table_section(self, i: int) -> int:
        j = super().render_table_section(i)
        notes: list[str] = []
        k = j
        while k < len(self.lines):
            s = self.lines[k].strip()
            k += 1
            if not s:
                continue
            if s.startswith(("注", "说明")) or (
                notes and not rs.H2_RE.match(s) and not rs.PART_RE.match(s)
            ):
                notes.append(s)
            else:
                break
        self.tables[-1]["notes"] = notes
        return j

    def render_meta(self, meta: list[tuple[str, bool]], title: str) -> None:
        self._meta = [s for s, _ in meta]

    def render_grid(self, title: str, spec: dict, segments: list[list[list[str]]]) -> None:
        rows = [r for seg in segments for r in seg]
        span, covered = rs.grid_spans(title, spec, rows)
        meta = self._meta
        number = next((m for m in meta if m.startswith("公开")), "")
        self.tables.append(
            {
                "title": title,
                "no": "".join(ch for ch in number if ch.isdigit()),
                "number_line": number,
                "meta": [m for m in meta if not m.startswith("公开")],
                "rows": rows,
                "span": span,
                "covered": covered,
            }
        )


def col_name(c: int) -> str:
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def ref(r: int, c: int) -> str:
    return f"{col_name(c)}{r + 1}"


class Sheet:
    def __init__(self, storage: str, amount_style: int | None, strings: "Strings"):
        self.storage = storage
        self.amount_style = amount_style
        self.strings = strings
        self.cells: dict[tuple[int, int], tuple[str, int]] = {}  # (r, c) -> (xml, style)
        self.merges: list[tuple[int, int, int, int]] = []
        self.row = 0

    def text(self, r: int, c: int, s: str, style: int) -> None:
        if self.storage == "inline":
            x = f'<c r="{ref(r, c)}" s="{style}" t="inlineStr"><is><t>{escape(s)}</t></is></c>'
        else:
            x = f'<c r="{ref(r, c)}" s="{style}" t="s"><v>{self.strings.index(s)}</v></c>'
        self.cells[(r, c)] = (x, style)

    def value(self, r: int, c: int, s: str) -> None:
        """A grid cell: a number where the sheet stores numbers and the text is one."""
        t = s.strip()
        if self.storage == "number" and t:
            if rs.AMOUNT_RE.match(t):
                v = float(t.replace(",", ""))
                x = f'<c r="{ref(r, c)}" s="{self.amount_style}"><v>{v:.17g}</v></c>'
                self.cells[(r, c)] = (x, self.amount_style)
                return
            if t.isdigit() and str(int(t)) == t:
                x = f'<c r="{ref(r, c)}" s="{STYLE_CELL}"><v>{float(t):.17g}</v></c>'
                self.cells[(r, c)] = (x, STYLE_CELL)
                return
        if t:
            self.text(r, c, t, STYLE_CELL)
        else:
            self.cells[(r, c)] = (f'<c r="{ref(r, c)}" s="{STYLE_CELL}"/>', STYLE_CELL)

    def merge(self, r0: int, c0: int, r1: int, c1: int, style: int) -> None:
        self.merges.append((r0, c0, r1, c1))
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0) and (r, c) not in self.cells:
                    self.cells[(r, c)] = (f'<c r="{ref(r, c)}" s="{style}"/>', style)

    def table(self, t: dict, blank_before: str | None = None) -> None:
        rows, span, covered = t["rows"], t["span"], t["covered"]
        width = len(rows[0])
        last = width - 1
        # title, table number, unit line
        r = self.row
        self.text(r, 0, t["title"], STYLE_TITLE)
        self.merge(r, 0, r, last, STYLE_TITLE)
        r += 1
        self.text(r, last, t["number_line"], 0)
        r += 1
        for m in t["meta"]:
            if m.startswith("单位：") and m.endswith("元"):
                self.text(r, last, m, 0)
            elif "年度" in m:
                self.text(r, width // 2, m, 0)
            else:
                self.text(r, 0, m, 0)
        r += 1
        # the grid
        for gr, row in enumerate(rows):
            if blank_before and row[0].strip() == blank_before:
                r += 1
            for gc, cell in enumerate(row):
                if (gr, gc) in covered:
                    continue
                self.value(r, gc, cell)
                rsp, csp = span.get((gr, gc), (1, 1))
                if rsp > 1 or csp > 1:
                    self.merge(r, gc, r + rsp - 1, gc + csp - 1, STYLE_CELL)
            r += 1
        # notes: the first merged across the table, the others in column A
        for k, n in enumerate(t["notes"]):
            self.text(r, 0, n, 0)
            if k == 0:
                self.merge(r, 0, r, last, 0)
            r += 1
        self.row = r

    def xml(self) -> str:
        by_row: dict[int, list[tuple[int, str]]] = {}
        for (r, c), (x, _) in self.cells.items():
            by_row.setdefault(r, []).append((c, x))
        max_r = max(by_row)
        max_c = max(c for (_, c) in self.cells)
        rows = "".join(
            f'<row r="{r + 1}">' + "".join(x for _, x in sorted(by_row[r])) + "</row>"
            for r in sorted(by_row)
        )
        merges = "".join(
            f'<mergeCell ref="{ref(a, b)}:{ref(c, d)}"/>' for a, b, c, d in self.merges
        )
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{NS}" xmlns:r="{NS_R}">'
            f'<dimension ref="A1:{ref(max_r, max_c)}"/>'
            f'<sheetFormatPr defaultRowHeight="15"/>'
            f"<sheetData>{rows}</sheetData>"
            f'<mergeCells count="{len(self.merges)}">{merges}</mergeCells>'
            f"</worksheet>"
        )


class Strings:
    def __init__(self) -> None:
        self.items: list[str] = []
        self.ids: dict[str, int] = {}

    def index(self, s: str) -> int:
        if s not in self.ids:
            self.ids[s] = len(self.items)
            self.items.append(s)
        return self.ids[s]

    def xml(self) -> str:
        si = "".join(f"<si><t>{escape(s)}</t></si>" for s in self.items)
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<sst xmlns="{NS}" count="{len(self.items)}" uniqueCount="{len(self.items)}">{si}</sst>'
        )


STYLES_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0.00"/></numFmts><fonts count="2"><font><sz val="11"/><name val="宋体"/><charset val="134"/></font><font><b/><sz val="16"/><name val="黑体"/><charset val="134"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center"/></xf><xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf><xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/><xf numFmtId="4" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/></cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>
"""


def build(seed: Path) -> bytes:
    lines = seed.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
    cap = Capture(lines)
    cap.render()
    by_no = {t["no"]: t for t in cap.tables}
    if sorted(by_no) != [f"{i:02d}" for i in range(1, 10)]:
        raise SystemExit(f"expected tables 01-09, got {sorted(by_no)}")
    strings = Strings()
    sheets: list[tuple[str, Sheet, bool]] = []
    # the hidden draft: table 01 with every amount replaced
    draft_t = dict(by_no["01"])
    draft_t["rows"] = [
        [("9,999.99" if rs.AMOUNT_RE.match(c.strip()) else c) for c in row]
        for row in draft_t["rows"]
    ]
    draft = Sheet("text", None, strings)
    draft.table(draft_t)
    sheets.append((DRAFT_SHEET, draft, True))
    for name, nos, storage, amount_style in SHEETS:
        sh = Sheet(storage, amount_style, strings)
        for k, no in enumerate(nos):
            if k > 0:
                sh.row += 2
            sh.table(by_no[no], BLANK_ROW_BEFORE.get(no))
        sheets.append((name, sh, False))

    files: list[tuple[str, str]] = []
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="{CT}.worksheet+xml"/>'
        for i in range(len(sheets))
    )
    files.append(
        (
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>'
            f"{overrides}"
            f'<Override PartName="/xl/styles.xml" ContentType="{CT}.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>'
            "</Types>",
        )
    )
    files.append(
        (
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{NS_PKG}">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
    )
    sheet_entries = "".join(
        f'<sheet name="{escape(name)}" sheetId="{i + 1}"'
        + (' state="hidden"' if hidden else "")
        + f' r:id="rId{i + 1}"/>'
        for i, (name, _, hidden) in enumerate(sheets)
    )
    files.append(
        (
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{NS}" xmlns:r="{NS_R}">'
            '<bookViews><workbookView activeTab="1"/></bookViews>'
            f"<sheets>{sheet_entries}</sheets></workbook>",
        )
    )
    n = len(sheets)
    rels = "".join(
        f'<Relationship Id="rId{i + 1}" Type="{NS_R}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
        for i in range(n)
    )
    rels += f'<Relationship Id="rId{n + 1}" Type="{NS_R}/styles" Target="styles.xml"/>'
    rels += f'<Relationship Id="rId{n + 2}" Type="{NS_R}/sharedStrings" Target="sharedStrings.xml"/>'
    files.append(
        (
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{NS_PKG}">{rels}</Relationships>',
        )
    )
    for i, (_, sh, _) in enumerate(sheets):
        files.append((f"xl/worksheets/sheet{i + 1}.xml", sh.xml()))
    files.append(("xl/styles.xml", STYLES_XML))
    files.append(("xl/sharedStrings.xml", strings.xml()))

    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files:
            info = zipfile.ZipInfo(name, date_time=(2024, 6, 28, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=Path, default=rs.DEFAULT_SEED, help="seed text (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output XLSX (default: %(default)s)")
    args = ap.parse_args(argv)
    data = build(args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    staged = args.out.with_name(args.out.name + ".tmp")
    staged.write_bytes(data)
    os.replace(staged, args.out)
    print(f"wrote {args.out} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
