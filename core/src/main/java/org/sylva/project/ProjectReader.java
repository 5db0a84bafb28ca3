package org.sylva.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sylva.export.Cutout;
import org.sylva.export.DataRange;
import org.sylva.export.ExportFormat;
import org.sylva.export.ExportSettings;
import org.sylva.features.FeatureId;
import org.sylva.features.FeatureSelection;
import org.sylva.forest.ForestCodec;
import org.sylva.forest.RandomForest;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.image.Shape;
import org.sylva.pixel.LabelClass;

/**
 * Reads a project document of the current format version (older ones are migrated first, see {@link Migration}).
 * Every size, count and box in the file is checked before it is used; allocations are bounded by the declared lane
 * shapes. Problems in what the user made (manifest, labels) are errors; problems in what can be recomputed (the
 * forest) are warnings and the forest is dropped.
 */
final class ProjectReader {

    /** The most trees a project may ask for (a sanity bound on the stored setting). */
    static final int MAX_TREES = 100_000;

    private final Path file;
    private final Path projectDir;
    private final Entries entries;
    private final Json json;
    private final List<String> warnings;

    ProjectReader(Path file, Entries entries, List<String> warnings) {
        this.file = file;
        this.projectDir = file.toAbsolutePath().normalize().getParent();
        this.entries = entries;
        this.json = new Json(file, ProjectFile.MANIFEST);
        this.warnings = warnings;
    }

    SylvaProject read(JsonNode m) throws IOException {
        String workflow = json.text(m, "workflow", "");
        if (!workflow.equals(SylvaProject.WORKFLOW)) {
            throw json.bad("workflow", "'" + workflow + "' projects cannot be opened by this Sylva (it opens "
                    + SylvaProject.WORKFLOW + " projects)");
        }
        ProjectInfo info = info(m);
        List<LabelClass> classes = classes(m);
        FeatureSelection features = features(json.req(m, "features", ""), "features");
        JsonNode training = json.req(m, "training", "");
        long seed = json.integer(training, "seed", "training", Long.MIN_VALUE, Long.MAX_VALUE);
        int trees = (int) json.integer(training, "trees", "training", 1, MAX_TREES);
        ExportSettings export = json.opt(m, "export") == null ? ExportSettings.DEFAULT : export(m.get("export"));

        ArrayNode laneNodes = json.array(m, "lanes", "");
        List<DataLane> lanes = new ArrayList<>();
        List<SparseLabels> labels = new ArrayList<>();
        long budget = Runtime.getRuntime().maxMemory() / 2;
        long used = 0;
        for (int i = 0; i < laneNodes.size(); i++) {
            DataLane lane = lane(laneNodes.get(i), i);
            lanes.add(lane);
            SparseLabels l = labels(laneNodes.get(i), i, lane, classes.size(), budget - used);
            used += l.blockCount() * (long) l.blockShape()[0] * l.blockShape()[1] * l.blockShape()[2];
            labels.add(l);
        }
        for (String name : entries.names()) {
            if (name.startsWith("labels/") && !name.endsWith("/") && !belongsToLane(name, lanes.size())) {
                throw new ProjectFormatException(file, name + ": label block of a lane the manifest does not list"
                        + " (damaged file)");
            }
        }
        SylvaProject project;
        try {
            project = new SylvaProject(info, lanes, labels, features, classes, seed, trees, null, export);
        } catch (IllegalArgumentException e) {
            throw json.bad("", e.getMessage(), e);
        }
        JsonNode forest = json.opt(m, "forest");
        return forest == null ? project : withForest(project, forest, labels);
    }

    private static boolean belongsToLane(String name, int lanes) {
        String rest = name.substring("labels/".length());
        int slash = rest.indexOf('/');
        if (slash < 1) return false;
        String lane = rest.substring(0, slash);
        for (int i = 0; i < lanes; i++) if (lane.equals(String.valueOf(i))) return true;
        return false;
    }

