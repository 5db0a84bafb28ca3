package org.sylva.objects.classify;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.sylva.objects.features.ObjectFeature;
import org.sylva.objects.features.ObjectFeatureTable;
import org.sylva.pixel.LabelClass;

/**
 * ilastik's object table (spec §5.8) over one or more images: one row per object, rows ordered by image, time,
 * then object id; columns {@code object_id} (running, 0-based), {@value #SOURCE} (the raw data the object is in;
 * Sylva's addition, so one table serves a whole batch), {@code timestep}, {@code labelimage_oid},
 * {@code original_oid} (label-image inputs only), {@code User Label} (class name or {@code 0}),
 * {@code Predicted Class}, {@code Probability of <class>} per class, then the features under their display names
 * (ilastik's default features first, multi-valued ones as {@code <name>_<i>}; a display name that appears twice
 * is kept once). An immutable value, column-major.
 */
public final class ObjectTable {

    /** The column Sylva adds: the raw data file of the row's object. */
    public static final String SOURCE = "source_file";

    /** What a column holds. */
    public enum Kind {
        /** 64-bit integers. */
        INTEGER,
        /** UTF-8 text. */
        TEXT,
        /** float32 values. */
        FLOAT
    }

    /**
     * One column: its name, kind and values (a {@code long[]}, {@code String[]} or {@code float[]} of
     * {@link #rows()} entries).
     */
    public record Column(String name, Kind kind, Object values) {}

    private final List<Column> columns;
    private final int rows;

    private ObjectTable(List<Column> columns, int rows) {
        this.columns = List.copyOf(columns);
        this.rows = rows;
    }

    public List<Column> columns() { return columns; }

    public int rows() { return rows; }

    /** The column called {@code name}. */
    public Column column(String name) {
        for (Column c : columns) if (c.name().equals(name)) return c;
        throw new IllegalArgumentException("the table has no column '" + name + "'");
    }

