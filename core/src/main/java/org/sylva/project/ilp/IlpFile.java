package org.sylva.project.ilp;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sylva.export.Cutout;
import org.sylva.export.DataRange;
import org.sylva.export.ExportFormat;
import org.sylva.export.ExportSettings;
import org.sylva.features.FeatureId;
import org.sylva.features.FeatureSelection;
import org.sylva.forest.VigraForests;
import org.sylva.image.Axes;
import org.sylva.image.Calibration;
import org.sylva.image.DType;
import org.sylva.io.AxisGuess;
import org.sylva.io.AxisTags;
import org.sylva.io.Hdf5Text;
import org.sylva.pixel.LabelClass;

/**
 * An open ilastik project file and the readers of its parts, one per applet serializer (spec §6). The parts are
 * shared by every workflow — {@code Input Data}, a {@code FeatureSelections} group, a classifier applet's labels,
 * classes and forests, an export applet — so a workflow reader ({@link IlpReader} for Pixel Classification,
 * {@link IlpObjectReader} for Object Classification) composes them with its own group names.
 *
 * <p>Every failure is an {@link IlpException} naming the file: not HDF5, cut short, a malformed entry (with the
 * HDF5 path of the entry). No jhdf exception escapes.
 */
public final class IlpFile implements AutoCloseable {

    /** Group of the data selection applet in every workflow. */
    public static final String INPUT_DATA = "Input Data";

    private static final Pattern BLOCK_SLICE = Pattern.compile("\\s*\\[(.*)]\\s*");
    private static final Pattern INDEXED = Pattern.compile("\\D*(\\d+).*");

    private final Path file;
    private final HdfFile hdf;

    private IlpFile(Path file, HdfFile hdf) {
        this.file = file;
        this.hdf = hdf;
    }

    /**
     * Opens {@code file} and checks that it is a whole HDF5 file with ilastik's root entries.
     *
     * @throws IlpException if the file is missing, not HDF5, truncated, or not an ilastik project
     */
    public static IlpFile open(Path file) throws IlpException {
        if (!Files.exists(file)) throw new IlpException(file, "file not found");
        if (Files.isDirectory(file)) throw new IlpException(file, "is a folder, not an ilastik project file");
        if (!Files.isReadable(file)) throw new IlpException(file, "permission denied");
        if (!hasHdf5Signature(file)) throw new IlpException(file, "not an ilastik project (not an HDF5 file)");
        HdfFile hdf;
        try {
            hdf = new HdfFile(file);
        } catch (RuntimeException e) {
            // it has an HDF5 signature, so anything jhdf cannot open is a damaged or cut file
            throw new IlpException(file, "not a readable ilastik project: the HDF5 file is truncated or damaged ("
                    + e.getMessage() + ")", e);
        }
        IlpFile f = new IlpFile(file, hdf);
        try {
            f.checkLength();
            Map<String, Node> root = f.guard("/", hdf::getChildren);
            if (!root.containsKey("workflowName") && !root.containsKey("ilastikVersion")) {
                throw new IlpException(file, "not an ilastik project (an HDF5 file without ilastikVersion or"
                        + " workflowName)");
            }
            return f;
        } catch (IlpException e) {
            f.close();
            throw e;
        }
    }

    /** The project file. */
    public Path file() { return file; }

    /** The project's {@code ilastikVersion} (empty text if absent). */
    public IlastikVersion version() throws IlpException {
        Dataset d = dataset(hdf, "ilastikVersion");
        if (d == null) return IlastikVersion.parse("");
        Object v = guard("ilastikVersion", d::getData);
        // ilastik 0.5 stored the version as a number
        if (v instanceof Number n) return IlastikVersion.parse(n.toString());
        return IlastikVersion.parse(string(d));
    }

    /** The project's {@code workflowName}, e.g. {@code Pixel Classification}; null if absent (ilastik 0.5). */
    public String workflowName() throws IlpException {
        Dataset d = dataset(hdf, "workflowName");
        return d == null ? null : string(d);
    }

    /**
     * The project's {@code workflowName}, or a clear error when it has none: ilastik 0.x projects (which need saving
     * in ilastik 1.x first) and HDF5 files that are not ilastik projects.
     */
    public String requireWorkflowName() throws IlpException {
        String workflow = workflowName();
        if (workflow != null) return workflow;
        IlastikVersion v = version();
        throw new IlpException(file, v.text().startsWith("0.")
                ? "ilastik " + v + " projects are not supported (open and save it in ilastik 1.x first)"
                : "not an ilastik project (no workflowName)");
    }

    /** The save time as stored ({@code time}, a ctime string), or null. */
    public String savedAt() throws IlpException {
        Dataset d = dataset(hdf, "time");
        return d == null ? null : string(d);
    }

    /** The stored {@code workflow_cmdline_args} (the arguments the project was created with); empty if absent. */
    public List<String> workflowArgs() throws IlpException {
        Dataset d = dataset(hdf, "workflow_cmdline_args");
        return d == null ? List.of() : strings(d);
    }

    /** True if the root holds a group named {@code name} (an applet's serializer group). */
    public boolean hasGroup(String name) throws IlpException {
        return group(hdf, name) != null;
    }

    // ------------------------------------------------------------------------------------------------ Input Data

    /** The role names of {@code Input Data} ({@code Role Names}); empty if the project stores none. */
    public List<String> roleNames() throws IlpException {
        Group input = group(hdf, INPUT_DATA);
        Dataset d = input == null ? null : dataset(input, "Role Names");
        return d == null ? List.of() : strings(d);
    }

