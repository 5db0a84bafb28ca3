"""Test oracle for IlpImportTest: ilastik's prediction with a project's stored forests, on vigra.

  stored_forest_oracle.py BENCH_DIR PROJECT.ilp RAW.h5 DATASET OUT.npy

Features: ../shared/bench/ilastik_ref.py (ilastik's engine on vigra) for the project's FeatureSelections, reordered
into the project's stored FeatureIds order (the order of its forest's columns). Prediction: every
PixelClassification/ClassifierForests/Forest* loaded by vigra.learning.RandomForest, combined as ilastik does
(tree-count-weighted mean). 2-D, channels-last raw data (y, x, c). Output float32 (y, x, classes).
"""
import sys
import h5py
import numpy as np
import vigra

bench, ilp, raw_file, dataset, out = sys.argv[1:6]
sys.path.insert(0, bench)
import ilastik_ref as R

with h5py.File(ilp, 'r') as h:
    ids = [x.decode() if isinstance(x, bytes) else x for x in h['FeatureSelections/FeatureIds'][()]]
    scales = list(h['FeatureSelections/Scales'][()])
    stored = h['FeatureSelections/SelectionMatrix'][()]
    forests = sorted(k for k in h['PixelClassification/ClassifierForests'] if k.startswith('Forest'))
raw = h5py.File(raw_file, 'r')[dataset][()]
vol = raw.astype(np.float32)[None]          # z, y, x, c
C = vol.shape[-1]

sel = np.zeros((len(R.IDS), len(scales)), bool)
for i, f in enumerate(ids):
    sel[R.IDS.index(f)] = stored[i]
feats = R.features(vol, sel, scales)[0]     # y, x, F in ilastik_ref's (current) id order

def values(f):
    return 2 if 'Eigenvalues' in f else 1  # 2-D eigenvalue features have two channels

index, k = {}, 0
for f in R.IDS:
    for j in range(len(scales)):
        if sel[R.IDS.index(f), j]:
            for c in range(C):
                for e in range(values(f)):
                    index[(f, j, c, e)] = k
                    k += 1
order = [index[(f, j, c, e)] for i, f in enumerate(ids) for j in range(len(scales)) if stored[i, j]
         for c in range(C) for e in range(values(f))]
X = np.ascontiguousarray(feats[..., order].reshape(-1, len(order)), np.float32)

total, P = 0, 0
for name in forests:
    rf = vigra.learning.RandomForest(ilp, 'PixelClassification/ClassifierForests/' + name)
    P = P + rf.treeCount() * rf.predictProbabilities(X)
    total += rf.treeCount()
np.save(out, (P / total).reshape(raw.shape[:2] + (-1,)).astype(np.float32))
