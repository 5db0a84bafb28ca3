#!/usr/bin/python3
"""Benchmark input for the random forest, and vigra's timings on it (the speed anchor, same machine, same run).

usage: bench_input.py OUT_DIR [LABELS_PER_CLASS]

Builds the anchor workload of ../shared/bench/anchor_pipeline.py on one image: ilastik's 49 features of
dsb2018 img2d.tif (512×512, channels last) and scribble-like labels drawn from mask2d.tif with the anchor's rule and
seed (default 9300 per class ⇒ 18,600 samples, the anchor's size). Writes to OUT_DIR (little-endian, C order):
  features.f32  512·512·49 float32 (the whole image, pixel-major)
  train_x.f32   n·49 float32, train_y.i32  n int32 labels (1 = background, 2 = nucleus)
then trains vigra's RandomForest (100 trees, ilastik's settings, one thread) on the samples and predicts the whole
image, and prints one JSON line: vigra_train_s, vigra_predict_s, vigra_predict_Mpx_s, vigra_oob_error, n, pixels."""
import json, os, sys, time
import numpy as np, tifffile, vigra



def find_shared():
    """../shared beside the project (searched upwards, as the Java tests do), or $SYLVA_SHARED."""
    if os.environ.get("SYLVA_SHARED"):
        return os.environ["SYLVA_SHARED"]
    d = os.path.dirname(os.path.abspath(__file__))
    while d != os.path.dirname(d):
        if os.path.isdir(os.path.join(d, "shared", "spec")):
            return os.path.join(d, "shared")
        d = os.path.dirname(d)
    sys.exit("cannot find the shared folder; set SYLVA_SHARED")


SHARED = find_shared()
sys.path.insert(0, os.path.join(SHARED, "bench"))
import ilastik_ref as R  # noqa: E402
from anchor_pipeline import scribbles  # noqa: E402


def main():
    out = sys.argv[1]
    per_class = int(sys.argv[2]) if len(sys.argv) > 2 else 9300
    os.makedirs(out, exist_ok=True)
    data = os.path.join(SHARED, "data", "dsb2018_nuclei_stardist")
    img = tifffile.imread(os.path.join(data, "img2d.tif")).astype(np.float32)
    gt = tifffile.imread(os.path.join(data, "mask2d.tif"))
    F = R.features(img[None, ..., None])[0].astype(np.float32)
    lab = scribbles(gt, per_class, np.random.default_rng(7))
    X = np.ascontiguousarray(F[lab > 0], dtype=np.float32)
    y = lab[lab > 0].astype(np.int32)
    flat = np.ascontiguousarray(F.reshape(-1, F.shape[-1]))
    flat.astype("<f4").tofile(os.path.join(out, "features.f32"))
    X.astype("<f4").tofile(os.path.join(out, "train_x.f32"))
    y.astype("<i4").tofile(os.path.join(out, "train_y.i32"))

    rf = vigra.learning.RandomForest(treeCount=100)
    t0 = time.perf_counter()
    oob = rf.learnRF(X, y.astype(np.uint32).reshape(-1, 1))
    train_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    rf.predictProbabilities(flat)
    predict_s = time.perf_counter() - t0
    print(json.dumps({"n": int(len(y)), "features": int(X.shape[1]), "pixels": int(flat.shape[0]),
                      "height": int(F.shape[0]), "width": int(F.shape[1]),
                      "vigra_train_s": round(train_s, 3), "vigra_predict_s": round(predict_s, 3),
                      "vigra_predict_Mpx_s": round(flat.shape[0] / predict_s / 1e6, 4),
                      "vigra_oob_error": round(float(oob), 4)}))


if __name__ == "__main__":
    main()