    ProjectInfo info(JsonNode m) throws ProjectFormatException {
        Instant created = instant(m, "created");
        Instant modified = json.opt(m, "modified") == null ? created : instant(m, "modified");
        return new ProjectInfo(created, modified, json.optText(m, "sylvaVersion", "", "unknown"),
                json.optText(m, "revision", "", null), json.optText(m, "notes", "", ""));
    }

    private Instant instant(JsonNode m, String field) throws ProjectFormatException {
        String s = json.text(m, field, "");
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw json.bad(field, "'" + s + "' is not a time such as 2025-01-31T12:00:00Z");
        }
    }

    List<LabelClass> classes(JsonNode m) throws ProjectFormatException {
        ArrayNode a = json.array(m, "classes", "");
        if (a.size() > SylvaProject.MAX_CLASSES) {
            throw json.bad("classes", a.size() + " classes; at most " + SylvaProject.MAX_CLASSES + " are supported");
        }
        List<LabelClass> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String p = "classes[" + i + "]";
            String name = json.text(a.get(i), "name", p);
            String colour = json.text(a.get(i), "colour", p);
            if (!colour.matches("#[0-9a-fA-F]{6}")) throw json.bad(p + ".colour", "'" + colour + "' is not #rrggbb");
            try {
                out.add(new LabelClass(name, Integer.parseInt(colour.substring(1), 16)));
            } catch (IllegalArgumentException e) {
                throw json.bad(p, e.getMessage());
            }
        }
        return out;
    }

    FeatureSelection features(JsonNode f, String path) throws ProjectFormatException {
        List<FeatureId> ids = new ArrayList<>();
        List<String> names = json.texts(f, "ids", path);
        for (int i = 0; i < names.size(); i++) {
            try {
                ids.add(FeatureId.parse(names.get(i)));
            } catch (IllegalArgumentException e) {
                throw json.bad(path + ".ids[" + i + "]", e.getMessage());
            }
        }
        ArrayNode sa = json.array(f, "scales", path);
        double[] scales = new double[sa.size()];
        for (int j = 0; j < scales.length; j++) scales[j] = json.number(sa.get(j), path + ".scales[" + j + "]");
        ArrayNode rows = json.array(f, "selection", path);
        if (rows.size() != ids.size()) {
            throw json.bad(path + ".selection", rows.size() + " rows for " + ids.size() + " feature ids");
        }
        boolean[][] matrix = new boolean[ids.size()][];
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = bools(rows.get(i), path + ".selection[" + i + "]", scales.length);
        }
        JsonNode in2d = json.opt(f, "computeIn2d");
        boolean[] flags = in2d == null ? null : bools(in2d, path + ".computeIn2d", scales.length);
        try {
            return new FeatureSelection(ids, scales, matrix, flags);
        } catch (IllegalArgumentException e) {
            throw json.bad(path, e.getMessage());
        }
    }

    private boolean[] bools(JsonNode n, String path, int count) throws ProjectFormatException {
        ArrayNode a = json.array(n, path);
        if (a.size() != count) throw json.bad(path, a.size() + " flags for " + count + " scales");
        boolean[] out = new boolean[count];
        for (int j = 0; j < count; j++) {
            if (!a.get(j).isBoolean()) throw json.bad(path + "[" + j + "]", "expected true or false, got " + a.get(j));
            out[j] = a.get(j).booleanValue();
        }
        return out;
    }

    ExportSettings export(JsonNode e) throws ProjectFormatException {
        String p = "export";
        try {
            String dtype = json.optText(e, "dtype", p, null);
            String axes = json.optText(e, "axisOrder", p, null);
            JsonNode c = json.opt(e, "cutout");
            Cutout cutout = c == null ? null : new Cutout(bounds(c, "start"), bounds(c, "stop"));
            ExportFormat format = ExportFormat.parse(json.optText(e, "format", p, ExportSettings.DEFAULT.format().name()));
            return new ExportSettings(dtype == null ? null : DType.parse(dtype), range(e, "inputRange"),
                    range(e, "exportRange"), axes == null ? null : Axes.of(axes), cutout, format,
                    json.optText(e, "filenameTemplate", p, ExportSettings.DEFAULT_FILENAME),
                    json.optText(e, "internalPath", p, ExportSettings.DEFAULT_INTERNAL_PATH));
        } catch (IllegalArgumentException ex) {
            throw json.bad(p, ex.getMessage());
        }
    }

    private List<Long> bounds(JsonNode c, String field) throws ProjectFormatException {
        ArrayNode a = json.array(c, field, "export.cutout");
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(a.get(i).isNull() ? null
                    : json.integer(a.get(i), "export.cutout." + field + "[" + i + "]", Long.MIN_VALUE, Long.MAX_VALUE));
        }
        return out;
    }

    private DataRange range(JsonNode e, String field) throws ProjectFormatException {
        JsonNode r = json.opt(e, field);
        if (r == null) return null;
        ArrayNode a = json.array(r, "export." + field);
        if (a.size() != 2) throw json.bad("export." + field, "expected [min, max], got " + r);
        Number[] v = new Number[2];
        for (int i = 0; i < 2; i++) {
            JsonNode n = a.get(i);
            v[i] = n.isIntegralNumber() ? (Number) json.integer(n, "export." + field, Long.MIN_VALUE, Long.MAX_VALUE)
                    : (Number) json.number(n, "export." + field);
        }
        return new DataRange(v[0], v[1]);
    }

    // ---- lanes ----

    private DataLane lane(JsonNode n, int i) throws IOException {
        return lane(n, "lanes[" + i + "]");
    }

    /** A data reference at JSON path {@code p} (e.g. {@code lanes[0]}), located and checked as described in
     *  docs/project-format.md; also used for the data of Object Classification lanes. */
    DataLane lane(JsonNode n, String p) throws IOException {
        String name = json.text(n, "name", p);
        Axes axes;
        try {
            axes = Axes.of(json.text(n, "axes", p));
        } catch (IllegalArgumentException e) {
            throw json.bad(p + ".axes", e.getMessage());
        }
        ArrayNode dims = json.array(n, "shape", p);
        if (dims.size() != axes.size()) {
            throw json.bad(p + ".shape", dims.size() + " extents for the " + axes.size() + " axes '" + axes + "'");
        }
        long[] d = new long[dims.size()];
        for (int k = 0; k < d.length; k++) d[k] = json.integer(dims.get(k), p + ".shape[" + k + "]", 1, Integer.MAX_VALUE);
        Shape shape;
        DType dtype;
        try {
            shape = Image.shapeOf(axes, d);
            dtype = DType.parse(json.text(n, "dtype", p));
        } catch (IllegalArgumentException e) {
            throw json.bad(p, e.getMessage());
        }
        String internal = json.optText(n, "internalPath", p, "");
        String along = json.optText(n, "stackAlong", p, "z");
        if (along.length() != 1 || "ztc".indexOf(along.charAt(0)) < 0) {
            throw json.bad(p + ".stackAlong", "'" + along + "' is not z, t or c");
        }
        boolean embedded = json.bool(n, "embedded", p, false);
        ArrayNode fileNodes = json.array(n, "files", p);
        if (fileNodes.isEmpty()) throw json.bad(p + ".files", "a lane needs at least one data file");
        List<DataFile> files = new ArrayList<>();
        List<Path> readFrom = new ArrayList<>();
        DataLane.State state = DataLane.State.AVAILABLE;
        String problem = "";
        List<String> embeddedEntries = new ArrayList<>();
        for (int k = 0; k < fileNodes.size(); k++) {
            String fp = p + ".files[" + k + "]";
            JsonNode f = fileNodes.get(k);
            String stored = json.text(f, "path", fp);
            String absolute = json.optText(f, "absolutePath", fp, null);
            long size = json.integer(f, "size", fp, 0, Long.MAX_VALUE);
            Fingerprint fingerprint;
            try {
                fingerprint = Fingerprint.parse(json.text(f, "checksum", fp), size);
            } catch (IllegalArgumentException e) {
                throw json.bad(fp + ".checksum", e.getMessage());
            }
            if (embedded) {
                String entry = json.text(f, "embeddedEntry", fp);
                if (!entries.has(entry)) throw json.bad(fp + ".embeddedEntry", entry + " is missing from the file");
                embeddedEntries.add(entry);
            }
            LaneLocator.Located at = LaneLocator.locate(name, stored, absolute, fingerprint, projectDir);
            if (at.state() == DataLane.State.AVAILABLE) {
                if (!at.message().isEmpty()) warnings.add(at.message());
                // a file found by an old kind of checksum gets the current kind from now on; an unverified one stays
                // unverified (its checksum is part of the training key of an imported forest, see Fingerprint)
                boolean keep = fingerprint.isCurrent() || !fingerprint.isVerified();
                files.add(new DataFile(at.file(), keep ? fingerprint : Fingerprint.of(at.file())));
                readFrom.add(at.file());
            } else {
                files.add(new DataFile(at.file(), fingerprint));
                if (state == DataLane.State.AVAILABLE) {
                    state = at.state();
                    problem = at.message();
                }
            }
        }
        DataLane.Status status;
        if (state == DataLane.State.AVAILABLE) {
            status = DataLane.Status.available(readFrom);
        } else if (embedded) {
            status = extract(name, files, embeddedEntries);
            if (status.state() == DataLane.State.AVAILABLE) {
                warnings.add(problem + " — using the copy of the data stored in the project");
            } else {
                warnings.add(problem);
                warnings.add(status.problem());
            }
        } else {
            status = state == DataLane.State.MISSING ? DataLane.Status.missing(problem)
                    : DataLane.Status.mismatched(problem);
            warnings.add(problem);
        }
        try {
            return new DataLane(name, files, internal, along.charAt(0), shape, axes, dtype, embedded, status);
        } catch (IllegalArgumentException e) {
            throw json.bad(p, e.getMessage());
        }
    }

    /**
     * Copies a lane's embedded data files to a temporary folder (deleted when Sylva exits), checking each against its
     * fingerprint. A damaged copy makes the lane unavailable, not the project unreadable.
     */
    private DataLane.Status extract(String lane, List<DataFile> files, List<String> names) throws IOException {
        Path dir = Files.createTempDirectory("sylva-embedded-");
        dir.toFile().deleteOnExit();
        List<Path> out = new ArrayList<>();
        for (int k = 0; k < files.size(); k++) {
            String member = names.get(k);
            // the member's own name ("<k>-<file name>") keeps the extension the readers go by, and is unique
            Path target = dir.resolve(member.substring(member.lastIndexOf('/') + 1));
            target.toFile().deleteOnExit();
            String problem = null;
            try {
                entries.copyTo(member, target);
                if (!files.get(k).fingerprint().matches(target)) problem = "it does not match its recorded checksum";
            } catch (ProjectFormatException e) {
                problem = e.problem();
            }
            if (problem != null) {
                return DataLane.Status.mismatched("lane '" + lane + "': the copy of the data stored in the project ("
                        + member + ") is damaged: " + problem);
            }
            out.add(target);
        }
        return DataLane.Status.available(out);
    }

    // ---- labels ----

    private SparseLabels labels(JsonNode laneNode, int i, DataLane lane, int classes, long budget) throws IOException {
        String p = "lanes[" + i + "].labels";
        JsonNode n = json.req(laneNode, "labels", "lanes[" + i + "]");
        long blocks = json.integer(n, "blocks", p, 0, Integer.MAX_VALUE);
        long labelled = json.integer(n, "labelledPixels", p, 0, Long.MAX_VALUE);
        ArrayNode per = json.array(n, "perClass", p);
        if (per.size() != classes) throw json.bad(p + ".perClass", per.size() + " counts for " + classes + " classes");
        String folder = LabelBlockCodec.folder(i);
        List<String> names = new ArrayList<>();
        for (String e : entries.names()) if (e.startsWith(folder) && !e.endsWith("/")) names.add(e);
        if (names.size() != blocks) {
            throw new ProjectFormatException(file, folder + ": " + names.size() + " label blocks stored, the manifest "
                    + "lists " + blocks + " (damaged file)");
        }
        String laneText = "lane " + (i + 1) + " '" + lane.name() + "'";
        SparseLabels.Builder builder = new SparseLabels.Builder(lane.shape());
        for (String name : names) {
            byte[] data = entries.read(name, LabelBlockCodec.HEADER + LabelBlockCodec.MAX_VOXELS);
            LabelBlock b;
            try {
                b = LabelBlockCodec.decode(data, lane.shape(), laneText, classes);
            } catch (IllegalArgumentException e) {
                throw new ProjectFormatException(file, name + ": " + e.getMessage());
            }
            builder.add(b);
            if (builder.bytes() > budget) {
                throw new ProjectFormatException(file, "the labels of " + laneText + " need more than "
                        + (budget >> 20) + " MiB of memory, half of what Java may use here; start Sylva with more"
                        + " memory (-Xmx)");
            }
        }
        SparseLabels l = builder.build();
        long[] counts = l.countsPerLabel();
        long[] expected = new long[classes + 1];
        for (int k = 0; k < classes; k++) expected[k + 1] = json.integer(per.get(k), p + ".perClass[" + k + "]", 0, Long.MAX_VALUE);
        long[] got = Arrays.copyOf(counts, classes + 1);
        if (l.labelledPixels() != labelled || !Arrays.equals(got, expected)) {
            throw new ProjectFormatException(file, folder + ": the label blocks hold " + l.labelledPixels()
                    + " labelled pixels " + Arrays.toString(Arrays.copyOfRange(got, 1, got.length)) + " per class, the"
                    + " manifest says " + labelled + " " + Arrays.toString(Arrays.copyOfRange(expected, 1, expected.length))
                    + " (damaged file)");
        }
        return l;
    }

    // ---- the forest ----

    private SylvaProject withForest(SylvaProject project, JsonNode f, List<SparseLabels> labels) throws IOException {
        String entry = json.text(f, "entry", "forest");
        List<String> featureNames = json.texts(f, "featureNames", "forest");
        String key = json.text(f, "trainingKey", "forest");
        String drop = " — the classifier was dropped and will be trained again from the labels";
        if (!entries.has(entry)) {
            warnings.add(entry + " is missing from the project file" + drop);
            return project;
        }
        // a forest trained on L labelled pixels has at most L leaves per tree: bound what we read by that
        long samples = labels.stream().mapToLong(SparseLabels::labelledPixels).sum();
        long perTree = 8 + samples * (20L + 4L * project.classes().size());
        long max = 4096 + 4L * project.classes().size() + 16L * featureNames.size()
                + project.treeCount() * Math.max(perTree, 64);
        RandomForest forest;
        try {
            forest = ForestCodec.fromBytes(entries.read(entry, Math.min(max, Integer.MAX_VALUE - 64)));
        } catch (IOException e) {
            String msg = e instanceof ProjectFormatException pf ? pf.problem() : entry + ": " + e.getMessage();
            warnings.add(msg + drop);
            return project;
        }
        TrainedForest trained;
        try {
            trained = new TrainedForest(forest, featureNames, key);
            project = project.withForest(trained);
        } catch (IllegalArgumentException e) {
            warnings.add(entry + ": " + e.getMessage() + drop);
            return project.withoutForest();
        }
        if (!project.forestIsCurrent()) {
            warnings.add(entry + ": the stored classifier was trained on other labels, features or data than the"
                    + " project holds" + drop);
            return project.withoutForest();
        }
        return project;
    }
}
