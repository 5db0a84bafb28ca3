#!/usr/bin/python3
"""Generates the TIFF fixtures in this folder and expected.json, the independent reference the Java tests compare
with. Run once by hand (output is committed; CI does not regenerate):

    cd core/src/test/resources/tiff && /usr/bin/python3 make_fixtures.py

Needs Debian's python3-tifffile (2023.2.3) and numpy, and libtiff-tools (tiffcp) for LZW, PackBits, the
floating-point predictor and JPEG, which tifffile cannot write here (no imagecodecs).

For every fixture expected.json records what Sylva must read: axes (tifffile's series axes with S -> c and
I/Q -> z, lower case), shape in those axes, dtype, CRC-32 of the array's little-endian bytes in C order of those
axes, a few sample values, and the calibration that was written. Every fixture is first read back with tifffile
and compared with the source array, so the reference is the array itself, not what some reader made of it.
"""
import json
import os
import struct
import subprocess
import zlib

import numpy as np
import tifffile

HERE = os.path.dirname(os.path.abspath(__file__))
os.chdir(HERE)
rng = np.random.default_rng(20240611)
expected = {}


def pattern(shape, dtype):
    """Smooth structure plus noise: compressible like microscopy, and every sample differs from a formula."""
    dtype = np.dtype(dtype)
    idx = np.indices(shape).astype(np.float64)
    smooth = sum((k + 1) * 7.0 * i for k, i in enumerate(idx))
    noise = rng.integers(0, 9, size=shape)
    v = smooth + noise
    if dtype.kind == 'f':
        v = v * 0.37 - 11.125
    elif dtype.kind == 'i':
        v = v - v.max() / 2
    if dtype.kind in 'iu':
        info = np.iinfo(dtype)
        v = np.mod(v, min(float(info.max) - float(info.min) + 1, 2.0 ** 53)) + float(info.min)
    return v.astype(dtype)


def axes_of(series_axes):
    return series_axes.lower().replace('s', 'c').replace('i', 'z').replace('q', 'z')


def crc(a):
    return '%08x' % (zlib.crc32(np.ascontiguousarray(a).astype(a.dtype.newbyteorder('<')).tobytes()) & 0xffffffff)


