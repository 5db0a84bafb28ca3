package org.sylva.objects;

import org.sylva.blockwise.Workers;
import org.sylva.features.AnisotropicGaussian;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.image.Shape;

/**
 * ilastik's "Threshold and Size Filter" applet (spec §5.2): prediction maps → a segmentation, per time point.
 *
 * <ol>
 *   <li>The channels used are read as float32 and, if the maps carry a data range other than (0, 1), rescaled to
 *       {@code (v − d0)/(d1 − d0)} in float arithmetic. uint8 maps without a stored range count as (0, 255), so
 *       they are scaled to [0, 1] as in ilastik; other integer types without a range are used as they are.</li>
 *   <li>Each channel is smoothed with a Gaussian of σ (z, y, x) for the axes longer than one pixel, window 2.0,
 *       reflecting borders ({@link AnisotropicGaussian}); if any of those σ is below 0.1 nothing is smoothed.</li>
 *   <li>{@link ThresholdSettings.Method#SIMPLE}: pixels ≥ low (compared in float32, as numpy compares a float32
 *       array with a Python float), connected components (4/6-neighbourhood), size filter.</li>
 *   <li>{@link ThresholdSettings.Method#HYSTERESIS}: cores = components of core channel ≥ high, size-filtered;
 *       the final input is the channel, or the sum of channel and core channel when they differ; components of
 *       final input ≥ low are kept if they contain a surviving core pixel, then size-filtered.</li>
 *   <li>{@link ThresholdSettings.Method#NO_MERGE}: the cores as above grow over {@code max(input) − input} until the
 *       cost exceeds {@code max(input) − low} ({@link SeededGrowth}: vigra's seeded watershed, so regions of
 *       different cores never merge and end one pixel beyond the threshold, as in ilastik), then size filter.
 *       Without any surviving core, vigra (and so ilastik) seeds the strict local maxima of the maps instead.</li>
 * </ol>
 * The result is ilastik's threshold output: a uint32 label image with the input's t, z, y, x extents and axes and
 * one channel, each object carrying the id of its connected component (or of its core) before the size filter —
 * ids are not consecutive. {@link ConnectedComponents#label} turns it into objects with ids 1..N.
 * Graph-cut thresholding (ilastik's method 2) is not implemented.
 */
public final class Thresholding {

    /** ilastik's smoothing window, in units of σ. */
    static final double WINDOW = 2.0;
    /** Below this σ (on any axis) ilastik does not smooth at all. */
    static final double MIN_SIGMA = 0.1;

    private Thresholding() {}

    /**
     * Thresholds every time point of {@code predictionMaps}.
     *
     * @throws SegmentationException if a channel of the settings does not exist
     */
    public static Image segment(Image predictionMaps, ThresholdSettings settings, Workers workers) {
        Shape s = predictionMaps.shape();
        int channels = s.c();
        for (int ch : new int[] {settings.channel(), settings.coreChannel()}) {
            if (ch >= channels) {
                throw SegmentationException.of(predictionMaps, "channel " + ch + " does not exist: the prediction maps "
                        + "have " + channels + " channel" + (channels == 1 ? "" : "s") + " (numbered from 0)");
            }
        }
        if (s.voxelsPerTimePoint() > Integer.MAX_VALUE - 8) {
            throw SegmentationException.of(predictionMaps, "a time point of " + s.voxelsPerTimePoint()
                    + " pixels is too large to threshold in one piece; process the image blockwise");
        }
        Image out = Image.create(DType.UINT32, s.with('c', 1), predictionMaps.axes())
                .withCalibration(predictionMaps.calibration()).withName(predictionMaps.name());
        for (int t = 0; t < s.t(); t++) segmentTimePoint(predictionMaps, t, settings, workers, out);
        return out;
    }

