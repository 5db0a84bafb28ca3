package org.sylva.project.ilp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sylva.export.ExportSettings;
import org.sylva.forest.VigraForests;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.objects.ThresholdSettings;
import org.sylva.objects.features.ObjectFeatureSelection;
import org.sylva.pixel.LabelClass;

/**
 * Reads ilastik Object Classification projects ({@code .ilp}; spec §5, §6.6) — the three workflows "from prediction
 * image", "from binary image" and "from label image" — into an {@link IlpObjectProject}: data lanes, threshold and
 * size filter, computed and selected object features, object classes, object labels per lane and time point, the
 * stored object classifier, export and blockwise settings. It also finds a lane's data and reads what ilastik cached
 * (its object-id images and object probabilities), for checks against ilastik's own results.
 *
 * <pre>{@code
 * IlpObjectProject p = IlpObjectReader.read(Path.of("cells.ilp"));
 * Image raw = IlpObjectReader.resolveRaw(p, 0).read();            // .warnings(): e.g. "found beside the project"
 * Image maps = IlpObjectReader.resolveInput(p, 0).read();         // prediction maps / segmentation / label image
 * ThresholdSettings th = p.threshold();                           // prediction-map projects only
 * ObjectFeatureSelection compute = p.computedFeatures(), use = p.classifierFeatures();
 * int[] classes = p.objectLabels(0, t);                           // class per object id of time point t
 * RandomForest forest = p.forests() == null ? null : p.forests().forest();
 * }</pre>
 *
 * <p>Errors are {@link IlpException}s, one line naming the project and the problem. Pixel Classification projects
 * are refused here (read them with {@link IlpReader}); other workflows get "this workflow is not supported yet".
 */
public final class IlpObjectReader {

    /** Group of the threshold and size filter applet. */
    public static final String THRESHOLD_GROUP = "ThresholdTwoLevels";
    /** Group of the object extraction applet (features to compute, object-id images, region features). */
    public static final String EXTRACTION_GROUP = "ObjectExtraction";
    /** Group of the object classifier applet. */
    public static final String CLASSIFICATION_GROUP = "ObjectClassification";
    /** Group of Object Classification's export applet. */
    public static final String EXPORT_GROUP = "Object Information Export";
    /** Group of blockwise object classification. */
    public static final String BLOCKWISE_GROUP = "Blockwise Object Classification";

    private IlpObjectReader() {}

    /** True if {@code workflowName} is one of the Object Classification workflows this reader reads. */
    public static boolean isObjectClassification(String workflowName) {
        return IlpObjectProject.Input.ofWorkflow(workflowName) != null;
    }

    /**
     * Reads an Object Classification project.
     *
     * @throws IlpException if the file is missing, not an HDF5 file, truncated, of another workflow, or holds a
     *                      malformed entry (a margin, a label, a blockSlice, …)
     */
    public static IlpObjectProject read(Path file) throws IlpException {
        try (IlpFile f = IlpFile.open(file)) {
            IlastikVersion version = f.version();
            String workflow = f.requireWorkflowName();
            IlpObjectProject.Input input = IlpObjectProject.Input.ofWorkflow(workflow);
            if (input == null) {
                if (IlpProject.PIXEL_CLASSIFICATION.equals(workflow)) {
                    throw new IlpException(file, "a Pixel Classification project, not an Object Classification one");
                }
                throw new IlpException(file, "this workflow is not supported yet: " + workflow);
            }
            return objectClassification(f, version, workflow, input);
        }
    }

