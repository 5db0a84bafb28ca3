package org.sylva.project;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.sylva.export.Cutout;
import org.sylva.export.DataRange;
import org.sylva.export.ExportSettings;
import org.sylva.features.FeatureId;
import org.sylva.features.FeatureSelection;
import org.sylva.forest.ForestCodec;
import org.sylva.pixel.LabelClass;

/** Writes the members of a {@code .sylva} archive (format {@value ProjectFile#VERSION}) to a stream. */
final class ProjectWriter {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** How many {@code ..} a stored relative path may start with; beyond that the absolute path is stored. */
    static final int MAX_PARENT_STEPS = 2;

    private final SylvaProject project;
    private final Path projectDir;
    private final boolean withForest;
    private final LocalDateTime stamp;

    /**
     * @param project the project as saved (info already updated)
     * @param target the project file's final path (stored paths are relative to its folder)
     */
    ProjectWriter(SylvaProject project, Path target) {
        this.project = project;
        this.projectDir = target.toAbsolutePath().getParent();
        this.withForest = project.forestIsCurrent();
        this.stamp = LocalDateTime.ofInstant(project.info().modified(), ZoneOffset.UTC);
    }

    /**
     * Writes the archive to {@code tmp}, syncing it to the disk before returning.
     *
     * @param wrap wraps the file's stream (tests inject failures there); identity in production
     */
    void writeTo(Path tmp, UnaryOperator<OutputStream> wrap) throws IOException {
        try (FileOutputStream fos = new FileOutputStream(tmp.toFile());
             ZipOutputStream zip = new ZipOutputStream(wrap.apply(new BufferedOutputStream(fos, 1 << 16)))) {
            zip.setLevel(Deflater.DEFAULT_COMPRESSION);
            put(zip, ProjectFile.MANIFEST, JSON.writeValueAsBytes(manifest()));
            for (int i = 0; i < project.lanes().size(); i++) {
                for (LabelBlock b : project.labels(i).croppedBlocks()) {
                    put(zip, LabelBlockCodec.entryName(i, b), LabelBlockCodec.encode(b));
                }
            }
            if (withForest) put(zip, ProjectFile.FOREST, ForestCodec.toBytes(project.forest().forest()));
            zip.setLevel(1);   // raw data: fast compression, it is large and often already compressed
            for (int i = 0; i < project.lanes().size(); i++) putEmbedded(zip, project.lanes().get(i), i, stamp);
            zip.finish();
            zip.flush();
            fos.getFD().sync();
        }
    }

