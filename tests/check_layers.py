#!/usr/bin/env python3
"""Judges the layering CMake wrote into layers.tsv (see tests/CMakeLists.txt).

Each row: target, type, source folder (relative), direct link items, include
directories (transitive usage requirements included). The rules:

1. Only the desktop app (app/desktop, and the tests that link its library)
   may link or see Qt Widgets, Charts or OpenGL widgets.
2. Our libraries link only the libraries of ours below them (ALLOWED); in
   particular no library links the planner for Result/Error or YAML reading.
3. Third-party headers a library wraps stay private to it (WRAPPED): CBC and
   Eigen are the planner's business, not its users'.

Exit 0 when every rule holds; otherwise prints each breach and exits 1.
Usage: check_layers.py BUILD/layers.tsv
"""
import sys

# Which of our libraries each library may link (directly). A new library
# must be added here, with the reason for its place in the layering.
ALLOWED = {
    "sovereign_base": set(),
    "sovereign_i18n": set(),
    "planner": {"sovereign_base"},
    "reports": {"planner", "sovereign_base", "sovereign_i18n"},
    "scheduler": {"sovereign_base"},
    # The energy-aware scheduler decides; scheduler/ executes (issue 14 links them).
    "energy": {"sovereign_base"},
    # The node agent: its torch-free core, and the one library that includes
    # libtorch, over it (tokenizer and formats are the core's).
    "agents": {"sovereign_base"},
    "agents_torch": {"agents", "sovereign_base"},
    # Inference without libtorch (GGUF, kernels, the engine, generation) over
    # the core's formats and tokenizer; serving over the engine.
    "agents_infer": {"agents", "sovereign_base"},
    "agents_serve": {"agents_infer", "agents", "sovereign_base"},
    "desktop": {"planner", "reports", "scheduler", "sovereign_base", "sovereign_i18n"},
}
WIDGETS = ("Qt6::Widgets", "Qt6::Charts", "Qt6::OpenGLWidgets")
WIDGETS_INCLUDES = ("/QtWidgets", "/QtCharts", "/QtOpenGLWidgets")
# include directory -> the library (or libraries) that may see it
# (tests/ may: white-box tests include the internals of the library they test)
WRAPPED = {
    "/usr/include/coin": ("planner", "energy"),
    "/usr/include/eigen3": "planner",
    "/usr/include/torch/csrc/api/include": "agents_torch",
}


def main(path):
    rows = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 5:
                print(f"{path}:{number}: expected 5 tab-separated fields, got {len(fields)}")
                return 1
            name, kind, folder, links, includes = fields
            rows[name] = {
                "kind": kind,
                "folder": folder,
                "links": [x for x in links.split(";") if x],
                "includes": [x for x in includes.split(";") if x],
            }
    ours = set(rows)

    def closure(name, seen=None):
        seen = set() if seen is None else seen
        for item in rows[name]["links"]:
            if item not in seen:
                seen.add(item)
                if item in ours:
                    closure(item, seen)
        return seen

    breaches = []
    for name, row in sorted(rows.items()):
        if row["kind"] == "OBJECT_LIBRARY":
            continue  # Qt's resource objects, owned by their library
        reach = closure(name)
        desktop_side = row["folder"].startswith("app/desktop") or "desktop" in reach
        if not desktop_side:
            for item in sorted(reach):
                if item in WIDGETS:
                    breaches.append(f"{name} ({row['folder']}) links {item}: only app/desktop may")
            for inc in row["includes"]:
                if inc.endswith(WIDGETS_INCLUDES):
                    breaches.append(f"{name} ({row['folder']}) sees {inc}: only app/desktop may")
        if row["kind"] == "STATIC_LIBRARY" or row["kind"] == "SHARED_LIBRARY":
            if name not in ALLOWED:
                breaches.append(f"{name} ({row['folder']}): a library missing from ALLOWED in "
                                f"{__file__}; give it its place in the layering")
            else:
                for item in row["links"]:
                    if item in ours and item not in ALLOWED[name]:
                        breaches.append(f"{name} links {item}; it may link only "
                                        f"{sorted(ALLOWED[name]) or 'none of ours'}")
        for inc in row["includes"]:
            owners = WRAPPED.get(inc.rstrip("/"))
            if isinstance(owners, str):
                owners = (owners,)
            if owners and name not in owners and row["folder"] != "tests":
                breaches.append(f"{name} sees {inc}, which only {' and '.join(owners)} may use")

    for b in breaches:
        print("layers: " + b)
    print(f"layers: {len(rows)} targets checked, {len(breaches)} breaches")
    return 1 if breaches else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: check_layers.py BUILD/layers.tsv", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
