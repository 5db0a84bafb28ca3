package org.sylva.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.ZipOutputStream;
import org.sylva.export.ExportSettings;
import org.sylva.forest.ForestCodec;
import org.sylva.forest.RandomForest;
import org.sylva.io.AtomicOutput;
import org.sylva.objects.Connectivity;
import org.sylva.objects.ThresholdSettings;
import org.sylva.objects.classify.AnnotatedObject;
import org.sylva.objects.classify.ObjectAnnotations;
import org.sylva.objects.classify.ObjectSegmentation;
import org.sylva.objects.features.ObjectFeatureSelection;
import org.sylva.pixel.LabelClass;

/**
 * Reads and writes Object Classification projects ({@code .sylva}, workflow {@value ObjectProject#WORKFLOW}; format
 * in docs/project-format.md): the same archive, manifest conventions, data references, atomic saves with
 * {@code .bak} and revision check, and version handling as {@link ProjectFile}, with the {@code segmentation} and
 * {@code objectFeatures} sections and one {@code objects/<lane>.bin} member of labelled objects per lane.
 */
public final class ObjectProjectFile {

    static final String OBJECTS = "objects/";
    private static final byte[] MAGIC = {'S', 'Y', 'L', 'O'};
    /** The most labelled objects a lane member may declare, and the most mask bytes per object. */
    private static final int MAX_OBJECTS = 10_000_000;
    private static final int MAX_MASK = 1 << 28;

    /** A project as read, with what the user should be told ({@link ProjectFile.Loaded}). */
    public record Loaded(ObjectProject project, List<String> warnings, int formatVersion) {
        public Loaded {
            warnings = List.copyOf(warnings);
        }
    }

    private ObjectProjectFile() {}

    // ---- reading ----

    /**
     * Reads an Object Classification project.
     *
     * @throws ProjectFormatException naming the file and the problem (missing, foreign, damaged, newer, another
     *                                workflow)
     */
    public static Loaded read(Path file) throws IOException {
        List<String> warnings = new ArrayList<>();
        try (ZipEntries zip = ZipEntries.open(file)) {
            if (!zip.has(ProjectFile.MANIFEST)) {
                throw new ProjectFormatException(file, "not a Sylva Object Classification project: the archive has no "
                        + ProjectFile.MANIFEST);
            }
            ObjectNode m = ProjectFile.parse(zip, ProjectFile.MANIFEST);
            Json json = new Json(file, ProjectFile.MANIFEST);
            int version = ProjectFile.checkFormat(file, json, m);
            String workflow = json.text(m, "workflow", "");
            if (!workflow.equals(ObjectProject.WORKFLOW)) {
                throw json.bad("workflow", "a '" + workflow + "' project, not an " + ObjectProject.WORKFLOW + " one");
            }
            if (version < 2) throw json.bad("version", "Object Classification projects exist from format 2 on");
            ProjectReader reader = new ProjectReader(file, zip, warnings);
            ProjectInfo info = reader.info(m);
            List<LabelClass> classes = reader.classes(m);
            ObjectSegmentation segmentation = segmentation(json, json.req(m, "segmentation", ""));
            ObjectFeatureSelection features = features(json, json.req(m, "objectFeatures", ""));
            JsonNode training = json.req(m, "training", "");
            long seed = json.integer(training, "seed", "training", Long.MIN_VALUE, Long.MAX_VALUE);
            int trees = (int) json.integer(training, "trees", "training", 1, ProjectReader.MAX_TREES);
            ExportSettings export = json.opt(m, "export") == null ? ExportSettings.DEFAULT : reader.export(m.get("export"));
            String table = json.opt(m, "table") == null ? null : json.optText(m.get("table"), "filename", "table", null);
            ArrayNode laneNodes = json.array(m, "lanes", "");
            List<ObjectLane> lanes = new ArrayList<>();
            for (int i = 0; i < laneNodes.size(); i++) {
                String p = "lanes[" + i + "]";
                JsonNode n = laneNodes.get(i);
                DataLane raw = reader.lane(json.req(n, "raw", p), p + ".raw");
                DataLane input = reader.lane(json.req(n, "input", p), p + ".input");
                JsonNode o = json.req(n, "objects", p);
                String entry = json.text(o, "entry", p + ".objects");
                if (!entry.equals(OBJECTS + i + ".bin")) throw json.bad(p + ".objects.entry", "expected " + OBJECTS + i + ".bin");
                int declared = (int) json.integer(o, "labelled", p + ".objects", 0, MAX_OBJECTS);
                ObjectAnnotations a = zip.has(entry) ? decodeAnnotations(file, entry, zip.read(entry, Integer.MAX_VALUE - 8))
                        : ObjectAnnotations.empty();
                if (a.size() != declared) {
                    throw new ProjectFormatException(file, entry + ": " + a.size() + " labelled objects, the manifest says "
                            + declared + " (damaged file)");
                }
                lanes.add(new ObjectLane(raw, input, a));
            }
            ObjectProject project;
            try {
                project = new ObjectProject(info, lanes, segmentation, features, classes, seed, trees, null, export, table);
            } catch (IllegalArgumentException e) {
                throw json.bad("", e.getMessage(), e);
            }
            JsonNode forest = json.opt(m, "forest");
            if (forest != null) project = withForest(file, zip, json, project, forest, warnings);
            return new Loaded(project, warnings, version);
        }
    }

