#!/usr/bin/env python3
"""Reads every .parquet table of a `yjs extract --format both` folder with pyarrow and checks it
against the CSV of the same table: same columns in the same order, same rows; decimals exact
(compared as decimal.Decimal), integers equal, null where the CSV cell is empty.

Usage: python3 scripts/check_parquet.py OUT   (needs pyarrow: pip install pyarrow)
"""
import csv
import decimal
import pathlib
import sys

import pyarrow
import pyarrow.parquet as pq


def main(out: pathlib.Path) -> int:
    tables = sorted(out.glob("*.parquet")) + sorted(out.glob("tables/*.parquet"))
    if not tables:
        print(f"no .parquet files in {out}", file=sys.stderr)
        return 1
    rows_total = 0
    for pq_path in tables:
        csv_path = pq_path.with_suffix(".csv")
        t = pq.read_table(pq_path)
        with open(csv_path, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = next(reader)
            csv_rows = list(reader)
        name = pq_path.relative_to(out)
        if t.column_names != header:
            print(f"{name}: columns {t.column_names} != {header}", file=sys.stderr)
            return 1
        if t.num_rows != len(csv_rows):
            print(f"{name}: {t.num_rows} rows != {len(csv_rows)}", file=sys.stderr)
            return 1
        for j, field in enumerate(t.schema):
            col = t.column(j).to_pylist()
            for i, v in enumerate(col):
                cell = csv_rows[i][j]
                if v is None:
                    ok = cell == ""
                elif pyarrow.types.is_decimal(field.type):
                    ok = cell != "" and decimal.Decimal(cell) == v
                elif pyarrow.types.is_integer(field.type):
                    ok = str(v) == cell
                else:
                    ok = v == cell
                if not ok:
                    print(f"{name}: row {i + 1} {field.name}: {v!r} != {cell!r}", file=sys.stderr)
                    return 1
            if field.name in ("value",) and not pyarrow.types.is_decimal(field.type):
                print(f"{name}: {field.name} is {field.type}, not a decimal", file=sys.stderr)
                return 1
        rows_total += t.num_rows
    print(f"parquet ok: {len(tables)} tables, {rows_total} rows equal to the CSV (pyarrow {pyarrow.__version__})")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(pathlib.Path(sys.argv[1])))
