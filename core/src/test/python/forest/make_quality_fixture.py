#!/usr/bin/python3
"""Writes the small real-data fixture of the forest quality tests (run once; outputs are committed).

usage: make_quality_fixture.py OUT_DIR   (normally core/src/test/resources/forest)

ilastik's 49 features of dsb2018 img2d.tif (512×512, ../shared/data/dsb2018_nuclei_stardist), sampled with the
anchor pipeline's scribble rule (1500 per class, seed 7: eroded nucleus interiors and edges = label 2, far background
and the rings around nuclei = label 1), shuffled (seed 8) and split into 1000 training and 2000 held-out samples.
Features are stored as IEEE float16 (little endian, samples × 49, channels last) to keep the fixture small; tests
and vigra read the same float16 values (widened to float32). Labels are uint8.
Files: dsb_scribbles_train_x.f16, dsb_scribbles_train_y.u8, dsb_scribbles_test_x.f16, dsb_scribbles_test_y.u8"""
import os, sys
import numpy as np, tifffile
from bench_input import SHARED, R, scribbles


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    data = os.path.join(SHARED, "data", "dsb2018_nuclei_stardist")
    img = tifffile.imread(os.path.join(data, "img2d.tif")).astype(np.float32)
    gt = tifffile.imread(os.path.join(data, "mask2d.tif"))
    F = R.features(img[None, ..., None])[0]
    lab = scribbles(gt, 1500, np.random.default_rng(7))
    X = F[lab > 0].astype(np.float16)
    y = lab[lab > 0].astype(np.uint8)
    order = np.random.default_rng(8).permutation(len(y))
    X, y = X[order], y[order]
    for name, sl in (("train", slice(0, 1000)), ("test", slice(1000, 3000))):
        X[sl].astype("<f2").tofile(os.path.join(out, f"dsb_scribbles_{name}_x.f16"))
        y[sl].tofile(os.path.join(out, f"dsb_scribbles_{name}_y.u8"))
    print(len(y), "samples;", np.bincount(y)[1:], "per class")


if __name__ == "__main__":
    main()
