package org.sylva.io.tiff;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The ImageJ {@code ImageDescription} (tag 270 of the first page): {@code key=value} lines starting with
 * {@code ImageJ=}. ImageJ stores hyperstack planes in T, Z, C order (C fastest) and describes them with
 * {@code images}, {@code channels}, {@code slices}, {@code frames}; calibration with {@code unit} (spatial, x and y
 * also come from XResolution/YResolution), {@code spacing} (z, in {@code unit}), {@code finterval} (t, in
 * {@code tunit}, default seconds).
 */
final class ImageJDescription {

    private final Map<String, String> values;

    private ImageJDescription(Map<String, String> values) {
        this.values = values;
    }

    /** True if {@code description} is an ImageJ description (as ImageJ and tifffile decide it). */
    static boolean is(String description) {
        return description != null && description.startsWith("ImageJ=");
    }

    static ImageJDescription parse(String description) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : description.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0) continue;
            m.putIfAbsent(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        return new ImageJDescription(m);
    }

    /** A positive integer value, or {@code fallback} when absent or invalid. */
    int count(String key, int fallback) {
        String v = values.get(key);
        if (v == null) return fallback;
        try {
            long n = Long.parseLong(v);
            return n >= 1 && n <= Integer.MAX_VALUE ? (int) n : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** A finite positive number, or NaN. */
    double positive(String key) {
        String v = values.get(key);
        if (v == null) return Double.NaN;
        try {
            double d = Double.parseDouble(v);
            return Double.isFinite(d) && d > 0 ? d : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** A text value with ImageJ's {@code \\uXXXX} escapes decoded, or null. */
    String text(String key) {
        String v = values.get(key);
        return v == null ? null : unescape(v);
    }

    String order() {
        String v = values.get("order");
        return v == null ? "czt" : v.toLowerCase(Locale.ROOT);
    }

    /**
     * Builds an ImageJ hyperstack description, as ImageJ's {@code FileSaver} and tifffile write it.
     *
     * @param unit spatial unit, or empty; "µm"/"um" are written as ImageJ's "micron"
     * @param spacing z step in {@code unit}, or NaN
     * @param frameInterval t step in {@code timeUnit}, or NaN
     * @param min display minimum (ignored for uint8 or when NaN)
     * @param max display maximum
     */
    static String format(int channels, int slices, int frames, String unit, double spacing, double frameInterval,
                         String timeUnit, double min, double max) {
        StringBuilder sb = new StringBuilder("ImageJ=1.11a\n");
        int images = channels * slices * frames;
        if (images > 1) sb.append("images=").append(images).append('\n');
        if (channels > 1) sb.append("channels=").append(channels).append('\n');
        if (slices > 1) sb.append("slices=").append(slices).append('\n');
        if (frames > 1) sb.append("frames=").append(frames).append('\n');
        if (images > 1) sb.append("hyperstack=true\n");
        if (channels > 1) sb.append("mode=").append(channels <= 7 ? "composite" : "grayscale").append('\n');
        if (unit != null && !unit.isEmpty()) sb.append("unit=").append(escape(imageJUnit(unit))).append('\n');
        if (Double.isFinite(spacing) && spacing > 0) sb.append("spacing=").append(spacing).append('\n');
        if (Double.isFinite(frameInterval) && frameInterval > 0) {
            sb.append("finterval=").append(frameInterval).append('\n');
            if (timeUnit != null && !timeUnit.isEmpty() && !timeUnit.equals("sec")) {
                sb.append("tunit=").append(escape(timeUnit)).append('\n');
            }
        }
        if (images > 1) sb.append("loop=false\n");
        if (Double.isFinite(min) && Double.isFinite(max)) {
            sb.append("min=").append(min).append('\n').append("max=").append(max).append('\n');
        }
        return sb.toString();
    }

    private static String imageJUnit(String unit) {
        return unit.equals("\u00b5m") || unit.equals("\u03bcm") || unit.equals("um") ? "micron" : unit;
    }

    /** ImageJ writes non-ASCII characters of text values as {@code \\uXXXX}. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (ch >= 0x20 && ch < 0x7f) sb.append(ch);
            else if (ch != '\n' && ch != '\r') sb.append(String.format("\\u%04x", (int) ch));
        }
        return sb.toString();
    }

    static String unescape(String s) {
        if (!s.contains("\\u")) return s;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && i + 6 <= s.length() && s.charAt(i + 1) == 'u') {
                try {
                    sb.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                    i += 5;
                    continue;
                } catch (NumberFormatException e) {
                    // not an escape: keep the backslash
                }
            }
            sb.append(ch);
        }
        return sb.toString();
    }
}
