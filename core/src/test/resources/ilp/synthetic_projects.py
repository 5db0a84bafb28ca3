#!/usr/bin/python3
"""Small synthetic ilastik projects for the .ilp reader tests, written with h5py in ilastik's layout (spec §6), each
covering a case the real fixtures do not: label blocks stored in the orders older versions used, projects without
label names or lane shapes, feature ids in ilastik 0.5's order, stacks and Windows paths, malformed entries.

Label volumes are built FIRST in the lane's axis order (the expected result, saved as <case>.lane<i>.npy); the stored
blocks are derived from them by cropping and transposing into the order the saving version used — the inverse of
what the reader must do.

Usage: synthetic_projects.py OUT_DIR   (writes OUT_DIR/<case>.ilp, expected arrays and raw files; prints the cases)
"""
import json
import os
import sys

import h5py
import numpy as np

OLD_FEATURE_ORDER = [b"GaussianSmoothing", b"LaplacianOfGaussian", b"StructureTensorEigenvalues",
                     b"HessianOfGaussianEigenvalues", b"GaussianGradientMagnitude", b"DifferenceOfGaussians"]
NEW_FEATURE_ORDER = [b"GaussianSmoothing", b"LaplacianOfGaussian", b"GaussianGradientMagnitude",
                     b"DifferenceOfGaussians", b"StructureTensorEigenvalues", b"HessianOfGaussianEigenvalues"]
SCALES = [0.3, 0.7, 1.0, 1.6, 3.5, 5.0, 10.0]


def axistags(keys):
    flags = {"t": 8, "c": 1}
    return json.dumps({"axes": [{"key": k, "typeFlags": flags.get(k, 2), "resolution": 0, "description": ""}
                                for k in keys]}, indent=2)


def header(h, version, workflow):
    h.create_dataset("ilastikVersion", data=version.encode())
    h.create_dataset("workflowName", data=workflow.encode())
    h.create_dataset("time", data=b"Mon Jan  1 00:00:00 2024")
    h.create_dataset("currentApplet", data=0)


def lane(h, index, file_path, keys, shape, cls=b"RelativeFilesystemDatasetInfo", nickname=b"raw", extra=None):
    g = h.require_group("Input Data/infos/lane%04d" % index)
    g.create_group("Prediction Mask")
    r = g.create_group("Raw Data")
    if cls is not None:
        r.create_dataset("__class__", data=cls)
    r.create_dataset("filePath", data=file_path.encode())
    r.create_dataset("nickname", data=nickname)
    r.create_dataset("location", data=b"FileSystem")
    r.create_dataset("allowLabels", data=True)
    if keys is not None:
        r.create_dataset("axistags", data=axistags(keys).encode())
    if shape is not None:
        r.create_dataset("shape", data=np.array(shape, np.int64))
    for k, v in (extra or {}).items():
        r.create_dataset(k, data=v)


def roles(h):
    h.require_group("Input Data").create_dataset("Role Names", data=np.array([b"Raw Data", b"Prediction Mask"], dtype=object),
                                   dtype=h5py.special_dtype(vlen=bytes))
    h["Input Data"].create_dataset("StorageVersion", data=b"0.2")
    h["Input Data"].require_group("local_data")


def features(h, ids, in2d=True, group="FeatureSelections"):
    g = h.create_group(group)
    g.create_dataset("FeatureIds", data=np.array(ids))
    g.create_dataset("Scales", data=np.array(SCALES))
    m = np.zeros((len(ids), len(SCALES)), bool)
    m[0, 0] = True                                   # first id at 0.3
    m[:, 3] = True                                   # every id at 1.6
    m[2, 5] = True                                   # third id at 5.0
    g.create_dataset("SelectionMatrix", data=m)
    if in2d is not None:
        g.create_dataset("ComputeIn2d", data=np.array([in2d] * len(SCALES)))
    g.create_dataset("StorageVersion", data=b"0.1")


def classes(h, names):
    g = h.require_group("PixelClassification")
    if names is None:
        d = g.create_dataset("LabelNames", data=np.zeros(1))
        d.attrs["isEmpty"] = True
        return
    d = g.create_dataset("LabelNames", data=np.array([n.encode() for n in names]))
    d.attrs["isEmpty"] = False
    colours = np.array([[10 * i, 20 * i, 30 * i] for i in range(1, len(names) + 1)], np.int64)
    for name in ("LabelColors", "PmapColors"):
        d = g.create_dataset(name, data=colours)
        d.attrs["isEmpty"] = False


