"""Checks a peer's output against MicroPanel's, indicator by indicator.

    python check.py MICROPANEL_OUT.csv PEER_OUT.csv [LABEL]

Rows are matched on (mfi_id, fiscal_year); both files must be sorted by mfi_id (UTF-8 byte order),
then fiscal year, as MicroPanel writes them. Every indicator column is compared (MicroPanel's
flags and descriptor columns are not): missing (an empty cell) must match missing; numbers must
be equal or within a relative difference of 1e-12; depth_tier (text) must be equal. Prints one
summary line (and a few mismatches); exits 1 on any mismatch.
"""

import csv
import sys

import spec

TOLERANCE = 1e-12
SHOWN = 5


def rows(path, columns):
    """(key, values) per row, checking the byte-order sort as it goes."""
    with open(path, newline="", encoding="utf-8") as file:
        reader = csv.reader(file)
        header = next(reader)
        missing = [c for c in ["mfi_id", "fiscal_year", *columns] if c not in header]
        if missing:
            raise SystemExit(f"{path}: no column {', '.join(missing)}")
        id_at, year_at = header.index("mfi_id"), header.index("fiscal_year")
        at = [header.index(c) for c in columns]
        previous = None
        for row in reader:
            key = (row[id_at].encode("utf-8"), int(row[year_at]))
            if previous is not None and key <= previous:
                raise SystemExit(f"{path}: rows not sorted by mfi_id, fiscal_year at {row[id_at]} {row[year_at]}")
            previous = key
            yield key, [row[i] for i in at]


def main(reference, peer, label="peer", indent=""):
    columns = spec.INDICATORS
    text = [c in spec.TEXT_INDICATORS for c in columns]
    compared = values = mismatches = identical = only_reference = only_peer = 0
    worst = 0.0
    shown = []
    ours, theirs = rows(reference, columns), rows(peer, columns)
    a, b = next(ours, None), next(theirs, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a[0] < b[0]):
            only_reference += 1
            a = next(ours, None)
            continue
        if a is None or b[0] < a[0]:
            only_peer += 1
            b = next(theirs, None)
            continue
        for column, is_text, x, y in zip(columns, text, a[1], b[1]):
            compared += 1
            values += bool(x)
            if x == y:
                identical += 1
                continue
            if x and y and not is_text:
                u, v = float(x), float(y)
                if u == v:
                    identical += 1
                    continue
                difference = abs(u - v) / max(abs(u), abs(v))
                if difference <= TOLERANCE:
                    worst = max(worst, difference)
                    continue
            mismatches += 1
            if len(shown) < SHOWN:
                shown.append(f"{indent}    {a[0][0].decode()} {a[0][1]} {column}: micropanel {x or '(missing)'}, "
                             f"{label} {y or '(missing)'}")
        a, b = next(ours, None), next(theirs, None)

    within = compared - identical - mismatches
    rows_compared = compared // len(columns)
    print(f"{indent}{label}: {rows_compared} rows x {len(columns)} indicators = {compared} cells compared, "
          f"{mismatches} mismatches ({values} with values, {compared - values} missing in micropanel); "
          f"{identical} identical, {within} differ within 1e-12 (largest relative difference {worst:.1e}); "
          f"rows only in micropanel: {only_reference}, only in {label}: {only_peer}")
    for line in shown:
        print(line)
    return 1 if mismatches or only_reference or only_peer else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
