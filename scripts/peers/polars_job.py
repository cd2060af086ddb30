"""The peer job in polars: read the gzip panel, compute the indicators, write the CSV.

    python polars_job.py PANEL.csv.gz GNI.csv OUT.csv     prints the job's own seconds (after imports)

The formulas come from spec.py, compiled to polars expressions here.
"""

import sys
import time

import polars as pl

import spec


def expr(e):
    """A polars expression for the spec expression `e` (missing is null)."""
    if isinstance(e, spec.Col):
        return pl.col(e.name)
    if isinstance(e, spec.Lit):
        if e.value is None:
            return pl.lit(None, dtype=pl.Float64)
        return pl.lit(e.value, dtype=pl.String if isinstance(e.value, str) else pl.Float64)
    if isinstance(e, spec.Arith):
        a, b = expr(e.a), expr(e.b)
        if e.op == "+":
            return a + b
        if e.op == "-":
            return a - b
        if isinstance(e.b, spec.Lit):               # a constant divisor (2): never 0
            return a / b
        return pl.when(b != 0).then(a / b)
    if isinstance(e, spec.Coalesce):
        return pl.coalesce(expr(e.a), expr(e.b))
    if isinstance(e, spec.Prior):                   # the panel is sorted by institution, year
        return pl.when(pl.col("has_prior")).then(expr(e.e).shift(1))
    if isinstance(e, spec.IsPresent):
        return expr(e.e).is_not_null()
    if isinstance(e, spec.IsMissing):
        return expr(e.e).is_null()
    if isinstance(e, spec.Compare):
        a, b = expr(e.a), expr(e.b)
        return {"<": a < b, "<=": a <= b, ">": a > b}[e.op]
    if isinstance(e, spec.Or):
        return expr(e.a) | expr(e.b)
    if isinstance(e, spec.UpperIn):
        return expr(e.e).str.to_uppercase().is_in(e.values)
    if isinstance(e, spec.Case):
        (condition, value), *rest = e.branches
        chain = pl.when(expr(condition)).then(expr(value))
        for condition, value in rest:
            chain = chain.when(expr(condition)).then(expr(value))
        return chain
    raise TypeError(e)


def panel(path, gni_path):
    """The panel table (see spec.py): annual rows with keys, inputs, ref_gni, ref_inflation and has_prior."""
    columns = spec.resolve_columns(spec.read_header(path))
    numbers = [key for key in spec.NUMBER_FIELDS if key in columns]
    types = {columns[key]: pl.Float64 for key in numbers}
    types[columns["fiscal_year"]] = pl.Int64

    def text(key):
        return pl.col(columns[key]) if key in columns else pl.lit(None, dtype=pl.String)

    raw = pl.scan_csv(path, infer_schema=False, schema_overrides=types, null_values=spec.MISSING_MARKERS)
    period = text("period_type")
    gni = pl.scan_csv(
        gni_path,
        schema={"country": pl.String, "fiscal_year": pl.Int64, "gni": pl.Float64, "inflation": pl.Float64})
    gni = gni.rename({"gni": "ref_gni", "inflation": "ref_inflation"})
    table = (
        raw.filter(text("mfi_id").is_not_null() & pl.col(columns["fiscal_year"]).is_not_null()
                   & (period.is_null() | period.str.to_lowercase().is_in(["ann", "annual"])))
        .select(text("mfi_id").alias("mfi_id"), pl.col(columns["fiscal_year"]).alias("fiscal_year"),
                text("country").alias("country"), text("currency").alias("currency"),
                *[pl.col(columns[key]).alias(key) for key in numbers])
        .join(gni, on=["country", "fiscal_year"], how="left")
        .sort("mfi_id", "fiscal_year")
        .with_columns(has_prior=(pl.col("mfi_id") == pl.col("mfi_id").shift(1))
                      & (pl.col("fiscal_year") == pl.col("fiscal_year").shift(1) + 1))
    )
    return table, set(numbers)


def run(path, gni_path, out_path):
    table, has = panel(path, gni_path)
    steps, indicators = spec.job(has)
    for step in steps:
        table = table.with_columns(**{name: expr(e) for name, e in step.items()})
    result = table.select("mfi_id", "fiscal_year", *[expr(e).alias(name) for name, e in indicators.items()])
    result.collect().write_csv(out_path)


if __name__ == "__main__":
    start = time.perf_counter()
    run(*sys.argv[1:4])
    print(f"seconds={time.perf_counter() - start:.6f}")