    /**
     * The data lanes of {@code Input Data} ({@code infos/laneNNNN/<role>}, lanes in name order as ilastik sorts
     * them). Projects without {@code Role Names} (before multi-role lanes) hold the raw data's info directly in the
     * lane group; it becomes the {@code Raw Data} role.
     */
    public List<IlpLane> lanes() throws IlpException {
        Group input = group(hdf, INPUT_DATA);
        Group infos = input == null ? null : group(input, "infos");
        if (infos == null) return List.of();
        List<String> roleNames = roleNames();
        boolean legacy = dataset(input, "Role Names") == null;
        List<IlpLane> lanes = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, Node> e : sorted(children(infos))) {
            if (!(e.getValue() instanceof Group laneGroup)) continue;
            Map<String, IlpDataset> roles = new LinkedHashMap<>();
            if (legacy && children(laneGroup).containsKey("location")) {
                IlpDataset ds = dataset(laneGroup, IlpLane.RAW_DATA, index);
                if (ds != null) roles.put(IlpLane.RAW_DATA, ds);
            } else {
                Map<String, IlpDataset> found = new LinkedHashMap<>();
                for (Map.Entry<String, Node> r : sorted(children(laneGroup))) {
                    if (r.getValue() instanceof Group g) {
                        IlpDataset ds = dataset(g, r.getKey(), index);
                        if (ds != null) found.put(r.getKey(), ds);
                    }
                }
                for (String role : roleNames) if (found.containsKey(role)) roles.put(role, found.remove(role));
                roles.putAll(found);
            }
            lanes.add(new IlpLane(index++, roles));
        }
        return lanes;
    }

    /** One role's info group; null for an empty group (a role the user left unset). */
    private IlpDataset dataset(Group g, String role, int lane) throws IlpException {
        Map<String, Node> c = children(g);
        if (c.isEmpty()) return null;
        String where = "lane " + lane + " (" + role + ")";
        String filePath = optString(g, "filePath");
        String location = optString(g, "location");
        String infoClass = optString(g, "__class__");
        if (infoClass == null) infoClass = legacyClass(location, filePath);
        String datasetId = optString(g, "datasetId");
        String innerPath = optString(g, "inner_path");
        if (innerPath == null && IlpDataset.PROJECT_INTERNAL.equals(infoClass) && datasetId != null) {
            // before inner_path was stored, the data sat in Input Data/local_data/<datasetId>
            Group local = group(group(hdf, INPUT_DATA), "local_data");
            if (local != null && children(local).get(datasetId) instanceof Dataset) {
                innerPath = "/" + INPUT_DATA + "/local_data/" + datasetId;
            }
        }
        long[] shape = c.get("shape") instanceof Dataset d ? longs(d) : null;
        if (shape != null) {
            for (long v : shape) {
                if (v < 1) throw new IlpException(file, where + ": invalid stored shape " + shapeText(shape));
            }
        }
        Axes axes = null;
        Calibration cal = Calibration.NONE;
        String tags = optString(g, "axistags");
        if (tags != null) {
            try {
                AxisTags t = AxisTags.fromJson(tags);
                axes = t.axes();
                String[] units = org.sylva.io.AxisTags.units(optString(g, "axis_units"));
                cal = t.calibration(units[0], units[1]);
            } catch (IllegalArgumentException e) {
                throw new IlpException(file, where + ": unreadable axistags (" + e.getMessage() + ")");
            }
        } else {
            String order = optString(g, "axisorder");
            if (order != null) {
                try {
                    axes = Axes.of(order);
                } catch (IllegalArgumentException e) {
                    throw new IlpException(file, where + ": unreadable axisorder (" + e.getMessage() + ")");
                }
            } else if (shape != null) {
                try {
                    axes = AxisGuess.guess(shape);
                } catch (IllegalArgumentException e) {
                    throw new IlpException(file, where + ": " + e.getMessage());
                }
            }
        }
        if (axes != null && shape != null && axes.size() != shape.length) {
            throw new IlpException(file, where + ": the axes '" + axes + "' do not match the stored shape "
                    + shapeText(shape));
        }
        double[] drange = c.get("drange") instanceof Dataset d ? doubles(d) : null;
        long[] roi = c.get("subvolume_roi") instanceof Dataset d ? longs(d) : null;
        Boolean allow = optBoolean(g, "allowLabels");
        return new IlpDataset(role, infoClass, filePath, innerPath, location, datasetId, optString(g, "nickname"),
                axes, cal, shape, optString(g, "display_mode"), optBoolean(g, "normalizeDisplay"), drange,
                allow == null || allow, optBoolean(g, "fromstack"), roi);
    }

    /** The DatasetInfo class of a project that stores none, as ilastik derives it. */
    private static String legacyClass(String location, String filePath) {
        if ("ProjectInternal".equals(location)) return IlpDataset.PROJECT_INTERNAL;
        if (filePath != null && filePath.contains("://")) return "UrlDatasetInfo";
        if (filePath != null && !RawPaths.isAbsolute(filePath)) return IlpDataset.RELATIVE_FILESYSTEM;
        return IlpDataset.FILESYSTEM;
    }

    /** True if {@code path} names a dataset inside the project. */
    boolean hasDataset(String path) throws IlpException {
        return datasetAt(path) != null;
    }

    /** The dataset at {@code path}; null if there is none (or a group stands there). */
    private Dataset datasetAt(String path) throws IlpException {
        try {
            return hdf.getByPath(path) instanceof Dataset d ? d : null;
        } catch (HdfException e) {
            return null;
        } catch (RuntimeException e) {
            throw damaged(path, e);
        }
    }

    // ----------------------------------------------------------------------------------------- FeatureSelections

    /**
     * The feature selection of {@code groupName} ({@code FeatureSelections}; autocontext's second stage uses
     * {@code FeatureSelections01}): {@code FeatureIds} in their stored order, {@code Scales}, {@code SelectionMatrix}
     * and {@code ComputeIn2d} (null when absent, as in ilastik before 1.3.3). Null if the group or one of the first
     * three is missing (ilastik then has no selection either).
     *
     * @throws IlpException for an unknown feature id, a matrix of the wrong shape, a non-positive scale, or
     *                      external features ({@code FeatureListFilename}), which Sylva does not read
     */
    public FeatureSelection featureSelection(String groupName) throws IlpException {
        Group g = group(hdf, groupName);
        if (g == null) return null;
        Map<String, Node> c = children(g);
        if (c.containsKey("FeatureListFilename")) {
            throw new IlpException(file, groupName + "/FeatureListFilename: features read from an external file are"
                    + " not supported");
        }
        if (!(c.get("Scales") instanceof Dataset sd) || !(c.get("FeatureIds") instanceof Dataset fd)
                || !(c.get("SelectionMatrix") instanceof Dataset md)) {
            return null;
        }
        double[] scales = doubles(sd);
        List<FeatureId> ids = new ArrayList<>();
        for (String s : strings(fd)) {
            try {
                ids.add(FeatureId.parse(s));
            } catch (IllegalArgumentException e) {
                throw new IlpException(file, groupName + "/FeatureIds: " + e.getMessage());
            }
        }
        long[] dims = guard(groupName + "/SelectionMatrix", md::getDimensionsAsLong);
        boolean[] flat = booleans(md);
        if (dims.length != 2 || dims[0] != ids.size() || dims[1] != scales.length) {
            throw new IlpException(file, groupName + "/SelectionMatrix has shape " + shapeText(dims) + " but there are "
                    + ids.size() + " feature ids and " + scales.length + " scales");
        }
        boolean[][] matrix = new boolean[ids.size()][scales.length];
        for (int i = 0; i < ids.size(); i++) System.arraycopy(flat, i * scales.length, matrix[i], 0, scales.length);
        boolean[] in2d = c.get("ComputeIn2d") instanceof Dataset cd ? booleans(cd) : null;
        if (in2d != null && in2d.length != scales.length) {
            throw new IlpException(file, groupName + "/ComputeIn2d has " + in2d.length + " flags for "
                    + scales.length + " scales");
        }
        try {
            return new FeatureSelection(ids, scales, matrix, in2d);
        } catch (IllegalArgumentException e) {
            throw new IlpException(file, groupName + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------ classifier applet

    /**
     * The label class names ({@code <group>/LabelNames}; an {@code isEmpty} list is empty); null if not stored.
     */
    public List<String> labelNames(String groupName) throws IlpException {
        Dataset d = listDataset(groupName, "LabelNames");
        return d == null ? null : strings(d);
    }

    /**
     * An RGB colour list ({@code LabelColors} or {@code PmapColors}: N×3 integers) as 0xRRGGBB values; null if not
     * stored or empty.
     */
    public List<Integer> colours(String groupName, String name) throws IlpException {
        Dataset d = listDataset(groupName, name);
        if (d == null) return null;
        long[] v = longs(d);
        if (v.length % 3 != 0) throw new IlpException(file, groupName + "/" + name + " does not hold RGB triples");
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < v.length; i += 3) {
            out.add((int) (clamp(v[i]) << 16 | clamp(v[i + 1]) << 8 | clamp(v[i + 2])));
        }
        return out;
    }

    /**
     * The label blocks of every lane ({@code <group>/LabelSets/labelsNNN/blockNNNN}), lanes in the numeric order
     * of their group names (the position in that order is the lane index, as in ilastik), blocks in name order.
     * A block's axes are its {@code axistags} attribute when present; otherwise {@code untaggedAxes} of its lane
     * (null entries leave the axes to be worked out when the lane's shape is known).
     *
     * @param untaggedAxes per lane, the axes of blocks without axistags (the version rule), or null entries
     * @throws IlpException for a malformed {@code blockSlice} or a block whose rank does not match it
     */
    public List<List<LabelBlock>> labelBlocks(String groupName, List<Axes> untaggedAxes) throws IlpException {
        Group g = group(hdf, groupName);
        Group sets = g == null ? null : group(g, "LabelSets");
        if (sets == null) return List.of();
        List<Map.Entry<String, Node>> laneGroups = laneGroups(sets);
        List<List<LabelBlock>> out = new ArrayList<>();
        for (int lane = 0; lane < laneGroups.size(); lane++) {
            Group lg = (Group) laneGroups.get(lane).getValue();
            Axes fallback = lane < untaggedAxes.size() ? untaggedAxes.get(lane) : null;
            List<LabelBlock> blocks = new ArrayList<>();
            for (Map.Entry<String, Node> b : sorted(children(lg))) {
                blocks.add(block(b.getValue(), groupName + "/LabelSets/" + laneGroups.get(lane).getKey() + "/"
                        + b.getKey(), fallback));
            }
            out.add(List.copyOf(blocks));
        }
        return out;
    }

    private LabelBlock block(Node node, String path, Axes fallback) throws IlpException {
        if (!(node instanceof Dataset d)) {
            throw new IlpException(file, path + ": masked label blocks (a group instead of a dataset) are not supported");
        }
        String slice = stringAttribute(d, "blockSlice", path);
        if (slice == null) throw new IlpException(file, path + " has no blockSlice attribute");
        long[][] range = parseBlockSlice(slice, path);
        int[] dims = guard(path, d::getDimensions);
        if (dims.length != range[0].length) {
            throw new IlpException(file, path + ": blockSlice " + slice + " has " + range[0].length
                    + " entries but the block has " + dims.length + " dimensions");
        }
        Axes tagged = null;
        String tags = stringAttribute(d, "axistags", path);
        if (tags != null) {
            try {
                tagged = AxisTags.fromJson(tags).axes();
            } catch (IllegalArgumentException e) {
                throw new IlpException(file, path + ": unreadable axistags (" + e.getMessage() + ")");
            }
            if (tagged.size() != dims.length) {
                throw new IlpException(file, path + ": axistags '" + tagged + "' for " + dims.length + " dimensions");
            }
        }
        Axes axes = tagged != null ? tagged : fallback == null ? null : IlpReader.fitRank(fallback, dims.length);
        if (tagged == null && fallback != null && axes == null) {
            throw new IlpException(file, path + ": blockSlice " + slice + " has " + dims.length
                    + " entries but the lane's labels are stored in axis order '" + fallback + "'");
        }
        int[] values = ints(d, path);
        return new LabelBlock(path.substring(path.lastIndexOf('/') + 1), range[0], range[1], axes, tagged, dims, values);
    }

    /** Parses ilastik's {@code "[start:stop,start:stop,…]"}. */
    long[][] parseBlockSlice(String text, String path) throws IlpException {
        Matcher m = BLOCK_SLICE.matcher(text);
        String bad = path + ": malformed blockSlice '" + text + "' (expected [start:stop,start:stop,...])";
        if (!m.matches() || m.group(1).isBlank()) throw new IlpException(file, bad);
        String[] parts = m.group(1).split(",");
        long[] start = new long[parts.length];
        long[] stop = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String[] ends = parts[i].split(":", -1);
            if (ends.length != 2) throw new IlpException(file, bad);
            try {
                start[i] = Long.parseLong(ends[0].trim());
                stop[i] = Long.parseLong(ends[1].trim());
            } catch (NumberFormatException e) {
                throw new IlpException(file, bad);
            }
            if (stop[i] < start[i]) throw new IlpException(file, bad);
        }
        return new long[][] {start, stop};
    }

    /**
     * The stored random forests of {@code groupName}/{@code ClassifierForests} (spec §2.4), or null if there are
     * none (no classifier was trained, or it was out of date at save time).
     *
     * @throws org.sylva.forest.ForestFormatException if they are malformed
     */
    public VigraForests.Imported forests(String groupName) throws IOException {
        Group g = group(hdf, groupName);
        Group forests = g == null ? null : group(g, "ClassifierForests");
        if (forests == null) return null;
        try {
            return VigraForests.read(forests, file.getFileName().toString());
        } catch (HdfException | IllegalStateException | IndexOutOfBoundsException e) {
            throw damaged(groupName + "/ClassifierForests", e);
        }
    }

    /**
     * The stored forests of {@code groupName} if a project with {@code classCount} classes can use them, else null,
     * the reason added to {@code warnings}: they are malformed, or know more classes than the project names (ilastik
     * drops such a classifier too, "Resetting classifier... will be forced to retrain").
     *
     * @throws IlpException if the file cannot be read
     */
    VigraForests.Imported usableForests(String groupName, int classCount, List<String> warnings) throws IlpException {
        VigraForests.Imported forests;
        try {
            forests = forests(groupName);
        } catch (org.sylva.forest.ForestFormatException e) {
            warnings.add("the stored classifier cannot be used (" + e.getMessage() + "); it must be retrained");
            return null;
        } catch (IlpException e) {
            throw e;
        } catch (IOException e) {
            throw new IlpException(file(), "cannot read the stored classifier (" + e.getMessage() + ")", e);
        }
        if (forests != null && forests.knownLabels().length > classCount) {
            warnings.add("the stored classifier knows " + forests.knownLabels().length + " classes but the project "
                    + "names " + classCount + "; it must be retrained");
            return null;
        }
        return forests;
    }

    /**
     * The classifier settings pickled in {@code groupName}/{@code ClassifierFactory} (protocol-0 text), or null if
     * absent or not a random-forest factory ilastik's regexes would understand.
     */
    public ClassifierSettings classifierSettings(String groupName) throws IlpException {
        Group g = group(hdf, groupName);
        Dataset d = g == null ? null : dataset(g, "ClassifierFactory");
        if (d == null) return null;
        Object v = guard(groupName + "/ClassifierFactory", d::getData);
        String text;
        if (v instanceof String s) {
            text = s;
        } else if (v instanceof ByteBuffer buf) {
            byte[] b = new byte[buf.remaining()];
            buf.get(b);
            text = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        } else {
            text = string(d);
        }
        return ClassifierSettings.parse(text);
    }

    // ------------------------------------------------------------------------- object classification applets

    /**
     * The settings of the threshold applet ({@code ThresholdTwoLevels}, spec §5.2, §6.6) over ilastik's defaults for
     * what is not stored; null if the group is absent. An old project's {@code SingleThreshold} is the threshold of
     * the simple method, as ilastik maps it.
     *
     * @throws IlpException for a stored value of the wrong kind, or graph cut / an unknown method (with ilastik's
     *                      code in the message)
     */
    public org.sylva.objects.ThresholdSettings thresholdSettings(String groupName) throws IlpException {
        Group g = group(hdf, groupName);
        if (g == null) return null;
        org.sylva.objects.ThresholdSettings d = org.sylva.objects.ThresholdSettings.defaults();
        Number method = optNumber(g, "CurOperator");
        Number low = optNumber(g, "LowThreshold");
        Number single = optNumber(g, "SingleThreshold");
        Number high = optNumber(g, "HighThreshold");
        Number channel = optNumber(g, "Channel");
        Number core = optNumber(g, "CoreChannel");
        Number min = optNumber(g, "MinSize");
        Number max = optNumber(g, "MaxSize");
        Group sg = group(g, "SmootherSigma");
        Number sz = sg == null ? null : optNumber(sg, "z");
        Number sy = sg == null ? null : optNumber(sg, "y");
        Number sx = sg == null ? null : optNumber(sg, "x");
        org.sylva.objects.ThresholdSettings.Method m;
        try {
            m = method == null ? d.method()
                    : org.sylva.objects.ThresholdSettings.Method.ofIlastik(integer(method, groupName + "/CurOperator"));
        } catch (IllegalArgumentException e) {
            throw new IlpException(file, groupName + "/CurOperator: " + e.getMessage());
        }
        double lowValue = low != null ? low.doubleValue() : d.low();
        if (single != null && m == org.sylva.objects.ThresholdSettings.Method.SIMPLE) lowValue = single.doubleValue();
        try {
            return new org.sylva.objects.ThresholdSettings(m, lowValue,
                    high != null ? high.doubleValue() : d.high(),
                    sz != null ? sz.doubleValue() : d.sigmaZ(), sy != null ? sy.doubleValue() : d.sigmaY(),
                    sx != null ? sx.doubleValue() : d.sigmaX(),
                    channel != null ? integer(channel, groupName + "/Channel") : d.channel(),
                    core != null ? integer(core, groupName + "/CoreChannel") : d.coreChannel(),
                    min != null ? min.longValue() : d.minSize(), max != null ? max.longValue() : d.maxSize());
        } catch (IllegalArgumentException e) {
            throw new IlpException(file, groupName + ": " + e.getMessage());
        }
    }

    /**
     * An object feature selection ({@code ObjectExtraction/Features}, {@code ObjectClassification/SelectedFeatures}:
     * {@code <plugin>/<feature>/} with an optional {@code margin}, x, y[, z]); null if the group is absent, empty
     * if nothing is selected. Older projects put the plugins under an extra {@code 0/} level.
     *
     * @param path the group's path from the root, e.g. {@code ObjectExtraction/Features}
     * @throws IlpException for a malformed margin
     */
    public org.sylva.objects.features.ObjectFeatureSelection objectFeatures(String path) throws IlpException {
        Group g = groupAt(path);
        if (g == null) return null;
        Map<String, Node> plugins = children(g);
        if (plugins.size() == 1 && plugins.get("0") instanceof Group level) {
            g = level;
            path = path + "/0";
            plugins = children(level);
        }
        org.sylva.objects.features.ObjectFeatureSelection s = org.sylva.objects.features.ObjectFeatureSelection.none();
        for (Map.Entry<String, Node> p : sorted(plugins)) {
            if (!(p.getValue() instanceof Group pg)) continue;
            for (Map.Entry<String, Node> f : sorted(children(pg))) {
                String where = path + "/" + p.getKey() + "/" + f.getKey();
                Dataset margin = f.getValue() instanceof Group fg ? dataset(fg, "margin") : null;
                try {
                    if (margin != null) {
                        long[] m = longs(margin);
                        int[] mi = new int[m.length];
                        for (int i = 0; i < m.length; i++) mi[i] = Math.toIntExact(m[i]);
                        s = s.withMargin(p.getKey(), f.getKey(), mi);
                    } else if (f.getKey().endsWith(" in neighborhood")) {
                        throw new IlpException(file, where + ": a neighbourhood feature without a margin");
                    } else {
                        s = s.with(p.getKey(), f.getKey());
                    }
                } catch (IllegalArgumentException | ArithmeticException e) {
                    throw new IlpException(file, where + ": " + e.getMessage());
                }
            }
        }
        return s;
    }

    /** The groups below {@code parent} (one per lane), in the numeric order of their names ("lane10" after "lane9"). */
    private List<Map.Entry<String, Node>> laneGroups(Group parent) throws IlpException {
        List<Map.Entry<String, Node>> lanes = new ArrayList<>();
        for (Map.Entry<String, Node> e : children(parent).entrySet()) if (e.getValue() instanceof Group) lanes.add(e);
        lanes.sort(Comparator.comparing((Map.Entry<String, Node> e) -> index(e.getKey()))
                .thenComparing(Map.Entry::getKey));
        return lanes;
    }

    /**
     * The object labels of a classifier applet ({@code <group>/LabelInputs/<lane>/<t>}, spec §6.6): per lane (in
     * the numeric order of the lane groups), per time point, the class of each object id (index = id, 0 = not
     * labelled; entry 0 is the background). Time points that are not stored are empty arrays.
     *
     * @throws IlpException for a class that is not a whole number ≥ 0
     */
    public List<List<int[]>> objectLabels(String groupName) throws IlpException {
        Group g = group(hdf, groupName);
        Group inputs = g == null ? null : group(g, "LabelInputs");
        if (inputs == null) return List.of();
        List<Map.Entry<String, Node>> lanes = laneGroups(inputs);
        List<List<int[]>> out = new ArrayList<>();
        for (Map.Entry<String, Node> lane : lanes) {
            Map<Integer, int[]> byTime = new java.util.TreeMap<>();
            for (Map.Entry<String, Node> t : children((Group) lane.getValue()).entrySet()) {
                String where = groupName + "/LabelInputs/" + lane.getKey() + "/" + t.getKey();
                if (!(t.getValue() instanceof Dataset d)) continue;
                int time;
                try {
                    time = Integer.parseInt(t.getKey().trim());
                } catch (NumberFormatException e) {
                    throw new IlpException(file, where + ": expected a time point number as the name");
                }
                double[] v = doubles(d);
                int[] classes = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    if (!(v[i] >= 0) || v[i] != Math.rint(v[i]) || v[i] > Integer.MAX_VALUE) {
                        throw new IlpException(file, where + ": object " + i + " has label " + v[i]
                                + " (expected 0 or a class number)");
                    }
                    classes[i] = (int) v[i];
                }
                if (time < 0) throw new IlpException(file, where + ": negative time point");
                byTime.put(time, classes);
            }
            int times = byTime.isEmpty() ? 0 : ((java.util.TreeMap<Integer, int[]>) byTime).lastKey() + 1;
            List<int[]> perTime = new ArrayList<>();
            for (int t = 0; t < times; t++) perTime.add(byTime.getOrDefault(t, new int[0]));
            out.add(perTime);
        }
        return out;
    }

    /** Three integers x, y, z of a dict group ({@code BlockShape3dDict}, {@code HaloPadding3dDict}); null if absent. */
    public int[] xyz(String path) throws IlpException {
        Group g = groupAt(path);
        if (g == null) return null;
        int[] out = new int[3];
        String[] keys = {"x", "y", "z"};
        for (int i = 0; i < 3; i++) {
            Number n = optNumber(g, keys[i]);
            if (n == null) return null;
            out[i] = integer(n, path + "/" + keys[i]);
        }
        return out;
    }

    /**
     * An image stored as blocks ({@code SerialBlockSlot}: {@code <path>/block…}, each with a {@code blockSlice} in
     * the axis order {@code blockAxes}), assembled over {@code shape} (in the order of {@code blockAxes}) as
     * unsigned 32-bit values, flat in C order of {@code blockAxes}; null if the group is absent.
     */
    public int[] blockImage(String path, long[] shape) throws IlpException {
        Group g = groupAt(path);
        if (g == null) return null;
        long total = 1;
        for (long e : shape) total *= e;
        if (total > Integer.MAX_VALUE - 8) throw new IlpException(file, path + ": too large to read at once");
        int[] out = new int[(int) total];
        long[] strides = new long[shape.length];
        long st = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = st;
            st *= shape[i];
        }
        for (Map.Entry<String, Node> b : sorted(children(g))) {
            String where = path + "/" + b.getKey();
            if (!(b.getValue() instanceof Dataset d)) continue;
            String slice = stringAttribute(d, "blockSlice", where);
            if (slice == null) throw new IlpException(file, where + " has no blockSlice attribute");
            long[][] range = parseBlockSlice(slice, where);
            if (range[0].length != shape.length) {
                throw new IlpException(file, where + ": blockSlice " + slice + " has " + range[0].length
                        + " entries for " + shape.length + " axes");
            }
            long[] ext = new long[shape.length];
            for (int i = 0; i < shape.length; i++) {
                if (range[1][i] > shape[i]) {
                    throw new IlpException(file, where + ": blockSlice " + slice + " lies outside the image "
                            + shapeText(shape));
                }
                ext[i] = range[1][i] - range[0][i];
            }
            Object flat = guard(where, d::getDataFlat);
            int n = Array.getLength(flat);
            long expected = 1;
            for (long e : ext) expected *= e;
            if (n != expected) {
                throw new IlpException(file, where + ": " + n + " values for blockSlice " + slice);
            }
            long[] idx = new long[shape.length];
            for (int i = 0; i < n; i++) {
                long at = 0;
                for (int a = 0; a < shape.length; a++) at += (range[0][a] + idx[a]) * strides[a];
                out[(int) at] = flat instanceof int[] ints ? ints[i] : flat instanceof long[] longs ? (int) longs[i]
                        : (int) ((Number) Array.get(flat, i)).longValue();
                for (int a = shape.length - 1; a >= 0; a--) {
                    if (++idx[a] < ext[a]) break;
                    idx[a] = 0;
                }
            }
        }
        return out;
    }

    /**
     * The path of the {@code index}-th child group of {@code path} in the numeric order of their names
     * ({@code labelimage000}, {@code labelimage001}, …: the lane order); null if there is none.
     */
    public String indexedChild(String path, int index) throws IlpException {
        Group g = groupAt(path);
        if (g == null) return null;
        List<Map.Entry<String, Node>> groups = new ArrayList<>();
        for (Map.Entry<String, Node> e : children(g).entrySet()) if (e.getValue() instanceof Group) groups.add(e);
        groups.sort(Comparator.comparing((Map.Entry<String, Node> e) -> index(e.getKey()))
                .thenComparing(Map.Entry::getKey));
        return index < 0 || index >= groups.size() ? null : path + "/" + groups.get(index).getKey();
    }

    /** The extent covered by the blocks of {@code path} (the largest stop of each axis); null if it has none. */
    public long[] blockExtent(String path) throws IlpException {
        Group g = groupAt(path);
        if (g == null) return null;
        long[] ext = null;
        for (Map.Entry<String, Node> b : sorted(children(g))) {
            if (!(b.getValue() instanceof Dataset d)) continue;
            String where = path + "/" + b.getKey();
            String slice = stringAttribute(d, "blockSlice", where);
            if (slice == null) throw new IlpException(file, where + " has no blockSlice attribute");
            long[][] range = parseBlockSlice(slice, where);
            if (ext == null) ext = new long[range[1].length];
            if (ext.length != range[1].length) {
                throw new IlpException(file, where + ": blockSlice " + slice + " has " + range[1].length
                        + " entries, other blocks " + ext.length);
            }
            for (int i = 0; i < ext.length; i++) ext[i] = Math.max(ext[i], range[1][i]);
        }
        return ext;
    }

    /** A 2-D float dataset (rows × columns) at {@code path}, e.g. cached object probabilities; null if absent. */
    public float[][] floatTable(String path) throws IlpException {
        Dataset d = datasetAt(path);
        if (d == null) return null;
        int[] dims = guard(path, d::getDimensions);
        if (dims.length != 2) throw new IlpException(file, path + ": expected a table, found " + dims.length + " dimensions");
        double[] v = doubles(d);
        float[][] out = new float[dims[0]][dims[1]];
        for (int i = 0; i < dims[0]; i++) for (int j = 0; j < dims[1]; j++) out[i][j] = (float) v[i * dims[1] + j];
        return out;
    }

    /** The text of a dataset (a pickle, a string) at {@code path}; null if absent. */
    public String text(String path) throws IlpException {
        Dataset d = datasetAt(path);
        if (d == null) return null;
        Object v = guard(path, d::getData);
        if (v instanceof ByteBuffer buf) {
            byte[] b = new byte[buf.remaining()];
            buf.get(b);
            return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        return string(d);
    }

    private Group groupAt(String path) throws IlpException {
        Group g = null;
        for (String part : path.split("/")) {
            if (part.isEmpty()) continue;
            g = g == null ? group(hdf, part) : group(g, part);
            if (g == null) return null;
        }
        return g;
    }

    private Number optNumber(Group g, String name) throws IlpException {
        Dataset d = dataset(g, name);
        return d == null ? null : scalar(d);
    }

    private int integer(Number n, String path) throws IlpException {
        double v = n.doubleValue();
        if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IlpException(file, path + ": expected an integer, found " + n);
        }
        return (int) v;
    }

    // ------------------------------------------------------------------------------------------- export applet

    /**
     * The export settings stored in {@code groupName} ({@code Prediction Export}, {@code Object Information Export};
     * spec §6.5) on top of ilastik's defaults; null if the group is absent. Settings Sylva cannot use (a format it
     * does not write, an export range without an input range) are left at the default and reported in
     * {@code warnings}.
     */
    public ExportSettings exportSettings(String groupName, List<String> warnings) throws IlpException {
        Group g = group(hdf, groupName);
        if (g == null) return null;
        ExportSettings s = ExportSettings.DEFAULT;
        Dataset start = listDataset(groupName, "RegionStart");
        Dataset stop = listDataset(groupName, "RegionStop");
        if (start != null && stop != null) {
            long[] a = longs(start);
            long[] b = longs(stop);
            try {
                s = s.withCutout(Cutout.fromStored(a, b));
            } catch (IllegalArgumentException e) {
                warnings.add(groupName + ": ignoring the stored cutout (" + e.getMessage() + ")");
            }
        }
        DataRange input = range(g, "InputMin", "InputMax");
        DataRange export = range(g, "ExportMin", "ExportMax");
        if (export != null && input == null) {
            warnings.add(groupName + ": ignoring the stored export range " + export + " (no input range is stored)");
            export = null;
        }
        s = s.withRanges(input, export);
        String dtype = optString(g, "ExportDtype");
        if (dtype != null) {
            try {
                s = s.withDtype(DType.parse(dtype));
            } catch (IllegalArgumentException e) {
                warnings.add(groupName + ": ignoring the stored export type '" + dtype + "' (" + e.getMessage() + ")");
            }
        }
        String order = optString(g, "OutputAxisOrder");
        if (order != null && !order.isBlank()) {
            try {
                s = s.withAxisOrder(Axes.of(order));
            } catch (IllegalArgumentException e) {
                warnings.add(groupName + ": ignoring the stored axis order '" + order + "' (" + e.getMessage() + ")");
            }
        }
        String name = optString(g, "OutputFilenameFormat");
        if (name != null && !name.isBlank()) s = s.withFilenameTemplate(name);
        String internal = optString(g, "OutputInternalPath");
        if (internal != null && !internal.replace("/", "").isBlank()) s = s.withInternalPath(internal);
        String format = optString(g, "OutputFormat");
        if (format != null) {
            try {
                s = s.withFormat(ExportFormat.parse(format));
            } catch (IllegalArgumentException e) {
                warnings.add(groupName + ": the stored export format '" + format + "' is not supported; using "
                        + s.format() + " (" + e.getMessage() + ")");
            }
        }
        return s;
    }

    private DataRange range(Group g, String minName, String maxName) throws IlpException {
        Dataset min = dataset(g, minName);
        Dataset max = dataset(g, maxName);
        if (min == null || max == null) return null;
        Number a = scalar(min);
        Number b = scalar(max);
        if (a == null || b == null) return null;
        try {
            return new DataRange(a, b);
        } catch (IllegalArgumentException e) {
            throw new IlpException(file, g.getPath() + minName + "/" + maxName + ": " + e.getMessage());
        }
    }

    // ----------------------------------------------------------------------------------------------- low level

    @Override
    public void close() {
        try {
            hdf.close();
        } catch (RuntimeException e) {
            // nothing to report: the file was only read
        }
    }

    /** A list-slot dataset ({@code SerialListSlot}); null if absent or marked {@code isEmpty}. */
    private Dataset listDataset(String groupName, String name) throws IlpException {
        Group g = group(hdf, groupName);
        Dataset d = g == null ? null : dataset(g, name);
        if (d == null) return null;
        Boolean empty = booleanAttribute(d, "isEmpty", groupName + "/" + name);
        return empty != null && empty ? null : d;
    }

    private Map<String, Node> children(Group g) throws IlpException {
        return guard(g.getPath(), g::getChildren);
    }

    private Group group(Group parent, String name) throws IlpException {
        if (parent == null) return null;
        return children(parent).get(name) instanceof Group g ? g : null;
    }

    private Dataset dataset(Group parent, String name) throws IlpException {
        if (parent == null) return null;
        return children(parent).get(name) instanceof Dataset d ? d : null;
    }

    private static List<Map.Entry<String, Node>> sorted(Map<String, Node> m) {
        List<Map.Entry<String, Node>> l = new ArrayList<>(m.entrySet());
        l.sort(Map.Entry.comparingByKey());
        return l;
    }

    private static long index(String name) {
        Matcher m = INDEXED.matcher(name);
        return m.matches() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
    }

    private String optString(Group g, String name) throws IlpException {
        Dataset d = dataset(g, name);
        return d == null ? null : string(d);
    }

    private Boolean optBoolean(Group g, String name) throws IlpException {
        Dataset d = dataset(g, name);
        if (d == null) return null;
        boolean[] b = booleans(d);
        return b.length == 0 ? null : b[0];
    }

    private String string(Dataset d) throws IlpException {
        List<String> all = strings(d);
        return all.isEmpty() ? "" : all.get(0);
    }

    private List<String> strings(Dataset d) throws IlpException {
        return guard(d.getPath(), () -> {
            Object data = d.getDataType() instanceof io.jhdf.object.datatype.StringData
                    || d.getDataType() instanceof io.jhdf.object.datatype.VariableLength ? null : d.getData();
            if (data == null) return Hdf5Text.strings(d);
            List<String> out = new ArrayList<>();
            flatten(data, v -> out.add(String.valueOf(v)));
            return out;
        });
    }

    /** A dataset's values, flat in C order, boxed (any numeric or boolean type jhdf returns). */
    private List<Object> flatValues(Dataset d) throws IlpException {
        List<Object> values = new ArrayList<>();
        guard(d.getPath(), () -> {
            flatten(d.getData(), values::add);
            return null;
        });
        return values;
    }

    private boolean[] booleans(Dataset d) throws IlpException {
        List<Object> values = flatValues(d);
        boolean[] out = new boolean[values.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = values.get(i);
            if (v instanceof Boolean b) out[i] = b;
            else if (v instanceof Number n) out[i] = n.doubleValue() != 0;
            else if (v instanceof String s && (s.equalsIgnoreCase("TRUE") || s.equalsIgnoreCase("FALSE"))) {
                out[i] = s.equalsIgnoreCase("TRUE");
            } else {
                throw new IlpException(file, d.getPath() + ": expected true/false values, found " + v);
            }
        }
        return out;
    }

    private double[] doubles(Dataset d) throws IlpException {
        List<Object> values = flatValues(d);
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(values.get(i) instanceof Number n)) {
                throw new IlpException(file, d.getPath() + ": expected numbers, found " + values.get(i));
            }
            out[i] = n.doubleValue();
        }
        return out;
    }

    private long[] longs(Dataset d) throws IlpException {
        double[] v = doubles(d);
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i])) throw new IlpException(file, d.getPath() + ": expected integers, found " + v[i]);
            out[i] = (long) v[i];
        }
        return out;
    }

    /** A scalar number keeping whether it is an integer ({@link Long}) or not ({@link Double}); null if absent. */
    private Number scalar(Dataset d) throws IlpException {
        List<Object> values = flatValues(d);
        if (values.isEmpty() || !(values.get(0) instanceof Number n)) return null;
        if (n instanceof Float || n instanceof Double) return n.doubleValue();
        return n.longValue();
    }

    /** An integer dataset's values, flat in C order (uint8 label blocks arrive as int[]). */
    private int[] ints(Dataset d, String path) throws IlpException {
        Object flat = guard(path, d::getDataFlat);
        if (flat instanceof int[] a) return a;
        int n = Array.getLength(flat);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            if (!(Array.get(flat, i) instanceof Number v) || v.doubleValue() != v.longValue()
                    || v.longValue() != (int) v.longValue()) {
                throw new IlpException(file, path + ": expected integer labels, found " + Array.get(flat, i));
            }
            out[i] = v.intValue();
        }
        return out;
    }

    private String stringAttribute(Node node, String name, String path) throws IlpException {
        Attribute a = guard(path, () -> node.getAttribute(name));
        if (a == null) return null;
        Object v = guard(path + " @" + name, a::getData);
        List<Object> values = new ArrayList<>();
        flatten(v, values::add);
        if (values.isEmpty()) return null;
        Object first = values.get(0);
        if (first instanceof byte[] b) return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        return String.valueOf(first);
    }

    private Boolean booleanAttribute(Node node, String name, String path) throws IlpException {
        String s = stringAttribute(node, name, path);
        if (s == null) return null;
        return s.equalsIgnoreCase("TRUE") || s.equals("1");
    }

    private static void flatten(Object data, java.util.function.Consumer<Object> out) {
        if (data == null) return;
        if (data.getClass().isArray() && !(data instanceof byte[])) {
            for (int i = 0; i < Array.getLength(data); i++) flatten(Array.get(data, i), out);
        } else {
            out.accept(data);
        }
    }


    private static long clamp(long v) {
        return Math.max(0, Math.min(255, v));
    }

    static String shapeText(long[] dims) {
        return org.sylva.image.Shape.tuple(dims);
    }

    /** A reading step that may hit a damaged file. */
    private interface Step<T> {
        T run() throws IOException;
    }

    private <T> T guard(String path, Step<T> step) throws IlpException {
        try {
            return step.run();
        } catch (IlpException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw damaged(path, e);
        }
    }

    private IlpException damaged(String path, Exception e) {
        String p = path.startsWith("/") ? path : "/" + path;
        return new IlpException(file, "damaged project: cannot read '" + p + "' (" + e.getMessage() + ")", e);
    }

    /** HDF5 files start with an 8-byte signature at offset 0, 512, 1024, 2048, … (after a user block). */
    private static boolean hasHdf5Signature(Path file) throws IlpException {
        byte[] sig = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            for (long at = 0; at + 8 <= size; at = at == 0 ? 512 : at * 2) {
                ByteBuffer b = ByteBuffer.allocate(8);
                ch.read(b, at);
                if (java.util.Arrays.equals(b.array(), sig)) return true;
            }
            return false;
        } catch (IOException e) {
            throw new IlpException(file, "cannot read the file (" + e.getMessage() + ")", e);
        }
    }

    /** A file shorter than its superblock's end-of-file address was cut short (an interrupted copy or download). */
    private void checkLength() throws IlpException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Superblock sb = Superblock.readSuperblock(ch, hdf.getUserBlockSize());
            long end = sb.getEndOfFileAddress() + hdf.getUserBlockSize();
            if (ch.size() < end) {
                throw new IlpException(file, "truncated file: it has " + ch.size() + " bytes but its HDF5 header"
                        + " announces " + end + " (an interrupted copy or download?)");
            }
        } catch (IlpException e) {
            throw e;
        } catch (IOException | HdfException e) {
            // an unusual superblock: reading will report real problems
        }
    }

    @Override
    public String toString() {
        return "IlpFile[" + file + "]";
    }
}
