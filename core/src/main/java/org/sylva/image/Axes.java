package org.sylva.image;

import java.util.Locale;

/**
 * An ordered set of axis letters drawn from {@code t, z, y, x, c} (time, depth, rows, columns, channels), e.g.
 * {@code "zyx"} or {@code "tyxc"}. The order is meaningful: it is the order of the axes in a file or in an output.
 *
 * @param letters the axis letters, each at most once
 */
public record Axes(String letters) {

    /** All five axes in Sylva's canonical order: t, z, y, x, c. */
    public static final String CANONICAL = "tzyxc";

    public Axes {
        letters = letters.toLowerCase(Locale.ROOT);
        if (letters.isEmpty()) throw new IllegalArgumentException("axes must not be empty");
        for (int i = 0; i < letters.length(); i++) {
            char a = letters.charAt(i);
            if (CANONICAL.indexOf(a) < 0) {
                throw new IllegalArgumentException("axes '" + letters + "': '" + a
                        + "' is not an axis (use letters from t, z, y, x, c)");
            }
            if (letters.indexOf(a) != i) {
                throw new IllegalArgumentException("axes '" + letters + "': axis '" + a + "' appears twice");
            }
        }
    }

    /** Parses axis letters, e.g. {@code Axes.of("zyx")}; see the constructor for validation. */
    public static Axes of(String letters) { return new Axes(letters); }

    public int size() { return letters.length(); }

    public char get(int i) { return letters.charAt(i); }

    public boolean has(char axis) { return letters.indexOf(axis) >= 0; }

    /** Position of {@code axis} in this order, or -1. */
    public int indexOf(char axis) { return letters.indexOf(axis); }

    /** These axes sorted into canonical t, z, y, x, c order. */
    public Axes canonical() {
        StringBuilder sb = new StringBuilder();
        for (char a : CANONICAL.toCharArray()) if (has(a)) sb.append(a);
        return new Axes(sb.toString());
    }

    /** These axes plus a trailing {@code c} if there is no channel axis (ilastik appends one to raw data). */
    public Axes withChannel() { return has('c') ? this : new Axes(letters + "c"); }

    /** These axes without {@code axis}. */
    public Axes without(char axis) {
        String s = letters.replace(String.valueOf(axis), "");
        return new Axes(s);
    }

    @Override
    public String toString() { return letters; }
}
