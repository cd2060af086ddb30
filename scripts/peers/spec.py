"""The job `micropanel compute` runs, written once for the peers (polars, DuckDB).

The formulas below are a small expression tree (`Expr`). `polars_job.py` turns it into polars
expressions and `duckdb_job.py` into SQL, so the two peers cannot drift apart. The rules mirror
MicroPanel's Swift kernel (Sources/MicroPanelIndicators): a value is a number or missing (null),
the first missing operand makes the result missing, `a / b` is missing when b is 0, and every
operation happens in the same order as in Swift, so results agree bit for bit.
"""

import csv
import gzip

# Cells that mean "missing" (MicroPanel's NumberParser); the generated panel uses empty cells.
MISSING_MARKERS = ["", "NA", "N/A", "n/a", "null", "-", "..", "#N/A"]

# Key and descriptor columns the job reads: key -> header spellings (FieldCatalog.swift).
TEXT_FIELDS = {
    "mfi_id": ["MFI ID"],
    "country": ["Country"],
    "currency": ["Currency"],
    "period_type": ["Period Type"],
}
YEAR_FIELD = ("fiscal_year", ["Fiscal Year"])

# Amounts and counts (float64): key -> header spellings (FieldCatalog.swift, spec §1).
NUMBER_FIELDS = {
    "assets": ["Assets"],
    "liabilities": ["Liabilities"],
    "equity": ["Equity"],
    "glp": ["Gross Loan Portfolio"],
    "deposits": ["Deposits"],
    "borrowings": ["Borrowings"],
    "subordinated_debt": ["Subordinated debt"],
    "par30_amount": ["Gross Loan Portfolio > Delinquency > One month or more"],
    "par90_amount": ["Gross Loan Portfolio > Delinquency > One month or more > More than three months"],
    "renegotiated": ["Gross Loan Portfolio > Delinquency > Renegotiated loans"],
    "impairment_allowance": ["Impairment loss allowance"],
    "interest_receivable": ["Interest receivable"],
    "financial_revenue": ["Financial revenue"],
    "loan_revenue": ["Financial revenue from loans"],
    "funding_expense": ["Financial expense on funding liabilities"],
    "impairment_expense": ["Net impairment loss, gross loan portfolio"],
    "operating_expense": ["Operating expense"],
    "personnel_expense": ["Personnel expense"],
    "administrative_expense": ["Administrative expense"],
    "depreciation": ["Depreciation and amortisation expense", "Depreciation and amortization expense"],
    "net_operating_income": ["Net operating income"],
    "tax": ["Tax expense"],
    "write_offs": ["Write offs"],
    "recoveries": ["Recoveries on loans written off"],
    "borrowers": ["Number of active borrowers"],
    "loans": ["Number of loans outstanding"],
    "depositors": ["Number of depositors"],
    "loans_at_risk30": ["Loans at risk > 30 days"],
    "personnel": ["Personnel"],
    "loan_officers": ["Loan officers"],
    "avg_assets": ["Average assets"],
    "avg_equity": ["Average equity"],
    "avg_glp": ["Average gross loan portfolio"],
    "avg_borrowers": ["Average number of active borrowers"],
    "avg_loans": ["Average number of loans outstanding"],
}

# MicroPanel's indicator columns, in its output order; depth_tier is text, the rest float64.
INDICATORS = [
    "borrowers", "depositors", "borrower_growth", "glp_growth", "avg_loan_balance",
    "avg_loan_balance_gni", "depth_tier", "avg_deposit_balance_gni", "par30", "par90", "lar30",
    "write_off_ratio", "loan_loss_rate", "provision_expense_ratio", "risk_coverage", "roa", "roe",
    "oss", "yield_nominal", "yield_cash", "yield_real", "profit_margin", "oer", "cost_per_borrower",
    "cost_per_borrower_gni", "cost_per_loan", "borrowers_per_staff", "borrowers_per_loan_officer",
    "funding_expense_ratio", "cost_of_funds", "debt_to_equity", "capital_to_assets",
]
TEXT_INDICATORS = {"depth_tier"}


def normalize(name):
    """MicroPanel's column-name normalisation: lower case, runs of non-alphanumerics -> one space."""
    return " ".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


def read_header(path):
    """The header row of a (gzip) CSV file."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as file:
        return next(csv.reader(file))


def resolve_columns(header):
    """Maps each field key to the file's header (first matching spelling); absent keys are left out."""
    by_name = {}
    for name in header:
        by_name.setdefault(normalize(name), name)
    found = {}
    for key, spellings in [*TEXT_FIELDS.items(), YEAR_FIELD, *NUMBER_FIELDS.items()]:
        for spelling in spellings:
            if normalize(spelling) in by_name:
                found[key] = by_name[normalize(spelling)]
                break
    return found


