#!/usr/bin/python3
"""Generates the object-feature oracle used by the tests of org.sylva.objects.features: crops of real datasets
from ../shared/data (plus a hand-made edge case), label images made with vigra/numpy, and ilastik's object features
for them, computed by ilastik_objects.py (ilastik's OpRegionFeatures on vigra 1.11.1 and scipy). It also checks
ilastik_objects.py against the features ilastik stored in ../shared/fixtures/ilastik/object, and writes the label
image of the _wSeg fixture (connected components of its binary segmentation, which that project does not store).

Run from this folder:  /usr/bin/python3 make_reference.py [/path/to/shared]
Writes per case: <case>.raw.npy (original dtype, axes t, z, y, x, c), <case>.labels.npy (uint16 or uint32, t, z, y, x,
consecutive ids in raster order per time point) and <case>.h5 with, per time point t, datasets
t<t>/<plugin>/<feature> (float32, (N + 1, values), row 0 = background = 0, as ilastik stores them) and, where
computed, t<t>/skimage/<property> (scikit-image regionprops, an independent second reference: area,
centroid, bbox, covariance_eigvals derived from inertia_tensor_eigvals); cases.json lists
the cases with the selection and margin used."""
import json, os, sys
import numpy as np, h5py, tifffile, vigra
from scipy import ndimage
from skimage import measure

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ilastik_objects as IO

def find_shared():
    """../shared beside the project (or any parent folder's 'shared' with a spec folder), like the tests' Shared."""
    d = HERE
    while d != os.path.dirname(d):
        if os.path.isdir(os.path.join(d, "shared", "spec")):
            return os.path.join(d, "shared")
        d = os.path.dirname(d)
    sys.exit("cannot find the shared folder; pass it as the first argument")


shared = sys.argv[1] if len(sys.argv) > 1 else find_shared()
data = os.path.join(shared, "data")
os.chdir(HERE)

STANDARD = "Standard Object Features"
SINGLE = [n.replace(" ", "") for n in vigra.analysis.supportedRegionFeatures(
    np.zeros((4, 4), np.float32), np.zeros((4, 4), np.uint32))]
MULTI = [n.replace(" ", "") for n in vigra.analysis.supportedRegionFeatures(
    vigra.taggedView(np.zeros((4, 4, 2), np.float32), "xyc"), np.zeros((4, 4), np.uint32))]
LOCAL = ["Mean", "Variance", "Skewness", "Kurtosis", "Histogram", "Covariance", "Minimum", "Maximum", "Sum"]


def relabel(lab):
    """Consecutive ids 1..N per time point in raster order (x fastest, then y, then z), background 0."""
    out = np.zeros(lab.shape, np.uint32)
    for t in range(lab.shape[0]):
        flat = lab[t].ravel()
        ids, first = np.unique(flat, return_index=True)
        keep = ids != 0
        order = ids[keep][np.argsort(first[keep])]
        lut = {v: k + 1 for k, v in enumerate(order)}
        out[t] = np.vectorize(lambda v: lut.get(v, 0), otypes=[np.uint32])(lab[t]) if len(order) else 0
    return out


def components(mask, threed):
    return (vigra.analysis.labelVolumeWithBackground(mask.astype(np.uint8)) if threed
            else vigra.analysis.labelImageWithBackground(mask.astype(np.uint8)))


cases = []


