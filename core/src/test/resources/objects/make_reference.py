#!/usr/bin/python3
"""Oracle for org.sylva.objects: ilastik's object-extraction steps (spec ilastik-compat.md §5.2-5.3) written with
vigra exactly as ilastik calls it (opThresholdTwoLevels.py, thresholdingTools.py, ipht.py, opFilterLabels.py,
opLabelVolume.py, opRelabelConsecutive.py), on vigra-tagged arrays so that vigra scans x fastest, as in ilastik.

  make_reference.py write DIR                    the small committed cases: DIR/<case>.*.npy and DIR/cases.json
  make_reference.py threshold IN.npy AXES SETTINGS_JSON OUT.npy
                                                 ilastik's threshold output (uint32, axes tzyx) of prediction maps
  make_reference.py label IN.npy AXES direct|indirect OUT.npy    connected components per time point (tzyx)
  make_reference.py relabel IN.npy AXES OUT.npy                  relabelConsecutive per time point (tzyx)

Settings (JSON): method 0 simple / 1 hysteresis / 3 no-merge (IPHT), low, high, sigma [z, y, x], channel,
core_channel, min_size, max_size, drange (optional [d0, d1]; uint8 inputs default to [0, 255] as in ilastik).
Run from any folder with /usr/bin/python3 (Debian's python3-vigra 1.11.1)."""
import json, os, sys
import numpy as np, vigra


def to_tzyxc(a, axes):
    """array with `axes` (letters of tzyxc) -> 5-D tzyxc view"""
    for letter in "tzyxc":
        if letter not in axes:
            a = a[..., None]
            axes = axes + letter
    return np.moveaxis(a, [axes.index(l) for l in "tzyxc"], range(5))


# ---------------------------------------------------------------- ilastik's operators, step by step

def smooth(data, sigmas):
    """OpAnisotropicGaussianSmoothing5d on a float32 tzyxc array; sigmas = dict z, y, x"""
    ts = dict(zip("tzyxc", data.shape))
    tags = [k for k in "zyx" if ts[k] > 1]
    sigma = [sigmas[k] for k in tags]
    if any(x < 0.1 for x in sigma):
        return data.copy()
    result = np.empty_like(data)
    start = tuple(0 for _ in tags)
    stop = tuple(ts[k] for k in tags)
    for t in range(data.shape[0]):
        for c in range(data.shape[4]):
            res = vigra.taggedView(result[t, ..., c], axistags="zyx").withAxes(*tags)
            src = vigra.taggedView(data[t, ..., c], axistags="zyx").withAxes(*tags)
            vigra.filters.gaussianSmoothing(src, sigma, window_size=2.0, roi=(start, stop), out=res)
    return result


def label_zyx(binary_or_labels, neighborhood="direct"):
    """vigra.analysis.labelMultiArrayWithBackground on a zyx volume, as OpLabeledThreshold / OpLabelVolume call it"""
    v = vigra.taggedView(np.ascontiguousarray(binary_or_labels), axistags="zyx")
    return np.asarray(vigra.analysis.labelMultiArrayWithBackground(v, neighborhood=neighborhood))


def filter_labels(a, min_size, max_size):
    """lazyflow's remove_wrongly_sized_connected_components (in place, labels kept)"""
    sizes = np.bincount(a.ravel())
    bad = (sizes < min_size) | (sizes > max_size)
    a[bad[a]] = 0
    return a


def select_labels(small, big):
    """thresholdingTools.select_labels: keep big labels that overlap a non-zero small label (in place)"""
    small = small.copy()
    np.copyto(small, big, where=(small != 0))
    passed = np.unique(small)
    keep = np.zeros(int(big.max()) + 1, bool)
    keep[passed] = True
    keep[0] = False
    big[~keep[big]] = 0
    return big


def threshold_from_cores(img, core_labels, final_threshold):
    """ipht.threshold_from_cores: seeded watershed on the inverted image, stopping at max(img) - final_threshold"""
    img = vigra.taggedView(np.ascontiguousarray(img), axistags="zyx")
    img_max = img.max()
    inverted_img = -img + img_max
    inverted_threshold = -1 * img.dtype.type(final_threshold) + img_max
    seeds = vigra.taggedView(np.ascontiguousarray(core_labels.astype(np.uint32)), axistags="zyx")
    out = vigra.taggedView(np.zeros(core_labels.shape, np.uint32), axistags="zyx")
    vigra.analysis.watershedsNew(inverted_img, seeds=seeds, terminate=vigra.analysis.SRGType.StopAtThreshold,
                                 max_cost=inverted_threshold, out=out)
    return np.asarray(out)


