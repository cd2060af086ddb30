"""MicroPanel's loan tape job against DuckDB's and polars' equivalent GROUP BY on the same gzip tape.

The job: per institution and calendar year, the loans with a balance on the institution's last
report date of the year: portfolio, loans, distinct borrowers, balance more than 30 and more than
90 days late. Every peer's figures are checked against `micropanel portfolio`'s; times are medians
of interleaved runs, beside zlib inflating the same file. Run by `scripts/compare-peers tape`.
"""

import argparse
import csv
import statistics
import subprocess
import sys
import time

import duckdb
import polars as pl

QUERY = """
WITH t AS (
    SELECT institution_id, report_date, client_id, principal_outstanding AS balance, days_late,
           year(report_date) AS fiscal_year
    FROM read_csv('{path}', header = true, columns = {{
        'institution_id': 'VARCHAR', 'report_date': 'DATE', 'loan_id': 'VARCHAR', 'client_id': 'VARCHAR',
        'principal_outstanding': 'DOUBLE', 'days_late': 'INTEGER', 'renegotiated': 'VARCHAR',
        'disbursed_on': 'VARCHAR', 'disbursed_amount': 'VARCHAR', 'written_off_on': 'VARCHAR',
        'written_off_amount': 'VARCHAR', 'branch': 'VARCHAR', 'product': 'VARCHAR',
        'client_gender': 'VARCHAR', 'client_location': 'VARCHAR'}})
),
last AS (SELECT institution_id, fiscal_year, max(report_date) AS as_of FROM t GROUP BY ALL)
SELECT t.institution_id, t.fiscal_year, sum(balance) AS glp, count(*) AS loans,
       count(DISTINCT client_id) AS borrowers,
       coalesce(sum(balance) FILTER (WHERE days_late > 30), 0) AS par30,
       coalesce(sum(balance) FILTER (WHERE days_late > 90), 0) AS par90
FROM t JOIN last USING (institution_id, fiscal_year)
WHERE t.report_date = last.as_of AND balance > 0
GROUP BY ALL ORDER BY ALL
"""


def duckdb_job(path):
    return [tuple(row) for row in duckdb.sql(QUERY.format(path=path)).fetchall()]


def polars_job(path):
    tape = pl.read_csv(
        path,
        columns=["institution_id", "report_date", "client_id", "principal_outstanding", "days_late"],
        schema_overrides={"institution_id": pl.Utf8, "report_date": pl.Utf8, "client_id": pl.Utf8},
    ).lazy()
    tape = tape.with_columns(pl.col("report_date").str.slice(0, 4).cast(pl.Int64).alias("fiscal_year"))
    last = tape.group_by("institution_id", "fiscal_year").agg(pl.col("report_date").max().alias("as_of"))
    stock = tape.join(last, on=["institution_id", "fiscal_year"]).filter(
        (pl.col("report_date") == pl.col("as_of")) & (pl.col("principal_outstanding") > 0)
    )
    balance = pl.col("principal_outstanding")
    result = (
        stock.group_by("institution_id", "fiscal_year")
        .agg(
            balance.sum().alias("glp"),
            pl.len().alias("loans"),
            pl.col("client_id").n_unique().alias("borrowers"),
            balance.filter(pl.col("days_late") > 30).sum().alias("par30"),
            balance.filter(pl.col("days_late") > 90).sum().alias("par90"),
        )
        .sort("institution_id", "fiscal_year")
        .collect()
    )
    return [tuple(row) for row in result.iter_rows()]


def micropanel_job(micropanel, path, output):
    subprocess.run([micropanel, "portfolio", path, "-o", output, "-q"], check=True)
    with open(output, newline="") as handle:
        rows = list(csv.DictReader(handle))
    prefix = "Gross Loan Portfolio > Delinquency > "
    return [
        (
            row["MFI ID"],
            int(row["Fiscal Year"]),
            float(row["Gross Loan Portfolio"]),
            int(row["Number of loans outstanding"]),
            int(row["Number of active borrowers"]),
            float(row[prefix + "One month or more"]),
            float(row[prefix + "One month or more > More than three months"]),
        )
        for row in rows
    ]


def agree(ours, theirs):
    if len(ours) != len(theirs):
        return "%d rows against %d" % (len(theirs), len(ours))
    for mine, other in zip(ours, theirs):
        for index, (a, b) in enumerate(zip(mine, other)):
            if isinstance(a, float):
                if abs(a - float(b)) > 1e-6 * max(1.0, abs(a)):
                    return "row %s: %r against %r" % (mine[:2], other, mine)
            elif a != b:
                return "row %s: %r against %r" % (mine[:2], other, mine)
    return None


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tape", required=True, action="append", help="a gzip tape (one member, then BGZF)")
    parser.add_argument("--micropanel", required=True)
    parser.add_argument("--inflate", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    failed = False
    for path in arguments.tape:
        output = "%s/peer-tape-micropanel.csv" % arguments.dir
        ours = micropanel_job(arguments.micropanel, path, output)
        for name, job in (("DuckDB", duckdb_job), ("polars", polars_job)):
            problem = agree(ours, job(path))
            if problem:
                print("compare-peers: %s disagrees with micropanel on %s: %s" % (name, path, problem), file=sys.stderr)
                failed = True
        times = {"zlib": [], "micropanel": [], "DuckDB": [], "polars": []}
        for _ in range(arguments.runs):
            times["zlib"].append(timed(lambda: subprocess.run([arguments.inflate, path], check=True, capture_output=True)))
            times["micropanel"].append(timed(lambda: micropanel_job(arguments.micropanel, path, output)))
            times["DuckDB"].append(timed(lambda: duckdb_job(path)))
            times["polars"].append(timed(lambda: polars_job(path)))
        medians = {name: statistics.median(values) for name, values in times.items()}
        print("%s (%d institution-year rows, all peers agree: %s), median of %d runs, wall seconds:"
              % (path, len(ours), "no" if failed else "yes", arguments.runs))
        for name in ("zlib", "micropanel", "DuckDB", "polars"):
            ratio = medians[name] / medians["micropanel"]
            print("  %-11s %7.2f s   %5.2f x micropanel's time" % (name, medians[name], ratio))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
