package org.sylva.project.ilp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sylva.export.ExportSettings;
import org.sylva.forest.VigraForests;
import org.sylva.objects.ThresholdSettings;
import org.sylva.objects.features.ObjectFeatureSelection;
import org.sylva.pixel.LabelClass;

/**
 * An ilastik Object Classification project as its file stores it (read by {@link IlpObjectReader#read}; spec §5,
 * §6.6); an immutable value. Absent parts are null or empty; what could not be used as stored is in
 * {@code warnings}.
 *
 * @param file the project file
 * @param version the ilastik version that saved it
 * @param workflowName the stored {@code workflowName}, e.g. {@code Object Classification (from prediction image)}
 * @param input which of ilastik's three inputs the objects come from
 * @param savedAt the save time as stored ({@code time}), or null
 * @param roleNames the data roles ({@code Input Data/Role Names}), e.g. {@code [Raw Data, Prediction Maps]}
 * @param lanes the data lanes; a lane's raw data is {@link IlpLane#raw()}, its prediction maps, segmentation or
 *              label image is {@code lane.role(input.role())} ({@link #inputDataset})
 * @param threshold the threshold and size filter settings ({@code ThresholdTwoLevels}; only the prediction-map
 *                  input has them), or null
 * @param computedFeatures the features ilastik computes ({@code ObjectExtraction/Features}, with the margins of
 *                         neighbourhood features); empty if none are stored
 * @param selectedFeatures the features the classifier uses ({@code ObjectClassification/SelectedFeatures}); empty
 *                         if the user never chose (ilastik then offers all computed features:
 *                         {@link #classifierFeatures()})
 * @param labelClasses the object classes ({@code LabelNames}, {@code LabelColors}); ilastik's "Label 1" … for a
 *                     project that labels objects without naming classes
 * @param predictionColours the probability colour of each class ({@code PmapColors}), 0xRRGGBB
 * @param objectLabels per lane, per time point, the class of each object id ({@code LabelInputs}; index = id as in
 *                     the object-id image of that time point, 0 = not labelled, entry 0 is the background)
 * @param forests the stored object classifier ({@code ObjectClassification/ClassifierForests}; ilastik stores no
 *                feature names for it: its columns are {@link org.sylva.objects.features.FeatureMatrix}'s of
 *                {@link #classifierFeatures()}), or null if there is none or it cannot be used (then a warning)
 * @param export the image export settings ({@code Object Information Export}) over ilastik's defaults, or null
 * @param blockShape blockwise classification's block shape x, y, z ({@code BlockShape3dDict}), or null
 * @param haloPadding blockwise classification's halo x, y, z ({@code HaloPadding3dDict}), or null
 * @param warnings what could not be used as stored, for the user (empty if everything was)
 */
public record IlpObjectProject(Path file, IlastikVersion version, String workflowName, Input input, String savedAt,
                               List<String> roleNames, List<IlpLane> lanes, ThresholdSettings threshold,
                               ObjectFeatureSelection computedFeatures, ObjectFeatureSelection selectedFeatures,
                               List<LabelClass> labelClasses, List<Integer> predictionColours,
                               List<List<int[]>> objectLabels, VigraForests.Imported forests, ExportSettings export,
                               int[] blockShape, int[] haloPadding, List<String> warnings) {

    /** Where ilastik's objects come from: the three Object Classification workflows (spec §5.1). */
    public enum Input {
        /** Pixel prediction maps, thresholded ({@code Object Classification (from prediction image)}). */
        PREDICTION_MAPS("Object Classification (from prediction image)", "Prediction Maps"),
        /** A binary (or multi-valued) segmentation, connected components ({@code … (from binary image)}). */
        SEGMENTATION("Object Classification (from binary image)", "Segmentation Image"),
        /** A label image, each value one object ({@code … (from label image)}). */
        LABEL_IMAGE("Object Classification (from label image)", "Label Image");

        private final String workflowName;
        private final String role;

        Input(String workflowName, String role) {
            this.workflowName = workflowName;
            this.role = role;
        }

        /** The {@code workflowName} ilastik stores for this input. */
        public String workflowName() { return workflowName; }

        /** The data role of this input in {@code Input Data}, beside {@code Raw Data}. */
        public String role() { return role; }

        /** The input of a stored {@code workflowName}, or null if it is not one of the three workflows. */
        public static Input ofWorkflow(String workflowName) {
            if (workflowName == null) return null;
            for (Input i : values()) if (i.workflowName.equals(workflowName)) return i;
            // the workflow classes' names, as some development versions stored them
            return switch (workflowName) {
                case "ObjectClassificationWorkflowPrediction" -> PREDICTION_MAPS;
                case "ObjectClassificationWorkflowBinary" -> SEGMENTATION;
                case "ObjectClassificationWorkflowLabel", "ObjectClassificationWorkflowLabelImage" -> LABEL_IMAGE;
                default -> null;
            };
        }
    }

    public IlpObjectProject {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(input, "input");
        roleNames = List.copyOf(roleNames);
        lanes = List.copyOf(lanes);
        computedFeatures = computedFeatures == null ? ObjectFeatureSelection.none() : computedFeatures;
        selectedFeatures = selectedFeatures == null ? ObjectFeatureSelection.none() : selectedFeatures;
        labelClasses = List.copyOf(labelClasses);
        predictionColours = List.copyOf(predictionColours);
        List<List<int[]>> labels = new ArrayList<>();
        for (List<int[]> lane : objectLabels) {
            List<int[]> copy = new ArrayList<>();
            for (int[] t : lane) copy.add(t.clone());
            labels.add(List.copyOf(copy));
        }
        objectLabels = List.copyOf(labels);
        blockShape = blockShape == null ? null : blockShape.clone();
        haloPadding = haloPadding == null ? null : haloPadding.clone();
        warnings = List.copyOf(warnings);
    }

    /** The lane at {@code index}. */
    public IlpLane lane(int index) {
        return lanes.get(index);
    }

    /** Lane {@code index}'s prediction maps, segmentation or label image (by {@link #input}), or null if unset. */
    public IlpDataset inputDataset(int index) {
        return lane(index).role(input.role());
    }

    /**
     * The features the classifier works on: {@link #selectedFeatures} when the user chose any, else every computed
     * feature (what ilastik's classifier applet selects by default).
     */
    public ObjectFeatureSelection classifierFeatures() {
        return selectedFeatures.isEmpty() ? computedFeatures : selectedFeatures;
    }

    /**
     * The class of each object of lane {@code lane} at time point {@code t} (index = object id, 0 = not labelled;
     * a copy); empty if nothing is stored for it. The array may be shorter than the number of objects (ilastik
     * stores up to the last object it knew of): missing ids are unlabelled.
     */
    public int[] objectLabels(int lane, int t) {
        if (lane < 0 || lane >= objectLabels.size()) return new int[0];
        List<int[]> times = objectLabels.get(lane);
        return t < 0 || t >= times.size() ? new int[0] : times.get(t).clone();
    }

    /** Number of labelled objects over all lanes and time points. */
    public int labelledObjects() {
        int n = 0;
        for (List<int[]> lane : objectLabels) for (int[] t : lane) for (int i = 1; i < t.length; i++) if (t[i] != 0) n++;
        return n;
    }

    /** The project's folder: relative data paths start here. */
    public Path folder() {
        Path abs = file.toAbsolutePath();
        return abs.getParent() == null ? abs : abs.getParent();
    }

    @Override
    public int[] blockShape() { return blockShape == null ? null : blockShape.clone(); }

    @Override
    public int[] haloPadding() { return haloPadding == null ? null : haloPadding.clone(); }
}