# ---------------------------------------------------------------------------------------------
# Expressions. Missing is null in both engines. Constructors fold operations on a known-missing
# operand (an input column the file lacks) so the generated code stays short.

class Expr:
    def __add__(self, other): return arith("+", self, other)
    def __sub__(self, other): return arith("-", self, other)
    def __truediv__(self, other): return arith("/", self, other)   # missing when other == 0
    def __lt__(self, other): return Compare("<", self, wrap(other))
    def __le__(self, other): return Compare("<=", self, wrap(other))
    def __gt__(self, other): return Compare(">", self, wrap(other))
    def __or__(self, other): return Or(self, other)


class Col(Expr):
    """A column of the working table: an input key, or a value an earlier step named."""
    def __init__(self, name): self.name = name


class Lit(Expr):
    """A constant: a float, a string, or None (missing)."""
    def __init__(self, value): self.value = value


MISSING = Lit(None)


class Arith(Expr):
    """a + b, a - b, a / b; a / b is missing when b is 0 (a literal divisor is never 0)."""
    def __init__(self, op, a, b): self.op, self.a, self.b = op, a, b


class Coalesce(Expr):
    """a if a is present, else b."""
    def __init__(self, a, b): self.a, self.b = a, b


class Prior(Expr):
    """`e` in the same institution's row of fiscal year t-1; missing when there is no such row."""
    def __init__(self, e): self.e = e


class IsPresent(Expr):
    def __init__(self, e): self.e = e


class IsMissing(Expr):
    def __init__(self, e): self.e = e


class Compare(Expr):
    def __init__(self, op, a, b): self.op, self.a, self.b = op, a, b


class Or(Expr):
    def __init__(self, a, b): self.a, self.b = a, b


class UpperIn(Expr):
    """upper(text) is one of `values`."""
    def __init__(self, e, values): self.e, self.values = e, list(values)


class Case(Expr):
    """The value of the first branch whose condition holds; missing when none holds."""
    def __init__(self, branches): self.branches = [(c, wrap(v)) for c, v in branches]


def wrap(value):
    return value if isinstance(value, Expr) else Lit(value)


def is_missing_literal(e):
    return isinstance(e, Lit) and e.value is None


def arith(op, a, b):
    a, b = wrap(a), wrap(b)
    if is_missing_literal(a) or is_missing_literal(b):
        return MISSING
    return Arith(op, a, b)


def first_present(a, b):
    if is_missing_literal(a):
        return b
    if is_missing_literal(b):
        return a
    return Coalesce(a, b)


def prior(e):
    return MISSING if is_missing_literal(e) else Prior(e)


def zero_if_absent(e):
    return first_present(e, Lit(0.0))


def when(condition, value):
    return Case([(condition, value)])


def children(e):
    if isinstance(e, (Arith, Coalesce, Compare, Or)):
        return [e.a, e.b]
    if isinstance(e, (Prior, IsPresent, IsMissing, UpperIn)):
        return [e.e]
    if isinstance(e, Case):
        return [x for branch in e.branches for x in branch]
    return []


def uses_prior(e):
    """Whether `e` needs a prior-year value (SQL needs a window for it)."""
    return isinstance(e, Prior) or any(uses_prior(child) for child in children(e))


def columns_used(e):
    if isinstance(e, Col):
        return {e.name}
    return set().union(set(), *[columns_used(child) for child in children(e)])


# ---------------------------------------------------------------------------------------------
# The job. Each engine first builds the panel table (annual rows with an id and a year, sorted by
# mfi_id in byte order, then fiscal_year):
#   mfi_id, fiscal_year (int64), country, currency (text; null when the file has no such column),
#   every numeric input the file has, under its key (float64),
#   ref_gni, ref_inflation: the prepared GNI per capita and inflation (percent) of (Country, Fiscal Year),
#   has_prior: the same institution has a row for fiscal year t-1.
# Then each step of `job` adds the columns it names, computed from the columns before it, and
# the output is mfi_id, fiscal_year and the indicators, in INDICATORS order.

PANEL_COLUMNS = ["mfi_id", "fiscal_year", "country", "currency", "ref_gni", "ref_inflation", "has_prior"]


