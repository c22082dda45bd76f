"""Random but internally consistent 部门预算 / 单位预算 reports in the 上海 layout.

Modelled on the 上海市普陀区 budgets (2025 部门预算 and 单位预算 of the 区政府办公室, 2026 部门预算
of the 司法局): cover, 目录, 主要职能, 机构设置, 名词解释, 编制说明 (the narrative with the
amounts in 万元), nine tables, 其他相关情况说明 (三公, 机关运行经费, 政府采购, 绩效, 资产).

Money is held as integers in hundredths of the table unit: 元 reports hold 0.01 元 (cents) and
print every table in 元 except the 三公 table, which is in 万元 (as in the real budgets); 万元
reports hold 0.01 万元 everywhere.  The 三公 amounts are always 0.01 万元.  The narrative
states amounts in 万元, rounded half up from the tables.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from . import catalog as C
from .model import (CN_NUM, COVERAGE_PLAN, FAULTS, PLAN_FAULTS, Cell, H, T, Table, alloc, fmt, pct, report_rng,
                    strip_enum, xlsx_options)

BUDGET_ORDER = ["summary", "income", "expenditure", "fiscal_summary", "general_expenditure",
                "gov_fund", "state_capital", "general_basic", "three_public"]

BASE302 = {"30201": 8, "30202": 1, "30203": 0.5, "30204": 0.1, "30205": 1, "30206": 3, "30207": 2,
           "30209": 6, "30211": 4, "30213": 3, "30214": 1, "30215": 1, "30216": 1.5, "30217": 0.5,
           "30218": 0.5, "30226": 3, "30227": 3, "30229": 3, "30231": 2, "30239": 5, "30299": 5}

PURPOSE_BY_NAME = {
    "行政运行": "行政单位的基本支出",
    "事业运行": "事业单位的基本支出",
    "一般行政管理事务": "行政单位未单独设置项级科目的其他项目支出",
    "行政单位离退休": "实行归口管理的行政单位开支的离退休经费",
    "事业单位离退休": "实行归口管理的事业单位开支的离退休经费",
    "机关事业单位基本养老保险缴费支出": "机关事业单位实施养老保险制度由单位缴纳的基本养老保险费支出",
    "机关事业单位职业年金缴费支出": "机关事业单位实施养老保险制度由单位实际缴纳的职业年金支出",
    "其他行政事业单位养老支出": "其他养老支出",
    "行政单位医疗": "财政部门集中安排的行政单位基本医疗保险费缴费经费",
    "事业单位医疗": "财政部门集中安排的事业单位基本医疗保险费缴费经费",
    "公务员医疗补助": "公务员医疗补助缴费经费",
    "住房公积金": "行政事业单位按规定比例为职工缴纳的住房公积金",
    "购房补贴": "按房改政策规定向符合条件职工发放的购房补贴",
}
REASONS_UP = ["业务量增加", "人员增加及工资调整", "新增重点项目"]
REASONS_DOWN = ["项目调整", "部分项目上年已完成", "严格落实过紧日子要求，压减一般性支出"]
TERMS = [
    "（一）财政拨款收入：是区级预算主管部门及所属预算单位本年度从本级财政部门取得的财政拨款，包括一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款。",
    "（二）事业收入：指事业单位开展专业业务活动及其辅助活动取得的收入。",
    "（三）事业单位经营收入：指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。",
    "（四）其他收入：指除上述“财政拨款收入”、“事业收入”、“事业单位经营收入”等以外的收入。",
    "（五）基本支出预算：是区级预算主管部门及所属预算单位为保障其机构正常运转、完成日常工作任务而编制的年度基本支出计划，包括人员经费和公用经费两部分。",
    "（六）项目支出预算：是区级预算主管部门及所属预算单位为完成行政工作任务、事业发展目标或政府发展战略、特定目标，在基本支出之外编制的年度支出计划。",
    "（七）“三公”经费：是与区级财政有经费领拨关系的部门及其下属预算单位使用区级财政拨款安排的因公出国（境）费、公务用车购置及运行费、公务接待费。",
    "（八）机关运行经费：指行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的基本支出中的日常公用经费支出。",
]


def wan_text(w: int, sep: bool) -> str:
    """0.01 万元 → the narrative's number: trailing zeros dropped (4614, 57.8, 9,101.68)."""
    s = fmt(w, sep)
    if s.endswith(".00"):
        return s[:-3]
    if s.endswith("0"):
        return s[:-1]
    return s


