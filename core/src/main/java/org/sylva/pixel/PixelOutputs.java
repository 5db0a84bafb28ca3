package org.sylva.pixel;

import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.image.Shape;

/** ilastik's derived pixel outputs (spec §3.1), computed from a probabilities image (channels = classes). */
public final class PixelOutputs {

    private PixelOutputs() {}

    /**
     * "Simple Segmentation": per pixel 1 + the index of the most probable class (ties → the lower class; pixels
     * whose probabilities are all 0 get 1), uint8, one channel.
     */
    public static Image simpleSegmentation(Image probabilities) {
        Shape s = probabilities.shape();
        int K = s.c();
        if (K > 255) throw new IllegalArgumentException("Simple Segmentation holds at most 255 classes, got " + K);
        Image out = Image.create(DType.UINT8, s.with('c', 1), probabilities.axes())
                .withCalibration(probabilities.calibration()).withName(probabilities.name());
        for (int t = 0; t < s.t(); t++) {
            for (int z = 0; z < s.z(); z++) {
                float[] p = (float[]) probabilities.plane(t, z);
                byte[] o = (byte[]) out.plane(t, z);
                for (int i = 0; i < o.length; i++) o[i] = (byte) (mostProbable(p, i * K, K) + 1);
            }
        }
        return out;
    }

    /**
     * "Uncertainty": per pixel 1 − (largest − second largest probability), float32, one channel; 0 with one class.
     */
    public static Image uncertainty(Image probabilities) {
        Shape s = probabilities.shape();
        int K = s.c();
        Image out = Image.create(DType.FLOAT32, s.with('c', 1), probabilities.axes())
                .withCalibration(probabilities.calibration()).withName(probabilities.name());
        for (int t = 0; t < s.t(); t++) {
            for (int z = 0; z < s.z(); z++) {
                float[] p = (float[]) probabilities.plane(t, z);
                float[] o = (float[]) out.plane(t, z);
                for (int i = 0; i < o.length; i++) o[i] = uncertainty(p, i * K, K);
            }
        }
        return out;
    }

    /** The index of the largest of {@code p[at .. at+K)}, ties → the lower one: Simple Segmentation's class − 1. */
    public static int mostProbable(float[] p, int at, int K) {
        int best = 0;
        for (int k = 1; k < K; k++) if (p[at + k] > p[at + best]) best = k;
        return best;
    }

    /** One pixel's Uncertainty: 1 − (largest − second largest) of {@code p[at .. at+K)}; 0 with one class. */
    public static float uncertainty(float[] p, int at, int K) {
        if (K < 2) return 0;
        float first = Float.NEGATIVE_INFINITY, second = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < K; k++) {
            float v = p[at + k];
            if (v > first) {
                second = first;
                first = v;
            } else if (v > second) {
                second = v;
            }
        }
        return 1 - (first - second);
    }
}