    private static IlpObjectProject objectClassification(IlpFile f, IlastikVersion version, String workflow,
                                                         IlpObjectProject.Input input) throws IlpException {
        List<String> warnings = new ArrayList<>();
        List<IlpLane> lanes = f.lanes();
        for (IlpLane lane : lanes) {
            if (lane.raw() == null) warnings.add("lane " + lane.index() + " has no raw data");
            if (lane.role(input.role()) == null) {
                warnings.add("lane " + lane.index() + " has no " + input.role().toLowerCase(java.util.Locale.ROOT));
            }
        }

        ThresholdSettings threshold = null;
        if (input == IlpObjectProject.Input.PREDICTION_MAPS) {
            try {
                threshold = f.thresholdSettings(THRESHOLD_GROUP);
                if (threshold == null) {
                    threshold = ThresholdSettings.defaults();
                    warnings.add("no threshold settings are stored; using ilastik's defaults");
                }
            } catch (IlpException e) {
                // graph cut or an unknown method: the rest of the project is still readable
                warnings.add(e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
            }
        }

        ObjectFeatureSelection computed = f.objectFeatures(EXTRACTION_GROUP + "/Features");
        ObjectFeatureSelection selected = f.objectFeatures(CLASSIFICATION_GROUP + "/SelectedFeatures");
        if (computed == null || computed.isEmpty()) warnings.add("no object features are selected");

        List<List<int[]>> objectLabels = f.objectLabels(CLASSIFICATION_GROUP);
        List<LabelClass> classes = labelClasses(f, objectLabels, warnings);
        List<Integer> pmap = f.colours(CLASSIFICATION_GROUP, "PmapColors");
        if (pmap == null || pmap.size() != classes.size()) pmap = classes.stream().map(LabelClass::rgb).toList();
        int beyond = 0;
        for (List<int[]> lane : objectLabels) {
            for (int[] t : lane) for (int i = 1; i < t.length; i++) if (t[i] > classes.size()) beyond++;
        }
        if (beyond > 0) {
            warnings.add(beyond + " object label" + (beyond == 1 ? " names a class" : "s name classes")
                    + " beyond the project's " + classes.size());
        }

        VigraForests.Imported forests = f.usableForests(CLASSIFICATION_GROUP, classes.size(), warnings);

        ExportSettings export = f.exportSettings(EXPORT_GROUP, warnings);
        String table = f.text(CLASSIFICATION_GROUP + "/ExportSettings");
        if (table != null && !table.isBlank() && !table.startsWith("(NN")) {
            warnings.add("the object table export settings stored in the project are not read; give the table file"
                    + " explicitly");
        }
        return new IlpObjectProject(f.file(), version, workflow, input, f.savedAt(), f.roleNames(), lanes, threshold,
                computed, selected, classes, pmap, objectLabels, forests, export,
                f.xyz(BLOCKWISE_GROUP + "/BlockShape3dDict"), f.xyz(BLOCKWISE_GROUP + "/HaloPadding3dDict"),
                warnings);
    }

    /** ilastik's object classes: LabelNames and LabelColors, or "Label 1" … for the largest stored label. */
    private static List<LabelClass> labelClasses(IlpFile f, List<List<int[]>> labels, List<String> warnings)
            throws IlpException {
        List<String> names = f.labelNames(CLASSIFICATION_GROUP);
        if (names == null || names.isEmpty()) {
            int max = 0;
            for (List<int[]> lane : labels) for (int[] t : lane) for (int i = 1; i < t.length; i++) max = Math.max(max, t[i]);
            return LabelClass.numbered(max);
        }
        List<Integer> colours = f.colours(CLASSIFICATION_GROUP, "LabelColors");
        if (colours != null && colours.size() != names.size()) {
            warnings.add("the project stores " + colours.size() + " label colours for " + names.size()
                    + " classes; using default colours");
            colours = null;
        }
        List<LabelClass> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).isBlank() ? "Label " + (i + 1) : names.get(i).trim();
            out.add(new LabelClass(name, colours == null ? LabelClass.defaultColour(i) : colours.get(i)));
        }
        return out;
    }

    /**
     * Where lane {@code lane}'s raw data is (the rules of {@link IlpReader#resolveRaw}: relative to the project,
     * else beside it by file name with a warning, or inside the project).
     *
     * @throws IlpException naming the lane and the stored path if it cannot be found or the lane has no raw data
     */
    public static RawSource resolveRaw(IlpObjectProject project, int lane) throws IlpException {
        IlpDataset raw = laneOf(project, lane).raw();
        if (raw == null) throw new IlpException(project.file(), "lane " + lane + " has no raw data");
        return IlpReader.resolve(project.file(), lane, raw);
    }

    /**
     * Where lane {@code lane}'s prediction maps, segmentation or label image is (by the project's
     * {@link IlpObjectProject#input}), by the same rules.
     *
     * @throws IlpException naming the lane if it has none or it cannot be found
     */
    public static RawSource resolveInput(IlpObjectProject project, int lane) throws IlpException {
        IlpDataset d = laneOf(project, lane).role(project.input().role());
        if (d == null) {
            throw new IlpException(project.file(), "lane " + lane + " has no "
                    + project.input().role().toLowerCase(java.util.Locale.ROOT));
        }
        return IlpReader.resolve(project.file(), lane, d);
    }

    /**
     * The object-id image ilastik cached for lane {@code lane} ({@code ObjectExtraction/LabelImage_v2}, prediction-map
     * and binary inputs): uint32, ids 1..N per time point in ilastik's order, axes {@code tzyx} without the axes of
     * extent 1 ({@code yx}, {@code tyx}, {@code zyx} or {@code tzyx}), extents those of the lane (the stored blocks'
     * extent); null if the project stores none for the lane.
     *
     * @throws IlpException for malformed blocks
     */
    public static Image storedObjectIds(IlpObjectProject project, int lane) throws IlpException {
        try (IlpFile f = IlpFile.open(project.file())) {
            String group = f.indexedChild(EXTRACTION_GROUP + "/LabelImage_v2", lane);
            if (group == null) return null;
            long[] txyzc = f.blockExtent(group);
            if (txyzc == null) return null;
            if (txyzc.length != 5) {
                throw new IlpException(project.file(), group + ": blocks of " + txyzc.length + " axes (expected"
                        + " t, x, y, z, c)");
            }
            int[] flat = f.blockImage(group, txyzc);
            int T = (int) txyzc[0];
            int X = (int) txyzc[1];
            int Y = (int) txyzc[2];
            int Z = (int) txyzc[3];
            int C = (int) txyzc[4];
            if (C != 1) throw new IlpException(project.file(), group + ": " + C + " channels in an object-id image");
            StringBuilder axes = new StringBuilder();
            List<Long> dims = new ArrayList<>();
            if (T > 1) { axes.append('t'); dims.add((long) T); }
            if (Z > 1) { axes.append('z'); dims.add((long) Z); }
            axes.append("yx");
            dims.add((long) Y);
            dims.add((long) X);
            Image out = Image.create(DType.UINT32, Axes.of(axes.toString()),
                    dims.stream().mapToLong(Long::longValue).toArray());
            for (int t = 0; t < T; t++) {
                for (int z = 0; z < Z; z++) {
                    int[] plane = (int[]) out.plane(t, z);
                    for (int x = 0; x < X; x++) {
                        int base = ((t * X + x) * Y) * Z + z;
                        for (int y = 0; y < Y; y++) plane[y * X + x] = flat[base + y * Z];
                    }
                }
            }
            return out;
        }
    }

    /**
     * The object probabilities ilastik cached ({@code ObjectClassification/CachedProbabilities/<lane>/<t>}): one row
     * per object id (row 0 the background, zeros), one column per class; null if not stored.
     */
    public static float[][] cachedProbabilities(IlpObjectProject project, int lane, int t) throws IlpException {
        try (IlpFile f = IlpFile.open(project.file())) {
            return f.floatTable(String.format("%s/CachedProbabilities/%04d/%d", CLASSIFICATION_GROUP, lane, t));
        }
    }

    private static IlpLane laneOf(IlpObjectProject project, int lane) throws IlpException {
        if (lane < 0 || lane >= project.lanes().size()) {
            throw new IlpException(project.file(), "no lane " + lane + " (the project has " + project.lanes().size()
                    + " lane" + (project.lanes().size() == 1 ? "" : "s") + ")");
        }
        return project.lane(lane);
    }
}
