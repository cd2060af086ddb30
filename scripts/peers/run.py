"""Times MicroPanel against its peers on one panel and checks the peers' numbers (scripts/compare-peers).

    python run.py --panel FILE.csv.gz --dir DIR --micropanel BIN --inflate BIN --wdi WDI.csv.gz --cpi CPI.csv.gz [--runs 3]

Untimed: one `micropanel compute` run (the reference output) and the GNI table keyed by Country
name (prepare_gni.py). Timed, wall clock of the whole process, runs interleaved: zlib inflate
alone, `micropanel compute`, the polars job and the DuckDB job. Then each peer's output is checked
against MicroPanel's (check.py) and a report printed. Exit status 1 when a peer disagrees.
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars

import check
import prepare_gni
import spec

HERE = Path(__file__).resolve().parent


def lscpu_model():
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout.splitlines():
            if line.startswith("Model name:"):
                return line.split(":", 1)[1].strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return platform.processor() or "unknown CPU"


def timed(command, output=None):
    """Wall seconds of one run of `command`, and its stdout."""
    if output is not None and os.path.exists(output):
        os.remove(output)
    os.sync()
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"compare-peers: failed ({result.returncode}): {' '.join(map(str, command))}")
    return seconds, result.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--panel", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--micropanel", required=True)
    parser.add_argument("--inflate", required=True)
    parser.add_argument("--wdi", required=True)
    parser.add_argument("--cpi", required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    directory = Path(args.dir)
    outputs = {tool: str(directory / f"peer-{tool}.csv") for tool in ["micropanel", "polars", "duckdb"]}
    gni = str(directory / "peer-gni.csv")

    # Untimed: MicroPanel's output (the reference; it also warms the page cache) and the GNI table.
    # The peers compute the 32 indicators of docs/indicators.md by their formulas alone; MicroPanel
    # is asked for the same, keeping (flagged) the values its plausibility rules would block.
    micropanel = [args.micropanel, "compute", args.panel, "-o", outputs["micropanel"], "-q",
                  "--indicators", ",".join(spec.INDICATORS), "--implausible", "keep"]
    subprocess.run(micropanel, check=True)
    print("preparing the GNI and inflation table from MicroPanel's resolved iso3 (untimed): ", end="", flush=True)
    prepare_gni.main(outputs["micropanel"], args.wdi, args.cpi, gni)

    commands = {
        "inflate": ([args.inflate, args.panel], None),
        "micropanel": (micropanel, outputs["micropanel"]),
        "polars": ([sys.executable, str(HERE / "polars_job.py"), args.panel, gni, outputs["polars"]],
                   outputs["polars"]),
        "duckdb": ([sys.executable, str(HERE / "duckdb_job.py"), args.panel, gni, outputs["duckdb"]],
                   outputs["duckdb"]),
    }
    times = {tool: [] for tool in commands}
    inner = {tool: [] for tool in ["polars", "duckdb"]}
    inflated = None
    for run in range(1, args.runs + 1):
        print(f"run {run}/{args.runs}:", end="", flush=True)
        for tool, (command, output) in commands.items():
            seconds, stdout = timed(command, output)
            times[tool].append(seconds)
            if tool == "inflate":
                inflated = int(stdout.strip())
            elif tool in inner:
                inner[tool].append(float(stdout.strip().rsplit("seconds=", 1)[1]))
            print(f" {tool} {seconds:.2f}s", end="", flush=True)
        print()

    print()
    median = {tool: statistics.median(values) for tool, values in times.items()}
    version = subprocess.run([args.micropanel, "--version"], capture_output=True, text=True).stdout.strip()
    panel_rows = sum(1 for _ in open(outputs["micropanel"], "rb")) - 1
    print(f"machine: {os.cpu_count()} cores (nproc {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()}), "
          f"{lscpu_model()}")
    print(f"panel: {args.panel}: {panel_rows} institution-years, {inflated / 1e6:.0f} MB of CSV, "
          f"{os.path.getsize(args.panel) / 1e6:.0f} MB gzipped")
    print(f"tools: micropanel {version or '?'} (release build), Python {platform.python_version()}, "
          f"polars {polars.__version__}, duckdb {duckdb.__version__}; each with its default threads")
    print("job: read the gzip CSV, compute the 32 indicators (period averages from the prior year), write CSV;")
    print("     GNI per capita and CPI inflation joined by (Country, Fiscal Year) from a small CSV whose")
    print("     country-name crosswalk was prepared from MicroPanel's resolved iso3 (untimed);")
    print("     micropanel with --implausible keep (the peers have no plausibility rules)")
    print(f"median of {args.runs} interleaved runs, wall seconds of the whole process; ratios: median of the")
    print("ratios within each run (the tools ran back to back, so a drift of the machine's speed cancels out):")
    labels = {"inflate": "zlib inflate alone", "micropanel": "micropanel compute -o out.csv",
              "polars": "polars (scan_csv ... write_csv)", "duckdb": "duckdb (read_csv ... COPY TO)"}
    def ratio(tool, to):
        return statistics.median(a / b for a, b in zip(times[tool], times[to]))

    for tool, label in labels.items():
        line = f"  {label:<34}{median[tool]:8.3f}"
        if tool != "inflate":
            line += f"   / inflate {ratio(tool, 'inflate'):6.3f}"
        if tool in inner:
            line += (f"   / micropanel {ratio(tool, 'micropanel'):6.3f}"
                     f"   (in-process, after imports: {statistics.median(inner[tool]):.3f})")
        print(line)
    print("check against micropanel's output (indicator columns; flags and descriptors ignored):")
    status = 0
    for tool in ["polars", "duckdb"]:
        status |= check.main(outputs["micropanel"], outputs[tool], tool, indent="  ")
    print("result:", "peers agree with micropanel" if status == 0 else "MISMATCH: a peer disagrees with micropanel")
    return status


if __name__ == "__main__":
    sys.exit(main())