    private static void segmentTimePoint(Image pm, int t, ThresholdSettings st, Workers workers, Image out) {
        Shape s = pm.shape();
        int Z = s.z(), Y = s.y(), X = s.x();
        String where = (pm.name().isEmpty() ? "" : pm.name() + ": ") + "t=" + t;
        Object[] target = new Object[Z];
        for (int z = 0; z < Z; z++) target[z] = out.plane(t, z);
        SizeFilter sizes = st.sizeFilter();
        float[] fin = prepared(pm, t, st.channel(), st, workers);
        if (st.method() == ThresholdSettings.Method.SIMPLE) {
            RunLabeller l = label(fin, (float) st.low(), Z, Y, X, workers, where);
            l.write(target, keepMap(l.sizes(), null, sizes), workers);
            return;
        }
        float[] core = st.coreChannel() == st.channel() ? fin : prepared(pm, t, st.coreChannel(), st, workers);
        RunLabeller cores = label(core, (float) st.high(), Z, Y, X, workers, where);
        long[] coreSizes = cores.sizes();
        boolean[] coreKept = new boolean[cores.count + 1];
        for (int id = 1; id <= cores.count; id++) coreKept[id] = sizes.keeps(coreSizes[id]);
        float[] input = fin;
        if (core != fin) {
            // ilastik sums the two channels (float32) for the final threshold when they differ
            input = new float[fin.length];
            for (int i = 0; i < fin.length; i++) input[i] = fin[i] + core[i];
        }
        if (st.method() == ThresholdSettings.Method.HYSTERESIS) {
            RunLabeller l = label(input, (float) st.low(), Z, Y, X, workers, where);
            boolean[] hit = l.touching(cores, coreKept);
            l.write(target, keepMap(l.sizes(), hit, sizes), workers);
            return;
        }
        // NO_MERGE: seeds = the surviving cores with their component ids
        int[] labels = new int[input.length];
        long[] seedMap = new long[cores.count + 1];
        boolean anySeed = false;
        for (int id = 1; id <= cores.count; id++) {
            if (coreKept[id]) {
                seedMap[id] = id;
                anySeed = true;
            }
        }
        float max = Float.NEGATIVE_INFINITY;
        for (float v : input) if (v > max) max = v;
        float[] inverted = new float[input.length];
        for (int i = 0; i < input.length; i++) inverted[i] = max - input[i];
        int seedCount = cores.count;
        if (anySeed) {
            cores.write(new Object[] {labels}, seedMap, workers);
        } else {
            // ilastik hands vigra an empty seed image, and vigra then seeds every local maximum of the maps
            seedCount = SeededGrowth.seedAtMinima(inverted, labels, Z, Y, X);
        }
        // float32 arithmetic as in ilastik's ipht.py; vigra only applies a positive limit and otherwise keeps its
        // default of 0 (growth then stops at the first pixel below the maximum)
        float limit = max - (float) st.low();
        SeededGrowth.grow(inverted, labels, Z, Y, X, limit > 0 ? limit : 0.0);
        long[] grown = new long[seedCount + 1];
        for (int v : labels) grown[v]++;
        boolean[] keep = new boolean[grown.length];
        for (int id = 1; id < grown.length; id++) keep[id] = grown[id] > 0 && sizes.keeps(grown[id]);
        int YX = Y * X;
        workers.forEach(Z, z -> {
            int[] plane = (int[]) target[z];
            for (int i = 0; i < YX; i++) {
                int v = labels[z * YX + i];
                if (keep[v]) plane[i] = v;
            }
        });
    }

    /** Channel {@code c} of time point {@code t} as float32 (z, y, x), rescaled by its data range and smoothed. */
    static float[] prepared(Image pm, int t, int c, ThresholdSettings st, Workers workers) {
        float[] v = pm.channelAsFloat(t, c);
        double[] range = dataRange(pm);
        if (range != null && !(range[0] == 0.0 && range[1] == 1.0)) {
            float d0 = (float) range[0];
            float scale = (float) (range[1] - range[0]);
            for (int i = 0; i < v.length; i++) v[i] = (v[i] - d0) / scale;
        }
        Shape s = pm.shape();
        if (!smooths(s, st)) return v;
        return AnisotropicGaussian.smooth(v, s.z(), s.y(), s.x(), s.z() > 1 ? st.sigmaZ() : 0,
                s.y() > 1 ? st.sigmaY() : 0, s.x() > 1 ? st.sigmaX() : 0, WINDOW, workers);
    }

    /**
     * ilastik's all-or-none rule: smoothing happens unless a σ of an axis with more than one pixel is below 0.1
     * (σ of singleton axes, e.g. z of a 2D image, do not count).
     */
    static boolean smooths(Shape s, ThresholdSettings st) {
        boolean any = false;
        double[] sigma = {st.sigmaZ(), st.sigmaY(), st.sigmaX()};
        int[] extent = {s.z(), s.y(), s.x()};
        for (int k = 0; k < 3; k++) {
            if (extent[k] > 1) {
                if (sigma[k] < MIN_SIGMA) return false;
                any = true;
            }
        }
        return any;
    }

    /**
     * The data range ilastik normalises prediction maps with: the stored range, else (0, 255) for uint8, else none.
     */
    static double[] dataRange(Image pm) {
        double[] r = pm.drange();
        if (r != null) return r;
        return pm.dtype() == DType.UINT8 ? new double[] {0, 255} : null;
    }

    /** Connected components (direct neighbourhood) of {@code volume ≥ threshold}. */
    private static RunLabeller label(float[] volume, float threshold, int Z, int Y, int X, Workers workers,
                                     String where) {
        int YX = Y * X;
        Object[] mask = new Object[Z];
        workers.forEach(Z, z -> {
            byte[] m = new byte[YX];
            int o = z * YX;
            for (int i = 0; i < YX; i++) m[i] = volume[o + i] >= threshold ? (byte) 1 : 0;
            mask[z] = m;
        });
        return RunLabeller.label(mask, DType.UINT8, Z, Y, X, Connectivity.DIRECT, workers, where);
    }

    /** id → id for the objects that are kept (marked, if {@code marked} is given, and of an accepted size), else 0. */
    private static long[] keepMap(long[] sizes, boolean[] marked, SizeFilter filter) {
        long[] map = new long[sizes.length];
        for (int id = 1; id < sizes.length; id++) {
            if ((marked == null || marked[id]) && filter.keeps(sizes[id])) map[id] = id;
        }
        return map;
    }
}
