#!/usr/bin/env python3
"""Reads an XLSX report's layout as a spreadsheet would show it (zipfile and
the sheet XML, standard library only) and prints it as JSON, for tst_reports:
for each sheet, whether the header row is frozen, the autofilter range,
whether columns have widths, the number format of each cell of row 2 and the
count of boolean cells.

usage: xlsx_layout.py REPORT.xlsx
"""
import json, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
book = z.read("xl/workbook.xml").decode()
rels = z.read("xl/_rels/workbook.xml.rels").decode()
target = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels))
target.update({a: b for b, a in re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', rels)})
styles = z.read("xl/styles.xml").decode()
codes = {int(i): c for i, c in re.findall(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', styles)}
codes.update({9: "0%", 10: "0.00%", 3: "#,##0", 4: "#,##0.00", 0: "General"})
xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S).group(1)
fmt = [codes.get(int(i), i) for i in re.findall(r'<xf numFmtId="(\d+)"', xfs)]
out = {}
for name, rid in re.findall(r'<sheet name="([^"]+)" sheetId="\d+" r:id="(rId\d+)"', book):
    xml = z.read("xl/" + target[rid]).decode()
    row2 = re.search(r'<row r="2"[^>]*>(.*?)</row>', xml, re.S)
    cells = re.findall(r'<c r="([A-Z]+)2"( s="(\d+)")?( t="(\w+)")?', row2.group(1)) if row2 else []
    af = re.search(r'<autoFilter ref="([^"]+)"', xml)
    out[name] = {"frozen": 'state="frozen"' in xml, "filter": af.group(1) if af else "",
                 "widths": "<cols>" in xml,
                 "formats": {c: fmt[int(s)] if s else "General" for c, _, s, _, _ in cells},
                 "booleans": len(re.findall(r't="b"', xml))}
json.dump(out, sys.stdout)