def threshold(pm, axes, s):
    """OpThresholdTwoLevels: prediction maps (any axes) -> uint32 tzyx"""
    a = to_tzyxc(pm, axes)
    drange = s.get("drange")
    if drange is None and a.dtype == np.uint8:
        drange = (0, 255)
    data = a.astype(np.float32)
    if drange is not None and not (drange[0] == 0.0 and drange[1] == 1.0):
        data[:] -= drange[0]
        data[:] = data[:] / float(drange[1] - drange[0])
    sz, sy, sx = s.get("sigma", [1.0, 1.0, 1.0])
    sm = smooth(data, {"z": sz, "y": sy, "x": sx})
    method, low, high = s.get("method", 0), s.get("low", 0.5), s.get("high", 0.8)
    ch, core_ch = s.get("channel", 0), s.get("core_channel", 0)
    mn, mx = s.get("min_size", 10), s.get("max_size", 1000000)
    out = np.zeros(sm.shape[:4], np.uint32)
    for t in range(sm.shape[0]):
        final_in = sm[t, ..., ch]
        if method == 0:
            lab = label_zyx((final_in >= low).view(np.uint8))
            out[t] = filter_labels(lab, mn, mx)
            continue
        core = sm[t, ..., core_ch]
        cores = filter_labels(label_zyx((core >= high).view(np.uint8)), mn, mx)
        if ch != core_ch:
            final_in = final_in + core
        if method == 1:
            lab = label_zyx((final_in >= low).view(np.uint8))
            out[t] = filter_labels(select_labels(cores, lab), mn, mx)
        elif method == 3:
            out[t] = filter_labels(threshold_from_cores(final_in, cores, low), mn, mx)
        else:
            raise SystemExit("method %d not supported" % method)
    return out


def label(seg, axes, neighborhood):
    """OpLabelVolume (method vigra) per time point: labelImageWithBackground for 2D, labelVolumeWithBackground for
    3D; neighborhood 'direct' = 4/6, 'indirect' = 8/26"""
    a = to_tzyxc(seg, axes)[..., 0]
    if a.dtype not in (np.uint8, np.uint32, np.float32):
        a = a.astype(np.uint32)     # OpLabelVolume converts uint16 to uint32 (vigra labels uint8/uint32/float32)
    out = []
    for t in range(a.shape[0]):
        if a.shape[1] == 1:
            v = vigra.taggedView(np.ascontiguousarray(a[t, 0]), axistags="yx")
            n = 4 if neighborhood == "direct" else 8
            out.append(np.asarray(vigra.analysis.labelImageWithBackground(v, neighborhood=n))[None])
        else:
            v = vigra.taggedView(np.ascontiguousarray(a[t]), axistags="zyx")
            n = 6 if neighborhood == "direct" else 26
            out.append(np.asarray(vigra.analysis.labelVolumeWithBackground(v, neighborhood=n)))
    return np.stack(out).astype(np.uint32)


def relabel(lab, axes):
    """OpRelabelConsecutive: vigra.analysis.relabelConsecutive(start_label=1, keep_zeros=True) per time point;
    returns (ids tzyx uint32, list per t of original values in id order)"""
    a = to_tzyxc(lab, axes)[..., 0]
    if a.dtype not in (np.uint8, np.uint32, np.uint64):
        a = a.astype(np.uint64)     # vigra relabels uint8/uint32/uint64; the values are non-negative
    out, originals = [], []
    for t in range(a.shape[0]):
        v = vigra.taggedView(np.ascontiguousarray(a[t]), axistags="zyx")
        r, maxlabel, mapping = vigra.analysis.relabelConsecutive(v, start_label=1, keep_zeros=True)
        inverse = {int(new): int(old) for old, new in mapping.items() if new != 0}
        originals.append([inverse[i] for i in range(1, int(maxlabel) + 1)])
        out.append(np.asarray(r).astype(np.uint32))
    return np.stack(out), originals


# ---------------------------------------------------------------- committed cases

def prob_maps(rng, shape, sigma, classes=2, quantum=None):
    """probability-like maps of blobs, float32, channels last: channel 0 is high on blobs around random centres
    (several touch), channel 1 on a second set of blobs (3 classes), the last channel is what remains"""
    def blobs():
        pts = np.zeros(shape, np.float32)
        n = max(3, int(np.prod(shape) / (3 * sigma) ** len(shape)))
        pts[tuple(rng.integers(0, s, n) for s in shape)] = 1.0
        b = np.asarray(vigra.filters.gaussianSmoothing(pts, sigma))
        b = b / b.max() + rng.normal(0, 0.04, shape)
        return 1 / (1 + np.exp(-(b - 0.3) * 10))
    fg = [blobs() for _ in range(classes - 1)]
    total = np.maximum(1.0, sum(fg))
    chans = [f / total for f in fg]
    chans.append(1 - sum(chans))
    p = np.stack(chans, -1).astype(np.float32)
    if quantum:
        p = (np.round(p * quantum) / quantum).astype(np.float32)   # plateaus: many equal costs in the watershed
    return p


