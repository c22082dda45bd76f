"""Random but internally consistent 部门预算 reports in the 长沙 (湖南) layout.

Modelled on the 长沙市公安局 2025 部门预算: cover, 目录 (short table names), 第一部分 部门预算公开说明
(概况, 单位构成, 收支总体情况, 一般公共预算拨款支出, 政府性基金, 其他重要事项, 名词解释), 第二部分 the
tables titled `YYYY年部门收支总体情况表` …, every table in 万元 with `单位名称：X` left and `单位：万元`
right, a 栏次 row (`**` over the label columns, 1, 2, 3 … over the amounts), 类 | 款 | 项 codes in
separate columns where a 款 (or 项) row may print only its own level, the 三公 table as one 合计 row
(小计 first, 公务接待费 before 因公出国（境）费) with an optional per-unit line, an empty 政府性基金 table
with its note, optionally a 国有资本经营 table and a 项目支出绩效目标表 laid out as a table.

The numbers come from BudgetReport.gen_numbers (0.01 万元 everywhere); the narrative states the
table amounts with two decimals, as the real report does.
"""

from __future__ import annotations

from . import catalog as C
from .budget import BudgetReport
from .model import COVERAGE_PLAN, FAULTS, H, T, Table, fmt, pct, report_rng, strip_enum, xlsx_options

# the 22 classes the 财政拨款收支总体情况表 lists (2025), whether or not they have money
FS_CLASSES = [("201", "一般公共服务支出"), ("202", "外交支出"), ("204", "公共安全支出"), ("205", "教育支出"),
              ("206", "科学技术支出"), ("207", "文化旅游体育与传媒支出"), ("208", "社会保障和就业支出"),
              ("209", "社会保险基金支出"), ("210", "卫生健康支出"), ("211", "节能环保支出"), ("212", "城乡社区支出"),
              ("213", "农林水支出"), ("214", "交通运输支出"), ("215", "资源勘探工业信息等支出"),
              ("216", "商业服务业等支出"), ("217", "金融支出"), ("219", "援助其他地区支出"),
              ("220", "自然资源海洋气象等支出"), ("221", "住房保障支出"), ("222", "粮油物资储备支出"),
              ("224", "灾害防治及应急管理支出"), ("229", "其他支出")]

# 长沙 budgets add the 公安 department (the report this layout follows)
CS_KINDS = list(C.DEPT_KINDS) + [("公安局", True, ["2040202", "2040219", "2040220", "2040221"])] * 3

TOC_SHORT = {"summary": "部门收支总表", "income": "部门收入总表", "expenditure": "部门支出总表",
             "fiscal_summary": "财政拨款收支总表", "general_expenditure": "一般公共预算支出表",
             "general_basic": "一般公共预算基本支出表", "three_public": "一般公共预算“三公”经费支出表",
             "gov_fund": "政府性基金预算支出表", "state_capital": "国有资本经营预算支出表",
             "performance": "项目支出绩效目标表"}
TITLES = {"summary": "部门收支总体情况表", "income": "部门收入总体情况表", "expenditure": "部门支出总体情况表",
          "fiscal_summary": "财政拨款收支总体情况表", "general_expenditure": "一般公共预算支出情况表",
          "general_basic": "一般公共预算基本支出情况表", "three_public": "一般公共预算“三公”经费支出情况表",
          "gov_fund": "政府性基金预算支出情况表", "state_capital": "国有资本经营预算支出情况表",
          "performance": "项目支出绩效目标表"}
NOTES = {"summary": "注：本表反映部门本年度的收支总体情况。", "income": "注：本表反映部门本年度取得的各项收入情况。",
         "expenditure": "注：本表反映部门本年度各项支出情况。", "fiscal_summary": "注：本表反映部门财政拨款的总收支情况。",
         "general_expenditure": "注：本表反映部门本年度一般公共预算支出情况。",
         "general_basic": "注：本表反映部门本年度一般公共预算基本支出情况。",
         "gov_fund": "注：本表反映部门本年度政府性基金预算收入支出情况，此表如无数字则表示单位无该项支出。",
         "state_capital": "注：本表反映部门本年度国有资本经营预算支出情况，此表如无数字则表示单位无该项支出。"}
PROJECT_NAMES = ["专项业务经费", "信息化建设运维经费", "办公楼维修改造经费", "重点工作专项经费", "政府购买服务经费",
                 "宣传培训经费", "执法装备购置经费", "档案数字化经费", "第三方评估经费", "安全生产专项经费"]
