"""Untimed preparation shared by the peers: GNI per capita and inflation keyed by the panel's
Country names.

    python prepare_gni.py MICROPANEL_OUT.csv WDI_GNI.csv.gz WDI_CPI.csv.gz REFERENCE.csv

Takes the distinct (country, iso3) pairs MicroPanel resolved (its output's country and iso3
columns), melts the two World Bank wide tables (4 preamble lines, then "Country Name","Country
Code","Indicator Name","Indicator Code","1960",...) to (iso3, year, value) and joins them, writing
country,fiscal_year,gni,inflation (a country-year either table has; the other's cell empty when it
lacks it). Prints how many countries it covered.
"""

import csv
import gzip
import sys


def melt(wdi_path):
    """iso3 -> {year: value} of a World Bank wide download."""
    table = {}
    with gzip.open(wdi_path, "rt", encoding="utf-8-sig", newline="") as file:
        for _ in range(4):
            file.readline()
        rows = csv.reader(file)
        header = next(rows)
        code = header.index("Country Code")
        years = [(index, int(name)) for index, name in enumerate(header) if name.strip().isdigit()]
        for row in rows:
            if len(row) <= code or not row[code].strip():
                continue
            values = table.setdefault(row[code].strip().upper(), {})
            for index, year in years:
                if index < len(row) and row[index].strip():
                    values[year] = float(row[index])
    return table


def main(micropanel_out, gni_path, cpi_path, out_path):
    pairs = {}
    with open(micropanel_out, newline="", encoding="utf-8") as file:
        rows = csv.reader(file)
        header = next(rows)
        country, iso3 = header.index("country"), header.index("iso3")
        for row in rows:
            if row[country] and row[iso3]:
                known = pairs.setdefault(row[country], row[iso3])
                assert known == row[iso3], f"country {row[country]!r} resolved to {known} and {row[iso3]}"

    gni, cpi = melt(gni_path), melt(cpi_path)

    written = 0
    with open(out_path, "w", newline="", encoding="utf-8") as file:
        out = csv.writer(file, lineterminator="\n")
        out.writerow(["country", "fiscal_year", "gni", "inflation"])
        for name, code in sorted(pairs.items()):
            values, rates = gni.get(code, {}), cpi.get(code, {})
            for year in sorted(set(values) | set(rates)):
                cells = [repr(table[year]) if year in table else "" for table in (values, rates)]
                out.writerow([name, year, *cells])
                written += 1
    covered = sum(1 for code in pairs.values() if gni.get(code))
    inflation = sum(1 for code in pairs.values() if cpi.get(code))
    print(f"{len(pairs)} country names, {covered} with GNI values, {inflation} with inflation,"
          f" {written} country-years")


if __name__ == "__main__":
    main(*sys.argv[1:5])
