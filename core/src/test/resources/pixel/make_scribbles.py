#!/usr/bin/python3
"""Generates the pixel-classification oracle for PixelWorkflowTest and `sylva bench pixel`: the scribble labels
that ../shared/bench/anchor_pipeline.py draws from the dsb2018 ground truth (same function, same seed, same
order), and the foreground IoU that ilastik's engine (ilastik features on vigra + vigra RF, 100 trees) reaches
with them, over several runs (vigra seeds its forest from the clock).

Run from this folder:  /usr/bin/python3 make_scribbles.py /path/to/shared [N] [RUNS]"""
import json, os, sys, time
import numpy as np, tifffile, vigra

shared = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 4650
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
sys.path.insert(0, os.path.join(shared, "bench"))
import anchor_pipeline as A
import ilastik_ref as R

data = os.path.join(shared, "data/dsb2018_nuclei_stardist")
pairs = [("img2d.tif", "mask2d.tif"), ("test_img2d.tif", "test_mask2d.tif")]
rng = np.random.default_rng(7)           # anchor_pipeline.main's generator, used in the same order
feats, labs, gts = [], [], []
for img_name, gt_name in pairs:
    img = tifffile.imread(os.path.join(data, img_name)).astype(np.float32)
    gt = tifffile.imread(os.path.join(data, gt_name))
    feats.append(R.features(img[None, ..., None])[0])
    lab = A.scribbles(gt, n, rng)
    labs.append(lab)
    gts.append(gt > 0)
    tifffile.imwrite("scribbles_" + img_name, lab, compression="zlib")

X = np.concatenate([f[l > 0] for f, l in zip(feats, labs)]).astype(np.float32)
y = np.concatenate([l[l > 0] for l in labs]).astype(np.uint32).reshape(-1, 1)
ious, train_s, predict_s = [], [], []
for r in range(runs):
    rf = vigra.learning.RandomForest(treeCount=100)
    t0 = time.perf_counter(); rf.learnRF(X, y); train_s.append(time.perf_counter() - t0)
    inter = union = 0
    tp = 0.0
    for f, g in zip(feats, gts):
        flat = np.ascontiguousarray(f.reshape(-1, f.shape[-1]))
        t0 = time.perf_counter(); P = rf.predictProbabilities(flat); tp += time.perf_counter() - t0
        seg = (P[:, 1] > P[:, 0]).reshape(g.shape)
        inter += np.sum(seg & g); union += np.sum(seg | g)
    predict_s.append(tp)
    ious.append(inter / union)
    print("run", r, "IoU", round(ious[-1], 4))

with open("scribbles.json", "w") as f:
    json.dump({"generator": "make_scribbles.py (anchor_pipeline.scribbles, default_rng(7)), vigra " + vigra.version,
               "per_class_per_image": n, "images": [p[0] for p in pairs], "labelled": int(len(y)),
               "vigra_iou_runs": [round(float(v), 5) for v in ious], "vigra_iou_mean": round(float(np.mean(ious)), 5),
               "vigra_train_s_median": round(float(np.median(train_s)), 3),
               "vigra_predict_s_median": round(float(np.median(predict_s)), 3)}, f, indent=1)
print(json.load(open("scribbles.json")))
