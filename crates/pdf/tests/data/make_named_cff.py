"""Writes named.cff: a bare, name-keyed CFF program (as a PDF embeds it in /FontFile3) whose
glyphs are named by the Adobe Glyph List (`uni957F`, `one`, `period`) and one by nothing (`g9`),
with a custom encoding: A -> 长, B -> 沙, C -> g9, digits and `.` at their ASCII codes.
Glyph id order: .notdef, uni957F, uni6C99, g9, zero … nine, period. Needs fontTools."""
import io
import os

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen

DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
GLYPHS = [".notdef", "uni957F", "uni6C99", "g9"] + DIGITS + ["period"]


def box(width):
    pen = T2CharStringPen(width, None)
    pen.moveTo((50, 0)); pen.lineTo((width - 50, 0)); pen.lineTo((width - 50, 700))
    pen.lineTo((50, 700)); pen.closePath()
    return pen.getCharString()


def main():
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder(GLYPHS)
    widths = {g: (1000 if g.startswith(("uni", "g9")) else 500) for g in GLYPHS}
    fb.setupCharacterMap({0x957F: "uni957F", 0x6C99: "uni6C99"})
    fb.setupCFF("YjsNamed", {"FullName": "YjsNamed"}, {g: box(widths[g]) for g in GLYPHS}, {})
    fb.setupHorizontalMetrics({g: (widths[g], 50) for g in GLYPHS})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupOS2(); fb.setupPost(); fb.setupNameTable({"familyName": "YjsNamed", "styleName": "Regular"})
    top = fb.font["CFF "].cff.topDictIndex[0]
    enc = [".notdef"] * 256
    enc[ord("A")], enc[ord("B")], enc[ord("C")] = "uni957F", "uni6C99", "g9"
    for i, d in enumerate(DIGITS):
        enc[ord("0") + i] = d
    enc[ord(".")] = "period"
    top.Encoding = enc
    buf = io.BytesIO()
    fb.font["CFF "].cff.compile(buf, fb.font)
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "named.cff")
    with open(out, "wb") as f:
        f.write(buf.getvalue())


if __name__ == "__main__":
    main()