def store_blocks(h, lane_index, volume, lane_keys, saved_keys, boxes, tags=True, group="PixelClassification"):
    """Crops `volume` (lane order, c = 1) to each box (start, stop per lane axis) and stores it in `saved_keys`
    order: lane axes the saved order lacks must be singletons; saved axes the lane lacks get 0:1."""
    g = h.require_group("%s/LabelSets/labels%03d" % (group, lane_index))
    for n, (start, stop) in enumerate(boxes):
        span = dict(zip(lane_keys, zip(start, stop)))
        block = volume[tuple(slice(a, b) for a, b in zip(start, stop))]
        keys = lane_keys
        for k in lane_keys:
            if k not in saved_keys:
                assert block.shape[keys.index(k)] == 1
                block = block.take(0, axis=keys.index(k))
                keys = keys.replace(k, "")
        for k in saved_keys:
            if k not in keys:
                block = block[..., np.newaxis]
                keys += k
        block = np.ascontiguousarray(np.transpose(block, [keys.index(k) for k in saved_keys]))
        d = g.create_dataset("block%04d" % n, data=block)
        d.attrs["blockSlice"] = "[" + ",".join("%d:%d" % span.get(k, (0, 1)) for k in saved_keys) + "]"
        if tags:
            d.attrs["axistags"] = axistags(saved_keys)


def export(h, group="Prediction Export", **values):
    g = h.create_group(group)
    for k, v in values.items():
        g.create_dataset(k, data=v)


def scribbles(shape, seed, classes=2):
    """A sparse label volume (lane order, c = 1): a few filled rectangles of each class."""
    rng = np.random.default_rng(seed)
    v = np.zeros(shape, np.uint8)
    for k in range(1, classes + 1):
        for _ in range(3):
            index = []
            for n in shape[:-1]:
                a = int(rng.integers(0, n))
                index.append(slice(a, min(n, a + int(rng.integers(1, 4)))))
            v[tuple(index) + (slice(0, 1),)] = k
    return v


def boxes_of(volume, tile):
    """Bounding boxes of the non-zero labels per tile (ilastik's label cache blocks, shrunk to their labels)."""
    out = []
    grid = [range(0, n, t) for n, t in zip(volume.shape, tile)]
    for corner in np.array(np.meshgrid(*grid, indexing="ij")).reshape(len(tile), -1).T:
        sub = tuple(slice(c, c + t) for c, t in zip(corner, tile))
        nz = np.nonzero(volume[sub])
        if len(nz[0]) == 0:
            continue
        out.append(([int(c + a.min()) for c, a in zip(corner, nz)], [int(c + a.max() + 1) for c, a in zip(corner, nz)]))
    return out


def save_expected(out, case, lane_index, volume):
    np.save(os.path.join(out, "%s.lane%d.npy" % (case, lane_index)), volume)


def case_original_order(out):
    """ilastik 1.4.0b3 (1.3.3post2 <= v <= 1.4.0b7): blocks in the raw data's own axis order, no block axistags.
    Lane 0: raw 'xyc' (40 x 30) -> lane 'yxc'. Lane 1: raw 'tzyxc' with t = z = 1 -> lane 'yxc'."""
    case = "original_order"
    with h5py.File(os.path.join(out, case + ".ilp"), "w") as h:
        header(h, "1.4.0b3", "Pixel Classification")
        roles(h)
        lane(h, 0, "a.png", "xyc", (40, 30, 1))
        lane(h, 1, "b.h5/data", "tzyxc", (1, 1, 25, 35, 1))
        features(h, NEW_FEATURE_ORDER)
        classes(h, ["cell", "background"])
        v0 = scribbles((30, 40, 1), 1)
        store_blocks(h, 0, v0, "yxc", "xyc", boxes_of(v0, (16, 16, 1)), tags=False)
        v1 = scribbles((25, 35, 1), 2)
        store_blocks(h, 1, v1, "yxc", "tzyxc", boxes_of(v1, (16, 16, 1)), tags=False)
    save_expected(out, case, 0, v0)
    save_expected(out, case, 1, v1)