def case(name, raw, labels, names, margin=None, hull=None, skeleton=False, skimage_props=False, note=""):
    """raw (t, z, y, x, c) any dtype, labels (t, z, y, x) integer."""
    labels = relabel(labels)
    np.save(f"{name}.raw.npy", raw)
    np.save(f"{name}.labels.npy", labels.astype(np.uint16) if labels.max() < 65536 else labels)
    channels = raw.shape[-1]
    with h5py.File(f"{name}.h5", "w") as h5:
        for t in range(raw.shape[0]):
            r = np.ascontiguousarray(raw[t].transpose(2, 1, 0, 3)).astype(np.float32)   # x, y, z, c
            l = np.ascontiguousarray(labels[t].transpose(2, 1, 0))                        # x, y, z
            g = h5.create_group(f"t{t}")
            if l.max() == 0:
                g.attrs["objects"] = 0
                continue
            g.attrs["objects"] = int(l.max())
            st = IO.standard(r, l, names, margin)
            for k, v in st.items():
                plugin = "Default features" if k in IO.DEFAULT and k not in names else STANDARD
                g.create_dataset(f"{plugin}/{k}", data=v)
                if k in IO.DEFAULT:
                    g.create_dataset(f"Default features/{k}", data=v) if plugin == STANDARD else None
            threed = l.shape[2] > 1
            for mode in hull or []:
                ch = IO.convex_hull(l, mode)
                plugin = "3D Convex Hull Features" if threed else "2D Convex Hull Features"
                for k, v in ch.items():
                    g.create_dataset(f"{plugin} ({mode})/{k}", data=v)
            if skeleton:
                for k, v in IO.skeleton(l).items():
                    g.create_dataset(f"2D Skeleton Features/{k}", data=v)
            if skimage_props:
                # regionprops on (z,) y, x: coordinates reversed to ilastik's x, y, z
                props = measure.regionprops(labels[t] if threed else labels[t, 0])
                n = int(l.max())
                area = np.zeros((n + 1, 1), np.float32)
                centroid = np.zeros((n + 1, 3 if threed else 2), np.float32)
                bbox = np.zeros((n + 1, 2 * (3 if threed else 2)), np.float32)
                eig = np.zeros((n + 1, 3 if threed else 2), np.float32)
                for p in props:
                    area[p.label] = p.area
                    centroid[p.label] = p.centroid[::-1]
                    d = len(p.centroid)
                    bbox[p.label] = list(p.bbox[:d][::-1]) + list(p.bbox[d:][::-1])   # min x,y[,z], max exclusive
                    # the inertia tensor is tr(Σ)·I − Σ in 3D (and Σ with swapped axes in 2D): back to the
                    # eigenvalues of the coordinate covariance Σ, largest first
                    mu = np.asarray(p.inertia_tensor_eigvals)
                    eig[p.label] = np.sort(mu.sum() / 2 - mu if d == 3 else mu)[::-1]
                g.create_dataset("skimage/area", data=area)
                g.create_dataset("skimage/centroid", data=centroid)
                g.create_dataset("skimage/bbox", data=bbox)
                g.create_dataset("skimage/covariance_eigvals", data=eig)
    cases.append({"name": name, "shape_tzyxc": list(raw.shape), "dtype": str(raw.dtype), "features": sorted(names),
                  "margin": margin, "hull": hull or [], "skeleton": skeleton, "skimage": skimage_props,
                  "note": note})
    print(name, raw.shape, raw.dtype, "objects per frame",
          [int(labels[t].max()) for t in range(labels.shape[0])])


def tzyxc(a, axes):
    for letter in "tzyxc":
        if letter not in axes:
            a = a[..., None] if letter == "c" else a[None]
            axes = axes + "c" if letter == "c" else letter + axes
    return np.ascontiguousarray(np.moveaxis(a, [axes.index(l) for l in "tzyxc"], range(5)))


def with_neighborhood(names, channels):
    local = [n for n in LOCAL if n in names]
    return names + [n + " in neighborhood" for n in local]


# 1. blobs (uint8, 2D): every single-channel feature, neighbourhoods with ilastik's default margin, both hulls,
#    skeleton (vigra), regionprops
blobs = tifffile.imread(os.path.join(data, "bian_blobs_annotated/blobs.tif"))
blobs_lab = tifffile.imread(os.path.join(data, "bian_blobs_annotated/blobs_labeled.tif"))
case("blobs2d", tzyxc(blobs, "yx"), tzyxc(blobs_lab, "yx")[..., 0], with_neighborhood(SINGLE, 1), [30, 30],
     hull=["ilastik", "geometric"], skeleton=True, skimage_props=True,
     note="bian_blobs_annotated blobs.tif with its labels; objects touch the border")

