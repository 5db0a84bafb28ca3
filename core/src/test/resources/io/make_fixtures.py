#!/usr/bin/python3
"""Writes the small image files the I/O tests read, with independent writers (numpy, h5py, vigra, PIL),
and expected.json: for each file, the axes and shape the reader must report, the dtype, and every sample in C order
of those axes as the independent library reads it (vigra for PNG/JPEG, as ilastik does; h5py/numpy otherwise).

Run from anywhere:  /usr/bin/python3 core/src/test/resources/io/make_fixtures.py
(numpy 1.24, h5py 3.7, vigra 1.11, PIL 9.4 on Debian bookworm). The output is deterministic except JPEG encoder
details; the committed files are the reference.
"""
import json
import os

import h5py
import numpy as np
import vigra
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
os.chdir(HERE)
expected = {}

# vigra 1.11's HDF5 helpers predate h5py 3 (h5py.highlevel, Dataset.value); a shim lets them run unchanged.
h5py.highlevel = h5py
h5py.Dataset.value = property(lambda d: d[()])


def record(name, data, axes, **extra):
    data = np.asarray(data)
    assert data.ndim == len(axes), (name, data.shape, axes)
    dtype = 'uint8' if data.dtype == np.bool_ else data.dtype.name
    entry = {'axes': axes, 'shape': list(data.shape), 'dtype': dtype,
             'values': [v.item() for v in data.astype(np.uint8 if data.dtype == np.bool_ else data.dtype).ravel()]}
    entry.update(extra)
    expected[name] = entry


rng = np.random.default_rng(20261121)


def sample(dtype, shape):
    dt = np.dtype(dtype)
    if dt.kind == 'f':
        return (rng.standard_normal(shape) * 1000).astype(dt)  # astype keeps a requested byte order
    if dt.kind == 'b':
        return rng.integers(0, 2, shape).astype(bool)
    info = np.iinfo(dt)
    a = rng.integers(info.min, info.max, shape, dtype=dt.newbyteorder('='), endpoint=True)
    a.flat[0] = info.max  # extremes catch sign and width mistakes
    a.flat[1] = info.min
    return a.astype(dt)


# ---------------------------------------------------------------- npy
os.makedirs('npy', exist_ok=True)
for code in ['u1', 'i1', 'u2', 'i2', 'u4', 'i4', 'u8', 'i8', 'f4', 'f8']:
    for order in ['<', '>']:
        if code in ('u1', 'i1') and order == '>':
            continue
        a = sample(order + code, (3, 4, 5))  # 3-D with last extent 5 -> zyx
        name = 'npy/%s%s.npy' % ('be_' if order == '>' else '', code)
        np.save(name, a)
        record(name, a, 'zyx')
a = sample('u1', (6, 7))
np.save('npy/gray_2d.npy', a)
record('npy/gray_2d.npy', a, 'yx')
a = sample('f4', (5, 6, 3))  # last extent 3 <= 4 -> yxc, stored in Fortran order
np.save('npy/fortran_yxc.npy', np.asfortranarray(a))
record('npy/fortran_yxc.npy', a, 'yxc')
a = sample('u2', (2, 3, 4, 2))
with open('npy/v2_zyxc.npy', 'wb') as f:
    np.lib.format.write_array(f, a, version=(2, 0))
record('npy/v2_zyxc.npy', a, 'zyxc')
a = sample('i2', (2, 2, 3, 4, 1))
with open('npy/v3_tzyxc.npy', 'wb') as f:
    np.lib.format.write_array(f, a, version=(3, 0))
record('npy/v3_tzyxc.npy', a, 'tzyxc')
a = sample('?', (4, 6))
np.save('npy/bool.npy', a)
record('npy/bool.npy', a, 'yx')
# bad inputs
a = sample('u2', (4, 5, 6))
np.save('npy/truncated.npy', a)
with open('npy/truncated.npy', 'r+b') as f:
    f.truncate(os.path.getsize('npy/truncated.npy') - 7)
