#!/usr/bin/env python3
"""Reads the XLSX report as a spreadsheet reader would (zip + SpreadsheetML XML,
standard library only) and checks that every yearly number of every strategy
sheet equals the planner's JSON output for the same scenario.

usage: xlsx_matches_plan.py SOVEREIGN_BINARY SCENARIO.yaml
"""
import json
import math
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}


def column_index(ref):
    letters = "".join(c for c in ref if c.isalpha())
    n = 0
    for c in letters:
        n = n * 26 + ord(c) - 64
    return n - 1


def read_sheets(path):
    with zipfile.ZipFile(path) as z:
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            root = ET.fromstring(z.read("xl/sharedStrings.xml"))
            for si in root.findall("m:si", NS):
                shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
        book = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels}
        sheets = {}
        for s in book.find("m:sheets", NS):
            rid = s.get("{%s}id" % NS["r"])
            xml = ET.fromstring(z.read("xl/" + target[rid]))
            rows = []
            for row in xml.iter("{%s}row" % NS["m"]):
                cells = {}
                for c in row.findall("m:c", NS):
                    v = c.find("m:v", NS)
                    if v is None:
                        continue
                    if c.get("t") == "s":
                        cells[column_index(c.get("r"))] = shared[int(v.text)]
                    elif c.get("t") in ("b",):
                        cells[column_index(c.get("r"))] = v.text == "1"
                    else:
                        cells[column_index(c.get("r"))] = float(v.text)
                rows.append(cells)
            sheets[s.get("name")] = rows
        return sheets


def main():
    binary, scenario = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = tmp + "/report.xlsx"
        subprocess.run([binary, "report", scenario, "-o", xlsx], check=True,
                       stdout=subprocess.DEVNULL)
        plan = json.loads(subprocess.run([binary, "plan", scenario, "--json", "-"], check=True,
                                         capture_output=True, text=True).stdout)
        sheets = read_sheets(xlsx)
    checked = 0
    for name, strategy in plan["strategies"].items():
        rows = sheets[name]
        header = [rows[0][i] for i in sorted(rows[0])]
        for year_record, row in zip(strategy["years"], rows[1:]):
            for col, field in enumerate(header):
                expected = year_record.get(field)
                if isinstance(expected, (int, float)) and not isinstance(expected, bool):
                    actual = row.get(col)
                    # Tolerance: the JSON and the sheet both carry doubles; 1e-9 relative.
                    if actual is None or not math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-9):
                        print(f"FAIL {name} {year_record['year']} {field}: xlsx {actual} != plan {expected}")
                        return 1
                    checked += 1
        summary = [r for r in sheets["Summary"][1:] if r.get(1) == name][0]
        if not math.isclose(summary[2], strategy["npv_usd"], rel_tol=1e-12):
            print(f"FAIL summary NPV of {name}: {summary[2]} != {strategy['npv_usd']}")
            return 1
        checked += 1
    for needed in ("KPIs", "Assumptions"):
        if needed not in sheets:
            print(f"FAIL: no sheet {needed}")
            return 1
    print(f"{checked} passed, 0 failed")
    return 0 if checked > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
