"""Report blocks → HTML for headless Chromium (CSS after scripts/render_seed.py)."""

from __future__ import annotations

import html

from render_seed import STYLE_CSS as SEED_STYLE_CSS

BODY_FONT = '"WenQuanYi Zen Hei", sans-serif'
HEAD_FONT = '"WenQuanYi Zen Hei", "Noto Sans CJK SC", sans-serif'

CSS = f"""
@page {{ size: A4; margin: 20mm;
  @bottom-center {{ content: counter(page); font-family: "Times New Roman", serif; font-size: 9pt; }} }}
@page wide {{ size: A4 landscape; margin: 20mm; }}
@page cover {{ @bottom-center {{ content: none; }} }}
html {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{ margin: 0; font-family: {BODY_FONT}; font-size: 12pt; line-height: 1.6; color: #000; }}
.cover {{ page: cover; text-align: center; padding-top: 70mm; }}
.cover .yr, .cover .nm {{ font-family: {HEAD_FONT}; font-size: 30pt; line-height: 1.5; }}
.cover .sub {{ font-size: 14pt; margin-top: 40mm; }}
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
.tsec .top {{ font-family: {HEAD_FONT}; font-size: 14pt; text-align: center; margin: 0 0 2mm; }}
.tsec .tt {{ font-family: {HEAD_FONT}; font-size: 16pt; font-weight: normal; text-align: center; margin: 0 0 2mm; }}
.tsec .tno {{ text-align: right; font-size: 10.5pt; line-height: 1.4; }}
.tsec .meta {{ display: flex; justify-content: space-between; font-size: 10.5pt; line-height: 1.4; margin: 0 0 1mm; }}
.tsec .meta span {{ flex: 1 1 0; }}
.tsec .meta .l {{ text-align: left; }}
.tsec .meta .c {{ text-align: center; }}
.tsec .meta .r {{ text-align: right; }}
.tsec p {{ font-size: 10.5pt; line-height: 1.5; margin-top: 1.5mm; text-indent: 0; }}
.cont {{ break-before: page; }}
table {{ border-collapse: collapse; width: 100%; font-size: 9.5pt; line-height: 1.3; table-layout: fixed; }}
th, td {{ border: 1px solid #000; padding: 1px 3px; vertical-align: middle; word-break: break-all; }}
th {{ font-weight: normal; text-align: center; }}
td {{ text-align: left; }}
td.num {{ text-align: right; white-space: nowrap; }}
td.no {{ text-align: center; white-space: nowrap; }}
td.code {{ white-space: nowrap; }}
tr {{ break-inside: avoid; }}
"""
# the table styles are render_seed.py's (its keys spell three-line with a hyphen)
STYLE_CSS = {k.replace("-", "_"): v for k, v in SEED_STYLE_CSS.items()}
# a table with its own rulings (a form) keeps them whatever the report's style
OWN_RULED_CSS = "table.ruled th, table.ruled td { border: 1px solid #000; padding: 1px 3px; }\n"


def esc(s: str) -> str:
    return html.escape(s, quote=False)


def row_html(row, header: bool) -> str:
    out = []
    for c in row:
        attrs = ""
        if c.rs > 1:
            attrs += f' rowspan="{c.rs}"'
        if c.cs > 1:
            attrs += f' colspan="{c.cs}"'
        if header:
            out.append(f"<th{attrs}>{esc(c.text)}</th>")
        else:
            klass = f' class="{c.kind}"' if c.kind in ("num", "no", "code") else ""
            out.append(f"<td{klass}{attrs}>{esc(c.text)}</td>")
    return "<tr>" + "".join(out) + "</tr>"


def fit_font(tb, style: str) -> float:
    """Table font size (pt) small enough that no number overflows its column
    (numbers never wrap: td.num is nowrap)."""
    page_mm = 257.0 if tb.wide else 170.0
    pad_mm = 2 * (6 if style != "ruled" else 3) * 0.2646 + 0.5
    size = 9.5
    for row in tb.body:
        c = 0
        for cell in row:
            if cell.kind == "num" and cell.text:
                w_mm = page_mm * sum(tb.cols[c:c + cell.cs]) / sum(tb.cols)
                need = len(cell.text) * 0.56 * 0.3528  # mm per pt of font size
                size = min(size, (w_mm - pad_mm) / need)
            c += cell.cs
    return max(6.0, round(size * 4) / 4 - 0.25 if size < 9.5 else 9.5)


