package org.sylva.pixel;

import java.util.Objects;
import org.sylva.blockwise.Progress;
import org.sylva.blockwise.Workers;
import org.sylva.features.FeatureEngine;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.image.Shape;

/**
 * The export sources of one image, computed on first use: probabilities once, the segmentation and uncertainty
 * from them, features and labels only when asked for. Not thread-safe; one instance per image.
 *
 * <p>All sources have the feature engine's axes ({@code yxc}, {@code zyxc}, {@code tyxc} or {@code tzyxc}, spec
 * §3.2's "lane order"), the raw image's calibration and name.
 */
public final class PixelResults {

    private final PixelClassifier classifier;
    private final Image raw;
    private final Image mask;
    private final Image labels;
    private final Workers workers;
    private final Progress progress;
    private Image probabilities;

    /**
     * @param classifier the trained classifier
     * @param raw the image
     * @param mask ilastik's "Prediction Mask" (same t, z, y, x extents; non-zero = predict), or null
     * @param labels the image's labels (same extents, one channel), or null for an unlabelled image
     * @throws IllegalArgumentException if the image does not fit the classifier or the mask/labels the image
     */
    public PixelResults(PixelClassifier classifier, Image raw, Image mask, Image labels, Workers workers,
                        Progress progress) {
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.raw = Objects.requireNonNull(raw, "raw");
        this.mask = mask;
        this.labels = labels;
        this.workers = Objects.requireNonNull(workers, "workers");
        this.progress = progress == null ? Progress.NONE : progress;
        classifier.checkFits(raw);
        if (mask != null) PixelTraining.requireSameExtents(raw, mask, "the prediction mask");
        if (labels != null) {
            PixelTraining.requireSameExtents(raw, labels, "the label image");
            if (labels.shape().c() != 1) {
                throw new IllegalArgumentException("the label image " + labels.name() + " has " + labels.shape().c()
                        + " channels; labels need exactly one");
            }
        }
    }

    /** The image these results belong to. */
    public Image raw() { return raw; }

    /** The source {@code s}, computing what it needs (probabilities are computed once and kept). */
    public Image get(PixelSource s) {
        return switch (s) {
            case PROBABILITIES -> probabilities();
            case SIMPLE_SEGMENTATION -> PixelOutputs.simpleSegmentation(probabilities());
            case UNCERTAINTY -> PixelOutputs.uncertainty(probabilities());
            case FEATURES -> new FeatureEngine(classifier.features(), workers).compute(raw, progress)
                    .withName(raw.name());
            case LABELS -> labelImage();
        };
    }

    /** The per-class probabilities (computed on the first call). */
    public Image probabilities() {
        if (probabilities == null) probabilities = classifier.probabilities(raw, mask, workers, progress);
        return probabilities;
    }

    /** The labels as uint8 in the sources' axes; all 0 for an unlabelled image. */
    private Image labelImage() {
        Shape s = raw.shape().with('c', 1);
        Image out = Image.create(DType.UINT8, s, FeatureEngine.outputAxes(raw.shape()))
                .withCalibration(raw.calibration()).withName(raw.name());
        if (labels == null) return out;
        for (int t = 0; t < s.t(); t++) {
            for (int z = 0; z < s.z(); z++) {
                Object in = labels.plane(t, z);
                byte[] o = (byte[]) out.plane(t, z);
                for (int i = 0; i < o.length; i++) {
                    double v = Image.getDouble(in, labels.dtype(), i);
                    o[i] = (byte) (v < 0 ? 0 : v > 255 ? 255 : (int) v);
                }
            }
        }
        return out;
    }
}