def case_canonical_order(out):
    """ilastik 1.3.3 'Object Classification (from pixel classification)': blocks forced to 'txyzc'.
    Raw 'zyxc' (6, 20, 24, 1) -> lane 'zyxc'."""
    case = "canonical_order"
    with h5py.File(os.path.join(out, case + ".ilp"), "w") as h:
        header(h, "1.3.3", "Object Classification (from pixel classification)")
        roles(h)
        lane(h, 0, "vol.h5/data", "zyxc", (6, 20, 24, 1))
        features(h, NEW_FEATURE_ORDER, in2d=False)
        classes(h, ["a", "b", "c"])
        v = scribbles((6, 20, 24, 1), 3, classes=3)
        store_blocks(h, 0, v, "zyxc", "txyzc", boxes_of(v, (4, 8, 8, 1)), tags=False)
    save_expected(out, case, 0, v)


def case_tagged(out):
    """ilastik 1.4.1: blocks carry axistags. Lane 0: 2D+t 'tyxc' (3, 20, 30, 1), blocks per time point, plus an
    eraser value and a block whose zeros must not clear labels written before. Lane 1: a block whose own axistags
    ('xyc') differ from the lane order: the tags win. Lane groups labels000 and labels002 (no 001): positions count.
    Also workflow_cmdline_args and every export setting (one, the format n5, not written by Sylva)."""
    case = "tagged"
    with h5py.File(os.path.join(out, case + ".ilp"), "w") as h:
        header(h, "1.4.1", "Pixel Classification")
        roles(h)
        lane(h, 0, "movie.h5/data", "tyxc", (3, 20, 30, 1))
        lane(h, 1, "img.png", "yxc", (16, 12, 1))
        features(h, NEW_FEATURE_ORDER)
        classes(h, ["one", "two"])
        v0 = scribbles((3, 20, 30, 1), 4)
        boxes = boxes_of(v0, (1, 10, 10, 1))
        store_blocks(h, 0, v0, "tyxc", "tyxc", boxes)
        g = h["PixelClassification/LabelSets/labels000"]
        # a late block covering a labelled region with zeros (must not erase) and one eraser pixel at a label
        t, y, x = [int(a[0]) for a in np.nonzero(v0[..., 0])]
        d = g.create_dataset("block9000", data=np.zeros((1, 2, 2, 1), np.uint8))
        d.attrs["blockSlice"] = "[%d:%d,%d:%d,%d:%d,0:1]" % (t, t + 1, y, y + 2, x, x + 2)
        d.attrs["axistags"] = axistags("tyxc")
        d = g.create_dataset("block9001", data=np.full((1, 1, 1, 1), 100, np.uint8))
        d.attrs["blockSlice"] = "[%d:%d,%d:%d,%d:%d,0:1]" % (t, t + 1, y, y + 1, x, x + 1)
        d.attrs["axistags"] = axistags("tyxc")
        v0[t, y, x, 0] = 0
        v1 = scribbles((16, 12, 1), 5)
        store_blocks(h, 2, v1, "yxc", "xyc", boxes_of(v1, (16, 12, 1)))
        h.create_dataset("workflow_cmdline_args", data=np.array([b"--export_source=Probabilities", b"--retrain"]))
        export(h, InputMin=0, InputMax=255, ExportMin=0.0, ExportMax=1.0, ExportDtype=b"float32",
               OutputAxisOrder=b"tzyxc", OutputFilenameFormat=b"{dataset_dir}/out/{nickname}_{result_type}",
               OutputInternalPath=b"/exported", OutputFormat=b"n5")
        for name, values in (("RegionStart", [-1, 2, 3, -1]), ("RegionStop", [-1, 10, 20, -1])):
            h["Prediction Export"].create_dataset(name, data=np.array(values, np.int64)).attrs["isEmpty"] = False
    save_expected(out, case, 0, v0)
    save_expected(out, case, 1, v1)


def case_old_project(out):
    """An ilastik 1.2-style project: no __class__, legacy 'axisorder' only, no lane shape, no ComputeIn2d, FeatureIds in
    ilastik 0.5's order, no label names (values up to 3 -> 'Label 1..3'), raw data 'raw.h5/data' (zyx, 5 x 16 x 18, no
    axistags) beside the project."""
    case = "old_project"
    with h5py.File(os.path.join(out, "raw.h5"), "w") as r:
        r.create_dataset("data", data=np.arange(5 * 16 * 18, dtype=np.uint16).reshape(5, 16, 18))
    with h5py.File(os.path.join(out, case + ".ilp"), "w") as h:
        header(h, "1.2.2rc4", "Pixel Classification")
        roles(h)
        lane(h, 0, "raw.h5/data", None, None, cls=None, extra={"axisorder": b"zyxc", "fromstack": True})
        features(h, OLD_FEATURE_ORDER, in2d=None)
        classes(h, None)
        v = scribbles((5, 16, 18, 1), 6, classes=3)
        store_blocks(h, 0, v, "zyxc", "zyxc", boxes_of(v, (5, 8, 8, 1)), tags=False)
        export(h, OutputFilenameFormat=b"{dataset_dir}/{nickname}_{result_type}.h5", OutputFormat=b"compressed hdf5",
               OutputInternalPath=b"exported_data")
    save_expected(out, case, 0, v)


