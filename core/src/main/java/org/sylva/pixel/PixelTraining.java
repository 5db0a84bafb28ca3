package org.sylva.pixel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.sylva.blockwise.Progress;
import org.sylva.blockwise.Workers;
import org.sylva.features.FeatureEngine;
import org.sylva.features.FeatureSelection;
import org.sylva.forest.ForestTrainer;
import org.sylva.forest.RandomForest;
import org.sylva.forest.TrainingOptions;
import org.sylva.image.Box;
import org.sylva.image.Image;
import org.sylva.image.Shape;

/**
 * Trains a {@link PixelClassifier} from images and their label images, as ilastik does (spec §2.2): every
 * labelled pixel (label value k ≥ 1 = class k, 0 = unlabelled) is one sample, its feature vector computed on the
 * whole image (so labels near borders see mirrored context). Only tiles holding labels get their features
 * computed. Samples are gathered in raster order of their tiles, so the training set — and with a fixed seed the
 * forest — does not depend on the number of threads.
 */
public final class PixelTraining {

    /**
     * The outcome of training.
     *
     * @param classifier the trained classifier
     * @param samples number of labelled pixels used
     * @param samplesPerClass labelled pixels per class (index k−1 for class k)
     * @param featureSeconds wall time spent computing features at the labels
     * @param trainingSeconds wall time spent growing the forest
     */
    public record Result(PixelClassifier classifier, int samples, int[] samplesPerClass, double featureSeconds,
                         double trainingSeconds) {}

    /** Labelled pixels of one tile: their features (pixel-major) and labels. */
    private record Chunk(float[] x, int[] labels) {}

    private PixelTraining() {}

    /**
     * @param raws the images (all with the same channel count)
     * @param labels one label image per image: same t, z, y, x extents, one channel, integer values ≥ 0
     * @param selection the features to use
     * @param classes the label classes (class k = label value k), or null for "Label 1".."Label n" up to the largest
     *                label value
     * @param options forest options (trees, seed); its thread count is replaced by the workers'
     * @throws IllegalArgumentException with a message naming the image for mismatched shapes, bad label values, a
     *                                  class without labelled pixels, or different channel counts
     */
    public static Result train(List<Image> raws, List<Image> labels, FeatureSelection selection,
                               List<LabelClass> classes, TrainingOptions options, Workers workers, Progress progress) {
        if (raws.isEmpty() || raws.size() != labels.size()) {
            throw new IllegalArgumentException("training needs one label image per image (got " + raws.size()
                    + " images and " + labels.size() + " label images)");
        }
        int channels = raws.get(0).shape().c();
        int maxLabel = 0;
        for (int i = 0; i < raws.size(); i++) {
            Image raw = raws.get(i), lab = labels.get(i);
            if (raw.shape().c() != channels) {
                throw new IllegalArgumentException(name(raw, i) + " has " + raw.shape().c() + " channels but "
                        + name(raws.get(0), 0) + " has " + channels + "; all training images need the same channels");
            }
            requireSameExtents(raw, lab, "the label image " + name(lab, i));
            if (lab.shape().c() != 1) {
                throw new IllegalArgumentException("the label image " + name(lab, i) + " has " + lab.shape().c()
                        + " channels; labels need exactly one");
            }
            if (lab.dtype().isFloat()) {
                throw new IllegalArgumentException("the label image " + name(lab, i) + " holds " + lab.dtype()
                        + " values; labels must be integers (0 = unlabelled, k = class k)");
            }
            maxLabel = Math.max(maxLabel, maxLabel(lab, name(lab, i)));
        }
        if (maxLabel == 0) throw new IllegalArgumentException("the label images hold no labels (all pixels are 0)");
        List<LabelClass> cls = classes == null ? LabelClass.numbered(maxLabel) : classes;
        if (maxLabel > cls.size()) {
            throw new IllegalArgumentException("the labels use value " + maxLabel + " but there are only " + cls.size()
                    + " classes (" + String.join(", ", cls.stream().map(LabelClass::name).toList()) + ")");
        }

        long t0 = System.nanoTime();
        int F = selection.channelCount(channels, raws.get(0).shape().z());
        List<float[]> xs = new ArrayList<>();
        List<int[]> ys = new ArrayList<>();
        int n = 0;
        for (int i = 0; i < raws.size(); i++) {
            Image raw = raws.get(i), lab = labels.get(i);
            if ((raw.shape().z() > 1) != (raws.get(0).shape().z() > 1)) {
                throw new IllegalArgumentException(name(raw, i) + " is " + (raw.shape().z() > 1 ? "3D" : "2D")
                        + " but " + name(raws.get(0), 0) + " is not; all training images need the same dimensionality");
            }
            Map<Long, Chunk> chunks = new ConcurrentHashMap<>();
            Shape s = raw.shape();
            new FeatureEngine(selection, workers).compute(raw, (t, box) -> anyLabel(lab, t, box), (t, box, f, nf) -> {
                Chunk c = gather(lab, t, box, f, nf);
                if (c != null) chunks.put(((long) (t * s.z() + box.z0()) * s.y() + box.y0()) * s.x() + box.x0(), c);
            }, progress);
            for (Chunk c : new TreeMap<>(chunks).values()) {
                xs.add(c.x());
                ys.add(c.labels());
                n += c.labels().length;
            }
        }
        float[] x = new float[Math.multiplyExact(n, F)];
        int[] y = new int[n];
        int at = 0;
        for (int k = 0; k < xs.size(); k++) {
            System.arraycopy(xs.get(k), 0, x, at * F, xs.get(k).length);
            System.arraycopy(ys.get(k), 0, y, at, ys.get(k).length);
            at += ys.get(k).length;
        }
        int[] perClass = new int[cls.size()];
        for (int v : y) perClass[v - 1]++;
        for (int k = 0; k < perClass.length; k++) {
            if (perClass[k] == 0) {
                throw new IllegalArgumentException("class '" + cls.get(k).name() + "' (label value " + (k + 1)
                        + ") has no labelled pixels; label some or remove the class");
            }
        }
        double featureSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        RandomForest forest = ForestTrainer.train(x, n, F, y, options.withThreads(workers.threads()));
        double trainingSeconds = (System.nanoTime() - t1) / 1e9;
        int dims = raws.get(0).shape().z() > 1 ? 3 : 2;
        return new Result(new PixelClassifier(selection, forest, cls, channels, dims), n, perClass, featureSeconds,
                trainingSeconds);
    }