    private void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
        put(zip, name, data, stamp);
    }

    /** Writes one member; entries carry the save time, so the same project saved at the same instant gives the same
     *  bytes. */
    static void put(ZipOutputStream zip, String name, byte[] data, LocalDateTime stamp) throws IOException {
        zip.putNextEntry(entry(name, stamp));
        zip.write(data);
        zip.closeEntry();
    }

    /** Writes the embedded copies of {@code lane}'s files, if it embeds them; {@code index} names them. */
    static void putEmbedded(ZipOutputStream zip, DataLane lane, int index, LocalDateTime stamp) throws IOException {
        if (!lane.embed()) return;
        List<Path> from = lane.resolve();
        for (int k = 0; k < from.size(); k++) {
            zip.putNextEntry(entry(embeddedEntry(index, k, lane.files().get(k)), stamp));
            Files.copy(from.get(k), zip);
            zip.closeEntry();
        }
    }

    private static ZipEntry entry(String name, LocalDateTime stamp) {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(stamp);
        return e;
    }

    static String embeddedEntry(int lane, int file, DataFile f) {
        return "data/" + lane + "/" + file + "-" + f.path().getFileName();
    }

    // ---- the manifest ----

    ObjectNode manifest() {
        ObjectNode m = header(SylvaProject.WORKFLOW, project.info());
        ArrayNode lanes = m.putArray("lanes");
        for (int i = 0; i < project.lanes().size(); i++) lanes.add(lane(i));
        m.set("features", features(project.features()));
        classesAndTraining(m, project.classes(), project.seed(), project.treeCount(),
                withForest ? project.forest() : null, "featureNames");
        m.set("export", export(project.export()));
        return m;
    }

    /** The start of a manifest, shared by both workflows: format, version, workflow and the project's info. */
    static ObjectNode header(String workflow, ProjectInfo info) {
        ObjectNode m = JSON.createObjectNode();
        m.put("format", ProjectFile.FORMAT);
        m.put("version", ProjectFile.VERSION);
        m.put("workflow", workflow);
        m.put("sylvaVersion", info.sylvaVersion());
        m.put("created", info.created().toString());
        m.put("modified", info.modified().toString());
        if (info.revision() != null) m.put("revision", info.revision());
        m.put("notes", info.notes());
        return m;
    }

    /**
     * Adds the {@code classes}, {@code training} and, if {@code forest} is not null, {@code forest} sections, shared
     * by both workflows; {@code namesField} names the forest's list of feature columns.
     */
    static void classesAndTraining(ObjectNode m, List<LabelClass> labelClasses, long seed, int trees,
                                   TrainedForest forest, String namesField) {
        ArrayNode classes = m.putArray("classes");
        for (LabelClass c : labelClasses) {
            ObjectNode o = classes.addObject();
            o.put("name", c.name());
            o.put("colour", String.format(Locale.ROOT, "#%06x", c.rgb()));
        }
        ObjectNode training = m.putObject("training");
        training.put("seed", seed);
        training.put("trees", trees);
        if (forest != null) {
            ObjectNode f = m.putObject("forest");
            f.put("entry", ProjectFile.FOREST);
            f.put("trainingKey", forest.trainingKey());
            ArrayNode names = f.putArray(namesField);
            forest.featureNames().forEach(names::add);
        }
    }

    private ObjectNode lane(int i) {
        DataLane lane = project.lanes().get(i);
        ObjectNode o = dataLane(lane, i, projectDir);
        SparseLabels l = project.labels(i);
        ObjectNode lo = o.putObject("labels");
        lo.put("folder", LabelBlockCodec.folder(i));
        ArrayNode bs = lo.putArray("blockShape");
        for (int e : l.blockShape()) bs.add(e);
        lo.put("blocks", l.blockCount());
        lo.put("labelledPixels", l.labelledPixels());
        ArrayNode per = lo.putArray("perClass");
        long[] counts = l.countsPerLabel();
        for (int k = 1; k <= project.classes().size(); k++) per.add(k < counts.length ? counts[k] : 0);
        return o;
    }

    /** The manifest entry of a data reference (no labels); {@code i} names its embedded copies. */
    static ObjectNode dataLane(DataLane lane, int i, Path projectDir) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", lane.name());
        ArrayNode files = o.putArray("files");
        for (int k = 0; k < lane.files().size(); k++) {
            DataFile f = lane.files().get(k);
            ObjectNode fo = files.addObject();
            fo.put("path", storedPath(f.path(), projectDir));
            fo.put("absolutePath", slashes(f.path().toString()));
            fo.put("size", f.fingerprint().size());
            fo.put("checksum", f.fingerprint().text());
            if (lane.embed()) fo.put("embeddedEntry", embeddedEntry(i, k, f));
        }
        o.put("internalPath", lane.internalPath());
        o.put("stackAlong", String.valueOf(lane.stackAlong()));
        o.put("axes", lane.axes().letters());
        ArrayNode shape = o.putArray("shape");
        for (long d : lane.shape().in(lane.axes())) shape.add(d);
        o.put("dtype", lane.dtype().numpyName());
        o.put("embedded", lane.embed());
        return o;
    }

    static ObjectNode features(FeatureSelection f) {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode ids = o.putArray("ids");
        for (FeatureId id : f.ids()) ids.add(id.name());
        ArrayNode scales = o.putArray("scales");
        for (double s : f.scales()) scales.add(s);
        ArrayNode sel = o.putArray("selection");
        for (boolean[] row : f.matrix()) {
            ArrayNode r = sel.addArray();
            for (boolean v : row) r.add(v);
        }
        boolean[] in2d = f.computeIn2d();
        if (in2d == null) {
            o.putNull("computeIn2d");
        } else {
            ArrayNode a = o.putArray("computeIn2d");
            for (boolean v : in2d) a.add(v);
        }
        return o;
    }

    static ObjectNode export(ExportSettings e) {
        ObjectNode o = JSON.createObjectNode();
        if (e.dtype() == null) o.putNull("dtype"); else o.put("dtype", e.dtype().numpyName());
        range(o, "inputRange", e.inputRange());
        range(o, "exportRange", e.exportRange());
        if (e.axisOrder() == null) o.putNull("axisOrder"); else o.put("axisOrder", e.axisOrder().letters());
        Cutout c = e.cutout();
        if (c == null) {
            o.putNull("cutout");
        } else {
            ObjectNode co = o.putObject("cutout");
            bounds(co.putArray("start"), c.start());
            bounds(co.putArray("stop"), c.stop());
        }
        o.put("format", e.format().name());
        o.put("filenameTemplate", e.filenameTemplate());
        o.put("internalPath", e.internalPath());
        return o;
    }

    private static void range(ObjectNode o, String field, DataRange r) {
        if (r == null) {
            o.putNull(field);
            return;
        }
        ArrayNode a = o.putArray(field);
        for (Number n : List.of(r.min(), r.max())) {
            // integers stay integers: numpy computes differently with (0, 255) and (0.0, 255.0)
            if (n instanceof Long l) a.add(l); else a.add(n.doubleValue());
        }
    }

    private static void bounds(ArrayNode a, List<Long> v) {
        for (Long x : v) if (x == null) a.addNull(); else a.add(x);
    }

    /**
     * The path to store for {@code file}: relative to the project's folder, with {@code /}, when the file lies under
     * it or at most {@value #MAX_PARENT_STEPS} folders up (a sibling tree such as {@code ../data/cells.tif}); else
     * absolute.
     */
    static String storedPath(Path file, Path projectDir) {
        Path f = file.toAbsolutePath().normalize();
        Path d = projectDir.toAbsolutePath().normalize();
        if (f.getRoot() != null && f.getRoot().equals(d.getRoot())) {
            Path rel = d.relativize(f);
            int up = 0;
            for (Path part : rel) {
                if (part.toString().equals("..")) up++;
                else break;
            }
            if (up <= MAX_PARENT_STEPS) return slashes(rel.toString());
        }
        return slashes(f.toString());
    }

    private static String slashes(String p) {
        return p.replace('\\', '/');
    }
}
