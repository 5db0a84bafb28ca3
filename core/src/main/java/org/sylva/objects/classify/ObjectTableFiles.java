package org.sylva.objects.classify;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sylva.image.Axes;
import org.sylva.image.Calibration;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.io.AtomicOutput;
import org.sylva.io.AxisTags;
import org.sylva.io.Hdf5Tree;
import org.sylva.objects.features.ObjectFeature;
import org.sylva.objects.features.ObjectFeatureTable;

/**
 * Writes object tables as ilastik's table export does (spec §5.8): CSV, or HDF5 with the table as a compound
 * dataset {@code table} and, per row, the object's crop {@code images/<row>/labeling} (uint8, 1 = the object's
 * pixels) and {@code images/<row>/raw} (the raw data of the same region: the bounding box grown by a margin,
 * clipped to the image), in ilastik's axis order x, y[, z][, c] with singleton axes dropped. Every file is
 * written to a temporary file and renamed: a failure leaves nothing that looks complete.
 */
public final class ObjectTableFiles {

    /** One object's crop: both arrays in C order over {@code axes} with {@code dims}. */
    public record Crop(String axes, long[] dims, byte[] labeling, DType rawType, byte[] raw) {}

    private ObjectTableFiles() {}

    /** True for file names ending in {@code .h5} or {@code .hdf5}: the table is then written as HDF5. */
    public static boolean isHdf5(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".h5") || n.endsWith(".hdf5");
    }

    /**
     * The file a table named {@code path} is written to: HDF5 at the path itself; CSV, as ilastik names it, at
     * {@code <path without extension>_table.csv} ({@code cells.csv} → {@code cells_table.csv}).
     */
    public static Path target(Path path) {
        if (isHdf5(path)) return path;
        String n = path.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String base = dot > 0 ? n.substring(0, dot) : n;
        String ext = dot > 0 ? n.substring(dot) : ".csv";
        return path.resolveSibling(base + "_table" + ext);
    }

    /** Writes {@code table} as CSV to {@code file}. */
    public static void writeCsv(ObjectTable table, Path file) throws IOException {
        String text = table.toCsv();
        AtomicOutput.write(file, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code table} as HDF5 to {@code file}, with one crop per row (or no {@code images} group when
     * {@code crops} is null).
     */
    public static void writeHdf5(ObjectTable table, List<Crop> crops, Path file) throws IOException {
        if (crops != null && crops.size() != table.rows()) {
            throw new IllegalArgumentException(crops.size() + " crops for " + table.rows() + " rows");
        }
        Hdf5Tree h5 = new Hdf5Tree();
        List<Hdf5Tree.Column> cols = new ArrayList<>();
        for (ObjectTable.Column c : table.columns()) cols.add(new Hdf5Tree.Column(c.name(), c.values()));
        h5.table("table", cols, table.rows());
        if (crops != null) {
            for (int r = 0; r < crops.size(); r++) {
                Crop c = crops.get(r);
                String tags = AxisTags.of(Axes.of(c.axes()), Calibration.NONE).toJson();
                h5.array("images/" + r + "/labeling", DType.UINT8, c.dims(), c.labeling(),
                        Map.of("type", "labeling", "axistags", tags));
                h5.array("images/" + r + "/raw", c.rawType(), c.dims(), c.raw(), Map.of("type", "image", "axistags",
                        tags));
            }
        }
        AtomicOutput.write(file, h5::write);
    }

    /**
     * The crops of every object of {@code results}, in table row order: bounding box (from the default features)
     * grown by {@code margin} pixels on each side of x, y (and z for volumes), clipped to the image.
     */
    public static List<Crop> crops(ObjectResults results, int margin) {
        Image raw = results.raw();
        Image ids = results.objects().image();
        int C = raw.shape().c();
        List<Crop> out = new ArrayList<>();
        for (ObjectFeatureTable t : results.tables()) {
            int D = t.dims();
            float[] lo = t.values(ObjectFeature.DEFAULT, "Coord<Minimum>");
            float[] hi = t.values(ObjectFeature.DEFAULT, "Coord<Maximum>");
            int[] extent = {raw.shape().x(), raw.shape().y(), raw.shape().z()};
            for (int id = 1; id <= t.objects(); id++) {
                int[] a = new int[3], b = {1, 1, 1};
                for (int d = 0; d < D; d++) {
                    a[d] = Math.max(0, (int) lo[(id - 1) * D + d] - margin);
                    b[d] = Math.min(extent[d], (int) hi[(id - 1) * D + d] + margin);
                }
                if (D == 2) {
                    a[2] = 0;
                    b[2] = 1;
                }
                int nx = b[0] - a[0], ny = b[1] - a[1], nz = b[2] - a[2];
                StringBuilder axes = new StringBuilder();
                List<Long> dims = new ArrayList<>();
                if (nx > 1) { axes.append('x'); dims.add((long) nx); }
                if (ny > 1) { axes.append('y'); dims.add((long) ny); }
                if (nz > 1) { axes.append('z'); dims.add((long) nz); }
                if (C > 1) { axes.append('c'); dims.add((long) C); }
                if (axes.length() == 0) { axes.append('x'); dims.add(1L); }
                byte[] lab = new byte[nx * ny * nz];
                ByteBuffer rb = ByteBuffer.allocate(nx * ny * nz * C * raw.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
                int i = 0;
                // C order over x, y, z, c: x slowest
                for (int x = a[0]; x < b[0]; x++) {
                    for (int y = a[1]; y < b[1]; y++) {
                        for (int z = a[2]; z < b[2]; z++, i++) {
                            lab[i] = (byte) (LabelPlanes.id(ids.plane(t.time(), z), y * ids.shape().x() + x) == id ? 1 : 0);
                            for (int c = 0; c < C; c++) putSample(rb, raw, t.time(), z, y, x, c);
                        }
                    }
                }
                out.add(new Crop(axes.toString(), dims.stream().mapToLong(Long::longValue).toArray(), lab, raw.dtype(),
                        rb.array()));
            }
        }
        return out;
    }

    private static void putSample(ByteBuffer b, Image raw, int t, int z, int y, int x, int c) {
        double v = raw.get(t, z, y, x, c);
        switch (raw.dtype()) {
            case UINT8, INT8 -> b.put((byte) (long) v);
            case UINT16, INT16 -> b.putShort((short) (long) v);
            case UINT32, INT32 -> b.putInt((int) (long) v);
            case UINT64, INT64 -> b.putLong((long) v);
            case FLOAT32 -> b.putFloat((float) v);
            case FLOAT64 -> b.putDouble(v);
        }
    }
}
