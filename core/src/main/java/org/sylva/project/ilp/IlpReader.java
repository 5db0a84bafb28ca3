package org.sylva.project.ilp;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sylva.export.ExportSettings;
import org.sylva.features.FeatureSelection;
import org.sylva.forest.VigraForests;
import org.sylva.image.Axes;
import org.sylva.image.Image;
import org.sylva.image.Shape;
import org.sylva.io.AxisGuess;
import org.sylva.io.DataPath;
import org.sylva.pixel.LabelClass;

/**
 * Reads ilastik Pixel Classification projects ({@code .ilp}, HDF5) written by ilastik 1.2 to 1.4 (spec §6): data
 * lanes, feature selection, label classes, label blocks, stored forests, export settings; assembles a lane's labels;
 * finds a lane's raw data.
 *
 * <pre>{@code
 * IlpProject p = IlpReader.read(Path.of("cells.ilp"));
 * RawSource raw = IlpReader.resolveRaw(p, 0);        // raw.warnings(): e.g. "found beside the project"
 * Image image = raw.read();
 * Image labels = IlpReader.labels(p, 0);              // uint8, lane order (yxc, zyxc, tyxc or tzyxc)
 * }</pre>
 *
 * <p>Errors are {@link IlpException}s with one line naming the project and the problem; Object Classification
 * projects are refused here (read them with {@link IlpObjectReader}); projects of other workflows get "this
 * workflow is not supported yet: &lt;name&gt;" (their lanes and feature selection can still be read part by part
 * with {@link IlpFile}).
 */
public final class IlpReader {

    private static final Logger LOG = LoggerFactory.getLogger(IlpReader.class);

    /** Group of Pixel Classification's classifier applet. */
    public static final String PIXEL_CLASSIFICATION_GROUP = "PixelClassification";
    /** Group of the feature selection applet. */
    public static final String FEATURE_SELECTIONS_GROUP = "FeatureSelections";
    /** Group of Pixel Classification's export applet. */
    public static final String PREDICTION_EXPORT_GROUP = "Prediction Export";

    /** ilastik's colours for classes it names itself ("Label 1", …) in projects without LabelNames. */
    private static final int[] FALLBACK_COLOURS = {0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF,
        0x808080, 0xFF69B4, 0xFFA500, 0xF0E68C};

    private IlpReader() {}

    /**
     * Reads a Pixel Classification project.
     *
     * @throws IlpException if the file is missing, not an HDF5 file, truncated, of another workflow, or holds a
     *                      malformed entry (an unknown feature id, a selection matrix of the wrong shape, a
     *                      malformed {@code blockSlice}, …)
     */
    public static IlpProject read(Path file) throws IlpException {
        try (IlpFile f = IlpFile.open(file)) {
            IlastikVersion version = f.version();
            String workflow = f.requireWorkflowName();
            if (IlpObjectReader.isObjectClassification(workflow)) {
                throw new IlpException(file, "an Object Classification project, not a Pixel Classification one");
            }
            if (!IlpProject.PIXEL_CLASSIFICATION.equals(workflow)) {
                throw new IlpException(file, "this workflow is not supported yet: " + workflow
                        + " (Sylva reads Pixel Classification and Object Classification projects)");
            }
            return pixelClassification(f, version, workflow);
        }
    }

    private static IlpProject pixelClassification(IlpFile f, IlastikVersion version, String workflow)
            throws IlpException {
        List<String> warnings = new ArrayList<>();
        List<IlpLane> lanes = f.lanes();
        FeatureSelection features = f.featureSelection(FEATURE_SELECTIONS_GROUP);

        // Blocks without their own axistags are in the order the saving version used; where that needs the lane's
        // shape and the project stores none (before 1.3.3), the axes are worked out when the labels are assembled.
        List<Axes> untagged = new ArrayList<>();
        for (IlpLane lane : lanes) {
            IlpDataset raw = lane.raw();
            Axes laneAxes = raw == null || raw.shape() == null || raw.axes() == null ? null
                    : LaneAxes.pixelClassificationOrder(raw.axes(), raw.shape());
            untagged.add(LaneAxes.storedLabelAxes(version, workflow, raw == null ? null : raw.axes(), laneAxes));
        }
        List<List<LabelBlock>> blocks = f.labelBlocks(PIXEL_CLASSIFICATION_GROUP, untagged);

        List<LabelClass> classes = labelClasses(f, blocks, warnings);
        List<Integer> pmap = f.colours(PIXEL_CLASSIFICATION_GROUP, "PmapColors");
        if (pmap == null || pmap.size() != classes.size()) pmap = classes.stream().map(LabelClass::rgb).toList();

        VigraForests.Imported forests = f.usableForests(PIXEL_CLASSIFICATION_GROUP, classes.size(), warnings);
        ExportSettings export = f.exportSettings(PREDICTION_EXPORT_GROUP, warnings);
        return new IlpProject(f.file(), version, workflow, f.savedAt(), f.workflowArgs(), f.roleNames(), lanes,
                features, classes, pmap, blocks, forests, f.classifierSettings(PIXEL_CLASSIFICATION_GROUP), export,
                warnings);
    }