    /** The table of {@code results} (one or several images, in order); an image without objects adds no rows. */
    public static ObjectTable of(List<ObjectResults> results) {
        if (results.isEmpty()) throw new IllegalArgumentException("no results to tabulate");
        List<LabelClass> classes = results.get(0).classes();
        boolean originals = results.stream().allMatch(r -> r.objects().hasOriginalIds());
        // the feature columns: those of the first table (all tables of a batch have the classifier's features)
        List<ObjectFeature> features = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ObjectFeature f : results.get(0).tables().get(0).features()) {
            if (f.name().endsWith(ObjectFeature.IN_OBJECT_AND_NEIGHBORHOOD)) continue;
            if (seen.add(f.displayName())) features.add(f);
        }
        int n = 0;
        for (ObjectResults r : results) for (ObjectFeatureTable t : r.tables()) n += t.objects();
        int K = classes.size();
        long[] objectId = new long[n], time = new long[n], oid = new long[n], original = new long[n];
        String[] source = new String[n], user = new String[n], predicted = new String[n];
        float[][] prob = new float[K][n];
        List<float[]> featureValues = new ArrayList<>();
        List<String> featureNames = new ArrayList<>();
        for (ObjectFeature f : features) {
            for (int i = 0; i < f.values(); i++) {
                featureValues.add(new float[n]);
                featureNames.add(f.columnName(i));
            }
        }
        int row = 0;
        for (ObjectResults r : results) {
            for (int ti = 0; ti < r.tables().size(); ti++) {
                ObjectFeatureTable t = r.tables().get(ti);
                ObjectPredictions p = r.predictions().get(ti);
                int[] labels = r.userLabels() == null ? null : r.userLabels().classOf(t.time());
                List<float[]> cols = new ArrayList<>();
                for (ObjectFeature f : features) {
                    ObjectFeature g = t.feature(f.plugin(), f.name()).orElseThrow(() -> new IllegalArgumentException(
                            r.source() + " lacks the feature " + f + " of the other images"));
                    Objects.requireNonNull(g);
                    cols.add(t.values(f.plugin(), f.name()));
                }
                for (int id = 1; id <= t.objects(); id++, row++) {
                    objectId[row] = row;
                    source[row] = r.source();
                    time[row] = t.time();
                    oid[row] = id;
                    if (originals) original[row] = r.objects().originalId(t.time(), id);
                    int u = labels == null || id >= labels.length ? 0 : labels[id];
                    user[row] = u == 0 ? "0" : classes.get(u - 1).name();
                    predicted[row] = classes.get(p.predicted(id) - 1).name();
                    for (int k = 0; k < K; k++) prob[k][row] = p.probability(id, k + 1);
                    int c = 0;
                    for (int fi = 0; fi < features.size(); fi++) {
                        int w = features.get(fi).values();
                        float[] v = cols.get(fi);
                        for (int i = 0; i < w; i++, c++) featureValues.get(c)[row] = v[(id - 1) * w + i];
                    }
                }
            }
        }
        List<Column> out = new ArrayList<>();
        out.add(new Column("object_id", Kind.INTEGER, objectId));
        out.add(new Column(SOURCE, Kind.TEXT, source));
        out.add(new Column("timestep", Kind.INTEGER, time));
        out.add(new Column("labelimage_oid", Kind.INTEGER, oid));
        if (originals) out.add(new Column("original_oid", Kind.INTEGER, original));
        out.add(new Column("User Label", Kind.TEXT, user));
        out.add(new Column("Predicted Class", Kind.TEXT, predicted));
        for (int k = 0; k < K; k++) out.add(new Column("Probability of " + classes.get(k).name(), Kind.FLOAT, prob[k]));
        for (int c = 0; c < featureNames.size(); c++) {
            out.add(new Column(featureNames.get(c), Kind.FLOAT, featureValues.get(c)));
        }
        return new ObjectTable(out, n);
    }

    /**
     * The tables one after another (e.g. of the images of a batch), {@code object_id} running on.
     *
     * @throws IllegalArgumentException if their columns differ
     */
    public static ObjectTable concat(List<ObjectTable> tables) {
        if (tables.isEmpty()) throw new IllegalArgumentException("no tables");
        ObjectTable first = tables.get(0);
        int n = 0;
        for (ObjectTable t : tables) {
            if (!t.names().equals(first.names())) {
                throw new IllegalArgumentException("tables with different columns cannot be joined: "
                        + t.names() + " vs " + first.names());
            }
            n += t.rows;
        }
        List<Column> out = new ArrayList<>();
        for (int c = 0; c < first.columns.size(); c++) {
            Column col = first.columns.get(c);
            Object values = switch (col.kind()) {
                case INTEGER -> new long[n];
                case TEXT -> new String[n];
                case FLOAT -> new float[n];
            };
            int at = 0;
            for (ObjectTable t : tables) {
                System.arraycopy(t.columns.get(c).values(), 0, values, at, t.rows);
                at += t.rows;
            }
            if (col.name().equals("object_id")) for (int r = 0; r < n; r++) ((long[]) values)[r] = r;
            out.add(new Column(col.name(), col.kind(), values));
        }
        return new ObjectTable(out, n);
    }

    /** The column names, in order. */
    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    /** The CSV text: header line, then one line per row; floats as Python prints a float32 ({@code 10.166607}). */
    public String toCsv() {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < columns.size(); c++) {
            if (c > 0) b.append(',');
            b.append(csvText(columns.get(c).name()));
        }
        b.append('\n');
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns.size(); c++) {
                if (c > 0) b.append(',');
                Column col = columns.get(c);
                switch (col.kind()) {
                    case INTEGER -> b.append(((long[]) col.values())[r]);
                    case TEXT -> b.append(csvText(((String[]) col.values())[r]));
                    case FLOAT -> b.append(python(((float[]) col.values())[r]));
                }
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** Text as a CSV field: quoted only if it holds a comma, quote or line break (ilastik never quotes). */
    static String csvText(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** A float32 as Python's {@code str(numpy.float32(v))}: shortest digits, {@code 1e-05}, {@code nan}, {@code inf}. */
    static String python(float v) {
        if (Float.isNaN(v)) return "nan";
        if (Float.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return (Float.floatToRawIntBits(v) < 0 ? "-" : "") + "0.0";
        BigDecimal d = new BigDecimal(Float.toString(v)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;     // v = m × 10^exponent, 1 ≤ |m| < 10
        if (exponent < -4 || exponent >= 16) {
            String digits = d.unscaledValue().abs().toString();
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (v < 0 ? "-" : "") + mant + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "")
                    + Math.abs(exponent);
        }
        String plain = d.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }
}
