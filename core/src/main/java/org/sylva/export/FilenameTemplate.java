package org.sylva.export;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ilastik's file-name templates: Python {@code str.format} placeholders filled from a map, where — like lazyflow's
 * {@code format_known_keys} — placeholders not in the map are left exactly as written ({@code {t_start}} stays
 * {@code {t_start}} when the data has no t axis). {@code {{} and {@code }}} are literal braces, a format spec
 * ({@code {slice_index:04}}, {@code {nickname:>10}}) is applied as Python applies it, a conversion
 * ({@code !r}) is ignored as format_known_keys ignores it.
 */
public final class FilenameTemplate {

    private static final Pattern SPEC = Pattern.compile("(?:(.)?([<>=^]))?([+\\- ])?(0)?(\\d+)?(?:\\.(\\d+))?([sd])?");

    private FilenameTemplate() {}

    /**
     * {@code template} with every placeholder named in {@code values} replaced by its value (Strings as they are,
     * integers in decimal, anything else by {@code toString()}); the rest kept literally.
     *
     * @param flag the flag the template came from, for error messages
     * @throws FlagException naming {@code flag} for a stray brace or a format spec that does not fit the value
     */
    public static String fill(String template, Map<String, ?> values, String flag) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = template.length();
        while (i < n) {
            char ch = template.charAt(i);
            if (ch == '}') {
                if (i + 1 < n && template.charAt(i + 1) == '}') {
                    out.append('}');
                    i += 2;
                    continue;
                }
                throw new FlagException(flag, "single '}' at position " + i + " of '" + template
                        + "' (write '}}' for a literal brace)");
            }
            if (ch != '{') {
                out.append(ch);
                i++;
                continue;
            }
            if (i + 1 < n && template.charAt(i + 1) == '{') {
                out.append('{');
                i += 2;
                continue;
            }
            // a replacement field: name [!conversion] [:spec], the spec may nest braces
            int depth = 1;
            int j = i + 1;
            while (j < n && depth > 0) {
                char c = template.charAt(j);
                if (c == '{') depth++;
                else if (c == '}') depth--;
                if (depth > 0) j++;
            }
            if (j >= n) {
                throw new FlagException(flag, "'{' at position " + i + " of '" + template + "' is never closed"
                        + " (write '{{' for a literal brace)");
            }
            String field = template.substring(i + 1, j);
            i = j + 1;
            int colon = field.indexOf(':');
            int bang = field.indexOf('!');
            int nameEnd = field.length();
            if (colon >= 0) nameEnd = colon;
            if (bang >= 0 && bang < nameEnd) nameEnd = bang;
            String name = field.substring(0, nameEnd);
            String spec = colon >= 0 ? field.substring(colon + 1) : "";
            if (values.containsKey(name)) {
                out.append(format(values.get(name), spec, name, flag));
            } else if (!name.isEmpty() || !spec.isEmpty()) {
                // format_known_keys rebuilds unknown fields as {name:spec}, dropping a conversion
                out.append('{').append(name).append(spec.isEmpty() ? "" : ":" + spec).append('}');
            }
        }
        return out.toString();
    }

    /** Python's {@code format(value, spec)} for strings and integers (the values file names are built from). */
    static String format(Object value, String spec, String name, String flag) {
        boolean integer = value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte;
        String s = integer ? Long.toString(((Number) value).longValue()) : String.valueOf(value);
        if (spec.isEmpty()) return s;
        Matcher m = SPEC.matcher(spec);
        if (!m.matches()) throw badSpec(name, spec, flag);
        String fill = m.group(1);
        String align = m.group(2);
        String sign = m.group(3);
        boolean zero = m.group(4) != null;
        int width = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
        String precision = m.group(6);
        String type = m.group(7);
        if (integer) {
            if ("s".equals(type) || precision != null) throw badSpec(name, spec, flag);
            long v = ((Number) value).longValue();
            String digits = Long.toString(Math.abs(v));
            if (v == Long.MIN_VALUE) digits = digits.substring(1);
            String signText = v < 0 ? "-" : "+".equals(sign) ? "+" : " ".equals(sign) ? " " : "";
            if (zero && fill == null) fill = "0";
            if (zero && align == null) align = "=";
            return pad(signText, digits, fill, align == null ? ">" : align, width);
        }
        if ("d".equals(type) || sign != null || "=".equals(align)) throw badSpec(name, spec, flag);
        if (precision != null) s = s.substring(0, Math.min(s.length(), Integer.parseInt(precision)));
        if (zero && fill == null) fill = "0";
        return pad("", s, fill, align == null ? "<" : align, width);
    }

    private static String pad(String sign, String body, String fill, String align, int width) {
        int missing = width - sign.length() - body.length();
        if (missing <= 0) return sign + body;
        String f = (fill == null ? " " : fill).repeat(missing);
        return switch (align) {
            case "<" -> sign + body + f;
            case ">" -> f + sign + body;
            case "=" -> sign + f + body;
            default -> {
                String left = f.substring(0, missing / 2);
                String right = f.substring(missing / 2);
                yield left + sign + body + right;
            }
        };
    }

    private static FlagException badSpec(String name, String spec, String flag) {
        return new FlagException(flag, "cannot format {" + name + "} with the format spec '" + spec + "'");
    }

    /** {@code path} with a leading {@code ~} (alone or before a separator) replaced by the home folder, as Python's {@code os.path.expanduser}. */
    public static String expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/") || path.startsWith("~" + java.io.File.separator)) {
            return System.getProperty("user.home") + path.substring(1);
        }
        return path;
    }

    /**
     * {@code template} without the extension of its last path element, as Python's {@code os.path.splitext} finds
     * it (the last dot that is not leading the name) — but only when that extension is plain text: one holding a
     * placeholder is kept. ilastik strips the extension after filling the placeholders, which cuts file names
     * whose nickname contains a dot ({@code img_1.5um} → {@code img_1.h5}, ilastik issues #2707, #2887); stripping
     * the template's own extension replaces {@code out.tif} by {@code out.h5} as ilastik does, without that bug.
     */
    public static String stripExtension(String template) {
        int slash = Math.max(template.lastIndexOf('/'), template.lastIndexOf(java.io.File.separatorChar));
        int dot = template.lastIndexOf('.');
        if (dot <= slash + 1) return template;
        // a name made only of leading dots (".hidden", "..") has no extension
        boolean allDots = true;
        for (int k = slash + 1; k < dot; k++) {
            if (template.charAt(k) != '.') {
                allDots = false;
                break;
            }
        }
        if (allDots) return template;
        String ext = template.substring(dot);
        if (ext.indexOf('{') >= 0 || ext.indexOf('}') >= 0) return template;
        return template.substring(0, dot);
    }
}
