package org.sylva.objects.features;

/**
 * vigra's histogram quantiles ({@code RangeHistogramBase::computeStandardQuantiles}, accumulator.hxx), ported
 * step for step: q0 and q100 are the object's exact minimum and maximum; the inner quantiles interpolate linearly
 * in the cumulative histogram whose keypoints are the edges of the occupied bins, the first and last keypoints
 * replaced by the object's minimum and maximum mapped into bin coordinates. So they are approximate by design
 * (values 0..9 and 100 give a 10 % quantile of 0.859, not 1).
 */
final class Quantiles {

    /** The seven quantiles ilastik stores: 0, 10, 25, 50, 75, 90, 100 %. */
    static final double[] STANDARD = {0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0};

    /** Histogram bins of ilastik's Histogram/Quantiles features. */
    static final int BINS = 64;

    private Quantiles() {}

    /**
     * The standard quantiles of one object.
     *
     * @param hist   bin counts: {@code bins} entries from {@code offset}, then the left and right outlier counts
     *               (values mapped below bin 0 or to bin {@code bins} and beyond by rounding)
     * @param scale  bins per intensity unit: {@code bins / (globalMax - globalMin)} (vigra's {@code scale_})
     * @param origin intensity of the left edge of bin 0 (the global minimum, vigra's {@code offset_})
     * @param out    7 values, written (NaN where vigra would read past its keypoints, e.g. NaN intensities)
     * @param keypoints scratch of {@code 2 * bins + 6} values
     * @param cumhist   scratch of {@code 2 * bins + 6} values
     */
    static void standard(int[] hist, int offset, int bins, double scale, double origin, double minimum,
                         double maximum, double count, double[] out, double[] keypoints, double[] cumhist) {
        if (count == 0.0) return;
        double left = hist[offset + bins];
        double right = hist[offset + bins + 1];
        int size = 0;
        keypoints[size] = scale * (minimum - origin);
        cumhist[size++] = 0.0;
        if (left > 0.0) {
            keypoints[size] = 0.0;
            cumhist[size++] = left;
        }
        double cumulative = left;
        for (int k = 0; k < bins; ++k) {
            int v = hist[offset + k];
            if (v > 0) {
                if (keypoints[size - 1] <= k) {
                    keypoints[size] = k;
                    cumhist[size++] = cumulative;
                }
                cumulative += v;
                keypoints[size] = k + 1;
                cumhist[size++] = cumulative;
            }
        }
        if (right > 0.0) {
            if (keypoints[size - 1] != bins) {
                keypoints[size] = bins;
                cumhist[size++] = cumulative;
            }
            keypoints[size] = scale * (maximum - origin);
            cumhist[size++] = count;
        } else {
            keypoints[size - 1] = scale * (maximum - origin);
            cumhist[size - 1] = count;
        }

        double inverseScale = 1.0 / scale;
        int quantile = 0;
        int end = STANDARD.length;
        out[0] = minimum;
        ++quantile;
        out[end - 1] = maximum;
        --end;
        int point = 0;
        double qcount = count * STANDARD[quantile];
        while (quantile < end) {
            if (point + 1 >= size) {
                for (; quantile < end; quantile++) out[quantile] = Double.NaN;
                break;
            }
            if (cumhist[point] < qcount && cumhist[point + 1] >= qcount) {
                double t = (qcount - cumhist[point]) / (cumhist[point + 1] - cumhist[point])
                        * (keypoints[point + 1] - keypoints[point]);
                out[quantile] = inverseScale * (t + keypoints[point]) + origin;
                ++quantile;
                qcount = count * STANDARD[quantile];
            } else {
                ++point;
            }
        }
    }

    /**
     * vigra's bin of value {@code v} ({@code RangeHistogramBase::update}): {@code (int) (scale * (v - origin))},
     * the right edge itself going to the last bin; -1 and {@code bins} stand for the left and right outliers.
     */
    static int bin(double v, double scale, double origin, int bins) {
        double m = scale * (v - origin);
        int index = m == (double) bins ? (int) m - 1 : (int) m;
        if (index < 0) return -1;
        return Math.min(index, bins);
    }

    /** vigra's {@code setMinMax}: bins per intensity unit for the range [min, max] (widened when empty). */
    static double scale(double min, double max, int bins) {
        if (min == max) max += bins * Math.ulp(1.0);
        return bins / (max - min);
    }
}
