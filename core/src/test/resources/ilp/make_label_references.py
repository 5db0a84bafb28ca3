#!/usr/bin/python3
"""Reference label volumes for the .ilp reader tests, assembled from the projects with h5py + numpy the way ilastik
1.4 loads them (independently of the Java code):

* lane axis order: ilastik's PixelClassificationWorkflow list of allowed orders (yxc, xyc, 3-permutations of tzyx
  + c, 4-permutations + c, in itertools order); the first of the shortest that holds every axis of extent > 1
  (OpDataSelection._get_output_axis_order);
* stored block axes: BackwardsCompatibleLabelSerialBlockSlot's version rule (compared with packaging's Version, as
  ilastik's parse_version); the blocks' own axistags attribute, when present, must agree with it;
* each block is mapped like ndstructs' Slice5D/Array5D (axes the block lacks are 0:1, axes the lane lacks must be
  singletons) and written as OpCompressedUserLabelArray.setInSlot does: 0 leaves a pixel, 100 (the eraser) clears it,
  any other value sets it.

Writes core/src/test/resources/ilp/labels/<project>.lane<i>.npy.gz (uint8, lane axis order) and prints a summary.
Run: /usr/bin/python3 core/src/test/resources/ilp/make_label_references.py  (finds ../shared like the tests, or SYLVA_SHARED)
"""
import gzip
import io
import itertools
import json
import os
import sys

import h5py
import numpy as np
from packaging.version import Version

def find_shared():
    """SYLVA_SHARED, else the first folder named 'shared' (holding spec/) above this script, as the tests find it."""
    if os.environ.get("SYLVA_SHARED"):
        return os.environ["SYLVA_SHARED"]
    d = os.path.dirname(os.path.abspath(__file__))
    while d != os.path.dirname(d):
        if os.path.isdir(os.path.join(d, "shared", "spec")):
            return os.path.join(d, "shared")
        d = os.path.dirname(d)
    sys.exit("cannot find the shared folder; set SYLVA_SHARED")


SHARED = find_shared()
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "labels")

PROJECTS = {
    "PixelClass": "fixtures/ilastik/pixel/PixelClass.ilp",
    "PixelClass3D": "fixtures/ilastik/pixel/PixelClass3D.ilp",
    "PixelClassNoClassifier": "fixtures/ilastik/pixel/PixelClassNoClassifier.ilp",
    "PixelClassification2d3c": "fixtures/ilastik/object/PixelClassification2d3c.ilp",
    "pc": "data/ilastik_2d_cells_apoptotic/pc.ilp",
    "ilastik4ij": "data/ilastik_2d_cells_apoptotic/ilastik4ij/pixel_class_2d_cells_apoptotic.ilp",
}

ALLOWED = ["yxc", "xyc"] + ["".join(p) + "c" for p in itertools.permutations("tzyx", 3)] \
    + ["".join(p) + "c" for p in itertools.permutations("tzyx", 4)]
ERASER = 100


def text(ds):
    v = ds[()]
    if isinstance(v, np.ndarray):
        v = v.ravel()[0]
    return v.decode("utf-8") if isinstance(v, bytes) else str(v)


def lane_info(project_path, h, lane):
    raw = h["Input Data/infos"][sorted(h["Input Data/infos"].keys())[lane]]["Raw Data"]
    if "axistags" in raw:
        keys = "".join(a["key"] for a in json.loads(text(raw["axistags"]))["axes"])
    else:
        keys = text(raw["axisorder"])
    if "shape" in raw:
        shape = tuple(int(s) for s in raw["shape"][()])
    else:
        # ilastik before 1.3.3 stored no shape: read it from the raw file (an HDF5 dataset in these projects)
        path = text(raw["filePath"])
        external, internal = path.split(".h5/")
        with h5py.File(os.path.join(os.path.dirname(project_path), external + ".h5"), "r") as f:
            shape = f[internal].shape
    return keys, dict(zip(keys, shape))


def lane_order(tagged_shape):
    required = {k for k, v in tagged_shape.items() if v > 1}
    compliant = [o for o in ALLOWED if required.issubset(set(o))]
    return min(compliant, key=len)


def saved_order(version, workflow, raw_keys, lane_keys):
    v = Version(version)
    if Version("1.3.3") <= v < Version("1.3.3post2") and workflow == "Object Classification (from pixel classification)":
        return "txyzc"
    if Version("1.3.3post2") <= v <= Version("1.4.0b7"):
        return raw_keys
    return lane_keys


def assemble(project_path):
    out = {}
    with h5py.File(project_path, "r") as h:
        version = text(h["ilastikVersion"])
        workflow = text(h["workflowName"])
        sets = h["PixelClassification/LabelSets"]
        lane_groups = sorted(sets.keys(), key=lambda n: int("".join(c for c in n if c.isdigit())))
        for lane, name in enumerate(lane_groups):
            raw_keys, tagged = lane_info(project_path, h, lane)
            order = lane_order(tagged)
            saved = saved_order(version, workflow, raw_keys, order)
            shape = tuple(1 if k == "c" else tagged.get(k, 1) for k in order)
            volume = np.zeros(shape, np.uint8)
            for block_name in sorted(sets[name].keys()):
                ds = sets[name][block_name]
                if "axistags" in ds.attrs:
                    tags = "".join(a["key"] for a in json.loads(ds.attrs["axistags"])["axes"])
                    assert tags == saved, (project_path, block_name, tags, saved)
                spans = [tuple(int(x) for x in s.split(":")) for s in ds.attrs["blockSlice"].strip("[]").split(",")]
                data = ds[()]
                assert data.ndim == len(saved) == len(spans)
                span = dict(zip(saved, spans))
                # axes the lane lacks must be singletons at index 0; axes the block lacks are 0:1
                kept = saved
                for k in saved:
                    if k not in order:
                        assert span[k] == (0, 1) and data.shape[kept.index(k)] == 1
                        data = data.take(0, axis=kept.index(k))
                        kept = kept.replace(k, "")
                for k in order:
                    if k not in kept:
                        data = data[..., np.newaxis]
                        kept += k
                data = np.transpose(data, [kept.index(k) for k in order])
                index = tuple(slice(*span.get(k, (0, 1))) for k in order)
                target = volume[index]
                assert target.shape == data.shape, (project_path, block_name, target.shape, data.shape)
                target[data != 0] = data[data != 0]
                target[data == ERASER] = 0
            out[lane] = (order, volume)
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, rel in PROJECTS.items():
        for lane, (order, volume) in assemble(os.path.join(SHARED, rel)).items():
            buf = io.BytesIO()
            np.save(buf, volume)
            path = os.path.join(OUT, "%s.lane%d.npy.gz" % (name, lane))
            with open(path, "wb") as f:
                # mtime=0: the same volume always gives the same bytes
                with gzip.GzipFile(fileobj=f, mode="wb", mtime=0) as gz:
                    gz.write(buf.getvalue())
            values, counts = np.unique(volume, return_counts=True)
            print(name, lane, order, volume.shape, dict(zip(values.tolist(), counts.tolist())))


if __name__ == "__main__":
    sys.exit(main())
