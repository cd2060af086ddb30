"""The peer job in DuckDB: read the gzip panel, compute the indicators, write the CSV.

    python duckdb_job.py PANEL.csv.gz GNI.csv OUT.csv     prints the job's own seconds (after imports)
    python duckdb_job.py --sql PANEL.csv.gz GNI.csv OUT.csv   prints the generated SQL instead

The formulas come from spec.py, compiled to SQL here.
"""

import sys
import time

import duckdb

import spec

WINDOW = "WINDOW w AS (PARTITION BY mfi_id ORDER BY fiscal_year)"


def name(identifier):
    return '"' + identifier.replace('"', '""') + '"'


def string(text):
    return "'" + text.replace("'", "''") + "'"


def sql(e):
    """SQL for the spec expression `e` (missing is NULL)."""
    if isinstance(e, spec.Col):
        return name(e.name)
    if isinstance(e, spec.Lit):
        if e.value is None:
            return "CAST(NULL AS DOUBLE)"
        return string(e.value) if isinstance(e.value, str) else f"CAST('{e.value!r}' AS DOUBLE)"
    if isinstance(e, spec.Arith):
        a, b = sql(e.a), sql(e.b)
        if e.op != "/" or isinstance(e.b, spec.Lit):  # a constant divisor (2) is never 0
            return f"({a} {e.op} {b})"
        return f"CASE WHEN {b} <> 0 THEN {a} / {b} END"
    if isinstance(e, spec.Coalesce):
        return f"COALESCE({sql(e.a)}, {sql(e.b)})"
    if isinstance(e, spec.Prior):
        return f"CASE WHEN has_prior THEN LAG({sql(e.e)}) OVER w END"
    if isinstance(e, spec.IsPresent):
        return f"({sql(e.e)} IS NOT NULL)"
    if isinstance(e, spec.IsMissing):
        return f"({sql(e.e)} IS NULL)"
    if isinstance(e, spec.Compare):
        return f"({sql(e.a)} {e.op} {sql(e.b)})"
    if isinstance(e, spec.Or):
        return f"({sql(e.a)} OR {sql(e.b)})"
    if isinstance(e, spec.UpperIn):
        return f"(upper({sql(e.e)}) IN ({', '.join(string(v) for v in e.values)}))"
    if isinstance(e, spec.Case):
        branches = " ".join(f"WHEN {sql(c)} THEN {sql(v)}" for c, v in e.branches)
        return f"CASE {branches} END"
    raise TypeError(e)


def select(definitions, source, extra=""):
    """SELECT of named expressions from `source`, with the window when a prior value is used."""
    lines = ",\n    ".join(f"{sql(e)} AS {name(key)}" for key, e in definitions.items())
    window = WINDOW if any(spec.uses_prior(e) for e in definitions.values()) else ""
    return f"SELECT {extra}\n    {lines}\n  FROM {source} {window}"


def query(path, gni_path):
    columns = spec.resolve_columns(spec.read_header(path))
    numbers = [key for key in spec.NUMBER_FIELDS if key in columns]
    types = {columns[key]: "DOUBLE" for key in numbers}
    types[columns["fiscal_year"]] = "BIGINT"
    types.update({columns[key]: "VARCHAR" for key in spec.TEXT_FIELDS if key in columns})

    def column(key):
        return f"{name(columns[key])} AS {key}" if key in columns else f"CAST(NULL AS VARCHAR) AS {key}"

    reader = (f"read_csv({string(path)}, header = true, delim = ',', quote = '\"', escape = '\"', "
              f"nullstr = [{', '.join(string(m) for m in spec.MISSING_MARKERS)}], "
              f"types = {{{', '.join(f'{string(h)}: {string(t)}' for h, t in types.items())}}})")
    gni = (f"read_csv({string(gni_path)}, header = true, "
           "columns = {'country': 'VARCHAR', 'fiscal_year': 'BIGINT', 'gni': 'DOUBLE', 'inflation': 'DOUBLE'})")
    raw = ", ".join([column("mfi_id"), f"{name(columns['fiscal_year'])} AS fiscal_year", column("country"),
                     column("currency"), column("period_type"),
                     *[f"{name(columns[key])} AS {key}" for key in numbers]])
    steps, indicators = spec.job(set(numbers))
    ctes = [
        f"raw AS (SELECT {raw} FROM {reader})",
        "panel AS (SELECT raw.* EXCLUDE (period_type), gni.gni AS ref_gni, gni.inflation AS ref_inflation FROM raw\n"
        f"  LEFT JOIN {gni} AS gni ON gni.country = raw.country AND gni.fiscal_year = raw.fiscal_year\n"
        "  WHERE raw.mfi_id IS NOT NULL AND raw.fiscal_year IS NOT NULL\n"
        "    AND (raw.period_type IS NULL OR lower(raw.period_type) IN ('ann', 'annual')))",
        f"step0 AS (SELECT *, LAG(fiscal_year) OVER w = fiscal_year - 1 AS has_prior FROM panel {WINDOW})",
    ]
    for index, step in enumerate(steps, 1):
        ctes.append(f"step{index} AS (\n  {select(step, f'step{index - 1}', extra='*,')})")
    final = select(indicators, f"step{len(steps)}", extra="mfi_id, fiscal_year,")
    return "WITH " + ",\n".join(ctes) + f"\n{final}\nORDER BY mfi_id, fiscal_year"


def run(path, gni_path, out_path):
    duckdb.sql(f"COPY ({query(path, gni_path)}) TO {string(out_path)} (FORMAT csv, HEADER true)")


if __name__ == "__main__":
    if sys.argv[1] == "--sql":
        print(query(*sys.argv[2:4]))
        sys.exit(0)
    start = time.perf_counter()
    run(*sys.argv[1:4])
    print(f"seconds={time.perf_counter() - start:.6f}")