# 2. apoptotic cells (uint8, 2D crop) with ilastik's own objects; an anisotropic margin
cells = tifffile.imread(os.path.join(data, "ilastik_2d_cells_apoptotic/2d_cells_apoptotic_1channel.tif"))
cells_lab = tifffile.imread(os.path.join(data, "ilastik_2d_cells_apoptotic/objects_from_binary_segmentation.tif"))
y0, x0 = 300, 400
case("cells2d", tzyxc(cells[y0:y0 + 300, x0:x0 + 360], "yx"),
     tzyxc(cells_lab[y0:y0 + 300, x0:x0 + 360].astype(np.uint32), "yx")[..., 0],
     with_neighborhood(["Count", "Mean", "Variance", "Skewness", "Kurtosis", "Minimum", "Maximum", "Sum",
                        "Quantiles", "Histogram", "RegionRadii", "RegionAxes", "Coord<Minimum>"], 1), [12, 5],
     hull=["geometric"], note="ilastik_2d_cells_apoptotic crop y 300:600, x 400:760, margin 12 x 5")

# 3. 3D nuclei (8 bit): every single-channel feature, default 3D margin, both hulls, regionprops
nuc = tifffile.imread(os.path.join(data, "neubias_nuclei_3d/xyz_8bit__nuclei_autothresh.tif"))[:, :80, :90]
lab3 = components(ndimage.gaussian_filter(nuc.astype(np.float32), 1.0) > 40, True)
case("nuclei3d", tzyxc(nuc, "zyx"), tzyxc(np.asarray(lab3), "zyx")[..., 0], with_neighborhood(SINGLE, 1),
     [30, 30, 1], hull=["ilastik", "geometric"], skimage_props=True,
     note="neubias_nuclei_3d 8-bit nuclei, y 0:80, x 0:90; objects = gaussian(1) > 40")

# 4. the multi-channel set in 3D: those nuclei plus a second channel made from them (smoothed, with noise)
second = ndimage.gaussian_filter(nuc.astype(np.float32), 2.0) * 40 + np.random.default_rng(3).normal(500, 30, nuc.shape)
vol2 = np.stack([nuc.astype(np.uint16), np.clip(second, 0, 65535).astype(np.uint16)], -1)[10:30, 20:70, 10:80]
lab32 = components(ndimage.gaussian_filter(vol2[..., 0].astype(np.float32), 1.0) > 40, True)
case("nuclei3d_2ch", tzyxc(vol2, "zyxc"), tzyxc(np.asarray(lab32), "zyx")[..., 0],
     with_neighborhood(MULTI, 2), [6, 6, 2],
     note="neubias_nuclei_3d 8-bit nuclei as channel 0 and a smoothed noisy copy as channel 1 (uint16), "
          "z 10:30, y 20:70, x 10:80; margin 6 x 6 x 2")

# 5. three-channel 16-bit cells: the multi-channel set in 2D
cells3 = tifffile.imread(os.path.join(data, "neubias_multichannel_cells/xyc_16bit__cell_dna_mts_actin.tif"))
img3 = np.moveaxis(cells3, 0, -1)                                           # y, x, c
dna2 = ndimage.gaussian_filter(img3[..., 0].astype(np.float32), 2)
lab_c = components(dna2 > np.percentile(dna2, 95), False)
case("multichannel2d", tzyxc(img3, "yxc"), tzyxc(np.asarray(lab_c), "yx")[..., 0],
     with_neighborhood(MULTI, 3), [20, 20],
     note="neubias_multichannel_cells 16 bit (350 x 350 x 3); objects = DNA channel gaussian(2) > 95th percentile")

# 6. a movie: three frames, the middle one without objects
movie = tifffile.imread(os.path.join(data, "neubias_mitocheck_h2b_movie/mitocheck_h2b_TYX.tif"))[[0, 10, 20]]
mlab = np.stack([np.asarray(components(ndimage.gaussian_filter(f.astype(np.float32), 1) > 60, False))
                 for f in movie])