class BudgetReport:
    kind = "budget"
    layout = "shanghai"

    def __init__(self, seed: int, index: int):
        self.seed = seed
        self.index = index
        self.id = f"gen-{seed}-{index:04d}"
        rng = self.rng = report_rng(seed, index)
        plan = COVERAGE_PLAN[index] if index < len(COVERAGE_PLAN) else None
        if plan and plan.get("kind") != "budget":
            raise ValueError(f"report {index} is not planned as a budget")
        self.plan = plan
        if plan:
            o = plan
            forced = set(plan["vars"])
        else:
            o = dict(
                scope="unit" if rng.random() < 0.4 else "department",
                units="yuan" if rng.random() < 0.7 else "wan",
                codes="split" if rng.random() < 0.7 else "combined",
                labels=rng.choice(["2025", "2026"]),
                items=rng.choice(["plain", "rates"]),
                fund=rng.choices(["note", "none_row", "data"], [5, 3, 2])[0],
                style=rng.choices(["ruled", "borderless", "three_line"], [6, 2, 2])[0],
                zero=rng.choices(["blank", "zero", "dash"], [5, 4, 1])[0],
            )
            forced = set()
            r = rng.random()
            if r < 0.45:
                forced.add("thousands_sep")
            elif r < 0.7:
                forced.add("thousands_sep_mixed")
            r = rng.random()
            if r < 0.3:
                forced.add("split_repeat_header")
            elif r < 0.5:
                forced.add("split_no_header")
            if rng.random() < 0.8:  # the real budgets print every table on a landscape page
                forced.add("landscape")
            if rng.random() < 0.3:
                forced.add("narrow_wrap")
            if rng.random() < 0.15:
                forced.add("docx_nested_title_table")
        self.scope = o["scope"]
        self.units = o["units"]
        self.codes = o["codes"]
        self.labels = o["labels"]
        self.items_style = o["items"]
        self.fund_mode = o["fund"]
        self.style = o["style"]
        self.zero = o["zero"]
        self.opts = forced
        self.variations = set(forced)
        self.variations |= {"style_" + self.style, "cells_" + self.zero, "codes_" + self.codes,
                            "units_" + self.units, "labels_" + self.labels,
                            "items_" + ("with_rates" if self.items_style == "rates" else "plain"),
                            "total_row_last"}
        if self.zero == "zero":
            self.variations.add("cells_zero_int")  # the 三公 table prints 0, not 0.00 (2026 budget)
        if self.fund_mode == "note":
            self.variations.add("empty_tables_with_note")
        elif self.fund_mode == "none_row":
            self.variations.add("empty_tables_none_row")
        else:
            self.variations.add("fund_tables_with_data")
        self.yuan = self.units == "yuan"
        self.unit = "元" if self.yuan else "万元"
        self.kind_word = "单位" if self.scope == "unit" else "部门"
        self.enum_sep = rng.choice([". ", "、"])
        self.nsep = self.items_style == "plain"  # 2025 narrative: 9,101.68万元; 2026: 9628.22万元
        if plan:
            self.fault_names = list(plan["faults"])
        else:
            self.fault_names = []
            if rng.random() < 0.3:
                k = 1 if rng.random() < 0.7 else 2
                self.fault_names = rng.sample(sorted(FAULTS), k)
        self.gen_identity()
        self.gen_numbers()
        self.checks: list[list[str]] = []
        self.build()
        self.xlsx = xlsx_options(seed, index)
        self.doc_title = f"{self.dept}{self.year}年{self.kind_word}预算"

    # -- identity -----------------------------------------------------------
    def gen_identity(self):
        rng = self.rng
        self.year = rng.randint(2019, 2026)
        prefix = rng.choice(C.SHANGHAI_PREFIXES)
        self.region = prefix
        classes = {c for c, _ in C.classes_for_year(self.year)}
        if rng.random() < 0.1:
            suffix, admin, proj = rng.choice(C.PARTY_KINDS)
            self.dept = f"中共{prefix}委{suffix}"
        else:
            suffix, admin, proj = rng.choice(C.DEPT_KINDS)
            while any(code[:3] not in classes for code in proj):
                suffix, admin, proj = rng.choice(C.DEPT_KINDS)
            self.dept = prefix + C.SHANGHAI_SUFFIX_FIX.get(suffix, suffix)
        self.admin = admin
        self.proj_items = list(proj)

    # -- numbers ------------------------------------------------------------
    def to_wan(self, c: int) -> int:
        """Table hundredths → 0.01 万元 (rounded half up from 元)."""
        if not self.yuan:
            return c
        return int((Decimal(c) / 10000).quantize(Decimal(1), ROUND_HALF_UP))

    def gen_numbers(self):
        rng = self.rng
        yuan = self.yuan
        W = 1_000_000 if yuan else 100  # hundredths of the table unit per 万元

        def q(grain):
            return grain if yuan else 1

        def amount(wan: float, grain: int) -> int:
            g = q(grain)
            return max(g, int(wan * W) // g * g)

        def part(v: int, rate: float, grain: int = 1) -> int:
            g = q(grain)
            return int(v * rate) // g * g

        u = lambda: rng.uniform(0.8, 1.25)
        P = rng.uniform(50, 2200)  # personnel scale, 万元
        e = {c: 0 for _, (_, kids) in C.ECON_GROUPS.items() for c, _ in kids}
        e["30101"] = amount(P * 0.12 * u(), 100)
        e["30102"] = amount(P * 0.42 * u(), 100)
        if rng.random() < 0.5:
            e["30103"] = amount(P * 0.08 * u(), 100)
        if rng.random() < 0.7:
            e["30107"] = amount(P * 0.10 * u(), 100)
        base = e["30101"] + e["30102"] + e["30103"] + e["30107"]
        e["30108"] = part(base, rng.uniform(0.10, 0.16))
        e["30109"] = e["30108"] // 2
        e["30110"] = part(base, rng.uniform(0.06, 0.09))
        if self.admin and rng.random() < 0.4:
            e["30111"] = part(base, rng.uniform(0.01, 0.03))
        if rng.random() < 0.6:
            e["30112"] = part(base, rng.uniform(0.002, 0.005))
        e["30113"] = part(base, rng.uniform(0.07, 0.12))
        if rng.random() < 0.6:
            e["30199"] = amount(P * 0.05 * u(), 100)
        if rng.random() < 0.1:
            e["30106"] = amount(P * 0.01 * u(), 100)
        if rng.random() < 0.5:
            e["30302"] = amount(P * rng.uniform(0.02, 0.1), 100)
        if rng.random() < 0.25:
            e["30301"] = amount(P * rng.uniform(0.005, 0.02), 100)
        if rng.random() < 0.15:
            e["30305"] = amount(P * rng.uniform(0.002, 0.01), 100)
        U = P * rng.uniform(0.06, 0.2)
        w302 = {k: (v * rng.uniform(0.5, 1.5) if rng.random() > 0.4 else 0) for k, v in BASE302.items()}
        w302["30201"] = max(w302["30201"], 4.0)
        w302["30299"] = max(w302["30299"], 2.0)
        s302 = sum(w302.values())
        for c, w in w302.items():
            if w:
                e[c] = amount(U * w / s302, 10000)
        if rng.random() < 0.8:
            e["30228"] = part(base, 0.02)
        if rng.random() < 0.4:
            e["31002"] = amount(rng.uniform(1, 30), 100000)
        if rng.random() < 0.15:
            e["31007"] = amount(rng.uniform(2, 50), 100000)
        for g, (_, kids) in C.ECON_GROUPS.items():
            e[g] = sum(e[c] for c, _ in kids)
        self.econ = e
        self.personnel = e["301"] + e["303"]
        self.public = e["302"] + e["307"] + e["310"] + e["399"]
        self.basic_general = self.personnel + self.public

        items: dict[str, dict] = {}

        def item(code):
            return items.setdefault(code, dict(pb=0, ub=0, gp=0, fp=0, cp=0, np=0, bus=0, opr=0, oth=0))

        admin = self.admin
        kuan = self.proj_items[0][:5]
        ops = kuan + ("01" if admin else "50")
        if ops not in C.FUNC:
            ops = kuan + "01"
        mapped = {"2080505": e["30108"], "2080506": e["30109"], "2210201": e["30113"]}
        if admin:
            mapped["2101101"] = e["30110"]
            mapped["2101103"] = e["30111"]
        else:
            mapped["2101102"] = e["30110"] + e["30111"]
        retire_code = "2080501" if admin else "2080502"
        if e["303"]:
            mapped[retire_code] = e["303"]
        if rng.random() < 0.4:
            mapped["2210203"] = part(e["30102"], rng.uniform(0.08, 0.2), 100)
        for c, v in mapped.items():
            if v:
                item(c)["pb"] += v
        rest_p = self.personnel - sum(mapped.values())
        rest_u = self.public
        if e["303"] and rng.random() < 0.3:
            v = part(self.public, rng.uniform(0.03, 0.12), 100)
            if v:
                item(retire_code)["ub"] += v
                rest_u -= v
        if rng.random() < 0.2:
            v = part(self.public, rng.uniform(0.005, 0.02), 100)
            if v:
                item("2080599")["ub"] += v
                rest_u -= v
        ops2 = kuan + "50"
        if admin and ops2 in C.FUNC and ops2 != ops and rng.random() < 0.3:
            f = rng.uniform(0.1, 0.3)
            p2, u2 = part(rest_p, f, 100), part(rest_u, f, 100)
            item(ops2)["pb"] += p2
            item(ops2)["ub"] += u2
            rest_p -= p2
            rest_u -= u2
        item(ops)["pb"] += rest_p
        item(ops)["ub"] += rest_u
        # projects
        PG = q(100000)
        if rng.random() < 0.05:
            proj = 0
        else:
            proj = int(self.basic_general * rng.choice([0.1, 0.3, 0.6, 1.0, 2.0, 4.0]) * rng.uniform(0.7, 1.3))
        targets = list(self.proj_items)
        ws = [rng.uniform(0.3, 1.0) for _ in targets]
        if rng.random() < 0.3:
            targets.append(ops)
            ws.append(0.05 * sum(ws))
        for c, v in zip(targets, alloc(proj // PG, ws)):
            if v:
                item(c)["gp"] += v * PG
        # money that is not 财政拨款
        if not admin and rng.random() < 0.4:
            v = amount(self.basic_general / W * rng.uniform(0.05, 0.3), 100000)
            item(ops)["np"] += v
            item(ops)["bus"] += v
        if not admin and rng.random() < 0.1:
            v = amount(self.basic_general / W * rng.uniform(0.01, 0.05), 100000)
            item(ops)["np"] += v
            item(ops)["opr"] += v
        if rng.random() < 0.15:
            v = amount(rng.uniform(1, 50), 100000)
            item(self.proj_items[0])["np"] += v
            item(self.proj_items[0])["oth"] += v
        self.has_fund = self.fund_mode == "data"
        self.has_cap = self.has_fund and rng.random() < 0.3
        if self.has_fund:
            item(rng.choice(["2120899", "2296002"]))["fp"] += amount(rng.uniform(5, 800), 100000)
        if self.has_cap:
            item("2230199")["cp"] += amount(rng.uniform(5, 300), 100000)
        self.items = dict(sorted(items.items()))
        # 三公 (always 0.01 万元) and 机关运行经费
        b = {"abroad": 0, "purchase": 0, "operation": 0, "reception": 0}
        if rng.random() >= 0.15:
            if rng.random() < 0.25:
                b["abroad"] = rng.randint(2_00, 900_00) if rng.random() < 0.2 else rng.randint(2_00, 30_00)
            if rng.random() < 0.15:
                b["purchase"] = rng.randint(10_00, 30_00)
            if rng.random() < 0.6:
                b["operation"] = rng.randint(1_00, 25_00)
            if rng.random() < 0.7 or not any(b.values()):
                b["reception"] = rng.randint(50, 30_00)
        self.tp = b
        self.tp_prev = {k: (v if rng.random() < 0.6 else int(v * rng.uniform(0.6, 1.4))) for k, v in b.items()}
        self.agency = self.to_wan(self.public) if admin else 0
        # previous year (0.01 万元) and narrative-only figures
        W_ = self.to_wan
        self.w_fis = W_(self.total("inc_fiscal"))
        self.w_gen = W_(self.total("fiscal_general"))
        self.w_fund = W_(self.total("fiscal_gov_fund"))
        self.w_cap = W_(self.total("fiscal_state_capital"))
        self.prev_gen = max(1, int(self.w_gen * rng.choice([rng.uniform(0.75, 0.97), rng.uniform(1.03, 1.3)])))
        self.prev_fund = int(self.w_fund * rng.uniform(0.6, 1.4)) if (self.w_fund and rng.random() < 0.7) else self.w_fund
        self.prev_cap = self.w_cap
        self.prev_fis = self.prev_gen + self.prev_fund + self.prev_cap
        if self.prev_fis == self.w_fis:
            self.prev_gen += 1
            self.prev_fis += 1
        self.item_prev = {}
        for code in self.items:
            v = W_(self.sum_prefix(code, "gen_total"))
            if v:
                self.item_prev[code] = v if rng.random() < 0.05 else max(1, int(v * rng.uniform(0.5, 1.35)))
        proj_w = W_(self.total("gen_project"))
        self.procure = int(proj_w * rng.uniform(0.0, 0.5))
        self.procure_goods = int(self.procure * rng.uniform(0, 0.3))
        self.procure_works = int(self.procure * rng.uniform(0, 0.3)) if rng.random() < 0.3 else 0
        self.perf_projects = rng.randint(len(self.proj_items), len(self.proj_items) + 15) if proj_w else 0
        self.cars = rng.randint(0, 6)
        self.n_inst = rng.randint(0, 2)
        self.blank_rows = rng.randint(1, 4)
        self.rng_text = (rng.choice(REASONS_UP), rng.choice(REASONS_DOWN))
        self.item_reasons = {c: (rng.choice(REASONS_UP), rng.choice(REASONS_DOWN)) for c in self.items}

    @staticmethod
    def measure(it: dict, m: str) -> int:
        pb, ub, gp, fp, cp, np_ = it["pb"], it["ub"], it["gp"], it["fp"], it["cp"], it["np"]
        fiscal = pb + ub + gp + fp + cp
        return {
            "inc_total": fiscal + np_, "inc_fiscal": fiscal, "inc_business": it["bus"],
            "inc_operating": it["opr"], "inc_other": it["oth"],
            "exp_total": fiscal + np_, "exp_basic": pb + ub, "exp_project": gp + fp + cp + np_,
            "exp_personnel": pb, "exp_public": ub,
            "gen_total": pb + ub + gp, "gen_basic": pb + ub, "gen_project": gp,
            "fund_total": fp, "fund_basic": 0, "fund_project": fp,
            "cap_total": cp, "cap_basic": 0, "cap_project": cp,
            "fiscal_general": pb + ub + gp, "fiscal_gov_fund": fp, "fiscal_state_capital": cp,
        }[m]

    def sum_prefix(self, prefix: str, m: str) -> int:
        return sum(self.measure(it, m) for c, it in self.items.items() if c.startswith(prefix))

    def total(self, m: str) -> int:
        return self.sum_prefix("", m)

    def func_rows(self, filt: str):
        out, seen = [], set()
        for c, it in self.items.items():
            if self.measure(it, filt) == 0:
                continue
            for p in (c[:3], c[:5], c):
                if p not in seen:
                    seen.add(p)
                    out.append((p, C.class_name(p, self.year) if len(p) == 3 else C.FUNC[p]))
        return out

    # -- cells --------------------------------------------------------------
    def num(self, v: int, fact_key: tuple, sep: bool, int_zero: bool = False) -> Cell:
        table, side, code, name, col = fact_key
        key = (table, side, code, strip_enum(name), col)
        if v == 0:
            if self.zero == "blank":
                return Cell("", kind="num")
            if self.zero == "dash":
                return Cell("-", kind="num", fact=key + ("0",))
            if int_zero:
                return Cell("0", kind="num", fact=key + ("0",))
            return Cell("0.00", kind="num", fact=key + ("0.00",))
        return Cell(fmt(v, sep), kind="num", fact=key + (fmt(v),))

    def sep_for(self, key: str) -> bool:
        if "thousands_sep" in self.opts:
            return True
        return "thousands_sep_mixed" in self.opts and key in ("summary", "fiscal_summary")

    def code_cells(self, code: str, depth: int) -> list:
        """类/款/项 in separate columns (201 | 03 | 01) or one combined code column."""
        if self.codes == "split":
            parts = [code[:3], code[3:5], code[5:7]][:depth]
            return [T(p, kind="code") for p in parts]
        return [T(code, kind="code")]

    # -- tables -------------------------------------------------------------
    def title_prefix(self) -> str:
        return f"{self.year}年{'预算单位' if self.scope == 'unit' else '部门'}"

    def mk_table(self, key, title, header, body, cols, notes=(), unit=None):
        unit = unit or f"单位：{self.unit}"
        who = "编制单位" if self.scope == "unit" else "编制部门"
        return Table(key, "", title, "", header, body, cols, notes=list(notes),
                     meta_left=f"{who}：{self.dept}", meta_right=unit)

    def build_tables(self) -> dict:
        return {
            "summary": self.t_summary(),
            "income": self.t_income(),
            "expenditure": self.t_expenditure(),
            "fiscal_summary": self.t_fiscal_summary(),
            "general_expenditure": self.t_general_expenditure(),
            "gov_fund": self.t_fund("gov_fund"),
            "state_capital": self.t_fund("state_capital"),
            "general_basic": self.t_general_basic(),
            "three_public": self.t_three_public(),
        }

    def classes_with(self, m: str):
        return [(c, n) for c, n in C.classes_for_year(self.year) if self.sum_prefix(c, m) != 0]

    def two_sided(self, key, left, right, lcols, rcols):
        """Rows of a two-sided summary table.  left/right: [(label, [values])] or None."""
        sep = self.sep_for(key)
        n = max(len(left), len(right)) + self.blank_rows
        left = left[:-1] + [None] * (n - len(left) + 1) + left[-1:]
        right = right[:-1] + [None] * (n - len(right) + 1) + right[-1:]
        body = []
        for l, r in zip(left, right):
            row = []
            for side, item, cols in (("income", l, lcols), ("expenditure", r, rcols)):
                if item is None:
                    row += [T("")] + [T("", kind="num") for _ in cols]
                else:
                    row += [T(item[0])] + [self.num(v, (key, side, "", item[0], col), sep) for v, col in zip(item[1], cols)]
            body.append(row)
        return body

    def sub_labels(self):
        s = self.enum_sep
        if self.labels == "2025":
            return [f"1{s}一般公共预算资金", f"2{s}政府性基金", f"3{s}国有资本经营预算"]
        return [f"1{s}一般公共预算", f"2{s}政府性基金预算", f"3{s}国有资本经营预算"]

    def t_summary(self):
        fis, gen = self.total("inc_fiscal"), self.total("fiscal_general")
        fund, cap = self.total("fiscal_gov_fund"), self.total("fiscal_state_capital")
        tot = self.total("inc_total")
        sub = self.sub_labels()
        left = [("一、财政拨款收入", [fis]), (sub[0], [gen]), (sub[1], [fund]), (sub[2], [cap]),
                ("二、事业收入", [self.total("inc_business")]), ("三、事业单位经营收入", [self.total("inc_operating")]),
                ("四、其他收入", [self.total("inc_other")]), ("收入总计", [tot])]
        unit = self.scope == "unit"
        ms = ["exp_total", "exp_personnel", "exp_public", "exp_project"] if unit else ["exp_total"]
        rcols = ["amount", "personnel", "public_expense", "project"] if unit else ["amount"]
        right = [(f"{CN_NUM[k + 1]}、{n}", [self.sum_prefix(c, m) for m in ms])
                 for k, (c, n) in enumerate(self.classes_with("exp_total"))]
        right.append(("支出总计", [self.total(m) for m in ms]))
        body = self.two_sided("summary", left, right, ["amount"], rcols)
        if unit:
            header = [[H("本年收入", cs=2), H("本年支出", cs=5)],
                      [H("项目", rs=3), H("预算数", rs=3), H("项目", rs=3), H("预算数", cs=4)],
                      [H("合计", rs=2), H("基本支出", cs=2), H("项目支出", rs=2)],
                      [H("人员经费"), H("公用经费")]]
            cols = [21, 13, 22, 11, 11, 11, 11]
        else:
            header = [[H("本年收入", cs=2), H("本年支出", cs=2)],
                      [H("项目"), H("预算数"), H("项目"), H("预算数")]]
            cols = [30, 20, 30, 20]
        return self.mk_table("summary", f"{self.title_prefix()}财务收支预算总表", header, body, cols)

    def func_header(self, group: str, heads: list, econ: bool = False):
        n = len(heads)
        code_label = "部门预算经济分类科目编码" if econ else "功能分类科目编码"
        name_label = "经济分类科目名称" if econ else "功能分类科目名称"
        depth = 2 if econ else 3
        if self.codes == "split":
            return [[H("项目", cs=depth + 1), H(group, cs=n)],
                    [H(code_label, cs=depth), H(name_label, rs=2)] + [H(h, rs=2) for h in heads],
                    [H(x) for x in ("类", "款", "项")[:depth]]]
        return [[H("项目", cs=2), H(group, cs=n)],
                [H(code_label), H(name_label)] + [H(h) for h in heads]]

    def func_cols(self, n: int, econ: bool = False):
        name_w = 18 if "narrow_wrap" in self.opts else 32
        if self.codes == "split":  # wide enough that a 3-digit 类 never wraps on a portrait page
            code = [7, 5] if econ else [7, 5, 5]
        else:
            code = [12]
        rest = 100 - sum(code) - name_w
        return code + [name_w] + [rest / n] * n

    def func_table(self, key, spec, filt):
        sep = self.sep_for(key)
        body = []
        for code, name in self.func_rows(filt):
            body.append(self.code_cells(code, 3) + [T(name)] +
                        [self.num(self.sum_prefix(code, m), (key, "", code, name, col), sep) for col, _, m in spec])
        ncode = 3 if self.codes == "split" else 1
        body.append([T("合计", cs=ncode + 1)] +
                    [self.num(self.total(m), (key, "", "", "合计", col), sep) for col, _, m in spec])
        return body

    def t_income(self):
        spec = [("total", "合计", "inc_total"), ("fiscal", "财政拨款收入", "inc_fiscal"),
                ("business", "事业收入", "inc_business"), ("operating", "事业单位经营收入", "inc_operating"),
                ("other", "其他收入", "inc_other")]
        return self.mk_table("income", f"{self.title_prefix()}收入预算总表",
                             self.func_header("收入预算", [s[1] for s in spec]),
                             self.func_table("income", spec, "inc_total"), self.func_cols(5))

    def t_expenditure(self):
        spec = [("total", "合计", "exp_total"), ("basic", "基本支出", "exp_basic"), ("project", "项目支出", "exp_project")]
        return self.mk_table("expenditure", f"{self.title_prefix()}支出预算总表",
                             self.func_header("支出预算", [s[1] for s in spec]),
                             self.func_table("expenditure", spec, "exp_total"), self.func_cols(3))

    def t_fiscal_summary(self):
        gen = self.total("fiscal_general")
        fund, cap = self.total("fiscal_gov_fund"), self.total("fiscal_state_capital")
        fis = gen + fund + cap
        if self.labels == "2025":
            labels = ["一、一般公共预算资金", "二、政府性基金", "三、国有资本经营预算"]
        else:
            labels = ["一、一般公共预算", "二、政府性基金预算", "三、国有资本经营预算"]
        left = [(labels[0], [gen]), (labels[1], [fund]), (labels[2], [cap]), ("收入总计", [fis])]
        right = [(f"{CN_NUM[k + 1]}、{n}", [self.sum_prefix(c, m) for m in
                  ("inc_fiscal", "fiscal_general", "fiscal_gov_fund", "fiscal_state_capital")])
                 for k, (c, n) in enumerate(self.classes_with("inc_fiscal"))]
        right.append(("支出总计", [fis, gen, fund, cap]))
        body = self.two_sided("fiscal_summary", left, right, ["amount"], ["total", "general", "gov_fund", "state_capital"])
        header = [[H("财政拨款收入", cs=2), H("财政拨款支出", cs=5)],
                  [H("项目"), H("预算数"), H("项目"), H("合计"), H("一般公共预算"), H("政府性基金预算"), H("国有资本经营预算")]]
        return self.mk_table("fiscal_summary", f"{self.title_prefix()}财政拨款收支预算总表", header, body,
                             [18, 13, 21, 12, 12, 12, 12])

    def t_general_expenditure(self):
        spec = [("total", "合计", "gen_total"), ("basic", "基本支出", "gen_basic"), ("project", "项目支出", "gen_project")]
        return self.mk_table("general_expenditure", f"{self.title_prefix()}一般公共预算支出功能分类预算表",
                             self.func_header("一般公共预算支出", [s[1] for s in spec]),
                             self.func_table("general_expenditure", spec, "gen_total"), self.func_cols(3))

    def t_fund(self, key):
        pre = "fund" if key == "gov_fund" else "cap"
        word = "政府性基金预算" if key == "gov_fund" else "国有资本经营预算"
        spec = [("total", "合计", f"{pre}_total"), ("basic", "基本支出", f"{pre}_basic"),
                ("project", "项目支出", f"{pre}_project")]
        has = self.has_fund if key == "gov_fund" else self.has_cap
        notes = []
        ncode = 3 if self.codes == "split" else 1
        if has:
            body = self.func_table(key, spec, f"{pre}_total")
        else:
            kw = "本单位" if self.scope == "unit" else "本部门"
            notes.append(f"注:{kw}{self.year}年无{word}财政拨款安排的预算，故本表为空表。")
            blank = [T("", kind="code") for _ in range(ncode)] + [T("")] + [T("", kind="num") for _ in spec]
            if self.fund_mode == "none_row":
                first = [T("无", kind="code")] + [T("", kind="code") for _ in range(ncode - 1)] + [T("")] + \
                    [T("", kind="num") for _ in spec]
                body = [first] + [list(blank) for _ in range(3)]
            else:
                body = [list(blank) for _ in range(4)]
            body.append([T("合计", cs=ncode + 1)] + [T("", kind="num") for _ in spec])
        return self.mk_table(key, f"{self.title_prefix()}{word}支出功能分类预算表",
                             self.func_header(f"{word}支出", [s[1] for s in spec]), body, self.func_cols(3), notes)

    def t_general_basic(self):
        e = self.econ
        sep = self.sep_for("general_basic")
        fault = getattr(self, "gb_fault", None)

        def val(code):
            v = e[code]
            if fault and fault[0] == code:
                v += fault[1]
            return v

        body = []
        key = "general_basic"
        for g in ("301", "302", "303", "307", "310", "399"):
            if e[g] == 0:
                continue
            pers = g in ("301", "303")
            name, kids = C.ECON_GROUPS[g]
            rows = [(g, name)] + [(c, n) for c, n in kids if val(c) != 0]
            for code, nm in rows:
                v = val(code)
                body.append(self.code_cells(code, 2) + [T(nm)] +
                            [self.num(v, (key, "", code, nm, "amount"), sep),
                             self.num(v if pers else 0, (key, "", code, nm, "personnel"), sep),
                             self.num(0 if pers else v, (key, "", code, nm, "public_expense"), sep)])
        ncode = 2 if self.codes == "split" else 1
        body.append([T("合计", cs=ncode + 1)] +
                    [self.num(v, (key, "", "", "合计", col), sep) for v, col in
                     ((self.basic_general, "amount"), (self.personnel, "personnel"), (self.public, "public_expense"))])
        return self.mk_table(key, f"{self.title_prefix()}一般公共预算基本支出部门预算经济分类预算表",
                             self.func_header("一般公共预算基本支出", ["合计", "人员经费", "公用经费"], econ=True),
                             body, self.func_cols(3, econ=True))

    def t_three_public(self):
        b = self.tp
        veh = b["purchase"] + b["operation"]
        vals = [("budget_total", b["abroad"] + veh + b["reception"]), ("budget_abroad", b["abroad"]),
                ("budget_reception", b["reception"]), ("budget_vehicle", veh),
                ("budget_vehicle_purchase", b["purchase"]), ("budget_vehicle_operation", b["operation"]),
                ("budget_agency_operating", self.agency)]
        sep = self.sep_for("three_public")
        row = [self.num(v, ("three_public", "", "", "三公经费", col), sep, int_zero=True) for col, v in vals]
        header = [[H("“三公”经费预算数", cs=6), H("机关运行经费预算数", rs=3)],
                  [H("合计", rs=2), H("因公出国(境)费", rs=2), H("公务接待费", rs=2), H("公务用车购置及运行费", cs=3)],
                  [H("小计"), H("购置费"), H("运行费")]]
        scope = "单位" if self.scope == "unit" else "部门"
        t = self.mk_table("three_public", f"{self.year}年{scope}“三公”经费和机关运行经费预算表", header, [row],
                          [100 / 7] * 7, unit="单位:万元")
        return t

    # -- narrative ------------------------------------------------------------
    def slot(self, key, default, section, measure, note=""):
        self.slots.setdefault(key, (default, section, measure, note))
        return self.overrides.get(key, default)

    def A(self, w: int) -> str:
        return wan_text(w, self.nsep)

    def purpose(self, code: str) -> str:
        name = C.FUNC[code]
        if name in PURPOSE_BY_NAME:
            return PURPOSE_BY_NAME[name]
        if name.startswith("其他"):
            return "未单独设置项级科目的其他项目支出"
        return f"{name}相关工作支出"

    def narrative(self):
        """(编制说明 blocks, 其他相关情况说明 blocks)."""
        S, A = self.slot, self.A
        Y, D, kw = self.year, self.dept, self.kind_word
        sec4 = f"四、{kw}预算编制说明"
        sec6 = "六、其他相关情况说明"
        out, other = [], []
        p = lambda s: out.append(("p", s))
        cy = S("cmp_year", str(Y - 1), sec4, "comparison_year")

        def cmp(cur, prev, key):
            d = cur - prev
            if d == 0:
                return f"与{cy}年预算持平"
            return f"比{cy}年预算{'增加' if d > 0 else '减少'}{S(key + '_chg', A(abs(d)), sec4, 'change_amount')}万元"

        tot = self.to_wan(self.total("inc_total"))
        bus = self.to_wan(self.total("inc_business"))
        opr = self.to_wan(self.total("inc_operating"))
        oth = self.to_wan(self.total("inc_other"))
        fis, gen, fund, cap = self.w_fis, self.w_gen, self.w_fund, self.w_cap
        p(f"{Y}年，{D}收入预算{S('amt_total', A(tot), sec4, 'amount', 'summary 收入总计 (in 万元)')}万元，其中：财政拨款收入"
          f"{A(fis)}万元，{cmp(fis, self.prev_fis, 'fis')}；事业收入{A(bus)}万元；事业单位经营收入"
          f"{S('unit_operating', A(opr) + '万元', sec4, 'unit')}；其他收入{A(oth)}万元。")
        p(f"支出预算{A(tot)}万元，其中：财政拨款支出预算{A(fis)}万元，{cmp(fis, self.prev_fis, 'fis')}。财政拨款支出预算中，"
          f"一般公共预算拨款支出预算{S('amt_general', A(gen), sec4, 'amount', 'general_expenditure 合计 total (in 万元)')}万元，"
          f"{cmp(gen, self.prev_gen, 'gen')}；政府性基金拨款支出预算{A(fund)}万元，{cmp(fund, self.prev_fund, 'fund')}；"
          f"国有资本经营预算拨款支出预算{A(cap)}万元，{cmp(cap, self.prev_cap, 'cap')}。")
        up = fis > self.prev_fis
        reason = self.rng_text[0] if up else self.rng_text[1]
        word = S("total_direction", "增加" if up else "减少", sec4, "direction")
        p(f"财政拨款收入支出{word}的主要原因是{S('total_reason', reason, sec4, 'text')}。")
        p("财政拨款支出主要内容如下：")
        k = 0
        for code, name in self.func_rows("gen_total"):
            if len(code) != 7:
                continue
            k += 1
            v = self.to_wan(self.sum_prefix(code, "gen_total"))
            cls, kuan = C.class_name(code[:3], Y), C.FUNC[code[:5]]
            amt = S(f"amt_item_{code}", A(v), sec4, "amount", f"general_expenditure {code} total (in 万元)")
            if self.items_style == "plain":
                p(f"{k}. “{cls}-{kuan}-{name}”科目{amt}万元，主要用于{self.purpose(code)}。")
                continue
            prev = self.item_prev[code]
            d = v - prev
            if d == 0:
                chg = f"与{Y - 1}年预算执行数持平"
                why = "无重大变化"
            else:
                chg = (f"比{Y - 1}年预算执行数{'增加' if d > 0 else '减少'}"
                       f"{S(f'pct_item_{code}', pct(abs(d), prev) + '%', sec4, 'growth_pct')}")
                why = self.item_reasons[code][0 if d > 0 else 1]
            p(f"{k}、{cls}（{code[:3]}类）{kuan}（{code[3:5]}款）{name}（{code[5:]}项）{amt}万元。主要用于："
              f"{self.purpose(code)}。{Y - 1}年当年预算执行数为{A(prev)}万元，{Y}年预算安排{A(v)}万元，{chg}。"
              f"主要原因是：{why}。")

        h = lambda s: other.append(("h2", s))
        q = lambda s: other.append(("p", s))
        b, pb = self.tp, self.tp_prev

        def tcmp(cur, prev, key):
            d = cur - prev
            if d == 0:
                return f"与{Y - 1}年预算持平"
            s = f"比{Y - 1}年预算{'增加' if d > 0 else '减少'}{A(abs(d))}万元"
            if prev:
                s += f"，{'增长' if d > 0 else '下降'}{S(key + '_pct', pct(abs(d), prev) + '%', sec6, 'growth_pct')}"
            return s

        tot_tp = sum(b.values())
        prev_tp = sum(pb.values())
        veh, pveh = b["purchase"] + b["operation"], pb["purchase"] + pb["operation"]
        h(f"一、{Y}年“三公”经费预算情况说明")
        q(f"{Y}年“三公”经费预算数为{S('amt_tp', A(tot_tp), sec6, 'amount', 'three_public budget_total')}万元，"
          f"{tcmp(tot_tp, prev_tp, 'tp')}。其中：")
        q(f"（一）因公出国（境）费{A(b['abroad'])}万元，{tcmp(b['abroad'], pb['abroad'], 'tp_abroad')}。")
        q(f"（二）公务用车购置及运行费{A(veh)}万元，{tcmp(veh, pveh, 'tp_vehicle')}。其中：公务用车购置费{A(b['purchase'])}万元，"
          f"{tcmp(b['purchase'], pb['purchase'], 'tp_purchase')}；公务用车运行费{A(b['operation'])}万元，"
          f"{tcmp(b['operation'], pb['operation'], 'tp_operation')}。")
        q(f"（三）公务接待费{A(b['reception'])}万元，{tcmp(b['reception'], pb['reception'], 'tp_reception')}。")
        h("二、机关运行经费预算")
        if self.admin:
            inst = f"和{self.n_inst}家事业单位" if self.n_inst else ""
            q(f"{Y}年{D}下属1家机关{inst}财政拨款的机关运行经费预算为"
              f"{S('amt_agency', A(self.agency), sec6, 'amount', 'three_public budget_agency_operating')}万元。")
        else:
            q(f"{Y}年{D}为事业单位，无机关运行经费预算。")
        h("三、政府采购预算情况")
        pg, pw = self.procure_goods, self.procure_works
        q(f"{Y}年本{kw}政府采购预算{A(self.procure)}万元，其中：政府采购货物预算{A(pg)}万元、政府采购工程预算{A(pw)}万元、"
          f"政府采购服务预算{A(self.procure - pg - pw)}万元。")
        h("四、绩效目标设置情况")
        q(f"按照本区预算绩效管理工作的总体要求，本{kw}{1 + (self.n_inst if self.admin else 0)}个预算单位开展了{Y}年项目预算绩效目标"
          f"编报工作，编报绩效目标的项目{self.perf_projects}个，涉及项目预算资金{A(self.to_wan(self.total('gen_project')))}万元。")
        h("五、国有资产占有使用情况")
        q(f"截至{Y - 1}年8月31日，{D}共有车辆{self.cars}辆，其中：执法执勤用车{self.cars}辆、其他用车0辆；"
          f"单价100万元（含）以上设备（不含车辆）0台（套）。")
        return out, other

    # -- faults -----------------------------------------------------------------
    def apply_text_faults(self):
        rng = self.rng
        sl = self.slots
        applied = []
        for f in self.fault_names:
            sev = FAULTS.get(f) or PLAN_FAULTS[f]
            if f == "reason_direction":
                if self.w_fis == self.prev_fis:
                    continue  # no change: no direction to contradict
                default, sec, _, _ = sl["total_direction"]
                found = "减少" if default == "增加" else "增加"
                self.overrides["total_direction"] = found
                self.checks.append(["narrative", sec, "direction", default, found,
                                    f"narrative.comparison ({sev}): the text gives the reason for a {found} of "
                                    f"财政拨款收入支出, but its 财政拨款 money changed the other way ({default})."])
            elif f == "sum.children":
                if self.missing == "general_basic":
                    # the table the children were changed in is not printed: no fault to find
                    continue
                code, delta = self.gb_fault
                kids = C.ECON_GROUPS["302"][1]
                printed = sum(self.econ[c] for c, _ in kids) + delta
                for col in ("amount", "public_expense"):
                    self.checks.append(["general_basic", "302 商品和服务支出", col, fmt(printed), fmt(self.econ["302"]),
                                        f"sum.children ({sev}): the 302xx children sum to {fmt(printed)} (child {code} printed "
                                        f"as {fmt(self.econ[code] + delta)}) but the 302 row says {fmt(self.econ['302'])}."])
            elif f == "table.missing":
                key = self.missing
                self.checks.append([key, "", "", "printed", "missing",
                                    f"table.missing ({sev}): 目录 lists {self.tables[key].heading} but the table is not printed."])
            elif f in ("narrative.percent", "text.double_percent"):
                cands = sorted(k for k, v in sl.items() if v[2] == "growth_pct"
                               and v[0] not in ("0.00%", "100.00%") and k not in self.overrides)
                if not cands:
                    continue
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
                                        f"narrative.percent ({sev}): the text states {found} but the figures it compares give {default}."])
            elif f == "narrative.table_mismatch":
                cands = sorted(k for k, v in sl.items() if v[2] == "amount" and v[3] and v[0] != "0"
                               and k not in self.overrides)
                key = rng.choice(cands)
                default, sec, measure, note = sl[key]
                c = int(Decimal(default.replace(",", "")) * 100)
                delta = rng.randint(1, max(2, c // 10))
                found = self.A(c - delta if c > delta and rng.random() < 0.5 else c + delta)
                self.overrides[key] = found
                self.checks.append(["narrative", sec, "amount", default, found,
                                    f"narrative.table_mismatch ({sev}): the text states {found}万元 but {note} is {default}万元."])
            elif f == "text.unit":
                key = "unit_operating"
                default, sec, _, _ = sl[key]
                found = default.replace("万元", "元")
                self.overrides[key] = found
                self.checks.append(["narrative", sec, "unit", "万元", "元",
                                    f"text.unit ({sev}): “事业单位经营收入{found}” uses 元; the narrative states its amounts in 万元."])
            elif f == "text.year":
                key = "cmp_year"
                default, sec, _, _ = sl[key]
                found = str(self.year)
                self.overrides[key] = found
                self.checks.append(["narrative", sec, "comparison_year", default, found,
                                    f"text.year (error): the {self.year} budget is compared with “{found}年预算”; "
                                    f"the comparison year is {default}."])
            elif f == "text.placeholder":
                key = "total_reason"
                default, sec, _, _ = sl[key]
                self.overrides[key] = "XX"
                self.checks.append(["narrative", sec, "text", f"a value ({default})", "XX",
                                    f"text.placeholder ({sev}): the reason is the template placeholder “XX”."])
            applied.append(f)
        self.fault_names = applied

    # -- document -------------------------------------------------------------
    def build(self):
        rng = self.rng
        self.order = list(BUDGET_ORDER)
        self.missing = None
        if "sum.children" in self.fault_names:
            cands = [c for c, _ in C.ECON_302 if self.econ[c] > 0]
            code = rng.choice(cands)
            grain = 10000 if self.yuan else 1
            delta = rng.choice([1, -1]) * grain * rng.randint(1, max(1, min(self.econ[code] // grain, 2000)))
            if self.econ[code] + delta <= 0:
                delta = abs(delta)
            self.gb_fault = (code, delta)
        if "table.missing" in self.fault_names:
            self.missing = rng.choice(["general_basic", "gov_fund", "state_capital", "three_public", "fiscal_summary"])
        tables = self.build_tables()
        if "split_repeat_header" in self.opts or "split_no_header" in self.opts:
            cands = [k for k in ("income", "expenditure", "general_expenditure", "general_basic")
                     if len(tables[k].body) >= 8 and k != self.missing]
            if cands:
                k = rng.choice(cands)
                tb = tables[k]
                tb.split = len(tb.body) * rng.randint(45, 70) // 100
                tb.repeat_header = "split_repeat_header" in self.opts
                self.split_table = k
        for tb in tables.values():
            tb.wide = "landscape" in self.opts
        dot = rng.choice([". ", "．"])
        for k, key in enumerate(self.order):
            tables[key].heading = f"{k + 1}{dot}{tables[key].title}"
        self.tables = tables
        self.slots, self.overrides = {}, {}
        self.narrative()
        self.apply_text_faults()
        nar, other = self.narrative()
        self.blocks = self.compose(nar, other)

    def compose(self, nar, other) -> list:
        Y, D, kw = self.year, self.dept, self.kind_word
        who = "预算单位" if self.scope == "unit" else "预算主管部门"
        blocks = [("cover", [f"{self.region}{Y}年区级{kw}预算"], [f"{who}：{D}"])]
        self.cover_rows = [(f"{who}：", D), ("编制日期：", f"{Y - 1}年12月")]
        toc = [("tp", f"一、{kw}主要职能"), ("tp", f"二、{kw}机构设置"), ("tp", "三、名词解释"),
               ("tp", f"四、{kw}预算编制说明"), ("tp", f"五、{kw}预算表")]
        toc += [("ti", self.tables[k].heading) for k in self.order]
        toc.append(("tp", "六、其他相关情况说明"))
        blocks.append(("toc", toc))
        blocks.append(("title", f"{D}主要职能"))
        blocks.append(("p", f"{D}的主要职能包括："))
        for k, dut in enumerate(self.rng.sample(C.DUTIES, 4)):
            blocks.append(("p", f"{k + 1}.{dut}"))
        blocks.append(("title", f"{D}机构设置"))
        if self.scope == "unit":
            blocks.append(("p", f"{D}为{'行政' if self.admin else '事业'}单位，单位预算为{D}本级的收支计划。"))
        else:
            inst = f"以及下属{self.n_inst}家事业单位" if self.n_inst else ""
            blocks.append(("p", f"{D}部门预算是包括{D}本部{inst}的综合收支计划。"))
        blocks.append(("title", "名词解释"))
        blocks += [("p", t) for t in TERMS]
        blocks.append(("title", f"{Y}年{kw}预算编制说明"))
        blocks += nar
        for k in self.order:
            if k != self.missing:
                blocks.append(("table", self.tables[k]))
        blocks.append(("title", "其他相关情况说明"))
        blocks += other
        return blocks

    # -- ground truth -----------------------------------------------------------
    def facts(self) -> list[tuple]:
        out = []
        for k in self.order:
            if k != self.missing:
                out += list(self.tables[k].facts())
        return out

    def meta(self) -> dict:
        from .model import VARIATIONS
        faults = []
        for c in self.checks:
            f = c[5].split(" ")[0]
            if f not in faults:
                faults.append(f)
        return {
            "id": self.id, "seed": self.seed, "index": self.index,
            "department": self.dept, "year": self.year, "kind": "budget", "scope": self.scope, "unit": self.unit,
            "layout": self.layout,
            "variations": [v for v in VARIATIONS if v in self.variations],
            "faults": faults,
            "split_table": getattr(self, "split_table", None),
            "missing_table": self.missing,
            "table_units": {k: ("万元" if k == "three_public" else self.unit) for k in self.order if k != self.missing},
            "xlsx": dict(self.xlsx),
        }
