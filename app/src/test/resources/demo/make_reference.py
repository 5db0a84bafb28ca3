#!/usr/bin/python3
"""Oracle for the demo: ilastik's engine (ilastik features on vigra, vigra random forest of 100 trees) trained on
the bundled blobs scribbles. Writes blobs_vigra_segmentation.tif (uint8, 1 = background, 2 = blob) from the first
forest and vigra_agreement.json: the foreground IoU between the segmentations of forests with different random
states (vigra's own run-to-run variation), so a test can tell "as good as ilastik" from "different".

usage: /usr/bin/python3 make_reference.py  (from this folder; needs ../../../../../shared/bench or $SYLVA_SHARED)"""
import json, os, sys
import numpy as np, tifffile, vigra
here = os.path.dirname(os.path.abspath(__file__))
shared = os.environ.get("SYLVA_SHARED", os.path.join(here, "../../../../../../shared"))
sys.path.insert(0, os.path.join(shared, "bench"))
import ilastik_ref as R

demo = os.path.join(here, "../../../main/resources/demo")
img = tifffile.imread(os.path.join(demo, "blobs.tif")).astype(np.float32)
lab = tifffile.imread(os.path.join(demo, "blobs_annotations.tif"))
F = R.features(img[None, ..., None])[0]
X = F[lab > 0].astype(np.float32)
y = lab[lab > 0].astype(np.uint32).reshape(-1, 1)
flat = np.ascontiguousarray(F.reshape(-1, F.shape[-1]))
segs = []
for run in range(5):
    rf = vigra.learning.RandomForest(treeCount=100)
    rf.learnRF(X, y, randomSeed=run + 1)
    P = rf.predictProbabilities(flat)
    segs.append((np.argmax(P, axis=1) + 1).astype(np.uint8).reshape(img.shape))
tifffile.imwrite(os.path.join(here, "blobs_vigra_segmentation.tif"), segs[0])
ious = []
for i in range(len(segs)):
    for j in range(i + 1, len(segs)):
        a, b = segs[i] == 2, segs[j] == 2
        ious.append(float((a & b).sum() / (a | b).sum()))
json.dump({"features": int(F.shape[-1]), "labelled": int(len(y)), "foreground_fraction": float((segs[0] == 2).mean()),
           "vigra_pairwise_iou_min": round(min(ious), 4), "vigra_pairwise_iou_mean": round(float(np.mean(ious)), 4)},
          open(os.path.join(here, "vigra_agreement.json"), "w"), indent=1)
print(open(os.path.join(here, "vigra_agreement.json")).read())