mlab[1] = 0
case("movie2d", tzyxc(movie, "tyx"), tzyxc(mlab, "tyx")[..., 0],
     with_neighborhood(["Count", "Mean", "Variance", "Skewness", "Kurtosis", "Minimum", "Maximum", "Quantiles",
                        "Histogram", "RegionCenter", "RegionRadii", "RegionAxes", "Coord<Minimum>",
                        "Coord<Maximum>"], 1), [30, 30], hull=["ilastik"],
     note="neubias_mitocheck_h2b_movie frames 0, 10, 20; frame 1 has its labels cleared (no objects)")

# 7. hand-made edge cases: single pixels, lines, a constant object, objects on the border, float32 data
rng = np.random.default_rng(7)
edge = rng.normal(100, 30, (14, 17)).astype(np.float32)
el = np.zeros((14, 17), np.uint32)
el[0, 0] = 1                       # single pixel in the corner
el[3, 2:9] = 2                     # horizontal line
el[5:12, 4] = 3                    # vertical line
el[6:10, 8:12] = 4                 # constant square
edge[6:10, 8:12] = 42.0
el[13, 10:17] = 5                  # bottom border
el[2, 14] = 6                      # another single pixel
el[9:14, 0:3] = 7                  # left/bottom corner block
el[11, 1] = 0
for k in range(5):                 # diagonal
    el[k + 5, k + 12] = 8
case("edge2d", tzyxc(edge, "yx"), tzyxc(el, "yx")[..., 0], with_neighborhood(SINGLE, 1), [3, 2],
     hull=["ilastik", "geometric"], skeleton=True, skimage_props=True,
     note="hand-made: single pixels, lines, a constant object, a diagonal, border objects; float32")

with open("cases.json", "w") as f:
    json.dump({"generator": "make_reference.py", "vigra": vigra.version, "cases": cases}, f, indent=1)

# --- the fixtures: ilastik_objects.py must reproduce what ilastik stored; write the _wSeg label image
fix = os.path.join(shared, "fixtures/ilastik/object")
seg = h5py.File(os.path.join(fix, "inputdata/2d3c_Binary_Segmentation.h5"), "r")["exported_data"][()][:, :, 0]
wseg = np.asarray(components(seg.T.copy(), False)).astype(np.uint32)        # x, y, as ilastik labels them
np.save("fixture_2d3c_wSeg.labels.npy", np.ascontiguousarray(wseg.T)[None, None])   # t, z, y, x
raw = h5py.File(os.path.join(fix, "inputdata/2d3c.h5"), "r")["data"][()].transpose(1, 0, 2)[:, :, None, :]
stored = h5py.File(os.path.join(fix, "ObjectClassification2d3c_wSeg.ilp"), "r")[
    "ObjectExtraction/RegionFeatures/0000/[[0], [1]]"]
names = list(h5py.File(os.path.join(fix, "ObjectClassification2d3c_wSeg.ilp"), "r")[
    "ObjectExtraction/Features/Standard Object Features"].keys())
mine = IO.standard(raw.astype(np.float32), wseg[:, :, None], names, [30, 30])
mine.update(IO.convex_hull(wseg[:, :, None], "ilastik"))
worst = 0.0
for plugin in stored:
    for k in stored[plugin]:
        s = stored[plugin][k][()][1:]
        v = mine[k][1:] if k in mine else IO.skeleton(wseg[:, :, None])[k][1:]
        if k == "Coord<Maximum>":
            v = v - 1                      # ilastik 1.2 stored vigra's inclusive maximum
        ok = np.isfinite(s) & np.isfinite(v)
        if k == "DefectCenter":
            ok &= stored[plugin]["DefectCount"][()][1:].repeat(s.shape[1], 1) > 0
        rel = np.abs(s - v)[ok] / np.maximum(np.abs(s[ok]), 1e-3)
        worst = max(worst, rel.max() if rel.size else 0)
        assert (np.isnan(s) == np.isnan(v)).all() and (rel.size == 0 or rel.max() < 1e-5), (plugin, k, rel.max())
print("ilastik_objects.py reproduces the _wSeg fixture: max relative difference", worst)