def job(has):
    """(steps, indicators) for a file with the numeric input keys `has` (a set). `steps` is a list
    of {name: Expr}; `indicators` maps each output column to its Expr."""

    def x(key):                        # input(x): the cell (missing also when the file lacks it)
        return Col(key) if key in has else MISSING

    def zero(key):                     # zeroIfAbsent(x): tax, recoveries, renegotiated loans
        return zero_if_absent(x(key))

    def average(key, explicit):        # the explicit period average, else (x[t-1] + x[t]) / 2
        return first_present(x(explicit), (prior(x(key)) + x(key)) / 2)

    def per_gni(amount):               # amount / GNI per capita
        return amount / Col("gni")

    currency = Col("currency")
    shared = {
        # GNI-based values need US$ amounts: Currency missing, or USD / US$ (any case).
        "gni": when(IsMissing(currency) | UpperIn(currency, ["USD", "US$"]), Col("ref_gni")),
        "opex": first_present(
            x("operating_expense"), x("personnel_expense") + x("administrative_expense") + x("depreciation")),
        "after_tax": x("net_operating_income") - zero("tax"),
        "at_risk30": x("par30_amount") + zero("renegotiated"),
        "average_glp": average("glp", "avg_glp"),
        "average_assets": average("assets", "avg_assets"),
        "average_equity": average("equity", "avg_equity"),
        "average_borrowers": average("borrowers", "avg_borrowers"),
        "average_loans": average("loans", "avg_loans"),
        # Deposits + borrowings + subordinated debt: a missing part counts 0 while one is present.
        "funding_liabilities": when(
            IsPresent(x("deposits")) | IsPresent(x("borrowings")) | IsPresent(x("subordinated_debt")),
            zero("deposits") + zero("borrowings") + zero("subordinated_debt")),
    }
    fl = Col("funding_liabilities")
    shared2 = {
        # Cost of funds needs both a Deposits and a Borrowings column; no explicit average here.
        "average_funding_liabilities": (prior(fl) + fl) / 2 if {"deposits", "borrowings"} <= has else MISSING,
        "loan_balance_gni": per_gni(x("glp") / x("borrowers")),
        "opex_per_borrower": Col("opex") / Col("average_borrowers"),
    }

    glp, borrowers, avg_glp = x("glp"), x("borrowers"), Col("average_glp")
    opex, after_tax, avg_equity = Col("opex"), Col("after_tax"), Col("average_equity")
    depth = Col("loan_balance_gni")
    indicators = {
        "borrowers": borrowers,
        "depositors": x("depositors"),
        "borrower_growth": borrowers / prior(borrowers) - 1,
        "glp_growth": glp / prior(glp) - 1,
        "avg_loan_balance": glp / borrowers,
        "avg_loan_balance_gni": depth,
        "depth_tier": Case([(depth < 0.20, "low_end"), (depth < 1.50, "broad"), (depth <= 2.50, "high_end"),
                            (IsPresent(depth), "small_business")]),
        "avg_deposit_balance_gni": per_gni(x("deposits") / x("depositors")),
        "par30": Col("at_risk30") / glp,
        "par90": (x("par90_amount") + zero("renegotiated")) / glp,
        "lar30": x("loans_at_risk30") / x("loans"),
        "write_off_ratio": x("write_offs") / avg_glp,
        "loan_loss_rate": (x("write_offs") - zero("recoveries")) / avg_glp,
        "provision_expense_ratio": x("impairment_expense") / avg_glp,
        "risk_coverage": x("impairment_allowance") / Col("at_risk30"),
        "roa": after_tax / Col("average_assets"),
        # Missing when average equity <= 0 (and, as any ratio, when a part is missing).
        "roe": when(avg_equity > 0, after_tax / avg_equity),
        "oss": x("financial_revenue") / (x("funding_expense") + x("impairment_expense") + opex),
        "yield_nominal": x("loan_revenue") / avg_glp,
        "yield_cash": (x("loan_revenue") - (x("interest_receivable") - prior(x("interest_receivable")))) / avg_glp,
        # (nominal − π) / (1 + π), π the inflation rate as a fraction.
        "yield_real": (x("loan_revenue") / avg_glp - Col("ref_inflation") / 100)
        / (Lit(1.0) + Col("ref_inflation") / 100),
        "profit_margin": x("net_operating_income") / x("financial_revenue"),
        "oer": opex / avg_glp,
        "cost_per_borrower": Col("opex_per_borrower"),
        "cost_per_borrower_gni": per_gni(Col("opex_per_borrower")),
        "cost_per_loan": opex / Col("average_loans"),
        "borrowers_per_staff": borrowers / x("personnel"),
        "borrowers_per_loan_officer": borrowers / x("loan_officers"),
        "funding_expense_ratio": x("funding_expense") / avg_glp,
        "cost_of_funds": x("funding_expense") / Col("average_funding_liabilities"),
        "debt_to_equity": x("liabilities") / x("equity"),
        "capital_to_assets": x("equity") / x("assets"),
    }
    steps = [shared, shared2]
    check(steps, indicators, has)
    return steps, indicators


def check(steps, indicators, has):
    """Every expression reads only columns defined before it; names do not clash."""
    known = set(PANEL_COLUMNS) | set(has)
    for step in steps:
        for name, e in step.items():
            assert name not in known, f"step column {name} clashes"
            assert columns_used(e) <= known, f"{name} reads {columns_used(e) - known}"
        known |= set(step)
    assert list(indicators) == INDICATORS, "indicators out of MicroPanel's order"
    for name, e in indicators.items():
        assert columns_used(e) <= known, f"{name} reads {columns_used(e) - known}"