    private static ObjectProject withForest(Path file, ZipEntries zip, Json json, ObjectProject project, JsonNode f,
                                            List<String> warnings) throws IOException {
        String key = json.text(f, "trainingKey", "forest");
        List<String> columns = json.texts(f, "columns", "forest");
        if (!key.equals(project.trainingKey())) {
            warnings.add(file + ": the stored classifier was trained on other labels or settings; it was not loaded");
            return project;
        }
        try {
            RandomForest forest = ForestCodec.fromBytes(zip.read(ProjectFile.FOREST, 1L << 30));
            return project.withForest(new TrainedForest(forest, columns, key));
        } catch (IOException | IllegalArgumentException e) {
            warnings.add(file + ": " + ProjectFile.FOREST + " could not be read (" + e.getMessage() + "); the project "
                    + "opens without classifier");
            return project;
        }
    }

    static ObjectSegmentation segmentation(Json json, JsonNode s) throws ProjectFormatException {
        String p = "segmentation";
        try {
            ObjectSegmentation.Kind kind = ObjectSegmentation.Kind.parse(json.text(s, "source", p));
            ThresholdSettings d = ThresholdSettings.defaults();
            ThresholdSettings.Method method = switch (json.optText(s, "method", p, "simple")) {
                case "simple" -> ThresholdSettings.Method.SIMPLE;
                case "hysteresis" -> ThresholdSettings.Method.HYSTERESIS;
                case "no-merge" -> ThresholdSettings.Method.NO_MERGE;
                default -> throw json.bad(p + ".method", "'" + s.get("method").asText() + "' is not simple, hysteresis or no-merge");
            };
            double[] sigma = {d.sigmaZ(), d.sigmaY(), d.sigmaX()};
            JsonNode sn = json.opt(s, "sigma");
            if (sn != null) {
                ArrayNode a = json.array(sn, p + ".sigma");
                if (a.size() != 3) throw json.bad(p + ".sigma", "expected [z, y, x]");
                for (int i = 0; i < 3; i++) sigma[i] = json.number(a.get(i), p + ".sigma[" + i + "]");
            }
            JsonNode low = json.opt(s, "threshold"), high = json.opt(s, "high");
            ThresholdSettings t = new ThresholdSettings(method,
                    low == null ? d.low() : json.number(low, p + ".threshold"),
                    high == null ? d.high() : json.number(high, p + ".high"), sigma[0], sigma[1], sigma[2],
                    (int) json.integer(s, "channel", p, 0, Integer.MAX_VALUE),
                    (int) json.integer(s, "coreChannel", p, 0, Integer.MAX_VALUE),
                    json.integer(s, "minSize", p, 0, Long.MAX_VALUE), json.integer(s, "maxSize", p, 0, Long.MAX_VALUE));
            Connectivity c = switch (json.optText(s, "connectivity", p, "direct")) {
                case "direct" -> Connectivity.DIRECT;
                case "indirect" -> Connectivity.INDIRECT;
                default -> throw json.bad(p + ".connectivity", "expected direct or indirect");
            };
            return new ObjectSegmentation(kind, t, c);
        } catch (IllegalArgumentException e) {
            throw json.bad(p, e.getMessage());
        }
    }

