#!/usr/bin/env python3
"""Writes legacy-v0.sylva: a Sylva project in format version 0 (docs/project-format.md, "Version history"),
written here with Python's zipfile and struct -- independently of the Java code that reads it -- so that the
migration from version 0 is tested against a real file.

Lane 1 is blobs.tif with its real scribbles (blobs_annotations.tif: 1 = background, 2 = blobs); lane 2 is the 3-D
nuclei stack with three box strokes (listed in STROKES, mirrored by ProjectLegacyTest). Usage (writes legacy-v0.sylva beside this script):
    /usr/bin/python3 make_v0.py ../shared/data
"""
import json
import os
import struct
import sys
import zipfile
import zlib

import numpy as np
import tifffile

data = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
GRID = 32  # version 0 cut labels into 32-pixel blocks (z too, for 3-D lanes)

# (value, z0, y0, x0, depth, height, width)
STROKES = [(1, 0, 0, 0, 2, 5, 132), (2, 10, 40, 50, 20, 3, 3), (1, 36, 100, 0, 1, 18, 40)]


def crc32(path):
    with open(path, 'rb') as f:
        return '%08x' % (zlib.crc32(f.read()) & 0xffffffff), os.path.getsize(path)


def blocks(labels):
    """Version 0's label member: int32 count, then per non-empty grid block int32 t, z0, y0, x0, depth, height,
    width and its uint8 values; all big endian."""
    t_, z_, y_, x_ = labels.shape
    bz = GRID if z_ > 1 else 1
    out = []
    for t in range(t_):
        for z0 in range(0, z_, bz):
            for y0 in range(0, y_, GRID):
                for x0 in range(0, x_, GRID):
                    b = labels[t, z0:z0 + bz, y0:y0 + GRID, x0:x0 + GRID]
                    if b.any():
                        out.append(struct.pack('>7i', t, z0, y0, x0, *b.shape) + b.astype(np.uint8).tobytes())
    return struct.pack('>i', len(out)) + b''.join(out)


blobs = f'{data}/bian_blobs_annotated/blobs.tif'
nuclei = f'{data}/neubias_nuclei_3d/xyz_8bit__nuclei_autothresh.tif'
scribbles = tifffile.imread(f'{data}/bian_blobs_annotated/blobs_annotations.tif').astype(np.uint8)
strokes = np.zeros((1, 37, 118, 132), np.uint8)
for v, z0, y0, x0, d, h, w in STROKES:
    strokes[0, z0:z0 + d, y0:y0 + h, x0:x0 + w] = v

crc_b, size_b = crc32(blobs)
crc_n, size_n = crc32(nuclei)
manifest = {
    'format': 'sylva-project',
    'version': 0,
    'created': '2024-11-05T14:03:00Z',
    'sylva': '0.0.1-draft',
    'workflow': 'Pixel Classification',
    'lanes': [
        {'path': 'blobs.tif', 'size': size_b, 'crc32': crc_b, 'axes': 'yx',
         'shape': {'t': 1, 'z': 1, 'y': 254, 'x': 256, 'c': 1}, 'dtype': 'uint8'},
        {'path': 'stacks/nuclei.tif', 'size': size_n, 'crc32': crc_n, 'axes': 'zyx',
         'shape': {'t': 1, 'z': 37, 'y': 118, 'x': 132, 'c': 1}, 'dtype': 'uint8'},
    ],
    'features': 'GaussianSmoothing@0.3,GaussianSmoothing@1.0,LaplacianOfGaussian@1.0,HessianOfGaussianEigenvalues@3.5',
    'labelNames': ['background', 'blobs'],
    'labelColours': [[255, 0, 0], [0, 128, 255]],
    'seed': 42,
    'trees': 50,
}
with zipfile.ZipFile(os.path.join(here, 'legacy-v0.sylva'), 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr(zipfile.ZipInfo('project.json', (2024, 11, 5, 14, 3, 0)), json.dumps(manifest, indent=2),
               zipfile.ZIP_DEFLATED)
    z.writestr(zipfile.ZipInfo('labels/0.bin', (2024, 11, 5, 14, 3, 0)), blocks(scribbles[None, None]),
               zipfile.ZIP_DEFLATED)
    z.writestr(zipfile.ZipInfo('labels/1.bin', (2024, 11, 5, 14, 3, 0)), blocks(strokes), zipfile.ZIP_DEFLATED)
