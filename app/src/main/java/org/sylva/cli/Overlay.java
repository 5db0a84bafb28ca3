package org.sylva.cli;

import java.util.Arrays;
import java.util.List;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.pixel.LabelClass;

/**
 * A picture of a 2-D classification a person can look at: three panels side by side (RGB, uint8, axes yxc) —
 * the image with its labels painted in the class colours, the probabilities as a blend of the class colours
 * (as ilastik shows them), and the image tinted by the segmentation.
 */
final class Overlay {

    private static final int GAP = 4;

    private Overlay() {}

    /**
     * @param raw the image (one channel, one plane)
     * @param labels its labels (0 = none, k = class k), or null
     * @param probabilities per-class probabilities (channels = classes)
     * @param segmentation the simple segmentation (1..K)
     */
    static Image render(Image raw, Image labels, Image probabilities, Image segmentation, List<LabelClass> classes) {
        int h = raw.shape().y(), w = raw.shape().x(), K = probabilities.shape().c();
        Image out = Image.create(DType.UINT8, Axes.of("yxc"), h, 3L * w + 2 * GAP, 3);
        byte[] o = (byte[]) out.plane(0, 0);
        Arrays.fill(o, (byte) 255);
        float[] grey = stretched(raw);
        int stride = (3 * w + 2 * GAP) * 3;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int g = Math.round(255 * grey[y * w + x]);
                // panel 1: the image, labelled pixels in their class colour
                int label = labels == null ? 0 : (int) labels.get(0, 0, y, x, 0);
                int rgb1 = label > 0 && label <= classes.size() ? classes.get(label - 1).rgb() : g * 0x010101;
                // panel 2: Σ_k p_k · colour_k
                double r = 0, gr = 0, b = 0;
                for (int k = 0; k < K; k++) {
                    double p = probabilities.get(0, 0, y, x, k);
                    int c = classes.get(k).rgb();
                    r += p * (c >> 16);
                    gr += p * ((c >> 8) & 0xFF);
                    b += p * (c & 0xFF);
                }
                int rgb2 = (clamp(r) << 16) | (clamp(gr) << 8) | clamp(b);
                // panel 3: the image, 40% tinted with the segmented class's colour
                int seg = (int) segmentation.get(0, 0, y, x, 0);
                int c = classes.get(Math.max(0, Math.min(classes.size(), seg) - 1)).rgb();
                int rgb3 = (clamp(0.6 * g + 0.4 * (c >> 16)) << 16) | (clamp(0.6 * g + 0.4 * ((c >> 8) & 0xFF)) << 8)
                        | clamp(0.6 * g + 0.4 * (c & 0xFF));
                int[] panel = {rgb1, rgb2, rgb3};
                for (int p = 0; p < 3; p++) {
                    int at = y * stride + (p * (w + GAP) + x) * 3;
                    o[at] = (byte) (panel[p] >> 16);
                    o[at + 1] = (byte) (panel[p] >> 8);
                    o[at + 2] = (byte) panel[p];
                }
            }
        }
        return out;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** The first channel of the first plane scaled to [0, 1] between its 1st and 99th percentile. */
    static float[] stretched(Image raw) {
        int h = raw.shape().y(), w = raw.shape().x();
        float[] v = new float[h * w];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) v[y * w + x] = (float) raw.get(0, 0, y, x, 0);
        float[] sorted = v.clone();
        Arrays.sort(sorted);
        float lo = sorted[sorted.length / 100], hi = sorted[sorted.length * 99 / 100];
        for (int i = 0; i < v.length; i++) v[i] = hi > lo ? Math.max(0, Math.min(1, (v[i] - lo) / (hi - lo))) : 0;
        return v;
    }
}
