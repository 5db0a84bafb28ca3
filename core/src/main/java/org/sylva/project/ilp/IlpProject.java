package org.sylva.project.ilp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sylva.export.ExportSettings;
import org.sylva.features.FeatureSelection;
import org.sylva.forest.VigraForests;
import org.sylva.image.Axes;
import org.sylva.pixel.LabelClass;

/**
 * An ilastik Pixel Classification project as its file stores it (read by {@link IlpReader#read}); an immutable
 * value. Nothing is re-interpreted beyond what ilastik itself does on loading (default class names, the axis order
 * of stored labels); absent parts are null or empty.
 *
 * @param file the project file
 * @param version the ilastik version that saved it ({@code ilastikVersion})
 * @param workflowName {@code workflowName}, e.g. {@code Pixel Classification}
 * @param savedAt the save time as stored ({@code time}), or null
 * @param workflowArgs {@code workflow_cmdline_args} (the arguments the project was created with), or empty
 * @param roleNames the data roles ({@code Input Data/Role Names}), e.g. {@code [Raw Data, Prediction Mask]}
 * @param lanes the data lanes (possibly none)
 * @param features the feature selection with {@code FeatureIds} in their stored order (which is the order of the
 *                 feature channels), or null if the project stores none
 * @param labelClasses the label classes: {@code LabelNames} with {@code LabelColors}; a project with labels but
 *                     no names gets ilastik's "Label 1" … "Label n" for the largest stored label value n, in
 *                     ilastik's fallback colours
 * @param predictionColours the probability-map colour of each class ({@code PmapColors}), 0xRRGGBB
 * @param labelBlocks per lane, the stored label blocks ({@code PixelClassification/LabelSets}); lanes without
 *                    labels have an empty list
 * @param forests the stored random forests ({@code ClassifierForests}) with their {@code feature_names}, or null if
 *                the project has no up-to-date classifier (or its forests could not be used: see {@code warnings})
 * @param classifier the forest settings of {@code ClassifierFactory} (trees, forests), or null
 * @param export the export settings ({@code Prediction Export}) over ilastik's defaults, or null if not stored
 * @param warnings what could not be used as stored, for the user (empty if everything was)
 */
public record IlpProject(Path file, IlastikVersion version, String workflowName, String savedAt,
                         List<String> workflowArgs, List<String> roleNames, List<IlpLane> lanes,
                         FeatureSelection features, List<LabelClass> labelClasses, List<Integer> predictionColours,
                         List<List<LabelBlock>> labelBlocks, VigraForests.Imported forests,
                         ClassifierSettings classifier, ExportSettings export, List<String> warnings) {

    /** ilastik's {@code workflowName} for Pixel Classification. */
    public static final String PIXEL_CLASSIFICATION = "Pixel Classification";

    public IlpProject {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(version, "version");
        workflowArgs = List.copyOf(workflowArgs);
        roleNames = List.copyOf(roleNames);
        lanes = List.copyOf(lanes);
        labelClasses = List.copyOf(labelClasses);
        predictionColours = List.copyOf(predictionColours);
        List<List<LabelBlock>> blocks = new ArrayList<>();
        for (List<LabelBlock> l : labelBlocks) blocks.add(List.copyOf(l));
        labelBlocks = List.copyOf(blocks);
        warnings = List.copyOf(warnings);
    }

    /** The lane at {@code index}. */
    public IlpLane lane(int index) {
        return lanes.get(index);
    }

    /** The label blocks of lane {@code index} (empty if it has none). */
    public List<LabelBlock> labelBlocks(int index) {
        return index < labelBlocks.size() ? labelBlocks.get(index) : List.of();
    }

    /**
     * The axis order of lane {@code index} (spec §6.2: {@code yxc}, {@code zyxc}, {@code tyxc} or {@code tzyxc} for
     * Pixel Classification), from the raw data's stored axes and shape; null if the project stores no shape
     * (ilastik before 1.3.3): then {@link IlpReader#labels} reads the raw data's shape.
     */
    public Axes laneAxes(int index) {
        IlpDataset raw = lane(index).raw();
        if (raw == null || raw.shape() == null || raw.axes() == null) return null;
        return LaneAxes.pixelClassificationOrder(raw.axes(), raw.shape());
    }

    /** The project's folder: relative raw-data paths start here. */
    public Path folder() {
        Path abs = file.toAbsolutePath();
        return abs.getParent() == null ? abs : abs.getParent();
    }
}
