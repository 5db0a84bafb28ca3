#!/usr/bin/python3
"""Generates the feature oracle used by FeatureEngineTest: small crops of real datasets from ../shared/data and
ilastik's features for them, computed by ../shared/bench/ilastik_ref.py (ilastik's engine on vigra).

Run from this folder:  /usr/bin/python3 make_reference.py /path/to/shared
Writes, per case: <case>.input.npy (the crop, original dtype, axes as in cases.json), <case>.ref.npy (float32
features, channels last; either every voxel with shape (t?, z?, y, x, F) or, when sampled, (N, F)),
<case>.idx.npy (int64 flat voxel indices into the (t, z, y, x) grid, sampled cases only), and cases.json."""
import json, os, sys
import numpy as np, tifffile

shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../../../../../shared")
sys.path.insert(0, os.path.join(shared, "bench"))
import ilastik_ref as R

rng = np.random.default_rng(20261121)
cases = []

def selection(text):
    return R.parse_list(text)

def volumes(arr, axes):
    """array with `axes` -> list over t of float32 (z, y, x, c)"""
    a = arr
    ax = axes
    for letter in "tzc":
        if letter not in ax:
            a = a[..., None] if letter == "c" else a[None]
            ax = ax + "c" if letter == "c" else letter + ax
    a = np.moveaxis(a, [ax.index(l) for l in "tzyxc"], range(5)).astype(np.float32)
    return [a[t] for t in range(a.shape[0])]

def sample(shape_tzyx, n_uniform=1500, n_border=1500, margin=3):
    total = int(np.prod(shape_tzyx))
    uniform = rng.choice(total, min(total, n_uniform), replace=False)
    grid = np.indices(shape_tzyx).reshape(4, -1)
    near = np.zeros(total, bool)
    for d in (1, 2, 3):
        n = shape_tzyx[d]
        if n > 1:
            near |= (grid[d] < margin) | (grid[d] >= n - margin)
    border = np.flatnonzero(near)
    border = rng.choice(border, min(len(border), n_border), replace=False)
    return np.unique(np.concatenate([uniform, border])).astype(np.int64)

def case(name, arr, axes, features, in2d=None, sampled=False, note=""):
    sel, scales = selection(features)
    vols = volumes(arr, axes)
    z = vols[0].shape[0]
    in2d_list = None if in2d is None else ([in2d] * len(scales) if isinstance(in2d, bool) else list(in2d))
    outs = [R.features(v, sel=sel, scales=scales, in2d=in2d_list) for v in vols]
    F = np.stack(outs, 0)                      # t, z, y, x, F
    np.save(f"{name}.input.npy", arr)
    entry = {"name": name, "axes": axes, "features": features, "in2d": in2d_list, "note": note,
             "source_shape": list(arr.shape), "channels": int(F.shape[-1]), "sampled": sampled}
    if sampled:
        idx = sample(F.shape[:4])
        np.save(f"{name}.idx.npy", idx)
        np.save(f"{name}.ref.npy", F.reshape(-1, F.shape[-1])[idx].astype(np.float32))
    else:
        keep = [i for i, n in enumerate(F.shape[:2]) if n > 1]
        ref = F.reshape(tuple(F.shape[i] for i in keep) + F.shape[2:]) if len(keep) < 2 else F
        np.save(f"{name}.ref.npy", ref.astype(np.float32))
    cases.append(entry)
    print(name, arr.shape, arr.dtype, "->", F.shape)

d = os.path.join(shared, "data")
blobs = tifffile.imread(os.path.join(d, "bian_blobs_annotated/blobs.tif"))
case("grey2d", blobs[100:148, 90:142], "yx", "all", note="blobs.tif[100:148, 90:142], uint8")

mc = tifffile.imread(os.path.join(d, "neubias_multichannel_cells/xyc_16bit__cell_dna_mts_actin.tif"))
case("multichannel2d", mc[:, 150:190, 160:204], "cyx",
     "GaussianSmoothing@0.3,GaussianSmoothing@1.6,LaplacianOfGaussian@1.6,GaussianGradientMagnitude@1.6,"
     "DifferenceOfGaussians@1.6,StructureTensorEigenvalues@1.6,HessianOfGaussianEigenvalues@1.6,"
     "HessianOfGaussianEigenvalues@5.0,StructureTensorEigenvalues@0.7",
     note="xyc_16bit__cell_dna_mts_actin.tif[:, 150:190, 160:204], uint16, 3 channels")

mov = tifffile.imread(os.path.join(d, "neubias_mitocheck_h2b_movie/mitocheck_h2b_TYX.tif"))
case("time2d", mov[10:14, 60:100, 80:120], "tyx",
     "GaussianSmoothing@1.0,LaplacianOfGaussian@3.5,GaussianGradientMagnitude@0.7,DifferenceOfGaussians@5.0,"
     "StructureTensorEigenvalues@1.0,HessianOfGaussianEigenvalues@1.6",
     note="mitocheck_h2b_TYX.tif[10:14, 60:100, 80:120], uint8, 2D+t")

nuc = tifffile.imread(os.path.join(d, "neubias_nuclei_3d/xyz_8bit__nuclei_autothresh.tif"))
crop3d = nuc[:, 40:80, 50:90]
case("volume3d", crop3d, "zyx", "all", sampled=True, note="xyz_8bit__nuclei_autothresh.tif[:, 40:80, 50:90], uint8")
case("volume3d_in2d", crop3d, "zyx",
     "GaussianSmoothing@1.0,LaplacianOfGaussian@1.0,GaussianGradientMagnitude@1.0,DifferenceOfGaussians@1.0,"
     "StructureTensorEigenvalues@1.0,HessianOfGaussianEigenvalues@1.0,GaussianSmoothing@3.5,"
     "StructureTensorEigenvalues@3.5,HessianOfGaussianEigenvalues@3.5",
     in2d=True, sampled=True, note="same crop, every scale computed in 2D")
case("volume3d_mixed", nuc[10:26, 50:74, 60:88], "zyx",
     "GaussianSmoothing@0.7,GaussianSmoothing@1.6,GaussianSmoothing@3.5,HessianOfGaussianEigenvalues@0.7,"
     "StructureTensorEigenvalues@1.6,GaussianGradientMagnitude@3.5",
     in2d=[False, True, False], sampled=True, note="nuclei[10:26, 50:74, 60:88]; scale 1.6 in 2D, others 3D")

dna = tifffile.imread(os.path.join(d, "neubias_nuclei_3d/xyzc_16bit__dna_conf_wf.tif"))
case("volume3d_2ch", dna[12:32, :, 50:80, 50:80], "zcyx",
     "GaussianSmoothing@1.0,HessianOfGaussianEigenvalues@1.0,StructureTensorEigenvalues@3.5,LaplacianOfGaussian@0.7",
     sampled=True, note="xyzc_16bit__dna_conf_wf.tif[12:32, :, 50:80, 50:80], uint16, 2 channels")

with open("cases.json", "w") as f:
    json.dump({"generator": "make_reference.py with ../shared/bench/ilastik_ref.py (vigra " + R.vigra.version + ")",
               "cases": cases}, f, indent=1)
