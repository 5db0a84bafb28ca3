package org.sylva.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.sylva.image.Axes;
import org.sylva.image.Calibration;

/**
 * vigra's AxisTags as ilastik stores them in HDF5 {@code axistags} attributes and {@code .ilp} files (spec §6.1):
 * one entry per array dimension, in the array's order, with a key ({@code t z y x c}), type flags (Channels 1,
 * Space 2, Angle 4, Time 8, Frequency 16, Unknown 64), the pixel size ({@code resolution}, 0 = unknown) and a free
 * description.
 *
 * @param entries one entry per dimension, in array order
 */
public record AxisTags(List<Entry> entries) {

    /** One axis: key, vigra type flags, pixel size (0 if unknown), description. */
    public record Entry(String key, int typeFlags, double resolution, String description) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    public AxisTags {
        entries = List.copyOf(entries);
    }

    /** The tags ilastik writes for {@code axes}: standard type flags, resolutions from {@code cal} (0 if unknown). */
    public static AxisTags of(Axes axes, Calibration cal) {
        List<Entry> list = new ArrayList<>();
        for (char a : axes.letters().toCharArray()) {
            double r = cal.get(a);
            list.add(new Entry(String.valueOf(a), typeFlags(a), Double.isNaN(r) ? 0 : r, ""));
        }
        return new AxisTags(list);
    }

    /** vigra's type flags for an axis letter: t Time (8), c Channels (1), z/y/x Space (2). */
    public static int typeFlags(char axis) {
        return switch (axis) {
            case 't' -> 8;
            case 'c' -> 1;
            default -> 2;
        };
    }

    /**
     * The axis letters, in array order.
     *
     * @throws IllegalArgumentException if a key is not one of t, z, y, x, c (e.g. vigra's frequency axes) or repeats
     */
    public Axes axes() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            if (e.key.length() != 1 || Axes.CANONICAL.indexOf(e.key.charAt(0)) < 0) {
                throw new IllegalArgumentException("axis key '" + e.key + "' is not one of t, z, y, x, c");
            }
            sb.append(e.key);
        }
        return Axes.of(sb.toString());
    }

    /**
     * The pixel sizes as a calibration (axes whose resolution is 0 are unknown). AxisTags carry no units; ilastik
     * keeps them in a separate {@code axis_units} attribute, passed here (empty if absent).
     */
    public Calibration calibration(String unit, String timeUnit) {
        double[] r = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        for (Entry e : entries) {
            int i = "xyzt".indexOf(e.key);
            if (i >= 0 && e.key.length() == 1 && e.resolution > 0 && Double.isFinite(e.resolution)) r[i] = e.resolution;
        }
        return new Calibration(r[0], r[1], r[2], r[3], unit, timeUnit);
    }

    /**
     * Parses vigra's JSON ({@code {"axes": [{"key": "y", "typeFlags": 2, "resolution": 0, "description": ""}, …]}}).
     *
     * @throws IllegalArgumentException if the text is not such JSON
     */
    public static AxisTags fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("axistags are not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode axes = root == null ? null : root.get("axes");
        if (axes == null || !axes.isArray()) throw new IllegalArgumentException("axistags JSON has no \"axes\" list");
        List<Entry> list = new ArrayList<>();
        for (JsonNode a : axes) {
            JsonNode key = a.get("key");
            if (key == null || !key.isTextual()) throw new IllegalArgumentException("axistags entry without a \"key\": " + a);
            list.add(new Entry(key.asText(), a.path("typeFlags").asInt(64), a.path("resolution").asDouble(0),
                    a.path("description").asText("")));
        }
        return new AxisTags(list);
    }

    /**
     * The JSON exactly as vigra's {@code AxisTags.toJSON()} writes it (two-space indents, resolution printed like
     * C's {@code %.17g}), so files we write carry byte-identical attributes to ilastik's.
     */
    public String toJson() {
        StringBuilder s = new StringBuilder("{\n  \"axes\": [");
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            s.append(i == 0 ? "\n" : ",\n");
            s.append("    {\n");
            s.append("      \"key\": \"").append(e.key).append("\",\n");
            s.append("      \"typeFlags\": ").append(e.typeFlags).append(",\n");
            s.append("      \"resolution\": ").append(formatG17(e.resolution)).append(",\n");
            s.append("      \"description\": \"").append(e.description).append("\"\n");
            s.append("    }");
        }
        return s.append("\n  ]\n}").toString();
    }

    /** {@code v} as C's {@code printf("%.17g")} prints it (shortest form of 17 significant digits). */
    static String formatG17(double v) {
        if (v == 0 || !Double.isFinite(v)) return Double.isNaN(v) || Double.isInfinite(v) ? "0" : (1 / v < 0 ? "-0" : "0");
        BigDecimal bd = new BigDecimal(v).round(new MathContext(17, RoundingMode.HALF_EVEN));
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= 17) {
            String digits = bd.unscaledValue().abs().toString().replaceFirst("0+$", "");
            StringBuilder sb = new StringBuilder(v < 0 ? "-" : "").append(digits.charAt(0));
            if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
            sb.append('e').append(exp < 0 ? '-' : '+');
            int ae = Math.abs(exp);
            if (ae < 10) sb.append('0');
            return sb.append(ae).toString();
        }
        String plain = bd.setScale(Math.max(0, 16 - exp), RoundingMode.HALF_EVEN).toPlainString();
        if (plain.indexOf('.') >= 0) plain = plain.replaceFirst("0+$", "").replaceFirst("\\.$", "");
        return plain;
    }

    /**
     * The spatial and the time unit of ilastik's {@code axis_units} attribute (JSON such as
     * {@code {"x": "µm", "t": "sec"}}): {@code [space, time]}, empty strings where absent or unreadable.
     */
    public static String[] units(String json) {
        if (json == null) return new String[] {"", ""};
        try {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
            String space = "";
            for (String a : new String[] {"x", "y", "z"}) {
                if (space.isEmpty() && node.hasNonNull(a)) space = node.get(a).asText();
            }
            return new String[] {space, node.hasNonNull("t") ? node.get("t").asText() : ""};
        } catch (java.io.IOException | RuntimeException e) {
            return new String[] {"", ""};
        }
    }
}
