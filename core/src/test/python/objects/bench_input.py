#!/usr/bin/python3
"""Input and anchor figures for ObjectsBenchmark: the scenes of ../shared/bench/anchor_objects.py, made by that
script's own scene() (only its imports and that function are executed), saved as uint8 masks, then the anchor run
as it is (vigra, one thread), RUNS times per scene, for its label time (the anchor times one call per process).

usage: bench_input.py SHARED_BENCH_DIR OUT_DIR [RUNS]   prints the anchor's own JSON lines, RUNS per scene"""
import ast, json, os, subprocess, sys
import numpy as np

bench, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
anchor = os.path.join(bench, "anchor_objects.py")
tree = ast.parse(open(anchor).read())
keep = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))
        or (isinstance(n, ast.FunctionDef) and n.name == "scene")]
ns = {}
exec(compile(ast.Module(body=keep, type_ignores=[]), anchor, "exec"), ns)
for mode, n in (("2d", 2048), ("3d", 256)):
    shape = (n, n) if mode == "2d" else (n, n, n)
    raw, mask = ns["scene"](shape)
    np.save(os.path.join(out, "mask_%s.npy" % mode), mask)
    for _ in range(int(sys.argv[3]) if len(sys.argv) > 3 else 3):
        line = subprocess.run([sys.executable, anchor, mode, str(n)], capture_output=True, text=True, check=True).stdout
        print(line.strip(), flush=True)