    /** The classes as ilastik restores them (spec §6.4). */
    private static List<LabelClass> labelClasses(IlpFile f, List<List<LabelBlock>> blocks, List<String> warnings)
            throws IlpException {
        List<String> names = f.labelNames(PIXEL_CLASSIFICATION_GROUP);
        List<LabelClass> out = new ArrayList<>();
        if (names == null || names.isEmpty()) {
            // an old project without names: "Label 1" … "Label n" for the largest stored label value n
            int max = 0;
            for (List<LabelBlock> lane : blocks) {
                for (LabelBlock b : lane) for (int v : b.values()) if (v != LabelVolume.ERASER) max = Math.max(max, v);
            }
            for (int i = 0; i < max; i++) {
                out.add(new LabelClass("Label " + (i + 1), FALLBACK_COLOURS[i % FALLBACK_COLOURS.length]));
            }
            return out;
        }
        List<Integer> colours = f.colours(PIXEL_CLASSIFICATION_GROUP, "LabelColors");
        if (colours != null && colours.size() != names.size()) {
            warnings.add("the project stores " + colours.size() + " label colours for " + names.size()
                    + " classes; using default colours");
            colours = null;
        }
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).isBlank() ? "Label " + (i + 1) : names.get(i).trim();
            out.add(new LabelClass(name, colours == null ? LabelClass.defaultColour(i) : colours.get(i)));
        }
        return out;
    }

    /**
     * The labels of lane {@code lane} as ilastik holds them: uint8, one channel, in the lane's axis order
     * ({@link IlpProject#laneAxes}; {@code yxc}, {@code zyxc}, {@code tyxc} or {@code tzyxc}) and shape, 0 where
     * nothing is labelled and k for class k. For a project that stores no lane shape (ilastik before 1.3.3) the raw
     * data is found ({@link #resolveRaw}) to learn its shape.
     *
     * @throws IlpException if the lane does not exist, a block lies outside the lane, or (old projects) the raw
     *                      data cannot be found
     * @throws IOException  if the raw data of an old project cannot be read
     */
    public static Image labels(IlpProject project, int lane) throws IOException {
        IlpDataset raw = raw(project, lane);
        Shape shape = raw.canonicalShape();
        if (shape == null && raw.shape() != null && raw.axes() != null) {
            throw new IlpException(project.file(), "lane " + lane + " is too large to hold its labels in one image"
                    + " (shape " + IlpFile.shapeText(raw.shape()) + ", axes " + raw.axes() + ")");
        }
        if (shape == null) shape = rawShape(project, lane, raw);
        return labels(project, lane, shape);
    }

    /**
     * The labels of lane {@code lane} for raw data of extents {@code rawShape} (e.g. the shape of the raw image
     * already read); see {@link #labels(IlpProject, int)}.
     */
    public static Image labels(IlpProject project, int lane, Shape rawShape) throws IlpException {
        IlpDataset raw = raw(project, lane);
        Axes laneAxes = LaneAxes.pixelClassificationOrder(rawShape);
        Axes untagged = LaneAxes.storedLabelAxes(project.version(), project.workflowName(), raw.axes(), laneAxes);
        List<LabelBlock> blocks = new ArrayList<>();
        for (LabelBlock b : project.labelBlocks(lane)) {
            if (b.axes() == null) {
                Axes axes = fitRank(untagged, b.dims().length);
                if (axes == null) {
                    throw new IlpException(project.file(), "lane " + lane + ", label block " + b.name() + " "
                            + b.blockSlice() + " has " + b.dims().length + " dimensions but the lane's labels are"
                            + " stored in axis order '" + untagged + "'");
                }
                b = new LabelBlock(b.name(), b.start(), b.stop(), axes, null, b.dims(), b.values());
            }
            blocks.add(b);
        }
        return LabelVolume.assemble(blocks, laneAxes, rawShape, project.file(), lane);
    }

    /** {@code axes}, or with the channel axis added or removed, to have {@code rank} axes; null if impossible. */
    static Axes fitRank(Axes axes, int rank) {
        if (axes.size() == rank) return axes;
        if (!axes.has('c') && axes.size() + 1 == rank) return axes.withChannel();
        if (axes.has('c') && axes.size() - 1 == rank) return axes.without('c');
        return null;
    }

    /**
     * Where lane {@code lane}'s raw data is: a path stored relative to the project is taken from the project's
     * folder; a path that does not exist (e.g. an absolute path from the author's machine) is looked for by its file
     * name beside the project, with a warning; project-internal data is the dataset inside the {@code .ilp}.
     *
     * @throws IlpException naming the lane and the stored path if the data is not found, or if it is remote data
     *                      (a URL), which Sylva does not read yet
     */
    public static RawSource resolveRaw(IlpProject project, int lane) throws IlpException {
        return resolve(project.file(), lane, raw(project, lane));
    }

    /**
     * Where a dataset of a lane is (any role: {@code Raw Data}, {@code Prediction Mask}, Object Classification's
     * {@code Prediction Maps}, …), by the rules of {@link #resolveRaw}.
     *
     * @param file the project file (relative paths start in its folder; project-internal data is inside it)
     * @param lane the lane index, named in messages
     * @param raw the dataset as the project stores it
     */
    public static RawSource resolve(Path file, int lane, IlpDataset raw) throws IlpException {
        String where = "lane " + lane + " (" + raw.role() + ")";
        if (raw.isProjectInternal()) {
            String inner = raw.innerPath() != null ? raw.innerPath() : raw.filePath();
            if (inner == null) throw new IlpException(file, where + ": no inner_path stored for project-internal data");
            try (IlpFile f = IlpFile.open(file)) {
                if (!f.hasDataset(inner)) {
                    throw new IlpException(file, where + ": the project-internal data '" + inner
                            + "' is missing from the project");
                }
            }
            DataPath internal = new DataPath(file, inner);
            return new RawSource(lane, raw, List.of(internal.toString()), internal, List.of());
        }
        String stored = raw.filePath();
        if (stored == null || stored.isBlank()) throw new IlpException(file, where + ": no filePath stored");
        if ((raw.infoClass() != null && raw.infoClass().contains("Url")) || stored.contains("://")) {
            throw new IlpException(file, where + ": remote data (" + stored + ") is not supported yet");
        }
        List<String> specs = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Path abs = file.toAbsolutePath();
        Path folder = abs.getParent() == null ? abs : abs.getParent();
        for (String part : RawPaths.splitStack(stored)) {
            RawPaths.Found found = RawPaths.find(part, folder, where);
            specs.addAll(found.specs());
            if (found.warning() != null) warnings.add(found.warning());
            if (found.missing() != null) missing.add(found.missing());
        }
        if (!missing.isEmpty() || specs.isEmpty()) {
            throw new IlpException(file, where + ": raw data not found: " + (missing.isEmpty() ? "'" + stored + "'"
                    : String.join("; ", missing)));
        }
        return new RawSource(lane, raw, specs, null, warnings);
    }

    private static IlpDataset raw(IlpProject project, int lane) throws IlpException {
        if (lane < 0 || lane >= project.lanes().size()) {
            throw new IlpException(project.file(), "no lane " + lane + " (the project has " + project.lanes().size()
                    + " lane" + (project.lanes().size() == 1 ? "" : "s") + ")");
        }
        IlpDataset raw = project.lane(lane).raw();
        if (raw == null) throw new IlpException(project.file(), "lane " + lane + " has no raw data");
        return raw;
    }

    /** The raw data's extents, for projects that do not store them: from the HDF5 header, or by reading the data. */
    private static Shape rawShape(IlpProject project, int lane, IlpDataset raw) throws IOException {
        RawSource src = resolveRaw(project, lane);
        for (String w : src.warnings()) LOG.warn("{}: {}", project.file(), w);
        long[] dims = null;
        DataPath path = src.internal() != null ? src.internal() : src.isStack() ? null : DataPath.parse(src.files().get(0));
        if (path != null && path.hasInternalPath() && Files.isRegularFile(path.file())) {
            try (HdfFile h = new HdfFile(path.file())) {
                Node n = h.getByPath(path.internalPath());
                if (n instanceof Dataset d) dims = d.getDimensionsAsLong();
            } catch (RuntimeException e) {
                dims = null; // not HDF5 after all, or damaged: reading the image below reports it
            }
        }
        if (dims != null) {
            Axes axes = raw.axes() != null && raw.axes().size() == dims.length ? raw.axes() : AxisGuess.guess(dims);
            return Image.shapeOf(axes, dims);
        }
        return src.read().shape();
    }
}