def table_html(tb, style: str = "ruled") -> str:
    fs = fit_font(tb, style)
    tstyle = f' style="font-size:{fs}pt"' if fs < 9.5 else ""
    colgroup = "<colgroup>" + "".join(f'<col style="width:{w:.2f}%">' for w in tb.cols) + "</colgroup>"
    head = "".join(row_html(r, True) for r in tb.header)
    segs = [tb.body] if tb.split is None else [tb.body[:tb.split], tb.body[tb.split:]]
    parts = []
    for k, seg in enumerate(segs):
        h = head if (k == 0 or tb.repeat_header) else ""
        thead = f"<thead>{h}</thead>" if h else ""
        cls = ' class="ruled"' if tb.style == "ruled" else ""
        t = f"<table{cls}{tstyle}>{colgroup}{thead}<tbody>{''.join(row_html(r, False) for r in seg)}</tbody></table>"
        if k > 0:
            t = f'<div class="cont">{t}</div>'
        parts.append(t)
    return "".join(parts)


def render(report) -> str:
    out = []
    open_div = False

    def close():
        nonlocal open_div
        if open_div:
            out.append("</div>")
            open_div = False

    for b in report.blocks:
        kind = b[0]
        if kind == "cover":
            out.append('<div class="cover">')
            for k, s in enumerate(b[1]):
                out.append(f'<div class="{"yr" if k == 0 else "nm"}">{esc(s)}</div>')
            for s in (b[2] if len(b) > 2 else []):
                out.append(f'<div class="sub">{esc(s)}</div>')
            out.append("</div>")
        elif kind == "toc":
            out.append('<div class="toc"><h1>目　录</h1>')
            for cls, s in b[1]:
                out.append(f'<div class="{cls}">{esc(s)}</div>')
            out.append("</div>")
        elif kind == "part":
            close()
            out.append('<div class="part">')
            open_div = True
            out.append(f'<div class="pn">{esc(b[1])}</div><h1 class="pt">{esc(b[2])}</h1>')
        elif kind == "title":
            close()
            out.append('<div class="part">')
            open_div = True
            out.append(f'<h1 class="pt">{esc(b[1])}</h1>')
        elif kind == "h2":
            out.append(f"<h2>{esc(b[1])}</h2>")
        elif kind == "h3":
            out.append(f'<p class="sub">{esc(b[1])}</p>')
        elif kind == "p":
            out.append(f"<p>{esc(b[1])}</p>")
        elif kind == "table":
            close()
            tb = b[1]
            out.append(f'<div class="tsec{" wide" if tb.wide else ""}">')
            if report.layout == "changsha" and report.kind != "budget":  # 决算 headings (一、…表)
                out.append(f"<h2>{esc(tb.heading)}</h2>")
            if tb.top_line:
                out.append(f'<div class="top">{esc(tb.top_line)}</div>')
            out.append(f'<h1 class="tt">{esc(tb.title)}</h1>')
            if tb.number:
                out.append(f'<div class="tno">{esc(tb.number)}</div>')
            out.append(f'<div class="meta"><span class="l">{esc(tb.meta_left)}</span><span class="c">{esc(tb.meta_center)}</span>'
                       f'<span class="r">{esc(tb.meta_right)}</span></div>')
            out.append(table_html(tb, tb.style or report.style))
            for n in tb.notes:
                out.append(f"<p>{esc(n)}</p>")
            out.append("</div>")
    close()
    title = report.doc_title
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{esc(title)}</title><style>{CSS}{STYLE_CSS[report.style]}{OWN_RULED_CSS}</style></head>\n"
            f"<body>\n{chr(10).join(out)}\n</body></html>\n")
