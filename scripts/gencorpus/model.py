"""Random but internally consistent 部门决算 reports: numbers, tables, narrative, faults.

All money is held as integer hundredths of the printed unit (万元 → 0.01 万元), so every
sum is exact.  A report is a list of blocks (cover, toc, part headings, paragraphs,
tables); renderers (HTML, DOCX) print exactly these blocks, and the ground truth is read
from the table cells that carry a fact, so facts.csv lists exactly what is printed.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from . import catalog as C

TABLE_KEYS = ["summary", "income", "expenditure", "fiscal_summary", "general_expenditure",
              "general_basic", "gov_fund", "state_capital", "three_public"]

VARIATIONS = [
    "style_ruled", "style_borderless", "style_three_line",
    "cells_zero", "cells_blank", "cells_dash", "thousands_sep",
    "split_repeat_header", "split_no_header", "landscape", "narrow_wrap",
    "docx_nested_title_table", "empty_tables_with_note", "total_row_last",
    # 预算 (budget) reports only
    "thousands_sep_mixed", "cells_zero_int", "empty_tables_none_row", "fund_tables_with_data",
    "codes_split", "codes_combined", "units_yuan", "units_wan", "labels_2025", "labels_2026",
    "items_plain", "items_with_rates",
]
FAULTS = {
    "sum.children": "error",
    "narrative.percent": "error",
    "narrative.table_mismatch": "error",
    "text.double_percent": "error",
    "text.unit": "warning",
    "text.year": "error",
    "table.missing": "error",
    "text.placeholder": "warning",
}

# Faults injected only where the coverage plan names them (adding them to FAULTS would change
# which faults every random report of a seed draws).
PLAN_FAULTS = {
    "narrative.comparison": "error",
    # text.year: an as-of date of the year before (截至2023年12月31日 in a 2024 决算)
    "as_of_year": "error",
    # narrative.table_mismatch: the text states 政府性基金 spending; its table is printed empty
    "fund_text_without_table": "error",
    # text.other_body: 第一部分 names another body of the region (a heading copied over)
    "other_body_heading": "warning",
    # narrative.comparison (预算, 上海 layout): 财政拨款收入支出增加的主要原因是… where the money fell
    "reason_direction": "error",
}

# The first reports of every seed follow this plan, so that even a small sample covers
# every layout variation and every fault.  Reports after the plan are fully random.
COVERAGE_PLAN = [
    dict(layout="changsha", style="ruled", zero="zero", vars=["split_repeat_header", "landscape", "thousands_sep"], faults=[], empty=False),
    dict(layout="shanghai", style="ruled", zero="blank", vars=["split_no_header", "narrow_wrap"], faults=["sum.children", "text.double_percent"], empty=True),
    dict(layout="changsha", style="borderless", zero="dash", vars=["docx_nested_title_table", "landscape"], faults=["narrative.percent"], empty=False),
    dict(layout="shanghai", style="three_line", zero="zero", vars=["thousands_sep", "landscape"], faults=["table.missing"], empty=False),
    dict(layout="changsha", style="three_line", zero="zero", vars=["narrow_wrap", "split_no_header", "thousands_sep"], faults=["text.unit", "text.year"], empty=True),
    dict(layout="shanghai", style="borderless", zero="blank", vars=["split_repeat_header", "docx_nested_title_table"], faults=["narrative.table_mismatch", "text.placeholder", "other_body_heading"], empty=False),
    dict(layout="changsha", style="ruled", zero="blank", vars=["landscape"], faults=["as_of_year"], empty=False),
    dict(layout="shanghai", style="ruled", zero="dash", vars=["split_repeat_header"],
         faults=["narrative.comparison", "fund_text_without_table"], empty=True),
    # 预算 (budget) reports, 上海 layout (gencorpus/budget.py)
    dict(kind="budget", scope="department", units="yuan", codes="split", labels="2025", items="plain", fund="note",
         style="ruled", zero="blank", vars=["thousands_sep", "split_repeat_header", "landscape"], faults=[]),
    dict(kind="budget", scope="unit", units="yuan", codes="split", labels="2026", items="rates", fund="none_row",
         style="ruled", zero="zero", vars=["thousands_sep_mixed", "landscape"],
         faults=["sum.children", "narrative.percent", "text.year"]),
    dict(kind="budget", scope="department", units="wan", codes="combined", labels="2026", items="rates", fund="data",
         style="borderless", zero="blank", vars=["split_no_header", "narrow_wrap"],
         faults=["table.missing", "text.double_percent", "text.placeholder", "reason_direction"]),
    dict(kind="budget", scope="unit", units="yuan", codes="combined", labels="2025", items="plain", fund="note",
         style="three_line", zero="zero", vars=["thousands_sep", "docx_nested_title_table", "landscape"],
         faults=["narrative.table_mismatch", "text.unit"]),
    # 预算 (budget) reports, 长沙 layout (gencorpus/budget_cs.py); always 部门 and 万元
    dict(kind="budget", layout="changsha", fund="note", style="ruled", zero="blank", codes="kuan_alone",
         one_digit=False, econ="whole", order="shuffled", cap=False, perf=True, perf_cols=False, by_unit=True,
         toc="short", vars=["thousands_sep", "split_repeat_header", "landscape"], faults=[]),
    dict(kind="budget", layout="changsha", fund="data", style="borderless", zero="blank", codes="levels_alone",
         one_digit=True, econ="split", order="sorted", cap=True, perf=True, perf_cols=True, by_unit=False,
         toc="full", vars=["thousands_sep", "split_no_header", "landscape", "narrow_wrap"],
         faults=["sum.children", "narrative.percent", "text.year", "table.missing"]),
    dict(kind="budget", layout="changsha", fund="note", style="three_line", zero="zero", codes="kuan_alone",
         one_digit=True, econ="split", order="shuffled", cap=True, perf=False, perf_cols=False, by_unit=True,
         toc="short", vars=["landscape", "docx_nested_title_table"],
         faults=["narrative.table_mismatch", "text.unit", "text.placeholder", "text.double_percent"]),
    dict(kind="budget", layout="changsha", fund="note", style="ruled", zero="blank", codes="kuan_alone",
         one_digit=False, econ="whole", order="sorted", cap=False, perf=True, perf_cols=True, by_unit=False,
         toc="short", vars=["thousands_sep"], faults=[]),
]
# Share of 预算 reports among the random reports after the plan, and of 长沙-layout budgets among them.
BUDGET_SHARE = 1 / 3
CHANGSHA_BUDGET_SHARE = 0.4

# XLSX rendering options (numbers stored as numbers or as text; one sheet per table or all tables
# on one sheet; narrative sheet or none).  The first reports follow this plan; later ones draw
# from their own RNG, so the XLSX options never change the other renderings.
XLSX_PLAN = [
    ("number", "per_table", True), ("text", "per_table", True), ("number", "one_sheet", False),
    ("number", "per_table", False), ("text", "one_sheet", True), ("number", "per_table", True),
    ("number", "per_table", True), ("text", "per_table", False), ("number", "per_table", True),
    ("text", "per_table", False), ("number", "one_sheet", True), ("number", "per_table", True),
]

CN_NUM = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三",
          "十四", "十五", "十六", "十七", "十八", "十九", "二十", "二十一", "二十二", "二十三",
          "二十四", "二十五", "二十六", "二十七"]


def report_rng(seed: int, index: int, purpose: str = "") -> random.Random:
    tag = f"yujuesuan-gen{('-' + purpose) if purpose else ''}:{seed}:{index}"
    h = hashlib.sha256(tag.encode()).digest()
    return random.Random(int.from_bytes(h[:8], "big"))


def report_kind(seed: int, index: int) -> str:
    """final | budget.  Drawn from an RNG of its own, so that a 决算 report is the same
    whether or not budget reports exist."""
    if index < len(COVERAGE_PLAN):
        return COVERAGE_PLAN[index].get("kind", "final")
    return "budget" if report_rng(seed, index, "kind").random() < BUDGET_SHARE else "final"


def budget_layout(seed: int, index: int) -> str:
    """shanghai | changsha, for a budget report; from an RNG of its own, so a 上海 budget after the
    plan is the same whether or not 长沙 budgets exist."""
    if index < len(COVERAGE_PLAN):
        return COVERAGE_PLAN[index].get("layout", "shanghai")
    return "changsha" if report_rng(seed, index, "budget-layout").random() < CHANGSHA_BUDGET_SHARE else "shanghai"


def xlsx_options(seed: int, index: int) -> dict:
    if index < len(XLSX_PLAN):
        numbers, sheets, narrative = XLSX_PLAN[index]
    else:
        r = report_rng(seed, index, "xlsx")
        numbers = "text" if r.random() < 0.25 else "number"
        sheets = "one_sheet" if r.random() < 0.25 else "per_table"
        narrative = r.random() >= 0.3
    return {"numbers": numbers, "sheets": sheets, "narrative": narrative}


def make_report(seed: int, index: int):
    if report_kind(seed, index) == "budget":
        if budget_layout(seed, index) == "changsha":
            from .budget_cs import ChangshaBudgetReport
            return ChangshaBudgetReport(seed, index)
        from .budget import BudgetReport
        return BudgetReport(seed, index)
    return Report(seed, index)


def fmt(c: int, sep: bool = False) -> str:
    sign = "-" if c < 0 else ""
    c = abs(c)
    whole = f"{c // 100:,}" if sep else str(c // 100)
    return f"{sign}{whole}.{c % 100:02d}"


def pct(a: int, b: int) -> str:
    if b == 0:
        return "0.00"
    q = (Decimal(a) * 100 / Decimal(b)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return str(q)


def alloc(total: int, weights: list[float]) -> list[int]:
    """Split integer total proportionally to weights (largest remainder)."""
    s = sum(weights)
    if total == 0 or s <= 0:
        out = [0] * len(weights)
        if out:
            out[-1] = total
        return out
    raw = [total * w / s for w in weights]
    out = [int(x) for x in raw]
    rest = total - sum(out)
    order = sorted(range(len(weights)), key=lambda k: (raw[k] - out[k]), reverse=True)
    for k in order[:rest]:
        out[k] += 1
    return out


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------
@dataclass
class Cell:
    text: str = ""
    rs: int = 1
    cs: int = 1
    kind: str = "text"  # h | num | code | no | text
    fact: tuple | None = None


@dataclass
class Table:
    key: str
    heading: str  # e.g. 一、收入支出决算总表 (part-two heading) or ""
    title: str
    number: str  # 公开01表 / ""
    header: list
    body: list
    cols: list  # relative widths (percent)
    wide: bool = False
    split: int | None = None  # body index where a forced page break happens
    repeat_header: bool = False
    notes: list = field(default_factory=list)
    meta_left: str = ""
    meta_center: str = ""
    meta_right: str = "单位：万元"
    top_line: str = ""  # 上海: "<dept><year>年度部门决算表" above the first table
    style: str | None = None  # the table's own rulings where they differ from the report's (forms)

    @property
    def ncols(self) -> int:
        return len(self.cols)

    def facts(self):
        for row in self.body:
            for c in row:
                if c.fact is not None:
                    yield c.fact


def H(text, rs=1, cs=1):
    return Cell(text, rs, cs, "h")


def T(text, cs=1, kind="text"):
    return Cell(text, 1, cs, kind)


def strip_enum(label: str) -> str:
    import re
    s = "".join(label.split())
    return re.sub(r"^([一二三四五六七八九十]+、|\d+[.、])", "", s)


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------
class Report:
    kind = "final"

    def __init__(self, seed: int, index: int):
        self.seed = seed
        self.index = index
        self.id = f"gen-{seed}-{index:04d}"
        rng = self.rng = report_rng(seed, index)
        plan = COVERAGE_PLAN[index] if index < len(COVERAGE_PLAN) else None
        if plan and plan.get("kind", "final") != "final":
            raise ValueError(f"report {index} is planned as {plan['kind']}: use make_report")
        self.plan = plan
        self.layout = plan["layout"] if plan else rng.choice(["changsha", "shanghai"])
        cs = self.layout == "changsha"
        if plan:
            self.style = plan["style"]
            self.zero = plan["zero"]
            forced = set(plan["vars"])
        else:
            self.style = rng.choices(["ruled", "borderless", "three_line"], [6, 2, 2])[0]
            self.zero = (rng.choices(["zero", "dash", "blank"], [8, 1, 1])[0] if cs
                         else rng.choices(["blank", "zero", "dash"], [8, 1, 1])[0])
            forced = set()
            if rng.random() < (0.7 if cs else 0.2):
                forced.add("thousands_sep")
            r = rng.random()
            if r < 0.3:
                forced.add("split_repeat_header")
            elif r < 0.5:
                forced.add("split_no_header")
            if rng.random() < (0.8 if cs else 0.3):
                forced.add("landscape")
            if rng.random() < 0.3:
                forced.add("narrow_wrap")
            if rng.random() < 0.15:
                forced.add("docx_nested_title_table")
        self.sep = "thousands_sep" in forced
        self.opts = forced
        self.variations = set(forced)
        self.variations.add("style_" + self.style)
        self.variations.add("cells_" + self.zero)
        # faults
        if plan:
            self.fault_names = list(plan["faults"])
        else:
            self.fault_names = []
            if rng.random() < 0.3:
                k = 1 if rng.random() < 0.7 else 2
                self.fault_names = rng.sample(sorted(FAULTS), k)
        self.gen_identity()
        self.gen_numbers(plan["empty"] if plan else None)
        self.checks: list[list[str]] = []
        self.build()
        self.xlsx = xlsx_options(seed, index)
        self.doc_title = f"{self.year}年度{self.dept}{self.kind_word}决算"

    # -- identity -----------------------------------------------------------
    def gen_identity(self):
        rng = self.rng
        cs = self.layout == "changsha"
        self.year = rng.randint(2016, 2025)
        prefixes = C.CHANGSHA_PREFIXES if cs else C.SHANGHAI_PREFIXES
        prefix = rng.choice(prefixes)
        self.region = prefix
        if rng.random() < 0.1:
            suffix, admin, proj = rng.choice(C.PARTY_KINDS)
            city = prefix
            self.dept = f"中共{city}委{suffix}"
        else:
            suffix, admin, proj = rng.choice(C.DEPT_KINDS)
            # a department whose items belong to a class the year does not have yet
            # (灾害防治及应急管理支出 exists from 2019) is drawn again
            classes = {c for c, _ in C.classes_for_year(self.year)}
            while any(code[:3] not in classes for code in proj):
                suffix, admin, proj = rng.choice(C.DEPT_KINDS)
            if not cs:
                suffix = C.SHANGHAI_SUFFIX_FIX.get(suffix, suffix)
            self.dept = prefix + suffix
        self.admin = admin
        self.proj_items = list(proj)
        self.scope = "unit" if (not admin and rng.random() < 0.5) else "department"
        self.unit = "万元"
        self.kind_word = "单位" if self.scope == "unit" else "部门"

    # -- numbers ------------------------------------------------------------
    def gen_numbers(self, empty_forced):
        rng = self.rng
        admin = self.admin
        basic = rng.randint(60_00, 2500_00)
        personnel = basic * rng.randint(78, 93) // 100
        public = basic - personnel
        e: dict[str, int] = {}
        # 301 / 303
        share303 = rng.choice([0, 0, 0.03, 0.06, 0.12])
        p303 = int(personnel * share303)
        p301 = personnel - p303
        w301 = {"30101": 14, "30102": 30, "30103": 8, "30106": 0.6 if rng.random() < 0.3 else 0,
                "30107": 10, "30108": 7, "30109": 3.5, "30110": 3.2, "30111": 1.5 if admin else 0,
                "30112": 0.3, "30113": 6.5, "30114": 0, "30199": 2.5 if rng.random() < 0.7 else 0}
        w301 = {k: v * rng.uniform(0.7, 1.3) for k, v in w301.items()}
        for (code, _), v in zip(C.ECON_301, alloc(p301, [w301[c] for c, _ in C.ECON_301])):
            e[code] = v
        w303 = {c: 0 for c, _ in C.ECON_303}
        if p303:
            w303.update({"30302": 8, "30301": 2 if rng.random() < 0.3 else 0, "30305": 1 if rng.random() < 0.4 else 0,
                         "30309": 0.1 if rng.random() < 0.3 else 0, "30399": 1.5})
        for (code, _), v in zip(C.ECON_303, alloc(p303, [w303[c] for c, _ in C.ECON_303])):
            e[code] = v
        # 302 / 307 / 310 / 399
        p310 = public * rng.choice([0, 0, 0, 5, 10, 15]) // 100
        p399 = public * 2 // 100 if rng.random() < 0.05 else 0
        p302 = public - p310 - p399
        base302 = {"30201": 8, "30202": 1, "30203": 0.5, "30204": 0.1, "30205": 1, "30206": 3, "30207": 2,
                   "30208": 0, "30209": 6, "30211": 4, "30212": 0.5, "30213": 3, "30214": 1, "30215": 1,
                   "30216": 1.5, "30217": 0.5, "30218": 0.5, "30224": 0, "30225": 0, "30226": 3, "30227": 3,
                   "30228": 4, "30229": 3, "30231": 2, "30239": 5, "30240": 0.1, "30299": 5}
        w302 = {k: (v * rng.uniform(0.5, 1.5) if rng.random() > 0.35 else 0) for k, v in base302.items()}
        w302["30201"] = max(w302["30201"], 4.0)
        w302["30299"] = max(w302["30299"], 2.0)
        for (code, _), v in zip(C.ECON_302, alloc(p302, [w302[c] for c, _ in C.ECON_302])):
            e[code] = v
        for code, _ in C.ECON_307:
            e[code] = 0
        w310 = {c: 0 for c, _ in C.ECON_310}
        w310["31002"] = 5
        if rng.random() < 0.3:
            w310["31007"] = 3
        if rng.random() < 0.15:
            w310["31003"] = 2
        for (code, _), v in zip(C.ECON_310, alloc(p310, [w310[c] for c, _ in C.ECON_310])):
            e[code] = v
        for (code, _), v in zip(C.ECON_399, alloc(p399, [0, 0, 0, 0, 1])):
            e[code] = v
        for g, (_, kids) in C.ECON_GROUPS.items():
            e[g] = sum(e[c] for c, _ in kids)
        self.econ = e
        self.personnel = e["301"] + e["303"]
        self.public = e["302"] + e["307"] + e["310"] + e["399"]
        self.basic_general = self.personnel + self.public

        # functional items
        kuan = self.proj_items[0][:5]
        ops = kuan + ("01" if admin else "50")
        if ops not in C.FUNC:
            ops = kuan + "01"
        items: dict[str, dict] = {}

        def item(code):
            return items.setdefault(code, dict(gb=0, gp=0, fp=0, cp=0, ob=0, op=0))

        mapped = {"2080505": e["30108"], "2080506": e["30109"], "2210201": e["30113"]}
        if admin:
            mapped["2101101"] = e["30110"]
            mapped["2101103"] = e["30111"]
        else:
            mapped["2101102"] = e["30110"] + e["30111"]
        retire = e["30301"] + e["30302"]
        if retire:
            mapped["2080501" if admin else "2080502"] = retire
        if rng.random() < 0.3:
            mapped["2210203"] = e["30102"] * rng.randint(5, 20) // 100
        rest = self.basic_general - sum(mapped.values())
        ops2 = kuan + "50"
        if admin and ops2 in C.FUNC and rng.random() < 0.25:
            part = rest * rng.randint(10, 30) // 100
            item(ops2)["gb"] += part
            rest -= part
        item(ops)["gb"] += rest
        for code, v in mapped.items():
            if v:
                item(code)["gb"] += v
        # projects
        if rng.random() < 0.08:
            proj_total = 0
        else:
            proj_total = int(self.basic_general * rng.choice([0.2, 0.5, 1.0, 2.0, 4.0, 8.0]) * rng.uniform(0.7, 1.3))
        targets = list(self.proj_items)
        if rng.random() < 0.3:
            targets.append(ops)
        ws = [rng.uniform(0.3, 1.0) for _ in targets]
        for code, v in zip(targets, alloc(proj_total, ws)):
            if v:
                item(code)["gp"] += v
        # non-fiscal money (事业 units, other income)
        if not admin and rng.random() < 0.5:
            item(ops)["ob"] += self.basic_general * rng.randint(5, 40) // 100
        if rng.random() < 0.25:
            item(self.proj_items[0])["op"] += max(1_00, proj_total * rng.randint(2, 10) // 100)
        # government fund / state capital
        if empty_forced is None:
            empty_forced = rng.random() < 0.5
        self.has_fund = (not empty_forced) and rng.random() < 0.7
        self.has_cap = (not empty_forced) and rng.random() < 0.3
        if self.has_fund:
            code = rng.choice(["2120899", "2296002"])
            item(code)["fp"] += rng.randint(5_00, 800_00)
        if self.has_cap:
            item("2230199")["cp"] += rng.randint(5_00, 300_00)
        # income split of non-fiscal money
        for code, it in items.items():
            oth = it["ob"] + it["op"]
            sup = oth * rng.choice([0, 0, 30]) // 100
            bus = (oth - sup) if not admin else 0
            it["superior_subsidy"], it["business"], it["other"] = sup, bus, oth - sup - bus
        self.items = dict(sorted(items.items()))
        # three public
        b = {"abroad": 0, "purchase": 0, "operation": 0, "reception": 0}
        tp_empty = empty_forced or rng.random() < 0.15
        if not tp_empty:
            if rng.random() < 0.2:
                b["abroad"] = rng.randint(2_00, 30_00)
            if rng.random() < 0.15:
                b["purchase"] = rng.randint(10_00, 30_00)
            if rng.random() < 0.7:
                b["operation"] = rng.randint(1_00, 25_00)
            if rng.random() < 0.7 or not any(b.values()):
                b["reception"] = rng.randint(50, 8_00)
        a = {k: (v * rng.randint(40, 100) // 100 if rng.random() < 0.9 else 0) for k, v in b.items()}
        if b["purchase"] and a["purchase"]:
            a["purchase"] = b["purchase"]
        self.tp_budget, self.tp_actual = b, a
        self.tp_empty = tp_empty
        self.tp_prev = int(sum(a.values()) * rng.uniform(0.7, 1.4)) if not tp_empty else 0
        # previous year & budgets
        self.prev_total = int(self.total("exp_total") * rng.uniform(0.7, 1.35))
        self.prev_fiscal = int(self.total("inc_fiscal") * rng.uniform(0.7, 1.35))
        self.prev_general = int(self.total("gen_total") * rng.uniform(0.7, 1.35))
        self.budget = {}
        for code, it in self.items.items():
            g = it["gb"] + it["gp"]
            if g:
                self.budget[code] = int(g * rng.uniform(0.75, 1.15))
        self.prev_public = int(self.public * rng.uniform(0.8, 1.2))
        self.cars = rng.randint(0, 6)
        self.procure = int(self.total("exp_total") * rng.uniform(0.02, 0.3))

    # measures of one item
    @staticmethod
    def measure(it: dict, m: str) -> int:
        gb, gp, fp, cp, ob, op = it["gb"], it["gp"], it["fp"], it["cp"], it["ob"], it["op"]
        return {
            "exp_total": gb + gp + fp + cp + ob + op, "exp_basic": gb + ob, "exp_project": gp + fp + cp + op,
            "inc_total": gb + gp + fp + cp + ob + op, "inc_fiscal": gb + gp + fp + cp,
            "inc_superior_subsidy": it["superior_subsidy"], "inc_business": it["business"],
            "inc_operating": 0, "inc_affiliated_remit": 0, "inc_other": it["other"],
            "exp_remit_superior": 0, "exp_operating": 0, "exp_subsidy_affiliated": 0,
            "gen_total": gb + gp, "gen_basic": gb, "gen_project": gp,
            "fund_total": fp, "fund_basic": 0, "fund_project": fp, "fund_income": fp, "fund_zero": 0,
            "cap_total": cp, "cap_basic": 0, "cap_project": cp, "cap_income": cp, "cap_zero": 0,
            "fiscal_general": gb + gp, "fiscal_gov_fund": fp, "fiscal_state_capital": cp,
        }[m]

    def sum_prefix(self, prefix: str, m: str) -> int:
        return sum(self.measure(it, m) for c, it in self.items.items() if c.startswith(prefix))

    def total(self, m: str) -> int:
        return self.sum_prefix("", m)

    def func_rows(self, filt: str | None = None):
        """[(code, name)] for 类/款/项 in code order; filt = measure that must be nonzero."""
        codes = [c for c, it in self.items.items() if filt is None or self.measure(it, filt) != 0]
        out = []
        seen = set()
        for c in codes:
            for p in (c[:3], c[:5], c):
                if p not in seen:
                    seen.add(p)
                    name = C.class_name(p, self.year) if len(p) == 3 else C.FUNC[p]
                    out.append((p, name))
        return out

    # -- cells --------------------------------------------------------------
    def num(self, v: int, fact_key: tuple, zero: str | None = None) -> Cell:
        zero = zero or self.zero
        table, side, code, name, col = fact_key
        if v == 0:
            if zero == "blank":
                return Cell("", kind="num")
            if zero == "dash":
                return Cell("-", kind="num", fact=(table, side, code, strip_enum(name), col, "0"))
            return Cell("0.00", kind="num", fact=(table, side, code, strip_enum(name), col, "0.00"))
        return Cell(fmt(v, self.sep), kind="num", fact=(table, side, code, strip_enum(name), col, fmt(v)))

    # -- tables -------------------------------------------------------------
    def class_list(self):
        return C.classes_for_year(self.year)

    def build_tables(self) -> dict[str, Table]:
        cs = self.layout == "changsha"
        t = {}
        t["summary"] = self.t_summary(cs)
        t["income"] = self.t_income(cs)
        t["expenditure"] = self.t_expenditure(cs)
        t["fiscal_summary"] = self.t_fiscal_summary(cs)
        t["general_expenditure"] = self.t_general_expenditure(cs)
        t["general_basic"] = self.t_general_basic(cs)
        t["gov_fund"] = self.t_fund("gov_fund", cs)
        t["state_capital"] = self.t_fund("state_capital", cs)
        t["three_public"] = self.t_three_public(cs)
        return t

    def t_summary(self, cs):
        classes = self.class_list()
        inc_items = [
            ("一、一般公共预算财政拨款收入", self.total("fiscal_general")),
            ("二、政府性基金预算财政拨款收入", self.total("fiscal_gov_fund")),
            ("三、国有资本经营预算财政拨款收入", self.total("fiscal_state_capital")),
            ("四、上级补助收入", self.total("inc_superior_subsidy")),
            ("五、事业收入", self.total("inc_business")),
            ("六、经营收入", 0),
            ("七、附属单位上缴收入", 0),
            ("八、其他收入", self.total("inc_other")),
        ]
        exp_items = [(f"{CN_NUM[k + 1]}、{n}", self.sum_prefix(c, "exp_total")) for k, (c, n) in enumerate(classes)]
        tot = self.total("exp_total")
        n = max(len(inc_items), len(exp_items))
        tail_l = [("本年收入合计", tot), ("使用非财政拨款结余和专用结余" if cs else "使用非财政拨款结余", 0),
                  ("年初结转和结余", 0)]
        tail_r = [("本年支出合计", tot), ("结余分配", 0), ("年末结转和结余", 0)]
        if cs:
            tail_l.append(None)
            tail_r.append(None)
        tail_l.append(("总计", tot))
        tail_r.append(("总计", tot))
        left = inc_items + [None] * (n - len(inc_items)) + tail_l
        right = exp_items + [None] * (n - len(exp_items)) + tail_r
        body = []
        nl = len(left)
        for k, (l, r) in enumerate(zip(left, right)):
            row = []
            for side, item, lineno in (("income", l, k + 1), ("expenditure", r, nl + k + 1)):
                if item is None:
                    row.append(T(""))
                    if cs:
                        row.append(T(str(lineno), kind="no"))
                    row.append(T("", kind="num"))
                else:
                    row.append(T(item[0]))
                    if cs:
                        row.append(T(str(lineno), kind="no"))
                    row.append(self.num(item[1], ("summary", side, "", item[0], "amount")))
            body.append(row)
        if cs:
            header = [[H("收入", cs=3), H("支出", cs=3)],
                      [H("项目"), H("行次"), H("金额"), H("项目"), H("行次"), H("金额")],
                      [H("栏次"), H(""), H("1"), H("栏次"), H(""), H("2")]]
            cols = [33, 6, 11, 33, 6, 11]
        else:
            header = [[H("收入", cs=2), H("支出", cs=2)], [H("项目"), H("决算数"), H("项目"), H("决算数")]]
            cols = [36, 14, 36, 14]
        return Table("summary", "收入支出决算总表", "收入支出决算总表", "公开01表", header, body, cols,
                     notes=["注：本表反映部门本年度的总收支和年末结转结余情况。"] +
                     (["本套报表金额单位转换时可能存在尾数误差。"] if cs else []))

    def func_table(self, key, cs, cols_spec, filt, total_last=False, zero=None):
        """Generic 科目编码/科目名称 + value columns table body."""
        body = []
        lab_cs = 2
        tot_row = [T("合计", cs=lab_cs)] + [self.num(self.total(m), (key, "", "", "合计", col), zero)
                                             for col, _, m in cols_spec]
        rows = []
        for code, name in self.func_rows(filt):
            rows.append([T(code, kind="code"), T(name)] +
                        [self.num(self.sum_prefix(code, m), (key, "", code, name, col), zero) for col, _, m in cols_spec])
        if total_last:
            body = rows + [tot_row]
        else:
            body = [tot_row] + rows
        return body

    def func_header(self, cs, heads, group=None):
        """Header for 项目(科目代码, 科目名称) + value columns. group=(start, n, label) spans."""
        n = len(heads)
        if cs:
            r1 = [H("项目", cs=2)] + [H(h, rs=2) for h in heads]
            r2 = [H("科目代码"), H("科目名称")]
            r3 = [H("栏次", cs=2)] + [H(str(k + 1)) for k in range(n)]
            return [r1, r2, r3]
        r1 = [H("项目", cs=2)] + [H(h, rs=2) for h in heads]
        r2 = [H("功能分类科目编码"), H("科目名称")]
        return [r1, r2]

    def t_income(self, cs):
        spec = [("total", "本年收入合计", "inc_total"), ("fiscal", "财政拨款收入", "inc_fiscal"),
                ("superior_subsidy", "上级补助收入", "inc_superior_subsidy"), ("business", "事业收入", "inc_business"),
                ("operating", "经营收入", "inc_operating"), ("affiliated_remit", "附属单位上缴收入", "inc_affiliated_remit"),
                ("other", "其他收入", "inc_other")]
        body = self.func_table("income", cs, spec, "inc_total")
        name_w = 15 if "narrow_wrap" in self.opts else 22
        code_w = 10
        cols = [code_w, name_w] + [(100 - code_w - name_w) / 7] * 7
        return Table("income", "收入决算表", "收入决算表", "公开02表", self.func_header(cs, [s[1] for s in spec]),
                     body, cols, notes=["注：本表反映部门本年度取得的各项收入情况。"])

    def t_expenditure(self, cs):
        spec = [("total", "本年支出合计", "exp_total"), ("basic", "基本支出", "exp_basic"),
                ("project", "项目支出", "exp_project"), ("remit_superior", "上缴上级支出", "exp_remit_superior"),
                ("operating", "经营支出", "exp_operating"), ("subsidy_affiliated", "对附属单位补助支出", "exp_subsidy_affiliated")]
        body = self.func_table("expenditure", cs, spec, "exp_total")
        name_w = 16 if "narrow_wrap" in self.opts else 24
        cols = [10, name_w] + [(90 - name_w) / 6] * 6
        return Table("expenditure", "支出决算表", "支出决算表", "公开03表", self.func_header(cs, [s[1] for s in spec]),
                     body, cols, notes=["注：本表反映部门本年度各项支出情况。"])

    def t_fiscal_summary(self, cs):
        classes = self.class_list()
        g, f, c = self.total("fiscal_general"), self.total("fiscal_gov_fund"), self.total("fiscal_state_capital")
        ft = g + f + c
        inc = [("一、一般公共预算财政拨款", g), ("二、政府性基金预算财政拨款", f), ("三、国有资本经营预算财政拨款", c)]
        exp = []
        for k, (code, name) in enumerate(classes):
            exp.append((f"{CN_NUM[k + 1]}、{name}", [self.sum_prefix(code, m) for m in
                        ("inc_fiscal", "fiscal_general", "fiscal_gov_fund", "fiscal_state_capital")]))
        n = max(len(inc), len(exp))
        sub = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款") if cs else \
            ("一、一般公共预算财政拨款", "二、政府性基金预算财政拨款", "三、国有资本经营预算财政拨款")
        left = inc + [None] * (n - len(inc)) + [("本年收入合计", ft), ("年初财政拨款结转和结余", 0)] + \
            [(s, 0) for s in sub] + [("总计", ft)]
        right = exp + [None] * (n - len(exp)) + [("本年支出合计", [ft, g, f, c]), ("年末财政拨款结转和结余", [0, 0, 0, 0]),
                                                  None, None, None, ("总计", [ft, g, f, c])]
        cols_r = ["total", "general", "gov_fund", "state_capital"]
        body = []
        nl = len(left)
        for k, (l, r) in enumerate(zip(left, right)):
            row = []
            if l is None:
                row += [T("")] + ([T(str(k + 1), kind="no")] if cs else []) + [T("", kind="num")]
            else:
                row += [T(l[0])] + ([T(str(k + 1), kind="no")] if cs else []) + \
                    [self.num(l[1], ("fiscal_summary", "income", "", l[0], "amount"))]
            if r is None:
                row += [T("")] + ([T(str(nl + k + 1), kind="no")] if cs else []) + [T("", kind="num") for _ in cols_r]
            else:
                row += [T(r[0])] + ([T(str(nl + k + 1), kind="no")] if cs else []) + \
                    [self.num(v, ("fiscal_summary", "expenditure", "", r[0], col)) for v, col in zip(r[1], cols_r)]
            body.append(row)
        heads = ["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
        if cs:
            header = [[H("收 入", cs=3), H("支 出", cs=6)],
                      [H("项目"), H("行次"), H("金额"), H("项目"), H("行次")] + [H(h) for h in heads],
                      [H("栏次"), H(""), H("1"), H("栏次"), H(""), H("2"), H("3"), H("4"), H("5")]]
            cols = [19, 5, 9, 20, 5, 9, 11, 11, 11]
        else:
            header = [[H("收入", cs=2), H("支出", cs=5)], [H("项目"), H("决算数"), H("项目")] + [H(h) for h in heads]]
            cols = [22, 9, 23, 9, 12, 12, 13]
        return Table("fiscal_summary", "财政拨款收入支出决算总表", "财政拨款收入支出决算总表", "公开04表", header, body,
                     cols, wide=cs, notes=["注：本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的总收支和年末结转结余情况。"])

    def t_general_expenditure(self, cs):
        spec = [("total", "小计" if cs else "合计", "gen_total"), ("basic", "基本支出", "gen_basic"),
                ("project", "项目支出", "gen_project")]
        body = self.func_table("general_expenditure", cs, spec, "gen_total", total_last=not cs)
        if not cs:
            self.variations.add("total_row_last")
        if cs:
            header = [[H("项目", cs=2), H("本年支出", cs=3)],
                      [H("科目代码"), H("科目名称"), H("小计"), H("基本支出"), H("项目支出")],
                      [H("栏次", cs=2), H("1"), H("2"), H("3")]]
        else:
            header = self.func_header(cs, [s[1] for s in spec])
        name_w = 16 if ("narrow_wrap" in self.opts or not cs) else 30
        cols = [12, name_w] + [(88 - name_w) / 3] * 3
        return Table("general_expenditure", "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款支出决算表", "公开05表",
                     header, body, cols, notes=["注：本表反映部门本年度一般公共预算财政拨款支出情况。"])

    def t_general_basic(self, cs):
        e = self.econ
        zero = "zero" if (not cs and self.zero == "blank") else self.zero
        fault = getattr(self, "gb_fault", None)

        def block(groups, sh_filter=None):
            rows = []
            for g in groups:
                name, kids = C.ECON_GROUPS[g]
                if not cs and g in ("307", "399") and e[g] == 0:
                    continue
                rows.append((g, name))
                for code, kname in kids:
                    if not cs and g == "310" and code not in C.ECON_310_SH and e[code] == 0:
                        continue
                    rows.append((code, kname))
            return rows

        def val(code):
            v = e[code]
            if fault and fault[0] == code:
                v += fault[1]
            return v

        blocks = [block(["301", "303"]), block(["302"]), block(["307", "310", "399"])] if cs else \
            [block(["301", "303"]), block(["302", "307", "310", "399"])]
        n = max(len(b) for b in blocks)
        body = []
        for k in range(n):
            row = []
            for b in blocks:
                if k < len(b):
                    code, name = b[k]
                    row += [T(code, kind="code"), T(name), self.num(val(code), ("general_basic", "", code, name, "amount"), zero)]
                else:
                    row += [T(""), T(""), T("", kind="num")]
            body.append(row)
        last = [T("人员经费合计", cs=2), self.num(self.personnel, ("general_basic", "", "", "人员经费合计", "amount"), zero)]
        last += [T("公用经费合计", cs=5 if cs else 2),
                 self.num(self.public, ("general_basic", "", "", "公用经费合计", "amount"), zero)]
        body.append(last)
        if cs:
            header = [[H("人员经费", cs=3), H("公用经费", cs=6)],
                      [H("科目代码"), H("科目名称"), H("决算数")] * 3]
            nw = 14 if "narrow_wrap" in self.opts else 20
            cols = [7, nw, 8, 7, 17, 8, 7, 18, 8]
            cols[1] = nw
            s = sum(cols)
            cols = [c * 100 / s for c in cols]
            title = "一般公共预算财政拨款基本支出决算明细表" if self.year >= 2019 else "一般公共预算财政拨款基本支出决算表"
        else:
            header = [[H("经济分类科目编码"), H("科目名称"), H("决算数"), H("经济分类科目编码"), H("科目名称"), H("决算数")]]
            nw = 16 if "narrow_wrap" in self.opts else 26
            cols = [10, nw, 12, 10, nw, 12]
            s = sum(cols)
            cols = [c * 100 / s for c in cols]
            title = "一般公共预算财政拨款基本支出决算表"
        return Table("general_basic", title, title, "公开06表", header, body, cols, wide=cs,
                     notes=["注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。"])

    def t_fund(self, key, cs):
        pre = "fund" if key == "gov_fund" else "cap"
        has = self.has_fund if key == "gov_fund" else self.has_cap
        notes = []
        if key == "gov_fund":
            title = "政府性基金预算财政拨款收入支出决算表"
            notes.append("注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。")
            no_data = (f"说明：{self.dept}本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。" if not cs else
                       "说明：我单位没有政府性基金收入，也没有使用政府性基金安排的支出，故本表无数据。")
        else:
            title = "国有资本经营预算财政拨款支出决算表" if cs else "国有资本经营预算财政拨款收入支出决算表"
            notes.append("注：本表反映部门本年度国有资本经营预算财政拨款支出情况。" if cs else
                         "注：本表反映部门本年度国有资本经营预算财政拨款收入支出及结转和结余情况。")
            no_data = ("说明：我单位没有使用国有资本经营预算安排的支出，故本表无数据。" if cs else
                       f"说明：{self.dept}本年度没有国有资本经营预算财政拨款收入和支出，故本表无数据。")
        three_col = cs and key == "state_capital"
        if three_col:
            spec = [("total", "合计", f"{pre}_total"), ("basic", "基本支出", f"{pre}_basic"), ("project", "项目支出", f"{pre}_project")]
            header = [[H("项目", cs=2), H("本年支出", cs=3)],
                      [H("科目代码"), H("科目名称"), H("合计"), H("基本支出"), H("项目支出")],
                      [H("栏次", cs=2), H("1"), H("2"), H("3")]]
            cols = [14, 32, 18, 18, 18]
        else:
            spec = [("opening_balance", "年初结转和结余", f"{pre}_zero"), ("income", "本年收入", f"{pre}_income"),
                    ("total", "小计" if cs else "合计", f"{pre}_total"), ("basic", "基本支出", f"{pre}_basic"),
                    ("project", "项目支出", f"{pre}_project"), ("closing_balance", "年末结转和结余", f"{pre}_zero")]
            r1 = [H("项目", cs=2), H("年初结转和结余", rs=2), H("本年收入", rs=2), H("本年支出", cs=3), H("年末结转和结余", rs=2)]
            r2 = [H("科目代码" if cs else "功能分类科目编码"), H("科目名称"), H(spec[2][1]), H("基本支出"), H("项目支出")]
            header = [r1, r2] + ([[H("栏次", cs=2)] + [H(str(k)) for k in range(1, 7)]] if cs else [])
            cols = [10, 20] + [70 / 6] * 6
        if has:
            body = self.func_table(key, cs, spec, f"{pre}_total")
        else:
            self.variations.add("empty_tables_with_note")
            if cs:
                body = [[T("合计", cs=2)] + [self.num(0, (key, "", "", "合计", col)) for col, _, _ in spec]]
            else:
                body = [[T("合计", cs=2)] + [T("", kind="num") for _ in spec]]
            notes.append(no_data)
        return Table(key, title, title, "公开07表" if key == "gov_fund" else "公开08表", header, body, cols, notes=notes)

    def t_three_public(self, cs):
        b, a = self.tp_budget, self.tp_actual
        def vals(d):
            veh = d["purchase"] + d["operation"]
            return [("total", d["abroad"] + veh + d["reception"]), ("abroad", d["abroad"]), ("vehicle", veh),
                    ("vehicle_purchase", d["purchase"]), ("vehicle_operation", d["operation"]), ("reception", d["reception"])]
        notes = ["注：本表反映部门本年度财政拨款“三公”经费支出预决算情况。其中，预算数为“三公”经费全年预算数，反映按规定程序调整后的预算数；决算数是包括当年财政拨款和以前年度结转资金安排的实际支出。"]
        key = "three_public"
        name = "三公经费"
        if cs:
            header = [[H("预算数", cs=6), H("决算数", cs=6)],
                      [H("合计", rs=2), H("因公出国(境)费", rs=2), H("公务用车购置及运行维护费", cs=3), H("公务接待费", rs=2)] * 2,
                      [H("小计"), H("公务用车购置费"), H("公务用车运行维护费")] * 2,
                      [H(str(k)) for k in range(1, 13)]]
            row = [self.num(v, (key, "", "", name, "budget_" + col)) for col, v in vals(b)] + \
                  [self.num(v, (key, "", "", name, "actual_" + col)) for col, v in vals(a)]
            body = [row]
        else:
            header = [[H("财政拨款“三公”经费", cs=12)],
                      [H("合计", rs=2, cs=2), H("因公出国（境）费", rs=2, cs=2), H("公务用车购置及运行维护费", cs=6),
                       H("公务接待费", rs=2, cs=2)],
                      [H("小计", cs=2), H("公务用车购置费", cs=2), H("公务用车运行维护费", cs=2)],
                      [H("预算数"), H("决算数")] * 6]
            row = []
            for (col, vb), (_, va) in zip(vals(b), vals(a)):
                row += [self.num(vb, (key, "", "", name, "budget_" + col)), self.num(va, (key, "", "", name, "actual_" + col))]
            body = [row]
            if self.tp_empty:
                body = [[T("", kind="num") for _ in range(12)]]
                notes = ["注：本表反映部门本年度“三公”经费支出预决算情况。",
                         f"说明：{self.dept}本年度没有财政拨款“三公”经费支出，故本表无数据。"]
                self.variations.add("empty_tables_with_note")
        return Table(key, "财政拨款“三公”经费支出决算表", "财政拨款“三公”经费支出决算表", "公开09表", header, body,
                     [100 / 12] * 12, wide=cs, notes=notes)

    # -- narrative ------------------------------------------------------------
    def slot(self, key, default, section, measure, note=""):
        self.slots.setdefault(key, (default, section, measure, note))
        return self.overrides.get(key, default)

    def narrative(self) -> list:
        cs = self.layout == "changsha"
        S = self.slot
        Y = self.year
        D = self.dept
        out = []
        tot = self.total("exp_total")
        basic = self.total("exp_basic")
        proj = self.total("exp_project")
        fis = self.total("inc_fiscal")
        gen = self.total("gen_total")
        reason_up, reason_down = self.rng_text
        def change(cur, prev, key, sec):
            d = cur - prev
            word = "增加" if d >= 0 else "减少"
            word2 = "增长" if d >= 0 else "下降"
            reason = reason_up if d >= 0 else reason_down
            return (f"{word}{S(key + '_chg', fmt(abs(d)), sec, 'change_amount')}万元，{word2}"
                    f"{S(key + '_pct', pct(abs(d), prev) + '%', sec, 'growth_pct')}。主要原因是"
                    f"{S(key + '_reason', reason, sec, 'text')}。")
        h = lambda s: out.append(("h2", s))
        p = lambda s: out.append(("p", s))
        sec1 = "一、收入支出决算总体情况说明"
        h(sec1)
        yr = S("year_s1", str(Y), sec1, "year")
        if cs:
            p(f"{yr}年度收、支总计{S('amt_total', fmt(tot), sec1, 'amount')}万元。与上年相比，" + change(tot, self.prev_total, "total", sec1))
        else:
            p(f"{D}{yr}年度收入支出总计{S('amt_total', fmt(tot), sec1, 'amount')}万元。与{Y - 1}年度相比，收入支出总计" + change(tot, self.prev_total, "total", sec1))
        sec2 = "二、收入决算情况说明"
        h(sec2)
        parts = [("财政拨款收入", self.total("inc_fiscal"), "fiscal"), ("上级补助收入", self.total("inc_superior_subsidy"), "sup"),
                 ("事业收入", self.total("inc_business"), "bus"), ("经营收入", 0, "operating"),
                 ("附属单位上缴收入", 0, "aff"), ("其他收入", self.total("inc_other"), "oth")]
        segs = []
        for label, v, k in parts:
            if not cs and v == 0 and k != "fiscal" and not (k == "operating" and "text.unit" in self.fault_names):
                continue
            amt = fmt(v) + "万元"
            if k == "operating":
                amt = S("unit_operating", amt, sec2, "unit")
            segs.append(f"{label}{amt}，占{S('share_inc_' + k, pct(v, tot) + '%', sec2, 'share_pct')}")
        p(f"{Y}年度收入合计{fmt(tot)}万元，其中：" + "；".join(segs) + "。" if cs else
          f"本年收入合计{fmt(tot)}万元，其中：" + "；".join(segs) + "。")
        sec3 = "三、支出决算情况说明"
        h(sec3)
        p(f"{Y if cs else '本'}年{'度' if cs else ''}支出合计{fmt(tot)}万元，其中：基本支出"
          f"{S('amt_basic', fmt(basic), sec3, 'amount', 'expenditure 合计 basic')}万元，占"
          f"{S('share_basic', pct(basic, tot) + '%', sec3, 'share_pct')}；项目支出"
          f"{S('amt_project', fmt(proj), sec3, 'amount', 'expenditure 合计 project')}万元，占"
          f"{S('share_project', pct(proj, tot) + '%', sec3, 'share_pct')}" +
          ("；上缴上级支出0.00万元，占0.00%；经营支出0.00万元，占0.00%；对附属单位补助支出0.00万元，占0.00%。" if cs else "。"))
        sec4 = "四、财政拨款收入支出决算总体情况说明"
        h(sec4)
        p(f"{Y}年度财政拨款收、支总计{S('amt_fiscal', fmt(fis), sec4, 'amount', 'fiscal_summary 本年收入合计')}万元，与上年度相比，"
          + change(fis, self.prev_fiscal, "fiscal", sec4))
        sec5 = "五、一般公共预算财政拨款支出决算情况说明"
        h(sec5)
        out.append(("h3", "（一）一般公共预算财政拨款支出决算总体情况"))
        p(f"{Y}年度一般公共预算财政拨款支出{S('amt_general', fmt(gen), sec5, 'amount', 'general_expenditure 合计')}万元，占本年支出合计的"
          f"{S('share_general', pct(gen, tot) + '%', sec5, 'share_pct')}。与上年相比，一般公共预算财政拨款支出" + change(gen, self.prev_general, "general", sec5))
        out.append(("h3", "（二）一般公共预算财政拨款支出决算结构情况"))
        segs = []
        for code, name in self.func_rows("gen_total"):
            if len(code) == 3:
                v = self.sum_prefix(code, "gen_total")
                segs.append(f"{name}（类）{fmt(v)}万元，占{S('share_cls_' + code, pct(v, gen) + '%', sec5, 'share_pct')}")
        p(f"{Y}年度一般公共预算财政拨款支出{fmt(gen)}万元，主要用于以下方面：" + "；".join(segs) + "。")
        out.append(("h3", "（三）一般公共预算财政拨款支出决算具体情况"))
        btot = sum(self.budget.values())
        p(f"{Y}年度一般公共预算财政拨款支出年初预算为{fmt(btot)}万元，支出决算为{fmt(gen)}万元，完成年初预算的"
          f"{S('completion_general', pct(gen, btot) + '%', sec5, 'completion_pct')}。其中：")
        k = 0
        for code, bud in self.budget.items():
            k += 1
            it = self.items[code]
            v = it["gb"] + it["gp"]
            cls = C.class_name(code[:3], Y)
            desc = f"{cls}（类）{C.FUNC[code[:5]]}（款）{C.FUNC[code]}（项）"
            if v == bud:
                cmp_ = "决算数与年初预算数持平。"
            else:
                word = S("cmp_" + code, "小于" if v < bud else "大于", sec5, "comparison")
                cmp_ = f"决算数{word}年初预算数的主要原因是：" + ("厉行节约，压减支出。" if v < bud else "年中追加预算。")
            p(f"{k}、{desc}（即{code}）。年初预算为{fmt(bud)}万元，支出决算为{fmt(v)}万元，完成年初预算的"
              f"{S('completion_' + code, pct(v, bud) + '%', sec5, 'completion_pct')}，{cmp_}")
        sec6 = "六、一般公共预算财政拨款基本支出决算情况说明"
        h(sec6)
        bg = self.basic_general
        p(f"{Y}年度一般公共预算财政拨款基本支出{fmt(bg)}万元，其中：人员经费"
          f"{S('amt_personnel', fmt(self.personnel), sec6, 'amount', 'general_basic 人员经费合计')}万元，占基本支出的"
          f"{S('share_personnel', pct(self.personnel, bg) + '%', sec6, 'share_pct')}，主要包括基本工资、津贴补贴、奖金、"
          f"机关事业单位基本养老保险缴费、职业年金缴费、住房公积金等；公用经费{fmt(self.public)}万元，占基本支出的"
          f"{S('share_public', pct(self.public, bg) + '%', sec6, 'share_pct')}，主要包括办公费、印刷费、邮电费、差旅费、"
          f"维修（护）费、工会经费、福利费、其他交通费用等。")
        sec7 = "七、财政拨款“三公”经费支出决算情况说明"
        h(sec7)
        b, a = self.tp_budget, self.tp_actual
        bt, at = sum(b.values()), sum(a.values())
        if self.tp_empty and not cs:
            p(f"{D}{Y}年度无“三公”经费财政拨款支出。")
        else:
            txt = (f"“三公”经费财政拨款支出预算为{fmt(bt)}万元，支出决算为"
                   f"{S('amt_tp_actual', fmt(at), sec7, 'amount', 'three_public actual_total')}万元，完成预算的"
                   f"{S('completion_tp', pct(at, bt) + '%', sec7, 'completion_pct')}")
            if self.tp_prev:
                d = at - self.tp_prev
                txt += (f"，与上年相比{'增加' if d >= 0 else '减少'}{fmt(abs(d))}万元，{'增长' if d >= 0 else '下降'}"
                        f"{S('tp_pct', pct(abs(d), self.tp_prev) + '%', sec7, 'growth_pct')}")
            p(txt + "。其中：")
            for label, k in (("因公出国（境）费", "abroad"), ("公务用车购置费", "purchase"),
                             ("公务用车运行维护费", "operation"), ("公务接待费", "reception")):
                s = f"{label}支出预算为{fmt(b[k])}万元，支出决算为{fmt(a[k])}万元"
                if b[k]:
                    s += f"，完成预算的{S('completion_tp_' + k, pct(a[k], b[k]) + '%', sec7, 'completion_pct')}"
                p(s + "。")
            if cs:
                p(f"截止{Y}年12月31日，我单位开支财政拨款的公务用车保有量为{self.cars}辆。")
        sec8 = "八、政府性基金预算财政拨款收入支出决算情况说明"
        h(sec8)
        f = self.total("fund_total")
        if f or cs:
            p(f"{Y}年度政府性基金预算财政拨款收入{fmt(f)}万元；年初结转和结余0.00万元；支出{fmt(f)}万元，其中基本支出0.00万元，"
              f"项目支出{fmt(f)}万元；年末结转和结余0.00万元。")
        elif "fund_text_without_table" in self.fault_names:
            # the fund's table is printed empty, yet the text states its spending
            p(f"{Y}年度政府性基金预算财政拨款支出{self.fund_text_amount()}万元。")
        else:
            p(f"{D}{Y}年度无政府性基金预算财政拨款收入和支出。")
        sec9 = "九、国有资本经营预算财政拨款收入支出决算情况说明"
        h(sec9)
        c = self.total("cap_total")
        if c or cs:
            p(f"{Y}年度国有资本经营预算财政拨款本年收入{fmt(c)}万元，年初结转和结余0.00万元；支出{fmt(c)}万元，年末结转和结余0.00万元。")
        else:
            p(f"{D}{Y}年度无国有资本经营预算财政拨款收入和支出。")
        run = self.public if self.admin else 0
        d = run - (self.prev_public if self.admin else 0)
        run_txt = (f"本部门{Y}年度机关运行经费支出{fmt(run)}万元，比上年决算数{'增加' if d >= 0 else '减少'}{fmt(abs(d))}万元。"
                   if self.admin else f"本部门{Y}年度机关运行经费支出0.00万元。主要原因是：本单位为事业单位，无机关运行经费支出。")
        proc_g = self.procure * self.rng_proc // 100
        proc_txt = (f"本部门{Y}年度政府采购支出总额{fmt(self.procure)}万元。其中：政府采购货物支出{fmt(proc_g)}万元、"
                    f"政府采购工程支出0.00万元、政府采购服务支出{fmt(self.procure - proc_g)}万元。")
        if cs:
            h("十、关于机关运行经费支出说明")
            p(run_txt)
            h("十一、一般性支出情况说明")
            p(f"{Y}年本部门开支会议费{fmt(self.econ['30215'])}万元；开支培训费{fmt(self.econ['30216'])}万元。")
            h("十二、关于政府采购支出说明")
            p(proc_txt)
            h("十三、关于国有资产占用情况说明")
            p(f"截至{S('asof_year', str(Y), '十三、关于国有资产占用情况说明', 'year')}年12月31日，部门（单位）共有车辆{self.cars}辆。")
            h(f"十四、关于{Y}年度预算绩效情况的说明")
            p(f"按要求完成{Y}年度整体支出绩效自评和项目绩效自评，自评结果为“优”。")
        else:
            h("十、预算绩效管理情况")
            p(f"{D}{Y}年度预算绩效管理工作开展情况如下：编报绩效目标的{Y}年度项目{len(self.proj_items)}个，"
              f"涉及预算金额{fmt(self.total('gen_project'))}万元。")
            h("十一、其他重要事项的情况说明")
            out.append(("h3", "（一）机关运行经费支出情况"))
            p(run_txt)
            out.append(("h3", "（二）政府采购支出情况"))
            p(proc_txt)
            out.append(("h3", "（三）国有资产占有使用情况说明"))
            p(f"截至{S('asof_year', str(Y), '十一、其他重要事项的情况说明（三）国有资产占有使用情况说明', 'year')}年12月31日，{D}共有车辆{self.cars}辆。")
        return out

    # -- document -------------------------------------------------------------
    def build(self):
        rng = self.rng
        cs = self.layout == "changsha"
        self.rng_text = (rng.choice(C.REASONS_UP), rng.choice(C.REASONS_DOWN))
        self.rng_proc = rng.randint(5, 60)
        order = (["summary", "income", "expenditure", "fiscal_summary", "general_expenditure", "general_basic",
                  "gov_fund", "state_capital", "three_public"] if cs else
                 ["summary", "income", "expenditure", "fiscal_summary", "general_expenditure", "general_basic",
                  "three_public", "gov_fund", "state_capital"])
        self.order = order
        # faults that change numbers / structure
        self.missing = None
        if "sum.children" in self.fault_names:
            cands = [c for c in ("30201", "30207", "30211", "30226", "30229", "30239", "30299") if self.econ[c] > 0]
            code = rng.choice(cands)
            delta = rng.choice([1, -1]) * rng.randint(1, min(self.econ[code], 2000))
            if delta == -self.econ[code]:
                delta = -1 if self.econ[code] > 1 else 1
            self.gb_fault = (code, delta)
        if "table.missing" in self.fault_names:
            self.missing = rng.choice(["general_basic", "gov_fund", "state_capital", "three_public", "fiscal_summary"])
        tables = self.build_tables()
        # split / landscape / header repetition
        if "split_repeat_header" in self.opts or "split_no_header" in self.opts:
            cands = [k for k in ("summary", "fiscal_summary", "general_basic", "income", "expenditure")
                     if len(tables[k].body) >= 8 and k != self.missing]
            k = rng.choice(cands)
            tb = tables[k]
            tb.split = len(tb.body) * rng.randint(45, 70) // 100
            tb.repeat_header = "split_repeat_header" in self.opts
            self.split_table = k
        if "landscape" not in self.opts:
            for tb in tables.values():
                tb.wide = False
        elif not cs:
            for k in ("fiscal_summary", "three_public"):
                tables[k].wide = True
        # numbering and captions
        for k2, key in enumerate(order):
            tb = tables[key]
            tb.heading = f"{CN_NUM[k2 + 1]}、{tb.title}"
            if cs:
                tb.number = f"公开{k2 + 1:02d}表"
                tb.meta_left = f"单位：{self.dept}"
                tb.meta_center = f"{self.year}年度"
            else:
                tb.number = ""
        if not cs:
            tables["summary"].top_line = f"{self.dept}{self.year}年度{self.kind_word}决算表"
        self.tables = tables
        # narrative (two passes so that faults can override slots)
        self.slots = {}
        self.overrides = {}
        self.narrative()
        self.apply_text_faults()
        nar = self.narrative()
        blocks = self.compose(nar)
        self.blocks = blocks

    def apply_text_faults(self):
        rng = self.rng
        sl = self.slots
        for f in self.fault_names:
            sev = FAULTS.get(f) or PLAN_FAULTS[f]
            if f == "sum.children":
                if self.missing == "general_basic":
                    # the table the children were changed in is not printed: no fault to find
                    continue
                code, delta = self.gb_fault
                parent = code[:3]
                kids = C.ECON_GROUPS[parent][1]
                printed_sum = sum(self.econ[c] for c, _ in kids) + delta
                self.checks.append(["general_basic", f"{parent} {C.ECON_GROUPS[parent][0]}", "amount", fmt(printed_sum),
                                    fmt(self.econ[parent]),
                                    f"sum.children ({sev}): the {parent}xx children sum to {fmt(printed_sum)} (child {code} "
                                    f"printed as {fmt(self.econ[code] + delta)}) but the {parent} row says {fmt(self.econ[parent])}."])
            elif f == "table.missing":
                key = self.missing
                k = self.order.index(key)
                self.checks.append([key, "", "", "printed", "missing",
                                    f"table.missing ({sev}): 目录 lists {CN_NUM[k + 1]}、{self.tables[key].title} but the table is not printed."])
            elif f in ("narrative.percent", "text.double_percent"):
                cands = sorted(k for k, v in sl.items() if v[2] in ("share_pct", "completion_pct", "growth_pct")
                               and v[0] not in ("0.00%", "100.00%") and k not in self.overrides)
                key = rng.choice(cands)
                default, sec, measure, _ = sl[key]
                if f == "text.double_percent":
                    found = default + "%"
                    self.overrides[key] = found
                    self.checks.append(["narrative", sec, "text", default, found,
                                        f"text.double_percent ({sev}): “{found}” has a doubled percent sign."])
                else:
                    v = Decimal(default[:-1])
                    delta = Decimal(rng.randint(50, 999)) / 100 * rng.choice([1, -1])
                    if v + delta < 0:
                        delta = -delta
                    found = f"{v + delta:.2f}%"
                    self.overrides[key] = found
                    self.checks.append(["narrative", sec, measure, default, found,
                                        f"narrative.percent ({sev}): the text states {found} but the tables give {default}."])
            elif f == "narrative.table_mismatch":
                cands = sorted(k for k, v in sl.items() if v[2] == "amount" and v[3] and v[0] != "0.00" and k not in self.overrides)
                key = rng.choice(cands)
                default, sec, measure, note = sl[key]
                c = int(Decimal(default) * 100)
                delta = rng.randint(1, max(2, c // 10))
                found = fmt(c + delta * rng.choice([1, -1]) if c > delta else c + delta)
                self.overrides[key] = found
                self.checks.append(["narrative", sec, "amount", default, found,
                                    f"narrative.table_mismatch ({sev}): the text states {found}万元 but {note} is {default}."])
            elif f == "text.unit":
                key = "unit_operating"
                default, sec, _, _ = sl[key]
                found = default.replace("万元", "元")
                self.overrides[key] = found
                self.checks.append(["narrative", sec, "unit", "万元", "元",
                                    f"text.unit ({sev}): “经营收入{found}” uses 元; the report is in 万元."])
            elif f == "text.year":
                key = "year_s1"
                default, sec, _, _ = sl[key]
                found = str(int(default) - 1)
                self.overrides[key] = found
                self.checks.append(["narrative", sec, "year", default, found,
                                    f"text.year ({sev}): the text says {found}年度 in a report on fiscal year {default}."])
            elif f == "narrative.comparison":
                # the first item whose actual differs from its budget says the opposite
                key = next((k for k in sorted(sl) if k.startswith("cmp_")), None)
                if key is None:
                    continue
                default, sec, measure, _ = sl[key]
                found = "大于" if default == "小于" else "小于"
                self.overrides[key] = found
                self.checks.append(["narrative", sec, "budget_vs_actual", default, found,
                                    f"narrative.comparison ({sev}): the text says 决算数{found}年初预算数, "
                                    f"but the amounts stated before it say {default}."])
            elif f == "fund_text_without_table":
                if self.total("fund_total") or self.layout == "changsha":
                    continue
                stated = self.fund_text_amount()
                self.checks.append(["narrative", "八、政府性基金预算财政拨款收入支出决算情况说明", "amount",
                                    "blank (gov_fund printed empty)", stated,
                                    f"narrative.table_mismatch ({sev}): the text states 政府性基金预算财政拨款支出"
                                    f"{stated}万元 but the gov_fund table is printed empty."])
            elif f == "other_body_heading":
                self.checks.append(["narrative", "", "name", self.dept, self.other_body(),
                                    f"text.other_body ({sev}): 第一部分 names {self.other_body()}, "
                                    f"the report is of {self.dept}."])
            elif f == "as_of_year":
                default, sec, _, _ = sl["asof_year"]
                found = str(int(default) - 1)
                self.overrides["asof_year"] = found
                self.checks.append(["narrative", sec, "year", default, found,
                                    f"text.year ({sev}): 截至{found}年12月31日 in a report on fiscal year {default}."])
            elif f == "text.placeholder":
                key = "total_reason"
                default, sec, _, _ = sl[key]
                self.overrides[key] = "XX"
                # a checker can tell that a value is missing, not which one was meant
                self.checks.append(["narrative", sec, "text", f"a value ({default})", "XX",
                                    f"text.placeholder ({sev}): the reason is the template placeholder “XX”."])

    def other_body(self) -> str:
        """Another body of the report's region, for the `other_body_heading` fault."""
        return self.region + ("民政局" if "财政" in self.dept else "财政局")

    def fund_text_amount(self) -> str:
        """The 政府性基金 spending the `fund_text_without_table` fault states: 1 % of the total."""
        return fmt(self.total("exp_total") // 100)

    def compose(self, nar) -> list:
        cs = self.layout == "changsha"
        Y, D, kw = self.year, self.dept, self.kind_word
        blocks = []
        if cs:
            blocks.append(("cover", [f"{Y}年度", f"{D}{kw}决算"]))
        else:
            blocks.append(("cover", [D, f"{Y}年度{kw}决算"]))
        toc = []
        p1 = f"第一部分 {D}{'部门（单位）' if cs else ''}概况"
        toc.append(("tp", p1))
        toc += [("ti", "一、部门职责" if cs else "一、主要职能"), ("ti", "二、机构设置及决算单位构成" if cs else "二、部门决算单位构成")]
        toc.append(("tp", "第二部分 部门决算表" if cs else f"第二部分 {D}{Y}年度{kw}决算表"))
        toc += [("ti", self.tables[k].heading) for k in self.order]
        toc.append(("tp", "第三部分 部门决算情况说明" if cs else f"第三部分 {D}{Y}年度{kw}决算情况说明"))
        toc += [("ti", s) for kind, s in nar if kind == "h2"]
        toc.append(("tp", "第四部分 名词解释"))
        if cs:
            toc.append(("tp", "第五部分 附件"))
        blocks.append(("toc", toc))
        part1 = self.other_body() if "other_body_heading" in self.fault_names else D
        blocks.append(("part", "第一部分", f"{part1}{'部门（单位）' if cs else ''}概况"))
        blocks.append(("h2", "一、部门职责" if cs else "一、主要职能"))
        blocks.append(("p", f"{D}的主要职责是："))
        for k, dut in enumerate(self.rng.sample(C.DUTIES, 4)):
            blocks.append(("p", f"（{CN_NUM[k + 1]}）{dut}"))
        blocks.append(("h2", "二、机构设置及决算单位构成" if cs else "二、部门决算单位构成"))
        blocks.append(("p", f"纳入{D}{Y}年度{kw}决算编制范围的单位包括：{D}（本级）。"))
        blocks.append(("part", "第二部分", "部门决算表" if cs else f"{D}{Y}年度{kw}决算表"))
        for k in self.order:
            if k == self.missing:
                continue
            blocks.append(("table", self.tables[k]))
        blocks.append(("part", "第三部分", f"{Y}年度{kw}决算情况说明" if cs else f"{D}{Y}年度{kw}决算情况说明"))
        blocks += nar
        blocks.append(("part", "第四部分", "名词解释"))
        blocks.append(("p", "一、财政拨款收入：指单位本年度从本级财政部门取得的财政拨款，包括一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款。"))
        blocks.append(("p", "二、基本支出：指为保障单位正常运转、完成日常工作任务而发生的支出，包括人员经费和公用经费。"))
        blocks.append(("p", "三、项目支出：指单位为完成特定行政任务或事业发展目标所发生的支出。"))
        blocks.append(("p", "四、“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。"))
        if cs:
            blocks.append(("part", "第五部分", "附件"))
        return blocks

    # -- ground truth -----------------------------------------------------------
    def facts(self) -> list[tuple]:
        out = []
        for k in self.order:
            if k == self.missing:
                continue
            out += list(self.tables[k].facts())
        return out

    def meta(self) -> dict:
        return {
            "id": self.id, "seed": self.seed, "index": self.index,
            "department": self.dept, "year": self.year, "kind": "final", "scope": self.scope, "unit": self.unit,
            "layout": self.layout,
            "variations": [v for v in VARIATIONS if v in self.variations],
            "faults": [c[5].split(" ")[0] for c in self.checks],
            "split_table": getattr(self, "split_table", None),
            "missing_table": self.missing,
            "table_units": {k: self.unit for k in self.order if k != self.missing},
            "xlsx": dict(self.xlsx),
        }
