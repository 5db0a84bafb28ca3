package org.sylva.objects.classify;

import java.util.Locale;
import java.util.Objects;
import org.sylva.blockwise.Workers;
import org.sylva.image.Image;
import org.sylva.objects.ConnectedComponents;
import org.sylva.objects.Connectivity;
import org.sylva.objects.ObjectInputs;
import org.sylva.objects.ObjectLabels;
import org.sylva.objects.ThresholdSettings;
import org.sylva.objects.Thresholding;

/**
 * How the objects of an image are found: ilastik's three Object Classification flavours (spec §5.1). The second
 * input beside the raw data is prediction maps (thresholded with {@link #threshold()}, then connected components),
 * a binary segmentation (connected components of equal non-zero values) or a label image (each distinct non-zero
 * value one object, relabelled consecutively, original ids kept).
 *
 * @param kind         which input the objects come from
 * @param threshold    the threshold settings (used for {@link Kind#PREDICTION_MAPS} only; never null)
 * @param connectivity the neighbourhood of connected components ({@link Connectivity#DIRECT} as ilastik)
 */
public record ObjectSegmentation(Kind kind, ThresholdSettings threshold, Connectivity connectivity) {

    /** The second input of the workflow, with ilastik's role names (also the workflow names of its projects). */
    public enum Kind {
        /** Pixel prediction maps, thresholded ({@code --prediction_maps}). */
        PREDICTION_MAPS("prediction maps", "Prediction Maps", "Object Classification (from prediction image)"),
        /** A binary segmentation ({@code --segmentation_image}). */
        BINARY("segmentation", "Segmentation Image", "Object Classification (from binary image)"),
        /** A label image ({@code --label_image}). */
        LABEL_IMAGE("label image", "Label Image", "Object Classification (from label image)");

        private final String description;
        private final String roleName;
        private final String workflowName;

        Kind(String description, String roleName, String workflowName) {
            this.description = description;
            this.roleName = roleName;
            this.workflowName = workflowName;
        }

        /** Lower-case words for messages ("prediction maps"). */
        public String description() { return description; }

        /** ilastik's role name ("Prediction Maps"). */
        public String roleName() { return roleName; }

        /** ilastik's workflow name stored in its projects. */
        public String workflowName() { return workflowName; }

        /** The kind named as in projects and on the command line: {@code prediction-maps}, {@code segmentation},
         *  {@code label-image} (also the enum names and ilastik's role names). */
        public static Kind parse(String s) {
            String k = s.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
            return switch (k) {
                case "prediction-maps", "predictions", "probabilities" -> PREDICTION_MAPS;
                case "segmentation", "binary", "segmentation-image", "binary-segmentation" -> BINARY;
                case "label-image", "labels", "label-images" -> LABEL_IMAGE;
                default -> throw new IllegalArgumentException("unknown object source '" + s
                        + "' (prediction-maps, segmentation or label-image)");
            };
        }

        /** The name {@link #parse} reads back. */
        public String id() {
            return switch (this) {
                case PREDICTION_MAPS -> "prediction-maps";
                case BINARY -> "segmentation";
                case LABEL_IMAGE -> "label-image";
            };
        }
    }

    public ObjectSegmentation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(connectivity, "connectivity");
    }

    /** Objects from prediction maps thresholded with {@code settings}, 4/6-connected as in ilastik. */
    public static ObjectSegmentation predictionMaps(ThresholdSettings settings) {
        return new ObjectSegmentation(Kind.PREDICTION_MAPS, settings, Connectivity.DIRECT);
    }

    /** Objects as connected components of a binary segmentation, 4/6-connected as in ilastik. */
    public static ObjectSegmentation binary() {
        return new ObjectSegmentation(Kind.BINARY, ThresholdSettings.defaults(), Connectivity.DIRECT);
    }

    /** Objects as the distinct values of a label image. */
    public static ObjectSegmentation labelImage() {
        return new ObjectSegmentation(Kind.LABEL_IMAGE, ThresholdSettings.defaults(), Connectivity.DIRECT);
    }

    /**
     * The objects of {@code raw} from {@code input} (prediction maps, segmentation or label image, as {@link #kind}).
     *
     * @throws org.sylva.objects.SegmentationException if the extents differ from the raw data's, or the input is
     *                                                 not valid for its kind (negative labels, missing channel …)
     */
    public ObjectLabels objects(Image raw, Image input, Workers workers) {
        ObjectInputs.requireSameExtents(raw, input, kind.description);
        return switch (kind) {
            case PREDICTION_MAPS -> ConnectedComponents.label(Thresholding.segment(input, threshold, workers),
                    connectivity, workers);
            case BINARY -> ConnectedComponents.label(input, connectivity, workers);
            case LABEL_IMAGE -> ConnectedComponents.relabelConsecutive(input, workers);
        };
    }
}
