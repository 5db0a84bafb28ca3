package org.sylva.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sylva.features.FeatureSelection;
import org.sylva.image.Axes;
import org.sylva.image.Box;
import org.sylva.image.Image;
import org.sylva.image.Shape;
import org.sylva.io.DataPath;

/**
 * Format version 0 → 1 (docs/project-format.md, "Version history"). Version 0 kept its manifest in
 * {@code project.json}, one data file per lane with a whole-file CRC-32, the shape as an object of the five
 * canonical axes, features in the command-line form, class names and colours in two lists, and all label blocks of
 * a lane in one big-endian member {@code labels/<lane>.bin} on a 32-pixel grid. It stored no forest and no export
 * settings.
 */
final class MigrationV0 implements Migration {

    /** Version 0's manifest member. */
    static final String MANIFEST = "project.json";
    private static final int GRID = 32;
    private static final int BLOCK_HEADER = 7 * 4;

    @Override
    public int from() { return 0; }

    @Override
    public Document apply(Document old) throws IOException {
        Entries entries = old.entries();
        Path file = entries.file();
        Json json = new Json(file, MANIFEST);
        JsonNode m = old.manifest();
        ObjectNode out = ProjectWriter.JSON.createObjectNode();
        out.put("format", ProjectFile.FORMAT);
        out.put("version", 1);
        out.put("workflow", json.text(m, "workflow", ""));
        out.put("sylvaVersion", json.optText(m, "sylva", "", "unknown"));
        out.put("created", json.text(m, "created", ""));
        out.put("modified", json.text(m, "created", ""));
        out.put("notes", "");

        List<String> names = json.texts(m, "labelNames", "");
        ArrayNode colours = json.array(m, "labelColours", "");
        if (colours.size() != names.size()) {
            throw json.bad("labelColours", colours.size() + " colours for " + names.size() + " label names");
        }
        ArrayNode classes = out.putArray("classes");
        for (int k = 0; k < names.size(); k++) {
            ArrayNode rgb = json.array(colours.get(k), "labelColours[" + k + "]");
            if (rgb.size() != 3) throw json.bad("labelColours[" + k + "]", "expected [r, g, b], got " + rgb);
            int c = 0;
            for (int j = 0; j < 3; j++) c = c << 8 | (int) json.integer(rgb.get(j), "labelColours[" + k + "]", 0, 255);
            ObjectNode o = classes.addObject();
            o.put("name", names.get(k));
            o.put("colour", String.format(Locale.ROOT, "#%06x", c));
        }

        String featureText = json.text(m, "features", "");
        try {
            out.set("features", ProjectWriter.features(FeatureSelection.parse(featureText)));
        } catch (IllegalArgumentException e) {
            throw json.bad("features", e.getMessage());
        }
        ObjectNode training = out.putObject("training");
        training.put("seed", json.integer(m, "seed", "", Long.MIN_VALUE, Long.MAX_VALUE));
        training.put("trees", json.integer(m, "trees", "", 1, ProjectReader.MAX_TREES));

        Map<String, byte[]> added = new LinkedHashMap<>();
        List<String> hidden = new ArrayList<>(List.of(MANIFEST));
        ArrayNode lanes = out.putArray("lanes");
        ArrayNode oldLanes = json.array(m, "lanes", "");
        for (int i = 0; i < oldLanes.size(); i++) {
            JsonNode l = oldLanes.get(i);
            String p = "lanes[" + i + "]";
            ObjectNode lane = lanes.addObject();
            DataPath path = DataPath.parse(json.text(l, "path", p));
            String fileName = path.file().getFileName() == null ? "data" : path.file().getFileName().toString();
            int dot = fileName.lastIndexOf('.');
            lane.put("name", dot > 0 ? fileName.substring(0, dot) : fileName);
            ObjectNode f = lane.putArray("files").addObject();
            f.put("path", path.file().toString().replace('\\', '/'));
            f.put("size", json.integer(l, "size", p, 0, Long.MAX_VALUE));
            f.put("checksum", Fingerprint.CRC32_WHOLE + ":" + json.text(l, "crc32", p));
            lane.put("internalPath", path.internalPath());
            lane.put("stackAlong", "z");
            Axes axes;
            try {
                axes = Axes.of(json.text(l, "axes", p));
            } catch (IllegalArgumentException e) {
                throw json.bad(p + ".axes", e.getMessage());
            }
            JsonNode so = json.req(l, "shape", p);
            long[] dims = new long[axes.size()];
            for (char a : Axes.CANONICAL.toCharArray()) {
                long e = json.integer(so, String.valueOf(a), p + ".shape", 1, Integer.MAX_VALUE);
                if (axes.has(a)) dims[axes.indexOf(a)] = e;
                else if (e != 1) throw json.bad(p + ".shape", "axis " + a + " has extent " + e + " but is not in '" + axes + "'");
            }
            Shape shape;
            try {
                shape = Image.shapeOf(axes, dims);
            } catch (IllegalArgumentException e) {
                throw json.bad(p + ".shape", e.getMessage());
            }
            lane.put("axes", axes.letters());
            ArrayNode sa = lane.putArray("shape");
            for (long d : dims) sa.add(d);
            lane.put("dtype", json.text(l, "dtype", p));
            lane.put("embedded", false);

            String member = "labels/" + i + ".bin";
            SparseLabels labels = entries.has(member) ? labels(entries, member, shape) : SparseLabels.empty(shape);
            hidden.add(member);
            ObjectNode lo = lane.putObject("labels");
            lo.put("blocks", labels.blockCount());
            lo.put("labelledPixels", labels.labelledPixels());
            ArrayNode per = lo.putArray("perClass");
            long[] counts = labels.countsPerLabel();
            for (int k = 1; k <= names.size(); k++) per.add(k < counts.length ? counts[k] : 0);
            for (LabelBlock b : labels.croppedBlocks()) added.put(LabelBlockCodec.entryName(i, b), LabelBlockCodec.encode(b));
        }
        return new Document(out, new OverlayEntries(entries, added, hidden));
    }