INDICATORS = [("产出指标", "数量指标", "完成项目数量", "≥3个"), ("产出指标", "质量指标", "验收合格率", "≥95%"),
              ("产出指标", "时效指标", "按期完成率", "100%"), ("效益指标", "社会效益指标", "服务对象覆盖面", "有效提升"),
              ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"), ("成本指标", "经济成本指标", "成本控制率", "≤100%")]
GOALS = ["保障各项业务工作正常开展，按时完成年度工作任务。", "提升履职能力和服务水平，确保资金使用规范高效。",
         "完成年度重点任务，发挥资金使用效益。"]


class ChangshaBudgetReport(BudgetReport):
    kind = "budget"
    layout = "changsha"

    def __init__(self, seed: int, index: int):
        self.seed = seed
        self.index = index
        self.id = f"gen-{seed}-{index:04d}"
        rng = self.rng = report_rng(seed, index)
        plan = COVERAGE_PLAN[index] if index < len(COVERAGE_PLAN) else None
        if plan and (plan.get("kind") != "budget" or plan.get("layout") != "changsha"):
            raise ValueError(f"report {index} is not planned as a 长沙 budget")
        self.plan = plan
        if plan:
            o = plan
            forced = set(plan["vars"])
        else:
            o = dict(
                fund="data" if rng.random() < 0.25 else "note",
                style=rng.choices(["ruled", "borderless", "three_line"], [6, 2, 2])[0],
                zero="zero" if rng.random() < 0.2 else "blank",
                codes="kuan_alone" if rng.random() < 0.7 else "levels_alone",
                one_digit=rng.random() < 0.3,
                econ="whole" if rng.random() < 0.7 else "split",
                order="shuffled" if rng.random() < 0.5 else "sorted",
                cap=rng.random() < 0.3,
                perf=rng.random() < 0.5,
                perf_cols=rng.random() < 0.4,
                by_unit=rng.random() < 0.6,
                toc="short" if rng.random() < 0.7 else "full",
            )
            forced = set()
            if rng.random() < 0.85:
                forced.add("thousands_sep")
            r = rng.random()
            if r < 0.3:
                forced.add("split_repeat_header")
            elif r < 0.45:
                forced.add("split_no_header")
            if rng.random() < 0.8:
                forced.add("landscape")
            if rng.random() < 0.25:
                forced.add("narrow_wrap")
            if rng.random() < 0.15:
                forced.add("docx_nested_title_table")
        self.scope = "department"
        self.units = "wan"
        self.codes = "split"
        self.code_mode = o["codes"]
        self.one_digit = o["one_digit"]
        self.econ_mode = o["econ"]
        self.order_mode = o["order"]
        self.print_cap = o["cap"]
        self.print_perf = o["perf"]
        self.perf_cols = o["perf_cols"]
        # the 绩效目标表 as a grid of projects or as one form a project (label | value), drawn from its
        # own stream so that the other choices of a seed stay as they were
        if plan:
            self.perf_form = plan.get("perf_form", "grid")
        else:
            r = report_rng(seed, index, "perf_form")
            self.perf_form = "grid" if r.random() < 0.5 else r.choice(["one_period", "two_periods"])
        self.perf_form_unit = "元" if (self.perf_form != "grid" and report_rng(seed, index, "perf_unit").random() < 0.5) \
            else "万元"
        self.by_unit = o["by_unit"]
        self.toc_mode = o["toc"]
        self.labels = "2025"
        self.items_style = "plain"
        self.fund_mode = o["fund"]
        self.style = o["style"]
        self.zero = o["zero"]
        self.opts = forced
        self.variations = set(forced)
        self.variations |= {"style_" + self.style, "cells_" + self.zero, "codes_split", "units_wan"}
        self.variations.add("fund_tables_with_data" if self.fund_mode == "data" else "empty_tables_with_note")
        self.layout_vars = {"codes": self.code_mode, "one_digit_kuan": self.one_digit, "econ_codes": self.econ_mode,
                            "row_order": self.order_mode, "state_capital_table": self.print_cap,
                            "performance_table": self.print_perf, "performance_sources": self.perf_cols,
                            "performance_layout": self.perf_form,
                            "performance_form_unit": self.perf_form_unit if self.perf_form != "grid" else None,
                            "three_public_by_unit": self.by_unit, "toc": self.toc_mode}
        self.yuan = False
        self.unit = "万元"
        self.kind_word = "部门"
        self.enum_sep = "、"
        self.nsep = False
        if plan:
            self.fault_names = list(plan["faults"])
        else:
            self.fault_names = []
            if rng.random() < 0.3:
                k = 1 if rng.random() < 0.7 else 2
                self.fault_names = rng.sample(sorted(FAULTS), k)
        self.gen_identity()
        self.gen_numbers()
        self.gen_extra()
        self.checks: list[list[str]] = []
        self.build()
        self.xlsx = xlsx_options(seed, index)
        self.doc_title = f"{self.dept}{self.year}年部门预算"

    # -- identity and numbers -------------------------------------------------
    def gen_identity(self):
        rng = self.rng
        self.year = rng.randint(2021, 2026)
        prefix = rng.choice(C.CHANGSHA_PREFIXES)
        self.region = prefix
        if rng.random() < 0.1:
            suffix, admin, proj = rng.choice(C.PARTY_KINDS)
            self.dept = f"中共{prefix}委{suffix}"
        else:
            suffix, admin, proj = rng.choice(CS_KINDS)
            self.dept = prefix + suffix
        self.admin = admin
        self.proj_items = list(proj)
        self.unit_code = str(rng.randint(101, 399))

    def gen_extra(self):
        rng = self.rng
        e = self.econ
        # a part of 30299 may count as 人员类 (the real report: 83.47 of 799.69)
        self.pers302 = 0
        if e["30299"] > 0 and rng.random() < 0.35:
            self.pers302 = int(e["30299"] * rng.uniform(0.05, 0.3))
        self.personnel_cs = e["301"] + e["303"] + self.pers302
        self.public_cs = self.basic_general - self.personnel_cs
        # 其中:经费拨款 (a part of 本级财政拨款): basic money in full, part of the project money
        self.funding = {}
        for c, it in self.items.items():
            fis = self.measure(it, "inc_fiscal")
            proj = it["gp"] + it["fp"] + it["cp"]
            cut = int(proj * rng.uniform(0.2, 0.8)) if (proj and rng.random() < 0.4) else 0
            self.funding[c] = fis - cut
        self.agency_cs = self.public_cs if self.admin else 0
        self.agency_prev = max(0, int(self.agency_cs * rng.uniform(0.9, 1.1))) if rng.random() < 0.8 else self.agency_cs
        # projects of the performance table: split each 项 of project money into named projects
        projects = []
        names = rng.sample(PROJECT_NAMES, len(PROJECT_NAMES))
        for c, it in self.items.items():
            fis = it["gp"] + it["fp"] + it["cp"]
            oth = it["np"]
            if fis + oth == 0:
                continue
            n = 1 if (fis + oth) < 5000 else rng.randint(1, 2)
            ws = [rng.uniform(0.3, 1.0) for _ in range(n)]
            from .model import alloc
            fs, os_ = alloc(fis, ws), alloc(oth, ws)
            for k in range(n):
                base = names.pop() if names else f"{C.FUNC[c]}经费"
                projects.append((base, fs[k], os_[k]))
        rng.shuffle(projects)
        self.projects = projects
        self.meeting = e["30215"]
        self.training = e["30216"]
        self.cars_new = rng.randint(0, 3)
        self.prev_total_inc = self.prev_fis + (self.total("inc_total") - self.total("inc_fiscal"))

    def fname(self, code: str) -> str:
        return C.class_name(code, self.year) if len(code) == 3 else C.FUNC[code]

    # -- cells --------------------------------------------------------------------
    def fcode_cells(self, code: str, first_in_class: bool = True) -> list:
        """类 | 款 | 项 as the 长沙 budgets print them."""
        k = code[3:5]
        if self.one_digit and k.startswith("0"):
            k = k[1:]
        if len(code) == 3:
            parts = [code, "", ""]
        elif len(code) == 5:
            parts = ["", k, ""]
        elif self.code_mode == "levels_alone":
            parts = ["", "", code[5:7]]
        else:
            parts = [code[:3], k, code[5:7]]
        return [T(p, kind="code") for p in parts]

    def ecode_cells(self, code: str) -> list:
        if self.econ_mode == "whole":
            return [T(code, kind="code")]
        if len(code) == 3:
            return [T(code, kind="code"), T("", kind="code")]
        k = code[3:5]
        if self.one_digit and k.startswith("0"):
            k = k[1:]
        if self.code_mode == "levels_alone":
            return [T("", kind="code"), T(k, kind="code")]
        return [T(code[:3], kind="code"), T(k, kind="code")]

    def mk(self, key, header, body, cols, notes=None, unit=None):
        t = Table(key, "", f"{self.year}年{TITLES[key]}", "", header, body, cols,
                  notes=[NOTES[key]] if notes is None and key in NOTES else list(notes or []),
                  meta_left=f"单位名称：{self.dept}", meta_right=unit or "单位：万元")
        return t

    def stars(self, nlab: int, n: int) -> list:
        return [H("**") for _ in range(nlab)] + [H(str(k + 1)) for k in range(n)]

    def cols_func(self, n: int) -> list:
        name_w = 14 if "narrow_wrap" in self.opts else 22
        code = [5, 5, 5]
        rest = 100 - sum(code) - name_w
        return code + [name_w] + [rest / n] * n

    def ordered_rows(self, filt: str, key: str):
        rows = self.func_rows(filt)
        if self.order_mode != "shuffled" or key != "general_expenditure":
            return rows
        # the printed order is not code order: classes and the 项 of a 款 in a random order
        rng = self.rng
        by_cls: dict[str, list] = {}
        for code, name in rows:
            by_cls.setdefault(code[:3], []).append((code, name))
        out = []
        cls = list(by_cls)
        rng.shuffle(cls)
        for c in cls:
            block = by_cls[c]
            head = [r for r in block if len(r[0]) <= 5]
            res = []
            for kh in [r for r in head if len(r[0]) == 5]:
                xs = [r for r in block if len(r[0]) == 7 and r[0].startswith(kh[0])]
                rng.shuffle(xs)
                res.append([kh] + xs)
            out.append((c, C.class_name(c, self.year)))
            for grp in res:
                out += grp
        return out

    def func_body(self, key, spec, filt):
        """spec: [(col, measure or callable)]; 合计 first, as the 长沙 budgets print it."""
        sep = self.sep_for(key)
        body = [[T("合计", cs=4)] + [self.num(self.val(m, ""), (key, "", "", "合计", col), sep) for col, m in spec]]
        for code, name in self.ordered_rows(filt, key):
            body.append(self.fcode_cells(code) + [T(name)] +
                        [self.num(self.val(m, code), (key, "", code, name, col), sep) for col, m in spec])
        return body

    def val(self, m, code: str) -> int:
        if m is None:
            return 0
        if callable(m):
            return m(code)
        return self.sum_prefix(code, m)

    def funding_of(self, prefix: str) -> int:
        return sum(v for c, v in self.funding.items() if c.startswith(prefix))

    # -- tables ---------------------------------------------------------------------
    def build_tables(self) -> dict:
        t = {
            "summary": self.t_summary(),
            "income": self.t_income(),
            "expenditure": self.t_expenditure(),
            "fiscal_summary": self.t_fiscal_summary(),
            "general_expenditure": self.t_general_expenditure(),
            "general_basic": self.t_general_basic(),
            "three_public": self.t_three_public(),
            "gov_fund": self.t_fund("gov_fund"),
        }
        if self.print_cap:
            t["state_capital"] = self.t_fund("state_capital")
        self.perf_forms = []
        if self.print_perf and self.perf_form != "grid":
            self.perf_forms = self.t_performance_forms()
            t["performance"] = self.perf_forms[0]
        elif self.print_perf:
            t["performance"] = self.t_performance()
        return t

    def t_summary(self):
        key = "summary"
        sep = self.sep_for(key)
        tot = self.total("inc_total")
        L = [("一、本级财政拨款收入", self.total("inc_fiscal")), ("二、财政专户管理事业收入", 0),
             ("三、事业单位经营服务收入", self.total("inc_operating")), ("四、上级补助收入", 0),
             ("五、其它收入", self.total("inc_other")), ("六、事业收入", self.total("inc_business")),
             ("本 年 收 入 合 计", tot), ("七、上年结转", 0), None, ("收 入 总 计", tot)]
        R = [("一、基本支出", self.total("exp_basic")), ("二、项目支出", self.total("exp_project")),
             ("三、事业单位经营支出", 0), ("四、对附属单位补助支出", 0), ("五、上缴上级支出", 0), None,
             ("本 年 支 出 合 计", tot), ("六、结余分配", 0), ("七、结转下年", 0), ("支 出 总 计", tot)]
        body = []
        for l, r in zip(L, R):
            row = []
            for side, item in (("income", l), ("expenditure", r)):
                if item is None:
                    row += [T(""), T("", kind="num")]
                else:
                    row += [T(item[0]), self.num(item[1], (key, side, "", item[0], "amount"), sep)]
            body.append(row)
        header = [[H("收    入", cs=2), H("支    出", cs=2)],
                  [H("项    目"), H("本年预算"), H("项    目"), H("本年预算")]]
        return self.mk(key, header, body, [32, 18, 32, 18])

    def t_income(self):
        fis = "inc_fiscal"
        spec = [("total", "inc_total"), ("fiscal", fis), ("fiscal_funding", self.funding_of),
                ("fiscal_special_account", None), ("operating", "inc_operating"), ("superior_subsidy", None),
                ("other", "inc_other"), ("business", "inc_business"), ("carryover", None)]
        header = [[H("类", rs=2), H("款", rs=2), H("项", rs=2), H("功能科目", rs=2), H("合计", rs=2),
                   H("本级财政拨款", cs=2), H("财政专户管理事业收入", rs=2), H("事业单位经营服务收入", rs=2),
                   H("上级补助收入", rs=2), H("其它收入", rs=2), H("事业收入", rs=2), H("上年结转", rs=2)],
                  [H("金额"), H("其中:经费拨款")],
                  self.stars(4, 9)]
        return self.mk("income", header, self.func_body("income", spec, "inc_total"), self.cols_func(9))

    def func_head(self, heads: list) -> list:
        n = len(heads)
        return [[H("科目编码", cs=3), H("功能科目", rs=2)] + [H(h, rs=2) for h in heads],
                [H("类"), H("款"), H("项")],
                self.stars(4, n)]

    def t_expenditure(self):
        spec = [("total", "exp_total"), ("basic", "exp_basic"), ("project", "exp_project"), ("operating", None),
                ("subsidy_affiliated", None), ("remit_superior", None)]
        header = self.func_head(["总    计", "基本支出", "项目支出", "事业单位经营支出", "对附属单位补助支出", "上缴上级支出"])
        return self.mk("expenditure", header, self.func_body("expenditure", spec, "exp_total"), self.cols_func(6))

    def t_general_expenditure(self):
        spec = [("total", "gen_total"), ("basic", "gen_basic"), ("project", "gen_project")]
        header = self.func_head(["总    计", "基本支出", "项目支出"])
        return self.mk("general_expenditure", header, self.func_body("general_expenditure", spec, "gen_total"),
                       self.cols_func(3))

    def t_fund(self, key):
        pre = "fund" if key == "gov_fund" else "cap"
        has = self.has_fund if key == "gov_fund" else self.has_cap
        spec = [("total", f"{pre}_total"), ("basic", f"{pre}_basic"), ("project", f"{pre}_project")]
        header = self.func_head(["总    计", "基本支出", "项目支出"])
        if has:
            body = self.func_body(key, spec, f"{pre}_total")
        else:
            body = [[T("", kind="code") for _ in range(3)] + [T("")] + [T("", kind="num") for _ in spec]]
        return self.mk(key, header, body, self.cols_func(3))

    def t_fiscal_summary(self):
        key = "fiscal_summary"
        sep = self.sep_for(key)
        gen, fund = self.total("fiscal_general"), self.total("fiscal_gov_fund")
        cap = self.total("fiscal_state_capital")
        fis = gen + fund + cap
        classes = list(FS_CLASSES)
        have = {c for c, _ in classes}
        for c, n in self.classes_with("inc_fiscal"):
            if c not in have:
                classes.append((c, n))
        classes.sort(key=lambda x: (x[0] == "229", x[0]))
        right = [("一、本年支出", [fis, gen, fund, cap])]
        for k, (c, n) in enumerate(classes):
            right.append((f"{k + 1}、{n}", [self.sum_prefix(c, m) for m in
                          ("inc_fiscal", "fiscal_general", "fiscal_gov_fund", "fiscal_state_capital")]))
        right += [("二、结转下年", [0, 0, 0, 0]), ("支 出 总 计", [fis, gen, fund, cap])]
        left = [("一、本年收入", fis), ("1、一般公共预算拨款收入", gen), ("2、政府性基金预算拨款收入", fund),
                ("3、国有资本经营预算拨款收入", cap)]
        left += [None] * (len(right) - len(left) - 2) + [("二、上年结转", 0), ("收 入 总 计", fis)]
        cols = ["total", "general", "gov_fund", "state_capital"]
        body = []
        for l, r in zip(left, right):
            row = [T(""), T("", kind="num")] if l is None else \
                [T(l[0]), self.num(l[1], (key, "income", "", l[0], "amount"), sep)]
            row += [T(r[0])] + [self.num(v, (key, "expenditure", "", r[0], c), sep) for v, c in zip(r[1], cols)]
            body.append(row)
        header = [[H("收    入", cs=2), H("支    出", cs=5)],
                  [H("项目"), H("金    额"), H("项目"), H("合计"), H("一般公共预算"), H("政府性基金预算"), H("国有资本经营预算")]]
        return self.mk(key, header, body, [20, 12, 24, 11, 11, 11, 11])

    def t_general_basic(self):
        e = self.econ
        key = "general_basic"
        sep = self.sep_for(key)
        fault = getattr(self, "gb_fault", None)

        def amt(code):
            v = e[code]
            if fault and fault[0] == code:
                v += fault[1]
            return v

        def pers(code):
            if code[:3] in ("301", "303"):
                return amt(code)
            return self.pers302 if code in ("302", "30299") else 0

        ncode = 1 if self.econ_mode == "whole" else 2
        body = [[T("合计", cs=ncode + 1)] +
                [self.num(v, (key, "", "", "合计", col), sep) for v, col in
                 ((self.basic_general, "amount"), (self.personnel_cs, "personnel"), (self.public_cs, "public_expense"))]]
        for g in ("301", "302", "303", "307", "310", "399"):
            if e[g] == 0:
                continue
            name, kids = C.ECON_GROUPS[g]
            rows = [(g, name)] + [(c, n) for c, n in kids if amt(c) != 0]
            for code, nm in rows:
                v, p = amt(code), pers(code)
                body.append(self.ecode_cells(code) + [T(nm)] +
                            [self.num(v, (key, "", code, nm, "amount"), sep),
                             self.num(p, (key, "", code, nm, "personnel"), sep),
                             self.num(v - p, (key, "", code, nm, "public_expense"), sep)])
        if self.econ_mode == "whole":
            header = [[H("经济科目编码"), H("经济科目名称"), H("总计"), H("人员类"), H("公用经费")], self.stars(2, 3)]
            cols = [14, 32, 18, 18, 18]
        else:
            header = [[H("经济科目编码", cs=2), H("经济科目名称", rs=2), H("总计", rs=2), H("人员类", rs=2), H("公用经费", rs=2)],
                      [H("类"), H("款")], self.stars(3, 3)]
            cols = [8, 6, 32, 18, 18, 18]
        if "narrow_wrap" in self.opts:
            cols[ncode] = 20
        return self.mk(key, header, body, cols, unit=self.gb_unit)

    def t_three_public(self):
        b = self.tp
        veh = b["purchase"] + b["operation"]
        vals = [("budget_total", b["abroad"] + veh + b["reception"]), ("budget_reception", b["reception"]),
                ("budget_abroad", b["abroad"]), ("budget_vehicle", veh),
                ("budget_vehicle_purchase", b["purchase"]), ("budget_vehicle_operation", b["operation"])]
        sep = self.sep_for("three_public")
        body = [[T("合计")] + [self.num(v, ("three_public", "", "", "三公经费", col), sep) for col, v in vals]]
        if self.by_unit:
            body.append([T(f"{self.unit_code}_{self.dept}")] +
                        [self.num(v, ("three_public_by_unit", "", self.unit_code, self.dept, col), sep) for col, v in vals])
        header = [[H("部门名称", rs=2), H("三公经费预（决）算数（财政拨款）", cs=6)],
                  [H("小计"), H("公务接待费"), H("因公出国（境）费"), H("公务用车购置及运行费"),
                   H("其中：公务用车购置"), H("其中：公务用车运行费")]]
        note = f"注：本表反映部门本年度{self.year}年公共财政拨款\"三公\"经费情况，此表如无数字则表示单位无该项支出。"
        return self.mk("three_public", header, body, [22, 13, 13, 13, 13, 13, 13], notes=[note])

    def t_performance(self):
        key = "performance"
        sep = self.sep_for(key)
        code = f"{self.unit_code}001"
        ind = 2 + (self.rng.random() < 0.5)
        fis_t = sum(p[1] for p in self.projects)
        oth_t = sum(p[2] for p in self.projects)
        money = [("total", lambda f, o: f + o)]
        if self.perf_cols:
            money += [("fiscal", lambda f, o: f), ("other", lambda f, o: o)]
        nm = len(money)
        nlab = 3 + nm  # 单位编码, 名称, money, 绩效目标

        def mrow(c, name, f, o, rs=1):
            cells = [Cell_rs(T(c, kind="code"), rs), Cell_rs(T(name), rs)]
            cells += [Cell_rs(self.num(fn(f, o), (key, "", c, name, col), sep), rs) for col, fn in money]
            return cells

        blank4 = [T("") for _ in range(4)]
        body = [[T("合计", cs=2)] + [self.num(fn(fis_t, oth_t), (key, "", "", "合计", col), sep) for col, fn in money]
                + [T("")] + blank4]
        body.append(mrow(code, self.dept, fis_t, oth_t) + [T("")] + blank4)
        for k, (name, f, o) in enumerate(self.projects):
            inds = self.rng.sample(INDICATORS, ind)
            first = mrow(code, name, f, o, rs=ind) + [Cell_rs(T(self.rng.choice(GOALS)), ind)]
            for j, (a, b2, c3, v) in enumerate(inds):
                row = first if j == 0 else []
                body.append(row + [T(a), T(b2), T(c3), T(v)])
        if self.perf_cols:
            header = [[H("单位编码", rs=2), H("单位（项目）名称", rs=2), H("资金总额", rs=2), H("其中：财政资金", rs=2),
                       H("其他资金", rs=2), H("绩效目标", rs=2), H("绩效指标", cs=4)],
                      [H("一级指标"), H("二级指标"), H("三级指标"), H("指标值")]]
        else:
            header = [[H("单位编码", rs=2), H("单位（项目）名称", rs=2), H("资金总额", rs=2), H("绩效目标", rs=2),
                       H("绩效指标", cs=4)],
                      [H("一级指标"), H("二级指标"), H("三级指标"), H("指标值")]]
        cols = [8, 18] + [10] * nm + [18, 8, 10, 12, 8]
        del nlab
        return self.mk(key, header, body, cols, notes=[])

    def t_performance_forms(self) -> list:
        """One form a project, as 西安's and 上海 街道's 绩效目标表 print them: `项目名称 | …`, the money
        under a bracketed unit label (`资金金额（万元）`, no unit line above) over one period or two
        (the project's whole period beside the year's: 当年财政拨款 / 上年结转资金 / 其他资金), the goal,
        then the indicators under their own header row."""
        key = "performance"
        sep = self.sep_for(key)
        scale = 100 if self.perf_form_unit == "元" else 1
        two = self.perf_form == "two_periods"
        ncol = 5 if two else 4
        forms = []
        for name, f, o in self.projects:
            rng = self.rng
            earlier = rng.randint(0, f // 2) if (two and f and rng.random() < 0.5) else 0
            carried = rng.randint(0, f // 3) if (two and f and rng.random() < 0.4) else 0

            def money(col, v):
                return self.num(v * scale, (key, "", "", name, col), sep)

            label = Cell_rs(T(f"{'项目资金' if two else '资金金额'}（{self.perf_form_unit}）"), 4 if two else 3)
            body = [[T("项目名称"), T(name, cs=ncol - 1)], [T("主管部门"), T(self.dept, cs=ncol - 1)]]
            if two:
                body += [[label, T("项目资金总额"), money("total", f + o + earlier), T("年度资金申请总额"),
                          money("annual_total", f + o)],
                         [T("其中：财政资金"), money("fiscal", f + earlier), T("其中：当年财政拨款"),
                          money("annual_fiscal", f - carried)],
                         [T(""), T(""), T("上年结转资金"), money("annual_carryover", carried)],
                         [T("其他资金"), money("other", o), T("其他资金"), money("annual_other", o)]]
            else:
                body += [[label, T("实施期资金总额"), Cell_cs(money("total", f + o), 2)],
                         [T("其中：财政拨款"), Cell_cs(money("fiscal", f), 2)],
                         [T("其他资金"), Cell_cs(money("other", o), 2)]]
            body.append([T("总体目标"), T(rng.choice(GOALS), cs=ncol - 1)])
            body.append([T("一级指标"), T("二级指标"), T("三级指标", cs=ncol - 3), T("指标值")])
            for a, b2, c3, v in rng.sample(INDICATORS, 2 + (rng.random() < 0.5)):
                body.append([T(a), T(b2), T(c3, cs=ncol - 3), T(v)])
            cols = [16, 22, 20, 22, 20] if two else [18, 30, 30, 22]
            forms.append(Table(key, "", f"{self.year}年{TITLES[key]}", "", [], body, cols, notes=[],
                               meta_left="", meta_right="", style="ruled"))
        return forms

    def facts(self) -> list[tuple]:
        out = super().facts()
        for tb in self.perf_forms[1:]:
            out += list(tb.facts())
        return out

    # -- narrative ------------------------------------------------------------------
    def A(self, w: int) -> str:
        return fmt(w)

    def narrative(self):
        S, A = self.slot, self.A
        Y, D = self.year, self.dept
        out = []
        p = lambda s: out.append(("p", s))
        h = lambda s: out.append(("h2", s))
        sec3, sec4, sec6 = "三、部门收支总体情况", "四、一般公共预算拨款支出", "六、其他重要事项的情况说明"
        cy = S("cmp_year", str(Y - 1), sec6, "comparison_year")
        tot = self.total("inc_total")
        gen, fund = self.w_gen, self.w_fund
        bus, opr, oth = self.total("inc_business"), self.total("inc_operating"), self.total("inc_other")

        def chg(cur, prev, key, sec, what, ref=None):
            """as the real report: 收入较去年减少1316.82万元，下降1.88% / 比上年预算减少29.30万元"""
            ref = ref or f"比{cy}年预算"
            d = cur - prev
            if d == 0:
                return f"{what}与{cy}年持平"
            r = S(key + "_pct", pct(abs(d), prev) + "%", sec, "growth_pct") if prev else None
            s = f"{what}{ref}{'增加' if d > 0 else '减少'}{A(abs(d))}万元"
            return s + (f"，{'增长' if d > 0 else '下降'}{r}" if r else "")

        h("一、部门基本概况")
        p("（一）职能职责")
        for k, dut in enumerate(self.rng.sample(C.DUTIES, 4)):
            p(f"{k + 1}、{dut}")
        p(f"（二）机构设置：{D}内设机构{self.rng.randint(5, 16)}个。")
        h("二、部门预算单位构成")
        p(f"{D}部门只有本级，没有其他二级预算单位，因此，纳入{Y}年部门预算编制范围的只有{D}本级。")
        h(sec3)
        up = tot > self.prev_total_inc
        reason = S("total_reason", self.rng_text[0] if up else self.rng_text[1], sec3, "text")
        p(f"（一）收入预算：{Y}年本单位收入预算{S('amt_total', A(tot), sec3, 'amount', 'summary 收入总计')}万元，其中，"
          f"一般公共预算拨款{S('amt_gen_inc', A(gen), sec3, 'amount', 'fiscal_summary 一般公共预算拨款收入' if gen else '')}万元，"
          f"政府性基金预算拨款{A(fund)}万元，财政专户管理事业收入0.00万元，事业单位经营服务收入"
          f"{S('unit_operating', A(opr) + '万元', sec3, 'unit')}，上级补助收入0.00万元，其他收入{A(oth)}万元，"
          f"事业收入{A(bus)}万元，上年结转0.00万元。{chg(tot, self.prev_total_inc, 'inc', sec3, '收入', '较去年')}。"
          f"主要是{reason}等原因。")
        parts = "，".join(f"{n}{A(self.sum_prefix(c, 'exp_total'))}万元" for c, n in self.classes_with("exp_total"))
        p(f"（二）支出预算：{Y}年本单位支出预算{A(tot)}万元，其中：{parts}。"
          f"{chg(tot, self.prev_total_inc, 'exp', sec3, '支出', '较去年')}。主要是{reason}等原因。")
        h(sec4)
        gcls = self.classes_with("gen_total")
        shares = "；".join(f"{n}{A(self.sum_prefix(c, 'gen_total'))}万元，占{pct(self.sum_prefix(c, 'gen_total'), gen)}%"
                          for c, n in gcls)
        p(f"{Y}年本单位一般公共预算拨款支出{S('amt_general', A(gen), sec4, 'amount', 'general_expenditure 合计 total')}"
          f"万元，其中：{shares}。具体安排情况如下：")
        gb = self.total("gen_basic")
        p(f"（一）基本支出：{Y}年本单位基本支出预算数{S('amt_basic', A(gb), sec4, 'amount', 'general_expenditure 合计 basic')}"
          f"万元，主要是为保障部门正常运转、完成日常工作任务而发生的各项支出，包括用于基本工资、津贴补贴等人员经费以及办公费、"
          f"印刷费、水电费、办公设备购置等公用经费。")
        gp = self.total("gen_project")
        pcls = "；".join(f"{n}{A(self.sum_prefix(c, 'gen_project'))}万元" for c, n in self.classes_with("gen_project"))
        p(f"（二）项目支出：{Y}年本单位项目支出预算{A(gp)}万元，主要是单位为完成特定行政工作任务或事业发展目标而发生的支出"
          + (f"，其中：{pcls}。" if pcls else "。"))
        h("五、政府性基金预算支出")
        if fund:
            p(f"{Y}年本单位政府性基金预算拨款支出{A(fund)}万元。")
        else:
            p(f"{Y}年本单位无政府性基金安排的支出。")
        h(sec6)
        ag = self.agency_cs
        if self.admin:
            p(f"（一）机关运行经费：{Y}年{D}机关运行经费"
              f"{S('amt_agency', A(ag), sec6, 'amount', 'general_basic 合计 public_expense' if ag else '')}万元，"
              f"{chg(ag, self.agency_prev, 'agency', sec6, '')}。")
        else:
            p(f"（一）机关运行经费：{D}为事业单位，无机关运行经费。")
        b, pb = self.tp, self.tp_prev
        tt, pt = sum(b.values()), sum(pb.values())
        veh = b["purchase"] + b["operation"]
        p(f"（二）“三公”经费预算：{Y}年{D}“三公”经费预算数为"
          f"{S('amt_tp', A(tt), sec6, 'amount', 'three_public budget_total' if tt else '')}万元，其中，公务接待费"
          f"{A(b['reception'])}万元，公务用车购置及运行费{A(veh)}万元（其中，公务用车购置费{A(b['purchase'])}万元，"
          f"公务用车运行费{A(b['operation'])}万元），因公出国（境）费{A(b['abroad'])}万元。"
          f"{Y}年{chg(tt, pt, 'tp', sec6, '“三公”经费预算')}。")
        p(f"（三）一般性支出情况：{Y}年本单位会议费预算{A(self.meeting)}万元，培训费预算{A(self.training)}万元；"
          f"未举办节庆、晚会、论坛、赛事等活动。")
        pg, pw = self.procure_goods, self.procure_works
        p(f"（四）政府采购情况：{Y}年本单位政府采购预算总额{A(self.procure)}万元，其中，货物类采购预算{A(pg)}万元；"
          f"工程类采购预算{A(pw)}万元；服务类采购预算{A(self.procure - pg - pw)}万元。")
        p(f"（五）国有资产占用使用及新增资产配置情况：截至{Y - 1}年12月底，本单位共有公务用车{self.cars}辆；"
          f"{Y}年拟新增配置公务用车{self.cars_new}辆。")
        ep = self.total("exp_project")
        p(f"（六）预算绩效目标说明：本单位所有支出实行绩效目标管理。纳入{Y}年部门整体支出绩效目标的金额为{A(tot)}万元，"
          f"其中，基本支出{A(self.total('exp_basic'))}万元，项目支出{A(ep)}万元。具体绩效目标详见报表。")
        h("七、名词解释")
        p("1．机关运行经费：是指各部门的公用经费，包括办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费、"
          "专用资料及一般设备购置费、办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用。")
        p("2．“三公”经费：是指用一般公共预算拨款安排的公务接待费、公务用车购置及运行维护费和因公出国（境）费。")
        return out, []

    # -- faults and document ------------------------------------------------------
    def apply_text_faults(self):
        names = list(self.fault_names)
        self.fault_names = [f for f in names if f != "sum.children"]
        super().apply_text_faults()
        applied = set(self.fault_names)
        if "sum.children" in names and self.missing != "general_basic":
            code, delta = self.gb_fault
            kids = C.ECON_GROUPS["302"][1]
            e = self.econ
            sev = FAULTS["sum.children"]
            printed_a = sum(e[c] for c, _ in kids) + delta
            printed_p = printed_a - self.pers302
            for col, printed, want in (("amount", printed_a, e["302"]), ("public_expense", printed_p, e["302"] - self.pers302)):
                self.checks.insert(0, ["general_basic", "302 商品和服务支出", col, fmt(printed), fmt(want),
                                       f"sum.children ({sev}): the 302xx children sum to {fmt(printed)} (child {code} "
                                       f"printed as {fmt(e[code] + delta)}) but the 302 row says {fmt(want)}."])
            applied.add("sum.children")
        self.fault_names = [f for f in names if f in applied]

    def build(self):
        rng = self.rng
        self.gb_unit = "单位:万元" if rng.random() < 0.5 else "单位：万元"
        self.missing = None
        if "sum.children" in self.fault_names:
            cands = [c for c, _ in C.ECON_302 if self.econ[c] > 0 and c != "30299"]
            code = rng.choice(cands)
            delta = rng.choice([1, -1]) * rng.randint(1, max(1, min(self.econ[code], 2000)))
            if self.econ[code] + delta <= 0:
                delta = abs(delta)
            self.gb_fault = (code, delta)
        tables = self.build_tables()
        self.order = list(tables)
        if "table.missing" in self.fault_names:
            self.missing = rng.choice([k for k in ("general_basic", "gov_fund", "three_public", "fiscal_summary",
                                                    "state_capital") if k in tables
                                       and not (k == "general_basic" and "sum.children" in self.fault_names)])
        if "split_repeat_header" in self.opts or "split_no_header" in self.opts:
            cands = [k for k in ("income", "expenditure", "general_expenditure", "general_basic", "fiscal_summary")
                     if len(tables[k].body) >= 8 and k != self.missing]
            if cands:
                k = rng.choice(cands)
                tb = tables[k]
                tb.split = len(tb.body) * rng.randint(45, 70) // 100
                tb.repeat_header = "split_repeat_header" in self.opts
                self.split_table = k
        for tb in list(tables.values()) + self.perf_forms:
            tb.wide = "landscape" in self.opts
        self.toc_names = {}
        for k, key in enumerate(self.order):
            name = TOC_SHORT[key] if self.toc_mode == "short" else tables[key].title
            self.toc_names[key] = f"{k + 1}、{name}"
            tables[key].heading = self.toc_names[key]  # for the 目录 and table.missing; not printed
        self.tables = tables
        self.slots, self.overrides = {}, {}
        self.narrative()
        self.apply_text_faults()
        nar, _ = self.narrative()
        self.blocks = self.compose(nar, [])

    def compose(self, nar, other) -> list:
        Y, D = self.year, self.dept
        blocks = [("cover", [D, f"{Y}年部门预算公开"], [])]
        self.cover_rows = [("单位名称：", D), ("编制日期：", f"{Y - 1}年12月")]
        toc = [("tp", f"第一部分 {Y}年部门预算说明")]
        toc += [("ti", s) for s in ("一、部门基本概况", "二、部门预算单位构成", "三、部门收支总体情况", "四、一般公共预算拨款支出",
                                    "五、政府性基金预算支出", "六、其他重要事项的情况说明", "七、名词解释")]
        toc.append(("tp", f"第二部分 {Y}年部门预算表"))
        toc += [("ti", self.toc_names[k]) for k in self.order]
        toc.append(("ti", "注：以上部门预算报表中，空表表示本部门无相关收支情况"))
        blocks.append(("toc", toc))
        blocks.append(("part", "第一部分", "部门预算公开说明"))
        blocks += nar
        blocks.append(("part", "第二部分", f"{Y}年部门预算表"))
        for k in self.order:
            if k == "performance" and self.perf_forms:
                blocks += [("table", tb) for tb in self.perf_forms]
            elif k != self.missing:
                blocks.append(("table", self.tables[k]))
        return blocks

    def meta(self) -> dict:
        m = super().meta()
        m["layout_options"] = dict(self.layout_vars)
        if self.perf_forms:
            m["table_units"]["performance"] = self.perf_form_unit
        return m


def Cell_rs(cell, rs: int):
    cell.rs = rs
    return cell


def Cell_cs(cell, cs: int):
    cell.cs = cs
    return cell
