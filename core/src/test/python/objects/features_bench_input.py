#!/usr/bin/python3
"""Input and vigra timing for ObjectFeaturesBenchmark: runs ../shared/bench/anchor_objects.py itself for its 2D
(2048², ~5,600 objects) and 3D (256³, ~1,800 objects) scenes — it prints its JSON line (vigra's connected components
and standard features, one thread) — then saves the scene's raw image (float32) and vigra's labels (uint32) as .npy,
and times vigra's extractRegionFeatures on exactly the anchor's FEATURES a few more times for a median.

usage: features_bench_input.py ANCHOR_OBJECTS_PY OUT_DIR [REPS]      prints one JSON line per scene"""
import contextlib, io, json, os, runpy, statistics, sys, time
import numpy as np, vigra

anchor, out = sys.argv[1], sys.argv[2]
reps = int(sys.argv[3]) if len(sys.argv) > 3 else 3
os.makedirs(out, exist_ok=True)
for mode, n in (("2d", 2048), ("3d", 256)):
    sys.argv = [anchor, mode, str(n)]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        g = runpy.run_path(anchor, run_name="__main__")
    line = json.loads(printed.getvalue().strip().splitlines()[-1])
    raw, lab = g["raw"], g["lab"].astype(np.uint32)
    np.save(os.path.join(out, f"{mode}_raw.npy"), raw)
    np.save(os.path.join(out, f"{mode}_labels.npy"), np.asarray(lab))
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        vigra.analysis.extractRegionFeatures(raw, lab, g["FEATURES"], ignoreLabel=0)
        times.append(time.perf_counter() - t0)
    line["features_median_s"] = round(statistics.median(times), 3)
    line["features_runs_s"] = [round(t, 3) for t in times]
    print(json.dumps(line), flush=True)