    /** Reads version 0's label member of a lane of {@code shape}; every count and box is checked first. */
    private static SparseLabels labels(Entries entries, String member, Shape shape) throws IOException {
        Path file = entries.file();
        long gridBlocks = (long) shape.t() * ceilDiv(shape.z(), shape.z() > 1 ? GRID : 1) * ceilDiv(shape.y(), GRID)
                * ceilDiv(shape.x(), GRID);
        long perBlock = BLOCK_HEADER + (long) (shape.z() > 1 ? GRID : 1) * GRID * GRID;
        long max = Math.min(Integer.MAX_VALUE - 8, 4 + gridBlocks * perBlock);
        ByteBuffer b = ByteBuffer.wrap(entries.read(member, max));   // big endian, as version 0 wrote it
        SparseLabels.Builder builder = new SparseLabels.Builder(shape);
        try {
            int n = b.getInt();
            if (n < 0 || (long) n * BLOCK_HEADER > b.remaining()) {
                throw new ProjectFormatException(file, member + ": corrupt block count " + n);
            }
            for (int k = 0; k < n; k++) {
                int t = b.getInt(), z0 = b.getInt(), y0 = b.getInt(), x0 = b.getInt();
                int d = b.getInt(), h = b.getInt(), w = b.getInt();
                if (t < 0 || z0 < 0 || y0 < 0 || x0 < 0 || d < 1 || h < 1 || w < 1 || d > GRID || h > GRID || w > GRID
                        || t >= shape.t() || z0 + d > shape.z() || y0 + h > shape.y() || x0 + w > shape.x()) {
                    throw new ProjectFormatException(file, member + ": block " + k + " (t=" + t + " z=" + z0 + "+" + d
                            + " y=" + y0 + "+" + h + " x=" + x0 + "+" + w + ") lies outside the lane (" + shape + ")");
                }
                byte[] v = new byte[d * h * w];
                b.get(v);
                builder.add(new LabelBlock(t, new Box(z0, y0, x0, d, h, w), v));
            }
            if (b.hasRemaining()) {
                throw new ProjectFormatException(file, member + ": " + b.remaining() + " bytes after the last block");
            }
        } catch (BufferUnderflowException e) {
            throw new ProjectFormatException(file, member + ": truncated (a block ends after the end of the member)");
        }
        return builder.build();
    }

    private static long ceilDiv(int a, int b) { return (a + b - 1) / b; }
}