def write_cases(d):
    os.makedirs(d, exist_ok=True)
    rng = np.random.default_rng(20260517)
    cases = []

    def save(name, arr):
        np.save(os.path.join(d, name), arr)

    inputs = {}

    def thr_case(name, pm, axes, settings, note):
        # inputs shared by several cases are saved once, under the name of the first case using them
        key = id(pm)
        if key not in inputs:
            inputs[key] = name + ".input.npy"
            save(inputs[key], pm)
        save(name + ".expected.npy", threshold(pm, axes, settings))
        cases.append({"name": name, "kind": "threshold", "input": inputs[key], "axes": axes, "settings": settings,
                      "note": note})

    def cc_case(name, seg, axes, note):
        save(name + ".input.npy", seg)
        for nb in ("direct", "indirect"):
            save(name + "." + nb + ".npy", label(seg, axes, nb))
        cases.append({"name": name, "kind": "label", "axes": axes, "note": note})

    # thresholding (small, every method and rule)
    p2 = prob_maps(rng, (48, 64), 2.0)
    thr_case("thr_simple_2d", p2, "yxc", {"method": 0, "low": 0.5, "sigma": [1.0, 1.0, 1.0], "channel": 0,
             "min_size": 12, "max_size": 400}, "simple, 2D, size bounds hit on both sides")
    thr_case("thr_hysteresis_2d", p2, "yxc", {"method": 1, "low": 0.3, "high": 0.7, "sigma": [1.0, 1.5, 0.7],
             "channel": 0, "core_channel": 0, "min_size": 5, "max_size": 1000000}, "hysteresis, anisotropic sigma")
    p3c = prob_maps(rng, (40, 56), 2.5, classes=3)
    thr_case("thr_hysteresis_2ch", p3c, "yxc", {"method": 1, "low": 0.45, "high": 0.5, "sigma": [1.0, 1.0, 1.0],
             "channel": 0, "core_channel": 1, "min_size": 3, "max_size": 1000000},
             "hysteresis with a different core channel: the final threshold applies to the sum of both channels")
    pq = prob_maps(rng, (50, 60), 3.0, quantum=12)
    thr_case("thr_nomerge_2d", pq, "yxc", {"method": 3, "low": 0.25, "high": 0.75, "sigma": [0.0, 0.0, 0.0],
             "channel": 0, "core_channel": 0, "min_size": 2, "max_size": 1000000},
             "IPHT on quantised maps without smoothing: plateaus, ties between touching cores")
    thr_case("thr_nomerge_2d_smooth", pq, "yxc", {"method": 3, "low": 0.3, "high": 0.6, "sigma": [1.0, 1.0, 1.0],
             "channel": 0, "core_channel": 0, "min_size": 10, "max_size": 300}, "IPHT with smoothing and sizes")
    thr_case("thr_nomerge_2ch", p3c, "yxc", {"method": 3, "low": 0.6, "high": 0.5, "sigma": [1.0, 1.0, 1.0],
             "channel": 1, "core_channel": 0, "min_size": 1, "max_size": 1000000},
             "IPHT with a different core channel (sum) and low above high")
    p3 = prob_maps(rng, (12, 20, 24), 1.8)
    thr_case("thr_nomerge_3d", p3, "zyxc", {"method": 3, "low": 0.25, "high": 0.6, "sigma": [0.7, 1.3, 2.0],
             "channel": 0, "core_channel": 0, "min_size": 4, "max_size": 1000000}, "IPHT in 3D, anisotropic sigma")
    thr_case("thr_simple_3d", p3, "zyxc", {"method": 0, "low": 0.4, "sigma": [2.0, 1.0, 1.0], "channel": 0,
             "min_size": 3, "max_size": 200}, "simple in 3D")
    thr_case("thr_hysteresis_3d", p3, "zyxc", {"method": 1, "low": 0.25, "high": 0.6, "sigma": [1.0, 1.0, 1.0],
             "channel": 0, "core_channel": 0, "min_size": 10, "max_size": 1000000}, "hysteresis in 3D")
    thr_case("thr_no_smoothing", p2, "yxc", {"method": 0, "low": 0.5, "sigma": [1.0, 1.0, 0.05], "channel": 0,
             "min_size": 1, "max_size": 1000000}, "one sigma below 0.1: no smoothing at all")
    thr_case("thr_z_sigma_ignored_2d", p2, "yxc", {"method": 0, "low": 0.5, "sigma": [0.0, 1.2, 1.2], "channel": 0,
             "min_size": 1, "max_size": 1000000}, "2D: the z sigma does not count for the all-or-none rule")
    u8 = np.round(p2 * 255).astype(np.uint8)
    thr_case("thr_uint8", u8, "yxc", {"method": 0, "low": 0.5, "sigma": [1.0, 1.0, 1.0], "channel": 0,
             "min_size": 5, "max_size": 1000000}, "uint8 maps are rescaled by their default range (0, 255)")
    pt = np.stack([prob_maps(rng, (30, 40), 2.0) for _ in range(3)])
    thr_case("thr_time", pt, "tyxc", {"method": 3, "low": 0.4, "high": 0.7, "sigma": [1.0, 1.0, 1.0],
             "channel": 0, "core_channel": 0, "min_size": 3, "max_size": 1000000}, "time series: each time point alone")
    thr_case("thr_nomerge_low_above_max", p2, "yxc", {"method": 3, "low": 1.5, "high": 0.7, "sigma": [1.0, 1.0, 1.0],
             "channel": 0, "core_channel": 0, "min_size": 1, "max_size": 1000000},
             "IPHT whose low threshold lies above the maximum: vigra keeps its default limit 0")
    thr_case("thr_nomerge_no_cores", p2, "yxc", {"method": 3, "low": 0.2, "high": 1.5, "sigma": [1.0, 1.0, 1.0],
             "channel": 0, "core_channel": 0, "min_size": 1, "max_size": 1000000}, "IPHT without cores: empty")

    # the smoothing alone (vigra gaussianSmoothing, window 2.0, sigma per axis)
    for name, arr, axes, sigma in [("smooth_3d", rng.random((9, 14, 17)).astype(np.float32) * 3, "zyx", [0.7, 1.3, 2.0]),
                                    ("smooth_2d", rng.random((31, 26)).astype(np.float32), "yx", [0.0, 2.5, 0.4])]:
        save(name + ".input.npy", arr)
        save(name + ".expected.npy", smooth(to_tzyxc(arr, axes), dict(zip("zyx", sigma)))[..., 0])
        cases.append({"name": name, "kind": "smooth", "axes": axes, "sigma": sigma})

    # connected components: binary and multi-valued, 2D and 3D, with many diagonal contacts
    noise2 = rng.random((37, 53))
    cc_case("cc_binary_2d", (noise2 > 0.55).astype(np.uint8), "yx", "binary noise: many diagonal contacts")
    multi2 = (np.floor(np.asarray(vigra.filters.gaussianSmoothing(rng.random((41, 47)).astype(np.float32), 1.5)) * 9)
              .astype(np.int32) % 4).astype(np.uint32) * (rng.random((41, 47)) > 0.1)
    cc_case("cc_multi_2d", multi2.astype(np.uint32), "yx", "values 0..3 in touching patches")
    cc_case("cc_binary_3d", (rng.random((9, 17, 21)) > 0.6).astype(np.uint8), "zyx", "3D binary noise")
    multi3 = (rng.integers(0, 3, (8, 15, 19)) * (rng.random((8, 15, 19)) > 0.3)).astype(np.uint16)
    cc_case("cc_multi_3d", multi3, "zyx", "3D values 0..2")
    cc_case("cc_float_2d", ((rng.random((23, 31)) > 0.5) * rng.choice([1.0, 2.5], (23, 31))).astype(np.float32),
            "yx", "float32 segmentation with two values")
    cc_case("cc_time_2d", (rng.random((3, 19, 25)) > 0.55).astype(np.uint8), "tyx", "ids restart per time point")

    # relabelConsecutive
    for name, arr, axes in [
        ("relabel_uint16_2d", (rng.choice([0, 7, 300, 65535, 12, 4], (33, 29))).astype(np.uint16), "yx"),
        ("relabel_int64_3d", (rng.choice([0, 0, 5, 2**40, 99, 123456789], (7, 13, 11))).astype(np.int64), "zyx"),
        ("relabel_uint32_time", (rng.choice([0, 3, 1, 4000000000], (2, 17, 19))).astype(np.uint32), "tyx"),
    ]:
        save(name + ".input.npy", arr)
        ids, originals = relabel(arr, axes)
        save(name + ".expected.npy", ids)
        cases.append({"name": name, "kind": "relabel", "axes": axes, "originals": originals})

    with open(os.path.join(d, "cases.json"), "w") as f:
        json.dump({"vigra": vigra.version, "numpy": np.__version__, "cases": cases}, f, indent=1)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "write":
        write_cases(sys.argv[2])
    elif cmd == "threshold":
        np.save(sys.argv[5], threshold(np.load(sys.argv[2]), sys.argv[3], json.loads(sys.argv[4])))
    elif cmd == "label":
        np.save(sys.argv[5], label(np.load(sys.argv[2]), sys.argv[3], sys.argv[4]))
    elif cmd == "relabel":
        ids, originals = relabel(np.load(sys.argv[2]), sys.argv[3])
        np.save(sys.argv[4], ids)
        print(json.dumps(originals))
    else:
        raise SystemExit(__doc__)
