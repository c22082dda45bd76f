#!/usr/bin/env python3
"""Generate a synthetic corpus of 部门决算 and 部门预算 reports with exact ground truth.

Usage:
    python3 scripts/gen_corpus.py --seed 42 --count N --out DIR
                                  [--golden-out GDIR] [--producers docx,chromium,libreoffice,xlsx] [--jobs 2]
    python3 scripts/gen_corpus.py --verify DIR [--golden GDIR]
    python3 scripts/gen_corpus.py --compare EXTRACT_OUT --golden GDIR [--details N] [--summary-only]

Per report (<id> = gen-<seed>-<index:04d>):
    <id>.docx          WordprocessingML written by hand (producer "docx")
    <id>.chromium.pdf  the same report as HTML printed by headless Chromium
    <id>.lo.pdf        the DOCX converted by LibreOffice (soffice --headless --convert-to pdf)
    <id>.xlsx          SpreadsheetML written by hand (producer "xlsx", not in the default producers)
    <id>.rl.pdf        drawn with reportlab: CID font STSong-Light not embedded, no ToUnicode, no
                       rulings (producer "reportlab", not in the default producers)
    <id>.notu.pdf      the Chromium PDF with every font's /ToUnicode deleted (producer "notounicode",
                       not in the default producers; implies "chromium")
    <id>.scan.pdf      the Chromium PDF as a scan: each page rasterised in grey (200 ppi), speckled,
                       turned by up to 1°, one JPEG image a page, no text (producer "scan", not in
                       the default producers; implies "chromium"; needs pdftoppm and Pillow)
    <id>.facts.csv     table,side,row_code,row_name,column,value  (exactly what the tables print)
    <id>.checks.csv    table,row,column,expected,found,description (every injected fault)
    <id>.xlsx.checks.csv  the checks an XLSX without its narrative sheet can show (only when they differ)
    <id>.meta.json     department, year, kind, scope, unit, layout, variations, faults, table_units, xlsx

Report i is generated from its own RNG seeded by (seed, i), so the first reports of
--count 500 are the reports of --count 10.  The first 12 reports of every seed follow a
fixed coverage plan (gencorpus/model.py COVERAGE_PLAN: 8 决算, then 4 预算) so that a small
sample contains both kinds, both 决算 layouts, every layout variation and every fault; after
that one report in three is a 预算.  Python 3.11 standard library only (the verification modes
use PyMuPDF when it is installed, else `pdftotext`; the producers "reportlab" and "notounicode"
need reportlab and pikepdf).  See scripts/README-generator.md.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gencorpus import render_docx, render_html, render_xlsx  # noqa: E402
from gencorpus.model import make_report  # noqa: E402
import render_seed  # noqa: E402  (Chromium invocation and PDF date pinning)

FACT_COLS = ["table", "side", "row_code", "row_name", "column", "value"]
CHECK_COLS = ["table", "row", "column", "expected", "found", "description"]
LO_BATCH = 4
PRODUCERS = ("docx", "chromium", "libreoffice", "xlsx", "reportlab", "notounicode", "scan")

# The scanned rendering: resolution, the most a page is turned, speckle (grey levels subtracted
# from a speckled pixel, and how many pixels are) and JPEG quality of a grey office scan.
SCAN_PPI = 200
SCAN_MAX_SKEW_DEG = 1.0
SCAN_SPECKLE = 60
SCAN_SPECKLE_SHARE = 5  # of 256: about 2 % of the pixels
SCAN_JPEG_QUALITY = 70


def csv_text(header, rows) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def write_atomic(path: Path, data: bytes | str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    if isinstance(data, str):
        data = data.encode("utf-8")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def pin_pdf(data: bytes, stem: str) -> bytes:
    """Pin CreationDate/ModDate (as render_seed does) and the trailer /ID (LibreOffice
    derives it from the time), keeping byte lengths so the xref stays valid."""
    data = render_seed.pin_dates(data)
    # XMP dates (LibreOffice): keep length.
    def xmp(m):
        old = m.group(2)
        new = b"2024-06-28T09:00:00+08:00"[: len(old)].ljust(len(old), b"0")
        return m.group(1) + new + m.group(3)
    data = re.sub(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)([^<]*)(</xmp:)", xmp, data)
    h = (hashlib.md5(stem.encode()).hexdigest().upper() * 4).encode()
    data = re.sub(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]+)(>\s*<)([0-9A-Fa-f]+)(>)",
                  lambda m: m.group(1) + h[: len(m.group(2))] + m.group(3) + h[: len(m.group(4))] + m.group(5), data)
    data = re.sub(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)", lambda m: m.group(1) + h[: len(m.group(2))], data)
    return data


def chromium_render(chromium: str, html_doc: str, out_pdf: Path, stem: str) -> float:
    t0 = time.time()
    with tempfile.TemporaryDirectory(prefix="gen_corpus.") as tmp:
        tmpdir = Path(tmp)
        html_path = tmpdir / f"{stem}.html"
        html_path.write_text(html_doc, encoding="utf-8")
        pdf_tmp = tmpdir / "out.pdf"
        render_seed.print_pdf(chromium, html_path, pdf_tmp, tmpdir)
        write_atomic(out_pdf, pin_pdf(pdf_tmp.read_bytes(), stem))
    return time.time() - t0


def reportlab_render(r, out_pdf: Path) -> None:
    from gencorpus import render_reportlab  # needs reportlab
    tmp = out_pdf.with_name(out_pdf.name + ".tmp")
    render_reportlab.write_pdf(r, tmp)
    data = pin_pdf(tmp.read_bytes(), r.id)
    tmp.unlink()
    write_atomic(out_pdf, data)


def strip_tounicode(src: Path, out_pdf: Path) -> int:
    """The PDF `src` with the /ToUnicode entry of every font deleted (the maps themselves go
    too: qpdf writes only the objects still referenced).  Dates stay as they are in `src`; the
    trailer /ID is derived from the content, so the output is deterministic.  Returns the
    number of fonts changed."""
    import pikepdf  # needs pikepdf
    n = 0
    with pikepdf.open(src) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.Font and "/ToUnicode" in obj:
                del obj["/ToUnicode"]
                n += 1
        tmp = out_pdf.with_name(out_pdf.name + ".tmp")
        pdf.save(tmp, deterministic_id=True)
    os.replace(tmp, out_pdf)
    return n


def scan_render(src: Path, out_pdf: Path, rid: str) -> int:
    """The PDF `src` as a scan (see SCAN_*): pages rasterised by pdftoppm in grey, speckled and
    turned by an angle drawn from the report id (deterministic), saved one JPEG a page.  Returns
    the number of pages."""
    from PIL import Image, ImageChops  # needs Pillow
    import random
    rng = random.Random(int(hashlib.sha256(rid.encode()).hexdigest()[:16], 16))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(SCAN_PPI), "-gray", "-png", str(src), f"{tmp}/p"],
                       check=True, capture_output=True)
        pages = []
        for png in sorted(Path(tmp).glob("p-*.png")):
            im = Image.open(png).convert("L")
            noise = Image.frombytes("L", im.size, rng.randbytes(im.size[0] * im.size[1]))
            # dust: one pixel in fifty darkened
            noise = noise.point(lambda v: SCAN_SPECKLE if v < SCAN_SPECKLE_SHARE else 0)
            im = ImageChops.subtract(im, noise)
            angle = rng.uniform(-SCAN_MAX_SKEW_DEG, SCAN_MAX_SKEW_DEG)
            pages.append(im.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255))
    tmp_pdf = out_pdf.with_name(out_pdf.name + ".tmp")
    pages[0].save(tmp_pdf, "PDF", resolution=float(SCAN_PPI), save_all=True, append_images=pages[1:],
                  quality=SCAN_JPEG_QUALITY)
    os.replace(tmp_pdf, out_pdf)
    return len(pages)


def lo_convert(docs: list[Path], outdir: Path, k: int) -> float:
    t0 = time.time()
    if not docs:
        return 0.0
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("soffice not found (apt-get install libreoffice-writer-nogui)")
    with tempfile.TemporaryDirectory(prefix="gen_corpus_lo.") as tmp:
        prof = Path(tmp) / "profile"
        conv = Path(tmp) / "out"
        conv.mkdir()
        cmd = [soffice, "--headless", "--norestore", f"-env:UserInstallation={prof.as_uri()}",
               "--convert-to", "pdf", "--outdir", str(conv)] + [str(d) for d in docs]
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=60 + 60 * len(docs))
        for d in docs:
            stem = d.name[: -len(".docx")]
            pdf = conv / f"{stem}.pdf"
            if not pdf.exists():
                sys.stderr.write(res.stdout[-2000:] + res.stderr[-2000:])
                raise SystemExit(f"libreoffice did not convert {d}")
            write_atomic(outdir / f"{stem}.lo.pdf", pin_pdf(pdf.read_bytes(), stem))
    return time.time() - t0


def generate(args) -> int:
    out = Path(args.out)
    gout = Path(args.golden_out) if args.golden_out else out
    out.mkdir(parents=True, exist_ok=True)
    gout.mkdir(parents=True, exist_ok=True)
    producers = [p.strip() for p in args.producers.split(",") if p.strip()]
    unknown = set(producers) - set(PRODUCERS)
    if unknown:
        raise SystemExit(f"unknown producers: {sorted(unknown)}")
    if "libreoffice" in producers and "docx" not in producers:
        producers.append("docx")
    if ("notounicode" in producers or "scan" in producers) and "chromium" not in producers:
        producers.append("chromium")  # the notounicode and scan PDFs are made from the Chromium PDF
    t_model = t_docx = t_xlsx = 0.0
    reports = []
    docx_paths = []
    indices = [int(x) for x in args.indices.split(",")] if args.indices else list(range(args.count))
    for i in indices:
        t0 = time.time()
        r = make_report(args.seed, i)
        facts = r.facts()
        write_atomic(gout / f"{r.id}.facts.csv", csv_text(FACT_COLS, facts))
        write_atomic(gout / f"{r.id}.checks.csv", csv_text(CHECK_COLS, r.checks))
        write_atomic(gout / f"{r.id}.meta.json", json.dumps(r.meta(), ensure_ascii=False, indent=1) + "\n")
        t_model += time.time() - t0
        if "xlsx" in producers:
            t0 = time.time()
            tmp = out / f"{r.id}.xlsx.tmp"
            render_xlsx.write_xlsx(r, tmp)
            os.replace(tmp, out / f"{r.id}.xlsx")
            xchecks = render_xlsx.xlsx_checks(r)
            xpath = gout / f"{r.id}.xlsx.checks.csv"
            if xchecks is not None:
                write_atomic(xpath, csv_text(CHECK_COLS, xchecks))
            elif xpath.exists():
                xpath.unlink()
            t_xlsx += time.time() - t0
        if "docx" in producers:
            t0 = time.time()
            p = out / f"{r.id}.docx"
            tmp = out / f"{r.id}.docx.tmp"
            render_docx.write_docx(r, tmp)
            os.replace(tmp, p)
            docx_paths.append(p)
            t_docx += time.time() - t0
        reports.append(r)
        print(f"{r.id}: {r.kind:6s} {r.layout:8s} {r.dept} {r.year} facts={len(facts)} faults={r.meta()['faults']}", flush=True)
    timing = {"model+ground_truth": t_model / max(1, len(indices)), "docx": t_docx / max(1, len(indices))}
    if "xlsx" in producers:
        timing["xlsx"] = t_xlsx / max(1, len(indices))
    jobs = max(1, args.jobs)
    if "chromium" in producers:
        chromium = render_seed.find_chromium(args.chromium)
        t0 = time.time()
        with ThreadPoolExecutor(jobs) as ex:
            list(ex.map(lambda r: chromium_render(chromium, render_html.render(r), out / f"{r.id}.chromium.pdf", r.id), reports))
        timing["chromium"] = (time.time() - t0) / max(1, len(reports))
    if "libreoffice" in producers:
        t0 = time.time()
        # LibreOffice's output for a document depends on the documents converted before
        # it in the same process, so batches have a fixed composition (LO_BATCH
        # consecutive reports): the output does not depend on --jobs or --count.
        batches = [docx_paths[k:k + LO_BATCH] for k in range(0, len(docx_paths), LO_BATCH)]
        with ThreadPoolExecutor(jobs) as ex:
            list(ex.map(lambda kb: lo_convert(kb[1], out, kb[0]), enumerate(batches)))
        timing["libreoffice"] = (time.time() - t0) / max(1, len(docx_paths))
    if "reportlab" in producers:
        t0 = time.time()
        for r in reports:  # pure Python and fast: no worker pool
            reportlab_render(r, out / f"{r.id}.rl.pdf")
        timing["reportlab"] = (time.time() - t0) / max(1, len(reports))
    if "notounicode" in producers:
        t0 = time.time()
        for r in reports:
            strip_tounicode(out / f"{r.id}.chromium.pdf", out / f"{r.id}.notu.pdf")
        timing["notounicode"] = (time.time() - t0) / max(1, len(reports))
    if "scan" in producers:
        t0 = time.time()
        with ThreadPoolExecutor(max_workers=jobs) as ex:
            list(ex.map(lambda r: scan_render(out / f"{r.id}.chromium.pdf", out / f"{r.id}.scan.pdf", r.id),
                        reports))
        timing["scan"] = (time.time() - t0) / max(1, len(reports))
    print("seconds per report (wall clock, --jobs %d): " % jobs +
          ", ".join(f"{k}={v:.2f}" for k, v in timing.items()))
    return 0


# ---------------------------------------------------------------------------
# Verification
# ---------------------------------------------------------------------------
NUM_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+\.\d+|(?<![\d.,])\d+\.\d+")
DASH_RE = re.compile(r"(?:(?<=\s)|^)-(?=\s|$)", re.M)
ZERO_RE = re.compile(r"(?:(?<=\s)|^)0(?=\s|$)", re.M)  # the 三公 table of a 预算 prints 0


def pdf_pages(path: Path) -> list[str]:
    try:
        import pymupdf  # type: ignore
        with pymupdf.open(path) as doc:
            return [p.get_text() for p in doc]
    except ImportError:
        out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
        return out.split("\f")


def pdf_page_count(path: Path) -> tuple[int | None, str]:
    """(pages, "") if `pdfinfo` opens the PDF, else (None, its message)."""
    res = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True)
    m = re.search(r"^Pages:\s+(\d+)", res.stdout, re.M)
    if res.returncode != 0 or not m:
        return None, (res.stderr.strip().splitlines() or ["no page count"])[-1]
    return int(m.group(1)), ""


def table_pages(pages: list[str], kind: str = "final") -> list[str]:
    """The pages that hold the tables.  决算: after the 第二部分 part page, before 第三部分.
    预算: from the first page with a table title (…预算表 / …预算总表) up to 其他相关情况说明."""
    start = end = None
    for k, t in enumerate(pages):
        flat = re.sub(r"\s+", "", t)
        if "目录" in flat or "目\u3000录" in flat:
            continue
        if kind == "budget":
            if start is None and re.search(r"预算总?表", flat):
                start = k
            elif start is not None and "其他相关情况说明" in flat:
                end = k
                break
        elif start is None and "第二部分" in flat:
            start = k
        elif start is not None and "第三部分" in flat:
            end = k
            break
    return pages[start:end] if start is not None else pages


def printed_token(f: dict, variations) -> str:
    """A golden value as the tables print it (thousands separators, `-` for dash zeros)."""
    v = f["value"]
    if v == "0":
        return "-" if "cells_dash" in variations else "0"
    sep = "thousands_sep" in variations or (
        "thousands_sep_mixed" in variations and f["table"] in ("summary", "fiscal_summary"))
    whole, frac = v.split(".")
    return (f"{int(whole):,}" if sep else whole) + "." + frac


def read_facts(path: Path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def identity_failures(facts) -> list[str]:
    """Accounting identities on a ground-truth facts list."""
    D = lambda s: Decimal(s)
    val: dict[tuple, Decimal] = {}
    present_tables = {f["table"] for f in facts}
    for f in facts:
        k = (f["table"], f["side"], f["row_code"], f["row_name"], f["column"])
        val.setdefault(k, D(f["value"]))
    fails = []

    def g(t, side, code, name, col):
        return val.get((t, side, code, name, col), Decimal(0))

    def eq(a, b, what):
        if a != b:
            fails.append(f"{what}: {a} != {b}")

    rows_by_table = defaultdict(dict)
    for f in facts:
        if f["row_code"]:
            rows_by_table[f["table"]][f["row_code"]] = f["row_name"]
    func_cols = {
        "income": ["total", "fiscal", "superior_subsidy", "business", "operating", "affiliated_remit", "other"],
        "expenditure": ["total", "basic", "project", "remit_superior", "operating", "subsidy_affiliated"],
        "general_expenditure": ["total", "basic", "project"],
        "gov_fund": ["opening_balance", "income", "total", "basic", "project", "closing_balance"],
        "state_capital": ["opening_balance", "income", "total", "basic", "project", "closing_balance"],
    }
    for t, cols in func_cols.items():
        if t not in present_tables:
            continue
        codes = rows_by_table[t]
        for col in cols:
            cls = [c for c in codes if len(c) == 3]
            eq(g(t, "", "", "合计", col), sum((g(t, "", c, codes[c], col) for c in cls), Decimal(0)), f"{t} 合计 {col} = Σ类")
            for parent in codes:
                if len(parent) in (3, 5):
                    kids = [c for c in codes if len(c) == len(parent) + 2 and c.startswith(parent)]
                    eq(g(t, "", parent, codes[parent], col), sum((g(t, "", c, codes[c], col) for c in kids), Decimal(0)),
                       f"{t} {parent} {col} = Σchildren")
        for code, name in list(codes.items()) + [("", "合计")]:
            r = lambda col: g(t, "", code, name, col)
            if t == "income":
                eq(r("total"), sum((r(c) for c in cols[1:]), Decimal(0)), f"income {code or name} total = Σsources")
            elif t == "expenditure":
                eq(r("total"), sum((r(c) for c in cols[1:]), Decimal(0)), f"expenditure {code or name} total = Σparts")
            else:
                eq(r("total"), r("basic") + r("project"), f"{t} {code or name} total = basic + project")
            if t in ("gov_fund", "state_capital") and (t, "", code, name, "income") in val:
                eq(r("closing_balance"), r("opening_balance") + r("income") - r("total"), f"{t} {code or name} balance")
    if "income" in present_tables and "expenditure" in present_tables:
        eq(g("income", "", "", "合计", "total"), g("expenditure", "", "", "合计", "total"), "income total = expenditure total")
    if "summary" in present_tables:
        s = lambda side, name: g("summary", side, "", name, "amount")
        inc_src = ["一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入", "上级补助收入",
                   "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]
        eq(s("income", "本年收入合计"), sum((s("income", n) for n in inc_src), Decimal(0)), "summary 本年收入合计 = Σsources")
        eq(s("income", "本年收入合计"), s("expenditure", "本年支出合计"), "summary income = expenditure")
        special = {"本年支出合计", "结余分配", "年末结转和结余", "总计"}
        cats = [f for f in facts if f["table"] == "summary" and f["side"] == "expenditure" and f["row_name"] not in special]
        eq(s("expenditure", "本年支出合计"), sum((D(f["value"]) for f in cats), Decimal(0)), "summary 本年支出合计 = Σcategories")
        eq(s("income", "总计"), s("income", "本年收入合计") + s("income", "使用非财政拨款结余和专用结余") +
           s("income", "使用非财政拨款结余") + s("income", "年初结转和结余"), "summary income 总计")
        eq(s("expenditure", "总计"), s("expenditure", "本年支出合计") + s("expenditure", "结余分配") +
           s("expenditure", "年末结转和结余"), "summary expenditure 总计")
        if "expenditure" in present_tables:
            eq(s("expenditure", "本年支出合计"), g("expenditure", "", "", "合计", "total"), "summary = expenditure table")
            names = {n: c for c, n in rows_by_table["expenditure"].items() if len(c) == 3}
            for f in cats:
                if f["row_name"] in names:
                    c = names[f["row_name"]]
                    eq(D(f["value"]), g("expenditure", "", c, f["row_name"], "total"), f"summary {f['row_name']} = expenditure 类")
                else:
                    eq(D(f["value"]), Decimal(0), f"summary {f['row_name']} (not in expenditure) = 0")
    if "fiscal_summary" in present_tables:
        fs = [f for f in facts if f["table"] == "fiscal_summary" and f["side"] == "expenditure"]
        names = {f["row_name"] for f in fs}
        for n in names:
            r = lambda col: g("fiscal_summary", "expenditure", "", n, col)
            eq(r("total"), r("general") + r("gov_fund") + r("state_capital"), f"fiscal_summary {n} total = Σ")
        if "general_expenditure" in present_tables:
            eq(g("fiscal_summary", "expenditure", "", "本年支出合计", "general"), g("general_expenditure", "", "", "合计", "total"),
               "fiscal_summary general = general_expenditure")
            for c, n in rows_by_table["general_expenditure"].items():
                if len(c) == 3:
                    eq(g("fiscal_summary", "expenditure", "", n, "general"), g("general_expenditure", "", c, n, "total"),
                       f"fiscal_summary {n} general = general_expenditure 类")
        if "summary" in present_tables:
            eq(g("fiscal_summary", "income", "", "一般公共预算财政拨款", "amount"),
               g("summary", "income", "", "一般公共预算财政拨款收入", "amount"), "fiscal_summary general income = summary")
    if "general_basic" in present_tables:
        gb = {f["row_code"]: D(f["value"]) for f in facts if f["table"] == "general_basic" and f["row_code"]}
        for parent in ("301", "302", "303", "307", "310", "399"):
            kids = [c for c in gb if len(c) == 5 and c.startswith(parent)]
            if parent in gb:
                eq(gb[parent], sum((gb[c] for c in kids), Decimal(0)), f"general_basic {parent} = Σchildren")
        pers = g("general_basic", "", "", "人员经费合计", "amount")
        pub = g("general_basic", "", "", "公用经费合计", "amount")
        eq(pers, gb.get("301", 0) + gb.get("303", 0), "人员经费合计 = 301 + 303")
        eq(pub, gb.get("302", 0) + gb.get("307", 0) + gb.get("310", 0) + gb.get("399", 0), "公用经费合计 = 302+307+310+399")
        if "general_expenditure" in present_tables:
            eq(pers + pub, g("general_expenditure", "", "", "合计", "basic"), "人员 + 公用 = general basic total")
    if "three_public" in present_tables:
        for p in ("budget", "actual"):
            r = lambda col: g("three_public", "", "", "三公经费", f"{p}_{col}")
            eq(r("total"), r("abroad") + r("vehicle") + r("reception"), f"three_public {p} total")
            eq(r("vehicle"), r("vehicle_purchase") + r("vehicle_operation"), f"three_public {p} vehicle")
    return fails


def budget_identity_failures(facts) -> list[str]:
    """Accounting identities of a 预算 report (column keys of golden/README.md)."""
    D = Decimal
    val: dict[tuple, Decimal] = {}
    for f in facts:
        val.setdefault((f["table"], f["side"], f["row_code"], f["row_name"], f["column"]), D(f["value"]))
    present = {f["table"] for f in facts}
    fails = []

    def g(t, side, code, name, col):
        return val.get((t, side, code, name, col), D(0))

    def eq(a, b, what):
        if a != b:
            fails.append(f"{what}: {a} != {b}")

    def total(vals):
        return sum(vals, D(0))

    rows = defaultdict(dict)
    for f in facts:
        if f["row_code"]:
            rows[f["table"]][f["row_code"]] = f["row_name"]
    func_cols = {"income": ["total", "fiscal", "business", "operating", "other"],
                 "expenditure": ["total", "basic", "project"], "general_expenditure": ["total", "basic", "project"],
                 "gov_fund": ["total", "basic", "project"], "state_capital": ["total", "basic", "project"]}
    for t, cols in func_cols.items():
        if t not in present:
            continue
        codes = rows[t]
        for col in cols:
            eq(g(t, "", "", "合计", col), total(g(t, "", c, codes[c], col) for c in codes if len(c) == 3), f"{t} 合计 {col} = Σ类")
            for parent in codes:
                if len(parent) in (3, 5):
                    kids = [c for c in codes if len(c) == len(parent) + 2 and c.startswith(parent)]
                    eq(g(t, "", parent, codes[parent], col), total(g(t, "", c, codes[c], col) for c in kids),
                       f"{t} {parent} {col} = Σchildren")
        for code, name in list(codes.items()) + [("", "合计")]:
            r = lambda col: g(t, "", code, name, col)
            if t == "income":
                eq(r("total"), total(r(c) for c in cols[1:]), f"income {code or name} total = Σsources")
            else:
                eq(r("total"), r("basic") + r("project"), f"{t} {code or name} total = basic + project")
    if {"income", "expenditure"} <= present:
        eq(g("income", "", "", "合计", "total"), g("expenditure", "", "", "合计", "total"), "income = expenditure")
    if "summary" in present:
        s = lambda side, name, col="amount": g("summary", "income" if side == "i" else "expenditure", "", name, col)
        subs = ["一般公共预算资金", "一般公共预算", "政府性基金", "政府性基金预算", "国有资本经营预算"]
        eq(s("i", "财政拨款收入"), total(s("i", n) for n in subs), "summary 财政拨款收入 = Σ parts")
        eq(s("i", "收入总计"), total(s("i", n) for n in ("财政拨款收入", "事业收入", "事业单位经营收入", "其他收入")),
           "summary 收入总计 = Σ sources")
        eq(s("i", "收入总计"), s("e", "支出总计"), "summary 收入总计 = 支出总计")
        cats = sorted({f["row_name"] for f in facts if f["table"] == "summary" and f["side"] == "expenditure"} - {"支出总计"})
        split = any(f["table"] == "summary" and f["column"] != "amount" for f in facts)
        for col in (["amount", "personnel", "public_expense", "project"] if split else ["amount"]):
            eq(s("e", "支出总计", col), total(s("e", n, col) for n in cats), f"summary 支出总计 {col} = Σ categories")
        if split:
            for n in cats + ["支出总计"]:
                eq(s("e", n), s("e", n, "personnel") + s("e", n, "public_expense") + s("e", n, "project"),
                   f"summary {n} amount = personnel + public + project")
            if "general_basic" in present:
                eq(s("e", "支出总计", "personnel"), g("general_basic", "", "", "合计", "personnel"), "summary personnel = general_basic")
                eq(s("e", "支出总计", "public_expense"), g("general_basic", "", "", "合计", "public_expense"),
                   "summary public = general_basic")
        if "expenditure" in present:
            eq(s("e", "支出总计"), g("expenditure", "", "", "合计", "total"), "summary = expenditure table")
            names = {n: c for c, n in rows["expenditure"].items() if len(c) == 3}
            for n in cats:
                c = names.get(n)
                eq(s("e", n), g("expenditure", "", c, n, "total") if c else D(0), f"summary {n} = expenditure 类")
                if split and c:
                    eq(s("e", n, "project"), g("expenditure", "", c, n, "project"), f"summary {n} project = expenditure 类")
        if "fiscal_summary" in present:
            eq(s("i", "财政拨款收入"), g("fiscal_summary", "income", "", "收入总计", "amount"), "summary 财政拨款收入 = fiscal_summary")
    if "fiscal_summary" in present:
        fi = lambda name: g("fiscal_summary", "income", "", name, "amount")
        fe = lambda name, col: g("fiscal_summary", "expenditure", "", name, col)
        eq(fi("收入总计"), total(fi(n) for n in ("一般公共预算资金", "一般公共预算", "政府性基金", "政府性基金预算", "国有资本经营预算")),
           "fiscal_summary 收入总计 = Σ")
        eq(fi("收入总计"), fe("支出总计", "total"), "fiscal_summary 收入总计 = 支出总计")
        cats = sorted({f["row_name"] for f in facts if f["table"] == "fiscal_summary" and f["side"] == "expenditure"} - {"支出总计"})
        for n in cats + ["支出总计"]:
            eq(fe(n, "total"), fe(n, "general") + fe(n, "gov_fund") + fe(n, "state_capital"), f"fiscal_summary {n} total = Σ")
        for col in ("total", "general", "gov_fund", "state_capital"):
            eq(fe("支出总计", col), total(fe(n, col) for n in cats), f"fiscal_summary 支出总计 {col} = Σ categories")
        if "general_expenditure" in present:
            eq(fe("支出总计", "general"), g("general_expenditure", "", "", "合计", "total"), "fiscal_summary general = general_expenditure")
            for c, n in rows["general_expenditure"].items():
                if len(c) == 3:
                    eq(fe(n, "general"), g("general_expenditure", "", c, n, "total"), f"fiscal_summary {n} = general_expenditure 类")
        for t, col in (("gov_fund", "gov_fund"), ("state_capital", "state_capital")):
            if t in present:
                eq(fe("支出总计", col), g(t, "", "", "合计", "total"), f"fiscal_summary {col} = {t} table")
    if "general_basic" in present:
        gb = rows["general_basic"]
        cols = ["amount", "personnel", "public_expense"]
        for code, name in list(gb.items()) + [("", "合计")]:
            r = lambda col: g("general_basic", "", code, name, col)
            eq(r("amount"), r("personnel") + r("public_expense"), f"general_basic {code or name} amount = personnel + public")
        for col in cols:
            groups = [c for c in gb if len(c) == 3]
            eq(g("general_basic", "", "", "合计", col), total(g("general_basic", "", c, gb[c], col) for c in groups),
               f"general_basic 合计 {col} = Σ groups")
            for parent in groups:
                kids = [c for c in gb if len(c) == 5 and c.startswith(parent)]
                eq(g("general_basic", "", parent, gb[parent], col), total(g("general_basic", "", c, gb[c], col) for c in kids),
                   f"general_basic {parent} {col} = Σchildren")
        pers = total(g("general_basic", "", c, gb[c], "amount") for c in gb if c in ("301", "303"))
        eq(g("general_basic", "", "", "合计", "personnel"), pers, "general_basic personnel = 301 + 303")
        if "general_expenditure" in present:
            eq(g("general_basic", "", "", "合计", "amount"), g("general_expenditure", "", "", "合计", "basic"),
               "general_basic 合计 = general_expenditure basic")
    if "three_public" in present:
        r = lambda col: g("three_public", "", "", "三公经费", "budget_" + col)
        eq(r("total"), r("abroad") + r("vehicle") + r("reception"), "three_public total")
        eq(r("vehicle"), r("vehicle_purchase") + r("vehicle_operation"), "three_public vehicle")
    return fails


def cs_budget_identity_failures(facts, dept: str = "") -> list[str]:
    """Accounting identities of a 长沙-layout 预算 report (gencorpus/budget_cs.py)."""
    D = Decimal
    val: dict[tuple, Decimal] = {}
    for f in facts:
        val.setdefault((f["table"], f["side"], f["row_code"], f["row_name"], f["column"]), D(f["value"]))
    present = {f["table"] for f in facts}
    fails = []

    def g(t, side, code, name, col):
        return val.get((t, side, code, name, col), D(0))

    def eq(a, b, what):
        if a != b:
            fails.append(f"{what}: {a} != {b}")

    def total(vals):
        return sum(vals, D(0))

    rows = defaultdict(dict)
    for f in facts:
        if f["row_code"] and f["table"] not in ("performance", "three_public_by_unit"):
            rows[f["table"]][f["row_code"]] = f["row_name"]
    src = ["fiscal", "fiscal_special_account", "operating", "superior_subsidy", "other", "business", "carryover"]
    func_cols = {"income": ["total", "fiscal_funding"] + src,
                 "expenditure": ["total", "basic", "project", "operating", "subsidy_affiliated", "remit_superior"],
                 "general_expenditure": ["total", "basic", "project"],
                 "gov_fund": ["total", "basic", "project"], "state_capital": ["total", "basic", "project"]}
    for t, cols in func_cols.items():
        if t not in present:
            continue
        codes = rows[t]
        for col in cols:
            eq(g(t, "", "", "合计", col), total(g(t, "", c, codes[c], col) for c in codes if len(c) == 3), f"{t} 合计 {col} = Σ类")
            for parent in codes:
                if len(parent) in (3, 5):
                    kids = [c for c in codes if len(c) == len(parent) + 2 and c.startswith(parent)]
                    eq(g(t, "", parent, codes[parent], col), total(g(t, "", c, codes[c], col) for c in kids),
                       f"{t} {parent} {col} = Σchildren")
        for code, name in list(codes.items()) + [("", "合计")]:
            r = lambda col: g(t, "", code, name, col)
            if t == "income":
                eq(r("total"), total(r(c) for c in src), f"income {code or name} total = Σsources")
                if r("fiscal_funding") > r("fiscal"):
                    fails.append(f"income {code or name} fiscal_funding > fiscal")
            else:
                eq(r("total"), total(r(c) for c in cols[1:]), f"{t} {code or name} total = Σparts")
    if {"income", "expenditure"} <= present:
        eq(g("income", "", "", "合计", "total"), g("expenditure", "", "", "合计", "total"), "income = expenditure")
    if {"expenditure", "general_expenditure"} <= present:
        for c, n in rows["general_expenditure"].items():
            if g("general_expenditure", "", c, n, "basic") != g("expenditure", "", c, n, "basic"):
                fails.append(f"general_expenditure {c} basic != expenditure basic")
    if "summary" in present:
        s = lambda side, name: g("summary", "income" if side == "i" else "expenditure", "", name, "amount")
        inc = ["本级财政拨款收入", "财政专户管理事业收入", "事业单位经营服务收入", "上级补助收入", "其它收入", "事业收入"]
        eq(s("i", "本年收入合计"), total(s("i", n) for n in inc), "summary 本年收入合计 = Σ sources")
        eq(s("e", "本年支出合计"), total(s("e", n) for n in ("基本支出", "项目支出", "事业单位经营支出", "对附属单位补助支出",
                                                               "上缴上级支出")), "summary 本年支出合计 = Σ parts")
        eq(s("i", "收入总计"), s("i", "本年收入合计") + s("i", "上年结转"), "summary 收入总计")
        eq(s("e", "支出总计"), s("e", "本年支出合计") + s("e", "结余分配") + s("e", "结转下年"), "summary 支出总计")
        eq(s("i", "收入总计"), s("e", "支出总计"), "summary 收入总计 = 支出总计")
        if "income" in present:
            eq(s("i", "本年收入合计"), g("income", "", "", "合计", "total"), "summary = income table")
            eq(s("i", "本级财政拨款收入"), g("income", "", "", "合计", "fiscal"), "summary fiscal = income table")
        if "expenditure" in present:
            eq(s("e", "基本支出"), g("expenditure", "", "", "合计", "basic"), "summary basic = expenditure table")
            eq(s("e", "项目支出"), g("expenditure", "", "", "合计", "project"), "summary project = expenditure table")
        if "fiscal_summary" in present:
            eq(s("i", "本级财政拨款收入"), g("fiscal_summary", "income", "", "本年收入", "amount"), "summary = fiscal_summary")
    if "fiscal_summary" in present:
        fi = lambda name: g("fiscal_summary", "income", "", name, "amount")
        fe = lambda name, col: g("fiscal_summary", "expenditure", "", name, col)
        eq(fi("本年收入"), total(fi(n) for n in ("一般公共预算拨款收入", "政府性基金预算拨款收入", "国有资本经营预算拨款收入")),
           "fiscal_summary 本年收入 = Σ")
        eq(fi("收入总计"), fi("本年收入") + fi("上年结转"), "fiscal_summary 收入总计")
        eq(fi("收入总计"), fe("支出总计", "total"), "fiscal_summary 收入总计 = 支出总计")
        special = {"本年支出", "结转下年", "支出总计"}
        cats = sorted({f["row_name"] for f in facts if f["table"] == "fiscal_summary" and f["side"] == "expenditure"} - special)
        for n in cats + sorted(special):
            eq(fe(n, "total"), fe(n, "general") + fe(n, "gov_fund") + fe(n, "state_capital"), f"fiscal_summary {n} total = Σ")
        for col in ("total", "general", "gov_fund", "state_capital"):
            eq(fe("本年支出", col), total(fe(n, col) for n in cats), f"fiscal_summary 本年支出 {col} = Σ categories")
            eq(fe("支出总计", col), fe("本年支出", col) + fe("结转下年", col), f"fiscal_summary 支出总计 {col}")
        if "general_expenditure" in present:
            eq(fe("本年支出", "general"), g("general_expenditure", "", "", "合计", "total"), "fiscal_summary general = general_expenditure")
            for c, n in rows["general_expenditure"].items():
                if len(c) == 3:
                    eq(fe(n, "general"), g("general_expenditure", "", c, n, "total"), f"fiscal_summary {n} = general_expenditure 类")
        for t, col in (("gov_fund", "gov_fund"), ("state_capital", "state_capital")):
            if t in present:
                eq(fe("本年支出", col), g(t, "", "", "合计", "total"), f"fiscal_summary {col} = {t} table")
    if "general_basic" in present:
        gb = rows["general_basic"]
        for code, name in list(gb.items()) + [("", "合计")]:
            r = lambda col: g("general_basic", "", code, name, col)
            eq(r("amount"), r("personnel") + r("public_expense"), f"general_basic {code or name} amount = personnel + public")
        for col in ("amount", "personnel", "public_expense"):
            groups = [c for c in gb if len(c) == 3]
            eq(g("general_basic", "", "", "合计", col), total(g("general_basic", "", c, gb[c], col) for c in groups),
               f"general_basic 合计 {col} = Σ groups")
            for parent in groups:
                kids = [c for c in gb if len(c) == 5 and c.startswith(parent)]
                eq(g("general_basic", "", parent, gb[parent], col), total(g("general_basic", "", c, gb[c], col) for c in kids),
                   f"general_basic {parent} {col} = Σchildren")
        if "general_expenditure" in present:
            eq(g("general_basic", "", "", "合计", "amount"), g("general_expenditure", "", "", "合计", "basic"),
               "general_basic 合计 = general_expenditure basic")
    if "three_public" in present:
        r = lambda col: g("three_public", "", "", "三公经费", "budget_" + col)
        eq(r("total"), r("abroad") + r("vehicle") + r("reception"), "three_public total")
        eq(r("vehicle"), r("vehicle_purchase") + r("vehicle_operation"), "three_public vehicle")
        for f in facts:
            if f["table"] == "three_public_by_unit":
                eq(D(f["value"]), g("three_public", "", "", "三公经费", f["column"]), f"three_public_by_unit {f['column']} = 合计")
    if "performance" in present:
        perf = [f for f in facts if f["table"] == "performance"]
        grid = ("performance", "", "", "合计", "total") in val  # a form a project prints no 合计
        for col in ("total", "fiscal", "other") if grid else ():
            tot = g("performance", "", "", "合计", col)
            units = [D(f["value"]) for f in perf if f["column"] == col and f["row_code"] and f["row_name"] == dept]
            projects = total(D(f["value"]) for f in perf if f["column"] == col and f["row_code"]) - total(units)
            eq(tot, total(units), f"performance 合计 {col} = Σ units")
            eq(tot, projects, f"performance 合计 {col} = Σ projects")
        if "expenditure" in present and grid:
            eq(g("performance", "", "", "合计", "total"), g("expenditure", "", "", "合计", "project"), "performance = project total")
        for f in perf:
            r = lambda col: g("performance", "", f["row_code"], f["row_name"], col)
            if ("performance", "", f["row_code"], f["row_name"], "fiscal") in val or \
                    ("performance", "", f["row_code"], f["row_name"], "other") in val:
                eq(r("total"), r("fiscal") + r("other"), f"performance {f['row_name']} total = fiscal + other")
            if ("performance", "", f["row_code"], f["row_name"], "annual_total") in val:
                eq(r("annual_total"), r("annual_fiscal") + r("annual_carryover") + r("annual_other"),
                   f"performance {f['row_name']} annual_total = Σ the year's parts")
    return fails


def fault_text_messages(checks, flat: str, where: str) -> list[str]:
    """Every injected text fault must be visible in the document text."""
    msgs = []
    for c in checks:
        if c["table"] != "narrative":
            continue
        if c["column"] == "unit":
            if not re.search(r"经营(?:服务)?收入[\d.,]+元", flat):
                msgs.append(f"{where}: injected …经营收入…元 not found")
        elif re.sub(r"\s+", "", c["found"]) not in flat:
            msgs.append(f"{where}: injected text {c['found']!r} not found")
    return msgs


XNS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
RELNS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def cell_rc(a: str) -> tuple[int, int]:
    m = re.fullmatch(r"([A-Z]+)(\d+)", a)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def read_xlsx(path: Path):
    """[(sheet name, {(r, c): (type, text)}, [(r0, c0, r1, c1)])] read with zipfile + ElementTree.
    type: s (shared string), inline (inline string), n (number)."""
    import xml.etree.ElementTree as ET
    with zipfile.ZipFile(path) as z:
        bad = z.testzip()
        if bad:
            raise ValueError(f"corrupt member {bad}")
        names = set(z.namelist())
        for need in ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"):
            if need not in names:
                raise ValueError(f"missing {need}")
        ct = z.read("[Content_Types].xml").decode()
        sst = []
        if "xl/sharedStrings.xml" in names:
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", XNS):
                sst.append("".join(t.text or "" for t in si.iter("{%s}t" % XNS["m"])))
        rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
        out = []
        for sh in ET.fromstring(z.read("xl/workbook.xml")).find("m:sheets", XNS):
            target = "xl/" + rels[sh.get(RELNS)]
            if f'PartName="/{target}"' not in ct:
                raise ValueError(f"{target} has no content type")
            root = ET.fromstring(z.read(target))
            cells = {}
            for c in root.iter("{%s}c" % XNS["m"]):
                t = c.get("t", "n")
                v = c.find("m:v", XNS)
                if t == "s":
                    cells[cell_rc(c.get("r"))] = ("s", sst[int(v.text)])
                elif t == "inlineStr":
                    cells[cell_rc(c.get("r"))] = ("inline", "".join(x.text or "" for x in c.iter("{%s}t" % XNS["m"])))
                elif v is not None:
                    cells[cell_rc(c.get("r"))] = ("n", v.text)
            merges = []
            for mc in root.iter("{%s}mergeCell" % XNS["m"]):
                a, b = mc.get("ref").split(":")
                merges.append(cell_rc(a) + cell_rc(b))
            out.append((sh.get("name"), cells, merges))
        return out


def verify_xlsx(path: Path, meta, facts, checks, xchecks) -> list[str]:
    msgs = []
    try:
        sheets = read_xlsx(path)
    except Exception as e:  # noqa: BLE001
        return [f".xlsx: unreadable: {e}"]
    opts = meta["xlsx"]
    for name, cells, merges in sheets:
        seen = set()
        for r0, c0, r1, c1 in merges:
            if r1 < r0 or c1 < c0:
                msgs.append(f".xlsx {name}: inverted merge")
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) in seen:
                        msgs.append(f".xlsx {name}: overlapping merges at {(r, c)}")
                    seen.add((r, c))
                    if (r, c) != (r0, c0) and cells.get((r, c), ("", ""))[1]:
                        msgs.append(f".xlsx {name}: value under a merge at {(r, c)}")
    has_nar = bool(sheets) and sheets[0][0] == "说明"
    if has_nar != opts["narrative"]:
        msgs.append(f".xlsx: narrative sheet {'present' if has_nar else 'absent'}, meta says {opts['narrative']}")
    tsheets = sheets[1:] if has_nar else sheets
    tables = list(meta["table_units"])
    if opts["sheets"] == "one_sheet":
        groups = [(tables, tsheets)]
        if len(tsheets) != 1:
            msgs.append(f".xlsx: {len(tsheets)} table sheets, expected one")
    else:
        if len(tsheets) != len(tables):
            msgs.append(f".xlsx: {len(tsheets)} table sheets for {len(tables)} tables")
        groups = [([t] + (["three_public_by_unit"] if t == "three_public" else []), [sh]) for t, sh in zip(tables, tsheets)]
    as_text = opts["numbers"] == "text"
    for keys, shs in groups:
        want = Counter(printed_token(f, meta["variations"]) if as_text else Decimal(f["value"])
                       for f in facts if f["table"] in keys)
        have = Counter()
        for name, cells, _ in shs:
            for typ, text in cells.values():
                if typ == "n":
                    if as_text:
                        msgs.append(f".xlsx {name}: a number cell in a numbers-as-text workbook")
                    have[Decimal(text)] += 1
                elif typ == "inline":
                    if as_text:
                        have[text] += 1
                    else:
                        have[Decimal(0) if text == "-" else Decimal(text.replace(",", ""))] += 1
        if want != have:
            miss, extra = want - have, have - want
            msgs.append(f".xlsx {'/'.join(keys) if len(keys) < 3 else 'tables'}: cells != golden "
                        f"(missing {dict(list(miss.items())[:5])}, extra {dict(list(extra.items())[:5])})")
    if has_nar:
        flat = re.sub(r"\s+", "", "".join(t for _, t in sheets[0][1].values()))
        msgs += fault_text_messages(checks, flat, ".xlsx")
    elif xchecks is None and any(c["table"] == "narrative" for c in checks):
        msgs.append(".xlsx: no narrative sheet but no .xlsx.checks.csv without the text faults")
    if xchecks is not None and any(c["table"] == "narrative" for c in xchecks):
        msgs.append(".xlsx.checks.csv lists text faults")
    return msgs


def verify(args) -> int:
    d = Path(args.verify)
    gdir = Path(args.golden) if args.golden else d
    metas = sorted(gdir.glob("*.meta.json"))
    if not metas:
        raise SystemExit(f"no *.meta.json in {gdir}")
    bad = 0
    for mp in metas:
        stem = mp.name[: -len(".meta.json")]
        meta = json.loads(mp.read_text(encoding="utf-8"))
        kind = meta.get("kind", "final")
        facts = read_facts(gdir / f"{stem}.facts.csv")
        checks = read_facts(gdir / f"{stem}.checks.csv")
        xcp = gdir / f"{stem}.xlsx.checks.csv"
        xchecks = read_facts(xcp) if xcp.exists() else None
        want = Counter(printed_token(f, meta["variations"]) for f in facts)
        msgs = []
        rendered = []
        for suffix in (".chromium.pdf", ".lo.pdf", ".rl.pdf"):
            pdf = d / f"{stem}{suffix}"
            if not pdf.exists():
                continue
            pages = pdf_pages(pdf)
            text = "\n".join(pages)
            ttext = "\n".join(table_pages(pages, kind))
            have = Counter(NUM_RE.findall(ttext))
            have["-"] = len(DASH_RE.findall(ttext))
            if kind == "budget":
                have["0"] = len(ZERO_RE.findall(ttext))
            have += Counter()  # drop zero counts
            missing = want - have
            extra = have - want
            if missing:
                msgs.append(f"{suffix}: {sum(missing.values())} golden values not on the table pages: {dict(list(missing.items())[:8])}")
            if extra:
                msgs.append(f"{suffix}: {sum(extra.values())} numbers on the table pages not in the golden file: {dict(list(extra.items())[:8])}")
            rendered.append(suffix.split(".")[1])
            msgs += fault_text_messages(checks, re.sub(r"\s+", "", text), suffix)
        notu = d / f"{stem}.notu.pdf"
        if notu.exists():
            # its text may not decode (that is the point): it must open and have the Chromium
            # PDF's pages
            n, err = pdf_page_count(notu)
            if n is None:
                msgs.append(f".notu.pdf: does not open: {err}")
            else:
                chrome = d / f"{stem}.chromium.pdf"
                m = pdf_page_count(chrome)[0] if chrome.exists() else None
                if m is None:
                    msgs.append(".notu.pdf: no readable .chromium.pdf to compare its page count with")
                elif n != m:
                    msgs.append(f".notu.pdf: {n} pages, the Chromium PDF has {m}")
            rendered.append("notu")
        if (d / f"{stem}.xlsx").exists():
            msgs += verify_xlsx(d / f"{stem}.xlsx", meta, facts, checks, xchecks)
            rendered.append("xlsx")
        if kind == "budget":
            fails = (cs_budget_identity_failures(facts, meta["department"]) if meta.get("layout") == "changsha"
                     else budget_identity_failures(facts))
        else:
            fails = identity_failures(facts)
        expected_fail = any(c["description"].startswith("sum.children") for c in checks)
        if fails and not meta["faults"]:
            msgs.append(f"clean report fails {len(fails)} identities: {fails[:5]}")
        if expected_fail and not fails:
            msgs.append("sum.children fault injected but every identity holds")
        if fails and meta["faults"] and not expected_fail:
            msgs.append(f"identities fail without a table fault: {fails[:5]}")
        status = "OK " if not msgs else "BAD"
        bad += bool(msgs)
        extra = f" (expected failures from the injected fault: {fails})" if (fails and expected_fail) else ""
        print(f"{status} {stem}: {kind} {len(facts)} facts, {len(checks)} checks, checked {'+'.join(rendered) or 'nothing'} "
              f"(table cells == golden values), faults={meta['faults']}{extra}")
        for m in msgs:
            print("    " + m)
    print(f"{len(metas) - bad}/{len(metas)} reports verified")
    return 1 if bad else 0


# ---------------------------------------------------------------------------
# Extractor comparison
# ---------------------------------------------------------------------------
def stated_scope(meta: dict, name: str) -> str:
    """The scope a rendering states. A 长沙-layout 决算 workbook without its narrative sheet has
    no cover, no title naming the report (上海 workbooks print 部门决算表 above the first table)
    and no text: its nine tables are the same for a 部门 and a 单位 (no 编制部门 / 编制单位
    column as in 预算 tables), so nothing in it names the scope and the right answer is
    `unknown`."""
    if (name.endswith(".xlsx") and meta.get("kind") == "final" and meta.get("layout") == "changsha"
            and not meta.get("xlsx", {}).get("narrative", True)):
        return "unknown"
    return meta["scope"]


def producer_of(name: str) -> str:
    for suffix, prod in ((".chromium.pdf", "chromium"), (".lo.pdf", "libreoffice"), (".rl.pdf", "reportlab"),
                         (".notu.pdf", "notounicode"), (".scan.pdf", "scan"), (".docx", "docx"),
                         (".xlsx", "xlsx")):
        if name.endswith(suffix):
            return prod
    return "other"


def golden_file(gdir: Path, name: str, what: str) -> Path:
    """`<file name>.<what>.csv` where a rendering has its own (e.g. `x.xlsx.checks.csv`), else `<stem>.<what>.csv`."""
    own = gdir / f"{name}.{what}.csv"
    return own if own.exists() else gdir / f"{name.split('.')[0]}.{what}.csv"


def nums_in(s: str) -> list[Decimal]:
    out = []
    for m in re.finditer(r"-?\d+(?:\.\d+)?", s.replace(",", "")):
        out.append(Decimal(m.group()))
    return out


def finding_matches(g: dict, o: dict) -> bool:
    """A golden check against an output finding (the matching of tests/common: table, and the first
    number, or else the text, of expected and of found)."""
    if g["table"] == "narrative":
        rule = o["rule"].lower()
        table_ok = o["table"] in ("", "narrative") or rule.startswith(("narrative", "text"))
    else:
        table_ok = o["table"] == g["table"]

    def field_ok(gv, ov):
        gv = gv.strip()
        if not gv:
            return True
        gn = nums_in(gv)
        if gn:
            # by absolute value: a change carries its sign (-20.00%) where the golden may not
            return abs(gn[0]) in [abs(n) for n in nums_in(ov)]
        a, b = re.sub(r"\s+", "", gv).lower(), re.sub(r"\s+", "", ov).lower()
        return bool(b) and (a in b or b in a)

    return table_ok and field_ok(g["expected"], o["expected"]) and field_ok(g["found"], o["found"])


def compare(args) -> int:
    out = Path(args.compare)
    gdir = Path(args.golden)
    with open(out / "reports.csv", newline="", encoding="utf-8") as f:
        reps = list(csv.DictReader(f))
    got = defaultdict(Counter)
    for f in read_facts(out / "facts.csv"):
        key = (f["table"], f["side"], f["row_code"] or f["row_name"], f["column"], Decimal(f["value"]))
        got[f["report_id"]][key] += 1
    found = defaultdict(list)
    if (out / "checks.csv").exists():
        for c in read_facts(out / "checks.csv"):
            found[c["report_id"]].append(c)
    # per (kind, producer): golden, extracted, matched, exact renderings, renderings,
    # faults, faults found, clean renderings, clean renderings with an error, metadata right
    agg = defaultdict(lambda: Counter())
    tot_g = tot_x = tot_m = 0
    for r in sorted(reps, key=lambda r: r["path"]):
        name = Path(r["path"]).name
        stem = name.split(".")[0]
        gp = golden_file(gdir, name, "facts")
        if not gp.exists():
            continue
        meta_p = gdir / f"{stem}.meta.json"
        meta = json.loads(meta_p.read_text(encoding="utf-8")) if meta_p.exists() else {}
        want = Counter((f["table"], f["side"], f["row_code"] or f["row_name"], f["column"], Decimal(f["value"]))
                       for f in read_facts(gp))
        have = got.get(r["report_id"], Counter())
        m = sum((want & have).values())
        ng, nx = sum(want.values()), sum(have.values())
        tot_g += ng
        tot_x += nx
        tot_m += m
        rec = m / ng if ng else 1.0
        prec = m / nx if nx else 0.0
        gchecks = read_facts(golden_file(gdir, name, "checks"))
        outs = found.get(r["report_id"], [])
        used = [False] * len(outs)
        hit = 0
        for g in gchecks:
            for i, o in enumerate(outs):
                if not used[i] and finding_matches(g, o):
                    used[i] = True
                    hit += 1
                    break
        false_err = [] if gchecks else [o for o in outs if o["severity"] == "error"]
        meta_ok = (not meta) or (r["department"], r["year"], r["kind"], r["scope"], r["unit"]) == (
            meta["department"], str(meta["year"]), meta["kind"], stated_scope(meta, name), meta["unit"])
        a = agg[(meta.get("kind", "?"), producer_of(name))]
        a.update(golden=ng, extracted=nx, matched=m, renderings=1, exact=int(m == ng == nx), faults=len(gchecks),
                 faults_found=hit, clean=int(not gchecks), clean_with_error=int(bool(false_err)), meta_ok=int(meta_ok))
        if not args.summary_only:
            print(f"{name:28s} status={r.get('status', ''):8s} golden={ng:4d} extracted={nx:4d} matched={m:4d} "
                  f"recall={rec:6.1%} precision={prec:6.1%} findings={hit}/{len(gchecks)}"
                  + ("" if meta_ok else f" META {r['department']},{r['year']},{r['kind']},{r['scope']},{r['unit']}")
                  + (f" errors-on-clean={len(false_err)}" if false_err else ""))
        if args.details:
            miss = want - have
            extra = have - want
            for k, n in sorted(miss.items(), key=str)[: args.details]:
                print(f"    missing {k} x{n}")
            for k, n in sorted(extra.items(), key=str)[: args.details]:
                print(f"    extra   {k} x{n}")
            for o in false_err[: args.details]:
                print(f"    error on a clean report: {o['rule']} {o['table']} {o['row']} {o['expected']} -> {o['found']}")
    if agg:
        print(f"{'kind':7s} {'producer':12s} {'files':>5s} {'exact':>5s} {'recall':>8s} {'precision':>9s} "
              f"{'faults found':>12s} {'clean w/ error':>14s} {'meta ok':>7s}")
        for (kind, prod), a in sorted(agg.items()):
            rec = a["matched"] / a["golden"] if a["golden"] else 1.0
            prec = a["matched"] / a["extracted"] if a["extracted"] else 0.0
            print(f"{kind:7s} {prod:12s} {a['renderings']:5d} {a['exact']:5d} {rec:8.2%} {prec:9.2%} "
                  f"{a['faults_found']:5d}/{a['faults']:<6d} {a['clean_with_error']:5d}/{a['clean']:<8d} "
                  f"{a['meta_ok']:3d}/{a['renderings']:<3d}")
    if tot_g:
        print(f"TOTAL golden={tot_g} extracted={tot_x} matched={tot_m} recall={tot_m / tot_g:.1%} "
              f"precision={(tot_m / tot_x if tot_x else 0):.1%}")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--indices", help="comma-separated report numbers to make instead of 0 … count-1")
    ap.add_argument("--out", help="output directory for documents (and ground truth unless --golden-out)")
    ap.add_argument("--golden-out", help="directory for .facts.csv/.checks.csv/.meta.json (default: --out)")
    ap.add_argument("--producers", default="docx,chromium,libreoffice",
                    help="comma-separated, of " + ", ".join(PRODUCERS) + " (default: %(default)s)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--chromium", help="chromium binary (default: search PATH)")
    ap.add_argument("--verify", metavar="DIR", help="verify the PDFs in DIR against the ground truth")
    ap.add_argument("--golden", metavar="GDIR", help="ground-truth directory for --verify / --compare")
    ap.add_argument("--compare", metavar="EXTRACT_OUT", help="compare a `yjs extract` output dir with --golden")
    ap.add_argument("--details", type=int, default=0, help="--compare: list up to N missing/extra facts per rendering")
    ap.add_argument("--summary-only", action="store_true", help="--compare: only the per kind × producer summary")
    args = ap.parse_args(argv)
    if args.verify:
        return verify(args)
    if args.compare:
        if not args.golden:
            ap.error("--compare needs --golden")
        return compare(args)
    if not args.out:
        ap.error("--out is required")
    return generate(args)


if __name__ == "__main__":
    sys.exit(main())