    /** Throws unless {@code other} has the same t, z, y, x extents as {@code raw}. */
    static void requireSameExtents(Image raw, Image other, String what) {
        Shape a = raw.shape(), b = other.shape();
        if (a.t() != b.t() || a.z() != b.z() || a.y() != b.y() || a.x() != b.x()) {
            throw new IllegalArgumentException(what + " is " + extents(b) + " but the image " + raw.name()
                    + " is " + extents(a) + "; they must have the same extents");
        }
    }

    private static String extents(Shape s) {
        return (s.t() > 1 ? "t=" + s.t() + " " : "") + (s.z() > 1 ? "z=" + s.z() + " " : "") + "y=" + s.y() + " x=" + s.x();
    }

    private static String name(Image img, int i) {
        return img.name().isEmpty() ? "image " + (i + 1) : img.name();
    }

    private static int maxLabel(Image lab, String name) {
        Shape s = lab.shape();
        double max = 0;
        for (int t = 0; t < s.t(); t++) {
            for (int z = 0; z < s.z(); z++) {
                Object p = lab.plane(t, z);
                int len = s.y() * s.x();
                for (int i = 0; i < len; i++) {
                    double v = Image.getDouble(p, lab.dtype(), i);
                    if (v < 0) throw new IllegalArgumentException("the label image " + name + " holds the negative value "
                            + (long) v + "; labels are 0 (unlabelled) or a class number ≥ 1");
                    if (v > max) max = v;
                }
            }
        }
        if (max > 65535) throw new IllegalArgumentException("the label image " + name + " holds the value " + (long) max
                + "; labels are class numbers (1, 2, …), not object ids");
        return (int) max;
    }

    private static boolean anyLabel(Image lab, int t, Box box) {
        for (int z = box.z0(); z < box.z0() + box.depth(); z++) {
            Object p = lab.plane(t, z);
            for (int y = box.y0(); y < box.y0() + box.height(); y++) {
                int row = y * lab.shape().x();
                for (int x = box.x0(); x < box.x0() + box.width(); x++) {
                    if (Image.getDouble(p, lab.dtype(), row + x) != 0) return true;
                }
            }
        }
        return false;
    }

    /** The labelled pixels of a tile, in the box's (z, y, x) order; null if none. */
    private static Chunk gather(Image lab, int t, Box box, float[] f, int nf) {
        int count = 0;
        int[] values = new int[box.size()];
        int i = 0;
        for (int z = box.z0(); z < box.z0() + box.depth(); z++) {
            Object p = lab.plane(t, z);
            for (int y = box.y0(); y < box.y0() + box.height(); y++) {
                int row = y * lab.shape().x();
                for (int x = box.x0(); x < box.x0() + box.width(); x++, i++) {
                    int v = (int) Image.getDouble(p, lab.dtype(), row + x);
                    values[i] = v;
                    if (v != 0) count++;
                }
            }
        }
        if (count == 0) return null;
        float[] x = new float[count * nf];
        int[] y = new int[count];
        int k = 0;
        for (int j = 0; j < values.length; j++) {
            if (values[j] == 0) continue;
            System.arraycopy(f, j * nf, x, k * nf, nf);
            y[k++] = values[j];
        }
        return new Chunk(x, y);
    }
}