def record(name, data, cal=None, axes=None, libtiff=False, **extra):
    """Reads `name` back with tifffile, checks it equals `data`, and records the expectation. libtiff: the file is
    compressed in a way tifffile cannot read here (LZW, floating-point predictor); libtiff decompresses a copy
    (tiffcp -c none) for tifffile to check."""
    check = name
    if libtiff:
        check = '_check_' + name
        tiffcp(name, check, '-c', 'none')
    with tifffile.TiffFile(check) as tf:
        s = tf.series[0]
        back = s.asarray()
        got_axes = axes_of(s.axes)
    if libtiff:
        os.remove(check)
    assert back.dtype == data.dtype, (name, back.dtype, data.dtype)
    assert np.array_equal(back.reshape(data.shape), data, equal_nan=True), name
    axes = axes or got_axes
    assert len(axes) == data.ndim, (name, axes, data.shape)
    flat = data.reshape(-1)
    picks = sorted(set([0, flat.size - 1, flat.size // 3, (2 * flat.size) // 3, 7 % flat.size]))
    samples = []
    for i in picks:
        pos = [int(p) for p in np.unravel_index(i, data.shape)]
        v = flat[i]
        samples.append({'index': pos, 'value': None if np.isnan(v) else float(v)} if data.dtype.kind == 'f'
                       else {'index': pos, 'value': int(v)})
    cal = cal or {}
    expected[name] = {
        'axes': axes, 'tifffile_axes': s.axes, 'shape': list(data.shape), 'dtype': str(data.dtype),
        'crc32': crc(data), 'samples': samples,
        'calibration': {k: cal.get(k) for k in ('x', 'y', 'z', 't', 'unit', 'tunit')},
        'bytes': os.path.getsize(name), **extra}


def tiffcp(src, dst, *opts):
    subprocess.run(['tiffcp', *opts, src, dst], check=True)


# --- tifffile, plain -----------------------------------------------------------------------------------------
a = pattern((40, 52), 'uint8')
tifffile.imwrite('u8_2d.tif', a, photometric='minisblack')
record('u8_2d.tif', a)

a = pattern((5, 30, 41), 'uint16')
tifffile.imwrite('u16_pages.tif', a, photometric='minisblack', shaped=False)
record('u16_pages.tif', a)

a = pattern((33, 47), 'float32')
tifffile.imwrite('f32_2d_zlib.tif', a, photometric='minisblack', compression='zlib', rowsperstrip=5)
record('f32_2d_zlib.tif', a)

a = pattern((4, 36, 29), 'uint16')
tifffile.imwrite('u16_zlib_predictor.tif', a, photometric='minisblack', compression='zlib', predictor=True,
                 rowsperstrip=8, shaped=False)
record('u16_zlib_predictor.tif', a)

for dt in ('int8', 'int16', 'uint32', 'int32', 'float64', 'uint64', 'int64'):
    a = pattern((3, 15, 17), dt)
    if dt == 'float64':
        a[0, 0, 1] = np.nan
        a[1, 2, 3] = np.inf
        a[2, 3, 4] = -0.0
    tifffile.imwrite(f'{dt}_pages.tif', a, photometric='minisblack', shaped=False)
    record(f'{dt}_pages.tif', a)

# --- byte order, tiles, BigTIFF --------------------------------------------------------------------------------
a = pattern((3, 25, 31), 'uint16')
tifffile.imwrite('u16_bigendian.tif', a, photometric='minisblack', byteorder='>', shaped=False)
record('u16_bigendian.tif', a)

a = pattern((2, 27, 35), 'float32')
tifffile.imwrite('f32_bigendian_zlib.tif', a, photometric='minisblack', byteorder='>', compression='zlib',
                 shaped=False)
record('f32_bigendian_zlib.tif', a)

a = pattern((2, 40, 35), 'float32')
tifffile.imwrite('f32_tiled_zlib.tif', a, photometric='minisblack', tile=(16, 16), compression='zlib', shaped=False)
record('f32_tiled_zlib.tif', a)

a = pattern((3, 37, 45), 'uint16')
tifffile.imwrite('u16_bigtiff_tiled.tif', a, photometric='minisblack', bigtiff=True, tile=(16, 32),
                 compression='zlib', predictor=True, shaped=False)
record('u16_bigtiff_tiled.tif', a)

a = pattern((4, 30, 20), 'uint8')
tifffile.imwrite('u8_bigtiff.tif', a, photometric='minisblack', bigtiff=True, shaped=False)
record('u8_bigtiff.tif', a)

# --- RGB / samples per pixel -----------------------------------------------------------------------------------
a = pattern((26, 34, 3), 'uint8')
tifffile.imwrite('rgb_contig.tif', a, photometric='rgb')
record('rgb_contig.tif', a)

a = pattern((3, 26, 34), 'uint16')
tifffile.imwrite('rgb_planar_zlib.tif', a, photometric='rgb', planarconfig='separate', compression='zlib')
record('rgb_planar_zlib.tif', a)

# --- ImageJ hyperstacks ----------------------------------------------------------------------------------------
a = pattern((2, 3, 2, 16, 20), 'uint16')
tifffile.imwrite('ij_tzcyx_u16.tif', a, imagej=True, resolution=(1 / 0.325, 1 / 0.325),
                 metadata={'axes': 'TZCYX', 'unit': 'um', 'spacing': 1.5, 'finterval': 2.5})
# tifffile writes the unit as given ("um"): x, y from XResolution in that unit.
record('ij_tzcyx_u16.tif', a, cal={'x': 0.325, 'y': 0.325, 'z': 1.5, 't': 2.5, 'unit': 'um', 'tunit': 'sec'})

a = pattern((4, 2, 14, 18), 'float32')
tifffile.imwrite('ij_zcyx_f32_zlib.tif', a, imagej=True, compression='zlib', resolution=(2.0, 2.0),
                 metadata={'axes': 'ZCYX', 'unit': 'micron', 'spacing': 0.75})
record('ij_zcyx_f32_zlib.tif', a, cal={'x': 0.5, 'y': 0.5, 'z': 0.75, 'unit': 'micron'})

a = pattern((6, 20, 28), 'uint8')
tifffile.imwrite('ij_tyx_u8.tif', a, imagej=True, metadata={'axes': 'TYX', 'finterval': 0.5})
record('ij_tyx_u8.tif', a, cal={'t': 0.5, 'tunit': 'sec'})

# ImageJ's layout for stacks over 4 GB: one IFD with images=N, planes contiguous after the first. Made by cutting
# the IFD chain of a contiguous ImageJ file after the first page (tifffile then reads it the same way).
a = pattern((3, 4, 18, 22), 'uint16')
tifffile.imwrite('ij_one_ifd_contiguous.tif', a, imagej=True, metadata={'axes': 'ZCYX'})
with tifffile.TiffFile('ij_one_ifd_contiguous.tif') as tf:
    off = tf.pages[0].offset
with open('ij_one_ifd_contiguous.tif', 'r+b') as f:
    f.seek(off)
    (n,) = struct.unpack('<H', f.read(2))
    f.seek(off + 2 + 12 * n)
    f.write(b'\0\0\0\0')
with tifffile.TiffFile('ij_one_ifd_contiguous.tif') as tf:
    assert len(tf.pages) == 1
record('ij_one_ifd_contiguous.tif', a)

# --- OME-TIFF ----------------------------------------------------------------------------------------------------
a = pattern((2, 3, 2, 12, 16), 'uint16')
tifffile.imwrite('ome_tzcyx.ome.tif', a, metadata={'axes': 'TZCYX', 'PhysicalSizeX': 0.2, 'PhysicalSizeY': 0.2,
                                                   'PhysicalSizeZ': 1.0, 'TimeIncrement': 30.0})
record('ome_tzcyx.ome.tif', a, cal={'x': 0.2, 'y': 0.2, 'z': 1.0, 't': 30.0, 'unit': '\u00b5m', 'tunit': 's'})

a = pattern((3, 4, 12, 14), 'float32')
tifffile.imwrite('ome_czyx_zlib.ome.tif', a, compression='zlib',
                 metadata={'axes': 'CZYX', 'PhysicalSizeX': 0.25, 'PhysicalSizeXUnit': 'nm',
                           'PhysicalSizeY': 0.25, 'PhysicalSizeYUnit': 'nm', 'PhysicalSizeZ': 0.001,
                           'PhysicalSizeZUnit': '\u00b5m'})
# DimensionOrder XYZCT: z varies fastest between pages. Z is given in µm, converted to X's unit (nm).
record('ome_czyx_zlib.ome.tif', a, cal={'x': 0.25, 'y': 0.25, 'z': 1.0, 'unit': 'nm'})

# --- libtiff (tiffcp): LZW, PackBits, floating-point predictor, JPEG ------------------------------------------
a = pattern((3, 33, 40), 'uint8')
tifffile.imwrite('_src_u8.tif', a, photometric='minisblack', shaped=False)
tiffcp('_src_u8.tif', 'lzw_u8.tif', '-c', 'lzw')
record('lzw_u8.tif', a, libtiff=True)
tiffcp('_src_u8.tif', 'packbits_u8.tif', '-c', 'packbits')
record('packbits_u8.tif', a, libtiff=True)
tiffcp('_src_u8.tif', 'jpeg_u8.tif', '-c', 'jpeg')  # unsupported on purpose: the reader must say so

a = pattern((2, 40, 45), 'uint16')
tifffile.imwrite('_src_u16.tif', a, photometric='minisblack', shaped=False)
tiffcp('_src_u16.tif', 'lzw_u16_predictor.tif', '-c', 'lzw:2', '-r', '16')
record('lzw_u16_predictor.tif', a, libtiff=True)
tiffcp('_src_u16.tif', 'lzw_u16_tiled.tif', '-c', 'lzw', '-t', '-w', '32', '-l', '16')
record('lzw_u16_tiled.tif', a, libtiff=True)

a = pattern((2, 29, 37), 'float32')
tifffile.imwrite('_src_f32.tif', a, photometric='minisblack', shaped=False)
tiffcp('_src_f32.tif', 'zip_fpredictor_f32.tif', '-c', 'zip:3', '-r', '10')
record('zip_fpredictor_f32.tif', a, predictor=3, libtiff=True)
tiffcp('_src_f32.tif', 'lzw_fpredictor_f32.tif', '-c', 'lzw:3')
record('lzw_fpredictor_f32.tif', a, predictor=3, libtiff=True)
tiffcp('_src_f32.tif', 'lzw_f32_bigendian.tif', '-c', 'lzw', '-B')
record('lzw_f32_bigendian.tif', a, libtiff=True)

# A long LZW stream (codes up to 12 bits, several table resets).
a = pattern((128, 128), 'uint8')
tifffile.imwrite('_src_big.tif', a, photometric='minisblack')
tiffcp('_src_big.tif', 'lzw_u8_long.tif', '-c', 'lzw', '-r', '300')
record('lzw_u8_long.tif', a, libtiff=True)

for f in os.listdir('.'):
    if f.startswith('_src_'):
        os.remove(f)

# --- OME-TIFF with a plane-to-IFD map ------------------------------------------------------------------------
# OME-XML written by hand: DimensionOrder XYZTC (axes ctzyx) and one TiffData per plane, with the planes stored in
# a scrambled page order, so the plane-to-IFD mapping must be followed.
a = pattern((2, 2, 3, 14, 20), 'uint8')  # C, T, Z, Y, X
planes = [(c, t, z) for c in range(2) for t in range(2) for z in range(3)]
order = list(rng.permutation(len(planes)))  # order[k]: the plane stored at IFD k
tiffdata = ''.join(f'<TiffData FirstZ="{planes[p][2]}" FirstT="{planes[p][1]}" FirstC="{planes[p][0]}" IFD="{k}" '
                   f'PlaneCount="1"/>'
                   for k, p in enumerate(order))
xml = ('<?xml version="1.0" encoding="UTF-8"?><OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06">'
       '<Image ID="Image:0"><Pixels ID="Pixels:0" DimensionOrder="XYZTC" Type="uint8" SizeX="20" SizeY="14" '
       'SizeZ="3" SizeC="2" SizeT="2" PhysicalSizeX="0.5" PhysicalSizeY="0.5" TimeIncrement="2" '
       'TimeIncrementUnit="min"><Channel ID="Channel:0:0" SamplesPerPixel="1"/>'
       '<Channel ID="Channel:0:1" SamplesPerPixel="1"/>' + tiffdata + '</Pixels></Image></OME>')
stored = np.stack([a[planes[p][0], planes[p][1], planes[p][2]] for p in order])
tifffile.imwrite('ome_tiffdata_scrambled.ome.tif', stored, photometric='minisblack', description=xml, ome=False,
                 metadata=None)
record('ome_tiffdata_scrambled.ome.tif', a, cal={'x': 0.5, 'y': 0.5, 't': 2.0, 'unit': '\u00b5m', 'tunit': 'min'})

# --- a zero-sized image: a hand-made classic TIFF whose only page is 0 pixels wide ---------------------------------
entries = [(256, 4, 1, 0), (257, 4, 1, 10), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1), (273, 4, 1, 8),
           (277, 3, 1, 1), (278, 4, 1, 10), (279, 4, 1, 0)]
ifd = struct.pack('<H', len(entries))
for tag, typ, cnt, val in entries:
    ifd += struct.pack('<HHII', tag, typ, cnt, val)
ifd += struct.pack('<I', 0)
with open('zero_width.tif', 'wb') as f:
    f.write(b'II*\0' + struct.pack('<I', 8) + ifd)

with open('expected.json', 'w') as f:
    json.dump(expected, f, indent=1, sort_keys=True)
    f.write('\n')
total = sum(os.path.getsize(n) for n in os.listdir('.') if n.endswith('.tif'))
print(f'{len(expected)} fixtures, {total} bytes of TIFF')
