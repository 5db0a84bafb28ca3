package org.sylva.pixel;

import java.util.List;
import org.sylva.blockwise.Progress;
import org.sylva.blockwise.Workers;
import org.sylva.features.FeatureEngine;
import org.sylva.features.FeatureSelection;
import org.sylva.forest.RandomForest;
import org.sylva.image.Box;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.image.Shape;

/**
 * A trained pixel classifier: the feature selection, the random forest trained on those features, and the label
 * classes. Immutable. Predicts ilastik's "Probabilities" output (spec §3.1): one float32 channel per class,
 * channel k−1 = class k, computed tile by tile straight from the feature engine (no feature image in memory).
 */
public final class PixelClassifier {

    private final FeatureSelection features;
    private final RandomForest forest;
    private final List<LabelClass> classes;
    private final int inputChannels;
    private final int spatialDimensions;

    /**
     * A classifier whose training images' dimensionality is not known (e.g. imported without its data): images are
     * only checked to give the forest's feature count.
     *
     * @see #PixelClassifier(FeatureSelection, RandomForest, List, int, int)
     */
    public PixelClassifier(FeatureSelection features, RandomForest forest, List<LabelClass> classes, int inputChannels) {
        this(features, forest, classes, inputChannels, 0);
    }

    /**
     * @param features the features the forest was trained on
     * @param forest the forest; its class labels are label values 1..classes.size()
     * @param classes the label classes (class k is label value k)
     * @param inputChannels channels of the images it was trained on (prediction needs the same)
     * @param spatialDimensions 2 if it was trained on 2-D images (or time series of them), 3 for volumes (more than
     *                          one z-slice), 0 if unknown; prediction needs the same, as in ilastik
     */
    public PixelClassifier(FeatureSelection features, RandomForest forest, List<LabelClass> classes, int inputChannels,
                           int spatialDimensions) {
        this.features = features;
        this.forest = forest;
        this.classes = List.copyOf(classes);
        this.inputChannels = inputChannels;
        if (spatialDimensions != 0 && spatialDimensions != 2 && spatialDimensions != 3) {
            throw new IllegalArgumentException("spatial dimensions must be 2, 3 or 0 (unknown), got "
                    + spatialDimensions);
        }
        this.spatialDimensions = spatialDimensions;
        for (int label : forest.classLabels()) {
            if (label < 1 || label > classes.size()) {
                throw new IllegalArgumentException("the forest predicts label " + label + " but there are "
                        + classes.size() + " classes");
            }
        }
    }

    public FeatureSelection features() { return features; }

    public RandomForest forest() { return forest; }

    public List<LabelClass> classes() { return classes; }

    public int inputChannels() { return inputChannels; }

    /** 2 or 3: the dimensionality of the training images; 0 if unknown. */
    public int spatialDimensions() { return spatialDimensions; }

    /**
     * Per-class probabilities of every pixel: float32, axes as the feature engine's ({@code yxc}, {@code zyxc},
     * {@code tyxc}, {@code tzyxc}), one channel per class. With a {@code mask} (same t/z/y/x extents; any channel
     * non-zero = inside), pixels outside get probability 0 and tiles entirely outside are not computed (ilastik's
     * "Prediction Mask").
     *
     * @throws IllegalArgumentException if the image's channel count differs from the training images', the mask's
     *                                  extents differ, or a scale is too large for the image
     */
    public Image probabilities(Image raw, Image mask, Workers workers, Progress progress) {
        Shape s = raw.shape();
        checkFits(raw);
        if (mask != null) PixelTraining.requireSameExtents(raw, mask, "the prediction mask");
        int K = classes.size();
        Image out = Image.create(DType.FLOAT32, s.with('c', K), FeatureEngine.outputAxes(s))
                .withCalibration(raw.calibration()).withName(raw.name()).withDrange(new double[]{0, 1});
        int[] channelOf = forest.classLabels();
        for (int i = 0; i < channelOf.length; i++) channelOf[i] -= 1;
        int Kf = channelOf.length;
        int X = s.x();
        FeatureEngine engine = new FeatureEngine(features, workers);
        // each tile's feature channels go straight to the forest (no interleaving): its engine reads 4×4-pixel
        // packets of the tile, one vector load per feature (the tile's rows are box.width() pixels wide; 3-D tiles
        // are their z-slices' rows one after the other)
        engine.computeChannels(raw, (t, box) -> mask == null || anyInside(mask, t, box), (t, box, channels, F) -> {
            int n = box.size();
            float[] p = new float[n * Kf];
            forest.predictChannels(channels, n, box.width(), p, 0, 1, null);
            int i = 0;
            for (int dz = 0; dz < box.depth(); dz++) {
                float[] plane = (float[]) out.plane(t, box.z0() + dz);
                for (int dy = 0; dy < box.height(); dy++) {
                    int o = ((box.y0() + dy) * X + box.x0()) * K;
                    for (int dx = 0; dx < box.width(); dx++, i++, o += K) {
                        if (mask != null && !inside(mask, t, box.z0() + dz, box.y0() + dy, box.x0() + dx)) continue;
                        for (int k = 0; k < Kf; k++) plane[o + channelOf[k]] = p[i * Kf + k];
                    }
                }
            }
        }, progress);
        return out;
    }

    /**
     * Checks that the classifier can predict {@code raw}: the same channel count as its training images, and the
     * same dimensionality (a classifier trained on 2-D images has 2-D features and cannot classify a 3-D volume
     * unless every scale is computed in 2-D, and vice versa; ilastik refuses both).
     *
     * @throws IllegalArgumentException naming the image and the difference
     */
    public void checkFits(Image raw) {
        Shape s = raw.shape();
        String name = raw.name() == null ? "the image" : raw.name();
        if (s.c() != inputChannels) {
            throw new IllegalArgumentException(name + " has " + s.c() + " channel" + (s.c() == 1 ? "" : "s")
                    + " but the classifier was trained on images with " + inputChannels);
        }
        int dims = s.z() > 1 ? 3 : 2;
        if (spatialDimensions != 0 && dims != spatialDimensions) {
            throw new IllegalArgumentException(name + " is " + (dims == 3 ? "3-D (" + s.z() + " z-slices)" : "2-D")
                    + " but the classifier was trained on " + spatialDimensions + "-D images; ilastik's features"
                    + " differ between 2-D and 3-D, so train a classifier on " + dims + "-D images");
        }
        int F = features.channelCount(s.c(), s.z());
        if (F != forest.featureCount()) {
            boolean volume = s.z() > 1;
            throw new IllegalArgumentException(name + " is " + (volume ? "3-D (" + s.z() + " z-slices)" : "2-D")
                    + " but the classifier was trained on " + (volume ? "2-D" : "3-D") + " images (" + F
                    + " feature channels here, " + forest.featureCount() + " in the classifier)");
        }
    }

    private static boolean anyInside(Image mask, int t, Box box) {
        for (int z = box.z0(); z < box.z0() + box.depth(); z++) {
            for (int y = box.y0(); y < box.y0() + box.height(); y++) {
                for (int x = box.x0(); x < box.x0() + box.width(); x++) if (inside(mask, t, z, y, x)) return true;
            }
        }
        return false;
    }

    private static boolean inside(Image mask, int t, int z, int y, int x) {
        for (int c = 0; c < mask.shape().c(); c++) if (mask.get(t, z, y, x, c) != 0) return true;
        return false;
    }
}