np.save('npy/object.npy', np.array([[1, 'a'], [None, 2.5]], dtype=object), allow_pickle=True)
np.save('npy/complex.npy', np.ones((3, 3), np.complex64))
np.save('npy/structured.npy', np.zeros((3, 3), dtype=[('a', '<i4'), ('b', '<f4')]))
np.save('npy/empty.npy', np.zeros((0, 5), np.uint8))
with open('npy/not_npy.npy', 'w') as f:
    f.write('just some text, not an array\n')

# ---------------------------------------------------------------- hdf5
os.makedirs('h5', exist_ok=True)
a = sample('u1', (6, 7, 3))  # no axistags: guessed yxc, contiguous layout
with h5py.File('h5/plain.h5', 'w') as f:
    f.create_dataset('data', data=a)
record('h5/plain.h5', a, 'yxc')

a = sample('f4', (2, 5, 6, 2))
tags = vigra.defaultAxistags('tyxc')
tags['x'].resolution = 0.25
tags['y'].resolution = 0.5
tags['t'].resolution = 2.0
with h5py.File('h5/tagged.h5', 'w') as f:  # as ilastik exports: axistags, drange, axis_units, gzip+shuffle chunks
    d = f.create_dataset('exported_data', data=a, chunks=(1, 3, 4, 1), compression='gzip', compression_opts=4,
                         shuffle=True)
    d.attrs['axistags'] = tags.toJSON()
    d.attrs['drange'] = (0.0, 1.0)
    d.attrs['axis_units'] = json.dumps({'t': 'sec', 'y': 'µm', 'x': 'µm'})
record('h5/tagged.h5', a, 'tyxc', drange=[0.0, 1.0], resolution={'x': 0.25, 'y': 0.5, 't': 2.0},
       unit='µm', timeUnit='sec')

a = sample('>i2', (3, 5, 9))  # big-endian, chunked, lzf, no axistags -> zyx
with h5py.File('h5/bigendian_lzf.h5', 'w') as f:
    f.create_dataset('vol', data=a, chunks=(2, 2, 4), compression='lzf')
record('h5/bigendian_lzf.h5', a, 'zyx')

a = sample('?', (5, 4))
with h5py.File('h5/bool.h5', 'w') as f:
    f.create_dataset('mask', data=a, chunks=(2, 3))
record('h5/bool.h5', a, 'yx')

a = sample('u4', (4, 5))
with h5py.File('h5/userblock.h5', 'w', userblock_size=512) as f:
    f.create_dataset('data', data=a)
record('h5/userblock.h5', a, 'yx')

a = np.full((5, 7), 7, np.uint16)  # only chunk (0..2, 0..3) is written; the rest keeps the fill value
a[0:2, 0:3] = [[1, 2, 3], [4, 5, 6]]
with h5py.File('h5/sparse.h5', 'w') as f:
    d = f.create_dataset('data', shape=(5, 7), dtype='u2', chunks=(2, 3), fillvalue=7)
    d[0:2, 0:3] = a[0:2, 0:3]
record('h5/sparse.h5', a, 'yx')

a = sample('f8', (3, 4))
with h5py.File('h5/compact.h5', 'w') as f:
    space = h5py.h5s.create_simple(a.shape)
    plist = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    plist.set_layout(h5py.h5d.COMPACT)
    dsid = h5py.h5d.create(f.id, b'small', h5py.h5t.IEEE_F64LE, space, plist)
    dsid.write(h5py.h5s.ALL, h5py.h5s.ALL, a)
record('h5/compact.h5', a, 'yx')

raw = sample('u1', (4, 6))
labels = sample('u1', (4, 6))
with h5py.File('h5/two_datasets.h5', 'w') as f:
    f.create_dataset('volume/raw', data=raw)
    f.create_dataset('labels/first', data=labels)
record('h5/two_datasets.h5/volume/raw', raw, 'yx')

