package org.sylva.objects;

/**
 * The settings of ilastik's "Threshold and Size Filter" applet (spec §5.2), with ilastik's defaults
 * ({@link #defaults()}): how prediction maps become a segmentation.
 *
 * @param method      {@link Method#SIMPLE}, {@link Method#HYSTERESIS} or {@link Method#NO_MERGE}
 * @param low         the threshold of {@link Method#SIMPLE}, and the final (low) threshold of the hysteresis
 *                    methods; a pixel is foreground when its smoothed value is ≥ this (ilastik's
 *                    {@code LowThreshold})
 * @param high        the core threshold of the hysteresis methods (ilastik's {@code HighThreshold})
 * @param sigmaZ      Gaussian σ along z in pixels, applied before thresholding
 * @param sigmaY      σ along y in pixels
 * @param sigmaX      σ along x in pixels; if any σ of an axis with more than one pixel is below 0.1 the maps are
 *                    not smoothed at all (ilastik's all-or-none rule)
 * @param channel     the prediction channel thresholded at {@code low} (ilastik's {@code Channel})
 * @param coreChannel the channel thresholded at {@code high} for the cores (ilastik's {@code CoreChannel}); when it
 *                    differs from {@code channel}, the hysteresis methods threshold the sum of both channels at
 *                    {@code low}
 * @param minSize     objects with fewer pixels are removed (inclusive bound: {@code minSize} pixels are kept)
 * @param maxSize     objects with more pixels are removed (inclusive bound)
 */
public record ThresholdSettings(Method method, double low, double high, double sigmaZ, double sigmaY, double sigmaX,
                                int channel, int coreChannel, long minSize, long maxSize) {

    /** ilastik's thresholding methods, with the code it stores as {@code CurOperator}. */
    public enum Method {
        /** One threshold, then connected components (code 0). */
        SIMPLE(0),
        /** Components of the low threshold that contain a core of the high threshold (code 1). */
        HYSTERESIS(1),
        /** "Hysteresis + don't merge objects" (IPHT, code 3): regions grow from the cores down to the low
         *  threshold, and touching regions of different cores stay apart. */
        NO_MERGE(3);

        private final int ilastikCode;

        Method(int ilastikCode) { this.ilastikCode = ilastikCode; }

        /** The value ilastik stores in {@code ThresholdTwoLevels/CurOperator}. */
        public int ilastikCode() { return ilastikCode; }

        /**
         * The method of ilastik's {@code CurOperator} code.
         *
         * @throws IllegalArgumentException for graph cut (code 2), which Sylva does not implement, and unknown codes
         */
        public static Method ofIlastik(int code) {
            for (Method m : values()) if (m.ilastikCode == code) return m;
            if (code == 2) {
                throw new IllegalArgumentException("the project thresholds with graph cut (ilastik method 2), which "
                        + "Sylva does not support; choose simple, hysteresis or no-merge");
            }
            throw new IllegalArgumentException("unknown threshold method " + code + " (ilastik knows 0 to 3)");
        }
    }

    public ThresholdSettings {
        java.util.Objects.requireNonNull(method, "method");
        if (!Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("thresholds must be finite numbers, got " + low + " and " + high);
        }
        for (double s : new double[] {sigmaZ, sigmaY, sigmaX}) {
            if (!(s >= 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("smoothing σ must be a finite number ≥ 0, got " + s);
            }
        }
        if (channel < 0 || coreChannel < 0) {
            throw new IllegalArgumentException("channels are numbered from 0, got " + channel + " and " + coreChannel);
        }
        if (minSize < 0 || maxSize < 0) {
            throw new IllegalArgumentException("object sizes must be ≥ 0, got " + minSize + " and " + maxSize);
        }
    }

    /** ilastik's defaults: simple, threshold 0.5 (core 0.8), σ 1.0 on every axis, channel 0, sizes 10..1,000,000. */
    public static ThresholdSettings defaults() {
        return new ThresholdSettings(Method.SIMPLE, 0.5, 0.8, 1.0, 1.0, 1.0, 0, 0, 10, 1_000_000);
    }

    /** A copy with another thresholding method. */
    public ThresholdSettings withMethod(Method m) {
        return new ThresholdSettings(m, low, high, sigmaZ, sigmaY, sigmaX, channel, coreChannel, minSize, maxSize);
    }

    /** A copy with the low (final) and high (core) thresholds. */
    public ThresholdSettings withThresholds(double lowThreshold, double highThreshold) {
        return new ThresholdSettings(method, lowThreshold, highThreshold, sigmaZ, sigmaY, sigmaX, channel, coreChannel,
                minSize, maxSize);
    }

    /** A copy with the smoothing σ per axis (z, y, x), in pixels. */
    public ThresholdSettings withSigmas(double z, double y, double x) {
        return new ThresholdSettings(method, low, high, z, y, x, channel, coreChannel, minSize, maxSize);
    }

    /** A copy with the final and core channels. */
    public ThresholdSettings withChannels(int finalChannel, int core) {
        return new ThresholdSettings(method, low, high, sigmaZ, sigmaY, sigmaX, finalChannel, core, minSize, maxSize);
    }

    /** A copy with the size bounds (both inclusive). */
    public ThresholdSettings withSizes(long min, long max) {
        return new ThresholdSettings(method, low, high, sigmaZ, sigmaY, sigmaX, channel, coreChannel, min, max);
    }

    /** The size filter of these settings. */
    public SizeFilter sizeFilter() { return new SizeFilter(minSize, maxSize); }
}