    static ObjectFeatureSelection features(Json json, JsonNode f) throws ProjectFormatException {
        ObjectFeatureSelection s = ObjectFeatureSelection.none();
        var plugins = f.fields();
        while (plugins.hasNext()) {
            var p = plugins.next();
            var names = p.getValue().fields();
            while (names.hasNext()) {
                var n = names.next();
                String path = "objectFeatures." + p.getKey() + "." + n.getKey();
                try {
                    if (n.getValue().isNull()) {
                        s = s.with(p.getKey(), n.getKey());
                    } else {
                        ArrayNode a = json.array(n.getValue(), path);
                        int[] margin = new int[a.size()];
                        for (int i = 0; i < margin.length; i++) margin[i] = (int) json.integer(a.get(i), path, 0, 1 << 20);
                        s = s.withMargin(p.getKey(), n.getKey(), margin);
                    }
                } catch (IllegalArgumentException e) {
                    throw json.bad(path, e.getMessage());
                }
            }
        }
        return s;
    }

    static ObjectAnnotations decodeAnnotations(Path file, String entry, byte[] bytes) throws ProjectFormatException {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[4];
            b.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) throw new IllegalArgumentException("not a labelled-objects member");
            int n = b.getInt();
            if (n < 0 || n > MAX_OBJECTS) throw new IllegalArgumentException("declares " + n + " objects");
            List<AnnotatedObject> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int t = b.getInt(), label = b.getInt(), z0 = b.getInt(), y0 = b.getInt(), x0 = b.getInt(),
                        d = b.getInt(), h = b.getInt(), w = b.getInt(), len = b.getInt();
                if (len < 0 || len > MAX_MASK || len > b.remaining()) throw new IllegalArgumentException("truncated");
                byte[] mask = new byte[len];
                b.get(mask);
                out.add(new AnnotatedObject(t, label, z0, y0, x0, d, h, w, BitSet.valueOf(mask), ""));
            }
            if (b.hasRemaining()) throw new IllegalArgumentException(b.remaining() + " bytes after the last object");
            return ObjectAnnotations.of(out);
        } catch (java.nio.BufferUnderflowException e) {
            throw new ProjectFormatException(file, entry + ": truncated (damaged file)");
        } catch (IllegalArgumentException e) {
            throw new ProjectFormatException(file, entry + ": " + e.getMessage() + " (damaged file)");
        }
    }

    /** The member of a lane's labelled objects: magic {@code SYLO}, int32 count, then per object (little endian)
     *  int32 t, class, z0, y0, x0, depth, height, width, mask byte count, and the mask bits (bit i = box pixel i,
     *  x fastest; {@code BitSet.toByteArray} order, i.e. numpy's {@code unpackbits(..., bitorder='little')}). */
    static byte[] encodeAnnotations(ObjectAnnotations a) {
        List<byte[]> masks = new ArrayList<>();
        int size = 8;
        for (AnnotatedObject o : a.objects()) {
            byte[] m = o.mask().toByteArray();
            masks.add(m);
            size += 36 + m.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN).put(MAGIC).putInt(a.size());
        for (int i = 0; i < a.size(); i++) {
            AnnotatedObject o = a.objects().get(i);
            b.putInt(o.time()).putInt(o.label()).putInt(o.z0()).putInt(o.y0()).putInt(o.x0()).putInt(o.depth())
                    .putInt(o.height()).putInt(o.width()).putInt(masks.get(i).length).put(masks.get(i));
        }
        return b.array();
    }

    // ---- writing ----

    /**
     * Saves {@code project} atomically (temporary file, sync, rename; the previous file kept as {@code .bak}),
     * refusing to replace a file saved by someone else since this project was read, unless
     * {@code options.overwrite()}. A stale forest is not saved.
     *
     * @return the project as saved (new revision and time)
     */
    public static ObjectProject write(ObjectProject project, Path target, ProjectFile.SaveOptions options)
            throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            throw new ProjectFormatException(abs, "is a folder; give a file name such as project" + ProjectFile.EXTENSION);
        }
        AtomicOutput.checkWritableFolder(abs);
        if (!options.overwrite()) ProjectFile.checkNotChangedElsewhere(project.info().revision(), abs);
        ObjectProject saved = project.withInfo(project.info().savedNow(UUID.randomUUID().toString()));
        Path dir = abs.getParent();
        AtomicOutput.write(abs, tmp -> {
            writeTo(saved, dir, tmp);
            if (options.keepBackup() && Files.isRegularFile(abs)) ProjectFile.keepBackup(abs);
        });
        ProjectFile.syncFolder(dir);
        return saved;
    }

    public static ObjectProject write(ObjectProject project, Path target) throws IOException {
        return write(project, target, ProjectFile.SaveOptions.DEFAULT);
    }

    private static void writeTo(ObjectProject p, Path dir, Path tmp) throws IOException {
        boolean withForest = p.forestIsCurrent();
        java.time.LocalDateTime stamp = java.time.LocalDateTime.ofInstant(p.info().modified(), java.time.ZoneOffset.UTC);
        try (FileOutputStream fos = new FileOutputStream(tmp.toFile());
             ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(fos, 1 << 16))) {
            zip.setLevel(Deflater.DEFAULT_COMPRESSION);
            ProjectWriter.put(zip, ProjectFile.MANIFEST,
                    ProjectWriter.JSON.writeValueAsBytes(manifest(p, dir, withForest)), stamp);
            for (int i = 0; i < p.lanes().size(); i++) {
                ObjectAnnotations a = p.lanes().get(i).annotations();
                if (!a.isEmpty()) ProjectWriter.put(zip, OBJECTS + i + ".bin", encodeAnnotations(a), stamp);
            }
            if (withForest) ProjectWriter.put(zip, ProjectFile.FOREST, ForestCodec.toBytes(p.forest().forest()), stamp);
            zip.setLevel(1);
            for (int i = 0; i < p.lanes().size(); i++) {
                ObjectLane l = p.lanes().get(i);
                ProjectWriter.putEmbedded(zip, l.raw(), 2 * i, stamp);
                ProjectWriter.putEmbedded(zip, l.input(), 2 * i + 1, stamp);
            }
            zip.finish();
            zip.flush();
            fos.getFD().sync();
        }
    }

    static ObjectNode manifest(ObjectProject p, Path dir, boolean withForest) {
        ObjectNode m = ProjectWriter.header(ObjectProject.WORKFLOW, p.info());
        ArrayNode lanes = m.putArray("lanes");
        int[] perClassTotal = new int[p.classes().size() + 1];
        for (int i = 0; i < p.lanes().size(); i++) {
            ObjectLane l = p.lanes().get(i);
            ObjectNode o = lanes.addObject();
            ObjectNode raw = ProjectWriter.dataLane(l.raw(), 2 * i, dir);
            ObjectNode input = ProjectWriter.dataLane(l.input(), 2 * i + 1, dir);
            o.set("raw", raw);
            o.set("input", input);
            ObjectNode ob = o.putObject("objects");
            ob.put("entry", OBJECTS + i + ".bin");
            ob.put("labelled", l.annotations().size());
            ArrayNode per = ob.putArray("perClass");
            int[] c = l.annotations().countsPerClass(p.classes().size());
            for (int k = 1; k <= p.classes().size(); k++) {
                per.add(c[k]);
                perClassTotal[k] += c[k];
            }
        }
        m.set("segmentation", segmentationJson(p.segmentation()));
        m.set("objectFeatures", featuresJson(p.features()));
        ProjectWriter.classesAndTraining(m, p.classes(), p.seed(), p.treeCount(), withForest ? p.forest() : null,
                "columns");
        m.set("export", ProjectWriter.export(p.export()));
        if (p.tableFilename() != null) m.putObject("table").put("filename", p.tableFilename());
        return m;
    }

    static ObjectNode segmentationJson(ObjectSegmentation s) {
        ObjectNode o = ProjectWriter.JSON.createObjectNode();
        o.put("source", s.kind().id());
        ThresholdSettings t = s.threshold();
        o.put("method", switch (t.method()) {
            case SIMPLE -> "simple";
            case HYSTERESIS -> "hysteresis";
            case NO_MERGE -> "no-merge";
        });
        o.put("threshold", t.low());
        o.put("high", t.high());
        ArrayNode sigma = o.putArray("sigma");
        sigma.add(t.sigmaZ()).add(t.sigmaY()).add(t.sigmaX());
        o.put("channel", t.channel());
        o.put("coreChannel", t.coreChannel());
        o.put("minSize", t.minSize());
        o.put("maxSize", t.maxSize());
        o.put("connectivity", s.connectivity() == Connectivity.DIRECT ? "direct" : "indirect");
        return o;
    }

    static ObjectNode featuresJson(ObjectFeatureSelection f) {
        ObjectNode o = ProjectWriter.JSON.createObjectNode();
        for (Map.Entry<String, Map<String, int[]>> p : f.asMap().entrySet()) {
            ObjectNode po = o.putObject(p.getKey());
            for (Map.Entry<String, int[]> n : p.getValue().entrySet()) {
                if (n.getValue() == null) {
                    po.putNull(n.getKey());
                } else {
                    ArrayNode a = po.putArray(n.getKey());
                    for (int v : n.getValue()) a.add(v);
                }
            }
        }
        return o;
    }
}