# written by vigra itself (vigra transposes to its numpy order and stores its axistags)
v = vigra.VigraArray(sample('u2', (3, 4, 5, 2)), dtype=np.uint16, axistags=vigra.defaultAxistags('zyxc'))
with h5py.File('h5/vigra.h5', 'w') as f:  # (vigra would open a file name with h5py 3's read-only default)
    vigra.writeHDF5(v, f, 'volume/data', compression='gzip', chunks=(2, 3, 2, 2))
with h5py.File('h5/vigra.h5', 'r') as f:
    d = f['volume/data']
    keys = ''.join(vigra.AxisTags.fromJSON(d.attrs['axistags']).keys())
    record('h5/vigra.h5/volume/data', d[()], keys)

with h5py.File('h5/unsupported.h5', 'w') as f:  # datasets that are not images
    f.create_dataset('names', data=np.array([b'cell', b'nucleus']))
    f.create_dataset('half', data=np.ones((3, 4), np.float16))
    f.create_dataset('table', data=np.zeros(3, dtype=[('label', '<u4'), ('area', '<f8')]))
    f.create_dataset('scalar', data=3.5)
    f.create_dataset('empty', shape=(0, 5), dtype='u1')

with open('h5/not_hdf5.h5', 'w') as f:
    f.write('this is not an HDF5 file\n' * 20)

# ---------------------------------------------------------------- png / jpeg (expected: what vigra reads)
os.makedirs('png', exist_ok=True)


def record_vigra(name):
    v = vigra.impex.readImage(name, dtype='NATIVE')  # axes x, y, c
    yxc = np.asarray(v.transposeToNumpyOrder() if False else v.view(np.ndarray).transpose(1, 0, 2))
    if yxc.shape[2] == 1:
        record(name, yxc[:, :, 0], 'yx')
    else:
        record(name, yxc, 'yxc')


g = sample('u1', (9, 11))
Image.fromarray(g, 'L').save('png/gray8.png')
g16 = sample('u2', (9, 11))
Image.fromarray(g16.astype('<u2'), 'I;16').save('png/gray16.png')
rgba = sample('u1', (7, 5, 4))
Image.fromarray(rgba, 'RGBA').save('png/rgba.png')
rgb = sample('u1', (7, 5, 3))
Image.fromarray(rgb, 'RGB').save('png/rgb.png')
la = sample('u1', (6, 8, 2))
Image.fromarray(la, 'LA').save('png/gray_alpha.png')
pal = Image.fromarray((np.arange(8 * 10).reshape(8, 10) % 5).astype(np.uint8), 'P')
pal.putpalette([10, 20, 30, 200, 0, 0, 0, 200, 0, 0, 0, 200, 255, 255, 255] + [0] * (256 * 3 - 15))
pal.save('png/palette.png')
Image.fromarray(sample('?', (6, 10))).save('png/bits1.png')
vigra.impex.writeImage(vigra.VigraArray(sample('u2', (5, 4, 3)), dtype=np.uint16, axistags=vigra.defaultAxistags('xyc')),
                       'png/rgb16.png', dtype='NATIVE')
for n in ['gray8', 'gray16', 'rgba', 'rgb', 'gray_alpha', 'palette', 'bits1', 'rgb16']:
    record_vigra('png/%s.png' % n)

os.makedirs('jpeg', exist_ok=True)
yy, xx = np.mgrid[0:16, 0:24]
smooth = np.dstack([(xx * 10) % 256, (yy * 15) % 256, ((xx + yy) * 5) % 256]).astype(np.uint8)
Image.fromarray(smooth, 'RGB').save('jpeg/rgb.jpg', quality=90)
Image.fromarray(smooth[:, :, 0], 'L').save('jpeg/gray.jpg', quality=90)
record_vigra('jpeg/rgb.jpg')
record_vigra('jpeg/gray.jpg')

with open('expected.json', 'w') as f:
    json.dump(expected, f, indent=1, sort_keys=True)
print('wrote', len(expected), 'fixtures to', HERE)