def case_paths(out):
    """Raw-data paths as other systems store them. Lane 0: a stack 'slices/s0.npy:slices/s1.npy:slices/s2.npy'
    (z-stack of 2-D .npy files); lane 1: the same stack saved on Windows ('slices\\s0.npy;slices\\s1.npy;...');
    lane 2: an absolute Windows path to a file that sits beside the project; lane 3: a relative path with
    back-slashes to an HDF5 dataset in a subfolder; lane 4: a glob pattern."""
    case = "paths"
    os.makedirs(os.path.join(out, "slices"), exist_ok=True)
    os.makedirs(os.path.join(out, "sub dir"), exist_ok=True)
    for z in range(3):
        np.save(os.path.join(out, "slices", "s%d.npy" % z), np.full((10, 12), z + 1, np.uint8))
    np.save(os.path.join(out, "single.npy"), np.arange(10 * 12, dtype=np.uint8).reshape(10, 12))
    with h5py.File(os.path.join(out, "sub dir", "vol.h5"), "w") as r:
        r.create_dataset("group/data", data=np.ones((4, 10, 12), np.float32))
    with h5py.File(os.path.join(out, case + ".ilp"), "w") as h:
        header(h, "1.4.1", "Pixel Classification")
        roles(h)
        lane(h, 0, "slices/s0.npy:slices/s1.npy:slices/s2.npy", "zyxc", (3, 10, 12, 1))
        lane(h, 1, "slices\\s0.npy;slices\\s1.npy;slices\\s2.npy", "zyxc", (3, 10, 12, 1))
        lane(h, 2, "C:\\Users\\someone\\data\\single.npy", "yxc", (10, 12, 1), cls=b"FilesystemDatasetInfo")
        lane(h, 3, "sub dir\\vol.h5\\group\\data", "zyx", (4, 10, 12))
        lane(h, 4, "slices/s*.npy", "zyxc", (3, 10, 12, 1))
        features(h, NEW_FEATURE_ORDER)
        classes(h, ["a", "b"])
        h.require_group("PixelClassification/LabelSets")


def case_bad(out):
    """Malformed entries, one project each."""
    def base(name, feature_ids=NEW_FEATURE_ORDER):
        h = h5py.File(os.path.join(out, name + ".ilp"), "w")
        header(h, "1.4.1", "Pixel Classification")
        roles(h)
        lane(h, 0, "img.png", "yxc", (20, 30, 1))
        features(h, feature_ids)
        classes(h, ["a", "b"])
        return h

    with base("bad_block_slice") as h:
        d = h.create_dataset("PixelClassification/LabelSets/labels000/block0000", data=np.ones((2, 2, 1), np.uint8))
        d.attrs["blockSlice"] = "[0:2,abc,0:1]"
    with base("block_outside") as h:
        d = h.create_dataset("PixelClassification/LabelSets/labels000/block0000", data=np.ones((5, 5, 1), np.uint8))
        d.attrs["blockSlice"] = "[18:23,0:5,0:1]"
        d.attrs["axistags"] = axistags("yxc")
    with base("unknown_feature", [b"GaussianSmoothing", b"FancyFilter"] + NEW_FEATURE_ORDER[2:]) as h:
        pass
    with base("matrix_shape") as h:
        del h["FeatureSelections/SelectionMatrix"]
        h["FeatureSelections"].create_dataset("SelectionMatrix", data=np.zeros((6, 5), bool))
    with base("bad_forest") as h:
        g = h.create_group("PixelClassification/ClassifierForests/Forest0000")
        g.create_dataset("junk", data=1)


def main(out):
    os.makedirs(out, exist_ok=True)
    for case in (case_original_order, case_canonical_order, case_tagged, case_old_project, case_paths, case_bad):
        case(out)
        print(case.__name__)


if __name__ == "__main__":
    main(sys.argv[1])
